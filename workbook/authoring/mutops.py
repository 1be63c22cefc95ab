"""Mutation operators that students' mistakes suggest (issue 56), for `workbook mutants`.

cosmic-ray's operators change a solution's operators; the mistakes students
make are of other kinds, and each kind is one operator here:

* ``list to tuple`` / ``tuple to list``: a returned literal, or ``list(...)`` /
  ``tuple(...)``, of the other kind (04 q1's pair as a list);
* ``sorted() dropped``: the input's order assumed (``for t in sorted(ts)`` ->
  ``for t in ts``; 04 q7's thresholds walked as given);
* ``round() to int()`` / ``int() to round()``: truncation where rounding is
  asked, and the other way (03 q11's ``int(n_c * f)``);
* comparisons against a stated bound: cosmic-ray flips ``>``/``>=`` and
  ``<``/``<=`` in Python; here the same in awk programs and ``[`` tests of
  shell answers (``$9 >= 500`` -> ``$9 > 500``);
* ``regex class widened``: ``[A-Za-z...]`` -> ``[\\w...]``, ``[0-9]`` -> ``\\d``
  in a pattern (05 q7's ``\\w`` local part that swallows Korean);
* ``action before the plan``: ``df.count()`` before a Spark DataFrame
  parameter's plan is read (09 q15);
* ``parameter fixed``: a parameter with a default replaced by its default in
  the body (``k``, ``alpha``, ``horizon`` ignored).

``requirement_broken`` names, for a surviving mutant, the requirement of the
exercise it most likely breaks (the words of each kind of mistake matched
against the requirement texts of the exercise's ``@exercise``), so that
`workbook mutants` reports what a survivor means."""
from __future__ import annotations

import ast
import re

SHELL_BOUND_OPS = [
    ("awk >= to >", r"(\$\w+\s*)>=(\s*\d)", r"\1>\2"), ("awk > to >=", r"(\$\w+\s*)>(?!=)(\s*\d)", r"\1>=\2"),
    ("awk <= to <", r"(\$\w+\s*)<=(\s*\d)", r"\1<\2"), ("awk < to <=", r"(\$\w+\s*)<(?!=)(\s*\d)", r"\1<=\2"),
    ("test -ge to -gt", r"\s-ge\s", " -gt "), ("test -gt to -ge", r"\s-gt\s", " -ge "),
    ("test -le to -lt", r"\s-le\s", " -lt "), ("test -lt to -le", r"\s-lt\s", " -le "),
]

REGEX_OPS = [
    ("regex class widened", r"\[A-Za-z", r"[\\w"), ("regex class widened", r"\[a-zA-Z", r"[\\w"),
    ("regex class widened", r"\[a-z(?=[^\]]*\])", r"[\\w"), ("regex class widened", r"\[0-9\]", r"\\d"),
]

# the words of the requirement a kind of mistake breaks (lower case, matched against the requirement's key and text)
WORDS = {
    "list to tuple": ("tuple", "list"), "tuple to list": ("tuple", "list"),
    "sorted() dropped": ("any order", "sorted", "order", "given"),
    "round() to int()": ("round", "whole", "nearest"), "int() to round()": ("int", "down", "floor", "whole"),
    "regex class widened": ("latin", "letters", "korean", "digits", "a-z"),
    "action before the plan": ("without running", "no action", "spark job", "action"),
    "comparison": ("at least", "at most", "more than", "fewer than", "less than", "included", "inclusive",
                   "bound", "from", "to ", ">=", "<=", "exclusive", "strict"),
}


def _segment(code: str, node) -> str | None:
    return ast.get_source_segment(code, node)


def _splice(code: str, node, new: str) -> str:
    lines = code.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    a = starts[node.lineno - 1] + node.col_offset
    b = starts[node.end_lineno - 1] + node.end_col_offset
    return code[:a] + new + code[b:]


