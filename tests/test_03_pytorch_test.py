"""Fast guards for 03_pytorch_test that do not need a notebook run.

The visible test of Problem B shows expected values computed on the Daon
Market database (seed 0). If workbook/data/shop.py changes its generator,
these literals go stale: this test says so directly (the course round trip
would only say that the solution lost points)."""
from __future__ import annotations

import linecache
from pathlib import Path

from workbook.course import nb as nbm

NB = Path(__file__).resolve().parent.parent / "source" / "03_pytorch_test" / "03_pytorch_test.ipynb"


def _cells():
    return {nbm.meta(c).get("grade_id"): c for c in nbm.read(NB).cells if nbm.meta(c).get("grade_id")}


def _run(code: str, ns: dict, name: str) -> None:
    """Run a cell as IPython does: its source stays readable (linecache) and
    joins the input history ``In`` (where a test reads the submitted source)."""
    filename = f"/tmp/ipykernel_guard/{name}.py"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    ns.setdefault("In", []).append(code)
    exec(compile(code, filename, "exec"), ns)


def test_problem_b_visible_values_match_the_database():
    """The visible test of q16 (an @exercise run in this process, on the
    solution) passes."""
    cells = _cells()
    ns: dict = {"__name__": "__main__", "In": []}
    _run(cells["setup"].source if "setup" in cells else next(
        c.source for c in nbm.read(NB).cells if nbm.kind(c) == "readonly"), ns, "setup")
    _run(nbm.solution_code(cells["q16_churn_pipeline"].source), ns, "answer")
    _run(nbm.visible_part(cells["test_q16_churn_pipeline"].source), ns, "visible_test")


def test_mock_test_solutions_fit_in_50_lines():
    from workbook.checks.pytorch import count_code_lines
    cells = _cells()
    for gid in ("q15_gated_block", "q16_churn_pipeline"):
        assert count_code_lines(nbm.solution_code(cells[gid].source)) <= 45, gid
