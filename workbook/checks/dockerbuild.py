"""A Dockerfile checked by what it does, without Docker (07's Question 11).

Docker does not run where the course runs or is graded; a Python interpreter
and bubblewrap do. So the check *emulates* the parts of a build that decide
whether the service starts:

1. :func:`write_context` writes the service folder of the question (the
   course's ``service.py``, ``requirements.txt``, a real model artifact,
   ``.env`` files with secrets, a ``.git`` folder, notebooks);
2. :func:`staged_context` applies the student's ``.dockerignore`` to it with
   Docker's rules (moby's patternmatcher: Go ``filepath.Match`` patterns with
   ``**``, a pattern that matches a folder matches everything in it, ``!``
   re-includes, the last matching line wins);
3. :func:`emulate` applies the Dockerfile's instructions in order to a
   scratch folder that stands for the image's ``/``: ``WORKDIR`` (created,
   relative to the previous one), ``ENV``/``ARG`` (``$VAR`` substituted in
   paths), ``COPY``/``ADD`` with Docker's rules for sources (relative to the
   staged context; a folder copies its contents; wildcards) and the
   destination (relative to ``WORKDIR``; a folder when it ends with ``/`` or
   several sources are copied). ``RUN`` is not executed (no network, no
   pip): the check only records which file ``pip install -r`` reads, where,
   and which users ``useradd``/``adduser`` create;
4. :func:`run_cmd` runs the image's ``CMD`` with the course's own Python in
   the image's ``WORKDIR`` with its ``ENV``, through the command runner (in
   a fresh bubblewrap jail when graded): uvicorn's own command-line parser
   reads the options, uvicorn's importer loads the app the way ``uvicorn``
   does, the app starts (its lifespan loads the model) and ``GET /health``
   is called in-process with FastAPI's ``TestClient`` (no port is opened).

Nothing here decides a verdict or holds a solution: the test cell does.
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .command import jailed, spawn

MODEL_VERSION = "1.1.0"
RUN_TIMEOUT = 90.0

SERVICE_PY = '''\
"""Daon Market's churn service (the course's stand-in for Part 4's app)."""
import json
from contextlib import asynccontextmanager
from pathlib import Path

import zipfile

from fastapi import FastAPI

MODEL_DIR = Path("models/churn-1.1.0")     # relative to the working directory
loaded = {}


@asynccontextmanager
async def lifespan(app):
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(MODEL_DIR / "weights.pt") as weights:    # torch.save's format: a zip of tensors
        loaded["tensors"] = [n for n in weights.namelist() if "/data/" in n]
    loaded["version"] = meta["version"]
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/health")
def health():
    return {"status": "ok", "model_version": loaded["version"]}
'''

REQUIREMENTS = "fastapi==0.163.2\nuvicorn==0.54.0\ntorch==2.13.0\nnumpy==2.3.4\npydantic==2.12.3\n"

DRIVER = r'''
import json, os, sys, traceback
report = {"stage": "parse"}
try:
    argv = json.loads(sys.argv[1])
    if argv[:1] == ["uvicorn"]:
        args = argv[1:]
    else:
        args = argv[3:]
    from uvicorn.main import main as cli
    ctx = cli.make_context("uvicorn", list(args))
    params = ctx.params
    report.update(app=params["app"], host=params["host"], port=params["port"])
    report["stage"] = "import"
    sys.path.insert(0, os.path.abspath(params.get("app_dir") or ""))   # what uvicorn does
    from uvicorn.importer import import_from_string
    app = import_from_string(params["app"])
    report["stage"] = "startup"
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with TestClient(app) as client:
        report["stage"] = "health"
        response = client.get("/health")
        report["status"] = response.status_code
        report["body"] = response.text[:500]
    report["stage"] = "done"
except BaseException as e:
    lines = traceback.format_exception_only(type(e), e)
    report["error"] = (lines[-1] if lines else type(e).__name__).strip()[:600]
