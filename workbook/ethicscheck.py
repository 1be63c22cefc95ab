"""Checks for 05_licensing_ethics (licences, personal data, fairness, model cards).

Like :mod:`workbook.checks`, every helper raises
:class:`~workbook.checks.CheckFailed` with what was expected, what was got and
a hint; none prints to stderr, and none holds a reference answer: the
expected values are passed in by the test cells.
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
import re

from .checks import CheckFailed, fail, same, short

#: Mitchell et al. (2019), "Model Cards for Model Reporting": the sections of a
#: model card and, for each, the fields this course asks for.
MODEL_CARD_SECTIONS = {
    "model_details": ["developers", "date", "version", "model_type", "license", "contact"],
    "intended_use": ["primary_uses", "primary_users", "out_of_scope_uses"],
    "factors": ["relevant_factors", "evaluation_factors"],
    "metrics": ["performance_measures", "decision_threshold", "variation_approaches"],
    "evaluation_data": ["datasets", "motivation", "preprocessing"],
    "training_data": ["description"],
    "quantitative_analyses": ["unitary_results", "intersectional_results"],
    "ethical_considerations": ["risks_and_harms", "mitigations"],
    "caveats_and_recommendations": ["caveats", "recommendations"],
}

_PLACEHOLDER = re.compile(r"\b(todo|tbd|tba|fixme|xxx|lorem ipsum|your answer here|n/?a)\b", re.I)


def _call(question, func, args, show_input=True):
    __tracebackhide__ = True
    name = getattr(func, "__name__", "your function")
    call = f"{name}({', '.join(short(a) for a in args)})" if show_input else f"{name}(...)"
    try:
        return call, func(*args)
    except Exception as e:  # the student's bug, shown as a message
        raise CheckFailed(question, f"{call} raised {type(e).__name__}: {e}", show_values=False) from None


def check_raises(question: str, func, args: tuple, exc: type = ValueError, *, hint: str | None = None) -> None:
    """``func(*args)`` must raise ``exc`` (e.g. ValueError for a bad input)."""
    __tracebackhide__ = True
    name = getattr(func, "__name__", "your function")
    call = f"{name}({', '.join(short(a) for a in args)})"
    try:
        got = func(*args)
    except exc:
        return
    except Exception as e:
        fail(question, f"{call} should raise {exc.__name__}, but it raised {type(e).__name__}: {e}", hint=hint)
    fail(question, f"{call} should raise {exc.__name__}, but it returned {short(got)}", hint=hint)


def check_str_set(question: str, func, cases, *, hint: str | None = None) -> None:
    """For each ``(args, expected_set)``: ``func(*args)`` returns a set of
    strings equal to ``expected_set``; the message names what is missing and
    what should not be there."""
    __tracebackhide__ = True
    for args, expected in cases:
        if not isinstance(args, tuple):
            args = (args,)
        call, got = _call(question, func, args)
        if not isinstance(got, (set, frozenset)):
            raise CheckFailed(question, f"{call} should return a set, not a {type(got).__name__}",
                              set(expected), got, hint)
        if not all(type(g) is str for g in got):
            raise CheckFailed(question, f"{call} should return a set of strings such as 'BY-SA'",
                              set(expected), got, hint)
        missing, extra = set(expected) - got, got - set(expected)
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {sorted(missing)}")
            if extra:
                parts.append(f"should not contain {sorted(extra)}")
            fail(question, f"wrong result for {call}: " + "; ".join(parts) +
                 f"\n  expected: {_set_text(expected)}\n  got:      {_set_text(got)}", hint=hint)


def _set_text(s) -> str:
    return "{" + ", ".join(repr(x) for x in sorted(s)) + "}" if s else "set()"


def check_audit(question: str, got, expected_allowed: list, expected_excluded: dict, *,
                reasons: tuple = (), hint: str | None = None) -> None:
    """``got`` is ``(allowed_ids, {excluded_id: reason})``."""
    __tracebackhide__ = True
    if not isinstance(got, tuple) or len(got) != 2:
        fail(question, f"audit_sources should return a tuple (allowed, excluded), got {short(got)}", hint=hint)
    allowed, excluded = got
    if not isinstance(allowed, list) or not all(type(a) is str for a in allowed):
        fail(question, f"`allowed` should be a list of source_id strings, got {short(allowed)}", hint=hint)
    if not isinstance(excluded, dict):
        fail(question, f"`excluded` should be a dict {{source_id: reason}}, got {short(excluded)}", hint=hint)
    if set(allowed) & set(excluded):
        fail(question, f"sources both allowed and excluded: {sorted(set(allowed) & set(excluded))}", hint=hint)
    if not same(expected_allowed, allowed):
        if set(expected_allowed) == set(allowed):
            raise CheckFailed(question, "the allowed sources should be in manifest order",
                              expected_allowed, allowed, hint)
        wrongly_out = sorted(set(expected_allowed) - set(allowed))
        wrongly_in = sorted(set(allowed) - set(expected_allowed))
        msg = "wrong allowed sources"
        if wrongly_out:
            msg += f"; these may be used but you excluded them: {wrongly_out}"
        if wrongly_in:
            msg += f"; these may not be used: {wrongly_in}"
        raise CheckFailed(question, msg, expected_allowed, allowed, hint)
    if set(excluded) != set(expected_excluded):
        raise CheckFailed(question, "every source that is not allowed needs an entry in `excluded`",
                          sorted(expected_excluded), sorted(excluded), hint)
    for sid, reason in expected_excluded.items():
        if reasons and excluded[sid] not in reasons:
            raise CheckFailed(question, f"the reason for {sid} should be one of {list(reasons)}",
                              reason, excluded[sid], hint)
        if not same(reason, excluded[sid]):
            raise CheckFailed(question, f"wrong reason for excluding {sid}", reason, excluded[sid], hint)


def check_masking(question: str, func, cases, *, hint: str | None = None) -> None:
    """For each ``(text, expected)``: ``func(text) == expected``; the
    message shows the whole input and output."""
    __tracebackhide__ = True
    for text, expected in cases:
        call, got = _call(question, func, (text,), show_input=False)
        if type(got) is not str:
            fail(question, f"{call} should return a str, not {type(got).__name__}", hint=hint)
        if got != expected:
            fail(question, "wrong masking\n"
                 f"  input:    {text!r}\n  expected: {expected!r}\n  got:      {got!r}", hint=hint)


def check_frame(question: str, got, expected, *, what: str = "table", hint: str | None = None) -> None:
    """Same columns (in order), same index and same values as ``expected``
    (values compared as Python objects, so 30 and '30-39' differ)."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        fail(question, f"the {what} should be a pandas DataFrame, not {type(got).__name__}", hint=hint)
    if list(got.columns) != list(expected.columns):
        raise CheckFailed(question, f"the {what} has the wrong columns", list(expected.columns),
                          list(got.columns), hint)
    if list(got.index) != list(expected.index):
        raise CheckFailed(question, f"the {what} should keep the rows and index of the input",
                          list(expected.index)[:8], list(got.index)[:8], hint)
    labels = expected.index.tolist()
    for col in expected.columns:
        e, g = expected[col].tolist(), got[col].tolist()
        for i, (a, b) in enumerate(zip(e, g)):
            if not same(a, b):
                raise CheckFailed(question, f"wrong value in column {col!r}, row {labels[i]!r}", a, b, hint)


