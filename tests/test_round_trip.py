"""The round trip through real nbgrader autograding, per assignment: the
solution and each of the first ROUND_TRIP_ALT alternatives of every exercise
get full marks, the untouched release gets 0, and each of the first
ROUND_TRIP_WRONG wrong answers of every exercise loses its own exercise's
points and only those (all of them, alone and in-process, hidden tests
included: test_course.py::test_each_wrong_answer_loses_only_its_own_exercise), in both
editions (tests/round_trip.py builds the class).

An assignment the security suite attacks is graded once for both: its
round-trip class sits in the security suite's class (tests/security/graded.py:
the sandbox on, the suite's limits), on the same xdist worker. The others
are graded here alone."""
from __future__ import annotations

import shutil

import pytest

import round_trip
from conftest import ASSIGNMENTS, REPO, TEST_SECRET
from security.graded import CLASS_LIMIT, TARGETS, graded_class
from workbook.course import layout as course
from workbook.grading import runner as grader


def _param(A: str):
    if A in TARGETS:
        return pytest.param(A, marks=[pytest.mark.sandbox, pytest.mark.xdist_group(f"security-{A}")], id=A)
    return pytest.param(A, id=A)


def _keep(root, assignment, output_dir):
    """Keep the autograded notebooks of a failed round trip to look at."""
    dest = output_dir / f"round_trip_{assignment}"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(root / "autograded", dest)


@pytest.mark.slow
@pytest.mark.timeout(CLASS_LIMIT)   # it may be the test that grades its security class (security/graded.py)
@pytest.mark.parametrize("assignment", [_param(A) for A in ASSIGNMENTS])
def test_round_trip_alternatives_and_wrong_answers(assignment, tmp_path_factory, output_dir):
    if assignment in TARGETS:
        graded = graded_class(assignment, tmp_path_factory)
        root, students = graded["root"], graded["honest"]
        failed = [f"{s}: {graded['states'].get(s, {}).get('reason', 'not graded')}" for s in students
                  if graded["states"].get(s, {}).get("status") != "graded"]
        assert failed == [], graded["proc"].stdout[-3000:]
    else:
        root = tmp_path_factory.mktemp(f"round-trip-{assignment}") / "course"
        course.copy_course(REPO, root, [assignment])
        (root / ".workbook").mkdir()
        (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
        students = round_trip.write_class(root, assignment)
        # the solution is a student of the class ("full"): no separate reference run (tests/test_scale.py tests it)
        results = grader.autograde(root, assignment, jobs=2, progress=False, log=lambda *a: None,
                                   reference=False)
        failed = [f"{r.student}: {r.reason}" for r in results if r.status != "graded"]
        assert failed == []
    problems = round_trip.problems(root, assignment, students)
    if problems:
        _keep(root, assignment, output_dir)
    assert problems == []
