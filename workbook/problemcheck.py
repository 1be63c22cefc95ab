"""Checks for 04_problem_definition (from "customers are leaving" to a
well-posed churn project).

Each helper raises :class:`workbook.checks.CheckFailed` with a message for
the student: what was expected, what was got, and a hint. The expected values
are passed in by the test cells (literal values in hidden tests), so nothing
here is a solution. Messages name *which* item is wrong and what the answer
returned, never the reference code."""
from __future__ import annotations

import dataclasses
import math
import numbers

from .checks import CheckFailed, fail, same, short

# -- 1. is ML the right tool? ------------------------------------------------

VERDICTS = ("ml", "rules", "no_ml")
REASONS = {
    "ml": (None,),
    "rules": ("too_simple", "must_explain", "cost_not_justified"),
    "no_ml": ("no_pattern", "no_data", "catastrophic_error", "unethical"),
}


def check_ml_fit(question: str, answer, scenario_keys, expected: dict | None = None) -> None:
    """`answer` maps every scenario key to a (verdict, reason) pair that is
    valid; where `expected` gives a pair, it must match."""
    __tracebackhide__ = True
    if not isinstance(answer, dict):
        fail(question, f"the answer should be a dict, not a {type(answer).__name__}")
    keys = list(scenario_keys)
    missing = [k for k in keys if k not in answer]
    extra = [k for k in answer if k not in keys]
    if missing or extra:
        fail(question, f"the dict should have exactly the scenario keys {keys}; "
             f"missing {missing}, unexpected {[short(k) for k in extra]}")
    for k in keys:
        pair = answer[k]
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            fail(question, f"scenario {k}: the value should be a pair (verdict, reason), got {short(pair)}",
                 hint='for example ("rules", "too_simple") or ("ml", None)')
        verdict, reason = pair
        if not isinstance(verdict, str) or verdict not in VERDICTS:
            fail(question, f"scenario {k}: unknown verdict {short(verdict)}; use one of {list(VERDICTS)}")
        if reason not in REASONS[verdict] or not (reason is None or isinstance(reason, str)):
            fail(question, f"scenario {k}: reason {short(reason)} does not go with verdict {verdict!r}; "
                 f"allowed: {list(REASONS[verdict])}")
    if expected:
        wrong = [k for k in expected if tuple(answer[k]) != tuple(expected[k])]
        if wrong:
            fail(question, f"{len(wrong)} of the {len(expected)} scenarios checked here are not right: "
                 f"{', '.join(map(str, wrong))}",
                 hint="ask first: is there a pattern, and data to learn it from? then: would a rule, a person "
                      "or nothing at all be the better (or the only acceptable) choice?")


# -- 2. goal versus objectives -----------------------------------------------

def check_goal_objectives(question: str, answer, statement_keys, expected: dict | None = None) -> None:
    """`answer` = {"goal": key, "objectives": keys, "other": keys}, every
    statement used exactly once."""
    __tracebackhide__ = True
    if not isinstance(answer, dict) or set(answer) != {"goal", "objectives", "other"}:
        fail(question, 'the answer should be a dict with exactly the keys "goal", "objectives" and "other"'
             + (f"; got keys {sorted(map(str, answer))}" if isinstance(answer, dict) else
                f"; got a {type(answer).__name__}"))
    goal = answer["goal"]
    if not isinstance(goal, str):
        fail(question, f'"goal" should be ONE statement key (a str), got {short(goal)}',
             hint="a project has a single goal; several measurable objectives serve it")
    groups = {}
    for name in ("objectives", "other"):
        val = answer[name]
        if isinstance(val, str) or not isinstance(val, (list, tuple, set, frozenset)):
            fail(question, f'"{name}" should be a set or list of statement keys, got {short(val)}')
        groups[name] = list(val)
    used = [goal] + groups["objectives"] + groups["other"]
    keys = list(statement_keys)
    unknown = [k for k in used if k not in keys]
    if unknown:
        fail(question, f"unknown statement keys {unknown}; the statements are {keys}")
    twice = sorted({k for k in used if used.count(k) > 1})
    missing = [k for k in keys if k not in used]
    if twice or missing:
        fail(question, f"every statement goes in exactly one place; used twice: {twice}, not used: {missing}")
    if expected:
        wrong = []
        if goal != expected["goal"]:
            wrong.append(f"{goal} is not the goal")
        for name in ("objectives", "other"):
            for k in groups[name]:
                if k not in set(expected[name]):
                    wrong.append(f"{k} is not one of the {name}")
        if wrong:
            fail(question, "; ".join(wrong),
                 hint="the goal says why (the business outcome); an objective is measurable and has a date; "
                      "a method (a model, a library) is neither")


