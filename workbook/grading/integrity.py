"""Tamper detection for submissions, done by the grader outside the kernel.

nbgrader already *prevents* most notebook tampering when it autogrades: test
and read-only cells are restored from the gradebook (OverwriteCells), missing
ones are added back, duplicated cell ids are dropped (DeduplicateIds), and the
points come from the gradebook, not from the cell metadata. What it does not
do is tell the instructor that someone tried. This module compares each
submitted notebook with the released one and reads the student's own code
cells, and returns flags (reasons) that the report lists and that mark the
notebook as flagged in the gradebook.

It reads files only; it never imports or runs the student's code.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from ..checks.source import parsed
from ..course import nb as nbm
from .results import Flag

# only the distinctive names: same, fail, short or passed are ordinary words for a student's own helper
# (07's release gate defines same()), and the checks no longer run in the student's kernel anyway
CHECK_HELPERS = {"check_equal", "check_cases", "check_defined", "check_true", "CheckFailed"}


def _grade_id(cell) -> str | None:
    g = nbm.meta(cell).get("grade_id")
    return g if isinstance(g, str) else None


def _norm(src) -> str:
    return "".join(src) if isinstance(src, list) else (src or "")


def compare_cells(released, submitted, notebook: str) -> list[Flag]:
    """Locked (test and read-only) cells and points changed, deleted,
    duplicated or retyped in a submission, compared with the release."""
    flags = []
    sub_cells: dict[str, list] = {}
    for c in submitted.cells:
        g = _grade_id(c)
        if g:
            sub_cells.setdefault(g, []).append(c)
    for rc in released.cells:
        g = _grade_id(rc)
        if not g:
            continue
        rm = nbm.meta(rc)
        locked = bool(rm.get("locked")) or (bool(rm.get("grade")) and not rm.get("solution"))
        found = sub_cells.get(g, [])
        def flag(reason):
            flags.append(Flag("tamper", reason, notebook, g))
        if not found:
            if locked or rm.get("grade"):
                flag("deleted (restored from the gradebook)")
            continue
        if len(found) > 1:
            flag(f"duplicated {len(found)} times (extra copies ignored)")
        for sc in found:
            sm = nbm.meta(sc)
            if sc.get("cell_type") != rc.get("cell_type"):
                flag(f"retyped from {rc.get('cell_type')} to {sc.get('cell_type')} (restored)")
            if rm.get("grade") and sm.get("points") != rm.get("points"):
                flag(f"points changed in metadata from {rm.get('points')} to {sm.get('points')} "
                     "(the gradebook's points are used)")
            for key in ("grade", "solution", "locked"):
                if bool(sm.get(key)) != bool(rm.get(key)):
                    flag(f"metadata '{key}' changed (restored)")
            if locked and _norm(sc.get("source")).strip() != _norm(rc.get("source")).strip():
                flag("edited although locked (restored from the gradebook)")
    return flags


# ----------------------------------------------------------- the student's code
# Extra flags for the instructor: nothing passes or fails because of them. They are read from the syntax tree
# of the code IPython runs for the cell (checks/source.parsed: magics, shell lines and a cell indented as a
# whole are what the kernel makes of them), never from the cell's text: a word in a string or a comment
# ("requests" in a Kubernetes manifest) is not code, and a name split across strings or reached through
# getattr with a constant is. A cell that does not parse runs nothing and flags nothing. What the student's
# process does to builtins, import hooks, tracers and IPython's machinery is not read here but seen by the
# judge's guard (checks/guard.py: a "process" flag, and 0 for the exercises that rest on it).
_NAMES = [   # (dotted name or prefix, reason); a name matches itself and anything under it
    (("sys.modules",), "touches sys.modules"),
    (("os._exit", "os.kill", "os.killpg", "os.abort", "signal", "sys.exit"), "tries to stop the kernel"),
    (("socket", "urllib", "urllib3", "requests", "httpx", "aiohttp", "http.client", "smtplib", "ftplib",
      "telnetlib"), "uses the network"),
    (("importlib",), "runs dynamically built code"),
    (("ctypes", "cffi"), "reaches into the interpreter"),
    (("os.fork", "os.forkpty", "pty.fork"), "forks processes"),
    (("_workbook_runtime", "_workbook_judge", "_workbook_boot", "workbook.checks.kernel",
      "workbook.checks.runtime", "workbook.checks.wire", "workbook.checks.watch"), "reaches the grader's channel to the kernel"),
]
_CALLED = {"exit": "tries to stop the kernel", "quit": "tries to stop the kernel",
           **{f: "runs dynamically built code" for f in ("exec", "eval", "compile", "__import__", "builtins.exec",
                                                         "builtins.eval", "builtins.compile", "builtins.__import__")}}
_ATTRS = {"__code__": "rewrites functions", "__globals__": "rewrites functions",
          "user_expressions": "reaches the grader's channel to the kernel",
          "do_execute": "reaches the grader's channel to the kernel"}
_COURSE_FILES = re.compile(r"gradebook\.db|nbgrader_config|\bsource/\d\d_|\bsubmitted/|\brelease/\d\d_|autograded/")


def _imports(tree: ast.AST) -> dict[str, str]:
    """Each name an import binds, to the dotted name of what it binds."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                names[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                names[a.asname or a.name] = f"{node.module}.{a.name}"
    return names


