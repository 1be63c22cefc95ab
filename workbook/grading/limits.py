"""Limits for one sandboxed kernel and everything it starts: memory,
processes and CPU time, counted for the whole group of processes together.

Where they come from, best first:

* **cgroup v2** (Ubuntu 22.04 and later, Debian 12, Fedora): a child of this
  process's own cgroup, when that cgroup is writable and its controllers are
  delegated (as root, or as an ordinary user inside a systemd scope started
  with ``systemd-run --user --scope -p Delegate=yes ...``): ``memory.max``,
  ``memory.swap.max``, ``pids.max``, CPU from ``cpu.stat``;
* **cgroup v1** (as root): the ``memory``, ``pids`` and ``cpuacct``
  controllers;
* **rlimits** otherwise: ``RLIMIT_DATA`` (memory of each process),
  ``RLIMIT_NPROC`` (processes of the user, counted from now), and the CPU
  watchdog, which adds up the CPU time of every process of the sandbox
  (``/proc``), so forked children cannot spread the work to escape it.

``plan()`` says which limits hold and which do not, once per process, with how
to get them; ``SandboxKernelManager.require_limits`` turns a missing one into
an error.
"""
from __future__ import annotations

import os
import time

# The jail's launcher imports this module for every command a check runs (a
# hundred per 06 submission): plain classes, paths as str (os.path), and no
# pathlib, uuid, dataclasses or inspect at import time (pathlib alone costs
# 10-14 ms of a jail's start, through re and urllib).

CGROUP_ROOT = "/sys/fs/cgroup"
HOW_TO = ("memory and process limits need a cgroup this process may write: run the grader as root (cgroup v1 "
          "or v2), or, as an ordinary user on a cgroup v2 system, inside a delegated systemd scope: "
          "`systemd-run --user --scope -p Delegate=yes workbook autograde ...`")


def _read(p: str) -> str | None:
    try:
        with open(p) as f:
            return f.read()
    except OSError:
        return None


def _write(p: str, text: str) -> None:
    with open(p, "w") as f:
        f.write(text)


def _own_cgroups() -> dict[str, str]:
    """controller (or "" for the v2 hierarchy) -> this process's cgroup path."""
    out = {}
    for line in (_read("/proc/self/cgroup") or "").splitlines():
        try:
            _, ctrls, path = line.split(":", 2)
        except ValueError:
            continue
        if ctrls == "":
            out[""] = path
        for c in ctrls.split(","):
            if c:
                out[c] = path
    return out


def _v2_mount() -> str | None:
    """Where the cgroup v2 hierarchy is mounted (pure v2 or hybrid)."""
    for line in (_read("/proc/self/mounts") or "").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == "cgroup2":
            return parts[1]
    return None


def v1_base(controller: str) -> str | None:
    """This process's writable cgroup v1 folder of ``controller``."""
    rel = _own_cgroups().get(controller)
    if rel is None:
        return None
    for name in (controller, f"cpu,{controller}", f"{controller},cpu"):
        base = os.path.join(CGROUP_ROOT, name, rel.lstrip("/")).rstrip("/")
        if os.path.isdir(base) and os.access(base, os.W_OK):
            return base
    return None


def v2_base() -> str | None:
    """This process's v2 cgroup, if writable with memory and pids available."""
    mount = _v2_mount()
    rel = _own_cgroups().get("")
    if mount is None or rel is None:
        return None
    base = os.path.join(mount, rel.lstrip("/")).rstrip("/")
    ctrls = set((_read(os.path.join(base, "cgroup.controllers")) or "").split())
    if not {"memory", "pids"} <= ctrls or not os.access(base, os.W_OK):
        return None
    return base


_v2_ready: dict[str, bool] = {}


