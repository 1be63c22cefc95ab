"""10_coding_test's Question 7 (express lanes): the hidden groups' cases, drawn once per seed with no redraw at
grading time, and the checks that they separate every modelled mistake, run here once over several seeds; the
efficiency case against the straightforward program. The judge and its helpers: tests/test_coding_test.py."""
from __future__ import annotations

import pytest

from conftest import REPO, load_answers
from test_coding_test import (A, HIDDEN, _bubblewrap, _efficiency_group, _hidden_cases, _naive, _program, group, judged,
                              verdicts)
from workbook.checks import coding
from workbook.checks.coding_messages import GroupFailed, Verdict
from workbook.student.coding import parse_cell

pytestmark = pytest.mark.sandbox
__all__ = ["_bubblewrap"]   # the jail's autouse fixture applies here too


def _q7_network(text: str) -> tuple:
    """Q7: a case's input as (n, roads, k), checked against the stated constraints (2 <= N <= 2,000,
    1 <= M <= 10,000, 0 <= K <= 20, 1 <= u, v <= N, 1 <= w <= 1,000,000)."""
    lines = text.splitlines()
    n, m, k = map(int, lines[0].split())
    roads = [tuple(map(int, line.split())) for line in lines[1:]]
    assert 2 <= n <= 2000 and 1 <= m <= 10000 and 0 <= k <= 20 and len(roads) == m
    assert all(1 <= u <= n and 1 <= v <= n and 1 <= w <= 10 ** 6 for u, v, w in roads)
    return n, roads, k


@pytest.mark.parametrize("key", [b"s" * 32, b"t" * 32, b"u" * 32, b"v" * 32])
def test_q7s_groups_catch_every_modelled_mistake_on_every_seed(key, monkeypatch):
    """Q7's groups, as their test cells draw them (once per seed, no redraw at grading time): inputs the problem
    allows; correctness test 1 (the examples, four traps, six random towns: hub N reachable, no two roads between
    the same hubs) catches every wrong answer of EXPRESS_MISTAKES but the sentinel of 10^9, and correctness test 2
    catches all of them, so each wrong program of exercises.py loses the same groups whatever the secret; the
    efficiency case is a network the problem allows at its largest sizes (2,000 hubs, 10,000 roads, K = 20) and tests
    speed: hub N reachable, no two roads between the same hubs, no road to its own hub; the wrong answers but
    "exactly-k" and "inf-1e9" get it wrong too, on every seed, so each wrong program loses the same groups."""
    EXPRESS_MISTAKES, express_minutes = HIDDEN.EXPRESS_MISTAKES, HIDDEN.express_minutes
    gid = "q7_delivery_routes"
    typical = [_q7_network(text) for text in _hidden_cases(gid, "correct_1", key, monkeypatch)]
    edges = [_q7_network(text) for text in _hidden_cases(gid, "correct_2", key, monkeypatch)]
    assert len(typical) == 10 and len(edges) == 9
    for n, roads, k in typical:
        assert len({(u, v) for u, v, _ in roads}) == len(roads) and express_minutes(n, roads, k) > 0

    def caught(networks):
        return {m for m in EXPRESS_MISTAKES if any(express_minutes(*t, m) != express_minutes(*t) for t in networks)}
    assert caught(typical) == set(EXPRESS_MISTAKES) - {"inf-1e9"}
    assert caught(edges) == set(EXPRESS_MISTAKES)
    (corridor,) = _efficiency_group(gid, monkeypatch)["cases"]
    n, roads, k = _q7_network(corridor)
    assert (n, len(roads), k) == (2000, 10000, 20) and all(u != v for u, v, _ in roads)
    assert len({(u, v) for u, v, _ in roads}) == len(roads) and express_minutes(n, roads, k) > 0
    # a wrong answer there too for every mistake but the two that the corridor cannot show (its fastest way has
    # hundreds of roads, all K express roads used; its times are far below 10^9)
    answer = express_minutes(n, roads, k)
    assert {m for m in EXPRESS_MISTAKES if express_minutes(n, roads, k, m) == answer} == {"exactly-k", "inf-1e9"}


def test_q7s_express_minutes_are_those_of_a_search_over_every_choice_of_express_roads():
    """The answers Q7's hidden groups expect (express_minutes: Dijkstra over (hub, express roads used)) are those of
    a plain search another way, on 300 small random networks (K from 0 to 3, parallel roads and loops, many with
    no way): every simple way from hub 1 to hub N, its K longest roads halved."""
    import random

    express_minutes = HIDDEN.express_minutes

    def by_ways(n, roads, k):
        best = None

        def walk(hub, seen, minutes):
            nonlocal best
            if hub == n:
                ws = sorted(minutes, reverse=True)
                total = sum(w // 2 for w in ws[:k]) + sum(ws[k:])
                best = total if best is None else min(best, total)
                return
            for u, v, w in roads:
                if u == hub and v not in seen:
                    walk(v, seen | {v}, minutes + [w])
        walk(1, {1}, [])
        return -1 if best is None else best

    rnd = random.Random(7)
    unreachable = 0
    for _ in range(300):
        n, k = rnd.randint(2, 6), rnd.randint(0, 3)
        roads = [(rnd.randint(1, n), rnd.randint(1, n), rnd.randint(1, 30)) for _ in range(rnd.randint(1, 10))]
        answer = express_minutes(n, roads, k)
        assert answer == by_ways(n, roads, k), (n, roads, k)
        unreachable += answer == -1
    assert 20 < unreachable < 200, unreachable


def test_q7s_corridor_makes_a_relaxation_until_nothing_changes_time_out(monkeypatch):
    """Q7's efficiency group, as its test cell makes it: the solution's alternatives are accepted (the slowest,
    a heap over a dict of states, about 2 times the reference's CPU time); Bellman-Ford per count of express
    roads and Dijkstra that scans every state for the next one (the wrong programs declared to lose this group
    only) are judged 시간 초과."""
    gid = "q7_delivery_routes"
    g = _efficiency_group(gid, monkeypatch)
    with judged():
        for k in range(3):
            coding.check_group(_program(gid, "alternatives", k), g["style"], "efficiency", g["cases"],
                               reference=g["reference"])
        slow = [parse_cell(w["code"])[1] for w in load_answers(REPO, A)[gid]["wrong"]
                if w.get("loses") == [f"test_{gid}_efficiency"]]
        assert len(slow) == 2 and slow[0] == _naive(gid)
        for text in slow:
            failed = group(text, g["style"], g["cases"], [], reference=g["reference"])
            assert isinstance(failed, GroupFailed) and verdicts(failed.results) == [Verdict.TIME], failed
