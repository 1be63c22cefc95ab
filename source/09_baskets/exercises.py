"""The exercises of 09_baskets, each with its parts side by side, keyed by the grade id of its answer
cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers, each tagged with the requirement it breaks;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points of its exercise and only
those (tests/test_course.py grades them with the real nbgrader). The code replaces the answer cell of
the release notebook and may use the setup cell's imports (itertools, math, warnings, np, pd, display,
baskets, lines...).

Wrong answers are the instructor's solution with one mistake (``_swap`` checks that the mistake really
lands in the code)."""


def _swap(code: str, old: str, new: str) -> str:
    assert old in code, f"not in the solution: {old!r}"
    return code.replace(old, new, 1)


# ---------------------------------------------------------------- Part 1: market baskets

BASKET = '''
def basket_table(lines):
    kept = lines[lines["status"].isin(["paid", "shipped", "delivered"])]
    return pd.crosstab(kept["order_id"], kept["category"]) > 0
'''

BASKET_ALT_ENCODER = '''
from mlxtend.preprocessing import TransactionEncoder


def basket_table(lines):
    kept = lines[lines["status"].isin(["paid", "shipped", "delivered"])]
    baskets_by_order = kept.groupby("order_id")["category"].apply(list)
    encoder = TransactionEncoder()
    cells = encoder.fit(baskets_by_order).transform(baskets_by_order)
    return pd.DataFrame(cells, index=baskets_by_order.index, columns=encoder.columns_)
'''

BASKET_ALT_UNSTACK = '''
def basket_table(lines):
    kept = lines.loc[(lines["status"] != "cancelled") & (lines["status"] != "refunded"), ["order_id", "category"]]
    table = kept.drop_duplicates().assign(present=True).set_index(["order_id", "category"])["present"].unstack()
    return table.fillna(False).astype(bool).sort_index().sort_index(axis=1)
'''

RULE = '''
def rule_metrics(onehot, antecedent, consequent):
    has_a = onehot[list(antecedent)].all(axis=1)
    has_b = onehot[list(consequent)].all(axis=1)
    support_a, support_b = has_a.mean(), has_b.mean()
    support = (has_a & has_b).mean()
    confidence = support / support_a if support_a > 0 else 0.0
    lift = confidence / support_b if support_b > 0 else 0.0
    return {"support": float(support), "confidence": float(confidence), "lift": float(lift)}
'''

RULE_ALT_COUNTS = '''
def rule_metrics(onehot, antecedent, consequent):
    n = len(onehot)
    a = onehot[antecedent].all(axis=1)
    b = onehot[consequent].all(axis=1)
    n_a, n_b, n_ab = int(a.sum()), int(b.sum()), int((a & b).sum())
    confidence = n_ab / n_a if n_a else 0.0
    lift = confidence * n / n_b if n_b else 0.0
    return {"support": n_ab / n, "confidence": confidence, "lift": lift}
'''

RULE_ALT_SETS = '''
def rule_metrics(onehot, antecedent, consequent):
    columns = list(onehot.columns)
    rows = [set(itertools.compress(columns, row)) for row in onehot.to_numpy()]
    a, b = set(antecedent), set(consequent)

    def support(items):
        return sum(items <= row for row in rows) / len(rows)

    s_a, s_b, s_ab = support(a), support(b), support(a | b)
    confidence = s_ab / s_a if s_a else 0.0
    return {"support": s_ab, "confidence": confidence, "lift": confidence / s_b if s_b else 0.0}
'''

CANDIDATES = '''
def apriori_candidates(frequent, k):
    frequent = set(frequent)
    candidates = set()
    for a, b in itertools.combinations(frequent, 2):
        union = a | b
        if len(union) == k and all(frozenset(sub) in frequent for sub in itertools.combinations(union, k - 1)):
            candidates.add(union)
    return candidates
'''

CANDIDATES_ALT_PREFIX = '''
def apriori_candidates(frequent, k):
    # the textbook join: two sorted (k-1)-itemsets that share their first k-2 items
    ordered = sorted(tuple(sorted(s)) for s in frequent)
    known = set(frequent)
    out = set()
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if a[:-1] != b[:-1]:
                continue
            candidate = frozenset(a) | frozenset(b)
            if all(candidate - {item} in known for item in candidate):
                out.add(candidate)
    return out
'''

CANDIDATES_ALT_ITEMS = '''
def apriori_candidates(frequent, k):
    items = sorted(set().union(*frequent)) if frequent else []
    return {frozenset(c) for c in itertools.combinations(items, k)
            if all(frozenset(c) - {x} in frequent for x in c)}
'''

ITEMSETS = '''
def frequent_itemsets(onehot, min_support, make_candidates):
    result = {}
    level = {frozenset([column]) for column in onehot.columns}
    k = 1
    while level:
        frequent = set()
        for itemset in level:
            support = float(onehot[list(itemset)].all(axis=1).mean())
            if support >= min_support:
                result[itemset] = support
                frequent.add(itemset)
        k += 1
        level = make_candidates(frequent, k)
    return result
'''

ITEMSETS_ALT_NUMPY = '''
def frequent_itemsets(onehot, min_support, make_candidates):
    cells = onehot.to_numpy(dtype=bool)
    index = {column: j for j, column in enumerate(onehot.columns)}
    n = len(cells)
    found, k = {}, 1
    level = [frozenset([c]) for c in onehot.columns]
    while level:
        kept = set()
        for itemset in level:
            count = int(cells[:, [index[c] for c in itemset]].all(axis=1).sum())
            if count >= min_support * n:
                found[itemset] = count / n
                kept.add(itemset)
        k += 1
        level = list(make_candidates(kept, k))
    return found
'''

ITEMSETS_ALT_SETS = '''
def frequent_itemsets(onehot, min_support, make_candidates):
    rows = [frozenset(onehot.columns[r]) for r in onehot.to_numpy()]

    def support(itemset):
        return sum(itemset <= row for row in rows) / len(rows)

    result = {}
    frequent = {frozenset([c]) for c in onehot.columns if support(frozenset([c])) >= min_support}
    size = 1
    while frequent:
        result.update({s: support(s) for s in frequent})
        size += 1
        frequent = {c for c in make_candidates(frequent, size) if support(c) >= min_support}
    return result
'''


RULES = '''
def generate_rules(frequent, min_confidence):
    rules = []
    for itemset, support in frequent.items():
        for size in range(1, len(itemset)):
            for items in itertools.combinations(itemset, size):
                antecedent = frozenset(items)
                consequent = itemset - antecedent
                confidence = support / frequent[antecedent]
                if confidence >= min_confidence:
                    rules.append({"antecedent": antecedent, "consequent": consequent, "support": support,
                                  "confidence": confidence, "lift": confidence / frequent[consequent]})
    rules.sort(key=lambda r: (-r["confidence"], -r["support"], sorted(r["antecedent"]), sorted(r["consequent"])))
    return rules
'''

RULES_ALT_BITMASK = '''
def generate_rules(frequent, min_confidence):
    # bit i of a mask puts the i-th item on the left; 0 and all-ones leave a side empty
    found = []
    for itemset, support in frequent.items():
        items = sorted(itemset)
        for mask in range(1, 2 ** len(items) - 1):
            left = frozenset(x for i, x in enumerate(items) if mask >> i & 1)
            right = itemset - left
            confidence = support / frequent[left]
            if confidence >= min_confidence:
                found.append(dict(antecedent=left, consequent=right, support=support, confidence=confidence,
                                  lift=confidence / frequent[right]))
    found.sort(key=lambda r: (sorted(r["antecedent"]), sorted(r["consequent"])))
    found.sort(key=lambda r: (r["confidence"], r["support"]), reverse=True)   # stable: ties keep the names' order
    return found
'''