def _dotted(node, imports: dict[str, str]) -> str | None:
    """The dotted name an expression reads (``o._exit`` after ``import os as o``: os._exit;
    ``getattr(sys, "modules")``: sys.modules), or None."""
    if isinstance(node, ast.Name):
        return imports.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, imports)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
            and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
        base = _dotted(node.args[0], imports)
        return f"{base}.{node.args[1].value}" if base else None
    return None


def _named(dotted: str) -> list[str]:
    return [why for prefixes, why in _NAMES
            if any(dotted == p or dotted.startswith(p + ".") for p in prefixes)]


def _workbook_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "workbook":
                    names.add((a.asname or a.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "workbook":
            for a in node.names:
                names.add(a.asname or a.name)
    return names


def _root_name(node) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _always_true(fn) -> bool:
    body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    return (len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Constant)
            and body[0].value.value is True)


def scan_code(source: str) -> list[str]:
    """Reasons to look at a student code cell by hand (may be empty)."""
    tree = parsed(source)
    if tree is None:
        return []   # IPython cannot run it: nothing of it runs
    imports = _imports(tree)
    reasons = []
    for dotted in imports.values():
        reasons += _named(dotted)
    wb = _workbook_names(tree)
    for node in ast.walk(tree):
        dotted = _dotted(node, imports)
        if dotted:
            reasons += _named(dotted)
            attr = dotted.rsplit(".", 1)[-1] if not isinstance(node, ast.Name) else None
            if attr in _ATTRS:
                reasons.append(_ATTRS[attr])
        if isinstance(node, ast.Call) and _dotted(node.func, imports) in _CALLED:
            reasons.append(_CALLED[_dotted(node.func, imports)])
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in imports \
                and _CALLED.get(node.id) == "runs dynamically built code":
            reasons.append("runs dynamically built code")   # e = exec; e(text)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _COURSE_FILES.search(node.value):
                reasons.append("names course files")
            if node.value in _ATTRS:   # setattr(f, "__code__", ...), vars(f)["__globals__"]
                reasons.append(_ATTRS[node.value])
        targets = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for t in targets:
            if isinstance(t, (ast.Attribute, ast.Subscript)) and _root_name(t) in wb:
                reasons.append("changes the workbook package (its check helpers)")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" and \
                node.args and _root_name(node.args[0]) in wb:
            reasons.append("changes the workbook package (its check helpers)")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in CHECK_HELPERS:
            reasons.append(f"redefines the check helper {node.name}")
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name) and t.id in CHECK_HELPERS:
                    reasons.append(f"redefines the check helper {t.id}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in ("__eq__", "__ne__") \
                and _always_true(node):
            reasons.append(f"defines {node.name} that always returns True")
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__eq__" for t in node.targets) \
                and isinstance(node.value, ast.Lambda) and isinstance(node.value.body, ast.Constant) \
                and node.value.body.value is True:
            reasons.append("defines __eq__ that always returns True")
    return list(dict.fromkeys(reasons))


def student_code_flags(released, submitted, notebook: str) -> list[Flag]:
    """Scan the code the student wrote: answer cells and cells they added."""
    locked_ids = {(_grade_id(c)) for c in released.cells
                  if _grade_id(c) and (nbm.meta(c).get("locked") or
                                       (nbm.meta(c).get("grade") and not nbm.meta(c).get("solution")))}
    released_sources = {_norm(c.get("source")).strip() for c in released.cells if c.get("cell_type") == "code"}
    flags = []
    for i, c in enumerate(submitted.cells):
        if c.get("cell_type") != "code":
            continue
        g = _grade_id(c)
        if g in locked_ids:
            continue  # restored from the gradebook before running
        src = _norm(c.get("source"))
        if src.strip() in released_sources:
            continue  # the instructor's own worked example, untouched
        label = g or f"cell {i + 1}"
        for why in scan_code(src):
            flags.append(Flag("code", why, notebook, label))
    return flags


def inspect_notebook(release_path: Path, submitted_nb, notebook: str) -> list[Flag]:
    if not release_path.exists():
        return []
    try:
        released = nbm.read(release_path)
    except nbm.NotebookError:
        return []
    return compare_cells(released, submitted_nb, notebook) + student_code_flags(released, submitted_nb, notebook)
