"""A cell that runs past the per-cell time limit costs that cell, not the
notebook: the grader interrupts it, and when the kernel stays busy a while
after the interrupt (a RecursionError's traceback of thousands of frames
took 8 CPU-s to format in 11_vision; a long C call ends only when it ends),
the grader goes on with the next cell instead of failing the whole
notebook, which left the student with no grade at all on a busy machine
(a CI run of the full suite: "a cell ran longer than the per-cell time limit
and the kernel did not recover")."""
from __future__ import annotations

import nbformat
import pytest

from conftest import REPO, TEST_SECRET, solution_points
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import gradebook, sandbox
from workbook.grading import runner as grader

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]
A = "00_orientation"
CELL_LIMIT = 3
# interrupted at the cell's limit, the kernel stays busy twice as long as nbclient's default wait for the rest of
# a cell's output (4 s), and then the cell ends
SLOW_TO_STOP = """import time
try:
    while True:
        pass
except KeyboardInterrupt:
    start = time.monotonic()
    while time.monotonic() - start < 8:
        pass
print("stopped")
"""


def test_a_cell_slow_to_stop_after_its_time_limit_costs_the_notebook_nothing_else(tmp_path):
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    root = tmp_path / "course"
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    rel = nbm.read(root / "release" / A / f"{A}.ipynb")
    nb = nbm.make_submission(rel, nbm.solved_sources(nbm.read(root / "source" / A / f"{A}.ipynb")))
    # a cell of the student's own, after the first code cell: every exercise's cells run after it
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells.insert(first + 1, nbformat.v4.new_code_cell(SLOW_TO_STOP))
    d = root / "submitted" / "slow" / A
    d.mkdir(parents=True)
    nbm.write(nb, d / f"{A}.ipynb")
    (d / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")
    c = course.Course.load(root)
    gradebook.ensure_registered(c, A, root / grader.STATE_DIR, log=lambda *a: None)
    logs: list[str] = []
    [r] = grader.autograde(root, A, jobs=1, timeout=300, cell_timeout=CELL_LIMIT, reference=False,
                           progress=False, log=logs.append, course=c)
    assert r.status == "graded", (r, logs[-5:])
    assert r.score == solution_points(A)[0], r
