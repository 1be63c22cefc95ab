"""The code a Korean student reads speaks Korean (issue 54): every comment of
a code cell the student reads (the setup, worked examples, an answer's
skeleton, a test cell's visible part) and every label a locked cell prints
is Korean in the Korean edition, and the code around them is the English
edition's, token for token (workbook/authoring/comments.py).

Cheap: the edition is made as `workbook release --lang ko` makes it
(``catalog.translate_notebook`` on source/, before nbgrader), without
nbgrader; tests/test_i18n.py checks the generated release itself."""
from __future__ import annotations

import ast
import functools
import re

import pytest

from conftest import ASSIGNMENTS, REPO
from workbook import i18n
from workbook.authoring import catalog, comments, labels
from workbook.authoring.korean import latin_words
from workbook.course import nb as nbm

KO = "ko"
HANGUL = re.compile(r"[가-힣]")


@functools.lru_cache(maxsize=None)
def _editions(assignment) -> tuple:
    """(name, English notebook, Korean notebook) of each notebook of an assignment's source, made once per
    test process (the four tests per assignment below read them; none changes them)."""
    folder = REPO / "source" / assignment
    lang = i18n.language_for(KO, folder, assignment)
    out = []
    for p in sorted(folder.glob("*.ipynb")):
        en = nbm.read(p)
        out.append((p.name, en, catalog.translate_notebook(en, lang)))
    return tuple(out)


def _code_words(nb, keys=None) -> set[str]:
    """The words of a notebook's code outside its comments (identifiers and
    their parts, commands, options, values): a Korean comment may name them
    (``torch.optim.Adam``: Adam; ``elementwise_affine``: affine). With
    ``keys`` (the notebook's ``labels.printed_keys``): outside its labels,
    descriptions and messages too (``comments.code_outside_texts``), so that
    a label's own English never counts as code."""
    names = set()
    for c in nb.cells:
        if c.cell_type == "code":
            code = comments.outside_comments(c.source) if keys is None else [
                x if isinstance(x, str) else x[1] for x in comments.code_outside_texts(c.source, c, keys)]
            for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", "\n".join(code)):
                names |= {w, *w.split("_")}
    return names - {""}


def _read_comments(source: str) -> list[tuple[int, str]]:
    """Every comment a student reads in a cell: tokenize's (or bash's) comments
    outside nbgrader's regions, but nbgrader's stub, linters' pragmas and a
    shebang (the same in every edition)."""
    closed = comments._closed_lines(source)
    out = []
    for i, _col, raw, _full in comments._comments(source):
        text = raw.lstrip("#").strip()
        if i in closed or raw.startswith(("#!", "###")) or not text or comments.PRAGMA.match(text) \
                or text.startswith("YOUR CODE HERE"):
            continue
        out.append((i + 1, text))
    return out


