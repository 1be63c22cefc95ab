"""What in the student's cells reaches code in a way the static checks
cannot follow (``source.Program.problems``: any of it anywhere in the
notebook makes every static check fail), and the computed names they can
follow because they can list their values.

Refused (``dynamic_code``): eval, exec, compile, globals(), vars(), a
namespace, frame or code attribute (``DYNAMIC_ATTRS``), a magic or a shell
line, IPython's history, an import of a module that runs text as code, a
library object that reaches the interpreter (``libraries``), and getattr,
hasattr, setattr and delattr with a name the analysis cannot know.

A computed name the analysis can list (``Listing``) is read as the names it
lists: the second argument of ``getattr(o, v)``, ``getattr(o, v, default)``
or ``hasattr(o, v)`` (the builtins: the student's code binds neither name)
and an argument of ``operator.attrgetter(v)``, where ``v`` is the target of
the nearest ``for`` loop or comprehension around the call, the call is in
that loop's body (in a comprehension, after the generator that binds ``v``),
nothing in that body or comprehension binds ``v`` again, no function or
class in between (a lambda, a generator expression: they run later) and no
``global``/``nonlocal v`` anywhere in the notebook; and the loop runs over
one of:

* a tuple, list, set or ``frozenset(...)`` of string constants written there;
* a name bound exactly once in the notebook (every scope counted), at the
  top level, to a tuple or ``frozenset(...)`` of string constants;
* a name bound only by imports of an installed library's value that is a
  tuple or frozenset of strings (``resolve``), whose name no statement of
  the notebook assigns as an attribute and whose module no import of the
  notebook binds to a name (``import pkg.mod as m``: a library's function
  handed ``m``, ``functools.update_wrapper``, may set the attribute).

Those names are then reported as the constant names of ``getattr(o, "name")``
are (``source.names_used``), and one of them that is a namespace or code
attribute is refused as ``getattr(o, "__globals__")`` is. ``setattr`` and
``delattr`` with a computed name stay refused: they write.
"""
from __future__ import annotations

import ast
import functools
from collections import Counter

from ..messages import Message, msg
from .libraries import (CONSTANT_NAME_CALLS, DYNAMIC_ATTRS, DYNAMIC_BUILTINS, DYNAMIC_NAMES, HISTORY, HISTORY_NAMES,
                        MISSING, SAFE_WHEN, denied_module, denied_object, resolve, star_names)

# line magics that change how output is shown, nothing the grader reads: allowed beside the static checks
SAFE_MAGICS = {"matplotlib", "precision", "pprint"}
# the builtins whose computed name can be listed (reads; setattr and delattr write)
LISTED_CALLS = ("getattr", "hasattr")
_SCOPES = (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_BLOCKS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.ExceptHandler) + \
    tuple(getattr(ast, n) for n in ("TryStar", "Match", "match_case") if hasattr(ast, n))


@functools.lru_cache(maxsize=2048)
def _walked(tree: ast.Module) -> tuple:
    return tuple(ast.walk(tree))


def walk(node) -> "tuple | object":
    """``ast.walk(node)``, in its order; a whole cell's tree (a Module) walked once per tree and kept: the
    analysis walks every cell of the notebook several times for every Program (Listing, dynamic_code,
    patches), and `workbook mutants` builds a Program per mutant with one cell changed. Trees are shared
    and never changed (``source.parsed``)."""
    return _walked(node) if isinstance(node, ast.Module) else ast.walk(node)


class Chains:
    """Attribute chains rooted at a name (``F.a.b``), with the node of the
    outermost attribute (``all``: bare names too, with no attribute)."""

    @staticmethod
    def all(tree):
        rooted = set()
        for root, parts, node in Chains.of(tree):
            v = node
            while isinstance(v, ast.Attribute):
                v = v.value
            rooted.add(id(v))
            yield root, parts, node
        for n in walk(tree):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in rooted:
                yield n.id, [], n

    @staticmethod
    def of(tree):
        inner = set()
        for n in walk(tree):
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Attribute):
                inner.add(id(n.value))
        for n in walk(tree):
            if isinstance(n, ast.Attribute) and id(n) not in inner:
                parts, v = [], n
                while isinstance(v, ast.Attribute):
                    parts.append(v.attr)
                    v = v.value
                if isinstance(v, ast.Name):
                    yield v.id, list(reversed(parts)), n


