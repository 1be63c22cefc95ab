"""Checks for 08_explain's explanations of a model: permutation importance,
impurity importance against permutation importance (and the suspicious
features it points at), partial dependence, Shapley values and a local
surrogate (LIME).

Each ``run_...`` is a probe: it runs in the student's kernel with their
function and a model the test defines by its coefficients (a logistic model,
or a random forest the probe fits), and reports what came back as plain data
(and whether the caller's frames were left unchanged). Each ``check_...`` is
the judge's side: it compares that with the expected values the test cell
computed. As in ``explain.py``, each failure names the rule of the question
that broke; its ``hidden_message`` says the same without any value."""
from __future__ import annotations

from .core import fail, short
from .exercise import probe
from .explainvalues import _close, _number
from ..messages import as_message, msg


# ------------------------------------------------------------------ permutation importance
@probe
def run_importance(permutation_importance, X, y, coef, runs):
    """Runs with your code: calls ``permutation_importance(predict, X, y,
    metric, ...)`` once per ``(n_repeats, seed)`` of ``runs`` (each passed only
    when not None), with a logistic model of coefficients ``coef`` as
    ``predict`` and the negative Brier score as ``metric`` (higher is better).
    ``predict`` keeps a copy of the values of every frame it receives and
    whether its columns are X's, in X's order. Reports, per call, the result,
    those frames and whether X was changed."""
    import numpy as np

    w = np.asarray(coef, dtype=float)
    columns = [str(c) for c in X.columns]
    seen = []

    def predict(frame):
        values = frame.to_numpy(dtype=float, copy=True)
        seen.append({"values": values, "columns": [str(c) for c in frame.columns] == columns})
        return 1.0 / (1.0 + np.exp(-(values @ w)))

    def metric(y_true, scores):
        return -float(np.mean((np.asarray(y_true, dtype=float) - np.asarray(scores, dtype=float)) ** 2))

    out = []
    for n_repeats, seed in runs:
        before = X.copy()
        seen = []
        options = {k: v for k, v in (("n_repeats", n_repeats), ("seed", seed)) if v is not None}
        result = permutation_importance(predict, X, y, metric, **options)
        out.append({"result": result, "frames": seen,
                    "unchanged": bool(X.equals(before) and list(X.index) == list(before.index))})
    return out


def _shuffles(seen: dict, X, n_repeats: int, call) -> dict:
    """The frames ``predict`` received in one call, sorted out: column -> the
    list of its shuffled copies (values as arrays). Fails on a frame that is
    not X or X with one column's values reordered, and on a column that was not
    shuffled exactly ``n_repeats`` times."""
    __tracebackhide__ = True
    import numpy as np
    base = X.to_numpy(dtype=float)
    names = [str(c) for c in X.columns]
    copies = {name: [] for name in names}
    for frame in seen["frames"]:
        values = np.asarray(frame["values"], dtype=float)
        if not frame["columns"] or values.shape != base.shape:
            fail(msg("{call} passed predict a frame that is not shaped like X (its columns, in X's order, and its "
                     "rows): shuffle a copy of X", call=as_message(call)),
                 hint="X.copy(), then assign the shuffled values to one column",
                 hidden_message="a frame passed to predict does not have X's columns in X's order and X's rows")
        moved = [names[j] for j in range(base.shape[1]) if not np.array_equal(values[:, j], base[:, j])]
        if len(moved) > 1:
            fail(msg("{call} passed predict a copy of X in which {n} columns changed ({moved}): shuffle one column "
                     "at a time, the others keep their values", call=as_message(call), n=len(moved), moved=moved),
                 hint="shuffle the values of one column only (not the rows of the whole frame)",
                 hidden_message="a copy passed to predict had more than one column changed")
        if not moved:
            continue                                          # X itself: the baseline
        j = names.index(moved[0])
        if not np.array_equal(np.sort(values[:, j]), np.sort(base[:, j])):
            fail(msg("in a copy that {call} passed predict, the values of {column!r} are not X's values reordered: "
                     "a shuffle keeps every value, each as often as in X", call=as_message(call), column=moved[0]),
                 hint="a permutation of the positions (rng.permutation(len(X))), not a draw with replacement",
                 hidden_message="a shuffled column's values are not the column's own values reordered")
        copies[moved[0]].append(values[:, j])
    for name, got in copies.items():
        if not got:
            fail(msg("{call} never passed predict a copy in which {column!r} had moved. Assigning a shuffled "
                     "Series puts its values back in place (pandas aligns on the index)",
                     call=as_message(call), column=name),
                 hint="assign the values (.to_numpy()) in the shuffled order",
                 hidden_message="a column never reached predict shuffled (its values were realigned by the index?)")
        if len(got) != n_repeats:
            fail(msg("{call} shuffled {column!r} {k} times; it should be n_repeats = {n_repeats} times, one call of "
                     "predict per shuffled copy", call=as_message(call), column=name, k=len(got), n_repeats=n_repeats),
                 hint="n_repeats shuffled copies per column (n_repeats is 5 unless given), each passed to predict "
                      "once",
                 hidden_message="a column was not shuffled n_repeats times (one predict call per copy)")
        if any(np.array_equal(got[i], got[k]) for i in range(len(got)) for k in range(i)):
            fail(msg("two of the shuffled copies of {column!r} that {call} made are the same shuffle: each repeat "
                     "should draw a new random order", call=as_message(call), column=name),
                 hint="draw a new order in each repeat, from one generator made once before the loops: neither one order "
                      "reused by every repeat nor a generator made again (from the same seed) in each repeat",
                 hidden_message="two repeats of a column were the same shuffle")
    return copies


