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
  lifts the promotion weekday above the flash-sale weekday;
* on every seed but the visible one, a **date whose revenues are all
  missing** (an export that failed for a day), on a **busy weekday** (neither
  the flash-sale nor the promotion weekday) whose other dates are lifted so
  that its average, counting that date as 0, ends 2 to 5 % below the
  promotion weekday's: leaving that date out (``sum(min_count=1)``, then a
  mean that skips it) lifts the busy weekday above the flash-sale weekday.

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

    def daily_totals(lift: float = 1.0) -> dict[int, list[int]]:
        """The daily totals of each weekday, the sale's date at 0, the busy
        weekday's dates lifted by ``lift`` and its blank date at 0."""
        totals: dict[str, int] = {}
        for r in rows:
            value = 0 if r["date"] in (sale, blank) or (r["date"] in missing and r["region"] == MISSING_REGION) \
                else revenue(r, lift if r["weekday"] == busy else 1.0)
            totals[r["date"]] = totals.get(r["date"], 0) + value
        per_weekday: dict[int, list[int]] = {}
        for day in days:
            per_weekday.setdefault(day.weekday(), []).append(totals[day.isoformat()])
        return per_weekday

    # a hidden seed's busy weekday and its date whose revenues are all missing (drawn after every draw above,
    # so that seed 0's file stays what it was)
    busy, blank, lift = None, None, 1.0
    if seed != 0:
        busy = rng.choice([w for w in range(7) if w not in (flash, promo)])
        blank = rng.choice([d.isoformat() for d in days if d.weekday() == busy])
        below = rng.uniform(0.02, 0.05)          # how far its average (the blank date as 0) ends below the promotion's
        plain = daily_totals()
        promo_mean = sum(plain[promo]) / len(plain[promo])
        target = promo_mean * (1 - below) * len(plain[busy])     # the busy weekday's sum of daily totals
        lift = target / sum(plain[busy])
        lift *= target / sum(daily_totals(lift)[busy])           # once more: each row's orders are rounded down
    per_weekday = daily_totals(lift)
    runner_up = max(sum(v) / len(v) for w, v in per_weekday.items() if w != flash)
    # the sale's total that puts the flash weekday's average `margin` above the runner-up
    needed = runner_up * (1 + margin) * len(per_weekday[flash]) - sum(per_weekday[flash])
    sale_rows = [r for r in rows if r["date"] == sale]
    factor = needed / sum(revenue(r) for r in sale_rows)

    out = []
    for r in rows:
        f = factor if r["date"] == sale else lift if r["weekday"] == busy else 1.0
        value: int | str = revenue(r, f)
        if (r["date"] in missing and r["region"] == MISSING_REGION) or r["date"] == blank:
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
