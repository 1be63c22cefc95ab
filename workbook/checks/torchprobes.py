"""The kernel side of the PyTorch checks (03_pytorch_test): probes that run
where the student's code runs, sent there as source (``probe``), each with
the helpers of this module it reads. ``run_layer`` builds the student's class
under ``torch.manual_seed(seed)``, loads the parameter values the judge
chose, runs forward and backward with functions such as ``F.linear``
blocked, and reports parameters, outputs and gradients as plain data;
``inspect_layer``, ``run_dropout``, ``run_batchnorm``, ``run_fit``, ``run_train_epoch``,
``run_evaluate`` and ``call_keeping_args`` observe the other answers. A probe never decides a verdict: it reports what
it saw. The judge's side is ``pytorch``."""
from __future__ import annotations

import contextlib

from .exercise import probe
from .kernel import raised as _kernel_raised
from .kernel import type_names as _mro

# short names a test uses for functions to block at run time ("F.linear")
_ALIASES = {"F": "torch.nn.functional", "nn": "torch.nn", "torch": "torch"}


def _raised(exc: BaseException) -> dict:
    return _kernel_raised(exc)


def _resolve(label: str):
    """'F.linear' -> (torch.nn.functional, 'linear'); only torch modules."""
    import importlib
    mod, _, attr = str(label).rpartition(".")
    mod = _ALIASES.get(mod, mod)
    if not (mod == "torch" or mod.startswith("torch.")) or not attr.isidentifier():
        return None
    try:
        module = importlib.import_module(mod)
    except ImportError:
        return None
    return (module, attr) if hasattr(module, attr) else None


@contextlib.contextmanager
def blocked(labels, seen: list):
    """Inside the block, calling any of the functions named in ``labels``
    ('F.linear', 'torch.softmax') records the label in ``seen`` and raises:
    catches forbidden calls the source check cannot see (an alias, a helper
    in another cell)."""
    saved = []

    def blocker(label):
        def blocked_call(*args, **kwargs):
            seen.append(label)
            raise RuntimeError(f"{label} is not allowed in this exercise: write that part yourself")
        return blocked_call

    try:
        for label in labels:
            target = _resolve(label)
            if target is None:
                continue
            module, attr = target
            saved.append((module, attr, getattr(module, attr)))
            setattr(module, attr, blocker(label))
        yield seen
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)


