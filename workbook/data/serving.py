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
import typing

from . import shop

if typing.TYPE_CHECKING:
    import numpy as np

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
    return _features(_read_orders(con), cutoff)


class _Orders(typing.NamedTuple):
    """A shop database's orders as arrays (one item per order, in the table's
    order) and every customer's signup day (indexed by customer_id); days are
    proleptic ordinals (``date.toordinal``)."""
    customer: "np.ndarray"
    day: "np.ndarray"
    valid: "np.ndarray"       # paid, shipped or delivered (not cancelled, not refunded)
    amount: "np.ndarray"      # the order's total (quantity x unit price), a float
    signup: "np.ndarray"


def _read_orders(con: sqlite3.Connection) -> _Orders:
    import numpy as np
    rows = con.execute(_ORDERS_SQL).fetchall()
    signups = con.execute("SELECT customer_id, signup_date FROM customers").fetchall()
    signup = np.zeros(max([int(cid) for cid, _ in signups] + [int(r[1]) for r in rows] + [0]) + 1, dtype=np.int64)
    for cid, d in signups:
        signup[int(cid)] = _day(d).toordinal()
    return _Orders(np.array([int(r[1]) for r in rows], dtype=np.int64),
                   np.array([_day(r[2]).toordinal() for r in rows], dtype=np.int64),
                   np.array([r[3] not in ("cancelled", "refunded") for r in rows], dtype=bool),
                   np.array([float(r[4]) for r in rows], dtype=np.float64), signup)


def _features(orders: _Orders, cutoff: str):
    """The features at ``cutoff`` from the orders' arrays: every sum adds the
    orders in the table's order, as a loop over them would (np.bincount)."""
    import numpy as np
    import pandas as pd
    c = _day(cutoff).toordinal()
    size = len(orders.signup)
    before = orders.day < c
    who, day = orders.customer[before], orders.day[before]
    count = np.bincount(who, minlength=size)
    ids = np.flatnonzero(count)
    last = np.full(size, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last, who, day)
    n90 = np.bincount(who[day >= c - 90], minlength=size)
    valid = orders.valid[before]
    total = np.bincount(who[valid], weights=orders.amount[before][valid], minlength=size)
    n_valid = np.bincount(who[valid], minlength=size)
    avg = np.divide(total, n_valid, out=np.zeros(size), where=n_valid > 0)
    return pd.DataFrame({"customer_id": ids.astype(np.int64), "recency_days": c - last[ids],
                         "orders_90d": n90[ids].astype(np.int64), "avg_basket_krw": avg[ids].astype(np.float64),
                         "tenure_days": c - orders.signup[ids]})


_CACHED: dict[tuple, _Orders] = {}


def _orders_of(path) -> _Orders:
    """The orders of a shop database file, read once per process for each
    version of the file (its path, size and time): a notebook asks for
    snapshots of one database at many cutoffs (07's daily monitoring: 30)."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _CACHED:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            orders = _read_orders(con)
        finally:
            con.close()
        while len(_CACHED) >= 4:
            _CACHED.pop(next(iter(_CACHED)))
        _CACHED[key] = orders
    return _CACHED[key]


def snapshot(seed: int = 0, cutoff: str = TRAIN_CUTOFF, horizon: int = HORIZON):
    """:func:`features_at` on the shop database of ``seed``, with the label
    ``churned`` (int 0/1): no order in [cutoff, cutoff + horizon days)."""
    import numpy as np
    orders = _orders_of(shop.build_db(seed))
    frame = _features(orders, cutoff)
    c = _day(cutoff).toordinal()
    window = (orders.day >= c) & (orders.day < c + horizon)
    active = np.bincount(orders.customer[window], minlength=len(orders.signup)) > 0
    frame["churned"] = [0 if a else 1 for a in active[frame["customer_id"].to_numpy()].tolist()]
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