RULES_ALT_GROWING = '''
def generate_rules(frequent, min_confidence):
    # Agrawal and Srikant's ap-genrules: consequents grow one item at a time, only from consequents
    # that passed (moving an item to the right never raises the confidence)
    out = []
    for itemset, support in frequent.items():
        consequents = {frozenset([x]) for x in itemset} if len(itemset) > 1 else set()
        while consequents:
            passed = []
            for consequent in consequents:
                antecedent = itemset - consequent
                confidence = support / frequent[antecedent]
                if confidence >= min_confidence:
                    passed.append(consequent)
                    out.append({"antecedent": antecedent, "consequent": consequent, "support": support,
                                "confidence": confidence, "lift": confidence / frequent[consequent]})
            consequents = {a | b for a, b in itertools.combinations(passed, 2)
                           if len(a | b) == len(a) + 1 and len(a | b) < len(itemset)}
    return sorted(out, key=lambda r: (-r["confidence"], -r["support"], tuple(sorted(r["antecedent"])),
                                      tuple(sorted(r["consequent"]))))
'''


# ---------------------------------------------------------------- Part 2: recommendation
RECALL = '''
def recall_at_k(recommended, relevant, k=10):
    hits = len(set(recommended[:k]) & set(relevant))
    return hits / len(relevant)
'''

RECALL_ALT = '''
def recall_at_k(recommended, relevant, k=10):
    return sum(item in relevant for item in recommended[:k]) / len(relevant)
'''

NDCG = '''
def ndcg_at_k(recommended, relevant, k=10):
    dcg = sum(1 / math.log2(rank + 1) for rank, item in enumerate(recommended[:k], start=1) if item in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal
'''

NDCG_ALT_NUMPY = '''
def ndcg_at_k(recommended, relevant, k=10):
    top = np.array([item in relevant for item in recommended[:k]], dtype=float)
    discounts = 1 / np.log2(np.arange(2, k + 2))
    ideal = discounts[:min(k, len(relevant))].sum()
    return float((top * discounts[:len(top)]).sum() / ideal)
'''

SPLIT = '''
def time_split(lines, cutoff):
    kept = lines[lines["status"].isin(["paid", "shipped", "delivered"])]
    train = kept[kept["order_date"] < cutoff]
    test = kept[kept["order_date"] >= cutoff]
    return train, test
'''

SPLIT_ALT_DATETIME = '''
def time_split(lines, cutoff):
    dates = pd.to_datetime(lines["order_date"])
    kept = lines["status"].isin(["paid", "shipped", "delivered"])
    before = dates < pd.Timestamp(cutoff)
    return lines[kept & before], lines[kept & ~before]
'''

SPLIT_ALT_QUERY = '''
def time_split(lines, cutoff):
    kept = lines.query("status not in ['cancelled', 'refunded']")
    return kept.query("order_date < @cutoff"), kept.query("not (order_date < @cutoff)")
'''


COOC = '''
def cooccurrence_counts(train):
    holds = (pd.crosstab(train["order_id"], train["product_id"]) > 0).astype(int)
    counts = holds.to_numpy().T @ holds.to_numpy()
    np.fill_diagonal(counts, 0)
    return pd.DataFrame(counts, index=holds.columns, columns=holds.columns)
'''

COOC_ALT_PAIRS = '''
def cooccurrence_counts(train):
    products = sorted(train["product_id"].unique())
    counts = pd.DataFrame(0, index=products, columns=products)
    for _, items in train.groupby("order_id")["product_id"]:
        for a, b in itertools.permutations(sorted(set(items)), 2):
            counts.loc[a, b] += 1
    return counts
'''

COOC_ALT_MERGE = '''
def cooccurrence_counts(train):
    pairs = train[["order_id", "product_id"]].drop_duplicates()
    joined = pairs.merge(pairs, on="order_id")
    joined = joined[joined["product_id_x"] != joined["product_id_y"]]
    table = pd.crosstab(joined["product_id_x"], joined["product_id_y"])
    products = sorted(pairs["product_id"].unique())
    return table.reindex(index=products, columns=products, fill_value=0)
'''


RECOMMEND = '''
def recommend(history, counts, k=10):
    bought = set(history)
    known = [p for p in bought if p in counts.index]
    scores = counts.loc[known].sum()
    scores = scores[(scores > 0) & ~scores.index.isin(list(bought))]
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [int(p) for p, _ in ranked[:k]]
'''

RECOMMEND_ALT_LOOPS = '''
def recommend(history, counts, k=10):
    bought = set(history)
    scores = {}
    for p in bought:
        if p not in counts.index:
            continue
        for q, c in counts.loc[p].items():
            if q not in bought and c > 0:
                scores[q] = scores.get(q, 0) + int(c)
    return sorted(scores, key=lambda q: (-scores[q], q))[:k]
'''

RECOMMEND_ALT_LEXSORT = '''
def recommend(history, counts, k=10):
    bought = set(history)
    rows = counts.reindex(sorted(bought)).dropna()
    scores = rows.sum().drop(labels=list(bought), errors="ignore")
    scores = scores[scores > 0]
    ids, values = scores.index.to_numpy(), scores.to_numpy()
    order = np.lexsort((ids, -values))
    return [int(p) for p in ids[order][:k]]
'''


POPULAR = '''
def most_popular(train, k=10):
    buyers = train.groupby("product_id")["customer_id"].nunique()
    ranked = sorted(buyers.items(), key=lambda item: (-item[1], item[0]))
    return [int(p) for p, _ in ranked[:k]]
'''

POPULAR_ALT_FRAME = '''
def most_popular(train, k=10):
    pairs = train[["product_id", "customer_id"]].drop_duplicates()
    buyers = pairs["product_id"].value_counts().rename("buyers").reset_index()
    ranked = buyers.sort_values(["buyers", "product_id"], ascending=[False, True])
    return ranked["product_id"].head(k).tolist()
'''

POPULAR_ALT_SETS = '''
def most_popular(train, k=10):
    customers = {}
    for product, customer in zip(train["product_id"], train["customer_id"]):
        customers.setdefault(int(product), set()).add(customer)
    return sorted(customers, key=lambda p: (-len(customers[p]), p))[:k]
'''


EVALUATE = '''
def evaluate(recommender, train, test, metrics, k=10):
    history_of = train.groupby("customer_id")["product_id"].apply(list)
    bought_of = test.groupby("customer_id")["product_id"].apply(set)
    totals = {name: 0.0 for name in metrics}
    n = 0
    for customer, bought in bought_of.items():
        if customer not in history_of.index:
            continue
        history = history_of[customer]
        relevant = bought - set(history)
        if not relevant:
            continue
        recommended = recommender(history)
        for name, metric in metrics.items():
            totals[name] += metric(recommended, relevant, k)
        n += 1
    result = {name: total / n if n else 0.0 for name, total in totals.items()}
    result["customers"] = n
    return result
'''

EVALUATE_ALT_ROWS = '''
def evaluate(recommender, train, test, metrics, k=10):
    rows = []
    for customer in sorted(set(test["customer_id"]) & set(train["customer_id"])):
        history = train.loc[train["customer_id"] == customer, "product_id"].tolist()
        relevant = set(test.loc[test["customer_id"] == customer, "product_id"]) - set(history)
        if relevant:
            recommended = recommender(history)
            rows.append({name: metric(recommended, relevant, k) for name, metric in metrics.items()})
    table = pd.DataFrame(rows, columns=list(metrics))
    result = {name: float(table[name].mean()) if len(table) else 0.0 for name in metrics}
    return {**result, "customers": len(table)}
'''


COVERAGE = '''
def coverage_report(lists, catalogue, popular, k=10):
    shown = [p for recommended in lists for p in list(recommended)[:k]]
    head = set(popular)
    coverage = len(set(shown)) / len(set(catalogue))
    share = sum(p in head for p in shown) / len(shown) if shown else 0.0
    return {"coverage": coverage, "popular_share": share}
'''

