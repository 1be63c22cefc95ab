"""The kernel side of the serving checks (07_ml_service): the stub model and
the probes, which run where the student's code runs, sent there as source
(``probe``), each with the helpers of this module it reads.

``run_save`` builds an ``nn.Linear`` with values the test chose, calls the
student's ``save_artifact`` in a fresh temporary folder and reads back what
was written; ``run_load`` writes an artifact in the documented format and
uses the student's ``load_artifact`` (the MLflow probes are in
``mlflowprobes``); ``run_scoring`` runs the nightly batch job on a private copy of a
shop database; ``run_validation`` feeds payloads to the student's pydantic
models; ``run_app`` starts the student's FastAPI app with FastAPI's
``TestClient`` (no port, no network) around a :class:`StubModel` whose loads
and calls it counts; ``run_metrics`` starts the student's monitored app,
each with a registry of its own, and reports its answers and how long each
took; ``call_keeping`` calls a function and reports its
arguments afterwards. A probe only reports what it saw, as plain data; it
never decides a verdict. The stub model's formula (:func:`stub_proba`) is
shared with the judge, the same float operations on both sides. The judge's
side is ``serving``, which re-exports these names for the test cells.

Nothing here is a solution of an exercise.
"""
from __future__ import annotations

import math
import re

from .exercise import probe
from .kernel import plain as _plain, raised as _raised


# =========================================================================== the stub model

def stub_proba(spec: dict, record) -> float:
    """The stub model's churn probability for one record (a mapping from
    feature names to numbers): a logistic function of ``spec``'s weights."""
    z = float(spec["bias"])
    for w, f in zip(spec["weights"], spec["features"]):
        z += float(w) * float(record[f])
    return 1.0 / (1.0 + math.exp(-z))


class StubModel:
    """A stand-in for the predictor of ``load_artifact`` (version,
    feature_names, threshold, predict_proba) that records every call. Runs
    in the student's kernel, inside the probes. With ``delay`` (seconds),
    every call of predict_proba takes at least that long (``time.sleep``), so
    a test knows a lower bound of the work a request does."""

    def __init__(self, version: str, threshold: float, weights, bias: float, features, delay: float = 0.0):
        self.version = str(version)
        self.threshold = float(threshold)
        self.feature_names = [str(f) for f in features]
        self._spec = {"weights": [float(w) for w in weights], "bias": float(bias), "features": self.feature_names}
        self._delay = float(delay)
        self.calls: list[list] = []

    def predict_proba(self, records):
        import time
        from collections.abc import Mapping
        if self._delay > 0:
            time.sleep(self._delay)
        records = list(records)
        seen = []
        for r in records:
            if not isinstance(r, Mapping):
                raise TypeError(f"predict_proba takes a list of dicts; got a list of {type(r).__name__}")
            seen.append({str(k): _plain_value(v) for k, v in r.items()})
        self.calls.append(seen)
        return [stub_proba(self._spec, r) for r in records]


def _plain_value(v):
    if v is None or type(v) in (bool, int, float, str):
        return v
    try:
        import numpy as np
        if isinstance(v, np.generic):
            return v.item()
    except ImportError:  # pragma: no cover
        pass
    return f"<{type(v).__name__}>"


# =========================================================================== probes: the artifact

