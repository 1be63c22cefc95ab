"""The churn label is defined once and computed twice: by SQL in 02_sql and by
pandas in 04_problem_definition. Both solutions (taken from the source
notebooks, as a student who wrote them would submit them) must give the same
label to every customer, on several databases and reference dates.

The 02 answer is the answer cell whose grade_id contains "churn" (a SQL
string, with the reference date as named parameters); the 04 answer is the
`churn_label` function of the answer cell whose grade_id contains "churn"."""
from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3

import numpy as np
import pandas as pd
import pytest

from conftest import REPO
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.data import shop

HORIZON = 60
CASES = [(0, shop.REF_DATE), (0, "2026-03-31"), (1, shop.REF_DATE), (2, "2025-11-15")]


def _churn_cells(assignment: str) -> dict[str, str]:
    out = {}
    for path in course.notebooks(REPO, assignment):
        src = nbm.read(path)
        answers = {nbm.meta(c)["grade_id"] for c in src.cells if nbm.kind(c) == "answer"}
        out.update({gid: code for gid, code in nbm.solved_sources(src).items() if "churn" in gid and gid in answers})
    return out


def _namespace() -> dict:
    return {"pd": pd, "np": np, "math": math, "dt": dt, "sqlite3": sqlite3, "shop": shop,
            "REF_DATE": shop.REF_DATE}


def _sql_answer():
    if not course.notebooks(REPO, "02_sql"):
        pytest.fail("source/02_sql is missing: 04's churn label cannot be checked against 02's SQL query")
    cells = _churn_cells("02_sql")
    assert len(cells) == 1, f"expected one answer cell with 'churn' in its grade_id in 02_sql, found {sorted(cells)}"
    (gid, code), = cells.items()
    ns = _namespace()
    before = set(ns)
    exec(compile(code, f"02_sql:{gid}", "exec"), ns)
    new = {k: v for k, v in ns.items() if k not in before and not k.startswith("_")}
    queries = [v for v in new.values() if isinstance(v, str) and re.search(r"\bselect\b", v, re.I)]
    assert len(queries) == 1, f"02_sql:{gid} should define one SQL string, defines {sorted(new)}"
    return gid, queries[0]


def _python_answer():
    cells = _churn_cells("04_problem_definition")
    assert len(cells) == 1, f"expected one churn answer cell in 04_problem_definition, found {sorted(cells)}"
    (gid, code), = cells.items()
    ns = _namespace()
    exec(compile(code, f"04_problem_definition:{gid}", "exec"), ns)
    return ns["churn_label"]


def _params(sql: str, ref: str) -> dict:
    """Every named parameter of the query: the reference date, or the horizon
    if its name says so."""
    names = set(re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", sql))
    return {n: (HORIZON if re.search(r"horizon|days", n, re.I) else ref) for n in names}


def _sql_labels(sql: str, seed: int, ref: str) -> dict[int, int]:
    con = shop.connect(seed=seed)
    try:
        rows = con.execute(sql, _params(sql, ref)).fetchall()
        cols = [d[0].lower() for d in con.execute(sql, _params(sql, ref)).description]
    finally:
        con.close()
    cid = cols.index("customer_id")
    lab = next(i for i, c in enumerate(cols) if "churn" in c or c == "label")
    labels = {int(r[cid]): int(r[lab]) for r in rows}
    assert len(labels) == len(rows), "the SQL query returns a customer more than once"
    return labels


@pytest.mark.parametrize("seed,ref", CASES)
def test_sql_and_python_churn_labels_agree(seed, ref):
    gid, sql = _sql_answer()
    churn_label = _python_answer()
    con = shop.connect(seed=seed)
    try:
        orders = pd.read_sql_query("SELECT customer_id, order_date, status FROM orders", con)
    finally:
        con.close()
    py = churn_label(orders, ref, horizon_days=HORIZON)
    py = {int(k): int(v) for k, v in py.items()}
    db = _sql_labels(sql, seed, ref)
    assert set(py) == set(db), (f"seed {seed}, {ref}: different customers labelled: only in SQL "
                                f"{sorted(set(db) - set(py))[:5]}, only in Python {sorted(set(py) - set(db))[:5]}")
    differ = sorted(k for k in py if py[k] != db[k])
    assert differ == [], f"seed {seed}, {ref}: labels differ for customers {differ[:10]} ({gid})"
    # the comparison means something: both classes occur, and a boundary case exists somewhere
    assert 0 < sum(py.values()) < len(py)


def test_boundary_is_exercised():
    """Some customer has their last order exactly 60 days before a reference
    date of CASES, so an off-by-one in either answer would be caught."""
    found = False
    for seed, ref in CASES:
        con = shop.connect(seed=seed)
        try:
            gaps = con.execute("SELECT julianday(?) - julianday(MAX(order_date)) FROM orders WHERE order_date <= ? "
                               "GROUP BY customer_id", (ref, ref)).fetchall()
        finally:
            con.close()
        found = found or any(g == HORIZON for g, in gaps)
    assert found