def check_importance(seen: list, X, y, coef, n_repeats: list, *, call: str) -> None:
    """``seen`` is what :func:`run_importance` reported for its ``runs``;
    ``n_repeats`` the number of repeats each run should make. Each run's
    importances are compared with the baseline minus the mean metric of the
    shuffled copies it passed to ``predict`` (the judge's own model and
    metric), whatever shuffle made them."""
    __tracebackhide__ = True
    import numpy as np
    import pandas as pd

    w = np.asarray(coef, dtype=float)
    yy = np.asarray(y, dtype=float)
    names = [str(c) for c in X.columns]
    base = X.to_numpy(dtype=float)

    def loss(values):
        return -float(np.mean((yy - 1.0 / (1.0 + np.exp(-(values @ w)))) ** 2))

    for run, repeats in zip(seen, n_repeats):
        if not run["unchanged"]:
            fail(msg("{call} changed X: shuffle a copy, never the caller's frame", call=as_message(call)),
                 hint="X.copy() before assigning a shuffled column; rng.shuffle shuffles in place, so give it a "
                      "copy of the values",
                 hidden_message="permutation_importance changed the caller's X")
        got = run["result"]
        if not isinstance(got, pd.Series):
            fail(msg("{call} should return a pandas Series (column -> importance), not {got}", call=as_message(call),
                     got=short(got)),
                 hint="pd.Series(dict_of_importances)",
                 hidden_message="permutation_importance did not return a pandas Series")
        index = [str(k) for k in got.index]
        if index != names:
            fail(msg("the index of {call} should be X's columns in X's order, {expected}; got {names}",
                     call=as_message(call), expected=names, names=index),
                 hidden_message="the index is not X's columns in X's order")
        copies = _shuffles(run, X, repeats, call)
        for j, column in enumerate(names):
            expected = loss(base) - float(np.mean([loss(np.column_stack([v if k == j else base[:, k]
                                                                          for k in range(base.shape[1])]))
                                                   for v in copies[column]]))
            value = got.iloc[j]
            if not _close(expected, 0) and _close(value, -expected):
                fail(msg("the importance of {column!r} has the wrong sign: a column the model needs loses metric "
                         "when shuffled, so its importance (baseline minus shuffled) is positive", column=column),
                     hint="baseline - mean(shuffled), not the other way round",
                     hidden_message="the importances have the wrong sign (baseline minus the shuffled metric)")
            if not _close(value, expected):
                fail(msg("the importance of {column!r} should be {value:.6f} (the baseline metric minus the mean "
                         "metric of the shuffled copies your function passed to predict); got {p3}",
                         column=column, value=expected, p3=_number(value)),
                     hint="the baseline metric(y, predict(X)) minus the mean of the n_repeats metrics of the "
                          "column's shuffled copies",
                     hidden_message="an importance is not the baseline metric minus the mean metric of the "
                                    "column's shuffled copies")


