"""The kernel side of 07's Question 8b (the student writes the API's tests):
the churn API's contract as a reference app, and mutant apps that each break
one clause of it.

``run_api_tests`` runs where the student's tests run (a module probe, sent
as source): for each app it is given ("reference" or a mutant's name) it
builds the app around a :class:`ContractModel`, opens FastAPI's
``TestClient`` (no port, no network) and calls every test of the student's
list with ``(client, model)``. It reports, per app and per test, ``None``
(the test passed) or what the test raised, as plain data; the judge
(``serving.check_api_tests``) decides.

Every app is made by the same function, with the same routes, the same
endpoint functions and the same response classes: a mutant differs from the
reference only by the clause it breaks, held in the endpoints' closure, so
tests tell them apart by what the API answers (reading the app's closures is
refused by the test cell's static check).

Nothing here is a solution of an exercise: the reference app is Question 8's
contract, written without its pydantic response models.
"""

from .exercise import probe
from .kernel import raised as _kernel_raised

# each mutant breaks one clause of the contract (the question's list); the judge says which
MUTANTS = ("health-status", "health-version", "predict-status", "content-type", "predict-version", "no-churn",
           "model-ignored", "prob-percent", "churn-inverted", "order", "first-only", "validation-400",
           "detail-body", "detail-empty", "accepts-negative", "accepts-pair", "accepts-empty")

# the validation errors a mutant that forgets one rule lets through (pydantic's error types)
_LETS_THROUGH = {"accepts-negative": "greater_than_equal", "accepts-pair": "value_error", "accepts-empty": "too_short"}


class ContractModel:
    """The model the apps serve: a version, a threshold and a logistic
    predict_proba over the customer's fields."""

    def __init__(self, version, threshold, weights, bias, features):
        self.version = str(version)
        self.threshold = float(threshold)
        self._weights = [float(w) for w in weights]
        self._bias = float(bias)
        self._features = [str(f) for f in features]

    def predict_proba(self, records):
        import math
        out = []
        for r in records:
            z = self._bias + sum(w * float(r[f]) for w, f in zip(self._weights, self._features))
            out.append(1.0 / (1.0 + math.exp(-z)))
        return out


def _contract_app(model, broken):
    """The churn API around ``model``; ``broken`` names the clause it breaks
    (empty for the reference app)."""
    import json
    import math

    from fastapi import FastAPI
    from fastapi.responses import JSONResponse, Response
    from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

    class Customer(BaseModel):
        model_config = ConfigDict(extra="forbid")
        customer_id: int = Field(ge=1)
        recency_days: int = Field(ge=0)
        orders_90d: int = Field(ge=0)
        avg_basket_krw: float = Field(ge=0, allow_inf_nan=False)
        tenure_days: int = Field(ge=0)

        @model_validator(mode="after")
        def last_order_after_signup(self):
            if self.recency_days > self.tenure_days:
                raise ValueError("recency_days cannot be larger than tenure_days")
            return self

    class PredictRequest(BaseModel):
        customers: list[Customer] = Field(min_length=1, max_length=100)

    app = FastAPI(title="Daon Market churn service")

    # plain Starlette routes (the endpoint gets the request): no annotation to resolve, the same in every app
    async def health(request):
        version = "unknown" if broken == "health-version" else model.version
        return JSONResponse({"status": "ok", "model_version": version},
                            status_code=503 if broken == "health-status" else 200)

    async def predict(request):
        try:
            payload = json.loads(await request.body())
        except ValueError:
            payload = None
        try:
            records = [c.model_dump() for c in PredictRequest.model_validate(payload).customers]
        except ValidationError as e:
            errors = [{"type": err["type"], "loc": ["body", *err["loc"]], "msg": err["msg"]} for err in e.errors()]
            if not {err["type"] for err in errors} <= {_LETS_THROUGH.get(broken)}:
                if broken == "detail-body":
                    return JSONResponse({"error": "invalid request"}, status_code=422)
                if broken == "detail-empty":
                    return JSONResponse({"detail": []}, status_code=422)
                return JSONResponse({"detail": errors}, status_code=400 if broken == "validation-400" else 422)
            records = [dict(c) for c in payload["customers"]]
        probabilities = [float(p) for p in model.predict_proba(records)]
        if broken == "model-ignored":
            probabilities = [1.0 / (1.0 + math.exp(-(float(r["recency_days"]) - 60.0) / 30.0)) for r in records]
        predictions = []
        for r, p in zip(records, probabilities):
            churn = p < model.threshold if broken == "churn-inverted" else p >= model.threshold
            shown = 100.0 * p if broken == "prob-percent" else p
            one = {"customer_id": r["customer_id"], "probability": shown, "churn": churn}
            if broken == "no-churn":
                del one["churn"]
            predictions.append(one)
        if broken == "order":
            predictions.reverse()
        if broken == "first-only":
            predictions = predictions[:1]
        body = {"model_version": "unknown" if broken == "predict-version" else model.version,
                "predictions": predictions}
        status = 201 if broken == "predict-status" else 200
        if broken == "content-type":
            return Response(json.dumps(body), status_code=status, media_type="text/plain")
        return JSONResponse(body, status_code=status)

    app.router.add_route("/health", health, methods=["GET"])
    app.router.add_route("/predict", predict, methods=["POST"])
    return app


@probe
def run_api_tests(tests, spec, runs):
    """Runs with your tests: for each app of ``runs`` ("reference" or a
    mutant's name), builds it around a model of ``spec``, opens a TestClient
    and calls each of your tests with (client, model); reports per app and
    per test None (passed) or what it raised."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    if not isinstance(tests, (list, tuple)) or not tests or not all(callable(t) for t in tests):
        return {"error": "not-a-list", "type": type(tests).__name__}
    tests = list(tests)
    report = {"names": [str(getattr(t, "__name__", "?"))[:80] for t in tests], "runs": []}
    for kind in runs:
        model = ContractModel(**spec)
        app = _contract_app(model, "" if kind == "reference" else kind)
        outcomes = []
        with TestClient(app) as client:
            for test in tests:
                try:
                    test(client, model)
                    outcomes.append(None)
                except BaseException as e:
                    outcomes.append(_kernel_raised(e))
        report["runs"].append(outcomes)
    return report
