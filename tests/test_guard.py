"""The judge's guard in a real IPython kernel (workbook/checks/guard.py, the
judge's side in checks/runtime.py and grading/judge.py): installed before any
cell, it answers the judge's requests with what it captured, reports what
changed in the process as facts, and signs its replies; a reply it did not
sign is a fact too. A kernel of jupyter_client's own, without the sandbox
(tests/security/attacks_process.py grades the same hooks in the sandbox)."""
from __future__ import annotations

import time

import pytest
from jupyter_client.manager import start_new_kernel

from workbook.checks import facts, runtime
from workbook.grading import judge


class Kernel:
    """A started kernel with the guard installed, and a channel to it."""

    def __init__(self):
        self.km, self.kc = start_new_kernel(kernel_name="python3")
        self.guard = runtime.Guard()
        self.installed = judge.install_guard(self, self.guard)
        self.facts: list[str] = []
        self.channel = judge.KernelChannel(self, [], time.monotonic() + 120, facts=self.facts, guard=self.guard)

    def run(self, code: str) -> None:
        reply = self.kc.execute_interactive(code, timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]

    def ask(self, req: dict) -> dict:
        return self.channel.request(req)

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


@pytest.fixture
def kernel():
    k = Kernel()
    yield k
    k.stop()


def test_an_honest_notebook_shows_no_fact_and_its_replies_are_signed(kernel):
    """pyplot (with the sandbox's Agg backend) registers a callback on
    IPython's post_execute event as it is imported: a library's, not a fact."""
    assert kernel.installed == []
    kernel.run("import os\nos.environ['MPLBACKEND'] = 'Agg'\nimport math, json\nimport matplotlib.pyplot as plt\n"
               "plt.plot([1, 2])\n\ndef double(x):\n    return 2 * x\n")
    callbacks = kernel.ask({"op": "lookup", "name": "plt"})   # any request: the facts come with it
    assert "value" in callbacks
    assert kernel.ask({"op": "call", "target": {"name": "double"}, "args": [21]}) == {"value": 42}
    plt_ok = kernel.ask({"op": "lookup", "name": "plt"})
    assert "value" in plt_ok and kernel.facts == []


HOOKS = {
    "builtins.compile was replaced": "import builtins\n_c = builtins.compile\nbuiltins.compile = lambda *a, **k: _c(*a, **k)",
    "the notebook's namespace defines __import__": "__import__ = lambda *a, **k: None",
    "a trace function was set (sys.settrace)": "import sys\nsys.settrace(lambda *a: None)\nsys.settrace(None)",
    "a profile function was set (sys.setprofile)": "import sys\nsys.setprofile(lambda *a: None)\nsys.setprofile(None)",
    "an audit hook was added (sys.addaudithook)": "import sys\nsys.addaudithook(lambda e, a: None)",
    "sys.meta_path (the import hooks) was changed": "import sys\nclass F:\n    def find_spec(self, *a):\n"
                                                    "        return None\nsys.meta_path.insert(0, F())",
    "the IPython kernel's input transformers were changed (shell.input_transformers_post)":
        "get_ipython().input_transformers_post.append(lambda lines: lines)",
    "the IPython kernel's AST transformers were changed":
        "import ast\nget_ipython().ast_transformers.append(ast.NodeTransformer())",
    "the IPython kernel's shell.run_cell was replaced": "ip = get_ipython()\n_r = ip.run_cell\nip.run_cell = _r",
    "json.dumps was replaced": "import json\n_d = json.dumps\njson.dumps = lambda *a, **k: _d(*a, **k)",
    "the kernel walked the interpreter's objects (gc.get_objects)": "import gc\nn = len(gc.get_objects())",
}


HOOKS["sys.meta_path (the import hooks) was changed "] = ("import sys\nclass F:\n    def find_spec(self, *a):\n"
                                                        "        return None\nsys.meta_path.append(F())")


