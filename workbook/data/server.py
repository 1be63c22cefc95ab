"""01_shell: a copy of one of Daon Market's (다온마켓) servers, made from a seed.

``server_files(seed)`` describes the whole folder in memory (relative path ->
bytes, plus which files are executable); ``write_server(seed, dest)`` writes
it; ``playground(seed)`` gives a notebook its own fresh copy under
``workbook.data.cache_dir()``. The checks of 01_shell (``workbook.checks.shell``)
write a fresh copy for every command they run, so nothing a student does in
the playground can change what is graded. The visible tests use seed 0 (their
expected outputs are written out in the notebook: what seed 0 generates must
never change); the hidden tests use seeds drawn from the course's secret.

The folder (about 1.5 MB)::

    README.txt
    config/app.conf  config/train.yaml  config/.env.example
    data/orders/orders_2026-01.csv .. orders_2026-04.csv
    data/orders/orders 2026-02 (1).csv       a second download (a space in its name)
    data/exports 2025/orders_2025-11.csv ..  older exports (a folder with a space)
    data/products.tsv                        tab-separated product list
    logs/access.log                          Apache combined format, a week of traffic
    logs/error.log                           Apache 2.4 error log of the same week
    logs/train_errors.log                    warnings of earlier training runs
    ml/train.py                              a training script: stdout and stderr
    models/*.pt  tmp/debug_batch.pt          binary checkpoints of several sizes (which are big: seeded)
    sysinfo/ps_aux.txt  sysinfo/df_h.txt     saved `ps aux` and `df -h` output

``write_server`` also writes the operations files of ``workbook.data.ops`` (two hosts to sync, the
crontab, the model API and its JSON-lines log, a CP949 export): a generator of their own, outside
``server_files`` (whose seed-0 digest protects the answers written out in the notebook).

Every seed has the same layout and the same kinds of traps (status codes and
byte counts that both start with 5, the word "notice" inside an error
message and a warning among the last errors, a big checkpoint outside
models/, medium checkpoints between 50 and 100 KiB, quoted CSV fields with
commas, empty values); counts, sizes, dates
inside the week and the winners of every "top N" question change with the
seed, and the top counts never tie. The two answers of a small range, the
count of 5xx statuses and the number of distinct product pages, are never
seed 0's on another seed (``access_log``): a number copied from a visible
test fails the hidden ones whatever the course's secret.
"""
from __future__ import annotations

import atexit
import datetime as dt
import functools
import hashlib
import os
import random
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import cache_dir, judge_is_writing, ops, prune_playgrounds

VERSION = 3
"""Bumped whenever the generated content changes (cached playgrounds are rebuilt)."""

WEEK_START = dt.date(2026, 3, 9)
"""The access and error logs cover the seven days from this Monday."""

DAYS = 7
MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04")
DUPLICATE = "data/orders/orders 2026-02 (1).csv"
EXPORTS_DIR = "data/exports 2025"
CITIES = ("Seoul", "Seoul", "Seoul", "Gyeonggi", "Gyeonggi", "Busan", "Incheon", "Daegu", "Gwangju",
          "Daejeon", "Jeju")
STATUSES = ("paid", "shipped", "delivered", "delivered", "delivered", "cancelled", "refunded")
PAYMENTS = ("card", "card", "card", "kakaopay", "kakaopay", "naverpay", "toss", "bank_transfer", "")
NOTES = ('"leave at the door, please"', '"gift wrap, no price tag"', '"call before delivery"',
         '"부재 시 경비실에 맡겨 주세요"', '"fragile, handle with care"', '"빠른 배송 부탁드려요"')
