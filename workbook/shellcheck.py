"""Running and checking shell answers for 01_shell (cmdchallenge-style).

A shell answer is a string: a command line (or a script's text). The checks
run it with ``bash`` in a **fresh scratch copy** of Daon Market's server
folder (``workbook.data.server``), with a timeout, a clean environment and
``LC_ALL=C`` (so sorting and character classes do not depend on the machine's
language settings), then compare

* what it printed on stdout (trailing whitespace and trailing empty lines
  ignored; line order ignored only when the question says so; runs of spaces
  ignored only when the question says so),
* its exit code, and
* the files it left behind: the whole folder is compared, so a file that was
  created, deleted or changed by mistake is reported.

The expected result is either written out (visible tests: ``stdout=...``,
``files=...``) or obtained by running a reference command on a copy made
with the same seed (hidden tests: ``reference=...``). Failure messages show
the student's command, what it printed and how that differs from what was
expected; they never show the reference command.

Nothing here prints to stderr: a failed check raises
``workbook.checks.CheckFailed``.
"""
from __future__ import annotations

import atexit
import difflib
import hashlib
import os
import queue
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .checks import CheckFailed
from .data import server

DEFAULT_TIMEOUT = 10.0
MAX_OUTPUT = 2_000_000  # bytes of stdout/stderr kept
MAX_FILE = 8_000_000  # bigger files left behind are compared by digest
SHOW_LINES = 12


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

    def __repr__(self) -> str:  # readable in a notebook
        return show(self)


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file (with its content) and folder under root, by relative path."""
    out: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        for d in dirnames:
            rel = os.path.normpath(os.path.join(rel_dir, d))
            full = os.path.join(dirpath, d)
            if os.path.islink(full):
                out[rel] = ("-> " + os.readlink(full)).encode()
            else:
                out[rel + "/"] = None
        for f in filenames:
            rel = os.path.normpath(os.path.join(rel_dir, f))
            full = os.path.join(dirpath, f)
            try:
                if os.path.islink(full):
                    out[rel] = ("-> " + os.readlink(full)).encode()
                elif not stat.S_ISREG(os.stat(full).st_mode):
                    out[rel] = b"<not a regular file>"
                elif os.path.getsize(full) > MAX_FILE:
                    out[rel] = _digest(full)
                else:
                    with open(full, "rb") as fh:
                        out[rel] = fh.read()
            except OSError as e:  # a fifo, a file without read permission, ...
                out[rel] = f"<unreadable: {e.strerror}>".encode()
    return out


def _digest(path: str) -> bytes:
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            n += len(chunk)
    return f"<a big file: {n} bytes, sha256 {h.hexdigest()[:16]}>".encode()


def pristine(seed: int = 0) -> dict[str, bytes | None]:
    """The tree of a fresh server folder (same shape as ``Result.files``)."""
    sf = server.server_files(seed)
    out: dict[str, bytes | None] = dict(sf.files)
    dirs = set(sf.empty_dirs)
    for rel in sf.files:
        parts = rel.split("/")[:-1]
        for k in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:k]))
    out.update({d + "/": None for d in dirs})
    return out


def server_file(path: str, seed: int = 0) -> str:
    """The text of one file of a fresh server folder (for expected values)."""
    return server.server_files(seed).text(path)


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


def _drain(pipe, buf: list[bytes]) -> None:
    """Read a pipe to its end, keeping at most MAX_OUTPUT bytes (a runaway
    command such as `yes` must not fill the memory)."""
    kept = 0
    try:
        while True:
            chunk = pipe.read1(65536)
            if not chunk:
                break
            if kept < MAX_OUTPUT:
                buf.append(chunk[:MAX_OUTPUT - kept])
                kept += len(buf[-1])
                if kept >= MAX_OUTPUT:
                    buf.append(b"\n[... output cut ...]")
    except (OSError, ValueError):
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def _decode(b: bytes) -> str:
    return b.decode("utf-8", errors="replace")


def run(command: str, seed: int = 0, *, setup: str | None = None, env: dict | None = None,
        script: str | None = None, script_name: str = "count_csv_lines.sh", background: bool = False,
        timeout: float = DEFAULT_TIMEOUT) -> Result:
    """Run ``command`` with bash in a fresh copy of the server folder.

    ``setup`` (a shell snippet) runs first, in the same copy; its output is
    discarded. ``script`` is written to ``script_name`` in the copy (not yet
    executable) before ``command`` runs. ``background=True`` waits for the
    command's background jobs before looking at the files."""
    tmp = Path(tempfile.mkdtemp(prefix="daon-shell-"))
    try:
        root = tmp / "server"
        home = tmp / "home"
        home.mkdir()
        server.write_server(seed, root)
        full_env = _env(root, home, env)
        if setup:
            subprocess.run(["bash", "-c", setup], cwd=root, env=full_env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        if script is not None:
            (root / script_name).write_text(script, encoding="utf-8")
        text = command + ("\nwait" if background else "")
        proc = subprocess.Popen(["bash", "-c", text], cwd=root, env=full_env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        start = time.monotonic()
        out_buf: list[bytes] = []
        err_buf: list[bytes] = []
        readers = [threading.Thread(target=_drain, args=(proc.stdout, out_buf), daemon=True),
                   threading.Thread(target=_drain, args=(proc.stderr, err_buf), daemon=True)]
        for r in readers:
            r.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout)
            for r in readers:  # background jobs may still hold the pipes open
                r.join(timeout=max(0.5, timeout - (time.monotonic() - start)))
            timed_out = any(r.is_alive() for r in readers)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _killpg(proc)  # the command's processes, and stray background jobs
            proc.wait()
            for r in readers:
                r.join(timeout=2)
        out, err = b"".join(out_buf), b"".join(err_buf)
        code = None if timed_out else proc.returncode
        files = _tree(root)
        return Result(command, _decode(out), _decode(err), code, files, timed_out, timeout)
    finally:
        _remove_later(tmp)


_trash: "queue.Queue[Path | None]" = queue.Queue()
_cleaner: threading.Thread | None = None


def _remove(tmp: Path) -> None:
    _make_removable(tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def _clean_forever() -> None:
    while True:
        tmp = _trash.get()
        if tmp is None:
            return
        _remove(tmp)


def _finish_cleaning() -> None:
    while True:
        try:
            tmp = _trash.get_nowait()
        except queue.Empty:
            return
        if tmp is not None:
            _remove(tmp)


def _remove_later(tmp: Path) -> None:
    """Scratch copies are deleted by a background thread (deleting is slow on
    a busy disk and nobody waits for it); whatever is left at exit is
    deleted then."""
    global _cleaner
    if _cleaner is None or not _cleaner.is_alive():
        _cleaner = threading.Thread(target=_clean_forever, name="shellcheck-cleaner", daemon=True)
        _cleaner.start()
        atexit.register(_finish_cleaning)
    _trash.put(tmp)


def _killpg(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _make_removable(tmp: Path) -> None:
    """A command may have removed permissions (chmod 000); give them back."""
    for dirpath, dirnames, _ in os.walk(tmp):
        for d in dirnames:
            try:
                os.chmod(os.path.join(dirpath, d), 0o755)
            except OSError:
                pass


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


def _indent(lines: list[str], limit: int = SHOW_LINES) -> str:
    if not lines:
        return "        (nothing)"
    shown = ["        " + (line if len(line) <= 160 else line[:157] + "...") for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"        ... ({len(lines) - limit} more lines)")
    return "\n".join(shown)


def _diff(expected: list[str], got: list[str]) -> str:
    diff = list(difflib.unified_diff(expected, got, "expected", "your output", n=1, lineterm=""))
    body = [d for d in diff[2:]]
    if len(body) > 2 * SHOW_LINES:
        body = body[:2 * SHOW_LINES] + [f"... ({len(body) - 2 * SHOW_LINES} more diff lines)"]
    return "\n".join("        " + (d if len(d) <= 160 else d[:157] + "...") for d in body)


def _describe_file(data: bytes | None) -> str:
    if data is None:
        return "a folder"
    if b"\0" in data[:2048]:
        return f"{len(data)} bytes"
    n = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    return f"{n} line{'s' * (n != 1)}" if data else "empty"


def _tree_problems(expected: dict, got: dict) -> list[str]:
    out = []
    for p in sorted(set(expected) | set(got)):
        e, g = expected.get(p, ...), got.get(p, ...)
        name = p.rstrip("/")
        if e is ...:
            kind = "folder" if g is None else "file"
            out.append(f"created {kind} `{name}`, which should not be there")
        elif g is ...:
            kind = "folder" if e is None else "file"
            out.append(f"missing {kind} `{name}`" + ("" if e is None else f" (expected {_describe_file(e)})"))
        elif e != g:
            if (e is None) != (g is None):
                out.append(f"`{name}` should be {_describe_file(e)}, not {_describe_file(g)}")
            else:
                detail = _file_diff(e, g)
                out.append(f"`{name}` does not have the expected content{detail}")
    return out


def _file_diff(e: bytes, g: bytes) -> str:
    de, dg = _describe_file(e), _describe_file(g)
    if b"\0" in e[:2048] or b"\0" in g[:2048]:
        return f" (expected {de}, found {dg})"
    if not g:
        return f" (it is empty; expected {de})"
    el, gl = e.decode("utf-8", "replace").splitlines(), g.decode("utf-8", "replace").splitlines()
    if len(el) > len(gl) and el[:len(gl)] == gl:
        return f" (expected {de}, found only the first {dg})"
    if len(gl) > len(el) and gl[:len(el)] == el:
        return f" (expected {de}, found {dg}: extra lines at the end)"
    if len(gl) > len(el) and gl[-len(el):] == el:
        return f" (expected {de}, found {dg}: extra lines at the start)"
    if sorted(el) == sorted(gl):
        return " (the same lines in another order)"
    diff = list(difflib.unified_diff(el, gl, "expected", "found", n=0, lineterm=""))[2:]
    shown = "\n".join("        " + d[:160] for d in diff[:8])
    return f" (expected {de}, found {dg}):\n{shown}"


# ------------------------------------------------------------------ checks

def _fail(question: str, message: str, hint: str | None = None):
    __tracebackhide__ = True
    raise CheckFailed(question, message, hint=hint, show_values=False)


def _check_string(question: str, command, what: str = "command") -> str:
    __tracebackhide__ = True
    if not isinstance(command, str):
        _fail(question, f"your answer should be a string holding the {what} (in quotes), "
                        f"not a {type(command).__name__}")
    if not command.strip():
        _fail(question, f"your answer is an empty string: write the {what} between the quotes")
    return command


def _header(question: str, res: Result, label: str) -> str:
    cmd = res.command.strip()
    lines = cmd.splitlines() or [""]
    shown = lines[0] if len(lines) == 1 else "\n".join("      " + line for line in lines[:15])
    head = f"{label}: {shown}" if len(lines) == 1 else f"{label}:\n{shown}"
    return head


def _compare(question: str, res: Result, *, stdout: list[str] | None, code: int | None,
             tree: dict | None, stderr_pattern: str | None, label: str, hint: str | None,
             unordered: bool, spaces: bool) -> None:
    __tracebackhide__ = True
    head = "  " + _header(question, res, label)
    err_lines = normalise(res.stderr)
    err_part = f"\n  it printed on stderr:\n{_indent(err_lines, 6)}" if err_lines else ""
    if res.timed_out:
        _fail(question, f"the command did not finish within {res.timeout:g} s and was stopped.\n{head}"
                        + err_part,
              hint=hint or "is a command waiting for input? (for example `grep word` without a file name "
                           "reads the keyboard), a loop endless, or a background job (&) still running?")
    got = normalise(res.stdout, unordered=unordered, spaces=spaces)
    problems = []
    if stdout is not None and got != stdout:
        how = [w for w, on in (("line order ignored", unordered), ("spacing ignored", spaces)) if on]
        note = f" ({', '.join(how)})" if how else ""
        if not unordered and sorted(got) == sorted(stdout):
            note += ": the right lines, in the wrong order"
        msg = f"it printed something else than expected{note}.\n    it printed:\n{_indent(got)}\n"
        if len(stdout) <= SHOW_LINES and len(got) <= SHOW_LINES:
            msg += f"    expected:\n{_indent(stdout)}"
        else:
            msg += f"    difference (- expected, + yours):\n{_diff(stdout, got)}"
        problems.append(msg)
    if code is not None and res.code != code:
        problems.append(f"it finished with exit code {res.code}, expected {code}")
    if stderr_pattern is not None and not re.search(stderr_pattern, res.stderr):
        problems.append("it should print a message on stderr (>&2) here, but "
                        + ("printed nothing there" if not res.stderr.strip()
                           else "that message is not the expected one"))
    if tree is not None:
        tp = _tree_problems(tree, res.files)
        if tp:
            problems.append("the files it left behind are not as expected:\n"
                            + "\n".join("      - " + p for p in tp[:10])
                            + (f"\n      ... and {len(tp) - 10} more" if len(tp) > 10 else ""))
    if problems:
        body = "\n".join(f"  * {p}" for p in problems)
        _fail(question, f"your answer does not do what was asked.\n{head}\n{body}" + err_part, hint=hint)


def _expected_tree(seed: int, files: dict | None, setup: str | None) -> dict:
    """The fresh folder (after ``setup``, if any) with the listed changes."""
    tree = pristine(seed) if not setup else run(":", seed, setup=setup).files
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
    else:
        tree[path] = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    parts = path.rstrip("/").split("/")[:-1]
    for k in range(1, len(parts) + 1):
        tree["/".join(parts[:k]) + "/"] = None


def check_command(question: str, command, *, seed: int = 0, stdout: str | None = None,
                  reference: str | None = None, code: int | None = 0, files: dict | None = None,
                  unordered: bool = False, spaces: bool = False, setup: str | None = None,
                  env: dict | None = None, background: bool = False, stderr_pattern: str | None = None,
                  require: list[tuple[str, str]] = (), hint: str | None = None,
                  timeout: float = DEFAULT_TIMEOUT) -> None:
    """Run the student's ``command`` and compare it with what is expected.

    Visible tests give the expectation: ``stdout`` (text), ``code`` (exit
    code, None to ignore) and ``files`` (relative path -> expected text, or
    None for "must not exist"; paths ending in "/" are folders); every other
    file must be left as it was. Hidden tests give ``reference``, a command
    run on its own fresh copy: its stdout, exit code and whole folder are
    then expected. ``require`` lists (regex, message) pairs the command text
    itself must match (for conceptual questions such as ``nohup ... &``)."""
    __tracebackhide__ = True
    command = _check_string(question, command)
    for pattern, message in require:
        if not re.search(pattern, command, re.MULTILINE):
            _fail(question, f"{message}\n  your command: {command.strip()}", hint=hint)
    res = run(command, seed, setup=setup, env=env, background=background, timeout=timeout)
    if reference is not None:
        ref = run(reference, seed, setup=setup, env=env, background=background, timeout=timeout)
        exp_stdout = normalise(ref.stdout, unordered=unordered, spaces=spaces)
        exp_code = ref.code if code is not None else None
        tree = ref.files
    else:
        exp_stdout = None if stdout is None else normalise(stdout, unordered=unordered, spaces=spaces)
        exp_code = code
        tree = _expected_tree(seed, files, setup)
    _compare(question, res, stdout=exp_stdout, code=exp_code, tree=tree, stderr_pattern=stderr_pattern,
             label="your command", hint=hint, unordered=unordered, spaces=spaces)


def check_script(question: str, script, args: list[str] | tuple[str, ...] = (), *, seed: int = 0,
                 stdout: str | None = None, reference: str | None = None, code: int | None = 0,
                 unordered: bool = False, spaces: bool = False, stderr_pattern: str | None = None,
                 name: str = "count_csv_lines.sh", hint: str | None = None) -> None:
    """Save the student's ``script`` text as ``name`` in a fresh copy, make
    it executable (chmod +x) and run ``./name ARGS`` (the kernel reads the
    shebang line to choose the interpreter). ``reference`` is a script text
    run the same way; the folder is compared without the script file."""
    __tracebackhide__ = True
    script = _check_string(question, script, what="script")
    first = script.lstrip("\n").splitlines()[0] if script.strip() else ""
    if not first.startswith("#!"):
        _fail(question, f"the first line of your script should be a shebang such as `#!/bin/bash` "
                        f"(so that `./{name}` knows which program runs it), not: {first!r}",
              hint=hint)
    if script.startswith("\n"):
        _fail(question, "the shebang must be the very first line of the file: remove the empty line before it "
                        "(start the string with \"\"\"#!/bin/bash)", hint=hint)
    invocation = " ".join([f"./{name}", *map(shlex.quote, args)])
    harness = f"chmod +x {name} && {invocation}"
    res = run(harness, seed, script=script, script_name=name)
    res.command = invocation
    res.files.pop(name, None)
    if reference is not None:
        ref = run(harness, seed, script=reference, script_name=name)
        ref.files.pop(name, None)
        exp_stdout = normalise(ref.stdout, unordered=unordered, spaces=spaces)
        exp_code, tree = (ref.code if code is not None else None), ref.files
    else:
        exp_stdout = None if stdout is None else normalise(stdout, unordered=unordered, spaces=spaces)
        exp_code, tree = code, pristine(seed)
    if res.code in (126, 127) and any(s in res.stderr for s in ("Exec format error", "bad interpreter", "required file not found")):
        _fail(question, f"the system could not start your script: {res.stderr.strip()[:200]}",
              hint="check the shebang line: `#!/bin/bash` (no space before #!, the path of a program that exists)")
    _compare(question, res, stdout=exp_stdout, code=exp_code, tree=tree, stderr_pattern=stderr_pattern,
             label="ran", hint=hint, unordered=unordered, spaces=spaces)


# ------------------------------------------------------------- for students

def show(res: Result) -> str:
    """A short report of a Result: exit code, stdout, stderr, changed files."""
    lines = [f"$ {res.command.strip()}"]
    out = normalise(res.stdout)
    lines.append(_indent(out, 20) if out else "      (nothing on stdout)")
    err = normalise(res.stderr)
    if err:
        lines.append("  stderr:")
        lines.append(_indent(err, 8))
    lines.append(f"  exit code: {res.code}" if not res.timed_out else "  stopped after the timeout")
    return "\n".join(lines)


def preview(command, seed: int = 0, env: dict | None = None, show_files: bool = True) -> None:
    """Try an answer string exactly as the checks will run it (fresh copy of
    the server folder, bash, LC_ALL=C) and print what it did."""
    if not isinstance(command, str):
        print(f"preview() needs a string, not a {type(command).__name__}")
        return
    res = run(command, seed, env=env, background=command.rstrip().endswith("&")
              and not command.rstrip().endswith("&&"))
    text = show(res)
    if show_files:
        changes = _tree_problems(pristine(seed), res.files)
        changes = [c.replace(", which should not be there", "").replace("missing", "removed")
                    .replace(" does not have the expected content", " changed") for c in changes]
        changes = [c.split(" (")[0].split(":\n")[0] for c in changes]
        text += ("\n  files: unchanged" if not changes
                 else "\n  files changed:\n" + "\n".join(f"    - {c}" for c in changes))
    print(text)
