"""The commits a pre-commit hook is tried on (06_git, Question 26), from a seed.

The scenario ``hooks`` (``gitplan``) is the team's repository with one notebook,
``notebooks/eda.ipynb``, committed with its outputs before the team's rule. Each
``Case`` is one ``git commit`` from main's last commit: the files staged for it
(``stage``: path -> content; None: ``git rm``), then what the working tree holds
after the ``git add`` (``after``: the notebook run again, a data file replaced by a
bigger one), and the paths the question says the hook must refuse (``refused``).
``workbook.checks.githook`` runs them; the test's reference decides again, from
the staged content alone, which paths are refused.

Every seed plants every kind of case (``KINDS``) once or twice (``worktree-both-clean``
three to six times, see ``_kind_counts``), so that neither a
kind nor the last commit can be found by counting (``missing`` says what a seed
lacks; tests/test_06_git_hook.py runs it on 41 seeds): notebooks are saved as
Jupyter saves them (nbformat 4, one key per line, indent 1, keys sorted), with
notes and helper cells of random number and length, so that a notebook's size
says nothing about its outputs (``sizes_interleave``: a notebook that goes
through is larger than a refused one on every seed, among all and among those
changed after ``git add``). A data file's size is exactly ``LIMIT`` bytes or
``LIMIT`` + 1, or well away from it. Every path is drawn the same way whatever
the case's verdict (``_path``: a folder of the file's type, Korean or not, any
separator; a new module beside at random), with names holding spaces and Korean
for both verdicts, and each case's branch has a random name. The working tree
changes after ``git add`` both ways for both verdicts, and what it holds then is
drawn apart from what is staged (``changed``: clean or run in any way, a note
added or not, larger or smaller than the staged copy, the same for both
verdicts; a data file small or big on disk whatever its staged size): nothing
a hook reads from the working tree tells the staged verdict (``disk_features``;
no rule of up to three of them sorts a seed's cases, ``disk_rule_fits``), so a
hook that never reads the staged copy fails. The paths, the counts and
the order change with the seed, so that no hidden seed refuses the visible
seed's paths, nor in the visible seed's order of refusals.
"""
from __future__ import annotations

import functools
import itertools
import json
import random
from dataclasses import dataclass, field

LIMIT = 1_000_000   # bytes: a staged file larger than this is refused (exactly LIMIT goes through)
OLD_NOTEBOOK = "notebooks/eda.ipynb"   # committed with its outputs before the rule (scenario hooks)

KINDS = {
    "clean": "a clean notebook (markdown cells, code cells without outputs or counts): goes through",
    "outputs": "a notebook with outputs and execution counts: refused",
    "count-only": "a notebook whose code cells have no outputs, one an execution count: refused",
    "outputs-only": "a notebook with an output but no execution count: refused",
    "outputs-beside": "a notebook with outputs beside a new module: refused",
    "worktree-dirty": "a clean notebook staged, then run again in the working tree (fully, a count only or an "
                      "output only; edited or not): goes through",
    "worktree-clean": "a notebook with outputs staged, then stripped in the working tree only (edited or not): "
                      "refused",
    "worktree-count-only": "a notebook with an execution count only staged, then stripped in the working tree "
                           "(edited or not): refused",
    "worktree-outputs-only": "a notebook with an output only staged, then stripped in the working tree (edited or "
                             "not): refused",
    "at-limit": "a data file of exactly LIMIT bytes: goes through",
    "over-limit": "a data file of LIMIT + 1 bytes: refused",
    "big-unstaged": "a small data file staged, then replaced by a big one in the working tree: goes through",
    "big-staged": "a data file over LIMIT staged, then cut small in the working tree: refused",
    "deleted": "the old notebook with outputs removed with git rm: goes through",
    "worktree-both-clean": "a clean notebook staged, then another clean one in the working tree (a note added or "
                           "not): goes through",
    "worktree-both-outputs": "a notebook with outputs or a count staged, then run again in the working tree (fully, "
                             "a count only or an output only; edited or not): refused",
    "small-both": "a small data file staged, then replaced by another small one in the working tree: goes through",
    "big-both": "a data file over LIMIT staged, then replaced by a bigger one in the working tree: refused",
    "renamed": "the old notebook with outputs renamed with git mv: the commit adds it under its new path, refused",
}
REFUSED_KINDS = ("outputs", "count-only", "outputs-only", "outputs-beside", "worktree-clean", "worktree-count-only",
                 "worktree-outputs-only", "worktree-both-outputs", "over-limit", "big-staged", "big-both", "renamed")
