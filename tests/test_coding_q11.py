"""10_coding_test's Question 11 (two delivery zones: a minimum spanning tree less its dearest lane, 백준 1647's
shape): the hidden groups' cases, drawn once per seed with no redraw at grading time, and the checks that they
separate every modelled mistake, run here over several seeds; the answers against a search over every split; the
efficiency town against a union-find whose trees grow into chains. The judge and its helpers:
tests/test_coding_test.py."""
from __future__ import annotations

import itertools
import random

import pytest

from conftest import REPO, load_answers
from test_coding_test import A, HIDDEN, _bubblewrap, _efficiency_group, _hidden_cases, efficiency_verdicts
from workbook.checks.coding_messages import Verdict

pytestmark = pytest.mark.sandbox
__all__ = ["_bubblewrap"]   # the jail's autouse fixture applies here too

GID = "q11_delivery_zones"

# the wrong programs of exercises.py as answers (the slow finds give the right answer, late: not here)
MISTAKES = ("no-cycle", "in-network", "by-point", "one-zone", "dearest-of-all", "stop-after", "last-parallel")


def _q11_town(text: str) -> tuple:
    """Q11: a case's input as (n, lanes), checked against the stated constraints (2 <= N <= 100,000,
    N - 1 <= M <= 200,000, 1 <= a, b <= N, a != b, 1 <= c <= 1,000,000, every point reached from every other)."""
    lines = text.splitlines()
    n, m = map(int, lines[0].split())
    lanes = [tuple(map(int, line.split())) for line in lines[1:]]
    assert 2 <= n <= 100000 and n - 1 <= m <= 200000 and len(lanes) == m
    assert all(1 <= a <= n and 1 <= b <= n and a != b and 1 <= c <= 10 ** 6 for a, b, c in lanes)
    parent = list(range(n + 1))

    def find(x):
        while parent[x] != x:
            parent[x] = x = parent[parent[x]]
        return x
    groups = n
    for a, b, _ in lanes:
        if find(a) != find(b):
            parent[find(a)] = find(b)
            groups -= 1
    assert groups == 1, "a point out of reach"
    return n, lanes


def zones(n: int, lanes: list, mistake: str | None = None) -> int:
    """What a wrong program of exercises.py prints (``mistake`` of MISTAKES), or the answer (None)."""
    if mistake == "last-parallel":
        lanes = [(a, b, c) for (a, b), c in {(a, b): c for a, b, c in lanes}.items()]
    if mistake == "in-network":
        inside, taken = set(), []
        for c, a, b in sorted((c, a, b) for a, b, c in lanes):
            if not (a in inside and b in inside):
                inside |= {a, b}
                taken.append(c)
        return sum(taken) - taken[-1]
    order = sorted(lanes) if mistake == "by-point" else sorted(lanes, key=lambda lane: lane[2])
    parent, taken = list(range(n + 1)), []

    def find(x):
        while parent[x] != x:
            parent[x] = x = parent[parent[x]]
        return x
    for a, b, c in order:
        if find(a) != find(b) or mistake == "no-cycle":
            parent[find(a)] = find(b)
            taken.append(c)
        if len(taken) == (n - 2 if mistake == "stop-after" else n - 1):
            break
    if mistake == "one-zone" or mistake == "stop-after":
        return sum(taken)
    return sum(taken) - (max(c for _, _, c in lanes) if mistake == "dearest-of-all" else taken[-1])


def test_the_modelled_mistakes_are_the_wrong_programs_answers():
    """MISTAKES models the wrong programs of exercises.py that answer wrongly (not the slow ones, nor the one written
    around the examples): on the two examples the models print what the programs print (run by hand: the first
    example catches four of them, the second five), and with two points the one that stops after N - 2 lanes."""
    first = (5, [(1, 2, 3), (1, 3, 2), (2, 3, 1), (2, 4, 6), (3, 4, 4), (4, 5, 9), (3, 5, 7)])
    second = (4, [(1, 2, 5), (1, 2, 3), (2, 3, 10), (3, 4, 2), (1, 4, 20)])
    assert (zones(*first), zones(*second)) == (HIDDEN.zones_cost(*first), HIDDEN.zones_cost(*second)) == (7, 5)
    assert [zones(*first, m) for m in MISTAKES] == [6, 7, 11, 14, 5, 7, 7]
    assert [zones(*second, m) for m in MISTAKES] == [5, 2, 23, 15, -5, 5, 5]
    assert zones(2, [(1, 2, 4), (2, 1, 1)], "stop-after") == 1 and zones(2, [(1, 2, 4), (2, 1, 1)]) == 0
    wrong = [w for w in load_answers(REPO, A)[GID]["wrong"] if w["loses"] != [f"test_{GID}_efficiency"]]
    assert len(wrong) == len(MISTAKES) + 1   # and the one written around the examples


