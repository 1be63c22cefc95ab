"""Checks for 08_explain (why is this customer at risk?).

The helpers run inside an ``@exercise`` test function. They receive what the
student's answer returned (plain data: it has crossed the wire) and the
expected values, which the test cells compute (references written in their
hidden parts, or literal values in their visible parts), so nothing here is a
solution. Each failure names the rule of the question that broke; its
``hidden_message`` says the same without any value (all a hidden failure
shows).

Here: the checks of the churn table's segments, leakage suspects, late
columns, intervals and missing values, of calibration and of a bootstrap,
and of a chart read back from its Axes. The checks of a model's explanations
(importance, partial dependence, Shapley values, a local surrogate) are in
``explainmodel.py``; those of the text model in ``explaintext.py``."""
from __future__ import annotations

from .core import fail, short
from .exercise import probe
from .explainvalues import TOL, _close, _number
# 08's notebooks (released copies included) import the checks of the model's explanations from here
from .explainmodel import (check_importance, check_importance_gap, check_importance_seeds,  # noqa: F401
                           check_partial_dependence, check_recalibration, check_shapley, check_suspicious,
                           check_surrogate, run_importance, run_importance_gap, run_partial_dependence,
                           run_recalibration, run_shapley, run_surrogate)
from ..messages import as_message, msg


def _label(x) -> str:
    return x if isinstance(x, str) else short(x)


