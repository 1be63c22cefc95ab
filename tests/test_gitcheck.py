"""workbook/checks/gitcheck.py: a student's git commands run in a fresh
playground repository, read back as plain data (State). Each test: a
scenario, one command, the state it leaves."""
from __future__ import annotations

import re

import pytest

from workbook.checks import gitcheck, gitmodel
from workbook.checks.core import CheckFailed
from workbook.messages import render


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


# ------------------------------------------------------------------ the reader starts no program of the repository's
# Each case: the repository's configuration (and files) set one key git-config(1) says names a program or a place
# to fetch from, pointing at a script that writes a marker; where a git command acts on the key, ``armed`` is one
# (run plainly, with an environment as permissive as a student's shell) that shows the script does run.
def _script(tmp_path, name):
    marker = tmp_path / f"RAN-{name}"
    script = tmp_path / f"{name}.sh"
    script.write_text(f"#!/bin/sh\necho ran >> '{marker}'\necho 'DONE by {name}' >&2\nexit 1\n")
    script.chmod(0o755)
    return script, marker


def _repo(tmp_path):
    import subprocess
    repo = tmp_path / "daon-churn"
    env = _plain_env(tmp_path)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    (repo / "a.txt").write_text("one\n")
    subprocess.run("git add a.txt && git commit -qm one && echo two >> a.txt && git commit -qam two", shell=True,
                   cwd=repo, check=True, env=env)
    return repo


def _plain_env(tmp_path):
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b",
            "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b", "GIT_CONFIG_NOSYSTEM": "1"}


MISSING = "1" * 40


def _promisor(repo, url, **more):
    """A partial clone whose promisor remote is ``url``, and an index entry naming a blob nobody has: reading it
    makes git fetch it (what the issue's attack did to rev-list and cat-file)."""
    keys = {"core.repositoryformatversion": "1", "extensions.partialclone": "origin", "remote.origin.url": url,
            "remote.origin.promisor": "true", **more}
    return keys, [["update-index", "--add", "--cacheinfo", f"100644,{MISSING},missing.txt"]]


def _cases(repo, script, tmp_path):
    """name -> (config keys, git commands of setup, files written, the key expected in the refusal, armed)."""
    inc = tmp_path / "included.cfg"
    inc.write_text(f"[core]\n\tfsmonitor = {script}\n")
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "post-commit").write_text(script.read_text())
    (hooks / "post-commit").chmod(0o755)
    commit = ["commit", "-q", "--allow-empty", "-m", "x"]
    cases = {
        "promisor-uploadpack": (*_promisor(repo, str(repo), **{"remote.origin.uploadpack": str(script)}), {},
                                "extensions.partialclone", ["cat-file", "-p", MISSING]),
        "promisor-sshcommand": (*_promisor(repo, "ssh://example.invalid/r.git", **{"core.sshcommand": str(script)}),
                                {}, "core.sshcommand", ["cat-file", "-p", MISSING]),
        "promisor-ext-insteadof": (*_promisor(repo, "gh:r", **{f"url.ext::{script} %S.insteadof": "gh:",
                                                              "protocol.ext.allow": "always"}),
                                   {}, "url.ext::", ["cat-file", "-p", MISSING]),
        "promisor-only": (*_promisor(repo, str(repo)), {}, "remote.origin.promisor", None),
        "fsmonitor": ({"core.fsmonitor": str(script)}, [], {}, "core.fsmonitor", ["status", "--short"]),
        "hookspath": ({"core.hookspath": str(hooks)}, [], {}, "core.hookspath", commit),
        "filter": ({"filter.x.clean": str(script)}, [], {".gitattributes": "*.txt filter=x\n", "b.txt": "b\n"},
                   "filter.x.clean", ["add", "b.txt"]),
        "filter-process": ({"filter.x.process": str(script)}, [], {".gitattributes": "*.txt filter=x\n",
                                                                   "b.txt": "b\n"}, "filter.x.process", None),
        "textconv": ({"diff.x.textconv": str(script)}, [], {".gitattributes": "*.txt diff=x\n"}, "diff.x.textconv",
                     ["cat-file", "--textconv", "HEAD:a.txt"]),
        "diff-external": ({"diff.external": str(script)}, [], {"a.txt": "changed\n"}, "diff.external", ["diff"]),
        "include": ({"include.path": str(inc)}, [], {}, "include.path", ["status", "--short"]),
        "includeif": ({"includeif.gitdir:/.path": str(inc)}, [], {}, "includeif.gitdir:/.path",
                      ["status", "--short"]),
        "editor": ({"core.editor": str(script)}, [], {}, "core.editor", ["commit", "-q", "--allow-empty"]),
        "gpg": ({"gpg.program": str(script), "commit.gpgsign": "true"}, [], {}, "gpg.program", commit),
        "pager": ({"core.pager": str(script)}, [], {}, "core.pager", None),
        "pager-cmd": ({"pager.log": str(script)}, [], {}, "pager.log", None),
        "sequence-editor": ({"sequence.editor": str(script)}, [], {}, "sequence.editor", None),
        "askpass": ({"core.askpass": str(script)}, [], {}, "core.askpass", None),
        "credential": ({"credential.helper": f"!{script}"}, [], {}, "credential.helper", None),
        "alternate-refs": ({"core.alternaterefscommand": str(script)}, [], {}, "core.alternaterefscommand", None),
        "packobjectshook": ({"uploadpack.packobjectshook": str(script)}, [], {}, "uploadpack.packobjectshook",
                            None),
        "merge-driver": ({"merge.x.driver": str(script)}, [], {}, "merge.x.driver", None),
        "mergetool": ({"mergetool.x.cmd": str(script)}, [], {}, "mergetool.x.cmd", None),
        "gitproxy": ({"core.gitproxy": str(script)}, [], {}, "core.gitproxy", None),
        "protocol": ({"protocol.allow": "always"}, [], {}, "protocol.allow", None),
        "vcs": ({"remote.origin.vcs": "x"}, [], {}, "remote.origin.vcs", None),
        "worktree": ({"core.worktree": "/"}, [], {}, "core.worktree", None),
    }
    return cases


