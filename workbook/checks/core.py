"""The verdict of a check and the comparisons behind it.

``CheckFailed`` is what every check raises: a message meant for the student
(expected, got, a hint), rendered in a few lines by IPython and by the grader.
A failure raised from a *hidden* test (a line between the hidden-test markers
of a test cell) shows neither the expected value nor the answer's value, and
no input: only which exercise failed, what kind of check it was and the hint.

``same`` compares without trusting the answer: exact builtin types first,
then values (an object whose ``__eq__`` always returns True is not equal to
anything). Values that reach a check have crossed the wire (see ``wire``), so
they are plain data already; ``same`` is strict anyway.
"""
from __future__ import annotations

import contextvars
import linecache
import math
import numbers
import reprlib
import sys

from ..markers import BEGIN_HIDDEN, END_HIDDEN
from ..messages import Message, as_message, msg, render

_repr = reprlib.Repr()
_repr.maxstring = 120
_repr.maxother = 120
_repr.maxlist = 12
_repr.maxdict = 12


# The state of a check while it runs, owned here so that every module of the
# checks reads it without importing the exercise machinery: the judge's context
# (set by ``exercise.judging`` in the grader, never in a student's kernel) and
# the exercise being checked (``exercise.Run``).
_judge: contextvars.ContextVar = contextvars.ContextVar("workbook_judge", default=None)
_current: contextvars.ContextVar = contextvars.ContextVar("workbook_exercise", default=None)


def current():
    """The exercise being checked (an ``exercise.Run``), or None."""
    return _current.get()


class AuthoringError(RuntimeError):
    """A test cell that is not a valid exercise specification (for authors)."""


class CheckFailed(AssertionError):
    """A test's verdict: the message is meant for the student.

    ``message``, ``hint`` and ``hidden_message`` are messages
    (``workbook.messages``: a ``Message``, or a ``str`` that is a msgid as it
    is), kept as data; ``line_messages`` gives the lines as messages and
    ``lines`` renders them in the current language (the notebook's).
    ``hidden`` is decided where the failure is raised: True when the check
    that failed sits in the hidden part of its test cell."""

    def __init__(self, message, expected=None, got=None, hint=None,
                 show_values: bool = True, *, question: str | None = None, hidden_message=None,
                 hidden: bool | None = None):
        ex = current()
        self.question = question or (ex.question if ex else "check")
        self.message = as_message(message)
        self.hint = as_message(hint)
        self.show_values = show_values
        self.expected, self.got = expected, got
        self.hidden = hidden if hidden is not None else (ex.in_hidden_part() if ex else False)
        self.hidden_message = as_message(hidden_message)
        super().__init__()

    def line_messages(self) -> list:
        """The lines a student reads, as messages (data until shown)."""
        if self.hidden:
            what = self.hidden_message or self.message
            out = [msg("{question}: failed a hidden test: {what}", question=self.question, what=what)]
        else:
            out = [msg("{question}: {message}", question=self.question, message=self.message)]
            if self.show_values:
                out.append(msg("  expected: {value}", value=short(self.expected)))
                out.append(msg("  got:      {value}", value=short(self.got)))
        if self.hint and not _in_exam(self.question):
            out.append(msg("  hint: {hint}", hint=self.hint))
        return out

    def lines(self) -> list[str]:
        """The message in the current language (``workbook.i18n``)."""
        return [render(m) for m in self.line_messages()]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _render_traceback_(self):
        """What IPython shows instead of a traceback: the message only."""
        first, *rest = self.lines() or [""]
        return [f"\x1b[0;31m✘ {first}\x1b[0m", *rest]


def _in_exam(question: str | None = None) -> bool:
    """A student's own run of a notebook taken as an exam that covers
    ``question``, with time left: the ✘ messages keep expected and got, not
    the hint. Inside the grader's judge the notebook is not asked: the
    grader says (``selfgrade`` of a notebook whose exam has time left)."""
    ctx = _judge.get()
    if ctx is not None:
        return bool(getattr(ctx, "exam", False))
    try:
        from ..notebook import running_exam
        e = running_exam()
        return e is not None and e.left().total_seconds() > 0 and e.covers(question)
    except Exception:  # the message matters more than the exam
        return False


def short(x) -> str:
    try:
        import pandas as pd
        if isinstance(x, (pd.DataFrame, pd.Series)):
            return "\n" + "\n".join("      " + line for line in x.head(8).to_string().splitlines())
    except Exception:  # pragma: no cover - pandas is a dependency
        pass
    try:
        return _repr.repr(x)
    except Exception:
        return f"<{type(x).__name__}>"   # its repr raised: its type alone, the same in every language


