"""SQL answers written in MySQL (02_sql's dialect question), checked on the shop's SQLite database.

The shop's database is SQLite. A question that asks for MySQL reads the
student's text as MySQL, translates it to SQLite with sqlglot (a maintained
SQL transpiler: ``sqlglot.transpile(sql, read="mysql", write="sqlite")``) and
hands the translation to the checks of ``sql.py``, which run it on the shop's
database under their usual limits and compare it with a reference there.

sqlglot reads permissively, and MySQL does not: fed "MySQL", sqlglot 30
passes through a function it does not know (SQLite's ``strftime``,
``julianday``), quietly turns other dialects' forms into MySQL's (Oracle's
``NVL`` into ``COALESCE``, ``FETCH FIRST n ROWS ONLY`` into ``LIMIT``,
PostgreSQL's ``::`` into ``CAST``, SQLite's ``IIF`` into ``IF``) and drops an
argument MySQL refuses (SQLite's ``date(d, '-60 days')`` becomes ``DATE(d)``).
sqlglot also translates PostgreSQL's ``ILIKE`` and ``NULLS LAST``, SQLite's
``GLOB``, a ``CAST`` to a type MySQL's ``CAST`` lacks (``TEXT``, ``INTEGER``) and
reads SQL Server's two-argument ``ISNULL(phone, 'x')`` as ``phone IS NULL``.
A MySQL server refuses all of them, so ``to_sqlite`` refuses them first, by
sqlglot's own tokens (``NOT_MYSQL``, ``MYSQL_CAST_TYPES``), each with the MySQL
to write instead (sqlglot's tree cannot tell them: it reads ``CAST(x AS
BIGINT)`` and MySQL's ``CAST(x AS SIGNED)`` alike).
``||`` is read as MySQL 8 reads it by default (``sql_mode`` without
``PIPES_AS_CONCAT``): a logical OR, so a SQLite habit would silently turn a
name into 0 or 1; the check refuses it with that explanation (write ``OR`` for
a logical or). A text in double quotes is a string, as in MySQL.

The translation goes to ``ShopSQLite``, sqlglot's SQLite dialect extended
(through its ``Generator.TRANSFORMS``) with the few MySQL date and text
functions sqlglot 30 writes out unchanged although SQLite has none of them
(``YEAR``, ``MONTH``, ``DAY``, ``EXTRACT`` of those and of ``YEAR_MONTH``,
``LEFT``, ``LAST_DAY``, ``DATE_SUB``, ``CONCAT_WS``, ``STR_TO_DATE`` for a
format of numbers written with their leading zeros), so that a natural MySQL
answer runs. A MySQL
function the translation still cannot express fails with SQLite's error and
the translation, saying so (tests/test_sql_dialect.py).
"""
from __future__ import annotations

import re
import typing

from ..messages import msg
from .core import fail
from .exercise import StringKind

MySQL = typing.Annotated[str, StringKind("sql")]   # a MySQL 8 query, in a test's annotation

MAX_MYSQL = 20_000           # characters: the questions need a few hundred; sqlglot is pure Python

#: functions of other databases that MySQL 8 does not have: name -> (whose, what MySQL writes instead)
NOT_MYSQL = {
    "STRFTIME": ("SQLite", "DATE_FORMAT(date, '%Y-%m-%d')"),
    "JULIANDAY": ("SQLite", "DATEDIFF(later, earlier)"),
    "DATETIME": ("SQLite", "TIMESTAMP(value)"),
    "UNIXEPOCH": ("SQLite", "UNIX_TIMESTAMP(value)"),
    "PRINTF": ("SQLite", "CONCAT(a, b, ...)"),
    "IIF": ("SQLite", "IF(condition, then, else)"),
    "TOTAL": ("SQLite", "SUM(value)"),
    "NVL": ("Oracle", "IFNULL(value, other)"),
    "NVL2": ("Oracle", "IF(value IS NULL, other, then)"),
    "TO_CHAR": ("PostgreSQL/Oracle", "DATE_FORMAT(date, '%Y-%m')"),
    "TO_DATE": ("PostgreSQL/Oracle", "STR_TO_DATE(text, format)"),
    "DATE_TRUNC": ("PostgreSQL", "DATE_FORMAT(date, '%Y-%m-01')"),
    "STRING_AGG": ("PostgreSQL", "GROUP_CONCAT(value SEPARATOR ', ')"),
}

#: the types MySQL 8's CAST(value AS type) takes (its manual, "Cast Functions and Operators")
MYSQL_CAST_TYPES = {"BINARY", "CHAR", "DATE", "DATETIME", "DECIMAL", "DOUBLE", "FLOAT", "JSON", "NCHAR", "REAL",
                    "SIGNED", "TIME", "UNSIGNED", "YEAR", "GEOMETRY", "POINT", "LINESTRING", "POLYGON",
                    "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"}

