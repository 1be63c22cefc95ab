"""09_baskets' hidden module (workbook/checks/hiddenmodule.py): Question 4b's hidden inputs, frequent
itemsets to generate association rules from.

It is the instructor's: the release leaves it out and it is not part of the workbook package, which every
student has. ``_rules`` enumerates every rule of the itemsets, which is most of Question 4b's answer: in the
package, a student could paste it (it was ``workbook/data/basketrules.py`` until a student-view review found
that). Only the hidden test draws with ``rule_inputs`` (``hidden_module().rule_inputs``), and
tests/test_baskets.py checks it.

``rule_inputs(seed)`` draws a few hundred baskets of Daon Market's categories, with a bundle of four
categories often bought together, counts the support of every itemset and keeps the frequent ones
(all the subsets of a frequent itemset are frequent, as Apriori guarantees), and picks a minimum
confidence that one of the rules reaches exactly. The number of baskets is a power of two, so every
support (a count over it) is a float held exactly, and two rules whose confidences are equal
fractions get equal floats however the division is written.

The cases the question states hold for every seed (``rule_cases_missing`` says which do not; the
generator draws again until none is missing; tests/test_baskets.py checks 40 seeds; workbook/data/cases.py
declares them as ``basket-rules``):

* ``four-itemset``: a frequent itemset of four categories;
* ``two-item-sides``: kept rules with an antecedent of two or more items, and with a consequent of two
  or more items;
* ``at-minimum``: a rule whose confidence equals the minimum exactly, and ``below-minimum``: a rule
  below it;
* ``support-tie``: two kept rules of equal confidence whose order by support is not their order by
  antecedent and consequent; ``name-tie``: two kept rules of equal confidence and equal support.

Plain Python and NumPy only: the reference of the hidden test (mlxtend) never sees this code.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

CATEGORIES = ("Bags", "Coffee & Tea", "Fresh", "Golf", "Hair", "Makeup", "Skincare", "Snacks", "Tops")

CASES = ("four-itemset", "two-item-sides", "at-minimum", "below-minimum", "support-tie", "name-tie")


@dataclass(frozen=True)
class RuleInputs:
    """The arguments of ``generate_rules`` and the number of baskets behind the supports."""
    frequent: dict      # frozenset of category names -> support (a float, count / baskets)
    min_confidence: float
    baskets: int


def _rules(frequent: dict) -> list[tuple]:
    """Every rule (antecedent, consequent, exact confidence, support) of the frequent itemsets."""
    out = []
    for itemset, support in frequent.items():
        for size in range(1, len(itemset)):
            for side in itertools.combinations(sorted(itemset), size):
                antecedent = frozenset(side)
                out.append((antecedent, itemset - antecedent,
                            Fraction(support) / Fraction(frequent[antecedent]), support))
    return out


def rule_cases_missing(frequent: dict, min_confidence: float) -> list[str]:
    """The cases of ``CASES`` that these inputs do not hold."""
    rules = _rules(frequent)
    minimum = Fraction(min_confidence)
    kept = [r for r in rules if r[2] >= minimum]
    missing = []
    if not any(len(s) == 4 for s in frequent):
        missing.append("four-itemset")
    if not (any(len(a) >= 2 for a, _, _, _ in kept) and any(len(c) >= 2 for _, c, _, _ in kept)):
        missing.append("two-item-sides")
    if not any(r[2] == minimum for r in rules):
        missing.append("at-minimum")
    if not any(r[2] < minimum for r in rules):
        missing.append("below-minimum")

    def names(rule):
        return sorted(rule[0]), sorted(rule[1])

    pairs = [(r, q) for r, q in itertools.combinations(kept, 2) if r[2] == q[2]]
    if not any(r[3] != q[3] and (r[3] > q[3]) != (names(r) < names(q)) for r, q in pairs):
        missing.append("support-tie")
    if not any(r[3] == q[3] for r, q in pairs):
        missing.append("name-tie")
    return missing


def _draw(rng) -> RuleInputs | None:
    """One draw of baskets and a minimum confidence (None when no dyadic confidence fits)."""
    import numpy as np

    n = int(rng.choice([128, 256]))
    items = [str(c) for c in rng.choice(CATEGORIES, size=int(rng.integers(6, 8)), replace=False)]
    cells = rng.random((n, len(items))) < rng.uniform(0.12, 0.4, size=len(items))
    bundle = rng.random(n) < rng.uniform(0.2, 0.3)            # the first four items, often bought together
    cells[:, :4] |= bundle[:, None] & (rng.random((n, 4)) < 0.85)
    min_count = int(rng.integers(6, 12))
    frequent = {}
    for size in range(1, len(items) + 1):
        level = 0
        for combo in itertools.combinations(range(len(items)), size):
            if any(frozenset(items[j] for j in sub) not in frequent
                   for sub in itertools.combinations(combo, size - 1)) and size > 1:
                continue
            count = int(np.all(cells[:, list(combo)], axis=1).sum())
            if count >= min_count:
                frequent[frozenset(items[j] for j in combo)] = count / n
                level += 1
        if level == 0:
            break
    # a minimum that some rule reaches exactly: a confidence that is a fraction over a power of two
    # (so that a product with it is exact too), between 1/4 and 7/8
    fits = sorted({c for _, _, c, _ in _rules(frequent)
                   if Fraction(1, 4) <= c <= Fraction(7, 8) and c.denominator & (c.denominator - 1) == 0})
    if not fits:
        return None
    return RuleInputs(frequent, float(fits[int(rng.integers(len(fits)))]), n)


def rule_inputs(seed: int) -> RuleInputs:
    """Frequent itemsets of random baskets and a minimum confidence holding every case of ``CASES``
    (the same for the same seed)."""
    import numpy as np

    rng = np.random.default_rng([int(seed), 4042])
    for _ in range(200):
        inputs = _draw(rng)
        if inputs is not None and not rule_cases_missing(inputs.frequent, inputs.min_confidence):
            return inputs
    raise RuntimeError(f"no rule inputs with every stated case for seed {seed}")
