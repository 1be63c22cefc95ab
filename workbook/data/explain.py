"""08_explain: the churn table the data team hands over when the CRM team asks
"why is this customer at risk?" (왜 이 고객이 이탈 위험인가?).

``churn_table(seed, cutoff)`` is 07's monthly snapshot of the shop database
(``workbook.data.serving.snapshot``: one row per customer who ordered before
the cutoff date C, the four features of the model of 03, 04 and 07, and the
label ``churned``) with the columns a real export carries next to them:

* ``avg_rating`` (float): the mean rating (1-5) of the customer's reviews
  written before C; missing (NaN) when there is none;
* ``age_band``, ``region`` (str): from the customers table;
* ``channel`` (str or missing): how the customer came to the shop:
  ``"referral"`` when another customer referred them, otherwise one of
  ``"search"``, ``"sns"``, ``"ad"`` or ``"direct"``; missing (None) for about
  one customer in ten (the tracking was not set up yet when they signed up);
* ``winback_coupon`` (0/1): whether the CRM team sent the customer a win-back
  coupon. The CRM team sends one to every customer who has not ordered in the
  45 days *after* C: it is known only after the cutoff, and it almost gives
  the label away (a *leaky* feature, 누수 피처);
* ``churned`` (0/1): no order (any status) in the 60 days from C.

Everything is deterministic: the same seed and cutoff give the same frame;
``channel`` is drawn from ``random.Random(f"explain-channel-{seed}")``.
"""
from __future__ import annotations

import datetime as dt
import random
import sqlite3

from . import serving, shop

MODEL_FEATURES = serving.FEATURES + ("avg_rating",)
"""The model's inputs here: 07's four features and the mean review rating."""

COLUMNS = ("customer_id", *MODEL_FEATURES, "age_band", "region", "channel", "winback_coupon", "churned")

CHANNELS = ("search", "sns", "ad", "direct")
WINBACK_DAYS = 45


def churn_table(seed: int = 0, cutoff: str = serving.TRAIN_CUTOFF):
    """A pandas DataFrame with :data:`COLUMNS`, one row per customer who
    ordered before ``cutoff``, sorted by customer_id (a fresh RangeIndex)."""
    import numpy as np
    import pandas as pd
    frame = serving.snapshot(seed, cutoff)
    c = dt.date.fromisoformat(cutoff)
    winback_end = c + dt.timedelta(days=WINBACK_DAYS)
    path = shop.build_db(seed)
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        people = {int(cid): (age, region, ref) for cid, age, region, ref in
                  con.execute("SELECT customer_id, age_band, region, referred_by FROM customers")}
        ratings: dict[int, list[int]] = {}
        for cid, rating, created in con.execute("SELECT customer_id, rating, created_at FROM reviews"):
            if dt.date.fromisoformat(str(created)[:10]) < c:
                ratings.setdefault(int(cid), []).append(int(rating))
        ordered_soon = {int(cid) for cid, day in con.execute("SELECT customer_id, order_date FROM orders")
                        if c <= dt.date.fromisoformat(str(day)[:10]) < winback_end}
    finally:
        con.close()
    rng = random.Random(f"explain-channel-{seed}")
    channel = []
    for cid in frame["customer_id"]:
        drawn, missing = rng.choice(CHANNELS), rng.random() < 0.1
        channel.append(None if missing else "referral" if people[int(cid)][2] is not None else drawn)
    ids = [int(cid) for cid in frame["customer_id"]]
    frame["avg_rating"] = np.array([float(np.mean(ratings[i])) if i in ratings else np.nan for i in ids])
    frame["age_band"] = [people[i][0] for i in ids]
    frame["region"] = [people[i][1] for i in ids]
    frame["channel"] = pd.Series(channel, dtype=object)
    frame["winback_coupon"] = np.array([0 if i in ordered_soon else 1 for i in ids], dtype=np.int64)
    return frame[list(COLUMNS)]
