"""Checks for SQL answers (02_sql and later assignments that query the shop).

A SQL answer is a string holding one query. These helpers run it through a
**read-only** connection to Daon Market's database (``workbook.data.shop``)
and compare the result with what is expected:

* column names (case-insensitive; the order of the columns does not matter),
* the number of rows,
* the values (numbers within a tolerance, so ``3`` equals ``3.0``),
* the order of the rows only when the question asks for one.

Messages say what differs (a missing column, 3 extra rows, the first row that
differs) and never show a reference query. A query that is not valid SQL gets
SQLite's error and the line it points at.

``check_query`` compares with literal expected rows (visible tests);
``check_query_summary`` with a few properties of a large result;
``check_query_matches`` runs a reference query on another seed's database
and compares (hidden tests: the reference stays in the hidden region).
"""
from __future__ import annotations

import math
import re
import sqlite3
import time
from collections import Counter

from .checks import CheckFailed, fail, short
from .data import shop

MAX_ROWS = 200_000
TIME_LIMIT = 10.0  # seconds per query


# --------------------------------------------------------------------------- running

def _limit_connection(conn: sqlite3.Connection, time_limit: float) -> None:
    deadline = time.monotonic() + time_limit
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 20_000)
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    except AttributeError:  # pragma: no cover - Python < 3.11
        pass


def _error_line(conn: sqlite3.Connection, query: str, message: str) -> tuple[int, int, int] | None:
    """(line number, column, width) of what SQLite's error points at, if we can tell."""
    pos = width = None
    m = re.match(r'near "(.*)": syntax error$', message, re.S)
    if m:
        token = m.group(1)
        # the smallest prefix of the query that already fails with the same error
        ends = [mm.end() for mm in re.finditer(r"\S+", query)]
        for end in ends:
            try:
                conn.execute("EXPLAIN " + query[:end]).fetchone()
            except sqlite3.Error as e:
                if str(e) == message:
                    start = query.lower().rfind(token.lower(), 0, end) if token else -1
                    pos, width = (start, len(token)) if start >= 0 else (end - 1, 1)
                    break
        if pos is None and token:
            idx = query.lower().find(token.lower())
            if idx >= 0:
                pos, width = idx, len(token)
    m = m or re.match(r"(no such column|no such table|no such function|ambiguous column name): (\S+)", message)
    if pos is None and m and m.lastindex == 2:
        name = m.group(2)
        found = re.search(r"(?<![\w.])" + re.escape(name) + r"(?!\w)", query, re.I)
        if not found and "." in name:
            found = re.search(r"(?<![\w.])" + re.escape(name.split(".")[-1]) + r"(?!\w)", query, re.I)
        if found:
            pos, width = found.start(), found.end() - found.start()
    if pos is None and message == "incomplete input":
        stripped = query.rstrip()
        pos, width = max(0, len(stripped) - 1), 1
    if pos is None:
        return None
    line_no = query.count("\n", 0, pos) + 1
    col = pos - (query.rfind("\n", 0, pos) + 1)
    return line_no, col, max(1, width)


def _sql_error(question: str, query: str, conn: sqlite3.Connection, e: Exception, hint: str | None):
    __tracebackhide__ = True
    message = str(e)
    if message == "interrupted":
        fail(question, f"your query ran for more than {TIME_LIMIT:g} s and was stopped",
             hint=hint or "a join without its ON condition multiplies the rows of both tables")
    if "readonly database" in message or "read-only" in message:
        fail(question, "your query tries to change the database, which is read-only here",
             hint=hint or "this answer should be a SELECT (or WITH ... SELECT) query")
    if "one statement at a time" in message:
        fail(question, "your answer holds more than one SQL statement",
             hint=hint or "keep one query; a semicolon between two statements makes two")
    if "binding" in message.lower() or "supplied" in message:
        fail(question, f"the parameters do not fit your query: {message}",
             hint=hint or "write each parameter the question names as :name in the query (e.g. :ref), not ?")
    where = _error_line(conn, query, message)
    lines = [f"your query is not valid SQL: {message}"]
    if where:
        line_no, col, width = where
        text = query.splitlines()[line_no - 1] if query.splitlines() else query
        prefix = f"  line {line_no}: "
        lines.append(prefix + text.replace("\t", " "))
        lines.append(" " * (len(prefix) + col) + "^" * min(width, max(1, len(text) - col)))
    fail(question, "\n".join(lines), hint=hint)


