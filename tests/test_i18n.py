"""The editions (한국어판): one English source, a gettext catalogue per
language, chosen at release.

* every catalogue is complete in Korean, nothing fuzzy, the templates fresh;
  changing an English paragraph without its translation fails the check;
* the Korean release's code cells are the English release's outside their
  comments and a locked cell's printed labels (tests/test_code_comments_korean.py:
  token for token), with the same cell ids and points; only markdown, hints and the compiled
  catalogue of the messages the release shows differ, and that catalogue holds
  no hidden test's message;
* the untouched Korean release, run top to bottom, says ✘ in Korean;
* a class graded from the Korean release gets the scores of the same class
  graded from the English release (tests/test_course.py's round trip grades
  both editions side by side).
"""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import ASSIGNMENTS, REPO
from workbook import i18n
from workbook.authoring import catalog
from workbook.course import nb as nbm
from workbook.course import layout as course
from workbook.authoring import release

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KO = "ko"


def _domains():
    return catalog.domains(REPO)


@pytest.mark.parametrize("domain", [d.name for d in catalog.domains(REPO)])
def test_every_catalogue_entry_has_a_korean_translation_that_is_not_fuzzy(domain):
    d = {x.name: x for x in _domains()}[domain]
    problems = catalog.check(d, KO)
    assert problems == [], "\n".join(problems[:40]) + f"\n... {len(problems)} problems: " \
        "`workbook catalog update` then translate (docs/translating.md)"


def test_changing_an_english_paragraph_without_its_translation_fails(tmp_path):
    root = course.copy_course(REPO, tmp_path / "course", ["00_orientation"], with_release=False)
    d = catalog.domains(root, ["00_orientation"])[0]
    assert catalog.check(d, KO) == []
    path = root / "source" / "00_orientation" / "00_orientation.ipynb"
    nb = nbm.read(path)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "This orientation takes" in c.source)
    cell.source = cell.source.replace("This orientation takes about 115 to 160 minutes,",
                                      "This orientation takes about 50 to 70 minutes,")
    nbm.write(nb, path)
    stale = catalog.check(d, KO)
    assert any("stale" in p for p in stale), stale
    catalog.update(d, [KO])
    after = catalog.check(d, KO)
    assert len(after) == 1 and "fuzzy" in after[0] and "50 to 70 minutes" in after[0], after
    po = catalog.read_po(d.po(KO), KO)
    changed = next(m for m in po if m.id and "50 to 70 minutes" in m.id)
    assert changed.fuzzy and changed.string, "the old translation is kept, marked fuzzy, for the translator"
    # a fuzzy entry is never used: the release shows the English until it is translated again
    lang = i18n.language_for(KO, root / "source" / "00_orientation", "00_orientation")
    assert lang.exact(changed.id) is None


def test_fill_refuses_a_translation_that_breaks_code_fields_or_tables(tmp_path):
    problems = catalog.problems_of
    assert problems("wrong result for {text}", "{text}의 결과가 틀렸습니다", True) == []
    assert problems("wrong result for {text}", "결과가 틀렸습니다", True)
    assert problems("use `GROUP BY` here", "여기서 `그룹 바이`를 쓰세요", False)
    assert problems("| a | b |\n|---|---|", "가 나", False)
    assert problems("use `GROUP BY` here", "여기서 `GROUP BY`를 쓰세요", False) == []


def test_markdown_blocks_round_trip_and_keep_their_markers():
    text = "## Title\n\nA paragraph\nover two lines.\n\n* item one\n  continued\n* item two\n\n```\ncode\n```"
    assert catalog.translate_markdown(text, lambda t: t) == text
    ko = catalog.translate_markdown(text, {"Title": "제목", "item one\ncontinued": "항목 하나\n계속",
                                           "A paragraph\nover two lines.": "두 줄에 걸친\n문단."}.get)
    assert ko == "## 제목\n\n두 줄에 걸친\n문단.\n\n* 항목 하나\n  계속\n* item two\n\n```\ncode\n```"
    for p in REPO.glob("source/*/*.ipynb"):
        for c in nbm.read(p).cells:
            if c.cell_type == "markdown":
                f = catalog.translate_manual if nbm.kind(c) == "manual" else catalog.translate_markdown
                assert f(c.source, lambda t: t) == c.source, f"{p.name}: a cell does not round-trip"


