"""`workbook release`: source/ -> release/ with nbgrader generate_assignment.

The course gradebook learns (again) the assignment at the same time (nbgrader
stores the test cells and points there, which autograding restores from):
releasing is how an instructor says on purpose that the changed source/ is
the one to grade against."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from traitlets import Enum
from traitlets.config import Configurable

from .. import i18n
from ..course import layout as course
from ..grading import cleanup
from . import lint
from ..course import nb as nbm
from ..markers import translated_stub


class ReleaseError(RuntimeError):
    pass


def precheck(root: Path, assignment: str) -> None:
    """Refuse with a clear message (notebook and cell) before nbgrader sees a
    broken notebook."""
    problems = []
    nbs = course.notebooks(root, assignment)
    if not nbs:
        raise ReleaseError(f"source/{assignment}: no notebook (.ipynb) found")
    for p in nbs:
        try:
            nb = nbm.read(p)
        except nbm.NotebookError as e:
            problems.append(str(e))
            continue
        problems += lint.check_metadata(nb, p.relative_to(root))
    if problems:
        raise ReleaseError("cannot release " + assignment + ":\n  " + "\n  ".join(problems))


class Edition(Configurable):
    """Which language the course releases in (``c.Edition.language`` in
    nbgrader_config.py; ``workbook release --lang`` for one release). Every
    edition has the same code, cell ids and points: only what a person reads
    changes (markdown, hints, check messages: workbook/authoring/catalog.py)."""

    language = Enum(list(i18n.LANGUAGES), default_value=i18n.SOURCE_LANGUAGE,
                    help="the language of release/ (en: the English source; ko: 한국어판)").tag(config=True)


def course_language(root: Path) -> str:
    c = course.Course.load(root)
    return Edition(config=c.config).language


def localise(folder: Path, assignment: str, language: str, catalogs: Path | None = None) -> dict:
    """Turn an assignment's source folder (a scratch copy) into its edition in
    ``language``, in place: notebooks and hints translated, the language in
    each notebook's metadata, the source catalogues removed and, for a
    translated edition, a compiled catalogue of the messages the release shows
    (``locale/<lang>/LC_MESSAGES/<a>.mo``). ``catalogs``: where the .po are
    (default: the folder itself). Returns counts."""
    from ..course import exercises
    from . import catalog
    catalogs = catalogs or folder
    lang = i18n.language_for(language, catalogs, assignment) if language != i18n.SOURCE_LANGUAGE \
        else i18n.Language()
    if language != i18n.SOURCE_LANGUAGE and not lang.catalogs:
        raise ReleaseError(f"{assignment}: no {language} catalogue "
                           f"(source/{assignment}/locale/{language}/LC_MESSAGES/{assignment}.po)")
    visible: set[str] = set()
    for p in sorted(folder.glob("*.ipynb")):
        nb = nbm.read(p)
        visible |= {e.msgid for e in catalog.notebook_entries(nb, p.name)
                    if not e.hidden and e.comment != "markdown" and not e.context}
        nbm.write(collapse_tests(catalog.translate_notebook(nb, lang)), p)
    data = exercises.hints(folder)      # the student's hints (.hints.json), from the exercises file that stays behind
    reviews, notes = exercises.reviews(folder), exercises.review_notes(folder)
    exercises.path(folder).unlink(missing_ok=True)
    if reviews:                         # what each problem was, for after the test (.review.json)
        from ..student import review
        if not lang.is_source:
            reviews = {gid: r.translated(lang.gettext) for gid, r in reviews.items()}
            notes = catalog.translate_markdown(notes, lang.exact)
        (folder / review.REVIEW_FILE).write_text(review.dump(reviews, notes), encoding="utf-8")
    if data:
        from ..student.hints import HINTS_FILE
        (folder / HINTS_FILE).write_text(
            json.dumps(data if lang.is_source else catalog.translate_hints(data, lang), indent=1,
                       ensure_ascii=False) + "\n", encoding="utf-8")
    po = catalogs / "locale" / language / "LC_MESSAGES" / f"{assignment}.po"
    for p in list((folder / "locale").rglob("*.po")) + list((folder / "locale").glob("*.pot")):
        p.unlink()
    n = 0
    if not lang.is_source:
        n = catalog.compile_visible(po, visible, folder / "locale" / language / "LC_MESSAGES" / f"{assignment}.mo",
                                    language)
    for d in sorted((folder / "locale").rglob("*"), reverse=True) if (folder / "locale").is_dir() else []:
        if d.is_dir() and not any(d.iterdir()):
            d.rmdir()
    if (folder / "locale").is_dir() and not any((folder / "locale").iterdir()):
        (folder / "locale").rmdir()
    return {"messages": n}


def collapse_tests(nb):
    """Test cells are released with their input collapsed (JupyterLab's
    ``jupyter.source_hidden``): the ✔/✘ line sits right under the answer, and
    a click shows the test's code. source/ keeps them open to read."""
    for cell in nb.cells:
        if nbm.kind(cell) == "tests":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return nb


