"""01_shell's operations files: two hosts, the crontab, the model API, its log and a partner's export.

The server folder of ``workbook.data.server`` gets these files next to its own (``write_server`` writes
both; the folder of ``server_files`` and its seed-0 digest stay as they were)::

    hosts/web-01/app/           this server's release of the shop's web app (the source of a sync)
    hosts/web-02/app/           the standby's older copy, set up by hand with plain `cp`
    config/crontab              the server's crontab, kept in git (installed with `crontab config/crontab`)
    ml/serve.py                 the churn model's API, a stand-in on the standard library (prints its port)
    logs/api.jsonl              that API's request log, one JSON object per line
    inbox/stores_cp949.csv      a partner's store list, saved by Excel on Windows (CP949, CR LF)

Every seed has the same layout and plants the cases the questions name (``ops_files``'s docstring);
names, counts, contents and the API's scores change with the seed. Permissions and modification
times are part of the data (a sync must keep them, a `chmod` changes them): ``OpsFiles.modes`` and
``OpsFiles.mtimes``, applied by ``write``.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

WEB1 = "hosts/web-01/app"
WEB2 = "hosts/web-02/app"
CRONTAB = "config/crontab"
API_SCRIPT = "ml/serve.py"
API_LOG = "logs/api.jsonl"
EXPORT = "inbox/stores_cp949.csv"
#: the customer whose score 01's curl question asks for
ASKED_CUSTOMER = 1042
#: 01's jq question: the requests to this path slower than this many milliseconds
SLOW_PATH, SLOW_MS = "/v1/predict", 800
#: syllables of CP949 that EUC-KR (KS X 1001) lacks: glibc's `iconv -f EUC-KR` turns them into junk
CP949_ONLY = ("똠", "햏", "뷁", "믜", "궯", "쌰", "됬", "햝")

_RELEASE = dt.datetime(2026, 3, 14, 18, 0, tzinfo=dt.timezone.utc)   # web-01's files (the new release)
_OLD = dt.datetime(2026, 2, 20, 9, 0, tzinfo=dt.timezone.utc)        # web-02's files (the release before)
_DATA = dt.datetime(2026, 3, 15, 23, 0, tzinfo=dt.timezone.utc)      # the other files


@dataclass(frozen=True)
class OpsFiles:
    """The operations files in memory: contents, permission bits, modification times (seconds).
    Folders are listed in ``modes`` with a trailing slash."""

    files: dict[str, bytes]
    modes: dict[str, int]
    mtimes: dict[str, int]

    def text(self, path: str) -> str:
        return self.files[path].decode("utf-8")


# ------------------------------------------------------------------ the two hosts

_APP_PY = '''"""Daon Market web app ({version})."""
from flask import Flask, render_template

app = Flask(__name__)
VERSION = "{version}"


@app.get("/")
def index():
    return render_template("index.html", version=VERSION)
'''
_START_SH = "#!/bin/bash\n# start the web app ({version})\ncd \"$(dirname \"$0\")/..\" && exec gunicorn app:app --workers {workers}\n"
_SCRIPT = "#!/bin/bash\n# {name}: part of release {version}\nset -euo pipefail\necho \"{name} done\"\n"
SCRIPTS = ("migrate", "warmup", "rotate-logs", "healthcheck", "reindex")
SECRETS = ("db", "payment", "kakao", "s3", "smtp")


def _secret(rng: random.Random, name: str) -> str:
    return f"DAON_{name.upper()}_TOKEN={rng.randbytes(12).hex()}\n"


def _hosts(rng: random.Random) -> tuple[dict[str, str | bytes], dict[str, int], dict[str, int]]:
    new, old = f"2026.03.{rng.randrange(1, 14)}", f"2026.02.{rng.randrange(1, 20)}"
    scripts = ["start"] + sorted(rng.sample(SCRIPTS, rng.randrange(1, 4)))
    secrets = sorted(rng.sample(SECRETS, rng.randrange(1, 3)))
    pages = sorted(rng.sample(("product", "cart", "search", "event"), rng.randrange(1, 4)))
    mails = sorted(rng.sample(("welcome", "order-shipped", "password-reset"), rng.randrange(1, 3)))
    n_logs = rng.randrange(1, 4)
    files: dict[str, str | bytes] = {}
    modes: dict[str, int] = {}

    def add(path: str, content: str | bytes, mode: int = 0o644) -> None:
        files[path] = content
        modes[path] = mode

    for host, version in ((WEB1, new), (WEB2, old)):
        ours = host == WEB1
        add(f"{host}/app.py", _APP_PY.format(version=version))
        add(f"{host}/requirements.txt", "flask==3.1.1\ngunicorn==23.0.0\n" + ("orjson==3.10.15\n" if ours else ""))
        for s in (scripts if ours else scripts[:2]):
            text = (_START_SH.format(version=version, workers=rng.choice((2, 4, 8))) if s == "start"
                    else _SCRIPT.format(name=s, version=version))
            # web-02 was set up with plain `cp`: its scripts lost their execute bits
            add(f"{host}/bin/{s}.sh", text, 0o755 if ours else 0o644)
        add(f"{host}/config/settings.toml", f'[app]\nversion = "{version}"\nworkers = {rng.choice((2, 4))}\n')
        # the secrets: each host has its own; web-01's are private, web-02's readable by everyone
        add(f"{host}/.env", _secret(rng, "app"), 0o600 if ours else 0o644)
        for name in secrets:
            add(f"{host}/config/{name}.env", _secret(rng, name), 0o600 if ours else 0o644)
        add(f"{host}/.env.example", "DAON_APP_TOKEN=\n" + "".join(f"DAON_{n.upper()}_TOKEN=\n" for n in secrets))
        add(f"{host}/templates/index.html", "<h1>Daon Market</h1>\n<p>{{ version }}</p>\n")
        for page in (pages if ours else pages[:1]):
            add(f"{host}/templates/{page}.html", f"<h1>{page}</h1>\n<!-- {version} -->\n")
        add(f"{host}/logs/app.log", "".join(f"2026-03-{d:02d} 0{rng.randrange(10)}:00:00 INFO {host[6:12]} up\n"
                                            for d in range(1, rng.randrange(5, 15))))
        add(f"{host}/__pycache__/app.cpython-311.pyc", b"\xa7\r\r\n" + rng.randbytes(rng.randrange(200, 400)))
    # only on web-01: its e-mail templates (a folder web-02 lacks), more logs (one outside logs/) and caches
    for mail in mails:
        add(f"{WEB1}/templates/emails/{mail}.html", f"<p>{mail}</p>\n")
    for k in range(n_logs):
        add(f"{WEB1}/logs/access-2026-03-{8 + k:02d}.log", f"GET / 200 {rng.randrange(900, 9000)}\n" * 3)
    add(f"{WEB1}/debug.log", f"DEBUG warmup {rng.randrange(10**6)}\n")
    add(f"{WEB1}/config/__pycache__/settings.cpython-311.pyc", b"\xa7\r\r\n" + rng.randbytes(150))
    add(f"{WEB1}/static/css/main.{rng.randbytes(3).hex()}.css", "body { font-family: 'Noto Sans KR'; }\n")
    # only on web-02: its own settings for the standby, and its model of the release before
    add(f"{WEB2}/local.conf", "[standby]\nrole = standby\npeer = web-01\n")
    add(f"{WEB2}/model/churn-{old}.onnx", b"ONNX" + rng.randbytes(300))
    add(f"{WEB1}/model/churn-{new}.onnx", b"ONNX" + rng.randbytes(300))
    # web-02's index page has web-01's content: the same size, an older time (a sync updates its time)
    files[f"{WEB2}/templates/index.html"] = files[f"{WEB1}/templates/index.html"]
    times = {}
    for i, path in enumerate(sorted(files)):
        base = _RELEASE if path.startswith(WEB1) else _OLD
        times[path] = int((base + dt.timedelta(minutes=7 * i)).timestamp())
    return files, modes, times


# ------------------------------------------------------------------ the crontab

CRON_JOBS = (
    ("{m} * * * *", "/srv/daon/bin/collect-metrics.sh"),
    ("{m} {h} * * 0", "/srv/daon/bin/rotate-logs.sh >> /srv/daon/logs/rotate.log 2>&1"),
    ("*/15 * * * *", "/srv/daon/bin/healthcheck.sh > /dev/null 2>&1"),
    ("{m} {h} 1 * *", "/srv/daon/venv/bin/python /srv/daon/ml/monthly_report.py"),
    ("{m} {h} * * 1-5", "/srv/daon/bin/export-orders.sh >> /srv/daon/logs/export.log 2>&1"),
    ("{m} {h} * * *", "/srv/daon/venv/bin/python /srv/daon/ml/retrain.py --config /srv/daon/config/train.yaml"),
)


def crontab(rng: random.Random) -> str:
    jobs = rng.sample(CRON_JOBS, rng.randrange(2, 5))
    lines = ["# crontab of this server, kept in git: `crontab config/crontab` installs it",
             "SHELL=/bin/bash", "MAILTO=ml-team@daonmarket.kr", "",
             "# m  h  dom mon dow  command"]
    for when, command in jobs:
        lines.append(f"{when.format(m=rng.randrange(60), h=rng.randrange(24))} {command}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the model API

SERVE_PY = r'''#!/usr/bin/env python3
"""The churn model's API on this server (a stand-in: the scores are made up, the HTTP is real).

    python3 ml/serve.py                      listens on 127.0.0.1, on a free port, and prints its address
    python3 ml/serve.py --port-file FILE     also writes the port to FILE

    GET  /health        {{"status": "ok", ...}}
    POST /v1/predict    a JSON body {{"customer_id": 1042}} (Content-Type: application/json)
                        -> {{"customer_id": 1042, "churn_score": 0.8731, "risk": "high", "model_version": ...}}
