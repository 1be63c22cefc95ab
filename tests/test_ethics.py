"""Unit tests of workbook.checks.ethics and workbook.data.ethics (fast, no notebook run).

Each check passes a good answer and fails a bad one with a CheckFailed whose
message says what went wrong; a failure in a hidden part shows no value; no
message shows reference code, and the shipped package holds no solution of
05_licensing_ethics. The checks run the way a test cell runs them: inside an
``@exercise`` function whose answers are Refs (``kernel.serve`` in-process),
and through the grader's judge for the hidden parts."""
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
from workbook.checks import CheckFailed, exercise  # noqa: E402
from workbook.checks import ethics as ec  # noqa: E402
from workbook.checks.exercise import LocalTransport  # noqa: E402
from workbook.course import nb as nbm  # noqa: E402
from workbook.data import ethics  # noqa: E402
from workbook.grading.judge import judge_cell, seed_key  # noqa: E402

NOTEBOOK = REPO / "source" / "05_licensing_ethics" / "05_licensing_ethics.ipynb"


def failure(fn, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as e:
        fn(*args, **kwargs)
    return str(e.value)


# answers as a student's notebook defines them (looked up by name by @exercise)
def strict(x):
    if x != 1:
        raise ValueError(x)
    return x


def lookup_error(x):
    return {}[x]


def only_by_sa(sources):
    return {"BY-SA"}


def empty_frozen(sources):
    return frozenset()


def too_many(sources):
    return {"BY", "BY-SA"}


def nothing(sources):
    return set()


def as_list(sources):
    return ["BY"]


def divides_by_zero(sources):
    return 1 / 0


def masks_email(text):
    return text.replace("a@b.co", "[EMAIL]")


def unchanged(text):
    return text


def returns_none(text):
    return None


def generalise_in_place(df, k):
    df["age"] = "*"
    return df


def generalise_on_copy(df, k):
    out = df.copy()
    out["age"] = "*"
    return out


def rate_chart(preds):
    bands = [b for b in ethics.AGE_BANDS if b in set(preds["age_band"])]
    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)
    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)
    fig, ax = plt.subplots()
    x = np.arange(len(bands))
    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")
    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="TPR")
    ax.set_xticks(x, bands)
    ax.set_ylabel("rate")
    ax.set_title("by band")
    ax.legend()
    return ax


def not_a_chart(preds):
    return plt.figure()


def run(question, test):
    """Run ``test`` as the test function of ``question`` (answers from this module)."""
    return exercise(question)(test)


# ---------------------------------------------------------------- check_raises

def test_check_raises():
    def t1(strict: callable):
        ec.check_raises(strict, (2,), "ValueError")
    run("q1", t1)

    def t2(strict: callable):
        ec.check_raises(strict, (1,), "ValueError")
    msg = failure(run, "q1", t2)
    assert "q1: strict(1) should raise ValueError" in msg and "returned 1" in msg

    def t3(lookup_error: callable):
        ec.check_raises(lookup_error, ("k",), "ValueError", what="lookup_error(a table)")
    msg = failure(run, "q1", t3)
    assert "lookup_error(a table) should raise ValueError, but it raised KeyError" in msg


# ---------------------------------------------------------------- check_str_set

def test_check_str_set():
    def good(only_by_sa: callable, empty_frozen: callable):
        ec.check_str_set(only_by_sa, [((["BY-SA"],), {"BY-SA"})])
        ec.check_str_set(empty_frozen, [((["BY-ND"],), set())])
    run("q3", good)

    def extra(too_many: callable):
        ec.check_str_set(too_many, [((["BY-SA"],), {"BY-SA"})])
    assert "should not contain ['BY']" in failure(run, "q3", extra)

    def missing(nothing: callable):
        ec.check_str_set(nothing, [((["BY-NC"],), {"BY-NC", "BY-NC-SA"})])
    msg = failure(run, "q3", missing)
    assert "missing ['BY-NC', 'BY-NC-SA']" in msg and "got:      set()" in msg

    def not_a_set(as_list: callable):
        ec.check_str_set(as_list, [((["BY"],), {"BY"})])
    assert "should return a set" in failure(run, "q3", not_a_set)

    def raises(divides_by_zero: callable):
        ec.check_str_set(divides_by_zero, [((["BY"],), {"BY"})])
    assert "raised ZeroDivisionError" in failure(run, "q3", raises)


