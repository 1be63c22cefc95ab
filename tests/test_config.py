"""nbgrader_config.py: harmless warnings on stderr never zero a correct answer."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from workbook import authoring, demo, grader
from workbook import nb as nbm

TEXT = '''# %% answer q1_value
### BEGIN SOLUTION
value = 42
### END SOLUTION
# %% tests test_q1_value points=1
import warnings
warnings.warn("this API will change", FutureWarning)
warnings.warn("harmless", UserWarning)
import pandas as pd
pd.DataFrame({"a": [1]})
from workbook.checks import check_equal
check_equal("q1", value, 42)
### BEGIN HIDDEN TESTS
check_equal("q1", value + 1, 43)
### END HIDDEN TESTS
# %% answer q2_noisy
### BEGIN SOLUTION
noisy = 1
### END SOLUTION
# %% tests test_q2_noisy points=1
import sys
print("Traceback: something really broke", file=sys.stderr)
from workbook.checks import check_equal
check_equal("q2", noisy, 1)
### BEGIN HIDDEN TESTS
check_equal("q2", noisy, 1)
### END HIDDEN TESTS
'''


@pytest.mark.slow
@pytest.mark.parametrize("ignore", [True, False])
def test_warnings_on_stderr_do_not_zero_a_test_cell(tmp_path, ignore):
    root = tmp_path / "course"
    (root / "source" / "99_warnings").mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root)
    nbm.write(authoring.txt_to_nb(TEXT), root / "source" / "99_warnings" / "99_warnings.ipynb")
    grader.ensure_registered(root, "99_warnings")
    src = nbm.read(root / "source" / "99_warnings" / "99_warnings.ipynb")
    rel = src  # answers are written in full below, so the source serves as the template
    sub = nbm.make_submission(rel, nbm.solved_sources(src))
    demo.write_submission(root, "s1", "99_warnings", {"99_warnings.ipynb": sub})
    extra = [] if ignore else ["--IgnorePattern.enabled=False"]  # proves the setting is what saves q1
    (r,) = grader.autograde(root, "99_warnings", jobs=1, progress=False, log=lambda *a: None, extra_args=extra)
    assert r.status == "graded", r.reason
    cells = grader.cell_scores(root, "99_warnings", "s1")
    assert cells["test_q1_value"] == ((1.0, 1.0) if ignore else (0.0, 1.0))  # warnings dropped by IgnorePattern
    assert cells["test_q2_noisy"] == (0.0, 1.0)  # other stderr still counts, as nbgrader intends
