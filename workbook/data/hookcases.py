"""The commits a pre-commit hook is tried on (06_git, Question 26), from a seed.

The scenario ``hooks`` (``gitplan``) is the team's repository with one notebook,
``notebooks/eda.ipynb``, committed with its outputs before the team's rule. Each
``Case`` is one ``git commit`` from main's last commit: the files staged for it
(``stage``: path -> content; None: ``git rm``), then what the working tree holds
after the ``git add`` (``after``: the notebook run again, a data file replaced by a
bigger one), and the paths the question says the hook must refuse (``refused``).
``workbook.checks.githook`` runs them; the test's reference decides again, from
the staged content alone, which paths are refused.

Every seed plants every kind of case (``KINDS``; ``missing`` says which a seed
lacks, tests/test_stated_cases.py runs it on 40 seeds): notebooks are saved as
Jupyter saves them (nbformat 4, one key per line, indent 1, keys sorted), their
names hold spaces and Korean characters, and a data file's size is exactly
``LIMIT`` bytes or ``LIMIT`` + 1. The paths change with the seed (a word and a
number), and so does the order of the cases, so that no hidden seed refuses the
visible seed's paths, nor in the visible seed's order of refusals.
"""
from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass, field

LIMIT = 1_000_000   # bytes: a staged file larger than this is refused (exactly LIMIT goes through)
OLD_NOTEBOOK = "notebooks/eda.ipynb"   # committed with its outputs before the rule (scenario hooks)

KINDS = {
    "clean": "a clean notebook (a markdown cell, code cells without outputs or counts) whose name holds spaces "
             "and Korean, and a change to the code: goes through",
    "outputs": "a notebook with outputs and execution counts: refused",
    "count-only": "a notebook whose code cells have no outputs, one an execution count: refused",
    "outputs-only": "a notebook with an output but no execution count: refused",
    "korean-outputs": "a notebook named with spaces and Korean, with outputs, beside a clean change: refused",
    "worktree-dirty": "a clean notebook staged, then run again in the working tree: goes through",
    "worktree-clean": "a notebook with outputs staged, then stripped in the working tree only: refused",
    "at-limit": "a data file of exactly LIMIT bytes: goes through",
    "over-limit": "a data file of LIMIT + 1 bytes beside a change to the code: refused",
    "big-unstaged": "a small data file staged, then replaced by a big one in the working tree: goes through",
    "big-staged": "a data file over LIMIT staged, then cut small in the working tree: refused",
    "deleted": "the old notebook with outputs removed with git rm: goes through",
}

WORDS = ["churn", "retention", "cohort", "basket", "features", "eda", "baseline", "threshold", "calibration"]
KOREAN = ["고객 이탈 분석", "주간 리포트", "코호트 탐색", "장바구니 실험", "임계값 조정", "특성 점검"]


@dataclass
class Case:
    kind: str
    stage: dict[str, bytes | None]                       # staged: path -> content (None: git rm)
    after: dict[str, bytes | None] = field(default_factory=dict)   # the working tree after git add
    refused: list[str] = field(default_factory=list)     # the paths the question refuses


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


def _cells(rng: random.Random, word: str) -> list[tuple[str, str]]:
    """(kind, source) of a small exploration notebook about ``word``."""
    rows = rng.randint(9_000, 60_000)
    return [("markdown", f"# {word.capitalize()}: a first look\n\nOrders of the last {rng.randint(3, 12)} months."),
            ("code", "import pandas as pd\n\norders = pd.read_csv(\"data/orders.csv\", parse_dates=[\"ordered_at\"])"),
            ("code", f"print(len(orders), \"orders\")  # about {rows:,}"),
            ("markdown", "## Orders per week"),
            ("code", "orders.set_index(\"ordered_at\").resample(\"W\").size().plot()")]


def clean_notebook(rng: random.Random, word: str) -> bytes:
    cells = []
    for n, (kind, source) in enumerate(_cells(rng, word)):
        cells.append(markdown(source, n) if kind == "markdown" else code(source, n))
    return notebook(cells)


