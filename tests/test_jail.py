"""The judge's jail (``jail.Jail``: a student's shell or git
answer) holds every limit, for root too: one disk quota for everything it
writes (its writable folders and its /tmp together), / and /dev read-only,
a process limit and a memory limit (cgroups of its own).

Each test runs a real jail, as the judge does, and looks from inside (what
the command saw) and from the host (the jail's cgroups while it runs); each
twice: started by a launcher of its own (the jailed command line run as it
is) and by the grading process's jail server (``command.spawn``)."""
from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

import sandboxed
from workbook.checks import command
from workbook.grading import jail, limits, sandbox, sandboxview

JAIL = jail.Jail()    # the default limits (c.Jail.* configures them)
JAIL_DISK, JAIL_FILE_SIZE, JAIL_MEMORY = (sandbox.parse_size(v) for v in (JAIL.disk, JAIL.file_size, JAIL.memory))
JAIL_PROCESSES = JAIL.processes

pytestmark = [pytest.mark.sandbox]
MiB = 1 << 20


@pytest.fixture(autouse=True)
def _bwrap():
    if sandbox.bwrap_path() is None:
        pytest.fail("bubblewrap (bwrap) is missing: apt-get install bubblewrap")


STARTED_BY = {"how": "launcher"}


@pytest.fixture(autouse=True, params=["launcher", "server"])
def started_by(request):
    """Every test twice: a launcher per command, and the jail server."""
    STARTED_BY["how"] = request.param
    yield request.param


def _cgroup_bases(controller: str) -> list[Path]:
    """Where the jail's cgroups appear (cgroup v2, or the v1 controller)."""
    v2 = limits.v2_base()
    if v2 is not None:
        return [Path(v2)]
    base = limits.v1_base(controller)
    return [Path(base)] if base is not None else []


