"""06 Question 26: a pre-commit hook tried with real commits (workbook/checks/githook.py) on the commits
of workbook/data/hookcases.py. The verdicts come from the repository the reader finds after every commit,
in the jail that ran them."""
from __future__ import annotations

import random

import pytest

from workbook.checks import command
from workbook.checks.core import CheckFailed
from workbook.checks.githook import HookTrial, check_hook
from workbook.data import hookcases
from workbook.messages import render

SEEDS = [0] + random.Random(20260309).sample(range(1, 2**31 - 1), 40)

SOLUTION = r"""#!/usr/bin/env python3
import json, subprocess, sys
names = subprocess.run(["git", "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"],
                       capture_output=True, check=True).stdout.decode().split("\0")
bad = False
for path in filter(None, names):
    data = subprocess.run(["git", "show", ":" + path], capture_output=True, check=True).stdout
    cells = json.loads(data)["cells"] if path.endswith(".ipynb") else []
    if len(data) > 1_000_000 or any(c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)
                                    for c in cells):
        print("refused:", path)
        bad = True
sys.exit(bad)
"""


@pytest.fixture
def judged(monkeypatch):
    """Commands jailed as the judge jails them; the jails started, listed."""
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

        def in_hidden_part(self):
            return False

    token = command._current.set(Run())
    yield started
    command._current.reset(token)


def verdict(hook: str, seed: int = 0, **kw) -> str:
    """"passed", or the first line of the failure."""
    with HookTrial(hook, seed, **kw) as trial:
        try:
            check_hook(trial, lambda c: c.refused)
        except CheckFailed as e:
            return render(e.message).splitlines()[0]
    return "passed"


@pytest.mark.parametrize("seed", SEEDS)
def test_every_seed_plants_every_stated_commit(seed):
    assert hookcases.missing(seed) == []


def test_the_planted_commits_check_can_fail(monkeypatch):
    """missing() sees a kind that is not as stated: the count-only notebook given an output too, the boundary
    file one byte larger, the visible seed's order."""
    real = hookcases.hook_cases

    def spoilt(seed):
        cases = real(seed)
        for c in cases:
            if c.kind == "count-only":
                path = next(iter(c.stage))
                c.stage[path] = hookcases.run_notebook(random.Random(1), "eda")
            if c.kind == "at-limit":
                path = next(iter(c.stage))
                c.stage[path] += b"x"
        return cases
    monkeypatch.setattr(hookcases, "hook_cases", spoilt)
    assert {"count-only", "at-limit"} <= set(hookcases.missing(3)) <= {"count-only", "at-limit", "sizes"}
    monkeypatch.setattr(hookcases, "hook_cases", lambda seed: real(0))
    # the visible seed's rename moves the visible repository's old notebook, not seed 3's
    assert hookcases.missing(3) == ["renamed", "order", "paths"]


def test_a_hook_is_tried_with_every_commit_and_read_in_one_jail(judged):
    with HookTrial(SOLUTION, 0) as trial:
        assert len(judged) == 1 and "--after" in judged[0]
        outcomes = [(t.case.kind, t.outcome) for t in trial.tried]
        check_hook(trial, lambda c: c.refused)
    assert outcomes == [(c.kind, "refused" if c.refused else "committed") for c in hookcases.hook_cases(0)]


def test_a_hook_that_reads_the_working_tree_is_refused_by_the_staged_commits(judged):
    on_disk = SOLUTION.replace('subprocess.run(["git", "show", ":" + path], capture_output=True, check=True).stdout',
                               'open(path, "rb").read()')
    assert on_disk != SOLUTION
    assert "working tree" in verdict(on_disk, 0)


def test_a_hook_that_fixes_the_notebook_instead_of_refusing_fails(judged):
    """nbstripout's way (strip the outputs, git add, let the commit through) is not what the question asks:
    the commit holds something else than what was staged."""
    fixer = r"""#!/usr/bin/env python3
import json, subprocess
names = subprocess.run(["git", "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"],
                       capture_output=True, check=True).stdout.decode().split("\0")
for path in filter(None, names):
    if path.endswith(".ipynb"):
        nb = json.loads(subprocess.run(["git", "show", ":" + path], capture_output=True, check=True).stdout)
        for c in nb["cells"]:
            if c["cell_type"] == "code":
                c["outputs"], c["execution_count"] = [], None
        open(path, "w").write(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        subprocess.run(["git", "add", "--", path], check=True)
"""
    with HookTrial(fixer, 0) as trial:
        outcomes = {t.case.kind: t.outcome for t in trial.tried}
        with pytest.raises(CheckFailed):
            check_hook(trial, lambda c: c.refused)
    assert {k: outcomes[k] for k in ("outputs", "count-only", "clean", "deleted")} == \
        {"outputs": "other", "count-only": "other", "clean": "committed", "deleted": "committed"}