def _get_path(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _describe_attr(module, path: str) -> dict:
    import torch
    try:
        obj = _get_path(module, path)
    except AttributeError:
        return {"kind": "missing"}
    if obj is None:
        return {"kind": "none"}
    if isinstance(obj, torch.nn.Parameter):
        registered = any(q is obj for q in module.parameters()) if isinstance(module, torch.nn.Module) else False
        return {"kind": "parameter", "shape": [int(d) for d in obj.shape], "registered": bool(registered),
                "value": obj.detach().clone().as_subclass(torch.Tensor)}
    if isinstance(obj, torch.Tensor):
        return {"kind": "tensor", "shape": [int(d) for d in obj.shape],
                "value": obj.detach().clone().as_subclass(torch.Tensor)}
    if isinstance(obj, torch.nn.Module):
        return {"kind": "module", "types": _mro(type(obj))}
    return {"kind": "other", "types": _mro(type(obj))}


def _tensor_or_type(x):
    import torch
    if isinstance(x, torch.Tensor):
        return x.detach().clone().as_subclass(torch.Tensor)
    return None


def _seed(torch, seed) -> None:
    """``torch.manual_seed(seed)`` for the CPU, the only device a grading kernel has: the default generator
    alone. torch.manual_seed also queues a lazy seeding of CUDA (and MPS, XPU, MTIA) that formats the whole call
    stack each time, which the watch of an answer's calls then follows frame by frame (0.4 CPU-s of a 03
    submission)."""
    torch.random.default_generator.manual_seed(int(seed))


def _build(answer, build, seed):
    import torch
    if build is None:
        return answer
    args, kwargs = build
    _seed(torch, seed)
    return answer(*args, **kwargs)


@probe
def inspect_layer(cls, args, kwargs, seed, paths):
    """Runs with your code: builds ``cls(*args, **kwargs)`` under
    ``torch.manual_seed(seed)`` and describes the attributes named in
    ``paths`` ('weight', 'w_gate.weight'...) and the registered parameters."""
    import torch
    report = {"attrs": {}, "parameters": [], "training": None}
    try:
        layer = _build(cls, (args, kwargs), seed)
    except BaseException as e:  # the student's constructor raised
        return {"stage": "build", "raised": _raised(e)}
    try:
        for path in paths:
            report["attrs"][path] = _describe_attr(layer, path)
        if isinstance(layer, torch.nn.Module):
            report["parameters"] = [[str(n), [int(d) for d in p.shape]] for n, p in layer.named_parameters()]
            report["training"] = bool(layer.training)
        report["is_module"] = isinstance(layer, torch.nn.Module)
    except BaseException as e:
        return {"stage": "inspect", "raised": _raised(e)}
    return report


@probe
def run_layer(answer, build, seed, load, inputs, grad_output, grads, forbidden, method=None):
    """Runs with your code: builds your layer (``build`` = (args, kwargs), under
    ``torch.manual_seed(seed)``; None for a function), copies the values in
    ``load`` into the named parameters, runs it on ``inputs`` (floating point
    inputs require grad) with the functions in ``forbidden`` blocked, then
    backpropagates ``grad_output``; reports the output and the gradients of
    the inputs and of the parameters named in ``grads``."""
    import torch
    seen: list = []
    report = {"forbidden": seen, "stage": None}
    with blocked(forbidden, seen):
        try:
            target = _build(answer, build, seed)
        except BaseException as e:
            report.update(stage="build", raised=_raised(e))
            return report
        try:
            with torch.no_grad():
                for path, value in (load or {}).items():
                    _get_path(target, path).copy_(value)
        except BaseException as e:
            report.update(stage="load", raised=_raised(e), path=path)
            return report
        if isinstance(target, torch.nn.Module):
            target.train()
        xs = [x.detach().clone().requires_grad_(True) if isinstance(x, torch.Tensor) and x.is_floating_point()
              else x for x in inputs]
        try:
            fn = getattr(target, method) if method else target
            out = fn(*xs)
        except BaseException as e:
            report.update(stage="forward", raised=_raised(e))
            return report
        report["output"] = _tensor_or_type(out)
        report["output_types"] = _mro(type(out))
        is_tensor = isinstance(out, torch.Tensor)
        report["requires_grad"] = bool(is_tensor and out.requires_grad)
        if grad_output is None or not report["requires_grad"] or tuple(out.shape) != tuple(grad_output.shape):
            return report
        try:
            out.backward(grad_output.to(out.dtype))
        except BaseException as e:
            report.update(stage="backward", raised=_raised(e))
            return report
        report["input_grads"] = [_tensor_or_type(x.grad) if isinstance(x, torch.Tensor) and x.requires_grad
                                 else None for x in xs]
        got = {}
        for path in grads:
            try:
                got[path] = _tensor_or_type(_get_path(target, path).grad)
            except AttributeError:
                got[path] = None
        report["grads"] = got
    return report


@probe
def run_forward_backward(forward, backward, inputs, grad_output, forbidden):
    """Runs with your code, with autograd switched off (``torch.no_grad``) and
    the functions in ``forbidden`` blocked: ``out, cache = forward(*inputs)``,
    then ``backward(grad_output, cache)``; reports the output and each
    gradient returned (a tensor, or None), or the stage that failed."""
    import torch
    seen: list = []
    report = {"forbidden": seen, "stage": None}
    with blocked(forbidden, seen), torch.no_grad():
        try:
            result = forward(*inputs)
        except BaseException as e:
            report.update(stage="forward", raised=_raised(e))
            return report
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            report.update(stage="forward-return")
            return report
        out, cache = result
        report["output"] = _tensor_or_type(out)
        report["output_types"] = _mro(type(out))
        try:
            grads = backward(grad_output, cache)
        except BaseException as e:
            report.update(stage="backward", raised=_raised(e))
            return report
        if not isinstance(grads, (tuple, list)):
            report.update(stage="backward-return")
            return report
        report["grads"] = [_tensor_or_type(g) for g in grads]
        report["grad_kinds"] = ["none" if g is None else "tensor" if isinstance(g, torch.Tensor) else
                                str(type(g).__name__) for g in grads]
    return report


@probe
def run_dropout(cls, p, x, seed, forbidden):
    """Runs with your code: builds ``cls(p)`` (``cls()`` when ``p`` is None)
    under ``torch.manual_seed(seed)``; calls it twice in train() mode,
    backpropagates the sum of the first output, then calls it in eval() mode
    and again in train() mode, then 300 times on the first 40
    elements of ``x`` (the number of zeros of each call)."""
    import torch
    seen: list = []
    report = {"forbidden": seen, "stage": None}
    with blocked(forbidden, seen):
        stage = "build"
        try:
            _seed(torch, seed)
            drop = cls() if p is None else cls(p)
            stage = "train"
            xr = x.detach().clone().requires_grad_(True)
            y = drop(xr)
            report["y"] = _tensor_or_type(y)
            report["y_requires_grad"] = bool(isinstance(y, torch.Tensor) and y.requires_grad)
            stage = "second"
            report["y2"] = _tensor_or_type(drop(x.detach().clone()))
            if report["y_requires_grad"]:
                stage = "backward"
                y.sum().backward()
                report["grad"] = _tensor_or_type(xr.grad)
            stage = "eval"
            drop.eval()
            report["z"] = _tensor_or_type(drop(x.detach().clone()))
            stage = "train again"
            drop.train()
            report["w"] = _tensor_or_type(drop(x.detach().clone()))
            # the number of zeros on many calls on a small input: independent draws make it vary as a
            # binomial count does (randperm's round(p * n) zeros never vary); a failure here is
            # reported as "after .train() again"
            small = x.detach().reshape(-1)[:40].clone()
            report["zeros"] = [int((drop(small) == 0).sum()) for _ in range(300)]
        except BaseException as e:
            report.update(stage=stage, raised=_raised(e))
    return report


@probe
def run_batchnorm(cls, args, kwargs, seed, load, steps, forbidden):
    """Runs with your code: builds ``cls(*args, **kwargs)`` under
    ``torch.manual_seed(seed)``, reports its buffers, copies the values in
    ``load`` into its parameters, then makes the calls of ``steps`` in turn
    (``[mode, x]`` or ``[mode, x, w]``: "train" or "eval", set with
    ``.train()``/``.eval()``); after each call, the output and
    ``running_mean`` and ``running_var``, and whether each of them requires
    grad (is part of the autograd graph). With a ``w``, ``x`` requires grad
    and ``(output * w).sum()`` is backpropagated (the parameters' gradients
    cleared first): the gradients of ``x``, ``weight`` and ``bias``."""
    import torch
    seen: list = []
    report = {"forbidden": seen, "stage": None, "steps": []}
    with blocked(forbidden, seen):
        stage = "build"
        try:
            layer = _build(cls, (args, kwargs), seed)
            report["is_module"] = isinstance(layer, torch.nn.Module)
            report["buffers"] = sorted(str(n) for n, _ in layer.named_buffers()) if report["is_module"] else []
            stage = "load"
            with torch.no_grad():
                for path, value in (load or {}).items():
                    _get_path(layer, path).copy_(value)
            for i, step in enumerate(steps):
                mode, x = step[0], step[1]
                w = step[2] if len(step) > 2 else None
                stage = i
                layer.train(mode == "train")
                xr = x.detach().clone()
                if w is not None:
                    xr.requires_grad_(True)
                    for p in layer.parameters():
                        p.grad = None
                out = layer(xr)
                entry = {"output": _tensor_or_type(out), "output_types": _mro(type(out)),
                         "requires_grad": bool(isinstance(out, torch.Tensor) and out.requires_grad)}
                for name in ("running_mean", "running_var"):
                    buffer = getattr(layer, name, None)
                    entry[name] = _tensor_or_type(buffer)
                    entry[name + "_requires_grad"] = bool(isinstance(buffer, torch.Tensor) and buffer.requires_grad)
                report["steps"].append(entry)
                if w is not None and entry["requires_grad"] and entry["output"] is not None \
                        and tuple(out.shape) == tuple(w.shape):
                    stage = [i, "backward"]
                    (out * w.to(out.dtype)).sum().backward()
                    entry["x_grad"] = _tensor_or_type(xr.grad)
                    for name in ("weight", "bias"):
                        try:
                            entry[name + "_grad"] = _tensor_or_type(_get_path(layer, name).grad)
                        except AttributeError:
                            entry[name + "_grad"] = None
        except BaseException as e:
            report.update(stage=stage, raised=_raised(e))
    return report


def moons_mlp():
    """The small MLP with dropout that the training-loop test trains."""
    import torch.nn as nn
    return nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 32), nn.ReLU(),
                         nn.Linear(32, 2))


