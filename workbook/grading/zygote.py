"""Warm sandboxed kernels: a zygote per set of imports.

Starting a student's kernel costs a Python start, ipykernel and whatever the
notebook imports (torch, pandas, MLflow: seconds each). A zygote pays that
once per grading process, and once for all the grading workers a process
starts (``Worker.start`` hands each worker a socket to this process's
zygotes: ``serve_broker``, ``RemoteZygote``):

* It is a plain Python process started with a clean environment (the one a
  kernel gets, never the course secret), that imports ipykernel and the
  third-party modules the assignment's notebook imports, submodules included
  (``preload``, only packages the course's ``SandboxKernelManager.preload``
  allows), and then
  waits for requests. It never runs student code and holds nothing secret.
* For each kernel, ``SandboxKernelManager`` starts the bubblewrap sandbox as
  it always does (its namespaces, tmpfs, /proc, no network, the notebook's
  folder copied in, the cgroup and rlimits), but with a placeholder command
  instead of the kernel; ``ZygoteProvisioner`` (a jupyter_client kernel
  provisioner) then asks the zygote for a kernel *inside that sandbox*.
* The zygote forks a child that joins the kernel's cgroups, sets its
  rlimits, enters the sandbox's namespaces (``setns``: user, mount, network,
  IPC, UTS, cgroup, PID) and its root, bounds its writable places there
  (``connection.mount``: the connection folder's tmpfs, an inode cap on /tmp
  and /dev/shm; the owner of the sandbox's mount namespace may, the kernel
  may not), and forks the kernel, which starts in
  the sandbox's PID namespace. The kernel closes every descriptor it
  inherited, drops every capability (the bounding set too), sets
  no_new_privs, takes the sandbox's environment and working folder, and only
  then starts ipykernel.

So every kernel is a fresh process, never reused across students, in its own
sandbox; two kernels share nothing but the read-only pages of the modules the
zygote imported. The sandbox's placeholder process is its PID 1's only child:
when the kernel ends, the provisioner kills the sandbox, and everything the
kernel started dies with its PID namespace.
"""
from __future__ import annotations

import asyncio
import ctypes
import json
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

from . import connection

log = logging.getLogger("workbook.zygote")

# the namespaces a kernel enters, in this order (the user namespace first: it
# gives the capabilities in the sandbox that entering the others needs)
NAMESPACES = [("user", 0x10000000), ("mnt", 0x00020000), ("net", 0x40000000), ("ipc", 0x08000000),
              ("uts", 0x04000000), ("cgroup", 0x02000000), ("pid", 0x20000000)]
# what every kernel imports while it starts (ipykernel's debugger: debugpy)
BASE = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger")
IMPORTED_ENV: dict[str, str] = {}   # environment variables the zygote's imports set (the debugger sets one)
READY_TIMEOUT = 120.0   # seconds for a sandbox to copy the notebook's folder in
START_TIMEOUT = 300.0   # seconds for a zygote to import its modules


# ---------------------------------------------------------------- the zygote
def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(ret: int, what: str) -> None:
    if ret != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"{what}: {os.strerror(e)}")


