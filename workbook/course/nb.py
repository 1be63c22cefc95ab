"""Reading nbgrader notebooks: cell kinds, exercises, solutions, submissions.

One place that knows how an assignment notebook is laid out, so lint, release,
the demo class, the tests and the grader all agree:

* an *answer* cell (nbgrader "autograded answer": solution, not grade) holds
  one named top-level object between ``### BEGIN SOLUTION`` / ``### END SOLUTION``;
* the *test* cells (grade, not solution, locked) that follow it score it; each
  has a visible part and a ``### BEGIN HIDDEN TESTS`` part;
* a *manual* cell (solution and grade) is a written answer graded by a person;
* *readonly* cells (locked only) such as the setup cell cannot be edited.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nbformat is imported lazily: it costs seconds (jsonschema formats)
    from nbformat import NotebookNode

from ..markers import (BEGIN_HIDDEN, BEGIN_MARK, BEGIN_SOLUTION, CODE_STUB, END_HIDDEN, END_MARK,  # noqa: F401
                       END_SOLUTION, TEXT_STUB)

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}


class NotebookError(Exception):
    """A notebook that cannot be used, with the file (and cell) named."""


def read(path: str | Path) -> NotebookNode:
    """Read a notebook; a clear NotebookError names the file on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotebookError(f"{path}: file not found") from None
    except UnicodeDecodeError as e:
        raise NotebookError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise NotebookError(f"{path}: not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    if not isinstance(raw, dict) or "cells" not in raw:
        raise NotebookError(f"{path}: valid JSON but not a notebook (no 'cells' list)")
    import nbformat
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as e:  # nbformat raises several kinds
        raise NotebookError(f"{path}: not a valid notebook: {str(e).splitlines()[0]}") from None


def write(nb: NotebookNode, path: str | Path) -> None:
    Path(path).write_text(dumps(nb), encoding="utf-8")


def dumps(nb: NotebookNode) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def meta(cell) -> dict:
    m = cell.get("metadata", {}).get("nbgrader", {})
    return m if isinstance(m, dict) else {}


def kind(cell) -> str | None:
    m = meta(cell)
    if not m:
        return None
    solution, grade, task = bool(m.get("solution")), bool(m.get("grade")), bool(m.get("task"))
    if task:
        return "task"
    if solution and grade:
        return "manual"
    if solution:
        return "answer"
    if grade:
        return "tests"
    if m.get("locked"):
        return "readonly"
    return None


def cell_label(cell, index: int) -> str:
    gid = meta(cell).get("grade_id")
    return f"cell {index + 1}" + (f" ({gid})" if gid else "")


@dataclass
class Exercise:
    """An answer cell and the test cells that score it (or one manual cell)."""

    grade_id: str
    kind: str  # "answer" (autograded) or "manual"
    answer_index: int
    test_indices: list[int] = field(default_factory=list)
    test_ids: list[str] = field(default_factory=list)
    points: float = 0.0

    @property
    def autograded(self) -> bool:
        return self.kind == "answer"


def exercises(nb: NotebookNode) -> list[Exercise]:
    """The exercises of a notebook in order. Test cells belong to the nearest
    answer cell above them."""
    out: list[Exercise] = []
    current: Exercise | None = None
    for i, cell in enumerate(nb.cells):
        k = kind(cell)
        if k == "answer":
            current = Exercise(meta(cell).get("grade_id", f"cell{i}"), "answer", i)
            out.append(current)
        elif k == "manual":
            m = meta(cell)
            out.append(Exercise(m.get("grade_id", f"cell{i}"), "manual", i, [i],
                                [m.get("grade_id", "")], float(m.get("points", 0) or 0)))
            current = None
        elif k == "tests" and current is not None:
            m = meta(cell)
            current.test_indices.append(i)
            current.test_ids.append(m.get("grade_id", ""))
            current.points += float(m.get("points", 0) or 0)
    return out


def _strip_region(source: str, begin: str, end: str) -> tuple[str, list[str]]:
    """Remove begin..end regions (markers included); return the rest and the
    removed inner lines."""
    keep, removed, inside = [], [], False
    for line in source.splitlines():
        s = line.strip()
        if s.startswith(begin):
            inside = True
            continue
        if s.startswith(end):
            inside = False
            continue
        (removed if inside else keep).append(line)
    return "\n".join(keep), removed


def solution_lines(source: str) -> list[str]:
    return _strip_region(source, BEGIN_SOLUTION, END_SOLUTION)[1]


def hidden_lines(source: str) -> list[str]:
    return _strip_region(source, BEGIN_HIDDEN, END_HIDDEN)[1]


def visible_part(source: str) -> str:
    return _strip_region(source, BEGIN_HIDDEN, END_HIDDEN)[0]


def solution_code(source: str) -> str:
    """What a student who wrote the instructor's answer submits: the cell with
    the solution markers removed (text outside them kept)."""
    out = []
    for line in source.splitlines():
        s = line.strip()
        if s.startswith(BEGIN_SOLUTION) or s.startswith(END_SOLUTION):
            continue
        out.append(line)
    return "\n".join(out)


def manual_answer_text(source: str) -> str:
    """A manual cell's model answer without the mark scheme."""
    return _strip_region(source, BEGIN_MARK, END_MARK)[0].strip()


def solved_sources(source_nb: NotebookNode) -> dict[str, str]:
    """grade_id -> the source of every answer and manual cell as solved."""
    out = {}
    for cell in source_nb.cells:
        k = kind(cell)
        if k in ("answer", "manual", "task"):
            gid = meta(cell)["grade_id"]
            out[gid] = solution_code(cell.source) if cell.cell_type == "code" else manual_answer_text(cell.source)
    return out


def make_submission(release_nb: NotebookNode, answers: dict[str, str]) -> NotebookNode:
    """A student's notebook: the release notebook with some answer cells
    rewritten. Unknown grade_ids are an error (a typo in a test would
    otherwise pass silently)."""
    nb = copy.deepcopy(release_nb)
    seen = set()
    for cell in nb.cells:
        gid = meta(cell).get("grade_id")
        if gid in answers and kind(cell) in ("answer", "manual", "task"):
            cell.source = answers[gid]
            seen.add(gid)
    missing = set(answers) - seen
    if missing:
        raise KeyError(f"no answer cell with grade_id {sorted(missing)} in the release notebook")
    return nb


def distinctive_lines(lines: list[str], min_len: int = 30) -> list[str]:
    """Lines of a solution or hidden test that would give it away if they
    appeared in release/: long enough, not a comment-only or common line."""
    common = re.compile(r"^(pass|return|else:|try:|except.*:|finally:|\)|\]|\}|import \w+|from \w+ import \w+)$")
    out = []
    for line in lines:
        s = line.strip()
        if len(s) < min_len or s.startswith("#") or common.match(s):
            continue
        out.append(s)
    return out


def normalise(nb: NotebookNode) -> NotebookNode:
    """The one notebook normaliser: no outputs or execution counts, the python3
    kernelspec, only nbgrader (and tags) in cell metadata, stable cell ids."""
    from nbformat import NotebookNode
    nb = copy.deepcopy(nb)
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata = NotebookNode({"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)})
    used: set[str] = set()
    for i, cell in enumerate(nb.cells):
        keep = {}
        md = cell.get("metadata", {})
        if md.get("nbgrader"):
            keep["nbgrader"] = dict(md["nbgrader"])
        if md.get("tags"):
            keep["tags"] = list(md["tags"])
        cell.metadata = NotebookNode(keep)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            cell.pop("attachments", None) if not cell.get("attachments") else None
        gid = meta(cell).get("grade_id")
        cid = re.sub(r"[^A-Za-z0-9_-]", "-", gid)[:64] if gid else f"cell-{i:03d}"
        while cid in used:
            cid = f"{cid[:58]}-{i:03d}"
        used.add(cid)
        cell["id"] = cid
        if isinstance(cell.source, list):
            cell.source = "".join(cell.source)
        cell.source = cell.source.rstrip("\n")
    return nb


def exercise_requirements(source: str) -> dict[str, str]:
    """The ``requirements={key: text}`` of a test cell's ``@exercise(...)``
    (what the question text asks, one short key each)."""
    import ast
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:
                if isinstance(d, ast.Call) and getattr(d.func, "id", getattr(d.func, "attr", "")) == "exercise":
                    for kw in d.keywords:
                        if kw.arg == "requirements":
                            try:
                                value = ast.literal_eval(kw.value)
                            except ValueError:
                                return {}
                            return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
    return {}


def requirements(nb, exercise: Exercise, declared: dict[str, str] | None = None) -> dict[str, str]:
    """Every requirement of an exercise: its test cells' ``requirements=`` together, and ``declared``, the
    ``requirements`` part of its exercises file (a coding test's, whose released test cells show examples
    only). ValueError when a key is in both."""
    out: dict[str, str] = {}
    for i in exercise.test_indices:
        out.update(exercise_requirements(nb.cells[i].source))
    both = sorted(set(out) & set(declared or {}))
    if both:
        raise ValueError(f"{exercise.grade_id}: requirement {', '.join(both)} is in a test cell and in the "
                         "exercises file: declare it once")
    return {**out, **(declared or {})}
