"""The checks every assignment uses: a value, a list of cases, a condition,
an expected exception, an input left unchanged. They run inside an
``@exercise`` test function (the exercise names the question in every
message).

One probe runs with the student's code (it is sent to the kernel and returns
plain data; the judge decides): :func:`call_and_input_after` calls a
function and reports its first argument as it is afterwards, which
:func:`check_frame_unchanged` compares with the DataFrame the test sent."""
from __future__ import annotations

import numbers

from ..messages import as_message, joined, msg, nmsg
from .core import CheckFailed, fail, hidden_type, label, numpy_int_note, same, short
from .exercise import AnswerRaised, Ref, call, describe, prefetch, probe


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


@probe
def call_and_input_after(fn, data, *args):
    """Runs with your code: calls ``fn(data, *args)`` and returns its result
    and ``data`` as it is after the call."""
    result = fn(data, *args)
    return {"result": result, "input_after": data}


def _labels(values, most: int = 5) -> str:
    """A few labels (row ids, column names) for a message: their reprs, then "..." when there are more."""
    values = list(values)
    return ", ".join(repr(_plain(v)) for v in values[:most]) + (", ..." if len(values) > most else "")


def _plain(v):
    """A numpy scalar as the Python value it prints as (a row id, a cell)."""
    item = getattr(v, "item", None)
    return item() if callable(item) and type(v).__module__ == "numpy" else v


def _same_cell(x, y) -> bool:
    """Two cells of a column hold the same value (both missing counts as the same)."""
    import pandas as pd
    try:
        if pd.isna(x) is True and pd.isna(y) is True:
            return True
        return bool(x == y)
    except (TypeError, ValueError):   # a list or an array in a cell: compared as a whole
        return repr(x) == repr(y)


