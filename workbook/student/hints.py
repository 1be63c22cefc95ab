"""Progressive hints: ``hint("q3")`` shows one more hint per call.

Hints are released with the assignment, next to its notebook, in
``.hints.json`` = ``{"q3_top_ips": ["first nudge", "more specific", "almost
there"], ...}``, which the release writes from the exercises file
(``source/<a>/exercises.py``, workbook/course/exercises.py) in the
edition's language. They never contain the solution. The file is a dotfile,
as is the review's (``.review.json``): JupyterLab neither lists nor opens a
hidden file (``ContentsManager.allow_hidden`` is off by default), so during
an exam, when ``hint()`` and ``review()`` refuse, a click in the file browser
does not show them either. A terminal still can: it is a convenience, not a
lock. An instructor who wants them out of an exam's release adds them to
``c.CourseDirectory.ignore``.

``hint("q3")`` accepts the full answer id (``q3_top_ips``) or its short form
(``q3``). The hints file is looked up next to the running notebook first (the
working directory), then in the assignment folders of the course.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..i18n import format_, tr
from ..messages import as_message, msg
from ..messages import render as rendered

HINTS_FILE = ".hints.json"   # a dotfile: JupyterLab neither lists nor opens it (ContentsManager.allow_hidden)

# (hints file, answer id) -> how many hints were shown so far in this kernel
_revealed: dict[tuple[str, str], int] = {}


class HintError(LookupError):
    """No hints for that question: ``message`` (a message) says why and what
    to do; ``str()`` renders it in the current language."""

    def __init__(self, message):
        self.message = message
        super().__init__()

    def __str__(self) -> str:
        return rendered(self.message)


@dataclass
class Hints:
    question: str  # the full answer id, e.g. q3_top_ips
    assignment: str  # the folder the hints file is in
    path: Path
    hints: list[str]

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.path), self.question)


def load(path: str | Path) -> dict[str, list[str]]:
    """A hints file; a clear ValueError if it is malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: cannot read hints: {e}") from None
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and v and all(isinstance(h, str) and h.strip() for h in v)
            for k, v in data.items()):
        raise ValueError(f"{path}: hints must be an object {{answer id: [non-empty strings]}}")
    return data


def _matches(question: str, key: str) -> bool:
    return key == question or key.startswith(question + "_")


def _candidate_files(start: Path | None = None, name: str = HINTS_FILE) -> list[Path]:
    """Hints files (or the files called ``name``: .review.json) to search,
    nearest first: the working directory, then every assignment folder
    (release/ and source/) of the course folders above it and of the course
    the package belongs to."""
    from ..course import layout as course
    here = Path(start or os.getcwd()).resolve()
    out: list[Path] = [here / name]
    roots = [d for d in [here, *here.parents] if (d / "release").is_dir() or (d / "source").is_dir()]
    roots.append(course.REPO_ROOT)
    for root in roots:
        for where in ("release", "source"):
            d = root / where
            if d.is_dir():
                out += sorted(d.glob(f"*/{name}"))
    seen, unique = set(), []
    for p in out:
        if p.is_file() and p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique


def find(question: str, assignment: str | None = None, start: str | Path | None = None) -> Hints:
    """The hints of a question (full id or short form like ``q3``)."""
    question = str(question).strip()
    here = Path(start or os.getcwd()).resolve()
    files = _candidate_files(here)
    if assignment:
        files = [p for p in files if p.parent.name == assignment]
    elif files and files[0] == here / HINTS_FILE:
        files = files[:1]  # in an assignment's folder: its own hints only
    found: list[Hints] = []
    for p in files:
        try:
            data = load(p)
        except ValueError:
            continue
        keys = [k for k in data if _matches(question, k)]
        if len(keys) > 1 and question in keys:
            keys = [question]
        for k in keys:
            found.append(Hints(k, p.parent.name, p, data[k]))
    assignments = sorted({h.assignment for h in found})
    if not found:
        where = msg(" in {assignment}", assignment=assignment) if assignment else ""
        raise HintError(msg("No hints for {question!r}{where}. Use the question number, such as 'q3' for Question 3 "
                            "(or its full id, such as 'q3_top_ips'), and run the notebook from its own folder.",
                            question=question, where=where))
    if len({(h.assignment, h.question) for h in found}) > 1:
        ids = sorted({h.question for h in found})
        if len(assignments) > 1:
            raise HintError(msg("{question!r} exists in several assignments ({assignments}): say which, e.g. "
                                "{example}", question=question, assignments=", ".join(assignments),
                                example=f"hint({question!r}, assignment={assignments[0]!r})"))
        raise HintError(msg("{question!r} matches {ids}: use the full answer id", question=question,
                            ids=", ".join(ids)))
    return found[0]


