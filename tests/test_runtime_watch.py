"""What the answer does while it runs (workbook/checks/watch.py): a
forbidden function, a loop or code past a line budget that the static
analysis cannot follow is seen as the answer runs, through every route an
examiner's rounds found (registries, threads, callbacks, compiled code,
forks). Each test: the student's cells as the grader reads them, one test
cell judged in-process, its verdict.

The graded versions of these attacks run beside honest students in
tests/security/attacks_watch.py."""
from __future__ import annotations

import pytest

from static_cells import HAND_WRITTEN, KEY, NO_SOFTMAX, SETUP, Cells, verdict
from workbook.grading import judge
from workbook.markers import BEGIN_HIDDEN, END_HIDDEN


# ---------------------------------------------------------------- what the answer does while it runs
CALLED = f'''from workbook.checks import call, exercise
from workbook.checks.static import check_no_calls


@exercise("q4")
def test_attention(attention: callable):
    check_no_calls(attention, {{"softmax": "softmax", "scaled_dot_product_attention": "F.scaled_dot_product_attention"}})
    import torch
    q = torch.arange(6.0).reshape(1, 2, 3)
    call(attention, q, q, q, what="attention(q, q, q)")
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''
_SCORES = "def attention(q, k, v):\n    s = q @ k.transpose(-2, -1) / k.shape[-1] ** 0.5\n    return {call} @ v\n"
# a forbidden function kept where the static checks cannot follow it (a library's registry, set in another cell),
# and called there directly or through a builtin that calls it (the examiners' routes, and others of the kind)
_REGISTRIES = {
    "a logger's handlers": ("import logging\nlogging.getLogger('wb').handlers.append(F.softmax)\n",
                            "logging.getLogger('wb').handlers[0](s, -1)"),
    "a logger's filters": ("import logging\nlogging.getLogger('wb2').addFilter(torch.softmax)\n",
                           "logging.getLogger('wb2').filters[0](s, -1)"),
    "numpy's error callback": ("import numpy as np\nnp.seterrcall(torch.Tensor.softmax)\n", "np.geterrcall()(s, -1)"),
    "a signal handler, through map": ("import signal\nsignal.signal(signal.SIGUSR2, torch.softmax)\n",
                                      "list(map(signal.getsignal(signal.SIGUSR2), [s], [-1]))[0]"),
    "numpy's print options, through functools.partial": (
        "import functools\nimport numpy as np\nnp.set_printoptions(formatter={'all': functools.partial(F.softmax, "
        "dim=-1)})\n", "np.get_printoptions()['formatter']['all'](s)"),
    "a torch.special alias in a logger's filters": (
        "import logging\nlogging.getLogger('wb2').filters.append(torch.special.softmax)\n",
        "logging.getLogger('wb2').filters[0](s, -1)"),
}


def _graded(cells: list[str], test: str = CALLED):
    ns: dict = {}
    exec(SETUP, ns)
    for c in cells:
        exec(c, ns)
    return verdict(test, cells, {"attention": ns["attention"]})


@pytest.mark.parametrize("route", list(_REGISTRIES))
def test_a_forbidden_function_the_answer_calls_through_a_route_the_analysis_cannot_follow_fails_as_it_runs(route):
    setup, reach = _REGISTRIES[route]
    cells = [setup, _SCORES.format(call=reach)]
    try:
        v = _graded(cells)
    finally:
        import logging
        import signal
        logging.getLogger("wb").handlers.clear()
        logging.getLogger("wb2").filters.clear()
        signal.signal(signal.SIGUSR2, signal.SIG_DFL)
        import numpy as np
        np.set_printoptions(formatter=None)
    assert v.status == "failed" and "called softmax while it ran" in v.lines[0], v.lines


def test_an_answer_that_only_uses_allowed_functions_passes_while_it_runs():
    """A library function the answer may call that calls the forbidden one itself is the library's call."""
    honest = _SCORES.format(call="(s - s.amax(-1, keepdim=True)).exp() / (s - s.amax(-1, keepdim=True)).exp()"
                                 ".sum(-1, keepdim=True)")
    assert _graded([honest]).passed
    assert _graded(["def attention(q, k, v):\n    return F.cross_entropy(q[0], torch.tensor([0, 1])) * v\n"]).passed


NO_LOOPS_CALLED = f'''from workbook.checks import call, exercise
from workbook.checks.vision import check_no_loops


