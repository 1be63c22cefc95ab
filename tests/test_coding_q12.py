"""10_coding_test's Question 12 (pickers: the fewest pickers for orders at fixed times, 백준 11000 강의실 배정's
shape): the hidden groups' cases, drawn once per seed with no redraw at grading time, and the checks that they
separate every modelled mistake, run here over several seeds; the answers against a search over every way to
share the orders out; the efficiency day against the programs that look at every picker or every order. The judge
and its helpers: tests/test_coding_test.py."""
from __future__ import annotations

import heapq
import itertools
import random

import pytest

from conftest import REPO, load_answers
from test_coding_test import A, _bubblewrap, _efficiency_group, _hidden_cases, efficiency_verdicts
from workbook.checks.coding_messages import Verdict

pytestmark = pytest.mark.sandbox
__all__ = ["_bubblewrap"]   # the jail's autouse fixture applies here too

GID = "q12_pickers"

# the wrong programs of exercises.py that answer wrongly, as models (the slow ones give the right answer, late)
MISTAKES = ("strict", "starts-first", "input-order", "previous-only", "examples")


def _q12_day(text: str) -> list[tuple[int, int]]:
    """Q12: a case's input as its orders, checked against the stated constraints (1 <= N <= 200,000,
    0 <= s < e <= 10^9, integers)."""
    lines = text.splitlines()
    n = int(lines[0])
    orders = [tuple(map(int, line.split())) for line in lines[1:]]
    assert 1 <= n <= 200000 and len(orders) == n
    assert all(len(o) == 2 and 0 <= o[0] < o[1] <= 10 ** 9 for o in orders)
    return orders


def pickers(orders: list, mistake: str | None = None) -> int:
    """What a wrong program of exercises.py prints (``mistake`` of MISTAKES), or the answer (None)."""
    if mistake == "examples":
        return 2
    if mistake == "previous-only":
        ordered = sorted(orders)
        return 1 + sum(s < e for (_, e), (s, _) in zip(ordered, ordered[1:]))
    if mistake == "starts-first":
        running = best = 0
        for _, kind in sorted([(s, 0) for s, _ in orders] + [(e, 1) for _, e in orders]):
            running += 1 if kind == 0 else -1
            best = max(best, running)
        return best
    free_at: list = []
    for s, e in (orders if mistake == "input-order" else sorted(orders)):
        if free_at and (free_at[0] < s if mistake == "strict" else free_at[0] <= s):
            heapq.heapreplace(free_at, e)
        else:
            heapq.heappush(free_at, e)
    return len(free_at)


EXAMPLES = ([(1, 3), (2, 4), (3, 5)], [(2, 3), (1, 10), (6, 9), (4, 5)])


def test_the_modelled_mistakes_are_the_wrong_programs_answers():
    """MISTAKES models the wrong programs of exercises.py that answer wrongly (not the slow ones): on the two
    examples the models print what the programs print (run by hand: the first example catches the two that count
    an order beginning as another ends as running with it, and the one that compares each order with the one
    before; the second, given out of order, the one that takes the orders as given)."""
    assert [pickers(e) for e in EXAMPLES] == [2, 2]
    assert [pickers(EXAMPLES[0], m) for m in MISTAKES] == [3, 3, 2, 3, 2]
    assert [pickers(EXAMPLES[1], m) for m in MISTAKES] == [2, 2, 3, 2, 2]
    wrong = [w for w in load_answers(REPO, A)[GID]["wrong"] if w["loses"] != [f"test_{GID}_efficiency"]]
    assert len(wrong) == len(MISTAKES)


@pytest.mark.parametrize("key", [b"s" * 32, b"t" * 32, b"u" * 32, b"v" * 32])
def test_q12s_groups_catch_every_modelled_mistake_on_every_seed(key, monkeypatch):
    """Q12's groups, as their test cells draw them (once per seed, no redraw at grading time): inputs the problem
    allows; correctness test 1 (twelve typical days) and correctness test 2 (the edges) each catch every mistake,
    whatever the secret, and correctness test 2 holds one order, orders with one start, the largest times; the
    efficiency day has 200,000 orders, 50,000 pickers needed, and every mistake answers it wrongly too, so each
    wrong program loses every group on every seed."""
    typical = [_q12_day(text) for text in _hidden_cases(GID, "correct_1", key, monkeypatch)]
    edges = [_q12_day(text) for text in _hidden_cases(GID, "correct_2", key, monkeypatch)]
    assert len(typical) == 12 and len(edges) >= 12

    def caught(days):
        return {m for m in MISTAKES if any(pickers(d, m) != pickers(d) for d in days)}
    assert caught(typical) == caught(edges) == set(MISTAKES)
    assert any(len(d) == 1 for d in edges) and any(max(e for _, e in d) == 10 ** 9 for d in edges)
    assert any(len(d) >= 20 and len({s for s, _ in d}) <= 3 for d in edges)
    (day,) = _efficiency_group(GID, monkeypatch)["cases"]
    orders = _q12_day(day)
    assert len(orders) == 200000 and pickers(orders) == 50000
    assert all(pickers(orders, m) != 50000 for m in MISTAKES)


def test_q12s_answers_are_the_fewest_pickers_of_any_sharing():
    """The answer (the heap of end times, as the hidden groups compute it) is the fewest pickers over every way to
    share the orders out among k pickers, each taking orders that never run at once (one may begin as another
    ends), on 400 small random days with ties and touching orders."""
    def shareable(orders, k):
        for owner in itertools.product(range(k), repeat=len(orders)):
            if all(owner[i] != owner[j] or orders[i][1] <= orders[j][0] or orders[j][1] <= orders[i][0]
                   for i, j in itertools.combinations(range(len(orders)), 2)):
                return True
        return False

    rnd = random.Random(12)
    for _ in range(400):
        orders = []
        for _ in range(rnd.randint(1, 6)):
            s = rnd.randint(0, 8)
            orders.append((s, rnd.randint(s + 1, 10)))
        best = next(k for k in range(1, len(orders) + 1) if shareable(orders, k))
        assert pickers(orders) == best, orders


def test_q12s_day_makes_a_program_that_looks_at_every_picker_time_out(monkeypatch):
    """Q12's efficiency group, as its test cell makes it: the solution's alternatives (the sweep, two sorted lists,
    the heap popped while free) are accepted; the two programs declared to lose this group by their time (the
    picker free the earliest found by a scan of every picker; each order's running orders counted one by one) are
    judged 시간 초과."""
    got = efficiency_verdicts(GID, monkeypatch)
    assert len(got) == 2
    assert got == [[Verdict.TIME], [Verdict.TIME]], got
