"""The grader as a drop-in for any nbgrader course.

* nbgrader's own test modules for autograde and generate_feedback
  (shipped in the installed nbgrader package) pass with this project's
  configuration injected (through a Jupyter config folder, as an instructor
  would put it in ~/.jupyter/nbgrader_config.py); the only exceptions are
  the deliberate hardenings listed in HARDENINGS, each with its reason.
  nbgrader validate reads no option this configuration sets (checked:
  test_nbgrader_validate_reads_nothing_this_configuration_sets), so its
  module would only test nbgrader itself and is not run;
* nbgrader's example course (docs/source/user_guide in the package: ps1 with
  the students bitdiddle, hacker, ...) graded by `workbook autograde` gets the
  scores and comments plain `nbgrader autograde` gives it;
* a course whose test cells are not in the exercise format is graded in the
  sandboxed kernel, as plain nbgrader does, and the run says so once;
* a course whose source/ changed since it was released is not graded.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import nbgrader
from conftest import REPO
from workbook.course import layout as course
from workbook.grading import gradebook, sandbox
from workbook.grading import runner as grader
from workbook.grading.execute import AUTOGRADE, SANITIZE
from workbook.grading.feedback import PREPROCESSORS as FEEDBACK

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

NBGRADER = Path(nbgrader.__file__).parent
EXAMPLE = NBGRADER / "docs" / "source" / "user_guide"

# nbgrader tests that fail on purpose with this configuration: test id -> why.
HARDENINGS: dict[str, str] = {}

INJECTED = f"""
c = get_config()
c.Autograde.sanitize_preprocessors = {SANITIZE!r}
c.Autograde.autograde_preprocessors = {AUTOGRADE!r}
c.GenerateFeedback.preprocessors = {FEEDBACK!r}
c.TrustedExecute.sandbox = True
"""


# A pytest plugin of the run of nbgrader's tests: nbgrader's Gradebook asks a command for its migration head
# (`alembic heads`: a second Python importing alembic and SQLAlchemy, 1.1 CPU-s) for every new gradebook, 40
# times in the autograde module, for the same answer (the installed nbgrader's migrations, read from its
# files). The command still runs, for real, once per run; its answer is kept for the run's later gradebooks.
ONE_MIGRATION_HEAD = """
import functools

import nbgrader.api

nbgrader.api.get_alembic_version = functools.lru_cache(maxsize=None)(nbgrader.api.get_alembic_version)
"""


def _configured_sections() -> set[str]:
    """The configurable classes (by name, as traitlets matches them) that
    this project's configuration sets: INJECTED and ``configure(c)``."""
    from traitlets.config import Config

    from workbook.grading.execute import configure
    ns = {"get_config": Config}
    exec(INJECTED, ns)
    mine = Config()
    configure(mine)
    return set(ns["c"]) | set(mine)


def test_nbgrader_validate_reads_nothing_this_configuration_sets():
    """Why nbgrader's validate module is not among the modules run above:
    `nbgrader validate` configures only its app, the Validator and the
    Validator's preprocessors (a list that is not configurable), and none
    of them is, or inherits from, a class this configuration sets; so the
    configuration cannot change what validate does. A new option for one
    of them fails here, and validate's module is then to be run again."""
    from nbgrader.apps.validateapp import ValidateApp
    from nbgrader.validator import Validator
    assert not Validator.class_traits()["preprocessors"].metadata.get("config")
    read = {k.__name__ for cls in (ValidateApp, Validator, *Validator().preprocessors) for k in cls.mro()}
    sections = _configured_sections()
    assert {"Autograde", "GenerateFeedback", "TrustedExecute"} <= sections
    assert sections & read == set()


@pytest.mark.parametrize("module", ["autograde", "generate_feedback"])
def test_nbgraders_own_tests_pass_with_this_configuration(module, tmp_path):
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    cfg = tmp_path / "jupyter-config"
    cfg.mkdir()
    (cfg / "nbgrader_config.py").write_text(INJECTED)
    tests = [str(NBGRADER / "tests" / "apps" / f"test_nbgrader_{module}.py")]
    (tmp_path / "one_migration_head.py").write_text(ONE_MIGRATION_HEAD)
    env = course.tool_env({"JUPYTER_CONFIG_DIR": str(cfg)})
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE",
                           "-p", "one_migration_head", "--timeout", "600", "-o", "addopts=", *tests], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=2400)
    out = proc.stdout + proc.stderr
    failed = set(re.findall(r"^(?:FAILED|ERROR) \S*::(\S+?)(?: - |$)", out, re.M))
    summary = [line for line in out.splitlines() if re.search(r"\d+ passed", line)]
    assert summary, out[-3000:]
    assert failed <= set(HARDENINGS), f"nbgrader's own tests failed: {sorted(failed - set(HARDENINGS))}\n" + out[-4000:]
    print("\n" + summary[-1])


