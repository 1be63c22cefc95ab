"""`workbook feedback ASSIGNMENT`: nbgrader generate_feedback, without leaks.

nbgrader's feedback is the autograded notebook as HTML, and autograding
restores the *hidden* tests into the test cells: the feedback shows them, and
the tracebacks of failed tests quote them (jupyter/nbgrader#917). Hidden
regions are where reference queries and implementations live, so that is a
leak of the solutions.

``SanitizeFeedback`` (an nbgrader preprocessor, run by generate_feedback
before the HTML export) removes from every test and read-only cell:

* the ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` region (replaced
  by one comment line), and any solution or mark-scheme region;
* the traceback frames of errors that quote a hidden line (the error name and
  message are kept: they say which test failed and why), and rich outputs
  (``execute_result``/``display_data``) of test cells.

After the export, every HTML file is checked again for the distinctive lines
of the hidden tests; a file that still shows one is deleted and reported.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from . import course
from . import nb as nbm

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HIDDEN_NOTE = "# (hidden tests: not shown in feedback)"
PREPROCESSORS = ["workbook.feedback.SanitizeFeedback", "nbgrader.preprocessors.GetGrades",
                 "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"]


def _is_test_or_locked(cell) -> bool:
    m = nbm.meta(cell)
    return bool(m.get("locked")) or (bool(m.get("grade")) and not m.get("solution"))


def strip_regions(source: str) -> tuple[str, list[str]]:
    """The source without hidden-test, solution and mark-scheme regions (a
    note marks a removed hidden region), and the removed lines."""
    out, removed, inside = [], [], None
    pairs = [(nbm.BEGIN_HIDDEN, nbm.END_HIDDEN), (nbm.BEGIN_SOLUTION, nbm.END_SOLUTION), (nbm.BEGIN_MARK, nbm.END_MARK)]
    for line in source.splitlines():
        s = line.strip()
        if inside is None:
            for b, e in pairs:
                if s.startswith(b):
                    inside = e
                    if b == nbm.BEGIN_HIDDEN:
                        out.append(line[: len(line) - len(line.lstrip())] + HIDDEN_NOTE)
                    break
            else:
                out.append(line)
            continue
        if s.startswith(inside):
            inside = None
            continue
        removed.append(line)
    return "\n".join(out), removed


def _quotes(text: str, secret_lines: set[str]) -> bool:
    plain = ANSI.sub("", text)
    for raw in plain.splitlines():
        # IPython frames show code as "---> 12 check(...)" or "     13 more()"
        line = re.sub(r"^\s*(-*>)?\s*\d+\s", "", raw).strip()
        if line and line in secret_lines:
            return True
    return False


def sanitize_error(output, secret_lines: set[str]):
    """Keep the error name and message; drop frames that quote secret lines."""
    tb = list(output.get("traceback", []))
    kept = [t for t in tb if not _quotes(t, secret_lines)]
    if len(kept) != len(tb):
        kept.append(f"(traceback lines that show hidden tests were removed from this feedback)")
    last = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
    if not any(output.get("ename", "") in ANSI.sub("", t) for t in kept):
        kept.append(last)
    output["traceback"] = kept
    return output


def sanitize_notebook(nb):
    """The notebook as feedback may show it (modified in place and returned)."""
    for cell in nb.cells:
        if not _is_test_or_locked(cell):
            continue
        src = "".join(cell.source) if isinstance(cell.source, list) else cell.source
        clean, removed = strip_regions(src)
        cell.source = clean
        if cell.cell_type != "code":
            continue
        secret = {line.strip() for line in removed if len(line.strip()) > 3}
        outs = []
        for o in cell.get("outputs", []):
            if o.get("output_type") in ("execute_result", "display_data"):
                continue
            if o.get("output_type") == "error" and secret:
                o = sanitize_error(o, secret)
            outs.append(o)
        cell.outputs = outs
    return nb


class SanitizeFeedback(Preprocessor):
    """nbgrader generate_feedback preprocessor: see the module docstring."""

    enabled = Bool(True, help="remove hidden tests from feedback (keep it on)").tag(config=True)

    def preprocess(self, nb, resources):
        return sanitize_notebook(nb), resources


def secret_lines(root: Path, assignment: str) -> dict[str, list[str]]:
    """notebook name -> distinctive lines of its hidden tests (from source/)."""
    out = {}
    for p in course.notebooks(root, assignment):
        src = nbm.read(p)
        lines = []
        for c in src.cells:
            text = "".join(c.source) if isinstance(c.source, list) else c.source
            visible = {line.strip() for line in nbm.visible_part(text).splitlines()}
            lines += [x for x in nbm.distinctive_lines(nbm.hidden_lines(text), min_len=20) if x not in visible]
        out[p.stem] = lines
    return out


def html_text(path: Path) -> str:
    """The text of an HTML file as a reader sees it (tags removed)."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8", errors="replace")))


def own_lines(root: Path, student: str, assignment: str, notebook: str) -> set[str]:
    """Lines the student wrote in their own submission: showing those back is
    not a leak, even where a hidden test happens to contain the same line
    (a correct shell script, say)."""
    try:
        sub = nbm.read(root / "submitted" / student / assignment / f"{notebook}.ipynb")
    except nbm.NotebookError:
        return set()
    return {line.strip() for c in sub.cells if nbm.kind(c) in ("answer", "manual", None)
            for line in c.source.splitlines()}


def leaks(root: Path, assignment: str) -> list[str]:
    secrets = secret_lines(root, assignment)
    found = []
    for f in sorted((root / "feedback").glob(f"*/{assignment}/*.html")):
        shown = {line.strip() for line in html_text(f).splitlines()}
        mine = own_lines(root, f.parent.parent.name, assignment, f.stem)
        for line in secrets.get(f.stem, []):
            if line in shown and line not in mine:
                found.append(f"{f.relative_to(root)}: shows a hidden test line: {line[:60]}")
                break
    return found


def generate(root: Path, assignment: str, students: list[str] | None = None) -> int:
    """Feedback HTML for every autograded submission of an assignment; returns
    how many files were written (a file that would leak is removed).
    nbgrader_config.py names SanitizeFeedback in GenerateFeedback.preprocessors;
    a course whose config does not is refused (checked by the leak scan)."""
    root = Path(root)
    args = ["generate_feedback", assignment, "--force"]
    for s in students or []:
        args.append(f"--student={s}")
    course.nbgrader(root, *args)
    bad = leaks(root, assignment)
    for b in bad:
        (root / b.split(": ", 1)[0]).unlink(missing_ok=True)
    if bad:
        raise LeakError("feedback would have shown hidden tests (files removed):\n  " + "\n  ".join(bad))
    return len(list((root / "feedback").glob(f"*/{assignment}/*.html")))


class LeakError(RuntimeError):
    pass
