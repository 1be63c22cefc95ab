"""10_coding_test's Question 15 (sales target: the shortest run of consecutive days whose sales total at least S,
백준 1806 부분합's shape, two pointers): the hidden groups' cases, drawn once per seed with no redraw at grading time,
and the checks that they separate every modelled mistake, run here over several seeds; the answers against the
statement's definition read literally (every run, its total, the shortest that reaches S, 0 if none); the
efficiency days against the programs that add up the days from every first day. The judge and its helpers:
tests/test_coding_test.py."""
from __future__ import annotations

import random

import pytest

from conftest import REPO, load_answers
from test_coding_test import A, _bubblewrap, _efficiency_group, _hidden_cases, efficiency_verdicts
from workbook.checks.coding_messages import Verdict

pytestmark = pytest.mark.sandbox
__all__ = ["_bubblewrap"]   # the jail's autouse fixture applies here too

GID = "q15_sales_target"

# the wrong programs of exercises.py that answer wrongly, as models (the slow ones give the right answer, late)
MISTAKES = ("at-least", "none-zero", "last-day", "first-run", "examples")


def _q15_case(text: str) -> tuple[int, list[int]]:
    """Q15: a case's input as (S, the days' sales), checked against the stated constraints (1 <= N <= 200,000,
    1 <= S <= 2,000,000,000, 0 <= sales <= 10,000, integers, N of them on the second line)."""
    lines = text.splitlines()
    assert len(lines) == 2
    n, s = map(int, lines[0].split())
    sales = [int(x) for x in lines[1].split()]
    assert 1 <= n <= 200000 and 1 <= s <= 2 * 10 ** 9 and len(sales) == n and all(0 <= a <= 10000 for a in sales)
    return s, sales


def shortest(s: int, sales: list, mistake: str | None = None) -> int:
    """What a wrong program of exercises.py prints (``mistake`` of MISTAKES), or the answer (None)."""
    n = len(sales)
    if mistake == "examples":
        return {8: 2, 5: 5}.get(n, 0)
    reaches = (lambda t: t > s) if mistake == "at-least" else (lambda t: t >= s)
    best, total, left = n + 1, 0, 0
    for right, a in enumerate(sales):
        total += a
        while left < right and reaches(total - sales[left]):
            total -= sales[left]
            left += 1
        if reaches(total) and not (mistake == "last-day" and right == n - 1):
            best = min(best, right - left + 1)
            if mistake == "first-run":
                return best
    return best if best <= n or mistake == "none-zero" else 0


EXAMPLES = ((12, [2, 3, 1, 4, 3, 5, 7, 2]), (20, [4, 6, 0, 3, 7]), (30, [9, 9, 9, 2]))


def test_the_modelled_mistakes_are_the_wrong_programs_answers():
    """MISTAKES models the wrong programs of exercises.py that answer wrongly (not the slow ones): on the three
    examples the models print what the programs print (run by hand: a run of exactly 12, the whole five days, no
    run at all; the program written around the examples passes them all)."""
    assert [shortest(*e) for e in EXAMPLES] == [2, 5, 0]
    assert [[shortest(*e, m) for e in EXAMPLES] for m in MISTAKES] == [
        [3, 0, 0], [2, 5, 5], [2, 0, 0], [5, 5, 0], [2, 5, 0]]
    wrong = [w for w in load_answers(REPO, A)[GID]["wrong"] if w["loses"] != [f"test_{GID}_efficiency"]]
    assert len(wrong) == len(MISTAKES)


@pytest.mark.parametrize("key", [b"s" * 32, b"t" * 32, b"u" * 32, b"v" * 32])
def test_q15s_groups_catch_every_modelled_mistake_on_every_seed(key, monkeypatch):
    """Q15's groups, as their test cells draw them (once per seed, no redraw at grading time): inputs the problem
    allows; the hidden cases of correctness test 1 (twelve typical ones) and correctness test 2 (the edges) each
    catch every mistake, whatever the secret; correctness test 2 holds one day, no run,
    a run of every day, days of no sales, sales of 10,000 and S of 2,000,000,000; the efficiency days are 200,000,
    every mistake answers them wrongly too, so each wrong program loses every group on every seed."""
    typical = [_q15_case(text) for text in _hidden_cases(GID, "correct_1", key, monkeypatch)]
    edges = [_q15_case(text) for text in _hidden_cases(GID, "correct_2", key, monkeypatch)]
    assert len(typical) == 12 and len(edges) >= 12

    def caught(cases):
        return {m for m in MISTAKES if any(shortest(s, d, m) != shortest(s, d) for s, d in cases)}
    assert caught(typical) == caught(edges) == set(MISTAKES)
    assert any(len(d) == 1 for s, d in edges) and any(shortest(s, d) == 0 for s, d in edges)
    assert any(len(d) > 1 and shortest(s, d) == len(d) for s, d in edges)
    assert any(0 in d for s, d in edges) and any(10000 in d for s, d in edges)
    assert any(s == 2 * 10 ** 9 for s, d in edges) and any(s == 1 for s, d in edges)
    slow, none, whole = [_q15_case(text) for text in _efficiency_group(GID, monkeypatch)["cases"]]
    assert all(len(d) == 200000 for s, d in (slow, none, whole))
    assert 500 <= shortest(*slow) <= 1000 and shortest(*none) == 0 and shortest(*whole) == 200000
    # a program that adds up from each first day until it reaches S (or the last day) goes over 5 * 10^8 days
    s, d = slow
    assert s > 5 * 2000   # a run of slow days alone needs 2,000 days or more
    for case in (slow, none, whole):
        assert any(shortest(*case, m) != shortest(*case) for m in MISTAKES)
    assert {m for m in MISTAKES if any(shortest(*case, m) != shortest(*case) for case in (slow, none, whole))} \
        == set(MISTAKES)


def test_q15s_answers_are_the_statements_definition():
    """The answer (two pointers, as the hidden groups compute it) is the statement's definition read literally: the
    least r - l + 1 over the runs whose total is at least S, 0 if none, on 400 small random cases with days of no
    sales, sales of 10,000 and totals of exactly S."""
    rnd = random.Random(15)
    for _ in range(400):
        values = rnd.choice(([0, 1, 2], list(range(8)), [0, 9999, 10000]))
        sales = [rnd.choice(values) for _ in range(rnd.randint(1, 12))]
        s = rnd.randint(1, sum(sales) + 2)
        runs = [last - first + 1 for first in range(len(sales)) for last in range(first, len(sales))
                if sum(sales[first:last + 1]) >= s]
        assert shortest(s, sales) == min(runs, default=0), (s, sales)


def test_q15s_days_make_a_program_that_adds_up_from_every_first_day_time_out(monkeypatch):
    """Q15's efficiency group, as its test cell makes it: the solution's alternatives (prefix sums and a binary
    search, 백준 1806's usual loop, a deque as the window) are accepted; the two programs declared to lose this
    group by their time (the days added up from each first day; every length tried in turn over prefix sums) are
    judged 시간 초과."""
    got = efficiency_verdicts(GID, monkeypatch)
    assert len(got) == 2
    late = [Verdict.TIME, Verdict.NOT_RUN, Verdict.NOT_RUN]         # the group stops at its first time-out
    assert got == [late, late], got