def _v2_enable(base: str) -> bool:
    """Enable memory, pids (and cpu) for children of ``base``. cgroup v2 lets
    a cgroup with processes in it have no controllers for its children, so
    this process first moves into a leaf of its own."""
    if base in _v2_ready:
        return _v2_ready[base]
    ok = False
    control = os.path.join(base, "cgroup.subtree_control")
    try:
        enabled = set((_read(control) or "").split())
        if not {"memory", "pids"} <= enabled:
            leaf = os.path.join(base, "wb-grader")
            os.makedirs(leaf, exist_ok=True)
            _write(os.path.join(leaf, "cgroup.procs"), str(os.getpid()))
            _write(control, "+memory +pids" + (" +cpu" if "cpu" in set(
                (_read(os.path.join(base, "cgroup.controllers")) or "").split()) else ""))
        ok = {"memory", "pids"} <= set((_read(control) or "").split())
    except OSError:
        ok = False
    _v2_ready[base] = ok
    return ok


#: name prefixes of the cgroups: a sandboxed kernel's, a judge's jail's
KERNEL_PREFIX, JAIL_PREFIX = "wb-k", "wb-j"


def _creator(name: str) -> int | None:
    """The PID of the process that made a cgroup named ``<prefix><pid>-<random>`` (``Group.create``)."""
    for prefix in (KERNEL_PREFIX, JAIL_PREFIX):
        if name.startswith(prefix):
            head = name[len(prefix):].split("-", 1)[0]
            return int(head) if head.isdigit() and "-" in name[len(prefix):] else None
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _sweep_stale(base: str, age: float = 1800.0) -> None:
    """Remove empty wb-* cgroups left by a grader (or a jail's launcher) that
    was killed (-9): at once when the process that made it is gone, else
    after ``age`` seconds."""
    try:
        with os.scandir(base) as entries:
            stale = [(e.path, e.name) for e in entries if e.name.startswith((KERNEL_PREFIX, JAIL_PREFIX))]
    except OSError:
        return
    for d, name in stale:
        try:
            creator = _creator(name)
            old = (creator is not None and not _alive(creator)) or time.time() - os.stat(d).st_mtime > age
            if old and not (_read(os.path.join(d, "cgroup.procs")) or "").strip():
                os.rmdir(d)
        except OSError:
            pass


def sweep_bases() -> list[str]:
    """The cgroup folders where this process's kernels and jails make their
    groups (v2, and the v1 controllers'), as ``Group.create`` finds them."""
    out = []
    v2 = v2_base()
    if v2 is None:
        rel, mount = _own_cgroups().get(""), _v2_mount()
        if rel and mount and os.path.basename(rel.rstrip("/")) == "wb-grader":   # moved into its leaf (_v2_enable)
            v2 = os.path.dirname(os.path.join(mount, rel.lstrip("/")).rstrip("/"))
    if v2 is not None:
        out.append(v2)
    for ctrl in ("memory", "pids", "cpuacct"):
        base = v1_base(ctrl)
        if base is not None and base not in out:
            out.append(base)
    return out


def sweep_process(pid: int) -> list[str]:
    """Kill what is left in the cgroups that process ``pid`` made (a grading
    worker that was killed before it could remove its kernels' groups; a
    sandbox whose bubblewrap outlived it) and remove them. The groups removed."""
    removed = []
    for base in sweep_bases():
        try:
            with os.scandir(base) as entries:
                mine = [e.path for e in entries if e.is_dir(follow_symlinks=False) and _creator(e.name) == pid]
        except OSError:
            continue
        for d in mine:
            g = Group(os.path.basename(d), 0, 0)
            g.dirs = {"v2" if os.path.exists(os.path.join(d, "cgroup.kill")) else "v1": d}
            g.remove()
            if not os.path.exists(d):
                removed.append(d)
    return removed


