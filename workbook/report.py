"""`workbook report ASSIGNMENT`: grades.csv, a picture of the class, and the
submissions to look at.

* ``reports/<assignment>/grades.csv``: ``nbgrader export`` of that assignment;
* ``reports/<assignment>/scores.png``: the distribution of the autograded
  scores and the pass rate (full marks) of every test cell (matplotlib, Agg);
* ``reports/<assignment>/flagged.json`` and the printed list: submissions the
  grader could not grade (with the reason) and the ones flagged for tampering
  (with the reasons), from the grader's state files and the gradebook.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import course, grader


@dataclass
class Report:
    assignment: str
    csv: Path
    png: Path
    flagged_json: Path
    students: int = 0
    graded: int = 0
    mean: float = 0.0
    max_score: float = 0.0
    pass_rates: dict[str, float] = field(default_factory=dict)
    flagged: dict[str, list[str]] = field(default_factory=dict)


def collect(root: Path, assignment: str):
    """(totals per student, per-test-cell pass flags, max score, flagged)."""
    from nbgrader.api import Gradebook, MissingEntry
    totals: dict[str, float] = {}
    passes: dict[str, list[bool]] = {}
    max_auto = 0.0
    flagged: dict[str, list[str]] = {}
    with Gradebook(grader.db_url(root), grader.course_id(root)) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:
            raise SystemExit(f"the gradebook has no assignment {assignment!r}: run `workbook autograde {assignment}`")
        for nb in a.notebooks:
            for gc in nb.grade_cells:
                if gc.cell_type == "code":
                    max_auto += float(gc.max_score)
                    passes.setdefault(gc.name, [])
        for sub in a.submissions:
            sid = sub.student.id
            total = 0.0
            for snb in sub.notebooks:
                if snb.flagged:
                    flagged.setdefault(sid, []).append(f"{snb.name}: flagged in the gradebook")
                for g in snb.grades:
                    if g.cell.cell_type != "code":
                        continue
                    s = float(g.score or 0)
                    total += s
                    passes.setdefault(g.name, []).append(s >= float(g.max_score) - 1e-9)
            totals[sid] = total
    state_dir = root / grader.STATE_DIR / assignment
    for p in sorted(state_dir.glob("*.json")) if state_dir.is_dir() else []:
        if p.stem == "registered":
            continue
        try:
            st = json.loads(p.read_text())
        except ValueError:
            continue
        reasons = []
        if st.get("status") == "failed":
            reasons.append("not graded: " + (st.get("reason") or "unknown reason"))
        reasons += st.get("flags", [])
        if reasons:
            flagged[p.stem] = list(dict.fromkeys(reasons + [r for r in flagged.get(p.stem, [])
                                                            if "flagged in the gradebook" not in r]))
    return totals, passes, max_auto, flagged


def plot(path: Path, assignment: str, totals: dict[str, float], passes: dict[str, list[bool]], max_auto: float):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    vals = list(totals.values())
    bins = max(5, min(20, int(max_auto) + 1)) if max_auto else 10
    ax1.hist(vals, bins=bins, range=(0, max(max_auto, 1)), color="#3b7dd8", edgecolor="white")
    ax1.set_title(f"{assignment}: autograded score ({len(vals)} submissions)")
    ax1.set_xlabel(f"score (out of {max_auto:g})")
    ax1.set_ylabel("students")
    ax1.yaxis.get_major_locator().set_params(integer=True)
    names = list(passes)
    rates = [100 * sum(v) / len(v) if v else 0 for v in passes.values()]
    ax2.barh(names[::-1], rates[::-1], color="#2a9d6f")
    ax2.set_xlim(0, 100)
    ax2.set_xlabel("% of submissions with full marks")
    ax2.set_title("pass rate per test cell")
    for y, r in enumerate(rates[::-1]):
        ax2.text(min(r + 1, 92), y, f"{r:.0f}%", va="center", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def build(root: Path, assignment: str, out_dir: Path | None = None) -> Report:
    root = Path(root).resolve()
    out = Path(out_dir or root / "reports" / assignment)
    out.mkdir(parents=True, exist_ok=True)
    csv = out / "grades.csv"
    course.nbgrader(root, "export", f"--to={csv}", f"--assignment={assignment}")
    totals, passes, max_auto, flagged = collect(root, assignment)
    png = out / "scores.png"
    plot(png, assignment, totals, passes, max_auto)
    fj = out / "flagged.json"
    fj.write_text(json.dumps(flagged, indent=1, ensure_ascii=False))
    rep = Report(assignment, csv, png, fj, students=len(set(totals) | set(flagged)), graded=len(totals),
                 mean=sum(totals.values()) / len(totals) if totals else 0.0, max_score=max_auto,
                 pass_rates={k: (sum(v) / len(v) if v else 0.0) for k, v in passes.items()}, flagged=flagged)
    return rep


def print_report(rep: Report, root: Path) -> None:
    from rich.table import Table

    from .ui import console
    console.print(f"[bold]{rep.assignment}[/]: {rep.graded} graded, mean autograded score "
                  f"{rep.mean:.2f} / {rep.max_score:g}")
    t = Table(title="pass rate per test cell")
    t.add_column("test cell")
    t.add_column("full marks", justify="right")
    for k, v in rep.pass_rates.items():
        t.add_row(k, f"{100 * v:.0f}%")
    console.print(t)
    if rep.flagged:
        console.print(f"[bold]flagged submissions ({len(rep.flagged)}): look at these by hand[/]")
        for s, reasons in sorted(rep.flagged.items()):
            console.print(f"FLAGGED {s}", markup=False)
            for r in reasons:
                console.print(f"    - {r}", markup=False, soft_wrap=True)
    else:
        console.print("no flagged submissions")
    for p in (rep.csv, rep.png, rep.flagged_json):
        console.print(f"wrote {p.relative_to(root) if p.is_relative_to(root) else p}")
