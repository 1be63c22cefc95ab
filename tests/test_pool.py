"""A WorkerPool: local grading workers kept across the runs of several
assignments (`workbook autograde A B C`, the demo), so that each worker's
start-up is paid once per course, not once per assignment."""
from __future__ import annotations

import subprocess
import sys

import pytest

from workbook.authoring import demo
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import runner as grader

TWO = ["00_orientation", "02_sql"]


@pytest.mark.slow
@pytest.mark.sandbox
def test_a_pool_grades_two_assignments_with_the_same_workers_and_the_same_marks(tmp_course):
    for a in TWO:
        rel = {p.stem: nbm.read(p) for p in course.notebooks(tmp_course, a, "release")}
        demo.write_submission(tmp_course, "full", a, {f"{n}.ipynb": nbm.make_submission(nb, demo.solved(
            tmp_course, a, n)) for n, nb in rel.items()})
        demo.write_submission(tmp_course, "blank", a, {f"{n}.ipynb": nb for n, nb in rel.items()})
    pids = []
    with grader.WorkerPool(1) as pool:
        for a in TWO:
            results = {r.student: r for r in grader.autograde(tmp_course, a, jobs=1, pool=pool, progress=False,
                                                                log=lambda *_: None, reference=False)}
            assert results["full"].status == results["blank"].status == "graded", results
            for student, full_marks in (("full", True), ("blank", False)):
                cells = [v for v in grader.cell_scores(tmp_course, a, student).values() if v[0] is not None]
                got, most = sum(v[0] for v in cells), sum(v[1] for v in cells)
                assert most > 0 and got == (most if full_marks else 0), f"{a} {student}: {got}/{most}"
            pids.append(pool.workers[0].proc.pid)
            assert pool.workers[0].proc.poll() is None, "the run stopped the pool's worker"
            assert list(pool.base.iterdir()) == [], "the run left its folder in the pool's"
        worker = pool.workers[0].proc
    assert pids[0] == pids[1], "the second assignment started another worker"
    assert worker.poll() is not None and not pool.base.exists(), "closing the pool leaves a worker or its folder"


def test_several_assignments_and_a_shard_are_refused_in_one_line(tmp_course, tmp_path):
    out = subprocess.run([sys.executable, "-m", "workbook", "autograde", *TWO, "--shard", "1/2",
                          "--out", str(tmp_path / "shard")], cwd=tmp_course, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 2 and "--shard grades one assignment" in out.stderr, out.stderr
