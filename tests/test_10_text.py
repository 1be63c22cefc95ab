"""10_coding_test's text agrees with itself, in both editions: the headings' points follow the scale the
notebook states, and the wrap-up of its review (`review()`) names the problems the reviews tag."""
from __future__ import annotations

import re

import pytest

from conftest import REPO
from workbook.authoring.catalog import read_po
from workbook.course import nb as nbm

A = "10_coding_test"
NOTEBOOK = REPO / "source" / A / f"{A}.ipynb"
PO = REPO / "source" / A / "locale" / "ko" / "LC_MESSAGES" / f"{A}.po"


def _blocks() -> list[str]:
    return [block for cell in nbm.read(NOTEBOOK).cells if cell.cell_type == "markdown"
            for block in cell.source.split("\n\n")]


def _korean(english: str) -> str:
    entry = read_po(PO, "ko").get(english)
    assert entry is not None and entry.string and not entry.fuzzy, english[:80]
    return entry.string


def test_each_headings_points_follow_the_stated_scale():
    """5 for Lv.1, 10 for Lv.2, 15 for 백준 골드 5 to 4, 20 for 골드 3 and 25 for 골드 2 to 1, as the notebook's points
    paragraph says."""
    intro = next(b for b in _blocks() if b.startswith("**Points and what a score says.**"))
    assert "5 for Lv.1, 10 for Lv.2, 15 for 백준 골드 5 to 4, 20 for 골드 3 and 25 for 골드 2 to 1: 210 in all" in intro
    headings = [b for b in _blocks() if b.startswith("## Question ")]
    total = 0
    for heading in headings:
        level, tier, points = re.search(r"프로그래머스 Lv\.(\d) · (?:≈ )?백준 (\S+ \d), (\d+) points", heading).groups()
        expected = {"1": 5, "2": 10}.get(level) or {"골드 5": 15, "골드 4": 15, "골드 3": 20, "골드 2": 25, "골드 1": 25}[tier]
        assert int(points) == expected, heading
        total += int(points)
    assert len(headings) == 15 and total == 210


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"(?<!\d)(\d{1,2})(?!\d)", text)}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_wrap_up_names_the_problems_the_reviews_tag(language):
    """The review's notes (shown after the test, with every problem's tags) say which problems were string
    processing, which exhaustive search and which a greedy choice: the ones whose tags say 문자열, 브루트포스 알고리즘
    and 그리디 알고리즘 (Questions 5, 8 and 10 are exhaustive searches, not 10 alone)."""
    from workbook.course import exercises
    reviews = exercises.reviews(NOTEBOOK.parent)
    tagged = {tag: {int(gid.split("_")[0][1:]) for gid, r in reviews.items() if tag in r.tags}
              for tag in ("문자열", "브루트포스 알고리즘", "그리디 알고리즘")}
    assert tagged["브루트포스 알고리즘"] >= {5, 8, 10} and tagged["그리디 알고리즘"] >= {12}
    wrap_up = exercises.review_notes(NOTEBOOK.parent).split("\n\n")[0]
    if language == "ko":
        wrap_up = _korean(wrap_up)
    first, keywords = (wrap_up.split(";")[0], ("exhaustive search", "a greedy choice")) if language == "en" else \
        (wrap_up.split("니다.")[0], ("완전탐색", "그리디"))
    strings, rest = first.split(keywords[0], 1)
    searches, greedy = rest.split(keywords[1], 1)
    assert _numbers(strings) == tagged["문자열"], first
    assert _numbers(searches) == tagged["브루트포스 알고리즘"], first
    assert _numbers(greedy) == tagged["그리디 알고리즘"], first


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_problems_groups_line_names_no_hidden_case(language):
    """A real test names its groups, never their cases: a case list is the trap spelled out, readable mid-exam
    while the hints are refused (a fresh reviewer's finding: Question 6's "a brand's largest saving left out of
    the best choice" says the greedy fails; Question 7's "a long corridor of crossroads" says which algorithm
    times out). Every problem's groups line is the same three groups and their points, but Question 14's, which
    has no efficiency test (its walls are small, as 프렌즈4블록's on 프로그래머스) and says so."""
    lines = [b for b in _blocks() if b.startswith("**Groups:**")]
    assert len(lines) == len([b for b in _blocks() if b.startswith("## Question ")])
    english = (r"\*\*Groups:\*\* correctness test 1 \(the examples and typical cases\): \d+ points? · correctness test 2 "
               r"\(the edges the constraints allow\): \d+ points? · efficiency test \(inputs of the largest size the "
               r"constraints allow\): \d+ points?\.")
    korean = (r"\*\*그룹:\*\* 정확성 테스트 1\(예제와 일반적인 경우\): \d+점 · 정확성 테스트 2\(제한 사항이 허용하는 경계 "
              r"조건\): \d+점 · 효율성 테스트\(제한 사항이 허용하는 가장 큰 입력\): \d+점\.")
    no_efficiency = {"en": r"\*\*Groups:\*\* correctness test 1 \(the examples and typical cases\): 5 points · correctness "
                           r"test 2 \(the edges the constraints allow\): 5 points\. There is no efficiency test: the walls "
                           r"are small \(30 × 30 at most\), and correctness test 2 holds the largest\.",
                     "ko": r"\*\*그룹:\*\* 정확성 테스트 1\(예제와 일반적인 경우\): 5점 · 정확성 테스트 2\(제한 사항이 허용하는 "
                           r"경계 조건\): 5점\. 효율성 테스트는 없습니다\. 벽이 작고\(30 × 30 이하\), 가장 큰 벽은 정확성 "
                           r"테스트 2에 들어 있습니다\."}
    for line in lines:
        text = line if language == "en" else _korean(line)
        pattern = no_efficiency[language] if "no efficiency test" in line else english if language == "en" else korean
        assert re.fullmatch(pattern, text), text[:200]
    assert sum("no efficiency test" in line for line in lines) == 1


