"""06_git's team scenarios (Questions 20 to 23), on top of ``gitplan``'s
history: what a junior meets once colleagues share the repository.

* ``pushed-first``: your commits on main, not pushed; a colleague pushed other
  commits to origin's main meanwhile (written into the bare repository only:
  your repository has not fetched them, and its ``origin/main`` is stale).
* ``pushed-conflict``: the same, but one of your commits and one of the
  colleague's each add a line at the end of requirements-dev.txt (yours
  ``hypothesis``, theirs ``ruff``): ``git pull --rebase`` stops on a conflict
  there. Your other commits (none to two) and the colleague's other one (none
  or one) touch other files; their number and the conflicting commit's place
  among yours come from the seed.
* ``stash``: main checked out with work in progress (churn/features.py
  changed, a new CHANGELOG.md not added, sometimes a new test file too);
  release/1.0 has another churn/features.py and a CHANGELOG.md of its own, so
  that `git switch release/1.0` refuses until everything, the untracked file
  included, is stashed.
* ``squash``: feature/basket-size checked out, three or four commits on top
  of main's last commit (``Add the basket size feature``, then ``wip`` and
  ``fix typo`` commits, in an order drawn from the seed), not pushed.
* ``review``: feature/basket-size checked out, a review branch of three to
  six commits on main's last commit, each with its own files: zero to two
  before ``Add the basket size feature`` (which divides by zero on an empty
  list: the reviewer's comment), then the later ones. The fix of
  churn/features.py is in the working tree, not staged. Seed 0 (the visible
  repository) has one commit after the reviewed one, every other seed two
  or three: a fixup aimed at the visible position (``HEAD~1``) lands in
  another commit everywhere else.

``plan`` adds a scenario's commits and branches to the plan (seeded by the
scenario's ``rng``); ``write`` does what fast-import of the local history
cannot (the remote's own commits), after the repository is built.
"""
from __future__ import annotations

from pathlib import Path

from .churnfiles import BASKET, INIT, TEST_BASKET

SCENARIOS = ("pushed-first", "pushed-conflict", "stash", "squash", "review")

#: the lines each side of ``pushed-conflict`` adds at the end of requirements-dev.txt
CONFLICT_MINE = ("Add hypothesis to the dev requirements", "hypothesis\n")
CONFLICT_THEIRS = ("Add ruff to the dev requirements", "ruff\n")


def plan(scenario: str, plan, h, rng, tip: int, items: dict) -> None:
    """Add ``scenario``'s commits to ``plan`` (``gitplan.Plan``) on top of
    main's ``tip``; ``items`` are gitplan's common commits (message,
    changes or a function of the tree)."""
    from .gitplan import LEARNER, TEAM
    if scenario == "pushed-first":
        # yours: two or three commits on main, made after the last fetch; theirs: one or two commits a colleague
        # pushed to origin's main meanwhile (other files: the rebase replays yours without a conflict)
        mine = [items["buckets"], items["test_buckets"], items["link_card"]][:rng.randint(2, 3)]
        theirs = [items["py311"], ("Bump the version to 0.2.1", {"churn/__init__.py": INIT.format(version="0.2.1")}),
                  ("Document the weekly report", {"docs/report.md": "# Weekly report\n\nSent on Mondays.\n"})]
        rng.shuffle(theirs)
        colleague = rng.choice(TEAM)
        last = tip
        for msg, changes in mine:
            last = h.add(msg, changes(plan.commits[last].tree) if callable(changes) else changes, parent=last,
                         author=LEARNER)
        plan.branches["main"] = last
        start, up = len(plan.commits), tip
        for msg, changes in theirs[:rng.randint(1, 2)]:
            up = h.add(msg, changes, parent=up, author=colleague)
        # theirs exist on origin only (``write``), not in the local repository
        plan.notes["upstream"] = plan.commits[start:]
        del plan.commits[start:]
        plan.notes["base"] = tip
    elif scenario == "pushed-conflict":
        _pushed_conflict(plan, h, rng, tip, items)
    elif scenario == "squash":
        typo = BASKET.replace("The average amount", "The avrage amount")
        first_test = TEST_BASKET.replace("        self.assertEqual(average_basket_krw([]), 0)\n", "")
        features = plan.commits[tip].tree["churn/features.py"]
        later = [("wip", {"tests/test_basket.py": first_test}), ("fix typo", {"churn/features.py": features + BASKET})]
        rng.shuffle(later)
        if rng.random() < 0.6:
            later.append(("wip: the empty basket", {"tests/test_basket.py": TEST_BASKET}))
        last = tip
        for msg, changes in [("Add the basket size feature", {"churn/features.py": features + typo}), *later]:
            last = h.add(msg, changes, parent=last, author=LEARNER)
        plan.branches["feature/basket-size"] = last
        plan.head = "feature/basket-size"
    elif scenario == "review":
        _review(plan, h, rng, tip, plan.notes.get("seed", 0))
    elif scenario == "stash":
        release = h.add("Start release 1.0", {"churn/__init__.py": INIT.format(version="1.0.0"),
                                              "CHANGELOG.md": RELEASE_CHANGELOG}, parent=tip)
        plan.branches["release/1.0"] = release
        last = tip
        for msg, changes in [items["buckets"], items["test_buckets"], items["link_card"]][:rng.randint(2, 3)]:
            last = h.add(msg, changes(plan.commits[last].tree), parent=last) if callable(changes) else \
                h.add(msg, changes, parent=last)
        plan.branches["main"] = last
        plan.worktree = {"churn/features.py": plan.commits[last].tree["churn/features.py"] + BASKET,
                         "CHANGELOG.md": NEXT_CHANGELOG}
        if rng.random() < 0.5:
            plan.worktree["tests/test_basket.py"] = TEST_BASKET


