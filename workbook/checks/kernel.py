"""The kernel side of the probe protocol: what runs with the student's code.

A test cell never runs in the student's kernel while it is graded. The judge
(outside) asks the kernel, one request at a time, to look up an answer by
name, call it with plain-data arguments, read an attribute, or run a *probe*
(a small function from the visible part of the test cell, or one of the
package's own); the kernel answers with plain data (see ``wire``), or a handle
for an object that is not data, or the exception the student's code raised.
Expected values, references and hidden test code never come here.

Everything in this module runs in the student's process and can be replaced
by the student: that changes nothing, since the judge trusts none of it. A
notebook's own run (Validate, a student running a test cell) uses the same
function in-process, so both see the answer the same way.
"""
from __future__ import annotations

import builtins
import json
import sys

from . import wire

# Handles live as long as the kernel: when the judge runs this module afresh
# for every request (``runtime``), they are kept in the state it hands over.
_state = globals().get("__workbook_state__")
if not isinstance(_state, dict):
    _state = {}
_handles: dict[int, object] = _state.setdefault("handles", {})
# the builtins a probe runs with: when the judge runs this module (``guard``), the private copy it took before
# the student's code ran, never the process's (which the student may have changed)
_BUILTINS = globals().get("__workbook_builtins__", builtins)
_next = _state.setdefault("next", [1])
MAX_MESSAGE = 500
BATCH_BYTES = 4 * 2**20   # the replies of one batch, encoded (the judge reads 64 MiB at most)


def _user_namespace() -> dict:
    try:
        ip = sys.modules["IPython"].get_ipython()
        if ip is not None:
            return ip.user_ns
    except (KeyError, AttributeError):
        pass
    return vars(sys.modules["__main__"])


def type_names(cls) -> list[str]:
    out = []
    for c in getattr(cls, "__mro__", ()):
        try:
            out.append(f"{c.__module__}.{c.__qualname__}")
        except Exception:
            out.append("?")
    return out


def describe(obj) -> dict:
    cls = type(obj)
    d = {"type": type_names(cls)[0] if type_names(cls) else "?", "mro": type_names(cls), "callable": callable(obj),
         "class": isinstance(obj, type)}
    if isinstance(obj, type):
        d["class_mro"] = type_names(obj)
    name = getattr(obj, "__name__", None) if not isinstance(obj, (str, bytes)) else None
    if isinstance(name, str):
        d["name"] = name
    return d


def _put(obj) -> dict:
    key = _next[0]
    _next[0] += 1
    _handles[key] = obj
    return {"id": key, **describe(obj)}


def _where(exc: BaseException, frames_to_skip: str = __file__) -> dict:
    """{"line": N, "function": name, "code": the line} of the innermost frame
    of the student's own code (not of this module, the probe or the
    package), as data: the judge makes the message of it; {} for none."""
    import linecache
    tb, found = exc.__traceback__, None
    while tb is not None:
        code = tb.tb_frame.f_code
        fn = code.co_filename
        if fn != frames_to_skip and "/workbook/" not in fn and not fn.startswith(("<probe", "<workbook judge")) \
                and "site-packages" not in fn and "/lib/python" not in fn:
            found = tb
        tb = tb.tb_next
    if found is None:
        return {}
    code = found.tb_frame.f_code
    line = linecache.getline(code.co_filename, found.tb_lineno).strip()
    if not line or code.co_name == "<module>":
        return {}
    return {"line": found.tb_lineno - code.co_firstlineno + 1, "function": code.co_name, "code": line[:80]}


def plain(x):
    """x if it is plain data a test can compare, else a description."""
    if x is None or type(x) in (bool, int, float, str):
        return x
    if type(x) in (list, tuple):
        return [plain(v) for v in x]
    return {"not_plain": type(x).__name__}


def raised(exc: BaseException) -> dict:
    try:
        message = str(exc)
    except Exception:
        message = ""   # its str() raised: the exception's type alone is shown
    return {"type": type(exc).__name__, "mro": type_names(type(exc)), "message": message[:MAX_MESSAGE],
            "where": _where(exc)}


class _Raised(Exception):
    def __init__(self, exc: BaseException):
        self.info = raised(exc)


