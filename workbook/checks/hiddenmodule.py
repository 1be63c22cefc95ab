"""An assignment's hidden module: ``source/<assignment>/hidden.py``, the code only its hidden tests use (reference
solvers, and the generators that check a drawn case against the mistakes they model).

It is the instructor's, like the exercises file: the release leaves it out, nbgrader never copies it next to a
submission (``grading.execute.PRIVATE_SOURCE``), and it is not part of the ``workbook`` package, which every
student has (a kernel, a sandbox and a coding test's jail all see the package). A solver kept in the package is
a solution handed out: ``from workbook.data... import`` in a student's program scored it full marks.

A hidden test takes it with ``hidden_module()``. The judge loads it from the graded course's source folder
(``JudgeContext.hidden_folder``, set by the grader: never a path the student's process gave); a notebook's own
run (the in-process walk, an instructor running the source notebook) from the notebook's folder, its working
directory. One module object per file and process: its caches (a case built once per seed) serve every
submission a grading process grades, and every fork of the walk.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from .core import AuthoringError

FILE = "hidden.py"

_loaded: dict[tuple[str, int], ModuleType] = {}


def hidden_module() -> ModuleType:
    """The hidden module of the assignment whose test cell runs (see the module's docstring)."""
    from .exercise import _judge
    ctx = _judge.get()
    if ctx is None:
        return load(Path.cwd() / FILE)
    if ctx.hidden_folder is None:
        raise AuthoringError("this hidden test needs the assignment's hidden module, and the judge was given no "
                             "course folder to load it from")
    return load(Path(ctx.hidden_folder) / FILE)


def load(path: Path) -> ModuleType:
    """The module of the file at ``path``, loaded once per content (its modification time) in this process."""
    path = Path(path).resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise AuthoringError(f"{path}: the assignment's hidden module is missing (the hidden tests import their "
                             f"reference solvers from source/<assignment>/{FILE})") from None
    key = (str(path), mtime)
    module = _loaded.get(key)
    if module is None:
        name = "_workbook_hidden_" + hashlib.sha1(str(path).encode()).hexdigest()[:12]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module   # dataclasses and pickling look a module up by name
        spec.loader.exec_module(module)
        _loaded[key] = module
    return module
