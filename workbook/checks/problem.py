"""Checks for 04_problem_definition (from "customers are leaving" to a
well-posed churn project).

The helpers run inside an ``@exercise`` test function (the exercise names the
question in every message). They receive what the student's answer returned
(plain data: it has crossed the wire, see ``wire``) or the answer itself (a
``Ref`` to call), and raise :class:`workbook.checks.CheckFailed` with a
message for the student: what was expected, what was got, and a hint. The
expected values are passed in by the test cells (references written in the
hidden parts), so nothing here is a solution. Each check also says, in its
``hidden_message``, what kind of check failed without any value: that is all
a failure in a hidden part shows.

``gantt_drawing`` is a probe (it runs where the student's code runs and
reports what their chart shows); ``ProjectCard``, ``VERDICTS`` and ``REASONS``
are imported by the notebook's setup cell."""
from __future__ import annotations

import dataclasses
import math
import numbers
import re

from .core import CheckFailed, fail, hidden_type, same, short
from .exercise import AnswerRaised, Ref, answer, call, probe, where_of
from ..messages import as_message, joined, msg

# -- 1. is ML the right tool? and 2. goal versus objectives ----------------

VERDICTS = ("ml", "rules", "reuse", "no_ml")
REASONS = {
    "ml": (None,),
    "rules": ("too_simple", "must_explain", "cost_not_justified"),
    "reuse": ("pretrained_model", "vendor_api", "buy_data"),
    "no_ml": ("no_pattern", "no_data", "catastrophic_error", "unethical"),
}


def check_decision(got, expected, *, call: str, hidden_message: str | None = None, hint: str | None = None,
                   accepted: list | tuple = ()) -> None:
    """What a rule-applying answer returned (``ml_fit``'s pair, a statement's
    kind, the missing parts of an objective) is ``expected``, or one of
    ``accepted`` (the other defensible answers: ``ml_fit``'s reuse verdict
    takes any option the scenario lists); a pair is a tuple, as the question
    says (a list is refused: issue 56). The hidden message names the rule
    that decides the case (the test cell words it), never the input or the
    expected value."""
    __tracebackhide__ = True
    if any(same(a, got) for a in accepted):
        return
    if isinstance(expected, tuple) and isinstance(got, list):
        fail(msg("{call} returned a list; the question asks for the pair (verdict, reason) as a tuple", call=call),
             hint='return ("rules", "too_simple"), with round brackets, not ["rules", "too_simple"]',
             hidden_message="ml_fit returned a list, not a tuple (verdict, reason), for another scenario")
    if isinstance(expected, tuple) and (not isinstance(got, tuple) or len(got) != len(expected)):
        fail(msg("{call} should return a pair (verdict, reason), got {got}", call=as_message(call), got=short(got)),
             hint='for example ("rules", "too_simple") or ("ml", None)',
             hidden_message="ml_fit did not return a pair (verdict, reason) for another scenario")
    if accepted and not same(expected, got):
        raise CheckFailed(msg("wrong result for {call}; any one of the expected answers is right", call=as_message(call)),
                          [expected, *accepted], got, hint, hidden_message=hidden_message)
    if not same(expected, got):
        raise CheckFailed(msg("wrong result for {call}", call=as_message(call)), expected, got, hint, hidden_message=hidden_message)


# -- 3. the label ------------------------------------------------------------

