"""10_coding_test's hidden module (workbook/checks/hiddenmodule.py): the inputs of the efficiency tests, from a
seed, and the reference solvers the hidden tests draw and check their cases with.

It is the instructor's: the release leaves it out and it is not part of the workbook package, which every
student has (its solvers, with ``mistake=None``, are the problems' solutions).

Each function returns one case as the coding test's driver takes it (an input
text for a 백준 program, the list of arguments of a ``solution``), at the
largest size the problem's constraints allow, built so that it tests speed
only: no tie, no unreachable target, no edge that a correctness group tests
(those are correctness test 2's). The test cells call them with a hidden seed;
a grading process builds each case once per seed (``lru_cache``) and grades
every submission of a class on it. The efficiency tests' expected outputs are
not here: the test cell's reference program computes them.
"""
from __future__ import annotations

import functools
import heapq
import random


@functools.lru_cache(maxsize=4)
def best_sellers_week(seed: int) -> list:
    """Q1: [orders, k]: 20,000 products whose sales all differ, about
    90,000 order lines of at most 10,000 each."""
    rnd = random.Random(seed)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    products = set()
    while len(products) < 20000:
        products.add("".join(rnd.choices(alphabet, k=rnd.randint(3, 8))))
    products = sorted(products)
    rnd.shuffle(products)
    orders = []
    for product, total in zip(products, rnd.sample(range(5, 40001), len(products))):
        lines = -(-total // 10000) + rnd.randint(0, 4)
        orders += [[product, total // lines + (i < total % lines)] for i in range(lines)]
    rnd.shuffle(orders)
    return [orders, rnd.randint(5000, 15000)]


@functools.lru_cache(maxsize=4)
def peak_hours_day(seed: int) -> str:
    """Q2: 200,000 hours, all with different orders, windows of 20,000 to
    120,000 hours."""
    rnd = random.Random(seed)
    n = 200000
    orders = rnd.sample(range(1000000000), n)
    return f"{n} {rnd.randint(20000, 120000)}\n{' '.join(map(str, orders))}\n"


def peak_hours_falling(seed: int) -> str:
    """Q2: 200,000 hours whose orders fall hour by hour (all different), windows of 20,000 to 120,000 hours: the
    busiest hour of every window is its first, and leaves the window at the next hour (a program that looks at
    the whole window again whenever its busiest hour leaves takes N x K steps here)."""
    rnd = random.Random(seed * 7 + 3)
    n = 200000
    top = rnd.randint(n, 1000000000)
    drops = sorted(rnd.sample(range(top - n + 1), n - 1), reverse=True)
    orders = [top] + drops
    return f"{n} {rnd.randint(20000, 120000)}\n{' '.join(map(str, orders))}\n"


def _lift_moves(grid: list, limit: int, start: tuple, wrap: bool = False, block: bool = False) -> list:
    """Q3: ``dist[used][cell]``, the fewest moves from ``start`` to each cell (``r * C + c``) with exactly ``used``
    lifts, by a breadth-first search over (cell, lifts used) (-1: not reached); with ``wrap``, a move off the grid
    comes back on its other side, as ``grid[-1]`` does; with ``block``, a move from a shelf onto a shelf is free."""
    from collections import deque
    rows, cols = len(grid), len(grid[0])
    dist = [[-1] * (rows * cols) for _ in range(limit + 1)]
    if limit < 0:
        return dist
    first = start[0] * cols + start[1]
    dist[0][first] = 0
    queue = deque([(first, 0)])
    while queue:
        cell, used = queue.popleft()
        r, c = divmod(cell, cols)
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if nr >= rows or nc >= cols or (min(nr, nc) < 0 and not wrap):
                continue
            nr, nc = nr % rows, nc % cols
            lifts = used + (grid[nr][nc] == "#" and not (block and grid[r][c] == "#"))
            if lifts <= limit and dist[lifts][nr * cols + nc] < 0:
                dist[lifts][nr * cols + nc] = dist[used][cell] + 1
                queue.append((nr * cols + nc, lifts))
    return dist


def _first_come(grid: list, k: int, s: tuple, p: tuple, e: tuple) -> int:
    """Q3 as a breadth-first search that marks a cell (with the parcel or without) visited the first time it is
    reached, whatever the lifts used: the wrong program's order of moves (up, down, left, right)."""
    from collections import deque
    rows, cols = len(grid), len(grid[0])
    seen = [[[False] * cols for _ in range(rows)] for _ in range(2)]
    seen[0][s[0]][s[1]] = True
    queue = deque([(s[0], s[1], 0, 0, 0)])
    while queue:
        r, c, used, picked, d = queue.popleft()
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols:
                lifts = used + (grid[nr][nc] == "#")
                now = 1 if (nr, nc) == p else picked
                if lifts <= k and not seen[now][nr][nc]:
                    if now and (nr, nc) == e:
                        return d + 1
                    seen[now][nr][nc] = True
                    queue.append((nr, nc, lifts, now, d + 1))
    return -1


def robot_moves(grid: list, k: int, s: tuple, p: tuple, e: tuple, mistake: str | None = None) -> int:
    """Q3: the fewest moves from ``s`` through ``p`` to ``e`` (0-based cells) with at most ``k`` lifts in all, or -1:
    the best split of the lifts between the two legs. ``mistake`` makes one wrong program's answer: "no-pick" (E
    without P), "first-come" (a cell visited once, whatever the lifts), "greedy" (the shortest way to P, then the
    lifts left), "fewer" (at most k - 1 lifts), "block" (a run of shelves crossed for one lift), "wrap" (off one
    side of the grid onto the other)."""
    if mistake == "first-come":
        return _first_come(grid, k, s, p, e)
    cols = len(grid[0])
    limit = k - 1 if mistake == "fewer" else k
    to_p, to_e = p[0] * cols + p[1], e[0] * cols + e[1]
    from_s = _lift_moves(grid, limit, s, wrap=mistake == "wrap", block=mistake == "block")
    if mistake == "no-pick":
        return min((from_s[a][to_e] for a in range(limit + 1) if from_s[a][to_e] >= 0), default=-1)
    from_p = _lift_moves(grid, limit, p, wrap=mistake == "wrap", block=mistake == "block")
    if mistake == "greedy":
        legs = [(from_s[a][to_p], a) for a in range(limit + 1) if from_s[a][to_p] >= 0]
        if not legs:
            return -1
        first, a = min(legs)
        rest = [from_p[b][to_e] for b in range(limit + 1 - a) if from_p[b][to_e] >= 0]
        return first + min(rest) if rest else -1
    return min((from_s[a][to_p] + from_p[b][to_e] for a in range(limit + 1) for b in range(limit + 1 - a)
                if from_s[a][to_p] >= 0 and from_p[b][to_e] >= 0), default=-1)


ROBOT_MISTAKES = ("no-pick", "first-come", "greedy", "fewer", "block")


def robot_case(grid: list, k: int, s: tuple, p: tuple, e: tuple) -> str:
    """Q3: the input text of a warehouse: R C K, the rows, then S, P and E as 1-based row and column."""
    return (f"{len(grid)} {len(grid[0])} {k}\n" + "\n".join(grid) + "\n"
            + "".join(f"{r + 1} {c + 1}\n" for r, c in (s, p, e)))


@functools.lru_cache(maxsize=4)
def robot_warehouses(seed: int) -> list:
    """Q3's efficiency cases: two 100 x 100 warehouses, K = 10 (220,000 states of cell, lifts used and parcel),
    shelves 11 deep all round (no way leaves the grid: crossing to its edge takes more than K lifts) and about a
    third of the other cells shelves, scattered. A wall of shelves 5 deep, open only near its left end, parts S
    from P, and E stands in a box of shelves 6 deep, so the shortest way to P (through the wall) leaves too few
    lifts for E. Speed only, but every wrong answer of ``ROBOT_MISTAKES`` gives another answer, as the
    generator checks."""
    rnd = random.Random(seed * 7 + 3)
    n, k, frame = 100, 10, 11
    cases = []
    for density in (0.35, 0.3):
        while True:
            cells = [["#" if min(r, c, n - 1 - r, n - 1 - c) < frame or rnd.random() < density else "."
                      for c in range(n)] for r in range(n)]
            for r in range(48, 53):
                for c in range(rnd.randint(frame + 4, frame + 10), n):
                    cells[r][c] = "#"
            s = (rnd.randint(25, 32), rnd.randint(25, 32))
            p = (rnd.randint(68, 75), rnd.randint(68, 75))
            e = (rnd.randint(68, 75), rnd.randint(25, 32))
            for r in range(e[0] - 7, e[0] + 8):
                for c in range(e[1] - 7, e[1] + 8):
                    cells[r][c] = "." if max(abs(r - e[0]), abs(c - e[1])) <= 1 else "#"
            for r, c in (s, p, e):
                cells[r][c] = "."
            grid = ["".join(row) for row in cells]
            answer = robot_moves(grid, k, s, p, e)
            if answer >= 0 and all(robot_moves(grid, k, s, p, e, m) != answer for m in ROBOT_MISTAKES):
                cases.append(robot_case(grid, k, s, p, e))
                break
    return cases


def _stations_answer(n: int, stations: list, mistake: str | None = None) -> int:
    """Q4: the least minute by which the stations have packed ``n`` parcels, by the solution's binary search;
    ``mistake`` makes one wrong program's count ("no-rests", "rest-first", "no-cap", "after-rest", "before")."""
    def packed(minute):
        total = 0
        for t, c, b in stations:
            if mistake == "no-rests":
                total += minute // t
                continue
            rounds, rest = divmod(minute - (mistake == "before"), c * t + b)
            if mistake == "rest-first":
                rest = max(0, rest - b)
            cap = {"no-cap": rest // t, "after-rest": c - 1}.get(mistake, c)
            total += rounds * c + min(cap, rest // t)
        return total

    low, high = 1, n * min(t + b for t, c, b in stations)
    while low < high:
        middle = (low + high) // 2
        if packed(middle) >= n:
            high = middle
        else:
            low = middle + 1
    return low


@functools.lru_cache(maxsize=4)
def packing_stations(seed: int) -> list:
    """Q4's efficiency cases, each [n, stations]: 10,000 stations (t 1 to 10,000 minutes, c 1 to 100 parcels,
    rests of 1 to 100,000 minutes) and a billion parcels, where each of the five wrong counts (no rests, the
    rest first, packing while resting, the c-th parcel after its rest, only parcels finished before T) gives
    another answer, as the generator checks, and the answer is below n x min(t), so an upper bound that
    ignores the rests loses nothing here; then one station with t = b = 10^9 and c = 1 and a billion parcels,
    whose answer, 2 x 10^18 - 10^9, is past an upper bound of 10^18 and of n x t. A heap of the stations'
    next parcels takes a step per parcel: a billion steps."""
    rnd = random.Random(seed * 11 + 4)
    n = 10 ** 9
    while True:
        stations = [[rnd.randint(1, 10000), rnd.randint(1, 100), rnd.randint(1, 100000)] for _ in range(10000)]
        answer = _stations_answer(n, stations)
        if answer < n * min(t for t, c, b in stations) and all(
                _stations_answer(n, stations, m) != answer
                for m in ("no-rests", "rest-first", "no-cap", "after-rest", "before")):
            return [[n, stations], [n, [[10 ** 9, 1, 10 ** 9]]]]


# Q5's greedy loadings, "order/fit": the parcels taken heaviest first, lightest first, in input order, with the
# most pairs first, with the most pairs and then the heaviest first, or DSatur-like (next the parcel whose pairs
# sit in the most vans, then the one with the most pairs, then the heaviest); each into the first open van that
# takes it ("first") or the fullest one ("best"), a new van only when none does
VAN_GREEDIES = tuple(f"{order}/{fit}" for order in ("heavy", "light", "input", "conflicts", "conflicts-heavy",
                                                     "dsatur") for fit in ("first", "best"))


def _vans_greedy(n: int, cap: int, weights: list, bad: list, order: str, fit: str) -> int:
    """Q5: the vans one greedy of ``VAN_GREEDIES`` loads (``bad[i]``: the bitmask of parcel i's pairs); ties
    go to the lower parcel number, the first van."""
    pairs = [bin(b).count("1") for b in bad]
    keys = {"heavy": lambda i: -weights[i], "light": lambda i: weights[i], "input": lambda i: 0,
            "conflicts": lambda i: -pairs[i], "conflicts-heavy": lambda i: (-pairs[i], -weights[i])}
    loads: list = []
    members: list = []
    left = list(range(n))
    while left:
        if order == "dsatur":
            i = max(left, key=lambda i: (sum(1 for m in members if m & bad[i]), pairs[i], weights[i], -i))
        else:
            i = min(left, key=lambda i: (keys[order](i), i))
        left.remove(i)
        fits = [v for v in range(len(loads)) if loads[v] + weights[i] <= cap and not members[v] & bad[i]]
        if not fits:
            loads.append(0)
            members.append(0)
            fits = [len(loads) - 1]
        v = fits[0] if fit == "first" else max(fits, key=lambda v: loads[v])
        loads[v] += weights[i]
        members[v] |= 1 << i
    return len(loads)


def _vans_misses(n: int, cap: int, weights: list, pairs: list) -> set:
    """Q5: the greedies of ``VAN_GREEDIES`` and "new-last" that print another answer than the fewest vans."""
    answer = _vans_answer(n, cap, weights, pairs)
    return {m for m in VAN_GREEDIES + ("new-last",) if _vans_answer(n, cap, weights, pairs, m) != answer}


def _vans_answer(n: int, cap: int, weights: list, pairs: list, mistake: str | None = None) -> int:
    """Q5: the fewest vans of ``cap`` kg that carry the parcels ``weights`` with no listed pair (1-based, either
    order) in one van, by the solution's backtracking; ``mistake`` makes one wrong program's answer: one of
    ``VAN_GREEDIES`` ("order/fit": a greedy, see ``_vans_greedy``), "strict" (a load must stay under ``cap``),
    "one-way" (a pair keeps only its second parcel from its first), "new-last" (a new van only when no van takes
    the parcel)."""
    bad = [0] * n
    for a, b in pairs:
        bad[a - 1] |= 1 << (b - 1)
        if mistake != "one-way":
            bad[b - 1] |= 1 << (a - 1)
    limit = cap - (mistake == "strict")
    loads: list = []
    members: list = []
    if mistake in VAN_GREEDIES:
        return _vans_greedy(n, cap, weights, bad, *mistake.split("/"))
    best = n + 1

    def place(i):
        nonlocal best
        if len(loads) >= best:
            return
        if i == n:
            best = len(loads)
            return
        placed = False
        for v in range(len(loads)):
            if loads[v] + weights[i] <= limit and not members[v] & bad[i]:
                placed = True
                loads[v] += weights[i]
                members[v] |= 1 << i
                place(i + 1)
                loads[v] -= weights[i]
                members[v] ^= 1 << i
        if not (placed and mistake == "new-last"):
            loads.append(weights[i])
            members.append(1 << i)
            place(i + 1)
            loads.pop()
            members.pop()

    place(0)
    return best


def _van_loadings(n: int, cap: int, weights: list, pairs: list) -> int:
    """Q5: how many ways there are to split the parcels into vans that keep to ``cap`` and to the pairs (the
    vans unordered): what a search that never abandons a loading for using as many vans as the best one goes
    through at least."""
    bad = [0] * n
    for a, b in pairs:
        bad[a - 1] |= 1 << (b - 1)
        bad[b - 1] |= 1 << (a - 1)
    load, fits = [0] * (1 << n), [True] * (1 << n)
    for m in range(1, 1 << n):
        low = (m & -m).bit_length() - 1
        rest = m ^ (1 << low)
        load[m] = load[rest] + weights[low]
        fits[m] = fits[rest] and not bad[low] & rest and load[m] <= cap
    ways = [1] + [0] * ((1 << n) - 1)
    for m in range(1, 1 << n):
        low = m & -m
        rest = m ^ low
        sub, count = rest, 0
        while True:
            if fits[sub | low]:
                count += ways[rest ^ sub]
            if not sub:
                break
            sub = (sub - 1) & rest
        ways[m] = count
    return ways[-1]


def _vans_case(n: int, cap: int, weights: list, pairs: list) -> str:
    return f"{n} {cap} {len(pairs)}\n{' '.join(map(str, weights))}\n" + "".join(f"{a} {b}\n" for a, b in pairs)


@functools.lru_cache(maxsize=4)
def delivery_vans(seed: int) -> list:
    """Q5's efficiency cases, inputs of 13 parcels: first light parcels (1 to 30% of a van's W) and few
    incompatible pairs, with more than 7,000,000 ways to load them (a search that does not abandon a loading
    for using as many vans as the best one found needs seconds), where the greedy (heaviest first, each into the
    first van it fits) needs another van; then parcels of 10 to 50% of W where most pairs are incompatible, where
    every greedy of ``VAN_GREEDIES`` and a search that opens a new van only when no van takes the parcel need
    another van (about one draw in eight). Neither is an edge of correctness test 2: a load of exactly W kg and a
    pair kept apart one way only change neither answer."""
    rnd = random.Random(seed * 13 + 5)
    n = 13

    def draw(low: int, high: int, apart: float) -> tuple:
        cap = rnd.randint(10 ** 6, 10 ** 8)
        weights = [rnd.randint(cap * low // 100, cap * high // 100) for _ in range(n)]
        pairs = [(a, b) if rnd.random() < 0.5 else (b, a)
                 for a in range(1, n + 1) for b in range(a + 1, n + 1) if rnd.random() < apart]
        answer = _vans_answer(n, cap, weights, pairs)
        if any(_vans_answer(n, cap, weights, pairs, m) != answer for m in ("strict", "one-way")):
            return None
        return n, cap, weights, pairs, answer

    while True:
        light = draw(1, 30, 0.1)
        if light and _vans_answer(*light[:4], "heavy/first") != light[4] and _van_loadings(*light[:4]) > 7_000_000:
            break
    while True:
        heavy = draw(10, 50, 0.4)
        if heavy and len(_vans_misses(*heavy[:4])) == len(VAN_GREEDIES) + 1:
            return [_vans_case(*light[:4]), _vans_case(*heavy[:4])]


COUPON_MISTAKES = ("any-brand", "best-per-brand", "runs", "short")


def _coupon_brands(coupons: list, mistake: str | None = None) -> list:
    """Q6: the coupons' ``(cost, saving)`` in groups of which a choice takes at most one: one group per brand; with
    ``"any-brand"`` one group per coupon (brands ignored); with ``"best-per-brand"`` each brand's largest saving
    alone (the lower cost first among equal savings); with ``"runs"`` one group per run of coupons of one brand
    next to each other in the list (``itertools.groupby`` without sorting)."""
    if mistake == "any-brand":
        return [[(c, s)] for _, c, s in coupons]
    if mistake == "runs":
        runs: list = []
        for i, (brand, c, s) in enumerate(coupons):
            if i and coupons[i - 1][0] == brand:
                runs[-1].append((c, s))
            else:
                runs.append([(c, s)])
        return runs
    brands: dict = {}
    for brand, c, s in coupons:
        brands.setdefault(brand, []).append((c, s))
    if mistake == "best-per-brand":
        return [[max(offers, key=lambda o: (o[1], -o[0]))] for offers in brands.values()]
    return list(brands.values())


def _coupons_answer(points: int, coupons: list, mistake: str | None = None) -> int:
    """Q6: the largest saving with at most ``points`` points and at most one coupon of each brand (a table per
    brand, numpy's maximum over shifted rows), or the answer of a wrong program: ``mistake`` names a way to group
    the coupons (``_coupon_brands``) or ``"short"``, a program that never spends exactly all the points (the loop
    one short: its answer is the right one for ``points - 1``)."""
    import numpy as np

    if mistake == "short":
        points -= 1
    best = np.zeros(points + 1, dtype=np.int64)
    for offers in _coupon_brands(coupons, None if mistake == "short" else mistake):
        new = best.copy()
        for c, s in offers:
            if c <= points:
                np.maximum(new[c:], best[:points + 1 - c] + s, out=new[c:])
        best = new
    return int(best[points])


@functools.lru_cache(maxsize=4)
def coupons(seed: int) -> list:
    """Q6: [points, coupons]: 100,000 points and 100 coupons of 50 brands, two each, costs of 1 to 10,000 points
    (every number of points left is reached: a recursion over (brand, points left) makes 50 x 100,000 calls and
    needs more than 256 MB for their cache), the list shuffled. Every wrong way to group the coupons
    (``COUPON_MISTAKES``) gets another answer but the loop one short: the best choice need not spend exactly all
    the points (correctness test 2's edge)."""
    rnd = random.Random(seed * 11 + 6)
    letters = "abcdefghijklmnopqrstuvwxyz"
    while True:
        names: set = set()
        while len(names) < 50:
            names.add("".join(rnd.choices(letters, k=rnd.randint(3, 10))))
        brands = sorted(names) * 2
        rnd.shuffle(brands)
        offers = [[brand, rnd.randint(1, 10000), rnd.randint(0, 100000)] for brand in brands]
        answer = _coupons_answer(100000, offers)
        if _coupons_answer(100000, offers, "short") == answer and \
                all(_coupons_answer(100000, offers, m) != answer for m in COUPON_MISTAKES if m != "short"):
            return [100000, offers]


EXPRESS_MISTAKES = ("exactly-k", "k-plus-one", "round-up", "float", "node-visited", "used-first", "inf-1e9", "bfs")


def express_minutes(n: int, roads: list, k: int, mistake: str | None = None) -> int:
    """Q7: the fewest minutes from hub 1 to hub ``n`` over the one-way ``roads`` ``(u, v, w)`` when at most ``k`` of
    them are driven in the express lane at ``w // 2`` minutes, or -1: Dijkstra's algorithm over (hub, express roads
    used). ``mistake`` makes one wrong program's answer (the wrong programs of exercises.py): "exactly-k" (hub N's
    time with exactly K express roads), "k-plus-one" (K + 1 of them), "round-up" ((w + 1) // 2), "float" (w / 2, the
    sum cut to an int when printed), "node-visited" (a hub searched once, with whatever count it is first taken
    with), "used-first" (the heap ordered by the count, then the time, stopped when hub N is first taken), "inf-1e9"
    (10^9 for "no way yet": a time past it is never kept), "bfs" (a state's time fixed when first reached, in
    breadth-first order)."""
    from collections import deque
    following = [[] for _ in range(n + 1)]
    for u, v, w in roads:
        following[u].append((v, w))
    limit = k + 1 if mistake == "k-plus-one" else k
    half = {"round-up": lambda w: (w + 1) // 2, "float": lambda w: w / 2}.get(mistake, lambda w: w // 2)
    unknown = 10 ** 9 if mistake == "inf-1e9" else float("inf")
    best = [[unknown] * (limit + 1) for _ in range(n + 1)]
    best[1][0] = 0
    if mistake == "bfs":
        queue = deque([(1, 0)])
        while queue:
            hub, used = queue.popleft()
            for v, w in following[hub]:
                for now, cost in ((used, w), (used + 1, half(w))):
                    if now <= limit and best[v][now] == unknown:
                        best[v][now] = best[hub][used] + cost
                        queue.append((v, now))
    else:
        done = [False] * (n + 1)
        heap = [(0, 0, 1)] if mistake == "used-first" else [(0, 1, 0)]
        while heap:
            if mistake == "used-first":
                used, time, hub = heapq.heappop(heap)
                if hub == n:
                    return time
            else:
                time, hub, used = heapq.heappop(heap)
            if mistake == "node-visited":
                if done[hub]:
                    continue
                done[hub] = True
            elif time > best[hub][used]:
                continue
            for v, w in following[hub]:
                for now, cost in ((used, w), (used + 1, half(w))):
                    if now <= limit and time + cost < best[v][now]:
                        best[v][now] = time + cost
                        heapq.heappush(heap, (now, time + cost, v) if mistake == "used-first" else (time + cost, v, now))
        if mistake == "used-first":
            return -1
    answer = best[n][limit] if mistake == "exactly-k" else min(best[n])
    return -1 if answer == unknown else int(answer)


def express_case(n: int, roads: list, k: int) -> str:
    """Q7: the input text of a network: N M K, then the roads."""
    return f"{n} {len(roads)} {k}\n" + "".join(f"{u} {v} {w}\n" for u, v, w in roads)


@functools.lru_cache(maxsize=4)
def express_grid(seed: int) -> str:
    """Q7's efficiency case: 2,000 hubs, 10,000 roads, K = 20: a corridor of 400 x 5 crossroads (hub 1 at one end,
    hub N at the other, the other numbers shuffled), each street both ways (1 to 10 minutes along a row, 1 to
    1,000,000 between rows), and 2,810 one-way slanting roads between neighbouring rows; the roads near hub N listed
    first. The fastest way crosses 399 rows, so a program that relaxes every road until nothing changes
    (Bellman-Ford per count of express roads, O(K x N x M) at worst) makes hundreds of rounds: 6.2 s of CPU time
    here on seed 1, against 0.15 s for Dijkstra's algorithm over (hub, express roads used) and the judge's limit of
    5 times that. Hub N is reachable, no two roads join the same hubs in the same direction, no road leads to its
    own hub."""
    rnd = random.Random(seed)
    rows, cols, m = 400, 5, 10000
    n = rows * cols
    inner = list(range(2, n))
    rnd.shuffle(inner)
    hub = [1] + inner + [n]
    pairs = {}
    for r in range(rows):
        for c in range(cols):
            for (nr, nc), top in (((r, c + 1), 10), ((r + 1, c), 1000000)):
                if nr < rows and nc < cols:
                    a, b = hub[r * cols + c], hub[nr * cols + nc]
                    pairs[a, b], pairs[b, a] = rnd.randint(1, top), rnd.randint(1, top)
    slants = [(hub[r * cols + c], hub[(r + 1) * cols + c + d]) for r in range(rows - 1) for c in range(cols)
              for d in (-1, 1) if 0 <= c + d < cols]
    slants += [(b, a) for a, b in slants]
    for a, b in rnd.sample(slants, m - len(pairs)):
        pairs[a, b] = rnd.randint(1, 1000000)
    row = {h: i // cols for i, h in enumerate(hub)}
    roads = [(a, b, w) for (a, b), w in pairs.items()]
    rnd.shuffle(roads)
    roads.sort(key=lambda road: -min(row[road[0]], row[road[1]]))
    return express_case(n, roads, 20)


def _relabelled(rnd, n: int, roads: list, k: int) -> tuple:
    """A network with its hubs 2 to N - 1 numbered anew and its roads in another order."""
    inner = list(range(2, n))
    rnd.shuffle(inner)
    name = {1: 1, n: n, **dict(zip(range(2, n), inner))}
    roads = [(name[u], name[v], w) for u, v, w in roads]
    rnd.shuffle(roads)
    return n, roads, k


def express_towns(seed: int) -> list:
    """Q7's correctness test 1: ten networks ``(n, roads, k)`` with hub N reachable and no two roads between the same
    hubs, drawn once from ``seed`` (no redraw): four traps, each a wrong answer of ``EXPRESS_MISTAKES`` but
    "inf-1e9" gets wrong by its shape whatever its minutes (tests/test_coding_test.py checks it on many seeds), with
    slow roads round them that no way takes, then six random towns."""
    rnd = random.Random(seed * 7 + 5)
    towns = []
    # a hub reached first with the express lane spent: the long road after it wants the express lane
    a, b, c, far = rnd.randint(60, 99), rnd.randint(10, 29), rnd.randint(10, 29), 2 * rnd.randint(500, 999) + 1
    towns.append((5, [(1, 2, a), (1, 3, b), (3, 2, c), (2, 5, far), (1, 4, 9000), (4, 5, 9000)], 1))
    # four odd roads in a row, two of them in the express lane: halves rounded down, not up, not kept as x.5
    chain = [2 * rnd.randint(50, 499) + 1 for _ in range(5)]
    towns.append((6, [(i + 1, i + 2, w) for i, w in enumerate(chain)] + [(1, 6, 99999)], 2))
    # the fastest way has 2 roads, K = 3: no way has 3 roads as fast
    towns.append((5, [(1, 2, rnd.randint(20, 40)), (2, 5, rnd.randint(20, 40)), (1, 3, 5000), (3, 4, 5000),
                      (4, 5, 5000)], 3))
    # fewest roads is not fewest minutes
    towns.append((5, [(1, 5, rnd.randint(300, 400)), (1, 2, rnd.randint(10, 30)), (2, 3, rnd.randint(10, 30)),
                      (3, 4, rnd.randint(10, 30)), (4, 5, rnd.randint(10, 30))], 1))
    towns = [_relabelled(rnd, *town) for town in towns]
    for _ in range(6):
        n, k = rnd.randint(5, 10), rnd.randint(1, 3)
        way = [1] + rnd.sample(range(2, n), rnd.randint(1, n - 2)) + [n]
        pairs = set(zip(way, way[1:]))
        extra = rnd.sample([(u, v) for u in range(1, n + 1) for v in range(1, n + 1) if u != v and (u, v) not in pairs],
                           rnd.randint(n, 2 * n))
        roads = [(u, v, rnd.randint(1, 100)) for u, v in sorted(pairs) + extra]
        rnd.shuffle(roads)
        towns.append((n, roads, k))
    return towns


def express_edges(seed: int) -> list:
    """Q7's correctness test 2: the edges the constraints allow, ``(n, roads, k)``: hub N out of reach, a road of 1
    minute (0 in the express lane), K = 0 and K = 20 on a way of fewer roads, several roads between two hubs in an
    order where the shortest is neither first nor last, roads from a hub to itself, two hubs, and times past 10^9
    minutes: a chain of 1,099 roads of 999,000 to 1,000,000 minutes, K = 0 (its 1,100 states leave a program that
    scans every state for the next one, quadratic, within the group's time: that is the efficiency test's to catch)."""
    rnd = random.Random(seed * 7 + 6)
    long = [rnd.randint(999000, 1000000) for _ in range(1099)]
    return [
        (2, [(1, 2, 1)], 1),
        (2, [(2, 1, 5)], 3),
        (3, [(1, 2, 7), (2, 1, 7), (3, 3, 1)], 2),
        (2, [(1, 2, 9), (1, 2, 4), (1, 2, 6)], 0),
        (3, [(1, 2, 3), (1, 1, 5), (1, 2, 10), (2, 2, 1), (2, 3, 8)], 1),
        (3, [(1, 2, 40), (2, 3, 60)], 20),
        (4, [(1, 2, 5), (2, 4, 5), (1, 3, 1), (3, 4, 20)], 0),
        (3, [(1, 2, 1), (2, 1, 1), (2, 3, 1)], 2),
        (1100, [(i, i + 1, w) for i, w in enumerate(long, 1)], 0),
    ]


@functools.lru_cache(maxsize=4)
def sorting_floor(seed: int) -> str:
    """Q9: a 50 x 50 floor of 25 nested rings of belts, each running round
    the other way from the next, 2,450 boxes of 1 to 1,000 kg, a chute in
    the innermost ring, K = 10^9 and T = 100. On every third ring one belt
    turns inwards, onto the next ring, where boxes join; about 1,800 boxes
    are left after 100 seconds. The two outer rings are full: every second
    a box leaves the outer one onto a box of the second, so the number of
    boxes left differs after T - 1, T and T + 1 seconds. Speed only: no belt
    runs off the floor or into a pillar (there is none), no box is heavy, no
    two boxes swap cells, the floor is never empty (correctness test 2's
    corners), and boxes reach the chute one at a time. Joining boxes by
    comparing every pair of them takes about 60 times the reference's CPU
    time (0.13 s here)."""
    rnd = random.Random(seed)
    n = 50
    grid = [[""] * n for _ in range(n)]
    for k in range(n // 2):
        lo, hi = k, n - 1 - k
        ways = "RDLU" if k % 2 == 0 else "LURD"   # top row, right column, bottom row, left column
        for i in range(lo, hi + 1):
            grid[lo][i], grid[i][hi], grid[hi][i], grid[i][lo] = ways
        if k % 2 == 0:   # clockwise: each corner turns to the next side
            grid[lo][hi], grid[hi][hi], grid[hi][lo], grid[lo][lo] = "DLUR"
        else:            # anticlockwise
            grid[lo][lo], grid[hi][lo], grid[hi][hi], grid[lo][hi] = "DRUL"
    for k in range(0, n // 2 - 1, 3):
        lo, hi = k, n - 1 - k
        x = rnd.randint(lo + 1, hi - 1)
        r, c, way = rnd.choice([(lo, x, "D"), (x, hi, "L"), (hi, x, "U"), (x, lo, "R")])
        grid[r][c] = way
    grid[n // 2][n // 2] = "O"
    outer = [(r, c) for r in range(n) for c in range(n) if min(r, c, n - 1 - r, n - 1 - c) < 2]
    inner = [(r, c) for r in range(2, n - 2) for c in range(2, n - 2) if grid[r][c] != "O"]
    boxes = [(r, c, rnd.randint(1, 1000)) for r, c in outer + rnd.sample(inner, 2450 - len(outer))]
    rnd.shuffle(boxes)
    return (f"{n} {n} 1000000000 100\n" + "\n".join("".join(row) for row in grid) + f"\n{len(boxes)}\n"
            + "".join(f"{r + 1} {c + 1} {w}\n" for r, c, w in boxes))


@functools.lru_cache(maxsize=4)
def bundle_orders(seed: int) -> list:
    """Q10: [orders, 5]: 1,000 orders of 10 different products each, from a
    catalogue of 30, by 1,000 different members, all placed inside the sale
    (22:01 to 01:58, across midnight), no code repeated in an order. One bundle, planted in
    every third order, has by far the most fans (about 335; the next fewer
    than 100): one answer, no tie. It holds two codes of one letter whose order as
    strings is not their order as numbers (``X15`` < ``X7``), so a program
    that sorts codes by number loses this group too."""
    rnd = random.Random(seed)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    twin = rnd.choice(letters)
    short = rnd.randint(2, 9)
    favourite = [f"{twin}{short}", f"{twin}{rnd.randint(10, 10 * short - 1)}"]
    catalogue = set(favourite)
    while len(catalogue) < 30:
        catalogue.add(rnd.choice(letters) + str(rnd.randint(0, 999)))
    catalogue = sorted(catalogue)
    favourite += rnd.sample([c for c in catalogue if c not in favourite], 3)
    members = [rnd.choice("abcdefghijklmnopqrstuvwxyz") + str(i) for i in rnd.sample(range(1, 10 ** 8), 1000)]
    orders = []
    for i, member in enumerate(members):
        codes = rnd.sample(catalogue, 10)
        if i % 3 == 0:
            codes = favourite + rnd.sample([c for c in catalogue if c not in favourite], 5)
            rnd.shuffle(codes)
        minute = rnd.randint(22 * 60 + 1, 26 * 60 - 2) % (24 * 60)
        orders.append(f"{minute // 60:02d}:{minute % 60:02d} {member} {','.join(codes)}")
    return [orders, 5]


def _locker_walks(cells: list, sites: list, homes: list, homes_block: bool = False) -> list:
    """Q8: the steps from each site to each home, round the walls (``None``: out of reach); with
    ``homes_block``, as a program that never walks on from a home would count them."""
    from collections import deque
    n, m = len(cells), len(cells[0])
    walks = []
    for site in sites:
        dist = {site: 0}
        queue = deque([site])
        while queue:
            r, c = queue.popleft()
            if homes_block and cells[r][c] == "H":
                continue
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < n and 0 <= nc < m and cells[nr][nc] != "#" and (nr, nc) not in dist:
                    dist[(nr, nc)] = dist[(r, c)] + 1
                    queue.append((nr, nc))
        walks.append([dist.get(home) for home in homes])
    return walks


def _locker_total(walks: list, chosen) -> int | None:
    """Q8: the sum of the homes' walks to the nearest of the ``chosen`` sites (``None``: a home out of reach)."""
    rows = [walks[i] for i in chosen]
    try:
        return sum(map(min, zip(*rows)))          # every home in reach: the quick way
    except TypeError:
        pass
    total = 0
    for column in zip(*rows):
        reach = [w for w in column if w is not None]
        if not reach:
            return None
        total += min(reach)
    return total


@functools.lru_cache(maxsize=4)
def pickup_complex(seed: int) -> str:
    """Q8: a 50 x 50 apartment complex, walls all round (no walk can leave the grid, so a program that reads
    grid[-1] loses nothing here) and about a fifth of the other cells walls, scattered; 13 sites and 50 homes,
    all in the floor's one large open part (every home reaches every site: no choice is out of reach), K = 6
    or 7 (1,716 choices). Speed only, but four wrong programs lose it for every seed, as the generator checks:
    the straight-line (Manhattan) distance, homes that cannot be walked through, every site open, and K sites
    chosen greedily one by one each give another answer than the best choice. A breadth-first search for each
    choice (1,716 searches of 2,500 cells) takes about 20 times the reference's CPU time."""
    from itertools import combinations
    rnd = random.Random(seed * 7 + 8)
    n = m = 50
    while True:
        cells = [["#"] * m] + [["#"] + ["#" if rnd.random() < 0.2 else "." for _ in range(m - 2)] + ["#"]
                               for _ in range(n - 2)] + [["#"] * m]
        start = (n // 2, m // 2)
        cells[start[0]][start[1]] = "."
        reached = _locker_walks(cells, [start], [(r, c) for r in range(n) for c in range(m)])[0]
        open_part = [(r, c) for r in range(n) for c in range(m) if reached[r * m + c] is not None]
        picked = rnd.sample(open_part, 63)
        sites, homes = sorted(picked[:13]), sorted(picked[13:])
        for r, c in sites:
            cells[r][c] = "L"
        for r, c in homes:
            cells[r][c] = "H"
        k = rnd.choice((6, 7))
        walks = _locker_walks(cells, sites, homes)
        best = min(_locker_total(walks, chosen) for chosen in combinations(range(13), k))
        manhattan = [[abs(r - sr) + abs(c - sc) for r, c in homes] for sr, sc in sites]
        blocked = _locker_walks(cells, sites, homes, homes_block=True)
        greedy = []
        for _ in range(k):
            greedy.append(min((i for i in range(13) if i not in greedy),
                              key=lambda i: _locker_total(walks, greedy + [i])))
        others = [min(_locker_total(manhattan, chosen) for chosen in combinations(range(13), k)),
                  min((t for t in (_locker_total(blocked, chosen) for chosen in combinations(range(13), k))
                       if t is not None), default=-1),
                  _locker_total(walks, range(13)), _locker_total(walks, greedy)]
        if best not in others:
            return f"{n} {m} {k}\n" + "\n".join("".join(row) for row in cells) + "\n"


def zones_cost(n: int, lanes: list) -> int:
    """Q11: the least monthly cost of two delivery zones over the ``lanes`` ``(a, b, c)`` of a connected town of
    ``n`` points: Kruskal's cheapest network (a minimum spanning tree) less its dearest lane."""
    parent, total, dearest = list(range(n + 1)), 0, 0

    def find(x):
        while parent[x] != x:
            parent[x] = x = parent[parent[x]]
        return x
    for a, b, c in sorted(lanes, key=lambda lane: lane[2]):
        if find(a) != find(b):
            parent[find(a)], total, dearest = find(b), total + c, c
    return total - dearest


def zones_case(n: int, lanes: list) -> str:
    return f"{n} {len(lanes)}\n" + "".join(f"{a} {b} {c}\n" for a, b, c in lanes)


@functools.lru_cache(maxsize=4)
def zones_town(seed: int) -> str:
    """Q11's efficiency case: 100,000 points, 200,000 lanes, no two between the same points. Two paths of 45,000
    points take the cheapest lanes (below 10^5, rising along each): P written (old, new), numbered downwards, Q
    (new, old), numbered upwards, so a union that never weighs the trees (either root under the other, the smaller
    or larger number on top) makes one a chain 45,000 deep. Then 100,001 lanes inside a path (10^5 to 899,999, one
    of 10^6); the other 10,000 points hang on by a lane each (900,000 to 999,999), so every lane is looked at first.
    A find without path compression walks the chain each time; a recursive one passes Python's 1,000 calls."""
    rnd = random.Random(seed * 7 + 11)
    n, m, size = 100000, 200000, 45000
    labels = rnd.sample(range(1, n + 1), n)
    p, q, rest = sorted(labels[:size], reverse=True), sorted(labels[size:2 * size]), labels[2 * size:]
    costs = sorted(rnd.sample(range(1, 100000), 2 * size - 2))
    lanes = [(p[i], p[i + 1], costs[2 * i]) for i in range(size - 1)] + \
        [(q[i + 1], q[i], costs[2 * i + 1]) for i in range(size - 1)] + [(p[-1], q[-1], rnd.randint(900000, 999999))]
    joined, seen = p + q, set()
    for point in rest:
        lanes.append((point, rnd.choice(joined), rnd.randint(900000, 999999)))
        joined.append(point)
    while len(lanes) < m:
        path, (i, j) = rnd.choice((p, q)), sorted(rnd.sample(range(size), 2))
        if j > i + 1 and (path[i], path[j]) not in seen:
            seen.add((path[i], path[j]))
            lanes.append((*(path[i], path[j])[::rnd.choice((1, -1))], rnd.randint(100000, 899999)))
    lanes[-1] = (*lanes[-1][:2], 1000000)
    rnd.shuffle(lanes)
    return zones_case(n, lanes)