def _printed_literals(source: str) -> list[tuple[int, str]]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [(a.lineno, a.value) for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id == "print" for a in n.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_comment_and_printed_label_a_student_reads_is_korean(assignment):
    english = []
    for name, en, ko in _editions(assignment):
        keys = labels.printed_keys(en)
        words, code = _code_words(en), frozenset(_code_words(en, keys))
        for i, (c_en, c_ko) in enumerate(zip(en.cells, ko.cells)):
            if c_ko.cell_type != "code" or nbm.kind(c_ko) not in comments.WHERE:
                continue
            read = _read_comments(c_ko.source) + [(p.line, p.msgid) for p in comments.docstring_pieces(c_ko.source)]
            if nbm.kind(c_ko) in ("readonly", None):
                read += [(line, text) for line, text in _printed_literals(c_ko.source) if text.strip() not in words]
            # the labels (f-strings, figures, echo, printed data) and case descriptions left with English in them
            shown = [(p.line, p.msgid) for p in comments.cell_pieces(c_ko, keys)
                     if p.context in (comments.LABEL, comments.DESCRIPTION)]
            for line, text in read + shown:
                left = latin_words(text, frozenset(words) if (line, text) in read else code)
                if left:
                    english.append(f"{name} cell {i + 1} ({nbm.kind(c_ko) or 'example'}), line {line}: "
                                   f"{text[:90]!r} {left[:4]}")
    assert not english, f"{assignment}: {len(english)} comments or labels a Korean student reads in English " \
        "(`workbook catalog update`, then translate: docs/translating.md):\n" + "\n".join(english[:30])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_korean_code_is_the_english_code_outside_comments_labels_and_test_messages(assignment):
    """Token for token, at the same lines: only comments, the labels of a
    locked cell's print() and the messages of a test cell's visible part
    change (``comments.code_outside_texts``)."""
    changed = 0
    for name, en, ko in _editions(assignment):
        keys = labels.printed_keys(en)
        for i, (c_en, c_ko) in enumerate(zip(en.cells, ko.cells)):
            if c_en.cell_type != "code":
                continue
            assert c_en.get("id") == c_ko.get("id") and c_en.metadata == c_ko.metadata
            assert c_en.source.count("\n") == c_ko.source.count("\n"), f"{name} cell {i + 1}: lines moved"
            if c_en.source == c_ko.source:
                continue
            changed += 1
            assert comments.code_outside_texts(c_en.source, c_en, keys) == \
                comments.code_outside_texts(c_ko.source, c_en, keys), \
                f"{name} cell {i + 1}: the code differs outside comments, labels and test messages"
    assert changed, f"{assignment}: no code cell translated"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_message_of_a_test_cells_visible_part_is_korean_and_made_a_message(assignment):
    """What a student reads in a test cell (``hint="..."``, ``what=f"..."``, a
    requirement) is the catalogue's Korean at the same place (a formula the
    translator kept as it is stays); a Korean
    f-string is one that ``@exercise`` makes a message when the cell runs
    (``templates._compiled`` over the Korean cell's own source), so a field
    with a particle (``{name:은}``) is never formatted by Python."""
    from workbook.checks import templates
    english, translated, texts = [], 0, 0
    for name, en, ko in _editions(assignment):
        lang = i18n.language_for(KO, REPO / "source" / assignment, assignment)
        for i, (c_en, c_ko) in enumerate(zip(en.cells, ko.cells)):
            if c_en.cell_type != "code" or nbm.kind(c_en) != "tests":
                continue
            pieces_en, pieces_ko = comments.message_pieces(c_en.source), comments.message_pieces(c_ko.source)
            assert [p.spans[0][0] for p in pieces_en] == [p.spans[0][0] for p in pieces_ko], f"{name} cell {i + 1}"
            for p, k in zip(pieces_en, pieces_ko):
                want = lang.exact(p.msgid)
                if want is None:
                    continue    # not a text (a call written as code): the extractor took no entry
                texts += 1

                def fields_out(t):
                    return re.sub(r"\{[^{}]*\}", "{}", t)
                if fields_out(k.msgid) != fields_out(want) or (want != p.msgid and k.msgid == p.msgid):
                    english.append(f"{name} cell {i + 1} line {p.line}: {p.msgid[:80]!r}")
                    continue
                translated += HANGUL.search(k.msgid) is not None
            tree = ast.parse(c_ko.source)
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and any("exercise" in ast.unparse(d) for d in node.decorator_list):
                    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                    templates._compiled(c_ko.source, f"<{name} {i + 1}>", node.name, first, 0)   # compiles
    assert not english, f"{assignment}: {len(english)} test messages a Korean student reads in English:\n" + \
        "\n".join(english[:20])
    # a coding test's visible parts hold its examples only (lint.coding_test_problems): no text to translate
    assert translated or not texts, f"{assignment}: no test message translated"


def test_a_comment_run_keeps_its_lines_and_a_label_its_quotes():
    problems = catalog.problems_of
    assert problems("one\ntwo", "하나", False, comments.COMMENT)
    assert problems("one\ntwo", "하나\n둘", False, comments.COMMENT) == []
    assert problems("the notebook writes into", '노트북이 "쓰는" 폴더:', False, comments.LABEL)
    src = 'x = 1  # keep it\n# one\n# two\nprint("written into", x)\n'
    cell = {"cell_type": "code", "source": src, "metadata": {"nbgrader": {"locked": True, "grade_id": "s"}}}
    pieces = comments.cell_pieces(__import__("nbformat").from_dict(cell))
    assert [(p.context, p.msgid) for p in pieces] == [
        (comments.COMMENT, "keep it"), (comments.COMMENT, "one\ntwo"), (comments.LABEL, "written into")]
    ko = {"keep it": "유지", "one\ntwo": "하나\n둘", "written into": "저장 위치:"}
    assert comments.translate_code(src, pieces, lambda _c, m: ko.get(m)) == \
        'x = 1  # 유지\n# 하나\n# 둘\nprint("저장 위치:", x)\n'
    # a run translated into another number of lines is left in English: the line numbers stay
    assert comments.translate_code(src, pieces, lambda _c, m: "하나" if m == "one\ntwo" else None) == src


def test_nbgraders_markers_stub_and_pragmas_are_not_texts():
    src = ("import os  # noqa: E402\n#!/usr/bin/env python\n### BEGIN SOLUTION\n# the answer, never read\n"
           "x = 1\n### END SOLUTION\n# YOUR CODE HERE\ny = x @ w  # x @ W.T + b\n")
    assert comments.comment_pieces(src) == []
    bash = "%%bash\ncat > f.sh <<'EOF'\n# inside a heredoc: the file's content\nEOF\necho '# quoted' $#  # a real one\n"
    assert [p.msgid for p in comments.comment_pieces(bash)] == ["a real one"]


def test_a_docstring_is_translated_in_place_unless_the_cells_code_compares_with_it():
    src = ('def probe(fn):\n    """Runs with your code: calls fn\n    and reports it."""\n    return fn.__doc__\n\n\n'
           'def nap():\n    """Sleep a little."""\n\n\nassert probe(nap) == "Sleep a little."\n')
    pieces = comments.docstring_pieces(src)
    assert [(p.msgid, p.line) for p in pieces] == [("Runs with your code: calls fn\nand reports it.", 2)]
    ko = {"Runs with your code: calls fn\nand reports it.": "여러분의 코드와 함께 실행됩니다. fn을 호출하고\n보고합니다."}
    out = comments.translate_code(src, pieces, lambda _c, m: ko.get(m))
    assert out.split("\n")[1:3] == ['    """여러분의 코드와 함께 실행됩니다. fn을 호출하고', '    보고합니다."""']
    assert out.count("\n") == src.count("\n") and '"""Sleep a little."""' in out
    # a translation with a quote or another number of lines is left in English
    assert comments.translate_code(src, pieces, lambda _c, m: '"따옴표"\n둘') == src
    assert comments.translate_code(src, pieces, lambda _c, m: "한 줄") == src


def test_a_test_messages_translation_fills_its_literals_in_place_with_the_fields_expressions():
    src = ('from workbook.checks import check_true, exercise\n\n\n'
           '@exercise("q1")\n'
           'def test_q1(f: callable):\n'
           '    n = len(f())\n'
           '    check_true(n == 3, f"got {n} rows for {f.__name__!r} {{f}}, "\n'
           '                       "expected 3", hint="count "\n'
           '               "the rows")\n'
           'print(f"not a message {1}")\n')
    pieces = comments.message_pieces(src)
    assert [(p.msgid, len(p.spans)) for p in pieces] == [
        ("got {n} rows for {p2!r} {{f}}, expected 3", 2), ("count the rows", 2)]
    ko = {"got {n} rows for {p2!r} {{f}}, expected 3": "{p2!r} {{f}}의 행이 {n:이}개입니다. 정확히 3이어야 합니다",
          "count the rows": "행을 세어 보세요"}
    out = comments.translate_code(src, pieces, lambda _c, m: ko.get(m))
    assert out.count("\n") == src.count("\n")
    tree = ast.parse(out)     # still Python, the same calls, the messages now Korean f-strings and strings
    got = [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "check_true"]
    assert got == ["check_true(n == 3, f'{f.__name__!r} {{f}}의 행이 {n:이}개입니다. 정확히 3이어야 합니다', "
                   "hint='행을 세어 보세요')"], got
    assert 'print(f"not a message {1}")' in out
    # the Korean cell's f-string is one @exercise makes a message: its particle is the reader's
    from workbook.checks import templates
    assert templates._compiled(out, "<cell>", "test_q1", 4, 0) is not None


def _readonly(src):
    return __import__("nbformat").from_dict(
        {"cell_type": "code", "source": src, "metadata": {"nbgrader": {"locked": True, "grade_id": "s"}}})


def test_an_f_string_a_conditional_and_a_figures_labels_are_printed_labels_kept_with_their_fields():
    src = ('n, ok = 3, True\n'
           'print(f"rows kept: {n:>4}", "ok" if ok else "too many")\n'
           'ax.set_xlabel("mean score in the bin")\n'
           'plt.plot([1], label="random forest")\n'
           'card = Card(label="a card\'s field, not a legend")\n'
           'print("rows", n, f"{n}")\n')
    pieces = comments.cell_pieces(_readonly(src))
    assert [(p.msgid, p.fields) for p in pieces] == [
        ("rows kept: {n:>4}", {"n": "n"}), ("too many", None), ("mean score in the bin", None),
        ("random forest", None), ("rows", None)]
    ko = {"rows kept: {n:>4}": "남은 행: {n:>4}", "too many": "너무 많음", "mean score in the bin": "구간의 평균 점수",
          "random forest": "랜덤 포레스트"}
    out = comments.translate_code(src, pieces, lambda _c, m: ko.get(m))
    assert out.split("\n")[1:4] == ['print(f"남은 행: {n:>4}", "ok" if ok else "너무 많음")',
                                    'ax.set_xlabel("구간의 평균 점수")', 'plt.plot([1], label="랜덤 포레스트")']
    assert comments.code_outside_texts(out, _readonly(src)) == comments.code_outside_texts(src, _readonly(src))
    # a field dropped or its format changed: refused
    assert catalog.problems_of("rows kept: {n:>4}", "남은 행: {n}", True, comments.LABEL)
    assert catalog.problems_of("rows kept: {n:>4}", "남은 행: {n:>4}", True, comments.LABEL) == []


def test_data_read_only_to_be_printed_is_a_label_and_data_read_otherwise_is_not():
    nb = __import__("nbformat").v4.new_notebook()
    nb.cells = [
        _readonly('SCENARIOS = {"A": dict(idea="Recommend products on the home page.", kind="plain words here")}\n'
                  'LOOKUP = {"B": {"idea": "Give free shipping over 50,000 KRW.", "rule": "at least two words"}}\n'),
        __import__("nbformat").v4.new_code_cell('for k, s in SCENARIOS.items():\n    print(k, s["idea"][:60])\n'),
        __import__("nbformat").v4.new_code_cell('assert LOOKUP["B"]["rule"] == "at least two words"\n'
                                                'kind = SCENARIOS["A"].get("kind")\n'),
    ]
    keys = labels.printed_keys(nb)
    assert keys == {"idea"}
    assert [p.msgid for p in comments.cell_pieces(nb.cells[0], keys)] == [
        "Recommend products on the home page.", "Give free shipping over 50,000 KRW."]
    assert comments.cell_pieces(nb.cells[0]) == []


def test_a_worked_examples_example_values_are_labels_and_data_that_flows_on_or_is_compared_is_not():
    """04's ProjectCard example: its texts are the student's to read in Korean, and so are data only worked
    examples read (STATEMENTS, SCENARIOS); a value a test cell reads, one given to other data (TYPICAL into
    SCENARIOS), one a cell compares, and one word ("orders") stay."""
    new = __import__("nbformat").v4.new_code_cell
    nb = __import__("nbformat").v4.new_notebook()
    nb.cells = [
        new('card = Card(problem="Parcels arrive late.", risks=["Carriers change routes.", "x"], data=["orders"])\n'
            '[f.name for f in dataclasses.fields(card)]\n'),
        new('TYPICAL = {"worst": "very costly indeed"}\nSCENARIOS = {"A": dict(TYPICAL, idea="x")}\n'
            'shown = {"a": dict(text="read by another cell")}\n'
            'checked = {"a": "compared right here"}\nif checked["a"] == "compared right here":\n    print(1)\n'),
        new('print(shown, [ml_fit(s) for s in SCENARIOS.values()])\n'),
        __import__("nbformat").from_dict({"cell_type": "code", "source": "check(shown)\n",
                                          "metadata": {"nbgrader": {"grade": True, "grade_id": "t", "points": 1}}}),
    ]
    keys = labels.printed_keys(nb)
    assert keys.examples == {"card", "SCENARIOS"}
    assert [p.msgid for p in comments.cell_pieces(nb.cells[0], keys)] == [
        "Parcels arrive late.", "Carriers change routes."]
    assert comments.cell_pieces(nb.cells[1], keys) == []


def test_finding_the_example_values_walks_each_cell_a_few_times_however_many_examples_it_binds(monkeypatch):
    """``example_names`` asks, for every example value a worked example binds, which cells read its name: from
    the names each cell holds, found once per cell, not from one walk of every cell per example (07 and 08
    bind hundreds of values in their worked examples). Every example is still found."""
    import ast

    import nbformat
    new = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook()
    nb.cells = [new("".join(f'card{i} = dict(text="an example value, number {i}")\n' for i in range(200))),
                new("print(card0, card1)\n"), new("x = 1\n")]
    real, walks = ast.walk, []

    def counted(node):
        walks.append(node)
        return real(node)
    monkeypatch.setattr(ast, "walk", counted)
    found = labels.example_names(nb)
    monkeypatch.undo()
    assert found == {f"card{i}" for i in range(200)}
    modules = [w for w in walks if isinstance(w, ast.Module)]
    assert len(modules) <= 10 * len(nb.cells), f"{len(modules)} walks of a whole cell"


def test_a_model_answers_code_block_speaks_the_edition_and_its_code_stays():
    """06 q18's README: a ```bash block's comment in a written answer's model answer is an entry (hidden, as
    the model answer) and the release and solution() translate it; the mark scheme's markers stay."""
    md = ("# Title\n\n```bash\npip install -r req.txt\npython make.py   # writes data/ (ignored by git)\n```\n\n"
          "=== BEGIN MARK SCHEME ===\n4 points: all parts.\n=== END MARK SCHEME ===")
    nb = __import__("nbformat").v4.new_notebook()
    cell = __import__("nbformat").v4.new_markdown_cell(md)
    cell.metadata["nbgrader"] = {"grade": True, "solution": True, "grade_id": "q1_readme", "points": 1}
    nb.cells = [cell]
    notes = [e for e in catalog.notebook_entries(nb, "x") if e.context == comments.COMMENT]
    assert [(e.msgid, e.hidden) for e in notes] == [("writes data/ (ignored by git)", True)]
    ko = catalog.translate_manual(md, lambda t: None, lambda c, t: "data/를 만듭니다" if c == comments.COMMENT else None)
    assert "python make.py   # data/를 만듭니다\n" in ko and ko.count("\n") == md.count("\n")
    assert catalog.translate_manual(md, lambda t: None) == md


def test_a_case_description_only_shown_in_messages_is_taken_and_a_compared_value_is_not():
    src = ('from workbook.checks import check_true, exercise\n\n\n'
           '@exercise("q1")\n'
           'def test_q1(f: callable):\n'
           '    def case(x, desc):\n'
           '        check_true(f(x) == x, f"wrong result for {desc}", hint="return x")\n\n'
           '    case(1, "a single row")\n'
           '    case(2, desc="two rows")\n'
           '    table = [("data/a.csv", True, "inside the top-level data folder"),\n'
           '             ("data/b.csv", False, "the README stays tracked")]\n'
           '    for path, ignore, why in table:\n'
           '        check_true(f(path) == ignore, f"{path} is wrong ({why})")\n'
           '    for name, label in [("q", "a value the check compares")]:\n'
           '        check_true(f(name) == label, f"{name}: {label}")\n'
           '    run(f, shown_setup="(empty files created at the paths below)")\n')
    got = [(p.context, p.msgid) for p in comments.cell_pieces(
        __import__("nbformat").from_dict({"cell_type": "code", "source": src, "metadata": {
            "nbgrader": {"grade": True, "locked": True, "grade_id": "t", "points": 1}}}))]
    assert got == [(comments.DESCRIPTION, m) for m in (
        "a single row", "two rows", "inside the top-level data folder", "the README stays tracked",
        "(empty files created at the paths below)")], got


def test_an_echo_to_the_screen_is_a_label_with_its_expansions_and_one_into_a_file_is_not():
    src = ('%%bash\n'
           'echo "--- orders of the first two months:"\n'
           'ls data; echo "exit code: $?"   # a comment\n'
           'echo "a file\'s content" > tmp/out.txt\n'
           'echo "usage: greet.sh NAME" >&2\n'
           'echo "---"\n'
           'echo "$(date) is a command"\n'
           "bash -c 'echo \"child sees: [$GREETING]\"'\n")
    cell = __import__("nbformat").v4.new_code_cell(src)
    pieces = comments.cell_pieces(cell)
    assert [(p.context, p.msgid, p.line) for p in pieces if p.context == comments.LABEL] == [
        (comments.LABEL, "--- orders of the first two months:", 2), (comments.LABEL, "exit code: $?", 3),
        (comments.LABEL, "usage: greet.sh NAME", 5), (comments.LABEL, "child sees: [$GREETING]", 8)]
    ko = {"--- orders of the first two months:": "--- 처음 두 달의 주문:", "exit code: $?": "종료 코드: $?"}
    out = comments.translate_code(src, pieces, lambda c, m: ko.get(m) if c == comments.LABEL else None)
    assert out.split("\n")[1:3] == ['echo "--- 처음 두 달의 주문:"', 'ls data; echo "종료 코드: $?"   # a comment']
    assert comments.code_outside_texts(out, cell) == comments.code_outside_texts(src, cell)
    assert comments.code_outside_texts(src.replace("ls data", "ls tmp"), cell) != comments.code_outside_texts(src, cell)
    assert catalog.problems_of("exit code: $?", "종료 코드:", False, comments.LABEL)     # the expansion is lost


def test_a_test_cells_case_descriptions_come_from_one_search_of_its_message_places(monkeypatch):
    """``labels.description_pieces`` reads the cell's message places (``templates.places``) once, for the names
    they show and for the messages that are not descriptions (it searched them twice: a test cell's every
    translation and extraction pays for it)."""
    from workbook.checks import templates
    src = ('from workbook.checks import check_true, exercise\n\n\n'
           '@exercise("q1")\n'
           'def test_q1(f: callable):\n'
           '    def case(x, desc):\n'
           '        check_true(f(x) == x, f"wrong result for {desc}", hint="return x")\n\n'
           '    case(1, "a single row")\n')
    real, calls = templates.places, []

    def counted(tree):
        calls.append(tree)
        return real(tree)
    monkeypatch.setattr(templates, "places", counted)
    assert [p.msgid for p in labels.description_pieces(src)] == ["a single row"]
    assert len(calls) == 1, f"{len(calls)} searches"


def test_a_description_given_through_a_variable_and_a_test_cells_printed_line_are_taken_and_compared_ones_not():
    src = ('from workbook.checks import check_true, exercise\n\n\n'
           '@exercise("q7")\n'
           'def test_q7(f: callable):\n'
           '    n_lines = 12\n\n'
           '    def case(x, what):\n'
           '        check_true(f(x) == x, f"wrong result for f({what})")\n\n'
           '    what = "8 boxes: 2 is the kind 1, " \\\n'
           '           "the others 0"\n'
           '    case(1, what)\n'
           '    case(2, f"{what}, threshold 0.5")\n'
           '    label = "a value the check compares"\n'
           '    case(3, label)\n'
           '    check_true(f(label) == 1, "f(label) should be 1")\n'
           '    print(f"q7: {n_lines} lines of code (limit 50)")\n')
    cell = __import__("nbformat").from_dict({"cell_type": "code", "source": src, "metadata": {
        "nbgrader": {"grade": True, "locked": True, "grade_id": "t", "points": 1}}})
    pieces = comments.cell_pieces(cell)
    assert [(p.context, p.msgid) for p in pieces] == [
        (comments.DESCRIPTION, "8 boxes: 2 is the kind 1, the others 0"),
        (comments.DESCRIPTION, "{what}, threshold 0.5"),
        (comments.LABEL, "q7: {n_lines} lines of code (limit 50)")], pieces
    ko = {"8 boxes: 2 is the kind 1, the others 0": "상자 8개: 2는 종류 1, 나머지는 0",
          "q7: {n_lines} lines of code (limit 50)": "q7: 코드 {n_lines}줄 (한도 50)"}
    out = comments.translate_code(src, pieces, lambda _c, m: ko.get(m))
    assert out.count("\n") == src.count("\n")
    tree = ast.parse(out)
    assert [n.value.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
            and ast.unparse(n.targets[0]) == "what"] == ["상자 8개: 2는 종류 1, 나머지는 0"]
    assert 'print(f"q7: 코드 {n_lines}줄 (한도 50)")' in out
    assert comments.code_outside_texts(out, cell) == comments.code_outside_texts(src, cell)


def test_the_lines_a_check_gives_through_a_starred_name_or_call_and_one_word_headings_are_messages():
    from workbook.authoring.extract import python_messages
    src = ('from workbook.checks import exercise\n\n\n'
           '@exercise("q4")\n'
           'def test_q4(repo):\n'
           '    def extra(a):\n'
           '        return [f"new commit: {a.head}"] if a.moved else []\n\n'
           '    shown = ["your message, as committed:", *("  | " + x for x in repo.lines)]\n'
           '    c.require(repo.ok, "the subject is too long", *shown, *extra(repo), "before:",\n'
           '              *(repo.status or ["(clean)"]), "main", "data/x.csv", hint="shorten it")\n')
    got = {m for _line, m, _c in python_messages(src)}
    assert {"your message, as committed:", "new commit: {p1}", "before:", "the subject is too long",
            "shorten it"} <= got, got
    assert not got & {"main", "data/x.csv"}, got     # a branch name and a path stay code
    pieces = comments.message_pieces(src)
    assert {"your message, as committed:", "before:"} <= {p.msgid for p in pieces}


def test_a_series_renamed_only_to_be_printed_is_a_label_and_a_renamed_one_kept_is_not():
    src = ('print(sizes.value_counts().sort_index().rename("orders with N products"))\n'
           'kept = sizes.rename("basket size")\n'
           'print(kept["basket size"], sizes.rename(columns={"a": "the b column"}))\n')
    assert [p.msgid for p in comments.cell_pieces(_readonly(src))] == ["orders with N products"]


def test_a_countdowns_label_is_a_printed_label():
    """03's and 11's ``countdown(25, "Problem A · 25 min")``: the Korean code shows the bar's label in Korean."""
    src = 'countdown(25, "Problem A · 25 min")\ncountdown(5, label="Warm-up · 5 min")\nother(3, "not a label")\n'
    assert [p.msgid for p in comments.cell_pieces(_readonly(src))] == ["Problem A · 25 min", "Warm-up · 5 min"]


def test_the_questions_a_worked_example_waits_for_are_a_printed_label():
    """04's, 07's and 08's ``ready("schedule", after="Questions 11 and 12")``: the Korean code names the questions
    in Korean (the line it prints did already)."""
    src = ('if ready("schedule", "plot_gantt", after="Questions 11 and 12"):\n    plot_gantt(schedule(PLAN))\n'
           'ready("psi", after="Question 13")\nother("x", after="not a label")\n')
    assert [p.msgid for p in comments.cell_pieces(_readonly(src))] == ["Questions 11 and 12", "Question 13"]


def test_the_text_of_a_served_html_element_is_a_label_and_a_page_without_words_or_a_whole_page_is_not():
    """07's worked example serves ``create_app(..., "<p>The demo page is Question 9.</p>")``: a Korean student
    reads that page's text in Korean."""
    src = ('service = create_app(load, "<p>The demo page is Question 9.</p>")\n'
           'other = create_app(load, "<p>42</p>")\n'
           'page = "<!DOCTYPE html><html><body><p>Daon Market</p></body></html>"\n')
    assert [p.msgid for p in comments.cell_pieces(_readonly(src))] == ["<p>The demo page is Question 9.</p>"]


def test_the_columns_of_a_frame_made_only_to_be_displayed_are_labels_and_a_kept_frames_are_not():
    src = ('display(pd.DataFrame({"yours": ours, "scikit-learn": theirs}, index=features).round(4))\n'
           'display(pd.DataFrame(pairs, columns=["word or pair", "contribution"]).round(3))\n'
           'display(weights.head(4).round(2).to_frame("coefficient"))\n'
           'kept = pd.DataFrame({"kept column": ours})\n'
           'display(kept[["kept column"]])\n')
    assert [p.msgid for p in comments.cell_pieces(_readonly(src))] == ["yours", "word or pair", "contribution",
                                                                        "coefficient"]


def test_the_new_names_a_displayed_frames_rename_gives_are_labels_and_a_kept_renames_are_not():
    """11's mistakes table: the package's identifiers (loose_boxes) named for the reader where the frame is shown."""
    src = ('display(mistakes.rename(columns={"loose_boxes": "loose boxes", "found": "found"}).round(1))\n'
           'kept = mistakes.rename(columns={"missed": "kept name"})\n'
           'display(kept)\n')
    assert [p.msgid for p in comments.cell_pieces(_readonly(src))] == ["loose boxes", "found"]


def test_a_widgets_description_is_a_label_and_one_the_code_reads_back_is_not():
    """04's cost curve: ``widgets.FloatSlider(..., description="threshold")`` shows its label in Korean (임계값),
    though the cell also names a variable ``threshold``; a ``description=`` of a call that is no widget, or of a
    widget whose description the cell reads back, stays."""
    src = ('def show_cost(threshold=0.5):\n'
           '    ax.axvline(threshold)\n'
           'widgets.interact(show_cost, threshold=widgets.FloatSlider(value=0.5, description="threshold"))\n'
           'go = Button(description="draw the curve")\n'
           'parser = argparse.ArgumentParser(description="not a widget")\n')
    assert [p.msgid for p in comments.cell_pieces(_readonly(src))] == ["threshold", "draw the curve"]
    kept = ('box = widgets.Checkbox(description="keep rows")\n'
            'print(box.description == "keep rows")\n')
    assert [p.msgid for p in comments.cell_pieces(_readonly(kept))] == []


def test_an_echo_after_a_quoted_here_document_is_a_label_and_the_echo_inside_the_file_is_not():
    src = ('%%bash\n'
           "cat > tmp/greet.sh <<'EOF'\n"
           '#!/bin/bash\n'
           'echo "hello from the file"\n'
           'EOF\n'
           './tmp/greet.sh; echo "exit code: $?"\n')
    pieces = comments.cell_pieces(__import__("nbformat").v4.new_code_cell(src))
    assert [(p.msgid, p.line) for p in pieces if p.context == comments.LABEL] == [("exit code: $?", 6)]


def test_the_values_of_a_dict_literal_looked_up_for_a_message_are_messages_and_its_keys_are_not():
    from workbook.authoring.extract import python_messages
    src = ('def test_q8(create_app):\n'
           '    doing = {"start-up": "starting the app (its lifespan)", "shutdown": "stopping the app"}.get(\n'
           '        stage, "the app")\n'
           '    fail_raised(info, doing, hint="yield once")\n')
    got = {m for _line, m, _c in python_messages(src)}
    assert got == {"starting the app (its lifespan)", "stopping the app", "the app", "yield once"}, got


def _fence_outside_notes(text: str, english: str) -> list[str]:
    """The lines of the code blocks of a markdown ``text`` with the notes of the English ``english`` cut out."""
    from workbook.authoring import fences
    lines, cut = text.split("\n"), {}
    for p in fences.fence_pieces(english):
        for i, start, _end in p.spans:
            cut[i] = start
    return [lines[i][:cut[i]] if i in cut else lines[i]
            for _info, first, end in fences._blocks(english) for i in range(first, end)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_note_of_a_markdown_code_block_is_korean_and_its_code_the_english(assignment):
    """A folder layout's notes, a YAML or Python block's comments (``fences``) read in Korean; the commands,
    paths and keys around them are the English edition's, line for line."""
    from workbook.authoring import fences
    english, notes = [], 0
    for name, en, ko in _editions(assignment):
        for i, (c_en, c_ko) in enumerate(zip(en.cells, ko.cells)):
            if c_en.cell_type != "markdown":     # a written answer's model answer too (06 q18's README)
                continue
            assert _fence_outside_notes(c_ko.source, c_en.source) == _fence_outside_notes(c_en.source, c_en.source), \
                f"{name} cell {i + 1}: a code block differs outside its notes"
            ko_lines = c_ko.source.split("\n")
            for p in fences.fence_pieces(c_en.source):
                notes += 1
                text = "\n".join(ko_lines[k][a:] for k, a, _b in p.spans)
                left = latin_words(re.sub(r"\"[^\"]*\"|\([A-Za-z.,_ ]+\)", " ", text), frozenset(_code_words(en)))
                if left:
                    english.append(f"{name} cell {i + 1}, line {p.line}: {text[:90]!r} {left[:4]}")
    assert not english, f"{assignment}: {len(english)} notes of code blocks in English:\n" + "\n".join(english[:20])


def test_the_notes_of_a_code_block_are_its_comments_and_layout_notes_not_its_code_or_data():
    from workbook.authoring import fences
    text = ("Layout:\n\n```\nservice/\n  app.py        the app; GET /health answers {\"status\": \"ok\"}\n"
            "                continued here\n  meta.json     {\"name\": \"churn\", \"version\": \"1.0\"}\n"
            "<<<<<<< HEAD\nwhat the current branch has\n=======\n```\n\n"
            "```yaml\non:    # the events that start it\n  run: echo \"a shell # command\"\n```\n\n"
            "```js\nf();   // otherwise the page reloads\nconst s = \"a // b\";\n```\n\n"
            "```\n1.2.3.4 - [date] \"GET /\" 200\nclient IP    time of the request    request line\n```\n\n"
            "```mermaid\ngraph LR  %% not a language with notes\n```")
    got = [p.msgid for p in fences.fence_pieces(text)]
    assert got == ["the app; GET /health answers {\"status\": \"ok\"}\ncontinued here", "what the current branch has",
                   "the events that start it", "otherwise the page reloads"]
    ko = fences.translate_fences(text, lambda ctx, t: {
        "the events that start it": "시작하는 이벤트", "what the current branch has": "현재 브랜치의 내용",
        got[0]: "앱; GET /health의 응답은 {\"status\": \"ok\"}\n여기서 이어짐"}.get(t) if ctx == comments.COMMENT else None)
    assert "on:    # 시작하는 이벤트\n" in ko and "\n현재 브랜치의 내용\n" in ko
    assert "  app.py        앱; GET /health의 응답은 {\"status\": \"ok\"}\n                여기서 이어짐\n" in ko
    assert "// otherwise the page reloads" in ko and ko.count("\n") == text.count("\n")
    assert fences.translate_fences(text, lambda ctx, t: "세 줄\n이\n됨") == text   # a note keeps its lines


def test_the_labels_of_an_er_diagram_are_printed_labels_and_its_column_names_stay():
    """02's ``erDiagram``: a relationship's label is read in the diagram; the release writes it quoted."""
    from workbook.authoring import fences
    text = ('```mermaid\nerDiagram\n    customers ||--o{ orders : places\n'
            '    customers |o--o{ customers : "referred_by"\n    products ||--o{ order_items : "sold as"\n```')
    got = [(p.context, p.msgid) for p in fences.fence_pieces(text)]
    assert got == [(comments.LABEL, "places"), (comments.LABEL, "sold as")]
    ko = fences.translate_fences(text, lambda ctx, t: {"places": "주문", "sold as": "판매 항목"}.get(t))
    assert 'orders : "주문"\n' in ko and 'order_items : "판매 항목"\n' in ko and '"referred_by"' in ko


def test_an_english_label_glossed_in_korean_is_a_label_and_a_korean_one_is_not():
    """11's ``ax.set(xlabel="recall (재현율)")``: the Korean edition writes it the glossary's way (재현율(recall));
    a literal with Hangul outside a trailing gloss (``"2026년 주문 ..."``) is Korean already."""
    got = [p.msgid for p in labels.python_label_pieces(
        'ax.set(xlabel="recall (재현율)", ylabel="precision (정밀도)")\nprint("2026년 주문 12, since 2019.")\n')]
    assert got == ["recall (재현율)", "precision (정밀도)"]


def test_the_texts_of_data_a_worked_example_only_shows_are_labels():
    """05's ``example_card``: a dict a worked example binds once and only shows (its last expression, or
    ``print()``) is shown in the edition's language: its values and list items with a space, never its keys
    nor a single token (a date, an address); data another cell reads stays as it is."""
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        'card = {"details": {"team": "the search team", "date": "2026-05-02", "contact": "a@b.example"},\n'
        '        "uses": ["ranking products for a query", "nothing else at all"]}\n'
        'print(card["details"]["team"])\n'
        'card["uses"]\n'),
        nbformat.v4.new_code_cell('shared = {"note": "read by another cell"}\nshared'),
        nbformat.v4.new_code_cell('n = len(shared["note"])')]
    keys = labels.printed_keys(nb)
    assert "card" in keys.examples and "shared" not in keys.examples
    got = [p.msgid for p in labels.python_label_pieces(nb.cells[0].source, keys)]
    assert got == ["the search team", "ranking products for a query", "nothing else at all"]
    assert not labels.python_label_pieces(nb.cells[1].source, keys)


