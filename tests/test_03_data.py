"""The boundary cases the hidden tests of 03_pytorch_test need are there for
every hidden seed.

A hidden test draws its inputs from the course's secret, so the cases a
question's rules name (an order exactly on the cutoff, a customer whose only
orders were cancelled, a missing category, an empty validation class...) must
be planted whatever the seed: by the generator, or by the hidden part itself.

* Problem B (q16) reads the shop database, which 03 does not own: its hidden
  part picks a reference date and horizon at which every edge case of the
  rules occurs (``boundary_day``). The first test runs that function, taken
  from the notebook, on the orders of seed 0 and of 40 random seeds, and
  checks each case with its own code.
* The other hidden parts plant their cases in code (fixed rows, texts,
  labels). The slow test grades, under the development key and under random
  keys, the solution and alternatives (full marks) and every wrong answer
  whose requirement only a hidden check exercises (it must lose the points):
  the verdict must not depend on the secret.

Seeds and keys are drawn at random on every run; a failure names them.
"""
from __future__ import annotations

import ast
import datetime as dt
import importlib
import os
import random
import textwrap

import numpy as np
import pytest

from conftest import REPO, load_answers
from workbook.course import nb as nbm

ASSIGNMENT = "03_pytorch_test"
NB = REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def _cells() -> dict:
    return {nbm.meta(c).get("grade_id"): c for c in nbm.read(NB).cells if nbm.meta(c).get("grade_id")}


def _hidden_function(test_id: str, name: str):
    """A function defined in the hidden part of a test cell, compiled on its own."""
    source = textwrap.dedent("\n".join(nbm.hidden_lines(_cells()[test_id].source)))
    tree = ast.parse(source)
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)
    ns = {"np": np}
    exec(compile(ast.Module(body=[node], type_ignores=[]), f"<hidden {name}>", "exec"), ns)
    return ns[name]


# ------------------------------------------------------------------ q16: dates at which every rule's edge occurs
def _edge_cases(orders, ref: str, horizon: int) -> set[str]:
    """Which of the cases Problem B's rules name occur at R = ref, C = R - horizon."""
    cut = (dt.date.fromisoformat(ref) - dt.timedelta(days=horizon)).isoformat()
    by_customer: dict[int, list[tuple[str, str]]] = {}
    for cid, day, status in orders:
        by_customer.setdefault(cid, []).append((day, status))
    found = set()
    for rows in by_customer.values():
        if any(day == cut for day, _ in rows):
            found.add("an order on the cutoff C")
        before = [status for day, status in rows if day < cut]
        window = sorted({day for day, _ in rows if cut <= day <= ref})
        if not before:
            continue
        if window == [cut]:
            found.add("a customer whose only order in [C, R] is on C (label decided by the lower bound)")
        if window == [ref]:
            found.add("a customer whose only order in [C, R] is on R (label decided by the upper bound)")
        if not window and any(day > ref for day, _ in rows):
            found.add("a customer who orders after R but not in [C, R]")
        if all(status in ("cancelled", "refunded") for status in before):
            found.add("a customer whose orders before C are all cancelled or refunded (spend 0)")
        if "cancelled" in before:
            found.add("a cancelled order before C")
        if "refunded" in before:
            found.add("a refunded order before C")
    return found


@pytest.mark.slow
def test_q16_hidden_reference_dates_plant_every_edge_case():
    from workbook.data import shop
    boundary_day = _hidden_function("test_q16_churn_pipeline", "boundary_day")
    seeds = [0] + random.sample(range(1, 10**6), 40)
    problems = []
    for seed in seeds:
        orders = [(cid, day, status) for _oid, cid, day, status in shop.generate(seed)["orders"]]
        pick = random.randrange(2**32)
        ref, horizon = boundary_day(orders, np.random.default_rng(pick))
        assert "2026-01-20" <= ref < "2026-05-20" and horizon in (30, 45, 75), (seed, ref, horizon)
        found = _edge_cases(orders, ref, horizon)
        if len(found) != 7:
            problems.append(f"db seed {seed}, rng seed {pick}: R={ref}, H={horizon} has only {sorted(found)}")
    assert problems == []


