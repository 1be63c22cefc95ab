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
