"""Unit tests of workbook.checks.sql, the checker of SQL answers (fast, no notebook).

Every check runs inside an ``@exercise`` run, as in a test cell (in-process:
the same code path as a student's own kernel)."""
from __future__ import annotations

import pytest

from workbook.checks import CheckFailed, answer, exercise, generated
from workbook.checks import sql as sqlcheck
from workbook.checks import sqlrun
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


def checked(func, *args, **kwargs):
    """Run a check inside an @exercise run (question "q"); return its value."""
    out = {}

    @exercise("q")
    def test():
        out["value"] = func(*args, **kwargs)

    return out.get("value")


def failure(func, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as e:
        checked(func, *args, **kwargs)
    return str(e.value)


def test_correct_query_passes_in_any_row_and_column_order(capsys):
    rows = expected_status()
    checked(sqlcheck.check_query, STATUS, ["status", "n"], rows)
    checked(sqlcheck.check_query, "SELECT COUNT(*) AS N, status FROM orders GROUP BY 2 ORDER BY 1", ["status", "n"],
            list(reversed(rows)))
    assert capsys.readouterr().err == ""


def test_numbers_compare_with_tolerance_and_int_equals_float():
    checked(sqlcheck.check_query, "SELECT 3.0 AS a, 0.1 + 0.2 AS b", ["a", "b"], [(3, 0.3)])
    msg = failure(sqlcheck.check_query, "SELECT 3.01 AS a", ["a"], [(3,)])
    assert msg.startswith("q: ")
    assert "a row you should have but do not: (a=3)" in msg
    assert "a row you have that should not be there: (a=3.01)" in msg
    # a number is not its text
    failure(sqlcheck.check_query, "SELECT '3' AS a", ["a"], [(3,)])
    checked(sqlcheck.check_query, "SELECT 3.04 AS a", ["a"], [(3,)], tol=0.05)


def test_wrong_columns_are_named():
    msg = failure(sqlcheck.check_query, "SELECT status, COUNT(*) FROM orders GROUP BY status",
                  ["status", "n"], expected_status())
    assert "missing column: n" in msg and "unexpected column: COUNT(*)" in msg and "AS" in msg
    msg = failure(sqlcheck.check_query, "SELECT status AS n, status AS N FROM orders", ["status", "n"], [])
    assert "missing column: status" in msg


def test_extra_and_missing_rows_are_counted():
    rows = expected_status()
    msg = failure(sqlcheck.check_query, STATUS + " HAVING status <> 'paid'", ["status", "n"], rows)
    assert "expected 5 rows, got 4 (1 missing row)" in msg and "status='paid'" in msg
    msg = failure(sqlcheck.check_query, "SELECT status, 1 AS n FROM orders", ["status", "n"], rows)
    assert "extra rows" in msg
    msg = failure(sqlcheck.check_query, STATUS + " HAVING 0", ["status", "n"], rows, hint="a hint")
    assert "expected 5 rows, got none: your query returns no rows at all" in msg
    assert len(msg.splitlines()) == 3
    msg = failure(sqlcheck.check_query, STATUS + " ORDER BY n", ["status", "n"], rows[:-1], ordered=True, hint="h")
    assert "the first that differs is row 1" in msg and "  expected: (status=" in msg
    assert len(msg.splitlines()) == 4


def test_order_is_checked_only_when_asked():
    rows = sorted(expected_status(), key=lambda r: -r[1])
    query = STATUS + " ORDER BY n"
    checked(sqlcheck.check_query, query, ["status", "n"], rows)
    msg = failure(sqlcheck.check_query, query, ["status", "n"], rows, ordered=True)
    assert "not in the order asked for, from row 1 on" in msg and "ORDER BY" in msg
    assert len(msg.splitlines()) == 4


def test_order_by_columns_accepts_any_order_of_ties():
    expected = [(1, "b"), (1, "a"), (2, "c")]
    query = "SELECT 1 AS k, 'a' AS v UNION ALL SELECT 2, 'c' UNION ALL SELECT 1, 'b' ORDER BY k, v"
    checked(sqlcheck.check_query, query, ["k", "v"], expected, order_by=["k"])
    msg = failure(sqlcheck.check_query, query.replace("ORDER BY k, v", "ORDER BY k DESC"), ["k", "v"],
                  expected, order_by=["k"])
    assert "at row 1 expected k=1, got k=2" in msg


@pytest.mark.parametrize("query, error, line, caret", [
    ("SELECT name\nFORM products", 'near "products": syntax error', "2 | FORM products", "^^^^^^^^"),
    ("SELECT nme\nFROM products", "no such column: nme", "1 | SELECT nme", "^^^"),
    ("SELECT name FROM product", "no such table: product", "1 | SELECT name FROM product", "^^^^^^^"),
    ("SELECT name FROM products\nWHERE (price_krw > 3", "incomplete input", "2 | ", "^"),
    ("SELECT status, COUNT(*)\nFROM orders\nWHERE COUNT(*) > 3\nGROUP BY status", "misuse of aggregate",
     "3 | WHERE COUNT(*) > 3", "^^^^^"),
])
def test_invalid_sql_shows_sqlite_error_and_line_and_no_logic_hint(query, error, line, caret):
    msg = failure(sqlcheck.check_query, query, ["a"], [], hint="the logic hint")
    assert "not valid SQL" in msg and error in msg
    assert "the logic hint" not in msg and "hint:" not in msg
    shown = msg.splitlines()
    i = next(k for k, s in enumerate(shown) if line in s)
    assert shown[i + 1].strip() == caret
    # the caret sits under the offending text
    text = line.partition(" | ")[2]
    text_col = shown[i].index(text) if text else 0
    assert shown[i + 1].index("^") >= text_col
    assert len(shown) <= 4


@pytest.mark.parametrize("query", [
    "SELECT product_id, RANK() OVER (ORDER BY price_krw DESC) AS r FROM products WHERE r <= 3",
    "SELECT category_id FROM products GROUP BY category_id HAVING ROW_NUMBER() OVER () < 3",
    "SELECT product_id FROM products WHERE RANK() OVER (ORDER BY price_krw) = 1",
])
def test_a_window_function_filtered_in_its_own_select_is_explained_not_shown_as_sqlites_words(query):
    """02 q9b's text warns of it; a student who does it anyway read SQLite's 'misuse of aliased window
    function r' (English, and no way forward)."""
    msg = failure(sqlcheck.check_query, query, ["a"], [], hint="the logic hint")
    assert "window function's result in WHERE, GROUP BY or HAVING" in msg
    assert "in a CTE or a subquery" in msg and "misuse" not in msg and "the logic hint" not in msg


def test_error_position_uses_the_failing_occurrence():
    query = "SELECT order_id FROM orders\nWHERE status = 'paid' AND\nORDER BY order_id"
    msg = failure(sqlcheck.fetch, query)
    assert 'near "ORDER"' in msg and "3 | ORDER BY order_id" in msg


@pytest.mark.parametrize("answer_, says", [
    ("DELETE FROM orders", "read-only"),
    ("DROP TABLE orders", "read-only"),
    ("SELECT 1; SELECT 2", "more than one SQL statement"),
    (42, "should be a string"),
    ("  ;  ", "empty"),
    ("ATTACH DATABASE ':memory:' AS other", "do not allow"),
    ("DETACH DATABASE main", "do not allow"),
    ("PRAGMA query_only = 0", "do not allow"),
    ("PRAGMA journal_mode = DELETE", "do not allow"),
    ("SELECT load_extension('x')", "do not allow"),
    ("SELECT zeroblob(100000000)", "larger than"),
])
def test_non_queries_are_refused_kindly(answer_, says):
    assert says in failure(sqlcheck.fetch, answer_)


def test_vacuum_into_cannot_write_a_file(tmp_path):
    target = tmp_path / "copy.db"
    for ddl_check in (lambda q: sqlcheck.fetch(q),
                      lambda q: sqlcheck.check_index_used(q, "SELECT 1"),
                      lambda q: sqlcheck.check_table_design(q, "t", ["a"], [], [])):
        msg = failure(ddl_check, f"VACUUM INTO '{target}'")
        assert "do not allow" in msg
        assert not target.exists()


def test_schema_describing_pragmas_are_allowed():
    cols, rows = checked(sqlcheck.fetch, "SELECT name FROM pragma_table_info('orders')")
    assert [r[0] for r in rows] == ["order_id", "customer_id", "order_date", "status"]


def test_database_is_untouched_after_a_write_attempt():
    failure(sqlcheck.fetch, "DELETE FROM orders")
    assert checked(sqlcheck.fetch, "SELECT COUNT(*) AS n FROM orders")[1][0][0] > 1000


def test_runaway_query_is_stopped():
    msg = failure(sqlcheck.fetch, "SELECT COUNT(*) FROM page_views a, page_views b", time_limit=0.2)
    assert "was stopped" in msg and "ON condition" in msg


def test_runaway_ddl_is_stopped(monkeypatch):
    monkeypatch.setattr(sqlrun, "TIME_LIMIT", 0.3)
    slow = ("CREATE TABLE t AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT i AS a FROM n")
    assert "was stopped" in failure(sqlcheck.check_table_design, slow, "t", ["a"], [], [])


def test_params_are_passed():
    cols, rows = checked(sqlcheck.fetch, "SELECT COUNT(*) AS n FROM orders WHERE order_date <= :ref",
                         params={"ref": "2025-01-31"})
    assert cols == ["n"] and 0 < rows[0][0] < 200


def test_matches_runs_reference_on_another_seed_and_never_shows_it():
    reference = ("SELECT customer_id, COUNT(*) AS n_orders FROM orders WHERE status = 'delivered' "
                 "GROUP BY customer_id HAVING COUNT(*) >= 25")
    checked(sqlcheck.check_query_matches, reference.replace("COUNT(*) >= 25", "COUNT(*) > 24"), reference, seed=1)
    wrong = reference.replace(">= 25", ">= 26")
    msg = failure(sqlcheck.check_query_matches, wrong, reference, seed=1)
    assert "seed 1" in msg and "missing" in msg
    for secret in ("HAVING", "delivered", ">= 25", reference):
        assert secret not in msg
    # a hard-coded result of the visible database fails on the other one
    with shop.connect(0) as c:
        rows = c.execute(reference).fetchall()
    literal = " UNION ALL ".join(f"SELECT {a} AS customer_id, {b} AS n_orders" for a, b in rows)
    checked(sqlcheck.check_query, literal, ["customer_id", "n_orders"], rows)
    failure(sqlcheck.check_query_matches, literal, reference, seed=1)


def test_matches_with_params_names_them():
    ref = "SELECT COUNT(*) AS n FROM orders WHERE order_date <= :ref"
    msg = failure(sqlcheck.check_query_matches, "SELECT COUNT(*) AS n FROM orders", ref, seed=1,
                  params={"ref": "2026-03-31"})
    assert ":ref = '2026-03-31'" in msg


def test_the_reference_answer_is_reused_only_for_the_same_database_query_and_parameters():
    """A worker checks every submission against the same hidden database: the
    reference query runs once per database file, query and parameters; any
    other parameters, seed or planted copy gets its own answer."""
    sqlcheck._REFERENCES.clear()
    ref = "SELECT order_id FROM orders WHERE customer_id = :c ORDER BY order_id"
    mine = "SELECT order_id FROM orders WHERE customer_id = :c"
    checked(sqlcheck.check_query_matches, mine, ref, seed=1, params={"c": 7})
    checked(sqlcheck.check_query_matches, mine, ref, seed=1, params={"c": 7})
    assert len(sqlcheck._REFERENCES) == 1
    with shop.connect(1) as c:
        seven = c.execute(ref, {"c": 7}).fetchall()
    hard_coded = ("SELECT order_id FROM (" + " UNION ALL ".join(f"SELECT {r[0]} AS order_id" for r in seven)
                  + ") WHERE :c IS NOT NULL")
    checked(sqlcheck.check_query_matches, hard_coded, ref, seed=1, params={"c": 7})
    failure(sqlcheck.check_query_matches, hard_coded, ref, seed=1, params={"c": 8})    # not customer 7's answer
    failure(sqlcheck.check_query_matches, hard_coded, ref, seed=2, params={"c": 7})    # nor seed 1's
    checked(sqlcheck.check_query_matches, mine, ref, seed=1, params={"c": 8}, edge_cases=True)
    assert len(sqlcheck._REFERENCES) == 4


REFERENCE = ("SELECT customer_id, COUNT(*) AS n_orders FROM orders WHERE status = 'delivered' "
             "GROUP BY customer_id HAVING COUNT(*) >= 25")


def hidden_failure(query, **kwargs) -> str:
    """The message of check_query_matches failing in the hidden part of a test."""
    with pytest.raises(CheckFailed) as e:
        @exercise("q")
        def test():
            ### BEGIN HIDDEN TESTS
            sqlcheck.check_query_matches(query, REFERENCE, seed=1, hint="a hidden hint", **kwargs)
            ### END HIDDEN TESTS
    assert e.value.hidden
    return str(e.value)


@pytest.mark.parametrize("query, says", [
    (REFERENCE.replace(">= 25", ">= 26"), "returns fewer rows than it should"),
    (REFERENCE.replace(">= 25", ">= 20"), "returns more rows than it should"),
    (REFERENCE.replace("COUNT(*) AS", "COUNT(*) + 1 AS"), "some of them are wrong"),
    (REFERENCE.replace("AS n_orders", "AS n"), "columns of your query are not the ones asked for"),
    (REFERENCE.replace("SELECT customer_id", "SELECT customer_idd"), "raised an SQLite error"),
    (REFERENCE + " AND 0", "no rows at all"),
    ("SELECT json_extract('{}', (SELECT name FROM customers LIMIT 1)) AS n", "raised an SQLite error"),
])
def test_hidden_failures_say_what_kind_without_values(query, says):
    msg = hidden_failure(query)
    assert msg.startswith("q: failed a hidden test: ") and says in msg
    # the hint is for a wrong result, not for SQL that does not run
    assert ("hint: a hidden hint" in msg) is ("SQLite error" not in says)
    with shop.connect(1) as c:
        secrets = {str(v) for row in c.execute(REFERENCE) for v in row}
        secrets |= {c.execute("SELECT name FROM customers LIMIT 1").fetchone()[0]}
    assert not any(s in msg for s in secrets if len(s) > 1)
    assert "seed" not in msg and "expected" not in msg and "got" not in msg
    assert len(msg.splitlines()) <= 2


def test_hidden_order_failure():
    with pytest.raises(CheckFailed) as e:
        @exercise("q")
        def test():
            ### BEGIN HIDDEN TESTS
            sqlcheck.check_query_matches(STATUS + " ORDER BY n", STATUS + " ORDER BY n DESC", seed=1, ordered=True)
            ### END HIDDEN TESTS
    assert str(e.value).splitlines() == [
        "q: failed a hidden test: on another database, your rows are right but not in the order asked for",
        "  hint: check your ORDER BY (column, direction and tie-breaker)"]


def test_summary_checks():
    q = "SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id ORDER BY customer_id"
    with shop.connect(0) as c:
        rows = c.execute(q).fetchall()
    total = sum(r[1] for r in rows)
    checked(sqlcheck.check_query_summary, q, ["customer_id", "n"], len(rows), first_rows=rows[:2],
            contains=rows[-2:], sums={"n": total}, ordered=True)
    assert "rows" in failure(sqlcheck.check_query_summary, q + " LIMIT 5", ["customer_id", "n"], len(rows))
    assert "add up to" in failure(sqlcheck.check_query_summary, q.replace("COUNT(*)", "COUNT(*) + 1"),
                                  ["customer_id", "n"], len(rows), sums={"n": total})
    assert "row 1 is wrong" in failure(sqlcheck.check_query_summary, q.replace("ORDER BY customer_id",
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
    checked(sqlcheck.check_table_design, COUPONS_OK, "coupons", COLS, GOOD, BAD)
    msg = failure(sqlcheck.check_table_design, COUPONS_OK.replace(" CHECK (discount_pct BETWEEN 5 AND 50)", ""),
                  "coupons", COLS, GOOD, BAD)
    assert "accepts a row it should reject" in msg and "too big" in msg
    msg = failure(sqlcheck.check_table_design, COUPONS_OK.replace("REFERENCES customers(customer_id)", ""),
                  "coupons", COLS, GOOD, BAD)
    assert "no such customer" in msg
    msg = failure(sqlcheck.check_table_design, COUPONS_OK.replace("BETWEEN 5", "BETWEEN 6"), "coupons", COLS,
                  GOOD, BAD)
    assert "rejects a row it should accept" in msg and "CHECK constraint failed" in msg
    assert "missing column: discount_pct" in failure(
        sqlcheck.check_table_design, COUPONS_OK.replace("discount_pct", "pct"), "coupons", COLS, GOOD, BAD)
    assert "does not create a table called coupons" in failure(
        sqlcheck.check_table_design, COUPONS_OK.replace("coupons", "coupon"), "coupons", COLS, GOOD, BAD)
    msg = failure(sqlcheck.check_table_design, "CREATE TABLE coupons (", "coupons", COLS, GOOD, BAD, hint="logic")
    assert "not valid SQL" in msg and "logic" not in msg
    # the shop file itself is untouched
    with shop.connect(0) as c:
        assert c.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'coupons'").fetchone()[0] == 0


def test_table_design_hidden_message_gives_the_reason_only():
    with pytest.raises(CheckFailed) as e:
        @exercise("q")
        def test():
            ### BEGIN HIDDEN TESTS
            sqlcheck.check_table_design(COUPONS_OK.replace(" UNIQUE", ""), "coupons", COLS, GOOD,
                                        [({"coupon_id": 9, "code": "A", "customer_id": 7, "discount_pct": 10},
                                          "a code that is already used")], seed=1)
            ### END HIDDEN TESTS
    assert str(e.value) == "q: failed a hidden test: coupons accepts a row it should reject (a code that is " \
                           "already used)"


def test_index_used():
    q = "SELECT order_id, order_date FROM orders WHERE customer_id = ? ORDER BY order_date"
    plan = checked(sqlcheck.check_index_used, "CREATE INDEX ix ON orders(customer_id, order_date)", q, params=(5,))
    assert plan == ["SEARCH orders USING COVERING INDEX ix (customer_id=?)"]
    msg = failure(sqlcheck.check_index_used, "CREATE INDEX ix ON orders(order_date, customer_id)", q, params=(5,))
    assert "does not search with your index" in msg and "SEARCH orders USING INDEX fk_orders_customer" in msg
    msg = failure(sqlcheck.check_index_used, "CREATE INDEX ix ON orders(customer_id)", q, params=(5,))
    assert "TEMP B-TREE" in msg
    assert "does not create an index" in failure(sqlcheck.check_index_used, "SELECT 1", q, params=(5,))
    assert "not create or drop tables" in failure(
        sqlcheck.check_index_used, "CREATE TABLE t(a); CREATE INDEX ix ON t(a)", q, params=(5,))
    # the cached file never sees the index
    with shop.connect(0) as c:
        assert c.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix'").fetchone()[0] == 0


VIEWS_QUERY = ("SELECT p.name, COUNT(*) AS n_views FROM page_views AS v JOIN products AS p "
               "ON p.product_id = v.product_id WHERE v.customer_id = 42 AND v.device = 'app' GROUP BY p.name")


def test_the_plan_is_read_as_facts_the_index_and_the_columns_it_searches_by():
    with shop.connect(0, readonly=False) as c:
        c.execute("CREATE INDEX ix_dc ON page_views(device, customer_id)")
        steps = sqlrun.plan_steps(c, VIEWS_QUERY)
    assert [(s.op, s.table, s.index, s.columns) for s in steps] == [
        ("SEARCH", "v", "ix_dc", ("device", "customer_id")), ("SEARCH", "p", None, ("rowid",)), ("", "", None, ())]
    assert steps[2].detail == "USE TEMP B-TREE FOR GROUP BY"


@pytest.mark.parametrize("columns, verdict", [
    ("device, customer_id", None),                      # issue 57: SQLite searches it by both columns
    ("customer_id, device", None),
    ("customer_id", None),
    ("customer_id, device, product_id", None),           # covering
    ("device", "not by customer_id"),                    # a search, by device only
    ("device, product_id, customer_id", "not by customer_id"),
    ("viewed_at", "does not search with your index"),
])
def test_an_index_is_judged_by_the_search_sqlite_plans_with_it_not_by_its_column_order(columns, verdict):
    ddl = f"CREATE INDEX ix ON page_views({columns})"
    def check():
        return sqlcheck.check_index_used(ddl, VIEWS_QUERY, table="page_views", forbid=(), by=("customer_id",))
    if verdict is None:
        assert checked(check)[0].startswith("SEARCH v USING")
    else:
        assert verdict in failure(check)


def orders_safe(conn, customer_id):
    return conn.execute("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "
                        "ORDER BY order_date, order_id", (customer_id,)).fetchall()


def orders_unsafe(conn, customer_id):
    return conn.execute(f"SELECT order_id, order_date, status FROM orders WHERE customer_id = {customer_id} "
                        "ORDER BY order_date, order_id").fetchall()


def orders_as_dict(conn, customer_id):
    return {"rows": 1}


def orders_reversed(conn, customer_id):
    return list(reversed(orders_safe(conn, customer_id)))


def rows_returned(name: str, customer_id, expected, seed: int = 0):
    """check_rows_returned on the function `name` of this module, found as an answer."""
    @exercise("q")
    def test():
        func = answer(name, callable)
        sqlcheck.check_rows_returned(func, (generated(shop.connect, seed=seed), customer_id), expected)


def rows_failure(*args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as e:
        rows_returned(*args, **kwargs)
    return str(e.value)


def test_rows_returned_and_injection():
    with shop.connect(0) as c:
        expected = orders_safe(c, 15)
    rows_returned("orders_safe", 15, expected)
    rows_returned("orders_unsafe", 15, expected)
    rows_returned("orders_safe", "1 OR 1=1", [])
    msg = rows_failure("orders_unsafe", "1 OR 1=1", [])
    assert "orders_unsafe(conn, '1 OR 1=1') returned" in msg and "extra" in msg
    msg = rows_failure("orders_unsafe", "x'", [])
    assert "raised OperationalError" in msg
    assert "list of tuples" in rows_failure("orders_as_dict", 15, expected)
    assert "row 1 should be" in rows_failure("orders_reversed", 15, expected)
    # the function runs on the connection it is given: another seed, other rows
    with shop.connect(1) as c:
        rows_returned("orders_safe", 15, orders_safe(c, 15), seed=1)
    assert rows_failure("orders_safe", 15, expected, seed=1).startswith("q: orders_safe(conn, 15)")



def test_huge_results_are_refused_before_they_fill_the_memory():
    msg = failure(sqlcheck.fetch, "SELECT zeroblob(10000000) AS b FROM orders")
    assert "more than 64 MB of data" in msg


# --------------------------------------------------------------------------- planted boundary cases, one index, tuples

def test_matches_on_the_planted_database_finds_an_off_by_one():
    reference = ("SELECT customer_id, SUM(status = 'delivered') AS n FROM orders GROUP BY customer_id "
                 "HAVING SUM(status = 'delivered') >= 30")
    off_by_one = ("SELECT customer_id, COUNT(*) AS n FROM orders WHERE status = 'delivered' GROUP BY customer_id "
                  "HAVING COUNT(*) > 30")
    checked(sqlcheck.check_query_matches, reference.replace(">= 30", "> 29"), reference, seed=1, edge_cases=True)
    msg = failure(sqlcheck.check_query_matches, off_by_one, reference, seed=1, edge_cases=True)
    assert "seed 1 with its boundary cases planted" in msg
    msg = hidden_failure(REFERENCE.replace(">= 25", ">= 26"), edge_cases=True)
    assert "on another database with rows exactly on the question's boundaries" in msg


def test_index_answer_is_one_create_index():
    q = "SELECT order_id FROM orders WHERE customer_id = ? ORDER BY order_date"
    two = "CREATE INDEX a ON orders(customer_id); CREATE INDEX b ON orders(customer_id, order_date)"
    assert "creates 2 indexes" in failure(sqlcheck.check_index_used, two, q, params=(5,))
    checked(sqlcheck.check_index_used, two, q, params=(5,), single=False)
    drop = "DROP INDEX fk_orders_customer; CREATE INDEX b ON orders(customer_id, order_date)"
    assert "drops the index fk_orders_customer" in failure(sqlcheck.check_index_used, drop, q, params=(5,))


def orders_as_lists(conn, customer_id):
    return [list(row) for row in orders_safe(conn, customer_id)]


def orders_as_tuple(conn, customer_id):
    return tuple(orders_safe(conn, customer_id))


def test_rows_returned_must_be_a_list_of_tuples():
    with shop.connect(0) as c:
        expected = orders_safe(c, 15)
    assert "not a list of list" in rows_failure("orders_as_lists", 15, expected)
    assert "not a tuple" in rows_failure("orders_as_tuple", 15, expected)


def test_changes_run_on_a_private_copy_before_the_query_and_the_reference():
    """A question may need a case the generated data lacks (02 q10b: a day without any order): the test's
    ``changes`` run on a private copy first, for the answer and the reference alike, never on the file."""
    gone = ("DELETE FROM order_items WHERE order_id IN (SELECT order_id FROM orders WHERE order_date = '2026-06-09');"
            "DELETE FROM orders WHERE order_date = '2026-06-09'")
    days = "SELECT COUNT(DISTINCT order_date) AS n FROM orders WHERE order_date LIKE '2026-06-%'"
    checked(sqlcheck.check_query_summary, days, ["n"], 1, contains=[(29,)], changes=gone)
    assert "a row you should have" in failure(sqlcheck.check_query_summary, days, ["n"], 1, contains=[(30,)],
                                              changes=gone)
    checked(sqlcheck.check_query_summary, days, ["n"], 1, contains=[(30,)])   # the file is untouched
    thirty = "SELECT 30 AS n"
    checked(sqlcheck.check_query_matches, thirty, days, seed=1)
    failure(sqlcheck.check_query_matches, thirty, days, seed=1, changes=gone)
    failure(sqlcheck.check_query_matches, thirty, days, seed=1, edge_cases=True, changes=gone)
    checked(sqlcheck.check_query_matches, "SELECT 29 AS n", days, seed=1, changes=gone)
