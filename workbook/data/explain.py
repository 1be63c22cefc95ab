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


def customers(seed: int = 0, n: int = 200):
    """``n`` customers as a sample of ``churn_table`` holds them, drawn
    without building the shop (a shop database takes about half a second per
    seed): the model's features and ``churned``, with the churn table's types
    and similar spreads (recency and tenure in days, tenure at least
    recency, mostly few orders, a skewed basket in 100-won steps, ratings in
    half points missing for about a third of the customers, churn more likely
    the longer a customer has been away). For the hidden tests that need
    feature values only (Questions 4-7). The rows come in a random order with
    distinct customer numbers as the index, as from ``DataFrame.sample``; at
    least one rating is missing and one present, and both classes appear."""
    import numpy as np
    import pandas as pd
    if n < 4:
        raise ValueError("customers() draws at least 4 customers")
    rng = np.random.default_rng(random.Random(f"explain-customers-{seed}").getrandbits(64))
    recency = np.minimum(rng.geometric(1 / 90, size=n) - 1, 420)
    orders = np.where(rng.random(n) < 0.35, 0, rng.geometric(1 / 3.5, size=n))
    basket = np.where(orders > 0, np.round(rng.lognormal(11.8, 0.55, size=n), -2), 0.0)
    tenure = recency + rng.integers(0, 330, size=n)
    rating = rng.choice(np.arange(2, 11) / 2, size=n, p=[.03, .02, .04, .03, .1, .03, .14, .03, .58])
    rating[rng.random(n) < 0.35] = np.nan
    rating[:2] = [np.nan, 4.0]
    churned = (rng.random(n) < 1 / (1 + np.exp(-(recency - 60) / 35 + 0.3 * orders))).astype(np.int64)
    churned[:2] = [0, 1]
    frame = pd.DataFrame({"recency_days": recency.astype(np.int64), "orders_90d": orders.astype(np.int64),
                          "avg_basket_krw": basket.astype(float), "tenure_days": tenure.astype(np.int64),
                          "avg_rating": rating.astype(float), "churned": churned},
                         index=pd.Index(rng.choice(8 * n, size=n, replace=False) + 1))
    return frame.iloc[rng.permutation(n)][[*MODEL_FEATURES, "churned"]]


PROFILE_MOVES = 0.04
CHANNEL_BACKFILL = 0.06


def written_at(seed: int = 0, cutoff: str = serving.TRAIN_CUTOFF):
    """When the warehouse wrote each value of ``churn_table(seed, cutoff)``:
    a DataFrame with the same columns and rows, each cell a UTC timestamp
    (``datetime64[ns, UTC]``), NaT where the value is missing. The model
    scores at midnight in Seoul at the start of the cutoff day (15:00 UTC the
    day before).

    * ``customer_id``, ``age_band``, ``region``: written at signup, before the
      cutoff; a profile import after the cutoff rewrote ``age_band`` and
      ``region`` together for about 4 % of the customers (the same customers
      and times for both, so the two columns always have the same share of
      late values);
    * the model's features: the nightly job, a few hours before the cutoff;
      ``avg_rating`` NaT where it is missing;
    * ``channel``: NaT where it is missing; about 6 % of the others were
      backfilled from a CRM import after the cutoff;
    * ``winback_coupon``: by the CRM team in the 45 days after the cutoff;
    * ``churned``: 60 days after the cutoff.

    Every seed has a profile import written exactly at the cutoff (late),
    one a second before it (not late), and a channel backfilled at 18:00 UTC
    the day before the cutoff (after midnight in Seoul: late)."""
    import numpy as np
    import pandas as pd
    table = churn_table(seed, cutoff)
    n = len(table)
    rng = np.random.default_rng(random.Random(f"explain-written-{seed}").getrandbits(64))
    start = pd.Timestamp(cutoff, tz="Asia/Seoul").tz_convert("UTC")

    def at(offsets_s):
        return start + pd.to_timedelta(np.asarray(offsets_s, dtype=np.int64), unit="s")

    day = 86_400
    signup = rng.integers(-400 * day, -day, size=n)
    out = pd.DataFrame(index=table.index)
    out["customer_id"] = at(signup)
    nightly = rng.integers(-6 * 3600, -3600, size=n)
    for column in MODEL_FEATURES:
        out[column] = at(nightly + rng.integers(0, 600, size=n))
    out["avg_rating"] = out["avg_rating"].where(table["avg_rating"].notna())
    profile = signup + rng.integers(0, 600, size=n)
    moved = rng.random(n) < PROFILE_MOVES
    profile[moved] = rng.integers(0, 30 * day, size=int(moved.sum()))
    first, second = rng.choice(n, size=2, replace=False)
    profile[first], profile[second] = 0, -1                     # exactly at the cutoff; a second before it
    out["age_band"] = at(profile)
    out["region"] = at(profile)
    known = table["channel"].notna().to_numpy()
    channel = signup + rng.integers(0, 3600, size=n)
    backfill = known & (rng.random(n) < CHANNEL_BACKFILL)
    channel[backfill] = rng.integers(0, 20 * day, size=int(backfill.sum()))
    evening = int(rng.choice(np.flatnonzero(known)))
    channel[evening] = 3 * 3600                                 # 18:00 UTC the day before: 03:00 in Seoul
    out["channel"] = at(channel).where(known)
    out["winback_coupon"] = at(rng.integers(day, 45 * day, size=n))
    out["churned"] = at(60 * day + rng.integers(0, 3600, size=n))
    for column in out.columns:
        out[column] = out[column].astype("datetime64[ns, UTC]")
    return out[list(COLUMNS)]


