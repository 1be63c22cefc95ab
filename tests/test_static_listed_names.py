"""A computed name whose values the grader can list (workbook/checks/dynamic.py): ``getattr(o, f)`` with ``f``
the target of its loop or comprehension over a literal tuple, list, set or frozenset of strings, a name bound
once to a tuple of strings, or a library's tuple of strings, is read as those names; any other computed name
still makes every static check of the notebook fail. Each test: the student's cells, one test cell judged
in-process (as tests/test_static_checks.py does, with tests/static_cells.py), its verdict."""
from __future__ import annotations

import pytest

from static_cells import HAND_WRITTEN, KEY, NO_SOFTMAX, Cells, verdict
from workbook.checks.source import Program, names_used
from workbook.grading import judge
from workbook.markers import BEGIN_HIDDEN, END_HIDDEN

COMPREHENSION = "def fields(t):\n    return [getattr(t, f) for f in {values}]\n"


@pytest.mark.parametrize("cells", [
    [COMPREHENSION.format(values="('shape', 'dtype')")],
    [COMPREHENSION.format(values="['shape', 'dtype']")],
    [COMPREHENSION.format(values="{'shape', 'dtype'}")],
    [COMPREHENSION.format(values="frozenset({'shape', 'dtype'})")],
    ["NAMES = ('shape', 'dtype')\n", COMPREHENSION.format(values="NAMES")],
    ["NAMES = frozenset(('shape', 'dtype'))\n", COMPREHENSION.format(values="NAMES")],
    ["from workbook.data.serving import FEATURES\n", COMPREHENSION.format(values="FEATURES")],
    ["from workbook.data.serving import FEATURES\n",
     "def rows(customers):\n    return [[getattr(c, f) for f in FEATURES] for c in customers]\n"],
    ["def fields(t):\n    return {f: getattr(t, f, None) for f in ('shape', 'dtype') if hasattr(t, f)}\n"],
    ["def fields(t):\n    return list(getattr(t, f) for f in ('shape', 'dtype'))\n"],
    ["def fields(t):\n    out = {}\n    for f in ('shape', 'dtype'):\n        if hasattr(t, f):\n"
     "            out[f] = getattr(t, f, None)\n    return out\n"],
    ["def fields(ts):\n    out = []\n    for f in ('shape', 'dtype'):\n        out.append([getattr(t, f) for t in ts])\n"
     "    return out\n"],
    ["import operator\n\ndef fields(t):\n    return [operator.attrgetter(f)(t) for f in ('shape', 'dtype')]\n"],
], ids=["tuple", "list", "set", "frozenset", "tuple-name", "frozenset-name", "library-tuple", "nested",
        "hasattr-default", "generator", "for-loop", "comprehension-in-loop", "attrgetter"])
def test_getattr_over_names_the_grader_can_list_passes_the_static_checks(cells):
    v = verdict(NO_SOFTMAX, [*cells, HAND_WRITTEN])
    assert v.passed, v.lines


@pytest.mark.parametrize("cells", [
    ["def attention(q, k, v):\n    for f in ('exp', 'softmax'):\n        sm = getattr(F, f)\n"
     "    return sm(q @ k.transpose(-2, -1), -1) @ v\n"],
    ["SM = ('softmax',)\n", "def attention(q, k, v):\n    sm = [getattr(torch, f) for f in SM][0]\n"
     "    return sm(q @ k.transpose(-2, -1), -1) @ v\n"],
    ["import operator\n\ndef attention(q, k, v):\n    sm = [operator.attrgetter(f)(F) for f in ('softmax',)][0]\n"
     "    return sm(q @ k.transpose(-2, -1), -1) @ v\n"],
], ids=["literal", "tuple-name", "attrgetter"])
def test_a_forbidden_name_among_the_listed_names_fails_with_its_name(cells):
    v = verdict(NO_SOFTMAX, cells)
    assert v.status == "failed" and "uses softmax" in v.lines[0], v.lines


