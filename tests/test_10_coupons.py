"""10_coding_test's Question 6 (coupons, at most one per brand): its generator and its models of the wrong
programs (source/10_coding_test/hidden.py), the cases its test cells draw, and its efficiency group in the jail. The
exercise's alternatives and wrong programs are graded whole by tests/test_course.py and the round trip; here, that
the data keeps to the statement and separates what the groups say they separate, on several seeds."""
from __future__ import annotations

import itertools
import random
import string

import pytest

from conftest import REPO, load_answers
from test_coding_test import HIDDEN, _efficiency_group, _hidden_cases, _naive, _program, group, judged, verdicts
from workbook.checks import coding
from workbook.checks.coding_messages import GroupFailed, Verdict
from workbook.student.coding import parse_cell

pytestmark = pytest.mark.sandbox
GID = "q6_coupons"
WRONG_GROUPINGS = ("any-brand", "best-per-brand", "runs")


def _every_choice(points: int, coupons: list) -> int:
    """The largest saving over every choice of at most one coupon per brand (a reference of its own)."""
    brands: dict = {}
    for brand, cost, saving in coupons:
        brands.setdefault(brand, []).append((cost, saving))
    return max(sum(s for _, s in chosen) for chosen in itertools.product(*[[(0, 0)] + o for o in brands.values()])
               if sum(c for c, _ in chosen) <= points)


def _keeps_to_the_statement(points: int, coupons: list) -> bool:
    brands: dict = {}
    for brand, _, _ in coupons:
        brands[brand] = brands.get(brand, 0) + 1
    return (1 <= points <= 100_000 and 1 <= len(coupons) <= 100
            and all(isinstance(b, str) and 1 <= len(b) <= 10 and set(b) <= set(string.ascii_lowercase)
                    and 1 <= c <= 100_000 and 0 <= s <= 100_000 for b, c, s in coupons))


def test_q6s_model_is_the_best_choice_of_one_coupon_per_brand_and_its_mistakes_are_the_wrong_programs():
    """``_coupons_answer`` agrees with trying every choice on 300 small members; each mistake it models is the
    answer of the program it names: the brands ignored (every coupon a brand of its own), each brand's largest
    saving alone, runs of the list as brands, the loop one short (the answer for one point less)."""
    _coupons_answer = HIDDEN._coupons_answer
    rnd = random.Random(5)
    for _ in range(300):
        brands = rnd.sample("abcde", rnd.randint(1, 4))
        coupons = [[rnd.choice(brands), rnd.randint(1, 12), rnd.randint(0, 30)] for _ in range(rnd.randint(1, 7))]
        points = rnd.randint(1, 30)
        assert _coupons_answer(points, coupons) == _every_choice(points, coupons)
        alone = [[f"c{i}", c, s] for i, (_, c, s) in enumerate(coupons)]
        assert _coupons_answer(points, coupons, "any-brand") == _every_choice(points, alone)
        top: dict = {}
        for b, c, s in coupons:
            if b not in top or s > top[b][2] or (s == top[b][2] and c < top[b][1]):
                top[b] = [b, c, s]
        assert _coupons_answer(points, coupons, "best-per-brand") == _every_choice(points, list(top.values()))
        runs = [[f"r{k}", c, s] for k, (_, run) in enumerate(itertools.groupby(coupons, key=lambda x: x[0]))
                for _, c, s in run]
        assert _coupons_answer(points, coupons, "runs") == _every_choice(points, runs)
        assert _coupons_answer(points, coupons, "short") == (_every_choice(points - 1, coupons) if points > 1 else 0)


def test_q6s_efficiency_case_keeps_to_the_statement_and_every_wrong_grouping_gets_another_answer():
    """Q6's efficiency case on four seeds: 100,000 points and 100 coupons of 50 brands, two each, costs of 1 to
    10,000 (every number of points left is reached); the brands ignored, each brand's largest saving alone and runs
    of the list as brands each get another answer; the loop one short gets the same (correctness test 2's edge)."""
    _coupons_answer, coupons = HIDDEN._coupons_answer, HIDDEN.coupons
    for seed in (0, 1, 2, 3):
        points, offers = coupons(seed)
        assert points == 100_000 and len(offers) == 100 and _keeps_to_the_statement(points, offers)
        brands: dict = {}
        for b, c, _ in offers:
            brands.setdefault(b, []).append(c)
        assert len(brands) == 50 and all(len(v) == 2 and max(v) <= 10_000 for v in brands.values())
        answer = _coupons_answer(points, offers)
        assert _coupons_answer(points, offers, "short") == answer
        assert all(_coupons_answer(points, offers, m) != answer for m in WRONG_GROUPINGS)


@pytest.mark.parametrize("key", [b"s" * 32, b"t" * 32, b"u" * 32])
def test_q6s_typical_members_and_edges_catch_every_wrong_grouping(key, monkeypatch):
    """Q6's correctness groups, as their test cells draw them: inputs the statement allows; on each of correctness
    test 1's 12 typical members every wrong grouping gets another answer and the loop one short the same; in
    correctness test 2 every wrong grouping and the loop one short get another answer on some case, and a case
    has 100,000 points."""
    _coupons_answer = HIDDEN._coupons_answer
    typical = _hidden_cases(GID, "correct_1", key, monkeypatch)
    assert len(typical) == 12 and all(_keeps_to_the_statement(*c) for c in typical)
    for points, offers in typical:
        answer = _every_choice(points, offers)
        assert _coupons_answer(points, offers, "short") == answer
        assert all(_coupons_answer(points, offers, m) != answer for m in WRONG_GROUPINGS)
    edges = _hidden_cases(GID, "correct_2", key, monkeypatch)
    assert all(_keeps_to_the_statement(*c) for c in edges) and any(p == 100_000 for p, _ in edges)
    for mistake in WRONG_GROUPINGS + ("short",):
        assert any(_coupons_answer(p, o, mistake) != _every_choice(p, o) for p, o in edges), mistake


def test_q6s_efficiency_group_accepts_every_table_and_stops_every_choice_and_a_cached_recursion(monkeypatch):
    """Q6's efficiency group in the jail: the alternatives (one table in place from the top, a table made with slices
    and zip, a 2-D table) are accepted; trying every choice is 시간 초과, and the recursion over (brand, points left)
    with lru_cache is 시간 초과 or 메모리 초과 (5,000,000 calls and a cache past 256 MB)."""
    g = _efficiency_group(GID, monkeypatch)
    assert len(g["cases"]) == 1
    wrong = [w for w in load_answers(REPO, "10_coding_test")[GID]["wrong"] if "lru_cache" in w["code"]]
    assert len(wrong) == 1
    with judged():
        for k in range(3):
            coding.check_group(_program(GID, "alternatives", k), g["style"], "efficiency", g["cases"],
                               reference=g["reference"])
        every = group(_naive(GID), g["style"], g["cases"], [], reference=g["reference"])
        cached = group(parse_cell(wrong[0]["code"])[1], g["style"], g["cases"], [], reference=g["reference"])
    assert isinstance(every, GroupFailed) and verdicts(every.results) == [Verdict.TIME], every
    assert isinstance(cached, GroupFailed) and [r.verdict for r in cached.results][0] in (Verdict.TIME, Verdict.MEMORY)
