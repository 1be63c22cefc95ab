"""07_ml_service: fresh MLflow stores on a SQLite backend, made cheaply.

MLflow 3 keeps a store's metadata (experiments, runs, params, metrics, tags,
the model registry) in a database, its *backend store*, and the run's files
in an *artifact store* (a folder here). A fresh SQLite database is made by
MLflow's schema migrations (alembic): about 0.7 s of CPU each time, and 07's
notebook and its tests open a dozen fresh stores. So the empty database is
made once per MLflow version in the data cache (``empty_db``: what
``mlflow db upgrade sqlite:///<path>`` makes of an empty file: every table,
at the latest revision, no experiment yet) and each new store is a copy of
it (``mlflow_store``): MLflow opens it as it opens any database it made, checks
its revision and adds its Default experiment, as it does for a new database.
"""
from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import building, cache_dir


@functools.lru_cache(maxsize=1)
def _mlflow_version() -> str:
    """The installed MLflow's version, without importing MLflow where it is not
    imported yet (the grader names the cache's files: an import is a second).
    Read once per process: the judge names the public files for every request
    it sends (importlib.metadata scans site-packages: 0.6 CPU-s of one 03
    submission's grading, py-spy)."""
    if "mlflow" in sys.modules:
        return str(sys.modules["mlflow"].__version__)
    from importlib import metadata
    for dist in ("mlflow", "mlflow-skinny"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "none"


def empty_db_path() -> Path:
    """Where the empty MLflow database of the installed MLflow lives in the
    cache (it may not be built yet)."""
    return cache_dir() / f"mlflow_empty_{_mlflow_version()}.db"


def empty_db() -> Path:
    """The empty, migrated MLflow database of the installed MLflow, built once
    in the cache (one builder at a time: ``workbook.data.building``; written
    to a temporary name and renamed) by ``mlflow db upgrade``."""
    path = empty_db_path()
    if path.exists():
        return path
    with building(path):
        if path.exists():   # built by another process while this one waited
            return path
        fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            os.unlink(tmp)   # MLflow's engine creates it
            import logging

            from mlflow.db import upgrade   # the command `mlflow db upgrade <url>`, run in this process
            quiet = logging.getLogger("mlflow.store.db.utils")
            level = quiet.level
            quiet.setLevel(logging.WARNING)
            try:
                upgrade.callback(f"sqlite:///{tmp}")
            finally:
                quiet.setLevel(level)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return path


def mlflow_store(folder) -> str:
    """The tracking URI (``sqlite:///<absolute path>``, also its registry
    URI) of the MLflow backend store ``folder/mlflow.db``; a new store, a copy
    of :func:`empty_db`, when the folder has none yet (the folder is made if
    needed). Run again, it gives the same store back, as MLflow opens a
    database it finds."""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "mlflow.db"
    if not db.exists():
        shutil.copyfile(empty_db(), db)
    return f"sqlite:///{db}"


def use_default_store(folder) -> str:
    """Makes :func:`mlflow_store` of ``folder`` MLflow's default store in this
    process (``MLFLOW_TRACKING_URI``: a run that names no store goes there)
    and turns MLflow's progress bars off; returns its URI. The notebook's
    setup cell calls it, so that no cell of the notebook changes a library's
    state itself (07's static check reads every cell of a student's own run)."""
    uri = mlflow_store(folder)
    os.environ["MLFLOW_TRACKING_URI"] = uri
    os.environ["MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR"] = "false"
    return uri


# --------------------------------------------------------------------------- 07 q15's registries, built once

#: the scenarios built or read in this process, by (data folder, spec): the judge's memory, which no kernel reaches
_SCENARIOS: dict[tuple[str, str], dict] = {}


def _code_version() -> str:
    """What a kept scenario depends on besides its spec: this module and MLflow's version."""
    import hashlib
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16] + "-" + _mlflow_version()