def check_importance_seeds(seen: list, *, same: tuple, other: tuple, defaults: tuple, call: str) -> None:
    """The shuffles come from ``seed`` alone: the runs ``same`` (two indexes of
    ``seen``) were made with the same seed and must give the same shuffles and
    importances; ``other`` (two indexes) with different seeds, and must not
    give the same shuffles; ``defaults`` (the run without n_repeats and seed,
    the run with 5 and 0) must be the same."""
    __tracebackhide__ = True
    import numpy as np

    def frames(run):
        return [np.asarray(f["values"], dtype=float) for f in run["frames"]]

    def identical(a, b):
        fa, fb = frames(a), frames(b)
        return (len(fa) == len(fb) and all(np.array_equal(p, q) for p, q in zip(fa, fb))
                and all(_close(p, q) for p, q in zip(a["result"].tolist(), b["result"].tolist())))

    a, b = seen[same[0]], seen[same[1]]
    if not identical(a, b):
        fail(msg("two calls of {call} with the same seed shuffled differently: the shuffles must come from seed "
                 "alone, so that the same seed gives the same importances", call=as_message(call)),
             hint="rng = np.random.default_rng(seed), once, and every shuffle drawn from rng (not from "
                  "np.random's global state)",
             hidden_message="the same seed did not give the same shuffles")
    a, b = seen[other[0]], seen[other[1]]
    if all(np.array_equal(p, q) for p, q in zip(frames(a), frames(b))):
        fail(msg("{call} made the same shuffles with two different seeds: the shuffles must come from seed",
                 call=as_message(call)),
             hint="make the generator from the seed argument: np.random.default_rng(seed)",
             hidden_message="two different seeds gave the same shuffles")
    a, b = seen[defaults[0]], seen[defaults[1]]
    if not identical(a, b):
        fail(msg("{call} without n_repeats and seed should give what n_repeats=5, seed=0 gives",
                 call=as_message(call)),
             hint="the defaults are n_repeats=5 and seed=0",
             hidden_message="the defaults are not n_repeats=5 and seed=0")


# ------------------------------------------------------------------ impurity importance against permutation importance
@probe
def run_importance_gap(importance_gap, X_train, y_train, X_test, y_test, forest, n_repeats=None, seed=None):
    """Runs with your code: fits ``RandomForestClassifier(**forest,
    n_jobs=1)`` on ``X_train``, ``y_train`` and calls
    ``importance_gap(model, X_train, y_train, X_test, y_test, ...)``, passing
    ``n_repeats`` and ``seed`` only when given. Reports the result."""
    from sklearn.ensemble import RandomForestClassifier

    model = RandomForestClassifier(**forest, n_jobs=1).fit(X_train, y_train)
    options = {k: v for k, v in (("n_repeats", n_repeats), ("seed", seed)) if v is not None}
    return importance_gap(model, X_train, y_train, X_test, y_test, **options)


