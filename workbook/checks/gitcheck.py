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
repository after it, goes through ``workbook.checks.command.jailed``: when
the judge grades, it runs in a fresh bubblewrap jail where only the scratch
folder is writable, without network and without the course (an answer and
the read after it share one jail, whose init is the reader: ``Attempt.run``,
``gitmodel.run_then_read``); git is
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

import collections
import json
import os
import sys
import typing
from dataclasses import dataclass
from pathlib import Path

from .core import AuthoringError, CheckFailed
from .command import MAX_OUTPUT, answer_text, previewable, check_syntax, cut, decode, jailed, remove, scratch, shown, spawn  # noqa: F401 (answer_text, check_syntax: the notebooks' names)
from .gitci import StepRun, matrix_values, parse_workflow, pipe_hides_exit, python_version_ok, run_job, substitute  # noqa: F401 (the notebooks' names)
from .gitmodel import (_OID, Commit, State, Tag, Unreadable, blob_oid, jail_stopped, read_bare, read_state,  # noqa: F401
                       run_then_read)
from ..data import gitrepo
from .exercise import StringKind
from ..messages import as_message, joined, msg, nmsg, render

Git = typing.Annotated[str, StringKind("git")]   # git commands (or a file git reads), in a test's annotation

DEFAULT_TIMEOUT = 30.0
STDERR_SHOWN = 6   # the last lines of a command's stderr a failure and preview() show (stderr_tail)
ANOTHER = "in another repository (generated with another seed)"
# a refusal's first line follows the reader's reason (gitmodel.REASONS): (the repository's, the remote's); a
# reason without one of its own (a file git cannot parse or read, a commondir...) gets UNREAD_MESSAGES'
REFUSED_MESSAGES = {
    "runs_a_program": ("after your command the repository's configuration names a program for git to start (or a "
                       "place to fetch from), so the checks do not read it",
                       "after your command the remote's configuration names a program for git to start (or a "
                       "place to fetch from), so the checks do not read it"),
    "alternates": ("after your command the repository borrows objects from another repository, so the checks do "
                   "not read it",
                   "after your command the remote borrows objects from another repository, so the checks do not "
                   "read it"),
}
UNREAD_MESSAGES = ("after your command the checks cannot read the repository's git folder",
                   "after your command the checks cannot read the remote's git folder")


def refused_message(state: "State", remote: bool = False) -> str:
    """The first line of the check that fails for a repository the reader refused (``state.refused``):
    what its reason says, not another one's."""
    return REFUSED_MESSAGES.get(state.reason, UNREAD_MESSAGES)[remote]


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


# the state of a fresh repository, by (seed, scenario), as many as gitrepo keeps repositories
_FRESH: dict[tuple[int, str], "State"] = {}
_FRESH_REMOTES: dict[tuple[int, str], "State"] = {}   # the bare remotes of the same repositories


