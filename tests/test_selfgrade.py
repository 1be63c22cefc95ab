"""workbook selfgrade: the learner's workspace graded against the solution key,
hidden tests included, with the grader's own preprocessors and judge; the
learner's files untouched."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO, solution_points
from workbook import cli
from workbook.course import layout as course
from workbook.student import selfgrade
from workbook.student import solutions
from workbook.course import nb as nbm

A = "00_orientation"



@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A self-study clone whose learner solved q1, hard-coded q3 (passes the
    visible test, fails the hidden ones) and left q2 and q4 untouched."""
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    root = tmp_path / "clone"
    course.copy_course(REPO, root, [A])
    work = root / "work" / A
    shutil.copytree(root / "release" / A, work)
    rel = nbm.read(root / "release" / A / f"{A}.ipynb")
    solved = nbm.solved_sources(nbm.read(REPO / "source" / A / f"{A}.ipynb"))
    nb = nbm.make_submission(rel, {"q1_format_metric": solved["q1_format_metric"],
                                   "q3_busiest_weekday": "def busiest_weekday(csv_path):\n    return 'Sunday'"})
    nbm.write(nb, work / f"{A}.ipynb")
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(work)
    return root


def _snapshot(d):
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in d.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_per_question_table_hidden_tests_included(clone, capsys):
    work = clone / "work"
    before = _snapshot(work)
    assert cli.main(["selfgrade", A]) == 0
    out = capsys.readouterr().out
    assert _snapshot(work) == before, "selfgrade changed the learner's files"
    assert f"2 / {solution_points(A)[0]:g} autograded points" in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.startswith("│ q")}
    assert "2 / 2" in rows["q1_format_metric"] and "pass" in rows["q1_format_metric"]
    assert "0 / 3" in rows["q2_timer"] and "fail" in rows["q2_timer"]
    # the visible test passes, a hidden one catches the hard-coded answer
    assert "0 / 3" in rows["q3_busiest_weekday"] and "fail" in rows["q3_busiest_weekday"]
    # the grader's own message: a hidden test is named, its expected value is not shown
    assert "failed a hidden test" in " ".join(out.split()) and "Tuesday" not in out
    assert "no answer yet" in rows["q4_hidden_tests"]
    assert not (clone / "gradebook.db").exists() and not (clone / "autograded").exists()


@pytest.mark.slow
def test_one_notebook_by_path(clone, tmp_path):
    nb = clone / "work" / A / f"{A}.ipynb"
    (report,) = selfgrade.selfgrade(str(nb), log=lambda m: None)
    assert report.problem == "" and report.score == 2 and report.max_score == solution_points(A)[0]


def test_needs_the_solution_key(tmp_path, monkeypatch, capsys):
    work = tmp_path / "home" / A
    shutil.copytree(REPO / "release" / A, work)
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(work)
    assert cli.main(["selfgrade"]) == 1
    assert "needs the solution key (source/)" in capsys.readouterr().out


def test_unknown_assignment_and_missing_workspace(clone, capsys, monkeypatch):
    monkeypatch.chdir(clone)
    assert cli.main(["selfgrade", "99_nothing"]) == 1
    assert "no assignment '99_nothing'" in capsys.readouterr().out
    shutil.rmtree(clone / "work" / A)
    assert cli.main(["selfgrade", A, "--workspace", str(clone / "work")]) == 1
    assert "workbook lab" in capsys.readouterr().out


def test_sandbox_fallback_only_when_bubblewrap_is_missing(monkeypatch):
    """The sandbox is used when it is there; without bubblewrap, one warning
    and no sandbox. Any other problem is not hidden."""
    from workbook.grading import sandbox
    logs = []
    monkeypatch.setattr(sandbox, "check_available", lambda: "/usr/bin/bwrap")
    assert selfgrade.sandbox_available(logs.append) is True and logs == []

    def missing():
        raise sandbox.SandboxError(sandbox.INSTALL_HINT)

    monkeypatch.setattr(sandbox, "check_available", missing)
    assert selfgrade.sandbox_available(logs.append) is False
    assert len(logs) == 1 and "WARNING" in logs[0] and "bubblewrap" in logs[0]

    def broken():
        raise RuntimeError("something else went wrong")

    monkeypatch.setattr(sandbox, "check_available", broken)
    with pytest.raises(RuntimeError, match="something else"):
        selfgrade.sandbox_available(logs.append)