@pytest.mark.parametrize("fact", list(HOOKS))
def test_a_change_of_the_process_is_a_fact_of_every_later_reply(kernel, fact):
    kernel.run("def double(x):\n    return 2 * x\n")
    assert kernel.ask({"op": "call", "target": {"name": "double"}, "args": [1]}) == {"value": 2}
    assert kernel.facts == []
    kernel.run(HOOKS[fact])
    assert kernel.ask({"op": "call", "target": {"name": "double"}, "args": [21]}) == {"value": 42}
    assert fact.strip() in kernel.facts, kernel.facts


def test_a_library_that_adds_an_import_finder_as_it_is_imported_is_no_fact(kernel):
    """six (like dask and mlflow) puts a finder of its own in sys.meta_path when imported: an honest import."""
    kernel.run("def double(x):\n    return 2 * x\n")
    kernel.run("import six\nimport sys\nn = len(sys.meta_path)\n")
    assert kernel.ask({"op": "call", "target": {"name": "double"}, "args": [21]}) == {"value": 42}
    assert kernel.facts == [], kernel.facts


def test_the_judges_request_never_runs_a_name_of_the_students_namespace(kernel):
    """A replaced compile and a global __import__ are not on the judge's
    path: the probe and the runtime are compiled with the guard's own
    compile, and the global __import__ is never called (both record every
    call; IPython's own code may call builtins.compile as it handles any
    execute request, with its own text "<>", which is not the judge's)."""
    kernel.run("import builtins\ncalls = []\n_c = builtins.compile\n"
               "def compile(*a, **k):\n    calls.append(str(a[1]) if len(a) > 1 else '?')\n    return _c(*a, **k)\n"
               "builtins.compile = compile\n"
               "def __import__(*a, **k):\n    calls.append('__import__')\n    return builtins.__import__(*a, **k)\n"
               "def double(x):\n    return 2 * x\n")
    kernel.run("calls.clear()")
    probe = "def twice(f, x):\n    return f(f(x))\n"
    assert kernel.ask({"op": "probe", "source": probe, "name": "twice", "args": [{"$": "handle", "name": "double"}, 3]}
                      ) == {"value": 12}
    assert [c for c in kernel.ask({"op": "lookup", "name": "calls"})["value"] if c != "<>"] == []
    assert "builtins.compile was replaced" in kernel.facts and \
        "the notebook's namespace defines __import__" in kernel.facts, kernel.facts


def test_a_reply_the_guard_did_not_sign_is_a_fact(kernel):
    kernel.run("ip = get_ipython()\nreal = ip.user_expressions\n"
               "def forged(expressions):\n    out = real(expressions)\n"
               "    if 'workbook' in expressions:\n"
               "        out['workbook']['data']['text/plain'] = '0' * 64 + '\\n\\n\\n' + '{\"value\": 99}'\n"
               "    return out\nip.user_expressions = forged\n")
    assert kernel.ask({"op": "lookup", "name": "nothing"}) == {"value": 99}
    assert facts.UNSIGNED in kernel.facts


def test_other_code_asking_the_hook_to_sign_spoils_the_key(kernel):
    """Calling the guard's signing from the student's code gets a signature
    under the spoilt key only, and is noted: every later reply carries it."""
    kernel.run("import sys\nout = []\nsys.audit('workbook.attest', 'n', 'r', 'f', 'x', out)\n")
    kernel.run("def double(x):\n    return 2 * x\n")
    assert kernel.ask({"op": "call", "target": {"name": "double"}, "args": [2]}) == {"value": 4}
    assert any("called by other code" in f for f in kernel.facts), kernel.facts


@pytest.mark.parametrize("tamper", [
    "g['_facts'] = lambda: []",                                       # its globals: the facts it reports
    "g['__builtins__']['sorted'] = lambda x: []",                     # its private builtins
    "g['_facts'].__code__ = (lambda: []).__code__",                   # its code
])
def test_a_change_of_the_guard_itself_spoils_its_signature(kernel, tamper):
    """The student's code can reach the guard's functions (IPython's
    user_expressions is one), but what the guard signs is checked by the
    audit hook against what the guard was: a changed guard is a fact."""
    kernel.run("g = get_ipython().user_expressions.__globals__\n" + tamper)
    kernel.run("def double(x):\n    return 2 * x\n")
    assert kernel.ask({"op": "call", "target": {"name": "double"}, "args": [3]}) == {"value": 6}
    assert any("changed or called by other code" in f for f in kernel.facts), kernel.facts