def release(root: Path, names: list[str] | None = None, log=print, language: str | None = None) -> list[str]:
    """Regenerate release/<assignment> of each assignment and register it.
    Nothing of the course is written before every assignment has been
    generated (in temporary courses that no user-level configuration
    reaches: ``regenerate_to``) and checked (``check_release``); then each is
    registered in the gradebook and its release/ folder replaced whole, in
    one rename (``swap_in``). An error or an interruption at any point leaves
    release/ as it was, or with some assignments wholly replaced, never one
    half written."""
    from ..grading import gradebook
    from ..grading.execute import create_secret
    from ..grading.execute import secret_file
    from ..grading.runner import STATE_DIR
    c = course.Course.load(root)
    names = names or c.assignments()
    language = language or Edition(config=c.config).language
    if language not in i18n.LANGUAGES:
        raise ReleaseError(f"no such language: {language} (the course has {', '.join(i18n.LANGUAGES)})")
    unknown = [n for n in names if n not in c.assignments()]
    if unknown:
        raise ReleaseError(f"no such assignment in {c.path('source')}: {', '.join(unknown)}")
    for a in names:
        precheck(c.root, a)
    with cleanup.temporary_folder("wb-release-") as tmp:   # the solutions pass through it: never left
        fresh = {}
        for a in names:
            fresh[a] = regenerate_to(c.root, a, Path(tmp) / a, language)
            check_release(c, a, fresh[a], language)
        _new_gradebook(c.root)
        for a in names:
            try:  # first the gradebook (nbgrader may refuse), then release/
                gradebook.register(c, a, c.root / STATE_DIR, log=lambda *_: None)
            except gradebook.GradebookError as e:
                raise ReleaseError(f"cannot release {a}: {e}") from None
            swap_in(fresh[a], c.path("release", ".", a))
            log(f"released {a} -> {c.path('release', '.', a)} ({i18n.LANGUAGES[language]}; registered in the "
                "gradebook)")
    if create_secret(secret_file(c)):
        log(f"made the course's secret {secret_file(c)} (it draws the hidden tests' inputs: keep it, back it up, "
            "never release it)")
    return names


MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN MARK SCHEME",
           "END MARK SCHEME")


def check_release(c: "course.Course", assignment: str, folder: Path, language: str) -> None:
    """ReleaseError unless ``folder`` is a whole release of ``assignment``:
    a notebook for every source notebook, each readable, in ``language``,
    its test cells collapsed and no solution, hidden test or mark scheme in
    it; the hints file when the exercises have hints; nothing of the
    authoring files (exercises, catalogues)."""
    from ..course import exercises
    problems = []
    for src in c.notebooks(assignment):
        p = folder / src.name
        try:
            nb = nbm.read(p)
        except (OSError, nbm.NotebookError) as e:
            problems.append(f"{src.name}: {e}")
            continue
        if nb.metadata.get("workbook", {}).get("language") != language:
            problems.append(f"{src.name}: not the {language} edition (its metadata.workbook.language is "
                            f"{nb.metadata.get('workbook', {}).get('language')!r})")
        for cell in nb.cells:
            text = cell.source if isinstance(cell.source, str) else "".join(cell.source)
            leaked = [m for m in MARKERS if m in text]
            if leaked:
                problems.append(f"{src.name}: cell {nbm.meta(cell).get('grade_id') or cell.get('id')} holds "
                                f"{leaked[0]!r}")
            if nbm.kind(cell) == "tests" and not cell.metadata.get("jupyter", {}).get("source_hidden"):
                problems.append(f"{src.name}: test cell {nbm.meta(cell).get('grade_id')} is not collapsed")
    from ..student.hints import HINTS_FILE
    from ..student.review import REVIEW_FILE
    if exercises.hints(c.path("source", ".", assignment)) and not (folder / HINTS_FILE).is_file():
        problems.append(f"{HINTS_FILE} is missing")
    if exercises.reviews(c.path("source", ".", assignment)) and not (folder / REVIEW_FILE).is_file():
        problems.append(f"{REVIEW_FILE} is missing")
    for p in folder.rglob("*"):
        if p.name == exercises.FILE or p.suffix in (".po", ".pot"):
            problems.append(f"{p.relative_to(folder)} is an authoring file")
    if problems:
        raise ReleaseError(f"the release of {assignment} was not written: it would be broken:\n  "
                           + "\n  ".join(problems))


