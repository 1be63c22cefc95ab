"""Checks for SQL answers (02_sql, and any later assignment that queries the shop).

A SQL answer is a string: data, never code that runs in the student's kernel.
The test function runs it itself, in the student's kernel when they run the
test cell and in the grader's judge when the notebook is graded, on Daon
Market's database (``workbook.data.shop``): read-only, or a private
in-memory copy for a statement that changes the schema, always within
limits (``sqlrun.py``: the connections, the limits, SQLite's errors as
messages).

The result is compared with what is expected (``sqlcompare.py``): the
column names, the number of rows, the values, the order of the rows only
when the question asks for one. Messages say what differs and never show a
reference query; a check that fails in the hidden part of a test shows only
which kind of check failed (``hidden_message``), never a value.

``check_query`` compares with literal expected rows (visible tests);
``check_query_summary`` with a few properties of a large result;
``check_query_matches`` runs a reference query on the database of another
seed (hidden tests: the reference stays in the hidden part, in the judge);
``check_table_design`` and ``check_index_used`` judge a ``CREATE TABLE`` and a
``CREATE INDEX``; ``check_rows_returned`` a Python function that queries.

The helpers run inside an ``@exercise`` test function, which names the
question in every message.
"""
from __future__ import annotations

import math
import sqlite3
import typing

from .core import fail, short
from .exercise import StringKind, call
from .sqlcompare import _check_columns, _compare_rows, _is_number, _fmt_row, _reorder, _rows_equal, _value_equal
from .sqlrun import _Guard, _require_query, _sql_error, fetch, open_copy, open_readonly, plan_steps
from .sqlrun import query_plan  # noqa: F401  (02's notebooks import it from here, released copies included)
from ..data import shop
from ..messages import as_message, joined, msg, nmsg

SQL = typing.Annotated[str, StringKind("sql")]   # an SQLite query, in a test's annotation


def check_query(query, columns: list[str], rows: list[tuple], *, ordered: bool = False,
                order_by: list[str] | None = None, seed: int = 0, params=None, tol: float = 1e-6,
                hint: str | None = None, column_hints: dict[str, str] | None = None) -> None:
    """Run ``query`` on the database of ``seed`` and compare with literal ``columns`` and ``rows``.

    ``ordered=True``: the rows must come in exactly this order.
    ``order_by=[cols]``: the rows must be sorted like the expected ones on those columns
    (ties may come in any order).
    ``column_hints={column: hint}``: the hint when the answer has the right number of rows and
    that column is the first whose values differ (``hint`` otherwise)."""
    got_cols, got_rows = fetch(query, seed=seed, params=params)
    idx = _check_columns(list(columns), got_cols, hint)
    _compare_rows(list(columns), list(rows), _reorder(got_rows, idx), ordered=ordered, order_by=order_by,
                  tol=tol, hint=hint, column_hints=column_hints)


