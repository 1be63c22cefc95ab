"""The CI of 06_git's workflow question, emulated: a GitHub Actions workflow
read (``parse_workflow``), its matrix expanded (``matrix_values``,
``substitute``) and one job's steps run in an attempt's repository
(``run_job``), with ``pip`` and ``pytest`` replaced by shims that record
what was asked instead of reaching the network.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .command import decode, jailed, spawn
from .core import CheckFailed
from ..messages import msg

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
        at = msg(" (line {line}, column {column})", line=where.line + 1, column=where.column + 1) if where is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise CheckFailed(msg("your workflow is not valid YAML{at}: {problem}", at=at, problem=problem), show_values=False,
                          hint="indent with spaces only (never tabs), two per level; a list item starts with '- '",
                          hidden_message="your workflow is not valid YAML") from None
    if not isinstance(doc, dict):
        raise CheckFailed(msg("your workflow should be a YAML mapping (name:, on:, jobs:), not a {name__}", name__=type(doc).__name__), show_values=False,
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
    if not isinstance(matrix, dict):
        return []
    key = name[len("matrix."):]
    values = matrix.get(key)
    values = list(values) if isinstance(values, list) else []
    include = matrix.get("include")   # each entry adds its value (a new combination or one extended)
    for entry in include if isinstance(include, list) else []:
        if isinstance(entry, dict) and key in entry and entry[key] not in values:
            values.append(entry[key])
    return values


_VERSION = r"3(\.(\d+|x)(t)?(\.(\d+|x))?)?(-dev|-(alpha|beta|rc)\.\d+)?"
_BOUND = r"(>=|<=|>|<|~|\^)(3(\.\d+){0,2}|4)"


def python_version_ok(value) -> bool:
    """Whether ``value`` (a python-version read as data) is a string that
    actions/setup-python resolves to a CPython 3 release: "3.11", "3.11.4",
    "3.x", "3.11.x", "3.13t", "3.14-dev", "3.14.0-rc.1", or a range of such
    bounds, "~3.11" or ">=3.10 <3.13"."""
    if not isinstance(value, str):
        return False
    v = value.strip()
    return re.fullmatch(_VERSION, v) is not None or (
        bool(v.split()) and all(re.fullmatch(_BOUND, part) for part in v.split()))


def substitute(text: str, job: dict) -> str:
    """A run step's text with `${{ matrix.X }}` replaced by the first value
    of the matrix (other expressions by nothing), as one run of the job."""
    def repl(m):
        values = matrix_values(job, m.group(0))
        return str(values[0]) if values and m.group(1).startswith("matrix.") else ""
    return _EXPR.sub(repl, text)


SECRET_STAND_IN = "stand-in-for-a-secret"
"""What ``${{ secrets.NAME }}`` gives a step's environment in the emulated run: the repository keeps the secret
(the question says so), so a step that checks it is set finds it set; its value is never a real one."""


def env_value(value, job: dict) -> str | None:
    """A value of an `env:` mapping as a step's environment gets it (GitHub's rendering): a string with its
    expressions evaluated for one run of the job (``secrets.X`` the stand-in, ``matrix.X`` its first value, any
    other expression nothing), a number or a boolean as YAML wrote it (true, 3.11), null as ""; None for a
    list or a mapping, which GitHub refuses."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return None

    def repl(m):
        name = m.group(1)
        if re.fullmatch(r"secrets\s*(\.\s*[A-Za-z_][A-Za-z0-9_]*|\[\s*'[A-Za-z_][A-Za-z0-9_]*'\s*\])", name):
            return SECRET_STAND_IN
        values = matrix_values(job, m.group(0))
        return str(values[0]) if values and name.startswith("matrix.") else ""
    return _EXPR.sub(repl, value)


def step_env(workflow: dict | None, job: dict, step: dict) -> dict[str, str]:
    """The variables the `env:` mappings give a step, as GitHub merges them: the workflow's, then the job's,
    then the step's own (each later one wins); names that are not strings, and values GitHub refuses, left
    out."""
    out: dict[str, str] = {}
    for holder in (workflow, job, step):
        env = holder.get("env") if isinstance(holder, dict) else None
        if not isinstance(env, dict):
            continue
        for name, value in env.items():
            text = env_value(value, job)
            if isinstance(name, str) and name and "=" not in name and "\0" not in name and text is not None \
                    and "\0" not in text:
                out[name] = text
    return out


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


def shell_argv(shell, path: Path) -> list[str]:
    """The command a Linux runner runs a step's script with (GitHub's
    documented semantics): no shell, bash -e; `bash`, bash --noprofile
    --norc -eo pipefail; `sh`, sh -e; `python`, python; a custom template
    (`bash {0}`) exactly as written, {0} the script's file ``path``, with
    no -e of its own."""
    import shlex
    shell = shell.strip() if isinstance(shell, str) else None
    builtin = {None: ["bash", "-e", "{0}"], "": ["bash", "-e", "{0}"],
               "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}"],
               "sh": ["sh", "-e", "{0}"], "python": ["python", "{0}"]}
    if shell in builtin:
        template = builtin[shell]
    else:
        try:
            template = shlex.split(shell)
        except ValueError:
            template = [shell]
        if not any("{0}" in word for word in template):
            template.append("{0}")
    return [word.replace("{0}", str(path)) for word in template]


