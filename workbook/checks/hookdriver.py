"""The commits of 06 Question 26, made inside the judge's jail (``githook.HookTrial``):

    python -I -S hookdriver.py SPEC

SPEC is a JSON file the judge wrote beside the repository: {"main": OID, "cases": [{"branch": NAME,
"stage": [[PATH, BASE64 or null], ...], "after": [...]}, ...]}. This process reads it and deletes it,
then makes itself non-dumpable, before any git command runs: no process of the hook can read the
list of cases, their paths or their files (not on disk, not in an argv, not in this process's memory,
descriptors or environment, which /proc shows only for a dumpable process). Each case's files are
written only when its commit comes. For each case: ``git checkout -f -B BRANCH MAIN``, ``git clean``,
the staged files written and added (``git rm`` for a deletion), the working tree changed after, then
``git commit``, whose output (the hook's among it) goes to a pipe of this process alone; every other
git command's output goes to /dev/null, so nothing the hook starts holds this process's stdout.
Right after each ``git commit`` returns, the driver reads where the case's branch is (``tip``: its commit
id, main's when the commit was refused) and keeps it in its own memory, which no hook can read or write:
the judge fails a case whose branch is found elsewhere at the end (a hook that refused a commit and made
it later, once it had seen the other cases). Prints a JSON line per case, all of them after the last
commit, on this process's stdout (a pipe the hook never holds): {"branch", "out" (base64, cut at OUTPUT
bytes), "code", "tip"}.

Only ``git commit`` runs the hook: every other git command of the driver runs with no hooks
(``core.hooksPath=/dev/null``) and no global attributes file, and before each case the driver puts back the
files through which git would run a program or change what ``git add`` reads (the repository's config and
``config.worktree``, ``.git/info``, ``.git/commondir``, the object store's alternates, the home's global git
config), as they were before the first commit. When
the jail's PID 1 is the judge's reader (``gitreader.py --after``), the driver also kills every other process of the
jail right after each commit returns, and waits until none is left: a hook's code runs only inside its own ``git commit``,
never in a later ``git add`` (an extra hook such as ``post-index-change``, a clean filter in a config, a
process left behind that watches the files as they are written).
"""
import base64
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time

OUTPUT = 1 << 16    # bytes of a commit's output kept


NO_PROGRAMS = ["-c", "core.hooksPath=/dev/null", "-c", "core.attributesFile=/dev/null"]
"""The driver's own git commands (all but ``git commit``): no hook, no global attributes file."""


