"""Translation catalogues: one English source, a gettext catalogue per language.

Extracted the way Sphinx's gettext builder extracts documentation, one entry
per unit a translator reads on its own, so that a changed English sentence
turns only its own translation fuzzy:

* a markdown cell: one entry per heading, paragraph, list item and table
  (code blocks stay as they are: code is the same in every edition);
* a written answer's cell (model answer and mark scheme): the same, around
  nbgrader's mark-scheme markers;
* every hint of the exercises file (``exercises.py``), every editorial
  (``editorial``, one entry per markdown block, never released), and every
  review's texts (``review``, released in .review.json);
* in a test cell, every message a person reads: ``hint=``, ``what=``,
  ``hidden_message=``, ``check_true``'s and ``fail``'s message, ... and the
  texts of ``requirements=`` (an f-string becomes a ``python-format``
  template whose fields are named after its expressions);
* the package's own messages (``workbook/``), in the ``workbook`` domain.

Files (the layout gettext, Babel, Poedit and Weblate read)::

    source/<a>/locale/<a>.pot                      extracted, never edited
    source/<a>/locale/ko/LC_MESSAGES/<a>.po        the translation
    workbook/locale/workbook.pot, workbook/locale/ko/LC_MESSAGES/workbook.po

``workbook catalog`` extracts, merges (Babel marks a changed English entry
fuzzy) and reports; a release in another language translates markdown and
hints from the catalogue and compiles, next to the released notebook, a .mo
of the entries the release shows (never a hidden test's message).
"""
from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..markers import BEGIN_HIDDEN, BEGIN_MARK, END_HIDDEN, END_MARK
from ..course import nb as nbm

PROJECT = "daon-ml-workbook"
COPYRIGHT = "Daon Market ML engineer workbook"

# ---------------------------------------------------------------- python
@dataclass
class Entry:
    msgid: str | tuple
    location: tuple[str, int]
    comment: str = ""
    hidden: bool = False
    python_format: bool = False
    context: str | None = None      # msgctxt: a code cell's comment or label (workbook/authoring/comments.py)


def _is_template(msgid) -> bool:
    """A msgid with str.format fields, all plain names (a template)."""
    from ..messages import fields
    try:
        return any(fields(m) for m in (msgid if isinstance(msgid, tuple) else (msgid,)))
    except ValueError:
        return False


def python_messages(source: str, filename: str, hidden_lines: set[int] = frozenset(),
                    demo: bool = False) -> list[Entry]:
    """The messages of a piece of Python code (a test cell, a module; a
    notebook's own code cell with ``demo``), as Babel's extraction gives them
    (``workbook.authoring.extract``)."""
    from .extract import HIDDEN, python_messages as extracted
    out = []
    for line, msgid, comments in extracted(source, hidden_lines, demo):
        hidden = HIDDEN in comments
        out.append(Entry(msgid, (filename, line), "; ".join(c for c in comments if c != HIDDEN), hidden,
                         _is_template(msgid)))
    return out


def _hidden_line_numbers(source: str) -> set[int]:
    out, inside = set(), False
    for i, line in enumerate(source.splitlines(), start=1):
        s = line.strip()
        if s.startswith(BEGIN_HIDDEN):
            inside = True
        elif s.startswith(END_HIDDEN):
            inside = False
        elif inside:
            out.add(i)
    return out


# ---------------------------------------------------------------- markdown
@dataclass
class Block:
    """A translatable unit of a markdown text: lines [start, end) of the text,
    the prefix of its first line (a heading's #, a list item's marker) and the
    indent of the others."""

    start: int
    end: int
    first_prefix: str
    indent: str
    text: str


_ITEM = re.compile(r"^(\s*)([*+-]|\d+[.)])(\s+)")
_HEADING = re.compile(r"^(\s*#{1,6}\s+)")


def _parser():
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark").enable("table")


