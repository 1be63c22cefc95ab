"""Checks for the PyTorch assignment (03_pytorch_test).

The test cells of 03 compare a student's layer or function with torch's own
reference on the same inputs and weights. Two sides:

* **In the student's kernel** (probes, in ``torchprobes``): ``run_layer`` builds the
  student's class under ``torch.manual_seed(seed)``, loads the parameter values
  the judge chose, runs forward and backward with functions such as
  ``F.linear`` blocked, and reports parameters, outputs and gradients as plain
  data; ``inspect_layer``, ``run_dropout``, ``run_fit``, ``run_calls`` and
  ``call_keeping_args`` observe the other answers. A probe never decides a
  verdict: it reports what it saw.
* **In the judge** (or the student's own run of a test cell): ``compare``
  computes the reference (``nn.Linear``, ``F.scaled_dot_product_attention``...)
  from the same parameters, and ``check_close`` turns
  ``torch.testing.assert_close`` into a short message that says *which* output
  or gradient differs, where and by how much, without showing reference code.
  A failure in the hidden part of a test says only which kind of check failed.

Static checks (forbidden calls, the 50-line limit of the mock test) read the
submitted source, never the kernel (``static``: the one closure analysis).

Everything here is generic: no reference implementation of an exercise lives
in this module (it ships to students). The helpers take the student's answer
as a ``Ref`` (graded, or a notebook's own run); a local class or function also
works (the probe then runs in-process, through the same wire encoding).
"""
from __future__ import annotations


from . import wire
from .core import CheckFailed, fail, hidden_type, short
from .exercise import AnswerRaised, Ref, call, describe
from .torchprobes import (blocked, call_keeping_args, debug_mlp, inspect_layer, moons_mlp, run_batchnorm,  # noqa: F401
                          run_calls, run_dropout, run_evaluate, run_fit, run_forward_backward, run_layer,
                          run_train_epoch, TrainingSpy)  # the probes: the notebooks import them from here
from ..messages import as_message, msg

# float32 defaults of torch.testing.assert_close, named so messages can show them
RTOL32, ATOL32 = 1.3e-6, 1e-5


# =========================================================================== tensors (judge side)

def _describe_diff(got, expected, rtol=None, atol=None):
    """Where ``got`` differs from ``expected`` most, and how many elements differ (beyond the tolerances for
    floating point), as a message."""
    import torch
    g, e = got.detach().double(), expected.detach().double()
    diff = (g - e).abs()
    both_nan = torch.isnan(g) & torch.isnan(e)
    diff = torch.where(both_nan, torch.zeros_like(diff), diff)
    diff = torch.nan_to_num(diff, nan=float("inf"))
    flat = int(diff.argmax())
    idx = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), diff.shape)) if diff.dim() else ()
    where = {"n": diff.numel(), "d": float(diff.max()), "idx": idx, "g": float(g.flatten()[flat]),
             "e": float(e.flatten()[flat])}
    if expected.is_floating_point():
        rt = RTOL32 if rtol is None else rtol
        at = ATOL32 if atol is None else atol
        return msg("{n_bad} of {n} elements differ; the largest difference is {d:.3g} at index {idx}: got {g:.6g}, "
                   "expected {e:.6g} (allowed: {at:.2g} + {rt:.2g} × |expected|)",
                   n_bad=int((diff > at + rt * e.abs()).sum()), at=at, rt=rt, **where)
    return msg("{n_bad} of {n} elements differ; the largest difference is {d:.3g} at index {idx}: got {g:.6g}, "
               "expected {e:.6g}", n_bad=int((diff > 0).sum()), **where)


def _type_name(x) -> str:
    if isinstance(x, Ref):
        return describe(x).short_type
    return type(x).__name__


def check_tensor(got, *, shape=None, dtype=None, what: str = "output", hint: str | None = None,
                 hidden_what: str | None = None) -> None:
    """``got`` is a torch.Tensor (of the given shape and dtype) without NaN or inf."""
    import torch
    hw = hidden_what or what
    if not isinstance(got, torch.Tensor):
        fail(msg("the {what} should be a torch.Tensor, not a {p2}", what=as_message(what), p2=_type_name(got)), hint=hint,
             hidden_message=msg("the {hw} is not a torch.Tensor", hw=hw))
    if shape is not None and tuple(got.shape) != tuple(shape):
        raise CheckFailed(msg("wrong shape of the {what}", what=as_message(what)), tuple(shape), tuple(got.shape), hint,
                          hidden_message=msg("wrong shape of the {hw}", hw=hw))
    if dtype is not None and got.dtype != dtype:
        raise CheckFailed(msg("wrong dtype of the {what}", what=as_message(what)), dtype, got.dtype, hint,
                          hidden_message=msg("wrong dtype of the {hw}", hw=hw))
    if got.is_floating_point() and not bool(torch.isfinite(got).all()):
        n = int((~torch.isfinite(got)).sum())
        fail(msg("the {what} contains {n} NaN or infinite value(s)", what=as_message(what), n=n), hint=hint,
             hidden_message=msg("the {hw} contains NaN or infinite values", hw=hw))