def check_labels(got, expected, *, hint: str | None = None) -> None:
    """A pandas Series of 0/1 per customer_id equal to `expected` (a dict or
    Series customer_id -> 0/1)."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.Series):
        fail(msg("churn_label should return a pandas Series indexed by customer_id, not a {name__}", name__=type(got).__name__),
             hint="for example a groupby(...).max() gives a Series",
             hidden_message="churn_label did not return a pandas Series")
    exp = dict(expected.items()) if isinstance(expected, pd.Series) else dict(expected)
    if not got.index.is_unique:
        fail("each customer_id should appear once in the index",
             hidden_message="a customer_id appears more than once in the index")
    try:
        got_d = {int(k): int(v) for k, v in got.items()}
        ok = all(got_d[int(k)] == v for k, v in got.items()) and set(got_d.values()) <= {0, 1}
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        fail(msg("the labels should be 0 or 1 and the index customer ids, got {got}", got=short(got)),
             hint="for example (gap > horizon_days).astype(int)",
             hidden_message="the labels are not 0/1 ints indexed by customer_id")
    if not all(type(v) is int for v in got.tolist()):
        fail(msg("the labels should be ints (0 or 1), not {dtype}", dtype=got.dtype),
             hint="turn booleans into 0/1 with .astype(int)",
             hidden_message="the labels are not ints (0 or 1)")
    missing = sorted(set(exp) - set(got_d))
    extra = sorted(set(got_d) - set(exp))
    if missing or extra:
        fail(msg("wrong set of customers: {n_got_d} labelled, {n_exp} expected; missing e.g. {missing}, not "
                 "expected e.g. {extra}",
                 n_got_d=len(got_d), n_exp=len(exp), missing=missing[:5], extra=extra[:5]),
             hint=hint or "label every customer with at least one order (any status) on or before ref_date, "
                          "and no one else",
             hidden_message="wrong set of customers labelled on another orders table")
    wrong = [k for k in sorted(exp) if got_d[k] != int(exp[k])]
    if wrong:
        k = wrong[0]
        raise CheckFailed(msg("{n_wrong} of {n_exp} labels are wrong; first: customer {k}", n_wrong=len(wrong), n_exp=len(exp), k=k),
                          int(exp[k]), got_d[k], hint or "churned = 1 when the last order on or before ref_date is "
                          "MORE than horizon_days before ref_date",
                          hidden_message="wrong labels on another orders table")
    if not got.index.is_monotonic_increasing:
        fail("the Series should be indexed by customer_id sorted ascending",
             hint="sort_index() sorts a Series by its index",
             hidden_message="the labels are not sorted by customer_id")


def check_predictions(got, expected, index, *,
                      hint: str | None = "predict 1 when recency_days > recency_limit OR n_orders < min_orders") -> None:
    """A pandas Series of 0/1 with the given index, equal to `expected`."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.Series):
        fail(msg("the predictions should be a pandas Series, not a {name__}", name__=type(got).__name__),
             hidden_message="the predictions are not a pandas Series")
    if len(got) != len(index) or list(got.index) != list(index):
        fail(msg("the predictions should have the same index as the features ({n_index} rows); got {n_got} rows", n_index=len(index), n_got=len(got)), hidden_message="the predictions do not have the index of the features")
    try:
        g = [int(v) for v in got]
    except (TypeError, ValueError, OverflowError):
        fail(msg("the predictions should be 0 or 1, got {got}", got=short(got)), hint="turn booleans into 0/1 with .astype(int)",
             hidden_message="the predictions are not 0/1")
    if not all(type(v) is int for v in got.tolist()):
        fail(msg("the predictions should be ints (0 or 1), not {dtype}", dtype=got.dtype), hint="turn booleans into 0/1 with .astype(int)",
             hidden_message="the predictions are not ints (0 or 1)")
    e = [int(v) for v in expected]
    wrong = [i for i, (a, b) in enumerate(zip(e, g)) if a != b]
    if wrong:
        i = wrong[0]
        where = index[i].item() if hasattr(index[i], "item") else index[i]
        raise CheckFailed(msg("{n_wrong} of {n_e} predictions are wrong; first at index {where}", n_wrong=len(wrong), n_e=len(e), where=short(where)),
                          e[i], g[i], hint, hidden_message="wrong predictions on other features or limits")


# -- 4. metrics and cost -----------------------------------------------------

def call_answer(func, *args, call: str = "", **kwargs):
    """Call the student's function; an exception becomes a short message
    naming the call (and the line of their code) instead of a traceback."""
    __tracebackhide__ = True
    try:
        return func(*args, **kwargs)
    except AnswerRaised as e:
        if call:
            e.call = call
        raise e.check_failed("a ratio whose denominator is 0 is defined as 0.0"
                             if e.is_a("ZeroDivisionError") else None) from None


REPORT_KEYS = ("tp", "fp", "fn", "tn", "precision", "recall", "f1")
_REPORT_HINTS = {
    "recall": "recall = TP / (TP + FN): of the customers who really churned, the share you flagged",
    "precision": "precision = TP / (TP + FP): of the customers you flagged, the share who churned",
    "f1": "F1 is the harmonic mean 2PR / (P + R); define it as 0.0 when P + R is 0",
}


def check_report(got, expected: dict, *, call: str = "", tol: float = 1e-9) -> None:
    __tracebackhide__ = True
    if not isinstance(got, dict):
        fail(msg("{call} should return a dict, not a {name__}", call=as_message(call), name__=type(got).__name__),
             hidden_message="binary_report did not return a dict")
    missing = [k for k in REPORT_KEYS if k not in got]
    if missing:
        fail(msg("{call}: the dict is missing the keys {missing}", call=as_message(call), missing=missing), hint=msg("keys: {REPORT_KEYS}", REPORT_KEYS=list(REPORT_KEYS)),
             hidden_message="the dict of binary_report is missing keys")
    for k in REPORT_KEYS:
        v = got[k]
        if not isinstance(v, numbers.Real) or isinstance(v, bool):
            fail(msg("{call}: {k!r} should be a number, got {v}", call=as_message(call), k=k, v=short(v)),
                 hidden_message=msg("{k!r} of binary_report is not a number", k=k))
        if k in ("tp", "fp", "fn", "tn") and not isinstance(v, numbers.Integral):
            fail(msg("{call}: {k!r} should be an int (a count), got {v}", call=as_message(call), k=k, v=short(v)),
                 hidden_message=msg("{k!r} of binary_report is not an int", k=k))
        if k in ("precision", "recall", "f1") and not isinstance(v, float):
            fail(msg("{call}: {k!r} should be a float (0.0 when undefined), got {v}", call=as_message(call), k=k, v=short(v)),
                 hidden_message=msg("{k!r} of binary_report is not a float", k=k))
        if not same(expected[k], v, tol):
            raise CheckFailed(msg("wrong {k!r} for {call}", k=k, call=as_message(call)), expected[k], v,
                              _REPORT_HINTS.get(k, "count each (true, predicted) pair: 1/1 TP, 0/1 FP, 1/0 FN, "
                                                   "0/0 TN"),
                              hidden_message=msg("wrong {k!r} from binary_report on another input", k=k))


