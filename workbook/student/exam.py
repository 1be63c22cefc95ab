"""`workbook exam ASSIGNMENT`: take an assignment as a timed exam.

The mentors' "AI implementation test" (03_pytorch_test) is taken without help
and against the clock. Started before the notebook is opened, an exam is
recorded in the notebook itself (``metadata.workbook.exam``: when it started
and how many minutes it has); while it runs, in that notebook:

* ``hint()``, the hint buttons and ``solution()`` give nothing: each hint
  button shows the time left instead;
* a failing test shows its ✘ line, expected and got, but not its hint.

Nor does anything else a student can run while an exam of the workspace has
time left (``blocking``): ``workbook hint``, ``workbook solution`` and
``workbook review`` in a terminal, ``hint()``, ``solution()``, ``review()``
(what each problem of a coding test was) and the hint buttons of any
notebook, for any assignment; a selfgrade of the notebook shows no hint lines
(and, in a coding test, no hidden case). The files they read (``.hints.json``,
``.review.json``) are dotfiles, which JupyterLab neither lists nor opens (a
terminal still can: a convenience, not a lock). When the time is up,
everything comes back. ``workbook selfgrade`` shows the time taken: from the start to the
notebook's last save. Grading is the same with or without an exam: a
selfgrade during it judges and scores every test, hidden ones included (a
coding test's hidden correctness and efficiency groups), and says so, except
in a frame judged after it ends (``Section.judged_after``: 10's kakao and
samsung frames, as on 프로그래머스 and in 삼성's test), where selfgrade refuses
until the time is up. A frame may be all or nothing (``Section.all_or_nothing``, 삼성's: a problem counts
only when all its test cases pass); selfgrade then also says which of its
problems are solved and how many, the points staying as they are.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..course import nb as nbm
from ..i18n import format_, tr
from ..messages import Message, MessageError, msg
from ..notebook import KEY, Exam

DEFAULT_MINUTES = {"10_coding_test": 240}


@dataclass(frozen=True)
class Section:
    """The part of an assignment that its exam is: the questions it covers (hints, solutions and the hint lines
    of their ✘ messages off while it runs) and the time it has."""
    title: Message
    questions: tuple[str, ...]
    minutes: int
    # the frame's rule for a problem: counted only when every test case of it passes, no partial points (삼성 SW
    # 역량 테스트); selfgrade then reports each of its problems solved or not, and how many are, beside the points
    all_or_nothing: bool = False
    # no result of a hidden test before the time is up (삼성's test is judged after it ends; a 카카오 test on
    # 프로그래머스 runs only the examples while it lasts): selfgrade refuses while it runs, and the notebook's test
    # cells check the examples only, as ever
    judged_after: bool = False


SECTIONS = {
    # 03's mock test, Part 3: Problem A (25 minutes), Problem B (35 minutes) and the written Question 17 (10)
    "03_pytorch_test": Section(msg("Part 3 · The mock test"), ("q15", "q16", "q17"), 70),
}
"""An assignment's exam when ``workbook exam`` names no frame: that section, else the whole notebook."""

FRAMES = {
    # 10's shorter frames, each the format of a company's test: its kind of problems, their number and its time
    "10_coding_test": {
        # 프로그래머스 style, five problems of rising level (Lv.1, two Lv.2, two Lv.3): about 5 + 2 × 30 + 2 × 45 minutes;
        # as on 프로그래머스 in a real test, only the examples run until the time is up
        "kakao": Section(msg("a 카카오·네이버-style test: the five 프로그래머스-style problems, 180 minutes"),
                         ("q1", "q4", "q6", "q10", "q14"), 180, judged_after=True),
        # 삼성 SW 역량 테스트 A형: two 백준-style problems (here an exhaustive search and a simulation, never said to
        # the student: a real test names no technique), 3 hours; a problem counts
        # only when all its test cases pass
        "samsung": Section(msg("a 삼성 SW 역량 테스트 A형-style test: two problems, all or nothing each, 180 minutes"),
                           ("q8", "q9"), 180, all_or_nothing=True, judged_after=True),
    },
}
"""The other exams an assignment offers (``workbook exam A --frame NAME``)."""


def section_of(assignment: str, frame: str | None = None) -> Section | None:
    """The section an exam of ``assignment`` covers: ``frame``'s (ExamError naming the frames there are when
    the assignment has no such frame), else the assignment's default section, else None (the whole notebook)."""
    if frame is None:
        return SECTIONS.get(assignment)
    frames = FRAMES.get(assignment, {})
    if frame not in frames:
        return _no_frame(assignment, frame, frames)
    return frames[frame]


