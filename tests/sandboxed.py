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


# what a sandbox or a jail shares with later ones, tried from inside: add_key, keyctl and request_key (the keyrings),
# mincore and cachestat (the page cache), a write to /proc/sys (the kernel's settings); each call's errno printed
# as JSON (x86-64's numbers; workbook/grading/seccomp.py refuses AArch64's and i386's too)
SHARED_STATE = r'''
import ctypes, errno, json
libc = ctypes.CDLL(None, use_errno=True)
L = ctypes.c_long
def proc_sys():   # the kernel's settings: the same value written back, refused when /proc/sys is read-only
    try:
        with open("/proc/sys/vm/swappiness") as f:
            value = f.read()
        with open("/proc/sys/vm/swappiness", "w") as f:
            f.write(value)
        return "written"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))
def call(*args):
    r = libc.syscall(*args)
    return errno.errorcode.get(ctypes.get_errno(), "") if r < 0 else "allowed"
print(json.dumps({
    "add_key": call(L(248), b"user", b"workbook-keyring-probe", b"x", ctypes.c_size_t(1), L(-4)),   # to @u
    "keyctl": call(L(250), L(0), L(-3), L(0)),                  # KEYCTL_GET_KEYRING_ID of @s
    "request_key": call(L(249), b"user", b"workbook-keyring-probe", None, L(0)),
    "mincore": call(L(27), L(0), L(4096), ctypes.create_string_buffer(1)),   # unfiltered: ENOMEM (nothing at 0)
    "cachestat": call(L(451), L(0), None, None, L(0)),                      # unfiltered: EBADF
    "proc_sys": proc_sys(),
}))
'''
SHARED_REFUSED = {"add_key": "EPERM", "keyctl": "EPERM", "request_key": "EPERM", "mincore": "EPERM",
                    "cachestat": "EPERM", "proc_sys": "EROFS"}

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
    # 300 s: two sandboxed kernels' probes timed out after 120 s in a loaded full suite
    await kc.execute_interactive(code, output_hook=hook, timeout=300)
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
