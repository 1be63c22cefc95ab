"""Shared fixtures. Tests never touch the repository's own release/,
autograded/, submitted/ or gradebook: they build a temporary course folder."""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
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
    exactly which cells it fails, "shows": a part of its message when the file names one)]}}, for the
    exercises that have any."""
    from workbook.course import exercises
    out = {}
    for gid, ex in exercises.load(root / "source" / assignment).items():
        if ex.alternatives or ex.wrong:
            out[gid] = {"alternatives": list(ex.alternatives),
                        "wrong": [w.code if w.violates is None and w.loses is None and w.shows is None else
                                  {"violates": w.violates, "code": w.code,
                                   **({"loses": list(w.loses)} if w.loses is not None else {}),
                                   **({"shows": w.shows} if w.shows is not None else {})}
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


def fresh_course(root: Path, assignments: list[str] | None = None) -> Path:
    """A fresh course folder at ``root`` with the source and release of the
    given assignments (all of them by default) and the test secret."""
    course.copy_course(REPO, root, assignments)
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    return root


@pytest.fixture
def tmp_course(tmp_path):
    """A fresh course folder with every assignment's source and release."""
    return fresh_course(tmp_path / "course")


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


# ------------------------------------------------------------ what a grading run leaves behind
def process_tree(pid: int) -> list[int]:
    """``pid``'s descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def run_leftovers(parent: int, pids: list[int], wait: float = 20.0) -> list[str]:
    """What the grading run of process ``parent`` (whose processes were
    ``pids``) left, after ``wait`` seconds at most: live processes, kernels'
    connection folders and cgroups of those processes, the run's folders."""
    import time

    from workbook.grading import limits, sandbox
    from workbook.grading.engines import RUN_PREFIX

    def found() -> list[str]:
        left = [f"process {p} ({Path(f'/proc/{p}/cmdline').read_bytes()[:80]!r})" for p in pids if alive(p)]
        for p in [parent, *pids]:
            left += [str(d) for d in Path(sandbox._ipc_base()).glob(f"{sandbox.SANDBOX_PREFIX}{p}-*")]
            for base in limits.sweep_bases():
                left += [str(d) for d in Path(base).glob(f"wb-[kj]{p}-*")]
        for base in {"/dev/shm", "/tmp"}:
            left += [str(d) for d in Path(base).glob(f"{RUN_PREFIX}{parent}-*")]
        return left
    end = time.monotonic() + wait
    while (left := found()) and time.monotonic() < end:
        time.sleep(0.5)
    return left


# ------------------------------------------------------------ a PostgreSQL server
@contextlib.contextmanager
def postgres():
    """A PostgreSQL server started here (a folder and a socket of its own),
    with a database ``gradebook``: yields (its URL, a function that stops it)."""
    pg = Path("/usr/lib/postgresql")
    bins = sorted(pg.glob("*/bin")) if pg.is_dir() else []
    if not bins:
        pytest.fail("PostgreSQL is not installed: apt-get install postgresql (make test installs it)", pytrace=False)
    bindir = bins[-1]
    import tempfile
    pgroot = Path(tempfile.mkdtemp(prefix="wb-pg-"))   # a folder the server's own user can reach
    data, sock = pgroot / "data", pgroot / "sock"
    sock.mkdir()
    user = "postgres"
    run_as = ["runuser", "-u", user, "--"] if os.getuid() == 0 else []
    if run_as:
        os.chmod(pgroot, 0o755)
        shutil.chown(pgroot, user)
        shutil.chown(sock, user)
    subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "grader",
                    "-E", "UTF8", "--locale=C"],   # UTF-8 whatever this machine's LANG (SQL_ASCII without one)
                   check=True, capture_output=True)
    port = 54000 + os.getpid() % 1000

    def stop():
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
    subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-o",
                    f"-k {sock} -p {port} -c listen_addresses=''", "-l", str(pgroot / "pg.log"), "start"],
                   check=True, capture_output=True)
    try:
        subprocess.run([*run_as, str(bindir.parent / "bin" / "createdb"), "-h", str(sock), "-p", str(port),
                        "-U", "grader", "gradebook"], check=True, capture_output=True)
        yield f"postgresql+psycopg2://grader@/gradebook?host={sock}&port={port}", stop
    finally:
        stop()
        shutil.rmtree(pgroot, ignore_errors=True)


def solution_points(assignment: str) -> tuple[float, float]:
    """(autograded, all) points of an assignment's source: what its solution scores before a person grades its
    written answers, and out of what (the figures a run prints, "15 / 17")."""
    from workbook.course import layout as course
    from workbook.course import nb as nbm
    cells = [c for p in course.notebooks(REPO, assignment) for c in nbm.read(p).cells]
    manual = {nbm.meta(c)["grade_id"] for c in cells if nbm.kind(c) == "manual"}
    points = {nbm.meta(c)["grade_id"]: nbm.meta(c).get("points", 0) for c in cells if nbm.kind(c) in ("tests", "manual")}
    return sum(v for k, v in points.items() if k not in manual), sum(points.values())
