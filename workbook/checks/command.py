"""A command given as a string answer (01's shell, 06's git): one runner.

What the two subjects share lives here, once:

- ``answer_text``: the answer is a non-empty string, else a failure that
  says so;
- ``check_syntax``: bash's own error when the command does not parse
  (``bash -n`` reads without running anything);
- ``spawn``: run a command with both outputs drained and capped, its whole
  process group stopped with it (what it left running in the background too,
  as in the judge's jail, which ends with its first process);
- ``jailed``: a command runs plainly in a notebook's own run and in a fresh
  bubblewrap jail when the judge grades (the judge's transport wraps it);
- ``scratch``: a command's scratch folder, on a tmpfs when the machine has
  one with room to spare; ``remove`` and ``remove_later``: scratch folders
  go, even after a ``chmod 000``;
- ``shown`` and ``cut``: a command quoted in a message.

The subjects (``shell``, ``gitcheck``) decide what a command is compared
with; this module never decides a verdict.
"""
from __future__ import annotations

import atexit
import functools
import os
import queue
import select
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .core import CheckFailed, _current
from ..messages import as_message, joined, msg, nmsg, render

MAX_OUTPUT = 2_000_000     # bytes of stdout/stderr kept
SYNTAX_TIMEOUT = 5.0
SHOWN_LINES = 15           # lines of a multi-line command quoted in a message
CUT_MARK = b"\n[... output cut ...]"


def jailed(argv: list[str], writable: list[str], **limits) -> list[str]:
    """``argv`` as a check must run it: plainly in a notebook's own run, in a
    fresh bubblewrap jail (only ``writable`` writable) when the judge grades.
    ``limits`` (``cpu``: seconds, ``memory``: bytes, for all the jail's
    processes together) go to the jail (``jail.Jail.command``)."""
    run = _current.get()
    if run is None:
        return list(argv)
    return run.transport.wrap_command(argv, writable, **limits)


# ------------------------------------------------------------------ the answer
def answer_text(value, what=None) -> str:
    """The answer as a non-empty string (else a failure that says so);
    ``what`` names what it holds (a message: "command", "script")."""
    what = what or msg("command")
    if not isinstance(value, str):
        raise CheckFailed(msg("your answer should be a string holding the {what} (in quotes), not a {type}", what=as_message(what),
                              type=type(value).__name__), show_values=False,
                          hidden_message=msg("your answer should be a string holding the {what}", what=as_message(what)))
    if not value.strip():
        raise CheckFailed(msg("your answer is an empty string: write the {what} between the quotes", what=as_message(what)),
                          show_values=False, hidden_message="your answer is an empty string")
    return value


def cut(line: str, width: int = 160) -> str:
    return line if len(line) <= width else line[:width - 3] + "..."


def shown(command: str, label):
    """`label: command` on one line, or the command's lines below the label
    (``label`` a message: "your command")."""
    label = as_message(label)
    lines = command.strip().splitlines() or [""]
    if len(lines) == 1:
        return msg("  {label}: {command}", label=as_message(label), command=cut(lines[0]))
    out = ["      " + cut(line) for line in lines[:SHOWN_LINES]]
    if len(lines) > SHOWN_LINES:
        out.append(nmsg("      ... ({n} more line)", "      ... ({n} more lines)", len(lines) - SHOWN_LINES))
    return joined([msg("  {label}:", label=as_message(label)), *out], "\n")


def syntax_error(command: str) -> list[str] | None:
    """bash's own error lines when ``command`` does not parse (``bash -n``,
    which reads without running anything), else None. The answer is a pure
    function of the text: a check that runs the same command in several
    scenarios asks bash once."""
    lines = _syntax_error(command)
    return list(lines) if lines is not None else None


@functools.lru_cache(maxsize=256)
def _syntax_error(command: str) -> tuple[str, ...] | None:
    argv = jailed(["bash", "-n", "-c", command], writable=[])
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}
    _, err, code = spawn(argv, "/", env, SYNTAX_TIMEOUT)
    if code is None:
        return None
    lines = [line.rstrip().replace("bash: -c: ", "bash: ", 1) for line in decode(err).splitlines()]
    lines = [line for line in lines if line.startswith("bash: ")]
    return tuple(lines) if code != 0 and lines else None


def check_syntax(command: str) -> None:
    """A failure quoting bash's own error when the command does not parse
    (nothing runs)."""
    lines = syntax_error(command)
    if lines:
        head = msg("your command has a syntax error, so bash did not run it")
        message = joined([head, *("  " + cut(line) for line in lines[:6]), shown(command, msg("your command"))], "\n")
        raise CheckFailed(message, show_values=False,
                          hidden_message=msg("{message}: {errors}", message=head, errors="; ".join(lines[:2])))