PRODUCTS = (
    ("제주 감귤 5kg", "food"), ("Jeju tangerines 3kg", "food"), ("김치 1kg", "food"), ("Green tea 100g", "food"),
    ("Honey citron tea", "food"), ("Instant ramyeon x5", "food"), ("Roasted seaweed x10", "food"),
    ("Rice 10kg", "food"), ("Gochujang 500g", "food"), ("Barley tea 30 bags", "food"),
    ("Hanbok socks", "fashion"), ("Padded jacket", "fashion"), ("Running shoes", "fashion"),
    ("Wool scarf", "fashion"), ("Canvas tote bag", "fashion"), ("Bucket hat", "fashion"),
    ("Denim jacket", "fashion"), ("Slippers", "fashion"), ("Rain boots", "fashion"),
    ("Sheet masks x10", "beauty"), ("Sun cream SPF50", "beauty"), ("Cushion foundation", "beauty"),
    ("Lip tint", "beauty"), ("Snail cream", "beauty"), ("Cleansing foam", "beauty"),
    ("Bluetooth earbuds", "electronics"), ("USB-C charger 65W", "electronics"), ("Power bank", "electronics"),
    ("Phone case", "electronics"), ("Smart watch band", "electronics"), ("Desk lamp", "electronics"),
    ("Air fryer", "home"), ("Rice cooker", "home"), ("Humidifier", "home"), ("Memory foam pillow", "home"),
    ("Bamboo cutting board", "home"), ("Stainless tumbler", "home"), ("Drip coffee set", "home"),
    ("Yoga mat", "sports"), ("Camping chair", "sports"), ("Hiking poles", "sports"), ("Jump rope", "sports"),
)
USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0.0.0 Safari/537.36 Whale/3.25.232.19",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-A546N; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/121.0.6167.178 Mobile Safari/537.36 KAKAOTALK 10.5.3",
)
BOT_UA = "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)"
SCRAPER_UA = "python-requests/2.31.0"
HEALTH_UA = "ELB-HealthChecker/2.0"
SEARCH_WORDS = ("tangerine", "ramyeon", "padded+jacket", "earbuds", "sun+cream", "air+fryer", "%EA%B9%80%EC%B9%98",
                "yoga+mat", "tumbler", "rice")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class ServerFiles:
    """The server folder in memory: file contents, executables, empty folders."""

    files: dict[str, bytes]
    executable: frozenset[str]
    empty_dirs: tuple[str, ...] = ()

    def text(self, path: str) -> str:
        return self.files[path].decode("utf-8")

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())


# ---------------------------------------------------------------- access.log

def _apache_time(t: dt.datetime) -> str:
    return f"{t.day:02d}/{MONTH_ABBR[t.month - 1]}/{t.year}:{t:%H:%M:%S} +0900"


def _ip(rng: random.Random, used: set[str]) -> str:
    while True:
        first = rng.choice((211, 175, 121, 59, 118, 222, 1, 61, 106, 110))
        ip = f"{first}.{rng.randrange(1, 255)}.{rng.randrange(0, 255)}.{rng.randrange(1, 255)}"
        if ip not in used:
            used.add(ip)
            return ip


def _product(rng: random.Random, product_ids: list[int]) -> int:
    """A few products get most of the views (a long tail is never viewed)."""
    return rng.choices(product_ids, _ZIPF[:len(product_ids)])[0]


_ZIPF = [1 / (k + 3) for k in range(400)]


def _request(rng: random.Random, kind: str, product_ids: list[int]) -> tuple[str, str, int, str]:
    """(method, path, status, bytes) for one request of a client of this kind."""
    if kind == "health":
        return "GET", "/healthz", 200, str(rng.randrange(15, 30))
    if kind == "bot":
        r = rng.random()
        if r < 0.03:
            return "GET", "/robots.txt", 200, "212"
        pid = _product(rng, product_ids)
        path = f"/product/{pid}"
    elif kind == "scraper":
        pid = _product(rng, product_ids)
        path = f"/product/{pid}" if rng.random() < 0.8 else f"/api/v1/products/{pid}"
    else:
        r = rng.random()
        if r < 0.40:
            pid = _product(rng, product_ids)
            path = f"/product/{pid}"
            if rng.random() < 0.25:
                path += rng.choice(("?from=search", "?from=home", "?ref=kakao", "?utm_source=naver"))
        elif r < 0.50:
            path = "/"
        elif r < 0.60:
            path = f"/search?q={rng.choice(SEARCH_WORDS)}"
        elif r < 0.70:
            path = rng.choice(("/static/js/app.3f9c1e.js", "/static/css/main.8a21.css", "/favicon.ico"))
        elif r < 0.80:
            path = f"/images/p/{rng.choice(product_ids)}.jpg"
        elif r < 0.88:
            path = rng.choice(("/cart", "/api/v1/cart"))
        elif r < 0.94:
            path = rng.choice(("/checkout", "/api/v1/orders"))
        else:
            path = rng.choice(("/login", "/mypage", "/event/spring-sale", "/wp-login.php", "/.env"))
    method = "POST" if path in ("/api/v1/cart", "/api/v1/orders", "/login") and rng.random() < 0.6 else "GET"
    # status
    r = rng.random()
    if path in ("/wp-login.php", "/.env"):
        status = 404
    elif path.startswith(("/api/", "/checkout")) and r < 0.10:
        status = rng.choice((500, 502, 502, 503, 504))
    elif r < 0.012:
        status = rng.choice((500, 502, 503))
    elif r < 0.06 and path.startswith("/product/"):
        status = 404
    elif r < 0.12 and path.startswith(("/static/", "/images/", "/favicon")):
        status = 304
    elif r < 0.135:
        status = 301
    elif r < 0.145 and kind == "person":
        status = 401 if path.startswith(("/mypage", "/api/")) else 403
    else:
        status = 200
    # bytes sent: many pages weigh 5 to 6 KB, so " 5xxx" follows a 200 status
    if status == 304:
        size = "-"
    elif status == 301:
        size = str(rng.randrange(230, 250))
    elif status in (401, 403, 404):
        size = str(rng.randrange(196, 560))
    elif status >= 500:
        size = str(rng.choice((rng.randrange(380, 600), rng.randrange(5000, 5400))))
    elif path.startswith("/product/"):
        size = str(rng.randrange(4800, 6400))
    elif path.startswith("/api/"):
        size = str(rng.randrange(90, 2600))
    elif path.startswith("/images/"):
        size = str(rng.randrange(18_000, 95_000))
    elif path.startswith("/static/js"):
        size = "148213"
    elif path.startswith("/static/css"):
        size = "31877"
    elif path == "/favicon.ico":
        size = "5430"
    else:
        size = str(rng.randrange(5000, 12_000))
    return method, path, status, size


