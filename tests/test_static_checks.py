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

from static_cells import HAND_WRITTEN, KEY, NO_SOFTMAX, SETUP, Cells, verdict
from workbook.checks.source import ipython_code, parsed
from workbook.grading import judge
from workbook.markers import BEGIN_HIDDEN, END_HIDDEN


def test_a_hand_written_answer_passes():
    assert verdict(NO_SOFTMAX, [HAND_WRITTEN]).passed


def test_a_cell_indented_by_one_space_is_read_as_ipython_runs_it():
    capture = " import torch.nn.functional as G\n sdpa = G.scaled_dot_product_attention\n"
    assert ipython_code(capture) == "import torch.nn.functional as G\nsdpa = G.scaled_dot_product_attention\n"
    answer = "def attention(q, k, v):\n    return sdpa(q, k, v)\n"
    v = verdict(NO_SOFTMAX, [capture, answer])
    assert v.status == "failed" and "uses F.scaled_dot_product_attention" in v.lines[0], v.lines


@pytest.mark.parametrize("cell", [
    "%%capture\nq = 1\n", "%%python\nprint(1)\n", "%env A=1", "!echo {F.__dict__}", "!echo $HOME",
    "files = !ls {sm}", "%%time foo\nq = 1\n", "r = %time q = 1",
    "get_ipython().run_cell('sm = F.softmax')", "import IPython\nIPython.get_ipython().ex('sm = F.softmax')",
    "globals()['sm'] = F.softmax", "exec('sm = F.softmax')", "import sys\nsys.modules['__main__'].sm = F.softmax",
    "import os\nos.sys.modules", "sm = getattr(F, 'soft' + 'max')", "import builtins\nbuiltins.sm = F.softmax",
    "from functools import reduce\nsm = reduce(getattr, ['softmax'], F)", "vars(F)",
    "import pickle\npickle.loads(b'')", "import timeit\ntimeit.timeit('import torch')", "x = _",
    "import inspect\nf = inspect.currentframe().f_back", "import importlib\nimportlib.import_module('torch')",
    "import imp\nh = imp.load_source('h', 'helper.py')",   # Python 3.11's deprecated loader: runs a file as code
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
     "a change of the library's torch.nn.functional.relu"),
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


NO_LOOPS = f'''from workbook.checks import exercise
from workbook.checks.vision import check_no_loops


@exercise("q3")
def test_pairs(attention: callable):
    check_no_loops(attention)
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''

_WORK = "def _work(q, k, v):\n" + "".join(f"    q = q + {i}\n" for i in range(8)) + "    return q\n"
_LOOPING = "def _work(q, k, v):\n    return sum(x for x in q)\n"
# code the answer calls, reached only through an alias of a container or a class it reads
_HIDDEN_HELPERS = {
    "a list's alias": (["BOX = []\nj = BOX\n", "{work}", "j.append(_work)\n"], "BOX[0](q, k, v)"),
    "a method of an alias": (["BOX = {}\nput = BOX.__setitem__\n", "{work}", "put('w', _work)\n"],
                             "BOX['w'](q, k, v)"),
    "a class's alias": (["class Reg:\n    impl = None\n", "{work}", "R = Reg\nR.impl = _work\n"],
                        "Reg.impl(q, k, v)"),
    "a function of the student's that stores it": (
        ["BOX = []\ndef keep(f, into=BOX):\n    into.append(f)\n", "{work}", "keep(_work)\n"], "BOX[0](q, k, v)"),
    "a lambda stored through an alias": (["BOX = []\nj = BOX\n", "{work}", "j.append(lambda q, k, v: _work(q, k, v))\n"],
                                         "BOX[0](q, k, v)"),
}


@pytest.mark.parametrize("how", sorted(_HIDDEN_HELPERS))
def test_a_helper_reached_through_an_alias_counts_in_the_line_budget(how):
    cells, call = _HIDDEN_HELPERS[how]
    answer = f"def attention(q, k, v):\n    return {call}\n"
    v = verdict(LIMIT, [c.replace("{work}", _WORK) for c in cells] + [answer])
    assert v.status == "failed" and "the limit is 6" in v.lines[0], v.lines


@pytest.mark.parametrize("how", sorted(_HIDDEN_HELPERS))
def test_a_loop_reached_through_an_alias_is_a_loop_of_the_answer(how):
    cells, call = _HIDDEN_HELPERS[how]
    answer = f"def attention(q, k, v):\n    return {call}\n"
    v = verdict(NO_LOOPS, [c.replace("{work}", _LOOPING) for c in cells] + [answer])
    assert v.status == "failed" and "generator expression" in v.lines[0], v.lines


def test_demo_cells_that_only_use_the_answer_do_not_count_in_its_budget():
    """What the budget and the loop rule read beyond the answer's cells, its helpers' and the cells that
    change what they read is code that can run when the answer is called (a def, a class, a lambda reached
    through a value it reads): a demo cell that calls the answer in a loop, or prints a list it reads, is not
    part of the answer."""
    answer = "def attention(q, k, v):\n    return v * SCALE[0]\n"
    demo = ("x = torch.ones(3)\nfor i in range(3):\n    print(attention(x, x, x), SCALE)\n"
            "rows = [attention(x, x, x * i) for i in range(3)]\nprint(sorted(SCALE, key=abs), len(rows))\n")
    cells = ["SCALE = [2.0]\n", answer, demo]
    assert verdict(LIMIT, cells).passed
    assert verdict(NO_LOOPS, cells).passed


# a library that runs the student's code, or a private door to the forbidden function: the fourth examiner's round
_LIBRARY_DOORS = {
    "an operator of torch.Tensor through an alias": [
        "_sdpa, _orig = F.scaled_dot_product_attention, torch.Tensor.__matmul__\n"
        "def _mm(self, o):\n    return _sdpa(self, o[1], o[2]) if type(o) is tuple else _orig(self, o)\n"
        "_T = torch.Tensor\n_T.__matmul__ = _mm\n",
        "def attention(q, k, v):\n    return q @ (0, k, v)\n"],
    "an operator set with setattr": [
        "def _mm(self, o):\n    return F.scaled_dot_product_attention(self, o[1], o[2])\n"
        "setattr([torch.Tensor][0], '__xor__', _mm)\n",
        "def attention(q, k, v):\n    return q ^ (0, k, v)\n"],
    "a new method on torch.Tensor": [
        "_T = torch.Tensor\n_T.attend = lambda q, k, v: F.scaled_dot_product_attention(q, k, v)\n",
        "def attention(q, k, v):\n    return q.attend(k, v)\n"],
    "a global module hook": [
        "from torch.nn.modules.module import register_module_forward_hook as _reg\n"
        "_reg(lambda m, a, o: F.scaled_dot_product_attention(*a))\n",
        "def attention(q, k, v):\n    return nn.Identity()(q)\n"],
    "a hook on a module": [
        "_m = nn.Identity()\n_m.register_forward_hook(lambda m, a, o: F.scaled_dot_product_attention(a[0], a[0], a[0]))\n",
        "def attention(q, k, v):\n    return _m(q)\n"],
    "__torch_function__": [
        "class _Any:\n    @classmethod\n    def __torch_function__(cls, func, types, args=(), kwargs=None):\n"
        "        return F.scaled_dot_product_attention(*args)\n",
        "def attention(q, k, v):\n    return torch.add(q, k)\n"],
    "a function mode": [
        "from torch.overrides import TorchFunctionMode as _M\n",
        "def attention(q, k, v):\n    return q + k\n"],
    "a private torch function": ["def attention(q, k, v):\n    return torch._softmax(q @ k.transpose(-2, -1), -1, False) @ v\n"],
    "a private torch module": ["def attention(q, k, v):\n    return torch._C._nn.log_sigmoid(q) @ v\n"],
    "a private name imported": ["from torch import _softmax as sm\n",
                                "def attention(q, k, v):\n    return sm(q @ k.transpose(-2, -1), -1, False) @ v\n"],
    "a module the notebook wrote": [
        "open('hx.py', 'w').write('import __main__, torch.nn.functional as F; __main__._sdpa = F.softmax')\n",
        "_sdpa = None\ndef attention(q, k, v):\n    return _sdpa(q @ k.transpose(-2, -1), -1) @ v\n",
        "import hx\n"],
    "sys.path": ["import sys\nsys.path.insert(0, '/tmp')\n", HAND_WRITTEN],
}


@pytest.mark.parametrize("door", sorted(_LIBRARY_DOORS))
def test_a_library_that_runs_the_students_code_or_a_private_door_fails_the_prohibition(door):
    v = verdict(NO_SOFTMAX, _LIBRARY_DOORS[door])
    # refused, or (a hook on a module of the student's is a change of it) followed to the forbidden call
    assert v.status == "failed" and any(w in v.lines[0] for w in ("cannot follow", "cannot read", "uses")), v.lines


@pytest.mark.parametrize("native", ["torch.native_dropout(x, 0.5, True)[0]", "torch._C._nn.log_sigmoid(x)",
                                    "torch.native_layer_norm(x, (3,), None, None, 1e-5)[0]"])
def test_a_native_twin_of_a_forbidden_function_is_that_function(native):
    """torch's native_*, _* and differently spelt twins of a forbidden function are the function."""
    test = NO_SOFTMAX.replace('"softmax": "softmax"', '"dropout": "F.dropout", "layer_norm": "F.layer_norm", '
                                                      '"logsigmoid": "F.logsigmoid"')
    v = verdict(test, [f"def attention(q, k, v):\n    x = q\n    return {native}\n"])
    assert v.status == "failed", v.lines


def test_settings_of_a_library_are_no_change_of_it():
    cells = ["torch.backends.cudnn.deterministic = True\nimport pandas as pd\npd.options.display.max_rows = 10\n"
             "torch.manual_seed(0)\n", HAND_WRITTEN]
    assert verdict(NO_SOFTMAX, cells).passed


_MORE_DOORS = {   # the fifth examiner's round
    "a library's dict filled from another cell": [
        "np.typecodes.update(c=F.scaled_dot_product_attention)\n",
        "def attention(q, k, v):\n    return np.typecodes['c'](q, k, v)\n"],
    "a library's dict filled through an alias": [
        "tc = np.typecodes\ntc['c'] = F.scaled_dot_product_attention\n",
        "def attention(q, k, v):\n    return tc['c'](q, k, v)\n"],
    "a library's dict filled by a function of the student's": [
        "def put(d):\n    d['c'] = F.scaled_dot_product_attention\nput(np.typecodes)\n",
        "def attention(q, k, v):\n    return np.typecodes['c'](q, k, v)\n"],
    "a function unpickled from a pipe": [
        "from multiprocessing import Pipe\n_a, _b = Pipe()\n_a.send_bytes(b'ctorch.nn.functional\\nsoft' + b'max\\n.')\n"
        "_sm = _b.recv()\n",
        "def attention(q, k, v):\n    return _sm(q @ k.transpose(-2, -1), -1) @ v\n"],
    "TorchScript compiled from a string": [
        "_cu = torch.jit.CompilationUnit('def f(s):\\n    return torch.soft' + 'max(s, -1)\\n')\n",
        "def attention(q, k, v):\n    return _cu.f(q @ k.transpose(-2, -1)) @ v\n"],
    "sympy's parser": [
        "from sympy.parsing.sympy_parser import parse_expr\n_sm = parse_expr('F.soft' + 'max', global_dict={'F': F}, "
        "transformations=())\n",
        "def attention(q, k, v):\n    return _sm(q @ k.transpose(-2, -1), -1) @ v\n"],
    "a class rebuilt by copy": [
        "import copy\nclass _R:\n    def __reduce__(self):\n        return (getattr, (F, 'soft' + 'max'))\n"
        "_sm = copy.copy(_R())\n",
        "def attention(q, k, v):\n    return _sm(q @ k.transpose(-2, -1), -1) @ v\n"],
}


@pytest.mark.parametrize("door", sorted(_MORE_DOORS))
def test_a_library_value_that_other_cells_fill_or_code_built_from_text_fails_the_prohibition(door):
    cells = ["import numpy as np\n"] + _MORE_DOORS[door]
    v = verdict(NO_SOFTMAX, cells)
    assert v.status == "failed", v.lines


def test_a_magic_that_only_changes_how_output_is_shown_is_no_refusal():
    assert verdict(NO_SOFTMAX, ["%matplotlib inline\n", HAND_WRITTEN]).passed


@pytest.mark.parametrize("cell", [
    "%timeit attention(1, 2, 3)\n", "%timeit -n 3 -r 2 attention(1, 2, 3)\n", "%time out = attention(1, 2, 3)\n",
    "%%time\nout = attention(1, 2, 3)\n", "%%timeit -n 1 q = 1\nattention(q, q, q)\n", "!ls -la\n",
    "files = !ls\n", "!!pwd\n", "attention?\n", "?attention\n", "attention??\n", "torch.nn.functional?\n",
    "if True:\n    %time attention(1, 2, 3)\n    !nvidia-smi\n", "%%time\n%timeit attention(1, 2, 3)\n!ls\n",
    "r = %timeit -o attention(1, 2, 3)\n",
])
def test_timing_help_and_shell_lines_are_read_as_the_python_they_run(cell):
    """An honest notebook times its code, asks for help and lists its folder: no refusal."""
    v = verdict(NO_SOFTMAX, [cell, HAND_WRITTEN])
    assert v.passed, (cell, v.lines)


@pytest.mark.parametrize("cell", [
    "%time sm = F.softmax\n", "%%time\nsm = F.softmax\n", "%%timeit -n 1 sm = F.softmax\npass\n",
    "%timeit global sm; sm = F.softmax\n", "if True:\n    %time sm = F.softmax\n", "!true\nsm = F.softmax\n",
    "F.softmax?\nsm = F.softmax\n", "%time F.relu = F.softmax\n",
])
def test_a_timed_capture_is_followed_as_the_code_it_runs(cell):
    """What a timing magic runs is read as code: a capture inside one is seen, not hidden by the magic."""
    answer = "def attention(q, k, v):\n    return sm(q @ k.transpose(-2, -1), -1) @ v\n" if "sm" in cell else \
        "def attention(q, k, v):\n    return F.relu(q @ k.transpose(-2, -1), -1) @ v\n"
    v = verdict(NO_SOFTMAX, [cell, answer])
    assert v.status == "failed" and "IPython" not in v.lines[0], (cell, v.lines)


def test_a_timed_answer_cell_keeps_its_lines():
    """A %%time first line is a blank line of the code read: the answer's lines keep their numbers."""
    assert ipython_code("%%time\ndef f():\n    return 1\n") == "\ndef f():\n    return 1\n"
    assert ipython_code("%%timeit -n 2 a = 1\nb = a\n") == "a = 1\nb = a\n"
    assert ipython_code("x = 1\n%timeit -n 3 f(x)\n") == "x = 1\nf(x)\n"
    assert ipython_code("%time print('a  b')") == "print('a b')\n"   # as IPython's %time joins its words

# =========================================================================== a fifth examiner's round
# Loops without a loop node, statements joined on one line, and the same job under another library name.

_DISGUISED_LOOPS = {
    "map": ("def _one(b):\n    return b.sum()\n\n\ndef attention(q, k, v):\n    return torch.stack(list(map(_one, q)))\n",
            "a call of map"),
    "map through an alias": ("_m = map\n\n\ndef attention(q, k, v):\n    return torch.stack(list(_m(torch.sum, q)))\n",
                             "a call of map"),
    "filter": ("def attention(q, k, v):\n    return torch.stack(list(filter(lambda r: r.sum() > 0, q)))\n",
               "a call of filter"),
    "functools.reduce": ("import functools\n\n\ndef attention(q, k, v):\n    return functools.reduce(torch.add, q)\n",
                         "a call of functools.reduce"),
    "reduce imported": ("from functools import reduce as fold\n\n\ndef attention(q, k, v):\n"
                        "    return fold(lambda a, b: a + b, q)\n", "a call of functools.reduce"),
    "itertools.starmap": ("import itertools as it\n\n\ndef attention(q, k, v):\n"
                          "    return torch.stack(list(it.starmap(torch.dot, zip(q, k))))\n", "a call of itertools.starmap"),
    "itertools.accumulate": ("from itertools import accumulate\n\n\ndef attention(q, k, v):\n"
                             "    return list(accumulate(q))[-1]\n", "a call of itertools.accumulate"),
    "np.vectorize": ("import numpy as np\n\n\ndef attention(q, k, v):\n"
                     "    return torch.from_numpy(np.vectorize(lambda a: a * 2)(q.numpy()))\n", "a call of vectorize"),
    "np.frompyfunc": ("from numpy import frompyfunc\n\n\ndef attention(q, k, v):\n    return frompyfunc(abs, 1, 1)(q)\n",
                      "a call of frompyfunc"),
    "np.apply_along_axis": ("import numpy as np\n\n\ndef attention(q, k, v):\n"
                            "    return np.apply_along_axis(np.sum, 1, q.numpy())\n", "a call of apply_along_axis"),
    "Tensor.apply_": ("def attention(q, k, v):\n    return q.clone().apply_(lambda a: a * 2)\n", "a call of apply_"),
    "pandas apply": ("import pandas as pd\n\n\ndef attention(q, k, v):\n"
                     "    return pd.DataFrame(q.numpy()).apply(sum, axis=1)\n", "a call of .apply() with a function"),
    "pandas agg": ("import pandas as pd\n\n\ndef _total(col):\n    return col.sum()\n\n\ndef attention(q, k, v):\n"
                   "    return pd.DataFrame(q.numpy()).agg(_total)\n", "a call of .agg() with a function"),
    "recursion": ("def attention(q, k, v):\n    if len(q) == 0:\n        return q\n"
                  "    return torch.cat([q[:1] * 2, attention(q[1:], k, v)])\n", "recursion"),
    "recursion through another function": (
        "def _even(q):\n    return q if len(q) == 0 else _odd(q[1:])\n\n\ndef _odd(q):\n    return _even(q)\n\n\n"
        "def attention(q, k, v):\n    return _even(q)\n", "recursion"),
}


@pytest.mark.parametrize("how", sorted(_DISGUISED_LOOPS))
def test_a_loop_without_a_loop_node_is_a_loop_of_the_answer(how):
    """11 q6's rule read for, while and comprehensions only: ``torch.stack(list(map(one, boxes1)))`` earned its
    points. map, filter, functools.reduce, itertools, a per-element apply and recursion loop in Python too."""
    cell, kind = _DISGUISED_LOOPS[how]
    v = verdict(NO_LOOPS, [cell])
    assert v.status == "failed" and f"uses {kind} (" in v.lines[0], v.lines


@pytest.mark.parametrize("cell", [
    "def attention(q, k, v):\n    return torch.vmap(lambda a: a * 2)(q)\n",
    "import pandas as pd\n\n\ndef attention(q, k, v):\n    return pd.DataFrame(q.numpy()).agg('sum')\n",
    "def attention(q, k, v):\n    filter = q > 0\n    return q[filter]\n",
    "def attention(q, k, v):\n    return q.repeat(2, 1) + torch.combinations(k[0]).sum()\n",
    "import numpy as np\n\n\ndef attention(q, k, v):\n    return np.add.reduce(q.numpy())\n",
    "class _Twice(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n\n"
    "    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n\n\n"
    "def attention(q, k, v):\n    return _Twice.apply(q)\n",
    "def _area(b):\n    return (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])\n\n\n"
    "def attention(q, k, v):\n    return _area(q)[:, None] + _area(k)\n",
])
def test_vectorised_code_that_looks_like_a_loop_is_no_loop(cell):
    v = verdict(NO_LOOPS, [cell])
    assert v.passed, v.lines


def test_statements_joined_on_one_line_count_as_lines_of_code():
    """11 q11's 50-line budget held 100 statements joined by ``;``: a line with several statements counts each
    (``if x: y = 1`` too); blank lines, comments and docstrings stay free."""
    from workbook.checks.static import count_code_lines
    assert count_code_lines("a = 1; b = 2\n") == 2
    assert count_code_lines("if x: y = 1\n") == 2
    assert count_code_lines("if x:\n    y = 1\n") == 2
    assert count_code_lines("x = (1,\n     2); y = 3\n") == 3
    assert count_code_lines('def f():\n    """A docstring."""\n\n    # a comment\n    return 1\n') == 2
    assert count_code_lines('def f(): """A docstring."""; return 1\n') == 2
    joined = "def attention(q, k, v):\n    " + "; ".join(f"q = q + {i}" for i in range(60)) + "\n    return q\n"
    v = verdict(LIMIT, [joined])
    assert v.status == "failed" and "62 lines of code (several statements on one line count as several" in v.lines[0], \
        v.lines
    assert verdict(LIMIT, ["def attention(q, k, v):\n    q = q + 1; q = q * 2\n    return q\n"]).passed


def _test_cell_of_03(grade_id: str) -> str:
    import json
    from pathlib import Path
    nb = json.loads((Path(__file__).parents[1] / "source/03_pytorch_test/03_pytorch_test.ipynb").read_text())
    [cell] = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id]
    return "".join(cell["source"])


_SAME_JOB = {
    "q2 instance_norm": ("test_q2_layernorm", "LayerNorm",
                         "class LayerNorm(nn.Module):\n    def __init__(self, shape, eps=1e-5):\n        super().__init__()\n"
                         "        self.weight = nn.Parameter(torch.ones(shape))\n        self.bias = nn.Parameter(torch.zeros(shape))\n"
                         "        self.eps = eps\n\n    def forward(self, x):\n"
                         "        y = F.instance_norm(x.reshape(1, -1, self.weight.numel()), eps=self.eps).reshape(x.shape)\n"
                         "        return y * self.weight + self.bias\n", "F.instance_norm"),
    "q2 nn.InstanceNorm1d": ("test_q2_layernorm", "LayerNorm",
                             "class LayerNorm(nn.Module):\n    def __init__(self, shape, eps=1e-5):\n        super().__init__()\n"
                             "        self.norm = nn.InstanceNorm1d(1, eps=eps)\n\n    def forward(self, x):\n"
                             "        return self.norm(x.reshape(-1, 1, x.shape[-1])).reshape(x.shape)\n",
                             "nn.InstanceNorm1d"),
    "q4 softmin": ("test_q4_attention", "scaled_dot_product_attention",
                   "def scaled_dot_product_attention(q, k, v, mask=None):\n"
                   "    return F.softmin(-(q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1]), dim=-1) @ v\n", "F.softmin"),
    "q4 logsumexp": ("test_q4_attention", "scaled_dot_product_attention",
                     "def scaled_dot_product_attention(q, k, v, mask=None):\n"
                     "    s = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])\n"
                     "    return torch.exp(s - torch.logsumexp(s, -1, keepdim=True)) @ v\n", "torch.logsumexp"),
    "q6 conv3d": ("test_q6_conv2d", "Conv2d",
                  "class Conv2d(nn.Module):\n    def __init__(self, i, o, k, stride=1, padding=0, bias=True):\n"
                  "        super().__init__()\n        self.stride, self.padding = stride, padding\n"
                  "        self.weight = nn.Parameter(torch.randn(o, i, k, k))\n"
                  "        self.bias = nn.Parameter(torch.zeros(o)) if bias else None\n"
                  "        self.unfold = nn.Unfold(k)\n\n    def forward(self, x):\n"
                  "        s, p = self.stride, self.padding\n"
                  "        return F.conv3d(x.unsqueeze(2), self.weight.unsqueeze(2), self.bias, stride=(1, s, s),\n"
                  "                        padding=(0, p, p)).squeeze(2)\n", "F.conv3d"),
    "q6 conv1d": ("test_q6_conv2d", "Conv2d",
                  "class Conv2d(nn.Module):\n    def __init__(self, i, o, k, stride=1, padding=0, bias=True):\n"
                  "        super().__init__()\n        self.weight = nn.Parameter(torch.randn(o, i, k, k))\n\n"
                  "    def forward(self, x):\n        cols = F.unfold(x, self.weight.shape[-1])\n"
                  "        return F.conv1d(cols, self.weight.flatten(1)[:, :, None])\n", "F.conv1d"),
    "q7 multilabel soft margin": ("test_q7_log_sigmoid", "LogSigmoidFunction",
                                  "class LogSigmoidFunction(torch.autograd.Function):\n    @staticmethod\n"
                                  "    def forward(ctx, x):\n        ctx.save_for_backward(x)\n"
                                  "        return -F.multilabel_soft_margin_loss(x.reshape(-1, 1), torch.ones(x.numel(), 1), "
                                  "reduction='none').reshape(x.shape)\n\n    @staticmethod\n"
                                  "    def backward(ctx, g):\n        (x,) = ctx.saved_tensors\n"
                                  "        return g * torch.sigmoid(-x)\n", "F.multilabel_soft_margin_loss"),
    "q7 cross_entropy": ("test_q7_log_sigmoid", "LogSigmoidFunction",
                         "class LogSigmoidFunction(torch.autograd.Function):\n    @staticmethod\n"
                         "    def forward(ctx, x):\n        ctx.save_for_backward(x)\n"
                         "        z = torch.stack([torch.zeros_like(x), x], -1).reshape(-1, 2)\n"
                         "        return -F.cross_entropy(z, torch.ones(len(z), dtype=torch.long), reduction='none')\n\n"
                         "    @staticmethod\n    def backward(ctx, g):\n        (x,) = ctx.saved_tensors\n"
                         "        return g * torch.sigmoid(-x)\n", "F.cross_entropy"),
}


@pytest.mark.parametrize("how", sorted(_SAME_JOB))
def test_a_library_function_that_does_the_same_job_under_another_name_is_banned(how):
    """03's bans named one function per job: LayerNorm passed with F.instance_norm on a reshaped input, Conv2d
    with F.conv3d on unsqueezed tensors, attention with F.softmin(-s). The notebook's own test cells ban them."""
    grade_id, name, cell, shown = _SAME_JOB[how]
    ns: dict = {}
    exec(SETUP + cell, ns)
    v = verdict(_test_cell_of_03(grade_id), [cell], {name: ns[name]})
    assert v.status == "failed" and f"uses {shown} (" in v.lines[0], v.lines


# ---------------------------------------------------------------- answers that stand on their own
class Answered(Cells):
    """The same, with the notebook's test cells declaring which question each answer name answers."""

    def __init__(self, namespace: dict, cells: list[str], answers: dict):
        super().__init__(namespace, cells)
        self._answers = answers

    def answers(self):
        return dict(self._answers)


SELF_CONTAINED = f'''from workbook.checks import exercise
from workbook.checks.static import check_self_contained


@exercise("q7")
def test_nms(nms: callable):
    check_self_contained(nms)
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''
IOU = "def _area(b):\n    return (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])\n\n\ndef box_iou(a, b):\n    return _area(a)\n"


def self_contained(cells: list[str]):
    return judge.judge_cell(SELF_CONTAINED, "test_q7", Answered({"nms": lambda *a: a}, cells,
                                                                {"box_iou": ("q6",), "nms": ("q7",)}),
                            KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30)


@pytest.mark.parametrize("answer, used", [
    ("def nms(boxes):\n    return box_iou(boxes, boxes)\n", "box_iou"),                      # a call
    ("iou = box_iou\n\n\ndef nms(boxes):\n    return iou(boxes, boxes)\n", "box_iou"),       # an alias in its cell
    ("def pairs(b):\n    return box_iou(b, b)\n\n\ndef nms(boxes):\n    return pairs(boxes)\n", "box_iou"),   # a helper
    ("def nms(boxes, iou=box_iou):\n    return iou(boxes, boxes)\n", "box_iou"),              # a default
    ("def nms(boxes):\n    return _area(boxes)\n", "_area"),                  # a helper of the other answer's cell
])
def test_an_answer_that_uses_another_questions_answer_fails_naming_it(answer, used):
    v = self_contained([IOU, answer])
    assert v.status == "failed" and f"`{used}`" in v.lines[0] and "Question 6" in v.lines[0], v.lines


@pytest.mark.parametrize("cells", [
    [IOU, "def nms(boxes):\n    def box_iou(a, b):\n        return a\n    return box_iou(boxes, boxes)\n"],   # nested
    [IOU, "def box_iou(a, b):\n    return a\n\n\ndef nms(boxes):\n    return box_iou(boxes, boxes)\n"],   # in its cell
    [IOU, "import math\n\n\ndef nms(boxes):\n    return math.sqrt(2) * torch.ones(1)\n"],   # imports, given code
])
def test_an_answer_of_its_own_passes(cells):
    v = self_contained(cells)
    assert v.passed, v.lines


def test_the_answers_are_the_parameters_of_the_notebooks_exercise_cells():
    from workbook.checks.source import exercise_answers
    assert exercise_answers([SELF_CONTAINED, NO_SOFTMAX, "x = 1", "def f(:"]) == {"nms": ("q7",), "attention": ("q4",)}


# 03's Part 3: the student's classes LayerNorm (Question 2) and Dropout (Question 3) have torch.nn's names
LAYER_NORM = "class LayerNorm(nn.Module):\n    pass\n"
BLOCK = "class Block(nn.Module):\n    def __init__(self, d):\n        super().__init__()\n        self.norm = LayerNorm(d)\n"


def self_contained_block(cells: list[str]):
    test = SELF_CONTAINED.replace('"q7"', '"q15"').replace("nms", "Block")
    return judge.judge_cell(test, "test_q15", Answered({"Block": lambda *a: a}, cells,
                                                        {"LayerNorm": ("q2",), "Block": ("q15",)}),
                            KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30)


@pytest.mark.parametrize("cells", [
    [LAYER_NORM, "from torch.nn import LayerNorm\n\n\n" + BLOCK],          # imported in the answer's cell
    [LAYER_NORM, "from torch.nn import LayerNorm\n", BLOCK],                # imported in a later cell
    [LAYER_NORM, BLOCK.replace("LayerNorm(d)", "nn.LayerNorm(d)")],        # the library's, by its module
])
def test_a_library_name_imported_over_another_answer_passes(cells):
    v = self_contained_block(cells)
    assert v.passed, v.lines


@pytest.mark.parametrize("cells", [
    [LAYER_NORM, BLOCK],                                                    # the student's class
    ["from torch.nn import LayerNorm\n", LAYER_NORM, BLOCK],                # imported before the class replaced it
    [LAYER_NORM, BLOCK, "from torch.nn import LayerNorm\n"],                # imported only after the answer ran
    [LAYER_NORM, "import functools\nLayerNorm = functools.partial(LayerNorm)\n\n\n" + BLOCK],   # rebound from itself
    [LAYER_NORM, "class LayerNorm(LayerNorm):\n    pass\n\n\n" + BLOCK],   # subclassed under its own name
    [LAYER_NORM, "NORM = LayerNorm\n", BLOCK.replace("LayerNorm(d)", "NORM(d)")],   # a module-level variable
])
def test_another_answer_reached_past_a_name_of_the_library_fails_saying_which_question(cells):
    v = self_contained_block(cells)
    assert v.status == "failed" and "`LayerNorm`" in v.lines[0] and "Question 2" in v.lines[0], v.lines


def test_a_cell_is_read_once_and_a_program_reads_only_its_own_tree():
    """Programs that share a cell share what was read of it (`workbook mutants` builds one per mutant,
    all cells but one the same); a cell parsed again (its tree no longer in the parse cache) is read
    again from that new tree, whose nodes the program's bindings are."""
    import ast

    from workbook.checks import dynamic
    from workbook.checks import source as S
    cells = ["import math\nK = [1]\n", "def f(x):\n    K.append(x)\n    return math.sqrt(x)\n"]
    a, b = S.Program(cells), S.Program(cells + ["y = f(4)\n"])
    assert a.bindings["f"][0].node is b.bindings["f"][0].node
    S._parse.cache_clear()
    c = S.Program(cells)
    tree = c.cells[1][3]
    assert tree is not a.cells[1][3] and c.bindings["f"][0].node is tree.body[0]
    assert [x.node for x in c.changes["K"]] == [tree.body[0]] and c.imports == {"math": {"math"}}
    assert list(dynamic.walk(tree)) == list(ast.walk(tree))


def test_a_library_call_the_watch_reports_is_decided_once_per_forbidden_set(monkeypatch):
    """A watched reply lists the few hundred library functions the answer called, the same ones reply after
    reply (03: 1,500 entries a submission, each building the forbidden names' twins again: 14,000 renamings).
    Each entry is decided once per set of forbidden names; the decisions are those of before."""
    from workbook.checks import static
    forbidden = {"linear": "F.linear", "softmax": "torch.softmax", "mlxtend": "mlxtend"}
    entries = [["torch._C._nn", "linear"], ["torch", "Tensor.matmul"], ["torch", "_VariableFunctionsClass._softmax"],
               ["mlxtend.frequent_patterns", "apriori"], ["functools", "partial.linear", "library"], ["x", "y", "z", "w"]]
    want = [static.forbidden_call(e, forbidden) for e in entries]
    assert want == ["F.linear", None, "torch.softmax", "mlxtend", "F.linear", None]
    renamed = []
    real = static._run_twin
    monkeypatch.setattr(static, "_run_twin", lambda name: (renamed.append(name), real(name))[1])
    for _ in range(50):
        assert [static.forbidden_call(list(e), dict(forbidden)) for e in entries] == want
    assert len(renamed) == 0, len(renamed)   # decided on the first round, before the count