# ------------------------------------------------------------------ running
def decode(b: bytes) -> str:
    return b.decode("utf-8", errors="replace")


def drain(pipe, buf: list[bytes], limit: int = MAX_OUTPUT, mark: bytes = b"") -> None:
    """Read a pipe to its end, keeping at most ``limit`` bytes (a runaway
    command such as `yes` must not fill the memory), then ``mark``."""
    kept = 0
    try:
        while True:
            chunk = pipe.read1(65536)
            if not chunk:
                break
            if kept < limit:
                buf.append(chunk[:limit - kept])
                kept += len(buf[-1])
                if kept >= limit and mark:
                    buf.append(mark)
    except (OSError, ValueError):
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def spawn(argv: list[str], cwd: Path | str, env: dict, timeout: float, *, data: bytes | None = None,
          limit: int = MAX_OUTPUT, mark: bytes = b"", usage: dict | None = None) -> tuple[bytes, bytes, int | None]:
    """(stdout, stderr, exit code) of ``argv``, the code None after
    ``timeout`` seconds. stdout keeps ``limit`` bytes, stderr MAX_OUTPUT, each
    followed by ``mark`` when cut. ``data`` goes to stdin (else stdin is
    empty). The process group is killed when the command ends. A jailed
    command (``jailed``) that can be started by the grading process's jail
    server (``start``) is started there. ``usage`` (a dict) is filled with
    what the command used, measured from outside it: ``cpu`` (seconds, all
    its processes: the jail's cgroup, else the rusage of what was waited
    for), ``oom`` (memory ran out) and ``over_cpu`` (stopped at the jail's
    ``cpu`` limit)."""
    start = getattr(argv, "start", None)
    if start is not None:
        return _spawn_started(start, cwd, env, timeout, data, limit, mark, usage)
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    readers = _readers(proc.stdout, proc.stderr, limit, mark)
    _feed(proc.stdin, data)
    code: int | None = None
    try:
        code = exit_code(proc, timeout, usage)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        out, err = _joined(readers)
    return out, err, code


def _readers(stdout, stderr, limit: int, mark: bytes) -> list:
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [threading.Thread(target=drain, args=(stdout, out, limit, mark), daemon=True),
               threading.Thread(target=drain, args=(stderr, err, MAX_OUTPUT, mark), daemon=True)]
    for r in readers:
        r.start()
    return [(readers[0], out), (readers[1], err)]


def _joined(readers) -> tuple[bytes, bytes]:
    for r, _ in readers:
        r.join(timeout=5)
    return b"".join(readers[0][1]), b"".join(readers[1][1])


def _feed(stdin, data: bytes | None) -> None:
    if data is None or stdin is None:
        return
    try:
        stdin.write(data)
    except OSError:
        pass
    finally:
        try:
            stdin.close()
        except OSError:
            pass