def _arm(repo, keys, commands, files, env):
    import subprocess
    for path, content in files.items():
        (repo / path).write_text(content)
    for args in commands:
        subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)
    for key, value in keys.items():
        subprocess.run(["git", "config", key, value], cwd=repo, check=True, env=env)


CASES = ["promisor-uploadpack", "promisor-sshcommand", "promisor-ext-insteadof", "promisor-only", "fsmonitor",
         "hookspath", "filter", "filter-process", "textconv", "diff-external", "include", "includeif", "editor",
         "gpg", "pager", "pager-cmd", "sequence-editor", "askpass", "credential", "alternate-refs",
         "packobjectshook", "merge-driver", "mergetool", "gitproxy", "protocol", "vcs", "worktree"]


@pytest.mark.parametrize("case", CASES)
def test_the_reader_never_runs_a_program_the_repositorys_configuration_names(tmp_path, case):
    """A repository whose .git/config sets a key that names a program (or a
    place to fetch from: a promisor remote) is not read: the reader says
    which key, and the script the key names never runs. Where a git command
    acts on the key, the same repository run plainly shows that the script
    does run there (the attack is real)."""
    import shutil
    import subprocess

    from workbook.checks import gitstate
    script, marker = _script(tmp_path, case)
    repo = _repo(tmp_path)
    keys, commands, files, named, armed = _cases(repo, script, tmp_path)[case]
    env = _plain_env(tmp_path)
    _arm(repo, keys, commands, files, env)
    if armed is not None:
        copy = tmp_path / "armed"
        shutil.copytree(repo, copy, symlinks=True)
        if case == "promisor-uploadpack":
            subprocess.run(["git", "config", "remote.origin.url", str(copy)], cwd=copy, check=True, env=env)
        subprocess.run(["git", *armed], cwd=copy, env=env, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=30)
        assert marker.exists(), f"{case}: git {' '.join(armed)} did not run the script: the case tests nothing"
        marker.unlink()
    state = gitstate.collect(str(repo), str(tmp_path), ["a.txt"])
    assert not marker.exists(), f"{case}: the reader ran the repository's program"
    assert state["ok"] is False and state["refused"] is True, state.get("error")
    assert state["error"][0] == "runs_a_program", state["error"]
    assert any(path == ".git/config" and named in key for path, key in state["error"][1]["keys"]), state["error"]
    shown = render(gitmodel.reason(state["error"]))
    assert named in shown and "start a program or fetch" in shown, shown
    _follow_the_fix(repo, state, env)


