"""04_problem_definition: a held-out month for Daon Market's churn project.

`holdout(seed)` is the table the data team hands over before any model is
chosen: per customer, two features known at the cutoff date, what really
happened in the next 60 days (`churned`), and the churn probability a first
model gave (`score`). The rows are synthetic (drawn from a seed, not derived
from the shop database), so the table holds no answer to the notebook's
label exercise."""
from __future__ import annotations

import math
import random


def holdout(seed: int = 0, n: int = 400):
    """A pandas DataFrame indexed by customer_id (sorted) with the columns
    recency_days (int, days since the last order at the cutoff), n_orders
    (int, orders before the cutoff), churned (0/1) and score (float in
    (0, 1), four decimals, never a multiple of 0.01)."""
    import pandas as pd
    rng = random.Random(f"churn-holdout-{seed}")
    ids = sorted(rng.sample(range(1, 10 * n), n))
    rows = []
    for cid in ids:
        recency = min(400, int(rng.expovariate(1 / 55)))
        n_orders = 1 + min(30, int(rng.expovariate(1 / 3.0)))
        logit = -1.6 + 0.03 * recency - 0.35 * (n_orders - 1) + rng.gauss(0, 0.8)
        churned = int(rng.random() < 1 / (1 + math.exp(-logit)))
        model_logit = 0.9 * logit + rng.gauss(0, 0.9)
        p = 1 / (1 + math.exp(-model_logit))
        score = min(0.9995, max(0.0005, math.floor(p * 1000) / 1000 + 0.0005))
        rows.append((cid, recency, n_orders, churned, round(score, 4)))
    df = pd.DataFrame(rows, columns=["customer_id", "recency_days", "n_orders", "churned", "score"])
    return df.set_index("customer_id")
