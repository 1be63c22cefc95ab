"""The hidden tests of 05_licensing_ethics draw their data from the course's
secret seed, so every case a question's rules name must be there for EVERY
seed. Two kinds of checks:

* the generators, for seed 0 and 40 seeds drawn at random: what the hidden
  tests rely on (both labels in every age band, the region hierarchy...);
* the tables the hidden parts plant whatever the seed (question 5's
  hand-made manifest, question 9's boundary tables), read from the test
  cells themselves: every rule, licence form and bound is there."""
from __future__ import annotations

import ast
import math
import random
import re

import numpy as np
import pandas as pd
import pytest

from conftest import REPO
from workbook.course import nb as nbm
from workbook.data import ethics

NOTEBOOK = REPO / "source" / "05_licensing_ethics" / "05_licensing_ethics.ipynb"
SEEDS = [0, 2**31 - 1] + random.Random("05-data-seeds").sample(range(1, 2**31 - 1), 40)


@pytest.mark.parametrize("seed", SEEDS)
def test_generators_for_every_seed(seed):
    preds = ethics.churn_predictions(seed)
    both = preds.groupby("age_band")["churned"].agg(["min", "max"])
    assert list(both.index) == sorted(ethics.AGE_BANDS) and (both["min"] == 0).all() and (both["max"] == 1).all()
    # question 11 drops one or two bands: every remaining band keeps churners and non-churners
    assert (preds.groupby("age_band").size() >= 20).all()
    profiles = ethics.customer_profiles(seed)
    assert set(profiles["district"]) <= set(ethics.PROVINCE_OF) and set(profiles["gender"]) == {"F", "M"}
    assert profiles["age"].between(16, 79).all()
    manifest = ethics.dataset_manifest(seed)
    assert manifest["source_id"].is_unique and len(manifest) >= 9
    known = {lic for *_, pool in ethics._SOURCE_POOL for lic in pool}
    assert {None if pd.isna(x) else x for x in manifest["license"]} <= known


def _hidden_assignments(grade_id: str, names: set[str]) -> dict:
    """The values of the named assignments of the hidden part of a test cell."""
    cell = next(c for c in nbm.read(NOTEBOOK).cells if nbm.meta(c).get("grade_id") == grade_id)
    tree = ast.parse(cell.source)
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and getattr(node.targets[0], "id", "") in names:
            out[node.targets[0].id] = eval(compile(ast.Expression(node.value), grade_id, "eval"), {"pd": pd})
    assert set(out) == names, f"{grade_id}: {names - set(out)} not found"
    return out


def _solution(grade_id: str) -> dict:
    cell = next(c for c in nbm.read(NOTEBOOK).cells if nbm.meta(c).get("grade_id") == grade_id)
    ns = {"re": re, "pd": pd, "np": np, "math": math, "PROVINCE_OF": ethics.PROVINCE_OF,
          "GENERALISATION_LADDER": ethics.GENERALISATION_LADDER, "QUASI_IDENTIFIERS": ethics.QUASI_IDENTIFIERS}
    exec(nbm.solution_code(cell.source), ns)
    return ns


def test_audit_hidden_manifest_plants_every_rule():
    handmade = _hidden_assignments("test_q5_audit_sources", {"handmade"})["handmade"]
    audit = _solution("q5_audit_sources")["audit_sources"]
    lic = handmade["license"]
    texts = {x.strip().lower() for x in lic if isinstance(x, str)}
    # every licence form the rules name, in more than one case
    assert lic.isna().sum() >= 2  # None and NaN
    assert {"", "unknown", "all rights reserved", "contract"} <= texts
    assert {f"kogl type {t}" for t in "1234"} <= texts
    assert any("-nc" in t and t.startswith("cc") for t in texts) and any("-nd" in t for t in texts)
    assert any(t.startswith("cc") and "-nc" not in t and "-nd" not in t for t in texts)
    assert any(t and t not in {"unknown", "all rights reserved", "contract"} and not re.match("cc|kogl", t)
               for t in texts)  # a string that is no licence
    assert any(isinstance(x, str) and x != x.lower() for x in lic)  # upper case
    facts = handmade[(handmade["kind"] == "news") & (handmade["content"] == "facts")]
    assert len(facts) >= 2 and facts["license"].isna().any()
    # every reason under the uses of the hidden part, and no_commercial winning over no_derivatives
    reasons = set()
    for use in ({"commercial": True, "share_adapted": True}, {"commercial": False, "share_adapted": True},
                {"commercial": True}, {"share_adapted": True}, {}):
        allowed, excluded = audit(handmade, use)
        reasons |= set(excluded.values())
    assert reasons == {"unknown_licence", "all_rights_reserved", "no_commercial", "no_derivatives"}
    _, both = audit(handmade, {"commercial": True, "share_adapted": True})
    _, adapt = audit(handmade, {"share_adapted": True})
    assert any(both[s] == "no_commercial" and adapt.get(s) == "no_derivatives" for s in both)  # KOGL 4, CC NC-ND


def test_generalise_hidden_tables_sit_on_the_age_bounds():
    tables = _hidden_assignments("test_q9_generalise", {"sixty", "bounds"})
    generalise = _solution("q9_generalise")["generalise"]
    sixty, bounds = tables["sixty"], tables["bounds"]
    assert {59, 60} <= set(sixty["age"]) and {29, 30, 49, 50} <= set(bounds["age"])
    # the first step that reaches k = 2 is the one whose bound is planted
    assert set(generalise(sixty, 2)["age"]) == {"60+", "50s"}
    assert set(generalise(bounds, 2)["age"]) == {"under 30", "30-49", "50+"}
    assert set(generalise(bounds, 2)["district"]) == {"Seoul"}


def test_greenest_start_hidden_forecasts_plant_every_rule():
    planted = _hidden_assignments("test_q13_greenest_start", {"planted"})["planted"]
    greenest_start = _solution("q13_greenest_start")["greenest_start"]
    seen = set()
    for forecast, hours, _, _ in planted:
        assert all(x * 512 == int(x * 512) for x in forecast)  # 1/512 steps: window sums are exact
        sums = [sum(forecast[s:s + hours]) for s in range(len(forecast) - hours + 1)]
        cut = [sum(forecast[s:s + hours]) for s in range(len(forecast))]
        start, _ = greenest_start(forecast, hours, 1000, 1.0)
        seen |= {("last", start == len(forecast) - hours and len(sums) > 1),
                 ("tie", sums.count(min(sums)) > 1 and start > 0),
                 ("now-not-worst", sums[0] < max(sums)),
                 ("cut-wins", min(cut) < min(sums)),
                 ("now-best", start == 0 and len(sums) > 1),
                 ("whole", hours == len(forecast))}
    assert {("last", True), ("tie", True), ("now-not-worst", True), ("cut-wins", True), ("now-best", True),
            ("whole", True)} <= seen
