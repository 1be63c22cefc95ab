"""Exam mode (`workbook exam`): the mentors' implementation test taken without
help and against the clock, then selfgraded with the time it took."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from conftest import REPO, load_answers
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


# ------------------------------------------------------------------ every way to a hint, for every exam
CODING = "10_coding_test"
REFUSED = "no hints, solutions or editorials"


@pytest.fixture
def two_exams(tmp_path, monkeypatch):
    """A self-study clone with the coding test and the PyTorch test in its
    workspace, the coding test's exam started; the package's own clone is
    out of sight (only this course's work/ counts)."""
    from workbook.student import solutions
    root = course.copy_course(REPO, tmp_path / "course", ["03_pytorch_test", CODING])
    lab.prepare(root, root / "work")
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.setattr(course, "REPO_ROOT", tmp_path / "site-packages")
    exam.start(root / "work" / CODING / f"{CODING}.ipynb", 150)
    return root


def _terminal(root, *argv):
    out = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), *argv], cwd=root / "work",
                         capture_output=True, text=True, env=course.tool_env())
    return out.returncode, out.stdout + out.stderr


def _in_a_notebook(folder, monkeypatch, capsys):
    """hint(), solution() and a hint button, called as a notebook's cells
    call them, from ``folder``: what they show."""
    from workbook.student import hints, solutions
    monkeypatch.chdir(folder)
    hints.reset()
    shown = []
    for call in (lambda: hints.hint("q1", assignment=CODING), lambda: hints.hint("q9", assignment="03_pytorch_test"),
                 lambda: solutions.solution("q1", assignment=CODING),
                 lambda: solutions.solution("q9", assignment="03_pytorch_test")):
        call()
        shown.append(capsys.readouterr().out)
    button = hints.hint_button("q1", assignment=CODING)
    shown.append(json.dumps(getattr(button, "value", "")) + json.dumps(
        [getattr(c, "description", "") for c in getattr(button, "children", [])]))
    return shown


def test_during_an_exam_no_command_or_button_gives_a_hint_solution_or_editorial(two_exams, monkeypatch, capsys):
    """While the coding test's exam runs, nothing a student can run gives a
    hint, a solution or an editorial, of that assignment or another
    (issue 57: `workbook solution q9 -a 03_pytorch_test` and `workbook hint`
    printed them): the terminal commands, and hint(), solution() and the
    hint buttons from the exam's notebook and from another one. When the
    time is up, each gives its text again, the editorial with the solution."""
    root = two_exams
    commands = [("hint", "q1", "-a", CODING), ("hint", "q1", "--all", "-a", CODING), ("solution", "q1", "-a", CODING),
                ("hint", "q9", "-a", "03_pytorch_test"), ("solution", "q9", "-a", "03_pytorch_test")]
    for argv in commands:
        code, out = _terminal(root, *argv)
        assert code == 1 and REFUSED in out and "Hint 1/" not in out and "def " not in out, (argv, out)
    for folder in (root / "work" / CODING, root / "work" / "03_pytorch_test"):
        for text in _in_a_notebook(folder, monkeypatch, capsys):
            assert "Hint 1/" not in text and "Hint for" not in text and "def " not in text, text
            assert "Editorial" not in text and "min left" in text, text

    # a button made before the exam gives nothing when clicked during it
    from workbook.student import exam as exams
    from workbook.student import hints
    exam.reset(root / "work" / CODING / f"{CODING}.ipynb")
    monkeypatch.chdir(root / "work" / CODING)
    button = hints.hint_button("q1")
    exams.start(root / "work" / CODING / f"{CODING}.ipynb", 150)
    button.children[0].click()
    assert "Hint 1/" not in capsys.readouterr().out

    # the time is up: everything comes back
    exam.reset(root / "work" / CODING / f"{CODING}.ipynb")
    exam.start(root / "work" / CODING / f"{CODING}.ipynb", 30,
               now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=45))
    code, out = _terminal(root, "hint", "q1", "-a", CODING)
    from workbook.course import exercises
    n_hints = len(exercises.load(REPO / "source" / CODING)["q1_best_sellers"].hints)
    assert code == 0 and f"Hint 1/{n_hints}" in out, out
    code, out = _terminal(root, "solution", "q9", "-a", "03_pytorch_test")
    assert code == 0 and "def " in out, out
    shown = _in_a_notebook(root / "work" / "03_pytorch_test", monkeypatch, capsys)
    assert f"Hint 1/{n_hints}" in shown[0] and "def solution(orders, k)" in shown[2] and "Editorial" in shown[2], shown
    assert "**Idea.**" in shown[2] and "Hint for q1_best_sellers" in shown[4], shown


