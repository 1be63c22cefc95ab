"""Attacks on what the judge read back from text and believed of the student's
process (issue "Trusted grading, third round", items 2 and 3), written by a
student who has read the grader.

``ATTACKS[assignment][name]`` in the suite's format (tests/security/graded.py):
``answers`` (grade_id -> the answer cell's code), ``added`` (grade_id -> a
code cell the student adds just above that cell), ``refused`` (test grade_id
-> a pattern of its ✘ message: the 0 came from the defence), ``flag`` (a
pattern one of the notebook's flags must match), ``solves`` (test cells the
attack honestly solves).

Static checks read what IPython runs (``checks.source``):

* 03 ``indented_capture``: one added cell, every line indented by one space
  (Python's parser refuses it, IPython runs it), captures torch's own
  functions; six answer cells just name them. On the old code: 16 of 03's
  points, unflagged. Holds: the cell is read as IPython transforms it, so the
  captured names are followed to F.linear, F.layer_norm...; the kernel-side
  blocker, which replaces module attributes only, decides nothing.
* 09 ``mlxtend_other_cell``: mlxtend imported in an added cell, Question 4
  answered with its apriori. On the old code (a substring test of the answer
  cell): 4 of 4 points. Holds: the library ban is the closure analysis'.
* 03 ``magic_capture``, ``bang_capture``, ``help_capture``,
  ``cell_magic_capture``, ``run_cell_capture``: the capture hidden behind a
  ``%`` magic, a ``!`` line, ``?`` help, ``%%capture`` or
  ``get_ipython().run_cell`` (each a cell Python's parser refuses or whose
  bindings are text): 3 points each on the old code. Holds: a timing magic,
  a ``!`` line and help are read as the Python they run (workbook/checks/
  magics.py), so the capture is followed to F.scaled_dot_product_attention;
  ``%%capture`` and ``run_cell`` stay refused (deny by default, every static
  check fails and says which cell). ``bang_expansion_capture``: the capture
  run by the ``{expression}`` IPython expands in a ``!`` line's command:
  refused, as a shell line it cannot read. ``python_magic_file``: a
  ``%%python`` cell writes the answer into a file (refused on the old code
  too, as an import of a file). Holds: the working folder is not on the
  graded kernel's ``sys.path``, so the import fails.
* 03 ``thread_of_an_earlier_cell``: a thread an earlier cell started (threading) waits on a queue; the
  answer hands it F.linear and its arguments, so that the answer's own thread never calls it. On the old code
  (the watch reached threads the answer started, not earlier ones): 3 points, and 12 with q2 and q16 the same
  way. Holds: the guard gives every thread started through threading, from install on, a profile hook that
  hands its events to the watch while an answer runs. ``raw_thread_of_an_earlier_cell``: the same thread
  started with ``_thread.start_new_thread``, which no hook reaches. Holds: the analysis refuses ``_thread`` (a
  private part of a library) in any cell; beneath it, the watch counts the threads it does not reach
  (``_thread._count``, taken at install) and fails the exercise while one runs (tests/test_guard.py).
* 09 ``recursion_escape``: mlxtend's apriori kept in a logger's handlers by an added cell; the answer first
  recurses to one frame short of Python's limit and calls code the watch has not seen, so that the watch's
  profile function raises RecursionError and CPython unsets it, then calls apriori from the registry unwatched.
  Before: flagged, and scored 0 only because the unset is an audit event (a fact). Holds: the watch checks at
  the end of each request that its profile function is still set and that every marked thread ended under the
  guard's hook, and fails the exercise (tests/test_guard.py). An unset inside the judge's own watched call is
  no longer a fact of the notebook's (an honest answer interrupted at its time limit there flagged the
  notebook and cost every later static-check exercise its points): the exercise fails, the notebook is not
  flagged.
* 03 ``kernels_iopub_thread``: no thread of the notebook's: the kernel's IOPub thread, which ran before the
  guard, runs F.linear for the answer through its public ``schedule``. On the old code: 12 points (q1, q2, q16).
  Holds: at install the guard gives every thread that runs already its thread hook (Python 3.12's
  ``setprofile_all_threads``, in 3.11 through the C function sys.setprofile calls).
* 03 ``input_transformer``, ``ast_transformer``: the student registers an
  IPython input (or AST) transformer that rewrites later cells: the answer
  cell reads hand-written, the kernel runs torch's function. Holds: the cell
  that registers it cannot be read (get_ipython), and the judge sees the
  machinery changed (a fact): the static check scores 0, the notebook is
  flagged.

Integrity from the process (``checks.guard``, ``runtime``):

* 00 ``forge_compile``: replaces builtins' ``compile`` and answers the timer
  probe from the request's own arguments, with an identity "timer". On the
  old code: 3 of 3 points, unflagged. Holds: the probe is compiled with the
  guard's captured ``compile``; the change is a fact: q2 scores 0, flagged.
* 00 ``forge_namespace_import``: a global ``__import__`` that the judge's old
  user expression looked up in the student's namespace, answering the probe.
  On the old code: 3 of 3. Holds: the judge's request looks nothing up there.
* 00 ``forge_namespace_builtins``: the same through the namespace's
  ``__builtins__``. ``forge_door``: IPython's ``user_expressions`` replaced,
  answering every request (and the new format, unsigned). Holds: the reply
  is not signed with the guard's key: a fact, q2 scores 0.
* 00 ``settrace_hook``, ``setprofile_hook``, ``audit_hook``, ``meta_path_finder``,
  ``gc_walk``, ``json_patch``, ``event_callback``: q2 solved honestly, plus a
  hook of that kind. Holds: the hook is seen, so q2 (it rests on an
  observation) scores 0 and the notebook is flagged; q1 and q3 (values) are
  not affected by it.
"""
from __future__ import annotations

