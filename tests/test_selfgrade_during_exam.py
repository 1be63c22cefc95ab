"""`workbook selfgrade` run while the notebook's exam has time left: what it judges, and that it says so.

It grades exactly as after the exam (every test cell runs and scores, a coding test's hidden correctness and
efficiency groups included); only the messages change (no hint line, no hidden case). The notebook's text
(both editions) and the command's own output say that, where a student reads them."""
from __future__ import annotations

import pytest

from conftest import REPO, load_answers
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.student import exam, lab

CODING = "10_coding_test"
NOTEBOOK = REPO / "source" / CODING / f"{CODING}.ipynb"


def _printed(report) -> str:
    from rich.console import Console

    from workbook.student import selfgrade
    console = Console(width=400, record=True)
    selfgrade._show([report], console)
    return console.export_text()


def _intro() -> str:
    return next(b for c in nbm.read(NOTEBOOK).cells if c.cell_type == "markdown" for b in c.source.split("\n\n")
                if b.startswith("**Take it as the real test"))


def test_the_notebook_says_what_selfgrade_judges_during_the_exam_in_both_editions():
    from workbook.authoring.catalog import read_po
    intro = _intro()
    assert "Run during the exam, it judges and scores every group just the same, the hidden correctness and " \
           "efficiency groups included" in intro, intro
    assert "neither its smallest wrong case nor a hint until the time is up" in intro, intro
    korean = read_po(REPO / "source" / CODING / "locale" / "ko" / "LC_MESSAGES" / f"{CODING}.po", "ko").get(intro)
    assert korean is not None and not korean.fuzzy
    assert "시험 중에 실행해도 숨은 정확성 테스트와 효율성 테스트까지 모든 그룹을 똑같이 채점" in korean.string


@pytest.mark.slow
def test_selfgrade_during_the_exam_judges_the_hidden_efficiency_group_and_says_so(tmp_path, monkeypatch):
    """Mid-exam, Question 1's straightforward program (too slow for its efficiency test only) gets both
    correctness groups and loses the hidden efficiency group, as it would after the exam; the output says
    that the hidden groups were judged and that the hints and hidden cases come when the time is up."""
    from workbook import i18n
    from workbook.student import selfgrade, solutions
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    root = course.copy_course(REPO, tmp_path / "clone", [CODING])
    lab.prepare(root, root / "work")
    path = root / "work" / CODING / f"{CODING}.ipynb"
    slow = next(w["code"] for w in load_answers(REPO, CODING)["q1_best_sellers"]["wrong"]
                if w["violates"] == "n-100000")
    nbm.write(nbm.make_submission(nbm.read(path), {"q1_best_sellers": slow}), path)
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(path.parent)

    exam.start(path, 240)
    report = selfgrade.grade_assignment(root, CODING, [path], log=lambda *a: None)
    q1 = next(q for q in report.questions if q.question == "q1_best_sellers")
    groups = {label: (got, mx) for label, got, mx, *_ in q1.groups}
    assert groups["efficiency test"] == (0, 1) and groups["correctness test 2"] == (2, 2), groups
    assert report.running is not None
    printed = _printed(report)
    assert "graded during the exam" in printed and "hidden correctness and efficiency groups" in printed, printed
    assert "hint:" not in printed and "shown in self-study only" not in printed, printed
    with i18n.using(i18n.language_for("ko")):
        assert "시험 중에 채점했습니다" in _printed(report)

    assert all(note == "" for *_, note in q1.groups), q1.groups   # a passing group's note: self-study only

    report.running = None      # graded without an exam (or after it): no such line
    assert "graded during the exam" not in _printed(report)


@pytest.mark.slow
def test_selfgrade_shows_a_passing_groups_slowest_case_against_its_limit(tmp_path, monkeypatch):
    """Outside an exam, a passing group of a coding problem shows its slowest case's CPU time as a share of its
    limit ("0.02 s of 0.10 s of CPU time") beside its points; a failing one shows its verdicts as before."""
    import re

    from workbook.student import selfgrade, solutions
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    root = course.copy_course(REPO, tmp_path / "clone", [CODING])
    lab.prepare(root, root / "work")
    path = root / "work" / CODING / f"{CODING}.ipynb"
    slow = next(w["code"] for w in load_answers(REPO, CODING)["q1_best_sellers"]["wrong"]
                if w["violates"] == "n-100000")
    nbm.write(nbm.make_submission(nbm.read(path), {"q1_best_sellers": slow}), path)
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(path.parent)
    report = selfgrade.grade_assignment(root, CODING, [path], log=lambda *a: None)
    q1 = next(q for q in report.questions if q.question == "q1_best_sellers")
    notes = {label: note for label, *_, note in q1.groups}
    shown = r"correctness test {n}: \d+ of \d+ accepted; slowest case: \d+\.\d\d s of \d+\.\d\d s of CPU time"
    assert re.fullmatch(shown.format(n=2) + r" \(its limit\)", notes["correctness test 2"]), notes
    assert notes["efficiency test"] == "" and "time limit exceeded" in q1.message, (notes, q1.message)
    assert notes["correctness test 2"] in _printed(report)