# -- 3. the label ------------------------------------------------------------

def check_labels(question: str, got, expected, *, hint: str | None = None) -> None:
    """A pandas Series of 0/1 per customer_id equal to `expected` (a dict or
    Series customer_id -> 0/1)."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.Series):
        fail(question, f"churn_label should return a pandas Series indexed by customer_id, "
             f"not a {type(got).__name__}", hint="for example a groupby(...).max() gives a Series")
    exp = dict(expected.items()) if isinstance(expected, pd.Series) else dict(expected)
    if not got.index.is_unique:
        fail(question, "each customer_id should appear once in the index")
    try:
        got_d = {int(k): int(v) for k, v in got.items()}
        ok = all(got_d[k] == v for k, v in got.items()) and set(got_d.values()) <= {0, 1}
    except (TypeError, ValueError):
        ok = False
    if not ok:
        fail(question, f"the labels should be 0 or 1 and the index customer ids, got {short(got)}",
             hint="for example (gap > horizon_days).astype(int)")
    missing = sorted(set(exp) - set(got_d))
    extra = sorted(set(got_d) - set(exp))
    if missing or extra:
        fail(question, f"wrong set of customers: {len(got_d)} labelled, {len(exp)} expected; "
             f"missing e.g. {missing[:5]}, not expected e.g. {extra[:5]}",
             hint=hint or "label every customer with at least one order (any status) on or before ref_date, "
                          "and no one else")
    wrong = [k for k in sorted(exp) if got_d[k] != int(exp[k])]
    if wrong:
        k = wrong[0]
        raise CheckFailed(question, f"{len(wrong)} of {len(exp)} labels are wrong; first: customer {k}",
                          int(exp[k]), got_d[k], hint or "churned = 1 when the last order on or before ref_date is "
                          "MORE than horizon_days before ref_date")


def check_predictions(question: str, got, expected, index, *,
                      hint: str | None = "predict 1 when recency_days > recency_limit OR n_orders < min_orders") -> None:
    """A pandas Series of 0/1 with the given index, equal to `expected`."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.Series):
        fail(question, f"the predictions should be a pandas Series, not a {type(got).__name__}")
    if len(got) != len(index) or list(got.index) != list(index):
        fail(question, f"the predictions should have the same index as the features "
             f"({len(index)} rows); got {len(got)} rows")
    g = [int(v) for v in got]
    e = [int(v) for v in expected]
    wrong = [i for i, (a, b) in enumerate(zip(e, g)) if a != b]
    if wrong:
        i = wrong[0]
        raise CheckFailed(question, f"{len(wrong)} of {len(e)} predictions are wrong; first at index "
                          f"{short(index[i].item() if hasattr(index[i], 'item') else index[i])}", e[i], g[i], hint)


# -- 4. metrics and cost -----------------------------------------------------

def call_answer(question: str, func, *args, call: str = "", **kwargs):
    """Call the student's function; an exception becomes a short message
    naming the call instead of a bare traceback."""
    __tracebackhide__ = True
    try:
        return func(*args, **kwargs)
    except Exception as e:
        fail(question, f"{call or getattr(func, '__name__', 'your function')} raised {type(e).__name__}: {e}",
             hint="a ratio whose denominator is 0 is defined as 0.0" if isinstance(e, ZeroDivisionError) else None)


REPORT_KEYS = ("tp", "fp", "fn", "tn", "precision", "recall", "f1")


