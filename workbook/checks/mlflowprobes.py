"""The kernel side of 07_ml_service's MLflow checks: ``run_log``,
``run_best``, ``run_promote`` and ``run_pyfunc`` each open a fresh MLflow
store, a SQLite database (``run_promote`` with its model registry;
``run_pyfunc`` also loads the pyfunc models registered there), call the
student's function there and report what the store holds afterwards. They
are probes (``probes.module_probe_source``): sent as source, with the helpers
of this module they read, to where the student's code runs. A probe only
reports what it saw, as plain data; it never decides a verdict. The judge's
side is ``serving``, which re-exports these names for the test cells.

Nothing here is a solution of an exercise.
"""
from __future__ import annotations

from .kernel import plain as _plain, raised as _raised
from .probes import probe


# =========================================================================== kernel-side helpers

def _quiet_mlflow():
    import logging
    logging.getLogger("mlflow").setLevel(logging.WARNING)


def _mlflow_store(base) -> tuple[str, str]:
    """A fresh MLflow store in the folder ``base``: its backend store is the
    SQLite database base/store/mlflow.db (``workbook.data.mlflowstore``), and
    this process's working directory moves to ``base`` (MLflow keeps the
    artifacts of an experiment made without an artifact location in ./mlruns
    of the working directory: here, in ``base``, removed with it). Returns the
    tracking URI and the working directory to go back to."""
    import os
    from workbook.data.mlflowstore import mlflow_store
    uri = mlflow_store(base / "store")
    cwd = os.getcwd()
    os.chdir(base)
    return uri, cwd


def _scenario_store(base, scenario) -> tuple[str, str]:
    """A fresh MLflow store in the folder ``base`` that is a copy of the store the judge prepared
    (``workbook.data.mlflowstore.registry_scenario``: its database, zlib-compressed, made in the folder
    ``scenario["root"]``): the database written to base/store/mlflow.db, the paths of its experiments' and
    runs' artifacts moved from that folder to ``base``; this process's working directory moves to ``base``,
    as ``_mlflow_store``'s does. Returns the tracking URI and the working directory to go back to."""
    import os
    import sqlite3
    import zlib
    db = (base / "store").resolve() / "mlflow.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(zlib.decompress(scenario["db"]))
    root, new = str(scenario["root"]), str(base.resolve())
    con = sqlite3.connect(db)
    try:
        with con:
            for table, column in (("experiments", "artifact_location"), ("runs", "artifact_uri")):
                con.execute(f"UPDATE {table} SET {column} = ? || substr({column}, ?) "
                            f"WHERE substr({column}, 1, ?) = ?", (new, len(root) + 1, len(root) + 1, root + "/"))
    finally:
        con.close()
    cwd = os.getcwd()
    os.chdir(base)
    return f"sqlite:///{db}", cwd


# =========================================================================== probes: MLflow

@probe
def run_log(log_run, experiment, calls, version, precreate=(), weights_bytes=b"weights"):
    """Runs with your code: makes a fresh MLflow store (a SQLite database
    in a temporary folder) and an artifact folder churn-<version> (meta.json, weights.pt),
    creates the experiments named in ``precreate``, calls your log_run once
    per (params, metrics) in ``calls``, then reads the whole store back with
    MlflowClient."""
    import json
    import os
    import shutil
    import tempfile
    from pathlib import Path
    _quiet_mlflow()
    import mlflow
    from mlflow import MlflowClient
    base = Path(tempfile.mkdtemp(prefix="wb-mlflow-"))
    uri, cwd = _mlflow_store(base)
    art = base / "models" / f"churn-{version}"
    art.mkdir(parents=True)
    (art / "meta.json").write_text(json.dumps({"name": "churn", "version": version}), encoding="utf-8")
    (art / "weights.pt").write_bytes(weights_bytes)
    report: dict = {"stage": "precreate", "returned": []}
    try:
        client = MlflowClient(uri)
        for name in precreate:
            client.create_experiment(name)
        report["stage"] = "log"
        for params, metrics in calls:
            try:
                out = log_run(uri, experiment, dict(params), dict(metrics), str(art))
                report["returned"].append({"value": out if type(out) is str else {"not_str": type(out).__name__}})
            except BaseException as e:
                report["returned"].append({"raised": _raised(e)})
            active = mlflow.active_run()
            report.setdefault("active_after", []).append(active is not None)
            if active is not None:
                mlflow.end_run()
        report["stage"] = "read"
        exps = []
        for exp in client.search_experiments():
            runs = []
            for r in client.search_runs([exp.experiment_id]):
                rid = r.info.run_id
                runs.append({"run_id": rid, "run_name": r.info.run_name, "status": r.info.status,
                             "params": dict(r.data.params), "metrics": dict(r.data.metrics),
                             "tags": {k: v for k, v in r.data.tags.items() if not k.startswith("mlflow.")},
                             "artifacts": sorted(_walk_artifacts(client, rid))})
            exps.append({"name": exp.name, "runs": runs})
        report["experiments"] = exps
        report["stage"] = "done"
        return report
    finally:
        os.chdir(cwd)
        shutil.rmtree(base, ignore_errors=True)