@pytest.mark.parametrize("cells", [
    ["NAMES = ['shape', 'dtype']\n", COMPREHENSION.format(values="NAMES")],
    ["NAMES = ('shape', 'dtype')\n", "NAMES = ('shape', 'softmax')\n", COMPREHENSION.format(values="NAMES")],
    ["NAMES = ('shape', 'dtype')\n", "NAMES += ('softmax',)\n", COMPREHENSION.format(values="NAMES")],
    ["NAMES = ('shape', 'dtype')\n", "def more():\n    global NAMES\n    NAMES = ('softmax',)\n",
     COMPREHENSION.format(values="NAMES")],
    ["NAMES = ('shape', 'dtype')\n", "def fields(t, NAMES):\n    return [getattr(t, f) for f in NAMES]\n"],
    ["def fields(t):\n    out = []\n    for f in ('shape', 'dtype'):\n        f = f.replace('shape', 'softmax')\n"
     "        out.append(getattr(t, f))\n    return out\n"],
    ["def fields(t):\n    out = []\n    for f in ('shape', 'dtype'):\n        out.append((f := 'softmax'))\n"
     "        out.append(getattr(t, f))\n    return out\n"],
    ["def fields(t):\n    for f in ('shape', 'dtype'):\n        pass\n    else:\n        return getattr(t, f)\n"],
    ["def fields(t):\n    return [getattr(t, f) for f in ('shape', 'dtype')] + [getattr(t, f)]\n"],
    ["def fields(t):\n    return [lambda: getattr(t, f) for f in ('shape', 'dtype')]\n"],
    ["def fields(t):\n    return [getattr(t, f + 'x') for f in ('shape', 'dtype')]\n"],
    ["def fields(t):\n    return getattr(t, 'soft' + 'max')\n"],
    ["def fields(t, x):\n    return getattr(t, f'{x}max')\n"],
    ["def fields(t, name):\n    return getattr(t, name)\n"],
    ["def fields(t, names):\n    return [getattr(t, f) for f in names]\n"],
    ["import torch\n\ndef fields(t):\n    return [getattr(t, f) for f in torch.__all__]\n"],
    ["def fields(t):\n    for f in ('shape', 'dtype'):\n        setattr(t, f, None)\n"],
    ["def fields(t):\n    for f in ('shape', 'dtype'):\n        delattr(t, f)\n"],
    ["def fields(t):\n    return [getattr(t, f) for f, g in ('xy', 'ab')]\n"],
    ["def fields(t, args):\n    return [getattr(t, *args) for f in ('shape',)]\n"],
    ["def getattr(o, n, v=None):\n    o[n] = v\n", COMPREHENSION.format(values="('shape', 'dtype')")],
    ["frozenset = list\n", COMPREHENSION.format(values="frozenset({'shape', 'dtype'})")],
    ["from workbook.data.serving import FEATURES, features_at\n",
     "import inspect\n\ninspect.getmodule(features_at).FEATURES = ('softmax',)\n", "from workbook.data.serving import FEATURES\n",
     COMPREHENSION.format(values="FEATURES")],
    ["from workbook.data.serving import FEATURES\n", "FEATURES = FEATURES + ('softmax',)\n",
     COMPREHENSION.format(values="FEATURES")],
    ["import functools\nimport types\n\nimport workbook.data.serving as s\n\n"
     "functools.update_wrapper(s, types.SimpleNamespace(FEATURES=('softmax',)), assigned=('FEATURES',), updated=())\n",
     "from workbook.data.serving import FEATURES\n", COMPREHENSION.format(values="FEATURES")],
    ["def g():\n    global f\n    f = 'softmax'\n", "for f in ('shape',):\n    g()\n    x = getattr(torch, f)\n"],
    ["def fields(ts):\n    out = []\n    for f in ('shape',):\n        out.append(getattr(t, f) for t in ts)\n"
     "    return out\n"],
    ["f = 'soft' 'max'\n", "def fields(t):\n    return [1 for g in getattr(t, f) for f in ('shape',)]\n"],
    ["pi = ('shape', 'dtype')\n", "from math import *\n", COMPREHENSION.format(values="pi")],
    ["class C:\n    NAMES = ('shape', 'dtype')\n    got = [getattr(torch, f) for f in NAMES]\n"],
    ["def fields(t):\n    for f, g in ('xy', 'ab'):\n        return getattr(t, f)\n"],
], ids=["list-name", "rebound-in-another-cell", "augmented", "global-rebinding", "shadowed-by-a-parameter",
        "loop-variable-reassigned", "loop-variable-walrus", "loop-else", "outside-the-comprehension",
        "lambda-in-the-loop", "concatenation-in-the-loop", "concatenation", "f-string", "parameter", "parameter-list",
        "library-list", "setattr", "delattr", "tuple-target", "star-args", "own-getattr", "own-frozenset",
        "library-attribute-changed", "library-name-rebound", "library-module-handed-to-a-setter",
        "loop-variable-global-elsewhere", "generator-in-the-loop", "own-iterable", "star-import", "class-attribute",
        "for-tuple-target"])
