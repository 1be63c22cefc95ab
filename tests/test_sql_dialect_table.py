"""02's section 15 (the table of SQLite, MySQL and PostgreSQL): each claim it
makes about SQLite and PostgreSQL holds on the databases themselves (SQLite
through Python's sqlite3, PostgreSQL on a server started here). The MySQL
column follows MySQL 8's manual: no MySQL server runs here.

The claims the reviewer found wrong or missing: PostgreSQL's concat skips a
NULL ('ab') where || gives NULL; NULLs sort last ascending in PostgreSQL and
first in SQLite; 7 / 2 is 3 in both; PostgreSQL refuses a column neither
grouped nor aggregated in HAVING, SQLite runs it; SQLite has FILTER."""
from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import REPO, postgres

THREE = "(SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT 2) AS v"


def table_text() -> str:
    nb = json.loads((REPO / "source" / "02_sql" / "02_sql.ipynb").read_text(encoding="utf-8"))
    # found by its heading, not by its id: a cell's id follows its position, which a new question moves
    [cell] = [c for c in nb["cells"] if "".join(c["source"]).startswith("## 15. In other databases")]
    return "".join(cell["source"])


def test_the_table_states_the_claims_checked_here():
    text = table_text()
    assert "| where `ORDER BY x` puts NULLs (ascending) | first | first | last |" in text
    assert "| `7 / 2` (two integers) | `3` | `3.5000` (`7 DIV 2` is 3) | `3` |" in text
    assert "`COUNT(*) FILTER (WHERE x = 1)` (3.30+)" in text
    assert "| a column neither grouped nor aggregated, in `SELECT` or `HAVING` | runs" in text
    assert "**MySQL's `CONCAT` with a NULL is NULL**" in text and "`concat('a', NULL, 'b')` is `'ab'`" in text


def test_sqlite_says_what_the_table_says():
    c = sqlite3.connect(":memory:")
    assert c.execute(f"SELECT x FROM {THREE} ORDER BY x").fetchall() == [(None,), (1,), (2,)]
    assert c.execute("SELECT 7 / 2, 'a' || NULL || 'b'").fetchall() == [(3, None)]
    assert c.execute(f"SELECT COUNT(*) FILTER (WHERE x = 1) FROM {THREE}").fetchall() == [(1,)]
    c.execute("CREATE TABLE t (g INTEGER, v INTEGER)")
    c.executemany("INSERT INTO t VALUES (?, ?)", [(1, 2), (1, 3), (2, 5)])
    c.execute("SELECT g FROM t GROUP BY g HAVING v > 2").fetchall()    # runs: v of some row of the group


def test_postgresql_says_what_the_table_says():
    psycopg2 = pytest.importorskip("psycopg2")
    with postgres() as (url, _):
        host = url.split("host=")[1].split("&")[0]
        port = url.split("port=")[1]
        conn = psycopg2.connect(dbname="gradebook", user="grader", host=host, port=port)
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("SELECT concat('a', NULL, 'b'), 'a' || NULL || 'b', 7 / 2")
        assert cur.fetchall() == [("ab", None, 3)]
        cur.execute(f"SELECT x FROM {THREE} ORDER BY x")
        assert cur.fetchall() == [(1,), (2,), (None,)]
        cur.execute("CREATE TABLE t (g INTEGER, v INTEGER); INSERT INTO t VALUES (1, 2), (1, 3), (2, 5)")
        with pytest.raises(psycopg2.errors.GroupingError):
            cur.execute("SELECT g FROM t GROUP BY g HAVING v > 2")
        conn.close()
