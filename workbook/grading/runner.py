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

A shard's results and their merge are ``shards``.
"""
from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..course import nb as nbm
from ..course.layout import Course, CourseError, replace_dir, write_atomically
from . import gradebook, package
from .engines import RUN_PREFIX, WORKER_TIMEOUT, DaskEngine, Job, LocalEngine, WorkerPool, run_folder
from .execute import secret_file, secret_path
from .results import Flag, GraderError, Result, TaskResult

STATE_DIR = ".workbook/state"
# the gradebook and the state files have one writer at a time: runs of several assignments overlap
# (``autograde_in_turn``) in one process
WRITER = threading.RLock()
REFERENCE_STUDENT = "__reference__"


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


def check_sandbox(opts: Options, log=print, require_limits: bool = False, proc: str = "auto") -> None:
    from . import limits
    from . import sandbox as sbx
    if not opts.sandbox:
        log(sbx.UNSANDBOXED_WARNING)
        return
    try:
        sbx.check_available()
        sbx.preflight(proc)
    except sbx.SandboxError as e:
        raise GraderError(str(e)) from None
    if proc != "mount" and (proc == "masked" or sbx.proc_mode() == "masked"):
        log(f"WARNING: sandbox: {sbx.MASKED_PROC}")
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


# ------------------------------------------------------------------ state
def state_file(course: Course, assignment: str, student: str) -> Path:
    return course.root / STATE_DIR / assignment / f"{student}.json"


def read_state(course: Course, assignment: str, student: str) -> dict | None:
    try:
        return json.loads(state_file(course, assignment, student).read_text())
    except (OSError, ValueError):
        return None


def _write_state(course: Course, r: Result, fp: str, extra: dict | None = None) -> None:
    sf = state_file(course, r.assignment, r.student)
    sf.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(sf, json.dumps({**r.to_json(), "fingerprint": fp, **(extra or {})}, indent=1))


def write_state_extra(course: Course, assignment: str, student: str, extra: dict) -> None:
    """Add ``extra``'s keys to a submission's state file (as one replace)."""
    state = read_state(course, assignment, student) or {}
    write_atomically(state_file(course, assignment, student), json.dumps({**state, **extra}, indent=1))


def add_flags(course: Course, assignment: str, student: str, flags: list[Flag]) -> None:
    """Flags found after grading (a feedback file removed as a leak) added to
    the submission's state, where the report reads them."""
    with WRITER:
        state = read_state(course, assignment, student)
        if not state:
            return
        have = state.setdefault("flags", [])
        for f in flags:
            d = asdict(f)
            if d not in have:
                have.append(d)
        write_atomically(state_file(course, assignment, student), json.dumps(state, indent=1))


def _tree_digest(h, base: Path) -> None:
    for p in sorted(base.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(base)).encode() + b"\0" + p.read_bytes())


def submission_digest(task_dir: Path) -> str:
    """The staged submission's files (what was graded)."""
    h = hashlib.sha256()
    _tree_digest(h, task_dir / "submitted")
    return h.hexdigest()


def current_submission(course: Course, assignment: str, student: str) -> str:
    """``submission_digest`` of what submitted/ holds for the student now
    (staged the same way, into a scratch folder; submitted/ is only read)."""
    from . import staging
    with tempfile.TemporaryDirectory(prefix="wb-digest-") as tmp:
        dest = Path(tmp) / "submitted" / student / assignment
        try:
            staging.stage(course.path("submitted", student, assignment), dest)
        except staging.StagingError as e:
            return "unstageable: " + str(e)
        return submission_digest(Path(tmp))


def fingerprint(task_dir: Path, course: Course, assignment: str, opts: Options) -> str:
    """Changes when the staged submission, source/, the configuration or the
    grading options change."""
    h = hashlib.sha256()
    for base in (task_dir / "submitted", course.path("source", ".", assignment)):
        _tree_digest(h, base)
    h.update((course.root / "nbgrader_config.py").read_bytes())
    h.update(json.dumps(opts.traitlets()).encode())
    return h.hexdigest()


