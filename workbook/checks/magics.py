"""The IPython syntax a static check can read as the Python it runs: the timing magics (``%time``,
``%timeit``, ``%%time``, ``%%timeit``), help (``name?``) and shell lines (``!ls``, ``files = !ls``).

IPython turns them into calls of its shell (``get_ipython().run_line_magic('timeit', '-n 3 f(x)')``),
which the analysis cannot follow and refuses (deny by default). What those calls run is known: a timing
magic runs its statement with the notebook's namespace (``%time`` as a cell would, ``%timeit`` in a function
over it); help reads a name; a shell line starts a program, as ``subprocess`` may, and changes no name but
the one its output is assigned to. So, before the analysis parses a cell, each such call is replaced by
that Python on the same line, its options read with IPython's own parsers (``%timeit``'s ``parse_options``,
``%time``'s ``magic_arguments``) and its statement transformed as IPython transforms it. Anything else
stays as IPython wrote it, and refused: another magic, a statement that is not one line, a shell line whose
command IPython expands with the namespace (``{expr}``, ``$name``: code the analysis would not see).
"""
from __future__ import annotations

import ast
import functools

_TIMING = ("time", "timeit")
_HELP = ("pinfo", "pinfo2")
_SHELL = ("system", "getoutput")
_EXPANDED = ("{", "}", "$")   # what IPython's var_expand evaluates in a shell line's command


@functools.lru_cache(maxsize=1)
def _execution_magics():
    from IPython.core.magics.execution import ExecutionMagics
    return ExecutionMagics(shell=None)   # its option parsers read no shell


def _statement(name: str, line: str, cell: bool) -> str | None:
    """What a timing magic runs besides a cell's body: ``%time``'s statement ('' for ``%%time``), or
    ``%timeit``'s statement (the setup of ``%%timeit``); None when IPython would refuse the line."""
    magics = _execution_magics()
    try:
        if name == "timeit":
            _, stmt = magics.parse_options(line, "n:r:tcp:qov:", posix=False, strict=False,
                                           preserve_non_opts=True)
        else:
            from IPython.core import magic_arguments
            _, extra = magic_arguments.parse_argstring(magics.time, line, partial=True)
            stmt = " ".join(extra)
            if stmt and cell:   # "Can't use statement directly after '%%time'!": nothing runs
                return None
    except Exception:   # noqa: BLE001 -- IPython's own parsers refuse it: the call stays, refused
        return None
    return stmt


def _constants(call, method: str, n: int) -> tuple | None:
    """The string arguments of ``get_ipython().<method>(...)`` (``n`` of them), or None."""
    f = call.func if isinstance(call, ast.Call) else None
    if not (isinstance(f, ast.Attribute) and f.attr == method and isinstance(f.value, ast.Call)
            and isinstance(f.value.func, ast.Name) and f.value.func.id == "get_ipython"
            and not f.value.args and not f.value.keywords and not call.keywords and len(call.args) == n
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)):
        return None
    return tuple(a.value for a in call.args)


def _one_line(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.rstrip("\n")
    return None if "\n" in code or not code.strip() else code


def _replacement(call, statement: bool, transform) -> str | None:
    """The Python that ``call`` (a call of IPython's shell) runs, as one line: a statement when ``statement``
    (the call is the whole statement), else an expression (its value is assigned); None: it stays."""
    for method in ("run_line_magic",) + _SHELL:
        args = _constants(call, method, 2 if method == "run_line_magic" else 1)
        if args is not None:
            break
    else:
        return None
    if method in _SHELL:
        return None if any(c in args[0] for c in _EXPANDED) else "None"
    name, line = args
    if name in _HELP:
        target = line.strip()
        return target if target and all(p.isidentifier() for p in target.split(".")) else None
    if name not in _TIMING:
        return None
    stmt = _statement(name, line, cell=False)
    code = _one_line(transform(stmt)) if stmt else None
    if code is None:
        return None
    if not statement:   # an assignment of its value: only an expression has one the analysis can read
        try:
            ast.parse(code, mode="eval")
        except SyntaxError:
            return None
        return "(" + code + ")"
    return code


def readable(code: str, transform) -> str:
    """``code`` (a cell as IPython's input transformers gave it) with the calls of IPython's shell that run
    known Python replaced by that Python, line for line; ``transform``: how IPython transforms a text (the
    statement of a magic, the body of a cell magic). ``code`` itself when it does not parse."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return code
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):   # a cell magic: the whole cell is one call
        args = _constants(tree.body[0].value, "run_cell_magic", 3)
        if args is not None:
            if args[0] not in _TIMING:
                return code
            first = _statement(args[0], args[1], cell=True)
            first = "" if first == "" else _one_line(transform(first)) if first is not None else None
            body = transform(args[2])
            if first is None or body is None:
                return code
            blank = len(args[2]) - len(args[2].lstrip("\n"))   # blank lines IPython dropped above the body
            if body.count("\n") < args[2].count("\n"):
                body = "\n" * blank + body
            return first + "\n" + body
    edits = []   # (line, start, end, text): byte offsets of one line
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr):
            call, statement = node.value, True
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            call, statement = node.value, False
        else:
            continue
        if not isinstance(call, ast.Call) or call.lineno != call.end_lineno:
            continue
        text = _replacement(call, statement, transform)
        if text is not None:
            edits.append((call.lineno, call.col_offset, call.end_col_offset, text))
    if not edits:
        return code
    lines = code.splitlines(keepends=True)
    for lineno, start, end, text in sorted(edits, reverse=True):
        raw = lines[lineno - 1].encode()
        lines[lineno - 1] = (raw[:start] + text.encode() + raw[end:]).decode()
    return "".join(lines)
