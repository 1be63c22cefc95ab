"""Reading the student's code as IPython runs it, for the static checks
(forbidden calls, library bans, line budgets): ``Program``, the one closure
analysis.

What a cell runs is not its text but IPython's transformation of it
(``TransformerManager().transform_cell``, as the kernel does: a cell indented
as a whole is dedented; ``%magic``, ``!command`` and ``name?`` become
``get_ipython()`` calls; a ``%%cell`` magic becomes one call that takes the
body as a string). The calls whose Python is known (timing magics, help,
shell lines: ``magics.readable``) are then read as that Python. Every cell is
transformed first, then parsed with top-level ``await`` allowed, as IPython
allows it.

Among those cells a static check reads every binding of the answer's name
(not only the last one: a decoy ``def`` followed by an import hides nothing),
in every cell and inside if/for/with/try blocks, and, transitively, every
top-level name those bindings read (Python's own scoping, ``symtable``),
every assignment to an attribute they read (``F.relu = F.softmax`` in another
cell) and the library objects their imports name.

Deny by default (``Refusal``): a cell that does not parse even so; anywhere in
the student's cells, code that reaches names the analysis cannot follow (eval,
exec, getattr with a computed name it cannot list, globals(), sys.modules,
frames, a magic other than those ``magics`` reads, IPython's machinery, a module that runs text
as code...: ``dynamic``); in
the answer's closure, a name that no cell binds, an import of a file the
student wrote, an attribute that the imported library does not have. A check
that depends on the analysis fails with the refusal, never passes.

In grading the cells are the submitted notebook's (the instructor's read-only
cells are read too, as given: followed, never blamed); in a notebook's own
run, the kernel's input history.
"""
from __future__ import annotations

import ast
import builtins
import functools
import textwrap
import threading
from dataclasses import dataclass

from ..messages import Message, msg

from .dynamic import Chains, Listing, dynamic_code
from .magics import readable
from .patches import mutable_value, patches
from .libraries import MISSING, import_targets, resolve, is_library, star_names


# ------------------------------------------------------------------ what IPython runs
@functools.lru_cache(maxsize=1)
def _transformer():
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:   # not a kernel IPython runs: the text is the code
        return None
    return TransformerManager()


@functools.lru_cache(maxsize=2048)
def ipython_code(text: str) -> str | None:
    """The code IPython runs for a cell's text (its input transformers), or
    None when IPython itself cannot transform it."""
    tm = _transformer()
    if tm is None:
        return text
    try:
        code = tm.transform_cell(text)
    except Exception:   # noqa: BLE001 -- a cell IPython refuses runs nothing
        return None
    return readable(code, ipython_code)   # the timing magics, help and shell lines as the Python they run


_PARSE_FLAGS = ast.PyCF_ONLY_AST | getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)
# Python 3.11's conversions between syntax trees and their Python objects keep one recursion counter for the
# whole interpreter (python/cpython#106905): two threads converting at once fail with "AST constructor
# recursion depth mismatch". The judge's code that parses or compiles a tree holds this lock, and so does
# its thread that imports ahead (judge.import_ahead), whose imports may parse too.
AST_LOCK = threading.RLock()


@functools.lru_cache(maxsize=2048)
def _parse(code: str):
    try:
        with AST_LOCK:
            return compile(code, "<cell>", "exec", _PARSE_FLAGS, dont_inherit=True), None
    except (SyntaxError, ValueError) as e:
        return None, e


@dataclass(frozen=True)
class _CellFacts:
    """What ``Program`` reads of one parsed cell alone, in its order: the same for every Program that
    holds the cell (``_cell_facts``)."""
    tree: ast.Module      # the tree they were read from: their nodes are its nodes
    top: tuple            # (statement, names it binds, a star import?) for each of _top_statements(body)
    written: tuple        # (statement of body, the names it writes that _bound_names does not list)
    handlers: tuple       # (a try's handler name, a top statement of that try's body)
    statements: tuple     # _top_statements(body)
    body: tuple           # (statement of body, attributes it assigns, names whose object it may change)
    imports: tuple        # (alias, dotted name) of every import, at any depth
    other: frozenset      # names bound otherwise (stored, deleted, a def, a class, an argument)


