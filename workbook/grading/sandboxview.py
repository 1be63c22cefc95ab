"""What a sandbox sees and how it is started: the bubblewrap command line
(``bwrap_args``), its view of the system (the read-only roots, a few files
of /etc as one folder, ``etc_view``; /proc, or a minimal one where a
container masks it, ``proc_args``), the public data it may read
(``public_cache``), its environment (``sandbox_env``, ``zygote_env``) and the
check that it can start here at all (``preflight``). The kernel manager that
runs it is ``sandbox``.
"""
from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from . import connection

log = logging.getLogger("workbook.sandbox")


class SandboxError(RuntimeError):
    pass


# what the kernel may see of /etc (read-only): the loader, users, time zone,
# fonts, `alternatives` (awk, etc.) and the shell's defaults
ETC_FILES = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "passwd", "group", "nsswitch.conf", "localtime",
             "timezone", "fonts", "alternatives", "bash.bashrc", "profile", "inputrc", "mime.types",
             "matplotlibrc", "magic", "protocols", "services"]
# and Debian's Java runtime's own configuration (09's Spark): its lib/jvm.cfg and conf/security are links into
# /etc/java-<N>-openjdk
ETC_GLOBS = ["java-*-openjdk"]
# the sandbox's own /etc/hosts: localhost and its hostname are the loopback (never the machine's hosts file)
HOSTS = Path(__file__).with_name("hosts.txt")


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


CACHE_BUDGET = 64 * 2**20   # bytes of the data cache copied into each sandbox
WORK = "/tmp/work"
HOME = "/tmp/home"
SEED = "/run/wb-seed"


def host_cache_dir() -> str:
    return os.environ.get("WORKBOOK_DATA") or os.path.join(tempfile.gettempdir(), f"daon-workbook-{os.getuid()}")


def matplotlib_font_list(cache_dir: str) -> str | None:
    """matplotlib's list of this machine's fonts (the ``fontlist-v<N>.json`` it writes in its cache folder
    after scanning the fonts), built in ``cache_dir`` when missing: about a second, once per matplotlib
    version. A sandbox's MPLCONFIGDIR is a fresh folder, so without it every kernel that imports pyplot
    scans the fonts again (0.25 s, and a run of fc-list); the sandbox sees the same fonts (/usr, /etc/fonts
    and matplotlib's own, read-only), and a font that is gone makes matplotlib scan again. The list is
    built with an empty HOME (no user's fonts). None without matplotlib, or when the build fails."""
    import shutil
    from importlib import metadata
    try:
        version = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return None
    folder = os.path.join(cache_dir, f"matplotlib-{version}")

    def found() -> str | None:
        try:
            names = sorted(n for n in os.listdir(folder) if n.startswith("fontlist-") and n.endswith(".json"))
        except OSError:
            return None
        path = os.path.join(folder, names[-1]) if names else None
        return path if path and stat.S_ISREG(os.lstat(path).st_mode) else None

    if (path := found()) is not None:
        return path
    try:
        os.makedirs(cache_dir, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".matplotlib-", dir=cache_dir)
    except OSError:
        return None
    try:
        env = {"PATH": os.environ.get("PATH", os.defpath), "HOME": tmp, "MPLCONFIGDIR": tmp, "MPLBACKEND": "Agg"}
        subprocess.run([sys.executable, "-s", "-c", "import matplotlib.font_manager"], env=env, cwd=tmp,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120, check=False)
        if any(n.startswith("fontlist-") for n in os.listdir(tmp)):
            try:
                os.rename(tmp, folder)   # another grader may have built it meanwhile: theirs stays
            except OSError:
                pass
    except (OSError, subprocess.SubprocessError):
        pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return found()


def public_data(cache_dir: str) -> None:
    """The public seeds' files built in the host's cache ``cache_dir`` when
    missing (``workbook.data.ensure_public_files``), so that every kernel
    finds them bound instead of building them in its own /tmp. A cache the
    grader cannot write only leaves each kernel to build what it reads."""
    from ..data import ensure_public_files
    try:
        ensure_public_files(Path(cache_dir))
    except OSError as e:
        log.warning("the public data could not be built in %s (%s)", cache_dir, e)


