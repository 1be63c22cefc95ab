"""Checks for SQL answers (02_sql, and any later assignment that queries the shop).

A SQL answer is a string: data, never code that runs in the student's kernel.
The test function runs it itself, in the student's kernel when they run the
test cell and in the grader's judge when the notebook is graded, on Daon
Market's database (``workbook.data.shop``):

* a query runs on a **read-only** connection to the cached file (opened with
  ``mode=ro`` and ``PRAGMA query_only``), under a time limit (a progress
  handler), with bounded result and value sizes, and with an authorizer that
  refuses ``ATTACH`` and ``DETACH`` (which also stops ``VACUUM INTO``, a
  file write) and every ``PRAGMA`` but the ones that describe the schema;
* a statement that changes the schema (a ``CREATE TABLE``, a ``CREATE
  INDEX``) runs on a private **in-memory copy** (the backup API), under the
  same limits; the cached file is never opened for writing.

The result is compared with what is expected:

* column names (case-insensitive; the order of the columns does not matter),
* the number of rows,
* the values (numbers within a tolerance, so ``3`` equals ``3.0``),
* the order of the rows only when the question asks for one.

Messages say what differs (a missing column, 3 extra rows, the first row
that differs) and never show a reference query. A query that is not valid
SQL gets SQLite's error, the line it points at and a caret, and no hint
about the logic (a hint is for a wrong result). A check that fails in the
hidden part of a test shows only which kind of check failed (``hidden_message``),
never a value.

``check_query`` compares with literal expected rows (visible tests);
``check_query_summary`` with a few properties of a large result;
``check_query_matches`` runs a reference query on the database of another
seed (hidden tests: the reference stays in the hidden part, in the judge).

The helpers run inside an ``@exercise`` test function, which names the
question in every message.
"""
from __future__ import annotations

import math
import re
import sqlite3
import time
import typing
from collections import Counter

from .core import fail, short
from .exercise import call
from ..data import shop
from .exercise import StringKind
from ..messages import as_message, joined, msg, nmsg

SQL = typing.Annotated[str, StringKind("sql")]   # an SQLite query, in a test's annotation

MAX_ROWS = 200_000
TIME_LIMIT = 10.0            # seconds per answer
MAX_VALUE = 20_000_000       # bytes of one string or blob a query may build
MAX_SQL = 1_000_000          # characters of one statement
MAX_RESULT = 64_000_000      # bytes (about) of a whole result, the row being fetched included
ERROR_CONTEXT = 60           # characters shown on each side of where an invalid query fails
SLOW_HINT = "a join without its ON condition multiplies the rows of both tables"

# PRAGMAs that only describe the schema (also the table-valued pragma_...() functions)
_DESCRIBING_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "foreign_keys", "collation_list", "function_list", "database_list",
})


# --------------------------------------------------------------------------- connections

def _authorize(action, arg1, arg2, db_name, trigger):
    """The authorizer of every connection an answer runs on."""
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):   # also VACUUM INTO (a file write)
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and str(arg1 or "").lower() not in _DESCRIBING_PRAGMAS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and str(arg2 or "").lower() == "load_extension":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


class _Guard:
    """Limits on a connection while an answer runs on it: a deadline, the
    sizes of values and statements, no attached databases, the authorizer."""

    def __init__(self, conn: sqlite3.Connection, time_limit: float | None):
        self.conn = conn
        self.time_limit = TIME_LIMIT if time_limit is None else time_limit

    def __enter__(self):
        deadline = time.monotonic() + self.time_limit
        c = self.conn
        c.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
        self.old = {lim: c.setlimit(lim, val) for lim, val in (
            (sqlite3.SQLITE_LIMIT_ATTACHED, 0), (sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE),
            (sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL))}
        c.set_authorizer(_authorize)
        return c

    def __exit__(self, *exc):
        c = self.conn
        c.set_authorizer(None)
        c.set_progress_handler(None, 0)
        for lim, val in self.old.items():
            c.setlimit(lim, val)
        return False


