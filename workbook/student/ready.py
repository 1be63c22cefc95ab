"""``ready(...)``: a worked example that builds on your answers runs only once
they exist.

A notebook's demo cells use the functions you write in the answer cells
above them. Before you answer, such a cell would stop with a traceback
(``NameError: name 'save_artifact' is not defined``); guarded by ``ready``,
it prints one line saying what it waits for instead::

    if ready("save_artifact", "load_artifact", after="Questions 1 and 2"):
        folder = save_artifact(...)

The names are looked up in the namespace of the cell that calls ``ready``
(the notebook's). Only a missing name is reported: an answer that raises
still shows its error, which is yours to fix.
"""
from __future__ import annotations

import inspect


def missing(names, namespace: dict) -> list[str]:
    return [name for name in names if name not in namespace]


def ready(*names: str, after: str = "", namespace: dict | None = None) -> bool:
    """True when every name is defined; else one line naming the missing ones
    (and ``after``, the questions the cell builds on), and False."""
    if namespace is None:
        caller = inspect.currentframe().f_back
        try:
            namespace = caller.f_globals
        finally:
            del caller
    absent = missing(names, namespace)
    if not absent:
        return True
    from ..messages import as_message, msg, render
    names = ", ".join(f"`{n}`" for n in absent)
    if after:   # "Question 4": a message of the notebook (its catalogue says 문제 4)
        print(render(msg("⏸ Skipped until you answer {after}: {names} not defined yet (then run this cell again).",
                         after=as_message(after), names=names)))
    else:
        print(render(msg("⏸ Skipped until the cells above have run: {names} not defined yet (then run this cell "
                         "again).", names=names)))
    return False
