"""The comments and printed labels of the code a student reads, as catalogue entries.

A student of a translated edition reads the code cells too: the setup cell,
the worked examples, an answer cell's skeleton, a test cell's visible part.
Their comments are texts to translate like the markdown around them, with
their own context (``msgctxt``), so the same English in a paragraph and in
a comment are two entries:

* ``code comment``: a comment's text, as Python's ``tokenize`` finds it
  (a ``COMMENT`` token); a run of full-line comments in the same column, one
  line after the other, is one message (its lines joined by newlines, without
  the ``#``). A ``%%bash`` cell's comments are bash's (a word starting with
  ``#`` outside quotes; never a heredoc's lines, which are a file's content);
  a ``%%program`` cell is Python after its magic line; another cell magic has
  none. Not extracted: nbgrader's regions (``### BEGIN SOLUTION``... and
  what is between: the student never reads it), linters' and type checkers'
  pragmas (``noqa``, ``type:``...), a shebang, and a comment with no English
  word (``# x @ W.T + b``, ``# (B, heads, T, head_dim)``).
* ``printed label``: a string literal or f-string a locked cell (the setup
  cell) or a worked example shows, that holds an English word:
  ``print("the notebook writes into", WORK)``, a figure's title, an
  ``echo`` of a ``%%bash`` cell, data read only to be printed
  (``workbook.authoring.labels``). What such a cell prints
  decides nothing: a locked cell is restored from the gradebook when a
  submission is graded, and no check reads a worked example's output (the
  Korean edition of every source is validated, and a Korean submission
  scores as the English one: tests/test_course.py, tests/round_trip.py).
* ``case description``: a literal of a test cell's visible part that the
  cell only shows in its messages (a table's ``why``, ``shown_setup=``;
  ``workbook.authoring.labels``).

A release in another language replaces each at its position
(``translate_code``): the code outside comments and labels stays byte for
byte, and so do its line numbers (a run's translation keeps its number of
lines: ``catalog.problems_of`` refuses one that does not). ``# YOUR CODE
HERE`` is nbgrader's stub, written after translation (``ClearSolutions``), and
``workbook progress`` recognises an untouched answer by it: it stays as it is.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field

from ..course import nb as nbm
from ..markers import BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION

COMMENT = "code comment"
LABEL = "printed label"
DOCSTRING = "docstring"
DESCRIPTION = "case description"
CONTEXTS = (COMMENT, LABEL, DOCSTRING, DESCRIPTION)
MESSAGE = None   # a test cell's message: the catalogue's entry without a context, the one its check shows
PRAGMA = re.compile(r"^(noqa\b|type:|pragma\b|fmt:|isort:|pylint:|mypy:|pyright:|ruff:|nosec\b)", re.I)
WHERE = {None: "a worked example", "readonly": "the setup (a locked cell)", "answer": "an answer's skeleton",
         "tests": "a test cell's visible part"}


@dataclass
class Piece:
    """One text of a code cell: its context, its msgid, the line of its first
    line (1-based) and where it sits: per line, (line index, start column,
    end column) of the text replaced (a comment's text after its ``#`` and
    spaces; a label's whole literal)."""

    context: str
    msgid: str
    line: int
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    quote: str = ""     # a label: its literal's quote
    fields: dict[str, str] | None = None   # a message written as an f-string: its fields' expressions (source)
    hidden: bool = False    # in a hidden test: never in the release, yet shown in a hidden check's message


def _has_words(text: str) -> bool:
    """English a reader reads (not code, a name or a number alone)."""
    from .korean import latin_words
    return bool(latin_words(text, terms=frozenset()))


def _names(source: str) -> frozenset[str]:
    """The names of a piece of Python (``torch`` in ``print("torch", ...)``)."""
    try:
        return frozenset(n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)) | frozenset(
            a.name.split(".")[0] for n in ast.walk(ast.parse(source)) if isinstance(n, (ast.Import, ast.ImportFrom))
            for a in n.names)
    except SyntaxError:
        return frozenset()


def _closed_lines(source: str, begin=(BEGIN_SOLUTION, BEGIN_HIDDEN), end=(END_SOLUTION, END_HIDDEN)) -> set[int]:
    """The lines (0-based) a student never reads as they are: nbgrader's
    solution and hidden-test regions, their markers included (``begin`` and
    ``end``: the markers of the regions wanted)."""
    out, inside = set(), False
    for i, line in enumerate(source.split("\n")):
        s = line.strip()
        if s.startswith(begin):
            inside = True
        if inside:
            out.add(i)
        if s.startswith(end):
            inside = False
    return out


