"""Running an SQL answer on Daon Market's database (``workbook.data.shop``),
within limits, and the messages of what SQLite refused or stopped.

* a query runs on a **read-only** connection to the cached file (opened with
  ``mode=ro`` and ``PRAGMA query_only``), under a time limit (a progress
  handler), with bounded result and value sizes, and with an authorizer that
  refuses ``ATTACH`` and ``DETACH`` (which also stops ``VACUUM INTO``, a
  file write) and every ``PRAGMA`` but the ones that describe the schema;
* a statement that changes the schema (a ``CREATE TABLE``, a ``CREATE
  INDEX``) runs on a private **in-memory copy** (the backup API), under the
  same limits; the cached file is never opened for writing.

A query that is not valid SQL gets SQLite's error, the line it points at and
a caret, and no hint about the logic (a hint is for a wrong result). Every
problem becomes a failed check (``core.fail``). ``plan_steps`` reads
SQLite's plan of a query as facts (``PlanStep``).

The checks that compare an answer's result are in ``sql.py``; how two
results are compared, in ``sqlcompare.py``.
"""
from __future__ import annotations

import re
import sqlite3
import time
import typing

from .core import fail
from ..data import shop
from ..messages import as_message, joined, msg

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
