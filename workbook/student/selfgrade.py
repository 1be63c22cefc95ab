"""`workbook selfgrade [ASSIGNMENT | NOTEBOOK]`: grade your own work like the
instructor would, hidden tests included (self-study clones, where source/
holds the solution key).

Each notebook is graded in this process by ``workbook.grading.local``: the
course's own autograde preprocessors (the judge, in the sandbox when
bubblewrap is there) on a copy of the learner's notebook whose test cells are
the key's, scored by nbgrader's ``determine_grade``. No gradebook, no
temporary course: about one run of the notebook. The learner's files are never
written: the kernel works in a scratch copy of the notebook's folder.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..course import layout as course
from ..course import nb as nbm
from ..i18n import format_, tr
from ..messages import Message, MessageError, joined, msg, nmsg
from ..notebook import Exam

STUDENT = "selfstudy"


class SelfgradeError(MessageError, RuntimeError):
    """Why selfgrade cannot start: ``message`` (a message), rendered by
    ``str()`` in the current language."""


@dataclass
class Question:
    question: str
    notebook: str
    kind: str  # answer | manual
    score: float | None
    max_score: float
    status: str  # pass | partial | fail | manual | missing
    message: str = ""
    groups: list = field(default_factory=list)   # (label, score, max_score, status, note) of each test cell, when
                                                 # several; note: what the judge noted of a group it passed


@dataclass(frozen=True)
class Problem:
    """A problem of an exam frame that is all or nothing (``exam.Section.all_or_nothing``: a 삼성 SW 역량
    테스트-style test): solved only when every group of it passed, the hidden ones included; ``failed``: the test
    cells it did not pass."""
    question: str
    failed: tuple[str, ...] = ()

    @property
    def solved(self) -> bool:
        return not self.failed


@dataclass
class Report:
    assignment: str
    questions: list[Question] = field(default_factory=list)
    problem: str = ""  # the whole submission could not be graded
    notes: list[str] = field(default_factory=list)
    sandboxed: bool = True
    exam: str = ""   # the time an exam took (``workbook exam``)
    running: "Exam | None" = None   # the notebook's exam, when it still had time left as it was graded
    problems: list[Problem] | None = None   # the problems of its exam's frame, when that frame is all or nothing

    @property
    def score(self) -> float:
        return sum(q.score or 0 for q in self.questions if q.kind == "answer")

    @property
    def max_score(self) -> float:
        return sum(q.max_score for q in self.questions if q.kind == "answer")


def solution_root(start: str | Path | None = None) -> Path:
    from .solutions import source_roots
    roots = source_roots(start)
    if not roots:
        raise SelfgradeError(msg("selfgrade needs the solution key (source/), which only a self-study clone of the "
                                 "course repository has. In a class, use Validate and submit your work."))
    return roots[0]


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _message(cell, limit: int = 16) -> str:
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            if o.get("ename") == "CheckFailed":   # the judge's whole message: its first line and the lines below
                text = "\n".join(_ANSI.sub("", str(t)) for t in o.get("traceback") or [o.get("evalue", "")])
                text = text[2:] if text.startswith("✘ ") else text
            else:
                text = f"{o.get('ename')}: {o.get('evalue')}"
            lines = [line for line in str(text).splitlines() if line.strip()]
            return "\n".join(lines[:limit]) + ("\n…" if len(lines) > limit else "")
    for o in cell.get("outputs", []):  # nbgrader zeroes a test cell that wrote to stderr
        if o.get("output_type") == "stream" and o.get("name") == "stderr":
            return format_("the test wrote to stderr: {line}",
                           line=(o.get("text", "").strip().splitlines() or [""])[0][:200])
    return ""


def _passed_note(cell) -> str:
    """What the judge noted of a test cell it passed (a coding test's group in self-study: its slowest case's CPU
    time against its limit), from the cell's standard output: nbgrader does not score it."""
    return "\n".join(line for o in cell.get("outputs", []) if o.get("output_type") == "stream"
                     and o.get("name") == "stdout" for line in str(o.get("text", "")).splitlines() if line.strip())


def sandbox_available(log) -> bool:
    """The grader's sandbox when bubblewrap is there; otherwise the learner's
    own notebooks are graded without it, with a warning."""
    from ..grading import sandbox
    try:
        sandbox.check_available()
        sandbox.preflight()
        if sandbox.proc_mode() == "masked":
            log(f"note: {sandbox.MASKED_PROC}")
        return True
    except sandbox.SandboxError as e:
        log(f"WARNING: the grader's sandbox is unavailable ({str(e).splitlines()[0][:200]}); grading your own "
            "notebooks without it. Install bubblewrap to grade in the sandbox.")
        return False


