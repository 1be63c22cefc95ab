"""The exercises of 08_explain, each with its parts side by side, keyed by the grade id of its answer cell
(workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers, each tagged with the requirement it breaks;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points of its exercise and only those
(tests/test_course.py grades them with the real nbgrader). The code replaces the answer cell of the release
notebook and may use the setup cell's imports (math, np, pd, plt, MODEL_FEATURES, churn_table...).

Wrong answers are the instructor's solution with one mistake (``_swap`` checks that the mistake really lands
in the code)."""


def _swap(code: str, old: str, new: str) -> str:
    assert old in code, f"not in the solution: {old!r}"
    return code.replace(old, new, 1)


# ---------------------------------------------------------------- Part 1: EDA

SEGMENTS = '''
def churn_by_segment(table, column):
    segment = table[column].astype(object).where(table[column].notna(), "unknown").rename("segment")
    out = table.groupby(segment)["churned"].agg(customers="size", churn_rate="mean")
    out["lift"] = out["churn_rate"] / table["churned"].mean()
    out = out.reset_index().sort_values(["churn_rate", "segment"], ascending=[False, True])
    return out.set_index("segment")
'''

SEGMENTS_ALT = '''
def churn_by_segment(table, column):
    """groupby(dropna=False), then the NaN label renamed; a plain loop would do as well."""
    overall = table["churned"].sum() / len(table)
    rows = []
    for label, group in table.groupby(column, dropna=False):
        name = "unknown" if pd.isna(label) else label
        rate = group["churned"].sum() / len(group)
        rows.append({"segment": name, "customers": len(group), "churn_rate": rate, "lift": rate / overall})
    rows.sort(key=lambda r: (-r["churn_rate"], r["segment"]))
    return pd.DataFrame(rows).set_index("segment")
'''

SEGMENTS_ALT2 = '''
def churn_by_segment(table, column):
    """fillna, pivot-style counts, sort by label first then by rate with a stable sort."""
    seg = table[column].fillna("unknown")
    n = seg.value_counts()
    churned = table["churned"].groupby(seg).sum()
    out = pd.DataFrame({"customers": n, "churn_rate": churned.reindex(n.index) / n})
    out["lift"] = out["churn_rate"] / table["churned"].mean()
    out = out.sort_index()
    return out.sort_values("churn_rate", ascending=False, kind="stable")
'''

SUSPECTS = """
def leakage_suspects(table, target, threshold):
    scores = {}
    for column in table.select_dtypes("number").columns.drop(target, errors="ignore"):
        rows = table[[column, target]].dropna()
        ranks = rows[column].rank()
        positive = rows[target] == 1
        n1, n0 = int(positive.sum()), int((~positive).sum())
        auc = (ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
        scores[column] = max(auc, 1 - auc)
    scores = pd.Series(scores, dtype="float64")
    return scores[scores >= threshold].sort_values(ascending=False)
"""

SUSPECTS_ALT = """
from sklearn.metrics import roc_auc_score


def leakage_suspects(table, target, threshold):
    \"\"\"scikit-learn's AUC on each numeric column's own non-missing rows.\"\"\"
    found = {}
    for column in table.columns:
        if column == target or not pd.api.types.is_numeric_dtype(table[column]):
            continue
        keep = table[column].notna()
        auc = roc_auc_score(table.loc[keep, target], table.loc[keep, column])
        score = max(auc, 1.0 - auc)
        if score >= threshold:
            found[column] = float(score)
    return pd.Series(found, dtype=float).sort_values(ascending=False)
"""

SUSPECTS_ALT2 = """
def leakage_suspects(table, target, threshold):
    \"\"\"Counting the pairs with numpy broadcasting: wins plus half the ties.\"\"\"
    out = []
    for column in table.select_dtypes(include=np.number):
        if column == target:
            continue
        rows = table[[column, target]].dropna()
        ones = rows.loc[rows[target] == 1, column].to_numpy(float)
        zeros = rows.loc[rows[target] == 0, column].to_numpy(float)
        auc = ((ones[:, None] > zeros).sum() + 0.5 * (ones[:, None] == zeros).sum()) / (len(ones) * len(zeros))
        out.append((column, max(auc, 1 - auc)))
    out.sort(key=lambda pair: pair[1], reverse=True)
    return pd.Series({c: v for c, v in out if v >= threshold}, dtype="float64")
"""

CALIBRATION = """
def calibration_table(y_true, scores, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(scores, dtype=float)
    edges = np.linspace(0, 1, n_bins + 1)
    bins = np.searchsorted(edges[1:-1], p, side="left")
    frame = pd.DataFrame({"bin": bins, "score": p, "churned": y})
    out = frame.groupby("bin").agg(customers=("score", "size"), mean_score=("score", "mean"),
                                   churn_rate=("churned", "mean"))
    return out.sort_index()
"""

CALIBRATION_ALT = """
def calibration_table(y_true, scores, n_bins=10):
    \"\"\"pd.cut with the edges, numbered by codes; observed bins only.\"\"\"
    frame = pd.DataFrame({"y": list(y_true), "p": list(scores)})
    frame["bin"] = pd.cut(frame["p"], np.linspace(0, 1, n_bins + 1), include_lowest=True, labels=False)
    out = frame.groupby("bin")[["p", "y"]].agg(["size", "mean"])
    table = pd.DataFrame({"customers": out[("p", "size")], "mean_score": out[("p", "mean")],
                          "churn_rate": out[("y", "mean")]})
    table.index = table.index.astype(int)
    return table
"""

CALIBRATION_ALT2 = """
def calibration_table(y_true, scores, n_bins=10):
    \"\"\"A plain loop over the bins, comparing with the edges.\"\"\"
    y = np.array(y_true, dtype=float)
    p = np.array(scores, dtype=float)
    edges = np.linspace(0, 1, n_bins + 1)
    rows = {}
    for k in range(n_bins):
        low, high = edges[k], edges[k + 1]
        inside = (p <= high) & ((p > low) if k > 0 else (p >= low))
        if inside.sum() > 0:
            rows[k] = {"customers": int(inside.sum()), "mean_score": p[inside].mean(), "churn_rate": y[inside].mean()}
    return pd.DataFrame.from_dict(rows, orient="index")
"""

IMPORTANCE = """
def permutation_importance(predict, X, y, metric, n_repeats=5, seed=0):
    rng = np.random.default_rng(seed)
    baseline = metric(y, predict(X))
    out = {}
    for column in X.columns:
        scores = []
        for _ in range(n_repeats):
            shuffled = X.copy()
            shuffled[column] = X[column].to_numpy()[rng.permutation(len(X))]
            scores.append(metric(y, predict(shuffled)))
        out[column] = baseline - np.mean(scores)
    return pd.Series(out, dtype="float64")
"""

IMPORTANCE_ALT = """
def permutation_importance(predict, X, y, metric, n_repeats=5, seed=0):
    \"\"\"iloc with the permuted positions, then the index put back; results collected in a list.\"\"\"
    gen = np.random.default_rng(seed)
    base = metric(y, predict(X))
    names, values = [], []
    for name in X.columns:
        total = 0.0
        for _ in range(n_repeats):
            order = gen.permutation(X.shape[0])
            copy = X.copy()
            moved = X[name].iloc[order]
            moved.index = X.index
            copy[name] = moved
            total += metric(y, predict(copy))
        names.append(name)
        values.append(base - total / n_repeats)
    return pd.Series(values, index=names)
"""

IMPORTANCE_ALT2 = """
def permutation_importance(predict, X, y, metric, n_repeats=5, seed=0):
    \"\"\"rng.shuffle on a copy of the column's values; repeats outside, columns inside.\"\"\"
    rng = np.random.default_rng(seed)
    baseline = metric(y, predict(X))
    shuffled_scores = {column: [] for column in X.columns}
    for _ in range(n_repeats):
        for column in X.columns:
            values = X[column].to_numpy().copy()
            rng.shuffle(values)
            copy = X.assign(**{column: values})
            shuffled_scores[column].append(metric(y, predict(copy)))
    return pd.Series({c: baseline - sum(v) / len(v) for c, v in shuffled_scores.items()})
"""

IMPORTANCE_ALT3 = """
def permutation_importance(predict, X, y, metric, n_repeats=5, seed=0):
    \"\"\"pandas sample(frac=1) with the generator as random_state, its values taken (not realigned).\"\"\"
    rng = np.random.default_rng(seed)
    baseline = metric(y, predict(X))
    importances = []
    for column in X.columns:
        drops = []
        for _ in range(n_repeats):
            copy = X.copy()
            copy[column] = X[column].sample(frac=1, random_state=rng).to_numpy()
            drops.append(baseline - metric(y, predict(copy)))
        importances.append(np.mean(drops))
    return pd.Series(importances, index=X.columns)
"""

IMPORTANCE_ALT4 = """
def permutation_importance(predict, X, y, metric, n_repeats=5, seed=0):
    \"\"\"As scikit-learn does: every column gets its own generator from the same seed (the same shuffles of
    the positions for each column, which is fine: each column is shuffled on its own).\"\"\"
    baseline = metric(y, predict(X))
    out = pd.Series(0.0, index=X.columns)
    for column in X.columns:
        rng = np.random.default_rng(seed)
        metrics = []
        for _ in range(n_repeats):
            copy = X.copy()
            copy[column] = np.asarray(X[column])[rng.permutation(len(X))]
            metrics.append(metric(y, predict(copy)))
        out[column] = baseline - np.mean(metrics)
    return out
"""

GAP = """
from sklearn.inspection import permutation_importance as sklearn_permutation_importance


def importance_gap(model, X_train, y_train, X_test, y_test, n_repeats=3, seed=0):
    def permuted(X, y):
        result = sklearn_permutation_importance(model, X, y, scoring="roc_auc", n_repeats=n_repeats,
                                                random_state=seed)
        return result.importances_mean

    gap = pd.DataFrame({"mdi": model.feature_importances_, "train": permuted(X_train, y_train),
                        "test": permuted(X_test, y_test)}, index=X_train.columns)
    return gap.sort_values("mdi", ascending=False)


def suspicious_features(gap, top, threshold):
    ranked = gap.sort_values("mdi", ascending=False).head(top)
    return [str(name) for name in ranked.index[ranked["test"] <= threshold]]
"""

GAP_ALT = """
from sklearn import inspection


def importance_gap(model, X_train, y_train, X_test, y_test, n_repeats=3, seed=0):
    \"\"\"A dict of columns filled split by split, the order from np.argsort; a loop over the ranks.\"\"\"
    columns = {"mdi": np.asarray(model.feature_importances_)}
    for name, X, y in (("train", X_train, y_train), ("test", X_test, y_test)):
        columns[name] = inspection.permutation_importance(model, X, y, scoring="roc_auc", n_repeats=n_repeats,
                                                          random_state=seed)["importances_mean"]
    order = np.argsort(-columns["mdi"], kind="stable")
    return pd.DataFrame({k: v[order] for k, v in columns.items()}, index=X_train.columns[order])


def suspicious_features(gap, top, threshold):
    out = []
    for rank, name in enumerate(gap["mdi"].sort_values(ascending=False).index):
        if rank < top and gap.loc[name, "test"] <= threshold:
            out.append(name)
    return out
"""