class Attempt:
    """A scratch folder with a fresh repository of a scenario: run an
    answer in it, then read what it left. Use it as a context manager (the
    folder is deleted at the end).

    ``trusted=True`` (the test's own reference commands) runs everything
    plainly; otherwise every command and every read goes through
    ``jailed``."""

    def __init__(self, seed: int, scenario: str, *, trusted: bool = False):
        self.seed, self.scenario, self.trusted = seed, scenario, trusted
        self.tmp = scratch("daon-git-")
        self.home = self.tmp / "home"
        self.home.mkdir()
        self.repo = self.tmp / "daon-churn"
        self.remote = self.tmp / "github" / "daon-churn.git"
        gitrepo.write_repo(seed, scenario, self.repo, remote=self.remote)
        self.setup_lines: list = []   # the setup snippets (str, shown as code) and messages
        self.ran: Ran | None = None
        self._before: State | None = None
        self.check: Check | None = None
        self.after: State | None = None
        self._remote_before: State | None = None
        self._read_after: tuple[list[str], State] | None = None   # the state read in the answer's jail
        self.stopped = None   # why the jail that ran the answer and read after it gave no answer (a message)

    def env(self) -> dict:
        """The environment of every command run in this attempt."""
        return command_env(self.tmp)

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
                    while len(_FRESH) >= gitrepo.MAX_TEMPLATES:
                        _FRESH.pop(next(iter(_FRESH)))
                    _FRESH[key] = self._before
        return self._before

    def setup(self, script: str, *, shown: str | None = None) -> Ran:
        """Run the test's own shell snippet first (unjailed: the test's text
        on the test's repository); ``shown`` is how failure messages name it."""
        if self.ran is not None:
            raise AuthoringError("setup() must come before the answer runs")
        self._before = self._remote_before = None
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
        self.setup_lines.append(shown or msg("(your {path} written into the repository)", path=path))

    # the answer ----------------------------------------------------------
    def run(self, command: str, timeout: float = DEFAULT_TIMEOUT, read_after: list[str] | None = None) -> Ran:
        """Run the answer's ``command``. With ``read_after`` (the paths to ask check-ignore about), the
        judge runs it and then reads the repository in the same jail (``gitmodel.run_then_read``), one jail
        instead of two: the next ``read`` with the same paths returns that state."""
        _ = self.before
        if self.remote.exists():
            _ = self.remote_before
        self._read_after = None
        self.stopped = None
        if read_after is not None and not self.trusted:
            usage: dict = {}
            both = run_then_read(["bash", "-c", command], self.repo, self.home, command_env(self.tmp), timeout,
                                 MAX_OUTPUT, list(read_after), usage=usage)
            if both is not None:
                (out, err, code), state = both
                self.ran = Ran(command, decode(out), decode(err), code, timeout)
                self._read_after = (list(read_after), state) if state is not None else None
                self.stopped = jail_stopped(err, code, usage) if state is None else None
                return self.ran
        self.ran = self._bash(command, trusted=self.trusted, timeout=timeout)
        return self.ran

    def _bash(self, command: str, *, trusted: bool, timeout: float = DEFAULT_TIMEOUT) -> Ran:
        argv = ["bash", "-c", command]
        if not trusted:
            argv = jailed(argv, writable=[str(self.tmp)])
        out, err, code = spawn(argv, self.repo, command_env(self.tmp), timeout)
        return Ran(command, decode(out), decode(err), code, timeout)

    def exec(self, argv: list[str], *, data: bytes | None = None, timeout: float = DEFAULT_TIMEOUT,
             cwd: Path | None = None, env: dict | None = None) -> Ran:
        """Run a program of the test in the repository after the answer (the
        project's tests...): jailed, since the repository is the answer's."""
        self._read_after = None
        full = argv if self.trusted else jailed(list(argv), writable=[str(self.tmp)])
        out, err, code = spawn(full, cwd or self.repo, {**command_env(self.tmp), **(env or {})}, timeout, data=data)
        return Ran(" ".join(argv), decode(out), decode(err), code, timeout)

    def read(self, check_ignore: list[str] = ()) -> "State":
        """The repository now (after the answer), read in a jail (the one that ran the answer, when
        ``run`` read it there and nothing ran since)."""
        kept, self._read_after = self._read_after, None
        if kept is not None and kept[0] == list(check_ignore):
            return kept[1]
        return read_state(self.repo, self.home, trusted=self.trusted, check_ignore=check_ignore)

    @property
    def remote_before(self) -> "State":
        """The remote's refs as the answer found them (read once per process
        for a (seed, scenario) the test's setup did not touch, as
        ``before``)."""
        if self._remote_before is None:
            key = (self.seed, self.scenario)
            if not self.setup_lines and key in _FRESH_REMOTES:
                self._remote_before = _FRESH_REMOTES[key]
            else:
                self._remote_before = self.read_remote(trusted=True)
                if not self.setup_lines:
                    while len(_FRESH_REMOTES) >= gitrepo.MAX_TEMPLATES:
                        _FRESH_REMOTES.pop(next(iter(_FRESH_REMOTES)))
                    _FRESH_REMOTES[key] = self._remote_before
        return self._remote_before

    def read_remote(self, *, trusted: bool | None = None) -> "State":
        """The bare repository standing for GitHub (scenario release): its
        refs and HEAD."""
        state = read_bare(self.remote, self.tmp, trusted=self.trusted if trusted is None else trusted,
                          shown=os.path.relpath(self.remote, self.repo))
        if state.refused and self.check is not None:
            self.check.fail(refused_message(state, remote=True), state.error)
        return state

    # context manager -------------------------------------------------------
    def close(self) -> None:
        remove(self.tmp)

    def __enter__(self) -> "Attempt":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False


# ------------------------------------------------------------------ checking


