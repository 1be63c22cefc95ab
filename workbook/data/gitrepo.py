"""06_git: Daon Market's churn-model project as a git repository, from a seed.

``write_repo(seed, scenario, dest)`` builds the repository ``daon-churn`` in
``dest`` from the plan of ``gitplan`` (``build_plan``: the history of a
small pure-Python project, about twenty commits by five team members, and
what the scenario adds on top of it; see ``gitplan.SCENARIOS``). Every commit has
fixed author and committer identities and dates, so the same seed always
gives the same commit ids (git's objects are content-addressed). The
history is written with ``git fast-import`` in one process, then checked
out. A repository is built once per process (or once in the judge's data
folder), seed and scenario, then copied.

``playground(scenario)`` gives a notebook a fresh copy to explore, with a
HOME of its own (``home/``, next to the repository) whose global
configuration is the story's laptop (``PERSONAL``, and init.defaultBranch); ``use_playground(scenario)``
also points the notebook's environment at it (``REPO``, ``HOME``,
``GIT_CONFIG_GLOBAL``, ``GIT_CONFIG_NOSYSTEM``), so that a ``%%bash`` cell
never reads or writes the student's own ``~/.gitconfig``.
``scenario_repo(seed, scenario)`` is the recipe a check sends to the
student's kernel (see ``workbook.checks.exercise.generated``).

Nothing here reads the machine's git configuration: git runs with
``GIT_CONFIG_NOSYSTEM=1``, ``GIT_CONFIG_GLOBAL=/dev/null`` and a clean
environment.
"""
from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import cache_dir, gitteam, prune_playgrounds
from .gitplan import LEARNER, Plan, base_history, build_plan
from .gitplan import SCENARIOS  # noqa: F401  (06's notebook imports it from here, released copies included)

VERSION = 1
GIT = shutil.which("git") or "/usr/bin/git"

#: the learner's personal identity, in the global configuration (~/.gitconfig)
#: of every playground's HOME: the laptop of 06's story (Question 1)
PERSONAL = ("seoyeon", "seoyeon.dev@gmail.com")
#: the date every command of a check runs at (commits made by an answer)
NOW = "2026-03-20T10:00:00+09:00"