def frame_changes(after, before) -> list:
    """What differs between ``before`` (a DataFrame) and ``after`` (the same
    table after a call), as (shown, hidden) message pairs, in the order a
    reader fixes them: columns added, dropped or reordered; the index renamed;
    rows dropped, added or reordered, or the index replaced; a column's dtype;
    values. The hidden message of each names no row and no value. Empty when
    nothing this function looks at differs (``check_frame_unchanged`` decides
    with pandas' own comparison)."""
    changes = []
    cols_b, cols_a = list(before.columns), list(after.columns)
    added = [c for c in cols_a if c not in set(cols_b)]
    dropped = [c for c in cols_b if c not in set(cols_a)]
    if added:
        m = nmsg("added the column {columns}", "added the columns {columns}", len(added), columns=_labels(added))
        changes.append((m, m))
    if dropped:
        m = nmsg("dropped the column {columns}", "dropped the columns {columns}", len(dropped),
                 columns=_labels(dropped))
        changes.append((m, m))
    kept = [c for c in cols_a if c in set(cols_b)]
    if kept != [c for c in cols_b if c in set(cols_a)]:
        changes.append((msg("changed the order of the columns: {got} instead of {expected}", got=_labels(kept),
                            expected=_labels([c for c in cols_b if c in set(cols_a)])),
                        msg("changed the order of the columns")))
    if list(after.index.names) != list(before.index.names):
        m = msg("renamed the index: {got} instead of {expected}", got=_labels(after.index.names),
                expected=_labels(before.index.names))
        changes.append((m, m))
    rows_b, rows_a = list(before.index), list(after.index)
    set_b, set_a = set(rows_b), set(rows_a)
    if set_a < set_b or (set_a == set_b and len(rows_a) < len(rows_b)):
        gone = [r for r in rows_b if r not in set_a]
        n = len(rows_b) - len(rows_a)
        changes.append((nmsg("dropped {n} row ({rows})", "dropped {n} rows ({rows})", n, rows=_labels(gone)) if gone
                        else nmsg("dropped {n} row", "dropped {n} rows", n), msg("dropped rows")))
    elif set_a > set_b or (set_a == set_b and len(rows_a) > len(rows_b)):
        new = [r for r in rows_a if r not in set_b]
        n = len(rows_a) - len(rows_b)
        changes.append((nmsg("added {n} row ({rows})", "added {n} rows ({rows})", n, rows=_labels(new)) if new
                        else nmsg("added {n} row", "added {n} rows", n), msg("added rows")))
    elif set_a != set_b:
        changes.append((msg("replaced the index: it starts {got} instead of {expected}", got=_labels(rows_a, 3),
                            expected=_labels(rows_b, 3)), msg("replaced the index (the rows' labels)")))
    if set_a <= set_b or set_a >= set_b:
        if [r for r in rows_a if r in set_b] != [r for r in rows_b if r in set_a]:
            changes.append((msg("changed the order of the rows: they start {got} instead of {expected}",
                                got=_labels(rows_a, 3), expected=_labels(rows_b, 3)),
                            msg("changed the order of the rows")))
    if after.index.dtype != before.index.dtype:
        m = msg("changed the dtype of the index from {expected} to {got}", expected=str(before.index.dtype),
                got=str(after.index.dtype))
        changes.append((m, m))
    both = [c for c in cols_b if c in set(cols_a)]
    for c in both:
        if after[c].dtype != before[c].dtype:
            m = msg("changed the dtype of column {column!r} from {expected} to {got}", column=_plain(c),
                    expected=str(before[c].dtype), got=str(after[c].dtype))
            changes.append((m, m))
    common = [r for r in rows_b if r in set_a]
    comparable = (set_a <= set_b or set_a >= set_b) and before.index.is_unique and after.index.is_unique \
        and before.columns.is_unique and after.columns.is_unique     # a replaced index: no row to compare with
    for c in both if comparable else ():
        b, a = before.loc[common, c], after.loc[common, c]
        differ = [r for r, x, y in zip(common, b.tolist(), a.tolist()) if not _same_cell(x, y)]
        if differ:
            r = differ[0]
            changes.append((nmsg("changed {n} value in column {column!r} (row {row}: {got} instead of {expected})",
                                 "changed {n} values in column {column!r} (row {row}: {got} instead of {expected})",
                                 len(differ), column=_plain(c), row=repr(_plain(r)),
                                 got=repr(_plain(after.at[r, c])), expected=repr(_plain(before.at[r, c]))),
                            msg("changed values in column {column!r}", column=_plain(c))))
    return changes


def check_frame_unchanged(after, before, *, call: str, name: str, hint=None) -> None:
    """``after`` (what ``call_and_input_after`` reports: the DataFrame the
    answer was given, as it is after ``call``) is ``before``, the table the
    test sent: the same columns, index, dtypes and values, in the same order
    (pandas' own ``assert_frame_equal``, exact). Else the message names what
    changed (``frame_changes``). ``call`` is code (``"campaign_list(toy, 2)"``)
    and ``name`` the parameter (``"customers"``); in a hidden part ``call``
    must hold no value (``"campaign_list(...)"``)."""
    import pandas as pd
    call = as_message(call)
    if not isinstance(after, pd.DataFrame):
        fail(msg("{call} changed {name}, the DataFrame it was given: it is a {type} now", call=call, name=name,
                 type=type(after).__name__), hint=hint,
             hidden_message=msg("{call} changed {name}, the DataFrame it was given", call=call, name=name))
    try:
        pd.testing.assert_frame_equal(after, before, check_exact=True)
        return
    except AssertionError:
        pass
    changes = frame_changes(after, before) or [(msg("changed it (its flags, attributes or axis names)"),) * 2]
    raise CheckFailed(msg("{call} changed {name}, the DataFrame it was given: {changes}", call=call, name=name,
                          changes=joined([shown for shown, _ in changes], "; ")),
                      hint=hint, show_values=False,
                      hidden_message=msg("{call} changed {name}, the DataFrame it was given: {changes}", call=call,
                                         name=name, changes=joined([hidden for _, hidden in changes], "; ")))


__all__ = ["check_equal", "check_true", "check_cases", "check_raises", "call", "fail", "call_and_input_after",
           "check_frame_unchanged", "frame_changes"]
