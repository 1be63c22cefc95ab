"""Checks for 07_ml_service (serving Daon Market's churn model): the judge's side.

Two sides, as everywhere in this course:

* **Probes** (sent to the student's kernel by name) do what needs the
  student's objects there; they live in ``servingprobes`` (the MLflow ones
  in ``mlflowprobes``) with the stub
  model (:class:`StubModel`, :func:`stub_proba`) and are re-exported here,
  where the test cells import them. A probe only reports what it saw, as
  plain data.
* **The judge** (or the student's own run of a test cell) decides: the
  references live in the hidden parts of the test cells. This module only
  adds what the judge needs besides them: the messages for a probe stage that
  raised, readers for a Dockerfile and an HTML page (static checks of string
  answers) and for Prometheus' text format (a service's /metrics, read by
  prometheus_client's own parser), a comparison of lists of floats, the drift-alert history and its
  check, and a sort key for versions.

Nothing here is a solution of an exercise.
"""
from __future__ import annotations

import math
import re
from html.parser import HTMLParser

from .core import CheckFailed, fail, hidden_type, short
from . import mlflowprobes
from .mlflowprobes import run_best, run_log, run_pyfunc  # noqa: F401  (the test cells)
from .servingprobes import (StubModel, call_keeping, run_app, run_load, run_metrics, run_save,  # the test cells
                            run_scoring, run_validation, stub_proba)
from ..data.serving import FEATURES, SCORES_SCHEMA  # noqa: F401  (re-exported for the test cells)
from ..messages import as_message, msg


# =========================================================================== judge side: messages

def raised_text(info: dict):
    """'TypeError: message (line 3 of f: `code`)' from a probe's report of an
    exception raised by the student's code (a message: where it raised)."""
    from .exercise import where_of
    info = info if isinstance(info, dict) else {}
    return msg("{type}: {message}{where}", type=str(info.get("type", "Exception"))[:80],
               message=str(info.get("message", ""))[:300], where=where_of(info))


def fail_raised(info: dict, doing: str, *, hint: str | None = None, hidden: str | None = None):
    """The student's code raised while ``doing`` something: say so (the
    exception and the line), or in a hidden test only its type."""
    kind = str((info or {}).get("type", "Exception"))[:80] if isinstance(info, dict) else "Exception"
    raise CheckFailed(msg("{doing} raised {error}", doing=as_message(doing), error=raised_text(info)), hint=hint,
                      show_values=False,
                      hidden_message=msg("{doing} raised {kind}", doing=as_message(hidden or doing), kind=hidden_type(kind)))


def is_exception(info, name: str) -> bool:
    """The reported exception is (a subclass of) ``name``."""
    mro = info.get("mro", []) if isinstance(info, dict) else []
    return any(str(m) == name or str(m).rsplit(".", 1)[-1] == name for m in mro)


# =========================================================================== judge side: Prometheus' text format

def run_promote(promote, model_name: str, runs: list, registered, aliases: dict, calls: list) -> dict:
    """The probe ``mlflowprobes.run_promote`` on a copy of the store these arguments describe, which the
    judge builds once (``workbook.data.mlflowstore.registry_scenario``: one run per entry of ``runs``, the
    runs of ``registered`` as versions 1, 2... of ``model_name`` with ``aliases``; ``registered`` None: no
    such model yet): each call, and each answer, gets a fresh copy of the store no earlier call touched."""
    from ..data.mlflowstore import registry_scenario
    return mlflowprobes.run_promote(promote, model_name, runs,
                                    registry_scenario(model_name, runs, registered, aliases), calls)


def metric_families(text) -> dict | None:
    """A /metrics text read by prometheus_client's own parser, here in the
    judge: ``{family: {"type": ..., "samples": [{"name", "labels", "value"}]}}``
    (a counter's family is named without ``_total``; its ``_created`` series
    are a gauge family of their own), or None when the parser refuses it."""
    from prometheus_client.parser import text_string_to_metric_families
    if not isinstance(text, str):
        return None
    families: dict = {}
    try:
        for family in text_string_to_metric_families(text):
            entry = families.setdefault(str(family.name), {"type": str(family.type), "samples": []})
            entry["samples"] += [{"name": str(s.name), "labels": {str(k): str(v) for k, v in s.labels.items()},
                                  "value": float(s.value)} for s in family.samples]
    except Exception:
        return None
    return families