@pytest.mark.parametrize("key", [b"s" * 32, b"t" * 32, b"u" * 32, b"v" * 32])
def test_q11s_groups_catch_every_modelled_mistake_on_every_seed(key, monkeypatch):
    """Q11's groups, as their test cells draw them (once per seed, no redraw at grading time): inputs the problem
    allows; correctness test 1 (the examples, then twelve random towns with no two lanes between the same points)
    catches every mistake but the two that correctness test 2 is for (N = 2, several lanes between two points), and
    correctness test 2 catches all of them, whatever the secret; the efficiency town is one the problem allows at
    its largest sizes, with no two lanes between the same points, and the mistakes but those two answer it wrongly
    too, so each wrong program loses the same groups on every seed."""
    typical = [_q11_town(text) for text in _hidden_cases(GID, "correct_1", key, monkeypatch)]
    edges = [_q11_town(text) for text in _hidden_cases(GID, "correct_2", key, monkeypatch)]
    assert len(typical) == 12 and len(edges) == 9
    for n, lanes in typical:
        assert len({frozenset((a, b)) for a, b, _ in lanes}) == len(lanes)

    def caught(towns):
        return {m for m in MISTAKES if any(zones(*t, m) != HIDDEN.zones_cost(*t) for t in towns)}
    assert caught(typical) == set(MISTAKES) - {"stop-after", "last-parallel"}
    assert caught(edges) == set(MISTAKES)
    (town,) = _efficiency_group(GID, monkeypatch)["cases"]
    n, lanes = _q11_town(town)
    assert (n, len(lanes)) == (100000, 200000) and len({frozenset((a, b)) for a, b, _ in lanes}) == len(lanes)
    answer = HIDDEN.zones_cost(n, lanes)
    assert {m for m in MISTAKES if zones(n, lanes, m) == answer} == {"stop-after", "last-parallel"}


def test_q11s_answers_are_the_cheapest_split_into_two_joined_zones():
    """The answers Q11's hidden groups expect (zones_cost: Kruskal's network less its dearest lane) are those of a
    search over every split of the points into two zones, each zone's cheapest joining lanes found by trying every
    set of its lanes, on 300 small random towns (parallel lanes, ties)."""
    def joined(points, lanes):
        """The least cost of lanes inside ``points`` that join them all (None: none do)."""
        inside = [lane for lane in lanes if lane[0] in points and lane[1] in points]
        best = 0 if len(points) == 1 else None
        for k in range(len(points) - 1, len(inside) + 1):
            for chosen in itertools.combinations(inside, k):
                reach, grew = {min(points)}, True
                while grew:
                    grew = False
                    for a, b, _ in chosen:
                        if (a in reach) != (b in reach):
                            reach |= {a, b}
                            grew = True
                if reach == points:
                    cost = sum(c for _, _, c in chosen)
                    best = cost if best is None else min(best, cost)
        return best

    rnd = random.Random(11)
    for _ in range(300):
        n = rnd.randint(2, 5)
        order = rnd.sample(range(1, n + 1), n)
        lanes = [(order[i], rnd.choice(order[:i]), rnd.randint(1, 9)) for i in range(1, n)]
        lanes += [(*rnd.sample(range(1, n + 1), 2), rnd.randint(1, 9)) for _ in range(rnd.randint(0, 3))]
        best = None
        for mask in range(1, 2 ** n - 1):
            zone = {p for p in range(1, n + 1) if mask >> (p - 1) & 1}
            costs = [joined(zone, lanes), joined(set(range(1, n + 1)) - zone, lanes)]
            if None not in costs:
                best = sum(costs) if best is None else min(best, sum(costs))
        assert HIDDEN.zones_cost(n, lanes) == best, (n, lanes)


def test_q11s_town_grows_a_chain_under_a_union_that_never_weighs_its_trees():
    """The efficiency town's two paths: the lanes are taken cheapest first, so under each of the four unions that
    never weigh the trees (the first root under the second, the second under the first, the larger number under the
    smaller, the smaller under the larger) one path becomes a chain at least 44,999 deep; and at least 100,000 of
    the lanes after the paths join two points of one path, so a find that walks the chain walks it for them."""
    n, lanes = _q11_town(HIDDEN.zones_town(1))
    lanes = sorted(lanes, key=lambda lane: lane[2])
    paths = [lane for lane in lanes if lane[2] < 100000]
    assert len(paths) == 89998
    rules = {"first-under-second": lambda a, b: (a, b), "second-under-first": lambda a, b: (b, a),
             "larger-under-smaller": lambda a, b: (max(a, b), min(a, b)),
             "smaller-under-larger": lambda a, b: (min(a, b), max(a, b))}
    for name, rule in rules.items():
        parent = list(range(n + 1))

        def find(x):
            while parent[x] != x:
                x = parent[x]
            return x
        for a, b, _ in paths:          # each find here is of a root or of a point one below it
            child, top = rule(find(a), find(b))
            parent[child] = top
        depth = {}
        for x in range(1, n + 1):      # each point's depth, from its parent's (memoised, the chain walked once)
            way = []
            while x not in depth and parent[x] != x:
                way.append(x)
                x = parent[x]
            d = depth.get(x, 0)
            for y in reversed(way):
                d += 1
                depth[y] = d
        assert max(depth.values(), default=0) >= 44999, name
    parent = list(range(n + 1))

    def root(x):
        while parent[x] != x:
            parent[x] = x = parent[parent[x]]
        return x
    for a, b, _ in paths:
        parent[root(a)] = root(b)
    assert len({root(x) for lane in paths for x in lane[:2]}) == 2
    inner = [lane for lane in lanes if 100000 <= lane[2] < 900000 or lane[2] == 10 ** 6]
    assert len(inner) >= 100000 and all(root(a) == root(b) for a, b, _ in inner)

def test_q11s_town_makes_a_find_that_walks_the_chain_time_out(monkeypatch):
    """Q11's efficiency group, as its test cell makes it: the solution's alternatives are accepted (the slowest,
    Prim's algorithm with a heap, about 2 times the reference's CPU time); a find with no path compression (the
    wrong program declared to lose this group by its time) is judged 시간 초과, and a recursive find with the
    recursion limit left at 1,000 a runtime error (RecursionError)."""
    got = efficiency_verdicts(GID, monkeypatch)
    assert len(got) == 2
    assert got == [[Verdict.TIME], [(Verdict.RUNTIME, "RecursionError")]], got
