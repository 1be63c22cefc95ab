"""Trying a student's pre-commit hook with real commits (06_git, Question 26).

The answer is the text of ``.git/hooks/pre-commit``. The check writes it into a
fresh repository of the scenario ``hooks`` (executable), then, for each case of
``workbook.data.hookcases`` (a seed's commits), stages the case's files on a
branch of its own started at main (a random name: ``try/3f2a...``), changes the
working tree after the ``git add`` where the case says so, and runs ``git
commit``: git runs the hook as it would on the student's laptop. One driver
(``hookdriver.py``) does every case, and the repository is read afterwards in the
same jail (``Attempt.run`` with ``read_after``: one jail per answer, whose init is
the reader, so nothing of the hook runs during the read). The driver gets the
cases in a file it deletes before the first commit, and makes itself
non-dumpable: the hook sees the current case's files only, never the list of
cases (no argv, file or process of the jail it can read holds it). A jail stopped
at one of its limits (disk, files, memory, CPU) fails with that reason.

The verdict comes from what the reader finds, never from the hook's text nor
from what the hook printed about itself. The driver notes where each case's
branch stands right after that case's own ``git commit`` and reports it with
the rest once every commit is done (``_outputs``): a branch found elsewhere at
the end moved after its commit (a hook that refused it, then made it once it
had seen the other cases), and that case fails. A case's branch still at main means
the commit was refused; one new commit on top of main whose files are exactly
main's plus what was staged means it went through; anything else (the index
changed by the hook, the branch moved elsewhere) is neither. What the commit
printed is used only to check that a refusal names the refused file, and is
shown in a visible failure.
"""
from __future__ import annotations

import base64
import binascii
import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from ..data.hookcases import LIMIT, OLD_NOTEBOOK, Case, has_outputs, hook_cases
from ..messages import joined, msg, nmsg
from .command import answer_text, cut
from .core import CheckFailed
from .gitcheck import Attempt, Unreadable, blob_oid, refused_message
from .gitmodel import State

HOOK = ".git/hooks/pre-commit"
SCENARIO = "hooks"
TIMEOUT = 60.0          # every commit of one answer together
SHOWN_OUTPUT = 8        # lines of a commit's output a visible failure shows


@dataclass
class Tried:
    """One case after its commit: ``outcome`` is "committed" (one new commit holding exactly what was
    staged), "refused" (the branch still at main), or "other"; ``output`` what ``git commit`` printed
    (the hook's lines among it), ``code`` its exit code as the driver saw it (shown only)."""

    case: Case
    branch: str
    outcome: str
    output: str
    code: str


DRIVER = Path(__file__).with_name("hookdriver.py")


def _spec(cases: list[Case], main: str) -> bytes:
    """What the driver (``hookdriver.py``) commits: each case on its own branch, its files in base64."""
    def files(changes: dict[str, bytes | None]) -> list:
        return [[p, None if d is None else base64.b64encode(d).decode()] for p, d in changes.items()]
    return json.dumps({"main": main, "cases": [{"branch": _branch(c, k), "stage": files(c.stage),
                                                "after": files(c.after)} for k, c in enumerate(cases, 1)]}).encode()


def _branch(case: Case, k: int) -> str:
    return case.branch or f"case-{k:02d}"


def _outputs(stdout: str) -> dict[str, tuple[str, str, str | None]]:
    """branch -> (what its commit printed, its exit code, the branch's commit id right after its commit: None
    when the driver did not say), from the driver's lines (the hook never holds the driver's stdout: it
    writes into a pipe of the driver's own)."""
    out: dict[str, tuple[str, str, str | None]] = {}
    for line in stdout.splitlines():
        try:
            d = json.loads(line)
            tip = d.get("tip")
            out[str(d["branch"])] = (base64.b64decode(d["out"]).decode("utf-8", "replace"), str(d["code"]),
                                     tip if isinstance(tip, str) else None)
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
            continue
    return out