def check_close(got, expected, *, what: str = "output", rtol: float | None = None, atol: float | None = None,
                hint: str | None = None, allow_nan: bool = False, hidden_what: str | None = None) -> None:
    """torch.testing.assert_close(got, expected) as a friendly check.

    The shape and dtype are checked first (with their own messages); then the
    values, at float32 tolerances unless rtol/atol are given. The message
    names the output, the largest difference and where it is; in a hidden
    test only which output differs (``hidden_what``, default ``what``)."""
    import torch
    hw = hidden_what or what
    if not isinstance(got, torch.Tensor):
        fail(msg("the {what} should be a torch.Tensor, not a {p2}", what=as_message(what), p2=_type_name(got)), hint=hint,
             hidden_message=msg("the {hw} is not a torch.Tensor", hw=hw))
    if tuple(got.shape) != tuple(expected.shape):
        raise CheckFailed(msg("wrong shape of the {what}", what=as_message(what)), tuple(expected.shape), tuple(got.shape), hint,
                          hidden_message=msg("wrong shape of the {hw}", hw=hw))
    if got.dtype != expected.dtype:
        raise CheckFailed(msg("wrong dtype of the {what}", what=as_message(what)), expected.dtype, got.dtype, hint,
                          hidden_message=msg("wrong dtype of the {hw}", hw=hw))
    if got.is_floating_point() and not allow_nan and not bool(torch.isfinite(got).all()) \
            and bool(torch.isfinite(expected).all()):
        n = int((~torch.isfinite(got)).sum())
        fail(msg("the {what} contains {n} NaN or infinite value(s) where finite values were expected", what=as_message(what), n=n), hint=hint,
             hidden_message=msg("the {hw} contains NaN or infinite values where finite values were expected", hw=hw))
    try:
        torch.testing.assert_close(got.detach().cpu(), expected.detach().cpu(), rtol=rtol, atol=atol,
                                   equal_nan=allow_nan)
    except AssertionError:
        fail(msg("the {what}: different from the reference: {p2}", what=as_message(what), p2=_describe_diff(got.cpu(), expected.cpu(), rtol, atol)),
             hint=hint, hidden_message=msg("the {hw}: different from the reference", hw=hw))


def check_uniform_init(tensor, bound: float, *, what: str = "weight", hint: str | None = None,
                       check_std: bool = True, hidden_what: str | None = None) -> None:
    """Values look drawn from U(-bound, bound): inside the bound, reaching
    close to it, centred, with the standard deviation of that uniform."""
    import torch
    hw = hidden_what or what
    if not isinstance(tensor, torch.Tensor) or not tensor.is_floating_point() or tensor.numel() == 0:
        fail(msg("the {what} should be a floating point tensor", what=as_message(what)), hint=hint,
             hidden_message=msg("the {hw} is not a floating point tensor", hw=hw))
    t = tensor.detach().double().flatten()
    top = float(t.abs().max())
    how = msg("the initialisation of the {hw} is not uniform in ±1/sqrt(fan_in)", hw=as_message(hw))
    if top > bound * (1 + 1e-5):
        fail(msg("the {what} has values up to {top:.4g} in absolute value, but the initialisation should stay "
                 "within ±{bound:.4g}",
                 what=as_message(what), top=top, bound=bound), hint=hint, hidden_message=msg("{how} (values beyond the "
                                                                                "bound)",
                                                                                how=how))
    if top < 0.8 * bound:
        fail(msg("the {what} only reaches {top:.4g} in absolute value: values drawn uniformly from "
                 "±{bound:.4g} should come close to the bound",
                 what=as_message(what), top=top, bound=bound), hint=hint,
             hidden_message=msg("{how} (values stay far inside the bound)", how=how))
    if abs(float(t.mean())) > 0.05 * bound + 3 * bound / max(1, t.numel()) ** 0.5:
        fail(msg("the {what} is not centred on 0 (mean {p2:.4g})", what=as_message(what), p2=float(t.mean())), hint=hint,
             hidden_message=msg("{how} (not centred on 0)", how=how))
    if check_std:
        want = bound / 3 ** 0.5
        std = float(t.std())
        if abs(std - want) > 0.05 * want:
            fail(msg("the {what} has a standard deviation of {std:.4g}; a uniform distribution on ±{bound:.4g} "
                     "has {want:.4g}",
                     what=as_message(what), std=std, bound=bound, want=want), hint=hint,
                 hidden_message=msg("{how} (wrong standard deviation)", how=how))


def randn(*shape, seed: int, scale: float = 1.0, shift: float = 0.0, dtype=None):
    """A reproducible normal tensor from its own generator (the global RNG,
    the student's or the judge's, is left alone)."""
    import torch
    gen = torch.Generator().manual_seed(int(seed))
    return torch.randn(*shape, generator=gen, dtype=dtype or torch.float32) * scale + shift


