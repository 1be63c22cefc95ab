"""`workbook autograde`: nbgrader's autograde, in parallel, resumable.

Each submission is graded by nbgrader's own `autograde` command (sanitise,
restore cells from the gradebook, execute, score) in a worker process that
writes to a private copy of the gradebook. The parent is the only writer of
the course gradebook: it merges each finished submission in one transaction,
then records a state file. Killing the command at any moment therefore loses
nothing and double-counts nothing; a rerun skips submissions whose files did
not change (``--force`` regrades).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import course, integrity, release
from . import nb as nbm

STATE_DIR = ".workbook-state"


class GraderError(RuntimeError):
    """A problem that stops the whole run (shown without a traceback)."""


@dataclass
class Result:
    student: str
    assignment: str
    status: str  # graded | unchanged | failed
    score: float = 0.0
    max_score: float = 0.0
    reason: str = ""
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0


def db_url(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


def db_path(root: Path) -> Path:
    return root / "gradebook.db"


def course_id(root: Path) -> str:
    ns: dict = {}
    cfg = (root / "nbgrader_config.py").read_text()

    class _C(dict):
        def __getattr__(self, k):
            return self.setdefault(k, _C())

        def __setattr__(self, k, v):
            self[k] = v

    c = _C()
    ns["get_config"] = lambda: c
    ns["__file__"] = str(root / "nbgrader_config.py")
    try:
        exec(compile(cfg, "nbgrader_config.py", "exec"), ns)
        return c.get("CourseDirectory", {}).get("course_id", "default_course") or "default_course"
    except Exception:
        return "default_course"


def expected_notebooks(root: Path, assignment: str) -> list[str]:
    from nbgrader.api import Gradebook
    with Gradebook(db_url(root), course_id(root)) as gb:
        return sorted(n.name for n in gb.find_assignment(assignment).notebooks)


def source_fingerprint(root: Path, assignment: str) -> str:
    h = hashlib.sha256()
    for p in sorted((root / "source" / assignment).rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + p.read_bytes())
    return h.hexdigest()


def ensure_registered(root: Path, assignment: str) -> None:
    """The gradebook must know the assignment as source/ has it now (its test
    cells and points, which autograding restores from)."""
    from nbgrader.api import Gradebook, MissingEntry
    mark = root / STATE_DIR / assignment / "registered.json"
    fp = source_fingerprint(root, assignment)
    if db_path(root).exists() and mark.exists() and json.loads(mark.read_text()).get("source") == fp:
        with Gradebook(db_url(root), course_id(root)) as gb:
            try:
                if gb.find_assignment(assignment).notebooks:
                    return
            except MissingEntry:
                pass
    release.register(root, assignment)
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text(json.dumps({"source": fp}))


def submission_dir(root: Path, student: str, assignment: str) -> Path:
    return root / "submitted" / student / assignment


def list_students(root: Path, assignment: str) -> list[str]:
    d = root / "submitted"
    if not d.is_dir():
        return []
    return sorted(p.name for p in d.iterdir() if (p / assignment).is_dir() and not p.name.startswith("."))


def fingerprint(root: Path, student: str, assignment: str) -> str:
    """Changes when the submission, the source notebooks or the config change."""
    h = hashlib.sha256()
    for base in (submission_dir(root, student, assignment), root / "source" / assignment):
        for p in sorted(base.rglob("*")):
            if p.is_file() and ".ipynb_checkpoints" not in p.parts:
                h.update(str(p.relative_to(base)).encode())
                h.update(p.read_bytes())
    h.update((root / "nbgrader_config.py").read_bytes())
    return h.hexdigest()


def inspect(root: Path, student: str, assignment: str, expected: list[str]) -> tuple[str | None, list[str]]:
    """Problems that stop a submission from being graded (first) and flags
    that do not (second). Reads only; never writes into submitted/."""
    d = submission_dir(root, student, assignment)
    present = sorted(p.stem for p in d.glob("*.ipynb"))
    flags = []
    for name in expected:
        p = d / f"{name}.ipynb"
        if not p.exists():
            flags.append(f"missing notebook {name}.ipynb (scored 0)")
            continue
        try:
            sub_nb = nbm.read(p)
        except nbm.NotebookError as e:
            rel = os.path.relpath(str(e).split(": ", 1)[0], root) if str(e).startswith("/") else str(e)
            return f"{rel}: {str(e).split(': ', 1)[1]}", flags
        flags += integrity.inspect_notebook(root / "release" / assignment / f"{name}.ipynb", sub_nb, name)
    for name in present:
        if name not in expected:
            flags.append(f"unexpected notebook {name}.ipynb (renamed?) not graded")
    if not any((d / f"{n}.ipynb").exists() for n in expected):
        return "no notebook of this assignment was submitted (" + ", ".join(f"{n}.ipynb" for n in expected) + ")", flags
    return None, flags


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Worker:
    """A long-lived grading process (``python -m workbook.grader --worker``)
    that runs nbgrader's AutogradeApp in-process for one submission after
    another, so nbgrader's start-up (imports, config) is paid once per worker,
    not once per submission. It reads one JSON request per line on stdin and
    answers one JSON line; nbgrader's log goes to each submission's log file.
    A worker that overruns the time limit or dies is killed with its kernels
    (its own process group) and replaced."""

    def __init__(self, root: Path, assignment: str, extra_args: list[str], env: dict):
        self.cmd = [sys.executable, "-m", "workbook.grader", "--worker", str(root), assignment, *extra_args]
        self.root, self.env = root, course.tool_env(env)
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.cmd, cwd=self.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=self.env, start_new_session=True,
                                     text=True, bufsize=1)

    def grade(self, student: str, db: str, log: str, timeout: float):
        """rc (0, 1) or "timeout" / "crashed"."""
        import select
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write(json.dumps({"student": student, "db": db, "log": log}) + "\n")
            self.proc.stdin.flush()
        except OSError:
            self.stop()
            return "crashed"
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                return "timeout"
            ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 1.0))
            if ready:
                line = self.proc.stdout.readline()
                if not line:
                    self.stop()
                    return "crashed"
                try:
                    return json.loads(line)["rc"]
                except (ValueError, KeyError):
                    continue

    def stop(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None


def worker_main(argv: list[str]) -> int:
    """The worker process: see Worker."""
    root, assignment, extra = Path(argv[0]), argv[1], argv[2:]
    os.chdir(root)
    proto = os.fdopen(os.dup(1), "w", buffering=1)  # answers; fd 1 and 2 go to each log
    from nbgrader.apps.autogradeapp import AutogradeApp
    for line in sys.stdin:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        rc = 1
        with open(req["log"], "w") as logf:
            saved = os.dup(1), os.dup(2)
            os.dup2(logf.fileno(), 1)
            os.dup2(logf.fileno(), 2)
            try:
                app = AutogradeApp()
                app.initialize([assignment, "--student", req["student"], "--force",
                                f"--CourseDirectory.db_url=sqlite:///{req['db']}", *extra])
                app.start()
                rc = 0
            except SystemExit as e:
                rc = 0 if e.code in (0, None) else 1
            except BaseException:
                import traceback
                traceback.print_exc()
                rc = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                os.close(saved[0])
                os.close(saved[1])
                AutogradeApp.clear_instance()
        proto.write(json.dumps({"rc": rc}) + "\n")
        proto.flush()
    return 0


_db_lock = threading.Lock()  # the course gradebook: copied and merged by one thread at a time


def grade_in_worker(root: Path, student: str, assignment: str, timeout: float, worker: Worker) -> dict:
    """Grade one submission with nbgrader into a private gradebook copy.
    Returns plain data (never objects the student's code could forge)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"wb-grade-{student}-"))
    private_db = tmp / "gradebook.db"
    with _db_lock:
        shutil.copy(db_path(root), private_db)
    log = tmp / "autograde.log"
    start = time.monotonic()
    rc = worker.grade(student, str(private_db), str(log), timeout)
    return {"tmp": str(tmp), "db": str(private_db), "log": str(log), "rc": rc,
            "seconds": time.monotonic() - start}


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


def _error_tail(log: str) -> str:
    try:
        text = Path(log).read_text(errors="replace")
        lines = [line for line in text.splitlines() if line.strip()]
    except OSError:
        return ""
    for needle, why in KNOWN_ERRORS:
        if needle in text:
            return why
    errs = [line for line in lines if "[ERROR]" in line or "Error" in line]
    pick = errs[-1] if errs else (lines[-1] if lines else "")
    return pick.split("] ", 1)[-1][:300]


def merge(root: Path, private_db: str, student: str, assignment: str, flags: list[str] | None = None) -> None:
    """Copy one submission's autograde results from the worker's gradebook
    into the course gradebook, in one transaction (idempotent)."""
    import warnings

    from nbgrader.api import Gradebook
    cid = course_id(root)
    with warnings.catch_warnings(), Gradebook(f"sqlite:///{private_db}", cid) as src, \
            Gradebook(db_url(root), cid) as dst:
        warnings.simplefilter("ignore")  # SQLAlchemy autoflush notes from nbgrader's API
        s_sub = src.find_submission(assignment, student)
        dst.update_or_create_student(student)
        d_sub = dst.update_or_create_submission(assignment, student, timestamp=s_sub.timestamp)
        for s_nb in s_sub.notebooks:
            d_nb = dst.find_submission_notebook(s_nb.name, assignment, student)
            d_nb.flagged = bool(s_nb.flagged) or any(f.startswith(f"{s_nb.name}:") for f in (flags or []))
            d_nb.late_submission_penalty = s_nb.late_submission_penalty
            for g in s_nb.grades:
                dg = dst.find_grade(g.name, s_nb.name, assignment, student)
                dg.auto_score = g.auto_score
                # nbgrader's own rule (SaveAutoGrades)
                dg.needs_manual_grade = (dg.manual_score is not None) or (g.auto_score is None)
            for c in s_nb.comments:
                dc = dst.find_comment(c.name, s_nb.name, assignment, student)
                dc.auto_comment = c.auto_comment
        d_sub.timestamp = s_sub.timestamp
        dst.db.commit()


def integrity_failures(root: Path, student: str, assignment: str) -> list[str]:
    """Flags for test cells the sandbox's canary could not vouch for (read
    from the autograded notebooks, which nbgrader wrote, not the kernel)."""
    from .sandbox import INTEGRITY_ERROR
    flags = []
    for p in sorted((root / "autograded" / student / assignment).glob("*.ipynb")):
        try:
            nb = nbm.read(p)
        except nbm.NotebookError:
            continue
        for c in nb.cells:
            if any(o.get("ename") == INTEGRITY_ERROR for o in c.get("outputs", [])):
                flags.append(f"{p.stem}: cell {nbm.meta(c).get('grade_id')} scored 0: the kernel did not run "
                             "the grader's canary faithfully (input transformer, patched run_cell, hidden errors?)")
    return flags


def scores(root: Path, assignment: str, student: str) -> tuple[float, float]:
    from nbgrader.api import Gradebook
    with Gradebook(db_url(root), course_id(root)) as gb:
        sub = gb.find_submission(assignment, student)
        return float(sub.score), float(sub.max_score)


def cell_scores(root: Path, assignment: str, student: str) -> dict[str, tuple[float | None, float]]:
    """grade_id -> (score, max) for every graded cell of a submission; the
    score is None where a person still has to grade."""
    from nbgrader.api import Gradebook
    out = {}
    with Gradebook(db_url(root), course_id(root)) as gb:
        sub = gb.find_submission(assignment, student)
        for nb in sub.notebooks:
            for g in nb.grades:
                if g.needs_manual_grade and g.manual_score is None:
                    out[g.name] = (None, float(g.max_score))
                else:
                    out[g.name] = (float(g.score), float(g.max_score))
    return out


def state_file(root: Path, assignment: str, student: str) -> Path:
    return root / STATE_DIR / assignment / f"{student}.json"


def _already_graded(root: Path, assignment: str, student: str, fp: str) -> dict | None:
    sf = state_file(root, assignment, student)
    if not sf.exists():
        return None
    try:
        state = json.loads(sf.read_text())
    except ValueError:
        return None
    if state.get("fingerprint") != fp or state.get("status") != "graded":
        return None
    try:
        scores(root, assignment, student)
    except Exception:
        return None  # gradebook lost it: grade again
    if not (root / "autograded" / student / assignment).is_dir():
        return None
    return state


def _write_state(root: Path, r: Result, fp: str) -> None:
    sf = state_file(root, r.assignment, r.student)
    sf.parent.mkdir(parents=True, exist_ok=True)
    tmp = sf.with_suffix(".tmp")
    tmp.write_text(json.dumps({**asdict(r), "fingerprint": fp}, indent=1))
    os.replace(tmp, sf)


def sandbox_env(sandbox: bool | None, memory: str | None, timeout: float | None, log=print) -> dict:
    """Environment for the nbgrader workers that sets up workbook.sandbox
    (the kernel manager named in nbgrader_config.py). Refuses when the
    sandbox is wanted but bubblewrap is missing."""
    from . import sandbox as sbx
    env = {}
    if sandbox is False or not sbx.enabled_by_env():
        env["WORKBOOK_SANDBOX"] = "0"
        log(sbx.UNSANDBOXED_WARNING)
        return env
    try:
        sbx.check_available()
    except sbx.SandboxError as e:
        raise GraderError(str(e)) from None
    env["WORKBOOK_SANDBOX"] = "1"
    if memory:
        try:
            env["WORKBOOK_SANDBOX_MEMORY"] = str(sbx.parse_size(memory))
        except ValueError as e:
            raise GraderError(str(e)) from None
    if timeout:
        env["WORKBOOK_SANDBOX_WALL"] = str(int(timeout))
    for ctrl in ("memory", "pids"):
        if sbx.cgroup_base(ctrl) is None:
            log(f"warning: no writable cgroup v1 '{ctrl}' controller: the {ctrl} limit of the sandbox "
                "is not enforced (CPU time, wall time and per-cell limits still are)")
    return env


def autograde(root: Path, assignment: str, jobs: int | None = None, students: list[str] | None = None,
              force: bool = False, timeout: float = 600.0, extra_args: list[str] | None = None,
              env: dict | None = None, progress: bool = True, log=print, sandbox: bool | None = None,
              memory: str | None = None, cell_timeout: float | None = None) -> list[Result]:
    """Grade the submissions of one assignment with nbgrader, ``jobs`` at a
    time. ``sandbox=None`` follows nbgrader_config.py / WORKBOOK_SANDBOX (on
    by default); False runs unsandboxed with a warning. ``memory`` ("2G") and
    ``timeout`` (seconds) limit each notebook; ``cell_timeout`` each cell."""
    root = Path(root).resolve()
    env = {**(env or {}), **sandbox_env(sandbox, memory, timeout, log=log)}
    extra_args = list(extra_args or [])
    if cell_timeout:
        extra_args.append(f"--Execute.timeout={int(cell_timeout)}")
    if assignment not in course.assignments(root):
        raise SystemExit(f"no assignment {assignment!r} in {root / 'source'}")
    ensure_registered(root, assignment)
    expected = expected_notebooks(root, assignment)
    available = list_students(root, assignment)
    if students:
        unknown = [s for s in students if s not in available]
        for s in unknown:
            log(f"warning: no submission of {assignment} for student {s!r} in submitted/{s}/{assignment}")
        todo = [s for s in students if s in available]
    else:
        todo = available
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[Result] = []
    pending = []
    for s in todo:
        fp = fingerprint(root, s, assignment)
        state = None if force else _already_graded(root, assignment, s, fp)
        if state:
            results.append(Result(s, assignment, "unchanged", state["score"], state["max_score"],
                                  flags=state.get("flags", [])))
            continue
        problem, flags = inspect(root, s, assignment, expected)
        if problem:
            r = Result(s, assignment, "failed", reason=problem, flags=flags)
            _write_state(root, r, fp)
            results.append(r)
            continue
        pending.append((s, fp, flags))

    from .ui import GradingProgress
    bar = GradingProgress(total=len(todo), enabled=progress, log=log, title=f"autograde {assignment}")
    for r in results:
        bar.note(r)
    import queue
    workers: queue.Queue = queue.Queue()
    all_workers = [Worker(root, assignment, extra_args, env) for _ in range(min(jobs, max(len(pending), 1)))]
    for w in all_workers:
        if pending:
            w.start()  # nbgrader's imports overlap with the rest of the set-up
        workers.put(w)

    def task(student):
        w = workers.get()
        try:
            return grade_in_worker(root, student, assignment, timeout, w)
        finally:
            workers.put(w)

    with bar, ThreadPoolExecutor(max_workers=jobs) as pool:
        futs = {pool.submit(task, s): (s, fp, flags) for s, fp, flags in pending}
        for fut in as_completed(futs):
            s, fp, flags = futs[fut]
            out = fut.result()
            r = Result(s, assignment, "graded", flags=list(flags), seconds=out["seconds"])
            try:
                if out["rc"] == "timeout":
                    r.status, r.reason = "failed", f"timed out after {timeout:.0f} s"
                elif out["rc"] == "crashed":
                    r.status, r.reason = "failed", "the grading process died: " + _error_tail(out["log"])
                elif out["rc"] != 0:
                    r.status, r.reason = "failed", "nbgrader autograde failed: " + _error_tail(out["log"])
                else:
                    r.flags += integrity_failures(root, s, assignment)
                    with _db_lock:
                        merge(root, out["db"], s, assignment, r.flags)  # the single writer
                    r.score, r.max_score = scores(root, assignment, s)
                    _write_state(root, r, fp)
            except Exception as e:  # a broken private gradebook must not stop the class
                r.status, r.reason = "failed", f"could not record the grades: {e}"
            finally:
                shutil.rmtree(out["tmp"], ignore_errors=True)
            if r.status == "failed":
                _write_state(root, r, fp)  # for the report; never counts as graded
            results.append(r)
            bar.note(r)
    for w in all_workers:
        w.stop()
    order = {s: i for i, s in enumerate(todo)}
    results.sort(key=lambda r: order.get(r.student, 0))
    return results


if __name__ == "__main__":  # python -m workbook.grader --worker ROOT ASSIGNMENT [nbgrader args]
    if len(sys.argv) > 3 and sys.argv[1] == "--worker":
        sys.exit(worker_main(sys.argv[2:]))
    sys.exit("usage: python -m workbook.grader --worker ROOT ASSIGNMENT [nbgrader options]")