@exercise("q6")
def test_pairs(attention: callable):
    check_no_loops(attention)
    import torch
    call(attention, torch.arange(40.0), torch.arange(30.0), torch.zeros(1), what="attention(40 values)")
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''
# one piece of the student's code run once per element, with no loop node, map, filter or recursion in sight
_DRIVERS = {
    "max with a key": "def attention(q, k, v):\n    out = []\n    max(range(len(q)), key=lambda i: out.append(q[i] * 2) or 0)\n"
                      "    return torch.stack(out)\n",
    "sorted with a key": "def attention(q, k, v):\n    out = []\n    sorted(range(len(q)), key=lambda i: out.append(q[i]) or 0)\n"
                         "    return torch.stack(out)\n",
    "iter with a sentinel": "def attention(q, k, v):\n    it = iter(q.tolist())\n"
                            "    return torch.tensor(list(iter(lambda: next(it, None), None)))\n",
    "a class's __getitem__": "class Rows:\n    def __init__(self, q):\n        self.q = q\n"
                             "    def __getitem__(self, i):\n        return self.q[i] * 2\n"
                             "def attention(q, k, v):\n    return torch.stack(list(Rows(q)))\n",
    "a registry's callback": "import signal\ndef _row(x):\n    return x * 2\nsignal.signal(signal.SIGUSR1, _row)\n"
                             "def attention(q, k, v):\n    return torch.stack(list(map(signal.getsignal(signal.SIGUSR1), "
                             "q)))\n",
}


@pytest.mark.parametrize("driver", list(_DRIVERS))
def test_code_of_the_students_run_once_per_element_is_a_loop_however_it_is_driven(driver):
    cells = [_DRIVERS[driver]]
    try:
        v = _graded(cells, NO_LOOPS_CALLED)
    finally:
        import signal
        signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    assert v.status == "failed" and ("times in one call: that is a loop" in v.lines[0] or "uses" in v.lines[0]), \
        v.lines


def test_a_vectorised_answer_with_helpers_is_no_loop_while_it_runs():
    cells = ["def _double(x):\n    return x * 2\n\ndef attention(q, k, v):\n    return _double(q) + _double(k[:1]) * 0\n"]
    assert _graded(cells, NO_LOOPS_CALLED).passed


class GradedCells(Cells):
    """As ``Cells``, but as the judge sees a graded kernel: not local, and each cell compiled under the file
    name IPython's kernel gives it (a hash of its text), so the code that runs can be placed in its cell."""

    def __init__(self, namespace: dict, cells: list[str]):
        super().__init__(namespace, cells)
        self.inner, self.local = self.local, False

    def request(self, req):
        return self.inner.request(req)


def _kernel_file(cell: str) -> str:
    from ipykernel.compiler import get_tmp_hash_seed, murmur2_x86
    return f"/tmp/ipykernel_1/{murmur2_x86(cell, get_tmp_hash_seed())}.py"


BUDGET = f'''from workbook.checks import call, exercise
from workbook.checks.static import check_line_limit


@exercise("q15")
def test_limit(attention: callable):
    check_line_limit(attention, 6)
    call(attention, 1, 2, 3, what="attention(1, 2, 3)")
    {BEGIN_HIDDEN}
    {END_HIDDEN}
'''
_LONG = "def _impl(q, k, v):\n" + "".join(f"    q = q + {i}\n" for i in range(8)) + "    return q\n"
# code the answer runs that its cells do not show: kept in a library's registry by another cell
_KEPT = {
    "a signal handler": ("import signal\n" + _LONG + "signal.signal(signal.SIGUSR1, _impl)\n",
                         "import signal\ndef attention(q, k, v):\n    return signal.getsignal(signal.SIGUSR1)(q, k, v)\n"),
    "numpy's error callback": ("import numpy as np\n" + _LONG + "np.seterrcall(_impl)\n",
                               "import numpy as np\ndef attention(q, k, v):\n    return np.geterrcall()(q, k, v)\n"),
    "a logger's filters": ("import logging\n" + _LONG + "logging.getLogger('wb3').filters.append(_impl)\n",
                           "import logging\ndef attention(q, k, v):\n"
                           "    return logging.getLogger('wb3').filters[0](q, k, v)\n"),
}


