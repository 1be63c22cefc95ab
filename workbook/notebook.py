"""The running notebook, as code in a student's kernel sees it.

A kernel does not know which notebook it runs; JupyterLab names it in
``JPY_SESSION_NAME``, and nbgrader, nbclient and `workbook` run a notebook
in its own folder (an assignment folder holds one notebook, named after the
folder). Its metadata says what a student's own run needs to know: the
language it was released in (``workbook.language``) and whether it is being
taken as a timed exam (``workbook.exam``).

Nothing here decides a grade: in grading, the judge reads the submitted
notebook itself and the student's kernel is only asked for plain data.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

KEY = "workbook"      # notebook.metadata.workbook


def find(folder: str | Path | None = None) -> Path | None:
    """The notebook the code in this process belongs to, or None."""
    folder = Path(folder or os.getcwd())
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb"):
        p = Path(session) if os.path.isabs(session) else folder / Path(session).name
        try:
            if p.is_file() and p.parent.resolve() == folder.resolve():
                return p
        except OSError:
            pass
    found = sorted(folder.glob("*.ipynb"))
    same_name = [p for p in found if p.stem == folder.name]
    return (same_name or found or [None])[0]


def metadata(path: Path | None) -> dict:
    """``metadata.workbook`` of a notebook file ({} when unreadable)."""
    if path is None:
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            meta = json.load(f).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return {}
    out = meta.get(KEY) if isinstance(meta, dict) else None
    return out if isinstance(out, dict) else {}


@dataclass
class Exam:
    """A notebook taken as a timed exam (``workbook exam``): no hints, no
    solutions, no hint lines in the ✘ messages, a countdown."""

    started: dt.datetime
    minutes: int
    questions: tuple[str, ...] = ()   # the exam's section ('q15', 'q16'...); () when it is the whole notebook
    frame: str = ""   # the frame it was taken in (`workbook exam A --frame NAME`: 'samsung'), else ""

    @classmethod
    def of(cls, meta: dict) -> "Exam | None":
        e = meta.get("exam") if isinstance(meta, dict) else None
        if not isinstance(e, dict):
            return None
        try:
            started = dt.datetime.fromisoformat(str(e["started"]))
            minutes = int(e["minutes"])
            questions = tuple(str(q) for q in e.get("questions") or ())
            frame = str(e.get("frame") or "")
        except (KeyError, ValueError, TypeError):
            return None
        if started.tzinfo is None:
            started = started.replace(tzinfo=dt.timezone.utc)
        return cls(started, minutes, questions, frame)

    def covers(self, question: str | None) -> bool:
        """Whether the exam takes the hints of ``question`` away ('q15' or its full id 'q15_gated_block'):
        every question of the notebook, or those of its section; None (no question named) is covered."""
        return not self.questions or question is None or str(question).split("_")[0] in self.questions

    @property
    def deadline(self) -> dt.datetime:
        return self.started + dt.timedelta(minutes=self.minutes)

    def left(self, now: dt.datetime | None = None) -> dt.timedelta:
        return self.deadline - (now or dt.datetime.now(dt.timezone.utc))

    def taken(self, until: dt.datetime) -> dt.timedelta:
        return until - self.started


_exam_cache: dict[str, tuple[float, Exam | None]] = {}


def running_exam(folder: str | Path | None = None) -> Exam | None:
    """The exam the running notebook is taken as (re-read when the file
    changes), or None. (The checks do not ask inside the grader's judge.)"""
    path = find(folder)
    if path is None:
        return None
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    key = str(path)
    if key not in _exam_cache or _exam_cache[key][0] != mtime:
        _exam_cache[key] = (mtime, Exam.of(metadata(path)))
    return _exam_cache[key][1]