def check_query_summary(query, columns: list[str], n_rows: int, *, first_rows=(), contains=(),
                        sums: dict | None = None, ordered: bool = False, seed: int = 0, params=None,
                        tol: float = 1e-6, hint: str | None = None, changes: str | None = None,
                        key: list[str] | None = None, column_hints: dict[str, str] | None = None) -> None:
    """For a large result: the columns, the number of rows, and some rows.

    ``first_rows`` must be the first rows (only with ``ordered=True``);
    ``contains`` rows must appear somewhere; ``sums`` maps a column to the
    expected sum of its values. ``changes``: SQL statements run first on a
    private copy of the database (the question states them), for a case the
    generated data does not have, such as a day without orders.

    ``key``: the columns that name a row (one row per key). A ``contains`` row
    the answer has under its key with other values is shown as that row with
    the columns that differ, not as a row it lacks. ``column_hints={column:
    hint}``: the hint when that column is the first that differs (in such a
    row, or in a sum)."""
    if changes:
        conn = open_changed(seed, changes)
        try:
            got_cols, got_rows = fetch(query, conn=conn, params=params)
        finally:
            conn.close()
    else:
        got_cols, got_rows = fetch(query, seed=seed, params=params)
    idx = _check_columns(list(columns), got_cols, hint)
    got = _reorder(got_rows, idx)
    if len(got) != n_rows:
        diff = len(got) - n_rows
        fail(msg("expected {expected}, got {got} ({difference})", expected=nmsg("{n} row", "{n} rows", n_rows),
                 got=len(got), difference=nmsg("{n} extra row", "{n} extra rows", diff) if diff > 0 else
                 nmsg("{n} missing row", "{n} missing rows", -diff)), hint=hint,
             hidden_message=msg("your query returns more rows than it should") if diff > 0 else
             msg("your query returns fewer rows than it should"))
    for i, row in enumerate(first_rows):
        if not _rows_equal(tuple(row), got[i], tol):
            fail(msg("row {row} is wrong\n  expected: {expected}\n  got:      {got}", row=i + 1,
                     expected=_fmt_row(columns, row), got=_fmt_row(columns, got[i])), hint=hint,
                 hidden_message="the first rows are wrong")
    lower = [c.lower() for c in columns]
    keys = [lower.index(c.lower()) for c in key or ()]
    for row in contains:
        row = tuple(row)
        if any(_rows_equal(row, g, tol) for g in got):
            continue
        same_key = next((g for g in got if keys and all(_value_equal(row[j], g[j], tol) for j in keys)), None)
        if same_key is None:
            fail(msg("a row you should have but do not: {row}", row=_fmt_row(columns, row)), hint=hint,
                 hidden_message="a row that should be in the result is not")
        differ = [j for j in range(len(columns)) if not _value_equal(row[j], same_key[j], tol)]
        fail(joined([msg("the row {key} has other values than expected: {differ}",
                         key=_fmt_row([columns[j] for j in keys], [row[j] for j in keys]),
                         differ=", ".join(columns[j] for j in differ)),
                     msg("  expected: {row}", row=_fmt_row(columns, row)),
                     msg("  got:      {row}", row=_fmt_row(columns, same_key))], "\n"),
             hint=msg("a LEFT JOIN gives NULL where nothing matches: COUNT(a column of the joined table) or "
                      "COALESCE(..., 0) gives 0") if all(same_key[j] is None for j in differ)
             else (column_hints or {}).get(columns[differ[0]], hint),
             hidden_message="a row of the result has wrong values")
    for col, total in (sums or {}).items():
        j = [c.lower() for c in columns].index(col.lower())
        values = [g[j] for g in got]
        if not all(v is None or _is_number(v) for v in values):
            fail(msg("column {col} should hold numbers", col=col), hint=hint,
                 hidden_message=msg("column {col} should hold numbers", col=col))
        s = sum(v for v in values if v is not None)
        if not math.isclose(float(s), float(total), rel_tol=1e-9, abs_tol=max(tol, tol * len(values))):
            fail(msg("the values of column {col} add up to {s}, expected {total}", col=col, s=short(s),
                     total=short(total)), hint=(column_hints or {}).get(columns[j], hint),
                 hidden_message=msg("the values of column {col} do not add up to the right total", col=col))