def run_notebook(rng: random.Random, word: str, how: str = "all") -> bytes:
    """The notebook after a run: ``all`` (counts and outputs), ``count`` (one count, no outputs: a cell
    that printed nothing), ``output`` (a figure shown, no count: a widget's or a tool's output)."""
    cells, count = [], 0
    code_cells = [n for n, (kind, _) in enumerate(_cells(random.Random(0), word)) if kind == "code"]
    marked = rng.choice(code_cells)
    for n, (kind, source) in enumerate(_cells(rng, word)):
        if kind == "markdown":
            cells.append(markdown(source, n))
            continue
        if how == "all":
            count += 1
            outs = [stream(f"{rng.randint(9_000, 60_000)} orders\n")] if "print" in source else \
                [figure(rng)] if "plot" in source else []
            if "plot" in source:
                outs.insert(0, result("<Axes: xlabel='ordered_at'>", count))
            cells.append(code(source, n, count, outs))
        elif how == "count":
            cells.append(code(source, n, rng.randint(1, 40) if n == marked else None))
        else:
            cells.append(code(source, n, None, [figure(rng)] if n == marked else []))
    return notebook(cells)


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
def _names(rng: random.Random) -> dict[str, str]:
    words = rng.sample(WORDS, 7)
    korean = rng.sample(KOREAN, 3)

    def number() -> int:
        return rng.randint(2, 999)
    return {"clean": f"notebooks/{korean[0]} {number()}.ipynb",
            "outputs": f"notebooks/{words[0]}_{number()}.ipynb",
            "count-only": f"notebooks/{words[1]}-{number()}.ipynb",
            "outputs-only": f"notebooks/{words[2]} v{number()}.ipynb",
            "korean-outputs": f"notebooks/{korean[1]} {number()}.ipynb",
            "worktree-dirty": f"notebooks/{korean[2]} {number()}.ipynb",
            "worktree-clean": f"notebooks/{words[3]} {number()}.ipynb",
            "data": f"data/{words[4]}_{number()}.csv",
            "data-over": f"data/{words[5]} {number()}.csv",
            "data-staged": f"data/{words[6]}_{number()}.csv",
            "data-korean": f"data/{korean[0]} 표본 {number()}.csv"}


def code_change(rng: random.Random) -> dict[str, bytes]:
    return {f"churn/windows_{rng.randint(2, 99)}.py":
            f'"""Order windows of {rng.randint(7, 90)} days."""\n\nWINDOW_DAYS = {rng.randint(7, 90)}\n'.encode()}


def hook_cases(seed: int) -> list[Case]:
    """The cases of ``seed``, in the order they are committed."""
    rng = random.Random(f"hooks-cases-{seed}")
    names = _names(rng)
    word = rng.choice(WORDS)
    small = data_file(rng, rng.randint(2_000, 40_000))
    cases = [
        Case("clean", {names["clean"]: clean_notebook(rng, word), **code_change(rng)}),
        Case("outputs", {names["outputs"]: run_notebook(rng, word)}, refused=[names["outputs"]]),
        Case("count-only", {names["count-only"]: run_notebook(rng, word, "count")}, refused=[names["count-only"]]),
        Case("outputs-only", {names["outputs-only"]: run_notebook(rng, word, "output")},
             refused=[names["outputs-only"]]),
        Case("korean-outputs", {names["korean-outputs"]: run_notebook(rng, word), **code_change(rng)},
             refused=[names["korean-outputs"]]),
        Case("worktree-dirty", {names["worktree-dirty"]: clean_notebook(rng, word)},
             after={names["worktree-dirty"]: run_notebook(rng, word)}),
        Case("worktree-clean", {names["worktree-clean"]: run_notebook(rng, word)},
             after={names["worktree-clean"]: clean_notebook(rng, word)}, refused=[names["worktree-clean"]]),
        Case("at-limit", {names["data-korean"]: data_file(rng, LIMIT)}),
        Case("over-limit", {names["data-over"]: data_file(rng, LIMIT + 1), **code_change(rng)},
             refused=[names["data-over"]]),
        Case("big-unstaged", {names["data"]: small}, after={names["data"]: data_file(rng, 3 * LIMIT)}),
        Case("big-staged", {names["data-staged"]: data_file(rng, LIMIT + rng.randint(2, 300_000))},
             after={names["data-staged"]: small}, refused=[names["data-staged"]]),
        Case("deleted", {OLD_NOTEBOOK: None}),
    ]
    # the order changes with the seed; the pattern of refusals never is the visible seed's
    visible = None if seed == 0 else _visible_pattern()
    for _ in range(100):
        rng.shuffle(cases)
        if [bool(c.refused) for c in cases] != visible:
            break
    return cases