def _unchanged(course: Course, assignment: str, student: str, fp: str) -> dict | None:
    """The state of a submission whose result stands: graded, or refused for
    its own files (not a notebook, not valid JSON: ``TaskResult.refused``),
    with nothing changed since. A submission that failed otherwise (a time
    limit, a dead worker) is graded again."""
    state = read_state(course, assignment, student)
    if not state or state.get("fingerprint") != fp:
        return None
    if state.get("status") == "failed" and state.get("refused"):
        return state
    if state.get("status") != "graded":
        return None
    try:
        gradebook.scores(course, assignment, student)
    except Exception:
        return None  # the gradebook lost it: grade again
    if not course.path("autograded", student, assignment).is_dir():
        return None
    return state


# ------------------------------------------------------------------ results
def install_files(course: Course, r: TaskResult) -> None:
    """The task's autograded files into the course's autograded folder,
    replacing an earlier run's whole (written next to it, then swapped in:
    ``layout.replace_dir``), so that a full disk or an interruption never
    leaves a cut notebook there; regular files only."""
    final = course.path("autograded", r.student, r.assignment)
    final.parent.mkdir(parents=True, exist_ok=True)
    dest = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
    try:
        _fill(dest, r)
        if final.exists():
            _make_writable(final)
        os.chmod(dest, 0o755)
        replace_dir(dest, final)
    finally:
        if dest.exists():
            _make_writable(dest)
            shutil.rmtree(dest, ignore_errors=True)


def _fill(dest: Path, r: TaskResult) -> None:
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


def record(course: Course, r: TaskResult, staging_flags: list[Flag], fp: str | None,
           extra: dict | None = None) -> Result:
    """Merge one task's result (the single writer) and write its state.
    ``extra["submission"]``: the digest of the submission graded; flags an
    instructor cleared for that same submission stay cleared (flags.py)."""
    from . import flags as flagsm
    res = Result(r.student, r.assignment, "graded" if r.ok else "failed", reason=r.reason,
                 flags=list(staging_flags) + list(r.flags), seconds=r.seconds)
    submission = (extra or {}).get("submission")
    cleared = None
    try:
        if r.ok:   # the notebook first: no grade in the gradebook for a notebook that was not written
            install_files(course, r)
            before = read_state(course, r.assignment, r.student) if submission else None
            if before and before.get("submission") == submission and before.get("flags"):
                cleared = flagsm.carried_clear(before, submission,
                                               gradebook.notebook_flags(course, r.assignment, r.student))
            raised = flagsm.raised(res.flags, flagsm.cleared_reasons({"cleared": cleared}, submission))
            gradebook.merge(course, r, flagsm.flagged_notebooks(raised))
            flagsm.annotate(course, r.assignment, r.student, raised)
            res.score, res.max_score = gradebook.scores(course, r.assignment, r.student)
        else:
            gradebook.record_student(course, r.student)
    except gradebook.GradebookError:
        raise  # the gradebook cannot be reached: that stops the run (what was recorded stays)
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raise  # a full disk stops the run: every later result would fail the same way
        res.status, res.reason = "failed", f"could not record the grades: {type(e).__name__}: {e}"
    except Exception as e:  # a broken result must not stop the class
        res.status, res.reason = "failed", f"could not record the grades: {type(e).__name__}: {e}"
    if fp is not None:
        _write_state(course, res, fp, {**(extra or {}), **({"refused": True} if r.refused else {}),
                                       **({"cleared": cleared} if cleared else {})})
    return res