def test_the_editorial_speaks_the_notebooks_language():
    from workbook.student import solutions
    ko = solutions.editorial(REPO / "source", CODING, "q4_packing_stations", "ko")
    en = solutions.editorial(REPO / "source", CODING, "q4_packing_stations", "en")
    assert "**Idea.**" in en and "**아이디어.**" in ko and "이분 탐색" in ko and "`min(c, r // t)`" in ko


def test_selfgrade_of_the_coding_test_shows_each_group_the_smallest_wrong_case_and_the_time(tmp_path, monkeypatch):
    """After the exam, selfgrade shows every group's points, a failing
    group's smallest wrong case (self-study) and the time the exam took;
    while the exam runs, neither the case nor a hint line."""
    from workbook.student import selfgrade, solutions
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    root = course.copy_course(REPO, tmp_path / "clone", [CODING])
    lab.prepare(root, root / "work")
    path = root / "work" / CODING / f"{CODING}.ipynb"
    # loses correctness test 2 only (a tie in the examples makes a program that breaks ties lose test 1 too)
    short = next(w["code"] for w in load_answers(REPO, CODING)["q1_best_sellers"]["wrong"]
                 if w["violates"] == "k-more-than-products")
    nbm.write(nbm.make_submission(nbm.read(path), {"q1_best_sellers": short}), path)
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(root / "work" / CODING)

    def table():
        from rich.console import Console
        report = selfgrade.grade_assignment(root, CODING, [path], log=lambda *a: None)
        console = Console(width=200, record=True)
        console.print(selfgrade.table(report))
        return console.export_text() + "\n" + report.exam

    exam.start(path, 150)
    during = table()
    assert "correctness test 2" in during and "0 / 2" in during, during
    assert "self-study" not in during and "hint:" not in during and "of 150 minutes" in during, during
    exam.reset(path)
    exam.start(path, 30, now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=45))
    after = table()
    rows = [line for line in after.splitlines() if "└" in line]
    assert any("correctness test 1" in r and "2 / 2" in r for r in rows), after
    assert any("correctness test 2" in r and "0 / 2" in r for r in rows), after
    assert any("efficiency test" in r and "1 / 1" in r for r in rows), after
    assert "shown in self-study only" in after and "hint:" in after and "over time" in after, after


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


def test_the_exam_finds_the_notebooks_one_folder_below_a_workspace_and_skips_what_it_cannot_read(tmp_path):
    (tmp_path / "03_pytorch_test").mkdir()
    (tmp_path / "03_pytorch_test" / "03_pytorch_test.ipynb").write_text("{}")
    (tmp_path / "03_pytorch_test" / "notes.txt").write_text("")
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")     # a folder removed while the workspace is read
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "top.ipynb").write_text("{}")                 # not one folder below
    assert exam._notebooks(tmp_path) == [tmp_path / "03_pytorch_test" / "03_pytorch_test.ipynb"]
    assert exam._notebooks(tmp_path / "nowhere") == []


def test_10s_frames_are_a_kakao_and_a_samsung_test_of_its_own_problems(tmp_path, capsys):
    """`workbook exam 10_coding_test --frame kakao` times the five 프로그래머스-style problems (180 minutes),
    `--frame samsung` two 백준-style problems (180 minutes), each as exam.FRAMES declares; the frames'
    questions are 10's, of the style their headings give; an unknown frame is refused, naming the frames."""
    from workbook import cli
    cells = nbm.read(REPO / "source" / CODING / f"{CODING}.ipynb").cells
    style = {}
    for c in cells:
        if c.cell_type == "markdown" and c.source.startswith("## Question "):
            number, rest = c.source[len("## Question "):].split(" · ", 1)
            style[f"q{number}"] = rest.split("(", 1)[1].split(" style", 1)[0]
    frames = exam.FRAMES[CODING]
    assert all(style[q] == "프로그래머스" for q in frames["kakao"].questions), style
    assert all(style[q] == "백준" for q in frames["samsung"].questions), style
    assert (frames["kakao"].minutes, frames["samsung"].minutes) == (180, 180)
    assert frames["kakao"].questions == ("q1", "q4", "q6", "q10", "q14")

    root = course.copy_course(REPO, tmp_path / "course", [CODING])
    lab.prepare(root, root / "work")
    path = root / "work" / CODING / f"{CODING}.ipynb"
    ws = ["--workspace", str(root / "work")]
    assert cli.main(["--root", str(root), "exam", CODING, "--frame", "samsung", *ws]) == 0
    out = capsys.readouterr().out
    assert "삼성" in out and "q8, q9" in out, out
    record = nbm.read(path).metadata["workbook"]["exam"]
    assert record["minutes"] == 180 and record["questions"] == ["q8", "q9"] and record["frame"] == "samsung"
    assert cli.main(["--root", str(root), "exam", CODING, "--reset", *ws]) == 0
    assert cli.main(["--root", str(root), "exam", CODING, "--frame", "naver", *ws]) == 1
    out = capsys.readouterr().out
    assert "no exam frame" in out and "kakao, samsung" in out, out
    assert "exam" not in nbm.read(path).metadata.get("workbook", {})
    assert cli.main(["--root", str(root), "exam", CODING, *ws]) == 0
    assert nbm.read(path).metadata["workbook"]["exam"]["minutes"] == 240


