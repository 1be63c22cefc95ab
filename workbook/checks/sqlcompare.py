"""Comparing the result of an SQL answer with the expected one: the
columns (case-insensitive; their order does not matter), the number of rows,
the values (numbers within a tolerance, so ``3`` equals ``3.0``) and the
order of the rows only when the question asks for one.

Messages say what differs (a missing column, 3 extra rows, the first row
that differs) and never show a reference query; a failure in the hidden part
of a test shows only which kind of difference it found (``hidden_message``),
never a value. Used by the checks of ``sql.py``.
"""
from __future__ import annotations

import math
from collections import Counter

from .core import fail, short
from ..messages import as_message, joined, msg, nmsg

def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _key(v):
    if v is None:
        return (0, 0)
    if _is_number(v):
        f = float(v)
        return (1, 0.0 if math.isnan(f) else round(f, 6))
    if isinstance(v, str):
        return (2, v)
    return (3, repr(v))


def _row_key(row) -> tuple:
    return tuple(_key(v) for v in row)


def _value_equal(e, g, tol: float) -> bool:
    if e is None or g is None:
        return e is None and g is None
    if _is_number(e) and _is_number(g):
        e, g = float(e), float(g)
        if math.isnan(e) or math.isnan(g):
            return math.isnan(e) and math.isnan(g)
        return math.isclose(e, g, rel_tol=1e-9, abs_tol=tol)
    if type(e) is not type(g):
        return False
    return e == g


def _rows_equal(e, g, tol: float) -> bool:
    return len(e) == len(g) and all(_value_equal(a, b, tol) for a, b in zip(e, g))


def _fmt_row(columns, row) -> str:
    return "(" + ", ".join(f"{c}={short(v)}" for c, v in zip(columns, row)) + ")"


def _check_columns(expected: list[str], got: list[str], hint, what=None) -> list[int]:
    """Indexes of ``got`` in the order of ``expected``; a failed check if the names differ."""
    what = what or msg("query")
    low_got = [c.lower() for c in got]
    low_exp = [c.lower() for c in expected]
    missing = [c for c, lc in zip(expected, low_exp) if lc not in low_got]
    extra = [c for c, lc in zip(got, low_got) if lc not in low_exp]
    dup = sorted({c for c in low_got if low_got.count(c) > 1})
    if missing or extra or dup or len(got) != len(expected):
        parts = []
        if missing:
            parts.append(nmsg("missing column: {names}", "missing columns: {names}", len(missing),
                              names=", ".join(missing)))
        if extra:
            parts.append(nmsg("unexpected column: {names}", "unexpected columns: {names}", len(extra),
                              names=", ".join(extra)))
        if dup:
            parts.append(nmsg("repeated column name: {names}", "repeated column names: {names}", len(dup),
                              names=", ".join(dup)))
        message = joined([msg("wrong columns: {problems}", problems=joined(parts, "; ")),
                          msg("  expected columns: {names}", names=", ".join(expected)),
                          msg("  your columns:     {names}", names=", ".join(got))], "\n")
        fail(message, hint=hint or "name each computed column with AS, e.g. COUNT(*) AS n_orders",
             hidden_message=msg("the columns of your {what} are not the ones asked for", what=as_message(what)))
    return [low_got.index(c) for c in low_exp]


def _differing_column(columns: list[str], expected: list[tuple], got: list[tuple], *, ordered: bool,
                      tol: float) -> str | None:
    """The first of ``columns`` whose values differ between as many expected rows as got ones, paired
    in their order (``ordered``) or sorted; None when the numbers of rows differ or no column does."""
    if len(expected) != len(got):
        return None
    if not ordered:
        expected, got = sorted(expected, key=_row_key), sorted(got, key=_row_key)
    return next((c for j, c in enumerate(columns)
                 if any(not _value_equal(e[j], g[j], tol) for e, g in zip(expected, got))), None)