# ---------------------------------------------------------------- reviews for a sentiment model (Question 15)
_POSITIVE = ("배송이 빨라요", "정말 좋아요", "품질 좋아요", "가격 대비 만족해요", "포장이 꼼꼼해요", "색상이 예뻐요",
             "재구매 의사 있어요", "강력 추천해요", "생각보다 튼튼해요", "안 비싸요", "사이즈 딱 맞아요")
_NEGATIVE = ("배송이 느려요", "안 좋아요", "품질이 별로예요", "별로 안 좋아요", "다시는 안 살래요", "포장이 엉망이에요",
             "사이즈가 안 맞아요", "환불 요청했어요", "실망했어요", "좋지 않아요", "색상이 달라요")
_NEUTRAL = ("어제 받았어요", "선물로 샀어요", "엄마가 쓰세요", "두 번째 주문이에요", "그냥 그래요")
_ENDINGS = ("", "", ".", "!", "!!", " ㅎㅎ", " ㅠㅠ", "~")
REVIEW_TOKENS = r"[가-힣]+"
"""The token pattern of 08's sentiment model: runs of Hangul syllables, one-syllable words such as 안 kept."""


def review_sentiment(seed: int = 0, n: int = 400):
    """``n`` short Korean product reviews of Daon Market with their sentiment:
    a DataFrame with the columns ``review`` (str) and ``positive`` (1 for a
    positive review, 0 for a negative one), deterministic for a seed.

    A review is one to three phrases, mostly of its own sentiment, sometimes
    with a neutral phrase or one of the other sentiment (a mixed review), and
    an ending (punctuation, ㅎㅎ, ㅠㅠ). The phrases carry negation as Korean
    writes it: 안 좋아요, 별로 안 좋아요, 좋지 않아요 are negative, while 안 비싸요
    is positive, so the word 안 alone does not settle a review. About one
    label in twenty is flipped (a reviewer who wrote 좋아요 and gave one
    star). Every seed holds both labels, 안 좋아요 and 안 비싸요."""
    import pandas as pd
    if n < 20:
        raise ValueError("review_sentiment() writes at least 20 reviews")
    rng = random.Random(f"explain-reviews-{seed}")
    texts, labels = [], []
    for k in range(n):
        positive = k % 2 == 0 if k < 4 else rng.random() < 0.55
        own, other = (_POSITIVE, _NEGATIVE) if positive else (_NEGATIVE, _POSITIVE)
        phrases = rng.sample(own, rng.randint(1, 2))
        if k == 0:
            phrases = ["안 비싸요", "정말 좋아요"]
        elif k == 1:
            phrases = ["배송은 빨랐는데", "안 좋아요"]
        if rng.random() < 0.3:
            phrases.insert(rng.randint(0, len(phrases)), rng.choice(_NEUTRAL))
        if rng.random() < 0.15:
            phrases.insert(rng.randint(0, len(phrases)), rng.choice(other))
        texts.append(" ".join(phrases) + rng.choice(_ENDINGS))
        labels.append(int(positive) if k < 4 or rng.random() >= 0.05 else int(not positive))
    return pd.DataFrame({"review": texts, "positive": labels})