#: STR_TO_DATE's format parts the translation reads (as sqlglot writes them) -> their width in the text
STR_TO_DATE_PARTS = {"%Y": 4, "%m": 2, "%d": 2, "%H": 2, "%M": 2, "%S": 2}


def _dialect():
    """sqlglot's SQLite dialect, with the MySQL functions it leaves as they are written as SQLite."""
    global _SHOP_SQLITE
    if _SHOP_SQLITE is not None:
        return _SHOP_SQLITE
    from sqlglot import exp
    from sqlglot.dialects.sqlite import SQLite

    def part(fmt):
        return lambda self, e: f"CAST(STRFTIME('{fmt}', {self.sql(e, 'this')}) AS INTEGER)"

    def extract(self, e):
        fmt = {"YEAR": "%Y", "MONTH": "%m", "DAY": "%d", "YEAR_MONTH": "%Y%m"}.get(self.sql(e, "this").upper())
        if fmt is None:
            return self.function_fallback_sql(e)
        return f"CAST(STRFTIME('{fmt}', {self.sql(e, 'expression')}) AS INTEGER)"

    def date_sub(self, e):
        unit = self.sql(e, "unit").upper() or "DAY"
        if unit != "DAY":    # SQLite's months and years overflow (03-31 minus a month is 03-03), MySQL's clamp
            return self.function_fallback_sql(e)
        return f"DATE({self.sql(e, 'this')}, (-({self.sql(e, 'expression')})) || ' {unit}')"

    def concat_ws(self, e):
        sep, *parts = [self.sql(a) for a in e.expressions]
        if not parts:
            return "''"
        joined = " || ".join(f"COALESCE({sep} || {p}, '')" for p in parts)
        return f"SUBSTR({joined}, LENGTH({sep}) + 1)"

    def str_to_date(self, e):
        """MySQL's STR_TO_DATE(text, format) for a format of %Y, %m, %d (%H, %i, %s) and separators, the
        numbers written with their leading zeros: each part is read at its place in the text, and a text
        that is not such a date gives NULL, as in MySQL (sqlglot has already written the format
        Python's way: MySQL's %i and %s are %M and %S here)."""
        fmt = e.args.get("format")
        if not isinstance(fmt, exp.Literal) or not fmt.is_string:
            return self.function_fallback_sql(e)
        parts = re.findall(r"%.|[^%]", fmt.name)
        if any(p.startswith("%") and p not in STR_TO_DATE_PARTS for p in parts) or "%Y" not in parts:
            return self.function_fallback_sql(e)
        text, at, read = self.sql(e, "this"), 1, {}
        for p in parts:
            width = STR_TO_DATE_PARTS.get(p, 1)
            if p in STR_TO_DATE_PARTS:
                read[p] = f"SUBSTR({text}, {at}, {width})"
            at += width
        value = " || '-' || ".join(read.get(p, "'01'") for p in ("%Y", "%m", "%d"))
        kind = "DATE"
        if any(p in read for p in ("%H", "%M", "%S")):
            value += " || ' ' || " + " || ':' || ".join(read.get(p, "'00'") for p in ("%H", "%M", "%S"))
            kind = "DATETIME"
        # SQLite's DATE('2026-02-30') is '2026-02-30': the day number of a real date gives it back unchanged
        return f"(CASE WHEN LENGTH({text}) = {at - 1} AND {kind}(JULIANDAY({value})) = {value} THEN {value} END)"

    class ShopSQLite(SQLite):
        class Generator(SQLite.Generator):
            TRANSFORMS = {
                **SQLite.Generator.TRANSFORMS,
                exp.Year: part("%Y"), exp.Month: part("%m"), exp.Day: part("%d"), exp.DayOfMonth: part("%d"),
                exp.Extract: extract,
                exp.Left: lambda self, e: f"SUBSTR({self.sql(e, 'this')}, 1, {self.sql(e, 'expression')})",
                exp.LastDay: lambda self, e: f"DATE({self.sql(e, 'this')}, 'start of month', '+1 month', '-1 day')",
                exp.DateSub: date_sub,
                exp.ConcatWs: concat_ws,
                exp.StrToDate: str_to_date, exp.StrToTime: str_to_date,
            }

    _SHOP_SQLITE = ShopSQLite
    return ShopSQLite


_SHOP_SQLITE = None


