"""The exercises of 10_coding_test, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue; they lead
  to the idea, never to the code;
* ``editorial``: the idea, its complexity, why the straightforward program times out and the
  edge cases (``solution()`` shows it after the exam, in a self-study clone), translated too;
* ``review`` (``_REVIEWS`` below, with ``REVIEW_NOTES``): what the problem was, 백준's tags and
  problems of the same kind, released in review.json and shown by ``review()`` after the test,
  never during an exam (a real test never names the technique), translated too;
* ``alternatives``: correct programs written differently: other algorithms of the right
  complexity, other ways to read the input (``sys.stdin.readline``, ``sys.stdin.read().split()``,
  ``open(0)``, ``input()``);
* ``wrong``: plausible wrong programs, each tagged with the requirement it breaks and the test
  cells (case groups) it loses, exactly: a missed edge of the constraints, an off-by-one at a
  bound or a wrong tie rule loses correctness test 2; the straightforward algorithm loses the
  efficiency test; a program written around the examples loses every hidden group.

tests/test_course.py runs every alternative and wrong program alone, hidden groups included, and
checks that it fails exactly the cells it ``loses`` (the alternatives: none); the round trip
grades the first ones with the real grader."""
import textwrap

CORRECT_1, CORRECT_2, EFFICIENCY = "correct_1", "correct_2", "efficiency"
HIDDEN = (CORRECT_1, CORRECT_2, EFFICIENCY)
CORRECTNESS = (CORRECT_1, CORRECT_2)   # the hidden groups of a problem with no efficiency test (Question 14)


def program(gid: str, code: str) -> str:
    """An answer cell holding ``code`` as the program ``gid``."""
    return f"%%program {gid}\n{textwrap.dedent(code).strip()}\n"


def wrong(gid: str, violates: str, loses, code: str) -> dict:
    """A wrong program that breaks ``violates`` and fails exactly the groups ``loses``."""
    return {"violates": violates, "loses": [f"test_{gid}_{group}" for group in loses], "code": program(gid, code)}


def edited(gid: str, base: str, violates: str, loses, *edits: tuple[str, str]) -> dict:
    """A wrong program: ``base`` with each ``(old, new)`` edit made, in order, where ``old`` occurs once."""
    for old, new in edits:
        if base.count(old) != 1:
            raise ValueError(f"{gid}: {old!r} occurs {base.count(old)} times in the program it edits")
        base = base.replace(old, new)
    return wrong(gid, violates, loses, base)


Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10 = (
    "q1_best_sellers", "q2_peak_hours", "q3_picking_robot", "q4_packing_stations", "q5_vans", "q6_coupons",
    "q7_delivery_routes", "q8_pickup_lockers", "q9_sorting_floor", "q10_bundle_deals")
Q11, Q12, Q13, Q14 = "q11_delivery_zones", "q12_pickers", "q13_record_days", "q14_box_wall"
Q15 = "q15_sales_target"

# Q3's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
ROBOT = """
import sys
from collections import deque


def main():
    data = sys.stdin.read().split()
    rows, cols, k = int(data[0]), int(data[1]), int(data[2])
    grid = data[3:3 + rows]
    sr, sc, pr, pc, er, ec = (int(x) - 1 for x in data[3 + rows:9 + rows])
    dist = [[[[-1] * cols for _ in range(rows)] for _ in range(k + 1)] for _ in range(2)]
    dist[0][0][sr][sc] = 0
    queue = deque([(sr, sc, 0, 0)])
    while queue:
        r, c, used, picked = queue.popleft()
        d = dist[picked][used][r][c] + 1
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols:
                lifts = used + (grid[nr][nc] == "#")
                now = 1 if nr == pr and nc == pc else picked
                if lifts <= k and dist[now][lifts][nr][nc] < 0:
                    if now and nr == er and nc == ec:
                        print(d)
                        return
                    dist[now][lifts][nr][nc] = d
                    queue.append((nr, nc, lifts, now))
    print(-1)


main()
"""

# Q6's solution, which two of its wrong programs edit (the notebook holds it with its comments)
COUPONS = """
def solution(points, coupons):
    brands = {}
    for brand, cost, saving in coupons:
        brands.setdefault(brand, []).append((cost, saving))
    best = [0] * (points + 1)
    for offers in brands.values():
        new = best[:]
        for cost, saving in offers:
            for b in range(cost, points + 1):
                if best[b - cost] + saving > new[b]:
                    new[b] = best[b - cost] + saving
        best = new
    return best[points]
"""

# Q4's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
STATIONS = """
def solution(n, stations):
    def packed(minute):
        total = 0
        for t, c, b in stations:
            rounds, rest = divmod(minute, c * t + b)
            total += rounds * c + min(c, rest // t)
        return total

    low, high = 1, n * min(t + b for t, c, b in stations)
    while low < high:
        middle = (low + high) // 2
        if packed(middle) >= n:
            high = middle
        else:
            low = middle + 1
    return low
"""

# Q5's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
VANS = """
import sys


def main():
    data = sys.stdin.read().split()
    n, cap, m = int(data[0]), int(data[1]), int(data[2])
    weights = [int(x) for x in data[3:3 + n]]
    apart = [0] * n
    for j in range(m):
        a, b = int(data[3 + n + 2 * j]) - 1, int(data[4 + n + 2 * j]) - 1
        apart[a] |= 1 << b
        apart[b] |= 1 << a
    loads, members = [], []
    best = n

    def place(i):
        nonlocal best
        if len(loads) >= best:
            return
        if i == n:
            best = len(loads)
            return
        for v in range(len(loads)):
            if loads[v] + weights[i] <= cap and not members[v] & apart[i]:
                loads[v] += weights[i]
                members[v] |= 1 << i
                place(i + 1)
                loads[v] -= weights[i]
                members[v] ^= 1 << i
        loads.append(weights[i])
        members.append(1 << i)
        place(i + 1)
        loads.pop()
        members.pop()

    place(0)
    print(best)


main()
"""

# Q5's greedy loadings, which its wrong programs edit: the parcels in one order, each into the first open van
# that takes it, a new van only when none does (the order and the fit edited; hidden.py's VAN_GREEDIES
# models them all)
VANS_GREEDY = """
import sys

data = sys.stdin.read().split()
n, cap, m = int(data[0]), int(data[1]), int(data[2])
weights = [int(x) for x in data[3:3 + n]]
apart = [0] * n
for j in range(m):
    a, b = int(data[3 + n + 2 * j]) - 1, int(data[4 + n + 2 * j]) - 1
    apart[a] |= 1 << b
    apart[b] |= 1 << a
conflicts = [bin(x).count("1") for x in apart]
loads, members = [], []
for i in range(n):
    fits = [v for v in range(len(loads)) if loads[v] + weights[i] <= cap and not members[v] & apart[i]]
    if fits:
        v = fits[0]
        loads[v] += weights[i]
        members[v] |= 1 << i
    else:
        loads.append(weights[i])
        members.append(1 << i)
print(len(loads))
"""
_ORDERS = {   # how each greedy takes the parcels (ties: the lower number first)
    "input": "for i in range(n):\n",
    "light": "for i in sorted(range(n), key=lambda i: weights[i]):\n",
    "heavy": "for i in sorted(range(n), key=lambda i: -weights[i]):\n",
    "conflicts": "for i in sorted(range(n), key=lambda i: -conflicts[i]):\n",
    "conflicts-heavy": "for i in sorted(range(n), key=lambda i: (-conflicts[i], -weights[i])):\n",
    # DSatur-like: next the parcel whose pairs sit in the most vans, then the most pairs, then the heaviest
    "dsatur": "left = list(range(n))\nwhile left:\n"
              "    i = max(left, key=lambda i: (sum(1 for s in members if s & apart[i]), conflicts[i], weights[i],\n"
              "                                 -i))\n"
              "    left.remove(i)\n",
}


def vans_greedy(order: str, fit: str) -> dict:
    """Q5's greedy that takes the parcels in ``order`` into the first open van that takes each ("first") or the
    fullest one ("best"): it needs another van on some loads of every hidden group."""
    edits = [("for i in range(n):\n", _ORDERS[order])]
    if fit == "best":
        edits.append(("v = fits[0]", "v = max(fits, key=lambda v: loads[v])"))
    return edited(Q5, VANS_GREEDY, "fewest-vans", HIDDEN, *edits)


# Q8's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
LOCKERS = """
import sys
from collections import deque
from itertools import combinations


def main():
    data = sys.stdin.read().split()
    n, m, k = int(data[0]), int(data[1]), int(data[2])
    grid = data[3:3 + n]
    homes = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == "H"]
    sites = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == "L"]
    far = n * m
    walks = []
    for sr, sc in sites:
        dist = [[far] * m for _ in range(n)]
        dist[sr][sc] = 0
        queue = deque([(sr, sc)])
        while queue:
            r, c = queue.popleft()
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < n and 0 <= nc < m and grid[nr][nc] != "#" and dist[nr][nc] == far:
                    dist[nr][nc] = dist[r][c] + 1
                    queue.append((nr, nc))
        walks.append([dist[r][c] for r, c in homes])
    best = -1
    for chosen in combinations(range(len(sites)), k):
        total = 0
        for j in range(len(homes)):
            walk = min(walks[i][j] for i in chosen)
            if walk == far:
                break
            total += walk
        else:
            if best == -1 or total < best:
                best = total
    print(best)


main()
"""

# Q9's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
SORTING_FLOOR = """
import sys


def main():
    data = sys.stdin.read().split()
    rows, cols, limit, seconds = int(data[0]), int(data[1]), int(data[2]), int(data[3])
    grid = data[4:4 + rows]
    count = int(data[4 + rows])
    boxes = {}
    for i in range(count):
        r, c, w = data[5 + rows + 3 * i:8 + rows + 3 * i]
        boxes[(int(r) - 1, int(c) - 1)] = int(w)
    step = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
    ahead = {}
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] in step:
                nr, nc = r + step[grid[r][c]][0], c + step[grid[r][c]][1]
                if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#":
                    ahead[(r, c)] = (nr, nc)
                else:
                    ahead[(r, c)] = (r, c)
    shipped = 0
    for _ in range(seconds):
        moved = {}
        for cell, w in boxes.items():
            to = ahead[cell] if w <= limit else cell
            moved[to] = moved.get(to, 0) + w
        boxes = {}
        for (r, c), w in moved.items():
            if grid[r][c] == "O":
                shipped += 1
            else:
                boxes[(r, c)] = w
    print(shipped)
    print(len(boxes), max(boxes.values(), default=0))


main()
"""
# Q9's first alternative: a grid of weights, built anew every second (its wrong program reading grid[-1] edits it)
WEIGHT_GRID = """
import sys

input = sys.stdin.readline
R, C, K, T = map(int, input().split())
belt = [input().strip() for _ in range(R)]
weight = [[0] * C for _ in range(R)]          # 0: no box on the cell
for _ in range(int(input())):
    r, c, w = map(int, input().split())
    weight[r - 1][c - 1] = w
shipped = 0
for _ in range(T):
    new = [[0] * C for _ in range(R)]         # every box moves into a new grid: all at the same time
    for r in range(R):
        for c in range(C):
            w = weight[r][c]
            if w == 0:
                continue
            nr, nc = r, c
            if w <= K:
                d = belt[r][c]
                if d == "U":
                    nr -= 1
                elif d == "D":
                    nr += 1
                elif d == "L":
                    nc -= 1
                else:
                    nc += 1
                if nr < 0 or nr >= R or nc < 0 or nc >= C or belt[nr][nc] == "#":
                    nr, nc = r, c
            new[nr][nc] += w
    for r in range(R):
        for c in range(C):
            if new[r][c] and belt[r][c] == "O":
                shipped += 1
                new[r][c] = 0
    weight = new
left = [w for row in weight for w in row if w]
print(shipped)
print(len(left), max(left) if left else 0)
"""

# Q10's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
BUNDLES = """
from itertools import combinations


def solution(orders, size):
    fans = {}
    for order in orders:
        time, member, codes = order.split(" ")
        if "02:00" <= time < "22:00":
            continue
        products = sorted(set(codes.split(",")))
        for bundle in combinations(products, size):
            fans.setdefault(bundle, set()).add(member)
    most = max((len(members) for members in fans.values()), default=0)
    if most < 2:
        return []
    return sorted("+".join(bundle) for bundle, members in fans.items() if len(members) == most)
"""

# Q7's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
EXPRESS = """
import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m, k = int(data[0]), int(data[1]), int(data[2])
    roads = [[] for _ in range(n + 1)]
    for i in range(m):
        u, v, w = int(data[3 + 3 * i]), int(data[4 + 3 * i]), int(data[5 + 3 * i])
        roads[u].append((v, w))
    INF = float("inf")
    best = [[INF] * (k + 1) for _ in range(n + 1)]
    best[1][0] = 0
    heap = [(0, 1, 0)]
    while heap:
        time, hub, used = heapq.heappop(heap)
        if time > best[hub][used]:
            continue
        for nxt, minutes in roads[hub]:
            if time + minutes < best[nxt][used]:
                best[nxt][used] = time + minutes
                heapq.heappush(heap, (time + minutes, nxt, used))
            fast = time + minutes // 2
            if used < k and fast < best[nxt][used + 1]:
                best[nxt][used + 1] = fast
                heapq.heappush(heap, (fast, nxt, used + 1))
    answer = min(best[n])
    print(answer if answer < INF else -1)


main()
"""


# Q11's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
ZONES = """
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    lanes = sorted((int(data[4 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i])) for i in range(m))
    parent = list(range(n + 1))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    total = dearest = joined = 0
    for cost, a, b in lanes:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        parent[ra] = rb
        total += cost
        dearest = cost
        joined += 1
        if joined == n - 1:
            break
    print(total - dearest)


main()
"""


# Q12's solution, which some of its wrong programs edit in one place (the notebook holds it with its comments)
PICKERS = """
import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    orders = sorted((int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n))
    free_at = []
    for start, end in orders:
        if free_at and free_at[0] <= start:
            heapq.heapreplace(free_at, end)
        else:
            heapq.heappush(free_at, end)
    print(len(free_at))


main()
"""


# Q13's solution, which some of its wrong programs edit in one place (the notebook holds it with its comments)
RECORD_DAYS = """
import sys


def main():
    data = sys.stdin.buffer.read().split()
    orders = list(map(int, data[1:]))
    stack = []
    badge = []
    for i, a in enumerate(orders):
        while stack and orders[stack[-1]] <= a:
            stack.pop()
        badge.append(i - stack[-1] if stack else i + 1)
        stack.append(i)
    print(" ".join(map(str, badge)))


main()
"""


# Q14's wall as rows, an answer most of its wrong programs edit in one place (the notebook's solution keeps columns)
BOX_WALL = """
def solution(board):
    grid = [list(row) for row in board]
    m, n = len(grid), len(grid[0])
    boxes = rounds = 0
    while True:
        taken = set()
        for r in range(m - 1):
            for c in range(n - 1):
                kind = grid[r][c]
                if kind != "." and grid[r][c + 1] == kind and grid[r + 1][c] == kind and grid[r + 1][c + 1] == kind:
                    taken |= {(r, c), (r, c + 1), (r + 1, c), (r + 1, c + 1)}
        if not taken:
            return [boxes, rounds]
        boxes += len(taken)
        rounds += 1
        for r, c in taken:
            grid[r][c] = "."
        for c in range(n):
            left = [grid[r][c] for r in range(m) if grid[r][c] != "."]
            for r in range(m):
                grid[r][c] = "."
            for r, kind in zip(range(m - len(left), m), left):
                grid[r][c] = kind
"""


# Q15's solution, which most of its wrong programs edit in one place (the notebook holds it with its comments)
SALES_TARGET = """
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, s = int(data[0]), int(data[1])
    sales = list(map(int, data[2:2 + n]))
    best = n + 1
    total = left = 0
    for right, a in enumerate(sales):
        total += a
        while total - sales[left] >= s:
            total -= sales[left]
            left += 1
        if total >= s:
            best = min(best, right - left + 1)
    print(best if best <= n else 0)


main()
"""