class HookTrial:
    """The cases of a seed committed with the hook ``hook``; use it in a ``with`` (the scratch folder is
    removed at the end). ``tried``: a ``Tried`` per case, in the order they were committed."""

    def __init__(self, hook, seed: int = 0, cases: list[Case] | None = None, timeout: float = TIMEOUT):
        self.hook = answer_text(hook, msg("hook"))
        self.seed = seed
        self.cases = hook_cases(seed) if cases is None else cases
        self.attempt = a = Attempt(seed, SCENARIO)
        self.tried: list[Tried] = []
        self.timeout, self.timed_out = timeout, False
        try:
            before = a.before   # read before the hook is written (the fresh repository's, kept)
            main = before.branch("main")
            base = {p: oid for p, (_, oid) in before.tree(main).items()}
            hooks = a.repo / ".git" / "hooks"
            hooks.mkdir(exist_ok=True)
            (hooks / "pre-commit").write_bytes(self.hook.encode())
            os.chmod(hooks / "pre-commit", 0o755)
            spec = a.tmp / "hookcases.json"   # read and deleted by the driver before any commit
            spec.write_bytes(_spec(self.cases, main))
            ran = a.run(f"exec {shlex.quote(sys.executable)} -I -S {shlex.quote(str(DRIVER))} "
                        f"{shlex.quote(str(spec))}", timeout=timeout, read_after=[])
            self.timed_out = ran.timed_out
            if a.stopped is not None:
                raise self._failure(msg("the commits were stopped: {why}", why=a.stopped),
                                    hint="does your hook write many or big files, use much memory or loop forever?")
            try:
                state = a.read()
            except Unreadable as e:
                raise self._failure(msg("the repository could not be read after the commits"), e.args[0]) from None
            if state.refused:
                raise self._failure(msg("after the commits, {why}", why=refused_message(state)), state.error)
            if not state.ok:
                raise self._failure(msg("after the commits the repository is broken"), state.error)
            printed = _outputs(ran.stdout)
            for k, case in enumerate(self.cases, 1):
                branch = _branch(case, k)
                output, code, tip = printed.get(branch, ("", "", None))
                self.tried.append(Tried(case, branch, _outcome(state, branch, main, base, case, tip), output, code))
        except BaseException:
            a.close()
            raise

    def _failure(self, what, *details, hint=None) -> CheckFailed:
        return CheckFailed(joined([what, msg("  (your hook written into {path})", path=HOOK),
                                   *(msg("  {line}", line=d) for d in details if d)], "\n"),
                           hint=hint, show_values=False,
                           hidden_message=msg("in another repository (generated with another seed), {what}", what=what))

    def __enter__(self) -> "HookTrial":
        return self

    def __exit__(self, *exc) -> bool:
        self.attempt.close()
        return False


def _outcome(state: State, branch: str, main: str, base: dict[str, str], case: Case, recorded: str | None) -> str:
    """"refused", "committed" or "other" from the branch as the reader finds it after every commit, which must
    be where the driver found it right after this case's own ``git commit`` (``recorded``): a branch moved
    later, by the hook of another commit, is neither (a hook cannot refuse now and let through later, once
    it has seen the other cases). A commit id names its tree, so the one recorded holds what it held then."""
    tip = state.branch(branch)
    if recorded is None or tip != recorded:
        return "other"
    if tip == main:
        return "refused"
    if tip is None or not state.has(tip):
        return "other"
    try:
        commit = state.commit(tip)
        files = {p: oid for p, (_, oid) in state.tree(tip).items()}
    except Unreadable:
        return "other"
    want = dict(base)
    for path, data in case.stage.items():
        if data is None:
            want.pop(path, None)
        else:
            want[path] = blob_oid(data)
    return "committed" if commit.parents == (main,) and files == want else "other"


# ------------------------------------------------------------------ describing a case
def _describe(path: str, data: bytes | None):
    if data is None:
        return msg("{path}: deleted (git rm)", path=path)
    if path.endswith(".ipynb"):
        outputs, counts = has_outputs(data)
        return {(True, True): msg("{path}: a notebook with outputs and execution counts", path=path),
                (False, True): msg("{path}: a notebook without outputs, with an execution count", path=path),
                (True, False): msg("{path}: a notebook with an output, without execution counts", path=path),
                (False, False): msg("{path}: a notebook without outputs or execution counts", path=path),
                }[(outputs, counts)]
    return nmsg("{path}: {n} byte", "{path}: {n} bytes", len(data), path=path, n=f"{len(data):,}")