@functools.lru_cache(maxsize=2048)
def _cell_facts(code: str) -> _CellFacts:
    """The facts of the tree ``_parse(code)`` gives, read once per cell text: the mutants and answer
    variants of `workbook mutants` each build a Program of the whole notebook with one cell changed
    (11's walk read the other cells again for each of its 910 mutants). ``Program`` uses them only for
    the very tree it holds (``_parse``'s cache may have parsed the text again since)."""
    return _read_cell(_parse(code)[0])


def _read_cell(tree) -> _CellFacts:
    """A parsed cell's facts (``_CellFacts``)."""
    top = tuple((node, tuple(_bound_names(node)),
                 isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names))
                for node in _top_statements(tree.body))
    written = tuple((stmt, tuple(names_written(stmt) - _bound_names(stmt))) for stmt in tree.body)
    handlers = tuple((handler.name, stmt) for node in ast.walk(tree)
                     if isinstance(node, ast.Try) or (hasattr(ast, "TryStar") and isinstance(node, ast.TryStar))
                     for handler in (h for h in node.handlers if h.name)
                     for stmt in _top_statements(node.body))
    body = tuple((stmt, tuple(_attributes_assigned(stmt)), tuple(_names_changed(stmt))) for stmt in tree.body)
    imports, other = [], set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            imports += import_targets(n).items()
        elif isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            other.add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            other.add(n.name)
        elif isinstance(n, ast.arg):
            other.add(n.arg)
    return _CellFacts(tree, top, written, handlers, tuple(_top_statements(tree.body)), body, tuple(imports),
                      frozenset(other))


def parsed(text: str) -> ast.Module | None:
    """A cell's syntax tree as IPython runs it, or None when it does not
    parse. The judge reads the same cells again for every test cell and
    request: the tree is shared, so read it, never change it."""
    code = ipython_code(text)
    return None if code is None else _parse(code)[0]


def _defines(node, name: str) -> bool:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name == name
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return isinstance(node.target, ast.Name) and node.target.id == name
    return False


def find_definition(sources: list[str], name: str, whole_cell: bool = False) -> str | None:
    """The source (as IPython runs it) of the last top-level definition of
    ``name`` (or, with ``whole_cell``, of the whole cell that holds it)."""
    found = None
    for text in sources:
        tree = parsed(text)
        if tree is None:
            continue
        for node in tree.body:
            if _defines(node, name):
                found = (ipython_code(text), node)
    if found is None:
        return None
    code, node = found
    if whole_cell:
        return code
    return _statement_source(code, node)


def _statement_source(code: str, node) -> str:
    lines = code.splitlines(keepends=True)
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return textwrap.dedent("".join(lines[start - 1:node.end_lineno]))


def executed_sources(namespace: dict) -> list[str]:
    """The cells a kernel ran, in order (IPython's input history ``In``)."""
    history = namespace.get("In")
    if isinstance(history, list):
        return [h for h in history if isinstance(h, str)]
    return []


def is_exercise_cell(source: str) -> bool:
    """A test cell written in the exercise format: a top-level function
    decorated with ``@exercise(...)`` (an instructor's cell, or a cell of the
    kernel's history, which holds what IPython ran)."""
    tree = _parse(source)[0]
    if tree is None:
        return False
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:
                f = d.func if isinstance(d, ast.Call) else d
                if (isinstance(f, ast.Name) and f.id == "exercise") or \
                        (isinstance(f, ast.Attribute) and f.attr == "exercise"):
                    return True
    return False


def _exercise_question(decorator) -> str | None:
    """The question of an ``@exercise("q7", ...)`` decorator, or None."""
    if not isinstance(decorator, ast.Call) or not decorator.args:
        return None
    f = decorator.func
    if not ((isinstance(f, ast.Name) and f.id == "exercise") or (isinstance(f, ast.Attribute) and f.attr == "exercise")):
        return None
    first = decorator.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def exercise_answers(sources) -> dict[str, tuple[str, ...]]:
    """Answer name -> the questions whose test takes it, read from test cells
    in the exercise format: ``@exercise("q6") def test(box_iou: callable)``
    declares that ``box_iou`` answers q6. What ``static.check_self_contained``
    calls the answers to other questions."""
    out: dict[str, tuple[str, ...]] = {}
    for source in sources:
        tree = _parse(source)[0] if isinstance(source, str) else None
        for node in (tree.body if tree is not None else []):
            if not isinstance(node, ast.FunctionDef):
                continue
            for question in filter(None, map(_exercise_question, node.decorator_list)):
                for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
                    if question not in out.get(arg.arg, ()):
                        out[arg.arg] = out.get(arg.arg, ()) + (question,)
    return out


