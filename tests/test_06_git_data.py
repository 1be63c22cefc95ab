"""06_git's data on both sides of the wire: a repository generated for a
check that calls the student's function (q16, code_version) must exist where
that function runs, not only in the judge."""
from __future__ import annotations

import subprocess
from pathlib import Path

from workbook.checks import call, exercise, generated
from workbook.checks.exercise import GeneratedStr, JudgeContext, LocalTransport, judging
from workbook.data.gitrepo import scenario_repo


def _head(repo: str) -> str:
    return subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_a_path_generated_as_a_str_is_sent_as_its_recipe():
    """scenario_repo returns its path as a str. A plain str crosses the wire
    as data, so the student's code used to get the judge's path, which does
    not exist in the sandbox (the reference run's CalledProcessError in q16).
    generated() now marks the value, and the kernel side builds its own
    repository from the recipe."""
    received, seen = [], {}
    namespace = {"code_version": lambda repo: received.append(repo) or repo}

    with judging(JudgeContext(LocalTransport(namespace), b"k" * 32)):
        @exercise("q16")
        def test(code_version: callable):
            repo = generated(scenario_repo, 0, "clean", name="daon churn (copy)")
            seen["judge"] = repo
            seen["kernel"] = call(code_version, repo)

    judge, kernel = seen["judge"], seen["kernel"]
    assert isinstance(judge, GeneratedStr) and Path(judge).is_dir()
    assert type(received[0]) is str and received[0] == kernel
    assert kernel != judge, "the kernel got the judge's path instead of its own repository"
    assert Path(kernel).name == "daon churn (copy)" and _head(kernel) == _head(judge)


def _git(repo, *args) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


def test_pushed_first_colleague_commits_are_on_origin_only(tmp_path):
    """Scenario pushed-first (q20): your commits on main, ahead of the stale
    origin/main; origin's main has one or two commits of a colleague on top
    of it, which the local repository does not have; a fresh build of the
    same seed gives the same ids."""
    from workbook.data.gitrepo import planted, write_repo
    for seed in (0, 1, 2):
        repo = write_repo(seed, "pushed-first", tmp_path / str(seed) / "daon-churn")
        bare = repo.parent / "github" / "daon-churn.git"
        base, theirs = _git(repo, "rev-parse", "origin/main"), _git(bare, "rev-parse", "main")
        mine = _git(repo, "rev-list", "origin/main..main").split()
        colleague = _git(bare, "rev-list", f"{base}..main").split()
        assert 2 <= len(mine) <= 3 and 1 <= len(colleague) <= 2
        assert subprocess.run(["git", "-C", str(repo), "cat-file", "-e", theirs]).returncode != 0
        changed = set(_git(repo, "diff", "--name-only", base, "main").split())
        assert not changed & set(_git(bare, "diff", "--name-only", base, "main").split())
        ids = planted(seed, "pushed-first")
        assert (ids["base"], ids["branch:main"]) == (base, _git(repo, "rev-parse", "main"))


def test_pushed_conflict_pull_rebase_stops_on_requirements_dev_where_both_sides_only_append(tmp_path):
    """Scenario pushed-conflict (q20b), on 12 seeds: `git pull --rebase`
    stops on a conflict in requirements-dev.txt and nowhere else; each side
    only appends its line at the end of the file (q20b's reference builds
    the resolution from that: the old file, then theirs, then yours); the
    conflicting commit is at every place among yours across the seeds, and
    the colleague pushed one or two commits."""
    from workbook.data.gitrepo import write_repo
    from workbook.data.gitteam import CONFLICT_MINE, CONFLICT_THEIRS
    places, counts = set(), set()
    for seed in range(12):
        repo = write_repo(seed, "pushed-conflict", tmp_path / str(seed) / "daon-churn")
        bare = repo.parent / "github" / "daon-churn.git"
        base = _git(repo, "rev-parse", "origin/main")
        old = _git(repo, "show", f"{base}:requirements-dev.txt") + "\n"
        mine = _git(repo, "log", "--reverse", "--format=%s", "origin/main..main").splitlines()
        theirs = _git(bare, "log", "--reverse", "--format=%s", f"{base}..main").splitlines()
        assert mine.count(CONFLICT_MINE[0]) == 1 and theirs.count(CONFLICT_THEIRS[0]) == 1
        assert 1 <= len(mine) <= 3 and 1 <= len(theirs) <= 2
        places.add((mine.index(CONFLICT_MINE[0]), len(mine)))
        counts.add(len(theirs))
        assert _git(repo, "show", "main:requirements-dev.txt") + "\n" == old + CONFLICT_MINE[1]
        assert _git(bare, "show", "main:requirements-dev.txt") + "\n" == old + CONFLICT_THEIRS[1]
        for side, tip in ((repo, "main"), (bare, "main")):
            touched = _git(side, "log", "--format=", "--name-only", f"{base}..{tip}").split()
            assert touched.count("requirements-dev.txt") == 1
        pulled = subprocess.run(["git", "-C", str(repo), "pull", "-q", "--rebase", "origin", "main"],
                                capture_output=True, text=True)
        assert pulled.returncode == 1 and (repo / ".git" / "rebase-merge").is_dir()
        assert _git(repo, "diff", "--name-only", "--diff-filter=U").split() == ["requirements-dev.txt"]
    assert {(0, 1), (0, 2), (1, 2), (0, 3), (2, 3)} <= places and counts == {1, 2}


