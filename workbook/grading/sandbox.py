"""A bubblewrap sandbox for the kernels the grader starts.

``SandboxKernelManager`` is a jupyter_client ``AsyncKernelManager`` that
``TrustedExecute`` (the grader's Execute preprocessor) uses whenever it grades
with the sandbox on. The kernel:

* sees the Python environment, the ``workbook`` package, /usr and a few files
  of /etc read-only, and nothing of the course folder (source/, release/, the
  gradebook, other submissions) nor the instructor's home;
* writes only to memory: its working folder (a copy of the notebook's folder,
  made inside the sandbox), HOME and the data cache live in one size-limited
  tmpfs at /tmp (``disk``), POSIX shared memory in a tmpfs of its own at
  /dev/shm (``shm``), each with at most ``inodes`` files and folders, and
  the pages of both count toward the memory limit too;
  /dev is read-only; the instructor's disk is never written;
* gets from the host's data cache only the files a notebook's own run reads
  (``public_cache``: the public seeds' files, built there once when missing
  by ``public_data``, each bound read-only on its own), never the judge's folder, a hidden seed's file or a secret; a notebook
  that imports pyspark also gets Spark's class archive (``SPARK_CLASSES``,
  read-only: Java's class data, see workbook/student/spark.py);
* has no network (``--unshare-net``): it talks to nbclient over unix sockets
  (ipykernel's ``ipc`` transport) in a connection folder of its own, a tmpfs
  of a few inodes in the sandbox (``connection``); the host keeps only the
  connection file, read-only, and the grader reaches each socket by
  descriptor, never by a path;
* lives in its own PID namespace: every process it starts dies with it;
* is limited in memory, processes and CPU time for all its processes together
  (``limits``: cgroup v2, cgroup v1 or rlimits and a /proc watchdog), in file
  size and in wall time; nbgrader's ``Execute.timeout`` limits each cell.

When the notebook is done, the regular files it wrote in its working folder
are copied back next to the notebook (nbgrader's contract for autograded/),
within size limits, read by descriptors beneath the sandbox's root
(``beneath``): a link is never followed, a path in the sandbox is never
resolved with the grader's root.

Settings are traitlets only (``c.SandboxKernelManager.memory = "2G"`` in
nbgrader_config.py; ``workbook autograde --memory 2G`` layers its options on
top of that file through the same traitlets). Whether grading uses the
sandbox at all is ``TrustedExecute.sandbox`` (``workbook autograde
--no-sandbox``).
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Dict, DottedObjectName, Enum, Integer, List, Type, Unicode, default

from . import connection, limits, seccomp
from .sandboxview import (  # noqa: F401 (what the sandbox sees, importable from here as before)
    _ETC_VIEWS, _make_etc_view, _meta, _probe_proc, _proc_mode, _system_view, bwrap_args, CACHE_BUDGET, ETC,
    ETC_FILES, ETC_GLOBS, etc_sources, etc_view, explain_failure, HOME, host_cache_dir, HOSTS, MASKED_PROC,
    matplotlib_font_list, preflight, PRELOAD, PRELOAD_WITH, proc_args, PROC_FILES, proc_mode, public_cache,
    public_data, read_only_roots, sandbox_env, SandboxError, SEED, SPARK_CLASSES, THREAD_VARIABLES, WORK,
    zygote_env,
)

log = logging.getLogger("workbook.sandbox")

INSTALL_HINT = ("bubblewrap (bwrap) is not installed, and the grader will not run student code unsandboxed "
                "by default. Install it: `sudo apt-get install bubblewrap` (Debian/Ubuntu), "
                "`sudo dnf install bubblewrap` (Fedora), or run unsandboxed on purpose with "
                "`workbook autograde --no-sandbox`.")
UNSANDBOXED_WARNING = ("WARNING: the sandbox is off (--no-sandbox): student code runs with your permissions and "
                       "can read source/, change the gradebook and use the network.")


# Runs on the host, in the kernel's process group, then becomes bwrap: joins
# the kernel's cgroups and sets the rlimits every process of the sandbox has.
_LAUNCHER = r"""
import os, resource, sys
a = sys.argv
procs, cpu, fsize, data, nproc = a[1], int(a[2]), int(a[3]), int(a[4]), int(a[5])
for p in filter(None, procs.split(":")):
    with open(p, "w") as f:
        f.write("0")