def _graded_budget(cells: list[str]):
    ns: dict = {}
    for c in cells:
        exec(compile(c, _kernel_file(c), "exec"), ns)
    transport = GradedCells({"attention": ns["attention"]}, cells)
    return judge.judge_cell(BUDGET, "test_q", transport, KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30)


@pytest.mark.parametrize("route", list(_KEPT))
def test_code_an_answer_reaches_only_as_it_runs_counts_against_its_line_budget(route):
    try:
        v = _graded_budget(list(_KEPT[route]))
    finally:
        import logging
        import signal
        import numpy as np
        signal.signal(signal.SIGUSR1, signal.SIG_DFL)
        np.seterrcall(None)
        logging.getLogger("wb3").filters.clear()
    assert v.status == "failed" and "ran code its line count does not include (line 2 of cell 1)" in v.lines[0], \
        v.lines


def test_an_answer_within_its_budget_passes_as_it_runs_with_a_helper_of_another_cell():
    cells = ["def _inc(q):\n    return q + 1\n", "def attention(q, k, v):\n    return _inc(q) + k + v\n"]
    v = _graded_budget(cells)
    assert v.passed, v.lines


def test_code_a_library_generates_for_the_answer_is_not_outside_its_budget():
    """namedtuple (like dataclasses) compiles the methods it makes (``<string>``): the library's code, which the
    budget does not count (an instructor's solution that builds a DataLoader lost 03 q16 so)."""
    cells = ["from collections import namedtuple\nPair = namedtuple('Pair', 'a b')\n",
             "def attention(q, k, v):\n    return Pair(q, k).a + v\n"]
    v = _graded_budget(cells)
    assert v.passed, v.lines


# a forbidden function the student hands, from a registry, to code that runs it for them
_HANDED = {
    "a thread of the answer's": (
        "import threading\ndef attention(q, k, v):\n    s = q @ k.transpose(-2, -1)\n    out = []\n"
        "    t = threading.Thread(target=lambda: out.append(logging.getLogger('wb').handlers[0](s, -1)))\n"
        "    t.start()\n    t.join()\n    return out[0] @ v\n"),
    "functools.singledispatch": (
        "import functools\ndef attention(q, k, v):\n    s = q @ k.transpose(-2, -1)\n"
        "    return functools.singledispatch(logging.getLogger('wb').handlers[0])(s, -1) @ v\n"),
    "weakref.finalize": (
        "import weakref\ndef attention(q, k, v):\n    s = q @ k.transpose(-2, -1)\n"
        "    return weakref.finalize(s, logging.getLogger('wb').handlers[0], s, -1)() @ v\n"),
}


@pytest.mark.parametrize("route", list(_HANDED))
def test_a_forbidden_function_handed_to_a_thread_or_to_another_librarys_code_fails_as_it_runs(route):
    cells = ["import logging\nlogging.getLogger('wb').handlers.append(F.softmax)\n", _HANDED[route]]
    try:
        v = _graded(cells)
    finally:
        import logging
        logging.getLogger("wb").handlers.clear()
    assert v.status == "failed" and "called softmax while it ran" in v.lines[0], v.lines


def test_torchs_raw_operators_are_code_the_analysis_cannot_follow():
    """torch.ops.aten holds every operator under names of its own (thnn_conv2d, log_sigmoid_forward)."""
    for cells in (["def attention(q, k, v):\n    return torch.ops.aten.thnn_conv2d(q, k, [1, 1]) + v\n"],
                  ["from torch.ops import aten\ndef attention(q, k, v):\n    return aten.log_sigmoid_forward(q)[0] + v\n"]):
        v = verdict(NO_SOFTMAX, cells)
        assert v.status == "failed" and "raw operators" in v.lines[0], v.lines
    assert verdict(NO_SOFTMAX, ["class Box:\n    ops = 3\n", HAND_WRITTEN]).passed


# ---------------------------------------------------------------- the eighth round (issue 53)
def _graded_in_cells(cells: list[str], test: str):
    """As the judge grades a kernel: each cell compiled under IPython's file name for it, the transport not
    local (a check's closure and a line budget are then held while the answer runs)."""
    ns: dict = {}
    exec(SETUP, ns)
    for c in cells:
        exec(compile(c, _kernel_file(c), "exec"), ns)
    return judge.judge_cell(test, "test_q", GradedCells({"attention": ns["attention"]}, cells), KEY, BEGIN_HIDDEN,
                            END_HIDDEN, timeout=30)


