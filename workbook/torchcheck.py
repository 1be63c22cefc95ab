"""Checks for the PyTorch assignment (03_pytorch_test).

The test cells of 03 compare a student's layer or function with torch's own
reference on the same inputs and weights. These helpers turn
``torch.testing.assert_close`` into short CheckFailed messages that say
*which* output or gradient differs, where and by how much, without showing
any reference code. They also read an answer's source (for forbidden calls
and the 50-line limit of the mock test), which works for functions and
classes defined in notebook cells, where ``inspect.getsource`` alone fails
for classes on Python < 3.13.

Everything here is generic: no reference implementation of an exercise
lives in this module (it ships to students).
"""
from __future__ import annotations

import ast
import contextlib
import inspect
import io
import linecache
import textwrap
import tokenize

from .checks import CheckFailed, fail, short

# float32 defaults of torch.testing.assert_close, named so messages can show them
RTOL32, ATOL32 = 1.3e-6, 1e-5


# --------------------------------------------------------------------------- tensors

def _describe_diff(got, expected, rtol=None, atol=None) -> str:
    import torch
    g, e = got.detach().double(), expected.detach().double()
    diff = (g - e).abs()
    both_nan = torch.isnan(g) & torch.isnan(e)
    diff = torch.where(both_nan, torch.zeros_like(diff), diff)
    diff = torch.nan_to_num(diff, nan=float("inf"))
    flat = int(diff.argmax())
    idx = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), diff.shape)) if diff.dim() else ()
    if expected.is_floating_point():
        rt = RTOL32 if rtol is None else rtol
        at = ATOL32 if atol is None else atol
        n_bad = int((diff > at + rt * e.abs()).sum())
        allowed = f" (allowed: {at:.2g} + {rt:.2g} × |expected|)"
    else:
        n_bad, allowed = int((diff > 0).sum()), ""
    return (f"{n_bad} of {diff.numel()} elements differ; the largest difference is {float(diff.max()):.3g} "
            f"at index {idx}: got {float(g.flatten()[flat]):.6g}, expected {float(e.flatten()[flat]):.6g}"
            f"{allowed}")


def check_tensor(question: str, got, *, shape=None, dtype=None, what: str = "output",
                 hint: str | None = None) -> None:
    """``got`` is a torch.Tensor (of the given shape and dtype) without NaN or inf."""
    __tracebackhide__ = True
    import torch
    if not isinstance(got, torch.Tensor):
        fail(question, f"the {what} should be a torch.Tensor, not a {type(got).__name__}", hint=hint)
    if shape is not None and tuple(got.shape) != tuple(shape):
        raise CheckFailed(question, f"wrong shape of the {what}", tuple(shape), tuple(got.shape), hint)
    if dtype is not None and got.dtype != dtype:
        raise CheckFailed(question, f"wrong dtype of the {what}", dtype, got.dtype, hint)
    if got.is_floating_point() and not bool(torch.isfinite(got).all()):
        n = int((~torch.isfinite(got)).sum())
        fail(question, f"the {what} contains {n} NaN or infinite value(s)", hint=hint)


def check_close(question: str, got, expected, *, what: str = "output", rtol: float | None = None,
                atol: float | None = None, hint: str | None = None, allow_nan: bool = False) -> None:
    """torch.testing.assert_close(got, expected) as a friendly check.

    The shape and dtype are checked first (with their own messages); then the
    values, at float32 tolerances unless rtol/atol are given. The message
    names the output, the largest difference and where it is."""
    __tracebackhide__ = True
    import torch
    if not isinstance(got, torch.Tensor):
        fail(question, f"the {what} should be a torch.Tensor, not a {type(got).__name__}", hint=hint)
    if tuple(got.shape) != tuple(expected.shape):
        raise CheckFailed(question, f"wrong shape of the {what}", tuple(expected.shape), tuple(got.shape), hint)
    if got.dtype != expected.dtype:
        raise CheckFailed(question, f"wrong dtype of the {what}", expected.dtype, got.dtype, hint)
    if got.is_floating_point() and not allow_nan and not bool(torch.isfinite(got).all()) \
            and bool(torch.isfinite(expected).all()):
        n = int((~torch.isfinite(got)).sum())
        fail(question, f"the {what} contains {n} NaN or infinite value(s) where finite values were expected",
             hint=hint)
    try:
        torch.testing.assert_close(got.detach().cpu(), expected.detach().cpu(), rtol=rtol, atol=atol,
                                   equal_nan=allow_nan)
    except AssertionError:
        fail(question, f"the {what} differs from the reference: "
                       f"{_describe_diff(got.cpu(), expected.cpu(), rtol, atol)}",
             hint=hint)


