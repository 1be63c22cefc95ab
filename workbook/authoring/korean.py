"""The Korean edition's terms and typography, checked rather than remembered.

* The glossary is data, ``workbook/locale/ko/glossary.toml``:
  docs/glossary.md is generated from it (``glossary_markdown``, written by
  ``workbook catalog glossary``), and its ``[rules]`` are enforced on every
  Korean text of the course by ``workbook catalog check``: a variant the
  edition never uses (피처, 라벨, 숨겨진 테스트) and a term translated by
  another term's word (기준일 for a cutoff) fail it.
* Typography, on the Korean notebooks as a reader sees them: emphasis that
  CommonMark does not render (``*데이터 누수(data leakage)*입니다`` keeps
  its asterisks: markdown-it renders each markdown cell and any ``*`` or
  ``_`` delimiter left in its text fails), a list item ending in ``;``, a
  date bound (이전/이후 after a date) without (당일 포함) or (당일 제외), and
  이전/이후 with (당일 제외) (they include the day: a strict bound is
  전/후(당일 제외)).
* ``latin_words``: the Latin words of a Korean text outside code, fields,
  identifiers, the glossary's parenthesised English terms and the titles it
  lists as cited (``cited``: a course or lesson a hint sends the reader to,
  kept in English as Korean technical writing keeps it) (the Korean check
  messages are tested with it: tests/test_korean_messages.py).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parent.parent / "locale" / "ko" / "glossary.toml"
DOC = "docs/glossary.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@functools.lru_cache(maxsize=4)
def glossary(path: Path = GLOSSARY) -> dict:
    import tomllib
    with open(path, "rb") as f:
        return tomllib.load(f)


def glossary_markdown(data: dict | None = None) -> str:
    """docs/glossary.md, from the glossary's data."""
    data = data or glossary()
    out = [f"# {data['title']}", ""]
    if data.get("intro"):
        out += [data["intro"].strip("\n"), ""]
    for sec in data.get("section", []):
        out += [f"## {sec['title']}", ""]
        if sec.get("intro"):
            out += [sec["intro"].strip("\n"), ""]
        cols = sec["columns"]
        out.append("| " + " | ".join(cols) + " |")
        out.append("|" + "|".join("---" for _ in cols) + "|")
        for row in sec["rows"]:
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        if sec.get("notes"):
            out += [sec["notes"].strip("\n"), ""]
    return "\n".join(out).rstrip("\n") + "\n"


@functools.lru_cache(maxsize=4)
def latin_names(path: Path = GLOSSARY) -> frozenset[str]:
    """Names the Korean text writes in Latin letters too (products, formats)."""
    return frozenset(glossary(path).get("rules", {}).get("latin", []))


@functools.lru_cache(maxsize=4)
def cited_titles(path: Path = GLOSSARY) -> tuple[str, ...]:
    """The English titles a Korean text may cite as they are (courses,
    lessons, documents), longest first; only these exact phrases."""
    return tuple(sorted(glossary(path).get("rules", {}).get("cited", []), key=len, reverse=True))


@functools.lru_cache(maxsize=4)
def english_terms(path: Path = GLOSSARY) -> frozenset[str]:
    """The English the glossary gives in parentheses after a Korean term
    (이탈(churn) -> "churn"), lower-cased."""
    out = set()
    for sec in glossary(path).get("section", []):
        for row in sec["rows"]:
            for cell in row[1:2]:
                for inner in re.findall(r"\(([^()]*[A-Za-z][^()]*)\)", cell):
                    out.add(inner.strip().lower())
    return frozenset(out)


# ---------------------------------------------------------------- Latin words
_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(![rsa])?(:[^{}]*)?\}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’-]*[A-Za-z0-9_]|[A-Za-z]")


def _is_identifier_like(word: str) -> bool:
    """Code rather than a word: snake_case, camelCase, an acronym or
    keyword in capitals (SQL, AUC, CSV), a dotted or numbered name."""
    return ("_" in word or any(ch.isdigit() for ch in word) or word.isupper()
            or re.search(r"[a-z][A-Z]", word) is not None)