def markdown_blocks(text: str) -> list[Block]:
    lines = text.split("\n")
    tokens = _parser().parse(text)
    blocks: list[Block] = []

    def block(start, end, prefix_re=None):
        while end > start and not lines[end - 1].strip():
            end -= 1
        if end <= start:
            return
        chunk = lines[start:end]
        first, indent = "", ""
        if prefix_re is not None:
            m = prefix_re.match(chunk[0])
            if m:
                first = m.group(0)
                indent = " " * len(first)
                rest = [ln for ln in chunk[1:] if ln.strip()]
                if rest and not any(ln.startswith(indent) for ln in rest):
                    indent = ""     # lazy continuation lines stay unindented
                chunk = [chunk[0][len(first):]] + [ln[len(indent):] if indent and ln.startswith(indent) else
                                                   ln.lstrip() for ln in chunk[1:]]
        body = "\n".join(chunk).strip("\n")
        if re.search(r"[^\W\d_]", body):
            blocks.append(Block(start, end, first, indent, body))

    depth_list = 0
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth_list += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth_list -= 1
        elif tok.type == "list_item_open" and depth_list == 1 and tok.map:
            block(tok.map[0], tok.map[1], _ITEM)
        elif depth_list == 0 and tok.level == 0 and tok.map:
            if tok.type == "heading_open":
                block(tok.map[0], tok.map[1], _HEADING if tok.markup.startswith("#") else None)
            elif tok.type in ("paragraph_open", "table_open", "blockquote_open", "html_block"):
                block(tok.map[0], tok.map[1])
    return blocks


def translate_markdown(text: str, lookup) -> str:
    """``text`` with each block replaced by ``lookup(block text)`` (None keeps
    the English)."""
    lines = text.split("\n")
    for b in reversed(markdown_blocks(text)):
        got = lookup(b.text)
        if not got:
            continue
        new = got.split("\n")
        new = [b.first_prefix + new[0]] + [(b.indent + ln) if ln.strip() else ln for ln in new[1:]]
        lines[b.start:b.end] = new
    return "\n".join(lines)


def _manual_regions(source: str) -> list[tuple[bool, str]]:
    """A written answer's cell as (is_text, chunk): the markers stay."""
    out, buf = [], []
    for line in source.split("\n"):
        if line.strip() in (BEGIN_MARK, END_MARK):
            out.append((True, "\n".join(buf)))
            out.append((False, line))
            buf = []
        else:
            buf.append(line)
    if buf or not out:
        out.append((True, "\n".join(buf)))
    return out


def translate_manual(source: str, lookup, plookup=None) -> str:
    """A written answer's cell with its model answer and mark scheme translated block by block, and
    (``plookup``: a lookup by context) the notes of their code blocks (``fences``)."""
    def text(chunk: str) -> str:
        if plookup is not None:
            from .fences import translate_fences
            chunk = translate_fences(chunk, plookup)
        return translate_markdown(chunk, lookup)
    return "\n".join(text(chunk) if is_text else chunk for is_text, chunk in _manual_regions(source))


# ---------------------------------------------------------------- one assignment
def _cell_ref(cell, index: int) -> str:
    return cell.get("id") or f"cell-{index:03d}"


def notebook_entries(nb, name: str) -> list[Entry]:
    from .labels import printed_keys
    out: list[Entry] = []
    keys = printed_keys(nb)
    for i, cell in enumerate(nb.cells):
        ref = f"{name}#{_cell_ref(cell, i)}"
        kind = nbm.kind(cell)
        if cell.cell_type == "markdown":
            if kind == "manual":
                in_scheme = False
                for is_text, chunk in _manual_regions(cell.source):
                    if not is_text:
                        in_scheme = chunk.strip() == BEGIN_MARK
                        continue
                    for b in markdown_blocks(chunk):
                        out.append(Entry(b.text, (ref, 0), "mark scheme" if in_scheme else "model answer",
                                         hidden=True))
                    for e in fence_entries(chunk, ref):     # a README's ```bash block: its comments
                        e.hidden = True
                        out.append(e)
            else:
                for b in markdown_blocks(cell.source):
                    out.append(Entry(b.text, (ref, b.start + 1), "markdown"))
                out += fence_entries(cell.source, ref)
        elif cell.cell_type == "code" and kind == "tests":
            hidden = _hidden_line_numbers(cell.source)
            out += python_messages(cell.source, ref, hidden)
        elif cell.cell_type == "code" and kind == "manual":
            pass    # a written answer in a code cell is the student's code
        elif cell.cell_type == "code" and kind in (None, "readonly"):
            out += python_messages(cell.source, ref, demo=True)
        out += code_entries(cell, ref, keys)
    return out


