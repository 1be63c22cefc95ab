"""The static checks read what IPython runs (workbook/checks/source.py,
static.py): every cell transformed by IPython's own input transformers
before it is parsed, one closure analysis for forbidden calls, library bans
and line budgets, and deny by default. Each test: the student's cells as the
grader reads them (raw text, as submitted), one test cell judged in-process,
its verdict.

The graded versions of these attacks run beside honest students in
tests/security/attacks_process.py."""
from __future__ import annotations

import pytest

from workbook.checks.exercise import LocalTransport, Transport
from workbook.checks.source import Program, ipython_code, parsed
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


def test_a_hand_written_answer_passes():
    assert verdict(NO_SOFTMAX, [HAND_WRITTEN]).passed


def test_a_cell_indented_by_one_space_is_read_as_ipython_runs_it():
    capture = " import torch.nn.functional as G\n sdpa = G.scaled_dot_product_attention\n"
    assert ipython_code(capture) == "import torch.nn.functional as G\nsdpa = G.scaled_dot_product_attention\n"
    answer = "def attention(q, k, v):\n    return sdpa(q, k, v)\n"
    v = verdict(NO_SOFTMAX, [capture, answer])
    assert v.status == "failed" and "uses F.scaled_dot_product_attention" in v.lines[0], v.lines


@pytest.mark.parametrize("cell", [
    "%time x = 1", "!ls", "files = !ls", "attention?", "?attention", "%%capture\nq = 1\n", "%%python\nprint(1)\n",
    "get_ipython().run_cell('sm = F.softmax')", "import IPython\nIPython.get_ipython().ex('sm = F.softmax')",
    "globals()['sm'] = F.softmax", "exec('sm = F.softmax')", "import sys\nsys.modules['__main__'].sm = F.softmax",
    "import os\nos.sys.modules", "sm = getattr(F, 'soft' + 'max')", "import builtins\nbuiltins.sm = F.softmax",
    "from functools import reduce\nsm = reduce(getattr, ['softmax'], F)", "vars(F)",
    "import pickle\npickle.loads(b'')", "import timeit\ntimeit.timeit('import torch')", "x = _",
    "import inspect\nf = inspect.currentframe().f_back", "import importlib\nimportlib.import_module('torch')",
])
def test_what_the_analysis_cannot_follow_fails_every_static_check(cell):
    v = verdict(NO_SOFTMAX, [cell, HAND_WRITTEN])
    assert v.status == "failed" and "cannot follow" in v.lines[0] and "cell 1" in v.lines[0], (cell, v.lines)


def test_a_cell_that_does_not_parse_fails_the_static_checks_with_its_place():
    v = verdict(NO_SOFTMAX, [HAND_WRITTEN, "def broken(:\n    pass\n"])
    assert v.status == "failed" and "cannot read cell 2" in v.lines[0] and "does not parse" in v.lines[0], v.lines
    assert parsed("def broken(:\n") is None


def test_top_level_await_parses_as_ipython_allows_it():
    assert verdict(NO_SOFTMAX, ["import asyncio\nawait asyncio.sleep(0)\n", HAND_WRITTEN]).passed


@pytest.mark.parametrize("cells, message", [
    (["def attention(q, k, v):\n    return helper(q, k, v)\n"], "`helper`, which no cell defines"),
    (["def attention(q, k, v):\n    return F.attn(q, k, v)\n"], "F.attn, which torch.nn.functional does not have"),
    (["F.relu = F.softmax\n", "def attention(q, k, v):\n    return F.relu(q @ k.transpose(-2, -1), -1) @ v\n"],
     "uses softmax"),
    (["def patch(m):\n    m.relu = m.softmax\n", "patch(F)\n",
      "def attention(q, k, v):\n    return F.relu(q @ k.transpose(-2, -1), -1) @ v\n"], "uses softmax"),
    (["from torch.nn.functional import *\n", "def attention(q, k, v):\n    return softmax(q, -1) @ v\n"],
     "cannot follow"),
])
def test_names_the_answer_reads_are_followed_or_refused(cells, message):
    v = verdict(NO_SOFTMAX, cells)
    assert v.status == "failed" and message in v.lines[0], v.lines