def latin_words(text: str, identifiers=frozenset(), terms=None) -> list[str]:
    """The Latin words of a Korean ``text`` that are none of: code (in
    backticks), a template's field, an identifier (``identifiers``, or one by
    its form), the glossary's parenthesised English (``(data leakage)``), a
    title the glossary lists as cited (``"List Comprehensions"``, exactly as
    listed)."""
    terms = english_terms() if terms is None else terms
    text = _CODE.sub(" ", text)
    text = _FIELD.sub(" ", text)
    for title in cited_titles():
        text = re.sub(rf"(?<![A-Za-z]){re.escape(title)}(?![A-Za-z])", " ", text)

    def parenthesised(m):
        inner = m.group(1).strip().lower()
        return " " if inner in terms else m.group(0)
    text = re.sub(r"\(([^()]*)\)", parenthesised, text)
    out = []
    for m in _WORD.finditer(text):
        w = m.group(0)
        if len(w) == 1 or _is_identifier_like(w) or w in identifiers or w.lower() in identifiers \
                or w in latin_names():
            continue
        if text[max(0, m.start() - 1):m.start()] in ("/", ".", "-", "~", "$", "@", "<", "=") or \
                text[m.end():m.end() + 1] in ("(", "/", "=", ".", "[", ">"):
            continue    # a path, a call, an option, an argument: code written without backticks
        out.append(w)
    return out


# tossi's answer when it cannot tell the last sound: both forms
TOLERANCE = re.compile(r"[이을은과와](\([가를는와과]\))|\(으\)로|\((이|가|을|를|은|는)\)")


# ---------------------------------------------------------------- terms
def term_problems(msgid: str, msgstr: str) -> list[str]:
    """The glossary's rules broken by one translation."""
    rules = glossary().get("rules", {})
    out = []
    plain = _CODE.sub(" ", msgstr)
    for f in rules.get("forbidden", []):
        # the variant as a word of its own (피처 in 레시피처럼 is 피(pe) + 처럼)
        if re.search(rf"(?<![\uac00-\ud7a3]){re.escape(f['variant'])}", plain):
            out.append(f"{f['variant']!r}: the glossary says {f['use']!r} ({f['en']})")
    english = _CODE.sub(" ", msgid).lower()
    for t in rules.get("term", []):
        if not re.search(rf"\b{re.escape(t['en'].lower())}\b", english):
            continue
        if any(u.lower() in english for u in t.get("unless", [])):
            continue
        for v in t.get("not", []):
            if v in plain:
                out.append(f"{v!r} for {t['en']!r}: the glossary says {t['ko']!r}")
    return out


# ---------------------------------------------------------------- particles
# a field (alone in backticks or quotes too: `{func}`가), then a particle whose form
# depends on the value's last sound: 이/가, 은/는, 을/를, 과/와, 으로/로 (and 로서,
# 로부터, 와의, 과도...; 이(가) too), as a word's end
_FIELD_PARTICLE = re.compile(
    r"(?P<quote>[`'\"]?)\{(?P<field>[A-Za-z_][A-Za-z0-9_.\[\]]*(?:![rsa])?(?::(?P<spec>\s?[^{}\s]*))?)\}(?P=quote)"
    r"(?P<particle>(?:으로|로|이|가|은|는|을|를|과|와)(?:는|서|써|부터|의|도|만)?)"
    r"(?:\([가-힣]+\))?(?![\uac00-\ud7a3])")


def particle_problems(msgstr: str) -> list[str]:
    """A Korean particle written after a ``{field}`` (``{key}가``,
    ``{path}는``, ``{name}을``): its form depends on the value's last sound
    (``user.email``, ``3``, ``orders.csv``), which the translator cannot
    know. Rephrase (``{key} 값이``, ``경로 {path}에서``) or let the field
    choose it (``{key:이}``, workbook/messages.py)."""
    from ..messages import is_particle
    out = []
    for m in _FIELD_PARTICLE.finditer(msgstr):
        if m.group("spec") and is_particle(m.group("spec")):
            continue
        out.append(f"a particle after a field depends on the value: {m.group(0)!r} "
                   "(rephrase, e.g. '{key} 값이', or write '{key:이}')")
    return out


# a particle written after a Korean noun (not a field): its form follows the noun's
# last syllable, 단계를/단계가 but 주문 행을/주문 행이. A word swapped in a translation
# (레벨 -> 단계) keeps the old word's particle unless someone rereads it: "다음 단계을".
# The nouns checked are the glossary's Korean terms and the words below (two
# syllables or more, or a phrase), so that a particle-like ending of another word
# (길이, 높이) is never read as a particle.
NOUNS_EXTRA = ("단계", "주문 행", "항목 집합", "관련 상품", "컷오프", "베이스라인", "후보", "장바구니", "카테고리")
_PARTICLE_FORMS = {"이": True, "을": True, "은": True, "과": True, "으로": "notl",
                   "가": False, "를": False, "는": False, "와": False, "로": "l"}


