"""Reading the source of a student's answer (for static checks: forbidden
calls, the line budget).

The same rule in both places: among the code the student ran (in grading:
the submitted notebook's own code cells up to the test cell; in a notebook's
own run: the kernel's input history), the *last* top-level definition of the
name wins, as it does at run time. Cells that do not parse are skipped.
"""
from __future__ import annotations

import ast
import textwrap


def _defines(node, name: str) -> bool:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name == name
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return isinstance(node.target, ast.Name) and node.target.id == name
    return False


def find_definition(sources: list[str], name: str, whole_cell: bool = False) -> str | None:
    """The source of the last top-level definition of ``name`` (or, with
    ``whole_cell``, of the whole cell that holds it)."""
    found = None
    for text in sources:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if _defines(node, name):
                found = (text, node)
    if found is None:
        return None
    text, node = found
    if whole_cell:
        return text
    lines = text.splitlines(keepends=True)
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return textwrap.dedent("".join(lines[start - 1:node.end_lineno]))


def executed_sources(namespace: dict) -> list[str]:
    """The cells a kernel ran, in order (IPython's input history ``In``)."""
    history = namespace.get("In")
    if isinstance(history, list):
        return [h for h in history if isinstance(h, str)]
    return []
