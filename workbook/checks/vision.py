"""Checks for 11_vision (object recognition basics).

Judge side: comparisons that say which part of an answer differs (an array's channel, an index list's
first difference, a box matrix's case, a YOLO label file's line and column), in the words of the question;
``check_line_error`` for a ValueError that must name its line; ``check_no_loops`` for the vectorised IoU. Kernel side: two probes, sent as source like every probe, that run the student's code
where it lives: ``call_with_generator`` builds the ``torch.Generator`` a random crop draws from (a
generator is not data, so it cannot cross the wire) and ``predict_kinds`` runs the trained classifier
on crops the judge chose. A probe never decides a verdict: it reports what it saw.

No reference implementation of an exercise lives here (this module ships to students); the references
are in the hidden parts of the test cells."""
from __future__ import annotations

import ast
import re

from . import wire
from .core import CheckFailed, fail, hidden_type, short, where_of
from .exercise import AnswerRaised, Ref, call, probe
from .kernel import raised as _raised
from ..messages import Message, as_message, msg


# =========================================================================== judge side
def check_pair(got, *, what: str, hint: str | None = None) -> tuple:
    """``got`` is a tuple or a list of two values; returns it as a tuple."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        what = as_message(what)
        fail(msg("the {what} should be a tuple of two values, not {got}", what=what, got=short(got)), hint=hint,
             hidden_message=msg("the {what} should be a tuple of two values", what=what))
    return tuple(got)


def check_array(got, expected, *, what: str, tol: float = 1e-6, exact: bool = False, hint: str | None = None) -> None:
    """``got`` is a NumPy array of ``expected``'s shape with the same values: exactly (and the same dtype)
    with ``exact``, else floats within ``tol``. A failure names the first element that differs."""
    import numpy as np
    what = as_message(what)
    if not isinstance(got, np.ndarray):
        fail(msg("the {what} should be a NumPy array, not a {type}", what=what, type=type(got).__name__), hint=hint,
             hidden_message=msg("the {what} should be a NumPy array", what=what))
    if got.shape != expected.shape:
        raise CheckFailed(msg("wrong shape of the {what}", what=what), expected.shape, got.shape, hint,
                          hidden_message=msg("wrong shape of the {what}", what=what))
    if exact and got.dtype != expected.dtype:
        raise CheckFailed(msg("wrong dtype of the {what}", what=what), expected.dtype, got.dtype, hint,
                          hidden_message=msg("wrong dtype of the {what}", what=what))
    if not exact and got.dtype.kind != "f":
        fail(msg("the {what} should hold floats, not {dtype}", what=what, dtype=got.dtype), hint=hint,
             hidden_message=msg("the {what} should hold floats", what=what))
    if exact:
        bad = got != expected
    else:
        with np.errstate(invalid="ignore"):
            bad = ~(np.abs(got.astype(np.float64) - expected) <= tol)
    if bad.any():
        at = tuple(int(i) for i in np.argwhere(bad)[0])
        n, size, g, e = int(bad.sum()), bad.size, got[at].item(), expected[at].item()
        fail(msg("{n} of {size} values of the {what} differ; the first at index {at}: got {got}, expected {expected}",
                 n=n, size=size, what=what, at=at, got=g, expected=e),
             hint=hint, hidden_message=msg("wrong values in the {what}", what=what))


def check_indices(got, expected: list[int], *, what: str, hint: str | None = None,
                  wrong_order: str | None = None) -> None:
    """``got`` is an int64 tensor holding exactly ``expected``, in order; a failure names the first
    position that differs. ``wrong_order`` (for a result that is a set of distinct indices put in an order, such
    as the boxes NMS keeps): how they should be ordered, said when ``got`` holds the right indices in another
    order."""
    import torch
    what = as_message(what)
    if not isinstance(got, torch.Tensor):
        fail(msg("the {what} should be a torch.Tensor, not a {type}", what=what, type=type(got).__name__), hint=hint,
             hidden_message=msg("the {what} should be a torch.Tensor", what=what))
    if got.dtype != torch.int64 or got.dim() != 1:
        fail(msg("the {what} should be a 1-D int64 tensor, not {dtype} of shape {shape}", what=what, dtype=got.dtype,
                 shape=tuple(got.shape)), hint=hint,
             hidden_message=msg("the {what} should be a 1-D int64 tensor", what=what))
    values = got.tolist()
    if wrong_order is not None and values != list(expected) and sorted(values) == sorted(expected):
        text = msg("the right {what}, in the wrong order: they should be {order}", what=what,
                   order=as_message(wrong_order))
        raise CheckFailed(text, list(expected), values, hint, hidden_message=text)
    if values != list(expected):
        at = next((i for i, (a, b) in enumerate(zip(values, expected)) if a != b), min(len(values), len(expected)))
        n_got, n_want = len(values), len(expected)
        raise CheckFailed(msg("wrong {what} ({n_got} values, {n_want} expected; the first difference at position {at})",
                              what=what, n_got=n_got, n_want=n_want, at=at),
                          list(expected), values, hint, hidden_message=msg("wrong {what}", what=what))


def check_float(got, *, what: str, hint: str | None = None) -> None:
    """``got`` is a real float: an instance of Python's ``float``, as ``np.float64`` (a subclass of it) is; not
    a bool, an int, a tensor or a NumPy array, even of one value (``np.float32`` is not a ``float`` either)."""
    what = as_message(what)
    if not isinstance(got, float):
        fail(msg("the {what} should be a Python float, not {type}", what=what, type=type(got).__name__),
             hint=hint or msg("float(...) turns a tensor or a NumPy value of one element into a Python float"),
             hidden_message=msg("the {what} should be a Python float", what=what))


def check_floats(got, expected, *, what: str, tol: float = 1e-6, hint: str | None = None) -> None:
    """``got`` is a floating-point tensor (any float dtype) of ``expected``'s shape whose values are within
    ``tol`` of it; a failure names the first position that differs."""
    import torch
    what = as_message(what)
    if not isinstance(got, torch.Tensor):
        fail(msg("the {what} should be a torch.Tensor, not a {type}", what=what, type=type(got).__name__), hint=hint,
             hidden_message=msg("the {what} should be a torch.Tensor", what=what))
    if not got.is_floating_point():
        fail(msg("the {what} should hold floats, not {dtype}", what=what, dtype=got.dtype), hint=hint,
             hidden_message=msg("the {what} should hold floats", what=what))
    if tuple(got.shape) != tuple(expected.shape):
        raise CheckFailed(msg("wrong shape of the {what}", what=what), tuple(expected.shape), tuple(got.shape), hint,
                          hidden_message=msg("wrong shape of the {what}", what=what))
    bad = ~((got.double() - expected.double()).abs() <= tol)
    if bool(bad.any()):
        at = int(bad.nonzero()[0, 0]) if bad.dim() == 1 else tuple(int(i) for i in bad.nonzero()[0])
        g, e, n = float(got.reshape(-1)[int(bad.reshape(-1).nonzero()[0])]), \
            float(expected.reshape(-1)[int(bad.reshape(-1).nonzero()[0])]), int(bad.sum())
        fail(msg("{n} values of the {what} differ; the first at position {at}: got {got:.6g}, expected {expected:.6g}",
                 n=n, what=what, at=at, got=g, expected=e),
             hint=hint, hidden_message=msg("wrong values in the {what}", what=what))


_NUMBER = re.compile(r"-?[0-9]+[.][0-9]{6}")


def check_label_text(got, rows, *, what: str, tol: float = 8e-7, hint: str | None = None) -> None:
    """``got`` is the text of a YOLO label file holding ``rows``, ``[(class, cx, cy, w, h), ...]``, in their order:
    one line per row, ``class cx cy w h`` separated by single spaces, every line ending with a newline (``""`` for
    no row), the class written as an int and each value with six decimals, within ``tol`` of the exact value (the
    last digit of a float32 computation may differ; a cut-off digit differs by more). A failure names the first
    line and column that differ."""
    what = as_message(what)
    if not isinstance(got, str):
        fail(msg("the {what} should be a str, not a {type}", what=what, type=type(got).__name__), hint=hint,
             hidden_message=msg("the {what} should be a str", what=what))
    if not rows:
        if got != "":
            raise CheckFailed(msg("the {what} of no box should be the empty string", what=what), "", got, hint,
                              hidden_message=msg("the {what} of no box should be the empty string", what=what))
        return
    if not got.endswith("\n"):
        fail(msg("every line of the {what} should end with a newline, the last one included", what=what), hint=hint,
             hidden_message=msg("every line of the {what} should end with a newline, the last one included",
                                what=what))
    lines = got[:-1].split("\n")
    if len(lines) != len(rows):
        raise CheckFailed(msg("wrong number of lines in the {what} (one per box)", what=what), len(rows), len(lines),
                          hint, hidden_message=msg("wrong number of lines in the {what} (one per box)", what=what))
    for n, (line, row) in enumerate(zip(lines, rows), 1):
        tokens = line.split(" ")
        if len(tokens) != 5 or not all(tokens):
            fail(msg("line {n} of the {what} should be five values separated by single spaces, not {line}", n=n,
                     what=what, line=short(line)), hint=hint,
                 hidden_message=msg("a line of the {what} is not five values separated by single spaces", what=what))
        if tokens[0] != str(row[0]):
            raise CheckFailed(msg("wrong class on line {n} of the {what}", n=n, what=what), str(row[0]), tokens[0],
                              hint, hidden_message=msg("wrong class on a line of the {what}", what=what))
        for name, token, value in zip(("cx", "cy", "w", "h"), tokens[1:], row[1:]):
            if not _NUMBER.fullmatch(token):
                fail(msg("{name} on line {n} of the {what} should be written with six decimals, not {token}",
                         name=name, n=n, what=what, token=short(token)), hint=hint,
                     hidden_message=msg("a value of the {what} is not written with six decimals", what=what))
            if not abs(float(token) - value) <= tol:
                raise CheckFailed(msg("wrong {name} on line {n} of the {what}", name=name, n=n, what=what),
                                  f"{value:.6f}", token, hint,
                                  hidden_message=msg("wrong {name} on a line of the {what}", name=name, what=what))


def check_line_error(fn, args: tuple, line: int, *, what: str, hint: str | None = None,
                     invalid_hint: str | None = None) -> None:
    """``fn(*args)`` raises ValueError (a subclass is fine) whose message names the line: ``line 7`` (any case).
    ``hint`` is for a ValueError that does not name the line; ``invalid_hint`` (``hint`` when None) for a call
    that returned or raised another exception: the line's fault was not seen."""
    what = as_message(what)
    invalid_hint = hint if invalid_hint is None else invalid_hint
    try:
        got = fn(*args)
    except AnswerRaised as e:
        message = str(e.info.get("message", ""))
        if not e.is_a("ValueError"):
            fail(msg("{what} raised {type} instead of ValueError: {message}{where}", what=what, type=e.type,
                     message=message[:300], where=where_of(e.info)), hint=invalid_hint,
                 hidden_message=msg("{what} raised {type} instead of ValueError", what=what, type=hidden_type(e.type)))
        if not re.search(rf"\bline {line}\b", message, flags=re.IGNORECASE):
            fail(msg("{what} raised ValueError, but its message does not say 'line {line}': {message}", what=what,
                     line=line, message=short(message)), hint=hint,
                 hidden_message=msg("{what} raised ValueError, but its message does not name the line", what=what))
        return
    fail(msg("{what} should raise ValueError, but it returned {value}", what=what, value=short(got)[:120]),
         hint=invalid_hint, hidden_message=msg("{what} did not raise ValueError", what=what))