def check_segments(got, expected: dict, *, overall: float, call: str) -> None:
    """``got`` is ``churn_by_segment``'s frame; ``expected`` maps each segment
    label to (customers, churn rate); ``overall`` is the whole table's churn
    rate. Checked rule by rule, in the order of the question."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        fail(msg("{call} should return a pandas DataFrame, not {got}", call=as_message(call), got=short(got)),
             hint="groupby(...).agg(...) returns a DataFrame",
             hidden_message="churn_by_segment did not return a pandas DataFrame")
    absent = [c for c in ("customers", "churn_rate", "lift") if c not in got.columns]
    if absent:
        fail(msg("the frame of {call} should have the columns customers, churn_rate and lift; missing: {absent}", call=as_message(call), absent=absent),
             hidden_message="the frame misses some of the columns customers, churn_rate and lift")
    labels = list(got.index)
    if not got.index.is_unique:
        fail(msg("each segment should have one row; the index of {call} repeats some labels: {labels}", call=as_message(call), labels=labels),
             hint="group by the segment column: one row per group",
             hidden_message="a segment appears on more than one row")
    if "unknown" in expected and "unknown" not in labels:
        fail(msg("the customers with a missing value should form the segment \"unknown\"; the index of {call} is "
                 "{labels}",
                 call=as_message(call), labels=labels), hint="look at the worked example above the question: what does groupby do with a "
                               "missing key?",
             hidden_message="the customers with a missing value do not form the segment \"unknown\"")
    if set(labels) != set(expected):
        fail(msg("the index of {call} should hold the segment labels {expected}; got {labels}", call=as_message(call), expected=sorted(expected, key=str), labels=labels),
             hint="one row per value of the column, and \"unknown\" only for missing values",
             hidden_message="the index does not hold the segment labels")
    for key in sorted(expected, key=str):
        n, rate = expected[key]
        row = got.loc[key]
        if not _close(row["customers"], n):
            fail(msg("customers of segment {key!r}: expected {n}, got {customers}", key=_label(key), n=n, customers=short(row['customers'])),
                 hint="count the rows of the segment, missing values in other columns included",
                 hidden_message="customers is not the number of customers of a segment")
        if not _close(row["churn_rate"], rate):
            fail(msg("churn_rate of segment {key!r}: expected {rate:.6f}, got {churn_rate}", key=_label(key), rate=rate, churn_rate=short(row['churn_rate'])),
                 hint="the share of the segment's own customers with churned == 1",
                 hidden_message="churn_rate is not the share of a segment's customers who churned")
        if not _close(row["lift"], rate / overall):
            fail(msg("lift of segment {key!r}: expected {p2:.6f}, got {lift}", key=_label(key), p2=rate / overall, lift=short(row['lift'])),
                 hint="divide by the churn rate of all the table's customers, not by an average of segments",
                 hidden_message="lift is not the churn rate divided by the whole table's churn rate")
    rates = [expected[k][1] for k in labels]
    if any(a < b - TOL for a, b in zip(rates, rates[1:])):
        fail(msg("the rows should be sorted by churn_rate, highest first; the index of {call} is {labels}", call=as_message(call), labels=labels),
             hint="sort_values(..., ascending=False) sorts from the highest",
             hidden_message="the rows are not sorted by churn_rate, highest first")
    order = sorted(labels, key=lambda k: (-expected[k][1], str(k)))
    ties = [k for k in labels if sum(abs(expected[j][1] - expected[k][1]) <= TOL for j in labels) > 1]
    if labels != order:
        fail(msg("segments with the same churn_rate should be in the order of their labels; the index of "
                 "{call} is {labels} (tied: {ties})",
                 call=as_message(call), labels=labels, ties=ties), hint="sort on two keys, each with its own direction",
             hidden_message="segments with the same churn_rate are not in the order of their labels")


def check_suspects(got, scores: dict, aucs: dict, *, threshold: float, target: str, text_columns=(),
                   call: str) -> None:
    """``got`` is ``leakage_suspects``' Series; ``scores`` maps every numeric
    candidate column to its expected score max(AUC, 1 - AUC), ``aucs`` to its
    AUC. Checked rule by rule, in the order of the question."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.Series):
        fail(msg("{call} should return a pandas Series (column name -> score), not {got}", call=as_message(call), got=short(got)),
             hint="pd.Series(dict_of_scores) makes one; sort it with sort_values",
             hidden_message="leakage_suspects did not return a pandas Series")
    names = [str(k) for k in got.index]
    if target in names:
        fail(msg("the target {target!r} is not a suspect of itself: leave it out of the candidates; {call} "
                 "returned {names}",
                 target=target, call=as_message(call), names=names), hint="screen every numeric column except the target",
             hidden_message="the target is among the suspects")
    texts = [n for n in names if n in text_columns]
    if texts:
        fail(msg("only numeric columns are screened; {call} returned the text column(s) {texts}", call=as_message(call), texts=texts),
             hint="DataFrame.select_dtypes(\"number\") keeps the numeric columns",
             hidden_message="a text column is among the suspects")
    expected = [c for c in sorted(scores, key=lambda c: (-scores[c], c)) if scores[c] >= threshold]
    missing = [c for c in expected if c not in names]
    extra = [n for n in names if n not in expected]
    at_bound = [c for c in missing if scores[c] == threshold]
    if at_bound:
        fail(msg("a column whose score equals the threshold ({threshold}) is a suspect: {at_bound} missing "
                 "from the result of {call}",
                 threshold=threshold, at_bound=at_bound, call=as_message(call)), hint="\"at least threshold\": compare with >=",
             hidden_message="a column whose score equals the threshold is missing")
    below = [c for c in missing if aucs[c] < 0.5]
    if below:
        fail(msg("{below} should be suspects of {call}: a column whose high values go with target 0 gives the "
                 "label away as much as one whose high values go with target 1",
                 below=below, call=as_message(call)), hint="the score is max(AUC, 1 - AUC)",
             hidden_message="a column whose high values go with target 0 is missing (the score is "
                            "max(AUC, 1 - AUC))")
    if missing or extra:
        fail(msg("the suspects of {call} should be {expected}; got {names}", call=as_message(call), expected=expected, names=names),
             hint="compute each column's AUC on its own non-missing rows, ties counting one half",
             hidden_message="the suspects are not the numeric columns whose score reaches the threshold")
    for c in expected:
        if not _close(got[c], scores[c]):
            fail(msg("the score of {c!r} should be {p2:.6f}; got {p3}", c=c, p2=scores[c], p3=_number(got[c])),
                 hint="leave out only the rows where this column is missing, and count a tie between a row "
                      "with target 1 and a row with target 0 as one half",
                 hidden_message="a score is not max(AUC, 1 - AUC) on the column's non-missing rows with ties "
                                "counting one half")
    values = [scores[n] for n in names]
    if any(a < b - TOL for a, b in zip(values, values[1:])):
        fail(msg("the suspects should be sorted by score, highest first: {expected}; got {names}", expected=expected, names=names),
             hint="sort_values(ascending=False)",
             hidden_message="the suspects are not sorted by score, highest first")


