"""The code that answers the judge in the student's kernel, sent by the judge.

While a notebook is graded, the judge never calls into a module the
student's kernel has imported: a student can replace
``workbook.checks.kernel.serve`` or any probe helper in their own process.
Instead, every request carries a small bootstrap (``BOOT``) that runs the
judge's own copy of the kernel side (``wire`` and ``kernel``, read from the
grader's package): compiled once per kernel from the source the judge sends,
then executed afresh, into new module objects, for every request. Probes
travel as source too (``exercise.Probe``), with the helpers they use.

This raises the cost of forging a reply from one assignment to hooking the
kernel's own evaluation of what the judge sends; it cannot make the student's
process honest. So nothing a probe reports can earn a point by itself: the
judge compares replies with values it computes, and prohibitions (forbidden
calls, line budgets) are decided from the submitted source
(``checks.source``). docs/grading.md lists what still rests on an
observation from the student's process.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

FILES = ("wire", "kernel")   # in import order: kernel imports wire
PACKAGE = "_workbook_judge"

BOOT = r'''
def _workbook_boot(text, digest, sources):
    import sys, types
    store = sys.__dict__.get("_workbook_runtime")
    if not isinstance(store, dict):
        store = {"code": {}, "state": {}}
        sys._workbook_runtime = store
    code = store["code"].get(digest)
    if code is None:
        if sources is None:
            return '{"resend":true}'
        code = [(name, compile(src, "<workbook judge: " + name + ">", "exec")) for name, src in sources]
        store["code"] = {digest: code}
    pkg = "%(package)s"
    package = types.ModuleType(pkg)
    package.__path__ = []
    names = [pkg] + [pkg + "." + name for name, _ in code]
    saved = {k: sys.modules.get(k) for k in names}
    sys.modules[pkg] = package
    try:
        for name, c in code:
            m = types.ModuleType(pkg + "." + name)
            m.__package__ = pkg
            m.__file__ = "<workbook judge: " + name + ">"
            m.__dict__["__workbook_state__"] = store["state"]
            sys.modules[m.__name__] = m
            exec(c, m.__dict__)
            setattr(package, name, m)
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    return package.kernel.serve(text)
''' % {"package": PACKAGE}


@lru_cache(maxsize=1)
def sources() -> tuple[tuple[str, str], ...]:
    """(name, source) of the kernel side, read from this package's files."""
    here = Path(__file__).parent
    return tuple((name, (here / f"{name}.py").read_text(encoding="utf-8")) for name in FILES)


@lru_cache(maxsize=1)
def digest() -> str:
    return hashlib.sha256(json.dumps(sources()).encode()).hexdigest()


def expression(text: str, with_sources: bool) -> str:
    """The user expression that answers one request (JSON text) in the
    kernel: the bootstrap, then the fresh runtime's ``serve``."""
    srcs = [list(s) for s in sources()] if with_sources else None
    return (f"(lambda ns: (__import__('builtins').exec({BOOT!r}, ns), "
            f"ns['_workbook_boot']({text!r}, {digest()!r}, {srcs!r}))[1])"
            "({'__builtins__': __import__('builtins')})")