# ------------------------------------------------------------------ the run
def reference_run(course: Course, assignment: str, engine, run_dir: Path, template: Path, secret: Path,
                  opts: Options, log=print, before=None) -> None:
    """Grade the instructor solution first; stop if it does not get full
    marks (the grader would then be wrong for everyone). Nothing runs when
    the solution, the configuration and the package are those it last
    passed with; otherwise ``before()`` is called first (the engine's start)."""
    from . import task as taskm
    fp = hashlib.sha256((gradebook.source_fingerprint(course, assignment)
                         + json.dumps(opts.traitlets())
                         + (course.root / "nbgrader_config.py").read_text()
                         + package.digest()).encode()).hexdigest()
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
    if before is not None:
        before()
    results: list[TaskResult] = []
    engine.map([Job(REFERENCE_STUDENT, task_dir, run_dir / "reference.log")], results.append)
    r = results[0]
    if not r.ok:
        raise GraderError(f"the instructor solution of {assignment} could not be graded ({r.reason}): "
                          "nothing was graded. " + package.diagnose())
    short = [(g.cell, g.auto_score, g.max_score) for g in r.grades
             if g.auto_score is not None and g.auto_score < g.max_score - 1e-9]
    if short:
        why = _why_cells(r.verdicts, [c for c, _, _ in short])
        lines = [f"{c}: {s:g}/{m:g}" + (f" ({why[c]})" if why.get(c) else "") for c, s, m in short]
        raise GraderError(f"the instructor solution of {assignment} does not get full marks, so grading "
                          "stops before touching the class:\n  " + "\n  ".join(lines) + "\n" + package.diagnose())
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text(json.dumps({"fingerprint": fp}))


def _why_cells(verdicts: dict[str, dict[str, dict]], cells: list[str]) -> dict[str, str]:
    """A cell's first verdict line, for the cells named (from the judge's verdicts, as data)."""
    return {cell: f"{v['status']}: {(v['lines'] or [''])[0][:200]}" for nb in verdicts.values()
            for cell, v in nb.items() if cell in cells and v["status"] != "passed"}