def check_importance_gap(got, expected: list, *, call: str) -> None:
    """``got`` is what :func:`run_importance_gap` reported; ``expected`` holds
    (feature, mdi, train, test) for every feature, by decreasing mdi."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        fail(msg("{call} should return a pandas DataFrame (one row per feature), not {got}", call=as_message(call),
                 got=short(got)),
             hint="pd.DataFrame({\"mdi\": ..., \"train\": ..., \"test\": ...}, index=X_train.columns)",
             hidden_message="importance_gap did not return a pandas DataFrame")
    columns = [str(c) for c in got.columns]
    if columns != ["mdi", "train", "test"]:
        fail(msg("the columns of {call} should be mdi, train and test, in this order; got {columns}",
                 call=as_message(call), columns=columns),
             hidden_message="the columns are not mdi, train and test, in this order")
    names = [str(k) for k in got.index]
    if sorted(names) != sorted(f for f, *_ in expected):
        fail(msg("the index of {call} should be the features (the columns of X_train), {expected}; got {names}",
                 call=as_message(call), expected=sorted(f for f, *_ in expected), names=names),
             hint="one row per column of X_train, indexed by the column's name",
             hidden_message="the index is not the features (the columns of X_train)")
    rows = {str(k): got.loc[k] for k in got.index}
    for feature, mdi, _, _ in expected:
        if not _close(rows[feature]["mdi"], mdi):
            fail(msg("the mdi of {feature!r} should be {mdi:.6f}; got {p3}", feature=feature, mdi=mdi,
                     p3=short(rows[feature]["mdi"])),
                 hint="the impurity importance is the fitted model's own attribute, model.feature_importances_, in "
                      "the order of X_train's columns: do not fit another model",
                 hidden_message="mdi is not the given model's feature_importances_")
    if all(_close(rows[f]["train"], test) and _close(rows[f]["test"], train) for f, _, train, test in expected):
        fail(msg("the train and test columns of {call} are swapped", call=as_message(call)),
             hint="train: the permutation importance on X_train, y_train; test: on X_test, y_test",
             hidden_message="the train and test columns are swapped")
    for split, k in (("train", 2), ("test", 3)):
        for row in expected:
            feature, value = row[0], row[k]
            if not _close(rows[feature][split], value):
                fail(msg("the {split} importance of {feature!r} should be {value:.6f}; got {p3}", split=split,
                         feature=feature, value=value, p3=short(rows[feature][split])),
                     hint="sklearn.inspection.permutation_importance(model, X, y, scoring=\"roc_auc\", "
                          "n_repeats=n_repeats, random_state=seed).importances_mean, with X, y the rows of the "
                          "split the column is named after",
                     hidden_message=msg("the {split} column is not the mean permutation importance on the {split} "
                                        "split (scoring roc_auc, n_repeats and random_state as given)", split=split))
    order = [f for f, *_ in expected]
    if names != order:
        fail(msg("the rows of {call} should be sorted by mdi, largest first: {order}; got {names}",
                 call=as_message(call), order=order, names=names),
             hint="sort_values(\"mdi\", ascending=False)",
             hidden_message="the rows are not sorted by mdi, largest first")


def check_suspicious(got, expected: list, *, call: str) -> None:
    """``got`` is what ``suspicious_features`` returned; ``expected`` the
    judge's list of feature names."""
    __tracebackhide__ = True
    if not isinstance(got, list) or not all(isinstance(name, str) for name in got):
        fail(msg("{call} should return a list of feature names (str), not {got}", call=as_message(call),
                 got=short(got)),
             hint="list(...) of the index labels you kept",
             hidden_message="suspicious_features did not return a list of feature names (str)")
    if sorted(got) != sorted(expected):
        fail(msg("the suspects of {call} should be {expected}; got {got}", call=as_message(call), expected=expected,
                 got=got),
             hint="first the top features by mdi (sort the rows yourself: they may come in any order), then among "
                  "them those whose test importance is at most the threshold (<=)",
             hidden_message="the suspects are not the features, among the `top` with the largest mdi, whose test "
                            "importance is at most the threshold")
    if got != expected:
        fail(msg("the suspects of {call} should be in decreasing order of mdi: {expected}; got {got}",
                 call=as_message(call), expected=expected, got=got),
             hidden_message="the suspects are not in decreasing order of mdi")


# ------------------------------------------------------------------ partial dependence
@probe
def run_partial_dependence(partial_dependence, X, column, grid, coef):
    """Runs with your code: calls ``partial_dependence(predict, X, column,
    grid)`` with a logistic model of coefficients ``coef`` as ``predict`` and
    reports the result and whether X was changed."""
    import numpy as np

    def predict(frame):
        return 1.0 / (1.0 + np.exp(-(frame.to_numpy(dtype=float) @ np.asarray(coef, dtype=float))))

    before = X.copy()
    result = partial_dependence(predict, X, column, grid)
    return {"result": result, "unchanged": bool(X.equals(before) and list(X.index) == list(before.index))}


def check_partial_dependence(seen, expected: list, *, call: str) -> None:
    """``seen`` is what :func:`run_partial_dependence` reported; ``expected``
    is the list of (grid value, mean prediction), in the grid's order."""
    __tracebackhide__ = True
    import pandas as pd
    if not seen["unchanged"]:
        fail(msg("{call} changed X: set the column in a copy, never in the caller's frame", call=as_message(call)),
             hint="X.copy() before setting the column",
             hidden_message="partial_dependence changed the caller's X")
    got = seen["result"]
    if not isinstance(got, pd.Series):
        fail(msg("{call} should return a pandas Series (grid value -> mean prediction), not {got}", call=as_message(call), got=short(got)),
             hint="pd.Series(values, index=grid)",
             hidden_message="partial_dependence did not return a pandas Series")
    grid = [v for v, _ in expected]
    index = list(got.index)
    if len(index) != len(grid) or not all(_close(a, b) for a, b in zip(index, grid)):
        fail(msg("the index of {call} should be the grid's values in the grid's order, {grid}; got {index}", call=as_message(call), grid=grid, index=short(index)),
             hint="keep the grid's order: do not sort it",
             hidden_message="the index is not the grid's values in the grid's order")
    for k, (value, mean) in enumerate(expected):
        if not _close(got.iloc[k], mean):
            fail(msg("the partial dependence at {value} should be {mean:.6f}; got {p3}", value=value, mean=mean, p3=_number(got.iloc[k])),
                 hint="set the column to the value in every row, predict every row, and average the predictions "
                      "(not the prediction of an average row)",
                 hidden_message="a value is not the mean prediction with the column set to the grid value in "
                                "every row")