def check_calibration(got, expected: dict, *, call: str) -> None:
    """``got`` is ``calibration_table``'s frame; ``expected`` maps each
    non-empty bin's number to (customers, mean score, churn rate)."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        fail(msg("{call} should return a pandas DataFrame, not {got}", call=as_message(call), got=short(got)),
             hint="groupby(...).agg(...) returns a DataFrame",
             hidden_message="calibration_table did not return a pandas DataFrame")
    absent = [c for c in ("customers", "mean_score", "churn_rate") if c not in got.columns]
    if absent:
        fail(msg("the frame of {call} should have the columns customers, mean_score and churn_rate; missing: "
                 "{absent}",
                 call=as_message(call), absent=absent),
             hidden_message="the frame misses some of the columns customers, mean_score and churn_rate")
    try:
        bins = [int(k) for k in got.index]
        whole = all(float(k) == int(k) for k in got.index)
    except (TypeError, ValueError, OverflowError):
        bins, whole = [], False
    if not whole:
        fail(msg("the rows of {call} should be indexed by the bin's number (0, 1, ...); the index is {index}", call=as_message(call), index=short(list(got.index))), hint="number the bins 0 to n_bins - 1, not by their edges or intervals",
             hidden_message="the rows are not indexed by the bin's number")
    counts = {k: got.loc[k, "customers"] for k in got.index}
    if [k for k, v in counts.items() if v != v or _close(v, 0)]:
        fail(msg("empty bins should be left out; {call} has rows with no customer", call=as_message(call)), hint="keep the bins that hold a score",
             hidden_message="empty bins are not left out")
    total = sum(n for n, _, _ in expected.values())
    try:
        got_total = int(sum(float(v) for v in counts.values()))
    except (TypeError, ValueError):
        got_total = -1
    if got_total != total:
        fail(msg("every score belongs to one bin: {total} scores, but the bins of {call} hold {got_total}", total=total, call=as_message(call), got_total=got_total),
             hint="the first bin includes its left edge (a score of 0 belongs to it); y_true and scores go together "
                  "by position, whatever their index",
             hidden_message="the bins do not hold every score once (a score of 0 belongs to the first bin; y_true "
                            "and scores go together by position)")
    if sorted(bins) != sorted(expected) or any(not _close(counts[k], expected[k][0]) for k in expected if k in counts):
        fail(msg("the bins of {call} should hold {p2} scores; got {p3}", call=as_message(call), p2={k: n for k, (n, _, _) in expected.items()}, p3={k: short(v) for k, v in counts.items()}),
             hint="the bins are closed on the right: a score equal to an edge belongs to the bin below it",
             hidden_message="the scores are not in the right bins (edges np.linspace(0, 1, n_bins + 1), closed on "
                            "the right)")
    for k, (n, mean, rate) in expected.items():
        if not _close(got.loc[k, "mean_score"], mean):
            fail(msg("mean_score of bin {k}: expected {mean:.6f}, got {p3}", k=k, mean=mean, p3=_number(got.loc[k, 'mean_score'])),
                 hint="the mean of the scores that fall in the bin, not the bin's middle",
                 hidden_message="mean_score is not the mean of a bin's scores")
        if not _close(got.loc[k, "churn_rate"], rate):
            fail(msg("churn_rate of bin {k}: expected {rate:.6f}, got {p3}", k=k, rate=rate, p3=_number(got.loc[k, 'churn_rate'])),
                 hint="the share of outcome 1 among the bin's customers; y_true and scores go together by position",
                 hidden_message="churn_rate is not the share of outcome 1 among a bin's customers")
    if bins != sorted(bins):
        fail(msg("the bins of {call} should be in increasing order; got {bins}", call=as_message(call), bins=bins), hint="sort_index()",
             hidden_message="the bins are not in increasing order")


# ------------------------------------------------------------------ a chart read back from its Axes
@probe
def bars_drawn(plot, table, edges):
    """Runs with your code: calls ``plot(table, edges)`` and reports what the
    Axes it returns shows: its vertical bars (x centre, height), its x tick
    labels (position, text), the y of its horizontal lines and its axis
    labels. The figures it opened are closed."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    before = set(plt.get_fignums())
    try:
        ax = plot(table, edges)
        if not isinstance(ax, Axes):
            return {"axes": False, "type": type(ax).__name__}
        try:  # category axes get their tick labels when drawn
            ax.figure.canvas.draw()
        except Exception:
            pass
        bars = [[float(p.get_x() + p.get_width() / 2), float(p.get_height()), float(p.get_width())]
                for p in ax.patches if isinstance(p, Rectangle)]
        ticks = [[float(t.get_position()[0]), str(t.get_text())] for t in ax.get_xticklabels()]
        flat = []
        for line in ax.lines:
            if isinstance(line, Line2D):
                ys = [float(y) for y in line.get_ydata()]
                if ys and all(y == ys[0] for y in ys):
                    flat.append(ys[0])
        for lines in ax.collections:      # ax.hlines draws a LineCollection
            if isinstance(lines, LineCollection):
                for seg in lines.get_segments():
                    ys = [float(y) for y in seg[:, 1]] if len(seg) else []
                    if ys and all(y == ys[0] for y in ys):
                        flat.append(ys[0])
        return {"axes": True, "type": type(ax).__name__, "bars": bars, "ticks": ticks, "flat": flat,
                "xlabel": str(ax.get_xlabel()), "ylabel": str(ax.get_ylabel())}
    finally:  # the figures drawn for the test are not shown under the test cell
        for num in set(plt.get_fignums()) - before:
            plt.close(num)


