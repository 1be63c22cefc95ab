"""00_orientation's readiness check (questions 5-9 and 11) and its "fix the bug from the ✘ message" item
(question 10), checked from the student's side, in-process.

* Every failure of a readiness question names what to study first: each wrong answer of
  source/00_orientation/exercises.py (a plausible mistake, tagged with the requirement it breaks) fails
  its test cell, visible and hidden parts run as the notebook runs them, with a message whose hint says
  "Study first:" and names a course or document; the Korean catalogue says it as "먼저 공부할 것:".
* The ✘ message printed in the notebook for question 10 is, line for line, what the test cell prints
  for the teammate's function that the answer cell holds in the release."""
from __future__ import annotations

import functools
import linecache
import re
import time

import pandas as pd
import pytest

from conftest import REPO, load_answers
from workbook.authoring.catalog import read_po
from workbook.checks import CheckFailed
from workbook.course import nb as nbm

NOTEBOOK = REPO / "source" / "00_orientation" / "00_orientation.ipynb"
READINESS = ("q5_paid_amounts", "q6_rank_products", "q7_top_words", "q8_city_summary", "q9_clean_email",
             "q11_standardize")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
STUDY = re.compile(r"Study first: .*(Kaggle Learn|Python tutorial|Python documentation|pandas user guide|HOW-TO|"
                   r"NumPy documentation)")


@functools.cache
def _cells() -> dict[str, str]:
    nb = nbm.read(NOTEBOOK)
    return {nbm.meta(c)["grade_id"]: c.source for c in nb.cells if nbm.meta(c).get("grade_id")}


def _run(source: str, ns: dict, name: str) -> None:
    filename = f"/tmp/ipykernel_0/{name}.py"     # as IPython compiles a cell: its lines known to linecache
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), ns)


def _namespace() -> dict:
    import functools as ft
    return {"pd": pd, "time": time, "functools": ft}


def _wrong(gid: str) -> list[tuple[str, str]]:
    return [(w["violates"] if isinstance(w, dict) else "hard-coded", w["code"] if isinstance(w, dict) else w)
            for w in load_answers(REPO, "00_orientation")[gid]["wrong"]]


@pytest.mark.parametrize("gid,violates,code", [(g, v, c) for g in READINESS for v, c in _wrong(g)],
                         ids=lambda x: x if isinstance(x, str) and len(x) < 40 else "")
def test_every_failure_of_the_readiness_check_names_what_to_study_first(gid, violates, code):
    ns = _namespace()
    _run(code, ns, f"answer_{gid}")
    with pytest.raises(CheckFailed) as info:
        _run(_cells()[f"test_{gid}"], ns, f"test_{gid}")       # the visible and the hidden part
    rendered = "\n".join(ANSI.sub("", line) for line in info.value._render_traceback_())
    assert STUDY.search(rendered), rendered


def test_the_korean_edition_says_study_first_the_same_way():
    po = read_po(REPO / "source" / "00_orientation" / "locale" / "ko" / "LC_MESSAGES" / "00_orientation.po")
    hints = [m for m in po if isinstance(m.id, str) and m.id.startswith("Study first:")]
    assert len(hints) == len(READINESS)
    assert all(m.string.startswith("먼저 공부할 것:") and not m.fuzzy for m in hints)


def test_the_message_shown_for_the_bug_is_what_the_check_prints_for_it():
    answer = _cells()["q10_fix_from_message"]
    teammate = answer.split(nbm.BEGIN_SOLUTION)[0]
    assert "range(len(values) - window)" in teammate
    ns = _namespace()
    _run(teammate, ns, "answer_q10")
    with pytest.raises(CheckFailed) as info:
        _run(nbm.visible_part(_cells()["test_q10_fix_from_message"]), ns, "test_q10")
    printed = [ANSI.sub("", line) for line in info.value._render_traceback_()]
    shown = [c.source for c in nbm.read(NOTEBOOK).cells if c.cell_type == "markdown" and "✘ q10" in c.source]
    assert len(shown) == 1
    block = re.search(r"```\n(✘ q10.*?)\n```", shown[0], re.S).group(1).splitlines()
    assert block == printed
