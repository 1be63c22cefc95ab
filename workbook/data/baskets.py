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