NOTEBOOK_KINDS = ("clean", "outputs", "count-only", "outputs-only", "outputs-beside", "worktree-dirty",
                  "worktree-clean", "worktree-count-only", "worktree-outputs-only", "worktree-both-clean",
                  "worktree-both-outputs")
AFTER_KINDS = ("worktree-dirty", "worktree-clean", "worktree-count-only", "worktree-outputs-only",
               "worktree-both-clean", "worktree-both-outputs")

WORDS = ["churn", "retention", "cohort", "basket", "features", "eda", "baseline", "threshold", "calibration"]
KOREAN = ["고객 이탈 분석", "주간 리포트", "코호트 탐색", "장바구니 실험", "임계값 조정", "특성 점검"]
# every path of every case is drawn the same way, whatever the case's verdict: only its type (notebook or data
# file) shows in it, and the files of both verdicts have names of every shape (Korean or not, every separator)
NOTEBOOK_FOLDERS = ["notebooks", "analysis", "reports"]
DATA_FOLDERS = ["data", "data/raw", "exports"]
SEPARATORS = [" ", "_", "-", " v"]


@dataclass
class Case:
    kind: str
    stage: dict[str, bytes | None]                       # staged: path -> content (None: git rm)
    after: dict[str, bytes | None] = field(default_factory=dict)   # the working tree after git add
    refused: list[str] = field(default_factory=list)     # the paths the question refuses
    branch: str = ""                                     # its branch, a random name (set by hook_cases)


# ------------------------------------------------------------------ notebooks
def notebook(cells: list[dict]) -> bytes:
    """A notebook as Jupyter saves it (nbformat's writes: indent 1, keys sorted, a newline at the end)."""
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                      "name": "python3"},
                                       "language_info": {"name": "python", "version": "3.11.9"}},
          "nbformat": 4, "nbformat_minor": 5}
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def markdown(text: str, n: int) -> dict:
    return {"cell_type": "markdown", "id": f"md{n:04d}", "metadata": {}, "source": _lines(text)}


def code(text: str, n: int, count: int | None = None, outputs: list | None = None) -> dict:
    return {"cell_type": "code", "execution_count": count, "id": f"c{n:04d}", "metadata": {},
            "outputs": outputs or [], "source": _lines(text)}


def stream(text: str) -> dict:
    return {"name": "stdout", "output_type": "stream", "text": _lines(text)}


def result(text: str, count: int) -> dict:
    return {"data": {"text/plain": _lines(text)}, "execution_count": count, "metadata": {},
            "output_type": "execute_result"}


def figure(rng: random.Random) -> dict:
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg" + "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24)) + "=="
    return {"data": {"image/png": png, "text/plain": ["<Figure size 640x480 with 1 Axes>"]}, "metadata": {},
            "output_type": "display_data"}


FILLER = ("The weekly orders dip around holidays; check the calendar before reading a drop as churn. "
          "Customers with one order only are kept apart. Recall matters more than precision here: a missed "
          "churner costs more than a coupon. ")


