"""CPU seconds of a command and of everything it starts, counted by a cgroup
around it: grading workers, zygotes and the kernels they fork, sandboxes,
jails, judges and JVMs, whether or not they are the command's children
(a zygote's kernels are not: ``RUSAGE_CHILDREN`` misses them).

Which counter, best first:

* cgroup v1: a group of its own in the ``cpuacct`` hierarchy, read from
  ``cpuacct.usage`` (nanoseconds; a v1 group counts its child groups too, and
  keeps what a removed child group counted, so the kernels' own groups
  (``limits.Group``) under it are included);
* cgroup v2: a group of its own under this process's cgroup, read from
  ``cpu.stat``'s ``usage_usec`` (the file exists whether or not the cpu
  controller is enabled).

Either needs a cgroup this process may create groups in and move its command
into: root, or on cgroup v2 a delegated systemd scope. ``CpuGroup()`` raises
``NoCgroup`` with what to do otherwise.

    with CpuGroup("serial-02") as g:
        g.run([...])
    g.seconds   # CPU seconds of the command and all it started

From the shell, for one command (a test file, say):

    .venv/bin/python bench/cpu.py -- .venv/bin/python -m pytest tests/test_mutants.py -p no:randomly -q
"""
from __future__ import annotations

import os
import subprocess
import time

HOW_TO = ("run the benchmark as root (cgroup v1 or v2), or as an ordinary user on a cgroup v2 system inside a "
          "delegated systemd scope: `systemd-run --user --scope -p Delegate=yes make bench`")


class NoCgroup(RuntimeError):
    pass


def _read(p: str) -> str | None:
    try:
        with open(p) as f:
            return f.read()
    except OSError:
        return None


def _mounts() -> list[tuple[str, str, set[str]]]:
    """(mount point, type, options) of every cgroup mount."""
    out = []
    for line in (_read("/proc/self/mounts") or "").splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2] in ("cgroup", "cgroup2"):
            out.append((parts[1], parts[2], set(parts[3].split(","))))
    return out


def _own(hierarchy: str) -> str | None:
    """This process's cgroup path in the v1 hierarchy of a controller, or in v2 ("")."""
    for line in (_read("/proc/self/cgroup") or "").splitlines():
        try:
            _, ctrls, path = line.split(":", 2)
        except ValueError:
            continue
        if (hierarchy == "" and ctrls == "") or (hierarchy and hierarchy in ctrls.split(",")):
            return path
    return None


def _candidates() -> list[tuple[str, str]]:
    """(mechanism, parent folder) to try, best first."""
    out = []
    for mount, kind, opts in _mounts():
        if kind == "cgroup" and "cpuacct" in opts and _own("cpuacct") is not None:
            out.append(("cgroup v1 (cpuacct.usage)", os.path.join(mount, _own("cpuacct").lstrip("/")).rstrip("/")))
    for mount, kind, _ in _mounts():
        if kind == "cgroup2" and _own("") is not None:
            out.append(("cgroup v2 (cpu.stat usage_usec)", os.path.join(mount, _own("").lstrip("/")).rstrip("/")))
    return out


def _delegate(parent: str) -> None:
    """On cgroup v2, let the groups made under ``parent`` have the memory and
    pids controllers, as the grader's kernels' groups (``limits``) need: a
    group with processes in it cannot give its children controllers, so this
    process first moves into a leaf of its own. Best effort: the grader says
    which limits it could not set."""
    control = os.path.join(parent, "cgroup.subtree_control")
    wanted = {"memory", "pids", "cpu"} & set((_read(os.path.join(parent, "cgroup.controllers")) or "").split())
    if wanted <= set((_read(control) or "").split()):
        return
    try:
        leaf = os.path.join(parent, "wb-bench-self")
        os.makedirs(leaf, exist_ok=True)
        with open(os.path.join(leaf, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))
        with open(control, "w") as f:
            f.write(" ".join("+" + c for c in sorted(wanted)))
    except OSError:
        pass


