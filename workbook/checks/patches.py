"""Code that changes a library from the outside, which the static checks
refuse anywhere in the student's cells (``Program.problems``).

The closure analysis (source.py) follows what an answer reads. A library
that calls the student's code does not show in what the answer reads:
``q @ k`` calls whatever ``torch.Tensor.__matmul__`` holds, a global module
hook runs on every layer's output, a ``__torch_function__`` or a dispatch
mode sees every torch call, an accessor registered on pandas is a method of
every DataFrame. So a statement that stores into a library's class or
replaces a library's function, registers such a hook, or defines such a
protocol, makes every static check of the notebook fail; so does an import
of code that is not an installed library (a file the student's cell wrote)
and a name the library keeps private (``torch._softmax``,
``torch._C._nn.log_sigmoid``): the analysis cannot vouch for either.
Settings stay allowed: a store of a plain value into a library module or
an options object (``torch.backends.cudnn.deterministic = True``,
``pd.options.display.max_rows = 10``).
"""
from __future__ import annotations

import ast

from ..messages import Message, msg
from .dynamic import walk
from .libraries import MISSING, is_library, resolve

# protocols through which a library hands its calls to an object of the student's
TAKEOVER_METHODS = {"__torch_function__", "__torch_dispatch__", "__array_function__", "__array_ufunc__",
                    "__array_priority__", "__pandas_priority__",
                    # how copy and pickle rebuild an object: any callable, with any arguments
                    "__reduce__", "__reduce_ex__", "__setstate__", "__getnewargs__", "__getnewargs_ex__"}
# calls that register the student's code for a library to run later, on objects the answer does not name
# (a hook on one module or tensor of the student's is theirs: the tests build their own, and a hook registered
# where the answer is built is in the answer's code)
HOOK_CALLS = {"register_module_forward_hook", "register_module_forward_pre_hook",
              "register_module_backward_hook", "register_module_full_backward_hook",
              "register_module_full_backward_pre_hook", "register_dataframe_accessor",
              "register_series_accessor", "register_index_accessor", "register_extension_dtype",
              "TorchFunctionMode", "TorchDispatchMode", "_set_torch_function_mode"}


# a library's operators beneath its public functions, each under names of its own (torch.ops.aten.thnn_conv2d,
# log_sigmoid_forward, _softmax...): the analysis cannot tell which of them does a forbidden function's job
RAW_OPERATORS = {"ops": "torch.ops"}


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__") and len(name) > 4


def _private(name: str) -> bool:
    return name.startswith("_") and not _dunder(name)


def library_aliases(tree, imports: dict[str, set[str]]) -> dict[str, set[str]]:
    """name -> dotted library names: the imports, and names assigned a chain rooted at one
    (``_T = torch.Tensor``, ``T = _T``), to a fixpoint."""
    out = {k: set(v) for k, v in imports.items()}
    pairs = []
    for n in walk(tree):
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            for t in targets:
                if isinstance(t, ast.Name) and n.value is not None:
                    pairs.append((t.id, n.value))
    changed = True
    while changed:
        changed = False
        for name, value in pairs:
            chain = _chain(value)
            if chain and chain[0] in out:
                new = {".".join([t, *chain[1:]]) for t in out[chain[0]]} - out.get(name, set())
                if new:
                    out.setdefault(name, set()).update(new)
                    changed = True
    return out


def _chain(node) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


_MUTATORS = {"update", "setdefault", "append", "extend", "insert", "add", "pop", "popitem", "clear", "remove",
             "discard", "sort", "reverse", "__setitem__", "__delitem__", "__iadd__", "__ior__", "difference_update",
             "intersection_update", "symmetric_difference_update"}


def mutable_value(obj) -> bool:
    """A library's value that can hold what the student puts in it: a dict, a list, a set (not a module, a
    class, a function, a number or a string)."""
    from collections.abc import MutableMapping, MutableSequence, MutableSet
    return isinstance(obj, (dict, list, set, bytearray, MutableMapping, MutableSequence, MutableSet))


def _is_setting(owner: str, attr: str) -> bool:
    """A store of ``attr`` into the library object ``owner`` that only changes a setting: the owner is not a
    class and what it holds there now is not code (a function, a class) and exists."""
    obj = resolve(owner)
    if obj is MISSING or isinstance(obj, type):
        return False
    current = resolve(f"{owner}.{attr}")
    return current is not MISSING and not callable(current)


