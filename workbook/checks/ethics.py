"""Checks for 05_licensing_ethics (licences, personal data, fairness, model cards).

They run inside an ``@exercise`` test function (the exercise names the
question in every message), in the student's kernel or in the grader's
judge. Like :mod:`workbook.checks.generic`, every helper raises
:class:`~workbook.checks.CheckFailed` with what was expected, what was got and
a hint; a failure in a hidden part shows only what kind of check failed (the
``hidden_message``), never a value. None of them holds a reference answer:
the expected values are passed in by the test cells.

Two probes run with the student's code (they are sent to the kernel by name
and return plain data; the judge decides): :func:`bar_chart_of` reads the
matplotlib chart a plotting function draws, :func:`call_and_input_after`
(:mod:`workbook.checks.generic`'s, imported here) calls a function and
reports its argument as it is afterwards (was it modified in place?).
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
import re

from ..data.ethics import MODEL_CARD_SECTIONS
from .core import CheckFailed, fail, same, short
from .exercise import Ref, call, describe, prefetch, probe
from .generic import call_and_input_after, check_raises  # noqa: F401 (the notebooks import them from here)
from ..messages import as_message, joined, msg, nmsg

__all__ = ["MODEL_CARD_SECTIONS", "bar_chart_of", "call_and_input_after", "check_raises", "check_str_set",
           "check_audit", "check_masking", "check_frame", "check_frame_but", "check_hex_tokens", "check_key_absent",
           "check_not_reversible", "check_group_metrics", "check_bar_chart", "check_model_card"]

_PLACEHOLDER = re.compile(r"\b(todo|tbd|tba|fixme|xxx|lorem ipsum|your answer here|n/?a)\b", re.I)


def _name(fn) -> str:
    return fn._label if isinstance(fn, Ref) else getattr(fn, "__name__", "your function")


def _type_name(x) -> str:
    return describe(x).short_type if isinstance(x, Ref) else type(x).__name__


# ------------------------------------------------------------------ probes
@probe
def bar_chart_of(plot, data):
    """Runs with your code: calls ``plot(data)`` and reports what the Axes it
    returns shows (bar heights and x extents per bar series, x tick labels
    and positions, y limits, axis labels, title, legend texts)."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer

    before = set(plt.get_fignums())
    try:
        ax = plot(data)
        if not isinstance(ax, Axes):
            return {"axes": False, "type": type(ax).__name__}
        try:  # category axes get their tick labels when drawn
            ax.figure.canvas.draw()
        except Exception:
            pass
        legend = ax.get_legend()
        return {
            "axes": True,
            "type": type(ax).__name__,
            "bars": [[float(p.get_height()) for p in c.patches] for c in ax.containers
                     if isinstance(c, BarContainer)],
            "spans": [[sorted([float(p.get_x()), float(p.get_x() + p.get_width())]) for p in c.patches]
                      for c in ax.containers if isinstance(c, BarContainer)],
            "ticks": [str(t.get_text()) for t in ax.get_xticklabels()],
            "tick_positions": [float(x) for x in ax.get_xticks()],
            "ylim": [float(y) for y in ax.get_ylim()],
            "ylabel": str(ax.get_ylabel()),
            "title": " ".join(str(ax.get_title(loc)) for loc in ("left", "center", "right")).strip(),
            "legend": None if legend is None else [str(t.get_text()) for t in legend.get_texts()],
        }
    finally:  # the figures drawn for the test are not shown under the test cell
        for num in set(plt.get_fignums()) - before:
            plt.close(num)


# ------------------------------------------------------------------ sets of licences
def _set_text(s) -> str:
    return "{" + ", ".join(repr(x) for x in sorted(s)) + "}" if s else "set()"


