"""`workbook exam ASSIGNMENT`: take an assignment as a timed exam.

The mentors' "AI implementation test" (03_pytorch_test) is taken without help
and against the clock. Started before the notebook is opened, an exam is
recorded in the notebook itself (``metadata.workbook.exam``: when it started
and how many minutes it has); while it runs, in that notebook:

* ``hint()``, the hint buttons and ``solution()`` give nothing: each hint
  button shows the time left instead;
* a failing test shows its ✘ line, expected and got, but not its hint.

When the time is up, everything comes back. ``workbook selfgrade`` shows the
time taken: from the start to the notebook's last save. Grading is the same
with or without an exam.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..course import nb as nbm
from ..i18n import format_, tr
from ..messages import msg
from ..notebook import KEY, Exam

DEFAULT_MINUTES = {"03_pytorch_test": 120}


class ExamError(RuntimeError):
    """Why an exam cannot start: ``message`` (a message), rendered by ``str()``
    in the current language."""

    def __init__(self, message):
        self.message = message
        super().__init__()

    def __str__(self) -> str:
        from ..messages import render
        return render(self.message)


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


def start(path: Path, minutes: int, now: dt.datetime | None = None) -> Exam:
    """Record the exam in the notebook (refused when one is recorded already)."""
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
    nbm.write(nb, path)
    return Exam(started, int(minutes))


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
            minutes = args.minutes or DEFAULT_MINUTES.get(path.parent.name, 90)
            e = start(path, minutes)
        except (ExamError, nbm.NotebookError) as err:
            console.print(format_("[red]error:[/red] {error}", error=str(err)))
            return 1
        console.print(format_("Exam started on [bold]{path}[/bold]: {minutes} minutes, until {deadline}. Open the "
                              "notebook now (close it first if it is open: JupyterLab would save over the exam). "
                              "Hints, solutions and the hints of the ✘ messages are off until the time is up; "
                              "`workbook selfgrade` shows the time you took.", path=path, minutes=e.minutes,
                              deadline=f"{e.deadline.astimezone():%H:%M}"))
    return 0
