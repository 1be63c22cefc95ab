"""The checks every assignment uses: a value, a list of cases, a condition,
an expected exception. They run inside an ``@exercise`` test function (the
exercise names the question in every message)."""
from __future__ import annotations

import numbers

from ..messages import as_message, msg
from .core import CheckFailed, fail, hidden_type, label, numpy_int_note, same, short
from .exercise import AnswerRaised, Ref, call, describe, prefetch


def check_equal(got, expected, *, what="value", hint=None, tol: float | None = None) -> None:
    """``got`` equals ``expected`` (same type; floats within ``tol``). ``what``
    names the value in the message (a message: "number of rows")."""
    what = as_message(what)
    if isinstance(expected, numbers.Real) and not isinstance(expected, bool) and isinstance(got, numbers.Real) \
            and not isinstance(got, bool) and type(got) is not type(expected) and tol is None:
        tol = 0.0
    if not same(expected, got, tol):
        note = numpy_int_note(expected, got)
        if note:
            raise CheckFailed(msg("the {what} should be an int: {note}", what=as_message(what), note=as_message(note)), show_values=False,
                              hint=hint, hidden_message=msg("the {what} should be an int, not a numpy integer",
                                                            what=as_message(what)))
        if type(got) is not type(expected) and not (isinstance(expected, numbers.Real) and isinstance(got, numbers.Real)):
            raise CheckFailed(msg("the {what} should be a {expected_type}, not a {got_type}", what=as_message(what),
                                  expected_type=type(expected).__name__, got_type=type(got).__name__),
                              expected, got, hint, hidden_message=msg("the {what} has the wrong type", what=as_message(what)))
        raise CheckFailed(msg("wrong {what}", what=as_message(what)), expected, got, hint,
                          hidden_message=msg("wrong {what}", what=as_message(what)))


def check_true(condition, message, *, hint=None, hidden_message=None) -> None:
    """``condition`` is True (exactly: a truthy object from the answer is not
    enough). In a hidden part, ``hidden_message`` (no values) replaces the
    message."""
    if condition is not True and not (type(condition).__module__ == "numpy" and bool(condition) is True
                                      and type(condition).__name__ == "bool"):
        fail(message, hint=hint, hidden_message=hidden_message)


def _call_text(fn, args, kwargs=None, show_input: bool = True) -> str:
    name = fn._label if isinstance(fn, Ref) else getattr(fn, "__name__", "your function")
    if not show_input:
        return f"{name}(...)"
    from .core import current
    run = current()
    show = run.label if run is not None else label
    parts = [show(a) for a in args] + [f"{k}={show(v)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


def check_cases(fn, cases, *, hint=None, tol: float | None = None, show_input: bool = True) -> None:
    """``fn(*args) == expected`` for each ``(args, expected)``; the first
    failing case is reported with its input (so the student can reproduce
    it); an exception raised by the answer is reported as such."""
    cases = list(cases)
    prefetch(fn, [args for args, _ in cases])
    for args, expected in cases:
        if not isinstance(args, tuple):
            args = (args,)
        text = _call_text(fn, args, show_input=show_input)
        try:
            got = fn(*args)
        except AnswerRaised as e:
            e.call = text
            raise e.check_failed(hint) from None
        if not same(expected, got, tol):
            name = text.split("(")[0]
            note = numpy_int_note(expected, got)
            if note:
                raise CheckFailed(msg("{text} should return an int: {note}", text=text, note=as_message(note)), show_values=False,
                                  hint=hint, hidden_message=msg("{name}(...) should return an int, not a numpy integer",
                                                                name=name))
            raise CheckFailed(msg("wrong result for {text}", text=text), expected, got, hint,
                              hidden_message=msg("wrong result for {name}(...) on another input", name=name))


def check_raises(fn, args: tuple, exc: str | type = "ValueError", *, what: str | None = None,
                 hint=None, kwargs: dict | None = None) -> None:
    """``fn(*args)`` raises ``exc`` (a subclass is fine). ``what`` names the
    call in the message instead of its arguments (a table is not shown): it
    is code (``"load_orders(<a table>)"``), shown as it is."""
    name = exc if isinstance(exc, str) else exc.__name__
    text = what or _call_text(fn, args, kwargs)
    try:
        got = fn(*args, **(kwargs or {}))
    except AnswerRaised as e:
        if e.is_a(name):
            return
        raise CheckFailed(msg("{text} should raise {name}, but it raised {type}: {message}", text=text, name=name,
                              type=e.type, message=str(e.info.get("message", ""))),
                          hint=hint, show_values=False,
                          hidden_message=msg("{function} raised {type} instead of {name}",
                                             function=text.split("(")[0], type=hidden_type(e.type), name=name)) from None
    raise CheckFailed(msg("{text} should raise {name}, but it returned {value}", text=text, name=name,
                          value=returned(got)), hint=hint, show_values=False,
                      hidden_message=msg("{function} did not raise {name}", function=text.split("(")[0], name=name))


def returned(value):
    """A value for a message: in full when short, else its type."""
    text = short(value)
    return text if "\n" not in text and len(text) <= 60 else \
        msg("a {type}", type=describe(value).short_type if isinstance(value, Ref) else type(value).__name__)


__all__ = ["check_equal", "check_true", "check_cases", "check_raises", "call", "fail"]