class Check:
    """The verdict helpers of one attempt: each failure message shows the
    command (and what the check did first), its exit code and error lines
    when it failed, then what is wrong."""

    def __init__(self, attempt: Attempt, label=None):
        self.a, self.label = attempt, label or msg("your command")

    def context(self) -> list:
        a, lines = self.a, []
        if a.ran is not None:
            lines.append(shown(a.ran.command, self.label))
        for s in a.setup_lines:   # a snippet (its text, code) or a message (your .gitignore written in)
            lines.append(shown(s, msg("done first, by the check")) if isinstance(s, str)
                         else msg("  {label}: {command}", label=msg("done first, by the check"), command=s))
        if a.ran is not None and a.ran.code not in (0, None):
            lines.append(msg("  it exited with code {code}", code=a.ran.code))
        if a.ran is not None and a.ran.code != 0:
            err = stderr_tail(a.ran.stderr)
            if err:
                lines.append(joined([msg("  it printed on stderr:"), *err], "\n"))
        return lines

    def fail(self, what, *details, hint=None) -> None:
        """Fail with ``what`` (a message, never a value: it is also the hidden
        message) and details (messages, or lines of data: git's output, a
        commit) shown in the visible part only."""
        what = as_message(what)
        body = [what, *self.context(), *(_indented(d) for d in details if d)]
        raise CheckFailed(joined(body, "\n"), hint=hint, show_values=False,
                          hidden_message=msg("in another repository (generated with another seed), {what}",
                                             what=as_message(what)))

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
            self.fail(msg("your command did not finish within {timeout:g} s and was stopped", timeout=ran.timeout),
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
        self.require(after.head_branch == name, msg("you should end on the branch {name}", name=name),
                     msg("HEAD is {p1}", p1=after.describe_head()), hint=hint)

    def nothing_in_progress(self, *, hint: str | None = None) -> None:
        after = self.a.after
        names = {"MERGE_HEAD": msg("a merge"), "CHERRY_PICK_HEAD": msg("a cherry-pick"),
                 "REVERT_HEAD": msg("a revert"), "BISECT_LOG": msg("a bisect session"),
                 "BISECT_START": msg("a bisect session"), "rebase-merge": msg("a rebase"),
                 "rebase-apply": msg("a rebase"), "sequencer": msg("a cherry-pick or revert")}
        going = list(dict.fromkeys(names.get(p, p) for p in sorted(after.in_progress)))
        self.require(not going, "an operation is still in progress: finish (or abort) it",
                     msg("in progress: {going}", going=joined(going, ", ")), hint=hint)

    def clean(self, *, hint: str | None = None, what: str = "the working tree should be clean (everything committed)"
              ) -> None:
        after = self.a.after
        self.require(after.is_clean(), what, msg("git status --short:"),
                     *("    " + line for line in after.status_lines()[:10]), hint=hint)


def stderr_tail(stderr: str) -> list:
    """The lines of a command's ``stderr`` that a failure and ``preview`` show:
    the last ``STDERR_SHOWN`` that are not blank, after how many came before.
    The last, because a command of several steps exits with its last step's
    code and what that step printed comes last (06 q20b: the push refused
    after a conflict's hints). Each is indented by six spaces."""
    err = [line for line in stderr.splitlines() if line.strip()]
    earlier = len(err) - STDERR_SHOWN
    return [*([nmsg("      ... ({n} earlier line)", "      ... ({n} earlier lines)", earlier)] if earlier > 0 else []),
            *("      " + cut(e) for e in err[-STDERR_SHOWN:])]


def _indented(line):
    """A detail line of a failure, indented by two spaces (a line of data as
    it is; a message as a message)."""
    if isinstance(line, str):
        return line if line.startswith("  ") else "  " + line
    return msg("  {line}", line=line)


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
            a.write(path, answer_text(text, msg("content of {path}", path=path)))
        if command is not None:
            a.run(command, timeout=timeout, read_after=list(check_ignore))
        a.check = Check(a)
        try:
            a.after = a.read(check_ignore)
        except Unreadable as e:
            a.check.fail("the repository could not be read after your command", e.args[0])
        if a.after.refused:
            a.check.fail(refused_message(a.after), a.after.error)
        if not a.after.ok:
            a.check.fail("after your command the repository is broken", a.after.error)
        return a
    except BaseException:
        a.close()
        raise


def reference(command: str, *, seed: int, scenario: str, setup: str | None = None,
              files: dict | None = None) -> "State":
    """The state a reference command (the test's own text) leaves in another
    fresh copy of the same repository: run unjailed, once per process for
    the same arguments (the repository of a (seed, scenario) and the dates
    of new commits are fixed: the same state every time; a worker grades
    every submission against it). Read-only, as ``fresh``'s."""
    key = (command, seed, scenario, setup, tuple(sorted((files or {}).items())))
    if key in _REFERENCES:
        _REFERENCES.move_to_end(key)
        return _REFERENCES[key]
    state = _reference(command, seed, scenario, setup, files)
    _REFERENCES[key] = state
    while len(_REFERENCES) > MAX_REFERENCES:
        _REFERENCES.popitem(last=False)
    return state


_REFERENCES: collections.OrderedDict = collections.OrderedDict()
MAX_REFERENCES = 64


def _reference(command, seed, scenario, setup, files) -> "State":
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
        while len(_FRESH) >= gitrepo.MAX_TEMPLATES:
            _FRESH.pop(next(iter(_FRESH)))
        _FRESH[key] = read_state(repo, repo.parent / "home", trusted=True)
    return _FRESH[key]


# ------------------------------------------------------------------ describing changes
def ref_line(before: State, after: State, name: str):
    """`main: a1b2c3d “Add x” -> 9f8e7d6 “Merge ...”`, `feature/x: deleted`, `tag v1: new, at ...`
    (a message, or a line of data)."""
    b, a = before.refs.get(name), after.refs.get(name)
    short = name.replace("refs/heads/", "").replace("refs/tags/", "tag ")
    if a is None:
        return msg("{ref}: deleted", ref=short)
    if b is None:
        return msg("{ref}: new, at {commit}", ref=short, commit=after.short(a))
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
    """A commit on one line, as data: its id and subject, and ``(⑂ 2)`` for a
    merge of two parents (a line test cells build on: the same in every
    language)."""
    c = state.commit(oid)
    kind = f" (⑂ {len(c.parents)})" if len(c.parents) > 1 else ""
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
        extra = ""   # a message of its own (never English text as a value: it would reach a Korean student)
        if sorted(got) == sorted(expected):
            extra = msg(" (the right lines, in the wrong order)")
        elif set(got) < set(expected):
            extra = msg(" (some lines are missing)")
        elif set(expected) < set(got):
            extra = msg(" (it lists too much)")
        def shown(lines):
            return ["    " + cut(annotate(a.after, x), 150) for x in lines[:12]] or ["    (nothing)"]
        c.fail(msg("your command {what} something else than expected{extra}", what=as_message(what), extra=extra), "expected:", *shown(expected),
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
        raise Unreadable(msg("calling {function} took longer than {timeout} s", function=function, timeout=f"{timeout:g}"))
    lines = [line for line in ran.stdout.splitlines() if line.startswith("{")]
    try:
        data = json.loads(lines[-1]) if lines else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise Unreadable(msg("calling {function} gave no answer: {stderr}", function=function,
                             stderr=cut(ran.stderr.strip()[-300:])))
    if "import_error" in data:
        raise Unreadable(msg("importing {module} failed: {error}", module=module, error=str(data["import_error"])))
    results = data.get("results")
    if not isinstance(results, list) or len(results) != len(calls):
        raise Unreadable(msg("calling {function} gave an unusable answer", function=function))
    return [r if isinstance(r, dict) else {"error": "not an answer"} for r in results]


def run_tests(a: Attempt, args: tuple[str, ...] = ("-m", "unittest", "-q"), timeout: float = 60.0) -> Ran:
    """The project's tests, as the question says to run them (jailed)."""
    return a.exec([sys.executable, *args], timeout=timeout)


# ------------------------------------------------------------------ for students
def preview(command: str, scenario: str = "history", seed: int = 0, *, setup: str | None = None,
            files: dict | None = None) -> None:
    """Try an answer exactly as the checks run it (a fresh repository of the
    scenario, bash, the checks' environment) and print what it printed,
    its exit code, and what changed in the repository."""
    if not previewable(command):
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
        lines += ["      " + cut(x) for x in out[:25]] + ([nmsg("      ... ({n} more line)", "      ... ({n} more lines)",
                                                              len(out) - 25)] if len(out) > 25 else [])
        if not out:
            lines.append(msg("      (nothing on stdout)"))
        err = stderr_tail(ran.stderr)   # the same lines a failure shows
        if err:
            lines.append(msg("  stderr:"))
            lines += err
        lines.append(msg("  stopped after the timeout") if ran.timed_out else msg("  exit code: {code}", code=ran.code))
        try:
            after = a.read()
        except Unreadable as e:
            print(render(joined(lines + [msg("  the repository could not be read: {error}", error=e.args[0])], "\n")))
            return
        if not after.ok:
            print(render(joined(lines + [msg("  the repository is broken: {error}", error=after.error)], "\n")))
            return
        lines.append(msg("  HEAD: {head}", head=after.describe_head()))
        changes = ref_changes(before, after)
        lines += ([msg("  refs changed:")] + [msg("    {change}", change=c) for c in changes] if changes
                  else [msg("  refs: unchanged")])
        made = new_commits(before, after, after.head)
        if made:
            lines.append(msg("  new commits on HEAD (newest first):"))
            lines += ["    " + oneline(after, c) for c in made[:10]]
        status = after.status_lines()
        lines += [msg("  status (git status --short):")] + ["    " + s for s in status[:20]] if status else \
            [msg("  status: clean")]
        if after.in_progress:
            lines.append(msg("  in progress: {operations}", operations=", ".join(after.in_progress)))
        print(render(joined(lines, "\n")))


__all__ = ["Attempt", "Check", "State", "Commit", "Tag", "Ran", "Unreadable", "attempt", "reference", "fresh",
           "read_state", "answer_text", "check_syntax", "ref_changes", "ref_line", "new_commits", "oneline",
           "preview", "blob_oid", "command_env", "commit_changes", "output_lines", "check_output", "call_in_repo",
           "run_tests", "parse_workflow", "matrix_values", "python_version_ok", "run_job", "StepRun"]
