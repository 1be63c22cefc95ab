"""Progress at a glance: per assignment, how many visible tests pass in the
student's workspace.

``workbook progress`` in a terminal, or ``progress()`` in a notebook cell.
Each notebook is graded as the grader would, on its visible tests: by
``workbook.grading.local`` (the course's autograde preprocessors and
nbgrader's ``determine_grade``), with the test cells taken from release/ when
the course has it, so an edited test cell does not count, and in a scratch
copy of its folder (the workspace is never written to). It is the student's
own code on the student's own machine, so it runs without the sandbox.
Results are cached by the notebook's content, so asking again costs nothing
until a notebook changes. ``saved=True`` (``--saved``) reads the outputs saved
in the notebooks instead: instant, but only as fresh as the last run.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ..course import layout as course
from .. import i18n
from ..course import nb as nbm
from ..i18n import format_, tr
from ..markers import stubs

CACHE_VERSION = 3


@dataclass
class NotebookProgress:
    assignment: str
    notebook: str
    tests_passed: int
    tests_total: int
    answered: int
    questions: int
    points_passed: float
    points_total: float
    error: str = ""
    next: str = ""   # the first question whose visible tests do not all pass ('q3'); '' when they all do

    @property
    def done(self) -> bool:
        return self.tests_total > 0 and self.tests_passed == self.tests_total


def find_workspace(start: str | Path | None = None) -> Path:
    """The student's workspace: work/ of the course folder above the working
    directory; inside a workspace, the workspace itself; else the working
    directory (or its parent when it holds notebooks)."""
    here = Path(start or os.getcwd()).resolve()
    for d in [here, *here.parents]:
        if (d / "work").is_dir() and ((d / "release").is_dir() or (d / "source").is_dir()):
            return d / "work"
        if d.name == "work" and ((d.parent / "release").is_dir() or (d.parent / "source").is_dir()):
            return d
    if any(here.glob("*.ipynb")) and not any(here.glob("*/*.ipynb")):
        return here.parent
    return here


def release_dir(workspace: Path) -> Path | None:
    for d in [workspace.parent, *workspace.parent.parents, course.REPO_ROOT]:
        if (d / "release").is_dir():
            return d / "release"
    return None


def workspace_assignments(workspace: Path) -> list[str]:
    if not workspace.is_dir():
        return []
    return sorted(p.name for p in workspace.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb")))


def _count(book, assignment: str, name: str, grades: dict | None) -> NotebookProgress:
    """Tests passed and points, from nbgrader's ``determine_grade``: given
    (``grades``, a graded run) or on the saved outputs of the test cells that ran."""
    from nbgrader.utils import determine_grade
    tests = [c for c in book.cells if nbm.kind(c) == "tests"]
    exercises = nbm.exercises(book)
    question = {t: ex.grade_id.split("_")[0] for ex in exercises for t in ex.test_ids}
    passed, points, first = 0, 0.0, ""
    for c in tests:
        gid = nbm.meta(c).get("grade_id")
        if grades is not None:
            g = grades.get(gid)
            score, mx = (g.score, g.max_score) if g else (0.0, float(nbm.meta(c).get("points") or 0))
        elif c.get("execution_count") is None:
            score, mx = 0.0, float(nbm.meta(c).get("points") or 0)
        else:
            score, mx = determine_grade(c)
        passed += bool(score is not None and score >= mx)
        points += score or 0.0
        if not first and not (score is not None and score >= mx):
            first = question.get(gid, "")
    answered = 0
    code_stub, text_stub = stubs(i18n.language_for(i18n.notebook_language(book)).gettext)
    for ex in exercises:
        src = book.cells[ex.answer_index].source.strip()
        if src and code_stub not in src and nbm.CODE_STUB not in src and src not in (text_stub, nbm.TEXT_STUB):
            answered += 1
    total = sum(float(nbm.meta(c).get("points", 0) or 0) for c in tests)
    return NotebookProgress(assignment, name, passed, len(tests), answered, len(exercises), points, total, next=first)


def _fingerprint(path: Path, release_nb_path: Path | None) -> str:
    h = hashlib.sha256(f"v{CACHE_VERSION}".encode())
    h.update(path.read_bytes())
    if release_nb_path and release_nb_path.exists():
        h.update(release_nb_path.read_bytes())
    return h.hexdigest()


def _cache_file() -> Path:
    from ..data import cache_dir
    return cache_dir() / "progress-cache.json"


def _load_cache() -> dict:
    try:
        return json.loads(_cache_file().read_text())
    except (OSError, ValueError):
        return {}


def _save_cache(cache: dict) -> None:
    f = _cache_file()
    tmp = f.with_name(f"{f.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(cache))
    os.replace(tmp, f)


def _config(release_nb_path: Path | None):
    """The course's configuration when the release comes from a course folder."""
    if release_nb_path is not None:
        root = release_nb_path.parent.parent.parent
        if (root / course.CONFIG_FILE).is_file():
            try:
                return course.Course.load(root).config
            except course.CourseError:
                return None
    return None


