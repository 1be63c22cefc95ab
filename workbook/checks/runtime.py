"""The code that answers the judge in the student's kernel, sent by the judge.

While a notebook is graded, the judge never calls into a module the
student's kernel has imported, nor evaluates a name in the student's
namespace: a student can replace ``workbook.checks.kernel.serve``, a probe
helper, a builtin or IPython's machinery in their own process. Instead,
before the first cell of the student's runs, the judge installs its guard
(``guard``, sent as source with the judge's own copy of ``wire`` and
``kernel``): it records what the process is, compiles the kernel side with
the captured ``compile``, and answers every later request of the judge
(``KernelChannel``: a silent execute request whose user expression ``WB``
holds the request) with captured references only, afresh into new module
objects, with the facts it sees changed and an HMAC of the reply under the
key the judge gave at install (``Guard``). Probes travel as source too
(``exercise.Probe``), with the helpers they use.

This raises the cost of forging a reply from one assignment to changing the
interpreter under the guard; it cannot make the student's process honest. So
nothing a probe reports earns a point by itself: the judge compares replies
with values it computes; prohibitions (forbidden calls, line budgets) are
decided from the submitted source (``checks.source``); and an exercise whose
verdict rests on an observation from the student's process
(``@exercise(observes=...)``, docs/trust.md) scores 0 whenever the judge sees
a change of the process or a reply it cannot verify.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

FILES = ("wire", "watch", "kernel")   # in import order: kernel imports wire and watch
PACKAGE = "_workbook_judge"

@lru_cache(maxsize=1)
def sources() -> tuple[tuple[str, str], ...]:
    """(name, source) of the kernel side, read from this package's files."""
    here = Path(__file__).parent
    return tuple((name, (here / f"{name}.py").read_text(encoding="utf-8")) for name in FILES)


def install_expression(key_hex: str, own_namespace: bool = False) -> str:
    """The user expression that installs the guard (evaluated before any
    cell of the student's, so the names it looks up are the process's own):
    the guard's source in a namespace of its own, whose builtins are a
    private copy, then ``install``. ``own_namespace``: the kernel runs in
    the sandbox's PID namespace (``guard.install``)."""
    srcs = [list(x) for x in sources()]
    return (f"(lambda b: (lambda g: (b.exec(b.compile({guard_source()!r}, {GUARD_FILE!r}, 'exec'), g), "
            f"g['install']({key_hex!r}, {srcs!r}, "
            f"{PACKAGE!r}, {bool(own_namespace)!r}))[1])({{'__builtins__': dict(b.__dict__), '__name__': '_workbook_guard'}}))"
            "(__import__('builtins'))")


@lru_cache(maxsize=1)
def guard_source() -> str:
    return (Path(__file__).parent / "guard.py").read_text(encoding="utf-8")


WB = "workbook"          # the user expression's key (guard.WB)
GUARD_FILE = "<workbook guard>"   # the guard's code's file name: no code of the student's (watch._watching)
INSTALLED = "installed"  # what guard.install returns
RATCHET = b"workbook tampered\0"


class Guard:
    """The judge's side of one kernel's guard: the key it signs with, a
    nonce per request, and the facts a reply brings (or its lack of a valid
    signature)."""

    def __init__(self):
        import secrets
        self.key = secrets.token_bytes(32)

    def envelope(self, text: str) -> tuple[str, str]:
        import secrets
        nonce = secrets.token_hex(16)
        return nonce, nonce + "\n" + text

    def read(self, payload: str, nonce: str, request: str) -> tuple[str, list]:
        """(the reply's JSON text, the facts) of the guard's answer: each fact a ``facts.Fact`` (what the
        guard saw change, what its audit hook noted, or that the reply is not signed)."""
        import hmac

        from .facts import UNSIGNED, fact, from_wire
        try:
            mac, seen, facts, reply = payload.split("\n", 3)
        except ValueError:
            return "", [UNSIGNED]
        message = b"\0".join(x.encode("utf-8", "surrogatepass") for x in (nonce, request, facts, reply, seen))
        out = [from_wire(f) for f in facts.split("\x1e") if f]
        if hmac.compare_digest(mac.encode(), hmac.new(self.key, message, "sha256").hexdigest().encode()):
            return reply, out
        ratcheted = hashlib.sha256(RATCHET + self.key).digest()
        if hmac.compare_digest(mac.encode(), hmac.new(ratcheted, message, "sha256").hexdigest().encode()):
            events = [fact(e) for e in seen.split("\x1e") if e]
            return reply, out + (events or [fact("tampered")])
        return reply, out + [UNSIGNED]