class Peak:
    """The highest value of a file of the jail's cgroups (memory usage,
    process count) while the jail runs, read from the host. Only the groups
    of this test's own jail count (a process of the group carries ``marker``
    on its command line): other tests may run jails at the same time."""

    def __init__(self, controller: str, v1_file: str, v2_file: str, marker: str):
        self.marker = marker.encode()
        self.ours: set = set()
        self.bases = _cgroup_bases(controller)
        if not self.bases:
            pytest.fail(f"no writable {controller} cgroup: run the tests as root (cgroup v1 or v2) or in a "
                        "delegated systemd scope")
        self.file = v2_file if limits.v2_base() is not None else v1_file
        self.peak, self.seen, self._stop = 0, set(), threading.Event()
        self._t = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        while not self._stop.is_set():
            for base in self.bases:
                for d in base.glob(limits.JAIL_PREFIX + "*"):
                    if d not in self.ours and not self._is_ours(d):
                        continue
                    self.ours.add(d)
                    try:
                        v = int((d / self.file).read_text().split()[0])
                    except (OSError, ValueError, IndexError):
                        continue
                    self.seen.add(d.name)
                    self.peak = max(self.peak, v)
            self._stop.wait(0.005)

    def _is_ours(self, d) -> bool:
        for name in ("cgroup.procs", "tasks"):
            try:
                pids = (d / name).read_text().split()
            except OSError:
                continue
            for pid in pids:
                try:
                    if self.marker in Path(f"/proc/{pid}/cmdline").read_bytes():
                        return True
                except OSError:
                    pass
        return False

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def jailed(script: str, tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    argv = JAIL.command(["bash", "-c", script, _marker(tmp_path)], [str(scratch)])
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    if STARTED_BY["how"] == "launcher":
        return subprocess.run(list(argv), cwd=scratch, capture_output=True, text=True, timeout=timeout, env=env)
    assert isinstance(argv, jail.JailedArgv)
    out, err, code = command.spawn(argv, scratch, env, timeout)
    assert code is not None, f"the jail did not end in {timeout} s"
    return subprocess.CompletedProcess(argv, code, out.decode(errors="replace"), err.decode(errors="replace"))


def _marker(tmp_path: Path) -> str:
    """$0 of the jail's shell: names this test's jail among any others."""
    return f"jail-test-{tmp_path.name}"


def _leftover_groups() -> list[Path]:
    return [d for c in ("memory", "pids") for b in _cgroup_bases(c) for d in b.glob(limits.JAIL_PREFIX + "*")]


def test_tmp_is_size_limited_and_counted(tmp_path):
    """400 MiB written into the jail's /tmp (files under the file-size cap): stopped at the quota, and the
    memory charged for it (the jail's memory cgroup, inside the grader's) stays within the quota."""
    script = ('df -B1 --output=size /tmp | tail -n 1; '
              'for i in 1 2 3 4 5 6 7 8; do head -c 50M /dev/zero > /tmp/f$i || echo "failed $i"; '
              'echo "used $(df -B1 --output=used /tmp | tail -n 1)"; done; echo finished')
    with Peak("memory", "memory.max_usage_in_bytes", "memory.peak", _marker(tmp_path)) as mem:
        res = jailed(script, tmp_path)
    lines = res.stdout.split("\n")
    assert int(lines[0]) == JAIL_DISK, res.stdout      # /tmp: a tmpfs of the quota's size
    used = [int(x.split()[1]) for x in lines if x.startswith("used ")]
    assert len(used) >= 5 and max(used) <= JAIL_DISK, res   # it wrote up to the quota, never past it
    # the tmpfs refused what went past (ENOSPC), or the launcher saw the quota reached and stopped the jail
    stopped = res.returncode == 137 and f"more than {JAIL_DISK >> 20} MiB" in res.stderr
    assert stopped or ("No space left on device" in res.stderr and "failed 8" in res.stdout), res
    assert mem.seen, "the jail had no memory cgroup"
    assert JAIL_DISK // 2 < mem.peak <= JAIL_DISK + 64 * MiB, mem.peak / MiB   # /tmp's pages, the programs
    # this jail's groups (found by their processes while it ran) are gone; other tests' jails may come and go
    assert not [d for d in _leftover_groups() if d.name in mem.seen], "the jail's cgroups were not removed"


def test_tmp_and_folders_share_one_quota(tmp_path):
    """150 MiB into /tmp, then 150 MiB into the writable folder: stopped when both together pass the quota."""
    res = jailed("for i in 1 2 3; do head -c 50M /dev/zero > /tmp/t$i; done; "
                 "for i in 1 2 3; do head -c 50M /dev/zero > w$i; done; echo finished", tmp_path)
    assert "finished" not in res.stdout and f"more than {JAIL_DISK >> 20} MiB" in res.stderr, res
    folder = sum(f.stat().st_blocks * 512 for f in (tmp_path / "scratch").iterdir())
    assert 150 * MiB + folder >= JAIL_DISK - JAIL_FILE_SIZE, folder / MiB   # it got close to the quota...
    assert 150 * MiB + folder <= JAIL_DISK + JAIL_FILE_SIZE, folder / MiB   # ...and stopped within one file


MANY_FILES = """
import os, sys
where = sys.argv[1]
made = 0
try:
    for i in range(100_000):
        open(os.path.join(where, "e%d" % i), "w").close()
        made += 1
finally:
    print(made, flush=True)
"""


@pytest.mark.parametrize("where", ["folder", "tmp"])
def test_the_count_of_files_holds_in_the_folders_and_in_tmp(tmp_path, where):
    """100,000 empty files (they take no block, so the disk quota does not see them) in the writable
    folder, on the host's disk, or in /tmp: the jail is stopped soon after c.Jail.entries (20,000), well
    before the command ends (40,000 files once came first on a loaded machine: the count is polled)."""
    target = "." if where == "folder" else "/tmp"
    res = jailed(f"python3 -c '{MANY_FILES}' {target}; echo finished", tmp_path)
    assert "finished" not in res.stdout and f"more than {JAIL.entries:,} files" in res.stderr, res
    if where == "folder":
        made = sum(1 for _ in (tmp_path / "scratch").iterdir())
        assert JAIL.entries < made < 100_000, made


def test_root_and_dev_are_read_only(tmp_path):
    res = jailed("for f in /x /dev/x /dev/shm/x /run/x /etc/x /usr/x; do "
                 "if echo x > $f 2>/dev/null; then echo \"wrote $f\"; else echo \"refused $f\"; fi; done; "
                 "echo ok > /tmp/x && cat /tmp/x; echo y > /dev/null && echo devnull", tmp_path)
    assert "wrote" not in res.stdout, res.stdout
    assert res.stdout.count("refused") == 6 and "ok\n" in res.stdout and "devnull" in res.stdout, res


FORK = r'''python3 -c '
import os, time
n = 0
for i in range(400):
    try:
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        n += 1
    except OSError as e:
        print("fork refused:", e.strerror)
        break
time.sleep(0.5)
print("forked", n, "alive", sum(1 for p in os.listdir("/proc") if p.isdigit()))
'
'''


def test_process_limit_holds_for_root(tmp_path):
    """400 sleeping processes asked for: at most JAIL_PROCESSES alive (as root, RLIMIT_NPROC would not hold)."""
    with Peak("pids", "pids.current", "pids.current", _marker(tmp_path)) as pids:
        res = jailed(FORK, tmp_path)
    out = res.stdout.split()
    assert "fork refused:" in res.stdout, res
    forked, alive = int(out[out.index("forked") + 1]), int(out[out.index("alive") + 1])
    assert forked < 400 and alive <= JAIL_PROCESSES, res.stdout
    assert pids.seen and pids.peak <= JAIL_PROCESSES, pids.peak


def test_memory_limit_holds(tmp_path):
    """Memory of the jail's processes together: many processes of 200 MiB each (under the per-process data
    limit) are stopped at JAIL_MEMORY."""
    script = r'''python3 -c '
import os, time
kids = []
for i in range(12):
    pid = os.fork()
    if pid == 0:
        b = bytearray(200 << 20)
        for j in range(0, len(b), 4096):
            b[j] = 1
        time.sleep(5)
        os._exit(0)
    kids.append(pid)
killed = 0
for pid in kids:
    _, st = os.waitpid(pid, 0)
    killed += os.WIFSIGNALED(st)
print("killed", killed)
'
'''
    with Peak("memory", "memory.max_usage_in_bytes", "memory.peak", _marker(tmp_path)) as mem:
        res = jailed(script, tmp_path)
    assert mem.seen and mem.peak <= JAIL_MEMORY, mem.peak / MiB
    assert "killed" in res.stdout and int(res.stdout.split()[-1]) > 0, res


def test_the_limits_are_the_judges_configuration(tmp_path):
    """``c.Jail.disk`` in the course's configuration reaches the jail the
    judge (TrustedExecute) runs a student's command in: its /tmp is a tmpfs
    of that size."""
    from traitlets.config import Config

    from workbook.grading.execute import TrustedExecute
    cfg = Config()
    cfg.Jail.disk = "32M"
    wrap = TrustedExecute(config=cfg)._jail()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    res = subprocess.run(wrap(["python3", "-c", "import os; s = os.statvfs('/tmp'); print(s.f_blocks * s.f_frsize)"],
                              [str(scratch)]), cwd=scratch, capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
    assert res.returncode == 0 and int(res.stdout) == 32 << 20, res


def test_a_jail_holds_no_descriptor_but_its_standard_ones(tmp_path):
    """Inside the jail only stdin, stdout and stderr are open: nothing of
    the launcher, the jail server or the grader (their sockets, pidfds,
    pipes) reaches the student's command."""
    res = jailed("ls /proc/self/fd", tmp_path)
    assert res.returncode == 0, res
    assert sorted(int(fd) for fd in res.stdout.split()) == [0, 1, 2, 3], res.stdout   # 3: ls's own listing




def test_a_jail_reaches_no_state_a_later_jail_could_read(tmp_path):
    """What belongs to no namespace, a later jail (another cell's, another student's) could read: a key one jail
    added to its user keyring was read back by a later jail (hidden inputs and answers passed between them),
    the pages of a shared file one jail read were read back through mincore, a kernel setting one jail wrote
    through /proc/sys was read by a later kernel. The seccomp filter refuses the keyring calls, mincore and
    cachestat; /proc/sys is read-only."""
    if os.uname().machine != "x86_64":
        pytest.fail("this probe uses x86-64's system call numbers", pytrace=False)
    (tmp_path / "scratch").mkdir(exist_ok=True)
    (tmp_path / "scratch" / "keys.py").write_text(sandboxed.SHARED_STATE)
    res = jailed("python3 -I -S keys.py", tmp_path)
    assert res.returncode == 0, res
    assert json.loads(res.stdout) == sandboxed.SHARED_REFUSED, res.stdout


def test_etc_is_the_listed_files_in_one_mount_as_the_host_has_them(tmp_path):
    """A jail's /etc holds exactly what sandbox.etc_sources lists (hosts: the
    sandbox's loopback file), with the host's contents, and is one mount of
    a folder of copies (twenty bind mounts made bubblewrap take 6.7 ms
    instead of 4.2 ms): /proc/mounts shows no file of /etc mounted on its
    own."""
    import hashlib
    sources = sandbox.etc_sources()
    script = ("ls -A /etc; echo ===; for f in passwd ld.so.cache hosts nsswitch.conf; do sha256sum /etc/$f; done; "
              "echo ===; awk '{print $2}' /proc/mounts | grep '^/etc'")
    res = jailed(script, tmp_path)
    names, sums, mounts = res.stdout.split("===\n")
    assert sorted(names.split()) == sorted(name for name, _ in sources), res
    host = dict(sources)
    for line in sums.splitlines():
        digest, path = line.split()
        assert digest == hashlib.sha256(host[path.removeprefix("/etc/")].read_bytes()).hexdigest(), path
    assert mounts.split() == ["/etc"], mounts


def test_a_changed_etc_file_gets_a_view_of_its_own_and_a_foreign_folder_is_not_used(tmp_path, monkeypatch):
    """The view is named by the metadata of every file it copies: a file
    changed on the host (a package installed rewrites ld.so.cache) makes a
    new view with the new content; without a view of its own (its folder not
    this user's alone) each file is bound on its own."""
    import os
    etc = tmp_path / "etc"
    (etc / "fonts" / "conf.d").mkdir(parents=True)
    (etc / "passwd").write_text("root:x:0:0::/root:/bin/sh\n")
    (etc / "fonts" / "conf.d" / "10.conf").symlink_to("/usr/share/fontconfig/conf.avail/10.conf")
    monkeypatch.setattr(sandboxview, "ETC", etc)
    monkeypatch.setattr(sandboxview, "ETC_FILES", ["passwd", "fonts", "missing"])
    monkeypatch.setattr(sandboxview, "ETC_GLOBS", [])
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    monkeypatch.setattr(sandboxview, "_ETC_VIEWS", {})
    first = Path(sandbox.etc_view())
    assert sorted(os.listdir(first)) == ["fonts", "hosts", "passwd"]
    assert os.readlink(first / "fonts" / "conf.d" / "10.conf") == "/usr/share/fontconfig/conf.avail/10.conf"
    assert sandbox.etc_view() == str(first)
    (etc / "passwd").write_text("root:x:0:0::/root:/bin/bash\n")
    second = Path(sandbox.etc_view())
    assert second != first and (second / "passwd").read_text().endswith("/bin/bash\n")
    assert (first / "passwd").read_text().endswith("/bin/sh\n")       # a view is never changed once made
    os.chmod(tmp_path / "cache-etc", 0o777)
    (etc / "passwd").write_text("root:x:0:0::/root:/bin/dash\n")
    assert sandbox.etc_view() is None
    view = sandbox._system_view()
    assert ["--ro-bind", str(etc / "passwd"), "/etc/passwd"] == view[view.index(str(etc / "passwd")) - 1:][:3]
