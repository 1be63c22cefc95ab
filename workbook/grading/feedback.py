"""`workbook feedback ASSIGNMENT`: nbgrader generate_feedback, without leaks
and without live content.

The autograded notebook holds the test cells as the gradebook has them
(hidden parts included); their *outputs* were written by the grader from the
judge's verdicts, so no hidden code or expected value is in them. The
feedback export runs, in ``c.GenerateFeedback.preprocessors``:

* nbgrader's ``ClearHiddenTests`` (the hidden regions go, with the markers the
  course configures);
* ``ClearStudentOutputs``: what the student's own cells printed while they
  were graded goes (their code stays). The student's process ran the hidden
  tests' inputs: a cell after the tests could print every one it recorded,
  and with them a table of answers that passes the next grading. The
  student's own notebook has their outputs; feedback shows the grader's
  verdicts.
* nbconvert's ``SanitizeHTML`` (the student's HTML, Markdown and SVG cannot
  run scripts in the reader's browser; JavaScript outputs are dropped);
* nbgrader's ``GetGrades`` and nbconvert's ``CSSHTMLHeaderPreprocessor``.

The pages are written by ``safehtml.FeedbackExporter``
(``c.GenerateFeedback.exporter_class``): markdown is sanitised *after* it is
rendered to HTML (a markdown ``[x](javascript:...)`` link is not HTML to
``SanitizeHTML``), and every page loses its scripts and event handlers and
gets a Content-Security-Policy that forbids scripts (``safehtml.CSP``).

Feedback is pages: a file the student's kernel wrote while it was graded
(copied back into autograded/ for the instructor) could hold the same
inputs, so every file nbgrader copied next to the pages is removed (an
.html file the kernel wrote too, unless it is a notebook's page, which
nbgrader's export has just written over), but nbgrader's timestamp.txt
and submission_secret.txt when each holds one token of its form
(release_feedback reads them). After
the export, every file of a student's feedback folder is scanned
again, whatever its type (``leakscan``): the course's secret, or a
distinctive line of a hidden test that neither the released notebook (any
cell) nor the student's own cells show, would be a leak; such a file is
removed, reported, and the submission flagged.
"""
from __future__ import annotations

import functools
import html
import os
import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from ..course import nb as nbm
from ..course.layout import Course

