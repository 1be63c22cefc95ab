"""The coding test's driver: runs a student's program on the cases of one
group, in one process, as a judge of 백준 or 프로그래머스 would run it case by
case (10_coding_test; ``workbook.checks.coding`` starts it).

It runs as ``python -s -S -P coderun.py`` inside the judge's jail (or, in a
notebook's own run, as a plain child process) and reads two JSON documents on
its standard input, one a line::

    {"style": "stdin" | "function", "program": "...", "entry": "solution",
     "limits": [CPU seconds per case], "walls": [wall-clock seconds per case],
     "memory": bytes, "output": bytes}
    [input text | [argument, ...], ...]        (the cases)

Before the student's code runs it keeps a copy of its standard output for its
reports, lowers ``RLIMIT_DATA`` to ``memory`` and ``RLIMIT_CPU`` to the
group's total (the student cannot raise them again), and compiles the program
once (a syntax error is reported as such, nothing runs). Each case then runs
in a fresh namespace, with standard input a file holding the case's input
(``sys.stdin``, ``input()``, ``open(0)`` and ``os.read(0, ...)`` all read it)
and standard output a file of its own; a ``solution(...)`` program gets the
case's arguments and its return value is written as JSON. A CPU timer
(``ITIMER_PROF``, all threads together) stops a case at its limit, and a
wall-clock timer (``ITIMER_REAL``) at its wall limit (a program that sleeps or
waits for a read uses no CPU): its report says so (``"wall": true`` for the
second) and the process ends there (a group stops at its first time-out). The
timer counts by the kernel's ticks, which on a busy virtual machine run a few
per cent (8 % measured at a load of 20 on 2 cores) ahead of the scheduler's
count that ``time.process_time`` and the jail's cgroup read: the limits, five
times the reference's time, leave room for it.

One report per case on the kept output: a JSON line (``{"case": i,
"status": ..., "cpu": s, "size": n}``) followed by ``n`` bytes of the case's
output. Nothing here decides a verdict, and nothing the driver reports about
time is trusted: the judge compares the outputs itself and measures the
process's CPU time from outside (the jail's cgroup), which the student's code
cannot change. The driver imports only the standard library.
"""
import builtins
import gc
import io
import json
import os
import resource
import signal
import sys
import time

EXIT_TIME = 3        # the process ended at a case's CPU or wall-clock limit
EXIT_COMPILE = 4     # the program does not compile
_report = -1
_case = -1


def _send(header: dict, data: bytes = b"") -> None:
    msg = json.dumps(dict(header, size=len(data))).encode() + b"\n" + data
    view = memoryview(msg)
    while view:
        n = os.write(_report, view)
        view = view[n:]


def _time_up(signum, frame):
    # runs between two bytecodes of the student's code: report and end, nothing the code can catch
    # (a sleep, a blocking read or a wait is interrupted by the signal, and its handler runs at once)
    try:
        _send({"case": _case, "status": "time", **({"wall": True} if signum == signal.SIGALRM else {})})
    finally:
        os._exit(EXIT_TIME)


def _exc_names(e: BaseException) -> list:
    return [f"{c.__module__}.{c.__qualname__}" for c in type(e).__mro__]


def _exit(code=None):
    raise SystemExit(code)


def _high(fd: int) -> int:
    """``fd`` moved above the standard descriptors: a program that closed
    its standard input (``open(0)`` closes fd 0 when collected) must not see
    the next case's files land on 0, 1 or 2."""
    import fcntl
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 16)
    os.close(fd)
    return high


def _fresh_file(data: bytes) -> int:
    fd = _high(os.memfd_create("case", 0) if hasattr(os, "memfd_create") else _tmpfile())
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _tmpfile() -> int:
    import tempfile
    fd, path = tempfile.mkstemp()
    os.unlink(path)
    return fd


