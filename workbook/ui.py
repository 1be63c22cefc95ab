"""Terminal output: the grading progress bar and score tables (rich)."""
from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

console = Console(highlight=False)


class GradingProgress:
    """done/total, failures, rate and ETA. On a terminal a live bar; in a log
    (CI, a pipe) one line per finished submission."""

    def __init__(self, total: int, done: int = 0, failed: int = 0, enabled: bool = True, log=print,
                 title: str = "grading"):
        self.total, self.done, self.failed = total, done, failed
        self.enabled, self.log, self.title = enabled, log, title
        self.start = time.monotonic()
        self.live = enabled and sys.stdout.isatty()
        self.progress = None

    def __enter__(self):
        if self.live:
            self.progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("failed {task.fields[failed]}"), TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console)
            self.progress.start()
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
            self.log(f"[{min(self.done, self.total)}/{self.total}, {self.failed} failed] {r.student}: {what}")

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()


def results_table(results, title: str) -> Table:
    t = Table(title=title)
    for col in ("student", "status", "score", "notes"):
        t.add_column(col)
    for r in results:
        score = f"{r.score:g} / {r.max_score:g}" if r.status in ("graded", "unchanged") else "-"
        notes = "; ".join(([r.reason] if r.reason else []) + [str(f) for f in r.flags])
        t.add_row(r.student, r.status, score, notes)
    return t
