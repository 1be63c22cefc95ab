"""Benchmark of warm kernels (not a timed test): per assignment, the time to
grade a class of solution notebooks with warm kernels (forked from the
zygote), with cold ones (``SandboxKernelManager.warm = False``), and one bare
nbclient run of the solution notebook, taken in turns in one run (the
machine is shared: only ratios within a run count).

    .venv/bin/python bench/bench_warm.py --students 4 --rounds 3 --assignment 00_orientation
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_grader import _execute, fresh_course  # noqa: E402

from workbook.course import layout as course  # noqa: E402
from workbook.grading import runner as grader  # noqa: E402


def grade(root: Path, a: str, jobs: int) -> float:
    start = time.monotonic()
    with grader.WorkerPool(jobs) as pool:
        res = grader.autograde(root, a, jobs=jobs, force=True, progress=False, log=lambda *x: None,
                               reference=False, pool=pool)
    bad = [r for r in res if r.status != "graded"]
    if bad:
        raise SystemExit(f"{a}: {len(bad)} submission(s) not graded: {bad[0]}")
    return time.monotonic() - start


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--assignment", action="append")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "warm.json"))
    args = ap.parse_args(argv)
    from jupyter_client.manager import AsyncKernelManager
    assignments = args.assignment or course.assignments(REPO)
    results: dict = {"students": args.students, "jobs": args.jobs, "rounds": args.rounds,
                     "load_before": os.getloadavg(), "assignments": {}}
    with tempfile.TemporaryDirectory(prefix="wb-bench-warm-") as tmp:
        base = Path(tmp)
        for a in assignments:
            warm = fresh_course(base, f"warm-{a}", [a], args.students, ["full"])
            cold = fresh_course(base, f"cold-{a}", [a], args.students, ["full"],
                                "c.SandboxKernelManager.warm = False")
            nbs = course.notebooks(REPO, a)
            work = base / f"bare-{a}"
            import shutil
            shutil.copytree(nbs[0].parent, work)
            _execute(work / nbs[0].name, work, AsyncKernelManager)   # the data cache and the disk cache
            w, c, b = [], [], []
            for _ in range(args.rounds):
                w.append(grade(warm, a, args.jobs) / args.students)
                c.append(grade(cold, a, args.jobs) / args.students)
                b.append(sum(_execute(work / p.name, work, AsyncKernelManager) for p in nbs))
            mw, mc, mb = (statistics.median(x) for x in (w, c, b))
            results["assignments"][a] = {"warm_s": round(mw, 2), "cold_s": round(mc, 2), "bare_s": round(mb, 2),
                                         "warm_per_bare": round(mw / mb, 2), "cold_per_bare": round(mc / mb, 2),
                                         "warm_per_cold": round(mw / mc, 2)}
            print(f"{a}: per submission warm {mw:.2f} s, cold {mc:.2f} s; one bare run {mb:.2f} s; "
                  f"warm/bare {mw / mb:.2f}x, cold/bare {mc / mb:.2f}x, warm/cold {mw / mc:.2f}x", flush=True)
    results["load_after"] = os.getloadavg()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"load average before/after: {results['load_before'][0]:.1f} / {results['load_after'][0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
