"""Benchmark of the grader (not a timed test): what grading costs an
instructor, in CPU seconds counted for everything a run starts, next to wall
time.

On one synthetic class (``--students`` per assignment, the solution notebooks
by default), per assignment, each command alone in a cgroup of its own
(``cpu.CpuGroup``: its grading workers, zygotes and the kernels they fork,
sandboxes, jails, judges and JVMs all counted):

1. serial ``nbgrader autograde ASSIGNMENT --force`` (nbgrader's own loop, the
   sandbox on, as nbgrader_config.py says);
2. ``workbook autograde ASSIGNMENT --jobs N --force --no-reference``;
3. the bare run: a submitted notebook executed once by nbclient with a plain
   jupyter kernel, no grading (``--repeats`` times, the median).

Prints a table of CPU seconds (and wall seconds) per submission, the class's
CPU per student (all assignments), the workbook/serial and workbook/bare
ratios, and the projection for 1,000 students on one machine and on
``--machines`` of them. CPU seconds hold on a shared machine; wall times are
only comparable within one run (``--rounds``: serial and workbook in turn).

    .venv/bin/python bench/run.py grader --students 6 --jobs 2
    .venv/bin/python bench/run.py grader --assignment 00_orientation --assignment 02_sql --rounds 3
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

sys.path.insert(0, str(REPO / "bench"))

from cpu import CpuGroup, NoCgroup  # noqa: E402

from workbook.course import layout as course  # noqa: E402

from workbook.authoring import demo  # noqa: E402

from workbook.grading import runner as grader  # noqa: E402


from workbook.grading import sandbox  # noqa: E402
from workbook.course import nb as nbm  # noqa: E402
from workbook.course import exercises  # noqa: E402

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
                elif kind.startswith("alt"):   # alt<k>: the k-th alternative of every exercise that has one
                    answers = dict(demo.solved(root, a, name))
                    for gid, ex in exercises.load(root / "source" / a).items():
                        if gid in answers and int(kind[3:]) < len(ex.alternatives):
                            answers[gid] = ex.alternatives[int(kind[3:])]
                    nbs[f"{name}.ipynb"] = nbm.make_submission(rnb, answers)
                elif kind == "broken":
                    text = nbm.dumps(nbm.make_submission(rnb, demo.solved(root, a, name)))
                    nbs[f"{name}.ipynb"] = text[: len(text) // 2]
                else:
                    raise ValueError(f"a submission of kind {kind!r}: not one of {', '.join(KINDS)} or alt<k>")
            demo.write_submission(root, f"{kind}_{i:03d}", a, nbs)
            if a == assignments[0]:
                counts[kind] += 1
    return counts


def fresh_course(base: Path, name: str, assignments: list[str], students: int, kinds: list[str] = KINDS,
                 config: str = "", secret: Path | None = None) -> Path:
    """A course of its own (``secret``: this course secret, as the courses of
    one run of the benchmark share: the judge's hidden data of a secret is
    built once, by the first run that needs it)."""
    root = base / name
    course.copy_course(REPO, root, assignments)
    if secret is not None:
        (root / ".workbook").mkdir(exist_ok=True)
        shutil.copy(secret, root / ".workbook" / "secret")
    if config:
        with open(root / "nbgrader_config.py", "a") as f:
            f.write("\n" + config + "\n")
    make_class(root, assignments, students, kinds)
    from workbook.grading import gradebook
    c = course.Course.load(root)
    for a in assignments:  # outside the timed part: the gradebook learns the assignment
        gradebook.ensure_registered(c, a, root / grader.STATE_DIR, log=lambda *x: None)
    return root


def _execute(nb_path: Path, workdir: Path, km_class) -> float:
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(nb_path, as_version=4)
    start = time.monotonic()
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False, kernel_manager_class=km_class,
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return time.monotonic() - start




def measured(label: str, cmd: list[str], cwd: Path, only: str | None = None) -> dict:
    """Wall and CPU seconds of ``cmd`` and everything it starts."""
    g = CpuGroup(label, only)
    start = time.monotonic()
    proc = g.run(cmd, cwd=cwd, env=course.tool_env(), capture_output=True, text=True)
    wall = time.monotonic() - start
    left = g.close()
    out = {"wall_s": wall, "cpu_s": g.seconds, "rc": proc.returncode}
    if left:
        out["left_running"] = left
    if proc.returncode not in (0, 1):
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise SystemExit(f"{' '.join(cmd[1:4])}... failed (exit {proc.returncode}):\n{tail}")
    return out


def serial_nbgrader(root: Path, a: str, only: str | None = None) -> dict:
    return measured(f"nbgrader-{a}", [sys.executable, "-m", "nbgrader", "autograde", a, "--force"], root, only)


def workbook_autograde(root: Path, assignments: list[str], jobs: int, only: str | None = None,
                       first: bool = False) -> dict:
    """``workbook autograde A... --jobs N --force --no-reference``: like for
    like with nbgrader, no reference run first (that is paid once per
    assignment, not per submission). ``first``: the first run of an
    assignment instead, the reference run and one student."""
    opts = ["--student", "full_000"] if first else ["--no-reference"]
    return measured("workbook-" + "-".join(a[:2] for a in assignments),
                    [sys.executable, "-m", "workbook", "--root", str(root), "autograde", *assignments,
                     "--jobs", str(jobs), "--force", *opts], root, only)


# one run of a notebook: nbclient and a plain jupyter kernel (or the grader's sandboxed one), nothing else
BARE = """import sys, nbformat
from nbclient import NotebookClient
kw = {}
if sys.argv[2]:
    from workbook.grading.sandbox import SandboxKernelManager
    kw["kernel_manager_class"] = SandboxKernelManager
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": "."}}, **kw).execute()
"""


def bare_run(root: Path, a: str, student: str, base: Path, sandboxed: bool = False,
             only: str | None = None) -> dict:
    """One run of a student's submitted notebook(s) by nbclient, as a
    student's "Run all" (``sandboxed``: in the grader's sandbox instead)."""
    work = base / f"bare-{a}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root / "submitted" / student / a, work)
    total = {"wall_s": 0.0, "cpu_s": 0.0}
    for p in sorted(work.glob("*.ipynb")):
        r = measured(f"bare-{a}", [sys.executable, "-c", BARE, str(p), "sandboxed" if sandboxed else ""], work,
                     only)
        total["wall_s"] += r["wall_s"]
        total["cpu_s"] += r["cpu_s"]
    return total


def _median(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in ("wall_s", "cpu_s")}


def projection(per_student_cpu: float, per_student_wall: float, n_assign: int, cores: int, machines: int,
               students: int = 1000) -> list[str]:
    h = lambda s: f"{s / 3600:.1f} h" if s >= 3600 else f"{s / 60:.0f} min"  # noqa: E731
    floor = students * per_student_cpu / cores
    seen = students * per_student_wall
    return [f"{students:,} students x {n_assign} assignments ({per_student_cpu:.1f} CPU-s per student):",
            f"  one {cores}-core machine: {h(floor)} at the CPU floor (every core busy), {h(seen)} at this "
            f"run's throughput",
            f"  {machines} such machines (a Dask worker per machine using all its cores): {h(floor / machines)} "
            f"at the CPU floor, {h(seen / machines)} at this run's throughput"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--repeats", type=int, default=2, help="bare runs per assignment (the median)")
    ap.add_argument("--assignment", action="append", help="only these (default: all in source/)")
    ap.add_argument("--skip-serial", action="store_true", help="no serial nbgrader")
    ap.add_argument("--serial", action="append", metavar="ASSIGNMENT",
                    help="serial nbgrader for these assignments only (default: every one)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="serial nbgrader and workbook in turn this many times, each on a fresh class (medians)")
    ap.add_argument("--kind", action="append", choices=KINDS,
                    help="the class's submissions, cycled (default: full, the solutions)")
    ap.add_argument("--sandboxed-bare", action="store_true",
                    help="also run the notebook once in the grader's sandbox (its overhead over the bare run)")
    ap.add_argument("--machines", type=int, default=10, help="for the projection")
    ap.add_argument("--cgroup", choices=["v1", "v2"], help="count with this cgroup version only")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "grader.json"))
    args = ap.parse_args(argv)
    if sandbox.bwrap_path() is None:
        print("error: " + sandbox.INSTALL_HINT, file=sys.stderr)
        return 2
    try:
        from cpu import mechanism
        how = mechanism(args.cgroup)
    except NoCgroup as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    assignments = args.assignment or course.assignments(REPO)
    serial = [] if args.skip_serial else [a for a in assignments if not args.serial or a in args.serial]
    kinds = args.kind or ["full"]
    from bench_student import keep_machine_files
    for a in assignments:
        keep_machine_files(a)
    from workbook.data import cache_dir
    from workbook.student import spark
    if "09_baskets" in assignments and not (cache_dir() / (spark.class_archive_name() or "-")).is_file():
        print("warning: Spark's class archive could not be built before the timing (a loaded machine: its "
              "build stops after 300 s); the first run of 09 builds it, and its JVMs start without it",
              file=sys.stderr)
    os.environ.pop("WORKBOOK_SANDBOX", None)
    cores = os.cpu_count() or 1
    results: dict = {"students": args.students, "jobs": args.jobs, "assignments": assignments, "kinds": kinds,
                     "cpus": cores, "cgroup": how, "load_before": os.getloadavg(), "rounds": []}
    print(f"class: {args.students} students x {len(assignments)} assignments, {'/'.join(kinds)} submissions; "
          f"workbook --jobs {args.jobs}; CPU counted by {how} around each command and all it starts", flush=True)
    with tempfile.TemporaryDirectory(prefix="wb-bench-") as tmp:
        base = Path(tmp)
        from workbook.grading.execute import read_secret
        secret = base / "secret"
        read_secret(secret)   # one course secret for the whole run: its hidden data is built once
        results["first_run"] = {}
        for a in assignments:
            # paid once per assignment (the reference run) and once per secret (the judge's hidden data)
            root = fresh_course(base, f"first-{a}", [a], 1, ["full"], secret=secret)
            results["first_run"][a] = workbook_autograde(root, [a], args.jobs, args.cgroup, first=True)
            shutil.rmtree(root)
            print(f"  first run of {a} (the reference run and one student, the hidden data of the secret "
                  f"built): {results['first_run'][a]['cpu_s']:.1f} CPU-s {results['first_run'][a]['wall_s']:.1f} s",
                  flush=True)
        for r in range(max(1, args.rounds)):
            rnd: dict = {"serial": {}, "workbook": {}}
            for a in assignments:
                if a in serial:
                    root = fresh_course(base, f"serial{r}-{a}", [a], args.students, kinds, secret=secret)
                    rnd["serial"][a] = serial_nbgrader(root, a, args.cgroup)
                    shutil.rmtree(root)
                root = fresh_course(base, f"workbook{r}-{a}", [a], args.students, kinds, secret=secret)
                rnd["workbook"][a] = workbook_autograde(root, [a], args.jobs, args.cgroup)
                if r == 0:
                    student = f"{kinds[0]}_000"
                    bare_run(root, a, student, base, only=args.cgroup)   # the data cache and the disk cache
                    rnd["bare"] = rnd.get("bare", {})
                    rnd["bare"][a] = _median([bare_run(root, a, student, base, only=args.cgroup)
                                              for _ in range(max(1, args.repeats))])
                    if args.sandboxed_bare:
                        rnd.setdefault("sandboxed", {})[a] = bare_run(root, a, student, base, True, args.cgroup)
                shutil.rmtree(root)
                w = rnd["workbook"][a]
                s = rnd["serial"].get(a)
                print(f"  round {r + 1} {a}: workbook {w['cpu_s']:.1f} CPU-s {w['wall_s']:.1f} s"
                      + (f"; serial nbgrader {s['cpu_s']:.1f} CPU-s {s['wall_s']:.1f} s" if s else "")
                      + (f"; left running: {w['left_running']}" if w.get("left_running") else ""), flush=True)
            results["rounds"].append(rnd)
    results["load_after"] = os.getloadavg()
    report(results, args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"load average before/after: {results['load_before'][0]:.1f} / {results['load_after'][0]:.1f} "
          f"on {cores} CPUs; results in {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    return 0


def report(results: dict, args) -> None:
    """The table: per assignment, CPU and wall seconds per submission (the
    median of the rounds), and the class's totals per student."""
    n, rounds, cores = args.students, results["rounds"], results["cpus"]
    bare = rounds[0]["bare"]
    table = results["per_submission"] = {}
    for a in results["assignments"]:
        row = {"workbook": _median([r["workbook"][a] for r in rounds]), "bare": bare[a]}
        if a in rounds[0]["serial"]:
            row["serial"] = _median([r["serial"][a] for r in rounds])
        if "sandboxed" in rounds[0]:
            row["sandboxed"] = rounds[0]["sandboxed"][a]
        for k in ("workbook", "serial"):
            if k in row:
                row[k] = {m: round(v / n, 2) for m, v in row[k].items()}
        row["bare"] = {m: round(v, 2) for m, v in row["bare"].items()}
        table[a] = row
    f = lambda d, k: f"{d[k]:7.2f}" if d else "      -"  # noqa: E731
    print(f"\nper submission ({n} students; CPU-s: {results['cgroup']}, everything each command started; "
          f"wall s per submission: the run's time / {n}, --jobs {results['jobs']})")
    print(f"{'assignment':24s} {'workbook':>7s} {'wall':>7s} | {'nbgrader':>7s} {'wall':>7s} | "
          f"{'bare run':>7s} {'wall':>7s} | {'wb/bare':>7s} {'wb/nbg':>7s}  (CPU-s unless wall)")
    tot = {"workbook": [0.0, 0.0], "serial": [0.0, 0.0], "bare": [0.0, 0.0]}
    for a, row in table.items():
        w, s, b = row["workbook"], row.get("serial"), row["bare"]
        for k in tot:
            if row.get(k):
                tot[k][0] += row[k]["cpu_s"]
                tot[k][1] += row[k]["wall_s"]
        print(f"{a:24s} {f(w, 'cpu_s')} {f(w, 'wall_s')} | {f(s, 'cpu_s')} {f(s, 'wall_s')} | "
              f"{f(b, 'cpu_s')} {f(b, 'wall_s')} | {w['cpu_s'] / b['cpu_s']:7.2f} "
              + (f"{w['cpu_s'] / s['cpu_s']:7.2f}" if s else "      -"))
    every = all(row.get("serial") for row in table.values())
    print(f"{'per student, all':24s} {tot['workbook'][0]:7.1f} {tot['workbook'][1]:7.1f} | "
          + (f"{tot['serial'][0]:7.1f} {tot['serial'][1]:7.1f}" if every else f"{'-':>7s} {'-':>7s}")
          + f" | {tot['bare'][0]:7.1f} {tot['bare'][1]:7.1f} |")
    results["per_student"] = {k: {"cpu_s": round(v[0], 1), "wall_s": round(v[1], 1)} for k, v in tot.items()
                              if k != "serial" or every}
    both = [a for a, row in table.items() if row.get("serial")]
    if both and len(both) < len(table):
        ws = sum(table[a]["workbook"]["cpu_s"] for a in both)
        ss = sum(table[a]["serial"]["cpu_s"] for a in both)
        print(f"{'per student, ' + '/'.join(a[:2] for a in both):24s} {ws:7.1f} {'':7s} | {ss:7.1f}")
    if both:
        ww = sum(table[a]["workbook"]["wall_s"] for a in both)
        sw = sum(table[a]["serial"]["wall_s"] for a in both)
        results["speedup"] = round(sw / ww, 2)
        print(f"wall speed-up of workbook --jobs {results['jobs']} over serial nbgrader on "
              f"{'/'.join(a[:2] for a in both)}: {sw / ww:.2f}x (the median of {len(rounds)} round(s); "
              f"compare within one run: the machine may be shared)")
    if "sandboxed" in rounds[0]:
        for a, row in table.items():
            sb, b = row["sandboxed"], row["bare"]
            print(f"sandbox overhead {a}: {sb['cpu_s']:.2f} CPU-s, {sb['wall_s']:.2f} s against the bare "
                  f"{b['cpu_s']:.2f} CPU-s, {b['wall_s']:.2f} s")
    first = results["first_run"]
    once = sum(max(0.0, v["cpu_s"] - table[a]["workbook"]["cpu_s"]) for a, v in first.items())
    results["one_off_cpu_s"] = round(once, 1)
    print(f"one-off: the first run of each assignment (the reference run and one student; the hidden data of "
          f"a new secret built) less one submission: {once:.1f} CPU-s for the course, per machine that builds it ("
          + ", ".join(f"{a[:2]} {max(0.0, v['cpu_s'] - table[a]['workbook']['cpu_s']):.1f}"
                      for a, v in first.items()) + ")")
    print()
    for line in projection(tot["workbook"][0], tot["workbook"][1], len(table), cores, args.machines):
        print(line)


if __name__ == "__main__":
    sys.exit(main())