def next_hints(question: str, assignment: str | None = None, start: str | Path | None = None) -> tuple[Hints, int]:
    """Reveal one more hint; returns the hints and how many are now shown."""
    h = find(question, assignment, start)
    n = min(_revealed.get(h.key, 0) + 1, len(h.hints))
    _revealed[h.key] = n
    return h, n


def render(h: Hints, n: int, markdown: bool = True, more: str | None = None) -> str:
    """The hints shown so far, in the notebook's language (the hints file of a
    release is in its language already; these are the lines around them)."""
    lines = []
    for i, text in enumerate(h.hints[:n], 1):
        lines.append(format_("**Hint {i}/{n}** · {text}", i=i, n=len(h.hints), text=text) if markdown
                     else format_("Hint {i}/{n}: {text}", i=i, n=len(h.hints), text=text))
    if n >= len(h.hints):
        lines.append(tr("That was the last hint. Read the test's message again (expected / got), try a small "
                        "example of your own, or ask a mentor."))
    elif more:
        lines.append(rendered(msg("({more} for hint {next})", more=as_message(more), next=n + 1)))
    elif markdown:
        lines.append(format_("(call `hint({question!r})` again for hint {next})", question=h.question, next=n + 1))
    else:
        lines.append(format_("(ask again for hint {next})", next=n + 1))
    return ("\n\n" if markdown else "\n").join(lines)


def _show(text_md: str, text_plain: str) -> None:
    try:
        from IPython import get_ipython
        if get_ipython() is not None and getattr(get_ipython(), "kernel", None) is not None:
            from IPython.display import Markdown, display
            display(Markdown(text_md))
            return
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        pass
    print(text_plain)


def _exam_running(question: str | None = None):
    """An exam with time left that takes ``question``'s hints away: this
    notebook's when it covers the question (03's covers its mock test only),
    or any other notebook's of the workspace (``exam.blocking``)."""
    from ..notebook import running_exam
    e = running_exam()
    if e is not None and e.left().total_seconds() > 0 and e.covers(question):
        return e
    from .exam import blocking
    found = blocking(question=question)
    return found[1] if found is not None else None


def hint(question: str, assignment: str | None = None) -> None:
    """Show the next hint for a question: ``hint("q3")``. Each call reveals one
    more, up to the last; the hints never give the solution away. Not during
    an exam (``workbook exam``)."""
    e = _exam_running(question)
    if e is not None:
        from .exam import countdown_text
        _show(countdown_text(e), countdown_text(e))
        return
    try:
        h, n = next_hints(question, assignment)
    except HintError as e:
        _show(f"⚠ {e}", f"{e}")
        return
    _show(format_("#### Hints for `{question}`", question=h.question) + "\n\n" + render(h, n),
          format_("Hints for {question}", question=h.question) + "\n" + render(h, n, False))


def hint_button(question: str, assignment: str | None = None):
    """A button that reveals one more hint per click (ipywidgets). It does
    nothing until clicked, so it costs nothing while autograding."""
    try:
        import ipywidgets as w
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        return None
    exam = _exam_running(question)
    if exam is not None:
        return _countdown(w, exam)
    out = w.Output()
    try:
        h = find(question, assignment)
    except HintError as e:
        return w.HTML(value=f"<i>{e}</i>")
    except Exception as e:  # a widget cell must never break a notebook
        return w.HTML(value=format_("<i>hints are not available here ({error})</i>", error=type(e).__name__))
    button = w.Button(description=format_("Hint for {question}", question=h.question), icon="lightbulb-o",
                      tooltip=tr("one more hint per click (never the solution)"),
                      layout=w.Layout(width="auto"))
    button.add_class("workbook-hint-button")

    def on_click(_):
        running = _exam_running(h.question)   # an exam started after the button was made
        if running is not None:
            from .exam import countdown_text
            out.clear_output()
            with out:
                print(countdown_text(running))
            return
        hh, n = next_hints(h.question, h.assignment)
        out.clear_output()
        with out:
            from IPython.display import Markdown, display
            display(Markdown(render(hh, n, more="click again")))
        if n >= len(hh.hints):
            button.description = format_("No more hints for {question}", question=h.question)
            button.disabled = True

    button.on_click(on_click)
    return w.VBox([button, out], layout=w.Layout(align_items="flex-start"))


def _countdown(w, exam):
    """During an exam a hint button is a countdown (updated every 20 s)."""
    import threading

    from .exam import countdown_text
    label = w.HTML(value=f"<b>{countdown_text(exam)}</b>")
    label.add_class("workbook-exam-countdown")

    def tick():
        while exam.left().total_seconds() > -60:
            threading.Event().wait(20)
            label.value = f"<b>{countdown_text(exam)}</b>"
    threading.Thread(target=tick, name="exam-countdown", daemon=True).start()
    return label


def reset(question: str | None = None) -> None:
    """Forget which hints were shown (all, or one question's)."""
    for key in list(_revealed):
        if question is None or _matches(question, key[1]):
            del _revealed[key]
