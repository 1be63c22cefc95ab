"""`workbook autograde`: nbgrader's autograde, sandboxed, judged, in parallel,
resumable, on one machine or many.

For one assignment the runner

1. reads the course as nbgrader does (``course.layout.Course``) and puts the
   judge and the sandbox in place whatever the course's config says; it
   refuses when it cannot sandbox and ``--no-sandbox`` was not given;
2. registers the assignment only if the gradebook lacks it, and stops when
   source/ no longer matches what was registered;
3. grades the instructor's solution first, in the same sandbox and
   configuration (the *reference run*), and stops before touching the class
   if it does not get full marks;
4. stages every submission (plain bytes, see ``staging``) into a task folder
   (see ``task``) and hands the tasks to an engine: local worker processes
   (``--jobs``), an existing Dask cluster (``--scheduler``), or one shard of
   the class (``--shard I/N``, merged later by ``workbook merge``);
5. merges each task's result into the gradebook as the single writer, copies
   the autograded files, and records a state file per submission, so that a
   killed run loses nothing and a rerun skips unchanged submissions.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..course import nb as nbm
from ..course.layout import Course, CourseError
from . import gradebook
from .results import Flag, Result, TaskResult
from .worker import Worker

STATE_DIR = ".workbook/state"
REFERENCE_STUDENT = "__reference__"


class GraderError(RuntimeError):
    """A problem that stops the whole run (shown without a traceback)."""


@dataclass
class Options:
    """What `workbook autograde`'s options become: nbgrader traitlets layered
    on top of the course's configuration, and the runner's own limits."""

    sandbox: bool = True
    memory: str | None = None
    timeout: float = 600.0           # wall seconds per submission
    cell_timeout: float | None = None
    extra: list[str] = field(default_factory=list)

    def traitlets(self) -> list[str]:
        args = [f"--TrustedExecute.sandbox={self.sandbox}"]
        if self.sandbox:
            if self.memory:
                from .sandbox import parse_size
                args.append(f"--SandboxKernelManager.memory={parse_size(self.memory)}")
            if self.timeout:
                args.append(f"--SandboxKernelManager.wall_seconds={int(self.timeout)}")
        if self.cell_timeout:
            args.append(f"--Execute.timeout={int(self.cell_timeout)}")
        return args + list(self.extra)


def check_sandbox(opts: Options, log=print, require_limits: bool = False) -> None:
    from . import limits
    from . import sandbox as sbx
    if not opts.sandbox:
        log(sbx.UNSANDBOXED_WARNING)
        return
    try:
        sbx.check_available()
    except sbx.SandboxError as e:
        raise GraderError(str(e)) from None
    if opts.memory:
        try:
            sbx.parse_size(opts.memory)
        except ValueError as e:
            raise GraderError(str(e)) from None
    plan = limits.plan()
    missing = [name for name, how in (("memory", plan.memory), ("processes", plan.pids))
               if not (how or "").startswith("cgroup")]
    if missing:
        text = (f"no cgroup limit for {' and '.join(missing)} of each sandbox here (only rlimits: "
                f"{plan.describe()}); {limits.HOW_TO}")
        if require_limits:
            raise GraderError(text + " (SandboxKernelManager.require_limits is on)")
        log("warning: " + text)


def secret_path(course: Course) -> Path:
    """The course's hidden-input secret (created on first use)."""
    from .execute import read_secret
    p = Path(course.setting("TrustedExecute", "secret_file", ".workbook/secret"))
    if not p.is_absolute():
        p = course.root / p
    read_secret(p)
    return p


# ------------------------------------------------------------------ state
def state_file(course: Course, assignment: str, student: str) -> Path:
    return course.root / STATE_DIR / assignment / f"{student}.json"


def read_state(course: Course, assignment: str, student: str) -> dict | None:
    try:
        return json.loads(state_file(course, assignment, student).read_text())
    except (OSError, ValueError):
        return None


def _write_state(course: Course, r: Result, fp: str) -> None:
    sf = state_file(course, r.assignment, r.student)
    sf.parent.mkdir(parents=True, exist_ok=True)
    tmp = sf.with_suffix(".tmp")
    tmp.write_text(json.dumps({**r.to_json(), "fingerprint": fp}, indent=1))
    os.replace(tmp, sf)


