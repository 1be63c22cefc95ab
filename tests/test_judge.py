"""workbook/grading/judge.py: one test cell judged outside the student's
kernel. Each test: a student's namespace (the same kernel.serve as in
grading, in-process), one test cell, one call, the verdict."""
from __future__ import annotations

import pytest

from workbook.checks.exercise import LocalTransport
from workbook.grading import judge
from workbook.markers import BEGIN_HIDDEN, END_HIDDEN

CELL = f'''from workbook.checks import exercise, check_equal


@exercise("q1")
def test_double(double: callable):
    check_equal(double(2), 4)
    {BEGIN_HIDDEN}
    from workbook.checks import hidden_seed
    n = hidden_seed() % 7 + 10
    check_equal(double(n), 2 * n)
    {END_HIDDEN}
'''
KEY = judge.seed_key("a secret of the unit tests, 0001")


def verdict(double, source=CELL):
    return judge.judge_cell(source, "test_double", LocalTransport({"double": double}), KEY, BEGIN_HIDDEN,
                            END_HIDDEN, timeout=30)


def test_a_right_answer_passes():
    v = verdict(lambda x: 2 * x)
    assert v.passed and v.outputs() == []


def test_a_visible_failure_shows_the_values():
    v = verdict(lambda x: x + 1)
    assert v.status == "failed" and "3" in "\n".join(v.lines)
    assert v.outputs()[0]["ename"] == "CheckFailed"


def test_a_hidden_failure_shows_no_input_or_expected_value():
    v = verdict(lambda x: 4 if x == 2 else 0)
    text = "\n".join(v.lines)
    assert v.status == "failed" and "hidden" in text
    assert not any(str(n) in text for n in range(10, 17)) and not any(str(2 * n) in text for n in range(10, 17))


def test_a_cell_not_in_the_exercise_format_is_recognised():
    assert judge.is_exercise_cell(CELL)
    assert not judge.is_exercise_cell("assert double(2) == 4")


def test_a_verdict_is_bounded_whatever_the_answer_made_of_its_message():
    v = judge.Verdict("failed", ["x" * 10_000] * 100, detail="y" * 100_000)
    assert len(v.lines) == judge.Verdict.MAX_LINES + 1 and all(len(x) < 2_100 for x in v.lines)
    assert len(v.detail) == judge.Verdict.MAX_DETAIL


@pytest.mark.parametrize("reply", [
    {}, {"content": {"status": "error", "ename": "X"}},
    {"content": {"status": "ok", "user_expressions": {"r": {"status": "ok", "data": {"text/plain": "42"}}}}},
    {"content": {"status": "ok", "user_expressions": {"r": {"status": "ok", "data": {"text/plain": "'[1]'"}}}}},
])
def test_a_garbled_reply_is_an_error_never_a_verdict(reply):
    assert set(judge.parse_reply(reply)) == {"error"}


def test_the_judges_data_folder_is_set_for_the_cell_only(monkeypatch, tmp_path):
    """Generators called by a test cell write to the judge's own folder, and
    nothing process-wide (the environment) changes."""
    import os
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    cell = '''from workbook.checks import exercise, check_true
from workbook import data


@exercise("q1")
def test_double(double: callable):
    check_true(data.cache_dir().name == "cache-judge", "the judge's folder")
'''
    assert verdict(lambda x: 2 * x, cell).passed
    assert os.environ["WORKBOOK_DATA"] == str(tmp_path / "cache")
    from workbook import data
    assert data.cache_dir() == tmp_path / "cache"
