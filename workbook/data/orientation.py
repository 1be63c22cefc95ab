"""00_orientation: Daon Market's daily order summary (a small CSV).

One row per day and region (``date,region,orders,revenue_krw``), for eight
weeks and a few days. Every seed plants the cases that Question 3's rules
name, so that each plausible shortcut picks another weekday than the right
answer (the mean over the weekday's dates of the day's revenue summed over
all regions, a missing revenue counting as nothing):

* a **flash-sale weekday**: one of its dates is a one-day flash sale, which
  makes its *average* the highest, just above the runner-up; its median is
  an ordinary day's (the median picks another weekday);
* a **promotion weekday**: every week a promotion lifts it, and it appears
  once more than the flash-sale weekday (the data has 8 weeks and 2 to 5
  days), so its *sum* is the highest (a sum per weekday is wrong);
* three **missing revenues**, all Seoul's (the largest region) on
  promotion days: dropping those dates, filling them with an average,
  averaging rows instead of daily totals, or averaging the regions of a date
  lifts the promotion weekday above the flash-sale weekday.

The flash-sale weekday of seed 0 is Sunday (the visible answer); no other
seed's is, so an answer hard-coded from the visible test fails every hidden
file, whatever the course's secret.
"""
from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from . import cache_dir

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
REGIONS = ["Seoul", "Busan", "Incheon", "Daegu", "Gwangju"]
BASE_ORDERS = {"Seoul": 120, "Busan": 60, "Incheon": 45, "Daegu": 35, "Gwangju": 25}
MISSING_REGION = "Seoul"
N_MISSING = 3
VISIBLE_FLASH = 6   # seed 0's answer: Sunday


def daily_orders_rows(seed: int = 0, weeks: int = 8) -> list[dict]:
    """One row per day and region; see the module's docstring for what every
    seed plants."""
    rng = random.Random(seed)
    flash = rng.randrange(7)                     # the answer's weekday (0 = Monday; seed 0: Sunday)
    if seed != 0 and flash == VISIBLE_FLASH:     # a hidden seed never plants the visible answer
        flash = seed % 6
    promo = (flash + 1 + rng.randrange(6)) % 7   # the weekly promotion: another weekday
    # the days after the full weeks: the promotion weekday among them, the
    # flash-sale weekday not (so the promotion weekday has one date more)
    choices = [(extra, j) for extra in range(2, 6) for j in range(extra)
               if flash not in {(promo - j + i) % 7 for i in range(extra)}]
    extra, j = rng.choice(choices)
    monday = dt.date(2026, 3, 2) + dt.timedelta(days=7 * rng.randrange(10))
    start = monday + dt.timedelta(days=(promo - j) % 7)
    days = [start + dt.timedelta(days=d) for d in range(weeks * 7 + extra)]

    rows: list[dict] = []
    for day in days:
        for region in REGIONS:
            base = BASE_ORDERS[region]
            orders = max(0, int(rng.gauss(base, base * 0.15)))
            if day.weekday() == promo:
                orders = int(orders * 1.6)
            basket = rng.gauss(38_000, 6_000)
            rows.append({"date": day.isoformat(), "region": region, "orders": orders,
                         "basket": basket, "weekday": day.weekday()})

    # Seoul's revenue is missing on three promotion days
    promo_days = [d.isoformat() for d in days if d.weekday() == promo]
    missing = set(rng.sample(promo_days, N_MISSING))
    # the flash sale: one date of the flash weekday, neither its first nor its last
    flash_days = [d.isoformat() for d in days if d.weekday() == flash]
    sale = rng.choice(flash_days[1:-1])
    margin = rng.uniform(0.006, 0.012)           # how far its average ends above the runner-up

    def revenue(r: dict, factor: float = 1.0) -> int:
        return int(int(r["orders"] * factor) * r["basket"]) // 100 * 100

    totals: dict[str, int] = {}
    for r in rows:
        if not (r["date"] in missing and r["region"] == MISSING_REGION):
            totals[r["date"]] = totals.get(r["date"], 0) + (0 if r["date"] == sale else revenue(r))
    per_weekday: dict[int, list[int]] = {}
    for day in days:
        per_weekday.setdefault(day.weekday(), []).append(totals[day.isoformat()])
    runner_up = max(sum(v) / len(v) for w, v in per_weekday.items() if w != flash)
    # the sale's total that puts the flash weekday's average `margin` above the runner-up
    needed = runner_up * (1 + margin) * len(per_weekday[flash]) - sum(per_weekday[flash])
    sale_rows = [r for r in rows if r["date"] == sale]
    factor = needed / sum(revenue(r) for r in sale_rows)

    out = []
    for r in rows:
        f = factor if r["date"] == sale else 1.0
        value: int | str = revenue(r, f)
        if r["date"] in missing and r["region"] == MISSING_REGION:
            value = ""
        out.append({"date": r["date"], "region": r["region"], "orders": int(r["orders"] * f),
                    "revenue_krw": value})
    return out


def write_daily_orders(seed: int = 0, folder: Path | None = None) -> Path:
    """Write daily_orders_<seed>.csv and return its path."""
    folder = Path(folder or cache_dir())
    path = folder / f"daily_orders_{seed}.csv"
    rows = daily_orders_rows(seed)
    lines = ["date,region,orders,revenue_krw"]
    lines += [f"{r['date']},{r['region']},{r['orders']},{r['revenue_krw']}" for r in rows]
    text = "\n".join(lines) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return path  # already there (e.g. a read-only cache in the grader's sandbox)
    except OSError:
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
