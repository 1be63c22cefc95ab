"""`workbook demo`: the instructor's whole job on a synthetic class.

release every assignment -> a demo class submits -> autograde -> feedback ->
grades.csv -> a per-student score table.

The demo class (students named for what they submit):

* ``demo_full``: the instructor solutions (must get full marks);
* ``demo_blank``: the untouched release (must get 0);
* ``demo_partial``: the solutions of every other exercise, the others left
  as released;
* ``demo_broken``: an unreadable notebook or a renamed one (reported, the
  others are still graded).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ..course import layout as course
from . import release
from ..grading import package
from ..grading import runner as grader
from ..course import nb as nbm

STUDENTS = ["demo_full", "demo_blank", "demo_partial", "demo_broken"]


def solved(root: Path, assignment: str, notebook: str) -> dict[str, str]:
    return nbm.solved_sources(nbm.read(course.directory(root, "source") / assignment / f"{notebook}.ipynb"))


def partial_answers(root: Path, assignment: str, notebook: str) -> dict[str, str]:
    """The solutions of the 1st, 3rd, ... exercise; the 2nd, 4th, ... left as
    released (the stub)."""
    src = nbm.read(course.directory(root, "source") / assignment / f"{notebook}.ipynb")
    sols = nbm.solved_sources(src)
    out = {}
    autos = [ex for ex in nbm.exercises(src) if ex.autograded]
    for i, ex in enumerate(autos):
        out[ex.grade_id] = sols[ex.grade_id] if i % 2 == 0 else nbm.CODE_STUB
    for ex in nbm.exercises(src):
        if not ex.autograded:
            out[ex.grade_id] = "I am not sure yet."
    return out


def write_submission(root: Path, student: str, assignment: str, notebooks: dict[str, object]) -> Path:
    d = root / "submitted" / student / assignment
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    for name, content in notebooks.items():
        path = d / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            nbm.write(content, path)
    (d / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")
    return d


def make_class(root: Path, assignments: list[str]) -> None:
    for k, a in enumerate(assignments):
        rel = {p.stem: nbm.read(p) for p in course.notebooks(root, a, "release")}
        full, partial, blank, broken = {}, {}, {}, {}
        for name, rnb in rel.items():
            full[f"{name}.ipynb"] = nbm.make_submission(rnb, solved(root, a, name))
            partial[f"{name}.ipynb"] = nbm.make_submission(rnb, partial_answers(root, a, name))
            blank[f"{name}.ipynb"] = rnb
            text = nbm.dumps(full[f"{name}.ipynb"])
            if k % 2 == 0:
                broken[f"{name}.ipynb"] = text[: len(text) // 2]  # a truncated upload
            else:
                broken[f"{name} (1).ipynb"] = text  # downloaded twice, renamed by the browser
        write_submission(root, "demo_full", a, full)
        write_submission(root, "demo_partial", a, partial)
        write_submission(root, "demo_blank", a, blank)
        write_submission(root, "demo_broken", a, broken)


def _check_reference(root: Path, assignment: str, results) -> None:
    """demo_full (the instructor solution) must get full marks, else the
    grader is wrong for everyone: the demo stops, naming the cells."""
    r = next((r for r in results if r.student == "demo_full"), None)
    if r is None or r.status != "graded":
        raise grader.GraderError(f"the instructor solution of {assignment} (demo_full) could not be graded"
                                 f" ({r.reason if r else 'no result'}): {package.diagnose()}")
    short = [f"{cell}: {got:g}/{mx:g}" for cell, (got, mx) in grader.cell_scores(root, assignment, "demo_full").items()
             if got is not None and got < mx - 1e-9]
    if short:
        raise grader.GraderError(f"the instructor solution of {assignment} (demo_full) does not get full marks:\n  "
                                 + "\n  ".join(short) + "\n" + package.diagnose())


def run(root: Path, jobs: int | None = None, sandbox: bool | None = None, log=print) -> dict:
    from rich.table import Table

    from ..ui import console, results_table, rule
    root = Path(root).resolve()
    names = course.assignments(root)
    rule("[bold]1. release")
    release.release(root, names, log=log)
    rule("[bold]2. the demo class submits")
    make_class(root, names)
    log(f"submitted/: {', '.join(STUDENTS)} x {len(names)} assignments")
    rule("[bold]3. autograde")
    if sandbox is None:
        from ..grading import sandbox as sbx
        if sbx.bwrap_path() is None:  # the demo grades only its own synthetic class: it may go on without
            log("notice: bubblewrap is not installed, so the demo grades its own synthetic class without the "
                "sandbox (`sudo apt-get install bubblewrap` to use it; `workbook autograde` needs it for a class)")
            sandbox = False
    all_results = {}
    # demo_full submits the instructor solution, which is what autograde's reference run grades before the
    # class: here demo_full is that reference (graded once, not twice), and a solution short of full marks
    # stops the demo as the reference run would
    log("reference run: demo_full is the instructor solution; the demo stops if it does not get full marks")
    # one pool for the whole course: the workers' start-up once, and a worker free at the end of one
    # assignment starts on the next
    import contextlib
    with grader.WorkerPool(jobs or os.cpu_count() or 1) as pool, contextlib.closing(grader.autograde_in_turn(
            root, names, pool, jobs=jobs, force=True, reference=False,
            **({"sandbox": sandbox} if sandbox is not None else {}))) as each:
        for a, results in each:
            if isinstance(results, grader.GraderError):
                raise results
            console.print(results_table(results, f"{a}"))
            all_results[a] = results
            _check_reference(root, a, results)
    rule("[bold]4. feedback (failed tests and their messages; never hidden tests)")
    from ..grading import feedback, report
    for a, n in feedback.generate_every(root).items():   # one nbgrader run for the whole course
        if isinstance(n, feedback.LeakError):  # refused, files removed: say so, go on
            log(f"error: {n}")
        else:
            log(f"feedback for {a}: {n} notebooks in feedback/")
    rule("[bold]5. grades and reports")
    out = root / "reports" / "grades.csv"
    out.parent.mkdir(exist_ok=True)
    course.nbgrader(root, "export", f"--to={out}")
    log(f"exported {out.relative_to(root)} (every assignment)")
    for a in names:
        rep = report.build(root, a)
        report.print_report(rep, root)
    table = Table(title="Demo class: autograded score per assignment (manually graded parts pending)")
    table.add_column("student", no_wrap=True)
    for a in names:
        table.add_column(a.split("_", 1)[0], justify="right")  # "02": the full names are in the caption
    table.caption = "  ".join(names)
    summary = {}
    for s in STUDENTS:
        row = [s]
        for a in names:
            r = next((r for r in all_results[a] if r.student == s), None)
            if r is None or r.status == "failed":
                row.append("not graded")
                summary[(s, a)] = None
                continue
            cells = grader.cell_scores(root, a, s)
            got = sum(v[0] for v in cells.values() if v[0] is not None)
            mx = sum(v[1] for v in cells.values() if v[0] is not None)
            pending = sum(v[1] for v in cells.values() if v[0] is None)
            summary[(s, a)] = (got, mx)
            row.append(f"{got:g}/{mx:g}" + (f" (+{pending:g} manual)" if pending else ""))
        table.add_row(*row)
    console.print(table)
    (root / "reports" / "demo_summary.json").write_text(json.dumps(
        {f"{s}/{a}": v for (s, a), v in summary.items()}, indent=1))
    return summary
