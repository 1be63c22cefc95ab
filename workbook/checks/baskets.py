"""Checks of 09_baskets (market baskets and recommendation): a one-hot basket table compared part by
part, so that a failure names the part that differs (rows, columns, dtype, cells) in the question's
words."""
from __future__ import annotations

from .core import fail
from ..messages import as_message, msg


def check_basket_table(got, expected, *, what: str = "basket table", hint: str | None = None) -> None:
    """``got`` is a DataFrame with ``expected``'s rows (index values, in order), columns (in order), bool
    dtype everywhere and cells. Index and column *names* are free."""
    import numpy as np
    import pandas as pd

    if not isinstance(got, pd.DataFrame):
        fail(msg("the {what} should be a pandas DataFrame, not a {name__}", what=as_message(what), name__=type(got).__name__), hint=hint,
             hidden_message=msg("the {what} should be a pandas DataFrame", what=as_message(what)))
    got_rows, want_rows = [int(x) if isinstance(x, (int, np.integer)) else x for x in got.index], list(expected.index)
    if sorted(map(str, got_rows)) != sorted(map(str, want_rows)):
        extra = [r for r in got_rows if r not in set(want_rows)]
        missing = [r for r in want_rows if r not in set(got_rows)]
        n_missing, some_missing, n_extra, some_extra = len(missing), missing[:3], len(extra), extra[:3]
        n_got, n_want = len(got_rows), len(want_rows)
        fail(msg("the {what} should have one row per kept order: {n_missing} order(s) missing (e.g. "
                 "{some_missing}), {n_extra} extra (e.g. {some_extra}), {n_got} rows in all instead of {n_want}",
                 what=as_message(what), n_missing=n_missing, some_missing=some_missing, n_extra=n_extra, some_extra=some_extra, n_got=n_got, n_want=n_want), hint=hint,
             hidden_message=msg("the {what} has the wrong orders as rows (which orders are kept?)", what=as_message(what)))
    if got_rows != want_rows:
        fail(msg("the {what}'s rows should be sorted by order_id, smallest first", what=as_message(what)), hint=hint,
             hidden_message=msg("the {what}'s rows are not sorted by order_id", what=as_message(what)))
    got_cols, want_cols = [str(c) for c in got.columns], [str(c) for c in expected.columns]
    if sorted(got_cols) != sorted(want_cols):
        extra = sorted(set(got_cols) - set(want_cols))
        missing = sorted(set(want_cols) - set(got_cols))
        fail(msg("the {what} should have one column per category of the kept orders: missing {missing}, extra "
                 "{extra}",
                 what=as_message(what), missing=missing, extra=extra), hint=hint,
             hidden_message=msg("the {what} has the wrong categories as columns", what=as_message(what)))
    if got_cols != want_cols:
        first = got_cols[:6]
        fail(msg("the {what}'s columns should be sorted alphabetically: got {first}...", what=as_message(what), first=first), hint=hint,
             hidden_message=msg("the {what}'s columns are not sorted alphabetically", what=as_message(what)))
    bad = [str(c) for c, t in got.dtypes.items() if t != np.dtype(bool)]
    if bad:
        columns, dtypes = bad[:3], [str(got[c].dtype) for c in bad[:3]]
        fail(msg("every column of the {what} should have dtype bool: {columns} are {dtypes}", what=as_message(what), columns=columns, dtypes=dtypes), hint=hint,
             hidden_message=msg("every column of the {what} should have dtype bool", what=as_message(what)))
    diff = got.to_numpy(dtype=bool) != expected.to_numpy(dtype=bool)
    if diff.any():
        r, c = (int(v) for v in np.argwhere(diff)[0])
        n, order, column, value = int(diff.sum()), want_rows[r], want_cols[c], bool(expected.iat[r, c])
        fail(msg("{n} cell(s) of the {what} differ; the first: order {order}, column {column!r} should be "
                 "{value}",
                 n=n, what=as_message(what), order=order, column=column, value=value),
             hint=hint,
             hidden_message=msg("some cells of the {what} are wrong", what=as_message(what)))


