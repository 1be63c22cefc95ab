"""Unit tests of workbook.sqlcheck, the checker of SQL answers (fast, no notebook)."""
from __future__ import annotations

import pytest

from workbook import sqlcheck
from workbook.checks import CheckFailed
from workbook.data import shop


@pytest.fixture(scope="module", autouse=True)
def data_dir(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBOOK_DATA", str(tmp_path_factory.mktemp("sqlcheck")))
    yield
    mp.undo()


STATUS = "SELECT status, COUNT(*) AS n FROM orders GROUP BY status"


def expected_status(seed=0):
    with shop.connect(seed) as c:
        return c.execute(STATUS).fetchall()


def failure(func, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as e:
        func(*args, **kwargs)
    return str(e.value)


def test_correct_query_passes_in_any_row_and_column_order(capsys):
    rows = expected_status()
    sqlcheck.check_query("q", STATUS, ["status", "n"], rows)
    sqlcheck.check_query("q", "SELECT COUNT(*) AS N, status FROM orders GROUP BY 2 ORDER BY 1", ["status", "n"],
                         list(reversed(rows)))
    assert capsys.readouterr().err == ""


def test_numbers_compare_with_tolerance_and_int_equals_float():
    sqlcheck.check_query("q", "SELECT 3.0 AS a, 0.1 + 0.2 AS b", ["a", "b"], [(3, 0.3)])
    msg = failure(sqlcheck.check_query, "q", "SELECT 3.01 AS a", ["a"], [(3,)])
    assert "a row you should have but do not: (a=3)" in msg
    assert "a row you have that should not be there: (a=3.01)" in msg
    # a number is not its text
    failure(sqlcheck.check_query, "q", "SELECT '3' AS a", ["a"], [(3,)])
    sqlcheck.check_query("q", "SELECT 3.04 AS a", ["a"], [(3,)], tol=0.05)


def test_wrong_columns_are_named():
    msg = failure(sqlcheck.check_query, "q", "SELECT status, COUNT(*) FROM orders GROUP BY status",
                  ["status", "n"], expected_status())
    assert "missing column: n" in msg and "unexpected column: COUNT(*)" in msg and "AS" in msg
    msg = failure(sqlcheck.check_query, "q", "SELECT status AS n, status AS N FROM orders", ["status", "n"], [])
    assert "missing column: status" in msg


def test_extra_and_missing_rows_are_counted():
    rows = expected_status()
    msg = failure(sqlcheck.check_query, "q", STATUS + " HAVING status <> 'paid'", ["status", "n"], rows)
    assert "expected 5 rows, got 4 (1 missing row)" in msg and "status='paid'" in msg
    msg = failure(sqlcheck.check_query, "q", "SELECT status, 1 AS n FROM orders", ["status", "n"], rows)
    assert "extra rows" in msg
    msg = failure(sqlcheck.check_query, "q", STATUS + " HAVING 0", ["status", "n"], rows)
    assert "no rows at all" in msg


def test_order_is_checked_only_when_asked():
    rows = sorted(expected_status(), key=lambda r: -r[1])
    query = STATUS + " ORDER BY n"
    sqlcheck.check_query("q", query, ["status", "n"], rows)
    msg = failure(sqlcheck.check_query, "q", query, ["status", "n"], rows, ordered=True)
    assert "not in the order asked for: row 1" in msg and "ORDER BY" in msg


def test_order_by_columns_accepts_any_order_of_ties():
    expected = [(1, "b"), (1, "a"), (2, "c")]
    query = "SELECT 1 AS k, 'a' AS v UNION ALL SELECT 2, 'c' UNION ALL SELECT 1, 'b' ORDER BY k, v"
    sqlcheck.check_query("q", query, ["k", "v"], expected, order_by=["k"])
    msg = failure(sqlcheck.check_query, "q", query.replace("ORDER BY k, v", "ORDER BY k DESC"), ["k", "v"],
                  expected, order_by=["k"])
    assert "at row 1 expected k=1, got k=2" in msg


@pytest.mark.parametrize("query, error, line, caret", [
    ("SELECT name\nFORM products", 'near "products": syntax error', "line 2: FORM products", "^^^^^^^^"),
    ("SELECT nme\nFROM products", "no such column: nme", "line 1: SELECT nme", "^^^"),
    ("SELECT name FROM product", "no such table: product", "line 1: SELECT name FROM product", "^^^^^^^"),
    ("SELECT name FROM products\nWHERE (price_krw > 3", "incomplete input", "line 2:", "^"),
    ("SELECT status, COUNT(*)\nFROM orders\nWHERE COUNT(*) > 3\nGROUP BY status", "misuse of aggregate", None, None),
])
def test_invalid_sql_shows_sqlite_error_and_line(query, error, line, caret):
    msg = failure(sqlcheck.check_query, "q", query, ["a"], [])
    assert "not valid SQL" in msg and error in msg
    if line:
        assert line in msg
        shown = msg.splitlines()
        i = next(k for k, s in enumerate(shown) if line in s)
        assert shown[i + 1].strip() == caret
        # the caret sits under the offending text
        text_col = shown[i].index(line.split(": ", 1)[1]) if ": " in line else 0
        assert shown[i + 1].index("^") >= text_col


def test_error_position_uses_the_failing_occurrence():
    query = "SELECT order_id FROM orders\nWHERE status = 'paid' AND\nORDER BY order_id"
    msg = failure(sqlcheck.fetch, "q", query)
    assert 'near "ORDER"' in msg and "line 3: ORDER BY order_id" in msg


@pytest.mark.parametrize("answer, says", [
    ("DELETE FROM orders", "read-only"),
    ("DROP TABLE orders", "read-only"),
    ("SELECT 1; SELECT 2", "more than one SQL statement"),
    (42, "should be a string"),
    ("  ;  ", "empty"),
    ("ATTACH DATABASE ':memory:' AS other", "not valid SQL"),
])
def test_non_queries_are_refused_kindly(answer, says):
    assert says in failure(sqlcheck.fetch, "q", answer)


def test_database_is_untouched_after_a_write_attempt():
    failure(sqlcheck.fetch, "q", "DELETE FROM orders")
    assert sqlcheck.fetch("q", "SELECT COUNT(*) AS n FROM orders")[1][0][0] > 1000


def test_runaway_query_is_stopped(monkeypatch):
    monkeypatch.setattr(sqlcheck, "TIME_LIMIT", 0.2)
    msg = failure(sqlcheck.fetch, "q", "SELECT COUNT(*) FROM page_views a, page_views b", time_limit=0.2)
    assert "was stopped" in msg and "ON condition" in msg


def test_params_are_passed():
    cols, rows = sqlcheck.fetch("q", "SELECT COUNT(*) AS n FROM orders WHERE order_date <= :ref",
                                params={"ref": "2025-01-31"})
    assert cols == ["n"] and 0 < rows[0][0] < 200


def test_matches_runs_reference_on_another_seed_and_never_shows_it():
    reference = ("SELECT customer_id, COUNT(*) AS n_orders FROM orders WHERE status = 'delivered' "
                 "GROUP BY customer_id HAVING COUNT(*) >= 25")
    sqlcheck.check_query_matches("q", reference.replace("COUNT(*) >= 25", "COUNT(*) > 24"), reference, seed=1)
    wrong = reference.replace(">= 25", ">= 26")
    msg = failure(sqlcheck.check_query_matches, "q", wrong, reference, seed=1)
    assert "seed 1" in msg and "missing" in msg
    for secret in ("HAVING", "delivered", ">= 25", reference):
        assert secret not in msg
    # a hard-coded result of the visible database fails on the other one
    with shop.connect(0) as c:
        rows = c.execute(reference).fetchall()
    literal = " UNION ALL ".join(f"SELECT {a} AS customer_id, {b} AS n_orders" for a, b in rows)
    sqlcheck.check_query("q", literal, ["customer_id", "n_orders"], rows)
    failure(sqlcheck.check_query_matches, "q", literal, reference, seed=1)


def test_matches_with_params_names_them():
    ref = "SELECT COUNT(*) AS n FROM orders WHERE order_date <= :ref"
    msg = failure(sqlcheck.check_query_matches, "q", "SELECT COUNT(*) AS n FROM orders", ref, seed=1,
                  params={"ref": "2026-03-31"})
    assert ":ref = '2026-03-31'" in msg


def test_summary_checks():
    q = "SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id ORDER BY customer_id"
    with shop.connect(0) as c:
        rows = c.execute(q).fetchall()
    total = sum(r[1] for r in rows)
    sqlcheck.check_query_summary("q", q, ["customer_id", "n"], len(rows), first_rows=rows[:2], contains=rows[-2:],
                                 sums={"n": total}, ordered=True)
    assert "rows" in failure(sqlcheck.check_query_summary, "q", q + " LIMIT 5", ["customer_id", "n"], len(rows))
    assert "add up to" in failure(sqlcheck.check_query_summary, "q", q.replace("COUNT(*)", "COUNT(*) + 1"),
                                  ["customer_id", "n"], len(rows), sums={"n": total})
    assert "row 1 should be" in failure(sqlcheck.check_query_summary, "q", q.replace("ORDER BY customer_id",
                                        "ORDER BY customer_id DESC"), ["customer_id", "n"], len(rows),
                                        first_rows=rows[:1])


COUPONS_OK = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(customer_id),
  discount_pct INTEGER NOT NULL CHECK (discount_pct BETWEEN 5 AND 50))"""
GOOD = [{"coupon_id": 1, "code": "A", "customer_id": 1, "discount_pct": 5}]
BAD = [({"coupon_id": 2, "code": "A", "customer_id": 1, "discount_pct": 10}, "duplicate code"),
       ({"coupon_id": 3, "code": "B", "customer_id": 10 ** 6, "discount_pct": 10}, "no such customer"),
       ({"coupon_id": 4, "code": "C", "customer_id": 1, "discount_pct": 51}, "too big")]
COLS = ["coupon_id", "code", "customer_id", "discount_pct"]


def test_table_design():
    sqlcheck.check_table_design("q", COUPONS_OK, "coupons", COLS, GOOD, BAD)
    msg = failure(sqlcheck.check_table_design, "q", COUPONS_OK.replace(" CHECK (discount_pct BETWEEN 5 AND 50)", ""),
                  "coupons", COLS, GOOD, BAD)
    assert "accepts a row it should reject" in msg and "too big" in msg
    msg = failure(sqlcheck.check_table_design, "q", COUPONS_OK.replace("REFERENCES customers(customer_id)", ""),
                  "coupons", COLS, GOOD, BAD)
    assert "no such customer" in msg
    msg = failure(sqlcheck.check_table_design, "q", COUPONS_OK.replace("BETWEEN 5", "BETWEEN 6"), "coupons", COLS,
                  GOOD, BAD)
    assert "rejects a row it should accept" in msg and "CHECK constraint failed" in msg
    assert "missing column: discount_pct" in failure(
        sqlcheck.check_table_design, "q", COUPONS_OK.replace("discount_pct", "pct"), "coupons", COLS, GOOD, BAD)
    assert "does not create a table called coupons" in failure(
        sqlcheck.check_table_design, "q", COUPONS_OK.replace("coupons", "coupon"), "coupons", COLS, GOOD, BAD)
    assert "not valid SQL" in failure(sqlcheck.check_table_design, "q", "CREATE TABLE coupons (", "coupons", COLS,
                                      GOOD, BAD)
    # the shop file itself is untouched
    with shop.connect(0) as c:
        assert c.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'coupons'").fetchone()[0] == 0


def test_index_used():
    q = "SELECT order_id, order_date FROM orders WHERE customer_id = ? ORDER BY order_date"
    plan = sqlcheck.check_index_used("q", "CREATE INDEX ix ON orders(customer_id, order_date)", q, params=(5,))
    assert plan == ["SEARCH orders USING COVERING INDEX ix (customer_id=?)"]
    msg = failure(sqlcheck.check_index_used, "q", "CREATE INDEX ix ON orders(order_date, customer_id)", q,
                  params=(5,))
    assert "does not search with your index" in msg and "SEARCH orders USING INDEX fk_orders_customer" in msg
    msg = failure(sqlcheck.check_index_used, "q", "CREATE INDEX ix ON orders(customer_id)", q, params=(5,))
    assert "TEMP B-TREE" in msg
    assert "does not create an index" in failure(sqlcheck.check_index_used, "q", "SELECT 1", q, params=(5,))
    assert "not create or drop tables" in failure(
        sqlcheck.check_index_used, "q", "CREATE TABLE t(a); CREATE INDEX ix ON t(a)", q, params=(5,))


def orders_safe(conn, customer_id):
    return conn.execute("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "
                        "ORDER BY order_date, order_id", (customer_id,)).fetchall()


def orders_unsafe(conn, customer_id):
    return conn.execute(f"SELECT order_id, order_date, status FROM orders WHERE customer_id = {customer_id} "
                        "ORDER BY order_date, order_id").fetchall()


def test_rows_returned_and_injection():
    with shop.connect(0) as c:
        expected = orders_safe(c, 15)
        sqlcheck.check_rows_returned("q", orders_safe, (c, 15), expected)
        sqlcheck.check_rows_returned("q", orders_unsafe, (c, 15), expected)
        sqlcheck.check_rows_returned("q", orders_safe, (c, "1 OR 1=1"), [])
        msg = failure(sqlcheck.check_rows_returned, "q", orders_unsafe, (c, "1 OR 1=1"), [])
        assert "orders_unsafe(conn, '1 OR 1=1') returned" in msg and "extra" in msg
        msg = failure(sqlcheck.check_rows_returned, "q", orders_unsafe, (c, "x'"), [])
        assert "raised OperationalError" in msg
        msg = failure(sqlcheck.check_rows_returned, "q", lambda conn, cid: {"rows": 1}, (c, 15), expected)
        assert "list of tuples" in msg
        msg = failure(sqlcheck.check_rows_returned, "q", lambda conn, cid: list(reversed(expected)), (c, 15),
                      expected)
        assert "row 1 should be" in msg