def describe(t: Tried) -> list:
    """The case as a visible failure shows it: what was staged, what changed after, what the commit printed."""
    lines = [msg("  the commit ({branch}, started at main) stages:", branch=t.branch)]
    lines += [msg("    {file}", file=_describe(p, d)) for p, d in t.case.stage.items()]
    if t.case.after:
        lines.append(msg("  then, after git add, the working tree only (not staged):"))
        lines += [msg("    {file}", file=_describe(p, d)) for p, d in t.case.after.items()]
    printed = [line for line in t.output.splitlines() if line.strip()]
    if printed:
        lines.append(msg("  git commit printed:"))
        lines += ["      " + cut(line) for line in printed[-SHOWN_OUTPUT:]]
    else:
        lines.append(msg("  git commit printed nothing"))
    if t.code:
        lines.append(msg("  git commit exited with code {code}", code=t.code))
    return lines


def _refused_wrongly(kind: str):
    return {
        "clean": msg("your hook refused a clean notebook: no code cell has outputs or an execution count"),
        "worktree-dirty": msg("your hook refused a commit whose staged notebook is clean: the outputs are only in the "
                              "working tree (the notebook was run again after git add)"),
        "at-limit": msg("your hook refused a data file of exactly {limit:,} bytes: only a larger file is refused",
                        limit=LIMIT),
        "big-unstaged": msg("your hook refused a commit whose staged data file is small: the big version is only in "
                            "the working tree, not staged"),
        "deleted": msg("your hook refused a commit that deletes a notebook (git rm): a deletion adds nothing to "
                       "check"),
        "worktree-both-clean": msg("your hook refused a commit whose staged notebook is clean: it was edited in the "
                                   "working tree after git add, still without outputs"),
        "small-both": msg("your hook refused a commit whose staged data file is small: another small version "
                          "replaced it in the working tree after git add"),
    }.get(kind, msg("your hook refused a commit it should let through"))


def _let_through(kind: str):
    return {
        "outputs": msg("your hook let a notebook with outputs and execution counts through"),
        "count-only": msg("your hook let a notebook with an execution count through (its outputs are empty)"),
        "outputs-only": msg("your hook let a notebook with an output through (its execution counts are null)"),
        "outputs-beside": msg("your hook let a notebook with outputs or an execution count through, committed beside "
                              "a new module"),
        "worktree-count-only": msg("your hook let a notebook staged with an execution count through (its outputs are "
                                   "empty): it was stripped in the working tree only, after git add"),
        "worktree-outputs-only": msg("your hook let a notebook staged with an output through (its execution counts "
                                     "are null): it was stripped in the working tree only, after git add"),
        "worktree-clean": msg("your hook let a notebook staged with outputs through: they were stripped in the "
                              "working tree only, after git add"),
        "over-limit": msg("your hook let a data file of {size:,} bytes through", size=LIMIT + 1),
        "big-staged": msg("your hook let a data file larger than {limit:,} bytes, as staged, through: it was cut "
                          "small in the working tree only, after git add", limit=LIMIT),
        "worktree-both-outputs": msg("your hook let a notebook staged with outputs or an execution count through: it "
                                     "was run again in the working tree after git add"),
        "big-both": msg("your hook let a data file larger than {limit:,} bytes, as staged, through: an even bigger "
                        "one replaced it in the working tree after git add", limit=LIMIT),
        "renamed": msg("your hook let a notebook with outputs through under a new name (git mv): the commit adds it "
                       "at its new path"),
    }.get(kind, msg("your hook let a commit through that it should refuse"))


NAMES_HINT = "read the names with -z (without it git quotes a name with Korean characters) and never split them on spaces"


def _names_cut(t: Tried) -> bool:
    """What the commit printed shows a name cut at a space, or quoted with octal escapes (Hangul's UTF-8 bytes
    begin with \\352 to \\355): the hook did not read the names whole."""
    cut_at_space = any(" " in p and f"'{p.split(' ')[0]}'" in t.output for p in t.case.stage)
    return cut_at_space or any(f"\\{n}" in t.output for n in (352, 353, 354, 355))


def _plain(path: str) -> bool:
    return path.isascii() and " " not in path


