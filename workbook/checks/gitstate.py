"""Read a git repository's state and print it as JSON (for ``gitcheck``).

    python -I -S gitstate.py REPO HOME [PATH-TO-CHECK-IGNORE ...]
    python -I -S gitstate.py --bare REPO.git


A standalone script (the standard library only, no import of the
``workbook`` package): ``workbook.checks.gitcheck`` runs it after a
student's command, in the same kind of fresh jail as the command itself
when the judge grades, so that nothing a repository's configuration could
make git run, and no link pointing out of the scratch folder, reaches the
grader. It only runs git commands that never start another program (no
``status``, no ``diff``: no filters, no fsmonitor, no hooks, no pager) and
reads the working tree itself, without following links.

The output is one JSON object: HEAD, refs, every object reachable from a ref,
HEAD or the index (base64), the index, the working tree's files (base64, up
to a budget), untracked and ignored files, operations in progress, the
repository's and the global configuration, and ``git check-ignore`` for the
paths given. The checks treat it as untrusted data.
"""
import binascii
import os
import select
import stat
import sys
import time

try:
    from _signal import SIGKILL, SIGPIPE, SIGXFSZ   # the signal module imports enum: 3 ms
except ImportError:
    from signal import SIGKILL, SIGPIPE, SIGXFSZ

try:
    from _sha1 import sha1   # CPython's own: hashlib loads OpenSSL first (8 ms of the reader's 60)
except ImportError:
    from hashlib import sha1


def b64(data):
    """base64.b64encode(data), as text (base64 imports re: 4 ms more per read)."""
    return binascii.b2a_base64(data, newline=False).decode()


GIT = "/usr/bin/git" if os.access("/usr/bin/git", os.X_OK) else "git"
MAX_OBJECT_BYTES = 24_000_000
MAX_FILE = 1_000_000
MAX_WORKTREE_BYTES = 16_000_000
MAX_FILES = 5000
IN_PROGRESS = ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "BISECT_LOG", "BISECT_START", "rebase-merge",
               "rebase-apply", "sequencer")


def run(repo, args, data=None, timeout=30.0):
    """(exit code, stdout, stderr) of git ``args`` in ``repo``; 255 when git
    could not start or took more than ``timeout`` seconds."""
    return run_all(repo, [(args, data)], timeout)[0]


