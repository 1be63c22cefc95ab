"""A git repository's state as plain data, for 06_git's checks.

``read_state`` reads a repository with ``gitstate.py`` (git plumbing that
starts no other program): in the judge, inside a fresh jail; in a notebook's
own run, or for the test's own repository, in this process. ``State`` is what
was read (HEAD, branches and tags, commits and their trees, the index, the
working tree, the configuration, operations in progress), and every question
a check asks of it. Nothing here runs a student's command (``gitcheck``) or
decides a verdict.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from ..messages import Joined, Message, fields, joined, msg
from .command import jailed, spawn

READ_TIMEOUT = 30.0


MAX_STATE = 96_000_000


# gitstate.py's command line, which loads it compiled (gitreader.py says why); importing it here writes its
# __pycache__ where the folder is writable
READER = Path(__file__).with_name("gitreader.py")
from . import gitstate  # noqa: E402,F401


def read_state(repo: Path, home: Path, *, trusted: bool, check_ignore: list[str] = ()) -> "State":
    argv = [sys.executable, "-I", "-S", str(READER), str(repo), str(home), *check_ignore]
    wrapped = argv if trusted else jailed(argv, writable=[str(repo.parent)])
    if wrapped == argv:   # not jailed (the test's own repository, or a notebook's own run): read here
        return State(gitstate.collect(str(repo), str(home), list(check_ignore)))
    argv = wrapped
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}
    out, err, code = spawn(argv, repo.parent, env, READ_TIMEOUT, limit=MAX_STATE)
    if code != 0 or not out:   # the reader's stderr is not shown: it ran beside the answer's repository
        raise Unreadable(msg("the repository's reader stopped after its time limit") if code is None else
                         msg("the repository's reader stopped (exit code {code})", code=code))
    try:
        data = json.loads(out)
    except ValueError:
        raise Unreadable(msg("the repository's reader gave no usable answer")) from None
    return State(data)


def run_then_read(command: list[str], repo: Path, home: Path, env: dict, timeout: float, limit: int,
                  check_ignore: list[str] = (), usage: dict | None = None,
                  ) -> tuple[tuple[bytes, bytes, int | None], "State | None"] | None:
    """A student's ``command`` run in the repository, then the repository read, in one fresh jail whose
    init is the reader (``gitstate.after``: nothing of the command runs once it has ended or timed out,
    and nothing of it can reach the reader): ((stdout, stderr, exit code or None after ``timeout``),
    the state). None when the judge does not jail (a notebook's own run: the caller runs and reads as
    before). The state is None when the jail gave no usable answer (stopped at its disk or memory
    limit...): the command's outcome is then the jail's (its code, its stderr), and the caller reads the
    repository on its own, in a jail of its own, as after any command (``jail_stopped`` says why, from
    ``usage``: a dict ``spawn`` fills)."""
    argv = [sys.executable, "-I", "-S", str(READER), "--after", str(timeout), str(limit), str(repo), str(home),
            *check_ignore, "--", *command]
    wrapped = jailed(argv, writable=[str(repo.parent)], as_init=True)
    if wrapped == argv:
        return None
    out, err, code = spawn(wrapped, repo, env, timeout + READ_TIMEOUT, limit=MAX_STATE + 3 * limit, usage=usage)
    if code == 0 and out == gitstate.REFUSED_AFTER.encode():   # a jail without --as-pid-1...: nothing ran
        return None
    lines = out.split(b"\n")
    try:
        if code != 0 or len(lines) != 3 or lines[2]:
            raise ValueError("not two lines")
        ran, data = json.loads(lines[0]), json.loads(lines[1])
        ran = (base64.b64decode(ran["out"]), base64.b64decode(ran["err"]), ran["code"])
        if not isinstance(data, dict) or not (ran[2] is None or type(ran[2]) is int):
            raise ValueError("not a state")
    except (ValueError, KeyError, TypeError, binascii.Error):
        return (b"", err, code if code != 0 else 255), None
    return ran, State(data)


_STOPPED_DISK = re.compile(rb"^stopped: the command wrote more than (\d+) MiB of files$", re.M)
_STOPPED_FILES = re.compile(rb"^stopped: the command made more than ([\d,]+) files and folders$", re.M)


def jail_stopped(err: bytes, code: int | None, usage: dict | None) -> Message:
    """Why a jail of ``run_then_read`` gave no answer: its launcher's own line on stderr (the disk quota,
    the count of files), or what ``spawn`` measured (memory, CPU time), or its exit code."""
    usage = usage or {}
    if m := _STOPPED_DISK.search(err):
        return msg("more than {mib} MiB of files were written", mib=int(m.group(1)))
    if m := _STOPPED_FILES.search(err):
        return msg("more than {n} files and folders were made", n=m.group(1).decode())
    if usage.get("oom"):
        return msg("the memory allowed ran out")
    if usage.get("over_cpu"):
        return msg("the CPU time allowed ran out")
    if code is None:
        return msg("it did not finish in time")
    return msg("nothing usable came back (exit code {code})", code=code)


def read_bare(remote: Path, scratch: Path, *, trusted: bool, shown: str | None = None) -> "State":
    """A bare repository (scenario release: the one standing for GitHub):
    its refs and HEAD; ``shown``: how the student's commands name it (from the repository's folder)."""
    argv = [sys.executable, "-I", "-S", str(READER), "--bare", str(remote), *([shown] if shown else [])]
    if not trusted:
        argv = jailed(argv, writable=[str(scratch)])
    out, err, code = spawn(argv, scratch, {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}, READ_TIMEOUT, limit=MAX_STATE)
    try:
        data = json.loads(out) if code == 0 else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise Unreadable("the remote could not be read")
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


REASONS = {
    "commondir": "its git folder holds a commondir file (git would read another folder's configuration)",
    "unreadable": "{path} cannot be read ({reason})",
    "not_a_file": "{path} is not a plain file",
    "too_large": "{path} is larger than {kb} KB",
    "unparsable": "git cannot parse {path}",
    "unparsable_at": "git cannot parse {path}: its line {line} is not a valid setting",
    "runs_a_program": "{keys}: these settings make git start a program or fetch, and the checks never run git on "
                      "such a repository",
    "alternates": ("{path} makes git read objects from another repository's folder: the checks read only a "
                   "repository whose objects are all its own"),
    "not_bare": "not a bare repository: {git}",
    "folder_gone": "the repository's folder is gone",
    "folder_replaced": "the repository's folder was replaced by a link or a file: the checks read only the folder itself",
    "git_folder_gone": "the folder .git is gone: this is no longer a git repository",
    "git_folder_is_a_link": (".git was replaced by a link: the checks read only a .git folder of the repository's "
                             "own, never one a link points to"),
    "git_folder_is_not_a_folder": ".git was replaced by a file: git keeps a repository in a folder named .git",
    "not_a_repository": "git does not read this folder as a repository: {git}",
}
"""Why the reader (gitstate.py) did not read a repository: its reason's name -> the message's template."""
KEY_LISTS = {"runs_a_program": "keys"}
"""The reasons whose field is a list of [file, key] (each shown, and each given its command in the fix)
rather than a text."""
REPO_CONFIG = ".git/config"   # the file `git config` changes when no -f names another


def reason(error) -> Message | Joined | None:
    """The message of the reader's ``error`` ([a name of REASONS, its values]), and the commands that fix it
    where there are some (``fix``): the reader runs beside the answer's repository, so its output is data to
    check, never text to show. Values are quoted text (a path, git's own words), at most 200 characters
    each, or (KEY_LISTS) a list of [file, key]; a reason the reader does not give is "unknown"."""
    if not error:
        return None
    name, values = (error + [None, None])[:2] if isinstance(error, list) else (None, None)
    template = REASONS.get(name) if isinstance(name, str) else None
    unknown = msg("the repository's reader gave a reason it does not give ({what})", what=repr(error)[:200])
    if template is None or not isinstance(values, dict):
        return unknown
    wanted = {f for f, _, _ in fields(template)}
    if set(values) != wanted:
        return unknown
    shown = {k: str(values[k])[:200] for k in wanted if k != KEY_LISTS.get(name)}
    if name in KEY_LISTS:
        pairs = values[KEY_LISTS[name]]
        if not (isinstance(pairs, list) and pairs and all(isinstance(p, list) and len(p) == 2 and
                                                          all(isinstance(x, str) and x for x in p) for p in pairs)):
            return unknown
        by_file: dict[str, list[str]] = {}
        for path, key in pairs:
            by_file.setdefault(path[:200], []).append(key)
        shown[KEY_LISTS[name]] = "; ".join(f"{path}: {', '.join(keys)}" for path, keys in by_file.items())
    message = msg(template, **shown)
    commands = fix(name, values)
    if not commands:
        return message
    # each line after the first indented by the separator, as a check indents its first (gitcheck._indented)
    return joined([message, msg("to fix it, run in the repository's folder:"), *("  " + c for c in commands)], "\n  ")


def fix(name: str, values: dict) -> list[str]:
    """The commands (run in the repository's folder) that make a repository the reader refused for
    ``name`` readable, as its values name the files (as the student's commands name them): every key of
    RUNS_A_PROGRAM removed from its file (all its values: --unset-all), the borrowed objects copied in before
    the alternates file goes. Commands are code, the same in every edition."""
    if name == "runs_a_program":
        return [f"git config --unset-all {shlex.quote(key)}" if path == REPO_CONFIG else
                f"git config -f {shlex.quote(path)} --unset-all {shlex.quote(key)}"
                for path, key in values["keys"]]
    if name == "alternates":
        path = values["path"]
        gitdir = path[:-len(gitstate.ALTERNATES)].rstrip("/") if path.endswith(gitstate.ALTERNATES) else ".git"
        repack = "git repack -a -d" if gitdir == ".git" else f"git --git-dir={shlex.quote(gitdir)} repack -a -d"
        return [repack, f"rm {shlex.quote(path)}"]
    return []


class State:
    """A repository's state as ``gitstate.py`` read it. Everything in it
    comes from the answer's repository: parsed defensively."""

    def __init__(self, data: dict):
        if not isinstance(data, dict):
            raise Unreadable("not an object")
        self.ok = data.get("ok") is True
        self.error = reason(data.get("error"))
        error = data.get("error")   # the reason's name, when it is one the reader gives (the check's first line)
        self.reason = error[0] if isinstance(error, list) and error and isinstance(error[0], str) and error[0] in REASONS else None
        # not read: gitstate.refused_config refused it (a program its configuration names, a configuration git
        # cannot parse, objects borrowed...): self.reason says which
        self.refused = data.get("refused") is True
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

    def describe_head(self):
        """Where HEAD is, as a message."""
        from ..messages import msg
        if self.head_branch:
            return msg("on branch {branch} ({commit})", branch=self.head_branch, commit=self.short(self.head))
        if self.head_ref:
            return msg("on {ref}", ref=self.head_ref)
        return msg("detached at {commit}", commit=self.short(self.head))

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