def test_edge_case_finder_sees_a_missing_case():
    """The independent checker above is not vacuous: at the reference date
    of the visible test nobody orders after R (the data ends there)."""
    from workbook.data import shop
    orders = [(cid, day, status) for _oid, cid, day, status in shop.generate(0)["orders"]]
    found = _edge_cases(orders, shop.REF_DATE, 60)
    assert "a customer who orders after R but not in [C, R]" not in found
    assert "a refunded order before C" in found and len(found) < 7


# ------------------------------------------------------------------ verdicts under many keys
# wrong answers (by requirement) that only a hidden check catches, per exercise
HIDDEN_ONLY = {
    "q1_linear": ["no-bias"],
    "q2_layernorm": ["shape", "eps-arg", "eps-default"],
    "q3_dropout": ["p-zero"],
    "q4_attention": ["leading-dims", "mask-optional"],
    "q6_conv2d": ["stride", "bias-false"],
    "q10_impute_encode": ["missing-zeros", "column-order"],
    "q11_stratified_split": ["int-arrays", "any-labels", "list-input", "whole-count"],
    "q12_build_vocab": ["every-occurrence"],
    "q13_encode": ["first-tokens"],
    "q15_gated_block": ["eps-inside", "eps-default", "eps-arg", "leading-dims"],
}
N_KEYS = 12


@pytest.fixture(scope="module")
def harness():
    """The notebook's cells run once in this process (as `workbook mutants`
    does); each graded answer then runs in a forked child."""
    from workbook.authoring import mutants
    old = os.getcwd()
    os.chdir(NB.parent)
    try:
        nb = nbm.read(NB)
        h = mutants._Harness(nb, NB.stem, log=lambda *a: None)
        exs = {ex.grade_id: ex for ex in nbm.exercises(nb) if ex.autograded}
        for cell in nb.cells:
            if cell.cell_type == "code":
                h.run(nbm.solution_code(cell.source) if nbm.kind(cell) == "answer" else cell.source)
        yield h, nb, exs
    finally:
        os.chdir(old)


@pytest.mark.slow
@pytest.mark.xdist_group("03-harness")   # one worker runs the notebook's cells once for all of them
@pytest.mark.parametrize("grade_id", sorted(HIDDEN_ONLY))
def test_verdicts_do_not_depend_on_the_secret(grade_id, harness, monkeypatch):
    from workbook.authoring import mutants
    exmod = importlib.import_module("workbook.checks.exercise")
    h, nb, exs = harness
    ex = exs[grade_id]
    spec = load_answers(REPO, ASSIGNMENT)[grade_id]
    tests = [nb.cells[i].source for i in ex.test_indices]
    answers = [("solution", True, nbm.solution_code(nb.cells[ex.answer_index].source))]
    answers += [(f"alternative {k}", True, code) for k, code in enumerate(spec["alternatives"])]
    wrong = {w["violates"]: w["code"] for w in spec["wrong"] if isinstance(w, dict)}
    assert set(HIDDEN_ONLY[grade_id]) <= set(wrong)
    answers += [(f"wrong answer {key!r}", False, wrong[key]) for key in HIDDEN_ONLY[grade_id]]
    keys = [exmod.DEV_SEED_KEY] + [os.urandom(16) for _ in range(N_KEYS)]
    problems = []
    old = os.getcwd()
    os.chdir(NB.parent)
    try:
        for key in keys:
            monkeypatch.setattr(exmod, "DEV_SEED_KEY", key)
            pending = [mutants.Mutant(grade_id, name, code, "") for name, _, code in answers]
            mutants._run_batch(h, pending, tests, timeout=120, jobs=2)
            for (name, should_pass, _), m in zip(answers, pending):
                if (m.outcome == "survived") != should_pass:
                    problems.append(f"key {key.hex()}: the {name} {'failed' if should_pass else 'passed'} {m.reason}")
    finally:
        os.chdir(old)
    assert problems == []


def test_hidden_only_lists_real_requirements():
    reqs = {}
    nb = nbm.read(NB)
    for ex in nbm.exercises(nb):
        reqs[ex.grade_id] = nbm.requirements(nb, ex)
    for grade_id, keys in HIDDEN_ONLY.items():
        assert set(keys) <= set(reqs[grade_id]), grade_id


def test_answers_file_is_found():
    assert load_answers(REPO, ASSIGNMENT), "no alternatives or wrong answers in source/03_pytorch_test/exercises.py"
