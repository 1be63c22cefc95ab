"""`workbook release`: source/ -> release/ with nbgrader generate_assignment.

The course gradebook learns (again) the assignment at the same time (nbgrader
stores the test cells and points there, which autograding restores from):
releasing is how an instructor says on purpose that the changed source/ is
the one to grade against."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from traitlets import Enum
from traitlets.config import Configurable

from .. import i18n
from ..course import layout as course
from . import lint
from ..course import nb as nbm


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
                    if not e.hidden and e.comment != "markdown"}
        nbm.write(collapse_tests(catalog.translate_notebook(nb, lang)), p)
    data = exercises.hints(folder)      # the student's hints.json, from the exercises file that stays behind
    exercises.path(folder).unlink(missing_ok=True)
    if data:
        (folder / "hints.json").write_text(
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


def generate(root: Path, assignment: str, out_dir: Path | None = None) -> Path:
    """Run nbgrader generate_assignment for one assignment. Writes release/
    (or out_dir) and records the assignment in the course gradebook."""
    precheck(root, assignment)
    args = ["generate_assignment", assignment, "--force"]
    if out_dir is not None:
        args.append(f"--CourseDirectory.release_directory={out_dir}")
    course.nbgrader(root, *args)
    return (out_dir or course.directory(root, "release")) / assignment


def release(root: Path, names: list[str] | None = None, log=print, language: str | None = None) -> list[str]:
    names = names or course.assignments(root)
    language = language or course_language(root)
    if language not in i18n.LANGUAGES:
        raise ReleaseError(f"no such language: {language} (the course has {', '.join(i18n.LANGUAGES)})")
    unknown = [n for n in names if n not in course.assignments(root)]
    if unknown:
        raise ReleaseError(f"no such assignment in source/: {', '.join(unknown)}")
    from ..grading import gradebook
    from ..grading.runner import STATE_DIR
    c = course.Course.load(root)
    _new_gradebook(root)
    for a in names:
        precheck(root, a)
        with tempfile.TemporaryDirectory(prefix="wb-release-") as tmp:
            fresh = regenerate_to(root, a, Path(tmp) / a, language)
            try:  # first the gradebook (nbgrader may refuse), then release/
                gradebook.register(c, a, c.root / STATE_DIR, log=lambda *_: None)
            except gradebook.GradebookError as e:
                raise ReleaseError(f"cannot release {a}: {e}") from None
            dest = course.directory(root, "release") / a
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(fresh, dest)
        log(f"released {a} -> release/{a} ({i18n.LANGUAGES[language]}; registered in the gradebook)")
    return names


def register(root: Path, assignment: str) -> None:
    """Make sure the gradebook knows the assignment, without touching release/
    (a fresh clone has release/ committed but no gradebook)."""
    with tempfile.TemporaryDirectory(prefix="wb-release-") as tmp:
        generate(root, assignment, out_dir=Path(tmp))


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
    course's), into dest without touching the course's gradebook (used to
    check that release/ is up to date)."""
    language = language or course_language(root)
    with tempfile.TemporaryDirectory(prefix="wb-regen-") as tmp:
        tmp = Path(tmp)
        course.copy_course(root, tmp, [assignment], with_release=False)
        src = course.Course.load(root).path("source", ".", assignment)
        localise(tmp / "source" / assignment, assignment, language, catalogs=src)
        _new_gradebook(tmp)
        generate(tmp, assignment)
        shutil.copytree(tmp / "release" / assignment, dest, dirs_exist_ok=True)
    return dest