def test_a_heading_gives_the_tier_of_the_백준_problem_its_review_says_it_is_like():
    """A problem whose review says it is "as in 백준 N" and lists N among its practice problems with a tier has
    that tier in its heading, ≈ or not (Question 13 is 백준 2493 탑's kind, 골드 5, and was headed 실버 1 while
    its list named 골드 5 and 4 problems), in both editions; Questions 11, 12 and 13 are such problems."""
    from workbook.course import exercises
    headings = {f"q{b.split()[2]}": b.splitlines()[0] for b in _blocks() if b.startswith("## Question ")}
    checked = set()
    for gid, review in exercises.reviews(NOTEBOOK.parent).items():
        twin = re.search(r"as in 백준 (\d+)", review.what)
        listed = dict(review.practice).get("백준", "")
        tier = twin and re.search(rf"(?<!\d){twin.group(1)} [^(,]*\(((?:브론즈|실버|골드|플래티넘) \d)\)", listed)
        if not tier:
            continue
        q = gid.split("_")[0]
        for heading in (headings[q], _korean(headings[q].removeprefix("## "))):
            assert re.search(rf"· (?:≈ )?백준 {tier.group(1)}[,)]", heading), (heading, tier.group(1))
        checked.add(q)
    assert checked >= {"q11", "q12", "q13"}, checked


def _exercises_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("exercises_10", NOTEBOOK.parent / "exercises.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_problem_states_its_limits_in_one_line_made_from_the_exercises_file():
    """A real test prints a time and a memory limit per problem (시간 제한, 메모리 제한): every problem has one
    limits line after its groups line, made by exercises.limits_line (one template, the complexities as data), in
    both editions; the Korean line says the same complexities. Each "times out" is backed by a wrong program
    tagged to lose the efficiency test only (tests/test_course.py judges it so; the "passes" by the solution, an
    alternative or the reference), and only Question 14, with no efficiency test, has the other line."""
    ex = _exercises_module()
    headings = [b for b in _blocks() if b.startswith("## Question ")]
    cells = [c.source for c in nbm.read(NOTEBOOK).cells if c.source.startswith("## Question ")]
    assert len(cells) == len(headings) == len(ex.EXERCISES) == 15
    for cell, gid in zip(cells, ex.EXERCISES):
        assert cell.startswith(f"## Question {gid.split('_')[0][1:]} ")
        blocks = cell.split("\n\n")
        groups = next(i for i, b in enumerate(blocks) if b.startswith("**Groups:**"))
        assert blocks[groups + 1] == ex.limits_line(gid), gid
        korean = _korean(ex.limits_line(gid))
        assert korean.startswith("**제한:** 메모리 256 MB · "), korean
        assert re.findall(r"O\(.*?\)(?= |\)|이|$)", korean) == re.findall(r"O\(.*?\)(?= |\)|$)", ex.limits_line(gid)) \
            and (gid not in ex.LIMITS) != ("O(" in korean), (gid, korean)
        efficiency = [w for w in ex.EXERCISES[gid]["wrong"] if w["loses"] == [f"test_{gid}_efficiency"]]
        assert bool(efficiency) == (gid in ex.LIMITS), gid
    assert set(ex.EXERCISES) - set(ex.LIMITS) == {"q14_box_wall"}
    from workbook.checks import coding   # the figures the judge uses
    for stated in (f"memory {coding.MEMORY >> 20} MB", f"each case {coding.MULTIPLE:g} times the reference program's",
                   f"(at least {coding.EFFICIENCY_FLOOR:g} s)"):
        assert stated in ex.LIMITS_LINE, stated
    for stated in (f"memory {coding.MEMORY >> 20} MB", f"{coding.SMALL_MULTIPLE:g} times a calibration program's",
                   f"({coding.GROUP_CPU:g} s on a machine as fast as ours)"):
        assert stated in ex.NO_EFFICIENCY_LIMITS, stated


@pytest.mark.parametrize("language", ["en", "ko"])
def test_how_it_is_judged_says_what_a_program_keeps_between_two_cases(language):
    """The trap stated where the judging is: every case runs the whole program afresh (globals and caches
    empty), modules stay imported, and the recursion limit is back at 1,000 (tests/test_coding_test.py runs a
    program that shows each)."""
    block = next(b for b in _blocks() if b.startswith("**Between two cases nothing of your program is kept.**"))
    text = block if language == "en" else _korean(block)
    for word in ("`functools.cache`", "`sys`", "1,000") + (("fresh namespace", "imported once")
                                                         if language == "en" else ("새 네임스페이스", "한 번만 import")):
        assert word in text, word
