"""One grading code for every process of a run.

The command, its grading workers, the zygotes and the sandboxed kernels each
import the ``workbook`` package. They must import the same one: a worker
started as ``python -m ...`` in a course folder that is a clone of this
repository imported that clone's copy (``-m`` puts the working folder first
on ``sys.path``) while the kernels imported the installed one, and every
kernel died with a message about the memory limit. Workers now start with
``-P`` (no working folder on ``sys.path``), the zygote with its own clean
path, and every process says which package it runs:

* ``identity()``: this process's package, its folder and a digest of its
  code, sent with every grading request; a worker whose own differs refuses
  the request (``mismatch``), and the run stops naming both;
* ``in_sandbox()``: the package a Python started in a kernel's sandbox
  imports (the same view and environment as a kernel), which
  ``check_sandbox`` compares with the command's before anything is graded.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: a request's key for the package the command runs, and an answer's for a worker that refused it
KEY, MISMATCH = "package", "package_mismatch"


def location() -> str:
    """The folder of the ``workbook`` package this process imported."""
    import workbook
    return str(Path(workbook.__file__).resolve().parent)


@functools.lru_cache(maxsize=None)
def _digest(folder: str) -> str:
    h = hashlib.sha256()
    base = Path(folder)
    for p in sorted(base.rglob("*.py")):
        if "__pycache__" not in p.parts:
            h.update(str(p.relative_to(base)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def digest() -> str:
    """A digest of this process's package code (every .py file), computed once."""
    return _digest(location())


def identity(local: bool = True) -> dict:
    """What a grading request says of the command's package: its digest, and
    its folder when the worker runs on this machine (``local``), where it
    must be the same folder."""
    out = {"digest": digest()}
    if local:
        out["path"] = location()
    return out


def mismatch(expected: dict | None) -> str | None:
    """Why this process must not grade for a command whose package is
    ``expected`` (``identity``), or None."""
    if not expected:
        return None
    here = location()
    if expected.get("path") and os.path.realpath(expected["path"]) != here:
        return (f"the grading worker imports workbook from {here}, the command from {expected['path']}: "
                "every process of a run must import the same package (run the command with the Python "
                "environment the package is installed in, not from a folder holding another copy)")
    if expected.get("digest") and expected["digest"] != digest():
        if expected.get("path") and os.path.realpath(expected["path"]) == here:
            return (f"the files of workbook ({here}) changed after the command started: its workers would grade "
                    "with other code than it; run the command again")
        return (f"the grading worker's workbook ({here}) is another version than the command's "
                f"({expected.get('path') or 'on the machine that started the run'}): install the same version "
                "of the course's package everywhere (or restart the workers after an update)")
    return None


PROBE = "import os, workbook; print(os.path.dirname(os.path.realpath(workbook.__file__)))"
# the same, run in a sandbox: a file it could not read comes back as data (which file, why), not as a traceback
SANDBOX_PROBE = ("import json, os\ntry:\n    import workbook\nexcept OSError as e:\n"
                 "    print(json.dumps({'file': str(e.filename or ''), 'why': e.strerror or type(e).__name__}))\n"
                 "else:\n    print(json.dumps({'path': os.path.dirname(os.path.realpath(workbook.__file__))}))")


@dataclass(frozen=True)
class Unreadable:
    """A file the sandbox's Python could not read while it imported the package."""

    file: str
    why: str

    def __str__(self) -> str:
        return f"{self.why}: {self.file}"


