"""The coding test's answers in a notebook (10_coding_test): a program per
problem, written in a cell that starts with ``%%program qN_name``.

Running such a cell keeps its text as a ``str`` under that name; the program
itself never runs in the kernel. The test cell below it runs the problem's
examples in a process of their own, as the test platforms do (and, when
graded, the hidden groups in the judge's jail: ``workbook.checks.coding``).
``try_program(q1_best_sellers, "3\\n...")`` runs it on an input of your own
and shows what it printed, its errors with their traceback, and its CPU
time.

Importing this module in IPython registers the ``%%program`` cell magic (the
assignment's setup cell does). Without IPython (the in-process walk of
``workbook mutants``), ``run_cell`` does what the magic does.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..i18n import format_, tr

MAGIC = "program"
PREFIX = f"%%{MAGIC}"


def parse_cell(source: str) -> tuple[str, str] | None:
    """(name, program) of a ``%%program NAME`` cell, else None."""
    first, _, body = source.lstrip("\n").partition("\n")
    parts = first.split()
    if len(parts) != 2 or parts[0] != PREFIX or not parts[1].isidentifier():
        return None
    return parts[1], body


def store(name: str, body: str, namespace: dict) -> str:
    """Keep the program's text under ``name`` (a plain str: the checks read it as data)."""
    namespace[name] = str(body)
    lines = sum(1 for line in body.splitlines() if line.strip())
    return format_("{name}: your program is saved ({lines} lines); the test cell below runs the examples, "
                   "try_program({name}, ...) runs it on an input of your own", name=name, lines=lines)


def run_cell(source: str, namespace: dict) -> bool:
    """Do what the magic does for a ``%%program`` cell (True), or nothing (False)."""
    parsed = parse_cell(source)
    if parsed is None:
        return False
    store(parsed[0], parsed[1], namespace)
    return True


def _magic(line: str, cell: str):
    from IPython import get_ipython
    name = line.strip()
    if not name.isidentifier():
        print(tr("usage: %%program q1_name (the answer's name, as the question says), then your program below"))
        return
    print(store(name, cell, get_ipython().user_ns))


def register() -> bool:
    """Register ``%%program`` in the running IPython (True when there is one)."""
    try:
        from IPython import get_ipython
    except ImportError:   # pragma: no cover - IPython comes with Jupyter
        return False
    ip = get_ipython()
    if ip is None:
        return False
    ip.register_magic_function(_magic, magic_kind="cell", magic_name=MAGIC)
    return True


register()


_FUNCTION_RUNNER = r"""
import json, runpy, sys
args = json.loads(sys.stdin.read())
namespace = runpy.run_path(sys.argv[1], run_name="solution")
print(repr(namespace["solution"](*args)))
"""


def try_program(program: str, case, timeout: float = 10.0) -> None:
    """Run your program once on ``case``: an input text (a 백준 program, it
    reads it from standard input) or a list of arguments (a ``solution``
    program, called with them). Shows what it printed (or returned), its
    error with the traceback, and the CPU time it took."""
    if not isinstance(program, str):
        print(tr("try_program takes your program (the name of its %%program cell) and an input"))
        return
    with tempfile.TemporaryDirectory(prefix="wb-try-") as tmp:
        path = Path(tmp) / ("solution.py" if not isinstance(case, str) else "Main.py")
        path.write_text(program, encoding="utf-8")
        if isinstance(case, str):
            argv, data = [sys.executable, "-s", "-S", "-P", str(path)], case
        else:
            argv, data = [sys.executable, "-s", "-S", "-P", "-c", _FUNCTION_RUNNER, str(path)], json.dumps(list(case))
        env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8"}
        before = os.times()
        try:
            proc = subprocess.run(argv, input=data, capture_output=True, text=True, timeout=timeout, cwd=tmp,
                                  env=env)
        except subprocess.TimeoutExpired:
            print(format_("stopped after {seconds:g} s: is it waiting for more input, or in an endless loop?",
                          seconds=timeout))
            return
        after = os.times()
    cpu = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    if proc.stdout:
        print(proc.stdout, end="" if proc.stdout.endswith("\n") else "\n")
    if proc.stderr:
        print(proc.stderr.replace(str(path), path.name), end="", file=sys.stderr)
    print(format_("(exit code {code}, {cpu:.3f} s of CPU time)", code=proc.returncode, cpu=cpu))