def test_the_record_cannot_be_made_to_match_a_change(kernel):
    kernel.run("record = get_ipython().user_expressions.__globals__['_record']\n"
               "try:\n    record['builtins']['compile'] = print\nexcept TypeError:\n    refused = True\n"
               "assert refused\n")
    assert kernel.ask({"op": "lookup", "name": "refused"}) == {"value": True}
    assert kernel.facts == []



def test_the_judges_watch_of_an_answers_calls_is_no_fact_and_sees_a_call_through_a_registry(kernel):
    """A watched request (``watch``: the exercise forbids calls or loops) runs the answer under the kernel
    side's own profile function and torch mode (kernel._watching): the guard does not take that
    sys.setprofile for the student's, and the reply names the library functions the student's code called
    itself, by whatever route (torch.softmax kept in numpy's error-callback slot and called through map, a
    builtin that a profile function alone does not see), and how often one piece of the student's code ran
    (a key= function per element); a library's own calls (F.layer_norm's of torch.layer_norm) are not the
    student's. The same requests unwatched carry neither."""
    kernel.run("import numpy as np\nimport torch\nimport torch.nn.functional as F\nnp.seterrcall(torch.softmax)\n"
               "def hidden(n):\n    x = torch.ones(2, n)\n    return float(list(map(np.geterrcall(), [x], [-1]))[0].sum())\n"
               "def honest(n):\n    x = torch.ones(2, n)\n    return float(F.layer_norm(x, (n,)).sum())\n"
               "def row(i):\n    return i\n"
               "def rows(n):\n    return max(range(n), key=row)\n")
    hidden = kernel.ask({"op": "call", "target": {"name": "hidden"}, "args": [3], "watch": True, "watch_calls": True})
    assert hidden["value"] == 2.0 and ["torch", "_VariableFunctionsClass.softmax"] in hidden["calls"], hidden
    honest = kernel.ask({"op": "call", "target": {"name": "honest"}, "args": [3], "watch": True, "watch_calls": True})
    assert ["torch.nn.functional", "layer_norm"] in honest["calls"], honest
    assert not [c for c in honest["calls"] if "softmax" in c[1] or c[1].endswith(".layer_norm")], honest
    looped = kernel.ask({"op": "call", "target": {"name": "rows"}, "args": [20], "watch": True})
    assert looped["value"] == 19 and looped["most_run"] == ["row", 20], looped
    # an exercise that forbids no call (loops, a line budget) has only its code's runs watched: no library
    # function is looked at, so a call it makes is not reported (and costs the watch nothing)
    assert looped["calls"] == [], looped
    hidden_unlooked = kernel.ask({"op": "call", "target": {"name": "hidden"}, "args": [3], "watch": True})
    assert hidden_unlooked["calls"] == [] and hidden_unlooked["most_run"] == ["hidden", 1], hidden_unlooked
    assert kernel.ask({"op": "call", "target": {"name": "rows"}, "args": [3]}) == {"value": 2}
    # the guard's audit hook runs on every connect and open of the answer's: the guard's code, never the student's
    kernel.run("import sqlite3\ndef connects(n):\n    for _ in range(n):\n        sqlite3.connect(':memory:').close()\n"
               "    return n\n")
    many = kernel.ask({"op": "call", "target": {"name": "connects"}, "args": [20], "watch": True})
    assert many["value"] == 20 and many["most_run"] == ["connects", 1], many
    assert all(name.endswith(".py") and name[:-3].isdigit() for name, _ in many["ran"]), many["ran"]
    assert kernel.facts == [], kernel.facts