# ------------------------------------------------------------------ Shapley values
@probe
def run_shapley(shapley_values, x, background, coef, interaction=None):
    """Runs with your code: calls ``shapley_values(predict, x, background)``
    with a logistic model of coefficients ``coef`` (and, when given, an
    interaction ``(i, j, w)``: ``w`` times the product of columns i and j
    added to the logit) as ``predict``, and reports the result and whether
    background was changed."""
    import numpy as np

    def predict(frame):
        z = frame.to_numpy(dtype=float)
        logit = z @ np.asarray(coef, dtype=float)
        if interaction is not None:
            i, j, w = interaction
            logit = logit + w * z[:, i] * z[:, j]
        return 1.0 / (1.0 + np.exp(-logit))

    before = background.copy()
    result = shapley_values(predict, x, background)
    return {"result": result,
            "unchanged": bool(background.equals(before) and list(background.index) == list(before.index))}


def check_shapley(seen, expected: dict, *, base: float, score: float, call: str, symmetric=()) -> None:
    """``seen`` is what :func:`run_shapley` reported; ``expected`` maps each
    column of the background, in its order, to its Shapley value; ``base`` is
    the mean score over the background, ``score`` the customer's own score;
    ``symmetric`` lists pairs of columns that play the same role."""
    __tracebackhide__ = True
    import pandas as pd
    if not seen["unchanged"]:
        fail(msg("{call} changed background: set the columns in a copy, never in the caller's frame", call=as_message(call)),
             hint="background.copy() before setting a column",
             hidden_message="shapley_values changed the caller's background")
    got = seen["result"]
    if not isinstance(got, pd.Series):
        fail(msg("{call} should return a pandas Series (column -> Shapley value), not {got}", call=as_message(call), got=short(got)),
             hint="pd.Series(dict_of_values)",
             hidden_message="shapley_values did not return a pandas Series")
    names = [str(k) for k in got.index]
    if names != list(expected):
        fail(msg("the index of {call} should be background's columns in background's order, {expected}; got "
                 "{names}",
                 call=as_message(call), expected=list(expected), names=names), hidden_message="the index is not background's columns in background's order")
    total = sum(float(v) for v in got.to_numpy())
    if not _close(total, score - base, 1e-7):
        fail(msg("the Shapley values of {call} should add up to the customer's score minus the mean score over "
                 "the background, {score:.6f} - {base:.6f} = {p4:.6f}; they add up to {total:.6f}",
                 call=as_message(call), score=score, base=base, p4=score - base, total=total),
             hint="v(no feature) is the mean of the predictions over the whole background; the weights "
                  "|S|! (n - |S| - 1)! / n! over every subset S of the other features (the empty one too) make "
                  "the values add up",
             hidden_message="the Shapley values do not add up to the customer's score minus the mean score over the "
                            "background (the weights, the subsets summed over, or the value of a coalition)")
    for a, b in symmetric:
        if not _close(got[a], got[b], 1e-7):
            fail(msg("{a!r} and {b!r} play the same role (the same values and the same weight in the model), "
                     "so {call} should give them the same value; got {p4} and {p5}",
                     a=a, b=b, call=as_message(call), p4=_number(got[a]), p5=_number(got[b])),
                 hint="the value of a coalition depends only on which columns are set to the customer's values",
                 hidden_message="two features that play the same role in the model got different values")
    for column, value in expected.items():
        if not _close(got[column], value):
            fail(msg("the Shapley value of {column!r} should be {value:.6f}; got {p3}", column=column, value=value, p3=_number(got[column])),
                 hint="v(S) is the mean of the predictions over a copy of background with S's columns set to the "
                      "customer's values in every row (not the prediction of one average row); sum "
                      "|S|! (n - |S| - 1)! / n! * (v(S with the column) - v(S)) over every subset S of the other "
                      "columns",
                 hidden_message="a Shapley value is not the weighted sum of the column's contributions over every "
                                "coalition of the other columns, with v(S) the mean prediction over the background")