def _cells(rng: random.Random, word: str) -> list[tuple[str, str]]:
    """(kind, source) of a small exploration notebook about ``word``, with notes and helper cells of random
    number and length: a notebook's size says nothing about its outputs (a clean one is often larger than a
    run one)."""
    rows = rng.randint(9_000, 60_000)
    cells = [("markdown", f"# {word.capitalize()}: a first look\n\nOrders of the last {rng.randint(3, 12)} months."),
             ("code", "import pandas as pd\n\norders = pd.read_csv(\"data/orders.csv\", parse_dates=[\"ordered_at\"])"),
             ("code", f"print(len(orders), \"orders\")  # about {rows:,}"),
             ("markdown", "## Orders per week"),
             ("code", "orders.set_index(\"ordered_at\").resample(\"W\").size().plot()")]
    for _ in range(rng.randint(0, 4)):
        at = rng.randint(1, len(cells))
        if rng.random() < 0.5:
            note = (FILLER * 12)[rng.randint(0, 200):][:rng.randint(20, 900)]
            cells.insert(at, ("markdown", f"Note: {note}"))
        else:
            lines = [f"# {(FILLER * 4)[k * 37:k * 37 + rng.randint(10, 70)]}" for k in range(rng.randint(1, 12))]
            cells.insert(at, ("code", "\n".join(lines + [f"window_{rng.randint(2, 99)} = {rng.randint(7, 90)}"])))
    return cells


def clean_notebook(rng: random.Random, word: str) -> bytes:
    cells = []
    for n, (kind, source) in enumerate(_cells(rng, word)):
        cells.append(markdown(source, n) if kind == "markdown" else code(source, n))
    return notebook(cells)


def run_notebook(rng: random.Random, word: str, how: str = "all") -> bytes:
    """The notebook after a run: ``all`` (counts and outputs), ``count`` (one count, no outputs: a cell
    that printed nothing), ``output`` (a figure shown, no count: a widget's or a tool's output)."""
    out, count = [], 0
    cells = _cells(rng, word)
    marked = rng.choice([n for n, (kind, _) in enumerate(cells) if kind == "code"])
    for n, (kind, source) in enumerate(cells):
        if kind == "markdown":
            out.append(markdown(source, n))
            continue
        if how == "all":
            count += 1
            outs = [stream(f"{rng.randint(9_000, 60_000)} orders\n")] if "print" in source else \
                [figure(rng)] if "plot" in source else []
            if "plot" in source:
                outs.insert(0, result("<Axes: xlabel='ordered_at'>", count))
            out.append(code(source, n, count, outs))
        elif how == "count":
            out.append(code(source, n, rng.randint(1, 40) if n == marked else None))
        else:
            out.append(code(source, n, None, [figure(rng)] if n == marked else []))
    return notebook(out)


def old_notebook(seed: int) -> str:
    """``notebooks/eda.ipynb`` as the team committed it, outputs and all (scenario hooks)."""
    return run_notebook(random.Random(f"hooks-old-{seed}"), "eda").decode()


