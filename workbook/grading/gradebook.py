"""The course gradebook (``CourseDirectory.db_url``: sqlite or a server
database), through nbgrader's own API. This module is its one owner: the
runner, the report, the demo and the student tools ask it.

* ``ensure_registered``: the gradebook learns an assignment once, by nbgrader
  ``generate_assignment`` (into a scratch release folder). An assignment it
  already has is registered again only on purpose, by ``register`` (what
  `workbook release` does): when source/ no longer matches what was
  released, grading stops and says which cells changed.
* ``connect``: a gradebook that cannot be reached is a ``GradebookError``
  naming the database (never a driver's traceback).
* ``write_template``: a small sqlite gradebook holding one assignment and no
  student, for a grading task to grade into (locally or on another machine).
* ``merge``: the single writer. One task's grades, in one transaction.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import warnings
from pathlib import Path

from ..course.layout import Course
from .results import TaskResult


class GradebookError(RuntimeError):
    pass


class _QuietRollback(logging.Filter):
    """nbgrader's API logs a traceback ("Rolling back session due to database
    error") before it raises InvalidEntry; a database that cannot be reached
    or written is said here, in one line (``connect``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Rolling back session due to database error")


@contextlib.contextmanager
def connect(course: Course, url: str | None = None):
    from nbgrader.api import Gradebook, InvalidEntry

    from sqlalchemy.exc import InterfaceError, OperationalError
    url = with_connect_timeout(url or course.db_url)
    quiet = _QuietRollback()
    app_log = logging.getLogger("tornado.application")   # nbgrader.api's app_log
    app_log.addFilter(quiet)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SQLAlchemy autoflush notes from nbgrader's API
            new = _new_sqlite_file(url)
            if new is not None and course.course_id in _EMPTY:
                new.write_bytes(_EMPTY[course.course_id])
            elif new is not None:
                _stamp_migration_head(new)
            with _alembic_on_path():
                gb = Gradebook(url, course.course_id)
            if new is not None and course.course_id not in _EMPTY:
                _EMPTY[course.course_id] = new.read_bytes()
            with gb:
                yield gb
    except (OperationalError, InterfaceError) as e:
        raise _unusable(url, e) from None
    except InvalidEntry as e:   # nbgrader's API turns a failed commit into InvalidEntry: a lost server, a full disk
        if isinstance(e.__context__, (OperationalError, InterfaceError)):
            raise _unusable(url, e.__context__) from None
        raise
    finally:
        app_log.removeFilter(quiet)


def _unusable(url: str, e: Exception) -> GradebookError:
    if "disk is full" in _first_line(e):   # sqlite's SQLITE_FULL: nothing of the transaction was written
        return GradebookError(f"cannot write the gradebook {shown_url(url)}: {_first_line(e)} (free some space and "
                              "run the same command again)")
    return GradebookError(f"cannot reach the gradebook {shown_url(url)}: {_first_line(e)}")


# course_id -> the bytes of a new, empty sqlite gradebook, as nbgrader's Gradebook made it (its tables, the
# migration head in alembic_version, the course's row). nbgrader asks a subprocess (`alembic heads`, which imports
# nbgrader again: seconds) for that head each time it creates a database; a process that creates several (a
# grading run's template per assignment, a test's course) copies the first one instead.
_EMPTY: dict[str, bytes] = {}


def migration_head() -> str:
    """nbgrader's alembic migration head, read in this process by alembic's own ScriptDirectory over
    nbgrader's migrations (0.1-0.25 s, once per process), where nbgrader runs ``alembic heads`` as a
    command: a second Python that imports nbgrader again (1 s alone, 2.7 s on a loaded machine)."""
    if not _HEAD:
        from alembic.config import Config
        from alembic.script import ScriptDirectory
        from nbgrader.dbutil import ALEMBIC_DIR
        cfg = Config()
        cfg.set_main_option("script_location", ALEMBIC_DIR)
        _HEAD.append(ScriptDirectory.from_config(cfg).get_current_head())
    return _HEAD[0]


_HEAD: list[str] = []


def _stamp_migration_head(path: Path) -> None:
    """A new sqlite gradebook starts as nbgrader's Gradebook starts one, with the table ``alembic_version``
    holding the migration head (the same statements as nbgrader.api.Gradebook): Gradebook then finds a
    database with a table, creates the others and asks no subprocess for the head."""
    import sqlite3
    con = sqlite3.connect(path)
    try:
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);")
        con.execute("INSERT INTO alembic_version (version_num) VALUES (?);", (migration_head(),))
        con.commit()
    finally:
        con.close()