def check_split_part(got, expected, lines, cutoff: str, side: str, *, what: str, hint: str | None = None) -> None:
    """``got`` is one part of a time split of ``lines`` at ``cutoff`` (``side`` 'train' or 'test'): a
    DataFrame with ``lines``' columns holding exactly ``expected``'s lines (an order line is its
    (order_id, product_id)), with their index labels, in ``expected``'s order. A failure names the rule
    the differing lines break: a dropped status, the cutoff day's side, or the date rule."""
    import pandas as pd

    if not isinstance(got, pd.DataFrame):
        fail(msg("the {what} should be a pandas DataFrame, not a {name__}", what=as_message(what), name__=type(got).__name__), hint=hint,
             hidden_message=msg("the {what} should be a pandas DataFrame", what=as_message(what)))
    if [str(c) for c in got.columns] != [str(c) for c in lines.columns]:
        fail(msg("the {what} should keep the columns of lines, in their order", what=as_message(what)), hint=hint)

    def keys(frame):
        return [(int(o), int(p)) for o, p in zip(frame["order_id"], frame["product_id"])]

    got_keys, want_keys = keys(got), keys(expected)
    if sorted(got_keys) != sorted(want_keys):
        by_key = dict(zip(keys(lines), zip(lines["status"], lines["order_date"])))
        differ = set(got_keys) ^ set(want_keys)
        extra = [by_key.get(k, ("", "")) for k in set(got_keys) - set(want_keys)]
        if any(status in ("cancelled", "refunded") for status, _ in extra):
            fail(msg("the {what} holds lines of cancelled or refunded orders: both parts keep only the orders "
                     "the customer kept",
                     what=as_message(what)), hint=hint)
        if any(by_key.get(k, ("", ""))[1] == cutoff for k in differ):
            fail(msg("the {what} is wrong on the cutoff day: a line dated on the cutoff is in test, not in "
                     "train (train is strictly before the cutoff)",
                     what=as_message(what)) if side == "train" else
                 msg("the {what} is wrong on the cutoff day: test holds the lines dated on or after the "
                     "cutoff, the cutoff day included",
                     what=as_message(what)), hint=hint)
        n_missing, n_extra = len(set(want_keys) - set(got_keys)), len(extra)
        fail(msg("the {what} should hold the kept lines dated strictly before the cutoff: {n_missing} missing, "
                 "{n_extra} extra",
                 what=as_message(what), n_missing=n_missing, n_extra=n_extra) if side == "train" else
             msg("the {what} should hold the kept lines dated on or after the cutoff: {n_missing} missing, "
                 "{n_extra} extra",
                 what=as_message(what), n_missing=n_missing, n_extra=n_extra), hint=hint, hidden_message=msg("the {what} holds the wrong lines", what=as_message(what)))
    if got_keys != want_keys or [str(x) for x in got.index] != [str(x) for x in expected.index]:
        fail(msg("the {what} should be rows of lines as they are: their index labels, in the order of lines", what=as_message(what)), hint=hint)


def check_cooccurrence(got, expected, *, what: str = "co-occurrence table", hint: str | None = None) -> None:
    """``got`` is a DataFrame with ``expected``'s products as index and columns (ints, sorted), integer
    counts, 0 on the diagonal, symmetric, and ``expected``'s cells. A failure names the rule broken."""
    import numpy as np
    import pandas as pd

    if not isinstance(got, pd.DataFrame):
        fail(msg("the {what} should be a pandas DataFrame, not a {name__}", what=as_message(what), name__=type(got).__name__), hint=hint,
             hidden_message=msg("the {what} should be a pandas DataFrame", what=as_message(what)))
    want = [int(x) for x in expected.index]
    rows, cols = list(got.index), list(got.columns)
    if sorted(map(str, rows)) != sorted(map(str, want)) or sorted(map(str, cols)) != sorted(map(str, want)):
        n_rows, n_cols, n_want = len(rows), len(cols), len(want)
        fail(msg("the {what} should have one row and one column per product of train, a product bought only "
                 "alone included: {n_rows} rows and {n_cols} columns instead of {n_want}",
                 what=as_message(what), n_rows=n_rows, n_cols=n_cols, n_want=n_want), hint=hint,
             hidden_message=msg("the {what} should have one row and one column per product of train, a product "
                                "bought only alone included",
                                what=as_message(what)))
    if [str(r) for r in rows] != [str(w) for w in want] or [str(c) for c in cols] != [str(w) for w in want]:
        fail(msg("the {what}'s rows and columns should be the product ids sorted ascending", what=as_message(what)), hint=hint)
    bad = [str(c) for c, t in got.dtypes.items() if t.kind not in "iu"]
    if bad:
        fail(msg("the {what}'s counts should be integers: {n_bad} column(s) are not", what=as_message(what), n_bad=len(bad)), hint=hint,
             hidden_message=msg("the {what}'s counts should be integers", what=as_message(what)))
    cells, ref = got.to_numpy(dtype=np.int64), expected.to_numpy(dtype=np.int64)
    if np.diagonal(cells).any():
        fail(msg("the {what}'s diagonal should be 0: a product is not counted with itself", what=as_message(what)), hint=hint)
    if not (cells == cells.T).all():
        fail(msg("the {what} should be symmetric: the cell (a, b) and the cell (b, a) count the same orders", what=as_message(what)),
             hint=hint)
    if (cells > ref).any():
        fail(msg("some counts of the {what} are too large: an order holding both products counts once, "
                 "whatever its quantities or the number of its lines",
                 what=as_message(what)), hint=hint)
    if (cells != ref).any():
        r, c = (int(v) for v in np.argwhere(cells != ref)[0])
        a, b, n = want[r], want[c], int(ref[r, c])
        fail(msg("some counts of the {what} are wrong: products {a} and {b} are together in {n} order(s)", what=as_message(what), a=a, b=b, n=n), hint=hint,
             hidden_message=msg("some counts of the {what} are too small", what=as_message(what)))