# ---------------------------------------------------------------- check_audit

REASONS = ("unknown_licence", "all_rights_reserved", "no_commercial", "no_derivatives")


def test_check_audit():
    exp_a, exp_x = ["S1", "S3"], {"S2": "no_commercial"}
    ec.check_audit((["S1", "S3"], {"S2": "no_commercial"}), exp_a, exp_x, reasons=REASONS)
    assert "manifest order" in failure(ec.check_audit, (["S3", "S1"], dict(exp_x)), exp_a, exp_x)
    msg = failure(ec.check_audit, (["S1", "S2", "S3"], {}), exp_a, exp_x)
    assert "may not be used: ['S2']" in msg
    msg = failure(ec.check_audit, (["S1"], {"S2": "no_commercial", "S3": "x"}), exp_a, exp_x)
    assert "you excluded them: ['S3']" in msg
    msg = failure(ec.check_audit, (["S1", "S3"], {"S2": "NC"}), exp_a, exp_x, reasons=REASONS)
    assert "should be one of" in msg
    msg = failure(ec.check_audit, (["S1", "S3"], {"S2": "no_derivatives"}), exp_a, exp_x, reasons=REASONS)
    assert "wrong reason for excluding S2" in msg
    assert "should return a tuple" in failure(ec.check_audit, ["S1"], exp_a, exp_x)
    assert "both allowed and excluded" in failure(ec.check_audit, (["S1", "S2", "S3"], dict(exp_x)), exp_a, exp_x)


# ---------------------------------------------------------------- check_masking

def test_check_masking():
    def good(masks_email: callable):
        ec.check_masking(masks_email, [("x a@b.co", "x [EMAIL]")])
    run("q7", good)

    def bad(unchanged: callable):
        ec.check_masking(unchanged, [("전화 010-1111-2222", "전화 [PHONE]")])
    msg = failure(run, "q7", bad)
    assert "wrong masking of '전화 010-1111-2222'" in msg
    assert "expected: '전화 [PHONE]'" in msg and "got:      '전화 010-1111-2222'" in msg
    assert len(msg.splitlines()) <= 4

    def not_str(returns_none: callable):
        ec.check_masking(returns_none, [("x", "x")])
    assert "should return a str" in failure(run, "q7", not_str)


# ---------------------------------------------------------------- check_frame and the probe

def test_check_frame():
    exp = pd.DataFrame({"age": ["20s", "30s"], "district": ["Seoul", "Busan"]}, index=[5, 7])
    ec.check_frame(exp.copy(), exp)
    assert "wrong columns" in failure(ec.check_frame, exp[["district", "age"]], exp)
    assert "keep the rows and index" in failure(ec.check_frame, exp.reset_index(drop=True), exp)
    bad = exp.copy()
    bad.loc[7, "age"] = "30-39"
    assert "column 'age', row 7" in failure(ec.check_frame, bad, exp)
    ints = pd.DataFrame({"age": [23, 35]}, index=[5, 7])
    assert "column 'age'" in failure(ec.check_frame, ints.astype(str), ints)
    assert "should be a pandas DataFrame" in failure(ec.check_frame, [1], exp)


def test_call_and_input_after_sees_a_modified_input():
    table = pd.DataFrame({"age": [23, 35], "gender": ["F", "M"]}, index=[3, 4])
    seen = {}

    def t(generalise_in_place: callable, generalise_on_copy: callable):
        seen["in_place"] = ec.call_and_input_after(generalise_in_place, table, 2)
        seen["copy"] = ec.call_and_input_after(generalise_on_copy, table, 2)
    run("q9", t)
    assert seen["in_place"]["input_after"]["age"].tolist() == ["*", "*"]
    assert seen["copy"]["input_after"]["age"].tolist() == [23, 35]
    assert seen["copy"]["result"]["age"].tolist() == ["*", "*"]
    assert table["age"].tolist() == [23, 35]  # the judge's own table never changes


# ---------------------------------------------------------------- pseudonyms (05 q9b)

def _tokens(ids, hash_text):
    return [hash_text(str(i).encode("utf-8")) for i in ids]


