"""05_licensing_ethics: the data Daon Market (다온마켓) audits before it ships.

Everything is generated from a seed, in memory (the tables are small):

* :func:`dataset_manifest` - the sources the data team wants to use for a
  review-sentiment model, with their licence and kind;
* :func:`support_tickets` - customer-service messages in Korean and English
  with e-mail addresses, mobile numbers and resident registration numbers
  (주민등록번호) in them, all invented;
* :func:`customer_profiles` - a customer table with quasi-identifiers (age,
  gender, district) for the k-anonymity questions, and :data:`PROVINCE_OF`,
  the region hierarchy (district -> province);
* :func:`churn_predictions` - the churn (이탈) model's predictions for a test
  set of customers, with their age band (the bands of the shop database);
* :data:`MODEL_CARD_SECTIONS` - the sections and fields of a model card.

No function here grades anything or holds a reference answer.
"""
from __future__ import annotations

import random

import numpy as np
import pandas as pd

AGE_BANDS = ["10s", "20s", "30s", "40s", "50s", "60+"]

# ---------------------------------------------------------------------------
# Dataset manifest
# ---------------------------------------------------------------------------

#: (name, kind, content, licences it may carry in a generated manifest)
_SOURCE_POOL = [
    ("Daon Market product reviews (own site)", "own", "reviews", ["contract"]),
    ("Consumer complaints by category (data.go.kr)", "public_data_portal", "records",
     ["KOGL Type 1", "KOGL Type 2", "KOGL Type 3", "KOGL Type 4"]),
    ("Regional retail sales statistics (data.go.kr)", "public_data_portal", "records",
     ["KOGL Type 1", "KOGL Type 2", "KOGL Type 3", "KOGL Type 4"]),
    ("Korean shopping review corpus (AI-Hub)", "ai_hub", "reviews", ["contract", "unknown"]),
    ("Korean sentiment dialogue corpus (AI-Hub)", "ai_hub", "dialogue", ["contract", "unknown"]),
    ("Open product-review corpus (GitHub)", "scraped_web", "reviews",
     ["CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC BY-NC-SA 4.0", "CC BY-ND 4.0", "CC BY-NC-ND 4.0"]),
    ("Multilingual sentiment benchmark", "scraped_web", "reviews",
     ["CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC BY-NC-ND 4.0", "CC-BY-SA-4.0", "cc by-nc 4.0"]),
    ("Wiki-style product encyclopaedia", "scraped_web", "articles", ["CC BY-SA 4.0", "CC BY 4.0"]),
    ("Competitor marketplace reviews (crawled)", "scraped_web", "reviews", ["unknown", "", None]),
    ("Shopping blog posts (crawled)", "scraped_web", "posts", ["unknown", "all rights reserved", None]),
    ("Retail price-change bulletins (news agency)", "news", "facts", ["all rights reserved", "unknown"]),
    ("E-commerce trend feature articles (newspaper)", "news", "article",
     ["all rights reserved", "CC BY-NC-ND 4.0"]),
    ("Product photo captions (stock agency)", "purchased", "captions", ["contract"]),
    ("Customer survey answers (research firm)", "purchased", "survey", ["contract", "all rights reserved"]),
]


def dataset_manifest(seed: int = 0) -> pd.DataFrame:
    """The data team's list of candidate sources (one row per source).

    Columns: ``source_id`` (S01, S02, ...), ``name``, ``kind`` (own,
    public_data_portal, ai_hub, news, scraped_web, purchased), ``content``
    (what the rows are; news is ``facts`` for facts-only items or
    ``article`` for full articles) and ``license`` (a string, or None when
    nobody recorded it)."""
    rng = random.Random(seed)
    pool = list(_SOURCE_POOL)
    rng.shuffle(pool)
    n = 10 if seed == 0 else rng.randrange(9, len(pool) + 1)
    rows = []
    for i, (name, kind, content, licences) in enumerate(pool[:n], start=1):
        rows.append({"source_id": f"S{i:02d}", "name": name, "kind": kind, "content": content,
                     "license": rng.choice(licences)})
    return pd.DataFrame(rows, columns=["source_id", "name", "kind", "content", "license"])


# ---------------------------------------------------------------------------
# Support tickets with personal information (all invented)
# ---------------------------------------------------------------------------

_FIRST = ["minji", "jisoo", "hyunwoo", "seoyeon", "doyun", "haeun", "junho", "yuna", "taeyang", "sora"]
_DOMAINS = ["daon.co.kr", "example.com", "mail.example.kr", "naver.example", "kakao.example"]
_TEMPLATES = [
    "배송이 늦어요. 연락은 {phone} 로 부탁드립니다.",
    "Please refund order {order}. You can reach me at {email}.",
    "회원정보 변경 요청: 이메일 {email}, 전화 {phone}",
    "본인 확인용 주민등록번호 {rrn} 입니다. 주문번호 {order}",
    "환불 계좌 확인 부탁드려요 ({phone}), 주문 {order}",
    "I changed my number to {phone}; my e-mail is still {email}.",
    "주문번호 {order} 교환 문의드립니다. 감사합니다!",
    "{email} 으로 영수증 보내주세요. 주민번호 {rrn} 는 지워주세요.",
]


def _phone(rng: random.Random) -> str:
    a, b = rng.randrange(10000), rng.randrange(10000)
    sep = rng.choice(["-", " ", ""])
    return f"010{sep}{a:04d}{sep}{b:04d}"