def registry_scenario(model_name: str, runs: list, registered, aliases: dict) -> dict:
    """The judge's side of 07 q15's store (``checks.mlflowprobes.run_promote``):
    a store with one finished run of experiment daon-churn per entry of
    ``runs`` (its metrics; its artifacts model/meta.json and model/weights.pt),
    the model ``ranking`` with its own champion, and, unless ``registered`` is
    None, ``model_name`` with the runs of ``registered`` as versions 1, 2...
    and ``aliases`` (alias -> version). Made by MLflow, as the probe made it
    in every run before (1.1 CPU-s of its 2.4 in q15's test cell, for every
    mutant and answer variant): here once per spec, kept in this process's
    memory and in its data folder (``cache_dir``) for the next process (the
    forks of ``authoring.mutants``' walk run an exercise's tests before the
    process they are forked from does). The judge's data folder is its own
    (``writing_to`` it: never shown to a sandbox, so hidden specs may be kept
    there), and it never reads a kernel's: a store a kernel's side kept is
    not the judge's. The probe gets a copy of the database as data,
    writes it into a fresh folder of its own and moves the artifact paths
    there: every call sees a store no earlier call touched.

    Returns {"db": zlib-compressed database, "root": the folder the paths in
    it start with, "ids": the runs' ids, "artifacts": each run's artifact
    folder below root}; a new dict each call."""
    import hashlib
    import json
    key = json.dumps([model_name, runs, registered, aliases], sort_keys=True)
    mine = (str(cache_dir()), key)        # the judge's memory is not a kernel's side's, in one process too
    hit = _SCENARIOS.get(mine)
    if hit is None:
        hit = _kept_scenario(key, hashlib.sha256(key.encode()).hexdigest()[:24],
                             lambda: _build_registry(model_name, runs, registered, aliases))
        _SCENARIOS[mine] = hit
    return {"db": hit["db"], "root": hit["root"], "ids": list(hit["ids"]), "artifacts": list(hit["artifacts"])}


def _kept_scenario(key: str, digest: str, build) -> dict:
    """``build()``, kept in this context's data folder (``cache_dir``: the judge's own while it writes there)
    and read back from it when another process built it first (one builder at a time)."""
    import base64
    import json
    path = cache_dir() / f"mlflow_registry_{_code_version()}_{digest}.json"
    for attempt in (0, 1):
        if path.exists():
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("key") == key:
                return {**kept["scenario"], "db": base64.b64decode(kept["scenario"]["db"])}
        if attempt:
            break
        with building(path):
            if path.exists():
                continue
            made = build()
            fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"key": key, "scenario": {**made, "db": base64.b64encode(made["db"]).decode()}}, f)
            os.replace(tmp, path)
            return made
    return build()


def _build_registry(model_name: str, runs: list, registered, aliases: dict) -> dict:
    """The store of ``registry_scenario``, made with MLflow's client in a temporary folder (no working
    directory changes: the tracking store is opened with the folder's mlruns as its artifact root, as a
    store opened with the folder as working directory would have it)."""
    import json
    import logging
    import sqlite3
    import zlib
    logging.getLogger("mlflow").setLevel(logging.WARNING)
    from mlflow import MlflowClient
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
    root = Path(tempfile.mkdtemp(prefix="wb-registry-build-")).resolve()
    try:
        uri = mlflow_store(root / "store")
        store = SqlAlchemyStore(uri, str(root / "mlruns"))    # the Default experiment at root/mlruns/0
        exp_id = store.create_experiment("daon-churn")        # what MlflowClient.create_experiment(name) does
        client = MlflowClient(uri)
        ids = []
        for k, spec in enumerate(runs):
            art = root / "models" / f"churn-{spec['version']}"
            art.mkdir(parents=True)
            (art / "meta.json").write_text(json.dumps({"name": "churn", "version": spec["version"]}), encoding="utf-8")
            (art / "weights.pt").write_bytes(b"weights")
            rid = client.create_run(exp_id, start_time=1_000 * (k + 1), run_name=f"churn-{spec['version']}").info.run_id
            for metric, value in spec["metrics"].items():
                client.log_metric(rid, metric, float(value))
            client.log_artifacts(rid, str(art), artifact_path="model")
            client.set_terminated(rid)
            ids.append(rid)
        client.create_registered_model("ranking")          # another model of the shop, with its own champion
        client.create_model_version("ranking", f"runs:/{ids[0]}/model", run_id=ids[0])
        client.set_registered_model_alias("ranking", "champion", "1")
        if registered is not None:
            client.create_registered_model(model_name)
            for k in registered:
                client.create_model_version(model_name, f"runs:/{ids[k]}/model", run_id=ids[k])
            for alias, version in aliases.items():
                client.set_registered_model_alias(model_name, alias, str(version))
        artifacts = []
        for rid in ids:
            uri_of_run = client.get_run(rid).info.artifact_uri
            if not uri_of_run.startswith(str(root) + "/"):
                raise RuntimeError(f"run {rid}'s artifacts are not in the store's folder: {uri_of_run}")
            artifacts.append(uri_of_run[len(str(root)) + 1:])
        copy = root / "copy.db"              # a consistent copy, whatever MLflow's engine still holds open
        with sqlite3.connect(Path(uri[len("sqlite:///"):])) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        return {"db": zlib.compress(copy.read_bytes(), 6), "root": str(root), "ids": ids, "artifacts": artifacts}
    finally:
        shutil.rmtree(root, ignore_errors=True)
