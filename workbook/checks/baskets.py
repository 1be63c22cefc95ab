"""Checks of 09_baskets (market baskets and recommendation): a one-hot basket table compared part by
part, so that a failure names the part that differs (rows, columns, dtype, cells) in the question's
words."""
from __future__ import annotations

from .core import fail


def check_basket_table(got, expected, *, what: str = "basket table", hint: str | None = None) -> None:
    """``got`` is a DataFrame with ``expected``'s rows (index values, in order), columns (in order), bool
    dtype everywhere and cells. Index and column *names* are free."""
    import numpy as np
    import pandas as pd

    if not isinstance(got, pd.DataFrame):
        fail(f"the {what} should be a pandas DataFrame, not a {type(got).__name__}", hint=hint,
             hidden_message=f"the {what} should be a pandas DataFrame")
    got_rows, want_rows = [int(x) if isinstance(x, (int, np.integer)) else x for x in got.index], list(expected.index)
    if sorted(map(str, got_rows)) != sorted(map(str, want_rows)):
        extra = [r for r in got_rows if r not in set(want_rows)]
        missing = [r for r in want_rows if r not in set(got_rows)]
        n_missing, some_missing, n_extra, some_extra = len(missing), missing[:3], len(extra), extra[:3]
        n_got, n_want = len(got_rows), len(want_rows)
        fail(f"the {what} should have one row per kept order: {n_missing} order(s) missing "
             f"(e.g. {some_missing}), {n_extra} extra (e.g. {some_extra}), {n_got} rows in all "
             f"instead of {n_want}", hint=hint,
             hidden_message=f"the {what} has the wrong orders as rows (which orders are kept?)")
    if got_rows != want_rows:
        fail(f"the {what}'s rows should be sorted by order_id, smallest first", hint=hint,
             hidden_message=f"the {what}'s rows are not sorted by order_id")
    got_cols, want_cols = [str(c) for c in got.columns], [str(c) for c in expected.columns]
    if sorted(got_cols) != sorted(want_cols):
        extra = sorted(set(got_cols) - set(want_cols))
        missing = sorted(set(want_cols) - set(got_cols))
        fail(f"the {what} should have one column per category of the kept orders: missing {missing}, "
             f"extra {extra}", hint=hint,
             hidden_message=f"the {what} has the wrong categories as columns")
    if got_cols != want_cols:
        first = got_cols[:6]
        fail(f"the {what}'s columns should be sorted alphabetically: got {first}...", hint=hint,
             hidden_message=f"the {what}'s columns are not sorted alphabetically")
    bad = [str(c) for c, t in got.dtypes.items() if t != np.dtype(bool)]
    if bad:
        columns, dtypes = bad[:3], [str(got[c].dtype) for c in bad[:3]]
        fail(f"every column of the {what} should have dtype bool: {columns} are {dtypes}", hint=hint,
             hidden_message=f"every column of the {what} should have dtype bool")
    diff = got.to_numpy(dtype=bool) != expected.to_numpy(dtype=bool)
    if diff.any():
        r, c = (int(v) for v in np.argwhere(diff)[0])
        n, order, column, value = int(diff.sum()), want_rows[r], want_cols[c], bool(expected.iat[r, c])
        fail(f"{n} cell(s) of the {what} differ; the first: order {order}, column {column!r} should be {value}",
             hint=hint,
             hidden_message=f"some cells of the {what} are wrong")
