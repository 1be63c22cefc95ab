"""A flag's and a result's text is read by an instructor, in a terminal, a log or a spreadsheet, and it quotes
names a submission chose (its files', folders' and notebooks' names). The seventh hostile round put escape codes
and a line break in a folder's name: the report's terminal output erased the student's FLAGGED line and printed
a made-up one, and a name starting with = made grades.csv's flags cell a spreadsheet formula. A name is shown
as text (``results.printable``), and no text cell of grades.csv starts like a formula."""
from __future__ import annotations

import csv

import pytest

from workbook.grading import report, staging
from workbook.grading.results import Flag, Result, TaskResult, printable

FAKE_LINE = "\x1b[1A\x1b[2K\x1b[32mall clear\x1b[0m\nFLAGGED someone\n    - copied q3"
NAMES = [FAKE_LINE, "a\rb", "tab\there", "right\u202eto left", "line\u2028separator", "\x7fdel", "\x9b31m"]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_a_submission_chose_reaches_no_flag_as_a_control_character(name, tmp_path):
    deep = tmp_path / "sub" / name
    for i in range(staging.MAX_DEPTH + 1):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (deep / "f.txt").write_text("x")
    staged = staging.stage(tmp_path / "sub", tmp_path / "staged")
    assert staged.flags, "the deep folder is refused"
    for f in staged.flags:
        assert str(f).isprintable() and name not in str(f), str(f)
    assert printable(name).isprintable() and printable(name) != name
    assert Flag("files", name, name, name).reason == printable(name)
    assert Result("s", "a", "failed", reason=name).reason == printable(name)
    assert TaskResult("s", "a", False, reason=name).reason == printable(name)
    later, task = Result("s", "a", "graded"), TaskResult("s", "a", True)
    later.reason, task.reason = "could not record: " + name, "failed: " + name   # set after, as the runner does
    task.reason += name
    assert later.reason == printable("could not record: " + name)
    assert task.reason.isprintable() and name not in task.reason


def test_the_report_shows_a_hostile_name_as_text_and_grades_csv_holds_no_formula(tmp_path):
    formula = '=HYPERLINK(CONCAT("https:",CHAR(47),CHAR(47),"evil.example"),"ok")'
    rep = report.Report("A", tmp_path / "grades.csv", tmp_path / "g.png", tmp_path / "flagged.json")
    rep.rows = [report.Row("=1+1", "graded", total=3.0, flags=[formula]),
                report.Row("@sum", "failed", reason="-2+3", flags=["+cmd", FAKE_LINE])]
    rep.flagged = {"=1+1": [formula], "@sum": ["+cmd", FAKE_LINE]}
    report.write_csv(rep)
    with open(rep.csv, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        for key in ("student", "reason", "flags", "flags_cleared"):
            assert row[key][:1] not in ("=", "+", "-", "@", "\t", "\r"), (key, row[key])
            assert row[key].isprintable(), (key, row[key])
    assert rows[0]["flags"] == "'" + formula and rows[0]["student"] == "'=1+1"
    from workbook.ui import console
    with console.capture() as shown:
        report.print_report(rep, tmp_path)
    text = shown.get()
    assert "\x1b[1A" not in text and "\nFLAGGED someone" not in text and "\\x1b[1A" in text, text


def test_the_score_table_shows_a_flag_as_text_not_as_rich_markup():
    from rich.console import Console

    from workbook.ui import results_table
    r = Result("s[bold]", "A", "graded", score=1, max_score=2,
               flags=[Flag("staging", "[red]x[/red]: nested more than 12 folders deep (not graded)")])
    console = Console(width=200, record=True, color_system=None)
    console.print(results_table([r], "t"))
    text = console.export_text()
    assert "[red]x[/red]" in text and "s[bold]" in text, text