def _python_comments(lines: list[str], first: int) -> list[tuple[int, int, str, bool]] | None:
    """(line index, column of '#', text, full line) of the comments of the
    Python in ``lines[first:]``; None when it does not tokenize."""
    code = "\n".join(lines[first:]) + "\n"
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.COMMENT:
                row, col = tok.start
                i = first + row - 1
                out.append((i, col, tok.string, not lines[i][:col].strip()))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return out


def _bash_comments(lines: list[str], first: int, marker: str = "#") -> list[tuple[int, int, str, bool]]:
    """The same for bash: a ``#`` that starts a word outside quotes, on a
    line that is not a heredoc's body (nor a line continued in quotes); with
    another ``marker`` (``//``, ``--``), the comments of a language written
    the same way (a code block of a markdown cell: ``fences``)."""
    out, heredoc, quote = [], None, ""
    for i in range(first, len(lines)):
        line = lines[i]
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        j, escaped = 0, False
        while j < len(line):
            ch = line[j]
            if escaped:
                escaped = False
            elif ch == "\\" and quote != "'":
                escaped = True
            elif quote:
                if ch == quote:
                    quote = ""
            elif ch in "'\"" or (ch == "`" and marker != "#"):
                quote = ch
            elif line.startswith(marker, j) and (j == 0 or line[j - 1] in " \t;|&("):
                out.append((i, j, line[j:], not line[:j].strip()))
                break
            j += 1
        m = re.search(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1", line[:out[-1][1]] if out and out[-1][0] == i
                      else line)
        if m and not quote and marker == "#":
            heredoc = m.group(2)
    return out


def _comments(source: str) -> list[tuple[int, int, str, bool]]:
    lines = source.split("\n")
    head = lines[0].strip() if lines else ""
    if head.startswith("%%"):
        magic = head[2:].split()[0] if head[2:].split() else ""
        if magic in ("bash", "sh"):
            return _bash_comments(lines, 1)
        if magic == "program":
            return _python_comments(lines, 1) or []
        return []
    return _python_comments(lines, 0) or []


def _comment_text(raw: str) -> tuple[int, str]:
    """(offset of the text in the comment token, the text): ``#  text`` ->
    (3, "text"); a marker, pragma or shebang: (0, "")."""
    if raw.startswith(("#!", "###")):
        return 0, ""
    m = re.match(r"(#+|//+|--+)\s*", raw)
    text = raw[m.end():].rstrip()
    if not text or PRAGMA.match(text) or text.startswith("YOUR CODE HERE"):
        return 0, ""
    return m.end(), text


def comment_pieces(source: str, found=None) -> list[Piece]:
    """The comments of a cell's source a student reads, as pieces (a run of
    full-line comments in one column is one piece); ``found``: the comments
    (``_comments``' rows) when the source is not a cell's (a markdown code block)."""
    closed = _closed_lines(source)
    lines = source.split("\n")
    out: list[Piece] = []
    run: list[tuple[int, int, int, str]] = []   # (line, column of '#', text offset, text)

    def flush():
        if run and _has_words(" ".join(t for *_, t in run)):
            out.append(Piece(COMMENT, "\n".join(t for *_, t in run), run[0][0] + 1,
                             [(i, col + off, len(lines[i].rstrip())) for i, col, off, _ in run]))
        run.clear()

    for i, col, raw, full in (_comments(source) if found is None else found):
        off, text = _comment_text(raw)
        if i in closed or not text:
            flush()
            continue
        if not full:
            flush()
            if _has_words(text):
                out.append(Piece(COMMENT, text, i + 1, [(i, col + off, col + len(raw.rstrip()))]))
            continue
        if run and (run[-1][0] != i - 1 or run[-1][1] != col):
            flush()
        run.append((i, col, off, text))
    flush()
    return out


def _char_col(line: str, byte_col: int) -> int:
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def label_pieces(source: str, keys=frozenset()) -> list[Piece]:
    """The printed labels of a locked cell or a worked example that hold an English word, each a piece
    (``labels``: what ``print()``, a figure's title and axis labels and a ``%%bash`` cell's ``echo`` show,
    and the notebook's data under ``keys``, the keys it reads only to print them)."""
    from . import labels
    if source.startswith("%%"):
        return labels.bash_label_pieces(source)
    return labels.python_label_pieces(source, keys)


