"""Unit tests of workbook.problemcheck (the checks of 04_problem_definition)
and workbook.data.churnproject: each check passes a good answer, fails a
plausible wrong one with a helpful message, and never shows the reference."""
from __future__ import annotations

import inspect

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from workbook import problemcheck as pc  # noqa: E402
from workbook.checks import CheckFailed  # noqa: E402
from workbook.data.churnproject import holdout  # noqa: E402

KEYS = ["A", "B", "C"]
FIT = {"A": ("ml", None), "B": ("rules", "too_simple"), "C": ("no_ml", "no_pattern")}


def fails(func, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as e:
        func(*args, **kwargs)
    return str(e.value)


# -- ML fit ---------------------------------------------------------------------

def test_ml_fit_accepts_lists_and_tuples():
    pc.check_ml_fit("q1", {"A": ["ml", None], "B": ("rules", "too_simple"), "C": ("no_ml", "no_pattern")},
                    KEYS, expected=FIT)


@pytest.mark.parametrize("answer, words", [
    ("ml", "should be a dict"),
    ({"A": ("ml", None), "B": ("rules", "too_simple")}, "missing ['C']"),
    (dict(FIT, C="no_ml"), "pair"),
    (dict(FIT, C=("maybe", None)), "unknown verdict"),
    (dict(FIT, C=("no_ml", "too_simple")), "does not go with"),
    (dict(FIT, A=("ml", "no_data")), "does not go with"),
])
def test_ml_fit_shape_errors(answer, words):
    assert words in fails(pc.check_ml_fit, "q1", answer, KEYS)


def test_ml_fit_wrong_names_scenario_not_answer():
    msg = fails(pc.check_ml_fit, "q1", dict(FIT, C=("rules", "must_explain")), KEYS, expected=FIT)
    assert "C" in msg and "1 of the 3" in msg
    assert "no_pattern" not in msg  # the expected reason is not revealed


# -- goal and objectives ----------------------------------------------------------

STMTS = ["a", "b", "c", "d"]
GOOD = {"goal": "a", "objectives": {"b", "c"}, "other": {"d"}}


def test_goal_objectives_good_and_lists():
    pc.check_goal_objectives("q2", GOOD, STMTS, expected=GOOD)
    pc.check_goal_objectives("q2", {"goal": "a", "objectives": ["c", "b"], "other": ("d",)}, STMTS, expected=GOOD)


@pytest.mark.parametrize("answer, words", [
    ({"goal": "a", "objectives": {"b", "c"}}, "exactly the keys"),
    ({"goal": ["a"], "objectives": {"b", "c"}, "other": {"d"}}, "ONE statement"),
    ({"goal": "a", "objectives": "bc", "other": {"d"}}, "set or list"),
    ({"goal": "a", "objectives": {"b", "c", "x"}, "other": {"d"}}, "unknown"),
    ({"goal": "a", "objectives": {"a", "b", "c"}, "other": {"d"}}, "used twice"),
    ({"goal": "a", "objectives": {"b"}, "other": {"d"}}, "not used: ['c']"),
])
def test_goal_objectives_shape(answer, words):
    assert words in fails(pc.check_goal_objectives, "q2", answer, STMTS)


def test_goal_objectives_wrong_placement():
    msg = fails(pc.check_goal_objectives, "q2", {"goal": "a", "objectives": {"b", "d"}, "other": {"c"}}, STMTS,
                expected=GOOD)
    assert "d is not one of the objectives" in msg and "c is not one of the other" in msg


# -- labels and predictions ---------------------------------------------------------

def test_labels():
    good = pd.Series([0, 1, 0], index=[3, 1, 2])
    pc.check_labels("q3", good, {1: 1, 2: 0, 3: 0})
    pc.check_labels("q3", good.astype(bool), {1: 1, 2: 0, 3: 0})
    assert "pandas Series" in fails(pc.check_labels, "q3", {1: 1}, {1: 1})
    assert "wrong set of customers" in fails(pc.check_labels, "q3", good, {1: 1, 2: 0})
    msg = fails(pc.check_labels, "q3", good, {1: 1, 2: 1, 3: 0})
    assert "1 of 3 labels are wrong; first: customer 2" in msg
    assert "0 or 1" in fails(pc.check_labels, "q3", pd.Series([0.5, 1.0], index=[1, 2]), {1: 0, 2: 1})
    assert "0 or 1" in fails(pc.check_labels, "q3", pd.Series([2, 1], index=[1, 2]), {1: 0, 2: 1})
    assert "once" in fails(pc.check_labels, "q3", pd.Series([0, 1], index=[1, 1]), {1: 0})


def test_predictions():
    idx = pd.Index([5, 6, 7])
    pc.check_predictions("q4", pd.Series([1, 0, 1], index=idx), [1, 0, 1], idx)
    assert "same index" in fails(pc.check_predictions, "q4", pd.Series([1, 0, 1]), [1, 0, 1], idx)
    assert "first at index 6" in fails(pc.check_predictions, "q4", pd.Series([1, 1, 1], index=idx), [1, 0, 1], idx)
    assert "pandas Series" in fails(pc.check_predictions, "q4", [1, 0, 1], [1, 0, 1], idx)


# -- metrics ------------------------------------------------------------------------

REPORT = {"tp": 2, "fp": 1, "fn": 2, "tn": 3, "precision": 2 / 3, "recall": 0.5, "f1": 4 / 7}


def test_report():
    pc.check_report("q5", dict(REPORT), REPORT)
    msg = fails(pc.check_report, "q5", dict(REPORT, recall=0.25), REPORT, call="binary_report(...)")
    assert "wrong 'recall'" in msg and "TP / (TP + FN)" in msg
    assert "missing the keys ['f1']" in fails(pc.check_report, "q5", {k: v for k, v in REPORT.items() if k != "f1"},
                                             REPORT)
    assert "should be a number" in fails(pc.check_report, "q5", dict(REPORT, tp="2"), REPORT)
    assert "should return a dict" in fails(pc.check_report, "q5", [2, 1, 2, 3], REPORT)


def test_number_and_ztest():
    pc.check_number("q6", 7000, 7000.0, what="cost")
    assert "wrong cost" in fails(pc.check_number, "q6", 28000.0, 7000.0, what="cost")
    assert "should be a number" in fails(pc.check_number, "q6", True, 1.0, what="cost")
    exp = {"z": 1.8461216762, "p_value": 0.0648745401, "reject_null": False}
    pc.check_ztest("q8", {"z": 1.84612167616, "p_value": 0.06487454015, "reject_null": False}, exp)
    assert "two-sided" in fails(pc.check_ztest, "q8", dict(exp, p_value=exp["p_value"] / 2), exp)
    assert "POOLED" in fails(pc.check_ztest, "q8", dict(exp, z=1.85), exp)
    assert "real bool" in fails(pc.check_ztest, "q8", dict(exp, reject_null=0), exp)
    assert "keys" in fails(pc.check_ztest, "q8", (1.8, 0.06, False), exp)


# -- ranking and feasibility ----------------------------------------------------------

def test_ranking():
    exp = [(1, "a", 4.0), (2, "b", 3.5), (2, "c", 3.5), (4, "d", 1.0)]
    pc.check_ranking("q9", list(exp), exp)
    msg = fails(pc.check_ranking, "q9", exp[:3] + [(3, "d", 1.0)], exp)
    assert "row 3" in msg and "(1, 2, 2, 4)" in msg
    assert "tuple" in fails(pc.check_ranking, "q9", [list(r) for r in exp], exp)
    assert "return a list" in fails(pc.check_ranking, "q9", tuple(exp), exp)


def test_failed_checks():
    pc.check_failed_checks("q10", ["legal", "timeline"], ["legal", "timeline"])
    assert "in the order" in fails(pc.check_failed_checks, "q10", ["timeline", "legal"], ["legal", "timeline"])


# -- planning ---------------------------------------------------------------------------

ACTS = {"s": {"duration": 1, "after": []}, "short": {"duration": 2, "after": ["s"]},
        "long": {"duration": 5, "after": ["s"]}, "end": {"duration": 1, "after": ["short", "long"]}}
START = {"s": 0, "short": 1, "long": 1, "end": 6}
FINISH = {"s": 1, "short": 3, "long": 6, "end": 7}


def test_schedule_good_and_float_days():
    pc.check_schedule("q11", {"start": START, "finish": FINISH, "duration": 7,
                              "critical_path": ["s", "long", "end"]}, ACTS, START, FINISH)
    pc.check_schedule("q11", {"start": {k: float(v) for k, v in START.items()}, "finish": FINISH, "duration": 7.0,
                              "critical_path": ["s", "long", "end"]}, ACTS, START, FINISH)


def test_schedule_shorter_branch_is_not_critical():
    msg = fails(pc.check_schedule, "q11", {"start": START, "finish": FINISH, "duration": 7,
                                           "critical_path": ["s", "short", "end"]}, ACTS, START, FINISH)
    assert "not a critical path" in msg and "add up to 4" in msg


def test_schedule_wrong_times():
    msg = fails(pc.check_schedule, "q11", {"start": dict(START, end=3), "finish": FINISH, "duration": 7,
                                           "critical_path": ["s", "long", "end"]}, ACTS, START, FINISH)
    assert "first wrong: 'end'" in msg


def test_raises_value_error():
    def good(acts):
        raise ValueError("cycle among ['a', 'b']")

    def silent(acts):
        return {}

    def recursive(acts):
        return recursive(acts)

    def key_error(acts):
        raise KeyError("ghost")

    def empty(acts):
        raise ValueError()

    pc.check_raises_value_error("q11", good, {}, what="a cycle")
    assert "did not raise" in fails(pc.check_raises_value_error, "q11", silent, {}, what="a cycle")
    assert "RecursionError" in fails(pc.check_raises_value_error, "q11", recursive, {}, what="a cycle")
    assert "raised KeyError" in fails(pc.check_raises_value_error, "q11", key_error, {}, what="a cycle")
    assert "empty message" in fails(pc.check_raises_value_error, "q11", empty, {}, what="a cycle")


def test_gantt():
    fig, ax = plt.subplots()
    names = list(ACTS)
    ax.barh(names, [FINISH[a] - START[a] for a in names], left=[START[a] for a in names])
    pc.check_gantt("q12", ax, START, FINISH)
    fig2, ax2 = plt.subplots()
    ax2.barh(names, [FINISH[a] for a in names])
    assert "spans the wrong days" in fails(pc.check_gantt, "q12", ax2, START, FINISH)
    fig3, ax3 = plt.subplots()
    ax3.barh(names[:2], [1, 2])
    assert "wrong number of bars" in fails(pc.check_gantt, "q12", ax3, START, FINISH)
    assert "Axes" in fails(pc.check_gantt, "q12", fig, START, FINISH)
    plt.close("all")


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


NS = {"expected_cost": lambda *a: 0.0, "baseline_predict": lambda *a: None, "binary_report": lambda *a: {}}
METRICS = {"expected_cost": "expected_cost", "recall": "binary_report"}
KW = dict(metrics=METRICS, baselines={"baseline_predict"}, tables={"orders", "customers"}, horizon_days=60)


def test_card_good_as_dataclass_and_dict():
    import dataclasses
    pc.check_card_consistent("q13", _card(), NS, **KW)
    pc.check_card_consistent("q13", dataclasses.asdict(_card(metric="recall")), NS, **KW)


@pytest.mark.parametrize("changes, words", [
    (dict(goal="Grow."), "'goal' should be a sentence"),
    (dict(risks=["Only one risk."]), "at least 2"),
    (dict(objectives="Churn down by 2026."), "list of strings"),
    (dict(metric=""), "name of a function"),
])
def test_card_incomplete(changes, words):
    assert words in fails(pc.check_card_complete, "q13", _card(**changes))


@pytest.mark.parametrize("changes, ns, words", [
    (dict(metric="accuracy"), NS, "not one this notebook defined"),
    (dict(metric="recall"), {"baseline_predict": NS["baseline_predict"]}, "computed by `binary_report`"),
    (dict(baseline="predict everyone churns"), NS, "baseline function"),
    (dict(data_sources=["orders", "clickstream"]), NS, "['clickstream']"),
    (dict(label="Churned when the customer has not ordered for a while."), NS, "horizon (60 days)"),
    (dict(objectives=["Churn down as much as possible.", "Recall 0.7 by 2026."]), NS, "measurable"),
])
def test_card_inconsistent(changes, ns, words):
    assert words in fails(pc.check_card_consistent, "q13", _card(**changes), ns, **KW)


def test_card_rejects_other_types():
    assert "ProjectCard" in fails(pc.check_card_complete, "q13", "a card")
    assert "missing the fields" in fails(pc.check_card_complete, "q13", {"problem": "x"})


# -- data and hygiene -----------------------------------------------------------------------

def test_holdout_is_deterministic_and_well_formed():
    a, b, c = holdout(0), holdout(0), holdout(1)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert list(a.columns) == ["recency_days", "n_orders", "churned", "score"]
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
                 "def schedule", "def plot_gantt", "math.erf("):
        assert name not in text


def test_call_answer_turns_exceptions_into_messages():
    assert pc.call_answer("q5", lambda a, b: a + b, 1, 2) == 3
    msg = fails(pc.call_answer, "q5", lambda a: 1 / a, 0, call="f(0)")
    assert "f(0) raised ZeroDivisionError" in msg and "defined as 0.0" in msg