def _enter(req: dict) -> None:
    """In the zygote's child: join the kernel's cgroups and limits, then its
    sandbox's namespaces and root (the caller forks the kernel next)."""
    libc = _libc()
    for path in req["cgroups"]:   # Group.join_files: "0" is this (single-threaded) process
        with open(path, "w") as f:
            f.write("0")
    import resource
    for name, value in req["rlimits"].items():
        lim = getattr(resource, name)
        if name == "RLIMIT_DATA" and value > 0:   # what the imports already use is not the kernel's
            value += _vm_data()
        if value > 0:
            resource.setrlimit(lim, (value, value + (5 if name == "RLIMIT_CPU" else 0)))
    target = int(req["target"])
    fds: dict[str, int] = {}
    root = -1
    current = {name: os.stat(f"/proc/self/ns/{name}").st_ino for name, _ in NAMESPACES}
    try:
        for name, _ in NAMESPACES:
            fds[name] = os.open(f"/proc/{target}/ns/{name}", os.O_RDONLY | os.O_CLOEXEC)
        root = os.open(f"/proc/{target}/root", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        # bubblewrap owns the sandbox's namespaces by one user namespace and runs its processes in a
        # nested one: the owner first (its capabilities let the others be entered), the process's own last
        import fcntl
        try:
            owner = fcntl.ioctl(fds["mnt"], 0xB701)   # NS_GET_USERNS
        except OSError:
            owner = -1   # owned by the machine's own user namespace (bubblewrap run as root)
        if owner >= 0:
            fds["owner"] = owner
            _setns(libc, current, owner, "user", "the owner of the sandbox's namespaces")
        for name, flag in NAMESPACES:
            if name != "user":
                _setns(libc, current, fds[name], name)
            if name == "mnt":
                os.fchdir(root)
                os.chroot(".")
                connection.mount(libc, int(req.get("inodes", 0)))   # while this process may mount
        _setns(libc, current, fds["user"], "user")
    finally:
        for fd in [*fds.values(), root]:
            if fd >= 0:
                os.close(fd)


def _setns(libc, current: dict[str, int], fd: int, name: str, what: str = "") -> None:
    """Enter the namespace ``fd`` is, unless this process is in it already
    (``current``: the namespaces it is in, by inode, kept up to date)."""
    ino = os.fstat(fd).st_ino
    if ino == current[name]:
        return
    _check(libc.setns(fd, dict(NAMESPACES)[name]),
           f"entering {what or 'the sandbox' + chr(39) + 's ' + name + ' namespace'}")
    current[name] = ino


def _vm_data() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    return 0


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_privileges() -> None:
    """Every capability, the bounding and ambient sets included, and
    no_new_privs: what bubblewrap's ``--cap-drop ALL`` leaves a sandboxed
    process with."""
    libc = _libc()
    PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, PR_SET_NO_NEW_PRIVS = 24, 47, 4, 38
    last = int(Path("/proc/sys/kernel/cap_last_cap").read_text()) if Path(
        "/proc/sys/kernel/cap_last_cap").exists() else 40
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    for cap in range(last + 1):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() not in (22,):  # EINVAL: unknown
            _check(-1, f"dropping capability {cap} from the bounding set")
    header = _CapHeader(0x20080522, 0)
    data = (_CapData * 2)()
    _check(libc.capset(ctypes.byref(header), data), "dropping every capability")
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "setting no_new_privs")