def _generated(node: dict):
    """Data generated on this side from a recipe (a workbook.data function and
    its arguments): the judge generates the same data on its side."""
    module, name = node.get("module"), node.get("name")
    if not isinstance(module, str) or not isinstance(name, str) or not module.startswith("workbook.data") \
            or name.startswith("_"):
        raise wire.WireError("a data recipe must name a workbook.data function")
    import importlib
    fn = getattr(importlib.import_module(module), name)
    dec = wire.Decoder()
    return fn(*dec(node.get("args", [])), **dec(node.get("kwargs", {"$": "dict", "items": []})))


def _receive_files(files) -> None:
    """Data files the judge sent with a request (``KernelChannel._files_for``):
    each goes into this side's data cache under its name, unless a file of
    that name is there, so that the recipe that reads it finds it instead of
    generating it. Written aside and renamed: whole or absent."""
    import os
    import tempfile
    if not isinstance(files, list):
        raise wire.WireError("files is a list")
    from workbook.data import cache_dir
    folder = cache_dir()
    for item in files:
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name or name.startswith(".") or "/" in name or "\\" in name \
                or "\0" in name:
            raise wire.WireError("a data file needs a plain file name")
        data = wire.Decoder()(item.get("data"))
        if not isinstance(data, bytes):
            raise wire.WireError("a data file's content is bytes")
        target = os.path.join(folder, name)
        if os.path.exists(target):
            continue
        fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + name + ".")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


# ------------------------------------------------------------ watching the calls an answer makes (``watch``)
from .watch import (CHILD_PROCESS, FORKED, LOST_WATCH, MAX_WATCHED, OVERFLOW, UNSEEN_THREAD,  # noqa: E402,F401
                    _builtin_name, _library_roots, _watching)


class _Session:
    def __init__(self, namespace: dict):
        self.ns = namespace
        self.calls: set | None = None   # what _watching saw for the request being answered
        self.runs: dict = {}
        self.library_calls = True   # whether the watch looks at the library functions the answer calls

    def resolve(self, node: dict):
        if "id" in node:
            try:
                return _handles[node["id"]]
            except (KeyError, TypeError):
                raise wire.WireError("unknown handle") from None
        name = node.get("name")
        if not isinstance(name, str) or name not in self.ns:
            raise NameError(f"name {name!r} is not defined")
        return self.ns[name]

    def decode(self, tree):
        return wire.Decoder(handle=self.resolve, special=lambda tag, node: _generated(node) if tag == "gen"
                            else (_ for _ in ()).throw(wire.WireError(f"unknown tag {tag}")))(tree)

    def value(self, obj) -> dict:
        return {"value": wire.encode(obj, handles=_put)}

    def run(self, fn, *args, **kwargs):
        try:
            if self.calls is not None:
                return _watching(fn, args, kwargs, self.calls, self.runs, self.library_calls)
            return fn(*args, **kwargs)
        except BaseException as e:  # the student's code raised (even SystemExit)
            raise _Raised(e) from None

    def handle(self, req: dict) -> dict:
        op = req.get("op")
        if op == "batch":
            return {"replies": self.batch(req.get("requests"))}
        if op == "lookup":
            name = req.get("name")
            if not isinstance(name, str) or name not in self.ns:
                return {"missing": True}
            return self.value(self.ns[name])
        if op == "reset":
            _handles.clear()
            return {"value": None}
        if op == "probe":
            fn = self.probe_function(req)
            args, kwargs = self.decode(req.get("args", [])), self.decode(req.get("kwargs", {"$": "dict", "items": []}))
            return self.value(self.run(fn, *args, **kwargs))
        target = self.resolve(req.get("target") or {})
        if op == "describe":
            return {"value": describe(target)}
        if op == "call":
            args, kwargs = self.decode(req.get("args", [])), self.decode(req.get("kwargs", {"$": "dict", "items": []}))
            return self.value(self.run(target, *args, **kwargs))
        if op == "getattr":
            return self.value(self.run(getattr, target, str(req.get("name"))))
        if op == "getitem":
            key = self.decode(req.get("key"))
            return self.value(self.run(lambda: target[key]))
        if op == "len":
            return self.value(self.run(len, target))
        if op == "iter":
            return self.value(self.run(lambda: list(target)))
        raise wire.WireError(f"unknown request {op!r}")

    def batch(self, requests) -> list[dict]:
        """Several calls answered in order, each as ``serve`` answers one
        (the judge announced them: ``Run.prefetch``). It stops after a reply
        that holds a handle (the judge may ask about that object before the
        next call), after an interrupt, and once the replies pass
        BATCH_BYTES: every call it answers ran once, and the judge sends
        the ones left as it gets to them."""
        if not isinstance(requests, list) or not all(isinstance(r, dict) and r.get("op") == "call"
                                                      for r in requests):
            raise wire.WireError("a batch is a list of calls")
        out, size = [], 0
        for r in requests:
            handles = _next[0]
            one = answer(self, r)
            out.append(one)
            size += len(json.dumps(one, separators=(",", ":"), allow_nan=False))
            interrupted = one.get("raised", {}).get("type") == "KeyboardInterrupt" or \
                str(one.get("error", "")).startswith("KeyboardInterrupt")
            if _next[0] != handles or size > BATCH_BYTES or interrupted:
                break
        return out

    @staticmethod
    def probe_function(req: dict):
        """A probe from the source sent with the request (never a module the
        kernel has imported), with this runtime's ``wire``, ``raised`` and
        ``describe`` at hand (``RUNTIME``)."""
        source, name = req.get("source"), req.get("name")
        if not isinstance(source, str) or not isinstance(name, str):
            raise wire.WireError("a probe needs its source and name")
        ns = {"__builtins__": _BUILTINS, "__name__": "__probe__", "__workbook_runtime__": runtime_names()}
        exec(compile(source, f"<probe {name}>", "exec"), ns)
        return ns[name]


