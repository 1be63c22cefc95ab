"""A test cell of a source notebook, run in-process as an edition has it:
its source (visible and hidden parts; translated for a language other than
English, as the release writes each translation into its literal) and the
lines of its failure on an answer's names. For the tests that check one
exercise's feedback without a kernel."""
from __future__ import annotations

import functools
import linecache
from typing import Callable

from conftest import REPO
from workbook import i18n
from workbook.authoring import catalog
from workbook.checks.core import CheckFailed
from workbook.course import nb as nbm

EDITIONS = ("en", "ko")


def language(assignment: str, code: str):
    return i18n.language_for(code, REPO / "source" / assignment, assignment)


@functools.cache
def _notebook(assignment: str, code: str):
    nb = nbm.read(REPO / "source" / assignment / f"{assignment}.ipynb")
    return nb if code == "en" else catalog.translate_notebook(nb, language(assignment, code))


def source(assignment: str, cell_id: str, code: str = "en") -> str:
    """The cell ``cell_id`` of the assignment's source notebook in the edition ``code``."""
    return next(c.source for c in _notebook(assignment, code).cells if c.get("id") == cell_id)


def run(assignment: str, cell_id: str, names: dict, code: str = "en") -> str | None:
    """The test cell ``cell_id`` on a copy of ``names`` in the edition
    ``code``: None when it passes, else its failure's lines. Its source is
    in linecache under an IPython-like file name, as a kernel has it."""
    text = source(assignment, cell_id, code)
    filename = f"/tmp/ipykernel_0/{cell_id}_{code}.py"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    with i18n.using(language(assignment, code)):
        try:
            exec(compile(text, filename, "exec"), dict(names))
        except CheckFailed as e:
            return "\n".join(e.lines())
    return None


def failures(assignment: str, cell_id: str, names: Callable[[], dict]) -> dict[str, str]:
    """The failure of the test cell in each edition (``names()`` makes the
    answer's names afresh for each); the test fails if a cell passes."""
    out = {}
    for code in EDITIONS:
        text = run(assignment, cell_id, names(), code)
        assert text is not None, f"{cell_id} passed in the {code} edition"
        out[code] = text
    return out


def defined(answer: str, **given) -> Callable[[], dict]:
    """``names`` for ``failures``: what ``answer`` (code) defines, run afresh
    each time in a namespace that starts with ``given``."""
    def make() -> dict:
        namespace = dict(given)
        exec(answer, namespace)
        return namespace
    return make