def _pushed_conflict(plan, h, rng, tip: int, items: dict) -> None:
    """``pushed-conflict``: as ``pushed-first``, with one conflicting commit on each side."""
    from .gitplan import LEARNER, TEAM
    path = "requirements-dev.txt"
    base = plan.commits[tip].tree[path]
    mine = [items["buckets"], items["test_buckets"]][:rng.randint(0, 2)]
    mine.insert(rng.randint(0, len(mine)), (CONFLICT_MINE[0], {path: base + CONFLICT_MINE[1]}))
    theirs = [(CONFLICT_THEIRS[0], {path: base + CONFLICT_THEIRS[1]})]
    if rng.random() < 0.5:
        theirs.insert(rng.randint(0, 1), ("Document the weekly report", {"docs/report.md": "# Weekly report\n\n"
                                                                                       "Sent on Mondays.\n"}))
    colleague = rng.choice(TEAM)
    last = tip
    for msg, changes in mine:
        last = h.add(msg, changes(plan.commits[last].tree) if callable(changes) else changes, parent=last,
                     author=LEARNER)
    plan.branches["main"] = last
    start, up = len(plan.commits), tip
    for msg, changes in theirs:
        up = h.add(msg, changes, parent=up, author=colleague)
    plan.notes["upstream"] = plan.commits[start:]
    del plan.commits[start:]
    plan.notes["base"] = tip


#: the reviewed commit's function: average_basket_krw([]) raises ZeroDivisionError
BASKET_UNGUARDED = BASKET.replace(" (0 for a customer without orders)", "").replace(
    " if amounts_krw else 0", "")
REVIEWED = "Add the basket size feature"


def _review(plan, h, rng, tip: int, seed: int) -> None:
    from .gitplan import LEARNER
    features = plan.commits[tip].tree["churn/features.py"]
    before = [("Bump the version to 0.3.0", {"churn/__init__.py": INIT.format(version="0.3.0")}),
              ("Describe the features", {"docs/features.md": "# Features\n\nRecency, frequency, monetary value.\n"})]
    after = [("Test the basket size feature",
              {"tests/test_basket.py": TEST_BASKET.replace("        self.assertEqual(average_basket_krw([]), 0)\n", "")}),
             ("Document the basket size", {"docs/basket.md": "# Basket size\n\nThe average order, in won.\n"}),
             ("Add the basket size to the changelog", {"CHANGELOG.md": NEXT_CHANGELOG})]
    rng.shuffle(before)
    rng.shuffle(after)
    line = before[:rng.randint(0, 2)] + [(REVIEWED, {"churn/features.py": features + BASKET_UNGUARDED})]
    line += after[:1 if seed == 0 else rng.randint(2, 3)]
    last = tip
    for msg, changes in line:
        last = h.add(msg, changes, parent=last, author=LEARNER)
    plan.branches["feature/basket-size"] = last
    plan.head = "feature/basket-size"
    plan.worktree = {"churn/features.py": features + BASKET}


RELEASE_CHANGELOG = """\
# Changelog

## 1.0.0

* First release: recency, frequency and monetary features, the weekly report.
"""

NEXT_CHANGELOG = """\
# Changelog

## Unreleased

* The average basket, in won, as a feature.
"""


def write(scenario: str, plan, marks: dict[int, str], dest: Path, bare: Path) -> None:
    """After the local repository ``dest`` is built: the scenario's remote."""
    if scenario in ("pushed-first", "pushed-conflict"):
        _push_first(plan, marks, dest, bare)


def _push_first(plan, marks: dict[int, str], dest: Path, bare: Path) -> None:
    """origin (a bare repository) has main at the last commit you fetched
    (``base``), then the colleague's commits, written there only; the local
    origin/main (the last fetch) is at ``base``."""
    from .gitrepo import _data, _git, _ident, _quote, git_env
    env = git_env()
    base = marks[plan.notes["base"]]
    bare.parent.mkdir(parents=True, exist_ok=True)
    _git(bare.parent, "init", "-q", "--bare", "-b", "main", "--template=", bare.name, env=env)
    _git(dest, "remote", "add", "origin", str(bare), env=env)
    _git(dest, "push", "-q", "origin", f"{base}:refs/heads/main", "refs/tags/v0.1.0", "refs/tags/v0.2.0", env=env)
    _git(dest, "update-ref", "refs/remotes/origin/main", base, env=env)
    _git(dest, "branch", "-q", "--set-upstream-to=origin/main", "main", env=env)
    out: list[bytes] = []
    for i, c in enumerate(plan.notes["upstream"]):
        ident = _ident(c.author, c.when).encode()
        out += [b"commit refs/heads/main\n", b"mark :%d\n" % (i + 1), b"author " + ident + b"\n",
                b"committer " + ident + b"\n", _data(c.message.encode() + b"\n"),
                f"from {base}\n".encode() if i == 0 else b"from :%d\n" % i]
        for path, text in c.changes.items():
            out += [f"M 100644 inline {_quote(path)}\n".encode(), _data(text.encode())]
        out.append(b"\n")
    out.append(b"done\n")
    _git(bare, "fast-import", "--quiet", stdin=b"".join(out), env=env)
