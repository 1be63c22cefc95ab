"""What grading produces, as typed data: flags, per-submission results and
what a grading task hands back to the single gradebook writer.

Modules exchange these, never text to match: a flag has a kind, the notebook
and cell it is about, and a sentence for the instructor; a result has a
status (graded, unchanged, failed, missing, refused) and, when it failed or
was refused, the reason.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


def printable(text: str) -> str:
    """``text`` as an instructor's terminal, log or spreadsheet may show it: every character that is not
    printable (control characters such as ESC, line breaks, Unicode's bidirectional and other format controls)
    written as its escape (``\\x1b``, ``\\n``, ``\\u202e``). A flag's or a result's text holds names a
    submission chose (its files', folders' and notebooks' names): a name must not move the cursor, erase a
    line or start a line of its own in the report."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


@dataclass(frozen=True)
class Flag:
    """Something the instructor should look at (it does not change a score
    by itself). ``kind``: staging | tamper | code | judge | process | limits | files."""

    kind: str
    reason: str
    notebook: str | None = None
    cell: str | None = None

    def __post_init__(self):   # names a submission chose, made printable once, wherever the flag was made
        object.__setattr__(self, "reason", printable(self.reason))
        for name in ("notebook", "cell"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, printable(getattr(self, name)))

    def __str__(self) -> str:
        where = ": ".join(x for x in (self.notebook, self.cell) if x)
        return f"{where}: {self.reason}" if where else self.reason

    @classmethod
    def of(cls, d: dict) -> "Flag":
        return cls(str(d.get("kind", "")), str(d.get("reason", "")), d.get("notebook"), d.get("cell"))


@dataclass
class Result:
    """One submission of one assignment."""

    student: str
    assignment: str
    status: str                 # graded | unchanged | failed | missing | refused (by `workbook merge`)
    score: float = 0.0
    max_score: float = 0.0
    reason: str = ""
    flags: list[Flag] = field(default_factory=list)
    seconds: float = 0.0

    def __setattr__(self, name, value):   # the reason, made printable however it is set (at init or after)
        object.__setattr__(self, name, printable(value) if name == "reason" else value)

    def to_json(self) -> dict:
        d = asdict(self)
        d["flags"] = [asdict(f) for f in self.flags]
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Result":
        d = dict(d)
        d["flags"] = [Flag.of(f) for f in d.get("flags", []) if isinstance(f, dict)]
        keep = {k: d[k] for k in ("student", "assignment", "status", "score", "max_score", "reason", "flags",
                                  "seconds") if k in d}
        return cls(**keep)


@dataclass
class GradeRow:
    notebook: str
    cell: str
    auto_score: float | None
    max_score: float


@dataclass
class CommentRow:
    notebook: str
    cell: str
    auto_comment: str | None


@dataclass
class TaskResult:
    """What one grading task hands back: the grades nbgrader computed in the
    task's own gradebook, the autograded files, flags. Plain data, so it can
    come from a local worker, a Dask worker or a shard's output folder."""

    student: str
    assignment: str
    ok: bool
    reason: str = ""
    timestamp: str | None = None
    grades: list[GradeRow] = field(default_factory=list)
    comments: list[CommentRow] = field(default_factory=list)
    notebooks: dict[str, dict] = field(default_factory=dict)   # name -> {"flagged": bool, "late_penalty": float}
    flags: list[Flag] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)        # relative path -> base64 (remote engines)
    files_dir: str | None = None                                 # or a folder on this machine
    verdicts: dict[str, dict[str, dict]] = field(default_factory=dict)   # notebook -> cell -> {status, lines}
    seconds: float = 0.0
    refused: bool = False   # not ok because of its own files (task.inspect): the same files are refused again

    def __setattr__(self, name, value):   # as Result's: a reason quotes names and output the submission chose
        object.__setattr__(self, name, printable(value) if name == "reason" else value)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> "TaskResult":
        d = dict(d)
        d["grades"] = [GradeRow(**g) for g in d.get("grades", [])]
        d["comments"] = [CommentRow(**c) for c in d.get("comments", [])]
        d["flags"] = [Flag.of(f) for f in d.get("flags", [])]
        return cls(**d)


class GraderError(RuntimeError):
    """A problem that stops the whole run (shown without a traceback)."""