def _require_query(question: str, query) -> str:
    __tracebackhide__ = True
    if not isinstance(query, str):
        fail(question, f"the answer should be a string holding a SQL query, not a {type(query).__name__}",
             hint='write it as q = """SELECT ..."""')
    if not query.strip() or not query.strip().strip(";").strip():
        fail(question, "the query is empty")
    return query


def fetch(question: str, query, *, seed: int = 0, params=None, conn: sqlite3.Connection | None = None,
          hint: str | None = None, time_limit: float = TIME_LIMIT) -> tuple[list[str], list[tuple]]:
    """Run ``query`` read-only and return (column names, rows); problems become CheckFailed."""
    __tracebackhide__ = True
    query = _require_query(question, query)
    own = conn is None
    if own:
        conn = shop.connect(seed, readonly=True)
    try:
        _limit_connection(conn, time_limit)
        try:
            cur = conn.execute(query, params if params is not None else ())
            rows = cur.fetchmany(MAX_ROWS + 1)
        except (sqlite3.Error, sqlite3.Warning, ValueError) as e:
            _sql_error(question, query, conn, e, hint)
        if cur.description is None:
            fail(question, "your statement returns no rows at all (it is not a query)",
                 hint=hint or "this answer should be a SELECT (or WITH ... SELECT) query")
        if len(rows) > MAX_ROWS:
            fail(question, f"your query returns more than {MAX_ROWS:,} rows",
                 hint=hint or "a join without its ON condition multiplies the rows of both tables")
        columns = [d[0] for d in cur.description]
        return columns, [tuple(r) for r in rows]
    finally:
        conn.set_progress_handler(None, 0)
        if own:
            conn.close()


def run_query(query: str, seed: int = 0, params=None):
    """Run a query read-only on the shop database and return a pandas DataFrame (for exploring)."""
    import pandas as pd
    with_conn = shop.connect(seed, readonly=True)
    try:
        return pd.read_sql(query, with_conn, params=params)
    finally:
        with_conn.close()


def query_plan(conn: sqlite3.Connection, query: str, params=None) -> list[str]:
    """The lines of ``EXPLAIN QUERY PLAN`` for ``query``, e.g. ['SCAN orders']."""
    rows = conn.execute("EXPLAIN QUERY PLAN " + query, params if params is not None else ()).fetchall()
    return [r[-1] for r in rows]


# --------------------------------------------------------------------------- comparing

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


def _check_columns(question: str, expected: list[str], got: list[str], hint: str | None) -> list[int]:
    """Indexes of ``got`` in the order of ``expected``; CheckFailed if the names differ."""
    __tracebackhide__ = True
    low_got = [c.lower() for c in got]
    low_exp = [c.lower() for c in expected]
    missing = [c for c, lc in zip(expected, low_exp) if lc not in low_got]
    extra = [c for c, lc in zip(got, low_got) if lc not in low_exp]
    dup = sorted({c for c in low_got if low_got.count(c) > 1})
    if missing or extra or dup or len(got) != len(expected):
        parts = []
        if missing:
            parts.append("missing column" + ("s" if len(missing) > 1 else "") + ": " + ", ".join(missing))
        if extra:
            parts.append("unexpected column" + ("s" if len(extra) > 1 else "") + ": " + ", ".join(extra))
        if dup:
            parts.append("repeated column name" + ("s" if len(dup) > 1 else "") + ": " + ", ".join(dup))
        msg = "wrong columns: " + "; ".join(parts) + f"\n  expected columns: {', '.join(expected)}" \
              f"\n  your columns:     {', '.join(got)}"
        fail(question, msg, hint=hint or "name each computed column with AS, e.g. COUNT(*) AS n_orders")
    return [low_got.index(c) for c in low_exp]