# ------------------------------------------------------------------ 03: static checks
CAPTURE = "".join(" " + line + "\n" for line in (
    "import torch.nn.functional as _F",
    "_linear = _F.linear",
    "_layer_norm = _F.layer_norm",
    "_dropout = _F.dropout",
    "_sdpa = _F.scaled_dot_product_attention",
    "_conv2d = _F.conv2d",
    "_logsigmoid = _F.logsigmoid",
))

LINEAR = '''
def linear_forward(x, weight, bias):
    return _linear(x, weight, bias), (x, weight, bias)


def linear_backward(grad_out, cache):
    x, weight, bias = cache
    g = grad_out.reshape(-1, weight.shape[0])
    return grad_out @ weight, g.T @ x.reshape(-1, weight.shape[1]), None if bias is None else g.sum(0)
'''

LAYERNORM = '''
class LayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-5):
        super().__init__()
        self.shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(self.shape))
        self.bias = nn.Parameter(torch.zeros(self.shape))

    def forward(self, x):
        return _layer_norm(x, self.shape, self.weight, self.bias, self.eps)
'''

DROPOUT = '''
class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.p = p

    def forward(self, x):
        return _dropout(x, self.p, self.training)
'''

ATTENTION = '''
def scaled_dot_product_attention(q, k, v, mask=None):
    if mask is None:
        return _sdpa(q, k, v)
    mask = torch.broadcast_to(mask, q.shape[:-1] + k.shape[-2:-1])
    some = mask.any(dim=-1, keepdim=True)
    return _sdpa(q, k, v, attn_mask=mask | ~some) * some
'''

CONV = '''
class Conv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        self.stride, self.padding, self.unfold = stride, padding, F.unfold   # "uses" unfold
        bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, kernel_size, kernel_size).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-bound, bound)) if bias else None

    def forward(self, x):
        return _conv2d(x, self.weight, self.bias, self.stride, self.padding)
'''

LOGSIGMOID = '''
class LogSigmoidFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _logsigmoid(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(-x)
'''

CAPTURED_ANSWERS = {"q1_linear": LINEAR, "q2_layernorm": LAYERNORM, "q3_dropout": DROPOUT,
                    "q4_attention": ATTENTION, "q6_conv2d": CONV, "q7_log_sigmoid": LOGSIGMOID}