_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _loop_word(node) -> Message:
    """What a loop node is, as a message (rendered in the reader's language)."""
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return msg("a for loop")
    if isinstance(node, ast.While):
        return msg("a while loop")
    if isinstance(node, ast.GeneratorExp):
        return msg("a generator expression")
    return msg("a comprehension")


def _loops(node) -> list[tuple[Message, int]]:
    return [(_loop_word(n), n.lineno) for n in ast.walk(node) if isinstance(n, _LOOPS)]


# A loop without a loop node: functions that call a Python function once per element (itertools: every one of
# them iterates in Python), and the per-element apply of NumPy, torch and pandas. torch.vmap is vectorised.
_ITERATE = {"map", "filter", "functools.reduce", "_functools.reduce"}
_PER_ELEMENT = {"vectorize", "frompyfunc", "apply_along_axis", "apply_over_axes", "apply_", "map_", "map2_"}
_APPLY = {"apply", "map", "applymap", "agg", "aggregate", "transform"}   # a method given a function


def _imports(nodes) -> dict[str, str]:
    """What each name an import binds stands for, dotted (``it`` -> ``itertools``, ``sm`` ->
    ``itertools.starmap``)."""
    out = {}
    for node in nodes:
        for n in ast.walk(node):
            if isinstance(n, ast.Import):
                for a in n.names:
                    out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif isinstance(n, ast.ImportFrom) and n.module and not n.level:
                out.update({a.asname or a.name: f"{n.module}.{a.name}" for a in n.names if a.name != "*"})
    return out