def _new_sqlite_file(url: str) -> Path | None:
    """The file of a sqlite gradebook that does not exist yet (else None)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///"):]
    if not path or path.startswith(":memory:") or "?" in path:
        return None
    p = Path(path)
    return None if p.exists() or not p.parent.is_dir() else p


@contextlib.contextmanager
def _alembic_on_path():
    """nbgrader's Gradebook runs ``alembic`` from PATH when it creates or
    upgrades a database (nbgrader.api, nbgrader.dbutil: no way to pass an
    environment): this Python's bin folder comes first, also when the
    instructor runs .venv/bin/workbook without activating the virtual
    environment, for that call only."""
    from ..course.layout import tool_env
    saved = os.environ.get("PATH")
    os.environ["PATH"] = tool_env()["PATH"]
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = saved


CONNECT_TIMEOUT = 10   # seconds to reach a database server (a host that drops packets would take minutes)


def with_connect_timeout(url: str) -> str:
    """A PostgreSQL URL with ``connect_timeout`` (unless it has one): an
    unreachable or blackholed server is one line after CONNECT_TIMEOUT
    seconds, not the driver's own wait."""
    try:
        from sqlalchemy.engine import make_url
        u = make_url(url)
    except Exception:
        return url
    if not u.drivername.startswith("postgresql") or "connect_timeout" in u.query:
        return url
    return u.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)}).render_as_string(hide_password=False)


def shown_url(url: str) -> str:
    """A database URL fit for a message (no password)."""
    try:
        from sqlalchemy.engine import make_url
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(CourseDirectory.db_url)"