def randomize(module_or_tensors, seed: int, scale: float = 0.5) -> None:
    """Fill a reference module's parameters (or a list of tensors) with
    reproducible normal values, in place."""
    import torch
    gen = torch.Generator().manual_seed(int(seed))
    params = module_or_tensors.parameters() if isinstance(module_or_tensors, torch.nn.Module) else module_or_tensors
    with torch.no_grad():
        for p in params:
            p.copy_(torch.randn(p.shape, generator=gen, dtype=p.dtype) * scale)


# =========================================================================== frames (judge side)

def _plain(x):
    """numpy scalars as Python values, so messages read 6, not np.int64(6)."""
    return x.item() if hasattr(x, "item") and not isinstance(x, (str, bytes)) else x


def check_frame(got, expected, *, what: str = "DataFrame", hint: str | None = None, check_index: bool = True,
                rtol: float = 1e-6, atol: float = 1e-9, hidden_what: str | None = None) -> None:
    """Same columns (in order), same index (optionally), values equal within
    a tolerance for floats; the message names the first column that differs."""
    import numpy as np
    import pandas as pd
    hw = hidden_what or what
    if not isinstance(got, pd.DataFrame):
        fail(msg("the {what} should be a pandas DataFrame, not a {p2}", what=as_message(what), p2=_type_name(got)), hint=hint,
             hidden_message=msg("the {hw} is not a DataFrame", hw=hw))
    if list(got.columns) != list(expected.columns):
        raise CheckFailed(msg("wrong columns of the {what}", what=as_message(what)), list(expected.columns), list(got.columns), hint,
                          hidden_message=msg("wrong columns of the {hw}", hw=hw))
    if len(got) != len(expected):
        raise CheckFailed(msg("wrong number of rows of the {what}", what=as_message(what)), len(expected), len(got), hint,
                          hidden_message=msg("wrong number of rows of the {hw}", hw=hw))
    if check_index and list(got.index) != list(expected.index):
        fail(msg("the index of the {what} changed: keep the rows (and their index) of the input in order", what=as_message(what)),
             hint=hint, hidden_message=msg("the index of the {hw} changed", hw=hw))
    for col in expected.columns:
        e, g = expected[col], got[col]
        if pd.api.types.is_numeric_dtype(e):
            if not pd.api.types.is_numeric_dtype(g):
                fail(msg("column {col!r} of the {what} should be numeric, not {dtype}", col=col, what=as_message(what), dtype=g.dtype), hint=hint,
                     hidden_message=msg("a column of the {hw} should be numeric", hw=hw))
            ev, gv = e.to_numpy(dtype=float), g.to_numpy(dtype=float)
            if not np.allclose(gv, ev, rtol=rtol, atol=atol, equal_nan=True):
                bad = int(np.flatnonzero(~np.isclose(gv, ev, rtol=rtol, atol=atol, equal_nan=True))[0])
                raise CheckFailed(msg("wrong value in column {col!r} of the {what}, row {p3!r}", col=col, what=as_message(what), p3=_plain(got.index[bad])),
                                  float(ev[bad]), float(gv[bad]), hint,
                                  hidden_message=msg("wrong values in the {hw}", hw=hw))
        else:
            ev, gv = e.astype(object).tolist(), g.astype(object).tolist()
            for i, (a, b) in enumerate(zip(ev, gv)):
                if not (a == b or (pd.isna(a) and pd.isna(b))):
                    raise CheckFailed(msg("wrong value in column {col!r} of the {what}, row {p3!r}", col=col, what=as_message(what), p3=_plain(got.index[i])),
                                      _plain(a), _plain(b), hint, hidden_message=msg("wrong values in the {hw}", hw=hw))


# =========================================================================== source (static checks)
# the notebooks import them from here; they live in ``static`` (any assignment's static checks)
from .static import check_line_limit, check_no_calls, check_self_contained, check_uses, count_code_lines  # noqa: E402,F401


# =========================================================================== probes from the judge

def _run_probe(p, answer, *args, **kwargs):
    """A probe with the student's answer: sent to the kernel for a Ref; run
    in-process (through the same wire encoding) for a local object."""
    if isinstance(answer, Ref):
        return p(answer, *args, **kwargs)
    return wire.roundtrip(p.fn(answer, *args, **kwargs))


def _report(x, label: str) -> dict:
    if not isinstance(x, dict):
        fail(msg("{label} could not be observed", label=as_message(label)), hidden_message="your answer could not be observed")
    return x


def _refuse_forbidden(report: dict, hint) -> None:
    """Fails with the first forbidden call the probe saw the answer make, if any."""
    seen = report.get("forbidden") or []
    if seen:
        fail(msg("your answer calls {p1}; this exercise asks you to write that part yourself", p1=seen[0]), hint=hint,
             hidden_message=msg("your answer calls {p1}", p1=seen[0]))