def check_str_set(fn, cases, *, hint: str | None = None) -> None:
    """For each ``(args, expected_set)``: ``fn(*args)`` returns a set of
    strings equal to ``expected_set``; the message names what is missing and
    what should not be there."""
    name = _name(fn)
    cases = list(cases)
    prefetch(fn, [args for args, _ in cases])
    for args, expected in cases:
        if not isinstance(args, tuple):
            args = (args,)
        text = f"{name}({', '.join(short(a) for a in args)})"
        got = call(fn, *args, what=text, hint=hint)
        if not isinstance(got, (set, frozenset)):
            fail(msg("{text} should return a set, not a {type}", text=text, type=_type_name(got)), hint=hint,
                 hidden_message=msg("{name}(...) did not return a set", name=name))
        if not all(type(g) is str for g in got):
            fail(msg("{text} should return a set of strings such as 'BY-SA', got {got}", text=text, got=short(got)),
                 hint=hint, hidden_message=msg("{name}(...) returned a set that holds something other than strings",
                                               name=name))
        missing, extra = set(expected) - set(got), set(got) - set(expected)
        if missing or extra:
            parts = []
            if missing:
                parts.append(msg("missing {values}", values=sorted(missing)))
            if extra:
                parts.append(msg("should not contain {values}", values=sorted(extra)))
            fail(msg("wrong result for {text}: {problems}\n  expected: {expected}\n  got:      {got}", text=text,
                     problems=joined(parts, "; "), expected=_set_text(expected), got=_set_text(got)), hint=hint,
                 hidden_message=msg("wrong set for {name}(...) on another mix of licences", name=name))


# ------------------------------------------------------------------ the dataset audit
def check_audit(got, expected_allowed: list, expected_excluded: dict, *,
                reasons: tuple = (), hint: str | None = None) -> None:
    """``got`` is ``(allowed_ids, {excluded_id: reason})``."""
    if not isinstance(got, tuple) or len(got) != 2:
        fail(msg("audit_sources should return a tuple (allowed, excluded), got {got}", got=short(got)), hint=hint,
             hidden_message="audit_sources did not return a tuple (allowed, excluded)")
    allowed, excluded = got
    if not isinstance(allowed, list) or not all(type(a) is str for a in allowed):
        fail(msg("`allowed` should be a list of source_id strings, got {allowed}", allowed=short(allowed)), hint=hint,
             hidden_message="`allowed` is not a list of source_id strings")
    if not isinstance(excluded, dict):
        fail(msg("`excluded` should be a dict {{source_id: reason}}, got {excluded}", excluded=short(excluded)), hint=hint,
             hidden_message="`excluded` is not a dict {source_id: reason}")
    both = set(allowed) & set(excluded)
    if both:
        fail(msg("sources both allowed and excluded: {sources}", sources=sorted(map(str, both))), hint=hint,
             hidden_message="a source is both allowed and excluded")
    if not same(expected_allowed, allowed):
        if sorted(expected_allowed) == sorted(allowed):
            raise CheckFailed("the allowed sources should be in manifest order", expected_allowed, allowed, hint,
                              hidden_message="the allowed sources are not in manifest order")
        wrongly_out = sorted(set(expected_allowed) - set(allowed))
        wrongly_in = sorted(set(allowed) - set(expected_allowed))
        parts = [msg("wrong allowed sources")]
        if wrongly_out:
            parts.append(msg("these may be used but you excluded them: {sources}", sources=wrongly_out))
        if wrongly_in:
            parts.append(msg("these may not be used: {sources}", sources=wrongly_in))
        raise CheckFailed(joined(parts, "; "), expected_allowed, allowed, hint,
                          hidden_message="wrong allowed sources for another manifest or use")
    if set(excluded) != set(expected_excluded):
        raise CheckFailed("every source that is not allowed needs an entry in `excluded`",
                          sorted(expected_excluded), sorted(map(str, excluded)), hint,
                          hidden_message="`excluded` does not hold exactly the sources that are not allowed")
    for sid, reason in expected_excluded.items():
        if reasons and excluded[sid] not in reasons:
            raise CheckFailed(msg("the reason for {sid} should be one of {reasons}", sid=sid, reasons=list(reasons)),
                              reason, excluded[sid], hint,
                              hidden_message="an excluded source has a reason code that does not exist")
        if not same(reason, excluded[sid]):
            raise CheckFailed(msg("wrong reason for excluding {sid}", sid=sid), reason, excluded[sid], hint,
                              hidden_message="wrong reason for an excluded source of another manifest")