def test_a_thread_an_earlier_cell_started_is_watched_and_one_no_hook_reaches_fails_the_watch(kernel):
    """A worker thread an earlier cell started through threading runs the guard's thread hook, which hands its
    events to the watch while an answer runs: torch.softmax called there for the answer is seen as the answer's.
    A thread started with _thread itself runs with no hook: the watch counts it (``_thread._count`` against the
    threads the hook marked) and reports it while it runs; none of this is a fact."""
    worker = ("import queue, threading, _thread, torch\njobs = queue.Queue()\n"
              "def work():\n    while True:\n        f, a, box = jobs.get()\n        box.put(f(*a))\n"
              "def handed(n):\n    box = queue.Queue()\n    jobs.put((torch.softmax, (torch.ones(2, n), -1), box))\n"
              "    return float(box.get().sum())\n")
    kernel.run(worker + "threading.Thread(target=work, daemon=True).start()\n")
    seen = kernel.ask({"op": "call", "target": {"name": "handed"}, "args": [3], "watch": True, "watch_calls": True})
    assert seen["value"] == 2.0 and ["torch", "_VariableFunctionsClass.softmax"] in seen["calls"], seen
    assert ["_thread", "start_new_thread", "unseen"] not in seen["calls"], seen
    kernel.run("_thread.start_new_thread(work, ())\n")
    unseen = kernel.ask({"op": "call", "target": {"name": "handed"}, "args": [3], "watch": True, "watch_calls": True})
    assert ["_thread", "start_new_thread", "unseen"] in unseen["calls"], unseen
    assert kernel.facts == [], kernel.facts


def test_threads_that_ran_before_the_first_cell_and_a_thread_in_c_alone_are_watched(kernel):
    """The kernel's own threads ran before the guard (IOPub, control, the shell channel, the output pipes'
    watchers): the guard gives them its thread hook too (3.12's setprofile_all_threads, in 3.11 through the C
    function sys.setprofile calls), so that work a cell schedules on IOPub's loop is the answer's own. A thread
    running C code alone (``deque(map(put, starmap(torch.softmax, iter(get, None))))``) makes no profile
    event: the thread's torch mode, put there for the thread's life, hands the call to the watch."""
    kernel.run("import collections, itertools, queue, sys, threading, torch\n"
               "def on_iopub(n):\n    box = queue.Queue()\n"
               "    sys.stdout.pub_thread.schedule(lambda: box.put(torch.softmax(torch.ones(2, n), -1)))\n"
               "    return float(box.get().sum())\n"
               "jobs, results = queue.Queue(), queue.Queue()\n"
               "threading.Thread(target=collections.deque, daemon=True, args=(map(results.put, itertools.starmap("
               "torch.softmax, iter(jobs.get, None))),)).start()\n"
               "def in_c(n):\n    jobs.put((torch.ones(2, n), -1))\n    return float(results.get().sum())\n")
    for name in ("on_iopub", "in_c"):
        seen = kernel.ask({"op": "call", "target": {"name": name}, "args": [3], "watch": True, "watch_calls": True})
        assert seen["value"] == 2.0 and [c for c in seen["calls"] if c[1].endswith("softmax")], (name, seen)
        assert ["_thread", "start_new_thread", "unseen"] not in seen["calls"], seen
    assert kernel.facts == [], kernel.facts