def autograde(root, assignment: str, jobs: int | None = None, students: list[str] | None = None,
              force: bool = False, timeout: float = 600.0, env: dict | None = None, progress: bool = True,
              log=print, sandbox: bool | None = None, memory: str | None = None,
              cell_timeout: float | None = None, extra_args: list[str] | None = None,
              scheduler=None, shard: tuple[int, int] | None = None, shard_dir: Path | None = None,
              reference: bool = True, course: Course | None = None, scheduler_security=None,
              insecure_scheduler: bool = False, worker_timeout: float = WORKER_TIMEOUT,
              pool: WorkerPool | None = None, run_rank: int | None = None,
              then: list[str] | None = None) -> list[Result]:
    """Grade the submissions of one assignment (see the module docstring).
    ``pool``: local workers kept across runs (``WorkerPool``), for several
    assignments in turn (``autograde_in_turn``); ``run_rank``: this run's
    place among them (``WorkerPool.next_run``); ``then``: the assignments
    the pool grades next, whose kernels' zygotes start while this one is
    graded."""
    try:
        course = course or Course.load(root)
    except CourseError as e:
        raise GraderError(str(e)) from None
    opts = Options(sandbox=sandbox is not False, memory=memory, timeout=timeout, cell_timeout=cell_timeout,
                   extra=list(extra_args or []))
    check_sandbox(opts, log, require_limits=bool(course.setting("SandboxKernelManager", "require_limits", False)),
                  proc=str(course.setting("SandboxKernelManager", "proc", "auto")))
    if opts.sandbox and scheduler is None:   # (a Dask worker asks its own sandbox: worker.grade_bundle)
        why = package.sandbox_problem()
        if why:
            raise GraderError(why)
    if assignment not in course.assignments():
        raise GraderError(f"no assignment {assignment!r} in {course.path('source')}")
    if (shard is None) != (shard_dir is None):
        raise GraderError("--shard I/N and --out FOLDER go together: a shard saves its results in FOLDER for "
                          "`workbook merge`; without them the run writes the gradebook itself")
    try:
        with WRITER:
            gradebook.ensure_registered(course, assignment, course.root / STATE_DIR, log=log)
    except gradebook.GradebookError as e:
        raise GraderError(str(e)) from None
    try:
        secret = secret_path(course)
    except (ValueError, OSError) as e:   # too short, unreadable, a folder: the file's name and why
        raise GraderError(str(e) if isinstance(e, ValueError) else f"{secret_file(course)}: {e.strerror or e}"
                          ) from None
    from . import leakscan
    secrets = leakscan.Secrets.of(course, assignment)   # what no file given back to a student may hold
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
        from .shards import _shard_of
        todo = [s for s in todo if _shard_of(s, n) == i]
    jobs = max(1, jobs or os.cpu_count() or 1)
    from . import cleanup
    from . import sandbox as sbx
    if scheduler is None and opts.sandbox:
        sbx.sweep_dead()   # what the sandboxes of a run killed with -9 left here: a rerun starts clean
    if pool is not None:   # inside the pool's run folder, guarded with it
        run_dir = Path(tempfile.mkdtemp(prefix=f"{assignment}-", dir=pool.base))
    else:
        run_dir = run_folder(f"{RUN_PREFIX}{os.getpid()}-{assignment}-")
        cleanup.sweep_dead(str(run_dir.parent), RUN_PREFIX)   # runs killed with their reaper (a container killed)
    results: list[Result] = []
    engine = None
    manifest = None
    try:
        with WRITER:
            template = gradebook.write_template(course, assignment, run_dir / "template.db")
        if shard is not None:
            from .shards import ShardManifest
            manifest = ShardManifest.start(course, assignment, shard, todo, Path(shard_dir))
        if scheduler is not None:
            engine = DaskEngine(scheduler, timeout, opts.traitlets(), assignment, worker_timeout,
                                scheduler_security, insecure_scheduler)
        else:
            engine = LocalEngine(min(jobs, max(1, len(todo))), timeout, opts.traitlets(), assignment, run_dir,
                                 env=env, pool=pool, run_rank=run_rank)
        started: list[bool] = []

        def start() -> None:
            """The workers, and the zygotes their kernels come from (this
            assignment's and the next one's), once: when the reference run or
            the first changed submission needs them, so that their imports
            overlap the staging of the rest, and a rerun where nothing
            changed starts neither."""
            if started or not isinstance(engine, LocalEngine):
                return
            started.append(True)
            engine.start(min(jobs, max(1, len(todo))))
            if opts.sandbox:   # the workers' kernels come from this process's zygotes
                engine.prewarm(course, [assignment, *(then or [])])

        if reference:
            reference_run(course, assignment, engine, run_dir, template, secret, opts, log, before=start)
        from . import staging
        from . import task as taskm
        pending: list[Job] = []
        meta: dict[str, tuple[str, list[Flag]]] = {}
        for s in todo:
            task_dir = run_dir / "tasks" / s
            try:
                _, sflags = taskm.prepare(course, assignment, s, template, secret, task_dir)
            except staging.StagingError as e:
                if manifest is not None:  # a shard never writes the course's gradebook or state
                    results.append(manifest.save(TaskResult(s, assignment, False, str(e)), [], "",
                                                 "unstageable: " + str(e)))
                    continue
                r = Result(s, assignment, "failed", reason=str(e))
                with WRITER:
                    gradebook.record_student(course, s)
                    _write_state(course, r, "")
                results.append(r)
                continue
            fp = fingerprint(task_dir, course, assignment, opts)
            state = None if force else _unchanged(course, assignment, s, fp)
            if state and state["status"] == "failed":
                if manifest is None:   # a shard grades it again: its folder, not the course, keeps results
                    results.append(Result(s, assignment, "failed", reason=state.get("reason", ""),
                                          flags=[Flag.of(f) for f in state.get("flags", []) if isinstance(f, dict)]))
                    shutil.rmtree(task_dir, ignore_errors=True)
                    continue
                state = None
            if state:
                results.append(Result(s, assignment, "unchanged", state.get("score", 0.0), state.get("max_score", 0.0),
                                      flags=[Flag.of(f) for f in state.get("flags", []) if isinstance(f, dict)]))
                if manifest is not None:
                    manifest.unchanged.append(s)
                shutil.rmtree(task_dir, ignore_errors=True)
                continue
            meta[s] = (fp, sflags, submission_digest(task_dir))
            pending.append(Job(s, task_dir, run_dir / f"{s}.log"))
            start()

        from ..ui import GradingProgress
        bar = GradingProgress(total=len(todo), enabled=progress, log=log, title=f"autograde {assignment}")
        for r in results:
            bar.note(r)

        def on_result(tr: TaskResult) -> None:
            fp, sflags, digest = meta[tr.student]
            if tr.ok:
                tr.flags = list(tr.flags) + leakscan.scrub_result(tr, secrets)
            if manifest is not None:
                res = manifest.save(tr, sflags, fp, digest)
            else:
                with WRITER:
                    res = record(course, tr, sflags, fp, extra={"submission": digest})
            results.append(res)
            bar.note(res)
            shutil.rmtree(run_dir / "tasks" / tr.student, ignore_errors=True)

        with bar, (engine.handing_out(len(pending)) if isinstance(engine, LocalEngine) else contextlib.nullcontext()):
            engine.map(pending, on_result)
        if manifest is not None:
            manifest.finish()
    finally:
        if engine is not None:
            engine.close()
        shutil.rmtree(run_dir, ignore_errors=True)
        cleanup.release(run_dir)
    order = {s: i for i, s in enumerate(todo)}
    results.sort(key=lambda r: order.get(r.student, 0))
    return results