# ------------------------------------------------------------------ data files
def data_file(rng: random.Random, size: int) -> bytes:
    """A CSV of exactly ``size`` bytes."""
    head = b"customer_id,orders,days_since_last,churned\n"
    rows = b"".join(b"%d,%d,%d,%d\n" % (rng.randint(10_000, 99_999), rng.randint(1, 40), rng.randint(0, 365),
                                         rng.random() < 0.2) for _ in range(min(2_000, size // 16 + 1)))
    body = head + rows * (size // len(rows) + 1)   # a block of rows repeated (a big file in a few ms)
    return body[:size - 1] + b"\n"


# ------------------------------------------------------------------ the cases
def _path(rng: random.Random, notebook_file: bool, used: set[str], korean: bool | None = None) -> str:
    """A new path for a notebook or a data file: a folder of its type, a Korean phrase (with spaces) or an
    English word, a separator, a number. ``korean``: None draws it too (one chance in two)."""
    while True:
        k = rng.random() < 0.5 if korean is None else korean
        folder = rng.choice(NOTEBOOK_FOLDERS if notebook_file else DATA_FOLDERS)
        stem = rng.choice(KOREAN if k else WORDS)
        path = f"{folder}/{stem}{rng.choice(SEPARATORS)}{rng.randint(2, 999)}{'.ipynb' if notebook_file else '.csv'}"
        if path not in used and path != OLD_NOTEBOOK:
            used.add(path)
            return path


NOTES = ["Edited after the commit was staged.", "TODO: check the holiday weeks again.",
         "Numbers below are from the March export.", "Rerun after the data refresh.", "Draft: do not share yet.",
         "Compare with last quarter's cohort."]


def _edited(data: bytes, note: str) -> bytes:
    """A notebook (clean or run) with ``note`` added to its first markdown cell (its outputs as they were)."""
    nb = json.loads(data)
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = cell["source"] + ["\n", note + "\n"]
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


# what a notebook changed after git add holds, staged and on disk: "clean", or how it was run (run_notebook's "all",
# "count", "output"). The disk copy is drawn apart from the staged one, the same way whatever the verdict
STAGED = {"worktree-dirty": ("clean",), "worktree-both-clean": ("clean",), "worktree-clean": ("all",),
          "worktree-count-only": ("count",), "worktree-outputs-only": ("output",),
          "worktree-both-outputs": ("all", "count", "output")}
ON_DISK = {"worktree-dirty": ("all", "count", "output"), "worktree-both-outputs": ("all", "count", "output"),
           "worktree-both-clean": ("clean",), "worktree-clean": ("clean",), "worktree-count-only": ("clean",),
           "worktree-outputs-only": ("clean",)}


def _case(rng: random.Random, kind: str, path: str, staged: bytes, after: bytes | None, beside: bool | None) -> Case:
    """A case staging ``staged`` at ``path`` (then ``after`` in the working tree), with a new module beside it
    when ``beside`` (None: one chance in two, whatever the verdict)."""
    stage = {path: staged, **(code_change(rng) if (rng.random() < 0.5 if beside is None else beside) else {})}
    return Case(kind, stage, {} if after is None else {path: after}, [path] if kind in REFUSED_KINDS else [])


def code_change(rng: random.Random) -> dict[str, bytes]:
    return {f"churn/windows_{rng.randint(2, 99)}.py":
            f'"""Order windows of {rng.randint(7, 90)} days."""\n\nWINDOW_DAYS = {rng.randint(7, 90)}\n'.encode()}


def _kind_counts(rng: random.Random) -> dict[str, int]:
    """How many cases of each kind: one or two (the deletion and the rename once), so that no kind can be found by
    elimination, and the number of commits (the last one) changes with the seed. A clean notebook staged with
    another clean one on disk (``worktree-both-clean``) comes as often as the three kinds refused with a clean
    one on disk together (three to six times): among the notebooks changed after git add, one clean on disk
    is refused as often as let through, and so is one run on disk (``worktree-dirty`` and
    ``worktree-both-outputs``, one or two each)."""
    counts = {k: 1 if k in ("deleted", "renamed") else rng.choice((1, 1, 2)) for k in KINDS}
    counts["worktree-both-clean"] = sum(rng.choice((1, 1, 2)) for _ in range(3))
    return counts


def _draw(rng: random.Random, seed: int) -> list[Case]:
    used: set[str] = set()
    word = rng.choice(WORDS)

    def how() -> str:
        return rng.choice(("all", "count", "output"))

    def nb(kind: str, staged: bytes, after: bytes | None = None, beside: bool | None = None) -> Case:
        return _case(rng, kind, _path(rng, True, used), staged, after, beside)

    def csv(kind: str, staged: int, after: int | None = None) -> Case:
        return _case(rng, kind, _path(rng, False, used), data_file(rng, staged),
                     None if after is None else data_file(rng, after), None)

    def small() -> int:
        return rng.randint(2_000, 40_000)

    def big() -> int:
        return LIMIT + rng.randint(2, 300_000)

    def big_both() -> Case:
        staged = big()
        return csv("big-both", staged, staged + rng.randint(1_000, LIMIT))

    def small_both() -> Case:
        """smaller on disk than staged, as big-staged's (whose disk copy is drawn as this one's): a data file
        smaller on disk is refused as often as let through, and so is one larger (big-unstaged, big-both)"""
        one, other = small(), small()
        return csv("small-both", max(one, other) + (one == other), min(one, other))

    def changed(kind: str) -> Case:
        """A notebook changed after git add: what is staged, and apart from it what the disk holds (clean or
        run, the same ways for both verdicts), a note added to it one time in two, and larger or smaller than
        the staged one at a coin's toss (drawn again until it is), so that nothing on disk, nor its size beside
        the one the index records, tells the staged verdict."""
        staged_how = rng.choice(STAGED[kind])
        staged = clean_notebook(rng, word) if staged_how == "clean" else run_notebook(rng, word, staged_how)
        disk_how, note, grew = rng.choice(ON_DISK[kind]), rng.random() < 0.5, rng.random() < 0.5
        note = rng.choice(NOTES) if note else None
        for _ in range(60):
            disk = clean_notebook(rng, word) if disk_how == "clean" else run_notebook(rng, word, disk_how)
            disk = _edited(disk, note) if note else disk
            if disk != staged and (len(disk) > len(staged)) == grew:
                break
        return nb(kind, staged, disk)

    def renamed() -> Case:
        """git mv of the old notebook (committed with its outputs before the rule): git lists it as renamed (R),
        and the commit adds it under its new path, which the question checks like any file the commit adds"""
        new = _path(rng, True, used)
        return Case("renamed", {new: old_notebook(seed).encode(), OLD_NOTEBOOK: None}, refused=[new])

    make = {
        "clean": lambda: nb("clean", clean_notebook(rng, word)),
        "outputs": lambda: nb("outputs", run_notebook(rng, word)),
        "count-only": lambda: nb("count-only", run_notebook(rng, word, "count")),
        "outputs-only": lambda: nb("outputs-only", run_notebook(rng, word, "output")),
        "outputs-beside": lambda: nb("outputs-beside", run_notebook(rng, word, how()), beside=True),
        **{k: functools.partial(changed, k) for k in AFTER_KINDS},
        "at-limit": lambda: csv("at-limit", LIMIT),
        "over-limit": lambda: csv("over-limit", LIMIT + 1),
        "big-unstaged": lambda: csv("big-unstaged", small(), big() + rng.randint(1_000, LIMIT)),   # as big-both's
        "big-staged": lambda: csv("big-staged", big(), min(small(), small())),
        "small-both": small_both,
        "big-both": big_both,
        "deleted": lambda: Case("deleted", {OLD_NOTEBOOK: None}),
        "renamed": renamed,
    }
    cases = [make[k]() for k, n in _kind_counts(rng).items() for _ in range(n)]
    # names with spaces and Korean for both verdicts, notebooks and data files alike: one case of each drawn at
    # random is given a Korean name when none has one (the others keep the name drawn for them)
    for refused in (True, False):
        for is_notebook in (True, False):
            group = [c for c in cases if c.kind not in ("deleted", "renamed") and bool(c.refused) == refused
                     and next(iter(c.stage)).endswith(".ipynb") == is_notebook]
            if group and not any(_korean(next(iter(c.stage))) for c in group):
                c = rng.choice(group)
                old = next(iter(c.stage))
                new = _path(rng, is_notebook, used, korean=True)
                c.stage = {(new if p == old else p): d for p, d in c.stage.items()}
                c.after = {(new if p == old else p): d for p, d in c.after.items()}
                c.refused = [new if p == old else p for p in c.refused]
    rng.shuffle(cases)
    for c in cases:
        c.branch = f"{rng.choice(('try', 'wip', 'check', 'commit'))}/{rng.getrandbits(40):010x}"
    return cases


def _korean(path: str) -> bool:
    return " " in path and any("\uac00" <= ch <= "\ud7a3" for ch in path)


def sizes_interleave(cases: list[Case]) -> bool:
    """No staged size tells a notebook's verdict: among all notebooks, and among those changed after git add,
    some notebook that goes through is larger than some refused one (so no size threshold, nor the size
    the index records, sorts them)."""
    def ok(group: list[Case]) -> bool:
        allowed = [len(d) for c in group if not c.refused for p, d in c.stage.items() if p.endswith(".ipynb")]
        refused = [len(c.stage[p]) for c in group for p in c.refused]
        return bool(allowed and refused) and max(allowed) > min(refused)
    notebooks = [c for c in cases if c.kind in NOTEBOOK_KINDS]
    count_only = [c for c in notebooks if c.kind in ("count-only", "worktree-count-only")]
    clean = [c for c in notebooks if not c.refused]
    return ok(notebooks) and ok([c for c in cases if c.kind in AFTER_KINDS]) and ok(count_only + clean) and \
        min(len(d) for c in clean for p, d in c.stage.items() if p.endswith(".ipynb")) < \
        max(len(c.stage[c.refused[0]]) for c in count_only)


SIZE_TIERS = (2_000, 2_600, 3_200, 1_500_000)   # bytes: fixed cuts of a file's size on disk (notebooks; data files)


def disk_features(case: Case) -> dict[str, object]:
    """What a hook that never reads the staged copy can tell of a case changed after git add (``AFTER_KINDS``, and
    the data files changed after it): the file's type, what the copy on disk holds (clean, every code cell
    counted, a count only, an output only; small or big), whether a note was added to it, its size's tier
    (``SIZE_TIERS``), whether it is larger than the staged size the index records, whether a module comes
    beside it. Each is drawn apart from the staged verdict (tests/test_06_git_hook.py checks the shares;
    ``disk_rule_fits``)."""
    path = next(iter(case.after))
    disk, staged = case.after[path], case.stage[path]
    notebook_file = path.endswith(".ipynb")
    if notebook_file:
        code_cells = [c for c in json.loads(disk)["cells"] if c["cell_type"] == "code"]
        outputs, counts = has_outputs(disk)
        state = "all" if all(c["execution_count"] is not None for c in code_cells) else \
            {(False, False): "clean", (False, True): "count", (True, False): "output"}.get((outputs, counts), "mixed")
        note = any(n.encode() in disk for n in NOTES)
    else:
        state, note = ("big" if len(disk) > LIMIT else "small"), False
    return {"notebook": notebook_file, "state": state, "note": note, "grew": len(disk) > len(staged),
            "tier": sum(len(disk) > t for t in SIZE_TIERS), "beside": len(case.stage) > 1}


def disk_rule_fits(cases: list[Case], most: int = 3) -> tuple[str, ...] | None:
    """The first set of at most ``most`` disk features (``disk_features``) that sorts every case changed after
    git add right, each combination of their values one verdict; None when every rule of that many disk
    features gets some case wrong (so that a hook reading the disk, not the index, cannot pass this seed by a
    rule on what the working tree holds)."""
    after = [(disk_features(c), bool(c.refused)) for c in cases if c.after]
    names = sorted(after[0][0]) if after else []
    for size in range(1, most + 1):
        for chosen in itertools.combinations(names, size):
            verdicts: dict[tuple, set[bool]] = {}
            for features, refused in after:
                verdicts.setdefault(tuple(features[n] for n in chosen), set()).add(refused)
            if all(len(v) == 1 for v in verdicts.values()):
                return chosen
    return None


def hook_cases(seed: int) -> list[Case]:
    """The cases of ``seed``, in the order they are committed: drawn again until the notebooks' sizes
    interleave (``sizes_interleave``), no rule of up to three features of the working tree's copies sorts the
    cases changed after git add (``disk_rule_fits``), and the pattern of refusals is not the visible seed's."""
    visible = None if seed == 0 else _visible_pattern()
    for attempt in range(200):
        cases = _draw(random.Random(f"hooks-cases-{seed}-{attempt}"), seed)
        if sizes_interleave(cases) and disk_rule_fits(cases) is None and [bool(c.refused) for c in cases] != visible:
            return cases
    raise RuntimeError(f"no cases for seed {seed}")


@functools.lru_cache(maxsize=1)
def _visible_pattern() -> list[bool]:
    return [bool(c.refused) for c in hook_cases(0)]


def has_outputs(data: bytes) -> tuple[bool, bool]:
    """(some code cell has outputs, some code cell has an execution count) of a notebook's bytes."""
    cells = [c for c in json.loads(data)["cells"] if c["cell_type"] == "code"]
    return any(c["outputs"] for c in cells), any(c["execution_count"] is not None for c in cells)


def missing(seed: int) -> list[str]:
    """The kinds of case (``KINDS``) that seed ``seed`` does not plant as stated, and "korean" when a verdict
    lacks a notebook or a data file named with spaces and Korean, "sizes" when the notebooks' sizes do not
    interleave, "order" when its refusals come in the visible seed's order, "paths" when it refuses the
    visible seed's paths."""
    cases = hook_cases(seed)
    by_kind: dict[str, list[Case]] = {}
    for c in cases:
        by_kind.setdefault(c.kind, []).append(c)
    out = [k for k in KINDS if k not in by_kind]
    if out:
        return out

    def notebook_is(case: Case, path: str, outputs: bool | None, count: bool, where: str = "stage") -> bool:
        data = getattr(case, where)[path]
        markdown_cells = [c for c in json.loads(data)["cells"] if c["cell_type"] == "markdown"]
        got = has_outputs(data)
        return (got == (outputs, count) if outputs is not None else any(got)) and bool(markdown_cells)

    def one(case: Case) -> str:
        return next(iter(case.stage))

    def changed(c: Case) -> bool:
        return c.after[one(c)] != c.stage[one(c)]

    checks = {
        "clean": lambda c: notebook_is(c, one(c), False, False),
        "outputs": lambda c: notebook_is(c, one(c), True, True),
        "count-only": lambda c: notebook_is(c, one(c), False, True),
        "outputs-only": lambda c: notebook_is(c, one(c), True, False),
        "outputs-beside": lambda c: notebook_is(c, one(c), None, True) and len(c.stage) == 2,
        "worktree-dirty": lambda c: notebook_is(c, one(c), False, False) and notebook_is(c, one(c), None, True, "after"),
        "worktree-clean": lambda c: notebook_is(c, one(c), True, True) and notebook_is(c, one(c), False, False, "after"),
        "worktree-count-only": lambda c: notebook_is(c, one(c), False, True) and
        notebook_is(c, one(c), False, False, "after"),
        "worktree-outputs-only": lambda c: notebook_is(c, one(c), True, False) and
        notebook_is(c, one(c), False, False, "after"),
        "worktree-both-clean": lambda c: notebook_is(c, one(c), False, False) and
        notebook_is(c, one(c), False, False, "after") and changed(c),
        "worktree-both-outputs": lambda c: notebook_is(c, one(c), None, True) and
        notebook_is(c, one(c), None, True, "after") and changed(c),
        "at-limit": lambda c: len(c.stage[one(c)]) == LIMIT,
        "over-limit": lambda c: len(c.stage[one(c)]) == LIMIT + 1,
        "big-unstaged": lambda c: len(c.stage[one(c)]) <= LIMIT < len(c.after[one(c)]),
        "big-staged": lambda c: len(c.after[one(c)]) <= LIMIT < len(c.stage[one(c)]),
        "small-both": lambda c: len(c.stage[one(c)]) <= LIMIT and len(c.after[one(c)]) <= LIMIT and changed(c),
        "big-both": lambda c: LIMIT < len(c.stage[one(c)]) < len(c.after[one(c)]),
        "deleted": lambda c: c.stage == {OLD_NOTEBOOK: None},
        "renamed": lambda c: len(c.stage) == 2 and c.stage.get(OLD_NOTEBOOK, b"") is None and
        c.stage[one(c)] == old_notebook(seed).encode() and c.refused == [one(c)],
    }
    out = [k for k, ok in checks.items()
           if not all(ok(c) and bool(c.refused) == (k in REFUSED_KINDS) for c in by_kind[k])]
    for refused in (True, False):
        for suffix in (".ipynb", ".csv"):
            if not any(bool(c.refused) == refused and _korean(p) for c in cases for p in c.stage if p.endswith(suffix)):
                out.append("korean")
    if not sizes_interleave(cases):
        out.append("sizes")
    if len({c.branch for c in cases}) != len(cases):
        out.append("branches")
    if seed != 0:
        visible = hook_cases(0)
        if [bool(c.refused) for c in cases] == [bool(c.refused) for c in visible]:
            out.append("order")
        if {p for c in cases for p in c.refused} == {p for c in visible for p in c.refused}:
            out.append("paths")
    return sorted(set(out), key=out.index)