def _follow_the_fix(repo, state, env, cwd=None):
    """The fix lines of a refusal, run as a student would (bash, in the repository's folder): the repository
    is read afterwards."""
    import subprocess

    from workbook.checks import gitstate
    commands = gitmodel.fix(*state["error"])
    assert commands, state["error"]
    for line in commands:
        done = subprocess.run(["bash", "-c", line], cwd=cwd or repo, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (line, done.stderr)
    again = gitstate.collect(str(repo), str(repo.parent))
    assert again["ok"] is True, (commands, again.get("error"))


def test_the_reader_refuses_a_worktree_configuration_and_a_borrowed_git_folder(tmp_path):
    """What git reads besides .git/config: config.worktree (with
    extensions.worktreeConfig) and, through .git/commondir, another folder's
    configuration; and a .git that is not a git folder never makes git take
    the working tree itself for a bare repository with its own
    configuration."""
    import subprocess

    from workbook.checks import gitstate
    script, marker = _script(tmp_path, "worktree-config")
    env = _plain_env(tmp_path)
    repo = _repo(tmp_path)
    subprocess.run(["git", "config", "extensions.worktreeconfig", "true"], cwd=repo, check=True, env=env)
    (repo / ".git" / "config.worktree").write_text(f"[core]\n\tfsmonitor = {script}\n")
    subprocess.run(["git", "status"], cwd=repo, env=env, capture_output=True)
    assert marker.exists()
    marker.unlink()
    state = gitstate.collect(str(repo), str(tmp_path))
    assert state["refused"] and ".git/config.worktree: core.fsmonitor" in render(gitmodel.reason(state["error"]))
    assert not marker.exists()

    repo2 = tmp_path / "second"
    other = tmp_path / "other.git"
    subprocess.run(["git", "init", "-q", "--bare", str(other)], check=True, env=env)
    subprocess.run(["git", "config", "core.fsmonitor", str(script)], cwd=other, check=True, env=env)
    subprocess.run(["git", "init", "-q", str(repo2)], check=True, env=env)
    (repo2 / ".git" / "commondir").write_text(str(other) + "\n")
    state = gitstate.collect(str(repo2), str(tmp_path))
    assert state["refused"] and state["error"] == ["commondir", {}] and not marker.exists()

    # .git broken (no HEAD); the working tree dressed as a bare repository whose config names the script
    (tmp_path / "third").mkdir()
    repo3 = _repo(tmp_path / "third")
    (repo3 / ".git" / "HEAD").unlink()
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "bare")], check=True, env=env)
    for name in ("HEAD", "objects", "refs"):
        subprocess.run(["cp", "-r", str(tmp_path / "bare" / name), str(repo3 / name)], check=True)
    (repo3 / "config").write_text("[core]\n\trepositoryformatversion = 1\n\tbare = true\n[extensions]\n"
                                  f"\tpartialclone = origin\n[remote \"origin\"]\n\turl = {repo3}\n"
                                  f"\tpromisor = true\n\tuploadpack = {script}\n")
    (repo3 / "refs" / "heads" / "main").write_text(MISSING + "\n")
    state = gitstate.collect(str(repo3), str(tmp_path))
    assert not marker.exists(), "git took the working tree for a bare repository and ran its program"
    assert state["ok"] is False and state["error"][0] == "not_a_repository", state["error"]


def test_a_bare_remote_that_names_a_program_is_not_read(tmp_path):
    """The remote (scenario release) is the student's too: the same
    refusal, and the check says so."""
    import subprocess

    from workbook.checks import gitstate
    script, marker = _script(tmp_path, "remote")
    env = _plain_env(tmp_path)
    remote = tmp_path / "github" / "daon-churn.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, env=env)
    assert gitstate.bare(str(remote))["ok"] is True
    subprocess.run(["git", "config", "core.fsmonitor", str(script)], cwd=remote, check=True, env=env)
    state = gitstate.bare(str(remote))
    assert state["ok"] is False and state["refused"] and ["daon-churn.git/config", "core.fsmonitor"] in state["error"][1]["keys"]
    assert not marker.exists()
    with pytest.raises(CheckFailed, match="the remote's configuration names a program"):
        with gitcheck.attempt(f"git --git-dir=../github/daon-churn.git config core.fsmonitor {script}",
                              scenario="release") as a:
            a.read_remote()
    assert not marker.exists()


def test_an_answer_that_plants_a_program_in_the_configuration_fails_with_the_reason(tmp_path):
    script, marker = _script(tmp_path, "answer")
    with pytest.raises(CheckFailed) as e:
        gitcheck.attempt(f"git config core.fsmonitor {script} && git config remote.origin.promisor true",
                         scenario="commit")
    assert "the repository's configuration names a program" in str(e.value)
    assert "core.fsmonitor" in str(e.value) and not marker.exists()


def test_an_honest_configuration_is_read_without_listing_its_keys_again(tmp_path, monkeypatch):
    """The reader's speed: a configuration without any word of a refused key
    (every scenario's) costs no git command more than before (the read's
    batch, then cat-file); one whose values only mention such words (a name,
    an http URL) is listed by git once more and read."""
    import subprocess

    from workbook.checks import gitstate
    calls = []
    real = gitstate.run_all
    monkeypatch.setattr(gitstate, "run_all", lambda repo, commands, *a, **k: calls.append(commands) or
                        real(repo, commands, *a, **k))
    with gitcheck.Attempt(0, "release") as a:
        state = gitstate.collect(str(a.repo), str(a.home))
        assert state["ok"] and len(calls) == 2 and len(calls[0]) == 9
        assert gitstate.bare(str(a.remote))["ok"] and len(calls) == 4
        env = _plain_env(tmp_path)
        subprocess.run(["git", "config", "user.name", "Pager Filter-Editor"], cwd=a.repo, check=True, env=env)
        subprocess.run(["git", "remote", "add", "gh", "https://github.com/daon/churn.git"], cwd=a.repo, check=True,
                       env=env)
        calls.clear()
        state = gitstate.collect(str(a.repo), str(a.home))
        assert state["ok"] and len(calls) == 3 and calls[0][0][0][:2] == ["config", "--file"]
        assert ["remote.gh.url", "https://github.com/daon/churn.git"] in state["config"]