GAP_ALT2 = """
from sklearn.inspection import permutation_importance as permuted_importance
from sklearn.metrics import get_scorer


def importance_gap(model, X_train, y_train, X_test, y_test, n_repeats=3, seed=0):
    \"\"\"The scorer as an object, Series joined on the feature names; nlargest and query for the suspects.\"\"\"
    auc = get_scorer("roc_auc")
    names = list(X_train.columns)
    train = permuted_importance(model, X_train, y_train, scoring=auc, n_repeats=n_repeats, random_state=seed)
    test = permuted_importance(model, X_test, y_test, scoring=auc, n_repeats=n_repeats, random_state=seed)
    out = pd.concat([pd.Series(model.feature_importances_, index=names, name="mdi"),
                     pd.Series(train.importances_mean, index=names, name="train"),
                     pd.Series(test.importances_mean, index=names, name="test")], axis=1)
    return out.loc[out["mdi"].sort_values(ascending=False).index]


def suspicious_features(gap, top, threshold):
    return gap.nlargest(top, "mdi").query("test <= @threshold").index.tolist()
"""

PARTIAL = """
def partial_dependence(predict, X, column, grid):
    means = []
    for value in grid:
        changed = X.copy()
        changed[column] = value
        means.append(float(np.mean(predict(changed))))
    return pd.Series(means, index=list(grid), dtype="float64")
"""

PARTIAL_ALT = """
def partial_dependence(predict, X, column, grid):
    \"\"\"assign() makes the copy; a dict keeps the grid's order.\"\"\"
    return pd.Series({v: predict(X.assign(**{column: v})).mean() for v in grid})
"""

SHAPLEY = """
import itertools


def shapley_values(predict, x, background):
    columns = list(background.columns)
    n = len(columns)
    values = {}

    def value(coalition):
        key = frozenset(coalition)
        if key not in values:
            rows = background.copy()
            for column in key:
                rows[column] = x[column]
            values[key] = float(np.mean(predict(rows)))
        return values[key]

    out = {}
    for j in columns:
        others = [c for c in columns if c != j]
        total = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for coalition in itertools.combinations(others, size):
                total += weight * (value(coalition + (j,)) - value(coalition))
        out[j] = total
    return pd.Series(out, dtype="float64")
"""

SHAPLEY_ALT = """
from itertools import permutations


def shapley_values(predict, x, background):
    \"\"\"The other definition: the mean marginal contribution over every order of the columns, each
    coalition's value computed once (a dict keyed by frozenset).\"\"\"
    cols = list(background.columns)
    cache = {}

    def v(known):
        key = frozenset(known)
        if key not in cache:
            cache[key] = predict(background.assign(**{c: x[c] for c in key})).mean()
        return cache[key]

    totals = dict.fromkeys(cols, 0.0)
    orders = list(permutations(cols))
    for order in orders:
        known = []
        for c in order:
            before = v(known)
            known.append(c)
            totals[c] += v(known) - before
    return pd.Series({c: totals[c] / len(orders) for c in cols})
"""

SHAPLEY_ALT2 = """
def shapley_values(predict, x, background):
    \"\"\"Bit masks: one batched predict for all 2^n coalitions, then the weights from math.comb.\"\"\"
    cols = list(background.columns)
    n, m = len(cols), len(background)
    blocks = []
    for mask in range(2 ** n):
        block = background.copy()
        for k in range(n):
            if mask >> k & 1:
                block[cols[k]] = x[cols[k]]
        blocks.append(block)
    v = np.asarray(predict(pd.concat(blocks, ignore_index=True))).reshape(2 ** n, m).mean(axis=1)
    phi = []
    for k in range(n):
        total = 0.0
        for mask in range(2 ** n):
            if not mask >> k & 1:
                size = bin(mask).count("1")
                total += (v[mask | 1 << k] - v[mask]) / (n * math.comb(n - 1, size))
        phi.append(total)
    return pd.Series(phi, index=cols)
"""

SURROGATE = """
from sklearn.linear_model import LinearRegression


def local_surrogate(predict, x, scale, n_samples=500, kernel_width=2.0, seed=0):
    rng = np.random.default_rng(seed)
    draws = rng.standard_normal((n_samples, len(x)))
    spread = scale[x.index].to_numpy(dtype=float)
    samples = pd.DataFrame(x.to_numpy(dtype=float) + draws * spread, columns=x.index)
    distance = np.sqrt((draws**2).sum(axis=1))
    weights = np.exp(-(distance**2) / kernel_width**2)
    fit = LinearRegression().fit(draws, np.asarray(predict(samples)), sample_weight=weights)
    return pd.Series(fit.coef_, index=x.index)
"""

SURROGATE_ALT = """
def local_surrogate(predict, x, scale, n_samples=500, kernel_width=2.0, seed=0):
    \"\"\"The weighted normal equations (A^T W A) b = A^T W y, solved with numpy; samples built column by
    column from a dict.\"\"\"
    draws = np.random.default_rng(seed).standard_normal((n_samples, len(x)))
    samples = pd.DataFrame({f: x[f] + draws[:, k] * scale[f] for k, f in enumerate(x.index)})
    y = np.asarray(predict(samples), dtype=float)
    w = np.exp(-np.sum(draws * draws, axis=1) / kernel_width ** 2)
    A = np.hstack([np.ones((n_samples, 1)), draws])
    b = np.linalg.solve(A.T @ (A * w[:, None]), A.T @ (w * y))
    return pd.Series(b[1:], index=list(x.index))
"""

SURROGATE_ALT2 = """
def local_surrogate(predict, x, scale, n_samples=500, kernel_width=2.0, seed=0):
    \"\"\"The intercept through weighted centring: subtract the weighted means, then least squares without
    an intercept on rows scaled by the square root of the weights.\"\"\"
    gen = np.random.default_rng(seed)
    d = gen.standard_normal(size=(n_samples, x.shape[0]))
    s = pd.Series(scale).reindex(x.index).values
    pts = pd.DataFrame(d * s + x.values, columns=list(x.index))
    y = np.asarray(predict(pts), dtype=float)
    w = np.exp(-np.linalg.norm(d, axis=1) ** 2 / kernel_width ** 2)
    dc = d - np.average(d, axis=0, weights=w)
    yc = y - np.average(y, weights=w)
    root = np.sqrt(w)
    slopes = np.linalg.lstsq(dc * root[:, None], yc * root, rcond=None)[0]
    return pd.Series(slopes, index=x.index)
"""

TENURE_CHART = """
def plot_churn_by_tenure(table, edges):
    bounds = list(edges) + [np.inf]
    labels = [f"{low}-{high - 1}" for low, high in zip(edges[:-1], edges[1:])] + [f"{edges[-1]}+"]
    bucket = pd.cut(table["tenure_days"], bounds, right=False, labels=labels)
    rates = table["churned"].groupby(bucket, observed=True).mean()
    fig, ax = plt.subplots()
    ax.bar([str(label) for label in rates.index], rates.to_numpy())
    ax.axhline(table["churned"].mean(), color="black")
    ax.set_xlabel("tenure (days)")
    ax.set_ylabel("churn rate")
    return ax
"""

TENURE_CHART_ALT = """
def plot_churn_by_tenure(table, edges):
    \"\"\"A plain loop over the buckets, then pandas' bar plot on a new Axes.\"\"\"
    names, rates = [], []
    for low, high in zip(edges, list(edges[1:]) + [None]):
        if high is None:
            inside = table[table["tenure_days"] >= low]
            name = f"{low}+"
        else:
            inside = table[(table["tenure_days"] >= low) & (table["tenure_days"] < high)]
            name = f"{low}-{high - 1}"
        if len(inside) > 0:
            names.append(name)
            rates.append(inside["churned"].mean())
    fig, ax = plt.subplots()
    pd.Series(rates, index=names).plot.bar(ax=ax, rot=0, color="tab:orange")
    ax.axhline(table["churned"].mean(), color="black", linewidth=0.8)
    ax.set(xlabel="tenure (days)", ylabel="churn rate")
    return ax
"""

TENURE_CHART_ALT2 = """
def plot_churn_by_tenure(table, edges):
    \"\"\"searchsorted gives each customer its bucket's number; bars at 0..n-1 with set_xticks, hlines.\"\"\"
    days = table["tenure_days"].to_numpy()
    number = np.searchsorted(np.asarray(edges), days, side="right") - 1
    churned = table["churned"].to_numpy(dtype=float)
    names = [f"{a}-{b - 1}" for a, b in zip(edges, edges[1:])] + [f"{edges[-1]}+"]
    kept = [k for k in range(len(edges)) if (number == k).any()]
    heights = [churned[number == k].mean() for k in kept]
    fig = plt.figure()
    ax = fig.add_subplot()
    ax.bar(range(len(kept)), heights, width=0.6)
    ax.set_xticks(range(len(kept)), [names[k] for k in kept])
    ax.hlines(churned.mean(), -0.5, len(kept) - 0.5, colors="red")
    ax.set_xlabel("tenure (days)")
    ax.set_ylabel("churn rate")
    return ax
"""

REPORT = """
def calibration_report(y_true, scores, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(scores, dtype=float)
    bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p, side="left")
    gaps, shares = [], []
    for k in np.unique(bins):
        inside = bins == k
        gaps.append(abs(p[inside].mean() - y[inside].mean()))
        shares.append(inside.mean())
    return {"brier": float(np.mean((p - y) ** 2)), "ece": float(np.dot(shares, gaps)), "mce": float(max(gaps))}
"""

REPORT_ALT = """
from sklearn.metrics import brier_score_loss


def calibration_report(y_true, scores, n_bins=10):
    \"\"\"pd.cut for the bins, a groupby for the bins' means, scikit-learn for the Brier score.\"\"\"
    frame = pd.DataFrame({"y": np.array(y_true, dtype=float), "p": np.array(scores, dtype=float)})
    frame["bin"] = pd.cut(frame["p"], np.linspace(0, 1, n_bins + 1), include_lowest=True, labels=False)
    per_bin = frame.groupby("bin").agg(n=("p", "size"), score=("p", "mean"), rate=("y", "mean"))
    gap = (per_bin["score"] - per_bin["rate"]).abs()
    return {"brier": brier_score_loss(frame["y"], frame["p"]),
            "ece": float((gap * per_bin["n"]).sum() / len(frame)),
            "mce": float(gap.max())}
"""

REPORT_ALT2 = """
def calibration_report(y_true, scores, n_bins=10):
    \"\"\"np.bincount sums per bin; the empty bins have a count of 0 and are skipped.\"\"\"
    y = np.array(list(y_true), dtype=float)
    p = np.array(list(scores), dtype=float)
    k = np.clip(np.ceil(p * n_bins).astype(int) - 1, 0, n_bins - 1)
    edges = np.linspace(0, 1, n_bins + 1)
    k = np.where(p > edges[k + 1], k + 1, k)          # ceil can land one bin low where p*n_bins rounds
    k = np.where((k > 0) & (p <= edges[k]), k - 1, k)  # ...or one bin high
    count = np.bincount(k, minlength=n_bins)
    total_p = np.bincount(k, weights=p, minlength=n_bins)
    total_y = np.bincount(k, weights=y, minlength=n_bins)
    used = count > 0
    gap = np.abs(total_p[used] - total_y[used]) / count[used]
    return {"brier": float(((p - y) ** 2).mean()), "ece": float((gap * count[used]).sum() / len(p)),
            "mce": float(gap.max())}
"""

RECAL = """
from sklearn.isotonic import IsotonicRegression


def recalibrate(model, X_cal, y_cal):
    iso = IsotonicRegression(out_of_bounds="clip")
    iso.fit(model.predict_proba(X_cal)[:, 1], np.asarray(y_cal, dtype=float))

    def calibrated(X):
        return iso.predict(model.predict_proba(X)[:, 1])

    return calibrated
"""

RECAL_ALT = """
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator


def recalibrate(model, X_cal, y_cal):
    \"\"\"scikit-learn's wrapper around the fitted model: FrozenEstimator keeps the forest as it is.\"\"\"
    wrapped = CalibratedClassifierCV(FrozenEstimator(model), method="isotonic").fit(X_cal, y_cal)
    return lambda X: wrapped.predict_proba(X)[:, 1]
"""

