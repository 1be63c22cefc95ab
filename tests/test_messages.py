"""Messages as data (workbook/messages.py): a template and its values until a
person reads it, rendered there with gettext in that reader's language; a test
cell's f-strings at message places are such templates (workbook/checks/
templates.py). Nothing reads a finished English text back into parts."""
from __future__ import annotations

import linecache
from pathlib import Path

import pytest

from workbook import i18n
from workbook.checks import CheckFailed
from workbook.messages import as_data, as_message, from_data, joined, msg, nmsg, render

KO = i18n.Language("ko", [i18n.Catalog.of("ko", {
    "wrong {what}": "{what:이} 틀렸습니다",
    "number of rows": "행 수",
    "padded batch {i}": "패딩한 배치 {i}",
    "{question}: {message}": "{question}: {message}",
    "  hint: {hint}": "  힌트: {hint}",
    "pad every sequence": "모든 시퀀스를 패딩하세요",
    ("{label} has {n} row", "{label} has {n} rows"): ("{label}의 행은 {n}개입니다",),
})])


def test_a_message_renders_its_template_and_nested_messages_in_the_readers_language():
    m = msg("wrong {what}", what=msg("number of rows"))
    assert render(m, i18n.Language()) == "wrong number of rows"
    assert render(m, KO) == "행 수가 틀렸습니다"            # 가 chosen from 수, the value's last syllable
    assert render(msg("wrong {what}", what=msg("padded batch {i}", i=3)), KO) == "패딩한 배치 3이 틀렸습니다"


def test_a_value_is_formatted_by_its_field_when_the_message_is_made_and_never_translated():
    m = msg("share {x:.1%} of {name!r}", x=0.123, name="number of rows")
    assert m.args == {"x": "12.3%", "name": "'number of rows'"}
    # a value whose last sound cannot be told (code) takes the particle through the noun 값, never 이(가)
    assert render(msg("wrong {what}", what="predictor.version"), KO) == "predictor.version 값이 틀렸습니다"


def test_a_template_written_in_korean_takes_its_particles_when_shown_whatever_the_value():
    """A Korean release's test cell writes its f-strings in Korean (``{c!r:이}``): the particle is no format
    spec of the value (a str, a list) but the reader's, applied when the message is shown."""
    m = msg("열 {c!r:이} 다르고 {xs:은} 목록입니다", c="age", xs=[1, 2])
    assert m.args == {"c": "'age'", "xs": "[1, 2]"}
    assert render(m, KO) == "열 'age' 값이 다르고 [1, 2]는 목록입니다"


def test_a_plural_takes_the_form_the_catalogue_gives_for_its_count():
    assert render(nmsg("{label} has {n} row", "{label} has {n} rows", 1, label="t"), i18n.Language()) == "t has 1 row"
    assert render(nmsg("{label} has {n} row", "{label} has {n} rows", 4, label="t"), i18n.Language()) == \
        "t has 4 rows"
    assert render(nmsg("{label} has {n} row", "{label} has {n} rows", 4, label="t"), KO) == "t의 행은 4개입니다"


def test_a_finished_english_text_is_never_read_back_into_a_template():
    # "wrong number of rows" matches "wrong {what}", but a str is a msgid as it is: no entry, no translation
    assert render(as_message("wrong number of rows"), KO) == "wrong number of rows"
    assert not hasattr(i18n.Language, "translate")


def test_a_message_crosses_as_plain_data_and_back():
    m = msg("{question}: {message}", question="q1", message=joined([msg("wrong {what}", what=msg("number of rows")),
                                                                     "x"], "; "))
    data = as_data(m)
    assert from_data(data) == m and render(from_data(data), KO) == "q1: 행 수가 틀렸습니다; x"
    with pytest.raises(ValueError):
        from_data({"args": {}})


def test_a_translation_that_lost_a_field_shows_the_english():
    lang = i18n.Language("ko", [i18n.Catalog.of("ko", {"wrong {what}": "틀렸습니다 {whot}"})])
    assert render(msg("wrong {what}", what="x"), lang) == "wrong x"


def _run_cell(source: str, ns: dict, name: str):
    filename = f"/tmp/ipykernel_0/{name}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), ns)


