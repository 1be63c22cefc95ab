"""07 q15's MLflow store, built once by the judge (issue 60): the probe gets
a copy of the database as data and writes it into a fresh folder of its
own, so that what one answer does to its store is not seen by the next
check, the judge's copy stays as it was built, and the judge keeps its copy
in its memory and its own data folder, which no sandbox is shown, and never
takes one kept outside the judge."""
from __future__ import annotations

import json
import stat

from mlflow import MlflowClient

from workbook import data
from workbook.checks import mlflowprobes
from workbook.data import mlflowstore

RUNS = [{"version": "1.0.0", "metrics": {"val_auc": 0.84}},
        {"version": "1.0.1", "metrics": {"val_auc": 0.82}},
        {"version": "1.1.0", "metrics": {"val_auc": 0.86}}]
SPEC = ("daon-churn", RUNS, [0], {"champion": 1})


def promote(tracking_uri, model_name, run_id, metric, mode="max"):
    """The question's answer, shortened: a new version; champion if strictly better, else challenger."""
    client = MlflowClient(tracking_uri)
    new = client.create_model_version(model_name, f"runs:/{run_id}/model", run_id=run_id)
    aliases = client.get_registered_model(model_name).aliases
    champion = client.get_model_version(model_name, aliases["champion"])
    better = client.get_run(run_id).data.metrics[metric] > client.get_run(champion.run_id).data.metrics[metric]
    client.set_registered_model_alias(model_name, "champion" if better else "challenger", new.version)
    return int(new.version) if better else int(champion.version)


def vandal(tracking_uri, model_name, run_id, metric, mode="max"):
    """An answer that wrecks its store: versions, aliases, the other model, the runs' metrics and files."""
    from pathlib import Path
    client = MlflowClient(tracking_uri)
    for k in range(3):
        client.create_model_version(model_name, f"runs:/{run_id}/model", run_id=run_id)
    client.set_registered_model_alias(model_name, "champion", "4")
    client.delete_registered_model("ranking")
    for run in client.search_runs([client.get_experiment_by_name("daon-churn").experiment_id]):
        client.log_metric(run.info.run_id, metric, 0.99)
        folder = Path(run.info.artifact_uri) / "model"
        (folder / "meta.json").write_text('{"version": "forged"}', encoding="utf-8")
    return 4


def test_a_store_changed_by_one_answer_is_not_seen_by_the_next_check(tmp_path, monkeypatch):
    """Each call of the probe writes its own copy of the judge's database and the runs' files into a fresh
    folder (the artifact paths moved there): after an answer that wrecked its store, the next check sees the
    store as the judge built it, and the judge's copy (its bytes, its lists) is unchanged."""
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    scenario = mlflowstore.registry_scenario(*SPEC)
    kept = json.dumps({**scenario, "db": scenario["db"].hex()})
    calls = [(1, "val_auc", "max"), (2, "val_auc", "max")]

    fresh = mlflowprobes.run_promote.fn(promote, "daon-churn", RUNS, mlflowstore.registry_scenario(*SPEC), calls)
    assert fresh["stage"] == "done"
    assert [(e["value"], e["aliases"], [(v["version"], v["run"], v["meta"]) for v in e["versions"]])
            for e in fresh["results"]] == [
        (1, {"champion": 1, "challenger": 2}, [(1, 0, "1.0.0"), (2, 1, "1.0.1")]),
        (3, {"champion": 3, "challenger": 2}, [(1, 0, "1.0.0"), (2, 1, "1.0.1"), (3, 2, "1.1.0")])]

    wrecked = mlflowprobes.run_promote.fn(vandal, "daon-churn", RUNS, mlflowstore.registry_scenario(*SPEC), calls)
    assert wrecked["results"][0]["aliases"]["champion"] == 4
    again = mlflowprobes.run_promote.fn(promote, "daon-churn", RUNS, mlflowstore.registry_scenario(*SPEC), calls)
    assert again["results"] == fresh["results"]
    assert not any(p.name.startswith("wb-registry-") for p in tmp_path.iterdir())

    scenario["ids"].append("forged")                       # a caller's lists are its own
    assert json.dumps({**(s := mlflowstore.registry_scenario(*SPEC)), "db": s["db"].hex()}) == kept


def test_the_judge_keeps_its_store_in_its_own_folder_and_never_reads_one_kept_outside_it(tmp_path, monkeypatch):
    """Outside the judge (a notebook's own run, the mutants' walk) the store is kept in that run's data
    folder, for its next process; the judge keeps its own in its own folder (mode 0700, beside the cache,
    never inside it), which the files a sandbox binds never name, builds it itself rather than take the one
    kept outside (in another process, or in the same one), and another process of the judge reads its own
    back as it was built."""
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(mlflowstore, "_SCENARIOS", {})
    spec = ("churn-417", RUNS[:2], None, {})
    outside = mlflowstore.registry_scenario(*spec)
    assert [p.parent for p in tmp_path.rglob("mlflow_registry_*")] == [data.cache_dir()]

    with data.writing_to(data.judge_cache_dir()):
        judge = mlflowstore.registry_scenario(*spec)
    kept = [p for p in tmp_path.rglob("mlflow_registry_*") if p.parent != data.cache_dir()]
    assert [p.parent for p in kept] == [data.judge_cache_dir()]
    assert stat.S_IMODE(kept[0].parent.stat().st_mode) == 0o700
    assert not any(name.startswith("mlflow_registry_") for name in data.public_cache_files())
    assert judge["ids"] != outside["ids"]          # built again by the judge, not taken from outside

    monkeypatch.setattr(mlflowstore, "_SCENARIOS", {})
    monkeypatch.setattr(mlflowstore, "_build_registry", lambda *a: (_ for _ in ()).throw(AssertionError("built")))
    with data.writing_to(data.judge_cache_dir()):
        assert mlflowstore.registry_scenario(*spec) == judge
    assert mlflowstore.registry_scenario(*spec) == outside