def grade_assignment(key_root: Path, assignment: str, notebooks: list[Path], timeout: float = 900,
                     log=print, sandboxed: bool | None = None) -> Report:
    """Grade copies of ``notebooks`` (the learner's files of one assignment)."""
    from ..grading import local
    report = Report(assignment)
    key_nbs = {p.stem: p for p in course.notebooks(key_root, assignment)}
    wanted = [p for p in notebooks if p.stem in key_nbs]
    for p in notebooks:
        if p.stem not in key_nbs:
            report.notes.append(format_("{name} is not a notebook of {assignment} ({notebooks}): not graded",
                                        name=p.name, assignment=assignment,
                                        notebooks=", ".join(n + ".ipynb" for n in key_nbs)))
    if not wanted:
        report.problem = tr("nothing to grade")
        return report
    config = course.Course.load(key_root).config
    report.sandboxed = sandbox_available(log) if sandboxed is None else sandboxed
    # messages in the notebook's language, from the key's full catalogue
    locale = course.Course.load(key_root).path("source", ".", assignment) / "locale"
    overrides = {"TrustedExecute": {"sandbox": report.sandboxed, "secret_file": str(local.secret_file()),
                                    "locale_directory": str(locale), "hidden_module_directory": str(locale.parent)},
                 "SandboxKernelManager": {"wall_seconds": int(timeout)}}
    for p in wanted:
        try:
            mine = nbm.read(p)
        except nbm.NotebookError as e:
            report.problem = str(e)
            return report
        from .exam import report as exam_report
        report.exam = exam_report(p) or report.exam
        # while the notebook's exam has time left: no hint lines, no hidden case shown (a coding test's);
        # after it (or without one) a failing group shows the smallest case the program got wrong
        running = _exam_running(mine)
        _refuse_before_judging(assignment, running)
        report.running = running or report.running
        overrides["TrustedExecute"].update(exam=running is not None, self_study=running is None)
        source = nbm.read(key_nbs[p.stem])
        edition = i18n.language_for(i18n.notebook_language(mine), locale.parent, assignment)
        if not edition.is_source:   # the key's test cells in the learner's edition, as its release registered them:
            from ..authoring import catalog   # a case a check shows (shown_setup=...) is text in the code
            source = catalog.translate_notebook(source, edition)
        release_path = course.directory(key_root, "release") / assignment / p.name
        release = nbm.read(release_path) if release_path.exists() else source
        key = local.key_notebook(release, tests_from=source)
        with tempfile.TemporaryDirectory(prefix="wb-selfgrade-") as tmp:
            work = Path(tmp) / assignment
            shutil.copytree(p.parent, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__",
                                                                         "*.ipynb"))
            from ..checks.domain import showing_inputs
            with showing_inputs():   # a hidden input drawn from a question's domain is shown to the learner
                graded = local.grade_notebook(mine, key, work, config=config, overrides=overrides, student=STUDENT,
                                              name=p.stem)
        if graded.error:
            report.notes.append(format_("{name}: the run stopped: {error}", name=p.name, error=graded.error))
        frame = _all_or_nothing(assignment, mine)
        cells = {nbm.meta(c).get("grade_id"): c for c in graded.notebook.cells}
        points = {nbm.meta(c).get("grade_id"): float(nbm.meta(c).get("points") or 0) for c in source.cells}
        for ex in nbm.exercises(source):
            if ex.kind == "manual":
                g = graded.cells.get(ex.grade_id)
                mx = g.max_score if g else ex.points
                if g is not None and g.score == 0:  # nbgrader gives 0 to an unchanged text stub ("YOUR ANSWER HERE")
                    report.questions.append(Question(ex.grade_id, p.stem, "manual", 0.0, mx, "fail",
                                                     tr("no answer yet (graded by a person)")))
                else:
                    report.questions.append(Question(
                        ex.grade_id, p.stem, "manual", None, mx, "manual",
                        format_("graded by a person: compare with solution({question!r}) and its mark scheme",
                                question=ex.grade_id)))
                continue
            got = mx = 0.0
            messages, statuses, groups = [], [], []
            for tid in ex.test_ids:
                g = graded.cells.get(tid)
                s, m = (g.score, g.max_score) if g else (0.0, points.get(tid, 0.0))
                got += s or 0.0
                mx += m
                ok = g is not None and s is not None and s >= m
                statuses.append(ok)
                groups.append((_group_label(tid), s or 0.0, m, "pass" if ok else "fail",
                               _passed_note(cells[tid]) if ok and tid in cells else ""))
                if not ok:
                    msg = _message(cells[tid]) if tid in cells else tr("test cell missing from your notebook")
                    if msg and msg not in messages:
                        messages.append(msg)
            status = "pass" if all(statuses) else ("partial" if any(statuses) else "fail")
            if frame is not None and ex.grade_id.split("_")[0] in frame.questions:
                report.problems = (report.problems or []) + [
                    Problem(ex.grade_id, tuple(t for t, ok in zip(ex.test_ids, statuses) if not ok))]
            report.questions.append(Question(ex.grade_id, p.stem, "answer", got, mx, status, "\n".join(messages),
                                             groups if len(groups) > 1 else []))
    return report