def _referrer(rng: random.Random, path: str, kind: str) -> str:
    if kind != "person" or rng.random() < 0.35:
        return "-"
    if path.startswith("/product/"):
        return rng.choice(("https://daonmarket.kr/", f"https://daonmarket.kr/search?q={rng.choice(SEARCH_WORDS)}",
                           f"https://search.naver.com/search.naver?query={rng.choice(SEARCH_WORDS)}"))
    return rng.choice(("https://daonmarket.kr/", "https://daonmarket.kr/cart", "https://www.google.com/"))


def access_log(seed: int = 0) -> str:
    """A week of Apache combined-format access log lines, in time order.

    A hidden seed's log never has seed 0's count of 5xx statuses (Question
    3) nor its number of distinct product pages (Question 5), the two
    answers of a small range (about 40-90 and 240-290): a log that has
    either is made again from the next draw, so a number copied from a
    visible test fails every hidden check, whatever the course's secret."""
    text, n_5xx, products = _access_log(f"access-{seed}")
    if seed != 0:
        _, visible_5xx, visible_products = _access_log("access-0")
        attempt = 0
        while n_5xx == visible_5xx or len(products) == len(visible_products):
            attempt += 1
            text, n_5xx, products = _access_log(f"access-{seed}-{attempt}")
    return text


@functools.lru_cache(maxsize=4)
def _access_log(key: str) -> tuple[str, int, frozenset[str]]:
    """The log drawn from ``key``, its number of 5xx statuses and its product
    pages (/product/ and digits, a query string left out)."""
    rng = random.Random(key)
    used: set[str] = set()
    product_ids = rng.sample(range(1001, 1400), 330)  # in order of popularity
    # the four busiest clients have clearly different counts (no ties for a top 3)
    c1 = rng.randrange(230, 300)
    c2 = c1 - rng.randrange(18, 45)
    c3 = c2 - rng.randrange(12, 30)
    c4 = c3 - rng.randrange(10, 25)
    kinds = ["bot", "scraper", "person", "person"]
    rng.shuffle(kinds)
    clients = [(_ip(rng, used), c, k) for c, k in zip((c1, c2, c3, c4), kinds)]
    clients.append(("10.0.0.2", 0, "health"))  # the load balancer, every two hours (set below)
    n_people = rng.randrange(150, 190)
    for _ in range(n_people):
        count = min(int(rng.paretovariate(1.6) * 5), c4 - 6)
        clients.append((_ip(rng, used), max(1, count), "person"))
    events = []
    start = dt.datetime.combine(WEEK_START, dt.time())
    for h in range(0, DAYS * 24, 2):  # health checks: 84, fewer than any top client
        t = start + dt.timedelta(hours=h, seconds=rng.randrange(0, 60))
        events.append((t, "10.0.0.2", "health"))
    daily_weight = [rng.uniform(0.7, 1.3) for _ in range(DAYS)]
    hour_weight = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.1, 1.2,
                   1.4, 1.3, 1.1, 1.0, 1.0, 1.1, 1.3, 1.6, 1.8, 1.9, 1.5, 0.9]
    slots = [(d, h) for d in range(DAYS) for h in range(24)]
    weights = [daily_weight[d] * hour_weight[h] for d, h in slots]
    for ip, count, kind in clients:
        if kind == "health":
            continue
        for _ in range(count):
            if kind == "bot":
                d, h = rng.randrange(DAYS), rng.randrange(24)
            else:
                d, h = rng.choices(slots, weights)[0]
            t = start + dt.timedelta(days=d, hours=h, seconds=rng.randrange(3600))
            events.append((t, ip, kind))
    events.sort()
    ua_of: dict[str, str] = {}
    lines = []
    n_5xx, products = 0, set()
    for t, ip, kind in events:
        method, path, status, size = _request(rng, kind, product_ids)
        if kind == "bot":
            ua = BOT_UA
        elif kind == "scraper":
            ua = SCRAPER_UA
        elif kind == "health":
            ua = HEALTH_UA
        else:
            ua = ua_of.setdefault(ip, rng.choice(USER_AGENTS))
        ref = _referrer(rng, path, kind)
        lines.append(f'{ip} - - [{_apache_time(t)}] "{method} {path} HTTP/1.1" {status} {size} "{ref}" "{ua}"')
        n_5xx += 500 <= status <= 599
        if (m := _PRODUCT_PAGE.match(path)) is not None:
            products.add(m.group(0))
    return "\n".join(lines) + "\n", n_5xx, frozenset(products)


