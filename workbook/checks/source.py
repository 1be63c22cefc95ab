"""Reading the source of a student's answer (for static checks: forbidden
calls, the line budget).

The same rule in both places: among the code the student ran (in grading:
the submitted notebook's own code cells up to the test cell; in a notebook's
own run: the kernel's input history), the *last* top-level definition of the
name wins, as it does at run time. Cells that do not parse are skipped.
"""
from __future__ import annotations

import ast
import functools
import textwrap
from dataclasses import dataclass


def _defines(node, name: str) -> bool:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name == name
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return isinstance(node.target, ast.Name) and node.target.id == name
    return False


@functools.lru_cache(maxsize=512)
def parsed(text: str) -> ast.Module | None:
    """A cell's syntax tree, or None when it does not parse. The judge reads
    the same cells again for every test cell and request: the tree is shared,
    so read it, never change it."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def find_definition(sources: list[str], name: str, whole_cell: bool = False) -> str | None:
    """The source of the last top-level definition of ``name`` (or, with
    ``whole_cell``, of the whole cell that holds it)."""
    found = None
    for text in sources:
        tree = parsed(text)
        if tree is None:
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


# ------------------------------------------------------------------ closure
# What a static check reads: not only the last definition of the answer, but
# every binding of its name anywhere in the student's code (a decoy ``def``
# followed by an ``import ... as name`` hides nothing), and, transitively,
# every top-level binding of every name those bindings read (a helper in
# another cell, an alias ``helper = F.softmax``). Bindings inside ``if``,
# ``for``, ``with`` and ``try`` blocks at the top level count too.

@dataclass(frozen=True)
class Binding:
    """One top-level statement of the student's code that binds a name."""

    cell: int            # index in the sources
    node: ast.AST        # the statement (def, class, assignment, import...)
    text: str            # the source of the cell it is in

    @property
    def source(self) -> str:
        lines = self.text.splitlines(keepends=True)
        start = min([self.node.lineno] + [d.lineno for d in getattr(self.node, "decorator_list", [])])
        return textwrap.dedent("".join(lines[start - 1:self.node.end_lineno]))


def _top_statements(body):
    """Statements at module level, descending into blocks that do not open a
    new scope (if, for, while, with, try, match)."""
    for node in body:
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        for field_name in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, field_name, None)
            if isinstance(block, list):
                yield from _top_statements([b for b in block if isinstance(b, ast.AST)])