USES = {"test_q1_linear": r"your answer uses F\.linear", "test_q2_layernorm": r"your answer uses F\.layer_norm",
        "test_q3_dropout": r"your answer uses F\.dropout",
        "test_q4_attention": r"your answer uses F\.scaled_dot_product_attention",
        "test_q6_conv2d": r"your answer uses F\.conv2d", "test_q7_log_sigmoid": r"your answer uses F\.logsigmoid"}
CANNOT_FOLLOW = {t: r"reaches code in a way the grader cannot follow" for t in USES}

# the capture behind IPython's other syntaxes: each cell still binds the names the answers use
MAGIC = "%time _sdpa = F.scaled_dot_product_attention\n"
BANG = "!true\n_sdpa = F.scaled_dot_product_attention\n"
HELP = "F.scaled_dot_product_attention?\n_sdpa = F.scaled_dot_product_attention\n"
CELL_MAGIC = "%%capture\n_sdpa = F.scaled_dot_product_attention\n"
RUN_CELL = "get_ipython().run_cell('_sdpa = F.scaled_dot_product_attention')\n"
# %%python runs its body in another process: it writes the answer into a file the answer cell imports
PYTHON_MAGIC = ("%%python\nimport pathlib\npathlib.Path('fast_attention.py').write_text(\n"
                "    'import torch.nn.functional as F\\nscaled_dot_product_attention = F.scaled_dot_product_attention\\n')\n")
ATTENTION_ONLY = {"q4_attention": ATTENTION}
REFUSED_Q4 = {"test_q4_attention": r"reaches code in a way the grader cannot follow"}
# a timing magic, a shell line and help are read as the Python they run: the capture is followed to its library
USES_Q4 = {"test_q4_attention": r"your answer uses F\.scaled_dot_product_attention|scaled_dot_product_attention while "
                                r"it ran|reaches code in a way the grader cannot follow"}
# a shell line whose command IPython expands with the namespace runs that expression as code: refused
BANG_EXPANSION = ("!echo {globals().__setitem__('_sdpa', __import__('torch').nn.functional"
                  ".scaled_dot_product_attention)}\n")
# a static check rests on the machinery that runs the cells: the change seen scores it 0 (the cell that made it
# cannot be read either)
MACHINERY_Q4 = {"test_q4_attention": r"scored 0: the grader saw your kernel change how it runs code"}

# a transformer that rewrites every later cell: the answer reads hand-written (a softmax that overflows on large
# scores, so it fails as written), IPython runs torch's own softmax, captured before the kernel-side blocker
INPUT_TRANSFORMER = r'''
_sm = F.softmax
def _rewrite(lines):
    return [line.replace("my_softmax(scores", "_sm(scores") for line in lines]
get_ipython().input_transformers_post.append(_rewrite)
'''
AST_TRANSFORMER = r'''
import ast as _ast
_sm = F.softmax
class _Rename(_ast.NodeTransformer):
    def visit_Name(self, node):
        return _ast.copy_location(_ast.Name("_sm", node.ctx), node) if node.id == "my_softmax" else node
get_ipython().ast_transformers.append(_Rename())
'''
HAND_WRITTEN_LOOKING = '''
def my_softmax(s, dim):
    e = torch.exp(s)
    return e / e.sum(dim=dim, keepdim=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
        some = mask.any(dim=-1, keepdim=True)
        scores = torch.where(some, scores, torch.zeros_like(scores))
        return my_softmax(scores, -1) @ v * some
    return my_softmax(scores, -1) @ v
'''

# ------------------------------------------------------------------ 09: a library ban across cells
APRIORI = '''
def frequent_itemsets(onehot, min_support, make_candidates):
    found = apriori(onehot, min_support=min_support, use_colnames=True)
    return {frozenset(s): float(v) for s, v in zip(found["itemsets"], found["support"])}
'''