def _compare_rows(question: str, columns: list[str], expected: list[tuple], got: list[tuple], *,
                  ordered: bool, order_by: list[str] | None, tol: float, hint: str | None) -> None:
    __tracebackhide__ = True
    expected = [tuple(r) for r in expected]
    n_e, n_g = len(expected), len(got)
    # the same multiset of rows?
    se, sg = sorted(expected, key=_row_key), sorted(got, key=_row_key)
    same_set = n_e == n_g and all(_rows_equal(a, b, tol) for a, b in zip(se, sg))
    if not same_set:
        ce, cg = Counter(map(_row_key, expected)), Counter(map(_row_key, got))
        missing_keys, extra_keys = ce - cg, cg - ce
        missing = [r for r in expected if missing_keys.get(_row_key(r), 0) > 0]
        extra = [r for r in got if extra_keys.get(_row_key(r), 0) > 0]
        lines = []
        if n_e != n_g:
            diff = n_g - n_e
            lines.append(f"expected {n_e} row{'s' * (n_e != 1)}, got {n_g} "
                         f"({abs(diff)} {'extra' if diff > 0 else 'missing'} row{'s' * (abs(diff) != 1)})")
        else:
            lines.append(f"right number of rows ({n_e}) but {max(len(missing), 1)} of them differ")
        if ordered and n_g and n_e:
            for i, (a, b) in enumerate(zip(expected, got)):
                if not _rows_equal(a, b, tol):
                    lines.append(f"  first differing row is row {i + 1}:")
                    lines.append(f"    expected {_fmt_row(columns, a)}")
                    lines.append(f"    got      {_fmt_row(columns, b)}")
                    break
        else:
            if missing:
                lines.append(f"  a row you should have but do not: {_fmt_row(columns, missing[0])}")
            if extra:
                lines.append(f"  a row you have that should not be there: {_fmt_row(columns, extra[0])}")
        if n_g == 0:
            lines.append("  your query returned no rows at all")
        fail(question, "\n".join(lines), hint=hint)
    if ordered:
        for i, (a, b) in enumerate(zip(expected, got)):
            if not _rows_equal(a, b, tol):
                fail(question, f"the rows are right but not in the order asked for: row {i + 1} should be\n"
                     f"    {_fmt_row(columns, a)}\n  but is\n    {_fmt_row(columns, b)}",
                     hint=hint or "check your ORDER BY (column, direction and tie-breaker)")
    elif order_by:
        idx = [columns.index(c) for c in order_by]
        for i, (a, b) in enumerate(zip(expected, got)):
            if not all(_value_equal(a[j], b[j], tol) for j in idx):
                fail(question, f"the rows are right but not in the order asked for: at row {i + 1} expected "
                     f"{', '.join(f'{columns[j]}={short(a[j])}' for j in idx)}, got "
                     f"{', '.join(f'{columns[j]}={short(b[j])}' for j in idx)}",
                     hint=hint or f"sort with ORDER BY {', '.join(order_by)} (check ASC / DESC)")


def _reorder(rows, idx):
    return [tuple(r[i] for i in idx) for r in rows]


def check_query(question: str, query, columns: list[str], rows: list[tuple], *, ordered: bool = False,
                order_by: list[str] | None = None, seed: int = 0, params=None, tol: float = 1e-6,
                hint: str | None = None, conn: sqlite3.Connection | None = None) -> None:
    """Run ``query`` on the database of ``seed`` and compare with literal ``columns`` and ``rows``.

    ``ordered=True``: the rows must come in exactly this order.
    ``order_by=[cols]``: the rows must be sorted like the expected ones on those columns
    (ties may come in any order)."""
    __tracebackhide__ = True
    got_cols, got_rows = fetch(question, query, seed=seed, params=params, conn=conn, hint=hint)
    idx = _check_columns(question, list(columns), got_cols, hint)
    _compare_rows(question, list(columns), list(rows), _reorder(got_rows, idx), ordered=ordered,
                  order_by=order_by, tol=tol, hint=hint)


