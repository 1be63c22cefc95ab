"""A course folder: where things are, and its configuration, read one way.

The configuration is nbgrader's own: ``nbgrader_config.py`` files found by
nbgrader (Jupyter's config folders, then the course root), then options given
on the command line as traitlets (``--CourseDirectory.db_url=...``), layered
in that order by nbgrader's application loader. Paths come from nbgrader's
``CourseDirectory`` (``root``, ``source_directory``, ``submitted_directory``,
``directory_structure``...), so a course laid out as nbgrader allows works
here too. Nothing reads the file with regular expressions or ``exec``, and no
environment variable overrides it.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = PACKAGE_DIR.parent
CONFIG_FILE = "nbgrader_config.py"


class CourseError(RuntimeError):
    """The folder is not a course, or its configuration cannot be read."""


@contextlib.contextmanager
def _chdir(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def find_root(start: str | Path | None = None) -> Path:
    """The course folder: ``start`` (default: the working directory) or the
    nearest folder above it holding nbgrader_config.py. No fallback: a folder
    that is not in a course is an error that says so."""
    here = Path(start or os.getcwd()).resolve()
    if start is not None:
        if not (here / CONFIG_FILE).is_file():
            raise CourseError(f"{here} is not an nbgrader course: it has no {CONFIG_FILE}")
        return here
    for d in [here, *here.parents]:
        if (d / CONFIG_FILE).is_file():
            return d
    raise CourseError(f"no {CONFIG_FILE} in {here} or above it: run from a course folder or give --root")


def load_config(root: Path, argv: list[str] | tuple = ()):
    """nbgrader's configuration of the course at ``root``, with ``argv``
    (traitlets options such as ``--CourseDirectory.db_url=...``) on top."""
    from nbgrader.apps.baseapp import NbGrader

    class _Loader(NbGrader):
        """nbgrader's base application, used only to load the configuration."""
        name = "workbook"

    saved_path = list(sys.path)
    try:
        with _chdir(root):
            app = _Loader()
            try:
                app.initialize(list(argv))
            except SystemExit as e:
                raise CourseError(f"cannot read the nbgrader configuration of {root}: exit {e.code}") from None
            except Exception as e:
                raise CourseError(f"cannot read {root / CONFIG_FILE}: {type(e).__name__}: {e}") from None
            cfg = app.config
    finally:
        sys.path[:] = saved_path
        _Loader.clear_instance()
    if "root" not in cfg.CourseDirectory:
        cfg.CourseDirectory.root = str(root)
    return cfg


@dataclass
class Course:
    """A course folder and its configuration (see the module docstring)."""

    root: Path
    config: object = field(repr=False)

    @classmethod
    def load(cls, root: str | Path | None = None, argv: list[str] | tuple = ()) -> "Course":
        """The course at ``root`` (or found from the working directory). The
        course's own nbgrader_config.py or ``argv`` may move its root
        (``CourseDirectory.root``); a root that only a user-level or
        system-wide file sets (``~/.jupyter/nbgrader_config.py``, which
        docs/jupyterhub.md has set to the instructor's course for the
        formgrader) does not take a command away from the folder it was
        given: no command writes outside the folder it names."""
        start = find_root(root)
        cfg = load_config(start, argv)
        real_root = Path(cfg.CourseDirectory.root).resolve()
        if real_root != start and "root" not in _file_config(start).get("CourseDirectory", {}) \
                and not any(str(a).startswith("--CourseDirectory.root=") for a in argv):
            print(f"warning: a user-level nbgrader configuration sets CourseDirectory.root = {real_root}; "
                  f"this command works on the course folder it was given, {start}", file=sys.stderr)
            cfg.CourseDirectory.root = str(start)
            real_root = start
        if real_root != start:
            cfg = load_config(real_root, argv) if (real_root / CONFIG_FILE).is_file() else cfg
        return cls(real_root, cfg)

    @cached_property
    def coursedir(self):
        from nbgrader.coursedir import CourseDirectory
        with _chdir(self.root):
            cd = CourseDirectory(config=self.config)
        return cd

    @property
    def course_id(self) -> str:
        return self.coursedir.course_id or "default_course"

    @property
    def db_url(self) -> str:
        """The gradebook (``CourseDirectory.db_url``); a relative sqlite path is
        taken relative to the course root."""
        url = self.coursedir.db_url
        m = re.match(r"^sqlite:///(?!/)(.+)$", url)
        if m and m.group(1) != ":memory:":
            return f"sqlite:///{(self.root / m.group(1)).resolve()}"
        return url

    @property
    def sqlite_path(self) -> Path | None:
        m = re.match(r"^sqlite:///(.+)$", self.db_url)
        return Path(m.group(1)) if m else None

    def setting(self, section: str, name: str, default=None):
        """A configured value (``c.Section.name``), or ``default``."""
        try:
            sec = self.config[section]
        except KeyError:
            return default
        return sec[name] if name in sec else default

    def directory(self, step: str) -> str:
        """The configured folder name of an nbgrader step ("source", "release",
        "submitted", "autograded", "feedback")."""
        return getattr(self.coursedir, f"{step}_directory")

    def path(self, step: str, student: str = ".", assignment: str = ".") -> Path:
        cd = self.coursedir
        return Path(cd.format_path(self.directory(step), student, assignment))

    def assignments(self, step: str = "source") -> list[str]:
        d = self.path(step)
        if not d.is_dir():
            return []
        return sorted(p.name for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")
                      and any(p.glob("*.ipynb")))

    def notebooks(self, assignment: str, step: str = "source") -> list[Path]:
        return sorted(self.path(step, ".", assignment).glob("*.ipynb"))

    def students(self, assignment: str) -> list[str]:
        """Students with a submission folder for ``assignment`` (as laid out by
        ``directory_structure``); entries are listed, never followed."""
        cd = self.coursedir
        pattern = cd.format_path(self.directory("submitted"), "(?P<student>[^/]+)", re.escape(assignment),
                                 escape=True)
        glob = cd.format_path(self.directory("submitted"), "*", assignment)
        out = []
        import glob as _glob
        for p in _glob.glob(glob):
            m = re.fullmatch(pattern, p)
            if m and not m.group("student").startswith("."):
                out.append(m.group("student"))
        return sorted(set(out))

    def nbgrader(self, *args: str, check: bool = True, quiet: bool = True, env: dict | None = None,
                 timeout: float | None = None) -> subprocess.CompletedProcess:
        """`nbgrader ARGS` on this course: its root on the command line, which
        no configuration file overrides."""
        if not any(a.startswith("--CourseDirectory.root=") for a in args):
            args = (*args, f"--CourseDirectory.root={self.root}")
        return nbgrader(self.root, *args, check=check, quiet=quiet, env=env, timeout=timeout)


