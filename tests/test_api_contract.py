"""07's Question 8b: the apps the student's tests run against
(workbook/checks/apicontract.py). The correct app and every mutant look the
same to code that reads them (routes, endpoints and their code), and each
mutant breaks its own clause: a test of that clause alone kills it, and no
test of another clause does."""
from __future__ import annotations

import warnings

import pytest

from workbook.checks.apicontract import MUTANTS, ContractModel, _contract_app
from workbook.checks.serving import MUTANT_CLAUSES

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SPEC = {"version": "3.1.4", "threshold": 0.4, "weights": [0.02, -0.4, -1e-6, -0.002], "bias": 0.1,
        "features": ["recency_days", "orders_90d", "avg_basket_krw", "tenure_days"]}
GOOD = {"customer_id": 42, "recency_days": 12, "orders_90d": 3, "avg_basket_krw": 48500.0, "tenure_days": 300}


def answers(kind: str) -> dict:
    """What the app of ``kind`` answers to the requests of the contract."""
    model = ContractModel(**SPEC)
    with TestClient(_contract_app(model, "" if kind == "reference" else kind)) as client:
        out = {"health": client.get("/health")}
        out["predict"] = client.post("/predict", json={"customers": [GOOD, {**GOOD, "customer_id": 7,
                                                                              "recency_days": 200}]})
        for name, customers in (("empty", []), ("negative", [{**GOOD, "orders_90d": -1}]),
                                ("pair", [{**GOOD, "recency_days": 301}])):
            out[name] = client.post("/predict", json={"customers": customers})
    return {k: (r.status_code, r.headers.get("content-type"), r.json()) for k, r in out.items()}


def test_every_mutant_has_a_clause_the_student_is_told():
    assert set(MUTANTS) == set(MUTANT_CLAUSES) and len(MUTANTS) == len(set(MUTANTS)) == 17


@pytest.mark.parametrize("kind", MUTANTS)
def test_each_mutant_answers_differently_from_the_correct_app(kind):
    assert answers(kind) != answers("reference")


def test_the_correct_app_answers_the_contract():
    model = ContractModel(**SPEC)
    got = answers("reference")
    assert got["health"] == (200, "application/json", {"status": "ok", "model_version": "3.1.4"})
    status, ctype, body = got["predict"]
    assert (status, ctype) == (200, "application/json") and body["model_version"] == "3.1.4"
    want = model.predict_proba([GOOD, {**GOOD, "customer_id": 7, "recency_days": 200}])
    assert [(p["customer_id"], p["probability"], p["churn"]) for p in body["predictions"]] == \
        [(42, want[0], want[0] >= 0.4), (7, want[1], want[1] >= 0.4)]
    for name in ("empty", "negative", "pair"):
        assert got[name][0] == 422 and isinstance(got[name][2]["detail"], list) and got[name][2]["detail"]


def test_the_apps_cannot_be_told_apart_by_their_routes_or_code():
    def shape(kind):
        app = _contract_app(ContractModel(**SPEC), "" if kind == "reference" else kind)
        return [(r.path, sorted(getattr(r, "methods", None) or []), r.endpoint.__name__, r.endpoint.__code__.co_code)
                for r in app.routes]
    reference = shape("reference")
    assert all(shape(kind) == reference for kind in MUTANTS)