def check_report(question: str, got, expected: dict, *, call: str = "", tol: float = 1e-9) -> None:
    __tracebackhide__ = True
    if not isinstance(got, dict):
        fail(question, f"{call} should return a dict, not a {type(got).__name__}")
    missing = [k for k in REPORT_KEYS if k not in got]
    if missing:
        fail(question, f"{call}: the dict is missing the keys {missing}", hint=f"keys: {list(REPORT_KEYS)}")
    for k in REPORT_KEYS:
        v = got[k]
        if not isinstance(v, numbers.Real) or isinstance(v, bool):
            fail(question, f"{call}: {k!r} should be a number, got {short(v)}")
        if not same(expected[k], v, tol):
            hints = {
                "recall": "recall = TP / (TP + FN): of the customers who really churned, the share you flagged",
                "precision": "precision = TP / (TP + FP): of the customers you flagged, the share who churned",
                "f1": "F1 is the harmonic mean 2PR / (P + R); define it as 0.0 when P + R is 0",
            }
            raise CheckFailed(question, f"wrong {k!r} for {call}", expected[k], v,
                              hints.get(k, "count each (true, predicted) pair: 1/1 TP, 0/1 FP, 1/0 FN, 0/0 TN"))


def check_number(question: str, got, expected: float, *, what: str, tol: float = 1e-9,
                 hint: str | None = None) -> None:
    __tracebackhide__ = True
    if not isinstance(got, numbers.Real) or isinstance(got, bool):
        fail(question, f"the {what} should be a number, not a {type(got).__name__}", hint=hint)
    if not (math.isfinite(float(got)) or not math.isfinite(expected)) or not same(float(expected), float(got), tol):
        raise CheckFailed(question, f"wrong {what}", expected, float(got), hint)


def check_ztest(question: str, got, expected: dict, *, call: str = "", tol: float = 1e-6) -> None:
    __tracebackhide__ = True
    if not isinstance(got, dict) or not {"z", "p_value", "reject_null"} <= set(got):
        fail(question, f'{call} should return a dict with the keys "z", "p_value" and "reject_null"; '
             f"got {short(got)}")
    check_number(question, got["z"], expected["z"], what=f"z for {call}", tol=tol,
                 hint="z = (p_b - p_a) / sqrt(p (1 - p) (1/n_a + 1/n_b)) with the POOLED proportion p")
    check_number(question, got["p_value"], expected["p_value"], what=f"p-value for {call}", tol=tol,
                 hint="two-sided: p = 2 * (1 - Phi(|z|)), Phi(x) = 0.5 * (1 + erf(x / sqrt(2)))")
    if type(got["reject_null"]) is not bool or got["reject_null"] is not expected["reject_null"]:
        raise CheckFailed(question, f"wrong decision for {call}", expected["reject_null"], got["reject_null"],
                          "reject the null hypothesis when p_value < alpha; return a real bool")


# -- 5. priorities and feasibility --------------------------------------------

def check_ranking(question: str, got, expected: list, *, tol: float = 1e-9) -> None:
    """`expected` is a list of (rank, name, score) tuples."""
    __tracebackhide__ = True
    if not isinstance(got, list):
        fail(question, f"rank_projects should return a list, not a {type(got).__name__}")
    if len(got) != len(expected):
        raise CheckFailed(question, "wrong number of rows", len(expected), len(got), "one row per project")
    for i, (e, g) in enumerate(zip(expected, got)):
        if not isinstance(g, tuple) or len(g) != 3:
            fail(question, f"row {i} should be a tuple (rank, name, score), got {short(g)}")
        if not (same(e[0], g[0]) and same(e[1], g[1]) and same(e[2], g[2], tol)):
            raise CheckFailed(question, f"wrong row {i} of the ranking", e, g,
                              "highest weighted mean first; equal scores share the rank (1, 2, 2, 4) and are "
                              "listed by name")


def check_failed_checks(question: str, got, expected: list, *, case: str = "") -> None:
    __tracebackhide__ = True
    if not isinstance(got, list):
        fail(question, f"feasibility_review should return a list, not a {type(got).__name__}")
    if not same(expected, got):
        raise CheckFailed(question, f"wrong failed checks{' for ' + case if case else ''}", expected, got,
                          "list only the checks that FAIL, in the order of the table")