def pipe_hides_exit(workflow: dict | None, job: dict, step: dict) -> bool:
    """Whether ``step``'s script pipes pytest's output into another command
    (``pytest | tee log``) under a shell without pipefail: GitHub's default
    (bash -e {0}), sh, or a template that does not name it, and no
    ``set -o pipefail`` in the script. A pipe's exit code is then its last
    command's, and pytest's failure is lost."""
    import re
    script = step.get("run") if isinstance(step, dict) else None
    if not isinstance(script, str):
        return False
    defaults = {**_run_defaults(workflow), **_run_defaults(job)}
    argv = shell_argv(step.get("shell", defaults.get("shell")), Path("{0}"))
    if "pipefail" in " ".join(argv) or re.search(r"\bset\s+-[a-z]*o\s+pipefail|\bset\s+-o\s+pipefail", script):
        return False
    return re.search(r"(^|[\n;&(])\s*(\w+=\S*\s+)*(python[\d.]* -m )?pytest\b[^\n|]*\|(?!\|)", script) is not None


def run_job(a, job: dict, timeout: float = 60.0, workflow: dict | None = None
            ) -> tuple[list[StepRun], list[str], bool]:
    """Run a job's `run` steps in order in the repository of ``a`` (a
    ``gitcheck.Attempt``), as a GitHub runner
    would after checkout (jailed): each step with its shell
    (``shell_argv``: bash -e by default), in its working-directory, with the
    variables its env:, its job's and the workflow's give it (``step_env``;
    a secret is a stand-in), the first failing step stops
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
    env = a.env()
    env.update({"PATH": f"{shims / 'bin'}:{env['PATH']}", "PYTHONPATH": str(shims / "py"),
                "WORKBOOK_CI_RECORD": str(record), "CI": "true", "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": str(a.repo)})
    runs, failed = [], False
    defaults = {**_run_defaults(workflow), **_run_defaults(job)}
    scripts = a.tmp / "ci-steps"   # every script written before any of them runs
    scripts.mkdir()
    todo = [(i, step, substitute(step["run"], job)) for i, step in enumerate(job.get("steps") or [])
            if isinstance(step, dict) and isinstance(step.get("run"), str)]
    for i, _, script in todo:
        (scripts / f"step-{i + 1}").write_text(script)
    for i, step, script in todo:
        argv = shell_argv(step.get("shell", defaults.get("shell")), scripts / f"step-{i + 1}")
        cwd = a.repo
        wd = step.get("working-directory", defaults.get("working-directory"))
        if isinstance(wd, str) and wd.strip():
            cwd = (a.repo / wd).resolve()
            if not str(cwd).startswith(str(a.repo)) or not cwd.is_dir():
                cwd = a.repo
        full = jailed(argv, writable=[str(a.tmp)]) if not a.trusted else argv
        # the step's env: over the runner's, the grader's own variables last (the stand-ins' record, PATH, ...)
        out, err, code = spawn(full, cwd, {**step_env(workflow, job, step), **env}, timeout)
        coe = step.get("continue-on-error") is True or job.get("continue-on-error") is True
        name = str(step.get("name") or f"step {i + 1}")
        runs.append(StepRun(name, script, code, decode(out) + decode(err), coe))
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
        return decode(fh.read(limit))




# ------------------------------------------------------------------ a variable given a value in a run: script
_SETTERS = ("export", "declare", "typeset", "local", "readonly", "env")


def _bash_nodes(node):
    """``node`` and every node under it (bashlex's tree: parts, lists, commands, substitutions)."""
    yield node
    for attr in ("parts", "list", "command", "output"):
        child = getattr(node, attr, None)
        for c in child if isinstance(child, list) else [child]:
            if hasattr(c, "kind"):
                yield from _bash_nodes(c)


def assignments(script: str, name: str) -> list[str]:
    """Where the bash ``script`` (a step's run:) gives the variable ``name`` a
    value, each as written: an assignment (``NAME=…``, ``NAME+=…``, alone or
    before a command), an argument ``NAME=…`` of export, declare, typeset,
    local, readonly or env, and a default ``${NAME:-…}``, ``${NAME-…}``,
    ``${NAME:=…}``, ``${NAME=…}``. Read from bashlex's parse of the script,
    each GitHub expression ``${{ … }}`` blanked first (the same length, so
    that every position stays); a quoted here-document delimiter is read
    unquoted (bashlex waits for a line with the quotes). Only when bashlex
    cannot parse the script are the same forms looked for in its text."""
    import bashlex
    plain = re.sub(r"\$\{\{.*?\}\}", lambda m: "_" * len(m.group(0)), script, flags=re.DOTALL)
    assign = re.compile(re.escape(name) + r"\+?=")
    default = re.compile(re.escape(name) + r":?[-=]")
    trees = None
    for text in (plain, re.sub(r"<<(-?)'(\w+)'", lambda m: f"<<{m[1]}{m[2]}  ", plain)):
        try:
            trees = bashlex.parse(text)
            break
        except Exception:   # bashlex raises its own errors and others on what it does not support
            continue
    if trees is None:
        pattern = (r"(?<![\w$])" + re.escape(name) + r"\+?=\S*|\$\{" + re.escape(name) + r":?[-=][^}]*\}")
        return [m.group(0) for m in re.finditer(pattern, plain)]
    found = []
    for tree in trees:
        for node in _bash_nodes(tree):
            if node.kind == "assignment" and assign.match(node.word):
                found.append(script[node.pos[0]:node.pos[1]])
            elif node.kind == "command":
                words = [p for p in node.parts if p.kind == "word"]
                if words and words[0].word in _SETTERS:
                    found += [script[w.pos[0]:w.pos[1]] for w in words[1:] if assign.match(w.word)]
            elif node.kind == "parameter" and default.match(node.value):
                found.append(script[node.pos[0]:node.pos[1]])
    return list(dict.fromkeys(found))