def check_tenure_chart(seen, expected: list, *, empty=(), overall: float, call: str) -> None:
    """``seen`` is what :func:`bars_drawn` reported; ``expected`` lists
    (label, churn rate) of the non-empty buckets in tenure order; ``empty``
    holds the labels of the empty buckets; ``overall`` is the whole table's
    churn rate."""
    __tracebackhide__ = True
    if not seen["axes"]:
        fail(msg("{call} should return the matplotlib Axes it drew on, not a {type}", call=as_message(call), type=seen['type']),
             hint="fig, ax = plt.subplots() ... return ax",
             hidden_message="the function did not return a matplotlib Axes")
    bars = sorted((b for b in seen["bars"] if b[2] > 0), key=lambda b: b[0])
    if not bars:
        fail(msg("the Axes of {call} has no vertical bars", call=as_message(call)), hint="ax.bar(labels, rates) draws one bar per bucket",
             hidden_message="the chart has no vertical bars")
    names = []
    for x, _, width in bars:
        near = [text for pos, text in seen["ticks"] if abs(pos - x) <= width / 2]
        names.append(near[0] if near else "")
    want = [label for label, _ in expected]
    shown_empty = [n for n in names if n in empty]
    if shown_empty:
        fail(msg("empty buckets should be left out; {call} draws a bar for {shown_empty}", call=as_message(call), shown_empty=shown_empty),
             hint="keep the buckets that hold at least one customer",
             hidden_message="a bucket with no customer has a bar")
    if sorted(names) != sorted(want):
        fail(msg("the bars of {call} should be labelled {want}; their x tick labels are {names}", call=as_message(call), want=want, names=names),
             hint="one bar per bucket that holds a customer, labelled low-high with high the last day of the bucket "
                  "(0-89 for [0, 90)), the last one low+",
             hidden_message="the bars are not labelled with the tenure buckets (0-89 for [0, 90), the last one "
                            "low+)")
    if names != want:
        fail(msg("the bars of {call} should be in tenure order, {want}; they are {names}", call=as_message(call), want=want, names=names),
             hint="text labels sort as text ('180-364' before '90-179'): keep the buckets' own order",
             hidden_message="the bars are not in tenure order")
    for (label, rate), (_, height, _) in zip(expected, bars):
        if not _close(height, rate):
            fail(msg("the bar of bucket {label} should be its churn rate {rate:.6f}; got {height}", label=as_message(label), rate=rate, height=short(height)),
                 hint="a bucket runs from its low edge (included) to the next edge (excluded); the height is the "
                      "share of its customers with churned == 1",
                 hidden_message="a bar's height is not its bucket's churn rate (buckets include their low edge and "
                                "exclude the next one)")
    if not any(_close(y, overall) for y in seen["flat"]):
        fail(msg("{call} should draw a horizontal line at the whole table's churn rate, {overall:.6f}; its "
                 "horizontal lines are at {p3}",
                 call=as_message(call), overall=overall, p3=[round(y, 6) for y in seen['flat']]),
             hint="ax.axhline(y) at the churn rate of every customer of the table (not the mean of the bars)",
             hidden_message="there is no horizontal line at the whole table's churn rate")
    if seen["xlabel"] != "tenure (days)" or seen["ylabel"] != "churn rate":
        fail(msg("the axes of {call} should be labelled 'tenure (days)' (x) and 'churn rate' (y); got "
                 "{xlabel!r} and {ylabel!r}",
                 call=as_message(call), xlabel=seen['xlabel'], ylabel=seen['ylabel']), hint="ax.set_xlabel(...) and ax.set_ylabel(...)",
             hidden_message="the axes are not labelled 'tenure (days)' and 'churn rate'")