def run_all(repo, commands, timeout=30.0):
    """``run`` of each (args, stdin data or None) of ``commands``, all at
    once (the reader's commands only read: git's start is most of each, and
    two cores start two), in their order. Started with posix_spawn (no Python
    runs in the child, so the judge's threads are safe) and read with poll:
    the subprocess module alone took 10 ms of the reader's start (it imports
    threading, selectors, locale...)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LC_ALL": "C", "LANG": "C", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_NO_REPLACE_OBJECTS": "1", "GIT_OPTIONAL_LOCKS": "0",
           "GIT_CEILING_DIRECTORIES": os.path.dirname(os.path.abspath(repo)), "GIT_TERMINAL_PROMPT": "0",
           "GIT_PAGER": "cat", "GIT_EDITOR": "false", "GIT_GRAFT_FILE": "/dev/null"}
    results = [None] * len(commands)
    pids = {}                     # pid -> command index
    chunks = {}                   # a read end -> (command index, the chunks read)
    pending = {}                  # a write end -> (command index, what is left to write)
    poller = select.poll()
    deadline = time.monotonic() + timeout
    try:
        for k, (args, data) in enumerate(commands):
            # -C: git's own chdir, before it looks for a repository (posix_spawn has no cwd)
            cmd = [GIT, "-C", repo, "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c",
                   "core.untrackedCache=false", "-c", "core.quotePath=false", *args]
            child = []
            try:
                out_r, out_w = os.pipe()
                child.append(out_w)
                chunks[out_r] = (k, [])
                err_r, err_w = os.pipe()
                child.append(err_w)
                chunks[err_r] = (k, [])
                if data is None:
                    stdin = (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)
                else:
                    in_r, in_w = os.pipe()
                    child.append(in_r)
                    pending[in_w] = (k, memoryview(data))
                    stdin = (os.POSIX_SPAWN_DUP2, in_r, 0)
                spawn = os.posix_spawn if os.sep in GIT else os.posix_spawnp
                pid = spawn(GIT, cmd, env, file_actions=[stdin, (os.POSIX_SPAWN_DUP2, out_w, 1),
                                                         (os.POSIX_SPAWN_DUP2, err_w, 2)],
                            setsigdef=(SIGPIPE, SIGXFSZ))   # as subprocess's restore_signals
                pids[pid] = k
            except OSError as e:
                results[k] = (255, b"", str(e).encode())
                for fd in [fd for fd, (i, _) in chunks.items() if i == k]:
                    del chunks[fd]
                    os.close(fd)
                for fd in [fd for fd, (i, _) in pending.items() if i == k]:
                    del pending[fd]
                    os.close(fd)
            finally:
                for fd in child:
                    os.close(fd)
        for fd in chunks:
            poller.register(fd, select.POLLIN)
        for fd in pending:
            os.set_blocking(fd, False)
            poller.register(fd, select.POLLOUT)
        while chunks.keys() - _done(chunks) or pending:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            for fd, _ in poller.poll(left * 1000):
                if fd in pending:
                    k, rest = pending[fd]
                    try:
                        rest = rest[os.write(fd, rest[:65536]):]
                    except BrokenPipeError:
                        rest = rest[:0]
                    pending[fd] = (k, rest)
                    if not len(rest):
                        poller.unregister(fd)
                        os.close(fd)
                        del pending[fd]
                    continue
                block = os.read(fd, 1 << 20)
                if block:
                    chunks[fd][1].append(block)
                else:
                    poller.unregister(fd)
                    chunks[fd][1].append(None)   # the end
    finally:
        for fd in pending:
            os.close(fd)
        late = set()
        for fd, (k, got) in chunks.items():
            os.close(fd)
            if not got or got[-1] is not None:
                late.add(k)
        outputs = {}
        for fd, (k, got) in chunks.items():
            outputs.setdefault(k, []).append(b"".join(b for b in got if b is not None))
        for pid, k in pids.items():
            if k in late:
                os.kill(pid, SIGKILL)
            status = os.waitpid(pid, 0)[1]
            if k in late:
                results[k] = (255, b"", b"git timed out after %d seconds" % timeout)
            else:
                results[k] = (os.waitstatus_to_exitcode(status), *outputs[k])
    return results


def _done(chunks):
    return {fd for fd, (_, got) in chunks.items() if got and got[-1] is None}


def text(b):
    return b.decode("utf-8", "replace")


def worktree(repo):
    files, budget, count = {}, [MAX_WORKTREE_BYTES], 0
    for dirpath, dirnames, filenames in os.walk(repo):
        rel_dir = os.path.relpath(dirpath, repo)
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d != ".git"]
            filenames = [f for f in filenames if f != ".git"]
        dirnames.sort()
        for d in list(dirnames):
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                dirnames.remove(d)
                filenames.append(d)
        for f in sorted(filenames):
            count += 1
            if count > MAX_FILES:
                return files, True
            full = os.path.join(dirpath, f)
            rel = os.path.normpath(os.path.join(rel_dir, f)).replace(os.sep, "/")
            try:
                st = os.lstat(full)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                files[rel] = {"link": os.readlink(full)}
            elif stat.S_ISREG(st.st_mode):
                entry = {"size": st.st_size, "exec": bool(st.st_mode & 0o111)}
                if st.st_size <= MAX_FILE and st.st_size <= budget[0]:
                    try:
                        fd = os.open(full, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                        with os.fdopen(fd, "rb") as fh:
                            data = fh.read(MAX_FILE + 1)
                    except OSError:
                        data = None
                    if data is not None:
                        budget[0] -= len(data)
                        entry["data"] = b64(data)
                        entry["oid"] = sha1(b"blob %d\0" % len(data) + data).hexdigest()
                files[rel] = entry
            else:
                files[rel] = {"special": True}
    return files, False


def bare(repo):
    """A bare repository (the remote): its refs and HEAD only."""
    out = {"ok": True, "bare": True}
    code, o, e = run(repo, ["rev-parse", "--is-bare-repository"])
    if code != 0 or text(o).strip() != "true":
        return {"ok": False, "error": "not a bare repository: " + text(e).strip()[:200]}
    out["refs"], out["head_ref"] = refs(repo), head_ref(repo)
    return out


REFS = ["for-each-ref", "--format=%(objectname) %(refname)"]


def refs(repo):
    """Every ref's name -> its object id."""
    return parse_refs(run(repo, REFS)[1])


def parse_refs(listed):
    out = {}
    for line in text(listed).splitlines():
        oid, _, name = line.partition(" ")
        out[name] = oid
    return out


def head_ref(repo):
    """The branch HEAD points at (None: detached)."""
    code, o, _ = run(repo, ["symbolic-ref", "-q", "HEAD"])
    return text(o).strip() if code == 0 else None


def dumps(value):
    """json.dumps(value) in its compact form (what json.loads reads back
    alike), with the C encoder the json module itself uses: importing json
    imports re, 6 ms of the reader's start."""
    try:
        from _json import encode_basestring_ascii, make_encoder
    except ImportError:   # another Python
        import json
        return json.dumps(value, separators=(",", ":"))

    def refuse(o):
        raise TypeError(f"{type(o).__name__} is not JSON")
    return "".join(make_encoder({}, refuse, encode_basestring_ascii, None, ":", ",", False, False, True)(value, 0))