def test_the_reader_runs_gitstate_compiled_not_compiled_again_on_every_read(tmp_path):
    """The reader's command line (gitmodel.READER) loads gitstate from its
    __pycache__ (a script is compiled on every run: about a quarter of a
    read's CPU once the configuration check was added) and prints what
    gitstate.collect gives."""
    import importlib.util
    import json
    import subprocess
    import sys

    from workbook.checks import gitmodel, gitstate
    repo = _repo(tmp_path)
    cached = importlib.util.cache_from_source(gitstate.__file__)
    proc = subprocess.run([sys.executable, "-v", "-I", "-S", str(gitmodel.READER), str(repo), str(tmp_path)],
                          capture_output=True, text=True, check=True)
    assert f"code object from '{cached}'" in proc.stderr
    assert json.loads(proc.stdout) == json.loads(gitstate.dumps(gitstate.collect(str(repo), str(tmp_path))))


# ------------------------------------------------------------------ the answer and its read in one jail
@pytest.fixture
def judged(monkeypatch):
    """Commands jailed as the judge jails them (a real ``jail.Jail``); the jails started, listed (but the
    syntax check's, ``bash -n``, before the answer runs)."""
    from workbook.checks import command
    from workbook.grading import jail

    started = []

    class Transport:
        def wrap_command(self, argv, writable, **limits):
            if list(argv[:2]) != ["bash", "-n"]:
                started.append(list(argv))
            return jail.Jail().command(argv, writable, **limits)

    class Run:
        transport = Transport()
        question = "check"

    token = command._current.set(Run())
    yield started
    command._current.reset(token)


def _tags(state):
    return sorted(r.rsplit("/", 1)[-1] for r in state.refs if r.startswith("refs/tags/"))


def test_an_answer_and_its_read_share_one_jail_and_nothing_of_the_answer_outlives_it(judged):
    """One jail runs the answer, then reads (gitstate.after as the jail's PID 1): processes the answer left
    behind (in the background, disowned, in a session of their own) are killed before the read, so what
    they would do later is neither read nor done. (Before: two jails, the answer's and the read's.)"""
    import time
    late = ("(sleep 0.4; git tag late) & disown; setsid bash -c 'sleep 0.4; git tag late2' & "
            "nohup bash -c 'sleep 0.4; git tag late3' >/dev/null 2>&1 & git tag early; echo out; echo err >&2; exit 3")
    with gitcheck.attempt(late, scenario="history") as a:
        assert len(judged) == 1 and "--after" in judged[0]
        assert (a.ran.code, a.ran.stdout, a.ran.stderr) == (3, "out\n", "err\n")
        assert "early" in _tags(a.after) and not {"late", "late2", "late3"} & set(_tags(a.after))
        time.sleep(1.0)
        assert _tags(a.read()) == _tags(a.after)


def test_the_answers_processes_cannot_reach_the_reader_that_shares_their_jail(judged):
    """The reader is the jail's init and not dumpable: the answer can neither trace it, nor open its
    descriptors or memory, nor stop or kill it; a line forged for its output goes nowhere."""
    attack = ("python3 -c 'import ctypes; l = ctypes.CDLL(None, use_errno=True); "
              "print(\"ptrace\", l.ptrace(16, 1, 0, 0), ctypes.get_errno())'; "
              "for f in /proc/1/fd/1 /proc/1/fd/2 /proc/1/mem /proc/1/environ; do "
              "  (echo '{\"code\": 0}' > $f) 2>/dev/null && echo wrote $f; cat $f >/dev/null 2>&1 && echo read $f; done; "
              "kill -STOP 1; kill -KILL 1; kill -TERM 1; kill -INT 1; git tag after-signals")
    with gitcheck.attempt(attack, scenario="history") as a:
        assert "ptrace -1 1" in a.ran.stdout, a.ran.stdout     # EPERM
        assert "wrote" not in a.ran.stdout and "read" not in a.ran.stdout, a.ran.stdout
        assert "after-signals" in _tags(a.after) and a.ran.code == 0


def test_an_answer_that_times_out_is_stopped_and_its_repository_read(judged):
    with gitcheck.attempt("git tag before-sleep; sleep 60", scenario="history", timeout=2) as a:
        assert a.ran.timed_out and "before-sleep" in _tags(a.after)
        assert len(judged) == 1


