"""03_pytorch_test: short product reviews in Korean and English (seeded).

Each review is one to three phrases of the same sentiment with a little
punctuation; the label is 1 (positive) or 0 (negative)."""
from __future__ import annotations

import random

POSITIVE = [
    "배송이 빨라요", "가격 대비 품질이 좋아요", "재구매 의사 있어요", "사이즈가 딱 맞아요", "포장이 꼼꼼해요",
    "색상이 예뻐요", "정말 만족해요", "fast delivery", "great quality for the price", "fits perfectly",
    "would buy again", "love the color", "very happy with it",
]
NEGATIVE = [
    "배송이 너무 느려요", "품질이 별로예요", "환불 요청했어요", "사이즈가 안 맞아요", "포장이 찢어져서 왔어요",
    "사진이랑 색상이 달라요", "다시는 안 사요", "slow delivery", "poor quality", "does not fit",
    "asked for a refund", "the color is different from the photo", "never again",
]
ENDINGS = ["", "", "!", "!!", ".", " ㅎㅎ", " ㅠㅠ", " :)"]


def make_reviews(n: int = 20, seed: int = 0) -> tuple[list[str], list[int]]:
    """(texts, labels) for n reviews."""
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(n):
        label = rng.random() < 0.6
        pool = POSITIVE if label else NEGATIVE
        phrases = rng.sample(pool, rng.randint(1, 3))
        text = ", ".join(phrases)
        text = text[0].upper() + text[1:] if text[0].isascii() else text
        texts.append(text + rng.choice(ENDINGS))
        labels.append(int(label))
    return texts, labels
