"""nbgrader_config.py: harmless warnings on stderr never zero a correct answer.

In the exercise format the grader writes a test cell's outputs from the
judge's verdict, so nothing the student's cells print on stderr can zero a
test. In a course whose test cells are plain nbgrader cells (they run in the
sandboxed kernel), nbgrader gives 0 to a test cell with any stderr output;
IgnorePattern drops Python warnings there, and only them."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO, TEST_SECRET
from workbook.authoring import demo, release
from workbook.authoring import textform
from workbook.course import nb as nbm
from workbook.grading import runner as grader

EXERCISE = '''# %% answer q1_value
### BEGIN SOLUTION
import sys
import warnings
warnings.warn("this API will change", FutureWarning)
print("Traceback: something really broke", file=sys.stderr)
value = 42
### END SOLUTION
# %% tests test_q1_value points=1
from workbook.checks import check_equal, exercise


@exercise("q1", requirements={"value": "value is 42"})
def test_value(value: int):
    check_equal(value, 42, what="value")
    ### BEGIN HIDDEN TESTS
    check_equal(value + 1, 43, what="value + 1")
    ### END HIDDEN TESTS
'''

PLAIN = '''# %% answer q1_value
### BEGIN SOLUTION
value = 42
### END SOLUTION
# %% tests test_q1_value points=1
import warnings
warnings.warn("this API will change", FutureWarning)
warnings.warn("harmless", UserWarning)
assert value == 42
### BEGIN HIDDEN TESTS
assert value + 1 == 43
### END HIDDEN TESTS
# %% answer q2_noisy
### BEGIN SOLUTION
noisy = 1
### END SOLUTION
# %% tests test_q2_noisy points=1
import sys
print("Traceback: something really broke", file=sys.stderr)
assert noisy == 1
'''


def _course(tmp_path, text: str, extra_config: str = ""):
    root = tmp_path / "course"
    (root / "source" / "99_warnings").mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root)
    with open(root / "nbgrader_config.py", "a") as f:
        f.write(extra_config)
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    src = textform.txt_to_nb(text)
    nbm.write(src, root / "source" / "99_warnings" / "99_warnings.ipynb")
    sub = nbm.make_submission(src, nbm.solved_sources(src))  # answers in full: the source serves as template
    demo.write_submission(root, "s1", "99_warnings", {"99_warnings.ipynb": sub})
    release.release(root, ["99_warnings"], log=lambda *a: None)
    return root


@pytest.mark.slow
def test_stderr_of_the_students_cells_never_zeroes_an_exercise(tmp_path):
    root = _course(tmp_path, EXERCISE)
    (r,) = grader.autograde(root, "99_warnings", jobs=1, progress=False, log=lambda *a: None)
    assert r.status == "graded", r.reason
    assert grader.cell_scores(root, "99_warnings", "s1")["test_q1_value"] == (1.0, 1.0)


@pytest.mark.slow
@pytest.mark.parametrize("ignore", [True, False])
def test_warnings_on_stderr_do_not_zero_a_plain_test_cell(tmp_path, ignore):
    root = _course(tmp_path, PLAIN, "\nc.TrustedExecute.require_exercise_format = False\n")
    extra = [] if ignore else ["--IgnorePattern.enabled=False"]  # proves the setting is what saves q1
    (r,) = grader.autograde(root, "99_warnings", jobs=1, progress=False, log=lambda *a: None,
                            extra_args=extra, reference=False)
    assert r.status == "graded", r.reason
    cells = grader.cell_scores(root, "99_warnings", "s1")
    assert cells["test_q1_value"] == ((1.0, 1.0) if ignore else (0.0, 1.0))  # warnings dropped by IgnorePattern
    assert cells["test_q2_noisy"] == (0.0, 1.0)  # other stderr still counts, as nbgrader intends