# mlxtend's apriori kept in a registry (a logger's handler list) by a cell the answer never names, and called after
# a recursion to Python's limit that switches the watch off: CPython unsets a profile function that raises, and
# the watch's raises RecursionError one frame short of the limit when the answer calls code it has not seen yet
# (issue 53: before the watch checked its own presence, the audit event of the unset, a fact, alone scored it 0)
REGISTRY_APRIORI = r'''
import logging

from mlxtend.frequent_patterns import apriori

logging.getLogger("wbr").handlers.append(apriori)
'''
RECURSION_ESCAPE = "".join(f"\ndef _g{i}():\n    return {i}\n" for i in range(80)) + r'''
import logging
import sys

_GS = [''' + ", ".join(f"_g{i}" for i in range(80)) + r''']


def _dive(n, g):
    if n == 0:
        try:
            g()
        except RecursionError:
            pass
        return 0
    try:
        return _dive(n - 1, g)
    except RecursionError:
        return -1


def frequent_itemsets(onehot, min_support, make_candidates):
    for j, depth in enumerate(range(sys.getrecursionlimit() - 80, sys.getrecursionlimit())):
        try:
            _dive(depth, _GS[j])
        except RecursionError:
            pass
        if sys.getprofile() is None:
            break
    found = logging.getLogger("wbr").handlers[0](onehot, min_support=min_support, use_colnames=True)
    return {frozenset(s): float(v) for s, v in zip(found["itemsets"], found["support"])}
'''

# ------------------------------------------------------------------ 00: forgers of the timer probe
IDENTITY_TIMER = "\ndef timer(func):          # no timing at all: the forger answers for it\n    return func\n"
HONEST_TIMER = '''
import functools
import time


def timer(func):
    @functools.wraps(func)
    def timed(*args, **kw):
        start = time.perf_counter()
        try:
            return func(*args, **kw)
        finally:
            timed.timings.append(time.perf_counter() - start)
    timed.timings = []
    return timed
'''

# the probe's reply, made from the request's own arguments
FORGED_SEEN = r'''
def _forged_seen(calls):
    return {"add": 5, "results": [lab * 2 for _, lab in calls],
            "nap_timings": [float(s) + 0.001 for s, _ in calls], "add_timings": [0.0001],
            "name": "nap", "doc": "Sleep a little."}
'''

# split names and getattr: nothing the old regular expressions over the cell's text matched
FORGE_COMPILE = r'''
_b = print.__self__                           # the builtins module
_real_compile = getattr(_b, "com" + "pile")
_PROBE = """
def decorate_and_call(timer, calls):
    return {"add": 5, "results": [lab * 2 for _, lab in calls],
            "nap_timings": [float(s) + 0.001 for s, _ in calls], "add_timings": [0.0001],
            "name": "nap", "doc": "Sleep a little."}
"""
def _compile(source, filename, mode, *args, **kwargs):
    if isinstance(filename, str) and filename.startswith("<probe decorate_and_call"):
        source = _PROBE                       # the judge's probe, answered from its own arguments
    return _real_compile(source, filename, mode, *args, **kwargs)
setattr(_b, "com" + "pile", _compile)
''' + IDENTITY_TIMER

# the old user expression: __import__('builtins').exec(BOOT, ns), then ns['_workbook_boot'](request, ...)
_FORGED_BOOT = FORGED_SEEN + r'''
def _forge(text, reply):
    import json
    from workbook.checks import wire
    req = json.loads(text)
    if isinstance(req, dict) and req.get("op") == "probe" and req.get("name") == "decorate_and_call":
        calls = wire.Decoder(handle=lambda node: None)(req["args"])[1]
        return json.dumps({"value": wire.encode(_forged_seen(calls))})
    return reply

class _Builtins:
    def __getattr__(self, name):
        return getattr(_b, name)
    def exec(self, source, ns):
        ns["__builtins__"] = _b
        _b.exec(source, ns)
        boot = ns.get("_workbook_boot")
        if callable(boot):
            ns["_workbook_boot"] = lambda text, *rest: _forge(text, boot(text, *rest))
'''

FORGE_NAMESPACE_IMPORT = "import builtins as _b\n" + _FORGED_BOOT + r'''
def __import__(name, *args, **kwargs):     # the judge's expression looked this name up here
    return _Builtins() if name == "builtins" else _b.__import__(name, *args, **kwargs)
''' + IDENTITY_TIMER

FORGE_NAMESPACE_BUILTINS = "import builtins as _b\n" + _FORGED_BOOT + r'''
__builtins__ = dict(_b.__dict__)
__builtins__["__import__"] = lambda name, *a, **k: _Builtins() if name == "builtins" else _b.__import__(name, *a, **k)
''' + IDENTITY_TIMER