COVERAGE_ALT_SERIES = '''
def coverage_report(lists, catalogue, popular, k=10):
    places = pd.Series([p for one in lists for p in one[:k]], dtype="int64")
    if places.empty:
        return {"coverage": 0.0, "popular_share": 0.0}
    return {"coverage": places.nunique() / pd.Series(catalogue).nunique(),
            "popular_share": float(places.isin(list(popular)).mean())}
'''

COVERAGE_ALT_COUNTER = '''
import collections


def coverage_report(lists, catalogue, popular, k=10):
    shown = collections.Counter(itertools.chain.from_iterable(one[:k] for one in lists))
    places = sum(shown.values())
    if places == 0:
        return {"coverage": 0.0, "popular_share": 0.0}
    from_popular = sum(n for p, n in shown.items() if p in set(popular))
    return {"coverage": len(shown) / len(np.unique(np.asarray(catalogue))), "popular_share": from_popular / places}
'''


FILL = '''
def fill_with_popular(recommended, history, popular, k=10):
    result = list(recommended[:k])
    seen = set(result) | set(history)
    for p in popular:
        if len(result) >= k:
            break
        if p not in seen:
            result.append(p)
    return result
'''

FILL_ALT_COMPREHENSION = '''
def fill_with_popular(recommended, history, popular, k=10):
    head = list(recommended)[:k]
    skip = set(head) | set(history)
    return (head + [p for p in popular if p not in skip])[:k]
'''

FILL_ALT_DICT = '''
def fill_with_popular(recommended, history, popular, k=10):
    bought = set(history)
    merged = dict.fromkeys(list(recommended)[:k])
    for p in popular:
        if p not in bought:
            merged.setdefault(p)
    return list(merged)[:k]
'''


# ---------------------------------------------------------------- Part 3: Spark
PAIRS = '''
def spark_pair_counts(orders, min_orders):
    kept = (orders.where(F.col("status").isin("paid", "shipped", "delivered"))
            .select("order_id", "product_id").distinct())
    a, b = kept.alias("a"), kept.alias("b")
    pairs = a.join(b, (F.col("a.order_id") == F.col("b.order_id")) & (F.col("a.product_id") < F.col("b.product_id")))
    counts = pairs.groupBy(F.col("a.product_id").alias("product_a"), F.col("b.product_id").alias("product_b")).count()
    return counts.withColumnRenamed("count", "orders").where(F.col("orders") >= min_orders)
'''

PAIRS_ALT_SQL = '''
def spark_pair_counts(orders, min_orders):
    orders.createOrReplaceTempView("order_lines")
    return orders.sparkSession.sql(f\"\"\"
        WITH kept AS (SELECT DISTINCT order_id, product_id FROM order_lines
                      WHERE status IN ('paid', 'shipped', 'delivered'))
        SELECT a.product_id AS product_a, b.product_id AS product_b, COUNT(*) AS orders
        FROM kept a JOIN kept b ON a.order_id = b.order_id AND a.product_id < b.product_id
        GROUP BY a.product_id, b.product_id
        HAVING COUNT(*) >= {int(min_orders)}
    \"\"\")
'''

PAIRS_ALT_RENAMED = '''
def spark_pair_counts(orders, min_orders):
    kept = orders.filter(~F.col("status").isin("cancelled", "refunded")).dropDuplicates(["order_id", "product_id"])
    left = kept.select("order_id", F.col("product_id").alias("product_a"))
    right = kept.select("order_id", F.col("product_id").alias("product_b"))
    pairs = left.join(right, "order_id").filter(F.col("product_a") < F.col("product_b"))
    counts = pairs.groupBy("product_a", "product_b").agg(F.countDistinct("order_id").alias("orders"))
    return counts.filter(counts.orders >= min_orders)
'''


SHUFFLES = '''
import contextlib
import io


def count_shuffles(df):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        df.explain()
    plan = printed.getvalue()
    return sum(1 for line in plan.splitlines() if line.lstrip(" :+-").startswith("Exchange "))
'''

SHUFFLES_ALT_FORMATTED = '''
import re
from contextlib import redirect_stdout
from io import StringIO


def count_shuffles(df):
    # the formatted plan numbers each operator once: "(3) Exchange" in the details below the tree
    out = StringIO()
    with redirect_stdout(out):
        df.explain(mode="formatted")
    return len(re.findall(r"^\\(\\d+\\) Exchange$", out.getvalue(), flags=re.M))
'''

SHUFFLES_ALT_EXPLAIN = '''
import contextlib
import io


def count_shuffles(df):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        df.explain()
    words = [line.replace("+-", " ").replace(":", " ").split() for line in printed.getvalue().splitlines()]
    return sum(1 for w in words if w and w[0] == "Exchange")
'''


TOP_PER_CATEGORY = '''
from pyspark.sql import Window


def top_products_per_category(path, n):
    orders = spark.read.parquet(path)
    buyers = (orders.where(F.col("status").isin("paid", "shipped", "delivered"))
              .groupBy("category", "product_id").agg(F.countDistinct("customer_id").alias("customers")))
    most_customers = Window.partitionBy("category").orderBy(F.desc("customers"), F.asc("product_id"))
    ranked = buyers.withColumn("rank", F.row_number().over(most_customers))
    return ranked.where(F.col("rank") <= n)
'''

TOP_PER_CATEGORY_ALT_SQL = '''
def top_products_per_category(path, n):
    spark.read.parquet(path).createOrReplaceTempView("lines_parquet")
    return spark.sql(f\"\"\"
        WITH buyers AS (
            SELECT category, product_id, COUNT(DISTINCT customer_id) AS customers
            FROM lines_parquet WHERE status IN ('paid', 'shipped', 'delivered')
            GROUP BY category, product_id),
        ranked AS (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY category ORDER BY customers DESC, product_id) AS rank
            FROM buyers)
        SELECT category, product_id, customers, rank FROM ranked WHERE rank <= {int(n)}
    \"\"\")
'''

TOP_PER_CATEGORY_ALT_DISTINCT = '''
from pyspark.sql import Window as W


def top_products_per_category(path, n):
    pairs = (spark.read.parquet(path).filter(~F.col("status").isin("cancelled", "refunded"))
             .select("category", "product_id", "customer_id").dropDuplicates())
    counted = pairs.groupBy("category", "product_id").count().withColumnRenamed("count", "customers")
    window = W.partitionBy(F.col("category")).orderBy(F.col("customers").desc(), F.col("product_id"))
    return (counted.select("*", F.row_number().over(window).alias("rank"))
            .filter(F.col("rank") < n + 1))
'''