def test_a_test_cells_f_string_at_a_message_place_is_a_template_with_its_values():
    cell = ("from workbook.checks import check_equal, exercise\n"
            "@exercise('q1')\n"
            "def test(f: callable):\n"
            "    for i in range(2):\n"
            "        check_equal(f(i), i + 1, what=f'padded batch {i}', hint='pad every sequence')\n")
    with pytest.raises(CheckFailed) as info:
        _run_cell(cell, {"f": lambda i: 1}, "t_templates")
    e = info.value
    assert e.message == msg("wrong {what}", what=msg("padded batch {i}", i=1))
    with i18n.using(KO):
        assert e.lines()[0] == "q1: 패딩한 배치 1이 틀렸습니다" and e.lines()[-1] == "  힌트: 모든 시퀀스를 패딩하세요"
    assert e.lines()[0] == "q1: wrong padded batch 1"


def test_a_test_cell_is_compiled_into_messages_once_per_source_and_runs_in_each_submissions_own_globals():
    """A grading worker grades one submission after another with the same test cells: the rewritten code
    is made once per cell source (ast work that cost 04 about 0.2 CPU-s per submission), run each time in
    that submission's globals; a changed source under the same file name is compiled again, never served
    the old code."""
    from workbook.checks import templates
    cell = ("from workbook.checks import check_equal, exercise\n"
            "@exercise('q1')\n"
            "def test(f: callable):\n"
            "    check_equal(f(0), LIMIT, what=f'the limit {LIMIT}')\n")
    templates._compiled.cache_clear()
    caught = []
    for limit in (3, 4):   # two submissions: their own answers and globals
        with pytest.raises(CheckFailed) as info:
            _run_cell(cell, {"f": lambda i: 1, "LIMIT": limit}, "t_compiled_once")
        caught.append(info.value.message)
    assert caught == [msg("wrong {what}", what=msg("the limit {LIMIT}", LIMIT=n)) for n in (3, 4)]
    assert (templates._compiled.cache_info().misses, templates._compiled.cache_info().hits) == (1, 1)
    with pytest.raises(CheckFailed) as info:
        _run_cell(cell.replace("the limit", "the bound"), {"f": lambda i: 1, "LIMIT": 5}, "t_compiled_once")
    assert info.value.message == msg("wrong {what}", what=msg("the bound {LIMIT}", LIMIT=5))
    assert templates._compiled.cache_info().misses == 2


def test_the_catalogue_holds_the_messages_a_test_cell_keeps_in_a_variable_or_a_helper():
    """Extraction reads the message places themselves (Babel extraction methods over the cells): a hint held
    in a variable (05 q8, 03 q14), the reasons of 02 q14's hidden rows, a hint a helper returns (07)."""
    from conftest import REPO
    from workbook.authoring import catalog
    ids = {a: {e.msgid for e in catalog.assignment_entries(REPO / "source" / a)}
           for a in ("02_sql", "03_pytorch_test", "05_licensing_ethics", "07_ml_service")}
    assert "group by all the quasi-identifier columns together and take the smallest group size" \
        in ids["05_licensing_ethics"]
    assert "pad at the end (right) to the longest sequence of the batch; mask is True at real tokens" \
        in ids["03_pytorch_test"]
    assert {"a coupon_id that is already used", "a missing valid_until"} <= ids["02_sql"]
    assert "a required field: declare it without a default" in ids["07_ml_service"]


def test_extraction_of_a_cell_gives_the_templates_the_cell_renders():
    from workbook.authoring.catalog import python_messages
    cell = ("from workbook.checks import check_equal, exercise, fail\n"
            "@exercise('q1')\n"
            "def test(f: callable):\n"
            "    h = 'pad every sequence'\n"
            "    for i in range(2):\n"
            "        check_equal(f(i), i, what=f'padded batch {i}', hint=h)\n"
            "    ### BEGIN HIDDEN TESTS\n"
            "    fail(f'wrong shape {f(1)!r} for another input')\n"
            "    ### END HIDDEN TESTS\n")
    found = {e.msgid: e for e in python_messages(cell, "t.ipynb#c", hidden_lines={8})}
    assert set(found) == {"pad every sequence", "padded batch {i}", "wrong shape {p1!r} for another input"}
    assert found["wrong shape {p1!r} for another input"].hidden and not found["padded batch {i}"].hidden
    assert found["padded batch {i}"].python_format and not found["pad every sequence"].python_format


