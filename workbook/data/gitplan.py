"""06_git: the history of Daon Market's churn-model project as a plan, from a
seed: which commits, by whom, when, with which files, and what a scenario adds
on top of it (``SCENARIOS``). Plain data (``Plan``, ``Commit``); nothing
here runs git. ``gitrepo`` writes a plan into a repository.

``base_history(seed)`` is main up to v0.2.0: a small pure-Python project
(``churn/``: features, metrics, a training script, a weekly report;
``tests/``: unittest tests that pytest runs as well) with about twenty
commits by five team members, every commit passing its tests. The seed
changes the history (which small commits happen and where, who made each
one, the dates, the churn threshold) but never a file name, the training
script or the tests of the merge-conflict scenario. ``build_plan(seed,
scenario)`` adds what one exercise needs: branches, a working tree with
changes, a planted bug for ``git bisect``, a committed secret, a bare
repository standing for GitHub. Each scenario's planted cases exist for every
seed (the bug is always after the unrelated breakage in ``bisect``, the fix
to cherry-pick always has a decoy with a similar subject...), at positions
that change with the seed. The team scenarios (Questions 20 to 23) are
planned by ``gitteam``; the files' texts come from ``churnfiles``.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import gitteam
from .churnfiles import (BASKET, CONTRIBUTING, DATA_README, GITIGNORE, HOLIDAY, INIT, MODEL_CARD, NOTEBOOK, OLD_NOTES, PYPROJECT,
                         README, README_USAGE, RECENCY_BUCKET, RECENCY_BUG, RECENCY_OK, REQUIREMENTS_DEV,
                         TEST_BASKET, TEST_BUCKETS, TEST_EARLY_STOPPING, TEST_HOLIDAYS, TEST_L2, TEST_REPORT,
                         TEST_TRAIN, TRAIN_DEBUG, UPLOAD, config_py, features_py, metrics_py, report_py,
                         test_features_py, test_metrics_py, train_py)

TZ = dt.timezone(dt.timedelta(hours=9))

#: the learner, whose identity every scenario's repository has in its config
#: (except ``identity``, where setting it is the exercise)
LEARNER = ("Han Seoyeon", "seoyeon.han@daonmarket.kr")
TEAM = [("Kim Minji", "minji.kim@daonmarket.kr"), ("Park Jisoo", "jisoo.park@daonmarket.kr"),
        ("Choi Yuna", "yuna.choi@daonmarket.kr"), ("Jung Hoon", "hoon.jung@daonmarket.kr"),
        ("Lee Dohyun", "dohyun.lee@daonmarket.kr")]

SCENARIOS = {
    "history": "the history on main, then frequency() moved into churn/windows.py (queries: log -S, blame; "
               ".gitignore; CI)",
    "identity": "no user.name / user.email in the repository's config",
    "stage": "changes in the working tree, some to stage and some not",
    "commit": "a fix staged in the index, a debug print not staged",
    "merge": "feature/recency-buckets, two commits ahead of main, checked out",
    "conflict": "main and feature/early-stopping both changed churn/train.py",
    "rebase": "feature/holiday-features, branched before main's last commits, checked out",
    "cherry-pick": "release/1.0 checked out; the precision fix somewhere on main",
    "revert": "main, with the commit that shortened the horizon a few commits back",
    "bisect": "main fails tests/test_features.py (and tests/test_report.py); v0.2.0 passed",
    "secret": "the last commit added .env with a key next to churn/upload.py",
    "release": "a bare repository standing for GitHub as origin; MLflow recorded a commit",
    "pushed-first": "your commits on main, not pushed; a colleague pushed other commits to origin's main first",
    "pushed-conflict": "as pushed-first, but both sides added a line at the end of requirements-dev.txt: "
                       "git pull --rebase stops on a conflict",
    "stash": "work in progress on main (a new file among it) in the way of a switch to release/1.0",
    "squash": "feature/basket-size checked out: Add the basket size feature, then wip and fix typo commits",
    "review": "feature/basket-size checked out, a reviewer's comment on Add the basket size feature; its fix in the "
              "working tree",
    "ci-broken": "the history with a failing test on main",
    "clean": "main checked out, nothing changed",
    "unstaged": "a tracked file changed, not staged",
    "staged": "a change staged, the working tree otherwise clean",
    "untracked": "only an untracked file (a notebook)",
    "detached": "HEAD detached at v0.1.0",
    "branch": "feature/recency-buckets checked out, clean",
    "hooks": "main checked out, clean; its last commit added notebooks/eda.ipynb with its outputs (before the "
             "team's pre-commit rule)",
    "empty": "a new repository without any commit yet (git init; the project's files untracked)",
}


# ------------------------------------------------------------------ history
@dataclass
class Commit:
    message: str
    author: tuple[str, str]
    when: dt.datetime
    changes: dict[str, str | None] = field(default_factory=dict)   # path -> new text, None: deleted
    renames: list[tuple[str, str]] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)              # indexes into Plan.commits
    mark: int = 0
    tree: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    commits: list[Commit] = field(default_factory=list)
    branches: dict[str, int] = field(default_factory=dict)        # name -> commit index
    tags: list[tuple[str, int, str | None, tuple[str, str] | None, dt.datetime | None]] = field(default_factory=list)
    head: str = "main"                                           # a branch name, or "detached:<tag>"
    identity: bool = True
    worktree: dict[str, str | None] = field(default_factory=dict)  # applied after checkout
    stage: list[str] = field(default_factory=list)                 # paths to `git add` (deletions too)
    remote: list[str] = field(default_factory=list)                # refs pushed to the bare remote
    notes: dict[str, object] = field(default_factory=dict)         # what a check may want to know


class _History:
    """Commits on a line, with trees tracked here (for planning)."""

    def __init__(self, plan: Plan, rng: random.Random, start: dt.datetime):
        self.plan, self.rng, self.t = plan, rng, start

    def tick(self) -> dt.datetime:
        self.t += dt.timedelta(hours=self.rng.randint(2, 30), minutes=self.rng.randint(0, 59),
                               seconds=self.rng.randint(0, 59))
        return self.t

    def add(self, message: str, changes: dict, *, parent: int | None, author=None, renames=(),
            merge: int | None = None) -> int:
        tree = dict(self.plan.commits[parent].tree) if parent is not None else {}
        for old, new in renames:
            tree[new] = tree.pop(old)
        for path, text in changes.items():
            if text is None:
                tree.pop(path, None)
            else:
                tree[path] = text
        parents = [] if parent is None else [parent]
        if merge is not None:
            parents.append(merge)
        c = Commit(message, author or self.rng.choice(TEAM), self.tick(), dict(changes), list(renames), parents,
                   tree=tree)
        self.plan.commits.append(c)
        return len(self.plan.commits) - 1


def _threshold(rng: random.Random) -> str:
    return rng.choice(["0.3", "0.35", "0.4", "0.45"])


def base_history(seed: int) -> tuple[Plan, _History, dict]:
    """main up to v0.2.0: every commit passes its tests."""
    rng = random.Random(f"daon-churn-{seed}")
    plan = Plan()
    start = dt.datetime(2026, 1, 5, 9, 30, tzinfo=TZ) + dt.timedelta(days=rng.randint(0, 20),
                                                                      minutes=rng.randint(0, 300))
    h = _History(plan, rng, start)
    st = {"threshold": "0.5", "formatted": False, "min_orders_cfg": None, "feat": dict(min_orders=False,
          hints=False, doc=False), "feat_path": "churn/feats.py", "test_feat": dict(module="churn.feats",
          min_orders=False, boundary=False), "report_min": False, "readme": README}
    new_threshold = _threshold(rng)
    people = rng.sample(TEAM, 5)
    last = None

    def put(msg, changes, author=None, renames=()):
        nonlocal last
        last = h.add(msg, changes, parent=last, author=author, renames=renames)
        return last

    def feat():
        return features_py(**st["feat"])

    def tfeat():
        return test_features_py(**st["test_feat"])

    def cfg():
        # other seeds (hidden tests): a line above THRESHOLD's own mentions it, so only an anchored
        # pattern (/^THRESHOLD/) finds the setting's line; seed 0 keeps the notebook's examples
        return config_py(threshold=st["threshold"], formatted=st["formatted"], min_orders=st["min_orders_cfg"],
                         names_in_doc=seed != 0)

    put("Add project skeleton", {"README.md": README, "pyproject.toml": PYPROJECT.format(python="3.10"),
                                 ".gitignore": GITIGNORE, "churn/__init__.py": INIT.format(version="0.1.0")},
        author=people[0])
    put("Add recency, frequency and monetary features", {"churn/feats.py": feat()}, author=people[0])
    put("Add tests for the features", {"tests/__init__.py": "", "tests/test_features.py": tfeat()})
    put("Add precision, recall and F1", {"churn/metrics.py": metrics_py(), "tests/test_metrics.py": test_metrics_py()})
    put("Add the churn threshold and horizon", {"churn/config.py": cfg()}, author=people[1])

    # optional small commits, each at a random place among the later ones
    fillers = [
        ("Write down the kick-off notes", {"docs/old_notes.md": OLD_NOTES}),
        ("Add a contributing guide", {"CONTRIBUTING.md": CONTRIBUTING}),
        ("Describe the data folder", {"data/README.md": DATA_README}),
        ("Draft the model card", {"docs/model_card.md": MODEL_CARD}),
        ("Add a usage section to the README", "readme"),
        ("Explain the frequency window in its docstring", "doc"),
        ("Add type hints to the feature functions", "hints"),
        ("Test the frequency window boundary", "boundary"),
        ("Add requirements-dev.txt for CI", {"requirements-dev.txt": REQUIREMENTS_DEV}),
        ("Mention the minimum number of orders in the README", "readme-min"),
    ]
    always = {"Write down the kick-off notes", "Describe the data folder", "Draft the model card",
              "Add requirements-dev.txt for CI"}
    chosen = [f for f in fillers if f[0] in always or rng.random() < 0.6]
    rng.shuffle(chosen)

    def filler(item):
        msg, what = item
        if isinstance(what, dict):
            return put(msg, what)
        if what == "readme":
            st["readme"] += README_USAGE
            return put(msg, {"README.md": st["readme"]})
        if what == "readme-min":
            st["readme"] += "\nCustomers with fewer than `MIN_ORDERS` orders (churn/config.py) are not scored.\n"
            return put(msg, {"README.md": st["readme"]})
        if what == "boundary":
            st["test_feat"]["boundary"] = True
            return put(msg, {"tests/test_features.py": tfeat()})
        st["feat"][what] = True
        return put(msg, {st["feat_path"]: feat()})

    def rename():
        st["feat_path"] = "churn/features.py"
        st["test_feat"]["module"] = "churn.features"
        return put("Rename feats.py to features.py", {"tests/test_features.py": tfeat()},
                   renames=[("churn/feats.py", "churn/features.py")])

    def train_step():
        return put("Add the training script", {"churn/train.py": train_py(), "tests/test_train.py": TEST_TRAIN})

    def report_step():
        return put("Add the weekly churn report", {"churn/report.py": report_py(), "tests/test_report.py": TEST_REPORT})

    def min_orders():
        st["feat"]["min_orders"] = True
        st["test_feat"]["min_orders"] = True
        st["min_orders_cfg"] = "end"
        return put("Require a minimum number of orders",
                   {"churn/config.py": cfg(), st["feat_path"]: feat(), "tests/test_features.py": tfeat()})

    def lower_threshold():
        st["threshold"] = new_threshold
        return put(f"Lower the churn threshold to {new_threshold}", {"churn/config.py": cfg()}, author=people[2])

    def fmt():
        st["formatted"] = True
        return put("Format the config module", {"churn/config.py": cfg()}, author=people[3])

    def move_min_orders():
        st["min_orders_cfg"] = "top"
        return put("Move MIN_ORDERS next to the threshold", {"churn/config.py": cfg()})

    def report_min():
        return put("Show MIN_ORDERS in the weekly report", {"churn/report.py": report_py(min_orders=True)})

    def report_min_drop():
        return put("Drop the minimum-orders note from the report", {"churn/report.py": report_py()})

    def why_min_orders():
        text = plan.commits[last].tree["docs/model_card.md"] + "* **Scope**: customers with two orders or more.\n"
        return put("Explain MIN_ORDERS in the model card", {"docs/model_card.md": text})

    steps = [rename, train_step, report_step, "tag:v0.1.0", min_orders, lower_threshold, fmt, move_min_orders,
             report_min, report_min_drop]
    # fillers may land anywhere after the rename (docstring edits need churn/features.py)
    slots: dict[int, list] = {}
    for item in chosen:   # the README's MIN_ORDERS line comes after MIN_ORDERS exists
        first = steps.index(min_orders) + 1 if item[1] == "readme-min" else 1
        slots.setdefault(rng.randint(first, len(steps)), []).append(item)
    model_card_done = False
    for i, step in enumerate(steps):
        if step == "tag:v0.1.0":
            plan.tags.append(("v0.1.0", last, "First working churn pipeline", people[0], h.tick()))
        else:
            step()
        for item in slots.get(i + 1, []):
            filler(item)
            model_card_done |= item[0] == "Draft the model card"
    if model_card_done or "docs/model_card.md" in plan.commits[last].tree:
        why_min_orders()
    plan.tags.append(("v0.2.0", last, "Weekly report and minimum orders", people[4], h.tick()))
    plan.branches["main"] = last
    st["new_threshold"] = new_threshold
    st["people"] = people
    return plan, h, st


def build_plan(seed: int, scenario: str) -> Plan:
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}: one of {', '.join(SCENARIOS)}")
    plan, h, st = base_history(seed)
    rng = random.Random(f"daon-churn-{seed}-{scenario}")
    h.rng = rng
    tip = plan.branches["main"]
    tree = plan.commits[tip].tree
    plan.notes["threshold_commit_author"] = st["people"][2]

    def chain(start: int, items) -> int:
        """Commits on top of ``start``; each item is (message, changes or a
        function of the current tree giving the changes)."""
        last = start
        for msg, changes in items:
            if callable(changes):
                changes = changes(plan.commits[last].tree)
            last = h.add(msg, changes, parent=last)
        return last

    def append(path: str, text: str):
        return lambda t: {path: t.get(path, "") + text}

    link_card = ("Link the model card from the README", append("README.md", "\nSee docs/model_card.md.\n"))
    buckets = ("Add recency buckets for the CRM team", append("churn/features.py", RECENCY_BUCKET))
    test_buckets = ("Test the recency bucket bounds", {"tests/test_buckets.py": TEST_BUCKETS})
    py311 = ("Require Python 3.11", {"pyproject.toml": PYPROJECT.format(python="3.11")})
    slack = ("Mention Slack in the contributing guide",
             append("CONTRIBUTING.md", "\nAsk in #ml-churn on Slack.\n"))
    debug = tree["churn/train.py"].replace("    n = len(rows)\n", TRAIN_DEBUG + "    n = len(rows)\n")

    if scenario == "history":
        # a refactoring moves frequency() into a module of its own: `git blame` without -C credits the
        # move with every line of it; with -C, the commit that wrote each line (Question 13)
        plan.branches["main"] = h.add("Move frequency into churn/windows.py", _move_frequency(tree), parent=tip)
        plan.notes["moved"] = plan.branches["main"]
    elif scenario == "identity":
        plan.identity = False
    elif scenario == "stage":
        plan.worktree = {"churn/features.py": tree["churn/features.py"] + BASKET,
                         "tests/test_basket.py": TEST_BASKET,
                         "docs/old_notes.md": None,
                         "churn/train.py": debug,
                         "notebooks/scratch.ipynb": NOTEBOOK}
    elif scenario == "commit":
        plan.worktree = {"churn/metrics.py": metrics_py(recall_fix=True),
                         "tests/test_metrics.py": test_metrics_py(recall_zero=True)}
        plan.stage = ["churn/metrics.py", "tests/test_metrics.py"]
        plan.notes["unstaged"] = {"churn/train.py": debug}
    elif scenario in ("merge", "branch"):
        plan.branches["feature/recency-buckets"] = chain(tip, [buckets, test_buckets])
        plan.head = "feature/recency-buckets"
    elif scenario == "conflict":
        feat = h.add("Stop training early when the loss stops improving",
                     {"churn/train.py": train_py(patience=True), "tests/test_early_stopping.py": TEST_EARLY_STOPPING},
                     parent=tip)
        main = h.add("Add L2 regularisation to training",
                     {"churn/train.py": train_py(l2=True), "tests/test_l2.py": TEST_L2}, parent=tip)
        plan.branches["feature/early-stopping"] = feat
        plan.branches["main"] = main
    elif scenario == "rebase":
        extras = [link_card, ("Bump the version to 0.2.1", {"churn/__init__.py": INIT.format(version="0.2.1")}),
                  py311]
        rng.shuffle(extras)
        main = chain(tip, extras[:rng.randint(2, 3)])
        feat = chain(tip, [("Count orders in the holiday months", append("churn/features.py", HOLIDAY)),
                           ("Test the holiday feature", {"tests/test_holidays.py": TEST_HOLIDAYS})])
        plan.branches["main"] = main
        plan.branches["feature/holiday-features"] = feat
        plan.head = "feature/holiday-features"
    elif scenario == "cherry-pick":
        release = h.add("Start release 1.0", {"churn/__init__.py": INIT.format(version="1.0.0")}, parent=tip)
        plan.branches["release/1.0"] = release
        fix = ("Fix division by zero in precision", {"churn/metrics.py": metrics_py(precision_fix=True),
                                                     "tests/test_metrics.py": test_metrics_py(precision_zero=True)})
        items = [("Explain the precision metric in the model card",
                  append("docs/model_card.md", "* **Precision**: the share of flagged customers who churn.\n")),
                 ("Add a usage example to the README", append("README.md", "\nExample: `python -m churn.train`.\n")),
                 ("Bump the version to 0.3.0.dev0", {"churn/__init__.py": INIT.format(version="0.3.0.dev0")})]
        rng.shuffle(items)
        items.insert(rng.randint(0, 2), fix)
        # a later commit whose message quotes the fix's subject (not as its own line): only a search for the
        # exact subject finds the fix alone (a draw of its own, so that the fix keeps its id)
        # (one body line starts with the subject, another ends with it: only ^...$ finds the fix alone)
        quote = ("Note the precision fix in the changelog\n\nFix division by zero in precision: precision() now "
                 "returns 0.0 when\nnothing is predicted positive (#12). Listed as: Fix division by zero in "
                 "precision", {"CHANGELOG.md": CHANGELOG_FIX})
        place = random.Random(f"daon-churn-{seed}-quote")
        items.insert(place.randint(items.index(fix) + 1, len(items)), quote)
        items.append(("Test precision on a perfect prediction", append("tests/test_metrics.py", PERFECT_PRECISION)))
        last = tip
        for item in items:
            last = chain(last, [item])
            if item is fix:
                plan.notes["fix"] = last
        plan.branches["main"] = last
        plan.head = "release/1.0"
    elif scenario == "revert":
        before, after = rng.randint(1, 3), rng.randint(2, 4)
        pool = [link_card, ("Bump the version to 0.2.1", {"churn/__init__.py": INIT.format(version="0.2.1")}),
                buckets, test_buckets, py311, slack]
        last = chain(tip, pool[:before])
        bad = chain(last, [("Shorten the churn horizon to 30 days",
                            lambda t: {"churn/config.py": t["churn/config.py"].replace("HORIZON_DAYS = 60",
                                                                                      "HORIZON_DAYS = 30")})])
        later = pool[before:before + after]
        # a later commit whose message mentions the bad commit's subject inside a sentence
        quote = ("Say in the model card where the horizon is set\n\nAfter Shorten the churn horizon to 30 days, "
                 "readers asked which\nhorizon a score used: the model card now names HORIZON_DAYS.\n\n"
                 "Shorten the churn horizon to 30 days (see above) is kept.\nFollows: Shorten the churn horizon "
                 "to 30 days",
                 append("docs/model_card.md", "* **Horizon**: `HORIZON_DAYS` in churn/config.py.\n"))
        later.insert(random.Random(f"daon-churn-{seed}-quote").randint(0, len(later)), quote)
        plan.branches["main"] = chain(bad, later)
        plan.notes["bad"] = bad
    elif scenario == "bisect":
        _bisect_line(plan, h, rng, tip, append, [link_card, buckets, test_buckets, py311, slack])
    elif scenario == "ci-broken":
        plan.branches["main"] = chain(tip, [link_card, ("Compute recency from day ordinals", lambda t: {
            "churn/features.py": t["churn/features.py"].replace(RECENCY_OK, RECENCY_BUG)}), py311])
    elif scenario == "secret":
        key = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(16))
        secret = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+")
                         for _ in range(40))
        env = f"DAON_S3_KEY_ID=AKIA{key}\nDAON_S3_SECRET={secret}\n"
        last = h.add("Upload the trained model to S3", {"churn/upload.py": UPLOAD, ".env": env}, parent=tip,
                     author=LEARNER)
        plan.branches["main"] = last
        plan.notes["env"] = env
    elif scenario == "release":
        extra = [link_card, ("Bump the version to 1.0.0", {"churn/__init__.py": INIT.format(version="1.0.0")}),
                 ("Add the upload settings", {"churn/upload.py": UPLOAD})]
        last = chain(tip, extra[:rng.randint(2, 3)])
        plan.branches["main"] = last
        line = _first_parent_line(plan, last)
        plan.notes["trained"] = rng.choice(line[len(line) // 2:-1])
        plan.notes["exp_tag"] = rng.choice(line[1:len(line) // 2])
        plan.remote = ["refs/heads/main", "refs/tags/v0.1.0", "refs/tags/v0.2.0"]
    elif scenario in gitteam.SCENARIOS:
        plan.notes["seed"] = seed
        gitteam.plan(scenario, plan, h, rng, tip, {"buckets": buckets, "test_buckets": test_buckets,
                                                  "link_card": link_card, "py311": py311})
    elif scenario == "unstaged":
        plan.worktree = {"churn/report.py": tree["churn/report.py"].replace("Customers scored", "Customers scored this week")}
    elif scenario == "staged":
        plan.worktree = {"docs/report.md": "# Weekly report\n\nSent on Mondays.\n"}
        plan.stage = ["docs/report.md"]
    elif scenario == "untracked":
        plan.worktree = {"notebooks/eda.ipynb": NOTEBOOK}
    elif scenario == "detached":
        plan.head = "detached:v0.1.0"
    elif scenario == "hooks":
        from .hookcases import OLD_NOTEBOOK, old_notebook
        plan.branches["main"] = h.add("Add the exploration notebook", {OLD_NOTEBOOK: old_notebook(seed)}, parent=tip)
    return plan


CHANGELOG_FIX = """\
# Changelog