def in_sandbox(env: dict | None = None) -> tuple[str | None, "str | Unreadable"]:
    """(the folder of the package a Python started in a kernel's sandbox
    imports, or None; the error if it could not import it). The sandbox is
    a kernel's (``sandbox.bwrap_args``: the same view and environment, its
    working folder an empty one), the Python is the kernels'."""
    from ..course.layout import tool_env
    from . import sandbox
    bwrap = sandbox.check_available()
    ipc = tempfile.mkdtemp(prefix="wb-probe-")
    try:
        view = sandbox.bwrap_args(None, ipc, 64 << 20, sandbox.host_cache_dir())
        env = sandbox.sandbox_env(env if env is not None else tool_env(), view)
        r = subprocess.run([bwrap, *view, "--", sys.executable, "-c", SANDBOX_PROBE], env=env,
                           capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"{type(e).__name__}: {e}"
    finally:
        os.rmdir(ipc)
    return probe_result(r)


def probe_result(r: subprocess.CompletedProcess) -> tuple[str | None, "str | Unreadable"]:
    """``in_sandbox``'s answer from SANDBOX_PROBE's run: the package's folder,
    or the file it could not read, or the last line of what it printed."""
    try:
        found = json.loads(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else {}
    except (ValueError, IndexError):
        found = {}
    if found.get("path"):
        return found["path"], ""
    if found.get("file"):
        return None, Unreadable(found["file"], found.get("why", ""))
    lines = [line for line in r.stderr.strip().splitlines() if line.strip()]
    return None, lines[-1] if lines else f"exit {r.returncode}"


def on_host(env: dict | None = None) -> str:
    """The folder of the package the kernels' Python imports on this machine,
    started as a grading process is (``-P``, no working folder), or why not."""
    from ..course.layout import tool_env
    try:
        r = subprocess.run([sys.executable, "-P", "-c", PROBE], env=env if env is not None else tool_env(), cwd="/",
                           capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as e:
        return f"nowhere ({type(e).__name__}: {e})"
    if r.returncode != 0:
        lines = r.stderr.strip().splitlines()
        return f"nowhere ({lines[-1] if lines else f'exit {r.returncode}'})"
    return r.stdout.strip()


_SANDBOX_CHECKED: dict[tuple, str | None] = {}


def sandbox_problem(env: dict | None = None) -> str | None:
    """Why the sandboxed kernels would not import the command's package
    (both folders named), or None; asked once per process and environment."""
    key = (location(), tuple(sorted((env or {}).items())))
    if key not in _SANDBOX_CHECKED:
        there, error = in_sandbox(env)
        _SANDBOX_CHECKED[key] = problem(there, error, location(), lambda: on_host(env))
    return _SANDBOX_CHECKED[key]


def problem(there: str | None, error: "str | Unreadable", here: str, host) -> str | None:
    """Why kernels whose sandbox imports the package from ``there`` (or
    could not: ``error``) would not grade for a command whose package is at
    ``here``, or None. ``host()``: where the kernels' Python imports it
    outside the sandbox (asked only when the sandbox could not import it).
    A file it could not read is named first: the package is then the same,
    only its data out of reach."""
    same = ("every process of a run must import the same package (run the command with the Python environment "
            "the package is installed in, not from a folder holding another copy)")
    if isinstance(error, Unreadable):
        return (f"a kernel's sandbox cannot read {error.file} ({error.why}) while it imports workbook: make that "
                "path readable to the user the kernels run as (a data folder set in WORKBOOK_DATA, the course's "
                "folder), or point WORKBOOK_DATA at one they can read")
    if there is None:
        return (f"a kernel's sandbox cannot import workbook ({error}); the command runs it from {here}, the "
                f"kernels' Python imports it from {host()}: {same}")
    if there != here:
        return f"a kernel's sandbox imports workbook from {there}, the command from {here}: {same}"
    return None


def diagnose() -> str:
    """Why a correct solution could fail to get full marks: the kernel's
    sandbox importing another workbook package than the grader's own is the
    usual cause (``sandbox_problem`` compares the two that matter: the
    command's and what a Python in a kernel's sandbox imports)."""
    try:
        why = sandbox_problem()
    except Exception as e:  # noqa: BLE001 - a diagnosis never hides the error it explains
        why = f"(the sandbox could not be asked which package it imports: {type(e).__name__}: {e})"
    return why or "Check that the course's kernels can import the course's own workbook package and data."
