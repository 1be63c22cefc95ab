"""How much of its correctness groups' CPU budget each accepted program of
10_coding_test uses: the solution and every alternative of exercises.py, on
every small group (the examples, correctness tests 1 and 2) as the grader
makes it (the hidden parts run with a fixed key), judged in the jail.

    .venv/bin/python bench/coding_limits.py [--repeat 3] [--slower K] [q6_coupons ...]

Per program and group, the worst of ``--repeat`` runs of:
- ``group``: the CPU time of the group's whole process, measured from outside (its jail's cgroup), over its budget
  (what the jail kills at);
- ``case``: the slowest case's CPU time, as the driver measured it, over its case limit (what the driver stops).
``--slower K`` simulates a grading machine K times slower than the one the fixed floors were set on: the floors
(``CASE_CPU``, ``GROUP_CPU``, ``STARTUP_CPU``, ``PARSE_CPU``) divided by K, as tests/test_coding_limits.py does.
The ratio is the larger of the two; a ratio near 1 is a correct program that a machine a little slower than this
one would fail. The last line is the worst ratio, and the machine's calibration time (``coding.machine()``) when
there is one.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from workbook.checks import coding  # noqa: E402
from workbook.checks.coding_messages import GroupFailed  # noqa: E402
from workbook.checks.core import _current  # noqa: E402
from workbook.checks.exercise import JudgeContext, LocalTransport, Run, judging  # noqa: E402
from workbook.course import exercises, nb as nbm  # noqa: E402
from workbook.grading import judge  # noqa: E402
from workbook.student.coding import parse_cell  # noqa: E402

A = "10_coding_test"
SOURCE = ROOT / "source" / A
KEY = b"s" * 32


class Jailed(LocalTransport):
    """The judge's view: commands in the jail."""

    local = False

    def wrap_command(self, argv, writable, **limits):
        from workbook.grading.jail import Jail
        return Jail().command(argv, writable, **limits)


@contextlib.contextmanager
def judged():
    transport = Jailed({})
    with judging(JudgeContext(transport, KEY)):
        token = _current.set(Run("q1", transport, "<bench>", KEY))
        try:
            yield
        finally:
            _current.reset(token)


def small_groups(cells: dict[str, str], gid: str) -> list[dict]:
    """The small groups of ``gid``'s correctness test cells, as the cells make them (check_group caught)."""
    caught: list[dict] = []

    def catch(program, style, group, cases, expected=None, **kw):
        if kw.get("reference") is None:
            caught.append(dict(style=style, group=group, cases=cases, expected=expected,
                               entry=kw.get("entry", "solution")))

    real = coding.check_group
    coding.check_group = catch
    try:
        for test in (f"test_{gid}_correct_1", f"test_{gid}_correct_2"):
            if test in cells:
                judge.judge_cell(cells[test], "test", Jailed({gid: "x = 1\n"}), KEY, nbm.BEGIN_HIDDEN,
                                 nbm.END_HIDDEN, 300, hidden_folder=SOURCE)
    finally:
        coding.check_group = real
    return caught


def measure(program: str, g: dict) -> tuple[float, float, str]:
    """(group ratio, case ratio, verdicts) of one run of ``program`` on group ``g``."""
    runs: list = []
    real = coding.run_group

    def spy(*args, **kw):
        runs.append(real(*args, **kw))
        return runs[-1]

    coding.run_group = spy
    try:
        try:
            results = coding.check_group(program, g["style"], g["group"], g["cases"], g["expected"], entry=g["entry"])
        except GroupFailed as e:
            results = e.results
    finally:
        coding.run_group = real
    run = runs[-1]
    cases = [r for r in results if r.cpu is not None and r.limit]
    case_ratio = max((r.cpu / r.limit for r in cases), default=0.0)
    group_ratio = (run.cpu or 0.0) / run.budget
    shown = "ok" if all(r.verdict.name == "ACCEPTED" for r in results) else \
        ",".join(r.verdict.name for r in results if r.verdict.name != "ACCEPTED")
    return group_ratio, case_ratio, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gids", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slower", type=float, default=1.0)
    args = parser.parse_args()
    for name in ("CASE_CPU", "GROUP_CPU", "STARTUP_CPU"):
        setattr(coding, name, getattr(coding, name) / args.slower)
    coding.PARSE_CPU = {k: v / args.slower for k, v in coding.PARSE_CPU.items()}
    nb = nbm.read(SOURCE / f"{A}.ipynb")
    cells = {nbm.meta(c)["grade_id"]: c.source for c in nb.cells if nbm.kind(c) == "tests"}
    solved = nbm.solved_sources(nb)
    found = exercises.load(SOURCE)
    worst = (0.0, "")
    with judged():
        machine = coding.machine() if hasattr(coding, "machine") else None
        for gid in args.gids or sorted(found):
            groups = small_groups(cells, gid)
            programs = [("solution", parse_cell(solved[gid])[1])] + \
                [(f"alternative {k}", parse_cell(code)[1]) for k, code in enumerate(found[gid].alternatives)]
            for name, program in programs:
                for g in groups:
                    runs = [measure(program, g) for _ in range(args.repeat)]
                    group_ratio = max(r[0] for r in runs)
                    case_ratio = max(r[1] for r in runs)
                    verdicts = sorted({r[2] for r in runs})
                    ratio = max(group_ratio, case_ratio)
                    print(f"{gid:22} {name:14} {g['group']:14} group {group_ratio:5.2f}  case {case_ratio:5.2f}  "
                          f"{'/'.join(verdicts)}", flush=True)
                    worst = max(worst, (ratio, f"{gid} {name} {g['group']}"))
    print(f"worst ratio {worst[0]:.2f}: {worst[1]}")
    if machine is not None:
        print(f"calibration: {machine}")


if __name__ == "__main__":
    main()