def test_a_hidden_tests_case_descriptions_are_pieces_marked_hidden_and_a_solutions_are_none():
    """A hidden check's message shows its case's description ("result of standardize(a tall array)"): the
    Korean edition's source must hold it in Korean, so it is a piece, marked hidden (its catalogue entry says
    so and never reaches the release's .mo); a literal of a solution region is the answer's, not a piece."""
    src = ('from workbook.checks import check_true, exercise\n\n\n'
           '@exercise("q1")\n'
           'def test_q1(f: callable):\n'
           '    def case(x, desc):\n'
           '        check_true(f(x) == x, f"wrong result for {desc}", hint="return x")\n\n'
           '    case(1, "the example")\n'
           '    ### BEGIN HIDDEN TESTS\n'
           '    case(2, "a tall array")\n'
           '    ### END HIDDEN TESTS\n'
           '    ### BEGIN SOLUTION\n'
           '    case(3, "an answer of the solution")\n'
           '    ### END SOLUTION\n')
    assert [(p.msgid, p.hidden) for p in labels.description_pieces(src)] == [
        ("the example", False), ("a tall array", True)]
    cell = __import__("nbformat").from_dict({"cell_type": "code", "source": src, "metadata": {
        "nbgrader": {"grade": True, "locked": True, "grade_id": "t", "points": 1}}})
    entries = {e.msgid: e.hidden for e in catalog.code_entries(cell, "#t")}
    assert entries == {"the example": False, "a tall array": True}, entries