def open_readonly(seed: int = 0, edge_cases: bool = False) -> sqlite3.Connection:
    """The cached database of ``seed``, read-only (``mode=ro`` and
    ``query_only``); with ``edge_cases=True`` an in-memory copy in which
    ``shop.plant_edge_cases`` planted the questions' boundary cases."""
    conn = shop.connect(seed, readonly=True, edge_cases=edge_cases)
    conn.execute("PRAGMA query_only = ON")
    return conn


def open_copy(seed: int = 0) -> sqlite3.Connection:
    """A private in-memory copy of the database of ``seed`` (foreign keys on)."""
    return shop.connect(seed, readonly=False)


# --------------------------------------------------------------------------- errors

def _fails_with(conn: sqlite3.Connection, prefix: str, message: str) -> bool:
    """Does SQLite refuse ``prefix`` (compiled, never run) with ``message``?"""
    try:
        conn.execute("EXPLAIN " + prefix).fetchone()
    except sqlite3.Error as e:
        return str(e) == message
    except Exception:
        return False
    return False


def _error_line(conn: sqlite3.Connection, query: str, message: str) -> tuple[int, int, int] | None:
    """(line number, column, width) of what SQLite's error points at, if we can tell."""
    pos = width = None
    m = re.match(r'near "(.*)": syntax error$', message, re.S)
    if m:
        token = m.group(1)
        # The smallest prefix of the query (cut after a word) that already
        # fails with the same error. SQLite stops at the first token it cannot
        # parse, whatever follows it, so the prefixes that fail with this error
        # are exactly the ones that reach that token: a bisection finds the
        # first in log2(words) compilations (a 72 KB query: 15), not one per word.
        ends = [mm.end() for mm in re.finditer(r"\S+", query)]
        lo, hi = 0, len(ends)
        while lo < hi:
            mid = (lo + hi) // 2
            if _fails_with(conn, query[:ends[mid]], message):
                hi = mid
            else:
                lo = mid + 1
        if lo < len(ends):
            end = ends[lo]
            start = query.lower().rfind(token.lower(), 0, end) if token else -1
            pos, width = (start, len(token)) if start >= 0 else (end - 1, 1)
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
    agg = re.match(r"misuse of (?:aggregate|aggregate function|window function) (\w+)\(\)$", message) or \
        re.match(r"misuse of aggregate: (\w+)\(\)$", message)
    if pos is None and agg:
        calls = [mm for mm in re.finditer(r"(?<![\w.])" + re.escape(agg.group(1)) + r"\s*\(", query, re.I)]
        where = re.search(r"\b(WHERE|ON|GROUP\s+BY)\b", query, re.I)
        after = [mm for mm in calls if where and mm.start() > where.start()]
        chosen = (after or calls or [None])[0]
        if chosen is not None:
            pos, width = chosen.start(), len(agg.group(1))
    if pos is None and message == "incomplete input":
        stripped = query.rstrip()
        pos, width = max(0, len(stripped) - 1), 1
    if pos is None:
        return None
    line_no = query.count("\n", 0, pos) + 1
    col = pos - (query.rfind("\n", 0, pos) + 1)
    return line_no, col, max(1, width)


