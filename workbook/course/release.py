"""`workbook release`: source/ -> release/ with nbgrader generate_assignment.

The course gradebook learns (again) the assignment at the same time (nbgrader
stores the test cells and points there, which autograding restores from):
releasing is how an instructor says on purpose that the changed source/ is
the one to grade against."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from . import layout as course
from . import lint
from . import nb as nbm


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


def generate(root: Path, assignment: str, out_dir: Path | None = None) -> Path:
    """Run nbgrader generate_assignment for one assignment. Writes release/
    (or out_dir) and records the assignment in the course gradebook."""
    precheck(root, assignment)
    args = ["generate_assignment", assignment, "--force"]
    if out_dir is not None:
        args.append(f"--CourseDirectory.release_directory={out_dir}")
    course.nbgrader(root, *args)
    return (out_dir or root / "release") / assignment


def release(root: Path, names: list[str] | None = None, log=print) -> list[str]:
    names = names or course.assignments(root)
    unknown = [n for n in names if n not in course.assignments(root)]
    if unknown:
        raise ReleaseError(f"no such assignment in source/: {', '.join(unknown)}")
    from ..grading import gradebook
    from ..grading.runner import STATE_DIR
    c = course.Course.load(root)
    for a in names:
        precheck(root, a)
        with tempfile.TemporaryDirectory(prefix="wb-release-") as tmp:
            fresh = regenerate_to(root, a, Path(tmp) / a)
            try:  # first the gradebook (nbgrader may refuse), then release/
                gradebook.register(c, a, c.root / STATE_DIR, log=lambda *_: None)
            except gradebook.GradebookError as e:
                raise ReleaseError(f"cannot release {a}: {e}") from None
            dest = root / "release" / a
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(fresh, dest)
        log(f"released {a} -> release/{a} (registered in the gradebook)")
    return names


def register(root: Path, assignment: str) -> None:
    """Make sure the gradebook knows the assignment, without touching release/
    (a fresh clone has release/ committed but no gradebook)."""
    with tempfile.TemporaryDirectory(prefix="wb-release-") as tmp:
        generate(root, assignment, out_dir=Path(tmp))


def regenerate_to(root: Path, assignment: str, dest: Path) -> Path:
    """Generate the release of an assignment into dest without touching the
    course's gradebook (used to check that release/ is up to date)."""
    with tempfile.TemporaryDirectory(prefix="wb-regen-") as tmp:
        tmp = Path(tmp)
        course.copy_course(root, tmp, [assignment], with_release=False)
        generate(tmp, assignment)
        shutil.copytree(tmp / "release" / assignment, dest, dirs_exist_ok=True)
    return dest
