"""10_coding_test's Question 14 (box wall: every 2 × 2 square of one kind taken at once, the boxes left dropped,
round after round; 프로그래머스 17679 프렌즈4블록's shape): the hidden groups' cases, drawn once per seed with no
redraw at grading time, and the checks that they separate every modelled mistake, run here over several seeds;
the answers against the statement read literally (boxes dropped a cell at a time). Like 프렌즈4블록 on
프로그래머스, it has no efficiency test: at the sizes it allows (30 × 30) the slowest plausible program, the
statement read literally, stays far under the judge's least time limit, so no efficiency group could fail a
program that follows the rounds; the notebook says so and has none. The judge and its helpers:
tests/test_coding_test.py."""
from __future__ import annotations

import random

import pytest

from conftest import REPO, load_answers
from test_coding_test import A, _bubblewrap, _hidden_cases
from workbook.checks import coding
from workbook.student.coding import parse_cell

pytestmark = pytest.mark.sandbox
__all__ = ["_bubblewrap"]   # the jail's autouse fixture applies here too

GID = "q14_box_wall"

# the wrong programs of exercises.py, in their order, as models
MISTAKES = ("empty-cells", "overlap-twice", "one-by-one", "one-cell", "no-drop", "last-round", "examples")
EXAMPLES = ([".M..", "MMD.", "MKK.", "KKKD", "KKKA"], ["....", "..AA", "BBAA", "BBCA"], ["ZZZ", "ZYZ"])


def _board(board: list) -> list:
    """Q14: a case's wall, checked against the stated constraints (2 <= m, n <= 30, A-Z or '.', boxes resting)."""
    assert 2 <= len(board) <= 30 and 2 <= len(board[0]) <= 30 and len({len(row) for row in board}) == 1
    assert all(ch == "." or "A" <= ch <= "Z" for row in board for ch in row)
    assert all(not (board[r][c] != "." and board[r + 1][c] == ".")
               for r in range(len(board) - 1) for c in range(len(board[0])))
    return board


def cleared(board: list, mistake: str | None = None) -> list | None:
    """What a wrong program of exercises.py returns (``mistake`` of MISTAKES; None: it never returns, judged
    시간 초과), or the answer (None)."""
    if mistake == "examples":
        return [12, 2] if len(board) == 5 else [8, 1] if len(board) == 4 else [0, 0]
    g = [list(row) for row in board]
    m, n = len(g), len(g[0])
    boxes = rounds = 0
    while True:
        rounds += mistake == "last-round"
        taken: list = []
        for r in range(m - 1):
            for c in range(n - 1):
                k = g[r][c]
                if (k != "." or mistake == "empty-cells") and g[r][c + 1] == k == g[r + 1][c] == g[r + 1][c + 1]:
                    if k == ".":
                        return None     # four empty cells, taken and left empty, round after round: never ends
                    cells = [(r, c), (r, c + 1), (r + 1, c), (r + 1, c + 1)]
                    taken += cells
                    if mistake == "one-by-one":
                        for rr, cc in cells:
                            g[rr][cc] = "."
        if not taken:
            return [boxes, rounds]
        boxes += len(taken) if mistake in ("overlap-twice", "one-by-one") else len(set(taken))
        rounds += mistake != "last-round"
        for r, c in taken:
            g[r][c] = "."
        if mistake == "one-cell":
            for r in range(m - 2, -1, -1):
                for c in range(n):
                    if g[r][c] != "." and g[r + 1][c] == ".":
                        g[r + 1][c], g[r][c] = g[r][c], "."
        elif mistake != "no-drop":
            for c in range(n):
                left = [g[r][c] for r in range(m) if g[r][c] != "."]
                for r in range(m):
                    g[r][c] = "." if r < m - len(left) else left[r - (m - len(left))]