def _where(query: str, start: int, end: int) -> str:
    """The line of ``query`` holding [start, end), with a caret under it (as sqlrun.py shows SQLite's errors)."""
    line_no = query.count("\n", 0, start) + 1
    line_start = query.rfind("\n", 0, start) + 1
    line_end = query.find("\n", start)
    text = query[line_start:line_end if line_end >= 0 else len(query)]
    prefix = f"  {line_no} | "
    col = start - line_start
    return "\n" + prefix + text.replace("\t", " ") + "\n" + " " * (len(prefix) + col) + \
        "^" * max(1, min(end, line_start + len(text)) - start)


def _refuse(query: str, token, message) -> None:
    fail(msg("your query is not MySQL: {problem}{where}", problem=message,
             where=_where(query, token.start, token.end + 1)),
         hint="this answer must be written in MySQL 8, as the question says: see the table of section 15",
         hidden_message="your query is not MySQL")


def _check_tokens(query: str, tokens) -> None:
    """Refuse what MySQL 8 refuses and sqlglot would quietly accept or change."""
    from sqlglot.tokens import TokenType
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.token_type == TokenType.DPIPE:
            _refuse(query, tok, msg("MySQL reads || as OR, not as joining text (SQLite's ||): join text with "
                                    "CONCAT(a, b, ...), and write OR for a logical or"))
        if tok.token_type == TokenType.DCOLON:
            _refuse(query, tok, msg("value::type is PostgreSQL's cast: MySQL writes CAST(value AS type)"))
        if tok.token_type == TokenType.COMMA and nxt is not None and nxt.token_type in (TokenType.FROM,
                                                                                       TokenType.R_PAREN):
            _refuse(query, tok, msg("a comma with nothing after it, before {next}: MySQL refuses it",
                                    next=nxt.text))
        if tok.token_type == TokenType.ILIKE:
            _refuse(query, tok, msg("ILIKE is PostgreSQL's case-insensitive LIKE: MySQL has no ILIKE; "
                                    "its LIKE ignores case already (the usual collations), or write "
                                    "LOWER(a) LIKE LOWER(b)"))
        if tok.token_type == TokenType.GLOB:
            _refuse(query, tok, msg("GLOB is SQLite's: MySQL writes LIKE (with % and _) or REGEXP"))
        if tok.token_type == TokenType.VAR and tok.text.upper() == "NULLS" and nxt is not None and \
                nxt.text.upper() in ("FIRST", "LAST"):
            _refuse(query, tok, msg("ORDER BY ... NULLS {which} is PostgreSQL's and SQLite's: MySQL has no NULLS "
                                    "FIRST or LAST; it sorts NULLs first in ascending order, so write ORDER BY "
                                    "x IS NULL, x for NULLs last", which=nxt.text.upper()))
        if tok.text.upper() == "CAST" and nxt is not None and nxt.token_type == TokenType.L_PAREN:
            to = _cast_type(tokens, i + 1)
            if to is not None and to.text.upper() not in MYSQL_CAST_TYPES:
                _refuse(query, to, msg("MySQL's CAST has no type {type}: it writes CAST(value AS CHAR) for text, "
                                       "AS SIGNED for a whole number, AS DECIMAL(p, s), AS DATE or AS DATETIME",
                                       type=to.text))
        if tok.token_type == TokenType.FETCH:
            _refuse(query, tok, msg("MySQL has no FETCH FIRST ... ROWS ONLY (PostgreSQL and Oracle): "
                                    "MySQL writes LIMIT n"))
        if nxt is None or nxt.token_type != TokenType.L_PAREN or tok.token_type in (TokenType.STRING,
                                                                                      TokenType.IDENTIFIER):
            continue
        name = tok.text.upper()
        if name in NOT_MYSQL:
            whose, instead = NOT_MYSQL[name]
            _refuse(query, tok, msg("{name}() is a function of {whose}, not of MySQL: MySQL writes {instead}",
                                    name=tok.text, whose=whose, instead=instead))
        if name == "ISNULL" and _arguments(tokens, i + 1) > 1:
            _refuse(query, tok, msg("MySQL's ISNULL() takes one argument and tells whether it is NULL (1 or 0); "
                                    "ISNULL(value, other) is SQL Server's: MySQL writes IFNULL(value, other)"))
        if name in ("DATE", "TIME") and _arguments(tokens, i + 1) > 1:
            _refuse(query, tok, msg("MySQL's {name}() takes one argument; {name}(value, '-60 days') with "
                                    "modifiers is SQLite's: MySQL writes DATE_SUB(value, INTERVAL 60 DAY)",
                                    name=tok.text))


