"""`workbook mutants A --exercise qN` says so when nothing was mutated
(a grade id that does not exist, a number with no exercise), instead of a
score of 100 % of 0 mutants."""
from __future__ import annotations

from conftest import REPO
from workbook.authoring import mutants


def test_an_exercise_that_matches_nothing_is_a_problem_not_a_perfect_score():
    rep = mutants.run(REPO, "00_orientation", exercises=["q99"], jobs=1, log=lambda *a: None)
    assert rep.mutants == []
    assert any("q99: no mutant was made" in p for p in rep.problems)
