"""Benchmark of the student's loop (not a timed test).

For each assignment, on a workspace whose notebooks hold the instructor's
answers (the release with the solutions filled in), in one run and
alternately (the machine is shared: compare within a run):

1. one run of the notebook top to bottom in a fresh kernel (nbclient), as
   "Restart and run all" does in JupyterLab;
2. ``workbook progress`` for the assignment, not cached (visible tests,
   graded as the grader does);
3. ``workbook selfgrade`` for the assignment (hidden tests included, in the
   sandbox when bubblewrap is there).

Prints the seconds and the ratios 2/1 and 3/1 (issue: selfgrade at most 1.5
times one run of the notebook; progress well under a minute). The first
selfgrade of a clone builds the hidden seeds' data once in the judge's cache:
its time is printed apart ("1st self"), outside the medians.

    .venv/bin/python bench/run.py student [--repeats 3] [--assignment 02_sql]
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

from workbook.authoring import demo  # noqa: E402
from workbook.course import layout as course  # noqa: E402
from workbook.course import nb as nbm  # noqa: E402
from workbook.student import progress, selfgrade  # noqa: E402


def workspace(base: Path, assignments: list[str]) -> Path:
    """A self-study clone: the course, and work/ with the answers filled in."""
    root = base / "clone"
    course.copy_course(REPO, root, assignments)
    for a in assignments:
        shutil.copytree(root / "release" / a, root / "work" / a)
        for p in course.notebooks(root, a, "release"):
            nbm.write(nbm.make_submission(nbm.read(p), demo.solved(root, a, p.stem)), root / "work" / a / p.name)
    return root


def run_once(path: Path) -> float:
    from nbclient import NotebookClient
    nb = nbm.read(path)
    with tempfile.TemporaryDirectory(prefix="wb-bench-run-") as tmp:
        work = Path(tmp) / path.parent.name
        shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns("*.ipynb"))
        start = time.monotonic()
        NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(work)}}).execute()
        return time.monotonic() - start


def time_progress(ws: Path, a: str) -> tuple[float, list]:
    """progress of one assignment, without its cache."""
    rel = progress.release_dir(ws)
    start = time.monotonic()
    rows = [progress.notebook_progress(p, rel / a / p.name, cache=None) for p in sorted((ws / a).glob("*.ipynb"))]
    return time.monotonic() - start, rows


def time_selfgrade(root: Path, a: str) -> tuple[float, selfgrade.Report]:
    start = time.monotonic()
    report = selfgrade.grade_assignment(root, a, sorted((root / "work" / a).glob("*.ipynb")), log=lambda m: None)
    return time.monotonic() - start, report


def keep_machine_files(assignment: str) -> None:
    """What a machine keeps between runs, made before the timing: Spark's class archive (its first run
    starts the build in the background, about 30 s of a core; workbook/student/spark.py)."""
    from workbook.data import cache_dir
    from workbook.grading.zygote import notebook_imports
    from workbook.student import spark
    if any(m.split(".")[0] == "pyspark" for m in notebook_imports(REPO / "source" / assignment)):
        spark.build_class_archive(cache_dir())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--assignment", action="append", help="only these (default: all in source/)")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "student.json"))
    args = ap.parse_args(argv)
    assignments = args.assignment or course.assignments(REPO)
    results: dict = {"repeats": args.repeats, "cpus": os.cpu_count(), "load_before": os.getloadavg(),
                     "assignments": {}}
    with tempfile.TemporaryDirectory(prefix="wb-bench-student-") as tmp:
        os.environ["WORKBOOK_DATA"] = str(Path(tmp) / "cache")
        root = workspace(Path(tmp), assignments)
        ws = root / "work"
        print(f"{'assignment':24s} {'run (s)':>8s} {'progress':>9s} {'selfgrade':>10s} {'prog/run':>9s} "
              f"{'self/run':>9s} {'1st self':>9s}  selfgrade score")
        for a in assignments:
            nbs = sorted((ws / a).glob("*.ipynb"))
            run_once(nbs[0])  # warm the data cache and the disk cache
            keep_machine_files(a)
            # the first selfgrade of a clone builds the hidden seeds' data in the judge's cache (once per
            # course secret): reported apart, not mixed into the median of the runs that follow
            first, report = time_selfgrade(root, a)
            runs, progs, selfs, errors = [], [], [], []
            for _ in range(args.repeats):
                runs.append(sum(run_once(p) for p in nbs))
                t, rows = time_progress(ws, a)
                progs.append(t)
                # a progress run that failed (a cell that ran into its time limit...) is timed all the same:
                # its error is kept and printed, so that an outlier says what happened
                errors += [f"progress {row.notebook} ({t:.1f} s): {row.error}" for row in rows if row.error]
                t, report = time_selfgrade(root, a)
                selfs.append(t)
                errors += [f"selfgrade ({t:.1f} s): {report.problem}"] if report.problem else []
            r, p, s = (statistics.median(x) for x in (runs, progs, selfs))
            results["assignments"][a] = {"run_s": round(r, 2), "progress_s": round(p, 2), "selfgrade_s": round(s, 2),
                                         "selfgrade_first_s": round(first, 2),
                                         "progress_ratio": round(p / r, 2), "selfgrade_ratio": round(s / r, 2),
                                         "selfgrade_score": [report.score, report.max_score],
                                         "sandboxed": report.sandboxed, "errors": errors}
            print(f"{a:24s} {r:8.1f} {p:9.1f} {s:10.1f} {p / r:9.2f} {s / r:9.2f} {first:9.1f}  "
                  f"{report.score:g}/{report.max_score:g}{'' if report.sandboxed else ' (unsandboxed)'}", flush=True)
            for e in errors:
                print(f"  {a}: {e}", flush=True)
    results["load_after"] = os.getloadavg()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"load average before/after: {results['load_before'][0]:.1f} / {results['load_after'][0]:.1f} on "
          f"{results['cpus']} CPUs (compare within one run); results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