def _bound_names(node) -> set[str]:
    """Names a top-level statement binds in the module's namespace."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, ast.ExceptHandler):
        return {node.name} if node.name else set()
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
        targets = [node.target]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        targets = [i.optional_vars for i in node.items if i.optional_vars is not None]
    out = set()
    for t in targets:
        out |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    # a walrus at the top level binds too
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        for n in ast.walk(node):
            if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name):
                out.add(n.target.id)
    return out


def _own_part(node):
    """The part of a statement that belongs to its binding: for a block
    statement (for, with) its header, not the body (whose statements are
    bindings of their own)."""
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [node.target, node.iter]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return list(node.items)
    if isinstance(node, ast.ExceptHandler):
        return [node.type] if node.type is not None else []
    return [node]


def _parsed(sources: list[str]):
    for i, text in enumerate(sources):
        tree = parsed(text)
        if tree is not None:
            yield i, text, tree


def all_bindings(sources: list[str]) -> dict[str, list[Binding]]:
    out: dict[str, list[Binding]] = {}
    for i, text, tree in _parsed(sources):
        for node in _top_statements(tree.body):
            for name in _bound_names(node):
                out.setdefault(name, []).append(Binding(i, node, text))
    return out


def star_imports(sources: list[str]) -> list[Binding]:
    """``from m import *`` statements: they bind names no one can list."""
    return [Binding(i, node, text) for i, text, tree in _parsed(sources) for node in _top_statements(tree.body)
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)]


def _globals_read(table, out: set) -> set:
    for sym in table.get_symbols():
        if not sym.is_referenced():
            continue
        if table.get_type() == "module" or sym.is_global():
            out.add(sym.get_name())
    for child in table.get_children():
        _globals_read(child, out)
    return out


def names_read(node) -> set[str]:
    """The module-level names a statement reads (Python's own scoping, from
    ``symtable``: a function's local variable is not a read of a top-level
    name of the same spelling)."""
    import symtable
    out: set[str] = set()
    for part in _own_part(node):
        if isinstance(part, ast.withitem):
            part = part.context_expr
        try:
            code = ast.unparse(part)
            if not isinstance(part, ast.stmt):
                code = f"({code})"
            _globals_read(symtable.symtable(code, "<binding>", "exec"), out)
        except (SyntaxError, ValueError):
            out |= {n.id for n in ast.walk(part) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return out


def closure(sources: list[str], name: str) -> list[Binding]:
    """Every binding of ``name`` in the student's code and, transitively,
    every binding of a top-level name they read, in source order."""
    bindings = all_bindings(sources)
    seen_names, seen, order = set(), set(), []
    todo = [name]
    while todo:
        n = todo.pop()
        if n in seen_names:
            continue
        seen_names.add(n)
        for b in bindings.get(n, []):
            key = (b.cell, b.node.lineno, b.node.col_offset)
            if key in seen:
                continue
            seen.add(key)
            order.append(b)
            todo.extend(names_read(b.node) - seen_names)
    return sorted(order, key=lambda b: (b.cell, b.node.lineno))


# calls and names through which code reaches a function without naming it
DYNAMIC_CALLS = {"eval", "exec", "compile", "globals", "vars", "locals", "__import__", "getattr", "setattr",
                 "attrgetter", "methodcaller", "import_module"}
DYNAMIC_NAMES = {"importlib", "builtins", "__builtins__", "__dict__", "modules", "__getattribute__"}


def dynamic_uses(node) -> list[tuple[str, int]]:
    """(what, line) for each place where ``node`` reaches a name dynamically:
    eval/exec, globals(), getattr with a computed name, sys.modules..."""
    out = []
    for part in _own_part(node):
        for n in ast.walk(part):
            if isinstance(n, ast.Call):
                f = n.func
                fname = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if fname in ("getattr", "setattr", "attrgetter", "methodcaller", "hasattr", "delattr"):
                    if len(n.args) >= (2 if fname in ("getattr", "setattr", "hasattr", "delattr") else 1):
                        key = n.args[1] if fname in ("getattr", "setattr", "hasattr", "delattr") else n.args[0]
                        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                            out.append((f"{fname}() with a computed name", n.lineno))
                elif fname in DYNAMIC_CALLS and isinstance(f, ast.Name):
                    out.append((f"{fname}()", n.lineno))
                elif fname == "import_module":
                    out.append(("import_module()", n.lineno))
            elif isinstance(n, ast.Name) and n.id in DYNAMIC_NAMES:
                out.append((n.id, n.lineno))
            elif isinstance(n, ast.Attribute) and n.attr in DYNAMIC_NAMES:
                out.append((n.attr, n.lineno))
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                mods = [a.name for a in n.names] + ([n.module] if isinstance(n, ast.ImportFrom) and n.module else [])
                if any(m and m.split(".")[0] in ("importlib", "builtins") for m in mods):
                    out.append(("importlib or builtins", n.lineno))
    return out


def names_used(node) -> list[tuple[str, int, str]]:
    """(name, line, kind) for every attribute ("attr"), imported name or
    module ("import"), name read ("name"), and constant name given to
    getattr/attrgetter or used as a subscript ("string"), in the binding's
    own part."""
    out = []
    for part in _own_part(node):
        for n in ast.walk(part):
            if isinstance(n, ast.Attribute):
                out.append((n.attr, n.lineno, "attr"))
            elif isinstance(n, ast.ImportFrom):
                out += [(a.name, n.lineno, "import") for a in n.names]
                out += [(m, n.lineno, "import") for m in (n.module or "").split(".") if m]
            elif isinstance(n, ast.Import):
                out += [(m, n.lineno, "import") for a in n.names for m in a.name.split(".")]
            elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                out.append((n.id, n.lineno, "name"))
            elif isinstance(n, ast.Call):
                f = n.func
                fname = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if fname in ("getattr", "hasattr", "attrgetter", "methodcaller"):
                    for a in n.args:
                        if isinstance(a, ast.Constant) and isinstance(a.value, str):
                            out += [(x, n.lineno, "string") for x in a.value.split(".")]
            elif isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str):
                out.append((n.slice.value, n.lineno, "string"))
    return sorted(out, key=lambda t: t[1])


# ------------------------------------------------------------------ imports
def _library_roots() -> frozenset[str]:
    """Top-level modules of the standard library and of the installed
    distributions: code the grader can read (a student's own ``.py`` file,
    written by a cell, is not among them)."""
    import sys
    from importlib.metadata import packages_distributions
    global _LIBRARY_ROOTS
    if _LIBRARY_ROOTS is None:
        _LIBRARY_ROOTS = frozenset(sys.stdlib_module_names) | frozenset(packages_distributions())
    return _LIBRARY_ROOTS


_LIBRARY_ROOTS = None


def unreadable_imports(node) -> list[tuple[str, int]]:
    """(module, line) for each import in ``node`` whose code the grader
    cannot read: a relative import, a module that is neither in the standard
    library nor installed (a file the student wrote), or a name that the
    installed module does not have (a file that shadows a library)."""
    import importlib.util
    import sys
    out = []
    for n in (x for part in _own_part(node) for x in ast.walk(part) if isinstance(x, (ast.Import, ast.ImportFrom))):
        if isinstance(n, ast.ImportFrom) and n.level:
            out.append(("." * n.level + (n.module or ""), n.lineno))
            continue
        modules = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module or ""]
        for m in modules:
            if m.split(".")[0] not in _library_roots():
                out.append((m, n.lineno))
        if isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] in _library_roots():
            mod = sys.modules.get(n.module)
            for a in n.names:
                if a.name == "*" or mod is None:
                    continue
                if not hasattr(mod, a.name):
                    try:
                        found = importlib.util.find_spec(f"{n.module}.{a.name}") is not None
                    except (ImportError, ValueError):
                        found = False
                    if not found:
                        out.append((f"{n.module}.{a.name}", n.lineno))
    return out
