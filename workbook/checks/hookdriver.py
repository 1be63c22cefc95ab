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
"""
import base64
import json
import os
import select
import subprocess
import sys

OUTPUT = 1 << 16    # bytes of a commit's output kept


def _quiet(*argv):
    subprocess.run(["git", *argv], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


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
    got = subprocess.run(["git", "rev-parse", "-q", "--verify", "refs/heads/" + branch + "^{commit}"],
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
    main_oid = spec["main"]
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
        records.append({"branch": branch, "out": base64.b64encode(out).decode(), "code": code,
                        "tip": _tip(branch)})
    for record in records:
        sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
