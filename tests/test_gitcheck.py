"""workbook/checks/gitcheck.py: a student's git commands run in a fresh
playground repository, read back as plain data (State). Each test: a
scenario, one command, the state it leaves."""
from __future__ import annotations

import pytest

from workbook.checks import gitcheck
from workbook.checks.core import CheckFailed


def test_a_reference_command_leaves_a_state_to_compare_with():
    st = gitcheck.reference("git switch -q -c feature/x", seed=0, scenario="history")
    assert st.head_ref == "refs/heads/feature/x" and st.branch("feature/x") == st.head


def test_a_reference_runs_once_per_process_for_the_same_arguments(tmp_path):
    """The reference's state is a function of its arguments (fixed dates):
    the second call with the same ones reads the first's; another setup or
    seed runs again."""
    log = tmp_path / "runs.log"
    command = f"echo ran >> {log} && git switch -q -c feature/once"
    first = gitcheck.reference(command, seed=0, scenario="history")
    assert gitcheck.reference(command, seed=0, scenario="history") is first
    assert log.read_text().count("ran") == 1
    other = gitcheck.reference(command, seed=0, scenario="history", setup="git tag -a v9 -m v9")
    assert "refs/tags/v9" in other.refs and "refs/tags/v9" not in first.refs
    gitcheck.reference(command, seed=1, scenario="history")
    assert log.read_text().count("ran") == 3


def test_the_remote_an_answer_finds_is_read_once_per_seed_and_scenario():
    """The bare remote of scenario release, as the answer found it: read
    once per process for a (seed, scenario); a test's setup that pushes to
    it gets a read of its own, and the answer's push is seen after."""
    with gitcheck.attempt("git tag -a v9 -m v9 && git push -q origin v9", scenario="release") as a:
        first = a.remote_before
        assert "refs/tags/v9" in a.read_remote().refs and "refs/tags/v9" not in first.refs
    with gitcheck.attempt("true", scenario="release") as b:
        assert b.remote_before is first
    with gitcheck.attempt("true", scenario="release", setup="git push -q origin HEAD:refs/heads/from-setup") as c:
        assert c.remote_before is not first and "refs/heads/from-setup" in c.remote_before.refs


def test_an_attempt_reads_the_repository_before_and_after():
    with gitcheck.attempt("git config user.name 'Han Seoyeon'", scenario="identity") as a:
        assert ("user.name", "Han Seoyeon") in a.after.config
        assert a.after.refs == a.before.refs and a.ran.code == 0


def test_the_same_seed_makes_the_same_repository_and_another_seed_another():
    one, again = gitcheck.fresh(0, "history"), gitcheck.fresh(0, "history")
    other = gitcheck.fresh(3, "history")
    assert one.refs == again.refs and one.refs != other.refs


def test_a_command_with_a_syntax_error_fails_before_it_runs():
    with pytest.raises(CheckFailed, match="syntax"):
        with gitcheck.attempt("git commit -m 'unclosed", scenario="commit"):
            pass


def test_a_failed_check_names_what_broke():
    with pytest.raises(CheckFailed, match="main has no new commit"):
        with gitcheck.attempt("git status --short", scenario="commit") as a:
            a.check.require(a.after.branch("main") != a.before.branch("main"), "main has no new commit")