# ------------------------------------------------------------------ a local surrogate (LIME)
@probe
def run_surrogate(local_surrogate, x, scale, coef, link="logistic", n_samples=None, kernel_width=None, seed=None):
    """Runs with your code: calls ``local_surrogate(predict, x, scale, ...)``
    with a model of coefficients ``coef`` over x's features as ``predict``
    (the logistic of the linear score, or the linear score itself when
    ``link`` is "identity"), passing n_samples, kernel_width and seed only
    when given; predict accepts only a DataFrame with x's features as its
    columns. Reports the result and whether x and scale were changed."""
    import numpy as np
    import pandas as pd

    names = list(x.index)

    def predict(frame):
        if not isinstance(frame, pd.DataFrame) or sorted(map(str, frame.columns)) != sorted(map(str, names)):
            raise TypeError(f"predict expects a DataFrame with the columns {names}, not {type(frame).__name__}")
        z = frame[names].to_numpy(dtype=float) @ np.asarray(coef, dtype=float)
        return z if link == "identity" else 1.0 / (1.0 + np.exp(-z))

    x_before, scale_before = x.copy(), scale.copy()
    options = {k: v for k, v in (("n_samples", n_samples), ("kernel_width", kernel_width), ("seed", seed))
               if v is not None}
    result = local_surrogate(predict, x, scale, **options)
    return {"result": result, "unchanged": bool(x.equals(x_before) and scale.equals(scale_before))}


def check_surrogate(seen, expected: dict, *, call: str) -> None:
    """``seen`` is what :func:`run_surrogate` reported; ``expected`` maps each
    feature of x, in x's order, to the weighted fit's slope."""
    __tracebackhide__ = True
    import pandas as pd
    if not seen["unchanged"]:
        fail(msg("{call} changed x or scale: build the samples in a new frame", call=as_message(call)),
             hint="x + draws * scale makes new values; never assign into x or scale",
             hidden_message="local_surrogate changed x or scale")
    got = seen["result"]
    if not isinstance(got, pd.Series):
        fail(msg("{call} should return a pandas Series (feature -> slope), not {got}", call=as_message(call), got=short(got)),
             hint="pd.Series(model.coef_, index=x.index)",
             hidden_message="local_surrogate did not return a pandas Series")
    names = [str(k) for k in got.index]
    if names != list(expected):
        fail(msg("the index of {call} should be x's features in x's order, {expected}; got {names}", call=as_message(call), expected=list(expected), names=names),
             hint="the slopes only, in x's order: the intercept is not returned",
             hidden_message="the index is not x's features in x's order")
    for column, value in expected.items():
        if not _close(got[column], value):
            fail(msg("the slope of {column!r} should be {value:.6f}; got {p3}", column=column, value=value, p3=_number(got[column])),
                 hint="one generator, draws = rng.standard_normal((n_samples, len(x))); samples x + draws * scale "
                      "(scale taken by name); weights exp(-d**2 / kernel_width**2) with d the length of each row "
                      "of draws; a weighted linear regression with an intercept of the scores on draws",
                 hidden_message="a slope is not the weighted least-squares fit (with an intercept) of the scores on "
                                "the draws, with the samples, weights and draws the question describes")


# ------------------------------------------------------------------ recalibration on held-out rows
@probe
def run_recalibration(recalibrate, X_train, y_train, X_cal, y_cal, X_test, forest, weight):
    """Runs with your code: fits ``RandomForestClassifier(**forest,
    class_weight={0: 1, 1: weight}, n_jobs=1)`` on ``X_train``, ``y_train``
    (a forest that weighs churners more, so its scores run high), calls
    ``recalibrate(model, X_cal, y_cal)`` and the function it returns on
    ``X_test``. Reports what that function returned, and whether the
    calibration rows were left unchanged."""
    from sklearn.ensemble import RandomForestClassifier

    model = RandomForestClassifier(**forest, class_weight={0: 1, 1: weight}, n_jobs=1).fit(X_train, y_train)
    before = X_cal.copy()
    calibrated = recalibrate(model, X_cal, y_cal)
    if not callable(calibrated):
        return {"callable": False, "kind": type(calibrated).__name__}
    result = calibrated(X_test)
    try:
        import numpy as np
        result = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return {"callable": True, "result": repr(result)[:80], "numbers": False}
    return {"callable": True, "result": result, "numbers": True, "unchanged": bool(X_cal.equals(before))}