_PRODUCT_PAGE = re.compile(r"/product/[0-9]+")


# ----------------------------------------------------------------- error.log

def _error_time(t: dt.datetime, rng: random.Random) -> str:
    return (f"{WEEKDAY_ABBR[t.weekday()]} {MONTH_ABBR[t.month - 1]} {t.day:02d} "
            f"{t:%H:%M:%S}.{rng.randrange(10**6):06d} {t.year}")


def error_log(seed: int = 0) -> str:
    """Apache 2.4 error log of the same week: notices (restarts, log rotation),
    warnings and errors. One error message contains the word "notice" (a file
    path), and the log ends with notice lines of two modules (mpm_event, core)."""
    rng = random.Random(f"error-{seed}")
    start = dt.datetime.combine(WEEK_START, dt.time())
    ev: list[tuple[dt.datetime, str, str]] = []
    for d in range(DAYS):  # log rotation at midnight: a graceful restart, three notice lines
        t = start + dt.timedelta(days=d, seconds=rng.randrange(1, 30))
        ev.append((t, "mpm_event:notice", "AH00493: SIGUSR1 received.  Doing graceful restart"))
        ev.append((t + dt.timedelta(seconds=1), "mpm_event:notice",
                   "AH00489: Apache/2.4.58 (Ubuntu) OpenSSL/3.0.13 configured -- resuming normal operations"))
        ev.append((t + dt.timedelta(seconds=1), "core:notice", "AH00094: Command line: '/usr/sbin/apache2'"))
    n_err = rng.randrange(45, 70)
    for _ in range(n_err):
        t = start + dt.timedelta(seconds=rng.randrange(3600, (DAYS - 1) * 86400 + 20 * 3600))
        ip = f"{rng.choice((211, 175, 121, 59))}.{rng.randrange(1, 255)}.{rng.randrange(255)}.{rng.randrange(1, 255)}"
        port = rng.randrange(30000, 65000)
        r = rng.random()
        if r < 0.35:
            ev.append((t, "proxy:error", f"(111)Connection refused: AH00957: http: attempt to connect to "
                       f"127.0.0.1:8000 (localhost:8000) failed [client {ip}:{port}]"))
        elif r < 0.55:
            ev.append((t, "proxy_http:error", f"[client {ip}:{port}] AH01102: error reading status line "
                       "from remote server localhost:8000"))
        elif r < 0.70:
            ev.append((t, "authz_core:error", f"[client {ip}:{port}] AH01630: client denied by server "
                       "configuration: /var/www/daon/.env"))
        elif r < 0.85:
            ev.append((t, "ssl:warn", "AH01909: daonmarket.kr:443:0 server certificate does NOT include "
                       "an ID which matches the server name"))
        else:
            ev.append((t, "core:warn", "AH00045: child process 2231 still did not exit, sending a SIGTERM"))
    ev.sort(key=lambda e: e[0])
    # a warning among the last three of them (they join the last five lines
    # that are not notices: `grep ':error]'` must lose a line on every seed)
    if not any(level.endswith(":warn") for _, level, _ in ev[-3:]):
        ev[-1] = (ev[-1][0], "core:warn", "AH00045: child process 2231 still did not exit, sending a SIGTERM")
    # the end of the week: an error whose message contains "notice", one more
    # error, then a restart (notice lines are last)
    end = start + dt.timedelta(days=DAYS - 1, hours=22, minutes=rng.randrange(0, 30))
    ip = f"59.{rng.randrange(1, 255)}.{rng.randrange(255)}.{rng.randrange(1, 255)}"
    ev.append((end, "core:error", f"[client {ip}:{rng.randrange(30000, 65000)}] AH00132: file permissions deny "
               "server access: /var/www/daon/notice/spring-sale.html"))
    ev.append((end + dt.timedelta(minutes=7), "proxy:error", "(111)Connection refused: AH00957: http: attempt to "
               f"connect to 127.0.0.1:8000 (localhost:8000) failed [client {ip}:{rng.randrange(30000, 65000)}]"))
    last = end + dt.timedelta(minutes=40)
    ev.append((last, "mpm_event:notice", "AH00492: caught SIGWINCH, shutting down gracefully"))
    ev.append((last + dt.timedelta(seconds=3), "mpm_event:notice",
               "AH00489: Apache/2.4.58 (Ubuntu) OpenSSL/3.0.13 configured -- resuming normal operations"))
    # and a notice of another module last: leaving out only `mpm_event:notice` lines keeps it (issue 56)
    ev.append((last + dt.timedelta(seconds=3), "core:notice", "AH00094: Command line: '/usr/sbin/apache2'"))
    lines = []
    for t, level, msg in ev:
        pid = 1000 + rng.randrange(9000)
        lines.append(f"[{_error_time(t, rng)}] [{level}] [pid {pid}:tid {rng.randrange(10**14, 10**15)}] {msg}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- CSVs

def _orders_csv(rng: random.Random, month: str, first_id: int) -> tuple[str, int]:
    header = "order_id,customer_id,order_date,status,amount_krw,payment,city,note"
    y, m = map(int, month.split("-"))
    days = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.date(y, m, 1)).days
    n = rng.randrange(220, 330)
    dates = sorted(dt.date(y, m, 1 + rng.randrange(days)) for _ in range(n))
    rows = [header]
    for i, d in enumerate(dates):
        amount = "" if rng.random() < 0.03 else str(rng.randrange(50, 2500) * 100)
        note = rng.choice(NOTES) if rng.random() < 0.08 else ""
        rows.append(f"{first_id + i},{rng.randrange(1, 1500)},{d.isoformat()},{rng.choice(STATUSES)},{amount},"
                    f"{rng.choice(PAYMENTS)},{rng.choice(CITIES)},{note}")
    return "\n".join(rows) + "\n", first_id + n


