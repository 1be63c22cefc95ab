"""Plain data across the student's kernel boundary.

What a probe returns from the student's kernel, and what the judge sends into
it, crosses as JSON: plain JSON values, and tagged objects for everything JSON
lacks (tuples, sets, dicts with any keys, bytes, non-finite floats, numpy
arrays and scalars, torch tensors, pandas frames). Arrays and tensors travel as
raw bytes with their dtype and shape. Nothing is ever pickled, and decoding
never runs code: it only builds builtins, arrays, tensors and frames.

Types are kept exactly: a tuple stays a tuple, an ``np.float64`` stays one, a
``str`` subclass (which could carry a forged ``__eq__``) is not data at all.
Objects that are not data (functions, classes, modules, layers) become
*handles* when the encoder is given a handle table, or are refused.

The same module encodes in the kernel and decodes in the judge; the judge's
side is the one that matters, and it treats every byte as hostile: sizes,
depth and counts are bounded and any malformed tree is a ``WireError``.

Decoding is bounded in memory as well as in text: everything it allocates
(raw bytes, arrays and tensors, the fixed-width storage of a numpy string
array, which numpy pads to its longest item, a materialised index) is charged,
*before* it is allocated, against one budget per message, ``MAX_DECODED``
bytes. A short message that would unfold into a large value (one long string
and many empty ones make a string array of ``count x longest`` characters) is
a ``WireError`` instead of an allocation.
"""
from __future__ import annotations

import base64
import datetime as _dt
import json
import math
from typing import Any, Callable

TAG = "$"
MAX_DEPTH = 64
MAX_TEXT = 64 * 2**20       # characters of one encoded message
MAX_ITEMS = 2_000_000       # containers' elements in one message
MAX_DECODED = 128 * 2**20   # bytes all the arrays, tensors, bytes and padded strings of one decoded message may take


class WireError(ValueError):
    """Data that cannot cross the boundary (or arrived malformed)."""