def _quiet(*argv):
    subprocess.run(["git", *NO_PROGRAMS, *argv], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def _kept_files():
    """The files through which git runs a program or changes what it stages, outside the hook's own commit:
    path -> bytes, or None for one that is not there (the repository's config, config.worktree and info
    folder, ``commondir`` (git would read config, hooks and info from the folder it names) and the object
    store's alternates, the home's global config)."""
    home = os.environ.get("HOME", "")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    paths = [os.path.join(".git", "config"), os.path.join(".git", "config.worktree"),
             os.path.join(".git", "commondir"), os.path.join(".git", "objects", "info", "alternates"),
             os.path.join(home, ".gitconfig"), os.path.join(xdg, "git", "config"),
             os.path.join(xdg, "git", "attributes")]
    info = os.path.join(".git", "info")
    if os.path.isdir(info) and not os.path.islink(info):
        paths += [os.path.join(info, n) for n in sorted(os.listdir(info))]
    kept = {}
    for path in paths:
        try:
            with open(path, "rb") as f:
                kept[path] = f.read()
        except OSError:
            kept[path] = None
    return kept


def _put_back(kept):
    """The kept files as they were: written again, or removed when they were not there; anything else in
    .git/info removed."""
    info = os.path.join(".git", "info")
    if os.path.islink(info) or (os.path.exists(info) and not os.path.isdir(info)):
        os.unlink(info)
    if os.path.isdir(info):
        for name in os.listdir(info):
            path = os.path.join(info, name)
            if path not in kept:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.unlink(path)
    for path, data in kept.items():
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        if data is None:
            if os.path.lexists(path):
                os.unlink(path)
        else:
            _write(path, data)


def _reader_is_init() -> bool:
    """Whether this process runs in a jail of its own whose PID 1 is the judge's reader (``gitreader.py --after``,
    its parent): only there may it kill every other process it sees."""
    try:
        with open("/proc/1/cmdline", "rb") as f:
            init = f.read().split(b"\0")
    except OSError:
        return False
    return os.getppid() == 1 and b"--after" in init and any(a.endswith(b"gitreader.py") for a in init)


def _kill_the_rest(deadline: float = 5.0) -> None:
    """Every process of the jail but PID 1 and this one killed, and waited for until none is left (they are
    the reader's children once their parents are gone: it reaps them)."""
    me = os.getpid()
    end = time.monotonic() + deadline
    while True:
        others = [int(n) for n in os.listdir("/proc") if n.isdigit() and int(n) not in (1, me)]
        alive = []
        for pid in others:
            try:
                with open(f"/proc/{pid}/stat", "rb") as f:
                    state = f.read().rsplit(b")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state != b"Z":
                alive.append(pid)
        if not alive or time.monotonic() > end:
            return
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        time.sleep(0.01)


def _write(path, data):
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    if os.path.islink(path):
        os.unlink(path)
    with open(path, "wb") as f:
        f.write(data)


def _tip(branch):
    """The branch's commit id now, or None when git cannot tell."""
    got = subprocess.run(["git", *NO_PROGRAMS, "rev-parse", "-q", "--verify", "refs/heads/" + branch + "^{commit}"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    tip = got.stdout.decode("ascii", "replace").strip()
    return tip if got.returncode == 0 and tip else None


def _commit(branch):
    """(what ``git commit`` printed, its exit code): the output read until git ends, then what is left
    in the pipe (a process the hook left behind may hold it open: it is not waited for)."""
    proc = subprocess.Popen(["git", "commit", "-q", "-m", branch], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    fd, kept = proc.stdout.fileno(), []

    def keep(block):
        size = sum(map(len, kept))
        if size < OUTPUT:
            kept.append(block[:OUTPUT - size])
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while True:
        ready = poller.poll(200)
        if proc.poll() is not None:   # git ended: what is in the pipe now, and no more
            os.set_blocking(fd, False)
            try:
                for _ in range(64):
                    block = os.read(fd, 1 << 16)
                    if not block:
                        break
                    keep(block)
            except BlockingIOError:
                pass
            break
        if ready:
            block = os.read(fd, 1 << 16)
            if not block:
                poller.unregister(fd)
                proc.wait()
                break
            keep(block)
    proc.stdout.close()
    return b"".join(kept), proc.wait()


def main():
    spec_path = sys.argv[1]
    with open(spec_path, "rb") as f:
        spec = json.load(f)
    os.unlink(spec_path)
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)   # PR_SET_DUMPABLE 0
    except (ImportError, OSError, AttributeError):
        pass    # a notebook's own run outside Linux: nothing to hide there
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    main_oid = spec["main"]
    kept = _kept_files()
    reap = _reader_is_init()
    records = []
    for case in spec["cases"]:
        branch = case["branch"]
        _quiet("checkout", "-q", "-f", "-B", branch, main_oid)
        _quiet("clean", "-q", "-f", "-d")
        for path, data in case["stage"]:
            if data is None:
                _quiet("rm", "-q", "--", path)
            else:
                _write(path, base64.b64decode(data))
                _quiet("add", "--", path)
        for path, data in case["after"]:
            if data is None:
                if os.path.lexists(path):
                    os.unlink(path)
            else:
                _write(path, base64.b64decode(data))
        out, code = _commit(branch)
        if reap:
            _kill_the_rest()
        _put_back(kept)
        records.append({"branch": branch, "out": base64.b64encode(out).decode(), "code": code,
                        "tip": _tip(branch)})
    for record in records:
        sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