def _walk_artifacts(client, run_id, path=None) -> list[str]:
    out = []
    for f in client.list_artifacts(run_id, path):
        out += _walk_artifacts(client, run_id, f.path) if f.is_dir else [f.path]
    return out


@probe
def run_best(best_run, experiments, queries):
    """Runs with your code: makes a fresh MLflow store (SQLite) with the given
    experiments and runs (start times, metric histories, statuses, deleted
    runs), then calls your best_run for each query (experiment, metric, mode;
    mode None: not passed)."""
    import os
    import shutil
    import tempfile
    from pathlib import Path
    _quiet_mlflow()
    from mlflow import MlflowClient
    base = Path(tempfile.mkdtemp(prefix="wb-best-"))
    uri, cwd = _mlflow_store(base)
    report: dict = {"ids": {}, "results": []}
    try:
        client = MlflowClient(uri)
        for name, runs in experiments:
            exp_id = client.create_experiment(name)
            ids = []
            for k, spec in enumerate(runs):
                run = client.create_run(exp_id, start_time=int(spec["start"]), run_name=f"run-{k}")
                rid = run.info.run_id
                for step, (key, value) in enumerate(spec.get("history", [])):
                    client.log_metric(rid, key, float(value), timestamp=int(spec["start"]) + step, step=step)
                if spec.get("status", "FINISHED") != "RUNNING":
                    client.set_terminated(rid, status=spec.get("status", "FINISHED"), end_time=int(spec["start"]) + 100)
                if spec.get("deleted"):
                    client.delete_run(rid)
                ids.append(rid)
            report["ids"][name] = ids
        for exp_name, metric, mode in queries:
            try:
                out = best_run(uri, exp_name, metric) if mode is None else best_run(uri, exp_name, metric, mode)
                report["results"].append({"value": out if out is None or type(out) is str
                                          else {"not_str": type(out).__name__}})
            except BaseException as e:
                report["results"].append({"raised": _raised(e)})
        return report
    finally:
        os.chdir(cwd)
        shutil.rmtree(base, ignore_errors=True)


