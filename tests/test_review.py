"""`review()` / `workbook review`: what each problem of the coding test was (its technique, 백준's tags) and
problems of the same kind to practise, gated as the hints are. A real test never says which technique a problem
needs, so the notebook does not say it either: the exercises file declares it (``review``), the release writes
it next to the notebook in the edition's language (.review.json), and it is refused while an exam of the
workspace has time left, shown after it and to anyone not taking one."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from conftest import REPO
from workbook.course import exercises
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.student import exam, lab, review

CODING = "10_coding_test"
REFUSED = "no hints, solutions or editorials"
SOURCE = REPO / "source" / CODING


def _reviews() -> dict[str, exercises.Review]:
    return exercises.reviews(SOURCE)


def _korean_texts() -> str:
    from workbook import i18n
    from workbook.authoring import catalog
    lang = i18n.language_for("ko", SOURCE, CODING)
    return "\n".join(c.source for c in catalog.translate_notebook(nbm.read(SOURCE / f"{CODING}.ipynb"), lang).cells
                     if c.cell_type == "markdown")


def test_every_problem_has_a_review_and_no_notebook_names_a_technique():
    """Each of the ten problems declares what it was; neither the source notebook, its English release nor its
    Korean edition shows it (the technique, the tag table or the practice table)."""
    reviews = _reviews()
    answers = [nbm.meta(c)["grade_id"] for c in nbm.read(SOURCE / f"{CODING}.ipynb").cells if nbm.kind(c) == "answer"]
    assert list(reviews) == answers
    assert all(r.tags and r.practice for r in reviews.values())
    released = "\n".join(c.source for c in nbm.read(REPO / "release" / CODING / f"{CODING}.ipynb").cells
                         if c.cell_type == "markdown")
    source = "\n".join(c.source for c in nbm.read(SOURCE / f"{CODING}.ipynb").cells if c.cell_type == "markdown")
    korean = _korean_texts()
    for r in reviews.values():
        for text in (source, released):
            assert r.what not in text and ", ".join(r.tags) not in text, r
        assert ", ".join(r.tags) not in korean, r
    for text in (source, released, korean):
        assert "| problem | what it was |" not in text and "| 문제 | 무엇이었나 |" not in text
        assert "exhaustive search only in Questions" not in text and "완전탐색은 문제 5, 8, 10" not in text
        assert "review()" in text


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A self-study clone with the coding test in its workspace; the package's own clone out of sight."""
    from workbook.student import solutions
    root = course.copy_course(REPO, tmp_path / "course", [CODING])
    lab.prepare(root, root / "work")
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.setattr(course, "REPO_ROOT", tmp_path / "site-packages")
    return root


def _terminal(root, *argv):
    out = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "review", *argv],
                         cwd=root / "work", capture_output=True, text=True, env=course.tool_env())
    return out.returncode, out.stdout + out.stderr


def _in_the_notebook(root, monkeypatch, capsys, *args) -> str:
    monkeypatch.chdir(root / "work" / CODING)
    review.review(*args)
    return capsys.readouterr().out


def test_the_review_is_refused_during_an_exam_and_shown_after_it(clone, monkeypatch, capsys):
    """While the coding test's exam (or one of its frames) has time left, review() and `workbook review` give
    the time left and the hints' refusal, never a technique; a frame's other problems stay open, as their hints
    do; after `workbook exam --reset`, or when the time is up, everything is shown."""
    root, path = clone, clone / "work" / CODING / f"{CODING}.ipynb"
    q3 = _reviews()["q3_picking_robot"]
    shown = _in_the_notebook(root, monkeypatch, capsys)     # no exam: everything
    assert q3.what in shown and all(r.title in shown for r in _reviews().values()), shown
    assert _terminal(root, "-a", CODING)[0] == 0

    exam.start(path, 240)
    for args in ((), ("q3",)):
        shown = _in_the_notebook(root, monkeypatch, capsys, *args)
        assert "min left" in shown and q3.what not in shown and q3.title not in shown, shown
    for argv in (("-a", CODING), ("q3", "-a", CODING), ("q3",)):
        code, out = _terminal(root, *argv)
        assert code == 1 and REFUSED in out and q3.what not in out and q3.tags[0] not in out, (argv, out)

    exam.reset(path)
    exam.start(path, 180, section=exam.section_of(CODING, "kakao"))    # Questions 1, 4, 6, 10 and 14
    assert "min left" in _in_the_notebook(root, monkeypatch, capsys, "q4")
    assert "min left" in _in_the_notebook(root, monkeypatch, capsys)
    assert q3.what in _in_the_notebook(root, monkeypatch, capsys, "q3")
    assert _terminal(root, "q4", "-a", CODING)[0] == 1

    assert subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "exam", CODING, "--reset", "-w",
                           str(root / "work")], cwd=root, capture_output=True, env=course.tool_env()).returncode == 0
    code, out = _terminal(root, "q3", "-a", CODING)
    assert code == 0 and q3.what in out and q3.tags[0] in out and _reviews()["q1_best_sellers"].what not in out, out
    exam.start(path, 30, now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=45))    # the time is up
    shown = _in_the_notebook(root, monkeypatch, capsys)
    assert q3.what in shown and exercises.review_notes(SOURCE).split("\n\n")[0] in shown, shown


def test_an_unknown_question_or_a_course_without_a_review_says_so(clone, monkeypatch, capsys, tmp_path):
    assert "no review of 'q99'" in _in_the_notebook(clone, monkeypatch, capsys, "q99")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(review.ReviewError):
        review.find(start=tmp_path)


def test_the_korean_edition_releases_its_review_in_korean(tmp_path):
    """The release writes .review.json from the exercises file, translated through the assignment's catalogue;
    the tags and the platforms' names are the same in both editions, and the exercises file is not released."""
    from workbook.authoring import release
    import shutil
    folder = tmp_path / CODING
    shutil.copytree(SOURCE, folder)
    release.localise(folder, CODING, "ko", catalogs=SOURCE)
    assert not (folder / exercises.FILE).exists()
    ko = review.load(folder / review.REVIEW_FILE)
    en = review.load(REPO / "release" / CODING / review.REVIEW_FILE)
    assert list(ko.problems) == list(en.problems) == list(_reviews())
    assert ko.problems["q3_picking_robot"].title == "피킹 로봇" and "너비 우선 탐색" in ko.problems["q3_picking_robot"].what
    assert "도전 문제" in dict(ko.problems["q2_peak_hours"].practice)["백준"]
    for gid, r in en.problems.items():
        assert r == _reviews()[gid]
        assert ko.problems[gid].tags == r.tags and [p for p, _ in ko.problems[gid].practice] == [p for p, _ in r.practice]
    assert "완전탐색" in ko.notes and "exhaustive" not in ko.notes
    assert json.loads((folder / review.REVIEW_FILE).read_text(encoding="utf-8"))["problems"]
