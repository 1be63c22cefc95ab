"""The files of Daon Market's churn project (daon-churn), the repository of
06's scenarios: its sources, tests, docs and configuration, as texts and as
small builders of a file's variants (a bug, its fix, a feature). The history
that commits them is planned by ``gitplan`` and written by ``gitrepo``."""
from __future__ import annotations

README = """\
# daon-churn

Churn (이탈) model of Daon Market (다온마켓): which customers will stop ordering
in the next 60 days?

* `churn/features.py`: recency, frequency and monetary features of a customer
* `churn/train.py`: logistic regression by gradient descent, in plain Python
* `churn/report.py`: the weekly report for the CRM team

Run the tests with `python -m pytest` (or `python -m unittest`).
"""

README_USAGE = """
## Usage

```python
from churn.features import build_features
from churn.train import train
```

Features are computed at a cutoff date; a customer who does not order in the
60 days after it has churned.
"""

PYPROJECT = """\
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "daon-churn"
version = "0.1.0"
description = "Churn model of Daon Market"
requires-python = ">={python}"
dependencies = []

[project.optional-dependencies]
dev = ["pytest"]

[tool.setuptools.packages.find]
include = ["churn*"]
"""

REQUIREMENTS_DEV = "-e .\npytest\n"
GITIGNORE = "__pycache__/\n*.pyc\nmlruns/\n"

INIT = '"""Daon Market\'s churn model."""\n__version__ = "{version}"\n'

FEATURES_HEAD = '''\
"""Features of Daon Market's churn model, computed from a customer's orders."""
from datetime import date
'''
RECENCY_OK = "    return (cutoff - last_order).days\n"
RECENCY_BUG = "    return cutoff.toordinal() - last_order.toordinal() + 1\n"


def features_py(*, min_orders=False, hints=False, doc=False, bug=False, extra: str = "") -> str:
    out = FEATURES_HEAD
    if min_orders:
        out += "\nfrom churn.config import MIN_ORDERS\n"
    out += '''

def recency_days(last_order: date, cutoff: date) -> int:
    """Days from the customer's last order to the cutoff date."""
'''
    out += RECENCY_BUG if bug else RECENCY_OK
    sig_f = ("def frequency(order_dates: list[date], cutoff: date, window_days: int = 90) -> int:" if hints
             else "def frequency(order_dates, cutoff, window_days=90):")
    doc_f = ('"""Orders placed in the window_days days before the cutoff.\n\n'
             '    An order on the cutoff day itself does not count.\n    """' if doc
             else '"""Orders in the window_days days before the cutoff."""')
    sig_m = "def monetary(amounts_krw: list[int]) -> int:" if hints else "def monetary(amounts_krw):"
    out += f'''

{sig_f}
    {doc_f}
    return sum(1 for d in order_dates if 0 < (cutoff - d).days <= window_days)


{sig_m}
    """Total spent, in won."""
    return sum(amounts_krw)
'''
    if min_orders:
        out += '''

def build_features(order_dates, amounts_krw, cutoff):
    """The feature row of one customer: recency, frequency, monetary, enough_history."""
    return [recency_days(max(order_dates), cutoff), frequency(order_dates, cutoff),
            monetary(amounts_krw), int(len(order_dates) >= MIN_ORDERS)]
'''
    return out + extra


RECENCY_BUCKET = '''

def recency_bucket(days):
    """The CRM team's buckets: "active" (under 30 days), "cooling" (30 to 59), "lapsed" (60 or more)."""
    if days < 30:
        return "active"
    return "cooling" if days < 60 else "lapsed"
'''

HOLIDAY = '''

def holiday_orders(order_dates):
    """Orders placed in the months of Seollal and Chuseok (January, February, September)."""
    return sum(1 for d in order_dates if d.month in (1, 2, 9))
'''

BASKET = '''

def average_basket_krw(amounts_krw):
    """The average amount of an order, in won (0 for a customer without orders)."""
    return sum(amounts_krw) // len(amounts_krw) if amounts_krw else 0
'''