@probe
def run_promote(promote, model_name, runs, scenario, calls):
    """Runs with your code: makes a fresh MLflow store (SQLite), a copy of the one the test prepared
    (``scenario``: one run per entry of ``runs``, with its metrics and its artifacts model/meta.json and
    model/weights.pt; the registered versions and aliases of ``model_name``, if any, next to another
    registered model, ``ranking``, with its own champion), then calls your promote once per (run index,
    metric, mode; mode None: not passed) and reads the registry back after each call."""
    import json
    import os
    import shutil
    import tempfile
    from pathlib import Path
    _quiet_mlflow()
    import mlflow
    from mlflow import MlflowClient
    base = Path(tempfile.mkdtemp(prefix="wb-registry-"))
    uri, cwd = _scenario_store(base, scenario)
    report: dict = {"stage": "setup", "results": []}
    try:
        ids = list(scenario["ids"])
        for spec, folder in zip(runs, scenario["artifacts"]):
            art = base / folder / "model"
            art.mkdir(parents=True)
            (art / "meta.json").write_text(json.dumps({"name": "churn", "version": spec["version"]}), encoding="utf-8")
            (art / "weights.pt").write_bytes(b"weights")
        client = MlflowClient(uri)

        downloads = []
        folders: dict = {}    # (version, source) -> the folder it resolves to: resolved once

        def meta_version(mv):
            """meta.json's version in the folder a models:/ URI of this version downloads (None: no meta.json).
            A folder of this store (the repository MLflow resolves the URI to is a local one: its download
            copies that folder) is read where it is, without the copy."""
            try:
                key = (int(mv.version), str(mv.source))
                folder = folders.get(key)
                if folder is None:
                    source = client.get_model_version_download_uri(model_name, str(mv.version))
                    folder = _local_artifact_folder(source, uri)
                    if folder is None:
                        downloads.append(base / "downloads" / str(len(downloads)))
                        folder = mlflow.artifacts.download_artifacts(artifact_uri=source,
                                                                     dst_path=str(downloads[-1]), tracking_uri=uri)
                    folders[key] = folder
                return json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))["version"]
            except BaseException:
                return None

        report["stage"] = "promote"
        for k, metric, mode in calls:
            entry: dict = {}
            try:
                out = (promote(uri, model_name, ids[k], metric) if mode is None
                       else promote(uri, model_name, ids[k], metric, mode))
                entry.update(value=_plain(out), type=type(out).__name__)
            except BaseException as e:
                entry["raised"] = _raised(e)
            if mlflow.active_run() is not None:
                mlflow.end_run()
            try:
                versions = client.search_model_versions(f"name = '{model_name}'")
            except BaseException:
                versions = []
            entry["versions"] = sorted(
                ({"version": int(v.version), "run": ids.index(v.run_id) if v.run_id in ids else None,
                  "stage": str(v.current_stage), "meta": meta_version(v)}
                 for v in versions), key=lambda v: v["version"])
            try:
                entry["aliases"] = {str(a): int(v) for a, v in client.get_registered_model(model_name).aliases.items()}
            except BaseException:
                entry["aliases"] = {}
            try:      # what models:/<name>@champion resolves to (without touching mlflow's global registry URI)
                entry["champion_meta"] = meta_version(client.get_model_version_by_alias(model_name, "champion"))
            except BaseException:
                entry["champion_meta"] = None
            report["results"].append(entry)
        report["ids"] = ids
        report["stage"] = "done"
        return report
    finally:
        os.chdir(cwd)
        shutil.rmtree(base, ignore_errors=True)