def numpy_int_note(expected, got):
    """Why ``got`` is not the int that was expected, when it is a numpy integer
    (it prints like one): a note for the message, or None."""
    if type(expected) is int and type(got).__module__ == "numpy" and hasattr(got, "dtype") \
            and getattr(got.dtype, "kind", "") in "iu":
        return msg("it is a `numpy.{kind}`, not an `int`: convert it with `int(...)`", kind=type(got).__name__)
    return None


def label(x) -> str:
    """A value as it appears in a one-line call label: compact for frames,
    arrays and tensors (their shape), short otherwise."""
    t = type(x)
    mod = t.__module__.split(".")[0]
    if mod in ("pandas", "numpy", "torch") and hasattr(x, "shape"):
        shape = "×".join(str(int(d)) for d in getattr(x, "shape", ()))
        return f"<{t.__name__} {shape}>" if shape else f"<{t.__name__}>"
    text = short(x)
    return text if "\n" not in text else f"<{t.__name__}>"


def function_of(call) -> str:
    """The function's name of a call label (``f(1, 2)`` -> ``f``)."""
    return (call if isinstance(call, str) else render(call)).split("(")[0]


# the exception names a hidden test's message may show: Python's own and a few libraries' (a name the student
# chose is text the student's process wrote: built from a hidden input, it would carry the input out)
_PYTHON_EXCEPTIONS = frozenset(n for n in dir(__import__("builtins")) if isinstance(getattr(__import__("builtins"), n),
                                                                              type)
                               and issubclass(getattr(__import__("builtins"), n), BaseException))
_LIBRARY_EXCEPTIONS = frozenset({"LinAlgError", "AxisError", "OutOfBoundsDatetime", "ParserError", "EmptyDataError",
                                 "JSONDecodeError", "ValidationError", "HTTPException", "OperationalError",
                                 "IntegrityError", "ProgrammingError", "DatabaseError", "InterfaceError",
                                 "AnalysisException", "Py4JJavaError", "CalledProcessError", "TimeoutExpired"})


def hidden_type(name) -> Message | str:
    """An exception's name as a hidden test may show it: Python's or a known library's name as it is, any
    other name (the student's own class, a name built at run time) as "an exception of its own"."""
    name = str(name)
    return name if name in _PYTHON_EXCEPTIONS or name in _LIBRARY_EXCEPTIONS else msg("an exception of its own")


def where_of(info) -> Message | str:
    """Where the student's code raised (the kernel's ``where``: line, function,
    code, as data), as the end of a message; "" when it is not known."""
    w = info.get("where") if isinstance(info, dict) else None
    if isinstance(w, dict) and type(w.get("line")) is int and isinstance(w.get("function"), str) \
            and isinstance(w.get("code"), str):
        return msg(" (line {line} of {function}: `{code}`)", line=w["line"], function=w["function"][:80],
                   code=w["code"][:80])
    return ""


def fail(message, *, hint=None, hidden_message=None):
    raise CheckFailed(message, hint=hint, show_values=False, hidden_message=hidden_message)


# ------------------------------------------------------------------ comparing
_PLAIN = (str, bytes, bool, type(None))


def same(expected, got, tol: float | None = None) -> bool:
    """Structural equality that does not trust the answer's own __eq__."""
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(got) is bool and type(expected) is bool and expected is got
    if isinstance(expected, numbers.Real) and not isinstance(expected, bool):
        try:
            import numpy as np
            if not isinstance(got, (int, float, np.integer, np.floating)):
                return False
            if type(expected) is int and isinstance(got, np.integer):
                return False     # an int is asked: a numpy integer is not one (int(...) converts it)
        except ImportError:  # pragma: no cover
            if not isinstance(got, (int, float)):
                return False
        e, g = float(expected), float(got)
        if math.isnan(e) or math.isnan(g):
            return math.isnan(e) and math.isnan(g)
        if tol is None:
            return e == g
        return math.isclose(e, g, rel_tol=tol, abs_tol=tol)
    if isinstance(expected, _PLAIN):
        return type(got) is type(expected) and type(expected).__eq__(expected, got) is True
    if isinstance(expected, (list, tuple)):
        return (type(got) is type(expected) and len(got) == len(expected)
                and all(same(e, g, tol) for e, g in zip(expected, got)))
    if isinstance(expected, (set, frozenset)):
        if type(got) not in (set, frozenset) or len(got) != len(expected):
            return False
        if tol is None:   # the pairs below, by key: 09's sets of 1,000 itemsets took 1.6 CPU-s, now milliseconds
            keys = _set_key(expected), _set_key(got)
            if keys[0] is not None and keys[1] is not None:
                return keys[0] == keys[1]
        return all(any(same(e, g, tol) for g in got) for e in expected)
    if isinstance(expected, dict):
        return (type(got) is dict and set(map(repr, got)) == set(map(repr, expected))
                and all(k in got and same(expected[k], got[k], tol) for k in expected))
    frames = _same_array_like(expected, got, tol)
    if frames is not None:
        return frames
    return type(got) is type(expected) and expected == got


