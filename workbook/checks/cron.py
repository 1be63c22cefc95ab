"""A crontab line, checked field by field (01_shell).

The answer is a shell command that adds a job to the server's crontab file (``config/crontab``, kept
in git and installed with ``crontab config/crontab``). ``check_crontab_line`` runs it as every 01
answer runs (``workbook.checks.shell.run``: a fresh copy, jailed when graded), then reads the file the
command left: the lines already there must stay as they were, exactly one job line must follow, and
the file must end with a newline (``crontab`` refuses a file without one). The new line's five time
fields are expanded by cronsim (the cron dialect of Debian's cron: names of days and months, ranges,
lists, steps; ``7`` is Sunday) and compared with the expected schedule field by field; the days are
compared by the dates they select over eight years, so the rule that makes cron run a job when
*either* restricted day field matches is judged by its effect. The command part is compared with the
expected one, runs of blanks aside.
"""
from __future__ import annotations

import datetime as dt

from cronsim import CronSim, CronSimError
from cronsim.cronsim import Field

from ..messages import joined, msg
from .command import answer_text, check_syntax, shown
from .core import AuthoringError, CheckFailed
from .shell import _compare, pristine, run

FIELDS = (msg("the minute field"), msg("the hour field"), msg("the day-of-month field"), msg("the month field"),
          msg("the day-of-week field"))
DAY_NAMES = (msg("Sun"), msg("Mon"), msg("Tue"), msg("Wed"), msg("Thu"), msg("Fri"), msg("Sat"))
_FIRST, _DAYS = dt.date(2026, 1, 1), 8 * 366     # the dates the day fields are judged on


def _compact(values) -> str:
    """1,2,3,5 -> 1-3,5."""
    vals = sorted(values)
    out, i = [], 0
    while i < len(vals):
        j = i
        while j + 1 < len(vals) and vals[j + 1] == vals[j] + 1:
            j += 1
        out.append(str(vals[i]) if i == j else f"{vals[i]}-{vals[j]}")
        i = j + 1
    return ",".join(out)


def _weekdays(dates):
    """The days of the week of ``dates``, Sunday first, as a message ("Sun, Mon")."""
    days = sorted({(d.weekday() + 1) % 7 for d in dates})
    return joined([DAY_NAMES[d] for d in days], ", ")


def parse(fields: list[str]) -> CronSim:
    """The schedule of five time fields, or a failure naming the field cron cannot read."""
    for name, text, kind in zip(FIELDS, fields, (Field.MINUTE, Field.HOUR, Field.DAY, Field.MONTH, Field.DOW)):
        try:
            kind.parse(text.upper())
        except (CronSimError, ValueError, IndexError):
            raise CheckFailed(msg("cron cannot read {field} of your new line: `{text}`", field=name, text=text),
                              hint="a field is a number, `*`, a range such as 1-5, a list such as 1,3,5 or a step "
                                   "such as */15, within its limits (minute 0-59, hour 0-23, day 1-31, month 1-12, "
                                   "day of week 0-7)", show_values=False,
                              hidden_message=msg("cron cannot read {field} of the new line", field=name)) from None
    try:
        return CronSim(" ".join(fields), dt.datetime(2026, 1, 1))
    except CronSimError:
        raise CheckFailed("cron cannot read the time fields of your new line", show_values=False) from None


def _dates(sim: CronSim) -> set[dt.date]:
    return {d for d in (_FIRST + dt.timedelta(days=k) for k in range(_DAYS))
            if d.month in sim.months and sim.match_day(d)}


