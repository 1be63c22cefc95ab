"""One grading task: one student's submission of one assignment.

The parent (``runner``) prepares a *task folder*: a tiny course in nbgrader's
default layout holding the course's nbgrader_config.py, the assignment's
non-notebook source files, its released notebooks (to compare with), the
staged submission, the course's hidden-input secret and a template gradebook
with only this assignment. ``run_task`` grades it there with nbgrader's own
AutogradeApp (the judge and the sandbox included) and returns a
``TaskResult``: plain data that the single gradebook writer merges. The task
never sees the real course, so it runs the same way in a local worker, on a
Dask worker or in a Kubernetes or Slurm array job.
"""
from __future__ import annotations

import base64
import io
import os
import shutil
import tarfile
import time
from pathlib import Path

from ..course import exercises
from ..course import nb as nbm
from ..course.layout import Course
from . import gradebook, integrity, staging
from .results import Flag, TaskResult

SUBMISSION = "submitted"
def _default_secret() -> str:
    from .execute import TrustedExecute
    return TrustedExecute.class_traits()["secret_file"].default_value


SECRET = _default_secret()     # where a task folder holds the secret: TrustedExecute's own default
VERDICTS = "verdicts"          # where the judge writes each test cell's verdict (TrustedExecute.verdicts)


def read_verdicts(task_dir: Path) -> dict[str, dict[str, dict]]:
    """notebook -> test cell -> {"status", "lines"}: what the judge decided,
    as it wrote it (the last verdict of a cell counts)."""
    import json
    out: dict[str, dict[str, dict]] = {}
    for p in sorted((task_dir / VERDICTS).glob("*.jsonl")):
        cells = out.setdefault(p.stem, {})
        for line in p.read_text(encoding="utf-8").splitlines():
            try:
                d = json.loads(line)
                cells[str(d["cell"])] = {"status": str(d["status"]), "lines": [str(x) for x in d["lines"]]}
                if isinstance(d.get("process"), list):
                    cells[str(d["cell"])]["process"] = [str(x) for x in d["process"]]
            except (ValueError, KeyError, TypeError):
                continue
    return out


def prepare(course: Course, assignment: str, student: str, template: Path, secret: Path, dest: Path,
            limits: dict | None = None, submission: Path | None = None) -> tuple[Path, list[Flag]]:
    """The task folder for one submission (see the module docstring): the
    student's folder of submitted/ (or ``submission``), staged. Raises
    staging.StagingError when the submission folder is not a folder."""
    dest.mkdir(parents=True)
    shutil.copy(course.root / "nbgrader_config.py", dest / "nbgrader_config.py")
    src = course.path("source", ".", assignment)
    for p in src.rglob("*"):
        if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts \
                and p.relative_to(src) != Path(exercises.FILE):   # answers and hints: authoring only
            (dest / "source" / assignment / p.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, dest / "source" / assignment / p.relative_to(src))
    (dest / "source" / assignment).mkdir(parents=True, exist_ok=True)
    rel = course.path("release", ".", assignment)
    (dest / "release" / assignment).mkdir(parents=True)
    for p in rel.glob("*.ipynb"):
        shutil.copy(p, dest / "release" / assignment / p.name)
    shutil.copy(template, dest / "gradebook.db")
    (dest / ".workbook").mkdir()
    shutil.copy(secret, dest / SECRET)
    staged = staging.stage(submission or course.path("submitted", student, assignment),
                           dest / SUBMISSION / student / assignment, **(limits or {}))
    return dest, staged.flags


def nbgrader_args(task_dir: Path, assignment: str, student: str) -> list[str]:
    """AutogradeApp's arguments for a task folder: nbgrader's default layout
    whatever the course's own settings are."""
    return [assignment, "--student", student, "--force",
            f"--CourseDirectory.root={task_dir}", f"--CourseDirectory.db_url=sqlite:///{task_dir / 'gradebook.db'}",
            "--CourseDirectory.directory_structure={nbgrader_step}/{student_id}/{assignment_id}",
            "--CourseDirectory.source_directory=source", "--CourseDirectory.release_directory=release",
            f"--CourseDirectory.submitted_directory={SUBMISSION}",
            "--CourseDirectory.autograded_directory=autograded", "--CourseDirectory.feedback_directory=feedback",
            f"--TrustedExecute.secret_file={task_dir / SECRET}", f"--TrustedExecute.verdicts={task_dir / VERDICTS}"]


def inspect(task_dir: Path, assignment: str, student: str, expected: list[str]) -> tuple[str | None, list[Flag]]:
    """Problems that stop the submission from being graded (first) and flags
    that do not (second), from the staged copy only. Any exception here is
    this submission's problem, never the run's."""
    d = task_dir / SUBMISSION / student / assignment
    flags: list[Flag] = []
    present = sorted(p.stem for p in d.glob("*.ipynb"))
    for name in expected:
        p = d / f"{name}.ipynb"
        if not p.exists():
            flags.append(Flag("staging", f"missing notebook {name}.ipynb (scored 0)", name))
            continue
        if not p.is_file():
            return f"{name}.ipynb is a folder, not a notebook", flags
        try:
            sub = nbm.read(p)
            _validate(sub, name)
        except nbm.NotebookError as e:
            return f"{name}.ipynb: {str(e).split(': ', 1)[-1]}", flags
        except RecursionError:
            return f"{name}.ipynb: nested too deeply to be a notebook", flags
        except Exception as e:  # anything else a hostile file can provoke
            return f"{name}.ipynb: cannot be read ({type(e).__name__})", flags
        try:
            flags += integrity.inspect_notebook(task_dir / "release" / assignment / f"{name}.ipynb", sub, name)
        except Exception as e:
            return f"{name}.ipynb: cannot be inspected ({type(e).__name__}: {e})", flags
    for name in present:
        if name not in expected:
            flags.append(Flag("staging", f"unexpected notebook {name}.ipynb (renamed?) not graded", name))
    if not any((d / f"{n}.ipynb").exists() for n in expected):
        return ("no notebook of this assignment was submitted ("
                + ", ".join(f"{n}.ipynb" for n in expected) + ")"), flags
    return None, flags


