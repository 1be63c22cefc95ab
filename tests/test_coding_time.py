"""A program cannot buy CPU time in 10_coding_test's efficiency groups by spending on one case what the judge
allowed elsewhere (workbook/checks/coding.py): each efficiency case runs in a jail of its own whose CPU budget is
that case's limit and an allowance to start no larger than the reference's own start on the same case, enforced from
outside the program's process (the driver's per-case timer runs inside it, and a program can switch it off)."""
from __future__ import annotations

import pytest

from test_coding_test import judged, verdicts
from workbook.checks import coding
from workbook.checks.coding_messages import GroupFailed, Verdict

pytestmark = pytest.mark.sandbox


# a correct program whose second case runs past its own limit with the driver's timers off, on the time the first
# case left of the group (the seventh hostile round: 6 points of 10's Q3 efficiency group this way)
TIME_SHIFT = """import signal, sys, time
case = input()
if case == "2":
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.setitimer(signal.ITIMER_REAL, 0)
    while time.process_time() < 0.5:
        pass
print(case)
"""


def test_an_efficiency_case_has_its_own_limit_whatever_the_other_cases_left():
    """The reference prints at once, so each case's limit is the floor (0.3 s) and the group's two cases 0.6 s:
    the second case's 0.5 s of CPU fits the group but not its own limit, and is 시간 초과."""
    with judged():
        try:
            coding.check_group(TIME_SHIFT, "stdin", "efficiency", ["1\n", "2\n"], reference="print(input())\n")
        except GroupFailed as e:
            failed = e
        else:
            failed = None
    assert failed is not None and verdicts(failed.results) == [Verdict.ACCEPTED, Verdict.TIME], failed


# a function-style case of 1.5 MB of short strings: the estimate of what reading it costs (coding.PARSE_CPU per MB)
# gave 0.2 s for a decode of about 0.02 s, and a program with the driver's timers off spent it on the case (the
# eighth hostile round: 0.49 s accepted on a 0.3 s limit)
SPENDS_ALLOWANCE = """import signal, time
t0 = time.process_time()
signal.setitimer(signal.ITIMER_PROF, 0)
signal.setitimer(signal.ITIMER_REAL, 0)
def solution(a):
    while time.process_time() - t0 < 0.45:
        pass
    return len(a)
"""


def test_an_efficiency_cases_allowance_to_start_is_what_the_references_start_took_not_an_estimate():
    case = [["o%06d" % i for i in range(150000)]]
    data = coding.encode_cases([case])
    assert coding.startup_cpu(data, "function") > 0.2   # the estimate: the program's 0.45 s would fit in it
    with judged():
        try:
            coding.check_group(SPENDS_ALLOWANCE, "function", "efficiency", [case],
                               reference="def solution(a):\n    return len(a)\n")
        except GroupFailed as e:
            failed = e
        else:
            failed = None
    assert failed is not None and verdicts(failed.results) == [Verdict.TIME], failed


# a report of the program's own, sent through the driver's function before the case ran on into the driver's timer:
# the driver's "time" report came second and was dropped, and its exit code was not read (the eighth hostile round)
FORGED_THEN_TIMED_OUT = """import time
import __main__ as driver
def solution(n):
    driver._send({"case": 0, "status": "ok", "cpu": 0.01}, str(n + 1).encode())
    t0 = time.process_time()
    while time.process_time() - t0 < 5:
        pass
    return n + 1
"""


def test_a_case_the_drivers_timer_ended_is_a_time_out_whatever_the_program_reported():
    with judged():
        try:
            coding.check_group(FORGED_THEN_TIMED_OUT, "function", "efficiency", [[1234]],
                               reference="def solution(n):\n    return n + 1\n")
        except GroupFailed as e:
            failed = e
        else:
            failed = None
    assert failed is not None and verdicts(failed.results) == [Verdict.TIME], failed


# run outside the jail (a notebook's own run), where a program can leave a mark: each run appends a line to a file
# (a 백준 program runs once per case: these groups have one case),
# and the first run spins past any limit, as a correct program would on a machine that a neighbour slowed for a moment
FIRST_RUN_SLOW = """import os
with open({mark!r}, "a") as f:
    f.write("run\\n")
with open({mark!r}) as f:
    first = len(f.read().split()) == 1
while first or {always}:
    pass
print(input())
"""


def _runs(mark) -> int:
    return len(mark.read_text().split()) if mark.exists() else 0


@pytest.mark.parametrize("group", ["correctness 1", "efficiency"])
def test_a_time_out_is_judged_again_and_a_correct_program_slowed_once_keeps_its_marks(tmp_path, group):
    """A time-out is run a second time at once (coding._judged_again): a correct program that one busy moment
    pushed over its limit is accepted, in a small group (limits from the calibration) as in an efficiency group
    (limits from the reference, measured again for the second run)."""
    mark, ref_mark = tmp_path / "runs", tmp_path / "reference"
    program = FIRST_RUN_SLOW.format(mark=str(mark), always=False)
    if group == "efficiency":
        reference = f"with open({str(ref_mark)!r}, 'a') as f:\n    f.write('run\\n')\nprint(input())\n"
        results = coding.check_group(program, "stdin", group, ["7\n"], reference=reference)
        assert _runs(ref_mark) == 2   # measured for the first run, and again for the second
    else:
        results = coding.check_group(program, "stdin", group, ["7\n"], ["7\n"])
    assert verdicts(results) == [Verdict.ACCEPTED] * len(results) and _runs(mark) == 2


@pytest.mark.parametrize("group", ["correctness 1", "efficiency"])
def test_a_time_out_that_stands_twice_is_a_time_out_and_says_so_and_a_wrong_answer_is_not_run_again(tmp_path, group):
    mark = tmp_path / "runs"
    slow = FIRST_RUN_SLOW.format(mark=str(mark), always=True)
    kw = {"reference": "print(input())\n"} if group == "efficiency" else {"expected": ["7\n"]}
    with pytest.raises(GroupFailed) as failed:
        coding.check_group(slow, "stdin", group, ["7\n"], **kw)
    first = failed.value.results[0]
    assert first.verdict is Verdict.TIME and first.again and _runs(mark) == 2   # run twice, never a third time
    lines = [str(line) for line in failed.value.line_messages()]
    assert any("run a second time at once" in line for line in lines), lines
    wrong = tmp_path / "wrong"
    with pytest.raises(GroupFailed) as failed:
        coding.check_group(f"open({str(wrong)!r}, 'a').write('run\\n')\nprint(1)\n", "stdin", group, ["7\n"], **kw)
    assert failed.value.results[0].verdict is Verdict.WRONG and _runs(wrong) == 1
