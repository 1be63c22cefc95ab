"""The last look before a file reaches a student: every file of their
autograded/ and feedback/ folders, whatever its type, searched for the
course's secret and for the distinctive lines of its hidden tests.

What the kernel wrote comes back as data (``beneath``) and the feedback
export clears the hidden tests, so nothing secret should be there; this scan
is what catches a way round them that nobody thought of. ``Secrets`` holds
what must not be found: the course's secret (the key of every hidden input)
and the hidden tests' distinctive lines the release does not show
(``feedback.secret_lines``). ``find`` searches a file's bytes for all of them
at once (an Aho-Corasick automaton, pyahocorasick): the raw bytes for the
secret, their UTF-8 text and, for an HTML page, the text a reader sees. A
line the student wrote themselves (``own_text``) is theirs to see again.

A file that holds one is removed, and the submission is flagged with the
file and the reason (``scrub_result`` for autograded/, when a task's result
comes back; ``feedback._checked`` for feedback/).
"""
from __future__ import annotations

import base64
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .results import Flag


@dataclass
class Secrets:
    """What no file given back to a student may hold."""

    secret: str
    lines: frozenset[str]
    _automaton: object = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, course, assignment: str) -> "Secrets":
        """The course's secret and the hidden lines of the assignment's notebooks."""
        from .execute import read_secret
        from .feedback import secret_lines
        from .runner import secret_path
        lines = frozenset(line for found in secret_lines(course, assignment).values() for line in found)
        return cls(read_secret(secret_path(course)), lines)

    def automaton(self):
        if self._automaton is None:
            import ahocorasick
            a = ahocorasick.Automaton()
            for line in self.lines:
                a.add_word(line, line)
            if self.secret:
                a.add_word(self.secret, None)
            if len(a):
                a.make_automaton()
            self._automaton = a
        return self._automaton


def find(data: bytes, secrets: Secrets, own="", html: bool = False) -> str | None:
    """Why ``data`` (a file's bytes) may not reach the student, or None: it
    holds the course's secret, or a hidden test's line that ``own`` (what
    the student wrote, or a function that reads it: only called on a hit)
    does not hold."""
    if secrets.secret and secrets.secret.encode() in data:
        return "it holds the course's secret"
    automaton = secrets.automaton()
    if not len(automaton):
        return None
    texts = [data.decode("utf-8", errors="replace")]
    if html:
        from .feedback import html_text
        texts.append(html_text(texts[0]))
    for text in texts:
        for _, line in automaton.iter(text):
            if line is None:
                return "it holds the course's secret"
            if callable(own):
                own = own()
            if line not in own:
                return "it holds a line of a hidden test"
    return None


def own_text(notebooks: list) -> str:
    """Everything the student wrote in their notebooks' own cells (answers,
    manual answers, cells they added), one text."""
    from ..course import nb as nbm
    out = []
    for sub in notebooks:
        try:
            sub = nbm.read(sub) if isinstance(sub, (str, Path)) else sub
        except Exception:   # a notebook that cannot be read: nothing of it counts as the student's
            continue
        out += [c.source if isinstance(c.source, str) else "".join(c.source)
                for c in sub.cells if nbm.kind(c) in ("answer", "manual", None)]
    return "\n".join(out)


def scrub(folder: Path, secrets: Secrets, own, skip: set[str] = frozenset()) -> list[tuple[str, str]]:
    """Every regular file under ``folder`` (but the relative paths in
    ``skip``) searched with ``find``; those that hold something secret are
    removed. Returns (relative path, why) of each. ``own`` as for ``find``."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            rel = str(p.relative_to(folder))
            if rel in skip:
                continue
            try:
                if not stat.S_ISREG(os.lstat(p).st_mode):
                    continue
                data = p.read_bytes()
            except OSError:
                continue
            why = find(data, secrets, own, html=name.endswith((".html", ".htm")))
            if why:
                p.unlink(missing_ok=True)
                out.append((rel, why))
    return out


def once(make):
    """``make()``, called once, when first needed."""
    memo: list[str] = []

    def get() -> str:
        if not memo:
            memo.append(make())
        return memo[0]
    return get


def scrub_result(r, secrets: Secrets) -> list[Flag]:
    """A task's autograded files (``TaskResult.files_dir``, or ``files`` from
    a remote engine) before they reach the course: the graded notebooks
    aside (they hold the hidden tests by design: feedback clears them),
    every file that holds something secret is removed; a flag for each."""
    graded = {f"{name}.ipynb" for name in (r.notebooks or {})}
    hits: list[tuple[str, str]] = []
    if r.files_dir and os.path.isdir(r.files_dir):
        base = Path(r.files_dir)
        own = once(lambda: own_text([base / n for n in sorted(graded) if (base / n).is_file()]))
        hits = scrub(base, secrets, own, skip=graded)
    if r.files:
        def sent() -> str:
            import nbformat
            nbs = []
            for rel in sorted(graded & set(r.files)):
                try:
                    nbs.append(nbformat.reads(base64.b64decode(r.files[rel]).decode("utf-8"), as_version=4))
                except Exception:
                    continue
            return own_text(nbs)
        own = once(sent)
        for rel in sorted(r.files):
            if rel in graded:
                continue
            why = find(base64.b64decode(r.files[rel]), secrets, own, html=rel.endswith((".html", ".htm")))
            if why:
                del r.files[rel]
                hits.append((rel, why))
    return [Flag("files", f"{rel} was removed from autograded/ (so from feedback too): {why}")
            for rel, why in hits]