def test_check_not_reversible_undoes_unkeyed_hashes_by_a_dictionary_attack():
    import hashlib
    import hmac
    ids, space = [10042, 10079, 99999], range(10_000, 100_000)
    for name in ("md5", "sha1", "sha256", "sha512"):
        tokens = _tokens(ids, lambda b: getattr(hashlib, name)(b).hexdigest())
        text = failure(ec.check_not_reversible, tokens, space)
        assert "3 of 3 tokens were turned back" in text and "from 10000 to 99999" in text, (name, text)
    assert "1 of 2 tokens was turned back" in failure(ec.check_not_reversible, ["10042", "f" * 64], space)
    assert "turned back" in failure(ec.check_not_reversible, [t.upper() for t in _tokens(
        ids, lambda b: hashlib.sha256(b).hexdigest())], space)
    ec.check_not_reversible(_tokens(ids, lambda b: hmac.new(b"k" * 16, b, hashlib.sha256).hexdigest()), space)
    ec.check_not_reversible(_tokens(ids, lambda b: hashlib.sha256(b"k" * 16 + b).hexdigest()), space)
    ec.check_not_reversible([None, 3, b"10042"], space)  # not text: other checks judge it


def test_check_key_absent_finds_the_key_in_any_form():
    import base64
    key = b"daon-demo-key-2026"
    clean = pd.DataFrame({"customer_id": ["ab" * 32], "age": [34]}, index=[3])
    ec.check_key_absent(clean, key)
    ec.check_key_absent([key], key)  # not a table: check_frame says so
    for leak in (clean.assign(k=key.hex()), clean.assign(k=key.hex().upper()), clean.assign(k=[key]),
                 clean.assign(k=base64.b64encode(key).decode()), clean.assign(customer_id="x" + key.decode()),
                 clean.rename(columns={"age": key.hex()}), clean.set_axis([key.hex()])):
        assert "the key appears in the result" in failure(ec.check_key_absent, leak, key), leak
    raw = bytes(range(200, 232))   # not UTF-8 text: only its bytes, hex and base64 forms
    ec.check_key_absent(clean, raw)
    assert "the key appears" in failure(ec.check_key_absent, clean.assign(k=[b"x" + raw]), raw)


def _with(frame, **change):
    out = frame.copy()
    if "attrs" in change:
        out.attrs.update(change["attrs"])
    if "index_name" in change:
        out.index.name = change["index_name"]
    if "columns_name" in change:
        out.columns.name = change["columns_name"]
    return out


def test_check_key_absent_reads_the_tables_names_and_attrs_as_they_cross_the_wire():
    """A key kept in the result's attrs, index name or columns name is in the result (a student-view check found
    each scoring 3/3 on 05 q9b): the frame is read as the judge receives it from the kernel (wire)."""
    import base64

    from workbook.checks import wire
    key = b"daon-demo-key-2026"
    clean = pd.DataFrame({"customer_id": ["ab" * 32], "age": [34]}, index=[3])
    ec.check_key_absent(wire.decode(wire.encode(_with(clean, attrs={"note": "pseudonymised"}))), key)
    for leak in (_with(clean, attrs={"pseudonymisation_key": key}), _with(clean, attrs={"k": {"hex": [key.hex()]}}),
                 _with(clean, index_name=key.hex()), _with(clean, columns_name=base64.b64encode(key).decode())):
        assert "the key appears in the result" in failure(ec.check_key_absent, wire.decode(wire.encode(leak)), key)


def test_check_frame_but_ignores_only_the_one_column():
    exp = pd.DataFrame({"customer_id": [1, 2], "age": [34, 51]}, index=[3, 5])
    ec.check_frame_but(exp.assign(customer_id=["a", "b"]), exp, "customer_id")
    assert "wrong columns" in failure(ec.check_frame_but, exp[["age", "customer_id"]], exp, "customer_id")
    assert "keep the rows and index" in failure(ec.check_frame_but, exp.reset_index(drop=True), exp, "customer_id")
    assert "column 'age', row 5" in failure(ec.check_frame_but, exp.assign(age=[34, "51"]), exp, "customer_id")
    assert "should be a pandas DataFrame" in failure(ec.check_frame_but, {"customer_id": [1, 2]}, exp, "customer_id")
    assert "renamed its index" in failure(ec.check_frame_but, exp.rename_axis("row_id"), exp, "customer_id")
    assert "named its column axis" in failure(ec.check_frame_but, exp.rename_axis(columns="x"), exp, "customer_id")


