"""09_baskets: Daon Market's (다온마켓) order lines, for market-basket analysis and recommendation.

Everything comes from the shop database of 02_sql (``workbook.data.shop``, the same generator and the
same seeds): nothing is generated twice and nothing is downloaded. Seed 0 is the notebook's data; the
hidden tests read the databases of seeds drawn from the course's secret (``hidden_seed()``).

``order_lines(seed)`` is ``order_items`` joined with its order and its product's (leaf) category: one
row per product in an order, with

* ``order_id``, ``customer_id``, ``order_date`` ('YYYY-MM-DD' text), ``status`` (as in ``orders``:
  'paid', 'shipped', 'delivered', 'cancelled', 'refunded');
* ``product_id``, ``category`` (the product's second-level category name, e.g. 'Skincare'),
  ``quantity``.

Rows are sorted by ``order_id`` then ``product_id``; the index is 0..n-1. An order holds 1 to 4
products, several of them often from one category (a customer's favourite categories), so baskets of
categories have real co-occurrences; some orders were cancelled or refunded.
"""
from __future__ import annotations

import os

import pandas as pd

from . import shop

COLUMNS = ("order_id", "customer_id", "order_date", "status", "product_id", "category", "quantity")

KEPT_STATUSES = ("paid", "shipped", "delivered")
"""The orders a customer kept (a cancelled or refunded order is not a basket the customer wanted)."""

_QUERY = """
SELECT oi.order_id, o.customer_id, o.order_date, o.status, oi.product_id, c.name AS category, oi.quantity
FROM order_items AS oi
JOIN orders AS o ON o.order_id = oi.order_id
JOIN products AS p ON p.product_id = oi.product_id
JOIN categories AS c ON c.category_id = p.category_id
ORDER BY oi.order_id, oi.product_id
"""


def order_lines(seed: int = 0) -> pd.DataFrame:
    """One row per product in an order of the shop database of ``seed`` (see the module's docstring)."""
    con = shop.connect(seed=int(seed))
    try:
        frame = pd.read_sql(_QUERY, con)
    finally:
        con.close()
    for col in ("order_id", "customer_id", "product_id", "quantity"):
        frame[col] = frame[col].astype("int64")
    return frame.reset_index(drop=True)


def _order_lines_files(seed: int = 0) -> list:
    """The file ``order_lines`` reads (the shop database, built here when
    absent): the grader sends it into the kernel rather than have the kernel
    build it again (``shop.connect.cache_files``)."""
    return [shop.build_db(int(seed))]


order_lines.cache_files = _order_lines_files


def write_large_order_lines(seed: int = 0, copies: int = 10) -> str:
    """A CSV file (with a header, the columns of ``order_lines``) ``copies`` times as large as
    ``order_lines(seed)``, for Spark: copy 0 is the shop's lines; copy i > 0 has its own orders and
    customers (ids shifted past the previous copy's) and its products permuted within each category by a
    generator seeded from (seed, i), so each copy's baskets pair other products. Rows are sorted by
    ``order_id`` then ``product_id``. Written once per (seed, copies) in the data cache; returns its path."""
    import numpy as np

    from . import building, cache_dir

    path = cache_dir() / f"order_lines_x{int(copies)}_seed{int(seed)}_{shop._version()}.csv"
    if path.exists():
        return str(path)
    with building(path):   # one process builds it, the others wait for it
        if path.exists():
            return str(path)
        base = order_lines(seed)
        order_step, customer_step = int(base["order_id"].max()) + 1, int(base["customer_id"].max()) + 1
        by_category = base.drop_duplicates("product_id").groupby("category")["product_id"].apply(sorted)
        parts = [base]
        for i in range(1, int(copies)):
            rng = np.random.default_rng([int(seed), i])
            mapping = {}
            for ids in by_category:
                mapping.update(zip(ids, (int(x) for x in rng.permutation(ids))))
            parts.append(base.assign(order_id=base["order_id"] + i * order_step,
                                     customer_id=base["customer_id"] + i * customer_step,
                                     product_id=base["product_id"].map(mapping).astype("int64")))
        frame = pd.concat(parts).sort_values(["order_id", "product_id"], kind="stable")
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        frame.to_csv(tmp, index=False)
        os.replace(tmp, path)
    return str(path)


def _large_order_lines_files(seed: int = 0, copies: int = 10) -> list:
    """The file ``write_large_order_lines`` writes (made here when absent), sent into the kernel as
    ``order_lines``' database is."""
    return [write_large_order_lines(seed, copies)]


write_large_order_lines.cache_files = _large_order_lines_files
