"""Attacks on the judge's trust in the student's process (issue "Trusted
grading, second round"), written by a student who has read the grader.

``ATTACKS[assignment][name]`` in the suite's format (``answers``: grade_id ->
the answer cell's code). ``doc`` says what each attack tries and what holds;
``refused`` (test grade_id -> a pattern of its ✘ message) proves that an
exercise's 0 came from the defence, not from a mistake in the attack.

* 00 ``forge_serve``: replaces ``workbook.checks.kernel.serve`` in its kernel
  and answers q2's ``decorate_and_call`` probe from the request's own
  arguments, with an identity "timer". Holds: the judge never calls a module
  the kernel imported (``checks.runtime`` sends the kernel side with the
  request), so the forger is never asked.
* 03 ``forge_resolve``: replaces ``workbook.checks.torchprobes._resolve`` and
  ``blocked`` (the kernel-side blocking of forbidden calls) and answers q1,
  q4 and q6 with torch's own layers. Holds: prohibitions are decided from the
  submitted source by the judge (``pytorch.check_no_calls``); probes run from
  source the judge sends.
* 03 ``decoy_import``: a hand-written-looking ``attention`` followed by an
  import of torch's under the same name; ``decoy_file`` writes the real
  answer (calling F.scaled_dot_product_attention) into a .py file and imports
  it over the decoy. Holds: every binding of the answer is read, and code the
  grader cannot read fails.
* 00 ``loud_answer``: q1's function prints 300 MB while the judge calls it,
  and returns a 30 MB string. Holds: the grader discards what the kernel
  prints during a judge call (``judge.drain_iopub``) and bounds every verdict
  (``Verdict.MAX_LINE``), so the autograded notebook stays small.
"""
from __future__ import annotations

FORGE_SERVE = r'''
import json
import workbook.checks.kernel as _k
from workbook.checks import wire as _w
_real = getattr(_k, "_real_serve", _k.serve)
_k._real_serve = _real

def _forged(text, namespace=None):
    req = json.loads(text)
    if req.get("op") == "probe" and req.get("name") == "decorate_and_call":
        calls = _w.Decoder(handle=lambda node: None)(req["args"])[1]
        seen = {"add": 5, "results": [lab * 2 for _, lab in calls],
                "nap_timings": [float(s) + 0.001 for s, _ in calls], "add_timings": [0.0001],
                "name": "nap", "doc": "Sleep a little."}
        return json.dumps({"value": _w.encode(seen)})
    return _real(text, namespace)

_k.serve = _forged

def timer(func):          # no timing at all: the forger answers for it
    return func
'''

FORGE_RESOLVE_SETUP = r'''
import workbook.checks.torchprobes as _p   # the kernel-side probes: where blocking happens
import contextlib as _cl
_p._resolve = lambda label: None            # nothing is ever blocked in this kernel
_p.blocked = lambda labels, seen: _cl.nullcontext(seen)
'''

FORGE_RESOLVE_LINEAR = FORGE_RESOLVE_SETUP + r'''
def linear_forward(x, weight, bias):
    """torch's own F.linear, with the kernel-side check switched off."""
    return F.linear(x, weight, bias), (x, weight, bias)


def linear_backward(grad_out, cache):
    x, weight, bias = cache
    g = grad_out.reshape(-1, weight.shape[0])
    return grad_out @ weight, g.T @ x.reshape(-1, weight.shape[1]), None if bias is None else g.sum(0)
'''

FORGE_RESOLVE_ATTENTION = FORGE_RESOLVE_SETUP + r'''
_torch_sdpa = F.scaled_dot_product_attention


def scaled_dot_product_attention(q, k, v, mask=None):
    return _torch_sdpa(q, k, v, attn_mask=None if mask is None else mask)
'''

FORGE_RESOLVE_CONV = FORGE_RESOLVE_SETUP + r'''
class Conv2d(nn.Conv2d):
    def forward(self, x):
        F.unfold   # the check that unfold is used reads the source
        return super().forward(x)
'''

DECOY_IMPORT = r'''
def scaled_dot_product_attention(q, k, v, mask=None):
    """Scaled dot-product attention, written by hand (the static checks read this)."""
    scores = q @ k.transpose(-2, -1) / k.shape[-1] ** 0.5
    return scores @ v

from torch.nn.functional import scaled_dot_product_attention
'''

DECOY_FILE = r'''
import pathlib
pathlib.Path("fast_attention.py").write_text(
    "import torch.nn.functional as F\n"
    "def scaled_dot_product_attention(q, k, v, mask=None):\n"
    "    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)\n")

def scaled_dot_product_attention(q, k, v, mask=None):
    """Scaled dot-product attention, written by hand (the static checks read this)."""
    scores = q @ k.transpose(-2, -1) / k.shape[-1] ** 0.5
    return scores @ v

from fast_attention import scaled_dot_product_attention
'''

LOUD_ANSWER = r'''
import sys
def format_progress(epoch, epochs, loss, lr, seconds):
    for _ in range(150):                       # 300 MB printed while the judge waits for the reply
        sys.stdout.write("y" * (2 * 2**20))
    sys.stdout.flush()
    return "z" * 30_000_000                    # a wrong value whose message would be 30 MB
'''

ATTACKS = {
    "00_orientation": {
        "forge_serve": dict(answers={"q2_timer": FORGE_SERVE}, flag=r"grader's channel",
                            doc="forged probe replies from a replaced kernel.serve"),
        "loud_answer": dict(answers={"q1_format_metric": LOUD_ANSWER},
                            doc="output during a judge call and a huge verdict message"),
    },
    "03_pytorch_test": {
        "forge_resolve": dict(answers={"q1_linear": FORGE_RESOLVE_LINEAR, "q4_attention": FORGE_RESOLVE_ATTENTION,
                                       "q6_conv2d": FORGE_RESOLVE_CONV},
                              # the answer cells patch the course's probe: every static check refuses the notebook
                              refused={"test_q1_linear": r"your answer uses F\.linear|a change of the library",
                                       "test_q4_attention": r"your answer uses F\.scaled_dot_product_attention|"
                                                            r"a change of the library",
                                       "test_q6_conv2d": r"your answer uses nn\.Conv2d|a change of the library"},
                              doc="kernel-side forbidden-call checks switched off"),
        "decoy_import": dict(answers={"q4_attention": DECOY_IMPORT},
                             refused={"test_q4_attention": r"your answer uses F\.scaled_dot_product_attention"},
                             doc="a decoy definition followed by an import of the library's function"),
        "decoy_file": dict(answers={"q4_attention": DECOY_FILE},
                           refused={"test_q4_attention": r"your answer|not an installed library"},
                           doc="the real answer in a .py file the student wrote, imported over a decoy"),
    },
}
