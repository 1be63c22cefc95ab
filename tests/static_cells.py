"""The student's cells as the grader reads them, and one test cell judged on
them in-process: what tests/test_static_checks.py and
tests/test_runtime_watch.py share."""
from __future__ import annotations

from workbook.checks.exercise import LocalTransport, Transport
from workbook.checks.source import Program
from workbook.grading import judge
from workbook.markers import BEGIN_HIDDEN, END_HIDDEN

KEY = judge.seed_key("a secret of the unit tests, 0001")
SETUP = "import math\n\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
HAND_WRITTEN = ("def attention(q, k, v):\n    s = q @ k.transpose(-2, -1) / k.shape[-1] ** 0.5\n"
                "    e = (s - s.amax(-1, keepdim=True)).exp()\n    return (e / e.sum(-1, keepdim=True)) @ v\n")


class Cells(Transport):
    """The submitted notebook's cells as the judge has them (raw text, the
    setup cell read-only), the answers from ``namespace``, and what the
    judge saw of the process (``facts``)."""

    def __init__(self, namespace: dict, cells: list[str], facts: list[str] = ()):
        self.local, self.cells, self.facts = LocalTransport(namespace), cells, list(facts)

    def request(self, req):
        return self.local.request(req)

    def sources(self):
        return list(self.cells)

    def program(self):
        return Program(self.cells, [SETUP])

    def process_facts(self):
        return self.facts


def verdict(test: str, cells: list[str], answers: dict | None = None, facts=()):
    ns = dict(answers or {"attention": lambda q, k, v: v})
    return judge.judge_cell(test, "test_q", Cells(ns, cells, facts), KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30)


NO_SOFTMAX = f'''from workbook.checks import exercise
from workbook.checks.static import check_no_calls


@exercise("q4")
def test_attention(attention: callable):
    check_no_calls(attention, {{"softmax": "softmax", "scaled_dot_product_attention": "F.scaled_dot_product_attention"}})
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''
