"""Where grading tasks run: local worker processes (``LocalEngine``,
``--jobs``) or an existing Dask cluster (``DaskEngine``, ``--scheduler``,
over TLS). An engine takes prepared task folders (``task``) and hands back
``TaskResult``s, plain data; the runner merges them."""
from __future__ import annotations

import contextlib
import heapq
import logging
import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .results import GraderError, TaskResult
from .worker import Template, Worker

log = logging.getLogger("workbook.grading")


@dataclass
class Job:
    student: str
    task_dir: Path
    log: Path


RUN_PREFIX = "wb-run-"   # a run's folder: wb-run-<the grading command's PID>-<assignment>-<random>


def run_folder(prefix: str) -> Path:
    """A grading run's private folder (its task folders: submissions, the
    assignment's tests, the secret, the task gradebooks nbgrader commits to
    many times per notebook): on a tmpfs with room where there is one
    (``command.scratch``: /dev/shm), so that nothing of it reaches the disk
    and no commit waits for it (6 x 00/02/03 with 2 workers: 26-27 s on
    this machine's disk, 22-23 s there); the temporary folder otherwise."""
    from ..checks.command import scratch
    from .cleanup import guard
    d = scratch(prefix)
    guard(d)   # removed whatever way this process ends (SIGKILL included): it will hold the hidden tests
    return d


#: set by the command's Ctrl-C handler (``cli.catch_interrupts``). Python ignores an exception raised in a
#: weakref callback or a finalizer, and a KeyboardInterrupt that lands there is lost: a busy run went on to the
#: end after Ctrl-C. The waits below raise it again from this.
INTERRUPTED = threading.Event()
SIGNALLED: dict[str, int] = {}   # the signal that interrupted the command ("signal"), SIGINT by default
WAKE = 0.5   # seconds: how often a wait for tasks looks at INTERRUPTED


def completed(futs):
    """``as_completed``, that raises KeyboardInterrupt within ``WAKE``
    seconds of a Ctrl-C (``INTERRUPTED``), even one Python lost."""
    from concurrent.futures import FIRST_COMPLETED, wait
    pending = set(futs)
    while pending:
        done, pending = wait(pending, timeout=WAKE, return_when=FIRST_COMPLETED)
        if INTERRUPTED.is_set():
            raise KeyboardInterrupt
        yield from done


def _template_for(workers: list[Worker], run_dir: Path) -> Template | None:
    """The template the workers fork from (``worker.Template``), for two
    workers or more (one worker imports what it needs itself), started with
    the first worker."""
    if len(workers) < 2:
        return None
    template = Template(workers[0].env, run_dir)
    for w in workers:
        w.template = template
    return template