def test_check_hex_tokens_names_the_first_row_whose_token_is_not_hex_text():
    ok = pd.DataFrame({"customer_id": ["ab" * 32, "0f" * 32]}, index=[3, 5])
    ec.check_hex_tokens(ok, "customer_id", 64)
    for bad, row in ((ok.assign(customer_id=["ab" * 32, float("nan")]), 5), (ok.assign(customer_id=["AB" * 32, "0f" * 32]), 3),
                     (ok.assign(customer_id=["ab" * 16, "0f" * 32]), 3), (ok.assign(customer_id=[b"ab" * 32, "0f" * 32]), 3)):
        assert f"the token of row {row}" in failure(ec.check_hex_tokens, bad, "customer_id", 64)


# ---------------------------------------------------------------- check_group_metrics

def test_check_group_metrics():
    exp = {"selection_rate": {"a": 0.25, "b": 1.0}, "demographic_parity_difference": 0.75}
    ec.check_group_metrics({"selection_rate": {np.str_("a"): np.float64(0.25), "b": 1},
                            "demographic_parity_difference": 0.75 + 1e-12}, exp)
    msg = failure(ec.check_group_metrics, {"selection_rate": {"a": 0.25, "b": 1.0},
                                           "demographic_parity_difference": 0.25}, exp)
    assert "demographic_parity_difference" in msg and "0.75" in msg
    assert "one entry per group" in failure(ec.check_group_metrics,
                                            {"selection_rate": {"a": 0.25}, "demographic_parity_difference": 0.75},
                                            exp)
    assert "has no key 'demographic_parity_difference'" in failure(ec.check_group_metrics, {"selection_rate": {}}, exp)
    assert "should be a number" in failure(ec.check_group_metrics,
                                           {"selection_rate": {"a": 0.25, "b": 1.0},
                                            "demographic_parity_difference": "0.75"}, exp)


# ---------------------------------------------------------------- check_bar_chart and its probe

def _chart(series, labels, *, ylabel="rate", title="t", categorical=False, legend=True):
    fig, ax = plt.subplots()
    x = np.arange(len(labels))
    for i, s in enumerate(series):
        if categorical and len(series) == 1:
            ax.bar(labels, s, label=f"s{i}")
        else:
            ax.bar(x + 0.4 * i, s, 0.4, label=f"s{i}")
    if not categorical:
        ax.set_xticks(x, labels)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if legend:
        ax.legend()
    return ax


def seen(ax) -> dict:
    """What the probe reports for a chart (the probe run directly)."""
    return ec.bar_chart_of.fn(lambda data: ax, None)


def test_check_bar_chart():
    try:
        ec.check_bar_chart(seen(_chart([[0.1, 0.2], [0.3, 0.4]], ["a", "b"])), ["a", "b"], [[0.1, 0.2], [0.3, 0.4]],
                           legend=True)
        ec.check_bar_chart(seen(_chart([[0.1, 0.2]], ["a", "b"], categorical=True)), ["a", "b"], [[0.1, 0.2]])
        assert "wrong bar heights in series 2" in failure(
            ec.check_bar_chart, seen(_chart([[0.1, 0.2], [0.3, 0.5]], ["a", "b"])), ["a", "b"],
            [[0.1, 0.2], [0.3, 0.4]])
        assert "x tick labels" in failure(ec.check_bar_chart, seen(_chart([[0.1, 0.2]], ["b", "a"])),
                                          ["a", "b"], [[0.1, 0.2]])
        assert "no label" in failure(ec.check_bar_chart, seen(_chart([[0.1, 0.2]], ["a", "b"], ylabel="")),
                                     ["a", "b"], [[0.1, 0.2]])
        assert "no title" in failure(ec.check_bar_chart, seen(_chart([[0.1, 0.2]], ["a", "b"], title="")),
                                     ["a", "b"], [[0.1, 0.2]])
        assert "2 series of bars" in failure(ec.check_bar_chart, seen(_chart([[0.1, 0.2]], ["a", "b"])),
                                             ["a", "b"], [[0.1, 0.2], [0.3, 0.4]])
        assert "needs a legend" in failure(ec.check_bar_chart, seen(_chart([[0.1, 0.2]], ["a", "b"], legend=False)),
                                           ["a", "b"], [[0.1, 0.2]], legend=True)
        assert "matplotlib Axes" in failure(ec.check_bar_chart, ec.bar_chart_of.fn(lambda d: plt.figure(), None),
                                            ["a"], [[0.1]])
    finally:
        plt.close("all")