EXERCISES = {
    "q1_basket_table": {
        "domain": {'inputs': 'order lines with cancelled and refunded orders and repeated items',
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Two steps: first keep the rows of the kept orders (a boolean mask on `status`: is it one of the three "
            "kept statuses?), then reshape what is left to one row per order and one column per category.",
            "`pd.crosstab(rows, columns)` counts how many lines each (order, category) pair has, with both axes "
            "sorted; a count is not what the table holds, but a comparison turns it into booleans.",
        ],
        "alternatives": [BASKET_ALT_ENCODER, BASKET_ALT_UNSTACK],
        "wrong": [
            {"violates": "drop-cancelled",
             "code": _swap(BASKET, '["paid", "shipped", "delivered"]',
                           '["paid", "shipped", "delivered", "cancelled"]')},
            {"violates": "drop-refunded",
             "code": _swap(BASKET, '["paid", "shipped", "delivered"]',
                           '["paid", "shipped", "delivered", "refunded"]')},
            {"violates": "rows-sorted",
             "code": _swap(BASKET, 'return pd.crosstab(kept["order_id"], kept["category"]) > 0',
                           'table = pd.crosstab(kept["order_id"], kept["category"]) > 0\n'
                           '    return table.loc[kept["order_id"].unique()]   # in the order the lines come')},
            {"violates": "columns",
             "code": _swap(BASKET, 'return pd.crosstab(kept["order_id"], kept["category"]) > 0',
                           'table = pd.crosstab(kept["order_id"], kept["category"])\n'
                           '    return table.reindex(columns=sorted(lines["category"].unique()), fill_value=0) > 0')},
            {"violates": "columns-sorted",
             "code": _swap(BASKET, 'return pd.crosstab(kept["order_id"], kept["category"]) > 0',
                           'table = pd.crosstab(kept["order_id"], kept["category"]) > 0\n'
                           '    return table[list(kept["category"].unique())]')},
            {"violates": "presence",
             "code": _swap(BASKET, 'kept["category"]) > 0', 'kept["category"]) == 1')},
            {"violates": "dtype-bool",
             "code": _swap(BASKET, 'return pd.crosstab(kept["order_id"], kept["category"]) > 0',
                           'return pd.crosstab(kept["order_id"], kept["category"]).clip(upper=1)')},
        ],
        "equivalent": [],
    },
    "q2_rule_metrics": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Build one boolean Series per side: True for the rows that hold every item of that side "
            "(`.all(axis=1)` on the side's columns). A support is then the mean of a boolean Series.",
            "The rule's support is that of the rows where both Series are True (`&`). Confidence and lift are "
            "divisions by the supports of one side each; check the denominator before dividing.",
        ],
        "alternatives": [RULE_ALT_COUNTS, RULE_ALT_SETS],
        "wrong": [
            {"violates": "every-item",
             "code": _swap(RULE, "has_a = onehot[list(antecedent)].all(axis=1)",
                           "has_a = onehot[list(antecedent)].any(axis=1)")},
            {"violates": "share",
             "code": _swap(RULE, '"support": float(support)', '"support": float((has_a & has_b).sum())')},
            {"violates": "confidence",
             "code": _swap(RULE, "confidence = support / support_a if support_a > 0 else 0.0",
                           "confidence = support / support_b if support_b > 0 else 0.0")},
            {"violates": "lift",
             "code": _swap(RULE, "lift = confidence / support_b if support_b > 0 else 0.0",
                           "lift = support / support_b if support_b > 0 else 0.0")},
            {"violates": "zero-support",
             "code": _swap(_swap(RULE, "confidence = support / support_a if support_a > 0 else 0.0",
                                 "confidence = support / support_a"),
                           "lift = confidence / support_b if support_b > 0 else 0.0", "lift = confidence / support_b")},
        ],
        "equivalent": [
            {
                "diff": "- return {\"support\": float(support), \"confidence\": float(confidence), \"lift\": float(lift)}\n"
                        "+ return {\"support\": (support), \"confidence\": float(confidence), \"lift\": float(lift)}",
                "reason": "the value is a numpy.float64 (a mean or a quotient of means), which is a "
                          "subclass of float: it crosses to the checks as the same float and compares "
                          "the same",
            },
            {
                "diff": "- return {\"support\": float(support), \"confidence\": float(confidence), \"lift\": float(lift)}\n"
                        "+ return {\"support\": float(support), \"confidence\": (confidence), \"lift\": float(lift)}",
                "reason": "the value is a numpy.float64 (a mean or a quotient of means), which is a "
                          "subclass of float: it crosses to the checks as the same float and compares "
                          "the same",
            },
            {
                "diff": "- return {\"support\": float(support), \"confidence\": float(confidence), \"lift\": float(lift)}\n"
                        "+ return {\"support\": float(support), \"confidence\": float(confidence), \"lift\": (lift)}",
                "reason": "the value is a numpy.float64 (a mean or a quotient of means), which is a "
                          "subclass of float: it crosses to the checks as the same float and compares "
                          "the same",
            },
        ],
    },
    "q3_apriori_candidates": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Two nested steps for each pair of frequent itemsets (`itertools.combinations(frequent, 2)` gives "
            "every pair once): the union `a | b` of two frozensets is a frozenset; it is a candidate only if it "
            "has exactly k items.",
            "For the prune, list the (k - 1)-subsets of a candidate (`itertools.combinations(candidate, k - 1)` "
            "gives tuples: turn each into a frozenset) and test each against `frequent` with `in`; `all(...)` "
            "says whether every one of them is there.",
        ],
        "alternatives": [CANDIDATES_ALT_PREFIX, CANDIDATES_ALT_ITEMS],
        "wrong": [
            {"violates": "join-size", "code": _swap(CANDIDATES, "if len(union) == k and", "if len(union) >= k and")},
            {"violates": "prune",
             "code": _swap(CANDIDATES, "if len(union) == k and all(frozenset(sub) in frequent for sub in "
                                       "itertools.combinations(union, k - 1)):", "if len(union) == k:")},
            {"violates": "every-pair",
             "code": _swap(CANDIDATES, "for a, b in itertools.combinations(frequent, 2):",
                           "ordered = sorted(frequent, key=sorted)\n"
                           "    for a, b in zip(ordered, ordered[1:]):   # neighbours in sorted order")},
            {"violates": "k-2",
             "code": _swap(CANDIDATES, "    frequent = set(frequent)\n",
                           "    frequent = set(frequent)\n"
                           "    if k == 2:   # single items: nothing to prune, every pair is a candidate\n"
                           "        return {frozenset(pair) for pair in itertools.combinations(frequent, 2)}\n")},
            {"violates": "empty",
             "code": _swap(CANDIDATES, "    frequent = set(frequent)\n",
                           "    frequent = set(frequent)\n    k = len(next(iter(frequent))) + 1\n")},
            {"violates": "frozensets", "code": _swap(CANDIDATES, "candidates.add(union)",
                                                     "candidates.add(tuple(sorted(union)))")},
        ],
        "equivalent": [],
    },
    "q4_frequent_itemsets": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Keep two things as you go: the result dict, and the frequent itemsets of the current level. Level 1 "
            "is one frozenset per column; each level is counted, filtered by min_support, added to the result, "
            "and turned into the next level's candidates by calling make_candidates.",
            "The support of an itemset is the share of rows where all its columns are True, counted as in "
            "Question 2. Compare it with min_support so that a support equal to it is kept, and loop while the "
            "next level has candidates.",
        ],
        "alternatives": [ITEMSETS_ALT_NUMPY, ITEMSETS_ALT_SETS],
        "wrong": [
            {"violates": "at-least", "code": _swap(ITEMSETS, "if support >= min_support:", "if support > min_support:")},
            {"violates": "every-level",
             "code": _swap(ITEMSETS, "    while level:\n", "    while level and k <= 2:   # singles and pairs\n")},
            {"violates": "support-values",
             "code": _swap(ITEMSETS, "result[itemset] = support", "result[itemset] = int(onehot[list(itemset)].all(axis=1).sum())")},
            {"violates": "nothing-else",
             "code": _swap(ITEMSETS, "            if support >= min_support:\n                result[itemset] = support\n",
                           "            result[itemset] = support\n            if support >= min_support:\n")},
            {"violates": "no-mlxtend",
             "code": "from mlxtend.frequent_patterns import apriori\n\n\n"
                     "def frequent_itemsets(onehot, min_support, make_candidates):\n"
                     "    found = apriori(onehot, min_support=min_support, use_colnames=True)\n"
                     "    return dict(zip(found[\"itemsets\"], found[\"support\"]))\n"},
        ],
        "equivalent": [
            {
                "diff": "- support = float(onehot[list(itemset)].all(axis=1).mean())\n"
                        "+ support = (onehot[list(itemset)].all(axis=1).mean())",
                "reason": "the mean of a boolean Series is a numpy.float64, a subclass of float: the same value "
                          "is compared with min_support and crosses to the checks as the same float",
            },
        ],
    },
    "q4b_generate_rules": {
        "domain": {'inputs': "frequent itemsets of up to four items, every subset of each in the dict (as Apriori "
                             "finds them), supports that are counts over a power of two, a minimum confidence "
                             "that some rule reaches exactly; a dict of single items only",
                   'data': {'stated': 'basket-rules', 'cases': ['four-itemset', 'two-item-sides', 'at-minimum',
                                                                'below-minimum', 'support-tie', 'name-tie']}},
        "hints": [
            "Loop over the itemsets of the dict. For one itemset, list its antecedents: its subsets of every size "
            "from 1 to one less than its own (`itertools.combinations(itemset, size)`, made frozensets); the "
            "consequent is what is left, `itemset - antecedent`. An itemset of one item gives no rule.",
            "Both sides are subsets of a frequent itemset, so their supports are keys of the dict: no basket is "
            "read again. Keep a rule when its confidence is >= min_confidence, and sort once at the end with a "
            "key that is a tuple: negate the numbers that go highest first, and compare each side as "
            "`sorted(...)`.",
        ],
        "alternatives": [RULES_ALT_BITMASK, RULES_ALT_GROWING],
        "wrong": [
            {"violates": "every-itemset",
             "code": _swap(RULES, "        for size in range(1, len(itemset)):\n",
                           "        if len(itemset) < 3:   # pairs were Question 2's rules\n"
                           "            continue\n        for size in range(1, len(itemset)):\n")},
            {"violates": "every-split",      # one item on the right only
             "code": _swap(RULES, "for size in range(1, len(itemset)):",
                           "for size in ([len(itemset) - 1] if len(itemset) > 1 else []):")},
            {"violates": "every-split",      # one item on the left only
             "code": _swap(RULES, "for size in range(1, len(itemset)):",
                           "for size in ([1] if len(itemset) > 1 else []):")},
            {"violates": "at-least", "code": _swap(RULES, "if confidence >= min_confidence:",
                                                   "if confidence > min_confidence:")},
            {"violates": "min-confidence",
             "code": _swap(RULES, "if confidence >= min_confidence:",
                           "if confidence / frequent[consequent] >= min_confidence:   # the lift")},
            {"violates": "support", "code": _swap(RULES, '"support": support,', '"support": frequent[antecedent],')},
            {"violates": "confidence", "code": _swap(RULES, "confidence = support / frequent[antecedent]",
                                                     "confidence = support / frequent[consequent]")},
            {"violates": "lift", "code": _swap(RULES, '"lift": confidence / frequent[consequent]',
                                               '"lift": confidence / frequent[antecedent]')},
            {"violates": "by-confidence",
             "code": _swap(RULES, 'key=lambda r: (-r["confidence"], -r["support"],',
                           'key=lambda r: (-r["lift"], -r["support"],')},
            {"violates": "ties",
             "code": _swap(RULES, '(-r["confidence"], -r["support"], sorted(r["antecedent"])',
                           '(-r["confidence"], sorted(r["antecedent"])')},
            {"violates": "ties",
             "code": _swap(RULES, 'sorted(r["antecedent"]), sorted(r["consequent"])',
                           'sorted(r["consequent"]), sorted(r["antecedent"])')},
            {"violates": "rule-dicts",
             "code": _swap(RULES, '{"antecedent": antecedent, "consequent": consequent,',
                           '{"antecedent": tuple(sorted(antecedent)), "consequent": tuple(sorted(consequent)),')},
            {"violates": "no-mlxtend",
             "code": "from mlxtend.frequent_patterns import association_rules\n\n\n"
                     "def generate_rules(frequent, min_confidence):\n"
                     "    table = pd.DataFrame({\"itemsets\": list(frequent), \"support\": list(frequent.values())})\n"
                     "    if not any(len(s) > 1 for s in frequent):\n"
                     "        return []\n"
                     "    found = association_rules(table, metric=\"confidence\", min_threshold=min_confidence)\n"
                     "    rules = [{\"antecedent\": a, \"consequent\": c, \"support\": s, \"confidence\": conf, \"lift\": l}\n"
                     "             for a, c, s, conf, l in zip(found[\"antecedents\"], found[\"consequents\"], found[\"support\"],\n"
                     "                                         found[\"confidence\"], found[\"lift\"])]\n"
                     "    return sorted(rules, key=lambda r: (-r[\"confidence\"], -r[\"support\"], sorted(r[\"antecedent\"]),\n"
                     "                                        sorted(r[\"consequent\"])))\n"},
            # the visible answers, hard-coded
            "def generate_rules(frequent, min_confidence):\n"
            "    tea, fresh, snacks = \"Coffee & Tea\", \"Fresh\", \"Snacks\"\n"
            "    rows = [([tea, fresh], [snacks], 0.25, 1.0, 2.0), ([fresh, snacks], [tea], 0.25, 1.0, 1.6),\n"
            "            ([snacks], [tea], 0.375, 0.75, 1.2), ([tea, snacks], [fresh], 0.25, 2 / 3, 16 / 9),\n"
            "            ([fresh], [tea], 0.25, 2 / 3, 16 / 15), ([fresh], [tea, snacks], 0.25, 2 / 3, 16 / 9),\n"
            "            ([fresh], [snacks], 0.25, 2 / 3, 4 / 3), ([tea], [snacks], 0.375, 0.6, 1.2),\n"
            "            ([snacks], [tea, fresh], 0.25, 0.5, 2.0), ([snacks], [fresh], 0.25, 0.5, 4 / 3)]\n"
            "    if not any(len(s) > 1 for s in frequent):\n"
            "        return []\n"
            "    return [{\"antecedent\": frozenset(x), \"consequent\": frozenset(y), \"support\": s, \"confidence\": c,\n"
            "             \"lift\": l} for x, y, s, c, l in rows if c >= min_confidence]\n",
        ],
        "equivalent": [],
    },
    "q5_rules_worth_acting_on": {
        "hints": [
            "Answer the three bullets in order, each with Daon Market's numbers: how many baskets a rule covers, "
            "its confidence next to the consequent's own share, its lift.",
            "Count how many rules you tested before keeping the best ones, and ask how many of them would pass "
            "your thresholds if categories were bought independently. Then think about what would show that "
            "showing B next to A changes what customers buy, not only that they already bought both.",
        ],
    },
    "q6_recall_at_k": {
        "domain": {'inputs': 'lists shorter than k, k given, no relevant item'},
        "hints": [
            "Take the first k recommendations with a slice (a slice of a short list is just the list), and count "
            "how many of them are in `relevant`.",
            "Recall asks how much of what the customer bought the list found: the denominator is the number of "
            "relevant products, whatever k is.",
        ],
        "alternatives": [RECALL_ALT],
        "wrong": [
            {"violates": "first-k", "code": _swap(RECALL, "set(recommended[:k])", "set(recommended)")},
            {"violates": "over-relevant", "code": _swap(RECALL, "return hits / len(relevant)", "return hits / k")},
            {"violates": "k-arg", "code": _swap(RECALL, "set(recommended[:k])", "set(recommended[:10])")},
            {"violates": "short-list",
             "code": _swap(RECALL, "    hits = len(set(recommended[:k]) & set(relevant))\n",
                           "    hits = sum(1 for i in range(k) if recommended[i] in relevant)\n")},
        ],
        "equivalent": [],
    },
    "q7_ndcg_at_k": {
        "domain": {'inputs': 'lists shorter than k, fewer relevant items than k'},
        "hints": [
            "Compute two sums and divide them. The first walks over the first k recommendations with their rank "
            "(`enumerate(..., start=1)`) and adds the discount of each hit.",
            "The second is the same sum for a perfect list: as many hits as there are relevant products, but "
            "never more than k, all at the top. The discount of rank r is 1 / log2(r + 1) (`math.log2`).",
        ],
        "alternatives": [NDCG_ALT_NUMPY],
        "wrong": [
            {"violates": "discount", "code": _swap(NDCG, "dcg = sum(1 / math.log2(rank + 1) for rank, item",
                                                   "dcg = sum(1 / rank for rank, item")},
            {"violates": "first-k", "code": _swap(NDCG, "enumerate(recommended[:k], start=1)",
                                                  "enumerate(recommended, start=1)")},
            {"violates": "ideal-min", "code": _swap(NDCG, "range(1, min(k, len(relevant)) + 1)",
                                                    "range(1, len(relevant) + 1)")},
            {"violates": "k-arg", "code": _swap(_swap(NDCG, "enumerate(recommended[:k], start=1)",
                                                      "enumerate(recommended[:10], start=1)"),
                                                "min(k, len(relevant))", "min(10, len(relevant))")},
        ],
        "equivalent": [],
    },
    "q8_time_split": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Filter the statuses once, then build one boolean mask per side from `order_date`. Dates written "
            "'YYYY-MM-DD' sort as text in the same order as dates, so you can compare the column with the cutoff "
            "string directly (or convert both with `pd.to_datetime`).",
            "Which comparison leaves the cutoff day out of train, and which one puts it into test? Boolean "
            "indexing keeps the rows, their index labels and their order: do not sort or reset the index "
            "afterwards.",
        ],
        "alternatives": [SPLIT_ALT_DATETIME, SPLIT_ALT_QUERY],
        "wrong": [
            {"violates": "kept-only",
             "code": _swap(SPLIT, 'kept = lines[lines["status"].isin(["paid", "shipped", "delivered"])]', "kept = lines")},
            {"violates": "train-before",
             "code": _swap(SPLIT, 'train = kept[kept["order_date"] < cutoff]', 'train = kept[kept["order_date"] <= cutoff]')},
            {"violates": "test-from",
             "code": _swap(SPLIT, 'test = kept[kept["order_date"] >= cutoff]', 'test = kept[kept["order_date"] > cutoff]')},
            {"violates": "rows-as-given",
             "code": _swap(SPLIT, "    return train, test\n",
                           '    return train.sort_values("order_date"), test.sort_values("order_date")\n')},
        ],
        "equivalent": [],
    },
    "q9_cooccurrence_counts": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Start from a table with one row per order and one column per product, 1 when the order holds the "
            "product (as in Question 1, with products instead of categories). Counting repeated lines or "
            "quantities there would count an order several times.",
            "With that 0/1 table H, the matrix product H.T @ H holds, in (a, b), the number of orders where both "
            "columns are 1, and on its diagonal each product's own count, which the question sets to 0 "
            "(`np.fill_diagonal` on a NumPy array).",
        ],
        "alternatives": [COOC_ALT_PAIRS, COOC_ALT_MERGE],
        "wrong": [
            {"violates": "once-per-order",
             "code": _swap(COOC, '(pd.crosstab(train["order_id"], train["product_id"]) > 0).astype(int)',
                           'pd.crosstab(train["order_id"], train["product_id"])')},
            {"violates": "symmetric",
             "code": _swap(COOC, "pd.DataFrame(counts, index", "pd.DataFrame(np.triu(counts), index")},
            {"violates": "diagonal-zero", "code": _swap(COOC, "    np.fill_diagonal(counts, 0)\n", "")},
            {"violates": "every-product",
             "code": _swap(COOC, "    return pd.DataFrame(counts, index=holds.columns, columns=holds.columns)\n",
                           "    table = pd.DataFrame(counts, index=holds.columns, columns=holds.columns)\n"
                           "    bought_with = table.sum() > 0\n"
                           "    return table.loc[bought_with, bought_with]\n")},
            {"violates": "sorted",
             "code": _swap(COOC, "    return pd.DataFrame(counts, index=holds.columns, columns=holds.columns)\n",
                           "    table = pd.DataFrame(counts, index=holds.columns, columns=holds.columns)\n"
                           '    popular = train["product_id"].value_counts().index\n'
                           "    return table.loc[popular, popular]\n")},
            {"violates": "integers", "code": _swap(COOC, "columns=holds.columns)", "columns=holds.columns, dtype=float)")},
        ],
        "equivalent": [],
    },
    "q10_recommend": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Make a set of the history first (repeats and order do not matter), keep the products of it that are "
            "rows of counts, and add their rows up: `counts.loc[...]` selects rows, `.sum()` adds them column by "
            "column, giving one score per product.",
            "Then drop the products of history and the scores of 0, and sort the (product, score) pairs with a "
            "key that puts the highest score first and, among equal scores, the smallest id. Slice k and convert "
            "each id with int().",
        ],
        "alternatives": [RECOMMEND_ALT_LOOPS, RECOMMEND_ALT_LEXSORT],
        "wrong": [
            {"violates": "sum-history", "code": _swap(RECOMMEND, "counts.loc[known].sum()", "counts.loc[known].max()")},
            {"violates": "distinct-history",
             "code": _swap(RECOMMEND, "known = [p for p in bought if p in counts.index]",
                           "known = [p for p in history if p in counts.index]")},
            {"violates": "unknown-ignored",
             "code": _swap(RECOMMEND, "known = [p for p in bought if p in counts.index]", "known = list(bought)")},
            {"violates": "exclude-bought",
             "code": _swap(RECOMMEND, "scores[(scores > 0) & ~scores.index.isin(list(bought))]", "scores[scores > 0]")},
            {"violates": "positive-only",
             "code": _swap(RECOMMEND, "scores[(scores > 0) & ~scores.index.isin(list(bought))]",
                           "scores[~scores.index.isin(list(bought))]")},
            {"violates": "ties-by-id",
             "code": _swap(RECOMMEND, "key=lambda item: (-item[1], item[0]))",
                           "key=lambda item: (item[1], item[0]), reverse=True)")},
            {"violates": "top-k", "code": _swap(RECOMMEND, "ranked[:k]", "ranked[:10]")},
            {"violates": "ties-by-id",
             "code": _swap(RECOMMEND, "key=lambda item: (-item[1], item[0]))",
                           "key=lambda item: -item[1])   # a stable sort keeps the table's order")},
            {"violates": "ints",
             "code": _swap(RECOMMEND, "    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))\n"
                                      "    return [int(p) for p, _ in ranked[:k]]\n",
                           "    ids, values = scores.index.to_numpy(), scores.to_numpy()\n"
                           "    return list(ids[np.lexsort((ids, -values))][:k])\n")},
        ],
        "equivalent": [
            {"diff": "- scores = scores[(scores > 0) & ~scores.index.isin(list(bought))]\n+ scores = scores[(scores > 0) & ~scores.index.isin(tuple(bought))]",
             "reason": "isin takes the bought items as a tuple as well as a list: the same mask"},
            {"diff": "- scores = counts.loc[known].sum()\n+ scores = counts.loc[known].mean()",
             "reason": "the mean is the sum divided by the number of known products of history, the same for "
                       "every product: the same products score above 0, in the same order"},
            {"diff": "- return [int(p) for p, _ in ranked[:k]]\n+ return [(p) for p, _ in ranked[:k]]",
             "reason": "the ids come from Series.items() over the table's int64 labels, which pandas gives as "
                       "Python ints already"},
        ],
    },
    "q11_most_popular": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Group the lines by product and count, for each, how many different customers appear "
            "(`nunique`); a plain count of rows would count lines, and a sum of `quantity` pieces.",
            "Sort the (product, count) pairs so that the largest count comes first and equal counts keep the "
            "smallest id first; then slice the first k and convert each id with int().",
        ],
        "alternatives": [POPULAR_ALT_FRAME, POPULAR_ALT_SETS],
        "wrong": [
            {"violates": "distinct-customers",
             "code": _swap(POPULAR, 'train.groupby("product_id")["customer_id"].nunique()',
                           'train.groupby("product_id")["customer_id"].count()')},
            {"violates": "ties-by-id",
             "code": _swap(POPULAR, "key=lambda item: (-item[1], item[0]))",
                           "key=lambda item: (item[1], item[0]), reverse=True)")},
            {"violates": "top-k", "code": _swap(POPULAR, "ranked[:k]", "ranked[:10]")},
            {"violates": "ints",
             "code": _swap(POPULAR, "    return [int(p) for p, _ in ranked[:k]]\n",
                           "    return list(np.array([p for p, _ in ranked])[:k])\n")},
        ],
        "equivalent": [
            {"diff": "- ranked = sorted(buyers.items(), key=lambda item: (-item[1], item[0]))\n"
                     "+ ranked = sorted(buyers.items(), key=lambda item: (-item[1], item[ 1]))",
             "reason": "groupby sorts the product ids and sorted() is stable: equal counts keep the ascending id "
                       "order whatever the second key is when it does not separate them"},
            {"diff": "- ranked = sorted(buyers.items(), key=lambda item: (-item[1], item[0]))\n"
                     "+ ranked = sorted(buyers.items(), key=lambda item: (-item[1], item[ -1]))",
             "reason": "item[-1] is item[1], the count: equal counts are not separated, and the stable sort keeps "
                       "groupby's ascending id order"},
            {"diff": "- return [int(p) for p, _ in ranked[:k]]\n+ return [(p) for p, _ in ranked[:k]]",
             "reason": "Series.items() gives groupby's int64 labels as Python ints already"},
        ],
    },
    "q12_evaluate": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Build two lookups first: each customer's train history (a list, `groupby(...).apply(list)`) and each "
            "customer's test products (a set). Then loop over the test customers and decide, for each, whether "
            "they are evaluated: a history must exist, and something they had not bought before must remain.",
            "Keep one running total per metric and one count of evaluated customers; call the recommender with "
            "the history only, and every metric with k. Divide each total by the count at the end, guarding the "
            "case of a count of 0.",
        ],
        "alternatives": [EVALUATE_ALT_ROWS],
        "wrong": [
            {"violates": "warm-only",
             "code": _swap(EVALUATE, "        if customer not in history_of.index:\n            continue\n"
                                     "        history = history_of[customer]\n",
                           "        history = history_of.get(customer, [])\n")},
            {"violates": "new-only", "code": _swap(EVALUATE, "relevant = bought - set(history)", "relevant = bought")},
            {"violates": "skip-empty",
             "code": _swap(EVALUATE, "        if not relevant:\n            continue\n", "")},
            {"violates": "train-history",
             "code": _swap(EVALUATE, "recommended = recommender(history)", "recommended = recommender(list(bought))")},
            {"violates": "k-passed", "code": _swap(EVALUATE, "metric(recommended, relevant, k)",
                                                   "metric(recommended, relevant, 10)")},
            {"violates": "mean-per-customer",
             "code": _swap(EVALUATE, "total / n if n else 0.0", "total / len(bought_of) if n else 0.0")},
            {"violates": "count", "code": _swap(EVALUATE, 'result["customers"] = n',
                                                'result["customers"] = len(bought_of)')},
            {"violates": "none-evaluated",
             "code": _swap(EVALUATE, "total / n if n else 0.0", "total / n if n else float('nan')")},
        ],
        "equivalent": [],
    },
    "q12b_coverage_report": {
        "domain": {'inputs': "lists shorter than k or empty, a catalogue with repeated ids, popular as a list or a set; "
                             "the lists of the hidden shop's products, leaning toward its best sellers",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Flatten first: one list of every place shown, the first k products of each customer's list one after "
            "the other (`[p for one in lists for p in one[:k]]`). Both values are read from that one list.",
            "Coverage counts distinct products on both sides of the division (`set(...)`), the share counts every "
            "place (`len` of the flat list). When the flat list is empty, return 0.0 before dividing by its length.",
        ],
        "alternatives": [COVERAGE_ALT_SERIES, COVERAGE_ALT_COUNTER],
        "wrong": [
            {"violates": "first-k",
             "code": _swap(COVERAGE, "for p in list(recommended)[:k]]", "for p in recommended]")},
            {"violates": "first-k",
             "code": _swap(COVERAGE, "for p in list(recommended)[:k]]", "for p in list(recommended)[:10]]")},
            {"violates": "distinct-products",
             "code": _swap(COVERAGE, "coverage = len(set(shown)) / len(set(catalogue))",
                           "coverage = min(1.0, len(shown) / len(set(catalogue)))")},
            {"violates": "distinct-catalogue",
             "code": _swap(COVERAGE, "len(set(shown)) / len(set(catalogue))", "len(set(shown)) / len(catalogue)")},
            {"violates": "every-place",
             "code": _swap(COVERAGE, "share = sum(p in head for p in shown) / len(shown) if shown else 0.0",
                           "per_customer = [sum(p in head for p in one[:k]) / len(one[:k]) for one in lists if one]\n"
                           "    share = float(np.mean(per_customer)) if per_customer else 0.0")},
            {"violates": "every-place",
             "code": _swap(COVERAGE, "share = sum(p in head for p in shown) / len(shown) if shown else 0.0",
                           "share = len(set(shown) & head) / len(set(shown)) if shown else 0.0")},
            {"violates": "nothing-shown",
             "code": _swap(COVERAGE, "share = sum(p in head for p in shown) / len(shown) if shown else 0.0",
                           "share = float(np.mean([p in head for p in shown]))")},
            # the visible answers, hard-coded
            "def coverage_report(lists, catalogue, popular, k=10):\n"
            "    if not any(lists):\n"
            "        return {\"coverage\": 0.0, \"popular_share\": 0.0}\n"
            "    return {3: {\"coverage\": 0.5, \"popular_share\": 0.625},\n"
            "            10: {\"coverage\": 0.8, \"popular_share\": 5 / 11}}[k]\n",
        ],
        "equivalent": [
            {
                "diff": "- shown = [p for recommended in lists for p in list(recommended)[:k]]\n"
                        "+ shown = [p for recommended in lists for p in tuple(recommended)[:k]]",
                "reason": "the first k of a list are the same products, in the same order, whether the copy is a "
                          "list or a tuple: only the products shown are counted",
            },
        ],
    },
    "q13_fill_with_popular": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "The answer is a list that grows: start it with the recommender's first k products, and keep a set of "
            "everything that must not be added from the popularity list (what is already in the list, and what the "
            "customer bought).",
            "Walk through popular in its order, append each product that is not in that set, and stop as soon as "
            "the list holds k products. A new customer is the case where both lists you start from are empty.",
        ],
        "alternatives": [FILL_ALT_COMPREHENSION, FILL_ALT_DICT],
        "wrong": [
            {"violates": "recommended-first",
             "code": _swap(FILL, "    result = list(recommended[:k])\n",
                           "    result = [p for p in popular if p in set(recommended[:k])]   # in popularity order\n")},
            {"violates": "popular-order", "code": _swap(FILL, "for p in popular:", "for p in sorted(popular):")},
            {"violates": "no-repeats", "code": _swap(FILL, "seen = set(result) | set(history)", "seen = set(history)")},
            {"violates": "skip-bought", "code": _swap(FILL, "seen = set(result) | set(history)", "seen = set(result)")},
            {"violates": "at-most-k", "code": _swap(FILL, "result = list(recommended[:k])", "result = list(recommended)")},
            {"violates": "cold-start",
             "code": _swap(FILL, "    result = list(recommended[:k])\n",
                           "    if not history and not recommended:   # a new customer: the best sellers\n"
                           "        return list(popular)\n    result = list(recommended[:k])\n")},
        ],
        "equivalent": [],
    },
    "q14_spark_pair_counts": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Think of it as SQL: filter the statuses, keep one row per (order_id, product_id) (`.distinct()` after "
            "a `.select`), then join that table with itself on order_id. Give the two sides aliases "
            "(`kept.alias(\"a\")`) so that `F.col(\"a.product_id\")` and `F.col(\"b.product_id\")` can be told "
            "apart.",
            "The join condition can hold two comparisons combined with `&`: the same order, and the left product "
            "smaller than the right one. Then `groupBy` the two product columns (renamed with `.alias`), `.count()`, "
            "rename the count column and keep the rows at or above min_orders with `.where`.",
        ],
        "alternatives": [PAIRS_ALT_SQL, PAIRS_ALT_RENAMED],
        "wrong": [
            {"violates": "spark",
             "code": _swap(PAIRS, '    return counts.withColumnRenamed("count", "orders").where(F.col("orders") >= min_orders)\n',
                           '    result = counts.withColumnRenamed("count", "orders").where(F.col("orders") >= min_orders)\n'
                           "    return result.toPandas()\n")},
            {"violates": "columns", "code": _swap(PAIRS, 'return counts.withColumnRenamed("count", "orders").where(F.col("orders")',
                                                  'return counts.where(F.col("count")')},
            {"violates": "kept-only",
             "code": _swap(PAIRS, 'orders.where(F.col("status").isin("paid", "shipped", "delivered"))',
                           'orders.where(F.col("status") != "cancelled")')},
            {"violates": "once-per-order",
             "code": _swap(PAIRS, '.select("order_id", "product_id").distinct())', '.select("order_id", "product_id"))')},
            {"violates": "a-below-b",
             "code": _swap(PAIRS, '(F.col("a.product_id") < F.col("b.product_id"))',
                           '(F.col("a.product_id") != F.col("b.product_id"))')},
            {"violates": "at-least", "code": _swap(PAIRS, 'F.col("orders") >= min_orders', 'F.col("orders") > min_orders')},
        ],
        "equivalent": [],
    },
    "q15_count_shuffles": {
        "domain": {'inputs': "the shop's order lines of the visible seed and of the course's hidden shop",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Print a plan first: `df.explain()` on a groupBy, a repartition and a broadcast join shows one operator "
            "per line, drawn as a tree with `+-` and `:`. To have that text as a string, capture what it prints: "
            "`with contextlib.redirect_stdout(buffer): df.explain()`, with `buffer = io.StringIO()`.",
            "Go through the lines, remove the tree's drawing at the start of each, and count the lines whose "
            "operator's name is exactly Exchange (a `startswith` with the space after the name, or a word "
            "comparison, tells it from BroadcastExchange).",
        ],
        "alternatives": [SHUFFLES_ALT_FORMATTED, SHUFFLES_ALT_EXPLAIN],
        "wrong": [
            {"violates": "every-shuffle",
             "code": _swap(SHUFFLES, 'return sum(1 for line in plan.splitlines() if line.lstrip(" :+-").startswith("Exchange "))',
                           'return int(any(line.lstrip(" :+-").startswith("Exchange ") for line in plan.splitlines()))')},
            {"violates": "not-broadcast",
             "code": _swap(SHUFFLES, 'return sum(1 for line in plan.splitlines() if line.lstrip(" :+-").startswith("Exchange "))',
                           'return plan.count("Exchange")')},
            # the query run first (7 Spark jobs, 6-10 s) before its plan is read (issue 56: it got full marks)
            {"violates": "no-action",
             "code": _swap(SHUFFLES, '    printed = io.StringIO()', '    df.count()\n    printed = io.StringIO()')},
            {"violates": "narrow",
             "code": _swap(SHUFFLES, '.startswith("Exchange "))',
                           '.startswith(("Exchange ", "Coalesce ")))   # coalesce moves rows too')},
        ],
        "equivalent": [
            {"diff": '- return sum(1 for line in plan.splitlines() if line.lstrip(" :+-").startswith("Exchange "))\n'
                     '+ return sum(1 for line in plan.splitlines() if line.strip(" :+-").startswith("Exchange "))',
             "reason": "stripping the end of a line too changes nothing its start is compared with: an operator's "
                       "line goes on after its name (its partitioning and plan id)"},
        ],
    },
    "q16_top_products_per_category": {
        "domain": {'inputs': "hand-written lines with ties, repeated customers and dropped orders; the lines of the "
                             "hidden shop as Parquet, n from 3 to 6",
         'data': {'stated': 'baskets', 'cases': ['statuses']}},
        "hints": [
            "Two steps. First a table with one row per (category, product) of the kept orders and its number of "
            "distinct customers: `where` on status, then `groupBy(\"category\", \"product_id\")` with "
            "`.agg(F.countDistinct(\"customer_id\").alias(\"customers\"))`.",
            "Then the window: `Window.partitionBy(\"category\").orderBy(F.desc(\"customers\"), \"product_id\")` "
            "(`from pyspark.sql import Window`), a column made with `F.row_number().over(window)` (not `F.rank()`, "
            "which gives ties the same number), and a `where` on that column.",
        ],
        "alternatives": [TOP_PER_CATEGORY_ALT_SQL, TOP_PER_CATEGORY_ALT_DISTINCT],
        "wrong": [
            {"violates": "spark",
             "code": _swap(TOP_PER_CATEGORY, '    return ranked.where(F.col("rank") <= n)\n',
                           '    return ranked.where(F.col("rank") <= n).toPandas()\n')},
            {"violates": "columns",
             "code": _swap(_swap(TOP_PER_CATEGORY, '.alias("customers"))', '.alias("buyers"))'),
                           'F.desc("customers")', 'F.desc("buyers")')},
            {"violates": "kept-only",
             "code": _swap(TOP_PER_CATEGORY, 'orders.where(F.col("status").isin("paid", "shipped", "delivered"))',
                           'orders.where(F.col("status") != "cancelled")')},
            {"violates": "distinct-customers",
             "code": _swap(TOP_PER_CATEGORY, 'F.countDistinct("customer_id")', 'F.count("customer_id")')},
            {"violates": "per-category",
             "code": _swap(TOP_PER_CATEGORY, 'Window.partitionBy("category").orderBy(', 'Window.orderBy(')},
            {"violates": "ties-by-id",
             "code": _swap(TOP_PER_CATEGORY, 'F.asc("product_id")', 'F.desc("product_id")')},
            # tied products share a rank: a category keeps more than n products (1, 2, 2, 4 or 1, 2, 2, 3)
            {"violates": "ties-by-id",
             "code": _swap(_swap(TOP_PER_CATEGORY, "F.row_number()", "F.rank()"), ', F.asc("product_id")', "")},
            {"violates": "ties-by-id",
             "code": _swap(_swap(TOP_PER_CATEGORY, "F.row_number()", "F.dense_rank()"), ', F.asc("product_id")', "")},
            {"violates": "top-n", "code": _swap(TOP_PER_CATEGORY, 'F.col("rank") <= n', 'F.col("rank") < n')},
            # the visible answer, hard-coded
            "def top_products_per_category(path, n):\n"
            "    return spark.sql(\"SELECT * FROM VALUES ('Snacks', 11, 3, 1), ('Snacks', 10, 2, 2), ('Tops', 20, 2, 1), \"\n"
            "                     \"('Tops', 21, 1, 2) AS t(category, product_id, customers, rank)\")\n",
        ],
        "equivalent": [],
    },
}
