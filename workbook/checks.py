"""Checks used by the test cells of every assignment.

Test cells call these helpers instead of bare ``assert`` so that:

* a failure says what was expected, what was got, and a hint, in a few lines
  (frames of this module are hidden from the traceback with
  ``__tracebackhide__``);
* comparisons cannot be fooled by an answer object whose ``__eq__`` always
  returns True: types are checked first and builtin comparisons are used;
* grading can later move out of the student's kernel without rewriting the
  assignments: the checks receive the named answer object and plain data.
"""
from __future__ import annotations

import math
import numbers
import reprlib

_repr = reprlib.Repr()
_repr.maxstring = 120
_repr.maxother = 120
_repr.maxlist = 12
_repr.maxdict = 12


class CheckFailed(AssertionError):
    """A test cell's verdict: the message is meant for the student."""

    def __init__(self, question: str, message: str, expected=None, got=None, hint: str | None = None,
                 show_values: bool = True):
        lines = [f"{question}: {message}"]
        if show_values:
            lines.append(f"  expected: {short(expected)}")
            lines.append(f"  got:      {short(got)}")
        if hint:
            lines.append(f"  hint: {hint}")
        super().__init__("\n".join(lines))
        self.question = question

    def _render_traceback_(self):
        """What IPython shows instead of a traceback: the message only, in a
        few lines (the helper's own frames say nothing to a student)."""
        first, *rest = str(self).splitlines() or [""]
        return [f"\x1b[0;31m✘ {first}\x1b[0m", *rest]


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
        return f"<{type(x).__name__} that cannot be shown>"


def fail(question: str, message: str, *, hint: str | None = None):
    __tracebackhide__ = True
    raise CheckFailed(question, message, hint=hint, show_values=False)


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
        return type(got) in (set, frozenset) and len(got) == len(expected) and all(
            any(same(e, g, tol) for g in got) for e in expected)
    if isinstance(expected, dict):
        return (type(got) is dict and set(map(repr, got)) == set(map(repr, expected))
                and all(same(expected[k], got[k], tol) for k in expected if k in got)
                and all(k in got for k in expected))
    frames = _same_array_like(expected, got, tol)
    if frames is not None:
        return frames
    return type(got) is type(expected) and expected == got


def _same_array_like(expected, got, tol):
    """pandas and numpy values (whose == is elementwise, not a bool); None
    for anything else."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover - both are dependencies
        return None
    if isinstance(expected, (pd.DataFrame, pd.Series, pd.Index)):
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
    if isinstance(expected, np.ndarray):
        if type(got) is not np.ndarray or got.shape != expected.shape:
            return False
        try:
            if tol is None:
                return bool(np.array_equal(expected, got, equal_nan=expected.dtype.kind in "fc"))
            return bool(np.allclose(expected, got, rtol=tol, atol=tol, equal_nan=True))
        except TypeError:  # object or string arrays
            return bool(np.array_equal(expected, got))
    return None


def check_equal(question: str, got, expected, *, what: str = "value", hint: str | None = None,
                tol: float | None = None) -> None:
    __tracebackhide__ = True
    if isinstance(expected, numbers.Real) and not isinstance(expected, bool) and isinstance(got, numbers.Real) \
            and not isinstance(got, bool) and type(got) is not type(expected) and tol is None:
        tol = 0.0
    if not same(expected, got, tol):
        if type(got) is not type(expected) and not (isinstance(expected, numbers.Real) and isinstance(got, numbers.Real)):
            raise CheckFailed(question, f"the {what} should be a {type(expected).__name__}, "
                              f"not a {type(got).__name__}", expected, got, hint)
        raise CheckFailed(question, f"wrong {what}", expected, got, hint)


def check_defined(question: str, namespace: dict, name: str, kind: type | tuple | None = None,
                  hint: str | None = None) -> object:
    """The answer object exists (and is of the right kind)."""
    __tracebackhide__ = True
    if name not in namespace:
        fail(question, f"`{name}` is not defined: run your answer cell first (and keep the name `{name}`)",
             hint=hint)
    obj = namespace[name]
    if kind is callable and not callable(obj):
        fail(question, f"`{name}` should be a function, but it is a {type(obj).__name__}", hint=hint)
    elif isinstance(kind, (type, tuple)) and not isinstance(obj, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        fail(question, f"`{name}` should be a {names}, but it is a {type(obj).__name__}", hint=hint)
    return obj


def check_cases(question: str, func, cases, *, hint: str | None = None, tol: float | None = None,
                show_input: bool = True) -> None:
    """Call ``func(*args)`` for each ``(args, expected)`` and compare.

    The first failing case is reported with its input, so the student can
    reproduce it; an exception raised by the answer is reported as such."""
    __tracebackhide__ = True
    name = getattr(func, "__name__", "your function")
    for args, expected in cases:
        if not isinstance(args, tuple):
            args = (args,)
        call = f"{name}({', '.join(short(a) for a in args)})" if show_input else f"{name}(...)"
        try:
            got = func(*args)
        except Exception as e:  # the student's bug, shown as a message
            where = _where_in(func, e, _caller_file())
            raise CheckFailed(question, f"{call} raised {type(e).__name__}: {e}{where}", expected, None, hint,
                              show_values=False) from None
        if not same(expected, got, tol):
            raise CheckFailed(question, f"wrong result for {call}", expected, got, hint)


def _caller_file() -> str | None:
    """The file (in a notebook: the cell) that called the check helper."""
    import sys
    f = sys._getframe(1)
    while f is not None and f.f_globals.get("__name__") == __name__:
        f = f.f_back
    return f.f_code.co_filename if f is not None else None


def _where_in(func, exc: BaseException, caller_file: str | None = None) -> str:
    """' (line N of func: `code`)' when the exception was raised in the body
    of the student's function itself; nothing otherwise. Never a line of a
    test cell, which could be hidden: a lambda or a function defined in the
    cell that called the check is not quoted."""
    try:
        import linecache
        code = getattr(func, "__code__", None)
        if code is None or code.co_name == "<lambda>" or code.co_filename == caller_file:
            return ""
        tb, found = exc.__traceback__, None
        while tb is not None:
            if tb.tb_frame.f_code is code:
                found = tb
            tb = tb.tb_next
        if found is None:
            return ""
        line = linecache.getline(code.co_filename, found.tb_lineno).strip()
        offset = found.tb_lineno - code.co_firstlineno + 1
        return f" (line {offset} of {code.co_name}: `{line[:80]}`)" if line else ""
    except Exception:  # pragma: no cover - never let the message fail
        return ""


def check_true(question: str, condition: bool, message: str, *, hint: str | None = None) -> None:
    __tracebackhide__ = True
    if condition is not True:
        fail(question, message, hint=hint)


def passed(question: str) -> None:
    """Print a short confirmation (stdout, never stderr)."""
    print(f"✔ {question}: visible tests passed")