class TrainingSpy:
    """Watches a training loop from the outside (in the kernel).

    ``spy = TrainingSpy(model, optimizer)`` records, for each forward pass of
    ``model``, whether it ran in train() mode and with gradients enabled and
    which loader the batch came from (wrap loaders with ``spy.loader(dl,
    "train")``); and the order of ``optimizer.zero_grad()`` and ``step()``
    calls (``model.zero_grad()`` counts as a ``zero_grad`` too: it clears the
    same gradients). It only records: ``check_training`` (judge side) reads the
    events."""

    def __init__(self, model, optimizer):
        self.events: list[tuple] = []
        self.phase = None
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
        orig_model_zero = model.zero_grad

        def model_zero_grad(*a, **k):
            spy.events.append(("zero_grad",))
            return orig_model_zero(*a, **k)

        model.zero_grad = model_zero_grad

    def _hook(self, module, inputs, output):
        import torch
        event = ("forward", self.phase, bool(module.training), bool(torch.is_grad_enabled()))
        if self.phase == "val":   # the predicted classes, to recompute each epoch's accuracy
            try:
                event += (output.detach().argmax(-1).reshape(-1).tolist(),)
            except Exception:
                pass
        self.events.append(event)

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


@probe
def run_fit(fit, X, y, cut, seed, epochs, batch_size):
    """Runs with your code: trains ``moons_mlp()`` with your ``fit`` (Adam,
    cross-entropy, the first ``cut`` rows for training, the rest for
    validation), watching the loop; reports what fit returned, what the
    loop did and the trained weights."""
    import torch
    import torch.nn as nn
    from torch.utils.data import DataLoader, TensorDataset
    _seed(torch, seed)
    train_dl = DataLoader(TensorDataset(X[:cut], y[:cut]), batch_size=batch_size, shuffle=True)
    val_dl = DataLoader(TensorDataset(X[cut:], y[cut:]), batch_size=64)
    model = moons_mlp()
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    spy = TrainingSpy(model, opt)
    model.eval()   # a loop must not rely on the mode it is handed
    report = {"n_train_batches": len(train_dl), "stage": None}
    try:
        hist = fit(model, spy.loader(train_dl, "train"), spy.loader(val_dl, "val"), opt, nn.CrossEntropyLoss(),
                   epochs)
    except BaseException as e:
        report.update(stage="fit", raised=_raised(e))
        return report
    report["history"] = hist if isinstance(hist, list) else None
    report["history_type"] = type(hist).__name__
    report["events"] = list(spy.events)
    report["state"] = {str(k): v.detach().clone() for k, v in model.state_dict().items()}
    return report


