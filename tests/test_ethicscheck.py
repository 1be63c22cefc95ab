"""Unit tests of workbook.ethicscheck and workbook.data.ethics (fast, no notebook run).

Each check passes a good answer and fails a bad one with a CheckFailed whose
message says what went wrong; no message shows reference code, and the
shipped package holds no solution of 05_licensing_ethics."""
from __future__ import annotations

import copy
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import REPO  # noqa: E402
from workbook import ethicscheck as ec  # noqa: E402
from workbook import nb as nbm  # noqa: E402
from workbook.checks import CheckFailed  # noqa: E402
from workbook.data import ethics  # noqa: E402

NOTEBOOK = REPO / "source" / "05_licensing_ethics" / "05_licensing_ethics.ipynb"


def failure(fn, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as e:
        fn(*args, **kwargs)
    return str(e.value)


# ---------------------------------------------------------------- check_raises

def test_check_raises():
    def strict(x):
        if x != 1:
            raise ValueError(x)
        return x
    ec.check_raises("q1", strict, (2,), ValueError)
    msg = failure(ec.check_raises, "q1", strict, (1,), ValueError)
    assert "should raise ValueError" in msg and "returned 1" in msg
    msg = failure(ec.check_raises, "q1", lambda x: {}[x], ("k",), ValueError)
    assert "raised KeyError" in msg


# ---------------------------------------------------------------- check_str_set

def test_check_str_set():
    ec.check_str_set("q3", lambda s: {"BY-SA"}, [((["BY-SA"],), {"BY-SA"})])
    ec.check_str_set("q3", lambda s: frozenset(), [((["BY-ND"],), set())])
    msg = failure(ec.check_str_set, "q3", lambda s: {"BY", "BY-SA"}, [((["BY-SA"],), {"BY-SA"})])
    assert "should not contain ['BY']" in msg
    msg = failure(ec.check_str_set, "q3", lambda s: set(), [((["BY-NC"],), {"BY-NC", "BY-NC-SA"})])
    assert "missing ['BY-NC', 'BY-NC-SA']" in msg and "got:      set()" in msg
    assert "should return a set" in failure(ec.check_str_set, "q3", lambda s: ["BY"], [((["BY"],), {"BY"})])
    assert "raised ZeroDivisionError" in failure(ec.check_str_set, "q3", lambda s: 1 / 0, [((["BY"],), {"BY"})])


# ---------------------------------------------------------------- check_audit

REASONS = ("unknown_licence", "all_rights_reserved", "no_commercial", "no_derivatives")


def test_check_audit():
    exp_a, exp_x = ["S1", "S3"], {"S2": "no_commercial"}
    ec.check_audit("q5", (["S1", "S3"], {"S2": "no_commercial"}), exp_a, exp_x, reasons=REASONS)
    assert "manifest order" in failure(ec.check_audit, "q5", (["S3", "S1"], dict(exp_x)), exp_a, exp_x)
    msg = failure(ec.check_audit, "q5", (["S1", "S2", "S3"], {}), exp_a, exp_x)
    assert "may not be used: ['S2']" in msg
    msg = failure(ec.check_audit, "q5", (["S1"], {"S2": "no_commercial", "S3": "x"}), exp_a, exp_x)
    assert "you excluded them: ['S3']" in msg
    msg = failure(ec.check_audit, "q5", (["S1", "S3"], {"S2": "NC"}), exp_a, exp_x, reasons=REASONS)
    assert "should be one of" in msg
    msg = failure(ec.check_audit, "q5", (["S1", "S3"], {"S2": "no_derivatives"}), exp_a, exp_x, reasons=REASONS)
    assert "wrong reason for excluding S2" in msg
    assert "should return a tuple" in failure(ec.check_audit, "q5", ["S1"], exp_a, exp_x)
    assert "both allowed and excluded" in failure(ec.check_audit, "q5", (["S1", "S2", "S3"], dict(exp_x)),
                                                  exp_a, exp_x)


# ---------------------------------------------------------------- check_masking

def test_check_masking():
    ec.check_masking("q7", lambda t: t.replace("a@b.co", "[EMAIL]"), [("x a@b.co", "x [EMAIL]")])
    msg = failure(ec.check_masking, "q7", lambda t: t, [("전화 010-1111-2222", "전화 [PHONE]")])
    assert "input:" in msg and "expected: '전화 [PHONE]'" in msg and "got:      '전화 010-1111-2222'" in msg
    assert "should return a str" in failure(ec.check_masking, "q7", lambda t: None, [("x", "x")])


# ---------------------------------------------------------------- check_frame

def test_check_frame():
    exp = pd.DataFrame({"age": ["20s", "30s"], "district": ["Seoul", "Busan"]}, index=[5, 7])
    ec.check_frame("q9", exp.copy(), exp)
    assert "wrong columns" in failure(ec.check_frame, "q9", exp[["district", "age"]], exp)
    assert "keep the rows and index" in failure(ec.check_frame, "q9", exp.reset_index(drop=True), exp)
    bad = exp.copy()
    bad.loc[7, "age"] = "30-39"
    assert "column 'age', row 7" in failure(ec.check_frame, "q9", bad, exp)
    ints = pd.DataFrame({"age": [23, 35]}, index=[5, 7])
    assert "column 'age'" in failure(ec.check_frame, "q9", ints.astype(str), ints)
    assert "should be a pandas DataFrame" in failure(ec.check_frame, "q9", [1], exp)


# ---------------------------------------------------------------- check_group_metrics

def test_check_group_metrics():
    exp = {"selection_rate": {"a": 0.25, "b": 1.0}, "demographic_parity_difference": 0.75}
    ec.check_group_metrics("q10", {"selection_rate": {np.str_("a"): np.float64(0.25), "b": 1},
                                   "demographic_parity_difference": 0.75 + 1e-12}, exp)
    msg = failure(ec.check_group_metrics, "q10", {"selection_rate": {"a": 0.25, "b": 1.0},
                                                  "demographic_parity_difference": 0.25}, exp)
    assert "demographic_parity_difference" in msg and "0.75" in msg
    assert "one entry per group" in failure(ec.check_group_metrics, "q10",
                                            {"selection_rate": {"a": 0.25},
                                             "demographic_parity_difference": 0.75}, exp)
    assert "no key(s)" in failure(ec.check_group_metrics, "q10", {"selection_rate": {}}, exp)
    assert "should be a number" in failure(ec.check_group_metrics, "q10",
                                           {"selection_rate": {"a": 0.25, "b": 1.0},
                                            "demographic_parity_difference": "0.75"}, exp)


# ---------------------------------------------------------------- check_bar_chart

def _chart(series, labels, *, ylabel="rate", title="t", categorical=False):
    fig, ax = plt.subplots()
    x = np.arange(len(labels))
    for i, s in enumerate(series):
        if categorical and len(series) == 1:
            ax.bar(labels, s)
        else:
            ax.bar(x + 0.4 * i, s, 0.4)
    if not categorical:
        ax.set_xticks(x, labels)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def test_check_bar_chart():
    try:
        ec.check_bar_chart("q11", _chart([[0.1, 0.2], [0.3, 0.4]], ["a", "b"]), ["a", "b"],
                           [[0.1, 0.2], [0.3, 0.4]])
        ec.check_bar_chart("q11", _chart([[0.1, 0.2]], ["a", "b"], categorical=True), ["a", "b"], [[0.1, 0.2]])
        assert "wrong bar heights in series 2" in failure(
            ec.check_bar_chart, "q11", _chart([[0.1, 0.2], [0.3, 0.5]], ["a", "b"]), ["a", "b"],
            [[0.1, 0.2], [0.3, 0.4]])
        assert "x tick labels" in failure(ec.check_bar_chart, "q11", _chart([[0.1, 0.2]], ["b", "a"]),
                                          ["a", "b"], [[0.1, 0.2]])
        assert "no label" in failure(ec.check_bar_chart, "q11", _chart([[0.1, 0.2]], ["a", "b"], ylabel=""),
                                     ["a", "b"], [[0.1, 0.2]])
        assert "no title" in failure(ec.check_bar_chart, "q11", _chart([[0.1, 0.2]], ["a", "b"], title=""),
                                     ["a", "b"], [[0.1, 0.2]])
        assert "2 groups of bars" in failure(ec.check_bar_chart, "q11", _chart([[0.1, 0.2]], ["a", "b"]),
                                             ["a", "b"], [[0.1, 0.2], [0.3, 0.4]])
        assert "matplotlib Axes" in failure(ec.check_bar_chart, "q11", plt.figure(), ["a"], [[0.1]])
    finally:
        plt.close("all")


# ---------------------------------------------------------------- check_model_card

def _card():
    words = "a real sentence here"
    card = {s: {f: words for f in fields} for s, fields in ec.MODEL_CARD_SECTIONS.items()}
    card["model_details"]["date"] = "2026-07-01"
    card["model_details"]["version"] = "1.0"
    card["quantitative_analyses"]["unitary_results"] = ["10s 0.4 20s 0.3", "30s 40s 50s 60+ all 0.2"]
    return card


def test_check_model_card():
    ec.check_model_card("q14", _card(), must_mention={"quantitative_analyses.unitary_results": ethics.AGE_BANDS})
    card = _card()
    del card["factors"]
    assert "no section(s) ['factors']" in failure(ec.check_model_card, "q14", card)
    card = _card()
    del card["metrics"]["decision_threshold"]
    assert "no field(s) ['decision_threshold']" in failure(ec.check_model_card, "q14", card)
    card = _card()
    card["training_data"]["description"] = "TODO: write this later"
    assert "placeholder" in failure(ec.check_model_card, "q14", card)
    card = _card()
    card["metrics"]["decision_threshold"] = "0.5"
    assert "too short" in failure(ec.check_model_card, "q14", card)
    card = _card()
    card["model_details"]["date"] = "July 2026"
    assert "ISO date" in failure(ec.check_model_card, "q14", card)
    card = _card()
    card["intended_use"]["primary_uses"] = []
    assert "non-empty list" in failure(ec.check_model_card, "q14", card)
    card = _card()
    card["quantitative_analyses"]["unitary_results"] = "overall accuracy 0.85 only"
    assert "should mention" in failure(ec.check_model_card, "q14", card,
                                       must_mention={"quantitative_analyses.unitary_results": ethics.AGE_BANDS})
    assert "should be a dict" in failure(ec.check_model_card, "q14", [])
    assert "should be a dict of fields" in failure(ec.check_model_card, "q14", {**_card(), "factors": "age"})


def test_model_card_sections_follow_mitchell_et_al():
    assert list(ec.MODEL_CARD_SECTIONS) == [
        "model_details", "intended_use", "factors", "metrics", "evaluation_data", "training_data",
        "quantitative_analyses", "ethical_considerations", "caveats_and_recommendations"]


# ---------------------------------------------------------------- no leaks, no stderr

def unchanged(text):
    return text


def nothing(sources):
    return set()


def test_messages_never_show_reference_code(capsys):
    """Failure messages carry values, never the hidden reference implementations."""
    msgs = [
        failure(ec.check_group_metrics, "q10", {"x": 1.0}, {"x": 0.5}),
        failure(ec.check_audit, "q5", ([], {}), ["S1"], {}),
        failure(ec.check_masking, "q7", unchanged, [("010-1111-2222", "[PHONE]")]),
        failure(ec.check_str_set, "q3", nothing, [((["BY"],), {"BY"})]),
    ]
    for m in msgs:
        assert "def " not in m and "lambda" not in m and "(?<!" not in m and "groupby" not in m
    out = capsys.readouterr()
    assert out.err == ""


def test_package_holds_no_solution():
    """No distinctive line of a solution region appears in the shipped modules."""
    shipped = "\n".join(p.read_text(encoding="utf-8") for p in
                        [REPO / "workbook" / "ethicscheck.py", REPO / "workbook" / "data" / "ethics.py"])
    shipped_lines = {line.strip() for line in shipped.splitlines()}
    for cell in nbm.read(NOTEBOOK).cells:
        for line in nbm.distinctive_lines(nbm.solution_lines(cell.source), 25):
            assert line not in shipped_lines, line
    for pattern in (r"(?<!\d)010", r"0[1-9]|1[0-2]", "BY-NC-SA\"}", "t in (1, 3)"):
        assert pattern not in shipped, pattern


# ---------------------------------------------------------------- data generators

def test_generators_are_deterministic():
    pd.testing.assert_frame_equal(ethics.dataset_manifest(3), ethics.dataset_manifest(3))
    pd.testing.assert_frame_equal(ethics.customer_profiles(1), ethics.customer_profiles(1))
    pd.testing.assert_frame_equal(ethics.churn_predictions(2), ethics.churn_predictions(2))
    assert ethics.support_tickets(1) == ethics.support_tickets(1)
    assert not ethics.dataset_manifest(0).equals(ethics.dataset_manifest(1))
    assert not ethics.churn_predictions(0).equals(ethics.churn_predictions(1))


def test_manifest_columns_and_vocabulary():
    for seed in range(6):
        m = ethics.dataset_manifest(seed)
        assert list(m.columns) == ["source_id", "name", "kind", "content", "license"]
        assert m["source_id"].is_unique
        assert set(m["kind"]) <= {"own", "public_data_portal", "ai_hub", "news", "scraped_web", "purchased"}


def test_churn_predictions_have_both_labels_in_every_band():
    """The fairness questions need a TPR and an FPR for every age band."""
    for seed in (0, 1, 2, 4):
        d = ethics.churn_predictions(seed)
        assert set(d["age_band"]) == set(ethics.AGE_BANDS)
        both = d.groupby("age_band")["churned"].agg(["min", "max"])
        assert (both["min"] == 0).all() and (both["max"] == 1).all()
        assert set(d["predicted"]) == {0, 1}
        assert ((d["score"] >= 0.5).astype(int) == d["predicted"]).all()


def test_profiles_use_the_region_hierarchy():
    p = ethics.customer_profiles(0)
    assert list(p.columns) == ["customer_id", "age", "gender", "district", "monthly_spend_krw"]
    assert set(p["district"]) <= set(ethics.PROVINCE_OF)
    assert p["age"].between(16, 79).all()
    assert ethics.GENERALISATION_LADDER[0] == (0, 0) and ethics.GENERALISATION_LADDER[-1] == (3, 2)


def test_support_tickets_contain_pii_and_long_order_numbers():
    text = "\n".join(ethics.support_tickets(0))
    assert "@" in text and "010" in text
    assert re.search(r"\d{6}-?\d{7}", text)
    assert re.search(r"(?<!\d)2026\d{12}(?!\d)", text)
    assert copy.deepcopy(ethics.support_tickets(0, n=3)) == ethics.support_tickets(0)[:3]