def public_cache(cache_src: str | None) -> list[tuple[str, str]]:
    """(name, host path) of the files of the host's data cache a sandbox
    gets: those a notebook's own run reads (``workbook.data.public_cache_files``,
    the public seeds), when they are regular files (never a link), and nothing
    else: no file of a hidden seed, no folder (the judge's, playgrounds), no
    secret. Each is bound on its own, read-only, so the rest of the cache is
    not in the sandbox at all."""
    from ..data import public_cache_files
    out = []
    if not cache_src:
        return out
    for name in public_cache_files():
        path = os.path.join(cache_src, name)
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                out.append((name, path))
        except OSError:
            pass
    return out


# ------------------------------------------------------------ /proc in a container
# A container runtime masks parts of /proc (/proc/kcore, /proc/keys, a read-only
# /proc/sys...). The kernel then refuses a fresh proc mount to an unprivileged
# user namespace ("mount_too_revealing"), so bubblewrap's --proc fails in an
# ordinary Kubernetes pod: "Can't mount proc on /newroot/proc: Operation not
# permitted". There the sandbox gets a /proc of its own making instead: an
# empty tmpfs with the system-wide files a kernel reads (never a process's own
# files: the kernel sees no other process, its own included).
PROC_FILES = ["cpuinfo", "meminfo", "stat", "loadavg", "uptime", "version"]
MASKED_PROC = ("this machine's /proc is masked (a container runtime hides parts of it), so the sandbox cannot "
               "mount a /proc of its own: its kernels get a minimal one (no process list: `ps` and /proc/self "
               "do not work inside). For the full sandbox, let the grader's pod mount /proc: "
               "securityContext.procMount: Unmasked (Kubernetes 1.33+, with hostUsers: false), see "
               "docs/jupyterhub.md.")
_proc_mode: dict[str, str] = {}


def proc_mode() -> str:
    """'mount' where bubblewrap can mount a fresh /proc, 'masked' where the
    machine's /proc is masked (a pod), found out once per process."""
    if "mode" not in _proc_mode:
        _proc_mode["mode"] = _probe_proc()
    return _proc_mode["mode"]