# the tests that read the Korean release run on one xdist worker, which builds it once
ON_THE_KOREAN_RELEASE = pytest.mark.xdist_group("korean-release")


@pytest.fixture(scope="module")
def korean_release(tmp_path_factory):
    """release/ of every assignment in Korean, generated from source/ as
    `workbook release --lang ko` does, and in English: the committed release/
    (tests/test_course.py::test_release_is_up_to_date proves it is what
    `workbook release` generates)."""
    base = tmp_path_factory.mktemp("editions")
    for a in ASSIGNMENTS:
        release.regenerate_to(REPO, a, base / KO / a, KO)
    return {"en": REPO / "release", KO: base / KO}


def _code_cells(nb, english):
    """Each cell's id and type, a code cell's code outside the texts an
    edition translates (``comments.code_outside_texts``, found in the English
    edition's cell: comments, a locked cell's printed labels, a test cell's
    visible messages and case descriptions; tests/test_code_comments_korean.py checks them) and its
    nbgrader metadata but the checksum (nbgrader's checksum covers the source,
    comments included: ``_checksums_of_unchanged_cells`` compares it where the
    source is the same; grading restores a locked cell from the gradebook, so
    a translated text decides nothing)."""
    from workbook.authoring import comments, labels
    keys = labels.printed_keys(english)

    def code(c, e):
        return comments.code_outside_texts(c.source, e, keys) if c.cell_type == "code" else None
    return [(c.get("id"), c.cell_type, code(c, e),
             json.dumps({k: v for k, v in c.metadata.get("nbgrader", {}).items() if k != "checksum"},
                        sort_keys=True)) for c, e in zip(nb.cells, english.cells)]


def _checksums_of_unchanged_cells(en, ko):
    return [(a.get("id"), a.metadata.get("nbgrader", {}).get("checksum"), b.metadata.get("nbgrader", {}).get("checksum"))
            for a, b in zip(en.cells, ko.cells) if a.cell_type == "code" and a.source == b.source
            and a.metadata.get("nbgrader", {}).get("checksum") != b.metadata.get("nbgrader", {}).get("checksum")]


@pytest.mark.slow
@ON_THE_KOREAN_RELEASE
def test_the_korean_release_has_the_english_code_cell_ids_and_points(korean_release):
    for a in ASSIGNMENTS:
        for p in sorted((korean_release["en"] / a).glob("*.ipynb")):
            en, ko = nbm.read(p), nbm.read(korean_release[KO] / a / p.name)
            assert len(en.cells) == len(ko.cells) and _code_cells(en, en) == _code_cells(ko, en), f"{a}: code, ids or points differ between editions"
            assert _checksums_of_unchanged_cells(en, ko) == [], f"{a}: a checksum differs for the same code"
            assert i18n.notebook_language(en) == "en" and i18n.notebook_language(ko) == KO
            md_en = [c.source for c in en.cells if c.cell_type == "markdown"]
            md_ko = [c.source for c in ko.cells if c.cell_type == "markdown"]
            assert sum(bool(HANGUL.search(t)) for t in md_ko) > 0.9 * len(md_ko), f"{a}: markdown not in Korean"
            assert len(md_en) == len(md_ko)
        hints_en = json.loads((korean_release["en"] / a / ".hints.json").read_text(encoding="utf-8"))
        hints_ko = json.loads((korean_release[KO] / a / ".hints.json").read_text(encoding="utf-8"))
        assert list(hints_en) == list(hints_ko) and all(len(hints_en[k]) == len(hints_ko[k]) for k in hints_en)
        assert all(HANGUL.search(h) for hs in hints_ko.values() for h in hs), f"{a}: a hint not in Korean"
        assert not list((korean_release["en"] / a).rglob("*.mo")), "the English release needs no catalogue"