def _become_kernel(req: dict, report: int) -> None:
    """In the kernel (inside the sandbox, PID namespace included): drop what
    the zygote had, report, and run ipykernel. Never returns."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        null = os.open("/dev/null", os.O_RDWR)
        os.dup2(null, 0)
        os.close(null)
        os.closerange(3, report)
        os.closerange(report + 1, 1 << 16)
        drop_privileges()
        from . import seccomp
        seccomp.install()   # the keyrings refused, as bubblewrap's --seccomp does for a cold kernel
        os.environ.clear()
        os.environ.update(req["env"])
        os.environ.update(IMPORTED_ENV)   # what the zygote's imports set, as they would have in the kernel
        os.chdir(req["cwd"])
        import random
        random.seed()   # the zygote's state is every kernel's: draw a fresh one
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        os.write(report, json.dumps({"ok": True}).encode() + b"\n")
        os.close(report)
    except BaseException as e:  # noqa: BLE001 - reported to the grader, then this process ends
        try:
            os.write(report, json.dumps({"error": f"{type(e).__name__}: {e}"}).encode() + b"\n")
        finally:
            os._exit(code)
    try:
        # ipywidgets registers its comm targets when it is imported in a running IPython; imported here before
        # there was one, it does it as the IPython extension it also is, when the kernel's shell starts
        widgets = ["--IPKernelApp.extra_extensions=ipywidgets"] if "ipywidgets" in sys.modules else []
        sys.argv = ["ipykernel_launcher", *req["argv"], *widgets]
        from ipykernel import kernelapp
        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:  # noqa: BLE001
        import traceback
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _serve_one(req: dict, sock: socket.socket) -> dict:
    r, w = os.pipe()
    child = os.fork()
    if child == 0:   # the zygote's child: enter, fork the kernel, report its host PID
        try:
            os.close(r)
            sock.detach()
            _enter(req)
            kernel = os.fork()
            if kernel == 0:
                _become_kernel(req, w)
            os.write(w, json.dumps({"pid": kernel}).encode() + b"\n")
            os._exit(0)
        except BaseException as e:  # noqa: BLE001
            try:
                os.write(w, json.dumps({"error": f"{type(e).__name__}: {e}"}).encode() + b"\n")
            finally:
                os._exit(1)
    os.close(w)
    data = b""
    while True:
        b = os.read(r, 65536)
        if not b:
            break
        data += b
    os.close(r)
    try:
        os.waitpid(child, 0)
    except ChildProcessError:
        pass   # reaped by reap_children already
    reply: dict = {}
    for line in data.decode(errors="replace").splitlines():
        try:
            reply.update(json.loads(line))
        except ValueError:
            pass
    if "pid" in reply and not reply.get("ok") and "error" not in reply:
        reply["error"] = "the kernel ended before it started"
    return reply


def reap_children(*_) -> None:
    """A SIGCHLD handler: reap every child that has ended (a zygote's
    kernels, a worker template's workers: their parent reaps them, and the
    grader watches them by pidfd)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def main() -> None:
    """The zygote: ``python -s -c _START FD MODULE...``."""
    fd = int(sys.argv[1])
    # the kernels are orphans once their parent (a child of this process) has forked them: this process
    # reaps them, not the machine's init
    _libc().prctl(36, 1, 0, 0, 0)   # PR_SET_CHILD_SUBREAPER
    signal.signal(signal.SIGCHLD, reap_children)
    sock = socket.socket(fileno=fd)
    failed = {}
    before = dict(os.environ)
    import importlib
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in [*BASE, *sys.argv[2:]]:
            try:
                importlib.import_module(name)
            except Exception as e:  # noqa: BLE001 - the kernel imports it again and shows the error
                failed[name] = f"{type(e).__name__}: {e}"
    IMPORTED_ENV.update({k: v for k, v in os.environ.items() if before.get(k) != v})
    threads = len(os.listdir("/proc/self/task"))
    f = sock.makefile("rwb", buffering=0)
    f.write(json.dumps({"ready": True, "failed": failed, "threads": threads}).encode() + b"\n")
    for line in f:
        try:
            req = json.loads(line)
            reply = _serve_one(req, sock)
        except Exception as e:  # noqa: BLE001
            reply = {"error": f"{type(e).__name__}: {e}"}
        f.write(json.dumps(reply).encode() + b"\n")


# ------------------------------------------------------------ the host side
# ``python -s -c``: no user site (HOME is the kernel's, a folder of the host's /tmp here) and, as
# ipykernel_launcher does, not the working folder on sys.path (IPython adds '' back in the kernel)
_START = ("import sys\nif sys.path and sys.path[0] == '':\n    del sys.path[0]\n"
          "from workbook.grading.zygote import main\nmain()")


class ZygoteError(RuntimeError):
    pass


class ZygoteClosed(ZygoteError):
    """The zygote was closed (beyond ``KEEP``, or the run ended) between
    ``zygote_for`` and ``spawn``: ``spawn_kernel`` asks for it again."""


