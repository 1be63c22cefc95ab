"""Folders that must not outlive the process that made them, whatever way it ends.

A grading run's folder holds the assignment's hidden tests (its template
gradebook) and the course's secret (in every task folder); a release's
temporary course holds the solutions. The process removes them itself when
it ends normally, on an error, on Ctrl-C and on SIGTERM (``finally``); for
the one end it cannot see, SIGKILL (an out-of-memory kill, ``kill -9``, a
parent that dies with its whole process group), a *reaper* does it: a tiny
Python started once per process, in a session of its own and deaf to
SIGINT, SIGTERM and SIGHUP, that reads the folders to guard from a pipe and,
when the pipe closes (its parent has ended, however), removes those still
guarded. ``guard(path)`` before anything secret is written there,
``release(path)`` once the caller has removed it.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REAPER = r"""
import os, shutil, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_IGN)
paths = {}
for line in sys.stdin.buffer:
    line = line.rstrip(b"\n")
    if line[:1] == b"+":
        paths[line[1:]] = True
    elif line[:1] == b"-":
        paths.pop(line[1:], None)
for p in paths:
    p = os.fsdecode(p)
    if os.path.isdir(p) and not os.path.islink(p):
        shutil.rmtree(p, ignore_errors=True)
    else:
        try:
            os.unlink(p)
        except OSError:
            pass
"""

_lock = threading.Lock()
_reaper: subprocess.Popen | None = None
_guarded: set[str] = set()


def _start() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-I", "-S", "-c", REAPER], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            close_fds=True, cwd="/")


def _send(line: bytes) -> None:
    global _reaper
    for _ in range(2):
        if _reaper is None or _reaper.poll() is not None:
            _reaper = _start()
            if line[:1] == b"+" or _guarded:   # a new reaper learns every folder still guarded
                _reaper.stdin.write(b"".join(b"+" + os.fsencode(p) + b"\n" for p in sorted(_guarded)))
        try:
            _reaper.stdin.write(line)
            _reaper.stdin.flush()
            return
        except (BrokenPipeError, OSError):
            _reaper = None


def guard(path) -> None:
    """Have ``path`` (a folder or a file) removed when this process ends, even by SIGKILL."""
    p = os.path.abspath(os.fspath(path))
    with _lock:
        _guarded.add(p)
        _send(b"+" + os.fsencode(p) + b"\n")


def release(path) -> None:
    """``path`` was removed (or is kept on purpose): the reaper forgets it."""
    p = os.path.abspath(os.fspath(path))
    with _lock:
        if p in _guarded:
            _guarded.discard(p)
            if _reaper is not None and _reaper.poll() is None:
                try:
                    _reaper.stdin.write(b"-" + os.fsencode(p) + b"\n")
                    _reaper.stdin.flush()
                except (BrokenPipeError, OSError):
                    pass


@contextlib.contextmanager
def temporary_folder(prefix: str, dir: str | None = None):
    """``tempfile.TemporaryDirectory``, guarded (``guard``): removed when the
    block ends and, whatever way this process ends, after it."""
    d = tempfile.mkdtemp(prefix=prefix, dir=dir)
    guard(d)
    try:
        yield Path(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)
        release(d)


def sweep_dead(base: str, prefix: str) -> list[str]:
    """Remove the entries ``<prefix><pid>-...`` of ``base`` that this user
    made and whose process ``pid`` is gone (what a run killed with its
    reaper left: a container killed whole). What was removed."""
    removed = []
    try:
        names = [n for n in os.listdir(base) if n.startswith(prefix)]
    except OSError:
        return removed
    for n in names:
        head = n[len(prefix):].split("-", 1)[0]
        if not head.isdigit() or _alive(int(head)):
            continue
        path = os.path.join(base, n)
        try:
            if os.lstat(path).st_uid != os.getuid():
                continue
        except OSError:
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def reaper_pid() -> int | None:
    """The reaper's PID (tests), or None when none runs."""
    return _reaper.pid if _reaper is not None and _reaper.poll() is None else None


def _forget_in_child() -> None:
    """A forked child has its own folders to guard: not its parent's reaper (its copy of the pipe is closed,
    so that the reaper still sees the parent end)."""
    global _reaper, _lock
    _lock = threading.Lock()
    if _reaper is not None:
        try:
            _reaper.stdin.close()
        except OSError:
            pass
    _reaper = None
    _guarded.clear()


os.register_at_fork(after_in_child=_forget_in_child)