RECAL_ALT2 = """
def recalibrate(model, X_cal, y_cal):
    \"\"\"Pool adjacent violators by hand: equal scores pooled first, then blocks merged while their means
    decrease; np.interp is linear in between and keeps the end values outside.\"\"\"
    scores = model.predict_proba(X_cal)[:, 1]
    xs, inverse = np.unique(scores, return_inverse=True)
    sums = np.bincount(inverse, weights=np.asarray(y_cal, dtype=float))
    counts = np.bincount(inverse).astype(float)
    blocks = []
    for k in range(len(xs)):
        blocks.append([sums[k], counts[k], k, k])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, n, _, last = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += n
            blocks[-1][3] = last
    fitted = np.empty(len(xs))
    for total, n, first, last in blocks:
        fitted[first:last + 1] = total / n

    def calibrated(X):
        return np.interp(model.predict_proba(X)[:, 1], xs, fitted)

    return calibrated
"""

BOOTSTRAP = """
from scipy.stats import rankdata


def paired_bootstrap_auc(y_true, scores_a, scores_b, n_boot=1000, seed=0):
    y = np.asarray(y_true, dtype=int)
    a = np.asarray(scores_a, dtype=float)
    b = np.asarray(scores_b, dtype=float)

    def auc(labels, s):
        ranks = rankdata(s)
        n1 = labels.sum()
        n0 = len(labels) - n1
        return (ranks[labels == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)

    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(n_boot):
        rows = rng.integers(0, len(y), size=len(y))
        if y[rows].min() == y[rows].max():
            continue
        diffs.append(auc(y[rows], a[rows]) - auc(y[rows], b[rows]))
    low, high = np.percentile(diffs, [2.5, 97.5])
    auc_a, auc_b = auc(y, a), auc(y, b)
    return {"auc_a": auc_a, "auc_b": auc_b, "diff": auc_a - auc_b, "low": low, "high": high, "kept": len(diffs)}
"""

BOOTSTRAP_ALT = """
from sklearn.metrics import roc_auc_score


def paired_bootstrap_auc(y_true, scores_a, scores_b, n_boot=1000, seed=0):
    \"\"\"scikit-learn's AUC on each resample (slower, the same numbers); np.quantile is np.percentile / 100.\"\"\"
    y, a, b = np.array(list(y_true)), np.array(list(scores_a)), np.array(list(scores_b))
    gen = np.random.default_rng(seed)
    n = len(y)
    kept = []
    for _ in range(n_boot):
        idx = gen.integers(0, n, size=n)
        if len(np.unique(y[idx])) == 2:
            kept.append(roc_auc_score(y[idx], a[idx]) - roc_auc_score(y[idx], b[idx]))
    first, second = roc_auc_score(y, a), roc_auc_score(y, b)
    return {"auc_a": first, "auc_b": second, "diff": first - second, "low": float(np.quantile(kept, 0.025)),
            "high": float(np.quantile(kept, 0.975)), "kept": len(kept)}
"""

BOOTSTRAP_ALT2 = """
def paired_bootstrap_auc(y_true, scores_a, scores_b, n_boot=1000, seed=0):
    \"\"\"Pairs counted with broadcasting; pandas Series turned into arrays by position first.\"\"\"
    y = pd.Series(y_true).to_numpy()
    a = pd.Series(scores_a).to_numpy(dtype=float)
    b = pd.Series(scores_b).to_numpy(dtype=float)

    def auc(s, labels):
        pos, neg = s[labels == 1], s[labels == 0]
        return ((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())

    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_boot):
        r = rng.integers(0, y.size, size=y.size)
        if 0 < y[r].sum() < y.size:
            out.append(auc(a[r], y[r]) - auc(b[r], y[r]))
    return {"kept": len(out), "low": np.percentile(out, 2.5), "high": np.percentile(out, 97.5),
            "diff": auc(a, y) - auc(b, y), "auc_a": auc(a, y), "auc_b": auc(b, y)}
"""

LATE = """
def late_columns(written, cutoff, target):
    start = pd.Timestamp(cutoff, tz="Asia/Seoul")
    shares = []
    for column in written.columns.drop(target):
        stamps = written[column].dropna()
        late = int((stamps >= start).sum())
        if late > 0:
            shares.append((column, late / len(stamps)))
    shares.sort(key=lambda item: (-item[1], item[0]))
    return pd.Series(dict(shares))
"""

LATE_ALT = """
def late_columns(written, cutoff, target):
    \"\"\"The whole frame at once: the cutoff converted to UTC, late cells over written cells per column.\"\"\"
    midnight = pd.Timestamp(cutoff).tz_localize("Asia/Seoul").tz_convert("UTC")
    log = written.drop(columns=[target])
    share = (log >= midnight).sum() / log.notna().sum()
    share = share[share > 0]
    frame = share.rename("share").rename_axis("column").reset_index()
    frame = frame.sort_values(["share", "column"], ascending=[False, True])
    return frame.set_index("column")["share"]
"""

LATE_ALT2 = """
import datetime as dt
from zoneinfo import ZoneInfo


def late_columns(written, cutoff, target):
    \"\"\"Python's datetime with zoneinfo; a plain loop over the cells.\"\"\"
    seoul = dt.datetime.fromisoformat(cutoff).replace(tzinfo=ZoneInfo("Asia/Seoul"))
    found = []
    for name in written.columns:
        if name == target:
            continue
        cells = [t for t in written[name] if not pd.isna(t)]
        late = sum(1 for t in cells if t.to_pydatetime() >= seoul)
        if late:
            found.append((name, late / len(cells)))
    found.sort(key=lambda item: (-item[1], item[0]))
    return pd.Series([share for _, share in found], index=[name for name, _ in found], dtype=float)
"""

INTERVALS = """
from scipy.stats import norm


def segment_intervals(table, column, confidence=0.95):
    z = norm.ppf((1 + confidence) / 2)
    out = table.groupby(column)["churned"].agg(customers="size", churn_rate="mean")
    n, p = out["customers"], out["churn_rate"]
    center = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    out["low"], out["high"] = center - half, center + half
    out = out.reset_index().sort_values(["low", column], ascending=[False, True])
    return out.set_index(column)
"""

INTERVALS_ALT = """
from statistics import NormalDist


def segment_intervals(table, column, confidence=0.95):
    \"\"\"A loop over the segments with Python's NormalDist; the interval written from its own form.\"\"\"
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    rows = []
    for label, group in table.groupby(column):
        n = len(group)
        k = int(group["churned"].sum())
        p = k / n
        denominator = 1 + z * z / n
        middle = (p + z * z / (2 * n)) / denominator
        spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
        rows.append({"segment": label, "customers": n, "churn_rate": p, "low": middle - spread,
                     "high": middle + spread})
    rows.sort(key=lambda r: (-r["low"], r["segment"]))
    return pd.DataFrame(rows).set_index("segment")
"""

INTERVALS_ALT2 = """
from scipy.stats import binomtest


def segment_intervals(table, column, confidence=0.95):
    \"\"\"scipy's own Wilson interval; labels sorted first, then a stable sort on low.\"\"\"
    out = {}
    for label, values in table.groupby(column)["churned"]:
        ci = binomtest(int(values.sum()), len(values)).proportion_ci(confidence_level=confidence, method="wilson")
        out[label] = {"customers": len(values), "churn_rate": values.mean(), "low": ci.low, "high": ci.high}
    frame = pd.DataFrame.from_dict(out, orient="index").sort_index()
    return frame.sort_values("low", ascending=False, kind="stable")
"""

MISSINGNESS = """
def missingness_report(table):
    rows = []
    for column in table.columns:
        missing = table[column].isna()
        if missing.any():
            when_missing = table.loc[missing, "churned"].mean()
            when_present = table.loc[~missing, "churned"].mean()
            rows.append({"column": column, "missing": missing.mean(), "churn_missing": when_missing,
                         "churn_present": when_present, "gap": when_missing - when_present})
    out = pd.DataFrame(rows, columns=["column", "missing", "churn_missing", "churn_present", "gap"])
    out["size"] = out["gap"].abs()
    out = out.sort_values(["size", "column"], ascending=[False, True])
    return out.drop(columns="size").set_index("column")
"""

MISSINGNESS_ALT = """
def missingness_report(table):
    \"\"\"The whole mask at once; names sorted first, then a stable sort with key=abs.\"\"\"
    mask = table.isna()
    cols = sorted(c for c in table.columns if mask[c].any())
    y = table["churned"]
    out = pd.DataFrame({
        "missing": [mask[c].mean() for c in cols],
        "churn_missing": [y[mask[c]].mean() for c in cols],
        "churn_present": [y[~mask[c]].mean() for c in cols],
    }, index=cols)
    out["gap"] = out["churn_missing"] - out["churn_present"]
    return out.sort_values("gap", key=lambda g: g.abs(), ascending=False, kind="stable")
"""

MISSINGNESS_ALT2 = """
def missingness_report(table):
    \"\"\"Counting by hand with sums; the rows sorted in Python.\"\"\"
    result = []
    total = len(table)
    for name in table.columns:
        gone = table[name].isna().to_numpy()
        k = int(gone.sum())
        if k == 0:
            continue
        churned = table["churned"].to_numpy()
        a = churned[gone].sum() / k
        b = churned[~gone].sum() / (total - k)
        result.append((name, k / total, a, b, a - b))
    result.sort(key=lambda r: (-abs(r[4]), r[0]))
    return pd.DataFrame(result, columns=["name", "missing", "churn_missing", "churn_present", "gap"]).set_index("name")
"""

_CLASSES_SWAPPED = ("with the classes swapped the rank formula gives 1 - AUC instead of AUC (the target is 0/1), and "
                    "the score max(AUC, 1 - AUC) is the same")
_NUMPY_INT = ("a numpy integer count computes the same n1 (n1 + 1) / 2 and n1 * n0 as a Python int: the counts are "
              "far from any overflow")

# ---------------------------------------------------------------- Part 3: a text model, word by word

WORDS = """
def word_contributions(model, vectorizer, review):
    counts = vectorizer.transform([review]).tocoo()
    names = vectorizer.get_feature_names_out()
    pairs = [(str(names[j]), float(model.coef_[0, j] * n)) for j, n in zip(counts.col, counts.data)]
    return sorted(pairs, key=lambda pair: (-abs(pair[1]), pair[0]))
"""

WORDS_ALT = """
from collections import Counter


def word_contributions(model, vectorizer, review):
    \"\"\"The analyzer's terms counted in plain Python, each known one looked up in vocabulary_.\"\"\"
    coef = model.coef_[0]
    counted = Counter(vectorizer.build_analyzer()(review))
    out = []
    for word, n in counted.items():
        if word in vectorizer.vocabulary_:
            out.append((word, coef[vectorizer.vocabulary_[word]] * n))
    out.sort(key=lambda p: p[0])                      # ties by the word: a stable sort by the word first,
    out.sort(key=lambda p: abs(p[1]), reverse=True)   # then by size (reverse keeps equal items in order)
    return out
"""

WORDS_ALT2 = """
def word_contributions(model, vectorizer, review):
    \"\"\"Dense arrays: every column's coefficient times its count, the nonzero counts kept, np.lexsort.\"\"\"
    row = vectorizer.transform([review]).toarray()[0]
    terms = np.asarray(vectorizer.get_feature_names_out())
    keep = np.flatnonzero(row)
    values = model.coef_[0][keep] * row[keep]
    order = np.lexsort((terms[keep], -np.abs(values)))
    return [(str(terms[keep][k]), float(values[k])) for k in order]
"""