PREPROCESSORS = [
    "nbgrader.preprocessors.ClearHiddenTests",
    "workbook.grading.feedback.ClearStudentOutputs",
    "nbconvert.preprocessors.sanitize.SanitizeHTML",
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


EXPORTER = "workbook.grading.safehtml.FeedbackExporter"


class LeakError(RuntimeError):
    pass


class ClearStudentOutputs(Preprocessor):
    """Every code cell but a test cell (nbgrader's grade cell that is not a solution) loses the outputs its
    grading run gave it: they came from the student's process, which saw the hidden inputs."""

    enabled = Bool(True).tag(config=True)   # nbconvert's preprocessors are off unless enabled

    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and not (meta.get("grade") and not meta.get("solution")):
            cell.outputs = []
            cell.execution_count = None
        return cell, resources


def _lines(source) -> list[str]:
    return ("".join(source) if isinstance(source, list) else source or "").splitlines()


def secret_lines(course: Course, assignment: str) -> dict[str, set[str]]:
    """notebook -> distinctive lines of its hidden tests that the released
    notebook does not show anywhere (from source/ and release/), nor any
    message of the package (``package_messages``): neither as a line nor
    inside one (the leak scan searches for each as a substring,
    so a hidden line that a visible line contains would flag every page)."""
    from nbgrader.preprocessors import ClearHiddenTests
    owner = ClearHiddenTests(config=course.config)     # the markers' one owner
    begin, end = owner.begin_test_delimeter, owner.end_test_delimeter
    out = {}
    for p in course.notebooks(assignment):
        hidden = []
        for c in nbm.read(p).cells:
            inside = False
            for line in _lines(c.source):
                if begin in line:
                    inside = True
                elif end in line:
                    inside = False
                elif inside:
                    hidden.append(line)
        public = ""
        rel = course.path("release", ".", assignment) / p.name
        if rel.exists():
            public = "\n".join(line.strip() for c in nbm.read(rel).cells for line in _lines(c.source))
        public += "\n" + package_messages()
        out[p.stem] = {x for x in nbm.distinctive_lines(hidden, min_len=20) if x not in public}
    return out


@functools.lru_cache(maxsize=1)
def package_messages() -> str:
    """Every message of the workbook package's catalogues (the English
    templates and their translations), one text: what a check may show any
    student, so a hidden line it quotes (a hint's code) is no secret."""
    from babel.messages.pofile import read_po
    locale = Path(__file__).resolve().parents[1] / "locale"
    out = []
    for path in sorted([locale / "workbook.pot", *locale.glob("*/LC_MESSAGES/workbook.po")]):
        with open(path, "rb") as f:
            for m in read_po(f):
                for s in (m.id, m.string):
                    out += [x for x in (s if isinstance(s, (tuple, list)) else (s,)) if isinstance(x, str)]
    return "\n".join(out)


def html_text(page: "Path | str") -> str:
    """The text of an HTML file (or page) as a reader sees it (tags removed)."""
    text = page if isinstance(page, str) else page.read_text(encoding="utf-8", errors="replace")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def own_lines(course: Course, student: str, assignment: str, notebook: str) -> set[str]:
    """Lines the student wrote themselves (from their autograded notebook):
    showing those back is not a leak."""
    p = course.path("autograded", student, assignment) / f"{notebook}.ipynb"
    try:
        sub = nbm.read(p)
    except nbm.NotebookError:
        return set()
    return {line.strip() for c in sub.cells if nbm.kind(c) in ("answer", "manual", None)
            for line in _lines(c.source)}


def leaks(course: Course, assignment: str, students: list[str] | None = None) -> list[tuple[Path, str]]:
    """(file, what it shows) for every file of the students' feedback folders
    that would leak: a notebook's page showing a hidden line of that
    notebook, or any file (any type) holding the course's secret or a hidden
    line of the assignment (``leakscan.find``) the student did not write."""
    from . import leakscan
    secrets = secret_lines(course, assignment)
    scan = leakscan.Secrets.of(course, assignment)
    found = []
    for s in students or course.students(assignment) or []:
        folder = course.path("feedback", s, assignment)
        graded = course.path("autograded", s, assignment)
        own = leakscan.once(lambda graded=graded: leakscan.own_text(sorted(graded.glob("*.ipynb"))))
        for f in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            if f.suffix == ".html" and f.parent == folder:
                shown = {line.strip() for line in html_text(f).splitlines()}
                mine = own_lines(course, s, assignment, f.stem)
                line = next((x for x in sorted(secrets.get(f.stem, ())) if x in shown and x not in mine), None)
                if line is not None:
                    found.append((f, line))
                    continue
            try:
                why = leakscan.find(f.read_bytes(), scan, own, html=f.suffix in (".html", ".htm"))
            except OSError:
                continue
            if why:
                found.append((f, why))
    return found


def graded_students(course: Course, assignment: str) -> list[str]:
    base = course.path("autograded", ".", ".")
    out = []
    if base.is_dir():
        for d in sorted(base.iterdir()):
            if (course.path("autograded", d.name, assignment)).is_dir():
                out.append(d.name)
    return out


def generate(root, assignment: str, students: list[str] | None = None, course: Course | None = None) -> int:
    """Feedback HTML for every autograded submission of an assignment; returns
    how many files were written. A file that would leak is removed and the
    run fails with the list."""
    course = course or Course.load(root)
    _export(course, assignment, students)
    return _checked(course, assignment, students or graded_students(course, assignment))


def generate_every(root, course: Course | None = None) -> dict[str, "int | LeakError"]:
    """``generate`` for every assignment of the course with one nbgrader run
    (its start-up paid once, not once per assignment); each assignment's files
    are then checked as ``generate`` checks them: assignment -> how many files,
    or the LeakError of an assignment whose leaking files were removed."""
    course = course or Course.load(root)
    _export(course, "*", None)   # nbgrader reads the assignment id as a glob: autograded/*/*/
    out: dict[str, int | LeakError] = {}
    for a in course.assignments():
        try:
            out[a] = _checked(course, a, graded_students(course, a))
        except LeakError as e:
            out[a] = e
    return out


def _export(course: Course, assignment: str, students: list[str] | None) -> None:
    args = ["generate_feedback", assignment, "--force",
            "--GenerateFeedback.preprocessors=" + repr(PREPROCESSORS),
            "--GenerateFeedback.exporter_class=" + EXPORTER]
    wanted = list(dict.fromkeys(students or []))
    if len(wanted) == 1:
        args.append(f"--student={wanted[0]}")
    elif wanted:
        # nbgrader's --student takes one id (a glob): several students are every graded one but the others,
        # in one run (CourseDirectory.student_id_exclude, a comma-separated list); an id with a comma in it
        # cannot be listed there, so then each student gets a run of their own
        others = [s for s in graded_students(course, assignment) if s not in wanted]
        if any("," in s for s in others):
            for s in wanted:
                _export(course, assignment, [s])
            return
        args.append("--CourseDirectory.student_id_exclude=" + ",".join(others))
    course.nbgrader(*args)


# nbgrader's own files next to a feedback page, which release_feedback reads: each holds one short token
_NBGRADER_FILES = {"timestamp.txt": re.compile(r"[0-9][0-9 :.+TZ-]{9,40}(?: [A-Z]{1,5})?"),
                   "submission_secret.txt": re.compile(r"[A-Za-z0-9_-]{8,128}")}


def _nbgraders_own(f: Path) -> bool:
    """nbgrader's timestamp.txt or submission_secret.txt holding one token of its form, no more."""
    form = _NBGRADER_FILES.get(f.name)
    try:
        return form is not None and f.stat().st_size <= 160 and \
            bool(form.fullmatch(f.read_text(encoding="ascii").strip()))
    except (OSError, UnicodeDecodeError):
        return False


def _checked(course: Course, assignment: str, who: list[str]) -> int:
    from .results import Flag
    from .runner import add_flags
    bad = leaks(course, assignment, who)
    for f, _ in bad:
        f.unlink(missing_ok=True)
    for s in who:
        folder = course.path("feedback", s, assignment)
        mine = [f for f, _ in bad if folder in f.parents]
        if mine:
            add_flags(course, assignment, s, [
                Flag("files", f"feedback file {f.relative_to(folder)} was removed: it would have shown the "
                              "course's secret or a line of a hidden test") for f in mine])
    for s in who:   # feedback is pages: nothing the student's kernel wrote while graded
        folder = course.path("feedback", s, assignment)
        pages = {f"{p.stem}.html" for p in course.path("autograded", s, assignment).glob("*.ipynb")}
        for top, dirs, files in os.walk(folder, topdown=False):   # links are not followed
            for name in files:
                f = Path(top, name)
                if f.is_symlink() or top != str(folder) or (name not in pages and not _nbgraders_own(f)):
                    f.unlink()
            for name in dirs:
                d = Path(top, name)
                if d.is_symlink():
                    d.unlink()
                elif not any(d.iterdir()):
                    d.rmdir()
    if bad:
        raise LeakError("feedback would have shown hidden tests (files removed):\n  "
                        + "\n  ".join(f"{f}: {line[:60]}" for f, line in bad))
    return sum(len(list(course.path("feedback", s, assignment).glob("*.html"))) for s in who)