def fence_entries(source: str, ref: str) -> list[Entry]:
    """The notes of a markdown cell's code blocks (``fences.fence_pieces``), in the context of a comment."""
    from .fences import fence_pieces
    out = []
    for p in fence_pieces(source):
        n = p.msgid.count("\n") + 1
        note = f"; {n} lines: keep {n} lines" if n > 1 else ""
        out.append(Entry(p.msgid, (ref, p.line), f"{p.context} in a code block of the text; the code around it "
                         "stays as it is" + note, context=p.context))
    return out


def code_entries(cell, ref: str, keys=frozenset()) -> list[Entry]:
    """The comments, printed labels and case descriptions of a code cell a
    student reads (``comments.cell_pieces``), each in its context."""
    from . import comments
    out = []
    for p in comments.cell_pieces(cell, keys):
        where = f"{p.context} in " + ("a hidden test" if p.hidden else comments.WHERE[nbm.kind(cell)])
        if p.fields:
            where += "; keep each {field} with its format as it is: " + ", ".join(
                f"{{{k}}} = {v}" for k, v in p.fields.items() if k != v)
            where = where.rstrip(": ")
        if p.context == comments.DESCRIPTION:
            where += "; shown in the cell's check messages, in place of a field"
        n = p.msgid.count("\n") + 1
        note = f"; {n} lines: keep {n} lines" if n > 1 else ""
        out.append(Entry(p.msgid, (ref, p.line), where + note, hidden=p.hidden, context=p.context))
    return out


def hint_entries(path: Path, name: str = "exercises.py") -> list[Entry]:
    """The hints of an exercises file, by Babel's extraction from its
    definitions (``extract.extract_exercises``)."""
    from babel.messages.extract import extract

    from .extract import extract_exercises
    if not path.is_file():
        return []
    with open(path, "rb") as f:
        found = list(extract(extract_exercises, f))
    out = []
    for _line, msgid, comments, _ in found:
        gid, k = comments[0].rsplit(" for ", 1)[1], int(comments[0].split()[1])
        out.append(Entry(msgid, (f"{name}#{gid}", k), comments[0]))
    return out


def read_hints(folder: Path) -> dict[str, list[str]]:
    """The hints of an assignment's exercises (its exercises file)."""
    from ..course import exercises
    return exercises.hints(folder)


def editorial_entries(folder: Path, name: str = "exercises.py") -> list[Entry]:
    """The editorials of an assignment's exercises, one entry per markdown
    block; never released (``solution()`` reads them from source/ in a
    self-study clone), so not in a release's catalogue."""
    from ..course import exercises
    return [Entry(b.text, (f"{name}#{gid}", b.start + 1), f"editorial of {gid}", hidden=True)
            for gid, text in exercises.editorials(folder).items() for b in markdown_blocks(text)]


def review_entries(folder: Path, name: str = "exercises.py") -> list[Entry]:
    """What each problem was (``review``: its title, technique and practice problems, one entry each) and the
    file's ``REVIEW_NOTES`` (one entry per markdown block): released in .review.json, translated there."""
    from ..course import exercises
    out = [Entry(text, (f"{name}#{gid}", k), f"review of {gid} (shown after the test)")
           for gid, r in exercises.reviews(folder).items() for k, text in enumerate(r.texts(), 1)]
    return out + [Entry(b.text, (f"{name}#REVIEW_NOTES", b.start + 1), "review notes (shown after the test)")
                  for b in markdown_blocks(exercises.review_notes(folder))]


def assignment_entries(folder: Path) -> list[Entry]:
    out: list[Entry] = []
    for p in sorted(folder.glob("*.ipynb")):
        out += notebook_entries(nbm.read(p), p.name)
    out += hint_entries(folder / "exercises.py")
    out += editorial_entries(folder)
    out += review_entries(folder)
    return out