def same_content_type(got, expected: str) -> bool:
    """The same media type and parameters, whatever their order, case and spacing."""
    def parts(value):
        return {p.strip().lower().replace(" ", "") for p in str(value).split(";") if p.strip()}
    return isinstance(got, str) and parts(got) == parts(expected)


# =========================================================================== judge side: a Dockerfile

def dockerfile_instructions(text: str) -> list[tuple[int, str, str]]:
    """The instructions of a Dockerfile as (line, INSTRUCTION, arguments):
    comments and blank lines dropped, lines continued with a backslash
    joined, the instruction upper-cased."""
    out: list[tuple[int, str, str]] = []
    buf, start = "", None
    for i, raw in enumerate(str(text).splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#") or (not line and not buf):
            continue
        if start is None:
            start = i
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        parts = buf.strip().split(None, 1)
        if parts:
            out.append((start, parts[0].upper(), parts[1].strip() if len(parts) > 1 else ""))
        buf, start = "", None
    if buf.strip():
        parts = buf.strip().split(None, 1)
        out.append((start or 0, parts[0].upper(), parts[1].strip() if len(parts) > 1 else ""))
    return out


def env_names(instruction: str, args: str) -> list[str]:
    """The variable names an ENV or ARG instruction sets (``ENV A=1 B=2``,
    ``ENV A 1``, ``ARG A``, ``ARG A=1``)."""
    tokens = args.split()
    if not tokens:
        return []
    if instruction == "ENV" and "=" not in tokens[0]:
        return [tokens[0]]
    return [t.split("=", 1)[0] for t in tokens if "=" in t or instruction == "ARG"]


def copy_sources(args: str) -> list[str]:
    """The source paths of a COPY or ADD (options such as --chown dropped;
    the JSON form understood); the last path is the destination."""
    import json
    a = args.strip()
    if a.startswith("["):
        try:
            items = [str(x) for x in json.loads(a)]
        except ValueError:
            items = a.strip("[]").replace('"', " ").replace(",", " ").split()
    else:
        items = [t for t in a.split() if not t.startswith("--")]
    return items[:-1]


# =========================================================================== judge side: an HTML page

class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.scripts: list[str] = []
        self.form_depth = 0
        self.forms = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms += 1
            self.form_depth += 1
        self.elements.append({"tag": tag, "attrs": a, "in_form": self.form_depth > 0})
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "form":
            self.form_depth -= 1
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag):
        if tag == "form" and self.form_depth > 0:
            self.form_depth -= 1
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self.scripts:
            self.scripts[-1] += data


def page_parts(html: str) -> dict:
    """What a static check of a page needs: its elements (tag, attributes,
    inside a form or not), the number of forms, the text of its inline
    scripts, and every src/href value."""
    p = _PageParser()
    p.feed(str(html))
    p.close()
    urls = [e["attrs"][k] for e in p.elements for k in ("src", "href", "action") if k in e["attrs"]]
    return {"elements": p.elements, "forms": p.forms, "script": "\n".join(p.scripts), "urls": urls}


def check_same_floats(got: list, expected: list, *, what: str, tol: float, hint: str | None = None,
                      hidden_what: str | None = None) -> None:
    """Two lists of numbers of the same length, equal within ``tol``; the
    first difference is reported with its position."""
    hw = hidden_what or what
    if not isinstance(got, list) or len(got) != len(expected):
        raise CheckFailed(msg("wrong number of {what}", what=as_message(what)), len(expected),
                          len(got) if isinstance(got, list) else short(got), hint,
                          hidden_message=msg("wrong number of {hw}", hw=hw))
    for i, (g, e) in enumerate(zip(got, expected)):
        if not isinstance(g, (int, float)) or isinstance(g, bool) or not math.isfinite(g) or abs(g - e) > tol:
            raise CheckFailed(msg("wrong {what} at position {i}", what=as_message(what), i=i), e, g, hint, hidden_message=msg("wrong {hw}", hw=hw))


# =========================================================================== judge side: drift alerts