for lim, v, extra in ((resource.RLIMIT_CPU, cpu, 5), (resource.RLIMIT_FSIZE, fsize, 0),
                      (resource.RLIMIT_DATA, data, 0), (resource.RLIMIT_NPROC, nproc, 0)):
    if v > 0:
        resource.setrlimit(lim, (v, v + extra))
os.execv(a[7], a[7:])
"""

# Runs first inside the sandbox: copies the notebook's folder and the data
# cache (both bound read-only) into the private tmpfs, regular files only,
# says so on the pipe ``ready`` (a descriptor the grader passed), then
# becomes the kernel once its connection folder (``sockets``) is mounted, or
# holds the sandbox open for a warm kernel the zygote forks into it.
_INIT = r"""
import os, stat, sys, time
a = sys.argv
seed, work, cache, home, budget, ready, sockets = a[1], a[2], a[3], a[4], int(a[5]), int(a[6]), a[7]
def copy_file(s, d, st):
    with open(s, "rb") as fi, open(d, "wb") as fo:
        while True:
            b = fi.read(1 << 20)
            if not b:
                break
            fo.write(b)
    os.utime(d, (st.st_atime, st.st_mtime))
def copy_tree(src, dst):
    os.makedirs(dst, exist_ok=True)
    try:
        names = os.listdir(src)
    except OSError:
        return
    for n in names:
        s, d = os.path.join(src, n), os.path.join(dst, n)
        st = os.lstat(s)
        if stat.S_ISDIR(st.st_mode):
            copy_tree(s, d)
        elif stat.S_ISREG(st.st_mode):
            copy_file(s, d, st)
copy_tree(os.path.join(seed, "work"), work)
# the data cache: the host binds only the files of public seeds a notebook's run
# reads (sandbox.public_cache), copied the most recently used first, within a
# budget; a notebook regenerates the rest
os.makedirs(cache, exist_ok=True)
src = os.path.join(seed, "cache")
files = []
try:
    for n in os.listdir(src):
        st = os.lstat(os.path.join(src, n))
        if stat.S_ISREG(st.st_mode) and not n.startswith(".") and ".tmp" not in n:
            files.append((st.st_mtime, n, st))
except OSError:
    pass
used = 0
for _, n, st in sorted(files, reverse=True):
    if st.st_size > budget // 4 or used + st.st_size > budget:
        continue
    copy_file(os.path.join(src, n), os.path.join(cache, n), st)
    used += st.st_size
os.makedirs(os.path.join(home, ".config", "matplotlib"), exist_ok=True)
copy_tree(os.path.join(seed, "matplotlib"), os.path.join(home, ".config", "matplotlib"))
os.chdir(work)
os.write(ready, b"1")
os.close(ready)
if sockets:   # a cold kernel: the grader mounts its connection folder now (connection.mount_for)
    end = time.monotonic() + 60
    while os.stat(sockets).st_dev == os.stat("/").st_dev:
        if time.monotonic() > end:
            sys.exit("sandbox: the kernel's connection folder was not mounted in 60 s")
        time.sleep(0.001)
