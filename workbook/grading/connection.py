"""A sandboxed kernel's connection folder: where its sockets are, what bounds
it (and the entries of the sandbox's other writable places), and how the
grader reaches them without a path.

ipykernel's ``ipc`` transport binds each of the kernel's five zmq sockets at
``<ip>-<port>``. Here ``ip`` is ``SOCKETS/kernel``, a folder inside the
sandbox: a tmpfs of its own, ``IPC_SIZE`` bytes and ``IPC_INODES`` inodes
(the kernel's five sockets and a few spare; the 20,000th socket a kernel
tries there gets ENOSPC at the sixteenth), mounted in the sandbox's mount
namespace before the kernel starts (``mount``: by the zygote's child, which
enters the namespace to fork a warm kernel; by ``MOUNT_HELPER`` for a cold
one) and gone with it. Nothing of it is on the host: the host keeps only the
connection file, bound read-only (the kernel reads its ports and key there).
The same step caps the inodes of the sandbox's other tmpfs, /tmp (its
working folder, HOME, the data cache) and /dev/shm, which bubblewrap mounts
with a size only (``SandboxKernelManager.inodes``): every place the kernel
may write holds a bound on its bytes and on its entries.

The grader never resolves a path in it. ``Sockets`` opens the folder beneath
the sandbox's root (``beneath``), then each socket with ``O_PATH |
O_NOFOLLOW``, checks that it is a socket, and its zmq sockets connect to
``/proc/self/fd/<that descriptor>`` (``url``): to that socket, whatever the
kernel makes of the name later (a link to a socket of the host included).
"""
from __future__ import annotations

import ctypes
import os
import select
import subprocess
import sys
import time

SOCKETS = "/run/wb-ipc"
IPC_SIZE = 64 << 10
IPC_INODES = 16
OPTIONS = f"size={IPC_SIZE},nr_inodes={IPC_INODES},mode=0700"
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 2, 4, 8
_CLONE_NEWUSER, _CLONE_NEWNS = 0x10000000, 0x00020000
_NS_GET_USERNS = 0xB701


CAPPED = ("/tmp", "/dev/shm")
# statvfs's flags of a mount that a remount must give again (a user namespace may not clear them), as
# mount's flags: ST_RDONLY, ST_NOSUID, ST_NODEV, ST_NOEXEC, ST_NOATIME, ST_NODIRATIME keep their values
_KEPT, _ST_RELATIME, _MS_RELATIME, _MS_REMOUNT = 1 | 2 | 4 | 8 | 1024 | 2048, 4096, 1 << 21, 32


def mount(libc=None, inodes: int = 0) -> None:
    """The connection folder's tmpfs at SOCKETS, and with ``inodes`` > 0 that
    inode cap on each tmpfs of CAPPED (their size stays), in the mount
    namespace this process is in (it holds CAP_SYS_ADMIN over it: the owner
    of the sandbox's namespaces)."""
    libc = libc or ctypes.CDLL(None, use_errno=True)
    if libc.mount(b"tmpfs", SOCKETS.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, OPTIONS.encode()):
        e = ctypes.get_errno()
        raise OSError(e, f"mounting the kernel's connection folder at {SOCKETS}: {os.strerror(e)}")
    for place in CAPPED if inodes > 0 else ():
        st = os.statvfs(place)
        flags = _MS_REMOUNT | (st.f_flag & _KEPT) | (_MS_RELATIME if st.f_flag & _ST_RELATIME else 0)
        if libc.mount(None, place.encode(), None, flags, f"nr_inodes={int(inodes)}".encode()):
            e = ctypes.get_errno()
            raise OSError(e, f"capping the inodes of the sandbox's {place} at {inodes:,}: {os.strerror(e)}")


