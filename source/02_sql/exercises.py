"""The exercises of 02_sql, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook;
it may use the setup cell's imports (shop, sqlite3, pd)."""


def _swap(text: str, old: str, new: str) -> str:
    """``text`` with its one occurrence of ``old`` replaced by ``new`` (a wrong answer as a change of another)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


# Question 10b's wrong answers: the solution's steps, a spine from May 26, the daily revenue, the window, June
# kept after it, each changed in one place
_Q10B_SPINE = (
    'q10b_moving_average = """\n'
    'WITH RECURSIVE days(day) AS (\n'
    "    SELECT '2026-05-26' UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < '2026-06-30'\n"
    '), daily AS (\n'
    '    SELECT o.order_date AS day, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
    '    FROM orders AS o JOIN order_items AS oi ON oi.order_id = o.order_id\n'
    "    WHERE o.status NOT IN ('cancelled', 'refunded')\n"
    "      AND o.order_date BETWEEN '2026-05-20' AND '2026-06-30'\n"
    '    GROUP BY o.order_date\n'
    '), filled AS (\n'
    '    SELECT d.day, COALESCE(daily.revenue_krw, 0) AS revenue_krw FROM days AS d LEFT JOIN daily ON daily.day = d.day\n'
    '), averaged AS (\n'
    '    SELECT day, revenue_krw,\n'
    '           AVG(revenue_krw) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg7_krw\n'
    '    FROM filled\n'
    ')\n'
    'SELECT day, revenue_krw, ROUND(avg7_krw, 1) AS avg7_krw FROM averaged WHERE day >= \'2026-06-01\' ORDER BY day"""'
)


# Question 11b's wrong answers: the solution (distinct days, the island key, one row per run, the longest by a
# second ROW_NUMBER), each changed in one place
_Q11B = (
    'q11b_longest_streak = """\n'
    'WITH days AS (\n'
    '    SELECT DISTINCT customer_id, order_date AS day FROM orders\n'
    '), islands AS (\n'
    '    SELECT customer_id, day,\n'
    '           julianday(day) - ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS island\n'
    '    FROM days\n'
    '), streaks AS (\n'
    '    SELECT customer_id, MIN(day) AS streak_start, COUNT(*) AS n_days FROM islands GROUP BY customer_id, island\n'
    '), ranked AS (\n'
    '    SELECT customer_id, n_days, streak_start,\n'
    '           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY n_days DESC, streak_start DESC) AS pick\n'
    '    FROM streaks\n'
    ')\n'
    'SELECT customer_id, n_days AS longest_streak, streak_start FROM ranked WHERE pick = 1"""'
)

# Question 11b's LAG answers: the gap to the previous order day, then one aggregate per customer
_Q11B_LAG = (
    'q11b_longest_streak = """\n'
    'WITH days AS (\n'
    '    SELECT DISTINCT customer_id, order_date AS day FROM orders\n'
    '), gaps AS (\n'
    '    SELECT customer_id, day,\n'
    '           julianday(day) - julianday(LAG(day) OVER (PARTITION BY customer_id ORDER BY day)) AS gap\n'
    '    FROM days\n'
    ')\n'
    'SELECT customer_id, 1 + SUM(gap = 1) AS longest_streak,\n'
    "       COALESCE(MIN(CASE WHEN gap = 1 THEN date(day, '-1 day') END), MIN(day)) AS streak_start\n"
    'FROM gaps GROUP BY customer_id"""'
)


# Question 12b's wrong answers: the solution (snapshots joined to the orders on or before them, the label a
# subquery over the 30 days after), each changed in one place
_Q12B = (
    'q12b_training_table = """\n'
    'SELECT s.snapshot_date,\n'
    '       o.customer_id,\n'
    "       COUNT(CASE WHEN o.order_date > date(s.snapshot_date, '-90 days') THEN 1 END) AS n_orders_90d,\n"
    '       julianday(s.snapshot_date) - julianday(MAX(o.order_date)) AS days_since_last_order,\n'
    '       EXISTS (SELECT 1 FROM orders AS later\n'
    '               WHERE later.customer_id = o.customer_id\n'
    '                 AND later.order_date > s.snapshot_date\n'
    "                 AND later.order_date <= date(s.snapshot_date, '+30 days')) AS ordered_again\n"
    'FROM snapshots AS s\n'
    'JOIN orders AS o ON o.order_date <= s.snapshot_date\n'
    'GROUP BY s.snapshot_date, o.customer_id"""'
)