class NotData(WireError):
    """An object that is not plain data (and no handle table was given);
    ``type_name`` is its type's qualified name (the reply carries it, and the
    judge makes the message)."""

    def __init__(self, message: str, type_name: str = ""):
        super().__init__(message)
        self.type_name = type_name


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s, spend: Callable[[int, str], None] | None = None) -> bytes:
    """Base64 text -> bytes; ``spend(n, what)`` is charged with the decoded
    size before it is decoded."""
    if not isinstance(s, str):
        raise WireError("raw bytes must be base64 text")
    if spend is not None:
        spend(len(s) // 4 * 3, "raw bytes")
    elif len(s) > MAX_DECODED * 4 // 3 + 8:
        raise WireError("raw bytes too large")
    try:
        return base64.b64decode(s.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as e:
        raise WireError(f"bad base64: {e}") from None


# --------------------------------------------------------------------- encode
def _modules():
    import sys
    return sys.modules.get("numpy"), sys.modules.get("torch"), sys.modules.get("pandas")


class Encoder:
    """``encode(obj)`` -> a JSON-able tree. ``handles(obj) -> dict`` turns a
    non-data object into a handle description (kernel side) or is None
    (refuse with NotData)."""

    def __init__(self, handles: Callable[[Any], dict] | None = None, extra: Callable[[Any], dict | None] | None = None):
        self.handles = handles
        self.extra = extra
        self.count = 0

    def __call__(self, obj, depth: int = 0):
        self.count += 1
        if self.count > MAX_ITEMS:
            raise WireError(f"too many values (more than {MAX_ITEMS:,})")
        if depth > MAX_DEPTH:
            raise WireError(f"nested deeper than {MAX_DEPTH} levels")
        t = type(obj)
        if obj is None or t is bool or t is str:
            return obj
        if t is int:
            return obj if abs(obj) < 2**53 else {TAG: "int", "v": str(obj)}
        if t is float:
            return obj if math.isfinite(obj) else {TAG: "float", "v": repr(obj)}
        if t is list:
            return [self(x, depth + 1) for x in obj]
        if t is tuple:
            return {TAG: "tuple", "items": [self(x, depth + 1) for x in obj]}
        if t is dict:
            return {TAG: "dict", "items": [[self(k, depth + 1), self(v, depth + 1)] for k, v in obj.items()]}
        if t in (set, frozenset):
            return {TAG: t.__name__, "items": [self(x, depth + 1) for x in obj]}
        if t in (bytes, bytearray):
            return {TAG: t.__name__, "b64": _b64(bytes(obj))}
        if t is complex:
            return {TAG: "complex", "re": self(obj.real), "im": self(obj.imag)}
        if t is _dt.datetime or t is _dt.date or t is _dt.time:
            return {TAG: t.__name__, "iso": obj.isoformat()}
        if t is _dt.timedelta:
            return {TAG: "timedelta", "s": obj.total_seconds()}
        if t is slice:
            return {TAG: "slice", "v": [self(obj.start), self(obj.stop), self(obj.step)]}
        if self.extra is not None:
            special = self.extra(obj)
            if special is not None:
                return special
        np, torch, pd = _modules()
        if torch is not None:
            out = self._torch(obj, torch, depth)
            if out is not None:
                return out
        if pd is not None:
            out = self._pandas(obj, pd, np, depth)
            if out is not None:
                return out
        if np is not None:
            out = self._numpy(obj, np, depth)
            if out is not None:
                return out
        if self.handles is not None:
            return {TAG: "handle", **self.handles(obj)}
        raise NotData(f"a {t.__module__}.{t.__qualname__} is not plain data", f"{t.__module__}.{t.__qualname__}")

    # numpy ----------------------------------------------------------------
    def _numpy(self, obj, np, depth):
        t = type(obj)
        if t is np.ndarray:
            return self.array(obj, np, depth)
        if isinstance(obj, np.generic) and t.__module__ == "numpy":
            if obj.dtype.kind in "biufcmM":
                return {TAG: "npscalar", "dtype": obj.dtype.str, "b64": _b64(obj.tobytes())}
            if t is np.str_:
                return {TAG: "npscalar", "dtype": "str", "v": str(obj)}
            if t is np.bytes_:
                return {TAG: "npscalar", "dtype": "bytes", "b64": _b64(bytes(obj))}
        if t is np.dtype or isinstance(obj, np.dtype):
            return {TAG: "npdtype", "v": obj.str if obj.kind != "O" else "object"}
        return None

    def array(self, a, np, depth):
        if a.dtype.kind in "biufcmM" and not a.dtype.fields:
            a2 = np.ascontiguousarray(a)
            return {TAG: "ndarray", "dtype": a2.dtype.str, "shape": list(a2.shape), "b64": _b64(a2.tobytes())}
        items = [self(x, depth + 1) for x in a.reshape(-1).tolist()] if a.dtype.kind != "O" else \
            [self(x, depth + 1) for x in a.reshape(-1)]
        kind = {"U": "str", "S": "bytes"}.get(a.dtype.kind, "object")
        return {TAG: "ndarray", "dtype": kind, "shape": list(a.shape), "items": items}

    # torch ----------------------------------------------------------------
    def _torch(self, obj, torch, depth):
        t = type(obj)
        if t is torch.Tensor or t is torch.nn.Parameter:
            x = obj.detach()
            if x.is_sparse or x.layout != torch.strided:
                x = x.to_dense()
            x = x.cpu().contiguous()
            raw = x.reshape(-1).view(torch.uint8).numpy().tobytes() if x.numel() else b""
            out = {TAG: "tensor", "dtype": str(x.dtype).replace("torch.", ""), "shape": list(x.shape),
                   "b64": _b64(raw), "requires_grad": bool(obj.requires_grad)}
            if t is torch.nn.Parameter:
                out["parameter"] = True
            return out
        if t is torch.Size:
            return {TAG: "torch.Size", "items": [int(d) for d in obj]}
        if t is torch.dtype:
            return {TAG: "torch.dtype", "v": str(obj).replace("torch.", "")}
        if t is torch.device:
            return {TAG: "torch.device", "v": str(obj)}
        return None

    # pandas ---------------------------------------------------------------
    def column(self, values, pd, np, depth):
        """A pandas array-like (the values of a Series or Index) with its dtype."""
        if type(values) is pd.arrays.NumpyExtensionArray:
            # pandas' wrapper of a plain numpy array (a Series' .array of ints, floats or bools): its dtype is
            # pandas' NumpyEADtype, not a numpy dtype, so without this its numbers went element by element
            values = values.to_numpy()
        dtype = values.dtype
        name = str(dtype)
        if isinstance(dtype, pd.CategoricalDtype):
            cat = pd.Categorical(values)
            return {"dtype": "category", "ordered": bool(dtype.ordered),
                    "categories": self.column(pd.Index(cat.categories).array, pd, np, depth + 1),
                    "codes": self.array(np.asarray(cat.codes), np, depth)}
        if isinstance(dtype, np.dtype) and dtype.kind in "biufcmM":
            return {"dtype": name, "values": self.array(np.asarray(values), np, depth)}
        # strings, nullable and object columns: element by element, missing as None
        arr = np.asarray(values, dtype=object)
        items = []
        for x in arr.reshape(-1):
            if x is None or (type(x) is float and math.isnan(x)) or x is pd.NA or x is pd.NaT:
                items.append({TAG: "missing", "v": "NaN" if type(x) is float else ("NA" if x is pd.NA else
                                                                                ("NaT" if x is pd.NaT else "None"))})
            else:
                items.append(self(x, depth + 1))
        return {"dtype": name, "items": items}

    def index(self, idx, pd, np, depth):
        if type(idx) is pd.RangeIndex:
            return {"kind": "range", "start": idx.start, "stop": idx.stop, "step": idx.step,
                    "name": self(idx.name, depth + 1)}
        if type(idx) is pd.MultiIndex:
            return {"kind": "multi", "names": [self(n, depth + 1) for n in idx.names],
                    "levels": [self.column(idx.get_level_values(i).array, pd, np, depth + 1)
                               for i in range(idx.nlevels)]}
        return {"kind": "index", "name": self(idx.name, depth + 1), "values": self.column(idx.array, pd, np, depth + 1)}

    def _attrs(self, obj, out: dict, depth):
        """A frame's or series' ``attrs`` (pandas' dict of metadata that travels with it), when it holds any:
        what a check reads of the object is all of it (05 q9b: a key hidden in ``attrs``)."""
        attrs = obj.attrs
        if attrs:
            out["attrs"] = self(dict(attrs), depth + 1)
        return out

    def _pandas(self, obj, pd, np, depth):
        t = type(obj)
        if t is pd.DataFrame:
            if obj.columns.has_duplicates:
                cols = [obj.iloc[:, i] for i in range(obj.shape[1])]
            else:
                cols = [obj[c] for c in obj.columns]
            out = {TAG: "DataFrame", "columns": self.index(obj.columns, pd, np, depth + 1),
                   "index": self.index(obj.index, pd, np, depth + 1),
                   "data": [self.column(c.array, pd, np, depth + 1) for c in cols]}
            return self._attrs(obj, out, depth)
        if t is pd.Series:
            out = {TAG: "Series", "name": self(obj.name, depth + 1), "index": self.index(obj.index, pd, np, depth + 1),
                   "values": self.column(obj.array, pd, np, depth + 1)}
            return self._attrs(obj, out, depth)
        if t in (pd.Index, pd.RangeIndex, pd.MultiIndex):
            return {TAG: "Index", **self.index(obj, pd, np, depth + 1)}
        if t is pd.Timestamp:
            return {TAG: "Timestamp", "iso": obj.isoformat(), "unit": getattr(obj, "unit", "ns")}
        if t is pd.Timedelta:
            return {TAG: "Timedelta", "ns": int(obj.value)}
        if obj is pd.NA:
            return {TAG: "missing", "v": "NA"}
        if obj is pd.NaT:
            return {TAG: "missing", "v": "NaT"}
        return None


def encode(obj, handles: Callable[[Any], dict] | None = None, extra=None):
    return Encoder(handles, extra)(obj)


def dumps(obj, handles=None, extra=None) -> str:
    return json.dumps(encode(obj, handles, extra), separators=(",", ":"), allow_nan=False)


# --------------------------------------------------------------------- decode
class Decoder:
    """``decode(tree)`` -> objects. ``handle(desc)`` turns a handle into a
    reference object (judge side); ``special(tag, node)`` decodes extra tags
    (generated data in the kernel); without them such nodes are an error.

    ``max_decoded`` (``MAX_DECODED`` unless given) bounds the bytes the
    decoded values may allocate; ``spent`` is what they took so far."""

    def __init__(self, handle: Callable[[dict], Any] | None = None,
                 special: Callable[[str, dict], Any] | None = None, max_decoded: int | None = None):
        self.handle = handle
        self.special = special
        self.count = 0
        self.max_decoded = MAX_DECODED if max_decoded is None else max_decoded
        self.spent = 0

    def spend(self, nbytes: int, what: str) -> None:
        """Charge ``nbytes`` (about to be allocated for ``what``) to the
        message's budget; a WireError, before any allocation, when over it."""
        if nbytes < 0 or self.spent + nbytes > self.max_decoded:
            raise WireError(f"too large once decoded: {what} would take {nbytes:,} bytes, over the "
                            f"{self.max_decoded:,} bytes one value may take")
        self.spent += nbytes

    def __call__(self, node, depth: int = 0):
        self.count += 1
        if self.count > MAX_ITEMS:
            raise WireError(f"too many values (more than {MAX_ITEMS:,})")
        if depth > MAX_DEPTH:
            raise WireError(f"nested deeper than {MAX_DEPTH} levels")
        t = type(node)
        if node is None or t in (bool, str, int):
            return node
        if t is float:
            if not math.isfinite(node):
                raise WireError("non-finite float without its tag")
            return node
        if t is list:
            return [self(x, depth + 1) for x in node]
        if t is not dict:
            raise WireError(f"unexpected JSON value of type {t.__name__}")
        tag = node.get(TAG)
        if not isinstance(tag, str):
            raise WireError("an object without a type tag")
        try:
            return self._tagged(tag, node, depth)
        except WireError:
            raise
        except RecursionError:
            raise WireError("nested too deeply") from None
        except Exception as e:  # malformed fields of a known tag
            raise WireError(f"malformed {tag}: {type(e).__name__}: {e}") from None

    def _items(self, node, depth):
        items = node["items"]
        if type(items) is not list:
            raise WireError("items must be a list")
        return [self(x, depth + 1) for x in items]

    def _tagged(self, tag, node, depth):
        if tag == "int":
            v = node["v"]
            if not isinstance(v, str) or len(v) > 5000:
                raise WireError("bad big int")
            return int(v)
        if tag == "float":
            v = node["v"]
            if v not in ("nan", "inf", "-inf"):
                raise WireError("bad float")
            return float(v)
        if tag == "tuple":
            return tuple(self._items(node, depth))
        if tag == "set":
            return set(self._items(node, depth))
        if tag == "frozenset":
            return frozenset(self._items(node, depth))
        if tag == "dict":
            out = {}
            for pair in node["items"]:
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("dict items must be pairs")
                out[self(pair[0], depth + 1)] = self(pair[1], depth + 1)
            return out
        if tag == "bytes":
            return _unb64(node["b64"], self.spend)
        if tag == "bytearray":
            return bytearray(_unb64(node["b64"], self.spend))
        if tag == "complex":
            return complex(float(self(node["re"], depth + 1)), float(self(node["im"], depth + 1)))
        if tag in ("datetime", "date", "time"):
            cls = getattr(_dt, tag)
            return cls.fromisoformat(_str(node["iso"]))
        if tag == "timedelta":
            return _dt.timedelta(seconds=float(node["s"]))
        if tag == "slice":
            a, b, c = (self(x, depth + 1) for x in node["v"])
            return slice(a, b, c)
        if tag == "handle":
            if self.handle is None:
                raise WireError("a handle where plain data was expected")
            return self.handle(node)
        if tag in ("ndarray", "npscalar", "npdtype"):
            return self._numpy(tag, node, depth)
        if tag in ("tensor", "torch.Size", "torch.dtype", "torch.device"):
            return self._torch(tag, node, depth)
        if tag in ("DataFrame", "Series", "Index", "Timestamp", "Timedelta", "missing"):
            return self._pandas(tag, node, depth)
        if self.special is not None:
            return self.special(tag, node)
        raise WireError(f"unknown type tag {tag!r}")

    # numpy ----------------------------------------------------------------
    def _shape(self, shape):
        if type(shape) is not list or len(shape) > 32 or not all(type(d) is int and 0 <= d for d in shape):
            raise WireError("bad shape")
        n = 1
        for d in shape:
            n *= d
        return tuple(shape), n

    def array(self, node, depth):
        import numpy as np
        shape, n = self._shape(node["shape"])
        dtype = node["dtype"]
        if "b64" in node:
            dt = np.dtype(_str(dtype))
            if dt.kind not in "biufcmM" or dt.fields:
                raise WireError(f"raw bytes of dtype {dtype!r}")
            b64 = node["b64"]
            if type(b64) is not str or len(b64) // 4 * 3 > n * dt.itemsize + 2:
                raise WireError("array bytes do not match its shape")
            self.spend(n * dt.itemsize, f"an array of {n:,} x {dt.itemsize} bytes")
            raw = _unb64(b64)
            if len(raw) != n * dt.itemsize:
                raise WireError("array bytes do not match its shape")
            return np.frombuffer(raw, dtype=dt).reshape(shape).copy()
        if type(node.get("items")) is not list or len(node["items"]) != n:
            raise WireError("array items do not match its shape")
        items = self._items(node, depth)
        if dtype == "str":
            items = [_str(x) for x in items]
            # numpy stores every item at the width of the longest (4 bytes a character)
            width = max(map(len, items), default=1) or 1
            self.spend(n * width * 4, f"a string array of {n:,} items padded to {width:,} characters")
            return np.array(items, dtype=f"<U{width}").reshape(shape) if n else np.empty(shape, dtype="<U1")
        if dtype == "bytes":
            if not all(type(x) is bytes for x in items):
                raise WireError("a bytes array holds something else")
            width = max(map(len, items), default=1) or 1
            self.spend(n * width, f"a bytes array of {n:,} items padded to {width:,} bytes")
            return np.array(items, dtype=f"S{width}").reshape(shape) if n else np.empty(shape, dtype="S1")
        out = np.empty(n, dtype=object)
        for i, x in enumerate(items):
            out[i] = x
        return out.reshape(shape)

    def _numpy(self, tag, node, depth):
        import numpy as np
        if tag == "ndarray":
            return self.array(node, depth)
        if tag == "npdtype":
            v = _str(node["v"])
            return np.dtype(object) if v == "object" else np.dtype(v)
        dtype = node["dtype"]
        if dtype == "str":
            return np.str_(_str(node["v"]))
        if dtype == "bytes":
            return np.bytes_(_unb64(node["b64"], self.spend))
        dt = np.dtype(_str(dtype))
        if dt.kind not in "biufcmM":
            raise WireError("bad scalar dtype")
        raw = _unb64(node["b64"])
        if len(raw) != dt.itemsize:
            raise WireError("scalar bytes do not match its dtype")
        return np.frombuffer(raw, dtype=dt)[0]

    # torch ----------------------------------------------------------------
    def _torch(self, tag, node, depth):
        import torch
        if tag == "torch.Size":
            return torch.Size([int(d) for d in node["items"] if type(d) is int])
        if tag == "torch.device":
            return torch.device(_str(node["v"]))
        dt = getattr(torch, _str(node["dtype"] if tag == "tensor" else node["v"]), None)
        if not isinstance(dt, torch.dtype):
            raise WireError("unknown torch dtype")
        if tag == "torch.dtype":
            return dt
        shape, n = self._shape(node["shape"])
        size = dt.itemsize
        b64 = node["b64"]
        if type(b64) is not str or len(b64) // 4 * 3 > n * size + 2:
            raise WireError("tensor bytes do not match its shape")
        self.spend(n * size, f"a tensor of {n:,} x {size} bytes")
        raw = _unb64(b64)
        if len(raw) != n * size:
            raise WireError("tensor bytes do not match its shape")
        if n == 0:
            t = torch.empty(shape, dtype=dt)
        else:
            # a tensor of its own (a resizable storage, as any tensor the code it is handed to makes)
            t = torch.frombuffer(bytearray(raw), dtype=dt).reshape(shape).clone()
        if node.get("parameter") is True:
            return torch.nn.Parameter(t, requires_grad=node.get("requires_grad") is True)
        if node.get("requires_grad") is True and (t.is_floating_point() or t.is_complex()):
            t.requires_grad_(True)
        return t

    # pandas ---------------------------------------------------------------
    def column(self, node, depth):
        import numpy as np
        import pandas as pd
        if type(node) is not dict:
            raise WireError("bad column")
        dtype = _str(node["dtype"])
        if dtype == "category":
            cats = self.column(node["categories"], depth + 1)
            codes = self.array(node["codes"], depth + 1)
            return pd.Categorical.from_codes(codes, categories=pd.Index(cats), ordered=node.get("ordered") is True)
        if "values" in node:
            values = self.array(node["values"], depth + 1)
            if dtype != str(values.dtype):   # a cast could unfold a few bytes into many (to a wide string dtype)
                raise WireError("a column's dtype does not match its values")
            return values
        items = node["items"]
        if type(items) is not list:
            raise WireError("bad column items")
        target = pd.api.types.pandas_dtype(dtype) if dtype != "object" else np.dtype(object)
        if isinstance(target, np.dtype):
            if target.kind in "USV":        # fixed-width storage, padded to the widest item
                raise WireError(f"a column of fixed-width dtype {dtype!r}")
            self.spend(len(items) * target.itemsize, f"a column of {len(items):,} x {target.itemsize} bytes")
        else:
            self.spend(len(items) * 8, f"a column of {len(items):,} values")
        vals = []
        for x in items:
            if type(x) is dict and x.get(TAG) == "missing":
                vals.append(self._missing(x))
            else:
                vals.append(self(x, depth + 1))
        arr = np.empty(len(vals), dtype=object)
        for i, v in enumerate(vals):
            arr[i] = v
        if dtype == "object":
            return pd.array(arr, dtype=object)
        return pd.array(arr, dtype=dtype)

    def _missing(self, node):
        import pandas as pd
        return {"NaN": float("nan"), "NA": pd.NA, "NaT": pd.NaT, "None": None}[_str(node["v"])]

    def index(self, node, depth):
        import pandas as pd
        kind = node["kind"]
        if kind == "range":
            start, stop, step = (int(node[k]) for k in ("start", "stop", "step"))
            if step == 0:
                raise WireError("a range index with step 0")
            self.spend(len(range(start, stop, step)) * 8, "a range index (when materialised)")
            return pd.RangeIndex(start, stop, step, name=self(node["name"], depth + 1))
        if kind == "multi":
            levels = [self.column(c, depth + 1) for c in node["levels"]]
            names = [self(n, depth + 1) for n in node["names"]]
            return pd.MultiIndex.from_arrays(levels, names=names)
        if kind == "index":
            return pd.Index(self.column(node["values"], depth + 1), name=self(node["name"], depth + 1))
        raise WireError("bad index kind")

    def _pandas(self, tag, node, depth):
        import pandas as pd
        if tag == "missing":
            return self._missing(node)
        if tag == "Timestamp":
            return pd.Timestamp(_str(node["iso"])).as_unit(_str(node.get("unit", "ns")))
        if tag == "Timedelta":
            return pd.Timedelta(int(node["ns"]), unit="ns")
        if tag == "Index":
            return self.index(node, depth)
        if tag == "Series":
            idx = self.index(node["index"], depth + 1)
            vals = self.column(node["values"], depth + 1)
            if len(vals) != len(idx):
                raise WireError("series length does not match its index")
            series = pd.Series(vals, index=idx, name=self(node["name"], depth + 1), copy=False,
                               dtype=getattr(vals, "dtype", None))
            return self._attrs(node, series, depth)
        cols = self.index(node["columns"], depth + 1)
        idx = self.index(node["index"], depth + 1)
        data = node["data"]
        if type(data) is not list or len(data) != len(cols):
            raise WireError("frame columns do not match")
        arrays = [self.column(c, depth + 1) for c in data]
        if any(len(a) != len(idx) for a in arrays):
            raise WireError("frame column length does not match its index")
        frame = pd.DataFrame({i: pd.Series(a, index=idx, dtype=getattr(a, "dtype", None), copy=False)
                              for i, a in enumerate(arrays)}, index=idx)
        frame.columns = cols
        return self._attrs(node, frame, depth)

    def _attrs(self, node, obj, depth):
        if "attrs" in node:
            attrs = self(node["attrs"], depth + 1)
            if type(attrs) is not dict:
                raise WireError("attrs is not a dict")
            obj.attrs = attrs
        return obj


def _str(x) -> str:
    if type(x) is not str:
        raise WireError("expected text")
    return x


def decode(tree, handle=None, special=None, max_decoded: int | None = None):
    return Decoder(handle, special, max_decoded)(tree)


def loads(text: str, handle=None, special=None):
    if type(text) is not str:
        raise WireError("expected text")
    if len(text) > MAX_TEXT:
        raise WireError(f"more than {MAX_TEXT:,} characters")
    try:
        tree = json.loads(text)
    except RecursionError:
        raise WireError("nested too deeply") from None
    except ValueError as e:
        raise WireError(f"not JSON: {e}") from None
    return decode(tree, handle, special)


def roundtrip(obj, handles=None, handle=None):
    """What the other side of the boundary would see (used by local checks,
    so a notebook's own run and grading compare the same things)."""
    return decode(json.loads(json.dumps(encode(obj, handles), allow_nan=False)), handle)