def check_query_matches(query, reference: str, *, seed: int = 1, params=None, ordered: bool = False,
                        order_by: list[str] | None = None, tol: float = 1e-6, hint: str | None = None,
                        edge_cases: bool = False, changes: str | None = None) -> None:
    """Run ``query`` and the ``reference`` query on the database of ``seed``
    (with ``params``) and compare: the expected columns are the reference's.
    ``edge_cases=True``: on that database with the boundary cases of the
    questions planted (``shop.plant_edge_cases``). ``changes``: SQL
    statements run first on a private copy of it (after the plants).

    Used in hidden tests (with ``seed=hidden_seed()``): the reference runs
    where the test runs (in the judge when graded) and a failure in the hidden
    part says which kind of difference it found, never a row."""
    conn = (open_changed(seed, changes, edge_cases=edge_cases) if changes
            else open_readonly(seed, edge_cases=edge_cases))
    try:
        ref_cols, ref_rows = _reference(conn, seed, edge_cases, reference, params, changes)
        got_cols, got_rows = fetch(query, conn=conn, params=params)
    finally:
        conn.close()
    idx = _check_columns(ref_cols, got_cols, hint)
    where = msg("on the database of seed {seed}{planted}{params}: ", seed=seed,
                planted=msg(" with its boundary cases planted") if edge_cases else "",
                params=msg(", {params}", params=_fmt_params(params)) if params else "")
    hidden_where = msg("on another database{boundaries}{params}, ",
                       boundaries=msg(" with rows exactly on the question's boundaries") if edge_cases else "",
                       params=msg(" and other parameters") if params else "")
    _compare_rows(ref_cols, ref_rows, _reorder(got_rows, idx), ordered=ordered, order_by=order_by, tol=tol,
                  hint=hint, where=where, hidden_where=hidden_where)


_REFERENCES: dict[tuple, tuple[list[str], list[tuple]]] = {}


def open_changed(seed: int, changes: str, edge_cases: bool = False) -> sqlite3.Connection:
    """A private in-memory copy of the database of ``seed`` (planted with
    ``edge_cases=True``) on which the test's ``changes`` (SQL statements of
    the test cell, never the student's) have run; then read-only."""
    conn = shop.connect(seed, readonly=False, edge_cases=edge_cases)
    try:
        conn.executescript(changes)
    except sqlite3.Error as e:  # an authoring bug, never the student's
        conn.close()
        raise RuntimeError(f"the test's changes fail: {type(e).__name__}: {e}") from None
    conn.execute("PRAGMA query_only = ON")
    return conn


def _reference(conn: sqlite3.Connection, seed: int, edge_cases: bool, reference: str,
               params, changes: str | None = None) -> tuple[list[str], list[tuple]]:
    """The reference query's columns and rows on ``conn`` (the database of
    ``seed``), run once per database file, query and parameters in this
    process: a grading worker checks every submission of 02 against the
    same hidden database, so the reference's answer is the same each time."""
    try:
        path = shop.db_path(seed)
        frozen = tuple(sorted(params.items())) if isinstance(params, dict) else \
            tuple(params) if params is not None else None
        key = (str(path), path.stat().st_mtime_ns, bool(edge_cases), changes or "", reference, frozen)
        hash(key)
    except (OSError, TypeError):
        key = None
    if key is not None and key in _REFERENCES:
        cols, rows = _REFERENCES[key]
        return list(cols), list(rows)
    try:
        cur = conn.execute(reference, params if params is not None else ())
        rows = [tuple(r) for r in cur.fetchall()]
        cols = [d[0] for d in cur.description]
    except sqlite3.Error as e:  # an authoring bug, never the student's
        raise RuntimeError(f"the reference query fails: {type(e).__name__}: {e}") from None
    if key is not None:
        if len(_REFERENCES) >= 256:
            _REFERENCES.clear()
        _REFERENCES[key] = (cols, rows)
    return list(cols), list(rows)


def _fmt_params(params):
    if isinstance(params, dict):
        return ", ".join(f":{k} = {v!r}" for k, v in params.items())
    return msg("parameters {values!r}", values=tuple(params))


# --------------------------------------------------------------------------- schema design

def _run_ddl(conn: sqlite3.Connection, ddl: str) -> None:
    try:
        conn.executescript(ddl)
    except (sqlite3.Error, sqlite3.Warning, ValueError, OverflowError, MemoryError) as e:
        _sql_error(ddl, conn, e, what=msg("statement"))


