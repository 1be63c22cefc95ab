"""What a student of the Korean edition reads from the course's tools is Korean
(issue 54, item 2): `workbook hint` and its "no hints" line, solution() and
`workbook solution` (a written answer's model answer and mark scheme from the
catalogue), `workbook exam`'s lines, `workbook lab`'s lines, progress's
running line, a worked example's skip line (문제 4, not Question 4) and the
feedback page's words (nbgrader's template, its words rendered in the
notebook's language). Each tool speaks the language of the notebooks it
speaks about."""
from __future__ import annotations

import re
import shutil
from types import SimpleNamespace

import pytest

from conftest import REPO
from workbook import cli, i18n
from workbook.authoring import release
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.student import exam, lab, progress, solutions
from workbook.student.ready import ready

HANGUL = re.compile(r"[\uac00-\ud7a3]")
A = "00_orientation"


@pytest.fixture(scope="module")
def korean_clone(tmp_path_factory):
    """A self-study clone of 00 whose release/ is the Korean edition."""
    root = tmp_path_factory.mktemp("ko-clone") / "course"
    course.copy_course(REPO, root, [A], with_release=False)
    release.regenerate_to(root, A, root / "release" / A, "ko")
    return root


@pytest.fixture
def work(korean_clone, tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(korean_clone, root)
    lab.copy_release(root, root / "work")
    folder = root / "work" / A
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(folder)
    i18n._detected.clear()
    yield folder
    i18n._detected.clear()


def test_the_hint_command_and_its_missing_hint_line_are_korean(work, capsys):
    assert cli.main(["hint", "q1"]) == 0
    out = capsys.readouterr().out
    assert "힌트" in out and "Hints for" not in out and "run again" not in out
    assert cli.main(["hint", "q99"]) == 1
    out = capsys.readouterr().out
    assert "'q99'" in out and HANGUL.search(out) and "No hints" not in out


def test_a_written_answers_solution_is_the_catalogues_korean(work, capsys):
    solutions.solution("q4")
    out = capsys.readouterr().out
    assert "채점 기준" in out and "Mark scheme" not in out and "Solution of" not in out
    english = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    model = next(c.source for c in english.cells if nbm.meta(c).get("grade_id") == "q4_hidden_tests")
    assert model.splitlines()[0] not in out, "the model answer is still the English one"
    assert cli.main(["solution", "q4"]) == 0
    assert "채점 기준" in capsys.readouterr().out


def test_exam_lines_are_korean(work, capsys):
    assert exam.main(SimpleNamespace(workspace=str(work.parent), assignment=A, reset=False, minutes=30)) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "시험을 시작했습니다" in out and "Exam started" not in out
    assert exam.main(SimpleNamespace(workspace=str(work.parent), assignment=A, reset=True, minutes=None)) == 0
    assert "시험 기록을 지웠습니다" in capsys.readouterr().out


def test_lab_lines_are_korean(work, capsys):
    assert cli.main(["--root", str(work.parent.parent), "lab", "--setup-only"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "작업 공간" in out and "never overwritten" not in out and "In a notebook" not in out


def test_progress_says_running_in_korean(work):
    said = []
    with i18n.using(progress.workspace_language(work.parent)):
        progress.collect(work.parent, [A], saved=False, log=said.append)
    assert said and all("실행 중" in s for s in said), said


def test_a_skipped_worked_example_names_the_question_as_the_korean_markdown_does(capsys):
    lang = i18n.language_for("ko", REPO / "source" / "08_explain", "08_explain")
    with i18n.using(lang):
        assert ready("not_defined_anywhere", after="Question 4", namespace={}) is False
    out = capsys.readouterr().out
    assert "문제 4" in out and "Question 4" not in out and "Skipped" not in out


def test_the_feedback_page_says_its_words_in_the_notebooks_language(korean_clone):
    """The exporter as nbgrader's generate_feedback configures it (its template setting says "feedback",
    nbgrader's own, which the course's exporter replaces with its own words)."""
    from nbgrader.converters.generate_feedback import GenerateFeedback

    from workbook.grading.safehtml import FeedbackExporter
    config = GenerateFeedback().config
    grades = {"nbgrader": {"notebook": A, "score": 3.0, "max_score": 10.0, "late_penalty": 0}}

    def graded(path):    # as nbgrader's GetGrades leaves it
        nb = nbm.read(path)
        for c in nb.cells:
            if nbm.meta(c).get("grade"):
                c.metadata.nbgrader["score"] = 1.0
        return nb
    page, _ = FeedbackExporter(config=config).from_notebook_node(
        graded(korean_clone / "release" / A / f"{A}.ipynb"), resources=dict(grades))
    assert "점수: 3.0 / 10.0" in page and "테스트 셀" in page
    assert "Score:" not in page and "Test cell" not in page
    english, _ = FeedbackExporter(config=config).from_notebook_node(
        graded(REPO / "release" / A / f"{A}.ipynb"), resources=dict(grades))
    assert "Score: 3.0 / 10.0" in english and "Test cell" in english