def literal(board: list) -> list:
    """The statement read literally: every square found, its boxes taken, then boxes moved down one empty cell
    at a time until none can move, round after round."""
    g = [list(row) for row in board]
    m, n = len(g), len(g[0])
    boxes = rounds = 0
    while True:
        hit = {(r + dr, c + dc) for r in range(m - 1) for c in range(n - 1)
               if g[r][c] != "." and g[r][c] == g[r][c + 1] == g[r + 1][c] == g[r + 1][c + 1]
               for dr in (0, 1) for dc in (0, 1)}
        if not hit:
            return [boxes, rounds]
        boxes, rounds = boxes + len(hit), rounds + 1
        for r, c in hit:
            g[r][c] = "."
        moved = True
        while moved:
            moved = False
            for r in range(m - 1):
                for c in range(n):
                    if g[r][c] != "." and g[r + 1][c] == ".":
                        g[r + 1][c], g[r][c], moved = g[r][c], ".", True


def _wall(rnd: random.Random, m: int, n: int, kinds: str) -> list:
    heights = [rnd.randint(0, m) for _ in range(n)]
    return ["".join(rnd.choice(kinds) if m - r <= heights[c] else "." for c in range(n)) for r in range(m)]


def _function(code: str):
    space: dict = {}
    exec(parse_cell(code)[1], space)
    return space["solution"]


def test_the_modelled_mistakes_are_the_wrong_programs_answers():
    """MISTAKES models the wrong programs of exercises.py, in their order: on the examples and on 300 small walls
    each model returns what its program returns (the program that takes four empty cells never returns once
    it finds them: the judge's 시간 초과); the first example alone catches all of them but the program
    written around the examples."""
    wrong = load_answers(REPO, A)[GID]["wrong"]
    assert len(wrong) == len(MISTAKES)
    programs = [_function(w["code"]) for w in wrong]
    rnd = random.Random(14)
    walls = list(EXAMPLES) + [_wall(rnd, rnd.randint(2, 7), rnd.randint(2, 7), rnd.choice(("AB", "ABC", "AAB")))
                              for _ in range(300)]
    for wall in walls:
        for mistake, program in zip(MISTAKES, programs):
            model = cleared(wall, mistake)
            if model is not None:       # a program that never returns is not run here
                assert program(list(wall)) == model, (mistake, wall)
    assert [cleared(e) for e in EXAMPLES] == [[12, 2], [8, 1], [0, 0]]
    assert {m for m in MISTAKES if cleared(EXAMPLES[0], m) != [12, 2]} == set(MISTAKES) - {"examples"}


def test_q14s_answers_are_the_statements_rules_read_literally():
    """The answer (as the hidden groups compute it), the notebook's solution and the three alternatives agree with
    the statement read literally (boxes moved a cell at a time) on 400 small walls with empty cells and of 1 to 4
    kinds, and on the examples."""
    solutions = [_function(_program_cell())] + [_function(a["code"] if isinstance(a, dict) else a)
                                               for a in load_answers(REPO, A)[GID]["alternatives"]]
    assert len(solutions) == 4
    rnd = random.Random(41)
    for wall in list(EXAMPLES) + [_wall(rnd, rnd.randint(2, 8), rnd.randint(2, 8), rnd.choice(("A", "AB", "ABC",
                                                                                               "ABCD", "AAB")))
                                  for _ in range(400)]:
        want = literal(wall)
        assert cleared(wall) == want, wall
        assert all(s(list(wall)) == want for s in solutions), wall


def _program_cell() -> str:
    from workbook.course import nb as nbm
    cell = next(c for c in nbm.read(REPO / "source" / A / f"{A}.ipynb").cells if c.get("id") == GID)
    return cell.source.replace("### BEGIN SOLUTION\n", "").replace("### END SOLUTION", "")