def fingerprint(task_dir: Path, course: Course, assignment: str, opts: Options) -> str:
    """Changes when the staged submission, source/, the configuration or the
    grading options change."""
    h = hashlib.sha256()
    for base in (task_dir / "submitted", course.path("source", ".", assignment)):
        for p in sorted(base.rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(base)).encode() + b"\0" + p.read_bytes())
    h.update((course.root / "nbgrader_config.py").read_bytes())
    h.update(json.dumps(opts.traitlets()).encode())
    return h.hexdigest()


def _already_graded(course: Course, assignment: str, student: str, fp: str) -> dict | None:
    state = read_state(course, assignment, student)
    if not state or state.get("fingerprint") != fp or state.get("status") != "graded":
        return None
    try:
        gradebook.scores(course, assignment, student)
    except Exception:
        return None  # the gradebook lost it: grade again
    if not course.path("autograded", student, assignment).is_dir():
        return None
    return state


# ------------------------------------------------------------------ engines
@dataclass
class Job:
    student: str
    task_dir: Path
    log: Path


class LocalEngine:
    """``jobs`` local worker processes (warm: nbgrader and torch imported once)."""

    def __init__(self, jobs: int, timeout: float, options: list[str], assignment: str, run_dir: Path,
                 env: dict | None = None):
        from ..course.layout import tool_env
        self.timeout, self.options, self.assignment = timeout, options, assignment
        self.workers = [Worker(tool_env(env), run_dir) for _ in range(max(1, jobs))]
        self.free: queue.Queue = queue.Queue()
        for w in self.workers:
            self.free.put(w)

    def start(self, n: int) -> None:
        for w in self.workers[:max(1, n)]:
            w.start()  # imports overlap with staging

    def run(self, job: Job) -> TaskResult:
        w = self.free.get()
        try:
            ans = w.grade({"task": str(job.task_dir), "assignment": self.assignment, "student": job.student,
                           "options": self.options, "log": str(job.log)}, self.timeout)
        finally:
            self.free.put(w)
        if ans == "timeout":
            return TaskResult(job.student, self.assignment, False, f"timed out after {self.timeout:.0f} s")
        if ans == "crashed":
            return TaskResult(job.student, self.assignment, False, "the grading process died: " + _log_reason(job.log))
        r = TaskResult.from_json(ans)
        if not r.ok and r.reason == "nbgrader autograde failed":
            r.reason = "nbgrader autograde failed: " + _log_reason(job.log)
        return r

    def map(self, jobs: list[Job], on_result) -> None:
        with ThreadPoolExecutor(max_workers=len(self.workers)) as pool:
            futs = [pool.submit(self.run, j) for j in jobs]
            for fut in as_completed(futs):
                on_result(fut.result())

    def close(self) -> None:
        for w in self.workers:
            w.stop()


class DaskEngine:
    """Tasks on an existing Dask cluster (``--scheduler ADDRESS``): each task is
    a packed task folder; its result (plain data, the autograded files as
    bytes) comes back to this process, the only gradebook writer."""

    def __init__(self, address, timeout: float, options: list[str], assignment: str):
        from distributed import Client
        self.client = address if hasattr(address, "submit") else Client(address)
        self.timeout, self.options, self.assignment = timeout, options, assignment

    def start(self, n: int) -> None:
        pass

    def map(self, jobs: list[Job], on_result) -> None:
        from distributed import as_completed as dask_completed

        from .task import pack
        from .worker import grade_bundle
        futs = {}
        for j in jobs:
            fut = self.client.submit(grade_bundle, pack(j.task_dir), self.assignment, j.student, self.options,
                                     self.timeout, key=f"grade-{self.assignment}-{j.student}-{time.time_ns()}",
                                     pure=False)
            futs[fut] = j
        for fut in dask_completed(list(futs)):
            j = futs[fut]
            try:
                out = fut.result(timeout=self.timeout + 120)
                r = TaskResult.from_json({k: v for k, v in out.items() if k != "log_tail"})
                if not r.ok and out.get("log_tail"):
                    r.reason += ": " + _reason_from_text(out["log_tail"])
            except Exception as e:
                r = TaskResult(j.student, self.assignment, False, f"the Dask task failed: {type(e).__name__}: {e}")
            on_result(r)

    def close(self) -> None:
        pass


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