def _first_line(e: Exception) -> str:
    text = str(getattr(e, "orig", None) or e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def has_assignment(course: Course, assignment: str) -> bool:
    from nbgrader.api import MissingEntry
    with connect(course) as gb:
        try:
            return bool(gb.find_assignment(assignment).notebooks)
        except MissingEntry:
            return False


def notebooks(course: Course, assignment: str) -> list[str]:
    with connect(course) as gb:
        return sorted(n.name for n in gb.find_assignment(assignment).notebooks)


def definition(course: Course, assignment: str, url: str | None = None) -> dict:
    """What the gradebook knows of an assignment's cells: notebook -> cell ->
    (kind, points, checksum). Used to tell whether source/ still matches."""
    from nbgrader.api import MissingEntry
    out: dict = {}
    with connect(course, url) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:
            return {}
        for nb in a.notebooks:
            cells = {}
            for c in nb.source_cells:
                cells[c.name] = {"checksum": c.checksum, "type": c.cell_type}
            for g in list(nb.grade_cells) + list(nb.task_cells):
                cells.setdefault(g.name, {})["points"] = float(g.max_score)
            out[nb.name] = cells
    return out


def _refuse_a_database_not_in_utf8(url: str) -> None:
    """A PostgreSQL gradebook must hold UTF-8: nbgrader writes the notebooks' cells into it, and a database
    made without a UTF-8 locale is SQL_ASCII, where the driver refuses the first non-ASCII character (a
    traceback from deep inside nbgrader). One line naming the fix instead."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError
    if not url.startswith("postgresql"):
        return
    try:
        engine = create_engine(with_connect_timeout(url))
        with engine.connect() as conn:
            encoding = conn.execute(text("SHOW server_encoding")).scalar()
        engine.dispose()
    except SQLAlchemyError as e:
        raise _unusable(url, e) from None
    if str(encoding).upper() not in ("UTF8", "UTF-8"):
        raise GradebookError(f"the gradebook {shown_url(url)} is a {encoding} database, and notebooks hold UTF-8 "
                             "text: make it a UTF-8 one (`createdb -E UTF8 -T template0 gradebook`) and run the "
                             "same command again")


def _generate(course: Course, assignment: str, db_url: str) -> None:
    _refuse_a_database_not_in_utf8(db_url)
    with tempfile.TemporaryDirectory(prefix="wb-register-") as tmp:
        course.nbgrader("generate_assignment", assignment, "--force",
                        f"--CourseDirectory.release_directory={tmp}", f"--CourseDirectory.db_url={db_url}",
                        f"--CourseDirectory.root={course.root}")


def register(course: Course, assignment: str, state_dir: Path, log=print) -> None:
    """Register (again, on purpose) the assignment's current source/ in the
    course gradebook: what `workbook release` does, so that grading accepts
    the released version. nbgrader itself refuses to add or remove cells of a
    notebook that already has submissions."""
    log(f"registering {assignment} in the gradebook (nbgrader generate_assignment)")
    _generate(course, assignment, course.db_url)
    _mark_registered(course, assignment, state_dir)


def _mark_registered(course: Course, assignment: str, state_dir: Path) -> None:
    mark = state_dir / assignment / "registered.json"
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text(json.dumps({"source": source_fingerprint(course, assignment)}))


def release_checksum(course: Course, assignment: str) -> str:
    """What a graded result depends on besides the submission: the cells and
    points the gradebook registered and the released notebooks graded
    against. A shard's result is merged only while this is unchanged."""
    h = hashlib.sha256(json.dumps(definition(course, assignment), sort_keys=True).encode())
    for p in course.notebooks(assignment, "release"):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def source_fingerprint(course: Course, assignment: str) -> str:
    h = hashlib.sha256()
    base = course.path("source", ".", assignment)
    for p in sorted(base.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(base)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def drift(course: Course, assignment: str) -> list[str]:
    """Cells of source/ that differ from what the gradebook registered (empty:
    they match). Registers the current source/ in a scratch gradebook with
    nbgrader itself and compares."""
    from .cleanup import temporary_folder
    with temporary_folder("wb-drift-") as tmp:   # its gradebook holds every source cell, hidden tests included
        url = f"sqlite:///{Path(tmp) / 'gradebook.db'}"
        _generate(course, assignment, url)
        now = definition(course, assignment, url)
    then = definition(course, assignment)
    changes = []
    for nb in sorted(set(now) | set(then)):
        if nb not in then:
            changes.append(f"{nb}.ipynb is new")
            continue
        if nb not in now:
            changes.append(f"{nb}.ipynb is gone")
            continue
        for cell in sorted(set(now[nb]) | set(then[nb])):
            a, b = then[nb].get(cell), now[nb].get(cell)
            if a is None:
                changes.append(f"{nb}: cell {cell} is new")
            elif b is None:
                changes.append(f"{nb}: cell {cell} is gone")
            elif a != b:
                what = "points" if a.get("points") != b.get("points") else "content"
                changes.append(f"{nb}: cell {cell} changed ({what})")
    return changes


def ensure_registered(course: Course, assignment: str, state_dir: Path, log=print) -> None:
    """Register the assignment if the gradebook lacks it; otherwise make sure
    source/ still matches what was registered (checked again only when
    source/ changed since the last check)."""
    mark = state_dir / assignment / "registered.json"
    fp = source_fingerprint(course, assignment)
    if not has_assignment(course, assignment):
        log(f"registering {assignment} in the gradebook (nbgrader generate_assignment)")
        _generate(course, assignment, course.db_url)
    else:
        try:
            if json.loads(mark.read_text()).get("source") == fp:
                return
        except (OSError, ValueError):
            pass
        changes = drift(course, assignment)
        if changes:
            shown = "\n  ".join(changes[:12]) + ("\n  ..." if len(changes) > 12 else "")
            raise GradebookError(
                f"source/{assignment} no longer matches what the gradebook registered when it was released:\n  "
                f"{shown}\nGrading against a changed source would not match what the students got. Restore "
                f"source/{assignment}, or release it again on purpose (`workbook release {assignment}`, or "
                f"`nbgrader generate_assignment {assignment} --force`) before grading.")
    _mark_registered(course, assignment, state_dir)


def write_template(course: Course, assignment: str, dest: Path) -> Path:
    """A sqlite gradebook at ``dest`` holding only this assignment's
    definition (no students): what a grading task grades into. A scratch
    file of the run: written without waiting for the disk after each of
    nbgrader's commits (one per cell; 0.3-1.4 s -> 0.06-0.2 s)."""
    from nbgrader import api
    from sqlalchemy import text
    url = f"sqlite:///{dest}"
    with connect(course) as src, connect(course, url) as dst:
        dst.db.execute(text("PRAGMA synchronous=OFF"))
        dst.db.execute(text("PRAGMA journal_mode=MEMORY"))
        dst.db.commit()
        a = src.find_assignment(assignment)
        # nbgrader's own rows, added in one transaction (its update_or_create_* commit once per cell: 0.19 s
        # for 02's 68 cells, on every run)
        made = api.Assignment(name=a.name, duedate=a.duedate, course_id=dst.course_id)
        rows: list = [made]
        for nb in a.notebooks:
            n = api.Notebook(name=nb.name, assignment=made)
            rows.append(n)
            rows += [api.GradeCell(name=c.name, notebook=n, max_score=c.max_score, cell_type=c.cell_type)
                     for c in nb.grade_cells]
            rows += [api.SolutionCell(name=c.name, notebook=n) for c in nb.solution_cells]
            rows += [api.TaskCell(name=c.name, notebook=n, max_score=c.max_score, cell_type=c.cell_type)
                     for c in nb.task_cells]
            rows += [api.SourceCell(name=c.name, notebook=n, cell_type=c.cell_type, locked=c.locked,
                                    source=c.source, checksum=c.checksum) for c in nb.source_cells]
        dst.db.add_all(rows)
        dst.db.commit()
    return dest


def read_task_gradebook(course: Course, db: Path, assignment: str, student: str) -> dict:
    """The grades nbgrader wrote into a task's own gradebook, as data."""
    from .results import CommentRow, GradeRow
    out = {"grades": [], "comments": [], "notebooks": {}, "timestamp": None}
    with connect(course, f"sqlite:///{db}") as gb:
        sub = gb.find_submission(assignment, student)
        out["timestamp"] = sub.timestamp.isoformat() if sub.timestamp else None
        for nb in sub.notebooks:
            out["notebooks"][nb.name] = {"flagged": bool(nb.flagged),
                                         "late_penalty": float(nb.late_submission_penalty or 0.0)}
            for g in nb.grades:
                out["grades"].append(GradeRow(nb.name, g.name, None if g.auto_score is None else float(g.auto_score),
                                              float(g.max_score)))
            for c in nb.comments:
                out["comments"].append(CommentRow(nb.name, c.name, c.auto_comment))
    return out


def merge(course: Course, r: TaskResult, flagged_notebooks: set[str] = frozenset()) -> None:
    """One task's grades into the course gradebook, in one transaction
    (idempotent). The only place that writes grades."""
    import datetime as dt
    with connect(course) as dst:
        dst.update_or_create_student(r.student)
        ts = dt.datetime.fromisoformat(r.timestamp) if r.timestamp else None
        kw = {"timestamp": ts} if ts else {}
        sub = dst.update_or_create_submission(r.assignment, r.student, **kw)
        for name, info in r.notebooks.items():
            d_nb = dst.find_submission_notebook(name, r.assignment, r.student)
            d_nb.flagged = bool(info.get("flagged")) or name in flagged_notebooks
            d_nb.late_submission_penalty = info.get("late_penalty") or None
        for g in r.grades:
            dg = dst.find_grade(g.cell, g.notebook, r.assignment, r.student)
            dg.auto_score = g.auto_score
            # nbgrader's own rule (SaveAutoGrades)
            dg.needs_manual_grade = (dg.manual_score is not None) or (g.auto_score is None)
        for c in r.comments:
            dc = dst.find_comment(c.cell, c.notebook, r.assignment, r.student)
            dc.auto_comment = c.auto_comment
        if ts:
            sub.timestamp = ts
        dst.db.commit()


def notebook_flags(course: Course, assignment: str, student: str) -> dict[str, bool]:
    """notebook -> whether the gradebook shows the submitted notebook flagged
    ({} when it has no such submission)."""
    from nbgrader.api import MissingEntry
    with connect(course) as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return {}
        return {nb.name: bool(nb.flagged) for nb in sub.notebooks}


def set_flagged(course: Course, assignment: str, student: str, flagged: bool) -> None:
    """Flag (or unflag) every notebook of a submission, as the formgrader's
    own flag button does one."""
    with connect(course) as gb:
        for nb in gb.find_submission(assignment, student).notebooks:
            nb.flagged = flagged
        gb.db.commit()


def flag_submission(course: Course, assignment: str, student: str) -> bool:
    """Flag every notebook of the student's submission in the gradebook
    (nbgrader's own ``flagged``, which the formgrader shows). False when the
    gradebook has no submission of theirs."""
    from nbgrader.api import MissingEntry
    try:
        set_flagged(course, assignment, student, True)
    except MissingEntry:
        return False
    return True


def record_student(course: Course, student: str) -> None:
    """A student whose submission could not be graded still exists in the
    gradebook (so nbgrader export lists them, with 0)."""
    with connect(course) as gb:
        gb.update_or_create_student(student)


def scores(course: Course, assignment: str, student: str) -> tuple[float, float]:
    with connect(course) as gb:
        sub = gb.find_submission(assignment, student)
        return float(sub.score), float(sub.max_score)


def cell_scores(course: Course, assignment: str, student: str) -> dict[str, tuple[float | None, float]]:
    """grade_id -> (score, max) for every graded cell of a submission; the
    score is None where a person still has to grade."""
    out = {}
    with connect(course) as gb:
        sub = gb.find_submission(assignment, student)
        for nb in sub.notebooks:
            for g in nb.grades:
                if g.needs_manual_grade and g.manual_score is None:
                    out[g.name] = (None, float(g.max_score))
                else:
                    out[g.name] = (float(g.score), float(g.max_score))
    return out


def students(course: Course) -> list[str]:
    with connect(course) as gb:
        return sorted(s.id for s in gb.students)


def course_id_of(root) -> str:
    """The course id a course folder's configuration gives."""
    return Course.load(root).course_id