def check_number(got, expected: float, *, what: str, tol: float = 1e-9, hint: str | None = None,
                 hidden_what: str = "result on another input", kind: type | None = None) -> None:
    """A real number (not a bool) within `tol` of `expected`; with ``kind``
    (e.g. float), of that type. ``hidden_what`` names the number without any
    value (what a hidden failure shows)."""
    __tracebackhide__ = True
    if not isinstance(got, numbers.Real) or isinstance(got, bool):
        fail(msg("the {what} should be a number, not a {name__}", what=as_message(what), name__=type(got).__name__), hint=hint,
             hidden_message=msg("the {hidden_what} is not a number", hidden_what=as_message(hidden_what)))
    if kind is not None and not isinstance(got, kind):
        fail(msg("the {what} should be a {name__}, not a {name__2}", what=as_message(what), name__=kind.__name__, name__2=type(got).__name__), hint=hint,
             hidden_message=msg("the {hidden_what} is not a {name__}", hidden_what=as_message(hidden_what), name__=kind.__name__))
    if not (math.isfinite(float(got)) or not math.isfinite(expected)) or not same(float(expected), float(got), tol):
        raise CheckFailed(msg("wrong {what}", what=as_message(what)), expected, float(got), hint, hidden_message=msg("wrong {hidden_what}", hidden_what=as_message(hidden_what)))


_Z_HINT = "z = (p_b - p_a) / sqrt(p (1 - p) (1/n_a + 1/n_b)) with the POOLED proportion p"
_P_HINT = "two-sided: p = 2 * (1 - Phi(|z|)), Phi(x) = 0.5 * (1 + erf(x / sqrt(2)))"


def check_ztest(got, expected: dict, *, call: str = "", tol: float = 1e-6) -> None:
    __tracebackhide__ = True
    if not isinstance(got, dict) or not {"z", "p_value", "reject_null"} <= set(got):
        fail(msg("{call} should return a dict with the keys \"z\", \"p_value\" and \"reject_null\"; got {got}", call=as_message(call), got=short(got)),
             hidden_message='the result is not a dict with the keys "z", "p_value" and "reject_null"')
    check_number(got["z"], expected["z"], what=msg("z for {call}", call=as_message(call)), tol=tol, hint=_Z_HINT,
                 hidden_what="z on another input")
    check_number(got["p_value"], expected["p_value"], what=msg("p-value for {call}", call=as_message(call)), tol=tol, hint=_P_HINT,
                 hidden_what="p-value on another input")
    if type(got["reject_null"]) is not bool or got["reject_null"] is not expected["reject_null"]:
        raise CheckFailed(msg("wrong decision for {call}", call=as_message(call)), expected["reject_null"], got["reject_null"],
                          "reject the null hypothesis when p_value < alpha; return a real bool",
                          hidden_message="wrong reject_null on another input (or not a real bool)")


CAMPAIGN_KEYS = ("k", "targets", "precision", "recall")
_CAMPAIGN_HINTS = {
    "k": "k = budget_krw // coupon_krw (whole coupons, rounded down), and at most the number of customers",
    "targets": "sort by score, highest first; equal scores by customer_id, smaller first; keep the first k",
    "precision": "precision@k = the churners among the k customers / k (0.0 when k is 0)",
    "recall": "recall@k = the churners among the k customers / the churners among all the customers "
              "(0.0 when nobody churned)",
}


def check_campaign(got, expected: dict, *, call: str = "") -> None:
    """What ``coupon_targets`` returned (Question 7b): a dict with the four keys of
    :data:`CAMPAIGN_KEYS`, ``k`` an int, ``targets`` a list of ints, the two rates floats; then each value that
    ``expected`` gives (the visible test of the held-out month gives no ``targets``)."""
    __tracebackhide__ = True
    if not isinstance(got, dict) or not set(CAMPAIGN_KEYS) <= set(got):
        fail(msg("{call} should return a dict with the keys \"k\", \"targets\", \"precision\" and \"recall\"; "
                 "got {got}", call=as_message(call), got=short(got)),
             hidden_message="the result of coupon_targets is not a dict with the keys \"k\", \"targets\", "
                            "\"precision\" and \"recall\"")
    if type(got["k"]) is not int:
        fail(msg("{call}: \"k\" should be an int, got {v}", call=as_message(call), v=short(got["k"])),
             hint="int(...) turns a numpy integer into an int",
             hidden_message="\"k\" of coupon_targets is not an int")
    targets = got["targets"]
    if type(targets) is not list or any(type(t) is not int for t in targets):
        fail(msg("{call}: \"targets\" should be a list of ints, got {v}", call=as_message(call), v=short(targets)),
             hint=".tolist() turns a column, an index or an array into a list of ints",
             hidden_message="\"targets\" of coupon_targets is not a list of ints")
    for key in ("precision", "recall"):
        if not isinstance(got[key], float):
            fail(msg("{call}: {key!r} should be a float, got {v}", call=as_message(call), key=key, v=short(got[key])),
                 hint="a rate is a float, 0.0 when its denominator is 0",
                 hidden_message=msg("{key!r} of coupon_targets is not a float", key=key))
    for key in CAMPAIGN_KEYS:
        if key in expected and not same(expected[key], got[key], 1e-9):
            raise CheckFailed(msg("wrong {key!r} for {call}", key=key, call=as_message(call)), expected[key],
                              got[key], _CAMPAIGN_HINTS[key],
                              hidden_message=msg("wrong {key!r} from coupon_targets on another table or budget",
                                                 key=key))


LIST_KEYS = ("targets", "precision")
_LIST_HINTS = {
    "targets": "only the customers whose marketing_opt_in is True, sorted by score, highest first; equal scores "
               "by customer_id, smaller first; keep the first k (all of them when k is larger)",
    "precision": "precision@k = the churners on the list / the customers on the list (0.0 when the list is empty)",
}


