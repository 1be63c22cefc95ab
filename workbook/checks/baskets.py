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


def check_split_part(got, expected, lines, cutoff: str, side: str, *, what: str, hint: str | None = None) -> None:
    """``got`` is one part of a time split of ``lines`` at ``cutoff`` (``side`` 'train' or 'test'): a
    DataFrame with ``lines``' columns holding exactly ``expected``'s lines (an order line is its
    (order_id, product_id)), with their index labels, in ``expected``'s order. A failure names the rule
    the differing lines break: a dropped status, the cutoff day's side, or the date rule."""
    import pandas as pd

    if not isinstance(got, pd.DataFrame):
        fail(f"the {what} should be a pandas DataFrame, not a {type(got).__name__}", hint=hint,
             hidden_message=f"the {what} should be a pandas DataFrame")
    if [str(c) for c in got.columns] != [str(c) for c in lines.columns]:
        fail(f"the {what} should keep the columns of lines, in their order", hint=hint)

    def keys(frame):
        return [(int(o), int(p)) for o, p in zip(frame["order_id"], frame["product_id"])]

    got_keys, want_keys = keys(got), keys(expected)
    if sorted(got_keys) != sorted(want_keys):
        by_key = dict(zip(keys(lines), zip(lines["status"], lines["order_date"])))
        differ = set(got_keys) ^ set(want_keys)
        extra = [by_key.get(k, ("", "")) for k in set(got_keys) - set(want_keys)]
        if any(status in ("cancelled", "refunded") for status, _ in extra):
            fail(f"the {what} holds lines of cancelled or refunded orders: both parts keep only the orders "
                 f"the customer kept", hint=hint)
        if any(by_key.get(k, ("", ""))[1] == cutoff for k in differ):
            fail(f"the {what} is wrong on the cutoff day: a line dated on the cutoff is in test, not in train "
                 f"(train is strictly before the cutoff)" if side == "train" else
                 f"the {what} is wrong on the cutoff day: test holds the lines dated on or after the cutoff, the "
                 f"cutoff day included", hint=hint)
        n_missing, n_extra = len(set(want_keys) - set(got_keys)), len(extra)
        fail(f"the {what} should hold the kept lines dated strictly before the cutoff: {n_missing} missing, "
             f"{n_extra} extra" if side == "train" else
             f"the {what} should hold the kept lines dated on or after the cutoff: {n_missing} missing, "
             f"{n_extra} extra", hint=hint, hidden_message=f"the {what} holds the wrong lines")
    if got_keys != want_keys or [str(x) for x in got.index] != [str(x) for x in expected.index]:
        fail(f"the {what} should be rows of lines as they are: their index labels, in the order of lines", hint=hint)


def check_cooccurrence(got, expected, *, what: str = "co-occurrence table", hint: str | None = None) -> None:
    """``got`` is a DataFrame with ``expected``'s products as index and columns (ints, sorted), integer
    counts, 0 on the diagonal, symmetric, and ``expected``'s cells. A failure names the rule broken."""
    import numpy as np
    import pandas as pd

    if not isinstance(got, pd.DataFrame):
        fail(f"the {what} should be a pandas DataFrame, not a {type(got).__name__}", hint=hint,
             hidden_message=f"the {what} should be a pandas DataFrame")
    want = [int(x) for x in expected.index]
    rows, cols = list(got.index), list(got.columns)
    if sorted(map(str, rows)) != sorted(map(str, want)) or sorted(map(str, cols)) != sorted(map(str, want)):
        n_rows, n_cols, n_want = len(rows), len(cols), len(want)
        fail(f"the {what} should have one row and one column per product of train, a product bought only "
             f"alone included: {n_rows} rows and {n_cols} columns instead of {n_want}", hint=hint,
             hidden_message=f"the {what} should have one row and one column per product of train, a product "
                            f"bought only alone included")
    if [str(r) for r in rows] != [str(w) for w in want] or [str(c) for c in cols] != [str(w) for w in want]:
        fail(f"the {what}'s rows and columns should be the product ids sorted ascending", hint=hint)
    bad = [str(c) for c, t in got.dtypes.items() if t.kind not in "iu"]
    if bad:
        fail(f"the {what}'s counts should be integers: {len(bad)} column(s) are not", hint=hint,
             hidden_message=f"the {what}'s counts should be integers")
    cells, ref = got.to_numpy(dtype=np.int64), expected.to_numpy(dtype=np.int64)
    if np.diagonal(cells).any():
        fail(f"the {what}'s diagonal should be 0: a product is not counted with itself", hint=hint)
    if not (cells == cells.T).all():
        fail(f"the {what} should be symmetric: the cell (a, b) and the cell (b, a) count the same orders",
             hint=hint)
    if (cells > ref).any():
        fail(f"some counts of the {what} are too large: an order holding both products counts once, whatever "
             f"its quantities or the number of its lines", hint=hint)
    if (cells != ref).any():
        r, c = (int(v) for v in np.argwhere(cells != ref)[0])
        a, b, n = want[r], want[c], int(ref[r, c])
        fail(f"some counts of the {what} are wrong: products {a} and {b} are together in {n} order(s)", hint=hint,
             hidden_message=f"some counts of the {what} are too small")