def runtime_names() -> dict:
    """What a probe's helpers import from the kernel side (``from .kernel
    import raised``, ``from . import wire``): given from this copy."""
    return {"wire": wire, "raised": raised, "describe": describe, "type_names": type_names, "plain": plain}


def answer(session: _Session, req) -> dict:
    """The reply to one request: a value, what the student's code raised, or
    why there is neither."""
    session.calls = set() if isinstance(req, dict) and req.get("watch") is True and req.get("op") != "batch" \
        else None
    session.runs = {}
    session.library_calls = isinstance(req, dict) and req.get("watch_calls") is True
    try:
        if not isinstance(req, dict):
            raise wire.WireError("a request is a JSON object")
        out = session.handle(req)
    except _Raised as r:
        out = {"raised": r.info}
    except wire.NotData as e:
        out = {"notdata": e.type_name or str(e)}
    except BaseException as e:  # a malformed request, or the answer's result could not be encoded
        out = {"error": f"{type(e).__name__}: {str(e)[:MAX_MESSAGE]}"}
    if session.calls is not None:   # what the answer did while it ran (``watch``): the library functions it
        out["calls"] = sorted(list(entry) for entry in session.calls)   # called, and its code run most often
        code, n = max(session.runs.items(), key=lambda kv: kv[1], default=(None, 0))
        out["most_run"] = [getattr(code, "co_qualname", ""), n]
        # where the student's code that ran was written: a cell's file (IPython names it by a hash of the cell's
        # text) and the first line of the def, lambda or comprehension
        out["ran"] = sorted([c.co_filename.rsplit("/", 1)[-1], c.co_firstlineno] for c in session.runs)[:MAX_WATCHED]
        session.calls, session.runs = None, {}
    return out


def serve(text: str, namespace: dict | None = None) -> str:
    """Answer one request of the judge (JSON in, JSON out)."""
    try:
        req = json.loads(text)
    except BaseException as e:
        out = {"error": f"{type(e).__name__}: {str(e)[:MAX_MESSAGE]}"}
    else:
        files = req.pop("files", None) if isinstance(req, dict) else None
        # the handles of the test before this request's (``KernelChannel.end_test``): dropped before it is answered
        release = req.pop("release", None) if isinstance(req, dict) else None
        try:
            if release is True:
                _handles.clear()
            if files is not None:
                _receive_files(files)
        except BaseException as e:  # noqa: BLE001 - a malformed request
            out = {"error": f"{type(e).__name__}: {str(e)[:MAX_MESSAGE]}"}
        else:
            out = answer(_Session(namespace if namespace is not None else _user_namespace()), req)
    try:
        return json.dumps(out, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as e:
        return json.dumps({"error": f"the result could not be encoded: {e}"})
