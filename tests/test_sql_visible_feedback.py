"""02's visible tests tell a wrong answer what the question's text states.

Question 8 (signup cohorts): the hint is chosen by the column whose values
differ, so it points where the answer is wrong. An off-by-one on the 30 days
(``< 30``) has every n_customers right and is told about the 30th day, not
about LEFT JOIN; an INNER JOIN that drops the customers who never ordered is
told to LEFT JOIN. Question 14 (coupons): section 12 says a NULL passes a
CHECK, so the visible test inserts a NULL discount_pct and a 4. The cells run
in-process on one answer, in each edition (the Korean one as the release
translates it)."""
from __future__ import annotations


import pytest

import cell_runner
from conftest import REPO
from workbook.course import nb as nbm

ASSIGNMENT = "02_sql"
ANSWER = '''q8_signup_cohorts = """
WITH f AS (SELECT customer_id, MIN(order_date) AS first_order FROM orders GROUP BY customer_id)
SELECT substr(c.signup_date, 1, 7) AS cohort, COUNT(*) AS n_customers,
       SUM(julianday(f.first_order) - julianday(c.signup_date) <= 30) AS n_converted
FROM customers c LEFT JOIN f ON f.customer_id = c.customer_id GROUP BY cohort ORDER BY cohort"""'''


@pytest.fixture(scope="module", autouse=True)
def data_dir(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBOOK_DATA", str(tmp_path_factory.mktemp("q8hint")))
    yield
    mp.undo()


def cell(language: str, cell_id: str) -> str:
    return cell_runner.source(ASSIGNMENT, cell_id, language)


def feedback(answer: str, cell_id: str = "test_q8_signup_cohorts") -> dict[str, str]:
    """The failure of the test cell ``cell_id`` for ``answer``, in each edition."""
    return cell_runner.failures(ASSIGNMENT, cell_id, cell_runner.defined(answer))


def test_an_off_by_one_on_the_30_days_is_told_about_the_30th_day_not_about_left_join():
    text = feedback(ANSWER.replace("<= 30", "< 30"))
    assert "right number of rows" in text["en"] and "n_converted" in text["en"]
    assert "30 days after signup converts" in text["en"] and "LEFT JOIN" not in text["en"]
    assert "30일째" in text["ko"] and "LEFT JOIN" not in text["ko"]


def test_an_inner_join_is_told_to_left_join_the_cte():
    text = feedback(ANSWER.replace("LEFT JOIN f", "JOIN f"))
    assert "LEFT JOIN the CTE" in text["en"]
    assert "LEFT JOIN" in text["ko"] and "30일째" not in text["ko"]


COUPONS = '''q14_coupons = """
CREATE TABLE coupons (
    coupon_id    INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    customer_id  INTEGER NOT NULL REFERENCES customers(customer_id),
    discount_pct INTEGER NOT NULL CHECK (discount_pct BETWEEN 5 AND 50),
    valid_until  TEXT NOT NULL
)"""'''


@pytest.mark.parametrize("answer, says", [
    (COUPONS.replace("INTEGER NOT NULL CHECK", "INTEGER CHECK"), "discount_pct is required"),
    (COUPONS.replace("BETWEEN 5 AND 50", "BETWEEN 4 AND 50"), "discount_pct below 5"),
], ids=["check-without-not-null", "from-4"])
def test_the_coupons_visible_test_covers_a_null_discount_and_a_discount_of_4(answer, says):
    text = feedback(answer, "test_q14_coupons")
    assert says in text["en"] and "hidden" not in text["en"]


LABELS = """
SELECT customer_id, MIN(order_date) >= date(:ref, '-60 days') AS none_before_c,
       CASE WHEN julianday(:ref) - julianday(MAX(order_date)) > 60 THEN 1 ELSE 0 END AS churned
FROM orders WHERE order_date <= :ref GROUP BY customer_id
"""


def test_the_label_set_holds_customers_without_features_and_the_text_keeps_them_out_of_training():
    """Section 10: a customer whose orders all fall on or after C = R - 60 is in Question 12's label set,
    has no features and is label 0 by construction; the text says a training population keeps only the
    customers with an order before C, as 03's Question 16 does."""
    from workbook.data import shop
    with shop.connect(0) as c:
        rows = c.execute(LABELS, {"ref": "2026-06-30"}).fetchall()
    late = [r for r in rows if r[1]]
    assert len(late) > 0.05 * len(rows) and all(churned == 0 for _, _, churned in late)
    nb = nbm.read(REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    text = next(c.source for c in nb.cells if c.source.startswith("## 10. Dates and the churn label"))
    assert "**training population**" in text and "order **before C**" in text and "Question 16 of 03" in text
    assert "must not depend on orders after C" in text


# Question 12b (training table): a leaked feature or a label read on the snapshot date keeps every row, so the
# visible test names the row by its key, the column that differs, and that column's hint (leakage), not "a row
# you should have but do not"; a NULL count is told about LEFT JOIN and COALESCE
TRAINING = '''q12b_training_table = """
SELECT sn.snapshot_date, o.customer_id,
       SUM(julianday(sn.snapshot_date) - julianday(o.order_date) BETWEEN 0 AND 89) AS n_orders_90d,
       julianday(sn.snapshot_date) - julianday(MAX(o.order_date)) AS days_since_last_order,
       EXISTS (SELECT 1 FROM orders x WHERE x.customer_id = o.customer_id
               AND julianday(x.order_date) - julianday(sn.snapshot_date) BETWEEN 1 AND 30) AS ordered_again
FROM snapshots sn JOIN orders o ON o.order_date <= sn.snapshot_date
GROUP BY sn.snapshot_date, o.customer_id"""'''


def training_feedback(old: str, new: str) -> dict[str, str]:
    answer = TRAINING.replace(old, new)
    assert answer != TRAINING
    return feedback(answer, "test_q12b_training_table")


def test_the_training_table_answer_written_here_passes():
    assert cell_runner.run(ASSIGNMENT, "test_q12b_training_table", cell_runner.defined(TRAINING)()) is None


@pytest.mark.parametrize("old, new, column, says_en, says_ko", [
    # every order of the customer joined: the last order ever (after the snapshot date) is read
    ("JOIN orders o ON o.order_date <= sn.snapshot_date\nGROUP BY sn.snapshot_date, o.customer_id",
     "JOIN orders o ON o.customer_id IN (SELECT customer_id FROM orders WHERE order_date <= sn.snapshot_date)\n"
     "GROUP BY sn.snapshot_date, o.customer_id", "days_since_last_order", "data leakage", "데이터 누수"),
    # the label's window starts on the snapshot date itself
    ("BETWEEN 1 AND 30", "BETWEEN 0 AND 30", "ordered_again", "not one on the date itself", "당일의 주문은"),
])
def test_a_leaked_feature_or_label_is_told_by_its_row_column_and_hint(old, new, column, says_en, says_ko):
    text = training_feedback(old, new)
    for code, says in (("en", says_en), ("ko", says_ko)):
        assert column in text[code].splitlines()[0] and says in text[code], text[code]
        assert "a row you should have but do not" not in text[code] and "있어야 하는데 없는 행" not in text[code]


def test_a_null_count_is_told_about_left_join_and_coalesce():
    answer_old = "SUM(julianday(sn.snapshot_date) - julianday(o.order_date) BETWEEN 0 AND 89)"
    text = training_feedback(answer_old, f"NULLIF({answer_old}, 0)")
    assert "n_orders_90d" in text["en"] and "COALESCE" in text["en"] and "COALESCE" in text["ko"]