def patches(tree, imports: dict[str, set[str]]) -> list[tuple]:
    """(what, line[, kind]) for each statement of a student's cell that changes a library from the outside, imports
    code that is not a library, or names a library's private part (see the module docstring)."""
    aliases = library_aliases(tree, imports)
    out: list[tuple[str | Message, int]] = []
    for n in walk(tree):
        line = getattr(n, "lineno", 1)
        targets = n.targets if isinstance(n, (ast.Assign, ast.Delete)) else \
            [n.target] if isinstance(n, (ast.AugAssign, ast.AnnAssign)) else []
        for t in (e for t in targets for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])):
            if not isinstance(t, ast.Attribute):
                continue
            if _dunder(t.attr):
                out.append((msg("a store into {name}", name=f".{t.attr}"), line))
                continue
            chain = _chain(t.value)
            for target in sorted(aliases.get(chain[0], ())) if chain else ():
                owner = ".".join([target, *chain[1:]])
                if not _is_setting(owner, t.attr):
                    out.append((msg("a change of the library's {name}", name=f"{owner}.{t.attr}"), line))
                    break
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _MUTATORS:
            chain = _chain(n.func.value)
            for target in sorted(aliases.get(chain[0], ())) if chain else ():
                owner = ".".join([target, *chain[1:]])
                if mutable_value(resolve(owner)):
                    out.append((msg("a change of the library's {name}", name=owner), line))
                    break
        for t in (e for t in targets for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])):
            chain = _chain(t.value) if isinstance(t, ast.Subscript) else None
            if chain and chain[0] in aliases:
                out.append((msg("a change of the library's {name}", name=".".join(chain)), line))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("setattr", "delattr") \
                and len(n.args) > 1 and isinstance(n.args[1], ast.Constant) and isinstance(n.args[1].value, str):
            chain = _chain(n.args[0])
            name = n.args[1].value
            if _dunder(name) or any(not _is_setting(".".join([t, *chain[1:]]), name)
                                    for t in (aliases.get(chain[0], ()) if chain else ())):
                out.append((msg("a store into {name}", name=f".{name}"), line))
        if isinstance(n, ast.ClassDef):
            for stmt in n.body:
                names = [stmt.name] if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) else \
                    [t.id for t in getattr(stmt, "targets", [getattr(stmt, "target", None)]) if isinstance(t, ast.Name)]
                for name in set(names) & TAKEOVER_METHODS:
                    out.append((msg("a class that takes over a library's calls ({name})", name=name), stmt.lineno))
        hook = n.attr if isinstance(n, ast.Attribute) and n.attr in HOOK_CALLS else None
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            hook = next((t.rsplit(".", 1)[-1] for t in sorted(aliases.get(n.id, ()))
                         if t.rsplit(".", 1)[-1] in HOOK_CALLS), None)
        if hook:
            out.append((msg("a hook that gives a library your code to run ({name})", name=hook), line))
        if isinstance(n, (ast.Import, ast.ImportFrom)) and not (isinstance(n, ast.ImportFrom) and n.level):
            modules = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module or ""]
            for m in modules:
                if m and not is_library(m.split(".")[0]):
                    out.append((f"`{m}`", line, "import"))   # a file the notebook wrote
                elif any(_private(p) for p in m.split(".")):
                    out.append((msg("a private part of a library ({name})", name=m), line))
            if isinstance(n, ast.ImportFrom):
                for a in n.names:
                    if a.name in HOOK_CALLS:
                        out.append((msg("a hook that gives a library your code to run ({name})", name=a.name), line))
                    if _private(a.name):
                        out.append((msg("a private part of a library ({name})", name=f"{n.module}.{a.name}"),
                                    line))
        chain = _chain(n) if isinstance(n, ast.Attribute) and _private(n.attr) else None
        if chain and chain[0] in aliases:
            out.append((msg("a private part of a library ({name})", name=".".join(chain)), line))
        chain = _chain(n) if isinstance(n, ast.Attribute) and n.attr in RAW_OPERATORS else None
        if chain and any(".".join([t, *chain[1:]]) in RAW_OPERATORS.values() for t in aliases.get(chain[0], ())):
            out.append((msg("a library's raw operators ({name})", name=".".join(chain)), line))
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in n.names] if isinstance(n, ast.Import) else \
                [f"{n.module}.{a.name}" for a in n.names if n.module and not n.level]
            for name in names:
                if any(name == raw or name.startswith(raw + ".") for raw in RAW_OPERATORS.values()):
                    out.append((msg("a library's raw operators ({name})", name=name), line))
    return list(dict.fromkeys(out))
