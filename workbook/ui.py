"""Terminal output: the grading progress bar and score tables (rich)."""
from __future__ import annotations

import os
import sys
import threading
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from .grading.results import printable

# A terminal gets its own width. A log or a pipe has none: rich would take 80 columns and cut every table
# cell to fit ("31…", "man…" in make demo's summary of twelve assignments); there a line may be as long
# as the table needs (COLUMNS still wins when set).
LOG_WIDTH = 1000
console = Console(highlight=False,
                  width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else LOG_WIDTH)


def rule(title: str) -> None:
    """A section's heading line: the terminal's width, 80 columns in a log."""
    from rich.rule import Rule
    console.print(Rule(title), width=None if console.is_terminal else 80)


class GradingProgress:
    """done/total, failures, rate and ETA. On a terminal a live bar; in a log
    (CI, a pipe) one line per finished submission, named after ``title``.
    Runs that overlap (several assignments in turn) share one live display,
    a bar each."""

    _shared = None          # the live display of the bars now shown, and how many there are
    _users = 0
    _lock = threading.Lock()

    def __init__(self, total: int, done: int = 0, failed: int = 0, enabled: bool = True, log=print,
                 title: str = "grading"):
        self.total, self.done, self.failed = total, done, failed
        self.enabled, self.log, self.title = enabled, log, title
        self.start = time.monotonic()
        self.live = enabled and sys.stdout.isatty()
        self.progress = None

    def __enter__(self):
        if self.live:
            cls = GradingProgress
            with cls._lock:
                if cls._shared is None:
                    cls._shared = Progress(
                        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("failed {task.fields[failed]}"), TextColumn("{task.fields[rate]}"),
                        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console)
                    cls._shared.start()
                cls._users += 1
                self.progress = cls._shared
                self.task = self.progress.add_task(self.title, total=self.total, completed=self.done,
                                                   failed=self.failed, rate="")
        return self

    def note(self, r) -> None:
        if r.status == "failed":
            self.failed += 1
        self.done += 1
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = f"{self.done / elapsed * 60:.1f}/min"
        if self.progress is not None:
            self.progress.update(self.task, completed=min(self.done, self.total), failed=self.failed, rate=rate)
        elif self.enabled:
            what = {"graded": f"{r.score:g}/{r.max_score:g}", "unchanged": "unchanged, skipped",
                    "failed": f"FAILED: {r.reason}"}[r.status]
            self.log(f"{self.title} [{min(self.done, self.total)}/{self.total}, {self.failed} failed] "
                     f"{printable(r.student)}: {what}")

    def __exit__(self, *exc):
        if self.progress is not None:
            cls = GradingProgress
            with cls._lock:
                cls._users -= 1
                if cls._users == 0:
                    cls._shared.stop()
                    cls._shared = None


def results_table(results, title: str) -> Table:
    t = Table(title=title)
    for col in ("student", "status", "score", "notes"):
        t.add_column(col)
    for r in results:
        score = f"{r.score:g} / {r.max_score:g}" if r.status in ("graded", "unchanged") else "-"
        notes = "; ".join(([r.reason] if r.reason else []) + [str(f) for f in r.flags])
        # plain text, never rich's markup: a flag quotes names a submission chose ("[red]...")
        t.add_row(Text(printable(r.student)), r.status, score, Text(notes))
    return t