def _sql_error(query: str, conn: sqlite3.Connection, e: Exception, what=None):
    """The message for an answer SQLite refused or stopped (never a logic hint);
    ``what`` names the answer (a message: "query", "statement", "table")."""
    what = what or msg("query")
    message = str(e)
    if message == "interrupted":
        fail(msg("your {what} ran for more than {TIME_LIMIT:g} s and was stopped", what=as_message(what), TIME_LIMIT=TIME_LIMIT), hint=SLOW_HINT,
             hidden_message=msg("your {what} ran longer than the time limit ({TIME_LIMIT:g} s)", what=as_message(what), TIME_LIMIT=TIME_LIMIT))
    if message.startswith(("not authorized", "authorization denied")) or "prohibited" in message:
        fail(msg("your {what} uses a statement the tests do not allow (ATTACH, DETACH, VACUUM INTO or a PRAGMA)", what=as_message(what)),
             hint="the answer needs none of them",
             hidden_message=msg("your {what} uses a statement the tests do not allow", what=as_message(what)))
    if "readonly database" in message or "read-only" in message or "query_only" in message:
        fail(msg("your {what} tries to change the database, which is read-only here", what=as_message(what)),
             hint="this answer should be a SELECT (or WITH ... SELECT) query",
             hidden_message=msg("your {what} tries to change the database", what=as_message(what)))
    if "one statement at a time" in message:
        fail("your answer holds more than one SQL statement",
             hint="keep one query; a semicolon between two statements makes two",
             hidden_message="your answer holds more than one SQL statement")
    if "binding" in message.lower() or "supplied" in message:
        fail(msg("the parameters do not fit your query: {message}", message=as_message(message)),
             hint="write each parameter the question names as :name in the query (e.g. :ref), not ?",
             hidden_message="the parameters of this test do not fit your query")
    if "too big" in message:
        fail(msg("your {what} builds a value larger than {megabytes} MB", what=as_message(what),
                 megabytes=MAX_VALUE // 1_000_000),
             hidden_message=msg("your {what} builds a value that is too large", what=as_message(what)))
    if isinstance(e, MemoryError):
        _too_much_data()
    if message.startswith("misuse of") and "window function" in message:   # WHERE rank <= 3 beside its RANK()
        fail(msg("your {what} uses a window function's result in WHERE, GROUP BY or HAVING of the SELECT that "
                 "computes it; SQLite computes window functions after those clauses", what=as_message(what)),
             hint="compute the window function in a CTE or a subquery, then filter its result in the outer query",
             hidden_message=msg("your {what} uses a window function where SQLite cannot compute it",
                                what=as_message(what)))
    where = _error_line(conn, query, message)
    lines = [msg("your {what} is not valid SQL: {error}", what=as_message(what), error=message[:ERROR_CONTEXT * 2])]
    if where:
        line_no, col, width = where
        text = query.splitlines()[line_no - 1] if query.splitlines() else query
        if len(text) > 2 * ERROR_CONTEXT:   # a long line: the part around the error
            start = max(0, col - ERROR_CONTEXT)
            more = "..." if col + ERROR_CONTEXT < len(text) else ""
            lead = "..." if start else ""
            text, col = lead + text[start:col + ERROR_CONTEXT] + more, col - start + len(lead)
        prefix = f"  {line_no} | "     # the line's number, as an editor shows it: the same in every language
        lines.append(prefix + text.replace("\t", " "))
        lines.append(" " * (len(prefix) + col) + "^" * min(width, max(1, len(text) - col)))
    fail(joined(lines, "\n"), hidden_message=msg("your {what} raised an SQLite error", what=as_message(what)))


def _require_query(query, what=None) -> str:
    what = what or msg("query")
    if not isinstance(query, str):
        fail(msg("the answer should be a string holding a SQL {what}, not a {type}", what=as_message(what),
                 type=type(query).__name__),
             hint='write it as q = """SELECT ..."""', hidden_message="the answer is not a string")
    if not query.strip() or not query.strip().strip(";").strip():
        fail(msg("the {what} is empty", what=as_message(what)), hidden_message=msg("the {what} is empty", what=as_message(what)))
    return query


# --------------------------------------------------------------------------- running

def _result_width(conn: sqlite3.Connection, query: str, params) -> int:
    """How many columns each row of ``query`` has, from its compiled program
    (``EXPLAIN``: the ``ResultRow`` instructions), without running it; when
    it cannot be compiled, SQLite's own bound on the columns of a result."""
    try:
        program = conn.execute("EXPLAIN " + query, params if params is not None else ()).fetchall()
        return max([r[3] for r in program if r[1] == "ResultRow" and isinstance(r[3], int)] + [1])
    except Exception:
        return max(1, conn.getlimit(sqlite3.SQLITE_LIMIT_COLUMN))


def _value_size(v) -> int:
    return len(v) if isinstance(v, (str, bytes)) else 8


def _too_much_data():
    fail(msg("your query returns more than {megabytes} MB of data", megabytes=MAX_RESULT // 1_000_000), hint=SLOW_HINT,
         hidden_message="your query returns far too much data")


def fetch(query, *, seed: int = 0, params=None, conn: sqlite3.Connection | None = None,
          time_limit: float | None = None) -> tuple[list[str], list[tuple]]:
    """Run ``query`` read-only (on ``conn``, or the database of ``seed``) and
    return (column names, rows); every problem becomes a failed check."""
    query = _require_query(query)
    own = conn is None
    if own:
        conn = open_readonly(seed)
    try:
        with _Guard(conn, time_limit) as c:
            # The result is held to about MAX_RESULT bytes: each row is
            # built (by SQLite) under a value length limit of MAX_RESULT
            # divided by its number of columns, so no row, however it is
            # built (printf, zeroblob, replace...), is larger than the cap,
            # and fetching stops once the rows fetched pass it. Python's
            # cursor computes the next row when it hands out the current one,
            # so the grader holds at most the rows within the cap, one row
            # past it and the row ahead: each at most MAX_RESULT.
            width = _result_width(c, query, params)
            per_value = max(1, min(MAX_VALUE, MAX_RESULT // width))
            c.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, per_value)
            size, rows, over = 0, [], False
            try:
                cur = c.execute(query, params if params is not None else ())
                while True:
                    row = cur.fetchone()
                    if row is None:
                        break
                    rows.append(row)
                    size += sum(_value_size(v) for v in row)
                    if len(rows) > MAX_ROWS or size > MAX_RESULT:
                        over = size > MAX_RESULT
                        break
            except (sqlite3.Error, sqlite3.Warning, ValueError, OverflowError, MemoryError) as e:
                if "too big" in str(e) and per_value < MAX_VALUE:   # the result's cap, not a value's
                    rows, over = [], True
                else:
                    _sql_error(query, conn, e)
        if over:
            rows = []
            _too_much_data()
        if cur.description is None:
            fail("your statement returns no rows at all (it is not a query)",
                 hint="this answer should be a SELECT (or WITH ... SELECT) query",
                 hidden_message="your statement is not a query")
        if len(rows) > MAX_ROWS:
            fail(msg("your query returns more than {MAX_ROWS:,} rows", MAX_ROWS=MAX_ROWS), hint=SLOW_HINT,
                 hidden_message="your query returns far too many rows")
        columns = [d[0] for d in cur.description]
        return columns, [tuple(r) for r in rows]
    finally:
        if own:
            conn.close()


def run_query(query: str, seed: int = 0, params=None):
    """Run a query read-only on the shop database and return a pandas DataFrame (for exploring)."""
    import pandas as pd
    conn = shop.connect(seed, readonly=True)
    try:
        return pd.read_sql(query, conn, params=params)
    finally:
        conn.close()


def query_plan(conn: sqlite3.Connection, query: str, params=None) -> list[str]:
    """The lines of ``EXPLAIN QUERY PLAN`` for ``query``, e.g. ['SCAN orders']."""
    rows = conn.execute("EXPLAIN QUERY PLAN " + query, params if params is not None else ()).fetchall()
    return [r[-1] for r in rows]


class PlanStep(typing.NamedTuple):
    """One step of SQLite's plan as facts: ``op`` SCAN or SEARCH ('' for the other steps: a temporary
    B-tree, a subquery...), the table (its alias when the query gives one), the index it uses (None: the
    table itself or its primary key) and the columns the search constrains, in the plan's order
    (``SEARCH v USING INDEX ix_dc (device=? AND customer_id=?)``: ('device', 'customer_id'))."""
    detail: str
    op: str = ""
    table: str = ""
    index: str | None = None
    columns: tuple[str, ...] = ()


_STEP = re.compile(r"(SCAN|SEARCH)\s(\S+)(?:\sUSING\s(?:COVERING\s)?INDEX\s(\S+)|\sUSING\s(?:INTEGER\s)?PRIMARY\sKEY)?"
                   r"(?:\s\((.*)\))?$")


def plan_steps(conn: sqlite3.Connection, query: str, params=None) -> list[PlanStep]:
    """``EXPLAIN QUERY PLAN`` of ``query`` as ``PlanStep`` facts, one per line of the plan."""
    steps = []
    for detail in query_plan(conn, query, params):
        m = _STEP.match(detail)
        if not m:
            steps.append(PlanStep(detail))
            continue
        terms = m.group(4).split(" AND ") if m.group(4) else []
        columns = tuple(c.group(1) for t in terms if (c := re.match(r"\(?(\w+)", t.strip())))
        steps.append(PlanStep(detail, m.group(1), m.group(2), m.group(3), columns))
    return steps


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


def _compare_rows(columns: list[str], expected: list[tuple], got: list[tuple], *, ordered: bool,
                  order_by: list[str] | None, tol: float, hint, where="", hidden_where="") -> None:
    """The rows of an answer against the expected ones. ``where`` begins the
    message (a message: "on the database of seed 1: "); ``hidden_where`` the
    hidden one."""
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


def check_query(query, columns: list[str], rows: list[tuple], *, ordered: bool = False,
                order_by: list[str] | None = None, seed: int = 0, params=None, tol: float = 1e-6,
                hint: str | None = None) -> None:
    """Run ``query`` on the database of ``seed`` and compare with literal ``columns`` and ``rows``.

    ``ordered=True``: the rows must come in exactly this order.
    ``order_by=[cols]``: the rows must be sorted like the expected ones on those columns
    (ties may come in any order)."""
    got_cols, got_rows = fetch(query, seed=seed, params=params)
    idx = _check_columns(list(columns), got_cols, hint)
    _compare_rows(list(columns), list(rows), _reorder(got_rows, idx), ordered=ordered, order_by=order_by,
                  tol=tol, hint=hint)


def check_query_summary(query, columns: list[str], n_rows: int, *, first_rows=(), contains=(),
                        sums: dict | None = None, ordered: bool = False, seed: int = 0, params=None,
                        tol: float = 1e-6, hint: str | None = None) -> None:
    """For a large result: the columns, the number of rows, and some rows.

    ``first_rows`` must be the first rows (only with ``ordered=True``);
    ``contains`` rows must appear somewhere; ``sums`` maps a column to the
    expected sum of its values."""
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
    for row in contains:
        if not any(_rows_equal(tuple(row), g, tol) for g in got):
            fail(msg("a row you should have but do not: {row}", row=_fmt_row(columns, row)), hint=hint,
                 hidden_message="a row that should be in the result is not")
    for col, total in (sums or {}).items():
        j = [c.lower() for c in columns].index(col.lower())
        values = [g[j] for g in got]
        if not all(v is None or _is_number(v) for v in values):
            fail(msg("column {col} should hold numbers", col=col), hint=hint,
                 hidden_message=msg("column {col} should hold numbers", col=col))
        s = sum(v for v in values if v is not None)
        if not math.isclose(float(s), float(total), rel_tol=1e-9, abs_tol=max(tol, tol * len(values))):
            fail(msg("the values of column {col} add up to {s}, expected {total}", col=col, s=short(s),
                     total=short(total)), hint=hint,
                 hidden_message=msg("the values of column {col} do not add up to the right total", col=col))


def check_query_matches(query, reference: str, *, seed: int = 1, params=None, ordered: bool = False,
                        order_by: list[str] | None = None, tol: float = 1e-6, hint: str | None = None,
                        edge_cases: bool = False) -> None:
    """Run ``query`` and the ``reference`` query on the database of ``seed``
    (with ``params``) and compare: the expected columns are the reference's.
    ``edge_cases=True``: on that database with the boundary cases of the
    questions planted (``shop.plant_edge_cases``).

    Used in hidden tests (with ``seed=hidden_seed()``): the reference runs
    where the test runs (in the judge when graded) and a failure in the hidden
    part says which kind of difference it found, never a row."""
    conn = open_readonly(seed, edge_cases=edge_cases)
    try:
        ref_cols, ref_rows = _reference(conn, seed, edge_cases, reference, params)
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


def _reference(conn: sqlite3.Connection, seed: int, edge_cases: bool, reference: str,
               params) -> tuple[list[str], list[tuple]]:
    """The reference query's columns and rows on ``conn`` (the database of
    ``seed``), run once per database file, query and parameters in this
    process: a grading worker checks every submission of 02 against the
    same hidden database, so the reference's answer is the same each time."""
    try:
        path = shop.db_path(seed)
        frozen = tuple(sorted(params.items())) if isinstance(params, dict) else \
            tuple(params) if params is not None else None
        key = (str(path), path.stat().st_mtime_ns, bool(edge_cases), reference, frozen)
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
