"""Mutation testing of the hidden tests (`workbook mutants`): every
mechanical mutant of every instructor solution is killed by the exercise's
tests, or listed as equivalent with a reason in the ``equivalent`` part of
its exercise (source/<assignment>/exercises.py) (and that list is current: every entry is still generated and still
survives)."""
from __future__ import annotations

import json

import pytest

import inprocess
from conftest import ASSIGNMENTS, OUTPUT, REPO
from workbook.authoring import mutants
from workbook.course import exercises

pytestmark = [pytest.mark.slow]


@pytest.mark.parametrize("assignment", [inprocess.param(A) for A in ASSIGNMENTS])
def test_every_mutant_is_killed_or_listed_as_equivalent(assignment):
    # the same in-process run of the notebook as test_course.py's wrong answers (tests/inprocess.py)
    rep = inprocess.walked(assignment)["mutants"]
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


def test_a_mutant_that_never_ends_is_stopped_after_twenty_solution_runs_not_the_whole_limit():
    """A mutant gets SLOWER times the solution's own run of the tests (at least
    MIN_TIMEOUT s), within the run's limit: one that loops forever is stopped
    after about 5 s, not 30, and counts as a timeout; the others are judged
    as before."""
    import time

    import nbformat
    h = mutants._Harness(nbformat.v4.new_notebook(), "t", log=lambda *a: None)
    solution = "def f(n):\n    return n + 1\n"
    tests = ["assert f(1) == 2"]
    pending = [mutants.Mutant("q1", "op", "def f(n):\n    while True:\n        pass\n", "loop"),
               mutants.Mutant("q1", "op", "def f(n):\n    return n + 2\n", "wrong"),
               mutants.Mutant("q1", "op", "def f(n):\n    return 1 + n\n", "same")]
    start = time.monotonic()
    mutants._run_batch(h, pending, tests, timeout=30.0, jobs=2, solution=solution)
    took = time.monotonic() - start
    assert [m.outcome for m in pending] == ["timeout", "killed", "survived"]
    assert mutants.MIN_TIMEOUT <= took < 15, took
    assert pending[0].reason == f"ran longer than {mutants.MIN_TIMEOUT:g} s"


def test_the_modules_the_solutions_run_imports_are_imported_before_the_mutants_fork():
    """The checks import some modules only when called (11's box checks:
    torch._dynamo, cProfile, numpy.fft): the solution's timed run names the
    modules it imported and the walk's process imports them, so that each
    mutant's child inherits them instead of importing them again (11's
    q3_convert_boxes: 0.95 -> 0.20 CPU-s per child). The outcomes stay."""
    import sys

    import nbformat
    sys.modules.pop("colorsys", None)
    h = mutants._Harness(nbformat.v4.new_notebook(), "t", log=lambda *a: None)
    solution = "def f(x):\n    return x * 2\n"
    tests = ["import colorsys\nassert f(2) == 4 and colorsys.rgb_to_hsv(1, 0, 0)[0] == 0"]
    pending = [mutants.Mutant("q1", "op", "def f(x):\n    return x + 2\n", "same at 2"),
               mutants.Mutant("q1", "op", "def f(x):\n    return x * 3\n", "wrong")]
    mutants._run_batch(h, pending, tests, timeout=30.0, jobs=2, solution=solution)
    assert [m.outcome for m in pending] == ["survived", "killed"]
    assert "colorsys" in sys.modules
    assert "colorsys" not in h.ns, "the import reached the notebook's namespace"


def test_an_answer_that_saves_no_program_is_graded_as_having_none_not_as_the_solution():
    """The walk runs a program answer's solution once before it forks its
    variants (the references' outputs and times are measured once): a variant
    that saves no program of its own (a line written above ``%%program``,
    which is then not the cell's magic) fails its tests, as in a real kernel,
    instead of being graded with the solution's program left behind."""
    from workbook.course import nb as nbm
    A = "10_coding_test"
    nb = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    ex = next(e for e in nbm.exercises(nb) if e.grade_id == "q1_best_sellers")
    h = mutants._Harness(nb, "walk", log=lambda *a: None)
    h.run(next(c.source for c in nb.cells if c.cell_type == "code"))   # the setup cell
    mutants._warm_references(h, ex, nb.cells)
    solution = nbm.solution_code(nb.cells[ex.answer_index].source)
    tests = [("tests", nbm.meta(nb.cells[t])["grade_id"], nb.cells[t]) for t in ex.test_indices]
    visible = tests[:1]   # the examples: no hidden input needed
    unsaved = "# my answer to Question 1\n" + solution.lstrip()
    # in this process, not a fork: the unsaved answer first, then the solution, which saves its program
    assert mutants._variant_child(h, unsaved, visible)["failing"] == [visible[0][1]]
    assert mutants._variant_child(h, solution, visible)["failing"] == []


def test_a_librarys_lazy_table_is_built_before_the_mutants_fork():
    """MLflow builds its map of installed packages the first time a model
    is logged, once per process: the walk builds it before forking, so
    that every mutant's child of 07 inherits it (LAZY_TABLES)."""
    import mlflow  # noqa: F401 - the notebook's import
    from mlflow.utils import requirements_utils
    requirements_utils._MODULES_TO_PACKAGES = None
    mutants._preload([])
    assert requirements_utils._MODULES_TO_PACKAGES
