"""Progress at a glance: per assignment, how many visible tests pass in the
student's workspace.

``workbook progress`` in a terminal, or ``progress()`` in a notebook cell.
Each notebook is run top to bottom in a fresh kernel on a temporary copy of
its folder (the workspace is never written to), with its test cells taken
from release/ when the course has it, so an accidentally edited test cell
does not count. Results are cached by the notebook's content, so asking again
costs nothing until a notebook changes. ``saved=True`` (``--saved``) reads the
outputs saved in the notebooks instead: instant, but only as fresh as the
last run.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from . import course
from . import nb as nbm

CACHE_VERSION = 1


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


def _test_cells(book) -> list:
    return [c for c in book.cells if nbm.kind(c) == "tests"]


def _restore_tests(book, release_nb) -> None:
    """Put back the release version of every test cell (by grade_id)."""
    if release_nb is None:
        return
    ref = {nbm.meta(c)["grade_id"]: c for c in release_nb.cells if nbm.kind(c) == "tests"}
    for cell in book.cells:
        gid = nbm.meta(cell).get("grade_id")
        if gid in ref:
            cell.source = ref[gid].source
            cell.metadata = ref[gid].metadata


def _failed(cell) -> bool:
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def _count(book, assignment: str, name: str, ran: bool) -> NotebookProgress:
    tests = _test_cells(book)
    passed = [c for c in tests if (ran or c.get("execution_count") is not None) and not _failed(c)]
    exercises = nbm.exercises(book)
    answered = 0
    for ex in exercises:
        src = book.cells[ex.answer_index].source.strip()
        if src and nbm.CODE_STUB not in src and src != nbm.TEXT_STUB:
            answered += 1
    pts = lambda cells: sum(float(nbm.meta(c).get("points", 0) or 0) for c in cells)  # noqa: E731
    return NotebookProgress(assignment, name, len(passed), len(tests), answered, len(exercises),
                            pts(passed), pts(tests))


def _fingerprint(path: Path, release_nb_path: Path | None) -> str:
    h = hashlib.sha256(f"v{CACHE_VERSION}".encode())
    h.update(path.read_bytes())
    if release_nb_path and release_nb_path.exists():
        h.update(release_nb_path.read_bytes())
    return h.hexdigest()


def _cache_file() -> Path:
    from .data import cache_dir
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


def run_notebook(path: Path, release_nb=None, timeout: int = 300) -> tuple[object, str]:
    """Execute a copy of the notebook's folder; returns the executed notebook
    and an error message ('' if it ran to the end, test failures included)."""
    from nbclient import NotebookClient
    book = nbm.read(path)
    _restore_tests(book, release_nb)
    with tempfile.TemporaryDirectory(prefix="wb-progress-") as tmp:
        work = Path(tmp) / path.parent.name
        shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.ipynb"))
        env = course.tool_env({"WORKBOOK_HEADLESS": "1", "PYTHONWARNINGS": "ignore"})
        client = NotebookClient(book, timeout=timeout, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(work)}})
        try:
            client.execute(env=env, cwd=str(work))
        except Exception as e:  # a dead kernel or a timeout: count what ran
            return book, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:200]
    return book, ""


def notebook_progress(path: Path, release_nb_path: Path | None = None, saved: bool = False,
                      cache: dict | None = None) -> NotebookProgress:
    path = Path(path)
    assignment, name = path.parent.name, path.stem
    try:
        book = nbm.read(path)
    except nbm.NotebookError as e:
        return NotebookProgress(assignment, name, 0, 0, 0, 0, 0, 0, error=str(e).split(": ", 1)[-1])
    if saved:
        return _count(book, assignment, name, ran=False)
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
    executed, error = run_notebook(path, release_nb)
    result = _count(executed, assignment, name, ran=True)
    result.error = error
    if cache is not None and not error:
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
            log(f"no notebook in {ws / a}")
        for p in nbs:
            if log and not saved:
                log(f"running {a}/{p.name} ...")
            rows.append(notebook_progress(p, (rel / a / p.name) if rel else None, saved, cache))
    if not saved:
        try:
            _save_cache(cache)
        except OSError:  # a read-only cache is only slower
            pass
    return rows


def table(rows: list[NotebookProgress], title: str = "Progress: visible tests passing"):
    from rich.table import Table
    t = Table(title=title)
    for col, just in (("assignment", "left"), ("notebook", "left"), ("visible tests", "right"),
                      ("points", "right"), ("answered", "right"), ("", "left")):
        t.add_column(col, justify=just)
    for r in rows:
        if r.error and not r.tests_total:
            t.add_row(r.assignment, r.notebook, "-", "-", "-", f"[red]{r.error}[/red]")
            continue
        mark = "[green]✔ all visible tests pass[/green]" if r.done else (f"[yellow]{r.error}[/yellow]" if r.error else "")
        t.add_row(r.assignment, r.notebook, f"{r.tests_passed}/{r.tests_total}",
                  f"{r.points_passed:g}/{r.points_total:g}", f"{r.answered}/{r.questions}", mark)
    return t


def _html(rows: list[NotebookProgress]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("assignment", "notebook", "visible tests", "points", "answered", ""))
    body = []
    for r in rows:
        frac = r.tests_passed / r.tests_total if r.tests_total else 0
        bar = (f"<div style='background:#eee;width:120px;height:10px;display:inline-block'>"
               f"<div style='background:#4caf50;width:{int(120 * frac)}px;height:10px'></div></div>")
        note = "✔" if r.done else (r.error or "")
        body.append(f"<tr><td>{r.assignment}</td><td>{r.notebook}</td><td>{bar} {r.tests_passed}/{r.tests_total}"
                    f"</td><td>{r.points_passed:g}/{r.points_total:g}</td><td>{r.answered}/{r.questions}</td>"
                    f"<td>{note}</td></tr>")
    return (f"<table class='workbook-progress'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}"
            "</tbody></table><p><i>Visible tests only: hidden tests run when your work is graded.</i></p>")


def progress(assignment: str | list[str] | None = None, workspace: str | Path | None = None,
             saved: bool = False) -> list[NotebookProgress]:
    """Show, per assignment, how many visible tests pass in your workspace.
    Runs each notebook in a fresh kernel (cached while unchanged); pass
    ``saved=True`` to read the saved outputs instead. Returns the rows."""
    names = [assignment] if isinstance(assignment, str) else assignment
    rows = collect(workspace, names, saved)
    try:
        from IPython import get_ipython
        if get_ipython() is not None and getattr(get_ipython(), "kernel", None) is not None:
            from IPython.display import HTML, display
            display(HTML(_html(rows)))
            return rows
    except ImportError:  # pragma: no cover
        pass
    from .ui import console
    console.print(table(rows))
    return rows


def main(args) -> int:
    from .ui import console
    ws = Path(args.workspace).resolve() if args.workspace else find_workspace()
    names = args.assignment or workspace_assignments(ws)
    if not names:
        console.print(f"No assignment in {ws}. Run `workbook lab` (or `make lab`) first: it copies release/ "
                      "into work/.")
        return 1
    unknown = [a for a in names if not (ws / a).is_dir()]
    if unknown:
        console.print(f"No folder {', '.join(unknown)} in {ws}")
        return 1
    rows = collect(ws, names, args.saved, log=lambda m: console.print(f"[dim]{m}[/dim]"))
    console.print(table(rows, f"Progress in {ws}: visible tests passing"))
    console.print("[dim]Visible tests only: hidden tests run when your work is graded "
                  "(self-study: `workbook selfgrade`).[/dim]")
    return 0
