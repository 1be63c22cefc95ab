"""What an import names, for the static checks (``source.Program``):
installed code the grader can read, resolved in the grader's own process
(never the student's), and the names and library objects through which code
reaches other code without naming it, which the analysis refuses.

The tables are data: a name, attribute, module or library object that lets
code run text, reach a namespace, a frame or IPython's shell. A library
object is refused however the code names it (``os.sys.modules`` is
``sys.modules``): the dotted name is resolved to the object first.
"""
from __future__ import annotations

import ast
import functools
import re


@functools.lru_cache(maxsize=1)
def _environment() -> tuple[str, ...]:
    """Where installed code lives: the Python installation, the venv, its
    site-packages and the workbook package (an editable install)."""
    import os
    import site
    import sys
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.dirname(__file__))}
    try:
        roots.update(site.getsitepackages())
    except AttributeError:
        pass
    return tuple(sorted({os.path.realpath(r).rstrip("/") + "/" for r in roots if r}))


@functools.lru_cache(maxsize=1024)
def is_library(root: str) -> bool:
    """A top-level module of the standard library or of an installed
    distribution: code the grader can read (a student's own ``.py`` file,
    written by a cell, is not one), found by this process's own import
    system, never by the student's."""
    import importlib.util
    import os
    import sys
    if not root or root.startswith("."):
        return False
    if root in sys.stdlib_module_names or root in sys.builtin_module_names:
        return True
    try:
        spec = importlib.util.find_spec(root)
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False
    places = [spec.origin] if spec.origin and spec.origin not in ("built-in", "frozen") else []
    places += list(spec.submodule_search_locations or [])
    return bool(places) and all((os.path.realpath(p).rstrip("/") + "/").startswith(_environment()) for p in places)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


@functools.lru_cache(maxsize=4096)
def resolve(qualified: str):
    """The object a dotted name of an installed library names, found in the
    grader's own process (a module is imported for it), or ``MISSING``."""
    import importlib
    import sys
    parts = qualified.split(".")
    if not is_library(parts[0]):
        return MISSING
    obj, i = None, 0
    for i in range(len(parts), 0, -1):   # the longest prefix that is a module
        name = ".".join(parts[:i])
        obj = sys.modules.get(name)
        if obj is None:
            try:
                obj = importlib.import_module(name)
            except BaseException:  # noqa: BLE001 -- not a module (or one that fails to import): try shorter
                obj = None
        if obj is not None:
            break
    if obj is None:
        return MISSING
    for part in parts[i:]:
        try:
            obj = getattr(obj, part)
        except BaseException:  # noqa: BLE001
            return MISSING
    return obj


def import_targets(node) -> dict[str, str]:
    """alias -> the dotted name it binds, for an import statement."""
    out = {}
    if isinstance(node, ast.Import):
        for a in node.names:
            out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
    elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
        for a in node.names:
            if a.name != "*":
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def star_names(module: str) -> list[str]:
    mod = resolve(module)
    if mod is MISSING:
        return []
    names = getattr(mod, "__all__", None)
    if not isinstance(names, (list, tuple)):
        names = [n for n in dir(mod) if not n.startswith("_")]
    return [n for n in names if isinstance(n, str)]


# ------------------------------------------------------------------ what the analysis cannot follow
# a builtin that reaches code or names from a string or a namespace (allowed only as getattr(x, "name"))
DYNAMIC_BUILTINS = {"eval", "exec", "compile", "globals", "vars", "locals", "__import__", "breakpoint",
                    "get_ipython", "getattr", "setattr", "delattr", "hasattr"}
CONSTANT_NAME_CALLS = {"getattr": 1, "setattr": 1, "delattr": 1, "hasattr": 1}
DYNAMIC_NAMES = {"__builtins__", "__builtin__", "__loader__", "__spec__"}
HISTORY = re.compile(r"_i?\d+$|_i{1,3}$")
# names IPython binds in the notebook's namespace as it runs (its input and output history): what they hold is
# not in any cell
HISTORY_NAMES = {"In", "Out", "_ih", "_oh", "_dh", "_i", "_ii", "_iii", "_", "__", "___", "exit", "quit"}
# attributes through which code reaches namespaces, frames or code objects
DYNAMIC_ATTRS = {"__dict__", "__globals__", "__builtins__", "__code__", "__closure__", "__getattribute__",
                 "__defaults__", "__kwdefaults__",
                 "__getattr__", "__setattr__", "__delattr__", "__subclasses__", "__import__", "__loader__",
                 "__spec__", "f_globals", "f_locals", "f_back", "f_builtins", "f_code", "tb_frame", "gi_frame",
                 "cr_frame", "ag_frame", "gi_code", "cr_code", "ag_code", "codeobj", "func_globals", "get_ipython", "run_cell",
                 "run_cell_async", "run_line_magic", "run_cell_magic", "run_code", "run_ast_nodes", "user_ns",
                 "user_global_ns", "user_ns_hidden", "input_transformers_cleanup", "input_transformers_post",
                 "input_transformer_manager", "ast_transformers", "register_magic_function", "magics_manager",
                 "get_field", "get_value", "ex", "ev", "push", "events"}
