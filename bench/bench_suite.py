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
  last long test;
* with ``--accounting`` (root, and the acct package: accton, dump-acct), the
  CPU time of every process that ended during the run, by command (the
  kernel's BSD process accounting): what the plugin misses (kernels forked
  by zygotes, Spark's JVMs, nbgrader's ``alembic``, Chromium) by name. It
  turns the machine's process accounting off at the end.

    .venv/bin/python bench/bench_suite.py [--fast] [--jobs 3] [--top 25] [--accounting] [-- PYTEST ARGS]

The suite runs in this clone: do not edit it meanwhile (copy it first).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
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


AHZ = 100
"""The unit of the process accounting file's CPU times (the kernel's AHZ: 100 per second on Linux)."""
NO_ACCT = "--accounting needs the acct package (accton, dump-acct): sudo apt-get install -y acct"


class Accounting:
    """The kernel's process accounting (acct(2)) into ``path`` while the suite runs: one record per process
    that ends, with its command's name and CPU time, whoever started it."""

    def __init__(self, path: Path):
        self.path, self.accton = path, shutil.which("accton")
        if self.accton is None or shutil.which("dump-acct") is None:
            sys.exit(NO_ACCT)
        path.touch()
        r = subprocess.run([self.accton, str(path)], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"accton could not turn process accounting on (it needs root): {(r.stderr or r.stdout).strip()}")

    def close(self) -> dict[str, list[float]]:
        """Turns accounting off; {command: [CPU seconds, processes]}, a process forked without an exec
        (a kernel forked by a zygote, a mutant's child) as "COMMAND (forked)"."""
        subprocess.run([self.accton, "off"], capture_output=True)
        out = subprocess.run(["dump-acct", str(self.path)], capture_output=True, text=True, check=True).stdout
        by: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
        for line in out.splitlines():
            f = [x.strip() for x in line.split("|")]
            if len(f) < 12:
                continue
            name = f[0] + (" (forked)" if "F" in f[11] else "")
            by[name][0] += (float(f[2]) + float(f[3])) / AHZ
            by[name][1] += 1
        return dict(by)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fast", action="store_true", help='`make test-fast`: -m "not slow"')
    ap.add_argument("--jobs", type=int, default=(os.cpu_count() or 1) + 1, help="pytest workers (make: cores + 1)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "suite.json"))
    ap.add_argument("--accounting", action="store_true",
                    help="the CPU time of every process that ended, by command (root, the acct package)")
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
        acct = Accounting(Path(tmp) / "pacct") if a.accounting else None
        sampler = Sampler()
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
        finally:
            by_command = acct.close() if acct is not None else {}
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

    if by_command:
        total = sum(c for c, _ in by_command.values())
        print(f"\nper command (process accounting: {total:.0f} CPU-s of the processes that ended, of {busy:.0f})")
        print(f"{'CPU s':>8} {'procs':>7}  command")
        for name, (c, n) in sorted(by_command.items(), key=lambda kv: -kv[1][0])[:a.top]:
            print(f"{c:8.0f} {n:7d}  {name}")

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
        "commands": {k: {"cpu_s": round(c, 1), "processes": n} for k, (c, n) in by_command.items()},
    }, indent=1))
    print(f"results in {out}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
