"""A bubblewrap sandbox for every kernel nbgrader starts.

``SandboxKernelManager`` is a jupyter_client ``AsyncKernelManager`` named in
nbgrader_config.py (``c.Execute.kernel_manager_class``), so plain ``nbgrader
autograde``, ``nbgrader validate``, the formgrader's Autograde button and
``workbook autograde`` all run student code in it. The kernel:

* sees the Python environment, the ``workbook`` package, /usr and a few files
  of /etc read-only; a private writable copy of the notebook's folder at its
  usual path; a private /tmp (data is regenerated there) and HOME;
* sees nothing of the course folder (source/, release/, the gradebook, other
  submissions), nor the instructor's home;
* has no network (``--unshare-net``): it talks to nbclient over unix sockets
  (ipykernel's ``ipc`` transport) in a folder bound into the sandbox;
* lives in its own PID namespace (it dies with its parent; ipykernel's parent
  poller is switched off by dropping JPY_PARENT_PID, since the real parent is
  invisible in the namespace);
* is limited in memory and in number of processes (cgroup v1 memory and pids
  controllers), in CPU seconds and file size (rlimits), and in wall time per
  notebook (a timer kills it); nbgrader's ``Execute.timeout`` limits each cell.

Settings: traitlets (``c.SandboxKernelManager.memory = "2G"``) or environment
variables, which win (the grader passes its command-line options that way):
``WORKBOOK_SANDBOX=0`` disables the sandbox (with a warning),
``WORKBOOK_SANDBOX_MEMORY``, ``WORKBOOK_SANDBOX_PIDS``,
``WORKBOOK_SANDBOX_CPU`` (seconds), ``WORKBOOK_SANDBOX_WALL`` (seconds).
"""
from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, Unicode

log = logging.getLogger("workbook.sandbox")

INSTALL_HINT = ("bubblewrap (bwrap) is not installed, and the grader will not run student code unsandboxed "
                "by default. Install it: `sudo apt-get install bubblewrap` (Debian/Ubuntu), "
                "`sudo dnf install bubblewrap` (Fedora), or run unsandboxed on purpose with "
                "`workbook autograde --no-sandbox` / WORKBOOK_SANDBOX=0.")
UNSANDBOXED_WARNING = ("WARNING: the sandbox is disabled (WORKBOOK_SANDBOX=0 or --no-sandbox): student code runs "
                       "with your permissions and can read source/, change the gradebook and use the network.")

# what the kernel may see of /etc (read-only): the loader, users, time zone,
# fonts, `alternatives` (awk, etc.) and the shell's defaults
ETC_FILES = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "passwd", "group", "nsswitch.conf", "localtime",
             "timezone", "fonts", "alternatives", "bash.bashrc", "profile", "inputrc", "mime.types",
             "matplotlibrc", "magic", "protocols", "services"]

_LAUNCHER = r"""
import os, resource, sys
a = sys.argv
procs, cpu, fsize = a[1], int(a[2]), int(a[3])
for p in filter(None, procs.split(":")):
    with open(p, "w") as f:
        f.write(str(os.getpid()))
if cpu > 0:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
if fsize > 0:
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
os.execv(a[5], a[5:])
"""


class SandboxError(RuntimeError):
    pass


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


def enabled_by_env() -> bool:
    return os.environ.get("WORKBOOK_SANDBOX", "1").strip().lower() not in {"0", "no", "off", "false"}


def check_available() -> str:
    """The bwrap binary, or SandboxError with how to install it."""
    path = bwrap_path()
    if not path:
        raise SandboxError(INSTALL_HINT)
    return path


# ---------------------------------------------------------------- cgroups v1
def _own_cgroup(controller: str) -> str | None:
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, ctrls, path = line.split(":", 2)
            if controller in ctrls.split(","):
                return path
    except OSError:
        return None
    return None


def cgroup_base(controller: str) -> Path | None:
    """The writable cgroup v1 folder of this process for a controller."""
    rel = _own_cgroup(controller)
    if rel is None:
        return None
    base = Path("/sys/fs/cgroup") / controller / rel.lstrip("/")
    return base if base.is_dir() and os.access(base, os.W_OK) else None


def _sweep_stale(base: Path, age: float = 1800.0) -> None:
    """Remove empty wb-* cgroups left by a grader that was killed (-9)."""
    import time
    try:
        for d in base.glob("wb-*"):
            try:
                if time.time() - d.stat().st_mtime > age and not (d / "cgroup.procs").read_text().strip():
                    d.rmdir()
            except OSError:
                pass
    except OSError:
        pass


