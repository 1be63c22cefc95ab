"""06 Question 4 (a commit message that follows the team's rules): the
imperative rule and the Conventional Commits prefix, decided by the test
cell itself, run in-process on one answer (tests/test_course.py walks every
answer of exercises.py through the real grader; here each rule's edge is
tested fast). Before the reviewer's report, "Always return ..." failed (its
first word ends in one s) and every Conventional Commits subject failed
(lower-case after `fix:`)."""
from __future__ import annotations

import functools
import linecache

import pytest

from conftest import REPO
from workbook.checks.core import CheckFailed
from workbook.course import nb as nbm

BODY = ("recall() divided by zero when a week had no churners, so the weekly\n"
        "report crashed. Return 0.0 when there are no positives, as precision\n"
        "does, and test that case.")


@functools.lru_cache(maxsize=None)
def cell() -> str:
    nb = nbm.read(REPO / "source" / "06_git" / "06_git.ipynb")
    return next(c.source for c in nb.cells if c.get("id") == "test_q4_commit")


def run(subject: str) -> str | None:
    """None when q4's cell passes a commit with this subject, else its failure."""
    answer = f'git commit -q -m "{subject}" -m "{BODY}" -m "Closes #37"'
    source, filename = cell(), "/tmp/ipykernel_0/test_q4_commit.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        exec(compile(source, filename, "exec"), {"q4_commit": answer})
    except CheckFailed as failure:
        return "\n".join(failure.lines())
    return None


@pytest.mark.parametrize("subject", [
    "Always return 0.0 from recall without churners",   # an adverb ending in one s, then the verb
    "Never divide by zero in recall",
    "fix: handle weeks without churners in recall",      # Conventional Commits, lower case after the prefix
    "feat(metrics): Return 0.0 from recall",
    "fix(metrics)!: return 0.0 from recall",
    "Fix division by zero in recall",
    "Pass the week's labels to recall",
])
def test_imperative_subjects_pass(subject):
    assert run(subject) is None


@pytest.mark.parametrize("subject, failure", [
    ("Always returns 0.0 from recall", "not in the imperative"),
    ("Fixes division by zero in recall", "not in the imperative"),
    ("fix: fixed division by zero in recall", "not in the imperative"),
    ("fix: handle weeks without churners.", "start with a capital letter"),
    ("fix:handle weeks without churners", "start with a capital letter"),
    ("Fix: handle weeks without churners", None),        # not a prefix (capital type): the first word is Fix
    ("handle weeks without churners in recall", "start with a capital letter"),
    ("fix: 로그인 오류 수정", "start with a capital letter"),   # Korean: Q4 asks for English (section 4 says so)
])
def test_other_subjects(subject, failure):
    got = run(subject)
    if failure is None:
        assert got is None
    else:
        assert got is not None and failure in got, got
