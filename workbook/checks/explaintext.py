"""Checks for 08_explain's text model (Question 15: which words made a review
positive or negative?).

:func:`run_word_contributions` is the probe: it runs in the student's kernel,
builds a scikit-learn ``CountVectorizer`` with the vocabulary the test chose
(in the test's order) and a ``LogisticRegression`` whose coefficients and
intercept the test set, and calls the student's ``word_contributions`` on
each review. :func:`check_word_contributions` is the judge's side: it compares
what came back with the contributions the test cell computed itself. Nothing
here is a solution."""
from __future__ import annotations

import math

from .core import fail, short
from .exercise import probe
from ..messages import as_message, msg

TOL = 1e-9


@probe
def run_word_contributions(word_contributions, texts, labels, terms, coef, intercept, ngram, reviews):
    """Runs with your code: a ``CountVectorizer(token_pattern=r"[가-힣]+",
    ngram_range=(1, ngram), vocabulary=terms)`` fitted on ``texts``, a
    ``LogisticRegression`` fitted on them and ``labels`` whose ``coef_`` and
    ``intercept_`` are then set to ``coef`` and ``intercept``, and
    ``word_contributions(model, vectorizer, review)`` for each review, in
    order. Reports the results."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = CountVectorizer(token_pattern=r"[가-힣]+", ngram_range=(1, int(ngram)), vocabulary=list(terms))
    model = LogisticRegression(max_iter=1000).fit(vectorizer.fit_transform(list(texts)), list(labels))
    model.coef_ = np.asarray([coef], dtype=float)
    model.intercept_ = np.asarray([float(intercept)], dtype=float)
    return [word_contributions(model, vectorizer, review) for review in reviews]


def _number(v) -> bool:
    try:
        import numpy as np
        if isinstance(v, np.floating | np.integer):
            return True
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    return isinstance(v, int | float) and not isinstance(v, bool)


def _close(a, b, tol: float = TOL) -> bool:
    return math.isfinite(float(a)) and abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))


def check_word_contributions(seen: list, expected: list, *, intercept: float, reviews: list, call: str) -> None:
    """``seen`` is what :func:`run_word_contributions` reported, one result per
    review; ``expected`` holds, per review, the list of (term, contribution)
    in the question's order; ``intercept`` is the model's intercept. Checked
    rule by rule, in the order of the question."""
    __tracebackhide__ = True
    for review, got, want in zip(reviews, seen, expected):
        what = msg("{call} for the review {review!r}", call=as_message(call), review=review)
        if not isinstance(got, list) or not all(isinstance(p, tuple | list) and len(p) == 2 for p in got):
            fail(msg("{what} should return a list of (word, contribution) pairs, not {got}", what=what,
                     got=short(got)),
                 hint="sorted(...) of a list of (word, contribution) tuples is a list",
                 hidden_message="word_contributions did not return a list of (word, contribution) pairs")
        if not all(isinstance(w, str) and _number(c) for w, c in got):
            fail(msg("{what}: each pair should hold the word (a str) and its contribution (a number); got {got}",
                     what=what, got=short(got)),
                 hidden_message="a pair does not hold a word (str) and a number")
        words = [str(w) for w, _ in got]
        known = {t for t, _ in want}
        if len(set(words)) != len(words):
            fail(msg("{what} lists a word more than once: {words}. A repeated word is one pair, its "
                     "contribution counting every occurrence", what=what, words=words),
                 hint="count the words first (the vectorizer's transform does), then one pair per word",
                 hidden_message="a word appears in more than one pair (a repeated word should be one pair)")
        if set(words) - known:
            fail(msg("{what} lists words the vectorizer does not know: {unknown}", what=what,
                     unknown=sorted(set(words) - known)),
                 hint="only the words of the vectorizer's vocabulary (vectorizer.vocabulary_) count: the model has "
                      "no coefficient for the others",
                 hidden_message="the list holds words the vectorizer does not know, or words split differently "
                                "from the vectorizer")
        if known - set(words):
            fail(msg("{what} leaves out words the vectorizer knows: {missing}", what=what,
                     missing=sorted(known - set(words))),
                 hint="split the review as the vectorizer does (vectorizer.transform or vectorizer.build_analyzer()),"
                      " not with str.split: punctuation stays on a word that split() cuts out",
                 hidden_message="the list leaves out words the vectorizer knows in this review")
        total = intercept + sum(float(c) for _, c in got)
        decision = intercept + sum(c for _, c in want)
        if not _close(total, decision, 1e-7):
            fail(msg("the contributions of {what} plus the intercept should add up to the model's decision "
                     "function (the log-odds), {decision:.6f}; they add up to {total:.6f}", what=what,
                     decision=decision, total=total),
                 hint="each word's contribution is its coefficient (model.coef_[0]) times the number of times it "
                      "appears in the review, in log-odds: no sigmoid, no probability",
                 hidden_message="the contributions plus the intercept do not add up to the decision function (the "
                                "log-odds of the review)")
        values = {str(w): c for w, c in got}
        for term, value in want:
            if not _close(values[term], value):
                fail(msg("the contribution of {term!r} in {what} should be {value:.6f}; got {p3}", term=term,
                         what=what, value=value, p3=short(values[term])),
                     hint="coefficient times count, for each word of the vocabulary in the review",
                     hidden_message="a contribution is not the word's coefficient times its count in the review")
        order = [t for t, _ in want]
        if words != order:
            fail(msg("{what} should be sorted by the size of the contribution (its absolute value), largest "
                     "first, a tie in the order of the words; expected {order}, got {words}", what=what,
                     order=order, words=words),
                 hint="sorted(pairs, key=lambda p: (-abs(p[1]), p[0]))",
                 hidden_message="the pairs are not sorted by absolute contribution, largest first, ties by the word")