def check_grad(question: str, tensor, expected_grad, *, what: str = "gradient", hint: str | None = None,
               rtol: float | None = None, atol: float | None = None) -> None:
    """A leaf tensor's ``.grad`` is there and close to ``expected_grad``."""
    __tracebackhide__ = True
    if tensor.grad is None:
        fail(question, f"the {what} is None after backward(): it is not connected to the output "
                       "(a .detach(), .data or a new tensor breaks the graph)", hint=hint)
    check_close(question, tensor.grad, expected_grad, what=what, rtol=rtol, atol=atol, hint=hint)


def call(question: str, func, *args, what: str | None = None, hint: str | None = None, **kwargs):
    """Call the student's code; an exception becomes a CheckFailed naming the call."""
    __tracebackhide__ = True
    try:
        return func(*args, **kwargs)
    except CheckFailed:
        raise
    except Exception as e:
        name = what or getattr(func, "__qualname__", None) or type(func).__name__
        raise CheckFailed(question, f"{name} raised {type(e).__name__}: {e}", hint=hint,
                          show_values=False) from None


def shapes(*tensors) -> str:
    return ", ".join(str(tuple(t.shape)) for t in tensors)


# --------------------------------------------------------------------------- modules

def check_module_class(question: str, namespace: dict, name: str, hint: str | None = None):
    """``name`` is defined and is a subclass of torch.nn.Module."""
    __tracebackhide__ = True
    import torch
    if name not in namespace:
        fail(question, f"`{name}` is not defined: run your answer cell first (and keep the name `{name}`)",
             hint=hint)
    obj = namespace[name]
    if not (isinstance(obj, type) and issubclass(obj, torch.nn.Module)):
        fail(question, f"`{name}` should be a class that subclasses torch.nn.Module, "
                       f"but it is {short(obj)}", hint=hint)
    return obj


def make(question: str, cls, *args, **kwargs):
    """Instantiate the student's class; an exception becomes a friendly failure."""
    __tracebackhide__ = True
    sig = ", ".join([short(a) for a in args] + [f"{k}={short(v)}" for k, v in kwargs.items()])
    return call(question, cls, *args, what=f"{cls.__name__}({sig})", **kwargs)


def check_parameter(question: str, module, attr: str, shape, hint: str | None = None):
    """``module.<attr>`` is a registered nn.Parameter of the given shape."""
    __tracebackhide__ = True
    import torch
    p = getattr(module, attr, None)
    if p is None:
        fail(question, f"{type(module).__name__} has no attribute `{attr}`", hint=hint)
    if not isinstance(p, torch.nn.Parameter):
        fail(question, f"`{attr}` should be an nn.Parameter (so the optimizer sees it), "
                       f"not a {type(p).__name__}", hint=hint)
    if tuple(p.shape) != tuple(shape):
        raise CheckFailed(question, f"wrong shape of `{attr}`", tuple(shape), tuple(p.shape), hint)
    if not any(q is p for q in module.parameters()):
        fail(question, f"`{attr}` is not registered: call super().__init__() first in __init__", hint=hint)
    return p


# --------------------------------------------------------------------------- source

class SourceUnavailable(Exception):
    pass


def _lines_of_file(filename: str) -> list[str]:
    lines = linecache.getlines(filename)
    if not lines:
        linecache.checkcache(filename)
        lines = linecache.getlines(filename)
    return lines


def _code_objects(obj):
    """Code objects of a function, or of the methods of a class."""
    import types
    if inspect.isfunction(obj) or inspect.ismethod(obj):
        yield inspect.unwrap(obj).__code__
        return
    if isinstance(obj, type):
        for value in vars(obj).values():
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if isinstance(value, property):
                value = value.fget
            if isinstance(value, types.FunctionType):
                yield value.__code__


def cell_source(obj) -> str:
    """The whole source of the file or notebook cell that defines ``obj``
    (a function or a class)."""
    for code in _code_objects(obj):
        lines = _lines_of_file(code.co_filename)
        if lines:
            return "".join(lines)
    raise SourceUnavailable(f"cannot find the source of {short(obj)}")


def source_of(obj) -> str:
    """The source of a function or class, also when it was defined in a
    notebook cell (ipykernel keeps each cell in linecache)."""
    try:
        return textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError):
        pass
    text = cell_source(obj)
    name = getattr(obj, "__name__", None)
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            found = node  # the last definition wins, as at run time
    if found is None:
        raise SourceUnavailable(f"cannot find the definition of {name}")
    start = min([found.lineno] + [d.lineno for d in found.decorator_list])
    return textwrap.dedent("".join(lines[start - 1:found.end_lineno]))