def _dotted(node, imports: dict[str, str]) -> str | None:
    """``np.vectorize`` as ``numpy.vectorize`` (its root through the imports); None for anything but names
    and attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([imports.get(node.id, node.id)] + parts[::-1]).removeprefix("builtins.")


def _a_function(arg, functions: set[str]) -> bool:
    """``arg`` is, by its look, a function: a lambda, a def of the student's, a builtin function, an attribute
    (``np.sqrt``, ``self.f``) or a ``partial(...)``."""
    import builtins
    if isinstance(arg, ast.Lambda) or isinstance(arg, ast.Attribute):
        return True
    if isinstance(arg, ast.Name):
        return arg.id in functions or callable(getattr(builtins, arg.id, None))
    return isinstance(arg, ast.Call) and isinstance(arg.func, (ast.Name, ast.Attribute)) and \
        (getattr(arg.func, "id", None) or getattr(arg.func, "attr", None)) == "partial"


def _calls(node, imports: dict[str, str], functions: set[str], classes: set[str],
           own: set[str]) -> list[tuple[Message, int]]:
    """Uses of functions that loop in Python without a loop node: ``map``, ``filter``, ``functools.reduce``,
    itertools, NumPy's vectorize and apply_along_axis, ``Tensor.apply_``, pandas' ``.apply(f)``."""
    out = []
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) or isinstance(n, ast.Attribute):
            full = _dotted(n, imports) or ("?." + n.attr if isinstance(n, ast.Attribute) else "")
            if isinstance(n, ast.Name) and n.id in own:
                continue    # the student's own variable called filter
            if full in _ITERATE or full.startswith("itertools."):
                out.append((msg("a call of {name}", name=full.removeprefix("_")), n.lineno))
            elif full.split(".")[-1] in _PER_ELEMENT and (isinstance(n, ast.Attribute) or n.id in imports):
                out.append((msg("a call of {name}", name=full.split(".")[-1]), n.lineno))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _APPLY:
            root = n.func.value
            if isinstance(root, ast.Name) and (root.id in classes or root.id in imports):
                continue    # an autograd Function's apply, a module's function
            args = list(n.args[:1]) + [k.value for k in n.keywords if k.arg in ("func", "arg", "f")]
            if any(_a_function(a, functions) for a in args):
                out.append((msg("a call of {name} with a function", name=f".{n.func.attr}()"), n.lineno))
    return out


def _recursion(found) -> list[tuple[object, int]]:
    """(binding, line) of each call, in the closure, of a function of the closure that can reach the caller
    again (directly or through other functions of the closure)."""
    defs = {}     # name -> [(binding, node)]
    for b, node in found:
        for n in ast.walk(node):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defs.setdefault(n.name, []).append((b, n))
            elif isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda):
                for t in n.targets:
                    if isinstance(t, ast.Name):
                        defs.setdefault(t.id, []).append((b, n.value))

    def called(fn):
        for n in ast.walk(fn):
            if isinstance(n, ast.Call):
                f = n.func
                if isinstance(f, ast.Name) and f.id in defs:
                    yield f.id, n.lineno
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
                        f.value.id in ("self", "cls") and f.attr in defs:
                    yield f.attr, n.lineno
    edges = {name: {c for fn in [x for _, x in nodes] for c, _ in called(fn)} for name, nodes in defs.items()}

    def reaches(start, goal):
        todo, seen = [start], set()
        while todo:
            x = todo.pop()
            if x == goal:
                return True
            if x not in seen:
                seen.add(x)
                todo += edges.get(x, ())
        return False
    return [(b, line) for name, nodes in defs.items() for b, fn in nodes for c, line in called(fn)
            if reaches(c, name)]


def check_no_loops(answer, *, hint: str | None = None) -> None:
    """The answer is vectorised: no Python loop or comprehension in its definition, in any helper it uses
    from the student's code, or in any def, class or lambda that can reach it through a value it reads
    (``static.budget_closure``); nor a loop without a loop node: a call of ``map``, ``filter``,
    ``functools.reduce`` or itertools, a per-element apply (``np.vectorize``, ``np.apply_along_axis``,
    ``Tensor.apply_``, pandas' ``.apply(f)``...), or recursion; and, while the answer runs in the tests, no
    code of the student's runs more than ``exercise.LOOP_RUNS`` times in one call, however it is driven
    (a ``key=`` function, ``iter(f, sentinel)``, a class's ``__getitem__``, a library's registry)."""
    from .static import _where, budget_closure
    name, defs, extra = budget_closure(answer)
    imports = _imports([b.node for b in defs if isinstance(b.node, (ast.Import, ast.ImportFrom))] +
                       [node for _, node in extra])
    found = [(b, b.node) for b in defs if not isinstance(b.node, (ast.Import, ast.ImportFrom))] + extra
    functions = {n.name for _, node in found for n in ast.walk(node)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    classes = {n.name for _, node in found for n in ast.walk(node) if isinstance(n, ast.ClassDef)}
    own = {n.id for _, node in found for n in ast.walk(node) if isinstance(n, ast.Name) and
           isinstance(n.ctx, ast.Store)} | {n.arg for _, node in found for n in ast.walk(node) if isinstance(n, ast.arg)}
    seen = [(b, kind, line) for b, node in found
            for kind, line in _loops(node) + _calls(node, imports, functions, classes, own)]
    seen += [(b, msg("recursion"), line) for b, line in _recursion(found)]
    for b, kind, line in seen:
        fail(msg("your answer uses {kind} ({where}); this exercise asks for tensor operations on all the pairs "
                 "at once", kind=kind, where=_where(b, name, line)), hint=hint,
             hidden_message="your answer loops in Python instead of computing all the pairs at once")
    from .core import current
    from .static import watch_closure
    run = current()
    if run is not None:   # and while it runs, no code of the student's may run once per element (Run.watched),
        run.no_loops = True   # nor code this check did not read (a loop kept in a registry by another cell)
        watch_closure(defs, extra)


def _local(p, *args):
    """Runs a probe in-process (a local answer, a notebook's own run), through the wire encoding."""
    return wire.roundtrip(p.fn(*wire.roundtrip(list(args))))


def _raised_message(what, info: dict) -> Message:
    """What the student's code raised where it ran (the kernel's report), as the message of a failure."""
    return msg("{call} raised {type}: {message}{where}", call=as_message(what),
               type=str(info.get("type", "Exception"))[:80], message=str(info.get("message", ""))[:300],
               where=where_of(info))


def crop_run(fn, image, boxes, labels, size, seed: int, *, min_visible=None, what: str,
             hint: str | None = None) -> dict:
    """``fn(image, boxes, labels, size, generator[, min_visible])`` where the student's code runs, with a
    ``torch.Generator`` seeded with ``seed``: {"result": what it returned, "args_after": the first three
    arguments after the call}. An exception becomes the message."""
    kwargs = {} if min_visible is None else {"min_visible": min_visible}
    if isinstance(fn, Ref):
        out = call(call_with_generator, fn, [image, boxes, labels, size], seed, kwargs, what=what, hint=hint)
    else:
        out = _local(call_with_generator, fn, [image, boxes, labels, size], seed, kwargs)
    if isinstance(out, dict) and out.get("raised"):
        info = out["raised"]
        raise CheckFailed(_raised_message(what, info), hint=hint, show_values=False,
                          hidden_message="random_crop raised an exception")
    if not isinstance(out, dict) or not isinstance(out.get("args_after"), list):
        fail(msg("{what} could not be observed", what=as_message(what)),
             hidden_message="your answer could not be observed")
    return out


def predict_run(model, crops, *, what: str, hint: str | None = None) -> dict:
    """The classes ``model`` predicts for ``crops`` (uint8 (N, H, W, 3)) where the student's code runs
    (see ``predict_kinds``)."""
    if isinstance(model, Ref):
        out = call(predict_kinds, model, crops, what=what, hint=hint)
    else:
        out = _local(predict_kinds, model, crops)
    if not isinstance(out, dict):
        fail(msg("{what} could not be observed", what=as_message(what)),
             hidden_message="your model could not be observed")
    if out.get("raised"):
        info = out["raised"]
        raise CheckFailed(_raised_message(what, info), hint=hint, show_values=False,
                          hidden_message="your model raised an exception on other crops")
    return out


# =========================================================================== kernel side (probes)
@probe
def call_with_generator(fn, args, seed, kwargs):
    """Runs with your code: ``fn(*args, generator, **kwargs)`` with ``generator =
    torch.Generator().manual_seed(seed)``; reports what it returned and the arguments after the call."""
    import torch
    generator = torch.Generator().manual_seed(int(seed))
    try:
        result = fn(*args, generator, **kwargs)
    except BaseException as e:
        return {"raised": _raised(e)}
    return {"result": result, "args_after": list(args)}


@probe
def predict_kinds(model, crops):
    """Runs with your code: the crops (uint8 (N, H, W, 3)) as the question feeds them to the model,
    ``torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255``; ``model.eval()``, then the model's
    output under ``torch.no_grad()``. Reports whether the model is an nn.Module, the output's shape and
    the class of highest score of each crop."""
    import torch
    if not isinstance(model, torch.nn.Module):
        return {"is_module": False, "type": type(model).__name__}
    x = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255
    try:
        model.eval()
        with torch.no_grad():
            out = model(x)
    except BaseException as e:
        return {"is_module": True, "raised": _raised(e)}
    if not isinstance(out, torch.Tensor):
        return {"is_module": True, "output_type": type(out).__name__}
    shape = [int(d) for d in out.shape]
    classes = out.argmax(dim=-1).reshape(-1).tolist() if out.dim() == 2 else None
    return {"is_module": True, "shape": shape, "classes": classes}
