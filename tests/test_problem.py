"""Unit tests of workbook.checks.problem (the checks of 04_problem_definition)
and workbook.data.churnproject: each check passes a good answer, fails a
plausible wrong one with a helpful message, and never shows the reference.

Checks that use the student's answer itself (call it, run a probe with it,
look up another answer) run inside an ``@exercise`` test function here, on a
namespace standing for the student's notebook: the same path as a notebook's
own run (the answers cross the wire as ``Ref``s)."""
from __future__ import annotations

import inspect
import linecache

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from workbook.checks import problem as pc  # noqa: E402
from workbook.checks import CheckFailed, exercise  # noqa: E402
from workbook.data.churnproject import holdout  # noqa: E402


@pytest.fixture(autouse=True)
def _no_open_figures():
    """Each test starts with no matplotlib figure open (another test in the
    same worker may leave one), so it can check that it closes its own."""
    plt.close("all")
    yield


def fails(func, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as e:
        func(*args, **kwargs)
    return str(e.value)


def judged(namespace: dict, test, question: str = "q0"):
    """Run ``test`` as the @exercise test function of ``question``, its
    answers looked up in ``namespace`` (a student's notebook)."""
    ns = dict(namespace, exercise=exercise)
    eval(f"exercise({question!r})", ns)(test)  # the decorator reads the answers from ns


# -- ML fit, goal and objectives: check_decision ----------------------------------

def test_decision_refuses_a_list_for_a_pair():
    """04's Question 1 asks for the pair as a tuple (issue 56: a list got full marks)."""
    assert "as a tuple" in fails(pc.check_decision, ["ml", None], ("ml", None), call="ml_fit(TYPICAL)")
    pc.check_decision(("rules", "too_simple"), ("rules", "too_simple"), call="ml_fit(B)")
    pc.check_decision(["target"], ["target"], call="missing_parts(s)")


@pytest.mark.parametrize("got, words", [
    ("ml", "should return a pair"),
    (("ml",), "should return a pair"),
    (("ml", "None"), "wrong result for ml_fit(B)"),
])
def test_decision_wrong_pair(got, words):
    assert words in fails(pc.check_decision, got, ("ml", None), call="ml_fit(B)")


def test_decision_hidden_message_names_the_rule_only():
    with pytest.raises(CheckFailed) as e:
        pc.check_decision(("ml", None), ("no_ml", "no_data"), call="ml_fit(another scenario)",
                          hidden_message="wrong result for ml_fit(...) on another scenario that check 4 decides")
    hidden = str(e.value.hidden_message)    # a message, rendered in the current language
    assert "check 4" in hidden and "no_data" not in hidden


def test_decision_accepts_every_listed_reuse_option_and_nothing_else():
    """04's Question 1: a scenario with two reuse options has two defensible answers; either gets the marks,
    a reason the scenario does not list does not, and the failure shows every accepted answer."""
    right = [("reuse", "vendor_api"), ("reuse", "pretrained_model")]
    for got in right:
        pc.check_decision(got, right[0], accepted=right[1:], call="ml_fit(K)")
    msg = fails(pc.check_decision, ("reuse", "buy_data"), right[0], accepted=right[1:], call="ml_fit(K)")
    assert "any one of the expected answers is right" in msg
    assert "pretrained_model" in msg and "vendor_api" in msg
    assert "any one" not in fails(pc.check_decision, ("ml", None), ("no_ml", "no_data"), call="ml_fit(D)")
    assert "as a tuple" in fails(pc.check_decision, ["reuse", "buy_data"], ("reuse", "vendor_api"),
                                 accepted=[("reuse", "buy_data")], call="ml_fit(K)")


def test_decision_wrong_list():
    msg = fails(pc.check_decision, ["deadline", "target"], ["target", "deadline"], call="missing_parts(g)")
    assert "wrong result for missing_parts(g)" in msg
    assert "should return a pair" not in msg


# -- labels and predictions ---------------------------------------------------------

def test_labels():
    good = pd.Series([1, 0, 0], index=[1, 2, 3])
    pc.check_labels(good, {1: 1, 2: 0, 3: 0})
    assert "ints (0 or 1)" in fails(pc.check_labels, good.astype(bool), {1: 1, 2: 0, 3: 0})
    assert "ints (0 or 1)" in fails(pc.check_labels, good.astype(float), {1: 1, 2: 0, 3: 0})
    assert "sorted ascending" in fails(pc.check_labels, pd.Series([0, 1, 0], index=[3, 1, 2]), {1: 1, 2: 0, 3: 0})
    assert "pandas Series" in fails(pc.check_labels, {1: 1}, {1: 1})
    assert "wrong set of customers" in fails(pc.check_labels, good, {1: 1, 2: 0})
    msg = fails(pc.check_labels, good, {1: 1, 2: 1, 3: 0})
    assert "1 of 3 labels are wrong; first: customer 2" in msg
    assert "0 or 1" in fails(pc.check_labels, pd.Series([0.5, 1.0], index=[1, 2]), {1: 0, 2: 1})
    assert "0 or 1" in fails(pc.check_labels, pd.Series([2, 1], index=[1, 2]), {1: 0, 2: 1})
    assert "once" in fails(pc.check_labels, pd.Series([0, 1], index=[1, 1]), {1: 0})


def test_predictions():
    idx = pd.Index([5, 6, 7])
    pc.check_predictions(pd.Series([1, 0, 1], index=idx), [1, 0, 1], idx)
    assert "same index" in fails(pc.check_predictions, pd.Series([1, 0, 1]), [1, 0, 1], idx)
    assert "first at index 6" in fails(pc.check_predictions, pd.Series([1, 1, 1], index=idx), [1, 0, 1], idx)
    assert "pandas Series" in fails(pc.check_predictions, [1, 0, 1], [1, 0, 1], idx)
    assert "ints (0 or 1)" in fails(pc.check_predictions, pd.Series([True, False, True], index=idx), [1, 0, 1], idx)


# -- metrics ------------------------------------------------------------------------

REPORT = {"tp": 2, "fp": 1, "fn": 2, "tn": 3, "precision": 2 / 3, "recall": 0.5, "f1": 4 / 7}


def test_report():
    pc.check_report(dict(REPORT), REPORT)
    msg = fails(pc.check_report, dict(REPORT, recall=0.25), REPORT, call="binary_report(...)")
    assert "wrong 'recall'" in msg and "TP / (TP + FN)" in msg
    assert "missing the keys ['f1']" in fails(pc.check_report, {k: v for k, v in REPORT.items() if k != "f1"},
                                             REPORT)
    assert "should be a number" in fails(pc.check_report, dict(REPORT, tp="2"), REPORT)
    assert "should return a dict" in fails(pc.check_report, [2, 1, 2, 3], REPORT)
    assert "should be an int (a count)" in fails(pc.check_report, dict(REPORT, tp=2.0), REPORT)
    assert "should be a float" in fails(pc.check_report, dict(REPORT, precision=0), dict(REPORT, precision=0.0))


CAMPAIGN = {"k": 3, "targets": [104, 103, 105], "precision": 2 / 3, "recall": 2 / 3}


def test_campaign_accepts_the_right_dict_and_compares_only_the_given_values():
    pc.check_campaign(dict(CAMPAIGN), CAMPAIGN)
    pc.check_campaign(dict(CAMPAIGN, targets=[1, 2, 3]), {k: v for k, v in CAMPAIGN.items() if k != "targets"})


def test_campaign_wrong_values_name_the_key_and_its_rule():
    msg = fails(pc.check_campaign, dict(CAMPAIGN, targets=[104, 107, 105]), CAMPAIGN, call="coupon_targets(...)")
    assert "wrong 'targets'" in msg and "smaller first" in msg
    assert "rounded down" in fails(pc.check_campaign, dict(CAMPAIGN, k=4), CAMPAIGN)
    assert "0.0 when nobody churned" in fails(pc.check_campaign, dict(CAMPAIGN, recall=1.0), CAMPAIGN)


def test_campaign_types():
    import numpy as np

    assert '"k" should be an int' in fails(pc.check_campaign, dict(CAMPAIGN, k=3.0), CAMPAIGN)
    assert '"k" should be an int' in fails(pc.check_campaign, dict(CAMPAIGN, k=True), CAMPAIGN)
    assert "list of ints" in fails(pc.check_campaign, dict(CAMPAIGN, targets=np.array([104, 103, 105])), CAMPAIGN)
    assert "list of ints" in fails(pc.check_campaign, dict(CAMPAIGN, targets=[np.int64(104), 103, 105]), CAMPAIGN)
    assert "should be a float" in fails(pc.check_campaign, dict(CAMPAIGN, precision=1), dict(CAMPAIGN, precision=1.0))
    assert "keys" in fails(pc.check_campaign, {"k": 3, "targets": [104, 103, 105]}, CAMPAIGN)


def test_campaign_hidden_message_shows_no_value():
    with pytest.raises(CheckFailed) as e:
        pc.check_campaign(dict(CAMPAIGN, precision=0.5), CAMPAIGN, call="coupon_targets(...)")
    hidden = str(e.value.hidden_message)
    assert "precision" in hidden and "0.5" not in hidden and "2/3" not in hidden and "0.66" not in hidden


LIST = {"targets": [105, 107], "precision": 0.5}


def test_campaign_list_accepts_the_right_dict_and_compares_only_the_given_values():
    pc.check_campaign_list(dict(LIST), LIST)
    pc.check_campaign_list(dict(LIST, targets=[1, 2]), {"precision": 0.5})


def test_campaign_list_wrong_values_name_the_key_and_the_consent_rule():
    msg = fails(pc.check_campaign_list, dict(LIST, targets=[104, 103]), LIST, call="campaign_list(toy_consent, 2)")
    assert "wrong 'targets'" in msg and "marketing_opt_in is True" in msg and "smaller first" in msg
    msg = fails(pc.check_campaign_list, dict(LIST, precision=0.2), LIST)
    assert "wrong 'precision'" in msg and "the customers on the list" in msg


def test_campaign_list_types():
    import numpy as np

    assert "list of ints" in fails(pc.check_campaign_list, dict(LIST, targets=np.array([105, 107])), LIST)
    assert "list of ints" in fails(pc.check_campaign_list, dict(LIST, targets=[np.int64(105), 107]), LIST)
    assert "should be a float" in fails(pc.check_campaign_list, dict(LIST, precision=0), dict(LIST, precision=0.0))
    assert "keys" in fails(pc.check_campaign_list, {"targets": [105, 107]}, LIST)
    assert "keys" in fails(pc.check_campaign_list, [105, 107], LIST)


def test_campaign_list_hidden_message_shows_no_value():
    with pytest.raises(CheckFailed) as e:
        pc.check_campaign_list(dict(LIST, targets=[104, 103]), LIST, call="campaign_list(...)")
    hidden = str(e.value.hidden_message)
    assert "targets" in hidden and "campaign_list" in hidden and "104" not in hidden and "105" not in hidden


def test_number_and_ztest():
    pc.check_number(7000, 7000.0, what="cost")
    assert "wrong cost" in fails(pc.check_number, 28000.0, 7000.0, what="cost")
    assert "should be a number" in fails(pc.check_number, True, 1.0, what="cost")
    pc.check_number(7000.0, 7000.0, what="cost", kind=float)
    assert "should be a float, not a int" in fails(pc.check_number, 7000, 7000.0, what="cost", kind=float)
    exp = {"z": 1.8461216762, "p_value": 0.0648745401, "reject_null": False}
    pc.check_ztest({"z": 1.84612167616, "p_value": 0.06487454015, "reject_null": False}, exp)
    assert "two-sided" in fails(pc.check_ztest, dict(exp, p_value=exp["p_value"] / 2), exp)
    assert "POOLED" in fails(pc.check_ztest, dict(exp, z=1.85), exp)
    assert "real bool" in fails(pc.check_ztest, dict(exp, reject_null=0), exp)
    assert "keys" in fails(pc.check_ztest, (1.8, 0.06, False), exp)


# -- ranking and feasibility ----------------------------------------------------------

def test_ranking():
    exp = [(1, "a", 4.0), (2, "b", 3.5), (2, "c", 3.5), (4, "d", 1.0)]
    pc.check_ranking(list(exp), exp)
    msg = fails(pc.check_ranking, exp[:3] + [(3, "d", 1.0)], exp)
    assert "row 3" in msg and "(1, 2, 2, 4)" in msg
    assert "tuple" in fails(pc.check_ranking, [list(r) for r in exp], exp)
    assert "return a list" in fails(pc.check_ranking, tuple(exp), exp)


def test_failed_checks():
    pc.check_failed_checks(["legal", "timeline"], ["legal", "timeline"])
    assert "in the order" in fails(pc.check_failed_checks, ["timeline", "legal"], ["legal", "timeline"])


# -- planning ---------------------------------------------------------------------------

ACTS = {"s": {"duration": 1, "after": []}, "short": {"duration": 2, "after": ["s"]},
        "long": {"duration": 5, "after": ["s"]}, "end": {"duration": 1, "after": ["short", "long"]}}
START = {"s": 0, "short": 1, "long": 1, "end": 6}
FINISH = {"s": 1, "short": 3, "long": 6, "end": 7}


def test_schedule_good_and_float_days():
    pc.check_schedule({"start": START, "finish": FINISH, "duration": 7,
                              "critical_path": ["s", "long", "end"]}, ACTS, START, FINISH)
    pc.check_schedule({"start": {k: float(v) for k, v in START.items()}, "finish": FINISH, "duration": 7.0,
                              "critical_path": ["s", "long", "end"]}, ACTS, START, FINISH)


def test_schedule_shorter_branch_is_not_critical():
    msg = fails(pc.check_schedule, {"start": START, "finish": FINISH, "duration": 7,
                                           "critical_path": ["s", "short", "end"]}, ACTS, START, FINISH)
    assert "not a critical path" in msg and "add up to 4" in msg


def test_schedule_wrong_times():
    msg = fails(pc.check_schedule, {"start": dict(START, end=3), "finish": FINISH, "duration": 7,
                                           "critical_path": ["s", "long", "end"]}, ACTS, START, FINISH)
    assert "first wrong: 'end'" in msg


def _raises(func, acts, what="a cycle", names=None):
    def test(schedule: callable):
        pc.check_raises_value_error(schedule, acts, what=what, names=names)
    judged({"schedule": func}, test, "q11")


def test_raises_value_error():
    def good(acts):
        raise ValueError("cycle among ['a', 'b']")

    class PlanError(ValueError):
        pass

    def subclass(acts):
        raise PlanError("a cycle")

    def silent(acts):
        return {}

    def recursive(acts):
        return recursive(acts)

    def key_error(acts):
        raise KeyError("ghost")

    def empty(acts):
        raise ValueError()

    _raises(good, {})
    _raises(subclass, {})
    assert "did not raise" in fails(_raises, silent, {})
    assert "RecursionError" in fails(_raises, recursive, {})
    assert "raised KeyError for a cycle" in fails(_raises, key_error, {})
    assert "empty message" in fails(_raises, empty, {})

    def unknown(acts):
        raise ValueError("'a' comes after unknown activity 'ghost'")

    _raises(unknown, {}, "an unknown predecessor", names="ghost")
    assert "does not name the unknown predecessor 'ghost'" in fails(_raises, good, {}, "an unknown predecessor",
                                                                      names="ghost")


def _gantt_drawn(names, widths, lefts=None, ret="ax", colors=None, line=True, flip=True):
    """A student's plot_gantt drawing the given bars (and returning ret)."""
    def plot_gantt(activities, sched, deadline, ax=None):
        if ax is None:
            fig, ax = plt.subplots()
        ax.barh(names, widths, **({"left": lefts} if lefts is not None else {}),
                **({"color": colors} if colors is not None else {}))
        if flip:
            ax.invert_yaxis()
        if line:
            ax.axvline(deadline)
        return {"ax": ax, "fig": ax.figure, "none": None}[ret]
    return plot_gantt


CRIT = ["s", "long", "end"]
COLOURS = ["red" if a in CRIT else "grey" for a in ACTS]


def _seen(plot_gantt, give_ax=False, deadline=8):
    out = {}

    def test(plot_gantt: callable):
        out["seen"] = pc.draw_gantt(plot_gantt, ACTS, {"start": START, "finish": FINISH, "duration": 7,
                                                       "critical_path": CRIT}, deadline, give_ax=give_ax)
    judged({"plot_gantt": plot_gantt}, test, "q12")
    return out["seen"]


def _check(seen, deadline=8):
    pc.check_gantt(seen, list(ACTS), START, FINISH, CRIT, deadline)


def test_gantt():
    names = list(ACTS)
    widths, lefts = [FINISH[a] - START[a] for a in names], [START[a] for a in names]
    good = _gantt_drawn(names, widths, lefts, colors=COLOURS)
    seen = _seen(good)
    assert seen["is_axes"] is True and len(seen["bars"]) == len(ACTS) and seen["same_ax"] is None
    assert seen["inverted"] is True and seen["vlines"] == [8.0]
    _check(seen)
    assert _seen(good, give_ax=True)["same_ax"] is True
    assert plt.get_fignums() == []  # the probe closes the figures it made
    no_left = _seen(_gantt_drawn(names, [FINISH[a] for a in names], colors=COLOURS))
    assert "spans the wrong days" in fails(_check, no_left)
    assert "wrong number of bars" in fails(_check, _seen(_gantt_drawn(names[:2], [1, 2])))
    assert seen["on_open_figure"] is False
    assert "top to bottom" in fails(_check, _seen(_gantt_drawn(names, widths, lefts, colors=COLOURS, flip=False)))
    assert "share one colour" in fails(_check, _seen(_gantt_drawn(names, widths, lefts)))
    mixed = ["red", "red", "blue", "red"]  # a bar off the critical path in the critical colour
    assert "share one colour" in fails(_check, _seen(_gantt_drawn(names, widths, lefts, colors=mixed)))
    assert "vertical line at the deadline" in fails(
        _check, _seen(_gantt_drawn(names, widths, lefts, colors=COLOURS, line=False)))
    assert "vertical line at the deadline" in fails(_check, _seen(good, deadline=9), deadline=8.5)

    def on_current_axes(activities, sched, deadline, ax=None):
        ax = plt.gca() if ax is None else ax
        ax.barh(names, widths, left=lefts, color=COLOURS)
        ax.invert_yaxis()
        ax.axvline(deadline)
        return ax
    current = _seen(on_current_axes)
    assert current["on_open_figure"] is True
    assert "should create a new figure" in fails(_check, current)
    assert plt.get_fignums() == []
    figure = _seen(_gantt_drawn(names, [1, 2, 3, 4], ret="fig"))
    assert "Axes" in fails(_check, figure) and "Figure" in fails(_check, figure)


def test_gantt_numeric_positions_with_tick_labels():
    def plot_gantt(activities, sched, deadline, ax=None):
        if ax is None:
            _, ax = plt.subplots()
        order = list(activities)
        for i, a in enumerate(order):
            ax.barh(-i, sched["finish"][a] - sched["start"][a], left=sched["start"][a], height=0.6,
                    color="C3" if a in sched["critical_path"] else "C0")
        ax.set_yticks([-i for i in range(len(order))], labels=order)
        ax.plot([deadline, deadline], [-len(order), 1], "k--")
        return ax
    _check(_seen(plot_gantt))

    def with_vlines(activities, sched, deadline, ax=None):   # the deadline as a LineCollection
        ax = _gantt_drawn(list(ACTS), [FINISH[a] - START[a] for a in ACTS], [START[a] for a in ACTS],
                          colors=COLOURS, line=False)(activities, sched, deadline, ax)
        ax.vlines(deadline, -0.5, len(activities) - 0.5, colors="black")
        return ax
    _check(_seen(with_vlines))


def test_gantt_error_in_the_students_code_is_the_message():
    def plot_gantt(activities, sched, deadline, ax=None):
        return sched["begin"]
    assert "plot_gantt(activities, sched, deadline) raised KeyError" in fails(_seen, plot_gantt)
    assert plt.get_fignums() == []


# -- project card ---------------------------------------------------------------------------

def _card(**changes):
    base = dict(problem="Customers stop ordering and nobody notices in time.",
                goal="Keep more customers buying so that revenue grows.",
                objectives=["Churn from 51 % to 45 % by 31 December 2026.", "Recall 0.7 by 1 September 2026."],
                label="Churned when the last order is more than 60 days before the reference date.",
                metric="expected_cost", baseline="baseline_predict",
                constraints=["PIPA legal basis."], risks=["Coupons teach waiting.", "Label drift."],
                data_sources=["orders"])
    base.update(changes)
    return pc.ProjectCard(**base)


def _expected_cost(*a):
    return 0.0


def _baseline_predict(*a):
    return None


def _binary_report(*a):
    return {}


NS = {"expected_cost": _expected_cost, "baseline_predict": _baseline_predict, "binary_report": _binary_report}
METRICS = {"expected_cost": "expected_cost", "recall": "binary_report"}
KW = dict(metrics=METRICS, baselines={"baseline_predict"}, tables={"orders", "customers"}, horizon_days=60)


def _consistent(card, ns=NS):
    def test(CARD: (pc.ProjectCard, dict)):
        pc.check_card_consistent(CARD, **KW)
    judged(dict(ns, CARD=card), test, "q13")


def _complete(card):
    def test(CARD: (pc.ProjectCard, dict)):
        pc.check_card_complete(CARD)
    judged({"CARD": card}, test, "q13")


def test_card_good_as_dataclass_and_dict():
    import dataclasses
    _consistent(_card())
    _consistent(dataclasses.asdict(_card(metric="recall")))
    pc.check_card_complete(_card())  # also outside a run, on the object itself


@pytest.mark.parametrize("changes, words", [
    (dict(goal="Grow."), "'goal' should be a sentence"),
    (dict(risks=["Only one risk."]), "at least 2"),
    (dict(objectives="Churn down by 2026."), "list of strings"),
    (dict(metric=""), "name of a function"),
])
def test_card_incomplete(changes, words):
    assert words in fails(_complete, _card(**changes))


@pytest.mark.parametrize("changes, ns, words", [
    (dict(metric="accuracy"), NS, "not one this notebook defined"),
    (dict(metric="recall"), {"baseline_predict": NS["baseline_predict"]}, "computed by `binary_report`"),
    (dict(baseline="predict everyone churns"), NS, "baseline function"),
    (dict(), {"expected_cost": NS["expected_cost"], "baseline_predict": "not a function"}, "baseline function"),
    (dict(data_sources=["orders", "clickstream"]), NS, "['clickstream']"),
    (dict(label="Churned when the customer has not ordered for a while."), NS, "horizon in days"),
    (dict(objectives=["Churn down as much as possible.", "Recall 0.7 by 2026."]), NS, "measurable"),
    (dict(objectives=["Churn from 51 % to 45 %.", "Recall 0.7 by 2026."]), NS, "No deadline:"),
])
def test_card_inconsistent(changes, ns, words):
    assert words in fails(_consistent, _card(**changes), ns)


@pytest.mark.parametrize("text, dated", [
    ("Cut churn from 51 % to 45 % by 31 December 2026.", True),
    ("Before launch, beat the baseline's expected cost by 15 % on the held-out month.", True),
    ("Deliver the list every Monday by 09:00 KST.", True),
    ("Recall 0.7 in Q3.", True),
    ("Recall 0.7 by 2026-09-01.", True),
    ("이탈률 45 %, 2026년 12월까지", True),
    ("Recall 0.7 by Sept. 1.", True),
    ("Reduce churn by 6 percentage points.", False),
    ("The model may reach a recall of 0.7.", False),
    ("Each customer gets 3 coupons.", False),
    ("Reach 3 markets with 2 juniors.", False),      # not March, not June
])
def test_objective_deadlines(text, dated):
    assert pc.has_deadline(text) is dated


DEADLINE_PAIRS = [  # (English, Korean, dated): the same objective in both editions
 ("Reduce the 60-day churn rate by 10 %.", "60일 이탈률을 10 % 낮춘다.", False),
 ("Cut the churn rate from 51 % to 45 %.", "이탈률을 51 %에서 45 %까지 낮춘다.", False),
 ("Cut the churn rate compared with the previous quarter by 5 %.", "이전 분기 대비 이탈률을 5 % 낮춘다.", False),
 ("Reduce the monthly churn rate by 10 %.", "월간 이탈률을 10 % 낮춘다.", False),
 ("Reduce churn for customers with no order for more than 60 days by 3 %.", "60일 넘게 주문이 없는 고객의 이탈을 3 % 줄인다.", False),
 ("Keep recall above 0.7 after launch.", "출시 후 재현율을 0.7 이상으로 유지한다.", False),
 ("Each customer gets 3 coupons.", "고객마다 쿠폰 3장을 받는다.", False),
 ("Send 2000 KRW coupons to 5 % of customers.", "고객의 5 %에게 2000원 쿠폰을 보낸다.", False),
 ("The model may reach a recall of 0.7.", "모델의 재현율이 0.7에 이를 수 있다.", False),
 ("Cut the 60-day churn rate from 51 % to 45 % by 31 December 2026.", "2026년 12월 31일까지 60일 이탈률을 51 %에서 45 %로 낮춘다.", True),
 ("Cut churn by 10 % by 2027.", "2027년까지 이탈률을 10 % 낮춘다.", True),
 ("Recall 0.7 by 2026-09-01.", "2026-09-01까지 재현율 0.7.", True),
 ("Recall 0.7 by December.", "12월까지 재현율 0.7.", True),
 ("Recall 0.7 by Sept. 1.", "9월 1일까지 재현율 0.7.", True),
 ("Recall 0.7 in Q3.", "3분기에 재현율 0.7.", True),
 ("Recall 0.7 in the first half.", "상반기에 재현율 0.7.", True),
 ("Recall 0.7 by the end of the year.", "연말까지 재현율 0.7.", True),
 ("Recall 0.7 this quarter.", "이번 분기에 재현율 0.7.", True),
 ("Before launch, beat the baseline's expected cost by 15 %.", "출시 전까지 베이스라인의 기대 비용을 15 % 줄인다.", True),
 ("Two weeks before the launch, recall 0.7.", "출시 2주 전까지 재현율 0.7.", True),
 ("Cut churn by 10 % within 6 months.", "6개월 이내에 이탈률을 10 % 낮춘다.", True),
 ("Cut churn by 10 % within six months.", "여섯 달 안에 이탈률을 10 % 낮춘다.", True),
 ("Cut churn by 10 % in the next 90 days.", "앞으로 90일 안에 이탈률을 10 % 낮춘다.", True),
 ("Cut the 60-day churn rate by 10 % within 60 days.", "60일 이내에 60일 이탈률을 10 % 낮춘다.", True),
 ("Deliver the list every Monday by 09:00 KST.", "매주 월요일 09:00까지 목록을 전달한다.", True),
 ("Deliver the list on Mondays, 95 % on time.", "월요일마다 목록을 전달하고 95 %는 제시간에.", True),
 ("Deliver the list weekly, 95 % on time.", "매주 목록을 전달하고 95 %는 제시간에.", True),
 ("Score all customers once a week, 95 % on time.", "주 1회 모든 고객을 점수화하고 95 %는 제시간에.", True),
 ("Score all customers every 2 weeks, 95 % on time.", "2주마다 모든 고객을 점수화하고 95 %는 제시간에.", True),
]


@pytest.mark.parametrize("en, ko, dated", DEADLINE_PAIRS, ids=[ko for _, ko, _ in DEADLINE_PAIRS])
def test_a_deadline_is_read_the_same_in_both_editions(en, ko, dated):
    """A Korean and an English student writing the same objective get the
    same verdict: the label's horizon (60-day, 60일), a target (45 %까지), a
    period as an adjective (monthly, 월간) are not deadlines; a date, a
    milestone with before, a time limit or a recurring window is, in both."""
    assert (pc.has_deadline(en), pc.has_deadline(ko)) == (dated, dated)


@pytest.mark.parametrize("label, states", [
    ("Churned when the last order is more than 60 days before the reference date.", True),
    ("1 when the customer has no order in the 60-day window before the reference date.", True),
    ("기준일 이전의 마지막 주문이 기준일보다 60일 넘게 지났으면 1입니다.", True),
    ("Churned when the customer's orders fell by 60 % before the reference date.", False),
    ("고객의 주문이 기준일 전에 60 % 넘게 줄었으면 1입니다.", False),
    ("Churned when the last order is more than 160 days before the reference date.", False),
    ("Churned when the customer has fewer than 60 orders.", False),
])
def test_the_label_states_its_horizon_in_days(label, states):
    assert pc.states_horizon(label, 60) is states


def test_a_card_with_the_horizon_as_its_only_duration_has_no_deadline_in_either_edition():
    for objective in ("Reduce the 60-day churn rate by 10 %.", "60일 이탈률을 10 % 낮춘다."):
        assert "No deadline:" in fails(_consistent, _card(objectives=[objective, "Recall 0.7 by 2026."]))
    assert "horizon in days" in fails(_consistent, _card(
        label="Churned when the customer's orders fell by 60 % before the reference date."))


def test_card_rejects_other_types():
    assert "should be a ProjectCard or dict, but it is a str" in fails(_complete, "a card")
    assert "missing the fields" in fails(_complete, {"problem": "x"})
    assert "ProjectCard" in fails(pc.check_card_complete, "a card")


def test_card_of_the_wrong_class_in_a_run():
    import dataclasses

    @dataclasses.dataclass
    class Card:
        problem: str

    assert "should be a ProjectCard or dict" in fails(_complete, Card("x"))


# -- data and hygiene -----------------------------------------------------------------------

def test_holdout_is_deterministic_and_well_formed():
    a, b, c = holdout(0), holdout(0), holdout(1)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert list(a.columns) == ["recency_days", "n_orders", "churned", "score", "marketing_opt_in"]
    assert a["marketing_opt_in"].dtype == bool and 0.6 < a["marketing_opt_in"].mean() < 0.9
    assert a.index.is_monotonic_increasing and a.index.is_unique and a.index.name == "customer_id"
    assert set(a["churned"]) == {0, 1} and 0.2 < a["churned"].mean() < 0.6
    assert a["score"].between(0, 1).all()
    # no score sits exactly on a threshold of the default 0.01 grid
    assert not any(abs(s * 100 - round(s * 100)) < 1e-9 for s in a["score"])


def test_no_solutions_in_the_package():
    import workbook.data.churnproject as cp
    text = inspect.getsource(pc) + inspect.getsource(cp)
    for name in ("def churn_label", "def baseline_predict", "def binary_report", "def expected_cost",
                 "def best_threshold", "def two_proportion_ztest", "def rank_projects", "def feasibility_review",
                 "def schedule", "def plot_gantt", "def campaign_list", "math.erf("):
        assert name not in text


def test_call_answer_turns_exceptions_into_messages():
    out = {}

    def test(binary_report: callable):
        out["sum"] = pc.call_answer(binary_report, 1, 2)
    judged({"binary_report": lambda a, b: a + b}, test, "q5")
    assert out["sum"] == 3

    def test2(binary_report: callable):
        pc.call_answer(binary_report, 0, call="binary_report(0)")
    msg = fails(judged, {"binary_report": lambda a: 1 / a}, test2, "q5")
    assert "binary_report(0) raised ZeroDivisionError" in msg and "defined as 0.0" in msg
    msg = fails(judged, {"binary_report": lambda a: a["x"]}, test2, "q5")
    assert "raised TypeError" in msg and "defined as 0.0" not in msg


# -- a failure in a hidden part shows no value --------------------------------------------------

HIDDEN_CELL = """\
from workbook.checks import exercise
from workbook.checks import problem as pc


@exercise("q3")
def test_hidden(churn_label: callable):
    pc.check_labels(churn_label(), {1: 1, 2: 0, 3: 0})
    ### BEGIN HIDDEN TESTS
    pc.check_labels(churn_label(), {1: 0, 2: 0, 3: 0})
    ### END HIDDEN TESTS
"""


def test_hidden_failures_show_no_values():
    filename = "<hidden test cell of test_problem>"
    linecache.cache[filename] = (len(HIDDEN_CELL), None, HIDDEN_CELL.splitlines(True), filename)
    try:
        ns = {"churn_label": lambda: pd.Series([1, 0, 0], index=[1, 2, 3])}
        with pytest.raises(CheckFailed) as e:
            exec(compile(HIDDEN_CELL, filename, "exec"), ns)
    finally:
        linecache.cache.pop(filename, None)
    msg = str(e.value)
    assert msg.startswith("q3: failed a hidden test: wrong labels on another orders table")
    assert "expected" not in msg and "customer 1" not in msg
