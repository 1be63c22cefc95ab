"""A grading worker: a long-lived process that grades one task after another.

``python -m workbook.grading.worker`` reads one JSON request per line on
stdin ({"task": folder, "student", "assignment", "options", "log"}) and
answers one JSON line (a TaskResult). nbgrader's start-up (imports, the torch
the judge needs) is paid once per worker, not once per submission. nbgrader's
log for each task goes to that task's log file.

The worker dies with its parent (PR_SET_PDEATHSIG), and its kernels die with
it (bubblewrap's --die-with-parent). A worker that overruns a task's time
limit is killed with its whole process group by the runner and replaced.

Two workers or more (a pool, a run with ``--jobs 2``) are forked from a
template (``serve_template``, ``Template``) that has imported nbgrader and
the grader once: its workers are its children, and it ends, at once, when
the grader that started it closes its socket or dies, so they get their
SIGTERM as they would from the grader.

``grade_bundle`` is the same work for an engine that runs elsewhere (a Dask
worker): a packed task folder in, a TaskResult with the files' bytes out.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path


def die_with_parent(run_dir: str | None) -> None:
    """On SIGTERM this process kills its kernels and removes their sandboxes
    (folders and cgroups) and exits: the grader stops a worker that way
    (``Worker.stop``). When the parent (the runner, or the template the
    worker was forked from) dies, even by SIGKILL, Linux sends this process
    SIGTERM too: then it also removes the run's temporary folder."""
    if run_dir and not os.path.basename(os.path.normpath(run_dir)).startswith("wb-run-"):
        run_dir = None  # only ever a run folder the runner made
    parent = os.getppid()

    def on_term(signum, frame):
        try:
            from . import sandbox
            sandbox.cleanup_all()
        except Exception:
            pass
        if run_dir and os.getppid() != parent:   # the parent is gone: nobody else will remove it
            import shutil
            shutil.rmtree(run_dir, ignore_errors=True)
        os._exit(1)
    signal.signal(signal.SIGTERM, on_term)
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent or parent == 1:  # the parent died before the request above
        parent = -1
        on_term(signal.SIGTERM, None)


def autograde_in_process(args: list[str]) -> bool:
    """nbgrader's AutogradeApp, in this process, with the grader's enforced
    preprocessor lists layered on top of the task's configuration."""
    from nbgrader.apps.autogradeapp import AutogradeApp

    from .execute import enforced_config
    saved_path = list(sys.path)
    try:
        app = AutogradeApp()
        app.initialize(args)
        app.update_config(enforced_config(list(app.coursedir.ignore)))
        app.start()
        return True
    except SystemExit as e:
        return e.code in (0, None)
    except BaseException:
        traceback.print_exc()
        return False
    finally:
        sys.path[:] = saved_path
        AutogradeApp.clear_instance()


def grade(task: str, assignment: str, student: str, options: list[str], log: str | None):
    """Grade one task folder; nbgrader's output goes to ``log``."""
    from .task import run_task
    old_cwd = os.getcwd()
    saved = os.dup(1), os.dup(2)
    logf = open(log or os.devnull, "w")
    try:
        os.dup2(logf.fileno(), 1)
        os.dup2(logf.fileno(), 2)
        os.chdir(task)
        return run_task(Path(task), assignment, student, options, autograde_in_process)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])
        logf.close()
        os.chdir(old_cwd)