def test_the_students_code_made_to_look_like_a_librarys_is_still_the_students_as_it_runs():
    """A function rebuilt with torch.nn.functional's file name over a copy of its globals (``__name__``
    included) runs as the student's: the forbidden call it makes is seen. (The route to its code, a constant
    getattr of __code__, is refused by the analysis too: the next test.)"""
    import logging
    import types

    from workbook.checks import kernel
    import torch
    import torch.nn.functional as F

    def body(s, dim, _f=F.softmax):
        return _f(s, dim)
    g = dict(vars(F))
    disguised = types.FunctionType(body.__code__.replace(co_filename=F.__file__), g, "softmax", body.__defaults__)
    calls, runs = set(), {}
    kernel._watching(lambda: disguised(torch.ones(2, 3), -1), (), {}, calls, runs, True)
    assert ("torch.nn.functional", "softmax") in calls, sorted(calls)[:10]
    logging.getLogger("wb").handlers.clear()


@pytest.mark.parametrize("reach", ['getattr(f, "__code__")', 'getattr(f, "__c\\x6fde__")', 'getattr(f, "__globals__")'])
def test_a_functions_code_or_globals_reached_by_a_constant_getattr_is_code_the_analysis_cannot_follow(reach):
    cells = [f"def f():\n    pass\n\nc = {reach}\n", HAND_WRITTEN]
    v = verdict(NO_SOFTMAX, cells)
    assert v.status == "failed" and "__" in v.lines[0], v.lines
    assert verdict(NO_SOFTMAX, ['def f():\n    pass\n\nname = getattr(f, "__name__")\n', HAND_WRITTEN]).passed


@pytest.mark.parametrize("compiler", ["torch.jit.script", "torch.jit.trace", "torch.compile"])
def test_compiled_torch_code_runs_outside_the_watch_and_is_refused(compiler):
    cells = [f"_fast = {compiler}\n", HAND_WRITTEN]
    v = verdict(NO_SOFTMAX, cells)
    assert v.status == "failed" and compiler.split(".")[-1] in " ".join(map(str, v.lines)), v.lines


def test_a_torch_builtin_a_thread_of_the_answers_calls_through_map_is_seen():
    """C code (map) calls torch.softmax, a builtin, inside a thread the answer starts: the thread runs under
    its own torch function mode."""
    cells = ["import logging\nlogging.getLogger('wb').handlers.append(torch.softmax)\n",
             "import threading\ndef attention(q, k, v):\n    s = q @ k.transpose(-2, -1)\n    out = []\n"
             "    t = threading.Thread(target=out.extend, args=(map(logging.getLogger('wb').handlers[0], [s], [-1]),))\n"
             "    t.start()\n    t.join()\n    return out[0] @ v\n"]
    try:
        v = _graded(cells)
    finally:
        import logging
        logging.getLogger("wb").handlers.clear()
    assert v.status == "failed" and "called softmax while it ran" in v.lines[0], v.lines


def test_a_torch_builtin_the_students_code_calls_back_inside_torchs_own_code_is_seen():
    """The watch's torch function mode is off the stack while torch's own Python code runs (what torch calls
    itself is not the student's: 98 % of the mode's calls in a training loop), or the grader's, and on again when
    torch calls the student's code back: a forward hook (a lambda) that hands torch.softmax to map inside nn.Module's call is
    still seen; the mode stack is as it was after the call."""
    import torch
    cells = ["import logging\nlogging.getLogger('wb').handlers.append(torch.softmax)\n",
             "def attention(q, k, v):\n    s = q @ k.transpose(-2, -1)\n    lin = torch.nn.Identity()\n"
             "    lin.register_forward_hook(lambda m, i, o: list(map(logging.getLogger('wb').handlers[0], [o], [-1]))[0])\n"
             "    return lin(s) @ v\n"]
    try:
        v = _graded(cells)
    finally:
        import logging
        logging.getLogger("wb").handlers.clear()
    assert v.status == "failed" and "called softmax while it ran" in v.lines[0], v.lines
    assert torch._C._len_torch_function_stack() == 0


