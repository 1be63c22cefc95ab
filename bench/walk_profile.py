"""Where an assignment's in-process walk (``mutants.walk``: its mutants and
its answer variants, tests/test_mutants.py and tests/test_course.py's
each-wrong-answer test) spends its CPU: per phase (the notebook's own run,
the mutants of each exercise, the variants of each answer) and, inside the
forked children, per cell.

    .venv/bin/python bench/walk_profile.py 07_ml_service [--top 30] [--no-mutants]

Every process of the walk (this one and each forked child) appends one line
per cell it runs to a file of its own: the cell's place, the CPU seconds of
the process meanwhile (``time.process_time``: the process's own threads, not
the programs it starts; run the whole under bench/cpu.py for those) and
whether it ran in a mutant's or a variant's child. Instrumentation only: the
walk's verdicts are the same.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("assignment")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--no-mutants", action="store_true", help="the variants alone (mutate=False)")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()

    import round_trip
    from conftest import load_answers
    from workbook.authoring import mutants

    log_dir = Path(tempfile.mkdtemp(prefix="wb-walk-profile-"))
    state = {"phase": "notebook", "pid": None, "f": None}

    def out():
        if state["pid"] != os.getpid():
            state["pid"], state["f"] = os.getpid(), open(log_dir / f"{os.getpid()}.jsonl", "a", buffering=1)
        return state["f"]

    orig_run = mutants._Harness.run

    def run(self, source, ns=None):
        c0, w0 = time.process_time(), time.monotonic()
        try:
            return orig_run(self, source, ns)
        finally:
            first = next((ln for ln in source.splitlines() if ln.strip() and not ln.startswith("#")), "")[:70]
            out().write(json.dumps({"phase": state["phase"], "cell": first, "cpu": time.process_time() - c0,
                                    "wall": time.monotonic() - w0}) + "\n")

    mutants._Harness.run = run

    orig_mutate, orig_variants = mutants._mutate, mutants._run_variants

    def mutate(h, assignment, ex, *rest, **kw):
        state["phase"] = f"mutants {ex.grade_id}"
        try:
            return orig_mutate(h, assignment, ex, *rest, **kw)
        finally:
            state["phase"] = "notebook"

    def run_variants(h, gid, items, *rest, **kw):
        state["phase"] = f"variants {gid}"
        try:
            return orig_variants(h, gid, items, *rest, **kw)
        finally:
            state["phase"] = "notebook"

    mutants._mutate, mutants._run_variants = mutate, run_variants

    orig_child = mutants._variant_child

    def child(h, code, rest, *more, **kw):
        state["phase"] += f" #{abs(hash(code)) % 10000:04d}"
        c0 = time.process_time()
        try:
            return orig_child(h, code, rest, *more, **kw)
        finally:
            out().write(json.dumps({"phase": state["phase"], "cell": "<whole variant>",
                                    "cpu": time.process_time() - c0, "wall": 0}) + "\n")

    mutants._variant_child = child

    specs = load_answers(REPO, a.assignment)
    wrong = {gid: [round_trip.code(x) for x in spec.get("wrong", [])] for gid, spec in specs.items()}
    codes = {gid: wrong[gid] + [round_trip.code(x) for x in spec.get("alternatives", [])]
             for gid, spec in specs.items() if spec.get("wrong") or spec.get("alternatives")}
    c0, w0 = os.times(), time.monotonic()
    rep, variants = mutants.walk(REPO, a.assignment, jobs=a.jobs, log=lambda *x: None, variants=codes,
                                 mutate=not a.no_mutants)
    c1 = os.times()
    rows = [json.loads(line) for p in log_dir.glob("*.jsonl") for line in p.read_text().splitlines()]
    by_phase, by_cell, per_variant = defaultdict(float), defaultdict(lambda: [0.0, 0]), defaultdict(float)
    for r in rows:
        if r["cell"] == "<whole variant>":
            per_variant[r["phase"]] += r["cpu"]
            continue
        ph = r["phase"].split(" #")[0]
        by_phase[ph] += r["cpu"]
        key = (ph.split(" ")[0], r["cell"])
        by_cell[key][0] += r["cpu"]
        by_cell[key][1] += 1
    print(f"walk of {a.assignment}: wall {time.monotonic() - w0:.0f} s; this process {c1.user - c0.user + c1.system - c0.system:.0f} CPU-s, "
          f"its waited children {c1.children_user - c0.children_user + c1.children_system - c0.children_system:.0f} CPU-s; "
          f"{len(rep.mutants)} mutants, {len(variants)} variants; cells timed: {sum(v for v in by_phase.values()):.0f} CPU-s")
    print("\nper phase (CPU-s of the cells run)")
    for ph, c in sorted(by_phase.items(), key=lambda kv: -kv[1])[:a.top]:
        print(f"{c:8.1f}  {ph}")
    print("\nper cell (summed over the processes that ran it)")
    for (ph, cell), (c, n) in sorted(by_cell.items(), key=lambda kv: -kv[1][0])[:a.top]:
        print(f"{c:8.1f} {n:5d}x  {ph:9s} {cell}")
    print("\nslowest variants (CPU-s of the child's cells)")
    for ph, c in sorted(per_variant.items(), key=lambda kv: -kv[1])[:a.top]:
        print(f"{c:8.1f}  {ph}")
    import shutil
    shutil.rmtree(log_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