# ------------------------------------------------------------------ Brier score and calibration errors
def check_calibration_report(got, expected: dict, *, call: str) -> None:
    """``got`` is ``calibration_report``'s dict; ``expected`` holds the
    judge's "brier", "ece" and "mce"."""
    __tracebackhide__ = True
    if not isinstance(got, dict) or sorted(map(str, got)) != ["brier", "ece", "mce"]:
        fail(msg("{call} should return a dict with the keys 'brier', 'ece' and 'mce'; got {got}", call=as_message(call), got=short(got)),
             hint="return {\"brier\": ..., \"ece\": ..., \"mce\": ...}",
             hidden_message="calibration_report did not return a dict with the keys 'brier', 'ece' and 'mce'")
    if not _close(got["brier"], expected["brier"]):
        fail(msg("the Brier score of {call} should be {brier:.6f}; got {brier2}", call=as_message(call), brier=expected['brier'], brier2=_number(got['brier'])),
             hint="the mean of (score - outcome) ** 2 over every customer, the scores as they are (not rounded to "
                  "0/1), without a square root",
             hidden_message="brier is not the mean squared difference between the scores and the outcomes")
    if not _close(got["ece"], expected["ece"]):
        fail(msg("the expected calibration error of {call} should be {ece:.6f}; got {ece2}", call=as_message(call), ece=expected['ece'], ece2=_number(got['ece'])),
             hint="the bins of Question 3 (closed on the right, 0 in the first); each non-empty bin's |mean score - "
                  "churn rate|, weighted by its share of the customers; y_true and scores go together by position",
             hidden_message="ece is not the customer-weighted mean of the bins' absolute gaps between mean score and "
                            "churn rate (the bins of Question 3, inputs matched by position)")
    if not _close(got["mce"], expected["mce"]):
        fail(msg("the maximum calibration error of {call} should be {mce:.6f}; got {mce2}", call=as_message(call), mce=expected['mce'], mce2=_number(got['mce'])),
             hint="the largest |mean score - churn rate| among the non-empty bins, not weighted",
             hidden_message="mce is not the largest absolute gap among the non-empty bins")