@functools.lru_cache(maxsize=1)
def _noun_particle_pattern():
    nouns = set(NOUNS_EXTRA)
    data = glossary()
    for section in data.get("section", []):
        for row in section.get("rows", []):
            if len(row) > 1:
                nouns.update(w for w in re.findall(r"[\uac00-\ud7a3]{2,}", row[1]))
    for t in data.get("rules", {}).get("term", []):
        nouns.update(re.findall(r"[\uac00-\ud7a3]{2,}", t.get("ko", "")))
    nouns = {n for n in nouns if n[-1] not in "는은된한인할" and not n.endswith("하지")}   # 않는, 추적하지: not nouns
    alternatives = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"(?<![\uac00-\ud7a3])(?P<noun>{alternatives})(?P<particle>으로|로|이|가|을|를|은|는|과|와)"
                      r"(?P<more>는|도|의|서|부터|만)?(?![\uac00-\ud7a3])")


def _fits(noun: str, particle: str) -> bool:
    coda = (ord(noun[-1]) - 0xAC00) % 28
    want = _PARTICLE_FORMS[particle]
    if want == "notl":                  # 으로 after a consonant other than ㄹ
        return coda not in (0, 8)
    if want == "l":                     # 로 after a vowel or ㄹ
        return coda in (0, 8)
    return bool(coda) == want


def noun_particle_problems(text: str) -> list[str]:
    """A particle after a Korean noun of the glossary (or NOUNS_EXTRA) in the
    form of the other last sound: ``단계을``, ``단계이 비면``, ``주문 행를``."""
    out = []
    for m in _noun_particle_pattern().finditer(_CODE.sub(" ", text)):
        if not _fits(m.group("noun"), m.group("particle")):
            out.append(f"a particle that does not fit the noun before it: {m.group(0)!r}")
    return out


# ---------------------------------------------------------------- typography
_DATE_WORD = r"(\d{4}-\d{2}-\d{2}`?|기준일|컷오프|[가-힣]*일자|주문일|가입일|마감일|시작일|종료일|당일|날짜)"
_DATE_BOUND = re.compile(_DATE_WORD + r"\)?\s*(이전|이후)(?![^.\n]{0,14}(포함|제외))")


# 이전/이후 count the day itself in Korean usage: a strict bound is 전/후(당일 제외) (docs/glossary.md)
_STRICT_WITH_INCLUSIVE_WORD = re.compile(r"(이전|이후)(\*\*)?\s*\(당일 제외\)")


def date_bound_problems(text: str) -> list[str]:
    """A date bound (이전/이후 after a date) that does not say whether the day
    counts: "이전/이후" alone is ambiguous in Korean; and 이전/이후 with
    (당일 제외), which contradicts itself: 이전/이후 include the day, a strict
    bound is 전(당일 제외) or 후(당일 제외)."""
    text = _CODE.sub(" ", text)
    return [f"{m.group(0)!r} without (당일 포함) or (당일 제외)" for m in _DATE_BOUND.finditer(text)] + \
        [f"{m.group(0)!r}: 이전/이후 include the day; a strict bound is {m.group(1)[1]}(당일 제외)"
         for m in _STRICT_WITH_INCLUSIVE_WORD.finditer(text)]


def _parser():
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark").enable("table")


def emphasis_left(markdown: str) -> list[str]:
    """The text runs of a rendered markdown text that still hold an emphasis
    delimiter (``*``, or ``_`` at a word's edge): CommonMark did not close it
    (``*누수(leakage)*입니다``: a closing ``*`` after ``)`` and before a letter
    is not right-flanking)."""
    out = []
    for tok in _parser().parse(markdown):
        for child in tok.children or []:
            if child.type != "text":
                continue
            t = child.content
            if "*" in t or re.search(r"(^|[\s(])_+\S|\S_+($|[\s).,:;!?])", t):
                out.append(t.strip()[:80])
    return out