def _stage_failure(report: dict, label: str, stage, hint, hidden_stage=None) -> None:
    """The student's code raised at a ``stage`` of the probe (a message: "in
    backward()"): the exception, its message and the line of their code."""
    from .exercise import where_of
    info = report.get("raised") if isinstance(report.get("raised"), dict) else {}
    kind = str(info.get("type", "Exception"))[:80]
    raise CheckFailed(msg("{label} raised {kind} {stage}: {message}{where}", label=as_message(label), kind=kind, stage=stage,
                          message=str(info.get("message", ""))[:300], where=where_of(info)),
                      hint=hint, show_values=False,
                      hidden_message=msg("your code raised {kind} {stage}", kind=hidden_type(kind),
                                         stage=hidden_stage or stage))


def _name_of(answer) -> str:
    if isinstance(answer, Layer):
        return answer.name
    if isinstance(answer, Ref):
        return describe(answer).name or "answer"
    return getattr(answer, "__name__", "answer")


def _call_text(name, args, kwargs) -> str:
    return f"{name}({', '.join([short(a) for a in args] + [f'{k}={short(v)}' for k, v in kwargs.items()])})"


class Layer:
    """How to build the student's layer (the class, its arguments and the
    torch seed of its construction); built by the probes, in the kernel."""

    def __init__(self, cls, args, kwargs, seed):
        self.cls, self.args, self.kwargs, self.seed = cls, tuple(args), dict(kwargs), int(seed)
        self.name = _name_of(cls)

    @property
    def text(self) -> str:
        return _call_text(self.name, self.args, self.kwargs)


def layer(cls, *args, seed: int = 0, **kwargs) -> Layer:
    """The student's layer ``cls(*args, **kwargs)``, to be built under
    ``torch.manual_seed(seed)`` where their code runs."""
    return Layer(cls, args, kwargs, seed)


def build_and_inspect(made: Layer, *paths: str, hint: str | None = None) -> dict:
    """Build the layer and describe the attributes ``paths``: a dict with
    ``attrs`` (path -> {"kind": "parameter"|"tensor"|"module"|"none"|"missing"
    |"other", "shape", "value", "registered", "types"}) and ``parameters``
    (registered names and shapes)."""
    report = _report(_run_probe(inspect_layer, made.cls, list(made.args), made.kwargs, made.seed, list(paths)),
                     made.text)
    if report.get("stage") == "build":
        _stage_failure(report, made.text, msg("when it was created"), hint)
    if report.get("stage"):
        _stage_failure(report, made.text, msg("when its attributes were read"), hint)
    if report.get("is_module") is not True:
        fail(msg("{text} should be an nn.Module", text=made.text), hint=hint, hidden_message="your layer is not an nn.Module")
    return report


def check_parameter(report: dict, path: str, shape, *, owner: str | None = None, hint: str | None = None) -> None:
    """``path`` of an inspected layer is a registered nn.Parameter of ``shape`` (``owner``: what the message
    calls the layer, "your layer" by default)."""
    owner = msg("your layer") if owner is None else as_message(owner)
    d = report["attrs"].get(path, {"kind": "missing"})
    kind = d.get("kind")
    if kind in ("missing", "none"):
        fail(msg("{owner} has no parameter `{path}` (it is None)", owner=owner, path=path) if kind == "none"
             else msg("{owner} has no parameter `{path}`", owner=owner, path=path), hint=hint,
             hidden_message=msg("a parameter `{path}` is missing", path=path))
    if kind != "parameter":
        what = "plain tensor" if kind == "tensor" else str((d.get("types") or ["?"])[0]).rsplit(".", 1)[-1]
        fail(msg("`{path}` should be an nn.Parameter (so the optimizer sees it), not a {what}", path=path, what=as_message(what)), hint=hint,
             hidden_message=msg("`{path}` is not an nn.Parameter", path=path))
    if tuple(d.get("shape", ())) != tuple(shape):
        raise CheckFailed(msg("wrong shape of `{path}`", path=path), tuple(shape), tuple(d.get("shape", ())), hint,
                          hidden_message=msg("wrong shape of `{path}`", path=path))
    if d.get("registered") is not True:
        fail(msg("`{path}` is not registered: call super().__init__() first in __init__", path=path), hint=hint,
             hidden_message=msg("`{path}` is not a registered parameter", path=path))


def check_submodule(report: dict, path: str, kind, *, hint: str | None = None) -> None:
    """``path`` of an inspected layer is an instance of the module class ``kind``."""
    d = report["attrs"].get(path, {"kind": "missing"})
    want = f"{kind.__module__}.{kind.__qualname__}"
    if d.get("kind") != "module" or want not in d.get("types", []):
        fail(msg("`self.{path}` should be an nn.{name__}", path=path, name__=kind.__name__), hint=hint,
             hidden_message=msg("`self.{path}` is not an nn.{name__}", path=path, name__=kind.__name__))


def _fresh(t):
    import torch
    if isinstance(t, torch.Tensor) and t.is_floating_point():
        return t.detach().clone().requires_grad_(True)
    return t