def package_entries(package: Path | None = None) -> list[Entry]:
    """The package's own messages: those of every module but the data
    generators (data, not messages), by Babel's extraction."""
    package = package or Path(i18n.__file__).parent
    out: list[Entry] = []
    for p in sorted(package.rglob("*.py")):
        rel = p.relative_to(package).as_posix()
        if rel.startswith("data/"):
            continue
        out += python_messages(p.read_text(encoding="utf-8"), p.relative_to(package.parent).as_posix())
    from babel.messages.extract import extract
    for p in sorted(package.rglob("*.j2")):     # the feedback page's words (Babel's Jinja2 extraction)
        with open(p, "rb") as f:
            for line, msgid, comments, _ in extract("jinja2.ext:babel_extract", f, keywords={"_": None}):
                out.append(Entry(msgid, (p.relative_to(package.parent).as_posix(), line), "feedback page",
                                 python_format=_is_template(msgid)))
    return out


def to_catalog(entries: list[Entry], domain: str, language: str | None = None):
    """A Babel catalogue of the entries (one message per distinct text)."""
    from babel.messages.catalog import Catalog
    cat = Catalog(locale=language, domain=domain, project=PROJECT, version="1", copyright_holder=COPYRIGHT,
                  charset="utf-8", fuzzy=False)
    for e in entries:
        flags = ["python-format"] if e.python_format else []
        existing = cat.get(e.msgid, e.context)
        comments = [c for c in [e.comment, "hidden test: never shown in the release" if e.hidden else ""] if c]
        if existing is None:
            cat.add(e.msgid, locations=[e.location], flags=flags, auto_comments=comments, context=e.context)
        else:
            existing.locations.append(e.location)
            if not e.hidden:   # shown somewhere: not only hidden
                existing.auto_comments = [c for c in existing.auto_comments if not c.startswith("hidden test")]
            for c in comments:
                if c not in existing.auto_comments and not c.startswith("hidden test"):
                    existing.auto_comments.append(c)
    return cat


def write_po(cat, path: Path, template: bool = False) -> None:
    from babel.messages.pofile import write_po as _write
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    # no ``#| msgid`` lines: Babel wraps them at 76 columns without quoting and never reads them back (its
    # reader keeps them as translator comments, which then piled up, wrapped again, at every update)
    _write(buf, cat, width=0, omit_header=False, sort_output=False, include_previous=False,
           ignore_obsolete=False)
    text = buf.getvalue().decode("utf-8")
    # no dates in the files: a rerun that changes nothing changes no byte
    text = re.sub(r'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', "", text)
    text = re.sub(r'"Generated-By: [^"]*\\n"\n', "", text)
    path.write_text(text, encoding="utf-8")


def read_po(path: Path, language: str | None = None):
    from babel.messages.pofile import read_po as _read
    with open(path, "rb") as f:
        return _read(f, locale=language, abort_invalid=True)


# ---------------------------------------------------------------- the catalogue of a domain
@dataclass
class Domain:
    """A set of texts translated together: an assignment, or the package."""

    name: str
    locale_dir: Path
    entries_fn: object = field(repr=False, default=None)

    @property
    def pot(self) -> Path:
        return self.locale_dir / f"{self.name}.pot"

    def po(self, language: str) -> Path:
        return self.locale_dir / language / "LC_MESSAGES" / f"{self.name}.po"

    def entries(self) -> list[Entry]:
        return self.entries_fn()

    def template(self):
        return to_catalog(self.entries(), self.name)


def domains(root: Path, assignments: list[str] | None = None) -> list[Domain]:
    from ..course import layout
    c = layout.Course.load(root)
    names = assignments if assignments is not None else c.assignments()
    out = []
    for a in names:
        folder = c.path("source", ".", a)
        out.append(Domain(a, folder / "locale", lambda folder=folder: assignment_entries(folder)))
    if assignments is None:
        out.append(Domain(i18n.DOMAIN, i18n.PACKAGE_LOCALE, package_entries))
    return out


def update(domain: Domain, languages: list[str]) -> dict[str, dict]:
    """Write the .pot, and merge it into each language's .po: a new text is
    added untranslated, a changed one is marked fuzzy (its old translation
    kept for the translator to revise; the old English is in git's history),
    a removed one becomes obsolete."""
    from babel.messages.catalog import Catalog
    pot = domain.template()
    write_po(pot, domain.pot, template=True)
    report = {}
    for lang in languages:
        path = domain.po(lang)
        if path.exists():
            po = read_po(path, lang)
        else:
            po = Catalog(locale=lang, domain=domain.name, project=PROJECT, version="1",
                         copyright_holder=COPYRIGHT, charset="utf-8", fuzzy=False)
        # the course writes no translator comments (``#``): what a .po holds there is the remnant of Babel's
        # unread ``#| msgid`` lines, dropped
        po.update(pot, no_fuzzy_matching=False, update_header_comment=False, keep_user_comments=False)
        for m in list(po) + list(po.obsolete.values()):
            m.user_comments = []
        po.fuzzy = False
        for key in _obsolete_twins(po):   # GNU msgfmt refuses an obsolete entry beside a live one of the same text
            del po.obsolete[key]
        write_po(po, path)
        report[lang] = status(domain, lang, po, pot)
    return report