@probe
def run_pyfunc(publish_champion, champion_predict, artifacts, example, frames, registered_before=False):
    """Runs with your code: a fresh MLflow store (SQLite; ``registered_before``: churn has a champion version 1)
    and the folders of ``artifacts`` (Question 1's format); your publish_champion once per folder, the registry read
    after each call; the folders deleted, each version you registered loaded with mlflow.pyfunc.load_model (signature,
    predictions); your champion_predict (MLflow's current URI on another store), then with champion moved back."""
    import contextlib
    import io
    import json
    import os
    import shutil
    import tempfile
    import warnings
    from pathlib import Path
    import mlflow
    import numpy as np
    import pandas as pd
    import torch
    from mlflow import MlflowClient
    from mlflow.tracking._model_registry import utils as registry_utils
    from workbook.data.mlflowstore import mlflow_store
    base = Path(tempfile.mkdtemp(prefix="wb-pyfunc-"))
    uri, cwd = _mlflow_store(base)
    before = (mlflow.get_tracking_uri(), registry_utils._registry_uri, os.environ.get("MLFLOW_REGISTRY_URI"))
    report: dict = {"stage": "setup", "published": []}
    quiet = contextlib.ExitStack()    # MLflow's notices go to stderr: in a test cell, nbgrader's validate fails on it
    quiet.enter_context(warnings.catch_warnings())
    warnings.simplefilter("ignore")
    quiet.enter_context(contextlib.redirect_stderr(io.StringIO()))

    def frame(spec):
        return pd.DataFrame({c: pd.Series(v, dtype="int64" if c != "avg_basket_krw" else "float64")
                             for c, v in spec.items()})

    def floats(out):
        try:
            if isinstance(out, (list, tuple, np.ndarray, pd.Series)) and np.asarray(out).ndim == 1:
                return {"value": [float(x) for x in np.asarray(out, dtype=np.float64)]}
        except BaseException:
            pass
        return {"not_floats": type(out).__name__}

    def predicting(fn, spec):
        try:
            return floats(fn(frame(spec)))
        except BaseException as e:
            return {"raised": _raised(e)}

    def registry():
        try:
            versions = sorted(int(v.version) for v in client.search_model_versions("name = 'churn'"))
            aliases = {str(a): int(v) for a, v in client.get_registered_model("churn").aliases.items()}
        except BaseException:
            return [], {}
        return versions, aliases

    try:
        client = MlflowClient(tracking_uri=uri, registry_uri=uri)
        folders = []
        for k, spec in enumerate(artifacts):
            folder = base / "models" / f"churn-{spec['version']}"
            folder.mkdir(parents=True)
            torch.save({"weight": torch.tensor([spec["weight"]], dtype=torch.float32),     # nn.Linear(n, 1)'s
                        "bias": torch.tensor([spec["bias"]], dtype=torch.float32)}, folder / "weights.pt")
            (folder / "meta.json").write_text(json.dumps({"name": "churn", "version": spec["version"], "threshold": 0.3,
                "feature_names": list(spec["features"]), "mean": list(spec["mean"]), "std": list(spec["std"])}))
            folders.append(folder)
        if registered_before:
            run = client.create_run(client.create_experiment("older"), run_name="churn-0.9.0")
            client.log_artifacts(run.info.run_id, str(folders[0]), artifact_path="model")
            client.set_terminated(run.info.run_id)
            client.create_registered_model("churn")
            client.create_model_version("churn", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
            client.set_registered_model_alias("churn", "champion", "1")
        report["before"] = registry()[0]
        report["stage"] = "publish"
        for folder in folders:
            entry: dict = {}
            try:
                out = publish_champion(uri, str(folder), frame(example))
                entry.update(value=_plain(out), type=type(out).__name__)
            except BaseException as e:
                entry["raised"] = _raised(e)
            if mlflow.active_run() is not None:
                mlflow.end_run()
            entry["versions"], entry["aliases"] = registry()
            report["published"].append(entry)
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        report["stage"], models = "load", {}
        report["mine"] = mine = [v for v in registry()[0] if v not in report["before"]]
        mlflow.set_tracking_uri(uri)
        mlflow.set_registry_uri(uri)
        for v in mine:
            entry = {}
            try:
                info = mlflow.models.get_model_info(f"models:/churn/{v}")
                entry["flavors"] = sorted(info.flavors)
                sig = info.signature
                entry["signature"] = sig is not None
                entry["inputs"] = sig.inputs.to_dict() if sig and sig.inputs else None
                entry["outputs"] = sig.outputs.to_dict() if sig and sig.outputs else None
                model = mlflow.pyfunc.load_model(f"models:/churn/{v}")
                entry["predictions"] = [predicting(model.predict, spec) for spec in frames]
            except BaseException as e:
                entry["raised"] = _raised(e)
            models[str(v)] = entry
        report.update(models=models, stage="serve", served=[])
        other = mlflow_store(base / "other")           # champion_predict must name the store itself
        for move in ([None, mine[0]] if len(mine) > 1 else [None]):
            if move is not None:
                client.set_registered_model_alias("churn", "champion", str(move))
            results = []
            for spec in frames:
                mlflow.set_tracking_uri(other)         # and no registry URI of its own: it follows the tracking URI
                registry_utils._registry_uri = None
                os.environ.pop("MLFLOW_REGISTRY_URI", None)
                results.append(predicting(lambda f: champion_predict(uri, f), spec))
            report["served"].append({"champion": registry()[1].get("champion"), "results": results})
        report["stage"] = "done"
        return report
    finally:        # MLflow's global URIs as they were (set_registry_uri also sets the environment variable)
        mlflow.set_tracking_uri(before[0])
        registry_utils._registry_uri = before[1]
        if before[2] is None:
            os.environ.pop("MLFLOW_REGISTRY_URI", None)
        else:
            os.environ["MLFLOW_REGISTRY_URI"] = before[2]
        quiet.close()
        os.chdir(cwd)
        shutil.rmtree(base, ignore_errors=True)


def _local_artifact_folder(source, tracking_uri):
    """The local folder MLflow's download of ``source`` would copy (a runs:/ URI resolved through the
    tracking store, as ``mlflow.artifacts.download_artifacts`` resolves it), or None when the artifacts
    are not a local folder (then they are downloaded)."""
    from pathlib import Path
    from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository
    from mlflow.store.artifact.local_artifact_repo import LocalArtifactRepository
    from mlflow.store.artifact.runs_artifact_repo import RunsArtifactRepository
    try:
        repo = get_artifact_repository(source, tracking_uri=tracking_uri)
    except Exception:
        return None
    if isinstance(repo, RunsArtifactRepository):
        repo = repo.repo
    if type(repo) is LocalArtifactRepository and Path(repo.artifact_dir).is_dir():
        return Path(repo.artifact_dir)
    return None
