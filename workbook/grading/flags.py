"""Flags where instructors look, and clearing them by hand after review.

A flag (``results.Flag``: a kind, the notebook and cell, a reason) is raised
by the grader while it grades a submission; it never changes a score by
itself. A raised flag shows

* in the gradebook: the submitted notebook is flagged (nbgrader's own state:
  the flag icon of the formgrader's lists, toggled by the formgrader's own
  "flag" shortcut), for the kinds in ``FLAGGING``;
* in the formgrader's view of the submission, with its reasons: the
  autograded notebook's metadata ``workbook.flags`` (``annotate``), shown
  above the cells by the course's override of nbgrader's ``formgrade``
  template (``templates/formgrade/index.html.j2`` beside this file, set in
  nbgrader_config.py through nbconvert's ``extra_template_basedirs``);
* in ``reports/<assignment>/grades.csv`` (column ``flags``), ``flagged.json``
  and the printed report (``workbook.grading.report``).

An instructor clears a submission's flags after review with ``workbook flags
clear ASSIGNMENT STUDENT`` (``clear``) or with the formgrader's own unflag
(seen at the next report or grading, ``unflagged_in_formgrader``). Either is
recorded in the submission's state file as ``cleared``: the reasons cleared,
the digest of the submission they were raised on, how and when. A rerun that
grades the same submission again raises none of the cleared reasons; a
changed submission (another digest), or a reason not cleared, is raised
again.
"""
from __future__ import annotations

import datetime as dt

from ..course import nb as nbm
from ..course.layout import Course
from .results import Flag

# the kinds of flag that flag the notebook in the gradebook (a "files" flag, a returned file refused, does not)
FLAGGING = ("tamper", "code", "judge", "process", "staging", "limits")
# the autograded notebook's metadata key the grader owns: {"flags": [{"kind", "cell", "reason"}]} (a key of the
# student's notebook of that name is replaced or removed: the view shows the grader's flags only)
METADATA = "workbook_grader"


def formgrade_templates() -> tuple[list[str], list[str]]:
    """nbconvert's (``extra_template_basedirs``, ``extra_template_paths``)
    for the formgrader's view: the course's ``formgrade`` template first,
    then nbgrader's (its ``feedback`` template stays the one feedback uses);
    nbgrader's templates folder on the search path, for the course's
    template to extend ``formgrade/index.html.j2``."""
    from pathlib import Path

    import nbgrader
    ours = Path(__file__).with_name("templates")
    theirs = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    return [str(ours), str(theirs)], [str(theirs)]


def flagged_notebooks(flags: list[Flag]) -> set[str]:
    """The notebooks the gradebook marks as flagged for ``flags``."""
    return {f.notebook for f in flags if f.notebook and f.kind in FLAGGING}


def of_state(state: dict) -> list[Flag]:
    return [Flag.of(f) for f in state.get("flags", []) if isinstance(f, dict)]


def cleared_reasons(state: dict, submission: str | None = None) -> set[str]:
    """The reasons cleared by hand for the submission ``submission`` (by
    default the one the state was graded from); none for another one."""
    cleared = state.get("cleared")
    if not isinstance(cleared, dict) or not cleared.get("submission"):
        return set()
    if cleared["submission"] != (submission if submission is not None else state.get("submission")):
        return set()
    return {str(r) for r in cleared.get("reasons", [])}


def raised(flags: list[Flag], cleared: set[str]) -> list[Flag]:
    """The flags still raised: those whose reason was not cleared."""
    return [f for f in flags if str(f) not in cleared]


def carried_clear(state: dict | None, submission: str | None, gradebook_flags: dict[str, bool] | None) -> dict | None:
    """The ``cleared`` record a new grading of ``submission`` keeps from the
    previous state: the previous one when it is for the same submission,
    with the flags the formgrader unflagged since (``gradebook_flags``:
    notebook -> flagged, as the gradebook holds it now) added; None for a
    changed submission."""
    if not state or not submission or state.get("submission") != submission:
        return None
    reasons = cleared_reasons(state, submission)
    unflagged = unflagged_in_formgrader(state, gradebook_flags or {})
    if unflagged:
        return _record(submission, reasons | {str(f) for f in unflagged}, "formgrader")
    return state.get("cleared") if reasons else None


def unflagged_in_formgrader(state: dict, gradebook_flags: dict[str, bool]) -> list[Flag]:
    """The raised flags of notebooks that the grader flagged and the
    gradebook no longer shows flagged: an instructor unflagged them in the
    formgrader."""
    if state.get("status") != "graded":
        return []
    open_flags = raised(of_state(state), cleared_reasons(state))
    gone = {n for n in flagged_notebooks(open_flags) if gradebook_flags.get(n) is False}
    return [f for f in open_flags if f.notebook in gone and f.kind in FLAGGING]


def _record(submission: str, reasons: set[str], how: str) -> dict:
    return {"submission": submission, "reasons": sorted(reasons), "how": how,
            "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}


def annotate(course: Course, assignment: str, student: str, flags: list[Flag]) -> None:
    """Write the raised flags' reasons into the autograded notebooks'
    metadata (``METADATA``), where the formgrader's view shows them; a
    notebook without a raised flag has none, whatever the student's
    notebook held under that key. A notebook whose bytes do not name the key
    and that gets no flag is left as it is (not parsed: most are)."""
    folder = course.path("autograded", student, assignment)
    for path in sorted(folder.glob("*.ipynb")):
        want = [{"kind": f.kind, "cell": f.cell, "reason": f.reason} for f in flags if f.notebook in (None, path.stem)]
        if not want and f'"{METADATA}"'.encode() not in path.read_bytes():
            continue
        nb = nbm.read(path)
        if nb.metadata.get(METADATA) == ({"flags": want} if want else None):
            continue
        nb.metadata.pop(METADATA, None)
        if want:
            nb.metadata[METADATA] = {"flags": want}
        nbm.write(nb, path)


def clear(course: Course, assignment: str, student: str) -> list[str]:
    """``workbook flags clear``: every flag of the student's graded
    submission is cleared after review: the gradebook no longer shows it
    flagged, the formgrader's view no longer lists it, the report no longer
    lists it, and the state file records it (a rerun of the same submission
    raises none of these reasons again). Returns the reasons cleared."""
    from . import gradebook
    from .runner import read_state, write_state_extra
    state = read_state(course, assignment, student)
    if not state or state.get("status") != "graded":
        why = "it was not graded" if state else "it has no grading state (run `workbook autograde` first)"
        raise LookupError(f"{student}'s submission of {assignment} has no flags to clear: {why}")
    if not state.get("submission"):
        raise LookupError(f"{student}'s submission of {assignment} was graded by an older grader: grade it "
                          "again (`workbook autograde --force`), then clear its flags")
    open_flags = raised(of_state(state), cleared_reasons(state))
    cleared = cleared_reasons(state) | {str(f) for f in open_flags}
    gradebook.set_flagged(course, assignment, student, False)
    annotate(course, assignment, student, [])
    if cleared:
        write_state_extra(course, assignment, student, {"cleared": _record(state["submission"], cleared,
                                                                           "workbook flags clear")})
    return [str(f) for f in open_flags]
