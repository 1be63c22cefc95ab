"""Messages as data: what a person reads, kept as a template and its values
until it is shown.

A ``Message`` is a msgid (the English text; a ``str.format`` template with
named fields when it has values) and its arguments. An argument is a value,
already formatted by its field's conversion and format spec when the message
is made (a number, a student's value shown as code, a row: text that is never
translated), or another message (translated in turn). A message is rendered
once, where a person reads it, in that notebook's or that command's language
(``workbook.i18n``): its msgid looked up with gettext (``ngettext`` for a
plural, where a count decides), then its fields filled in. Nothing reads a
finished text back into parts.

* ``msg("wrong {what}", what=msg("number of rows"))``: a template and its
  values; ``msg("text")``: a template without fields (``{{`` is a brace);
* ``as_message("text")``: a plain ``str`` given where a message is expected
  (``hint="..."``) is a msgid as it is, never formatted;
* ``nmsg("{n} row", "{n} rows", n)``: a plural (Korean has one form, English
  two; the catalogue's Plural-Forms decides);
* ``joined([...], "; ")``: several messages or values in a row.

A translation may choose a Korean particle from the value before it: in a
msgstr, ``{what:이}`` renders the value and 이 or 가 after it (을/를, 은/는,
와/과, 으로/로, 이다...: ``tossi`` picks the form from the value's last
syllable, a number's Korean reading included). The English template never
needs one, and a value the particle cannot be chosen for (code, Latin
letters) is better rephrased around (``{name}의 결과``, ``{name} 값이``).

``as_data``/``from_data``: a message as plain JSON data (verdicts) and back.
"""
from __future__ import annotations

import string
from typing import Iterable

_FORMATTER = string.Formatter()
# the particles a translation may put in a field's spec (tossi chooses the form)
_HANGUL = range(0xAC00, 0xD7A4)


class Message:
    """A text a person reads, as data: see the module docstring.

    ``args`` is None for a msgid shown as it is (never formatted), else the
    fields' values: ``str`` (formatted already) or ``Message``/``Joined``."""

    __slots__ = ("msgid", "args", "plural", "n")

    def __init__(self, msgid: str, args: dict | None = None, plural: str | None = None, n: int | None = None):
        if not isinstance(msgid, str):
            raise TypeError(f"a message's msgid is a str, not {type(msgid).__name__}")
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "plural", plural)
        object.__setattr__(self, "n", n)

    def __setattr__(self, name, value):
        raise AttributeError("a Message does not change once made")

    def _key(self):
        return (self.msgid, None if self.args is None else tuple(sorted(self.args.items(), key=lambda kv: kv[0])),
                self.plural, self.n)

    def __eq__(self, other):
        return isinstance(other, Message) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self) -> str:
        extra = "" if self.args is None else ", " + ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        plural = "" if self.plural is None else f", plural={self.plural!r}, n={self.n!r}"
        return f"Message({self.msgid!r}{plural}{extra})"

    def __str__(self) -> str:
        """The message in the current language (``workbook.i18n.current``)."""
        return render(self)

    def as_data(self) -> dict:
        return as_data(self)