class Cgroups:
    """A memory and a pids cgroup for one kernel (each optional)."""

    def __init__(self, name: str, memory: int, pids: int):
        self.dirs: list[Path] = []
        self.problems: list[str] = []
        for ctrl, knob, value in (("memory", "memory.limit_in_bytes", memory), ("pids", "pids.max", pids)):
            if value <= 0:
                continue
            base = cgroup_base(ctrl)
            if base is None:
                self.problems.append(f"no writable cgroup v1 '{ctrl}' controller")
                continue
            _sweep_stale(base)
            d = base / name
            try:
                d.mkdir(exist_ok=True)
                (d / knob).write_text(str(value))
                if ctrl == "memory":
                    for extra, v in (("memory.memsw.limit_in_bytes", value), ("memory.swappiness", 0)):
                        try:
                            (d / extra).write_text(str(v))
                        except OSError:
                            pass
                self.dirs.append(d)
            except OSError as e:
                self.problems.append(f"cannot set up the {ctrl} cgroup {d}: {e}")
                try:
                    d.rmdir()
                except OSError:
                    pass

    @property
    def procs_files(self) -> str:
        return ":".join(str(d / "cgroup.procs") for d in self.dirs)

    def oom_killed(self) -> bool:
        for d in self.dirs:
            try:
                if (d / "memory.failcnt").exists() and int((d / "memory.failcnt").read_text()) > 0:
                    return True
            except (OSError, ValueError):
                pass
        return False

    def remove(self) -> None:
        import time
        for d in self.dirs:
            for _ in range(50):
                try:
                    pids = [int(p) for p in (d / "cgroup.procs").read_text().split()]
                except OSError:
                    pids = []
                for p in pids:
                    try:
                        os.kill(p, signal.SIGKILL)
                    except OSError:
                        pass
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)
        self.dirs = []


# ---------------------------------------------------------------- the command
def read_only_roots() -> list[str]:
    """What the kernel needs read-only: the Python installation(s), the venv
    and the workbook package (an editable install lives in the repository,
    whose other folders must stay invisible)."""
    import workbook
    roots = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable)),
             str(Path(workbook.__file__).resolve().parent)]
    out: list[str] = []
    for r in sorted({os.path.realpath(p) for p in roots} | set(roots), key=len):
        if r in ("/", "/usr") or not os.path.exists(r):
            continue
        if any(r == o or r.startswith(o.rstrip("/") + "/") for o in out):
            continue
        out.append(r)
    return out


CACHE_COPY_LIMIT = 256 * 2**20


def seed_data_cache(dest: Path) -> tuple[str, str] | None:
    """A private copy of the generated-data cache (workbook.data.cache_dir())
    for one kernel, so that data generated before (from the same seeds) is
    not generated again in every sandbox; None when there is none or it is
    too big (the notebook then regenerates what it needs in its private /tmp).
    A copy, never the original: a kernel must not change another's data."""
    host = os.environ.get("WORKBOOK_DATA") or os.path.join(tempfile.gettempdir(), f"daon-workbook-{os.getuid()}")
    if not os.path.isdir(host):
        return None
    try:
        files = [p for p in Path(host).iterdir() if p.is_file() and not p.name.startswith(".") and ".tmp" not in p.name]
        if sum(p.stat().st_size for p in files) > CACHE_COPY_LIMIT:
            return None
        dest.mkdir(parents=True)
        for p in files:
            shutil.copy2(p, dest / p.name)
    except OSError:
        return None
    return str(dest), f"/tmp/daon-workbook-{os.getuid()}"