EXERCISES = {
    "q1_best_sellers": {
        "equivalent": [
            {"diff": '- totals[product] = totals.get(product, 0) + quantity\n+ totals[product] = totals.get(product, 1) + quantity',
             "reason": "every product's sales grow by the same 1: their order, all that is returned, is unchanged"},
            {"diff": '- totals[product] = totals.get(product, 0) + quantity\n+ totals[product] = totals.get(product, -1) + quantity',
             "reason": "every product's sales shrink by the same 1: their order, all that is returned, is unchanged"},
        ],
        "hints": [
            "Work the tie rule through the third example: A9 and A10 both sold 3, and A10 comes first because the "
            "ids are compared as strings and \"A10\" < \"A9\". A program that keeps products with equal sales in "
            "the order they first appear would put A9 first, and so would one that compares the numbers in the ids.",
            "Two steps: first the total sales of every product (one pass over the lines), then the order of the "
            "products. A dictionary keyed by the product id gives each total in one step.",
            "Sort once with a key that says everything: more sales first, and for equal sales the smaller id "
            "first. A tuple key compares its first item, then the second.",
            "Read the constraints again: k may be larger than the number of products, and two products may sell "
            "exactly as much. Counter.most_common keeps equal counts in the order they were first seen, which is "
            "not the order the problem asks for.",
        ],
        "editorial": """
**Idea.** Add up each product's quantities in a dictionary (hashing: one step per line), then sort the
products once by the key `(-sales, id)`: the minus sign puts the best first, and the id, compared as a
string, breaks ties. `ranked[:k]` also works when `k` is larger than the number of products.

**Complexity.** O(n + m log m) for n lines and m products: 100,000 lines take about 0.1 s.

**Why the straightforward program times out.** Summing each product's sales by scanning every line
(`sum(q for p, q in orders if p == product)`) does n steps per product: n × m = 100,000 × 20,000 =
2 × 10⁹ steps, minutes instead of a tenth of a second.

**Edge cases.** Equal sales (the id decides, as a string: `"B7"` < `"B70"`); `k` larger than the number
of products (return them all, without an index error); a single line. `Counter.most_common(k)` orders
equal counts by first appearance, so it fails the ties.
""",
        "alternatives": [
            program(Q1, """
                from collections import Counter


                def solution(orders, k):
                    sales = Counter()
                    for product, quantity in orders:
                        sales[product] += quantity
                    ranked = sorted(sales.items(), key=lambda item: (-item[1], item[0]))
                    return [product for product, _ in ranked[:k]]
            """),
            program(Q1, """
                from collections import defaultdict


                def solution(orders, k):
                    sales = defaultdict(int)
                    for product, quantity in orders:
                        sales[product] += quantity
                    products = sorted(sales)                                  # by id first
                    products.sort(key=lambda p: sales[p], reverse=True)      # stable: equal sales keep the id order
                    return products[:k]
            """),
            program(Q1, """
                import heapq


                def solution(orders, k):
                    sales = {}
                    for product, quantity in orders:
                        sales[product] = sales.get(product, 0) + quantity
                    return heapq.nsmallest(k, sales, key=lambda p: (-sales[p], p))
            """),
        ],
        "wrong": [
            # equal sales left in the order the products were first seen
            wrong(Q1, "ties-by-id", [CORRECT_1, CORRECT_2], """
                def solution(orders, k):
                    totals = {}
                    for product, quantity in orders:
                        totals[product] = totals.get(product, 0) + quantity
                    return sorted(totals, key=lambda p: -totals[p])[:k]
            """),
            # reverse=True on (sales, id) also reverses the ids of equal sales
            wrong(Q1, "ties-by-id", [CORRECT_1, CORRECT_2], """
                def solution(orders, k):
                    totals = {}
                    for product, quantity in orders:
                        totals[product] = totals.get(product, 0) + quantity
                    ranked = sorted(totals.items(), key=lambda item: (item[1], item[0]), reverse=True)
                    return [product for product, _ in ranked[:k]]
            """),
            # most_common breaks ties by first appearance
            wrong(Q1, "ties-by-id", [CORRECT_1, CORRECT_2], """
                from collections import Counter


                def solution(orders, k):
                    sales = Counter()
                    for product, quantity in orders:
                        sales[product] += quantity
                    return [product for product, _ in sales.most_common(k)]
            """),
            # assumes k products exist: an IndexError when k is larger
            wrong(Q1, "k-more-than-products", [CORRECT_2], """
                def solution(orders, k):
                    totals = {}
                    for product, quantity in orders:
                        totals[product] = totals.get(product, 0) + quantity
                    ranked = sorted(totals, key=lambda p: (-totals[p], p))
                    return [ranked[i] for i in range(k)]
            """),
            # counts the lines instead of adding up the quantities
            wrong(Q1, "sum-per-product", HIDDEN, """
                from collections import Counter


                def solution(orders, k):
                    lines = Counter(product for product, _ in orders)
                    return sorted(lines, key=lambda p: (-lines[p], p))[:k]
            """),
            # the straightforward way: every product's sales by scanning all the lines
            wrong(Q1, "n-100000", [EFFICIENCY], """
                def solution(orders, k):
                    products = sorted({product for product, _ in orders})
                    sales = {p: sum(q for x, q in orders if x == p) for p in products}
                    return sorted(products, key=lambda p: -sales[p])[:k]
            """),
            # written around the examples
            wrong(Q1, "best-first", HIDDEN, """
                def solution(orders, k):
                    if k == 3:
                        return ["B70", "B7", "C1"]
                    if orders[0][0] == "A3":
                        return ["A3", "B1"]
                    return ["A10", "A9"]
            """),
        ],
    },
    "q2_peak_hours": {
        "equivalent": [
            {"diff": '- orders = list(map(int, data[2:2 + n]))\n+ orders = list(map(int, data[2: 3 + n]))',
             "reason": 'the input holds exactly n numbers after N and K: the slice has nothing more to take'},
        ],
        "hints": [
            "Work the tie rule through the first example: had hour 3 had 6 orders, as hour 5 has, the window of "
            "hours 3-5, which holds both, would print 3, the earlier one, and so would the windows of hours 1-3 and "
            "2-4; the windows of hours 4-6 and 5-7, which no longer hold hour 3, would print 5. The output would be "
            "3 3 3 5 5 8.",
            "A window's busiest hour stays the busiest while it is in the window, unless a busier hour arrives. "
            "So when a new hour comes, which earlier hours can never be a peak again?",
            "Keep the hours that can still become a peak in a deque (collections.deque), their orders decreasing "
            "from front to back: the front is the window's peak. A new hour removes hours from the back; the front "
            "leaves when it falls out of the window. Each hour enters and leaves once.",
            "Ties: when the new hour has as many orders as the one at the back, which of the two should stay so "
            "that the earliest hour wins? Remove only the hours with strictly fewer orders.",
        ],
        "editorial": """
**Idea.** A sliding window with a monotonic queue: a `deque` of hour indices whose orders never
increase from front to back. When hour `i` arrives, pop from the back every hour with *fewer* orders
(they can never be a peak while `i` is in the window), append `i`, and pop the front if it left the
window (`front <= i - K`). The front is the window's peak. An equal hour is not popped, so of equal
hours the earliest stays in front.

**Complexity.** Each hour enters and leaves the deque once: O(N), about 0.1 s for 200,000 hours.
A heap of `(-orders, hour)` with lazy deletion (pop the top while it is outside the window) is
O(N log N) and also passes, as do a segment tree or a sparse table of the maxima (O(N log N): the
efficiency test's limit is set by a segment tree); so does splitting the hours into blocks of `K` with
prefix and suffix maxima.

**Why the straightforward program times out.** `max(window)` for every window is K steps per window:
N × K = 200,000 × 100,000 = 2 × 10¹⁰ steps.

**Edge cases.** Equal orders in a window (the earliest hour: pop with `<`, not `<=`; in a heap,
`(-orders, hour)`, not `(-orders, -hour)`); `K = 1` and `K = N`; a single hour; orders of 0.
""",
        "alternatives": [
            program(Q2, """
                import heapq
                import sys

                input = sys.stdin.readline
                n, k = map(int, input().split())
                orders = list(map(int, input().split()))
                heap, peaks = [], []
                for hour, count in enumerate(orders):
                    heapq.heappush(heap, (-count, hour))
                    while heap[0][1] <= hour - k:      # lazy deletion: drop tops that left the window
                        heapq.heappop(heap)
                    if hour >= k - 1:
                        peaks.append(heap[0][1] + 1)
                print(*peaks)
            """),
            program(Q2, """
                n, k = map(int, input().split())
                a = list(map(int, input().split()))
                # blocks of k hours: the earliest peak of each block's prefix up to i, and of its suffix from i
                prefix, suffix = [0] * n, [0] * n
                for i in range(n):
                    prefix[i] = i if i % k == 0 or a[i] > a[prefix[i - 1]] else prefix[i - 1]
                for i in range(n - 1, -1, -1):
                    last = i == n - 1 or (i + 1) % k == 0
                    suffix[i] = i if last or a[i] >= a[suffix[i + 1]] else suffix[i + 1]
                peaks = []
                for i in range(n - k + 1):
                    left, right = suffix[i], prefix[i + k - 1]
                    peaks.append(left if a[left] >= a[right] else right)
                print(" ".join(str(p + 1) for p in peaks))
            """),
            program(Q2, """
                from collections import deque

                n, k, *orders = map(int, open(0).read().split())
                window = deque()
                peaks = []
                for hour in range(n):
                    while window and orders[window[-1]] < orders[hour]:
                        window.pop()
                    window.append(hour)
                    if window[0] == hour - k:
                        window.popleft()
                    if hour + 1 >= k:
                        peaks.append(str(window[0] + 1))
                print(" ".join(peaks))
            """),
        ],
        "wrong": [
            # pops equal hours too: of equal hours the latest stays in front
            wrong(Q2, "earliest-on-ties", [CORRECT_2], """
                import sys
                from collections import deque

                data = sys.stdin.buffer.read().split()
                n, k = int(data[0]), int(data[1])
                orders = list(map(int, data[2:2 + n]))
                window, peaks = deque(), []
                for hour, count in enumerate(orders):
                    while window and orders[window[-1]] <= count:
                        window.pop()
                    window.append(hour)
                    if window[0] <= hour - k:
                        window.popleft()
                    if hour >= k - 1:
                        peaks.append(window[0] + 1)
                print(" ".join(map(str, peaks)))
            """),
            # a heap keyed (-orders, -hour): equal orders put the latest hour on top
            wrong(Q2, "earliest-on-ties", [CORRECT_2], """
                import heapq
                import sys

                input = sys.stdin.readline
                n, k = map(int, input().split())
                orders = list(map(int, input().split()))
                heap, peaks = [], []
                for hour, count in enumerate(orders):
                    heapq.heappush(heap, (-count, -hour))
                    while -heap[0][1] <= hour - k:
                        heapq.heappop(heap)
                    if hour >= k - 1:
                        peaks.append(-heap[0][1] + 1)
                print(*peaks)
            """),
            # the straightforward way: the maximum of every window, K steps each
            wrong(Q2, "n-200000", [EFFICIENCY], """
                n, k = map(int, input().split())
                a = list(map(int, input().split()))
                peaks = []
                for i in range(n - k + 1):
                    window = a[i:i + k]
                    peaks.append(i + window.index(max(window)) + 1)
                print(*peaks)
            """),
            # the busiest hour kept, and the whole window looked at again only when it leaves: fast on a day of
            # random orders, N x K steps on a day whose orders fall hour by hour (the reviewer's leak)
            wrong(Q2, "n-200000", [EFFICIENCY], """
                import sys
                data = sys.stdin.buffer.read().split()
                n, k = int(data[0]), int(data[1])
                a = list(map(int, data[2:2 + n]))
                best = max(range(k), key=lambda i: (a[i], -i))
                peaks = [best + 1]
                for i in range(k, n):
                    start = i - k + 1
                    if best < start:
                        best = max(range(start, i + 1), key=lambda j: (a[j], -j))
                    elif a[i] > a[best]:
                        best = i
                    peaks.append(best + 1)
                print(" ".join(map(str, peaks)))
            """),
            # written around the examples
            wrong(Q2, "window-peak", HIDDEN, """
                import sys

                if sys.stdin.read().startswith("8 3"):
                    print("1 3 5 5 5 8")
                else:
                    print("1 2 3 4 5")
            """),
        ],
    },
    "q3_picking_robot": {
        "equivalent": [
            {"diff": '- if lifts <= k and dist[now][lifts][nr][nc] < 0:\n+ if lifts <= k and dist[now][lifts][nr][nc] <= 0:',
             "reason": "only S's first state has 0 moves: entering it again once changes no other state's moves (its neighbours are reached already), and S is neither P nor E"},
            {"diff": '- if lifts <= k and dist[now][lifts][nr][nc] < 0:\n+ if lifts <= k and dist[now][lifts][nr][nc] < 1:',
             "reason": "moves are integers: < 1 is <= 0, and only S's first state has 0 moves (see the mutant above)"},
            {"diff": '- grid = data[3:3 + rows]\n+ grid = data[3: 4 + rows]',
             "reason": "the extra item (S's row number) is never read as a row: every row index is below R"},
            {"diff": '- sr, sc, pr, pc, er, ec = (int(x) - 1 for x in data[3 + rows:9 + rows])   # rows and columns from 1\n+ sr, sc, pr, pc, er, ec = (int(x) - 1 for x in data[3 + rows: 10 + rows])   # rows and columns from 1',
             "reason": "the input ends with E's column: the slice holds the same six numbers"},
            {"diff": '- dist = [[[[-1] * cols for _ in range(rows)] for _ in range(k + 1)] for _ in range(2)]\n+ dist = [[[[- 2] * cols for _ in range(rows)] for _ in range(k + 1)] for _ in range(2)]',
             "reason": "-2, like -1, is below 0: it marks a state not reached yet, and no move count is negative"},
            {"diff": '- dist = [[[[-1] * cols for _ in range(rows)] for _ in range(k + 1)] for _ in range(2)]\n+ dist = [[[[-1] * cols for _ in range(rows)] for _ in range(k + 2)] for _ in range(2)]',
             "reason": "a layer for K + 1 lifts is never used: no state with more than K lifts enters the search"},
            {"diff": '- dist = [[[[-1] * cols for _ in range(rows)] for _ in range(k + 1)] for _ in range(2)]\n+ dist = [[[[-1] * cols for _ in range(rows)] for _ in range(k + 1)] for _ in range( 3)]',
             "reason": "a third layer for the order flag is never used: the flag is 0 or 1"},
        ],
        "hints": [
            "Trace the examples by hand: each hides a trap. In the first, E is only 2 moves from S, but the order "
            "must be picked up at P first. From P, the short way to E, up to row 3 and left along it, goes over the "
            "three shelves in columns 5, 4 and 3 of row 3, one after another: three lifts, and the robot has one "
            "left. With K = 1 the answer would be -1: S is in a pocket of floor shut in by shelves (row 4, columns "
            "3 and 4), and so is E (row 3, columns 1 and 2, and row 2, column 1): the robot needs a lift to leave "
            "the first on its way to P, and another to enter the second on its way from P to E. In the second, the shortest way to P, left along row "
            "2, onto the shelf in row 2, column 2 and down off it, is 3 moves, but it uses the robot's only lift: "
            "from P the robot must then walk round, down to row 3, right along it to column 3 and up that column to "
            "row 1, then left to E: 6 more moves, 9 in all, where the best way takes 7.",
            "Where the robot is does not say everything: the same cell, reached with a lift still in hand, or with "
            "the order already picked up, can lead on where the other visit cannot. What must the search remember "
            "besides the cell?",
            "Every move costs 1, so a breadth-first search (BFS) finds the fewest moves, if it searches states instead "
            "of cells: (row, column, lifts used, order picked up or not), at most 100 x 100 x 11 x 2 = 220,000 of "
            "them. Mark a state visited when it enters the queue; a cell reached again with fewer lifts used is a "
            "new state, not a visited cell. Going to P by its own shortest way first is not always best: the lifts "
            "are for the whole trip.",
            "Check the edge cases: -1 when no way works within K lifts; a move from a shelf onto the next shelf uses a "
            "lift too; using exactly K lifts is allowed; the input's rows and columns start at 1; and a neighbour "
            "index of -1 is off the grid, although Python's grid[-1] silently reads the last row.",
        ],
        "editorial": """
**Idea.** A breadth-first search (BFS) over states, not cells, as in 백준 2206 (벽 부수고 이동하기) and
its relatives: a state is (row, column, lifts used, order picked up or not). A cell alone is not enough:
the robot may reach a cell first by a short way that used a lift, and later by a longer way that kept
it, and only the second may get through the shelves further on; before and after P the same cell leads
to different places. Every move costs 1, so the queue takes the states in order of their moves, each
state enters it once, and the first state at `E` with the order is the answer. A move onto a shelf adds
one to the lifts used (from a shelf too); a move onto `P` sets the order flag.

**Complexity.** O(R × C × (K + 1) × 2): at most 220,000 states with 4 moves each, about 0.1 s in
Python. Two searches over (cell, lifts used), from `S` and from `P`, then the best split of the
lifts (`min` over `a + b ≤ K` of the moves to `P` with `a` lifts plus the moves from `P` to `E` with `b`),
are the same work. Keeping, for each cell and flag, the fewest lifts used so far and searching a cell
again only when it is reached with fewer is the same algorithm too (each cell enters at most K + 1 times).

**Why the straightforward program times out.** A depth-first search (DFS) that tries every way, or
goes back to a state whenever it finds a shorter way to it, is exponential on an open floor: on a 100 × 100
warehouse it runs for more than 20 s, twenty times the limit. Keeping the visited states in a list makes
each test read the whole list.

**What goes wrong.** A visited mark per cell (with the flag, but not the lifts): the first visit, with
more lifts used, shuts out the later one that would have got through (the second example). Going to `P`
by its shortest way, then to `E` with the lifts left: that way may spend the lifts `E` needs (the second
example again). Forgetting `P` (2 moves in the first example). A run of shelves crossed for one lift, or
`lifts < K` where `lifts ≤ K` is meant.

**Edge cases.** No way within `K` lifts (`-1`: a `P` or an `E` walled in deeper than the lifts left);
`K` = 0 (a plain BFS through `P`) and ways that need exactly `K` lifts; `E` on the way from `S` to `P`
(going through `E` before `P` delivers nothing); a single row or column; floor along the grid's edges:
`grid[r - 1]` with `r = 0` is `grid[-1]`, the last row, so check `0 <= r` as well as `r < R`; and the
input's rows and columns start at 1.
""",
        "alternatives": [
            program(Q3, """
                import sys
                from collections import deque

                input = sys.stdin.readline
                rows, cols, k = map(int, input().split())
                grid = [input().strip() for _ in range(rows)]
                sr, sc = map(int, input().split())
                pr, pc = map(int, input().split())
                er, ec = map(int, input().split())
                size = rows * cols
                layer = size * (k + 1)
                shelf = [ch == "#" for line in grid for ch in line]
                pick, end = (pr - 1) * cols + pc - 1, (er - 1) * cols + ec - 1
                start = (sr - 1) * cols + sc - 1           # state: picked * layer + lifts * size + cell
                seen = bytearray(2 * layer)
                seen[start] = 1
                frontier, steps, answer = [start], 0, -1
                while frontier and answer < 0:
                    steps += 1
                    following = []
                    for state in frontier:
                        picked, rest = divmod(state, layer)
                        used, cell = divmod(rest, size)
                        r, c = divmod(cell, cols)
                        for nxt, inside in ((cell - cols, r > 0), (cell + cols, r + 1 < rows),
                                            (cell - 1, c > 0), (cell + 1, c + 1 < cols)):
                            if not inside or used + shelf[nxt] > k:
                                continue
                            now = 1 if nxt == pick else picked
                            s = now * layer + (used + shelf[nxt]) * size + nxt
                            if not seen[s]:
                                if now and nxt == end:
                                    answer = steps
                                    break
                                seen[s] = 1
                                following.append(s)
                        if answer >= 0:
                            break
                    frontier = following
                print(answer)
            """),
            program(Q3, """
                from collections import deque


                def search(grid, k, start):
                    # the fewest moves from start to each cell with exactly `lifts` lifts: dist[lifts][r][c]
                    rows, cols = len(grid), len(grid[0])
                    dist = [[[-1] * cols for _ in range(rows)] for _ in range(k + 1)]
                    dist[0][start[0]][start[1]] = 0
                    queue = deque([(start[0], start[1], 0)])
                    while queue:
                        r, c, used = queue.popleft()
                        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                            nr, nc = r + dr, c + dc
                            if 0 <= nr < rows and 0 <= nc < cols:
                                lifts = used + (grid[nr][nc] == "#")
                                if lifts <= k and dist[lifts][nr][nc] == -1:
                                    dist[lifts][nr][nc] = dist[used][r][c] + 1
                                    queue.append((nr, nc, lifts))
                    return dist


                rows, cols, k = map(int, input().split())
                grid = [input() for _ in range(rows)]
                s, p, e = (tuple(int(x) - 1 for x in input().split()) for _ in range(3))
                to_p, from_p = search(grid, k, s), search(grid, k, p)
                ways = [to_p[a][p[0]][p[1]] + from_p[b][e[0]][e[1]]       # a lifts to P, b lifts from P to E
                        for a in range(k + 1) for b in range(k + 1 - a)
                        if to_p[a][p[0]][p[1]] >= 0 and from_p[b][e[0]][e[1]] >= 0]
                print(min(ways) if ways else -1)
            """),
            program(Q3, """
                import sys
                from collections import deque

                data = open(0).read().split()
                rows, cols, k = int(data[0]), int(data[1]), int(data[2])
                grid = data[3:3 + rows]
                s, p, e = [(int(data[i]) - 1, int(data[i + 1]) - 1) for i in range(3 + rows, 9 + rows, 2)]
                # the fewest lifts used so far at each cell, before P and after it: a cell is searched again
                # only when it is reached with fewer lifts, so it enters the queue at most k + 1 times
                fewest = [[[k + 1] * cols for _ in range(rows)] for _ in range(2)]
                fewest[0][s[0]][s[1]] = 0
                queue = deque([(s, 0, 0, 0)])
                answer = -1
                while queue:
                    (r, c), used, picked, moves = queue.popleft()
                    if picked and (r, c) == e:
                        answer = moves
                        break
                    for nr, nc in ((r, c + 1), (r + 1, c), (r, c - 1), (r - 1, c)):
                        if not (0 <= nr < rows and 0 <= nc < cols):
                            continue
                        lifts = used + (grid[nr][nc] == "#")
                        now = picked or (nr, nc) == p
                        if lifts < fewest[now][nr][nc]:
                            fewest[now][nr][nc] = lifts
                            queue.append(((nr, nc), lifts, now, moves + 1))
                print(answer)
            """),
            program(Q3, """
                import heapq
                import sys

                data = sys.stdin.read().split()
                rows, cols, k = int(data[0]), int(data[1]), int(data[2])
                grid = data[3:3 + rows]
                sr, sc, pr, pc, er, ec = map(int, data[3 + rows:9 + rows])
                best = {(sr, sc, 0, False): 0}                 # Dijkstra's algorithm, every move costing 1
                heap = [(0, sr, sc, 0, False)]
                answer = -1
                while heap:
                    moves, r, c, used, picked = heapq.heappop(heap)
                    if picked and (r, c) == (er, ec):
                        answer = moves
                        break
                    if best[(r, c, used, picked)] < moves:
                        continue
                    for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                        if 1 <= nr <= rows and 1 <= nc <= cols:
                            lifts = used + (grid[nr - 1][nc - 1] == "#")
                            state = (nr, nc, lifts, picked or (nr, nc) == (pr, pc))
                            if lifts <= k and moves + 1 < best.get(state, moves + 2):
                                best[state] = moves + 1
                                heapq.heappush(heap, (moves + 1,) + state)
                print(answer)
            """),
        ],
        "wrong": [
            # a cell (with the order or without) is visited once, whatever the lifts used: 2206's classic mistake
            edited(Q3, ROBOT, "fewest-moves", HIDDEN,
                   ("    dist = [[[[-1] * cols for _ in range(rows)] for _ in range(k + 1)] for _ in range(2)]\n"
                    "    dist[0][0][sr][sc] = 0\n",
                    "    dist = [[[[-1] * cols for _ in range(rows)] for _ in range(k + 1)] for _ in range(2)]\n"
                    "    dist[0][0][sr][sc] = 0\n"
                    "    seen = [[[False] * cols for _ in range(rows)] for _ in range(2)]\n"
                    "    seen[0][sr][sc] = True\n"),
                   ("if lifts <= k and dist[now][lifts][nr][nc] < 0:", "if lifts <= k and not seen[now][nr][nc]:"),
                   ("                    dist[now][lifts][nr][nc] = d\n",
                    "                    dist[now][lifts][nr][nc] = d\n                    seen[now][nr][nc] = True\n")),
            # E reached counts, with the order or without
            edited(Q3, ROBOT, "pick-then-deliver", HIDDEN, ("if now and nr == er and nc == ec:", "if nr == er and nc == ec:")),
            # the shortest way to P first (the fewest lifts among the shortest), then on to E with the lifts left
            wrong(Q3, "shared-lifts", HIDDEN, """
                import sys
                from collections import deque


                def search(grid, k, start):
                    rows, cols = len(grid), len(grid[0])
                    dist = [[[-1] * cols for _ in range(rows)] for _ in range(k + 1)]
                    dist[0][start[0]][start[1]] = 0
                    queue = deque([(start[0], start[1], 0)])
                    while queue:
                        r, c, used = queue.popleft()
                        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                            if 0 <= nr < rows and 0 <= nc < cols:
                                lifts = used + (grid[nr][nc] == "#")
                                if lifts <= k and dist[lifts][nr][nc] == -1:
                                    dist[lifts][nr][nc] = dist[used][r][c] + 1
                                    queue.append((nr, nc, lifts))
                    return dist


                data = sys.stdin.read().split()
                rows, cols, k = int(data[0]), int(data[1]), int(data[2])
                grid = data[3:3 + rows]
                s, p, e = [(int(data[i]) - 1, int(data[i + 1]) - 1) for i in range(3 + rows, 9 + rows, 2)]
                to_p = search(grid, k, s)
                legs = [(to_p[a][p[0]][p[1]], a) for a in range(k + 1) if to_p[a][p[0]][p[1]] >= 0]
                if not legs:
                    print(-1)
                else:
                    first, spent = min(legs)
                    from_p = search(grid, k - spent, p)
                    rest = [from_p[b][e[0]][e[1]] for b in range(k - spent + 1) if from_p[b][e[0]][e[1]] >= 0]
                    print(first + min(rest) if rest else -1)
            """),
            # < where <= is meant: at most K - 1 lifts (and no move at all with K = 0)
            edited(Q3, ROBOT, "up-to-k", HIDDEN, ("if lifts <= k and", "if lifts < k and")),
            # a lift only onto the first shelf of a run: crossing shelves side by side costs one lift
            edited(Q3, ROBOT, "lift-per-shelf", HIDDEN,
                   ('lifts = used + (grid[nr][nc] == "#")', 'lifts = used + (grid[nr][nc] == "#" and grid[r][c] != "#")')),
            # the rows and columns read as they are, from 0
            edited(Q3, ROBOT, "from-one", HIDDEN, ("(int(x) - 1 for x in", "(int(x) for x in")),
            # every state searched, then the best over the lifts at E: min() of nothing when no way works
            wrong(Q3, "unreachable", [CORRECT_2], """
                import sys
                from collections import deque

                data = sys.stdin.read().split()
                rows, cols, k = int(data[0]), int(data[1]), int(data[2])
                grid = data[3:3 + rows]
                sr, sc, pr, pc, er, ec = (int(x) - 1 for x in data[3 + rows:9 + rows])
                dist = {(sr, sc, 0, 0): 0}
                queue = deque([(sr, sc, 0, 0)])
                while queue:
                    r, c, used, picked = queue.popleft()
                    for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                        if 0 <= nr < rows and 0 <= nc < cols:
                            state = (nr, nc, used + (grid[nr][nc] == "#"), 1 if (nr, nc) == (pr, pc) else picked)
                            if state[2] <= k and state not in dist:
                                dist[state] = dist[(r, c, used, picked)] + 1
                                queue.append(state)
                print(min(dist[(er, ec, used, 1)] for used in range(k + 1) if (er, ec, used, 1) in dist))
            """),
            # checks only the last row and column: a move off the top comes back on the bottom row, as grid[-1]
            edited(Q3, ROBOT, "stays-on-grid", [CORRECT_2],
                   ("            if 0 <= nr < rows and 0 <= nc < cols:\n",
                    "            if nr < rows and nc < cols:\n                nr, nc = nr % rows, nc % cols\n")),
            # a depth-first search that goes back to a state whenever it finds a shorter way to it: right, but
            # exponential on an open floor
            wrong(Q3, "grid-100", [EFFICIENCY], """
                import sys

                data = sys.stdin.read().split()
                rows, cols, k = int(data[0]), int(data[1]), int(data[2])
                grid = data[3:3 + rows]
                sr, sc, pr, pc, er, ec = (int(x) - 1 for x in data[3 + rows:9 + rows])
                best = {}
                stack = [(sr, sc, 0, False, 0)]
                answer = -1
                while stack:
                    r, c, used, picked, moves = stack.pop()
                    if best.get((r, c, used, picked), moves + 1) <= moves or 0 <= answer <= moves:
                        continue
                    best[(r, c, used, picked)] = moves
                    if picked and (r, c) == (er, ec):
                        answer = moves
                        continue
                    for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                        if 0 <= nr < rows and 0 <= nc < cols and used + (grid[nr][nc] == "#") <= k:
                            stack.append((nr, nc, used + (grid[nr][nc] == "#"), picked or (nr, nc) == (pr, pc), moves + 1))
                print(answer)
            """),
            # written around the examples
            wrong(Q3, "pick-then-deliver", HIDDEN, """
                rows, cols, k = map(int, input().split())
                print(10 if k == 2 else 7)
            """),
        ],
    },
    "q4_packing_stations": {
        "equivalent": [
            {"diff": "- low, high = 1, n * min(t + b for t, c, b in stations)\n"
                     "+ low, high = 0, n * min(t + b for t, c, b in stations)",
             "reason": "minute 0 is never enough: every t is at least 1, so nothing is packed by then"},
        ],
        "hints": [
            "Trace the examples by hand. In the first, the parcels finished at minute 26 itself count: by minute 26 "
            "the stations have packed 11 parcels, by minute 25 only 9. In the second, station 1 is the faster one, 2 "
            "minutes a parcel, but after its second parcel, finished at minute 4, it rests until minute 14: by "
            "minute 12 it has packed only 2 of the 6 parcels. A station's speed alone does not say how many parcels "
            "it packs.",
            "Turn the question around: for one given minute T, how many parcels have the stations packed by then? "
            "Each station's count is a formula of T, without going parcel by parcel.",
            "The count never goes down as T grows. So the minutes that are enough form a range [answer, ...]: find "
            "its first value by binary search instead of trying every minute.",
            "Check a station at its rests: a rest starts right after its c-th parcel, which is already packed, and "
            "nothing is packed while it rests, however long the rest. And where does your search end: can a "
            "station that is fast but rests long make the answer larger than you thought?",
        ],
        "editorial": """
**Idea.** Binary search on the answer (파라메트릭 서치), as in 프로그래머스's 입국심사, with the rests as the
twist. For a minute `T`, a station `[t, c, b]` works in rounds of `c·t + b` minutes that each pack `c`
parcels: `q, r = divmod(T, c * t + b)`, then `q·c` parcels of the whole rounds and `min(c, r // t)` of the
round under way (the `min`: nothing more is packed while it rests). The count never goes down as `T`
grows, so binary search finds the first `T` whose count is at least `n`. Any one station alone packs `n`
parcels by `n·t + ((n − 1) // c)·b` minutes (and surely by `n·(t + b)`), which bounds the search.

**Complexity.** O(M log A) for an answer `A` ≤ about 2 × 10¹⁸: at most about 60 passes over 10,000
stations, well under a second. `bisect_left(range(high + 1), n, key=packed)` is the same search.

**Why the straightforward program times out.** Simulating parcel by parcel (a heap of the stations'
next finishing minutes) takes `n` steps: a billion parcels is minutes of CPU. Trying every minute is
worse: the answer can be 10¹⁸.

**What goes wrong.** Forgetting the rests (`T // t`); putting the rest at the start of a round instead
of after its `c`-th parcel; `r // t` without the `min`, which keeps packing during the rest; counting
the `c`-th parcel of a round only when its rest is over; counting only parcels finished *before* `T`
(one minute too many); a search that ends one below the answer.

**Edge cases.** An upper bound of `n × min(t)`, which ignores the rests: a fast station with long rests
(one station with `c` = 1 and a rest of 10⁹ minutes) needs far longer; a fixed upper bound of 10¹⁸: one
station with `t` = `b` = 10⁹, `c` = 1 and `n` = 10⁹ needs about 2 × 10¹⁸ minutes; `n` = 1 (the answer is
the smallest `t`); a station that never reaches its first rest (`c` ≥ `n`); the answer at the minute a
station finishes the last parcel before a rest.
""",
        "alternatives": [
            program(Q4, """
                from bisect import bisect_left


                def solution(n, stations):
                    def packed(minute):
                        return sum(minute // (c * t + b) * c + min(c, minute % (c * t + b) // t) for t, c, b in stations)

                    high = min(n * t + (n - 1) // c * b for t, c, b in stations)   # one station alone
                    return bisect_left(range(high + 1), n, key=packed)
            """),
            program(Q4, """
                def solution(n, stations):
                    def enough(minute):
                        done = 0
                        for t, c, b in stations:
                            cycle = c * t + b
                            done += minute // cycle * c
                            done += min(c, minute % cycle // t)
                            if done >= n:
                                return True
                        return False

                    low, high = 0, 1                   # low is not enough, high is once the doubling stops
                    while not enough(high):
                        low, high = high, high * 2
                    while high - low > 1:
                        middle = (low + high) // 2
                        if enough(middle):
                            high = middle
                        else:
                            low = middle
                    return high
            """),
            program(Q4, """
                def solution(n, stations):
                    def count(minute):
                        total = 0
                        for t, c, b in stations:
                            full, left = divmod(minute, c * t + b)
                            total += full * c + (left // t if left < c * t else c)
                        return total

                    lo, hi = 0, 2 * 10 ** 18
                    answer = hi
                    while lo <= hi:
                        mid = (lo + hi) // 2
                        if count(mid) >= n:
                            answer, hi = mid, mid - 1
                        else:
                            lo = mid + 1
                    return answer
            """),
        ],
        "wrong": [
            # no rests at all: every station packs a parcel every t minutes
            edited(Q4, STATIONS, "rests", HIDDEN,
                   ("            total += rounds * c + min(c, rest // t)", "            total += minute // t")),
            # the rest at the start of every round, before its first parcel
            edited(Q4, STATIONS, "rest-after", HIDDEN, ("min(c, rest // t)", "min(c, max(0, rest - b) // t)")),
            # no cap on the round under way: the station keeps packing while it rests
            edited(Q4, STATIONS, "no-work-in-rest", HIDDEN, ("min(c, rest // t)", "rest // t")),
            # the c-th parcel of a round counted only when its rest is over
            edited(Q4, STATIONS, "last-before-rest", HIDDEN, ("min(c, rest // t)", "min(c - 1, rest // t)")),
            # only the parcels finished before minute T: one minute too many
            edited(Q4, STATIONS, "finished-counts", HIDDEN,
                   ("divmod(minute, c * t + b)", "divmod(minute - 1, c * t + b)")),
            # a search that ends one below the answer
            edited(Q4, STATIONS, "least-minute", HIDDEN,
                   ("    while low < high:", "    while low <= high:"),
                   ("            high = middle\n", "            high = middle - 1\n"),
                   ("    return low\n", "    return high\n")),
            # the upper bound of the fastest station without rests: too small when its rests make it slow
            edited(Q4, STATIONS, "search-range", [CORRECT_2, EFFICIENCY],
                   ("n * min(t + b for t, c, b in stations)", "n * min(t for t, c, b in stations)")),
            # the straightforward way: parcel by parcel, a heap of the stations' next finishing minutes
            wrong(Q4, "many-stations", [EFFICIENCY], """
                import heapq


                def solution(n, stations):
                    heap = [(t, j, 1) for j, (t, c, b) in enumerate(stations)]   # (finishes at, station, parcel no.)
                    heapq.heapify(heap)
                    while True:
                        minute, j, k = heapq.heappop(heap)
                        n -= 1
                        if n == 0:
                            return minute
                        t, c, b = stations[j]
                        heapq.heappush(heap, (minute + t + (b if k % c == 0 else 0), j, k + 1))
            """),
            # a fixed upper bound of 10^18: the largest answers are about 2 x 10^18
            edited(Q4, STATIONS, "largest-answer", [EFFICIENCY],
                   ("n * min(t + b for t, c, b in stations)", "10 ** 18")),
            # every minute from 1 upwards: the answers of correctness test 2 pass 10^11 minutes
            wrong(Q4, "many-stations", [CORRECT_2, EFFICIENCY], """
                def solution(n, stations):
                    minute = 0
                    while True:
                        minute += 1
                        total = 0
                        for t, c, b in stations:
                            q, r = divmod(minute, c * t + b)
                            total += q * c + min(c, r // t)
                        if total >= n:
                            return minute
            """),
            # written around the examples
            wrong(Q4, "least-minute", HIDDEN, """
                def solution(n, stations):
                    return 26 if n == 10 else 12
            """),
        ],
    },
    "q5_vans": {
        "equivalent": [
            {"diff": '- if len(loads) >= best:\n+ if len(loads) > best:',
             "reason": "a loading of as many vans as the best goes on, and its end sets best to the same number: the "
                       "fewest printed is the same, and the search stays far inside the limit"},
            {"diff": '- weights = [int(x) for x in data[3:3 + n]]\n+ weights = [int(x) for x in data[3: 4 + n]]',
             "reason": "the extra item (a number of the first pair, when there is one) is never read: the parcels "
                       "are weights[0] to weights[n - 1]"},
        ],
        "hints": [
            "Try the obvious greedy on the first example: loading the heaviest parcel first (of equal weights, the "
            "lower number first), each parcel into the first van it fits (the vans tried in the order they were "
            "first used), needs three vans: parcels 2 and 3 fill the first van to exactly 10 kg, parcel 1 goes into "
            "a second van, and parcel 4, which may not ride with parcel 1, into a third. Two are enough. In the "
            "second example the parcels weigh 40 kg in all, so by weight alone two vans of 20 kg would do: there "
            "the pairs, not the weights, decide.",
            "Look at the constraints first: at most 13 parcels. A greedy loading can need more vans than the best "
            "one, as the first example shows: try every way to load the parcels instead, one parcel at a time.",
            "Backtracking: put a parcel into each open van that takes it (its weight and its pairs), or into a new "
            "van, then go on with the next parcel, and undo the choice. A new van is a choice of its own, even when "
            "an open van would take the parcel. A pair keeps each of its two parcels away from the other.",
            "Prune: keep the fewest vans of a whole loading found so far; a partial loading that already uses that "
            "many vans cannot beat it, so go back at once. Without that, 13 light parcels have millions of "
            "loadings. And a van may carry exactly W kg.",
        ],
        "editorial": """
**Idea.** Backtracking with pruning (백트래킹, 가지치기). Take the parcels one at a time; put each into every
open van that takes it (its load stays within `W`, and none of its parcels is paired with this one: with a
bitmask of each parcel's pairs, one `&`), or into a new van; go on with the next parcel, then undo the choice.
Keep `best`, the fewest vans of a whole loading found so far (at first `N`: a van per parcel), and abandon a
partial loading as soon as it uses `best` vans: it cannot do better. A bitmask DP is a correct alternative:
`fits[s]` for every subset `s` of the parcels (one van), then `fewest[S] = 1 + min fewest[S − s]` over the
vans `s` inside `S` that hold the first parcel of `S`.

**Complexity.** Without pruning the search goes through every loading to the end: 13 light parcels with few
pairs have millions of them (13 parcels can be split in 27,644,437 ways). With it, the first loadings found,
of 2 or 3 vans, cut off every branch that opens one van more: thousands of calls, a few milliseconds. The
DP takes 3¹³ / 2 ≈ 800,000 steps whatever the parcels, 0.1 to 0.3 s here.

**Why the straightforward program times out.** A search that never abandons a loading (or tries every
assignment of parcels to vans, `itertools.product`) checks millions of loadings: several seconds.

**What goes wrong.** The greedy: the heaviest parcel first, each into the first van it fits (3 vans instead
of 2 in the first example). Another order (the lightest first, the parcels with the most pairs first, DSatur)
or another van (the fullest one) is a greedy too, and misses loadings on other inputs. A new van only when no
open van takes the parcel: a greedy in disguise, which misses loadings. A pair stored for one of its parcels
only (`apart[a]` but not `apart[b]`). `<` instead of `<=` for the weight.

**Edge cases.** A van loaded to exactly `W` kg; parcels of `W` kg (a van each); a single parcel; no pairs
(`M` = 0: no line after the weights); every pair incompatible (`N` vans); `W` up to 10⁸.
""",
        "alternatives": [
            program(Q5, """
                n, cap, m = map(int, input().split())
                weights = list(map(int, input().split()))
                apart = [set() for _ in range(n)]
                for _ in range(m):
                    a, b = map(int, input().split())
                    apart[a - 1].add(b - 1)
                    apart[b - 1].add(a - 1)
                order = sorted(range(n), key=lambda i: -weights[i])     # the heaviest parcels first


                def fits_in(k, vans, loads, at):
                    \"\"\"Whether the parcels from order[at] on fit into at most k vans (iterative deepening).\"\"\"
                    if at == n:
                        return True
                    i = order[at]
                    for v in range(len(vans)):
                        if loads[v] + weights[i] <= cap and not apart[i] & vans[v]:
                            vans[v].add(i)
                            loads[v] += weights[i]
                            if fits_in(k, vans, loads, at + 1):
                                return True
                            vans[v].remove(i)
                            loads[v] -= weights[i]
                    if len(vans) < k:
                        vans.append({i})
                        loads.append(weights[i])
                        if fits_in(k, vans, loads, at + 1):
                            return True
                        vans.pop()
                        loads.pop()
                    return False


                k = 1
                while not fits_in(k, [], [], 0):
                    k += 1
                print(k)
            """),
            program(Q5, """
                import sys

                input = sys.stdin.readline
                n, cap, m = map(int, input().split())
                weights = list(map(int, input().split()))
                apart = [0] * n
                for _ in range(m):
                    a, b = map(int, input().split())
                    apart[a - 1] |= 1 << (b - 1)
                    apart[b - 1] |= 1 << (a - 1)
                full = 1 << n
                ok = [False] * full                 # ok[s]: the parcels of s can ride in one van
                for s in range(full):
                    total, inside, good = 0, 0, True
                    for i in range(n):
                        if s >> i & 1:
                            if apart[i] & inside:
                                good = False
                                break
                            inside |= 1 << i
                            total += weights[i]
                    ok[s] = good and total <= cap
                dp = [0] + [n] * (full - 1)         # dp[mask]: the fewest vans for the parcels of mask
                for mask in range(1, full):
                    sub = mask
                    while sub:
                        if ok[sub] and dp[mask ^ sub] + 1 < dp[mask]:
                            dp[mask] = dp[mask ^ sub] + 1
                        sub = (sub - 1) & mask
                print(dp[full - 1])
            """),
            program(Q5, """
                import sys
                from functools import lru_cache

                data = sys.stdin.buffer.read().split()
                n, cap, m = int(data[0]), int(data[1]), int(data[2])
                w = list(map(int, data[3:3 + n]))
                bad = [0] * n
                for j in range(m):
                    a, b = int(data[3 + n + 2 * j]) - 1, int(data[4 + n + 2 * j]) - 1
                    bad[a] |= 1 << b
                    bad[b] |= 1 << a
                load = [0] * (1 << n)
                fits = [True] * (1 << n)
                for s in range(1, 1 << n):
                    low = (s & -s).bit_length() - 1
                    rest = s ^ (1 << low)
                    load[s] = load[rest] + w[low]
                    fits[s] = fits[rest] and not bad[low] & rest and load[s] <= cap


                @lru_cache(maxsize=None)
                def fewest(left):
                    if not left:
                        return 0
                    low = left & -left
                    rest = left ^ low
                    sub, best = rest, n
                    while True:                      # every van that holds the first parcel left
                        if fits[sub | low]:
                            best = min(best, 1 + fewest(rest ^ sub))
                        if not sub:
                            break
                        sub = (sub - 1) & rest
                    return best


                print(fewest((1 << n) - 1))
            """),
        ],
        "wrong": [
            # the greedy: the heaviest parcel first, each into the first van it fits
            wrong(Q5, "fewest-vans", HIDDEN, """
                import sys

                data = sys.stdin.read().split()
                n, cap, m = int(data[0]), int(data[1]), int(data[2])
                weights = [int(x) for x in data[3:3 + n]]
                apart = [0] * n
                for j in range(m):
                    a, b = int(data[3 + n + 2 * j]) - 1, int(data[4 + n + 2 * j]) - 1
                    apart[a] |= 1 << b
                    apart[b] |= 1 << a
                loads, members = [], []
                for i in sorted(range(n), key=lambda i: -weights[i]):
                    for v in range(len(loads)):
                        if loads[v] + weights[i] <= cap and not members[v] & apart[i]:
                            loads[v] += weights[i]
                            members[v] |= 1 << i
                            break
                    else:
                        loads.append(weights[i])
                        members.append(1 << i)
                print(len(loads))
            """),
            # every other greedy order (lightest first, input order, the most pairs first, the most pairs and then
            # the heaviest first, DSatur-like) and fit (the first van, the fullest van)
            *[vans_greedy(order, fit) for order in ("input", "light", "heavy", "conflicts", "conflicts-heavy", "dsatur")
              for fit in ("first", "best") if (order, fit) != ("heavy", "first")],
            # a new van only when no open van takes the parcel
            edited(Q5, VANS, "new-van", HIDDEN,
                   ("        for v in range(len(loads)):\n", "        placed = False\n        for v in range(len(loads)):\n"),
                   ("                loads[v] += weights[i]\n", "                placed = True\n                loads[v] += weights[i]\n"),
                   ("        loads.append(weights[i])\n", "        if placed:\n            return\n        loads.append(weights[i])\n")),
            # a pair stored for its first parcel only
            edited(Q5, VANS, "apart", [CORRECT_1, CORRECT_2], ("        apart[b] |= 1 << a\n", "")),
            # a van must stay under W kg
            edited(Q5, VANS, "exactly-w", [CORRECT_2], ("loads[v] + weights[i] <= cap", "loads[v] + weights[i] < cap")),
            # the search never abandons a loading: every loading to the end
            edited(Q5, VANS, "thirteen", [EFFICIENCY],
                   ("        if len(loads) >= best:\n            return\n", ""),
                   ("            best = len(loads)\n", "            best = min(best, len(loads))\n")),
            # written around the examples
            wrong(Q5, "fewest-vans", HIDDEN, """
                n, cap, m = map(int, input().split())
                print(2 if n == 5 else 3)
            """),
        ],
    },
    "q6_coupons": {
        "equivalent": [
            {"diff": '- if best[b - cost] + saving > new[b]:\n+ if best[b - cost] + saving >= new[b]:',
             "reason": 'an equal saving written again changes no value'},
            {"diff": '- best = [0] * (points + 1)\n+ best = [0] * (points + 2)',
             "reason": 'the extra last entry is copied from table to table but never read: b goes up to points '
                       'and the answer is best[points]'},
        ],
        "hints": [
            "The first example shows two traps. Both bakery coupons with the mart's 5-point coupon would save 10,100 "
            "won for 10 points, but two coupons of one brand cannot be used together. And the coupon with the "
            "largest saving of each brand (3,800, 3,000 and 3,200 won) fits only two at a time, 7,000 won at most: "
            "the best choice, 7,900 won, takes the mart's cheaper coupon, not its largest.",
            "Think instead of the best saving for every number of points from 0 to `points`, built up one brand at a "
            "time. With the brands seen so far, best[b] is the largest saving with at most b points. A new brand "
            "gives a new table: for each b, either none of its coupons (best[b]) or exactly one of them, (cost, "
            "saving), on top of best[b - cost].",
            "Read best[b - cost] from the table before this brand, not from the one you are filling, or two "
            "coupons of one brand add up; collect each brand's coupons first, wherever they are in the list. A "
            "choice may spend exactly all the points. For 100 coupons and 100,000 points, fill the table with "
            "loops: a recursion with a cache over (brand, points left) makes millions of calls.",
        ],
        "editorial": """
**Idea.** Dynamic programming, the group knapsack (배낭 문제 in which each group gives at most one item,
also called the multiple-choice knapsack). First collect each brand's coupons in a dict (a brand's coupons
may be anywhere in the list). `best[b]` is the largest saving with at most `b` points using the brands seen
so far. A brand makes a new table: `new[b]` is `best[b]` (none of its coupons) or, for one of its coupons
`(cost, saving)`, `best[b - cost] + saving`. Reading `best[b - cost]` from the table *before* the brand is
what keeps two coupons of one brand apart. Going through `b` from `points` down to 0 in place, trying every
coupon of the brand at each `b`, does the same with one table; a 2-D table with a row per brand too.

**Complexity.** O(coupons × points): each coupon is tried once at each number of points, 100 × 100,000 =
10⁷ steps, about half a second in CPython.

**Why the straightforward program times out.** Trying every choice, one coupon or none of each brand, is
3⁵⁰ choices for 50 brands of two coupons. A recursion over (brand, points left) with `functools.lru_cache`
is the same recurrence top-down, but its 50 × 100,000 states are 5,000,000 Python calls, and their cache
needs more than the 256 MB of memory: 15 to 20 times the table's time. Combining each brand with every
split of the points between it and the brands before it is O(points²) per brand: about 10¹¹ steps.

**What goes wrong.** The 0/1 knapsack over all the coupons, brands ignored (10,100 won in the first
example). Updating one table in place coupon by coupon, as in the 0/1 knapsack: the brand's second coupon
then reads values that already hold its first. The coupon with the largest saving of each brand, then a
knapsack over those (7,000 won in the first example). Grouping consecutive coupons (`itertools.groupby`
without sorting first): a brand whose coupons are apart in the list counts as two brands.

**Edge cases.** A choice that spends exactly all the points (`b` starts at `cost`, not `cost + 1`); no
affordable coupon (0); savings of 0; a single coupon; one brand with all the coupons; 100,000 points.
""",
        "alternatives": [
            # one table in place: b from the top, every coupon of the brand at each b
            program(Q6, """
                def solution(points, coupons):
                    coupons = sorted(coupons)
                    best = [0] * (points + 1)
                    i = 0
                    while i < len(coupons):
                        j = i
                        while j < len(coupons) and coupons[j][0] == coupons[i][0]:
                            j += 1
                        group = coupons[i:j]
                        for b in range(points, 0, -1):
                            for _, cost, saving in group:
                                if cost <= b and best[b - cost] + saving > best[b]:
                                    best[b] = best[b - cost] + saving
                        i = j
                    return best[points]
            """),
            # brands by sorting, a new table per brand made with slices and zip
            program(Q6, """
                from itertools import groupby


                def solution(points, coupons):
                    best = [0] * (points + 1)
                    for _, group in groupby(sorted(coupons), key=lambda c: c[0]):
                        new = best[:]
                        for _, cost, saving in group:
                            if cost <= points:
                                new[cost:] = [max(keep, take + saving) for keep, take in zip(new[cost:], best)]
                        best = new
                    return best[points]
            """),
            # a 2-D table: a row per brand
            program(Q6, """
                from collections import defaultdict


                def solution(points, coupons):
                    by_brand = defaultdict(list)
                    for brand, cost, saving in coupons:
                        by_brand[brand].append((cost, saving))
                    groups = list(by_brand.values())
                    dp = [[0] * (points + 1) for _ in range(len(groups) + 1)]
                    for g in range(1, len(groups) + 1):
                        prev, row = dp[g - 1], dp[g]
                        for b in range(points + 1):
                            value = prev[b]
                            for cost, saving in groups[g - 1]:
                                if cost <= b and prev[b - cost] + saving > value:
                                    value = prev[b - cost] + saving
                            row[b] = value
                    return dp[-1][points]
            """),
        ],
        "wrong": [
            # the 0/1 knapsack over all the coupons: the brands ignored
            wrong(Q6, "one-per-brand", HIDDEN, """
                def solution(points, coupons):
                    best = [0] * (points + 1)
                    for _, cost, saving in coupons:
                        for b in range(points, cost - 1, -1):
                            best[b] = max(best[b], best[b - cost] + saving)
                    return best[points]
            """),
            # one table updated in place, coupon by coupon: a brand's second coupon reads values holding its first
            edited(Q6, COUPONS, "one-per-brand", HIDDEN,
                   ("        new = best[:]\n", ""),
                   ("            for b in range(cost, points + 1):\n"
                    "                if best[b - cost] + saving > new[b]:\n"
                    "                    new[b] = best[b - cost] + saving\n",
                    "            for b in range(points, cost - 1, -1):\n"
                    "                if best[b - cost] + saving > best[b]:\n"
                    "                    best[b] = best[b - cost] + saving\n"),
                   ("        best = new\n", "")),
            # greedy: the coupon with the largest saving of each brand, then the 0/1 knapsack over those
            wrong(Q6, "best-saving", HIDDEN, """
                def solution(points, coupons):
                    top = {}
                    for brand, cost, saving in coupons:
                        if brand not in top or saving > top[brand][1]:
                            top[brand] = (cost, saving)
                    best = [0] * (points + 1)
                    for cost, saving in top.values():
                        for b in range(points, cost - 1, -1):
                            best[b] = max(best[b], best[b - cost] + saving)
                    return best[points]
            """),
            # brands as runs of the list (itertools.groupby without sorting): a brand apart counts twice
            wrong(Q6, "brand-anywhere", HIDDEN, """
                from itertools import groupby


                def solution(points, coupons):
                    best = [0] * (points + 1)
                    for _, run in groupby(coupons, key=lambda c: c[0]):
                        new = best[:]
                        for _, cost, saving in run:
                            for b in range(cost, points + 1):
                                new[b] = max(new[b], best[b - cost] + saving)
                        best = new
                    return best[points]
            """),
            # one short: b never equals cost, so no choice spends every point
            edited(Q6, COUPONS, "exact-budget", [CORRECT_2],
                   ("for b in range(cost, points + 1):", "for b in range(cost + 1, points + 1):")),
            # the straightforward way: every choice, one coupon or none of each brand
            wrong(Q6, "n-100", [EFFICIENCY], """
                from itertools import product


                def solution(points, coupons):
                    brands = {}
                    for brand, cost, saving in coupons:
                        brands.setdefault(brand, []).append((cost, saving))
                    best = 0
                    for chosen in product(*[[(0, 0)] + offers for offers in brands.values()]):
                        if sum(c for c, _ in chosen) <= points:
                            best = max(best, sum(s for _, s in chosen))
                    return best
            """),
            # a recursion over (brand, points left) with a cache: 5,000,000 calls, and their cache past 256 MB
            wrong(Q6, "n-100", [EFFICIENCY], """
                from functools import lru_cache


                def solution(points, coupons):
                    brands = {}
                    for brand, cost, saving in coupons:
                        brands.setdefault(brand, []).append((cost, saving))
                    groups = list(brands.values())

                    @lru_cache(maxsize=None)
                    def most(g, left):
                        if g == len(groups):
                            return 0
                        result = most(g + 1, left)
                        for cost, saving in groups[g]:
                            if cost <= left:
                                result = max(result, most(g + 1, left - cost) + saving)
                        return result

                    return most(0, points)
            """),
            # each brand combined with every split of the points: O(points^2) per brand (100,000 points in both
            # correctness test 2 and the efficiency test)
            wrong(Q6, "n-100", [CORRECT_2, EFFICIENCY], """
                def solution(points, coupons):
                    brands = {}
                    for brand, cost, saving in coupons:
                        brands.setdefault(brand, []).append((cost, saving))
                    best = [0] * (points + 1)
                    for offers in brands.values():
                        one = [0] * (points + 1)        # one[x]: the brand's best coupon costing exactly x
                        for cost, saving in offers:
                            if cost <= points:
                                one[cost] = max(one[cost], saving)
                        new = best[:]
                        for b in range(points + 1):
                            for x in range(1, b + 1):
                                if best[b - x] + one[x] > new[b]:
                                    new[b] = best[b - x] + one[x]
                        best = new
                    return best[points]
            """),
            # written around the examples
            wrong(Q6, "best-saving", HIDDEN, """
                def solution(points, coupons):
                    return 7900 if points == 10 else 0
            """),
        ],
    },
    "q7_delivery_routes": {
        "equivalent": [
            {"diff": '- if time + minutes < best[nxt][used]:\n+ if time + minutes <= best[nxt][used]:',
             "reason": 'an equal time pushed again is popped and searched again with the same time: no time changes'},
            {"diff": '- if used < k and fast < best[nxt][used + 1]:\n+ if used < k and fast <= best[nxt][used + 1]:',
             "reason": 'an equal time pushed again is popped and searched again with the same time: no time changes'},
            {"diff": '- roads = [[] for _ in range(n + 1)]\n+ roads = [[] for _ in range(n + 2)]',
             "reason": 'the extra list belongs to no hub: hubs are 1 to N'},
            {"diff": '- best = [[INF] * (k + 1) for _ in range(n + 1)]      # best[hub][used]\n+ best = [[INF] * (k + 2) for _ in range(n + 1)]      # best[hub][used]',
             "reason": 'the extra count K + 1 is never reached (a road goes express only while used < K): its time stays INF, which min(best[n]) never picks'},
            {"diff": '- best = [[INF] * (k + 1) for _ in range(n + 1)]      # best[hub][used]\n+ best = [[INF] * (k + 1) for _ in range(n + 2)]      # best[hub][used]',
             "reason": 'the extra row belongs to no hub: hubs are 1 to N'},
            {"diff": '- best[1][0] = 0\n+ best[ 0][0] = 0',
             "reason": "the search starts from the heap's (0, 1, 0) all the same; best[1][0] then only lets a later, slower entry for the warehouse be searched again, which shortens nothing"},
            {"diff": '- best[1][0] = 0\n+ best[1][ -1] = 0',
             "reason": 'the warehouse with all K express roads used gets time 0 without being searched: any way that comes back to it so is slower than starting from it with none used (hub N is not hub 1)'},
            {"diff": '- best[1][0] = 0\n+ best[1][0] = 1',
             "reason": "the search starts from the heap's (0, 1, 0), whose time 0 is not above 1; no road back into the warehouse without the express lane takes less than 1 minute, so no later entry beats it"},
        ],
        "hints": [
            "Trace the second example: the van can reach hub 2 in 3 minutes by driving 1 → 2 in the express lane, "
            "but then the 20-minute road 2 → 4 takes all 20 minutes: 23. Reaching hub 2 in 5 minutes (1 → 3 → 2, "
            "2 + 3) with the express lane still unused, and driving 2 → 4 in it (20 // 2 = 10), takes 15. The "
            "fastest time at a hub is not enough to go on from: it matters how many express roads are left.",
            "Make the count part of the state: (hub, express roads used so far), N × (K + 1) states. From (u, j) a "
            "road u → v of w minutes leads to (v, j) in w minutes, and, if j < K, to (v, j + 1) in w // 2 minutes.",
            "Every move takes 0 minutes or more, so Dijkstra's algorithm works on these states as on hubs: a heap of "
            "(time, hub, used), skip an entry whose time is already beaten. The answer is the best of hub N's K + 1 "
            "states: using fewer than K express roads, or none, is allowed.",
            "Read the constraints again: hub N may be out of reach (print -1), a road may take 1 minute (0 in the "
            "express lane), and a time can pass 10^9 minutes: do not use 10^9 as \"no way yet\".",
        ],
        "editorial": """
**Idea.** Dijkstra's algorithm over states, not hubs. A state is (hub, express roads used so far), N × (K + 1)
of them. From (u, j) a road u → v of w minutes leads to (v, j) in w minutes and, when j < K, to (v, j + 1) in
w // 2 minutes. No move takes a negative time, so a heap of (time, hub, used) gives each state its fewest
minutes, exactly as plain Dijkstra does for hubs. The answer is the smallest of hub N's K + 1 times (-1 if
none is reached): the van may use fewer express roads than K, or none.

**Why one time per hub is wrong.** The fastest way to a hub may have spent the express lane that a long road
after it needs (the second example: hub 2 in 3 minutes with the lane spent, or in 5 with it left; then
20 or 10 minutes on). A visited mark per hub, or a time per hub, keeps the first and loses the second.

**Complexity.** O((K + 1) × M × log) with (K + 1) × N states: 21 × 10,000 roads, about 0.15 s here.

**Why the straightforward program times out.** Relaxing every road again and again until no time changes
(Bellman-Ford, one round per count of express roads) costs a full pass over the M roads per round, and a way
of hundreds of roads needs hundreds of rounds: O(K × N × M) at worst, several seconds on a long corridor of
hubs where the heap needs 0.15 s. Finding the next state by scanning all (K + 1) × N states is quadratic in
42,000 states.

**Edge cases.** Hub `N` unreachable (`-1`); a road of 1 minute is 0 minutes in the express lane (`w // 2`,
not `(w + 1) // 2`, not `w / 2`); K = 0, and K larger than the number of roads on the fastest way (the answer
is not hub N's time with exactly K express roads); several roads between two hubs and roads from a hub to
itself; times up to about 2 × 10⁹ minutes (a sentinel of 10⁹, the C++ habit `INF = 1e9`, is too small).
""",
        "alternatives": [
            # a heap of (time, hub, used) with a dict of states; it stops when hub N first comes out of the heap
            program(Q7, """
                import heapq
                import sys

                input = sys.stdin.readline
                n, m, k = map(int, input().split())
                graph = [[] for _ in range(n + 1)]
                for _ in range(m):
                    u, v, w = map(int, input().split())
                    graph[u].append((v, w))
                dist = {(1, 0): 0}
                heap = [(0, 1, 0)]
                answer = -1
                while heap:
                    d, node, used = heapq.heappop(heap)
                    if node == n:                  # times come out of the heap in order: the first is the fewest
                        answer = d
                        break
                    if dist[node, used] < d:
                        continue
                    for nxt, w in graph[node]:
                        for state, cost in (((nxt, used), w), ((nxt, used + 1), w // 2)):
                            if state[1] <= k and d + cost < dist.get(state, float("inf")):
                                dist[state] = d + cost
                                heapq.heappush(heap, (d + cost, *state))
                print(answer)
            """),
            # a layered graph: layer j holds the times with exactly j express roads, one Dijkstra per layer,
            # started from the layer below through one express road
            program(Q7, """
                import heapq
                import sys

                data = sys.stdin.read().split()
                n, m, k = int(data[0]), int(data[1]), int(data[2])
                edges = [[] for _ in range(n + 1)]
                for i in range(m):
                    edges[int(data[3 + 3 * i])].append((int(data[4 + 3 * i]), int(data[5 + 3 * i])))
                UNSEEN = -1
                below = None
                answer = UNSEEN
                for layer in range(k + 1):
                    time = [UNSEEN] * (n + 1)
                    if below is None:
                        time[1] = 0
                    else:
                        for u in range(1, n + 1):
                            if below[u] != UNSEEN:
                                for v, w in edges[u]:
                                    if time[v] == UNSEEN or below[u] + w // 2 < time[v]:
                                        time[v] = below[u] + w // 2
                    heap = [(t, v) for v, t in enumerate(time) if t != UNSEEN]
                    heapq.heapify(heap)
                    while heap:
                        t, u = heapq.heappop(heap)
                        if t > time[u]:
                            continue
                        for v, w in edges[u]:
                            if time[v] == UNSEEN or t + w < time[v]:
                                time[v] = t + w
                                heapq.heappush(heap, (t + w, v))
                    if time[n] != UNSEEN and (answer == UNSEEN or time[n] < answer):
                        answer = time[n]
                    below = time
                print(answer)
            """),
            # one flat list of states, hub * (K + 1) + used, read with open(0); a state is skipped when its hub
            # was reached as fast with fewer express roads used (it can do no better from there)
            program(Q7, """
                from heapq import heappop, heappush

                numbers = list(map(int, open(0).read().split()))
                n, m, k = numbers[0], numbers[1], numbers[2]
                out = [[] for _ in range(n + 1)]
                for i in range(3, 3 + 3 * m, 3):
                    out[numbers[i]].append((numbers[i + 1], numbers[i + 2]))
                width = k + 1
                NONE = 1 << 62
                dist = [NONE] * ((n + 1) * width)
                dist[width] = 0
                heap = [(0, width)]
                while heap:
                    d, state = heappop(heap)
                    if d > dist[state]:
                        continue
                    hub, used = divmod(state, width)
                    if used and min(dist[hub * width:state]) <= d:
                        continue
                    for v, w in out[hub]:
                        s = v * width + used
                        if d + w < dist[s]:
                            dist[s] = d + w
                            heappush(heap, (d + w, s))
                        if used < k and d + w // 2 < dist[s + 1]:
                            dist[s + 1] = d + w // 2
                            heappush(heap, (d + w // 2, s + 1))
                answer = min(dist[n * width:(n + 1) * width])
                print(answer if answer < NONE else -1)
            """),
        ],
        "wrong": [
            # hub N's time with exactly K express roads: a way of fewer roads than K has none. It passes the
            # second example, so the hint of the case it fails names the rule (a fresh reviewer was told to trace
            # an example it already passed)
            {**edited(Q7, EXPRESS, "fewer-lanes", [CORRECT_1, CORRECT_2],
                      ("answer = min(best[n])", "answer = best[n][k]")),
             "shows": "the van may use fewer than K express roads, or none"},
            # K + 1 express roads (each of the next six also gets the efficiency case wrong: a wrong answer, not a
            # time-out; tests/test_coding_q7.py checks it on several seeds)
            edited(Q7, EXPRESS, "at-most-k", HIDDEN,
                   ("best = [[INF] * (k + 1)", "best = [[INF] * (k + 2)"), ("if used < k and", "if used <= k and")),
            # an express road takes half its time rounded up
            edited(Q7, EXPRESS, "half-down", HIDDEN,
                   ("fast = time + minutes // 2", "fast = time + (minutes + 1) // 2")),
            # w / 2: halves of a minute add up, cut off only when printed
            edited(Q7, EXPRESS, "half-down", HIDDEN,
                   ("fast = time + minutes // 2", "fast = time + minutes / 2"),
                   ("print(answer if answer < INF else -1)", "print(int(answer) if answer < INF else -1)")),
            # a hub searched once, with whatever count of express roads it first comes out of the heap with
            edited(Q7, EXPRESS, "state", HIDDEN,
                   ("    heap = [(0, 1, 0)]\n", "    heap = [(0, 1, 0)]\n    done = [False] * (n + 1)\n"),
                   ("        if time > best[hub][used]:\n            continue\n",
                    "        if done[hub]:\n            continue\n        done[hub] = True\n")),
            # the heap ordered by the count of express roads first: hub N first comes out with the fewest used,
            # not with the fewest minutes
            edited(Q7, EXPRESS, "state", HIDDEN,
                   ("heap = [(0, 1, 0)]", "heap = [(0, 0, 1)]"),
                   ("time, hub, used = heapq.heappop(heap)",
                    "used, time, hub = heapq.heappop(heap)\n        if hub == n:\n            print(time)\n"
                    "            return"),
                   ("heapq.heappush(heap, (time + minutes, nxt, used))",
                    "heapq.heappush(heap, (used, time + minutes, nxt))"),
                   ("heapq.heappush(heap, (fast, nxt, used + 1))", "heapq.heappush(heap, (used + 1, fast, nxt))")),
            # a breadth-first search over the states: a state's time is fixed when first reached, whatever the minutes
            wrong(Q7, "fewest-minutes", HIDDEN, """
                import sys
                from collections import deque

                input = sys.stdin.readline
                n, m, k = map(int, input().split())
                roads = [[] for _ in range(n + 1)]
                for _ in range(m):
                    u, v, w = map(int, input().split())
                    roads[u].append((v, w))
                time = [[-1] * (k + 1) for _ in range(n + 1)]
                time[1][0] = 0
                queue = deque([(1, 0)])
                while queue:
                    hub, used = queue.popleft()
                    for v, w in roads[hub]:
                        if time[v][used] < 0:
                            time[v][used] = time[hub][used] + w
                            queue.append((v, used))
                        if used < k and time[v][used + 1] < 0:
                            time[v][used + 1] = time[hub][used] + w // 2
                            queue.append((v, used + 1))
                reached = [t for t in time[n] if t >= 0]
                print(min(reached) if reached else -1)
            """),
            # INF = int(1e9), the C++ habit: a time past 10^9 minutes is taken for "no way"
            edited(Q7, EXPRESS, "long-times", [CORRECT_2], ('INF = float("inf")', "INF = int(1e9)")),
            # prints the "infinite" time of an unreachable hub
            edited(Q7, EXPRESS, "unreachable", [CORRECT_2],
                   ("print(answer if answer < INF else -1)", "print(answer)")),
            # roads[u][v] = w keeps the last of several roads between two hubs, not the shortest
            edited(Q7, EXPRESS, "parallel-roads", [CORRECT_2],
                   ("roads = [[] for _ in range(n + 1)]", "roads = [{} for _ in range(n + 1)]"),
                   ("roads[u].append((v, w))", "roads[u][v] = w"),
                   ("for nxt, minutes in roads[hub]:", "for nxt, minutes in roads[hub].items():")),
            # Bellman-Ford per count of express roads: every road relaxed until no time changes, O(K x N x M)
            wrong(Q7, "n-2000", [EFFICIENCY], """
                import sys

                data = sys.stdin.buffer.read().split()
                n, m, k = int(data[0]), int(data[1]), int(data[2])
                roads = [(int(data[3 + 3 * i]), int(data[4 + 3 * i]), int(data[5 + 3 * i])) for i in range(m)]
                INF = float("inf")
                dist = [[INF] * (n + 1) for _ in range(k + 1)]
                dist[0][1] = 0
                for used in range(k + 1):
                    here = dist[used]
                    if used:
                        below = dist[used - 1]
                        for u, v, w in roads:
                            if below[u] + w // 2 < here[v]:
                                here[v] = below[u] + w // 2
                    for _ in range(n - 1):
                        changed = False
                        for u, v, w in roads:
                            if here[u] + w < here[v]:
                                here[v] = here[u] + w
                                changed = True
                        if not changed:
                            break
                answer = min(dist[used][n] for used in range(k + 1))
                print(answer if answer < INF else -1)
            """),
            # Dijkstra without a heap: the next state found by scanning every state reached, quadratic in the
            # (K + 1) x N = 42,000 states
            wrong(Q7, "n-2000", [EFFICIENCY], """
                import sys

                data = sys.stdin.read().split()
                n, m, k = int(data[0]), int(data[1]), int(data[2])
                g = [[] for _ in range(n + 1)]
                for i in range(m):
                    g[int(data[3 + 3 * i])].append((int(data[4 + 3 * i]), int(data[5 + 3 * i])))
                INF = float("inf")
                d = {(1, 0): 0}
                done = set()
                while True:
                    best, at = INF, None
                    for state, t in d.items():
                        if state not in done and t < best:
                            best, at = t, state
                    if at is None:
                        break
                    done.add(at)
                    u, j = at
                    for v, w in g[u]:
                        for nj, c in ((j, w), (j + 1, w // 2)):
                            if nj <= k and best + c < d.get((v, nj), INF):
                                d[v, nj] = best + c
                print(min((t for (v, j), t in d.items() if v == n), default=-1))
            """),
            # written around the examples
            wrong(Q7, "fewest-minutes", HIDDEN, """
                print(8 if input().split()[0] == "5" else 15)
            """),
        ],
    },
    "q8_pickup_lockers": {
        "equivalent": [
            {"diff": '- if best == -1 or total < best:\n+ if best == -1 or total <= best:',
             "reason": "an equal total replaces the best by the same number: the smallest sum printed is unchanged"},
            {"diff": '- grid = data[3:3 + n]\n+ grid = data[3: 4 + n]',
             "reason": "the input ends after the N rows: the slice holds the same N items"},
        ],
        "hints": [
            "Trace the examples by hand: each hides a trap. In the first, the home in row 2, column 3 is only three "
            "cells away from the locker in row 2, column 6, in the same row, but the wall in row 2, column 5 is in "
            "its way: its walk there is 5 steps, to row 4, column 1 only 4. The site in row 4, column 5 is the best "
            "single site (14 steps in all with its locker alone), yet the two choices that include it sum to 11 and "
            "12 steps. In the second, with the locker in row 1, column 4, the home in row 2, column 6 walks through "
            "the home in row 1, column 5, and the site in row 4, column 1 has no locker, so the home in row 3, "
            "column 1 walks 5 steps, not 1; with the locker in row 4, column 1 instead, the walks sum to 18.",
            "Look at the constraints first: at most 13 sites, so at most C(13, 6) = 1,716 choices of K sites. Trying "
            "every choice is fine (itertools.combinations). What each choice costs decides the rest.",
            "A walk goes round the walls: it is a breadth-first search (BFS) on the grid, not the difference of rows "
            "and columns. A site's walks to the homes are the same whichever other sites are chosen, so they can be "
            "computed once per site, before the choices, instead of once per choice.",
            "Check the edge cases: a home that can reach none of the chosen sites makes the choice fail (it does "
            "not just add nothing); if every choice fails the answer is -1; and a row or column index of -1 "
            "is off the grid, although Python's grid[-1] silently reads the last row.",
        ],
        "editorial": """
**Idea.** A combination, then a breadth-first search (조합 + BFS), the pattern of 삼성 SW 역량테스트 problems
such as 치킨 배달 (15686) and 연구소 (14502). At most 13 sites give at most C(13, 6) = 1,716 choices of `K`
sites: try them all with `itertools.combinations` (or a backtracking DFS). The twist is the walk: it goes
round the walls, so it is a BFS distance, not the difference of rows and columns. A site's walks do not
depend on the other sites chosen: run one BFS from each site (at most 13), keep its walk to every home,
and each choice then costs one minimum per home over the chosen sites. A home that none of the chosen
sites reaches makes the choice fail; `-1` if every choice fails.

**Complexity.** O(L × N × M + C(L, K) × H × K): 13 BFS of 2,500 cells and 1,716 × 50 × 7 = 600,000 steps,
about 0.1 s in Python.

**Why the straightforward program times out.** A BFS for each choice (from its `K` sites at once, or from
each home) repeats the same searches: 1,716 searches of 2,500 cells, tens of millions of steps, several
seconds. A BFS from each home once (at most 50), before the choices, is fine too.

**What goes wrong.** The difference of rows and columns (Manhattan distance) as the walk: walls make
walks longer. Choosing the sites one at a time, the best single site first, then the best one to add: the
best pair need not contain the best single site. Every site open, or each home's nearest site whether
chosen or not. A BFS that does not walk on from a home: homes and sites can be walked through.

**Edge cases.** A home walled off from some sites (a choice without a site in its part of the grid fails,
even if it makes the other walks short) or from all of them (`-1`, even with `K` = the number of sites); a
grid with no wall along its edges (check `0 <= r` as well as `r < N`: `grid[-1]` is the last row in
Python); `K` = 1 and `K` = the number of sites; ties between two lockers (no matter: the walk is the same);
a 1 × 2 grid.
""",
        "alternatives": [
            program(Q8, """
                import sys
                from collections import deque

                input = sys.stdin.readline
                n, m, k = map(int, input().split())
                grid = [input().strip() for _ in range(n)]
                homes = [r * m + c for r in range(n) for c in range(m) if grid[r][c] == "H"]
                sites = [r * m + c for r in range(n) for c in range(m) if grid[r][c] == "L"]
                INF = float("inf")
                walks = []
                for s in sites:                    # one BFS per site, on a flat array of cells
                    dist = [INF] * (n * m)
                    dist[s] = 0
                    queue = deque([s])
                    while queue:
                        cell = queue.popleft()
                        r, c = divmod(cell, m)
                        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                            if 0 <= nr < n and 0 <= nc < m and grid[nr][nc] != "#" and dist[nr * m + nc] == INF:
                                dist[nr * m + nc] = dist[cell] + 1
                                queue.append(nr * m + nc)
                    walks.append([dist[h] for h in homes])
                best = INF


                def choose(start, chosen):         # backtracking: every choice of k sites
                    global best
                    if len(chosen) == k:
                        total = sum(map(min, zip(*(walks[i] for i in chosen))))
                        best = min(best, total)
                        return
                    for i in range(start, len(sites)):
                        chosen.append(i)
                        choose(i + 1, chosen)
                        chosen.pop()


                choose(0, [])
                print(best if best < INF else -1)
            """),
            program(Q8, """
                from collections import deque
                from itertools import combinations

                n, m, k = map(int, input().split())
                grid = [input() for _ in range(n)]
                homes = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == "H"]
                sites = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == "L"]
                walk = []                          # one BFS per home: walk[j][i], home j to site i
                for hr, hc in homes:
                    dist = {(hr, hc): 0}
                    queue = deque([(hr, hc)])
                    while queue:
                        r, c = queue.popleft()
                        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                            nr, nc = r + dr, c + dc
                            if 0 <= nr < n and 0 <= nc < m and grid[nr][nc] != "#" and (nr, nc) not in dist:
                                dist[(nr, nc)] = dist[(r, c)] + 1
                                queue.append((nr, nc))
                    walk.append([dist.get(site, -1) for site in sites])
                totals = []
                for chosen in combinations(range(len(sites)), k):
                    total = 0
                    for row in walk:
                        near = [row[i] for i in chosen if row[i] >= 0]
                        if not near:
                            break
                        total += min(near)
                    else:
                        totals.append(total)
                print(min(totals) if totals else -1)
            """),
        ],
        "wrong": [
            # the difference of rows and columns: the walls are walked through
            edited(Q8, LOCKERS, "round-walls", HIDDEN, ("        walks.append([dist[r][c] for r, c in homes])",
                                                        "        walks.append([abs(r - sr) + abs(c - sc) for r, c in homes])")),
            # nobody walks on from a home
            edited(Q8, LOCKERS, "through-homes", HIDDEN,
                   ("            r, c = queue.popleft()\n",
                    '            r, c = queue.popleft()\n            if grid[r][c] == "H":\n                continue\n')),
            # every site open: each home walks to its nearest site, chosen or not
            edited(Q8, LOCKERS, "exactly-k", HIDDEN,
                   ("combinations(range(len(sites)), k)", "[range(len(sites))]")),
            # the best site first, then the best one to add, K times
            wrong(Q8, "best-choice", HIDDEN, """
                import sys
                from collections import deque

                data = sys.stdin.read().split()
                n, m, k = int(data[0]), int(data[1]), int(data[2])
                grid = data[3:3 + n]
                homes = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == "H"]
                sites = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == "L"]
                far = n * m
                walks = []
                for sr, sc in sites:
                    dist = [[far] * m for _ in range(n)]
                    dist[sr][sc] = 0
                    queue = deque([(sr, sc)])
                    while queue:
                        r, c = queue.popleft()
                        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                            if 0 <= nr < n and 0 <= nc < m and grid[nr][nc] != "#" and dist[nr][nc] == far:
                                dist[nr][nc] = dist[r][c] + 1
                                queue.append((nr, nc))
                    walks.append([dist[r][c] for r, c in homes])


                def total(chosen):
                    walk = [min(walks[i][j] for i in chosen) for j in range(len(homes))]
                    return -1 if far in walk else sum(walk)


                chosen = []
                for _ in range(k):
                    rest = [i for i in range(len(sites)) if i not in chosen]
                    chosen.append(min(rest, key=lambda i: (total(chosen + [i]) == -1, total(chosen + [i]))))
                print(total(chosen))
            """),
            # a home out of reach is left out of the sum, as if it had no walk
            edited(Q8, LOCKERS, "out-of-reach", [CORRECT_2],
                   ("            if walk == far:\n                break", "            if walk == far:\n                continue")),
            # no -1: the sum a choice can never reach is printed when every choice fails
            edited(Q8, LOCKERS, "minus-one", [CORRECT_2], ("    best = -1\n", "    best = far * len(homes)\n"),
                   ("if best == -1 or total < best:", "if total < best:")),
            # checks only the last row and column: row -1 is grid[-1], the last row
            edited(Q8, LOCKERS, "stays-on-grid", [CORRECT_2],
                   ("if 0 <= nr < n and 0 <= nc < m and", "if nr < n and nc < m and")),
            # a BFS from the chosen sites for every choice
            wrong(Q8, "complex-50", [EFFICIENCY], """
                import sys
                from collections import deque
                from itertools import combinations

                data = sys.stdin.read().split()
                n, m, k = int(data[0]), int(data[1]), int(data[2])
                grid = data[3:3 + n]
                homes = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == "H"]
                sites = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == "L"]
                best = -1
                for chosen in combinations(sites, k):
                    dist = [[-1] * m for _ in range(n)]
                    queue = deque()
                    for r, c in chosen:
                        dist[r][c] = 0
                        queue.append((r, c))
                    while queue:
                        r, c = queue.popleft()
                        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                            if 0 <= nr < n and 0 <= nc < m and grid[nr][nc] != "#" and dist[nr][nc] == -1:
                                dist[nr][nc] = dist[r][c] + 1
                                queue.append((nr, nc))
                    if all(dist[r][c] >= 0 for r, c in homes):
                        total = sum(dist[r][c] for r, c in homes)
                        if best == -1 or total < best:
                            best = total
                print(best)
            """),
            # written around the examples
            wrong(Q8, "best-choice", HIDDEN, """
                n, m, k = map(int, input().split())
                print(9 if k == 2 else 12)
            """),
        ],
    },
    "q9_sorting_floor": {
        "equivalent": [
            {"diff": '- grid = data[4:4 + rows]\n+ grid = data[4: 5 + rows]',
             "reason": "the extra item is the line holding B, a row no cell reads: rows 0 to R - 1 are checked first"},
        ],
        "hints": [
            "Trace the examples second by second next to your program. In the first example no box weighs more than "
            "100 kg. In second 1 the 1 kg box in row 1, column 3 moves right and the 2 kg box ahead of it moves "
            "down, at the same time; the 2 kg box reaches row 2, column 4 together with the 5 kg box from row 2, "
            "column 5: they become one box of 7 kg. In second 2 that box and the 3 kg box, which came from row 3, "
            "column 4 to row 3, column 3, reach the chute together: one shipment. In second 3 the 1 kg and 4 kg "
            "boxes reach the chute together: a second shipment. The 6 kg box is left, in row 1, column 4. In the "
            "second example K is 5. The 6 kg box never moves; the 2 kg box moves onto its cell in second 1, and they "
            "become one box of 8 kg. The 1 kg box stays where it is: its belt points at the pillar. The 4 kg box "
            "reaches row 1, column 4 in second 1 and stays there, its belt pointing off the floor, until the box of "
            "exactly 5 kg, which moves right every second, joins it in second 3: 9 kg. Nothing is shipped. In the "
            "third example the boxes in columns 1 and 2 swap cells every second and pass each other; in second 1 the "
            "boxes from columns 3 and 5 reach the chute in column 4 together: one shipment.",
            "No clever algorithm is needed here: at most 100 seconds on a floor of at most 50 x 50 cells. What is "
            "hard is to follow the three steps exactly, in their order, every second.",
            "Move every box from where it stood at the start of the second: build the next second's boxes in a new "
            "dictionary or grid instead of changing the one you are reading. Changed in place, a box can move twice "
            "in one second, or join a box that was about to move away. A dictionary keyed by the cell also joins "
            "the boxes that land on one cell by itself.",
            "Check the edge cases: a box of exactly K kg still moves; a box may move onto the cell of a box that "
            "stayed, and then they join; two boxes that swap cells are never on the same cell; a row or column "
            "index of -1 is off the floor, although Python's grid[-1] silently reads the last row; and no box may "
            "be left at the end.",
        ],
        "editorial": """
**Idea.** A simulation (구현, 시뮬레이션): nothing to discover, everything to get exactly right. Keep the
boxes in a `dict` from cell to weight. Where a box on each belt goes is fixed: compute it once, its own
cell when the belt runs off the floor or into a pillar. Each second, build a new `dict`: every box goes to
that cell, or stays if it weighs more than `K` kg, and its weight is added at the cell it reaches. Joining
then happens by itself, a box that stayed included, and two boxes that swap cells land on different cells,
so they never join. Last, take the boxes on chutes out of the new `dict`, one shipment each.

**Complexity.** O(R × C + B × T): at most 2,500 boxes × 100 seconds = 250,000 steps, about 0.1 s in Python.

**Why the straightforward program times out.** Keeping the boxes in a list and finding those on the same
cell by comparing every pair of boxes (or, for every cell, scanning every box) takes B × B = 6 million steps
a second with 2,500 boxes: 600 million in 100 seconds, minutes of Python.

**What goes wrong.** Moving the boxes in place on one grid, cell by cell: a box moved right or down is met
again later in the same scan and moves twice, and a box that moves onto the cell of a box that has not moved
yet joins it. Shipping each box as it reaches a chute, before the boxes join: boxes that reach a chute
together are one shipment. `U` and `D`: the rows are numbered from the top, so `U` is row - 1.

**Edge cases.** A box of exactly `K` kg (it moves: only a box of more than `K` kg stays); light boxes joined
into one of more than `K` kg (it stays from then on: weigh the box each second, not once from the input); a box that stays,
heavy or blocked, and a box moving onto its cell (they join); a belt that runs off the floor on any of its
four sides (check `0 <= r` as well as `r < R`: `grid[-1]` is the last row in Python); a belt into a pillar;
two boxes swapping cells; no box left (`0 0`: `max()` of nothing is an error); a 1 × 1 floor; `T` = 100.
""",
        "alternatives": [
            program(Q9, WEIGHT_GRID),
            program(Q9, """
                from collections import defaultdict

                R, C, K, T = map(int, input().split())
                floor = [input() for _ in range(R)]
                B = int(input())
                boxes = []                                    # [row, column, weight], 0-based
                for _ in range(B):
                    r, c, w = map(int, input().split())
                    boxes.append([r - 1, c - 1, w])
                DR = {"U": -1, "D": 1, "L": 0, "R": 0}
                DC = {"U": 0, "D": 0, "L": -1, "R": 1}
                shipments = 0
                for second in range(1, T + 1):
                    joined = defaultdict(int)
                    for r, c, w in boxes:
                        if w <= K:
                            nr, nc = r + DR[floor[r][c]], c + DC[floor[r][c]]
                            if 0 <= nr < R and 0 <= nc < C and floor[nr][nc] != "#":
                                r, c = nr, nc
                        joined[r, c] += w
                    boxes = []
                    for (r, c), w in joined.items():
                        if floor[r][c] == "O":
                            shipments += 1
                        else:
                            boxes.append([r, c, w])
                print(shipments)
                if boxes:
                    print(len(boxes), max(w for _, _, w in boxes))
                else:
                    print(0, 0)
            """),
            program(Q9, """
                import sys

                data = sys.stdin.buffer.read().split()
                R, C, K, T = map(int, data[:4])
                cells = b"".join(data[4:4 + R]).decode()      # cell r * C + c
                B = int(data[4 + R])
                nxt = list(range(R * C))                      # where a box on each cell goes: itself when blocked
                for i, ch in enumerate(cells):
                    r, c = divmod(i, C)
                    j = {"U": i - C if r > 0 else -1, "D": i + C if r < R - 1 else -1,
                         "L": i - 1 if c > 0 else -1, "R": i + 1 if c < C - 1 else -1}.get(ch, -1)
                    if j >= 0 and cells[j] != "#":
                        nxt[i] = j
                chute = [ch == "O" for ch in cells]
                box = {}
                for k in range(B):
                    r, c, w = (int(x) for x in data[5 + R + 3 * k:8 + R + 3 * k])
                    box[(r - 1) * C + c - 1] = w
                out = 0
                for _ in range(T):
                    new = {}
                    for i, w in box.items():
                        j = i if w > K else nxt[i]
                        if j in new:
                            new[j] += w
                        else:
                            new[j] = w
                    for j in [j for j in new if chute[j]]:
                        del new[j]
                        out += 1
                    box = new
                sys.stdout.write(f"{out}\\n{len(box)} {max(box.values()) if box else 0}\\n")
            """),
        ],
        "wrong": [
            # U and D swapped: up taken as row + 1
            edited(Q9, SORTING_FLOOR, "belts", HIDDEN,
                   ('step = {"U": (-1, 0), "D": (1, 0)', 'step = {"U": (1, 0), "D": (-1, 0)')),
            # the boxes moved in place on one grid, cell by cell: a box moved right or down moves again, and a box
            # joins one that has not moved yet
            wrong(Q9, "at-once", HIDDEN, """
                import sys

                input = sys.stdin.readline
                R, C, K, T = map(int, input().split())
                belt = [input().strip() for _ in range(R)]
                weight = [[0] * C for _ in range(R)]
                for _ in range(int(input())):
                    r, c, w = map(int, input().split())
                    weight[r - 1][c - 1] = w
                move = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
                shipped = 0
                for _ in range(T):
                    for r in range(R):
                        for c in range(C):
                            w = weight[r][c]
                            if w == 0 or w > K or belt[r][c] not in move:
                                continue
                            nr, nc = r + move[belt[r][c]][0], c + move[belt[r][c]][1]
                            if 0 <= nr < R and 0 <= nc < C and belt[nr][nc] != "#":
                                weight[r][c] = 0
                                weight[nr][nc] += w
                    for r in range(R):
                        for c in range(C):
                            if belt[r][c] == "O" and weight[r][c]:
                                shipped += 1
                                weight[r][c] = 0
                left = [w for row in weight for w in row if w]
                print(shipped)
                print(len(left), max(left) if left else 0)
            """),
            # boxes on one cell never join: each is counted, and shipped, on its own
            wrong(Q9, "join-sum", HIDDEN, """
                R, C, K, T = map(int, input().split())
                floor = [input() for _ in range(R)]
                boxes = []
                for _ in range(int(input())):
                    r, c, w = map(int, input().split())
                    boxes.append((r - 1, c - 1, w))
                move = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
                shipped = 0
                for _ in range(T):
                    moved = []
                    for r, c, w in boxes:
                        if w <= K:
                            nr, nc = r + move[floor[r][c]][0], c + move[floor[r][c]][1]
                            if 0 <= nr < R and 0 <= nc < C and floor[nr][nc] != "#":
                                r, c = nr, nc
                        if floor[r][c] == "O":
                            shipped += 1
                        else:
                            moved.append((r, c, w))
                    boxes = moved
                print(shipped)
                print(len(boxes), max((w for _, _, w in boxes), default=0))
            """),
            # boxes that join keep the heavier weight instead of the sum
            edited(Q9, SORTING_FLOOR, "join-sum", HIDDEN,
                   ("moved[to] = moved.get(to, 0) + w", "moved[to] = max(moved.get(to, 0), w)")),
            # each box shipped as it reaches a chute, before the boxes join: two boxes arriving together are two
            edited(Q9, SORTING_FLOOR, "chute-ships", [CORRECT_1],
                   ("            moved[to] = moved.get(to, 0) + w\n",
                    '            if grid[to[0]][to[1]] == "O":\n                shipped += 1\n                continue\n'
                    "            moved[to] = moved.get(to, 0) + w\n")),
            # one second too few, then one too many
            edited(Q9, SORTING_FLOOR, "t-seconds", HIDDEN, ("for _ in range(seconds):", "for _ in range(seconds - 1):")),
            edited(Q9, SORTING_FLOOR, "t-seconds", [CORRECT_1, EFFICIENCY],
                   ("for _ in range(seconds):", "for _ in range(seconds + 1):")),
            # a box whose belt runs off the floor falls off instead of staying
            edited(Q9, SORTING_FLOOR, "blocked-stays", [CORRECT_1, CORRECT_2],
                   ("                else:\n                    ahead[(r, c)] = (r, c)\n", ""),
                   ("            to = ahead[cell] if w <= limit else cell\n",
                    "            to = ahead.get(cell) if w <= limit else cell\n            if to is None:\n"
                    "                continue\n")),
            # pillars not checked: a box moves onto one
            edited(Q9, SORTING_FLOOR, "blocked-stays", [CORRECT_1, CORRECT_2], (' and grid[nr][nc] != "#"', "")),
            # checks only the bottom and right edges: row -1 is belt[-1], the last row
            edited(Q9, WEIGHT_GRID, "blocked-stays", [CORRECT_2],
                   ("if nr < 0 or nr >= R or nc < 0 or nc >= C or", "if nr >= R or nc >= C or")),
            # a box of exactly K kg taken as too heavy
            edited(Q9, SORTING_FLOOR, "heavier-than-k", [CORRECT_1, CORRECT_2], ("w <= limit", "w < limit")),
            # too heavy read once, from the input: a box made of light boxes keeps moving past K kg, and a light
            # box that joins a heavy one first lends it its flag (a fresh student tester's misreading)
            wrong(Q9, "joined-heavy", [CORRECT_2], """
                import sys

                data = sys.stdin.read().split()
                R, C, K, T = int(data[0]), int(data[1]), int(data[2]), int(data[3])
                grid = data[4:4 + R]
                boxes = {}                    # cell -> [weight, whether it moves]
                for i in range(int(data[4 + R])):
                    r, c, w = data[5 + R + 3 * i:8 + R + 3 * i]
                    boxes[(int(r) - 1, int(c) - 1)] = [int(w), int(w) <= K]
                move = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
                shipped = 0
                for _ in range(T):
                    moved = {}
                    for (r, c), (w, moves) in boxes.items():
                        to = (r, c)
                        if moves:
                            nr, nc = r + move[grid[r][c]][0], c + move[grid[r][c]][1]
                            if 0 <= nr < R and 0 <= nc < C and grid[nr][nc] != "#":
                                to = (nr, nc)
                        if to in moved:
                            moved[to][0] += w
                        else:
                            moved[to] = [w, moves]
                    boxes = {}
                    for (r, c), box in moved.items():
                        if grid[r][c] == "O":
                            shipped += 1
                        else:
                            boxes[(r, c)] = box
                print(shipped)
                print(len(boxes), max((w for w, _ in boxes.values()), default=0))
            """),
            # a heavy box taken as an obstacle: the box that would move onto its cell stays
            edited(Q9, SORTING_FLOOR, "onto-a-stayer", [CORRECT_1, CORRECT_2],
                   ("to = ahead[cell] if w <= limit else cell",
                    "to = ahead[cell] if w <= limit and boxes.get(ahead[cell], 0) <= limit else cell")),
            # two boxes meeting head-on join, although they only swap cells
            wrong(Q9, "pass-each-other", [CORRECT_1, CORRECT_2], """
                import sys

                data = sys.stdin.read().split()
                R, C, K, T = int(data[0]), int(data[1]), int(data[2]), int(data[3])
                grid = data[4:4 + R]
                boxes = {}
                for i in range(int(data[4 + R])):
                    r, c, w = data[5 + R + 3 * i:8 + R + 3 * i]
                    boxes[(int(r) - 1, int(c) - 1)] = int(w)
                move = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
                shipped = 0
                for _ in range(T):
                    target = {}
                    for (r, c), w in boxes.items():
                        to = (r, c)
                        if w <= K:
                            nr, nc = r + move[grid[r][c]][0], c + move[grid[r][c]][1]
                            if 0 <= nr < R and 0 <= nc < C and grid[nr][nc] != "#":
                                to = (nr, nc)
                        target[(r, c)] = to
                    moved = {}
                    for cell, to in target.items():
                        if to != cell and target.get(to) == cell:     # they meet head-on
                            to = min(cell, to)
                        moved[to] = moved.get(to, 0) + boxes[cell]
                    boxes = {}
                    for (r, c), w in moved.items():
                        if grid[r][c] == "O":
                            shipped += 1
                        else:
                            boxes[(r, c)] = w
                print(shipped)
                print(len(boxes), max(boxes.values(), default=0))
            """),
            # max() of no boxes at all: a ValueError when every box was shipped
            edited(Q9, SORTING_FLOOR, "empty-floor", [CORRECT_2],
                   ("max(boxes.values(), default=0)", "max(boxes.values())")),
            # the straightforward way: joins found by comparing every box with those kept so far, B x B a second
            wrong(Q9, "floor-50", [EFFICIENCY], """
                import sys

                input = sys.stdin.readline
                R, C, K, T = map(int, input().split())
                grid = [input().strip() for _ in range(R)]
                boxes = []
                for _ in range(int(input())):
                    r, c, w = map(int, input().split())
                    boxes.append([r - 1, c - 1, w])
                move = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
                shipped = 0
                for _ in range(T):
                    for box in boxes:
                        r, c, w = box
                        if w <= K:
                            nr, nc = r + move[grid[r][c]][0], c + move[grid[r][c]][1]
                            if 0 <= nr < R and 0 <= nc < C and grid[nr][nc] != "#":
                                box[0], box[1] = nr, nc
                    joined = []
                    for box in boxes:
                        for other in joined:
                            if other[0] == box[0] and other[1] == box[1]:
                                other[2] += box[2]
                                break
                        else:
                            joined.append(box)
                    boxes = []
                    for r, c, w in joined:
                        if grid[r][c] == "O":
                            shipped += 1
                        else:
                            boxes.append([r, c, w])
                print(shipped)
                print(len(boxes), max((w for _, _, w in boxes), default=0))
            """),
            # written around the examples
            wrong(Q9, "join-sum", HIDDEN, """
                first = input().split()
                print({"3": "2\\n1 6", "2": "0\\n3 9"}.get(first[0], "1\\n2 2"))
            """),
        ],
    },
    "q10_bundle_deals": {
        "equivalent": [
            {"diff": "- most = max((len(members) for members in fans.values()), default=0)\n"
                     "+ most = max((len(members) for members in fans.values()), default= 1)",
             "reason": "the default is used only when there is no bundle at all, and any number below 2 returns []"},
            {"diff": "- most = max((len(members) for members in fans.values()), default=0)\n"
                     "+ most = max((len(members) for members in fans.values()), default= -1)",
             "reason": "the default is used only when there is no bundle at all, and any number below 2 returns []"},
        ],
        "hints": [
            "Trace the examples by hand. In the first, choi's two orders do not count: one was placed at 02:00, the "
            "other at 21:59; park's order at 01:59, after midnight, counts. kim, who bought A3, B12 and C7 in two "
            "orders, is one fan of each of the bundles A3+B12, A3+C7 and B12+C7, and park's two units of B12 are one "
            "product. In the second, an1 bought D4, E5 and F6 twice, which makes one fan; bo2 bought them too, but "
            "in two orders, which makes no bundle. In the third, the order placed at 22:00 counts.",
            "First turn each order into data: split the string into its time, its member and its codes. Which "
            "orders count, and what should an order's codes become when the same product appears twice?",
            "A member is a fan of a bundle only through one order, so every bundle worth counting is a group of "
            "size products taken from one order. With at most 10 different products in an order, how many such "
            "groups can one order have? Listing them all is cheap (itertools.combinations); listing every group "
            "of the whole catalogue is not.",
            "Count fans, not orders: for each bundle keep the members who bought it, in a set. Write each group in "
            "one fixed order (sort the codes first), so that the same bundle from two orders is the same key. "
            "Then check the last sentences of the statement: ties, and fewer than 2 fans.",
        ],
        "editorial": """
**Idea.** Parsing, then an exhaustive search (완전탐색) over each order's own products. Split each order
with `split(" ")` into its time, member and codes; keep it if `time >= "22:00" or time < "02:00"`: the sale
runs past midnight, so it is two stretches of the clock, not one (times written with two digits each compare
correctly as strings; in minutes counted from 22:00, `(60 * h + m - 22 * 60) % 1440 < 240` works as well).
Make the codes unique and sort them (`sorted(set(codes.split(",")))`), then let
`itertools.combinations(products, size)` list the groups of `size` products of that order, each already
in ascending order. A dictionary from bundle to the *set* of its fans adds a member who bought it twice
once. The answer is the bundles whose set is largest, if it has at least 2 members, joined with `+` and
sorted.

**Complexity.** An order has at most 10 different products, so at most C(10, 5) = 252 groups: 1,000
orders give at most 252,000 dictionary updates, about 0.2 s in Python.

**Why the straightforward program times out.** Listing every bundle of the whole catalogue and checking
each one against every order: 30 products taken 5 at a time are 142,506 bundles, each compared with 1,000
orders, 1.4 × 10⁸ checks. Comparing every order with every other order is 10⁶ pairs, each with its own
groups: also far too slow. A bundle with a fan is a group of one order's products, so the search only
ever needs those.

**Edge cases.** An order at 22:00 counts, one at 02:00 does not, and the orders from 00:00 to 01:59 count
(`"22:00" <= time < "02:00"` holds no time at all); a product ordered twice is one product
(without the `set`, `combinations` makes a bundle of `A3` and `A3`); a member's several orders make one
fan, and the products of two of them make no bundle (do not merge a member's orders); ties (every bundle
with the most fans, in string order); no bundle with 2 fans, or no bundle at all (`max` of nothing raises
`ValueError` without `default=`); orders with fewer products than `size` give no group; codes compare as
strings, so `"A10"` comes before `"A9"`.
""",
        "alternatives": [
            # minutes, and a set of (member, bundle) pairs counted afterwards
            program(Q10, """
                from collections import Counter
                from itertools import combinations


                def solution(orders, size):
                    bought = set()
                    for order in orders:
                        clock, member, codes = order.split()
                        h, m = map(int, clock.split(":"))
                        if (h * 60 + m - 22 * 60) % (24 * 60) < 4 * 60:   # minutes into the night
                            for bundle in combinations(sorted(set(codes.split(","))), size):
                                bought.add((member, bundle))
                    fans = Counter(bundle for _, bundle in bought)
                    if not fans or max(fans.values()) < 2:
                        return []
                    top = max(fans.values())
                    return sorted("+".join(b) for b, n in fans.items() if n == top)
            """),
            # a regular expression, string keys, and one set of bundles per member
            program(Q10, """
                import re
                from collections import defaultdict
                from itertools import combinations

                ORDER = re.compile(r"(\\d\\d):(\\d\\d) ([a-z0-9]+) ([A-Z0-9,]+)")


                def solution(orders, size):
                    per_member = defaultdict(set)
                    for order in orders:
                        hh, mm, member, codes = ORDER.fullmatch(order).groups()
                        if int(hh) >= 22 or int(hh) <= 1:
                            items = sorted(set(codes.split(",")))
                            per_member[member].update("+".join(c) for c in combinations(items, size))
                    count = defaultdict(int)
                    for bundles in per_member.values():
                        for b in bundles:
                            count[b] += 1
                    best = max(count.values(), default=0)
                    answer = [b for b, n in count.items() if n == best and best >= 2]
                    answer.sort()
                    return answer
            """),
            # the orders that count grouped first; the answer sorted as tuples of codes, then joined
            program(Q10, """
                import itertools


                def solution(orders, size):
                    fans = {}
                    for line in orders:
                        parts = line.split(" ")
                        if not (parts[0] >= "22:00" or parts[0] < "02:00"):
                            continue
                        unique = list(dict.fromkeys(parts[2].split(",")))
                        unique.sort()
                        for combo in itertools.combinations(unique, size):
                            fans[combo] = fans.get(combo, frozenset()) | {parts[1]}
                    counts = {combo: len(members) for combo, members in fans.items()}
                    if not counts:
                        return []
                    most = max(counts.values())
                    if most == 1:
                        return []
                    return ["+".join(combo) for combo in sorted(c for c in counts if counts[c] == most)]
            """),
        ],
        "wrong": [
            # an order at 02:00 counted
            edited(Q10, BUNDLES, "sale-hours", [CORRECT_1, CORRECT_2],
                   ('if "02:00" <= time < "22:00":', 'if "02:00" < time < "22:00":')),
            # an order at 22:00 left out
            edited(Q10, BUNDLES, "sale-hours", [CORRECT_1, CORRECT_2],
                   ('if "02:00" <= time < "22:00":', 'if "02:00" <= time <= "22:00":')),
            # the sale as one stretch of the clock: the orders after midnight left out
            edited(Q10, BUNDLES, "sale-hours", [CORRECT_1, CORRECT_2],
                   ('if "02:00" <= time < "22:00":', 'if not "22:00" <= time <= "23:59":')),
            # the hours compared, not the minutes: every order from 02:00 to 02:59 counted
            edited(Q10, BUNDLES, "sale-hours", [CORRECT_1, CORRECT_2],
                   ('if "02:00" <= time < "22:00":', 'if "03" <= time[:2] < "22":')),
            # a product ordered twice taken as two: combinations make bundles of A3 and A3
            dict(edited(Q10, BUNDLES, "units", [CORRECT_2],
                        ('products = sorted(set(codes.split(",")))', 'products = sorted(codes.split(","))')),
                 shows="a product ordered twice"),
            # orders counted, not members: a member who bought a bundle twice is two fans
            edited(Q10, BUNDLES, "fans-not-orders", [CORRECT_1, CORRECT_2],
                   ("fans.setdefault(bundle, set()).add(member)", "fans.setdefault(bundle, []).append(member)")),
            # a member's orders merged into one basket: products of two orders make a bundle
            wrong(Q10, "one-order", [CORRECT_1, CORRECT_2], """
                from itertools import combinations


                def solution(orders, size):
                    baskets = {}
                    for order in orders:
                        time, member, codes = order.split(" ")
                        if time >= "22:00" or time < "02:00":
                            baskets.setdefault(member, set()).update(codes.split(","))
                    fans = {}
                    for member, products in baskets.items():
                        for bundle in combinations(sorted(products), size):
                            fans[bundle] = fans.get(bundle, 0) + 1
                    most = max(fans.values(), default=0)
                    if most < 2:
                        return []
                    return sorted("+".join(b) for b, n in fans.items() if n == most)
            """),
            # the codes of a bundle kept in the order they were ordered: B12+A3 is another bundle than A3+B12
            edited(Q10, BUNDLES, "bundle-text", HIDDEN,
                   ('products = sorted(set(codes.split(",")))', 'products = list(dict.fromkeys(codes.split(",")))')),
            # codes sorted by their number: A9 before A10
            edited(Q10, BUNDLES, "bundle-text", HIDDEN,
                   ('products = sorted(set(codes.split(",")))',
                    'products = sorted(set(codes.split(",")), key=lambda code: (code[0], int(code[1:])))')),
            # only the first of the bundles with the most fans
            edited(Q10, BUNDLES, "ties", [CORRECT_1, CORRECT_2],
                   ('return sorted("+".join(bundle) for bundle, members in fans.items() if len(members) == most)',
                    'return [min("+".join(bundle) for bundle, members in fans.items() if len(members) == most)]')),
            # the ties in the order first seen, not sorted
            edited(Q10, BUNDLES, "ties", [CORRECT_2],
                   ('return sorted("+".join(bundle) for bundle, members in fans.items() if len(members) == most)',
                    'return ["+".join(bundle) for bundle, members in fans.items() if len(members) == most]')),
            # a bundle of one fan returned
            edited(Q10, BUNDLES, "at-least-two", [CORRECT_1, CORRECT_2], ("if most < 2:", "if most < 1:")),
            # max() of no bundle at all: a ValueError
            dict(edited(Q10, BUNDLES, "no-bundle", [CORRECT_2],
                        ("most = max((len(members) for members in fans.values()), default=0)",
                         "most = max(len(members) for members in fans.values())")),
                 shows="no bundle at all"),
            # the straightforward way: every bundle of the whole catalogue, checked against every order
            dict(shows="the whole catalogue", **wrong(Q10, "orders-1000", [EFFICIENCY], """
                from itertools import combinations


                def solution(orders, size):
                    counted = []
                    for order in orders:
                        time, member, codes = order.split(" ")
                        if time >= "22:00" or time < "02:00":
                            counted.append((member, set(codes.split(","))))
                    catalogue = sorted({code for _, products in counted for code in products})
                    best, answer = 0, []
                    for bundle in combinations(catalogue, size):
                        fans = {member for member, products in counted if products.issuperset(bundle)}
                        if len(fans) > best:
                            best, answer = len(fans), ["+".join(bundle)]
                        elif len(fans) == best:
                            answer.append("+".join(bundle))
                    return answer if best >= 2 else []
            """)),
            # written around the examples
            wrong(Q10, "most-fans", HIDDEN, """
                def solution(orders, size):
                    if size == 2:
                        return ["A3+B12", "B12+C7"]
                    if len(orders) == 3:
                        return ["A10+A9+B1"]
                    return []
            """),
        ],
    },
    "q11_delivery_zones": {
        "equivalent": [
            {"diff": '- parent = list(range(n + 1))                          # points are 1 to N\n+ parent = list(range(n + 2))                          # points are 1 to N',
             "reason": 'the extra parent belongs to no point: points are 1 to N'},
            {"diff": '- joined += 1\n+ joined += 0',
             "reason": 'the loop no longer stops at N - 1 lanes: every later lane joins two points joined already and is skipped, so the total and the dearest lane taken stay the same'},
            {"diff": '- if joined == n - 1:\n+ if joined == n - 0:',
             "reason": 'the loop no longer stops at N - 1 lanes: every later lane joins two points joined already and is skipped, so the total and the dearest lane taken stay the same'},
        ],
        "hints": [
            "Trace the first example by hand: first the cheapest lanes that join all five points, then the zones. "
            "Two zones, each joined by its own lanes, are two groups of rented lanes with no cycle in either: what "
            "do they become with one more lane between them?",
            "Look at the lanes cheapest first: a lane whose two points are joined already, directly or through "
            "other points, adds nothing; any other lane is worth renting. That is Kruskal's algorithm for the "
            "cheapest network that joins every point (a minimum spanning tree), and two zones are such a network "
            "with one lane left out: which one?",
            "To tell quickly whether two points are joined already, keep a union-find (분리 집합): each point has a "
            "parent, and the root of its tree names its group; joining two groups hangs one root under the other. "
            "Let find shorten the way it walks (path compression), or hang the smaller tree under the larger: "
            "otherwise a tree can become a chain of tens of thousands of points.",
            "Check the edge cases: N = 2 (each zone is one point: 0), several lanes between the same two points, "
            "and a recursive find, which Python stops at 1,000 nested calls unless the limit is raised "
            "(sys.setrecursionlimit).",
        ],
        "editorial": """
**Idea.** A minimum spanning tree (최소 스패닝 트리), then one lane less, as in 백준 1647 도시 분할 계획. Two
zones, each joined by lanes inside it, are two trees that together hold every point, and the cheapest two
trees are what Kruskal's algorithm has built one lane before its end: the cheapest network of all `N` points
less its dearest lane. Kruskal's algorithm sorts the lanes by cost and takes them cheapest first, renting a
lane only if its two points are not joined yet. A union-find (분리 집합) answers that: every point has a
parent, the root of its tree names its group, `find` walks up to the root and a union hangs one root under
the other. Stop at `N` − 1 lanes; the answer is their total less the last lane taken (`N` = 2: one lane, left
out: 0). Prim's algorithm with a heap works too.

**Complexity.** O(M log M) for the sort, and nearly O(1) a find when it shortens the way it walks (path
compression or halving) or when a union hangs the smaller tree under the larger: about 0.4 s for 200,000
lanes here.

**Why the straightforward program times out.** A union that hangs one root under the other without looking at
the trees, with a find that walks up without shortening the way, can build a chain: lanes of a path taken in
order make each new point the root above all the others (or, the other way round, a point below them), 45,000
points deep in the efficiency test's town, and every later lane walks the chain again: O(M × N) steps. A
recursive find goes as deep as the tree, and Python stops at 1,000 nested calls (a RecursionError, a runtime
error), path compression or not: the first find on the chain is the deep one. Walk up in a loop, or raise the
limit with `sys.setrecursionlimit(10 ** 6)`.

**What goes wrong.** Renting the cheapest lanes until `N` − 1 are taken, with no check for points joined
already (a cycle); checking that both points are in the network already instead of in one group (two groups
that meet are never joined); sorting the lanes as they were read, `(a, b, c)`, by the first point, not by
cost; printing the whole network's cost (one zone), or its total less the dearest lane of all, which need not
be in the network.

**Edge cases.** `N` = 2: each zone is one point and needs no lane, 0 (a program that stops once it has taken
`N` − 2 lanes, checked only after taking one, never stops there); several lanes between the same two points
(a dict keyed by the two points keeps the last one, not the cheapest); `M` = `N` − 1, every lane in the
network; lanes all of one cost; costs up to 1,000,000, so the total passes 2³¹ (nothing in Python, an `int`
overflow in C++ or Java).
""",
        "alternatives": [
            # Prim's algorithm: the network grows from point 1, a heap of the lanes that leave it, the cheapest first
            program(Q11, """
                import heapq
                import sys

                input = sys.stdin.readline
                n, m = map(int, input().split())
                graph = [[] for _ in range(n + 1)]
                for _ in range(m):
                    a, b, c = map(int, input().split())
                    graph[a].append((c, b))
                    graph[b].append((c, a))
                inside = [False] * (n + 1)
                heap = [(0, 1)]
                total = dearest = 0
                while heap:
                    cost, point = heapq.heappop(heap)
                    if inside[point]:
                        continue
                    inside[point] = True
                    total += cost
                    dearest = max(dearest, cost)
                    for edge in graph[point]:
                        if not inside[edge[1]]:
                            heapq.heappush(heap, edge)
                print(total - dearest)
            """),
            # Kruskal's algorithm stopped at N - 2 lanes (checked before taking one), a union by size with no path
            # compression (trees stay O(log N) deep), read with open(0)
            program(Q11, """
                from operator import itemgetter

                numbers = list(map(int, open(0).read().split()))
                n, m = numbers[0], numbers[1]
                lanes = sorted(zip(numbers[2::3], numbers[3::3], numbers[4::3]), key=itemgetter(2))
                root = list(range(n + 1))
                size = [1] * (n + 1)
                total = taken = 0
                for a, b, c in lanes:
                    if taken == n - 2:
                        break
                    while root[a] != a:
                        a = root[a]
                    while root[b] != b:
                        b = root[b]
                    if a == b:
                        continue
                    if size[a] < size[b]:
                        a, b = b, a
                    root[b] = a
                    size[a] += size[b]
                    total += c
                    taken += 1
                print(total)
            """),
            # a recursive find with path compression, the recursion limit raised; input(); the network's lanes in a
            # list, its sum less its max
            program(Q11, """
                import sys

                sys.setrecursionlimit(10 ** 6)


                def find(x):
                    if parent[x] != x:
                        parent[x] = find(parent[x])
                    return parent[x]


                n, m = map(int, input().split())
                lanes = []
                for _ in range(m):
                    a, b, c = map(int, input().split())
                    lanes.append((c, a, b))
                lanes.sort()
                parent = list(range(n + 1))
                network = []
                for c, a, b in lanes:
                    if find(a) != find(b):
                        parent[find(a)] = find(b)
                        network.append(c)
                print(sum(network) - max(network))
            """),
        ],
        "wrong": [
            # no cycle check: the N - 1 cheapest lanes, whatever they join
            edited(Q11, ZONES, "cycle", HIDDEN, ("        if ra == rb:\n            continue\n", "")),
            # "joined already" as "both points are in the network already": two groups that meet are never joined
            wrong(Q11, "cycle", HIDDEN, """
                import sys

                data = sys.stdin.buffer.read().split()
                n, m = int(data[0]), int(data[1])
                lanes = sorted((int(data[4 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i])) for i in range(m))
                inside = set()
                total = dearest = 0
                for cost, a, b in lanes:
                    if a in inside and b in inside:
                        continue
                    inside.add(a)
                    inside.add(b)
                    total += cost
                    dearest = cost
                print(total - dearest)
            """),
            # the lanes sorted as they were read, (a, b, c): by the first point's number, not by cost
            edited(Q11, ZONES, "cheapest-first", HIDDEN,
                   ("(int(data[4 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i]))",
                    "(int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i]))"),
                   ("for cost, a, b in lanes:", "for a, b, cost in lanes:")),
            # one zone: the whole network's cost
            edited(Q11, ZONES, "two-zones", HIDDEN, ("print(total - dearest)", "print(total)")),
            # the network less the dearest lane of all, which need not be in it
            wrong(Q11, "two-zones", HIDDEN, """
                import sys

                input = sys.stdin.readline
                n, m = map(int, input().split())
                lanes = [tuple(map(int, input().split())) for _ in range(m)]
                lanes.sort(key=lambda lane: lane[2])
                parent = list(range(n + 1))


                def find(x):
                    while parent[x] != x:
                        parent[x] = parent[parent[x]]
                        x = parent[x]
                    return x


                total = 0
                for a, b, c in lanes:
                    if find(a) != find(b):
                        parent[find(a)] = find(b)
                        total += c
                print(total - lanes[-1][2])
            """),
            # stopped once N - 2 lanes are taken, checked only after taking one: with N = 2 it never stops, and
            # prints the one lane's cost
            edited(Q11, ZONES, "two-points", [CORRECT_2],
                   ("if joined == n - 1:", "if joined == n - 2:"), ("print(total - dearest)", "print(total)")),
            # a dict keyed by the two points: of several lanes between them, the last one read, not the cheapest
            wrong(Q11, "parallel-lanes", [CORRECT_2], """
                import sys

                data = sys.stdin.buffer.read().split()
                n, m = int(data[0]), int(data[1])
                cost_of = {}
                for i in range(m):
                    cost_of[int(data[2 + 3 * i]), int(data[3 + 3 * i])] = int(data[4 + 3 * i])
                lanes = sorted((c, a, b) for (a, b), c in cost_of.items())
                parent = list(range(n + 1))


                def find(x):
                    while parent[x] != x:
                        parent[x] = parent[parent[x]]
                        x = parent[x]
                    return x


                total = dearest = 0
                for cost, a, b in lanes:
                    ra, rb = find(a), find(b)
                    if ra != rb:
                        parent[ra] = rb
                        total += cost
                        dearest = cost
                print(total - dearest)
            """),
            # a find that never shortens the way: a chain of 45,000 points walked for every lane, O(M x N)
            edited(Q11, ZONES, "n-100000", [EFFICIENCY], ("            parent[x] = parent[parent[x]]\n", "")),
            # a recursive find with path compression, the recursion limit left at 1,000: a RecursionError on the
            # first find down the chain
            edited(Q11, ZONES, "n-100000", [EFFICIENCY],
                   ("        while parent[x] != x:\n            parent[x] = parent[parent[x]]\n            x = parent[x]\n"
                    "        return x\n",
                    "        if parent[x] != x:\n            parent[x] = find(parent[x])\n        return parent[x]\n")),
            # written around the examples
            wrong(Q11, "cheapest-first", HIDDEN, """
                print(7 if input().split()[0] == "5" else 5)
            """),
        ],
    },
    "q12_pickers": {
        "hints": [
            "Trace the first example by hand, minute by minute: when the order from 3 to 5 begins, which picker is "
            "free, and since when? Then the second example: which picker takes the order from 6 to 9?",
            "Look at the orders by their start time. When an order begins, any picker whose last order has ended, "
            "at or before that minute, can take it: the orders still to come begin later, so which free picker "
            "takes it makes no difference. A new picker is needed only when none is free.",
            "For each order you need only the picker that is free the earliest: keep the pickers' end times so "
            "that the smallest comes out in O(log N) (a heap, 힙). Looking at every picker for each order is "
            "O(N × pickers): 10^10 steps when 50,000 orders run at once.",
            "Check the edge cases: an order that begins the minute another ends (the same picker, so <=, not <), "
            "many orders with the same start, one order (1), and an order inside another.",
        ],
        "editorial": """
**Idea.** A greedy choice (그리디) with a heap (힙), as in 백준 11000 강의실 배정. Take the orders by start time
and keep, in a heap, the minute at which each picker so far is free again. An order goes to the picker free
the earliest if that picker's last order ends at or before its start, else to a new picker. Which free picker
takes it makes no difference: every order still to come begins at or after this one. The answer is the number
of pickers, the heap's size at the end; it is also the most orders running at one moment, so a sweep gives it
too: +1 at each start and −1 at each end, the ends before the starts at the same minute, and the largest
running sum.

**Complexity.** O(N log N): the sort, then one push or replace on the heap per order; about 0.3 s for 200,000
orders here.

**Why the straightforward program times out.** Looking at every picker for each order (for the one free the
earliest, or for any free one), or counting for each order the orders running at its start, is O(N × pickers)
or O(N²): with 50,000 orders running at once, as in the efficiency test, 10¹⁰ steps. A count for every minute
needs an array of 10⁹ entries.

**What goes wrong.** Reusing a picker only when its order ends before the next begins (`<` for `<=`), or a
sweep that takes the starts before the ends at the same minute: a picker whose order ends at minute `t` can
take an order that begins at `t`, so both count one picker too many in the first example. Taking the orders in
the order they are given, not by start time; comparing each order with the one before it only.

**Edge cases.** An order that begins the minute another ends; many orders with the same start (each needs
its own picker); one order: 1; an order inside another; times up to 10⁹ (a sweep over the minutes cannot
reach them).
""",
        "alternatives": [
            # a sweep: +1 at each start and -1 at each end, sorted with the ends before the starts at one minute
            program(Q12, """
                import sys

                input = sys.stdin.readline
                n = int(input())
                events = []
                for _ in range(n):
                    s, e = map(int, input().split())
                    events.append((s, 1))
                    events.append((e, -1))
                events.sort()                 # (t, -1) before (t, 1): an order that ends at t first
                running = best = 0
                for _, change in events:
                    running += change
                    best = max(best, running)
                print(best)
            """),
            # two sorted lists and two pointers: a start needs a new picker unless an end came at or before it
            program(Q12, """
                n = int(input())
                starts, ends = [], []
                for _ in range(n):
                    s, e = map(int, input().split())
                    starts.append(s)
                    ends.append(e)
                starts.sort()
                ends.sort()
                pickers = j = 0
                for s in starts:
                    if ends[j] <= s:
                        j += 1
                    else:
                        pickers += 1
                print(pickers)
            """),
            # the heap of end times, popped while free, the orders read with open(0)
            program(Q12, """
                import heapq

                lines = open(0).read().split()
                n = int(lines[0])
                orders = sorted(zip(map(int, lines[1::2]), map(int, lines[2::2])))
                heap = []
                best = 0
                for s, e in orders:
                    while heap and heap[0] <= s:
                        heapq.heappop(heap)
                    heapq.heappush(heap, e)
                    best = max(best, len(heap))
                print(best)
            """),
        ],
        "wrong": [
            # a picker reused only when its order ends before the next begins
            edited(Q12, PICKERS, "end-equals-start", HIDDEN, ("free_at[0] <= start", "free_at[0] < start")),
            # a sweep with the starts before the ends at the same minute
            wrong(Q12, "end-equals-start", HIDDEN, """
                import sys

                input = sys.stdin.readline
                n = int(input())
                events = []
                for _ in range(n):
                    s, e = map(int, input().split())
                    events.append((s, 0))
                    events.append((e, 1))
                events.sort()                 # (t, 0), a start, before (t, 1), an end
                running = best = 0
                for _, kind in events:
                    running += 1 if kind == 0 else -1
                    best = max(best, running)
                print(best)
            """),
            # the orders taken in the order they are given, not by start time
            edited(Q12, PICKERS, "any-order", HIDDEN,
                   ("orders = sorted((int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n))",
                    "orders = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]")),
            # each order compared with the one before it only
            wrong(Q12, "fewest", HIDDEN, """
                n = int(input())
                orders = sorted(tuple(map(int, input().split())) for _ in range(n))
                pickers = 1
                for (_, e), (s, _) in zip(orders, orders[1:]):
                    if s < e:
                        pickers += 1
                print(pickers)
            """),
            # the picker free the earliest found by looking at every picker: O(N x pickers)
            wrong(Q12, "n-200000", [EFFICIENCY], """
                import sys

                input = sys.stdin.readline
                n = int(input())
                orders = sorted(tuple(map(int, input().split())) for _ in range(n))
                free_at = []
                for s, e in orders:
                    if free_at:
                        k = min(range(len(free_at)), key=free_at.__getitem__)
                        if free_at[k] <= s:
                            free_at[k] = e
                            continue
                    free_at.append(e)
                print(len(free_at))
            """),
            # for each order, the orders running at its start, counted one by one: O(N^2)
            wrong(Q12, "n-200000", [EFFICIENCY], """
                import sys

                input = sys.stdin.readline
                n = int(input())
                orders = [tuple(map(int, input().split())) for _ in range(n)]
                print(max(sum(1 for s, e in orders if s <= t < e) for t, _ in orders))
            """),
            # written around the examples
            wrong(Q12, "fewest", HIDDEN, """
                input()
                print(2)
            """),
        ],
    },
    "q13_record_days": {
        "hints": [
            "Trace the first example by hand: which earlier days do day 3's and day 6's counts take in, and which "
            "day ends each count? Then day 5's: why is it 5?",
            "A day's count ends at the last earlier day with more orders. Once a day l has come, an earlier day j "
            "with at most as many orders as day l can never end a later day's count: whatever j would end, day l, "
            "closer and with at least as many orders, ends first. So j can be forgotten for good.",
            "Keep only the days that can still end a count, oldest first: their orders fall from the oldest to "
            "the newest (a stack, 스택). For each new day, take off the newest end every day with at most as many "
            "orders (each day is taken off once at most: O(N) in all); the day left at that end, if any, ends the "
            "count. Looking back over every earlier day is O(N²): 2 × 10^10 steps for 200,000 days.",
            "Check the edge cases: days with equal orders (a day with as many orders does not end the count: <=, "
            "not <), one day (1), days that only rise (1, 2, ..., N) or only fall (all 1), and a day with no "
            "earlier day of more orders (k = i, not i − 1).",
        ],
        "editorial": """
**Idea.** A monotonic stack (스택), as in 백준 2493 탑. Day `i`'s count ends at the last earlier day with more
orders than day `i`, the previous greater element. Go through the days in order and keep a stack of the days
that can still end a count: a day with at most as many orders as a later one never can, since the later day,
closer and with at least as many orders, ends any count first. So the stack's orders fall from bottom to top.
For day `i`, pop every day with at most as many orders (`<=`: a tie does not end the count); the day left on
top ends it, and `k = i − top`; with the stack empty, no earlier day had more orders and `k = i`. Then push
day `i`. Another way: keep each day's `k` and jump back by it, from day `i − 1` to the day before its count,
while the day reached has at most as many orders.

**Complexity.** O(N): each day is pushed once and popped at most once; about 0.2 s for 200,000 days here.

**Why the straightforward program times out.** Looking back from each day over the earlier days one by one,
until one with more orders, is O(N²) when many days are the most so far: in the efficiency test every other
day is, and the program looks back over about 10¹⁰ days in all.

**What goes wrong.** Popping only the days with fewer orders (`<` for `<=`): a day with as many orders as day
`i` ends its count too early. `k = i − 1` when no earlier day had more orders (the whole history is `i` days,
day `i` included). Counting only the run of rising days just before day `i`, or `1` plus the days popped for
day `i` (the days those popped days had taken in are in the count too).

**Edge cases.** Days with equal orders; one day: 1; days that only rise: 1, 2, ..., N; days that only fall:
all 1; orders of 0 and 1,000,000,000.
""",
        "alternatives": [
            # the stock span way: a stack of (orders, k) pairs, each day's k the sum of the ks it pops, plus 1
            program(Q13, """
                import sys

                input = sys.stdin.readline
                n = int(input())
                orders = list(map(int, input().split()))
                stack = []                    # (orders, k) of the days that can still end a count
                out = []
                for a in orders:
                    k = 1
                    while stack and stack[-1][0] <= a:
                        k += stack.pop()[1]
                    stack.append((a, k))
                    out.append(k)
                print(*out)
            """),
            # jumping back by each day's k: from day i - 1 to the day before its count, while it has at most as many
            program(Q13, """
                n = int(input())
                orders = list(map(int, input().split()))
                span = [0] * n
                for i in range(n):
                    j = i - 1
                    while j >= 0 and orders[j] <= orders[i]:
                        j -= span[j]
                    span[i] = i - j
                print(" ".join(map(str, span)))
            """),
            # from the last day back: a stack of the days still waiting for an earlier day with more orders
            program(Q13, """
                data = open(0).read().split()
                n = int(data[0])
                orders = list(map(int, data[1:n + 1]))
                k = [0] * n
                waiting = []
                for i in range(n - 1, -1, -1):
                    while waiting and orders[waiting[-1]] < orders[i]:
                        j = waiting.pop()
                        k[j] = j - i
                    waiting.append(i)
                for j in waiting:             # no earlier day had more orders
                    k[j] = j + 1
                print(*k)
            """),
        ],
        "wrong": [
            # a day with as many orders ends the count
            edited(Q13, RECORD_DAYS, "ties-count", HIDDEN, ("orders[stack[-1]] <= a", "orders[stack[-1]] < a")),
            # k = i - 1 when no earlier day had more orders
            edited(Q13, RECORD_DAYS, "whole-history", HIDDEN, ("if stack else i + 1", "if stack else i")),
            # only the run of days just before day i whose orders rise (or stay)
            wrong(Q13, "streak", HIDDEN, """
                n = int(input())
                orders = list(map(int, input().split()))
                out = [1]
                for i in range(1, n):
                    out.append(out[-1] + 1 if orders[i - 1] <= orders[i] else 1)
                print(*out)
            """),
            # 1 plus the days popped for day i, not the days those had taken in
            wrong(Q13, "streak", HIDDEN, """
                import sys

                input = sys.stdin.readline
                n = int(input())
                orders = list(map(int, input().split()))
                stack = []
                out = []
                for a in orders:
                    k = 1
                    while stack and stack[-1] <= a:
                        stack.pop()
                        k += 1
                    stack.append(a)
                    out.append(k)
                print(*out)
            """),
            # looking back from each day over the earlier days one by one: O(N^2)
            wrong(Q13, "n-200000", [EFFICIENCY], """
                import sys

                input = sys.stdin.readline
                n = int(input())
                orders = list(map(int, input().split()))
                out = []
                for i in range(n):
                    j = i - 1
                    while j >= 0 and orders[j] <= orders[i]:
                        j -= 1
                    out.append(i - j)
                print(*out)
            """),
            # a stack that keeps the days of as many orders and steps over them one by one: right answers, but
            # O(N^2) when every day has as many orders (a fresh student tester wrote it)
            wrong(Q13, "n-200000", [EFFICIENCY], """
                import sys

                input = sys.stdin.readline
                n = int(input())
                a = list(map(int, input().split()))
                stack = []
                ans = []
                for i in range(n):
                    while stack and a[stack[-1]] < a[i]:
                        stack.pop()
                    j = len(stack) - 1
                    while j >= 0 and a[stack[j]] == a[i]:
                        j -= 1
                    ans.append(i - stack[j] if j >= 0 else i + 1)
                    stack.append(i)
                print(" ".join(map(str, ans)))
            """),
            # for each day, the last earlier day with more orders found by a scan from day 1: O(N^2)
            wrong(Q13, "n-200000", [EFFICIENCY], """
                n = int(input())
                orders = list(map(int, input().split()))
                out = []
                for i, a in enumerate(orders):
                    last = -1
                    for j in range(i):
                        if orders[j] > a:
                            last = j
                    out.append(i - last)
                print(" ".join(map(str, out)))
            """),
            # written around the examples
            wrong(Q13, "streak", HIDDEN, """
                n = int(input())
                print("1 1 2 3 5 6 1" if n == 7 else "1 2 1 4 1 6")
            """),
        ],
    },
    "q14_box_wall": {
        "equivalent": [
            {"diff": "- rows, cols = len(board), len(board[0])\n+ rows, cols = len(board), len(board[ 1])",
             "reason": "every string of board has n characters and there are at least 2: row 2 is as long as row 1"},
            {"diff": "- rows, cols = len(board), len(board[0])\n+ rows, cols = len(board), len(board[ -1])",
             "reason": "every string of board has n characters: the last row is as long as the first"},
        ],
        "hints": [
            "Trace the first example by hand, round by round: which squares does the first round find, which "
            "boxes go, where does each box left come to rest, and what does the second round find?",
            "A round has three steps, in this order, each over the whole wall: find every square, then take the "
            "boxes, then drop the boxes left. Taking the boxes of a square the moment it is found hides the squares "
            "that overlap it; keep the boxes to take in a set of cells (a box in two squares is one box).",
            "To drop the boxes, rebuild each column: its boxes left, in order, at the bottom, empty cells above. "
            "Or keep each column as a list of its boxes, bottom first, and the drop is taking items out of a list. "
            "A round costs O(m × n), and each round takes at least 4 boxes, so there are at most 225 rounds: "
            "doing just what the statement says is fast enough here.",
            "Check the edge cases: empty cells are never part of a square (four empty cells are no square), a 2 × 3 "
            "block of one kind is 6 boxes, not 8, a box may drop more than one cell, a wall of one kind goes in one "
            "round, and the last round, which finds nothing, is not counted.",
        ],
        "editorial": """
**Idea.** Do what the statement says, round by round (구현, 시뮬레이션), as in 프로그래머스 17679 프렌즈4블록:
nothing to discover, three steps to get exactly right. First find every square of four boxes of one kind and put
its cells in a set (every square is found before any box goes, so overlapping squares are all taken and a box
in two squares counts once; an empty cell is never a box of a square). If the set is empty, stop: that round is
not counted. Otherwise add its size to the boxes and 1 to the rounds, take the boxes and drop the rest: rebuild
each column with its boxes left at the bottom, in order. Keeping each column as a list of its boxes, bottom first,
makes the drop a filter of the list.

**Complexity.** A round is O(m × n): 900 cells at most. Each round takes at least 4 boxes, so there are at most
m × n / 4 = 225 rounds: about 2 × 10⁵ steps, well under a second. At these limits any program that follows the
rounds is fast enough, even one that drops the boxes a cell at a time, so the problem has no efficiency test, as
프렌즈4블록 has none on 프로그래머스; correctness test 2 holds the largest walls, 30 × 30.

**What goes wrong.** Taking a square's boxes as soon as it is found: a square that overlaps it is then missed.
Counting 4 boxes per square: a box in two squares counts twice. Forgetting that empty cells are no boxes: four
empty cells make a square. Dropping each box one cell per round instead of until it rests. Counting the last
round, which finds nothing. Stopping after the first round, or not dropping the boxes at all.

**Edge cases.** The smallest walls (2 × 2); walls of 2 rows or 2 columns; 30 × 30 of one kind (900 boxes in one
round); a wall with no square ([0, 0]); empty cells at the top of the columns; a box that drops several cells.
""",
        "alternatives": [
            # the wall as rows, as most wrong programs below: each column rebuilt after the boxes are taken
            program(Q14, BOX_WALL),
            # the wall as rows, marked in a table; each column compacted in place from the bottom up
            program(Q14, """
                def solution(board):
                    m, n = len(board), len(board[0])
                    grid = [list(row) for row in board]
                    total = rounds = 0
                    while True:
                        hit = [[False] * n for _ in range(m)]
                        found = False
                        for r in range(m - 1):
                            for c in range(n - 1):
                                k = grid[r][c]
                                if k != "." and k == grid[r][c + 1] == grid[r + 1][c] == grid[r + 1][c + 1]:
                                    hit[r][c] = hit[r][c + 1] = hit[r + 1][c] = hit[r + 1][c + 1] = True
                                    found = True
                        if not found:
                            return [total, rounds]
                        rounds += 1
                        for c in range(n):
                            write = m - 1
                            for r in range(m - 1, -1, -1):
                                if hit[r][c]:
                                    total += 1
                                elif grid[r][c] != ".":
                                    grid[write][c] = grid[r][c]
                                    write -= 1
                            for r in range(write, -1, -1):
                                grid[r][c] = "."
            """),
            # each column as a string, bottom first; the heights to take kept per column
            program(Q14, """
                def solution(board):
                    cols = ["".join(row[c] for row in board[::-1]).replace(".", "") for c in range(len(board[0]))]
                    boxes = rounds = 0
                    while True:
                        gone = [set() for _ in cols]
                        for c in range(len(cols) - 1):
                            a, b = cols[c], cols[c + 1]
                            for h in range(min(len(a), len(b)) - 1):
                                if a[h] == a[h + 1] == b[h] == b[h + 1]:
                                    gone[c] |= {h, h + 1}
                                    gone[c + 1] |= {h, h + 1}
                        taken = sum(map(len, gone))
                        if taken == 0:
                            return [boxes, rounds]
                        boxes += taken
                        rounds += 1
                        cols = ["".join(k for h, k in enumerate(col) if h not in g) for col, g in zip(cols, gone)]
            """),
        ],
        "wrong": [
            # four empty cells taken for a square
            edited(Q14, BOX_WALL, "empty-cells", CORRECTNESS, ('if kind != "." and grid', "if grid")),
            # 4 boxes per square: a box in two squares counted twice
            edited(Q14, BOX_WALL, "overlap-once", CORRECTNESS, ("taken = set()", "taken = []"),
                   ("taken |= {(r, c), (r, c + 1), (r + 1, c), (r + 1, c + 1)}",
                    "taken += [(r, c), (r, c + 1), (r + 1, c), (r + 1, c + 1)]")),
            # a square's boxes taken the moment it is found: the squares that overlap it are missed
            wrong(Q14, "all-squares-first", CORRECTNESS, """
                def solution(board):
                    grid = [list(row) for row in board]
                    m, n = len(grid), len(grid[0])
                    boxes = rounds = 0
                    while True:
                        taken = 0
                        for r in range(m - 1):
                            for c in range(n - 1):
                                kind = grid[r][c]
                                if kind != "." and grid[r][c + 1] == kind and grid[r + 1][c] == kind and grid[r + 1][c + 1] == kind:
                                    grid[r][c] = grid[r][c + 1] = grid[r + 1][c] = grid[r + 1][c + 1] = "."
                                    taken += 4
                        if not taken:
                            return [boxes, rounds]
                        boxes += taken
                        rounds += 1
                        for c in range(n):
                            left = [grid[r][c] for r in range(m) if grid[r][c] != "."]
                            for r in range(m):
                                grid[r][c] = "." if r < m - len(left) else left[r - (m - len(left))]
            """),
            # each box drops one cell a round, not until it rests
            edited(Q14, BOX_WALL, "drop-to-rest", CORRECTNESS, (
                "        for c in range(n):\n"
                "            left = [grid[r][c] for r in range(m) if grid[r][c] != \".\"]\n"
                "            for r in range(m):\n"
                "                grid[r][c] = \".\"\n"
                "            for r, kind in zip(range(m - len(left), m), left):\n"
                "                grid[r][c] = kind\n",
                "        for r in range(m - 2, -1, -1):\n"
                "            for c in range(n):\n"
                "                if grid[r][c] != \".\" and grid[r + 1][c] == \".\":\n"
                "                    grid[r + 1][c], grid[r][c] = grid[r][c], \".\"\n")),
            # the boxes taken and the rest never dropped: a second round finds only what the first left
            edited(Q14, BOX_WALL, "drop-to-rest", CORRECTNESS, (
                "        for c in range(n):\n"
                "            left = [grid[r][c] for r in range(m) if grid[r][c] != \".\"]\n"
                "            for r in range(m):\n"
                "                grid[r][c] = \".\"\n"
                "            for r, kind in zip(range(m - len(left), m), left):\n"
                "                grid[r][c] = kind\n", "")),
            # the round that finds nothing counted too
            edited(Q14, BOX_WALL, "last-round", CORRECTNESS, ("        taken = set()\n", "        rounds += 1\n        taken = set()\n"),
                   ("        rounds += 1\n        for r, c in taken", "        for r, c in taken")),
            # written around the examples
            wrong(Q14, "rounds", CORRECTNESS, """
                def solution(board):
                    return [12, 2] if len(board) == 5 else [8, 1] if len(board) == 4 else [0, 0]
            """),
        ],
    },
    "q15_sales_target": {
        "equivalent": [
            {"diff": '- sales = list(map(int, data[2:2 + n]))\n+ sales = list(map(int, data[2: 3 + n]))',
             "reason": "the second line holds exactly n sales: a slice one longer ends at the same last day"},
            {"diff": '- best = n + 1                                  # longer than any run: none found yet\n+ best = n + 2                                  # longer than any run: none found yet',
             "reason": "n + 2, like n + 1, is longer than any run: it still means none found, and 0 is printed"},
        ],
        "hints": [
            "Trace the first example by hand: which runs reach 12? The first one found counting from day 1 is not "
            "the shortest. Then the second example: why 5, and the third: why 0?",
            "Sales are never negative: a run's total only grows when the run takes in one more day at its end, "
            "and only shrinks when it lets go of its first day. So for each last day, the shortest run that ends "
            "there and reaches S starts no earlier than the one for the day before.",
            "Keep a window of days and its total (two pointers, 투 포인터): add each new day at the right; then, "
            "while the total without the leftmost day still reaches S, let that day go. If the total reaches S, "
            "the window is the shortest run ending on that day. Each day enters once and leaves once: O(N). "
            "Adding up the days from every first day is O(N²): up to 2 × 10^10 steps for 200,000 days.",
            "Check the edge cases: a total of exactly S reaches the target (>=, not >), no run at all (print 0, "
            "not N + 1 or N), a run that ends on the last day or is every day, one day, days of no sales.",
        ],
        "editorial": """
**Idea.** Two pointers (투 포인터) over a window of consecutive days, as in 백준 1806 부분합. Sales are never
negative, so a window's total grows when its right end moves on and shrinks when its left end does. Move the
right end over the days one by one, adding each; then move the left end on while the total without the leftmost
day is still at least `S`. If the total is at least `S` (a total of exactly `S` counts), the window is the
shortest run ending at the right end: keep the least length. Another way: prefix sums (누적 합), which only grow,
and for each last day a binary search for the latest first day whose run still reaches `S`, O(N log N).

**Complexity.** O(N): each day enters the window once and leaves it at most once; about 0.1 s for 200,000 days
here.

**Why the straightforward program times out.** Adding up the days from each first day until the total reaches
`S` is O(N²) when runs are long: in the efficiency test no run of fewer than hundreds of days reaches `S`, and in
another case no run does, and the program adds up about 2 × 10¹⁰ days in all.

**What goes wrong.** `>` for `>=`: a run of exactly `S` is missed. Printing `N + 1` (or infinity, or `N`) when
no run reaches `S`: the answer is `0`. Stopping the loop when the right end passes the last day before checking
the window: runs that end on the last day, the whole array among them, are missed. Printing the first run found
counting from day 1: a shorter run can come later.

**Edge cases.** One day (`1` if it sells at least `S`, else `0`); no run at all: `0`; only all `N` days together;
days of no sales; sales of 10,000 and `S` of 2,000,000,000.
""",
        "alternatives": [
            # prefix sums, which only grow, and a binary search for each last day: O(N log N)
            program(Q15, """
                import sys
                from bisect import bisect_right

                input = sys.stdin.readline
                n, s = map(int, input().split())
                sales = list(map(int, input().split()))
                prefix = [0]
                for a in sales:
                    prefix.append(prefix[-1] + a)
                best = 0
                for r in range(1, n + 1):
                    if prefix[r] >= s:
                        l = bisect_right(prefix, prefix[r] - s, 0, r) - 1   # the latest start that still reaches S
                        if best == 0 or r - l < best:
                            best = r - l
                print(best)
            """),
            # the loop of 백준 1806's usual answer: either take in a day or let one go, until both ends are done
            program(Q15, """
                n, s = map(int, input().split())
                a = list(map(int, input().split()))
                lo = hi = total = 0
                best = float("inf")
                while True:
                    if total >= s:
                        best = min(best, hi - lo)
                        total -= a[lo]
                        lo += 1
                    elif hi == n:
                        break
                    else:
                        total += a[hi]
                        hi += 1
                print(0 if best == float("inf") else best)
            """),
            # a deque as the window
            program(Q15, """
                from collections import deque

                data = open(0).read().split()
                n, s = int(data[0]), int(data[1])
                window = deque()
                total = 0
                best = 0
                for x in data[2:2 + n]:
                    window.append(int(x))
                    total += window[-1]
                    while window and total - window[0] >= s:
                        total -= window.popleft()
                    if total >= s and (best == 0 or len(window) < best):
                        best = len(window)
                print(best)
            """),
        ],
        "wrong": [
            # a total of exactly S does not reach the target
            edited(Q15, SALES_TARGET, "at-least", HIDDEN, ("while total - sales[left] >= s:", "while total - sales[left] > s:"),
                   ("if total >= s:", "if total > s:")),
            # N + 1 printed when no run reaches S
            edited(Q15, SALES_TARGET, "none-zero", HIDDEN, ("print(best if best <= n else 0)", "print(best)")),
            # 백준 1806's loop with the end checked first: the runs that end on the last day are never checked
            wrong(Q15, "last-day", HIDDEN, """
                n, s = map(int, input().split())
                a = list(map(int, input().split()))
                lo = hi = total = 0
                best = n + 1
                while hi < n:
                    if total >= s:
                        best = min(best, hi - lo)
                        total -= a[lo]
                        lo += 1
                    else:
                        total += a[hi]
                        hi += 1
                print(best if best <= n else 0)
            """),
            # the first run to reach S counting from day 1, cut from the left, taken as the shortest
            wrong(Q15, "shortest", HIDDEN, """
                import sys

                input = sys.stdin.readline
                n, s = map(int, input().split())
                a = list(map(int, input().split()))
                total = left = 0
                answer = 0
                for right in range(n):
                    total += a[right]
                    if total >= s:
                        while total - a[left] >= s:
                            total -= a[left]
                            left += 1
                        answer = right - left + 1
                        break
                print(answer)
            """),
            # adding up the days from each first day until the total reaches S: O(N^2)
            wrong(Q15, "n-200000", [EFFICIENCY], """
                import sys

                input = sys.stdin.readline
                n, s = map(int, input().split())
                a = list(map(int, input().split()))
                best = 0
                for left in range(n):
                    total = 0
                    for right in range(left, n):
                        total += a[right]
                        if total >= s:
                            if best == 0 or right - left + 1 < best:
                                best = right - left + 1
                            break
                print(best)
            """),
            # prefix sums, every length from 1 up until one reaches S: O(N^2) when the answer is long or 0
            wrong(Q15, "n-200000", [EFFICIENCY], """
                n, s = map(int, input().split())
                a = list(map(int, input().split()))
                prefix = [0]
                for x in a:
                    prefix.append(prefix[-1] + x)
                answer = 0
                for length in range(1, n + 1):
                    if any(prefix[i + length] - prefix[i] >= s for i in range(n - length + 1)):
                        answer = length
                        break
                print(answer)
            """),
            # written around the examples
            wrong(Q15, "shortest", HIDDEN, """
                n, s = map(int, input().split())
                print({8: 2, 5: 5}.get(n, 0))
            """),
        ],
    },
}