def _arguments(tokens, open_at: int) -> int:
    """How many arguments the call whose "(" is tokens[open_at] has."""
    from sqlglot.tokens import TokenType
    depth, commas = 0, 0
    for tok in tokens[open_at:]:
        if tok.token_type == TokenType.L_PAREN:
            depth += 1
        elif tok.token_type == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                break
        elif tok.token_type == TokenType.COMMA and depth == 1:
            commas += 1
    return commas + 1


def _cast_type(tokens, open_at: int):
    """The token of the type in the CAST whose "(" is tokens[open_at]: the one after its AS."""
    from sqlglot.tokens import TokenType
    depth = 0
    for j in range(open_at, len(tokens) - 1):
        kind = tokens[j].token_type
        depth += (kind == TokenType.L_PAREN) - (kind == TokenType.R_PAREN)
        if depth == 0:
            return None
        if depth == 1 and kind == TokenType.ALIAS:
            return tokens[j + 1]
    return None


def to_sqlite(query) -> str:
    """``query``, a student's MySQL 8 query, translated to SQLite for the shop's
    database; everything that is not one MySQL query becomes a failed check."""
    from .sqlrun import _require_query
    query = _require_query(query)
    if len(query) > MAX_MYSQL:
        fail(msg("your query is longer than {n:,} characters", n=MAX_MYSQL),
             hint="the question needs a query of a few lines",
             hidden_message="your query is far too long")
    import sqlglot
    from sqlglot.errors import ErrorLevel, ParseError, TokenError, UnsupportedError
    try:
        tokens = sqlglot.Dialect.get_or_raise("mysql").tokenize(query)
    except TokenError as e:
        fail(msg("your query is not valid MySQL: {error}", error=str(e).splitlines()[0][:120]),
             hidden_message="your query is not valid MySQL")
    _check_tokens(query, tokens)
    try:
        trees = [t for t in sqlglot.parse(query, read="mysql") if t is not None]
    except ParseError as e:
        first = (e.errors or [{}])[0]
        token = next((t for t in tokens if t.line == first.get("line") and t.col == first.get("col")), None)
        where = _where(query, token.start, token.end + 1) if token is not None else ""
        error = re.sub(r" for <class '[\w.]*?(\w+)'>", r" in \1", str(first.get("description") or e))
        fail(msg("your query is not valid MySQL: {error}{where}", error=error.splitlines()[0][:120], where=where),
             hidden_message="your query is not valid MySQL")
    except (RecursionError, ValueError, TypeError, AttributeError, IndexError, KeyError) as e:
        fail(msg("the translator could not read your query as MySQL ({error})", error=type(e).__name__),
             hint="write one plain SELECT query", hidden_message="your query could not be read as MySQL")
    if not trees:
        fail(msg("the {what} is empty", what=msg("query")), hidden_message=msg("the {what} is empty", what=msg("query")))
    if len(trees) > 1:
        fail("your answer holds more than one SQL statement",
             hint="keep one query; a semicolon between two statements makes two",
             hidden_message="your answer holds more than one SQL statement")
    try:
        translated = trees[0].sql(dialect=_dialect(), unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as e:
        fail(msg("the translator cannot turn your MySQL into SQLite: {error}", error=str(e).splitlines()[0][:160]),
             hint="this question needs no MySQL beyond DATE_FORMAT, CONCAT, IFNULL (or COALESCE), WHERE and ORDER BY",
             hidden_message="your MySQL query could not be translated")
    except (RecursionError, ValueError, TypeError, AttributeError, IndexError, KeyError) as e:
        fail(msg("the translator could not read your query as MySQL ({error})", error=type(e).__name__),
             hint="write one plain SELECT query", hidden_message="your query could not be read as MySQL")


    _check_compiles(translated)
    return translated


def _check_compiles(translated: str) -> None:
    """The translation compiles on the shop's database (nothing runs): if SQLite
    refuses it, say so with the translation, before the checks of ``sql.py``
    would show SQLite's error on a text the student never wrote."""
    import sqlite3

    from .sqlrun import _Guard, open_readonly
    conn = open_readonly(0)
    try:
        with _Guard(conn, None) as c:
            c.execute("EXPLAIN " + translated).fetchone()
    except sqlite3.Error as e:
        fail(msg("SQLite cannot run the translation of your MySQL query: {error}\n  translation: {translated}",
                 error=str(e)[:120], translated=translated if len(translated) <= 400 else translated[:400] + "..."),
             hint="a name the shop's tables do not have, or a MySQL function the translator (sqlglot) cannot "
                  "express in SQLite: this question needs only DATE_FORMAT, CONCAT, IFNULL (or COALESCE), WHERE "
                  "and ORDER BY",
             hidden_message="SQLite cannot run the translation of your MySQL query")
    finally:
        conn.close()