# ------------------------------------------------------------------ masking
def check_masking(fn, cases, *, hint: str | None = None) -> None:
    """For each ``(text, expected)``: ``fn(text) == expected``; the message
    shows the input, the expected and the returned text."""
    name = _name(fn)
    cases = list(cases)
    prefetch(fn, [(text,) for text, _ in cases])
    for text, expected in cases:
        got = call(fn, text, what=f"{name}({short(text)})", hint=hint)
        if type(got) is not str:
            fail(msg("{name}({text}) should return a str, not {type}", name=name, text=short(text), type=_type_name(got)),
                 hint=hint,
                 hidden_message=msg("{name}(...) did not return a str", name=name))
        if got != expected:
            raise CheckFailed(msg("wrong masking of {text}", text=short(text)), expected, got, hint,
                              hidden_message="wrong masking of another text")


# ------------------------------------------------------------------ tables
def check_frame(got, expected, *, what: str = "table", hint: str | None = None) -> None:
    """Same columns (in order), same index and same values as ``expected``
    (values compared as Python objects, so 30 and '30-39' differ). ``what``
    names the table; it is shown in hidden failures too, so it must not hold
    a value."""
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        fail(msg("the {what} should be a pandas DataFrame, not {type}", what=as_message(what), type=_type_name(got)), hint=hint,
             hidden_message=msg("the {what} is not a pandas DataFrame", what=as_message(what)))
    if list(got.columns) != list(expected.columns):
        raise CheckFailed(msg("the {what} has the wrong columns", what=as_message(what)), list(expected.columns), list(got.columns), hint,
                          hidden_message=msg("the {what} has the wrong columns", what=as_message(what)))
    if list(got.index) != list(expected.index):
        raise CheckFailed(msg("the {what} should keep the rows and index of the input", what=as_message(what)), list(expected.index)[:8],
                          list(got.index)[:8], hint,
                          hidden_message=msg("the {what} does not keep the rows and index of the input", what=as_message(what)))
    labels = expected.index.tolist()
    for col in expected.columns:
        e, g = expected[col].tolist(), got[col].tolist()
        for i, (a, b) in enumerate(zip(e, g)):
            if not same(a, b):
                raise CheckFailed(msg("wrong value in the {what}, column {col!r}, row {row!r}", what=as_message(what), col=col,
                                      row=labels[i]), a, b, hint,
                                  hidden_message=msg("wrong value in column {col!r} of the {what}", col=col, what=as_message(what)))


def check_frame_but(got, expected, column: str, *, what: str = "table", hint: str | None = None) -> None:
    """``got`` is ``expected`` but for the values of ``column``: a DataFrame
    with the same columns (in order), the same index and the same values in
    every other column."""
    import pandas as pd
    if isinstance(got, pd.DataFrame):
        if list(got.columns) != list(expected.columns):
            raise CheckFailed(msg("the {what} has the wrong columns", what=as_message(what)), list(expected.columns),
                              list(got.columns), hint,
                              hidden_message=msg("the {what} has the wrong columns", what=as_message(what)))
        w = as_message(what)
        for mine, theirs, shown, hidden in (
                (got.index, expected.index, msg("the {what} renamed its index (the index's name is part of the table)",
                                                what=w), msg("the {what} renamed its index", what=w)),
                (got.columns, expected.columns, msg("the {what} named its column axis (columns.name is part of the "
                                                    "table)", what=w), msg("the {what} named its column axis", what=w))):
            if list(mine.names) != list(theirs.names):
                raise CheckFailed(shown, list(theirs.names), list(mine.names), hint, hidden_message=hidden)
        got = got.drop(columns=[column])
    check_frame(got, expected.drop(columns=[column]), what=what, hint=hint)