def test_an_answer_stopped_at_its_jails_limit_fails_and_is_read_in_a_jail_of_its_own(judged):
    """A jail stopped by its launcher (here: more files than c.Jail.entries) gives no read: the answer's
    outcome is the jail's (killed, the launcher's reason: ``finished`` then fails it, as before), and the
    repository is read in a second jail."""
    many = ("python3 -c 'import time\nfor i in range(30000):\n open(f\"f{i}\", \"w\").close()\n "
            "i % 1000 or time.sleep(0.05)'; git tag made")
    with gitcheck.attempt(many, scenario="history") as a:
        assert a.ran.code == 137 and "more than 20,000 files" in a.ran.stderr, (a.ran.code, a.ran.stderr)
        assert len(judged) == 2 and "--after" in judged[0] and "--after" not in judged[1]
        assert a.after.ok and a.after.worktree_truncated     # read, in a jail of its own


def test_a_jail_where_the_reader_is_not_its_init_runs_nothing_and_the_answer_runs_as_before(judged, monkeypatch):
    """Without --as-pid-1 (a jail that ignores ``as_init``) the reader refuses before anything runs, and
    the answer runs once, then is read, in two jails as before."""
    from workbook.grading import jail
    command = jail.Jail.command
    monkeypatch.setattr(jail.Jail, "command", lambda self, argv, writable, as_init=False, **kw:
                        command(self, argv, writable, **kw))
    with gitcheck.attempt("echo ran >> ran.txt; git tag once", scenario="history") as a:
        assert [("--after" in argv) for argv in judged] == [True, False, False]
        assert a.after.worktree["ran.txt"] and "once" in _tags(a.after) and a.ran.stdout == ""
        assert (a.repo / "ran.txt").read_text() == "ran\n"


def test_a_git_answer_file_that_is_not_a_string_reads_in_korean():
    """06's answers that are a file's content (q3's .gitignore, q6's churn/train.py, q17's workflow) name
    what they hold in the failure; the check's own line for the file it wrote in (``done first, by the
    check``) too: both are messages with the path as a value, in Korean (not ``content of .gitignore``,
    ``(your .gitignore written into the repository)``, the Korean review's find)."""
    import re

    from conftest import REPO
    from test_korean_messages import identifiers
    from workbook import i18n
    from workbook.authoring import korean
    assignment = "06_git"
    attempt = gitcheck.attempt
    lang = i18n.language_for("ko", REPO / "source" / assignment, assignment)
    names = identifiers(assignment)
    with pytest.raises(CheckFailed) as info:
        attempt(None, scenario="history", files={".gitignore": 5})
    with attempt(None, scenario="history", files={".gitignore": "data/\n"}) as a:
        with pytest.raises(CheckFailed) as wrote:
            a.check.fail("there is no tag first-bad")
    for failure in (info.value, wrote.value):
        problems = [p for m in failure.line_messages() for p in korean.message_problems(m, lang, names)]
        assert problems == []
        with i18n.using(lang):
            shown = "\n".join(failure.lines())
        assert ".gitignore" in shown and not re.search(r"content of|written into|your \.gitignore", shown), shown


def test_the_readers_reasons_are_data_each_shown_in_the_students_language():
    """The reader runs beside the answer's repository: why it did not read one comes back as a reason's name
    and its values, and the checks make the message (Korean in the Korean edition); a reason it does not
    give, or one with other values, is shown as such, never as a message it names."""
    from workbook import i18n
    from workbook.checks import gitstate
    import inspect
    given = set()
    for line in inspect.getsource(gitstate).splitlines():
        for name in gitmodel.REASONS:
            if f'["{name}", ' in line:
                given.add(name)
    assert given == set(gitmodel.REASONS)
    ko = i18n.language_for("ko")
    for name, template in gitmodel.REASONS.items():
        from workbook.messages import fields
        values = {f: [[".git/config", "x.y"]] if f == gitmodel.KEY_LISTS.get(name) else "x" for f, _, _ in fields(template)}
        shown = render(gitmodel.reason([name, values]), ko)
        assert shown != render(gitmodel.reason([name, values])), f"{name}: not in the Korean catalogue"
        assert not any(w in shown for w in (" folder", "git would", "cannot", " is ", " sets ")), shown
    forged = [["runs_a_program", {"path": "p", "keys": "k", "key": "k", "extra": "x"}],
              ["made_up", {}], "a sentence", ["commondir"], [None, {}], ["runs_a_program", {"keys": "core.pager"}],
              ["runs_a_program", {"keys": [["core.pager"]]}], ["runs_a_program", {"keys": []}]]
    for error in forged:
        shown = render(gitmodel.reason(error))
        assert "reader gave a reason it does not give" in shown, (error, shown)
    assert gitmodel.reason(None) is None and gitmodel.reason("") is None