print("@@REPORT@@" + json.dumps(report))
'''


# ------------------------------------------------------------------ the service folder
def write_context(root: Path, *, extra_env: str = ".env.local") -> None:
    """The service folder of the question, with a real model artifact."""
    import torch
    root.mkdir(parents=True, exist_ok=True)
    (root / "requirements.txt").write_text(REQUIREMENTS, encoding="utf-8")
    (root / "service.py").write_text(SERVICE_PY, encoding="utf-8")
    for version in ("1.0.0", MODEL_VERSION):
        folder = root / "models" / f"churn-{version}"
        folder.mkdir(parents=True)
        model = torch.nn.Linear(4, 1)
        torch.save(model.state_dict(), folder / "weights.pt")
        (folder / "meta.json").write_text(json.dumps({"name": "churn", "version": version}), encoding="utf-8")
    (root / ".env").write_text("DAON_DB_PASSWORD=hunter2-local\n", encoding="utf-8")
    (root / extra_env).write_text("MLFLOW_TRACKING_TOKEN=dev-token\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (root / "notebooks").mkdir()
    (root / "notebooks" / "explore.ipynb").write_text("{}", encoding="utf-8")


def files_of(root: Path) -> list[str]:
    """Every file under ``root``, as a sorted list of POSIX paths relative to it."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())


# ------------------------------------------------------------------ .dockerignore
def _clean(path: str) -> str:
    """Go's filepath.Clean for a relative POSIX path ('' for the root)."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def _pattern_regex(pattern: str) -> re.Pattern:
    """moby patternmatcher's regular expression for one pattern."""
    out, i = "^", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            if pattern[i + 1:i + 2] == "*":
                i += 1
                if pattern[i + 1:i + 2] == "/":       # **/ matches zero or more folders
                    i += 1
                    out += "(.*/)?"
                else:
                    out += ".*"
            else:
                out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out += re.escape(c)
            else:
                body = pattern[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += "[" + body.replace("\\", "\\\\") + "]"
                i = end
        elif c == "\\" and i + 1 < len(pattern):
            i += 1
            out += re.escape(pattern[i])
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out + "$")


def ignore_rules(text: str) -> list[tuple[bool, re.Pattern]]:
    """The lines of a .dockerignore as (excluded, pattern); comments and
    blank lines dropped, a leading ``!`` re-includes."""
    rules = []
    for raw in str(text).splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exclude = True
        if line.startswith("!"):
            exclude, line = False, line[1:].strip()
        line = _clean(line.lstrip("/"))
        if line:
            rules.append((exclude, _pattern_regex(line)))
    return rules


def ignored(path: str, rules) -> bool:
    """Docker's verdict for one path of the context: the last rule matching
    the path or one of its parent folders wins."""
    parents = path.split("/")
    candidates = ["/".join(parents[:k]) for k in range(1, len(parents) + 1)]
    verdict = False
    for exclude, rx in rules:
        if any(rx.match(c) for c in candidates):
            verdict = exclude
    return verdict


def staged_context(source: Path, dockerignore: str, target: Path) -> list[str]:
    """Copy ``source`` to ``target`` without what ``dockerignore`` excludes;
    returns the files kept."""
    rules = ignore_rules(dockerignore)
    kept = [f for f in files_of(source) if not ignored(f, rules)]
    target.mkdir(parents=True, exist_ok=True)
    for f in kept:
        (target / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / f, target / f)
    return kept


# ------------------------------------------------------------------ the Dockerfile
def instructions(text: str) -> list[tuple[int, str, str]]:
    """(line, INSTRUCTION, arguments): comments dropped, continued lines joined."""
    from .serving import dockerfile_instructions
    return dockerfile_instructions(text)


class BuildError(Exception):
    """The build stops here (as ``docker build`` would), with a line number."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Image:
    root: Path                       # stands for the image's /
    workdir: str = "/"
    env: dict = field(default_factory=dict)
    args: dict = field(default_factory=dict)
    user: str | None = None
    users_created: list = field(default_factory=list)
    cmd: list | str | None = None
    entrypoint: object = None
    froms: list = field(default_factory=list)
    pip_installs: list = field(default_factory=list)   # (step index, requirements path, found in the image)
    copies: list = field(default_factory=list)          # (step index, sources as written)
    user_steps: list = field(default_factory=list)      # (step index, user)
    cmd_step: int = -1

    def host(self, path: str) -> Path:
        """The scratch folder's path for an absolute image path."""
        return self.root / _clean(path)


def _expand(value: str, env: dict) -> str:
    def sub(m):
        name = m.group(1) or m.group(2)
        return str(env.get(name, ""))
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", sub, value)


def _env_pairs(kind: str, args: str) -> list[tuple[str, str]]:
    try:
        tokens = shlex.split(args)
    except ValueError:
        tokens = args.split()
    if not tokens:
        return []
    if kind == "ENV" and "=" not in tokens[0]:
        return [(tokens[0], " ".join(tokens[1:]))]
    return [(t.split("=", 1)[0], t.split("=", 1)[1] if "=" in t else "") for t in tokens]


def _copy_args(args: str) -> tuple[list[str], list[str]]:
    """(options, paths) of a COPY or ADD, the JSON form understood."""
    a = args.strip()
    options = []
    while a.startswith("--"):
        opt, _, a = a.partition(" ")
        options.append(opt)
        a = a.strip()
    if a.startswith("["):
        try:
            return options, [str(x) for x in json.loads(a)]
        except ValueError:
            pass
    return options, a.split()


def _resolve(workdir: str, path: str) -> str:
    p = path if path.startswith("/") else str(PurePosixPath(workdir) / path)
    return "/" + _clean(p)


def _copy(image: Image, context: Path, line: int, sources: list[str], dest: str) -> None:
    matched: list[tuple[str, Path]] = []
    for src in sources:
        rel = _clean(src.lstrip("/"))
        if any(ch in rel for ch in "*?["):
            hits = [f for f in sorted(p.relative_to(context).as_posix() for p in context.rglob("*"))
                    if fnmatch.fnmatchcase(f, rel) and f.count("/") == rel.count("/")]
            if not hits:
                raise BuildError(line, f"COPY {src}: no source files were specified (nothing in the build context "
                                       f"matches it once .dockerignore is applied)")
            matched += [(h, context / h) for h in hits]
        else:
            full = context / rel if rel else context
            if not full.exists():
                raise BuildError(line, f'COPY {src}: "/{rel}": not found (the build context, once .dockerignore '
                                       f"is applied, has no such file or folder)")
            matched.append((rel, full))
    target = _resolve(image.workdir, dest)
    into_folder = dest.endswith("/") or dest in (".", "./") or len(matched) > 1 or image.host(target).is_dir()
    for rel, full in matched:
        if full.is_dir():
            where = image.host(target)
            where.mkdir(parents=True, exist_ok=True)
            for f in files_of(full):
                (where / f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(full / f, where / f)
        else:
            where = image.host(target) / PurePosixPath(rel).name if into_folder else image.host(target)
            where.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(full, where)


def emulate(dockerfile: str, context: Path, image_root: Path) -> Image:
    """Apply the Dockerfile's instructions in order; raises :class:`BuildError`
    where ``docker build`` would stop on a file it cannot find."""
    image = Image(root=image_root)
    image_root.mkdir(parents=True, exist_ok=True)
    for i, (line, kind, args) in enumerate(instructions(dockerfile)):
        scope = {**image.args, **image.env}
        if kind == "FROM":
            image.froms.append((line, args))
        elif kind == "WORKDIR":
            image.workdir = _resolve(image.workdir, _expand(args.strip().strip('"'), scope))
            image.host(image.workdir).mkdir(parents=True, exist_ok=True)
        elif kind in ("ENV", "ARG"):
            for name, value in _env_pairs(kind, args):
                (image.env if kind == "ENV" else image.args)[name] = _expand(value, scope)
        elif kind in ("COPY", "ADD"):
            options, paths = _copy_args(args)
            if any(o.startswith("--from") for o in options):
                raise BuildError(line, f"{kind} --from copies from another stage: the image has one stage")
            if len(paths) < 2:
                raise BuildError(line, f"{kind} needs at least one source and a destination")
            paths = [_expand(p, scope) for p in paths]
            image.copies.append((i, paths[:-1]))
            _copy(image, context, line, paths[:-1], paths[-1])
        elif kind == "RUN":
            for m in re.finditer(r"pip3?\s+install\b[^&;|]*?(?:-r|--requirement)[\s=]+(\S+)", args):
                path = _resolve(image.workdir, _expand(m.group(1), scope))
                image.pip_installs.append((i, m.group(1), image.host(path).is_file()))
            for m in re.finditer(r"\b(?:useradd|adduser)\b([^&;|]*)", args):
                words = [w for w in m.group(1).split() if not w.startswith("-")]
                if words:
                    image.users_created.append((i, words[-1]))
        elif kind == "USER":
            image.user = args.split()[0] if args.split() else ""
            image.user_steps.append((i, image.user))
        elif kind == "CMD":
            try:
                image.cmd = json.loads(args)
            except ValueError:
                image.cmd = args
            image.cmd_step = i
        elif kind == "ENTRYPOINT":
            image.entrypoint = args
    return image


# ------------------------------------------------------------------ the container
def run_cmd(image: Image, tmp: Path) -> dict:
    """Run the image's CMD (a uvicorn command) in its WORKDIR with its ENV:
    uvicorn parses the options, imports the app, the app starts and answers
    GET /health in-process. Returns the driver's report."""
    (tmp / "driver").mkdir(exist_ok=True)
    driver = tmp / "driver" / "driver.py"       # a folder of its own: -P keeps it off sys.path anyway
    driver.write_text(DRIVER, encoding="utf-8")
    cwd = image.host(image.workdir)
    env = {"PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
           "HOME": str(tmp / "home"), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC",
           "PYTHONDONTWRITEBYTECODE": "1"}
    (tmp / "home").mkdir(exist_ok=True)
    env.update({k: v for k, v in image.env.items() if k not in ("PATH", "PYTHONPATH", "PYTHONHOME", "HOME")})
    argv = jailed([sys.executable, "-P", str(driver), json.dumps(image.cmd)], writable=[str(tmp)])
    out, err, code = spawn(argv, cwd, env, RUN_TIMEOUT)
    text = out.decode("utf-8", "replace")
    if "@@REPORT@@" in text:
        try:
            return json.loads(text.rsplit("@@REPORT@@", 1)[1].strip().splitlines()[0])
        except (ValueError, IndexError):
            pass
    return {"stage": "start", "error": (err.decode("utf-8", "replace").strip().splitlines() or
                                        ["the service did not start" if code is not None else "timed out"])[-1][:600]}
