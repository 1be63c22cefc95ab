"""An estimate of each assignment's time for a student, now and at another
commit, from what the student must read and answer (not a timing: the
course has no logged student sessions to measure).

    .venv/bin/python bench/student_time.py [--against REV] [ASSIGNMENT ...]

The model is deliberately simple and the same for both commits, so the ratio
says whether an assignment grew or shrank, not how long a given student takes:
- reading: the released notebook's prose (markdown, without solutions, hidden
  tests or mark schemes) at READ_WPM words a minute (a student reading
  technical English as a second language), and its visible code (setup,
  worked examples, test cells) at CODE_LPM lines a minute;
- answering: SOLVE_BASE minutes per autograded exercise plus SOLVE_PER_LINE
  minutes per line of the instructor's solution, and WRITE_PER_POINT minutes
  per point of a written answer graded by a person.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from workbook.course import layout as course  # noqa: E402
from workbook.course import nb as nbm  # noqa: E402

READ_WPM = 130
CODE_LPM = 12
SOLVE_BASE = 4.0
SOLVE_PER_LINE = 0.8
WRITE_PER_POINT = 6.0

_SCHEME = re.compile(r"=== BEGIN MARK SCHEME ===.*?=== END MARK SCHEME ===", re.S)


def _notebook(assignment: str, rev: str | None):
    rel = f"source/{assignment}/{assignment}.ipynb"
    if rev is None:
        path = ROOT / rel
        return nbformat.read(path, as_version=4) if path.exists() else None
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{rel}"], capture_output=True, text=True)
    return nbformat.reads(shown.stdout, as_version=4) if shown.returncode == 0 else None


def estimate(nb) -> dict[str, float]:
    """Minutes to read and to answer one source notebook, by the model above."""
    words = code_lines = solution_lines = 0
    autograded = written_points = 0.0
    for cell in nb.cells:
        kind = nbm.kind(cell)
        if cell.cell_type == "markdown":
            text = _SCHEME.sub("", cell.source)
            if kind == "manual":
                text = text.split("### BEGIN SOLUTION")[0]
            words += len(text.split())
        elif kind == "answer":
            solution_lines += sum(1 for line in nbm.solution_lines(cell.source) if line.strip())
        else:
            visible = nbm.visible_part(cell.source) if kind == "tests" else cell.source
            code_lines += sum(1 for line in visible.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    for ex in nbm.exercises(nb):
        if ex.kind == "manual":
            written_points += ex.points
        else:
            autograded += 1
    read = words / READ_WPM + code_lines / CODE_LPM
    answer = autograded * SOLVE_BASE + solution_lines * SOLVE_PER_LINE + written_points * WRITE_PER_POINT
    return {"words": words, "code": code_lines, "exercises": autograded, "solution": solution_lines,
            "minutes": read + answer}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", default=None, help="a commit to compare with (default: none)")
    ap.add_argument("assignments", nargs="*")
    args = ap.parse_args(argv)
    names = args.assignments or course.assignments(ROOT)
    head = f"{'assignment':24s} {'words':>6s} {'code':>5s} {'ex':>3s} {'sol':>4s} {'min':>5s}"
    print(head + (f" {'then':>5s} {'ratio':>6s}" if args.against else ""))
    for name in names:
        now = estimate(_notebook(name, None))
        line = (f"{name:24s} {now['words']:6d} {now['code']:5d} {now['exercises']:3.0f} {now['solution']:4d} "
                f"{now['minutes']:5.0f}")
        if args.against:
            old_nb = _notebook(name, args.against)
            if old_nb is None:
                line += f" {'-':>5s} {'new':>6s}"
            else:
                old = estimate(old_nb)
                line += f" {old['minutes']:5.0f} {now['minutes'] / old['minutes']:6.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