# ------------------------------------------------------------------ writing
def _ident(person: tuple[str, str], when: dt.datetime) -> str:
    off = when.utcoffset() or dt.timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{person[0]} <{person[1]}> {int(when.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _data(b: bytes) -> bytes:
    return b"data %d\n" % len(b) + b + b"\n"


def _quote(path: str) -> str:
    if any(c in path for c in ' "\n\\') or path.startswith('"'):
        raise ValueError(f"path needs quoting: {path!r}")
    return path


def fast_import_stream(plan: Plan) -> bytes:
    """The whole history as a `git fast-import` stream (branches, tags)."""
    out: list[bytes] = []
    # commits in creation order (parents always come first)
    for i, c in enumerate(plan.commits):
        c.mark = i + 1
        out.append(b"commit refs/workbook/build\n")
        out.append(b"mark :%d\n" % c.mark)
        ident = _ident(c.author, c.when).encode()
        out.append(b"author " + ident + b"\n")
        out.append(b"committer " + ident + b"\n")
        msg = c.message.encode() + b"\n"
        out.append(_data(msg))
        if c.parents:
            out.append(b"from :%d\n" % plan.commits[c.parents[0]].mark)
            for p in c.parents[1:]:
                out.append(b"merge :%d\n" % plan.commits[p].mark)
        else:
            out.append(b"deleteall\n")
        for old, new in c.renames:
            out.append(f"R {_quote(old)} {_quote(new)}\n".encode())
        for path, text in c.changes.items():
            if text is None:
                out.append(f"D {_quote(path)}\n".encode())
            else:
                out.append(f"M 100644 inline {_quote(path)}\n".encode())
                out.append(_data(text.encode()))
        out.append(b"\n")
        # the next commit must not inherit this one as its parent by accident
        out.append(b"reset refs/workbook/build\n\n")
    for name, idx in plan.branches.items():
        out.append(f"reset refs/heads/{name}\nfrom :{plan.commits[idx].mark}\n\n".encode())
    for name, idx, message, tagger, when in plan.tags:
        if message is None:
            out.append(f"reset refs/tags/{name}\nfrom :{plan.commits[idx].mark}\n\n".encode())
        else:
            out.append(f"tag {name}\nfrom :{plan.commits[idx].mark}\n".encode())
            out.append(b"tagger " + _ident(tagger, when).encode() + b"\n")
            out.append(_data(message.encode() + b"\n"))
    out.append(b"done\n")
    return b"".join(out)


def git_env(home: str | Path | None = None) -> dict:
    """The environment the generator runs git with: nothing of the machine's
    configuration, fixed dates for anything it commits."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home or "/nonexistent"), "LC_ALL": "C",
            "LANG": "C", "TZ": "UTC", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_AUTHOR_DATE": NOW, "GIT_COMMITTER_DATE": NOW, "GIT_TERMINAL_PROMPT": "0",
            "GIT_EDITOR": "true", "GIT_PAGER": "cat"}


def _git(repo: Path, *args: str, stdin: bytes | None = None, env: dict | None = None) -> str:
    p = subprocess.run([GIT, *args], cwd=repo, input=stdin, capture_output=True, env=env or git_env())
    if p.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {p.stderr.decode(errors='replace')}")
    return p.stdout.decode()


def write_repo(seed: int, scenario: str, dest: str | Path, remote: str | Path | None = None) -> Path:
    """Build the repository of ``scenario`` for ``seed`` in ``dest`` (created;
    must be absent or empty). ``remote`` (scenario release): where the bare
    repository standing for GitHub goes (default: ``dest``'s sibling
    ``github/daon-churn.git``). Returns ``dest``.

    A repository is built once per process, seed and scenario, then copied
    (git's index is refreshed after the copy, the remote's path set)."""
    dest = Path(dest)
    template = _template(seed, scenario)
    if dest.exists():
        dest.rmdir()
    shutil.copytree(template / "daon-churn", dest, symlinks=True)
    subprocess.run([GIT, "update-index", "-q", "--refresh"], cwd=dest, env=git_env(), capture_output=True)
    if (template / "github").is_dir():
        bare = Path(remote) if remote else dest.parent / "github" / "daon-churn.git"
        bare.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(template / "github" / "daon-churn.git", bare, symlinks=True)
        _git(dest, "config", "remote.origin.url", str(bare))
    return dest


def template_path(seed: int, scenario: str) -> Path:
    """The pristine repository this process keeps for (seed, scenario):
    read it, never change it (``write_repo`` makes copies)."""
    return _template(seed, scenario) / "daon-churn"


_TEMPLATES: dict[tuple[int, str], Path] = {}
# the repositories kept, most recently used last (about 250 KB each). One grading of 06 uses 51 (seed,
# scenario) pairs, in the same order for every submission: with fewer kept than that, the least recently
# used one is always the next needed, and a grader rebuilt all 51 for every submission (1.8 s).
MAX_TEMPLATES = 160


def _template(seed: int, scenario: str) -> Path:
    import threading
    lock = _template.__dict__.setdefault("lock", threading.Lock())
    with lock:
        key = (seed, scenario)
        path = _TEMPLATES.pop(key, None)
        if path is None or not (path / "daon-churn" / ".git").is_dir():
            path = _kept(seed, scenario)
            if path is None:
                root = _process_folder() / "templates"
                root.mkdir(parents=True, exist_ok=True)
                path = Path(tempfile.mkdtemp(prefix=f".{scenario}-{seed}-", dir=root))
                _build(seed, scenario, path / "daon-churn", remote=path / "github" / "daon-churn.git")
            while len(_TEMPLATES) >= MAX_TEMPLATES:
                old = _TEMPLATES.pop(next(iter(_TEMPLATES)))
                if old.parent.name != "kept":
                    shutil.rmtree(old, ignore_errors=True)
        _TEMPLATES[key] = path   # most recently used last
        return path


def _kept(seed: int, scenario: str) -> Path | None:
    """The judge's own copy of the repository of (seed, scenario), kept in its
    data folder for the next process (a selfgrade, a worker of the next run):
    built once (35 ms, 51 of them for one grading of 06), then read. None
    outside the judge (a kernel builds its own: its cache is not the
    judge's). Built aside and renamed into place: whole or absent, whoever
    builds it first."""
    from . import judge_is_writing
    if not judge_is_writing():
        return None
    root = cache_dir() / f"gitrepo-v{VERSION}-{_code_version()}" / "kept"
    path = root / f"{scenario}-{int(seed)}"
    if (path / "daon-churn" / ".git").is_dir():
        return path
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{scenario}-{seed}-", dir=root))
    try:
        _build(seed, scenario, tmp / "daon-churn", remote=tmp / "github" / "daon-churn.git")
        try:
            os.rename(tmp, path)
        except OSError:
            if not (path / "daon-churn" / ".git").is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def _code_version() -> str:
    """What a repository depends on besides its seed and scenario: the code
    of this module and of the ones it builds from."""
    import hashlib
    if not getattr(_code_version, "value", None):
        h = hashlib.sha256()
        for name in ("gitrepo.py", "gitplan.py", "gitteam.py", "churnfiles.py", "hookcases.py"):
            h.update((Path(__file__).with_name(name)).read_bytes())
        _code_version.value = h.hexdigest()[:16]
    return _code_version.value


def _process_folder() -> Path:
    """This process's folder in the cache (removed when the process exits;
    folders of dead processes are removed on the next call)."""
    root = cache_dir()
    base = root / f"gitrepo-v{VERSION}-pid{os.getpid()}"
    if not getattr(_process_folder, "_done", None) == os.getpid():
        prune_playgrounds(root, "gitrepo")
        base.mkdir(parents=True, exist_ok=True)
        atexit.register(shutil.rmtree, base, True)
        _process_folder._done = os.getpid()
    return base


def _build(seed: int, scenario: str, dest: Path, remote: str | Path | None = None) -> tuple[Plan, dict[int, str]]:
    if scenario == "empty":
        return _build_empty(seed, dest)
    plan = build_plan(seed, scenario)
    dest.mkdir(parents=True, exist_ok=True)
    env = git_env()
    _git(dest, "init", "-q", "-b", "main", "--template=", ".", env=env)
    marks_file = dest / ".git" / "workbook-marks"
    _git(dest, "-c", "fastimport.unpackLimit=0", "fast-import", "--quiet", f"--export-marks={marks_file}",
         stdin=fast_import_stream(plan), env=env)
    marks = {}
    for line in marks_file.read_text().splitlines():
        mark, oid = line.split()
        marks[int(mark[1:]) - 1] = oid
    marks_file.unlink()
    config = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n"
    if plan.identity:
        config += f"[user]\n\tname = {LEARNER[0]}\n\temail = {LEARNER[1]}\n"
    (dest / ".git" / "config").write_text(config)
    if plan.head.startswith("detached:"):
        target = _git(dest, "rev-parse", plan.head.split(":", 1)[1] + "^{commit}", env=env).strip()
        _git(dest, "update-ref", "--no-deref", "HEAD", target, env=env)
    else:
        _git(dest, "symbolic-ref", "HEAD", f"refs/heads/{plan.head}", env=env)
    _git(dest, "reset", "-q", "--hard", "HEAD", env=env)
    for path, text in plan.worktree.items():
        p = dest / path
        if text is None:
            p.unlink()
        else:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
    if plan.stage:
        _git(dest, "add", "-A", "--", *plan.stage, env=env)
    for path, text in plan.notes.get("unstaged", {}).items():
        (dest / path).write_text(text)
    if scenario == "release":
        bare = Path(remote) if remote else dest.parent / "github" / "daon-churn.git"
        bare.parent.mkdir(parents=True, exist_ok=True)
        _git(bare.parent, "init", "-q", "--bare", "-b", "main", "--template=", bare.name, env=env)
        _git(dest, "remote", "add", "origin", str(bare), env=env)
        _git(dest, "push", "-q", "origin", *plan.remote, env=env)
        _git(dest, "branch", "-q", "--set-upstream-to=origin/main", "main", env=env)
        _git(dest, "tag", "exp-lr-sweep", marks[plan.notes["exp_tag"]], env=env)
        run = dest / "mlruns" / "1" / "8c2f6d0e4b7a41f0" / "tags"
        run.mkdir(parents=True)
        (run / "mlflow.source.git.commit").write_text(marks[plan.notes["trained"]])
        (run / "mlflow.runName").write_text("churn-prod-2026-03")
    if scenario in gitteam.SCENARIOS:
        gitteam.write(scenario, plan, marks, dest, Path(remote) if remote else dest.parent / "github" / "daon-churn.git")
    return plan, marks


def _build_empty(seed: int, dest: Path) -> tuple[Plan, dict[int, str]]:
    """Scenario ``empty``: ``git init`` in a folder holding the project's
    first files, before the first commit (HEAD names main, which does not
    exist yet: ``git rev-parse HEAD`` fails)."""
    plan, _, _ = base_history(seed)
    dest.mkdir(parents=True, exist_ok=True)
    _git(dest, "init", "-q", "-b", "main", "--template=", ".", env=git_env())
    config = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n"
    (dest / ".git" / "config").write_text(config + f"[user]\n\tname = {LEARNER[0]}\n\temail = {LEARNER[1]}\n")
    for path, text in plan.commits[0].tree.items():
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).write_text(text)
    return Plan(head="main"), {}


def planted(seed: int, scenario: str) -> dict[str, str]:
    """The full ids of a scenario's planted commits, by name (``bug``,
    ``report_bad``, ``fix``, ``bad``, ``trained``...), and of every branch
    tip (``branch:<name>``), computed by building the repository."""
    tmp = Path(tempfile.mkdtemp(prefix="daon-git-ids-"))
    try:
        plan, marks = _build(seed, scenario, tmp / "repo", remote=tmp / "github" / "daon-churn.git")
        out = {k: marks[v] for k, v in plan.notes.items() if isinstance(v, int) and not isinstance(v, bool)}
        out.update({f"branch:{b}": marks[i] for b, i in plan.branches.items()})
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------ for notebooks


def playground(scenario: str = "history", seed: int = 0) -> Path:
    """A fresh copy of the repository of ``scenario`` for this kernel to
    explore and change freely (rebuilt on every call, removed when the kernel
    exits). The checks never use it: they build their own. Returns the
    repository's folder (for `release`, the bare repository standing for
    GitHub is next to it, in ``../github``); next to it too, ``../home``: the
    playground's HOME, whose ``.gitconfig`` holds ``PERSONAL``
    (see ``playground_env``)."""
    folder = _process_folder() / "playground" / scenario.replace("/", "-")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    home = folder / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".gitconfig").write_text(f"[user]\n\tname = {PERSONAL[0]}\n\temail = {PERSONAL[1]}\n"
                                     "[init]\n\tdefaultBranch = main\n")
    return write_repo(seed, scenario, folder / "daon-churn", remote=folder / "github" / "daon-churn.git")


def playground_env(repo: str | Path) -> dict:
    """The environment of commands run in the playground ``repo``: its own
    HOME and global configuration (git reads and ``git config --global``
    writes ``home/.gitconfig`` of the playground), no system configuration.
    Nothing of the machine's git configuration is read or written."""
    home = Path(repo).parent / "home"
    return {"REPO": str(repo), "HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1", "XDG_CONFIG_HOME": str(home / ".config")}


def use_playground(scenario: str = "history", seed: int = 0) -> Path:
    """``playground(scenario)``, with this process's environment (what a
    notebook's ``%%bash`` cells and subprocesses inherit) pointed at it:
    ``playground_env``. Returns the repository's folder."""
    repo = playground(scenario, seed)
    os.environ.update(playground_env(repo))
    return repo


def scenario_repo(seed: int = 0, scenario: str = "clean", name: str = "daon-churn") -> str:
    """A fresh repository of ``scenario`` in a folder of its own, named
    ``name`` (for the checks of a function that takes a repository's path);
    its path as a str."""
    base = _process_folder() / "repos"
    base.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{scenario}-{seed}-", dir=base))
    return str(write_repo(seed, scenario, folder / name))