def _rrn(rng: random.Random) -> str:
    yy = rng.randrange(100)
    mm = rng.randrange(1, 13)
    dd = rng.randrange(1, 29)
    g = rng.choice([1, 2]) if yy > 25 else rng.choice([3, 4])
    rest = rng.randrange(1_000_000)
    sep = rng.choice(["-", "-", ""])
    return f"{yy:02d}{mm:02d}{dd:02d}{sep}{g}{rest:06d}"


def _email(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)}{rng.choice(['', '.', '_'])}{rng.randrange(100)}@{rng.choice(_DOMAINS)}"


def support_tickets(seed: int = 0, n: int = 8) -> list[str]:
    """Customer-service messages, some with personal information in them.

    Order numbers (e.g. ``2026063012345678``) are long digit runs that are
    *not* personal information."""
    rng = random.Random(1000 + seed)
    out = []
    for i in range(n):
        template = _TEMPLATES[i % len(_TEMPLATES)] if seed == 0 else rng.choice(_TEMPLATES)
        order = f"2026{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(10 ** 8):08d}"
        out.append(template.format(phone=_phone(rng), email=_email(rng), rrn=_rrn(rng), order=order))
    return out


# ---------------------------------------------------------------------------
# Customer profiles for k-anonymity
# ---------------------------------------------------------------------------

#: district -> province (시/도): the region hierarchy used for generalisation
PROVINCE_OF = {
    "Gangnam-gu": "Seoul", "Mapo-gu": "Seoul", "Songpa-gu": "Seoul", "Jongno-gu": "Seoul",
    "Suwon-si": "Gyeonggi", "Seongnam-si": "Gyeonggi", "Goyang-si": "Gyeonggi",
    "Haeundae-gu": "Busan", "Busanjin-gu": "Busan",
    "Yeonsu-gu": "Incheon", "Bupyeong-gu": "Incheon",
    "Jeju-si": "Jeju", "Seogwipo-si": "Jeju",
}


#: the quasi-identifiers of :func:`customer_profiles`
QUASI_IDENTIFIERS = ["age", "gender", "district"]

#: generalisation levels, least to most general: (age level, region level).
#: age level 0 = exact age, 1 = the shop's age band ("10s" ... "50s", "60+"),
#: 2 = "under 30" / "30-49" / "50+", 3 = "*" (suppressed);
#: region level 0 = district, 1 = province (PROVINCE_OF), 2 = "*".
GENERALISATION_LADDER = [(0, 0), (1, 0), (1, 1), (2, 1), (2, 2), (3, 2)]


def customer_profiles(seed: int = 0, n: int = 400) -> pd.DataFrame:
    """A small customer extract: ``customer_id`` (a direct identifier, to be
    dropped before sharing), quasi-identifiers ``age`` (int), ``gender``
    ('F'/'M') and ``district``, and a sensitive attribute
    ``monthly_spend_krw``."""
    rng = random.Random(2000 + seed)
    districts = list(PROVINCE_OF)
    weights = [6, 5, 5, 4, 6, 5, 5, 6, 5, 5, 5, 5, 4]
    rows = []
    for i in range(n):
        rows.append({
            "customer_id": 10_000 + 37 * i + seed,
            "age": min(79, max(16, int(rng.gauss(40, 12)))),
            "gender": rng.choice("FM"),
            "district": rng.choices(districts, weights)[0],
            "monthly_spend_krw": int(rng.lognormvariate(11.5, 0.6)) // 100 * 100,
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Churn predictions by age band
# ---------------------------------------------------------------------------

def churn_predictions(seed: int = 0, n: int = 1200) -> pd.DataFrame:
    """The churn model's predictions on a test set: ``customer_id``,
    ``age_band`` (10s ... 60+), ``churned`` (the true label, 1 = 이탈),
    ``score`` (the model's probability) and ``predicted`` (score >= 0.5).

    The model is deliberately not equally good for every age band: it
    over-predicts churn for older customers, as a model trained mostly on
    younger customers' behaviour can."""
    rng = np.random.default_rng(3000 + seed)
    band_p = np.array([0.10, 0.30, 0.25, 0.15, 0.12, 0.08])
    bands = rng.choice(len(AGE_BANDS), size=n, p=band_p / band_p.sum())
    base = np.array([0.45, 0.35, 0.30, 0.28, 0.30, 0.40])[bands]
    churned = (rng.random(n) < base).astype(int)
    shift = np.array([0.05, 0.0, -0.02, 0.0, 0.08, 0.18])[bands] + rng.normal(0, 0.04, len(AGE_BANDS))[bands]
    noise = rng.normal(0, 0.18, n)
    score = np.clip(0.28 + 0.38 * churned + shift + noise, 0, 1).round(3)
    df = pd.DataFrame({
        "customer_id": np.arange(1, n + 1) * 7 + seed,
        "age_band": [AGE_BANDS[b] for b in bands],
        "churned": churned,
        "score": score,
        "predicted": (score >= 0.5).astype(int),
    })
    return df


# ---------------------------------------------------------------------------
# Model cards
# ---------------------------------------------------------------------------

#: Mitchell et al. (2019), "Model Cards for Model Reporting": the sections of a
#: model card and, for each, the fields this course asks for.
MODEL_CARD_SECTIONS = {
    "model_details": ["developers", "date", "version", "model_type", "license", "contact"],
    "intended_use": ["primary_uses", "primary_users", "out_of_scope_uses"],
    "factors": ["relevant_factors", "evaluation_factors"],
    "metrics": ["performance_measures", "decision_threshold", "variation_approaches"],
    "evaluation_data": ["datasets", "motivation", "preprocessing"],
    "training_data": ["description"],
    "quantitative_analyses": ["unitary_results", "intersectional_results"],
    "ethical_considerations": ["risks_and_harms", "mitigations"],
    "caveats_and_recommendations": ["caveats", "recommendations"],
}