def check_hex_tokens(got, column: str, length: int, *, what: str = "table", hint: str | None = None) -> None:
    """Every value of ``column`` of the DataFrame ``got`` is text of ``length``
    lowercase hexadecimal characters."""
    import pandas as pd
    if not isinstance(got, pd.DataFrame) or column not in got.columns:
        return   # check_frame_but says what is wrong with the table
    digits = set("0123456789abcdef")
    for label, token in zip(got.index.tolist(), got[column].tolist()):
        if not (isinstance(token, str) and len(token) == length and set(token) <= digits):
            fail(msg("in the {what}, the token of row {row!r} is {token!r}: a token is text of {n} lowercase "
                     "hexadecimal characters", what=as_message(what), row=label, token=token, n=length), hint=hint,
                 hidden_message=msg("a token of the {what} is not text of {n} lowercase hexadecimal characters",
                                    what=as_message(what), n=length))


# ------------------------------------------------------------------ pseudonyms
def _key_forms(key: bytes) -> list:
    """The forms a key takes when it is written into a table: the bytes, their
    hex and base64 text, and the text they read as (where they are text)."""
    import base64
    forms = [key, key.hex(), base64.b64encode(key).decode("ascii")]
    try:
        forms.append(key.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return forms


def _leaves(tree, depth: int = 0):
    """The keys and values of nested dicts, lists and tuples (pandas' ``attrs``), at most 20 levels deep."""
    if depth > 20:
        return
    if isinstance(tree, dict):
        for k, v in tree.items():
            yield k
            yield from _leaves(v, depth + 1)
    elif isinstance(tree, (list, tuple, set, frozenset)):
        for v in tree:
            yield from _leaves(v, depth + 1)
    else:
        yield tree


def check_key_absent(got, key: bytes, *, hint: str | None = None) -> None:
    """No value, column or index label, column or index name, nor anything in
    ``attrs`` of the table ``got`` holds ``key``: not its bytes, nor its hex
    or base64 text, nor the text it reads as (hex compared in any case)."""
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        return
    forms = _key_forms(key)
    values = [*got.columns, *got.index, *got.columns.names, *got.index.names, *_leaves(got.attrs),
              *(v for col in got.columns for v in got[col].tolist())]
    for value in values:
        if isinstance(value, (bytes, bytearray)):
            leak = key in value
        elif isinstance(value, str):
            leak = any(f in value or f in value.lower() for f in forms if isinstance(f, str))
        else:
            leak = False
        if leak:
            fail(msg("the key appears in the result: whoever receives the table can compute the token of any "
                     "customer number and so undo the pseudonymisation"), hint=hint)


def _unkeyed_dictionary(lengths: set, ids) -> dict:
    """A dictionary attacker's table: token -> id for every id in ``ids``, as
    its decimal text and as the hex digests of that text (UTF-8) by MD5,
    SHA-1, SHA-256 and SHA-512 (only the digests as long as one of
    ``lengths``, the lengths of the tokens to reverse)."""
    import hashlib
    table = {str(i): i for i in ids}
    for name, size in (("md5", 32), ("sha1", 40), ("sha256", 64), ("sha512", 128)):
        if size in lengths:
            new = getattr(hashlib, name)
            table.update((new(str(i).encode("utf-8")).hexdigest(), i) for i in ids)
    return table


def check_not_reversible(tokens, ids, *, hint: str | None = None) -> None:
    """Performs a dictionary attack without the key: hashes every id of
    ``ids`` (a range) with the usual unkeyed hashes and fails when one of
    ``tokens`` is among the results (or is the id's text itself)."""
    texts = [t.lower() for t in tokens if isinstance(t, str)]
    table = _unkeyed_dictionary({len(t) for t in texts}, ids)
    found = sum(t in table for t in texts)
    if found:
        fail(nmsg("{n} of {m} tokens was turned back into its customer number without the key, by hashing every "
                  "customer number from {lo} to {hi} (a dictionary attack): a hash without a key hides nothing "
                  "when the ids are this few",
                  "{n} of {m} tokens were turned back into their customer numbers without the key, by hashing every "
                  "customer number from {lo} to {hi} (a dictionary attack): a hash without a key hides nothing "
                  "when the ids are this few", found, m=len(tokens), lo=ids[0], hi=ids[-1]), hint=hint,
             hidden_message=msg("tokens were turned back into customer numbers without the key (a dictionary "
                                "attack over every customer number)"))


# ------------------------------------------------------------------ fairness metrics
def _as_float(x):
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    return float(x)


def check_group_metrics(got, expected: dict, *, tol: float = 1e-9, hint: str | None = None) -> None:
    """``got`` is a dict like ``expected``: a float per scalar key, and a dict
    {group: float} per by-group key. Group keys are compared as strings."""
    if not isinstance(got, dict):
        fail(msg("the result should be a dict, not {type}", type=_type_name(got)), hint=hint,
             hidden_message="the result is not a dict")
    missing = [k for k in expected if k not in got]
    if missing:
        fail(nmsg("the result has no key {missing}", "the result has no keys {missing}", len(missing),
                  missing=", ".join(map(repr, missing))), hint=hint,
             hidden_message=nmsg("the result has no key {missing}", "the result has no keys {missing}", len(missing),
                                 missing=", ".join(map(repr, missing))))
    for key, exp in expected.items():
        val = got[key]
        if isinstance(exp, dict):
            if not isinstance(val, dict):
                fail(msg("result[{key!r}] should be a dict {{group: value}}, not {type}", key=key, type=_type_name(val)),
                     hint=hint,
                     hidden_message=msg("result[{key!r}] is not a dict {{group: value}}", key=key))
            g = {str(k): v for k, v in val.items()}
            if set(g) != {str(k) for k in exp}:
                raise CheckFailed(msg("result[{key!r}] should have one entry per group", key=key), sorted(map(str, exp)),
                                  sorted(g), hint,
                                  hidden_message=msg("result[{key!r}] does not have one entry per group", key=key))
            for grp, e in exp.items():
                v = _as_float(g[str(grp)])
                if v is None or not math.isclose(v, e, rel_tol=tol, abs_tol=tol):
                    raise CheckFailed(msg("wrong result[{key!r}][{grp!r}]", key=key, grp=str(grp)), round(e, 6), g[str(grp)], hint,
                                      hidden_message=msg("wrong result[{key!r}] for a group of other data", key=key))
        else:
            v = _as_float(val)
            if v is None:
                fail(msg("result[{key!r}] should be a number, not {p2}", key=key, p2=_type_name(val)), hint=hint,
                     hidden_message=msg("result[{key!r}] is not a number", key=key))
            if not math.isclose(v, exp, rel_tol=tol, abs_tol=tol):
                raise CheckFailed(msg("wrong result[{key!r}]", key=key), round(exp, 6), val, hint,
                                  hidden_message=msg("wrong result[{key!r}] on other data", key=key))


# ------------------------------------------------------------------ charts
def check_bar_chart(seen: dict, labels: list[str], series: list[list[float]], *,
                    tol: float = 1e-3, legend: bool = False, side_by_side: bool = False,
                    hint: str | None = None) -> None:
    """``seen`` is what :func:`bar_chart_of` observed: an Axes with (at least)
    ``len(series)`` bar series, one bar per label in order, heights
    ``series[i]``; tick labels ``labels``; a y-axis label and a title (and,
    with ``legend``, a legend naming every series). With ``side_by_side``,
    the bars of a group stand at its tick (each bar's centre nearer to its
    group's tick than to any other) without overlapping one another, and
    the y limits show every bar whole."""
    if not isinstance(seen, dict) or seen.get("axes") is not True:
        kind = seen.get("type") if isinstance(seen, dict) else None
        fail(msg("the function should return a matplotlib Axes, not {p1}", p1=kind if isinstance(kind, str) else '?'),
             hint="ax.bar(...) draws on an Axes; return that `ax`" if hint is None else hint,
             hidden_message="the function did not return a matplotlib Axes")
    bars = seen.get("bars") if isinstance(seen.get("bars"), list) else []
    if len(bars) < len(series):
        fail(msg("expected {n_series} series of bars (one ax.bar call per series), found {n_bars}", n_series=len(series), n_bars=len(bars)), hint=hint,
             hidden_message=msg("the chart does not have {n_series} series of bars", n_series=len(series)))
    for i, (heights, exp) in enumerate(zip(bars, series)):
        if not isinstance(heights, list) or len(heights) != len(exp):
            raise CheckFailed(msg("bar series {p1} should have one bar per group", p1=i + 1), len(exp),
                              len(heights) if isinstance(heights, list) else heights, hint,
                              hidden_message=msg("bar series {p1} does not have one bar per group", p1=i + 1))
        if any(_as_float(h) is None or not math.isclose(h, e, abs_tol=tol) for h, e in zip(heights, exp)):
            raise CheckFailed(msg("wrong bar heights in series {p1}", p1=i + 1), [round(e, 3) for e in exp],
                              [round(h, 3) if _as_float(h) is not None else h for h in heights], hint,
                              hidden_message=msg("wrong bar heights in series {p1} for other data", p1=i + 1))
    ticks = seen.get("ticks")
    if ticks != list(labels):
        raise CheckFailed("the x tick labels should be the groups, in order", list(labels), ticks, hint,
                          hidden_message="the x tick labels are not the groups of other data, in order")
    if side_by_side:
        _check_grouped(seen, labels, series, hint)
    if not isinstance(seen.get("ylabel"), str) or not seen["ylabel"].strip():
        fail("the y axis has no label", hint="ax.set_ylabel(...)")
    if not isinstance(seen.get("title"), str) or not seen["title"].strip():
        fail("the chart has no title", hint="ax.set_title(...)")
    if legend:
        texts = seen.get("legend")
        if not isinstance(texts, list):
            fail("the chart needs a legend", hint="give each ax.bar a label=... and call ax.legend()")
        named = [t for t in texts if isinstance(t, str) and t.strip() and not t.startswith("_")]
        if len(named) < len(series):
            fail(msg("the legend should name each of the {n_series} bar series", n_series=len(series)), hint="give each ax.bar a label=...")


def _check_grouped(seen: dict, labels: list[str], series: list[list[float]], hint: str | None) -> None:
    """The grouped layout of a bar chart: bars at their group's tick, side by
    side, inside the y limits."""
    where = [_as_float(x) for x in seen.get("tick_positions") or []]
    spans = seen.get("spans") if isinstance(seen.get("spans"), list) else []
    if len(where) != len(labels) or None in where or len(spans) < len(series):
        fail("the chart's x ticks or bars could not be read", hint=hint,
             hidden_message="the chart's x ticks or bars could not be read")
    step = min((abs(b - a) for a, b in zip(where, where[1:])), default=1.0) or 1.0
    for i, label in enumerate(labels):
        drawn = []
        for k in range(len(series)):
            x0, x1 = spans[k][i]
            centre = (x0 + x1) / 2
            if abs(centre - where[i]) >= step / 2:
                fail(msg("bar {p1} of {label!r} is not at its tick: the bars of a group stand around the "
                         "group's x position",
                         p1=k + 1, label=as_message(label)), hint="shift the two series by half a bar width each way: x - w/2 and x + w/2",
                     hidden_message="a bar is not at its group's tick for other data")
            drawn.append((x0, x1))
        for a in range(len(drawn)):
            for b in range(a + 1, len(drawn)):
                if min(drawn[a][1], drawn[b][1]) - max(drawn[a][0], drawn[b][0]) > 1e-9:
                    fail(msg("the bars of {label!r} overlap: the two series should stand side by side", label=as_message(label)),
                         hint="give both series the same width w and shift them by w/2 each way (x - w/2, x + w/2)",
                         hidden_message="the bars of a group overlap for other data")
    low, high = sorted(_as_float(y) or 0.0 for y in (seen.get("ylim") or [0.0, 0.0]))
    heights = [h for s in series for h in s]
    if low > min(0.0, min(heights)) + 1e-9 or high < max(heights) - 1e-9:
        fail(msg("the y limits {p1} cut some bars off", p1={round(low, 3), round(high, 3)}), hint="ax.set_ylim(0, ...) above the "
             "highest bar, or leave the limits to matplotlib",
             hidden_message="the y limits cut some bars off for other data")


# ------------------------------------------------------------------ model cards
def check_model_card(card, *, must_mention: dict | None = None, hint: str | None = None) -> None:
    """A model card as a dict of the sections of Mitchell et al. (2019), each a
    dict of the fields in :data:`MODEL_CARD_SECTIONS` holding real text (a
    string of at least three words, or a non-empty list of strings), no
    placeholders, and an ISO date in model_details.date.

    ``must_mention`` maps "section.field" to words that field must contain."""
    if not isinstance(card, dict):
        fail(msg("`model_card` should be a dict of sections, not {p1}", p1=_type_name(card)), hint=hint,
             hidden_message="`model_card` is not a dict of sections")
    missing = [s for s in MODEL_CARD_SECTIONS if s not in card]
    if missing:
        fail(msg("the model card has no section(s) {missing}", missing=missing), hint=hint,
             hidden_message="the model card misses a section")
    for section, fields in MODEL_CARD_SECTIONS.items():
        body = card[section]
        if not isinstance(body, dict):
            fail(msg("section {section!r} should be a dict of fields, not {type}", section=section,
                     type=_type_name(body)), hint=hint,
                 hidden_message="a section of the model card is not a dict of fields")
        absent = [f for f in fields if f not in body]
        if absent:
            fail(nmsg("section {section!r} has no field {absent}", "section {section!r} has no fields {absent}",
                      len(absent), section=section, absent=", ".join(absent)), hint=hint,
                 hidden_message="a section of the model card misses a field")
        for f in fields:
            value = body[f]
            texts = value if isinstance(value, list) else [value]
            where = f"{section}.{f}"
            if not texts or not all(isinstance(t, str) for t in texts):
                fail(msg("{where} should be a string (or a non-empty list of strings), not {value}", where=as_message(where), value=short(value)), hint=hint,
                     hidden_message="a field of the model card is not a string or a list of strings")
            together = " ".join(texts)
            if f in ("date", "version"):
                if not together.strip():
                    fail(msg("{where} is empty", where=as_message(where)), hint=hint, hidden_message="a field of the model card is empty")
            elif len(together.split()) < 3:
                fail(msg("{where} is too short to say anything: {text!r}", where=as_message(where), text=together),
                     hint="write at least a short sentence in every field",
                     hidden_message="a field of the model card is too short to say anything")
            if _PLACEHOLDER.search(together):
                fail(msg("{where} still holds a placeholder: {text}", where=as_message(where), text=short(together)), hint=hint,
                     hidden_message="a field of the model card still holds a placeholder")
    date = card["model_details"]["date"]
    try:
        dt.date.fromisoformat(date if isinstance(date, str) else "")
    except ValueError:
        fail(msg("model_details.date should be an ISO date like '2026-07-01', not {date}", date=short(date)), hint=hint,
             hidden_message="model_details.date is not an ISO date")
    for where, words in (must_mention or {}).items():
        section, f = where.split(".")
        value = card[section][f]
        text = " ".join(value) if isinstance(value, list) else value
        absent = [w for w in words if w.lower() not in text.lower()]
        if absent:
            fail(msg("{where} should mention {absent}", where=as_message(where), absent=absent), hint=hint,
                 hidden_message=msg("{where} does not mention what it should", where=as_message(where)))