class Joined:
    """Several messages or values shown in a row, ``sep`` between them (a
    string, or a message: `` or ``)."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Iterable, sep="; "):
        self.items = tuple(_arg(x) for x in items)
        self.sep = _arg(sep)

    def __eq__(self, other):
        return isinstance(other, Joined) and (self.items, self.sep) == (other.items, other.sep)

    def __hash__(self):
        return hash((self.items, self.sep))

    def __repr__(self) -> str:
        return f"joined({list(self.items)!r}, {self.sep!r})"

    def __str__(self) -> str:
        return render(self)


def _arg(value):
    """An argument as a message holds it: a message stays one, anything else
    is its text."""
    return value if isinstance(value, (Message, Joined)) else str(value)


def fields(template: str) -> list[tuple[str, str | None, str]]:
    """(name, conversion, spec) of each field of a template, in order; a
    ValueError for a template str.format cannot read or a field that is not a
    plain name (``{0}``, ``{a.b}``, ``{a[0]}``)."""
    out = []
    for _literal, name, spec, conv in _FORMATTER.parse(template):
        if name is None:
            continue
        if not name.isidentifier():
            raise ValueError(f"{template!r}: a field must be a plain name, not {{{name}}}")
        out.append((name, conv, spec or ""))
    return out


def _formatted(value, conv: str | None, spec: str) -> str | Message | Joined:
    """A value as its field shows it (conversion and spec applied); a message
    is kept as it is, to be rendered in the reader's language."""
    if isinstance(value, (Message, Joined)):
        return value
    if conv == "r":
        value = repr(value)
    elif conv == "a":
        value = ascii(value)
    elif conv == "s":
        value = str(value)
    return format(value, spec)


def msg(template: str, /, **args) -> Message:
    """A message from a template (the English text, ``str.format`` fields by
    name) and the values of its fields: each value is formatted now, by its
    field's conversion and spec (``{x!r}``, ``{share:.1%}``), unless it is a
    message itself; a Korean particle (``{c!r:이}`` in a translated test
    cell's own f-string) is applied when the message is shown (``fill``)."""
    values: dict = {}
    seen = set()
    for name, conv, spec in fields(template):
        if name not in args:
            raise KeyError(f"{template!r}: no value for the field {{{name}}}")
        if name not in seen:
            seen.add(name)
            values[name] = _formatted(args[name], conv, "" if is_particle(spec) else spec)   # a particle: at render
    extra = set(args) - seen
    if extra:
        raise KeyError(f"{template!r}: values for no field: {', '.join(sorted(extra))}")
    return Message(template, values)


def nmsg(singular: str, plural: str, n: int, /, **args) -> Message:
    """A message whose form depends on a count ``n`` (gettext's ngettext):
    ``nmsg("{n} row", "{n} rows", len(rows))``; ``{n}`` is the count unless
    given."""
    args.setdefault("n", n)
    names = {name for name, _, _ in fields(singular) + fields(plural)}
    values = {}
    for template in (singular, plural):
        for name, conv, spec in fields(template):
            if name not in args:
                raise KeyError(f"{template!r}: no value for the field {{{name}}}")
            values.setdefault(name, _formatted(args[name], conv, spec))
    extra = set(args) - names - {"n"}
    if extra:
        raise KeyError(f"{singular!r}: values for no field: {', '.join(sorted(extra))}")
    return Message(singular, values, plural, int(n))


def as_message(text):
    """What a message parameter was given, as a message: a message stays
    one, a ``str`` is a msgid shown as it is (looked up whole in the
    catalogue, never formatted), None stays None, anything else is a value
    (its text)."""
    if text is None or isinstance(text, (Message, Joined)):
        return text
    if isinstance(text, str):
        return Message(text)
    return str(text)     # anything else is a value


def joined(items: Iterable, sep: str = "; ") -> Joined:
    return Joined(items, sep)


# ------------------------------------------------------------------ rendering
def render(message, language=None) -> str:
    """The text a person reads: ``message`` in ``language`` (the current one
    by default). A ``str`` is a value: shown as it is."""
    if message is None:
        return ""
    if isinstance(message, str):
        return message
    if language is None:
        from .i18n import current
        language = current()
    if isinstance(message, Joined):
        return render(message.sep, language).join(render(x, language) for x in message.items)
    if not isinstance(message, Message):
        return str(message)
    if message.plural is not None:
        text = language.ngettext(message.msgid, message.plural, message.n)
    else:
        text = language.gettext(message.msgid)
    if message.args is None:
        return text
    values = {k: render(v, language) for k, v in message.args.items()}
    try:
        return fill(text, values)
    except (KeyError, ValueError, IndexError):   # a translation that lost or renamed a field: the English
        english = message.msgid if message.plural is None or message.n == 1 else message.plural
        return fill(english, values)