def test_a_recursion_deep_enough_to_switch_off_the_watch_is_reported(kernel):
    """CPython unsets a profile function that raises, and the watch's raises RecursionError when the answer's
    stack is a frame or two short of the limit and calls code the watch has not seen yet: the rest of the answer
    would run unwatched (its loops uncounted, its builtins unseen). The watch checks at the end that its profile
    function is still the one it set, and that every thread the guard's hook marked ended under the hook, and
    reports the loss (LOST_WATCH): the exercise fails. The unset is also an audit event, a fact of the process.
    A recursion that stays clear of the limit loses nothing."""
    fresh = "\n".join(f"def g{i}():\n    return {i}" for i in range(80))
    kernel.run("import sys, threading\n" + fresh + "\nGS = [" + ", ".join(f"g{i}" for i in range(80)) + "]\n"
               "def row(i):\n    return i\n"
               "def dive(n, g):\n    if n == 0:\n        try:\n            g()\n        except RecursionError:\n"
               "            pass\n        return 0\n    try:\n        return dive(n - 1, g)\n"
               "    except RecursionError:\n        return -1\n"
               "def escaped(n):\n    for j, d in enumerate(range(sys.getrecursionlimit() - 80, sys.getrecursionlimit())):\n"
               "        try:\n            dive(d, GS[j])\n        except RecursionError:\n            pass\n"
               "        if sys.getprofile() is None:\n            break\n"
               "    return max(range(n), key=row)\n"
               "def in_thread(n):\n    box = []\n    t = threading.Thread(target=lambda: box.append(escaped(n)))\n"
               "    t.start()\n    t.join()\n    return box[0]\n"
               "def shallow(n):\n    dive(50, g0)\n    return max(range(n), key=row)\n")
    lost = ["sys", "setprofile", "lost"]
    honest = kernel.ask({"op": "call", "target": {"name": "shallow"}, "args": [20], "watch": True})
    assert honest["value"] == 19 and lost not in honest["calls"] and honest["most_run"] == ["dive", 51], honest
    assert kernel.facts == [], kernel.facts
    for name in ("escaped", "in_thread"):
        for calls in (False, True):
            seen = kernel.ask({"op": "call", "target": {"name": name}, "args": [20], "watch": True,
                               "watch_calls": calls})
            assert seen["value"] == 19 and lost in seen["calls"], (name, calls, seen)
    assert any("sys.setprofile" in f for f in kernel.facts), kernel.facts


def test_the_watch_runs_no_code_of_the_students_and_reports_what_it_could_not_keep_or_see(kernel):
    """Three ways to make the watch miss what an answer does, each reported as a fact of the request:
    a metaclass whose ``__getattribute__`` would run inside the profile function (where nothing is watched)
    when the watch names a builtin bound to an instance of its class: the watch reads names through type's
    own descriptors, so that code never runs; more distinct calls than the watch keeps (OVERFLOW); and a
    process the notebook started, alive while the answer runs or started by it (CHILD_PROCESS). A process
    that ended before the answer ran is not the answer's."""
    kernel.run("import subprocess, sys\nran_inside = []\n"
               "class Meta(type):\n    def __getattribute__(cls, name):\n        ran_inside.append(name)\n"
               "        return type.__getattribute__(cls, name)\n"
               "class L(list, metaclass=Meta):\n    pass\n"
               "def meta(n):\n    L().append(n)\n    return n\n"
               "KINDS = [type(f'K{i}', (list,), {}) for i in range(2100)]\n"
               "def many(n):\n    for k in KINDS:\n        k().append(n)\n    return n\n"
               "def spawns(n):\n    subprocess.run(['true'], check=True)\n    return n\n"
               "def plain(n):\n    return n\n")
    seen = kernel.ask({"op": "call", "target": {"name": "meta"}, "args": [3], "watch": True, "watch_calls": True})
    assert seen["value"] == 3 and kernel.ask({"op": "lookup", "name": "ran_inside"}) == {"value": []}, seen
    assert [c for c in seen["calls"] if c[1] == "L.append"], seen["calls"]
    overflow, child = ["sys", "setprofile", "overflow"], ["subprocess", "Popen", "child"]
    full = kernel.ask({"op": "call", "target": {"name": "many"}, "args": [1], "watch": True, "watch_calls": True})
    assert full["value"] == 1 and overflow in full["calls"], len(full["calls"])
    assert overflow not in kernel.ask({"op": "call", "target": {"name": "plain"}, "args": [1], "watch": True,
                                       "watch_calls": True})["calls"]
    started = kernel.ask({"op": "call", "target": {"name": "spawns"}, "args": [1], "watch": True})
    assert started["value"] == 1 and child in started["calls"], started
    assert child not in kernel.ask({"op": "call", "target": {"name": "plain"}, "args": [1], "watch": True})["calls"]
    kernel.run("server = subprocess.Popen(['sleep', '30'])\n")
    alive = kernel.ask({"op": "call", "target": {"name": "plain"}, "args": [1], "watch": True})
    assert child in alive["calls"], alive
    kernel.run("server.kill()\nserver.wait()\n")
    assert child not in kernel.ask({"op": "call", "target": {"name": "plain"}, "args": [1], "watch": True})["calls"]