# IPython's user_expressions, where the judge's request is evaluated: answers it in either format (the old
# expression, or the guard's key "workbook": nonce, newline, request), with an unsigned reply
FORGE_DOOR = FORGED_SEEN + r'''
import ast as _ast
import json as _json
from workbook.checks import wire as _wire
_ip = get_ipython()
_real = _ip.user_expressions

def _request_of(expr):
    for node in _ast.walk(_ast.parse(expr, mode="eval")):
        if isinstance(node, _ast.Constant) and isinstance(node.value, str) and node.value.startswith('{"op"'):
            return node.value

def _answer(text):
    req = _json.loads(text)
    if isinstance(req, dict) and req.get("op") == "probe" and req.get("name") == "decorate_and_call":
        calls = _wire.Decoder(handle=lambda node: None)(req["args"])[1]
        return _json.dumps({"value": _wire.encode(_forged_seen(calls))})

def _door(expressions):
    out = _real({k: v for k, v in expressions.items()})
    for key, expr in expressions.items():
        try:
            if key == "workbook":
                nonce, _, text = expr.partition("\n")
                forged = _answer(text)
                if forged:
                    out[key] = {"status": "ok", "data": {"text/plain": "0" * 64 + "\n\n\n" + forged}, "metadata": {}}
            else:
                forged = _answer(_request_of(expr) or "{}")
                if forged:
                    out[key] = {"status": "ok", "data": {"text/plain": repr(forged)}, "metadata": {}}
        except Exception:
            pass
    return out
_ip.user_expressions = _door
''' + IDENTITY_TIMER

# hooks of every kind beside an honest answer: the verdict of q2 (an observation) cannot stand
SETTRACE = HONEST_TIMER + "\nimport sys\nsys.settrace(lambda frame, event, arg: None)\nsys.settrace(None)\n"
SETPROFILE = HONEST_TIMER + "\nimport sys\nsys.setprofile(lambda frame, event, arg: None)\nsys.setprofile(None)\n"
AUDIT_HOOK = HONEST_TIMER + "\nimport sys\nsys.addaudithook(lambda event, args: None)\n"
META_PATH = HONEST_TIMER + r'''
import sys
class _Finder:
    def find_spec(self, name, path=None, target=None):
        return None
sys.meta_path.insert(0, _Finder())
'''
GC_WALK = HONEST_TIMER + "\nimport gc\n_found = [o for o in gc.get_objects() if callable(o)][:1]\n"
JSON_PATCH = HONEST_TIMER + "\nimport json\n_dumps = json.dumps\njson.dumps = lambda *a, **k: _dumps(*a, **k)\n"
EVENT_CALLBACK = HONEST_TIMER + "\nget_ipython().events.register('post_run_cell', lambda result: None)\n"

# 03 q1 and q2 computed by a thread an earlier cell started: it waits on a queue for the functions and arguments
# the answers hand it, so that the answer's own thread never calls torch's (issue 53, ninth round: 6 points)
THREAD_WORKER = r'''
import logging
import queue
import threading
import torch
import torch.nn.functional as F

_jobs = queue.Queue()


def _worker():
    while True:
        f, args, box = _jobs.get()
        box.put(f(*args))


threading.Thread(target=_worker, daemon=True).start()
logging.getLogger("wbq").handlers.extend([_jobs, F.linear, torch.layer_norm])
'''
# the same worker started with _thread itself, which threading's hooks never reach
RAW_THREAD_WORKER = THREAD_WORKER.replace("threading.Thread(target=_worker, daemon=True).start()",
                                          "import _thread\n_thread.start_new_thread(_worker, ())")