def _read_all(fd: int, limit: int) -> tuple:
    """(bytes, over): at most ``limit`` bytes of a file, and whether it held more."""
    size = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    chunks, got = [], 0
    while got < min(size, limit):
        chunk = os.read(fd, min(1 << 20, limit - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks), size > limit


def _encodable(value):
    """The return value as JSON data (a tuple as a list), or None when it is
    not plain data (a set, an object, NaN)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, (list, tuple)):
        out = []
        for v in value:
            e = _encodable(v)
            if e is None and v is not None:
                return None
            out.append(e)
        return out
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        out = {}
        for k, v in value.items():
            e = _encodable(v)
            if e is None and v is not None:
                return None
            out[k] = e
        return out
    return None


def main() -> int:
    global _report, _case
    head, _, rest = sys.stdin.buffer.read().partition(b"\n")
    job, cases = json.loads(head), json.loads(rest)
    del head, rest
    _report = _high(os.dup(1))
    style, limits = job["style"], [float(x) for x in job["limits"]]
    walls = [float(x) for x in job["walls"]]
    memory, out_limit = int(job["memory"]), int(job["output"])
    for lim, value in ((resource.RLIMIT_DATA, memory), (resource.RLIMIT_CPU, int(sum(limits)) + 2)):
        soft, hard = resource.getrlimit(lim)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(lim, (value, value))
    try:
        code = compile(job["program"], "solution.py" if style == "function" else "Main.py", "exec",
                       dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        _send({"case": 0, "status": "compile", "error": type(e).__name__,
               "line": getattr(e, "lineno", None)})
        return EXIT_COMPILE
    del job["program"]
    builtins.exit = builtins.quit = _exit     # site's exit() and quit(), which -S leaves out
    signal.signal(signal.SIGPROF, _time_up)
    signal.signal(signal.SIGALRM, _time_up)
    null_out = _high(os.open(os.devnull, os.O_RDONLY))
    for i, case in enumerate(cases):
        _case = i
        args = None
        if style == "stdin":
            fd = _fresh_file(case.encode("utf-8"))
            os.dup2(fd, 0)
            os.close(fd)
        else:
            args = case
            os.dup2(null_out, 0)
        out = _fresh_file(b"")
        os.dup2(out, 1)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False), 1 << 16),
                                      encoding="utf-8", newline="\n")
        namespace = {"__name__": "__main__", "__builtins__": builtins}
        sys.setrecursionlimit(1000)
        header = {"case": i, "status": "ok"}
        result = None
        start = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, max(limits[i], 0.001))
        signal.setitimer(signal.ITIMER_REAL, max(walls[i], 0.001))
        try:
            exec(code, namespace)
            if style == "function":
                entry = namespace.get(job.get("entry", "solution"))
                if not callable(entry):
                    raise NameError(f"name {job.get('entry', 'solution')!r} is not defined")
                result = entry(*args)
            sys.stdout.flush()
        except SystemExit as e:
            if e.code not in (None, 0):
                header = {"case": i, "status": "error", "error": _exc_names(e)}
        except MemoryError:
            header = {"case": i, "status": "memory"}
        except BaseException as e:  # noqa: BLE001 - every exception of the student's code is a runtime error
            header = {"case": i, "status": "error", "error": _exc_names(e)}
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
        cpu = time.process_time() - start
        try:
            sys.stdout.flush()
        except BaseException:  # noqa: BLE001 - a stdout the program closed or replaced
            pass
        header["cpu"] = round(cpu, 6)
        if style == "function" and header["status"] == "ok":
            value = _encodable(result)
            if value is None and result is not None:
                header = {"case": i, "status": "type", "type": type(result).__name__, "cpu": header["cpu"]}
                data = b""
            else:
                data = json.dumps(value, ensure_ascii=False).encode("utf-8")
                if len(data) > out_limit:
                    header["status"], data = "output", b""
        else:
            data, over = _read_all(out, out_limit)
            if over:
                header["status"], data = "output", b""
        os.close(out)
        sys.stdin = sys.stdout = None
        namespace = result = args = None
        gc.collect()
        _send(header, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