class Zygote:
    """The grading process's handle on one zygote."""

    def __init__(self, env: dict[str, str], preload: tuple[str, ...]):
        self.env, self.preload = env, preload
        self._lock = threading.Lock()
        parent, child = socket.socketpair()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-s", "-c", _START, str(child.fileno()), *preload],
                pass_fds=[child.fileno()], env=env, cwd="/", stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        finally:
            child.close()
        self._sock = parent
        self._file = parent.makefile("rwb", buffering=0)
        hello = self._read(START_TIMEOUT)
        if not hello.get("ready"):
            self.close()
            raise ZygoteError(f"the zygote did not start: {hello}")
        self.failed = hello.get("failed", {})

    def _read(self, timeout: float) -> dict:
        self._sock.settimeout(timeout)
        try:
            line = self._file.readline()
        except (OSError, TimeoutError) as e:
            raise ZygoteError(f"the zygote did not answer: {e}") from None
        if not line:
            raise ZygoteError("the zygote ended")
        return json.loads(line)

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def spawn(self, target: int, argv: list[str], env: dict[str, str], cwd: str, cgroups: list[str],
              rlimits: dict[str, int], inodes: int = 0) -> int:
        """A kernel inside the sandbox whose process ``target`` is (its host
        PID), started from this zygote (its writable places bounded first:
        ``connection.mount``, with ``inodes``); its host PID."""
        req = dict(target=target, argv=argv, env=env, cwd=cwd, cgroups=cgroups, rlimits=rlimits, inodes=inodes)
        with self._lock:
            if self.closed:
                raise ZygoteClosed("the zygote was closed")
            self._file.write(json.dumps(req).encode() + b"\n")
            reply = self._read(60)
        if "error" in reply or "pid" not in reply:
            raise ZygoteError(reply.get("error", "no kernel"))
        return int(reply["pid"])

    closed = False

    def close(self) -> None:
        with self._lock:   # a kernel being forked from it now is forked first
            self.closed = True
        try:
            self._sock.close()
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()


class RemoteZygote:
    """A zygote of the process that started this grading worker, shared by
    its workers (``serve_broker``), reached through the worker's socket to
    it: the same ``spawn``. The kernel is forked into this worker's sandbox
    exactly as by a zygote of the worker's own."""

    def __init__(self, broker: "_Broker", env: dict[str, str], preload: tuple[str, ...]):
        self.broker, self.env, self.preload = broker, env, preload
        self.failed: dict = {}

    alive = True

    def spawn(self, target: int, argv: list[str], env: dict[str, str], cwd: str, cgroups: list[str],
              rlimits: dict[str, int], inodes: int = 0) -> int:
        reply = self.broker.ask(dict(zygote_env=self.env, preload=list(self.preload), target=target, argv=argv,
                                     env=env, cwd=cwd, cgroups=cgroups, rlimits=rlimits, inodes=inodes))
        if "error" in reply or "pid" not in reply:
            raise ZygoteError(reply.get("error", "no kernel"))
        return int(reply["pid"])


class _Broker:
    """A grading worker's end of its socket to the zygotes of the process that started it."""

    def __init__(self, fd: int):
        self.sock = socket.socket(fileno=fd)
        self.file = self.sock.makefile("rwb", buffering=0)
        self.lock = threading.Lock()

    def ask(self, req: dict) -> dict:
        with self.lock:
            self.sock.settimeout(START_TIMEOUT + 60)   # the first kernel of a set of imports starts its zygote
            try:
                self.file.write(json.dumps(req).encode() + b"\n")
                line = self.file.readline()
            except (OSError, TimeoutError) as e:
                raise ZygoteError(f"the grading process's zygotes did not answer: {e}") from None
        if not line:
            raise ZygoteError("the grading process's zygotes are gone")
        return json.loads(line)


_BROKER: _Broker | None = None


def use_broker(fd: int) -> None:
    """This grading worker takes its kernels from the zygotes of the process
    that started it (``serve_broker`` at the other end of ``fd``), not from
    zygotes of its own: the workers of a pool start each zygote once."""
    global _BROKER
    _BROKER = _Broker(fd)


