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


def test_build_is_cached_and_atomic(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path))
    paths = []
    threads = [threading.Thread(target=lambda: paths.append(shop.build_db(5))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(paths)) == 1 and paths[0].exists()
    assert [p.name for p in tmp_path.iterdir()] == [paths[0].name]   # no temp files left behind
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

    from workbook import nb as nbm
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