def _obsolete_twins(po) -> list:
    """The keys of obsolete entries whose text (and context) a live entry has too."""
    out = []
    for key, m in po.obsolete.items():
        if po.get(m.id, m.context) is not None:
            out.append(key)
    return out


def status(domain: Domain, language: str, po=None, template=None) -> dict:
    """Counts, and the entries that are missing, fuzzy or untranslated (``template``: the domain's
    ``template()`` when the caller has just made it)."""
    po = po if po is not None else (read_po(domain.po(language), language) if domain.po(language).exists() else None)
    keys = [(m.id, m.context) for m in (template if template is not None else domain.template()) if m.id]
    ids = [k for k, _ in keys]
    if po is None:
        return {"entries": len(ids), "translated": 0, "words": 0, "fuzzy": [], "untranslated": ids}
    fuzzy, untranslated, words = [], [], 0
    for msgid, context in keys:
        m = po.get(msgid, context)
        if m is None or not _translated(m.string):
            untranslated.append(msgid)
        elif m.fuzzy:
            fuzzy.append(msgid)
        else:
            words += len(_singular(msgid).split())
    return {"entries": len(ids), "translated": len(ids) - len(untranslated) - len(fuzzy), "words": words,
            "fuzzy": fuzzy, "untranslated": untranslated}


# ---------------------------------------------------------------- an edition
def translate_notebook(nb, lang: i18n.Language):
    """The notebook in ``lang``: markdown and written answers translated
    (block by block), in code cells only the comments and printed labels a
    student reads and the messages of a test cell's visible part
    (``comments.translate_code``: the code is the same), the language in its
    metadata."""
    from . import comments
    from .labels import printed_keys
    nb = copy.deepcopy(nb)
    keys = printed_keys(nb)
    md = nb.metadata.setdefault(i18n.METADATA_KEY, {})
    md["language"] = lang.code
    if lang.is_source:
        return nb
    for cell in nb.cells:
        if cell.cell_type == "code":
            pieces = comments.cell_pieces(cell, keys)
            if nbm.kind(cell) == "tests":
                pieces += comments.message_pieces(cell.source)
            if pieces:
                cell.source = comments.translate_code(
                    cell.source, pieces, lambda context, text: lang.pexact(context, text) if context else lang.exact(text))
            continue
        if cell.cell_type != "markdown":
            continue
        if nbm.kind(cell) == "manual":
            if cell.source.strip() == nbm.TEXT_STUB:
                continue    # nbgrader's stub in a student's unanswered cell: the edition's stub is nbgrader's
                #             (ClearSolutions.text_stub, release.edition_stubs), never the catalogue's translation
            cell.source = translate_manual(cell.source, lang.exact, lang.pexact)
        else:
            from .fences import translate_fences
            cell.source = translate_markdown(translate_fences(cell.source, lang.pexact), lang.exact)
    return nb


def translate_hints(hints: dict[str, list[str]], lang: i18n.Language) -> dict[str, list[str]]:
    return {gid: [lang.gettext(h) for h in hs] for gid, hs in hints.items()}