@pytest.mark.slow
@ON_THE_KOREAN_RELEASE
def test_the_korean_answer_cells_say_where_to_write_in_korean_and_count_as_unanswered(korean_release):
    """nbgrader's stubs ("# YOUR CODE HERE", "YOUR ANSWER HERE") are
    released in the edition's language (``ClearSolutions`` configured by
    ``release.edition_stubs``), and ``workbook progress`` still counts an
    untouched answer cell as unanswered."""
    from workbook.student import progress
    seen = 0
    for a in ASSIGNMENTS:
        for p in sorted((korean_release[KO] / a).glob("*.ipynb")):
            nb = nbm.read(p)
            for ex in nbm.exercises(nb):
                text = nb.cells[ex.answer_index].source
                assert "YOUR CODE HERE" not in text and "YOUR ANSWER HERE" not in text, f"{a} {ex.grade_id}: {text!r}"
                seen += "여기에 코드를 작성하세요" in text
            for cell in nb.cells:
                if nbm.kind(cell) == "manual" and cell.cell_type == "markdown":
                    assert cell.source.strip() == "여기에 답을 작성하세요", f"{a}: {cell.source[:60]!r}"
            assert progress._count(nb, a, p.stem, None).answered == 0, f"{a}: an untouched cell counted as answered"
    assert seen > 100


@pytest.mark.slow
@ON_THE_KOREAN_RELEASE
def test_the_released_catalogue_holds_no_hidden_test_message(korean_release):
    for a in ASSIGNMENTS:
        mo = korean_release[KO] / a / "locale" / KO / "LC_MESSAGES" / f"{a}.mo"
        assert mo.is_file(), f"{a}: no compiled catalogue in the Korean release"
        shipped = set(i18n.Catalog.read(mo, KO).ids)
        hidden_only = {e.msgid for e in catalog.assignment_entries(REPO / "source" / a) if e.hidden} - \
            {e.msgid for e in catalog.assignment_entries(REPO / "source" / a) if not e.hidden}
        leaked = shipped & hidden_only
        assert not leaked, f"{a}: hidden tests' messages in release: {sorted(leaked)[:5]}"
        for p in (korean_release[KO] / a).rglob("*"):
            assert p.suffix not in (".po", ".pot"), f"{a}: a source catalogue was released: {p.name}"


@pytest.mark.slow
@ON_THE_KOREAN_RELEASE
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_untouched_korean_release_shows_its_failures_in_korean(assignment, korean_release, tmp_path):
    """Run top to bottom as a student who has not started: every test cell
    fails, and its ✘ line is Korean; a worked example that needs an answer
    not written yet waits with one ⏸ line (in Korean, naming the questions),
    never a traceback (04's demo cells showed four NameErrors)."""
    import nbformat
    from nbclient import NotebookClient
    work = tmp_path / assignment
    shutil.copytree(korean_release[KO] / assignment, work)
    for p in sorted(work.glob("*.ipynb")):
        nb = nbformat.read(p, as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(work)}}).execute()
        failures = [o for c in nb.cells if nbm.kind(c) == "tests" for o in c.get("outputs", [])
                    if o.output_type == "error"]
        tests = [c for c in nb.cells if nbm.kind(c) == "tests"]
        assert len(failures) == len(tests), f"{assignment}: a test of the untouched release did not fail"
        english = [o.traceback[0] for o in failures if not HANGUL.search("\n".join(o.traceback))]
        assert not english, f"{assignment}: ✘ messages not in Korean: {english[:3]}"
        demos = [(i, o.ename, o.evalue) for i, c in enumerate(nb.cells) if c.cell_type == "code"
                 and nbm.kind(c) not in ("tests", "answer") for o in c.get("outputs", []) if o.output_type == "error"]
        assert not demos, f"{assignment}: a cell that is not a test or an answer stopped with a traceback: {demos}"
        waits = [line for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout"
                 for line in o.text.splitlines() if line.startswith("⏸")]
        assert all(HANGUL.search(w) and "Question" not in w for w in waits), \
            f"{assignment}: a ⏸ line not in Korean: {[w for w in waits if 'Question' in w][:3]}"


def test_the_glossary_page_is_generated_from_the_glossarys_data():
    from workbook.authoring import korean
    assert (REPO / korean.DOC).read_text(encoding="utf-8") == korean.glossary_markdown(), \
        "docs/glossary.md is generated: change workbook/locale/ko/glossary.toml and run `workbook catalog glossary`"