class WorkerPool:
    """Local grading workers kept from one run to the next (a course's
    assignments graded in turn): each worker imports nbgrader, the judge and
    torch once, not once per assignment. Each submission still gets a fresh
    sandboxed kernel; a worker only ever holds the grader's own state. Runs
    made with the pool keep their folders under ``base``, which a worker
    removes if the parent dies.

    A free worker goes to the waiting task of the lowest rank: the runs of
    several assignments may overlap (``runner.autograde_in_turn``), and the
    earlier assignment's tasks go first, so a worker that would idle at the
    end of one assignment starts on the next."""

    def __init__(self, jobs: int, env: dict | None = None):
        import itertools

        from ..course.layout import tool_env
        self.base = run_folder(f"{RUN_PREFIX}{os.getpid()}-pool-")
        self.workers = [Worker(tool_env(env), self.base) for _ in range(max(1, jobs))]
        self.template = _template_for(self.workers, self.base)
        self._cond = threading.Condition()
        self._free = list(self.workers)
        self._waiting: list[tuple] = []        # a heap of the ranks of the tasks waiting for a worker
        self._tickets = itertools.count()
        self._runs = itertools.count()
        self._left: dict[int, int] = {}          # the runs handing out their submissions: how many wait for a worker
        self.closed = threading.Event()

    def next_run(self) -> int:
        """The rank of a new run (its tasks come after those of earlier runs)."""
        return next(self._runs)

    def acquire(self, run: int) -> Worker:
        rank = (run, next(self._tickets))
        with self._cond:
            heapq.heappush(self._waiting, rank)
            try:
                while not (self._free and self._waiting[0] == rank):
                    self._cond.wait()
            except BaseException:
                self._waiting.remove(rank)
                heapq.heapify(self._waiting)
                self._cond.notify_all()
                raise
            heapq.heappop(self._waiting)
            w = self._free.pop(0)
            if run in self._left:
                self._left[run] -= 1
            self._cond.notify_all()
            return w

    def release(self, w: Worker) -> None:
        with self._cond:
            self._free.append(w)
            self._cond.notify_all()

    def start_free(self, n: int) -> None:
        """Start up to ``n`` free workers that are not running (their imports overlap with staging)."""
        with self._cond:
            for w in self._free[:max(1, n)]:
                if w.proc is None or w.proc.poll() is not None:
                    w.start()

    def wait_for_room(self, run: int, done) -> None:
        """Until every submission of run ``run`` has a worker (the next run
        may start: it stages its class while those are graded, and its tasks
        go after them), or ``done()``. Waiting also for a free worker left
        that worker idle while the next run staged (0.1-0.2 s at each
        assignment of 6 x 00/02/03)."""
        with self._cond:
            while not (done() or self.closed.is_set()) and self._left.get(run) != 0:
                self._cond.wait(timeout=0.5)

    @contextlib.contextmanager
    def handing_out(self, run: int, count: int):
        """While run ``run`` hands out its ``count`` submissions (``wait_for_room``)."""
        with self._cond:
            self._left[run] = count
            self._cond.notify_all()
        try:
            yield
        finally:
            with self._cond:
                self._left.pop(run, None)
                self._cond.notify_all()

    def close(self) -> None:
        import shutil

        from . import zygote
        self.closed.set()
        for w in self.workers:
            w.stop()
        if self.template is not None:
            self.template.close()
        zygote.close_all()   # the zygotes the workers shared (``Worker.start``)
        shutil.rmtree(self.base, ignore_errors=True)
        from .cleanup import release
        release(self.base)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LocalEngine:
    """``jobs`` local worker processes (warm: nbgrader and torch imported
    once), the run's own or a ``WorkerPool``'s (kept when the run ends)."""

    def __init__(self, jobs: int, timeout: float, options: list[str], assignment: str, run_dir: Path,
                 env: dict | None = None, pool: WorkerPool | None = None, run_rank: int | None = None):
        from ..course.layout import tool_env
        self.timeout, self.options, self.assignment = timeout, options, assignment
        self.pool = pool
        self.pooled = pool is not None
        self.jobs = max(1, jobs)
        self.workers = (pool.workers if pool is not None
                        else [Worker(tool_env(env), run_dir) for _ in range(self.jobs)])
        self.template = None if pool is not None else _template_for(self.workers, run_dir)
        self.run_rank = run_rank if run_rank is not None else pool.next_run() if pool is not None else 0
        self.free: queue.Queue = queue.Queue()
        self.stopping = threading.Event()
        if pool is None:
            for w in self.workers:
                self.free.put(w)

    def start(self, n: int) -> None:
        if self.pool is not None:
            self.pool.start_free(n)
            return
        for w in self.workers[:max(1, n)]:
            if w.proc is None or w.proc.poll() is not None:
                w.start()  # imports overlap with staging

    def prewarm(self, course, assignments: list[str]) -> list[str]:
        """Start the zygotes the workers' kernels of these assignments will
        come from, in the background, in this process (whose zygotes the
        workers share: ``Worker.start``): the first kernel of an assignment
        then does not wait for its imports (seconds of one core, while the
        other cores idle), and the next assignment's start while this one is
        graded. Its kernels ask for exactly these (the same configuration,
        environment and release notebooks: ``SandboxKernelManager.prewarm``).
        The assignments whose zygote was started."""
        from traitlets.config import Config
        from traitlets.config.loader import KVArgParseConfigLoader

        from .sandbox import SandboxKernelManager
        from .zygote import notebook_imports
        config = Config()
        config.merge(course.config)
        config.merge(KVArgParseConfigLoader(argv=list(self.options)).load_config())
        if str(config.get("TrustedExecute", {}).get("sandbox", True)) == "False":
            return []
        # a worker's kernels get its environment as nbgrader sets it while it executes a notebook
        env = {**self.workers[0].env, "NBGRADER_EXECUTION": "autograde"}
        started = []
        for a in assignments:
            try:
                km = SandboxKernelManager(config=config)
                # what TrustedExecute finds in a task's folder, which holds the release (task.prepare)
                km.notebook_imports = sorted(notebook_imports(course.path("release", ".", a), submodules=True))
                if km.prewarm(env):
                    started.append(a)
            except Exception as e:  # noqa: BLE001 - only a head start: the kernels start their zygote anyway
                log.info("zygote of %s not started ahead: %s", a, e)
        return started

    def _acquire(self) -> Worker:
        return self.pool.acquire(self.run_rank) if self.pool is not None else self.free.get()

    def _release(self, w: Worker) -> None:
        if self.pool is not None:
            self.pool.release(w)
        else:
            self.free.put(w)

    def run(self, job: Job) -> TaskResult:
        w = self._acquire()
        if self.stopping.is_set():
            self._release(w)
            return TaskResult(job.student, self.assignment, False, "the run was stopped")
        from . import package
        try:
            ans = w.grade({"task": str(job.task_dir), "assignment": self.assignment, "student": job.student,
                           "options": self.options, "log": str(job.log), package.KEY: package.identity()},
                          self.timeout)
        finally:
            self._release(w)
        if isinstance(ans, dict) and ans.get(package.MISMATCH):
            raise GraderError(ans[package.MISMATCH])
        if ans == "timeout":
            return TaskResult(job.student, self.assignment, False, f"timed out after {self.timeout:.0f} s")
        if ans == "crashed":
            return TaskResult(job.student, self.assignment, False, "the grading process died: " + _log_reason(job.log))
        r = TaskResult.from_json(ans)
        if not r.ok and r.reason == "nbgrader autograde failed":
            r.reason = "nbgrader autograde failed: " + _log_reason(job.log)
        return r

    def map(self, jobs: list[Job], on_result) -> None:
        n = min(self.jobs if self.pool is None else len(self.workers), max(1, len(jobs)))
        pool = ThreadPoolExecutor(max_workers=n)
        try:
            futs = [pool.submit(self.run, j) for j in jobs]
            for fut in completed(futs):
                r = fut.result()
                if self.pool is not None and self.pool.closed.is_set():   # stopped (Ctrl-C): record nothing more
                    raise GraderError("the run was stopped")
                on_result(r)
        except BaseException:  # Ctrl-C, a dead gradebook: stop the workers now, not after their tasks
            self.stopping.set()
            pool.shutdown(wait=False, cancel_futures=True)
            self.close(stop_workers=True)
            raise
        finally:
            pool.shutdown(wait=True)

    def handing_out(self, count: int):
        """While the class's ``count`` submissions are handed out (not the
        reference run's): once they all have a worker, a pool's next run may
        take a worker that would idle."""
        if self.pool is None:
            return contextlib.nullcontext()
        return self.pool.handing_out(self.run_rank, count)

    def close(self, stop_workers: bool | None = None) -> None:
        """The run is over: its own workers stop; a pool's stay up for the
        next run, unless ``stop_workers`` (an interrupted run stops them all:
        a worker in the middle of a task is not handed on)."""
        self.stopping.set()
        if stop_workers is None:
            stop_workers = not self.pooled
        if not stop_workers:
            return
        for w in self.workers:
            try:
                w.stop()
            except Exception:  # its own thread stopped it at the same moment
                pass
        if self.template is not None:
            self.template.close()
        from . import zygote
        zygote.close_all()   # the zygotes the workers shared (``Worker.start``)


