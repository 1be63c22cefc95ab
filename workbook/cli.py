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
    kw = {}
    if getattr(args, "no_sandbox", False) or getattr(args, "memory", None) or getattr(args, "cell_timeout", None):
        kw = {k: v for k, v in {"sandbox": not args.no_sandbox, "memory": args.memory}.items() if v is not None}
    try:
        results = grader.autograde(_root(args), args.assignment, jobs=args.jobs, students=args.student or None,
                                   force=args.force, timeout=args.timeout, **kw)
    except grader.GraderError as e:  # type: ignore[attr-defined]
        print(f"error: {e}", file=sys.stderr)
        return 2
    console.print(results_table(results, f"autograde {args.assignment}"))
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_feedback(args) -> int:
    from . import feedback
    n = feedback.generate(_root(args), args.assignment)
    print(f"{n} feedback files in feedback/*/{args.assignment}/")
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
    s.add_argument("--timeout", type=float, default=600, help="seconds per submission")
    s.add_argument("--memory", default=None, help="memory per submission, e.g. 2G")
    s.set_defaults(func=cmd_autograde)

    s = sub.add_parser("feedback", help="generate feedback for an assignment")
    s.add_argument("assignment")
    s.set_defaults(func=cmd_feedback)

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
    return p


def main(argv=None) -> int:
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