def test_catalog_check_fails_on_a_broken_term_emphasis_list_item_and_date_bound(tmp_path):
    root = course.copy_course(REPO, tmp_path / "course", ["00_orientation"], with_release=False)
    d = catalog.domains(root, ["00_orientation"])[0]
    assert catalog.check(d, KO) == []
    po = catalog.read_po(d.po(KO), KO)
    paragraph = next(m for m in po if m.id and m.string and "\n" not in m.id and "**" not in m.string and len(m.id) > 80
                     and m.locations[0][0].startswith("00_orientation.ipynb#") and "python-format" not in m.flags)
    item = next(m for m in po if m.id and m.string and m.id.startswith("`") and m.id != paragraph.id
                and "python-format" not in m.flags)
    bad = {paragraph.id: "*데이터 누수(data leakage)*입니다. 피처와 라벨을 2026-01-01 이후 주문으로 만듭니다",
           item.id: item.string.rstrip(".") + ";"}
    catalog.fill(d, KO, bad)
    found = "\n".join(catalog.check(d, KO))
    for problem in ("emphasis not rendered", "'피처'", "'라벨'", "without (당일 포함) or (당일 제외)"):
        assert problem in found, f"{problem} not found in:\n{found}"
    from workbook.authoring import korean
    assert korean.term_problems("the cutoff date", "기준일") and not korean.term_problems("the reference date", "기준일")
    assert korean.term_problems("expected {x}", "기대값 {x}") and not korean.term_problems("expected {x}", "기댓값 {x}")
    assert korean.list_items_ending_in_semicolon("* 값이 있어야 합니다;\n* 두 번째 항목") == ["값이 있어야 합니다;"]
    assert not korean.emphasis_left("**데이터 누수**(data leakage)입니다")


def test_a_strict_date_bound_is_jeon_or_hu_never_ijeon_or_ihu():
    """이전/이후 include the day in Korean usage (docs/glossary.md): a strict bound is 전(당일 제외) or
    후(당일 제외); 이전(당일 제외) contradicts itself."""
    from workbook.authoring import korean
    assert korean.date_bound_problems("컷오프 이전(당일 제외)의 주문") and korean.date_bound_problems("R **이후**(당일 제외)")
    assert not korean.date_bound_problems("컷오프 전(당일 제외)의 주문, R 후(당일 제외), 2026-06-01 이후(당일 포함)")


def test_catalog_check_fails_on_a_particle_that_does_not_fit_the_noun_before_it():
    """A word swapped in a translation keeps the old word's particle unless it is
    reread (09's check message: 레벨 -> 단계 gave '다음 단계을 만들고, 단계이 비면')."""
    from workbook.authoring import korean
    for bad in ("make_candidates로 다음 단계을 만들고, 단계이 비면 멈추세요", "주문 행를 세세요", "항목 집합가 비면",
                "컷오프으로 나누세요", "재현율를 구하세요", "임계값와 비교"):
        assert korean.noun_particle_problems(bad), bad
    for good in ("다음 단계를 만들고, 단계가 비면 멈추세요", "주문 행을 세세요", "단계로", "컷오프로", "길이가",
                 "재현율을 구하세요", "임계값과 비교", "`단계을` 그대로", "기울기이다"):
        assert not korean.noun_particle_problems(good), good


def test_catalog_check_fails_on_a_particle_whose_form_depends_on_the_value_before_it(tmp_path):
    """`{key}가` reads 'user.email가' or '3가': the translation must rephrase
    (`{key} 값이`) or let the field choose (`{key:이}`)."""
    from workbook.authoring import korean
    for bad in ("~/.gitconfig-work에 {key}가 없습니다", "{path}는 주공정이 아닙니다", "인덱스 {index}를 삭제합니다",
                "{a}와 {b}", "MySQL에서는 {instead}로 씁니다", "{assignment}을(를) 시험으로", "파라미터 `{path}`를 설정할 때",
                "{name!r}이 아니라", "{value:.3f}은 너무 큽니다", "{name}으로부터"):
        assert korean.particle_problems(bad), bad
    for good in ("~/.gitconfig-work에 {key} 설정이 없습니다", "{p2:을} 만들었습니다", "{a!r:과} {b!r} 두 특성은",
                 "{n}가지", "{n}개입니다", "{rate:.6f}이어야 합니다", "잘못된 버전 값({bad!r})으로",
                 "`{k: ml_fit(s) for k, s in SCENARIOS.items()}`가 정렬합니다", "{n} 이상"):
        assert not korean.particle_problems(good), good
    root = course.copy_course(REPO, tmp_path / "course", ["00_orientation"], with_release=False)
    d = catalog.domains(root, ["00_orientation"])[0]
    assert catalog.check(d, KO) == []
    po = catalog.read_po(d.po(KO), KO)
    entry = next(m for m in po if m.id and m.string and "`{" in m.string and "python-brace-format" in m.flags)
    catalog.fill(d, KO, {entry.id: entry.string + " {name}가 없습니다"})
    assert any("a particle after a field depends on the value: '{name}가'" in p for p in catalog.check(d, KO))