def _spawn_started(start, cwd, env: dict, timeout: float, data: bytes | None, limit: int,
                   mark: bytes, usage: dict | None = None) -> tuple[bytes, bytes, int | None]:
    """``spawn`` for a command another process starts (the jail server):
    the same pipes, limits and timeout; the command is killed when it
    ends."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    in_r, in_w = os.pipe() if data is not None else (os.open(os.devnull, os.O_RDONLY), -1)
    try:
        launched = start(cwd, env, in_r, out_w, err_w, **({"usage": True} if usage is not None else {}))
    except BaseException:
        for fd in (out_r, err_r, in_w):
            if fd >= 0:
                os.close(fd)
        raise
    finally:
        for fd in (out_w, err_w, in_r):
            os.close(fd)
    readers = _readers(os.fdopen(out_r, "rb"), os.fdopen(err_r, "rb"), limit, mark)
    _feed(os.fdopen(in_w, "wb") if in_w >= 0 else None, data)
    code: int | None = None
    try:
        code = launched.wait(timeout)
    finally:
        launched.stop()
        out, err = _joined(readers)
        launched.close()
    if usage is not None:
        usage.update(launched.usage or {})
    return out, err, code


def exit_code(proc: subprocess.Popen, timeout: float, usage: dict | None = None) -> int | None:
    """``proc``'s exit code, or None after ``timeout`` seconds. Woken by the
    kernel when the process ends (a pidfd), not by ``Popen.wait``'s polling,
    whose sleeps grow to 50 ms: a check runs a hundred short commands. With
    ``usage``, its ``cpu`` is the CPU time of the process and of the
    children it waited for (``wait4``)."""
    try:
        fd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):    # Linux before 5.3, or not Linux
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        if not poller.poll(max(0.0, timeout) * 1000):
            return None
        if usage is None:
            return proc.wait()
        _, status, rusage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        usage.update(cpu=rusage.ru_utime + rusage.ru_stime, oom=False, over_cpu=False)
        return proc.returncode
    finally:
        os.close(fd)


# ------------------------------------------------------------------ scratch folders
def remove(tmp: Path) -> None:
    """Remove a scratch folder a command may have locked (chmod 000): its
    folders get their permissions back first, never through a symbolic link
    (chmod follows links)."""
    for dirpath, dirnames, _ in os.walk(tmp):
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                continue
            try:
                os.chmod(full, 0o755)
            except OSError:
                pass
    shutil.rmtree(tmp, ignore_errors=True)


_trash: "queue.Queue[Path | None]" = queue.Queue()
_cleaner: threading.Thread | None = None


def _clean_forever() -> None:
    while True:
        tmp = _trash.get()
        if tmp is None:
            return
        remove(tmp)


def finish_cleaning() -> None:
    """At exit (or in tests): let the cleaner finish what it holds, then
    remove whatever is still queued."""
    cleaner = _cleaner
    if cleaner is not None and cleaner.is_alive():
        _trash.put(None)  # after every queued folder
        cleaner.join(timeout=30)
    while True:
        try:
            tmp = _trash.get_nowait()
        except queue.Empty:
            return
        if tmp is not None:
            remove(tmp)


#: where a command's scratch folder goes first: a tmpfs, where a copy of 01's server (24 files, 1.5 MB)
#: is written in 1 ms, against 25 ms on this machine's disk, and 06's repositories likewise
FAST_SCRATCH = ("/dev/shm",)
#: the room a tmpfs must have free to be used (a container's default /dev/shm of 64 MiB has not: a
#: jail may write Jail.disk, 256 MiB, and several run at once)
SCRATCH_ROOM = 2 << 30


@functools.lru_cache(maxsize=1)
def _scratch_base() -> str | None:
    if os.environ.get("WORKBOOK_SANDBOXED"):   # a sandboxed kernel: its /tmp is a tmpfs, and counted
        return None
    for d in FAST_SCRATCH:
        try:
            st = os.statvfs(d)
        except OSError:
            continue
        if os.path.isdir(d) and os.access(d, os.W_OK | os.X_OK) and st.f_bavail * st.f_frsize >= SCRATCH_ROOM:
            return d
    return None


def scratch(prefix: str) -> Path:
    """A new private folder (0700) for a command's copy of its data: on the
    host (the judge), on a tmpfs of FAST_SCRATCH with SCRATCH_ROOM free; in a
    sandboxed kernel or without such a tmpfs, in the temporary folder. Remove
    it with ``remove`` or ``remove_later``."""
    base = _scratch_base()
    if base is not None:
        try:
            return Path(tempfile.mkdtemp(prefix=prefix, dir=base))
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix=prefix))


def _fresh_after_fork() -> None:
    """A forked child starts with a queue and a cleaner of its own (the
    parent's thread is not in it, and its queue's lock may have been held)."""
    global _trash, _cleaner
    _trash, _cleaner = queue.Queue(), None


os.register_at_fork(after_in_child=_fresh_after_fork)


def remove_later(tmp: Path) -> None:
    """Scratch folders are deleted by a background thread (deleting is slow
    on a busy disk and nobody waits for it); whatever is left at exit is
    deleted then."""
    global _cleaner
    if _cleaner is None or not _cleaner.is_alive():
        if _cleaner is None:
            atexit.register(finish_cleaning)
        _cleaner = threading.Thread(target=_clean_forever, name="command-cleaner", daemon=True)
        _cleaner.start()
    _trash.put(tmp)


# ------------------------------------------------------------------ for students
def previewable(command) -> bool:
    """For a student's ``preview()``: True when ``command`` can run; else
    False, after printing why (not a string, or bash cannot parse it)."""
    if not isinstance(command, str):
        print(render(msg("preview() needs a string, not a {type}", type=type(command).__name__)))
        return False
    bad = syntax_error(command)
    if bad:
        print(f"$ {command.strip()}\n" + render(msg("  syntax error: bash did not run it")) + "\n"
              + "\n".join("  " + b for b in bad))
        return False
    return True
