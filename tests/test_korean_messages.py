"""Every check message of every exercise, triggered by the wrong answers of
source/<a>/exercises.py (each alone, in-process, hidden tests included:
tests/inprocess.py's walk, shared with test_course and test_mutants), reads in
Korean with its values in place: each message of it (its template and every
message among its values) is translated, leaves no Latin word outside code,
values, identifiers and the glossary's parenthesised English terms
(workbook/authoring/korean.py), no particle it could not choose (이(가)), and
every value landed in its field."""
from __future__ import annotations

import ast
import re

import pytest

import inprocess
from conftest import ASSIGNMENTS, REPO
from workbook import i18n
from workbook.authoring import korean
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.messages import from_data

pytestmark = pytest.mark.parametrize("assignment", [inprocess.param(A) for A in ASSIGNMENTS])


def identifiers(assignment: str) -> frozenset[str]:
    """The names an assignment's code uses (its notebooks' code cells, as
    solved, and the strings of its answers: SQL, shell and git commands), and
    the package's: a message may name them without backticks."""
    out: set[str] = set()

    def of_code(source: str, strings: bool):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return
        for n in ast.walk(tree):
            if isinstance(n, ast.Name):
                out.add(n.id)
            elif isinstance(n, ast.Attribute):
                out.add(n.attr)
            elif isinstance(n, ast.arg):
                out.add(n.arg)
            elif isinstance(n, (ast.FunctionDef, ast.ClassDef)):
                out.add(n.name)
            elif isinstance(n, ast.alias):
                out.update((n.asname or n.name).split("."))
            elif isinstance(n, ast.keyword) and n.arg:
                out.add(n.arg)
            elif isinstance(n, ast.Constant) and isinstance(n.value, str) and \
                    (strings or re.fullmatch(r"[\w.-]+", n.value)):
                out.update(re.findall(r"[A-Za-z_][\w-]*", n.value))
    for p in course.notebooks(REPO, assignment):
        for c in nbm.read(p).cells:
            if c.cell_type == "code":
                answer = nbm.kind(c) == "answer"
                of_code(nbm.solution_code(c.source) if answer else c.source, strings=answer)
    return frozenset(out)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # the walk of a whole assignment (tests/test_course.py's limit): 07's ran past 600 s
def test_every_check_message_reads_in_korean_with_its_values_in_place(assignment):
    walk = inprocess.walked(assignment)
    lang = i18n.language_for("ko", REPO / "source" / assignment, assignment)
    names = identifiers(assignment)
    problems, seen, shown = [], set(), 0
    for (gid, k), per_test in sorted(walk["messages"].items()):
        for tid, lines in per_test.items():
            for data in lines:
                message = from_data(data)
                shown += 1
                for p in korean.message_problems(message, lang, names):
                    if p not in seen:
                        seen.add(p)
                        problems.append(f"{gid} wrong[{k}] ({tid}): {p}")
    assert shown > 0, f"{assignment}: no wrong answer triggered a message"
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:80])


def test_no_visible_message_shows_an_english_literal_in_a_field(assignment):
    """A literal a message's field shows (``{oneline(c) if c else '(not a commit)'}``) is rendered in the
    reader's language at run time, but the release writes a translation only into the message's own text:
    a Korean student reading the visible test cell would read the field's literal in English (06 q10, q11,
    q15, q21, the Korean review's find). The visible part of every test cell writes such a case as a
    message of its own (``f"first-bad: {oneline(c)}" if c else "first-bad: (not a commit)"``)."""
    from workbook.checks.templates import field_texts, leaves, places
    found = []
    for p in course.notebooks(REPO, assignment):
        for c in nbm.read(p).cells:
            if c.cell_type != "code" or nbm.kind(c) != "tests":
                continue
            visible = c.source.split("### BEGIN HIDDEN TESTS")[0]
            try:
                tree = ast.parse(visible)
            except SyntaxError:
                continue
            for expr, _why in places(tree):
                for leaf in leaves(expr):
                    if isinstance(leaf, ast.JoinedStr):
                        found += [f"{nbm.meta(c).get('grade_id')}:{t.lineno}: {t.value!r}" for t in field_texts(leaf)]
    assert found == [], "write each case as a whole message:\n" + "\n".join(found)