def list_items_ending_in_semicolon(markdown: str) -> list[str]:
    """The list items of a markdown text whose text ends with a semicolon (a
    Korean list item ends with a period or nothing)."""
    out = []
    tokens = _parser().parse(markdown)
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            depth += 1
        elif tok.type == "list_item_close":
            depth -= 1
        elif tok.type == "inline" and depth and tokens[i + 1].type == "paragraph_close" and \
                (i + 2 >= len(tokens) or tokens[i + 2].type == "list_item_close"):
            if tok.content.rstrip().endswith((";", "；")):
                out.append(tok.content.strip()[-60:])
    return out


def markdown_problems(english: str, korean: str) -> list[str]:
    """What a reader of one Korean markdown cell would see wrong: emphasis
    left as delimiters (more than the English cell leaves), a list item
    ending in ``;``, a date bound without 포함/제외."""
    out = []
    left_ko, left_en = emphasis_left(korean), emphasis_left(english)
    if len(left_ko) > len(left_en):
        out += [f"emphasis not rendered: {t!r}" for t in left_ko if t not in left_en]
    out += [f"a list item ends with ';': {t!r}" for t in list_items_ending_in_semicolon(korean)]
    out += date_bound_problems(korean)
    return out


# ---------------------------------------------------------------- a check message
def message_problems(message, language, identifiers=frozenset()) -> list[str]:
    """Why a message (``workbook.messages``) does not read in ``language``
    with its values in place: a template the catalogue does not translate,
    Latin words left in a template's text (outside code, fields, identifiers
    and the glossary's English terms), a particle whose form could not be
    chosen (이(가)), an argument that did not land in its field or a field
    left unfilled."""
    from ..messages import Joined, Message, render, walk
    from .extract import _is_call
    out = []
    for node in walk(message):
        if _is_call(re.sub(r"\{[^{}]*\}", "x", node.msgid)):
            continue    # a call written as code (a call's label): code, the same in every language
        text = language.ngettext(node.msgid, node.plural, node.n) if node.plural is not None \
            else language.gettext(node.msgid)
        english = latin_words(node.msgid, identifiers)
        if english and language.exact(node.msgid) is None:
            out.append(f"not translated: {node.msgid!r}")
            continue
        left = latin_words(text, identifiers)
        if left:
            out.append(f"English left in {text!r}: {left}")
        shown = render(node, language)
        # the template's own text, its values taken out: a particle it could not choose
        literal = shown
        for v in (node.args or {}).values():
            value = render(v, language) if isinstance(v, (Message, Joined)) else v
            if value and value not in shown:
                out.append(f"the value {value!r} is not in {shown!r}")
            if value:
                literal = literal.replace(value, " ")
        if TOLERANCE.search(literal):
            out.append(f"a particle after a value it cannot follow: {shown!r}")
        if node.args is not None and _FIELD.search(literal):   # (a msgid shown as it is may hold braces: code)
            out.append(f"a field left unfilled: {shown!r}")
    return out


# ---------------------------------------------------------------- a catalogue
def catalogue_problems(domain, po, language) -> list[str]:
    """What ``workbook catalog check`` finds wrong in a Korean catalogue: the
    glossary's rules broken by a translation, a date bound without 포함/제외,
    a particle after a field whose form depends on the value,
    and, in an assignment's notebooks as the Korean release shows them,
    emphasis left unrendered and list items ending in ``;``."""
    out = []
    for m in po:
        if not m.id or m.fuzzy or not m.string:
            continue
        strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        msgid = m.id[0] if isinstance(m.id, (tuple, list)) else m.id
        where = f"{domain.name} ({', '.join(f for f, _ in m.locations[:1])})"
        for s in strings:
            out += [f"{where}: {p}: {msgid[:60]!r}"
                    for p in term_problems(msgid, s) + date_bound_problems(s) + particle_problems(s)
                    + noun_particle_problems(s)]
    folder = domain.locale_dir.parent
    if domain.name != "workbook" and folder.is_dir():
        from .. import i18n
        from ..course import nb as nbm
        from .catalog import translate_notebook
        lang = i18n.language_for(language, folder, domain.name)
        for path in sorted(folder.glob("*.ipynb")):
            english = nbm.read(path)
            korean = translate_notebook(english, lang)
            for i, (en, ko) in enumerate(zip(english.cells, korean.cells)):
                if en.cell_type != "markdown":
                    continue
                for p in markdown_problems(en.source, ko.source):
                    if "(당일" not in p or "without" not in p:     # date bounds: reported per entry above
                        out.append(f"{domain.name} ({path.name} cell {i + 1}): {p}")
    return out