os.execv(a[9], a[9:])
"""


def parse_size(text: str | int | None) -> int:
    """'2G', '512M', '1.5g', 1000000 -> bytes."""
    if text is None or text == "":
        return 0
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)[iI]?[bB]?\s*", str(text))
    if not m:
        raise ValueError(f"not a memory size: {text!r} (write e.g. 2G or 512M)")
    mult = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[m.group(2).lower()]
    return int(float(m.group(1)) * mult)


def bwrap_path() -> str | None:
    return shutil.which("bwrap") or (("/usr/bin/bwrap") if os.access("/usr/bin/bwrap", os.X_OK) else None)


def check_available() -> str:
    """The bwrap binary, or SandboxError with how to install it."""
    path = bwrap_path()
    if not path:
        raise SandboxError(INSTALL_HINT)
    return path


def cgroup_base(controller: str) -> str | None:
    """The writable cgroup v1 folder of this process for a controller (see
    ``limits`` for v2 and the fallbacks)."""
    return limits.v1_base(controller)


def _ipc_base() -> str:
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else tempfile.gettempdir()


LIVE: dict[int, tuple] = {}   # id(manager) -> (folder, cgroups) of the kernels this process runs


def cleanup_all() -> None:
    """Remove what this process's sandboxes left (for a worker whose parent
    died or that is told to stop: its kernels are killed with their cgroups,
    their folders removed)."""
    for folder, group in list(LIVE.values()):
        if group is not None:
            group.remove()
        shutil.rmtree(folder, ignore_errors=True)
    LIVE.clear()


def _sandbox_url(manager, conn, channel: str) -> str:
    """The zmq URL of ``conn``'s (a kernel manager's or its client's) socket
    for ``channel``: through the sandbox manager's descriptor of it."""
    sockets = getattr(manager, "_sbx_sockets", None)
    if sockets is None:
        raise RuntimeError("the sandboxed kernel's sockets are not open (the kernel did not start)")
    return sockets.url(getattr(conn, f"{channel}_port"))


SANDBOX_PREFIX = "wb-sandbox-"   # a kernel's connection folder: wb-sandbox-<the grading process's PID>-<random>


def sweep_process(pid: int) -> list[str]:
    """What the sandboxes of grading process ``pid``, which is gone (killed
    before ``cleanup_all``), left: every process still in their cgroups is
    killed (a bubblewrap that outlived it), the cgroups and the connection
    folders removed. What was removed."""
    removed = limits.sweep_process(pid)
    base = _ipc_base()
    try:
        names = [n for n in os.listdir(base) if n.startswith(f"{SANDBOX_PREFIX}{pid}-")]
    except OSError:
        names = []
    for n in names:
        path = os.path.join(base, n)
        try:
            if os.lstat(path).st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def sweep_dead() -> list[str]:
    """``sweep_process`` for every grading process of this user that made a
    connection folder and is gone (a run killed with -9): a rerun starts
    clean."""
    base = _ipc_base()
    try:
        names = os.listdir(base)
    except OSError:
        return []
    removed: list[str] = []
    for pid in sorted({n[len(SANDBOX_PREFIX):].split("-", 1)[0] for n in names if n.startswith(SANDBOX_PREFIX)}):
        if pid.isdigit() and not limits._alive(int(pid)):
            removed += sweep_process(int(pid))
    for d in limits.sweep_bases():   # groups of a process gone before it made a connection folder
        try:
            pids = {limits._creator(n) for n in os.listdir(d)}
        except OSError:
            continue
        for pid in pids - {None}:
            if not limits._alive(pid):
                removed += limits.sweep_process(pid)
    return removed


