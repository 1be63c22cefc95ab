"""09_baskets' text agrees with what its cells compute, in both editions: the numbers its prose quotes are
the ones the worked examples print (the notebook's pandas part run with the model answers, in seconds),
the Apriori demo reaches a level 3, and what Spark's cells use exists on Spark Connect."""
from __future__ import annotations

import contextlib
import io
import re

import pytest

from conftest import REPO
from workbook.authoring.catalog import read_po
from workbook.course import nb as nbm

A = "09_baskets"
NOTEBOOK = REPO / "source" / A / f"{A}.ipynb"
PO = REPO / "source" / A / "locale" / "ko" / "LC_MESSAGES" / f"{A}.po"


def _cells():
    return nbm.read(NOTEBOOK).cells


def _markdown() -> list[str]:
    return [c.source for c in _cells() if c.cell_type == "markdown"]


def _korean(english: str) -> str:
    entry = read_po(PO, "ko").get(english)
    assert entry is not None and entry.string and not entry.fuzzy, english[:80]
    return entry.string


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> str:
    """What the notebook's cells before Part 3 print, run with the model answers (test cells and Spark left out)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBOOK_DATA", str(tmp_path_factory.mktemp("data")))
        return _printed_with_model_answers()


def _printed_with_model_answers() -> str:
    book = nbm.read(NOTEBOOK)
    solved = nbm.solved_sources(book)
    out = io.StringIO()
    scope: dict = {}
    with contextlib.redirect_stdout(out):
        for cell in book.cells:
            if cell.cell_type != "code":
                continue
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.startswith("test_"):
                continue
            source = solved.get(grade_id, cell.source)
            if "spark_session" in source:
                break
            source = re.sub(r"^(lines\.head\(\)|hint_button\(.*\))$", "", source, flags=re.M)
            exec(compile(source, f"<{cell.get('id')}>", "exec"), scope)
    return out.getvalue()


def test_the_apriori_demo_goes_past_pairs(printed):
    """At the demo's minimum support the shop's baskets have frequent triples: the level-by-level algorithm
    shows a level 3, and the triples the texts point at (Questions 4b and 5) exist."""
    assert re.search(r"^3\s+1\d\b", printed, re.M), printed[:2000]
    assert "level 3: 12 triples, each held by 10 to 14 of 9,309 baskets" in printed


def test_numbers_quoted_in_the_text_are_the_printed_ones(printed):
    quoted = {   # the start of a paragraph: the numbers it quotes, as printed, and as the Korean edition writes them
        "The newcomers' recall@10": {"0.1993": "0.1993", "0.1634": "0.1634"},
        "**Chance or real.**": {"10 to 14 of 9,309": "9,309개 중 10~14개"},
    }
    blocks = [b for cell in _cells() if cell.cell_type == "markdown" for b in cell.source.split("\n\n")]
    for start, numbers in quoted.items():
        block = next(b for b in blocks if b.startswith(start))
        for number, korean in numbers.items():
            assert number in block and number in printed, (start, number)
            assert korean in _korean(block), (start, korean)
    assert re.search(r"95 % bootstrap interval \[-0\.\d+, \+0\.\d+\]", printed), "the interval holds 0 on seed 0"


def test_the_comparison_asks_for_more_than_the_noise():
    block = next(b for m in _markdown() for b in m.split("\n\n") if b.startswith("With `evaluate` and the measures"))
    assert "**by more than the noise**" in block and "paired bootstrap" in block and "seed 3" in block
    assert "잡음보다 큰 차이로" in _korean(block)


def test_the_notebooks_spark_cells_run_on_spark_connect():
    """The notebook's own cells (not the graders' probes, which run on a local session) use no RDD API:
    on Spark Connect a DataFrame has no `.rdd` and the session no `sparkContext`."""
    for cell in _cells():
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.cell_type == "code" and not grade_id.startswith("test_"):
            assert not re.search(r"\.rdd\b|sparkContext", cell.source), cell.source[:200]
    spark_cell = next(c.source for c in _cells() if "spark_session()" in c.source and "big = " in c.source)
    assert "F.spark_partition_id()" in spark_cell


def test_the_english_edition_glosses_no_boundary_word_in_korean():
    for text in _markdown():
        assert not re.search(r"\((이상|초과|이하|미만)\)", text), text[:200]


def test_question_16_states_only_what_its_check_grades():
    """Q16's check grades the rows, not how they were made: the window function is recommended, not required."""
    block = next(b for m in _markdown() for b in m.split("\n\n") if b.startswith("keeping the products ranked"))
    assert "Use a window function" not in block and "We recommend a window function" in block
    assert "grades the result only" in block and "채점은 결과만 보므로" in _korean(block)


def test_kept_orders_are_defined_once_as_the_checks_allowlist():
    """One definition of the kept orders, the allowlist the checks use (KEPT_STATUSES); every question that filters
    statuses says "kept order", none states a denylist of cancelled and refunded orders."""
    from workbook.data.baskets import KEPT_STATUSES

    listed = "`'paid'`, `'shipped'` or `'delivered'`"
    assert listed == "`'{}'`, `'{}'` or `'{}'`".format(*KEPT_STATUSES)
    blocks = [b for m in _markdown() for b in m.split("\n\n")]
    defining = [b for b in blocks if listed in b]
    assert len(defining) == 1 and defining[0].startswith("**Kept orders**") and "allowlist" in defining[0]
    assert "유효 주문" in _korean(defining[0])
    for block in blocks:
        assert not re.search(r"`'cancelled'` or `'refunded'`|except\*\* orders", block), block[:200]
    for question in ("### Question 1 ", "### Question 8 ", "### Question 14 ", "### Question 16 "):
        text = next(m for m in _markdown() if question in m).split(question)[1]
        assert "kept order" in text, question
    solved = nbm.solved_sources(nbm.read(NOTEBOOK))
    for grade_id in ("q1_basket_table", "q8_time_split"):
        assert 'isin(["paid", "shipped", "delivered"])' in solved[grade_id], grade_id