def docstring_pieces(source: str) -> list[Piece]:
    """The docstrings of the functions and classes of ``source`` a student
    reads (a probe's "Runs with your code: ..."), each a piece whose msgid
    is its lines without their indentation; only a literal without prefix or
    backslash, and not one whose text the cell's code compares with (the
    same text as another literal of the cell). Like a comment run, its
    translation keeps its number of lines."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    tokens = {(i, start): text for i, start, _end, text in (_string_tokens(source, multiline=True) or [])}
    closed = _closed_lines(source)
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    # a docstring the cell's code compares with (the same text as another literal of the cell: a test's
    # expected __doc__, functools.wraps kept it): data, the same in every edition
    compared = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and id(n) not in docstrings}
    lines = source.split("\n")
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or not node.body:
            continue
        first = node.body[0]
        if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)) or first.lineno - 1 in closed \
                or first.value.value in compared:
            continue
        i, j = first.value.lineno - 1, first.value.end_lineno - 1
        start = _char_col(lines[i], first.value.col_offset)
        token = tokens.get((i, start))
        if token is None or "\\" in token:
            continue
        quote = token[:3] if token[:3] in ('"""', "'''") else token[:1]
        if quote not in ('"""', "'''", '"', "'"):
            continue    # a prefix (r, b, f...)
        end = _char_col(lines[j], first.value.end_col_offset) - len(quote)
        spans = []
        for k in range(i, j + 1):
            a = start + len(quote) if k == i else len(lines[k]) - len(lines[k].lstrip())
            b = end if k == j else len(lines[k].rstrip())
            spans.append((k, a, max(a, b)))
        text = "\n".join(lines[k][a:b].strip() for k, a, b in spans)
        if _has_words(text):
            out.append(Piece(DOCSTRING, text, i + 1, spans, quote=quote))
    return out


def cell_pieces(cell, keys=frozenset()) -> list[Piece]:
    """The pieces of a code cell a student reads: its comments and
    docstrings, in a locked cell or a worked example its printed labels
    (``keys``: the notebook's ``labels.printed_keys``), in a test cell its
    case descriptions (a hidden part's marked hidden); none in a written answer (the
    student's) or a cell of another kind."""
    from .labels import description_pieces
    if cell.cell_type != "code" or nbm.kind(cell) not in WHERE:
        return []
    out = comment_pieces(cell.source) + docstring_pieces(cell.source)
    if nbm.kind(cell) in ("readonly", None):
        out += label_pieces(cell.source, keys)
    elif nbm.kind(cell) == "tests":
        out += description_pieces(cell.source)
    return sorted(out, key=lambda p: p.spans[0])