def test_a_loop_in_code_another_cell_keeps_in_a_registry_is_code_the_no_loop_check_did_not_read():
    """The answer calls a function a logger's handlers hold; its plain for loop runs once, so no piece of code
    runs more than LOOP_RUNS times: the rule that no code of the student's runs that the check did not read
    fails it."""
    cells = ["import logging\n\ndef _rows(q):\n    out = []\n    for x in q:\n        out.append(x * 2)\n"
             "    return torch.stack(out)\n\nlogging.getLogger('wb').handlers.append(_rows)\n",
             "import logging\n\ndef attention(q, k, v):\n    return logging.getLogger('wb').handlers[0](q)\n"]
    try:
        v = _graded_in_cells(cells, NO_LOOPS_CALLED)
    finally:
        import logging
        logging.getLogger("wb").handlers.clear()
    assert v.status == "failed" and "not part of it" in v.lines[0], v.lines
    helper = ["def _double(x):\n    return x * 2\n\ndef attention(q, k, v):\n    return _double(q) + _double(k[:1]) * 0\n"]
    assert _graded_in_cells(helper, NO_LOOPS_CALLED).passed


def test_a_librarys_code_in_a_module_that_replaced_itself_in_sys_modules_is_still_the_librarys():
    """torch.einsum reads torch._VF and torch.backends.opt_einsum, modules that put an object of their own
    class in sys.modules; collections.abc's methods run in _collections_abc's namespace: none of it is the
    student's code (it would count as code outside a budget, or as a loop)."""
    import collections.abc

    import torch
    import torch.backends.opt_einsum
    from workbook.checks import kernel

    class Rows(collections.abc.Mapping):
        def __getitem__(self, k):
            return k

        def __iter__(self):
            return iter(range(3))

        def __len__(self):
            return 3

    a, b = torch.rand(3, 4), torch.rand(4, 5)
    calls, runs = set(), {}
    kernel._watching(lambda: (torch.einsum("ij,jk->ik", a, b), torch.backends.opt_einsum.enabled,
                              [Rows().get(i) for i in range(12)]), (), {}, calls, runs, True)
    assert {c.co_filename for c in runs} == {__file__}, sorted({c.co_filename for c in runs})



def test_the_watch_in_the_judges_own_process_leaves_threadings_profile_hook_as_it_was():
    """The in-process watch (a self-study check, the walks) puts threading's profile hook back as it found it.
    It once put back the set of the process's children instead (a variable reused), and every thread started
    later died at its first call, not callable: a TestClient's portal thread never started and the suite hung
    on CI (07's walks, tests/test_api_contract.py)."""
    import threading

    from workbook.checks import watch

    hook = threading.__dict__.get("_profile_hook")
    watch._watching(lambda: threading.Thread(target=len, args=((),)).start(), (), {}, set(), {}, True)
    assert threading.__dict__.get("_profile_hook") is hook
    ran = []
    later = threading.Thread(target=ran.append, args=(1,))
    later.start()
    later.join(10)
    assert ran == [1]


# ---------------------------------------------------------------- the ninth round (issue 53)
@pytest.mark.parametrize("reach", ['operator.attrgetter("__code__")', 'operator.attrgetter("__glo" "bals__")',
                                   'operator.attrgetter("f.f_globals")', 'operator.methodcaller("__dict__")',
                                   'dis.Bytecode(f).codeobj', 'traceback.walk_stack(None)'])
def test_a_code_object_or_a_namespace_reached_through_attrgetter_dis_or_a_frame_walk_is_refused(reach):
    cells = [f"import dis\nimport operator\nimport traceback\n\ndef f():\n    pass\n\nx = {reach}\n", HAND_WRITTEN]
    v = verdict(NO_SOFTMAX, cells)
    assert v.status == "failed", v.lines
    assert verdict(NO_SOFTMAX, ['import operator\nname_of = operator.attrgetter("shape")\n', HAND_WRITTEN]).passed


def test_an_answer_whose_process_forks_while_it_runs_fails():
    """What a child process runs (a DataLoader's workers) is out of the watch's sight."""
    cells = ["import os\n\ndef attention(q, k, v):\n    pid = os.fork()\n    if pid == 0:\n        os.kill(os.getpid(), 9)\n"
             "    os.waitpid(pid, 0)\n    s = q @ k.transpose(-2, -1)\n    return (s - s).exp() @ v\n"]
    v = _graded(cells)
    assert v.status == "failed" and "another process" in v.lines[0], v.lines
    assert _graded(["def attention(q, k, v):\n    s = q @ k.transpose(-2, -1)\n    return (s - s).exp() @ v\n"]).passed