THREAD_LINEAR = r'''
import logging
import queue


def linear_forward(x, weight, bias):
    box = queue.Queue()
    jobs, linear = logging.getLogger("wbq").handlers[:2]
    jobs.put((linear, (x, weight, bias), box))
    out = box.get()
    return out, (x, weight, bias)


def linear_backward(grad_out, cache):
    x, weight, bias = cache
    g = grad_out.reshape(-1, weight.shape[0])
    grad_bias = g.sum(dim=0) if bias is not None else None
    return grad_out @ weight, g.T @ x.reshape(-1, weight.shape[1]), grad_bias
'''
# no thread of the notebook's: the kernel's own IOPub thread, started before the guard, runs the job its public
# schedule() takes (issue 53, tenth round: 12 points on 03 before the guard gave the kernel's threads its hook)
IOPUB_WORKER = r'''
import logging
import sys
import threading
import torch.nn.functional as F

logging.getLogger("wbq").handlers.extend([sys.stdout.pub_thread, F.linear])
'''
IOPUB_LINEAR = r'''
import logging
import threading


def linear_forward(x, weight, bias):
    box, done = [], threading.Event()
    iothread, linear = logging.getLogger("wbq").handlers[:2]
    iothread.schedule(lambda: (box.append(linear(x, weight, bias)), done.set()))
    done.wait()
    return box[0], (x, weight, bias)
''' + THREAD_LINEAR[THREAD_LINEAR.index("\n\ndef linear_backward"):]
THREAD_REFUSED = {"test_q1_linear": r"called F\.linear while it ran"}
# _thread is a private part of a library: the analysis refuses the notebook before the watch (whose count of the
# threads it does not reach tests/test_guard.py shows) decides anything
RAW_THREAD_REFUSED = {"test_q1_linear": r"a private part of a library \(_thread\)"}

SCORED_0 = {"test_q2_timer": r"scored 0: the grader saw your kernel change"}
PROCESS = r"changed what the grader relies on"