def frame_of(assignment: str, e: Exam) -> Section | None:
    """The frame an exam of ``assignment`` was taken in: the one recorded with it, else (an exam recorded before
    frames were) the frame of exactly its questions; None for an exam of a section or the whole notebook."""
    frames = FRAMES.get(assignment, {})
    if e.frame:
        return frames.get(e.frame)
    return next((f for f in frames.values() if e.questions and f.questions == e.questions), None)


def _no_frame(assignment: str, frame: str, frames: dict) -> None:
    if not frames:
        raise ExamError(msg("{assignment} has no exam frames: `workbook exam {assignment}` takes the whole "
                            "assignment", assignment=assignment))
    raise ExamError(msg("{assignment} has no exam frame `{frame}`; its frames: {frames}", assignment=assignment,
                        frame=frame, frames=", ".join(frames)))


class ExamError(MessageError, RuntimeError):
    """Why an exam cannot start: ``message`` (a message), rendered by ``str()``
    in the current language."""


def notebook_of(target: str, workspace: Path) -> Path:
    t = Path(target)
    if t.suffix == ".ipynb":
        if not t.is_file():
            raise ExamError(msg("no notebook {path}", path=target))
        return t.resolve()
    folder = workspace / target
    nbs = sorted(folder.glob("*.ipynb"))
    if not nbs:
        raise ExamError(msg("no notebook in {folder}: run `workbook lab` (or `make lab`) first, or give a notebook's "
                            "path", folder=folder))
    return (([p for p in nbs if p.stem == target]) or nbs)[0]


def start(path: Path, minutes: int, now: dt.datetime | None = None, section: Section | None = None,
          frame: str | None = None) -> Exam:
    """Record the exam in the notebook (refused when one is recorded already); with a ``section``, the exam
    covers its questions only; ``frame``, the name of the frame that section is, is recorded with it."""
    nb = nbm.read(path)
    meta = nb.metadata.setdefault(KEY, {})
    if Exam.of(meta) is not None:
        e = Exam.of(meta)
        raise ExamError(msg("{name}: an exam was started on it at {started} UTC ({minutes} minutes); `workbook exam "
                            "--reset` removes it", name=path.name, started=f"{e.started:%Y-%m-%d %H:%M}",
                            minutes=e.minutes))
    if minutes <= 0:
        raise ExamError(msg("an exam needs a positive number of minutes"))
    started = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    meta["exam"] = {"started": started.isoformat(), "minutes": int(minutes)}
    if section is not None:
        meta["exam"]["questions"] = list(section.questions)
    if frame:
        meta["exam"]["frame"] = frame
    nbm.write(nb, path)
    return Exam(started, int(minutes), section.questions if section else (), frame or "")


def reset(path: Path) -> bool:
    nb = nbm.read(path)
    meta = nb.metadata.get(KEY, {})
    if "exam" not in meta:
        return False
    del meta["exam"]
    nbm.write(nb, path)
    return True