def _as_float(x):
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    return float(x)


def check_group_metrics(question: str, got, expected: dict, *, tol: float = 1e-9, hint: str | None = None) -> None:
    """``got`` is a dict like ``expected``: a float per scalar key, and a dict
    {group: float} per by-group key. Group keys are compared as strings."""
    __tracebackhide__ = True
    if not isinstance(got, dict):
        fail(question, f"the result should be a dict, not {type(got).__name__}", hint=hint)
    missing = [k for k in expected if k not in got]
    if missing:
        fail(question, f"the result has no key(s) {missing}", hint=hint)
    for key, exp in expected.items():
        val = got[key]
        if isinstance(exp, dict):
            if not isinstance(val, dict):
                fail(question, f"result[{key!r}] should be a dict {{group: value}}, not {type(val).__name__}",
                     hint=hint)
            g = {str(k): v for k, v in val.items()}
            if set(g) != {str(k) for k in exp}:
                raise CheckFailed(question, f"result[{key!r}] should have one entry per group",
                                  sorted(map(str, exp)), sorted(g), hint)
            for grp, e in exp.items():
                v = _as_float(g[str(grp)])
                if v is None or not math.isclose(v, e, rel_tol=tol, abs_tol=tol):
                    raise CheckFailed(question, f"wrong result[{key!r}][{str(grp)!r}]", round(e, 6), g[str(grp)],
                                      hint)
        else:
            v = _as_float(val)
            if v is None:
                fail(question, f"result[{key!r}] should be a number, not {type(val).__name__}", hint=hint)
            if not math.isclose(v, exp, rel_tol=tol, abs_tol=tol):
                raise CheckFailed(question, f"wrong result[{key!r}]", round(exp, 6), val, hint)


