"""The notes of a markdown cell's code blocks, as catalogue entries (``comments.COMMENT``, their context).

A code block of a markdown cell is code: the same in every edition. What the student reads in it as prose
is its notes, found by the block's language (its info string) at the top level of the cell:

* a language with comments (``python``, ``bash``, ``yaml``, ``toml``..., ``js``, ``sql``): its comments,
  as a code cell's (``comments.comment_pieces``: a run of full-line comments in one column is one note;
  what ``#``, ``//`` or ``--`` starts outside quotes);
* a block without a language (a folder's layout, ``git status``' listing, a conflict's markers): a line's
  note column, the text after the line's first field and two spaces or more
  (``weights.pt    the nn.Linear's state_dict``), with the lines after it that start in that column (its
  continuation), unless it holds columns itself (a legend under a log line: a table); a line that is only words (``what the branch you merge has``). A note that holds no
  English word outside its quoted values (``{"name": "churn", ...}``) is data, not a note;
* a ``mermaid`` entity-relationship diagram (``erDiagram``): each relationship's label
  (``customers ||--o{ orders : places``), in the context of a printed label (``comments.LABEL``): the
  diagram shows it; a label that is a column's name (``"referred_by"``) is code and stays. The release
  writes the translation in double quotes, so a Korean label may hold spaces. Other mermaid diagrams
  (``graph``, ``%%`` notes) have no notes.

Commands, paths, keys and values stay: only a note's text is replaced, at its place, and its translation
keeps its number of lines (``catalog.problems_of``), so the block keeps its lines and columns.
"""
from __future__ import annotations

import re

from .comments import Piece, _bash_comments, _has_words, _python_comments, comment_pieces

HASH = frozenset({"bash", "sh", "shell", "console", "yaml", "yml", "toml", "ini", "conf", "dockerfile",
                  "r", "make", "makefile", "gitignore"})
MARKERS = {"js": "//", "javascript": "//", "ts": "//", "typescript": "//", "sql": "--"}
PLAIN = frozenset({"", "text", "txt", "plain"})
_NOTE = re.compile(r"^(\s*\S(?:.*?\S)?)\s{2,}(?=\S)")
_ER_LABEL = re.compile(r'^\s*[\w-]+\s+\S*--\S*\s+[\w-]+\s*:\s*(?:"([^"]*)"|([^\s"]+))\s*$')
_WORDS_ONLY = re.compile(r"\s*[A-Za-z][A-Za-z ()',]*[A-Za-z)]\s*")


def _blocks(text: str):
    """(info, first content line, end line) of every fenced code block at the top level of ``text``."""
    from .catalog import _parser
    for tok in _parser().parse(text):
        if tok.type == "fence" and tok.level == 0 and tok.map:
            first = tok.map[0] + 1
            yield tok.info.strip().split(" ")[0].lower(), first, first + tok.content.count("\n")


def _prose(text: str) -> bool:
    return _has_words(re.sub(r"\"[^\"]*\"|'[^']*'|`[^`]*`", " ", text))


def _layout_notes(lines: list[str], first: int, end: int) -> list[Piece]:
    from .comments import COMMENT
    out, i = [], first
    while i < end:
        line = lines[i]
        m = _NOTE.match(line)
        if m is None:
            if _WORDS_ONLY.fullmatch(line) and len(line.split()) >= 3:
                col = len(line) - len(line.lstrip())
                out.append(Piece(COMMENT, line.strip(), i + 1, [(i, col, len(line.rstrip()))]))
            i += 1
            continue
        col = m.end()
        spans = [(i, col, len(line.rstrip()))]
        j = i + 1
        while j < end and lines[j][:col].strip() == "" and len(lines[j]) > col and lines[j][col] != " ":
            spans.append((j, col, len(lines[j].rstrip())))
            j += 1
        text = "\n".join(lines[k][a:b] for k, a, b in spans)
        if _prose(text) and not re.search(r"\S\s{3,}\S", text):   # not a table's row (a log line's legend)
            out.append(Piece(COMMENT, text, i + 1, spans))
        i = j
    return out


def _er_labels(lines: list[str], first: int, end: int) -> list[Piece]:
    from .comments import LABEL
    if not any(line.strip() == "erDiagram" for line in lines[first:end]):
        return []
    out = []
    for i in range(first, end):
        m = _ER_LABEL.match(lines[i])
        if m is None:
            continue
        g = 1 if m.group(1) is not None else 2
        label = m.group(g)
        if not _has_words(label):
            continue
        start, stop = m.span(g)
        if g == 1:
            start, stop = start - 1, stop + 1   # the literal with its quotes
        out.append(Piece(LABEL, label, i + 1, [(i, start, stop)], quote='"'))
    return out


def fence_pieces(text: str) -> list[Piece]:
    """The notes of the code blocks of a markdown ``text`` (see the module docstring), each a piece in the
    context ``code comment``; its line is its line in ``text`` (1-based)."""
    lines = text.split("\n")
    out: list[Piece] = []
    for info, first, end in _blocks(text):
        if info in PLAIN:
            out += _layout_notes(lines, first, end)
            continue
        if info in ("python", "py"):
            found = _python_comments(lines[:end], first)
            if found is None:
                found = _bash_comments(lines[:end], first)
        elif info in HASH:
            found = _bash_comments(lines[:end], first)
        elif info in MARKERS:
            found = _bash_comments(lines[:end], first, MARKERS[info])
        elif info == "mermaid":
            out += _er_labels(lines, first, end)
            continue
        else:
            continue
        out += [p for p in comment_pieces("\n".join(lines[:end]), found) if p.spans[0][0] >= first]
    return sorted(out, key=lambda p: p.spans[0])


def translate_fences(text: str, lookup) -> str:
    """``text`` with each note of its code blocks replaced by ``lookup(context, note)`` (None, or a
    translation with another number of lines, keeps the English)."""
    from .comments import translate_code
    pieces = fence_pieces(text)
    return translate_code(text, pieces, lookup) if pieces else text