@functools.lru_cache(maxsize=1)
def _visible_pattern() -> list[bool]:
    return [bool(c.refused) for c in hook_cases(0)]


def has_outputs(data: bytes) -> tuple[bool, bool]:
    """(some code cell has outputs, some code cell has an execution count) of a notebook's bytes."""
    cells = [c for c in json.loads(data)["cells"] if c["cell_type"] == "code"]
    return any(c["outputs"] for c in cells), any(c["execution_count"] is not None for c in cells)


def missing(seed: int) -> list[str]:
    """The kinds of case (``KINDS``) that seed ``seed`` does not plant as stated, and "order" when its
    refusals come in the visible seed's order, "paths" when it refuses the visible seed's paths."""
    cases = hook_cases(seed)
    by_kind = {c.kind: c for c in cases}
    out = [k for k in KINDS if k not in by_kind]
    if out or len(cases) != len(KINDS):
        return out or ["duplicate"]

    def hangul_and_space(path: str) -> bool:
        return " " in path and any("\uac00" <= ch <= "\ud7a3" for ch in path)

    def notebook_is(case: Case, path: str, outputs: bool, count: bool, where: str = "stage") -> bool:
        data = getattr(case, where)[path]
        markdown_cells = [c for c in json.loads(data)["cells"] if c["cell_type"] == "markdown"]
        return has_outputs(data) == (outputs, count) and bool(markdown_cells)

    def one(case: Case) -> str:
        return next(iter(case.stage))

    checks = {
        "clean": lambda c: notebook_is(c, one(c), False, False) and hangul_and_space(one(c)) and len(c.stage) == 2,
        "outputs": lambda c: notebook_is(c, one(c), True, True),
        "count-only": lambda c: notebook_is(c, one(c), False, True),
        "outputs-only": lambda c: notebook_is(c, one(c), True, False),
        "korean-outputs": lambda c: notebook_is(c, one(c), True, True) and hangul_and_space(one(c)),
        "worktree-dirty": lambda c: notebook_is(c, one(c), False, False) and
        notebook_is(c, one(c), True, True, "after") and hangul_and_space(one(c)),
        "worktree-clean": lambda c: notebook_is(c, one(c), True, True) and notebook_is(c, one(c), False, False, "after"),
        "at-limit": lambda c: len(c.stage[one(c)]) == LIMIT and hangul_and_space(one(c)),
        "over-limit": lambda c: len(c.stage[one(c)]) == LIMIT + 1,
        "big-unstaged": lambda c: len(c.stage[one(c)]) <= LIMIT < len(c.after[one(c)]),
        "big-staged": lambda c: len(c.after[one(c)]) <= LIMIT < len(c.stage[one(c)]),
        "deleted": lambda c: c.stage == {OLD_NOTEBOOK: None},
    }
    out = [k for k, ok in checks.items() if not ok(by_kind[k]) or bool(by_kind[k].refused) != (
        k in ("outputs", "count-only", "outputs-only", "korean-outputs", "worktree-clean", "over-limit", "big-staged"))]
    if seed != 0:
        visible = hook_cases(0)
        if [bool(c.refused) for c in cases] == [bool(c.refused) for c in visible]:
            out.append("order")
        if {p for c in cases for p in c.refused} == {p for c in visible for p in c.refused}:
            out.append("paths")
    return out