# what each question asks, one short key each (each has a wrong program that breaks it, above): a real test
# shows its examples only, so the released test cells name none of it (tests/test_coding_test.py)
_REQUIREMENTS = {
    Q1: {
        "sum-per-product": "a product's sales are the sum of the quantities of all its lines",
        "best-first": "the ids of the k products with the most sales, best first",
        "ties-by-id": "products with equal sales are in ascending order of their id, compared as strings",
        "k-more-than-products": "with fewer than k different products, all of them are returned",
        "n-100000": "100,000 order lines of 20,000 products within the time limit",
    },
    Q2: {
        "window-peak": "for every window of K consecutive hours, the hour with the most orders, in the order of the "
                       "windows",
        "earliest-on-ties": "when several hours of a window share the most orders, the earliest of them",
        "n-200000": "N = 200,000 hours with windows of tens of thousands of hours within the time limit",
    },
    Q3: {
        "pick-then-deliver": "the robot goes to P, then to E: the moves from S through P up to its first arrival at "
                             "E after P",
        "fewest-moves": "the fewest moves over every way that uses at most K lifts: 7 in the second example, not 9",
        "shared-lifts": "the K lifts are for the whole trip: the shortest way to P may use lifts that the way on to "
                        "E needs",
        "up-to-k": "the robot may use all K lifts, K included",
        "lift-per-shelf": "every move onto a shelf uses a lift, also from another shelf",
        "from-one": "the rows and columns of S, P and E are numbered from 1",
        "unreachable": "-1 when no way from S through P to E uses at most K lifts",
        "stays-on-grid": "the robot never leaves the grid: no move goes past its first or last row or column",
        "grid-100": "100 x 100 warehouses (10,000 cells) with K = 10 within the time limit",
    },
    Q4: {
        "least-minute": "the smallest minute by which all the stations together have packed at least n parcels",
        "finished-counts": "a parcel finished at minute T counts as packed by minute T",
        "rests": "a station rests b minutes after every c parcels",
        "rest-after": "a rest comes after a station's c-th parcel, not before its first",
        "no-work-in-rest": "a station packs nothing while it rests, however long the rest",
        "last-before-rest": "the last parcel before a rest is packed when it is finished, not when the rest is over",
        "search-range": "the search reaches the answer: a fast station's long rests can make it slow, far past n x "
                        "its t",
        "many-stations": "10,000 stations and a billion parcels within the time limit",
        "largest-answer": "one station with t = b = 10^9, c = 1 and a billion parcels: an answer of about 2 x 10^18",
    },
    Q5: {
        "fewest-vans": "the fewest vans over every way to load the parcels, not a greedy loading",
        "new-van": "a parcel may go into a new van even when an open van would take it",
        "apart": "the two parcels of a pair never ride in one van, whichever of them is given first",
        "exactly-w": "a van may carry exactly W kg",
        "thirteen": "13 light parcels with few incompatible pairs, millions of ways to load them, within the time "
                    "limit",
    },
    Q6: {
        "best-saving": "the largest total saving with at most `points` points, over every choice of coupons, not "
                       "the largest saving of each brand",
        "one-per-brand": "at most one coupon of each brand",
        "brand-anywhere": "the coupons of one brand may be anywhere in the list, not only next to each other",
        "exact-budget": "a choice may spend exactly all the points",
        "n-100": "100 coupons of 50 brands and 100,000 points within the time limit",
    },
    Q7: {
        "fewest-minutes": "the fewest minutes from hub 1 to hub N over one-way roads: minutes, not roads",
        "state": "a slower way to a hub that leaves more express roads may win: (hub, express roads used) is the "
                 "state, not the hub",
        "half-down": "a road in the express lane takes w // 2 minutes, half its time rounded down",
        "at-most-k": "at most K roads in the express lane, not K + 1",
        "fewer-lanes": "the van may use fewer than K express roads, or none",
        "unreachable": "-1 when hub N cannot be reached",
        "parallel-roads": "of several roads between the same two hubs, the van can take the shortest",
        "long-times": "times past 10^9 minutes: a way of 1,099 roads of about 1,000,000 minutes",
        "n-2000": "2,000 hubs, 10,000 roads and K = 20 within the time limit",
    },
    Q8: {
        "best-choice": "the smallest sum over every choice of exactly K sites, not K sites picked one at a time",
        "round-walls": "a walk is the fewest steps up, down, left or right round the walls, not the rows and "
                       "columns between",
        "through-homes": "homes and sites, with a locker or without, can be walked through",
        "exactly-k": "exactly K sites get a locker: a customer walks to a site with a locker, not to the nearest site",
        "out-of-reach": "a choice fails when some home cannot reach any of the chosen sites: it is not the best "
                        "choice, however short the other walks",
        "minus-one": "-1 when no choice of K sites lets every customer reach a locker",
        "stays-on-grid": "no step goes off the grid: past its first or last row or column",
        "complex-50": "a 50 x 50 complex with 50 homes, 13 sites and 1,716 choices of K sites within the time limit",
    },
    Q9: {
        "belts": "a box moves one cell the way its belt runs: U to the row above, D to the row below, L left, R right",
        "at-once": "all boxes move at the same time, each once a second: boxes one behind another move on together",
        "join-sum": "boxes on the same cell after the moves become one box weighing the sum of their weights",
        "chute-ships": "a box on a chute is shipped, and a box made of several boxes is one shipment",
        "t-seconds": "the shipments and the boxes left after exactly T seconds",
        "blocked-stays": "a box whose belt runs off the floor, on any of its four sides, or into a pillar stays put",
        "heavier-than-k": "a box heavier than K kg does not move; a box of exactly K kg does",
        "joined-heavy": "a box made of boxes is too heavy when their sum is more than K kg, each of them light or not",
        "onto-a-stayer": "a box that moves onto the cell of a box that stayed becomes one box with it",
        "pass-each-other": "two boxes that swap cells pass each other and stay two boxes",
        "empty-floor": "0 0 when no box is left on the floor",
        "floor-50": "a 50 x 50 floor with 2,450 boxes for 100 seconds within the time limit",
    },
    Q10: {
        "most-fans": "the bundles of exactly `size` different products that have the most fans",
        "fans-not-orders": "a member who bought a bundle in several orders is one fan of it",
        "one-order": "a fan bought every product of the bundle in one order: products of different orders make no "
                     "bundle",
        "bundle-text": "a bundle is its codes in ascending order, compared as strings, joined by +",
        "sale-hours": "only orders placed at 22:00 or later, or before 02:00, count",
        "units": "a product ordered twice is one product: a bundle has `size` different products",
        "ties": "every bundle with the most fans is returned, the list in ascending order",
        "at-least-two": "an empty list when no bundle has 2 fans or more",
        "no-bundle": "an empty list when no order that counts has `size` different products",
        "orders-1000": "1,000 orders of 10 different products each, bundles of 5, within the time limit",
    },
    Q11: {
        "cheapest-first": "lanes taken cheapest first, by their cost, not by the numbers of their points",
        "cycle": "a lane between two points that rented lanes join already, directly or through other points, is "
                 "not rented",
        "two-zones": "two zones: the dearest lane of the cheapest network is left out, not the dearest lane of all, "
                     "and not none",
        "two-points": "N = 2: two zones of one point each, which need no lane: 0",
        "parallel-lanes": "of several lanes between the same two points, the cheapest can be rented",
        "n-100000": "100,000 points and 200,000 lanes within the time limit",
    },
    Q12: {
        "fewest": "the fewest pickers so that every order is picked at its times: the most orders running at one "
                  "moment, not the orders that overlap the one before",
        "end-equals-start": "a picker whose order ends at minute t can take an order that begins at minute t",
        "any-order": "the orders are given in any order, not by start time",
        "n-200000": "200,000 orders, 50,000 of them running at once, within the time limit",
    },
    Q13: {
        "streak": "each day's k counts back over every earlier day with at most as many orders, up to the last "
                  "one with more: not only the days just before it",
        "ties-count": "a day with exactly as many orders as day i is inside day i's count: only more orders end it",
        "whole-history": "a day with no earlier day of more orders has k = i, every day from day 1",
        "n-200000": "200,000 days, every other one the most so far or every one of as many orders, within the time limit",
    },
    Q14: {
        "rounds": "rounds go on until one finds no square: the boxes taken in all, and the rounds that took boxes",
        "all-squares-first": "every square is found before any box is taken: overlapping squares are all taken",
        "overlap-once": "a box in several squares is one box taken",
        "empty-cells": "an empty cell is never part of a square",
        "drop-to-rest": "every box left drops until it rests on the floor or another box, in its own column",
        "last-round": "the round that finds no square is not counted",
    },
    Q15: {
        "shortest": "the length of the shortest run of consecutive days that reaches S, not the first run found "
                    "counting from day 1",
        "at-least": "a run reaches the target when its total is at least S: a total of exactly S reaches it",
        "none-zero": "0 when no run reaches S",
        "last-day": "a run may end on day N, and may be all N days",
        "n-200000": "200,000 days with no run shorter than hundreds of days, or none at all, within the time limit",
    },
}
for _gid, _requirements in _REQUIREMENTS.items():
    EXERCISES[_gid]["requirements"] = _requirements


