"""Shared fixtures. Tests never touch the repository's own release/,
autograded/, submitted/ or gradebook: they build a temporary course folder."""
from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbook.course import layout as course  # noqa: E402

ASSIGNMENTS = course.assignments(REPO)
TEST_SECRET = "a fixed hidden-input secret for the test courses, 0001"


def load_answers(root: Path, assignment: str) -> dict:
    """The alternatives and wrong answers of an assignment's exercises file
    (source/<a>/exercises.py): {grade_id: {"alternatives": [...], "wrong": [code or
    {"violates": key, "code": code} (and "loses": [test cell ids] when the file says
    exactly which cells it fails)]}}, for the exercises that have any."""
    from workbook.course import exercises
    out = {}
    for gid, ex in exercises.load(root / "source" / assignment).items():
        if ex.alternatives or ex.wrong:
            out[gid] = {"alternatives": list(ex.alternatives),
                        "wrong": [w.code if w.violates is None and w.loses is None else
                                  {"violates": w.violates, "code": w.code,
                                   **({"loses": list(w.loses)} if w.loses is not None else {})}
                                  for w in ex.wrong]}
    return out


OUTPUT = REPO / "test-output"


def pytest_configure(config):
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    # `make test` runs a worker per core and one more, each running kernels and in-process walks of the
    # notebooks: one thread per math library's pool, as a grading worker's (SandboxKernelManager.threads)
    from workbook.grading.sandbox import THREAD_VARIABLES
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    # nbgrader shells out to `alembic`; kernels to `python`: this venv first
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


@pytest.fixture
def tmp_course(tmp_path):
    """A fresh course folder with every assignment's source and release."""
    root = tmp_path / "course"
    course.copy_course(REPO, root)
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    return root


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """The browser of the browser tests: WORKBOOK_CHROMIUM, Debian's chromium,
    or Playwright's own build (Ubuntu); a clear failure when there is none."""
    given = os.environ.get("WORKBOOK_CHROMIUM")
    candidates = [given] if given else ["/usr/bin/chromium", shutil.which("chromium")]
    if not given:
        try:
            from playwright.sync_api import sync_playwright
            with sync_playwright() as p:
                candidates.append(p.chromium.executable_path)
        except Exception:  # no Playwright browser downloaded
            pass
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    pytest.fail("Chromium not found: `scripts/system-packages test` installs it (Debian: `sudo apt-get install "
                "chromium`; Ubuntu: `python -m playwright install --with-deps chromium`), or set WORKBOOK_CHROMIUM "
                "to its path.", pytrace=False)


# Tests that act as other Unix users (the non-root grader, the exchange's
# students) share this group, so that they never change /root's mode at once.
UNIX_USERS = pytest.mark.xdist_group("unix-users")


def let_others_traverse(*paths: Path):
    """Let other users reach this Python install (it may sit under /root,
    mode 700); returns the function that restores the modes."""
    changed = []
    for p in paths:
        for d in [p, *p.parents]:
            try:
                mode = d.stat().st_mode
            except OSError:
                continue
            if not mode & stat.S_IXOTH:
                os.chmod(d, mode | stat.S_IXOTH)
                changed.append((d, mode))

    def restore():
        for d, mode in reversed(changed):
            os.chmod(d, mode)
    return restore