def test_a_function_the_answer_hands_to_torchs_own_wrapper_is_the_answers_call(kernel):
    """torch.no_grad()(f) calls f from torch's own frames, where neither the profile function (a library calling
    its own package) nor the torch mode (off while torch's code is on top) counted a call as the student's: a
    forbidden builtin (F.linear) or library function (F.layer_norm) kept in a registry and handed to it ran unseen
    (a hostile round: 5 points). What the student's code hands to a library's function is noted, and its later
    calls are the student's, whoever makes them; torch's own calls of the same functions are not."""
    kernel.run("import logging, torch\nimport torch.nn.functional as F\n"
               "logging.getLogger('wbw').handlers.extend([F.linear, F.layer_norm])\n"
               "def wrapped(n):\n    linear, norm = logging.getLogger('wbw').handlers[:2]\n"
               "    x = torch.ones(2, n)\n    y = torch.no_grad()(linear)(x, torch.ones(3, n))\n"
               "    return float(torch.no_grad()(norm)(y, (3,)).sum())\n"
               "def honest(n):\n    x = torch.ones(2, n)\n"
               "    return float(((x - x.mean(-1, keepdim=True)) / (x.var(-1, keepdim=True) + 1e-5).sqrt()).sum())\n"
               "def module(n):\n    return float(torch.nn.LayerNorm(n)(torch.ones(2, n)).sum())\n")
    seen = kernel.ask({"op": "call", "target": {"name": "wrapped"}, "args": [4], "watch": True, "watch_calls": True})
    names = [c[1] for c in seen["calls"]]
    assert seen["value"] == 0.0 and "linear" in names and "layer_norm" in names, seen
    honest = kernel.ask({"op": "call", "target": {"name": "honest"}, "args": [4], "watch": True, "watch_calls": True})
    assert not [c for c in honest["calls"] if c[1] in ("layer_norm", "linear")], honest
    # what torch's own module computes for the answer is the answer's: as a library's call, by its own name
    module = kernel.ask({"op": "call", "target": {"name": "module"}, "args": [4], "watch": True, "watch_calls": True})
    assert ["torch.nn.functional", "layer_norm", "library"] in module["calls"], module


def test_a_builtin_the_answer_hands_to_torch_inside_a_c_level_wrapper_is_the_answers_call(kernel):
    """A forbidden builtin handed to torch's own code inside a wrapper that C code unwraps (a partial of a
    partial, a bound method, a static method as a class's ``__call__`` or an nn.Module's ``forward``, an
    lru_cache, an instance attribute ``forward``) is called from C with torch's frame on top: no profile
    event shows the call, and the torch mode was off there. The mode now stays on in every library frame
    beneath the student's code, and what torch computes there is recorded as a library's call by its own name.
    An honest module of a matmul and a relu records no linear."""
    kernel.run("import functools, types, logging, torch\nimport torch.nn.functional as F\nfrom torch import nn\n"
               "reg = logging.getLogger('wbw2').handlers\nreg.extend([F.linear])\n"
               "X, W = torch.ones(2, 4), torch.ones(3, 4)\n"
               "class Call:\n    __call__ = staticmethod(F.linear)\n"
               "class Forward(nn.Module):\n    forward = staticmethod(F.linear)\n"
               "class Held(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
               "        self.forward = reg[0]\n"
               "class Honest(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
               "        self.w = nn.Parameter(torch.ones(3, 4))\n    def forward(self, x):\n"
               "        return (x @ self.w.T).relu()\n"
               "def nested():\n    return torch.no_grad()(functools.partial(functools.partial(reg[0])))(X, W)\n"
               "def bound():\n    return torch.no_grad()(types.MethodType(reg[0], X))(W)\n"
               "def call():\n    return torch.no_grad()(Call())(X, W)\n"
               "def cached():\n    return torch.no_grad()(functools.lru_cache(reg[0]))(X, W)\n"
               "def forward():\n    return Forward()(X, W)\n"
               "def held():\n    return Held()(X, W)\n"
               "def vmapped():\n    return torch.vmap(functools.partial(functools.partial(reg[0], weight=W)))(X)\n"
               "def honest():\n    return torch.no_grad()(Honest())(X).shape[0] + Honest()(X).shape[0]\n")
    for name in ("nested", "bound", "call", "cached", "forward", "held", "vmapped"):
        seen = kernel.ask({"op": "call", "target": {"name": name}, "watch": True, "watch_calls": True})
        assert "error" not in seen and "linear" in [c[1] for c in seen["calls"]], (name, seen)
    honest = kernel.ask({"op": "call", "target": {"name": "honest"}, "watch": True, "watch_calls": True})
    assert honest["value"] == 4 and not [c for c in honest["calls"] if c[1] == "linear"], honest


