"""workbook/checks/serving.py: the judge-side readers of 07's static answers
(a Dockerfile, a demo page) and its helpers; workbook/checks/servingprobes.py and mlflowprobes.py:
the stub model's formula and where run_promote reads a version's files. Each
test: a text, one call."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbook.checks import mlflowprobes, serving
from workbook.checks.core import CheckFailed

DOCKERFILE = """# the service
FROM python:3.11-slim AS base
env PYTHONDONTWRITEBYTECODE=1 \\
    PIP_NO_CACHE_DIR=1

COPY --chown=app:app requirements.txt ./
RUN pip install -r requirements.txt
COPY ["app/", "/srv/app/"]
CMD ["uvicorn", "app.main:app"]
"""


def test_a_dockerfile_reads_as_instructions_with_their_lines():
    ins = serving.dockerfile_instructions(DOCKERFILE)
    assert [(line, name) for line, name, _ in ins] == [(2, "FROM"), (3, "ENV"), (6, "COPY"), (7, "RUN"),
                                                      (8, "COPY"), (9, "CMD")]
    assert serving.env_names("ENV", ins[1][2]) == ["PYTHONDONTWRITEBYTECODE", "PIP_NO_CACHE_DIR"]
    assert serving.copy_sources(ins[2][2]) == ["requirements.txt"]
    assert serving.copy_sources(ins[4][2]) == ["app/"]


@pytest.mark.parametrize("instruction, args, names", [
    ("ENV", "MODEL_PATH /models/churn", ["MODEL_PATH"]), ("ARG", "VERSION", ["VERSION"]),
    ("ARG", "VERSION=1.0", ["VERSION"]), ("ENV", "", []),
])
def test_env_and_arg_forms(instruction, args, names):
    assert serving.env_names(instruction, args) == names


def test_a_page_reads_as_elements_forms_scripts_and_urls():
    parts = serving.page_parts('<form action="/predict"><input name="x"></form>'
                               '<script>fetch("/predict")</script><img src="https://cdn.example/a.png">')
    assert parts["forms"] == 1 and 'fetch("/predict")' in parts["script"]
    assert parts["urls"] == ["/predict", "https://cdn.example/a.png"]
    assert any(e["tag"] == "input" and e["in_form"] for e in parts["elements"])


def test_versions_sort_as_numbers():
    assert sorted(["1.10.0", "1.9.2", "1.2"], key=serving.version_key) == ["1.2", "1.9.2", "1.10.0"]


def test_floats_are_compared_within_the_tolerance_and_the_first_difference_is_named():
    serving.check_same_floats([0.1, 0.2], [0.1000001, 0.2], what="scores", tol=1e-4)
    with pytest.raises(CheckFailed, match="at position 1"):
        serving.check_same_floats([0.1, 0.3], [0.1, 0.2], what="scores", tol=1e-4)
    with pytest.raises(CheckFailed, match="wrong number of scores"):
        serving.check_same_floats([0.1], [0.1, 0.2], what="scores", tol=1e-4)


def test_the_stub_model_is_the_logistic_function_of_its_spec():
    import math
    spec = {"weights": [2.0, -1.0], "features": ["a", "b"], "bias": 0.5}
    assert serving.stub_proba(spec, {"a": 0, "b": 0.5}) == 0.5
    assert math.isclose(serving.stub_proba(spec, {"a": 1, "b": 0}), 1 / (1 + math.exp(-2.5)))



def test_a_metrics_text_is_read_by_prometheus_clients_parser_into_families():
    text = ('# TYPE churn_predictions_total counter\nchurn_predictions_total{churn="true"} 3.0\n'
            '# TYPE churn_predict_duration_seconds histogram\n'
            'churn_predict_duration_seconds_bucket{le="+Inf"} 2.0\nchurn_predict_duration_seconds_count 2.0\n'
            'churn_predict_duration_seconds_sum 0.004\n')
    families = serving.metric_families(text)
    assert families["churn_predictions"] == {"type": "counter", "samples": [
        {"name": "churn_predictions_total", "labels": {"churn": "true"}, "value": 3.0}]}
    assert families["churn_predict_duration_seconds"]["type"] == "histogram"
    assert serving.metric_families("churn_predictions_total{churn=true} 3\n") is None   # unquoted label value
    assert serving.metric_families(None) is None


@pytest.mark.parametrize("got, ok", [("text/plain; version=1.0.0; charset=utf-8", True),
                                     ("text/plain;charset=UTF-8; version=1.0.0", True),
                                     ("text/plain; charset=utf-8", False), ("application/json", False)])
def test_a_content_type_is_compared_by_its_parts(got, ok):
    assert serving.same_content_type(got, "text/plain; version=1.0.0; charset=utf-8") is ok

# ------------------------------------------------------------------ 07 Q11: the emulated build
from workbook.checks import dockerbuild  # noqa: E402


@pytest.mark.parametrize("lines, path, out", [
    (".env*", ".env.local", True),
    (".env*", "config/.env", False),                        # anchored at the top of the context
    ("**/.env*", "config/.env", True),                     # ** is any number of folders
    ("**/.env*", ".env", True),                            # zero of them too
    ("models/**/*.pt", "models/churn-1.1.0/weights.pt", True),
    ("**\n!service.py", "service.py", False),             # everything out, one file back in
    ("**\n!service.py", "notebooks/explore.ipynb", True),
    (".git", ".git/objects/ab", True),                     # a folder's pattern leaves out what it holds
    ("models/*\n!models/churn-1.1.0", "models/churn-1.1.0/weights.pt", False),
    ("models/*\n!models/churn-1.1.0", "models/churn-1.0.0/weights.pt", True),
    ("*.pt", "models/churn-1.1.0/weights.pt", False),
    ("# a comment\n/notebooks/", "notebooks/explore.ipynb", True),
])
def test_dockerignore_follows_dockers_rules(lines, path, out):
    assert dockerbuild.ignored(path, dockerbuild.ignore_rules(lines)) is out


def test_the_emulated_build_copies_as_docker_does(tmp_path):
    dockerbuild.write_context(tmp_path / "src")
    dockerbuild.staged_context(tmp_path / "src", ".env*\n.git\n", tmp_path / "ctx")
    image = dockerbuild.emulate("FROM python:3.11-slim\nENV HOME_DIR=/srv\nWORKDIR $HOME_DIR\nWORKDIR app\n"
                                "COPY requirements.txt service.py ./\nCOPY models/ models/\n"
                                "COPY models/churn-1.1.0/meta.json meta.json\nRUN pip install -r requirements.txt\n",
                                tmp_path / "ctx", tmp_path / "img")
    files = dockerbuild.files_of(tmp_path / "img")
    assert image.workdir == "/srv/app"
    assert {"srv/app/requirements.txt", "srv/app/service.py", "srv/app/models/churn-1.1.0/weights.pt",
            "srv/app/meta.json"} <= set(files)
    assert not [f for f in files if ".env" in f] and image.pip_installs[0][2] is True
    with pytest.raises(dockerbuild.BuildError) as e:
        dockerbuild.emulate("FROM python:3.11-slim\nCOPY .env /app/\n", tmp_path / "ctx", tmp_path / "img2")
    assert e.value.line == 2


def test_a_versions_folder_in_a_sqlite_store_is_read_where_a_download_would_copy_it_from(tmp_path, monkeypatch):
    """run_promote reads each version's meta.json in the local folder MLflow
    resolves its download URI to (runs:/ through the tracking store, or a
    plain path): the same meta.json that mlflow.artifacts.download_artifacts
    copies; a folder that is not there, or not local, is left to the download."""
    monkeypatch.chdir(tmp_path)     # MLflow keeps an experiment's artifacts in ./mlruns of the working directory
    import json

    import mlflow
    from mlflow import MlflowClient

    from workbook.data.mlflowstore import mlflow_store
    uri = mlflow_store(tmp_path / "store")
    client = MlflowClient(uri)
    run = client.create_run(client.create_experiment("x")).info.run_id
    art = tmp_path / "art"
    art.mkdir()
    (art / "meta.json").write_text(json.dumps({"version": "1.2.3"}))
    client.log_artifacts(run, str(art), artifact_path="model")
    client.create_registered_model("m")
    for source in (f"runs:/{run}/model", str(art), f"runs:/{run}/nothere"):
        client.create_model_version("m", source, run_id=run)
    found = []
    for version in ("1", "2", "3"):
        source = client.get_model_version_download_uri("m", version)
        folder = mlflowprobes._local_artifact_folder(source, uri)
        found.append(None if folder is None else json.loads((folder / "meta.json").read_text())["version"])
        if folder is not None:
            copied = mlflow.artifacts.download_artifacts(artifact_uri=source, dst_path=str(tmp_path / version),
                                                         tracking_uri=uri)
            assert (folder / "meta.json").read_bytes() == (Path(copied) / "meta.json").read_bytes()
    assert found == ["1.2.3", "1.2.3", None]
    assert mlflowprobes._local_artifact_folder("s3://bucket/model", uri) is None


def _features_by_loop(con, cutoff):
    """07's features as the question defines them, one order at a time (the reference of the vectorised code)."""
    import datetime as dt

    import pandas as pd

    from workbook.data.serving import _ORDERS_SQL, FEATURES
    day = lambda s: dt.date.fromisoformat(str(s)[:10])  # noqa: E731
    c = day(cutoff)
    signup = {cid: day(d) for cid, d in con.execute("SELECT customer_id, signup_date FROM customers")}
    acc = {}
    for _oid, cid, d, status, amount in con.execute(_ORDERS_SQL):
        d = day(d)
        if d >= c:
            continue
        r = acc.setdefault(int(cid), {"last": d, "n90": 0, "total": 0.0, "n_valid": 0})
        r["last"] = max(r["last"], d)
        r["n90"] += d >= c - dt.timedelta(days=90)
        if status not in ("cancelled", "refunded"):
            r["total"] += float(amount)
            r["n_valid"] += 1
    rows = [(cid, (c - r["last"]).days, r["n90"], r["total"] / r["n_valid"] if r["n_valid"] else 0.0,
             (c - signup[cid]).days) for cid, r in sorted(acc.items())]
    frame = pd.DataFrame(rows, columns=["customer_id", *FEATURES])
    return frame.astype({"customer_id": "int64", "recency_days": "int64", "orders_90d": "int64",
                         "avg_basket_krw": "float64", "tenure_days": "int64"})


@pytest.mark.parametrize("cutoff", ["2026-03-01", "2026-06-17", "2020-01-01"])
def test_snapshot_and_features_at_are_the_features_computed_one_order_at_a_time(cutoff):
    import datetime as dt
    import sqlite3

    import pandas as pd

    from workbook.data import shop
    from workbook.data.serving import features_at, snapshot
    path = shop.build_db(0)
    con = sqlite3.connect(path)
    try:
        expected = _features_by_loop(con, cutoff)
        pd.testing.assert_frame_equal(features_at(con, cutoff), expected, check_exact=True)
        c = dt.date.fromisoformat(cutoff)
        active = {cid for cid, d in con.execute("SELECT customer_id, order_date FROM orders")
                  if c <= dt.date.fromisoformat(d[:10]) < c + dt.timedelta(days=60)}
    finally:
        con.close()
    expected["churned"] = [0 if cid in active else 1 for cid in expected["customer_id"]]
    pd.testing.assert_frame_equal(snapshot(0, cutoff), expected, check_exact=True)
    pd.testing.assert_frame_equal(snapshot(0, cutoff), expected, check_exact=True)   # read again from the cache