def _exam_running(nb) -> "Exam | None":
    """The exam the notebook is taken as, when it still has time left. Grading is the same with or without
    it: every test cell runs and scores, hidden ones included (a coding test's hidden correctness and efficiency
    groups); only what the messages show changes (no hint lines, no hidden case)."""
    from ..notebook import KEY, Exam
    e = Exam.of(nb.metadata.get(KEY, {}))
    return e if e is not None and e.left().total_seconds() > 0 else None


def _refuse_before_judging(assignment: str, running: "Exam | None") -> None:
    """SelfgradeError while an exam whose frame is judged after it ends (``Section.judged_after``: 삼성's, and
    카카오's on 프로그래머스) has time left: its hidden tests give no result before the time is up."""
    from .exam import frame_of
    frame = frame_of(assignment, running) if running is not None else None
    if frame is not None and frame.judged_after:
        raise SelfgradeError(msg("This exam is {title}: as in the real test, the programs are judged when the time is "
                                 "up, at {deadline}, not before. Until then the test cells in the notebook check the "
                                 "examples.", title=frame.title, deadline=f"{running.deadline.astimezone():%H:%M}"))


def _all_or_nothing(assignment: str, nb):
    """The frame of the notebook's exam (running or over) when that frame is all or nothing, else None."""
    from ..notebook import KEY
    from .exam import frame_of
    e = Exam.of(nb.metadata.get(KEY, {}))
    frame = frame_of(assignment, e) if e is not None else None
    return frame if frame is not None and frame.all_or_nothing else None


def all_or_nothing(problems: list[Problem]) -> list[Message]:
    """What selfgrade says of an all-or-nothing frame's problems: its rule, each problem solved or not (the
    groups it failed), and how many are solved. The points stay the course's: grading is the same with or
    without an exam."""
    from ..checks.coding_messages import group_name, group_of_test
    lines = [msg("This exam's frame is all or nothing: a problem counts only when all its test cases pass, the "
                 "hidden ones included; there are no partial points. The points above are scored as they are without "
                 "an exam.")]
    for p in problems:
        if p.solved:
            lines.append(msg("{question}: solved (every group passed)", question=p.question))
        else:
            failed = joined([group_name(group_of_test(t)) if group_of_test(t) else t for t in p.failed], ", ")
            lines.append(msg("{question}: not solved (failed: {groups})", question=p.question, groups=failed))
    solved = sum(p.solved for p in problems)
    lines.append(nmsg("solved: {solved} of {n} problem", "solved: {solved} of {n} problems", len(problems),
                      solved=solved))
    return lines


def during_exam(e: "Exam") -> str:
    """What selfgrade says of a notebook graded while its exam has time left."""
    return format_("graded during the exam (its time is up at {deadline}): every test ran and scored as it will "
                   "after the exam, hidden tests included (a coding test's hidden correctness and efficiency "
                   "groups too); the hint lines, and a failing hidden group's smallest wrong case, are shown once "
                   "the time is up", deadline=f"{e.deadline.astimezone():%H:%M}")


def _group_label(test_id: str) -> str:
    """How a test cell of an exercise with several is named in the table:
    a coding test's group ("correctness test 2"), else its grade id."""
    from ..checks.coding_messages import group_name, group_of_test
    group = group_of_test(test_id)
    return str(group_name(group)) if group else test_id


