"""Running and checking shell answers for 01_shell (cmdchallenge-style).

A shell answer is a string (a ``str`` answer): a command line, or the text of
a script. The test's own process runs it (in a notebook's own run, the
student's kernel; when graded, the grader's judge), never the student's
kernel: with ``bash`` in a **fresh scratch copy** of Daon Market's server
folder (``workbook.data.server``), with a timeout, a clean environment and
``LC_ALL=C`` (so sorting and character classes do not depend on the
machine's language settings). Every bash process started for a student's
string goes through ``workbook.checks.command.jailed``: when the judge
grades, it runs in a fresh bubblewrap jail where only the scratch copy is
writable, without network and without the course. The checks then compare

* what it printed on stdout (trailing whitespace and trailing empty lines
  ignored; line order ignored only when the question says so; runs of spaces
  ignored only when the question says so),
* its exit code, and
* the files it left behind: the whole folder is compared, so a file that was
  created, deleted or changed by mistake is reported

(``compare`` narrows this down when a question says that only some of it
matters). A command that bash cannot parse is reported with bash's own error
line(s), before anything runs.

The expected result is either written out (visible tests: ``stdout=...``,
``files=...``) or obtained by running a reference command, unjailed, on a
copy made with the same seed (hidden tests: ``seed=hidden_seed(),
reference=...``). Failure messages show the student's command, what it
printed and how that differs from what was expected; they never show the
reference command, and a failure in a hidden test shows only which kind of
check failed (see ``workbook.checks.core``).

Nothing here prints to stderr: a failed check raises
``workbook.checks.CheckFailed``.
"""
from __future__ import annotations

import collections
import dataclasses
import difflib
import errno
import functools
import hashlib
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path

from .core import AuthoringError, CheckFailed
from .command import (CUT_MARK, previewable, MAX_OUTPUT, SYNTAX_TIMEOUT, answer_text, check_syntax, cut, decode,  # noqa: F401
                      finish_cleaning, jailed, remove_later, scratch, shown, spawn, syntax_error)
from ..data import ops, server
from .exercise import StringKind
from .shellmeta import meta_problems, read_meta, service_prefix, under
from ..messages import as_message, joined, msg, nmsg, render

Shell = typing.Annotated[str, StringKind("shell")]   # a bash command or script, in a test's annotation

DEFAULT_TIMEOUT = 10.0
MAX_FILE = 8_000_000  # bigger files left behind are compared by digest
MAX_TREE_BYTES = 128_000_000  # bytes read from the files left behind (kept or hashed); beyond: sizes only
MAX_TREE_ENTRIES = 20_000  # files and folders looked at after a run
SHOW_LINES = 12
SCRIPT_NAME = "count_csv_lines.sh"
COMPARE_ALL = ("stdout", "code", "files")
NONZERO = "non-zero"   # as an expected exit code: the run must fail, with any code but 0
ANOTHER_SERVER = "on another server (generated with another seed)"
#: the setup of 01's Questions 16b and 16c (and of ``preview`` for a command that names runs/): the training
#: runs of ``workbook.data.runs`` for a seed, written into the copy's top folder
RUNS_SETUP = "python3 -m workbook.data.runs %d"


class _AnyContent:
    """As the content of a path in ``check_command(files=...)``: a file must be there, whatever it holds (an
    archive whose bytes hold times: the test reads it itself from what ``check_command`` returns)."""

    def __repr__(self) -> str:
        return "ANY_CONTENT"


ANY_CONTENT = _AnyContent()
from .archive import MAX_ARCHIVE_BYTES, MAX_ARCHIVE_MEMBERS, tar_listing  # noqa: E402,F401 (test cells import them here)

TIMEOUT_HINT = ("is a command waiting for input? (for example `grep word` without a file name reads the "
                "keyboard), a loop endless, or a background job (&) still running?")


@dataclass
class Result:
    """What a command did in its scratch copy of the server folder."""

    command: str
    stdout: str
    stderr: str
    code: int | None  # None: killed after the timeout
    files: dict[str, bytes | None] = field(default_factory=dict)  # relative path -> content (None: a folder)
    timed_out: bool = False
    timeout: float = DEFAULT_TIMEOUT
    meta: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # path -> (permissions, mtime)

    def __repr__(self) -> str:  # readable in a notebook
        return show(self)


# ------------------------------------------------------------ the folder

def _link(full: str) -> bytes:
    try:
        return ("-> " + os.readlink(full)).encode("utf-8", "replace")
    except OSError as e:
        return f"<unreadable link: {e.strerror}>".encode()


