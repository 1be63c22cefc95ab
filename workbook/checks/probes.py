"""Probes: functions that run where the student's code runs and return
plain data (``@probe``). A probe travels as source with the request, never
as a function of a module the kernel imported (``exercise.Probe``)."""
from __future__ import annotations

import functools
import inspect
import sys
import textwrap

from .core import AuthoringError, _judge, hidden_ranges
from ..markers import BEGIN_HIDDEN, END_HIDDEN


class Probe:
    """A function that runs where the student's code runs and returns plain
    data. Its source (visible in the test cell) is what is sent there; it may
    use only its arguments, builtins and what it imports itself. A probe
    defined in a ``workbook.checks`` module is sent as source too, with the
    module-level helpers it uses (``module_probe_source``): the kernel never
    runs a probe from a module it has imported, which the student could have
    changed."""

    _workbook_probe = True

    def __init__(self, fn):
        self.fn = fn
        self.__name__ = fn.__name__
        self.__doc__ = fn.__doc__
        if fn.__module__.startswith("workbook.checks"):
            self.request = {"source": module_probe_source(fn), "name": fn.__name__}
        else:
            self.request = {"source": probe_source(fn), "name": fn.__name__}

    def __call__(self, *args, **kwargs):
        from .exercise import _require_run
        run = _require_run()
        label = f"{self.__name__}(...)"
        return run.request({"op": "probe", **self.request, "args": run.encode(list(args)),
                            "kwargs": run.encode(dict(kwargs))}, label)


def probe(fn):
    """Decorator: see Probe."""
    return Probe(fn)


def probe_source(fn) -> str:
    """The probe's source without its decorator, after checking that it is
    self-contained and not part of a hidden test."""
    import ast
    import builtins
    code = fn.__code__
    if code.co_freevars:
        raise AuthoringError(f"probe {fn.__name__} uses {', '.join(code.co_freevars)} from the test "
                             "function: pass them as arguments")
    try:
        src = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError) as e:
        raise AuthoringError(f"cannot read the source of probe {fn.__name__}: {e}") from None
    ctx = _judge.get()
    markers = (ctx.begin_hidden, ctx.end_hidden) if ctx is not None else (BEGIN_HIDDEN, END_HIDDEN)
    if any(a <= code.co_firstlineno <= b for a, b in hidden_ranges(code.co_filename, *markers)):
        raise AuthoringError(f"probe {fn.__name__} is in the hidden part: probes run with the student's "
                             "code, so they belong in the visible part")
    from .source import AST_LOCK
    with AST_LOCK:
        tree = ast.parse(src)
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        raise AuthoringError("a probe is a plain def")
    node.decorator_list = []
    bound = {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}
    for n in ast.walk(node):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in n.names)
        elif isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            bound.add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(n.name)
    free = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                  - bound - set(dir(builtins)))
    if free:
        raise AuthoringError(f"probe {fn.__name__} uses {', '.join(free)} without importing or receiving "
                             "it: a probe must be self-contained")
    start = node.lineno - 1
    lines = src.splitlines()
    return textwrap.dedent("\n".join(lines[start:node.end_lineno])) + "\n"


# what a probe's helpers may import from the kernel side: the runtime gives
# its own copy (kernel.runtime_names), never the kernel's imported modules
_RUNTIME_IMPORTS = {"kernel": {"raised", "describe", "type_names", "plain"}}
_RUNTIME_MODULES = {"wire"}


@functools.lru_cache(maxsize=32)
def _module_tree(name: str):
    """A module's syntax tree, parsed once per process (a module of probes
    builds each of them from it at import; its callers copy what they change)."""
    import ast
    from .source import AST_LOCK
    source = inspect.getsource(sys.modules[name])
    with AST_LOCK:
        return ast.parse(source)


def module_probe_source(fn) -> str:
    """A ``workbook.checks`` probe as self-contained source: the probe and,
    transitively, every module-level function, class, constant and import of
    its module that it reads, dependencies first. A relative import of the
    kernel side (``from .kernel import raised``, ``from . import wire``)
    becomes the runtime's copy; any other relative import is an authoring
    error (a probe must not run judge-side code)."""
    import ast
    import copy
    from .source import _bound_names, names_read
    try:
        tree = _module_tree(fn.__module__)
    except (OSError, TypeError) as e:
        raise AuthoringError(f"cannot read the source of {fn.__module__}: {e}") from None
    top: dict[str, ast.stmt] = {}
    for node in tree.body:
        for name in _bound_names(node):
            top[name] = node
    order: list[str] = []
    done: set = set()

    def emit(node, name: str) -> str:
        if isinstance(node, (ast.Import, ast.ImportFrom)):   # only the name the probe reads
            node = copy.deepcopy(node)
            node.names = [a for a in node.names if (a.asname or a.name).split(".")[0] == name]
        if isinstance(node, ast.ImportFrom) and node.level:
            lines = []
            for a in node.names:
                alias = a.asname or a.name
                if node.module in _RUNTIME_IMPORTS and a.name in _RUNTIME_IMPORTS[node.module]:
                    lines.append(f"{alias} = __workbook_runtime__[{a.name!r}]")
                elif node.module is None and a.name in _RUNTIME_MODULES:
                    lines.append(f"{alias} = __workbook_runtime__[{a.name!r}]")
                else:
                    raise AuthoringError(f"probe {fn.__name__} uses {alias} (from .{node.module or ''}): a probe "
                                         "runs in the student's kernel and may use only the kernel side")
            return "\n".join(lines)
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.level:
                raise AuthoringError(f"probe {fn.__name__}: a relative import inside {getattr(node, 'name', '?')} "
                                     "(import the kernel side at module level)")
        return ast.unparse(node)

    def visit(name: str):
        node = top.get(name)
        key = (id(node), name) if isinstance(node, (ast.Import, ast.ImportFrom)) else id(node)
        if node is None or key in done:
            return
        done.add(key)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            node = copy.deepcopy(node)
            node.decorator_list = [d for d in node.decorator_list
                                   if not (isinstance(d, ast.Name) and d.id == "probe")]
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            for n in sorted(names_read(node)):
                visit(n)
        order.append(emit(node, name))

    visit(fn.__name__)
    if fn.__name__ not in top:
        raise AuthoringError(f"probe {fn.__name__} is not a module-level function of {fn.__module__}")
    return "\n\n".join(order) + "\n"