def alert_history(rng, threshold: float, days_on: int, days_off: int, n_features: int = 4):
    """A DataFrame of daily PSI (rows: consecutive days, columns: features)
    made of runs of drifted days (at least ``threshold``; some exactly on it)
    and calm days (below it) whose lengths sit around ``days_on`` and
    ``days_off``: one day short, exactly, one day more."""
    import pandas as pd
    pool = ["recency_days", "orders_90d", "avg_basket_krw", "tenure_days", "views_30d", "coupon_uses",
            "app_share", "refund_rate"]
    names = [str(x) for x in rng.choice(pool, size=n_features, replace=False)]
    columns: dict[str, list[float]] = {}
    n_days = 4 * (days_on + days_off) + 6
    for name in names:
        values: list[float] = []
        drifted = bool(rng.integers(0, 2))
        while len(values) < n_days:
            target = days_on if drifted else days_off
            for _ in range(max(1, target + int(rng.integers(-1, 2)))):
                if drifted:
                    v = threshold if rng.random() < 0.3 else round(threshold + float(rng.uniform(0.001, 0.2)), 4)
                else:
                    v = round(threshold - float(rng.uniform(0.001, threshold)), 4)
                values.append(float(v))
            drifted = not drifted
        columns[name] = values[:n_days]
    start = pd.Timestamp("2026-05-01") + pd.Timedelta(days=int(rng.integers(0, 60)))
    return pd.DataFrame(columns, index=pd.date_range(start, periods=n_days, freq="D"))


def check_alerts(drift_alerts, daily, kwargs: dict, expected: dict, what: str) -> None:
    """``drift_alerts(daily, **kwargs)`` against ``expected`` (feature -> list
    of booleans, one per day); the first wrong day is reported with the rule
    it breaks (an alert started or ended too early or too late)."""
    import numpy as np
    import pandas as pd

    from .exercise import call
    args = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    shown = msg("drift_alerts(daily{args}) on {what}", args=args, what=as_message(what))
    got = call(drift_alerts, daily, what=shown, **kwargs)
    if not isinstance(got, pd.DataFrame):
        raise CheckFailed(msg("{shown} should return a pandas DataFrame; it returned a {name__}", shown=shown, name__=type(got).__name__),
                          hint="pd.DataFrame(columns_dict, index=daily_psi.index)", show_values=False,
                          hidden_message="drift_alerts did not return a DataFrame")
    if list(got.columns) != list(daily.columns) or not got.index.equals(daily.index):
        raise CheckFailed(msg("{shown} should return a DataFrame with the same index (the days) and the same "
                              "columns (the features) as daily_psi; it has the columns {columns} and {n_index} "
                              "rows",
                              shown=shown, columns=list(got.columns), n_index=len(got.index)), hint="pass index=daily_psi.index when you build it",
                          show_values=False,
                          hidden_message="the DataFrame returned does not have daily_psi's index and columns")
    for feature in daily.columns:
        values = got[feature].tolist()
        if not all(isinstance(v, (bool, np.bool_)) for v in values):
            raise CheckFailed(msg("{shown}: the column {feature!r} should hold True or False on every day; it "
                                  "holds {values}",
                                  shown=shown, feature=feature, values=short(values)), show_values=False,
                              hidden_message="the DataFrame returned does not hold True or False on every day")
        for i, (g, e) in enumerate(zip(values, expected[feature])):
            if bool(g) == e:
                continue
            before = expected[feature][i - 1] if i else False
            rule_hint = (
                "an alert should start on the day that completes days_on drifted days (PSI at least threshold) "
                "in a row" if e and not before else
                "no alert should start before days_on drifted days in a row (PSI at least threshold; a calm day "
                "restarts the count)" if not e and not before else
                "an alert should end on the day that completes days_off calm days (PSI below threshold) in a row"
                if not e else
                "an alert should stay on until days_off calm days in a row (PSI below threshold; a drifted day "
                "restarts the count)")
            day = daily.index[i]
            day = str(day.date()) if hasattr(day, "date") else str(day)
            history = ", ".join(f"{v:g}" for v in daily[feature].iloc[:i + 1].tolist()[-8:])
            raise CheckFailed(msg("{shown}: {feature} on {day} should be {e}, got {p5} (its PSI up to that "
                                  "day: ... {history})",
                                  shown=shown, feature=feature, day=day, e=e, p5=bool(g), history=history), hint=rule_hint, show_values=False, hidden_message=rule_hint)


