"""`workbook report ASSIGNMENT`: every student, with a status, a column per
question, a picture of the class and the submissions to look at.

* ``reports/<assignment>/grades.csv``: one row per student of the class (the
  gradebook's students and everyone with a submission folder), with a status
  (graded, failed with the reason, missing), the total, the manual points
  still to grade, the flags still raised (their reasons, ``; ``-separated)
  and those an instructor cleared after review (``flags.py``), and one column
  per graded cell;
* ``reports/<assignment>/scores.png``: the distribution of the autograded
  scores (with how many students were not graded) and the pass rate (full
  marks) of every test cell;
* ``reports/<assignment>/flagged.json`` and the printed list: submissions the
  grader could not grade (with the reason) and the flagged ones (with the
  reasons), from the grader's state files and the gradebook: a flag cleared
  by hand (``workbook flags clear``, or the formgrader's unflag) is not
  listed.

Nothing the student wrote is rendered: only numbers and the grader's words.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..course.layout import Course
from . import flags as flagsm
from . import gradebook
from .results import printable
from .runner import read_state


@dataclass
class Row:
    student: str
    status: str                      # graded | failed | missing
    reason: str = ""
    total: float | None = None
    manual_pending: int = 0
    cells: dict[str, float | None] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)   # flags an instructor cleared after review


@dataclass
class Report:
    assignment: str
    csv: Path
    png: Path
    flagged_json: Path
    rows: list[Row] = field(default_factory=list)
    max_score: float = 0.0
    max_auto: float = 0.0
    pass_rates: dict[str, float] = field(default_factory=dict)
    flagged: dict[str, list[str]] = field(default_factory=dict)
    cells: list[tuple[str, str, float]] = field(default_factory=list)   # (grade_id, cell type, points)

    @property
    def students(self) -> int:
        return len(self.rows)

    @property
    def graded(self) -> int:
        return sum(r.status == "graded" for r in self.rows)

    @property
    def mean(self) -> float:
        vals = [r.total for r in self.rows if r.status == "graded" and r.total is not None]
        return sum(vals) / len(vals) if vals else 0.0

    @property
    def manual_pending(self) -> int:
        return sum(r.manual_pending for r in self.rows)


def collect(course: Course, assignment: str) -> Report:
    from nbgrader.api import MissingEntry
    out = course.root / "reports" / assignment
    rep = Report(assignment, out / "grades.csv", out / "scores.png", out / "flagged.json")
    cells: list[tuple[str, str, float]] = []      # (grade_id, cell type, points)
    subs: dict[str, object] = {}
    with gradebook.connect(course) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:
            raise SystemExit(f"the gradebook has no assignment {assignment!r}: run `workbook autograde {assignment}`")
        for nb in a.notebooks:
            for gc in list(nb.grade_cells) + list(nb.task_cells):
                cells.append((gc.name, gc.cell_type, float(gc.max_score)))
        rep.max_score = sum(p for _, _, p in cells)
        rep.max_auto = sum(p for _, t, p in cells if t == "code")
        everyone = {s.id for s in gb.students} | set(course.students(assignment))
        flagged_in_gradebook: dict[str, dict[str, bool]] = {}
        for sub in a.submissions:
            row = Row(sub.student.id, "graded")
            total, pending = 0.0, 0
            for snb in sub.notebooks:
                flagged_in_gradebook.setdefault(row.student, {})[snb.name] = bool(snb.flagged)
                for g in snb.grades:
                    if g.needs_manual_grade and g.manual_score is None:
                        row.cells[g.name] = None
                        pending += 1
                    else:
                        row.cells[g.name] = float(g.score or 0)
                        total += float(g.score or 0)
            row.total, row.manual_pending = total, pending
            subs[row.student] = row
    for sid in sorted(everyone | set(subs)):
        row = subs.get(sid) or Row(sid, "missing", "no submission")
        st = read_state(course, assignment, sid)
        if st:
            if st.get("status") == "failed":
                row.status, row.reason = "failed", st.get("reason") or "unknown reason"
                row.total, row.cells = None, {}
            elif st.get("needs_regrade"):   # a shard's result for a newer submission was refused as stale
                row.reason = st["needs_regrade"]
            in_gradebook = flagged_in_gradebook.get(sid, {})
            cleared = flagsm.cleared_reasons(st)
            unflagged = flagsm.unflagged_in_formgrader(st, in_gradebook)
            for f in flagsm.of_state(st):
                if str(f) in cleared:
                    row.cleared.append(str(f))
                elif f in unflagged:
                    row.cleared.append(f"{f} (unflagged in the formgrader)")
                else:
                    row.flags.append(str(f))
        elif row.status == "missing" and (course.path("submitted", sid, assignment)).exists():
            row.reason = "submitted but not graded yet"
        named = {f.split(": ", 1)[0] for f in row.flags}
        row.flags += [f"{nb}: flagged in the gradebook (by hand, in the formgrader)"
                      for nb, on in sorted(flagged_in_gradebook.get(sid, {}).items()) if on and nb not in named]
        rep.rows.append(row)
    for name, ctype, pts in cells:
        if ctype != "code":
            continue
        got = [r.cells.get(name) for r in rep.rows if r.status == "graded"]
        got = [g for g in got if g is not None]
        rep.pass_rates[name] = (sum(g >= pts - 1e-9 for g in got) / len(got)) if got else 0.0
    rep.cells = cells
    for r in rep.rows:
        reasons = ([f"not graded: {r.reason}"] if r.status == "failed" else []) + list(dict.fromkeys(r.flags))
        if reasons:
            rep.flagged[r.student] = reasons
    return rep


def _text_cell(text: str) -> str:
    """A text cell of grades.csv: printable (``results.printable``), and never read as a formula by a
    spreadsheet: a cell that would start with = + - @ (a flag quoting a name a submission chose) starts with an
    apostrophe, which spreadsheets take as "text" and do not show (OWASP's advice on CSV injection)."""
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(rep: Report) -> None:
    rep.csv.parent.mkdir(parents=True, exist_ok=True)
    cells = rep.cells
    with open(rep.csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "status", "reason", "total", "max_score", "manual_to_grade", "flags",
                    "flags_cleared", *[c for c, _, _ in cells]])
        for r in rep.rows:
            w.writerow([_text_cell(r.student), r.status, _text_cell(r.reason), "" if r.total is None else f"{r.total:g}",
                        f"{rep.max_score:g}", r.manual_pending, _text_cell("; ".join(dict.fromkeys(r.flags))),
                        _text_cell("; ".join(dict.fromkeys(r.cleared))),
                        *["" if r.cells.get(c) is None else f"{r.cells[c]:g}" for c, _, _ in cells]])