def _rendered(lines, language: str) -> str:
    from workbook import i18n
    with i18n.using(i18n.language_for(language)):
        return "\n".join(str(line) for line in lines)


def test_the_samsung_frame_is_all_or_nothing_as_data_and_an_exam_records_its_frame(tmp_path):
    """삼성 SW 역량 테스트 counts a problem only when all its test cases pass: the samsung frame says so as data
    (Section.all_or_nothing), no other exam does; an exam started in a frame records the frame's name, by which
    selfgrade finds its rule (an exam recorded with a frame's questions only, before names were, is that frame's);
    selfgrade's lines say the rule, each problem solved or not, and the number solved, in both languages."""
    from workbook.notebook import Exam
    from workbook.student import selfgrade
    frames = exam.FRAMES[CODING]
    assert frames["samsung"].all_or_nothing and not frames["kakao"].all_or_nothing
    assert not any(s.all_or_nothing for s in exam.SECTIONS.values())
    now = dt.datetime.now(dt.timezone.utc)
    assert exam.frame_of(CODING, Exam(now, 180, ("q8", "q9"), "samsung")) is frames["samsung"]
    assert exam.frame_of(CODING, Exam(now, 180, ("q8", "q9"))) is frames["samsung"]
    assert exam.frame_of(CODING, Exam(now, 240)) is None
    assert exam.frame_of("03_pytorch_test", Exam(now, 70, ("q15", "q16", "q17"))) is None

    path = tmp_path / CODING / f"{CODING}.ipynb"
    path.parent.mkdir()
    path.write_bytes((REPO / "source" / CODING / f"{CODING}.ipynb").read_bytes())
    e = exam.start(path, 180, section=frames["samsung"], frame="samsung")
    assert e.frame == "samsung" and Exam.of(nbm.read(path).metadata["workbook"]) == e
    assert selfgrade._all_or_nothing(CODING, nbm.read(path)) is frames["samsung"]
    exam.reset(path)
    exam.start(path, 180, section=frames["kakao"], frame="kakao")
    assert selfgrade._all_or_nothing(CODING, nbm.read(path)) is None
    exam.reset(path)
    exam.start(path, 240)
    assert selfgrade._all_or_nothing(CODING, nbm.read(path)) is None

    lines = selfgrade.all_or_nothing([selfgrade.Problem("q8_pickup_lockers", ("test_q8_pickup_lockers_correct_2",)),
                                      selfgrade.Problem("q9_sorting_floor")])
    en, ko = _rendered(lines, "en"), _rendered(lines, "ko")
    assert "a problem counts only when all its test cases pass" in en and "no partial points" in en, en
    assert "q8_pickup_lockers: not solved (failed: correctness test 2)" in en, en
    assert "q9_sorting_floor: solved (every group passed)" in en and "solved: 1 of 2 problems" in en, en
    assert "모든 테스트 케이스를 통과해야만" in ko and "부분 점수는 없습니다" in ko, ko
    assert "q8_pickup_lockers: 풀지 못했습니다(실패한 그룹: 정확성 테스트 2)" in ko, ko
    assert "q9_sorting_floor: 풀었습니다" in ko and "2문제 중 1문제" in ko, ko