# -- 6. planning --------------------------------------------------------------

def check_schedule(question: str, got, activities: dict, start: dict, finish: dict, *,
                   case: str = "") -> None:
    """`got` is schedule(activities): start/finish dicts must equal the
    expected ones; the critical path must be a valid one (several may exist)."""
    __tracebackhide__ = True
    where = f" for {case}" if case else ""
    if not isinstance(got, dict) or not {"start", "finish", "duration", "critical_path"} <= set(got):
        fail(question, 'schedule should return a dict with the keys "start", "finish", "duration", '
             f'"critical_path"; got {short(got)}')
    for key, exp in (("start", start), ("finish", finish)):
        g = got[key]
        if not isinstance(g, dict):
            fail(question, f"{key!r} should be a dict activity -> day, got {short(g)}")
        g = {k: (int(v) if isinstance(v, numbers.Integral) or (isinstance(v, float) and v.is_integer()) else v)
             for k, v in g.items()}
        if not same(exp, g):
            bad = [k for k in exp if k not in g or not same(exp[k], g[k])]
            raise CheckFailed(question, f"wrong earliest {key}{where}" + (f" (first wrong: {bad[0]!r})" if bad else ""),
                              exp, g, "earliest start = the latest finish among the predecessors (0 without any)")
    total = max(finish.values())
    check_number(question, got["duration"], total, what=f"project duration{where}")
    path = got["critical_path"]
    if not isinstance(path, list) or not path or any(not isinstance(a, str) or a not in activities for a in path):
        fail(question, f"the critical path should be a non-empty list of activity names, got {short(path)}")
    problems = []
    if activities[path[0]].get("after"):
        problems.append(f"it starts with {path[0]!r}, which has predecessors")
    for a, b in zip(path, path[1:]):
        if a not in activities[b].get("after", []):
            problems.append(f"{a!r} is not a predecessor of {b!r}")
    if finish[path[-1]] != total:
        problems.append(f"it ends with {path[-1]!r}, which does not finish at the end of the project")
    if sum(activities[a]["duration"] for a in path) != total:
        problems.append(f"its durations add up to {sum(activities[a]['duration'] for a in path)}, "
                        f"not to the project duration {total}")
    if problems:
        fail(question, f"{path} is not a critical path{where}: " + "; ".join(problems),
             hint="walk back from an activity that finishes last, each time to the predecessor that finishes "
                  "latest (the longest branch)")


def check_raises_value_error(question: str, func, activities: dict, *, what: str) -> None:
    __tracebackhide__ = True
    try:
        func(activities)
    except ValueError as e:
        if not str(e).strip():
            fail(question, f"schedule raised ValueError for {what}, but with an empty message",
                 hint="say what is wrong, e.g. which activity")
        return
    except RecursionError:
        fail(question, f"schedule ran into a RecursionError for {what}; it should raise a ValueError",
             hint="detect the problem before (or while) you walk the graph")
    except Exception as e:
        fail(question, f"schedule raised {type(e).__name__} for {what}; it should raise a ValueError",
             hint="raise ValueError('...') with a message saying what is wrong")
    fail(question, f"schedule did not raise for {what}; it should raise a ValueError")


def check_gantt(question: str, ax, start: dict, finish: dict) -> None:
    """One horizontal bar per activity from its start to its finish, labelled
    with the activity's name on the y axis."""
    __tracebackhide__ = True
    from matplotlib.axes import Axes
    from matplotlib.patches import Rectangle
    if not isinstance(ax, Axes):
        fail(question, f"plot_gantt should return the matplotlib Axes it drew on, not a {type(ax).__name__}")
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    if len(bars) != len(start):
        raise CheckFailed(question, "wrong number of bars", len(start), len(bars), "one ax.barh bar per activity")
    labels = {round(t.get_position()[1], 6): t.get_text() for t in ax.get_yticklabels()}
    ticks = list(ax.get_yticks())
    if len(ticks) == len(ax.get_yticklabels()):
        labels = {round(float(y), 6): t.get_text() for y, t in zip(ticks, ax.get_yticklabels())}
    seen = {}
    for b in bars:
        y = round(b.get_y() + b.get_height() / 2, 6)
        name = labels.get(y)
        if name is None:
            fail(question, "a bar has no activity name at its height on the y axis",
                 hint="ax.barh(names, widths, left=starts) labels the bars by name")
        seen[name] = (round(float(b.get_x()), 9), round(float(b.get_x() + b.get_width()), 9))
    exp = {a: (float(start[a]), float(finish[a])) for a in start}
    if set(seen) != set(exp):
        raise CheckFailed(question, "wrong bar labels", sorted(exp), sorted(seen), "label each bar by its activity")
    for a in exp:
        if not same(exp[a], seen[a], 1e-9):
            raise CheckFailed(question, f"the bar of {a!r} spans the wrong days (start, finish)", exp[a], seen[a],
                              "left = earliest start, width = duration")


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