def compile_visible(po_path: Path, visible: set[str], dest: Path, language: str) -> int:
    """A .mo of the entries the release shows (never a hidden test's message
    or a mark scheme): what a student's kernel may translate."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    src = read_po(po_path, language)
    out = Catalog(locale=language, domain=src.domain, project=PROJECT, version="1", charset="utf-8", fuzzy=False)
    n = 0
    for m in src:     # (a code comment or label is translated in the release itself: none here)
        if m.id and not m.context and m.id in visible and _translated(m.string) and not m.fuzzy:
            out.add(m.id, m.string, flags=[f for f in m.flags if f != "fuzzy"])
            n += 1
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "wb") as f:
        write_mo(f, out, use_fuzzy=False)
    return n


# ---------------------------------------------------------------- for translators
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def _fields(text: str) -> set[str]:
    import string
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"(unreadable)"}


def _field_specs(text: str) -> list[str]:
    """The fields of a label written as an f-string, with their conversions and formats (``{x:>5}``)."""
    import string
    try:
        return sorted(f"{name}!{conv or ''}:{spec or ''}" for _, name, spec, conv in string.Formatter().parse(text)
                      if name is not None)
    except ValueError:
        return ["(unreadable)"]


def _expansions(text: str) -> list[str]:
    """The shell's parameter expansions of an ``echo`` label (``$?``, ``$HOME``, ``${name}``)."""
    return sorted(re.findall(r"\$(?:\w+|[?!#@*$-]|\{[^}]*\})", text))


def _translated(msgstr) -> bool:
    """A msgstr with its text (every form of a plural)."""
    return all(msgstr) if isinstance(msgstr, (tuple, list)) else bool(msgstr)


def _singular(msgid) -> str:
    return msgid[0] if isinstance(msgid, (tuple, list)) else msgid


def problems_of(msgid, msgstr, python_format: bool, context: str | None = None) -> list[str]:
    """What a translation must keep: the template's fields, the code spans
    (inline code is code: the same in every edition), the markdown block it
    is (a table stays a table), the blank lines between paragraphs; a code
    comment or a docstring its number of lines (the code's line numbers
    stay; a docstring holds no quote or backslash either), a printed
    label one line without quotes, with the English's backslashes only
    (an echo's ``\\r\\n``; it is written into a string literal as it
    is). A plural's every form is checked against its plural msgid."""
    if isinstance(msgid, (tuple, list)) or isinstance(msgstr, (tuple, list)):
        ids = list(msgid) if isinstance(msgid, (tuple, list)) else [msgid]
        forms = list(msgstr) if isinstance(msgstr, (tuple, list)) else [msgstr]
        return sorted({p for form in forms for p in problems_of(ids[-1], form, python_format)})
    if context in ("code comment", "docstring") and msgid.count("\n") != msgstr.count("\n"):
        return [f"a {context} keeps its {msgid.count(chr(10)) + 1} lines"]
    if context == "docstring" and any(c in msgstr for c in "\\'\""):
        return ["a docstring has no quotes or backslashes (it is written into the literal as it is)"]
    if context in ("printed label", "case description"):
        if any(c in msgstr for c in "\n'\"") or \
                (msgstr.count("\\"), re.findall(r"\\.", msgstr)) != (msgid.count("\\"), re.findall(r"\\.", msgid)):
            return [f"a {context} is one line without quotes, and its backslashes are the English's (an echo's \\r\\n)"]
        out = []
        if _field_specs(msgid) != _field_specs(msgstr):   # an f-string's fields: Python formats them as written
            out.append(f"fields with their formats {_field_specs(msgid)} != {_field_specs(msgstr)}")
        if _expansions(msgid) != _expansions(msgstr) or msgstr.count("`") > msgid.count("`"):
            out.append(f"an echo's $ expansions {_expansions(msgid)} must stay, and no backquote be added")
        if out:
            return out
    out = []
    if python_format and _fields(msgid) != _fields(msgstr):
        out.append(f"fields {sorted(_fields(msgid))} != {sorted(_fields(msgstr))}")
    def spans(t):
        return sorted(m.group(2).strip() for m in _CODE_SPAN.finditer(t))
    missing = [s for s in spans(msgid) if s not in spans(msgstr)]
    if missing:
        out.append(f"inline code changed or missing: {missing[:3]}")
    if msgid.lstrip().startswith("|") != msgstr.lstrip().startswith("|"):
        out.append("a table must stay a table")
    elif msgid.lstrip().startswith("|") and msgid.count("\n") != msgstr.count("\n"):
        out.append("a table keeps its number of rows")
    if msgid.count("```") != msgstr.count("```"):
        out.append("code blocks (```) must stay as they are")
    if ("\n\n" in msgid) != ("\n\n" in msgstr):
        out.append("keep the blank lines between paragraphs")
    return out