def _grouped(offsets=(-0.2, 0.2), width=0.4, ylim=None, heights=((0.1, 0.9), (0.3, 0.4))):
    fig, ax = plt.subplots()
    x = np.arange(2)
    for off, h in zip(offsets, heights):
        ax.bar(x + off, h, width, label=f"s{off}")
    ax.set_xticks(x, ["a", "b"])
    ax.set_ylabel("rate")
    ax.set_title("t")
    if ylim:
        ax.set_ylim(*ylim)
    ax.legend()
    return ax


def test_check_bar_chart_side_by_side():
    series = [[0.1, 0.9], [0.3, 0.4]]
    try:
        ec.check_bar_chart(seen(_grouped()), ["a", "b"], series, side_by_side=True)
        ec.check_bar_chart(seen(_grouped(offsets=(0.0, 0.4))), ["a", "b"], series, side_by_side=True)  # touching
        pandas_style = pd.DataFrame({"s1": series[0], "s2": series[1]}, index=["a", "b"]).plot.bar(rot=0, title="t")
        pandas_style.set_ylabel("rate")
        ec.check_bar_chart(seen(pandas_style), ["a", "b"], series, side_by_side=True)
        assert "overlap" in failure(ec.check_bar_chart, seen(_grouped(offsets=(0.0, 0.0))), ["a", "b"], series,
                                    side_by_side=True)
        assert "overlap" in failure(ec.check_bar_chart, seen(_grouped(width=0.8)), ["a", "b"], series,
                                    side_by_side=True)
        assert "not at its tick" in failure(ec.check_bar_chart, seen(_grouped(offsets=(-1.2, 0.2))), ["a", "b"],
                                            series, side_by_side=True)
        assert "cut some bars off" in failure(ec.check_bar_chart, seen(_grouped(ylim=(0, 0.5))), ["a", "b"],
                                              series, side_by_side=True)
        assert "cut some bars off" in failure(ec.check_bar_chart, seen(_grouped(ylim=(0.2, 1.0))), ["a", "b"],
                                              series, side_by_side=True)
        ec.check_bar_chart(seen(_grouped(offsets=(0.0, 0.0))), ["a", "b"], series)  # without side_by_side
    finally:
        plt.close("all")


def test_bar_chart_probe_through_an_exercise():
    preds = ethics.churn_predictions(seed=0)
    preds = preds[preds["age_band"] != "30s"]
    bands = [b for b in ethics.AGE_BANDS if b != "30s"]
    sel = [float(preds.loc[preds.age_band == b, "predicted"].mean()) for b in bands]
    tpr = [float(preds.loc[(preds.age_band == b) & (preds.churned == 1), "predicted"].mean()) for b in bands]

    def t(rate_chart: callable):
        ec.check_bar_chart(ec.bar_chart_of(rate_chart, preds), bands, [sel, tpr], tol=1e-9, legend=True)
    run("q11", t)

    def t2(not_a_chart: callable):
        ec.check_bar_chart(ec.bar_chart_of(not_a_chart, preds), bands, [sel, tpr])
    assert "should return a matplotlib Axes, not Figure" in failure(run, "q11", t2)
    assert plt.get_fignums() == []  # the probe closes what it reads


# ---------------------------------------------------------------- check_model_card

def _card():
    words = "a real sentence here"
    card = {s: {f: words for f in fields} for s, fields in ec.MODEL_CARD_SECTIONS.items()}
    card["model_details"]["date"] = "2026-07-01"
    card["model_details"]["version"] = "1.0"
    card["quantitative_analyses"]["unitary_results"] = ["10s 0.4 20s 0.3", "30s 40s 50s 60+ all 0.2"]
    return card