def check_campaign_list(got, expected: dict, *, call: str = "") -> None:
    """What ``campaign_list`` returned (Question 10b): a dict with the keys of :data:`LIST_KEYS`, ``targets``
    a list of ints, ``precision`` a float; then each value that ``expected`` gives (the visible test of the
    held-out month gives no ``targets``)."""
    __tracebackhide__ = True
    if not isinstance(got, dict) or not set(LIST_KEYS) <= set(got):
        fail(msg("{call} should return a dict with the keys \"targets\" and \"precision\"; got {got}",
                 call=as_message(call), got=short(got)),
             hidden_message="the result of campaign_list is not a dict with the keys \"targets\" and \"precision\"")
    targets = got["targets"]
    if type(targets) is not list or any(type(t) is not int for t in targets):
        fail(msg("{call}: \"targets\" should be a list of ints, got {v}", call=as_message(call), v=short(targets)),
             hint=".tolist() turns a column, an index or an array into a list of ints",
             hidden_message="\"targets\" of campaign_list is not a list of ints")
    if not isinstance(got["precision"], float):
        fail(msg("{call}: {key!r} should be a float, got {v}", call=as_message(call), key="precision",
                 v=short(got["precision"])),
             hint="a rate is a float, 0.0 when its denominator is 0",
             hidden_message=msg("{key!r} of campaign_list is not a float", key="precision"))
    for key in LIST_KEYS:
        if key in expected and not same(expected[key], got[key], 1e-9):
            raise CheckFailed(msg("wrong {key!r} for {call}", key=key, call=as_message(call)), expected[key],
                              got[key], _LIST_HINTS[key],
                              hidden_message=msg("wrong {key!r} from campaign_list on another table or k", key=key))


# -- 5. priorities and feasibility --------------------------------------------

def check_ranking(got, expected: list, *, tol: float = 1e-9) -> None:
    """`expected` is a list of (rank, name, score) tuples."""
    __tracebackhide__ = True
    if not isinstance(got, list):
        fail(msg("rank_projects should return a list, not a {name__}", name__=type(got).__name__),
             hidden_message="rank_projects did not return a list")
    if len(got) != len(expected):
        raise CheckFailed("wrong number of rows", len(expected), len(got), "one row per project",
                          hidden_message="wrong number of rows for other projects")
    for i, (e, g) in enumerate(zip(expected, got)):
        if not isinstance(g, tuple) or len(g) != 3:
            fail(msg("row {i} should be a tuple (rank, name, score), got {g}", i=i, g=short(g)),
                 hidden_message="a row is not a tuple (rank, name, score)")
        if not (same(e[0], g[0]) and same(e[1], g[1]) and same(e[2], g[2], tol)):
            raise CheckFailed(msg("wrong row {i} of the ranking", i=i), e, g,
                              "highest weighted mean first; equal scores share the rank (1, 2, 2, 4) and are "
                              "listed by name", hidden_message="wrong ranking of other projects or weights")


def check_failed_checks(got, expected: list, *, case: str = "") -> None:
    __tracebackhide__ = True
    if not isinstance(got, list):
        fail(msg("feasibility_review should return a list, not a {name__}", name__=type(got).__name__),
             hidden_message="feasibility_review did not return a list")
    if not same(expected, got):
        raise CheckFailed(msg("wrong failed checks{p1}", p1=msg(" for {case}", case=as_message(case)) if case else ''), expected, got,
                          "list only the checks that FAIL, in the order of the table",
                          hidden_message=msg("wrong failed checks{p1}", p1=msg(" for {case}", case=as_message(case)) if case
                                             else msg(" for another project")))


# -- 6. planning --------------------------------------------------------------

def _day(v):
    return int(v) if isinstance(v, numbers.Integral) or (isinstance(v, float) and v.is_integer()) else v