def test_features_py(*, module="churn.features", min_orders=False, boundary=False) -> str:
    names = "build_features, frequency, monetary, recency_days" if min_orders else "frequency, monetary, recency_days"
    out = f'''\
import unittest
from datetime import date

from {module} import {names}


class FeatureTest(unittest.TestCase):
    def test_recency_counts_days_since_last_order(self):
        self.assertEqual(recency_days(date(2026, 3, 1), date(2026, 3, 31)), 30)
        self.assertEqual(recency_days(date(2026, 3, 31), date(2026, 3, 31)), 0)

    def test_frequency_counts_the_window_only(self):
        orders = [date(2025, 12, 1), date(2026, 3, 1), date(2026, 3, 30), date(2026, 3, 31)]
        self.assertEqual(frequency(orders, date(2026, 3, 31)), 2)

    def test_monetary_adds_amounts(self):
        self.assertEqual(monetary([12000, 3500]), 15500)
'''
    if boundary:
        out += '''
    def test_frequency_window_boundary(self):
        self.assertEqual(frequency([date(2025, 12, 31)], date(2026, 3, 31)), 1)
        self.assertEqual(frequency([date(2025, 12, 30)], date(2026, 3, 31)), 0)
'''
    if min_orders:
        out += '''
    def test_build_features(self):
        row = build_features([date(2026, 3, 1), date(2026, 3, 21)], [10000, 5000], date(2026, 3, 31))
        self.assertEqual(row, [10, 2, 15000, 1])
'''
    return out


TEST_BUCKETS = '''\
import unittest

from churn.features import recency_bucket


class BucketTest(unittest.TestCase):
    def test_bucket_bounds(self):
        self.assertEqual([recency_bucket(d) for d in (0, 29, 30, 59, 60)],
                         ["active", "active", "cooling", "cooling", "lapsed"])
'''

TEST_HOLIDAYS = '''\
import unittest
from datetime import date

from churn.features import holiday_orders


class HolidayTest(unittest.TestCase):
    def test_holiday_months(self):
        self.assertEqual(holiday_orders([date(2026, 1, 5), date(2026, 3, 1), date(2025, 9, 9)]), 2)
'''

TEST_BASKET = '''\
import unittest

from churn.features import average_basket_krw


class BasketTest(unittest.TestCase):
    def test_average(self):
        self.assertEqual(average_basket_krw([10000, 5000]), 7500)
        self.assertEqual(average_basket_krw([]), 0)
'''


def metrics_py(*, precision_fix=False, recall_fix=False) -> str:
    prec = ("    return tp / (tp + fp) if tp + fp else 0.0\n" if precision_fix else "    return tp / (tp + fp)\n")
    rec = ("    return tp / (tp + fn) if tp + fn else 0.0\n" if recall_fix else "    return tp / (tp + fn)\n")
    return f'''\
"""Metrics of the churn model on 0/1 labels and 0/1 predictions."""


def confusion(labels, predictions):
    """True positives, false positives and false negatives."""
    tp = sum(1 for y, p in zip(labels, predictions) if y == 1 and p == 1)
    fp = sum(1 for y, p in zip(labels, predictions) if y == 0 and p == 1)
    fn = sum(1 for y, p in zip(labels, predictions) if y == 1 and p == 0)
    return tp, fp, fn


def precision(labels, predictions):
    tp, fp, _ = confusion(labels, predictions)
{prec}

def recall(labels, predictions):
    tp, _, fn = confusion(labels, predictions)
{rec}

def f1(labels, predictions):
    p, r = precision(labels, predictions), recall(labels, predictions)
    return 2 * p * r / (p + r) if p + r else 0.0
'''


def test_metrics_py(*, precision_zero=False, recall_zero=False) -> str:
    out = '''\
import unittest

from churn.metrics import f1, precision, recall


class MetricsTest(unittest.TestCase):
    def test_precision_and_recall(self):
        labels, predictions = [1, 1, 0, 0, 1], [1, 0, 1, 0, 1]
        self.assertAlmostEqual(precision(labels, predictions), 2 / 3)
        self.assertAlmostEqual(recall(labels, predictions), 2 / 3)
        self.assertAlmostEqual(f1(labels, predictions), 2 / 3)
'''
    if precision_zero:
        out += '''
    def test_precision_without_positive_predictions(self):
        self.assertEqual(precision([1, 0, 1], [0, 0, 0]), 0.0)
'''
    if recall_zero:
        out += '''
    def test_recall_without_churners(self):
        self.assertEqual(recall([0, 0, 0], [1, 0, 0]), 0.0)
'''
    return out