def test_a_hook_that_never_ends_is_stopped(judged):
    assert verdict("#!/bin/sh\nsleep 30\n", 0, timeout=3.0) == \
        "the commits did not finish within 3 s and were stopped"


def test_a_hook_that_makes_git_run_a_program_lasts_its_own_commit(judged):
    """A hook that points core.hooksPath elsewhere changes nothing for the next commit: the driver puts the
    repository's configuration back after each commit (hookdriver.py), so the hook runs for every commit and
    refuses each one, and the reader finds no configuration naming a program."""
    with HookTrial("#!/bin/sh\ngit config core.hooksPath /tmp\necho refused\nexit 1\n", 0) as trial:
        assert {t.outcome for t in trial.tried} == {"refused"}
        assert all("refused" in t.output for t in trial.tried)


def test_a_hook_that_points_the_repository_elsewhere_lasts_its_own_commit(judged):
    """A hook that writes .git/commondir (git then reads its config, hooks and info from the folder it names,
    where a clean filter could see each file as the next git add reads it) changes nothing for the next commit:
    the driver removes it after each commit (found by the fourth hostile review), so every commit goes through
    and the reader, after the last, finds a repository of its own."""
    pointer = "#!/bin/sh\nif [ -e .git/commondir ]; then echo survived; exit 1; fi\necho . > .git/commondir\nexit 0\n"
    with HookTrial(pointer, 0) as trial:
        assert {t.outcome for t in trial.tried} == {"committed"}, [(t.branch, t.outcome, t.output) for t in trial.tried]


def test_a_refusal_must_name_the_file(judged):
    silent = SOLUTION.replace('print("refused:", path)', 'print("refused: a file")')
    assert verdict(silent, 0) == "your hook refused the commit but did not print the path of the file it refuses"


def test_a_hook_that_cuts_names_at_spaces_is_told_to_read_them_whole(judged):
    """The commit's output shows git refusing a piece of a name: the hint is about names, not the size."""
    split = ("#!/bin/sh\nstatus=0\nfor f in $(git -c core.quotePath=false diff --cached --name-only); do\n"
             "  [ \"$(git cat-file -s \":$f\")\" -gt 1000000 ] && { echo \"$f\"; status=1; }\ndone\nexit $status\n")
    with HookTrial(split, 0) as trial:
        with pytest.raises(CheckFailed) as e:
            check_hook(trial, lambda c: c.refused)
    assert render(e.value.hint).startswith("read the names with -z")


def test_a_jail_stopped_at_its_limit_fails_with_the_jails_reason(judged):
    """A hook that makes more files than the jail allows: the jail is stopped, and the failure says so (not
    'your hook refused a clean commit')."""
    many = "#!/bin/sh\nmkdir -p junk && cd junk && seq 1 30000 | xargs touch\nsleep 5\nexit 0\n"
    with pytest.raises(CheckFailed) as e:
        with HookTrial(many, 0, timeout=30.0):
            pass
    assert render(e.value.message).splitlines()[0] == \
        "the commits were stopped: more than 20,000 files and folders were made"


PROBE = r"""#!/usr/bin/env python3
import os
seen = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    for what in ("cmdline", "environ"):
        try:
            seen.append(open(f"/proc/{pid}/{what}", "rb").read().decode("utf-8", "replace"))
        except OSError:
            pass
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
            if link.startswith("/") and os.path.isfile(f"/proc/{pid}/fd/{fd}"):   # files, never a pipe
                seen.append(open(f"/proc/{pid}/fd/{fd}", "rb").read(1 << 20).decode("utf-8", "replace"))
    except OSError:
        pass
for root, dirs, files in os.walk(os.path.dirname(os.getcwd())):
    if "/.git" not in root:
        for f in files:
            try:
                seen.append(os.path.join(root, f) + open(os.path.join(root, f), "rb").read().decode("utf-8", "replace"))
            except OSError:
                pass
import re
found = set()
for text in seen:   # the names of notebooks and data files in it, JSON's \\u escapes read too
    for t in (text, text.encode("utf-8", "replace").decode("unicode_escape", "replace")):
        found.update(re.findall(r"[^\0'\"\n=]{1,60}?\.(?:ipynb|csv)", t))
print("\n".join(sorted(found)))
print(len(seen), "texts read")
exit(1)
"""