def check_table_design(ddl, table: str, columns: list[str], good: list[dict], bad: list[tuple[dict, str]], *,
                       seed: int = 0, hint: str | None = None) -> None:
    """Create the table from ``ddl`` on a private in-memory copy of the shop
    database, then insert rows: every ``good`` row must be accepted, every
    ``bad`` row (with the reason it is bad) rejected. Rows are dicts
    column -> value, inserted one at a time after the good rows. In the
    hidden part the reason is shown, the row is not: write reasons without
    values ("a discount below the minimum")."""
    ddl = _require_query(ddl, msg("statement"))
    conn = open_copy(seed)
    try:
        with _Guard(conn, None):
            _run_ddl(conn, ddl)
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            if not cols:
                fail(msg("your statement does not create a table called {table}", table=table), hint=hint,
                     hidden_message=msg("your statement does not create a table called {table}", table=table))
            _check_columns(columns, cols, hint="use exactly the column names asked for", what=msg("table"))
            conn.execute("PRAGMA foreign_keys = ON")

            def insert(row):
                names = ", ".join(row)
                marks = ", ".join("?" * len(row))
                conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))

            for row in good:
                try:
                    insert(row)
                except sqlite3.Error as e:
                    if str(e) == "interrupted":
                        _sql_error(ddl, conn, e, what=msg("table"))
                    fail(msg("{table} rejects a row it should accept: {row}\n  SQLite says: {e}", table=table, row=row,
                             e=e), hint=hint,
                         hidden_message=msg("{table} rejects a row it should accept", table=table))
            for row, why in bad:
                conn.execute("SAVEPOINT probe")
                try:
                    insert(row)
                except sqlite3.Error as e:
                    if str(e) == "interrupted":
                        _sql_error(ddl, conn, e, what=msg("table"))
                    conn.execute("ROLLBACK TO probe")
                    conn.execute("RELEASE probe")
                    continue
                conn.execute("ROLLBACK TO probe")
                conn.execute("RELEASE probe")
                fail(msg("{table} accepts a row it should reject: {row}\n  why it is bad: {why}", table=table, row=row,
                         why=as_message(why)), hint=hint,
                     hidden_message=msg("{table} accepts a row it should reject ({why})", table=table,
                                        why=as_message(why)))
    finally:
        conn.close()


# --------------------------------------------------------------------------- indexes