class BoundedKernelClient(AsyncKernelClient):
    """The grader's client of a sandboxed kernel: no message from the kernel
    larger than ``max_message`` is ever received (zmq's MAXMSGSIZE on every
    socket: a larger one is dropped by zmq before it reaches the grader's
    memory, and the connection is made again). A reply of the judge is at
    most ``judge.REPLY_LIMIT`` and a notebook's outputs ``max_output``
    characters, so an honest kernel never comes near it."""

    max_message = Integer(96 << 20, help="bytes of the largest message the grader accepts from the kernel"
                          ).tag(config=True)

    @default("context")
    def _bounded_context(self):
        import zmq
        ctx = super()._context_default()
        ctx.setsockopt(zmq.MAXMSGSIZE, int(self.max_message))
        return ctx

    def _make_url(self, channel: str) -> str:
        """A sandboxed kernel's socket for ``channel``, by the descriptor its
        kernel manager holds (``connection.Sockets``), never by its path."""
        if not isinstance(self.parent, SandboxKernelManager):   # a kernel of the grader's own, unsandboxed
            return super()._make_url(channel)
        return _sandbox_url(self.parent, self, channel)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Ready when the kernel has answered a kernel_info request on the
        shell channel and published its idle status for one of these
        requests on IOPub (IOPub is then connected). jupyter_client's own
        wait then reads IOPub until it has been silent for 0.2 s, a fixed
        wait on every kernel a submission starts; here nothing waits for
        silence: what the kernel published before is read, and what a cell
        receives is what its own request caused. While the status does not
        come (IOPub not connected yet), kernel_info is sent again every
        0.05 s, as jupyter_client sends it again."""
        from queue import Empty
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        sent: set[str] = set()
        reply = None
        while True:
            sent.add(self.kernel_info())
            if reply is None:
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    msg = None
                if msg is not None and msg.get("msg_type") == "kernel_info_reply":
                    reply = msg
            if reply is not None and await self._idle_for(sent, 0.05):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _idle_for(self, requests: set[str], wait: float) -> bool:
        """Reads IOPub until the kernel's idle status for one of
        ``requests`` (True), or for ``wait`` seconds without one (False)."""
        from queue import Empty
        end = time.monotonic() + wait
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return False
            try:
                msg = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            if msg.get("msg_type") == "status" and msg.get("content", {}).get("execution_state") == "idle" \
                    and msg.get("parent_header", {}).get("msg_id") in requests:
                return True


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside bubblewrap."""

    client_class = DottedObjectName("workbook.grading.sandbox.BoundedKernelClient", config=True)
    client_factory = Type(BoundedKernelClient, klass=AsyncKernelClient, config=True)

    memory = Unicode("3G", help="memory of the kernel and all its processes together, e.g. 2G").tag(config=True)
    pids = Integer(512, help="processes and threads of the kernel together").tag(config=True)
    cpu_seconds = Integer(900, help="CPU seconds of the kernel and all its processes together").tag(config=True)
    wall_seconds = Integer(900, help="wall-clock seconds per kernel").tag(config=True)
    disk = Unicode("1G", help="what the kernel may write, all files together (a tmpfs at /tmp)").tag(config=True)
    shm = Unicode("64M", help="the kernel's POSIX shared memory (a tmpfs at /dev/shm, apart from disk): "
                              "multiprocessing's locks, a DataLoader's workers; joblib memory-maps in /tmp "
                              "when it is this small").tag(config=True)
    file_size = Unicode("1G", help="largest file the kernel may write").tag(config=True)
    inodes = Integer(100_000, help="files and folders the kernel may have in its /tmp (its working folder, HOME, "
                                   "the data cache), and apart in its /dev/shm: an inode cap on each tmpfs, "
                                   "which bubblewrap mounts with a size only (0: their pages' memory alone "
                                   "bounds them)").tag(config=True)
    threads = Integer(1, help="threads of each math library's pool in the kernel (OpenMP for torch and "
                              "scikit-learn, OpenBLAS, MKL; 0: the library's own default, one per core). A "
                              "grader runs a kernel per worker and a worker per core: a pool per core in every "
                              "kernel makes more threads than cores, and OpenMP's threads spin at each parallel "
                              "region, waiting for threads the machine has not scheduled. Three copies of a "
                              "notebook at once on 2 cores took 5-8 % less CPU with one thread (03: 8.7 CPU-s "
                              "against 9.2, 07: 18.0 against 18.9, 08: 14.8 against 16.0). Dask's nanny gives "
                              "its workers one thread too").tag(config=True)
    return_files = Unicode("20M", help="largest file the notebook wrote that is copied back next to it "
                                       "(0: none)").tag(config=True)
    return_total = Unicode("100M", help="all files copied back together").tag(config=True)
    return_entries = Integer(200, help="files and folders of the notebook's working folder walked when copying "
                                       "back (at most a submission's, staging.MAX_ENTRIES): past them the rest is "
                                       "reported, not copied. nbgrader's feedback and autograde look up each file "
                                       "of a folder against its ignore globs by listing the folder again, so their "
                                       "time grows with the square of the count").tag(config=True)
    require_limits = Bool(False, help="refuse to start a kernel when a memory, process or CPU limit cannot be "
                                      "enforced on this machine (instead of a warning)").tag(config=True)
    proc = Enum(["auto", "mount", "masked"], default_value="auto",
                help="the kernel's /proc: a fresh one (mount), a minimal one where the machine's /proc is masked, "
                     "as in a Kubernetes pod (masked), or whichever works here (auto)").tag(config=True)

    warm = Bool(True, help="start each kernel from a zygote that has already imported ipykernel and the modules of "
                           "`preload` the notebook imports (workbook/grading/zygote.py): a fresh process in a "
                           "fresh sandbox, as a cold kernel, without paying the imports again").tag(config=True)
    preload = List(Unicode(), default_value=list(PRELOAD),
                   help="packages the zygote may import before any student code, with the submodules of them the "
                        "assignment's notebooks import: third-party packages whose import reads nothing of the "
                        "machine a kernel would not see the same way").tag(config=True)
    preload_with = Dict(List(Unicode()), default_value={k: list(v) for k, v in PRELOAD_WITH.items()},
                        help="module -> the modules its first use imports (a notebook that imports torch and "
                             "trains imports torch._dynamo): imported with it by the zygote, when `preload` "
                             "allows their package").tag(config=True)
    notebook_imports = List(Unicode(), help="the modules the assignment's notebooks import, submodules included "
                                            "(set by the grader from the course's notebooks, never from a "
                                            "submission)")

    def _spark_classes(self) -> str | None:
        """Spark's class archive on this host, for a notebook that imports pyspark: its path when it is
        there, else None, and its build started in the background for the next kernels."""
        if not any(m.split(".")[0] == "pyspark" for m in self.notebook_imports):
            return None
        from ..student import spark
        try:
            return spark.class_archive_in(host_cache_dir())
        except OSError as e:
            self.log.warning("sandbox: Spark's class archive: %s", e)
            return None

    def zygote_preload(self) -> tuple[str, ...]:
        """What the zygote imports: the notebooks' imports whose top-level
        package ``preload`` allows (``sklearn.ensemble`` with ``sklearn``),
        and what their first use imports (``preload_with``)."""
        allowed = set(self.preload)
        wanted = set(self.notebook_imports)
        wanted.update(m for name in self.notebook_imports for m in self.preload_with.get(name, ()))
        return tuple(sorted({m for m in wanted if m.split(".")[0] in allowed}))

    _sbx_dir = None
    _sbx_warm = None
    _sbx_ready = None      # (read, write) ends of the pipe the sandbox's init says it is ready on
    _sbx_seccomp = None    # the seccomp filter's descriptor, until bubblewrap has started
    _sbx_is_ready = False
    _sbx_root = None       # the sandbox's root, by descriptor (beneath.root_of)
    _sbx_sockets = None    # the kernel's sockets, by descriptor (connection.Sockets)
    _sbx_old_sockets: list = []
    _sbx_group = None
    _sbx_timer = None
    _sbx_watch = None
    _sbx_stop = None
    _warned: set = set()

    _preflight_done: set = set()

    async def _async_pre_start_kernel(self, **kw):
        bwrap = check_available()
        if self.proc not in SandboxKernelManager._preflight_done:   # once per process: a clear reason, not
            preflight(self.proc)                                    # "the kernel died"
            SandboxKernelManager._preflight_done.add(self.proc)
        self._sbx_cleanup()
        d = Path(tempfile.mkdtemp(prefix=f"{SANDBOX_PREFIX}{os.getpid()}-", dir=_ipc_base()))
        LIVE[id(self)] = (d, None)   # known from its first moment: a worker stopped now still removes it
        self._sbx_dir = d
        (d / "conn").mkdir()
        # ipykernel's ipc transport: <ip>-<port> unix sockets in the sandbox's own connection folder; on
        # the host, only the connection file (read-only in the sandbox)
        self.transport = "ipc"
        self.ip = connection.SOCKETS + "/kernel"
        self.connection_file = str(d / "conn" / "kernel.json")
        self._sbx_ready = os.pipe()
        self._sbx_is_ready = False
        kw["pass_fds"] = (*kw.get("pass_fds", ()), self._sbx_ready[1])
        cwd = kw.get("cwd")
        self._sbx_cwd = os.path.realpath(cwd) if cwd and os.path.isdir(cwd) else None
        kw["cwd"] = str(d)  # bwrap runs here; the kernel's folder is the copy at /tmp/work
        from .zygote import ZygoteProvisioner, ipykernel_args
        self._sbx_warm = None
        if self.warm and self.provisioner is None and ipykernel_args(self.kernel_spec.argv) is not None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ZygoteProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                 parent=self)
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if any("ipykernel" in str(part) for part in cmd):
            # what the kernel prints: small messages; and no working folder on sys.path (IPython puts '' there):
            # a file a cell writes there, named like a library not imported yet, would be imported in its place,
            # under a name the static checks take for the library's (``import mailbox`` running the student's)
            cmd = [*cmd, "--IPKernelApp.outstream_class=workbook.checks.outstream.BoundedOutStream",
                   "--IPKernelApp.ignore_cwd=True"]
        group = self._sbx_group = limits.Group.create(parse_size(self.memory), int(self.pids))
        LIVE[id(self)] = (d, group)
        self._report_limits(group)
        data = 0 if group.limits_memory else parse_size(self.memory)
        nproc = 0 if group.limits_pids else limits.user_process_count() + int(self.pids)
        view = self._view(self._sbx_cwd, str(d / "conn"))
        kernel = cmd
        if isinstance(self.provisioner, ZygoteProvisioner):
            args = ipykernel_args(cmd)
            env = sandbox_env(kw.get("env") or os.environ, view)
            self._sbx_warm = dict(
                ready=self._sbx_ready[0], inodes=int(self.inodes), argv=args, env=env, cwd=WORK,
                cgroups=list(group.join_files),
                rlimits=dict(RLIMIT_CPU=int(self.cpu_seconds), RLIMIT_FSIZE=parse_size(self.file_size),
                             RLIMIT_DATA=data, RLIMIT_NPROC=nproc),
                zygote_env=zygote_env(env), preload=self.zygote_preload())
            kernel = [shutil.which("sleep", path="/usr/bin:/bin") or "/usr/bin/sleep", "infinity"]
        inner = [sys.executable, "-I", "-S", "-c", _INIT, SEED, WORK, f"/tmp/daon-workbook-{os.getuid()}",
                 HOME, str(CACHE_BUDGET), str(self._sbx_ready[1]), "" if self._sbx_warm else connection.SOCKETS,
                 "--", *kernel]
        # the kernel's keyrings refused (workbook/grading/seccomp.py); a warm kernel installs it itself
        self._sbx_seccomp = seccomp.memfd()
        kw["pass_fds"] = (*kw.get("pass_fds", ()), self._sbx_seccomp)
        wrapped = [sys.executable, "-I", "-S", "-c", _LAUNCHER, ":".join(group.join_files),
                   str(int(self.cpu_seconds)), str(parse_size(self.file_size)), str(data), str(nproc), "--",
                   bwrap, "--seccomp", str(self._sbx_seccomp), *view, "--", *inner]
        return wrapped, kw

    pre_start_kernel = _async_pre_start_kernel

    def _view(self, work_src: str | None, conn_dir: str) -> list[str]:
        """bubblewrap's arguments for this manager's kernel (``bwrap_args``)."""
        public_data(host_cache_dir())
        return bwrap_args(work_src, conn_dir, parse_size(self.disk), host_cache_dir(),
                          None if self.proc == "auto" else self.proc, parse_size(self.shm), self._spark_classes(),
                          matplotlib_font_list(host_cache_dir()), int(self.threads))

    def prewarm(self, env: dict[str, str]) -> bool:
        """Start, in the background, the zygote this manager's warm kernels
        will come from (``zygote.prewarm``), for kernels started with the
        environment ``env`` (the grading worker's, as nbgrader sets it while
        it executes): the same environment and imports as
        ``_async_pre_start_kernel`` asks for. Whether one was started (not
        for cold kernels, nor a kernel spec that is not ipykernel's or sets
        variables of its own)."""
        from .zygote import ipykernel_args, prewarm
        spec = self.kernel_spec
        if not self.warm or spec is None or spec.env or ipykernel_args(spec.argv) is None:
            return False
        env = {k: v for k, v in env.items() if k != "PYTHONEXECUTABLE"}   # as jupyter_client's provisioner does
        view = self._view(None, "/nonexistent")   # its folders do not change the environment, only its options
        prewarm(zygote_env(sandbox_env(env, view)), self.zygote_preload())
        return True

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            self._sbx_launched()

    def _sbx_launched(self) -> None:
        """The sandbox is started: only it holds the writing end of its pipe."""
        if self._sbx_ready is not None and self._sbx_ready[1] >= 0:
            os.close(self._sbx_ready[1])
            self._sbx_ready = (self._sbx_ready[0], -1)
        if self._sbx_seccomp is not None:   # bubblewrap has read the filter
            os.close(self._sbx_seccomp)
            self._sbx_seccomp = None

    def _sbx_wait_ready(self, timeout: float, alive) -> bool:
        """Whether the sandbox's init said it is ready within ``timeout``
        seconds (it has copied the notebook's folder in: the sandbox is set
        up), False as soon as ``alive()`` is False."""
        if not self._sbx_is_ready:
            self._sbx_is_ready = connection.wait_readable(self._sbx_ready[0], timeout, alive)
        return self._sbx_is_ready

    async def _sbx_connect(self) -> None:
        """The sandbox's root and the kernel's sockets, by descriptor, once
        its init is ready and the kernel has bound them (a cold kernel's
        connection folder mounted first: ``connection.mount_for``)."""
        import asyncio

        from . import beneath
        from .zygote import READY_TIMEOUT, _sandbox_init
        proc = self.provisioner.process
        loop = asyncio.get_running_loop()
        if not await loop.run_in_executor(None, self._sbx_wait_ready, READY_TIMEOUT, lambda: proc.poll() is None):
            raise SandboxError("the sandbox ended, or was not ready in time, before the kernel started")
        init = _sandbox_init(proc.pid)
        self._sbx_root = beneath.root_of(init)
        self._sbx_sockets = sockets = connection.Sockets(self._sbx_root)
        if self._sbx_warm is None:
            await loop.run_in_executor(None, connection.mount_for, init, int(self.inodes))
        ports = [self.shell_port, self.iopub_port, self.stdin_port, self.hb_port, self.control_port]
        deadline, delay = time.monotonic() + READY_TIMEOUT, 0.001
        while not sockets.find(ports):
            if await self.provisioner.poll() is not None:
                raise SandboxError("the kernel ended before it opened its sockets")
            if time.monotonic() > deadline:
                raise SandboxError(f"the kernel did not open its sockets in {READY_TIMEOUT:.0f} s")
            await asyncio.sleep(delay)
            delay = min(2 * delay, 0.02)

    def _make_url(self, channel: str) -> str:
        return _sandbox_url(self, self, channel)

    def cleanup_ipc_files(self) -> None:
        """Nothing of the kernel's sockets is on the host: their folder goes with the sandbox."""

    def _report_limits(self, group) -> None:
        missing = []
        if not group.limits_memory:
            missing.append("memory (only a per-process rlimit holds)")
        if not group.limits_pids:
            missing.append("processes (only the per-user rlimit holds)")
        if not missing:
            return
        text = f"sandbox: no cgroup limit for {', '.join(missing)}; {limits.HOW_TO}"
        if self.require_limits:
            raise SandboxError(text + " (SandboxKernelManager.require_limits is on)")
        key = ",".join(missing)
        if key not in SandboxKernelManager._warned:
            SandboxKernelManager._warned.add(key)
            self.log.warning(text)

    async def _async_post_start_kernel(self, **kw):
        await self._sbx_connect()
        await super()._async_post_start_kernel(**kw)
        proc = getattr(self.provisioner, "process", None)
        pgid = getattr(self.provisioner, "pgid", None)
        root_pid = getattr(proc, "pid", None)
        group = self._sbx_group
        stop = self._sbx_stop = threading.Event()
        wall, cpu = int(self.wall_seconds), int(self.cpu_seconds)

        def kill(why):
            self.log.warning("sandbox: %s", why)
            if group is not None:
                group.kill()
            if pgid:
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except OSError:
                    pass

        def watch():
            start = time.monotonic()
            while not stop.wait(0.5):
                if wall > 0 and time.monotonic() - start > wall:
                    kill(f"the kernel ran longer than {wall} s and was killed")
                    return
                if cpu > 0:
                    used = group.cpu_seconds() if group is not None else None
                    if used is None and root_pid:
                        used = limits.tree_cpu_seconds(root_pid)
                    if used is not None and used > cpu:
                        kill(f"the kernel used more than {cpu} s of CPU time (all its processes together) "
                             "and was killed")
                        return
        self._sbx_watch = threading.Thread(target=watch, name="sandbox-watchdog", daemon=True)
        self._sbx_watch.start()

    post_start_kernel = _async_post_start_kernel

    async def _async_interrupt_kernel(self) -> None:
        # A SIGINT to the process group does not reach a kernel in its own PID
        # namespace; ipykernel's interrupt_request message (on the control
        # channel) makes the kernel signal itself.
        if self.has_kernel:
            msg = self.session.msg("interrupt_request", content={})
            self._connect_control_socket()
            self.session.send(self._control_socket, msg)
            return
        await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False):
        self._return_files()
        return await super()._async_shutdown_kernel(now=now, restart=restart)

    shutdown_kernel = _async_shutdown_kernel

    def _return_files(self) -> None:
        """Copy the regular files the notebook wrote in its working folder
        back next to the notebook (new or changed ones; never a notebook,
        never a link, read by descriptors beneath the sandbox's root:
        ``beneath.copy_back``), within the size limits and never beyond
        what a submission may hold (``staging``: per file, in all, files and
        folders); every file not copied back is reported in the log."""
        from . import beneath, staging
        limit = min(parse_size(self.return_files), staging.MAX_FILE)
        total = min(parse_size(self.return_total), staging.MAX_TOTAL)
        if not limit or self._sbx_cwd is None or self._sbx_root is None:
            return
        try:
            work = beneath.open_beneath(self._sbx_root, WORK)
        except OSError as e:
            self.log.warning("sandbox: no file was copied back: the notebook's working folder %s cannot be "
                             "read (%s)", WORK, e)
            return
        try:
            copied = beneath.copy_back(work, Path(self._sbx_cwd), limit, total,
                                       max_entries=min(int(self.return_entries), staging.MAX_ENTRIES))
        except OSError as e:
            self.log.warning("sandbox: could not copy back the files the notebook wrote: %s", e)
            return
        finally:
            os.close(work)
        for rel, why in copied.refused:
            self.log.warning("sandbox: %r was not copied back: %s", rel, why)
        if copied.refused:
            self.log.warning("sandbox: %d file(s) copied back, %d refused (above)", len(copied.files),
                             len(copied.refused))

    def _sbx_cleanup(self):
        if self._sbx_stop is not None:
            self._sbx_stop.set()
            self._sbx_stop = None
        if self._sbx_group is not None:
            if self._sbx_group.oom_killed():
                self.log.warning("sandbox: the kernel reached its memory limit")
            self._sbx_group.remove()
            self._sbx_group = None
        if self._sbx_dir is not None:
            shutil.rmtree(self._sbx_dir, ignore_errors=True)
            self._sbx_dir = None
        for fd in [*(self._sbx_ready or ()), *([self._sbx_root] if self._sbx_root is not None else []),
                   *([self._sbx_seccomp] if self._sbx_seccomp is not None else [])]:
            if fd >= 0:
                os.close(fd)
        self._sbx_ready = self._sbx_root = self._sbx_seccomp = None
        self._sbx_is_ready = False
        # the sockets' descriptors stay open until the next kernel or the manager's end: the client's
        # channels are stopped after this (nbclient), and a descriptor number reused meanwhile must not
        # be what a reconnect of theirs reaches
        for old in self._sbx_old_sockets:
            old.close()
        self._sbx_old_sockets = [self._sbx_sockets] if self._sbx_sockets is not None else []
        self._sbx_sockets = None
        LIVE.pop(id(self), None)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        self._sbx_cleanup()

    cleanup_resources = _async_cleanup_resources

    def __del__(self):
        try:
            self._sbx_cleanup()
            for old in self._sbx_old_sockets:
                old.close()
        except Exception:
            pass
        try:
            super().__del__()
        except Exception:
            pass


def describe() -> str:
    """One line for logs: is the sandbox on, with which limits."""
    path = bwrap_path()
    if not path:
        return "sandbox: bwrap missing"
    return f"sandbox: bubblewrap ({path}); limits: {limits.plan().describe()}"