def _probe_proc() -> str:
    from .sandbox import bwrap_path
    bwrap = bwrap_path()
    if not bwrap:
        return "mount"
    try:
        r = subprocess.run([bwrap, "--unshare-pid", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                            "true"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "mount"
    err = r.stderr.decode(errors="replace")
    return "masked" if r.returncode != 0 and "mount proc" in err else "mount"


def proc_args(mode: str | None = None) -> list[str]:
    if (mode or proc_mode()) == "mount":
        # the kernel's settings read-only: a sandbox's processes are root on the host when the grader is, and
        # bubblewrap leaves /proc/sys writable then (it asks access(2), which says no for /proc/sys even to
        # root): a jail wrote kernel.poweroff_cmd, which a later kernel read back, and kernel.core_pattern
        # runs a program as the host's root
        return ["--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys"]
    args = ["--tmpfs", "/proc"]
    for name in PROC_FILES:
        if os.path.isfile(f"/proc/{name}"):
            args += ["--ro-bind", f"/proc/{name}", f"/proc/{name}"]
    return args + ["--remount-ro", "/proc"]


def explain_failure(stderr: str) -> str:
    """Why bubblewrap could not start a sandbox, and what fixes it."""
    err = stderr.strip().splitlines()[-1] if stderr.strip() else "(no message)"
    if "mount proc" in stderr:
        cause = ("it cannot mount /proc: this machine's /proc is masked (a container). Leave "
                 "SandboxKernelManager.proc at 'auto' (the sandbox then makes a minimal /proc), or let the pod "
                 "mount /proc: securityContext.procMount: Unmasked with hostUsers: false")
    elif any(k in stderr for k in ("new namespace", "uid map", "setting up uid", "unshare", "Creating new namespace")):
        cause = ("this user may not create user namespaces, which bubblewrap needs without root. On Ubuntu 23.10+ "
                 "AppArmor restricts them (an AppArmor profile for bwrap, or sysctl "
                 "kernel.apparmor_restrict_unprivileged_userns=0); on other machines sysctl "
                 "user.max_user_namespaces must be above 0; in a Kubernetes pod use the runtime's default seccomp "
                 "profile or Unconfined (some profiles block unshare) and allow unprivileged user namespaces on "
                 "the node")
    elif "Operation not permitted" in stderr or "Permission denied" in stderr:
        cause = ("the kernel refused an operation bubblewrap needs (a seccomp or AppArmor profile, or a "
                 "read-only system); docs/jupyterhub.md lists the pod settings the grader needs")
    else:
        cause = "see its message"
    return f"the sandbox cannot start here: bubblewrap says {err!r}: {cause}."


def preflight(mode: str = "auto") -> None:
    """Start one empty sandbox (the system view every kernel and jail gets);
    SandboxError with the cause and the fix when it cannot, before any
    student is graded."""
    from .sandbox import check_available
    bwrap = check_available()
    view = _system_view(None if mode == "auto" else mode)
    try:
        r = subprocess.run([bwrap, *view, "--", "/usr/bin/true"], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise SandboxError("the sandbox cannot start here: bubblewrap did not start in 60 s") from None
    if r.returncode != 0:
        raise SandboxError(explain_failure(r.stderr.decode(errors="replace")))


def _system_view(mode: str | None = None) -> list[str]:
    """bubblewrap's arguments every sandbox starts with: its own namespaces
    (no network), and the system read-only (/usr, the /bin and /lib links,
    the files of /etc in ETC_FILES and ETC_GLOBS with HOSTS as /etc/hosts, a
    fresh /proc, or a minimal one in a container that masks /proc, and
    /dev). /etc is ``etc_view``'s folder, one mount, or else each of those
    files bound on its own."""
    args = ["--die-with-parent", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib32", "lib64", "libx32", "sbin"):
        p = Path("/") / name
        if p.is_symlink():
            args += ["--symlink", os.readlink(p), str(p)]
        elif p.is_dir():
            args += ["--ro-bind", str(p), str(p)]
    view = etc_view()
    if view is not None:
        args += ["--ro-bind", view, "/etc"]
    else:
        for name, p in etc_sources():
            args += ["--ro-bind", str(p), f"/etc/{name}"]
    return args + proc_args(mode) + ["--dev", "/dev"]


ETC = Path("/etc")


def etc_sources() -> list[tuple[str, Path]]:
    """What a sandbox sees of /etc: (its name there, the host's file or
    folder), HOSTS as hosts."""
    out = [(name, ETC / name) for name in ETC_FILES if (ETC / name).exists()]
    for pattern in ETC_GLOBS:
        out += [(p.name, p) for p in sorted(ETC.glob(pattern)) if p.is_dir() and not p.is_symlink()]
    return out + [("hosts", HOSTS)]


_ETC_VIEWS: dict[tuple, str] = {}


def etc_view() -> str | None:
    """A folder of copies of ``etc_sources`` (a link at their top followed,
    as a bind mount follows it; links inside kept), bound as the sandbox's
    /etc in one mount instead of one per file: bubblewrap took 6.7 ms with
    twenty mounts and 4.2 ms with one, and a selfgrade of 06 starts a hundred
    jails. Made once per content in ``host_cache_dir()``-etc (a folder of
    this user's, closed to others) under a digest of every file's metadata,
    so that a changed /etc (a package installed: ld.so.cache) gets a view of
    its own; remembered in this process while the sources' own metadata is
    unchanged. None when it cannot be made or the folder is not this user's
    alone: each file is then bound on its own."""
    sources = etc_sources()
    try:
        quick = tuple((name, _meta(os.stat(p))) for name, p in sources)
    except OSError:
        return None
    view = _ETC_VIEWS.get(quick)
    if view is not None and os.path.isdir(view):
        return view
    try:
        view = _make_etc_view(sources)
    except OSError as e:
        log.debug("no /etc view (%s): each file is bound on its own", e)
        return None
    if view is not None:
        _ETC_VIEWS.clear()
        _ETC_VIEWS[quick] = view
    return view


def _meta(st: os.stat_result) -> tuple:
    return st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev


def _make_etc_view(sources: list[tuple[str, Path]]) -> str | None:
    import hashlib
    digest = hashlib.sha256()
    for name, p in sources:
        digest.update(repr((name, _meta(os.stat(p)))).encode())
        if p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames.sort()
                for entry in sorted(dirnames + filenames):
                    full = os.path.join(dirpath, entry)
                    st = os.lstat(full)
                    link = os.readlink(full) if stat.S_ISLNK(st.st_mode) else ""
                    digest.update(repr((os.path.relpath(full, p), _meta(st), link)).encode())
    base = Path(host_cache_dir() + "-etc")
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = os.lstat(base)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        log.warning("%s is not this user's alone: each file of /etc is bound on its own", base)
        return None
    view = base / f"etc-{digest.hexdigest()[:20]}"
    if view.is_dir():
        return str(view)
    tmp = Path(tempfile.mkdtemp(prefix=".etc-", dir=base))
    try:
        os.chmod(tmp, 0o755)
        for name, p in sources:
            if p.is_dir():
                shutil.copytree(p, tmp / name, symlinks=True)
            else:
                shutil.copy2(p, tmp / name)
        try:
            os.rename(tmp, view)
        except OSError:   # another process made it meanwhile
            if not view.is_dir():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return str(view)


SPARK_CLASSES = "/run/wb-spark-classes.jsa"
"""Where a kernel's sandbox holds Spark's class archive (workbook/student/spark.py), read-only."""


def bwrap_args(work_src: str | None, conn_dir: str, disk: int, cache_src: str | None = None,
               proc: str | None = None, shm: int = 64 << 20, spark_classes: str | None = None,
               font_list: str | None = None, threads: int = 0) -> list[str]:
    """bubblewrap's arguments for one kernel (see the module docstring): ``conn_dir``, the host's folder of
    its connection file, read-only at the same path, and the mount point of its connection folder
    (``connection.SOCKETS``, a folder of the read-only root until the grader mounts its tmpfs there);
    ``disk`` bytes at /tmp and ``shm`` at /dev/shm (0: no size of bubblewrap's own, the machine's default
    for a tmpfs, half its memory; their inode caps come later, ``connection.mount``);
    ``spark_classes``, the host's class archive for Spark's JVM, and ``font_list``, the host's matplotlib
    font list (``matplotlib_font_list``), bound read-only; ``threads``, the threads of each math library's
    pool (``THREAD_VARIABLES``; 0: as the environment says)."""
    args = _system_view(proc)
    args += (["--size", str(shm)] if shm > 0 else []) + ["--tmpfs", "/dev/shm"]
    args += (["--size", str(disk)] if disk > 0 else []) + ["--tmpfs", "/tmp"]
    for r in read_only_roots():
        args += ["--ro-bind", r, r]
    if work_src:
        args += ["--ro-bind", work_src, SEED + "/work"]
    for name, path in public_cache(cache_src):
        args += ["--ro-bind", path, f"{SEED}/cache/{name}"]
    if spark_classes:
        args += ["--ro-bind", spark_classes, SPARK_CLASSES, "--setenv", "WORKBOOK_SPARK_CLASSES", SPARK_CLASSES]
    if font_list:
        args += ["--ro-bind", font_list, f"{SEED}/matplotlib/{os.path.basename(font_list)}"]
    args += ["--ro-bind", conn_dir, conn_dir, "--dir", connection.SOCKETS]
    # JPY_PARENT_PID=1: ipykernel then neither polls its parent (bwrap is PID 1 in the sandbox) nor prints
    # its "NOTE: When using the `ipython kernel` entry point..." banner as a standalone kernel would
    args += ["--remount-ro", "/dev", "--remount-ro", "/", "--cap-drop", "ALL", "--chdir", "/tmp",
             "--setenv", "JPY_PARENT_PID", "1", "--unsetenv", "WORKBOOK_DATA",
             "--setenv", "HOME", HOME, "--setenv", "TMPDIR", "/tmp",
             "--setenv", "MPLCONFIGDIR", HOME + "/.config/matplotlib", "--setenv", "MPLBACKEND", "Agg",
             "--setenv", "IPYTHONDIR", HOME + "/.ipython", "--setenv", "WORKBOOK_SANDBOXED", "1",
             # no network here: MLflow's telemetry would only write an installation id in HOME at its import
             # (in the zygote's imports, on the host's disk)
             "--setenv", "MLFLOW_DISABLE_TELEMETRY", "true"]
    for name in SET_BY_IMPORTS:
        args += ["--unsetenv", name]
    if threads > 0:
        for name in THREAD_VARIABLES:
            args += ["--setenv", name, str(threads)]
    return args


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
"""The variables that size the thread pools of OpenMP (torch, scikit-learn), OpenBLAS (numpy, scipy) and MKL
(torch's CPU build): read once, when the library loads (in the zygote, before any kernel forks from it)."""


# what the zygote may import for a kernel (``SandboxKernelManager.preload``); not matplotlib: its import
# settles its config and cache folders from the environment and the disk it finds (it makes them on the disk
# it finds: the zygote's is the host's), nor shap, which imports matplotlib
PRELOAD = ("numpy", "pandas", "torch", "sklearn", "scipy", "sqlite3", "fastapi", "pydantic", "uvicorn", "mlflow",
           "requests", "httpx", "ipywidgets", "pyspark", "mlxtend")

# modules a notebook's import does not import but its first use does, imported with it by the zygote when
# ``preload`` allows their package (measured on the graded solutions: what a kernel imported after its
# fork): torch's optimizers import torch._dynamo (1.1 s; it sets TORCHINDUCTOR_CACHE_DIR, which a kernel
# gets as it gets any import's environment, and makes that folder in the kernel's TMPDIR: an empty folder
# the kernel makes again in its own /tmp when it compiles) and the first backward pass sympy's symbolic
# shapes; a hint button imports ipywidgets. pandas comes with numpy (its own import) and sqlite3 (read_sql's,
# on a SQLite connection: a few ms of the standard library): the assignments that import pandas, with or
# without numpy or sqlite3 (00, 02, 04, 05), then have one set of imports, and a worker one zygote for them.
# MLflow's first SQLite store imports its SQLAlchemy stores, SQLAlchemy and alembic (0.7 s in every kernel of 07)
PRELOAD_WITH = {"torch": ("torch._dynamo", "torch.fx.experimental.symbolic_shapes"),
                "pandas": ("numpy", "sqlite3"),
                "mlflow": ("mlflow.store.tracking.sqlalchemy_store", "mlflow.store.model_registry.sqlalchemy_store"),
                "workbook.student.hints": ("ipywidgets",)}


# what the course's libraries put in the environment of the process that imports them: the grading process
# imports them too (the judge: torch._dynamo, mlflow, sklearn), after its first kernel started. Passed on, they
# made the next kernels' environment differ from the first's, and so a second zygote (5 CPU-s a run) and a host
# path (torch's cache folder) in the kernel; the kernel's own imports set them again for itself
SET_BY_IMPORTS = ("TORCHINDUCTOR_CACHE_DIR", "_MLFLOW_TELEMETRY_SESSION_ID", "KMP_DUPLICATE_LIB_OK", "KMP_INIT_AT_FORK")


def sandbox_env(env, view: list[str]) -> dict[str, str]:
    """The environment a process started by bubblewrap with ``view`` (its
    arguments) gets from ``env``: with its --setenv, --unsetenv and the PWD
    of its --chdir."""
    out = dict(env)
    i = 0
    while i < len(view):
        if view[i] == "--setenv":
            out[view[i + 1]] = view[i + 2]
            i += 3
            continue
        if view[i] == "--chdir":   # bubblewrap sets PWD to it
            out["PWD"] = view[i + 1]
            i += 2
            continue
        if view[i] == "--unsetenv":
            out.pop(view[i + 1], None)
            i += 2
            continue
        i += 1
    return out


def zygote_env(kernel_env: dict[str, str]) -> dict[str, str]:
    """The environment of the zygote a kernel with ``kernel_env`` comes from
    (its key, with its imports): the kernel's, but for jupyter_client's
    session name, which names each kernel."""
    return {k: v for k, v in kernel_env.items() if not k.startswith("JPY_SESSION")}
