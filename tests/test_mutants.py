"""Mutation testing of the hidden tests (`workbook mutants`): every
mechanical mutant of every instructor solution is killed by the exercise's
tests, or listed as equivalent with a reason in the ``equivalent`` part of
its exercise (source/<assignment>/exercises.py) (and that list is current: every entry is still generated and still
survives)."""
from __future__ import annotations

import json

import pytest

from conftest import ASSIGNMENTS, OUTPUT, REPO
from workbook.authoring import mutants
from workbook.course import exercises

pytestmark = [pytest.mark.slow]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_mutant_is_killed_or_listed_as_equivalent(assignment):
    rep = mutants.run(REPO, assignment, jobs=2, log=lambda *a: None)
    assert rep.mutants, "no mutant was generated"
    # the figures of this run (score, mutants and equivalent ones per exercise), for the closing notes
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"mutants-{assignment}.json").write_text(json.dumps(mutants.to_json(rep), indent=1))
    survivors = [f"{m.exercise} [{m.operator}]\n{m.diff}" for m in rep.survivors]
    assert rep.problems == [] and survivors == [], "\n".join(rep.problems + survivors)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_equivalent_mutants_have_reasons(assignment):
    for gid, ex in exercises.load(REPO / "source" / assignment).items():
        for diff, reason in ex.equivalent.items():
            assert diff.startswith(("- ", "+ ")) and reason.strip(), (assignment, gid, diff)