_EXACT_INT = 2 ** 53   # the ints a float holds exactly: ``same`` compares numbers as floats


def _key(x):
    """A key that two values share exactly when ``same(a, b)`` holds (tol None), for values of exact builtin
    types: str, bytes, None, bool, int (within +-2**53), float (not NaN), and tuples and sets of them; None
    for any other value (a subclass, a numpy scalar, NaN...), which ``same`` then compares pair by pair."""
    t = type(x)
    if t is str or t is bytes or x is None:
        return (t, x)
    if t is bool:
        return ("bool", x)
    if t is int:
        return ("num", float(x)) if -_EXACT_INT <= x <= _EXACT_INT else None
    if t is float:
        return None if math.isnan(x) else ("num", x)
    if t is tuple:
        keys = tuple(_key(v) for v in x)
        return None if None in keys else ("tuple", keys)
    if t is set or t is frozenset:
        keys = _set_key(x)
        return None if keys is None else ("set", keys)
    return None


def _set_key(s):
    """The keys of a set's elements (``_key``), or None when one has none or two share one: then every
    element of one set is matched with the other's as before (a key set is equal to another exactly when
    each element of one is ``same`` as one of the other's, their sizes equal)."""
    keys = set()
    for v in s:
        k = _key(v)
        if k is None:
            return None
        keys.add(k)
    return frozenset(keys) if len(keys) == len(s) else None


def _same_array_like(expected, got, tol):
    """pandas, numpy and torch values (whose == is elementwise); None for
    anything else."""
    mods = sys.modules
    pd, np, torch = mods.get("pandas"), mods.get("numpy"), mods.get("torch")
    if pd is not None and isinstance(expected, (pd.DataFrame, pd.Series, pd.Index)):
        if type(got) is not type(expected):
            return False
        if tol is None:
            return bool(expected.equals(got))
        try:
            if isinstance(expected, pd.DataFrame):
                pd.testing.assert_frame_equal(expected, got, check_exact=False, rtol=tol, atol=tol)
            elif isinstance(expected, pd.Series):
                pd.testing.assert_series_equal(expected, got, check_exact=False, rtol=tol, atol=tol)
            else:
                pd.testing.assert_index_equal(expected, got, check_exact=False, rtol=tol, atol=tol)
        except AssertionError:
            return False
        return True
    if np is not None and isinstance(expected, np.ndarray):
        if type(got) is not np.ndarray or got.shape != expected.shape:
            return False
        try:
            if tol is None:
                return bool(np.array_equal(expected, got, equal_nan=expected.dtype.kind in "fc"))
            return bool(np.allclose(expected, got, rtol=tol, atol=tol, equal_nan=True))
        except TypeError:  # object or string arrays
            return bool(np.array_equal(expected, got))
    if torch is not None and isinstance(expected, torch.Tensor):
        if not isinstance(got, torch.Tensor) or got.shape != expected.shape or got.dtype != expected.dtype:
            return False
        if tol is None:
            return bool(torch.equal(expected.detach(), got.detach()))
        return bool(torch.allclose(expected.detach(), got.detach(), rtol=tol, atol=tol, equal_nan=True))
    return None


# ------------------------------------------------------- where a check stands
def hidden_ranges(filename: str, begin: str = BEGIN_HIDDEN, end: str = END_HIDDEN) -> list[tuple[int, int]]:
    """(first, last) line numbers of the hidden-test regions of a file or
    notebook cell (kept in linecache by IPython and by the judge)."""
    ranges, start = [], None
    for i, line in enumerate(linecache.getlines(filename), start=1):
        # the delimiter anywhere in the line, as nbgrader's ClearHiddenTests finds it
        if begin in line and start is None:
            start = i
        elif end in line and start is not None:
            ranges.append((start, i))
            start = None
    if start is not None:
        ranges.append((start, 10**9))
    return ranges