def check_schedule(got, activities: dict, start: dict, finish: dict, *, case: str = "") -> None:
    """`got` is schedule(activities): start/finish dicts must equal the
    expected ones; the critical path must be a valid one (several may exist)."""
    __tracebackhide__ = True
    where = msg(" for {case}", case=as_message(case)) if case else ""
    if not isinstance(got, dict) or not {"start", "finish", "duration", "critical_path"} <= set(got):
        fail(msg("schedule should return a dict with the keys \"start\", \"finish\", \"duration\", \"critical_path\"; "
                 "got {got}",
                 got=short(got)), hidden_message=msg("schedule did not return a dict with the four keys{where}", where=as_message(where)))
    for key, exp in (("start", start), ("finish", finish)):
        g = got[key]
        if not isinstance(g, dict):
            fail(msg("{key!r} should be a dict activity -> day, got {g}", key=key, g=short(g)),
                 hidden_message=msg("{key!r} is not a dict activity -> day{where}", key=key, where=as_message(where)))
        g = {k: _day(v) for k, v in g.items()}
        if not same(exp, g):
            bad = [k for k in exp if k not in g or not same(exp[k], g[k])]
            first = msg(" (first wrong: {activity!r})", activity=bad[0]) if bad else ""
            if key == "start":   # one message per key: "start" and "finish" are words of the sentence, not values
                shown = msg("wrong earliest start{where}{first}", where=as_message(where), first=first)
                hidden = msg("wrong earliest start times{where}", where=as_message(where))
            else:
                shown = msg("wrong earliest finish{where}{first}", where=as_message(where), first=first)
                hidden = msg("wrong earliest finish times{where}", where=as_message(where))
            raise CheckFailed(shown, exp, g, "earliest start = the latest finish among the predecessors (0 without any)",
                              hidden_message=hidden)
    total = max(finish.values())
    check_number(got["duration"], total, what=msg("project duration{where}", where=as_message(where)),
                 hidden_what=msg("project duration{where}", where=where or msg(" for another plan")))
    path = got["critical_path"]
    if not isinstance(path, list) or not path or any(not isinstance(a, str) or a not in activities for a in path):
        fail(msg("the critical path should be a non-empty list of activity names, got {path}", path=short(path)),
             hidden_message=msg("the critical path is not a non-empty list of activity names{where}", where=as_message(where)))
    problems = []
    if activities[path[0]].get("after"):
        problems.append(msg("it starts with {activity!r}, which has predecessors", activity=path[0]))
    for a, b in zip(path, path[1:]):
        if a not in activities[b].get("after", []):
            problems.append(msg("{a!r} is not a predecessor of {b!r}", a=a, b=b))
    if finish[path[-1]] != total:
        problems.append(msg("it ends with {activity!r}, which does not finish at the end of the project",
                            activity=path[-1]))
    if sum(activities[a]["duration"] for a in path) != total:
        problems.append(msg("its durations add up to {days}, not to the project duration {total}",
                            days=sum(activities[a]["duration"] for a in path), total=total))
    if problems:
        fail(msg("{path} is not a critical path{where}: {problems}", path=path, where=as_message(where),
                 problems=joined(problems, "; ")),
             hint="walk back from an activity that finishes last, each time to the predecessor that finishes "
                  "latest (the longest branch)", hidden_message=msg("the critical path is not a critical "
                                                                    "path{where}",
                                                                    where=as_message(where)))


def check_raises_value_error(func, activities: dict, *, what: str, names: str | None = None) -> None:
    """``func(activities)`` (the student's schedule) raises a ValueError with
    a message; with ``names``, a message that contains it (the unknown
    predecessor)."""
    __tracebackhide__ = True
    try:
        func(activities)
    except AnswerRaised as e:
        if e.is_a("ValueError"):
            message = str(e.info.get("message", ""))
            if not message.strip():
                fail(msg("schedule raised ValueError for {what}, but with an empty message", what=as_message(what)),
                     hint="say what is wrong, e.g. which activity",
                     hidden_message=msg("schedule raised ValueError with an empty message for {what}", what=as_message(what)))
            if names is not None and names not in message:
                fail(msg("schedule raised ValueError for {what}, but its message does not name the unknown "
                         "predecessor {names!r}: {message}",
                         what=as_message(what), names=names, message=short(message)),
                     hint="check every predecessor name first, and put the unknown one in the message",
                     hidden_message=msg("the ValueError for {what} does not name the unknown predecessor", what=as_message(what)))
            return
        if e.is_a("RecursionError"):
            fail(msg("schedule ran into a RecursionError for {what}; it should raise a ValueError", what=as_message(what)),
                 hint="detect the problem before (or while) you walk the graph",
                 hidden_message=msg("schedule ran into a RecursionError for {what}", what=as_message(what)))
        fail(msg("schedule raised {type} for {what}; it should raise a ValueError{where}", type=e.type, what=as_message(what),
                 where=where_of(e.info)),
             hint="raise ValueError('...') with a message saying what is wrong",
             hidden_message=msg("schedule raised {type} instead of ValueError for {what}", type=hidden_type(e.type),
                                what=as_message(what)))
    fail(msg("schedule did not raise for {what}; it should raise a ValueError", what=as_message(what)),
         hidden_message=msg("schedule did not raise ValueError for {what}", what=as_message(what)))


