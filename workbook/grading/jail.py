"""The judge's jail: where a student's string answer (a shell or git
command, for 30-60 s) runs, in a fresh bubblewrap jail of its own, with the
limits of ``Jail`` (``c.Jail.*``). The kernel's sandbox is ``sandbox``; the
jail uses its view of the system and its cgroups (``limits``)."""
from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from traitlets import Integer, Unicode
from traitlets.config import Configurable

from . import limits
from .sandbox import _system_view, check_available, parse_size, read_only_roots

# Runs on the host and starts the jail as its child. It puts the jail in cgroups of its own (``limits``:
# Jail.memory, Jail.processes), which it removes at the end; the child joins them, sets the rlimits and
# becomes bwrap. This process watches the disk the jail uses: the allocated blocks of the writable
# folders (walked by descriptors, links never followed) plus what the jail's /tmp holds (its tmpfs,
# opened beneath the root of the jail's init, /proc/<pid>/root), and stops the jail when they grow by
# the quota, or make more than its count of files and folders. It returns the jail's
# exit code (128 + the signal when it was killed), so the caller sees an ordinary command; with
# ``hangup`` (a socket of the grader's) it also stops the jail when the grader's end closes. It imports
# nothing it can do without (json, pathlib: re alone is 5 ms): a 06 submission starts about a hundred.
_LAUNCH = r"""
import os, resource, select, signal, sys, time
def launch(a, env, hangup=None, usage=None):
    cpu, fsize, data, nproc, quota, memory, pids, entries, cpu_quota, ndirs = (int(x) for x in a[1:11])
    dirs = a[11:11 + ndirs]
    a = a[12 + ndirs:]   # "--", then the command
    from workbook.grading import limits
    DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    def used():
        # by descriptors, each folder opened beneath its parent with O_NOFOLLOW: the jail runs meanwhile,
        # and a folder it swaps for a link is never walked (workbook/grading/beneath.py); (bytes, entries)
        total = count = 0
        for top in dirs:
            stack = []
            try:
                fd = os.open(top, DIR)
                stack.append((fd, os.scandir(fd)))
            except OSError:
                continue
            while stack:
                fd, it = stack[-1]
                e = next(it, None)
                if e is None:
                    it.close()
                    os.close(fd)
                    stack.pop()
                    continue
                count += 1
                try:
                    st = e.stat(follow_symlinks=False)
                    total += st.st_blocks * 512
                    if st.st_mode & 0o170000 == 0o040000:
                        sub = os.open(e.name, DIR, dir_fd=fd)
                        try:
                            stack.append((sub, os.scandir(sub)))
                        except OSError:
                            os.close(sub)
                except OSError:
                    pass
        return total, count
    def jail_tmp(pid):
        # the jail's /tmp, through its init (bwrap's child, PID 1 of the jail's namespaces): its root by
        # descriptor, then "tmp" beneath it, never followed; until the jail is set up, that is another
        # file system (the host's /tmp): only a tmpfs of the jail's size counts; (bytes, inodes)
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                init = f.read().split()[0]
            root = os.open(f"/proc/{init}/root", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
            try:
                tmp = os.open("tmp", os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=root)
            finally:
                os.close(root)
            try:
                st = os.fstatvfs(tmp)
            finally:
                os.close(tmp)
        except (OSError, IndexError):
            return 0, 0
        if st.f_blocks * st.f_frsize != quota:
            return 0, 0
        return (st.f_blocks - st.f_bfree) * st.f_frsize, st.f_files - st.f_ffree - 1
    # cpu_quota (ms, 0: none): the CPU time of every process of the jail together, counted by its cgroup
    group = limits.Group.create(memory, pids, prefix=limits.JAIL_PREFIX, cpu=cpu_quota > 0 or usage is not None)
    over_cpu = False
    try:
        base, base_count = used()
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
                argv = a[1:]
                if os.path.basename(argv[0]) == "bwrap":   # the jail under the sandbox's seccomp filter
                    from workbook.grading import seccomp
                    argv = [argv[0], "--seccomp", str(seccomp.memfd()), *argv[1:]]
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        pause = 0.02
        ended = select.poll()                      # woken when the command ends (a pidfd), not on the next tick
        try:
            ended.register(os.pidfd_open(pid), select.POLLIN)
            woken = True
        except (AttributeError, OSError):
            woken = False
        if hangup is not None:
            ended.register(hangup, select.POLLIN)   # the grader closed its end (or wrote: it never does)
        while True:
            done, status, rusage = os.wait4(pid, os.WNOHANG)
            if done:
                code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
                break
            t = time.monotonic()
            (b, n), (tb, tn) = used(), jail_tmp(pid)
            over = b - base + tb >= quota
            many = entries > 0 and n - base_count + tn > entries
            gone = hangup is not None and any(fd == hangup for fd, _ in ended.poll(0))
            spent = group.cpu_seconds() if cpu_quota > 0 else None
            over_cpu = spent is not None and spent * 1000 >= cpu_quota
            if over or many or gone or over_cpu:
                os.kill(pid, signal.SIGKILL)
                group.kill()
                _, _, rusage = os.wait4(pid, 0)
                if over:
                    sys.stderr.write(f"stopped: the command wrote more than {quota >> 20} MiB of files\n")
                elif many:
                    sys.stderr.write(f"stopped: the command made more than {entries:,} files and folders\n")
                code = 128 + signal.SIGKILL
                break
            wait = max(pause, 2 * (time.monotonic() - t))
            if woken or hangup is not None:
                ended.poll(wait * 1000)
            else:
                time.sleep(wait)
        if usage is not None:   # what the jail used, measured from outside (its cgroup, else its rusage)
            counted = group.cpu_seconds()
            usage.update(cpu=counted if counted is not None else rusage.ru_utime + rusage.ru_stime,
                         oom=group.oom_killed(), over_cpu=over_cpu)
    finally:
        group.remove()
    return code
"""
# a launcher per command: ``python -I -S -c _JAIL_LAUNCHER LIMITS... PACKAGE_PARENT -- COMMAND``
_JAIL_LAUNCHER = _LAUNCH + r"""
sys.path.insert(0, sys.argv[11 + int(sys.argv[10])])
sys.exit(launch(sys.argv, dict(os.environ)))
"""
# The jail server: one per grading process, started on its first jailed command, so that a command
# does not pay a Python start and the imports of its launcher (about 15 ms of a jail's 35). It reads
# requests from its socket (one end of a socket pair the grading process holds: nothing else can
# reach it) and forks a launcher per request, which runs ``launch`` above for the command and answers
# on the request's own socket: first a pidfd of itself (the grader's way to kill it, with no PID to
# be reused), then the exit code. The server itself never runs a command, holds no secret (its
# environment is PATH and the locale), and ends when the grading process's end of the socket closes;
# a launcher stops its jail when the grader's end of its request socket closes.
_JAIL_SERVER = _LAUNCH + r"""
import json, socket
sys.path.insert(0, sys.argv[1])
from workbook.grading import limits   # once, for every launcher
ctl = socket.socket(fileno=int(sys.argv[2]))
os.set_inheritable(ctl.fileno(), False)
signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # launchers are reaped by the system: the grader holds pidfds
while True:
    try:
        msg, fds, _, _ = socket.recv_fds(ctl, 1 << 20, 4)
    except OSError:
        break
    if not msg:
        break
    for fd in fds:   # received descriptors are inheritable: none but stdin, stdout, stderr reaches a jail
        os.set_inheritable(fd, False)
    if len(fds) == 4 and os.fork() == 0:
        try:
            ctl.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.setsid()
            reply = socket.socket(fileno=fds[0])
            for i, fd in enumerate(fds[1:]):
                os.dup2(fd, i)
                os.close(fd)
            req = json.loads(msg)
            os.chdir(req["cwd"])
            me = os.pidfd_open(os.getpid())
            socket.send_fds(reply, [b"started"], [me])
            os.close(me)
            usage = {} if req.get("usage") else None
            code = launch(req["argv"], req["env"], hangup=reply.fileno(), usage=usage)
            try:
                reply.send(json.dumps({"code": code, "usage": usage}).encode())
            except OSError:
                pass   # the grader stopped waiting (its time limit)
        except BaseException as e:
            try:
                os.write(2, f"jail launcher: {type(e).__name__}: {e}\n".encode())
            except OSError:
                pass
        finally:
            os._exit(0)
    for fd in fds:
        os.close(fd)
"""