# modules whose every use the analysis refuses: they run text as code, reach the interpreter, or IPython
DENIED_MODULES = {"builtins", "__builtin__", "importlib", "ctypes", "_ctypes", "marshal", "runpy", "code", "codeop",
                  "__main__", "IPython", "ipykernel", "traitlets", "jupyter_client", "comm", "zmq", "debugpy",
                  "matplotlib_inline", "pdb", "bdb", "timeit", "cProfile", "profile", "trace", "doctest",
                  "pkgutil", "pydoc", "zipimport", "shelve", "dill", "cloudpickle", "jinja2", "_pickle",
                  "copyreg", "_imp", "imp", "pickle", "pickletools", "multiprocessing", "concurrent", "xmlrpc",
                  "sympy", "numexpr", "dis"}
ALLOWED_MODULES = {"IPython.display"}   # display helpers: nothing of the shell
# library objects the analysis refuses, however the code names them (os.sys.modules is sys.modules)
DENIED_OBJECTS = ("sys.modules", "sys.path", "sys._getframe", "sys.settrace", "sys.setprofile", "sys.addaudithook",
                  "sys.meta_path", "sys.path_hooks", "sys.path_importer_cache", "sys._current_frames",
                  "sys.call_tracing", "sys.audit", "threading.settrace", "threading.setprofile",
                  "threading.settrace_all_threads", "threading.setprofile_all_threads", "gc.get_objects",
                  "gc.get_referrers", "gc.get_referents",
                  "inspect.currentframe", "inspect.stack", "inspect.trace", "inspect.getouterframes",
                  "inspect.getinnerframes", "inspect.getmembers", "inspect.getmembers_static",
                  "inspect.getattr_static", "inspect.get_annotations", "types.FunctionType", "types.CodeType",
                  "types.ModuleType", "types.MethodType", "pickle.loads", "pickle.load", "pickle.Unpickler",
                  "pickle._loads", "pickle._load", "pickle._Unpickler", "torch._utils._import_dotted_name",
                  "torch.overrides.get_overridable_functions", "torch.overrides.get_testing_overrides",
                  "torch.overrides.get_ignored_functions",
                  "typing.get_type_hints", "typing.ForwardRef", "logging.config", "unittest.mock",
                  "pandas.eval", "pandas.read_pickle", "joblib.load", "numpy.load", "torch.load",
                  "torch.serialization.add_safe_globals", "operator.attrgetter", "operator.methodcaller",
                  "string.Formatter", "torch.jit.CompilationUnit", "torch.jit.load", "torch.jit.script_if_tracing",
                  "torch.package", "torch.hub.load",
                  # compiled code runs no Python frame and no torch function mode: outside the runtime watch
                  "torch.jit.script", "torch.jit.trace", "torch.jit.trace_module", "torch.jit.freeze",
                  "torch.compile", "torch._dynamo", "torch.fx",
                  # frames, and through them any namespace
                  "traceback.walk_stack", "traceback.walk_tb", "sys.exc_info",
                  "sys.exception", "sys.last_traceback")


def _denied_ids() -> dict[int, str]:
    """id -> name of the denied objects of the modules this process has
    imported (an object found by ``resolve`` has its modules imported)."""
    import sys
    out = {}
    for q in DENIED_OBJECTS:
        if q.split(".")[0] in sys.modules and not _unimported_module(q):
            obj = resolve(q)
            if obj is not MISSING:
                out[id(obj)] = q
    for m in DENIED_MODULES:
        if m in sys.modules:
            out[id(sys.modules[m])] = m
    return out


def _unimported_module(name: str) -> bool:
    """Whether ``name`` is a module this process has not imported: no object a name resolved to can be it
    (``resolve`` imports the modules of the names it is given), so it is left out of ``_denied_ids``
    rather than imported for nothing (torch._dynamo, 1 CPU-s in every grading process)."""
    import importlib.util
    import sys
    if name in sys.modules:
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, AttributeError, ValueError):
        return False


def denied_module(name: str) -> bool:
    if any(name == a or name.startswith(a + ".") for a in ALLOWED_MODULES):
        return False
    return any(name == d or name.startswith(d + ".") for d in DENIED_MODULES)


# calls that are allowed with a constant (a safe mode), refused otherwise: torch.load(weights_only=True)
SAFE_WHEN = {"torch.load": ("weights_only", True), "numpy.load": ("allow_pickle", False),
              "operator.attrgetter": (None, None), "operator.methodcaller": (None, None)}


@functools.lru_cache(maxsize=4096)
def denied_object(qualified: str) -> str | None:
    """The denied object (or module) a dotted library name resolves to."""
    if denied_module(qualified):
        return qualified
    obj = resolve(qualified)
    if obj is MISSING:
        return None
    return _denied_ids().get(id(obj))