def check_recalibration(seen, expected, *, raw, call: str, ece=None) -> None:
    """``seen`` is what :func:`run_recalibration` reported; ``expected`` the
    judge's calibrated probabilities of the test rows by position (the visible
    test lists a few, the hidden tests all), ``raw`` the model's scores of
    the same rows. ``ece`` (hidden tests only), when given, is a function of
    the probabilities giving their ECE on the test rows: the calibrated ones
    must be at least 0.02 under the raw scores'."""
    __tracebackhide__ = True
    import numpy as np
    if not seen["callable"]:
        fail(msg("recalibrate should return a function (X -> probabilities); it returned a {kind}", kind=seen["kind"]),
             hint="define a function inside recalibrate that takes X and returns the calibrated probabilities, and "
                  "return that function (not the fitted IsotonicRegression)",
             hidden_message="recalibrate did not return a function")
    if not seen["numbers"]:
        fail(msg("the function recalibrate returned should give one number per row of X; got {got}",
                 got=seen["result"]),
             hint="return a numpy array of probabilities, one per row of X",
             hidden_message="the function recalibrate returned did not give numbers")
    got = seen["result"]
    raw = np.asarray(raw, dtype=float)
    if got.shape != raw.shape:
        fail(msg("the function recalibrate returned should give one probability per row of X ({n} rows): a 1-D "
                 "array of shape {expected}; got shape {shape}", n=len(raw), expected=tuple(raw.shape),
                 shape=tuple(got.shape)),
             hint="the churn column only: predict_proba(...)[:, 1], then the isotonic map",
             hidden_message="the function recalibrate returned did not give a 1-D array with one probability per row")
    if not seen["unchanged"]:
        fail("recalibrate changed X_cal: read the calibration rows, never write to them",
             hidden_message="recalibrate changed X_cal")
    if not np.isfinite(got).all():
        fail(msg("{call} gave {n} missing (NaN) or infinite values: scores outside the range of the calibration "
                 "scores must get the value at the nearer end", call=as_message(call), n=int((~np.isfinite(got)).sum())),
             hint="IsotonicRegression(out_of_bounds=\"clip\"): its default gives NaN outside the scores it was "
                  "fitted on",
             hidden_message="some probabilities are NaN or infinite (scores outside the calibration scores' range "
                            "must get the value at the nearer end)")
    order = np.argsort(raw, kind="stable")
    steps = np.diff(got[order])
    same = np.diff(raw[order]) == 0
    if (steps < -1e-12).any() or (np.abs(steps[same]) > 1e-12).any():
        fail(msg("{call} is not a non-decreasing function of the model's score: a customer with a higher score got a "
                 "lower probability", call=as_message(call)),
             hint="isotonic regression gives a non-decreasing map; fit it on the model's churn probability "
                  "(predict_proba(...)[:, 1], not column 0), and apply it to that same score",
             hidden_message="the probabilities are not a non-decreasing function of the model's churn score")
    if ece is not None:
        before, after = ece(raw), ece(got)
        if not after <= before - 0.02:
            fail(msg("the expected calibration error of {call} on the test rows should be at least 0.02 under the "
                     "raw scores' ({before:.4f}); got {after:.4f}", call=as_message(call), before=before, after=after),
                 hint="isotonic regression of y_cal on the model's scores of X_cal, then applied to the scores of X: "
                      "returning the model's own scores leaves the error where it was",
                 hidden_message="the calibrated probabilities do not lower the test rows' expected calibration error "
                                "by at least 0.02")
    for i, value in expected.items():
        if not _close(got[i], value):
            fail(msg("{call} for row {i} (model score {score:.6f}) should be {value:.6f}; got {got}",
                     call=as_message(call), i=i, score=raw[i], value=value, got=_number(got[i])),
                 hint="fit IsotonicRegression(out_of_bounds=\"clip\") on the model's scores of X_cal against y_cal, "
                      "only those rows (not the training rows, not the test rows), and apply it to the scores of X: "
                      "linear between two fitted scores, the end value outside them",
                 hidden_message="the probabilities differ from isotonic regression of y_cal on the model's scores of "
                                "X_cal (only the calibration rows; linear in between, clipped outside)")
