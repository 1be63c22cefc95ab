"""Unit tests of workbook.data.shop, the database shared by 02_sql to 05 (fast, no notebook)."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from workbook.data import shop

CHURN = """
WITH last AS (
    SELECT customer_id, MAX(order_date) AS last_order
    FROM orders WHERE order_date <= :ref GROUP BY customer_id)
SELECT customer_id,
       CASE WHEN julianday(:ref) - julianday(last_order) > 60 THEN 1 ELSE 0 END AS churned,
       julianday(:ref) - julianday(last_order) AS gap
FROM last
"""


@pytest.fixture(scope="module", autouse=True)
def data_dir(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBOOK_DATA", str(tmp_path_factory.mktemp("shop")))
    yield
    mp.undo()


@pytest.fixture(scope="module")
def conn(data_dir):
    c = shop.connect(0)
    yield c
    c.close()


def q(conn, sql, *args):
    return conn.execute(sql, args).fetchall()


def test_deterministic_per_seed_and_seeds_differ():
    a, b, c = shop.generate(3), shop.generate(3), shop.generate(4)
    assert a == b
    assert a["orders"] != c["orders"] and a["customers"] != c["customers"]


def test_build_is_cached_atomic_and_done_once_when_two_need_it_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path))
    real, built = shop.generate, []

    def counted(seed):
        built.append(seed)
        return real(seed)

    monkeypatch.setattr(shop, "generate", counted)
    paths = []
    threads = [threading.Thread(target=lambda: paths.append(shop.build_db(5))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(paths)) == 1 and paths[0].exists()
    assert built == [5]   # built once: the second builder waited for the first one's file
    assert [p.name for p in tmp_path.iterdir()] == [paths[0].name]   # no temp or lock files left behind
    mtime = paths[0].stat().st_mtime_ns
    assert shop.build_db(5).stat().st_mtime_ns == mtime
    assert paths[0].stat().st_size < 8_000_000


def test_schema(conn):
    tables = [r[0] for r in q(conn, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    assert sorted(tables) == sorted(shop.TABLES)
    cols = {t: [r[1] for r in q(conn, f"PRAGMA table_info({t})")] for t in shop.TABLES}
    assert cols == {
        "customers": ["customer_id", "name", "email", "phone", "signup_date", "age_band", "region", "referred_by"],
        "categories": ["category_id", "name", "parent_id"],
        "products": ["product_id", "name", "category_id", "price_krw", "launched_date"],
        "orders": ["order_id", "customer_id", "order_date", "status"],
        "order_items": ["order_id", "product_id", "quantity", "unit_price_krw"],
        "page_views": ["view_id", "customer_id", "product_id", "viewed_at", "device"],
        "reviews": ["review_id", "customer_id", "product_id", "rating", "review_text", "created_at"],
    }
    assert [r[0] for r in shop.schema_table()][:1] == ["customers"]


def test_sizes_and_value_domains(conn):
    n_customers = q(conn, "SELECT COUNT(*) FROM customers")[0][0]
    assert 1200 <= n_customers <= 1800
    assert 150 <= q(conn, "SELECT COUNT(*) FROM products")[0][0] <= 250
    assert set(r[0] for r in q(conn, "SELECT DISTINCT age_band FROM customers")) == set(shop.AGE_BANDS)
    assert set(r[0] for r in q(conn, "SELECT DISTINCT region FROM customers")) == set(shop.REGIONS)
    assert set(r[0] for r in q(conn, "SELECT DISTINCT status FROM orders")) == set(shop.STATUSES)
    assert set(r[0] for r in q(conn, "SELECT DISTINCT device FROM page_views")) == set(shop.DEVICES)
    null_phone, referred = q(conn, "SELECT AVG(phone IS NULL), AVG(referred_by IS NOT NULL) FROM customers")[0]
    assert 0.10 < null_phone < 0.20 and 0.15 < referred < 0.25
    lo, hi = q(conn, "SELECT MIN(order_date), MAX(order_date) FROM orders")[0]
    assert lo >= shop.START_DATE and hi <= shop.REF_DATE and hi >= "2026-06-20"
    assert q(conn, "SELECT COUNT(*) FROM page_views WHERE substr(viewed_at, 1, 10) > ?", shop.REF_DATE)[0][0] == 0
    assert q(conn, "SELECT COUNT(*) FROM reviews WHERE substr(created_at, 1, 10) > ?", shop.REF_DATE)[0][0] == 0
    # formats
    assert q(conn, "SELECT COUNT(*) FROM orders WHERE date(order_date) IS NOT order_date")[0][0] == 0
    assert q(conn, "SELECT COUNT(*) FROM page_views WHERE datetime(viewed_at) IS NOT viewed_at")[0][0] == 0


def test_foreign_keys_valid_and_referrers_signed_up_earlier(conn):
    assert q(conn, "PRAGMA foreign_key_check") == []
    assert q(conn, """SELECT COUNT(*) FROM customers c JOIN customers r ON r.customer_id = c.referred_by
                      WHERE r.signup_date > c.signup_date OR r.customer_id = c.customer_id""")[0][0] == 0
    # categories: a two-level tree; products sit on leaves
    assert q(conn, """SELECT COUNT(*) FROM categories c JOIN categories p ON p.category_id = c.parent_id
                      WHERE p.parent_id IS NOT NULL""")[0][0] == 0
    assert q(conn, """SELECT COUNT(*) FROM products p JOIN categories c USING (category_id)
                      WHERE c.parent_id IS NULL""")[0][0] == 0
    # nothing is ordered before its launch or before the customer signed up
    assert q(conn, """SELECT COUNT(*) FROM order_items i JOIN orders o USING (order_id)
                      JOIN products p USING (product_id) WHERE p.launched_date > o.order_date""")[0][0] == 0
    assert q(conn, """SELECT COUNT(*) FROM orders o JOIN customers c USING (customer_id)
                      WHERE o.order_date < c.signup_date""")[0][0] == 0


@pytest.mark.parametrize("seed", [0, 1])
def test_churners_never_buyers_dead_stock(seed):
    conn = shop.connect(seed)
    labels = conn.execute(CHURN, {"ref": shop.REF_DATE}).fetchall()
    churned = sum(r[1] for r in labels)
    assert 0.3 < churned / len(labels) < 0.7
    assert any(r[2] == 60 for r in labels), "someone at exactly the 60-day boundary (off-by-one tests need it)"
    assert q(conn, "SELECT COUNT(*) FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM orders)")[0][0] > 50
    assert q(conn, "SELECT COUNT(*) FROM products WHERE product_id NOT IN (SELECT product_id FROM order_items)")[0][0] >= 5
    # a leaf category without products (for anti-joins on categories)
    assert q(conn, """SELECT COUNT(*) FROM categories c WHERE parent_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.category_id)""")[0][0] >= 1
    conn.close()


def test_churn_is_learnable(conn):
    """Churn depends on the customer (age band, referral, ratings): models have something to find."""
    rows = conn.execute(f"""
        WITH lab AS ({CHURN})
        SELECT c.age_band, c.referred_by IS NOT NULL, AVG(lab.churned), COUNT(*)
        FROM lab JOIN customers c USING (customer_id) GROUP BY 1, 2""", {"ref": shop.REF_DATE}).fetchall()
    by_age = {}
    for age, ref, rate, n in rows:
        by_age.setdefault(age, []).append((rate, n))
    rate = {a: sum(r * n for r, n in v) / sum(n for _, n in v) for a, v in by_age.items()}
    assert rate["10s"] > rate["40s"]
    low, high = conn.execute(f"""
        WITH lab AS ({CHURN}), r AS (SELECT customer_id, AVG(rating) AS avg_rating FROM reviews GROUP BY 1)
        SELECT AVG(CASE WHEN avg_rating < 3 THEN churned END), AVG(CASE WHEN avg_rating >= 4.5 THEN churned END)
        FROM lab JOIN r USING (customer_id)""", {"ref": shop.REF_DATE}).fetchone()
    assert low > high


def test_ties_exist(conn):
    assert q(conn, """SELECT COUNT(*) FROM (SELECT category_id, price_krw FROM products
                      GROUP BY 1, 2 HAVING COUNT(*) > 1)""")[0][0] >= 3
    assert q(conn, """SELECT COUNT(*) FROM (SELECT order_date FROM orders GROUP BY 1 HAVING COUNT(*) > 1)""")[0][0] > 100
    counts = [r[0] for r in q(conn, "SELECT COUNT(*) FROM orders GROUP BY customer_id ORDER BY 1 DESC LIMIT 30")]
    assert len(set(counts)) < 30


def test_reviews_mixed_language_and_sentiment(conn):
    texts = q(conn, "SELECT rating, review_text FROM reviews")
    korean = sum(any("\uac00" <= ch <= "\ud7a3" for ch in t) for _, t in texts)
    assert 0.4 < korean / len(texts) < 0.85
    assert {r for r, _ in texts} == {1, 2, 3, 4, 5}
    assert all(t.strip() for _, t in texts)


def test_readonly_and_writable_copy():
    ro = shop.connect(0)
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("DELETE FROM orders")
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("CREATE TABLE x (a)")
    ro.close()
    rw = shop.connect(0, readonly=False)
    rw.execute("DELETE FROM order_items")
    rw.execute("CREATE INDEX ix ON orders(customer_id)")
    with pytest.raises(sqlite3.IntegrityError):     # foreign keys are enforced on the copy
        rw.execute("INSERT INTO orders VALUES (999999, 999999, '2026-01-01', 'paid')")
    rw.close()
    ro = shop.connect(0)
    assert ro.execute("SELECT COUNT(*) FROM order_items").fetchone()[0] > 0   # the file is untouched
    ro.close()


@pytest.mark.parametrize("seed, ref", [(0, shop.REF_DATE), (1, "2026-03-31"), (2, "2026-01-31")])
def test_02_sql_churn_label_follows_the_shared_definition(seed, ref):
    """The churn label of 02_sql (q12's solution) equals the shared definition written in plain Python."""
    import datetime as dt
    from pathlib import Path

    from workbook.course import nb as nbm
    src = nbm.read(Path(__file__).resolve().parent.parent / "source" / "02_sql" / "02_sql.ipynb")
    cell = next(c for c in src.cells if nbm.meta(c).get("grade_id") == "q12_churn_label")
    ns: dict = {}
    exec("\n".join(nbm.solution_lines(cell.source)), ns)
    conn = shop.connect(seed)
    got = dict(conn.execute(ns["q12_churn_label"], {"ref": ref}).fetchall())
    last: dict[int, str] = {}
    for cid, day in conn.execute("SELECT customer_id, order_date FROM orders"):
        if day <= ref and day > last.get(cid, ""):
            last[cid] = day
    r = dt.date.fromisoformat(ref)
    want = {cid: int((r - dt.date.fromisoformat(d)).days > 60) for cid, d in last.items()}
    assert got == want
    assert any((r - dt.date.fromisoformat(d)).days == 60 for d in last.values())
    conn.close()


# --------------------------------------------------------------------------- planted edge cases (02_sql)

EDGE_SEEDS = [0] + __import__("random").Random(20260630).sample(range(2**31), 40)


def _edge_case_problems(conn) -> list[str]:
    """Each boundary case plant_edge_cases promises, checked with plain SQL."""
    problems = []

    def one(sql, *args):
        return conn.execute(sql, args).fetchone()[0]

    def need(what, sql, *args):
        if not one(sql, *args):
            problems.append(what)

    # q1: the 10 premium products reach down to exactly 100,000, through a tie; one launched on 2025-01-01
    premium = conn.execute("SELECT product_id, price_krw, launched_date FROM products WHERE price_krw >= 100000 "
                           "AND launched_date >= '2025-01-01' ORDER BY price_krw DESC, product_id").fetchall()
    if not (len(premium) >= 11 and premium[9][1] == premium[10][1] == 100000 and premium[7][1] > 100000):
        problems.append("q1: the 10th and 11th premium products cost exactly 100,000, the 8th more")
    if not any(d == "2025-01-01" and p > 100000 for _, p, d in premium[:8]):
        problems.append("q1: a top product launched on 2025-01-01")
    if not len({p for _, p, _ in premium[:8]}) < 8:
        problems.append("q1: a tie among the top products")
    need("q1: a product launched in 2025 at 99,000",
         "SELECT COUNT(*) FROM products WHERE launched_date >= '2025-01-01' AND price_krw = 99000")
    # q2
    need("q2: exactly 30 delivered orders and more orders in all",
         "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY 1 "
         "HAVING SUM(status = 'delivered') = 30 AND COUNT(*) > 30)")
    need("q2: 29 delivered orders among 30 or more",
         "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY 1 "
         "HAVING SUM(status = 'delivered') = 29 AND COUNT(*) >= 30)")
    # q3, q4
    need("q3/q4: a product ordered only in cancelled and refunded orders (both), in a category without revenue",
         "SELECT COUNT(*) FROM products p WHERE "
         "(SELECT COUNT(DISTINCT o.status) FROM order_items i JOIN orders o USING (order_id) "
         " WHERE i.product_id = p.product_id AND o.status IN ('cancelled', 'refunded')) = 2 "
         "AND NOT EXISTS (SELECT 1 FROM order_items i JOIN orders o USING (order_id) JOIN products q USING "
         " (product_id) WHERE q.category_id = p.category_id AND o.status NOT IN ('cancelled', 'refunded'))")
    # q5
    for day in ("2026-05-31", "2026-06-01", "2026-06-30"):
        need(f"q5: a referred customer who signed up on {day}",
             "SELECT COUNT(*) FROM customers WHERE signup_date = ? AND referred_by IS NOT NULL", day)
    # q7
    need("q7: an order on the day of a 1-star review and none later",
         "SELECT COUNT(*) FROM customers c WHERE EXISTS (SELECT 1 FROM reviews r JOIN orders o "
         " ON o.customer_id = r.customer_id AND o.order_date = date(r.created_at) "
         " WHERE r.customer_id = c.customer_id AND r.rating = 1) "
         "AND NOT EXISTS (SELECT 1 FROM reviews r JOIN orders o ON o.customer_id = r.customer_id "
         " AND o.order_date > date(r.created_at) WHERE r.customer_id = c.customer_id AND r.rating = 1)")
    need("q7: two 1-star reviews of one customer, each followed by a later order",
         "SELECT COUNT(*) FROM (SELECT r.customer_id FROM reviews r WHERE r.rating = 1 AND EXISTS "
         " (SELECT 1 FROM orders o WHERE o.customer_id = r.customer_id AND o.order_date > date(r.created_at)) "
         " GROUP BY r.customer_id HAVING COUNT(*) >= 2)")
    # q8
    firsts = ("WITH f AS (SELECT customer_id, MIN(order_date) AS first_order FROM orders GROUP BY 1) "
              "SELECT COUNT(*) FROM f JOIN customers c USING (customer_id) "
              "WHERE julianday(first_order) - julianday(c.signup_date) = ?")
    need("q8: a first order exactly 30 days after signup", firsts, 30)
    need("q8: a first order exactly 31 days after signup", firsts, 31)
    need("q8: a cancelled first order within 30 days, the first other order after 30 days",
         "SELECT COUNT(*) FROM customers c WHERE "
         "(SELECT status FROM orders o WHERE o.customer_id = c.customer_id ORDER BY order_date, order_id LIMIT 1)"
         " = 'cancelled' AND julianday((SELECT MIN(order_date) FROM orders o WHERE o.customer_id = c.customer_id))"
         " - julianday(c.signup_date) <= 30 AND julianday((SELECT MIN(order_date) FROM orders o "
         " WHERE o.customer_id = c.customer_id AND o.status <> 'cancelled')) - julianday(c.signup_date) > 30")
    # q9
    need("q9: two products tie for the top price of a category of 3 or more",
         "SELECT COUNT(*) FROM (SELECT category_id FROM products p GROUP BY 1 HAVING COUNT(*) >= 3 AND "
         " (SELECT COUNT(*) FROM products q WHERE q.category_id = p.category_id AND q.price_krw = MAX(p.price_krw)) >= 2)")
    # q9b: units sold per product, ranked in each category
    units = ("WITH u AS (SELECT p.category_id, i.product_id, SUM(i.quantity) AS units FROM order_items i "
             "JOIN orders o ON o.order_id = i.order_id JOIN products p ON p.product_id = i.product_id "
             "WHERE o.status NOT IN ('cancelled', 'refunded') GROUP BY i.product_id) ")
    ranked = (units + ", r AS (SELECT u.*, (SELECT COUNT(*) FROM u b WHERE b.category_id = u.category_id "
              "AND b.units > u.units) + 1 AS rnk, (SELECT COUNT(DISTINCT b.units) FROM u b "
              "WHERE b.category_id = u.category_id AND b.units > u.units) + 1 AS dense FROM u) ")
    need("q9b: two products tie for the third most units of a category",
         ranked + "SELECT COUNT(*) FROM (SELECT category_id FROM r WHERE rnk = 3 GROUP BY 1 HAVING COUNT(*) >= 2)")
    need("q9b: a product of rank 4 after a tie for second place (dense rank 3)",
         ranked + "SELECT COUNT(*) FROM r WHERE rnk = 4 AND dense = 3")
    need("q9b: a product never ordered in a category with fewer than three products sold",
         units + "SELECT COUNT(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM order_items i "
         " WHERE i.product_id = p.product_id) AND (SELECT COUNT(*) FROM u WHERE u.category_id = p.category_id) < 3")
    # q10
    need("q10: a June day with orders but no revenue",
         "SELECT COUNT(*) FROM (SELECT order_date FROM orders WHERE order_date LIKE '2026-06-%' GROUP BY 1 "
         " HAVING SUM(status NOT IN ('cancelled', 'refunded')) = 0)")
    for day in ("2026-05-31", "2026-06-01", "2026-06-30"):
        need(f"q10: revenue on {day}", "SELECT COUNT(*) FROM orders o JOIN order_items USING (order_id) "
             "WHERE o.order_date = ? AND o.status NOT IN ('cancelled', 'refunded')", day)
    # q11
    need("q11: exactly 20 orders, some not delivered",
         "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY 1 HAVING COUNT(*) = 20 "
         " AND SUM(status = 'delivered') < 20 AND SUM(status NOT IN ('cancelled', 'refunded')) < 20)")
    need("q11: exactly 19 orders",
         "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY 1 HAVING COUNT(*) = 19)")
    # q12 (at REF_DATE)
    for days in (60, 61):
        need(f"q12: a last order exactly {days} days before REF_DATE",
             "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY 1 "
             " HAVING julianday(?) - julianday(MAX(order_date)) = ?)", shop.REF_DATE, days)
    need("q12: a customer whose only order is on REF_DATE",
         "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY 1 HAVING MIN(order_date) = ?)", shop.REF_DATE)
    need("q12: a recent cancelled order, the last other order more than 60 days before REF_DATE",
         "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY 1 "
         " HAVING julianday(?) - julianday(MAX(order_date)) <= 60 AND julianday(?) - "
         " julianday(MAX(CASE WHEN status NOT IN ('cancelled', 'refunded') THEN order_date END)) > 60)",
         shop.REF_DATE, shop.REF_DATE)
    # q13
    spend = ("WITH s AS (SELECT c.customer_id, COUNT(DISTINCT o.order_id) AS n_orders, "
             " COALESCE(SUM(CASE WHEN o.status NOT IN ('cancelled', 'refunded') THEN i.quantity * i.unit_price_krw "
             " END), 0) AS spent FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id "
             " LEFT JOIN order_items i ON i.order_id = o.order_id GROUP BY c.customer_id) ")
    for amount in (200_000, 1_000_000):
        need(f"q13: a customer who spent exactly {amount:,}", spend + "SELECT COUNT(*) FROM s WHERE spent = ?", amount)
    need("q13: a customer with orders, all cancelled or refunded",
         spend + "SELECT COUNT(*) FROM s WHERE spent = 0 AND n_orders > 0")
    need("q13: every bucket has customers", spend + "SELECT SUM(spent = 0) > 0 AND SUM(spent > 0 AND spent < 200000) > 0 "
         "AND SUM(spent >= 200000 AND spent < 1000000) > 0 AND SUM(spent >= 1000000) > 0 FROM s")
    # q15
    need("q15: a customer whose order ids are not in date order, with two orders on the same day",
         "SELECT COUNT(*) FROM customers c WHERE EXISTS (SELECT 1 FROM orders a JOIN orders b "
         " ON b.customer_id = a.customer_id AND a.order_id < b.order_id AND a.order_date > b.order_date "
         " WHERE a.customer_id = c.customer_id) AND EXISTS (SELECT 1 FROM orders a JOIN orders b "
         " ON b.customer_id = a.customer_id AND a.order_id < b.order_id AND a.order_date = b.order_date "
         " WHERE a.customer_id = c.customer_id)")
    if conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append("dangling foreign keys")
    return problems


@pytest.mark.parametrize("seed", EDGE_SEEDS)
def test_edge_cases_are_planted_for_every_seed(seed):
    """shop.connect(seed, edge_cases=True) holds every boundary case the 02_sql questions name."""
    conn = shop.connect(seed, edge_cases=True)
    try:
        assert _edge_case_problems(conn) == []
    finally:
        conn.close()


def test_edge_cases_leave_the_cached_file_alone_and_are_read_only():
    plain = shop.connect(0)
    before = plain.execute("SELECT COUNT(*), SUM(order_id), MAX(order_date) FROM orders").fetchone()
    edge = shop.connect(0, edge_cases=True)
    with pytest.raises(sqlite3.OperationalError):
        edge.execute("DELETE FROM orders")
    assert _edge_case_problems(plain) != []      # the plain database is not planted
    edge.close()
    assert plain.execute("SELECT COUNT(*), SUM(order_id), MAX(order_date) FROM orders").fetchone() == before
    plain.close()
    again = shop.connect(0, edge_cases=True, readonly=False)   # a writable planted copy
    again.execute("DELETE FROM order_items")
    again.close()