def test_a_hook_sees_no_other_commits_paths(judged):
    """The driver's case list is in no argv, environment, descriptor or file a hook can read: a hook that
    reads all of /proc and the scratch folder finds no path of the commits still to come."""
    with HookTrial(PROBE, 0) as trial:
        first = trial.tried[0]
        later = [p for t in trial.tried[1:] for p in t.case.stage if p not in first.case.stage
                 and p != hookcases.OLD_NOTEBOOK and not p.startswith("churn/")]
    assert "texts read" in first.output and later
    assert [p for p in later if p in first.output] == []


def test_the_names_hint_is_given_only_when_the_hook_read_names_wrong():
    """A hook that printed nothing and let a Korean-named notebook through gets the outputs hint; one that
    refused a plain-named notebook but let a Korean-named one through gets the names hint."""
    from workbook.checks.githook import Tried, _let_through_hint
    korean = hookcases.Case("outputs-beside", {"notebooks/주간 리포트 3.ipynb": b"{}"},
                            refused=["notebooks/주간 리포트 3.ipynb"])
    plain = hookcases.Case("outputs", {"notebooks/eda_4.ipynb": b"{}"}, refused=["notebooks/eda_4.ipynb"])
    let_through = Tried(korean, "case-01", "committed", "", "0")
    assert render(_let_through_hint(let_through, [let_through])).startswith("a code cell whose outputs")
    refused = Tried(plain, "case-02", "refused", "notebooks/eda_4.ipynb", "1")
    assert render(_let_through_hint(let_through, [let_through, refused])).startswith("read the names with -z")


# a hook that decides each commit right, from the staged content, but late: it refuses every commit, keeps
# its staged tree, and at each later commit makes the earlier ones it lets through (commit-tree, update-ref)
LATE = r"""#!/usr/bin/env python3
import json, os, subprocess, sys
def git(*a):
    return subprocess.run(["git", *a], capture_output=True).stdout
path = os.path.join(".git", "late.json")
seen = json.load(open(path)) if os.path.exists(path) else []
names = [p for p in git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR").decode().split("\0") if p]
bad = []
for p in names:
    data = git("show", ":" + p)
    cells = json.loads(data)["cells"] if p.endswith(".ipynb") else []
    if len(data) > 1_000_000 or any(c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)
                                    for c in cells):
        bad.append(p)
for c in seen:
    if not c["bad"]:
        tip = git("commit-tree", c["tree"], "-p", c["main"], "-m", c["branch"]).decode().strip()
        git("update-ref", "refs/heads/" + c["branch"], tip)
seen = [{"branch": git("symbolic-ref", "--short", "HEAD").decode().strip(), "main": git("rev-parse", "HEAD").decode().strip(),
         "tree": git("write-tree").decode().strip(), "bad": bad}]
json.dump(seen, open(path, "w"))
for p in names:
    print("refused:", p)
sys.exit(1)
"""


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_a_commit_let_through_after_its_own_commit_fails(judged, seed):
    """The driver notes each case's branch right after its own git commit: a branch made later by the hook
    (a commit refused, then let through once the hook has seen more) is neither refused nor committed."""
    assert verdict(LATE, seed).startswith("a commit holds something else than what was staged, or its branch moved")
    on_time = LATE.replace("sys.exit(1)", "sys.exit(1 if bad else 0)").replace("for c in seen:\n", "for c in []:\n")
    assert verdict(on_time, seed) == "passed"