def serve_broker(sock: socket.socket) -> None:
    """In the process that starts grading workers: a worker's requests for
    kernels, answered from this process's zygotes (``zygote_for``), until
    the worker's end of ``sock`` closes. A thread per worker; only the
    worker holds the other end (it never reaches a kernel)."""
    f = sock.makefile("rwb", buffering=0)
    try:
        for line in f:
            try:
                req = json.loads(line)
                reply = {"pid": spawn_kernel({str(k): str(v) for k, v in req["zygote_env"].items()},
                                             tuple(req["preload"]), int(req["target"]), req["argv"], req["env"],
                                             req["cwd"], req["cgroups"], req["rlimits"], int(req.get("inodes", 0)))}
            except Exception as e:  # noqa: BLE001 - the worker's kernel start fails with it
                reply = {"error": f"{type(e).__name__}: {e}"}
            f.write(json.dumps(reply).encode() + b"\n")
    except OSError:
        pass
    finally:
        f.close()
        sock.close()


_ZYGOTES: dict[tuple, Zygote] = {}
_STARTING: dict[tuple, threading.Event] = {}   # the sets of imports whose zygote is starting
_ZLOCK = threading.Lock()
_GENERATION = [0]   # close_all's count: a zygote that finishes starting after it is closed at once
KEEP = 3   # zygotes a grading process keeps (one per set of imports and environment): the next assignment's
#            started ahead (``prewarm``) beside this one's and the one before's, whose last kernels may still start


def zygote_for(env: dict[str, str], preload: tuple[str, ...]) -> "Zygote | RemoteZygote":
    """This process's zygote for kernels with this environment and these
    imports, started on first use; beyond ``KEEP``, the one used least
    recently stops (a worker grading 00, 01, 02 keeps 00's for 02). A
    worker started with a broker (``use_broker``) asks its parent's.

    Zygotes of different imports start at the same time (each import takes
    seconds of one core); a second caller for the same imports waits for
    the first one's."""
    if _BROKER is not None:
        return RemoteZygote(_BROKER, env, preload)
    key = (tuple(sorted(env.items())), preload)
    while True:
        with _ZLOCK:
            z = _ZYGOTES.pop(key, None)
            if z is not None and not z.alive:
                z.close()
                z = None
            if z is not None:
                _ZYGOTES[key] = z          # the most recently used, last
                return z
            starting = _STARTING.get(key)
            if starting is None:
                starting = _STARTING[key] = threading.Event()
                generation = _GENERATION[0]
                break
        starting.wait()   # another thread starts it: use it (or, if it failed, try again here)
    try:
        z = Zygote(env, preload)
    finally:
        with _ZLOCK:
            del _STARTING[key]
        starting.set()
    with _ZLOCK:
        if generation != _GENERATION[0]:   # closed (the run ended) while it started
            z.close()
            raise ZygoteError("the grading process's zygotes were closed")
        while len(_ZYGOTES) >= KEEP:
            _ZYGOTES.pop(next(iter(_ZYGOTES))).close()
        _ZYGOTES[key] = z
    if z.failed:
        log.warning("zygote: could not import %s", ", ".join(sorted(z.failed)))
    return z


def spawn_kernel(zygote_env: dict[str, str], preload: tuple[str, ...], target: int, argv: list[str],
                 env: dict[str, str], cwd: str, cgroups: list[str], rlimits: dict[str, int], inodes: int = 0) -> int:
    """A kernel from this process's zygote for ``zygote_env`` and ``preload``
    (``Zygote.spawn``), asked for once more if that zygote was closed in
    between (another set of imports took its place beyond ``KEEP``)."""
    try:
        return zygote_for(zygote_env, preload).spawn(target, argv, env, cwd, cgroups, rlimits, inodes)
    except ZygoteClosed:
        return zygote_for(zygote_env, preload).spawn(target, argv, env, cwd, cgroups, rlimits, inodes)