SCHEDULER_CONNECT_TIMEOUT = 10.0   # seconds (Dask's own default, distributed.comm.timeouts.connect, is 30)
SCHEDULER_LOST_TIMEOUT = 10.0      # seconds without the scheduler, in the middle of a run, before it stops
WORKER_TIMEOUT = 120.0             # seconds without any worker before a run stops


def _dask_handlers() -> list[logging.Handler]:
    """The handlers of Dask's loggers (each of distributed's has its own, and does not propagate)."""
    import distributed  # noqa: F401 - its loggers and handlers are made at its import
    names = [n for n in logging.root.manager.loggerDict if n == "distributed" or n.startswith("distributed.")]
    return list({id(h): h for n in names for h in logging.getLogger(n).handlers}.values())


class _DaskQuiet(logging.Filter):
    """Dask's own log lines (its client's reconnect attempts, with their
    tracebacks) are not shown: the run says what happened in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.CRITICAL


class DaskEngine:
    """Tasks on an existing Dask cluster (``--scheduler ADDRESS``): each task is
    a packed task folder (its submission, the assignment's test cells and the
    course's secret: nothing of another student); its result (plain data, the
    autograded files as bytes) comes back to this process, the only gradebook
    writer. The worker unpacks it in memory where it can (/dev/shm) and removes
    it when the task ends; what a killed worker left is swept by the next task
    on that machine. When no worker is left for ``worker_timeout`` seconds the
    run stops with a message instead of waiting forever."""

    def __init__(self, address, timeout: float, options: list[str], assignment: str,
                 worker_timeout: float = WORKER_TIMEOUT, security=None, insecure: bool = False):
        self.own = not hasattr(address, "submit")   # a client this engine made (and closes), or the caller's
        self._quiet = None
        if self.own:   # the run says what went wrong in one line: not Dask's tracebacks of its reconnects
            self._quiet = _DaskQuiet()
            for h in _dask_handlers():
                h.addFilter(self._quiet)
        try:
            self.client = connect_scheduler(address, security, insecure) if self.own else address
        except BaseException:
            self.close()
            raise
        self.address = address if self.own else getattr(getattr(address, "scheduler", None), "address", "?")
        self.timeout, self.options, self.assignment = timeout, options, assignment
        self.worker_timeout = worker_timeout

    def start(self, n: int) -> None:
        pass

    def _workers(self) -> int | None:
        try:
            return len(self.client.scheduler_info().get("workers", {}))
        except Exception:
            return None

    def map(self, jobs: list[Job], on_result) -> None:
        from distributed import as_completed as dask_completed

        from . import package
        from .task import pack
        from .worker import grade_bundle
        futs = {}
        ours = package.identity(local=False)   # the workers' machines install the package where they like
        for j in jobs:
            fut = self.client.submit(grade_bundle, pack(j.task_dir), self.assignment, j.student, self.options,
                                     self.timeout, ours, key=f"grade-{self.assignment}-{j.student}-{time.time_ns()}",
                                     pure=False)
            futs[fut] = j
        pending = dask_completed(list(futs), with_results=False)
        alone_since = lost_since = None
        while pending.count():
            if INTERRUPTED.is_set():
                raise KeyboardInterrupt
            done = pending.next_batch(block=False)
            if not done:
                if self.client.status != "running":   # the scheduler is gone: the client tries to reconnect
                    lost_since = lost_since or time.monotonic()
                    if time.monotonic() - lost_since > SCHEDULER_LOST_TIMEOUT:
                        raise self._lost(pending.count())
                    time.sleep(0.5)
                    continue
                lost_since = None
                n = self._workers()
                if n == 0:
                    alone_since = alone_since or time.monotonic()
                    if time.monotonic() - alone_since > self.worker_timeout:
                        for fut in futs:
                            fut.cancel()
                        raise GraderError(f"no Dask worker left for {self.worker_timeout:g} s: "
                                          f"{pending.count()} submissions were not graded (start workers and "
                                          "run again; graded ones are kept)")
                else:
                    alone_since = None
                time.sleep(0.5)
                continue
            for fut in done:
                j = futs[fut]
                try:
                    out = fut.result(timeout=self.timeout + 120)
                except Exception as e:
                    if getattr(e, "reason", None) == "scheduler-connection-lost":   # the run's failure, not the task's
                        raise self._lost(pending.count() + 1) from None
                    out = {"student": j.student, "assignment": self.assignment, "ok": False,
                           "reason": f"the Dask task failed: {type(e).__name__}: {e}"}
                if out.get(package.MISMATCH):
                    for f in futs:
                        f.cancel()
                    raise GraderError(f"a Dask worker refused the task: {out[package.MISMATCH]}")
                try:
                    r = TaskResult.from_json({k: v for k, v in out.items() if k not in ("log_tail", package.MISMATCH)})
                    if not r.ok and out.get("log_tail"):
                        r.reason += ": " + _reason_from_text(out["log_tail"])
                except Exception as e:
                    r = TaskResult(j.student, self.assignment, False,
                                   f"the Dask task failed: {type(e).__name__}: {e}")
                on_result(r)

    def _lost(self, left: int) -> GraderError:
        return GraderError(f"lost the Dask scheduler at {self.address}: {left} submission(s) were not graded; the "
                           "graded ones are kept: start the scheduler again and run the same command")

    def close(self) -> None:
        if self.own and getattr(self, "client", None) is not None:
            try:
                _within(5.0, lambda: self.client.close(timeout=3))
            except Exception:  # noqa: BLE001 - a scheduler that is gone: nothing to close there
                pass
        if self._quiet is not None:
            for h in _dask_handlers():
                h.removeFilter(self._quiet)
            self._quiet = None


def scheduler_security(ca: str | None = None, cert: str | None = None, key: str | None = None):
    """Dask's own ``Security`` for the grader's client: TLS with the course's
    CA and a client certificate (mutual authentication: a scheduler started
    with ``--tls-ca-file`` accepts only clients whose certificate that CA
    signed). None without files: Dask's configuration decides
    (``distributed.comm.tls.*``)."""
    if not (ca or cert or key):
        return None
    missing = [n for n, v in (("--tls-ca", ca), ("--tls-cert", cert), ("--tls-key", key)) if not v]
    if missing:
        raise GraderError(f"TLS to the scheduler needs {', '.join(missing)} too (the CA, the grader's "
                          "certificate and its key)")
    for n, v in (("--tls-ca", ca), ("--tls-cert", cert), ("--tls-key", key)):
        if not os.path.isfile(v):
            raise GraderError(f"{n} {v}: no such file")
    from distributed.security import Security
    return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key, require_encryption=True)


def _loopback(address: str) -> bool:
    import ipaddress
    host = address.split("://", 1)[-1].rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect_scheduler(address: str, security=None, insecure: bool = False):
    """A Dask client of the scheduler at ``address``, or a GraderError naming
    it, within SCHEDULER_CONNECT_TIMEOUT seconds. Tasks carry the hidden tests
    and the course's secret: a scheduler off this machine is reached over TLS
    only, unless ``insecure`` says the network is the grader's alone."""
    from distributed import Client
    if not address.startswith("tls://") and not _loopback(address) and not insecure:
        raise GraderError(f"the scheduler {address} is not reached over TLS, and every task carries the hidden "
                          "tests and the course's secret: use tls://HOST:PORT with --tls-ca, --tls-cert and "
                          "--tls-key (docs/jupyterhub.md), or --insecure-scheduler on a network only the grader "
                          "and its workers reach")
    if address.startswith("tls://") and security is None:
        from distributed.security import Security
        security = Security()   # Dask's configuration (distributed.comm.tls.*)
        if not security.tls_ca_file:
            raise GraderError(f"{address}: TLS needs the course's CA and the grader's certificate: --tls-ca, "
                              "--tls-cert and --tls-key (or Dask's distributed.comm.tls configuration)")
    probe_scheduler(address, security)
    try:
        return _within(SCHEDULER_CONNECT_TIMEOUT, lambda: Client(address, timeout=SCHEDULER_CONNECT_TIMEOUT,
                                                                security=security, direct_to_workers=False))
    except Exception as e:
        raise GraderError(f"cannot reach the Dask scheduler at {address} (--scheduler): {_first_line(e)}") from None