def main(argv: list[str]) -> int:
    if argv and argv[0].startswith("--template="):
        return serve_template(int(argv[0].split("=", 1)[1]), argv[1:])
    brokers = [a for a in argv if a.startswith("--zygotes=")]
    argv = [a for a in argv if not a.startswith("--zygotes=")]
    die_with_parent(argv[0] if argv else None)
    from ..data import JUDGE_BASE, JUDGE_DATA
    base = os.environ.pop(JUDGE_BASE, None)
    if base:   # a Dask worker's grading process: the judge's data in a folder of this process's, gone with it
        os.environ[JUDGE_DATA] = judge_folder(base)
    if brokers:   # kernels from the zygotes of the process that started this worker (shared by its workers)
        from .zygote import use_broker
        use_broker(int(brokers[-1].split("=", 1)[1]))
    proto = os.fdopen(os.dup(1), "w", buffering=1)  # answers; fds 1 and 2 go to each task's log
    from . import package
    for line in sys.stdin:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        why = package.mismatch(req.get(package.KEY))
        if why:   # never grade with another code than the command's
            proto.write(json.dumps({"student": req.get("student"), "assignment": req.get("assignment"), "ok": False,
                                    "reason": why, package.MISMATCH: why}) + "\n")
            proto.flush()
            continue
        try:
            r = grade(req["task"], req["assignment"], req["student"], req.get("options", []), req.get("log"))
            out = r.to_json()
        except BaseException as e:  # never let one task kill the worker silently
            out = {"student": req.get("student"), "assignment": req.get("assignment"), "ok": False,
                   "reason": f"the grading worker failed: {type(e).__name__}: {e}"}
        proto.write(json.dumps(out) + "\n")
        proto.flush()
    return 0


_local = threading.local()


TASK_PREFIX = "wb-task-"
TASK_MEMORY = 2 << 30     # /dev/shm is used for a task when it has this much room (a container's is often 64M)


def task_base() -> str:
    """Where a Dask task unpacks its folder (the hidden tests, the secret):
    memory (/dev/shm) where there is room, so nothing of it reaches the
    worker's disk; the temporary folder otherwise."""
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if os.access(shm, os.W_OK) and st.f_bavail * st.f_frsize >= TASK_MEMORY:
            return shm
    except OSError:
        pass
    return tempfile.gettempdir()


def judge_folder(base: str) -> str:
    """Where the judge of a Dask worker's grading process keeps the data of
    hidden seeds (built once per secret, reused by its next tasks): a folder
    of the grading process's own (the process that writes there, called in
    it), ``<task base>/wb-task-<pid>-judge`` (in memory, /dev/shm, where it
    has room), removed when that process ends (``cleanup.guard``: by a
    SIGKILL too), or else by the next task on this machine (``sweep_tasks``).
    Named after the Dask worker's process instead, it was removed when that
    one was killed while its grading process, not yet ended, wrote it again.
    Never the machine's data cache, where it outlived the cluster."""
    from .cleanup import guard
    path = os.path.join(base, f"{TASK_PREFIX}{os.getpid()}-judge")
    if path not in _JUDGE_FOLDERS:
        _JUDGE_FOLDERS.add(path)
        guard(path)   # removed when this process ends, however it ends (a nanny's SIGTERM, SIGKILL)
        os.makedirs(path, mode=0o700, exist_ok=True)
    return path


_JUDGE_FOLDERS: set[str] = set()