# ------------------------------------------------------------------ bindings
@dataclass(frozen=True)
class Binding:
    """One top-level statement of the code that binds a name (or assigns an
    attribute). ``given``: an instructor's read-only cell (followed, never
    blamed)."""

    cell: int            # index in the program's cells
    node: ast.AST        # the statement (def, class, assignment, import...)
    text: str            # the code of the cell it is in, as IPython runs it
    given: bool = False
    label: str = ""
    offset: int = 0      # lines IPython dropped above the code (leading blank lines): add to a line to show it

    @property
    def source(self) -> str:
        return _statement_source(self.text, self.node)


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


def _first_use(node, name: str) -> int:
    """The line (in the statement's own numbering) where ``node`` first reads ``name``; the statement's
    line when no plain name node reads it (a name read by a nested scope's default, say)."""
    lines = [n.lineno for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == name]
    return min(lines) if lines else _line(node)


def _defining_cell(b) -> "str | Message":
    """A binding's cell as the student finds it: the cell that defines the first name it binds (its
    label, ``In [n]``, when it binds none)."""
    names = sorted(_bound_names(b.node))
    return msg("the cell that defines `{name}`", name=names[0]) if names else b.label


def _bound_names(node) -> set[str]:
    """Names a top-level statement binds in the module's namespace."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
    if isinstance(node, ast.ExceptHandler):
        return {node.name} if node.name else set()
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
        targets = [node.target]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        targets = [i.optional_vars for i in node.items if i.optional_vars is not None]
    elif isinstance(node, ast.Delete):
        targets = node.targets
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        return set()
    elif hasattr(ast, "match_case") and isinstance(node, ast.match_case):
        return {n.name for n in ast.walk(node.pattern) if isinstance(getattr(n, "name", None), str)} | \
            {n.rest for n in ast.walk(node.pattern) if isinstance(getattr(n, "rest", None), str)}
    out = set()
    for t in targets:
        out |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    # a walrus at the top level binds too
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        for n in _own_nodes(node):
            if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name):
                out.add(n.target.id)
    return out


def _own_part(node):
    """The part of a statement that belongs to its binding: for a block
    statement (if, for, while, with, try, match) its header, not the body
    (whose statements are bindings of their own)."""
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [node.target, node.iter]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return list(node.items)
    if isinstance(node, ast.ExceptHandler):
        return [node.type] if node.type is not None else []
    if isinstance(node, (ast.If, ast.While)):
        return [node.test]
    if isinstance(node, ast.Try) or (hasattr(ast, "TryStar") and isinstance(node, ast.TryStar)):
        return []
    if hasattr(ast, "Match") and isinstance(node, ast.Match):
        return [node.subject]
    if hasattr(ast, "match_case") and isinstance(node, ast.match_case):
        return [node.pattern] + ([node.guard] if node.guard is not None else [])
    return [node]


def _own_nodes(node):
    for part in _own_part(node):
        yield from ast.walk(part)


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
        if hasattr(ast, "pattern") and isinstance(part, ast.pattern):   # a match case's pattern: its captures
            for p in ast.walk(part):                                   # bind; values and classes are read
                exprs = [p.value] if isinstance(p, ast.MatchValue) else [p.cls] if isinstance(p, ast.MatchClass) \
                    else list(p.keys) if isinstance(p, ast.MatchMapping) else []
                out |= {n.id for e in exprs for n in ast.walk(e) if isinstance(n, ast.Name)}
            continue
        try:
            code = ast.unparse(part)
            if not isinstance(part, ast.stmt):
                code = f"({code})"
            _globals_read(symtable.symtable(code, "<binding>", "exec"), out)
        except (SyntaxError, ValueError):
            out |= {n.id for n in ast.walk(part) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return out


def names_written(node) -> set[str]:
    """The module-level names a statement may bind, anywhere inside it
    (Python's own scoping, from ``symtable``): its own targets, a walrus in a
    default or a decorator, a name a function or a class body declares
    ``global`` and assigns."""
    import symtable
    out: set[str] = set()

    def walk(table, top):
        for sym in table.get_symbols():
            if (top and (sym.is_assigned() or sym.is_imported())) or \
                    (not top and sym.is_declared_global() and sym.is_assigned()):
                out.add(sym.get_name())
        for child in table.get_children():
            walk(child, False)
    try:
        walk(symtable.symtable(ast.unparse(node), "<binding>", "exec"), True)
    except (SyntaxError, ValueError):
        out |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return out


_LITERALS = (ast.Constant,)


def _immutable_value(node) -> bool:
    """A binding whose value is a literal no statement can change in place
    (a number, a string, None, a tuple of those)."""
    value = getattr(node, "value", None) if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
    if isinstance(value, ast.UnaryOp):
        value = value.operand
    if isinstance(value, ast.Tuple):
        return all(isinstance(e, ast.Constant) for e in value.elts)
    return isinstance(value, ast.Constant)


def _line(node) -> int:
    """A statement's first line (a match case's is its pattern's)."""
    return getattr(node, "lineno", None) or node.pattern.lineno


def _root(node):
    """The name an attribute or subscript chain starts from (``F`` for
    ``F.a.b[0]``), or None."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


_OWN_OBJECT = {"self", "cls"}   # an assignment to self.x is part of its class, read with it


def _attributes_assigned(stmt) -> set[str]:
    """Attribute names a statement (anywhere inside it) assigns or deletes on
    an object that is not ``self``/``cls``: ``F.relu = ...``, ``del m.x``,
    ``setattr(m, "relu", ...)``."""
    out = set()
    for n in ast.walk(stmt):
        if isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del)) and \
                _root(n.value) not in _OWN_OBJECT:
            out.add(n.attr)
        elif isinstance(n, ast.Call) and _call_name(n) in ("setattr", "delattr") and len(n.args) >= 2 and \
                isinstance(n.args[1], ast.Constant) and isinstance(n.args[1].value, str) and \
                _root(n.args[0]) not in _OWN_OBJECT:
            out.add(n.args[1].value)
    return out


# builtins that store nothing into their arguments (setattr and friends are refused as dynamic anyway)
_BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_")) - {"setattr", "delattr", "exec", "eval"}


def _names_changed(stmt) -> set[str]:
    """Names whose object a statement (anywhere inside it, a function it
    defines included) may change without binding the name again: the receiver
    of a method call (``k.append(x)``, ``d.update(a=x)``, ``k.__setitem__``),
    the object of a subscript or attribute store (``d[0] = x``, ``del k[0]``,
    ``o.a += x``) and a name given to a call that is not a builtin's
    (``fill(k)``, ``list.append(k, x)``, ``operator.setitem(d, 0, x)``). A value an answer reads is what every such
    statement left in it, so the closure follows them too."""
    out = set()
    for n in ast.walk(stmt):
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Attribute):
                out.add(_root(n.func.value))
            if isinstance(n.func, ast.Name) and n.func.id in _BUILTIN_NAMES:
                continue   # print(k), len(k), isinstance(k, list): a builtin stores nothing into its arguments
            for a in [*n.args, *(k.value for k in n.keywords)]:
                a = a.value if isinstance(a, ast.Starred) else a
                if isinstance(a, ast.Name):
                    out.add(a.id)
        elif isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = n.targets if isinstance(n, (ast.Assign, ast.Delete)) else [n.target]
            for t in targets:
                for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]):
                    if isinstance(e, (ast.Subscript, ast.Attribute)):
                        out.add(_root(e))
    out.discard(None)
    return out - _OWN_OBJECT


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def names_used(node, listed: dict[int, tuple[str, ...]] | None = None) -> list[tuple[str, int, str]]:
    """(name, line, kind) for every attribute ("attr"), imported name or
    module ("import"), name read ("name"), and constant name given to
    getattr/attrgetter or used as a subscript ("string"), in the binding's
    own part. ``listed`` (``Program.listed``): a computed name given to
    getattr/attrgetter whose values the analysis lists is each of them, as
    a constant ("string")."""
    listed = listed or {}
    out = []
    for n in _own_nodes(node):
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
            if _call_name(n) in ("getattr", "hasattr", "setattr", "delattr", "attrgetter", "methodcaller"):
                for a in n.args:
                    if isinstance(a, ast.Constant) and isinstance(a.value, str):
                        out += [(x, n.lineno, "string") for x in a.value.split(".")]
                    for value in listed.get(id(a), ()):
                        out += [(x, n.lineno, "string") for x in value.split(".")]
        elif isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str):
            out.append((n.slice.value, n.lineno, "string"))
    return sorted(out, key=lambda t: t[1])


def unreadable_imports(node) -> list[tuple[str, int]]:
    """(module, line) for each import in ``node`` whose code the grader
    cannot read: a relative import, a module that is neither in the standard
    library nor installed (a file the student wrote), or a name that the
    installed module does not have (a file that shadows a library)."""
    out = []
    for n in (x for x in _own_nodes(node) if isinstance(x, (ast.Import, ast.ImportFrom))):
        if isinstance(n, ast.ImportFrom) and n.level:
            out.append(("." * n.level + (n.module or ""), n.lineno))
            continue
        modules = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module or ""]
        for m in modules:
            if not is_library(m.split(".")[0]):
                out.append((m, n.lineno))
        if isinstance(n, ast.ImportFrom) and n.module and is_library(n.module.split(".")[0]):
            for a in n.names:
                if a.name != "*" and resolve(f"{n.module}.{a.name}") is MISSING:
                    out.append((f"{n.module}.{a.name}", n.lineno))
    return out


@dataclass(frozen=True)
class Refusal:
    """Why the analysis cannot read a student's code: the cell (its label),
    the line (as IPython runs the cell) and what."""

    label: str | Message     # a message ("cell 3") or a label of code ("In [3]")
    line: int
    what: str | Message      # a message, or code as it is (``.f_globals``)
    kind: str      # unreadable | dynamic | unbound | import | attribute


class Program:
    """The student's cells (and the instructor's read-only cells, ``given``)
    as IPython runs them: bindings, the closure of an answer, and what the
    analysis refuses."""

    def __init__(self, sources: list[str], given: list[str] = (), labels: list[str] | None = None,
                 given_labels: list[str] | None = None):
        labels = list(labels) if labels is not None else [msg("cell {n}", n=i + 1) for i in range(len(sources))]
        given_labels = list(given_labels) if given_labels is not None else [msg("read-only cell {n}", n=i + 1)
                                                                            for i in range(len(given))]
        self.cells = []   # (label, raw, code, tree, error, given)
        self.offsets = []
        for raw, label, is_given in [(s, labels[i], False) for i, s in enumerate(sources)] + \
                [(s, given_labels[i], True) for i, s in enumerate(given)]:
            code = ipython_code(raw)
            tree, err = (None, None) if code is None else _parse(code)
            self.cells.append((label, raw, code, tree, err, is_given))
            self.offsets.append(_dropped_lines(raw, code))
        self.bindings: dict[str, list[Binding]] = {}
        self.attributes: dict[str, list[Binding]] = {}
        self.imports: dict[str, set[str]] = {}      # alias -> dotted names it is bound to (any scope)
        self.other_bindings: set[str] = set()       # names also bound by something that is not an import
        self.stars: list[Binding] = []
        self.changes: dict[str, list[Binding]] = {}   # name -> statements that may change its object (a student's)
        self.statements: list[Binding] = []           # every statement of the student's cells, at any block depth
        self._mention_cache: dict[int, set[str]] = {}
        for i, (label, raw, code, tree, err, is_given) in enumerate(self.cells):
            if tree is None:
                continue
            facts = _cell_facts(code)
            if facts.tree is not tree:
                facts = _read_cell(tree)

            def bind(node, i=i, label=label, is_given=is_given):
                return Binding(i, node, code, is_given, label, self.offsets[i])
            for node, names, star in facts.top:
                b = bind(node)
                for name in names:
                    self.bindings.setdefault(name, []).append(b)
                if star:
                    self.stars.append(b)
                    if node.module and not node.level:
                        for name in star_names(node.module):
                            self.bindings.setdefault(name, []).append(b)
            # a statement binds every module-level name it writes, however (a walrus in a default, `global x`
            # in a function or a class body at any depth); a try's body is a binding of its handlers' names
            # (``raise E(value)`` ... ``except E as e``)
            for stmt, names in facts.written:
                for name in names:
                    self.bindings.setdefault(name, []).append(bind(stmt))
            for name, stmt in facts.handlers:
                self.bindings.setdefault(name, []).append(bind(stmt))
            if not is_given:
                self.statements += [bind(stmt) for stmt in facts.statements]
                for stmt, attrs, changed in facts.body:
                    b = bind(stmt)
                    for attr in attrs:
                        self.attributes.setdefault(attr, []).append(b)
                    for name in changed:
                        self.changes.setdefault(name, []).append(b)
            for alias, target in facts.imports:
                self.imports.setdefault(alias, set()).add(target)
            self.other_bindings |= facts.other
        # the computed names whose values the analysis lists (getattr(row, f) for f in FEATURES): id -> values
        self.listed: dict[int, tuple[str, ...]] = Listing([c[3] for c in self.cells if c[3] is not None],
                                                          self.imports).values

    # -------------------------------------------------------------- the whole notebook
    @functools.cached_property
    def problems(self) -> list[Refusal]:
        """What the analysis cannot follow anywhere in the student's cells
        (any one of them makes every static check fail)."""
        out: list[Refusal] = []
        for i, (label, raw, code, tree, err, is_given) in enumerate(self.cells):
            if is_given:
                continue
            shift = self.offsets[i]
            if code is None:
                out.append(Refusal(label, 1, msg("IPython cannot read this cell"), "unreadable"))
            elif tree is None:
                line = (getattr(err, "lineno", None) or 1) + shift
                out.append(Refusal(label, line, msg("it does not parse: {error}", error=getattr(err, "msg", err)),
                                   "unreadable"))
            else:
                out += [Refusal(label, line + shift, what, "dynamic")
                        for what, line in dynamic_code(tree, self.imports, self.listed)]
                out += [Refusal(label, p[1] + shift, p[0], p[2] if len(p) > 2 else "dynamic")
                        for p in patches(tree, self.imports)]
        return out

    # -------------------------------------------------------------- an answer's closure
    def closure(self, name: str, attributes: bool = True, mentions: bool = False,
                changes: bool = True) -> list[Binding]:
        """Every binding of ``name`` and, transitively, every binding of a
        top-level name they read and every statement that may change the
        object such a name holds (``_names_changed``: ``k.append(F.softmax)``
        leaves F.softmax in ``k``; a name bound only by imports is a library,
        whose calls change nothing of the student's), and, with
        ``attributes``, every statement that assigns an attribute they read;
        in source order.

        With ``mentions`` (for prohibitions only: it over-approximates, so a
        check that a use is *absent* may rely on it, never one that a use is
        present), a value the definitions read that can change in place (a
        list, a dict, an object: ``_mutable``) is followed into every
        statement that names it, and an alias such a statement binds
        (``j = k``, ``ap = k.append``) likewise, and so is a function or a
        class of the student's (a call may leave a value in its defaults or
        its class): the analysis cannot tell
        which of them changes it. The answer's own name is not followed so
        (a trained model is named by the cells that use it).

        Without ``changes``: the bindings only (the definitions of the answer
        and of the names they read, transitively)."""
        seen_names, seen_attrs, seen, order = set(), set(), set(), []
        todo = [(name, False)]    # (name, follow its mentions)
        attrs: list[str] = []
        while todo or attrs:
            found, mentioned = [], []
            if todo:
                n, loose = todo.pop()
                if (n, loose) in seen_names or (n, True) in seen_names:
                    continue
                seen_names.add((n, loose))
                found = self.bindings.get(n, [])
                if (n not in self.imports or n in self.other_bindings) and (n not in _BUILTIN_NAMES or n in self.bindings):
                    # a library's or a builtin's calls change nothing of ours
                    mentioned = list(self.changes.get(n, [])) if changes else []
                    if mentions and loose and n != name and (self._mutable(n) or self._defined(n)):
                        mentioned += [b for b in self.statements if n in self._mentions(b)]
            else:
                a = attrs.pop()
                if a in seen_attrs:
                    continue
                seen_attrs.add(a)
                found = self.attributes.get(a, [])
            for b, by_mention in [(b, False) for b in found] + [(b, True) for b in mentioned]:
                key = (b.cell, _line(b.node), getattr(b.node, "col_offset", 0), id(b.node))
                if key in seen:
                    continue
                seen.add(key)
                order.append(b)
                # a definition's reads may be followed into their mentions; a mentioning statement's reads are
                # followed to their bindings only, the names it binds (aliases) into their mentions too
                todo.extend((r, not by_mention) for r in names_read(b.node))
                if by_mention and mentions:
                    todo.extend((w, True) for w in names_written(b.node))
                if attributes:
                    attrs.extend({u for u, _, kind in names_used(b.node, self.listed)
                                  if kind in ("attr", "string")} - seen_attrs)
        return sorted(order, key=lambda b: (b.cell, _line(b.node)))

    def _mentions(self, b: Binding) -> set[str]:
        """The module-level names a statement reads or writes."""
        key = id(b.node)
        if key not in self._mention_cache:
            self._mention_cache[key] = names_read(b.node) | names_written(b.node)
        return self._mention_cache[key]

    def _defined(self, name: str) -> bool:
        """A name the student's code binds with def or class: a call of it (``reg(F.softmax)``, through an
        alias too) may leave a value in its defaults, its class or a closure."""
        return any(isinstance(b.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not b.given
                   for b in self.bindings.get(name, []))

    def _mutable(self, name: str) -> bool:
        """A name the student's code binds to a value that may change in place (not only a def, a class, an
        import or a literal): a list, a dict, an object, an alias of one."""
        bs = [b for b in self.bindings.get(name, []) if not b.given]
        return any(not isinstance(b.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import,
                                           ast.ImportFrom)) and not _immutable_value(b.node) for b in bs)

    def refusals(self, name: str) -> list[Refusal]:
        """Why the analysis cannot vouch for the answer ``name``: anything it
        cannot follow in the notebook, and, in the answer's closure, a name
        no cell binds, an import of code it cannot read or an attribute the
        imported library does not have. Empty: the closure is the code."""
        out = list(self.problems)
        known = set(self.bindings) | set(dir(builtins)) | IPYTHON_NAMES
        for b in self.closure(name):
            if b.given:
                continue
            for n in sorted(names_read(b.node) - known):
                out.append(Refusal(_defining_cell(b), _first_use(b.node, n) + b.offset,
                                   msg("`{name}`, which no cell defines", name=n), "unbound"))
            for module, line in unreadable_imports(b.node):
                out.append(Refusal(b.label, line + b.offset, f"`{module}`", "import"))
            for part in _own_part(b.node):
                for root, parts, node in Chains.of(part):
                    targets = self.imports.get(root)
                    if not targets or root in self.other_bindings:
                        continue
                    for t in sorted(targets):
                        for k in range(1, len(parts) + 1):
                            q = ".".join([t, *parts[:k]])
                            obj = resolve(q)
                            if obj is MISSING:
                                out.append(Refusal(b.label, node.lineno + b.offset,
                                                   msg("{name}, which {module} does not have",
                                                       name=".".join([root, *parts[:k]]), module=t),
                                                   "attribute"))
                                break
                            if mutable_value(obj):   # what another cell put in it is out of the analysis' sight
                                out.append(Refusal(b.label, node.lineno + b.offset,
                                                   msg("{name}, a library's value that other cells can change",
                                                       name=".".join([root, *parts[:k]])), "dynamic"))
                                break
                            if not isinstance(obj, type(builtins)):
                                break   # past the modules: the rest is an object's attribute
        return list(dict.fromkeys(out))


def _dropped_lines(raw: str, code: str | None) -> int:
    """The blank lines above a cell's code that IPython drops (its line
    numbers count from the first line it keeps)."""
    if not code:
        return 0
    lines = raw.splitlines()
    n = 0
    while n < len(lines) and not lines[n].strip():
        n += 1
    return n if len(lines) - n == len(code.splitlines()) else 0


# names the IPython kernel puts in every notebook's builtins
IPYTHON_NAMES = {"display", "__name__", "__doc__", "__package__"}


@functools.lru_cache(maxsize=16)
def program(sources: tuple[str, ...], given: tuple[str, ...] = (), labels: tuple[str, ...] | None = None,
            given_labels: tuple[str, ...] | None = None) -> Program:
    """A Program, shared by the test cells of one notebook (the judge reads
    the same cells for each)."""
    return Program(list(sources), list(given), labels, given_labels)