def _first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def _within(seconds: float, call):
    """``call()`` in a thread of its own, or TimeoutError after ``seconds``
    (the thread is left to end on its own: nothing it does can make the
    run wait longer)."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box["error"] = e
    t = threading.Thread(target=run, name="dask-connect", daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        raise TimeoutError(f"no answer in {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def probe_scheduler(address: str, security=None, timeout: float | None = None) -> None:
    """GraderError, in one line and within ``timeout`` seconds (10), unless a
    Dask scheduler answers at ``address``: Dask's own connect waits for its
    handshake without a limit, so an address where something else listens
    (a silent port, a web server, a TLS port spoken to in clear) hung the run.
    Asks the scheduler's ``identity`` over the connection the client will
    use (the same security), and refuses a peer that is not a scheduler (a
    worker's address)."""
    import asyncio

    from distributed.comm import connect
    timeout = SCHEDULER_CONNECT_TIMEOUT if timeout is None else timeout
    args = security.get_connection_args("client") if security is not None else {}

    async def ask():
        comm = await connect(address, timeout=timeout, **args)
        try:
            await comm.write({"op": "identity", "reply": True})
            ident = await comm.read()
            if isinstance(ident, dict) and ident.get("type") == "Scheduler":
                # a harmless question only a client may ask: a scheduler with workbook's roles (dask_roles) says
                # here, in words, that this certificate is not a grader's (its client would only time out)
                await comm.write({"op": "ncores", "reply": True})
                answer = await comm.read()   # an error comes as a pickled exception: looked at, never unpickled
                if isinstance(answer, dict) and answer.get("status") == "uncaught-error" \
                        and "may not call" in repr(answer.get("exception", "")) + str(answer.get("text", "")):
                    raise PermissionError("workbook's roles on it (dask_roles) let this certificate work as a "
                                          "worker only: give the grader's certificate (--tls-cert, --tls-key)")
            return ident
        finally:
            comm.abort()

    def run():
        return asyncio.run(asyncio.wait_for(ask(), timeout - 0.5))
    where = f"the Dask scheduler at {address} (--scheduler)"
    try:
        ident = _within(timeout, run)
    except (TimeoutError, asyncio.TimeoutError):
        raise GraderError(f"cannot reach {where}: no Dask scheduler answered in {timeout:g} s (is it the address of "
                          "a Dask scheduler, and its protocol, tls:// or tcp://, the one the scheduler listens "
                          "with?)") from None
    except PermissionError as e:   # the scheduler's roles: this certificate is not a grader's
        raise GraderError(f"cannot use {where}: it refuses this certificate as a grader's: {e}") from None
    except OSError as e:   # refused, closed, no such host, TLS refused (CommClosedError is an OSError)
        raise GraderError(f"cannot reach {where}: {_first_line(e)}") from None
    except Exception as e:   # what it sent could not be read as Dask's messages (a web server, ...)
        raise GraderError(f"cannot use {where}: what answers there does not speak Dask's protocol "
                          f"({type(e).__name__}: {_first_line(e)[:120]})") from None
    kind = ident.get("type") if isinstance(ident, dict) else None
    if kind != "Scheduler":
        what = f"a Dask {kind}" if isinstance(kind, str) and kind else "not a Dask scheduler"
        raise GraderError(f"cannot use {where}: what answers there is {what}, not a scheduler")


KNOWN_ERRORS = [
    ("reached its memory limit", "the notebook used more memory than allowed (the sandbox killed it)"),
    ("ran longer than", "the notebook ran longer than allowed (the sandbox killed it)"),
    ("DeadKernelError", "the kernel died while running the notebook (os._exit, a crash, a killed kernel "
                        "or the memory limit)"),
    ("Kernel died", "the kernel died while running the notebook (os._exit, a crash, a killed kernel "
                    "or the memory limit)"),
    ("bubblewrap (bwrap) is not installed", "bubblewrap is not installed"),
    ("CellTimeoutError", "a cell ran longer than the per-cell time limit and the kernel did not recover"),
]


def _reason_from_text(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    for needle, why in KNOWN_ERRORS:
        if needle in text:
            return why
    errs = [line for line in lines if "[ERROR]" in line or "Error" in line]
    pick = errs[-1] if errs else (lines[-1] if lines else "")
    return pick.split("] ", 1)[-1][:300]


def _log_reason(log: Path) -> str:
    try:
        return _reason_from_text(Path(log).read_text(errors="replace"))
    except OSError:
        return ""