"""
import hashlib
import http.server
import json
import os
import sys

SEED = {seed}
MODEL = "{model}"


def score(customer_id):
    digest = hashlib.sha256(f"{{SEED}}:{{customer_id}}".encode()).hexdigest()
    value = round(int(digest[:8], 16) / 2**32, 4)
    return value, "high" if value >= 0.7 else "medium" if value >= 0.4 else "low"


class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = (json.dumps(body) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            return self.reply(200, {{"status": "ok", "model_version": MODEL}})
        if self.path.split("?")[0] == "/v1/predict":
            return self.reply(405, {{"detail": "method not allowed: use POST"}})
        return self.reply(404, {{"detail": "not found"}})

    def do_POST(self):
        if self.path != "/v1/predict":
            return self.reply(404, {{"detail": "not found"}})
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get_content_type() != "application/json":
            return self.reply(415, {{"detail": "send the body as JSON, with Content-Type: application/json"}})
        try:
            body = json.loads(raw)
        except ValueError:
            return self.reply(422, {{"detail": "the body is not JSON"}})
        cid = body.get("customer_id") if isinstance(body, dict) else None
        if type(cid) is not int:
            return self.reply(422, {{"detail": "customer_id must be a whole number"}})
        if not 1 <= cid <= 1500:
            return self.reply(404, {{"detail": "unknown customer"}})
        value, risk = score(cid)
        return self.reply(200, {{"customer_id": cid, "churn_score": value, "risk": risk, "model_version": MODEL}})

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


def main():
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    if "--port-file" in sys.argv:
        path = sys.argv[sys.argv.index("--port-file") + 1]
        with open(path + ".tmp", "w") as f:
            f.write(f"{{port}}\n")
        os.replace(path + ".tmp", path)
    print(f"serving on http://127.0.0.1:{{port}}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
'''


def api_score(seed: int, customer_id: int) -> tuple[float, str]:
    """What ``ml/serve.py`` of ``seed`` answers for a customer (its score and risk band)."""
    digest = hashlib.sha256(f"{seed}:{customer_id}".encode()).hexdigest()
    value = round(int(digest[:8], 16) / 2**32, 4)
    return value, "high" if value >= 0.7 else "medium" if value >= 0.4 else "low"


def api_log(rng: random.Random, model: str) -> str:
    """A week of the API's requests, one JSON object per line, in time order. Planted on every seed,
    around SLOW_MS on SLOW_PATH: a request of exactly 800 ms, one of 800.4 ms, a slow one that failed
    (503), a slow /health and a slow /v1/predict/batch."""
    start = dt.datetime(2026, 3, 9, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    n = rng.randrange(220, 320)
    stamps = sorted(rng.randrange(7 * 86400) for _ in range(n + 5))
    planted = {  # position -> (path, status, latency)
        k: case for k, case in zip(rng.sample(range(n + 5), 5), [
            (SLOW_PATH, 200, float(SLOW_MS)), (SLOW_PATH, 200, SLOW_MS + 0.4), (SLOW_PATH, 503, rng.uniform(2000, 5000)),
            ("/health", 200, rng.uniform(900, 1500)), ("/v1/predict/batch", 200, rng.uniform(1500, 9000))])}
    lines = []
    for k, t in enumerate(stamps):
        if k in planted:
            path, status, latency = planted[k]
        else:
            r = rng.random()
            path = "/health" if r < 0.25 else "/v1/predict/batch" if r < 0.32 else SLOW_PATH
            status = 200 if rng.random() > 0.04 else rng.choice((422, 500, 503))
            latency = rng.lognormvariate(5.0, 0.6) if path != "/v1/predict/batch" else rng.uniform(400, 3000)
            if path == SLOW_PATH and rng.random() < 0.04:
                latency = rng.uniform(850, 2500)       # the slow tail
            latency = round(latency, 1)
            if abs(latency - SLOW_MS) < 1:
                latency += 3.0
        entry = {"ts": (start + dt.timedelta(seconds=t)).isoformat(), "request_id": f"req-{rng.randbytes(4).hex()}",
                 "method": "GET" if path == "/health" else "POST", "path": path}
        if path == SLOW_PATH:
            entry["customer_id"] = rng.randrange(1, 1501)
        entry.update(status=status, latency_ms=round(latency, 1), model_version=model)
        lines.append(json.dumps(entry, ensure_ascii=False))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the partner's export

DISTRICTS = ("강남", "서초", "마포", "송파", "해운대", "수성", "유성", "분당", "일산", "동래", "연수", "광산")
SHOPS = ("베이커리", "키친", "플라워", "문구", "카페", "정육점", "반찬가게", "꽃집")
ODD_NAMES = ("{c}방각하 {s}", "{c}복한 {s}", "{c}스 {s}", "{c} {s}")


def stores_export(rng: random.Random) -> bytes:
    """The partner's store list as Excel on Windows saves it: CP949, CR LF. At least two names hold a
    syllable of CP949 that EUC-KR lacks."""
    odd = rng.sample(CP949_ONLY, 2)
    rows = ["store_id,name,district,phone,opened"]
    n = rng.randrange(12, 25)
    odd_rows = set(rng.sample(range(n), 2))
    for i in range(n):
        shop, district = rng.choice(SHOPS), rng.choice(DISTRICTS)
        name = (rng.choice(ODD_NAMES).format(c=odd.pop(), s=shop) if i in odd_rows else f"다온 {district} {shop}")
        rows.append(f"S{1000 + i * 7 + rng.randrange(7)},{name},{district},"
                    f"02-{rng.randrange(200, 999)}-{rng.randrange(1000, 9999)},2025-{rng.randrange(1, 13):02d}-01")
    return ("\r\n".join(rows) + "\r\n").encode("cp949")


# ------------------------------------------------------------------ the whole set

@functools.lru_cache(maxsize=48)
def ops_files(seed: int = 0) -> OpsFiles:
    """The operations files of ``seed``. Planted on every seed: on web-01 a `.log` outside logs/, a
    __pycache__ inside config/, a folder web-02 lacks (templates/emails/) and one to three secrets
    files besides `.env` (config/NAME.env); on web-02 a file only it has (local.conf), its own secrets,
    scripts without execute bits and secrets readable by everyone; a `.env.example` on both."""
    rng = random.Random(f"ops-{seed}")
    files, modes, mtimes = _hosts(rng)
    model = f"churn-{rng.randrange(16**4):04x}"
    files[CRONTAB] = crontab(rng)
    files[API_SCRIPT] = SERVE_PY.format(seed=seed, model=model)
    files[API_LOG] = api_log(rng, model)
    files[EXPORT] = stores_export(rng)
    for path in (CRONTAB, API_SCRIPT, API_LOG, EXPORT):
        modes[path] = 0o755 if path == API_SCRIPT else 0o644
        mtimes[path] = int(_DATA.timestamp())
    out = {p: (c.encode("utf-8") if isinstance(c, str) else c) for p, c in sorted(files.items())}
    for path in list(out):   # the folders of its own (hosts/, inbox/): 755
        parts = path.split("/")[:-1]
        for k in range(1, len(parts) + 1):
            if parts[0] in ("hosts", "inbox"):
                modes.setdefault("/".join(parts[:k]) + "/", 0o755)
    return OpsFiles(out, dict(sorted(modes.items())), mtimes)


def write(seed: int, dest: str | Path) -> None:
    """Write the operations files of ``seed`` into the server folder ``dest``, with their permissions
    and modification times (folders: their permissions)."""
    ops = ops_files(seed)
    dest = Path(dest)
    for rel, data in ops.files.items():
        p = dest / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        os.chmod(p, ops.modes[rel])
        os.utime(p, (ops.mtimes[rel], ops.mtimes[rel]))
    for rel, mode in ops.modes.items():
        if rel.endswith("/"):
            os.chmod(dest / rel, mode)


_API: dict = {}


def start_api(server_folder: str | Path, timeout: float = 10.0) -> str:
    """Start ``ml/serve.py`` of a playground copy (``server.playground``) for this kernel, stopping the
    one it started before, and return its address (``http://127.0.0.1:PORT``). It stops with the kernel."""
    import atexit
    import subprocess
    import sys
    import tempfile
    import time

    old = _API.pop("process", None)
    if old is not None:
        old.terminate()
        old.wait(timeout=5)
    # the server writes its port into a file of a folder of its own, removed once the port is read
    with tempfile.TemporaryDirectory(prefix="daon-api-") as folder:
        port_file = Path(folder) / "port"
        proc = subprocess.Popen([sys.executable, "-I", "-S", API_SCRIPT, "--port-file", str(port_file)],
                                cwd=server_folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _API["process"] = proc
        if not _API.get("registered"):
            atexit.register(lambda: _API.get("process") and _API["process"].terminate())
            _API["registered"] = True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            port = port_file.read_text().strip() if port_file.exists() else ""
            if port:
                return f"http://127.0.0.1:{port}"
            if proc.poll() is not None:
                break
            time.sleep(0.02)
    raise RuntimeError(f"the model API of {server_folder} did not start (python3 {API_SCRIPT})")