def test_a_computed_name_the_grader_cannot_list_is_still_refused(cells):
    """(The analysis before the listing refused every computed name: these cases guard the listing's limits.)"""
    v = verdict(NO_SOFTMAX, [*cells, HAND_WRITTEN])
    assert v.status == "failed" and "cannot follow" in v.lines[0], v.lines


@pytest.mark.parametrize("values", ["('__name__', '__globals__')", "['__code__']"])
def test_a_namespace_attribute_among_the_listed_names_is_refused_by_its_name(values):
    v = verdict(NO_SOFTMAX, [COMPREHENSION.format(values=values), HAND_WRITTEN])
    assert v.status == "failed" and "cannot follow" in v.lines[0], v.lines
    assert values.split("'")[3 if "name" in values else 1] in v.lines[0], v.lines


def test_names_used_reports_each_listed_name_as_a_string_at_its_line():
    prog = Program(["import torch.nn.functional as F\n\nfor f in ('linear', 'relu'):\n    g = getattr(F, f)\n"])
    stmt = prog.bindings["g"][0].node
    assert ("linear", 4, "string") in names_used(stmt, prog.listed) and \
        ("relu", 4, "string") in names_used(stmt, prog.listed)
    assert not any(kind == "string" for _, _, kind in names_used(stmt))   # without the listing: nothing listed


NO_LINEAR = f'''from workbook.checks import exercise
from workbook.checks.static import check_no_calls


@exercise("q1")
def test_linear(linear_forward: callable):
    check_no_calls(linear_forward, {{"linear": "F.linear", "Linear": "nn.Linear"}})
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''

NO_APP = f'''from workbook.checks import exercise
from workbook.checks.static import check_no_reads


@exercise("q8b")
def test_api_tests(API_TESTS: list):
    check_no_reads("API_TESTS", {{"app": "client.app", "routes": "routes"}})
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''


def _judged(test: str, cells: list[str], answers: dict):
    return judge.judge_cell(test, "test_q", Cells(answers, cells), KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30)


def test_03s_no_linear_check_sees_linear_among_the_listed_names():
    bad = "def linear_forward(x, w, b):\n    for f in ('linear',):\n        lin = getattr(F, f)\n    return lin(x, w, b)\n"
    v = _judged(NO_LINEAR, [bad], {"linear_forward": lambda x, w, b: x})
    assert v.status == "failed" and "uses F.linear" in v.lines[0], v.lines
    good = "def linear_forward(x, w, b):\n    return x @ w.T + b\n"
    assert _judged(NO_LINEAR, [good, "def shapes(t):\n    return [getattr(t, f) for f in ('shape',)]\n"],
                   {"linear_forward": lambda x, w, b: x}).passed


def test_07s_no_reads_check_sees_app_among_the_listed_names():
    bad = ("def test_app(client):\n    for f in ('app', 'x'):\n        getattr(client, f)\n\nAPI_TESTS = [test_app]\n")
    v = _judged(NO_APP, [bad], {"API_TESTS": []})
    assert v.status == "failed" and "reads client.app" in v.lines[0], v.lines
    good = "def test_health(client):\n    assert client.get('/health').status_code == 200\n\nAPI_TESTS = [test_health]\n"
    q6 = ("from workbook.data.serving import FEATURES\n\ndef rows(chunk):\n"
          "    return [{f: getattr(row, f) for f in FEATURES} for row in chunk.itertuples(index=False)]\n")
    assert _judged(NO_APP, [q6, good], {"API_TESTS": []}).passed
