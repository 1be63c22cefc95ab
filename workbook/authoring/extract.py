"""Babel extraction methods for the course's texts, from their definitions.

Registered as Babel extractors (``babel.extractors`` in pyproject.toml, so
``pybabel extract -F babel.cfg`` reads the course as ``workbook catalog``
does) and called through ``babel.messages.extract.extract``:

* ``extract_python``: a module of the package or a test cell: every string
  and f-string at a message place (``workbook.checks.templates.places``, the
  same places ``@exercise`` makes messages of; an f-string is its template,
  fields named as ``templates.template`` names them), ``msg()`` and the
  plural of ``nmsg()``;
* ``extract_exercises``: the hints of an exercises file, read from its
  ``EXERCISES`` dict (never run);
* ``extract_notebook``: a notebook's markdown (one entry per heading,
  paragraph, list item and table), its written answers' model answers and
  mark schemes, its test cells' messages, and the comments and printed
  labels of the code a student reads, each with its msgctxt
  (``workbook.authoring.comments``).

Comments carry what a translator needs: where the text is read, which
expression a field holds, and ``HIDDEN`` for a hidden test's message (never
shown in the release).
"""
from __future__ import annotations

import ast
import io
import re

from ..checks.templates import MESSAGE_NAMES, callee, field_texts, leaves, places, template

HIDDEN = "hidden test: never shown in the release"
KEYWORDS = {"nmsg": (1, 2)}   # the calls whose messages are tuples (Babel's keyword specs); others: the text


def _is_text(s: str) -> bool:
    """A string a person reads (not a key, a path or a piece of code): words, or one word as a heading of the
    lines after it (``"before:"``) or a note in parentheses (``"(clean)"``)."""
    return bool(re.search(r"[A-Za-z]{2,}.*\s|\s.*[A-Za-z]{2,}", s) or re.fullmatch(r"[A-Za-z][a-z]+:|\([a-z]+\)", s.strip())) \
        and not s.lstrip().startswith(("SELECT ", "WITH "))


def _is_call(s: str) -> bool:
    """A call written as code (``f(x, 1)``, a label of a call): code is the
    same in every edition, not a text to translate."""
    s = s.strip()
    outside, before = s, None
    while outside != before:    # the text outside every bracket and quote, innermost first
        before = outside
        outside = re.sub(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}|<[^<>]*>|'[^']*'|\"[^\"]*\"", "", outside)
    if re.search(r"\s", outside) or re.search(r"<[^<>]*[A-Za-z]{2,} [A-Za-z]{2,}[^<>]*>", s):
        return False    # words outside the call's parentheses ("use .astype(float)"), or a placeholder in words
        #                 ("f(<id of run 2>)"): prose to translate
    try:
        node = ast.parse(s, mode="eval").body
    except (SyntaxError, ValueError):
        return False
    return isinstance(node, ast.Call)


def _read(fileobj) -> str:
    data = fileobj.read()
    return data.decode("utf-8") if isinstance(data, bytes) else data


