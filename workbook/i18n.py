"""The course's languages at run time: which language a notebook speaks, and
the catalogues that render what a person reads in it (``workbook.messages``).

The code of an assignment is the same in every edition, byte for byte: its
messages are written in English and the English text is the ``msgid``. A
message is data until it is shown (``workbook.messages.Message``: a template
and its values); it is rendered where a person reads it, with gettext:

* in the judge (grading, selfgrade), in the language of the graded notebook
  with the assignment's full catalogue (``using``);
* in the student's kernel, where the language is read once from the
  notebook's metadata (``metadata.workbook.language``, written at release)
  and the catalogue is the one released next to it (visible entries only);
* in a command (``workbook hint``, ``progress``, ``exam``...), in the
  language of the notebooks it speaks about.

Catalogues: ``workbook/locale/<lang>/LC_MESSAGES/workbook.po`` (the
package's messages) and ``<assignment>/locale/<lang>/LC_MESSAGES/<assignment>
.po|.mo`` (an assignment's); ``workbook.authoring.catalog`` extracts and
compiles them. Babel reads a .po (and compiles it in memory) or a .mo; the
lookups are gettext's (``gettext``, ``ngettext`` with the catalogue's
Plural-Forms).
"""
from __future__ import annotations

import contextvars
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = {"en": "English", "ko": "한국어"}
SOURCE_LANGUAGE = "en"
DOMAIN = "workbook"
PACKAGE_LOCALE = Path(__file__).resolve().parent / "locale"
METADATA_KEY = "workbook"   # notebook.metadata.workbook.language


@dataclass
class Catalog:
    """One catalogue: gettext translations (Babel) and the msgids it
    translates (not fuzzy, not empty)."""

    language: str
    translations: object = field(repr=False)
    ids: frozenset = frozenset()
    contexts: frozenset = frozenset()   # (msgctxt, msgid) of the entries with a context

    @classmethod
    def read(cls, path: str | Path, language: str | None = None) -> "Catalog":
        from babel.support import Translations
        path = Path(path)
        if path.suffix == ".mo":
            from babel.messages.mofile import read_mo
            with open(path, "rb") as f:
                cat = read_mo(f)
            with open(path, "rb") as f:
                translations = Translations(f)
        else:
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po
            with open(path, "rb") as f:
                cat = read_po(f, locale=language or None)
            buf = io.BytesIO()
            write_mo(buf, cat, use_fuzzy=False)
            buf.seek(0)
            translations = Translations(buf)
        ids, contexts = set(), set()
        for m in cat:
            if not m.id or m.fuzzy:
                continue
            strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
            if all(isinstance(s, str) and s for s in strings):
                msgid = m.id[0] if isinstance(m.id, (tuple, list)) else m.id
                if m.context:
                    contexts.add((m.context, msgid))
                else:
                    ids.add(msgid)
        return cls(language or str(cat.locale or ""), translations, frozenset(ids), frozenset(contexts))

    @classmethod
    def of(cls, language: str, messages: dict) -> "Catalog":
        """A catalogue made in memory (tests, tools): {msgid: msgstr}, a plural
        as {(singular, plural): (form, ...)} in the language's plural forms."""
        from babel.messages.catalog import Catalog as BabelCatalog
        from babel.messages.mofile import write_mo
        from babel.support import Translations
        cat = BabelCatalog(locale=language, fuzzy=False)
        for k, v in messages.items():
            cat.add(k, v)
        buf = io.BytesIO()
        write_mo(buf, cat)
        buf.seek(0)
        return cls(language, Translations(buf), frozenset(k[0] if isinstance(k, tuple) else k
                                                          for k, v in messages.items() if v))

    def get(self, msgid: str) -> str | None:
        return self.translations.gettext(msgid) if msgid in self.ids else None


@dataclass
class Language:
    """A language and the catalogues that speak it, nearest first."""

    code: str = SOURCE_LANGUAGE
    catalogs: list[Catalog] = field(default_factory=list)

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE or not self.catalogs

    def exact(self, text: str) -> str | None:
        """The translation of the msgid ``text``, or None."""
        for c in self.catalogs:
            if text in c.ids:
                return c.translations.gettext(text)
        return None

    def pexact(self, context: str, text: str) -> str | None:
        """The translation of the msgid ``text`` in ``context`` (msgctxt), or
        None."""
        for c in self.catalogs:
            if (context, text) in c.contexts:
                return c.translations.pgettext(context, text)
        return None

    def gettext(self, msgid: str) -> str:
        """``msgid`` in this language (itself when no catalogue has it)."""
        got = self.exact(msgid) if self.catalogs else None
        return msgid if got is None else got

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a plural message for the count ``n`` (the catalogue's
        Plural-Forms; English: one and the others)."""
        for c in self.catalogs:
            if singular in c.ids:
                return c.translations.ngettext(singular, plural, n)
        return singular if n == 1 else plural


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


def tr(text) -> str:
    """A msgid (or a message) in the current language: gettext's lookup of
    the whole text, never a reading of it."""
    from .messages import render
    return current().gettext(text) if isinstance(text, str) else render(text)


def _(text: str) -> str:
    """A message of the package's own, in the current language."""
    return current().gettext(text)


def format_(template: str, **values) -> str:
    """``msg(template, **values)`` rendered now in the current language: for
    a tool's line, shown where it is made (a value that is a message is
    rendered in turn; a ``str`` value is shown as it is)."""
    from .messages import msg, render
    return render(msg(template, **values))


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


def folder_language(folder: Path) -> Language:
    """The language of the notebook in ``folder`` (its metadata), with the
    catalogue released next to it; English when it has none."""
    return _detect(Path(folder))


def command_language(start: Path | None = None) -> Language:
    """The language a command speaks: that of the notebooks it is run among
    (the working directory's), else of the student's workspace, else of the
    course's release."""
    here = Path(start or os.getcwd())
    lang = folder_language(here)
    if not lang.is_source or any(here.glob("*.ipynb")):
        return lang
    from .student.progress import find_workspace, release_language, workspace_language
    ws = find_workspace(here)
    lang = workspace_language(ws)
    return lang if not lang.is_source else release_language(ws)


def _detect(folder: Path) -> Language:
    """In a student's kernel: the running notebook's language
    (``workbook.notebook`` finds it), with the catalogue released next to it."""
    from . import notebook
    path = notebook.find(folder)
    if path is None:
        return Language(SOURCE_LANGUAGE, [])
    code = notebook_language({"metadata": {METADATA_KEY: notebook.metadata(path)}})
    return language_for(code, folder, path.stem)