# ------------------------------------------------------------------ two models compared, with a bootstrap
def check_bootstrap(got, expected: dict, *, call: str) -> None:
    """``got`` is ``paired_bootstrap_auc``'s dict; ``expected`` holds the
    judge's "auc_a", "auc_b", "diff", "low", "high" and "kept"."""
    __tracebackhide__ = True
    keys = ["auc_a", "auc_b", "diff", "high", "kept", "low"]
    if not isinstance(got, dict) or sorted(map(str, got)) != keys:
        fail(msg("{call} should return a dict with the keys 'auc_a', 'auc_b', 'diff', 'low', 'high' and "
                 "'kept'; got {got}",
                 call=as_message(call), got=short(got)),
             hint="return {\"auc_a\": ..., \"auc_b\": ..., \"diff\": ..., \"low\": ..., \"high\": ..., "
                  "\"kept\": ...}",
             hidden_message="paired_bootstrap_auc did not return a dict with the keys 'auc_a', 'auc_b', 'diff', "
                            "'low', 'high' and 'kept'")
    for key in ("auc_a", "auc_b", "diff"):
        if not _close(got[key], expected[key]):
            fail(msg("{key} of {call} should be {p3:.6f} (on every row); got {p4}", key=key, call=as_message(call), p3=expected[key], p4=_number(got[key])),
                 hint="the AUCs and their difference use all the rows once, not the resamples; a tie between a "
                      "churner and a non-churner counts one half",
                 hidden_message="auc_a, auc_b or diff is not the AUC on every row (ties counting one half) or their "
                                "difference")
    if not _close(got["kept"], expected["kept"]):
        fail(msg("kept of {call} should be {kept} (the resamples holding both classes); got {kept2}", call=as_message(call), kept=expected['kept'], kept2=short(got['kept'])),
             hint="draw n_boot resamples and skip (do not redraw) those holding one class only",
             hidden_message="kept is not the number of the n_boot resamples holding both classes (skipped, not "
                            "redrawn)")
    for key in ("low", "high"):
        if not _close(got[key], expected[key]):
            fail(msg("{key} of {call} should be {p3:.6f}; got {p4}", key=key, call=as_message(call), p3=expected[key], p4=_number(got[key])),
                 hint="one generator np.random.default_rng(seed); each resample rng.integers(0, n, size=n), the same "
                      "rows for both models; the 2.5th and 97.5th percentiles (np.percentile) of the differences",
                 hidden_message="the interval is not the 2.5th and 97.5th percentiles of the paired differences "
                                "drawn as the question says")