def prewarm(env: dict[str, str], preload: tuple[str, ...]) -> threading.Thread:
    """Start this process's zygote for these imports in the background (a
    thread; nothing if it runs already), so that the first kernel that
    needs it does not wait for its imports: ``LocalEngine.prewarm`` starts
    an assignment's before its first submission, and the next
    assignment's while this one is graded. A zygote that cannot start is
    only logged here: the kernel that needs it reports why."""
    def run() -> None:
        try:
            zygote_for(env, preload)
        except Exception as e:  # noqa: BLE001 - the first kernel that needs it says why
            log.info("zygote: starting one ahead failed: %s", e)

    t = threading.Thread(target=run, name="zygote-prewarm", daemon=True)
    t.start()
    return t


def close_all() -> None:
    with _ZLOCK:
        _GENERATION[0] += 1
        while _ZYGOTES:
            _ZYGOTES.popitem()[1].close()


_IMPORTS: dict[tuple, frozenset[str]] = {}


def notebook_imports(folder: Path, submodules: bool = False) -> frozenset[str]:
    """The top-level modules the notebooks in ``folder`` import (their code
    cells' import statements, shell and magic lines aside), and with
    ``submodules`` the dotted modules they name too (``sklearn.ensemble`` of
    ``from sklearn.ensemble import ...``: importing a package does not import
    its submodules), cached by the notebooks' contents (every grading task
    has its own copy of the release: parsing its cells again for each one
    took 0.3 s of a run of 6 x 00/02/03)."""
    import hashlib
    paths = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    texts = []
    for p in paths:
        try:
            texts.append(p.read_bytes())
        except OSError:
            continue
    key = (submodules, *(hashlib.sha256(t).digest() for t in texts))
    if key in _IMPORTS:
        return _IMPORTS[key]
    found: set[str] = set()
    for text in texts:
        try:
            cells = json.loads(text.decode("utf-8")).get("cells", [])
        except (UnicodeDecodeError, ValueError, AttributeError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else str(src)
            src = "\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!")))
            names = source_imports(src)
            found.update(n.split(".")[0] for n in names)
            if submodules:
                found.update(names)
    _IMPORTS[key] = frozenset(found)
    return _IMPORTS[key]


def source_imports(source: str, members: bool = False) -> list[str]:
    """The dotted modules ``source`` imports, in order (absolute imports
    only); with ``members`` also ``module.name`` for each name of a ``from
    module import name`` (a submodule, or a name that is not one). Code that
    does not parse imports nothing."""
    import ast
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return []
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append(node.module)
            if members:
                out += [f"{node.module}.{a.name}" for a in node.names if a.name != "*"]
    return out


def ipykernel_args(cmd: list[str]) -> list[str] | None:
    """The arguments of ``python -m ipykernel_launcher ARGS`` (a kernel the
    zygote can start), or None for any other kernel command."""
    for i, part in enumerate(cmd[:-1]):
        if part == "-m" and cmd[i + 1] == "ipykernel_launcher":
            return list(cmd[i + 2:])
    return None


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except OSError:
        return None


class ZygoteProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel forked from the
    zygote into the sandbox the local provisioner started (see the module
    docstring); ``SandboxKernelManager`` uses it when ``warm`` is on."""

    kernel_pid: int | None = None
    _kernel_fd: int | None = None
    _init_fd: int | None = None     # the sandbox's PID 1: its exit means every process inside is gone

    async def launch_kernel(self, cmd: list[str], **kwargs):
        warm = self.parent._sbx_warm
        try:
            info = await super().launch_kernel(cmd, **kwargs)
        finally:
            self.parent._sbx_launched()
        loop = asyncio.get_running_loop()
        try:
            self.kernel_pid = await loop.run_in_executor(None, self._start_in_sandbox, warm)
        except BaseException:
            await self.kill()
            raise
        self._kernel_fd = _pidfd(self.kernel_pid)
        return info

    def _start_in_sandbox(self, warm: dict) -> int:
        proc = self.process
        if not self.parent._sbx_wait_ready(READY_TIMEOUT, lambda: proc is not None and proc.poll() is None):
            if proc is None or proc.poll() is not None:
                raise ZygoteError("the sandbox ended before the kernel started")
            raise ZygoteError(f"the sandbox was not ready in {READY_TIMEOUT:.0f} s")
        target = _sandbox_init(self.process.pid)
        self._init_fd = _pidfd(target)
        if _BROKER is not None:
            z = zygote_for(warm["zygote_env"], warm["preload"])
            return z.spawn(target, warm["argv"], warm["env"], warm["cwd"], warm["cgroups"], warm["rlimits"],
                           warm["inodes"])
        return spawn_kernel(warm["zygote_env"], warm["preload"], target, warm["argv"], warm["env"], warm["cwd"],
                            warm["cgroups"], warm["rlimits"], warm["inodes"])

    async def kill(self, restart: bool = False) -> None:
        """As the local provisioner's, then a wait of at most a second for
        the sandbox's outer process to end: jupyter_client's kernel manager
        polls a killed kernel every 0.1 s until it is gone, so a kernel still
        ending at its first poll costs a submission 0.1 s more."""
        await super().kill(restart=restart)
        proc = self.process
        if proc is not None:
            try:
                await asyncio.get_running_loop().run_in_executor(None, proc.wait, 1.0)
            except subprocess.TimeoutExpired:
                pass

    def _kernel_gone(self) -> bool:
        if self._kernel_fd is None:
            return self.kernel_pid is not None and not Path(f"/proc/{self.kernel_pid}").exists()
        return bool(select.select([self._kernel_fd], [], [], 0)[0])

    async def poll(self):
        ret = await super().poll()
        if ret is None and self.kernel_pid is not None and self._kernel_gone():
            await super().kill()    # the kernel ended: its sandbox (and all it started) goes too
            ret = self.process.wait() if self.process else 0
            await self._sandbox_gone()
        return ret

    async def wait(self):
        ret = await super().wait()
        await self._sandbox_gone()
        return ret

    async def _sandbox_gone(self, timeout: float = 10.0) -> None:
        """Wait until the sandbox's PID 1 has exited. bubblewrap's outer
        process is gone first; its PID 1 follows on a signal (die-with-parent),
        and Linux lets a PID namespace's init finish exiting only once every
        other process of the namespace has (so a process the kernel started
        never outlives the wait, even on a loaded machine)."""
        fd = self._init_fd
        if fd is None:
            return
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, select.select, [fd], [], [], timeout)

    async def send_signal(self, signum: int) -> None:
        if signum in (signal.SIGINT, signal.SIGTERM) and self._kernel_fd is not None \
                and not self._kernel_gone():
            try:
                signal.pidfd_send_signal(self._kernel_fd, signum)
                return
            except OSError:
                pass
        await super().send_signal(signum)

    async def cleanup(self, restart: bool = False) -> None:
        for attr in ("_kernel_fd", "_init_fd"):
            fd = getattr(self, attr)
            if fd is not None:
                os.close(fd)
                setattr(self, attr, None)
        self.kernel_pid = None
        await super().cleanup(restart=restart)


def _sandbox_init(bwrap_pid: int) -> int:
    """The host PID of the sandbox's PID 1 (bubblewrap's child, in every
    namespace of the sandbox and in its root)."""
    try:
        children = Path(f"/proc/{bwrap_pid}/task/{bwrap_pid}/children").read_text().split()
    except OSError:
        children = []
    if not children:
        raise ZygoteError("the sandbox has no process to enter")
    return int(children[0])

