"""The course's languages at run time: which language a notebook speaks, and
the translation of what a person reads (check messages, hints, the tools'
lines) through gettext catalogues.

The code of an assignment is the same in every edition, byte for byte: its
messages are written in English (``hint="..."``, ``what="..."``,
``check_true(..., "message")``) and the English text is the ``msgid``.
They are translated where they are shown:

* in the judge (grading, selfgrade), which sets the language of the graded
  notebook and the assignment's full catalogue (``using``);
* in the student's kernel, where the language is read once from the
  notebook's metadata (``metadata.workbook.language``, written at release)
  and the catalogue is the one released next to it (visible entries only).

A message is translated whole when the catalogue holds it, otherwise line by
line, otherwise by the most specific ``python-format`` template that matches
it (a message the package composed from a template, such as
``wrong result for {text}``); the template's fields are translated in turn
(``what=`` texts of a test cell), so a composed message reads in one language.
The stdlib's ``string.Formatter`` splits a template into literal text and
fields, which become a regular expression that reads a message back.

Catalogues: ``workbook/locale/<lang>/LC_MESSAGES/workbook.po`` (the
package's messages) and ``<assignment>/locale/<lang>/LC_MESSAGES/<assignment>
.po|.mo`` (an assignment's); ``workbook.authoring.catalog`` extracts and
compiles them.
"""
from __future__ import annotations

import contextvars
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = {"en": "English", "ko": "한국어"}
SOURCE_LANGUAGE = "en"
DOMAIN = "workbook"
PACKAGE_LOCALE = Path(__file__).resolve().parent / "locale"
METADATA_KEY = "workbook"   # notebook.metadata.workbook.language

_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)?(![rsa])?(:[^{}]*)?\}")
_WORDS = re.compile(r"[A-Za-z][A-Za-z' -]*[A-Za-z]")   # plain English words (not code, not a value)
_MIN_LITERAL = 2            # literal letters a template needs to match anything ("{a}, {b}" would match anything)


def _plain_fields(template: str) -> str:
    """A template with its conversions and format specs removed: a field
    holds text already formatted (``{x:.3f}`` -> ``{x}``)."""
    return _FIELD.sub(lambda m: "{" + (m.group(1) or "") + "}", template)


def _literal_letters(template: str) -> int:
    return sum(ch.isalpha() for ch in _FIELD.sub("", template.replace("{{", "").replace("}}", "")))


def _specificity(template: str) -> tuple[int, int]:
    """The most specific template wins: more literal letters, then more
    literal characters of any kind."""
    literal = _FIELD.sub("", template.replace("{{", "").replace("}}", ""))
    return sum(ch.isalpha() for ch in literal), len(literal.strip())


@dataclass
class Catalog:
    """One compiled catalogue: msgid -> msgstr (translated, not fuzzy)."""

    language: str
    messages: dict[str, str] = field(default_factory=dict)
    _templates: list | None = field(default=None, repr=False)

    @classmethod
    def read(cls, path: str | Path, language: str | None = None) -> "Catalog":
        path = Path(path)
        if path.suffix == ".mo":
            from babel.messages.mofile import read_mo
            with open(path, "rb") as f:
                cat = read_mo(f)
        else:
            from babel.messages.pofile import read_po
            with open(path, "rb") as f:
                cat = read_po(f, locale=language or None)
        messages = {}
        for m in cat:
            if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy:
                messages[m.id] = m.string
        for msgid, msgstr in list(messages.items()):
            # a piece that ends a line ("...:\n") also matches once a message is split into lines
            bare = msgid.strip()
            if bare and bare != msgid and bare not in messages:
                messages[bare] = msgstr.strip()
        return cls(language or str(cat.locale or ""), messages)

    def get(self, text: str) -> str | None:
        return self.messages.get(text)

    def templates(self) -> list[tuple[tuple[int, int], re.Pattern, str, str]]:
        if self._templates is None:
            out = []
            for msgid, msgstr in self.messages.items():
                if "{" not in msgid or _literal_letters(msgid) < _MIN_LITERAL:
                    continue
                pattern = _reader(msgid)
                if pattern is not None:
                    out.append((_specificity(msgid), pattern, msgid, _plain_fields(msgstr)))
            out.sort(key=lambda t: (-t[0][0], -t[0][1]))
            self._templates = out
        return self._templates


def _reader(template: str) -> re.Pattern | None:
    """A str.format template read backwards: a regex whose named groups are
    its fields (a field may be empty; a field used twice must match the same
    text). None for a template with an unnamed or positional field."""
    import string
    parts, seen = [r"\A"], set()
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, name, _spec, _conv in pieces:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if not name.isidentifier():
            return None
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
    parts.append(r"\Z")
    try:
        return re.compile("".join(parts), re.DOTALL)
    except re.error:
        return None