# the inputs each question allows, as its text states them (workbook/checks/domain.py)
_DOMAINS = {
    'q1_best_sellers': "the cases the problem's constraints allow (its examples, typical cases, the bounds, the largest sizes): 100,000 order lines of 20,000 products within the time limit",
    'q2_peak_hours': "the cases the problem's constraints allow (its examples, typical cases, the bounds, the largest sizes): N = 200,000 hours with windows of tens of thousands of hours within the time limit",
    'q3_picking_robot': "the cases the problem's constraints allow (its examples, typical warehouses, no way within K lifts, K = 0 and K = 10, ways that need exactly K lifts, shelves side by side, S, P and E on the grid's edges with floor along them, E on the way from S to P, a single row or column, 100 x 100 warehouses with K = 10)",
    'q4_packing_stations': "the cases the problem's constraints allow (its examples, typical stations, one station, c = 1, c >= n, n = 1, rests far longer than a parcel, a fast station its rests make slow, answers at the last parcel before a rest, answers past 10^11 minutes, 10,000 stations and a billion parcels, one station whose answer is about 2 x 10^18)",
    'q5_vans': "the cases the problem's constraints allow (its examples, typical loads, vans loaded to exactly W kg, parcels of W kg, a single parcel, no pairs, every pair incompatible, pairs given in either order, W = 10^8, 13 light parcels with few pairs and 13 with many)",
    'q6_coupons': "the cases the problem's constraints allow (its examples, typical members with brands apart in the list, a choice that spends exactly all the points, two coupons of one brand that would fit together, a brand's largest saving left out of the best choice, one brand with 100 coupons, no affordable coupon, savings of 0, a single coupon, 100,000 points, 100 coupons of 50 brands and 100,000 points)",
    'q7_delivery_routes': "the cases the problem's constraints allow (its examples, typical networks, hub N out of reach, roads of 1 minute, K = 0 and K = 20, K larger than the number of roads of the fastest way, several roads between two hubs, roads from a hub to itself, two hubs, times past 10^9 minutes, 2,000 hubs, 10,000 roads and K = 20)",
    'q8_pickup_lockers': "the cases the problem's constraints allow (its examples, typical complexes, homes walled off from some sites or from all, no choice that works, grids with no wall along their edges, K = 1 and K = the number of sites, ties, 1 x 2 and 50 x 50 grids, 50 homes and 13 sites)",
    'q9_sorting_floor': "the cases the problem's constraints allow (its examples, typical floors, belts off every side of the floor and into pillars, a box boxed in, boxes of exactly K kg and heavier, boxes moving onto a box that stays, swaps, an empty floor, 1 x 1 and 50 x 50 floors, T = 100)",
    'q10_bundle_deals': "the cases the problem's constraints allow (its examples, typical nights, orders at 22:00, 23:59, 00:00, 01:59, 02:00 and 21:59, a product ordered twice, a member's several orders, ties, no bundle with 2 fans, orders of fewer products than size, size 2 and 10, 1,000 orders of 10 products)",
    'q11_delivery_zones': "the cases the problem's constraints allow (its examples, typical towns, two points, several lanes between the same two points, M = N - 1, lanes all of one cost, costs of 1,000,000, towns whose dearest lane no zone rents, 100,000 points and 200,000 lanes)",
    'q12_pickers': "the cases the problem's constraints allow (its examples, typical days, orders that begin the minute others end, many orders with the same start, one order, orders inside others, times up to 1,000,000,000, 200,000 orders with 50,000 running at once)",
    'q13_record_days': "the cases the problem's constraints allow (its examples, typical days, one day, days of equal orders, days that only rise or only fall, days with no earlier day of more orders, orders of 0 and 1,000,000,000, 200,000 days with a new most every other day, 200,000 days of equal orders)",
    'q14_box_wall': "the cases the problem's constraints allow (its examples, typical walls, walls of 2 rows or 2 columns, 2 × 2 walls, walls of one kind up to 30 × 30, walls with no square, empty cells, overlapping squares, boxes that drop several cells, several rounds)",
    'q15_sales_target': "the cases the problem's constraints allow (its examples, typical days, one day, no run that reaches S, totals of exactly S, runs of every day, days of no sales, the shortest run on the last day, sales of 10,000 and S of 2,000,000,000, 200,000 days)",
}
for _gid, _text in _DOMAINS.items():
    EXERCISES[_gid]["domain"] = {"inputs": _text}


