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

EXERCISES = {
    "q1_churn_by_segment": {
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
}