def _forward(answer, inputs, *, load=None, grad_output=None, grads=(), forbidden=(), method=None,
             what: str | None = None, hint: str | None = None):
    """Run the answer where the student's code runs (see ``run_layer``); a
    forbidden call, an exception or an output that is not a tensor becomes a
    message. Returns (report, output)."""
    import torch
    name = _name_of(answer)
    label = answer.text if isinstance(answer, Layer) else name
    what = what or msg("output of {label}", label=as_message(label))
    build = (list(answer.args), answer.kwargs) if isinstance(answer, Layer) else None
    target = answer.cls if isinstance(answer, Layer) else answer
    seed = answer.seed if isinstance(answer, Layer) else 0
    load = {k: v.detach().clone() for k, v in (load or {}).items()}
    report = _report(_run_probe(run_layer, target, build, seed, load, list(inputs), grad_output, list(grads),
                                list(forbidden), method=method), label)
    shapes = ", ".join(str(tuple(t.shape)) for t in inputs if isinstance(t, torch.Tensor))
    _refuse_forbidden(report, hint)
    stage = report.get("stage")
    if stage == "build":
        _stage_failure(report, label, msg("when it was created"), hint)
    if stage == "load":
        _stage_failure(report, label, msg("when its parameter `{path}` was set", path=str(report.get("path"))), hint,
                       msg("when its parameters were set"))
    if stage == "forward":
        _stage_failure(report, label, msg("in the forward pass (inputs of shape {shapes})", shapes=shapes), hint,
                       msg("in the forward pass"))
    got = report.get("output")
    if got is None:
        types = report.get("output_types") or ["?"]
        fail(msg("the {what} should be a torch.Tensor, not a {p2}", what=as_message(what), p2=str(types[0]).rsplit('.', 1)[-1]), hint=hint,
             hidden_message=msg("the output of your {name} is not a torch.Tensor", name=name))
    return report, got


def output_of(answer, inputs, *, load=None, forbidden=(), method: str | None = None, what: str | None = None,
              hint: str | None = None):
    """The output of the student's layer (a ``layer(...)``, with the parameter
    values in ``load``) or function on ``inputs``, as a tensor."""
    return _forward(answer, inputs, load=load, forbidden=forbidden, method=method, what=what, hint=hint)[1]


def compare(answer, reference, inputs, *, params=None, input_names=None, what: str | None = None,
            hint: str | None = None, rtol: float | None = None, atol: float | None = None, backward: bool = True,
            forbidden=(), method: str | None = None, upstream_seed: int = 0) -> dict:
    """Run the student's layer (a ``layer(...)``) or function on ``inputs``
    where their code runs and ``reference(*inputs)`` here; compare the
    outputs; then backpropagate the same random upstream gradient through both
    and compare the gradients of the floating point inputs and of ``params``.

    ``params`` maps a parameter of the student's layer ('weight',
    'in_proj.weight') to the reference's leaf tensor: its value is copied into
    the student's layer first, and its gradient is compared. ``forbidden``
    ('F.linear', 'torch.softmax') are blocked while the student's code runs.
    ``method`` calls that method of the answer ('apply' for an
    autograd.Function). Returns what the probe reported."""
    import torch
    params = dict(params or {})
    name = _name_of(answer)
    what = what or msg("output of {p1}", p1=answer.text if isinstance(answer, Layer) else name)
    hidden_what = msg("output of your {name}", name=name)
    names = list(input_names or [msg("input {i}", i=i) for i in range(len(inputs))])
    ref_in = [_fresh(t) for t in inputs]
    for p in params.values():
        p.grad = None
    expected = reference(*ref_in)
    upstream = randn(*expected.shape, seed=upstream_seed, dtype=expected.dtype) if backward else None
    report, got = _forward(answer, inputs, load=params, grad_output=upstream, grads=list(params),
                           forbidden=forbidden, method=method, what=what, hint=hint)
    check_close(got, expected, what=what, rtol=rtol, atol=atol, hint=hint, hidden_what=hidden_what)
    if not backward:
        return report
    if report.get("requires_grad") is not True:
        fail(msg("the {what} does not require grad: the graph to the inputs or the parameters is broken "
                 "(.detach(), .data, torch.no_grad or a new tensor)",
                 what=as_message(what)), hint=hint,
             hidden_message=msg("the {hidden_what} does not require grad (the graph is broken)", hidden_what=as_message(hidden_what)))
    if report.get("stage") == "backward":
        _stage_failure(report, answer.text if isinstance(answer, Layer) else name, msg("in backward()"), hint)
    expected.backward(upstream)
    in_grads = list(report.get("input_grads") or [])[:len(inputs)]
    in_grads += [None] * (len(inputs) - len(in_grads))
    for n, g, r in zip(names, in_grads, ref_in):
        if isinstance(r, torch.Tensor) and r.requires_grad:
            _check_grad(g, r.grad, msg("gradient with respect to {name}", name=n), hint, rtol, atol)
    got_grads = report.get("grads") if isinstance(report.get("grads"), dict) else {}
    for path, ref_p in params.items():
        _check_grad(got_grads.get(path), ref_p.grad, msg("gradient of {path}", path=path), hint, rtol, atol)
    return report


