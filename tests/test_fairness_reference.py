"""The fairness definitions of 05_licensing_ethics agree with fairlearn.

The hidden test of question 10 grades students against a reference
implementation (``fairness_reference``, defined in the hidden part of the
test function, which the grader's judge runs), and the solution and the
visible test use the same definitions. Here
both are cross-checked against fairlearn itself (selection rate, demographic
parity difference, equal opportunity difference, equalized odds difference,
all "between groups": max minus min), on the churn predictions by age band and
on random data."""
from __future__ import annotations

import ast
import textwrap
import warnings

import numpy as np
import pytest

from conftest import REPO
from workbook.course import nb as nbm
from workbook.data.ethics import AGE_BANDS, churn_predictions

try:
    import fairlearn.metrics as fm  # a test dependency (requirements-dev.txt): never skip silently
except ImportError as e:  # pragma: no cover
    raise ImportError("fairlearn is missing: `make test` installs requirements-dev.txt") from e

NOTEBOOK = REPO / "source" / "05_licensing_ethics" / "05_licensing_ethics.ipynb"


def _cell(grade_id: str) -> str:
    for cell in nbm.read(NOTEBOOK).cells:
        if nbm.meta(cell).get("grade_id") == grade_id:
            return cell.source
    raise LookupError(grade_id)


def _namespace(code: str) -> dict:
    ns = {"np": np}
    exec(compile("import numpy as np\nimport pandas as pd\n" + code, "<notebook>", "exec"), ns)
    return ns


@pytest.fixture(scope="module")
def reference():
    """The reference function, taken from the hidden part of the test cell
    exactly as the judge runs it (the hidden part is indented inside the
    @exercise test function)."""
    hidden = textwrap.dedent("\n".join(nbm.hidden_lines(_cell("test_q10_fairness_metrics"))))
    tree = ast.parse(hidden)
    [node] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "fairness_reference"]
    graded = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
              and getattr(n.func, "id", "") == "check_group_metrics"
              and any(isinstance(a, ast.Call) and getattr(a.func, "id", "") == "fairness_reference" for a in n.args)]
    assert graded, "the hidden part should grade with fairness_reference"
    return _namespace(ast.get_source_segment(hidden, node))["fairness_reference"]


@pytest.fixture(scope="module")
def solution():
    return _namespace("\n".join(nbm.solution_lines(_cell("q10_fairness_metrics"))))["fairness_metrics"]


def _fairlearn(y, p, g) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mf = fm.MetricFrame(metrics={"selection_rate": fm.selection_rate,
                                     "true_positive_rate": fm.true_positive_rate,
                                     "false_positive_rate": fm.false_positive_rate},
                            y_true=y, y_pred=p, sensitive_features=g)
        return {
            "by_group": {k: {str(grp): float(v) for grp, v in mf.by_group[k].items()}
                         for k in ("selection_rate", "true_positive_rate", "false_positive_rate")},
            "demographic_parity_difference": float(fm.demographic_parity_difference(y, p, sensitive_features=g)),
            "equal_opportunity_difference": float(fm.equal_opportunity_difference(y, p, sensitive_features=g)),
            "equalized_odds_difference": float(fm.equalized_odds_difference(y, p, sensitive_features=g)),
        }


def _datasets():
    for seed in (0, 1, 2, 4):
        d = churn_predictions(seed=seed)
        yield f"churn seed {seed}", d["churned"].to_numpy(), d["predicted"].to_numpy(), d["age_band"].to_numpy()
    rng = np.random.default_rng(7)
    for i in range(5):
        n = int(rng.integers(40, 400))
        g = rng.choice(["north", "south", "east", "west"][: int(rng.integers(2, 5))], n)
        y = rng.integers(0, 2, n)
        y[:8] = [1, 0, 1, 0, 1, 0, 1, 0]
        g[:8] = (["north", "south", "east", "west"] * 2)[:8] if len(set(g)) == 4 else g[:8]
        p = (rng.random(n) < np.where(y == 1, 0.7, 0.3)).astype(int)
        if all(((g == grp) & (y == v)).any() for grp in set(g) for v in (0, 1)):
            yield f"random {i}", y, p, g


@pytest.mark.parametrize("name,y,p,g", list(_datasets()), ids=lambda x: x if isinstance(x, str) else "")
def test_reference_matches_fairlearn(reference, solution, name, y, p, g):
    expected = _fairlearn(y, p, g)
    for impl in (reference, solution):
        got = impl(y, p, g)
        for key in ("selection_rate", "true_positive_rate", "false_positive_rate"):
            assert {str(k): v for k, v in got[key].items()} == pytest.approx(expected["by_group"][key], abs=1e-12)
        for key in ("demographic_parity_difference", "equal_opportunity_difference", "equalized_odds_difference"):
            assert got[key] == pytest.approx(expected[key], abs=1e-12), (name, key)


def test_visible_literals_match_fairlearn():
    """The literal values in the visible test and the q11 chart come from the
    same definitions."""
    d = churn_predictions(seed=0)
    f = _fairlearn(d["churned"], d["predicted"], d["age_band"])
    visible = _cell("test_q10_fairness_metrics")
    for key in ("demographic_parity_difference", "equal_opportunity_difference", "equalized_odds_difference"):
        assert f"{f[key]:.6f}" in visible, key
    chart = nbm.visible_part(_cell("test_q11_plot_group_rates"))
    for key in ("selection_rate", "true_positive_rate"):
        for band in AGE_BANDS:
            assert f"{f['by_group'][key][band]:.3f}" in chart, (key, band)


def test_difference_is_not_a_ratio():
    """The plausible wrong answer (a ratio) differs from the difference on the course data."""
    d = churn_predictions(seed=0)
    y, p, g = d["churned"], d["predicted"], d["age_band"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert abs(fm.demographic_parity_ratio(y, p, sensitive_features=g)
                   - fm.demographic_parity_difference(y, p, sensitive_features=g)) > 0.05