def _docstring_lines(tree) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                out.update(range(body[0].lineno, body[0].end_lineno + 1))
    return out


def count_code_lines(source: str) -> int:
    """Lines that hold code: not blank, not only a comment, not a docstring.

    A statement spread over several lines counts each line that has code on
    it (as a reader counts them)."""
    source = textwrap.dedent(source)
    try:
        doc = _docstring_lines(ast.parse(source))
    except SyntaxError:
        doc = set()
    code_lines = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER, tokenize.ENCODING}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in skip:
                continue
            code_lines.update(range(tok.start[0], tok.end[0] + 1))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return sum(1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#"))
    return len(code_lines - doc)


def check_line_limit(question: str, obj, limit: int = 50, *, whole_cell: bool = True) -> int:
    """The answer (by default the whole cell that defines ``obj``) holds at
    most ``limit`` lines of code. Returns the count."""
    __tracebackhide__ = True
    try:
        src = cell_source(obj) if whole_cell else source_of(obj)
    except (SourceUnavailable, SyntaxError):
        try:
            src = source_of(obj)
        except (SourceUnavailable, SyntaxError):
            fail(question, "cannot read the source of your answer to count its lines: define it in the "
                           "answer cell with def or class", hint=None)
    n = count_code_lines(src)
    if n > limit:
        fail(question, f"your answer has {n} lines of code (not counting blank lines, comments and "
                       f"docstrings); the limit is {limit}",
             hint="remove dead code and debugging prints; combine steps; a helper you do not need is a "
                  "line you do not have")
    return n


def _names_used(tree, own: set[str] = frozenset()) -> list[tuple[str, int]]:
    """(name, line) for every attribute access, imported name and name read
    (names in ``own``, defined by the answer itself, are skipped)."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            out.append((node.attr, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.Name) and node.id not in own:
            out.append((node.id, node.lineno))
    return sorted(out, key=lambda t: t[1])


def _defined_names(tree) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
    return out


def _tree_of(question: str, obj):
    __tracebackhide__ = True
    try:
        return ast.parse(source_of(obj))
    except (SourceUnavailable, SyntaxError, OSError):
        fail(question, "cannot read the source of your answer: define it in the answer cell with def or class")


def check_no_calls(question: str, obj, forbidden: dict[str, str], *, hint: str | None = None) -> None:
    """The source of ``obj`` uses none of the forbidden names.

    ``forbidden`` maps a name as it appears in code (an attribute such as
    ``linear`` in ``F.linear``, or an imported name) to how the message shows
    it (``"F.linear"``). Names the answer defines itself (its own class, a
    helper called ``softmax``) are allowed as plain names."""
    __tracebackhide__ = True
    tree = _tree_of(question, obj)
    for name, line in _names_used(tree, _defined_names(tree)):
        if name in forbidden:
            fail(question, f"your answer uses {forbidden[name]} (line {line} of its source); "
                           "this exercise asks you to write that part yourself", hint=hint)


def check_uses(question: str, obj, names: dict[str, str], *, hint: str | None = None) -> None:
    """The source of ``obj`` uses at least one of ``names`` (same form as
    check_no_calls)."""
    __tracebackhide__ = True
    tree = _tree_of(question, obj)
    used = {n for n, _ in _names_used(tree)}
    if not used & set(names):
        fail(question, f"your answer should use {' or '.join(dict.fromkeys(names.values()))}", hint=hint)


@contextlib.contextmanager
def forbid(question: str, targets: list[tuple[object, str, str]], *, hint: str | None = None):
    """Inside the block, calling any ``getattr(module, attr)`` raises a
    CheckFailed naming ``label``: catches forbidden calls the source check
    cannot see (an alias, a helper in another cell)."""
    saved = []

    def blocker(label):
        def blocked(*args, **kwargs):
            __tracebackhide__ = True
            fail(question, f"your answer calls {label}; this exercise asks you to write that part yourself",
                 hint=hint)
        return blocked

    try:
        for module, attr, label in targets:
            saved.append((module, attr, getattr(module, attr)))
            setattr(module, attr, blocker(label))
        yield
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)


# --------------------------------------------------------------------------- data frames

def _plain(x):
    """numpy scalars as Python values, so messages read 6, not np.int64(6)."""
    return x.item() if hasattr(x, "item") and not isinstance(x, (str, bytes)) else x


def check_frame(question: str, got, expected, *, what: str = "DataFrame", hint: str | None = None,
                check_index: bool = True, rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Same columns (in order), same index (optionally), values equal within
    a tolerance for floats; the message names the first column that differs."""
    __tracebackhide__ = True
    import numpy as np
    import pandas as pd
    if not isinstance(got, pd.DataFrame):
        fail(question, f"the {what} should be a pandas DataFrame, not a {type(got).__name__}", hint=hint)
    if list(got.columns) != list(expected.columns):
        raise CheckFailed(question, f"wrong columns of the {what}", list(expected.columns), list(got.columns), hint)
    if len(got) != len(expected):
        raise CheckFailed(question, f"wrong number of rows of the {what}", len(expected), len(got), hint)
    if check_index and list(got.index) != list(expected.index):
        fail(question, f"the index of the {what} changed: keep the rows (and their index) of the input in order",
             hint=hint)
    for col in expected.columns:
        e, g = expected[col], got[col]
        if pd.api.types.is_numeric_dtype(e):
            if not pd.api.types.is_numeric_dtype(g):
                fail(question, f"column {col!r} of the {what} should be numeric, not {g.dtype}", hint=hint)
            ev, gv = e.to_numpy(dtype=float), g.to_numpy(dtype=float)
            if not np.allclose(gv, ev, rtol=rtol, atol=atol, equal_nan=True):
                bad = int(np.flatnonzero(~np.isclose(gv, ev, rtol=rtol, atol=atol, equal_nan=True))[0])
                raise CheckFailed(question, f"wrong value in column {col!r} of the {what}, "
                                            f"row {_plain(got.index[bad])!r}", float(ev[bad]), float(gv[bad]), hint)
        else:
            ev, gv = e.astype(object).tolist(), g.astype(object).tolist()
            for i, (a, b) in enumerate(zip(ev, gv)):
                if not (a == b or (pd.isna(a) and pd.isna(b))):
                    raise CheckFailed(question, f"wrong value in column {col!r} of the {what}, "
                                                f"row {_plain(got.index[i])!r}", _plain(a), _plain(b), hint)


# --------------------------------------------------------------------------- forward and backward

def _fresh(t):
    import torch
    if isinstance(t, torch.Tensor) and t.is_floating_point():
        return t.detach().clone().requires_grad_(True)
    return t


def compare(question: str, mine, reference, inputs, *, what: str = "output", params=(),
            input_names=None, hint: str | None = None, rtol: float | None = None, atol: float | None = None,
            backward: bool = True, seed: int = 0, forbidden=()):
    """Run ``mine(*inputs)`` and ``reference(*inputs)`` on separate copies of
    the inputs and compare the outputs; then backpropagate the same random
    upstream gradient through both and compare the gradients of the floating
    point inputs and of ``params``: a list of (label, my_param, ref_param).
    ``forbidden`` (as for ``forbid``) is blocked while the answer's forward
    and backward run (not while the reference runs). Returns my output."""
    __tracebackhide__ = True
    import torch
    mine_in = [_fresh(t) for t in inputs]
    ref_in = [_fresh(t) for t in inputs]
    names = list(input_names or [f"input {i}" for i in range(len(inputs))])
    for _, p, q in params:
        p.grad = None
        q.grad = None
    label = what
    with forbid(question, list(forbidden), hint=hint):
        got = call(question, mine, *mine_in, what=f"the forward pass ({label}) on inputs of shape "
                                                    f"{shapes(*[t for t in inputs if isinstance(t, torch.Tensor)])}",
                   hint=hint)
    expected = reference(*ref_in)
    check_close(question, got, expected, what=label, rtol=rtol, atol=atol, hint=hint)
    if not backward:
        return got
    gen = torch.Generator().manual_seed(seed)
    upstream = torch.randn(expected.shape, generator=gen, dtype=expected.dtype)
    if not got.requires_grad:
        fail(question, f"the {label} does not require grad: the graph to the inputs or the parameters is "
                       "broken (.detach(), .data, torch.no_grad or a new tensor)", hint=hint)
    with forbid(question, list(forbidden), hint=hint):
        call(question, got.backward, upstream, what=f"backward() through your {label}", hint=hint)
    expected.backward(upstream)
    for name, a, b in zip(names, mine_in, ref_in):
        if isinstance(a, torch.Tensor) and a.requires_grad:
            check_grad(question, a, b.grad, what=f"gradient with respect to {name}", hint=hint, rtol=rtol, atol=atol)
    for name, p, q in params:
        check_grad(question, p, q.grad, what=f"gradient of {name}", hint=hint, rtol=rtol, atol=atol)
    return got


def check_uniform_init(question: str, tensor, bound: float, *, what: str = "weight", hint: str | None = None,
                       check_std: bool = True) -> None:
    """Values look drawn from U(-bound, bound): inside the bound, reaching
    close to it, centred, with the standard deviation of that uniform."""
    __tracebackhide__ = True
    t = tensor.detach().double().flatten()
    top = float(t.abs().max())
    if top > bound * (1 + 1e-5):
        fail(question, f"the {what} has values up to {top:.4g} in absolute value, but the initialisation "
                       f"should stay within ±{bound:.4g}", hint=hint)
    if top < 0.8 * bound:
        fail(question, f"the {what} only reaches {top:.4g} in absolute value: values drawn uniformly from "
                       f"±{bound:.4g} should come close to the bound", hint=hint)
    if abs(float(t.mean())) > 0.05 * bound + 3 * bound / max(1, t.numel()) ** 0.5:
        fail(question, f"the {what} is not centred on 0 (mean {float(t.mean()):.4g})", hint=hint)
    if check_std:
        want = bound / 3 ** 0.5
        std = float(t.std())
        if abs(std - want) > 0.05 * want:
            fail(question, f"the {what} has a standard deviation of {std:.4g}; a uniform distribution on "
                           f"±{bound:.4g} has {want:.4g}", hint=hint)


# --------------------------------------------------------------------------- training loops

class TrainingSpy:
    """Watches a training loop from the outside.

    ``spy = TrainingSpy(model, optimizer)`` records, for each forward pass of
    ``model``, whether it ran in train() mode and with gradients enabled and
    which loader the batch came from (wrap loaders with ``spy.loader(dl,
    "train")``); and the order of ``optimizer.zero_grad()`` and ``step()``
    calls. ``spy.check(question, ...)`` turns what it saw into messages."""

    def __init__(self, model, optimizer):
        self.events: list[tuple] = []
        self.phase = None
        self.model = model
        self.optimizer = optimizer
        model.register_forward_hook(self._hook)
        spy = self
        orig_zero, orig_step = optimizer.zero_grad, optimizer.step

        def zero_grad(*a, **k):
            spy.events.append(("zero_grad",))
            return orig_zero(*a, **k)

        def step(*a, **k):
            grads = [p.grad for g in optimizer.param_groups for p in g["params"]]
            spy.events.append(("step", any(g is not None and bool(g.abs().sum() > 0) for g in grads)))
            return orig_step(*a, **k)

        optimizer.zero_grad = zero_grad
        optimizer.step = step

    def _hook(self, module, inputs, output):
        import torch
        self.events.append(("forward", self.phase, module.training, torch.is_grad_enabled()))

    def loader(self, dl, phase: str):
        spy = self

        class Watched:
            dataset = dl.dataset
            batch_size = dl.batch_size

            def __iter__(self):
                for batch in dl:
                    spy.phase = phase
                    yield batch
                spy.phase = None

            def __len__(self):
                return len(dl)

        return Watched()

    def check(self, question: str, *, n_train_batches: int, epochs: int, hint: str | None = None) -> None:
        __tracebackhide__ = True
        fw = [e for e in self.events if e[0] == "forward"]
        train = [e for e in fw if e[1] == "train"]
        val = [e for e in fw if e[1] == "val"]
        steps = [e for e in self.events if e[0] == "step"]
        if len(train) != n_train_batches * epochs:
            fail(question, f"the model ran {len(train)} forward passes on training batches; with "
                           f"{n_train_batches} batches per epoch and {epochs} epochs that should be "
                           f"{n_train_batches * epochs}", hint=hint)
        if not val:
            fail(question, "the model never ran on the validation loader", hint=hint)
        if any(not e[2] for e in train):
            fail(question, "some training batches ran with the model in eval() mode: call model.train() at the "
                           "start of every epoch (evaluation switched it to eval())", hint=hint)
        if any(e[2] for e in val):
            fail(question, "validation batches ran with the model in train() mode: call model.eval() before "
                           "evaluating (dropout and batch norm behave differently)", hint=hint)
        if any(e[3] for e in val):
            fail(question, "validation ran with gradients enabled: wrap it in `with torch.no_grad():`", hint=hint)
        if len(steps) != len(train):
            fail(question, f"optimizer.step() was called {len(steps)} times for {len(train)} training batches; "
                           "call it once per batch", hint=hint)
        if not all(s[1] for s in steps):
            fail(question, "optimizer.step() ran while the gradients were missing or zero: call loss.backward() "
                           "before optimizer.step()", hint=hint)
        last = None
        for e in self.events:
            if e[0] == "step":
                if last == "step":
                    fail(question, "optimizer.zero_grad() was not called between two optimizer steps, so the "
                                   "gradients of every batch add up", hint=hint)
                last = "step"
            elif e[0] == "zero_grad":
                last = "zero"