def test_no_module_of_the_package_writes_an_f_string_where_a_person_reads_a_message():
    """A test cell's f-strings at message places are compiled into messages by @exercise; the package's own
    modules are not: an f-string passed to fail(), CheckFailed, check_true, hint=... there is a finished English
    text that no catalogue entry matches (the Korean edition showed it in English). Labels written as code
    (``what=f"predict({x})"``) are the same in every edition and are left as they are."""
    import ast

    from workbook.authoring.extract import _is_call, _is_text
    from workbook.checks.templates import leaves, places, template
    package = Path(i18n.__file__).parent
    found = []
    for p in sorted(package.rglob("*.py")):
        if p.parent.name == "data":   # the data generators: data, not messages
            continue
        source = p.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for expr, why in places(tree):
            for leaf in leaves(expr):
                if isinstance(leaf, ast.JoinedStr):
                    made = template(leaf, source)
                    text = made[0] if isinstance(made, tuple) else made
                    if _is_text(text) and not _is_call(text):
                        found.append(f"{p.relative_to(package)}:{leaf.lineno}: {text[:80]!r} ({why})")
    assert found == [], "write these with msg(template, field=value):\n" + "\n".join(found)


def test_a_literal_a_messages_field_shows_is_a_message_of_its_own_and_a_name_or_brace_is_not():
    """``{oneline(c) if c else '(not a commit)'}`` and ``{', '.join(xs) or '(none)'}`` (06 q10, q15, q21): the
    literal is extracted and rendered in the reader's language inside its message; a rule written with
    names (``{field or 'recency_days <= tenure_days'}``, 07 q6) and a literal with a brace stay values."""
    from workbook.authoring.catalog import python_messages
    cell = ("from workbook.checks import check_true, exercise\n"
            "@exercise('q1')\n"
            "def test(f: callable):\n"
            "    xs, c = f(0), f(1)\n"
            "    check_true(bool(xs), f\"changed: {', '.join(xs) or '(none)'}; tip: {c if c else '(not a commit)'}\",\n"
            "               hint=f\"rule {c or 'recency_days <= tenure_days'} {c or '{x} of y'}\")\n")
    found = {e.msgid for e in python_messages(cell, "t.ipynb#c")}
    assert {"(none)", "(not a commit)"} <= found and not found & {"recency_days <= tenure_days", "{x} of y"}
    ko = i18n.Language("ko", [i18n.Catalog.of("ko", {"changed: {p1}; tip: {p2}": "바뀐 파일: {p1}; 끝: {p2}",
                                                     "(none)": "(없음)", "(not a commit)": "(커밋이 아님)"})])
    with pytest.raises(CheckFailed) as info:
        _run_cell(cell, {"f": lambda i: [] if i == 0 else ""}, "t_field_texts")
    assert info.value.message == msg("changed: {p1}; tip: {p2}", p1=msg("(none)"), p2=msg("(not a commit)"))
    with i18n.using(ko):
        assert info.value.lines()[0] == "q1: 바뀐 파일: (없음); 끝: (커밋이 아님)"


def test_a_label_function_called_only_in_a_messages_fields_returns_messages_and_one_used_as_data_does_not():
    """07 q5's ``label = (lambda rid: ... "a run of another experiment" ... f"an object of type {...}")``,
    shown only as ``{label(got)}``: its texts are extracted and rendered in the reader's language; a
    function whose result the cell also compares stays data."""
    from workbook.authoring.catalog import python_messages
    cell = ("from workbook.checks import check_true, exercise\n"
            "@exercise('q1')\n"
            "def test(f: callable):\n"
            "    label = (lambda r: 'None' if r is None else 'a run of another experiment' if r == 'x'\n"
            "             else f'an object of type {type(r).__name__}')\n"
            "    kind = lambda r: 'a plain value' if r else 'an empty value'\n"
            "    got = f(0)\n"
            "    check_true(kind(got) == 'an empty value', f'it returned {label(got)}, {kind(got)}')\n")
    found = {e.msgid for e in python_messages(cell, "t.ipynb#c")}
    assert {"a run of another experiment", "an object of type {p1}"} <= found
    assert not found & {"a plain value", "an empty value"}
    ko = i18n.Language("ko", [i18n.Catalog.of("ko", {"it returned {p1}, {p2}": "반환값: {p1}, {p2}",
                                                     "a run of another experiment": "다른 실험의 실행",
                                                     "an object of type {p1}": "{p1} 타입의 객체"})])
    for value, shown in (("x", "다른 실험의 실행"), (3, "int 타입의 객체")):
        with pytest.raises(CheckFailed) as info:
            _run_cell(cell, {"f": lambda i, v=value: v}, "t_label_function")
        with i18n.using(ko):
            assert info.value.lines()[0] == f"q1: 반환값: {shown}, a plain value"   # kind()'s text: a value