class MessageError(Exception):
    """An error whose ``message`` (a message) says why; ``str()`` renders it in the current language. The errors
    a person reads subclass it with the built-in error they are (``class ExamError(MessageError, RuntimeError)``)."""

    def __init__(self, message):
        self.message = message
        super().__init__()

    def __str__(self) -> str:
        return render(self.message)


def fill(template: str, values: dict[str, str]) -> str:
    """A template's fields filled with text already formatted: a field's
    spec is a Korean particle (``{what:이}``) or was applied when the message
    was made (``{x:.3f}``), so only a particle is used here."""
    out = []
    for literal, name, spec, _conv in _FORMATTER.parse(template):
        out.append(literal)
        if name is None:
            continue
        value = values[name]
        if spec and is_particle(spec):
            out.append(particle(value, spec))
        else:
            out.append(value)
    return "".join(out)


def is_particle(spec: str) -> bool:
    """A format spec that is a Korean particle (all Hangul, maybe with the
    parenthesised forms tossi reads: ``이``, ``(으)로``, ``이에요``)."""
    core = spec.replace("(", "").replace(")", "")
    return bool(core) and all(ord(ch) in _HANGUL for ch in core)


def particle(word: str, which: str) -> str:
    """``word`` and the form of the particle ``which`` that follows it
    (tossi: 이/가, 을/를, 은/는, 와/과, 으로/로, 이다...). A word whose last
    sound cannot be told (code, a Latin name: tossi would write both forms,
    이(가)) is followed by the noun 값 ("value"), which takes the particle:
    ``predictor.version 값이``."""
    import tossi
    if "(" in tossi.pick(word, which):
        return tossi.postfix(f"{word} 값", which)
    return tossi.postfix(word, which)


# ------------------------------------------------------------------ as data
def as_data(message) -> dict | str | None:
    """A message as plain JSON data (a verdict's lines): a value stays its
    text."""
    if message is None or isinstance(message, str):
        return message
    if isinstance(message, Joined):
        return {"joined": [as_data(x) for x in message.items], "sep": as_data(message.sep)}
    out: dict = {"msgid": message.msgid}
    if message.args is not None:
        out["args"] = {k: as_data(v) for k, v in message.args.items()}
    if message.plural is not None:
        out["plural"], out["n"] = message.plural, message.n
    return out


def from_data(data, depth: int = 0):
    """``as_data`` read back; a ValueError for anything else."""
    if depth > 32:
        raise ValueError("a message nested too deeply")
    if data is None or isinstance(data, str):
        return data
    if not isinstance(data, dict):
        raise ValueError(f"not a message: {type(data).__name__}")
    if "joined" in data:
        items, sep = data["joined"], from_data(data.get("sep", "; "), depth + 1)
        if not isinstance(items, list) or sep is None:
            raise ValueError("a malformed joined message")
        return Joined([from_data(x, depth + 1) for x in items], sep)
    msgid = data.get("msgid")
    if not isinstance(msgid, str):
        raise ValueError("a message without its msgid")
    args = data.get("args")
    if args is not None:
        if not isinstance(args, dict):
            raise ValueError("a message's args are a dict")
        args = {str(k): from_data(v, depth + 1) for k, v in args.items()}
    plural, n = data.get("plural"), data.get("n")
    if plural is not None and (not isinstance(plural, str) or not isinstance(n, int)):
        raise ValueError("a plural message needs its plural form and its count")
    return Message(msgid, args, plural, n)


def walk(message):
    """Every message in ``message``, itself first, then its arguments'."""
    if isinstance(message, Joined):
        for x in (*message.items, message.sep):
            yield from walk(x)
    elif isinstance(message, Message):
        yield message
        for v in (message.args or {}).values():
            yield from walk(v)