def _compare_rows(columns: list[str], expected: list[tuple], got: list[tuple], *, ordered: bool,
                  order_by: list[str] | None, tol: float, hint, where="", hidden_where="",
                  column_hints: dict[str, str] | None = None) -> None:
    """The rows of an answer against the expected ones. ``where`` begins the
    message (a message: "on the database of seed 1: "); ``hidden_where`` the
    hidden one. ``column_hints`` maps a column to the hint for rows that
    differ first in it (``hint`` otherwise)."""
    expected = [tuple(r) for r in expected]
    n_e, n_g = len(expected), len(got)
    se, sg = sorted(expected, key=_row_key), sorted(got, key=_row_key)
    same_set = n_e == n_g and all(_rows_equal(a, b, tol) for a, b in zip(se, sg))
    if not same_set:
        ce, cg = Counter(map(_row_key, expected)), Counter(map(_row_key, got))
        missing_keys, extra_keys = ce - cg, cg - ce
        missing = [r for r in expected if missing_keys.get(_row_key(r), 0) > 0]
        extra = [r for r in got if extra_keys.get(_row_key(r), 0) > 0]
        first = next((i for i, (a, b) in enumerate(zip(expected, got)) if not _rows_equal(a, b, tol)), None)
        if n_g == 0:
            head = nmsg("{where}expected {n} row, got none: your query returns no rows at all",
                        "{where}expected {n} rows, got none: your query returns no rows at all", n_e, where=as_message(where))
            hidden = msg("{hidden_where}your query returns no rows at all", hidden_where=as_message(hidden_where))
        elif n_e != n_g:
            diff = n_g - n_e
            head = msg("{where}expected {expected}, got {got} ({difference})", where=as_message(where),
                       expected=nmsg("{n} row", "{n} rows", n_e), got=n_g,
                       difference=nmsg("{n} extra row", "{n} extra rows", diff) if diff > 0 else
                       nmsg("{n} missing row", "{n} missing rows", -diff))
            hidden = msg("{hidden_where}your query returns more rows than it should", hidden_where=as_message(hidden_where)) \
                if diff > 0 else msg("{hidden_where}your query returns fewer rows than it should",
                                     hidden_where=as_message(hidden_where))
        else:
            head = msg("{where}right number of rows ({n}) but {differ} of them differ", where=as_message(where), n=n_e,
                       differ=max(len(missing), 1))
            hidden = msg("{hidden_where}your query returns the right number of rows, but some of them are wrong",
                         hidden_where=as_message(hidden_where))
        differs = _differing_column(columns, expected, got, ordered=ordered, tol=tol)
        hint = (column_hints or {}).get(differs, hint)
        if ordered and first is not None:
            lines = [msg("{message}; the first that differs is row {row}", message=head, row=first + 1),
                     msg("  expected: {row}", row=_fmt_row(columns, expected[first])),
                     msg("  got:      {row}", row=_fmt_row(columns, got[first]))]
        else:
            lines = [head]
            if missing:
                lines.append(msg("  a row you should have but do not: {row}", row=_fmt_row(columns, missing[0])))
            if extra:
                lines.append(msg("  a row you have that should not be there: {row}", row=_fmt_row(columns, extra[0])))
        fail(joined(lines, "\n"), hint=hint, hidden_message=hidden)
    order_hidden = msg("{hidden_where}your rows are right but not in the order asked for", hidden_where=as_message(hidden_where))
    if ordered:
        for i, (a, b) in enumerate(zip(expected, got)):
            if not _rows_equal(a, b, tol):
                fail(msg("{where}the rows are right but not in the order asked for, from row {row} on\n  "
                         "expected: {expected}\n  got:      {got}",
                         where=as_message(where), row=i + 1, expected=_fmt_row(columns, a), got=_fmt_row(columns, b)),
                     hint=hint or "check your ORDER BY (column, direction and tie-breaker)",
                     hidden_message=order_hidden)
    elif order_by:
        idx = [columns.index(c) for c in order_by]
        for i, (a, b) in enumerate(zip(expected, got)):
            if not all(_value_equal(a[j], b[j], tol) for j in idx):
                fail(msg("{where}the rows are right but not in the order asked for: at row {row} expected "
                         "{expected}, got {got}", where=as_message(where), row=i + 1,
                         expected=", ".join(f"{columns[j]}={short(a[j])}" for j in idx),
                         got=", ".join(f"{columns[j]}={short(b[j])}" for j in idx)),
                     hint=hint or msg("sort with ORDER BY {order_by} (check ASC / DESC)", order_by=", ".join(order_by)),
                     hidden_message=order_hidden)


def _reorder(rows, idx):
    return [tuple(r[i] for i in idx) for r in rows]
