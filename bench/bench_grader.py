"""Benchmark of the grader (not a timed test).

In one run, on the same synthetic class over every assignment in source/:

1. serial ``nbgrader autograde ASSIGNMENT`` (nbgrader's own loop, one
   submission after the other; the sandbox on, as nbgrader_config.py says);
2. ``workbook autograde A B C --jobs N`` (sandbox on; the assignments one
   after the other, by one pool of workers), then the same again on the
   class it graded, where nothing changed;
3. the sandbox overhead per notebook: the solution notebook executed with
   plain nbclient (jupyter_client's AsyncKernelManager) and with
   workbook.sandbox.SandboxKernelManager, alternately, several times.

The class: ``students`` students cycling through full (the solutions),
partial (alternative and wrong answers from source/<a>/exercises.py), blank (the
release) and broken (a truncated notebook) submissions.

    .venv/bin/python bench/run.py --students 40 --jobs 2
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbook.course import layout as course  # noqa: E402

from workbook.authoring import demo  # noqa: E402

from workbook.grading import runner as grader  # noqa: E402


from workbook.grading import sandbox  # noqa: E402
from workbook.course import nb as nbm  # noqa: E402

KINDS = ["full", "partial", "blank", "broken"]


def make_class(root: Path, assignments: list[str], students: int, kinds: list[str] = KINDS) -> dict[str, int]:
    """submitted/<kind>_<k>/<assignment>/ for every assignment."""
    counts = {k: 0 for k in kinds}
    for a in assignments:
        rel = {p.stem: nbm.read(p) for p in course.notebooks(root, a, "release")}
        for i in range(students):
            kind = kinds[i % len(kinds)]
            nbs = {}
            for name, rnb in rel.items():
                if kind == "full":
                    nbs[f"{name}.ipynb"] = nbm.make_submission(rnb, demo.solved(root, a, name))
                elif kind == "partial":
                    nbs[f"{name}.ipynb"] = nbm.make_submission(rnb, demo.partial_answers(root, a, name))
                elif kind == "blank":
                    nbs[f"{name}.ipynb"] = rnb
                else:
                    text = nbm.dumps(nbm.make_submission(rnb, demo.solved(root, a, name)))
                    nbs[f"{name}.ipynb"] = text[: len(text) // 2]
            demo.write_submission(root, f"{kind}_{i:03d}", a, nbs)
            if a == assignments[0]:
                counts[kind] += 1
    return counts


def fresh_course(base: Path, name: str, assignments: list[str], students: int, kinds: list[str] = KINDS,
                 config: str = "") -> Path:
    root = base / name
    course.copy_course(REPO, root, assignments)
    if config:
        with open(root / "nbgrader_config.py", "a") as f:
            f.write("\n" + config + "\n")
    make_class(root, assignments, students, kinds)
    from workbook.grading import gradebook
    c = course.Course.load(root)
    for a in assignments:  # outside the timed part: the gradebook learns the assignment
        gradebook.ensure_registered(c, a, root / grader.STATE_DIR, log=lambda *x: None)
    return root


def _cpu() -> float:
    """CPU seconds of this process and of its finished descendants as the
    kernel accounts them (the nbgrader processes and workers; kernels inside
    the sandbox's PID namespace are mostly not included)."""
    import resource
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def time_serial_nbgrader(root: Path, assignments: list[str]) -> tuple[float, float]:
    start, cpu = time.monotonic(), _cpu()
    for a in assignments:
        course.nbgrader(root, "autograde", a, "--force", check=False)
    return time.monotonic() - start, _cpu() - cpu


def time_workbook(root: Path, assignments: list[str], jobs: int, force: bool = True) -> tuple[float, float, dict]:
    """As `workbook autograde A B C --jobs N` grades them: one after the
    other, by the same pool of workers (``force``: every submission, even
    one graded before and unchanged since)."""
    start, cpu = time.monotonic(), _cpu()
    summary = {}
    t_a = start
    with grader.WorkerPool(jobs) as pool:
        # like for like with nbgrader: no reference run of the solution first (the instructor's default)
        for a, res in grader.autograde_in_turn(root, assignments, pool, jobs=jobs, force=force, progress=False,
                                               log=lambda *x: None, reference=False):
            if isinstance(res, grader.GraderError):
                raise res
            summary[a] = {s: sum(1 for r in res if r.status == s) for s in ("graded", "failed")}
            # from the end of the one before (the runs overlap: a worker free at the end of one starts on the next)
            summary[a]["seconds"] = round(time.monotonic() - t_a, 1)
            t_a = time.monotonic()
            # a graded submission's own time in its worker (the first of a course also builds the judge's data
            # of the secret and the worker's first kernel: the median leaves that one-off out)
            own = [r.seconds for r in res if r.status == "graded" and r.seconds]
            summary[a]["median_submission_s"] = round(statistics.median(own), 2) if own else None
    return time.monotonic() - start, _cpu() - cpu, summary


def _execute(nb_path: Path, workdir: Path, km_class) -> float:
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(nb_path, as_version=4)
    start = time.monotonic()
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False, kernel_manager_class=km_class,
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return time.monotonic() - start


def sandbox_overhead(base: Path, assignments: list[str], repeats: int) -> dict[str, dict]:
    """Seconds to execute each solution notebook, plain vs sandboxed."""
    from jupyter_client.manager import AsyncKernelManager
    out = {}
    for a in assignments:
        for p in course.notebooks(REPO, a):
            work = base / "overhead" / a
            shutil.copytree(p.parent, work, dirs_exist_ok=True)
            plain, boxed = [], []
            _execute(work / p.name, work, AsyncKernelManager)  # warm the data cache and the disk cache
            for _ in range(repeats):
                plain.append(_execute(work / p.name, work, AsyncKernelManager))
                boxed.append(_execute(work / p.name, work, sandbox.SandboxKernelManager))
            mp, mb = statistics.median(plain), statistics.median(boxed)
            out[f"{a}/{p.name}"] = {"plain_s": round(mp, 2), "sandbox_s": round(mb, 2),
                                    "overhead_pct": round(100 * (mb - mp) / mp, 1)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--repeats", type=int, default=3, help="runs per notebook for the overhead")
    ap.add_argument("--assignment", action="append", help="only these (default: all in source/)")
    ap.add_argument("--skip-serial", action="store_true")
    ap.add_argument("--rounds", type=int, default=1,
                    help="serial nbgrader and workbook in turn this many times, each on a fresh class: the "
                         "speed-up is the median of the rounds' ratios (the machine is shared: a burst of "
                         "another process's load slows one side of a round); every round is printed")
    ap.add_argument("--kind", action="append", choices=KINDS,
                    help="the class's submissions, cycled (default: all kinds; `--kind full`: the solution only)")
    ap.add_argument("--cold", action="store_true",
                    help="also grade with cold kernels (SandboxKernelManager.warm = False), right after the warm "
                         "run, on the same class")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "grader.json"))
    args = ap.parse_args(argv)
    if sandbox.bwrap_path() is None:
        print("error: " + sandbox.INSTALL_HINT, file=sys.stderr)
        return 2
    assignments = args.assignment or course.assignments(REPO)
    kinds = args.kind or KINDS
    from bench_student import keep_machine_files
    for a in assignments:
        keep_machine_files(a)
    os.environ.pop("WORKBOOK_SANDBOX", None)
    results: dict = {"students": args.students, "jobs": args.jobs, "assignments": assignments, "kinds": kinds,
                     "cpus": os.cpu_count(), "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="wb-bench-") as tmp:
        base = Path(tmp)
        print(f"class: {args.students} students x {len(assignments)} assignments ({', '.join(assignments)})")
        rounds = []
        for r in range(max(1, args.rounds)):
            if not args.skip_serial:
                root = fresh_course(base, f"serial{r}", assignments, args.students, kinds)
                t, cpu = time_serial_nbgrader(root, assignments)
                results["serial_nbgrader_s"], results["serial_nbgrader_cpu_s"] = round(t, 1), round(cpu, 1)
                print(f"serial nbgrader autograde (sandbox on): {t:.1f} s wall, {cpu:.1f} CPU-s")
            root = fresh_course(base, f"parallel{r}", assignments, args.students, kinds)
            t, cpu, summary = time_workbook(root, assignments, args.jobs)
            if args.rounds > 1:
                rounds.append({"serial_nbgrader_s": results.get("serial_nbgrader_s"), "workbook_s": round(t, 1),
                               "workbook_cpu_s": round(cpu, 1)})
                if not args.skip_serial:
                    rounds[-1]["speedup"] = round(results["serial_nbgrader_s"] / t, 2)
                print(f"round {r + 1}: workbook autograde --jobs {args.jobs}: {t:.1f} s wall, {cpu:.1f} CPU-s"
                      + (f"; speed-up {rounds[-1]['speedup']:.2f}x" if "speedup" in rounds[-1] else ""))
        if args.cold:
            cold = fresh_course(base, "cold", assignments, args.students, kinds,
                                "c.SandboxKernelManager.warm = False")
            tc, cpuc, summary_c = time_workbook(cold, assignments, args.jobs)
            results["cold_workbook_s"], results["cold_workbook_cpu_s"] = round(tc, 1), round(cpuc, 1)
            results["cold_summary"] = summary_c
            print(f"workbook autograde --jobs {args.jobs}, cold kernels: {tc:.1f} s wall, {cpuc:.1f} CPU-s  "
                  f"{summary_c}")
        results["workbook_s"], results["workbook_cpu_s"] = round(t, 1), round(cpu, 1)
        results["workbook_summary"] = summary
        print(f"workbook autograde --jobs {args.jobs} (sandbox on): {t:.1f} s wall, {cpu:.1f} CPU-s  {summary}")
        # the same command again on the class it just graded: every submission is unchanged, nothing is graded
        tr, cpur, _ = time_workbook(root, assignments, args.jobs, force=False)
        results["rerun_s"], results["rerun_cpu_s"] = round(tr, 1), round(cpur, 1)
        print(f"the same run again, nothing changed: {tr:.1f} s wall, {cpur:.1f} CPU-s")
        if rounds and "speedup" in rounds[0]:
            results["rounds"] = rounds
            results["speedup"] = round(statistics.median(x["speedup"] for x in rounds), 2)
            each = ", ".join(f"{x['speedup']:.2f}x" for x in rounds)
            print(f"speed-up: {results['speedup']:.2f}x, the median of {len(rounds)} rounds ({each}; "
                  f"target >= 1.8x on 2 cores)")
        elif "serial_nbgrader_s" in results:
            results["speedup"] = round(results["serial_nbgrader_s"] / t, 2)
            print(f"speed-up: {results['speedup']:.2f}x (target >= 1.8x on 2 cores; load average "
                  f"{os.getloadavg()[0]:.1f}: other processes share the cores, compare within one run)")
        results["overhead"] = sandbox_overhead(base, assignments, args.repeats)
        for k, v in results["overhead"].items():
            print(f"sandbox overhead {k}: plain {v['plain_s']:.2f} s, sandboxed {v['sandbox_s']:.2f} s, "
                  f"{v['overhead_pct']:+.1f}% (target < 10%)")
    # per submission: the wall time of grading one assignment divided by the class size, against one bare
    # nbclient run of its solution notebook(s) (jobs run at once, so this is throughput, not latency)
    results["per_submission"] = {}
    for a in assignments:
        bare = sum(v["plain_s"] for k, v in results["overhead"].items() if k.startswith(a + "/"))
        per = results["workbook_summary"][a]["seconds"] / args.students
        med = results["workbook_summary"][a].get("median_submission_s")
        results["per_submission"][a] = {"workbook_s": round(per, 2), "bare_nbclient_s": round(bare, 2),
                                        "ratio": round(per / bare, 2) if bare else None,
                                        "median_submission_s": med,
                                        "median_ratio": round(med / bare, 2) if bare and med else None}
        cold = ""
        if "cold_summary" in results:
            per_c = results["cold_summary"][a]["seconds"] / args.students
            results["per_submission"][a].update(cold_s=round(per_c, 2),
                                                cold_ratio=round(per_c / bare, 2) if bare else None)
            cold = f"; cold kernels {per_c:.2f} s ({per_c / bare:.2f}x)" if bare else f"; cold {per_c:.2f} s"
        mid = f"; a submission's own time, median {med:.2f} s ({med / bare:.2f}x)" if bare and med else ""
        print((f"{a}: {per:.2f} s per submission with --jobs {args.jobs}; one bare nbclient run {bare:.2f} s "
               f"({per / bare:.2f}x)" if bare else f"{a}: {per:.2f} s per submission") + mid + cold)
    results["load_after"] = os.getloadavg()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"load average before/after: {results['load_before'][0]:.1f} / {results['load_after'][0]:.1f} "
          f"on {results['cpus']} CPUs; results in {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