@probe
def run_save(save_artifact, weight, bias, mean, std, names, threshold, version, root_exists=True,
             root_as_path=False, arrays=True, again_threshold=None, bad_versions=()):
    """Runs with your code: builds an nn.Linear(n, 1) with the given weight
    and bias, calls your save_artifact in a fresh temporary folder and
    reports what it returned and wrote; then (optionally) saves the same
    version again and tries versions that are not MAJOR.MINOR.PATCH."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    import numpy as np
    import torch
    base = Path(tempfile.mkdtemp(prefix="wb-save-"))
    report: dict = {"stage": "save"}
    try:
        root = base / "models" if root_exists else base / "new" / "models"
        if root_exists:
            root.mkdir()
        model = torch.nn.Linear(int(weight.shape[1]), 1)
        with torch.no_grad():
            model.weight.copy_(weight)
            model.bias.copy_(bias)
        m = np.array(mean, dtype=np.float64) if arrays else [float(x) for x in mean]
        s = np.array(std, dtype=np.float64) if arrays else [float(x) for x in std]
        try:
            out = save_artifact(model, m, s, list(names), threshold, version, root if root_as_path else str(root))
        except BaseException as e:
            report["raised"] = _raised(e)
            return report
        report["returned"] = os.fspath(out) if isinstance(out, (str, os.PathLike)) else None
        report["returned_type"] = type(out).__name__
        folder = root / f"churn-{version}"
        report["folder"] = str(folder)
        report["files"] = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        report["meta"] = _read_json(folder / "meta.json")
        report["weights"] = _read_weights(folder / "weights.pt")
        report["model_unchanged"] = bool(torch.equal(model.weight.detach(), weight)
                                         and torch.equal(model.bias.detach(), bias))
        if again_threshold is not None:
            report["stage"] = "again"
            before = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
            try:
                save_artifact(model, m, s, list(names), again_threshold, version, str(root))
                report["again"] = {"returned": True}
            except BaseException as e:
                report["again"] = {"raised": _raised(e)}
            after = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
            report["again_unchanged"] = before == after
        report["bad"] = []
        for i, v in enumerate(bad_versions):
            report["stage"] = "bad version"
            other = base / f"bad{i}" / "models"
            try:
                save_artifact(model, m, s, list(names), threshold, v, str(other))
                entry = {"version": v, "returned": True}
            except BaseException as e:
                entry = {"version": v, "raised": _raised(e)}
            entry["written"] = sorted(str(p.relative_to(other)) for p in other.rglob("*")) if other.exists() else []
            report["bad"].append(entry)
        report["stage"] = "done"
        return report
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _read_json(path) -> dict:
    import json
    if not path.is_file():
        return {"error": "missing"}
    try:
        return {"value": _plain_json(json.loads(path.read_text(encoding="utf-8")))}
    except BaseException as e:
        return {"error": f"{type(e).__name__}: {str(e)[:200]}"}


def _plain_json(x):
    if isinstance(x, dict):
        return {str(k): _plain_json(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain_json(v) for v in x]
    return x


def _read_weights(path) -> dict:
    import torch
    if not path.is_file():
        return {"error": "missing"}
    try:
        state = torch.load(path, weights_only=True, map_location="cpu")
    except BaseException as e:
        first = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).strip().splitlines()[0] if str(e).strip() else ""
        return {"error": f"{type(e).__name__}: {first.split('. ')[0][:200]}"}
    if not isinstance(state, dict):
        return {"error": f"it holds a {type(state).__name__}, not a state_dict"}
    return {"value": {str(k): v.detach().clone() if isinstance(v, torch.Tensor) else f"<{type(v).__name__}>"
                      for k, v in state.items()}}


@probe
def run_load(load_artifact, meta, weight, bias, batches, delete_before_predict=True):
    """Runs with your code: writes an artifact folder in the documented
    format (meta.json and weights.pt from torch.save), calls your
    load_artifact on it, reads the predictor's attributes, deletes the folder
    (a new version replaced it) and calls predict_proba on each batch."""
    import json
    import shutil
    import tempfile
    from pathlib import Path

    import torch
    base = Path(tempfile.mkdtemp(prefix="wb-load-"))
    folder = base / f"churn-{meta['version']}"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    torch.save({"weight": weight.clone(), "bias": bias.clone()}, folder / "weights.pt")
    report: dict = {"stage": "load"}
    try:
        try:
            predictor = load_artifact(str(folder))
        except BaseException as e:
            report["raised"] = _raised(e)
            return report
        report["stage"] = "attributes"
        attrs = {}
        for name in ("version", "feature_names", "threshold"):
            try:
                value = getattr(predictor, name)
                attrs[name] = {"value": _plain(value), "type": type(value).__name__}
            except BaseException as e:
                attrs[name] = {"raised": _raised(e)}
        report["attributes"] = attrs
        if delete_before_predict:
            shutil.rmtree(folder)
        report["stage"] = "predict"
        outs = []
        for batch in batches:
            try:
                out = predictor.predict_proba([dict(r) for r in batch])
            except BaseException as e:
                outs.append({"raised": _raised(e)})
                continue
            entry = {"type": type(out).__name__}
            try:
                items = list(out)
                entry["item_types"] = sorted({type(x).__name__ for x in items})
                entry["values"] = [float(x) for x in items]
            except BaseException as e:
                entry["unreadable"] = f"{type(e).__name__}: {str(e)[:100]}"
            outs.append(entry)
        report["outputs"] = outs
        report["stage"] = "done"
        return report
    finally:
        shutil.rmtree(base, ignore_errors=True)


# =========================================================================== probe: the batch job

@probe
def run_scoring(score_customers, db, calls, existing=()):
    """Runs with your code: copies the shop database ``db`` to a temporary
    file (creating churn_scores with the given rows when ``existing`` is not
    empty), runs your score_customers once per call (cutoff, stub model
    spec, batch_size or None for the default) and reads churn_scores back
    with a new connection."""
    import shutil
    import sqlite3
    import tempfile
    from pathlib import Path

    from workbook.data.serving import SCORES_SCHEMA
    base = Path(tempfile.mkdtemp(prefix="wb-score-"))
    path = base / "shop.sqlite"
    shutil.copyfile(db, path)
    report: dict = {"runs": []}
    try:
        if existing:
            con = sqlite3.connect(path)
            with con:
                con.executescript(SCORES_SCHEMA)
                con.executemany("INSERT INTO churn_scores VALUES (?, ?, ?, ?, ?)", [tuple(r) for r in existing])
            con.close()
        for cutoff, spec, batch_size in calls:
            stub = StubModel(**spec)
            try:
                if batch_size is None:
                    out = score_customers(str(path), cutoff, stub)
                else:
                    out = score_customers(str(path), cutoff, stub, batch_size=batch_size)
                entry = {"returned": out if type(out) is int else {"not_int": type(out).__name__}}
            except BaseException as e:
                entry = {"raised": _raised(e)}
            entry["calls"] = [[r.get("customer_id") for r in call] for call in stub.calls]
            entry["keys"] = sorted({k for call in stub.calls for r in call for k in r})
            entry["values"] = {str(r.get("customer_id")): [r.get(f) for f in stub.feature_names]
                               for call in stub.calls for r in call}
            report["runs"].append(entry)
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            has = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'churn_scores'").fetchone()[0]
            report["table"] = bool(has)
            if has:
                report["rows"] = [list(r) for r in con.execute(
                    "SELECT customer_id, cutoff, model_version, probability, churn FROM churn_scores")]
        finally:
            con.close()
        return report
    finally:
        shutil.rmtree(base, ignore_errors=True)


# =========================================================================== probes: the service

@probe
def run_validation(model, payloads):
    """Runs with your code: validates each payload with your pydantic model
    (``model.model_validate``) and reports the validated data or the errors
    (their locations and types)."""
    from pydantic import ValidationError
    out = []
    for p in payloads:
        try:
            obj = model.model_validate(p)
        except ValidationError as e:
            out.append({"ok": False, "errors": [{"loc": [str(x) for x in err.get("loc", ())],
                                                 "type": str(err.get("type"))} for err in e.errors()]})
            continue
        except BaseException as e:
            out.append({"raised": _raised(e)})
            continue
        try:
            out.append({"ok": True, "data": _plain_json(obj.model_dump())})
        except BaseException as e:
            out.append({"raised": _raised(e)})
    return out


@probe
def run_app(create_app, stubs, page, requests):
    """Runs with your code: calls your create_app(load_model, page) once per
    stub model spec, with a load_model that counts its calls and returns a
    stub model; starts every app with FastAPI's TestClient (which runs the
    lifespan: no port, no network) and sends the requests (app index,
    method, path, JSON body, raw body); reports the loads before start-up,
    after start-up and at the end, and per request the status, the content
    type, the body and the calls of predict_proba it caused."""
    import warnings
    from contextlib import ExitStack
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    loads = [0] * len(stubs)
    models: list = [None] * len(stubs)

    def loader(i):
        def load_model():
            loads[i] += 1
            models[i] = StubModel(**stubs[i])
            return models[i]
        return load_model

    report: dict = {"stage": "create"}
    apps = []
    for i in range(len(stubs)):
        try:
            apps.append(create_app(loader(i), page))
        except BaseException as e:
            report["raised"] = _raised(e)
            return report
    report["loads_after_create"] = list(loads)
    report["stage"] = "start-up"
    try:
        with ExitStack() as stack:
            clients = [stack.enter_context(TestClient(app)) for app in apps]
            report["loads_after_start"] = list(loads)
            report["stage"] = "requests"
            results = []
            for i, method, path, body, raw in requests:
                before = len(models[i].calls) if models[i] is not None else 0
                try:
                    if raw is not None:
                        r = clients[i].request(method, path, content=raw, headers={"content-type": "application/json"})
                    elif body is not None:
                        r = clients[i].request(method, path, json=body)
                    else:
                        r = clients[i].request(method, path)
                except BaseException as e:
                    results.append({"raised": _raised(e)})
                    continue
                entry = {"status": r.status_code, "content_type": r.headers.get("content-type", ""),
                         "text": r.text[:50_000]}
                try:
                    entry["json"] = _plain_json(r.json())
                except BaseException:
                    entry["json"] = None
                entry["calls"] = models[i].calls[before:] if models[i] is not None else []
                entry["loads"] = list(loads)
                results.append(entry)
            report["results"] = results
            report["stage"] = "shutdown"
    except BaseException as e:
        report["raised"] = _raised(e)
        return report
    report["loads_at_end"] = list(loads)
    report["stage"] = "done"
    return report


@probe
def run_metrics(create_monitored_app, stubs, requests):
    """Runs with your code: calls your create_monitored_app(load_model,
    registry) once per stub model spec, each with a new
    ``prometheus_client.CollectorRegistry`` (never the global ``REGISTRY``)
    and a load_model that returns a stub model (whose predict_proba takes
    the spec's ``delay``, if any); starts every app with
    FastAPI's TestClient (no port, no network) and sends the requests (app
    index, method, path, JSON body) one after the other; reports per request
    the status, the content type, the body and how long the client waited
    for it (seconds), and the names that appeared on the global ``REGISTRY``
    meanwhile."""
    import time
    import warnings
    from contextlib import ExitStack
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from prometheus_client import REGISTRY, CollectorRegistry

    def global_names():
        return {m.name for m in REGISTRY.collect()}

    before = global_names()

    def loader(i):
        def load_model():
            return StubModel(**stubs[i])
        return load_model

    report: dict = {"stage": "create"}
    apps = []
    for i in range(len(stubs)):
        try:
            apps.append(create_monitored_app(loader(i), CollectorRegistry()))
        except BaseException as e:
            report["raised"] = _raised(e)
            return report
    report["stage"] = "start-up"
    try:
        with ExitStack() as stack:
            clients = [stack.enter_context(TestClient(app)) for app in apps]
            report["stage"] = "requests"
            results = []
            for i, method, path, body in requests:
                try:
                    start = time.perf_counter()
                    if body is not None:
                        r = clients[i].request(method, path, json=body)
                    else:
                        r = clients[i].request(method, path)
                    waited = time.perf_counter() - start
                except BaseException as e:
                    results.append({"raised": _raised(e)})
                    continue
                entry = {"status": r.status_code, "content_type": r.headers.get("content-type", ""),
                         "text": r.text[:200_000], "seconds": waited}
                try:
                    entry["json"] = _plain_json(r.json())
                except BaseException:
                    entry["json"] = None
                results.append(entry)
            report["results"] = results
            report["stage"] = "shutdown"
    except BaseException as e:
        report["raised"] = _raised(e)
        return report
    report["global_new"] = sorted(global_names() - before)
    report["stage"] = "done"
    return report


@probe
def call_keeping(fn, *args):
    """Runs with your code: calls ``fn(*args)`` and reports its result (or
    the exception it raised) and the arguments as they are after the call
    (to see whether it changed them)."""
    try:
        result = fn(*args)
    except BaseException as e:
        return {"raised": _raised(e), "args_after": list(args)}
    return {"result": result, "args_after": list(args)}
