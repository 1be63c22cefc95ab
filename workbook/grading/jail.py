"""The judge's jail: where a student's string answer (a shell or git
command, for 30-60 s) runs, in a fresh bubblewrap jail of its own, with the
limits of ``Jail`` (``c.Jail.*``). The kernel's sandbox is ``sandbox``; the
jail uses its view of the system and its cgroups (``limits``)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from traitlets import Integer, Unicode
from traitlets.config import Configurable

from . import limits
from .sandbox import _system_view, check_available, parse_size, read_only_roots

# Runs on the host and starts the jail as its child. It puts the jail in cgroups of its own (``limits``:
# Jail.memory, Jail.processes), which it removes at the end; the child joins them, sets the rlimits and
# becomes bwrap. This process watches the disk the jail uses: the allocated blocks of the writable
# folders (links never followed) plus what the jail's /tmp holds (its tmpfs, seen through
# /proc/<the jail's init>/root), and stops the jail when they grow by the quota. Its exit code is
# the jail's (128 + the signal when it was killed), so the caller sees an ordinary command. It imports
# nothing it can do without (json, pathlib: re alone is 5 ms): a 06 submission starts about a hundred.
_JAIL_LAUNCHER = r"""
import os, resource, select, signal, sys, time
a = sys.argv
cpu, fsize, data, nproc, quota, memory, pids, ndirs = (int(x) for x in a[1:9])
dirs = a[9:9 + ndirs]
sys.path.insert(0, a[9 + ndirs])
a = a[10 + ndirs:]   # "--", then the command
from workbook.grading import limits
def used():
    total, stack = 0, list(dirs)
    while stack:
        try:
            with os.scandir(stack.pop()) as it:
                for e in it:
                    try:
                        total += e.stat(follow_symlinks=False).st_blocks * 512
                        if e.is_dir(follow_symlinks=False):
                            stack.append(e.path)
                    except OSError:
                        pass
        except OSError:
            pass
    return total
def jail_tmp(pid):
    # the jail's /tmp, through its init (bwrap's child, PID 1 of the jail's namespaces); until the
    # jail is set up, that path is another file system (the host's /tmp): only a tmpfs of the
    # jail's size counts
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            init = f.read().split()[0]
        st = os.statvfs(f"/proc/{init}/root/tmp")
    except (OSError, IndexError):
        return 0
    return (st.f_blocks - st.f_bfree) * st.f_frsize if st.f_blocks * st.f_frsize == quota else 0
group = limits.Group.create(memory, pids, prefix=limits.JAIL_PREFIX, cpu=False)
try:
    base = used()
    pid = os.fork()
    if pid == 0:
        try:
            for p in group.join_files:
                with open(p, "w") as f:
                    f.write("0")
            for lim, v in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_FSIZE, fsize),
                           (resource.RLIMIT_DATA, data), (resource.RLIMIT_NPROC, nproc)):
                if v > 0:
                    resource.setrlimit(lim, (v, v))
            os.execv(a[1], a[1:])
        finally:
            os._exit(127)
    pause = 0.02
    try:
        ended = select.poll()                  # woken when the command ends (a pidfd), not on the next tick
        ended.register(os.pidfd_open(pid), select.POLLIN)
    except (AttributeError, OSError):
        ended = None
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
            break
        t = time.monotonic()
        if used() - base + jail_tmp(pid) >= quota:
            os.kill(pid, signal.SIGKILL)
            group.kill()
            os.waitpid(pid, 0)
            sys.stderr.write(f"stopped: the command wrote more than {quota >> 20} MiB of files\n")
            code = 128 + signal.SIGKILL
            break
        wait = max(pause, 2 * (time.monotonic() - t))
        if ended is not None:
            ended.poll(wait * 1000)
        else:
            time.sleep(wait)
finally:
    group.remove()
sys.exit(code)
"""


class Jail(Configurable):
    """Where the judge runs a student's string answer (a shell or git
    command, for 30-60 s): a fresh bubblewrap jail with the Python
    environment and /usr read-only, only the ``writable`` folders (its
    scratch copy) and a /tmp of its own writable (/ and /dev read-only), no
    network, its own PID namespace, no capabilities, in cgroups of its own,
    with the limits below (``c.Jail.memory = "512M"``...). Nothing of the
    course is visible."""

    file_size = Unicode("64M", help="the largest file a jail may write (RLIMIT_FSIZE)").tag(config=True)
    data = Unicode("4G", help="data of each process of a jail (RLIMIT_DATA)").tag(config=True)
    cpu_seconds = Integer(120, help="CPU seconds of each process of a jail (RLIMIT_CPU)").tag(config=True)
    processes = Integer(256, help="processes and threads of a jail together (a pids cgroup, its init included; "
                                  "for an ordinary user without one, RLIMIT_NPROC counted from the user's own)"
                        ).tag(config=True)
    memory = Unicode("1G", help="memory of a jail's processes together, its /tmp's pages included (a memory "
                                "cgroup)").tag(config=True)
    disk = Unicode("256M", help="everything a jail writes, in all: the writable folders (allocated blocks) and "
                                "its /tmp (a tmpfs of this size) together").tag(config=True)

    def command(self, argv: list[str], writable: list[str]) -> list[str]:
        """``argv`` wrapped in a fresh jail (the class's docstring)."""
        import workbook
        bwrap = check_available()
        disk = parse_size(self.disk)
        nproc = limits.user_process_count() + self.processes if os.getuid() != 0 else 0
        package_parent = str(Path(workbook.__file__).resolve().parent.parent)
        launcher = [sys.executable, "-I", "-S", "-c", _JAIL_LAUNCHER, str(self.cpu_seconds),
                    str(parse_size(self.file_size)), str(parse_size(self.data)), str(nproc), str(disk),
                    str(parse_size(self.memory)), str(self.processes), str(len(writable)), *writable,
                    package_parent, "--"]
        args = launcher + [bwrap, *_system_view(), "--size", str(disk), "--tmpfs", "/tmp"]
        for r in read_only_roots():
            args += ["--ro-bind", r, r]
        for w in writable:
            args += ["--bind", w, w]
        args += ["--remount-ro", "/dev", "--remount-ro", "/", "--cap-drop", "ALL", "--new-session", "--"]
        return args + list(argv)