class Plan:
    """Which mechanism enforces each limit here ("cgroup v2", "cgroup v1",
    "rlimit", "watchdog") or None when it cannot be enforced."""

    def __init__(self, memory: str | None = None, pids: str | None = None, cpu: str | None = None):
        self.memory, self.pids, self.cpu = memory, pids, cpu

    def __eq__(self, other) -> bool:
        return isinstance(other, Plan) and (self.memory, self.pids, self.cpu) == (other.memory, other.pids, other.cpu)

    def __repr__(self) -> str:
        return f"Plan(memory={self.memory!r}, pids={self.pids!r}, cpu={self.cpu!r})"

    @property
    def missing(self) -> list[str]:
        return [k for k, v in (("memory", self.memory), ("pids", self.pids), ("cpu", self.cpu)) if v is None]

    def describe(self) -> str:
        return ", ".join(f"{k}: {v or 'NOT ENFORCED'}" for k, v in (("memory", self.memory),
                                                                    ("processes", self.pids),
                                                                    ("CPU", self.cpu)))


def plan() -> Plan:
    v2 = v2_base()
    if v2 is not None:
        return Plan("cgroup v2", "cgroup v2", "cgroup v2")
    p = Plan()
    p.memory = "cgroup v1" if v1_base("memory") else "rlimit (per process)"
    p.pids = "cgroup v1" if v1_base("pids") else "rlimit (per user)"
    p.cpu = "cgroup v1" if v1_base("cpuacct") else "watchdog over /proc"
    return p