@pytest.mark.parametrize("key", [b"s" * 32, b"t" * 32, b"u" * 32, b"v" * 32])
def test_q14s_groups_catch_every_modelled_mistake_on_every_seed(key, monkeypatch):
    """Q14's groups, as their test cells draw them (once per seed, no redraw at grading time): walls the problem
    allows; correctness test 1 (twelve typical walls, each with a square) and correctness test 2 (the edges) each
    catch every mistake, whatever the secret, and correctness test 2 holds a 2 × 2 wall, walls of 2 rows and of 2
    columns, a 30 × 30 wall of one kind, a wall with no square, one with only empty cells and one of three rounds
    or more, so each wrong program loses both groups on every seed."""
    typical = [_board(args[0]) for args in _hidden_cases(GID, "correct_1", key, monkeypatch)]
    edges = [_board(args[0]) for args in _hidden_cases(GID, "correct_2", key, monkeypatch)]
    assert len(typical) == 12 and all(cleared(b)[0] for b in typical) and len(edges) >= 20

    def caught(walls):
        return {m for m in MISTAKES if any(cleared(b, m) != cleared(b) for b in walls)}
    assert caught(typical) == caught(edges) == set(MISTAKES)
    sizes = {(len(b), len(b[0])) for b in edges}
    assert (2, 2) in sizes and any(m == 2 for m, _ in sizes) and any(n == 2 for _, n in sizes)
    assert any(len(b) == len(b[0]) == 30 and len(set("".join(b))) == 1 and "." not in b[0] for b in edges)
    assert any(cleared(b) == [0, 0] and "." not in "".join(b) for b in edges)
    assert any(set("".join(b)) == {"."} for b in edges)
    assert any(cleared(b)[1] >= 2 for b in edges)


def _nested(m: int, n: int) -> list:
    """A wall of m rows (m even), each of one kind, mirrored about its middle (..., B, A, A, B, ...): one square
    row pair a round, every box above it dropping two cells, m / 2 rounds."""
    kinds = [chr(ord("A") + i) for i in range(m // 2)]
    return [kind * n for kind in kinds[::-1] + kinds]


def test_at_q14s_largest_walls_the_literal_program_is_far_under_the_least_efficiency_limit():
    """Measured (CPU time, in this process): on 30 × 30 walls, full ones of 2 to 4 kinds and one of 15 rounds
    whose boxes all drop after every round, the statement read literally (every box moved one cell at a time,
    the whole wall rescanned until none moves: the slowest plausible program) takes less than a fifth of the
    least time limit an efficiency case has (coding.EFFICIENCY_FLOOR). An efficiency group at the sizes the
    problem allows could fail no program that follows the rounds: the reason Q14 has none."""
    import time
    rnd = random.Random(14)
    walls = [_board(_wall_full(rnd, kinds)) for kinds in ("AB", "AAB", "ABC", "ABCD")] + [_board(_nested(30, 30))]
    assert literal(walls[-1]) == [900, 15]
    for wall in walls:
        start = time.process_time()
        literal(wall)
        assert time.process_time() - start < coding.EFFICIENCY_FLOOR / 5, wall


def _wall_full(rnd: random.Random, kinds: str) -> list:
    return ["".join(rnd.choice(kinds) for _ in range(30)) for _ in range(30)]


def test_q14_states_no_efficiency_test_and_has_none():
    """The notebook's Question 14 has two test cells, its correctness groups, whose points (5 and 5) make its
    heading's 10; its groups line says there is no efficiency test, in both editions; no wrong program of
    exercises.py is declared to lose an efficiency group."""
    from workbook.authoring.catalog import read_po
    from workbook.course import nb as nbm
    nb = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    tests = {c.get("id"): nbm.meta(c).get("points") for c in nb.cells if c.get("id", "").startswith(f"test_{GID}")}
    assert tests == {f"test_{GID}_correct_1": 5, f"test_{GID}_correct_2": 5}, tests
    heading = next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Question 14 "))
    assert "10 points)" in heading.splitlines()[0]
    line = next(b for b in heading.split("\n\n") if b.startswith("**Groups:**"))
    assert "There is no efficiency test" in line and "efficiency test (" not in line, line
    korean = read_po(REPO / "source" / A / "locale" / "ko" / "LC_MESSAGES" / f"{A}.po", "ko").get(line)
    assert korean is not None and not korean.fuzzy and "효율성 테스트는 없습니다" in korean.string, line
    assert all(f"test_{GID}_efficiency" not in w["loses"] for w in load_answers(REPO, A)[GID]["wrong"])
