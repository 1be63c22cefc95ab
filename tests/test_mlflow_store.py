"""07_ml_service's MLflow on a SQLite backend (issue 57): MLflow 3 keeps the
file store only behind MLFLOW_ALLOW_FILE_STORE=true, so nothing of 07 sets it;
a new store is a copy of an empty database MLflow migrated once
(workbook.data.mlflowstore), which MLflow opens without migrating it again;
and the notebook's WORK folder is gone once its kernel ends."""
from __future__ import annotations

import json
import sqlite3

import nbformat
from nbclient import NotebookClient

from conftest import REPO
from workbook.course import nb as nbm

A = "07_ml_service"


def test_nothing_of_07_turns_on_mlflows_file_store():
    """The notebook's code cells, its exercises and the checks that open its
    MLflow stores never set MLFLOW_ALLOW_FILE_STORE (the markdown may name it:
    it explains why the file store is legacy)."""
    notebook = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    checks = REPO / "workbook" / "checks"
    files = [REPO / "source" / A / "exercises.py", checks / "servingprobes.py", checks / "mlflowprobes.py",
             REPO / "workbook" / "data" / "mlflowstore.py"]
    assert [s for s in code if "MLFLOW_ALLOW_FILE_STORE" in s] == []
    assert [f.name for f in files if "MLFLOW_ALLOW_FILE_STORE" in f.read_text(encoding="utf-8")] == []
    assert [s for s in code if "mlflow_store(" in s], "the notebook's stores are made by mlflow_store"


def test_a_new_store_is_a_migrated_database_that_mlflow_opens_without_migrating(tmp_path, monkeypatch):
    """The empty database is MLflow's own (every table at the latest
    revision, no experiment); a store copied from it opens without MLflow
    making or migrating its tables, as MLflow does for a new file; MLflow adds its Default experiment in the opener's ./mlruns,
    as for a database it makes; asked again, mlflow_store gives the same store
    back, its runs kept."""
    monkeypatch.chdir(tmp_path)
    from mlflow import MlflowClient

    from workbook.data import mlflowstore
    empty = mlflowstore.empty_db()
    con = sqlite3.connect(f"{empty.as_uri()}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT COUNT(*) FROM experiments").fetchone() == (0,)
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()
    before = empty.read_bytes()

    # whether MLflow made or migrated the tables, as a fact: its own function that does both, watched (a CPU time
    # measured here failed under a loaded machine)
    import mlflow.store.db.utils as db_utils
    made_tables = []
    initialize = db_utils._initialize_tables
    monkeypatch.setattr(db_utils, "_initialize_tables", lambda engine: (made_tables.append(str(engine.url)),
                                                                         initialize(engine)))
    uri = mlflowstore.mlflow_store(tmp_path / "store")
    client = MlflowClient(uri)
    experiments = client.search_experiments()
    opened = list(made_tables)
    MlflowClient(f"sqlite:///{tmp_path / 'fresh.db'}").search_experiments()    # what MLflow makes of a new file

    assert uri == f"sqlite:///{tmp_path / 'store' / 'mlflow.db'}"
    assert [(e.name, e.artifact_location) for e in experiments] == [("Default", str(tmp_path / "mlruns" / "0"))]
    assert opened == [] and made_tables == [f"sqlite:///{tmp_path / 'fresh.db'}"], made_tables
    con = sqlite3.connect(tmp_path / "store" / "mlflow.db")
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
    finally:
        con.close()
    assert empty.read_bytes() == before                       # the copy is written, never the cache's file

    run = client.create_run("0").info.run_id
    assert mlflowstore.mlflow_store(tmp_path / "store") == uri
    assert MlflowClient(uri).get_run(run).info.run_id == run


SETUP_PROBE = """
import json, os
print(json.dumps({"work": str(WORK), "there": WORK.is_dir(), "tracking": os.environ["MLFLOW_TRACKING_URI"]}))
"""


def test_the_notebooks_work_folder_is_removed_when_its_kernel_ends(tmp_path):
    """The setup cell (as the release has it) in a plain kernel, stopped as
    nbclient and nbgrader validate stop it: its WORK folder, with the default
    store in it, is gone afterwards."""
    notebook = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    setup = next(c for c in notebook.cells if nbm.meta(c).get("grade_id") == "setup")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup.source),
                                         nbformat.v4.new_code_cell(SETUP_PROBE)])
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    seen = json.loads(nb.cells[1].outputs[-1]["text"].strip().splitlines()[-1])
    from pathlib import Path
    work = Path(seen["work"])
    assert seen["there"] and seen["tracking"] == f"sqlite:///{work / 'default' / 'mlflow.db'}"
    assert not work.exists(), f"{work} is left after the kernel ended"
    assert list(tmp_path.iterdir()) == []            # nothing in the notebook's folder (no ./mlruns, no mlflow.db)