class Group:
    """The cgroups of one kernel (v2, or v1 controllers), or none."""

    def __init__(self, name: str, memory: int, pids: int):
        self.name, self.memory, self.pids = name, memory, pids
        self.dirs: dict[str, str] = {}      # role -> cgroup folder ("v2", "memory", "pids", "cpu")
        self.problems: list[str] = []

    def __repr__(self) -> str:
        return f"Group(name={self.name!r}, memory={self.memory}, pids={self.pids}, dirs={self.dirs!r})"

    @classmethod
    def create(cls, memory: int, pids: int, prefix: str = KERNEL_PREFIX, cpu: bool = True) -> "Group":
        """The cgroups of one sandbox: ``memory`` bytes and ``pids`` processes
        for all its processes together (0: no limit), CPU time counted
        (``cpu``)."""
        g = cls(f"{prefix}{os.getpid()}-{os.urandom(6).hex()}", memory, pids)   # its maker's PID: sweep_process
        v2 = v2_base()
        if v2 is not None and _v2_enable(v2):
            _sweep_stale(v2)
            d = os.path.join(v2, g.name)
            try:
                os.mkdir(d)
                if memory > 0:
                    _write(os.path.join(d, "memory.max"), str(memory))
                    try:
                        _write(os.path.join(d, "memory.swap.max"), "0")
                    except OSError:
                        pass
                if pids > 0:
                    _write(os.path.join(d, "pids.max"), str(pids))
                g.dirs["v2"] = d
                return g
            except OSError as e:
                g.problems.append(f"cannot set up the cgroup v2 {d}: {e.strerror}")
        for role, ctrl, knob, value in (("memory", "memory", "memory.limit_in_bytes", memory),
                                        ("pids", "pids", "pids.max", pids),
                                        ("cpu", "cpuacct", None, 1 if cpu else 0)):
            if value <= 0:
                continue
            base = v1_base(ctrl)
            if base is None:
                continue
            _sweep_stale(base)
            d = os.path.join(base, g.name)
            try:
                try:
                    os.mkdir(d)
                except FileExistsError:
                    pass
                if knob:
                    _write(os.path.join(d, knob), str(value))
                if ctrl == "memory":
                    for extra, v in (("memory.memsw.limit_in_bytes", value), ("memory.swappiness", 0)):
                        try:
                            _write(os.path.join(d, extra), str(v))
                        except OSError:
                            pass
                g.dirs[role] = d
            except OSError as e:
                g.problems.append(f"cannot set up the {ctrl} cgroup {d}: {e.strerror}")
        return g

    @property
    def procs_files(self) -> list[str]:
        """The files that list the group's processes."""
        return [os.path.join(d, "cgroup.procs") for d in dict.fromkeys(self.dirs.values())]

    @property
    def join_files(self) -> list[str]:
        """The files a freshly forked (single-threaded) process writes "0" to
        in order to join the group: a v1 hierarchy's ``tasks``, which moves
        the calling thread without the machine-wide lock a write to
        ``cgroup.procs`` takes (a read-copy-update grace period: 5-25 ms per
        process), and v2's ``cgroup.procs``."""
        name = "cgroup.procs" if "v2" in self.dirs else "tasks"
        return [os.path.join(d, name) for d in dict.fromkeys(self.dirs.values())]

    @property
    def limits_memory(self) -> bool:
        return "v2" in self.dirs or "memory" in self.dirs

    @property
    def limits_pids(self) -> bool:
        return "v2" in self.dirs or "pids" in self.dirs

    def cpu_seconds(self) -> float | None:
        """CPU time of every process in the group (alive or gone)."""
        if "v2" in self.dirs:
            for line in (_read(os.path.join(self.dirs["v2"], "cpu.stat")) or "").splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1e6
            return None
        if "cpu" in self.dirs:
            text = _read(os.path.join(self.dirs["cpu"], "cpuacct.usage"))
            return int(text) / 1e9 if text and text.strip().isdigit() else None
        return None

    def oom_killed(self) -> bool:
        if "v2" in self.dirs:
            for line in (_read(os.path.join(self.dirs["v2"], "memory.events")) or "").splitlines():
                if line.startswith("oom_kill ") and int(line.split()[1]) > 0:
                    return True
            return False
        d = self.dirs.get("memory")
        text = _read(os.path.join(d, "memory.failcnt")) if d else None
        return bool(text and text.strip().isdigit() and int(text) > 0)

    def pids_in(self) -> list[int]:
        out = set()
        for f in self.procs_files:
            for p in (_read(f) or "").split():
                if p.isdigit():
                    out.add(int(p))
        return sorted(out)

    def kill(self) -> None:
        if "v2" in self.dirs:
            try:
                _write(os.path.join(self.dirs["v2"], "cgroup.kill"), "1")
            except OSError:
                pass
        for p in self.pids_in():
            try:
                os.kill(p, 9)   # SIGKILL
            except OSError:
                pass

    def remove(self) -> None:
        """Kill what is left and remove the groups. Right after the last
        process ends the kernel may still hold it for a moment (EBUSY): retry
        after 2, 4, 8... ms (at most 50 ms apart, 3 s in all), not 50 ms at once."""
        for d in dict.fromkeys(self.dirs.values()):
            deadline, pause = time.monotonic() + 3.0, 0.002
            while True:
                self.kill()
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(pause)
                    pause = min(0.05, pause * 2)
        self.dirs = {}


# ---------------------------------------------------------------- /proc
def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds incl. reaped children) of a live process."""
    text = _read(f"/proc/{pid}/stat")
    if not text:
        return None
    try:
        rest = text[text.rindex(")") + 2:].split()
        ppid = int(rest[1])
        ticks = sum(int(x) for x in rest[11:15])  # utime stime cutime cstime
        return ppid, ticks / os.sysconf("SC_CLK_TCK")
    except (ValueError, IndexError):
        return None


def tree_cpu_seconds(root_pid: int) -> float:
    """CPU seconds of a process and all its live descendants, each counted
    with the children it has reaped (so nothing is counted twice)."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            s = _stat(int(entry))
            if s:
                stats[int(entry)] = s
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, [root_pid]
    while todo:
        p = todo.pop()
        if p in stats:
            total += stats[p][1]
        todo += children.get(p, [])
    return total


def user_process_count() -> int:
    uid = os.getuid()
    n = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    n += 1
            except OSError:
                pass
    return n