def test_an_answer_interrupted_at_its_time_limit_while_watched_is_no_fact_of_the_notebook(kernel):
    """The judge's time limit interrupts the kernel; the KeyboardInterrupt often lands inside the watch's
    profile function, which CPython then unsets, an audit event. Taken as a fact of the process, it flagged the
    notebook and cost every later static-check exercise its points (a hostile round's honest student: q3 too
    slow, 11 correct points of q4-q7 lost). An unset inside the judge's own watched call is that call's
    matter: its exercise has failed already, and the watch reports the loss (LOST_WATCH) when it can."""
    kernel.run("def slow(n):\n    return sum(abs(i) for i in range(n))\n")
    for _ in range(3):
        channel = judge.KernelChannel(kernel, [], time.monotonic() + 1.5, facts=kernel.facts, guard=kernel.guard)
        with pytest.raises(judge.AnswerTimeout):
            channel.request({"op": "call", "target": {"name": "slow"}, "args": [10**9], "watch": True,
                             "watch_calls": True})
        time.sleep(0.5)
    after = kernel.ask({"op": "call", "target": {"name": "slow"}, "args": [10], "watch": True, "watch_calls": True})
    assert after["value"] == 45, after
    assert not [f for f in kernel.facts if "setprofile" in f], kernel.facts


def test_a_test_cells_handles_go_with_the_next_request_never_in_a_request_of_their_own(kernel):
    """Each test cell ended with a request of its own ("reset": the kernel drops the objects it holds for the
    cell's Refs), a message round of IPython's and the guard's for nothing else (16 of 03's 207 requests). The
    kernel now drops them as it answers the next request, before anything else: the next cell's first one."""
    from workbook.markers import BEGIN_HIDDEN, END_HIDDEN
    kernel.run("class Box:\n    def __init__(self, x):\n        self.x = x\n\ndef box(x):\n    return Box(x)\n")
    cell = ('from workbook.checks import exercise, check_equal\n\n\n@exercise("q1")\n'
            'def test_box(box: callable):\n    check_equal(box(3).x, 3)\n')
    held, ops = judge.HeldHandles(), []
    for _ in range(2):
        channel = judge.KernelChannel(kernel, [], time.monotonic() + 60, facts=kernel.facts, guard=kernel.guard,
                                      held=held)
        send = channel.request
        channel.request = lambda req, send=send: (ops.append(req.get("op")), send(req))[1]
        assert judge.judge_cell(cell, "test_box", channel, judge.seed_key("a secret of the unit tests, 0001"),
                                BEGIN_HIDDEN, END_HIDDEN, timeout=60).passed
    assert ops == ["lookup", "call", "getattr"] * 2, ops   # no "reset"
    box = kernel.ask({"op": "lookup", "name": "box"})["value"]["id"]   # the fixture's channel: no release due
    assert kernel.ask({"op": "call", "target": {"id": box}, "args": [4]}).get("value", {}).get("id")
    channel = judge.KernelChannel(kernel, [], time.monotonic() + 60, facts=kernel.facts, guard=kernel.guard, held=held)
    channel.end_test()
    assert "error" in channel.request({"op": "call", "target": {"id": box}, "args": [5]})   # dropped first
    assert not held.release_due and kernel.facts == []