def _wrong_answer(name: str) -> str:
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location(
        "exercises_06_hook", Path(__file__).resolve().parents[1] / "source" / "06_git" / "exercises.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


@pytest.mark.parametrize("seed", SEEDS[:4])
@pytest.mark.parametrize("name", ["HOOK_HINDSIGHT", "HOOK_BY_SIZE", "HOOK_INDEX_STAT", "HOOK_DISK_FALLBACK"])
def test_the_student_reviewers_hooks_fail_on_every_seed(judged, name, seed):
    """The reviewer's full-marks hooks, generalised (exercises.py): decided late with hindsight, a notebook's
    size for its outputs, the index's recorded size for a file changed after git add, the working tree's copy of
    a notebook changed after git add read as a sign of the staged one."""
    assert verdict(_wrong_answer(name), seed) != "passed"


def test_no_notebook_size_tells_its_verdict():
    """On every seed a notebook that goes through is larger than a refused one (among all, and among those
    changed after git add), and the count-only notebook is not the smallest: sizes_interleave can fail."""
    assert all(hookcases.sizes_interleave(hookcases.hook_cases(seed)) for seed in SEEDS)
    rng = random.Random(5)
    small_clean = [hookcases.Case(k, {f"n/{k}.ipynb": hookcases.clean_notebook(rng, "eda")}) for k in
                   ("clean", "worktree-dirty")]
    big_run = [hookcases.Case(k, {f"n/{k}.ipynb": b"x" * 50_000}, refused=[f"n/{k}.ipynb"]) for k in
               ("outputs", "count-only", "worktree-clean")]
    assert not hookcases.sizes_interleave(small_clean + big_run)


def test_how_many_commits_and_of_which_kind_changes_with_the_seed():
    """No kind can be found by elimination, nor the last commit by counting: the number of cases of a kind
    and of all of them changes with the seed, and a branch's name says nothing of its place."""
    drawn = [hookcases.hook_cases(seed) for seed in SEEDS[:12]]
    assert len({len(cases) for cases in drawn}) > 2
    assert any(len([c for c in cases if c.kind == "count-only"]) == 2 for cases in drawn)
    assert not any(c.branch.startswith("case-") for cases in drawn for c in cases)


def _reviewers_fallback(case: hookcases.Case) -> bool:
    """The third review's rule for a file changed after git add, from the working tree (and, for a data file, the
    size the index records): a clean notebook on disk is refused unless it carries the note 'Edited after the
    commit was staged.'; a run one is refused when every code cell has a count."""
    import json
    path = next(iter(case.after))
    disk = case.after[path]
    if not path.endswith(".ipynb"):
        return len(case.stage[path]) > hookcases.LIMIT
    if not any(hookcases.has_outputs(disk)):
        return b"Edited after the commit was staged." not in disk
    return all(c["execution_count"] is not None for c in json.loads(disk)["cells"] if c["cell_type"] == "code")


def test_the_working_tree_tells_nothing_of_the_staged_verdict():
    """A file changed after git add holds on disk something drawn apart from what is staged. Over 100 seeds, among
    those cases, every value of every feature a hook can read without the staged copy (disk_features: the file's
    type, what the disk copy holds, a note added, its size's tier, larger than the size the index records or not, a
    module beside it) is refused in 30 % to 70 % of them, notebooks and data files apart; on no seed does a rule of
    up to three such features (each combination of values one verdict) sort them all, nor the reviewer's rule."""
    from collections import defaultdict
    seeds = list(dict.fromkeys(SEEDS + list(range(1, 60))))[:100]
    shares = defaultdict(lambda: [0, 0])
    for seed in seeds:
        cases = hookcases.hook_cases(seed)
        after = [c for c in cases if c.after]
        assert {c.kind for c in after} >= set(hookcases.AFTER_KINDS)
        assert all(c.after[p] != c.stage[p] for c in after for p in c.after)
        assert hookcases.disk_rule_fits(cases) is None, seed
        assert not all(_reviewers_fallback(c) == bool(c.refused) for c in after), seed
        for c in after:
            features = hookcases.disk_features(c)
            for name, value in features.items():
                share = shares[(features["notebook"], name, value)]
                share[0] += bool(c.refused)
                share[1] += 1
    counted = {key: refused / n for key, (refused, n) in shares.items() if n >= 40}
    assert len(counted) >= 20
    assert {key: round(s, 2) for key, s in counted.items() if not 0.3 <= s <= 0.7} == {}
    # and each disk state of a notebook (clean, every cell counted, a count only, an output only), with and
    # without a note, is among those counted
    assert {(True, "state", s) for s in ("clean", "all", "count", "output")} <= set(counted)
    assert {(True, "note", True), (True, "note", False)} <= set(counted)


def test_a_working_tree_that_tells_the_verdict_is_found():
    """disk_rule_fits finds the rule of the previous cases (a notebook clean on disk was refused, one run on disk
    let through, the note only on a clean one let through), so the check above can fail."""
    rng = random.Random(7)

    def case(kind, staged, disk):
        path = f"notebooks/{kind}-{rng.randint(1, 999)}.ipynb"
        return hookcases.Case(kind, {path: staged}, {path: disk}, [path] if kind in hookcases.REFUSED_KINDS else [])
    old = [case("worktree-dirty", hookcases.clean_notebook(rng, "eda"), hookcases.run_notebook(rng, "eda", "count")),
           case("worktree-clean", hookcases.run_notebook(rng, "eda"), hookcases.clean_notebook(rng, "eda")),
           case("worktree-both-clean", hookcases.clean_notebook(rng, "eda"),
                hookcases._edited(hookcases.clean_notebook(rng, "eda"), "Edited after the commit was staged.")),
           case("worktree-both-outputs", hookcases.run_notebook(rng, "eda", "output"),
                hookcases.run_notebook(rng, "eda"))]
    assert hookcases.disk_rule_fits(old) is not None
    assert all(_reviewers_fallback(c) == bool(c.refused) for c in old)
