"""03_pytorch_test: small seeded synthetic datasets (no download).

* ``make_moons`` - two interleaving half circles, a classic for a small MLP;
* ``customers_frame`` - a Daon Market customer table with missing values and
  categorical columns, for the preprocessing exercises.
"""
from __future__ import annotations

import math

import numpy as np

REGIONS = ["Seoul", "Gyeonggi", "Busan", "Incheon", "Daegu", "Gwangju", "Daejeon", "Jeju"]
DEVICES = ["mobile", "desktop", "app"]


def make_moons(n: int = 600, seed: int = 0, noise: float = 0.15):
    """Two moons: (X float32 tensor (n, 2), y int64 tensor (n,)), shuffled."""
    import torch
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0 = rng.uniform(0, math.pi, n0)
    t1 = rng.uniform(0, math.pi, n - n0)
    a = np.stack([np.cos(t0), np.sin(t0)], 1)
    b = np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], 1)
    X = np.concatenate([a, b]) + rng.normal(0, noise, (n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    order = rng.permutation(n)
    return (torch.tensor(X[order], dtype=torch.float32), torch.tensor(y[order], dtype=torch.int64))


def customers_frame(n: int = 12, seed: int = 0, regions: list[str] | None = None):
    """A small customer table: numeric columns with missing values, two
    categorical columns (region has missing values too) and a 0/1 label
    ``churned`` (about a quarter positive)."""
    import pandas as pd
    rng = np.random.default_rng(seed)
    regions = regions or REGIONS[:4]
    age = rng.integers(18, 70, n).astype(float)
    visits = rng.poisson(6, n).astype(float)
    basket = np.round(rng.lognormal(10.4, 0.5, n), -2)
    region = rng.choice(regions, n).astype(object)
    device = rng.choice(DEVICES, n, p=[0.6, 0.25, 0.15]).astype(object)
    churned = (rng.random(n) < 0.25).astype(int)
    for col, frac in ((age, 0.15), (visits, 0.1)):
        col[rng.random(n) < frac] = np.nan
    region[rng.random(n) < 0.1] = None
    df = pd.DataFrame({"age": age, "visits_30d": visits, "basket_krw": basket,
                       "region": pd.Series(region, dtype=object), "device": pd.Series(device, dtype=object),
                       "churned": churned})
    df.index = pd.RangeIndex(n) + 1000 * (seed % 7)
    return df