@probe
def gantt_drawing(plot_gantt, activities, sched, deadline, give_ax=False):
    """Runs with the student's code: calls plot_gantt on a fresh figure (or
    lets it make one) and reports what the returned Axes shows: its bars
    (y centre, left, right, face colour), its y tick labels (position, text),
    whether the y axis runs downwards, and the x of its vertical lines."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    before = set(plt.get_fignums())
    try:
        ax = plt.subplots()[1] if give_ax else None
        current = None if give_ax else plt.subplots()[1]  # a figure already open: not the one to draw on
        result = (plot_gantt(activities, sched, deadline, ax=ax) if give_ax
                  else plot_gantt(activities, sched, deadline))
        out = {"type": type(result).__name__, "is_axes": isinstance(result, Axes),
               "same_ax": (result is ax) if give_ax else None,
               "on_open_figure": (result is current) if not give_ax else None, "bars": [], "ticks": [],
               "inverted": False, "vlines": []}
        if isinstance(result, Axes):
            for p in result.patches:
                if isinstance(p, Rectangle) and p.get_width() > 0:
                    out["bars"].append([float(p.get_y() + p.get_height() / 2), float(p.get_x()),
                                        float(p.get_x() + p.get_width()),
                                        [round(float(c), 4) for c in to_rgba(p.get_facecolor())]])
            labels = result.get_yticklabels()
            ticks = list(result.get_yticks())
            if len(ticks) == len(labels):
                out["ticks"] = [[float(y), str(t.get_text())] for y, t in zip(ticks, labels)]
            else:
                out["ticks"] = [[float(t.get_position()[1]), str(t.get_text())] for t in labels]
            out["inverted"] = bool(result.yaxis_inverted())
            for line in result.lines:
                if isinstance(line, Line2D):
                    xs = [float(x) for x in line.get_xdata()]
                    if xs and all(x == xs[0] for x in xs):
                        out["vlines"].append(xs[0])
            for lines in result.collections:      # ax.vlines draws a LineCollection
                if isinstance(lines, LineCollection):
                    for seg in lines.get_segments():
                        xs = [float(x) for x in seg[:, 0]] if len(seg) else []
                        if xs and all(x == xs[0] for x in xs):
                            out["vlines"].append(xs[0])
        return out
    finally:
        for n in set(plt.get_fignums()) - before:
            plt.close(n)


def draw_gantt(plot_gantt, activities: dict, sched: dict, deadline, *, give_ax: bool = False,
               call_text: str = ""):
    """What the student's plot_gantt draws (the probe's observations); an
    exception in their code becomes the message."""
    __tracebackhide__ = True
    text = call_text or ("plot_gantt(activities, sched, deadline, ax=ax)" if give_ax
                         else "plot_gantt(activities, sched, deadline)")
    return call(gantt_drawing, plot_gantt, activities, sched, deadline, give_ax, what=text)


def check_gantt(seen: dict, order: list, start: dict, finish: dict, critical=(), deadline=None) -> None:
    """One horizontal bar per activity from its start to its finish, labelled
    with the activity's name on the y axis, the activities from top to bottom
    in the order of ``order``; the bars of ``critical`` in one colour, the
    others in one other colour; a vertical line at ``deadline`` (``seen``
    comes from ``draw_gantt``)."""
    __tracebackhide__ = True
    if not isinstance(seen, dict) or seen.get("is_axes") is not True:
        got = seen.get("type") if isinstance(seen, dict) else "?"
        fail(msg("plot_gantt should return the matplotlib Axes it drew on, not a {got}", got=got),
             hidden_message="plot_gantt did not return a matplotlib Axes")
    if seen.get("on_open_figure") is True:
        fail("plot_gantt(activities, sched, deadline) drew on the figure that was already open; without ax it "
             "should create a new figure", hint="if ax is None: fig, ax = plt.subplots()",
             hidden_message="without ax, plot_gantt did not create a new figure")
    bars = [b for b in seen.get("bars", []) if isinstance(b, list) and len(b) == 4]
    if len(bars) != len(start):
        raise CheckFailed("wrong number of bars", len(start), len(bars), "one ax.barh bar per activity",
                          hidden_message="wrong number of bars for another plan")
    labels = {round(float(y), 6): t for y, t in seen.get("ticks", [])}
    drawn, colour, height = {}, {}, {}
    for y, x0, x1, rgba in bars:
        name = labels.get(round(float(y), 6))
        if name is None:
            fail("a bar has no activity name at its height on the y axis",
                 hint="ax.barh(names, widths, left=starts) labels the bars by name",
                 hidden_message="a bar has no activity name on the y axis")
        drawn[name] = (round(float(x0), 9), round(float(x1), 9))
        colour[name], height[name] = tuple(rgba), float(y)
    exp = {a: (float(start[a]), float(finish[a])) for a in start}
    if set(drawn) != set(exp):
        raise CheckFailed("wrong bar labels", sorted(exp), sorted(drawn), "label each bar by its activity",
                          hidden_message="wrong bar labels for another plan")
    for a in exp:
        if not same(exp[a], drawn[a], 1e-9):
            raise CheckFailed(msg("the bar of {a!r} spans the wrong days (start, finish)", a=a), exp[a], drawn[a],
                              "left = earliest start, width = duration",
                              hidden_message="a bar spans the wrong days for another plan")
    top_down = sorted(drawn, key=lambda a: height[a], reverse=not seen.get("inverted"))
    if top_down != list(order):
        raise CheckFailed("the bars, read from top to bottom, are not in the order of the activities",
                          list(order), top_down,
                          "the first activity goes at the top: draw them in order and flip the y axis "
                          "(ax.invert_yaxis())",
                          hidden_message="the bars of another plan are not, from top to bottom, in the order "
                                         "of its activities")
    crit = [a for a in order if a in set(critical)]
    rest = [a for a in order if a not in set(critical)]
    if len({colour[a] for a in crit}) > 1 or len({colour[a] for a in rest}) > 1 or (
            crit and rest and colour[crit[0]] == colour[rest[0]]):
        fail("the critical path's bars should share one colour, and every other bar one other colour",
             hint="color=[one colour if a is on the critical path else another for a in names]",
             hidden_message="the critical path's bars of another plan are not in one colour of their own")
    if deadline is not None:
        xs = [float(x) for x in seen.get("vlines", [])]
        if not any(same(float(deadline), x, 1e-9) for x in xs):
            fail(msg("no vertical line at the deadline (day {deadline}); vertical lines at {xs}", deadline=deadline, xs=xs),
                 hint="ax.axvline(deadline) draws a vertical line across the chart",
                 hidden_message="no vertical line at the deadline of another plan")


# -- 7. the project card ------------------------------------------------------

CARD_FIELDS = ("problem", "goal", "objectives", "label", "metric", "baseline", "constraints", "risks",
               "data_sources")
CARD_LISTS = {"objectives": 2, "constraints": 1, "risks": 2, "data_sources": 1}


@dataclasses.dataclass
class ProjectCard:
    """The one-page description of an ML project, before any model."""

    problem: str
    goal: str
    objectives: list
    label: str
    metric: str
    baseline: str
    constraints: list
    risks: list
    data_sources: list


def card_dict(card) -> dict:
    """The card's fields as data: from a dict, from the student's
    ProjectCard (a Ref: each field is read from it) or from a dataclass."""
    __tracebackhide__ = True
    if isinstance(card, dict):
        d = dict(card)
    elif isinstance(card, Ref):
        d = {}
        for f in CARD_FIELDS:
            try:
                d[f] = getattr(card, f)
            except AnswerRaised:
                pass
    elif dataclasses.is_dataclass(card) and not isinstance(card, type):
        d = {f.name: getattr(card, f.name) for f in dataclasses.fields(card)}
    else:
        fail(msg("the card should be a ProjectCard (or a dict), not a {name__}", name__=type(card).__name__),
             hidden_message="the card is not a ProjectCard")
    missing = [f for f in CARD_FIELDS if f not in d]
    if missing:
        fail(msg("the card is missing the fields {missing}", missing=missing), hidden_message="the card is missing fields")
    return d


def check_card_complete(card) -> dict:
    """Every field filled: text fields a real sentence, list fields long enough."""
    __tracebackhide__ = True
    d = card_dict(card)
    for f in CARD_FIELDS:
        v = d[f]
        if f in CARD_LISTS:
            if isinstance(v, str) or not isinstance(v, (list, tuple)):
                fail(msg("{f!r} should be a list of strings, got {v}", f=f, v=short(v)),
                     hidden_message=msg("{f!r} of the card is not a list of strings", f=f))
            if len(v) < CARD_LISTS[f]:
                fail(msg("{f!r} should have at least {p2} entries, it has {n_v}", f=f, p2=CARD_LISTS[f], n_v=len(v)),
                     hidden_message=msg("{f!r} of the card has too few entries", f=f))
            for item in v:
                if not isinstance(item, str) or len(item.strip()) < 3:
                    fail(msg("{f!r}: every entry should be a non-empty string, got {item}", f=f, item=short(item)),
                         hidden_message=msg("an entry of {f!r} is not a non-empty string", f=f))
        elif f in ("metric", "baseline"):
            if not isinstance(v, str) or not v.strip():
                fail(msg("{f!r} should be the name of a function defined in this notebook, got {v}", f=f, v=short(v)),
                     hidden_message=msg("{f!r} of the card is not a name", f=f))
        elif not isinstance(v, str) or len(v.split()) < 5:
            fail(msg("{f!r} should be a sentence (five words or more), got {v}", f=f, v=short(v)),
                 hidden_message=msg("{f!r} of the card is not a sentence", f=f))
    return d


def defined_function(name: str) -> bool:
    """True when the notebook defines a function called ``name`` (looked up
    as an answer of the running exercise)."""
    try:
        answer(name, callable)
    except CheckFailed:
        return False
    return True


# What counts as a deadline in an objective, the same facts in English and in Korean (Question 13 states
# them): a date (a year, 31 December 2026, 2026년 12월 31일, by December, 12월까지), a quarter or a half
# (Q3, 3분기, 상반기), the end of a period or this/next period (by the end of the year, 연말까지, 올해), a
# milestone with before/by/at (before launch, 출시 전까지), a time limit of a duration (within 6 months,
# 6개월 이내, in the next 90 days, 앞으로 90일 안에), or a recurring window (every Monday, weekly, once a week,
# 매주 월요일, 월요일마다, 주 1회). Not a deadline: a duration alone (the label's horizon: "60-day churn rate",
# "60일 이탈률"), a target ("to 45 %", "45 %까지"), a period as an adjective ("monthly churn rate", "월간
# 이탈률"), a milestone with after ("after launch", "출시 후"), an amount (2000 KRW, 2000원).
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_UNIT = r"(?:hours?|days?|weeks?|months?|quarters?|years?)"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few)"
_KO_UNIT = r"(?:시간|일|주일?|개월|달|분기|년)"
_KO_COUNT = r"(?:\d+\s*" + _KO_UNIT + r"|일주일|보름|반년|(?:한|두|세|석|네|넉|다섯|여섯|일곱|여덟|아홉|열|열한|열두)\s*(?:달|주|해))"
_MILESTONE = r"(?:launch|release|go-live|rollout|roll-out|pilot)"
_KO_MILESTONE = r"(?:출시|오픈|런칭|론칭|배포|파일럿|정식\s*서비스)"
_DEADLINE_PARTS = (
    # a date: a year (not an amount: 2000 KRW, 2000 %), a month with a day or after by/before/in...
    r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]?\d)(?!\s*(?:%|원|krw|won|명|건|개|customers?|orders?|coupons?))",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![a-z])",
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
    rf"\b(?:by|before|until|till|in|from|since|starting|through|end\s+of)\s+(?:the\s+end\s+of\s+)?{_MONTH}(?![a-z])",
    r"(?<!\d)\d{1,2}\s*월(?!\s*(?:\d|한|두)\s*(?:회|번))",        # 12월, 3월 (not 월 2회)
    # a quarter, a half, the end of a period, this or next period
    r"\bq[1-4]\b|\bh[12]\b|\b(?:first|second|third|fourth)\s+quarter\b|\b(?:first|second)\s+half\b",
    r"(?<!\d)[1-4]\s*사?분기|상반기|하반기",
    r"\b(?:end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:year|quarter|month|half|pilot|week))\b"
    r"|\b(?:year|quarter|month)[\s-]end\b",
    r"연말|연내|월말|분기\s*말|반기\s*말|(?:올해|금년|내년|이번\s*(?:주|달|분기)|다음\s*(?:주|달|분기)|이달|내달)",
    r"\b(?:this|next)\s+(?:week|month|quarter|year)\b|\bwithin\s+the\s+(?:week|month|quarter|year)\b",
    # a milestone with before/by
    rf"\b(?:before|by|until|till|at|ahead\s+of|prior\s+to)\s+(?:the\s+)?(?:[a-z]+\s+)?{_MILESTONE}\b",
    rf"{_KO_MILESTONE}\s*(?:{_KO_COUNT}\s*)?(?:전|이전|직전|까지|때|시점|당일)",
    # a time limit: within/in + a duration
    rf"\b(?:within|in)\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+)?{_COUNT}\s+{_UNIT}\b",
    rf"{_KO_COUNT}\s*(?:이내|안에|안으로|내에|내로|만에)|앞으로\s*{_KO_COUNT}",
    # a recurring window
    rf"\b(?:every|each)\s+(?:{_COUNT}\s+)?(?:{_UNIT}|{_WEEKDAY}|morning|evening|night|business\s+day|working\s+day)\b",
    rf"\b{_WEEKDAY}s\b",
    r"\b(?:once|twice|\d+\s+times)\s+(?:a|per|every)\s+(?:hour|day|week|month|quarter|year)\b",
    r"\b(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|yearly|annually)"
    r"(?=\s*$|\s*[.,;:!?)]|\s+(?:by|at|on|from|before|until|till|in|for|and|to|with|starting|after)\b)",
    r"매\s*(?:시간|일|주|월|달|분기|년|해|영업일)|(?:시간|날|주|달|월|분기|해|년|[월화수목금토일]요일)\s*마다"
    r"|" + _KO_COUNT + r"\s*마다|(?:하루|주|월|달|한\s*달|분기|연|1년)에?\s*(?:\d+|한|두|세)\s*(?:회|번)",
)
_DEADLINE = re.compile("|".join(_DEADLINE_PARTS), re.IGNORECASE)


def has_deadline(text: str) -> bool:
    """A date or a time limit in an objective, read the same way in English
    and in Korean (the comment on ``_DEADLINE_PARTS`` lists what counts)."""
    return bool(_DEADLINE.search(text))


def states_horizon(text: str, days: int) -> bool:
    """The text states a horizon of ``days`` days: "60 days", "60-day" or
    "60일" (not "60 %", not 160 days, not 60 alone)."""
    return bool(re.search(rf"(?<![\d.,]){int(days)}(?:\s*-\s*|\s+)?(?:calendar\s+|consecutive\s+)?days?(?![a-z])"
                          rf"|(?<![\d.,]){int(days)}\s*일", text, re.IGNORECASE))


def check_card_consistent(card, *, metrics: dict, baselines, tables, horizon_days: int) -> None:
    """The card uses what the notebook defined: a metric (``metrics`` maps
    each allowed metric name to the notebook's function that computes it)
    and a baseline function that exist, data sources that are real tables,
    a label that states the horizon, measurable objectives."""
    __tracebackhide__ = True
    d = check_card_complete(card)
    if d["metric"] not in metrics:
        fail(msg("the metric {metric!r} is not one this notebook defined; use one of {metrics}", metric=d['metric'], metrics=sorted(metrics)),
             hidden_message="the card's metric is not one this notebook defined")
    func = metrics[d["metric"]]
    if not defined_function(func):
        fail(msg("the metric {metric!r} is computed by `{func}`, which is not defined in this notebook", metric=d['metric'], func=func),
             hint="answer that question first",
             hidden_message="the function that computes the card's metric is not defined in this notebook")
    if d["baseline"] not in baselines or not defined_function(d["baseline"]):
        fail(msg("the baseline {baseline!r} should name the baseline function you wrote", baseline=d['baseline']),
             hidden_message="the card's baseline does not name the baseline function you wrote")
    unknown = [s for s in d["data_sources"] if s not in tables]
    if unknown:
        fail(msg("data sources {unknown} are not tables of the shop database {tables}", unknown=unknown, tables=sorted(tables)),
             hidden_message="a data source of the card is not a table of the shop database (shop.TABLES)")
    if not states_horizon(d["label"], horizon_days):
        fail(msg("the label should state its horizon in days (\"{horizon_days} days\", \"{horizon_days}-day\" or "
                 "\"{horizon_days}일\"); a number alone or a percentage is not a horizon",
                 horizon_days=horizon_days),
             hidden_message="the card's label does not state its horizon")
    vague = [o for o in d["objectives"] if not any(ch.isdigit() for ch in o)]
    if vague:
        fail(msg("objectives should be measurable (a number and a deadline); not measurable: {vague}", vague=short(vague)),
             hidden_message="an objective of the card is not measurable (a number and a deadline)")
    undated = [o for o in d["objectives"] if not has_deadline(o)]
    if undated:
        fail(msg("objectives should have a deadline: a date (31 December 2026, Q3), a milestone with before "
                 "(before launch), a time limit (within 6 months) or a recurring window (every Monday); the "
                 "label's horizon (60-day) is not a deadline. No deadline: {undated}",
                 undated=short(undated)),
             hidden_message="an objective of the card has no deadline")
    if d["goal"].strip() in [o.strip() for o in d["objectives"]]:
        fail("the goal is repeated among the objectives",
             hidden_message="the card's goal is repeated among its objectives")