def todo(domain: Domain, language: str, fuzzy_too: bool = True) -> list[dict]:
    """The entries still to translate, as a translator's tool gets them."""
    po = read_po(domain.po(language), language) if domain.po(language).exists() else None
    out = []
    for m in domain.template():
        if not m.id:
            continue
        t = po.get(m.id, m.context) if po is not None else None
        if t is not None and _translated(t.string) and not t.fuzzy:
            continue
        if t is not None and t.fuzzy and not fuzzy_too:
            continue
        item = {"msgid": _singular(m.id), "comment": "; ".join(m.auto_comments),
                "where": [f"{f}:{n}" if n else f for f, n in m.locations][:3]}
        if m.context:
            item["context"] = m.context
        if isinstance(m.id, (tuple, list)):
            item["plural"] = m.id[1]
        if t is not None and t.fuzzy:
            item["fuzzy"] = True
            item["old_msgstr"] = t.string   # the translation of the English it had before (git has that English)
        out.append(item)
    return out


def fill(domain: Domain, language: str, translations: dict[str, str],
         context: str | None = None) -> tuple[int, list[str]]:
    """Write translations into the .po (an entry filled here is no longer
    fuzzy); an entry that breaks ``problems_of`` is refused and reported.
    ``context``: the entries of that msgctxt (a code comment or label,
    ``comments.CONTEXTS``; ``todo`` names each entry's)."""
    path = domain.po(language)
    po = read_po(path, language)
    done, refused = 0, []
    for msgid, msgstr in translations.items():
        m = po.get(msgid, context)
        if m is None:
            refused.append(f"not in the catalogue{f' ({context})' if context else ''}: {msgid[:70]!r}")
            continue
        if isinstance(msgstr, list) and isinstance(m.id, (tuple, list)) and msgstr and all(
                isinstance(x, str) and x.strip() for x in msgstr):
            msgstr = tuple(msgstr)     # a plural: its forms in the language's order
        elif not isinstance(msgstr, str) or not msgstr.strip():
            refused.append(f"empty translation: {msgid[:70]!r}")
            continue
        bad = problems_of(msgid, msgstr, "python-format" in m.flags, context)
        if bad:
            refused.append(f"{msgid[:70]!r}: {'; '.join(bad)}")
            continue
        m.string = msgstr
        m.flags.discard("fuzzy")
        m.previous_id = []
        done += 1
    write_po(po, path)
    return done, refused


def check(domain: Domain, language: str) -> list[str]:
    """Why the catalogue of a domain is not complete in ``language``: a stale
    .pot, a missing, fuzzy or broken translation."""
    out = []
    fresh = domain.template()
    if not domain.pot.exists():
        out.append(f"{domain.pot}: missing (run `workbook catalog update`)")
    else:
        old = {m.id for m in read_po(domain.pot) if m.id}
        new = {m.id for m in fresh if m.id}
        if old != new:
            out.append(f"{domain.pot}: stale, {len(new - old)} new and {len(old - new)} removed texts "
                       "(run `workbook catalog update`)")
    if not domain.po(language).exists():
        return out + [f"{domain.po(language)}: missing"]
    po = read_po(domain.po(language), language)
    for m in fresh:
        if not m.id:
            continue
        t = po.get(m.id, m.context)
        where = f"{domain.name} ({', '.join(f for f, _ in m.locations[:2])})"
        shown = _singular(m.id)
        if t is None or not _translated(t.string):
            out.append(f"{where}: not translated: {shown[:80]!r}")
        elif t.fuzzy:
            out.append(f"{where}: fuzzy (the English changed): {shown[:80]!r}")
        else:
            for p in problems_of(m.id, t.string, "python-format" in m.flags, m.context):
                out.append(f"{where}: {p}: {shown[:60]!r}")
    for key in _obsolete_twins(po):
        m = po.obsolete[key]
        out.append(f"{domain.po(language)}: an obsolete entry repeats a live one (GNU msgfmt refuses the file; "
                   f"run `workbook catalog update`): {_singular(m.id)[:60]!r}")
    if language == "ko":   # the glossary and the typography of the Korean edition (workbook/authoring/korean.py)
        from .korean import catalogue_problems
        out += catalogue_problems(domain, po, language)
    return out