class CpuGroup:
    """A cgroup that counts the CPU time of the commands run in it."""

    def __init__(self, label: str = "run", only: str | None = None):
        """``only``: "v1" or "v2", that hierarchy alone."""
        self.mechanism = self.dir = ""
        problems = []
        for mechanism, parent in _candidates():
            if only and only not in mechanism:
                continue
            d = os.path.join(parent, f"wb-bench-{label}-{os.urandom(4).hex()}")
            try:
                os.mkdir(d)
            except OSError as e:
                problems.append(f"{mechanism}: cannot create {d}: {e.strerror}")
                continue
            self.mechanism, self.dir = mechanism, d
            if self._usage() is None:
                os.rmdir(d)
                problems.append(f"{mechanism}: {d} has no CPU counter")
                continue
            break
        if not self.dir:
            raise NoCgroup("cannot count the CPU time of a run (a cgroup around it is needed: "
                           + ("; ".join(problems) or "no cgroup v1 cpuacct hierarchy nor cgroup v2 mounted")
                           + "): " + HOW_TO)
        self.start, self.total = self._usage(), None
        if "v2" in self.mechanism:
            _delegate(os.path.dirname(self.dir))

    def _usage(self) -> float | None:
        if "v1" in self.mechanism:
            text = _read(os.path.join(self.dir, "cpuacct.usage"))
            return int(text) / 1e9 if text and text.strip().isdigit() else None
        for line in (_read(os.path.join(self.dir, "cpu.stat")) or "").splitlines():
            if line.startswith("usage_usec "):
                return int(line.split()[1]) / 1e6
        return None

    @property
    def seconds(self) -> float:
        """CPU seconds counted since the group was made (until it was closed)."""
        return self.total if self.total is not None else (self._usage() or 0.0) - self.start

    def _join(self) -> None:   # in the forked child, before exec
        with open(os.path.join(self.dir, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    def run(self, cmd: list[str], **kw) -> subprocess.CompletedProcess:
        """``subprocess.run(cmd, **kw)`` with the command (and all it starts) in this group."""
        return subprocess.run(cmd, preexec_fn=self._join, **kw)

    def pids(self) -> list[int]:
        out = []
        for root, _, files in os.walk(self.dir):
            if "cgroup.procs" in files:
                out += [int(p) for p in (_read(os.path.join(root, "cgroup.procs")) or "").split() if p.isdigit()]
        return out

    def close(self, wait: float = 30.0) -> list[int]:
        """Wait for the group's processes to end (``wait`` seconds), then
        remove it; returns the pids still in it (nothing is killed: they are
        a run's leftovers, worth a report)."""
        deadline = time.monotonic() + wait
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.1)
        left = self.pids()
        self.total = self.seconds
        if not left:
            for root, dirs, _ in sorted(os.walk(self.dir), key=lambda x: -len(x[0])):
                try:
                    os.rmdir(root)
                except OSError:
                    pass
        return left

    def __enter__(self) -> "CpuGroup":
        return self

    def __exit__(self, *exc) -> None:
        self.left = self.close()


def mechanism(only: str | None = None) -> str:
    """Which counter ``CpuGroup`` uses here (raises ``NoCgroup``)."""
    g = CpuGroup("probe", only)
    try:
        return g.mechanism
    finally:
        g.close(0)


def main(argv: list[str] | None = None) -> int:
    """``python bench/cpu.py [--label L] -- COMMAND ...``: run the command in a
    group of its own and print the CPU seconds of everything it started and
    its wall time (to measure a test file: ``-- .venv/bin/python -m pytest
    tests/test_x.py -p no:randomly -q``). Returns the command's exit code."""
    import argparse
    import sys
    ap = argparse.ArgumentParser(description=main.__doc__.split("\n\n")[0])
    ap.add_argument("--label", default="cmd")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args(argv)
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("no command given (after --)")
    start = time.monotonic()
    with CpuGroup(a.label) as g:
        rc = g.run(cmd).returncode
        wall = time.monotonic() - start
    print(f"cpu.py {a.label}: {g.seconds:.1f} CPU-s, wall {wall:.1f} s, exit {rc} ({g.mechanism})"
          + (f"; still running: {g.left}" if g.left else ""), file=sys.stderr)
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
