"""Deterministic data generators for the Daon Market (다온마켓) case.

Everything a notebook reads is generated here from a seed; nothing is
downloaded. Files go to a per-user cache folder (``WORKBOOK_DATA`` overrides
it) so that a notebook never writes next to itself.

The judge writes the data of its hidden tests (hidden seeds) in a folder of
its own, ``judge_cache_dir()``: next to the cache, never inside it, and
readable by its owner only. A sandboxed kernel gets from the host's cache
only the files of ``public_cache_files()``."""
from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from pathlib import Path

#: the seeds of the data a notebook's own run reads (the release notebooks and
#: the visible tests): the files of these seeds are the only ones of the host's
#: cache that the grader's sandbox copies in (anything else a notebook needs, it
#: generates inside the sandbox)
PUBLIC_SEEDS = (0,)

#: what the judge's folder adds to the cache folder's name
JUDGE_SUFFIX = "-judge"
#: the environment variable that puts the judge's folder elsewhere (a Dask worker's own, ``worker.grade_bundle``)
JUDGE_DATA = "WORKBOOK_JUDGE_DATA"
#: the variable that gives a Dask worker's grading process the folder it makes its own judge's folder in
#: (``worker.judge_folder``), which it then names in ``JUDGE_DATA``
JUDGE_BASE = "WORKBOOK_JUDGE_BASE"


#: the folder the generators write to in this context (``writing_to``), before the environment's
_FOLDER: contextvars.ContextVar[Path | None] = contextvars.ContextVar("workbook_data_folder", default=None)


def _cache_path() -> Path:
    override = _FOLDER.get()
    if override is not None:
        return override
    return Path(os.environ.get("WORKBOOK_DATA") or Path(tempfile.gettempdir()) / f"daon-workbook-{os.getuid()}")


@contextlib.contextmanager
def writing_to(folder: Path):
    """The generators write to ``folder`` in this context (the judge: its own
    folder), and only in it: nothing process-wide changes."""
    token = _FOLDER.set(Path(folder))
    try:
        yield
    finally:
        _FOLDER.reset(token)


def cache_dir() -> Path:
    d = _cache_path()
    d.mkdir(parents=True, exist_ok=True)
    return d


def judge_cache_dir() -> Path:
    """Where the judge's generators write (the data of hidden seeds): a folder
    next to the cache (``<cache>-judge``), never inside it, so that nothing
    that hands out the cache (the grader's sandbox) can hand it out; readable
    by its owner only. While the judge runs (``writing_to`` this folder) it
    is this folder again."""
    base = _cache_path()
    d = base if base.name.endswith(JUDGE_SUFFIX) else base.with_name(base.name + JUDGE_SUFFIX)
    if os.environ.get(JUDGE_DATA) and _FOLDER.get() is None:   # a Dask worker's: removed when it ends
        d = Path(os.environ[JUDGE_DATA])
    d.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(d, 0o700)
    return d


def judge_is_writing() -> bool:
    """Whether the generators write to the judge's folder here (``writing_to``
    it): a hidden seed's data may then be kept on disk, where no sandbox
    looks."""
    return _cache_path().name.endswith(JUDGE_SUFFIX)


def public_cache_files() -> list[str]:
    """The names of the cache files a notebook's own run reads: each caching
    generator's file for each of ``PUBLIC_SEEDS`` (``orientation``'s
    daily_orders_<seed>.csv, ``shop``'s database), and the empty MLflow
    database 07's stores are copied from (``mlflowstore``: no data at all).
    The grader's sandbox binds these files of the host's cache, and nothing
    else of it."""
    from . import mlflowstore, shop
    names = []
    for seed in PUBLIC_SEEDS:
        names += [f"daily_orders_{int(seed)}.csv",   # orientation.write_daily_orders
                  shop.db_path(seed).name]
    return names + [mlflowstore.empty_db_path().name]


def ensure_public_files(folder: Path) -> list[Path]:
    """Build in ``folder`` (the host's cache) the files of
    ``public_cache_files()`` that are missing, and return their paths. The
    grader's sandbox binds them, so a kernel finds them ready instead of
    building them in its own /tmp (02's shop database: 0.5 s of CPU in
    every kernel of 02 and 03); built once per cache folder and package
    version (each file is written to a temporary name and renamed, so two
    graders building at once are safe). Public data only: the seeds a
    notebook's own run reads, and the empty MLflow database (07: its
    migrations cost 0.7 s of CPU in every kernel otherwise)."""
    from . import mlflowstore, orientation, shop
    folder = Path(folder)
    with writing_to(folder):
        for seed in PUBLIC_SEEDS:
            if not (folder / f"daily_orders_{int(seed)}.csv").is_file():
                orientation.write_daily_orders(seed, folder=cache_dir())
            if not shop.db_path(seed).is_file():
                shop.build_db(seed)
        if not mlflowstore.empty_db_path().is_file():
            mlflowstore.empty_db()
    return [folder / name for name in public_cache_files()]


@contextlib.contextmanager
def building(path: Path):
    """While ``path`` is built: one builder at a time, across processes and
    threads (an exclusive lock on a hidden lock file next to it, removed
    once the builder is done). The builder checks again, holding the lock,
    whether ``path`` is there now: whoever waited finds the first builder's
    file instead of building it again (two grading workers that start 02 at
    the same time needed its hidden shop at the same moment, and each built
    it: 0.5 s of CPU twice). The file itself is still written to a
    temporary name and renamed. Where no lock file can be made (a read-only
    folder) or the file system has no locks, the build goes on without one.
    The cache may be a volume several machines share (``WORKBOOK_DATA``): a
    file is then built once for all of them."""
    import fcntl
    lock = Path(path).with_name(f".{Path(path).name}.lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:   # a file system without locks (ENOLCK: some network volumes): built without one
            pass
        yield
    finally:
        # removed while still held: whoever opened it before waits for this lock and then finds the file;
        # whoever comes after finds the file before looking for a lock
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def prune_playgrounds(root: Path, prefix: str) -> None:
    """Remove the playground folders ``<prefix>-*-pid<N>`` under ``root``
    left by kernels (process N) that have exited."""
    import shutil
    for d in root.glob(f"{prefix}-*-pid*"):
        try:
            pid = int(d.name.rsplit("-pid", 1)[1])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(d, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
