"""Exam mode (`workbook exam`): the mentors' implementation test taken without
help and against the clock, then selfgraded with the time it took."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from conftest import REPO
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.student import exam, lab

pytestmark = pytest.mark.slow

A = "00_orientation"
WRONG_Q1 = 'def format_progress(epoch, epochs, loss, lr, seconds):\n    return f"[epoch {epoch}/{epochs}] loss={loss} lr={lr} time={seconds}"'


def _workspace(tmp_path):
    root = course.copy_course(REPO, tmp_path / "course", [A])
    lab.prepare(root, root / "work")
    path = root / "work" / A / f"{A}.ipynb"
    nbm.write(nbm.make_submission(nbm.read(path), {"q1_format_metric": WRONG_Q1}), path)
    return root, path


def _run(path):
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def _q1(nb):
    outs = [o for c in nb.cells if nbm.meta(c).get("grade_id") == "test_q1_format_metric" for o in c.outputs]
    return "\n".join(o.get("traceback", [""])[0] + "\n" + "\n".join(o.get("traceback", [])[1:])
                     for o in outs if o.output_type == "error")


def _hint_cell(nb):
    for c in nb.cells:
        if c.cell_type == "code" and c.source.strip().endswith('hint_button("q1")'):
            return json.dumps(c.outputs)
    raise AssertionError("no hint button cell for q1")


def test_an_exam_hides_hints_counts_down_and_selfgrade_shows_its_time(tmp_path):
    root, path = _workspace(tmp_path)
    out = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "exam", A, "--minutes", "30"],
                         cwd=root, capture_output=True, text=True, env=course.tool_env())
    assert out.returncode == 0, out.stdout + out.stderr
    assert nbm.read(path).metadata["workbook"]["exam"]["minutes"] == 30
    again = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "exam", A],
                           cwd=root, capture_output=True, text=True, env=course.tool_env())
    assert again.returncode == 1 and "an exam was started" in again.stdout, again.stdout

    nb = _run(path)
    failure = _q1(nb)
    assert "✘ q1" in failure and "expected" in failure, failure
    assert "hint:" not in failure, f"a hint in an exam: {failure}"
    assert "min left" in _hint_cell(nb) and "Hint for" not in _hint_cell(nb)

    sg = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "selfgrade", A, "-w",
                         str(root / "work")], cwd=root, capture_output=True, text=True, env=course.tool_env(),
                        timeout=600)
    assert "exam:" in sg.stdout and "of 30 minutes" in sg.stdout, sg.stdout[-2000:]


def test_when_the_time_is_up_the_hints_come_back(tmp_path):
    root, path = _workspace(tmp_path)
    exam.start(path, 30, now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=45))
    nb = _run(path)
    assert "hint:" in _q1(nb)
    assert "Hint for" in _hint_cell(nb)
    report = exam.report(path)
    assert report and "of 30 minutes" in report and "over time" in report


def test_03s_exam_is_its_mock_test_its_questions_and_its_time(tmp_path, monkeypatch, capsys):
    """`workbook exam 03_pytorch_test` times the mock test, Part 3 (Questions 15 to 17, 70 minutes), as its
    section declares (exam.SECTIONS), not all 17 questions at 120 minutes: the exam's questions lose their
    hints, solutions and ✘ hint lines; Parts 1 and 2 keep theirs."""
    from workbook import cli
    from workbook.checks import CheckFailed
    from workbook.student import hints, solutions
    a = "03_pytorch_test"
    cells = nbm.read(REPO / "source" / a / f"{a}.ipynb").cells
    part3 = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("# Part 3"))
    questions = [nbm.meta(c)["grade_id"].split("_")[0] for c in cells[part3:] if nbm.kind(c) in ("answer", "manual")]
    assert list(exam.SECTIONS[a].questions) == questions == ["q15", "q16", "q17"]

    root = course.copy_course(REPO, tmp_path / "course", [a])
    lab.prepare(root, root / "work")
    path = root / "work" / a / f"{a}.ipynb"
    assert cli.main(["--root", str(root), "exam", a, "--workspace", str(root / "work")]) == 0
    assert "Part 3" in capsys.readouterr().out
    record = nbm.read(path).metadata["workbook"]["exam"]
    assert record["minutes"] == 70 and record["questions"] == questions

    monkeypatch.chdir(path.parent)
    hints.reset()
    hints.hint("q4")
    assert "Hints for q4" in capsys.readouterr().out
    for ask in (hints.hint, solutions.solution):
        ask("q15")
        assert "min left" in capsys.readouterr().out
    assert "hint:" in "\n".join(CheckFailed("wrong", hint="look again", question="q4").lines())
    assert "hint:" not in "\n".join(CheckFailed("wrong", hint="look again", question="q16").lines())
