"""Running and checking git answers for 06_git.

An answer is a string: a command line (or several lines) run with bash, or
the content of a file (``.gitignore``, a workflow, a resolved script). The
test's own process runs it (in a notebook's own run, the student's kernel;
when graded, the grader's judge), never the student's kernel, in a **fresh
repository** built for the exercise by ``workbook.data.gitrepo`` (a scenario
and a seed) inside a scratch folder::

    scratch/
      home/          HOME of every command (an empty global configuration)
      daon-churn/    the repository; every command starts here
      github/        (scenario release) the bare repository standing for GitHub

Every process started for a student's string, and every read of the
repository after it, goes through ``workbook.checks.exercise.jailed``: when
the judge grades, it runs in a fresh bubblewrap jail where only the scratch
folder is writable, without network and without the course; git is
``/usr/bin/git``. Commands run with a clean environment: ``HOME`` in the
scratch folder, ``GIT_CONFIG_NOSYSTEM=1`` (nothing of the machine's
configuration), fixed ``GIT_AUTHOR_DATE`` and ``GIT_COMMITTER_DATE`` (so new
commits get reproducible ids), ``GIT_EDITOR=true`` (a command that would
open an editor keeps the message git proposes), ``LC_ALL=C`` and
``PYTHONDONTWRITEBYTECODE=1``; ``python`` is the course's Python.

The checks never read the command's text: they read the repository's
**state** afterwards (``State``: HEAD, branches and tags, commits and their
trees, the index, the working tree, the configuration, operations in
progress), with ``gitstate.py`` and git plumbing that starts no other
program, and compare it with what the question asks, or with the state a
reference command leaves in another fresh copy (``reference``, hidden
tests: run unjailed, since it is the test's own text on its own copy).
Failure messages show the command, its exit code and error lines when it
failed, and what differs; a failure in a hidden test shows only which kind
of check failed (``workbook.checks.core``).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from .core import AuthoringError, CheckFailed
from .exercise import jailed
from ..data import gitrepo

DEFAULT_TIMEOUT = 30.0
READ_TIMEOUT = 30.0
MAX_OUTPUT = 2_000_000
MAX_STATE = 96_000_000
READER = Path(__file__).with_name("gitstate.py")
ANOTHER = "in another repository (generated with another seed)"


# ------------------------------------------------------------------ running
def command_env(scratch: Path) -> dict:
    """The environment of every command run for a check (see the module
    docstring); also what ``preview`` uses."""
    bindir = str(Path(sys.executable).parent)
    home = scratch / "home"
    return {"PATH": os.pathsep.join([bindir, "/usr/local/bin", "/usr/bin", "/bin"]), "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"), "LC_ALL": "C", "LANG": "C", "TZ": "UTC", "TERM": "dumb",
            "PYTHONDONTWRITEBYTECODE": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_DATE": gitrepo.NOW,
            "GIT_COMMITTER_DATE": gitrepo.NOW, "GIT_EDITOR": "true", "GIT_SEQUENCE_EDITOR": "true",
            "GIT_PAGER": "cat", "PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "GIT_CEILING_DIRECTORIES": str(scratch)}


@dataclass
class Ran:
    """What one process did."""

    command: str
    stdout: str
    stderr: str
    code: int | None          # None: stopped after the timeout
    timeout: float = DEFAULT_TIMEOUT

    @property
    def timed_out(self) -> bool:
        return self.code is None


def _drain(pipe, buf: list[bytes], limit: int) -> None:
    kept = 0
    try:
        while True:
            chunk = pipe.read1(65536)
            if not chunk:
                break
            if kept < limit:
                buf.append(chunk[:limit - kept])
                kept += len(buf[-1])
    except (OSError, ValueError):
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def _spawn(argv: list[str], cwd: Path, env: dict, timeout: float, data: bytes | None = None,
           limit: int = MAX_OUTPUT) -> tuple[bytes, bytes, int | None]:
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [threading.Thread(target=_drain, args=(proc.stdout, out, limit), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr, err, MAX_OUTPUT), daemon=True)]
    for r in readers:
        r.start()
    if data is not None:
        try:
            proc.stdin.write(data)
        except OSError:
            pass
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass
    code: int | None
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        code = None
    finally:
        try:   # what the command left running stops with it, as in the judge's jail
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        for r in readers:
            r.join(timeout=5)
    return b"".join(out), b"".join(err), code


def _decode(b: bytes) -> str:
    return b.decode("utf-8", errors="replace")


_FRESH: dict[tuple[int, str], "State"] = {}   # the state of a fresh repository, by (seed, scenario)


class Attempt:
    """A scratch folder with a fresh repository of a scenario: run an
    answer in it, then read what it left. Use it as a context manager (the
    folder is deleted at the end).

    ``trusted=True`` (the test's own reference commands) runs everything
    plainly; otherwise every command and every read goes through
    ``jailed``."""

    def __init__(self, seed: int, scenario: str, *, trusted: bool = False):
        self.seed, self.scenario, self.trusted = seed, scenario, trusted
        self.tmp = Path(tempfile.mkdtemp(prefix="daon-git-"))
        self.home = self.tmp / "home"
        self.home.mkdir()
        self.repo = self.tmp / "daon-churn"
        self.remote = self.tmp / "github" / "daon-churn.git"
        gitrepo.write_repo(seed, scenario, self.repo, remote=self.remote)
        self.setup_lines: list[str] = []
        self.ran: Ran | None = None
        self._before: State | None = None
        self.check: Check | None = None
        self.after: State | None = None
        self._remote_before: State | None = None

    # the situation, before the answer runs -----------------------------
    @property
    def before(self) -> "State":
        """The repository as the answer found it (read once, unjailed: the
        test made it)."""
        if self._before is None:
            key = (self.seed, self.scenario)
            if not self.setup_lines and key in _FRESH:
                self._before = _FRESH[key]
            else:
                self._before = read_state(self.repo, self.home, trusted=True)
                if not self.setup_lines:
                    while len(_FRESH) >= 48:
                        _FRESH.pop(next(iter(_FRESH)))
                    _FRESH[key] = self._before
        return self._before

    def setup(self, script: str, *, shown: str | None = None) -> Ran:
        """Run the test's own shell snippet first (unjailed: the test's text
        on the test's repository); ``shown`` is how failure messages name it."""
        if self.ran is not None:
            raise AuthoringError("setup() must come before the answer runs")
        self._before = None
        res = self._bash(script, trusted=True)
        if res.timed_out:
            raise AuthoringError(f"setup did not finish: {script}")
        self.setup_lines.append(shown or script)
        return res

    def write(self, path: str, text: str, *, shown: str | None = None) -> None:
        """Write a file of the answer (a .gitignore, a resolved script) into
        the repository, before the command runs."""
        if self.ran is not None:
            raise AuthoringError("write() must come before the answer runs")
        self._before = None
        target = self.repo / path
        for parent in [target, *target.parents]:
            if parent == self.repo:
                break
            if parent.is_symlink():
                raise AuthoringError(f"{path}: a link in the test repository")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.setup_lines.append(shown or f"(your {path} written into the repository)")

    # the answer ----------------------------------------------------------
    def run(self, command: str, timeout: float = DEFAULT_TIMEOUT) -> Ran:
        _ = self.before
        if self.remote.exists() and self._remote_before is None:
            self._remote_before = self.read_remote(trusted=True)
        self.ran = self._bash(command, trusted=self.trusted, timeout=timeout)
        return self.ran

    def _bash(self, command: str, *, trusted: bool, timeout: float = DEFAULT_TIMEOUT) -> Ran:
        argv = ["bash", "-c", command]
        if not trusted:
            argv = jailed(argv, writable=[str(self.tmp)])
        out, err, code = _spawn(argv, self.repo, command_env(self.tmp), timeout)
        return Ran(command, _decode(out), _decode(err), code, timeout)

    def exec(self, argv: list[str], *, data: bytes | None = None, timeout: float = DEFAULT_TIMEOUT,
             cwd: Path | None = None, env: dict | None = None) -> Ran:
        """Run a program of the test in the repository after the answer (the
        project's tests...): jailed, since the repository is the answer's."""
        full = argv if self.trusted else jailed(list(argv), writable=[str(self.tmp)])
        out, err, code = _spawn(full, cwd or self.repo, {**command_env(self.tmp), **(env or {})}, timeout, data)
        return Ran(" ".join(argv), _decode(out), _decode(err), code, timeout)

    def read(self, check_ignore: list[str] = ()) -> "State":
        """The repository now (after the answer), read in a jail."""
        return read_state(self.repo, self.home, trusted=self.trusted, check_ignore=check_ignore)

    @property
    def remote_before(self) -> "State":
        """The remote's refs as the answer found them."""
        if self._remote_before is None:
            self._remote_before = self.read_remote(trusted=True)
        return self._remote_before

    def read_remote(self, *, trusted: bool | None = None) -> "State":
        """The bare repository standing for GitHub (scenario release): its
        refs and HEAD."""
        trusted = self.trusted if trusted is None else trusted
        argv = [sys.executable, "-I", "-S", str(READER), "--bare", str(self.remote)]
        if not trusted:
            argv = jailed(argv, writable=[str(self.tmp)])
        out, err, code = _spawn(argv, self.tmp, {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}, READ_TIMEOUT,
                                limit=MAX_STATE)
        try:
            data = json.loads(out) if code == 0 else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise Unreadable("the remote could not be read")
        return State(data)

    # context manager -------------------------------------------------------
    def close(self) -> None:
        _remove(self.tmp)

    def __enter__(self) -> "Attempt":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False


def _remove(tmp: Path) -> None:
    for dirpath, dirnames, _ in os.walk(tmp):
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if not os.path.islink(full):
                try:
                    os.chmod(full, 0o755)
                except OSError:
                    pass
    shutil.rmtree(tmp, ignore_errors=True)


def read_state(repo: Path, home: Path, *, trusted: bool, check_ignore: list[str] = ()) -> "State":
    argv = [sys.executable, "-I", "-S", str(READER), str(repo), str(home), *check_ignore]
    wrapped = argv if trusted else jailed(argv, writable=[str(repo.parent)])
    if wrapped == argv:   # not jailed (the test's own repository, or a notebook's own run): read here
        from . import gitstate
        return State(gitstate.collect(str(repo), str(home), list(check_ignore)))
    argv = wrapped
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}
    out, err, code = _spawn(argv, repo.parent, env, READ_TIMEOUT, limit=MAX_STATE)
    if code != 0 or not out:
        raise Unreadable(f"reading the repository failed ({'timeout' if code is None else f'exit {code}'}: "
                         f"{_decode(err).strip()[-200:]})")
    try:
        data = json.loads(out)
    except ValueError:
        raise Unreadable("reading the repository gave no usable answer") from None
    return State(data)