RULE_KEYS = ("antecedent", "consequent", "support", "confidence", "lift")
"""The keys of one association rule (09 q4b), in the order the question lists them."""


def rule_label(rule: dict) -> str:
    """A rule as a reader of the notebook writes it: ``Fresh + Snacks -> Coffee & Tea`` (each side's items
    sorted): a value, the same in every edition."""
    return " -> ".join(" + ".join(sorted(map(str, rule[side]))) for side in ("antecedent", "consequent"))


def check_rules(got, expected: list[dict], *, what: str = "rules", hint: str | None = None,
                tol: float = 1e-9) -> None:
    """``got`` is ``expected``'s list of association rules (09 q4b): dicts with the keys of ``RULE_KEYS``,
    frozenset sides, the same rules (no rule missing, none extra, none twice), their support, confidence
    and lift within ``tol``, in ``expected``'s order. A failure names the first part that differs, and
    in the visible tests the rule."""
    from .core import same

    if type(got) is not list:
        fail(msg("the {what} should be a list of dicts, not a {name__}", what=as_message(what),
                 name__=type(got).__name__), hint=hint,
             hidden_message=msg("the {what} should be a list of dicts", what=as_message(what)))
    for place, rule in enumerate(got, start=1):
        if type(rule) is not dict or sorted(map(str, rule)) != sorted(RULE_KEYS):
            keys = sorted(map(str, rule)) if type(rule) is dict else type(rule).__name__
            fail(msg("each rule should be a dict with the keys antecedent, consequent, support, confidence "
                     "and lift: rule {place} of the {what} is {keys}", place=place, what=as_message(what), keys=keys),
                 hint=hint,
                 hidden_message=msg("each rule should be a dict with the keys antecedent, consequent, support, "
                                    "confidence and lift"))
        if type(rule["antecedent"]) is not frozenset or type(rule["consequent"]) is not frozenset:
            kinds = [type(rule["antecedent"]).__name__, type(rule["consequent"]).__name__]
            fail(msg("the antecedent and the consequent of a rule should be frozensets: rule {place} of the "
                     "{what} has {kinds}", place=place, what=as_message(what), kinds=kinds), hint=hint,
                 hidden_message=msg("the antecedent and the consequent of a rule should be frozensets"))
    got_keys = [(r["antecedent"], r["consequent"]) for r in got]
    want_keys = [(r["antecedent"], r["consequent"]) for r in expected]
    seen: set = set()
    for rule, key in zip(got, got_keys):
        if key in seen:
            fail(msg("the rule {rule} is in the {what} more than once", rule=rule_label(rule), what=as_message(what)),
                 hint=hint, hidden_message=msg("a rule is in the {what} more than once", what=as_message(what)))
        seen.add(key)
    missing = [r for r, key in zip(expected, want_keys) if key not in seen]
    if missing:
        n, rule = len(missing), rule_label(missing[0])
        fail(msg("{n} rule(s) missing from the {what}, for example {rule}", n=n, what=as_message(what), rule=rule),
             hint=hint, hidden_message=msg("rules are missing from the {what}", what=as_message(what)))
    wanted = set(want_keys)
    extra = [r for r, key in zip(got, got_keys) if key not in wanted]
    if extra:
        n, rule = len(extra), rule_label(extra[0])
        fail(msg("{n} rule(s) in the {what} should not be there, for example {rule}", n=n, what=as_message(what),
                 rule=rule),
             hint=hint, hidden_message=msg("the {what} hold rules that should not be there", what=as_message(what)))
    by_key = dict(zip(got_keys, got))
    for want, key in zip(expected, want_keys):
        for metric in ("support", "confidence", "lift"):
            if not same(float(want[metric]), by_key[key][metric], tol):
                rule, value, answer = rule_label(want), want[metric], by_key[key][metric]
                fail(msg("the {metric} of {rule} should be {value}, got {answer}", metric=metric, rule=rule,
                         value=value, answer=answer),
                     hint=hint,
                     hidden_message=msg("a rule of the {what} has the wrong {metric}", what=as_message(what),
                                        metric=metric))
    for place, (want, key) in enumerate(zip(expected, got_keys), start=1):
        if (want["antecedent"], want["consequent"]) != key:
            rule, instead = rule_label(want), rule_label(by_key[key])
            fail(msg("the {what} are not in the stated order: place {place} should hold {rule}, not {instead}",
                     what=as_message(what), place=place, rule=rule, instead=instead),
                 hint=hint, hidden_message=msg("the {what} are not in the stated order", what=as_message(what)))
