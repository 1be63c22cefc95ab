"""Sandboxed kernels started by hand, for the tests of the sandbox itself
(tests/test_zygote.py, tests/test_sandbox_limits.py): start one with the
grader's kernel manager, run code in it and collect what it printed, stop it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbook.grading import sandbox

# the duration of a `sleep` a test starts in a sandbox or a jail and then looks for in /proc: one no other
# process on the machine runs with (a developer's own `sleep 300` in a shell was taken for a leftover twice)
SLEEP = f"300.{os.getpid()}"


def need_bwrap() -> None:
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)


async def start(folder: Path, **traits):
    """(kernel manager, client) of a sandboxed kernel whose notebook folder is ``folder``; ``traits``:
    SandboxKernelManager's settings (warm, disk, shm...)."""
    km = sandbox.SandboxKernelManager(kernel_name="python3", **traits)
    await km.start_kernel(cwd=str(folder))
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=120)
    return km, kc


async def run(kc, code: str) -> str:
    """What ``code`` printed, and the traceback of its error if it raised."""
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append("\n".join(msg["content"]["traceback"]))
    await kc.execute_interactive(code, output_hook=hook, timeout=120)
    return "".join(out)


async def stop(km, kc) -> None:
    kc.stop_channels()
    await km.shutdown_kernel(now=True)


def cmdline(pid: str) -> str:
    """The command line of process ``pid`` (its arguments joined by NULs), or "" when it is gone."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""