@pytest.mark.parametrize("name", ["config", "config.worktree"])
def test_a_configuration_file_that_is_a_folder_is_refused_as_not_a_plain_file(tmp_path, name):
    """A student's `mkdir .git/config` (after removing the file): the reader says so, as data, instead of
    stopping with a Python traceback that the checks showed in English."""
    from workbook import i18n
    from workbook.checks import gitstate
    repo = _repo(tmp_path)
    path = repo / ".git" / name
    path.unlink(missing_ok=True)
    path.mkdir()
    state = gitstate.collect(str(repo), str(tmp_path))
    assert state["ok"] is False and state["refused"] is True and state["error"] == ["not_a_file", {"path": f".git/{name}"}]
    assert render(gitmodel.reason(state["error"]), i18n.language_for("ko")) == f".git/{name}: 일반 파일이 아닙니다"


# ------------------------------------------------------------------ a refusal says what it is and how to undo it
def _git(repo, env, *args):
    import subprocess
    return subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True, text=True).stdout


def test_a_refusal_names_every_key_of_every_file_each_with_the_command_that_removes_it(tmp_path):
    """Several keys in .git/config (one whose subsection has a space, one set twice) and one in
    config.worktree: each is named with its file, each gets its command (quoted for the shell; -f for a file
    other than .git/config; --unset-all, which also removes a key set twice), and a student who runs them gets
    a repository the reader reads. (Before: the first key only, unquoted, without -f.)"""
    from workbook.checks import gitstate
    env = _plain_env(tmp_path)
    repo = _repo(tmp_path)
    for args in (["core.fsmonitor", "x"], ["core.hooksPath", "/nonexistent"], ["filter.A B.clean", "x"],
                 ["--add", "include.path", "a.cfg"], ["--add", "include.path", "b.cfg"],
                 ["extensions.worktreeConfig", "true"]):
        _git(repo, env, "config", *args)
    (repo / ".git" / "config.worktree").write_text("[core]\n\teditor = vi\n")
    state = gitstate.collect(str(repo), str(tmp_path))
    assert state["error"] == ["runs_a_program", {"keys": [
        [".git/config", "core.fsmonitor"], [".git/config", "core.hookspath"], [".git/config", "filter.A B.clean"],
        [".git/config", "include.path"], [".git/config.worktree", "core.editor"]]}]
    shown = render(gitmodel.reason(state["error"]))
    assert ".git/config: core.fsmonitor, core.hookspath, filter.A B.clean, include.path; " \
           ".git/config.worktree: core.editor" in shown, shown
    for line in ("git config --unset-all core.fsmonitor", "git config --unset-all core.hookspath",
                 "git config --unset-all 'filter.A B.clean'", "git config --unset-all include.path",
                 "git config -f .git/config.worktree --unset-all core.editor"):
        assert f"\n    {line}" in shown, (line, shown)
    _follow_the_fix(repo, state, env)


def test_a_refused_remotes_fix_names_its_file_as_the_students_commands_reach_it(tmp_path):
    """The remote's configuration, seen from the repository's folder where the student types: -f
    ../github/daon-churn.git/config, never the grader's path of it."""
    import subprocess

    from workbook.checks import gitstate
    env = _plain_env(tmp_path)
    remote = tmp_path / "github" / "daon-churn.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, env=env)
    _git(remote, env, "config", "core.fsmonitor", "x")
    state = gitstate.bare(str(remote), "../github/daon-churn.git")
    assert gitmodel.fix(*state["error"]) == ["git config -f ../github/daon-churn.git/config --unset-all core.fsmonitor"]
    (tmp_path / "daon-churn").mkdir()
    for line in gitmodel.fix(*state["error"]):
        subprocess.run(["bash", "-c", line], cwd=tmp_path / "daon-churn", env=env, check=True)
    assert gitstate.bare(str(remote), "../github/daon-churn.git")["ok"] is True
    with pytest.raises(CheckFailed) as e:
        with gitcheck.attempt("git --git-dir=../github/daon-churn.git config core.fsmonitor x", scenario="release") as a:
            a.read_remote()
    assert "    git config -f ../github/daon-churn.git/config --unset-all core.fsmonitor" in str(e.value)
    assert "daon-git-" not in str(e.value), str(e.value)