def bwrap_args(work_src: str, work_dst: str, ipc_dir: str, home: str = "/tmp/home",
               cache: tuple[str, str] | None = None) -> list[str]:
    args = ["--die-with-parent", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib32", "lib64", "libx32", "sbin"):
        p = Path("/") / name
        if p.is_symlink():
            args += ["--symlink", os.readlink(p), str(p)]
        elif p.is_dir():
            args += ["--ro-bind", str(p), str(p)]
    for name in ETC_FILES:
        p = Path("/etc") / name
        if p.exists():
            args += ["--ro-bind", str(p), str(p)]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", home,
             "--dir", home + "/.config/matplotlib"]
    for r in read_only_roots():
        args += ["--ro-bind", r, r]
    if cache:
        args += ["--bind", cache[0], cache[1]]
    args += ["--bind", ipc_dir, ipc_dir, "--bind", work_src, work_dst]
    # The folders bwrap made to hold the binds (the course's path, say) are
    # read-only: the root is remounted read-only, the ones inside the private
    # /tmp are chmod 555, and the kernel has no capability to override that.
    skeleton = set()
    for target in (work_dst, ipc_dir) + ((cache[1],) if cache else ()):
        for parent in Path(target).parents:
            if str(parent) not in ("/", "/tmp"):
                skeleton.add(str(parent))
    for d in sorted(skeleton, key=len, reverse=True):
        args += ["--chmod", "0555", d]
    args += ["--remount-ro", "/", "--cap-drop", "ALL",
             "--chdir", work_dst,
             "--unsetenv", "JPY_PARENT_PID", "--unsetenv", "WORKBOOK_DATA",
             "--setenv", "HOME", home, "--setenv", "TMPDIR", "/tmp",
             "--setenv", "MPLCONFIGDIR", home + "/.config/matplotlib", "--setenv", "MPLBACKEND", "Agg",
             "--setenv", "IPYTHONDIR", home + "/.ipython", "--setenv", "WORKBOOK_SANDBOXED", "1"]
    return args


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside bubblewrap."""

    sandbox = Bool(True, help="run kernels in the bubblewrap sandbox (WORKBOOK_SANDBOX=0 disables)").tag(config=True)
    memory = Unicode("3G", help="memory limit per kernel, e.g. 2G (WORKBOOK_SANDBOX_MEMORY)").tag(config=True)
    pids = Integer(512, help="processes and threads per kernel (WORKBOOK_SANDBOX_PIDS)").tag(config=True)
    cpu_seconds = Integer(900, help="CPU seconds per kernel (WORKBOOK_SANDBOX_CPU)").tag(config=True)
    wall_seconds = Integer(900, help="wall-clock seconds per kernel (WORKBOOK_SANDBOX_WALL)").tag(config=True)
    file_size = Unicode("1G", help="largest file the kernel may write").tag(config=True)

    _sbx_dir = None
    _sbx_cgroups = None
    _sbx_timer = None
    _sbx_warned = False

    def _setting(self, env: str, value):
        return os.environ.get(env) or value

    @property
    def sandboxed(self) -> bool:
        return bool(self.sandbox) and enabled_by_env()

    async def _async_pre_start_kernel(self, **kw):
        if not self.sandboxed:
            if not SandboxKernelManager._sbx_warned:
                SandboxKernelManager._sbx_warned = True
                self.log.warning(UNSANDBOXED_WARNING)
            return await super()._async_pre_start_kernel(**kw)
        bwrap = check_available()
        self._sbx_cleanup()
        d = Path(tempfile.mkdtemp(prefix="wb-sandbox-"))
        self._sbx_dir = d
        (d / "ipc").mkdir()
        # ipykernel's ipc transport: <ip>-<port> unix sockets in a bound folder
        self.transport = "ipc"
        self.ip = str(d / "ipc" / "kernel")
        self.connection_file = str(d / "ipc" / "kernel.json")
        # a private writable copy of the notebook's folder, seen at its path
        cwd = kw.get("cwd")
        work = d / "work"
        if cwd and os.path.isdir(cwd):
            shutil.copytree(cwd, work, symlinks=True, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
            dst = os.path.realpath(cwd)
        else:
            work.mkdir()
            dst = "/tmp/work"
        kw["cwd"] = str(d)  # bwrap itself runs here; the kernel's cwd is set by --chdir
        self._sbx_work = (str(work), dst)
        cache = seed_data_cache(d / "cache")
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        memory = parse_size(self._setting("WORKBOOK_SANDBOX_MEMORY", self.memory))
        pids = int(self._setting("WORKBOOK_SANDBOX_PIDS", self.pids))
        cpu = int(self._setting("WORKBOOK_SANDBOX_CPU", self.cpu_seconds))
        self._sbx_cgroups = cg = Cgroups(f"wb-{uuid.uuid4().hex[:12]}", memory, pids)
        for p in cg.problems:
            self.log.warning("sandbox: %s: the memory/process limits are not enforced (%s)", p,
                             "cgroup v1 with the memory and pids controllers is needed")
        wrapped = [sys.executable, "-I", "-S", "-c", _LAUNCHER, cg.procs_files, str(cpu),
                   str(parse_size(self.file_size)), "--", bwrap,
                   *bwrap_args(str(work), dst, str(d / "ipc"), cache=cache), "--", *cmd]
        return wrapped, kw

    pre_start_kernel = _async_pre_start_kernel

    async def _async_post_start_kernel(self, **kw):
        await super()._async_post_start_kernel(**kw)
        wall = int(self._setting("WORKBOOK_SANDBOX_WALL", self.wall_seconds)) if self.sandboxed else 0
        if wall > 0 and self.provisioner is not None and getattr(self.provisioner, "pgid", None):
            pgid = self.provisioner.pgid

            def _kill():
                self.log.warning("sandbox: the kernel ran longer than %s s and was killed", wall)
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except OSError:
                    pass
            self._sbx_timer = threading.Timer(wall, _kill)
            self._sbx_timer.daemon = True
            self._sbx_timer.start()

    post_start_kernel = _async_post_start_kernel

    async def _async_interrupt_kernel(self) -> None:
        # A SIGINT to the process group does not reach a kernel in its own PID
        # namespace; ipykernel's interrupt_request message (on the control
        # channel) makes the kernel signal itself.
        if self.sandboxed and self.has_kernel:
            msg = self.session.msg("interrupt_request", content={})
            self._connect_control_socket()
            self.session.send(self._control_socket, msg)
            return
        await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel

    def _sbx_cleanup(self):
        if self._sbx_timer is not None:
            self._sbx_timer.cancel()
            self._sbx_timer = None
        if self._sbx_cgroups is not None:
            if self._sbx_cgroups.oom_killed():
                self.log.warning("sandbox: the kernel reached its memory limit")
            self._sbx_cgroups.remove()
            self._sbx_cgroups = None
        if self._sbx_dir is not None:
            shutil.rmtree(self._sbx_dir, ignore_errors=True)
            self._sbx_dir = None

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self.sandboxed:
            self._sbx_cleanup()

    cleanup_resources = _async_cleanup_resources

    def __del__(self):
        try:
            self._sbx_cleanup()
        except Exception:
            pass
        try:
            super().__del__()
        except Exception:
            pass


def describe() -> str:
    """One line for logs: is the sandbox on, with which limits."""
    if not enabled_by_env():
        return "sandbox: OFF"
    path = bwrap_path()
    if not path:
        return "sandbox: bwrap missing"
    cg = [c for c in ("memory", "pids") if cgroup_base(c) is not None]
    return f"sandbox: bubblewrap ({path}); cgroup limits: {', '.join(cg) or 'unavailable'}"


# ------------------------------------------------------- plugging into nbgrader
def install() -> None:
    """Make nbgrader's Execute preprocessor honour ``c.Execute.kernel_manager_class``.

    nbgrader 0.9's ``Execute.__init__`` passes ``kernel_manager_class=
    AsyncKernelManager`` as a keyword, which beats the configuration; this
    makes the keyword the configured class (when one is configured), so the
    setting in nbgrader_config.py reaches every command that executes
    notebooks: autograde, validate, the formgrader. Idempotent."""
    from nbgrader.preprocessors import execute
    from traitlets.utils.importstring import import_item
    cls = execute.Execute
    if getattr(cls, "_workbook_installed", False):
        return
    original = cls.__init__

    def __init__(self, *args, **kwargs):
        cfg = kwargs.get("config")
        if cfg is None and kwargs.get("parent") is not None:
            cfg = getattr(kwargs["parent"], "config", None)
        chosen = None
        if cfg is not None:
            for section in ("Execute", "NotebookClient", "ExecutePreprocessor"):
                if section in cfg and "kernel_manager_class" in cfg[section]:
                    chosen = cfg[section]["kernel_manager_class"]
                    break
        if chosen is not None and "kernel_manager_class" not in kwargs:
            chosen = import_item(chosen) if isinstance(chosen, str) else chosen
            parent = kwargs.get("parent")
            if isinstance(chosen, type) and issubclass(chosen, SandboxKernelManager) and bwrap_path() is None \
                    and type(parent).__name__ == "Validator":
                # a student validating their own notebook on a machine without
                # bubblewrap (macOS, say): their code, their machine
                import warnings
                warnings.warn("bubblewrap is not installed: validating without the sandbox")
                from jupyter_client.manager import AsyncKernelManager
                chosen = AsyncKernelManager
            kwargs["kernel_manager_class"] = chosen
        original(self, *args, **kwargs)

    cls.__init__ = __init__
    cls._workbook_installed = True

    # Output cap: a runaway print (100 MB of output) must not bloat the
    # autograded notebook, the feedback or the grader's memory. Errors are
    # always kept (they decide the grade).
    original_output = cls.output

    def output(self, outs, msg, display_id, cell_index):
        mt = msg.get("msg_type")
        if mt in ("stream", "display_data", "execute_result", "update_display_data"):
            content = msg.get("content", {})
            sizes = self.__dict__.setdefault("_wb_output_sizes", {})
            if mt == "stream":
                n = len(content.get("text", ""))
            else:
                n = sum(len(v) if isinstance(v, str) else len(str(v)) for v in content.get("data", {}).values())
            used = sizes.get(cell_index, 0)
            limit = MAX_OUTPUT_CHARS
            if used >= limit:
                return None
            sizes[cell_index] = used + n
            if used + n > limit:
                sizes[cell_index] = limit
                if mt == "stream":
                    content["text"] = content.get("text", "")[: max(limit - used, 0)]
                    out = original_output(self, outs, msg, display_id, cell_index)
                else:
                    out = None
                from nbformat.v4 import new_output
                outs.append(new_output("stream", name="stdout",
                                       text=f"\n... output truncated by the grader (over {limit:,} characters) ...\n"))
                return out
        return original_output(self, outs, msg, display_id, cell_index)

    cls.output = output

    # Fresh check helpers for every test cell: an answer cell that patches
    # workbook.checks (``checks.check_equal = lambda *a, **k: None``) must not
    # change what the next test cell imports. The workbook's check modules are
    # dropped from sys.modules (silently, outside the cell), so the test cell's
    # own ``from workbook.checks import ...`` loads them again from the
    # read-only package.
    from jupyter_core.utils import run_sync
    original_execute_cell = cls.async_execute_cell

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        m = cell.get("metadata", {}).get("nbgrader", {})
        trusted = True
        if cell.get("cell_type") == "code" and m.get("grade") and not m.get("solution") and self.kc is not None:
            # Canary: the kernel must raise the error we ask for, with a fresh
            # nonce. An answer that blanks cells (input transformers), swallows
            # errors (a patched run_cell) or hides them fails it, and the test
            # cell that follows cannot be trusted.
            nonce = secrets.token_hex(8)
            try:
                msg_id = self.kc.execute(RESET_CHECKS + f"\nraise RuntimeError('wb-canary-{nonce}')",
                                         silent=True, store_history=False)
                reply = await self.async_wait_for_reply(msg_id, cell)
                content = (reply or {}).get("content", {})
                trusted = content.get("status") == "error" and content.get("evalue") == f"wb-canary-{nonce}"
            except Exception as e:  # a dead kernel is reported by the cell itself
                self.log.debug("could not run the canary: %s", e)
        cell = await original_execute_cell(self, cell, cell_index, execution_count, store_history)
        if not trusted:
            from nbformat.v4 import new_output
            self.log.warning("cell %s: the kernel did not run the grader's canary faithfully", m.get("grade_id"))
            cell.outputs.append(new_output("error", ename=INTEGRITY_ERROR, evalue=INTEGRITY_MESSAGE,
                                           traceback=[f"{INTEGRITY_ERROR}: {INTEGRITY_MESSAGE}"]))
        return cell

    cls.async_execute_cell = async_execute_cell
    cls.execute_cell = run_sync(async_execute_cell)

    # nbgrader's DeduplicateIds turns a duplicated test cell (a copied cell in
    # Jupyter) into a cell with empty nbgrader metadata, which then fails the
    # metadata schema check and fails the whole submission with a misleading
    # "old version" error. Drop the metadata instead: the copy becomes a plain
    # cell, and the original is restored from the gradebook as usual.
    from nbgrader.preprocessors import deduplicateids
    original_dedupe = deduplicateids.DeduplicateIds.preprocess_cell

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = original_dedupe(self, cell, resources, cell_index)
        if "nbgrader" in cell.get("metadata", {}) and not cell.metadata["nbgrader"]:
            del cell.metadata["nbgrader"]
        return cell, resources

    deduplicateids.DeduplicateIds.preprocess_cell = preprocess_cell


MAX_OUTPUT_CHARS = 2_000_000
INTEGRITY_ERROR = "GraderIntegrityError"
INTEGRITY_MESSAGE = ("before this test the kernel did not run the grader's own check faithfully (code in an "
                     "answer changed how the kernel runs cells or reports errors), so the test cannot be "
                     "trusted and scores 0; the submission is flagged for the instructor")
RESET_CHECKS = ("(lambda s: [s.modules.pop(k, None) for k in [k for k in list(s.modules) "
                "if k.split('.')[0] == 'workbook' and 'check' in k.split('.')[-1]]])(__import__('sys'))")