def test_stash_work_in_progress_blocks_the_switch_until_stashed_with_untracked(tmp_path):
    """Scenario stash (q21): main's work in progress (a changed file, an
    untracked CHANGELOG.md) makes `git switch release/1.0` refuse, after a
    plain `git stash` too; with -u it goes through, for every seed."""
    from workbook.data.gitrepo import write_repo
    for seed in (0, 1, 2, 3):
        repo = write_repo(seed, "stash", tmp_path / str(seed) / "daon-churn")
        status = _git(repo, "status", "--porcelain")
        assert "M churn/features.py" in status and "?? CHANGELOG.md" in status
        assert _git(repo, "show", "release/1.0:churn/config.py").count("HORIZON_DAYS = 60") == 1
        _git(repo, "stash", "-q")
        assert subprocess.run(["git", "-C", str(repo), "switch", "-q", "release/1.0"],
                              capture_output=True).returncode != 0
        _git(repo, "stash", "pop", "-q")
        _git(repo, "stash", "-q", "-u")
        _git(repo, "switch", "-q", "release/1.0")


def test_squash_branch_starts_at_main_with_wip_commits(tmp_path):
    """Scenario squash (q22): feature/basket-size checked out and clean,
    three or four commits on main's last commit, the first one named as the
    squashed commit must be, the later ones wip and fix typo commits that
    change the files."""
    from workbook.data.gitrepo import write_repo
    for seed in (0, 1, 2, 3):
        repo = write_repo(seed, "squash", tmp_path / str(seed) / "daon-churn")
        assert _git(repo, "branch", "--show-current") == "feature/basket-size"
        assert _git(repo, "status", "--porcelain") == ""
        assert _git(repo, "merge-base", "main", "HEAD") == _git(repo, "rev-parse", "main")
        subjects = _git(repo, "log", "--reverse", "--format=%s", "main..HEAD").splitlines()
        assert 3 <= len(subjects) <= 4 and subjects[0] == "Add the basket size feature"
        assert all(s.startswith(("wip", "fix typo")) for s in subjects[1:])
        first = _git(repo, "rev-list", "--reverse", "main..HEAD").split()[0]
        assert _git(repo, "diff", "--name-only", first, "HEAD")


def test_review_branch_has_the_reviewed_commit_elsewhere_than_the_visible_position(tmp_path):
    """Scenario review (q23): feature/basket-size checked out, the reviewed
    commit (Add the basket size feature, whose average_basket_krw([]) divides
    by zero) somewhere on the branch, every commit with files of its own, and
    the fix in the working tree, not staged. Seed 0 (the visible repository)
    has one commit after the reviewed one; no other seed does (40 planned), so
    a fixup aimed at HEAD~1 lands in the wrong commit on every hidden seed."""
    from workbook.data.gitplan import build_plan
    from workbook.data.gitrepo import write_repo

    def after_reviewed(seed):
        plan = build_plan(seed, "review")
        line, tip, main = [], plan.branches["feature/basket-size"], plan.branches["main"]
        while tip != main:
            line.append(plan.commits[tip].message)
            tip = plan.commits[tip].parents[0]
        return line.index("Add the basket size feature")

    assert after_reviewed(0) == 1
    assert all(after_reviewed(seed) in (2, 3) for seed in range(1, 41))
    for seed in (0, 1):
        repo = write_repo(seed, "review", tmp_path / str(seed) / "daon-churn")
        assert _git(repo, "branch", "--show-current") == "feature/basket-size"
        assert _git(repo, "status", "--porcelain") == "M churn/features.py"
        assert _git(repo, "merge-base", "main", "HEAD") == _git(repo, "rev-parse", "main")
        reviewed = _git(repo, "log", "--format=%H", "--grep=^Add the basket size feature$", "main..HEAD")
        assert _git(repo, "diff", "--name-only", f"{reviewed}~1", reviewed) == "churn/features.py"
        assert "if amounts_krw else 0" not in _git(repo, "show", f"{reviewed}:churn/features.py")
        assert "if amounts_krw else 0" in (repo / "churn/features.py").read_text()
        # the fix changes only what the reviewed commit added; the later commits leave the file alone
        assert _git(repo, "diff", "--name-only", reviewed, "HEAD", "--", "churn/features.py") == ""
        changed = [_git(repo, "diff-tree", "--no-commit-id", "--name-only", "-r", c)
                   for c in _git(repo, "rev-list", "main..HEAD").split()]
        assert len(changed) == len(set(changed))