def forward_backward(forward, backward, inputs, grad_output, *, n_grads: int, forbidden=(),
                     hint: str | None = None) -> dict:
    """The student's hand-written pair (``out, cache = forward(*inputs)``,
    ``backward(grad_output, cache)`` returning ``n_grads`` gradients) run where
    their code runs, with autograd off (see ``run_forward_backward``);
    failures become messages. Returns {"output": tensor, "grads": [tensor or
    None], "kinds": ["tensor"|"none"|type name]}."""
    fname, bname = _name_of(forward), _name_of(backward)
    report = _report(_run_probe(run_forward_backward, forward, backward, list(inputs), grad_output,
                                list(forbidden)), fname)
    _refuse_forbidden(report, hint)
    shapes = ", ".join(str(tuple(t.shape)) for t in inputs if t is not None and hasattr(t, "shape"))
    stage = report.get("stage")
    if stage == "forward":
        _stage_failure(report, fname, msg("(inputs of shape {shapes})", shapes=shapes), hint,
                       msg("in the forward function"))
    if stage == "forward-return":
        fail(msg("{fname} should return a pair (out, cache)", fname=fname), hint=hint,
             hidden_message=msg("{fname} did not return a pair (out, cache)", fname=fname))
    if report.get("output") is None:
        fail(msg("{fname} should return (out, cache) with out a torch.Tensor", fname=fname), hint=hint,
             hidden_message=msg("{fname} did not return a tensor as its output", fname=fname))
    if stage == "backward":
        _stage_failure(report, bname, msg("(inputs of shape {shapes})", shapes=shapes), hint,
                       msg("in the backward function"))
    if stage == "backward-return":
        fail(msg("{bname} should return a tuple of {n_grads} gradients", bname=bname, n_grads=n_grads), hint=hint,
             hidden_message=msg("{bname} did not return a tuple of gradients", bname=bname))
    kinds = list(report.get("grad_kinds") or [])
    if len(kinds) != n_grads:
        fail(msg("{bname} should return {n_grads} gradients, one per input of {fname}; it returned {n_kinds}", bname=bname, n_grads=n_grads, fname=fname, n_kinds=len(kinds)),
             hint=hint, hidden_message=msg("{bname} did not return one gradient per input", bname=bname))
    return {"output": report["output"], "grads": list(report.get("grads") or []), "kinds": kinds}


def _check_grad(got, expected, what, hint, rtol, atol) -> None:
    if got is None:
        fail(msg("the {what} is None after backward(): it is not connected to the output (a .detach(), .data "
                 "or a new tensor breaks the graph)",
                 what=as_message(what)), hint=hint,
             hidden_message=msg("the {what} is None after backward()", what=as_message(what)))
    check_close(got, expected, what=what, rtol=rtol, atol=atol, hint=hint)


def dropout_run(cls, p: float | None, x, *, seed: int, forbidden=(), hint: str | None = None) -> dict:
    """What the student's Dropout(p) does to ``x`` (see ``run_dropout``; p=None
    builds it without arguments), with construction and call failures turned
    into messages."""
    label = f"{_name_of(cls)}({'' if p is None else p})"
    report = _report(_run_probe(run_dropout, cls, p, x, seed, list(forbidden)), label)
    _refuse_forbidden(report, hint)
    stages = {"build": msg("when it was created"), "train": msg("in train() mode"),
              "second": msg("when called a second time"), "backward": msg("in backward()"),
              "eval": msg("in eval() mode"), "train again": msg("after .train() again")}
    if report.get("stage"):
        _stage_failure(report, label, stages.get(report["stage"], msg("when it ran")), hint)
    return report


def batchnorm_run(made: Layer, load: dict, steps, *, forbidden=(), hint: str | None = None) -> dict:
    """What the student's layer ``made`` does on a sequence of calls (see
    ``run_batchnorm``: ``steps`` is ``[(mode, x), ...]``, mode "train" or
    "eval"), with the values of ``load`` in its parameters; construction and
    call failures become messages. A step ``(mode, x, w)`` also backpropagates
    ``(output * w).sum()`` from an ``x`` that requires grad. Returns the
    report: ``buffers`` (the registered buffers' names) and ``steps`` (per
    call: ``output``, ``running_mean``, ``running_var``, ``requires_grad`` of
    each, and with a ``w`` ``x_grad``, ``weight_grad`` and ``bias_grad``)."""
    steps = [[str(step[0]), *step[1:]] for step in steps]
    report = _report(_run_probe(run_batchnorm, made.cls, list(made.args), made.kwargs, made.seed,
                                {k: v.detach().clone() for k, v in load.items()}, steps, list(forbidden)), made.text)
    _refuse_forbidden(report, hint)
    stage = report.get("stage")
    if stage == "build":
        _stage_failure(report, made.text, msg("when it was created"), hint)
    if stage == "load":
        _stage_failure(report, made.text, msg("when its parameters were set"), hint)
    if isinstance(stage, int) and 0 <= stage < len(steps):
        mode, x = steps[stage][:2]
        _stage_failure(report, made.text, msg("in call {n} ({mode}() mode, a batch of shape {shape})", n=stage + 1,
                                              mode=mode, shape=tuple(x.shape)), hint,
                       msg("in a call in {mode}() mode", mode=mode))
    if isinstance(stage, list) and len(stage) == 2 and isinstance(stage[0], int) and 0 <= stage[0] < len(steps):
        mode, x = steps[stage[0]][:2]
        _stage_failure(report, made.text, msg("in backward() after call {n} ({mode}() mode, a batch of shape "
                                              "{shape})", n=stage[0] + 1, mode=mode, shape=tuple(x.shape)), hint,
                       msg("in backward() after a call in {mode}() mode", mode=mode))
    if report.get("is_module") is not True:
        fail(msg("{text} should be an nn.Module", text=made.text), hint=hint,
             hidden_message="your layer is not an nn.Module")
    return report


