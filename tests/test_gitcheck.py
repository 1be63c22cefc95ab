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


def test_the_reader_starts_without_the_modules_that_made_it_slow(tmp_path):
    """gitstate.py runs in a fresh jail after every answer (42 times in a
    selfgrade of 06): it imports neither json (re, enum) nor subprocess
    (threading, selectors, locale), 16 ms of its 41."""
    import subprocess
    import sys

    from workbook.checks import gitmodel
    repo = tmp_path / "r"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-I", "-S", str(gitmodel.READER), str(repo),
                           str(tmp_path)], capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert imported & {"json", "re", "enum", "subprocess", "threading", "selectors", "signal"} == set()
    assert '"ok":true' in proc.stdout


def test_the_reader_gives_what_json_and_subprocess_gave_on_a_repository_larger_than_a_pipe(tmp_path):
    """Its git commands, now started with posix_spawn and read with poll,
    give what subprocess.run gave (exit code, output, error) with an input
    and an output far larger than a pipe's buffer (cat-file --batch of
    thousands of objects), its JSON is json.dumps's, and a git that hangs is stopped at
    the timeout."""
    import json
    import subprocess
    import time

    from workbook.checks import gitstate
    repo = tmp_path / "r"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for i in range(3000):
        (repo / f"f{i}.txt").write_text(f"line {i}\n" * (i % 7))
    env = {"PATH": "/usr/bin:/bin", "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a",
           "GIT_COMMITTER_EMAIL": "a@b", "HOME": str(tmp_path)}
    subprocess.run("git add . && git commit -qm x", shell=True, cwd=repo, env=env, check=True)
    oids = subprocess.run(["git", "rev-list", "--objects", "--all"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.split()
    data = ("\n".join(o for o in oids if len(o) == 40) + "\n").encode()
    assert len(data) > 100_000
    code, out, err = gitstate.run(str(repo), ["cat-file", "--batch"], data)
    want = subprocess.run(["git", "cat-file", "--batch"], cwd=repo, input=data, capture_output=True)
    assert (code, out, err) == (want.returncode, want.stdout, want.stderr) and len(out) > 200_000
    code, out, err = gitstate.run(str(repo), ["rev-parse", "--verify", "no-such-ref"])
    assert code == 128 and out == b"" and b"Needed a single revision" in err
    state = gitstate.collect(str(repo), str(tmp_path))
    assert len(state["objects"]) == len({o for o in oids if len(o) == 40}) > 2000 and json.loads(gitstate.dumps(state)) == state
    assert gitstate.dumps(state) == json.dumps(state, separators=(",", ":"))
    start = time.monotonic()
    assert gitstate.run(str(repo), ["-c", "alias.wait=!sleep 30", "wait"], timeout=1.0)[0] == 255
    assert time.monotonic() - start < 10


def test_the_readers_git_commands_run_at_once_each_with_its_own_output(tmp_path):
    """gitstate.run_all starts every command before it reads any (a read of
    a repository is ten git commands, most of each git's own start): three
    commands of one second each take about one second, and each gets its own
    exit code, output and error, in order."""
    import time

    from workbook.checks import gitstate
    start = time.monotonic()
    got = gitstate.run_all(str(tmp_path), [(["-c", "alias.nap=!sleep 1; echo one", "nap"], None),
                                           (["-c", "alias.nap=!sleep 1; echo two >&2; exit 3", "nap"], None),
                                           (["-c", "alias.nap=!sleep 1; cat", "nap"], b"three\n")])
    assert time.monotonic() - start < 2.5
    assert got == [(0, b"one\n", b""), (3, b"", b"two\n"), (0, b"three\n", b"")]