def check_index_used(ddl, query: str, *, params=None, seed: int = 0, table: str | None = None,
                     forbid=("USE TEMP B-TREE",), hint: str | None = None, single: bool = True,
                     by: tuple[str, ...] = ()) -> list[str]:
    """Run ``ddl`` (CREATE INDEX ...) on a private in-memory copy, then check
    from SQLite's own plan (``plan_steps``) that ``query`` is searched with one
    of the new indexes, by every column of ``by`` among the search's
    constraints (whatever the order of the index's columns), and that the plan
    shows none of the ``forbid`` steps. Returns the plan.
    ``single=True``: the answer creates exactly one index and drops none."""
    ddl = _require_query(ddl, msg("statement"))
    conn = open_copy(seed)
    try:
        before = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        tables_before = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        with _Guard(conn, None):
            _run_ddl(conn, ddl)
        new = {r[0]: r[1] for r in conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
               if r[0] not in before}
        tables_after = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables_after != tables_before:
            fail("your answer should only create an index, not create or drop tables", hint=hint,
                 hidden_message="your answer creates or drops tables")
        if not new:
            fail("your answer does not create an index", hint=hint or "CREATE INDEX name ON table(columns)",
                 hidden_message="your answer does not create an index")
        dropped = sorted(before - {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")})
        if single and (len(new) > 1 or dropped):
            fail(msg("your answer should be one CREATE INDEX statement, but it creates {n} indexes", n=len(new))
                 if len(new) > 1 else
                 msg("your answer should be one CREATE INDEX statement, but it drops the index {index}",
                     index=dropped[0]),
                 hint="one index can serve both the WHERE and the ORDER BY",
                 hidden_message="your answer is not one CREATE INDEX statement")
        if table and not any(t == table for t in new.values()):
            fail(msg("your index is not on the table {table}", table=table), hint=hint,
                 hidden_message=msg("your index is not on the table {table}", table=table))
        steps = plan_steps(conn, query, params)
        plan = [step.detail for step in steps]
        shown = "\n".join("    " + p for p in plan)
        used = [step for step in steps if step.op == "SEARCH" and step.index in new]
        if not used:
            fail(msg("the query does not search with your index; its plan is:\n{shown}", shown=shown),
                 hint=hint or "SEARCH ... USING INDEX needs the index to start with the column in WHERE",
                 hidden_message="another query of the same kind does not search with your index")
        columns = ", ".join(c for c in by if not any(c in step.columns for step in used))
        if columns:
            fail(msg("the query searches with your index, but not by {columns}; its plan is:\n{shown}", columns=columns,
                     shown=shown), hint=hint,
                 hidden_message=msg("another query of the same kind searches with your index, but not by {columns}",
                                    columns=columns))
        for step in forbid:
            if any(step in p for p in plan):
                fail(msg("the query uses your index but still needs '{step}'; its plan is:\n{shown}", step=step,
                         shown=shown), hint=hint,
                     hidden_message=msg("another query of the same kind uses your index but still needs "
                                        "'{step}'",
                                        step=step))
        return plan
    finally:
        conn.close()


# --------------------------------------------------------------------------- functions that query

def _show_arg(a) -> str:
    if isinstance(a, sqlite3.Connection):
        return "conn"
    return repr(a)


def check_rows_returned(func, args: tuple, expected: list[tuple], *, tol: float = 1e-6,
                        hint: str | None = None) -> None:
    """``func(*args)`` returns a list of row tuples equal to ``expected``, in
    order. ``func`` is the student's function (a Ref when graded); a
    connection among ``args`` is shown as ``conn`` (pass one made with
    ``generated(shop.connect, seed=...)`` so that it exists on both sides)."""
    name = getattr(func, "_label", None) or getattr(func, "__name__", "your function")
    text = f"{name}({', '.join(_show_arg(a) for a in args)})"
    got = call(func, *args, what=text, hint=hint)
    rows_ok = isinstance(got, list) and all(isinstance(r, tuple) for r in got)
    if not rows_ok:
        kind = type(got).__name__ if not isinstance(got, list) or not got else \
            msg("list of {type}", type=type(next(r for r in got if not isinstance(r, tuple))).__name__)
        fail(msg("{text} should return a list of tuples, not a {kind}: {got}", text=text, kind=kind, got=short(got)),
             hint=hint or "cursor.fetchall() returns a list of tuples",
             hidden_message=msg("{name}(...) does not return a list of tuples", name=name))
    got = [tuple(r) for r in got]
    expected = [tuple(r) for r in expected]
    if len(got) != len(expected):
        diff = len(got) - len(expected)
        lines = [msg("{text} returned {got}, expected {expected} ({difference})", text=text,
                     got=nmsg("{n} row", "{n} rows", len(got)), expected=len(expected),
                     difference=nmsg("{n} extra row", "{n} extra rows", diff) if diff > 0 else
                     nmsg("{n} missing row", "{n} missing rows", -diff))]
        if expected:
            lines.append(msg("  first expected row: {row!r}", row=expected[0]))
        if got:
            lines.append(msg("  your first row:     {row!r}", row=got[0]))
        fail(joined(lines, "\n"), hint=hint,
             hidden_message=msg("{name}(...) returns more rows than it should for another input", name=name)
             if diff > 0 else msg("{name}(...) returns fewer rows than it should for another input", name=name))
    for i, (e, g) in enumerate(zip(expected, got)):
        if not _rows_equal(e, g, tol):
            fail(msg("{text}: row {row} should be {e!r} but is {g!r}", text=text, row=i + 1, e=e, g=g),
                 hint=hint or "check the columns and the order (ORDER BY order_date, order_id)",
                 hidden_message=msg("{name}(...) returns wrong rows for another input", name=name))
