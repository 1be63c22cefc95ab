"""``review("q3")``: what a problem was, once the test is over (10_coding_test).

A real coding test never says which technique a problem needs: telling it
from the problem is part of what the test measures. So what each problem
was (its technique and 백준's tags) and problems of the same kind to
practise next are not in the notebook: the exercises file declares them
(``review``, workbook/course/exercises.py), the release writes them next to
the notebook in the edition's language (``.review.json``), and ``review()``
(or ``workbook review``) shows them, refused exactly as hints are: while an
exam of the workspace has time left (``exam.blocking``) it shows the time
left instead.

``review()`` shows every problem; ``review("q3")`` one. The file is looked
up as the hints file is: next to the running notebook first, then in the
assignment folders of the course.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..course.exercises import Review
from ..i18n import tr
from ..messages import MessageError, msg

REVIEW_FILE = ".review.json"   # a dotfile, as the hints (hints.HINTS_FILE)


class ReviewError(MessageError, LookupError):
    """No review to show: ``message`` (a message) says why; ``str()`` renders it in the current language."""


@dataclass(frozen=True)
class Reviews:
    """The reviews of an assignment (``problems``: grade id -> its review, in the test's order) and what the
    test as a whole left out (``notes``, markdown)."""
    assignment: str
    problems: dict[str, Review]
    notes: str = ""
    path: Path | None = None   # the file they were read from

    def only(self, question: str | None) -> "Reviews":
        """These reviews, or only ``question``'s ('q3' or its full id; ReviewError when there is none)."""
        if question is None:
            return self
        question = str(question).strip()
        keys = [k for k in self.problems if k == question or k.startswith(question + "_")]
        if not keys:
            raise ReviewError(msg("{assignment} has no review of {question!r}. Use the question number, such as "
                                  "'q3' for Question 3.", assignment=self.assignment, question=question))
        return Reviews(self.assignment, {k: self.problems[k] for k in keys}, "", self.path)

    def platforms(self) -> list[str]:
        return list(dict.fromkeys(p for r in self.problems.values() for p, _ in r.practice))


def dump(problems: dict[str, Review], notes: str) -> str:
    """.review.json's text, as the release writes it."""
    return json.dumps({"problems": {gid: r.as_data() for gid, r in problems.items()}, "notes": notes},
                      indent=1, ensure_ascii=False) + "\n"


def load(path: str | Path) -> Reviews:
    """A review file (ValueError when it is malformed)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        problems = {gid: Review.from_data(r) for gid, r in data["problems"].items()}
        notes = data.get("notes", "")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"{path}: cannot read the review: {e}") from None
    if not isinstance(notes, str):
        raise ValueError(f"{path}: its notes should be a string")
    return Reviews(path.parent.name, problems, notes, path)


def find(assignment: str | None = None, start: str | Path | None = None) -> Reviews:
    """The reviews of ``assignment`` (default: the notebook's own, next to the working directory)."""
    from .hints import _candidate_files
    here = Path(start or os.getcwd()).resolve()
    files = _candidate_files(here, REVIEW_FILE)
    if assignment:
        files = [p for p in files if p.parent.name == assignment]
    elif files and files[0] == here / REVIEW_FILE:
        files = files[:1]
    elif len({p.parent.name for p in files}) > 1:
        raise ReviewError(msg("Several assignments have a review ({assignments}): say which, e.g. {example}",
                              assignments=", ".join(sorted({p.parent.name for p in files})),
                              example=f"review(assignment={files[0].parent.name!r})"))
    for p in files:
        try:
            return load(p)
        except ValueError:
            continue
    where = msg(" in {assignment}", assignment=assignment) if assignment else ""
    raise ReviewError(msg("No review{where}: only the coding test (10_coding_test) has one. Run the notebook "
                          "from its own folder.", where=where))


def _number(gid: str) -> str:
    return gid.split("_", 1)[0].lstrip("q")


def _problem(gid: str, r: Review) -> str:
    return f"{_number(gid)} · {r.title}"


def markdown(reviews: Reviews) -> str:
    """The two tables (what each problem was; more practice) and the notes."""
    platforms = reviews.platforms()
    out = [f"#### {tr('What each problem was')}",
           f"| {tr('problem')} | {tr('what it was')} | {tr('백준 tags (solved.ac)')} |\n|---|---|---|\n"
           + "\n".join(f"| {_problem(g, r)} | {r.what} | {', '.join(r.tags)} |" for g, r in reviews.problems.items()),
           f"#### {tr('More practice (더 풀어 보기)')}",
           f"| {tr('problem')} | " + " | ".join(platforms) + " |\n|---|" + "---|" * len(platforms) + "\n"
           + "\n".join(f"| {_problem(g, r)} | " + " | ".join(dict(r.practice).get(p, "-") for p in platforms) + " |"
                       for g, r in reviews.problems.items())]
    return "\n\n".join(out + ([reviews.notes] if reviews.notes else []))


def plain(reviews: Reviews) -> str:
    """The same for a terminal: a paragraph per problem."""
    out = [f"{tr('What each problem was')} ({reviews.assignment})"]
    for g, r in reviews.problems.items():
        lines = [f"{_problem(g, r)}: {r.what}", f"  {tr('백준 tags (solved.ac)')}: {', '.join(r.tags)}"]
        lines += [f"  {tr('More practice (더 풀어 보기)')}, {p}: {problems}" for p, problems in r.practice]
        out.append("\n".join(lines))
    return "\n\n".join(out + ([reviews.notes] if reviews.notes else []))


def review(question: str | None = None, assignment: str | None = None) -> None:
    """After the test: what each problem was (``review()``), or one problem (``review("q3")``), with problems
    of the same kind to practise next. Not during an exam (``workbook exam``): it shows the time left."""
    from .hints import _exam_running, _show
    e = _exam_running(question)
    if e is not None:
        from .exam import countdown_text
        _show(countdown_text(e), countdown_text(e))
        return
    try:
        found = find(assignment).only(question)
    except ReviewError as err:
        _show(f"⚠ {err}", str(err))
        return
    _show(markdown(found), plain(found))