class Launched:
    """A command the jail server started: its exit code, or a stop."""

    def __init__(self, sock, pidfd: int):
        self.sock, self.pidfd = sock, pidfd
        self.usage: dict | None = None   # what the jail used (asked with ``usage``): {cpu, oom, over_cpu}

    def wait(self, timeout: float) -> int | None:
        """The exit code, or None after ``timeout`` seconds."""
        import json
        import socket
        self.sock.settimeout(max(0.0, timeout))
        try:
            msg = self.sock.recv(4096)
        except socket.timeout:
            return None
        except OSError:
            msg = b""
        try:
            reply = json.loads(msg)
            self.usage = reply.get("usage") if isinstance(reply.get("usage"), dict) else None
            return int(reply["code"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return -signal.SIGKILL   # the launcher ended without a word: killed

    def stop(self) -> None:
        """Ends the command and its launcher: the launcher sees the grader's
        end close, kills the jail and removes its cgroups (as when it ends by
        itself); one that has not ended 2 s later is killed (its jail dies
        with it: bwrap's --die-with-parent)."""
        import select
        import socket
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        ended = select.poll()
        ended.register(self.pidfd, select.POLLIN)
        if not ended.poll(2000):
            try:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            except OSError:
                pass

    def close(self) -> None:
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1
        self.sock.close()


class _Server:
    """The grading process's jail server (``_JAIL_SERVER``)."""

    def __init__(self, package_parent: str):
        import socket
        import subprocess
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _JAIL_SERVER, package_parent, str(theirs.fileno())],
                # stdout and stderr: not the grading process's (a worker's are the current task's log)
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, cwd="/",
                env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"})
        finally:
            theirs.close()
        self.ctl = mine
        self.lock = threading.Lock()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def start(self, argv: list[str], cwd, env: dict, fds: list[int], usage: bool = False) -> Launched:
        import json
        import socket
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            req = json.dumps({"argv": ["-c", *argv], "cwd": str(cwd), "env": dict(env), "usage": usage}).encode()
            with self.lock:
                socket.send_fds(self.ctl, [req], [theirs.fileno(), *fds])
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        mine.settimeout(30)
        try:
            msg, got, _, _ = socket.recv_fds(mine, 64, 1)
        except OSError:
            got, msg = [], b""
        if msg != b"started" or len(got) != 1:
            for fd in got:
                os.close(fd)
            mine.close()
            raise OSError("the jail server did not start the command")
        return Launched(mine, got[0])

    def close(self) -> None:
        self.ctl.close()
        try:
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            self.proc.kill()


_SERVERS: dict[tuple, _Server] = {}
_SERVERS_LOCK = threading.Lock()


def _server(package_parent: str) -> _Server:
    """This process's jail server (started again if it died)."""
    key = (os.getpid(), package_parent)
    with _SERVERS_LOCK:
        s = _SERVERS.get(key)
        if s is None or not s.alive:
            s = _SERVERS[key] = _Server(package_parent)
        return s


class JailedArgv(list):
    """A jailed command line. As a list it is the whole command (a launcher
    of its own: ``subprocess.run`` runs it as it is); ``start`` has this
    process's jail server start the same launcher instead, without a Python
    start of its own (``command.spawn`` does)."""

    def __init__(self, argv: list[str], launch: list[str], package_parent: str):
        super().__init__(argv)
        self.launch, self.package_parent = list(launch), package_parent

    def start(self, cwd, env: dict, stdin: int, stdout: int, stderr: int, usage: bool = False) -> Launched:
        """The command started in ``cwd`` with ``env`` and these descriptors
        as its standard input, output and error; with ``usage``, its
        ``Launched.usage`` says what the jail used (CPU seconds of all its
        processes, whether memory ran out)."""
        fds = [stdin, stdout, stderr]
        try:
            return _server(self.package_parent).start(self.launch, cwd, env, fds, usage)
        except (OSError, ValueError):   # a server that died meanwhile: one more try with a new one
            return _server(self.package_parent).start(self.launch, cwd, env, fds, usage)


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
    entries = Integer(20_000, help="files and folders a jail may make, in all: in the writable folders (on the "
                                   "host, often its /dev/shm, whose inodes every process shares) and its /tmp "
                                   "together; an empty file takes no block, so `disk` alone does not bound them "
                                   "(0: no bound)").tag(config=True)

    def command(self, argv: list[str], writable: list[str], cpu: float | None = None,
                memory: int | None = None, as_init: bool = False) -> list[str]:
        """``argv`` wrapped in a fresh jail (the class's docstring). ``cpu``:
        CPU seconds for all the jail's processes together (its cgroup counts
        them; the jail is killed when they are spent); ``memory``: bytes for
        them together, instead of ``Jail.memory``. ``as_init``: ``argv`` is
        the jail's PID 1 itself (bubblewrap's ``--as-pid-1``), with no
        bubblewrap init beside it that a process of the jail could trace:
        for a program that must outlive everything else it starts there
        (``gitstate.after``)."""
        import workbook
        bwrap = check_available()
        disk = parse_size(self.disk)
        nproc = limits.user_process_count() + self.processes if os.getuid() != 0 else 0
        package_parent = str(Path(workbook.__file__).resolve().parent.parent)
        memory = parse_size(self.memory) if memory is None else int(memory)
        cpu_quota = int(round(cpu * 1000)) if cpu else 0
        limits_args = [str(self.cpu_seconds), str(parse_size(self.file_size)), str(parse_size(self.data)), str(nproc),
                       str(disk), str(memory), str(self.processes), str(self.entries), str(cpu_quota),
                       str(len(writable)), *writable,
                       package_parent, "--"]
        args = [bwrap, *_system_view(), "--size", str(disk), "--tmpfs", "/tmp"]
        for r in read_only_roots():
            args += ["--ro-bind", r, r]
        for w in writable:
            args += ["--bind", w, w]
        args += ["--remount-ro", "/dev", "--remount-ro", "/", "--cap-drop", "ALL", "--new-session",
                 *(["--as-pid-1"] if as_init else []), "--", *argv]
        return JailedArgv([sys.executable, "-I", "-S", "-c", _JAIL_LAUNCHER, *limits_args, *args],
                          limits_args + args, package_parent)