def _string_tokens(source: str, multiline: bool = False) -> list[tuple[int, int, int, str]] | None:
    """(line index, start column, end column, text) of every one-line string literal token of ``source``
    (``multiline``: of every string token, the end column on its last line)."""
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.STRING and (multiline or tok.start[0] == tok.end[0]):
                out.append((tok.start[0] - 1, tok.start[1], tok.end[1], tok.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return out


def _made_messages(tree: ast.AST) -> set[int]:
    """The ids of the f-strings that ``@exercise`` makes messages when it runs the cell
    (``templates.messages_as_data``, by its own marking of each test function): their fields are a
    message's values, never formatted by Python, so a translation may give them a particle (``{name:은}``)."""
    from ..checks.templates import _Transformer

    def named(d) -> str:
        d = d.func if isinstance(d, ast.Call) else d
        return d.id if isinstance(d, ast.Name) else d.attr if isinstance(d, ast.Attribute) else ""

    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(named(d) == "exercise" for d in node.decorator_list):
            t = _Transformer()
            t.mark(node)
            out |= t.targets
    for node in ast.walk(tree):   # a probe runs as its source in the student's kernel: Python formats it
        if isinstance(node, ast.FunctionDef) and any(named(d) == "probe" for d in node.decorator_list):
            out.difference_update(id(n) for n in ast.walk(node))
    return out


def message_pieces(source: str) -> list[Piece]:
    """The messages of a test cell's visible part, each a piece: a string
    literal or an f-string at a message place (``templates.places``, what
    the catalogue's extractor takes), its msgid the extractor's (an
    f-string's template), its spans its tokens (several for literals written
    side by side). Only literals on one line each and without a prefix other
    than ``f``; an f-string only where ``@exercise`` makes it a message
    (``_made_messages``)."""
    from ..checks.templates import leaves, places, segment, template
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    tokens = _string_tokens(source)
    if tokens is None:
        return []
    closed = _closed_lines(source)
    lines = source.split("\n")
    made = _made_messages(tree)
    out, seen = [], set()
    for expr, _why in places(tree):
        for leaf in leaves(expr):
            if id(leaf) in seen or leaf.lineno - 1 in closed or leaf.end_lineno - 1 in closed:
                continue
            seen.add(id(leaf))
            first, last = leaf.lineno - 1, leaf.end_lineno - 1
            start = (first, _char_col(lines[first], leaf.col_offset))
            end = (last, _char_col(lines[last], leaf.end_col_offset))
            mine = [t for t in tokens if start <= (t[0], t[1]) and (t[0], t[2]) <= end]
            if not mine or any(not re.match(r"^[fF]?(['\"])(?!\1\1)", t[3]) for t in mine):
                continue    # a prefix (r, b...), a triple-quoted literal, or a literal over several lines
            if isinstance(leaf, ast.JoinedStr):
                if id(leaf) not in made:
                    continue
                got = template(leaf, source)
                if got is None:
                    continue
                text, fields, _notes = got
                exprs = {name: segment(source, node) or ast.unparse(node) for name, node in fields}
                out.append(Piece(MESSAGE, text, leaf.lineno, [t[:3] for t in mine], fields=exprs))
            elif leaf.value.strip():
                out.append(Piece(MESSAGE, leaf.value, leaf.lineno, [t[:3] for t in mine]))
    return sorted(out, key=lambda p: p.spans[0])


def _literal_units(text: str, fields: dict[str, str] | None) -> list[str] | None:
    """A message's translation as the bodies of string literals' pieces: words (each with the spaces after
    it) and, for an f-string, fields as ``{expression!conv:spec}``; None when a field is not the English
    one's or an expression cannot sit in an f-string here."""
    import string

    def escaped(s: str) -> str:
        s = s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace('"', '\\"')
        return s.replace("{", "{{").replace("}", "}}") if fields is not None else s

    if fields is None:
        return re.findall(r"\S+\s*|\s+", escaped(text))
    units: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    for literal, name, spec, conv in parsed:
        units += re.findall(r"\S+\s*|\s+", escaped(literal))
        if name is None:
            continue
        expr = fields.get(name)
        if expr is None or "\\" in expr or '"' in expr or "\n" in expr:
            return None
        units.append("{" + expr + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}")
    return units


def _split(units: list[str], widths: list[int]) -> list[str]:
    """``units`` in ``len(widths)`` runs, each about as long (in proportion) as the literal it replaces."""
    total, whole = sum(widths) or 1, sum(len(u) for u in units)
    out, i = [], 0
    for k, w in enumerate(widths):
        if k == len(widths) - 1:
            out.append("".join(units[i:]))
            break
        goal, run = whole * sum(widths[:k + 1]) / total, []
        while i < len(units) and sum(len(x) for x in out) + sum(len(x) for x in run) + len(units[i]) / 2 <= goal:
            run.append(units[i])
            i += 1
        out.append("".join(run))
    return out


def _translate_message(lines: list[str], p: Piece, got: str) -> None:
    units = _literal_units(got, p.fields)
    if units is None:
        return
    prefix = "f" if p.fields is not None else ""
    runs = _split(units, [end - start for _i, start, end in p.spans])
    for (i, start, end), body in sorted(zip(p.spans, runs), reverse=True):
        lines[i] = lines[i][:start] + prefix + '"' + body + '"' + lines[i][end:]


def translate_code(source: str, pieces: list[Piece], lookup) -> str:
    """``source`` with each piece replaced by ``lookup(context, msgid)`` (None
    keeps the English; a translation with another number of lines than its
    msgid too: the line numbers stay)."""
    lines = source.split("\n")
    for p in sorted(pieces, key=lambda p: p.spans[0], reverse=True):
        got = lookup(p.context, p.msgid)
        if not got:
            continue
        if p.context == MESSAGE:
            _translate_message(lines, p, got)
            continue
        if p.context in (LABEL, DESCRIPTION):
            if "\n" in got or p.quote in got or '"' in got or \
                    (got.count("\\"), re.findall(r"\\.", got)) != (p.msgid.count("\\"), re.findall(r"\\.", p.msgid)):
                continue    # a backslash only as the English has it (a bash label's \r\n, kept as written)
            if p.fields is not None or len(p.spans) > 1:    # an f-string or literals side by side
                _translate_message(lines, p, got)
                continue
            (i, start, end), = p.spans
            lines[i] = lines[i][:start] + p.quote + got + p.quote + lines[i][end:]
            continue
        new = got.split("\n")
        if len(new) != len(p.spans) or (p.context == DOCSTRING and ("\\" in got or p.quote[0] in got)):
            continue
        for (i, start, end), text in zip(p.spans, new):
            lines[i] = lines[i][:start] + text.rstrip() + lines[i][end:]
    return "\n".join(lines)


def outside_comments(source: str) -> list[str]:
    """The tokens of ``source`` that are not comments (or, in a ``%%bash``
    cell, its lines with their comments cut): what a translated edition keeps
    byte for byte."""
    lines = source.split("\n")
    cut = {}
    for i, col, _raw, _full in _comments(source):
        cut[i] = col
    return [ln[:cut[i]].rstrip() if i in cut else ln for i, ln in enumerate(lines)]


def _string_ranks(source: str) -> dict[tuple[int, int], int]:
    """(line, column) of each string token of ``source`` -> its rank among its line's string tokens."""
    out, rank = {}, {}
    for tok in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
        if tok.type == tokenize.STRING:
            rank[tok.start[0]] = rank.get(tok.start[0], -1) + 1
            out[tok.start] = rank[tok.start[0]]
    return out


def code_outside_texts(source: str, english, keys=frozenset()) -> list:
    """The code of a cell's ``source`` (either edition's) as every edition keeps it: tokenize's tokens with
    their lines but comments, the literals ``translate_code`` replaces in the English cell ``english`` (its
    printed labels, docstrings and test messages: ``cell_pieces``, ``message_pieces``) as ``<text>``, found by their
    line and rank among the line's strings; a cell magic's lines with their comments cut (and an ``echo``'s
    labels as ``<text>``, found by their line and rank among the line's quoted words of ``echo``). ``keys``:
    the notebook's ``labels.printed_keys``."""
    if source.startswith("%%"):
        return _magic_outside_texts(source, english, keys)
    pieces = cell_pieces(english, keys) + (message_pieces(english.source) if nbm.kind(english) == "tests" else [])
    try:
        ranks = _string_ranks(english.source)
        texts = {(p.spans[0][0] + 1, ranks[(p.spans[0][0] + 1, p.spans[0][1] - len(p.quote))]) for p in pieces
                 if p.context == DOCSTRING}
        texts |= {(i + 1, ranks[(i + 1, start)]) for p in pieces if p.context in (LABEL, MESSAGE, DESCRIPTION)
                  for i, start, _ in p.spans}
        out, rank = [], {}
        for tok in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
            if tok.type == tokenize.STRING:
                rank[tok.start[0]] = rank.get(tok.start[0], -1) + 1
                if (tok.start[0], rank[tok.start[0]]) in texts:
                    out.append((tok.start[0], "<text>"))
                    continue
            if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                out.append((tok.start[0], tok.string))
    except (tokenize.TokenError, IndentationError, SyntaxError, KeyError):
        return outside_comments(source)
    return out


def _magic_outside_texts(source: str, english, keys=frozenset()) -> list[str]:
    from .labels import bash_label_spans
    ranked = {}
    for i, start, _end in bash_label_spans(english.source):
        ranked[(i, start)] = sum(1 for j, s, _ in bash_label_spans(english.source) if j == i and s < start)
    texts = {(i, ranked[(i, p.spans[0][1])]) for p in cell_pieces(english, keys) if p.context == LABEL
             for i, _s, _e in p.spans[:1] if (i, p.spans[0][1]) in ranked}
    lines = source.split("\n")
    cut = {i: col for i, col, _raw, _full in _comments(source)}
    out = [ln[:cut[i]].rstrip() if i in cut else ln for i, ln in enumerate(lines)]
    spans = bash_label_spans(source)
    for i, start, end in sorted(spans, reverse=True):
        rank = sum(1 for j, s, _ in spans if j == i and s < start)
        if (i, rank) in texts and end <= len(out[i]):
            out[i] = out[i][:start] + "<text>" + out[i][end:]
    return out