BROKEN = {   # an answer that leaves a git folder the reader refuses for another reason than a program
    "unparsable": "printf '[core\\n' >> .git/config",
    "not_a_file": "rm .git/config && mkdir .git/config",
    "fifo": "rm .git/config && mkfifo .git/config",
    "too_large": "head -c 1100000 /dev/zero | tr '\\0' '#' >> .git/config",
    "commondir": "echo ../elsewhere > .git/commondir",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_refusal_for_another_reason_does_not_say_the_configuration_names_a_program(case):
    """The check's first line follows the reader's reason: a configuration git cannot parse, that is a folder,
    a fifo, too large, or a commondir is not said to name a program (before: every refusal was); the hidden
    message too."""
    from workbook import i18n
    with pytest.raises(CheckFailed) as e:
        gitcheck.attempt(BROKEN[case], scenario="commit")
    failure = e.value
    first = render(failure.line_messages()[0]).splitlines()[0]
    assert first.endswith(": after your command the checks cannot read the repository's git folder"), first
    assert "names a program" not in str(failure) and "names a program" not in render(failure.hidden_message)
    with i18n.using(i18n.language_for("ko")):
        korean = "\n".join(failure.lines())
    assert "프로그램" not in korean.splitlines()[0] and "git 폴더를 읽을 수 없습니다" in korean, korean


def test_a_broken_configuration_is_named_as_the_student_knows_it_with_its_line(tmp_path):
    """git's own words name the file by the reader's path (/dev/shm/... in the judge): the refusal gives the
    student's path and the line git gives, and no path of the grader's; the same for git's words when .git
    is not a repository."""
    from workbook.checks import gitstate
    repo = _repo(tmp_path)
    lines = (repo / ".git" / "config").read_text().count("\n")
    with open(repo / ".git" / "config", "a") as fh:
        fh.write("[core\n")
    state = gitstate.collect(str(repo), str(tmp_path))
    assert state["error"] == ["unparsable_at", {"path": ".git/config", "line": lines + 1}], state["error"]
    shown = render(gitmodel.reason(state["error"]))
    assert shown == f"git cannot parse .git/config: its line {lines + 1} is not a valid setting"
    (repo / ".git" / "config").write_text("[core]\n")
    (repo / ".git" / "HEAD").unlink()
    state = gitstate.collect(str(repo), str(tmp_path))
    assert state["error"][0] == "not_a_repository" and str(tmp_path) not in state["error"][1]["git"], state["error"]


@pytest.mark.parametrize("replaced", ["removed", "file", "link", "link-to-a-file"])
def test_a_git_folder_replaced_is_told_apart_from_one_removed(tmp_path, replaced):
    """What lstat says of .git: gone, or replaced by a link (even one to a good git folder) or by a file; the
    Korean message says 바뀌었습니다 (replaced) for the latter, 없어졌습니다 (gone) only when it is gone."""
    import shutil

    from workbook import i18n
    from workbook.checks import gitstate
    repo = _repo(tmp_path)
    git = repo / ".git"
    if replaced == "removed":
        shutil.rmtree(git)
    elif replaced == "file":
        shutil.rmtree(git)
        git.write_text("gitdir: /elsewhere\n")
    else:
        shutil.move(str(git), str(tmp_path / "moved.git"))
        if replaced == "link-to-a-file":
            (tmp_path / "a-file").write_text("x")
        git.symlink_to(tmp_path / ("moved.git" if replaced == "link" else "a-file"))
    state = gitstate.collect(str(repo), str(tmp_path))
    want = {"removed": "git_folder_gone", "file": "git_folder_is_not_a_folder", "link": "git_folder_is_a_link",
            "link-to-a-file": "git_folder_is_a_link"}[replaced]
    assert state["ok"] is False and state["error"] == [want, {}], state["error"]
    korean = render(gitmodel.reason(state["error"]), i18n.language_for("ko"))
    assert ("없어졌습니다" in korean) == (replaced == "removed") and ("바뀌었습니다" in korean) != (replaced == "removed")


def test_a_repository_that_borrows_objects_is_refused_and_its_fix_makes_it_self_contained(tmp_path):
    """objects/info/alternates makes git read objects from another repository's folder: a branch can point
    at a commit the repository does not hold. Refused (before: read, the borrowed commit with it); the fix
    (git repack -a -d, then rm the file) copies the borrowed objects in: the repository reads, the commit
    in it, with the other folder gone."""
    import shutil
    import subprocess

    from workbook.checks import gitstate
    env = _plain_env(tmp_path)
    repo = _repo(tmp_path)
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(repo), str(other)], check=True, env=env)
    _git(other, env, "commit", "-q", "--allow-empty", "-m", "made elsewhere")
    borrowed = _git(other, env, "rev-parse", "HEAD").strip()
    (repo / ".git" / "objects" / "info" / "alternates").write_text(str(other / ".git" / "objects") + "\n")
    _git(repo, env, "update-ref", "refs/heads/main", borrowed)
    state = gitstate.collect(str(repo), str(tmp_path))
    assert state["ok"] is False and state["refused"] is True
    assert state["error"] == ["alternates", {"path": ".git/objects/info/alternates"}], state["error"]
    assert gitmodel.fix(*state["error"]) == ["git repack -a -d", "rm .git/objects/info/alternates"]
    shown = render(gitmodel.reason(state["error"]))
    assert "\n  to fix it, run in the repository's folder:\n    git repack -a -d\n    rm .git/objects/info/alternates" in shown, shown
    for line in gitmodel.fix(*state["error"]):
        subprocess.run(["bash", "-c", line], cwd=repo, env=env, check=True, capture_output=True)
    shutil.rmtree(other)
    state = gitstate.collect(str(repo), str(tmp_path))
    assert state["ok"] is True and state["head"] == borrowed and state["objects"][borrowed][0] == "commit"
    (repo / ".git" / "objects" / "info" / "alternates").write_text("")
    assert gitstate.collect(str(repo), str(tmp_path))["ok"] is True     # an empty file borrows nothing


