"""The hidden tests of 08_explain draw their churn tables from the course's
secret seed, so what the questions rely on must hold for EVERY seed: both
classes, missing values in ``channel`` and ``avg_rating`` (Question 1's
"unknown" segment), and the win-back coupon known only after the cutoff.
Checked for seed 0 and a few seeds drawn at random (each builds a shop
database, about a second). Questions 4-7 draw their customers from
``customers(seed, n)`` instead, which builds no shop: checked the same way."""
from __future__ import annotations

import random

import pytest

from workbook.data import serving
from workbook.data.explain import CHANNELS, COLUMNS, MODEL_FEATURES, churn_table

SEEDS = [0, 2**31 - 1] + random.Random("08-data-seeds").sample(range(1, 2**31 - 1), 4)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("cutoff", [serving.TRAIN_CUTOFF, serving.VALID_CUTOFF])
def test_churn_table_for_every_seed(seed, cutoff):
    t = churn_table(seed, cutoff)
    assert tuple(t.columns) == COLUMNS
    assert t["customer_id"].is_unique and t["customer_id"].is_monotonic_increasing
    assert set(t["churned"]) == {0, 1}
    assert t["channel"].isna().any() and t["channel"].notna().any()
    assert set(t["channel"].dropna()) <= {*CHANNELS, "referral"}
    assert t["avg_rating"].isna().any() and t["avg_rating"].dropna().between(1, 5).all()
    assert t[list(MODEL_FEATURES[:4])].notna().all().all()
    # the coupon goes to every customer who has not ordered 45 days after the cutoff: every churner got one
    assert (t.loc[t["churned"] == 1, "winback_coupon"] == 1).all()
    assert (t.loc[t["churned"] == 0, "winback_coupon"] == 0).any()


def test_churn_table_is_deterministic_and_matches_07():
    a, b = churn_table(3), churn_table(3)
    assert a.equals(b)
    assert not churn_table(4).equals(a)
    snap = serving.snapshot(3)
    assert a[["customer_id", *serving.FEATURES, "churned"]].equals(snap[["customer_id", *serving.FEATURES, "churned"]])


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_audit_log_plants_the_boundaries_for_every_seed(seed):
    """Question 12's hidden test relies on these for every seed: a profile value written exactly at midnight in
    Seoul and one a second before, a channel written in the evening (UTC) before it, age_band and region rewritten
    together (a tie), NaT exactly where the table is missing, every coupon after the cutoff."""
    import pandas as pd

    from workbook.data.explain import written_at
    t, w = churn_table(seed), written_at(seed)
    assert list(w.columns) == list(COLUMNS) and len(w) == len(t)
    assert all(str(dt) == "datetime64[ns, UTC]" for dt in w.dtypes)
    seoul = pd.Timestamp(serving.TRAIN_CUTOFF, tz="Asia/Seoul")
    assert (w["age_band"] == seoul).sum() >= 1 and (w["age_band"] == seoul - pd.Timedelta(seconds=1)).sum() >= 1
    assert ((w["channel"] >= seoul) & (w["channel"] < pd.Timestamp(serving.TRAIN_CUTOFF, tz="UTC"))).any()
    assert w["age_band"].equals(w["region"].rename("age_band"))
    assert (w["channel"].isna() == t["channel"].isna()).all()
    assert (w["avg_rating"].isna() == t["avg_rating"].isna()).all()
    assert (w["winback_coupon"] >= seoul).all() and not (w[list(MODEL_FEATURES)] >= seoul).any().any()


@pytest.mark.parametrize("seed", SEEDS)
def test_customers_hold_what_the_hidden_tests_of_questions_4_to_7_rely_on(seed):
    """Questions 4-7's hidden tests standardise customers(seed, n)'s features (a missing rating filled): every
    column must vary, both classes appear, and the rows come as from a sample (distinct customer numbers, not in
    order), with the churn table's types, for every seed and the sizes the tests draw."""
    import numpy as np

    from workbook.data.explain import customers
    for n in (50, 60, 150, 200):
        c = customers(seed, n)
        assert c.equals(customers(seed, n)) and len(c) == n
        assert list(c.columns) == [*MODEL_FEATURES, "churned"]
        assert dict(c.dtypes.astype(str)) == {"recency_days": "int64", "orders_90d": "int64",
                                              "avg_basket_krw": "float64", "tenure_days": "int64",
                                              "avg_rating": "float64", "churned": "int64"}
        assert c.index.is_unique and not c.index.is_monotonic_increasing and (c.index > 0).all()
        assert set(c["churned"]) == {0, 1}
        assert c["avg_rating"].isna().any() and c["avg_rating"].dropna().isin(np.arange(2, 11) / 2).all()
        assert (c["tenure_days"] >= c["recency_days"]).all() and (c["recency_days"] >= 0).all()
        assert ((c["avg_basket_krw"] == 0) == (c["orders_90d"] == 0)).all()
        assert (c[list(MODEL_FEATURES)].fillna(3.0).std() > 0).all()
    assert not customers(seed, 60).equals(customers(seed + 1, 60))


@pytest.mark.parametrize("seed", SEEDS)
def test_reviews_hold_what_question_15_relies_on(seed):
    """Question 15's worked example and hidden test read review_sentiment(seed, n): deterministic, both labels,
    the negation the text names (안 좋아요 negative, 안 비싸요 positive), words repeated across reviews, and runs of
    Hangul that the token pattern reads (punctuation and ㅠㅠ left out), for every seed and the sizes used."""
    import re

    from workbook.data.explain import REVIEW_TOKENS, review_sentiment
    for n in (120, 400):
        r = review_sentiment(seed, n)
        assert r.equals(review_sentiment(seed, n)) and len(r) == n and list(r.columns) == ["review", "positive"]
        assert set(r["positive"]) == {0, 1} and r["review"].map(type).eq(str).all()
        texts = r["review"].tolist()
        assert any("안 좋아요" in t for t in texts[:80]) and any("안 비싸요" in t for t in texts[:80])
        words = [w for t in texts for w in re.findall(REVIEW_TOKENS, t)]
        assert "안" in words and len(set(words)) < len(words) / 5
        assert all(re.findall(REVIEW_TOKENS, t) for t in texts)
    assert not review_sentiment(seed, 120).equals(review_sentiment(seed + 1, 120))