def calls_run(fn, cases, *, hint: str | None = None) -> list[dict]:
    """``fn(*args)`` for each ``args`` of ``cases``, all in one request where the student's code runs (see
    ``run_calls``: a test's cases cost one request and one watch of its calls, not one each); an exception
    becomes a message naming the call's input shapes. Returns per call ``items`` (the result's items, a tensor
    or None each; None when the result is not a tuple or list), ``types``, ``item_types`` (type names, the
    class's first) and ``args_after`` (the arguments after the call, a tensor or None each)."""
    name = _name_of(fn)
    report = _report(_run_probe(run_calls, fn, [list(args) for args in cases]), name)
    stage = report.get("stage")
    if isinstance(stage, int) and 0 <= stage < len(cases):
        shapes = ", ".join(str(tuple(t.shape)) for t in cases[stage] if hasattr(t, "shape"))
        _stage_failure(report, name, msg("(inputs of shape {shapes})", shapes=shapes), hint, msg("when it ran"))
    calls = report.get("calls")
    if not isinstance(calls, list) or len(calls) != len(cases) or not all(isinstance(c, dict) for c in calls):
        fail(msg("{label} could not be observed", label=as_message(name)),
             hidden_message="your answer could not be observed")
    return calls


def fit_run(fit, X, y, *, cut: int, seed: int, epochs: int, batch_size: int, hint: str | None = None) -> dict:
    """Train ``moons_mlp()`` with the student's ``fit`` where their code runs
    (see ``run_fit``); a failure becomes a message."""
    report = _report(_run_probe(run_fit, fit, X, y, cut, seed, epochs, batch_size), "fit")
    if report.get("stage"):
        _stage_failure(report, f"fit(..., epochs={epochs})", msg("while training"), hint)
    return report


def debug_state(n_in: int, n_classes: int, dropout: bool, *, seed: int, scale: float = 1.0) -> dict:
    """The weights of ``debug_mlp(n_in, n_classes, dropout)`` built under ``torch.manual_seed(seed)``, the last
    layer's weights times ``scale``, and batch-norm running statistics away from (0, 1) (so that a model
    evaluated in train() mode gives other outputs than in eval() mode)."""
    import torch
    g = torch.Generator().manual_seed(int(seed))
    torch.random.default_generator.manual_seed(int(seed))
    model = debug_mlp(n_in, n_classes, dropout)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    last = max(k for k in state if k.endswith(".weight"))
    state[last] = state[last] * scale
    state["1.running_mean"] = torch.randn(8, generator=g) * 2.0
    state["1.running_var"] = torch.rand(8, generator=g) * 3.0 + 0.2
    return state


def train_epoch_run(train_epoch, shape, state, batches, lr: float, hint: str | None = None) -> dict:
    """The student's ``train_epoch`` on ``debug_mlp(*shape)`` (see ``run_train_epoch``); a failure becomes a
    message."""
    report = _report(_run_probe(run_train_epoch, train_epoch, list(shape), state, [list(b) for b in batches], lr),
                     "train_epoch")
    if report.get("stage"):
        _stage_failure(report, "train_epoch(model, loader, optimizer)", msg("while training"), hint)
    if report.get("result") is None:
        fail(msg("train_epoch should return the mean loss as a number; it returned a `{kind}`",
                 kind=str(report.get("result_type"))[:40]), hint=hint,
             hidden_message="train_epoch should return the mean loss as a number")
    if not isinstance(report.get("steps"), list):
        fail("the training loop could not be observed", hidden_message="the training loop could not be observed")
    return report


def evaluate_run(evaluate, shape, state, X, y, *, batch_size: int, calls: int = 2, hint: str | None = None) -> dict:
    """The student's ``evaluate`` on ``debug_mlp(*shape)`` handed over in train() mode (see ``run_evaluate``);
    a failure becomes a message."""
    report = _report(_run_probe(run_evaluate, evaluate, list(shape), state, X, y, batch_size, calls), "evaluate")
    if report.get("stage"):
        _stage_failure(report, "evaluate(model, loader)", msg("while evaluating"), hint)
    results = report.get("results")
    if not isinstance(results, list) or len(results) != calls or any(r is None for r in results):
        fail("evaluate should return the accuracy as a number", hint=hint)
    if not isinstance(report.get("grad_enabled"), list) or not isinstance(report.get("state"), dict):
        fail("the evaluation could not be observed", hidden_message="the evaluation could not be observed")
    return report


