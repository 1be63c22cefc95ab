"""Grade one notebook in this process, without a gradebook.

The student tools use it: ``workbook progress`` with the released test cells
(visible tests) and ``workbook selfgrade`` with the solution key's (hidden
tests included). It runs the course's own autograde preprocessors (the
``c.Autograde.autograde_preprocessors`` list, so ``TrustedExecute`` and its
judge, ``IgnorePattern``...), minus the two that need a gradebook, and scores
every graded cell with nbgrader's ``determine_grade``: the same code, so the
same verdict and the same points as ``nbgrader autograde``.

Before running, the cells the student may not change are put back from the
key, as nbgrader's ``OverwriteCells`` does from the gradebook: test cells and
read-only cells get the key's source; answer cells keep the student's source
and get the key's metadata (points, checksum).
"""
from __future__ import annotations

import copy
import importlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from nbformat import NotebookNode
from nbgrader.utils import determine_grade, is_grade, is_locked, is_solution

#: preprocessors of the autograde list that write to the gradebook
NEEDS_GRADEBOOK = {"SaveAutoGrades", "AssignLatePenalties"}


@dataclass
class CellGrade:
    grade_id: str
    score: float | None      # None: graded by a person
    max_score: float
    kind: str                # tests | answer (an autograded answer cell) | manual


@dataclass
class NotebookGrade:
    notebook: NotebookNode               # as executed and scored
    cells: dict[str, CellGrade] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)   # grade ids of the key absent from the notebook
    error: str = ""                      # the run stopped (a dead kernel, a timeout)


def _gid(cell) -> str | None:
    return (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")


def key_notebook(release: NotebookNode, tests_from: NotebookNode | None = None) -> NotebookNode:
    """The release, with the test cells of ``tests_from`` (the source: hidden
    tests included) when given."""
    key = copy.deepcopy(release)
    if tests_from is not None:
        tests = {_gid(c): c for c in tests_from.cells if _gid(c) and is_grade(c) and not is_solution(c)}
        for cell in key.cells:
            if _gid(cell) in tests:
                cell.source = tests[_gid(cell)].source
    return key


def overwrite_cells(nb: NotebookNode, key: NotebookNode) -> list[str]:
    """Put back what the student may not change (see the module docstring);
    returns the grade ids of the key that the notebook lacks."""
    ref = {_gid(c): c for c in key.cells if _gid(c)}
    seen = set()
    for cell in nb.cells:
        k = ref.get(_gid(cell))
        if k is None:
            continue
        seen.add(_gid(cell))
        if is_solution(k):
            cell.metadata = copy.deepcopy(k.metadata)
        elif is_grade(k) or is_locked(k):
            cell.cell_type = k.cell_type
            cell.source = k.source
            cell.metadata = copy.deepcopy(k.metadata)
            if k.cell_type != "code":
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
    nb.metadata["kernelspec"] = copy.deepcopy(key.metadata.get("kernelspec", nb.metadata.get("kernelspec", {})))
    return [g for g in ref if g not in seen and (is_grade(ref[g]))]


def preprocessors(config) -> list:
    """The course's autograde preprocessors that do not need a gradebook."""
    from .execute import AUTOGRADE
    names = (config.Autograde.get("autograde_preprocessors") if config is not None else None) or AUTOGRADE
    out = []
    for name in names:
        cls = name
        if isinstance(name, str):
            module, _, attr = name.rpartition(".")
            cls = getattr(importlib.import_module(module), attr)
        if cls.__name__ not in NEEDS_GRADEBOOK:
            out.append(cls)
    return out


def grade_notebook(notebook: NotebookNode, key: NotebookNode, folder: Path, *, config=None,
                   overrides: dict | None = None, student: str = "selfstudy", name: str = "notebook",
                   quiet: bool = True) -> NotebookGrade:
    """Grade a copy of ``notebook`` against ``key``, its kernel started in
    ``folder`` (a scratch copy of the notebook's folder: files the notebook
    writes land there). ``overrides``: traitlets on top of ``config``, e.g.
    ``{"TrustedExecute": {"sandbox": False}}``."""
    from traitlets.config import Config
    nb = copy.deepcopy(notebook)
    missing = overwrite_cells(nb, key)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    cfg = Config(copy.deepcopy(config)) if config else Config()
    if quiet and "extra_arguments" not in cfg.Execute:
        # the kernel's own log ("running over TCP without encryption"...) is noise for a student tool
        cfg.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]
    for section, values in (overrides or {}).items():
        for k, v in values.items():
            cfg[section][k] = v
    resources = {"metadata": {"path": str(folder)},
                 "nbgrader": {"student": student, "notebook": name, "assignment": folder.name}}
    from nbgrader.utils import setenv
    with setenv(NBGRADER_EXECUTION="autograde"):      # as nbgrader autograde sets it
        nb, error = _run(preprocessors(cfg), cfg, nb, resources, quiet)
    out = NotebookGrade(nb, missing=missing, error=error)
    from .execute import JUDGED
    judged = set(resources.get(JUDGED, ()))
    for cell in nb.cells:
        if is_grade(cell):
            score, mx = determine_grade(cell)
            kind = "tests" if not is_solution(cell) else ("answer" if cell.cell_type == "code" else "manual")
            if kind == "tests" and cell.cell_type == "code" and cell.get("execution_count") is None \
                    and _gid(cell) not in judged:
                score = 0.0   # never ran (the kernel died first, the run timed out): nbgrader would see no error
            out.cells[_gid(cell)] = CellGrade(_gid(cell), score, mx, kind)
    return out


def _run(classes, cfg, nb, resources, quiet) -> tuple[NotebookNode, str]:
    """Apply the preprocessors: the notebook, and '' or why the run stopped."""
    error = ""
    for cls in classes:
        pp = cls(config=cfg)
        if quiet:
            pp.log.setLevel(logging.CRITICAL)
        try:
            nb, resources = pp(nb, resources)     # __call__: a preprocessor that is not enabled does nothing
        except Exception as e:  # a dead kernel, a timeout: score what ran
            error = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"[:300]
            if cls.__name__ in ("TrustedExecute", "Execute"):
                continue
            raise
    return nb, error


def secret_file() -> Path:
    """Hidden inputs of the student tools come from a secret of this machine,
    made once (the instructor's secret never leaves the grader): the same
    notebook grades the same way every time."""
    from ..data import cache_dir
    from .execute import read_secret
    path = cache_dir() / "selfgrade.secret"
    read_secret(path)
    return path