# ------------------------------------------------------------------ columns written after the cutoff
def check_late_columns(got, expected: dict, *, call: str) -> None:
    """``got`` is ``late_columns``' Series; ``expected`` maps every late
    column to its share of late values (any order)."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.Series):
        fail(msg("{call} should return a pandas Series (column -> share of late values), not {got}", call=as_message(call), got=short(got)),
             hint="pd.Series(dict_of_shares), then sort it",
             hidden_message="late_columns did not return a pandas Series")
    names = [str(k) for k in got.index]
    want = sorted(expected, key=lambda c: (-expected[c], c))
    if sorted(names) != sorted(want):
        fail(msg("the late columns of {call} should be {want}; got {names}", call=as_message(call), want=sorted(want), names=sorted(names)),
             hint="a value written at the cutoff instant or later is late; the cutoff is midnight in Seoul "
                  "(Asia/Seoul), the timestamps are UTC; the target is not screened; columns with no late value "
                  "are left out",
             hidden_message="the columns returned are not those with a value written at or after midnight in Seoul "
                            "on the cutoff day (the target left out)")
    for column in want:
        if not _close(got[column], expected[column]):
            fail(msg("the share of late values of {column!r} should be {p2:.6f}; got {p3}", column=column, p2=expected[column], p3=_number(got[column])),
                 hint="late values / written values of the column: a missing timestamp (NaT) is not a written "
                      "value; late means at or after midnight in Seoul on the cutoff day",
                 hidden_message="a share is not the late values among the column's written (non-missing) values")
    shares = [expected[n] for n in names]
    if any(a < b - TOL for a, b in zip(shares, shares[1:])):
        fail(msg("the columns of {call} should be sorted by share, highest first: {want}; got {names}", call=as_message(call), want=want, names=names),
             hint="sort_values(ascending=False)",
             hidden_message="the columns are not sorted by share, highest first")
    if names != want:
        fail(msg("columns with the same share should be in the order of their names: {want}; got {names}", want=want, names=names),
             hint="sort by name first, then by share with a stable sort (or sort on both keys)",
             hidden_message="columns with the same share are not in the order of their names")


# ------------------------------------------------------------------ churn by segment, with an interval
def check_intervals(got, expected: dict, *, call: str) -> None:
    """``got`` is ``segment_intervals``' frame; ``expected`` maps each
    segment label to (customers, churn rate, low, high)."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        fail(msg("{call} should return a pandas DataFrame, not {got}", call=as_message(call), got=short(got)),
             hint="groupby(...).agg(...) returns a DataFrame",
             hidden_message="segment_intervals did not return a pandas DataFrame")
    absent = [c for c in ("customers", "churn_rate", "low", "high") if c not in got.columns]
    if absent:
        fail(msg("the frame of {call} should have the columns customers, churn_rate, low and high; missing: "
                 "{absent}",
                 call=as_message(call), absent=absent),
             hidden_message="the frame misses some of the columns customers, churn_rate, low and high")
    labels = list(got.index)
    if not got.index.is_unique or set(labels) != set(expected):
        fail(msg("the index of {call} should hold the segment labels {expected}, once each; got {labels}", call=as_message(call), expected=sorted(expected), labels=labels),
             hint="group by the column: one row per segment, its label as the index",
             hidden_message="the index does not hold the segment labels, once each")
    for key in sorted(expected):
        n, rate, low, high = expected[key]
        row = got.loc[key]
        if not _close(row["customers"], n) or not _close(row["churn_rate"], rate):
            fail(msg("segment {key!r} of {call} should have {n} customers and a churn rate of {rate:.6f}; got "
                     "{customers} and {churn_rate}",
                     key=key, call=as_message(call), n=n, rate=rate, customers=short(row['customers']), churn_rate=short(row['churn_rate'])),
                 hint="the number of the segment's customers, and the share of them with churned == 1",
                 hidden_message="customers or churn_rate is not the segment's count or churn rate")
        if not (_close(row["low"], low) and _close(row["high"], high)):
            fail(msg("the interval of segment {key!r} of {call} should be [{low:.6f}, {high:.6f}]; got "
                     "[{low2}, {high2}]",
                     key=key, call=as_message(call), low=low, high=high, low2=short(row['low']), high2=short(row['high'])),
                 hint="the Wilson score interval, with z = norm.ppf((1 + confidence) / 2) from the confidence "
                      "given (not a fixed 1.96), and confidence 0.95 unless given",
                 hidden_message="low and high are not the Wilson score interval at the confidence asked for")
    lows = [expected[k][2] for k in labels]
    if any(a < b - 1e-12 for a, b in zip(lows, lows[1:])):
        fail(msg("the rows of {call} should be sorted by low, highest first; the index is {labels}", call=as_message(call), labels=labels),
             hint="a small segment with a high rate can have a low lower bound: sort by low, not by churn_rate",
             hidden_message="the rows are not sorted by low, highest first")
    order = sorted(labels, key=lambda k: (-round(expected[k][2], 12), str(k)))
    if labels != order:
        fail(msg("segments with the same low should be in the order of their labels: {order}; got {labels}", order=order, labels=labels),
             hint="sort on two keys, each with its own direction",
             hidden_message="segments with the same low are not in the order of their labels")