def products_tsv(seed: int = 0) -> str:
    rng = random.Random(f"products-{seed}")
    rows = ["product_id\tname\tcategory\tprice_krw"]
    for i, pid in enumerate(sorted(rng.sample(range(1001, 1300), len(PRODUCTS)))):
        name, cat = PRODUCTS[i]
        rows.append(f"{pid}\t{name}\t{cat}\t{rng.randrange(20, 900) * 100}")
    return "\n".join(rows) + "\n"


# ------------------------------------------------------------ training script

TRAIN_PY = '''#!/usr/bin/env python3
"""Daon Market churn model: a (pretend) training run.

Progress goes to stdout; warnings and errors go to stderr, as real training
scripts do. The number of epochs comes from the environment variable
DAON_EPOCHS (default 3). Nothing is written to disk."""
import glob
import math
import os
import random
import sys

SEED = {seed}
RUN = "{run}"


def log(msg):
    print(msg, flush=True)


def warn(msg):
    print(msg, file=sys.stderr, flush=True)


def main():
    raw = os.environ.get("DAON_EPOCHS", "3")
    try:
        epochs = int(raw)
    except ValueError:
        warn(f"ERROR: DAON_EPOCHS must be a whole number, not {{raw!r}}")
        return 2
    files = sorted(glob.glob("data/orders/orders_*.csv"))
    if not files:
        warn("ERROR: no data/orders/orders_*.csv here: run me from the server folder")
        return 1
    rows = empty = 0
    for name in files:
        with open(name, encoding="utf-8") as f:
            next(f)
            for line in f:
                rows += 1
                if line.split(",")[4] == "":
                    empty += 1
    log(f"run {{RUN}}: {{rows}} orders from {{len(files)}} files, {{epochs}} epochs")
    if empty:
        warn(f"WARNING: {{empty}} orders have an empty amount_krw and were skipped")
    rng = random.Random(SEED)
    best = 0.0
    for epoch in range(1, epochs + 1):
        loss = 0.69 * math.exp(-0.35 * epoch) + 0.25 + rng.uniform(-0.02, 0.02)
        auc = min(0.95, 0.60 + 0.25 * (1 - math.exp(-0.5 * epoch)) + rng.uniform(-0.03, 0.03))
        log(f"epoch {{epoch}}/{{epochs}}  train_loss={{loss:.4f}}  val_auc={{auc:.4f}}")
        if auc < best:
            warn(f"WARNING: epoch {{epoch}}: val_auc went down ({{best:.4f}} -> {{auc:.4f}})")
        best = max(best, auc)
        if epoch == 2:
            warn("UserWarning: the learning rate scheduler was stepped before the optimizer")
    log(f"done: best val_auc={{best:.4f}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''


# --------------------------------------------------------------- system info

def ps_aux(seed: int = 0) -> str:
    """Saved `ps aux` output. One process clearly uses the most memory (a
    forgotten notebook kernel or a training job); another uses the most CPU;
    some %MEM values are below 10, so a text sort (not numeric) is wrong."""
    rng = random.Random(f"ps-{seed}")
    procs = [
        ("root", 1, 0.0, 0.1, 167_812, 13_020, "?", "Ss", "Mar09", "0:09", "/sbin/init"),
        ("root", 612, 0.0, 0.2, 289_220, 27_316, "?", "Ss", "Mar09", "0:02", "/usr/lib/systemd/systemd-journald"),
        ("root", 1043, 0.0, 0.1, 15_436, 9_120, "?", "Ss", "Mar09", "0:00", "sshd: /usr/sbin/sshd -D"),
        ("root", 1180, 0.0, 0.3, 6_512_040, 56_332, "?", "Ss", "Mar09", "0:41", "/usr/sbin/apache2 -k start"),
        ("www-data", 20311, 0.3, 0.4, 2_005_660, 71_004, "?", "Sl", "00:00", "0:12", "/usr/sbin/apache2 -k start"),
        ("www-data", 20312, 0.2, 0.4, 2_005_660, 69_880, "?", "Sl", "00:00", "0:11", "/usr/sbin/apache2 -k start"),
        ("postgres", 1290, 0.1, 1.2, 218_344, 198_220, "?", "Ss", "Mar09", "1:03", "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main"),
        ("daon", 3310, 1.1, 3.5, 1_412_200, 574_880, "?", "Ssl", "Mar09", "12:31", "/srv/daon/venv/bin/gunicorn app:app --workers 4"),
        ("daon", 3321, 0.8, 2.9, 1_398_400, 476_120, "?", "Sl", "Mar09", "9:02", "/srv/daon/venv/bin/gunicorn app:app --workers 4"),
        ("prometheus", 1502, 0.4, 0.6, 1_270_908, 98_112, "?", "Ssl", "Mar09", "3:40", "/usr/bin/node_exporter"),
        ("minji", 41022, 0.0, 0.0, 8_984, 5_312, "pts/0", "Ss", "13:02", "0:00", "-bash"),
        ("minji", 41388, 0.0, 0.0, 11_212, 4_448, "pts/0", "R+", "13:20", "0:00", "ps aux"),
    ]
    # three heavy ML processes with seeded numbers: the memory winner, the CPU
    # winner and a process with %MEM between 9 and 10
    pids = rng.sample(range(42000, 60000), 3)
    mem_top = round(rng.uniform(22.0, 48.0), 1)
    mem_nine = round(rng.uniform(9.1, 9.9), 1)
    mem_mid = round(rng.uniform(11.0, mem_top - 4.0), 1)
    heavy = [
        ("minji", pids[0], round(rng.uniform(0.5, 3.0), 1), mem_top,
         "/home/minji/.venv/bin/python -m ipykernel_launcher -f /home/minji/.local/share/jupyter/runtime/kernel-4f1c.json"),
        ("daon", pids[1], round(rng.uniform(180.0, 390.0), 1), mem_mid,
         "python ml/train.py --config config/train.yaml"),
        ("jisoo", pids[2], round(rng.uniform(5.0, 40.0), 1), mem_nine,
         "python scripts/export_features.py --month 2026-03"),
    ]
    rng.shuffle(heavy)
    total_kb = 16_311_012
    for user, pid, cpu, mem, cmd in heavy:
        rss = int(total_kb * mem / 100)
        procs.append((user, pid, cpu, mem, rss + rng.randrange(1_000_000, 3_000_000), rss, "?" if user == "daon" else "pts/1",
                      "Rl" if cpu > 50 else "Sl", "Mar1" + str(rng.randrange(0, 3)), f"{rng.randrange(1, 300)}:{rng.randrange(60):02d}", cmd))
    procs.sort(key=lambda p: p[1])
    lines = [f"{'USER':<10} {'PID':>6} {'%CPU':>5} {'%MEM':>4} {'VSZ':>8} {'RSS':>7} {'TTY':<6} {'STAT':<4} "
             f"{'START':>5} {'TIME':>6} COMMAND"]
    for user, pid, cpu, mem, vsz, rss, tty, stat, start, time, cmd in procs:
        lines.append(f"{user:<10} {pid:>6} {cpu:>5.1f} {mem:>4.1f} {vsz:>8} {rss:>7} {tty:<6} {stat:<4} "
                     f"{start:>5} {time:>6} {cmd}")
    return "\n".join(lines) + "\n"


def df_h(seed: int = 0) -> str:
    rng = random.Random(f"df-{seed}")
    data_used = rng.randrange(88, 99)
    root_used = rng.randrange(35, 70)
    rows = [("Filesystem", "Size", "Used", "Avail", "Use%", "Mounted on"),
            ("tmpfs", "1.6G", "2.1M", "1.6G", "1%", "/run"),
            ("/dev/nvme0n1p2", "98G", f"{98 * root_used // 100}G", f"{98 - 98 * root_used // 100}G",
             f"{root_used}%", "/"),
            ("tmpfs", "7.8G", "0", "7.8G", "0%", "/dev/shm"),
            ("/dev/nvme0n1p1", "1.1G", "6.1M", "1.1G", "1%", "/boot/efi"),
            ("/dev/nvme1n1", "916G", f"{916 * data_used // 100}G", f"{916 - 916 * data_used // 100}G",
             f"{data_used}%", "/data"),
            ("tmpfs", "1.6G", "4.0K", "1.6G", "1%", "/run/user/1000")]
    return "\n".join(f"{a:<15} {b:>5} {c:>5} {d:>5} {e:>4} {f}" for a, b, c, d, e, f in rows) + "\n"


# -------------------------------------------------------------------- config

APP_CONF = """# Daon Market web app ({host})
[server]
host = 127.0.0.1
port = 8000
workers = 4
debug = false

[database]
url = postgresql://daon@localhost:5432/daon
pool_size = 10

[logging]
access_log = logs/access.log
error_log = logs/error.log
level = info
"""

TRAIN_YAML = """# churn model training (read by ml/train.py in production)
run_name: churn-{run}
data_dir: data/orders
epochs: 3
batch_size: 256
learning_rate: 0.001
seed: {seed}
"""

ENV_EXAMPLE = """# copy to .env and fill in; never commit the real .env
DAON_DB_PASSWORD=
DAON_EPOCHS=3
"""

README = """Daon Market (다온마켓) web server {host}: a copy for the ML team
=================================================================

logs/      web server logs (access.log, error.log) and training logs
data/      order exports (CSV) and the product list (TSV)
ml/        the churn model's training script: run it with  python3 ml/train.py
models/    saved checkpoints
config/    configuration files
sysinfo/   saved output of `ps aux` and `df -h` from the live server
tmp/       scratch space
"""


EXECUTABLE = frozenset({"ml/train.py"})
EMPTY_DIRS = ("backups",)


@functools.lru_cache(maxsize=48)
def server_files(seed: int = 0) -> ServerFiles:
    """The whole server folder for this seed, in memory (about 1 MB). A
    grading of 01 asks for 17 seeds, the same ones for every submission under
    one course secret: the cache holds them all, so a worker or a lab server
    builds each once (with 8, LRU evicted each before its next use). The judge
    also keeps each seed's folder in its own data folder (``_kept``), so that
    the next process (a selfgrade, a worker of the next run) reads it (3 ms)
    instead of building it again (60 ms)."""
    kept = _kept(seed)
    if kept is not None:
        try:
            with zipfile.ZipFile(kept) as z:
                return ServerFiles({name: z.read(name) for name in z.namelist()}, EXECUTABLE, EMPTY_DIRS)
        except (OSError, zipfile.BadZipFile, KeyError):
            pass
    sf = _build(seed)
    if kept is not None:
        fd, tmp = tempfile.mkstemp(dir=kept.parent, prefix=kept.name + ".")
        try:
            with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as z:
                for name, data in sf.files.items():
                    z.writestr(name, data)
            os.replace(tmp, kept)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
    return sf


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """What the folder of a seed depends on besides the seed: this module."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _kept(seed: int) -> Path | None:
    """Where the judge keeps the folder of ``seed``, or None outside the judge
    (a kernel builds its own: its cache is not the judge's)."""
    if not judge_is_writing():
        return None
    return cache_dir() / f"server-{int(seed)}-{_code_version()}.zip"


def _build(seed: int) -> ServerFiles:
    rng = random.Random(f"server-{seed}")
    run = f"{rng.randrange(16**4):04x}"
    host = f"web-{rng.randrange(1, 9):02d}.daonmarket.kr"
    files: dict[str, str | bytes] = {
        "README.txt": README.format(host=host),
        "config/app.conf": APP_CONF.format(host=host),
        "config/train.yaml": TRAIN_YAML.format(run=run, seed=seed),
        "config/.env.example": ENV_EXAMPLE,
        "logs/access.log": access_log(seed),
        "logs/error.log": error_log(seed),
        "data/products.tsv": products_tsv(seed),
        "ml/train.py": TRAIN_PY.format(seed=seed, run=f"churn-{run}"),
        "sysinfo/ps_aux.txt": ps_aux(seed),
        "sysinfo/df_h.txt": df_h(seed),
    }
    orng = random.Random(f"orders-{seed}")
    next_id = 900_000 + orng.randrange(1000)
    for month in ("2025-11", "2025-12"):
        files[f"{EXPORTS_DIR}/orders_{month}.csv"], next_id = _orders_csv(orng, month, next_id)
    for month in MONTHS:
        files[f"data/orders/orders_{month}.csv"], next_id = _orders_csv(orng, month, next_id)
    files[DUPLICATE] = files["data/orders/orders_2026-02.csv"]
    old_errors = []
    for k in range(rng.randrange(3, 7)):
        old_errors.append(f"WARNING: {rng.randrange(5, 40)} orders have an empty amount_krw and were skipped")
        if rng.random() < 0.5:
            old_errors.append("UserWarning: the learning rate scheduler was stepped before the optimizer")
    old_errors.insert(1, "Traceback (most recent call last):\n  File \"ml/train.py\", line 31, in main\n"
                         "KeyboardInterrupt")
    files["logs/train_errors.log"] = "\n".join(old_errors) + "\n"
    # checkpoints: which ones are big (over 100 KiB) changes with the seed;
    # the others are medium (between 50 and 100 KiB, a trap for `-size +100`,
    # which counts 512-byte blocks) or tiny
    brng = random.Random(f"blobs-{seed}")
    epochs = sorted(brng.sample(range(1, 30), 3))
    names = [f"models/churn-epoch{e:02d}.pt" for e in epochs] + ["models/churn-best.pt", "tmp/debug_batch.pt"]
    big = set(brng.sample(names, brng.randrange(2, 4)))
    if "tmp/debug_batch.pt" not in big:  # a big checkpoint outside models/ on every seed
        big.remove(min(big))
        big.add("tmp/debug_batch.pt")
    sizes = {"models/smoke-test.pt": brng.randrange(2, 6) * 1024 + brng.randrange(1024)}
    for name in names:
        kib = brng.randrange(110, 170) if name in big else brng.randrange(55, 95)
        sizes[name] = kib * 1024 + brng.randrange(1024)
    for path, n in sorted(sizes.items()):
        files[path] = b"PK\x03\x04" + brng.randbytes(n - 4)  # a zip header, like torch.save
    out = {p: (c.encode("utf-8") if isinstance(c, str) else c) for p, c in sorted(files.items())}
    return ServerFiles(out, EXECUTABLE, EMPTY_DIRS)


def write_server(seed: int, dest: str | Path) -> Path:
    """Write the server folder for ``seed`` into ``dest`` (created; must be
    empty or absent) and return it."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    sf = server_files(seed)
    for rel, data in sf.files.items():
        p = dest / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        if rel in sf.executable:
            p.chmod(0o755)
    for rel in sf.empty_dirs:
        (dest / rel).mkdir(parents=True, exist_ok=True)
    ops.write(seed, dest)   # hosts/, config/crontab, ml/serve.py, logs/api.jsonl, inbox/ (their own generator)
    return dest


def playground(seed: int = 0) -> Path:
    """A fresh copy of the server folder for this notebook kernel to explore
    and change freely. Each kernel gets its own folder (several notebooks may
    run at once); it is rebuilt on every call and removed when the kernel
    exits. The graded checks never use it: they make their own copies."""
    root = cache_dir()
    prune_playgrounds(root, "server")
    final = root / f"server-v{VERSION}-{seed}-pid{os.getpid()}"
    if final.exists():
        shutil.rmtree(final)
    tmp = Path(tempfile.mkdtemp(prefix=f".server-{seed}-", dir=root))
    write_server(seed, tmp / "s")
    os.replace(tmp / "s", final)
    tmp.rmdir()
    atexit.register(shutil.rmtree, final, True)
    return final