def test_selfgrade_of_the_samsung_frame_says_which_problems_are_solved_and_keeps_the_points(tmp_path, monkeypatch):
    """A notebook taken in the samsung frame: Question 8 loses correctness test 2 only (partial points, as
    without an exam) and is not solved; Question 9, right in every group, hidden ones included, is solved;
    selfgrade says 1 of the frame's 2 problems is solved, once the time is up (before, it refuses: 삼성's test is
    judged after it ends). Taken as the whole notebook, no such lines."""
    from rich.console import Console

    from workbook import i18n
    from workbook.student import selfgrade, solutions
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    root = course.copy_course(REPO, tmp_path / "clone", [CODING])
    lab.prepare(root, root / "work")
    path = root / "work" / CODING / f"{CODING}.ipynb"
    answers = load_answers(REPO, CODING)
    q8 = next(w for w in answers["q8_pickup_lockers"]["wrong"] if w["violates"] == "minus-one")
    assert q8["loses"] == ["test_q8_pickup_lockers_correct_2"]
    nbm.write(nbm.make_submission(nbm.read(path), {"q8_pickup_lockers": q8["code"],
                                                  "q9_sorting_floor": answers["q9_sorting_floor"]["alternatives"][0]}),
              path)
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(path.parent)

    def printed(report, language="en"):
        console = Console(width=400, record=True)
        with i18n.using(i18n.language_for(language)):
            selfgrade._show([report], console)
        return console.export_text()

    # while it runs, no result: 삼성's test is judged after it ends (Section.judged_after)
    exam.start(path, 180, section=exam.FRAMES[CODING]["samsung"], frame="samsung")
    with pytest.raises(selfgrade.SelfgradeError) as refused:
        selfgrade.grade_assignment(root, CODING, [path], log=lambda *a: None)
    with i18n.using(i18n.language_for("en")):
        assert "judged when the time is up" in str(refused.value) and "test cells" in str(refused.value)
    with i18n.using(i18n.language_for("ko")):
        assert "시간이 끝나면" in str(refused.value), str(refused.value)
    exam.reset(path)
    exam.start(path, 180, now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=4),
               section=exam.FRAMES[CODING]["samsung"], frame="samsung")    # its time is up: judged
    report = selfgrade.grade_assignment(root, CODING, [path], log=lambda *a: None)
    assert report.problems == [selfgrade.Problem("q8_pickup_lockers", ("test_q8_pickup_lockers_correct_2",)),
                               selfgrade.Problem("q9_sorting_floor")], report.problems
    q8_points = next(q for q in report.questions if q.question == "q8_pickup_lockers")
    assert q8_points.status == "partial" and 0 < q8_points.score < q8_points.max_score, q8_points
    out = printed(report)
    assert "q8_pickup_lockers: not solved (failed: correctness test 2)" in out, out
    assert "q9_sorting_floor: solved" in out and "solved: 1 of 2 problems" in out, out
    assert "2문제 중 1문제" in printed(report, "ko")

    exam.reset(path)
    exam.start(path, 240)
    whole = selfgrade.grade_assignment(root, CODING, [path], log=lambda *a: None)
    assert whole.problems is None and "not solved" not in printed(whole)
    assert [(q.question, q.score) for q in whole.questions] == [(q.question, q.score) for q in report.questions]


def test_the_kakao_frame_like_programmers_judges_no_hidden_test_before_the_time_is_up(tmp_path):
    """A real 카카오 test on 프로그래머스 runs only the examples while it lasts: the kakao frame says so as data
    (Section.judged_after, as 삼성's does), so selfgrade refuses while its exam has time left, in both languages,
    and judges once the time is up; the whole notebook's exam (240 minutes) is judged while it runs. The
    notebook's intro says so, in both editions."""
    from workbook.authoring.catalog import read_po
    from workbook.notebook import Exam
    from workbook.student import selfgrade
    frames = exam.FRAMES[CODING]
    assert frames["kakao"].judged_after and frames["samsung"].judged_after
    path = tmp_path / CODING / f"{CODING}.ipynb"
    path.parent.mkdir()
    path.write_bytes((REPO / "source" / CODING / f"{CODING}.ipynb").read_bytes())
    running = exam.start(path, 180, section=frames["kakao"], frame="kakao")
    with pytest.raises(selfgrade.SelfgradeError) as refused:
        selfgrade._refuse_before_judging(CODING, running)
    with _speaking("en"):
        assert "judged when the time is up" in str(refused.value) and "카카오" in str(refused.value)
    with _speaking("ko"):
        assert "시간이 끝나면" in str(refused.value), str(refused.value)
    selfgrade._refuse_before_judging(CODING, Exam(running.started, 240))          # the whole notebook: judged
    selfgrade._refuse_before_judging(CODING, None)                                 # its time is up: judged
    intro = next(b for c in nbm.read(REPO / "source" / CODING / f"{CODING}.ipynb").cells if c.cell_type == "markdown"
                 for b in c.source.split("\n\n") if b.startswith("**Two shorter frames.**"))
    assert "In both frames only the examples are run until the time is up" in intro, intro
    korean = read_po(REPO / "source" / CODING / "locale" / "ko" / "LC_MESSAGES" / f"{CODING}.po", "ko").get(intro)
    assert korean is not None and not korean.fuzzy and "예제만" in korean.string, intro


def _speaking(language: str):
    from workbook import i18n
    return i18n.using(i18n.language_for(language))