class Unreadable(Exception):
    """The repository could not be read (or what was read makes no sense)."""


# ------------------------------------------------------------------ state
@dataclass(frozen=True)
class Commit:
    oid: str
    tree: str
    parents: tuple[str, ...]
    author: tuple[str, str, str]        # name, email, "timestamp tz"
    committer: tuple[str, str, str]
    message: str

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]


@dataclass(frozen=True)
class Tag:
    oid: str
    target: str
    target_type: str
    name: str
    tagger: tuple[str, str, str] | None
    message: str


_IDENT = re.compile(r"^(.*) <([^<>]*)> (\d+ [+-]\d{4})$")
_OID = re.compile(r"^[0-9a-f]{40}$")


def _ident(text: str) -> tuple[str, str, str]:
    m = _IDENT.match(text)
    if not m:
        raise Unreadable("a malformed identity")
    return m.group(1), m.group(2), m.group(3)


def blob_oid(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class State:
    """A repository's state as ``gitstate.py`` read it. Everything in it
    comes from the answer's repository: parsed defensively."""

    def __init__(self, data: dict):
        if not isinstance(data, dict):
            raise Unreadable("not an object")
        self.ok = data.get("ok") is True
        self.error = str(data.get("error", ""))[:300]
        self.worktree: dict[str, dict] = {}
        for path, entry in _dict(data.get("worktree")).items():
            if isinstance(path, str) and isinstance(entry, dict):
                self.worktree[path] = entry
        self.worktree_truncated = data.get("worktree_truncated") is True
        self.global_config = {k: v for k, v in _dict(data.get("global_config")).items()
                              if isinstance(k, str) and isinstance(v, str)}
        self.head_ref = data.get("head_ref") if isinstance(data.get("head_ref"), str) else None
        self.head = data.get("head") if isinstance(data.get("head"), str) and _OID.match(data["head"]) else None
        self.refs = {k: v for k, v in _dict(data.get("refs")).items()
                     if isinstance(k, str) and isinstance(v, str) and _OID.match(v)}
        self.index: dict[tuple[str, int], tuple[str, str]] = {}
        for e in _list(data.get("index")):
            if isinstance(e, list) and len(e) == 4 and isinstance(e[0], str) and isinstance(e[3], int):
                self.index[(e[0], e[3])] = (str(e[1]), str(e[2]))
        self.untracked = [p for p in _list(data.get("untracked")) if isinstance(p, str)]
        self.ignored = [p for p in _list(data.get("ignored")) if isinstance(p, str)]
        self._raw = {k: v for k, v in _dict(data.get("objects")).items() if isinstance(k, str) and isinstance(v, list)}
        self.objects_truncated = data.get("objects_truncated") is True
        self.in_progress = [p for p in _list(data.get("in_progress")) if isinstance(p, str)]
        self.config = [(str(k), str(v)) for k, v in (e for e in _list(data.get("config"))
                                                    if isinstance(e, list) and len(e) == 2)]
        self.check_ignore = {k: v for k, v in _dict(data.get("check_ignore")).items()
                             if isinstance(k, str) and isinstance(v, dict)}
        self._objects: dict[str, tuple[str, bytes | None]] = {}
        self._trees: dict[str, dict[str, tuple[str, str]]] = {}

    # objects ---------------------------------------------------------------
    def obj(self, oid: str) -> tuple[str, bytes | None]:
        if oid in self._objects:
            return self._objects[oid]
        raw = self._raw.get(oid)
        if raw is None or len(raw) != 2 or not isinstance(raw[0], str):
            raise Unreadable(f"object {oid[:10]} is missing")
        try:
            data = None if raw[1] is None else base64.b64decode(raw[1], validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise Unreadable("an unreadable object") from None
        if data is not None:
            header = raw[0].encode() + b" %d\0" % len(data)
            if hashlib.sha1(header + data).hexdigest() != oid:
                raise Unreadable(f"object {oid[:10]} does not match its id")
        self._objects[oid] = (raw[0], data)
        return self._objects[oid]

    def has(self, oid: str | None) -> bool:
        return oid is not None and oid in self._raw

    def kind(self, oid: str) -> str:
        return self.obj(oid)[0]

    def commit(self, oid: str) -> Commit:
        kind, data = self.obj(oid)
        if kind != "commit" or data is None:
            raise Unreadable(f"{oid[:10]} is not a commit")
        head, _, message = data.decode("utf-8", "replace").partition("\n\n")
        tree, parents, author, committer = None, [], None, None
        for line in head.split("\n"):
            key, _, value = line.partition(" ")
            if key == "tree":
                tree = value
            elif key == "parent":
                parents.append(value)
            elif key == "author":
                author = _ident(value)
            elif key == "committer":
                committer = _ident(value)
        if tree is None or author is None or committer is None:
            raise Unreadable(f"commit {oid[:10]} is malformed")
        return Commit(oid, tree, tuple(parents), author, committer, message)

    def tag(self, oid: str) -> Tag | None:
        """The annotated tag object ``oid`` (None when it is not a tag object)."""
        kind, data = self.obj(oid)
        if kind != "tag" or data is None:
            return None
        head, _, message = data.decode("utf-8", "replace").partition("\n\n")
        fields: dict[str, str] = {}
        for line in head.split("\n"):
            key, _, value = line.partition(" ")
            fields.setdefault(key, value)
        tagger = _ident(fields["tagger"]) if "tagger" in fields else None
        return Tag(oid, fields.get("object", ""), fields.get("type", ""), fields.get("tag", ""), tagger, message)

    def peel(self, oid: str | None) -> str | None:
        """A tag's commit (through annotated tags); a commit is itself."""
        for _ in range(10):
            if oid is None or not self.has(oid):
                return None
            t = self.tag(oid)
            if t is None:
                return oid if self.kind(oid) == "commit" else None
            oid = t.target
        return None

    def tree(self, oid: str, prefix: str = "") -> dict[str, tuple[str, str]]:
        """Every file of a tree (or a commit's tree), recursively:
        path -> (mode, blob id)."""
        if self.kind(oid) == "commit":
            oid = self.commit(oid).tree
        key = oid + "\0" + prefix
        if key in self._trees:
            return self._trees[key]
        kind, data = self.obj(oid)
        if kind != "tree" or data is None:
            raise Unreadable(f"{oid[:10]} is not a tree")
        out: dict[str, tuple[str, str]] = {}
        pos = 0
        while pos < len(data):
            sp = data.index(b" ", pos)
            nul = data.index(b"\0", sp)
            mode = data[pos:sp].decode()
            name = data[sp + 1:nul].decode("utf-8", "replace")
            child = data[nul + 1:nul + 21].hex()
            pos = nul + 21
            path = prefix + name
            if mode == "40000":
                out.update(self.tree(child, path + "/"))
            else:
                out[path] = (mode, child)
        self._trees[key] = out
        return out

    def blob(self, oid: str) -> bytes:
        kind, data = self.obj(oid)
        if kind != "blob" or data is None:
            raise Unreadable(f"{oid[:10]} is not a readable file")
        return data

    def text_at(self, commit: str, path: str) -> str | None:
        entry = self.tree(commit).get(path)
        return None if entry is None else self.blob(entry[1]).decode("utf-8", "replace")

    # refs -------------------------------------------------------------------
    def branch(self, name: str) -> str | None:
        return self.refs.get(f"refs/heads/{name}")

    def branches(self) -> dict[str, str]:
        return {k[len("refs/heads/"):]: v for k, v in self.refs.items() if k.startswith("refs/heads/")}

    def tags(self) -> dict[str, str]:
        return {k[len("refs/tags/"):]: v for k, v in self.refs.items() if k.startswith("refs/tags/")}

    @property
    def head_branch(self) -> str | None:
        return self.head_ref[len("refs/heads/"):] if self.head_ref and self.head_ref.startswith("refs/heads/") else None

    def ancestors(self, oid: str | None) -> set[str]:
        """``oid`` and every commit it descends from."""
        seen: set[str] = set()
        todo = [oid] if oid else []
        while todo:
            c = todo.pop()
            if c in seen or not self.has(c):
                continue
            seen.add(c)
            todo.extend(self.commit(c).parents)
        return seen

    def first_parents(self, oid: str, stop: str | None = None, limit: int = 1000) -> list[str]:
        """``oid``, its first parent, and so on, down to (not including) ``stop``."""
        out = []
        while oid and oid != stop and len(out) < limit and self.has(oid):
            out.append(oid)
            parents = self.commit(oid).parents
            oid = parents[0] if parents else None
        return out

    def reachable(self, prefixes=("refs/heads/", "refs/tags/")) -> set[str]:
        out: set[str] = set()
        for name, oid in self.refs.items():
            if name.startswith(prefixes):
                out |= self.ancestors(self.peel(oid))
        return out

    # index and working tree -------------------------------------------------
    def staged(self) -> dict[str, str]:
        """path -> blob id of the index's stage-0 entries."""
        return {p: oid for (p, stage), (_, oid) in self.index.items() if stage == 0}

    def conflicted(self) -> list[str]:
        return sorted({p for (p, stage) in self.index if stage > 0})

    def files(self) -> dict[str, str | None]:
        """path -> blob id of each regular file of the working tree (None: a
        file too big to read, a link or something else)."""
        return {p: (e.get("oid") if isinstance(e.get("oid"), str) else None) for p, e in self.worktree.items()}

    def file_text(self, path: str) -> str | None:
        e = self.worktree.get(path)
        if not e or not isinstance(e.get("data"), str):
            return None
        try:
            return base64.b64decode(e["data"]).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return None

    def head_files(self) -> dict[str, str]:
        return {p: oid for p, (_, oid) in self.tree(self.head).items()} if self.head else {}

    def staged_changes(self) -> list[str]:
        """Paths whose index entry differs from HEAD's tree."""
        head, idx = self.head_files(), self.staged()
        return sorted(p for p in set(head) | set(idx) | set(self.conflicted()) if head.get(p) != idx.get(p))

    def unstaged_changes(self) -> list[str]:
        """Tracked paths whose working-tree file differs from the index."""
        idx, wt = self.staged(), self.files()
        return sorted(p for p in idx if wt.get(p) != idx[p])

    def is_clean(self) -> bool:
        return not self.staged_changes() and not self.unstaged_changes() and not self.untracked

    def config_get(self, key: str) -> str | None:
        values = [v for k, v in self.config if k == key.lower()]
        return values[-1] if values else None

    # describing ---------------------------------------------------------------
    def short(self, oid: str | None) -> str:
        if oid is None:
            return "(nothing)"
        try:
            c = self.peel(oid)
            return f"{oid[:7]} “{self.commit(c).subject[:60]}”" if c else oid[:7]
        except Unreadable:
            return oid[:7]

    def describe_head(self) -> str:
        if self.head_branch:
            return f"on branch {self.head_branch} ({self.short(self.head)})"
        if self.head_ref:
            return f"on {self.head_ref}"
        return f"detached at {self.short(self.head)}"

    def status_lines(self) -> list[str]:
        """Like `git status --short`: staged (first column), not staged
        (second), untracked (??); conflicts as UU."""
        head, idx, wt = self.head_files(), self.staged(), self.files()
        out = []
        conflicts = set(self.conflicted())
        for p in sorted(set(head) | set(idx) | set(wt) | conflicts):
            if p in conflicts:
                out.append(f"UU {p}")
                continue
            if p not in idx and p not in head:
                continue
            x = " " if head.get(p) == idx.get(p) else ("A" if p not in head else "D" if p not in idx else "M")
            y = " " if p not in idx or wt.get(p) == idx.get(p) else ("D" if p not in wt else "M")
            if x != " " or y != " ":
                out.append(f"{x}{y} {p}")
        out += [f"?? {p}" for p in self.untracked]
        return out


def _dict(x) -> dict:
    return x if isinstance(x, dict) else {}


def _list(x) -> list:
    return x if isinstance(x, list) else []


# ------------------------------------------------------------------ checking
def _cut(line: str, width: int = 160) -> str:
    return line if len(line) <= width else line[:width - 3] + "..."


def _shown(command: str, label: str) -> str:
    lines = command.strip().splitlines() or [""]
    if len(lines) == 1:
        return f"  {label}: {_cut(lines[0])}"
    shown = ["      " + _cut(line) for line in lines[:12]]
    if len(lines) > 12:
        shown.append(f"      ... ({len(lines) - 12} more lines)")
    return f"  {label}:\n" + "\n".join(shown)


def answer_text(value, what: str = "command") -> str:
    """The answer as a non-empty string (else a failure that says so)."""
    if not isinstance(value, str):
        raise CheckFailed(f"your answer should be a string holding the {what} (in quotes), not a "
                          f"{type(value).__name__}", show_values=False,
                          hidden_message=f"your answer should be a string holding the {what}")
    if not value.strip():
        raise CheckFailed(f"your answer is an empty string: write the {what} between the quotes",
                          show_values=False, hidden_message="your answer is an empty string")
    return value


def check_syntax(command: str) -> None:
    """bash's own error when the command does not parse (nothing runs)."""
    from .shell import syntax_error
    lines = syntax_error(command)
    if lines:
        message = ("your command has a syntax error, so bash did not run it\n"
                   + "\n".join("  " + _cut(line) for line in lines[:6]) + "\n" + _shown(command, "your command"))
        raise CheckFailed(message, show_values=False,
                          hidden_message=message.split("\n", 1)[0] + ": " + "; ".join(lines[:2]))


class Check:
    """The verdict helpers of one attempt: each failure message shows the
    command (and what the check did first), its exit code and error lines
    when it failed, then what is wrong."""

    def __init__(self, attempt: Attempt, label: str = "your command"):
        self.a, self.label = attempt, label

    def context(self) -> list[str]:
        a, lines = self.a, []
        if a.ran is not None:
            lines.append(_shown(a.ran.command, self.label))
        for s in a.setup_lines:
            lines.append(_shown(s, "done first, by the check"))
        if a.ran is not None and a.ran.code not in (0, None):
            lines.append(f"  it exited with code {a.ran.code}")
        if a.ran is not None:
            err = [line for line in a.ran.stderr.splitlines() if line.strip()]
            if err and (a.ran.code != 0):
                lines.append("  it printed on stderr:\n" + "\n".join("      " + _cut(e) for e in err[:6])
                             + (f"\n      ... ({len(err) - 6} more lines)" if len(err) > 6 else ""))
        return lines

    def fail(self, what: str, *details: str, hint: str | None = None) -> None:
        """Fail with ``what`` (never a value: it is also the hidden message)
        and details shown in the visible part only."""
        body = [what, *self.context(), *("  " + d if not d.startswith("  ") else d for d in details if d)]
        raise CheckFailed("\n".join(body), hint=hint, show_values=False, hidden_message=f"in another repository (generated with another seed), {what}")

    def require(self, condition: bool, what: str, *details: str, hint: str | None = None) -> None:
        if condition is not True:
            self.fail(what, *details, hint=hint)

    def finished(self, *, exit_zero: bool = True, hint: str | None = None) -> None:
        """The command finished in time (and, with ``exit_zero``, with exit
        code 0: some step failed otherwise)."""
        ran = self.a.ran
        if ran is None:
            raise AuthoringError("nothing ran yet")
        if ran.timed_out:
            self.fail(f"your command did not finish within {ran.timeout:g} s and was stopped",
                      hint=hint or "is a command waiting for input (an editor, a pager, a password)?")
        if exit_zero and ran.code != 0:
            self.fail("your command failed (an exit code other than 0): one of its steps did not work", hint=hint)

    # common verdicts ------------------------------------------------------
    def refs_unchanged(self, *, allow: tuple[str, ...] = (), hint: str | None = None,
                       what: str = "other branches and tags should stay as they were") -> None:
        """Every ref except those named in ``allow`` (full names such as
        refs/heads/main) is as it was before."""
        before, after = self.a.before, self.a.after
        changed = [n for n in _changed_refs(before, after) if n not in allow]
        if changed:
            self.fail(what, *(ref_line(before, after, n) for n in changed), hint=hint)

    def on_branch(self, name: str, *, hint: str | None = None) -> None:
        after = self.a.after
        self.require(after.head_branch == name, f"you should end on the branch {name}",
                     f"HEAD is {after.describe_head()}", hint=hint)

    def nothing_in_progress(self, *, hint: str | None = None) -> None:
        after = self.a.after
        names = {"MERGE_HEAD": "a merge", "CHERRY_PICK_HEAD": "a cherry-pick", "REVERT_HEAD": "a revert",
                 "BISECT_LOG": "a bisect session", "BISECT_START": "a bisect session",
                 "rebase-merge": "a rebase", "rebase-apply": "a rebase", "sequencer": "a cherry-pick or revert"}
        going = sorted({names.get(p, p) for p in after.in_progress})
        self.require(not going, "an operation is still in progress: finish (or abort) it",
                     f"in progress: {', '.join(going)}", hint=hint)

    def clean(self, *, hint: str | None = None, what: str = "the working tree should be clean (everything committed)"
              ) -> None:
        after = self.a.after
        self.require(after.is_clean(), what, "git status --short:",
                     *("    " + line for line in after.status_lines()[:10]), hint=hint)



def _changed_refs(before: State, after: State) -> list[str]:
    return [n for n in sorted(set(before.refs) | set(after.refs)) if before.refs.get(n) != after.refs.get(n)]


def attempt(command, *, seed: int = 0, scenario: str, setup: str | None = None, files: dict | None = None,
            what: str = "command", timeout: float = DEFAULT_TIMEOUT, shown_setup: str | None = None,
            check_ignore: list[str] = ()) -> Attempt:
    """Run the student's ``command`` in a fresh repository of ``scenario``
    (after the test's ``setup`` snippet and the ``files`` written in, if
    any) and read the repository. Use it in a ``with``: the result has
    ``.before`` and ``.after`` (``State``), ``.ran`` (exit code, output) and
    ``.check`` (``Check``: the failure helpers)."""
    if command is not None:
        command = answer_text(command, what)
        if what == "command":
            check_syntax(command)
    a = Attempt(seed, scenario)
    try:
        if setup:
            a.setup(setup, shown=shown_setup)
        for path, text in (files or {}).items():
            a.write(path, answer_text(text, f"content of {path}"), shown=f"(your {path} written into the repository)")
        if command is not None:
            a.run(command, timeout=timeout)
        a.check = Check(a)
        try:
            a.after = a.read(check_ignore)
        except Unreadable as e:
            a.check.fail("the repository could not be read after your command", str(e))
        if not a.after.ok:
            a.check.fail("after your command the repository is broken", a.after.error)
        return a
    except BaseException:
        a.close()
        raise


def reference(command: str, *, seed: int, scenario: str, setup: str | None = None,
              files: dict | None = None) -> "State":
    """The state a reference command (the test's own text) leaves in another
    fresh copy of the same repository: run unjailed."""
    with Attempt(seed, scenario, trusted=True) as a:
        if setup:
            a.setup(setup)
        for path, text in (files or {}).items():
            a.write(path, text)
        ran = a.run(command)
        if ran.code != 0:
            raise AuthoringError(f"the reference command failed ({ran.code}): {ran.stderr[-500:]}")
        return a.read()


def fresh(seed: int, scenario: str) -> "State":
    """The state of a fresh repository of ``scenario`` (what an answer starts from)."""
    key = (seed, scenario)
    if key not in _FRESH:
        repo = gitrepo.template_path(seed, scenario)
        while len(_FRESH) >= 48:
            _FRESH.pop(next(iter(_FRESH)))
        _FRESH[key] = read_state(repo, repo.parent / "home", trusted=True)
    return _FRESH[key]


# ------------------------------------------------------------------ describing changes
def ref_line(before: State, after: State, name: str) -> str:
    """`main: a1b2c3d “Add x” -> 9f8e7d6 “Merge ...”`, `feature/x: deleted`, `tag v1: new, at ...`."""
    b, a = before.refs.get(name), after.refs.get(name)
    short = name.replace("refs/heads/", "").replace("refs/tags/", "tag ")
    if a is None:
        return f"{short}: deleted"
    if b is None:
        return f"{short}: new, at {after.short(a)}"
    return f"{short}: {before.short(b)} -> {after.short(a)}"


def ref_changes(before: State, after: State) -> list[str]:
    """One line per ref that changed (see ``ref_line``)."""
    return [ref_line(before, after, n) for n in _changed_refs(before, after)]


def new_commits(before: State, after: State, tip: str | None) -> list[str]:
    """The commits of ``tip``'s history that did not exist before (newest first)."""
    known = {oid for oid, raw in before._raw.items()}
    out, seen, todo = [], set(), [tip] if tip else []
    while todo:
        c = todo.pop(0)
        if c in seen or c in known or not after.has(c):
            continue
        seen.add(c)
        out.append(c)
        todo.extend(after.commit(c).parents)
    return out


def oneline(state: State, oid: str) -> str:
    c = state.commit(oid)
    kind = f" (merge of {len(c.parents)} parents)" if len(c.parents) > 1 else ""
    return f"{oid[:7]} {c.subject[:70]}{kind}"


# ------------------------------------------------------------------ commits and output
def commit_changes(state: State, oid: str) -> dict[str, str | None]:
    """What a commit changed against its first parent: path -> new blob id
    (None: deleted)."""
    c = state.commit(oid)
    new = {p: b for p, (_, b) in state.tree(oid).items()}
    old = {p: b for p, (_, b) in state.tree(c.parents[0]).items()} if c.parents else {}
    return {p: new.get(p) for p in sorted(set(old) | set(new)) if old.get(p) != new.get(p)}


def output_lines(text: str) -> list[str]:
    """Lines without trailing spaces and without trailing empty lines."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def annotate(state: State, line: str) -> str:
    """A line that starts with a commit id, with that commit's subject after it."""
    word = line.split(" ", 1)[0]
    if _OID.match(word) and state.has(word) and state.kind(word) == "commit":
        return f"{line}   ({state.commit(word).subject[:50]})"
    return line


def check_output(a: Attempt, expected: list[str], *, hint: str | None = None, what: str = "printed") -> None:
    """The command's stdout, line by line (trailing spaces and empty lines at
    the end ignored), is ``expected``; a visible failure shows both, each
    commit id followed by its subject."""
    c, got = a.check, output_lines(a.ran.stdout)
    c.finished()
    if got != expected:
        extra = ""
        if sorted(got) == sorted(expected):
            extra = " (the right lines, in the wrong order)"
        elif set(got) < set(expected):
            extra = " (some lines are missing)"
        elif set(expected) < set(got):
            extra = " (it lists too much)"
        def shown(lines):
            return ["    " + _cut(annotate(a.after, x), 150) for x in lines[:12]] or ["    (nothing)"]
        c.fail(f"your command {what} something else than expected{extra}", "expected:", *shown(expected),
               "got:", *shown(got), hint=hint)


# ------------------------------------------------------------------ the repository's own code
_CALL = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
spec = json.loads(sys.stdin.read())
import importlib
out = []
try:
    fn = getattr(importlib.import_module(spec["module"]), spec["function"])
except BaseException as e:
    print("\n" + json.dumps({"import_error": f"{type(e).__name__}: {e}"[:300]}))
    sys.exit(0)
for kwargs in spec["calls"]:
    try:
        out.append({"value": fn(**kwargs)})
    except BaseException as e:
        out.append({"error": f"{type(e).__name__}: {e}"[:300]})
print("\n" + json.dumps({"results": out}))
"""


def call_in_repo(a: Attempt, module: str, function: str, calls: list[dict], timeout: float = 60.0) -> list[dict]:
    """Import ``module`` from the repository's working tree (jailed, the
    repository's code is the answer's) and call ``function(**kwargs)`` for
    each of ``calls``: a list of ``{"value": ...}`` or ``{"error": "..."}``
    (plain JSON data). Raises ``Unreadable`` when nothing usable came back."""
    ran = a.exec([sys.executable, "-c", _CALL, str(a.repo)],
                 data=json.dumps({"module": module, "function": function, "calls": calls}).encode(), timeout=timeout)
    if ran.timed_out:
        raise Unreadable(f"calling {function} took longer than {timeout:g} s")
    lines = [line for line in ran.stdout.splitlines() if line.startswith("{")]
    try:
        data = json.loads(lines[-1]) if lines else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise Unreadable(f"calling {function} gave no answer: {_cut(ran.stderr.strip()[-300:])}")
    if "import_error" in data:
        raise Unreadable(f"importing {module} failed: {data['import_error']}")
    results = data.get("results")
    if not isinstance(results, list) or len(results) != len(calls):
        raise Unreadable(f"calling {function} gave an unusable answer")
    return [r if isinstance(r, dict) else {"error": "not an answer"} for r in results]


def run_tests(a: Attempt, args: tuple[str, ...] = ("-m", "unittest", "-q"), timeout: float = 60.0) -> Ran:
    """The project's tests, as the question says to run them (jailed)."""
    return a.exec([sys.executable, *args], timeout=timeout)


# ------------------------------------------------------------------ GitHub Actions workflows
def parse_workflow(text: str) -> dict:
    """The YAML of a workflow (PyYAML's safe loader), or a failure that says
    where it does not parse. ``on`` is read by YAML 1.1 as the boolean True:
    it is given back under "on"."""
    import yaml
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        at = f" (line {where.line + 1}, column {where.column + 1})" if where is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise CheckFailed(f"your workflow is not valid YAML{at}: {problem}", show_values=False,
                          hint="indent with spaces only (never tabs), two per level; a list item starts with '- '",
                          hidden_message="your workflow is not valid YAML") from None
    if not isinstance(doc, dict):
        raise CheckFailed("your workflow should be a YAML mapping (name:, on:, jobs:), not a "
                          f"{type(doc).__name__}", show_values=False,
                          hidden_message="your workflow is not a YAML mapping")
    if True in doc and "on" not in doc:
        doc["on"] = doc.pop(True)
    return doc


_EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def matrix_values(job: dict, expr: str) -> list:
    """The values a `${{ matrix.NAME }}` expression takes in a job (the
    expression itself when it is not one)."""
    m = _EXPR.fullmatch(expr.strip()) if isinstance(expr, str) else None
    if not m:
        return [expr]
    name = m.group(1)
    if not name.startswith("matrix."):
        return []
    matrix = ((job.get("strategy") or {}) if isinstance(job.get("strategy"), dict) else {}).get("matrix")
    values = matrix.get(name[len("matrix."):]) if isinstance(matrix, dict) else None
    return list(values) if isinstance(values, list) else []


def substitute(text: str, job: dict) -> str:
    """A run step's text with `${{ matrix.X }}` replaced by the first value
    of the matrix (other expressions by nothing), as one run of the job."""
    def repl(m):
        values = matrix_values(job, m.group(0))
        return str(values[0]) if values and m.group(1).startswith("matrix.") else ""
    return _EXPR.sub(repl, text)


SHIM_PIP = """#!/bin/sh
echo "pip $*" >> "$WORKBOOK_CI_RECORD"
exit 0
"""
SHIM_PYTEST = """#!/bin/sh
echo "pytest $*" >> "$WORKBOOK_CI_RECORD"
exec python -m unittest discover -q -t . -s tests
"""
SHIM_PIP_MODULE = """import os, sys
with open(os.environ["WORKBOOK_CI_RECORD"], "a") as f:
    f.write("pip " + " ".join(sys.argv[1:]) + "\\n")
"""
SHIM_PYTEST_MODULE = """import os, sys, unittest
with open(os.environ["WORKBOOK_CI_RECORD"], "a") as f:
    f.write("pytest " + " ".join(sys.argv[1:]) + "\\n")
unittest.main(module=None, argv=["pytest", "discover", "-q", "-t", ".", "-s", "tests"])
"""


@dataclass
class StepRun:
    name: str
    script: str
    code: int | None
    output: str
    continue_on_error: bool = False


def _run_defaults(holder) -> dict:
    """The `defaults: run:` mapping of a workflow or a job ({} when absent)."""
    d = holder.get("defaults") if isinstance(holder, dict) else None
    run = d.get("run") if isinstance(d, dict) else None
    return run if isinstance(run, dict) else {}


def run_job(a: Attempt, job: dict, timeout: float = 60.0, workflow: dict | None = None
            ) -> tuple[list[StepRun], list[str], bool]:
    """Run a job's `run` steps in order in the repository, as a GitHub runner
    would after checkout (jailed): bash -e (with `shell: bash`, -eo
    pipefail), each step's working-directory, the first failing step stops
    the job unless it has continue-on-error. A step's shell and
    working-directory default to the job's `defaults: run:`, then to the
    ``workflow``'s. `pip` and `pytest` are stand-ins (no network): pip
    records what it was asked to install, pytest runs the project's tests.
    Returns the steps run, the pip lines recorded and whether the job
    failed."""
    shims = a.tmp / "ci-shims"
    (shims / "bin").mkdir(parents=True, exist_ok=True)
    for name, text in (("pip", SHIM_PIP), ("pip3", SHIM_PIP), ("pytest", SHIM_PYTEST)):
        (shims / "bin" / name).write_text(text)
        (shims / "bin" / name).chmod(0o755)
    for mod, text in (("pip", SHIM_PIP_MODULE), ("pytest", SHIM_PYTEST_MODULE)):
        (shims / "py" / mod).mkdir(parents=True, exist_ok=True)
        (shims / "py" / mod / "__init__.py").write_text("")
        (shims / "py" / mod / "__main__.py").write_text(text)
    record = a.tmp / "ci-record.txt"
    record.write_text("")
    env = command_env(a.tmp)
    env.update({"PATH": f"{shims / 'bin'}:{env['PATH']}", "PYTHONPATH": str(shims / "py"),
                "WORKBOOK_CI_RECORD": str(record), "CI": "true", "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": str(a.repo)})
    runs, failed = [], False
    for i, step in enumerate(job.get("steps") or []):
        if not isinstance(step, dict) or not isinstance(step.get("run"), str):
            continue
        script = substitute(step["run"], job)
        defaults = {**_run_defaults(workflow), **_run_defaults(job)}
        shell = step.get("shell", defaults.get("shell"))
        argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script] if shell == "bash" else \
            ["bash", "-e", "-c", script]
        cwd = a.repo
        wd = step.get("working-directory", defaults.get("working-directory"))
        if isinstance(wd, str) and wd.strip():
            cwd = (a.repo / wd).resolve()
            if not str(cwd).startswith(str(a.repo)) or not cwd.is_dir():
                cwd = a.repo
        full = jailed(argv, writable=[str(a.tmp)]) if not a.trusted else argv
        out, err, code = _spawn(full, cwd, env, timeout)
        coe = step.get("continue-on-error") is True or job.get("continue-on-error") is True
        name = str(step.get("name") or f"step {i + 1}")
        runs.append(StepRun(name, script, code, _decode(out) + _decode(err), coe))
        if code != 0 and not coe:
            failed = True
            break
    pip = [line for line in _read_plain(record).splitlines() if line.startswith("pip ")]
    return runs, pip, failed