def main():
    state = bare(sys.argv[2]) if sys.argv[1] == "--bare" else collect(sys.argv[1], sys.argv[2], sys.argv[3:])
    sys.stdout.write(dumps(state) + "\n")


def collect(repo, home, check=()):
    """The state of the repository ``repo`` (HOME ``home``), as a dict of
    plain data; ``check``: paths to ask git check-ignore about."""
    out = {"ok": True}
    gitdir = os.path.join(repo, ".git")
    if not os.path.isdir(repo) or os.path.islink(repo):
        return {"ok": False, "error": "the repository's folder is gone"}
    if not os.path.isdir(gitdir) or os.path.islink(gitdir):
        out = {"ok": False, "error": "the folder .git is gone: this is no longer a git repository"}
    batch = [["rev-parse", "--git-dir"], ["symbolic-ref", "-q", "HEAD"], ["rev-parse", "-q", "--verify", "HEAD^{commit}"],
             REFS, ["ls-files", "-s", "-z"], ["ls-files", "-z", "--others", "--exclude-standard"],
             ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
             ["rev-list", "--objects", "--all", "--indexed-objects"],
             ["config", "--file", os.path.join(".git", "config"), "--list", "-z"]]
    if check:
        batch.append((["check-ignore", "--no-index", "-v", "-n", "-z", "--stdin"], ("\0".join(check) + "\0").encode()))
    # every command at once (each only reads), then cat-file of the objects rev-list named
    results = run_all(repo, [c if isinstance(c, tuple) else (c, None) for c in batch]) if out["ok"] else []
    files, truncated = worktree(repo)
    out["worktree"], out["worktree_truncated"] = files, truncated
    out["global_config"] = {}
    for rel in (".gitconfig", ".config/git/config"):
        p = os.path.join(home, rel)
        try:
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, "rb") as fh:
                    out["global_config"][rel] = text(fh.read(100_000))
        except OSError:
            pass
    if not out["ok"]:
        return out
    (code, o, e), symbolic, head, refs_out, staged, untracked, ignored, objects_out, config_out = results[:9]
    if code != 0 or text(o).strip() != ".git":
        return {"ok": False, "error": "git does not read this folder as a repository: " + text(e).strip()[:200],
                "worktree": files, "worktree_truncated": truncated, "global_config": out["global_config"]}
    out["head_ref"] = text(symbolic[1]).strip() if symbolic[0] == 0 else None
    out["head"] = text(head[1]).strip() if head[0] == 0 else None
    out["refs"] = parse_refs(refs_out[1])
    index = []
    for item in staged[1].split(b"\0"):
        if not item:
            continue
        meta, _, path = item.partition(b"\t")
        mode, oid, stage = text(meta).split()
        index.append([text(path), mode, oid, int(stage)])
    out["index"] = index
    out["untracked"] = [text(p) for p in untracked[1].split(b"\0") if p]
    out["ignored"] = [text(p) for p in ignored[1].split(b"\0") if p]
    o = objects_out[1]
    oids = []
    for line in text(o).splitlines():
        oid = line.split(" ", 1)[0]
        if len(oid) == 40:
            oids.append(oid)
    if out["head"] and out["head"] not in oids:
        oids.append(out["head"])
    objects, used, cut = {}, 0, False
    if oids:
        code, o, _ = run(repo, ["cat-file", "--batch"], ("\n".join(oids) + "\n").encode())
        pos = 0
        while pos < len(o):
            nl = o.index(b"\n", pos)
            header = text(o[pos:nl]).split()
            pos = nl + 1
            if len(header) != 3:
                continue
            oid, kind, size = header[0], header[1], int(header[2])
            data = o[pos:pos + size]
            pos += size + 1
            used += size
            if used > MAX_OBJECT_BYTES and kind == "blob":
                cut = True
                objects[oid] = [kind, None]
                continue
            objects[oid] = [kind, b64(data)]
    out["objects"], out["objects_truncated"] = objects, cut
    out["in_progress"] = [name for name in IN_PROGRESS if os.path.lexists(os.path.join(gitdir, name))]
    config = []
    for item in config_out[1].split(b"\0"):
        if item:
            key, _, value = text(item).partition("\n")
            config.append([key, value])
    out["config"] = config
    if check:
        parts = [text(p) for p in results[9][1].split(b"\0")]
        ignored = {}
        for k in range(0, len(parts) - 3, 4):
            source, line, pattern, path = parts[k:k + 4]
            rule = f"{source}:{line}: {pattern}" if source else None
            ignored[path] = {"ignored": bool(source) and not pattern.startswith("!"), "rule": rule}
        out["check_ignore"] = ignored
    return out


if __name__ == "__main__":
    main()