## Unreleased

* precision() returns 0.0 when nothing is predicted positive (#12)
"""

PERFECT_PRECISION = """
    def test_precision_of_a_perfect_prediction(self):
        self.assertEqual(precision([1, 0, 1], [1, 0, 1]), 1.0)
"""


def _bisect_line(plan: Plan, h: _History, rng: random.Random, tip: int, append, common) -> None:
    """main after v0.2.0 for `git bisect`: 14 to 20 commits; the weekly
    report's test breaks first (and stays broken), the recency bug comes
    later, both at positions drawn from the seed."""
    link_card, buckets, test_buckets, py311, slack = common
    small = [link_card, ("Bump the version to 0.2.1", {"churn/__init__.py": INIT.format(version="0.2.1")}), py311,
             slack, ("Test precision without positive predictions",
                     {"churn/metrics.py": metrics_py(precision_fix=True),
                      "tests/test_metrics.py": test_metrics_py(precision_zero=True)}),
             ("Add L2 regularisation to training", {"churn/train.py": train_py(l2=True), "tests/test_l2.py": TEST_L2}),
             ("Document the weekly report", {"docs/report.md": "# Weekly report\n\nSent on Mondays.\n"}),
             ("Add the upload settings", {"churn/upload.py": UPLOAD}),
             ("Describe the data sources", append("data/README.md", "\nSource: the shop's order database.\n")),
             ("Note the release process",
              {"docs/releasing.md": "# Releasing\n\nTag main as vX.Y.Z and push the tag.\n"}),
             ("Explain recency in the model card",
              append("docs/model_card.md", "* **Recency**: days since the last order.\n")),
             ("Bump the version to 0.3.0", {"churn/__init__.py": INIT.format(version="0.3.0")}),
             ("Mention the CRM team in the README", append("README.md", "\nOwner: the CRM data team.\n")),
             ("Describe the CI setup", {"docs/ci.md": "# CI\n\nPython 3.11, pytest.\n"}),
             ("Add a style guide", {"docs/style.md": "# Style\n\nBlack, 120 columns.\n"}),
             ("Add the data schema", {"data/schema.md": "# Schema\n\norders: id, customer, date.\n"}),
             ("Add a changelog", {"CHANGELOG.md": "# Changelog\n\n## 0.3.0\n\n* buckets\n"})]
    rng.shuffle(small)
    # the features edits (before or after the bug: they keep recency as it is)
    holiday = ("Add holiday orders to the features", lambda t: {
        "churn/features.py": t["churn/features.py"] + HOLIDAY, "tests/test_holidays.py": TEST_HOLIDAYS})
    for item in (buckets, holiday):
        small.insert(rng.randint(0, len(small)), item)
    small.insert(small.index(buckets) + 1 + rng.randint(0, 2), test_buckets)
    n = rng.randint(12, 16)
    report_at = rng.randint(1, n // 2 - 1)
    bug_at = rng.randint(report_at + 2, n - 2)
    last, k = tip, 0
    for pos in range(n):
        t = plan.commits[last].tree
        if pos == report_at:
            last = h.add("Show the churn rate with one decimal",
                         {"churn/report.py": t["churn/report.py"].replace("{rate:.2%}", "{rate:.1%}")}, parent=last)
            plan.notes["report_bad"] = last
            continue
        if pos == bug_at:
            last = h.add("Compute recency from day ordinals",
                         {"churn/features.py": t["churn/features.py"].replace(RECENCY_OK, RECENCY_BUG)}, parent=last)
            plan.notes["bug"] = last
            continue
        msg, changes = small[k]
        k += 1
        if callable(changes):
            changes = changes(t)
        last = h.add(msg, dict(changes), parent=last)
    plan.branches["main"] = last


WINDOWS_HEAD = '''\
"""Time windows over a customer's orders."""
from datetime import date


'''


def _move_frequency(tree: dict[str, str]) -> dict[str, str]:
    """churn/features.py without frequency(), which it imports from the new
    churn/windows.py instead (the function's lines unchanged)."""
    text = tree["churn/features.py"]
    start, end = text.index("def frequency("), text.index("\n\n\ndef monetary(")
    head_end = text.index("from datetime import date\n") + len("from datetime import date\n")
    rest = text[head_end:start] + text[end + 3:]
    return {"churn/windows.py": WINDOWS_HEAD + text[start:end + 1],
            "churn/features.py": text[:head_end] + "\nfrom churn.windows import frequency\n" + rest}


def _first_parent_line(plan: Plan, tip: int) -> list[int]:
    out, c = [], tip
    while True:
        out.append(c)
        if not plan.commits[c].parents:
            return out[::-1]
        c = plan.commits[c].parents[0]