def test_the_message_places_of_a_cell_walk_its_tree_a_few_times_however_many_names_it_defines(monkeypatch):
    """``places`` finds the label functions (above) by the uses of every name the cell defines: it walks the
    tree a fixed number of times, not once per name (a test cell of 07 defines hundreds: the edition tests spent
    most of their time there). The label function is still found among 300 other names."""
    import ast

    from workbook.checks import templates
    cell = ("def test(f):\n"
            + "".join(f"    v{i} = f({i})\n" for i in range(300))
            + "    label = lambda r: 'a run of another experiment' if r == 'x' else 'something else'\n"
            "    check_true(v0 == v1, f'it returned {label(v2)}')\n")
    tree = ast.parse(cell)
    real, walks = ast.walk, []

    def counted(node):
        walks.append(node)
        return real(node)
    monkeypatch.setattr(ast, "walk", counted)
    found = [why for _expr, why in templates.places(tree)]
    monkeypatch.undo()
    assert "returned by label() into a message" in found
    assert len([w for w in walks if w is tree]) <= 10, f"{len(walks)} walks of the cell's tree"


def test_a_fields_source_is_what_ast_gives_for_every_field_of_the_course_and_any_line_ending():
    """``templates.segment`` (a field's expression, for the catalogue's comment and the Korean f-string) splits a
    source once and gives what ``ast.get_source_segment`` gives, for every f-string field of every code cell of
    the course, and for every expression of sources with \\r\\n, \\r, a form feed and Hangul before it."""
    import ast

    from workbook.checks.templates import segment
    from workbook.course import nb as nbm
    odd = ["x = 1\r\ny = f(\r  '한국어', z)\n\x0cw = [1,\n 2]\n", "a = '가나' + b  # 주석\nc = (a,\r\n d)",
           "s = f'{가 + 1}는 {b!r:>4} {(c,\n  d)}'\n", ""]
    sources = odd + [c.source for p in sorted(Path(i18n.__file__).parent.parent.glob("source/*/*.ipynb"))
                for c in nbm.read(p).cells if c.cell_type == "code" and not c.source.startswith(("%", "!"))]
    compared = 0
    for src in sources:
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FormattedValue) or (src in odd and isinstance(node, (ast.expr, ast.stmt))):
                node = node.value if isinstance(node, ast.FormattedValue) else node
                assert segment(src, node) == ast.get_source_segment(src, node), (src[:80], ast.dump(node)[:80])
                compared += 1
    assert compared > 500


def test_no_check_gives_a_message_english_text_as_a_value():
    """A value is never translated (it is shown as it is), so a check that builds a piece of a sentence as an
    English str or f-string and passes it to ``msg()`` shows English inside a Korean message: 03's
    ``_describe_diff`` ("3 of 12 elements differ; the largest difference ..." in almost every numeric ✘ line of
    03), 06's "(some lines are missing)", 04's " for another project". Every value of a ``msg()``/``nmsg()``
    field in workbook/checks that is written as text (a literal, an f-string, or a local name assigned one, in
    either branch of a conditional) is a message of its own instead (``msg(...)``, ``as_message(...)``)."""
    import ast
    import re

    from workbook.authoring.extract import _is_call

    def text_of(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value if isinstance(v, ast.Constant) else " x " for v in node.values)
        return None

    def prose(text):   # words a person reads (code in backticks and calls written as code aside)
        return len(re.findall(r"\b[a-z]{2,}\b", re.sub(r"`[^`]*`", " ", text))) >= 2 and not _is_call(text)

    found = []
    for path in sorted((Path(__file__).resolve().parent.parent / "workbook" / "checks").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
            assigned: dict[str, list] = {}
            for n in ast.walk(fn):
                if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                    assigned.setdefault(n.targets[0].id, []).append(n.value)
            for n in ast.walk(fn):
                if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("msg", "nmsg")):
                    continue
                for kw in n.keywords:
                    values = assigned.get(kw.value.id, []) if isinstance(kw.value, ast.Name) else [kw.value]
                    values = [b for v in values for b in ((v.body, v.orelse) if isinstance(v, ast.IfExp) else (v,))]
                    found += [f"{path.name}:{n.lineno}: {kw.arg}={text_of(v)!r}" for v in values
                              if text_of(v) and prose(text_of(v))]
    assert found == [], "make each a message of its own:\n" + "\n".join(found)
