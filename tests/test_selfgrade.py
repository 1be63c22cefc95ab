"""workbook selfgrade: the learner's workspace graded against the solution key,
hidden tests included, with the real grader; the learner's files untouched."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from workbook import cli, course, selfgrade, solutions
from workbook import nb as nbm

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
    assert "2 / 8 autograded points" in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.startswith("│ q")}
    assert "2 / 2" in rows["q1_format_metric"] and "pass" in rows["q1_format_metric"]
    assert "0 / 3" in rows["q2_timer"] and "fail" in rows["q2_timer"]
    # the visible test passes, a hidden one catches the hard-coded answer
    assert "0 / 3" in rows["q3_busiest_weekday"] and "fail" in rows["q3_busiest_weekday"]
    assert "expected: 'Tuesday'" in out and "got:      'Sunday'" in out
    assert "no answer yet" in rows["q4_hidden_tests"]
    assert not (clone / "gradebook.db").exists() and not (clone / "autograded").exists()


@pytest.mark.slow
def test_one_notebook_by_path(clone, tmp_path):
    nb = clone / "work" / A / f"{A}.ipynb"
    (report,) = selfgrade.selfgrade(str(nb), log=lambda m: None)
    assert report.problem == "" and report.score == 2 and report.max_score == 8


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


def test_falls_back_only_when_the_sandbox_is_unavailable(clone, monkeypatch):
    """The real grader is called with its defaults; a report that the sandbox
    is unavailable gives one retry without it, with a warning."""
    from workbook import grader
    calls, logs = [], []

    def fake(root, assignment, **kw):
        import os
        calls.append((dict(kw), os.environ.get("WORKBOOK_SANDBOX")))
        if len(calls) == 1:
            raise RuntimeError("bubblewrap (bwrap) is not installed, and the grader will not run unsandboxed")
        return []

    monkeypatch.setattr(grader, "autograde", fake)
    results, sandboxed = selfgrade._grade(clone, A, 60, logs.append)
    assert results == [] and sandboxed is False and len(calls) == 2
    assert "sandbox" not in calls[0][0] and calls[1][1] == "0"
    assert any("WARNING" in m and "sandbox" in m for m in logs)

    def broken(root, assignment, **kw):
        raise RuntimeError("something else went wrong")

    monkeypatch.setattr(grader, "autograde", broken)
    with pytest.raises(RuntimeError, match="something else"):
        selfgrade._grade(clone, A, 60, logs.append)


@pytest.mark.slow
def test_real_grader_without_bubblewrap_warns_and_grades(clone, monkeypatch, capsys):
    """The grader refuses without bubblewrap (its message says how to install
    it); selfgrade then grades the learner's own notebooks unsandboxed and says so."""
    from workbook import sandbox

    def missing():
        raise sandbox.SandboxError(sandbox.INSTALL_HINT)

    monkeypatch.setattr(sandbox, "check_available", missing)
    assert cli.main(["selfgrade", A]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "WARNING: the grader's sandbox is unavailable" in out and "bubblewrap" in out
    assert "2 / 8 autograded points (unsandboxed)" in out
