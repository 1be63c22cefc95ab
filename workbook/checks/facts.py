"""What the judge saw change in a student's process, as typed data.

The guard in the student's kernel (``guard``) reports each change as a kind
and its subject (``"replaced\\x1fbuiltins.compile"``), never as a sentence;
the judge's side (``runtime.Guard``) makes each a ``Fact``: a message the
reader sees in their own language (a Korean student's ✘ line is Korean by
construction), whose text is the English the instructor's flags, logs and
tests read. An unknown kind (a forged reply) is a fact too: it can only make
a student fail.
"""
from __future__ import annotations

from ..messages import Message, msg, render

SEP = "\x1f"   # between a fact's kind and its subject on the wire (the guard's)

# kind -> the message of a fact with its subject as {name}
FACT_MESSAGES = {
    "replaced": "{name} was replaced",
    "removed": "{name} was removed",
    "module": "sys.modules[{name}] was replaced",
    "meta_path": "sys.meta_path (the import hooks) was changed",
    "path_hooks": "sys.path_hooks (the import hooks) was changed",
    "trace": "a trace function is set (sys.settrace)",
    "profile": "a profile function is set (sys.setprofile)",
    "thread_hooks": "a trace or profile hook for new threads is set (threading.settrace or setprofile)",
    "ns_import": "the notebook's namespace defines __import__",
    "ns_builtins": "the notebook's __builtins__ was replaced",
    "input_transformers": "the IPython kernel's input transformers were changed ({name})",
    "ast_transformers": "the IPython kernel's AST transformers were changed",
    "event": "a callback was added to the IPython kernel's {name} event",
    "machinery": "the IPython kernel's {name} was replaced",
    # what the guard's audit hook noted (its events), and what the judge itself saw
    "sys.settrace": "a trace function was set (sys.settrace)",
    "sys.setprofile": "a profile function was set (sys.setprofile)",
    "sys.addaudithook": "an audit hook was added (sys.addaudithook)",
    "gc.get_objects": "the kernel walked the interpreter's objects (gc.get_objects)",
    "gc.get_referrers": "the kernel walked the interpreter's objects (gc.get_referrers)",
    "gc.get_referents": "the kernel walked the interpreter's objects (gc.get_referents)",
    "sys._current_frames": "the kernel read every thread's frames (sys._current_frames)",
    "open of /proc/.../mem": "the kernel opened its own memory (/proc/.../mem)",
    "tampered": "the kernel changed what the grader relies on to observe it",
    "unsigned": "a reply to the grader did not come from its runtime in the kernel (it is not signed)",
    "not_installed": "the grader could not install its guard in the kernel before the notebook ran",
}
UNKNOWN_MESSAGE = "the grader's runtime in the kernel reported a change it does not name ({name})"


class Fact(str):
    """A fact held against a notebook: ``message`` for the reader, and the
    English text as the ``str`` itself (for the instructor and the logs)."""

    message: Message

    def __new__(cls, message: Message):
        from ..i18n import Language
        self = super().__new__(cls, render(message, Language()))
        self.message = message
        return self

    def __reduce__(self):   # across processes (a Dask worker's results): as the message's plain data
        from ..messages import as_data
        return _from_data, (as_data(self.message),)


def _from_data(data) -> Fact:
    from ..messages import from_data
    return Fact(from_data(data))


def fact(kind: str, name: str = "") -> Fact:
    template = FACT_MESSAGES.get(kind)
    if template is None:
        return Fact(msg(UNKNOWN_MESSAGE, name=(kind + (" " + name if name else ""))[:200]))
    return Fact(msg(template, name=name) if "{name}" in template else msg(template))


def from_wire(text: str) -> Fact:
    """A fact as the guard sent it (``kind``, or ``kind SEP subject``)."""
    kind, _, name = text.partition(SEP)
    return fact(kind, name)


def as_message(f) -> Message | str:
    """What a reader sees of a fact (a plain string from elsewhere stays itself)."""
    return f.message if isinstance(f, Fact) else f


UNSIGNED = fact("unsigned")
