"""solution(): the instructor solution in a self-study clone (source/ present);
a clear "not available" in a released course (source/ absent)."""
from __future__ import annotations

import shutil

import pytest

from conftest import ASSIGNMENTS, REPO
from workbook import cli
from workbook.course import layout as course
from workbook.student import solutions
from workbook.course import nb as nbm


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A self-study clone: source/ and release/, the learner in work/00_orientation."""
    root = tmp_path / "clone"
    course.copy_course(REPO, root, ["00_orientation"])
    work = root / "work" / "00_orientation"
    shutil.copytree(root / "release" / "00_orientation", work)
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(work)
    return root


@pytest.fixture
def released(tmp_path, monkeypatch):
    """A released course: only the student notebooks, the package installed elsewhere."""
    work = tmp_path / "home" / "00_orientation"
    shutil.copytree(REPO / "release" / "00_orientation", work)
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(work)
    return work


def _solution_region(question):
    src = nbm.read(REPO / "source" / "00_orientation" / "00_orientation.ipynb")
    cell = next(c for c in src.cells if nbm.meta(c).get("grade_id") == question)
    return nbm.solution_lines(cell.source)


def test_solution_shown_with_its_explanation_when_source_exists(clone, capsys):
    solutions.solution("q1")
    out = capsys.readouterr().out
    region = _solution_region("q1_format_metric")
    assert "Solution of q1_format_metric (00_orientation)" in out
    assert all(line in out for line in region)
    assert region[0].lstrip().startswith("#")  # the leading explanation comment is there
    assert "BEGIN SOLUTION" not in out


def test_written_answer_shows_model_answer_and_rubric(clone, capsys):
    solutions.solution("q4")
    out = capsys.readouterr().out
    assert "churn_rate(30, 120)" in out and "Mark scheme" in out and "=== BEGIN" not in out


def test_not_available_in_a_released_course(released, capsys):
    solutions.solution("q1")
    out = capsys.readouterr().out
    assert "not available" in out and "released course" in out
    assert not any(line.strip() in out for line in _solution_region("q1_format_metric") if len(line.strip()) > 10)


def test_found_through_the_package_location(tmp_path, monkeypatch, capsys):
    """A learner working outside the clone (e.g. a copy in ~/study) with the
    package installed in editable mode from the clone."""
    root = tmp_path / "clone"
    course.copy_course(REPO, root, ["00_orientation"])
    elsewhere = tmp_path / "study"
    elsewhere.mkdir()
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", root)
    monkeypatch.chdir(elsewhere)
    solutions.solution("q3")
    assert "def busiest_weekday" in capsys.readouterr().out


def test_unknown_question(clone, capsys):
    solutions.solution("q42")
    assert "No question 'q42'" in capsys.readouterr().out


def test_cli(clone, capsys):
    assert cli.main(["solution", "q1"]) == 0
    assert "def format_progress" in capsys.readouterr().out


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_solution_starts_with_an_explanation(assignment):
    """Self-study learners read the approach first: each solution region opens
    with one to three comment lines."""
    missing = []
    for p in course.notebooks(REPO, assignment):
        for cell in nbm.read(p).cells:
            if nbm.kind(cell) == "answer":
                lines = [line for line in nbm.solution_lines(cell.source) if line.strip()]
                if not lines or not lines[0].lstrip().startswith("#"):
                    missing.append(nbm.meta(cell)["grade_id"])
    assert missing == [], "solution regions without a leading explanation comment"