def config_py(*, threshold: str, formatted: bool, min_orders: str | None, horizon: int = 60,
              names_in_doc: bool = False) -> str:
    """min_orders: None, "end" (after the threshold comment block) or "top" (next to THRESHOLD).
    names_in_doc: the docstring names the settings (a line above THRESHOLD's own that mentions it)."""
    th = f"THRESHOLD = {threshold}" if formatted else f"THRESHOLD={threshold}"
    hz = (f"HORIZON_DAYS = {horizon}  # no order for this many days after the cutoff: churned" if formatted
          else f"HORIZON_DAYS = {horizon}    # no order for this many days after the cutoff: churned")
    lines = ['"""Settings of the churn model: HORIZON_DAYS and THRESHOLD."""' if names_in_doc
             else '"""Settings of the churn model."""', "", hz, th]
    if min_orders == "top":
        lines.append("MIN_ORDERS = 2")
    lines += ["", "# Scores at or above THRESHOLD are sent to the CRM team as likely to churn."]
    if min_orders == "end":
        lines += ["", "MIN_ORDERS = 2"]
    return "\n".join(lines) + "\n"


def report_py(*, min_orders=False, decimals=2) -> str:
    imp = "from churn.config import MIN_ORDERS, THRESHOLD" if min_orders else "from churn.config import THRESHOLD"
    note = ('\n    lines.append(f"Customers with fewer than {MIN_ORDERS} orders are not scored.")' if min_orders else "")
    return f'''\
"""The weekly churn report sent to the CRM team."""
{imp}


def churn_rate(predictions):
    return sum(predictions) / len(predictions)


def summary(predictions):
    rate = churn_rate(predictions)
    lines = [f"Customers scored: {{len(predictions)}}",
             f"Predicted to churn: {{sum(predictions)}} ({{rate:.{decimals}%}})",
             f"Threshold: {{THRESHOLD}}"]{note}
    return "\\n".join(lines)
'''


TEST_REPORT = '''\
import unittest

from churn.report import churn_rate, summary


class ReportTest(unittest.TestCase):
    def test_churn_rate(self):
        self.assertEqual(churn_rate([1, 0, 0, 1]), 0.5)

    def test_summary_shows_the_rate_with_two_decimals(self):
        self.assertIn("Predicted to churn: 1 (25.00%)", summary([1, 0, 0, 0]))
'''

TRAIN_HEAD = '''\
"""Train Daon Market's churn model: logistic regression by gradient descent."""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def log_loss(weights, bias, rows, labels):
    """Mean negative log-likelihood of the 0/1 labels."""
    total = 0.0
    for x, y in zip(rows, labels):
        p = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias)
        p = min(max(p, 1e-12), 1 - 1e-12)
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / len(rows)

'''


def train_py(*, l2=False, patience=False) -> str:
    """churn/train.py: the base version, main's (l2) or the feature branch's
    (patience). Never both: the merge resolved is 06 q6's answer, and this
    package reaches every student (tests/test_package_holds_no_solution.py)."""
    if l2 and patience:
        raise ValueError("train_py makes one side of the merge: the merge resolved is the student's answer")
    params = "lr=0.1, epochs=200" + (", l2=0.0" if l2 else "") + (", patience=None" if patience else "")
    doc = ['    """Fit logistic regression on feature rows (lists of floats) and 0/1 labels.', ""]
    if l2:
        doc.append("    l2 is the strength of the L2 penalty on the weights (not on the bias).")
    if patience:
        doc.append("    With patience=k, training stops once the loss has not improved for k epochs.")
    doc += ["    Returns the weights and the bias.", '    """']
    body = ["    n = len(rows)", "    weights, bias = [0.0] * len(rows[0]), 0.0"]
    if patience:
        body.append("    best, waited = math.inf, 0")
    body += ["    for epoch in range(epochs):",
             "        grad_w, grad_b = [0.0] * len(weights), 0.0",
             "        for x, y in zip(rows, labels):",
             "            error = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias) - y",
             "            grad_w = [g + error * v / n for g, v in zip(grad_w, x)]",
             "            grad_b += error / n",
             ("        weights = [w - lr * (g + l2 * w) for w, g in zip(weights, grad_w)]" if l2
              else "        weights = [w - lr * g for w, g in zip(weights, grad_w)]"),
             "        bias -= lr * grad_b"]
    if patience:
        body += ["        if patience is not None:",
                 "            loss = log_loss(weights, bias, rows, labels)",
                 "            if loss < best - 1e-9:",
                 "                best, waited = loss, 0",
                 "            else:",
                 "                waited += 1",
                 "                if waited >= patience:",
                 "                    break"]
    body.append("    return weights, bias")
    return TRAIN_HEAD + f"\ndef train(rows, labels, {params}):\n" + "\n".join(doc + body) + "\n"