@pytest.mark.parametrize("cells", [
    # a container filled by a method call, an update, a store, a helper given it: no statement binds it again
    ["import torch.nn.functional as G\n_k = []\n_k.append(G.scaled_dot_product_attention)\n",
     "def attention(q, k, v):\n    return _k[0](q, k, v)\n"],
    ["import torch.nn.functional as G\n_t = {}\n_t.update(sdpa=G.scaled_dot_product_attention)\n",
     "def attention(q, k, v):\n    return _t['sdpa'](q, k, v)\n"],
    ["_d = {}\n", "_d['f'] = F.softmax\n", "def attention(q, k, v):\n    return _d['f'](q @ k.transpose(-2, -1), -1) @ v\n"],
    ["def fill(box):\n    box.extend([F.scaled_dot_product_attention])\n", "_k = []\nfill(_k)\n",
     "def attention(q, k, v):\n    return _k[0](q, k, v)\n"],
    ["import operator\n_k = [None]\noperator.setitem(_k, 0, F.softmax)\n",
     "def attention(q, k, v):\n    return _k[0](q @ k.transpose(-2, -1), -1) @ v\n"],
    # a global set by a function defined in a block, or nested in another function
    ["_sdpa = None\nif True:\n    def _setup():\n        global _sdpa\n        _sdpa = F.scaled_dot_product_attention\n"
     "    _setup()\n", "def attention(q, k, v):\n    return _sdpa(q, k, v)\n"],
    ["_f = None\ndef outer():\n    def inner():\n        global _f\n        _f = F.softmax\n    inner()\nouter()\n",
     "def attention(q, k, v):\n    return _f(q @ k.transpose(-2, -1), -1) @ v\n"],
    # a second examiner's: an alias of the list, a builtin calling its method, a walrus in a default, a class
    # body's global, an exception carrying the function, a loop and a comprehension over the list
    ["_k = []\n_j = _k\n_j.append(F.scaled_dot_product_attention)\n", "def attention(q, k, v):\n    return _k[0](q, k, v)\n"],
    ["_k = []\n", "_ap = _k.append\n_ap(F.scaled_dot_product_attention)\n", "def attention(q, k, v):\n    return _k[0](q, k, v)\n"],
    ["_k = []\nlist(map(_k.append, [F.scaled_dot_product_attention]))\n", "def attention(q, k, v):\n    return _k[0](q, k, v)\n"],
    ["_k = []\nfor b in [_k]:\n    b.append(F.scaled_dot_product_attention)\n", "def attention(q, k, v):\n    return _k[0](q, k, v)\n"],
    ["_k = []\n[b.append(F.scaled_dot_product_attention) for b in [_k]]\n", "def attention(q, k, v):\n    return _k[0](q, k, v)\n"],
    ["_k = []\ndef fill(bs):\n    bs[0].append(F.scaled_dot_product_attention)\nfill([_k])\n", "def attention(q, k, v):\n    return _k[0](q, k, v)\n"],
    ["_f = None\ndef g(x=(_f := F.scaled_dot_product_attention)):\n    pass\n", "def attention(q, k, v):\n    return _f(q, k, v)\n"],
    ["_f = None\nclass C:\n    global _f\n    _f = F.scaled_dot_product_attention\n", "def attention(q, k, v):\n    return _f(q, k, v)\n"],
    ["_f = None\ntry:\n    raise Exception(F.scaled_dot_product_attention)\nexcept Exception as e:\n    _f = e.args[0]\n",
     "def attention(q, k, v):\n    return _f(q, k, v)\n"],
    # a third examiner's: a function's mutable default, a classmethod called through an alias, a class
    # attribute filled by a helper
    ["def reg(f=None, box=[]):\n    if f is not None:\n        box.append(f)\n    return box\n", "reg(F.softmax)\n",
     "def attention(q, k, v):\n    return reg()[0](q @ k.transpose(-2, -1), -1) @ v\n"],
    ["class Box:\n    @classmethod\n    def put(cls, f):\n        cls.f = f\n", "_put = Box.put\n_put(F.softmax)\n",
     "def attention(q, k, v):\n    return Box.f(q @ k.transpose(-2, -1), -1) @ v\n"],
    ["class Reg:\n    fns = []\n\ndef add(f):\n    Reg.fns.append(f)\n", "add(F.scaled_dot_product_attention)\n",
     "def attention(q, k, v):\n    return Reg.fns[0](q, k, v)\n"],
])
def test_what_a_statement_leaves_in_an_object_the_answer_reads_is_a_use(cells):
    """The closure followed bindings only: a list filled by ``append`` in another cell (or a dict by ``update``,
    a global set by a function defined inside an ``if``) carried F.scaled_dot_product_attention into the
    answer unseen (a hostile student's 16 points of 03 and 4 of 09's mlxtend ban)."""
    v = verdict(NO_SOFTMAX, cells)
    assert v.status == "failed" and "uses" in v.lines[0], v.lines


@pytest.mark.parametrize("cell", [
    "import pickle\n_f = pickle._loads(b'ctorch.nn.functional\\nscaled_dot_product_attention\\n.')\n",
    "from torch._utils import _import_dotted_name\n_f = _import_dotted_name('torch.nn.functional.softmax')\n",
    "from operator import attrgetter\n_f = attrgetter('soft' + 'max')(F)\n",
    "import torch.overrides as TO\n_f = [f for f in TO.get_overridable_functions()[F] if f.__name__ == 'soft' + 'max'][0]\n",
])
def test_library_functions_that_load_code_by_name_are_refused(cell):
    v = verdict(NO_SOFTMAX, [cell, "def attention(q, k, v):\n    return _f(q, k, v)\n"])
    assert v.status == "failed", v.lines


def test_a_match_statement_is_read():
    cells = ["match 3:\n    case 3:\n        SCALE = 1.0\n    case _:\n        SCALE = 2.0\n",
             HAND_WRITTEN.replace("k.shape[-1] ** 0.5", "k.shape[-1] ** 0.5 * SCALE")]
    assert verdict(NO_SOFTMAX, cells).passed