def _read(full: str, budget: list[int]) -> bytes:
    """A file's content, without following a symbolic link and without
    blocking on a fifo; big files by digest, and only sizes once the budget
    of bytes to read is spent (a command may leave gigabytes behind)."""
    try:
        fd = os.open(full, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return _link(full)
        return f"<unreadable: {e.strerror}>".encode()
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return b"<not a regular file>"
        if st.st_size > budget[0]:
            return f"<a big file: {st.st_size} bytes, not read>".encode()
        budget[0] -= st.st_size
        with os.fdopen(fd, "rb", closefd=False) as fh:
            if st.st_size > MAX_FILE:
                h, n = hashlib.sha256(), 0
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
                    n += len(chunk)
                return f"<a big file: {n} bytes, sha256 {h.hexdigest()[:16]}>".encode()
            return fh.read(MAX_FILE + 1)
    except OSError as e:
        return f"<unreadable: {e.strerror}>".encode()
    finally:
        os.close(fd)


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file (with its content) and folder under root, by relative path.
    Symbolic links are recorded as links, never followed."""
    out: dict[str, bytes | None] = {}
    budget = [MAX_TREE_BYTES]
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        for d in dirnames:
            rel = os.path.normpath(os.path.join(rel_dir, d))
            full = os.path.join(dirpath, d)
            out[rel if os.path.islink(full) else rel + "/"] = _link(full) if os.path.islink(full) else None
        for f in sorted(filenames):
            rel = os.path.normpath(os.path.join(rel_dir, f))
            full = os.path.join(dirpath, f)
            out[rel] = _link(full) if os.path.islink(full) else _read(full, budget)
        if len(out) > MAX_TREE_ENTRIES:
            out["<and more files: not looked at>"] = b""
            break
    return out


def pristine(seed: int = 0) -> dict[str, bytes | None]:
    """The tree of a fresh server folder (same shape as ``Result.files``)."""
    sf = server.server_files(seed)
    out: dict[str, bytes | None] = {**sf.files, **ops.ops_files(seed).files}
    dirs = set(sf.empty_dirs)
    for rel in list(out):
        parts = rel.split("/")[:-1]
        for k in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:k]))
    out.update({d + "/": None for d in dirs})
    return out


def server_file(path: str, seed: int = 0) -> str | bytes:
    """The text of one file of a fresh server folder (for expected values);
    the bytes of one that is not UTF-8 text."""
    data = server.server_files(seed).files.get(path)
    data = ops.ops_files(seed).files[path] if data is None else data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def server_meta(path: str, seed: int = 0) -> tuple[int, int | None]:
    """(permissions, modification time) of a path of the operations area in a
    fresh server folder (a folder: a trailing slash, no time)."""
    o = ops.ops_files(seed)
    return o.modes[path], o.mtimes.get(path)


# ------------------------------------------------------------ running

def _env(root: Path, home: Path, extra: dict | None) -> dict:
    bindir = str(Path(sys.executable).parent)
    env = {
        "PATH": os.pathsep.join([bindir, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home),
        "SERVER": str(root),
        "LC_ALL": "C",
        "LANG": "C",
        "TZ": "UTC",
        "TERM": "dumb",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra or {})
    return env


#: what trusted commands (a test's references and setups) did, by everything that decides it: a worker grades
#: every submission against the same references on the same seeds, so each runs once per process
_TRUSTED: collections.OrderedDict = collections.OrderedDict()
TRUSTED_KEPT = 96


def run(command: str, seed: int = 0, *, setup: str | None = None, env: dict | None = None,
        script: str | None = None, script_name: str = SCRIPT_NAME, background: bool = False,
        timeout: float = DEFAULT_TIMEOUT, trusted: bool = False, service: str | None = None,
        tmp_guard: bool = False, tmp_also: tuple[str, ...] = ()) -> Result:
    """Run ``command`` with bash in a fresh copy of the server folder.

    ``setup`` (a shell snippet of the test) runs first, in the same copy; its
    output is discarded. ``script`` is written to ``script_name`` in the copy
    (not yet executable) before ``command`` runs. ``background=True`` waits
    for the command's background jobs before looking at the files. ``service``
    (a script of the folder, ``ml/serve.py``) is started first in the same
    shell, its address in ``DAON_API`` (``shellmeta.service_prefix``).
    ``tmp_guard=True`` puts first on PATH a ``mktemp`` that makes nothing
    outside ``$TMPDIR`` (``MKTEMP_GUARD``) and the folders of the copy named
    in ``tmp_also``: every temporary file or folder the command makes with it
    is then in one of them.
    ``trusted=True`` (a reference command of the test) runs without the jail,
    once per process for the same arguments (a reference is a function of
    them: the server folder of the seed, the setup, the environment); anything
    else goes through ``jailed``, every time."""
    if not trusted:
        return _run(command, seed, setup, env, script, script_name, background, timeout, trusted, service, tmp_guard,
                    tmp_also)
    key = (command, seed, setup, tuple(sorted((env or {}).items())), script, script_name, background, timeout,
           service, tmp_guard, tmp_also)
    if key in _TRUSTED:
        _TRUSTED.move_to_end(key)
    else:
        res = _run(command, seed, setup, env, script, script_name, background, timeout, trusted, service, tmp_guard,
                   tmp_also)
        if res.timed_out:
            return res
        _TRUSTED[key] = res
        while len(_TRUSTED) > TRUSTED_KEPT:
            _TRUSTED.popitem(last=False)
    kept = _TRUSTED[key]
    return dataclasses.replace(kept, files=dict(kept.files))   # the caller may change its copy


#: the checks' mktemp (``run(tmp_guard=True)``): the real one (first %s), but what it made outside $TMPDIR
#: and the folders allowed besides (second %s: quoted absolute paths; third: their names, for the message)
#: is removed again and the call fails, as mktemp fails, with a message on stderr
MKTEMP_GUARD = """#!/bin/bash
made=$(%s "$@") || exit
at=$(realpath -m -- "$made")
for dir in "${TMPDIR:-/tmp}" %s; do
    case $at in "$(realpath -m -- "$dir")"/*) printf '%%s\\n' "$made"; exit 0 ;; esac
done
rm -rf -- "$made"
echo "mktemp: $made is not in \\$TMPDIR (${TMPDIR:-/tmp})%s: these checks make temporary files only there" >&2
exit 1
"""


def _run(command, seed, setup, env, script, script_name, background, timeout, trusted, service=None,
         tmp_guard=False, tmp_also=()) -> Result:
    tmp = scratch("daon-shell-")
    try:
        root = tmp / "server"
        home = tmp / "home"
        home.mkdir()
        server.write_server(seed, root)
        full_env = _env(root, home, env)
        if tmp_guard:
            real = shutil.which("mktemp", path=full_env["PATH"]) or "/usr/bin/mktemp"
            (tmp / "bin").mkdir()
            also = " ".join(shlex.quote(str(root / folder)) for folder in tmp_also)
            names = "".join(f" or {folder}/" for folder in tmp_also if folder.replace("/", "").isalnum())
            (tmp / "bin" / "mktemp").write_text(MKTEMP_GUARD % (shlex.quote(real), also, names), encoding="utf-8")
            (tmp / "bin" / "mktemp").chmod(0o555)
            full_env["PATH"] = os.pathsep.join([str(tmp / "bin"), full_env["PATH"]])
        if setup:
            subprocess.run(["bash", "-c", setup], cwd=root, env=full_env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        if script is not None:
            (root / script_name).write_text(script, encoding="utf-8")
        text = (service_prefix(service) if service else "") + command + ("\nwait" if background else "")
        argv = ["bash", "-c", text]
        if not trusted:
            argv = jailed(argv, writable=[str(tmp)])
        out, err, code = spawn(argv, root, full_env, timeout, mark=CUT_MARK)
        timed_out = code is None
        files = _tree(root)
        return Result(command, decode(out), decode(err), code, files, timed_out, timeout, read_meta(root))
    finally:
        remove_later(tmp)


def _shell_of(script: str) -> str | None:
    """The shell that the shebang line names (bash, sh, dash), if any."""
    first = script.splitlines()[0] if script else ""
    words = first[2:].split() if first.startswith("#!") else []
    if not words:
        return None
    prog = os.path.basename(words[0])
    if prog == "env":
        rest = [w for w in words[1:] if not w.startswith("-")]
        prog = os.path.basename(rest[0]) if rest else ""
    return prog if prog in ("bash", "sh", "dash") else None


def script_syntax_error(script: str, name: str = SCRIPT_NAME) -> tuple[str, list[str]] | None:
    """(shell, its error lines) when the shell of the shebang cannot parse
    ``script`` (``SHELL -n``), else None. A pure function of the text: a
    check that runs the same script in several scenarios asks the shell once."""
    found = _script_syntax_error(script, name)
    return (found[0], list(found[1])) if found is not None else None


@functools.lru_cache(maxsize=64)
def _script_syntax_error(script: str, name: str) -> tuple[str, tuple[str, ...]] | None:
    shell = _shell_of(script)
    if shell is None:
        return None
    tmp = scratch("daon-shell-syntax-")
    try:
        (tmp / name).write_text(script, encoding="utf-8")
        argv = jailed([shell, "-n", name], writable=[str(tmp)])
        env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}
        _, err, code = spawn(argv, tmp, env, SYNTAX_TIMEOUT)
        if code is None:
            return None
        lines = tuple(line for line in normalise(decode(err)) if line.startswith(f"{name}:"))
        return (shell, lines) if code != 0 and lines else None
    finally:
        remove_later(tmp)


# ------------------------------------------------------------ normalising

def normalise(text: str, *, unordered: bool = False, spaces: bool = False) -> list[str]:
    """Lines without trailing whitespace or trailing empty lines; with
    ``spaces`` runs of blanks count as one and leading blanks are dropped;
    with ``unordered`` the lines are sorted."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    if spaces:
        lines = [" ".join(line.split()) for line in lines]
    while lines and lines[-1] == "":
        lines.pop()
    if unordered:
        lines = sorted(lines)
    return lines


def _indent(lines: list[str], limit: int = SHOW_LINES):
    if not lines:
        return msg("        (nothing)")
    shown = ["        " + cut(line) for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(nmsg("        ... ({n} more line)", "        ... ({n} more lines)", len(lines) - limit))
    return joined(shown, "\n")


def _diff(expected: list[str], got: list[str]):
    body = ["        " + cut(d) for d in
            list(difflib.unified_diff(expected, got, "expected", "your output", n=1, lineterm=""))[2:]]
    if len(body) > 2 * SHOW_LINES:
        body = body[:2 * SHOW_LINES] + [nmsg("... ({n} more diff line)", "... ({n} more diff lines)",
                                             len(body) - 2 * SHOW_LINES)]
    return joined(body, "\n")


def _describe_file(data: bytes | None):
    """What a file holds, in a few words (a message)."""
    if data is None:
        return msg("a folder")
    if data is ANY_CONTENT:
        return msg("a file")
    if b"\0" in data[:2048]:
        return nmsg("{n} byte", "{n} bytes", len(data))
    n = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    if not data:
        return msg("empty")
    return nmsg("{n} line", "{n} lines", n)


@dataclass
class FileProblem:
    """How one path of the server folder differs from what is expected: typed
    data; ``text`` is its message (a check's), ``short`` the one ``preview``
    lists."""

    what: str            # created | missing | retyped | changed
    name: str
    folder: bool
    expected: bytes | None = None
    got: bytes | None = None

    def text(self):
        if self.what == "created":
            return (msg("created folder `{name}`, which should not be there", name=self.name) if self.folder
                    else msg("created file `{name}`, which should not be there", name=self.name))
        if self.what == "missing":
            if self.folder:
                return msg("missing folder `{name}`", name=self.name)
            return msg("missing file `{name}` (expected {described})", name=self.name,
                       described=_describe_file(self.expected))
        if self.what == "retyped":
            return msg("`{name}` should be {expected}, not {got}", name=self.name,
                       expected=_describe_file(self.expected), got=_describe_file(self.got))
        return msg("`{name}` does not have the expected content{diff}", name=self.name,
                   diff=_file_diff(self.expected, self.got))

    def short(self):
        """The change as ``preview`` lists it."""
        if self.what in ("created", "missing"):
            if self.folder:
                return (msg("created folder `{name}`", name=self.name) if self.what == "created"
                        else msg("removed folder `{name}`", name=self.name))
            return (msg("created file `{name}`", name=self.name) if self.what == "created"
                    else msg("removed file `{name}`", name=self.name))
        return msg("`{name}` changed", name=self.name)


def _tree_problems(expected: dict, got: dict) -> list[FileProblem]:
    out = []
    for p in sorted(set(expected) | set(got)):
        e, g = expected.get(p, ...), got.get(p, ...)
        name = p.rstrip("/")
        if e is ...:
            out.append(FileProblem("created", name, g is None, None, g))
        elif g is ...:
            out.append(FileProblem("missing", name, e is None, e, None))
        elif e is ANY_CONTENT and g is not None:
            continue
        elif e != g:
            out.append(FileProblem("retyped" if (e is None) != (g is None) else "changed", name, False, e, g))
    return out


def _file_diff(e: bytes, g: bytes):
    de, dg = _describe_file(e), _describe_file(g)
    if b"\0" in e[:2048] or b"\0" in g[:2048]:
        return msg(" (expected {de}, found {dg})", de=de, dg=dg)
    if not g:
        return msg(" (it is empty; expected {de})", de=de)
    el, gl = e.decode("utf-8", "replace").splitlines(), g.decode("utf-8", "replace").splitlines()
    if len(el) > len(gl) and el[:len(gl)] == gl:
        return msg(" (expected {de}, found only the first {dg})", de=de, dg=dg)
    if len(gl) > len(el) and gl[:len(el)] == el:
        return msg(" (expected {de}, found {dg}: extra lines at the end)", de=de, dg=dg)
    if len(gl) > len(el) and gl[-len(el):] == el:
        return msg(" (expected {de}, found {dg}: extra lines at the start)", de=de, dg=dg)
    if sorted(el) == sorted(gl):
        return msg(" (the same lines in another order)")
    diff = list(difflib.unified_diff(el, gl, "expected", "found", n=0, lineterm=""))[2:]
    return joined([msg(" (expected {de}, found {dg}):", de=de, dg=dg),
                   *("          " + cut(d) for d in diff[:6])], "\n")


# ------------------------------------------------------------------ checks


def _compare(res: Result, *, stdout: list[str] | None, code: int | None, tree: dict | None,
             stderr_pattern: str | None, subject, label, hint,
             unordered: bool, spaces: bool, setup: str | None = None, note=None,
             stderr: list[str] | None = None) -> None:
    """Raise CheckFailed when ``res`` differs from what is expected (None:
    not compared). ``setup`` is what the check ran first (shown: the
    situation the answer was tried in). ``subject`` and ``label`` name the
    answer in the message ("your command"), ``note`` adds a line."""
    subject = as_message(subject)
    head = [shown(res.command, label)]
    if setup:
        head.append(shown(setup, msg("run first, by the check")))
    err_lines = normalise(res.stderr)
    err_part = []
    if err_lines:
        err_part = [msg("  it printed on stderr: {line}", line=cut(err_lines[0])) if len(err_lines) == 1
                    else joined([msg("  it printed on stderr:"), _indent(err_lines, 4)], "\n")]
    if res.timed_out:
        raise CheckFailed(joined([msg("{subject} did not finish within {timeout:g} s and was stopped",
                                      subject=as_message(subject), timeout=res.timeout), *head, *err_part], "\n"),
                          hint=hint or TIMEOUT_HINT, show_values=False,
                          hidden_message=msg("on another server (generated with another seed), {subject} did "
                                             "not finish within {timeout:g} s",
                                             subject=as_message(subject), timeout=res.timeout))
    what, hidden, details = [], [], []
    got = normalise(res.stdout, unordered=unordered, spaces=spaces)
    if stdout is not None and got != stdout:
        what.append(msg("{subject} printed something else than expected", subject=as_message(subject)))
        hidden.append(msg("{subject} printed something else than expected", subject=as_message(subject)))
        ignored = msg(" (line order and spacing ignored)") if unordered and spaces else \
            msg(" (line order ignored)") if unordered else msg(" (spacing ignored)") if spaces else ""
        order = msg(" (the right lines, in the wrong order)") if not unordered and sorted(got) == sorted(stdout) \
            else ""
        if len(stdout) <= 1 and len(got) <= 1 and not order:
            details.append(msg("  expected{ignored}: {line}", ignored=ignored,
                               line=cut(stdout[0]) if stdout else msg("(nothing)")))
            details.append(msg("  got:      {line}", line=cut(got[0]) if got else msg("(nothing)")))
        elif len(stdout) <= SHOW_LINES and len(got) <= SHOW_LINES:
            details.append(joined([msg("  expected{ignored}:", ignored=ignored), _indent(stdout)], "\n"))
            details.append(joined([msg("  got{order}:", order=order), _indent(got)], "\n"))
        else:
            details.append(joined([msg("  difference{ignored}{order} (- expected, + yours):", ignored=ignored,
                                       order=order), _diff(stdout, got)], "\n"))
    if stderr is not None and err_lines != stderr:
        if stderr:
            what.append(msg("{subject} printed something else than expected on stderr", subject=as_message(subject)))
            details.append(joined([msg("  expected on stderr:"), _indent(stderr)], "\n"))
        else:
            what.append(msg("{subject} printed something on stderr (the screen), where nothing was expected",
                            subject=as_message(subject)))
        hidden.append(msg("{subject} printed something else than expected on stderr (the screen)", subject=as_message(subject)))
        details.append(joined([msg("  it printed on stderr:"), _indent(err_lines, 4)], "\n") if err_lines
                       else msg("  it printed nothing on stderr"))
        err_part = []  # shown above
    if code == NONZERO:
        if res.code == 0:
            what.append(msg("{subject} finished with exit code 0, but it should fail here (any exit code but 0)",
                            subject=as_message(subject)))
            hidden.append(msg("{subject} finished with exit code 0 where it should fail", subject=as_message(subject)))
    elif code is not None and res.code != code:
        what.append(msg("{subject} finished with exit code {code}, expected {expected}", subject=as_message(subject),
                        code=res.code, expected=code))
        hidden.append(msg("{subject} finished with another exit code than expected", subject=as_message(subject)))
    if stderr_pattern is not None and not re.search(stderr_pattern, res.stderr):
        what.append(msg("{subject} should print a message on stderr (>&2) here, but it printed nothing there",
                        subject=as_message(subject)) if not res.stderr.strip() else
                    msg("{subject} should print a message on stderr (>&2) here, but it printed another message "
                        "there", subject=as_message(subject)))
        hidden.append(msg("{subject} printed nothing on stderr (>&2) where a message was expected", subject=as_message(subject))
                      if not res.stderr.strip() else
                      msg("{subject} printed another message on stderr than expected", subject=as_message(subject)))
    if tree is not None:
        problems = _tree_problems(tree, res.files)
        if problems:
            what.append(msg("{subject} left the files in another state than asked", subject=as_message(subject)))
            hidden.append(msg("{subject} left the files in another state than asked", subject=as_message(subject)))
            details.append(joined([msg("  - {problem}", problem=p.text()) for p in problems[:8]]
                                  + ([msg("  - ... and {n} more", n=len(problems) - 8)] if len(problems) > 8 else []),
                                  "\n"))
    if what:
        if note:
            details.append(msg("  note: {note}", note=as_message(note)))
        raise CheckFailed(joined([joined(what, "; "), *head, *details, *err_part], "\n"), hint=hint,
                          show_values=False,
                          hidden_message=msg("on another server (generated with another seed), {problems}",
                                             problems=joined(hidden, "; ")))


def _expected_tree(seed: int, files: dict | None, setup: str | None) -> dict:
    """The fresh folder (after ``setup``, if any) with the listed changes."""
    tree = pristine(seed) if not setup else run(":", seed, setup=setup, trusted=True).files
    for path, content in (files or {}).items():
        _apply(tree, path, content)
    return tree


def _apply(tree: dict, path: str, content) -> None:
    if content is None:
        tree.pop(path, None)
        tree.pop(path.rstrip("/") + "/", None)
        return
    if path.endswith("/"):
        tree[path] = None
    elif content is ANY_CONTENT:
        tree[path] = ANY_CONTENT
    else:
        tree[path] = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    parts = path.rstrip("/").split("/")[:-1]
    for k in range(1, len(parts) + 1):
        tree["/".join(parts[:k]) + "/"] = None


def _compared(compare) -> set[str]:
    parts = {compare} if isinstance(compare, str) else set(compare)
    if not parts or parts - set(COMPARE_ALL):
        raise AuthoringError(f"compare takes some of {COMPARE_ALL}")
    return parts


def check_command(command, *, seed: int = 0, stdout: str | None = None, reference: str | None = None,
                  code: int | None = 0, files: dict | None = None, compare=COMPARE_ALL,
                  unordered: bool = False, spaces: bool = False, setup: str | None = None,
                  env: dict | None = None, background: bool = False, stderr_pattern: str | None = None,
                  stderr: str | None = None, require: list[tuple[str, str]] = (), hint: str | None = None,
                  timeout: float = DEFAULT_TIMEOUT, meta: dict | None = None, meta_under: tuple[str, ...] = (),
                  service: str | None = None) -> Result:
    """Run the student's ``command`` (jailed when graded) and compare it with
    what is expected; returns what it did (a ``Result``), for a test that
    reads more of it (an archive it made: ``files={path: ANY_CONTENT}``,
    then ``tar_listing``).

    Visible tests give the expectation: ``stdout`` (text; None: not
    compared), ``code`` (exit code, None to ignore) and ``files`` (relative
    path -> expected text, or None for "must not exist"; paths ending in "/"
    are folders); every other file must be left as it was. Hidden tests give
    ``seed=hidden_seed()`` and ``reference``, a command run (unjailed) on its
    own fresh copy of the same server: its stdout, exit code (unless
    ``code=None``) and whole folder are then expected. ``compare`` names what is compared (some of
    "stdout", "code", "files"; all by default). ``require`` lists (regex,
    message) pairs the command text itself must match (for conceptual
    questions such as ``nohup ... &``). ``stderr`` (text, "" for nothing;
    None: not compared, the default) is what it must print on stderr, for a
    question that says what may reach the screen; with a reference too, it
    is this text that is expected. ``meta`` (path -> (permission bits,
    modification time or None)) and ``meta_under`` (folders: with a
    reference, every path beneath them as the reference left it) compare
    what the grader reads with ``lstat`` after the run. ``service`` starts
    that script of the folder first (``run``). A command bash cannot parse
    fails with bash's error, before anything runs."""
    command = answer_text(command)
    parts = _compared(compare)
    for pattern, message in require:
        if not re.search(pattern, command, re.MULTILINE):
            raise CheckFailed(joined([as_message(message), shown(command, msg("your command"))], "\n"),
                              show_values=False, hidden_message=message)
    check_syntax(command)
    res = run(command, seed, setup=setup, env=env, background=background, timeout=timeout, service=service)
    expected_meta = dict(meta or {})
    if reference is not None:
        ref = run(reference, seed, setup=setup, env=env, background=background, timeout=timeout, trusted=True,
                  service=service)
        expected_meta.update({p: ref.meta[p] for p in under(ref.meta, meta_under)})
        if ref.timed_out:
            raise AuthoringError("the reference command did not finish in time")
        exp_stdout = normalise(ref.stdout, unordered=unordered, spaces=spaces)
        exp_code = ref.code if code is not None else None
        tree = ref.files
    else:
        exp_stdout = None if stdout is None else normalise(stdout, unordered=unordered, spaces=spaces)
        exp_code = code
        tree = _expected_tree(seed, files, setup) if "files" in parts else None
    _compare(res, stdout=exp_stdout if "stdout" in parts else None, code=exp_code if "code" in parts else None,
             tree=tree if "files" in parts else None, stderr_pattern=stderr_pattern, subject=msg("your command"),
             label=msg("your command"), hint=hint, unordered=unordered, spaces=spaces, setup=setup,
             stderr=None if stderr is None else normalise(stderr),
             note=None if background or not re.search(r"(?<![&|])&\s*$", command) else
             "your command ends with &: that job runs in the background, and it is stopped when your command ends")
    problems = meta_problems(expected_meta, res.meta, expected_meta)
    if problems:
        raise CheckFailed(joined([msg("your command left files with other permissions or modification times than "
                                      "asked"), shown(command, msg("your command")),
                                  *(msg("  - {problem}", problem=p.text()) for p in problems[:8]),
                                  *([msg("  - ... and {n} more", n=len(problems) - 8)] if len(problems) > 8 else [])],
                                 "\n"),
                          hint=hint, show_values=False,
                          hidden_message="on another server (generated with another seed), your command left files "
                                         "with other permissions or modification times than asked")
    return res


def check_script(script, args: list[str] | tuple[str, ...] = (), *, seed: int = 0, stdout: str | None = None,
                 reference: str | None = None, code: int | str | None = 0, unordered: bool = False,
                 spaces: bool = False, stderr_pattern: str | None = None, name: str = SCRIPT_NAME,
                 setup: str | None = None, hint: str | None = None, files: dict | None = None,
                 variables: tuple[str, ...] = (), compare=COMPARE_ALL, tmpdir: str | None = None,
                 tmp_also: tuple[str, ...] = ()) -> None:
    """Save the student's ``script`` text as ``name`` in a fresh copy, make
    it executable (chmod +x) and run ``./name ARGS`` (jailed when graded; the
    kernel reads the shebang line to choose the interpreter). ``setup`` (a
    shell snippet of the test) runs first in the copy, as for
    ``check_command``. ``reference`` is a script text run the same way,
    unjailed; the folder is compared without the script file. ``files`` (as
    for ``check_command``) are the changes a visible test expects.
    ``variables`` are assignments written before the call (``NAME="$SERVER/x"``:
    bash expands them, and they are shown with it); ``code=NONZERO`` expects a
    failure, with any code but 0. ``tmpdir`` (a folder of the copy, which
    ``setup`` makes) is where the script's temporary files must go: TMPDIR
    points there (shown with the variables) and the checks' mktemp refuses
    anything outside it (``run(tmp_guard=True)``), so a compared tree sees
    every temporary folder the script leaves; ``tmp_also`` (folders of the
    copy) are allowed too, for a temporary file made next to its destination
    so that ``mv`` is a rename. A script its shell cannot
    parse fails with the shell's error, before anything runs."""
    script = answer_text(script, what=msg("script"))
    first = script.lstrip("\n").splitlines()[0]
    if not first.startswith("#!"):
        raise CheckFailed(msg("the first line of your script should be a shebang such as `#!/bin/bash` (so "
                              "that `./{name}` knows which program runs it), not: {p2!r}",
                              name=name, p2=cut(first, 60)),
                          show_values=False,
                          hidden_message="the first line of your script should be a shebang such as `#!/bin/bash`")
    if script.startswith("\n"):
        raise CheckFailed("the shebang must be the very first line of the file: remove the empty line before it "
                          "(start the string with \"\"\"#!/bin/bash)", show_values=False)
    bad = script_syntax_error(script, name)
    if bad:
        shell, lines = bad
        head = msg("your script has a syntax error, so {shell} did not run it", shell=shell)
        raise CheckFailed(joined([head, *("  " + cut(line) for line in lines[:6])], "\n"), show_values=False,
                          hidden_message=msg("{message}: {errors}", message=head, errors="; ".join(lines[:2])))
    parts = _compared(compare)
    if tmpdir is not None:
        variables = (*variables, f'TMPDIR="$SERVER/{tmpdir}"')
    invocation = " ".join([*variables, f"./{name}", *map(shlex.quote, args)])
    harness = f"chmod +x {name} && {invocation}"
    guard = tmpdir is not None
    res = run(harness, seed, setup=setup, script=script, script_name=name, tmp_guard=guard, tmp_also=tmp_also)
    res.command = invocation
    res.files.pop(name, None)
    if reference is not None:
        ref = run(harness, seed, setup=setup, script=reference, script_name=name, trusted=True, tmp_guard=guard,
                  tmp_also=tmp_also)
        ref.files.pop(name, None)
        exp_stdout = normalise(ref.stdout, unordered=unordered, spaces=spaces)
        exp_code, tree = (ref.code if code is not None and code != NONZERO else code), ref.files
    else:
        exp_stdout = None if stdout is None else normalise(stdout, unordered=unordered, spaces=spaces)
        exp_code, tree = code, _expected_tree(seed, files, setup)
    if res.code in (126, 127) and any(s in res.stderr for s in ("Exec format error", "bad interpreter",
                                                                 "required file not found")):
        raise CheckFailed(msg("the system could not start your script: {error}", error=cut(res.stderr.strip(), 200)),
                          hint="check the shebang line: `#!/bin/bash` (no space before #!, the path of a program "
                               "that exists)", show_values=False,
                          hidden_message="the system could not start your script")
    _compare(res, stdout=exp_stdout if "stdout" in parts else None, code=exp_code if "code" in parts else None,
             tree=tree if "files" in parts else None, stderr_pattern=stderr_pattern,
             subject=msg("your script"), label=msg("ran"), hint=hint, unordered=unordered, spaces=spaces, setup=setup)


# ------------------------------------------------------------- for students

def show(res: Result) -> str:
    """A short report of a Result: exit code, stdout, stderr, changed files
    (in the current language)."""
    lines = [f"$ {res.command.strip()}"]
    out = normalise(res.stdout)
    lines.append(render(_indent(out, 20)) if out else render(msg("      (nothing on stdout)")))
    err = normalise(res.stderr)
    if err:
        lines.append(render(msg("  stderr:")))
        lines.append(render(_indent(err, 8)))
    lines.append(render(msg("  exit code: {code}", code=res.code) if not res.timed_out
                        else msg("  stopped after the timeout")))
    return "\n".join(lines)


def preview(command, seed: int = 0, env: dict | None = None, show_files: bool = True) -> None:
    """Try an answer string exactly as the checks will run it (fresh copy of
    the server folder, bash, LC_ALL=C; the model API started first when the
    command names DAON_API, the training runs written first when it names
    runs/) and print what it did."""
    if not previewable(command):
        return
    setup = RUNS_SETUP % seed if re.search(r"\bruns\b", command) else None   # as 01's du and tar questions' checks do
    res = run(command, seed, env=env, setup=setup, background=command.rstrip().endswith("&")
              and not command.rstrip().endswith("&&"),
              service=ops.API_SCRIPT if "DAON_API" in command else None)   # as 01's curl question's check does
    text = show(res)
    if show_files:
        before = pristine(seed) if setup is None else _expected_tree(seed, None, setup)
        changes = [p.short() for p in _tree_problems(before, res.files)]
        text += "\n" + (render(msg("  files: unchanged")) if not changes
                         else render(joined([msg("  files changed:"), *(msg("    - {change}", change=c)
                                                                         for c in changes)], "\n")))
    print(text)
