"""Benchmark of the churn service of 07_ml_service (not a timed test).

The instructor's app (workbook.authoring.serving_demo: the source notebook's
own create_app, the production artifact) runs with uvicorn in a subprocess on
127.0.0.1, a free port; ``concurrency`` threads with httpx clients send
``requests`` POST /predict per body size (one customer, a batch of ``batch``
customers of the validation month), after a short warm-up. It prints the
requests per second and the p50/p95 latency of each body size and writes
them to bench/results/serving.json. Loopback traffic only; it stops by
itself.

    .venv/bin/python bench/run.py serving --requests 1000 --concurrency 4
"""
from __future__ import annotations

import argparse
import json
import os
import selectors
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbook.data.serving import FEATURES, VALID_CUTOFF, snapshot  # noqa: E402

WARMUP = 20


def start_server(timeout: float = 180) -> tuple[subprocess.Popen, str]:
    """The service in a subprocess; its first line of output is its URL."""
    proc = subprocess.Popen([sys.executable, "-m", "workbook.authoring.serving_demo", "--port", "0"], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        url = proc.stdout.readline().strip() if sel.select(timeout) else ""
    if not url.startswith("http://127.0.0.1:"):
        stop_server(proc)
        raise RuntimeError(f"the service did not start in {timeout:.0f} s")
    return proc, url


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()  # SIGTERM: uvicorn shuts down, the notebook's temporary folder is removed
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def load(url: str, bodies: list[dict], requests: int, concurrency: int) -> dict:
    """Send ``requests`` POST /predict (cycling through ``bodies``) from
    ``concurrency`` threads; requests per second and latency percentiles."""
    def worker(k: int) -> tuple[list[float], int]:
        latencies, errors = [], 0
        with httpx.Client(base_url=url, trust_env=False, timeout=30) as client:  # trust_env: never a proxy
            for i in range(k, requests, concurrency):
                body = bodies[i % len(bodies)]
                start = time.perf_counter()
                r = client.post("/predict", json=body)
                latencies.append(time.perf_counter() - start)
                errors += r.status_code != 200 or len(r.json()["predictions"]) != len(body["customers"])
        return latencies, errors

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, range(concurrency)))
    wall = time.perf_counter() - start
    latencies = sorted(t for lat, _ in results for t in lat)
    pct = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"requests": requests, "errors": sum(e for _, e in results), "seconds": round(wall, 2),
            "rps": round(requests / wall, 1), "p50_ms": round(1000 * pct[49], 2), "p95_ms": round(1000 * pct[94], 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=1000, help="POST /predict per body size")
    ap.add_argument("--concurrency", type=int, default=4, help="client threads")
    ap.add_argument("--batch", type=int, default=32, help="customers in the batch body")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "serving.json"))
    args = ap.parse_args(argv)
    customers = snapshot(seed=0, cutoff=VALID_CUTOFF)[["customer_id", *FEATURES]].to_dict("records")
    sizes = {1: [{"customers": [c]} for c in customers],
             args.batch: [{"customers": customers[i:i + args.batch]}
                          for i in range(0, len(customers) - args.batch + 1, args.batch)]}
    results: dict = {"concurrency": args.concurrency, "cpus": os.cpu_count(), "load_before": os.getloadavg(),
                     "sizes": {}}
    proc, url = start_server()
    try:
        print(f"service at {url}; {args.requests} POST /predict per body size, {args.concurrency} client threads")
        for size, bodies in sizes.items():
            load(url, bodies, WARMUP, 1)
            r = results["sizes"][str(size)] = load(url, bodies, args.requests, args.concurrency)
            print(f"{size:3d} customer(s) per request: {r['rps']:7.1f} requests/s ({r['rps'] * size:8.1f} "
                  f"customers/s), p50 {r['p50_ms']:6.1f} ms, p95 {r['p95_ms']:6.1f} ms, {r['errors']} errors")
    finally:
        stop_server(proc)
    results["load_after"] = os.getloadavg()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"load average before/after: {results['load_before'][0]:.1f} / {results['load_after'][0]:.1f} "
          f"on {results['cpus']} CPUs (client and server share them); results in "
          f"{out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    return 1 if any(r["errors"] for r in results["sizes"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
