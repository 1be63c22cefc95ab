"""10_coding_test's Question 13 (record days: each day's badge "the most orders in k days", the previous greater
element of 백준 2493 탑's shape): the hidden groups' cases, drawn once per seed with no redraw at grading time, and
the checks that they separate every modelled mistake, run here over several seeds; the answers against the
statement's definition read literally (the largest k whose days all had at most as many orders); the efficiency
days against the programs that look back over every earlier day. The judge and its helpers:
tests/test_coding_test.py."""
from __future__ import annotations

import random

import pytest

from conftest import REPO, load_answers
from test_coding_test import A, _bubblewrap, _efficiency_group, _hidden_cases, efficiency_verdicts
from workbook.checks.coding_messages import Verdict

pytestmark = pytest.mark.sandbox
__all__ = ["_bubblewrap"]   # the jail's autouse fixture applies here too

GID = "q13_record_days"

# the wrong programs of exercises.py that answer wrongly, as models (the slow ones give the right answer, late)
MISTAKES = ("ties", "whole-history", "rising-run", "pops", "examples")


def _q13_days(text: str) -> list[int]:
    """Q13: a case's input as its days' orders, checked against the stated constraints (1 <= N <= 200,000,
    0 <= orders <= 10^9, integers, N of them on the second line)."""
    lines = text.splitlines()
    assert len(lines) == 2
    n, orders = int(lines[0]), [int(x) for x in lines[1].split()]
    assert 1 <= n <= 200000 and len(orders) == n and all(0 <= a <= 10 ** 9 for a in orders)
    return orders


def badges(orders: list, mistake: str | None = None) -> list[int]:
    """What a wrong program of exercises.py prints (``mistake`` of MISTAKES), or the answer (None)."""
    if mistake == "examples":
        return [1, 1, 2, 3, 5, 6, 1] if len(orders) == 7 else [1, 2, 1, 4, 1, 6]
    if mistake == "rising-run":
        out = [1]
        for before, a in zip(orders, orders[1:]):
            out.append(out[-1] + 1 if before <= a else 1)
        return out
    out: list = []
    stack: list = []
    for i, a in enumerate(orders):
        popped = 0
        while stack and (orders[stack[-1]] < a if mistake == "ties" else orders[stack[-1]] <= a):
            stack.pop()
            popped += 1
        if mistake == "pops":
            out.append(1 + popped)
        else:
            out.append(i - stack[-1] if stack else (i if mistake == "whole-history" else i + 1))
        stack.append(i)
    return out


EXAMPLES = ([5, 3, 3, 4, 6, 6, 2], [2, 7, 1, 8, 2, 8])


def test_the_modelled_mistakes_are_the_wrong_programs_answers():
    """MISTAKES models the wrong programs of exercises.py that answer wrongly (not the slow ones): on the two
    examples the models print what the programs print (run by hand: the first example catches each of them, a
    tie on days 3 and 6, days 5 and 6 with no earlier day of more orders, day 5's count over a dip)."""
    assert [badges(e) for e in EXAMPLES] == [[1, 1, 2, 3, 5, 6, 1], [1, 2, 1, 4, 1, 6]]
    assert [badges(EXAMPLES[0], m) for m in MISTAKES] == [
        [1, 1, 1, 3, 5, 1, 1], [0, 1, 2, 3, 4, 5, 1], [1, 1, 2, 3, 4, 5, 1], [1, 1, 2, 2, 3, 2, 1],
        [1, 1, 2, 3, 5, 6, 1]]
    assert [badges(EXAMPLES[1], m) for m in MISTAKES] == [
        [1, 2, 1, 4, 1, 2], [0, 1, 1, 3, 1, 5], [1, 2, 1, 2, 1, 2], [1, 2, 1, 3, 1, 3], [1, 2, 1, 4, 1, 6]]
    wrong = [w for w in load_answers(REPO, A)[GID]["wrong"] if w["loses"] != [f"test_{GID}_efficiency"]]
    assert len(wrong) == len(MISTAKES)


@pytest.mark.parametrize("key", [b"s" * 32, b"t" * 32, b"u" * 32, b"v" * 32])
def test_q13s_groups_catch_every_modelled_mistake_on_every_seed(key, monkeypatch):
    """Q13's groups, as their test cells draw them (once per seed, no redraw at grading time): inputs the problem
    allows; correctness test 1 (twelve typical products) and correctness test 2 (the edges) each catch every
    mistake, whatever the secret, and correctness test 2 holds one day, days all of one count, days that only rise
    and only fall, orders of 0 and 10^9; the efficiency days are 200,000, every other one the most so far, every
    mistake answers them wrongly too, so each wrong program loses every group on every seed."""
    typical = [_q13_days(text) for text in _hidden_cases(GID, "correct_1", key, monkeypatch)]
    edges = [_q13_days(text) for text in _hidden_cases(GID, "correct_2", key, monkeypatch)]
    assert len(typical) == 12 and len(edges) >= 12

    def caught(days):
        return {m for m in MISTAKES if any(badges(d, m) != badges(d) for d in days)}
    assert caught(typical) == caught(edges) == set(MISTAKES)
    assert any(len(d) == 1 for d in edges) and any(len(d) > 1 and len(set(d)) == 1 for d in edges)
    assert any(len(d) > 1 and all(x < y for x, y in zip(d, d[1:])) for d in edges)
    assert any(len(d) > 1 and all(x > y for x, y in zip(d, d[1:])) for d in edges)
    assert any(0 in d for d in edges) and any(10 ** 9 in d for d in edges)
    case, equal = _efficiency_group(GID, monkeypatch)["cases"]
    orders = _q13_days(case)
    answer = badges(orders)
    assert len(orders) == 200000 and sum(answer) >= 5 * 10 ** 9     # the days a look back one by one goes over
    assert all(badges(orders, m) != answer for m in MISTAKES)
    same = _q13_days(equal)     # and the days a stack that steps over equal days one by one goes over
    assert len(same) == 200000 and set(same) == {10 ** 9} and sum(badges(same)) >= 2 * 10 ** 10


def test_q13s_answers_are_the_statements_definition():
    """The answer (the stack of indices, as the hidden groups compute it) is the statement's k read literally:
    the largest k such that each of the days i - k + 1 to i had at most as many orders as day i, on 400 small
    random products with ties, runs and orders of 0 and 10^9."""
    rnd = random.Random(13)
    for _ in range(400):
        values = rnd.choice(([0, 1, 2], list(range(8)), [0, 10 ** 9 - 1, 10 ** 9]))
        orders = [rnd.choice(values) for _ in range(rnd.randint(1, 12))]
        literal = [max(k for k in range(1, i + 2) if all(orders[j] <= orders[i] for j in range(i - k + 1, i + 1)))
                   for i in range(len(orders))]
        assert badges(orders) == literal, orders


def test_q13s_days_make_a_program_that_looks_back_day_by_day_time_out(monkeypatch):
    """Q13's efficiency group, as its test cell makes it: the solution's alternatives (the spans summed on a
    stack, the jumps back by each day's k, the stack from the last day back) are accepted; the two programs
    declared to lose this group by their time (a look back one day at a time; a scan from day 1 for each day) are
    judged 시간 초과, and so is a stack that keeps the days of as many orders and steps over them one by one (a
    fresh student tester's program), on the days of equal orders."""
    got = efficiency_verdicts(GID, monkeypatch)
    assert len(got) == 3
    late = [Verdict.TIME, Verdict.NOT_RUN]         # the group stops at its first time-out
    assert got == [late, [Verdict.ACCEPTED, Verdict.TIME], late], got