# =========================================================================== judge side: the student's API tests (q8b)

# what each mutant app of ``apicontract`` breaks, as the question states the clause
MUTANT_CLAUSES = {
    "health-status": msg("GET /health answers a status other than 200"),
    "health-version": msg("GET /health answers a model_version other than the model's"),
    "predict-status": msg("POST /predict answers a valid request with a status other than 200"),
    "content-type": msg("POST /predict answers with a content type other than application/json"),
    "predict-version": msg("POST /predict answers a model_version other than the model's"),
    "no-churn": msg("the predictions of POST /predict have no churn field"),
    "model-ignored": msg("the probabilities of POST /predict are not the model's"),
    "prob-percent": msg("the probabilities of POST /predict are percentages (outside 0 to 1)"),
    "churn-inverted": msg("churn is true when the probability is below the threshold"),
    "order": msg("the predictions are not in the order of the request's customers"),
    "first-only": msg("POST /predict answers one prediction for a batch of several customers"),
    "validation-400": msg("an invalid body is answered with status 400 instead of 422"),
    "detail-body": msg("an invalid body is answered with 422 but without the detail list"),
    "detail-empty": msg("an invalid body is answered with 422 and an empty detail list"),
    "accepts-negative": msg("a customer with a negative number is accepted"),
    "accepts-pair": msg("a customer whose recency_days is larger than tenure_days is accepted"),
    "accepts-empty": msg("an empty list of customers is accepted"),
}


def check_api_tests(tests, spec: dict, runs: list[str], *, hint: str | None = None) -> None:
    """The student's tests (a list of functions of ``(client, model)``) run
    against each app of ``runs`` in the kernel (``apicontract.run_api_tests``):
    every test passes on each "reference" run, and on each mutant at least
    one test fails (raises)."""
    from .apicontract import run_api_tests
    report = run_api_tests(tests, spec, list(runs))
    if not isinstance(report, dict) or "error" in report or len(report.get("runs", ())) != len(runs):
        fail(msg("API_TESTS should be a non-empty list of your test functions; it is a {kind}",
                 kind=str((report or {}).get("type", "?"))[:40] if isinstance(report, dict) else "?"),
             hint="API_TESTS = [test_health, test_predict, ...]: the functions themselves, without calling them")
    names = report["names"]
    for kind, outcomes in zip(runs, report["runs"]):
        if kind != "reference":
            continue
        for name, out in zip(names, outcomes):
            if out is not None:
                fail_raised(out, msg("your test {name} on the correct app", name=name),
                            hidden=msg("one of your tests on the correct app (another model)"),
                            hint="a test asserts only what the contract states: compute the expected probability "
                                 "with model.predict_proba, never write a number the model happened to give")
    for kind, outcomes in zip(runs, report["runs"]):
        if kind != "reference" and all(out is None for out in outcomes):
            raise CheckFailed(msg("every one of your tests passes on a mutant app where {clause}: no test checks "
                                  "that clause of the contract", clause=MUTANT_CLAUSES[kind]),
                              hint=hint, show_values=False,
                              hidden_message=msg("every one of your tests passes on a mutant app where {clause}",
                                                 clause=MUTANT_CLAUSES[kind]))


def version_key(v: str) -> tuple:
    """'1.10.2' -> (1, 10, 2), for sorting the versions a test made up."""
    return tuple(int(x) for x in re.findall(r"\d+", v))


__all__ = ["FEATURES", "SCORES_SCHEMA", "StubModel", "stub_proba", "run_save", "run_load", "run_log", "run_best",
           "run_promote", "run_pyfunc",
           "run_scoring", "run_validation", "run_app", "run_metrics", "call_keeping", "raised_text", "fail_raised", "is_exception",
           "dockerfile_instructions", "env_names", "copy_sources", "page_parts", "check_same_floats", "version_key",
           "alert_history", "check_alerts", "check_api_tests", "metric_families", "same_content_type", "MUTANT_CLAUSES",
           "fail"]