# ------------------------------------------------------------------ missing values that say something
def check_missingness(got, expected: dict, *, call: str) -> None:
    """``got`` is ``missingness_report``'s frame; ``expected`` maps every
    column with a missing value to (share missing, churn rate where missing,
    churn rate where present)."""
    __tracebackhide__ = True
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        fail(msg("{call} should return a pandas DataFrame, not {got}", call=as_message(call), got=short(got)),
             hint="pd.DataFrame(rows).set_index(\"column\")",
             hidden_message="missingness_report did not return a pandas DataFrame")
    absent = [c for c in ("missing", "churn_missing", "churn_present", "gap") if c not in got.columns]
    if absent:
        fail(msg("the frame of {call} should have the columns missing, churn_missing, churn_present and gap; "
                 "missing: {absent}",
                 call=as_message(call), absent=absent), hidden_message="the frame misses some of the columns missing, churn_missing, churn_present "
                                         "and gap")
    names = [str(k) for k in got.index]
    if sorted(names) != sorted(expected):
        fail(msg("the rows of {call} should be the columns with a missing value, {expected}, indexed by their "
                 "names; got {names}",
                 call=as_message(call), expected=sorted(expected), names=names), hint="a column with no missing value is left out; the column names are the index",
             hidden_message="the rows are not the columns with at least one missing value, indexed by their names")
    for column in sorted(expected):
        share, when_missing, when_present = expected[column]
        row = got.loc[column]
        if not _close(row["missing"], share):
            fail(msg("missing of {column!r} should be its share of missing values, {share:.6f}; got {missing}", column=column, share=share, missing=short(row['missing'])), hint="the mean of isna(): a share, not a count",
                 hidden_message="missing is not the column's share of missing values")
        if not (_close(row["churn_missing"], when_missing) and _close(row["churn_present"], when_present)):
            fail(msg("the churn rates of {column!r} should be {when_missing:.6f} where it is missing and "
                     "{when_present:.6f} where it is present; got {churn_missing} and {churn_present}",
                     column=column, when_missing=when_missing, when_present=when_present, churn_missing=short(row['churn_missing']), churn_present=short(row['churn_present'])),
                 hint="the churn rate of the rows where this column is missing, and of the other rows (not of the "
                      "whole table)",
                 hidden_message="churn_missing or churn_present is not the churn rate of the rows where the column "
                                "is missing or present")
        if not _close(row["gap"], when_missing - when_present):
            fail(msg("gap of {column!r} should be churn_missing - churn_present, {p2:.6f}; got {gap}", column=column, p2=when_missing - when_present, gap=short(row['gap'])), hint="missing minus present: positive when the missing rows churn more",
                 hidden_message="gap is not churn_missing - churn_present")
    size = {c: abs(expected[c][1] - expected[c][2]) for c in expected}
    sizes = [size[n] for n in names]
    if any(a < b - 1e-12 for a, b in zip(sizes, sizes[1:])):
        fail(msg("the rows of {call} should be sorted by the size of the gap (its absolute value), largest "
                 "first; got {names}",
                 call=as_message(call), names=names), hint="a gap of -0.3 says as much as one of +0.3: sort by abs(gap)",
             hidden_message="the rows are not sorted by the absolute gap, largest first")
    order = sorted(names, key=lambda c: (-round(size[c], 12), c))
    if names != order:
        fail(msg("columns with the same absolute gap should be in the order of their names: {order}; got "
                 "{names}",
                 order=order, names=names),
             hint="sort on two keys, each with its own direction",
             hidden_message="columns with the same absolute gap are not in the order of their names")