def _reason_from_text(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    for needle, why in KNOWN_ERRORS:
        if needle in text:
            return why
    errs = [line for line in lines if "[ERROR]" in line or "Error" in line]
    pick = errs[-1] if errs else (lines[-1] if lines else "")
    return pick.split("] ", 1)[-1][:300]


def _log_reason(log: Path) -> str:
    try:
        return _reason_from_text(Path(log).read_text(errors="replace"))
    except OSError:
        return ""


# ------------------------------------------------------------------ results
def install_files(course: Course, r: TaskResult) -> None:
    """The task's autograded files into the course's autograded folder
    (replacing an earlier run's); regular files only."""
    dest = course.path("autograded", r.student, r.assignment)
    if dest.exists():
        _make_writable(dest)
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if r.files_dir:
        base = Path(r.files_dir)
        for p in sorted(base.rglob("*")):
            if p.is_symlink() or not (p.is_file() or p.is_dir()):
                continue
            target = dest / p.relative_to(base)
            if p.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(p, target)
    for rel, b64 in r.files.items():
        target = (dest / rel).resolve()
        if dest.resolve() not in target.parents:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(b64))


def _make_writable(d: Path) -> None:
    for p in [d, *d.rglob("*")]:
        try:
            if not p.is_symlink():
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
        except OSError:
            pass


def _flagged_notebooks(flags: list[Flag]) -> set[str]:
    return {f.notebook for f in flags if f.notebook and f.kind in ("tamper", "code", "judge", "staging", "limits")}


def record(course: Course, r: TaskResult, staging_flags: list[Flag], fp: str | None) -> Result:
    """Merge one task's result (the single writer) and write its state."""
    res = Result(r.student, r.assignment, "graded" if r.ok else "failed", reason=r.reason,
                 flags=list(staging_flags) + list(r.flags), seconds=r.seconds)
    try:
        if r.ok:
            gradebook.merge(course, r, _flagged_notebooks(res.flags))
            install_files(course, r)
            res.score, res.max_score = gradebook.scores(course, r.assignment, r.student)
        else:
            gradebook.record_student(course, r.student)
    except Exception as e:  # a broken result must not stop the class
        res.status, res.reason = "failed", f"could not record the grades: {type(e).__name__}: {e}"
    if fp is not None:
        _write_state(course, res, fp)
    return res


# ------------------------------------------------------------------ the run
def reference_run(course: Course, assignment: str, engine, run_dir: Path, template: Path, secret: Path,
                  opts: Options, log=print) -> None:
    """Grade the instructor solution first; stop if it does not get full
    marks (the grader would then be wrong for everyone)."""
    from . import task as taskm
    fp = hashlib.sha256((gradebook.source_fingerprint(course, assignment)
                         + json.dumps(opts.traitlets())
                         + (course.root / "nbgrader_config.py").read_text()
                         + _package_fingerprint()).encode()).hexdigest()
    mark = course.root / STATE_DIR / assignment / "reference.json"
    try:
        if json.loads(mark.read_text()).get("fingerprint") == fp:
            return
    except (OSError, ValueError):
        pass
    src_dir = run_dir / "reference-submission"
    src_dir.mkdir()
    for p in course.notebooks(assignment):
        rel = course.path("release", ".", assignment) / p.name
        if not rel.exists():
            raise GraderError(f"release/{assignment}/{p.name} is missing: run `workbook release {assignment}`")
        nbm.write(nbm.make_submission(nbm.read(rel), nbm.solved_sources(nbm.read(p))), src_dir / p.name)
    task_dir, _ = taskm.prepare(course, assignment, REFERENCE_STUDENT, template, secret, run_dir / "reference",
                                submission=src_dir)
    log(f"reference run: grading the instructor solution of {assignment} first")
    results: list[TaskResult] = []
    engine.map([Job(REFERENCE_STUDENT, task_dir, run_dir / "reference.log")], results.append)
    r = results[0]
    if not r.ok:
        raise GraderError(f"the instructor solution of {assignment} could not be graded ({r.reason}): "
                          "nothing was graded. " + _diagnose())
    short = [(g.cell, g.auto_score, g.max_score) for g in r.grades
             if g.auto_score is not None and g.auto_score < g.max_score - 1e-9]
    if short:
        why = _why_cells(Path(r.files_dir) if r.files_dir else None, [c for c, _, _ in short])
        lines = [f"{c}: {s:g}/{m:g}" + (f" ({why[c]})" if why.get(c) else "") for c, s, m in short]
        raise GraderError(f"the instructor solution of {assignment} does not get full marks, so grading "
                          "stops before touching the class:\n  " + "\n  ".join(lines) + "\n" + _diagnose())
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text(json.dumps({"fingerprint": fp}))


