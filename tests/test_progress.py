"""Progress at a glance: visible tests passing per assignment in a workspace."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from workbook import cli
from workbook.course import layout as course
from workbook.student import progress
from workbook.course import nb as nbm

A = "00_orientation"


def _released():
    """(visible test cells, their points, questions) of A's release: what a row counts."""
    nb = nbm.read(REPO / "release" / A / f"{A}.ipynb")
    tests = [c for c in nb.cells if nbm.kind(c) == "tests"]
    questions = [c for c in nb.cells if nbm.kind(c) in ("answer", "manual")]
    return len(tests), float(sum(nbm.meta(c).get("points", 0) for c in tests)), len(questions)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A course with release/ and a learner's work/ where q1 is solved and the
    q2 test cell was tampered with (it must still fail: release tests are used)."""
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    from workbook import ui
    monkeypatch.setattr(ui.console, "width", 200)   # the table's last column whole, whatever the terminal's width
    root = tmp_path / "course"
    course.copy_course(REPO, root, [A])
    work = root / "work" / A
    shutil.copytree(root / "release" / A, work)
    rel = nbm.read(root / "release" / A / f"{A}.ipynb")
    solved = nbm.solved_sources(nbm.read(REPO / "source" / A / f"{A}.ipynb"))
    nb = nbm.make_submission(rel, {"q1_format_metric": solved["q1_format_metric"]})
    for cell in nb.cells:
        if nbm.meta(cell).get("grade_id") == "test_q2_timer":
            cell.source = "pass  # I made the test pass"
    nbm.write(nb, work / f"{A}.ipynb")
    monkeypatch.chdir(work)
    return root / "work"


@pytest.mark.slow
def test_counts_visible_tests_passing_and_never_writes(workspace, monkeypatch):
    before = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    assert progress.find_workspace() == workspace
    rows = progress.collect()
    (r,) = rows
    n_tests, points, n_questions = _released()
    assert (r.assignment, r.tests_passed, r.tests_total, r.points_passed, r.points_total) == (A, 1, n_tests, 2.0, points)
    assert (r.answered, r.questions) == (1, n_questions) and r.error == "" and r.next == "q2"
    # the same verdicts as the grader: nbgrader's determine_grade on the judged test cells
    assert {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()} == before
    # unchanged notebooks come from the cache: no kernel is started again
    monkeypatch.setattr(progress, "run_notebook", lambda *a, **k: pytest.fail("not cached"))
    assert progress.collect() == rows


def test_saved_outputs_mode(workspace):
    """--saved counts test cells that ran without an error in the saved notebook."""
    p = workspace / A / f"{A}.ipynb"
    nb = nbm.read(p)
    tests = [c for c in nb.cells if nbm.kind(c) == "tests"]
    tests[0].execution_count = 3
    tests[1].execution_count = 4
    tests[1].outputs = [{"output_type": "error", "ename": "CheckFailed", "evalue": "q2", "traceback": []}]
    nbm.write(nb, p)
    (r,) = progress.collect(workspace, saved=True)
    assert (r.tests_passed, r.tests_total) == (1, _released()[0])


def test_broken_notebook_is_reported(workspace):
    (workspace / A / f"{A}.ipynb").write_text("{ not json")
    (r,) = progress.collect(workspace, saved=True)
    assert r.tests_total == 0 and "not valid JSON" in r.error


def test_cli_without_workspace_says_what_to_do(tmp_path, capsys):
    assert cli.main(["progress", "--workspace", str(tmp_path / "nothing")]) == 1
    assert "workbook lab" in " ".join(capsys.readouterr().out.split())   # the console wraps a long path's line


def test_cli_table(workspace, capsys):
    assert cli.main(["progress", "--saved"]) == 0
    out = capsys.readouterr().out
    assert A in out and f"0/{_released()[0]}" in out and "visible tests" in out


def test_the_last_column_has_a_name_and_says_what_is_next(workspace, capsys):
    """The sixth column had no heading and stayed empty until every visible test passed (issue 57)."""
    assert cli.main(["progress", "--saved"]) == 0
    out = capsys.readouterr().out
    assert "status" in out and "next: Question 1" in out, out
    html = progress.progress(A, saved=True)._repr_html_()
    assert "<th>status</th>" in html and "next: Question 1" in html


def test_function_for_a_cell(workspace):
    """progress() returns its rows, shown as a table (HTML in a notebook,
    text in a terminal), never as a raw list."""
    rows = progress.progress(A, saved=True)
    assert [r.assignment for r in rows] == [A]
    assert "visible tests" in repr(rows) and "NotebookProgress(" not in repr(rows)
    html = rows._repr_html_()
    assert f"0/{_released()[0]}" in html and "hidden tests run when your work is graded" in html
