"""The seccomp filter every sandboxed kernel and every jail runs under: the
kernel's keyrings refused (``add_key``, ``request_key`` and ``keyctl`` fail
with EPERM), as Docker's default profile refuses them; and the two calls that read which pages of a file
are in the page cache (``mincore``, ``cachestat``).

Why: keyrings belong to no namespace bubblewrap makes. A process of one jail
added a key to its user keyring (``@u``, the same for every process of the
user, root's when the grader runs as root) and a process of a later jail,
another cell's, another student's, read it back: a hidden input recorded in
one group came out in the next cell's visible example, and one student's
jail answered another student's hidden cases (a fourth hostile round). The
session keyring a process inherits is shared the same way. Nothing the
course runs needs a keyring.

The page cache is shared too: every sandbox reads the same files (``/usr``,
the libraries), and a process that read some pages of one of them could be
read back by a later sandbox asking ``mincore`` or ``cachestat`` which pages
are cached, a hundred thousand bits a second (the same review). Those two
calls are refused; reading a page and timing it still tells, slower,
noisier and changing what it reads (docs/trust.md says so).

The program is classic BPF, as ``seccomp(2)`` takes it: the architecture
first (x86-64, with the x32 numbers, i386, which an x86-64 process can call
too, and AArch64; a process of another architecture is let through, as the
course runs on none), then the system call's number. ``FILTER`` is what
bubblewrap's ``--seccomp FD`` reads (``memfd``); ``install`` puts it on the
calling process, for a kernel the zygote forks into a sandbox (it never
passes through bubblewrap's ``--seccomp``). A filter stays for the process
and every process it starts, across ``exec``: nothing in the sandbox can
take it off.
"""
from __future__ import annotations

import ctypes
import errno
import os
import struct

# struct sock_filter's codes: load a word of seccomp_data, AND, jump if equal, return
_LD_ABS, _AND, _JEQ, _RET = 0x20, 0x54, 0x15, 0x06
_NR, _ARCH = 0, 4                      # offsets in struct seccomp_data
ALLOW = 0x7FFF0000                     # SECCOMP_RET_ALLOW
DENY = 0x00050000 | errno.EPERM        # SECCOMP_RET_ERRNO | EPERM
X32_BIT = 0x40000000                   # x32's system calls: x86-64's numbers with this bit set

# audit architecture -> the numbers of add_key, request_key and keyctl there, then of mincore and cachestat
REFUSED_CALLS = {
    0xC000003E: (248, 249, 250, 27, 451),     # AUDIT_ARCH_X86_64 (x32 too, its bit cleared first)
    0x40000003: (286, 287, 288, 218, 451),    # AUDIT_ARCH_I386 (int 0x80 from an x86-64 process)
    0xC00000B7: (217, 218, 219, 232, 451),    # AUDIT_ARCH_AARCH64
}


def _program() -> bytes:
    """The filter, as an array of ``struct sock_filter`` (code, jt, jf, k)."""
    arches = list(REFUSED_CALLS.items())
    head = 1 + len(arches) + 1                      # load the arch, a jump per arch, allow the rest
    block = 2 + len(arches[0][1]) + 1               # load the number, clear x32's bit, a jump per call, allow
    deny = head + block * len(arches)
    code: list[tuple[int, int, int, int]] = [(_LD_ABS, 0, 0, _ARCH)]
    for k, (arch, _) in enumerate(arches):
        at = 1 + k
        code.append((_JEQ, head + block * k - (at + 1), 0, arch))
    code.append((_RET, 0, 0, ALLOW))
    for _, calls in arches:
        code += [(_LD_ABS, 0, 0, _NR), (_AND, 0, 0, ~X32_BIT & 0xFFFFFFFF)]
        for nr in calls:
            code.append((_JEQ, deny - (len(code) + 1), 0, nr))
        code.append((_RET, 0, 0, ALLOW))
    code.append((_RET, 0, 0, DENY))
    assert len(code) == deny + 1
    return b"".join(struct.pack("=HBBI", *ins) for ins in code)


FILTER = _program()


def memfd() -> int:
    """A descriptor holding ``FILTER`` from its start, inheritable: bubblewrap's ``--seccomp FD``. The caller
    passes it to bubblewrap and closes its own copy afterwards."""
    fd = os.memfd_create("workbook-seccomp", 0)
    os.write(fd, FILTER)
    os.lseek(fd, 0, os.SEEK_SET)
    os.set_inheritable(fd, True)
    return fd


class _Fprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def install() -> None:
    """``FILTER`` on this process and everything it starts. Needs no_new_privs (or CAP_SYS_ADMIN); raises
    OSError when the kernel refuses it."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
    prog = _Fprog(len(FILTER) // 8, FILTER)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"installing the sandbox's seccomp filter: {os.strerror(e)}")
