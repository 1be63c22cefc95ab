"""The mutation operators students' mistakes suggest (workbook/authoring/mutops.py): each makes the mutant of
its kind of mistake, and a survivor is reported with the requirement it most likely breaks."""
from __future__ import annotations

from workbook.authoring import mutants, mutops

CODE = '''import re

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+")


def best(y, scores, thresholds=None, k=10):
    best_t = None
    for t in sorted(thresholds):
        best_t = round(t * k)
    return (best_t, int(len(y) * 0.29))


def count_shuffles(df):
    """Reads the plan."""
    plan = df._jdf.queryExecution().executedPlan().toString()
    return [plan.count("Exchange ")]
'''


def _made(code=CODE, kind="python"):
    return {op: m for op, m in mutants.mutants_of(code, kind)}


def test_each_kind_of_mistake_is_a_mutant():
    made = mutants.mutants_of(CODE, "python")
    ops = {op for op, _ in made}
    assert {"tuple to list", "list to tuple", "sorted() dropped", "round() to int()", "int() to round()",
            "regex class widened", "action before the plan", "parameter k fixed to 10"} <= ops
    by = {}
    for op, m in made:
        by.setdefault(op, []).append(m)
    assert any("return [best_t, int(len(y) * 0.29)]" in m for m in by["tuple to list"])
    assert any("for t in (thresholds):" in m for m in by["sorted() dropped"])
    assert any("best_t = int(t * k)" in m for m in by["round() to int()"])
    assert any("round(len(y) * 0.29)" in m for m in by["int() to round()"])
    assert any(r'r"[\w0-9._%+-]+@' in m for m in by["regex class widened"])
    assert any('"""Reads the plan."""\n    df.count()\n    plan = df._jdf' in m for m in by["action before the plan"])
    assert any("round(t * 10)" in m and "k=10" in m for m in by["parameter k fixed to 10"])
    for _, m in made:
        compile(m, "<mutant>", "exec")


def test_a_bound_in_an_awk_program_is_flipped():
    code = '''q3 = r"""cut -d'"' -f3 logs/access.log | awk '$1 >= 500 && $1 <= 599' | wc -l"""'''
    made = _made(code, "shell")
    assert "awk '$1 > 500 && $1 <= 599'" in made["awk >= to >"]
    assert "awk '$1 >= 500 && $1 < 599'" in made["awk <= to <"]


def test_a_survivor_names_the_requirement_it_breaks():
    reqs = {"pair": "returns the pair (verdict, reason) as a tuple (not a list)",
            "no-data": "fewer than 1,000 labelled examples -> no_data (1,000 is enough)",
            "given-thresholds": "the given thresholds (in any order) replace the default grid",
            "k-arg": "k is the number of items kept", "email-local": "the local part holds Latin letters"}
    assert mutops.requirement_broken("tuple to list", reqs) == "pair"
    assert mutops.requirement_broken("sorted() dropped", reqs) == "given-thresholds"
    assert mutops.requirement_broken("parameter k fixed to 10", reqs) == "k-arg"
    assert mutops.requirement_broken("regex class widened", reqs) == "email-local"
    assert mutops.requirement_broken("ReplaceComparisonOperator_Lt_LtE", reqs) == "no-data"
    assert mutops.requirement_broken("action before the plan", {"x": "something else"}) is None