@pytest.mark.slow
def test_real_grader_without_bubblewrap_warns_and_grades(clone, monkeypatch, capsys):
    """The grader refuses without bubblewrap (its message says how to install
    it); selfgrade then grades the learner's own notebooks unsandboxed and says so."""
    from workbook.grading import sandbox

    def missing():
        raise sandbox.SandboxError(sandbox.INSTALL_HINT)

    monkeypatch.setattr(sandbox, "check_available", missing)
    assert cli.main(["selfgrade", A]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "WARNING: the grader's sandbox is unavailable" in out and "bubblewrap" in out
    # the whole report when it fails: once, in a loaded full run, this line was missing and pytest's cut of
    # the report did not say what stood there instead
    assert f"2 / {solution_points(A)[0]:g} autograded points (unsandboxed)" in out, out[-4000:]


def test_a_kernel_that_dies_before_running_anything_scores_nothing(tmp_path):
    """The student tools score what ran: a test cell the kernel never ran (it
    died at start, the run timed out before it) gets 0, not nbgrader's full
    marks for a cell without an error."""
    from workbook.grading import local
    src = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    rel = nbm.read(REPO / "release" / A / f"{A}.ipynb")
    nb = nbm.make_submission(rel, nbm.solved_sources(src))
    key = local.key_notebook(rel, tests_from=src)
    work = tmp_path / A
    work.mkdir()
    graded = local.grade_notebook(nb, key, work, overrides={
        "TrustedExecute": {"sandbox": False},
        "Execute": {"extra_arguments": ["--no-such-option-kills-the-kernel"]}})
    assert graded.error, "the kernel was expected to die at start"
    tests = {gid: g for gid, g in graded.cells.items() if g.kind == "tests"}
    assert tests and {gid: g.score for gid, g in tests.items()} == {gid: 0.0 for gid in tests}


def _q1_row(tmp_path, monkeypatch, capsys, answer, korean=False) -> str:
    """06 q1 answered with ``answer`` in a self-study clone (the Korean edition with ``korean``), graded by
    selfgrade: q1's row of the table, a wrapped cell's lines joined."""
    return _06_row(tmp_path, monkeypatch, capsys, "q1_identity", answer, "q2_", korean)


def _06_row(tmp_path, monkeypatch, capsys, name, answer, next_row, korean=False) -> str:
    """06's answer ``name`` given as ``answer`` in a self-study clone (the Korean edition with ``korean``),
    graded by selfgrade: its row of the table (up to the row that starts with ``next_row``), a wrapped cell's
    lines joined."""
    import round_trip
    from workbook.authoring import catalog
    a6 = "06_git"
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    root = tmp_path / "clone"
    course.copy_course(REPO, root, [a6])
    work = root / "work" / a6
    shutil.copytree(root / "release" / a6, work)
    rel = nbm.read(root / "release" / a6 / f"{a6}.ipynb")
    rel = catalog.translate_notebook(rel, round_trip.korean(root, a6)) if korean else rel
    nbm.write(nbm.make_submission(rel, {name: answer}), work / f"{a6}.ipynb")
    monkeypatch.setattr(solutions, "PACKAGE_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(work)
    assert cli.main(["selfgrade", a6]) == 0
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    return out[out.index(name):out.index(next_row, out.index(name))]


@pytest.mark.slow
def test_a_korean_learners_key_shows_the_cases_its_checks_name_in_korean(tmp_path, monkeypatch, capsys):
    """A check that names a case in its message (06 q1's shown_setup, a literal of the test cell) shows the
    learner's edition's text: the key's test cells are translated as the Korean release translates them."""
    wrong = 'q1_identity = "git config --global user.name \'Han Seoyeon\'"'    # the personal identity overwritten
    row = _q1_row(tmp_path, monkeypatch, capsys, wrong, korean=True)
    assert "0 / 2" in row and "개인 신원과 init.defaultBranch" in row, row
    assert "your personal identity" not in row


@pytest.mark.slow
def test_the_identity_checks_commits_run_no_program_the_answers_configuration_names(tmp_path, monkeypatch, capsys):
    """06 q1 commits in new repositories under the answer's configuration to see whose identity it takes: a
    hook (or fsmonitor) the answer names there is not run by those commits. A pre-commit hook that fails made
    a right answer score 0; one that amends the commit could have made a wrong one score."""
    right = nbm.solved_sources(nbm.read(REPO / "source" / "06_git" / "06_git.ipynb"))["q1_identity"]
    hooked = right.rstrip().rstrip('"') + (
        '\nmkdir -p ~/.h && printf \'#!/bin/sh\\nexit 1\\n\' > ~/.h/pre-commit && chmod +x ~/.h/pre-commit'
        '\ngit config --file ~/.gitconfig-work core.hooksPath ~/.h'
        '\ngit config --file ~/.gitconfig-work core.fsmonitor false"""')
    row = _q1_row(tmp_path, monkeypatch, capsys, hooked)
    assert "2 / 2" in row, row


@pytest.mark.slow
def test_a_commit_borrowed_through_alternates_scores_nothing(tmp_path, monkeypatch, capsys):
    """06 q22 (squash) answered right in another repository, whose commit the answer's repository only
    borrows (objects/info/alternates names the other's objects; the branch points at a commit it does not
    hold): the reader refuses the repository, the check says why and how to copy the objects in, and the
    answer scores 0 (before: read through the alternates, it scored full marks)."""
    ident = '-c user.name="$(git config user.name)" -c user.email="$(git config user.email)"'
    borrowed = ("git clone -q . ~/lender && git -C ~/lender switch -q feature/basket-size && "
                "git -C ~/lender reset -q --soft origin/main && "
                f"git -C ~/lender {ident} commit -qm 'Add the basket size feature' && "
                "echo ~/lender/.git/objects > .git/objects/info/alternates && "
                "git reset -q --hard \"$(git -C ~/lender rev-parse HEAD)\"")
    row = _06_row(tmp_path, monkeypatch, capsys, "q22_squash", f"q22_squash = r'''{borrowed}'''", "q23_")
    assert "0 / " in row and "borrows objects from another repository" in row, row
    assert "git repack -a -d" in row and "rm .git/objects/info/alternates" in row, row