def sweep_tasks(base: str) -> list[str]:
    """Remove the task folders a killed worker left on this machine (those of
    processes that no longer exist); returns them."""
    removed = []
    try:
        names = os.listdir(base)
    except OSError:
        return removed
    for name in names:
        if not name.startswith(TASK_PREFIX):
            continue
        try:
            pid = int(name[len(TASK_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        try:
            os.kill(pid, 0)
            continue            # its process is alive
        except ProcessLookupError:
            pass
        except PermissionError:
            continue            # another user's process
        path = os.path.join(base, name)
        try:
            if os.stat(path).st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def grade_bundle(bundle: bytes, assignment: str, student: str, options: list[str], timeout: float = 600.0,
                 package: dict | None = None) -> dict:
    """A packed task folder graded here (a Dask task): by a warm worker
    process of this thread (started once, reused for the next tasks), so
    nbgrader's process-wide state never mixes two tasks. The result carries
    the autograded files as bytes and the log's tail. ``package``: the
    command's (``package.identity``): a worker whose package differs, or
    whose sandbox would import another, refuses the task."""
    from . import package as pkg
    from .results import TaskResult
    from .task import files_as_data, unpack
    why = pkg.mismatch(package) or (pkg.sandbox_problem() if "--TrustedExecute.sandbox=True" in options else None)
    if why:
        return {"student": student, "assignment": assignment, "ok": False, "reason": why, pkg.MISMATCH: why}
    base = task_base()
    sweep_tasks(base)
    from . import sandbox
    sandbox.sweep_dead()   # sandboxes and cgroups of grading processes killed on this machine
    worker = getattr(_local, "worker", None)
    if worker is None:
        from ..course.layout import tool_env
        from ..data import JUDGE_BASE
        worker = _local.worker = Worker(tool_env({JUDGE_BASE: base}), None)
    from .cleanup import temporary_folder
    with temporary_folder(f"{TASK_PREFIX}{os.getpid()}-", dir=base) as tmp:   # gone with this process if killed
        task = unpack(bundle, Path(tmp) / "task")
        log = Path(tmp) / "autograde.log"
        ans = worker.grade({"task": str(task), "assignment": assignment, "student": student, "options": options,
                            "log": str(log), pkg.KEY: pkg.identity()}, timeout)
        if isinstance(ans, dict) and ans.get(pkg.MISMATCH):
            return ans
        if isinstance(ans, str):
            r = TaskResult(student, assignment, False, "timed out" if ans == "timeout" else "the grading process died")
        else:
            r = files_as_data(TaskResult.from_json(ans))
        out = r.to_json()
        try:
            out["log_tail"] = log.read_text(errors="replace")[-4000:]
        except OSError:
            pass
        return out


#: Python's options for a grading process: no working folder first on ``sys.path`` (``-m`` puts it there, and a
#: course folder that is a clone of this repository holds a ``workbook/`` of its own): the installed package, as
#: the command's (``package.mismatch`` refuses any other)
CLEAN_PATH = ("-P",)

#: what every grading worker imports (nbgrader's autograde app, the grader's own modules): a template imports
#: them once for all the workers it forks
GRADER_MODULES = ("nbgrader.apps.autogradeapp", "workbook.grading.task", "workbook.grading.execute",
                  "workbook.grading.judge", "workbook.grading.sandbox", "workbook.grading.zygote",
                  "jupyter_client.asynchronous.client")


def serve_template(fd: int, run_dir: list[str]) -> int:
    """A worker template (``python -m workbook.grading.worker --template=FD
    [RUN_DIR]``): imports what every grading worker imports
    (``GRADER_MODULES``), then forks a worker for each request on the socket
    ``fd`` (``Template.fork``). It never grades, never starts a kernel and
    holds nothing of a task. It ends when the other end of ``fd`` closes (its
    pool closed, or the process that started it died); its workers then get
    SIGTERM (``die_with_parent``) and clean up.

    What only some assignments' judges import (torch for 03) is not imported
    here: the workers ask for their first task at once, and waiting for
    torch here before forking them cost more than importing it in each
    worker (6 x 00/02/03, 2 workers: no faster than without a template; with
    the grader's modules only, 16.3 s against 16.7 s, the mean of 8
    alternating pairs)."""
    import importlib
    import socket
    import warnings

    from .zygote import reap_children
    signal.signal(signal.SIGCHLD, reap_children)   # the workers are this process's children
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in GRADER_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - a worker imports it again where it is needed, and says why
                pass
    sock = socket.socket(fileno=fd)
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 4)
        except OSError:
            msg = b""
        if not msg:   # the grader closed its end, or died: at once, so that the workers get their SIGTERM
            os._exit(0)   # (PR_SET_PDEATHSIG) as they did when the grader was their parent
        if len(fds) != 4:
            for f in fds:
                os.close(f)
            continue
        stdin_r, stdout_w, broker, reply = fds
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                sock.close()
                os.close(reply)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.setsid()   # a process group of its own: the grader kills a worker with all it started
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(stdin_r, 0)
                os.dup2(stdout_w, 1)
                os.dup2(null, 2)
                for f in (stdin_r, stdout_w, null):
                    os.close(f)
                import random
                random.seed()   # the template's state would be every worker's: draw a fresh one
                code = main([*run_dir, f"--zygotes={broker}"])
            except BaseException:  # noqa: BLE001 - the grader sees the worker end
                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                finally:
                    os._exit(code)
        for f in (stdin_r, stdout_w, broker):
            os.close(f)
        try:
            os.write(reply, json.dumps({"pid": pid}).encode())
        except OSError:
            pass
        os.close(reply)


class Template:
    """The grader's handle on a worker template (``serve_template``),
    started with the first worker: the workers of a pool or a run are forked
    from it, so each starts with nbgrader and the grader imported (0.6 CPU-s
    of a worker's start), paid once for all of them instead of once each."""

    def __init__(self, env: dict, run_dir: Path | None):
        self.env, self.run_dir = env, run_dir
        self.proc: subprocess.Popen | None = None
        self.sock = None
        self.lock = threading.Lock()

    def _start(self) -> None:
        import socket
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        args = [str(self.run_dir)] if self.run_dir is not None else []
        try:
            # the run folder in its command line, as a worker's: the workers forked from it show the same
            self.proc = subprocess.Popen([sys.executable, *CLEAN_PATH, "-m", "workbook.grading.worker",
                                          f"--template={theirs.fileno()}", *args],
                                         pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env,
                                         start_new_session=True)
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        self.sock = mine

    @property
    def alive(self) -> bool:
        """Not started yet, or running (and not closed)."""
        return not self.closed and (self.proc is None or self.proc.poll() is None)

    closed = False

    def fork(self, broker: int) -> "Forked":
        """A worker forked from the template, whose kernels' requests go to
        ``broker``. Returns at once: the template forks it once its imports
        are done, and the worker's first request waits in its stdin."""
        import socket
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            with self.lock:
                if self.closed:
                    raise RuntimeError("the worker template was closed")
                if self.proc is None:
                    self._start()
                socket.send_fds(self.sock, [b"fork"], [stdin_r, stdout_w, broker, theirs.fileno()])
        except BaseException:
            os.close(stdin_w)
            os.close(stdout_r)
            mine.close()
            raise
        finally:
            os.close(stdin_r)
            os.close(stdout_w)
            theirs.close()
        return Forked(stdin_w, stdout_r, mine)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            if self.sock is not None:
                self.sock.close()
                self.sock = None
            if self.proc is not None:
                if self.proc.poll() is None:
                    self.proc.kill()
                self.proc.wait()
                self.proc = None


class Forked:
    """A worker forked from a ``Template``: what ``Worker`` uses of a Popen
    (its pipes, its PID, poll, wait), watched through a pidfd (the template
    reaps it). Its PID comes from the template once it has forked it."""

    returncode: int | None = None

    def __init__(self, stdin_w: int, stdout_r: int, reply):
        self.stdin = os.fdopen(stdin_w, "w", buffering=1)
        self.stdout = os.fdopen(stdout_r, "r")
        self._reply = reply
        self._pid: int | None = None
        self._fd: int | None = None

    def _answer(self, timeout: float | None) -> None:
        import select
        if self._reply is None or not select.select([self._reply], [], [], timeout)[0]:
            return
        try:
            self._pid = int(json.loads(self._reply.recv(256))["pid"])
            self._fd = os.pidfd_open(self._pid)
        except (OSError, ValueError, KeyError, TypeError):
            self.returncode = 1   # the template ended before it forked this worker (or the worker is gone)
        self._reply.close()
        self._reply = None

    @property
    def pid(self) -> int | None:
        """The worker's PID (waiting for the template to fork it), or None if it never started."""
        from .zygote import START_TIMEOUT
        self._answer(START_TIMEOUT)
        return self._pid

    def poll(self) -> int | None:
        import select
        if self.returncode is None:
            self._answer(0)
            if self._fd is not None and select.select([self._fd], [], [], 0)[0]:
                self.returncode = 1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import select
        if self.pid is not None and self.returncode is None and self._fd is not None:
            if not select.select([self._fd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired("grading worker", timeout)
            self.returncode = 1
        return self.returncode if self.returncode is not None else 1

    def close(self) -> None:
        for f in (self.stdin, self.stdout):
            try:
                f.close()
            except OSError:
                pass
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._reply is not None:
            self._reply.close()
            self._reply = None


STOP_GRACE = 5.0   # seconds a worker told to stop gets to remove its kernels' sandboxes before it is killed


def _kill_group(proc) -> None:
    pid = proc.pid
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class Worker:
    """A local worker process (``python -m workbook.grading.worker``)."""

    def __init__(self, env: dict, run_dir: Path | None, template: "Template | None" = None):
        from .sandbox import THREAD_VARIABLES
        # the judge's torch (and a kernel without the sandbox): one thread per math library's pool, unless the
        # environment says otherwise: the workers share the cores (SandboxKernelManager.threads says why)
        self.env = {**{name: "1" for name in THREAD_VARIABLES}, **env}
        self.run_dir = run_dir   # the run's temporary folder, removed if the parent dies
        self.template = template  # forked from it (its pool's), or started on its own
        self.proc: subprocess.Popen | Forked | None = None

    def start(self) -> None:
        """The worker process, with a socket to this process's zygotes
        (``zygote.serve_broker``, a thread here): the workers of a pool or a
        run start each zygote once, not once each."""
        import socket

        from .zygote import serve_broker
        args = [str(self.run_dir)] if self.run_dir is not None else []
        mine, theirs = socket.socketpair()
        try:
            if self.template is not None and self.template.alive and self.template.env == self.env:
                self.proc = self.template.fork(theirs.fileno())
            else:
                self.proc = subprocess.Popen([sys.executable, *CLEAN_PATH, "-m", "workbook.grading.worker", *args,
                                              f"--zygotes={theirs.fileno()}"], pass_fds=[theirs.fileno()],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL, env=self.env, start_new_session=True,
                                             text=True, bufsize=1)
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        threading.Thread(target=serve_broker, args=(mine,), name="zygote-broker", daemon=True).start()

    def grade(self, req: dict, timeout: float) -> dict | str:
        """The worker's answer, or "timeout" / "crashed"."""
        import select
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        assert self.proc and self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
        except OSError:
            self.stop()
            return "crashed"
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                return "timeout"
            ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 1.0))
            if ready:
                line = self.proc.stdout.readline()
                if not line:
                    self.stop()
                    return "crashed"
                try:
                    return json.loads(line)
                except ValueError:
                    continue

    def stop(self, grace: float | None = None) -> None:
        """Stop the worker and everything it started: SIGTERM first, which
        makes it kill its kernels and remove their sandboxes and cgroups
        (``die_with_parent``), then, after ``grace`` seconds at most,
        SIGKILL to its process group; what a worker killed that way left is
        swept (``sandbox.sweep_process``)."""
        proc = self.proc   # once: a pool closing while a worker stops itself calls this from two threads
        if proc is not None:
            pid = proc.pid
            if pid is not None and proc.poll() is None:
                try:
                    os.kill(pid, signal.SIGTERM)
                    proc.wait(timeout=STOP_GRACE if grace is None else grace)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            _kill_group(proc)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            if isinstance(proc, Forked):
                proc.close()
            self.proc = None
            if pid is not None:
                from . import sandbox
                sandbox.sweep_process(pid)







if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