def test_history_moves_frequency_into_windows_py(tmp_path):
    """Scenario history (q13): main's last commit moves frequency() from
    churn/features.py into the new churn/windows.py, lines unchanged. blame
    without -C names that move for the def line; with -C, the commit that
    wrote the line, in churn/feats.py (before the rename: seed 0) or
    churn/features.py (type hints added later) depending on the seed. The
    move leaves MIN_ORDERS alone (q12) and the project's tests pass (CI)."""
    import sys

    from workbook.data.gitrepo import planted, write_repo
    paths = set()
    for seed in range(3):
        repo = write_repo(seed, "history", tmp_path / str(seed) / "daon-churn")
        moved = planted(seed, "history")["moved"]
        assert _git(repo, "rev-parse", "main") == moved
        assert _git(repo, "diff", "--name-status", "main~1", "main").split() == [
            "M", "churn/features.py", "A", "churn/windows.py"]
        old = _git(repo, "show", "main~1:churn/features.py").splitlines()
        body = _git(repo, "show", "main:churn/windows.py").splitlines()
        function = body[body.index(next(x for x in body if x.startswith("def frequency"))):]
        start = old.index(function[0])
        assert old[start:start + len(function)] == function
        assert not [x for x in _git(repo, "show", "main:churn/features.py").splitlines() if x.startswith("def frequency")]
        assert _git(repo, "log", "-1", "-S", "MIN_ORDERS", "--format=%H", "main") != moved
        line = "-L/^def frequency/,+1"
        naive = _git(repo, "blame", "--porcelain", line, "churn/windows.py").split()[0]
        origin = _git(repo, "blame", "-C", "--porcelain", line, "churn/windows.py").splitlines()
        assert naive == moved and origin[0].split()[0] != moved
        path = next(x for x in origin if x.startswith("filename ")).split(" ", 1)[1]
        assert function[0] in _git(repo, "show", f"{origin[0].split()[0]}:{path}").splitlines()
        paths.add(path)
        tests = subprocess.run([sys.executable, "-m", "unittest", "-q"], cwd=repo, capture_output=True, text=True)
        assert tests.returncode == 0, tests.stderr[-500:]
    assert paths == {"churn/feats.py", "churn/features.py"}


def test_the_judge_keeps_each_repository_and_the_next_process_copies_it_unbuilt(tmp_path, monkeypatch):
    """In the judge's data folder a (seed, scenario) repository is built once
    and kept: a process that has none in memory (a selfgrade, the next run's
    worker) copies the kept one without building, and gets the same
    repository. Outside the judge (a kernel) nothing is kept."""
    from workbook import data
    from workbook.data import gitrepo
    seed, scenario = 515151, "history"
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    judge = data.judge_cache_dir()
    monkeypatch.setattr(gitrepo, "_TEMPLATES", {})
    with data.writing_to(judge):
        first = gitrepo.write_repo(seed, scenario, tmp_path / "first")
    kept = sorted(judge.glob(f"gitrepo-v*/kept/{scenario}-{seed}"))
    assert len(kept) == 1 and (kept[0] / "daon-churn" / ".git").is_dir()

    def no_build(*a, **k):
        raise AssertionError("built again although the judge keeps it")
    monkeypatch.setattr(gitrepo, "_TEMPLATES", {})    # a new process: nothing in memory
    monkeypatch.setattr(gitrepo, "_build", no_build)
    with data.writing_to(judge):
        second = gitrepo.write_repo(seed, scenario, tmp_path / "second")
    assert _head(str(second)) == _head(str(first))
    # a kernel's own cache keeps nothing (and builds: here, the patched builder refuses)
    monkeypatch.setattr(gitrepo, "_TEMPLATES", {})
    kernel = tmp_path / "cache"
    with data.writing_to(kernel):
        try:
            gitrepo.write_repo(seed, scenario, tmp_path / "third")
        except AssertionError:
            pass
        else:
            raise AssertionError("a kernel's cache used a kept repository")
    assert not list(kernel.glob("gitrepo-v*/kept"))