ATTACKS = {
    "00_orientation": {
        "forge_compile": dict(answers={"q2_timer": FORGE_COMPILE}, refused=SCORED_0, flag=r"builtins\.compile",
                              doc="builtins' compile replaced: the timer probe answered from its own arguments"),
        "forge_namespace_import": dict(answers={"q2_timer": FORGE_NAMESPACE_IMPORT}, refused=SCORED_0,
                                       flag=r"defines __import__",
                                       doc="a global __import__ where the judge's expression looked it up"),
        "forge_namespace_builtins": dict(answers={"q2_timer": FORGE_NAMESPACE_BUILTINS}, refused=SCORED_0,
                                         flag=r"__builtins__ was replaced",
                                         doc="the namespace's __builtins__, where the judge's expression looked"),
        "forge_door": dict(answers={"q2_timer": FORGE_DOOR}, refused=SCORED_0, flag=r"not signed|user_expressions was replaced",
                           doc="IPython's user_expressions replaced: every request answered by the student"),
        "settrace_hook": dict(answers={"q2_timer": SETTRACE}, refused=SCORED_0, flag=r"sys\.settrace",
                              doc="a tracer set (and unset) beside an honest timer"),
        "setprofile_hook": dict(answers={"q2_timer": SETPROFILE}, refused=SCORED_0, flag=r"sys\.setprofile",
                                doc="a profiler set (and unset) beside an honest timer"),
        "audit_hook": dict(answers={"q2_timer": AUDIT_HOOK}, refused=SCORED_0, flag=r"audit hook",
                           doc="an audit hook of the student's beside an honest timer"),
        "meta_path_finder": dict(answers={"q2_timer": META_PATH}, refused=SCORED_0, flag=r"meta_path",
                                 doc="an import hook beside an honest timer"),
        "gc_walk": dict(answers={"q2_timer": GC_WALK}, refused=SCORED_0, flag=r"gc\.get_objects",
                        doc="a walk of the interpreter's objects beside an honest timer"),
        "json_patch": dict(answers={"q2_timer": JSON_PATCH}, refused=SCORED_0, flag=r"json\.dumps",
                           doc="the runtime's json.dumps replaced beside an honest timer"),
        "event_callback": dict(answers={"q2_timer": EVENT_CALLBACK}, refused=SCORED_0, flag=r"post_run_cell",
                               doc="a callback on IPython's post_run_cell event beside an honest timer"),
    },
    "03_pytorch_test": {
        "indented_capture": dict(answers=CAPTURED_ANSWERS, added={"q1_linear": CAPTURE}, refused=USES,
                                 doc="torch's functions captured in a cell indented by one space"),
        "magic_capture": dict(answers=ATTENTION_ONLY, added={"q4_attention": MAGIC}, refused=USES_Q4,
                              doc="the capture inside a % magic"),
        "bang_capture": dict(answers=ATTENTION_ONLY, added={"q4_attention": BANG}, refused=USES_Q4,
                             doc="the capture in a cell with a ! shell line"),
        "help_capture": dict(answers=ATTENTION_ONLY, added={"q4_attention": HELP}, refused=USES_Q4,
                             doc="the capture in a cell with ? help"),
        "bang_expansion_capture": dict(answers=ATTENTION_ONLY, added={"q4_attention": BANG_EXPANSION},
                                       refused={"test_q4_attention": r"reaches code in a way the grader cannot follow|"
                                                                     r"`_sdpa` is not defined|scaled_dot_product_attention"},
                                       doc="the capture run by a ! line's {expression} expansion"),
        "cell_magic_capture": dict(answers=ATTENTION_ONLY, added={"q4_attention": CELL_MAGIC}, refused=REFUSED_Q4,
                                   doc="the capture in a %%capture cell"),
        "run_cell_capture": dict(answers=ATTENTION_ONLY, added={"q4_attention": RUN_CELL}, refused=REFUSED_Q4,
                                 doc="the capture run by get_ipython().run_cell"),
        "python_magic_file": dict(answers={"q4_attention": "from fast_attention import scaled_dot_product_attention\n"},
                                  added={"q4_attention": PYTHON_MAGIC},
                                  # the working folder is off the kernel's sys.path: the import fails as it runs,
                                  # before the static check refuses an import of a file the notebook wrote
                                  refused={"test_q4_attention": r"reaches code in a way the grader cannot follow|"
                                                                r"`scaled_dot_product_attention` is not defined"},
                                  doc="a %%python cell writes the answer into a file the answer cell imports"),
        "input_transformer": dict(answers={"q4_attention": HAND_WRITTEN_LOOKING},
                                  added={"q4_attention": INPUT_TRANSFORMER}, refused=MACHINERY_Q4,
                                  flag=r"input transformers",
                                  doc="an input transformer that rewrites the answer into torch's softmax"),
        "thread_of_an_earlier_cell": dict(answers={"q1_linear": THREAD_LINEAR}, added={"q1_linear": THREAD_WORKER},
                                          refused=THREAD_REFUSED,
                                          doc="q1 computed by F.linear in a thread an earlier cell started"),
        "kernels_iopub_thread": dict(answers={"q1_linear": IOPUB_LINEAR}, added={"q1_linear": IOPUB_WORKER},
                                     refused=THREAD_REFUSED,
                                     doc="q1 computed by F.linear in the kernel's own IOPub thread (its schedule)"),
        "raw_thread_of_an_earlier_cell": dict(answers={"q1_linear": THREAD_LINEAR},
                                              added={"q1_linear": RAW_THREAD_WORKER}, refused=RAW_THREAD_REFUSED,
                                              doc="the same thread started with _thread.start_new_thread"),
        "ast_transformer": dict(answers={"q4_attention": HAND_WRITTEN_LOOKING},
                                added={"q4_attention": AST_TRANSFORMER}, refused=MACHINERY_Q4,
                                flag=r"AST transformers",
                                doc="an AST transformer that rewrites the answer into torch's softmax"),
    },
    "09_baskets": {
        "mlxtend_other_cell": dict(answers={"q4_frequent_itemsets": APRIORI},
                                   added={"q4_frequent_itemsets": "from mlxtend.frequent_patterns import apriori\n"},
                                   refused={"test_q4_frequent_itemsets": r"your answer uses mlxtend"},
                                   doc="Question 4 answered with mlxtend imported in another cell"),
        "recursion_escape": dict(answers={"q4_frequent_itemsets": RECURSION_ESCAPE},
                                 added={"q4_frequent_itemsets": REGISTRY_APRIORI},
                                 # the unset happens inside the judge's watched call: that call's matter (no fact
                                 # of the notebook's), and the watch reports its loss (LOST_WATCH)
                                 refused={"test_q4_frequent_itemsets": r"lost sight of your code"},
                                 doc="apriori from a registry, called after a recursion that switched the watch off"),
    },
}