def check_query_summary(question: str, query, columns: list[str], n_rows: int, *, first_rows=(),
                        contains=(), sums: dict | None = None, ordered: bool = False, seed: int = 0,
                        params=None, tol: float = 1e-6, hint: str | None = None,
                        conn: sqlite3.Connection | None = None) -> None:
    """For a large result: the columns, the number of rows, and some rows.

    ``first_rows`` must be the first rows (only with ``ordered=True``);
    ``contains`` rows must appear somewhere; ``sums`` maps a column to the
    expected sum of its values."""
    __tracebackhide__ = True
    got_cols, got_rows = fetch(question, query, seed=seed, params=params, conn=conn, hint=hint)
    idx = _check_columns(question, list(columns), got_cols, hint)
    got = _reorder(got_rows, idx)
    if len(got) != n_rows:
        diff = len(got) - n_rows
        fail(question, f"expected {n_rows} rows, got {len(got)} ({abs(diff)} "
             f"{'extra' if diff > 0 else 'missing'} row{'s' * (abs(diff) != 1)})", hint=hint)
    for i, row in enumerate(first_rows):
        if not _rows_equal(tuple(row), got[i], tol):
            fail(question, f"row {i + 1} should be\n    {_fmt_row(columns, row)}\n  but is\n    "
                 f"{_fmt_row(columns, got[i])}", hint=hint)
    for row in contains:
        if not any(_rows_equal(tuple(row), g, tol) for g in got):
            fail(question, f"a row you should have but do not: {_fmt_row(columns, row)}", hint=hint)
    for col, total in (sums or {}).items():
        j = [c.lower() for c in columns].index(col.lower())
        values = [g[j] for g in got]
        if not all(v is None or _is_number(v) for v in values):
            fail(question, f"column {col} should hold numbers", hint=hint)
        s = sum(v for v in values if v is not None)
        if not math.isclose(float(s), float(total), rel_tol=1e-9, abs_tol=max(tol, tol * len(values))):
            fail(question, f"the values of column {col} add up to {short(s)}, expected {short(total)}", hint=hint)


def check_query_matches(question: str, query, reference: str, *, seed: int = 1, params=None,
                        ordered: bool = False, order_by: list[str] | None = None, tol: float = 1e-6,
                        hint: str | None = None) -> None:
    """Run ``query`` and the ``reference`` query on the database of ``seed`` and compare.

    Used in hidden tests: messages describe the results, never the reference."""
    __tracebackhide__ = True
    conn = shop.connect(seed, readonly=True)
    try:
        try:
            ref_cur = conn.execute(reference, params if params is not None else ())
            ref_rows = [tuple(r) for r in ref_cur.fetchall()]
            ref_cols = [d[0] for d in ref_cur.description]
        except sqlite3.Error as e:  # an authoring bug, never the student's
            raise RuntimeError(f"{question}: the reference query fails: {type(e).__name__}") from None
        got_cols, got_rows = fetch(question, query, conn=conn, params=params, hint=hint)
    finally:
        conn.close()
    idx = _check_columns(question, ref_cols, got_cols, hint)
    try:
        _compare_rows(question, ref_cols, ref_rows, _reorder(got_rows, idx), ordered=ordered,
                      order_by=order_by, tol=tol, hint=hint)
    except CheckFailed as e:
        raise CheckFailed(question, f"on another database (seed {seed}{', ' + _fmt_params(params) if params else ''}): "
                          + str(e).split(": ", 1)[1], hint=None, show_values=False) from None


def _fmt_params(params) -> str:
    if isinstance(params, dict):
        return ", ".join(f":{k} = {v!r}" for k, v in params.items())
    return f"parameters {tuple(params)!r}"


# --------------------------------------------------------------------------- schema design

def check_table_design(question: str, ddl, table: str, columns: list[str], good: list[dict],
                       bad: list[tuple[dict, str]], *, seed: int = 0, hint: str | None = None) -> None:
    """Create the table from ``ddl`` on a private writable copy of the shop
    database, then insert rows: every ``good`` row must be accepted, every
    ``bad`` row (with the reason it is bad) rejected. Rows are dicts
    column -> value, inserted one at a time after the good rows."""
    __tracebackhide__ = True
    ddl = _require_query(question, ddl)
    conn = shop.connect(seed, readonly=False)
    try:
        try:
            conn.executescript(ddl)
        except sqlite3.Error as e:
            _sql_error(question, ddl, conn, e, hint)
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        if not cols:
            fail(question, f"your statement does not create a table called {table}", hint=hint)
        _check_columns(question, columns, cols, hint="use exactly the column names asked for")
        conn.execute("PRAGMA foreign_keys = ON")

        def insert(row):
            names = ", ".join(row)
            marks = ", ".join("?" * len(row))
            conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))

        for row in good:
            try:
                insert(row)
            except sqlite3.Error as e:
                fail(question, f"{table} rejects a row it should accept: {row}\n  SQLite says: {e}", hint=hint)
        for row, why in bad:
            conn.execute("SAVEPOINT probe")
            try:
                insert(row)
            except sqlite3.Error:
                conn.execute("ROLLBACK TO probe")
                conn.execute("RELEASE probe")
                continue
            conn.execute("ROLLBACK TO probe")
            conn.execute("RELEASE probe")
            fail(question, f"{table} accepts a row it should reject: {row}\n  why it is bad: {why}", hint=hint)
    finally:
        conn.close()