def python_mutants(code: str) -> list[tuple[str, str]]:
    """(operator, mutated code) of the kinds above, for Python answers."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    out: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and isinstance(node.value, (ast.Tuple, ast.List)) and node.value.elts:
            items = ", ".join(_segment(code, e) or "" for e in node.value.elts)
            if isinstance(node.value, ast.Tuple):
                out.append(("tuple to list", _splice(code, node.value, f"[{items}]")))
            else:
                out.append(("list to tuple", _splice(code, node.value, f"({items},)")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1 and not node.keywords:
            arg = _segment(code, node.args[0])
            name = node.func.id
            if arg is None:
                continue
            if name == "sorted":
                out.append(("sorted() dropped", _splice(code, node, f"({arg})")))
            elif name == "round":
                out.append(("round() to int()", _splice(code, node, f"int({arg})")))
            elif name == "int" and not isinstance(node.args[0], (ast.Constant, ast.Name)):
                out.append(("int() to round()", _splice(code, node, f"round({arg})")))
            elif name in ("list", "tuple"):
                other = "tuple" if name == "list" else "list"
                out.append((f"{name} to {other}", _splice(code, node.func, other)))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 3:
            seg = _segment(code, node)
            if seg is None:
                continue
            for op, pat, repl in REGEX_OPS:
                for m in re.finditer(pat, seg):
                    new = seg[:m.start()] + m.expand(repl) + seg[m.end():]
                    out.append((op, _splice(code, node, new)))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out += _action_before_plan(code, node) + _fixed_parameters(code, node)
    return out


def _action_before_plan(code: str, fn) -> list[tuple[str, str]]:
    """``X.count()`` first in a function whose parameter X is a Spark DataFrame whose plan it reads."""
    params = {a.arg for a in fn.args.args}
    planned = {n.value.id for n in ast.walk(fn) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
               and n.value.id in params and n.attr in ("_jdf", "explain", "queryExecution")}
    out = []
    for name in sorted(planned):
        first = fn.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and len(fn.body) > 1:
            first = fn.body[1]    # after the docstring
        lines = code.splitlines(keepends=True)
        at = sum(len(line) for line in lines[:first.lineno - 1])
        indent = " " * first.col_offset
        out.append(("action before the plan", code[:at] + f"{indent}{name}.count()\n" + code[at:]))
    return out


def _fixed_parameters(code: str, fn) -> list[tuple[str, str]]:
    """Each parameter that has a constant default replaced, in the body, by that default."""
    args = fn.args.args
    defaults = dict(zip([a.arg for a in args[len(args) - len(fn.args.defaults):]], fn.args.defaults))
    defaults.update({a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is not None})
    out = []
    for name, default in defaults.items():
        if not isinstance(default, ast.Constant) or default.value is None or isinstance(default.value, bool):
            continue
        uses = [n for stmt in fn.body for n in ast.walk(stmt)
                if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
        if not uses or any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
                           for stmt in fn.body for n in ast.walk(stmt)):
            continue
        mutated = code
        for use in sorted(uses, key=lambda n: (n.lineno, n.col_offset), reverse=True):
            mutated = _splice(mutated, use, repr(default.value))
        out.append((f"parameter {name} fixed to {default.value!r}", mutated))
    return out


def requirement_broken(operator: str, requirements: dict[str, str]) -> str | None:
    """The key of the requirement a surviving mutant of ``operator`` most likely breaks, or None."""
    if operator.startswith("parameter "):
        name = operator.split()[1]
        words: tuple[str, ...] = (name, name.replace("_", " "), "default", "arg")
    elif operator.startswith(("ReplaceComparisonOperator", "awk ", "test ", "comparison")):
        words = WORDS["comparison"]
    else:
        words = WORDS.get(operator, ())
    best, score = None, 0
    for key, text in requirements.items():
        hay = f"{key} {text}".lower()
        s = sum(w in hay for w in words)
        if s > score:
            best, score = key, s
    return best