def _let_through_hint(t: Tried, tried: list[Tried]):
    """The hint for a case let through that should be refused: about names when the output shows a name cut
    or quoted, or when the hook let through a file whose name has spaces or Korean but refused one of a
    plain name; else about what the file holds."""
    case = t.case
    if _names_cut(t):
        return msg(NAMES_HINT)
    named = [p for p in case.refused if not _plain(p)]
    if named and any(o.outcome == "refused" and o.case.refused and all(_plain(p) for p in o.case.refused)
                     for o in tried):
        return msg(NAMES_HINT)
    if case.after:
        return msg("read the staged version (git show :PATH, git diff --cached), not the file on disk")
    return {
        "outputs": msg("a code cell whose outputs list is not empty is enough to refuse the notebook"),
        "count-only": msg("an execution_count that is not null is enough to refuse the notebook, even when its "
                          "outputs are empty"),
        "outputs-only": msg("an outputs list that is not empty is enough to refuse the notebook, even when every "
                            "execution_count is null"),
        "outputs-beside": msg("a code cell whose outputs list is not empty, or whose execution_count is not null, is "
                              "enough to refuse the notebook"),
        "over-limit": msg("1,000,001 bytes is larger than 1,000,000: refuse a staged size > 1000000 (here 1 MB is "
                          "1,000,000 bytes, not 1,048,576)"),
        "renamed": msg("git diff --cached lists a renamed file with status R: keep it (--diff-filter=ACMR, or d to "
                       "leave out only deletions)"),
    }.get(case.kind, msg("exit with a code other than 0 to refuse the commit"))


def _refused_wrongly_hint(t: Tried):
    if _names_cut(t):
        return msg(NAMES_HINT)
    if OLD_NOTEBOOK in t.output and OLD_NOTEBOOK not in t.case.stage:
        return msg("check only the files the commit adds or changes (git diff --cached), not every tracked file")
    if t.case.after:
        return msg("read the staged version (git show :PATH), not the file on disk")
    return {
        "deleted": msg("a deleted file has no staged version: leave deletions out (--diff-filter)"),
        "at-limit": msg("exactly 1,000,000 bytes is allowed: refuse only a staged size > 1000000"),
    }.get(t.case.kind, msg("is it a crash? Run the hook in the playground on a clean commit and read its error"))


def check_hook(trial: HookTrial, refused, *, hint=None) -> None:
    """Each case's outcome is the one ``refused`` (a function: case -> the paths the question refuses) asks for: no
    path, the commit goes through with exactly what was staged; some, it is refused and what the commit
    printed names each of them. The first case (in the order committed) that is not fails."""
    def fail(what, t: Tried | None, *more, hint=None):
        raise CheckFailed(joined([what, msg("  (your hook written into {path})", path=HOOK),
                                  *(describe(t) if t else []), *more], "\n"),
                          hint=hint, show_values=False,
                          hidden_message=msg("in another repository (generated with another seed), {what}",
                                             what=what))
    if trial.timed_out:
        fail(msg("the commits did not finish within {timeout:g} s and were stopped", timeout=trial.timeout), None,
             hint=hint or "does your hook wait for input (it gets none) or loop forever?")
    for t in trial.tried:
        want = refused(t.case)
        if t.outcome == "other":
            fail(msg("a commit holds something else than what was staged, or its branch moved after its commit: a "
                     "hook checks its own commit, it changes nothing"), t,
                 hint=hint or "exit with 1 to refuse and with 0 to let the commit through; never git add, "
                              "git reset or git commit inside the hook")
        if want and t.outcome == "committed":
            fail(_let_through(t.case.kind), t, hint=hint or _let_through_hint(t, trial.tried))
        if not want and t.outcome == "refused":
            fail(_refused_wrongly(t.case.kind), t, hint=hint or _refused_wrongly_hint(t))
        unnamed = [p for p in want if p not in t.output]
        if want and unnamed:
            fail(msg("your hook refused the commit but did not print the path of the file it refuses"), t,
                 msg("  the path that should appear: {path}", path=unnamed[0]),
                 hint=hint or "print each refused file's path as git names it (from the repository's root)")


def preview_hook(hook: str, seed: int = 0) -> None:
    """Try a hook exactly as the check does and print, for each commit, what it staged, whether it was
    made, and what git commit printed."""
    with HookTrial(hook, seed) as trial:
        words = {"committed": msg("committed"), "refused": msg("refused"), "other": msg("something else")}
        lines = []
        for t in trial.tried:
            lines.append(msg("{branch}: {outcome}", branch=t.branch, outcome=words[t.outcome]))
            lines += [msg("    {file}", file=_describe(p, d)) for p, d in t.case.stage.items()]
            if t.case.after:
                lines.append(msg("    then, in the working tree only:"))
                lines += [msg("    {file}", file=_describe(p, d)) for p, d in t.case.after.items()]
            lines += ["      | " + cut(line) for line in t.output.splitlines() if line.strip()][:SHOWN_OUTPUT]
        from ..messages import render
        print(render(joined(lines, "\n")))


__all__ = ["HookTrial", "Tried", "check_hook", "describe", "preview_hook"]