def swap_in(fresh: Path, dest: Path) -> None:
    """``dest`` (a release folder) replaced by a copy of ``fresh`` in one
    step: the copy is made next to it (a hidden folder of the same file
    system), then swapped in (``layout.replace_dir``)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        shutil.copytree(fresh, stage, dirs_exist_ok=True)
        os.chmod(stage, 0o755)
        course.replace_dir(stage, dest)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _new_gradebook(root: Path) -> None:
    """The course's gradebook made here if it does not exist yet, before
    nbgrader generate_assignment writes it: the same empty gradebook nbgrader
    would make, copied when this process made one already (see
    grading.gradebook.connect) instead of nbgrader asking `alembic heads` again."""
    from ..grading import gradebook
    with gradebook.connect(course.Course.load(root)):
        pass


def regenerate_to(root: Path, assignment: str, dest: Path, language: str | None = None) -> Path:
    """Generate the release of an assignment, in ``language`` (default: the
    course's), into dest without touching the course (used to check that
    release/ is up to date, and by ``release``). nbgrader runs in a temporary
    course made of the course's nbgrader_config.py and this assignment's
    source, with every path it could write given on its command line (which
    no configuration file overrides) and no user-level or system-wide
    configuration read (JUPYTER_NO_CONFIG): an instructor's
    ``~/.jupyter/nbgrader_config.py`` that sets ``CourseDirectory.root`` (as
    docs/jupyterhub.md says) made nbgrader write into the real course."""
    c = course.Course.load(root)
    language = language or Edition(config=c.config).language
    with cleanup.temporary_folder("wb-regen-") as tmp:   # a copy of source/: never left
        shutil.copy(c.root / course.CONFIG_FILE, tmp / course.CONFIG_FILE)
        src = c.path("source", ".", assignment)
        shutil.copytree(src, tmp / "source" / assignment)
        localise(tmp / "source" / assignment, assignment, language, catalogs=src)
        edition_stubs(c, tmp / course.CONFIG_FILE, language)
        db = tmp / "gradebook.db"
        _new_gradebook_at(c, db)
        (tmp / "jupyter").mkdir()
        course.nbgrader(tmp, "generate_assignment", assignment, "--force", *isolated_paths(tmp, db),
                        env={"JUPYTER_NO_CONFIG": "1", "TMPDIR": str(tmp / "jupyter"),
                             "JUPYTER_CONFIG_DIR": str(tmp / "jupyter"), "JUPYTER_CONFIG_PATH": ""})
        out = tmp / "release" / assignment
        if not out.is_dir():
            raise ReleaseError(f"nbgrader generate_assignment wrote no release of {assignment} (in {out})")
        shutil.copytree(out, dest, dirs_exist_ok=True)
    return dest


def edition_stubs(c: "course.Course", config_file: Path, language: str) -> None:
    """nbgrader's stubs (``ClearSolutions.code_stub``, ``.text_stub``: "# YOUR
    CODE HERE", "YOUR ANSWER HERE") written in ``language`` into the
    temporary course's ``config_file``: a student of a translated edition
    reads them in every answer cell. The course's configured stubs are kept,
    nbgrader's own words in them translated (the package catalogue)."""
    if language == i18n.SOURCE_LANGUAGE:
        return
    lang = i18n.language_for(language)
    code = dict(c.setting("ClearSolutions", "code_stub", None) or {"python": nbm.CODE_STUB})
    text = c.setting("ClearSolutions", "text_stub", None) or nbm.TEXT_STUB
    code = {kernel: translated_stub(stub, lang.gettext) for kernel, stub in code.items()}
    with open(config_file, "a", encoding="utf-8") as f:
        f.write(f"\n# the {language} edition's stubs (workbook release)\n"
                f"c.ClearSolutions.code_stub = {code!r}\n"
                f"c.ClearSolutions.text_stub = {translated_stub(text, lang.gettext)!r}\n")


def isolated_paths(root: Path, db: Path) -> list[str]:
    """nbgrader options that pin every folder and the gradebook of a
    temporary course at ``root`` (command-line options win over every
    configuration file)."""
    return [f"--CourseDirectory.root={root}", f"--CourseDirectory.db_url=sqlite:///{db}",
            "--CourseDirectory.source_directory=source", "--CourseDirectory.release_directory=release",
            "--CourseDirectory.submitted_directory=submitted", "--CourseDirectory.autograded_directory=autograded",
            "--CourseDirectory.feedback_directory=feedback", "--CourseDirectory.solution_directory=solution",
            "--CourseDirectory.directory_structure={nbgrader_step}/{student_id}/{assignment_id}"]


def _new_gradebook_at(c: "course.Course", db: Path) -> None:
    """An empty gradebook of course ``c`` at ``db`` (see ``_new_gradebook``)."""
    from ..grading import gradebook
    with gradebook.connect(c, f"sqlite:///{db}"):
        pass