def test_a_cited_title_stays_english_in_korean_but_no_other_quoted_english_does():
    """00's "Study first" hints cite courses and lessons by their English titles (the glossary's
    ``cited`` list): those exact phrases are not left-over English; an English sentence in quotes, or a
    title the glossary does not list, still is."""
    from workbook.authoring import korean
    assert "Loops and List Comprehensions" in korean.cited_titles()
    assert korean.latin_words('Kaggle Learn Python의 강의 "Loops and List Comprehensions"와 파이썬 문서의 '
                              '"String Methods"') == []
    assert korean.latin_words('"Sort the list by its key first"를 보세요') == \
        ["Sort", "the", "by", "its", "key", "first"]
    assert korean.latin_words('강의 "Loops and Conditionals"') == ["Loops", "and", "Conditionals"]
    # only the phrase as listed: a listed title's words elsewhere are English left
    assert korean.latin_words("리스트 Comprehensions를 배우세요") == ["Comprehensions"]


def test_catalog_update_on_a_clean_tree_changes_nothing(tmp_path):
    """Every catalogue is as `workbook catalog update` writes it: updating again rewrites no byte (the
    package's too, its locale folder copied)."""
    root = course.copy_course(REPO, tmp_path / "course", ["00_orientation", "02_sql"], with_release=False)
    package = catalog.Domain(i18n.DOMAIN, tmp_path / "locale", catalog.package_entries)
    shutil.copytree(i18n.PACKAGE_LOCALE, package.locale_dir)
    domains = catalog.domains(root, ["00_orientation", "02_sql"]) + [package]
    files = [d.pot for d in domains] + [d.po(KO) for d in domains]
    before = {p: p.read_bytes() for p in files}
    for d in domains:
        catalog.update(d, [KO])
    changed = [str(p) for p in files if p.read_bytes() != before[p]]
    assert changed == [], f"`workbook catalog update` rewrote {changed}"


def test_no_catalogue_holds_translator_comments_left_by_an_unread_previous_msgid():
    """Babel writes a changed entry's old English as ``#| msgid``, wrapped without quotes, and never reads it
    back: its reader kept each line as a translator comment, and every update wrapped and kept them again
    (2,900 lines of old English in the catalogues). `catalog update` writes no ``#|`` line and drops what the
    course never writes: translator comments."""
    from workbook.authoring import catalog
    pos = sorted(REPO.glob("source/*/locale/*/LC_MESSAGES/*.po")) + sorted(REPO.glob("workbook/locale/*/LC_MESSAGES/*.po"))
    assert pos
    for p in pos:
        body = p.read_text(encoding="utf-8").split("\n\n", 1)[1]   # after the header's comment and entry
        junk = [line for line in body.splitlines() if line.startswith(("# ", "#|"))]
        assert not junk, f"{p.relative_to(REPO)}: {junk[:3]}"
    from babel.messages.catalog import Catalog
    cat = Catalog(locale="ko")
    m = cat.add("new text", string="번역", flags=["fuzzy"])
    m.previous_id = ["old text " * 12]
    path = REPO / "test-output" / "previous.po"
    path.parent.mkdir(exist_ok=True)
    catalog.write_po(cat, path)
    assert "#|" not in path.read_text(encoding="utf-8") and "old text" not in path.read_text(encoding="utf-8")
    path.unlink()


def test_catalog_update_extracts_a_domains_texts_once(tmp_path):
    """`workbook catalog update` writes the template and reports from the same extraction (the package's
    extraction reads every module of workbook/: a second one cost the update as much again)."""
    calls = []

    def entries():
        calls.append(1)
        return [catalog.Entry("Hello", ("x.py", 1)), catalog.Entry("Bye", ("x.py", 2))]
    d = catalog.Domain("tiny", tmp_path / "locale", entries)
    report = catalog.update(d, [KO])
    assert report[KO]["entries"] == 2 and report[KO]["untranslated"] == ["Hello", "Bye"]
    assert len(calls) == 1, f"extracted {len(calls)} times"