def check_training(events, *, n_train_batches: int, epochs: int, hint: str | None = None) -> None:
    """What a TrainingSpy recorded, turned into messages."""
    if not isinstance(events, list) or not all(isinstance(e, (tuple, list)) and e for e in events):
        fail("the training loop could not be observed", hidden_message="the training loop could not be observed")
    fw = [e for e in events if e[0] == "forward" and len(e) >= 4]
    train = [e for e in fw if e[1] == "train"]
    val = [e for e in fw if e[1] == "val"]
    steps = [e for e in events if e[0] == "step" and len(e) == 2]
    if len(train) != n_train_batches * epochs:
        fail(msg("the model ran {n_train} forward passes on training batches; with {n_train_batches} batches "
                 "per epoch and {epochs} epochs that should be {p4}",
                 n_train=len(train), n_train_batches=n_train_batches, epochs=epochs, p4=n_train_batches * epochs), hint=hint,
             hidden_message="wrong number of forward passes on training batches")
    if not val:
        fail("the model never ran on the validation loader", hint=hint)
    if any(e[2] is not True for e in train):
        fail("some training batches ran with the model in eval() mode: call model.train() at the start of every "
             "epoch (evaluation switched it to eval())", hint=hint)
    if any(e[2] is not False for e in val):
        fail("validation batches ran with the model in train() mode: call model.eval() before evaluating "
             "(dropout and batch norm behave differently)", hint=hint)
    if any(e[3] is not False for e in val):
        fail("validation ran with gradients enabled: wrap it in `with torch.no_grad():`", hint=hint)
    if len(steps) != len(train):
        fail(msg("optimizer.step() was called {n_steps} times for {n_train} training batches; call it once per "
                 "batch",
                 n_steps=len(steps), n_train=len(train)), hint=hint, hidden_message="optimizer.step() was not called once per training batch")
    if not all(s[1] is True for s in steps):
        fail("optimizer.step() ran while the gradients were missing or zero: call loss.backward() before "
             "optimizer.step()", hint=hint)
    last = None
    for e in events:
        if e[0] == "step":
            if last == "step":
                fail("zero_grad() was not called between two optimizer steps, so the gradients of every batch "
                     "add up", hint=hint)
            last = "step"
        elif e[0] == "zero_grad":
            last = "zero"


def check_history(events, history: list, labels: list, hint: str | None = None) -> None:
    """Each accuracy ``fit`` returned is the one its model had on the
    validation data after that epoch (recomputed from the classes the model
    predicted in each validation pass the spy saw): not one accuracy
    repeated, not a mean of batch accuracies."""
    passes, current, previous = [], None, None
    for e in events or []:
        if e[0] != "forward":
            continue
        if e[1] == "val":
            if previous != "val":
                current = []
                passes.append(current)
            if len(e) > 4 and isinstance(e[4], list):
                current.extend(e[4])
        previous = e[1]
    n = len(labels)
    accs = []
    for preds in passes:
        if n and len(preds) >= n:
            last = preds[len(preds) - n:]        # an epoch evaluated twice: its last pass
            accs.append(sum(int(p == t) for p, t in zip(last, labels)) / n)
    if len(accs) != len(history):
        fail(msg("the model was evaluated on the whole validation data {n_accs} times for {n_history} epochs: "
                 "evaluate once after each epoch",
                 n_accs=len(accs), n_history=len(history)), hint=hint,
             hidden_message="the model was not evaluated once after each epoch")
    for i, (got, acc) in enumerate(zip(history, accs), start=1):
        if not isinstance(got, (int, float)) or abs(float(got) - acc) >= 1e-6:
            fail(msg("the accuracy you returned for epoch {i} is {got}, but after that epoch the model got "
                     "{acc:.4f} on the validation data",
                     i=i, got=short(got), acc=acc), hint=hint or "append the accuracy of each epoch's own "
                 "evaluation, inside the epoch loop",
                 hidden_message="an accuracy you returned is not the model's validation accuracy after its epoch")


def call_with_args(fn, *args, what: str | None = None, hint: str | None = None):
    """``fn(*args)`` where the student's code runs, and the arguments as they
    are after the call: (result, args_after)."""
    label = what or _call_text(_name_of(fn), args, {})
    if isinstance(fn, Ref):
        out = call(call_keeping_args, fn, *args, what=label, hint=hint)
    else:
        try:
            out = wire.roundtrip(call_keeping_args.fn(fn, *wire.roundtrip(list(args))))
        except AnswerRaised as e:
            raise e.check_failed(hint) from None
    if not isinstance(out, dict) or not isinstance(out.get("args_after"), list):
        fail(msg("{label} could not be observed", label=as_message(label)), hidden_message="your answer could not be observed")
    return out.get("result"), out["args_after"]