# ------------------------------------------------------------ module helpers
def course_root(start: str | Path | None = None) -> Path:
    return find_root(start)


_FILE_CONFIGS: dict[tuple[str, float], object] = {}


def _file_config(root: Path):
    """The course's own nbgrader_config.py, as traitlets reads it (cached
    while the file is unchanged)."""
    from traitlets.config.loader import PyFileConfigLoader
    path = Path(root) / CONFIG_FILE
    try:
        key = (str(path.resolve()), path.stat().st_mtime)
    except OSError:
        return {}
    if key not in _FILE_CONFIGS:
        try:
            _FILE_CONFIGS[key] = PyFileConfigLoader(CONFIG_FILE, path=str(path.parent)).load_config()
        except Exception as e:
            raise CourseError(f"cannot read {path}: {type(e).__name__}: {e}") from None
    return _FILE_CONFIGS[key]


def directory(root: Path, step: str) -> Path:
    """The folder of an nbgrader step ("source", "release"...) of the course
    at ``root``, as its nbgrader_config.py sets it
    (``c.CourseDirectory.source_directory``...; nbgrader's default is the
    step's own name). The quick path, without importing nbgrader, for the
    student tools; ``Course.path`` is the full one (every configuration file
    and command-line options)."""
    cd = _file_config(root).get("CourseDirectory", {})
    return Path(cd.get("root", root)) / cd.get(f"{step}_directory", step)


def assignments(root: Path, where: str = "source") -> list[str]:
    d = directory(root, where)
    if not d.is_dir():
        return []
    return sorted(p.name for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and any(p.glob("*.ipynb")))


def notebooks(root: Path, assignment: str, where: str = "source") -> list[Path]:
    return sorted((directory(root, where) / assignment).glob("*.ipynb"))


def tool_env(extra: dict | None = None) -> dict:
    """The environment for nbgrader and kernels: this Python's bin folder first
    on PATH (nbgrader calls `alembic`; kernels call `python`)."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    if env.get("PATH", "").split(os.pathsep)[0] != bindir:
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    env.update(extra or {})
    return env


class NbgraderFailed(RuntimeError):
    pass


def nbgrader(root: Path, *args: str, check: bool = True, quiet: bool = True,
             env: dict | None = None, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in the course folder with this Python. nbgrader's
    own command line, so its config loading and logging are the real thing."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=tool_env(env), timeout=timeout)
    if check and proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise NbgraderFailed(f"`nbgrader {' '.join(args)}` failed (exit {proc.returncode}):\n{tail}")
    if not quiet:
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
    return proc


def copy_course(src: Path, dst: Path, assignments_: list[str] | None = None,
                with_release: bool = True) -> Path:
    """A fresh course folder (used by tests and the benchmark): config, source
    and release of the given assignments; no gradebook, no submissions."""
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / CONFIG_FILE, dst / CONFIG_FILE)
    names = assignments_ or assignments(src)
    for a in names:
        shutil.copytree(directory(src, "source") / a, directory(dst, "source") / a, dirs_exist_ok=True)
        if with_release and (directory(src, "release") / a).is_dir():
            shutil.copytree(directory(src, "release") / a, directory(dst, "release") / a, dirs_exist_ok=True)
    return dst


def write_atomically(path: Path, data: bytes | str) -> None:
    """``path`` holds ``data`` whole or is left as it was: written to a file of
    its own next to it, flushed to the disk, then renamed over it (a full
    disk leaves no empty or cut file, and nothing half-written)."""
    import tempfile
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def replace_dir(stage: Path, dest: Path) -> None:
    """``dest`` replaced by the folder ``stage`` (on the same file system) in
    one step: exchanged with it in one rename (Linux's renameat2
    RENAME_EXCHANGE; elsewhere two renames), the old one removed. Readers see
    the old folder or the new one, never a mix; ``stage`` is gone after."""
    if not dest.exists():
        os.rename(stage, dest)
        return
    if _exchange(stage, dest):
        shutil.rmtree(stage, ignore_errors=True)
        return
    old = stage.with_name(stage.name + ".old")
    os.rename(dest, old)
    os.rename(stage, dest)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically (renameat2 RENAME_EXCHANGE); False where the system cannot."""
    import ctypes
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0