def _read_plain(path: Path, limit: int = 1_000_000) -> str:
    """A regular file the answer's steps may have replaced: never through a link."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return ""
        return _decode(fh.read(limit))


# ------------------------------------------------------------------ for students
def preview(command: str, scenario: str = "history", seed: int = 0, *, setup: str | None = None,
            files: dict | None = None) -> None:
    """Try an answer exactly as the checks run it (a fresh repository of the
    scenario, bash, the checks' environment) and print what it printed,
    its exit code, and what changed in the repository."""
    if not isinstance(command, str):
        print(f"preview() needs a string, not a {type(command).__name__}")
        return
    from .shell import syntax_error
    bad = syntax_error(command)
    if bad:
        print(f"$ {command.strip()}\n  syntax error: bash did not run it\n" + "\n".join("  " + b for b in bad))
        return
    with Attempt(seed, scenario) as a:
        if setup:
            a.setup(setup)
        for path, text in (files or {}).items():
            a.write(path, text)
        before = a.before
        ran = a.run(command)
        lines = [f"$ {line}" if i == 0 else f"  {line}" for i, line in enumerate(command.strip().splitlines())]
        out = ran.stdout.rstrip("\n").splitlines()
        lines += ["      " + _cut(x) for x in out[:25]] + ([f"      ... ({len(out) - 25} more lines)"] if len(out) > 25 else [])
        if not out:
            lines.append("      (nothing on stdout)")
        err = ran.stderr.rstrip("\n").splitlines()
        if err:
            lines.append("  stderr:")
            lines += ["      " + _cut(x) for x in err[:12]]
        lines.append("  stopped after the timeout" if ran.timed_out else f"  exit code: {ran.code}")
        try:
            after = a.read()
        except Unreadable as e:
            print("\n".join(lines + [f"  the repository could not be read: {e}"]))
            return
        if not after.ok:
            print("\n".join(lines + [f"  the repository is broken: {after.error}"]))
            return
        lines.append(f"  HEAD: {after.describe_head()}")
        changes = ref_changes(before, after)
        lines += ["  refs changed:"] + ["    " + c for c in changes] if changes else ["  refs: unchanged"]
        made = new_commits(before, after, after.head)
        if made:
            lines.append("  new commits on HEAD (newest first):")
            lines += ["    " + oneline(after, c) for c in made[:10]]
        status = after.status_lines()
        lines += ["  status (git status --short):"] + ["    " + s for s in status[:20]] if status else \
            ["  status: clean"]
        if after.in_progress:
            lines.append(f"  in progress: {', '.join(after.in_progress)}")
        print("\n".join(lines))


__all__ = ["Attempt", "Check", "State", "Commit", "Tag", "Ran", "Unreadable", "attempt", "reference", "fresh",
           "read_state", "answer_text", "check_syntax", "ref_changes", "ref_line", "new_commits", "oneline",
           "preview", "blob_oid", "command_env", "commit_changes", "output_lines", "check_output", "call_in_repo",
           "run_tests", "parse_workflow", "matrix_values", "run_job", "StepRun"]