# --------------------------------------------------------------------------- indexes

def check_index_used(question: str, ddl, query: str, *, params=None, seed: int = 0, table: str | None = None,
                     forbid=("USE TEMP B-TREE",), hint: str | None = None) -> list[str]:
    """Run ``ddl`` (CREATE INDEX ...) on a private writable copy, then check
    that ``EXPLAIN QUERY PLAN`` of ``query`` searches with one of the new
    indexes and shows none of the ``forbid`` steps. Returns the plan."""
    __tracebackhide__ = True
    ddl = _require_query(question, ddl)
    conn = shop.connect(seed, readonly=False)
    try:
        before = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        tables_before = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        try:
            conn.executescript(ddl)
        except sqlite3.Error as e:
            _sql_error(question, ddl, conn, e, hint)
        new = {r[0]: r[1] for r in conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
               if r[0] not in before}
        tables_after = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables_after != tables_before:
            fail(question, "your answer should only create an index, not create or drop tables", hint=hint)
        if not new:
            fail(question, "your answer does not create an index", hint=hint or "CREATE INDEX name ON table(columns)")
        if table and not any(t == table for t in new.values()):
            fail(question, f"your index is not on the table {table}", hint=hint)
        plan = query_plan(conn, query, params)
        shown = "\n".join("    " + p for p in plan)
        used = [name for name in new if any(f"USING INDEX {name} (" in p or f"USING COVERING INDEX {name} (" in p
                                              for p in plan)]
        if not used:
            fail(question, f"the query does not search with your index; its plan is:\n{shown}",
                 hint=hint or "SEARCH ... USING INDEX needs the index to start with the column in WHERE")
        for step in forbid:
            if any(step in p for p in plan):
                fail(question, f"the query uses your index but still needs '{step}'; its plan is:\n{shown}",
                     hint=hint)
        return plan
    finally:
        conn.close()


# --------------------------------------------------------------------------- functions that query

def _show_arg(a) -> str:
    if isinstance(a, sqlite3.Connection):
        return "conn"
    return repr(a)


def check_rows_returned(question: str, func, args: tuple, expected: list[tuple], *, tol: float = 1e-6,
                        hint: str | None = None) -> None:
    """``func(*args)`` returns a list of row tuples equal to ``expected``, in order."""
    __tracebackhide__ = True
    name = getattr(func, "__name__", "your function")
    call = f"{name}({', '.join(_show_arg(a) for a in args)})"
    try:
        got = func(*args)
    except Exception as e:  # the student's bug, reported as a message
        fail(question, f"{call} raised {type(e).__name__}: {e}", hint=hint)
    if not isinstance(got, (list, tuple)) or not all(isinstance(r, (list, tuple, sqlite3.Row)) for r in got):
        fail(question, f"{call} should return a list of tuples, not {short(got)}",
             hint=hint or "cursor.fetchall() returns a list of tuples")
    got = [tuple(r) for r in got]
    expected = [tuple(r) for r in expected]
    if len(got) != len(expected):
        diff = len(got) - len(expected)
        msg = (f"{call} returned {len(got)} row{'s' * (len(got) != 1)}, expected {len(expected)} "
               f"({abs(diff)} {'extra' if diff > 0 else 'missing'})")
        if expected:
            msg += f"\n  first expected row: {expected[0]!r}"
        if got:
            msg += f"\n  your first row:     {got[0]!r}"
        fail(question, msg, hint=hint)
    for i, (e, g) in enumerate(zip(expected, got)):
        if not _rows_equal(e, g, tol):
            fail(question, f"{call}: row {i + 1} should be {e!r} but is {g!r}",
                 hint=hint or "check the columns and the order (ORDER BY order_date, order_id)")
