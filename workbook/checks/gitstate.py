"""Read a git repository's state and print it as JSON (for ``gitcheck``).

    python -I -S gitstate.py REPO HOME [PATH-TO-CHECK-IGNORE ...]
    python -I -S gitstate.py --bare REPO.git [AS-THE-STUDENT-NAMES-IT]


A standalone script (the standard library only, no import of the
``workbook`` package): ``workbook.checks.gitcheck`` runs it after a
student's command when the judge grades: in the command's own jail, as
that jail's init once the command and all it started are gone (``after``),
or in a fresh jail of its own, so that nothing a repository's configuration could
make git run, and no link pointing out of the scratch folder, reaches the
grader. It only runs git commands that never start another program (no
``status``, no ``diff``: no filters, no fsmonitor, no hooks, no pager), with
a configuration the repository cannot extend (``GIT_ENV``: no system or
global file, no lazy fetch, no transport allowed), and only on a repository
whose own configuration, read first as data (``refused_config``), sets
nothing that names a program or a place to fetch from (``RUNS_A_PROGRAM``);
it reads the working tree itself, without following links.

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


# The environment of every git the reader starts (git(1), "ENVIRONMENT VARIABLES", and git-config(1) of 2.39):
# no system or global configuration file, so that the repository's own file, checked by refused_config, is the
# only one; no replace refs, no grafts, no optional locks; no prompt, a pager and an editor that are no
# program of the student's; GIT_NO_LAZY_FETCH (2.45, backported to 2.39.4: "lazy fetching disabled"): an
# object a promisor remote would supply is missing, never fetched; GIT_PROTOCOL_FROM_USER=0 and an empty
# GIT_ALLOW_PROTOCOL: no transport at all (file:// and ext:: included), whatever protocol.* says.
GIT_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LC_ALL": "C", "LANG": "C", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_SYSTEM": "/dev/null", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_ATTR_NOSYSTEM": "1",
           "GIT_NO_REPLACE_OBJECTS": "1", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat",
           "GIT_EDITOR": "false", "GIT_GRAFT_FILE": "/dev/null", "GIT_NO_LAZY_FETCH": "1",
           "GIT_PROTOCOL_FROM_USER": "0", "GIT_ALLOW_PROTOCOL": ""}
# and on every command line (git -c wins over every file): the settings the reader's commands would act on
GIT_OPTIONS = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false",
               "-c", "core.quotePath=false", "-c", "protocol.allow=never")

# Keys of a repository's configuration that name a program git may start, or a place git may fetch from: a
# repository that sets any of them is not read (refused_config). (section, variable); "*" is any variable of
# the section; a subsection (remote "origin") matches whatever its name. Taken from git-config(1) of git 2.39
# (/usr/share/man/man1/git-config.1.gz: every variable whose text says it is a command, a program, a helper,
# a driver, a hook, a tool or a shell line, or that makes git fetch), gitattributes(5) (filter, diff and
# merge drivers, filter.<driver>.process), gitremote-helpers(7) (remote.<name>.vcs) and partial-clone
# (promisor remotes, extensions.partialClone). Most are never acted on by the reader's plumbing; they are
# refused all the same, so that no future command of the reader can start one.
RUNS_A_PROGRAM = (
    ("core", "fsmonitor"), ("core", "fsmonitorhookversion"), ("core", "hookspath"), ("core", "sshcommand"),
    ("core", "gitproxy"), ("core", "askpass"), ("core", "editor"), ("core", "pager"),
    ("core", "alternaterefscommand"), ("core", "worktree"),   # core.worktree: a working tree outside the folder
    ("sequence", "editor"), ("pager", "*"), ("interactive", "difffilter"), ("include", "*"), ("includeif", "*"),
    ("extensions", "partialclone"), ("remote", "promisor"), ("remote", "partialclonefilter"),
    ("remote", "uploadpack"), ("remote", "receivepack"), ("remote", "vcs"), ("remote", "proxy"),
    ("url", "insteadof"), ("url", "pushinsteadof"), ("protocol", "*"), ("uploadpack", "*"), ("ssh", "variant"),
    ("credential", "*"), ("http", "*"), ("filter", "*"), ("diff", "external"), ("diff", "command"),
    ("diff", "textconv"), ("merge", "driver"), ("difftool", "cmd"), ("difftool", "path"), ("mergetool", "cmd"),
    ("mergetool", "path"), ("gpg", "program"), ("gpg", "defaultkeycommand"), ("browser", "cmd"),
    ("browser", "path"), ("web", "browser"), ("man", "cmd"), ("man", "path"), ("guitool", "cmd"),
    ("imap", "tunnel"), ("instaweb", "browser"), ("instaweb", "httpd"), ("sendemail", "smtpserver"),
    ("sendemail", "tocmd"), ("sendemail", "cccmd"), ("sendemail", "headercmd"), ("receive", "procreceiverefs"),
    ("submodule", "update"), ("help", "autocorrect"), ("trace2", "*"),
)
# alias.* is not among them: git runs an alias only for a command name it does not know, and the reader names
# git's own commands only.
# A key of RUNS_A_PROGRAM can only be set by a file that holds both its section's and its variable's names as
# they are spelt (in any case): a configuration without any of these words is read without asking git to list
# its keys. The word is the variable's name, or the section's where the variable is "*" or a name honest
# configurations hold too ("path"; "update", in core.logAllRefUpdates).
_WORDS = tuple(sorted({(section if var in ("*", "path", "update") else var).encode()
                       for section, var in RUNS_A_PROGRAM}))
MAX_CONFIG = 1_000_000


def runs_a_program(key):
    """Whether the configuration key ``key`` (as git config --list spells it:
    section and variable in lower case) is one of RUNS_A_PROGRAM."""
    section, _, rest = key.partition(".")
    variable = rest.rpartition(".")[2]
    return any(s == section and v in ("*", variable) for s, v in RUNS_A_PROGRAM)


MAX_KEYS = 200          # the keys of RUNS_A_PROGRAM a refusal names (each one, in every file: the fix removes them all)
MAX_KEY = 1000          # a key longer than that is named cut (git's own limit on a line is far above any honest key)
ALTERNATES = "objects/info/alternates"


def refused_config(gitdir, shown=".git/"):
    """None when git may read the repository whose git folder is ``gitdir``,
    else why not, as data ([reason, its values]; ``gitmodel.REASONS`` holds
    each reason's message): its configuration files (config, config.worktree), read
    here as data, set keys of RUNS_A_PROGRAM (every one of every file named, with
    its file: ``["runs_a_program", {"keys": [[file, key], ...]}]``), or cannot be
    read as plain files, or the folder borrows another one's configuration
    (commondir) or objects (objects/info/alternates). ``shown``: how the
    message names the git folder (as the student's commands name it)."""
    if os.path.lexists(os.path.join(gitdir, "commondir")):
        return ["commondir", {}]
    found = []
    for name in ("config", "config.worktree"):
        path = os.path.join(gitdir, name)
        if not os.path.lexists(path):
            continue
        try:   # as git opens it (a link followed), but never waiting on a pipe
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as e:
            return ["unreadable", {"path": shown + name, "reason": e.strerror or ""}]
        if not stat.S_ISREG(os.fstat(fd).st_mode):   # before fdopen, which refuses a folder with an exception
            os.close(fd)
            return ["not_a_file", {"path": shown + name}]
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_CONFIG + 1)
        if len(data) > MAX_CONFIG:
            return ["too_large", {"path": shown + name, "kb": MAX_CONFIG // 1000}]
        lowered = data.lower()
        if not any(word in lowered for word in _WORDS):
            continue
        # a word is there: git's own parser says which keys the file sets (--file: no include followed)
        keys, broken = config_keys(path, shown + name)
        if broken:
            return broken
        found += [[shown + name, key[:MAX_KEY]] for key in keys if runs_a_program(key)]
    if found:
        return ["runs_a_program", {"keys": found[:MAX_KEYS]}]
    try:   # alternates: objects read from another repository's folder, as if they were this one's
        st = os.lstat(os.path.join(gitdir, ALTERNATES))
    except OSError:
        st = None
    if st is not None and (not stat.S_ISREG(st.st_mode) or st.st_size > 0):
        return ["alternates", {"path": shown + ALTERNATES}]
    return None


def config_keys(path, shown):
    """(the keys the configuration file ``path`` sets, in order, each once (git's own parser, --file: no
    include followed), None), or ([], why git cannot parse it): a reason whose file is named ``shown`` (git's
    words name it by the reader's path, so only the line number they give is kept)."""
    code, out, err = run("/", ["config", "--file", os.path.abspath(path), "--no-includes", "--list", "-z"])
    if code != 0:
        line = bad_line(err)
        return [], (["unparsable_at", {"path": shown, "line": line}] if line is not None
                    else ["unparsable", {"path": shown}])
    return list(dict.fromkeys(text(item).partition("\n")[0] for item in out.split(b"\0") if item)), None


def unparsable(gitdir, shown=".git/"):
    """Why git cannot read the git folder, when it is a configuration file git cannot parse (asked only after
    git failed to read the repository: refused_config parses a file only when it holds a word of a refused
    key); else None."""
    for name in ("config", "config.worktree"):
        path = os.path.join(gitdir, name)
        if os.path.isfile(path):
            broken = config_keys(path, shown + name)[1]
            if broken:
                return broken
    return None


def bad_line(err):
    """The line number in git's "bad config line N in file ..." (None when it gives none)."""
    head, sep, rest = err.partition(b" line ")
    digits = rest[:12].split(b" ", 1)[0]
    return int(digits) if sep and digits.isdigit() else None


def run(repo, args, data=None, timeout=30.0, git_dir=None):
    """(exit code, stdout, stderr) of git ``args`` in ``repo``; 255 when git
    could not start or took more than ``timeout`` seconds. ``git_dir``: the
    git folder, given to git (GIT_DIR, with ``repo`` as GIT_WORK_TREE unless
    it is the same folder) instead of letting git look for one: a broken
    .git never makes git take the working tree, or a folder above it, for a
    bare repository whose configuration nobody checked."""
    return run_all(repo, [(args, data)], timeout, git_dir)[0]


def run_all(repo, commands, timeout=30.0, git_dir=None):
    """``run`` of each (args, stdin data or None) of ``commands``, all at
    once (the reader's commands only read: git's start is most of each, and
    two cores start two), in their order. Started with posix_spawn (no Python
    runs in the child, so the judge's threads are safe) and read with poll:
    the subprocess module alone took 10 ms of the reader's start (it imports
    threading, selectors, locale...)."""
    env = {**GIT_ENV, "GIT_CEILING_DIRECTORIES": os.path.dirname(os.path.abspath(repo))}
    if git_dir is not None:
        env["GIT_DIR"] = os.path.abspath(git_dir)
        if os.path.abspath(git_dir) != os.path.abspath(repo):
            env["GIT_WORK_TREE"] = os.path.abspath(repo)
    results = [None] * len(commands)
    pids = {}                     # pid -> command index
    chunks = {}                   # a read end -> (command index, the chunks read)
    pending = {}                  # a write end -> (command index, what is left to write)
    poller = select.poll()
    deadline = time.monotonic() + timeout
    try:
        for k, (args, data) in enumerate(commands):
            # -C: git's own chdir, before it looks for a repository (posix_spawn has no cwd)
            cmd = [GIT, "-C", repo, *GIT_OPTIONS, *args]
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


def bare(repo, shown=None):
    """A bare repository (the remote): its refs and HEAD only. ``shown``: how the student's commands name
    it (its folder's name when not given)."""
    out = {"ok": True, "bare": True}
    shown = shown or os.path.basename(os.path.normpath(repo))
    refused = refused_config(repo, shown.rstrip("/") + "/") if os.path.isdir(repo) else None
    if refused:
        return {"ok": False, "refused": True, "error": refused}
    code, o, e = run(repo, ["rev-parse", "--is-bare-repository"], git_dir=repo)
    if code != 0 or text(o).strip() != "true":
        return {"ok": False, "error": ["not_bare", {"git": students_words(e, repo, shown)}]}
    (_, listed, _), (code, o, _) = run_all(repo, [(REFS, None), (["symbolic-ref", "-q", "HEAD"], None)],
                                           git_dir=repo)
    out["refs"], out["head_ref"] = parse_refs(listed), text(o).strip() if code == 0 else None
    return out


def students_words(err, repo, shown="."):
    """git's message ``err`` (200 characters at most) with the repository's folder, and the folder around
    it, named as the student names them (``shown``, and the folder it is in): the reader's paths are the
    grader's (/dev/shm/...), never shown."""
    words = text(err).strip()
    folder, around = os.path.abspath(repo), os.path.dirname(shown) or ".."
    for path, name in ((folder, shown), (os.path.realpath(folder), shown),
                       (os.path.dirname(folder), around), (os.path.dirname(os.path.realpath(folder)), around)):
        if len(path) > 1:
            words = words.replace(path, name)
    return words[:200]


REFS = ["for-each-ref", "--format=%(objectname) %(refname)"]


def parse_refs(listed):
    out = {}
    for line in text(listed).splitlines():
        oid, _, name = line.partition(" ")
        out[name] = oid
    return out


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
    if sys.argv[1] == "--after":
        return after(sys.argv[2:])
    state = bare(*sys.argv[2:4]) if sys.argv[1] == "--bare" else collect(sys.argv[1], sys.argv[2], sys.argv[3:])
    sys.stdout.write(dumps(state) + "\n")


def after(args):
    """``--after TIMEOUT LIMIT REPO HOME [PATH-TO-CHECK-IGNORE ...] -- COMMAND ...``: the answer's command,
    then the read, in one jail (``gitcheck.Attempt.run``'s ``read_after``). Only as the jail's PID 1
    (bubblewrap's ``--as-pid-1``, in a PID namespace of its own): this process is the jail's init, made
    non-dumpable before the command starts, so no process of the answer can trace it, read its memory or
    its descriptors (/proc/1/fd), nor signal it (the kernel drops a signal sent to a namespace's init from
    inside unless the init handles it: SIGINT's handler is reset). The command runs as its child with this
    process's environment, stdin empty, stdout and stderr through pipes (LIMIT bytes of each kept), until
    it ends or TIMEOUT seconds pass; then every other process of the jail is killed (``kill(-1)`` from
    PID 1 reaches them all, and a process being killed can fork no more) and waited for, and only then is
    the repository read: nothing of the answer runs during the read. Prints two lines: the command's
    {"code", "out", "err"} (code null after the timeout; base64), then the state as ``main`` prints it."""
    import _signal
    try:
        import ctypes
        dumpable = ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)   # PR_SET_DUMPABLE 0
    except (ImportError, OSError, AttributeError):
        dumpable = -1
    if os.getpid() != 1 or dumpable != 0 or not hasattr(os, "pidfd_open"):
        sys.stdout.write(REFUSED_AFTER)   # nothing ran: the caller runs the command and reads as before
        return
    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)
    split = args.index("--")
    timeout, limit, repo, home, check = float(args[0]), int(args[1]), args[2], args[3], args[4:split]
    command = args[split + 1:]
    code, out, err = _run_answer(command, timeout, limit)
    _kill_all()
    sys.stdout.write(dumps({"code": code, "out": b64(out), "err": b64(err)}) + "\n")
    sys.stdout.write(dumps(collect(repo, home, check)) + "\n")


REFUSED_AFTER = "not the init of a jail of its own: nothing was run\n"


def _run_answer(command, timeout, limit):
    """(exit code, or None after ``timeout``; stdout; stderr) of ``command``, run in a session of its own
    (as bubblewrap's --new-session does), each output cut at ``limit`` bytes."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    try:
        spawn = os.posix_spawn if os.sep in command[0] else os.posix_spawnp
        pid = spawn(command[0], command, dict(os.environ),
                    file_actions=[(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                                  (os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)],
                    setsigdef=(SIGPIPE, SIGXFSZ), setsid=True)
    finally:
        os.close(out_w)
        os.close(err_w)
    kept = {out_r: [], err_r: []}
    sizes = {out_r: 0, err_r: 0}
    poller = select.poll()
    for fd in kept:
        poller.register(fd, select.POLLIN)
    ended = os.pidfd_open(pid)
    poller.register(ended, select.POLLIN)
    deadline, code = time.monotonic() + timeout, None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        for fd, _ in poller.poll(min(left, 1.0) * 1000):
            if fd == ended:
                continue
            block = os.read(fd, 1 << 16)
            if not block:
                poller.unregister(fd)
            elif sizes[fd] < limit:
                kept[fd].append(block[:limit - sizes[fd]])
                sizes[fd] += len(kept[fd][-1])
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            code = code if code >= 0 else 128 - code
            break
    os.close(ended)
    _kill_all()
    for fd in kept:          # what the killed processes wrote before they died: their ends are closed now
        os.set_blocking(fd, False)
        try:
            while sizes[fd] < limit and (block := os.read(fd, 1 << 16)):
                kept[fd].append(block[:limit - sizes[fd]])
                sizes[fd] += len(kept[fd][-1])
        except BlockingIOError:
            pass
        os.close(fd)
    return code, b"".join(kept[out_r]), b"".join(kept[err_r])


def _kill_all():
    """Every process of the jail but this one (its init) killed and reaped: kill(-1, SIGKILL) until none
    is left (ESRCH)."""
    while True:
        try:
            os.kill(-1, SIGKILL)
        except ProcessLookupError:
            return
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        time.sleep(0.001)


def collect(repo, home, check=()):
    """The state of the repository ``repo`` (HOME ``home``), as a dict of
    plain data; ``check``: paths to ask git check-ignore about."""
    out = {"ok": True}
    gitdir = os.path.join(repo, ".git")
    if not os.path.isdir(repo) or os.path.islink(repo):
        return {"ok": False, "error": ["folder_gone", {}] if not os.path.lexists(repo) else ["folder_replaced", {}]}
    try:
        kind = stat.S_IFMT(os.lstat(gitdir).st_mode)
    except FileNotFoundError:
        kind = None
    if kind != stat.S_IFDIR:   # removed, or replaced by a link (even to a folder), a file or anything else
        out = {"ok": False, "error": ["git_folder_gone", {}] if kind is None else
               ["git_folder_is_a_link", {}] if kind == stat.S_IFLNK else ["git_folder_is_not_a_folder", {}]}
    else:
        refused = refused_config(gitdir)
        if refused:
            out = {"ok": False, "refused": True, "error": refused}
    batch = [["rev-parse", "--git-dir"], ["symbolic-ref", "-q", "HEAD"], ["rev-parse", "-q", "--verify", "HEAD^{commit}"],
             REFS, ["ls-files", "-s", "-z"], ["ls-files", "-z", "--others", "--exclude-standard"],
             ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
             ["rev-list", "--objects", "--all", "--indexed-objects"],
             ["config", "--file", os.path.join(".git", "config"), "--list", "-z"]]
    if check:
        batch.append((["check-ignore", "--no-index", "-v", "-n", "-z", "--stdin"], ("\0".join(check) + "\0").encode()))
    # every command at once (each only reads), then cat-file of the objects rev-list named
    results = run_all(repo, [c if isinstance(c, tuple) else (c, None) for c in batch], git_dir=gitdir) \
        if out["ok"] else []
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
    if code != 0 or text(o).strip() != os.path.abspath(gitdir):
        broken = unparsable(gitdir) if code != 0 else None
        return {"ok": False, **({"refused": True} if broken else {}),
                "error": broken or ["not_a_repository", {"git": students_words(e, repo)}],
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
        code, o, _ = run(repo, ["cat-file", "--batch"], ("\n".join(oids) + "\n").encode(), git_dir=gitdir)
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