def enter_and_mount(pid: int, inodes: int = 0) -> None:
    """In a fresh single-threaded process: enter the mount namespace of the
    sandbox whose init is ``pid`` (through the user namespace that owns it,
    when that is not this process's), its root, and ``mount``."""
    import fcntl
    libc = ctypes.CDLL(None, use_errno=True)
    mnt = os.open(f"/proc/{pid}/ns/mnt", os.O_RDONLY | os.O_CLOEXEC)
    root = os.open(f"/proc/{pid}/root", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        owner = fcntl.ioctl(mnt, _NS_GET_USERNS)
    except OSError:
        owner = -1   # the machine's own user namespace (bubblewrap run as root)
    if owner >= 0 and os.fstat(owner).st_ino != os.stat("/proc/self/ns/user").st_ino:
        if libc.setns(owner, _CLONE_NEWUSER):
            raise OSError(ctypes.get_errno(), "entering the owner of the sandbox's namespaces")
    if libc.setns(mnt, _CLONE_NEWNS):
        raise OSError(ctypes.get_errno(), "entering the sandbox's mount namespace")
    os.fchdir(root)
    os.chroot(".")
    mount(libc, inodes)


# for a cold kernel: ``python -I -S -c MOUNT_HELPER PACKAGE_PARENT PID INODES``
MOUNT_HELPER = ("import sys\nsys.path.insert(0, sys.argv[1])\n"
                "from workbook.grading.connection import enter_and_mount\n"
                "enter_and_mount(int(sys.argv[2]), int(sys.argv[3]))")


def mount_for(pid: int, inodes: int = 0) -> None:
    """``mount`` in the sandbox whose init is ``pid``, from a helper process
    (entering a user namespace needs a single-threaded process)."""
    import workbook
    parent = os.path.dirname(os.path.dirname(os.path.realpath(workbook.__file__)))
    r = subprocess.run([sys.executable, "-I", "-S", "-c", MOUNT_HELPER, parent, str(pid), str(int(inodes))],
                       capture_output=True,
                       text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"}, cwd="/")
    if r.returncode != 0:
        lines = r.stderr.strip().splitlines()
        raise OSError(f"the kernel's connection folder could not be mounted: {lines[-1] if lines else r.returncode}")


def wait_readable(fd: int, timeout: float, alive) -> bool:
    """Whether ``fd`` (a pipe) became readable within ``timeout`` seconds;
    False as soon as ``alive()`` is False."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        if select.select([fd], [], [], min(left, 0.05))[0]:
            return True
        if not alive():
            return False


class Sockets:
    """The grader's hold on a sandboxed kernel's sockets: its connection
    folder and each socket, by descriptor, found beneath the sandbox's root
    ``root`` (a descriptor its caller holds)."""

    def __init__(self, root: int):
        self.root = root
        self.folder: int | None = None
        self.fds: dict[int, int] = {}

    def find(self, ports: list[int], prefix: str = "kernel") -> bool:
        """Whether every socket ``<prefix>-<port>`` of the folder is there now
        (each found is kept). The folder is opened again until they all are:
        a warm kernel's folder is mounted after the sandbox started."""
        from . import beneath
        if self.folder is None or not self.fds:
            if self.folder is not None:
                os.close(self.folder)
                self.folder = None
            try:
                self.folder = beneath.open_beneath(self.root, SOCKETS.lstrip("/"), os.O_PATH | os.O_DIRECTORY
                                                   | os.O_NOFOLLOW | os.O_CLOEXEC)
            except FileNotFoundError:
                return False
        for port in ports:
            if port not in self.fds:
                fd = beneath.socket_beneath(self.folder, f"{prefix}-{port}")
                if fd is None:
                    return False
                self.fds[port] = fd
        return True

    def url(self, port: int) -> str:
        """The zmq URL of the kernel's socket for ``port``."""
        if port not in self.fds:
            raise RuntimeError(f"the sandboxed kernel has no socket for port {port}")
        return f"ipc:///proc/self/fd/{self.fds[port]}"

    def close(self) -> None:
        """Its descriptors (the root's is its owner's to close)."""
        for fd in [*self.fds.values(), *([self.folder] if self.folder is not None else [])]:
            try:
                os.close(fd)
            except OSError:
                pass
        self.fds.clear()
        self.folder = None