def test_check_model_card():
    ec.check_model_card(_card(), must_mention={"quantitative_analyses.unitary_results": ethics.AGE_BANDS})
    card = _card()
    del card["factors"]
    assert "no section(s) ['factors']" in failure(ec.check_model_card, card)
    card = _card()
    del card["metrics"]["decision_threshold"]
    assert "has no field decision_threshold" in failure(ec.check_model_card, card)
    card = _card()
    card["training_data"]["description"] = "TODO: write this later"
    assert "placeholder" in failure(ec.check_model_card, card)
    card = _card()
    card["metrics"]["decision_threshold"] = "0.5"
    assert "too short" in failure(ec.check_model_card, card)
    card = _card()
    card["model_details"]["date"] = "July 2026"
    assert "ISO date" in failure(ec.check_model_card, card)
    card = _card()
    card["intended_use"]["primary_uses"] = []
    assert "non-empty list" in failure(ec.check_model_card, card)
    card = _card()
    card["quantitative_analyses"]["unitary_results"] = "overall accuracy 0.85 only"
    assert "should mention" in failure(ec.check_model_card, card,
                                       must_mention={"quantitative_analyses.unitary_results": ethics.AGE_BANDS})
    assert "should be a dict" in failure(ec.check_model_card, [])
    assert "should be a dict of fields" in failure(ec.check_model_card, {**_card(), "factors": "age"})


def test_model_card_sections_follow_mitchell_et_al():
    assert list(ec.MODEL_CARD_SECTIONS) == [
        "model_details", "intended_use", "factors", "metrics", "evaluation_data", "training_data",
        "quantitative_analyses", "ethical_considerations", "caveats_and_recommendations"]
    assert ec.MODEL_CARD_SECTIONS is ethics.MODEL_CARD_SECTIONS


# ---------------------------------------------------------------- hidden parts show no values

HIDDEN_CELL = '''
import pandas as pd
from workbook.checks import exercise
from workbook.checks import ethics as ec


@exercise("q7")
def test_all(unchanged: callable, too_many: callable):
    ec.check_masking(unchanged, [("visible text", "visible text")])
    ### BEGIN HIDDEN TESTS
    {check}
    ### END HIDDEN TESTS
'''

HIDDEN_CHECKS = {
    "masking": 'ec.check_masking(unchanged, [("secret 010-9876-5432", "secret [PHONE]")])',
    "set": 'ec.check_str_set(too_many, [((["BY-SECRET"],), {"BY-NC-SECRET"})])',
    "audit": 'ec.check_audit((["S77"], {}), ["S42"], {"S77": "no_commercial"})',
    "audit_reason": 'ec.check_audit(([], {"S77": "no_derivatives"}), [], {"S77": "no_commercial"})',
    "metrics": 'ec.check_group_metrics({"x": {"g9": 0.123}}, {"x": {"g9": 0.987}})',
    "frame": 'ec.check_frame(pd.DataFrame({"a": ["got-secret"]}), pd.DataFrame({"a": ["expected-secret"]}))',
    "frame_but": 'ec.check_frame_but(pd.DataFrame({"id": [1], "a": ["got-secret"]}), '
                 'pd.DataFrame({"id": [2], "a": ["expected-secret"]}), "id")',
    "unkeyed": 'import hashlib; ec.check_not_reversible([hashlib.sha256(b"98765").hexdigest()], range(10_000, 100_000))',
    "raises": 'ec.check_raises(unchanged, ("secret-input",), "ValueError")',
}


@pytest.mark.parametrize("name", sorted(HIDDEN_CHECKS))
def test_hidden_failures_show_no_values(name):
    source = HIDDEN_CELL.replace("{check}", HIDDEN_CHECKS[name])
    verdict = judge_cell(source, "test_q7_x", LocalTransport(globals()), seed_key("unit tests of the ethics checks"),
                         "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS", 30)
    assert verdict.status == "failed", verdict.detail
    text = "\n".join(verdict.lines)
    assert text.startswith("q7: failed a hidden test: "), text
    for secret in ("secret", "9876", "S42", "S77", "g9", "0.987", "0.123", "BY-NC", "no_commercial", "expected:"):
        assert secret not in text, (name, text)


# ---------------------------------------------------------------- no leaks, no stderr

