"""Benchmark of the command runner (not a timed test), alternately in one run:

* the wall time of a command of 20 to 150 ms run by
  ``workbook.checks.command.spawn``, woken by a pidfd, against the same
  command waited for with ``Popen.wait(timeout)`` (polling sleeps that grow
  to 50 ms);
* the same commands in the judge's jail (``Jail.command``): its launcher
  woken by a pidfd, against the same launcher polling every 20 ms (its
  fallback without pidfd);
* ``syntax_error`` asked the same text again (cached) against the first time.

    .venv/bin/python bench/bench_commands.py --runs 60
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbook.checks import command  # noqa: E402

DURATIONS = [0.02 + 0.13 * k / 12 for k in range(13)]   # a short git command's order of magnitude

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "commands.json"))
    args = ap.parse_args(argv)
    a, b = [], []
    for i in range(args.runs):
        argv = ["sleep", f"{DURATIONS[i % len(DURATIONS)]:.3f}"]
        t = time.perf_counter()
        command.spawn(argv, "/", {"PATH": "/usr/bin:/bin"}, 10)
        a.append(time.perf_counter() - t)
        t = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        p.wait(timeout=10)
        b.append(time.perf_counter() - t)
    from workbook.grading.jail import Jail
    jail = Jail()
    j_pidfd, j_polled = [], []
    for i in range(args.runs // 2):
        secs = DURATIONS[i % len(DURATIONS)]
        argv = jail.command(["sleep", f"{secs:.3f}"], [])
        polled = list(argv)
        k = next(n for n, part in enumerate(polled) if "os.pidfd_open(pid)" in part)
        polled[k] = polled[k].replace("ended.register(os.pidfd_open(pid), select.POLLIN)", "raise OSError")
        pair = ((argv, j_pidfd), (polled, j_polled))
        for variant, times in (pair if i % 2 == 0 else pair[::-1]):   # alternate which goes first
            t = time.perf_counter()
            command.spawn(variant, "/", {"PATH": "/usr/bin:/bin"}, 30)
            times.append(time.perf_counter() - t - secs)
    first = time.perf_counter()
    command.syntax_error("git log --oneline -n 3 | cat")
    first = time.perf_counter() - first
    again = time.perf_counter()
    command.syntax_error("git log --oneline -n 3 | cat")
    again = time.perf_counter() - again
    res = {"runs": args.runs, "spawn_pidfd_ms": round(1000 * statistics.mean(a), 1),
           "popen_wait_timeout_ms": round(1000 * statistics.mean(b), 1),
           "ratio": round(statistics.mean(a) / statistics.mean(b), 2),
           "jail_overhead_pidfd_ms": round(1000 * statistics.mean(j_pidfd), 1),
           "jail_overhead_polled_ms": round(1000 * statistics.mean(j_polled), 1),
           "syntax_first_ms": round(1000 * first, 2), "syntax_cached_ms": round(1000 * again, 3)}
    print(json.dumps(res))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=1))
    return 0

if __name__ == "__main__":
    sys.exit(main())