# what each problem was, for after the test (`review()`, never during an exam: a real test never says which
# technique a problem needs): the technique, 백준's tags for it (solved.ac), and problems of the same kind
_REVIEWS = {
    Q1: {"title": "Best sellers",
         "what": "hashing and sorting: the totals in a dictionary, then one sort with a key",
         "tags": ["해시를 사용한 집합과 맵", "정렬"],
         "practice": {"백준": "1302 베스트셀러 (실버 4)", "프로그래머스": "42579 베스트앨범 (Lv.3)"}},
    Q2: {"title": "Peak hours",
         "what": "a sliding window with a monotonic queue (a deque)",
         "tags": ["슬라이딩 윈도우", "덱"],
         "practice": {"백준": "2559 수열 (실버 3), 11003 최솟값 찾기 (플래티넘 5, a stretch: `N` = 5,000,000 is tight "
                             "in Python, submit it as PyPy3)"}},
    Q3: {"title": "The picking robot",
         "what": "breadth-first search (BFS) over states, not cells: (row, column, lifts used, order picked up or "
                 "not), as in 백준 2206 벽 부수고 이동하기; the same cell reached with fewer lifts used is searched "
                 "again",
         "tags": ["너비 우선 탐색", "그래프 탐색", "격자 그래프"],
         "practice": {"백준": "14442 벽 부수고 이동하기 2 (골드 3), 1600 말이 되고픈 원숭이 (골드 3)",
                      "프로그래머스": "67259 경주로 건설 (Lv.3)"}},
    Q4: {"title": "Packing stations",
         "what": "binary search on the answer (parametric search): the count for a given minute is a formula, "
                 "rounds of work and rest, and it only grows with the minute",
         "tags": ["이분 탐색", "매개 변수 탐색", "수학"],
         "practice": {"백준": "3079 입국심사 (골드 5), 2110 공유기 설치", "프로그래머스": "43238 입국심사 (Lv.3)"}},
    Q5: {"title": "Delivery vans",
         "what": "backtracking with pruning: each parcel into every open van that takes it or into a new one, a "
                 "loading abandoned as soon as it uses as many vans as the best one found (a bitmask DP over the "
                 "subsets of parcels works too)",
         "tags": ["백트래킹", "브루트포스 알고리즘", "비트마스킹"],
         "practice": {"백준": "9663 N-Queen (골드 4), 14889 스타트와 링크, 2098 외판원 순회 (골드 1, a stretch: the "
                             "bitmask DP)"}},
    Q6: {"title": "Coupons",
         "what": "dynamic programming: the group knapsack (at most one coupon per brand): a new table per brand, "
                 "each of its coupons on top of the table before it, O(coupons × points)",
         "tags": ["다이나믹 프로그래밍", "배낭 문제"],
         "practice": {"백준": "12865 평범한 배낭 (골드 5), 7579 앱 (골드 3), 2662 기업투자 (the group knapsack "
                             "itself: one amount for each company)"}},
    Q7: {"title": "Express lanes",
         "what": "shortest paths over states: Dijkstra's algorithm with a heap over (hub, express roads used), as "
                 "in 백준 1162 도로포장; the fastest time at a hub alone is not enough",
         "tags": ["데이크스트라", "최단 경로", "그래프 이론"],
         "practice": {"백준": "1162 도로포장 (골드 1), 1753 최단경로 (골드 4), 1916 최소비용 구하기 (골드 5)",
                      "프로그래머스": "72413 합승 택시 요금 (Lv.3)"}},
    Q8: {"title": "Pick-up lockers",
         "what": "a combination, then breadth-first search, as in 삼성 SW 역량테스트: one BFS from each site, then "
                 "every choice of K sites (`itertools.combinations`), a minimum per home",
         "tags": ["브루트포스 알고리즘", "조합론", "너비 우선 탐색", "그래프 탐색"],
         "practice": {"백준": "15686 치킨 배달 (골드 5), 14502 연구소 (골드 4), 17142 연구소 3"}},
    Q9: {"title": "The sorting floor",
         "what": "implementation and simulation: every box moved at once, then the rules in their order, in O(B) "
                 "a second",
         "tags": ["구현", "시뮬레이션"],
         "practice": {"백준": "3190 뱀 (골드 4), 17144 미세먼지 안녕! (골드 4), 20056 마법사 상어와 파이어볼 (골드 4)"}},
    Q10: {"title": "Bundle deals",
          "what": "string processing in 카카오's style (records split into their fields, times compared across "
                  "midnight) and an exhaustive search: every combination of each order's own products "
                  "(`itertools.combinations`), its fans in a dictionary of sets",
          "tags": ["문자열", "파싱", "브루트포스 알고리즘", "조합론", "해시를 사용한 집합과 맵"],
          "practice": {"프로그래머스": "72411 메뉴 리뉴얼 (Lv.2), 92341 주차 요금 계산 (Lv.2), 92334 신고 결과 받기 "
                                  "(Lv.1)"}},
    Q11: {"title": "Two delivery zones",
          "what": "a minimum spanning tree: Kruskal's algorithm (the lanes cheapest first, each rented only if a "
                  "union-find says its points are not joined yet), stopped one lane before the end, as in 백준 1647 "
                  "도시 분할 계획; a recursive find goes past Python's 1,000 nested calls",
          "tags": ["그래프 이론", "최소 스패닝 트리"],
          "practice": {"백준": "1197 최소 스패닝 트리 (골드 4), 1647 도시 분할 계획 (골드 4), 1922 네트워크 연결 (골드 4)",
                       "프로그래머스": "42861 섬 연결하기 (Lv.3)"}},
    Q12: {"title": "Pickers",
          "what": "a greedy choice with a heap: the orders by start time, each to the picker free the earliest if "
                  "it is free by then (a heap of end times), else to a new one, as in 백준 11000 강의실 배정; or a "
                  "sweep over the starts and ends, the ends first at the same minute",
          "tags": ["그리디 알고리즘", "정렬", "우선순위 큐"],
          "practice": {"백준": "11000 강의실 배정 (골드 5), 1374 강의실 (골드 5), 19598 최소 회의실 개수 (골드 5)",
                       "프로그래머스": "42627 디스크 컨트롤러 (Lv.3)"}},
    Q13: {"title": "Record days",
          "what": "a monotonic stack: the days that can still end a count, their orders falling; each day pops "
                  "those with at most as many orders and counts back to the one left (the previous greater "
                  "element), as in 백준 2493 탑",
          "tags": ["자료 구조", "스택"],
          "practice": {"백준": "2493 탑 (골드 5), 17298 오큰수 (골드 4), 6198 옥상 정원 꾸미기 (골드 5)",
                       "프로그래머스": "42584 주식가격 (Lv.2), 154539 뒤에 있는 큰 수 찾기 (Lv.2)"}},
    Q14: {"title": "Box wall",
          "what": "a simulation in 카카오's style: each round finds every square first (a set of cells, so "
                  "overlapping squares are all taken and a box counts once), then takes the boxes and drops the "
                  "rest, column by column, as in 프로그래머스 17679 프렌즈4블록",
          "tags": ["구현", "시뮬레이션"],
          "practice": {"백준": "11559 Puyo Puyo (골드 4), 14891 톱니바퀴 (골드 5)",
                       "프로그래머스": "17679 [1차] 프렌즈4블록 (Lv.2), 81302 거리두기 확인하기 (Lv.2)"}},
    Q15: {"title": "Sales target",
          "what": "two pointers over a sliding window: the right end takes in each day, the left end lets days go "
                  "while the total still reaches S, as in 백준 1806 부분합 (sales are never negative, so the "
                  "total only grows and shrinks with the ends); or prefix sums and a binary search",
          "tags": ["두 포인터", "누적 합"],
          "practice": {"백준": "1806 부분합 (골드 4), 2003 수들의 합 2 (실버 4), 2230 수 고르기 (골드 5)",
                       "프로그래머스": "178870 연속된 부분 수열의 합 (Lv.2), 67258 [카카오 인턴] 보석 쇼핑 (Lv.3)"}},
}
for _gid, _review in _REVIEWS.items():
    EXERCISES[_gid]["review"] = _review