def run_notebook(path: Path, release_nb=None, release_nb_path: Path | None = None, timeout: int = 300):
    """Grade a copy of the notebook on its visible tests (see the module
    docstring); returns a ``workbook.grading.local.NotebookGrade``."""
    from ..grading import local
    book = nbm.read(path)
    key = release_nb if release_nb is not None else book
    # messages in the notebook's language, from the catalogue released next to it
    overrides = {"TrustedExecute": {"sandbox": False, "secret_file": str(local.secret_file()),
                                    "locale_directory": str(path.parent.resolve() / "locale")},
                 "Execute": {"timeout": timeout}}
    with tempfile.TemporaryDirectory(prefix="wb-progress-") as tmp:
        work = Path(tmp) / path.parent.name
        shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.ipynb"))
        return local.grade_notebook(book, key, work, config=_config(release_nb_path), overrides=overrides,
                                    student="me", name=path.stem)


def notebook_progress(path: Path, release_nb_path: Path | None = None, saved: bool = False,
                      cache: dict | None = None) -> NotebookProgress:
    path = Path(path)
    assignment, name = path.parent.name, path.stem
    try:
        book = nbm.read(path)
    except nbm.NotebookError as e:
        return NotebookProgress(assignment, name, 0, 0, 0, 0, 0, 0, error=str(e).split(": ", 1)[-1])
    if saved:
        return _count(book, assignment, name, None)
    key = f"{path.resolve()}"
    fp = _fingerprint(path, release_nb_path)
    if cache is not None and cache.get(key, {}).get("fingerprint") == fp:
        return NotebookProgress(**cache[key]["result"])
    release_nb = None
    if release_nb_path and release_nb_path.exists():
        try:
            release_nb = nbm.read(release_nb_path)
        except nbm.NotebookError:
            release_nb = None
    graded = run_notebook(path, release_nb, release_nb_path if release_nb is not None else None)
    result = _count(graded.notebook, assignment, name, graded.cells)
    result.error = graded.error
    if cache is not None and not graded.error:
        cache[key] = {"fingerprint": fp, "result": asdict(result)}
    return result


def collect(workspace: str | Path | None = None, assignments: list[str] | None = None,
            saved: bool = False, log=None) -> list[NotebookProgress]:
    ws = Path(workspace).resolve() if workspace else find_workspace()
    rel = release_dir(ws)
    names = assignments or workspace_assignments(ws)
    cache = _load_cache()
    rows = []
    for a in names:
        nbs = sorted((ws / a).glob("*.ipynb"))
        if not nbs and log:
            log(format_("no notebook in {folder}", folder=ws / a))
        for p in nbs:
            if log and not saved:
                log(format_("running {notebook} ...", notebook=f"{a}/{p.name}"))
            rows.append(notebook_progress(p, (rel / a / p.name) if rel else None, saved, cache))
    if not saved:
        try:
            _save_cache(cache)
        except OSError:  # a read-only cache is only slower
            pass
    return rows


def release_language(ws: Path) -> i18n.Language:
    """The language of the course's release next to a workspace (before
    anything is copied into it)."""
    rel = release_dir(ws)
    if rel is not None:
        for p in sorted(rel.glob("*/*.ipynb"))[:1]:
            try:
                return i18n.language_for(i18n.notebook_language(nbm.read(p)))
            except nbm.NotebookError:
                break
    return i18n.Language()


def workspace_language(ws: Path, names: list[str] | None = None) -> i18n.Language:
    """The language of the workspace's notebooks (the first one that says),
    for the tools' own lines."""
    for a in names or workspace_assignments(ws):
        for p in sorted((Path(ws) / a).glob("*.ipynb")):
            try:
                code = i18n.notebook_language(nbm.read(p))
            except nbm.NotebookError:
                continue
            return i18n.language_for(code)
    return i18n.Language()