def card_dict(question: str, card) -> dict:
    __tracebackhide__ = True
    if dataclasses.is_dataclass(card) and not isinstance(card, type):
        d = {f.name: getattr(card, f.name) for f in dataclasses.fields(card)}
    elif isinstance(card, dict):
        d = dict(card)
    else:
        fail(question, f"the card should be a ProjectCard (or a dict), not a {type(card).__name__}")
    missing = [f for f in CARD_FIELDS if f not in d]
    if missing:
        fail(question, f"the card is missing the fields {missing}")
    return d


def check_card_complete(question: str, card) -> dict:
    """Every field filled: text fields a real sentence, list fields long enough."""
    __tracebackhide__ = True
    d = card_dict(question, card)
    for f in CARD_FIELDS:
        v = d[f]
        if f in CARD_LISTS:
            if isinstance(v, str) or not isinstance(v, (list, tuple)):
                fail(question, f"{f!r} should be a list of strings, got {short(v)}")
            if len(v) < CARD_LISTS[f]:
                fail(question, f"{f!r} should have at least {CARD_LISTS[f]} entries, it has {len(v)}")
            for item in v:
                if not isinstance(item, str) or len(item.strip()) < 3:
                    fail(question, f"{f!r}: every entry should be a non-empty string, got {short(item)}")
        elif f in ("metric", "baseline"):
            if not isinstance(v, str) or not v.strip():
                fail(question, f"{f!r} should be the name of a function defined in this notebook, got {short(v)}")
        elif not isinstance(v, str) or len(v.split()) < 5:
            fail(question, f"{f!r} should be a sentence (five words or more), got {short(v)}")
    return d


def check_card_consistent(question: str, card, namespace: dict, *, metrics: dict, baselines, tables,
                          horizon_days: int) -> None:
    """The card uses what the notebook defined: a metric (``metrics`` maps
    each allowed metric name to the function of the notebook that computes
    it) and a baseline function that exist, data sources that are real
    tables, a label that states the horizon, measurable objectives."""
    __tracebackhide__ = True
    d = check_card_complete(question, card)
    if d["metric"] not in metrics:
        fail(question, f"the metric {d['metric']!r} is not one this notebook defined; use one of {sorted(metrics)}")
    func = metrics[d["metric"]]
    if not callable(namespace.get(func)):
        fail(question, f"the metric {d['metric']!r} is computed by `{func}`, which is not defined in this notebook",
             hint="answer that question first")
    if d["baseline"] not in baselines or not callable(namespace.get(d["baseline"])):
        fail(question, f"the baseline {d['baseline']!r} should name the baseline function you wrote")
    unknown = [s for s in d["data_sources"] if s not in tables]
    if unknown:
        fail(question, f"data sources {unknown} are not tables of the shop database {sorted(tables)}")
    if str(horizon_days) not in d["label"]:
        fail(question, f"the label should state its horizon ({horizon_days} days)")
    vague = [o for o in d["objectives"] if not any(ch.isdigit() for ch in o)]
    if vague:
        fail(question, f"objectives should be measurable (a number and a date); not measurable: {short(vague)}")
    if d["goal"].strip() in [o.strip() for o in d["objectives"]]:
        fail(question, "the goal is repeated among the objectives")