def check_crontab_line(command, *, schedule: str, job: str, seed: int = 0, path: str = "config/crontab",
                       hint: str | None = None) -> None:
    """Run ``command``; the crontab file ``path`` must then hold its old lines, then one job line
    (comment lines aside) running ``job`` on ``schedule`` (five time fields), and end with a newline.
    The command prints nothing and changes nothing else."""
    command = answer_text(command)
    check_syntax(command)
    res = run(command, seed)
    tree = pristine(seed)
    old = tree[path]
    if path in res.files:
        tree[path] = res.files[path]
    _compare(res, stdout=[], code=0, tree=tree, stderr_pattern=None, subject="your command", label="your command",
             hint=hint, unordered=False, spaces=False)
    head = shown(command, msg("your command"))
    text = res.files[path]
    if not isinstance(text, bytes) or not text.startswith(old):
        raise CheckFailed(msg("your command changed or removed the lines already in `{path}`\n{head}", path=path,
                              head=head),
                          hint="append to the file (>>): > empties it first, and the jobs already there are lost",
                          show_values=False,
                          hidden_message=msg("on another server, your command changed or removed the lines already "
                                             "in `{path}`", path=path))
    added = text[len(old):].decode("utf-8", "replace")
    jobs = [line for line in added.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(jobs) != 1:
        count, lines = len(jobs), "\n".join(f"        {line}" for line in added.splitlines()[:8])
        raise CheckFailed(msg("your command added {count} job lines to `{path}`, expected exactly one\n{head}\n"
                              "  added:\n{lines}", count=count, path=path, head=head, lines=lines),
                          hint="one line: the five time fields, then the command; quote the whole line so that the "
                               "shell passes it on as it is (an unquoted * is replaced by file names)",
                          show_values=False,
                          hidden_message=msg("the command did not add exactly one job line to `{path}`", path=path))
    if not added.endswith("\n"):
        raise CheckFailed(msg("`{path}` does not end with a newline after your line: crontab refuses such a file "
                              "(\"missing newline before EOF\")\n{head}", path=path, head=head),
                          hint="echo ends its line with a newline; printf needs \\n", show_values=False)
    line = jobs[0]
    parts = line.split(None, 5)
    if line.lstrip().startswith("@") or len(parts) < 6:
        raise CheckFailed(msg("a crontab line is five time fields and then the command: `{line}`", line=line.strip()),
                          hint="minute, hour, day of month, month, day of week, then the command, separated by "
                               "spaces", show_values=False,
                          hidden_message="the new line is not five time fields followed by the command")
    fields, got_job = parts[:5], parts[5]
    got = parse(fields)
    try:
        want = CronSim(schedule, dt.datetime(2026, 1, 1))
    except CronSimError as e:
        raise AuthoringError(f"the expected schedule {schedule!r}: {e}") from None
    for k, (name, g, w) in enumerate(zip(FIELDS[:2], (got.minutes, got.hours), (want.minutes, want.hours))):
        if g != w:
            raise CheckFailed(msg("{field} of your line, `{text}`, selects {got}; the job should run at {want}\n"
                                  "  your line: {line}", field=name, text=fields[k], got=_compact(g),
                                  want=_compact(w), line=line),
                              hint="the fields are minute, hour, day of month, month, day of week, in that order: "
                                   "02:30 is `30 2`", show_values=False,
                              hidden_message=msg("{field} of the new line is not the one asked", field=name))
    got_dates, want_dates = _dates(got), _dates(want)
    if got.months != want.months:
        raise CheckFailed(msg("the month field of your line, `{text}`, selects months {got}; the job should run in "
                              "months {want}\n  your line: {line}", text=fields[3], got=_compact(got.months),
                              want=_compact(want.months), line=line),
                          hint="every month is `*`", show_values=False,
                          hidden_message="the month field of the new line is not the one asked")
    if got_dates != want_dates:
        both = not fields[2].startswith("*") and not fields[4].startswith("*")
        note = (msg("when both day fields are restricted, cron runs the job on the days that match EITHER of "
                    "them: leave the day of month `*`") if both else
                msg("your day fields select {got}; the job should run on {want}", got=_weekdays(got_dates),
                    want=_weekdays(want_dates)))
        raise CheckFailed(msg("the day fields of your line, `{day}` (day of month) and `{weekday}` (day of week), "
                              "select other days than asked: {note}\n  your line: {line}", day=fields[2],
                              weekday=fields[4], note=note, line=line),
                          hint="the day of week counts from 0 = Sunday (7 is Sunday too): Monday to Friday is 1-5",
                          show_values=False, hidden_message="the day fields of the new line select other days than asked")
    if " ".join(got_job.split()) != " ".join(job.split()):
        raise CheckFailed(msg("the command part of your line is `{got}`; it should be `{job}`", got=got_job.strip(),
                              job=job),
                          hint="cron starts the job in your home folder with a minimal PATH: the command uses "
                               "absolute paths, exactly as given", show_values=False,
                          hidden_message="the command part of the new line is not the one asked")