EXERCISES = {
    "q1_premium_products": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Two conditions in WHERE, joined with AND: one on price_krw, one on launched_date (ISO dates "
            "compare correctly as text).",
            "'At least' means >=, and 'on or after 2025-01-01' includes that day.",
            "ORDER BY takes several columns, each with its own direction: the price descending first, then the "
            "id ascending; LIMIT comes last.",
        ],
        "alternatives": [
            # column positions in ORDER BY, NOT (<), a year prefix instead of a full date
            'q1_premium_products = """\n'
            'SELECT product_id, name, price_krw FROM products\n'
            "WHERE NOT price_krw < 100000 AND substr(launched_date, 1, 4) >= '2025'\n"
            'ORDER BY 3 DESC, 1 ASC LIMIT 10;"""',
            # a subquery that sorts, then LIMIT ... OFFSET 0
            'q1_premium_products = """\n'
            'SELECT * FROM (SELECT product_id, name, price_krw, launched_date FROM products)\n'
            "WHERE launched_date > '2024-12-31' AND price_krw BETWEEN 100000 AND 1e12\n"
            'ORDER BY price_krw DESC, product_id LIMIT 10 OFFSET 0"""\n'
            'q1_premium_products = q1_premium_products.replace("SELECT *", "SELECT product_id, name, price_krw", 1)',
        ],
        "wrong": [
            # forgets the launch-date condition
            'q1_premium_products = """SELECT product_id, name, price_krw FROM products\n'
            'WHERE price_krw >= 100000 ORDER BY price_krw DESC, product_id LIMIT 10"""',
            # cheapest first
            {"violates": "most-expensive-first", "code": 'q1_premium_products = """SELECT product_id, name, price_krw FROM products\n'
            "WHERE price_krw >= 100000 AND launched_date >= '2025-01-01' ORDER BY price_krw, product_id LIMIT 10\"\"\""},
            # hard-coded ids of the visible database
            'q1_premium_products = """SELECT product_id, name, price_krw FROM products\n'
            'WHERE product_id IN (144, 12, 62, 140, 167, 161, 86, 90, 17, 44) ORDER BY price_krw DESC, product_id"""',
            # a product at exactly 100,000 won is left out
            {"violates": "at-least-100000", "code": (
                'q1_premium_products = """SELECT product_id, name, price_krw FROM products\n'
                'WHERE price_krw > 100000 AND launched_date >= \'2025-01-01\' ORDER BY price_krw DESC, product_id LIMIT 10"""'
            )},
            # a product launched on 2025-01-01 is left out
            {"violates": "launched-on-or-after", "code": (
                'q1_premium_products = """SELECT product_id, name, price_krw FROM products\n'
                'WHERE price_krw >= 100000 AND launched_date > \'2025-01-01\' ORDER BY price_krw DESC, product_id LIMIT 10"""'
            )},
            # no LIMIT: every premium product
            {"violates": "top-10", "code": (
                'q1_premium_products = """SELECT product_id, name, price_krw FROM products\n'
                'WHERE price_krw >= 100000 AND launched_date >= \'2025-01-01\' ORDER BY price_krw DESC, product_id"""'
            )},
            # no tie-break: equal prices come in the table's storage order (by id only while the id is the rowid)
            {"violates": "ties-by-id", "code": (
                'q1_premium_products = """SELECT product_id, name, price_krw FROM products\n'
                "WHERE price_krw >= 100000 AND launched_date >= '2025-01-01'\n"
                'ORDER BY price_krw DESC LIMIT 10"""'
            )},
            # equal prices by the largest id first
            {"violates": "ties-by-id", "code": (
                'q1_premium_products = """SELECT product_id, name, price_krw FROM products\n'
                "WHERE price_krw >= 100000 AND launched_date >= '2025-01-01'\n"
                'ORDER BY price_krw DESC, product_id DESC LIMIT 10"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- SELECT product_id, name, price_krw\n"
                        "+ SELECT DISTINCT product_id, name, price_krw",
                "reason": "product_id is the primary key of products: the rows are already distinct",
            },
        ],
    },
    "q2_loyal_customers": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "One row per customer: GROUP BY customer_id with COUNT(*).",
            "Which condition is about a single order (a row) and which is about a customer's whole group of "
            "orders?",
            "The status test goes in WHERE (before grouping); the 'at least 30' test on COUNT(*) goes in "
            "HAVING (after).",
        ],
        "alternatives": [
            # conditional count over all orders instead of WHERE
            'q2_loyal_customers = """\n'
            "SELECT customer_id, SUM(status = 'delivered') AS n_orders FROM orders\n"
            "GROUP BY customer_id HAVING SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END) > 29\"\"\"",
            # a derived table filtered outside
            'q2_loyal_customers = """\n'
            "SELECT * FROM (SELECT customer_id, COUNT(order_id) AS n_orders FROM orders\n"
            "               WHERE status IN ('delivered') GROUP BY customer_id) WHERE n_orders >= 30\"\"\"",
        ],
        "wrong": [
            # the row condition in HAVING: SQLite tests the status of one arbitrary row of the group
            'q2_loyal_customers = """SELECT customer_id, COUNT(*) AS n_orders FROM orders\n'
            "GROUP BY customer_id HAVING COUNT(*) >= 30 AND status = 'delivered'\"\"\"",
            # counts every status
            'q2_loyal_customers = """SELECT customer_id, COUNT(*) AS n_orders FROM orders\n'
            'GROUP BY customer_id HAVING COUNT(*) >= 30"""',
            # an aggregate in WHERE: not valid SQL
            'q2_loyal_customers = """SELECT customer_id, COUNT(*) AS n_orders FROM orders\n'
            "WHERE status = 'delivered' AND COUNT(*) >= 30 GROUP BY customer_id\"\"\"",
            # more than 30 instead of at least 30
            {"violates": "at-least-30", "code": (
                'q2_loyal_customers = """SELECT customer_id, COUNT(*) AS n_orders FROM orders\n'
                'WHERE status = \'delivered\' GROUP BY customer_id HAVING COUNT(*) > 30"""'
            )},
            # 30 orders of any status, counting the delivered ones
            {"violates": "delivered-only", "code": (
                'q2_loyal_customers = """SELECT customer_id, SUM(status = \'delivered\') AS n_orders FROM orders\n'
                'GROUP BY customer_id HAVING COUNT(*) >= 30"""'
            )},
            # the right customers, but n_orders counts every order
            {"violates": "n-orders-delivered", "code": (
                'q2_loyal_customers = """SELECT customer_id, COUNT(*) AS n_orders FROM orders\n'
                'GROUP BY customer_id HAVING SUM(status = \'delivered\') >= 30"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- SELECT customer_id, COUNT(*) AS n_orders\n"
                        "+ SELECT DISTINCT customer_id, COUNT(*) AS n_orders",
                "reason": "GROUP BY customer_id gives one row per customer: the rows are already distinct",
            },
            {
                "diff": "- SELECT customer_id, COUNT(*) AS n_orders\n"
                        "+ SELECT customer_id, COUNT(customer_id) AS n_orders",
                "reason": "orders.customer_id is NOT NULL, so COUNT(customer_id) counts every row like COUNT(*)",
            },
            {
                "diff": "- HAVING COUNT(*) >= 30\n"
                        "+ HAVING COUNT(customer_id) >= 30",
                "reason": "orders.customer_id is NOT NULL, so COUNT(customer_id) counts every row like COUNT(*)",
            },
        ],
    },
    "q3_category_revenue": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Start from order_items: each row is one product in one order, with quantity and unit_price_krw.",
            "Join orders on order_id (for the status), products on product_id (for category_id) and categories "
            "on category_id (for the name).",
            "Exclude the two statuses in WHERE, GROUP BY the category, SUM(quantity * unit_price_krw) AS "
            "revenue_krw, and ORDER BY that sum DESC.",
        ],
        "alternatives": [
            # correlated subquery per category instead of a join to categories
            'q3_category_revenue = """\n'
            'SELECT * FROM (\n'
            '  SELECT c.name AS category,\n'
            '         (SELECT SUM(oi.quantity * oi.unit_price_krw) FROM order_items oi\n'
            '          JOIN orders o USING (order_id) JOIN products p USING (product_id)\n'
            "          WHERE p.category_id = c.category_id AND o.status IN ('paid', 'shipped', 'delivered')) AS revenue_krw\n"
            '  FROM categories c)\n'
            'WHERE revenue_krw IS NOT NULL ORDER BY revenue_krw DESC"""',
            # USING joins and IN subquery for the status
            'q3_category_revenue = """\n'
            'SELECT categories.name AS category, SUM(quantity * unit_price_krw) AS revenue_krw\n'
            'FROM order_items JOIN products USING (product_id) JOIN categories USING (category_id)\n'
            "WHERE order_id IN (SELECT order_id FROM orders WHERE status <> 'cancelled' AND status <> 'refunded')\n"
            'GROUP BY categories.name ORDER BY 2 DESC"""',
            # a tie-breaker the question does not ask for: categories with equal revenue may come in any order
            'q3_category_revenue = """\n'
            'SELECT c.name AS category, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
            'FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
            'JOIN products p ON p.product_id = oi.product_id JOIN categories c ON c.category_id = p.category_id\n'
            "WHERE o.status NOT IN ('cancelled', 'refunded') GROUP BY c.name ORDER BY revenue_krw DESC, c.name DESC\"\"\"",
        ],
        "wrong": [
            # list price instead of the price paid
            {"violates": "price-paid", "code": 'q3_category_revenue = """\n'
            'SELECT c.name AS category, SUM(oi.quantity * p.price_krw) AS revenue_krw\n'
            'FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
            'JOIN products p ON p.product_id = oi.product_id JOIN categories c ON c.category_id = p.category_id\n'
            "WHERE o.status NOT IN ('cancelled', 'refunded') GROUP BY c.name ORDER BY revenue_krw DESC\"\"\""},
            # forgets the quantity
            {"violates": "times-quantity", "code": 'q3_category_revenue = """\n'
            'SELECT c.name AS category, SUM(oi.unit_price_krw) AS revenue_krw\n'
            'FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
            'JOIN products p ON p.product_id = oi.product_id JOIN categories c ON c.category_id = p.category_id\n'
            "WHERE o.status NOT IN ('cancelled', 'refunded') GROUP BY c.name ORDER BY revenue_krw DESC\"\"\""},
            # counts cancelled and refunded orders too
            'q3_category_revenue = """\n'
            'SELECT c.name AS category, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
            'FROM order_items oi JOIN products p ON p.product_id = oi.product_id\n'
            'JOIN categories c ON c.category_id = p.category_id GROUP BY c.name ORDER BY revenue_krw DESC"""',
            # excludes refunded orders only
            {"violates": "no-cancelled", "code": (
                'q3_category_revenue = """\n'
                'SELECT c.name AS category, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
                'FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                'JOIN products p ON p.product_id = oi.product_id JOIN categories c ON c.category_id = p.category_id\n'
                'WHERE o.status <> \'refunded\' GROUP BY c.name ORDER BY revenue_krw DESC"""'
            )},
            # excludes cancelled orders only
            {"violates": "no-refunded", "code": (
                'q3_category_revenue = """\n'
                'SELECT c.name AS category, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
                'FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                'JOIN products p ON p.product_id = oi.product_id JOIN categories c ON c.category_id = p.category_id\n'
                'WHERE o.status <> \'cancelled\' GROUP BY c.name ORDER BY revenue_krw DESC"""'
            )},
            # only delivered orders: paid and shipped ones are revenue too
            {"violates": "other-statuses", "code": (
                'q3_category_revenue = """\n'
                'SELECT c.name AS category, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
                'FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                'JOIN products p ON p.product_id = oi.product_id JOIN categories c ON c.category_id = p.category_id\n'
                'WHERE o.status = \'delivered\' GROUP BY c.name ORDER BY revenue_krw DESC"""'
            )},
            # the status test inside SUM: a category sold only in cancelled orders gets a row with 0
            {"violates": "only-with-revenue", "code": (
                'q3_category_revenue = """\n'
                "SELECT c.name AS category, SUM(CASE WHEN o.status NOT IN ('cancelled', 'refunded')\n"
                '                               THEN oi.quantity * oi.unit_price_krw ELSE 0 END) AS revenue_krw\n'
                'FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                'JOIN products p ON p.product_id = oi.product_id JOIN categories c ON c.category_id = p.category_id\n'
                'GROUP BY c.category_id, c.name ORDER BY revenue_krw DESC"""'
            )},
            # smallest revenue first
            {"violates": "biggest-first", "code": (
                'q3_category_revenue = """\n'
                'SELECT c.name AS category, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
                'FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                'JOIN products p ON p.product_id = oi.product_id JOIN categories c ON c.category_id = p.category_id\n'
                'WHERE o.status NOT IN (\'cancelled\', \'refunded\') GROUP BY c.name ORDER BY revenue_krw"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- JOIN orders AS o ON o.order_id = oi.order_id\n"
                        "+ LEFT JOIN orders AS o ON o.order_id = oi.order_id",
                "reason": "order_items.order_id is a NOT NULL foreign key to orders, so every line has its "
                          "order (and a NULL status would fail NOT IN anyway)",
            },
            {
                "diff": "- JOIN products AS p ON p.product_id = oi.product_id\n"
                        "+ LEFT JOIN products AS p ON p.product_id = oi.product_id",
                "reason": "order_items.product_id is a NOT NULL foreign key to products: every line has its "
                          "product",
            },
            {
                "diff": "- JOIN categories AS c ON c.category_id = p.category_id\n"
                        "+ LEFT JOIN categories AS c ON c.category_id = p.category_id",
                "reason": "products.category_id is a NOT NULL foreign key to categories: every product has its "
                          "category",
            },
            {
                "diff": "- SELECT c.name AS category,\n"
                        "+ SELECT DISTINCT c.name AS category,",
                "reason": "grouped by category_id and category names are UNIQUE: the rows are already distinct",
            },
        ],
    },
    "q4_never_ordered": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Which table lists every product, and which one tells you a product was ordered?",
            "An inner join only produces pairs that match, so it can never produce a product that has no order "
            "line.",
            "products LEFT JOIN order_items ON the product id, then keep the rows where a column of "
            "order_items IS NULL (NOT EXISTS works too).",
        ],
        "alternatives": [
            'q4_never_ordered = """SELECT product_id, name FROM products p\n'
            'WHERE NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.product_id)"""',
            'q4_never_ordered = """SELECT product_id, name FROM products\n'
            'WHERE product_id NOT IN (SELECT product_id FROM order_items)"""',
        ],
        "wrong": [
            # INNER instead of LEFT JOIN: never any row
            {"violates": "no-order-line", "code": 'q4_never_ordered = """SELECT p.product_id, p.name FROM products p\n'
            'JOIN order_items oi ON oi.product_id = p.product_id WHERE oi.product_id IS NULL"""'},
            # COUNT(*) counts the NULL-filled row of the LEFT JOIN, so it is never 0
            'q4_never_ordered = """SELECT p.product_id, p.name FROM products p\n'
            'LEFT JOIN order_items oi ON oi.product_id = p.product_id\n'
            'GROUP BY p.product_id, p.name HAVING COUNT(*) = 0"""',
            # the ids of the visible database's dead stock, copied into the query (the hidden test's database differs)
            'q4_never_ordered = """SELECT product_id, name FROM products\n'
            'WHERE product_id IN (16, 24, 51, 78, 83, 85, 107, 116, 129, 131, 145, 180)"""',
            # only orders that were not cancelled or refunded count as orders
            {"violates": "any-status", "code": (
                'q4_never_ordered = """SELECT product_id, name FROM products WHERE product_id NOT IN (\n'
                '  SELECT oi.product_id FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                '  WHERE o.status NOT IN (\'cancelled\', \'refunded\'))"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- SELECT p.product_id, p.name\n"
                        "+ SELECT DISTINCT p.product_id, p.name",
                "reason": "the anti-join keeps at most one (NULL-padded) row per product and product_id is the "
                          "primary key",
            },
        ],
    },
    "q5_referrals": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "You need two copies of customers: one for the new customer and one for the person who referred "
            "them. Give them two aliases.",
            "The new customer's referred_by holds the referrer's customer_id: that is the join condition.",
            "Filter the new customer's signup_date to June 2026 (from 2026-06-01, before 2026-07-01) and "
            "rename the referrer's columns with AS.",
        ],
        "alternatives": [
            # scalar subquery for the referrer's name instead of a self-join
            'q5_referrals = """\n'
            'SELECT customer_id, name, referred_by AS referrer_id,\n'
            '       (SELECT r.name FROM customers r WHERE r.customer_id = c.referred_by) AS referrer_name\n'
            'FROM customers c\n'
            "WHERE referred_by IS NOT NULL AND strftime('%Y-%m', signup_date) = '2026-06'\"\"\"",
        ],
        "wrong": [
            # the join in the wrong direction: lists who *they* referred
            {"violates": "referrer-columns", "code": 'q5_referrals = """\n'
            'SELECT c.customer_id, c.name, r.customer_id AS referrer_id, r.name AS referrer_name\n'
            'FROM customers c JOIN customers r ON c.customer_id = r.referred_by\n'
            "WHERE c.signup_date >= '2026-06-01'\"\"\""},
            # LEFT JOIN keeps June customers nobody referred
            {"violates": "referred-only", "code": 'q5_referrals = """\n'
            'SELECT c.customer_id, c.name, r.customer_id AS referrer_id, r.name AS referrer_name\n'
            'FROM customers c LEFT JOIN customers r ON r.customer_id = c.referred_by\n'
            "WHERE c.signup_date >= '2026-06-01'\"\"\""},
            # after 2026-06-01 instead of from it
            {"violates": "june-1-included", "code": (
                'q5_referrals = """\n'
                'SELECT c.customer_id, c.name, r.customer_id AS referrer_id, r.name AS referrer_name\n'
                'FROM customers c JOIN customers r ON r.customer_id = c.referred_by\n'
                'WHERE c.signup_date > \'2026-06-01\' AND c.signup_date < \'2026-07-01\'"""'
            )},
            # stops before the last day of June
            {"violates": "june-30-included", "code": (
                'q5_referrals = """\n'
                'SELECT c.customer_id, c.name, r.customer_id AS referrer_id, r.name AS referrer_name\n'
                'FROM customers c JOIN customers r ON r.customer_id = c.referred_by\n'
                'WHERE c.signup_date BETWEEN \'2026-06-01\' AND \'2026-06-29\'"""'
            )},
            # the last 30 days before 2026-06-30 instead of June: 2026-05-31 slips in
            {"violates": "before-june-excluded", "code": (
                'q5_referrals = """\n'
                'SELECT c.customer_id, c.name, r.customer_id AS referrer_id, r.name AS referrer_name\n'
                'FROM customers c JOIN customers r ON r.customer_id = c.referred_by\n'
                'WHERE c.signup_date >= date(\'2026-06-30\', \'-30 days\')"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- WHERE c.signup_date >= '2026-06-01' AND c.signup_date < '2026-07-01'\n"
                        "+ WHERE c.signup_date >= '2026-06-01' AND c.signup_date <= '2026-07-01'",
                "reason": "differs only for a signup on 2026-07-01, after REF_DATE (2026-06-30, 'today'): the "
                          "notebook states the data ends on REF_DATE",
            },
            {
                "diff": "- SELECT c.customer_id, c.name, r.customer_id AS referrer_id, r.name AS "
                        "referrer_name\n"
                        "+ SELECT DISTINCT c.customer_id, c.name, r.customer_id AS referrer_id, r.name AS "
                        "referrer_name",
                "reason": "one row per new customer (primary key) joined to at most one referrer (primary "
                          "key): the rows are already distinct",
            },
        ],
    },
    "q6_phone_coverage": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "One row per region: GROUP BY region.",
            "COUNT(*) and COUNT(column) are not the same thing when the column can be NULL.",
            "COUNT(phone) counts only the non-NULL phones. Beware COUNT(phone IS NOT NULL): that expression is "
            "0 or 1, never NULL, so it counts every row.",
            "For the customers nobody names in referred_by, ask per customer whether any other customer row "
            "points at them. If you use NOT IN, look at what the subquery returns for customers nobody referred.",
        ],
        "alternatives": [
            'q6_phone_coverage = """SELECT region, COUNT(customer_id) AS n_customers,\n'
            '       SUM(CASE WHEN phone IS NULL THEN 0 ELSE 1 END) AS n_with_phone,\n'
            '       SUM(customer_id NOT IN (SELECT referred_by FROM customers WHERE referred_by IS NOT NULL))\n'
            '         AS n_never_invited_anyone\n'
            'FROM customers GROUP BY 1"""',
            # the anti-join of section 4, on distinct inviters so that nobody is counted twice
            'q6_phone_coverage = """SELECT c.region, COUNT(*) AS n_customers, COUNT(c.phone) AS n_with_phone,\n'
            '       COUNT(*) - COUNT(inv.referred_by) AS n_never_invited_anyone\n'
            'FROM customers AS c\n'
            'LEFT JOIN (SELECT DISTINCT referred_by FROM customers) AS inv ON inv.referred_by = c.customer_id\n'
            'GROUP BY c.region"""',
        ],
        "wrong": [
            # COUNT of a boolean counts every row (0 is not NULL)
            {"violates": "phone-not-null", "code": (
                'q6_phone_coverage = """SELECT region, COUNT(*) AS n_customers, COUNT(phone IS NOT NULL) AS n_with_phone,\n'
                '  SUM(NOT EXISTS (SELECT 1 FROM customers i WHERE i.referred_by = c.customer_id)) AS n_never_invited_anyone\n'
                'FROM customers c GROUP BY region"""'
            )},
            # = NULL is never true
            'q6_phone_coverage = """SELECT region, COUNT(*) AS n_customers, COUNT(*) - SUM(phone = NULL) AS n_with_phone,\n'
            '  SUM(NOT EXISTS (SELECT 1 FROM customers i WHERE i.referred_by = c.customer_id)) AS n_never_invited_anyone\n'
            'FROM customers c GROUP BY region"""',
            # filters the customers without a phone out of every count
            {"violates": "n-customers-all", "code": (
                'q6_phone_coverage = """SELECT region, COUNT(*) AS n_customers, COUNT(phone) AS n_with_phone,\n'
                '  SUM(NOT EXISTS (SELECT 1 FROM customers i WHERE i.referred_by = c.customer_id)) AS n_never_invited_anyone\n'
                'FROM customers c WHERE phone IS NOT NULL GROUP BY region"""'
            )},
            # NOT IN against a list that holds NULLs: never true, so 0 everywhere
            {"violates": "never-invited", "code": (
                'q6_phone_coverage = """SELECT region, COUNT(*) AS n_customers, COUNT(phone) AS n_with_phone,\n'
                '  SUM(customer_id NOT IN (SELECT referred_by FROM customers)) AS n_never_invited_anyone\n'
                'FROM customers GROUP BY region"""'
            )},
            # the join fans out: a customer who invited three people is three rows
            'q6_phone_coverage = """SELECT c.region, COUNT(*) AS n_customers, COUNT(c.phone) AS n_with_phone,\n'
            '  SUM(i.customer_id IS NULL) AS n_never_invited_anyone\n'
            'FROM customers c LEFT JOIN customers i ON i.referred_by = c.customer_id GROUP BY c.region"""',
            # reads it the other way round: customers nobody referred
            'q6_phone_coverage = """SELECT region, COUNT(*) AS n_customers, COUNT(phone) AS n_with_phone,\n'
            '  SUM(referred_by IS NULL) AS n_never_invited_anyone\n'
            'FROM customers GROUP BY region"""',
        ],
        "equivalent": [
            {
                "diff": "- SELECT region, COUNT(*) AS n_customers, COUNT(phone) AS n_with_phone,\n"
                        "+ SELECT DISTINCT region, COUNT(*) AS n_customers, COUNT(phone) AS n_with_phone,",
                "reason": "GROUP BY region gives one row per region: the rows are already distinct",
            },
            {
                "diff": "- SELECT region, COUNT(*) AS n_customers, COUNT(phone) AS n_with_phone,\n"
                        "+ SELECT region, COUNT(customer_id) AS n_customers, COUNT(phone) AS n_with_phone,",
                "reason": "customer_id is the INTEGER PRIMARY KEY, never NULL: COUNT(customer_id) equals "
                          "COUNT(*)",
            },
            {
                "diff": "- SUM(NOT EXISTS (SELECT 1 FROM customers AS invited\n"
                        "+ SUM(NOT EXISTS (SELECT DISTINCT 1 FROM customers AS invited",
                "reason": "EXISTS asks only whether the subquery returns a row: DISTINCT changes how many, never "
                          "whether",
            },
        ],
    },
    "q7_came_back": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Start from the reviews with rating 1; for each, ask whether a later order of the same customer "
            "exists.",
            "Inside EXISTS (SELECT 1 FROM orders o WHERE ...), the condition must link o to the outer review's "
            "customer.",
            "Compare o.order_date with date(r.created_at) using >, and use SELECT DISTINCT so a customer "
            "appears once.",
        ],
        "alternatives": [
            # a join with DISTINCT instead of EXISTS (string comparison of a date with a timestamp works here)
            'q7_came_back = """SELECT DISTINCT r.customer_id FROM reviews r\n'
            'JOIN orders o ON o.customer_id = r.customer_id AND o.order_date > r.created_at\n'
            'WHERE r.rating = 1"""',
            # IN with a correlated subquery and GROUP BY to deduplicate
            'q7_came_back = """SELECT customer_id FROM reviews r WHERE rating = 1\n'
            'AND date(created_at) < (SELECT MAX(order_date) FROM orders o WHERE o.customer_id = r.customer_id)\n'
            'GROUP BY customer_id"""',
        ],
        "wrong": [
            # the subquery is not correlated: every 1-star reviewer
            {"violates": "same-customer", "code": 'q7_came_back = """SELECT DISTINCT r.customer_id FROM reviews r WHERE r.rating = 1\n'
            'AND EXISTS (SELECT 1 FROM orders o WHERE o.order_date > date(r.created_at))"""'},
            # no DISTINCT: customers with two 1-star reviews appear twice
            {"violates": "once", "code": 'q7_came_back = """SELECT r.customer_id FROM reviews r WHERE r.rating = 1\n'
            'AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = r.customer_id\n'
            '            AND o.order_date > date(r.created_at))"""'},
            # ratings 1 and 2
            {"violates": "rating-1", "code": (
                'q7_came_back = """SELECT DISTINCT r.customer_id FROM reviews r WHERE r.rating <= 2\n'
                'AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = r.customer_id\n'
                '            AND o.order_date > date(r.created_at))"""'
            )},
            # an order on the day of the review counts as later
            {"violates": "later-day", "code": (
                'q7_came_back = """SELECT DISTINCT r.customer_id FROM reviews r WHERE r.rating = 1\n'
                'AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = r.customer_id\n'
                '            AND o.order_date >= date(r.created_at))"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- AND EXISTS (SELECT 1\n"
                        "+ AND EXISTS (SELECT DISTINCT 1",
                "reason": "EXISTS only asks whether the subquery returns a row; DISTINCT does not change that",
            },
        ],
    },
    "q8_signup_cohorts": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "First write the CTE on its own: MIN(order_date) per customer from orders. Run it with sql() to "
            "check it.",
            "Every customer counts in n_customers, including those without an order: which kind of join keeps "
            "them?",
            "GROUP BY substr(signup_date, 1, 7); count conversions with SUM(CASE WHEN julianday(first_order) - "
            "julianday(signup_date) <= 30 THEN 1 ELSE 0 END).",
        ],
        "alternatives": [
            # correlated subqueries instead of a CTE and a join
            'q8_signup_cohorts = """\n'
            "SELECT strftime('%Y-%m', signup_date) AS cohort, COUNT(*) AS n_customers,\n"
            '       COUNT(CASE WHEN (SELECT MIN(order_date) FROM orders o WHERE o.customer_id = c.customer_id)\n'
            "                       <= date(c.signup_date, '+30 days') THEN 1 END) AS n_converted\n"
            'FROM customers c GROUP BY cohort ORDER BY cohort"""',
        ],
        "wrong": [
            # INNER JOIN: customers who never ordered vanish from n_customers
            {"violates": "all-signups", "code": 'q8_signup_cohorts = """\n'
            'WITH f AS (SELECT customer_id, MIN(order_date) AS first_order FROM orders GROUP BY customer_id)\n'
            'SELECT substr(c.signup_date, 1, 7) AS cohort, COUNT(*) AS n_customers,\n'
            '       SUM(julianday(f.first_order) - julianday(c.signup_date) <= 30) AS n_converted\n'
            'FROM customers c JOIN f ON f.customer_id = c.customer_id GROUP BY cohort ORDER BY cohort"""'},
            # counts every buyer as converted, whenever they ordered
            {"violates": "converted-within-30", "code": 'q8_signup_cohorts = """\n'
            'WITH f AS (SELECT customer_id, MIN(order_date) AS first_order FROM orders GROUP BY customer_id)\n'
            'SELECT substr(c.signup_date, 1, 7) AS cohort, COUNT(*) AS n_customers, COUNT(f.first_order) AS n_converted\n'
            'FROM customers c LEFT JOIN f ON f.customer_id = c.customer_id GROUP BY cohort ORDER BY cohort"""'},
            # under 30 days: exactly 30 does not convert
            {"violates": "within-30-inclusive", "code": (
                'q8_signup_cohorts = """\n'
                'WITH f AS (SELECT customer_id, MIN(order_date) AS first_order FROM orders GROUP BY customer_id)\n'
                'SELECT substr(c.signup_date, 1, 7) AS cohort, COUNT(*) AS n_customers,\n'
                '       SUM(julianday(f.first_order) - julianday(c.signup_date) < 30) AS n_converted\n'
                'FROM customers c LEFT JOIN f ON f.customer_id = c.customer_id GROUP BY cohort ORDER BY cohort"""'
            )},
            # the first order that was not cancelled or refunded
            {"violates": "first-order-any-status", "code": (
                'q8_signup_cohorts = """\n'
                'WITH f AS (SELECT customer_id, MIN(order_date) AS first_order FROM orders\n'
                "           WHERE status NOT IN ('cancelled', 'refunded') GROUP BY customer_id)\n"
                'SELECT substr(c.signup_date, 1, 7) AS cohort, COUNT(*) AS n_customers,\n'
                '       SUM(julianday(f.first_order) - julianday(c.signup_date) <= 30) AS n_converted\n'
                'FROM customers c LEFT JOIN f ON f.customer_id = c.customer_id GROUP BY cohort ORDER BY cohort"""'
            )},
            # the cohort of the first order's month instead of the signup month
            {"violates": "signup-month", "code": (
                'q8_signup_cohorts = """\n'
                'WITH f AS (SELECT customer_id, MIN(order_date) AS first_order FROM orders GROUP BY customer_id)\n'
                'SELECT substr(COALESCE(f.first_order, c.signup_date), 1, 7) AS cohort, COUNT(*) AS n_customers,\n'
                '       SUM(julianday(f.first_order) - julianday(c.signup_date) <= 30) AS n_converted\n'
                'FROM customers c LEFT JOIN f ON f.customer_id = c.customer_id GROUP BY cohort ORDER BY cohort"""'
            )},
            # newest cohort first
            {"violates": "sorted-by-cohort", "code": (
                'q8_signup_cohorts = """\n'
                'WITH f AS (SELECT customer_id, MIN(order_date) AS first_order FROM orders GROUP BY customer_id)\n'
                'SELECT substr(c.signup_date, 1, 7) AS cohort, COUNT(*) AS n_customers,\n'
                '       SUM(julianday(f.first_order) - julianday(c.signup_date) <= 30) AS n_converted\n'
                'FROM customers c LEFT JOIN f ON f.customer_id = c.customer_id GROUP BY cohort ORDER BY cohort DESC"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- SELECT customer_id, MIN(order_date) AS first_order\n"
                        "+ SELECT DISTINCT customer_id, MIN(order_date) AS first_order",
                "reason": "the CTE groups by customer_id: its rows are already distinct",
            },
            {
                "diff": "- SELECT substr(c.signup_date, 1, 7) AS cohort,\n"
                        "+ SELECT DISTINCT substr(c.signup_date, 1, 7) AS cohort,",
                "reason": "GROUP BY cohort gives one row per cohort: the rows are already distinct",
            },
        ],
    },
    "q9_price_rank": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "A window function keeps one row per product while looking at the other products of its category.",
            "PARTITION BY restarts the ranking in each category; ORDER BY ... DESC puts the most expensive "
            "first.",
            "Of ROW_NUMBER, RANK and DENSE_RANK, only one gives ties the same rank and then skips (1, 2, 2, 4).",
        ],
        "alternatives": [
            # a correlated count instead of a window: 1 + the number of pricier products in the category
            'q9_price_rank = """SELECT category_id, product_id, price_krw,\n'
            '  1 + (SELECT COUNT(*) FROM products p2 WHERE p2.category_id = p.category_id\n'
            '       AND p2.price_krw > p.price_krw) AS price_rank\n'
            'FROM products p"""',
            # a named window
            'q9_price_rank = """SELECT category_id, product_id, price_krw, RANK() OVER w AS price_rank\n'
            'FROM products WINDOW w AS (PARTITION BY category_id ORDER BY price_krw DESC)"""',
        ],
        "wrong": [
            # ROW_NUMBER gives ties different ranks
            {"violates": "ties-share", "code": 'q9_price_rank = """SELECT category_id, product_id, price_krw,\n'
            '  ROW_NUMBER() OVER (PARTITION BY category_id ORDER BY price_krw DESC) AS price_rank FROM products"""'},
            # DENSE_RANK does not skip after a tie
            {"violates": "skip-after-tie", "code": 'q9_price_rank = """SELECT category_id, product_id, price_krw,\n'
            '  DENSE_RANK() OVER (PARTITION BY category_id ORDER BY price_krw DESC) AS price_rank FROM products"""'},
            # no PARTITION BY: one ranking over all products
            {"violates": "per-category", "code": 'q9_price_rank = """SELECT category_id, product_id, price_krw,\n'
            '  RANK() OVER (ORDER BY price_krw DESC) AS price_rank FROM products"""'},
            # the cheapest product gets rank 1
            {"violates": "most-expensive-1", "code": (
                'q9_price_rank = """SELECT category_id, product_id, price_krw,\n'
                '  RANK() OVER (PARTITION BY category_id ORDER BY price_krw) AS price_rank FROM products"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- SELECT category_id, product_id, price_krw,\n"
                        "+ SELECT DISTINCT category_id, product_id, price_krw,",
                "reason": "one row per product and product_id is the primary key: the rows are already distinct",
            },
        ],
    },
    "q9b_top_sellers": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted (a tie for third place, a tie for second place, a product sold only '
                   'in cancelled and refunded orders)',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "First the units per product: join order_items, orders and products, leave out cancelled and "
            "refunded orders, and SUM the quantity per product.",
            "Then the rank within each category: RANK() OVER (PARTITION BY category_id ORDER BY units DESC), in a "
            "second CTE or a subquery.",
            "WHERE cannot see a window function of its own SELECT: filter sales_rank <= 3 in the outer query. "
            "ROW_NUMBER would cut a tie for third place; DENSE_RANK would keep a fourth product after a tie.",
        ],
        "alternatives": [
            # no window: 1 + the number of products of the category that sold more, in a subquery
            'q9b_top_sellers = """\n'
            'SELECT * FROM (\n'
            '  SELECT s.category_id, s.product_id, s.units,\n'
            '         1 + (SELECT COUNT(*) FROM (SELECT p2.category_id, SUM(i2.quantity) AS units\n'
            '                                    FROM order_items i2 JOIN orders o2 USING (order_id)\n'
            '                                    JOIN products p2 USING (product_id)\n'
            "                                    WHERE o2.status IN ('paid', 'shipped', 'delivered')\n"
            '                                    GROUP BY i2.product_id) t\n'
            '              WHERE t.category_id = s.category_id AND t.units > s.units) AS sales_rank\n'
            '  FROM (SELECT p.category_id, i.product_id, SUM(i.quantity) AS units\n'
            '        FROM order_items i JOIN orders o USING (order_id) JOIN products p USING (product_id)\n'
            "        WHERE o.status IN ('paid', 'shipped', 'delivered')\n"
            '        GROUP BY i.product_id) s)\n'
            'WHERE sales_rank < 4"""',
            # one SELECT: the window ranks the aggregate itself (ORDER BY SUM(...)), the filter in an outer query
            'q9b_top_sellers = """\n'
            'SELECT category_id, product_id, units, sales_rank FROM (\n'
            '  SELECT p.category_id, p.product_id, SUM(oi.quantity) AS units,\n'
            '         RANK() OVER (PARTITION BY p.category_id ORDER BY SUM(oi.quantity) DESC) AS sales_rank\n'
            '  FROM products p JOIN order_items oi ON oi.product_id = p.product_id\n'
            '  JOIN orders o ON o.order_id = oi.order_id\n'
            "  WHERE o.status IN ('paid', 'shipped', 'delivered')\n"
            '  GROUP BY p.category_id, p.product_id)\n'
            'WHERE sales_rank BETWEEN 1 AND 3"""',
        ],
        "wrong": [
            # ROW_NUMBER cuts a tie for third place
            {"violates": "ties-share", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, oi.product_id, SUM(oi.quantity) AS units\n'
                '  FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                '  JOIN products p ON p.product_id = oi.product_id\n'
                "  WHERE o.status NOT IN ('cancelled', 'refunded')\n"
                '  GROUP BY p.category_id, oi.product_id),\n'
                ' r AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY category_id ORDER BY units DESC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank <= 3"""'
            )},
            # DENSE_RANK keeps the product after a tie for second place
            {"violates": "skip-after-tie", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, oi.product_id, SUM(oi.quantity) AS units\n'
                '  FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                '  JOIN products p ON p.product_id = oi.product_id\n'
                "  WHERE o.status NOT IN ('cancelled', 'refunded')\n"
                '  GROUP BY p.category_id, oi.product_id),\n'
                ' r AS (SELECT *, DENSE_RANK() OVER (PARTITION BY category_id ORDER BY units DESC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank <= 3"""'
            )},
            # no PARTITION BY: the top three of the whole shop
            {"violates": "per-category", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, oi.product_id, SUM(oi.quantity) AS units\n'
                '  FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                '  JOIN products p ON p.product_id = oi.product_id\n'
                "  WHERE o.status NOT IN ('cancelled', 'refunded')\n"
                '  GROUP BY p.category_id, oi.product_id),\n'
                ' r AS (SELECT *, RANK() OVER (ORDER BY units DESC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank <= 3"""'
            )},
            # counts order lines, not units
            {"violates": "units-sum", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, oi.product_id, COUNT(*) AS units\n'
                '  FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                '  JOIN products p ON p.product_id = oi.product_id\n'
                "  WHERE o.status NOT IN ('cancelled', 'refunded')\n"
                '  GROUP BY p.category_id, oi.product_id),\n'
                ' r AS (SELECT *, RANK() OVER (PARTITION BY category_id ORDER BY units DESC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank <= 3"""'
            )},
            # cancelled and refunded orders count
            {"violates": "units-status", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, oi.product_id, SUM(oi.quantity) AS units\n'
                '  FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                '  JOIN products p ON p.product_id = oi.product_id\n'
                '  GROUP BY p.category_id, oi.product_id),\n'
                ' r AS (SELECT *, RANK() OVER (PARTITION BY category_id ORDER BY units DESC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank <= 3"""'
            )},
            # the least sold products first
            {"violates": "most-units-1", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, oi.product_id, SUM(oi.quantity) AS units\n'
                '  FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                '  JOIN products p ON p.product_id = oi.product_id\n'
                "  WHERE o.status NOT IN ('cancelled', 'refunded')\n"
                '  GROUP BY p.category_id, oi.product_id),\n'
                ' r AS (SELECT *, RANK() OVER (PARTITION BY category_id ORDER BY units ASC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank <= 3"""'
            )},
            # rank < 3: only the top two
            {"violates": "top-3", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, oi.product_id, SUM(oi.quantity) AS units\n'
                '  FROM order_items oi JOIN orders o ON o.order_id = oi.order_id\n'
                '  JOIN products p ON p.product_id = oi.product_id\n'
                "  WHERE o.status NOT IN ('cancelled', 'refunded')\n"
                '  GROUP BY p.category_id, oi.product_id),\n'
                ' r AS (SELECT *, RANK() OVER (PARTITION BY category_id ORDER BY units DESC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank < 3"""'
            )},
            # every product of the category (LEFT JOIN), unsold ones with 0 units: a category with fewer than
            # three sold products lists an unsold one
            {"violates": "sold-only", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, p.product_id, COALESCE(SUM(CASE WHEN o.status NOT IN\n'
                "             ('cancelled', 'refunded') THEN oi.quantity END), 0) AS units\n"
                '           FROM products p LEFT JOIN order_items oi ON oi.product_id = p.product_id\n'
                '           LEFT JOIN orders o ON o.order_id = oi.order_id GROUP BY p.category_id, p.product_id),\n'
                ' r AS (SELECT *, RANK() OVER (PARTITION BY category_id ORDER BY units DESC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank <= 3"""'
            )},
            # every product (LEFT JOINs), the status test in WHERE with IS NULL: a product never ordered keeps its
            # row with 0 units (one ordered only in cancelled orders does not)
            {"violates": "sold-only", "code": (
                'q9b_top_sellers = """\n'
                'WITH u AS (SELECT p.category_id, p.product_id, COALESCE(SUM(oi.quantity), 0) AS units\n'
                '           FROM products p LEFT JOIN order_items oi ON oi.product_id = p.product_id\n'
                '           LEFT JOIN orders o ON o.order_id = oi.order_id\n'
                "           WHERE o.status IS NULL OR o.status NOT IN ('cancelled', 'refunded')\n"
                '           GROUP BY p.category_id, p.product_id),\n'
                ' r AS (SELECT *, RANK() OVER (PARTITION BY category_id ORDER BY units DESC) AS sales_rank FROM u)\n'
                'SELECT category_id, product_id, units, sales_rank FROM r WHERE sales_rank <= 3"""'
            )},
            # the visible database's rows, typed in
            'q9b_top_sellers = """WITH t(category_id, product_id, units, sales_rank) AS (VALUES\n'
            '(7, 105, 330, 1), (7, 149, 158, 2), (7, 122, 75, 3), (8, 118, 208, 1), (8, 109, 136, 2), (8,\n'
            '100, 103, 3), (9, 47, 125, 1), (9, 61, 125, 1), (9, 77, 71, 3), (10, 166, 394, 1), (10, 168,\n'
            '394, 1), (10, 170, 256, 3), (11, 173, 206, 1), (11, 46, 181, 2), (11, 133, 179, 3), (12, 114,\n'
            '400, 1), (12, 65, 295, 2), (12, 102, 208, 3), (13, 91, 258, 1), (13, 169, 155, 2), (13, 43, 109,\n'
            '3), (14, 101, 448, 1), (14, 157, 162, 2), (14, 128, 114, 3), (15, 58, 202, 1), (15, 20, 184, 2),\n'
            '(15, 92, 178, 3), (16, 144, 136, 1), (16, 73, 128, 2), (16, 63, 108, 3), (17, 121, 162, 1), (17,\n'
            '193, 136, 2), (17, 52, 106, 3), (18, 19, 167, 1), (18, 142, 155, 2), (18, 188, 89, 3), (19, 175,\n'
            '454, 1), (19, 75, 278, 2), (19, 39, 233, 3), (20, 69, 416, 1), (20, 187, 350, 2), (20, 110, 211,\n'
            '3), (21, 89, 426, 1), (21, 15, 126, 2), (21, 194, 112, 3), (22, 119, 471, 1), (22, 124, 154, 2),\n'
            '(22, 185, 144, 3), (23, 49, 263, 1), (23, 161, 241, 2), (23, 156, 184, 3), (24, 74, 228, 1),\n'
            '(24, 148, 224, 2), (24, 178, 160, 3)\n'
            ') SELECT * FROM t"""',
        ],
        "equivalent": [
            {
                "diff": "- JOIN orders AS o ON o.order_id = oi.order_id\n"
                        "+ LEFT JOIN orders AS o ON o.order_id = oi.order_id",
                "reason": "every order line has its order (order_items.order_id REFERENCES orders), so LEFT JOIN "
                          "adds no NULL row; and WHERE o.status NOT IN (...) would drop one",
            },
            {
                "diff": "- JOIN products AS p ON p.product_id = oi.product_id\n"
                        "+ LEFT JOIN products AS p ON p.product_id = oi.product_id",
                "reason": "every order line has its product (order_items.product_id REFERENCES products), so LEFT "
                          "JOIN adds no NULL row",
            },
            {
                "diff": "- SELECT p.category_id, oi.product_id, SUM(oi.quantity) AS units\n"
                        "+ SELECT DISTINCT p.category_id, oi.product_id, SUM(oi.quantity) AS units",
                "reason": "GROUP BY gives one row per product: the rows are already distinct",
            },
            {
                "diff": "- SELECT category_id, product_id, units,\n"
                        "+ SELECT DISTINCT category_id, product_id, units,",
                "reason": "one row per product (the CTE above is grouped by product): the rows are already distinct",
            },
            {
                "diff": "- SELECT category_id, product_id, units, sales_rank\n"
                        "+ SELECT DISTINCT category_id, product_id, units, sales_rank",
                "reason": "one row per product (the CTEs above): the rows are already distinct",
            },
        ],
    },
    "q10_running_revenue": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Two steps: one row per day with that day's revenue, then the running total over those rows.",
            "Step one is a join of orders and order_items with the status and June filters, grouped by "
            "order_date (a CTE is convenient).",
            "Step two: SUM(revenue_krw) OVER (ORDER BY day); without ORDER BY inside OVER you get the month's "
            "total on every row.",
        ],
        "alternatives": [
            # a self-join on the daily totals instead of a window
            'q10_running_revenue = """\n'
            'WITH d AS (SELECT order_date AS day, SUM(quantity * unit_price_krw) AS revenue_krw\n'
            '           FROM orders JOIN order_items USING (order_id)\n'
            "           WHERE status IN ('paid', 'shipped', 'delivered') AND order_date LIKE '2026-06-%'\n"
            '           GROUP BY order_date)\n'
            'SELECT a.day, a.revenue_krw, SUM(b.revenue_krw) AS running_krw\n'
            'FROM d a JOIN d b ON b.day <= a.day GROUP BY a.day, a.revenue_krw ORDER BY a.day"""',
        ],
        "wrong": [
            # OVER () without ORDER BY: the month total on every row
            {"violates": "running-total", "code": 'q10_running_revenue = """\n'
            'WITH d AS (SELECT order_date AS day, SUM(quantity * unit_price_krw) AS revenue_krw\n'
            '           FROM orders JOIN order_items USING (order_id)\n'
            "           WHERE status NOT IN ('cancelled', 'refunded') AND order_date >= '2026-06-01'\n"
            '           GROUP BY order_date)\n'
            'SELECT day, revenue_krw, SUM(revenue_krw) OVER () AS running_krw FROM d ORDER BY day"""'},
            # off by one day: starts on 2026-06-02
            {"violates": "from-june-1", "code": 'q10_running_revenue = """\n'
            'WITH d AS (SELECT order_date AS day, SUM(quantity * unit_price_krw) AS revenue_krw\n'
            '           FROM orders JOIN order_items USING (order_id)\n'
            "           WHERE status NOT IN ('cancelled', 'refunded') AND order_date > '2026-06-01'\n"
            '           GROUP BY order_date)\n'
            'SELECT day, revenue_krw, SUM(revenue_krw) OVER (ORDER BY day) AS running_krw FROM d ORDER BY day"""'},
            # stops before the last day of June
            {"violates": "through-june-30", "code": (
                'q10_running_revenue = """\n'
                'WITH d AS (SELECT order_date AS day, SUM(quantity * unit_price_krw) AS revenue_krw\n'
                '           FROM orders JOIN order_items USING (order_id)\n'
                "           WHERE status NOT IN ('cancelled', 'refunded') AND order_date >= '2026-06-01' AND order_date < '2026-06-30'\n"
                '           GROUP BY order_date)\n'
                'SELECT day, revenue_krw, SUM(revenue_krw) OVER (ORDER BY day) AS running_krw FROM d ORDER BY day"""'
            )},
            # the last 30 days instead of June: 2026-05-31 comes in
            {"violates": "june-only", "code": (
                'q10_running_revenue = """\n'
                'WITH d AS (SELECT order_date AS day, SUM(quantity * unit_price_krw) AS revenue_krw\n'
                '           FROM orders JOIN order_items USING (order_id)\n'
                "           WHERE status NOT IN ('cancelled', 'refunded') AND order_date >= date('2026-06-30', '-30 days')\n"
                '           GROUP BY order_date)\n'
                'SELECT day, revenue_krw, SUM(revenue_krw) OVER (ORDER BY day) AS running_krw FROM d ORDER BY day"""'
            )},
            # no status filter
            {"violates": "no-cancelled-refunded", "code": (
                'q10_running_revenue = """\n'
                'WITH d AS (SELECT order_date AS day, SUM(quantity * unit_price_krw) AS revenue_krw\n'
                '           FROM orders JOIN order_items USING (order_id)\n'
                "           WHERE order_date BETWEEN '2026-06-01' AND '2026-06-30'\n"
                '           GROUP BY order_date)\n'
                'SELECT day, revenue_krw, SUM(revenue_krw) OVER (ORDER BY day) AS running_krw FROM d ORDER BY day"""'
            )},
            # the status test inside SUM: a day of cancelled orders gets a row with 0
            {"violates": "days-with-revenue", "code": (
                'q10_running_revenue = """\n'
                "WITH d AS (SELECT order_date AS day, SUM(CASE WHEN status NOT IN ('cancelled', 'refunded')\n"
                '                                          THEN quantity * unit_price_krw ELSE 0 END) AS revenue_krw\n'
                '           FROM orders JOIN order_items USING (order_id)\n'
                "           WHERE order_date BETWEEN '2026-06-01' AND '2026-06-30' GROUP BY order_date)\n"
                'SELECT day, revenue_krw, SUM(revenue_krw) OVER (ORDER BY day) AS running_krw FROM d ORDER BY day"""'
            )},
            # newest day first
            {"violates": "sorted-by-day", "code": (
                'q10_running_revenue = """\n'
                'WITH d AS (SELECT order_date AS day, SUM(quantity * unit_price_krw) AS revenue_krw\n'
                '           FROM orders JOIN order_items USING (order_id)\n'
                "           WHERE status NOT IN ('cancelled', 'refunded') AND order_date BETWEEN '2026-06-01' AND '2026-06-30'\n"
                '           GROUP BY order_date)\n'
                'SELECT day, revenue_krw, SUM(revenue_krw) OVER (ORDER BY day) AS running_krw FROM d ORDER BY day DESC"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- JOIN order_items AS oi ON oi.order_id = o.order_id\n"
                        "+ LEFT JOIN order_items AS oi ON oi.order_id = o.order_id",
                "reason": "every order has at least one order line (the schema diagram: orders ||--|{ "
                          "order_items), so LEFT JOIN adds no NULL row",
            },
            {
                "diff": "- SELECT o.order_date AS day, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n"
                        "+ SELECT DISTINCT o.order_date AS day, SUM(oi.quantity * oi.unit_price_krw) AS "
                        "revenue_krw",
                "reason": "the CTE groups by order_date: its rows are already distinct",
            },
            {
                "diff": "- SELECT day, revenue_krw, SUM(revenue_krw) OVER (ORDER BY day) AS running_krw\n"
                        "+ SELECT DISTINCT day, revenue_krw, SUM(revenue_krw) OVER (ORDER BY day) AS "
                        "running_krw",
                "reason": "daily has one row per day: the rows are already distinct",
            },
        ],
    },
    "q10b_moving_average": {
        "domain": {'inputs': "the shop's database of the visible seed with a June day without any order and one with only "
                   "cancelled orders, and of a hidden seed with other such days (in May too) and every boundary the "
                   "question names planted",
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Three steps: a date spine (one row per calendar day, WITH RECURSIVE), the daily revenue LEFT JOINed to "
            "it with COALESCE(..., 0), then the window. Start the spine on 2026-05-26: June 1st's average needs the "
            "six days before it.",
            "On the spine, AVG(revenue_krw) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) is the "
            "average of 7 days, the zero days included. Without the spine, 7 rows are not 7 days.",
            "Keep June only after the window (in an outer query): a WHERE in the SELECT that computes the window "
            "runs first, and May would leave the frame.",
        ],
        "alternatives": [
            # a correlated subquery over a June spine: the 7 days' revenue added up and divided by 7
            'q10b_moving_average = """\n'
            'WITH RECURSIVE june(day) AS (\n'
            "    SELECT date('2026-06-01') UNION ALL SELECT date(day, '+1 day') FROM june WHERE day < '2026-06-30'\n"
            '), paid AS (\n'
            '    SELECT order_date, quantity * unit_price_krw AS krw\n'
            '    FROM orders JOIN order_items USING (order_id)\n'
            "    WHERE status IN ('paid', 'shipped', 'delivered')\n"
            ')\n'
            'SELECT day,\n'
            '       (SELECT COALESCE(SUM(krw), 0) FROM paid WHERE order_date = june.day) AS revenue_krw,\n'
            '       (SELECT COALESCE(SUM(krw), 0) FROM paid\n'
            "        WHERE order_date BETWEEN date(june.day, '-6 days') AND june.day) / 7.0 AS avg7_krw\n"
            'FROM june\n'
            'ORDER BY day"""',
            # a RANGE frame over julianday: the days with revenue plus a 0 for every June day, 6 days back by date
            'q10b_moving_average = """\n'
            'WITH RECURSIVE june(day) AS (\n'
            "    SELECT '2026-06-01' UNION ALL SELECT date(day, '+1 day') FROM june WHERE day < '2026-06-30'\n"
            '), daily AS (\n'
            '    SELECT day, SUM(krw) AS revenue_krw FROM (\n'
            '        SELECT o.order_date AS day, oi.quantity * oi.unit_price_krw AS krw\n'
            '        FROM orders o JOIN order_items oi ON oi.order_id = o.order_id\n'
            "        WHERE o.status <> 'cancelled' AND o.status <> 'refunded' AND o.order_date >= '2026-05-01'\n"
            '        UNION ALL\n'
            '        SELECT day, 0 FROM june)\n'
            '    GROUP BY day\n'
            '), moving AS (\n'
            '    SELECT day, revenue_krw,\n'
            '           SUM(revenue_krw) OVER (ORDER BY julianday(day) RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) / 7.0\n'
            '               AS avg7_krw\n'
            '    FROM daily\n'
            ')\n'
            'SELECT * FROM moving WHERE day BETWEEN \'2026-06-01\' AND \'2026-06-30\' ORDER BY day"""',
            # a self-join of the daily revenue on a spine with the days at most 6 before, rounded to 2 decimals
            'q10b_moving_average = """\n'
            'WITH RECURSIVE spine(day) AS (\n'
            "    SELECT '2026-05-26' UNION ALL SELECT date(day, '+1 day') FROM spine WHERE day < '2026-06-30'\n"
            '), daily AS (\n'
            '    SELECT s.day, IFNULL(SUM(oi.quantity * oi.unit_price_krw), 0) AS revenue_krw\n'
            '    FROM spine s\n'
            "    LEFT JOIN orders o ON o.order_date = s.day AND o.status NOT IN ('cancelled', 'refunded')\n"
            '    LEFT JOIN order_items oi ON oi.order_id = o.order_id\n'
            '    GROUP BY s.day\n'
            ')\n'
            'SELECT a.day, a.revenue_krw, ROUND(SUM(b.revenue_krw) / 7.0, 2) AS avg7_krw\n'
            'FROM daily a JOIN daily b ON julianday(a.day) - julianday(b.day) BETWEEN 0 AND 6\n'
            "WHERE a.day >= '2026-06-01'\n"
            'GROUP BY a.day, a.revenue_krw\n'
            'ORDER BY a.day"""',
        ],
        "wrong": [
            # a ROWS frame on the days that have revenue, without a spine: a day without revenue has no row (and 7 rows span more than 7 days)
            {"violates": "every-june-day", "code": (
                'q10b_moving_average = """\n'
                'WITH daily AS (\n'
                '    SELECT o.order_date AS day, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
                '    FROM orders AS o JOIN order_items AS oi ON oi.order_id = o.order_id\n'
                "    WHERE o.status NOT IN ('cancelled', 'refunded') AND o.order_date BETWEEN '2026-05-26' AND '2026-06-30'\n"
                '    GROUP BY o.order_date\n'
                '), averaged AS (\n'
                '    SELECT day, revenue_krw,\n'
                '           AVG(revenue_krw) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg7_krw\n'
                '    FROM daily\n'
                ')\n'
                'SELECT * FROM averaged WHERE day >= \'2026-06-01\' ORDER BY day"""'
            )},
            # a spine without COALESCE: a day without revenue shows NULL (the sum / 7.0 keeps the averages right)
            {"violates": "zero-revenue", "code": (
                'q10b_moving_average = """\n'
                'WITH RECURSIVE days(day) AS (\n'
                "    SELECT '2026-05-26' UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < '2026-06-30'\n"
                '), daily AS (\n'
                '    SELECT o.order_date AS day, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
                '    FROM orders AS o JOIN order_items AS oi ON oi.order_id = o.order_id\n'
                "    WHERE o.status NOT IN ('cancelled', 'refunded')\n"
                "      AND o.order_date BETWEEN '2026-05-20' AND '2026-06-30'\n"
                '    GROUP BY o.order_date\n'
                '), filled AS (\n'
                '    SELECT d.day, daily.revenue_krw AS revenue_krw FROM days AS d LEFT JOIN daily ON daily.day = d.day\n'
                '), averaged AS (\n'
                '    SELECT day, revenue_krw,\n'
                '           SUM(revenue_krw) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg7_krw\n'
                '    FROM filled\n'
                ')\n'
                'SELECT day, revenue_krw, avg7_krw / 7.0 AS avg7_krw FROM averaged WHERE day >= \'2026-06-01\' ORDER BY day"""'
            )},
            # AVG over the days that have revenue only: NULLIF(revenue_krw, 0) makes AVG skip a day of 0
            {"violates": "zero-days-count", "code": _swap(_Q10B_SPINE, "AVG(revenue_krw)", "AVG(NULLIF(revenue_krw, 0))")},
            # a frame of 7 PRECEDING: 8 days
            {"violates": "seven-days", "code": _swap(_Q10B_SPINE, "6 PRECEDING AND CURRENT ROW",
                                                      "7 PRECEDING AND CURRENT ROW")},
            # the 7 days before, without the day itself
            {"violates": "seven-days", "code": _swap(_Q10B_SPINE, "6 PRECEDING AND CURRENT ROW",
                                                      "7 PRECEDING AND 1 PRECEDING")},
            # the spine starts on June 1 (as in the section's example): the first days of June average June's days only
            {"violates": "may-days", "code": _swap(_Q10B_SPINE, "SELECT '2026-05-26'", "SELECT '2026-06-01'")},
            # June filtered in the SELECT of the window: WHERE runs first, so May never enters the frame
            {"violates": "may-days", "code": _swap(_Q10B_SPINE, "    FROM filled\n",
                                                    "    FROM filled\n    WHERE day >= '2026-06-01'\n")},
            # the spine starts a day late (May 27): June 1st's average is over 6 days
            {"violates": "may-days", "code": _swap(_Q10B_SPINE, "SELECT '2026-05-26'", "SELECT '2026-05-27'")},
            # cancelled and refunded orders counted
            {"violates": "no-cancelled-refunded", "code": _swap(
                _Q10B_SPINE, "    WHERE o.status NOT IN ('cancelled', 'refunded')\n      AND o.order_date",
                "    WHERE o.order_date")},
            # integer division: SUM / 7 of integers drops the decimals
            {"violates": "avg-precision", "code": _swap(_swap(
                _Q10B_SPINE, "AVG(revenue_krw) OVER", "SUM(revenue_krw) OVER"),
                "ROUND(avg7_krw, 1) AS avg7_krw", "avg7_krw / 7 AS avg7_krw")},
            # newest day first
            {"violates": "sorted-by-day", "code": _swap(_Q10B_SPINE, 'ORDER BY day"""', 'ORDER BY day DESC"""')},
            # the visible test's rows, copied into the query (the hidden test's database differs)
            'q10b_moving_average = """SELECT column1 AS day, column2 AS revenue_krw, column3 AS avg7_krw FROM (VA'
            "LUES ('2026-06-01', 4363600, 5200285.7), ('2026-06-02', 2687000, 4983657.1), ('2026-06-03', 3404400,"
            " 4881828.6), ('2026-06-04', 4557600, 4699242.9), ('2026-06-05', 3053000, 4293185.7), ('2026-06-06', "
            "3333400, 3937414.3), ('2026-06-07', 3870200, 3609885.7), ('2026-06-08', 4795100, 3671528.6), ('2026-"
            "06-09', 0, 3287671.4), ('2026-06-10', 3078600, 3241128.6), ('2026-06-11', 5641900, 3396028.6), ('202"
            "6-06-12', 3871800, 3513000.0), ('2026-06-13', 5718100, 3853671.4), ('2026-06-14', 6131900, 4176771.4"
            "), ('2026-06-15', 2614200, 3865214.3), ('2026-06-16', 0, 3865214.3), ('2026-06-17', 4842200, 4117157"
            ".1), ('2026-06-18', 3774900, 3850442.9), ('2026-06-19', 3217300, 3756942.9), ('2026-06-20', 5190100,"
            " 3681514.3), ('2026-06-21', 3734200, 3338985.7), ('2026-06-22', 2670100, 3346971.4), ('2026-06-23', "
            "3102100, 3790128.6), ('2026-06-24', 3985500, 3667742.9), ('2026-06-25', 5244100, 3877628.6), ('2026-"
            "06-26', 4164500, 4012942.9), ('2026-06-27', 4236900, 3876771.4), ('2026-06-28', 4832800, 4033714.3),"
            ' (\'2026-06-29\', 3904400, 4210042.9), (\'2026-06-30\', 4571200, 4419914.3)) ORDER BY 1"""',
        ],
        "equivalent": [
            {
                "diff": '- FROM orders AS o JOIN order_items AS oi ON oi.order_id = o.order_id\n'
                        '+ FROM orders AS o LEFT JOIN order_items AS oi ON oi.order_id = o.order_id',
                "reason": 'every order has at least one order line (the schema diagram: orders ||--|{ order_items), so LEFT JOIN adds no NULL row',
            },
            {
                "diff": "- SELECT '2026-05-26'\n"
                        "+ SELECT DISTINCT '2026-05-26'",
                "reason": "the spine's starting SELECT gives one row: it is already distinct",
            },
            {
                "diff": "- SELECT date(day, '+1 day') FROM days WHERE day < '2026-06-30'\n"
                        "+ SELECT DISTINCT date(day, '+1 day') FROM days WHERE day < '2026-06-30'",
                "reason": 'each step of the spine gives one new day: its rows are already distinct',
            },
            {
                "diff": '- SELECT o.order_date AS day, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw\n'
                        '+ SELECT DISTINCT o.order_date AS day, SUM(oi.quantity * oi.unit_price_krw) AS revenue_krw',
                "reason": 'the CTE groups by order_date: its rows are already distinct',
            },
            {
                "diff": '- SELECT d.day, COALESCE(daily.revenue_krw, 0) AS revenue_krw\n'
                        '+ SELECT DISTINCT d.day, COALESCE(daily.revenue_krw, 0) AS revenue_krw',
                "reason": 'the spine has one row per day and daily one row per day: the rows are already distinct',
            },
            {
                "diff": '- SELECT day, revenue_krw,\n'
                        '+ SELECT DISTINCT day, revenue_krw,',
                "reason": 'filled has one row per day: the rows are already distinct',
            },
            {
                "diff": '- SELECT day, revenue_krw, ROUND(avg7_krw, 1) AS avg7_krw\n'
                        '+ SELECT DISTINCT day, revenue_krw, ROUND(avg7_krw, 1) AS avg7_krw',
                "reason": 'averaged has one row per day: the rows are already distinct',
            },
            {
                "diff": '- SELECT day, revenue_krw, ROUND(avg7_krw, 1) AS avg7_krw\n'
                        '+ SELECT day, revenue_krw, avg7_krw AS avg7_krw',
                "reason": 'the question accepts values within 0.1 of the exact average, rounded or not',
            },
        ],
    },
    "q11_order_gaps": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "For each order you need the previous order date of the same customer.",
            "LAG(order_date) OVER (PARTITION BY customer_id ORDER BY order_date) gives it (NULL for a "
            "customer's first order); compute the gap with julianday() in a CTE.",
            "Then GROUP BY customer_id: COUNT(*) for n_orders, AVG(gap) for the average (AVG skips the NULL), "
            "HAVING COUNT(*) >= 20.",
        ],
        "alternatives": [
            # no window at all: (last - first) / (n - 1) is the average of the gaps
            'q11_order_gaps = """SELECT customer_id, COUNT(*) AS n_orders,\n'
            '  (julianday(MAX(order_date)) - julianday(MIN(order_date))) / (COUNT(*) - 1) AS avg_gap_days\n'
            'FROM orders GROUP BY customer_id HAVING n_orders >= 20"""',
            # a correlated subquery for the previous order date instead of LAG
            'q11_order_gaps = """\n'
            'WITH prev AS (SELECT o.customer_id, o.order_date,\n'
            '  (SELECT MAX(o2.order_date) FROM orders o2 WHERE o2.customer_id = o.customer_id\n'
            '     AND (o2.order_date < o.order_date OR (o2.order_date = o.order_date AND o2.order_id < o.order_id))\n'
            '  ) AS prev_date FROM orders o)\n'
            'SELECT customer_id, COUNT(*) AS n_orders,\n'
            '       AVG(julianday(order_date) - julianday(prev_date)) AS avg_gap_days\n'
            'FROM prev GROUP BY customer_id HAVING COUNT(*) >= 20"""',
        ],
        "wrong": [
            # LAG without PARTITION BY: gaps between different customers' orders
            {"violates": "same-customer-gaps", "code": 'q11_order_gaps = """\n'
            'WITH g AS (SELECT customer_id,\n'
            '  julianday(order_date) - julianday(LAG(order_date) OVER (ORDER BY customer_id, order_date)) AS gap\n'
            '  FROM orders)\n'
            'SELECT customer_id, COUNT(*) AS n_orders, ROUND(AVG(gap), 1) AS avg_gap_days\n'
            'FROM g GROUP BY customer_id HAVING COUNT(*) >= 20"""'},
            # divides the span by the number of orders instead of the number of gaps
            {"violates": "mean-of-gaps", "code": 'q11_order_gaps = """SELECT customer_id, COUNT(*) AS n_orders,\n'
            '  (julianday(MAX(order_date)) - julianday(MIN(order_date))) / COUNT(*) AS avg_gap_days\n'
            'FROM orders GROUP BY customer_id HAVING COUNT(*) >= 20"""'},
            # more than 20 orders
            {"violates": "at-least-20", "code": (
                'q11_order_gaps = """\n'
                'WITH g AS (SELECT customer_id, julianday(order_date)\n'
                '  - julianday(LAG(order_date) OVER (PARTITION BY customer_id ORDER BY order_date, order_id)) AS gap\n'
                '  FROM orders)\n'
                'SELECT customer_id, COUNT(*) AS n_orders, ROUND(AVG(gap), 1) AS avg_gap_days\n'
                'FROM g GROUP BY customer_id HAVING COUNT(*) > 20"""'
            )},
            # only the orders that were not cancelled or refunded
            {"violates": "any-status", "code": (
                'q11_order_gaps = """\n'
                'WITH g AS (SELECT customer_id, julianday(order_date)\n'
                '  - julianday(LAG(order_date) OVER (PARTITION BY customer_id ORDER BY order_date, order_id)) AS gap\n'
                '  FROM orders\n'
                "  WHERE status NOT IN ('cancelled', 'refunded'))\n"
                'SELECT customer_id, COUNT(*) AS n_orders, ROUND(AVG(gap), 1) AS avg_gap_days\n'
                'FROM g GROUP BY customer_id HAVING COUNT(*) >= 20"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- SELECT customer_id, COUNT(*) AS n_orders, ROUND(AVG(gap), 1) AS avg_gap_days\n"
                        "+ SELECT DISTINCT customer_id, COUNT(*) AS n_orders, ROUND(AVG(gap), 1) AS "
                        "avg_gap_days",
                "reason": "GROUP BY customer_id gives one row per customer: the rows are already distinct",
            },
            {
                "diff": "- SELECT customer_id, COUNT(*) AS n_orders, ROUND(AVG(gap), 1) AS avg_gap_days\n"
                        "+ SELECT customer_id, COUNT(customer_id) AS n_orders, ROUND(AVG(gap), 1) AS "
                        "avg_gap_days",
                "reason": "customer_id comes from orders.customer_id, NOT NULL: COUNT(customer_id) equals "
                          "COUNT(*)",
            },
            {
                "diff": "- HAVING COUNT(*) >= 20\n"
                        "+ HAVING COUNT(customer_id) >= 20",
                "reason": "customer_id comes from orders.customer_id, NOT NULL: COUNT(customer_id) equals "
                          "COUNT(*)",
            },
        ],
    },
    "q11b_longest_streak": {
        "domain": {'inputs': "the shop's database of the visible seed, and of a hidden seed with planted customers: "
                   "several orders on one day, a one-day gap, runs across a month end and across 2025-12-31, two "
                   "runs of the same length, a single order, days whose only orders are cancelled or refunded "
                   "(with and without the other questions' boundaries)",
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Start from one row per customer and order day: several orders on one day are one day of a run.",
            "Number each customer's days in date order (ROW_NUMBER, partitioned by the customer). Along a run the "
            "day and its number both grow by 1, so julianday(day) minus the number stays the same: it names the "
            "run. Group by the customer and that key: the count of days is the run's length, the smallest day "
            "its start.",
            "Of each customer's runs keep one: a second ROW_NUMBER over the runs, ordered by the length "
            "(longest first) and then by the start (latest first), and the row numbered 1.",
        ],
        "alternatives": [
            # LAG marks a day that starts a run (no order the day before); a running SUM of the marks numbers the runs
            'q11b_longest_streak = """\n'
            'WITH days AS (\n'
            '    SELECT DISTINCT customer_id, order_date AS day FROM orders\n'
            '), marked AS (\n'
            '    SELECT customer_id, day,\n'
            "           CASE WHEN LAG(day) OVER (PARTITION BY customer_id ORDER BY day) = date(day, '-1 day')\n"
            '                THEN 0 ELSE 1 END AS starts_run\n'
            '    FROM days\n'
            '), numbered AS (\n'
            '    SELECT customer_id, day, SUM(starts_run) OVER (PARTITION BY customer_id ORDER BY day) AS run_no\n'
            '    FROM marked\n'
            '), runs AS (\n'
            '    SELECT customer_id, COUNT(*) AS n_days, MIN(day) AS first_day FROM numbered GROUP BY customer_id, run_no\n'
            ')\n'
            'SELECT DISTINCT customer_id,\n'
            '       FIRST_VALUE(n_days) OVER w AS longest_streak,\n'
            '       FIRST_VALUE(first_day) OVER w AS streak_start\n'
            'FROM runs\n'
            'WINDOW w AS (PARTITION BY customer_id ORDER BY n_days DESC, first_day DESC)"""',
            # a recursive CTE walks each run from its first day (no order the day before), one day at a time
            'q11b_longest_streak = """\n'
            'WITH RECURSIVE days AS (\n'
            '    SELECT DISTINCT customer_id, order_date AS day FROM orders\n'
            '), walk(customer_id, first_day, day, n) AS (\n'
            '    SELECT customer_id, day, day, 1 FROM days AS d\n'
            '    WHERE NOT EXISTS (SELECT 1 FROM days AS p\n'
            "                      WHERE p.customer_id = d.customer_id AND p.day = date(d.day, '-1 day'))\n"
            '    UNION ALL\n'
            '    SELECT w.customer_id, w.first_day, nxt.day, w.n + 1\n'
            '    FROM walk AS w\n'
            "    JOIN days AS nxt ON nxt.customer_id = w.customer_id AND nxt.day = date(w.day, '+1 day')\n"
            '), runs AS (\n'
            '    SELECT customer_id, first_day, MAX(n) AS n_days FROM walk GROUP BY customer_id, first_day\n'
            ')\n'
            'SELECT r.customer_id, r.n_days AS longest_streak, MAX(r.first_day) AS streak_start\n'
            'FROM runs AS r\n'
            'WHERE r.n_days = (SELECT MAX(n_days) FROM runs AS o WHERE o.customer_id = r.customer_id)\n'
            'GROUP BY r.customer_id"""',
            # DENSE_RANK over the orders themselves (the orders of one day share a number), the key a date, the
            # length from the run's first and last day
            'q11b_longest_streak = """\n'
            'WITH keyed AS (\n'
            '    SELECT customer_id, order_date,\n'
            "           date(order_date, '-' || DENSE_RANK() OVER (PARTITION BY customer_id ORDER BY order_date) || ' days')\n"
            '               AS island\n'
            '    FROM orders\n'
            '), runs AS (\n'
            '    SELECT customer_id, MIN(order_date) AS first_day,\n'
            '           CAST(julianday(MAX(order_date)) - julianday(MIN(order_date)) AS INTEGER) + 1 AS n_days\n'
            '    FROM keyed GROUP BY customer_id, island\n'
            ')\n'
            'SELECT customer_id, n_days AS longest_streak, MAX(first_day) AS streak_start\n'
            'FROM (SELECT *, MAX(n_days) OVER (PARTITION BY customer_id) AS best FROM runs)\n'
            'WHERE n_days = best\n'
            'GROUP BY customer_id"""',
        ],
        "wrong": [
            # ROW_NUMBER over the orders, not the days: a second order on a day takes its own number and splits the run
            {"violates": "distinct-days", "code": _swap(
                _Q11B, 'SELECT DISTINCT customer_id, order_date AS day', 'SELECT customer_id, order_date AS day')},
            # LAG pairs added up over the customer: two runs of 2 make a "streak" of 3
            {"violates": "gap-breaks", "code": _Q11B_LAG},
            # LAG pairs: a day right after another makes a streak of 2, whatever came before it
            {"violates": "every-day-of-run", "code": _swap(_Q11B_LAG, '1 + SUM(gap = 1)', '1 + MAX(COALESCE(gap = 1, 0))')},
            # the number of runs, not the longest
            {"violates": "longest", "code": _swap(
                _Q11B, 'SELECT customer_id, n_days AS longest_streak, streak_start FROM ranked WHERE pick = 1',
                'SELECT customer_id, COUNT(*) AS longest_streak, MIN(streak_start) AS streak_start FROM ranked\n'
                'GROUP BY customer_id')},
            # last day minus first day: one day short
            {"violates": "length-in-days", "code": _swap(
                _Q11B, 'COUNT(*) AS n_days', 'julianday(MAX(day)) - julianday(MIN(day)) AS n_days')},
            # the earliest of equally long runs
            {"violates": "tie-latest", "code": _swap(
                _Q11B, 'ORDER BY n_days DESC, streak_start DESC)', 'ORDER BY n_days DESC, streak_start)')},
            # no tie-break: equally long runs stay in the order GROUP BY made them, the earliest first
            {"violates": "tie-latest", "code": _swap(
                _Q11B, 'ORDER BY n_days DESC, streak_start DESC)', 'ORDER BY n_days DESC)')},
            # SQLite's bare column next to MAX: streak_start comes from the first of the longest runs, the earliest
            {"violates": "tie-latest", "code": _Q11B[:_Q11B.index('), ranked AS (')]
                + ')\nSELECT customer_id, MAX(n_days) AS longest_streak, streak_start FROM streaks GROUP BY customer_id"""'},
            # the run's last day
            {"violates": "streak-start", "code": _swap(_Q11B, 'MIN(day) AS streak_start', 'MAX(day) AS streak_start')},
            # the date as the number YYYYMMDD: 20260131 and 20260201 are not 1 apart
            {"violates": "month-end", "code": _swap(
                _Q11B, 'julianday(day) - ROW_NUMBER()', "CAST(strftime('%Y%m%d', day) AS INTEGER) - ROW_NUMBER()")},
            # the day of the year: 2025-12-31 is day 365, 2026-01-01 day 1
            {"violates": "month-end", "code": _swap(
                _Q11B, 'julianday(day) - ROW_NUMBER()', "strftime('%Y', day) * 1000 + strftime('%j', day) - ROW_NUMBER()")},
            # cancelled and refunded orders left out
            {"violates": "any-status", "code": _swap(
                _Q11B, 'order_date AS day FROM orders\n',
                "order_date AS day FROM orders WHERE status NOT IN ('cancelled', 'refunded')\n")},
            # only the days with an order the day before or after: a customer without two days in a row has no row
            {"violates": "one-day", "code": _swap(
                _Q11B, '    FROM days\n),',
                '    FROM days AS d\n'
                '    WHERE EXISTS (SELECT 1 FROM days AS n WHERE n.customer_id = d.customer_id\n'
                "                  AND n.day IN (date(d.day, '-1 day'), date(d.day, '+1 day')))\n),")},
            # every customer, 0 for one without an order
            {"violates": "population", "code": _swap(
                _Q11B, 'SELECT customer_id, n_days AS longest_streak, streak_start FROM ranked WHERE pick = 1',
                'SELECT c.customer_id, COALESCE(r.n_days, 0) AS longest_streak, r.streak_start\n'
                'FROM customers AS c LEFT JOIN ranked AS r ON r.customer_id = c.customer_id AND r.pick = 1')},
            # the visible test's rows, copied into the query from the visible database (the hidden test's differs)
            _Q11B + '\nq11b_longest_streak = ("SELECT column1 AS customer_id, column2 AS longest_streak, '
            'column3 AS streak_start FROM (VALUES "\n'
            '    + ", ".join(f"({c}, {n}, \'{s}\')" for c, n, s in conn.execute(q11b_longest_streak)) + ")")',
        ],
        "equivalent": [
            {
                "diff": "- SELECT customer_id, day,\n"
                        "+ SELECT DISTINCT customer_id, day,",
                "reason": "days holds each customer's day once and island is computed from the day: the rows are "
                          "already distinct",
            },
            {
                "diff": "- SELECT customer_id, MIN(day) AS streak_start, COUNT(*) AS n_days\n"
                        "+ SELECT DISTINCT customer_id, MIN(day) AS streak_start, COUNT(*) AS n_days",
                "reason": "one row per run, and two runs of a customer never start on the same day: the rows are "
                          "already distinct",
            },
            {
                "diff": "- SELECT customer_id, n_days, streak_start,\n"
                        "+ SELECT DISTINCT customer_id, n_days, streak_start,",
                "reason": "one row per run, and two runs of a customer never start on the same day: the rows are "
                          "already distinct",
            },
            {
                "diff": "- SELECT customer_id, n_days AS longest_streak, streak_start\n"
                        "+ SELECT DISTINCT customer_id, n_days AS longest_streak, streak_start",
                "reason": "pick = 1 keeps one row per customer: the rows are already distinct",
            },
            {
                "diff": "- SELECT customer_id, MIN(day) AS streak_start, COUNT(*) AS n_days\n"
                        "+ SELECT customer_id, MIN(day) AS streak_start, COUNT(customer_id) AS n_days",
                "reason": "customer_id comes from orders.customer_id, NOT NULL: COUNT(customer_id) equals COUNT(*)",
            },
            {
                "diff": "- julianday(day) - ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS island\n"
                        "+ julianday(day) - RANK() OVER (PARTITION BY customer_id ORDER BY day) AS island",
                "reason": "after DISTINCT a customer has each day once: no ties, so RANK numbers the days as "
                          "ROW_NUMBER does",
            },
            {
                "diff": "- ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY n_days DESC, streak_start DESC) AS pick\n"
                        "+ RANK() OVER (PARTITION BY customer_id ORDER BY n_days DESC, streak_start DESC) AS pick",
                "reason": "two runs of a customer never start on the same day: no ties on (n_days, streak_start), so "
                          "RANK numbers the runs as ROW_NUMBER does",
            },
        ],
    },
    "q12_churn_label": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "One row per customer who has an order on or before :ref, with the date of their last such order.",
            "Filter orders with order_date <= :ref in WHERE, then MAX(order_date) per customer.",
            "julianday(:ref) - julianday(MAX(order_date)) > 60 is churned (1); exactly 60 is not. CASE WHEN "
            "... THEN 1 ELSE 0 END.",
        ],
        "alternatives": [
            # date arithmetic with date(:ref, '-60 days') and a CTE
            'q12_churn_label = """\n'
            'WITH last AS (SELECT customer_id, MAX(order_date) AS last_order FROM orders\n'
            '              WHERE order_date <= :ref GROUP BY customer_id)\n'
            "SELECT customer_id, (last_order < date(:ref, '-60 days')) AS churned FROM last\"\"\"",
            # a window function instead of GROUP BY
            'q12_churn_label = """\n'
            'SELECT DISTINCT customer_id,\n'
            '  IIF(julianday(:ref) - julianday(MAX(order_date) OVER (PARTITION BY customer_id)) > 60, 1, 0) AS churned\n'
            'FROM orders WHERE NOT order_date > :ref"""',
        ],
        "wrong": [
            # off by one: exactly 60 days counted as churned
            {"violates": "more-than-60", "code": 'q12_churn_label = """SELECT customer_id,\n'
            '  CASE WHEN julianday(:ref) - julianday(MAX(order_date)) >= 60 THEN 1 ELSE 0 END AS churned\n'
            'FROM orders WHERE order_date <= :ref GROUP BY customer_id"""'},
            # forgets "on or before R": orders after R make customers look active
            {"violates": "orders-after-R-ignored", "code": 'q12_churn_label = """SELECT customer_id,\n'
            '  CASE WHEN julianday(:ref) - julianday(MAX(order_date)) > 60 THEN 1 ELSE 0 END AS churned\n'
            'FROM orders GROUP BY customer_id"""'},
            # hard-coded reference date instead of :ref
            {"violates": "ref-parameter", "code": 'q12_churn_label = """SELECT customer_id,\n'
            "  CASE WHEN julianday('2026-06-30') - julianday(MAX(order_date)) > 60 THEN 1 ELSE 0 END AS churned\n"
            "FROM orders WHERE order_date <= '2026-06-30' GROUP BY customer_id\"\"\""},
            # only delivered orders count as activity
            {"violates": "any-status", "code": 'q12_churn_label = """SELECT customer_id,\n'
            '  CASE WHEN julianday(:ref) - julianday(MAX(order_date)) > 60 THEN 1 ELSE 0 END AS churned\n'
            "FROM orders WHERE order_date <= :ref AND status = 'delivered' GROUP BY customer_id\"\"\""},
            # orders on R itself are left out
            {"violates": "order-on-R-counts", "code": (
                'q12_churn_label = """SELECT customer_id,\n'
                '  CASE WHEN julianday(:ref) - julianday(MAX(order_date)) > 60 THEN 1 ELSE 0 END AS churned\n'
                'FROM orders WHERE order_date < :ref GROUP BY customer_id"""'
            )},
            # every customer, those without an order by R as churned
            {"violates": "label-set", "code": (
                'q12_churn_label = """SELECT c.customer_id,\n'
                '  CASE WHEN MAX(o.order_date) IS NULL OR julianday(:ref) - julianday(MAX(o.order_date)) > 60\n'
                '       THEN 1 ELSE 0 END AS churned\n'
                'FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.order_date <= :ref\n'
                'GROUP BY c.customer_id"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- SELECT customer_id,\n"
                        "+ SELECT DISTINCT customer_id,",
                "reason": "GROUP BY customer_id gives one row per customer: the rows are already distinct",
            },
        ],
    },
    "q12b_training_table": {
        "domain": {'inputs': "the shop's database of the visible seed with a table of three snapshot dates, and of a "
                   "hidden seed with three other dates and orders planted on the first of them, 89 and 90 days "
                   "before it and 30 and 31 days after it (with and without the other questions' boundaries)",
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Join snapshots to orders on the orders dated on or before the snapshot date, and group by the snapshot "
            "date and the customer: one row per snapshot date and customer who had ordered by then, and features "
            "that never see a later order.",
            "n_orders_90d: COUNT(CASE WHEN o.order_date > date(s.snapshot_date, '-90 days') THEN 1 END) counts the "
            "orders fewer than 90 days before the snapshot date. days_since_last_order comes from "
            "MAX(o.order_date).",
            "The label needs the orders the join left out: EXISTS (SELECT 1 FROM orders ... WHERE the same customer "
            "AND order_date > s.snapshot_date AND order_date <= date(s.snapshot_date, '+30 days')).",
        ],
        "alternatives": [
            # the (snapshot, customer) pairs first, then one correlated subquery per column
            'q12b_training_table = """\n'
            'WITH pairs AS (\n'
            '    SELECT DISTINCT s.snapshot_date, o.customer_id\n'
            '    FROM snapshots s JOIN orders o ON o.order_date <= s.snapshot_date\n'
            ')\n'
            'SELECT p.snapshot_date, p.customer_id,\n'
            '       (SELECT COUNT(*) FROM orders x WHERE x.customer_id = p.customer_id\n'
            "          AND x.order_date BETWEEN date(p.snapshot_date, '-89 days') AND p.snapshot_date) AS n_orders_90d,\n"
            '       (SELECT julianday(p.snapshot_date) - julianday(MAX(x.order_date)) FROM orders x\n'
            '          WHERE x.customer_id = p.customer_id AND x.order_date <= p.snapshot_date) AS days_since_last_order,\n'
            '       (SELECT COUNT(*) > 0 FROM orders x WHERE x.customer_id = p.customer_id\n'
            "          AND x.order_date BETWEEN date(p.snapshot_date, '+1 day') AND date(p.snapshot_date, '+30 days'))\n"
            '           AS ordered_again\n'
            'FROM pairs p"""',
            # one pass over every order with conditional aggregates; HAVING keeps the customers who had ordered by S
            'q12b_training_table = """\n'
            'SELECT s.snapshot_date, o.customer_id,\n'
            '       SUM(o.order_date <= s.snapshot_date\n'
            '           AND julianday(s.snapshot_date) - julianday(o.order_date) < 90) AS n_orders_90d,\n'
            '       julianday(s.snapshot_date)\n'
            '           - julianday(MAX(CASE WHEN o.order_date <= s.snapshot_date THEN o.order_date END))\n'
            '           AS days_since_last_order,\n'
            '       MAX(o.order_date > s.snapshot_date\n'
            "           AND o.order_date <= date(s.snapshot_date, '+30 days')) AS ordered_again\n"
            'FROM snapshots s CROSS JOIN orders o\n'
            'GROUP BY s.snapshot_date, o.customer_id\n'
            'HAVING MIN(o.order_date) <= s.snapshot_date"""',
            # features and labels as two CTEs, LEFT JOINed: no label row means 0
            'q12b_training_table = """\n'
            'WITH feats AS (\n'
            '    SELECT s.snapshot_date, o.customer_id,\n'
            '           SUM(julianday(s.snapshot_date) - julianday(o.order_date) < 90) AS n_orders_90d,\n'
            '           MIN(julianday(s.snapshot_date) - julianday(o.order_date)) AS days_since_last_order\n'
            '    FROM snapshots s JOIN orders o ON o.order_date <= s.snapshot_date\n'
            '    GROUP BY s.snapshot_date, o.customer_id\n'
            '), labels AS (\n'
            '    SELECT DISTINCT s.snapshot_date, o.customer_id\n'
            '    FROM snapshots s JOIN orders o\n'
            '      ON o.order_date > s.snapshot_date AND julianday(o.order_date) - julianday(s.snapshot_date) <= 30\n'
            ')\n'
            'SELECT f.snapshot_date, f.customer_id, f.n_orders_90d, f.days_since_last_order,\n'
            '       CASE WHEN l.customer_id IS NULL THEN 0 ELSE 1 END AS ordered_again\n'
            'FROM feats f\n'
            'LEFT JOIN labels l ON l.snapshot_date = f.snapshot_date AND l.customer_id = f.customer_id"""',
        ],
        "wrong": [
            # data leakage: every order joined, the population kept by HAVING, so the features see orders after S
            {"violates": "features-up-to-snapshot", "code": _swap(
                _Q12B, 'JOIN orders AS o ON o.order_date <= s.snapshot_date\nGROUP BY s.snapshot_date, o.customer_id',
                'JOIN orders AS o\nGROUP BY s.snapshot_date, o.customer_id\nHAVING MIN(o.order_date) <= s.snapshot_date')},
            # the snapshot day sent to the label side: an order on S is no feature (and its customer may lose the row)
            {"violates": "features-up-to-snapshot", "code": _swap(
                _Q12B, 'ON o.order_date <= s.snapshot_date', 'ON o.order_date < s.snapshot_date')},
            # the window one day too wide: an order exactly 90 days before S counted
            {"violates": "window-90", "code": _swap(
                _Q12B, "o.order_date > date(s.snapshot_date, '-90 days')", "o.order_date >= date(s.snapshot_date, '-90 days')")},
            # days since the first order, not the last
            {"violates": "days-since", "code": _swap(_Q12B, 'julianday(MAX(o.order_date))', 'julianday(MIN(o.order_date))')},
            # the label counts an order on S itself
            {"violates": "label-after-snapshot", "code": _swap(
                _Q12B, 'later.order_date > s.snapshot_date', 'later.order_date >= s.snapshot_date')},
            # the label window ends a day early: 30 days after S is left out
            {"violates": "label-30-days", "code": _swap(
                _Q12B, "later.order_date <= date(s.snapshot_date, '+30 days')",
                "later.order_date < date(s.snapshot_date, '+30 days')")},
            # the label window ends a day late: 31 days after S counted
            {"violates": "label-30-days", "code": _swap(_Q12B, "'+30 days'", "'+31 days'")},
            # every customer in every snapshot, those without an order by S too (NULL days, 0 orders)
            {"violates": "population", "code": _swap(_swap(_swap(
                _Q12B, '       o.customer_id,\n', '       c.customer_id,\n'),
                'later.customer_id = o.customer_id', 'later.customer_id = c.customer_id'),
                'JOIN orders AS o ON o.order_date <= s.snapshot_date\nGROUP BY s.snapshot_date, o.customer_id',
                'CROSS JOIN customers AS c\n'
                'LEFT JOIN orders AS o ON o.customer_id = c.customer_id AND o.order_date <= s.snapshot_date\n'
                'GROUP BY s.snapshot_date, c.customer_id')},
            # only the orders of the 90 days joined: a customer without one loses the row instead of having 0
            {"violates": "population", "code": _swap(
                _Q12B, 'ON o.order_date <= s.snapshot_date',
                "ON o.order_date <= s.snapshot_date AND o.order_date > date(s.snapshot_date, '-90 days')")},
            # a LEFT JOIN: a snapshot date before every order gets a row with customer_id NULL
            {"violates": "population", "code": _swap(
                _Q12B, 'JOIN orders AS o ON', 'LEFT JOIN orders AS o ON')},
            # the latest snapshot only
            {"violates": "every-snapshot", "code": _swap(
                _Q12B, 'FROM snapshots AS s\n', 'FROM (SELECT MAX(snapshot_date) AS snapshot_date FROM snapshots) AS s\n')},
            # the visible test's dates written into the query
            {"violates": "snapshots-table", "code": _swap(
                _Q12B, 'FROM snapshots AS s\n',
                "FROM (SELECT '2026-03-31' AS snapshot_date UNION ALL SELECT '2026-04-30' UNION ALL SELECT '2026-05-31')"
                " AS s\n")},
            # cancelled and refunded orders left out of the features (and of the population)
            {"violates": "any-status", "code": _swap(
                _Q12B, 'ON o.order_date <= s.snapshot_date',
                "ON o.order_date <= s.snapshot_date AND o.status NOT IN ('cancelled', 'refunded')")},
            # cancelled and refunded orders left out of the label
            {"violates": "any-status", "code": _swap(
                _Q12B, '               WHERE later.customer_id = o.customer_id\n',
                "               WHERE later.customer_id = o.customer_id AND later.status NOT IN ('cancelled', 'refunded')\n")},
        ],
        "equivalent": [
            {
                "diff": "- SELECT s.snapshot_date,\n"
                        "+ SELECT DISTINCT s.snapshot_date,",
                "reason": "GROUP BY s.snapshot_date, o.customer_id gives one row per pair: the rows are already distinct",
            },
            {
                "diff": "- EXISTS (SELECT 1 FROM orders AS later\n"
                        "+ EXISTS (SELECT DISTINCT 1 FROM orders AS later",
                "reason": "EXISTS only asks whether the subquery has a row: DISTINCT changes how many, never whether",
            },
        ],
    },
    "q13_spend_buckets": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "First compute each customer's total spend (a CTE), then bucket and count.",
            "Every customer must be there: LEFT JOIN orders and order_items from customers, and turn a missing "
            "sum into 0 with COALESCE.",
            "Put the status condition in the ON clause of the orders join (not in WHERE); then one CASE with a "
            "WHEN per bucket, tested in order (0 first, then the upper limits 200,000 and 1,000,000), and "
            "GROUP BY the bucket.",
        ],
        "alternatives": [
            # a scalar subquery per customer instead of LEFT JOINs
            'q13_spend_buckets = """\n'
            'SELECT CASE WHEN s IS NULL OR s = 0 THEN \'none\' WHEN s < 200000 THEN \'low\'\n'
            "            WHEN s < 1000000 THEN 'mid' ELSE 'high' END AS bucket, COUNT(*) AS n_customers\n"
            'FROM (SELECT c.customer_id, (SELECT SUM(quantity * unit_price_krw) FROM orders o\n'
            '        JOIN order_items USING (order_id)\n'
            "        WHERE o.customer_id = c.customer_id AND o.status IN ('paid', 'shipped', 'delivered')) AS s\n"
            '      FROM customers c)\n'
            'GROUP BY bucket"""',
        ],
        "wrong": [
            # the status condition in WHERE turns the LEFT JOIN into an inner join
            {"violates": "all-customers", "code": 'q13_spend_buckets = """\n'
            'WITH s AS (SELECT c.customer_id, COALESCE(SUM(oi.quantity * oi.unit_price_krw), 0) AS spent\n'
            '  FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id\n'
            '  LEFT JOIN order_items oi ON oi.order_id = o.order_id\n'
            "  WHERE o.status NOT IN ('cancelled', 'refunded') GROUP BY c.customer_id)\n"
            "SELECT CASE WHEN spent = 0 THEN 'none' WHEN spent < 200000 THEN 'low'\n"
            "            WHEN spent < 1000000 THEN 'mid' ELSE 'high' END AS bucket, COUNT(*) AS n_customers\n"
            'FROM s GROUP BY bucket"""'},
            # no COALESCE: customers without orders have a NULL sum and land in 'high' (ELSE)
            {"violates": "none-spent-zero", "code": 'q13_spend_buckets = """\n'
            'WITH s AS (SELECT c.customer_id, SUM(oi.quantity * oi.unit_price_krw) AS spent\n'
            '  FROM customers c LEFT JOIN orders o\n'
            "    ON o.customer_id = c.customer_id AND o.status NOT IN ('cancelled', 'refunded')\n"
            '  LEFT JOIN order_items oi ON oi.order_id = o.order_id GROUP BY c.customer_id)\n'
            "SELECT CASE WHEN spent = 0 THEN 'none' WHEN spent < 200000 THEN 'low'\n"
            "            WHEN spent < 1000000 THEN 'mid' ELSE 'high' END AS bucket, COUNT(*) AS n_customers\n"
            'FROM s GROUP BY bucket"""'},
            # the visible counts typed in: right on the visible database only
            'q13_spend_buckets = """SELECT \'high\' AS bucket, 462 AS n_customers UNION ALL SELECT \'low\', 334\n'
            'UNION ALL SELECT \'mid\', 551 UNION ALL SELECT \'none\', 153"""',
            # cancelled and refunded orders count as spent
            {"violates": "excluded-statuses", "code": (
                'q13_spend_buckets = """\n'
                'WITH s AS (SELECT c.customer_id, COALESCE(SUM(oi.quantity * oi.unit_price_krw), 0) AS spent\n'
                '  FROM customers c LEFT JOIN orders o\n'
                '    ON o.customer_id = c.customer_id\n'
                '  LEFT JOIN order_items oi ON oi.order_id = o.order_id GROUP BY c.customer_id)\n'
                "SELECT CASE WHEN spent = 0 THEN 'none' WHEN spent < 200000 THEN 'low'\n"
                "            WHEN spent < 1000000 THEN 'mid' ELSE 'high' END AS bucket, COUNT(*) AS n_customers\n"
                'FROM s GROUP BY bucket"""'
            )},
            # exactly 200,000 lands in 'low'
            {"violates": "mid-from-200000", "code": (
                'q13_spend_buckets = """\n'
                'WITH s AS (SELECT c.customer_id, COALESCE(SUM(oi.quantity * oi.unit_price_krw), 0) AS spent\n'
                '  FROM customers c LEFT JOIN orders o\n'
                "    ON o.customer_id = c.customer_id AND o.status NOT IN ('cancelled', 'refunded')\n"
                '  LEFT JOIN order_items oi ON oi.order_id = o.order_id GROUP BY c.customer_id)\n'
                "SELECT CASE WHEN spent = 0 THEN 'none' WHEN spent <= 200000 THEN 'low'\n"
                "            WHEN spent < 1000000 THEN 'mid' ELSE 'high' END AS bucket, COUNT(*) AS n_customers\n"
                'FROM s GROUP BY bucket"""'
            )},
            # exactly 1,000,000 lands in 'mid'
            {"violates": "high-from-1000000", "code": (
                'q13_spend_buckets = """\n'
                'WITH s AS (SELECT c.customer_id, COALESCE(SUM(oi.quantity * oi.unit_price_krw), 0) AS spent\n'
                '  FROM customers c LEFT JOIN orders o\n'
                "    ON o.customer_id = c.customer_id AND o.status NOT IN ('cancelled', 'refunded')\n"
                '  LEFT JOIN order_items oi ON oi.order_id = o.order_id GROUP BY c.customer_id)\n'
                "SELECT CASE WHEN spent = 0 THEN 'none' WHEN spent < 200000 THEN 'low'\n"
                "            WHEN spent <= 1000000 THEN 'mid' ELSE 'high' END AS bucket, COUNT(*) AS n_customers\n"
                'FROM s GROUP BY bucket"""'
            )},
        ],
        "equivalent": [
            {
                "diff": "- SELECT c.customer_id,\n"
                        "+ SELECT DISTINCT c.customer_id,",
                "reason": "the CTE groups by c.customer_id: its rows are already distinct",
            },
            {
                "diff": "- SELECT CASE WHEN spent = 0 THEN 'none'\n"
                        "+ SELECT DISTINCT CASE WHEN spent = 0 THEN 'none'",
                "reason": "GROUP BY bucket gives one row per bucket: the rows are already distinct",
            },
            {
                "diff": "- COUNT(*) AS n_customers\n"
                        "+ COUNT(customer_id) AS n_customers",
                "reason": "spend.customer_id is customers' primary key, never NULL: COUNT(customer_id) equals "
                          "COUNT(*)",
            },
        ],
    },
    "q14_coupons": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "One CREATE TABLE coupons (...) statement with the five columns in any order, each with its type.",
            "Each rule of the table maps to one constraint: PRIMARY KEY, NOT NULL, UNIQUE, REFERENCES and "
            "CHECK.",
            "customer_id INTEGER NOT NULL REFERENCES customers(customer_id); discount_pct INTEGER NOT NULL "
            "CHECK (...) with BETWEEN, which includes both ends.",
        ],
        "alternatives": [
            # table-level constraints
            'q14_coupons = """\n'
            'CREATE TABLE coupons (\n'
            '    coupon_id INTEGER, code TEXT NOT NULL, customer_id INTEGER NOT NULL,\n'
            '    discount_pct INTEGER NOT NULL, valid_until TEXT NOT NULL,\n'
            '    PRIMARY KEY (coupon_id),\n'
            '    UNIQUE (code),\n'
            '    FOREIGN KEY (customer_id) REFERENCES customers (customer_id),\n'
            '    CONSTRAINT discount_range CHECK (discount_pct >= 5 AND discount_pct <= 50)\n'
            ');"""',
        ],
        "wrong": [
            # no CHECK on the discount
            {"violates": "discount-range", "code": 'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n'
            '  customer_id INTEGER NOT NULL REFERENCES customers(customer_id), discount_pct INTEGER NOT NULL,\n'
            '  valid_until TEXT NOT NULL)"""'},
            # no UNIQUE on the code
            {"violates": "code-unique", "code": 'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT NOT NULL,\n'
            '  customer_id INTEGER NOT NULL REFERENCES customers(customer_id),\n'
            '  discount_pct INTEGER NOT NULL CHECK (discount_pct BETWEEN 5 AND 50), valid_until TEXT NOT NULL)"""'},
            # no foreign key
            {"violates": "customer-exists", "code": 'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n'
            '  customer_id INTEGER NOT NULL, discount_pct INTEGER NOT NULL CHECK (discount_pct BETWEEN 5 AND 50),\n'
            '  valid_until TEXT NOT NULL)"""'},
            # the CHECK range excludes its ends (5 and 50 are allowed)
            {"violates": "discount-ends-included", "code": 'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n'
            '  customer_id INTEGER NOT NULL REFERENCES customers(customer_id),\n'
            '  discount_pct INTEGER NOT NULL CHECK (discount_pct > 5 AND discount_pct < 50), valid_until TEXT NOT NULL)"""'},
            # no primary key: two coupons can share a coupon_id
            {"violates": "coupon-id-key", "code": (
                'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER, code TEXT NOT NULL UNIQUE,\n'
                '  customer_id INTEGER NOT NULL REFERENCES customers(customer_id),\n'
                '  discount_pct INTEGER NOT NULL CHECK (discount_pct BETWEEN 5 AND 50), valid_until TEXT NOT NULL)"""'
            )},
            # code may be NULL (UNIQUE allows several NULLs)
            {"violates": "code-required", "code": (
                'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT UNIQUE,\n'
                '  customer_id INTEGER NOT NULL REFERENCES customers(customer_id),\n'
                '  discount_pct INTEGER NOT NULL CHECK (discount_pct BETWEEN 5 AND 50), valid_until TEXT NOT NULL)"""'
            )},
            # customer_id may be NULL (a NULL foreign key is not checked)
            {"violates": "customer-required", "code": (
                'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n'
                '  customer_id INTEGER REFERENCES customers(customer_id),\n'
                '  discount_pct INTEGER NOT NULL CHECK (discount_pct BETWEEN 5 AND 50), valid_until TEXT NOT NULL)"""'
            )},
            # discount_pct may be NULL (a CHECK on NULL passes)
            {"violates": "discount-required", "code": (
                'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n'
                '  customer_id INTEGER NOT NULL REFERENCES customers(customer_id),\n'
                '  discount_pct INTEGER CHECK (discount_pct BETWEEN 5 AND 50), valid_until TEXT NOT NULL)"""'
            )},
            # valid_until may be NULL
            {"violates": "valid-until-required", "code": (
                'q14_coupons = """CREATE TABLE coupons (coupon_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n'
                '  customer_id INTEGER NOT NULL REFERENCES customers(customer_id),\n'
                '  discount_pct INTEGER NOT NULL CHECK (discount_pct BETWEEN 5 AND 50), valid_until TEXT)"""'
            )},
        ],
    },
    "q15_orders_for_customer": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "conn.execute(sql, params) takes the values separately from the SQL text.",
            "Write ? where the id goes, and pass a one-element tuple (customer_id,) as the second argument; "
            "never build the SQL with an f-string.",
            "ORDER BY order_date, order_id and return .fetchall() of the conn you were given (the first "
            "argument, not the global conn).",
        ],
        "alternatives": [
            # a named placeholder, a cursor and pandas-free tuples
            'def orders_for_customer(conn, customer_id):\n'
            '    cur = conn.cursor()\n'
            '    cur.execute("SELECT order_id, order_date, status FROM orders "\n'
            '                "WHERE customer_id = :cid ORDER BY order_date, order_id", {"cid": customer_id})\n'
            '    return [tuple(row) for row in cur]',
            # pandas with params, converted to a list of tuples
            'def orders_for_customer(conn, customer_id):\n'
            '    df = pd.read_sql("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "\n'
            '                     "ORDER BY order_date, order_id", conn, params=(customer_id,))\n'
            '    return [(int(a), b, c) for a, b, c in df.itertuples(index=False)]',
        ],
        "wrong": [
            # an f-string: "1 OR 1=1" returns every order
            {"violates": "placeholder", "code": 'def orders_for_customer(conn, customer_id):\n'
            '    return conn.execute(f"SELECT order_id, order_date, status FROM orders "\n'
            '                        f"WHERE customer_id = {customer_id} ORDER BY order_date, order_id").fetchall()'},
            # quotes around the f-string value: "0\' OR \'1\'=\'1" still escapes them
            {"violates": "placeholder", "code": 'def orders_for_customer(conn, customer_id):\n'
            '    return conn.execute(f"SELECT order_id, order_date, status FROM orders "\n'
            '                        f"WHERE customer_id = \'{customer_id}\' ORDER BY order_date, order_id").fetchall()'},
            # ignores its conn argument and uses the global (seed 0) connection
            {"violates": "given-conn", "code": 'def orders_for_customer(c, customer_id):\n'
            '    return conn.execute("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "\n'
            '                        "ORDER BY order_date, order_id", (customer_id,)).fetchall()'},
            # a list of lists instead of tuples
            {"violates": "list-of-tuples", "code": (
                'def orders_for_customer(conn, customer_id):\n'
                '    rows = conn.execute("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "\n'
                '                        "ORDER BY order_date, order_id", (customer_id,)).fetchall()\n'
                '    return [list(row) for row in rows]'
            )},
            # sorted by order_id: ids are not always in date order
            {"violates": "oldest-first", "code": (
                'def orders_for_customer(conn, customer_id):\n'
                '    return conn.execute("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "\n'
                '                        "ORDER BY order_id", (customer_id,)).fetchall()'
            )},
            # no tie-break: orders of one day come in the table's storage order (by id only while the id is the rowid)
            {"violates": "same-day-by-id", "code": (
                'def orders_for_customer(conn, customer_id):\n'
                '    return conn.execute("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "\n'
                '                        "ORDER BY order_date", (customer_id,)).fetchall()'
            )},
            # same day: the largest order_id first
            {"violates": "same-day-by-id", "code": (
                'def orders_for_customer(conn, customer_id):\n'
                '    return conn.execute("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "\n'
                '                        "ORDER BY order_date, order_id DESC", (customer_id,)).fetchall()'
            )},
            # None instead of an empty list when nothing matches
            {"violates": "unknown-id-empty", "code": (
                'def orders_for_customer(conn, customer_id):\n'
                '    rows = conn.execute("SELECT order_id, order_date, status FROM orders WHERE customer_id = ? "\n'
                '                        "ORDER BY order_date, order_id", (customer_id,)).fetchall()\n'
                '    return rows or None'
            )},
        ],
    },
    "q16_index": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "Look at the current plan: the existing index finds the rows, but a separate sort step follows.",
            "An index on two columns (a, b) is sorted by a, then by b within each value of a.",
            "Put the WHERE column first and the ORDER BY column second: CREATE INDEX some_name ON orders(..., "
            "...).",
        ],
        "alternatives": [
            # a covering index that also holds the status
            'q16_index = "CREATE INDEX IF NOT EXISTS ix_cust_date_status ON orders (customer_id, order_date, status);"',
        ],
        "wrong": [
            # customer_id alone: found with the index, but still sorted in a temporary B-tree
            {"violates": "no-temp-btree", "code": 'q16_index = "CREATE INDEX ix_orders_customer ON orders(customer_id)"'},
            # the columns in the wrong order: the index cannot be searched by customer_id
            {"violates": "searches-with-index", "code": 'q16_index = "CREATE INDEX ix_orders_date_customer ON orders(order_date, customer_id)"'},
            # two CREATE INDEX statements instead of one
            {"violates": "one-statement", "code": (
                'q16_index = """\n'
                'CREATE INDEX ix_orders_cust ON orders(customer_id);\n'
                'CREATE INDEX ix_orders_cust_date ON orders(customer_id, order_date);\n'
                '"""'
            )},
        ],
    },
    "q17_read_plan": {
        "hints": [
            "Read each line of the plan: which table is read completely, and which is looked up row by row?",
            "A SCAN's work grows with the whole table; a SEARCH's work grows with the rows that match.",
            "An index is a second sorted copy of some columns: think of what it takes on disk, and what every "
            "insert into page_views must now do as well.",
        ],
    },
    "q18_index": {
        "domain": {"inputs": "the inputs the question states: the plan searches page_views with the new index (no full scan); the search uses customer_id, whatever the order of the index's columns; the answer is one CREATE INDEX statement"},
        "hints": [
            "Which columns does the WHERE clause test with =? An index on page_views that holds them lets SQLite "
            "jump to customer 42's rows.",
            "Create your index on a scratch copy (section 14) and print query_plan(scratch, plan_query): you want "
            "SEARCH v USING INDEX your_index (...) with customer_id inside the parentheses.",
            "CREATE INDEX some_name ON page_views(customer_id, device) is one such index; SQLite uses "
            "(device, customer_id) just as fully for this query.",
        ],
        "alternatives": [
            # the issue's case: device first, customer_id second; SQLite searches by both
            'q18_index = "CREATE INDEX ix_dc ON page_views(device, customer_id)"',
            # customer_id alone: searched by customer_id, device tested on those few rows
            'q18_index = "CREATE INDEX IF NOT EXISTS ix_views_customer ON page_views (customer_id);"',
            # a covering index: the product ids come from the index too
            'q18_index = """\ncreate index ix_cover on page_views (customer_id, device, product_id)\n"""',
        ],
        "wrong": [
            # an index on the other table: page_views is still scanned
            {"violates": "searches-page-views", "code": 'q18_index = "CREATE INDEX ix_products_name ON products(name)"'},
            # device alone: a search, but by device only: every customer's app views are read
            {"violates": "by-customer", "code": 'q18_index = "CREATE INDEX ix_views_device ON page_views(device)"'},
            # customer_id behind a column the WHERE does not test: the search stops at device
            {"violates": "by-customer",
             "code": 'q18_index = "CREATE INDEX ix_dpc ON page_views(device, product_id, customer_id)"'},
            # two CREATE INDEX statements instead of one
            {"violates": "one-statement", "code": (
                'q18_index = """\n'
                'CREATE INDEX ix_views_customer ON page_views(customer_id);\n'
                'CREATE INDEX ix_views_customer_device ON page_views(customer_id, device);\n'
                '"""'
            )},
        ],
    },
    "q19_welcome_calls": {
        "domain": {'inputs': "the shop's database of the visible seed and of a hidden seed with every boundary the "
                   'question names planted (signups on 2026-05-31, 2026-06-01 and 2026-06-30; about 15 % of '
                   'customers have no phone)',
         'data': {'stated': 'shop-edges', 'cases': ['boundaries']}},
        "hints": [
            "This answer is MySQL, not SQLite: see the table of section 15 for the date function and for "
            "joining text.",
            "MySQL formats a date with DATE_FORMAT(date, format), where %Y, %m and %d mean year, month and day; "
            "it joins text with CONCAT(a, b, ...), because || means OR in MySQL.",
            "CONCAT returns NULL when any part is NULL: replace the missing phone first with IFNULL(phone, "
            "'no phone') or COALESCE.",
        ],
        "alternatives": [
            # YEAR and MONTH in WHERE, IF instead of IFNULL, a column position in ORDER BY
            'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \' (\', IF(phone IS NULL, \'no phone\', phone), \')\') AS contact\nFROM customers\nWHERE YEAR(signup_date) = 2026 AND MONTH(signup_date) = 6\nORDER BY signup_date, 1;\n"""',
            # REPLACE on the ISO date (valid MySQL: the date becomes text), CONCAT_WS, a half-open range in a subquery
            'q19_welcome_calls = """\nSELECT * FROM (\n  SELECT c.customer_id, REPLACE(c.signup_date, \'-\', \'.\') AS signup_day,\n         CONCAT_WS(\' \', c.name, CONCAT(\'(\', COALESCE(c.phone, \'no phone\'), \')\')) AS contact,\n         c.signup_date\n  FROM customers AS c\n  WHERE c.signup_date >= \'2026-06-01\' AND c.signup_date < \'2026-07-01\') AS june\nORDER BY june.signup_date ASC, june.customer_id ASC\n"""\nq19_welcome_calls = q19_welcome_calls.replace("SELECT *", "SELECT customer_id, signup_day, contact", 1)',
        ],
        "wrong": [
            # SQLite's dialect: strftime and || (right in SQLite, refused by MySQL)
            {"violates": "mysql", "code": 'q19_welcome_calls = """\nSELECT customer_id, strftime(\'%Y.%m.%d\', signup_date) AS signup_day,\n       name || \' (\' || IFNULL(phone, \'no phone\') || \')\' AS contact\nFROM customers WHERE signup_date BETWEEN \'2026-06-01\' AND \'2026-06-30\' ORDER BY signup_date, customer_id\n"""'},
            # DATE_FORMAT is right, but || joins the text: in MySQL that is OR
            {"violates": "mysql", "code": 'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       name || \' (\' || IFNULL(phone, \'no phone\') || \')\' AS contact\nFROM customers WHERE signup_date BETWEEN \'2026-06-01\' AND \'2026-06-30\' ORDER BY signup_date, customer_id\n"""'},
            # after June 1 instead of from it
            {"violates": "june-1-included", "code": 'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \' (\', IFNULL(phone, \'no phone\'), \')\') AS contact\nFROM customers WHERE signup_date > \'2026-06-01\' AND signup_date <= \'2026-06-30\' ORDER BY signup_date, customer_id\n"""'},
            # stops before June 30
            {"violates": "june-30-included", "code": 'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \' (\', IFNULL(phone, \'no phone\'), \')\') AS contact\nFROM customers WHERE signup_date >= \'2026-06-01\' AND signup_date < \'2026-06-30\' ORDER BY signup_date, customer_id\n"""'},
            # the 30 days up to June 30: 2026-05-31 slips in
            {"violates": "june-only", "code": 'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \' (\', IFNULL(phone, \'no phone\'), \')\') AS contact\nFROM customers WHERE signup_date >= DATE_SUB(\'2026-06-30\', INTERVAL 30 DAY) ORDER BY signup_date, customer_id\n"""'},
            # the ISO date as it is stored
            {"violates": "day-format", "code": 'q19_welcome_calls = """\nSELECT customer_id, signup_date AS signup_day,\n       CONCAT(name, \' (\', IFNULL(phone, \'no phone\'), \')\') AS contact\nFROM customers WHERE signup_date BETWEEN \'2026-06-01\' AND \'2026-06-30\' ORDER BY signup_date, customer_id\n"""'},
            # no space before the parenthesis
            {"violates": "contact-format", "code": 'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \'(\', IFNULL(phone, \'no phone\'), \')\') AS contact\nFROM customers WHERE signup_date BETWEEN \'2026-06-01\' AND \'2026-06-30\' ORDER BY signup_date, customer_id\n"""'},
            # the NULL phone not replaced: CONCAT gives NULL
            {"violates": "no-phone", "code": 'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \' (\', phone, \')\') AS contact\nFROM customers WHERE signup_date BETWEEN \'2026-06-01\' AND \'2026-06-30\' ORDER BY signup_date, customer_id\n"""'},
            # newest signups first
            {"violates": "sorted", "code": 'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \' (\', IFNULL(phone, \'no phone\'), \')\') AS contact\nFROM customers WHERE signup_date BETWEEN \'2026-06-01\' AND \'2026-06-30\' ORDER BY signup_date DESC, customer_id DESC\n"""'},
            # sorted by customer_id alone: ids are not always in signup order
            {"violates": "sorted", "code": 'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \' (\', IFNULL(phone, \'no phone\'), \')\') AS contact\nFROM customers WHERE signup_date BETWEEN \'2026-06-01\' AND \'2026-06-30\' ORDER BY customer_id\n"""'},
            # the visible database's customer ids, copied into the query
            'q19_welcome_calls = """\nSELECT customer_id, DATE_FORMAT(signup_date, \'%Y.%m.%d\') AS signup_day,\n       CONCAT(name, \' (\', IFNULL(phone, \'no phone\'), \')\') AS contact\nFROM customers WHERE customer_id BETWEEN 1399 AND 1500 ORDER BY customer_id\n"""',
        ],
        "equivalent": [
            {
                "diff": "- SELECT customer_id,\n"
                        "+ SELECT DISTINCT customer_id,",
                "reason": "customer_id is the primary key of customers: the rows are already distinct",
            },
        ],
    },
}