def test_messages_never_show_reference_code(capsys):
    """Failure messages carry values, never the hidden reference implementations."""
    def t(unchanged: callable, nothing: callable):
        ec.check_masking(unchanged, [("010-1111-2222", "[PHONE]")])

    def t2(nothing: callable):
        ec.check_str_set(nothing, [((["BY"],), {"BY"})])
    msgs = [
        failure(ec.check_group_metrics, {"x": 1.0}, {"x": 0.5}),
        failure(ec.check_audit, ([], {}), ["S1"], {}),
        failure(run, "q7", t),
        failure(run, "q3", t2),
    ]
    for m in msgs:
        assert "def " not in m and "lambda" not in m and "(?<!" not in m and "groupby" not in m
    out = capsys.readouterr()
    assert out.err == ""


def test_package_holds_no_solution():
    """No distinctive line of a solution region appears in the shipped modules."""
    shipped = "\n".join(p.read_text(encoding="utf-8") for p in
                        [REPO / "workbook" / "checks" / "ethics.py", REPO / "workbook" / "data" / "ethics.py"])
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
    """The fairness questions need a TPR and an FPR for every age band (the
    hidden tests draw their seeds from the course secret: check many)."""
    for seed in list(range(40)) + [2**31 - 1, 123456789]:
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


@pytest.mark.parametrize("edition", ["en", "ko"])
def test_the_legal_guidance_05_cites_is_the_current_one(edition):
    """05 names the privacy commission's 가명정보 처리 가이드라인 as the current guidance (the 2016
    비식별 조치 가이드라인 only as the one it replaced) and the AI Basic Act's grace period for fines (at least a
    year from 2026-01-22), in both editions."""
    from workbook import i18n
    from workbook.authoring import catalog
    paragraphs = [c.source for c in nbm.read(NOTEBOOK).cells if c.cell_type == "markdown"]
    if edition == "ko":
        lang = i18n.language_for("ko", NOTEBOOK.parent, "05_licensing_ethics")
        paragraphs = [catalog.translate_markdown(p, lambda t: lang.exact(t) or t) for p in paragraphs]
    old = [p for p in paragraphs if "비식별 조치 가이드라인" in p]
    assert old and all("가명정보 처리 가이드라인" in p and "2024" in p for p in old), old
    act = [p for p in paragraphs if "인공지능 기본법" in p and ("30 million won" in p or "3천만 원" in p)]
    assert len(act) == 1 and "계도기간" in act[0] and any(w in act[0] for w in ("at least a year", "최소 1년", "1년 이상")), act


@pytest.mark.parametrize("edition", ["en", "ko"])
def test_05_states_pipa_automated_decisions_and_the_guidance_on_public_personal_data(edition):
    """05 cites PIPA Article 37-2 (in force since 2024-03-15) in the law's own words where models decide about
    people, and the PIPC's July 2024 guidance on publicly available personal data for AI by its title, in both
    editions."""
    from workbook import i18n
    from workbook.authoring import catalog
    paragraphs = [c.source for c in nbm.read(NOTEBOOK).cells if c.cell_type == "markdown"]
    if edition == "ko":
        lang = i18n.language_for("ko", NOTEBOOK.parent, "05_licensing_ethics")
        paragraphs = [catalog.translate_markdown(p, lambda t: lang.exact(t) or t) for p in paragraphs]
    article = [p for p in paragraphs if "37조의2" in p or "37-2" in p]
    assert len(article) == 1, article
    for words in ("자동화된 결정에 대한 정보주체의 권리 등", "완전히 자동화된 시스템으로 개인정보를 처리하여 이루어지는 결정",
                  "설명 등을 요구", "https://www.law.go.kr", ("15 March 2024", "2024년 3월 15일"),
                  ("refuse", "거부"), ("rights or obligations", "권리 또는 의무")):
        assert any(w in article[0] for w in ((words,) if isinstance(words, str) else words)), (words, article[0])
    title = "「인공지능(AI) 개발·서비스를 위한 공개된 개인정보 처리 안내서」"
    guidance = [p for p in paragraphs if title in p]
    assert len(guidance) == 1 and "개인정보보호위원회" in guidance[0], guidance
    assert any(w in guidance[0] for w in ("July 2024", "2024년 7월")), guidance