REVIEW_NOTES = """
String processing came up in Question 10 alone, exhaustive search only in Questions 5, 8 and 10, and a greedy choice in Question 12 alone; Korean tests ask many of all three (카카오's past tests on 프로그래머스 above all), so practise more: the steps '문자열', '브루트 포스' and '그리디 알고리즘' of 백준's 단계별로 풀어보기, and the Kit's units '완전탐색', '탐욕법(Greedy)' and '힙(Heap)'. Two pointers and prefix sums came up in Question 15 alone: practise more of them (the step '누적 합', and the problems 백준 tags '두 포인터'), and the kind this test leaves out, topological sort. The Kit's units '스택/큐' and '깊이/너비 우선 탐색(DFS/BFS)' are a good place to start.

A 백준 problem is at `acmicpc.net/problem/` and its number, a 프로그래머스 problem at `school.programmers.co.kr/learn/courses/30/lessons/` and its number; the level is given where we are sure of it (백준's tier as solved.ac shows it, 프로그래머스's Lv.). Solve them as you took this test: from an empty file, the constraints read before the first line of code. Two are a *stretch*, above this test's level: leave them for after the others.
"""


# Each problem's limits line (after its groups line), one template for all: what its efficiency test lets pass and
# what times out, each claim the complexity of a program of this file judged so (tests/test_10_text.py: the
# solution, an alternative or the reference program passes; a wrong program tagged to lose the efficiency test
# only times out). Question 14 has no efficiency test (NO_EFFICIENCY_LIMITS).
LIMITS_LINE = ("**Limits:** memory 256 MB · efficiency test: each case 5 times the reference program's CPU time on "
               "it, measured on the grading machine (at least 0.3 s): {passes} passes; {slow} times out{where}.")