def plot(rep: Report) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    auto = {c for c, t, _ in rep.cells if t == "code"}
    vals = [sum(v for k, v in r.cells.items() if k in auto and v is not None) for r in rep.rows
            if r.status == "graded"]
    not_graded = sum(r.status != "graded" for r in rep.rows)
    bins = max(5, min(20, int(rep.max_auto) + 1)) if rep.max_auto else 10
    ax1.hist(vals, bins=bins, range=(0, max(rep.max_auto, 1)), color="#3b7dd8", edgecolor="white")
    ax1.set_title(f"{rep.assignment}: autograded score ({len(vals)} graded, {not_graded} not graded)")
    ax1.set_xlabel(f"score (out of {rep.max_auto:g})")
    ax1.set_ylabel("students")
    ax1.yaxis.get_major_locator().set_params(integer=True)
    names = list(rep.pass_rates)
    rates = [100 * v for v in rep.pass_rates.values()]
    ax2.barh(names[::-1], rates[::-1], color="#2a9d6f")
    ax2.set_xlim(0, 100)
    ax2.set_xlabel("% of graded submissions with full marks")
    ax2.set_title("pass rate per test cell")
    for y, r in enumerate(rates[::-1]):
        ax2.text(min(r + 1, 92), y, f"{r:.0f}%", va="center", fontsize=8)
    fig.tight_layout()
    rep.png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(rep.png, dpi=110)
    plt.close(fig)


def build(root, assignment: str, out_dir: Path | None = None, course: Course | None = None) -> Report:
    course = course or Course.load(root)
    rep = collect(course, assignment)
    if out_dir is not None:
        out = Path(out_dir)
        rep.csv, rep.png, rep.flagged_json = out / "grades.csv", out / "scores.png", out / "flagged.json"
    write_csv(rep)
    plot(rep)
    rep.flagged_json.write_text(json.dumps(rep.flagged, indent=1, ensure_ascii=False))
    return rep


def print_report(rep: Report, root: Path) -> None:
    from rich.table import Table

    from ..ui import console
    by = {s: sum(r.status == s for r in rep.rows) for s in ("graded", "failed", "missing")}
    console.print(f"[bold]{rep.assignment}[/]: {rep.students} students: {by['graded']} graded, {by['failed']} failed, "
                  f"{by['missing']} missing; mean score of the graded {rep.mean:.2f} / {rep.max_score:g}; "
                  f"{rep.manual_pending} answers still to grade by hand")
    t = Table(title="pass rate per test cell")
    t.add_column("test cell")
    t.add_column("full marks", justify="right")
    for k, v in rep.pass_rates.items():
        t.add_row(k, f"{100 * v:.0f}%")
    console.print(t)
    if rep.flagged:
        console.print(f"[bold]flagged submissions ({len(rep.flagged)}): look at these by hand[/]")
        for s, reasons in sorted(rep.flagged.items()):
            console.print(f"FLAGGED {printable(s)}", markup=False)
            for r in reasons:
                console.print(f"    - {printable(r)}", markup=False, soft_wrap=True)
    else:
        console.print("no flagged submissions")
    cleared = sum(bool(r.cleared) for r in rep.rows)
    if cleared:
        console.print(f"{cleared} submission(s) with flags cleared after review (grades.csv: flags_cleared)")
    for p in (rep.csv, rep.png, rep.flagged_json):
        try:
            shown = p.relative_to(root)
        except ValueError:
            shown = p
        console.print(f"wrote {shown}")