def extract_python(fileobj, keywords, comment_tags, options):
    """Babel extraction method: the messages of Python code (see the module
    docstring). ``options``: ``hidden_lines``, the line numbers of a test
    cell's hidden part."""
    source = _read(fileobj)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    hidden = set(options.get("hidden_lines") or ())
    seen: set[tuple[int, str]] = set()
    if options.get("demo"):
        # a notebook's own code cell (a worked example): only the messages of the notebook's helpers,
        # ``ready(..., after="Question 4")`` and ``countdown(25, "Problem A · 25 min")``
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = callee(node)
            values = [k.value for k in node.keywords if (name, k.arg) in (("ready", "after"), ("countdown", "label"))]
            if name == "countdown" and len(node.args) > 1:
                values.append(node.args[1])
            for v in values:
                for leaf in leaves(v):
                    if isinstance(leaf, ast.Constant) and leaf.value.strip():
                        yield leaf.lineno, None, (leaf.value,), [f"{name}() message"]
        return

    def one(node, text, notes, why, explicit=False):
        if not text.strip() or not (_is_text(text) or (explicit and re.search(r"[A-Za-z]{2,}", text))) \
                or _is_call(re.sub(r"\{[^{}]*\}", "x", text)):
            return None
        line = getattr(node, "lineno", 0)
        if (line, text) in seen:
            return None
        seen.add((line, text))
        comments = [why, *notes] + ([HIDDEN] if line in hidden else [])
        return line, None, (text,), comments

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and callee(node) == "nmsg" and len(node.args) >= 2 and all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]):
            line = node.lineno
            yield line, "nmsg", (node.args[0].value, node.args[1].value), \
                ["nmsg() message (plural)"] + ([HIDDEN] if line in hidden else [])
    for expr, why in places(tree):
        explicit = why.startswith(("msg()", "tr()", "_()", "format_()", "default"))
        for leaf in leaves(expr):
            if isinstance(leaf, ast.JoinedStr):
                t = template(leaf, source)
                if t is None:
                    continue
                got = one(leaf, t[0], t[2], why, explicit)
                for text in field_texts(leaf):   # {oneline(c) if c else '(not a commit)'}: a message of its own
                    inner = one(text, text.value, [], f"shown in a field of a message ({why})")
                    if inner is not None:
                        yield inner
            else:
                got = one(leaf, leaf.value, [], why, explicit)
            if got is not None:
                yield got


def python_messages(source: str, hidden_lines=(), demo: bool = False) -> list[tuple[int, str | tuple, list[str]]]:
    """(line, msgid, comments) of the messages of Python code, through Babel's
    extraction (a plural's msgid is the pair (singular, plural)); ``demo``: a
    notebook's own code cell (see ``extract_python``)."""
    from babel.messages.extract import extract
    out = []
    for lineno, message, comments, _context in extract(extract_python, io.BytesIO(source.encode("utf-8")),
                                                          keywords=KEYWORDS,
                                                          options={"hidden_lines": set(hidden_lines), "demo": demo}):
        out.append((lineno, message, list(comments)))
    return out


def extract_exercises(fileobj, keywords, comment_tags, options):
    """Babel extraction method: every hint of an exercises file
    (``EXERCISES = {grade_id: {"hints": [...], ...}}``), read from its syntax
    tree."""
    source = _read(fileobj)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
            if isinstance(node, ast.AnnAssign) else []
        if not any(isinstance(t, ast.Name) and t.id == "EXERCISES" for t in targets) \
                or not isinstance(node.value, ast.Dict):
            continue
        for key, value in zip(node.value.keys, node.value.values):
            if not (isinstance(key, ast.Constant) and isinstance(value, ast.Dict)):
                continue
            for k, v in zip(value.keys, value.values):
                if isinstance(k, ast.Constant) and k.value == "hints" and isinstance(v, ast.List):
                    for i, h in enumerate(v.elts):
                        if isinstance(h, ast.Constant) and isinstance(h.value, str):
                            yield h.lineno, None, (h.value,), [f"hint {i + 1} of {len(v.elts)} for {key.value}"]


def extract_notebook(fileobj, keywords, comment_tags, options):
    """Babel extraction method: a notebook's texts (see the module
    docstring); the line is the cell's number (1-based) and a comment names
    the cell."""
    import nbformat

    from .catalog import notebook_entries
    nb = nbformat.reads(_read(fileobj), as_version=4)
    from .catalog import _cell_ref
    ids = {_cell_ref(c, i): i + 1 for i, c in enumerate(nb.cells)}
    for e in notebook_entries(nb, ""):
        cell = e.location[0].lstrip("#")
        comments = [f"cell {cell}", *([e.comment] if e.comment else []), *([HIDDEN] if e.hidden else [])]
        msgid = e.msgid
        if e.context:   # a code cell's comment or label: Babel's pgettext keyword gives its msgctxt
            yield ids.get(cell, 0), "pgettext", (e.context, msgid), comments
            continue
        yield ids.get(cell, 0), ("nmsg" if isinstance(msgid, tuple) else None), \
            (msgid if isinstance(msgid, tuple) else (msgid,)), comments


__all__ = ["extract_python", "extract_exercises", "extract_notebook", "python_messages", "MESSAGE_NAMES", "HIDDEN"]