# ------------------------------------------------------------------ computed names the analysis can list
def _names_bound(n) -> list[str]:
    """The names one node binds, in whatever scope: a store or a deletion, a def or a class, a parameter, an
    import, an exception's name, a match capture, and a global or nonlocal declaration."""
    if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
        return [n.id]
    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [n.name]
    if isinstance(n, ast.arg):
        return [n.arg]
    if isinstance(n, ast.alias):
        return [] if n.name == "*" else [(n.asname or n.name).split(".")[0]]
    if isinstance(n, (ast.ExceptHandler, ast.Global, ast.Nonlocal)):
        return ([n.name] if n.name else []) if isinstance(n, ast.ExceptHandler) else list(n.names)
    return [x for x in (getattr(n, "name", None), getattr(n, "rest", None)) if isinstance(x, str)] \
        if hasattr(ast, "pattern") and isinstance(n, ast.pattern) else []


def _strings(node) -> tuple[str, ...] | None:
    """The strings of a literal tuple, list or set of string constants, or None."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and all(
            isinstance(e, ast.Constant) and type(e.value) is str for e in node.elts):
        return tuple(e.value for e in node.elts)
    return None


class Listing:
    """The values of the computed names of the notebook the analysis can list
    (see the module docstring): ``values`` maps the ``id`` of each such name
    node (the ``v`` of ``getattr(o, v)``) to its possible values. ``trees``:
    every parsed cell, the instructor's read-only ones too; ``imports``:
    alias -> the dotted names its imports bind (``Program.imports``)."""

    def __init__(self, trees: list, imports: dict[str, set[str]]):
        self.imports = imports
        self.sites: Counter = Counter()      # name -> how many nodes bind it, in any scope of any cell
        self.import_sites: Counter = Counter()
        self.declared: set[str] = set()      # named by a global or nonlocal statement
        self.attributes: set[str] = set()    # assigned or deleted as an attribute (setattr with a constant too)
        self.constants: dict[str, tuple[str, ...]] = {}   # a top-level `NAME = (...)` of strings
        self.stars: set[str] = set()         # bound by a star import
        parents: dict[int, ast.AST] = {}
        for tree in trees:
            for p in walk(tree):
                for child in ast.iter_child_nodes(p):
                    parents[id(child)] = p
                for name in _names_bound(p):
                    self.sites[name] += 1
                    self.import_sites[name] += isinstance(p, ast.alias)
                if isinstance(p, (ast.Global, ast.Nonlocal)):
                    self.declared.update(p.names)
                elif isinstance(p, ast.ImportFrom) and p.module and not p.level and \
                        any(a.name == "*" for a in p.names):
                    self.stars.update(star_names(p.module))
                elif isinstance(p, ast.Attribute) and isinstance(p.ctx, (ast.Store, ast.Del)):
                    self.attributes.add(p.attr)
                elif isinstance(p, ast.Call) and isinstance(p.func, ast.Name) and \
                        p.func.id in ("setattr", "delattr") and len(p.args) > 1 and \
                        isinstance(p.args[1], ast.Constant):
                    self.attributes.add(str(p.args[1].value))
        self._parents = parents
        for tree in trees:
            for stmt in walk(tree):
                value = getattr(stmt, "value", None)
                target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else \
                    stmt.target if isinstance(stmt, ast.AnnAssign) else None
                if isinstance(target, ast.Name) and value is not None and self._top_level(stmt):
                    listed = self._immutable(value)
                    if listed is not None:
                        self.constants[target.id] = listed
        self.values: dict[int, tuple[str, ...]] = {}
        for tree in trees:
            for call in walk(tree):
                for arg in self._computed(call):
                    listed = self._loop_values(arg)
                    if listed is not None:
                        self.values[id(arg)] = listed

    def _top_level(self, node) -> bool:
        p = self._parents.get(id(node))
        while isinstance(p, _BLOCKS):
            p = self._parents.get(id(p))
        return isinstance(p, ast.Module)

    def _computed(self, call) -> list[ast.Name]:
        """The names given as a computed attribute name in ``call``: getattr's and hasattr's second argument
        (the builtins), every argument of a call of ``attrgetter`` (whether it is operator's is checked
        where the call is: ``dynamic_code``)."""
        if not isinstance(call, ast.Call) or call.keywords:
            return []
        f = call.func
        if isinstance(f, ast.Name) and f.id in LISTED_CALLS and not self.sites[f.id] and len(call.args) in (2, 3) \
                and not any(isinstance(a, ast.Starred) for a in call.args):
            return [call.args[1]] if isinstance(call.args[1], ast.Name) else []
        if (isinstance(f, ast.Name) and f.id == "attrgetter") or (isinstance(f, ast.Attribute) and f.attr == "attrgetter"):
            return [a for a in call.args if isinstance(a, ast.Name)]
        return []

    def _immutable(self, node) -> tuple[str, ...] | None:
        """The strings of a tuple of string constants or of ``frozenset`` of a literal of them (the builtin:
        no cell binds the name), or None."""
        if isinstance(node, ast.Tuple):
            return _strings(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "frozenset" and \
                not self.sites["frozenset"] and not node.keywords and len(node.args) <= 1:
            return _strings(node.args[0]) if node.args else ()
        return None

    def _iterated(self, node) -> tuple[str, ...] | None:
        """The strings a loop's iterable can hold: a literal, a name bound once to a literal, a library's
        tuple or frozenset of strings; or None."""
        literal = _strings(node) if isinstance(node, (ast.List, ast.Set)) else self._immutable(node)
        if literal is not None or not isinstance(node, ast.Name):
            return literal
        name = node.id
        if name in self.declared or name in self.stars:
            return None
        if self.sites[name] == 1 and name in self.constants:
            return self.constants[name]
        targets = self.imports.get(name, set())
        if not targets or self.sites[name] != self.import_sites[name]:
            return None
        reached = {t for ts in self.imports.values() for t in ts}
        out: list[str] = []
        for target in sorted(targets):
            value = resolve(target)
            module = target.rsplit(".", 1)[0]
            if value is MISSING or type(value) not in (tuple, frozenset) or \
                    not all(type(x) is str for x in value) or target.rsplit(".", 1)[-1] in self.attributes or \
                    any(module == t or module.startswith(t + ".") for t in reached):
                return None   # the module itself in a name: a library's function may set its attributes
            out += sorted(value) if type(value) is frozenset else list(value)
        return tuple(dict.fromkeys(out))

    def _loop_values(self, name: ast.Name) -> tuple[str, ...] | None:
        """The values ``name`` can hold where it is read: the target of the nearest loop or comprehension
        around it that binds it, iterating over values the analysis can list; None otherwise."""
        v, path, node = name.id, [name], name
        while True:
            p = self._parents.get(id(node))
            if p is None or isinstance(p, (ast.Module, *_SCOPES)):
                return None
            if isinstance(p, _COMPREHENSIONS):
                binders = [g for g in p.generators if v in {x for t in ast.walk(g.target) for x in _names_bound(t)}]
                if binders:
                    g = binders[0]
                    if len(binders) > 1 or not isinstance(g.target, ast.Name) or \
                            not self._after(p, g, node, path) or \
                            any(v in _names_bound(n) for n in ast.walk(p) if n is not g.target):
                        return None
                    return self._iterated(g.iter)
                if isinstance(p, ast.GeneratorExp):
                    return None   # it runs later, when the loop's variable may hold something else
            if isinstance(p, (ast.For, ast.AsyncFor)) and v in {x for t in ast.walk(p.target) for x in _names_bound(t)}:
                if not isinstance(p.target, ast.Name) or not any(node is s for s in p.body) or v in self.declared or \
                        any(v in _names_bound(n) for s in p.body for n in ast.walk(s)):
                    return None
                return self._iterated(p.iter)
            path.append(p)
            node = p

    @staticmethod
    def _after(comp, binder, node, path) -> bool:
        """Whether ``node`` (a child of the comprehension ``comp`` on ``path``) reads the target of its
        generator ``binder``: the element, or a later generator's iterable, or a condition of that one or a
        later one."""
        if not isinstance(node, ast.comprehension):
            return True
        i, j = comp.generators.index(node), comp.generators.index(binder)
        below = path[-2]
        if below is node.iter:
            return j < i
        return any(below is c for c in node.ifs) and j <= i


# ------------------------------------------------------------------ what the analysis cannot follow
def dynamic_code(tree, imports: dict[str, set[str]], listed: dict[int, tuple[str, ...]]) -> list[tuple[str | Message, int]]:
    """(what, line) for each place of a cell's ``tree`` that reaches code the analysis cannot follow (see the
    module docstring). ``imports``: ``Program.imports``; ``listed``: ``Listing.values``."""
    out, allowed = [], set()
    for n in walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in CONSTANT_NAME_CALLS:
            k = CONSTANT_NAME_CALLS[n.func.id]
            if len(n.args) > k and not any(isinstance(a, ast.Starred) for a in n.args[:k + 1]):
                arg = n.args[k]
                names = (arg.value,) if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else \
                    listed.get(id(arg)) if n.func.id in LISTED_CALLS else None
                if names is not None:
                    for name in names:
                        if name in DYNAMIC_ATTRS:   # getattr(f, "__code__") is f.__code__
                            out.append((f".{name}", n.lineno))
                    allowed.add(id(n.func))
    safe_calls = {}
    for n in walk(tree):
        if isinstance(n, ast.Call):
            safe_calls[id(n.func)] = n
        # %matplotlib inline and the like: IPython runs get_ipython().run_line_magic('matplotlib', 'inline')
        f = getattr(n, "func", None)
        if isinstance(n, ast.Call) and isinstance(f, ast.Attribute) and f.attr == "run_line_magic" \
                and isinstance(f.value, ast.Call) and isinstance(f.value.func, ast.Name) \
                and f.value.func.id == "get_ipython" and not f.value.args and not n.keywords \
                and len(n.args) == 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                             for a in n.args) and n.args[0].value in SAFE_MAGICS:
            allowed.update({id(f), id(f.value.func)})
    for n in walk(tree):
        line = getattr(n, "lineno", 1)
        if isinstance(n, ast.Name):
            load = isinstance(n.ctx, ast.Load)
            if load and n.id in DYNAMIC_BUILTINS and id(n) not in allowed:
                what = msg("{name}() with a computed name", name=n.id) if n.id in CONSTANT_NAME_CALLS else n.id
                if n.id == "get_ipython":
                    what = msg("IPython's shell (a magic other than the timing ones, a ! line whose command holds "
                               "{{...}} or $name, or get_ipython())")
                out.append((what, line))
            elif n.id in DYNAMIC_NAMES or (load and (n.id in HISTORY_NAMES or HISTORY.match(n.id))):
                out.append((n.id, line))
        elif isinstance(n, ast.Attribute) and n.attr in DYNAMIC_ATTRS and id(n) not in allowed:
            out.append((f".{n.attr}", line))
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            if isinstance(n, ast.ImportFrom) and n.level:
                continue   # a relative import: refused where it is used (unreadable_imports)
            mods = [a.name for a in n.names] if isinstance(n, ast.Import) else \
                [f"{n.module}.{a.name}" for a in n.names if a.name != "*"] + [n.module or ""]
            for m in mods:
                denied = denied_object(m) if m else None
                if denied and denied not in SAFE_WHEN:
                    out.append((msg("import of {name}", name=denied), line))
                    break
            if isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) and n.module:
                for name in star_names(n.module):
                    denied = denied_object(f"{n.module}.{name}")
                    if denied:
                        out.append((msg("from {module} import * (it holds {name})", module=n.module, name=denied),
                                    line))
                        break
    # a name bound by an import, with the attributes read from it: the library objects it reaches
    for root, parts, node in Chains.all(tree):
        for target in sorted(imports.get(root, ())):
            full = ".".join([target, *parts])
            if denied_module(full):
                out.append((f"{'.'.join([root, *parts])} ({full})", node.lineno))
                break
            found = None
            for k in range(0, len(parts) + 1):   # the imported name itself too (from operator import attrgetter)
                denied = denied_object(".".join([target, *parts[:k]]))
                if denied:
                    found = (".".join([root, *parts[:k]]), denied)
                    break
            if found and found[1] in SAFE_WHEN:
                call = safe_calls.get(id(node))
                key, value = SAFE_WHEN[found[1]]
                if call is not None and key is not None and any(
                        kw.arg == key and isinstance(kw.value, ast.Constant) and kw.value.value is value
                        for kw in call.keywords):
                    found = None
                elif call is not None and key is None and call.args and not call.keywords:
                    # attrgetter("name.attr"), attrgetter(v) over listed names: none of their parts a name refused
                    # as an attribute (methodcaller's name: a constant only)
                    names = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else
                             listed.get(id(a)) if found[1] == "operator.attrgetter" else None for a in call.args]
                    names = [(x,) if isinstance(x, str) else x for x in names]
                    if all(x is not None for x in names) and not any(
                            part in DYNAMIC_ATTRS for x in names for s in x for part in s.split(".")):
                        found = None
            if found:
                key = SAFE_WHEN.get(found[1], (None,))[0]
                out.append((msg("{chain} ({name}() without {key}={value})", chain=found[0], name=found[1],
                                key=key, value=SAFE_WHEN[found[1]][1]) if key else
                            f"{found[0]} ({found[1]})", node.lineno))
                break
    return sorted(set(out), key=lambda t: (t[1], getattr(t[0], "msgid", t[0])))
