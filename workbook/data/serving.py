"""07_ml_service: Daon Market's (다온마켓) churn features at a cutoff date.

The churn model of 07 is trained on a monthly *snapshot* of the shop
database (``workbook.data.shop``): for a cutoff date C, one row per customer
with at least one order (any status) before C, four features computed from
what was known before C, and the label:

* ``recency_days`` (int): days from the customer's last order before C to C;
* ``orders_90d`` (int): orders (any status) in the 90 days before C
  (C - 90 days <= order_date < C);
* ``avg_basket_krw`` (float): the mean order total (quantity × unit price)
  of the customer's paid, shipped or delivered orders before C; 0.0 when
  there is none;
* ``tenure_days`` (int): days from signup to C;
* ``churned`` (0/1, ``snapshot`` only): 1 when the customer places no order
  (any status) in the ``horizon`` days from C (C <= order_date < C + horizon).

``features_at(con, cutoff)`` computes the features from an open connection
(what the nightly batch job of 07 calls); ``snapshot(seed, cutoff)`` adds the
label for the database of a seed. Everything is deterministic: the same seed
and cutoff give the same frame.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from . import shop

FEATURES = ("recency_days", "orders_90d", "avg_basket_krw", "tenure_days")
"""The model's input features, in the order the model uses them."""

INT_FEATURES = ("recency_days", "orders_90d", "tenure_days")

TRAIN_CUTOFF = "2026-03-01"
"""The training month: features before 1 March 2026, churn in March and April."""

VALID_CUTOFF = "2026-04-01"
"""The validation month (one month later than training)."""

NEW_CUTOFF = "2026-06-01"
"""The "new month" the monitoring of 07 compares with the training month (its
labels are not known yet in production: only its features are used)."""

HORIZON = 60

_ORDERS_SQL = """
SELECT o.order_id, o.customer_id, o.order_date, o.status,
       COALESCE((SELECT SUM(i.quantity * i.unit_price_krw) FROM order_items i WHERE i.order_id = o.order_id), 0)
FROM orders o
"""


def _day(s: str) -> dt.date:
    return dt.date.fromisoformat(str(s)[:10])


def features_at(con: sqlite3.Connection, cutoff: str):
    """A DataFrame with the columns ``customer_id`` and :data:`FEATURES`, one
    row per customer with an order before ``cutoff`` ('YYYY-MM-DD'), sorted
    by customer_id (a fresh RangeIndex)."""
    import pandas as pd
    c = _day(cutoff)
    window = c - dt.timedelta(days=90)
    signup = {cid: _day(d) for cid, d in con.execute("SELECT customer_id, signup_date FROM customers")}
    acc: dict[int, dict] = {}
    for _oid, cid, day, status, amount in con.execute(_ORDERS_SQL):
        d = _day(day)
        if d >= c:
            continue
        r = acc.setdefault(int(cid), {"last": d, "n90": 0, "total": 0.0, "n_valid": 0})
        r["last"] = max(r["last"], d)
        r["n90"] += d >= window
        if status not in ("cancelled", "refunded"):
            r["total"] += float(amount)
            r["n_valid"] += 1
    rows = [(cid, (c - r["last"]).days, r["n90"], r["total"] / r["n_valid"] if r["n_valid"] else 0.0,
             (c - signup[cid]).days) for cid, r in sorted(acc.items())]
    frame = pd.DataFrame(rows, columns=["customer_id", *FEATURES])
    return frame.astype({"customer_id": "int64", "recency_days": "int64", "orders_90d": "int64",
                         "avg_basket_krw": "float64", "tenure_days": "int64"})


def snapshot(seed: int = 0, cutoff: str = TRAIN_CUTOFF, horizon: int = HORIZON):
    """:func:`features_at` on the shop database of ``seed``, with the label
    ``churned`` (int 0/1): no order in [cutoff, cutoff + horizon days)."""
    path = shop.build_db(seed)
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        frame = features_at(con, cutoff)
        c = _day(cutoff)
        end = c + dt.timedelta(days=horizon)
        active = {int(cid) for cid, day in con.execute("SELECT customer_id, order_date FROM orders")
                  if c <= _day(day) < end}
    finally:
        con.close()
    frame["churned"] = [0 if cid in active else 1 for cid in frame["customer_id"]]
    return frame


SCORES_SCHEMA = """
CREATE TABLE IF NOT EXISTS churn_scores (
    customer_id    INTEGER NOT NULL,
    cutoff         TEXT    NOT NULL,
    model_version  TEXT    NOT NULL,
    probability    REAL    NOT NULL CHECK (probability BETWEEN 0 AND 1),
    churn          INTEGER NOT NULL CHECK (churn IN (0, 1)),
    PRIMARY KEY (customer_id, cutoff, model_version)
);
"""
"""The table the nightly batch job of 07 writes its scores into (one row per
customer, cutoff date and model version)."""
