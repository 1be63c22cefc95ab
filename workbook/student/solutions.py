"""``solution("q3")``: the instructor's solution, for self-study learners.

In a self-study clone of the repository, ``source/`` holds the instructor
notebooks: ``solution("q3")`` shows the solution region of that answer cell,
starting with its comment lines that explain the approach (or, for a written
answer, the model answer and its mark scheme). In a released course, where
``source/`` does not exist, it says that the solution is not available.

The course folder is found by walking up from the working directory, and
also from where the ``workbook`` package is installed (an editable install
in a clone)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..course import layout
from ..course import nb as nbm
from ..messages import MessageError, msg, render

# the folder above the package: the clone, for an editable install
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class SolutionNotAvailable(MessageError, LookupError):
    """``message`` (a message) says why; ``str()`` renders it in the current
    language."""


@dataclass
class Solution:
    question: str  # full answer id
    assignment: str
    notebook: Path
    kind: str  # "answer" or "manual"
    text: str  # the solution region (code) or the model answer and rubric (markdown, with nbgrader's markers)
    editorial: str = ""   # the exercise's editorial (markdown, in the notebook's language), if it has one

    def body(self) -> str:
        """The solution in the current language: code as it is; a written
        answer's model answer and mark scheme from the assignment's
        catalogue (the solution key's: source/<a>/locale)."""
        if self.kind == "answer":
            return self.text
        from .. import i18n
        from ..authoring.catalog import translate_manual
        lang = i18n.current()
        if not lang.is_source:
            lang = i18n.language_for(lang.code, self.notebook.parent, self.assignment)
        text = translate_manual(self.text, lang.exact, lang.pexact) if not lang.is_source else self.text
        text = text.replace(nbm.BEGIN_MARK, render(msg("**Mark scheme**"))).replace(nbm.END_MARK, "")
        return text.strip()

    def markdown(self) -> str:
        head = render(msg("#### Solution of `{question}` ({assignment})", question=self.question,
                          assignment=self.assignment)) + "\n\n"
        body = "```python\n" + self.text + "\n```" if self.kind == "answer" else self.body()
        return head + body + (f"\n\n#### {_editorial_title()}\n\n{self.editorial}" if self.editorial else "")

    def plain(self) -> str:
        extra = f"\n\n{_editorial_title()}\n\n{self.editorial}" if self.editorial else ""
        return render(msg("Solution of {question} ({assignment})", question=self.question,
                          assignment=self.assignment)) + "\n\n" + self.body() + extra


def _editorial_title() -> str:
    from ..i18n import tr
    return tr("Editorial")


def editorial(source: Path, assignment: str, question: str, code: str | None = None) -> str:
    """The editorial of an exercise (its exercises file), in ``code``'s
    language (default: the running notebook's), from the assignment's full
    catalogue (a self-study clone has it): "" when it has none."""
    from .. import i18n
    from ..course import exercises
    try:
        text = exercises.editorials(source / assignment).get(question, "")
    except exercises.ExercisesError:
        return ""
    if not text:
        return ""
    code = code or i18n.current().code
    if code == i18n.SOURCE_LANGUAGE:
        return text
    from ..authoring.catalog import translate_markdown
    lang = i18n.language_for(code, source / assignment, assignment)
    return translate_markdown(text, lang.exact)


def source_roots(start: str | Path | None = None) -> list[Path]:
    """Course folders with a source/ folder: above the working directory, then
    the one the package is installed in."""
    here = Path(start or os.getcwd()).resolve()
    out = []
    for d in [here, *here.parents, PACKAGE_ROOT]:
        src = d / "source"
        if src.is_dir() and any(src.glob("*/*.ipynb")) and d not in out:
            out.append(d)
    return out


def _matches(question: str, gid: str) -> bool:
    return gid == question or gid.startswith(question + "_")


def find(question: str, assignment: str | None = None, start: str | Path | None = None) -> Solution:
    question = str(question).strip()
    here = Path(start or os.getcwd()).resolve()
    roots = source_roots(here)
    if not roots:
        raise SolutionNotAvailable(msg(
            "The solution of {question!r} is not available: this is a released course (there is no source/ folder "
            "with the instructor notebooks). Use hint() for a nudge, or ask a mentor.", question=question))
    found: list[Solution] = []
    for root in roots:
        source = layout.directory(root, "source")
        names = sorted(p.name for p in source.iterdir() if p.is_dir())
        if assignment:
            names = [a for a in names if a == assignment]
        for a in names:
            for path in sorted((source / a).glob("*.ipynb")):
                try:
                    book = nbm.read(path)
                except nbm.NotebookError:
                    continue
                for cell in book.cells:
                    k, gid = nbm.kind(cell), nbm.meta(cell).get("grade_id", "")
                    if k not in ("answer", "manual") or not _matches(question, gid):
                        continue
                    if k == "answer":
                        text = "\n".join(nbm.solution_lines(cell.source)).strip("\n")
                    else:
                        text = cell.source.strip()
                    found.append(Solution(gid, a, path, k, text, editorial(source, a, gid) if k == "answer" else ""))
        if found:
            break  # the nearest course folder wins
    if not found:
        where = msg(" in {assignment}", assignment=assignment) if assignment else ""
        raise SolutionNotAvailable(msg("No question {question!r}{where} in the solution key ({folder}). Use the "
                                       "question number, such as 'q3' for Question 3.", question=question,
                                       where=where, folder=roots[0] / "source"))
    if len(found) > 1:
        # the notebook's own assignment (its folder name) decides
        mine = [s for s in found if s.assignment in here.parts]
        if len(mine) == 1:
            return mine[0]
        exact = [s for s in found if s.question == question]
        if len(exact) == 1:
            return exact[0]
        where = ", ".join(f"{s.assignment}/{s.question}" for s in found)
        raise SolutionNotAvailable(msg("{question!r} is ambiguous ({where}): say which, e.g. {example}",
                                       question=question, where=where,
                                       example=f"solution({question!r}, assignment={found[0].assignment!r})"))
    return found[0]


def _show(text_md: str, text_plain: str) -> None:
    from .hints import _show as show
    show(text_md, text_plain)


def solution(question: str, assignment: str | None = None) -> None:
    """Show the instructor's solution of a question (self-study clones only).
    Try it yourself and use hint() first: reading a solution teaches less."""
    from .hints import _exam_running
    e = _exam_running(question)
    if e is not None:
        from .exam import countdown_text
        _show(countdown_text(e), countdown_text(e))
        return
    try:
        s = find(question, assignment)
    except SolutionNotAvailable as e:
        _show(f"⚠ {e}", str(e))
        return
    _show(s.markdown(), s.plain())