WORDS_ALT3 = """
def word_contributions(model, vectorizer, review):
    \"\"\"pandas: the counts as a Series by term, multiplied by the coefficients, sorted on two keys.\"\"\"
    names = vectorizer.get_feature_names_out()
    counts = pd.Series(vectorizer.transform([review]).toarray()[0], index=names)
    counts = counts[counts > 0]
    table = pd.DataFrame({"word": counts.index,
                          "value": pd.Series(model.coef_[0], index=names)[counts.index].to_numpy() * counts.to_numpy()})
    table["size"] = table["value"].abs()
    table = table.sort_values(["size", "word"], ascending=[False, True])
    return list(zip(table["word"].tolist(), table["value"].tolist()))
"""


EXERCISES = {
    "q1_churn_by_segment": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        "hints": [
            "Give the missing values their label first, then group: `Series.where(cond, other)` or `fillna` "
            "replace the missing values of the column, and a `groupby` on that Series keeps every customer.",
            "`agg(customers=\"size\", churn_rate=\"mean\")` on the 0/1 column `churned` gives both columns in one "
            "step: the mean of a 0/1 column is a share. The lift's denominator is the mean of the whole column, "
            "computed once on the table.",
            "`sort_values` takes a list of columns and a list of directions (`ascending=[False, True]`); the "
            "labels must be a column for that, so `reset_index()` first and `set_index` after.",
        ],
        "alternatives": [SEGMENTS_ALT, SEGMENTS_ALT2],
        "wrong": [
            {"violates": "unknown",
             "code": _swap(SEGMENTS, '    segment = table[column].astype(object).where(table[column].notna(), "unknown").rename("segment")\n',
                           '    segment = table[column].rename("segment")\n')},
            {"violates": "customers", "code": _swap(SEGMENTS, 'customers="size"', 'customers="sum"')},
            {"violates": "churn-rate",
             "code": _swap(SEGMENTS, 'out = table.groupby(segment)["churned"].agg(customers="size", churn_rate="mean")\n',
                           'out = table.groupby(segment)["churned"].agg(customers="size", churn_rate="sum")\n'
                           '    out["churn_rate"] = out["churn_rate"] / table["churned"].sum()\n')},
            {"violates": "lift-overall",
             "code": _swap(SEGMENTS, 'out["lift"] = out["churn_rate"] / table["churned"].mean()',
                           'out["lift"] = out["churn_rate"] / out["churn_rate"].mean()')},
            {"violates": "sorted", "code": _swap(SEGMENTS, "ascending=[False, True]", "ascending=[True, True]")},
            {"violates": "ties", "code": _swap(SEGMENTS, "ascending=[False, True]", "ascending=[False, False]")},
        ],
        "equivalent": [],
    },
    "q2_leakage_suspects": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        "hints": [
            "Loop over the numeric columns (`select_dtypes`), skip the target, and for each one build a small "
            "frame of that column and the target with its missing rows dropped: `dropna()` on the two columns "
            "only, not on the whole table.",
            "The AUC from ranks: rank the column (`rank()` gives tied values their mean rank, which is what "
            "counts a tie as one half), add up the ranks of the target-1 rows, subtract n1(n1+1)/2 and divide by "
            "n1 * n0. Or call `sklearn.metrics.roc_auc_score(y, column)`.",
            "Fold each AUC with `max(auc, 1 - auc)`, keep the scores `>=` the threshold, and sort the Series with "
            "`sort_values(ascending=False)`.",
        ],
        "alternatives": [SUSPECTS_ALT, SUSPECTS_ALT2],
        "wrong": [
            {"violates": "numeric-only",
             "code": _swap(SUSPECTS, 'table.select_dtypes("number").columns.drop(target, errors="ignore")',
                           'table.columns.drop(target)')},
            {"violates": "not-target",
             "code": _swap(SUSPECTS, '.columns.drop(target, errors="ignore")', ".columns")},
            {"violates": "both-directions", "code": _swap(SUSPECTS, "scores[column] = max(auc, 1 - auc)",
                                                          "scores[column] = auc")},
            {"violates": "ties-half", "code": _swap(SUSPECTS, "ranks = rows[column].rank()",
                                                    'ranks = rows[column].rank(method="first")')},
            {"violates": "missing-per-column",
             "code": _swap(SUSPECTS, "rows = table[[column, target]].dropna()",
                           "rows = table[[column, target]].fillna(0)")},
            {"violates": "missing-per-column",
             "code": _swap(SUSPECTS, "    scores = {}\n", "    scores = {}\n    table = table.dropna()\n")},
            {"violates": "at-least", "code": _swap(SUSPECTS, "scores[scores >= threshold]", "scores[scores > threshold]")},
            {"violates": "series",
             "code": _swap(SUSPECTS, "return scores[scores >= threshold].sort_values(ascending=False)",
                           "return list(scores[scores >= threshold].sort_values(ascending=False).index)")},
            {"violates": "sorted", "code": _swap(SUSPECTS, "sort_values(ascending=False)", "sort_values()")},
        ],
        "equivalent": [
            {"diff": "- n1, n0 = int(positive.sum()), int((~positive).sum())\n+ n1, n0 = int(positive.sum()), round((~positive).sum())",
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
            {"diff": "- n1, n0 = int(positive.sum()), int((~positive).sum())\n+ n1, n0 = round(positive.sum()), int((~positive).sum())",
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
            {"diff": "- positive = rows[target] == 1\n+ positive = rows[target] != 1",
             "reason": _CLASSES_SWAPPED},
            {"diff": "- positive = rows[target] == 1\n+ positive = rows[target] == 0",
             "reason": _CLASSES_SWAPPED},
            {"diff": "- auc = (ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)\n"
                     "+ auc = (ranks[positive].sum() - n1 * (n1 + 1) // 2) / (n1 * n0)",
             "reason": "n1 * (n1 + 1) is always even: halving it exactly or by floor division gives the same "
                       "whole number"},
            {"diff": "- for column in table.select_dtypes(\"number\").columns.drop(target, errors=\"ignore\"):\n"
                     "+ for column in table.select_dtypes(\"number\").columns.drop(target):",
             "reason": "the target is a 0/1 column (the question says so), so it is always among the numeric "
                       "columns and dropping it never fails"},
            {"diff": "- scores = pd.Series(scores, dtype=\"float64\")\n+ scores = pd.Series(scores)",
             "reason": "scores of numbers make a float64 Series anyway; only an empty Series changes dtype (object), "
                       "and the question asks for an empty Series, whatever its dtype"},
            {"diff": "- n1, n0 = int(positive.sum()), int((~positive).sum())\n"
                     "+ n1, n0 = (positive.sum()), int((~positive).sum())", "reason": _NUMPY_INT},
            {"diff": "- n1, n0 = int(positive.sum()), int((~positive).sum())\n"
                     "+ n1, n0 = int(positive.sum()), ((~positive).sum())", "reason": _NUMPY_INT},
        ],
    },
    "q3_calibration_table": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        "hints": [
            "Turn both inputs into numpy arrays first (`np.asarray`): then they go together by position, whatever "
            "the index of a Series. The edges are `np.linspace(0, 1, n_bins + 1)`.",
            "Give each score its bin's number by comparing it with the edges: `pd.cut(..., edges, "
            "include_lowest=True, labels=False)`, or `np.searchsorted` on the inner edges `edges[1:-1]` (its "
            "`side` decides where a score equal to an edge goes).",
            "Group by the bin's number and aggregate: the size, the mean score and the mean outcome. A `groupby` "
            "on plain numbers only makes groups that exist, so empty bins never appear.",
        ],
        "alternatives": [CALIBRATION_ALT, CALIBRATION_ALT2],
        "wrong": [
            {"violates": "edges", "code": _swap(CALIBRATION, "np.linspace(0, 1, n_bins + 1)", "np.linspace(0, 1, n_bins)")},
            {"violates": "right-closed", "code": _swap(CALIBRATION, 'side="left"', 'side="right"')},
            {"violates": "zero-first", "code": CALIBRATION_ALT.replace(", include_lowest=True", "")},
            {"violates": "empty-left-out",
             "code": _swap(CALIBRATION, "    return out.sort_index()\n",
                           "    out = out.reindex(range(n_bins))\n    out[\"customers\"] = out[\"customers\"].fillna(0)\n"
                           "    return out\n")},
            {"violates": "index-bin",
             "code": _swap(CALIBRATION, "    return out.sort_index()\n",
                           "    out.index = edges[out.index]   # each bin by its left edge\n    return out.sort_index()\n")},
            {"violates": "columns",
             "code": _swap(CALIBRATION, 'mean_score=("score", "mean")', 'mean_score=("score", "median")')},
            {"violates": "default-10", "code": _swap(CALIBRATION, "n_bins=10):", "n_bins=5):")},
            {"violates": "by-position",
             "code": _swap(CALIBRATION, "    y = np.asarray(y_true, dtype=float)\n    p = np.asarray(scores, dtype=float)\n",
                           "    both = pd.DataFrame({\"y\": pd.Series(y_true), \"p\": pd.Series(scores)}).dropna()\n"
                           "    y, p = both[\"y\"].to_numpy(float), both[\"p\"].to_numpy(float)\n")},
        ],
        "equivalent": [
            {"diff": "- y = np.asarray(y_true, dtype=float)\n+ y = np.asarray(y_true)",
             "reason": "the mean of 0/1 integers is the same float as the mean of 0.0/1.0; the outcomes are only "
                       "averaged"},
            {"diff": "- p = np.asarray(scores, dtype=float)\n+ p = np.asarray(scores)",
             "reason": "the scores are numbers in [0, 1]: searchsorted and the means treat them alike as floats or "
                       "as numpy's own number type"},
            {"diff": "- bins = np.searchsorted(edges[1:-1], p, side=\"left\")\n"
                     "+ bins = np.searchsorted(edges[1:-1], p)",
             "reason": "side=\"left\" is searchsorted's default"},
        ],
    },
    "q4_permutation_importance": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`permutation_importance`",
            "forging": "the importances are compared with the judge's own, computed from the frames predict received; "
                       "forging those frames means making the shuffled copies, which is the exercise",
        },
        "hints": [
            "Compute the baseline once. Then two loops, columns outside and repeats inside. Make the generator "
            "`np.random.default_rng(seed)` once, before the loops, and draw every shuffle from it: made again in "
            "each repeat, it draws the same shuffle every time.",
            "`X.copy()` gives a frame you may change. Assigning a shuffled pandas Series to a column puts the "
            "values back in place (pandas aligns on the index): assign a numpy array, `X[column].to_numpy()[perm]`.",
            "The importance is `baseline - np.mean(shuffled_metrics)`: positive when shuffling hurts. "
            "`pd.Series(dict)` keeps the order in which the columns were added.",
        ],
        "alternatives": [IMPORTANCE_ALT, IMPORTANCE_ALT2, IMPORTANCE_ALT3, IMPORTANCE_ALT4],
        "wrong": [
            {"violates": "baseline-minus", "code": _swap(IMPORTANCE, "baseline - np.mean(scores)", "np.mean(scores) - baseline"),
             "shows": "wrong sign"},
            {"violates": "baseline-minus", "code": _swap(IMPORTANCE, "baseline - np.mean(scores)", "baseline - np.min(scores)")},
            {"violates": "one-column",      # shuffling all columns together: the rows of the whole frame
             "code": _swap(IMPORTANCE, "            shuffled = X.copy()\n            shuffled[column] = X[column].to_numpy()[rng.permutation(len(X))]\n",
                           "            shuffled = X.iloc[rng.permutation(len(X))].set_index(X.index)\n"),
             "shows": "columns changed"},
            {"violates": "permutation",     # a bootstrap draw: values with replacement
             "code": _swap(IMPORTANCE, "X[column].to_numpy()[rng.permutation(len(X))]",
                           "rng.choice(X[column].to_numpy(), size=len(X))"),
             "shows": "reordered"},
            {"violates": "by-position",
             "code": _swap(IMPORTANCE, "X[column].to_numpy()[rng.permutation(len(X))]", "X[column].iloc[rng.permutation(len(X))]"),
             "shows": "aligns on the index"},
            {"violates": "by-position",
             "code": _swap(IMPORTANCE, "X[column].to_numpy()[rng.permutation(len(X))]", "X[column].sample(frac=1, random_state=rng)")},
            {"violates": "n-repeats", "code": _swap(IMPORTANCE, "for _ in range(n_repeats):", "for _ in range(5):")},
            {"violates": "new-each-repeat",  # the generator made again in every repeat: the same shuffle each time
             "code": _swap(_swap(IMPORTANCE, "    rng = np.random.default_rng(seed)\n", ""),
                           "            shuffled = X.copy()\n",
                           "            rng = np.random.default_rng(seed)\n            shuffled = X.copy()\n"),
             "shows": "same shuffle"},
            {"violates": "new-each-repeat",  # one permutation per column, reused by every repeat
             "code": _swap(_swap(IMPORTANCE, "        scores = []\n", "        scores = []\n        perm = rng.permutation(len(X))\n"),
                           "X[column].to_numpy()[rng.permutation(len(X))]", "X[column].to_numpy()[perm]")},
            {"violates": "seed",             # np.random's global state: another result on every call
             "code": _swap(IMPORTANCE, "rng.permutation(len(X))", "np.random.permutation(len(X))"),
             "shows": "same seed"},
            {"violates": "seed", "code": _swap(IMPORTANCE, "np.random.default_rng(seed)", "np.random.default_rng(0)"),
             "shows": "two different seeds"},
            {"violates": "defaults", "code": _swap(IMPORTANCE, "n_repeats=5, seed=0):", "n_repeats=10, seed=0):")},
            {"violates": "defaults", "code": _swap(IMPORTANCE, "n_repeats=5, seed=0):", "n_repeats=5, seed=42):")},
            {"violates": "series",
             "code": _swap(IMPORTANCE, '    return pd.Series(out, dtype="float64")\n',
                           '    return pd.Series(out, dtype="float64").sort_values(ascending=False)\n')},
            {"violates": "x-unchanged", "code": _swap(IMPORTANCE, "shuffled = X.copy()", "shuffled = X"),
             "shows": "changed X"},
        ],
        "equivalent": [
            {"diff": "- return pd.Series(out, dtype=\"float64\")\n+ return pd.Series(out)",
             "reason": "X has at least one column and every importance is a number, so the Series is float64 "
                       "anyway"},
        ],
    },
    "q5_partial_dependence": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`partial_dependence`",
            "forging": "the curve is compared with the judge's own",
        },
        "hints": [
            "One loop over the grid. For each value: a copy of X (`X.copy()` or `X.assign(...)`), the column set "
            "to the value (assigning a single number fills every row), the predictions of all rows, their mean.",
            "Keep the grid as it is: build the Series with `index=list(grid)` (or from a dict filled in the "
            "grid's order) and do not sort it. Average the predictions, not the rows: `predict` of an average "
            "customer is another number.",
        ],
        "alternatives": [PARTIAL_ALT],
        "wrong": [
            {"violates": "mean-prediction",
             "code": _swap(PARTIAL, "        means.append(float(np.mean(predict(changed))))\n",
                           "        means.append(float(predict(changed.mean().to_frame().T)[0]))\n")},
            {"violates": "grid-order", "code": _swap(PARTIAL, "    for value in grid:\n", "    grid = sorted(grid)\n    for value in grid:\n")},
            {"violates": "x-unchanged", "code": _swap(PARTIAL, "changed = X.copy()", "changed = X")},
            {"violates": "series", "code": _swap(PARTIAL, '    return pd.Series(means, index=list(grid), dtype="float64")\n',
                                                 "    return means\n")},
        ],
        "equivalent": [
            {"diff": "- return pd.Series(means, index=list(grid), dtype=\"float64\")\n+ return pd.Series(means, index=tuple(grid), dtype=\"float64\")",
             "reason": "pandas builds the same index from a tuple of grid values as from a list"},
            {"diff": "- return pd.Series(means, index=list(grid), dtype=\"float64\")\n"
                     "+ return pd.Series(means, index=list(grid))",
             "reason": "the grid is not empty and every mean is a float, so the Series is float64 anyway"},
            {"diff": "- means.append(float(np.mean(predict(changed))))\n+ means.append((np.mean(predict(changed))))",
             "reason": "np.mean returns a numpy.float64, a subclass of float with the same value"},
        ],
    },
    "q6_shapley_values": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`shapley_values`",
            "forging": "the values are compared with the judge's own (every order of the columns), their sum and the twin columns' equality too",
        },
        "hints": [
            "Write v(S) first, as a small function inside yours: copy the background, set each column of the "
            "coalition to the customer's value (assigning one number fills the whole column), and average the "
            "predictions of all rows. v of the empty coalition is then the average score.",
            "For each column j, loop over the sizes 0 to n - 1 and, for each size, over the subsets of the other "
            "columns of that size (`itertools.combinations`). Each subset adds its weight times "
            "v(subset plus j) minus v(subset).",
            "The weight depends only on the subset's size: `math.factorial(size) * math.factorial(n - size - 1) "
            "/ math.factorial(n)`. Check your answer: the values should add up to v(every column) minus v(none).",
        ],
        "alternatives": [SHAPLEY_ALT, SHAPLEY_ALT2],
        "wrong": [
            {"violates": "coalition-value",
             "code": _swap(SHAPLEY, "        rows = background.copy()\n",
                           "        rows = background.mean().to_frame().T   # one average customer\n")},
            {"violates": "weights",
             "code": _swap(SHAPLEY, "weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)",
                           "weight = 1 / 2 ** (n - 1)")},
            {"violates": "every-subset", "code": _swap(SHAPLEY, "for size in range(n):", "for size in range(1, n):")},
            {"violates": "series", "code": _swap(SHAPLEY, '    return pd.Series(out, dtype="float64")\n',
                                                 "    return np.array(list(out.values()))\n")},
            {"violates": "background-unchanged", "code": _swap(SHAPLEY, "rows = background.copy()", "rows = background")},
        ],
        "equivalent": [
            {"diff": "- columns = list(background.columns)\n+ columns = tuple(background.columns)",
             "reason": "the column names are only iterated and counted: a tuple gives the same coalitions"},
            {"diff": "- return pd.Series(out, dtype=\"float64\")\n+ return pd.Series(out)",
             "reason": "background has at least one column and every Shapley value is a float, so the Series is "
                       "float64 anyway"},
            {"diff": "- values[key] = float(np.mean(predict(rows)))\n+ values[key] = (np.mean(predict(rows)))",
             "reason": "np.mean returns a numpy.float64, a subclass of float with the same value"},
        ],
    },
    "q7_local_surrogate": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`local_surrogate`",
            "forging": "the slopes are compared with the judge's own weighted least squares on the same draws",
        },
        "hints": [
            "Three steps: draw, build the samples, fit. The draws are one `standard_normal` call of shape "
            "(n_samples, number of features); the samples are x plus each column of draws times that feature's "
            "scale (`scale[x.index]` lines the scales up with x), as a DataFrame with x's features as its columns.",
            "The distance of a sample from x, in units of scale, is the length of its row of draws: "
            "`np.sqrt((draws**2).sum(axis=1))`. The weights come from it with the formula of the question.",
            "Fit the scores on the draws, not on the samples, with `sample_weight=` and the intercept left on "
            "(scikit-learn's default). The slopes are the fitted model's `coef_`.",
        ],
        "alternatives": [SURROGATE_ALT, SURROGATE_ALT2],
        "wrong": [
            {"violates": "draws", "code": _swap(SURROGATE, "draws = rng.standard_normal((n_samples, len(x)))",
                                                "draws = rng.standard_normal((len(x), n_samples)).T")},
            {"violates": "samples", "code": _swap(SURROGATE, "x.to_numpy(dtype=float) + draws * spread",
                                                  "x.to_numpy(dtype=float) + draws")},
            {"violates": "scale-by-name", "code": _swap(SURROGATE, "spread = scale[x.index].to_numpy(dtype=float)",
                                                        "spread = scale.to_numpy(dtype=float)")},
            {"violates": "predict-frame", "code": _swap(SURROGATE, "np.asarray(predict(samples))",
                                                        "np.asarray(predict(samples.to_numpy()))")},
            {"violates": "kernel", "code": _swap(SURROGATE, "weights = np.exp(-(distance**2) / kernel_width**2)",
                                                 "weights = np.exp(-distance / kernel_width**2)")},
            {"violates": "weighted", "code": _swap(SURROGATE, ", sample_weight=weights)", ")")},
            {"violates": "intercept", "code": _swap(SURROGATE, "LinearRegression()", "LinearRegression(fit_intercept=False)")},
            {"violates": "on-draws", "code": _swap(SURROGATE, "LinearRegression().fit(draws,", "LinearRegression().fit(samples,")},
            {"violates": "defaults", "code": _swap(SURROGATE, "kernel_width=2.0, seed=0):", "kernel_width=1.0, seed=0):")},
            {"violates": "inputs-unchanged",
             "code": _swap(SURROGATE, "    spread = scale[x.index].to_numpy(dtype=float)\n",
                           "    scale.sort_index(inplace=True)\n    spread = scale[x.index].to_numpy(dtype=float)\n")},
            {"violates": "series", "code": _swap(SURROGATE, "    return pd.Series(fit.coef_, index=x.index)\n",
                                                 "    return fit.coef_\n")},
        ],
        "equivalent": [
            {"diff": "- spread = scale[x.index].to_numpy(dtype=float)\n+ spread = scale[x.index].to_numpy()",
             "reason": "the draws are floats: draws * spread is a float array whatever the scales' number type"},
            {"diff": "- samples = pd.DataFrame(x.to_numpy(dtype=float) + draws * spread, columns=x.index)\n"
                     "+ samples = pd.DataFrame(x.to_numpy() + draws * spread, columns=x.index)",
             "reason": "draws * spread is a float array, so adding x's values gives floats whatever x's number type"},
            {"diff": "- distance = np.sqrt((draws**2).sum(axis=1))\n+ distance = np.sqrt((draws**2).sum(axis=-1))",
             "reason": "draws is two-dimensional: its last axis is axis 1"},
        ],
    },
    "q8_explain_customer": {
        "hints": [
            "Read the table and the chart above the question: the score, the average score, and each fact's "
            "push in points of probability (0.18 is 18 points). Translate each fact into the customer's life: "
            "\"their last order was ... days ago\".",
            "For the last sentence, ask what the numbers are about: the model or the customer? Would changing "
            "one fact about the customer really change what they do? What were the points measured against?",
        ],
    },
    "q9_plot_churn_by_tenure": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`plot_churn_by_tenure`",
            "forging": "the bar heights and the line are the rates the judge computes",
        },
        "hints": [
            "Give each customer a bucket first. `pd.cut` takes the edges as bins (add `np.inf` at the end for the "
            "open last bucket), `right=False` makes the buckets include their low edge, and `labels=` names them.",
            "Group the 0/1 column by the bucket and take the mean. A bucket column made by `pd.cut` is categorical: "
            "grouping by it keeps the buckets' own order, and `observed=True` leaves out the empty ones; grouping by "
            "text labels would sort them as text.",
            "Then `fig, ax = plt.subplots()`, one `ax.bar(labels, rates)`, `ax.axhline(...)` at the mean of the "
            "whole column, the two axis labels, and `return ax`.",
        ],
        "alternatives": [TENURE_CHART_ALT, TENURE_CHART_ALT2],
        "wrong": [
            {"violates": "low-included", "code": _swap(TENURE_CHART, "right=False", "right=True")},
            {"violates": "last-open",
             "code": _swap(_swap(TENURE_CHART, "bounds = list(edges) + [np.inf]", "bounds = list(edges)"),
                           ' + [f"{edges[-1]}+"]', "")},
            {"violates": "empty-left-out", "code": _swap(TENURE_CHART, "observed=True", "observed=False")},
            {"violates": "heights", "code": _swap(TENURE_CHART, "groupby(bucket, observed=True).mean()",
                                                  "groupby(bucket, observed=True).sum()")},
            {"violates": "tenure-order", "code": _swap(TENURE_CHART, "right=False, labels=labels)",
                                                       "right=False, labels=labels).astype(str)")},
            {"violates": "labels", "code": _swap(TENURE_CHART, 'f"{low}-{high - 1}"', 'f"{low}-{high}"')},
            {"violates": "overall-line", "code": _swap(TENURE_CHART, 'ax.axhline(table["churned"].mean()',
                                                       "ax.axhline(rates.mean()")},
            {"violates": "axis-labels", "code": _swap(TENURE_CHART, 'ax.set_ylabel("churn rate")', 'ax.set_ylabel("churn")')},
            {"violates": "returns-axes", "code": _swap(TENURE_CHART, "    return ax\n", "    return fig\n")},
        ],
        "equivalent": [
            {"diff": "- rates = table[\"churned\"].groupby(bucket, observed=True).mean()\n"
                     "+ rates = table[\"churned\"].groupby(bucket).mean()",
             "reason": "observed=True is pandas 3's default (pandas 2 warned and defaulted to False); the course pins "
                       "pandas 3"},
            {"diff": "- ax.axhline(table[\"churned\"].mean(), color=\"black\")\n"
                     "+ ax.axhline(table[\"churned\"].mean())",
             "reason": "the line's colour is not part of the question"},
        ],
    },
    "q10_calibration_report": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        "hints": [
            "Turn both inputs into float arrays (`np.asarray`): they then go together by position. The Brier score "
            "is one line of numpy on the two arrays.",
            "Give each score its bin's number as in Question 3 (`np.searchsorted` on the inner edges, or `pd.cut` "
            "with `include_lowest=True`), then loop over the bin numbers that occur.",
            "For each bin: its gap (the absolute difference of two means) and its share of all customers. The ECE "
            "is the sum of share times gap; the MCE the largest gap.",
        ],
        "alternatives": [REPORT_ALT, REPORT_ALT2],
        "wrong": [
            {"violates": "brier", "code": _swap(REPORT, '"brier": float(np.mean((p - y) ** 2))',
                                                '"brier": float(np.sqrt(np.mean((p - y) ** 2)))')},
            {"violates": "bins", "code": _swap(REPORT, 'side="left"', 'side="right"')},
            {"violates": "weighted", "code": _swap(REPORT, '"ece": float(np.dot(shares, gaps))',
                                                   '"ece": float(np.mean(gaps))')},
            {"violates": "absolute-gap", "code": _swap(REPORT, "gaps.append(abs(p[inside].mean() - y[inside].mean()))",
                                                       "gaps.append(p[inside].mean() - y[inside].mean())")},
            {"violates": "mce-max", "code": _swap(REPORT, '"mce": float(max(gaps))',
                                                  '"mce": float(max(s * g for s, g in zip(shares, gaps)))')},
            {"violates": "by-position",
             "code": _swap(REPORT, "    y = np.asarray(y_true, dtype=float)\n    p = np.asarray(scores, dtype=float)\n",
                           "    both = pd.DataFrame({\"y\": pd.Series(y_true), \"p\": pd.Series(scores)}).dropna()\n"
                           "    y, p = both[\"y\"].to_numpy(float), both[\"p\"].to_numpy(float)\n")},
            {"violates": "default-10", "code": _swap(REPORT, "n_bins=10):", "n_bins=15):")},
            # the reliability table of Question 3, called: each question is graded on its own
            {"violates": "self-contained", "code": """
def calibration_report(y_true, scores, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(scores, dtype=float)
    table = calibration_table(y, p, n_bins)          # my Question 3's reliability table
    gaps = (table["mean_score"] - table["churn_rate"]).abs()
    shares = table["customers"] / len(p)
    return {"brier": float(np.mean((p - y) ** 2)), "ece": float((shares * gaps).sum()), "mce": float(gaps.max())}
"""},
            {"violates": "dict", "code": _swap(REPORT, '    return {"brier": float(np.mean((p - y) ** 2)), "ece": float(np.dot(shares, gaps)), "mce": float(max(gaps))}\n',
                                               "    return float(np.mean((p - y) ** 2)), float(np.dot(shares, gaps)), float(max(gaps))\n")},
        ],
        "equivalent": [
            {"diff": "- y = np.asarray(y_true, dtype=float)\n+ y = np.asarray(y_true)",
             "reason": "the outcomes are only averaged and subtracted from float scores: 0/1 integers give the same "
                       "floats"},
            {"diff": "- p = np.asarray(scores, dtype=float)\n+ p = np.asarray(scores)",
             "reason": "the scores are numbers in [0, 1]: searchsorted and the means treat them alike as floats or "
                       "as numpy's own number type"},
            {"diff": "- bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p, side=\"left\")\n"
                     "+ bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p)",
             "reason": "side=\"left\" is searchsorted's default"},
            {"diff": "- return {\"brier\": float(np.mean((p - y) ** 2)), \"ece\": float(np.dot(shares, gaps)), \"mce\": float(max(gaps))}\n"
                     "+ return {\"brier\": (np.mean((p - y) ** 2)), \"ece\": float(np.dot(shares, gaps)), \"mce\": float(max(gaps))}",
             "reason": "np.mean returns a numpy.float64, a subclass of float with the same value"},
            {"diff": "- return {\"brier\": float(np.mean((p - y) ** 2)), \"ece\": float(np.dot(shares, gaps)), \"mce\": float(max(gaps))}\n"
                     "+ return {\"brier\": float(np.mean((p - y) ** 2)), \"ece\": (np.dot(shares, gaps)), \"mce\": float(max(gaps))}",
             "reason": "np.dot of two lists of floats returns a numpy.float64, a subclass of float with the same value"},
            {"diff": "- return {\"brier\": float(np.mean((p - y) ** 2)), \"ece\": float(np.dot(shares, gaps)), \"mce\": float(max(gaps))}\n"
                     "+ return {\"brier\": float(np.mean((p - y) ** 2)), \"ece\": float(np.dot(shares, gaps)), \"mce\": (max(gaps))}",
             "reason": "each gap is a numpy.float64, a subclass of float with the same value"},
        ],
    },
    "q17_recalibrate": {
        "domain": {'inputs': 'forests that weigh churners 4 or 5 times, fitted on customers of the visible seed and '
                   'of hidden seeds (the features in a shuffled order); calibration rows (two sets for the same model) '
                   'and test rows, the lowest and highest scores among the test rows only'},
        "hints": [
            "The map learns from two arrays of the calibration rows: the model's churn probability of each row of "
            "`X_cal` (`model.predict_proba(X_cal)[:, 1]`) and `y_cal`. `IsotonicRegression(out_of_bounds=\"clip\")` "
            "fits it with `.fit(scores, outcomes)`.",
            "Define the function inside `recalibrate`, after the fit: it can use the fitted map and `model`. It scores "
            "its own `X` with the model and gives those scores to the map's `predict`. Return the function itself, "
            "without calling it.",
            "Use only the arguments: `X_cal` and `y_cal` for the fit, never `train`, `valid` or the rows you test on. "
            "A NaN for the lowest or the highest scores means that `out_of_bounds` was left at its default.",
        ],
        "alternatives": [RECAL_ALT, RECAL_ALT2],
        "wrong": [
            # recalibrated on the training rows: the forest's scores there are surer than anywhere else
            {"violates": "cal-rows",
             "code": _swap(RECAL, "iso.fit(model.predict_proba(X_cal)[:, 1], np.asarray(y_cal, dtype=float))",
                           "iso.fit(model.predict_proba(train[features].fillna(fill))[:, 1], "
                           "train[\"churned\"].to_numpy(dtype=float))")},
            # fitted on the whole validation month, the rows it is tested on included: leakage
            {"violates": "cal-rows",
             "code": _swap(RECAL, "iso.fit(model.predict_proba(X_cal)[:, 1], np.asarray(y_cal, dtype=float))",
                           "iso.fit(model.predict_proba(valid[features].fillna(fill))[:, 1], "
                           "valid[\"churned\"].to_numpy(dtype=float))")},
            # the uncalibrated scores, returned as they are
            {"violates": "ece-lower", "code": _swap(RECAL, "        return iso.predict(model.predict_proba(X)[:, 1])\n",
                                                    "        return model.predict_proba(X)[:, 1]\n")},
            # histogram binning: each bin's churn rate, not monotone
            {"violates": "isotonic", "code": """
def recalibrate(model, X_cal, y_cal):
    inner = np.linspace(0, 1, 11)[1:-1]
    bins = np.searchsorted(inner, model.predict_proba(X_cal)[:, 1])
    y = np.asarray(y_cal, dtype=float)
    rates = {int(k): float(y[bins == k].mean()) for k in np.unique(bins)}

    def calibrated(X):
        found = np.searchsorted(inner, model.predict_proba(X)[:, 1])
        return np.array([rates.get(int(k), (k + 0.5) / 10) for k in found])

    return calibrated
"""},
            # Platt scaling: a fair method, not the one asked
            {"violates": "isotonic", "code": """
from sklearn.linear_model import LogisticRegression


def recalibrate(model, X_cal, y_cal):
    def logit(X):
        p = np.clip(model.predict_proba(X)[:, 1], 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p)).reshape(-1, 1)

    platt = LogisticRegression().fit(logit(X_cal), np.asarray(y_cal))
    return lambda X: platt.predict_proba(logit(X))[:, 1]
"""},
            {"violates": "isotonic", "code": _swap(RECAL, 'IsotonicRegression(out_of_bounds="clip")',
                                                   'IsotonicRegression(increasing=False, out_of_bounds="clip")')},
            {"violates": "model-score", "code": _swap(_swap(RECAL, "model.predict_proba(X_cal)[:, 1]",
                                                            "model.predict_proba(X_cal)[:, 0]"),
                                                      "model.predict_proba(X)[:, 1]", "model.predict_proba(X)[:, 0]")},
            {"violates": "model-score", "code": _swap(_swap(RECAL, "model.predict_proba(X_cal)[:, 1]",
                                                            "model.predict(X_cal)"),
                                                      "model.predict_proba(X)[:, 1]", "model.predict(X)")},
            # the fitted map's own predict: a function of scores, not of rows
            {"violates": "function", "code": _swap(RECAL, "    return calibrated\n", "    return iso.predict\n")},
            {"violates": "function", "code": _swap(RECAL, "        return iso.predict(model.predict_proba(X)[:, 1])\n",
                                                   "        p = iso.predict(model.predict_proba(X)[:, 1])\n"
                                                   "        return np.column_stack([1 - p, p])\n")},
            # a step function: the value of the fitted score below, no interpolation
            {"violates": "interpolate",
             "code": _swap(RECAL, "        return iso.predict(model.predict_proba(X)[:, 1])\n",
                           "        k = np.searchsorted(iso.X_thresholds_, model.predict_proba(X)[:, 1], side=\"right\") - 1\n"
                           "        return iso.y_thresholds_[np.clip(k, 0, len(iso.y_thresholds_) - 1)]\n")},
            {"violates": "clip", "code": _swap(RECAL, 'IsotonicRegression(out_of_bounds="clip")', "IsotonicRegression()")},
            # the scores kept as a column of the caller's frame
            {"violates": "cal-unchanged",
             "code": _swap(RECAL, "    iso.fit(model.predict_proba(X_cal)[:, 1], np.asarray(y_cal, dtype=float))\n",
                           "    X_cal[\"score\"] = model.predict_proba(X_cal)[:, 1]\n"
                           "    iso.fit(X_cal[\"score\"], np.asarray(y_cal, dtype=float))\n"),
             "shows": "recalibrate changed X_cal"},
        ],
        "equivalent": [
            {"diff": "- iso.fit(model.predict_proba(X_cal)[:, 1], np.asarray(y_cal, dtype=float))\n"
                     "+ iso.fit(model.predict_proba(X_cal)[:, 1], np.asarray(y_cal))",
             "reason": "IsotonicRegression.fit turns y into float64 itself: 0/1 integers give the same map"},
        ],
    },
    "q11_paired_bootstrap_auc": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        "hints": [
            "Start with an AUC function of your own, fast and with ties counting one half: from average ranks "
            "(`scipy.stats.rankdata`), as in Question 2's solution, or `sklearn.metrics.roc_auc_score` if time is "
            "not a concern. Turn the inputs into numpy arrays first, so that they go together by position.",
            "Make the generator once, before the loop. In the loop: draw the rows, check that both classes are "
            "among them (`continue` if not: that resample is simply not used), and index the outcomes and both "
            "models' scores with the same rows.",
            "Collect the differences in a list; `np.percentile(differences, [2.5, 97.5])` gives both ends, and the "
            "list's length is `kept`. The observed difference is computed once on all the rows.",
        ],
        "alternatives": [BOOTSTRAP_ALT2, BOOTSTRAP_ALT],
        "wrong": [
            {"violates": "observed", "code": _swap(BOOTSTRAP, '"diff": auc_a - auc_b', '"diff": np.mean(diffs)')},
            {"violates": "ties-half", "code": _swap(BOOTSTRAP, "ranks = rankdata(s)", 'ranks = rankdata(s, method="ordinal")')},
            {"violates": "one-generator",
             "code": _swap(_swap(BOOTSTRAP, "    rng = np.random.default_rng(seed)\n", ""),
                           "    for _ in range(n_boot):\n", "    for _ in range(n_boot):\n        rng = np.random.default_rng(seed)\n")},
            {"violates": "paired",
             "code": _swap(BOOTSTRAP, "diffs.append(auc(y[rows], a[rows]) - auc(y[rows], b[rows]))",
                           "other = rng.integers(0, len(y), size=len(y))\n"
                           "        if y[other].min() == y[other].max():\n"
                           "            continue\n"
                           "        diffs.append(auc(y[rows], a[rows]) - auc(y[other], b[other]))")},
            {"violates": "one-class-skipped",
             "code": _swap(BOOTSTRAP, "        if y[rows].min() == y[rows].max():\n            continue\n",
                           "        while y[rows].min() == y[rows].max():   # draw again until both classes are in\n"
                           "            rows = rng.integers(0, len(y), size=len(y))\n")},
            {"violates": "percentiles", "code": _swap(BOOTSTRAP, "np.percentile(diffs, [2.5, 97.5])",
                                                      "np.percentile(diffs, [5, 95])")},
            {"violates": "kept", "code": _swap(BOOTSTRAP, '"kept": len(diffs)}', '"kept": n_boot}')},
            {"violates": "by-position",
             "code": _swap(BOOTSTRAP, "    y = np.asarray(y_true, dtype=int)\n    a = np.asarray(scores_a, dtype=float)\n"
                                      "    b = np.asarray(scores_b, dtype=float)\n",
                           "    both = pd.DataFrame({\"y\": pd.Series(y_true), \"a\": pd.Series(scores_a), "
                           "\"b\": pd.Series(scores_b)}).dropna()\n"
                           "    y = both[\"y\"].to_numpy(int)\n    a = both[\"a\"].to_numpy(float)\n"
                           "    b = both[\"b\"].to_numpy(float)\n")},
            {"violates": "defaults", "code": _swap(BOOTSTRAP, "n_boot=1000, seed=0):", "n_boot=2000, seed=0):")},
            {"violates": "dict",
             "code": _swap(BOOTSTRAP, '    return {"auc_a": auc_a, "auc_b": auc_b, "diff": auc_a - auc_b, "low": low, "high": high, "kept": len(diffs)}\n',
                           "    return auc_a - auc_b, (low, high), len(diffs)\n")},
        ],
        "equivalent": [
            {"diff": "- return (ranks[labels == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)\n"
                     "+ return (ranks[labels == 1].sum() - n1 * (n1 + 1) // 2) / (n1 * n0)",
             "reason": "n1 * (n1 + 1) is always even: halving it exactly or by floor division gives the same "
                       "whole number"},
            {"diff": "- y = np.asarray(y_true, dtype=int)\n+ y = np.asarray(y_true)",
             "reason": "the outcomes are 0/1 numbers: compared with 1, summed and checked for both classes the same "
                       "way as integers or as they come"},
            {"diff": "- a = np.asarray(scores_a, dtype=float)\n+ a = np.asarray(scores_a)",
             "reason": "the scores are only ranked: rankdata ranks numbers the same whatever their number type"},
            {"diff": "- b = np.asarray(scores_b, dtype=float)\n+ b = np.asarray(scores_b)",
             "reason": "the scores are only ranked: rankdata ranks numbers the same whatever their number type"},
        ],
    },
    "q12_late_columns": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        "hints": [
            "Make the cutoff an instant first: `pd.Timestamp(cutoff, tz=\"Asia/Seoul\")` is midnight in Seoul, and "
            "comparing it with the UTC timestamps compares the same moments in time.",
            "For each column but the target: drop the missing timestamps, compare the rest with the cutoff "
            "(`>=`: written at the cutoff is already too late), and take the mean of the comparison: the share.",
            "Keep the columns with at least one late value, as (name, share) pairs, and sort them once on two "
            "keys: the share, highest first, then the name (`key=lambda pair: (-pair[1], pair[0])`).",
        ],
        "alternatives": [LATE_ALT, LATE_ALT2],
        "wrong": [
            {"violates": "seoul-midnight", "code": _swap(LATE, 'pd.Timestamp(cutoff, tz="Asia/Seoul")',
                                                         'pd.Timestamp(cutoff, tz="UTC")')},
            {"violates": "at-or-after", "code": _swap(LATE, "(stamps >= start)", "(stamps > start)")},
            {"violates": "written-only", "code": _swap(LATE, "stamps = written[column].dropna()", "stamps = written[column]")},
            {"violates": "not-target", "code": _swap(LATE, "written.columns.drop(target)", "written.columns")},
            {"violates": "only-late", "code": _swap(LATE, "        if late > 0:\n            shares.append(",
                                                    "        if len(stamps) > 0:\n            shares.append(")},
            {"violates": "sorted", "code": _swap(LATE, "key=lambda item: (-item[1], item[0])",
                                                 "key=lambda item: (item[1], item[0])")},
            {"violates": "ties", "code": _swap(LATE, "key=lambda item: (-item[1], item[0])", "key=lambda item: -item[1]")},
            {"violates": "series", "code": _swap(LATE, "    return pd.Series(dict(shares))\n", "    return dict(shares)\n")},
        ],
        "equivalent": [
            {"diff": "- late = int((stamps >= start).sum())\n+ late = round((stamps >= start).sum())",
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
            {"diff": "- late = int((stamps >= start).sum())\n+ late = ((stamps >= start).sum())",
             "reason": "a numpy integer count compares with 0 and divides by the count of written values exactly "
                       "as a Python int does"},
        ],
    },
    "q13_segment_intervals": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        "hints": [
            "Start as in Question 1: one `groupby` on the column with `agg(customers=\"size\", churn_rate=\"mean\")` "
            "gives n and the rate per segment (no missing labels here).",
            "The interval works column by column on the whole frame: n and p are Series, and `np.sqrt` and the "
            "arithmetic of the formula apply to every segment at once. z comes from the confidence with "
            "`norm.ppf`: do not write 1.96 yourself.",
            "Sort on two keys with two directions (`low` highest first, the label ascending): the labels must be "
            "a column for that, so `reset_index()` first and `set_index(column)` after.",
        ],
        "alternatives": [INTERVALS_ALT, INTERVALS_ALT2],
        "wrong": [
            {"violates": "counts", "code": _swap(INTERVALS, 'customers="size"', 'customers="sum"')},
            {"violates": "wilson",
             "code": _swap(_swap(INTERVALS, "    center = (p + z**2 / (2 * n)) / (1 + z**2 / n)\n", "    center = p\n"),
                           "    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))\n",
                           "    half = z * np.sqrt(p * (1 - p) / n)   # the normal (Wald) interval\n")},
            {"violates": "z-from-confidence", "code": _swap(INTERVALS, "z = norm.ppf((1 + confidence) / 2)", "z = 1.96")},
            {"violates": "default-95", "code": _swap(INTERVALS, "confidence=0.95):", "confidence=0.9):")},
            {"violates": "sorted-by-low", "code": _swap(INTERVALS, 'sort_values(["low", column]', 'sort_values(["churn_rate", column]')},
            {"violates": "ties", "code": _swap(INTERVALS, "ascending=[False, True]", "ascending=[False, False]")},
            {"violates": "index-labels", "code": _swap(INTERVALS, "    return out.set_index(column)\n", "    return out\n")},
        ],
        "equivalent": [],
    },
    "q14_missingness_report": {
        "domain": {'inputs': 'the churn table of the visible seed and of hidden seeds, with the boundaries the '
                   'question names'},
        "hints": [
            "Loop over the columns with `isna()`: a column whose mask has no True is skipped. The mean of the mask "
            "is the share of missing values.",
            "Index the `churned` column with the mask for the missing rows and with its negation (`~mask`) for "
            "the others; the mean of each is a churn rate.",
            "Put the rows in a DataFrame, add the absolute gap as a helper column, sort on it and on the name "
            "(two directions), then drop the helper and set the index.",
        ],
        "alternatives": [MISSINGNESS_ALT, MISSINGNESS_ALT2],
        "wrong": [
            {"violates": "only-missing", "code": _swap(MISSINGNESS, "        if missing.any():\n", "        if True:\n")},
            {"violates": "missing-share", "code": _swap(MISSINGNESS, '"missing": missing.mean()', '"missing": missing.sum()')},
            {"violates": "churn-rates", "code": _swap(MISSINGNESS, 'when_present = table.loc[~missing, "churned"].mean()',
                                                      'when_present = table["churned"].mean()')},
            {"violates": "gap-sign", "code": _swap(MISSINGNESS, '"gap": when_missing - when_present',
                                                   '"gap": when_present - when_missing')},
            {"violates": "sorted-abs", "code": _swap(MISSINGNESS, 'out["size"] = out["gap"].abs()', 'out["size"] = out["gap"]')},
            {"violates": "ties", "code": _swap(MISSINGNESS, "ascending=[False, True]", "ascending=[False, False]")},
        ],
        "equivalent": [
            {"diff": "- out = pd.DataFrame(rows, columns=[\"column\", \"missing\", \"churn_missing\", \"churn_present\", \"gap\"])\n"
                     "+ out = pd.DataFrame(rows)",
             "reason": "the rows are dicts with exactly these keys in this order; the list only matters for a table "
                       "with no missing value at all, which the question's tables always have (it says every row of "
                       "the result is a column with a missing value, not what an empty result looks like)"},
        ],
    },
    "q15_word_contributions": {
        "domain": {'inputs': 'models and vectorizers the test builds (the token pattern [가-힣]+, single words or word '
                   'pairs, columns in any order), and reviews of the visible and hidden seeds with unknown words, '
                   'repeated words, negation, punctuation, a tie of two contributions, and no known word'},
        "hints": [
            "Let the vectorizer read the review: `vectorizer.transform([review])` is a one-row matrix of counts, "
            "with no column for a word it does not know. The words of its columns are "
            "`vectorizer.get_feature_names_out()`, and `model.coef_[0]` holds one coefficient per column.",
            "A word's contribution is coefficient times count, and only the nonzero counts matter: "
            "`.tocoo()` gives the columns (`.col`) and counts (`.data`) of a sparse row, or `.toarray()[0]` the "
            "whole row. Check yourself: the sum of your contributions plus `model.intercept_[0]` should equal "
            "`model.decision_function(vectorizer.transform([review]))[0]`.",
            "Sort with a key of two parts, `key=lambda pair: (-abs(pair[1]), pair[0])`: the size first, largest "
            "first, then the word for a tie. `reverse=True` would reverse the words' order too.",
        ],
        "alternatives": [WORDS_ALT, WORDS_ALT2, WORDS_ALT3],
        "wrong": [
            {"violates": "list-of-pairs",
             "code": _swap(WORDS, "    return sorted(pairs, key=lambda pair: (-abs(pair[1]), pair[0]))",
                           "    return dict(sorted(pairs, key=lambda pair: (-abs(pair[1]), pair[0])))")},
            {"violates": "vectorizer-words", "code": """
import re


def word_contributions(model, vectorizer, review):
    words = re.findall(r"[가-힣]+", review)
    coef = model.coef_[0]
    pairs = {}
    for word in words:
        if word in vectorizer.vocabulary_:
            pairs[word] = pairs.get(word, 0.0) + float(coef[vectorizer.vocabulary_[word]])
    return sorted(pairs.items(), key=lambda pair: (-abs(pair[1]), pair[0]))
"""},
            {"violates": "times-count", "code": _swap(WORDS, "float(model.coef_[0, j] * n)", "float(model.coef_[0, j])")},
            {"violates": "log-odds", "code": _swap(
                WORDS, "float(model.coef_[0, j] * n)",
                "float(1 / (1 + np.exp(-(model.intercept_[0] + model.coef_[0, j] * n))) "
                "- 1 / (1 + np.exp(-model.intercept_[0])))")},
            {"violates": "known-only", "code": """
from collections import Counter


def word_contributions(model, vectorizer, review):
    coef = model.coef_[0]
    pairs = []
    for word, n in Counter(vectorizer.build_analyzer()(review)).items():
        column = vectorizer.vocabulary_.get(word)
        pairs.append((word, float(coef[column] * n) if column is not None else 0.0))
    return sorted(pairs, key=lambda pair: (-abs(pair[1]), pair[0]))
"""},
            {"violates": "one-pair-per-word", "code": """
def word_contributions(model, vectorizer, review):
    coef = model.coef_[0]
    pairs = [(word, float(coef[vectorizer.vocabulary_[word]])) for word in vectorizer.build_analyzer()(review)
             if word in vectorizer.vocabulary_]
    return sorted(pairs, key=lambda pair: (-abs(pair[1]), pair[0]))
"""},
            {"violates": "sorted-abs", "code": _swap(WORDS, "(-abs(pair[1]), pair[0])", "(-pair[1], pair[0])")},
            {"violates": "ties", "code": _swap(WORDS, "key=lambda pair: (-abs(pair[1]), pair[0]))",
                                               "key=lambda pair: (abs(pair[1]), pair[0]), reverse=True)")},
            {"violates": "ties", "code": _swap(WORDS, "key=lambda pair: (-abs(pair[1]), pair[0]))",
                                               "key=lambda pair: -abs(pair[1]))")},
            # split on spaces: punctuation stays on a word, and word pairs are never found
            """
def word_contributions(model, vectorizer, review):
    coef = model.coef_[0]
    pairs = {}
    for word in review.split():
        if word in vectorizer.vocabulary_:
            pairs[word] = pairs.get(word, 0.0) + float(coef[vectorizer.vocabulary_[word]])
    return sorted(pairs.items(), key=lambda pair: (-abs(pair[1]), pair[0]))
""",
            # hard-coded: the visible test's answers
            """
def word_contributions(model, vectorizer, review):
    if review.startswith("정말 좋아요"):
        return [("안", -2.0), ("빨라요", 1.5), ("정말", 1.0), ("좋아요", 1.0), ("배송이", 0.25)]
    return []
""",
        ],
        "equivalent": [
            {"diff": "- pairs = [(str(names[j]), float(model.coef_[0, j] * n)) for j, n in zip(counts.col, counts.data)]\n"
                     "+ pairs = [(str(names[j]), float(model.coef_[ -1, j] * n)) for j, n in zip(counts.col, counts.data)]",
             "reason": "a binary LogisticRegression's coef_ has one row: row -1 is row 0"},
            {"diff": "- pairs = [(str(names[j]), float(model.coef_[0, j] * n)) for j, n in zip(counts.col, counts.data)]\n"
                     "+ pairs = [(str(names[j]), (model.coef_[0, j] * n)) for j, n in zip(counts.col, counts.data)]",
             "reason": "the question asks for a number: numpy's float64 is one, with the same value"},
        ],
    },
    "q16_importance_gap": {
        "domain": {'inputs': 'customers of the visible seed and of hidden seeds with some of the model features in a '
                   'shuffled order and a customer number among them, split in two; random forests of other sizes and '
                   'seeds; n_repeats and seed given or left to their defaults; importance tables in any row order '
                   'with distinct mdi, a test importance equal to the threshold, a suspect just outside the top, a '
                   'train column that disagrees with test, and top larger than the number of features'},
        "hints": [
            "`importance_gap` needs no loop over the features: `model.feature_importances_` is already one number "
            "per column of `X_train`, and scikit-learn's `permutation_importance(...)` returns an object whose "
            "`importances_mean` is one number per column too. Call it twice, once per split, with the same settings.",
            "Check which rows each call gets: the `train` column is about the rows the forest was fitted on, the "
            "`test` column about the held-out rows. Build the DataFrame with `index=X_train.columns`, then "
            "`sort_values(\"mdi\", ascending=False)`.",
            "In `suspicious_features`, sort the rows by `mdi` yourself before taking the first `top` (`head(top)` "
            "of an unsorted frame takes the wrong rows; `nlargest(top, \"mdi\")` sorts and cuts at once), then keep "
            "the rows whose `test` is `<= threshold`. Return `list(...)` of their index.",
        ],
        "alternatives": [GAP_ALT, GAP_ALT2],
        "wrong": [
            {"violates": "mdi-given-model",
             "code": _swap(GAP, '"mdi": model.feature_importances_',
                           '"mdi": type(model)(random_state=0).fit(X_train, y_train).feature_importances_')},
            {"violates": "train-split", "code": _swap(GAP, '"train": permuted(X_train, y_train)',
                                                      '"train": permuted(X_test, y_test)')},
            {"violates": "test-split", "code": _swap(GAP, '"test": permuted(X_test, y_test)',
                                                     '"test": permuted(X_train, y_train)')},
            {"violates": "roc-auc", "code": _swap(GAP, 'scoring="roc_auc", ', '')},
            {"violates": "repeats-seed", "code": _swap(GAP, "random_state=seed)", "random_state=0)")},
            {"violates": "repeats-seed", "code": _swap(GAP, "n_repeats=n_repeats,", "n_repeats=3,")},
            {"violates": "defaults", "code": _swap(GAP, "n_repeats=3, seed=0):", "n_repeats=5, seed=0):")},
            {"violates": "frame", "code": _swap(GAP, '"test": permuted(X_test, y_test)}, index=X_train.columns)',
                                                '"test": permuted(X_test, y_test)}, index=X_train.columns)'
                                                '[["test", "train", "mdi"]]')},
            {"violates": "sorted-mdi", "code": _swap(GAP, '    return gap.sort_values("mdi", ascending=False)\n',
                                                     '    return gap\n')},
            {"violates": "top-exactly", "code": _swap(GAP, ".head(top)", ".head(top + 1)")},
            {"violates": "top-exactly", "code": _swap(GAP, ".head(top)", ".head(top - 1)")},
            {"violates": "fewer-than-top",
             "code": _swap(GAP, '    ranked = gap.sort_values("mdi", ascending=False).head(top)\n',
                           '    cut = gap["mdi"].sort_values(ascending=False).iloc[top - 1]\n'
                           '    ranked = gap[gap["mdi"] >= cut].sort_values("mdi", ascending=False)\n')},
            {"violates": "any-order", "code": _swap(GAP, 'ranked = gap.sort_values("mdi", ascending=False).head(top)',
                                                    'ranked = gap.head(top)')},
            {"violates": "at-most", "code": _swap(GAP, 'ranked["test"] <= threshold', 'ranked["test"] < threshold')},
            {"violates": "test-column", "code": _swap(GAP, 'ranked["test"] <= threshold', 'ranked["train"] <= threshold')},
            {"violates": "decreasing-mdi",
             "code": _swap(GAP, '    return [str(name) for name in ranked.index[ranked["test"] <= threshold]]\n',
                           '    return sorted(str(name) for name in ranked.index[ranked["test"] <= threshold])\n')},
            {"violates": "list-of-names", "code": _swap(GAP, '    return [str(name) for name in ranked.index[ranked["test"] <= threshold]]\n',
                                                        '    return ranked.index[ranked["test"] <= threshold]\n')},
            # hard-coded: the visible test's answers
            """
def importance_gap(model, X_train, y_train, X_test, y_test, n_repeats=3, seed=0):
    rows = {"recency_days": (0.41694301151416296, 0.2540704956163893, 0.27329302987197723),
            "tenure_days": (0.17094656490903043, 0.012032563964931076, 0.017425320056899007),
            "member_no": (0.16105215075914422, 0.012390409733404883, 0.005023115220483598),
            "avg_basket_krw": (0.11313820172381424, 0.02267847557702629, 0.0055120910384068855),
            "orders_90d": (0.0895654099155637, 0.02522812667740204, 0.021648293029871923),
            "avg_rating": (0.04835466117828436, 0.0069779924852388375, -0.00755689900426737)}
    if seed == 0:
        rows = {"recency_days": (0.41694301151416296, 0.2530267787916741, 0.26238738738738737),
                "tenure_days": (0.17094656490903043, 0.021888232838313388, 0.003526552868658143),
                "member_no": (0.16105215075914422, 0.03193773483628556, -0.011498340445708891),
                "avg_basket_krw": (0.11313820172381424, 0.021709309954076456, 0.017395685158843082),
                "orders_90d": (0.0895654099155637, 0.024631717063279084, 0.027145566619250827),
                "avg_rating": (0.04835466117828436, 0.005934275660523662, 0.004356330014224752)}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["mdi", "train", "test"])


def suspicious_features(gap, top, threshold):
    return ["member_no", "tenure_days"] if top == 3 else ["member_no", "tenure_days", "orders_90d", "avg_rating"]
""",
        ],
        "equivalent": [],
    },
}