def _validate(nb, name: str) -> None:
    """nbformat's schema: a cell whose source is not text, say."""
    import nbformat
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as e:
        raise nbm.NotebookError(f"{name}.ipynb: not a valid notebook: {e.message[:200]}") from None


def judge_flags(verdicts: dict[str, dict[str, dict]]) -> list[Flag]:
    """Test cells the judge could not run (a "broken" verdict), and, once per
    notebook, what the judge saw change in the kernel's process (its guard:
    ``checks.runtime``), which scored 0 the exercises that rest on an
    observation or a static check."""
    flags = [Flag("judge", "scored 0: the grader could not run this test (see the grading log)", nb, cell)
             for nb, cells in verdicts.items() for cell, v in cells.items() if v["status"] == "broken"]
    for nb, cells in verdicts.items():
        seen = list(dict.fromkeys(f for v in cells.values() for f in v.get("process", [])))
        if seen:
            flags.append(Flag("process", "the kernel changed what the grader relies on to observe it ("
                              + "; ".join(seen[:6]) + (f"; and {len(seen) - 6} more" if len(seen) > 6 else "")
                              + "): exercises that rest on an observation or a static check scored 0", nb))
    return flags


def run_task(task_dir: Path, assignment: str, student: str, options: list[str], run_autograde) -> TaskResult:
    """Grade a prepared task folder. ``run_autograde(args)`` runs nbgrader's
    AutogradeApp with those arguments (in-process) and returns True when it
    finished. Returns plain data."""
    start = time.monotonic()
    try:
        expected = _expected(task_dir, assignment)
        problem, flags = inspect(task_dir, assignment, student, expected)
    except Exception as e:
        return TaskResult(student, assignment, False, f"cannot be inspected: {type(e).__name__}: {e}",
                          seconds=time.monotonic() - start)
    if problem:
        return TaskResult(student, assignment, False, problem, flags=flags, seconds=time.monotonic() - start,
                          refused=True)
    ok = run_autograde(nbgrader_args(task_dir, assignment, student) + list(options))
    if not ok:
        return TaskResult(student, assignment, False, "nbgrader autograde failed", flags=flags,
                          seconds=time.monotonic() - start)
    try:
        data = gradebook.read_task_gradebook(_TaskCourse(task_dir), task_dir / "gradebook.db", assignment, student)
    except Exception as e:
        return TaskResult(student, assignment, False, f"could not read the grades: {e}", flags=flags,
                          seconds=time.monotonic() - start)
    verdicts = read_verdicts(task_dir)
    flags += judge_flags(verdicts)
    return TaskResult(student, assignment, True, timestamp=data["timestamp"], grades=data["grades"],
                      comments=data["comments"], notebooks=data["notebooks"], flags=flags, verdicts=verdicts,
                      files_dir=str(task_dir / "autograded" / student / assignment),
                      seconds=time.monotonic() - start)


class _TaskCourse:
    """Enough of a Course for the gradebook helpers inside a task folder."""

    def __init__(self, root: Path):
        self.root = root
        self.course_id = _course_id(root)
        self.db_url = f"sqlite:///{root / 'gradebook.db'}"


def _course_id(root: Path) -> str:
    import sqlite3
    try:
        con = sqlite3.connect(f"file:{root / 'gradebook.db'}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT course_id FROM assignment LIMIT 1").fetchone()
        finally:
            con.close()
        return row[0] if row and row[0] else "default_course"
    except sqlite3.Error:
        return "default_course"


def _expected(task_dir: Path, assignment: str) -> list[str]:
    import sqlite3
    con = sqlite3.connect(f"file:{task_dir / 'gradebook.db'}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT notebook.name FROM notebook JOIN assignment ON notebook.assignment_id = "
                           "assignment.id WHERE assignment.name = ?", (assignment,)).fetchall()
    finally:
        con.close()
    return sorted(r[0] for r in rows)


# ------------------------------------------------------------ remote engines
def pack(task_dir: Path) -> bytes:
    """A task folder as bytes (a tar), for an engine that runs elsewhere."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(task_dir, arcname=".")
    return buf.getvalue()


def unpack(data: bytes, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        tar.extractall(dest, filter="data")
    return dest


def files_as_data(r: TaskResult) -> TaskResult:
    """Replace the folder of autograded files by the files' bytes."""
    if r.files_dir and os.path.isdir(r.files_dir):
        base = Path(r.files_dir)
        for p in sorted(base.rglob("*")):
            if p.is_file() and not p.is_symlink():
                r.files[str(p.relative_to(base))] = base64.b64encode(p.read_bytes()).decode("ascii")
    r.files_dir = None
    return r
