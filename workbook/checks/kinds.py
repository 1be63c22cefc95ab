"""The kind of an answer its test asks for (the annotation of a test
function's parameter: ``callable``, ``str``, ``nn.Module``, ``Shell``...) and
the message when the answer is of another kind."""
from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass

from .core import CheckFailed
from ..messages import as_message, joined, msg


@dataclass(frozen=True)
class StringKind:
    """The language a string answer is written in, declared once: in the
    annotation of its test function's parameter (``def test_top_ips(q4_top_ips:
    Shell)``, with ``Shell = Annotated[str, StringKind("shell")]``). The answer
    is a str; the mutation tool (workbook/authoring/mutops.py) mutates it as
    that language."""
    name: str


def string_kind(annotation) -> str | None:
    """The StringKind's name of an annotation (None for any other)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return next((m.name for m in annotation.__metadata__ if isinstance(m, StringKind)), None)
    return None


def _kind_name(kind):
    """What a kind of answer is called in a message: a type by its name (code),
    a function as a word (a message)."""
    if kind is callable:
        return msg("function")
    if isinstance(kind, tuple):
        return joined([_kind_name(k) for k in kind], msg(" or "))
    if isinstance(kind, type):
        if kind.__module__ == "builtins":
            return kind.__name__
        mod = {"torch.nn.modules.module": "nn", "torch": "torch", "pandas.core.frame": "pd"}.get(kind.__module__)
        return f"{mod}.{kind.__name__}" if mod else kind.__name__
    return str(kind)


def check_kind(name: str, obj, kind) -> None:
    """The answer `name` is of the kind its test asks for (a class, a
    function, a str...); for a class answer, a subclass of it."""
    if kind is inspect.Parameter.empty or kind is None:
        return
    if typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    from .exercise import describe, is_instance
    d = describe(obj)
    for k in kinds:
        if k is callable and d.is_callable:
            return
        if isinstance(k, type) and (is_instance(obj, k) or (d.is_class and d.is_a(k))):
            return
    what = msg("a class") if d.is_class else msg("a {type}", type=d.short_type)
    if any(isinstance(k, type) and k.__module__ != "builtins" for k in kinds) and d.is_class:
        raise CheckFailed(msg("`{name}` should be a subclass of {kind}, but it is {what} that is not", name=name,
                              kind=_kind_name(kind), what=as_message(what)), show_values=False)
    raise CheckFailed(msg("`{name}` should be a {kind}, but it is {what}", name=name, kind=_kind_name(kind),
                          what=as_message(what)), show_values=False)