# ------------------------------------------------------------------ gitci: the workflow question's CI
def test_a_matrix_given_only_through_include_has_the_values_of_its_entries():
    job = {"strategy": {"matrix": {"include": [{"python": "3.11"}, {"python": "3.12"}, {"os": "x"}]}}}
    assert gitcheck.matrix_values(job, "${{ matrix.python }}") == ["3.11", "3.12"]
    both = {"strategy": {"matrix": {"python": ["3.10"], "include": [{"python": 3.12}]}}}
    assert gitcheck.matrix_values(both, "${{matrix.python}}") == ["3.10", 3.12]


@pytest.mark.parametrize("value", ["3.11", "3.11.4", "3.x", "3", "3.12.x", "3.13t", "3.14-dev", "3.14.0-rc.1",
                                   ">=3.10 <3.13", "~3.11", " 3.12 "])
def test_a_python_version_setup_python_resolves_to_cpython_3_is_accepted(value):
    from workbook.checks.gitci import python_version_ok
    assert python_version_ok(value)


@pytest.mark.parametrize("value", [3.1, 3, "2.7", "latest", "pypy3.10", "", "3.11 || 3.12", ">=2.7", None])
def test_a_python_version_that_is_not_a_cpython_3_string_is_refused(value):
    from workbook.checks.gitci import python_version_ok
    assert not python_version_ok(value)


@pytest.mark.parametrize("shell, fails", [(None, True), ("bash", True), ("sh", True), ("bash {0}", False),
                                          ("bash -e {0}", True), ("sh {0}", False)])
def test_a_steps_shell_runs_as_github_runs_it_a_custom_template_exactly_as_written(shell, fails):
    step = {"run": "false\necho done"} | ({"shell": shell} if shell else {})
    with gitcheck.Attempt(0, "history", trusted=True) as a:
        runs, _, failed = gitcheck.run_job(a, {"steps": [step]})
    assert failed is fails and (("done" in runs[0].output) is not fails)


def test_bash_as_a_shell_name_fails_a_pipeline_whose_first_command_fails_and_the_default_does_not():
    for shell, fails in (("bash", True), (None, False)):
        step = {"run": "false | cat"} | ({"shell": shell} if shell else {})
        with gitcheck.Attempt(0, "history", trusted=True) as a:
            assert gitcheck.run_job(a, {"steps": [step]})[2] is fails


def test_a_failed_commands_stderr_is_shown_by_its_last_lines_where_the_last_step_says_what_failed():
    """A command of several steps exits with its last step's code, and the
    last lines of stderr are that step's: 06 q20b's `git commit` in place of
    `git rebase --continue` printed the pull's conflict output first, and the
    push's refusal was cut."""
    command = "for i in 1 2 3 4 5 6 7 8 9 10; do echo \"early line $i\" >&2; done\necho 'the push was refused' >&2\nfalse"
    with pytest.raises(CheckFailed) as info:
        with gitcheck.attempt(command, scenario="commit") as a:
            a.check.finished()
    text = render(info.value.message)
    assert "the push was refused" in text and "early line 10" in text
    assert "early line 1\n" not in text and "(5 earlier lines)" in text


def test_preview_shows_the_end_of_a_failed_commands_stderr_as_a_failure_does(capsys):
    """06's student-side preview printed the first 12 lines of stderr while a
    failure shows the last ones, where git prints its last step: a student
    trying an answer whose push was refused after 29 lines of a pull's hints
    never saw the refusal. Both now show the same lines."""
    command = ("for i in $(seq 1 29); do echo \"hint: early line $i\" >&2; done\n"
               "echo 'fatal: the push was refused' >&2\nfalse")
    gitcheck.preview(command, "commit")
    shown = capsys.readouterr().out
    with pytest.raises(CheckFailed) as info:
        with gitcheck.attempt(command, scenario="commit") as a:
            a.check.finished()
    failure = render(info.value.message)

    def stderr_lines(text):   # the lines of stderr shown (not the command's own text, shown too)
        return [line.strip() for line in text.splitlines()
                if re.fullmatch(r" {6}(\.\.\. \(\d+ earlier lines\)|hint: early line \d+|fatal: .*)", line)]
    expected = ["... (24 earlier lines)", *(f"hint: early line {i}" for i in range(25, 30)),
                "fatal: the push was refused"]
    assert stderr_lines(shown) == expected
    assert stderr_lines(failure) == expected