def check_bar_chart(question: str, ax, labels: list[str], series: list[list[float]], *,
                    tol: float = 1e-3, hint: str | None = None) -> None:
    """A matplotlib Axes with (at least) ``len(series)`` bar groups, one bar
    per label in order, heights ``series[i]``; tick labels ``labels``; a
    y-axis label and a title."""
    __tracebackhide__ = True
    try:
        from matplotlib.axes import Axes
        from matplotlib.container import BarContainer
    except ImportError:  # pragma: no cover
        fail(question, "matplotlib is not available")
    if not isinstance(ax, Axes):
        fail(question, f"the function should return a matplotlib Axes, not {type(ax).__name__}",
             hint="ax.bar(...) draws on an Axes; return that `ax`" if hint is None else hint)
    try:  # category axes get their tick labels when drawn
        ax.figure.canvas.draw()
    except Exception:  # pragma: no cover - a backend without a canvas
        pass
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    if len(bars) < len(series):
        fail(question, f"expected {len(series)} groups of bars (one ax.bar call per series), "
             f"found {len(bars)}", hint=hint)
    for i, (container, exp) in enumerate(zip(bars, series)):
        heights = [float(p.get_height()) for p in container.patches]
        if len(heights) != len(exp):
            raise CheckFailed(question, f"bar series {i + 1} should have one bar per group", len(exp),
                              len(heights), hint)
        if any(not math.isclose(h, e, abs_tol=tol) for h, e in zip(heights, exp)):
            raise CheckFailed(question, f"wrong bar heights in series {i + 1}", [round(e, 3) for e in exp],
                              [round(h, 3) for h in heights], hint)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    if ticks != list(labels):
        raise CheckFailed(question, "the x tick labels should be the groups, in order", list(labels), ticks, hint)
    if not ax.get_ylabel().strip():
        fail(question, "the y axis has no label", hint="ax.set_ylabel(...)")
    if not ax.get_title().strip():
        fail(question, "the chart has no title", hint="ax.set_title(...)")


def check_model_card(question: str, card, *, must_mention: dict | None = None, hint: str | None = None) -> None:
    """A model card as a dict of the sections of Mitchell et al. (2019), each a
    dict of the fields in :data:`MODEL_CARD_SECTIONS` holding real text (a
    string of at least three words, or a non-empty list of strings), no
    placeholders, and an ISO date in model_details.date.

    ``must_mention`` maps "section.field" to words that field must contain."""
    __tracebackhide__ = True
    if not isinstance(card, dict):
        fail(question, f"`model_card` should be a dict of sections, not {type(card).__name__}", hint=hint)
    missing = [s for s in MODEL_CARD_SECTIONS if s not in card]
    if missing:
        fail(question, f"the model card has no section(s) {missing}", hint=hint)
    for section, fields in MODEL_CARD_SECTIONS.items():
        body = card[section]
        if not isinstance(body, dict):
            fail(question, f"section {section!r} should be a dict of fields, not {type(body).__name__}", hint=hint)
        absent = [f for f in fields if f not in body]
        if absent:
            fail(question, f"section {section!r} has no field(s) {absent}", hint=hint)
        for f in fields:
            value = body[f]
            texts = value if isinstance(value, list) else [value]
            where = f"{section}.{f}"
            if not texts or not all(isinstance(t, str) for t in texts):
                fail(question, f"{where} should be a string (or a non-empty list of strings), "
                     f"not {short(value)}", hint=hint)
            joined = " ".join(texts)
            if f in ("date", "version"):
                if not joined.strip():
                    fail(question, f"{where} is empty", hint=hint)
            elif len(joined.split()) < 3:
                fail(question, f"{where} is too short to say anything: {joined!r}",
                     hint="write at least a short sentence in every field")
            if _PLACEHOLDER.search(joined):
                fail(question, f"{where} still holds a placeholder: {joined!r}", hint=hint)
    date = card["model_details"]["date"]
    try:
        dt.date.fromisoformat(date if isinstance(date, str) else "")
    except ValueError:
        fail(question, f"model_details.date should be an ISO date like '2026-07-01', not {date!r}", hint=hint)
    for where, words in (must_mention or {}).items():
        section, f = where.split(".")
        value = card[section][f]
        text = " ".join(value) if isinstance(value, list) else value
        absent = [w for w in words if w.lower() not in text.lower()]
        if absent:
            fail(question, f"{where} should mention {absent}", hint=hint)