def _targets(target: str | None, workspace: Path | None, key_root: Path) -> list[tuple[str, list[Path]]]:
    from .progress import find_workspace, workspace_assignments
    ws = Path(workspace).resolve() if workspace else find_workspace()
    known = course.assignments(key_root)
    if target:
        t = Path(target)
        if t.suffix == ".ipynb":
            t = t.resolve()
            if not t.is_file():
                raise SelfgradeError(msg("no notebook {path}", path=target))
            a = t.parent.name
            if a not in known:
                raise SelfgradeError(msg("{path}: its folder {folder!r} is not an assignment of the course "
                                         "({assignments})", path=target, folder=a, assignments=", ".join(known)))
            return [(a, [t])]
        if t.is_dir() and t.name in known:
            return [(t.name, sorted(t.resolve().glob("*.ipynb")))]
        if target not in known:
            raise SelfgradeError(msg("no assignment {name!r}; the course has {assignments}", name=target,
                                     assignments=", ".join(known)))
        d = ws / target
        if not d.is_dir():
            raise SelfgradeError(msg("no {folder}: run `workbook lab` (or `make lab`) to copy the assignments into "
                                     "your workspace, or give the path of a notebook", folder=d))
        return [(target, sorted(d.glob("*.ipynb")))]
    names = [a for a in workspace_assignments(ws) if a in known]
    if not names:
        raise SelfgradeError(msg("no assignment to grade in {workspace}: run `workbook lab` (or `make lab`) first, "
                                 "or name an assignment or a notebook", workspace=ws))
    return [(a, sorted((ws / a).glob("*.ipynb"))) for a in names]


def selfgrade(target: str | None = None, workspace: str | Path | None = None, timeout: float = 900,
              log=print) -> list[Report]:
    key_root = solution_root()
    return [grade_assignment(key_root, a, nbs, timeout, log) for a, nbs in _targets(target, workspace, key_root)]


COLORS = {"pass": "green", "partial": "yellow", "fail": "red", "manual": "cyan", "missing": "red"}


def result_word(status: str) -> str:
    """A question's result, in the current language."""
    return {"pass": tr("pass"), "partial": tr("partial"), "fail": tr("fail"), "manual": tr("by a person"),
            "missing": tr("missing")}.get(status, status)


def table(report: Report):
    from rich.markup import escape
    from rich.table import Table
    title = format_("selfgrade {assignment}: {score} / {max_score} autograded points",
                    assignment=report.assignment, score=f"{report.score:g}", max_score=f"{report.max_score:g}")
    if not report.sandboxed:
        title += " " + tr("(unsandboxed)")
    t = Table(title=title, show_lines=True)
    t.add_column(tr("question"))
    t.add_column(tr("points"), justify="right")
    t.add_column(tr("result"))
    t.add_column(tr("message"), overflow="fold")
    for q in report.questions:
        pts = f"{q.score:g} / {q.max_score:g}" if q.score is not None else f"- / {q.max_score:g}"
        color = COLORS.get(q.status, "white")
        t.add_row(q.question, pts, f"[{color}]{result_word(q.status)}[/{color}]", escape(q.message))
        for label, got, mx, status, note in q.groups:   # the points of each group (a coding test's test cells)
            color = COLORS.get(status, "white")
            t.add_row(f"  └ {escape(label)}", f"{got:g} / {mx:g}", f"[{color}]{result_word(status)}[/{color}]",
                      escape(note))
    return t


def main(args) -> int:
    from ..ui import console
    try:
        key_root = solution_root()
        targets = _targets(args.target, args.workspace, key_root)
    except SelfgradeError as e:
        with i18n.using(i18n.command_language()):
            console.print(format_("[red]error:[/red] {error}", error=str(e)))
        return 1
    with i18n.using(notebooks_language([p for _, nbs in targets for p in nbs])):
        reports = [grade_assignment(key_root, a, nbs, args.timeout, console.print) for a, nbs in targets]
        bad = _show(reports, console)
    return 1 if bad else 0


def notebooks_language(paths: list[Path]) -> i18n.Language:
    """The language of the learner's notebooks (the first that says), for
    selfgrade's own lines; each notebook's messages speak its own."""
    for p in paths:
        try:
            return i18n.language_for(i18n.notebook_language(nbm.read(p)))
        except nbm.NotebookError:
            continue
    return i18n.Language()


def _show(reports, console) -> bool:
    from rich.markup import escape
    bad = False
    for r in reports:
        if r.problem:
            console.print(f"[red]{format_('{assignment}: could not grade: {problem}', assignment=r.assignment, problem=r.problem)}[/red]")
            bad = True
            continue
        console.print(table(r))
        if r.exam:
            console.print("  " + r.exam)
        if r.running is not None:
            console.print("  " + during_exam(r.running))
        if r.problems is not None:
            for line in all_or_nothing(r.problems):
                console.print("  " + escape(tr(line)))
        for n in r.notes:
            console.print("  " + format_("note: {note}", note=n))
    console.print(f"[dim]{tr('Your notebooks were not changed. Hidden tests included; written answers are graded by a person (see solution(...) for the model answer and its rubric).')}[/dim]")
    return bad
