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
    (int, orders before the cutoff), churned (0/1), score (float in
    (0, 1), four decimals, never a multiple of 0.01) and marketing_opt_in
    (bool: the customer agreed to receive marketing messages)."""
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
    df["marketing_opt_in"] = _opt_ins(seed, list(df["score"]))
    return df.set_index("customer_id")


#: how many of the highest scores of every seed's held-out month belong to customers who did not opt in
#: (at least :data:`OPTED_OUT_AT_THE_TOP` among the :data:`TOP` highest; 04 q10b's hidden tests rely on it)
TOP, OPTED_OUT_AT_THE_TOP = 10, 2


def _opt_ins(seed: int, scores: list) -> list:
    """Whether each customer agreed to receive marketing (about 3 in 4 did), from a stream of its own so
    that the other columns stay those of every earlier version of the table. Among the :data:`TOP` highest
    scores at least :data:`OPTED_OUT_AT_THE_TOP` customers did not agree (drawn again from the same stream
    when chance gave fewer), so that a campaign list that ignores the column is wrong on every seed."""
    rng = random.Random(f"churn-optin-{seed}")
    opt_in = [rng.random() < 0.75 for _ in scores]
    top = sorted(range(len(scores)), key=lambda i: -scores[i])[:TOP]
    while sum(not opt_in[i] for i in top) < OPTED_OUT_AT_THE_TOP:
        opt_in[rng.choice(top)] = False
    return opt_in


#: the cases :func:`label_orders` plants for every seed (customer kind -> what
#: its orders look like, relative to the reference date R and the horizon H)
PLANTED_ORDER_CASES = (
    "last order exactly H days before R",
    "last order H + 1 days before R",
    "orders only after R",
    "last order on R itself",
    "last order long before R, more orders after R",
    "only cancelled or refunded orders, recent",
    "last order before R cancelled and recent, an older delivered order long before",
    "random orders",
)


def label_orders(seed: int = 0, n_customers: int = 96):
    """An orders table for the label exercise, with its reference date and
    horizon: ``(orders, ref_date, horizon_days)``.

    ``orders`` has the columns order_id, customer_id, order_date (text
    'YYYY-MM-DD') and status, in no particular order. Every seed plants each
    case of :data:`PLANTED_ORDER_CASES` (customer k has case k % 8) for a
    customer, so that the bounds and the rules about statuses and later
    orders are exercised whatever the seed."""
    import datetime as dt

    import pandas as pd
    rng = random.Random(f"churn-orders-{seed}")
    ref = dt.date(2025, 9, 1) + dt.timedelta(days=rng.randrange(300))
    horizon = rng.randrange(20, 90)
    statuses = ["paid", "shipped", "delivered", "cancelled", "refunded"]
    ids = rng.sample(range(1, 9000), n_customers)
    rows = []

    def add(cid, days_before, status=None):
        day = ref - dt.timedelta(days=days_before)
        rows.append([cid, day.isoformat(), status or rng.choice(statuses)])

    for k, cid in enumerate(ids):
        case = k % len(PLANTED_ORDER_CASES)
        older = [rng.randrange(horizon + 2, 3 * horizon) for _ in range(rng.randrange(3))]
        later = [-rng.randrange(1, 40) for _ in range(rng.randrange(2))]
        if case == 0:
            gaps = [horizon] + older + later
        elif case == 1:
            gaps = [horizon + 1] + older + later
        elif case == 2:
            gaps = [-rng.randrange(1, 40) for _ in range(1 + rng.randrange(3))]
        elif case == 3:
            gaps = [0, rng.randrange(1, 3 * horizon)] + later
        elif case == 4:
            gaps = [rng.randrange(horizon + 1, 3 * horizon)] + [-rng.randrange(1, 40) for _ in range(1 + rng.randrange(2))]
        elif case == 5:
            for g in [rng.randrange(0, horizon + 1) for _ in range(1 + rng.randrange(2))]:
                add(cid, g, rng.choice(["cancelled", "refunded"]))
            continue
        elif case == 6:
            add(cid, rng.randrange(0, horizon + 1), rng.choice(["cancelled", "refunded"]))
            add(cid, rng.randrange(horizon + 1, 3 * horizon), "delivered")
            continue
        else:
            gaps = [rng.randrange(-40, 3 * horizon) for _ in range(1 + rng.randrange(4))]
        for g in gaps:
            add(cid, g)
    rng.shuffle(rows)
    order_ids = rng.sample(range(1, 10**6), len(rows))
    orders = pd.DataFrame([[oid] + row for oid, row in zip(order_ids, rows)],
                          columns=["order_id", "customer_id", "order_date", "status"])
    return orders, ref.isoformat(), horizon