def test_a_functions_defaults_set_from_outside_are_refused():
    cells = ["def attention(q, k, v, f=None):\n    return f(q, k, v)\n",
             "attention.__defaults__ = (F.scaled_dot_product_attention,)\n"]
    v = verdict(NO_SOFTMAX, cells)
    assert v.status == "failed" and "cannot follow" in v.lines[0], v.lines


def test_a_statement_that_names_a_list_the_answer_reads_is_followed_and_others_are_not():
    """A list (any value that can change in place) the answer reads is followed into every statement that
    names it, an alias's too: the analysis cannot tell which of them changes it. A statement that does not
    name it is not followed."""
    answer = HAND_WRITTEN.replace("k.shape[-1] ** 0.5", "k.shape[-1] ** 0.5 * SCALE[0]")
    apart = ["SCALE = [2.0]\n", answer, "print(len(SCALE))\n", "print(F.softmax(torch.ones(2), -1))\n"]
    assert verdict(NO_SOFTMAX, apart).passed
    together = ["SCALE = [2.0]\n", answer, "print(len(SCALE), F.softmax(torch.ones(2), -1))\n"]
    assert verdict(NO_SOFTMAX, together).status == "failed"


def test_the_course_package_is_code_the_grader_can_read():
    # an editable install: the package's own folder is where installed code lives
    cells = ["from workbook.data import vision\n", "import numpy as np\n",
             "def attention(q, k, v):\n    assert vision is not None\n    return q @ k.transpose(-2, -1) @ v\n"]
    v = verdict(NO_SOFTMAX, cells)
    assert v.passed, v.lines


NO_MLXTEND = f'''from workbook.checks import exercise
from workbook.checks.static import check_no_calls


@exercise("q4")
def test_frequent_itemsets(frequent_itemsets: callable):
    check_no_calls(frequent_itemsets, {{"mlxtend": "mlxtend"}})
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''


@pytest.mark.parametrize("cells", [
    ["from mlxtend.frequent_patterns import apriori\n",
     "def frequent_itemsets(onehot, min_support, make_candidates):\n"
     "    found = apriori(onehot, min_support=min_support, use_colnames=True)\n"
     "    return dict(zip(found['itemsets'], found['support']))\n"],
    ["import mlxtend.frequent_patterns as fp\nfind = fp.apriori\n",
     "def frequent_itemsets(onehot, min_support, make_candidates):\n    return find(onehot, min_support)\n"],
    ["def frequent_itemsets(onehot, min_support, make_candidates):\n    return {}\n",
     "from mlxtend.frequent_patterns import apriori as frequent_itemsets\n"],
])
def test_a_library_imported_in_another_cell_is_a_use_of_it(cells):
    v = verdict(NO_MLXTEND, cells, {"frequent_itemsets": lambda *a: {}})
    assert v.status == "failed" and "uses mlxtend" in v.lines[0], v.lines


def test_a_library_the_answer_does_not_use_is_no_use_of_it():
    cells = ["from mlxtend.frequent_patterns import association_rules\n",
             "def frequent_itemsets(onehot, min_support, make_candidates):\n    return {}\n"]
    assert verdict(NO_MLXTEND, cells, {"frequent_itemsets": lambda *a: {}}).passed


LIMIT = f'''from workbook.checks import exercise
from workbook.checks.static import check_line_limit


@exercise("q15")
def test_limit(attention: callable):
    check_line_limit(attention, 6)
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''


def test_code_hidden_from_the_parser_counts_in_the_line_budget():
    helper = "".join(f" h{i} = {i}\n" for i in range(8))    # indented by one space: IPython runs it
    answer = "def attention(q, k, v):\n    return v * (" + " + ".join(f"h{i}" for i in range(8)) + ")\n"
    v = verdict(LIMIT, [helper, answer])
    assert v.status == "failed" and "lines of code in 2 cells" in v.lines[0], v.lines
    assert verdict(LIMIT, [answer.replace("(" + " + ".join(f"h{i}" for i in range(8)) + ")", "1")]).passed


OBSERVED = f'''from workbook.checks import check_equal, exercise


@exercise("q2", observes="what the answer did")
def test_observed(attention: callable):
    check_equal(attention(1, 2, 3), 3)
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''
VALUES = OBSERVED.replace(', observes="what the answer did"', "")


def test_a_change_of_the_process_scores_0_where_the_verdict_rests_on_an_observation():
    assert verdict(OBSERVED, [HAND_WRITTEN]).passed
    v = verdict(OBSERVED, [HAND_WRITTEN], facts=["builtins.compile was replaced"])
    assert v.status == "failed" and "scored 0" in v.lines[0] and "builtins.compile was replaced" in v.lines[0]
    # an exercise that compares values only is not affected; one that ran a static check is
    assert verdict(VALUES, [HAND_WRITTEN], facts=["builtins.compile was replaced"]).passed
    v = verdict(NO_SOFTMAX, [HAND_WRITTEN], facts=["an input transformer was added"])
    assert v.status == "failed" and "an input transformer was added" in v.lines[0], v.lines
