"""What 01's checks read of a server folder besides its contents: permissions and modification times,
and the service (the model API) a command may talk to.

``read_meta`` is called by the runner (``workbook.checks.shell``) on the folder a command left, in the
grader's own process, through ``lstat`` (a link is never followed): the student's command cannot
forge it, as it could forge what a `stat` of its own prints. ``meta_problems`` says how it differs
from what is expected, as messages (``workbook.messages``) rendered in the reader's language.

``service_prefix`` is what runs before a command that talks to ``ml/serve.py``: the API starts in the
same shell (in the judge's jail, its own network namespace), on a free port of the loopback, and its
address is exported as ``DAON_API``; the API ends with the command.
"""
from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass

from ..messages import Message, msg

#: the environment variable holding the API's address (``http://127.0.0.1:PORT``)
API_VARIABLE = "DAON_API"


def read_meta(root, limit: int = 20_000) -> dict[str, tuple[int, int | None]]:
    """Every path under ``root`` (folders with a trailing slash) -> (permission bits, modification time
    in whole seconds; None for a folder, whose time changes with its entries). Links are not
    followed; their own bits are recorded."""
    out: dict[str, tuple[int, int | None]] = {}
    root = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            try:
                st = os.lstat(full)
            except OSError:
                continue
            rel = os.path.normpath(os.path.join(rel_dir, name))
            folder = stat.S_ISDIR(st.st_mode)
            out[rel + "/" if folder else rel] = (stat.S_IMODE(st.st_mode), None if folder else int(st.st_mtime))
        if len(out) > limit:
            break
    return out


def _when(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass
class MetaProblem:
    """One path whose permissions or modification time differ from what is expected."""

    what: str        # mode | mtime
    name: str
    expected: int
    got: int

    def text(self) -> Message:
        if self.what == "mode":
            return msg("`{name}` has permissions {got} ({got_rwx}), expected {expected} ({expected_rwx})",
                       name=self.name, got=f"{self.got:o}", expected=f"{self.expected:o}",
                       got_rwx=stat.filemode(self.got)[1:], expected_rwx=stat.filemode(self.expected)[1:])
        return msg("`{name}` was last modified {got}, expected {expected}", name=self.name,
                   got=_when(self.got), expected=_when(self.expected))


def meta_problems(expected: dict, got: dict, paths) -> list[MetaProblem]:
    """How the permissions and modification times of ``paths`` (those present on both sides) differ.
    ``expected`` maps a path to (mode, mtime or None): a None time is not compared."""
    out = []
    for p in sorted(paths):
        if p not in expected or p not in got:
            continue   # a missing or extra file is the content comparison's to report
        (em, et), (gm, gt) = expected[p], got[p]
        if em is not None and em != gm:
            out.append(MetaProblem("mode", p.rstrip("/"), em, gm))
        if et is not None and gt is not None and et != gt:
            out.append(MetaProblem("mtime", p.rstrip("/"), et, gt))
    return out


def under(meta: dict, prefixes) -> set[str]:
    """The paths of ``meta`` beneath any of ``prefixes``."""
    return {p for p in meta if any(p.startswith(prefix) for prefix in prefixes)}


def service_prefix(script: str) -> str:
    """The lines that start ``script`` (a Python program of the folder that takes ``--port-file``)
    and export its address before a command runs (at most 5 s of waiting for it)."""
    return (f'python3 -I -S {script} --port-file "$HOME/.service-port" > /dev/null 2>&1 &\n'
            'for _ in $(seq 500); do [ -s "$HOME/.service-port" ] && break; sleep 0.01; done\n'
            f'export {API_VARIABLE}="http://127.0.0.1:$(cat "$HOME/.service-port")"\n')
