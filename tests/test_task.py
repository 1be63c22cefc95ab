"""workbook/grading/task.py: one grading task. The judge's verdicts reach
the grader as data (TrustedExecute.verdicts), never re-read from the
outputs nbgrader scores."""
from __future__ import annotations

from workbook.grading import task
from workbook.grading.execute import TrustedExecute
from workbook.grading.judge import Verdict


def test_the_judge_writes_each_verdict_as_data_without_the_instructors_detail(tmp_path):
    te = TrustedExecute(verdicts=str(tmp_path / task.VERDICTS))
    resources = {"nbgrader": {"notebook": "01_shell", "student": "s1"}}
    te._record(resources, "test_q1_backup", Verdict("passed"))
    te._record(resources, "test_q2_recent_errors", Verdict("broken", ["q2: the grader could not run"],
                                                           detail="Traceback in the judge"))
    got = task.read_verdicts(tmp_path)
    assert got == {"01_shell": {"test_q1_backup": {"status": "passed", "lines": []},
                                "test_q2_recent_errors": {"status": "broken",
                                                          "lines": ["q2: the grader could not run"]}}}
    assert "Traceback in the judge" not in (tmp_path / task.VERDICTS / "01_shell.jsonl").read_text()


def test_a_broken_verdict_is_flagged_and_a_garbled_line_is_skipped(tmp_path):
    d = tmp_path / task.VERDICTS
    d.mkdir()
    (d / "02_sql.jsonl").write_text('{"cell": "test_q1", "status": "failed", "lines": ["q1: wrong"]}\n'
                                    'not json\n{"cell": "test_q2", "status": "broken", "lines": []}\n')
    flags = task.judge_flags(task.read_verdicts(tmp_path))
    assert [(f.kind, f.notebook, f.cell) for f in flags] == [("judge", "02_sql", "test_q2")]


def test_a_task_folder_never_holds_the_exercises_file(tmp_path):
    from conftest import REPO, TEST_SECRET
    from workbook.course import layout
    c = layout.Course.load(REPO)
    secret = tmp_path / "secret"
    secret.write_text(TEST_SECRET)
    template = tmp_path / "template.db"
    template.write_bytes(b"")     # prepare copies it; no gradebook is read here
    sub = tmp_path / "sub"
    sub.mkdir()
    dest, _ = task.prepare(c, "00_orientation", "s1", template, secret, tmp_path / "task", submission=sub)
    assert (REPO / "source" / "00_orientation" / "exercises.py").exists()
    assert not list(dest.rglob("exercises.py"))
    assert list((dest / "source" / "00_orientation" / "locale").rglob("*.po")), "the judge's catalogues are copied"
