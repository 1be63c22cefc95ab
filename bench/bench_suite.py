"""Benchmark of the test suite (not a timed test): where `make test`'s time goes.

Runs the suite as `make test` does (``pytest -n JOBS --dist loadgroup``; with
``--fast``, as `make test-fast` does: ``-m "not slow"``), with the plugin
bench/suite_plugin.py, and samples the system's CPU (/proc/stat) while it
runs. Prints:

* the wall time, the CPU time the whole machine spent meanwhile and the
  share of it the cores sat idle (a suite bound by the CPU leaves none);
* the CPU time a run within the issue's target (20 minutes for `make test`,
  5 for `make test-fast`) could have on these cores, against what this run
  used;
* per test file, and for the slowest tests, the wall time summed over the
  workers and the CPU time their processes and the children they waited for
  spent (a kernel forked by a process the test did not wait for is missed:
  the system-wide figure is the total);
* the idle share per minute, which shows a tail where workers wait for the
  last long test.

    .venv/bin/python bench/bench_suite.py [--fast] [--jobs 3] [--top 25] [-- PYTEST ARGS]

The suite runs in this clone: do not edit it meanwhile (copy it first).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
TARGET_S = {"test": 20 * 60, "test-fast": 5 * 60}   # issue 26: within 20 and 5 minutes on 2 cores


def cpu_ticks() -> tuple[int, int]:
    """(busy, idle) jiffies of the whole machine since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)   # idle + iowait
    return sum(fields[:8]) - idle, idle


class Sampler:
    """/proc/stat every ``every`` seconds, in a thread."""

    def __init__(self, every: float = 5.0):
        self.every, self.samples, self.stop = every, [(time.time(), *cpu_ticks())], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.wait(self.every):
            self.samples.append((time.time(), *cpu_ticks()))

    def close(self):
        self.stop.set()
        self.thread.join()
        self.samples.append((time.time(), *cpu_ticks()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fast", action="store_true", help='`make test-fast`: -m "not slow"')
    ap.add_argument("--jobs", type=int, default=(os.cpu_count() or 1) + 1, help="pytest workers (make: cores + 1)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "suite.json"))
    ap.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    a = ap.parse_args()

    hz = os.sysconf("SC_CLK_TCK")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="wb-bench-suite-") as tmp:
        cmd = [sys.executable, "-m", "pytest", "-n", str(a.jobs), "-p", "suite_plugin", "-p", "no:cacheprovider",
               "-q"]
        cmd += ["-m", "not slow"] if a.fast else ["--dist", "loadgroup"]
        cmd += a.pytest_args
        env = dict(os.environ, BENCH_SUITE_DIR=tmp,
                   PYTHONPATH=os.pathsep.join([str(HERE), *filter(None, [os.environ.get("PYTHONPATH")])]))
        print("$ " + " ".join(cmd), flush=True)
        sampler = Sampler()
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
        wall = time.monotonic() - start
        sampler.close()
        rows = [json.loads(line) for p in Path(tmp).glob("phases-*.jsonl") for line in p.read_text().splitlines()]
    summary_line = next((ln for ln in reversed(proc.stdout.splitlines()) if " in " in ln and "==" in ln),
                        proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "")
    print(summary_line)
    if proc.returncode != 0:
        print(proc.stdout[-3000:] + proc.stderr[-2000:])

    s0, s1 = sampler.samples[0], sampler.samples[-1]
    busy = (s1[1] - s0[1]) / hz
    idle = (s1[2] - s0[2]) / hz
    print(f"\nwall {wall / 60:.1f} min ({wall:.0f} s) with {a.jobs} workers on {cores} cores")
    print(f"the machine's CPU meanwhile: {busy:.0f} CPU-s busy, idle {100 * idle / max(busy + idle, 1e-9):.1f} %")
    target = TARGET_S["test-fast" if a.fast else "test"]
    budget = target * cores
    print(f"a {target // 60}-minute run has at most {budget} CPU-s on {cores} cores: this run used "
          f"{busy / budget:.2f}x that")

    by_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    by_test: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        f = r["test"].split("::")[0]
        for d in (by_file[f], by_test[r["test"]]):
            d[0] += r["stop"] - r["start"]
            d[1] += r["cpu"]
    counted = sum(v[1] for v in by_file.values())
    print(f"\nper test file (wall summed over workers, CPU of the tests' processes: {counted:.0f} CPU-s counted "
          f"of {busy:.0f})")
    print(f"{'wall s':>8} {'CPU s':>8}  file")
    for f, (w, c) in sorted(by_file.items(), key=lambda kv: -kv[1][1])[:a.top]:
        print(f"{w:8.0f} {c:8.0f}  {f}")
    print("\nslowest tests (setup, call and teardown together)")
    print(f"{'wall s':>8} {'CPU s':>8}  test")
    for t, (w, c) in sorted(by_test.items(), key=lambda kv: -kv[1][0])[:a.top]:
        print(f"{w:8.0f} {c:8.0f}  {t[:150]}")

    minutes = []
    samples = sampler.samples
    for i in range(1, len(samples)):
        (_, b0, i0), (t1, b1, i1) = samples[i - 1], samples[i]
        minute = int((t1 - samples[0][0]) // 60)
        while len(minutes) <= minute:
            minutes.append([0, 0])
        minutes[minute][0] += b1 - b0
        minutes[minute][1] += i1 - i0
    idle_per_minute = [round(100 * i / max(b + i, 1)) for b, i in minutes]
    print("\nidle % per minute: " + " ".join(map(str, idle_per_minute)))

    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "command": cmd, "returncode": proc.returncode, "summary": summary_line, "wall_s": round(wall, 1),
        "jobs": a.jobs, "cores": cores, "busy_cpu_s": round(busy), "idle_share": round(idle / max(busy + idle, 1e-9), 3),
        "target_s": target, "budget_cpu_s": budget, "idle_percent_per_minute": idle_per_minute,
        "files": {f: {"wall_s": round(w, 1), "cpu_s": round(c, 1)} for f, (w, c) in by_file.items()},
        "tests": {t: {"wall_s": round(w, 1), "cpu_s": round(c, 1)} for t, (w, c) in by_test.items()},
    }, indent=1))
    print(f"results in {out}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