def debug_mlp(n_in, n_classes, dropout):
    """The small classifier of Question 14b's tests: Linear, BatchNorm1d, ReLU, (Dropout), Linear."""
    import torch.nn as nn
    layers = [nn.Linear(n_in, 8), nn.BatchNorm1d(8), nn.ReLU()] + ([nn.Dropout(0.5)] if dropout else [])
    return nn.Sequential(*layers, nn.Linear(8, n_classes))


@probe
def run_train_epoch(train_epoch, shape, state, batches, lr):
    """Runs with your code: builds ``debug_mlp(*shape)`` (no dropout) with the weights in ``state``, and runs
    your ``train_epoch`` on ``batches`` (a list of (x, y) pairs) with plain SGD at learning rate ``lr``;
    reports what it returned, the gradients the optimizer held at each of its steps and the weights after."""
    import torch
    model = debug_mlp(*shape)
    model.load_state_dict(state)
    model.eval()   # a loop must not rely on the mode it is handed
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    seen: list = []
    orig_step = opt.step

    def step(*a, **k):
        seen.append([None if p.grad is None else p.grad.detach().clone() for p in model.parameters()])
        return orig_step(*a, **k)

    opt.step = step

    class Loader:
        dataset = [pair for xb, yb in batches for pair in zip(xb, yb)]
        batch_size = len(batches[0][0])

        def __iter__(self):
            return iter([(xb.clone(), yb.clone()) for xb, yb in batches])

        def __len__(self):
            return len(batches)

    report = {"stage": None}
    try:
        out = train_epoch(model, Loader(), opt)
    except BaseException as e:
        report.update(stage="train_epoch", raised=_raised(e))
        return report
    report["result"] = out if isinstance(out, (int, float)) and not isinstance(out, bool) else None
    report["result_type"] = type(out).__name__
    report["steps"] = seen
    report["state"] = {str(k): v.detach().clone() for k, v in model.state_dict().items()}
    return report