def report(path: Path) -> str | None:
    """The time an exam took, for selfgrade: from its start to the notebook's
    last save; None without an exam."""
    try:
        meta = nbm.read(path).metadata.get(KEY, {})
    except nbm.NotebookError:
        return None
    e = Exam.of(meta)
    if e is None:
        return None
    saved = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
    taken = max(0, int(e.taken(saved).total_seconds() // 60))
    return format_("exam: {taken} of {minutes} minutes (started {started}, last saved {saved})", taken=taken,
                   minutes=e.minutes, started=f"{e.started.astimezone():%H:%M}", saved=f"{saved.astimezone():%H:%M}") \
        + ("" if taken <= e.minutes else " " + tr("(over time)"))


_seen: dict[str, tuple[float, Exam | None]] = {}


def _exam_of(path: Path) -> Exam | None:
    """The exam recorded in a notebook (read again only when the file changes)."""
    from ..notebook import metadata
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    key = str(path)
    if key not in _seen or _seen[key][0] != mtime:
        _seen[key] = (mtime, Exam.of(metadata(path)))
    return _seen[key][1]


def _workspaces(start: Path) -> list[Path]:
    """The workspaces a student may be working in: the one above (or at)
    ``start``, and work/ of every course folder found from there and from
    the package's clone."""
    from ..course import layout
    from .progress import find_workspace
    out = [find_workspace(start)]
    for d in [start, *start.parents, layout.REPO_ROOT]:
        if (d / "work").is_dir() and ((d / "release").is_dir() or (d / "source").is_dir()):
            out.append(d / "work")
    return list(dict.fromkeys(p.resolve() for p in out if p.is_dir()))


def _notebooks(workspace: Path) -> list[Path]:
    """The notebooks one folder below ``workspace``. A folder that goes away while it is read (a shared
    folder such as /tmp, where other programs remove theirs) is skipped: pathlib's glob raises there."""
    out = []
    try:
        folders = sorted(workspace.iterdir())
    except OSError:
        return out
    for folder in folders:
        try:
            out += sorted(p for p in folder.iterdir() if p.suffix == ".ipynb") if folder.is_dir() else []
        except OSError:
            continue
    return out


def blocking(start: str | Path | None = None, now: dt.datetime | None = None, question: str | None = None,
             assignment: str | None = None) -> tuple[Path, Exam] | None:
    """(notebook, exam) of an exam with time left: the running notebook's,
    or any notebook's of the student's workspace. While there is one, no
    hint, solution or editorial is given, of any assignment: a student in an
    exam could otherwise ask for the answers from another notebook or a
    terminal. The one exception: a ``question`` of the exam's own assignment
    (``assignment``, else the running notebook's) that its section does not
    cover (03's Parts 1 and 2 during its mock test)."""
    from ..notebook import find
    here = Path(start or os.getcwd()).resolve()
    own = find(here)
    candidates = [p for p in [own] if p is not None]
    for ws in _workspaces(here):
        candidates += _notebooks(ws)
    assignment = assignment or (own.parent.name if own is not None else None)
    for path in dict.fromkeys(candidates):
        e = _exam_of(path)
        if e is not None and e.left(now).total_seconds() > 0:
            if question is not None and path.parent.name == assignment and not e.covers(question):
                continue
            return path, e
    return None


def refusal(found: tuple[Path, Exam]) -> str:
    """What a hint or solution command says during an exam."""
    path, e = found
    return format_("{assignment} is being taken as an exam until {deadline}: no hints, solutions or editorials "
                   "until then. {countdown}", assignment=path.parent.name, deadline=f"{e.deadline.astimezone():%H:%M}",
                   countdown=countdown_text(e))


def countdown_text(e: Exam) -> str:
    left = e.left()
    if left.total_seconds() <= 0:
        return tr("⏱ time is up: hints are back")
    mins = int(left.total_seconds() // 60)
    return format_("⏱ exam: {minutes} min left (no hints until the time is up)", minutes=mins)


def main(args) -> int:
    """`workbook exam`: its lines in the language of the exam's notebook."""
    from .. import i18n
    from ..ui import console
    from .progress import find_workspace
    ws = Path(args.workspace).resolve() if args.workspace else find_workspace()
    with i18n.using(i18n.command_language(ws)):
        try:
            path = notebook_of(args.assignment, ws)
        except ExamError as err:
            console.print(format_("[red]error:[/red] {error}", error=str(err)))
            return 1
    with i18n.using(i18n.folder_language(path.parent)):
        try:
            if args.reset:
                console.print(format_("{path}: exam removed", path=path) if reset(path) else
                              format_("{path}: no exam recorded", path=path))
                return 0
            section = section_of(path.parent.name, getattr(args, "frame", None))
            minutes = args.minutes or (section.minutes if section else DEFAULT_MINUTES.get(path.parent.name, 90))
            e = start(path, minutes, section=section, frame=getattr(args, "frame", None))
        except (ExamError, nbm.NotebookError) as err:
            console.print(format_("[red]error:[/red] {error}", error=str(err)))
            return 1
        if section is not None and getattr(args, "frame", None):
            console.print(format_("The exam is {title}: questions {questions}. Solve only those; the other "
                                  "questions keep their hints.", title=section.title,
                                  questions=", ".join(section.questions)))
        elif section is not None:
            console.print(format_("The exam is {title}: questions {questions}. Start it when you reach that part; "
                                  "the other questions keep their hints.", title=section.title,
                                  questions=", ".join(section.questions)))
        console.print(format_("Exam started on [bold]{path}[/bold]: {minutes} minutes, until {deadline}. Open the "
                              "notebook now (close it first if it is open: JupyterLab would save over the exam). "
                              "Hints, solutions and the hints of the ✘ messages are off until the time is up; "
                              "`workbook selfgrade` shows the time you took.", path=path, minutes=e.minutes,
                              deadline=f"{e.deadline.astimezone():%H:%M}"))
    return 0
