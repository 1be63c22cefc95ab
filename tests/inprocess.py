"""The two in-process checks of an assignment's solutions, from one run of
its notebooks (``mutants.walk``): every mechanical mutant of each solution
(tests/test_mutants.py) and every wrong answer and alternative of each
exercise (tests/test_course.py). Both tests of an assignment run on one
xdist worker (``group``), and the second reads what the first walked."""
from __future__ import annotations

import pytest

import round_trip
from conftest import REPO, load_answers
from workbook.authoring import mutants


def group(assignment: str):
    """The xdist group of an assignment's in-process checks."""
    return pytest.mark.xdist_group(f"course-{assignment}")


def param(assignment: str):
    return pytest.param(assignment, marks=group(assignment), id=assignment)


_WALKS: dict[str, dict] = {}


def walked(assignment: str) -> dict:
    """{"mutants": mutants.Report, "variants": {(grade_id, j): failing tests
    or the reason the run did not finish}, "messages": {(grade_id, j): {test
    grade_id: its failure's lines as message data}}, "wrong": {grade_id: wrong
    codes}, "codes": {grade_id: the wrong codes, then the alternatives}}: one
    walk of the assignment per process. The wrong answers come first in each
    list."""
    if assignment not in _WALKS:
        specs = load_answers(REPO, assignment)
        wrong = {gid: [round_trip.code(a) for a in spec.get("wrong", [])] for gid, spec in specs.items()}
        codes = {gid: wrong[gid] + [round_trip.code(a) for a in spec.get("alternatives", [])]
                 for gid, spec in specs.items() if spec.get("wrong") or spec.get("alternatives")}
        messages: dict = {}
        rep, variants = mutants.walk(REPO, assignment, jobs=2, log=lambda *a: None, variants=codes,
                                     messages=messages)
        _WALKS[assignment] = {"mutants": rep, "variants": variants, "messages": messages, "wrong": wrong,
                              "codes": codes}
    return _WALKS[assignment]