def status(r: NotebookProgress) -> str:
    """The last column: all visible tests pass, the notebook's error, or the question to work on next."""
    if r.done:
        return tr("✔ all visible tests pass")
    if r.error:
        return r.error
    return format_("next: Question {number}", number=r.next[1:]) if r.next[1:].isdigit() else ""


def table(rows: list[NotebookProgress], title: str | None = None):
    from rich.table import Table
    t = Table(title=title or tr("Progress: visible tests passing"))
    for col, just in ((tr("assignment"), "left"), (tr("notebook"), "left"), (tr("visible tests"), "right"),
                      (tr("points"), "right"), (tr("answered"), "right"), (tr("status"), "left")):
        t.add_column(col, justify=just)
    for r in rows:
        if r.error and not r.tests_total:
            t.add_row(r.assignment, r.notebook, "-", "-", "-", f"[red]{r.error}[/red]")
            continue
        mark = f"[green]{status(r)}[/green]" if r.done else f"[yellow]{status(r)}[/yellow]" if r.error else status(r)
        t.add_row(r.assignment, r.notebook, f"{r.tests_passed}/{r.tests_total}",
                  f"{r.points_passed:g}/{r.points_total:g}", f"{r.answered}/{r.questions}", mark)
    return t


def _html(rows: list[NotebookProgress]) -> str:
    head = "".join(f"<th>{tr(h) if h else h}</th>"
                   for h in ("assignment", "notebook", "visible tests", "points", "answered", "status"))
    body = []
    for r in rows:
        frac = r.tests_passed / r.tests_total if r.tests_total else 0
        bar = (f"<div style='background:#eee;width:120px;height:10px;display:inline-block'>"
               f"<div style='background:#4caf50;width:{int(120 * frac)}px;height:10px'></div></div>")
        note = status(r)
        body.append(f"<tr><td>{r.assignment}</td><td>{r.notebook}</td><td>{bar} {r.tests_passed}/{r.tests_total}"
                    f"</td><td>{r.points_passed:g}/{r.points_total:g}</td><td>{r.answered}/{r.questions}</td>"
                    f"<td>{note}</td></tr>")
    return (f"<table class='workbook-progress'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}"
            f"</tbody></table><p><i>{tr('Visible tests only: hidden tests run when your work is graded.')}</i></p>")


class Progress(list):
    """The rows of ``progress()``: a list of ``NotebookProgress`` that shows
    itself as a table (HTML in a notebook, text in a terminal)."""

    def _repr_html_(self) -> str:
        return _html(self)

    def __rich__(self):
        return table(self)

    def __repr__(self) -> str:
        import io
        from rich.console import Console
        out = io.StringIO()
        Console(file=out, width=100, color_system=None, force_jupyter=False, force_terminal=False).print(table(self))
        return out.getvalue().rstrip()


def progress(assignment: str | list[str] | None = None, workspace: str | Path | None = None,
             saved: bool = False) -> Progress:
    """Show, per assignment, how many visible tests pass in your workspace.
    Grades each notebook on its visible tests (cached while unchanged); pass
    ``saved=True`` to read the saved outputs instead. The result shows itself
    as a table and is also the list of rows."""
    names = [assignment] if isinstance(assignment, str) else assignment
    return Progress(collect(workspace, names, saved))   # shown in the kernel's notebook's language


def main(args) -> int:
    from ..ui import console
    ws = Path(args.workspace).resolve() if args.workspace else find_workspace()
    names = args.assignment or workspace_assignments(ws)
    with i18n.using(workspace_language(ws, names) if names else release_language(ws)):
        if not names:
            console.print(format_("No assignment in {workspace}. Run `workbook lab` (or `make lab`) first: it "
                                  "copies release/ into work/.", workspace=ws))
            return 1
        unknown = [a for a in names if not (ws / a).is_dir()]
        if unknown:
            console.print(format_("No folder {names} in {workspace}", names=", ".join(unknown), workspace=ws))
            return 1
        rows = collect(ws, names, args.saved, log=lambda m: console.print(f"[dim]{m}[/dim]"))
        console.print(table(rows, format_("Progress in {workspace}: visible tests passing", workspace=ws)))
        console.print(f"[dim]{tr('Visible tests only: hidden tests run when your work is graded (self-study: `workbook selfgrade`).')}[/dim]")
    return 0