@probe
def run_evaluate(evaluate, shape, state, X, y, batch_size, calls):
    """Runs with your code: builds ``debug_mlp(*shape)`` (with dropout) with the weights and batch-norm
    statistics in ``state``, puts it in train() mode, and calls your ``evaluate`` ``calls`` times on a loader
    of (X, y); reports the results, whether each forward pass ran with gradients enabled and the model's
    state after the calls."""
    import torch
    from torch.utils.data import DataLoader, TensorDataset
    model = debug_mlp(*shape)
    model.load_state_dict(state)
    model.train()
    grad_enabled: list = []
    model.register_forward_hook(lambda m, i, o: grad_enabled.append(bool(torch.is_grad_enabled())))
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size)
    report = {"stage": None, "results": []}
    for _ in range(calls):
        try:
            out = evaluate(model, loader)
        except BaseException as e:
            report.update(stage="evaluate", raised=_raised(e))
            return report
        report["results"].append(out if isinstance(out, (int, float)) and not isinstance(out, bool) else None)
    report["grad_enabled"] = grad_enabled
    report["state"] = {str(k): v.detach().clone() for k, v in model.state_dict().items()}
    return report


@probe
def call_keeping_args(fn, *args):
    """Runs with your code: calls ``fn(*args)`` and reports its result and the
    arguments as they are after the call (to see whether it changed them)."""
    return {"result": fn(*args), "args_after": list(args)}


@probe
def run_calls(fn, cases):
    """Runs with your code: ``fn(*args)`` for each ``args`` of ``cases`` in turn, each on its own copies of the
    tensors; per call, the result (a tuple or list item by item: a tensor, or None with its type) and the
    arguments as they are after the call (to see whether it changed them). Stops at the first exception."""
    import torch
    report = {"stage": None, "calls": []}
    for i, args in enumerate(cases):
        args = [a.detach().clone() if isinstance(a, torch.Tensor) else a for a in args]
        try:
            out = fn(*args)
            items = list(out) if isinstance(out, (tuple, list)) else None
            report["calls"].append({
                "types": _mro(type(out)),
                "items": None if items is None else [_tensor_or_type(x) for x in items],
                "item_types": None if items is None else [_mro(type(x)) for x in items],
                "args_after": [_tensor_or_type(a) for a in args]})
        except BaseException as e:
            report.update(stage=i, raised=_raised(e))
            break
    return report