NO_EFFICIENCY_LIMITS = ("**Limits:** memory 256 MB · no efficiency test: the cases of a correctness test together 5 "
                        "times a calibration program's CPU time, measured on the grading machine (0.1 s on a machine "
                        "as fast as ours).")
LIMITS = {   # (passes, times out, what the letters are when the statement does not name them)
    Q1: ("an O(n log n) program", "an O(n × m) one", " (n order lines, m products)"),
    Q2: ("an O(N log N) program", "an O(N × K) one", ""),
    Q3: ("an O(R × C × K) program", "one that takes exponential time on an open floor", ""),
    Q4: ("an O(M log A) program", "an O(n log M) one", " (A: the answer, up to about 2 × 10¹⁸)"),
    Q5: ("an O(3ᴺ) program", "one that goes through every way to load the vans", " (27,644,437 for 13 parcels)"),
    Q6: ("an O(c × points) program", "an O(3ᵇ) one", " (c coupons, b brands)"),
    Q7: ("an O((K + 1) × M log M) program", "an O(K × N × M) or O((K × N)²) one", ""),
    Q8: ("an O(L × N × M + C(L, K) × H × K) program", "an O(C(L, K) × N × M) one", " (L sites, H homes)"),
    Q9: ("an O(R × C + B × T) program", "an O(B² × T) one", ""),
    Q10: ("an O(n × C(10, size)) program", "an O(C(p, size) × n) one", " (n orders, p different products)"),
    Q11: ("an O(M log M) program", "an O(M × N) one", ""),
    Q12: ("an O(N log N) program", "an O(N²) one", ""),
    Q13: ("an O(N) program", "an O(N²) one", ""),
    Q15: ("an O(N log N) program", "an O(N²) one", ""),
}


def limits_line(gid: str) -> str:
    """The limits line of the problem ``gid``, as its statement has it."""
    if gid not in LIMITS:
        return NO_EFFICIENCY_LIMITS
    passes, slow, where = LIMITS[gid]
    return LIMITS_LINE.format(passes=passes, slow=slow, where=where)
