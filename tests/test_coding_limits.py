"""10_coding_test's time limits relative to the grading machine (workbook/checks/coding.py, ``Machine``): a
correctness group has no reference program, so its limit is a multiple of a fixed calibration program's CPU time
measured on the machine that grades, never below the fixed floor. A slower grading machine is simulated, not hoped
for: the fixed floors (a case's and a group's limits, the allowance to start and read) are set as for a machine
``SLOWER`` times faster than this one, which makes this one ``SLOWER`` times slower than the floors' machine, and the
calibration is measured for real (bench/coding_limits.py measures how close the accepted programs come)."""
from __future__ import annotations

import time

import pytest

from conftest import REPO
from test_coding_test import _Jailed, _cells, _efficiency_group, _naive, _program, group, judged, verdicts
from workbook.checks import coding
from workbook.checks.coding_messages import GroupFailed, Verdict
from workbook.course import nb as nbm
from workbook.grading import judge

pytestmark = pytest.mark.sandbox
SLOWER = 3   # this machine is simulated to be this many times slower than the one the floors were set on


def _small_groups(gid: str, monkeypatch) -> list[dict]:
    """Every group of ``gid``'s correctness test cells (the examples and the hidden ones) as the cells make them
    with the fixed key (check_group caught, not called)."""
    caught: list[dict] = []

    def catch(program, style, group, cases, expected=None, **kw):
        caught.append(dict(style=style, group=group, cases=cases, expected=expected))

    with monkeypatch.context() as m:
        m.setattr(coding, "check_group", catch)
        for cell in ("correct_1", "correct_2"):
            judge.judge_cell(_cells()[f"test_{gid}_{cell}"], "test", _Jailed({gid: "x = 1\n"}), b"s" * 32,
                             nbm.BEGIN_HIDDEN, nbm.END_HIDDEN, 120, hidden_folder=REPO / "source" / "10_coding_test")
    return caught


def test_a_small_groups_limits_grow_with_the_calibration_and_never_fall_below_the_floor():
    floor = coding.Machine(0.2 * coding.GROUP_CPU / coding.SMALL_MULTIPLE)   # a machine faster than ours
    assert floor.slowness == 1 and floor.small_limits(3) == ([coding.CASE_CPU] * 3, coding.GROUP_CPU)
    slow = coding.Machine(3 * coding.GROUP_CPU / coding.SMALL_MULTIPLE)      # three times slower than ours
    limits, budget = slow.small_limits(3)
    assert limits == pytest.approx([3 * coding.CASE_CPU] * 3) and budget == pytest.approx(3 * coding.GROUP_CPU)
    assert slow.startup(b"x" * 10**6, "stdin") == pytest.approx(3 * coding.startup_cpu(b"x" * 10**6, "stdin"))


def test_a_correct_program_keeps_its_marks_on_a_slower_machine_and_a_runaway_still_fails_fast(monkeypatch):
    """On a machine ``SLOWER`` times slower than the floors', Q5's bitmask DP over the subsets, the accepted program
    that comes closest to its correctness groups' budgets (about 0.6 of correctness test 2's here, starting the
    process and the driver's own work per case included), passes every one of them (with the fixed floors it needs
    about twice its budget); an infinite loop still stops at its first case within a few seconds, and Q6's
    straightforward program still fails its efficiency group."""
    for name in ("CASE_CPU", "GROUP_CPU", "STARTUP_CPU"):
        monkeypatch.setattr(coding, name, getattr(coding, name) / SLOWER)
    monkeypatch.setattr(coding, "PARSE_CPU", {k: v / SLOWER for k, v in coding.PARSE_CPU.items()})
    groups = _small_groups("q5_vans", monkeypatch)
    assert [g["group"] for g in groups] == ["examples", "correctness 1", "correctness 2"]
    efficiency = _efficiency_group("q6_coupons", monkeypatch)
    correct = _program("q5_vans", "alternatives", 1)
    with judged():
        for g in groups:
            got = group(correct, g["style"], g["cases"], g["expected"])
            assert not isinstance(got, GroupFailed), (g["group"], "\n".join(got.lines()))
        g = groups[-1]
        start = time.monotonic()
        failed = group("while True:\n    pass\n", g["style"], g["cases"], g["expected"])
        took = time.monotonic() - start
        assert verdicts(failed.results) == [Verdict.TIME] + [Verdict.NOT_RUN] * (len(g["cases"]) - 1)
        assert failed.results[0].limit <= 3 * SLOWER * coding.CASE_CPU and took < 5, (failed.results[0].limit, took)
        naive = group(_naive("q6_coupons"), efficiency["style"], efficiency["cases"], [],
                      reference=efficiency["reference"])
    assert isinstance(naive, GroupFailed) and verdicts(naive.results) == [Verdict.TIME], naive