@dataclass
class Language:
    """A language and the catalogues that speak it, nearest first."""

    code: str = SOURCE_LANGUAGE
    catalogs: list[Catalog] = field(default_factory=list)

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE or not self.catalogs

    def exact(self, text: str) -> str | None:
        for c in self.catalogs:
            got = c.get(text)
            if got is not None:
                return got
        return None

    def translate(self, text, depth: int = 0):
        """``text`` in this language (unchanged when nothing translates it)."""
        if not isinstance(text, str) or not text or self.is_source:
            return text
        got = self.exact(text)
        if got is not None:
            return got
        stripped = text.strip()
        if stripped != text and stripped:
            got = self.exact(stripped)
            if got is None and depth < 3 and "\n" not in stripped:
                got = self._by_template(stripped, depth)
            if got is not None:
                return text[:len(text) - len(text.lstrip())] + got + text[len(text.rstrip()):]
        if depth < 3:
            got = self._by_template(text, depth)
            if got is not None:
                return got
        if "\n" in text:
            lines = text.split("\n")
            out = [self.translate(line, depth + 1) for line in lines]
            if out != lines:
                return "\n".join(out)
        return text

    def _by_template(self, text: str, depth: int) -> str | None:
        """The most specific template that reads ``text`` back and whose
        fields all translate (a field of words left in English counts
        against it): "wrong number of batches" is "wrong {what}" with
        what="number of batches" when the catalogue knows that phrase."""
        best, best_missing = None, None
        for catalog in self.catalogs:
            for _, pattern, _msgid, msgstr in catalog.templates():
                found = pattern.match(text)
                if found is None:
                    continue
                values, missing = {}, 0
                for k, v in found.groupdict().items():
                    t = self.translate(v, depth + 1)
                    values[k] = t
                    if t == v and _WORDS.fullmatch(v.strip()):
                        missing += 1     # words that stayed English
                try:
                    out = msgstr.format(**values)
                except (KeyError, IndexError, ValueError):
                    continue
                if missing == 0:
                    return out
                if best_missing is None or missing < best_missing:
                    best, best_missing = out, missing
        return best


_current: contextvars.ContextVar = contextvars.ContextVar("workbook_language", default=None)
_detected: dict[str, Language] = {}


class using:
    """Context manager: messages inside speak ``language`` (the judge, the
    student tools)."""

    def __init__(self, language: Language):
        self.language = language

    def __enter__(self):
        self._token = _current.set(self.language)
        return self.language

    def __exit__(self, *exc):
        _current.reset(self._token)


def current() -> Language:
    """The language of the messages being made now: the one set by the
    caller, else (in a student's kernel) the running notebook's."""
    lang = _current.get()
    if lang is not None:
        return lang
    here = os.getcwd()
    if here not in _detected:
        _detected[here] = _detect(Path(here))
    return _detected[here]


def tr(text):
    """``text`` in the current language."""
    return current().translate(text)


def _(text: str) -> str:
    """A message of the package's own, in the current language."""
    return current().translate(text)


def format_(template: str, **values) -> str:
    """``template`` translated, then formatted with ``values`` as they are
    (translate a text value with ``tr`` first; a student's value never is)."""
    lang = current()
    msg = lang.exact(template) if not lang.is_source else None
    try:
        return (msg or template).format(**values)
    except (KeyError, IndexError, ValueError):   # a translation that lost a field
        return template.format(**values)


# ---------------------------------------------------------------- languages
def notebook_language(nb) -> str:
    """The language a notebook was released in (its metadata), English when
    none is recorded or it is not one of the course's."""
    try:
        code = nb["metadata"][METADATA_KEY]["language"]
    except (KeyError, TypeError):
        return SOURCE_LANGUAGE
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def package_catalog(code: str) -> Catalog | None:
    """The package's own messages in ``code`` (the compiled .mo, else the .po)."""
    if code == SOURCE_LANGUAGE:
        return None
    mo = PACKAGE_LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    po = mo.with_suffix(".po")
    try:
        fresh = mo.stat().st_mtime >= po.stat().st_mtime
    except OSError:
        fresh = mo.exists()
    return _read_first([mo, po] if fresh else [po, mo], code)


def assignment_catalog(folder: Path, assignment: str, code: str) -> Catalog | None:
    """An assignment's messages in ``code``: the full .po next to the source
    (the judge), else the .mo released next to the notebook (visible entries)."""
    if code == SOURCE_LANGUAGE:
        return None
    base = Path(folder) / "locale" / code / "LC_MESSAGES" / assignment
    return _read_first([base.with_suffix(".po"), base.with_suffix(".mo")], code)


_cache: dict[tuple, Catalog | None] = {}


def _read_first(paths: list[Path], code: str) -> Catalog | None:
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        key = (str(p), st.st_mtime_ns, st.st_size)
        if key not in _cache:
            try:
                _cache[key] = Catalog.read(p, code)
            except Exception:   # a broken catalogue: the English text is shown
                _cache[key] = None
        return _cache[key]
    return None


def language_for(code: str, folder: Path | None = None, assignment: str | None = None) -> Language:
    """The Language ``code`` with the assignment's catalogue (when given) and
    the package's."""
    if code not in LANGUAGES or code == SOURCE_LANGUAGE:
        return Language(SOURCE_LANGUAGE, [])
    cats = []
    if folder is not None and assignment:
        cats.append(assignment_catalog(folder, assignment, code))
    cats.append(package_catalog(code))
    return Language(code, [c for c in cats if c is not None])


def _detect(folder: Path) -> Language:
    """In a student's kernel: the running notebook's language
    (``workbook.notebook`` finds it), with the catalogue released next to it."""
    from . import notebook
    path = notebook.find(folder)
    if path is None:
        return Language(SOURCE_LANGUAGE, [])
    code = notebook_language({"metadata": {METADATA_KEY: notebook.metadata(path)}})
    return language_for(code, folder, path.stem)
