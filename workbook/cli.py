"""The `workbook` command line."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import course


def _root(args) -> Path:
    return course.course_root(getattr(args, "root", None))


def cmd_release(args) -> int:
    from . import release
    try:
        release.release(_root(args), args.assignment or None)
    except (release.ReleaseError, course.NbgraderFailed) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_lint(args) -> int:
    from . import lint
    root = _root(args)
    paths = [Path(p) for p in args.notebooks] or [p for a in course.assignments(root)
                                                  for p in course.notebooks(root, a)]
    problems = []
    for p in paths:
        problems += lint.lint_notebook(p)
    for msg in problems:
        print(msg)
    print(f"{len(paths)} notebooks checked, {len(problems)} problems")
    return 1 if problems else 0


def cmd_fmt(args) -> int:
    from . import nb as nbm
    root = _root(args)
    paths = [Path(p) for p in args.notebooks] or [p for a in course.assignments(root)
                                                  for p in course.notebooks(root, a)]
    changed = 0
    for p in paths:
        try:
            nb = nbm.read(p)
        except nbm.NotebookError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        new = nbm.dumps(nbm.normalise(nb))
        if new != p.read_text(encoding="utf-8"):
            if args.check:
                print(f"would reformat {p}")
            else:
                p.write_text(new, encoding="utf-8")
                print(f"reformatted {p}")
            changed += 1
    print(f"{len(paths)} notebooks, {changed} {'to reformat' if args.check else 'reformatted'}")
    return 1 if (args.check and changed) else 0


def cmd_autograde(args) -> int:
    from . import grader
    from .ui import console, results_table
    from . import sandbox
    try:
        results = grader.autograde(_root(args), args.assignment, jobs=args.jobs, students=args.student or None,
                                   force=args.force, timeout=args.timeout,
                                   sandbox=False if args.no_sandbox else None, memory=args.memory,
                                   cell_timeout=args.cell_timeout,
                                   log=lambda m: print(m, file=sys.stderr if m.startswith(("WARNING", "warning"))
                                                       else sys.stdout))
    except grader.GraderError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    console.print(results_table(results, f"autograde {args.assignment}"))
    if not args.no_sandbox:
        print(sandbox.describe())
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_feedback(args) -> int:
    from . import feedback
    try:
        n = feedback.generate(_root(args), args.assignment, students=args.student or None)
    except (feedback.LeakError, course.NbgraderFailed) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{n} feedback files in feedback/*/{args.assignment}/ (hidden tests removed)")
    return 0


def cmd_report(args) -> int:
    from . import report
    root = _root(args)
    try:
        rep = report.build(root, args.assignment)
    except course.NbgraderFailed as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    report.print_report(rep, root)
    return 0


def cmd_demo(args) -> int:
    from . import demo
    summary = demo.run(_root(args), jobs=args.jobs)
    bad = []
    for (s, a), v in summary.items():
        if s == "demo_full" and (v is None or v[0] != v[1]):
            bad.append(f"{a}: the solution student did not get full marks ({v})")
        if s == "demo_blank" and (v is None or v[0] != 0):
            bad.append(f"{a}: the untouched release scored {v}")
    for b in bad:
        print(f"error: {b}", file=sys.stderr)
    return 1 if bad else 0


def cmd_nb2txt(args) -> int:
    from . import authoring
    from . import nb as nbm
    sys.stdout.write(authoring.nb_to_txt(nbm.read(args.notebook)))
    return 0


def cmd_txt2nb(args) -> int:
    from . import authoring
    authoring.convert_txt(Path(args.text), Path(args.notebook))
    print(f"wrote {args.notebook}")
    return 0


def cmd_hint(args) -> int:
    from . import hints
    try:
        h = hints.find(args.question, args.assignment)
    except hints.HintError as e:
        print(e)
        return 1
    n = len(h.hints) if args.all else max(1, min(args.level, len(h.hints)))
    print(f"Hints for {h.question} ({h.assignment})\n"
          + hints.render(h, n, markdown=False, more=f"run again with --level {n + 1}"))
    return 0


def cmd_solution(args) -> int:
    from . import solutions
    try:
        s = solutions.find(args.question, args.assignment)
    except solutions.SolutionNotAvailable as e:
        print(e)
        return 1
    print(s.plain())
    return 0


def cmd_progress(args) -> int:
    from . import progress
    return progress.main(args)


def cmd_selfgrade(args) -> int:
    from . import selfgrade
    return selfgrade.main(args)


def cmd_lab(args) -> int:
    from . import lab
    return lab.main(args)


def add_student_commands(sub) -> None:
    """Commands for students and self-study learners."""
    s = sub.add_parser("hint", help="show hints for a question, e.g. `workbook hint q3 --level 2`")
    s.add_argument("question")
    s.add_argument("--assignment", "-a", default=None)
    s.add_argument("--level", type=int, default=1, help="show hints 1..LEVEL (default 1)")
    s.add_argument("--all", action="store_true", help="show every hint")
    s.set_defaults(func=cmd_hint)

    s = sub.add_parser("solution", help="show the instructor solution (self-study clones, where source/ exists)")
    s.add_argument("question")
    s.add_argument("--assignment", "-a", default=None)
    s.set_defaults(func=cmd_solution)

    s = sub.add_parser("progress", help="per assignment, how many visible tests pass in your workspace")
    s.add_argument("assignment", nargs="*", help="only these assignments")
    s.add_argument("--workspace", "-w", default=None, help="your workspace (default: work/ of the course)")
    s.add_argument("--saved", action="store_true",
                   help="read the outputs saved in the notebooks instead of running them")
    s.set_defaults(func=cmd_progress)

    s = sub.add_parser("selfgrade", help="grade your workspace against the solution key, hidden tests included")
    s.add_argument("target", nargs="?", default=None, help="an assignment (e.g. 02_sql) or a notebook path")
    s.add_argument("--workspace", "-w", default=None, help="your workspace (default: work/ of the course)")
    s.add_argument("--timeout", type=float, default=900, help="seconds per assignment")
    s.set_defaults(func=cmd_selfgrade)

    s = sub.add_parser("lab", help="copy release/ into work/ (keeping your work) and start JupyterLab")
    s.add_argument("--workspace", "-w", default=None, help="where to work (default: work/ of the course)")
    s.add_argument("--setup-only", action="store_true", help="prepare the workspace, do not start JupyterLab")
    s.add_argument("lab_args", nargs=argparse.REMAINDER,
                   help="arguments passed to `jupyter lab` (after --), e.g. -- --no-browser --port 8890")
    s.set_defaults(func=cmd_lab)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbook", description="Daon Market ML engineer course workbook")
    p.add_argument("--root", help="course folder (default: found from the working directory)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("release", help="generate release/ from source/ with nbgrader")
    s.add_argument("assignment", nargs="*")
    s.set_defaults(func=cmd_release)

    s = sub.add_parser("lint", help="check source notebooks")
    s.add_argument("notebooks", nargs="*")
    s.set_defaults(func=cmd_lint)

    s = sub.add_parser("fmt", help="normalise source notebooks (outputs, metadata, ids)")
    s.add_argument("notebooks", nargs="*")
    s.add_argument("--check", action="store_true", help="only report what would change")
    s.set_defaults(func=cmd_fmt)

    s = sub.add_parser("autograde", help="autograde submissions in parallel")
    s.add_argument("assignment")
    s.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: cores)")
    s.add_argument("--student", action="append", help="only this student (repeatable)")
    s.add_argument("--force", action="store_true", help="regrade even if unchanged")
    s.add_argument("--no-sandbox", action="store_true", help="run student code unsandboxed (warns)")
    s.add_argument("--timeout", type=float, default=600, help="wall-clock seconds per submission (and per notebook)")
    s.add_argument("--cell-timeout", type=float, default=None,
                   help="seconds per cell (default: Execute.timeout in nbgrader_config.py)")
    s.add_argument("--memory", default=None, help="memory per notebook, e.g. 2G (default: nbgrader_config.py)")
    s.set_defaults(func=cmd_autograde)

    s = sub.add_parser("feedback", help="generate feedback for an assignment (never shows hidden tests)")
    s.add_argument("assignment")
    s.add_argument("--student", action="append", help="only this student (repeatable)")
    s.set_defaults(func=cmd_feedback)

    s = sub.add_parser("report", help="grades.csv, a score/pass-rate picture and the flagged submissions")
    s.add_argument("assignment")
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("demo", help="the instructor's whole job on a synthetic class")
    s.add_argument("--jobs", "-j", type=int, default=None)
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("nb2txt", help="print a notebook in the plain-text authoring form")
    s.add_argument("notebook")
    s.set_defaults(func=cmd_nb2txt)

    s = sub.add_parser("txt2nb", help="write a notebook from the plain-text authoring form")
    s.add_argument("text")
    s.add_argument("notebook")
    s.set_defaults(func=cmd_txt2nb)

    add_student_commands(sub)
    return p


def main(argv=None) -> int:
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
