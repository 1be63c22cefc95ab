"""07_ml_service as a first student meets it (issue 25): the untouched release
notebook fails only in its answer and test cells (every demo cell that builds
on an unanswered question prints one line), and a q7 answer that accepts an
unknown field is told about ConfigDict(extra="forbid"), not Field(...)."""
from __future__ import annotations

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO, load_answers
from workbook.checks import CheckFailed
from workbook.course import nb as nbm
from workbook.student.ready import ready

A = "07_ml_service"


def test_ready_prints_one_line_for_missing_names(capsys):
    ns = {"save_artifact": print}
    assert ready("save_artifact", namespace=ns) is True
    assert capsys.readouterr().out == ""
    assert ready("save_artifact", "load_artifact", after="Questions 1 and 2", namespace=ns) is False
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "Questions 1 and 2" in out and "`load_artifact`" in out
    assert "`save_artifact`" not in out


def test_ready_reads_the_callers_namespace(capsys):
    ns: dict = {"ready": ready}
    exec("ok = ready('x', after='Question 1')\nx = 1\nok2 = ready('x', after='Question 1')", ns)
    assert ns["ok"] is False and ns["ok2"] is True


@pytest.mark.slow
def test_untouched_release_fails_only_in_answer_and_test_cells(tmp_path):
    shutil.copytree(REPO / "release" / A, tmp_path / A)
    path = tmp_path / A / f"{A}.ipynb"
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    raised, skipped = [], 0
    for i, cell in enumerate(book.cells):
        if cell.cell_type != "code":
            continue
        md = nbm.meta(cell)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors and not (md.get("solution") or md.get("grade")):
            raised.append(f"cell {i} ({md.get('grade_id', 'demo')}): {errors[0].ename}: {errors[0].evalue}")
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        if "⏸ Skipped" in text:
            assert text.count("\n") == 1, f"cell {i} says more than one line: {text!r}"
            skipped += 1
    assert raised == [], "cells other than answer and test cells raised:\n" + "\n".join(raised)
    assert skipped >= 10  # the demo cells that build on answers say what they wait for
    answers = [c for c in book.cells if c.cell_type == "code" and nbm.meta(c).get("solution")]
    assert answers and all(any(o.output_type == "error" for o in c.outputs) for c in answers)


def _q7_failure(answer: str) -> list[str]:
    """The q7 test cell of the release run on an answer."""
    book = nbm.read(REPO / "release" / A / f"{A}.ipynb")
    cell = next(c for c in book.cells if nbm.meta(c).get("grade_id") == "test_q7_schemas")
    ns: dict = {}
    exec("from pydantic import BaseModel, ConfigDict, Field, model_validator\n" + answer, ns)
    with pytest.raises(CheckFailed) as info:
        exec(compile(cell.source, "/tmp/ipykernel_0/test_q7.py", "exec"), ns)
    return info.value.lines()


def _wrong(violates: str) -> str:
    return next(w["code"] for w in load_answers(REPO, A)["q7_schemas"]["wrong"] if w["violates"] == violates)


def test_q7_unknown_field_hint_names_extra_forbid():
    lines = _q7_failure(_wrong("no-extra"))  # the solution without model_config = ConfigDict(extra="forbid")
    hint = next(line for line in lines if "hint:" in line)
    assert 'ConfigDict(extra="forbid")' in hint and "Field(" not in hint, lines


def test_q7_constraint_hint_still_names_field():
    answer = _wrong("no-extra").replace("recency_days: int = Field(ge=0)", "recency_days: int")
    assert answer != _wrong("no-extra")
    lines = _q7_failure(answer)  # recency_days -1 accepted: the visible case before the unknown field
    assert any("hint:" in line and "Field(...)" in line for line in lines), lines


_ONE_PAGE = '''
def best_run(tracking_uri, experiment, metric, mode="max"):
    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    runs = [r for r in client.search_runs([exp.experiment_id], filter_string="attributes.status = 'FINISHED'")
            if metric in r.data.metrics]
    sign = 1 if mode == "max" else -1
    return max(runs, key=lambda r: (sign * r.data.metrics[metric], r.info.start_time)).info.run_id
'''


def test_q5_answers_see_every_page_of_search_runs(tmp_path, monkeypatch):
    """search_runs returns one page of max_results runs (1,000 by default; 3 here, so the test is quick):
    the instructor's solution and the alternatives of q5 find the best run on the last page, where one
    call of search_runs (the solution before issue 57's review) does not look."""
    import mlflow
    from mlflow import MlflowClient
    from mlflow.entities import ViewType

    from workbook.data.mlflowstore import mlflow_store
    real = MlflowClient.search_runs

    def small_pages(self, experiment_ids, filter_string="", run_view_type=ViewType.ACTIVE_ONLY, max_results=3,
                    *rest, **kw):
        return real(self, experiment_ids, filter_string, run_view_type, max_results, *rest, **kw)

    monkeypatch.setattr(MlflowClient, "search_runs", small_pages)
    monkeypatch.chdir(tmp_path)
    uri = mlflow_store(tmp_path / "store")
    client = MlflowClient(uri)
    exp = client.create_experiment("big", artifact_location=str(tmp_path / "artifacts"))
    ids = []
    for k, auc in enumerate([0.91, 0.70, 0.72, 0.74, 0.71, 0.73, 0.75]):   # the best run started first
        run = client.create_run(exp, start_time=1_000_000 + 1000 * k)
        client.log_metric(run.info.run_id, "val_auc", auc)
        client.set_terminated(run.info.run_id)
        ids.append(run.info.run_id)
    assert len(client.search_runs([exp])) == 3 and len(client.search_runs([exp], max_results=100)) == 7
    source = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    solution = nbm.solution_code(next(c.source for c in source.cells
                                      if nbm.meta(c).get("grade_id") == "q5_best_run"))
    answers = [solution, *load_answers(REPO, A)["q5_best_run"]["alternatives"]]
    try:
        for code in [*answers, _ONE_PAGE]:
            ns: dict = {"MlflowClient": MlflowClient, "mlflow": mlflow}
            exec(code, ns)
            got = ns["best_run"](uri, "big", "val_auc")
            assert (got == ids[0]) is (code is not _ONE_PAGE), code
    finally:
        mlflow.set_tracking_uri(None)