def _example_course(dest: Path) -> Path:
    """nbgrader's example course: source/ps1 and the submissions of its docs."""
    root = dest
    root.mkdir(parents=True)
    shutil.copytree(EXAMPLE / "source" / "ps1", root / "source" / "ps1")
    shutil.copytree(EXAMPLE / "submitted", root / "submitted")
    shutil.copytree(EXAMPLE / "release" / "ps1", root / "release" / "ps1")
    (root / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "example_course"\n')
    return root


def _grades(root: Path) -> dict:
    c = course.Course.load(root)
    out = {}
    with gradebook.connect(c) as gb:
        for sub in gb.assignment_submissions("ps1"):
            for nb in sub.notebooks:
                for g in nb.grades:
                    out[(sub.student.id, nb.name, g.name)] = (g.auto_score, g.needs_manual_grade)
                for cm in nb.comments:
                    out[(sub.student.id, nb.name, cm.name, "comment")] = cm.auto_comment
    return out


def test_nbgraders_example_course_scores_the_same(tmp_path):
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    import time
    plain = _example_course(tmp_path / "plain")
    course.nbgrader(plain, "generate_assignment", "ps1", "--force", f"--CourseDirectory.release_directory={tmp_path / 'r1'}")
    t0 = time.monotonic()
    course.nbgrader(plain, "autograde", "ps1", "--force", check=False)
    t_plain = time.monotonic() - t0
    ours = _example_course(tmp_path / "ours")
    logs: list[str] = []
    t0 = time.monotonic()
    results = grader.autograde(ours, "ps1", jobs=2, progress=False, log=logs.append)
    t_ours = time.monotonic() - t0
    assert sum("not in the exercise format" in m for m in logs) <= 1
    want, got = _grades(plain), _grades(ours)
    assert want and got == want
    assert {r.student for r in results} == {p.name for p in (ours / "submitted").iterdir()}
    print(f"\nexample course: plain nbgrader autograde {t_plain:.1f} s; workbook autograde --jobs 2 {t_ours:.1f} s")


def test_plain_test_cells_run_in_the_sandboxed_kernel_and_the_run_says_so(tmp_path):
    """A probe in a plain (nbgrader-style) test cell sees the sandbox: no
    course folder, no gradebook; the grader's log says once that such cells
    run in the kernel."""
    root = _example_course(tmp_path / "c")
    nb_path = root / "source" / "ps1" / "problem1.ipynb"
    import nbformat
    nb = nbformat.read(nb_path, as_version=4)
    probe = ("import os\nassert not os.path.exists('../../../gradebook.db'), 'the kernel sees the gradebook'\n"
             "assert not os.path.exists('../../../source'), 'the kernel sees source/'\n")
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution"):
            c.source = probe + c.source
            break
    nbformat.write(nb, nb_path)
    shutil.rmtree(root / "release")
    course.nbgrader(root, "generate_assignment", "ps1", "--force")
    shutil.rmtree(root / "submitted")
    (root / "submitted" / "probe" / "ps1").mkdir(parents=True)
    for p in (root / "release" / "ps1").glob("*.ipynb"):
        shutil.copy(p, root / "submitted" / "probe" / "ps1" / p.name)
    results = grader.autograde(root, "ps1", jobs=1, progress=False, log=lambda *a: None, reference=False)
    assert results[0].status == "graded", results[0].reason
    c = course.Course.load(root)
    scores = gradebook.cell_scores(c, "ps1", "probe")
    nbj = nbformat.read(root / "autograded" / "probe" / "ps1" / "problem1.ipynb", as_version=4)
    errors = [o.get("evalue", "") for c in nbj.cells if c.cell_type == "code" for o in c.outputs
              if o.get("output_type") == "error"]
    assert errors and not [e for e in errors if "the kernel sees" in e], errors
    assert scores


def test_changed_source_is_not_graded(tmp_path):
    """Grading never re-registers an assignment: when source/ changed since the
    gradebook learned it, the run stops and says which cells changed."""
    root = tmp_path / "course"
    course.copy_course(REPO, root, ["00_orientation"])
    c = course.Course.load(root)
    gradebook.ensure_registered(c, "00_orientation", root / grader.STATE_DIR, log=lambda *a: None)
    before = gradebook.definition(c, "00_orientation")
    src = root / "source" / "00_orientation" / "00_orientation.ipynb"
    src.write_text(src.read_text().replace("exactly three decimals", "exactly 3 decimals")
                   .replace('"points": 2', '"points": 4', 1))
    with pytest.raises(grader.GraderError, match="no longer matches"):
        grader.autograde(root, "00_orientation", jobs=1, progress=False, log=lambda *a: None)
    assert gradebook.definition(c, "00_orientation") == before


def test_a_folder_that_is_not_a_course_is_refused(tmp_path):
    with pytest.raises(grader.GraderError, match="not an nbgrader course|no nbgrader_config.py"):
        grader.autograde(tmp_path, "00_orientation", progress=False, log=lambda *a: None)
    env = course.tool_env()
    proc = subprocess.run([sys.executable, "-m", "workbook", "autograde", "00_orientation"], cwd=tmp_path,
                          capture_output=True, text=True, env={**env, "HOME": str(tmp_path)})
    assert proc.returncode != 0 and "nbgrader_config.py" in proc.stdout + proc.stderr
    assert not (REPO / "autograded" / "00_orientation").exists()
