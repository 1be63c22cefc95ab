"""Where things are in a course folder, and running nbgrader's own commands."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


def course_root(start: str | Path | None = None) -> Path:
    """The course folder: the nearest folder holding nbgrader_config.py, from
    `start` (default: the working directory) upwards; else the repository."""
    here = Path(start or os.getcwd()).resolve()
    for d in [here, *here.parents]:
        if (d / "nbgrader_config.py").exists() and (d / "source").is_dir():
            return d
    return REPO_ROOT


def assignments(root: Path, where: str = "source") -> list[str]:
    d = root / where
    if not d.is_dir():
        return []
    return sorted(p.name for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and any(p.glob("*.ipynb")))


def notebooks(root: Path, assignment: str, where: str = "source") -> list[Path]:
    return sorted((root / where / assignment).glob("*.ipynb"))


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
    full_env = tool_env(env)
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=full_env, timeout=timeout)
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
    shutil.copy(src / "nbgrader_config.py", dst / "nbgrader_config.py")
    names = assignments_ or assignments(src)
    for a in names:
        shutil.copytree(src / "source" / a, dst / "source" / a, dirs_exist_ok=True)
        if with_release and (src / "release" / a).is_dir():
            shutil.copytree(src / "release" / a, dst / "release" / a, dirs_exist_ok=True)
    return dst