def autograde_in_turn(root, assignments: list[str], pool: WorkerPool, **kwargs):
    """Several assignments graded by one pool of local workers, each as
    ``autograde`` grades it (``kwargs``), in turn: the next one starts (and
    stages its class) as soon as the one before has handed out all its
    submissions, so a worker that finishes finds its tasks ready (they still
    go after the earlier one's, and its reference run too). Yields ``(assignment, results)`` in order, or
    ``(assignment, GraderError)`` for a run that failed; no assignment after
    a failed one is started."""
    from concurrent.futures import ThreadPoolExecutor
    ranks = [pool.next_run() for _ in assignments]
    futs: list = []
    launched = [threading.Event() for _ in assignments]
    stop = threading.Event()

    def failed(fut) -> bool:
        return fut.done() and fut.exception() is not None

    def launch(ex) -> None:
        for i, a in enumerate(assignments):
            if i:
                prev = futs[i - 1]
                pool.wait_for_room(ranks[i - 1], lambda: prev.done() or stop.is_set())
                # wait_for_room returns on room or once the earlier run ended; a failed run stops the rest
                if stop.is_set() or pool.closed.is_set() or failed(prev):
                    break
            futs.append(ex.submit(autograde, root, a, pool=pool, run_rank=ranks[i], then=assignments[i + 1:i + 2],
                                  **kwargs))
            launched[i].set()
        for e in launched:   # the ones never started
            e.set()

    ex = ThreadPoolExecutor(max_workers=len(assignments) + 1, thread_name_prefix="autograde")
    ex.submit(launch, ex)
    try:
        from .engines import INTERRUPTED, WAKE, completed
        for i, a in enumerate(assignments):
            while not launched[i].wait(WAKE):   # a Ctrl-C that Python lost still stops the run (engines.completed)
                if INTERRUPTED.is_set():
                    raise KeyboardInterrupt
            if i >= len(futs):
                return
            try:
                for fut in completed([futs[i]]):
                    yield a, fut.result()
            except GraderError as e:
                stop.set()
                yield a, e
                return
    finally:
        stop.set()
        ex.shutdown(wait=False)


# ------------------------------------------------------------ for other tools
def cell_scores(root, assignment: str, student: str) -> dict[str, tuple[float | None, float]]:
    return gradebook.cell_scores(Course.load(root), assignment, student)


def course_id(root) -> str:
    return Course.load(root).course_id