TRAIN_DEBUG = '    print("DEBUG rows:", rows[:3])  # TODO remove\n'

TEST_TRAIN = '''\
import unittest

from churn.train import log_loss, train

ROWS = [[0.0, 1.0], [1.0, 0.0], [0.9, 0.2], [0.1, 0.8], [0.7, 0.1], [0.2, 0.9]]
LABELS = [0, 1, 1, 0, 1, 0]


class TrainTest(unittest.TestCase):
    def test_the_loss_goes_down(self):
        before = log_loss([0.0, 0.0], 0.0, ROWS, LABELS)
        weights, bias = train(ROWS, LABELS, lr=0.5, epochs=100)
        self.assertLess(log_loss(weights, bias, ROWS, LABELS), before / 2)
'''

TEST_L2 = '''\
import unittest

from churn.train import train

ROWS = [[0.0, 1.0], [1.0, 0.0], [0.9, 0.2], [0.1, 0.8], [0.7, 0.1], [0.2, 0.9]]
LABELS = [0, 1, 1, 0, 1, 0]


class L2Test(unittest.TestCase):
    def test_l2_shrinks_the_weights(self):
        plain, _ = train(ROWS, LABELS, lr=0.5, epochs=100)
        shrunk, _ = train(ROWS, LABELS, lr=0.5, epochs=100, l2=0.5)
        self.assertLess(sum(abs(w) for w in shrunk), sum(abs(w) for w in plain))

    def test_l2_zero_is_the_default(self):
        self.assertEqual(train(ROWS, LABELS, epochs=20, l2=0.0), train(ROWS, LABELS, epochs=20))
'''

TEST_EARLY_STOPPING = '''\
import unittest
from unittest import mock

import churn.train
from churn.train import log_loss, train

ROWS = [[0.0, 1.0], [1.0, 0.0], [0.9, 0.2], [0.1, 0.8], [0.7, 0.1], [0.2, 0.9]]
LABELS = [0, 1, 1, 0, 1, 0]


class EarlyStoppingTest(unittest.TestCase):
    def test_stops_when_the_loss_stops_improving(self):
        # with a learning rate of 0 the loss never improves after the first epoch
        with mock.patch.object(churn.train, "log_loss", wraps=log_loss) as spy:
            train(ROWS, LABELS, lr=0.0, epochs=50, patience=3)
        self.assertEqual(spy.call_count, 4)

    def test_no_patience_no_early_stopping(self):
        with mock.patch.object(churn.train, "log_loss", wraps=log_loss) as spy:
            train(ROWS, LABELS, epochs=30)
        self.assertEqual(spy.call_count, 0)
'''

UPLOAD = '''\
"""Upload the trained model to Daon Market's S3 bucket."""
import os


def upload_settings():
    """Credentials come from the environment (.env locally, secrets in CI)."""
    return {"bucket": "daon-ml-models", "key_id": os.environ["DAON_S3_KEY_ID"],
            "secret": os.environ["DAON_S3_SECRET"]}
'''

DATA_README = """\
# data/

Not in git. `make data` (or the data team's export) writes:

* `raw/orders_YYYY-MM.csv`: monthly order exports
* `processed/`: features computed by `churn.features`
"""

MODEL_CARD = """\
# Model card: churn model

* **Task**: predict which customers stop ordering in the next 60 days.
* **Data**: Daon Market orders, pseudonymised customer ids.
* **Metrics**: precision and recall at the threshold in `churn/config.py`.
"""

OLD_NOTES = """\
# Kick-off notes

* Label: no order in the 60 days after the cutoff.
* First model: logistic regression, three features.
"""

CONTRIBUTING = """\
# Contributing

Branch from main, keep commits small, open a pull request; the tests must pass.
"""

NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'