def _why_cells(folder: Path | None, cells: list[str]) -> dict[str, str]:
    out = {}
    if folder is None:
        return out
    for p in folder.glob("*.ipynb"):
        try:
            nb = nbm.read(p)
        except nbm.NotebookError:
            continue
        for c in nb.cells:
            gid = nbm.meta(c).get("grade_id")
            if gid in cells:
                errs = [o for o in c.get("outputs", []) if o.get("output_type") == "error"]
                if errs:
                    out[gid] = f"{errs[0].get('ename')}: {str(errs[0].get('evalue'))[:200]}"
    return out


def _package_fingerprint() -> str:
    import workbook
    h = hashlib.sha256()
    base = Path(workbook.__file__).resolve().parent
    for p in sorted(base.rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()


def _diagnose() -> str:
    """Why a correct solution could fail: the kernel importing another
    workbook package than the grader's own is the usual cause."""
    import workbook
    here = Path(workbook.__file__).resolve().parent
    probe = subprocess.run([sys.executable, "-c", "import workbook, os; print(os.path.dirname(workbook.__file__))"],
                           capture_output=True, text=True, cwd=tempfile.gettempdir())
    there = probe.stdout.strip()
    if there and Path(there).resolve() != here:
        return (f"The kernel imports workbook from another folder ({there}) than the grader ({here}): "
                "install this course's package in the environment the kernels use.")
    return "Check that the course's kernels can import the course's own workbook package and data."


def autograde(root, assignment: str, jobs: int | None = None, students: list[str] | None = None,
              force: bool = False, timeout: float = 600.0, env: dict | None = None, progress: bool = True,
              log=print, sandbox: bool | None = None, memory: str | None = None,
              cell_timeout: float | None = None, extra_args: list[str] | None = None,
              scheduler=None, shard: tuple[int, int] | None = None, shard_dir: Path | None = None,
              reference: bool = True, course: Course | None = None) -> list[Result]:
    """Grade the submissions of one assignment (see the module docstring)."""
    try:
        course = course or Course.load(root)
    except CourseError as e:
        raise GraderError(str(e)) from None
    opts = Options(sandbox=sandbox is not False, memory=memory, timeout=timeout, cell_timeout=cell_timeout,
                   extra=list(extra_args or []))
    check_sandbox(opts, log, require_limits=bool(course.setting("SandboxKernelManager", "require_limits", False)))
    if assignment not in course.assignments():
        raise GraderError(f"no assignment {assignment!r} in {course.path('source')}")
    try:
        gradebook.ensure_registered(course, assignment, course.root / STATE_DIR, log=log)
    except gradebook.GradebookError as e:
        raise GraderError(str(e)) from None
    secret = secret_path(course)
    available = course.students(assignment)
    if students:
        for s in students:
            if s not in available:
                log(f"warning: no submission of {assignment} for student {s!r}")
        todo = [s for s in students if s in available]
    else:
        todo = available
    if shard is not None:
        i, n = shard
        todo = [s for s in todo if _shard_of(s, n) == i]
    jobs = max(1, jobs or os.cpu_count() or 1)
    run_dir = Path(tempfile.mkdtemp(prefix=f"wb-run-{assignment}-"))
    results: list[Result] = []
    engine = None
    try:
        template = gradebook.write_template(course, assignment, run_dir / "template.db")
        if scheduler is not None:
            engine = DaskEngine(scheduler, timeout, opts.traitlets(), assignment)
        else:
            engine = LocalEngine(min(jobs, max(1, len(todo))), timeout, opts.traitlets(), assignment, run_dir,
                                 env=env)
            engine.start(min(jobs, max(1, len(todo))))
        if reference:
            reference_run(course, assignment, engine, run_dir, template, secret, opts, log)
        from . import staging
        from . import task as taskm
        pending: list[Job] = []
        meta: dict[str, tuple[str, list[Flag]]] = {}
        for s in todo:
            task_dir = run_dir / "tasks" / s
            try:
                _, sflags = taskm.prepare(course, assignment, s, template, secret, task_dir)
            except staging.StagingError as e:
                r = Result(s, assignment, "failed", reason=str(e))
                gradebook.record_student(course, s)
                _write_state(course, r, "")
                results.append(r)
                continue
            fp = fingerprint(task_dir, course, assignment, opts)
            state = None if force else _already_graded(course, assignment, s, fp)
            if state:
                results.append(Result(s, assignment, "unchanged", state.get("score", 0.0), state.get("max_score", 0.0),
                                      flags=[Flag.of(f) for f in state.get("flags", []) if isinstance(f, dict)]))
                shutil.rmtree(task_dir, ignore_errors=True)
                continue
            meta[s] = (fp, sflags)
            pending.append(Job(s, task_dir, run_dir / f"{s}.log"))

        from ..ui import GradingProgress
        bar = GradingProgress(total=len(todo), enabled=progress, log=log, title=f"autograde {assignment}")
        for r in results:
            bar.note(r)

        def on_result(tr: TaskResult) -> None:
            fp, sflags = meta[tr.student]
            if shard_dir is not None:
                res = _save_shard_result(shard_dir, course, tr, sflags, fp)
            else:
                res = record(course, tr, sflags, fp)
            results.append(res)
            bar.note(res)
            shutil.rmtree(run_dir / "tasks" / tr.student, ignore_errors=True)

        with bar:
            engine.map(pending, on_result)
    finally:
        if engine is not None:
            engine.close()
        shutil.rmtree(run_dir, ignore_errors=True)
    order = {s: i for i, s in enumerate(todo)}
    results.sort(key=lambda r: order.get(r.student, 0))
    return results


def _shard_of(student: str, n: int) -> int:
    return int(hashlib.sha256(student.encode()).hexdigest(), 16) % n


def _save_shard_result(shard_dir: Path, course: Course, tr: TaskResult, sflags: list[Flag], fp: str) -> Result:
    """A shard does not write the gradebook: it saves the task's result (and
    files) for `workbook merge`."""
    from .task import files_as_data
    tr = files_as_data(tr)
    out = {"result": tr.to_json(), "staging_flags": [f.__dict__ for f in sflags], "fingerprint": fp}
    d = Path(shard_dir) / tr.assignment
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{tr.student}.json").write_text(json.dumps(out))
    return Result(tr.student, tr.assignment, "graded" if tr.ok else "failed", reason=tr.reason,
                  flags=list(sflags) + list(tr.flags), seconds=tr.seconds)


def merge_shards(root, assignment: str, shard_dirs: list[Path], log=print) -> list[Result]:
    """`workbook merge`: the results that shards saved, into the gradebook
    (the single writer), in the students' order."""
    course = Course.load(root)
    gradebook.ensure_registered(course, assignment, course.root / STATE_DIR, log=log)
    files = sorted((p for d in shard_dirs for p in (Path(d) / assignment).glob("*.json")), key=lambda p: p.stem)
    out = []
    for p in files:
        data = json.loads(p.read_text())
        tr = TaskResult.from_json(data["result"])
        sflags = [Flag.of(f) for f in data.get("staging_flags", [])]
        out.append(record(course, tr, sflags, data.get("fingerprint")))
    return out


# ------------------------------------------------------------ for other tools
def scores(root, assignment: str, student: str) -> tuple[float, float]:
    return gradebook.scores(Course.load(root), assignment, student)


def cell_scores(root, assignment: str, student: str) -> dict[str, tuple[float | None, float]]:
    return gradebook.cell_scores(Course.load(root), assignment, student)


def course_id(root) -> str:
    return Course.load(root).course_id
