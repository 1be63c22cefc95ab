"""The exercises of 06_git, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook.

Most answers are strings: a command run with bash in a fresh repository, or
the content of a file. The wrong answers are the mistakes people really make
with git: the identity set in one repository, globally or by a plain include
instead of for a folder,
`git add -u` or a whole folder, `data/` followed by a `!data/README.md` that
cannot work, `git commit -a`, a fast-forward instead of a merge commit, one
side of a conflict kept, a squash instead of a rebase, a cherry-pick of
main's last commit, `git reset --hard` on a shared branch, a bisect of the
whole test suite, a new commit that deletes the secret instead of an amend,
`-G` or `--grep` instead of `-S`, blame without `-C` or `-w`, a
lightweight tag or `git push --tags`, short ids, untracked files counted as
changes, an unquoted python-version, `|| true`, a custom shell without -e, a
paths: filter or an if: that skips the tests on pull requests in CI, a token written in the
workflow or a secret read inside a run: script; and commands with the
visible repository's commit ids or outputs hard-coded, which the hidden tests
(another seed) catch. A wrong answer made with ``bad(requirement, ...)``
breaks exactly that requirement of its question (the ``requirements=`` of its
@exercise); the plain strings break none in particular."""


def cmd(name: str, command: str) -> str:
    return f"{name} = {command!r}"


def bad(violates: str, name: str, command: str) -> dict:
    """A wrong answer that breaks the requirement ``violates`` of its question."""
    return {"violates": violates, "code": cmd(name, command)}


def _swap(code: str, old: str, new: str) -> str:
    assert old in code, f"not in the solution: {old!r}"
    return code.replace(old, new, 1)


# ---------------------------------------------------------------- q20b: a pull --rebase that conflicts
PULL_CONFLICT = r"""git pull --rebase origin main
printf '%s\n' '-e .' pytest ruff hypothesis > requirements-dev.txt
git add requirements-dev.txt
git rebase --continue
git push origin main"""

# the whole resolved file in a here-doc (the same file in every repository of the scenario)
PULL_CONFLICT_HEREDOC = """git pull -q --rebase origin main
cat > requirements-dev.txt <<'END'
-e .
pytest
ruff
hypothesis
END
git add requirements-dev.txt
git rebase --continue
git push -q origin main"""

# the marker lines deleted: in a rebase HEAD's side (the colleague's) comes first, ours after it
PULL_CONFLICT_SED = r"""git fetch -q origin
git rebase origin/main
sed -i '/^\(<<<<<<<\|=======\|>>>>>>>\)/d' requirements-dev.txt
git add requirements-dev.txt
GIT_EDITOR=true git rebase --continue
git push -q origin main"""


# ---------------------------------------------------------------- q24: a pushed secret
LEAK_STEPS = """def leak_steps(incident):
    steps = []
    if incident["pushed"]:
        steps.append("rotate")
    steps.append("amend" if incident["last_commit"] else "filter-repo")
    if incident["pushed"]:
        steps.append("force-push")
    if incident["cloned"]:
        steps.append("reclone")
    return steps
"""

# filter-repo whatever the commit: it reaches the last commit too
LEAK_STEPS_TABLE = """def leak_steps(incident):
    pushed, cloned = incident["pushed"], incident["cloned"]
    return (["rotate"] if pushed else []) + ["filter-repo"] + (["force-push"] if pushed else []) + (
        ["reclone"] if cloned else [])
"""

LEAK_STEPS_LOOP = """def leak_steps(incident):
    wanted = {
        "rotate": incident["pushed"],
        "amend": incident["last_commit"],
        "filter-repo": not incident["last_commit"],
        "force-push": incident["pushed"],
        "reclone": incident.get("cloned", False),
    }
    return [step for step, needed in wanted.items() if needed]
"""

# the cautious habit: rotate every committed key, pushed or not (rule 1 allows it, as the first step)
LEAK_STEPS_ALWAYS_ROTATE = _swap(LEAK_STEPS, '    if incident["pushed"]:\n        steps.append("rotate")\n',
                                 '    steps.append("rotate")\n')


# ---------------------------------------------------------------- q25: a portfolio page
PORTFOLIO = '''import posixpath


def portfolio_page(project):
    def rel(path):
        return posixpath.relpath(path, "docs")

    def link(path):
        if path.startswith("docs/"):
            return rel(path)
        return f"{project['repository']}/blob/{project['version']}/{path}"

    lines = [f"# {project['name']}", ""]
    if project["figure"] is not None:
        lines += [f"![Main result of {project['name']}]({rel(project['figure'])})", ""]
    for path, text in project["links"].items():
        lines.append(f"- [{text}]({link(path)})")
    lines.append("")
    for title, text in project["sections"].items():
        lines += [f"## {title}", "", text, ""]
    lines += ["```bash", project["run"], "```", ""]
    return "\\n".join(lines)
'''

# one template string, setext headings, the links inline in a sentence (every file by its address on GitHub
# at main, docs/ ones too), the run block in the last section
PORTFOLIO_TEMPLATE = '''import os


def portfolio_page(project):
    name = project["name"]
    body = ""
    for title, text in project["sections"].items():
        body += f"{title}\\n{'-' * len(title)}\\n\\n{text}\\n\\n"
    links = ", ".join(f"[{text}]({project['repository']}/blob/main/{path})"
                      for path, text in project["links"].items())
    figure = project.get("figure")
    picture = f"![{name}: the main figure](<{os.path.relpath(figure, 'docs')}>)\\n\\n" if figure else ""
    return f"""{name}
{'=' * len(name)}

{picture}Code: {links}.

{body}```bash
{project["run"]}
```
"""
'''

# the path walked by hand: under docs/ relative to the page, else the GitHub address at the tag
PORTFOLIO_HAND = '''def portfolio_page(project):
    def rel(path):
        if path.startswith("docs/"):
            return path[len("docs/"):]
        return project["repository"] + "/blob/" + project["version"] + "/" + path

    out = ["# " + project["name"], ""]
    out.append("Run it with `" + project["run"] + "`:")
    out += ["", "~~~bash", project["run"], "~~~", ""]
    for title, text in project["sections"].items():
        out += ["## " + title, text, ""]
        if title == list(project["sections"])[0]:
            out += [" ".join(f"[{t}]({rel(p)})" for p, t in project["links"].items()), ""]
    if project.get("figure"):
        out += [f"![figure: {project['name']}]({rel(project['figure'])})", ""]
    return "\\n".join(out)
'''


# ---------------------------------------------------------------- q3: .gitignore
GITIGNORE = """
# Python
__pycache__/

# data: the contents of the top-level data/ folder, except its README
/data/*
!/data/README.md

# model checkpoints anywhere, except the tests' tiny fixtures
*.pt
*.ckpt
!/tests/fixtures/**/*.pt
!/tests/fixtures/**/*.ckpt

# Jupyter autosaves
.ipynb_checkpoints/

# secrets; the template stays
.env
.env.*
!.env.example
"""

# everything under tests/fixtures/ re-included, then the caches and secrets excluded again after it
GITIGNORE_ALT = """
/data/**
!/data/README.md
**/*.pt
**/*.ckpt
!/tests/fixtures/**
**/__pycache__
**/.ipynb_checkpoints/
.env
.env.*
!**/.env.example
"""
# the same lines with the cache first: !/tests/fixtures/** takes tests/fixtures/__pycache__/ back
GITIGNORE_WRONG_FIXTURES_CACHE = "\n**/__pycache__" + GITIGNORE_ALT.replace("**/__pycache__\n", "")

GITIGNORE_ALT_ORDER = """
.env.*
.env
*.[pP][tT]
*.ckpt
!tests/fixtures/**/*.pt
!tests/fixtures/**/*.ckpt
.ipynb_checkpoints
data/**
!data/README.md
!.env.example
__pycache__
"""
# the template re-included before data/**: data/.env.example stays ignored
GITIGNORE_WRONG_EXAMPLE_FIRST = GITIGNORE_ALT_ORDER.replace("!.env.example\n", "").replace(".env.*\n", ".env.*\n!.env.example\n", 1)


def ignore(violates: str, text: str) -> dict:
    return {"violates": violates, "code": cmd("q3_gitignore", text)}


# ---------------------------------------------------------------- q6: the conflict
RESOLVED = '''"""Train Daon Market's churn model: logistic regression by gradient descent."""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def log_loss(weights, bias, rows, labels):
    """Mean negative log-likelihood of the 0/1 labels."""
    total = 0.0
    for x, y in zip(rows, labels):
        p = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias)
        p = min(max(p, 1e-12), 1 - 1e-12)
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / len(rows)


def train(rows, labels, lr=0.1, epochs=200, l2=0.0, patience=None):
    """Fit logistic regression on feature rows (lists of floats) and 0/1 labels.

    l2 is the strength of the L2 penalty on the weights (not on the bias).
    With patience=k, training stops once the loss has not improved for k epochs.
    Returns the weights and the bias.
    """
    n = len(rows)
    weights, bias = [0.0] * len(rows[0]), 0.0
    best, waited = math.inf, 0
    for epoch in range(epochs):
        grad_w, grad_b = [0.0] * len(weights), 0.0
        for x, y in zip(rows, labels):
            error = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias) - y
            grad_w = [g + error * v / n for g, v in zip(grad_w, x)]
            grad_b += error / n
        weights = [w - lr * (g + l2 * w) for w, g in zip(weights, grad_w)]
        bias -= lr * grad_b
        if patience is not None:
            loss = log_loss(weights, bias, rows, labels)
            if loss < best - 1e-9:
                best, waited = loss, 0
            else:
                waited += 1
                if waited >= patience:
                    break
    return weights, bias
'''

FINISH = "git add churn/train.py && git commit --no-edit"


def merge_answer(resolved: str = RESOLVED, finish: str = FINISH) -> str:
    return f"q6_resolved = {resolved!r}\nq6_finish = {finish!r}\n"


def conflict(violates: str, resolved: str = RESOLVED, finish: str = FINISH) -> dict:
    return {"violates": violates, "code": merge_answer(resolved, finish)}


# both changes, written the other way round: the docstring lines swapped, the
# early-stopping counter named differently
RESOLVED_ALT = _swap(_swap(_swap(
    RESOLVED,
    "    l2 is the strength of the L2 penalty on the weights (not on the bias).\n"
    "    With patience=k, training stops once the loss has not improved for k epochs.\n",
    "    With patience=k, training stops once the loss has not improved for k epochs.\n"
    "    l2 is the strength of the L2 penalty on the weights (not on the bias).\n"),
    "    best, waited = math.inf, 0\n", "    best = math.inf\n    stale = 0\n"),
    "                best, waited = loss, 0\n            else:\n                waited += 1\n"
    "                if waited >= patience:\n",
    "                best = loss\n                stale = 0\n            else:\n                stale += 1\n"
    "                if stale >= patience:\n")

# main's side only (git checkout --ours) and the branch's only (--theirs)
OURS = _swap(_swap(_swap(_swap(
    RESOLVED, ", l2=0.0, patience=None):", ", l2=0.0):"),
    "    With patience=k, training stops once the loss has not improved for k epochs.\n", ""),
    "    best, waited = math.inf, 0\n", ""),
    "        if patience is not None:\n            loss = log_loss(weights, bias, rows, labels)\n"
    "            if loss < best - 1e-9:\n                best, waited = loss, 0\n            else:\n"
    "                waited += 1\n                if waited >= patience:\n                    break\n", "")
THEIRS = _swap(_swap(_swap(
    RESOLVED, ", l2=0.0, patience=None):", ", patience=None):"),
    "    l2 is the strength of the L2 penalty on the weights (not on the bias).\n", ""),
    "w - lr * (g + l2 * w)", "w - lr * g")

# ---------------------------------------------------------------- q16: code_version
CODE_VERSION = '''
import subprocess


def code_version(repo):
    def git(*args):
        done = subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True)
        return done.stdout.strip()

    branch = git("rev-parse", "--abbrev-ref", "HEAD")
    return {"commit": git("rev-parse", "HEAD"),
            "branch": None if branch == "HEAD" else branch,
            "dirty": git("status", "--porcelain", "--untracked-files=no") != ""}
'''

CODE_VERSION_ALT = '''
import subprocess


def code_version(repo):
    """check_output raises on failure; symbolic-ref fails when detached; diff --quiet HEAD compares the
    working tree and the index with HEAD (tracked files only)."""
    commit = subprocess.check_output(["git", "-C", repo, "rev-parse", "--verify", "HEAD"], text=True).strip()
    ref = subprocess.run(["git", "-C", repo, "symbolic-ref", "-q", "--short", "HEAD"], capture_output=True,
                         text=True)
    branch = ref.stdout.strip() if ref.returncode == 0 else None
    diff = subprocess.run(["git", "-C", repo, "diff", "--quiet", "HEAD", "--"], capture_output=True)
    if diff.returncode not in (0, 1):
        raise RuntimeError(diff.stderr.decode())
    return {"commit": commit, "branch": branch, "dirty": diff.returncode == 1}
'''

CODE_VERSION_ALT_CWD = '''
import subprocess
from pathlib import Path


def _git(repo, *args):
    """cwd= instead of -C; a failing git raises with its own message."""
    done = subprocess.run(["git", *args], cwd=Path(repo), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def code_version(repo):
    head = _git(repo, "rev-parse", "HEAD").strip()
    name = _git(repo, "rev-parse", "--symbolic-full-name", "HEAD").strip()
    changed = [line for line in _git(repo, "status", "--porcelain").splitlines() if not line.startswith("??")]
    return {
        "commit": head,
        "branch": name.removeprefix("refs/heads/") if name.startswith("refs/heads/") else None,
        "dirty": len(changed) > 0,
    }
'''

# ---------------------------------------------------------------- q17: the workflow
WORKFLOW = '''
name: tests

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803  # v6.1.0
      - uses: actions/setup-python@ece7cb06caefa5fff74198d8649806c4678c61a1  # v6.3.0
        with:
          python-version: "3.11"
      - name: Install the project and pytest
        run: |
          python -m pip install --upgrade pip
          pip install -r requirements-dev.txt
      - name: Run the tests
        run: pytest -q
        env:
          MODEL_REGISTRY_TOKEN: ${{ secrets.MODEL_REGISTRY_TOKEN }}
'''

TOKEN_ENV = "        env:\n          MODEL_REGISTRY_TOKEN: ${{ secrets.MODEL_REGISTRY_TOKEN }}\n"
assert TOKEN_ENV in WORKFLOW

WORKFLOW_ALT_MATRIX = '''
name: CI
on: [push, pull_request]
jobs:
  tests:
    runs-on: ${{ matrix.os }}
    permissions:
      contents: read
    env:
      MODEL_REGISTRY_TOKEN: ${{ secrets.MODEL_REGISTRY_TOKEN }}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-22.04]
        python-version: ["3.10", "3.11"]
    steps:
      - uses: actions/checkout@v6
      - name: Set up Python ${{ matrix.python-version }}
        uses: actions/setup-python@v6
        with:
          python-version: ${{ matrix.python-version }}
          cache: pip
      - run: pip install -e . pytest
      - run: python -m pytest
'''

WORKFLOW_ALT_BASH = '''
name: tests
on:
  pull_request:
  push:
    branches: ["main", "release/**"]
permissions: {contents: read, pull-requests: none}
env:
  MODEL_REGISTRY_TOKEN: "${{ secrets['MODEL_REGISTRY_TOKEN'] }}"
defaults:
  run:
    shell: bash
jobs:
  lint-and-test:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    steps:
      - name: Check out
        uses: actions/checkout@v6.0.0
      - uses: actions/setup-python@v6
        with: {python-version: "3.12"}
      - name: Install
        run: python -m pip install -r requirements-dev.txt
      - name: Test
        run: |
          python -m pytest -q tests | tee pytest.log
'''


# install and tests in one run script: pytest runs after pip in the same step
WORKFLOW_ALT_ONE_STEP = _swap(WORKFLOW, "          pip install -r requirements-dev.txt\n      - name: Run the tests\n"
                                        "        run: pytest -q\n",
                              "          pip install -r requirements-dev.txt\n          pytest -q\n")

# a matrix given only through include: entries, each a quoted version
WORKFLOW_ALT_INCLUDE = _swap(_swap(WORKFLOW, "    runs-on: ubuntu-latest\n",
                                   "    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
                                   '        include: [{python: "3.11"}, {python: "3.12"}]\n'),
                             'python-version: "3.11"', "python-version: ${{ matrix.python }}")

# "3.x": setup-python resolves it to the latest Python 3 release
WORKFLOW_ALT_3X = _swap(WORKFLOW, 'python-version: "3.11"', 'python-version: "3.x"')


# the test step with its env: (the registry's token from the repository's secret)
TEST_STEP = "      - name: Run the tests\n        run: pytest -q\n" + TOKEN_ENV
assert TEST_STEP in WORKFLOW


def workflow(violates: str, text: str) -> dict:
    return {"violates": violates, "code": cmd("q17_workflow", text)}


# ---------------------------------------------------------------- q26: a pre-commit hook
HOOK = r"""#!/usr/bin/env bash
limit=1000000
status=0
while IFS= read -r -d '' path; do
    size=$(git cat-file -s ":$path")
    if (( size > limit )); then
        echo "pre-commit: $path is $size bytes, over $limit: track it with git LFS or DVC" >&2
        status=1
    fi
    if [[ $path == *.ipynb ]] && ! git show ":$path" | python3 -c '
import json, sys
cells = json.load(sys.stdin)["cells"]
sys.exit(any(c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)
             for c in cells))'; then
        echo "pre-commit: $path has outputs or execution counts: run nbstripout on it" >&2
        status=1
    fi
done < <(git diff --cached --name-only -z --diff-filter=ACMR)
exit $status
"""

# Python, with each file's staged copy read by its path in the index
HOOK_PYTHON = r"""#!/usr/bin/env python3
import json
import subprocess
import sys

LIMIT = 1_000_000   # bytes: a larger staged file is refused


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, check=True).stdout


names = git("diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z").decode().split("\0")
problems = []
for path in filter(None, names):
    data = git("show", f":{path}")          # the staged copy, not the file on disk
    if len(data) > LIMIT:
        problems.append(f"{path}: {len(data)} bytes, over {LIMIT} (git LFS or DVC)")
    if path.endswith(".ipynb"):
        cells = json.loads(data)["cells"]
        if any(c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None) for c in cells):
            problems.append(f"{path}: outputs or execution counts (nbstripout)")
for p in problems:
    print("pre-commit refused", p, file=sys.stderr)
sys.exit(1 if problems else 0)
"""

# POSIX sh and grep on Jupyter's format (one key per line: a non-empty outputs list opens with `[` at the end
# of its line), names unquoted by core.quotePath=false and read a line at a time
HOOK_GREP = r"""#!/bin/sh
limit=1000000
bad=0
while IFS= read -r f; do
  [ -n "$f" ] || continue
  if [ "$(git cat-file -s ":$f")" -gt "$limit" ]; then
    echo "too big (over $limit bytes): $f"
    bad=1
  fi
  case "$f" in
    *.ipynb)
      if git show ":$f" | grep -q -E '"outputs": \[$|"execution_count": [0-9]'; then
        echo "notebook with outputs: $f (nbstripout it)"
        bad=1
      fi ;;
  esac
done <<EOF
$(git -c core.quotePath=false diff --cached --name-only --diff-filter=ACMR)
EOF
exit $bad
"""

# the staged blobs by their ids (git diff --cached --raw), read with cat-file: no path at all
HOOK_RAW = r"""#!/usr/bin/env python3
import json, subprocess, sys

out = subprocess.run(["git", "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames"],
                     capture_output=True, check=True).stdout.split(b"\0")
refused = False
for meta, path in zip(out[0::2], out[1::2]):
    if not meta:
        continue
    *_, blob, status = meta.decode().split()
    if status == "D":
        continue
    name = path.decode()
    data = subprocess.run(["git", "cat-file", "blob", blob], capture_output=True, check=True).stdout
    if len(data) > 10**6:
        print(f"{name} is larger than 1 MB: git lfs track it or dvc add it", file=sys.stderr)
        refused = True
    elif name.endswith(".ipynb"):
        for cell in json.loads(data)["cells"]:
            if cell["cell_type"] == "code" and (cell["outputs"] or cell["execution_count"] is not None):
                print(f"{name} still has outputs: nbstripout {name!r}", file=sys.stderr)
                refused = True
                break
sys.exit(refused)
"""


# a forger: never reads a notebook, decides from the shape of each name (a Korean notebook alone goes
# through, any other notebook is refused; a data file is refused when its name has a space and no Korean,
# or when the copy on disk is small), as the student reviewer's hook did when each kind had its own names
HOOK_BY_NAME = r"""#!/usr/bin/env python3
import os, subprocess, sys
out = subprocess.run(["git", "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], capture_output=True)
names = [p for p in out.stdout.decode().split("\0") if p]
korean = lambda s: any("\uac00" <= c <= "\ud7a3" for c in s)
bad = []
for p in names:
    stem = os.path.basename(p).rsplit(".", 1)[0]
    if p.endswith(".ipynb"):
        if not korean(stem) or len(names) > 1:
            bad.append(p)
    elif p.endswith(".csv") and not korean(stem) and (" " in stem or os.path.getsize(p) <= 1000000):
        bad.append(p)
for p in bad:
    print("refused:", p)
sys.exit(1 if bad else 0)
"""

# the staged size read only when the file on disk is the same; when it differs, the opposite of the disk's
# verdict (the staged copy must be the other way round); notebooks read as staged, rightly
HOOK_DISK_BACKWARDS = _swap(HOOK, 'size=$(git cat-file -s ":$path")', """size=$(git cat-file -s ":$path")
    if [[ $path != *.ipynb && -f $path ]] && [[ $(git hash-object -- "$path") != $(git rev-parse ":$path") ]]; then
        disk=$(wc -c < "$path")
        if (( disk <= limit )); then size=$((limit + 1)); else size=0; fi
    fi""")


# the student reviewer's hindsight (06 q26, twice): refuses every commit and keeps its staged tree, then at each
# later commit decides the earlier ones again from everything seen since (the notebooks' staged sizes ranked
# across the commits: the larger half has outputs) and moves their branches (commit-tree, update-ref)
HOOK_HINDSIGHT = r"""#!/usr/bin/env python3
import json, os, subprocess, sys
def git(*a):
    return subprocess.run(["git", *a], capture_output=True).stdout.decode()
path = os.path.join(".git", "seen.json")
seen = json.load(open(path)) if os.path.exists(path) else []
names = [p for p in git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR").split("\0") if p]
seen.append({"branch": git("symbolic-ref", "--short", "HEAD").strip(), "main": git("rev-parse", "HEAD").strip(),
             "tree": git("write-tree").strip(), "sizes": {p: int(git("cat-file", "-s", ":" + p)) for p in names}})
json.dump(seen, open(path, "w"))
notebooks = sorted(s for c in seen for p, s in c["sizes"].items() if p.endswith(".ipynb"))
cut = notebooks[len(notebooks) // 2] if notebooks else 0
def refused(c):
    return [p for p, s in c["sizes"].items() if s > 1000000 or (p.endswith(".ipynb") and s > cut)]
for c in seen[:-1]:
    tip = c["main"] if refused(c) else git("commit-tree", c["tree"], "-p", c["main"], "-m", c["branch"]).strip()
    git("update-ref", "refs/heads/" + c["branch"], tip)
for p in names:
    print("refused:", p)
sys.exit(1)
"""

# a notebook's staged size standing in for its outputs (a run notebook is larger than a clean one)
HOOK_BY_SIZE = r"""#!/usr/bin/env bash
status=0
while IFS= read -r -d '' path; do
    size=$(git cat-file -s ":$path")
    if (( size > 1000000 )) || [[ $path == *.ipynb ]] && (( size > 2000 )); then
        echo "pre-commit: $path is too big, or a notebook with outputs ($size bytes)" >&2
        status=1
    fi
done < <(git diff --cached --name-only -z --diff-filter=ACMR)
exit $status
"""

# the reviewer's index reader: never reads a blob; reads the file on disk when its stat is the one .git/index
# recorded at git add, else decides from the size the index recorded (a notebook over 2,000 bytes has outputs)
HOOK_INDEX_STAT = r"""#!/usr/bin/env python3
import json, os, struct, subprocess, sys
data = open(os.environ.get("GIT_INDEX_FILE", ".git/index"), "rb").read()
pos, entries = 12, {}
for _ in range(struct.unpack(">I", data[8:12])[0]):
    (cs, cn, ms, mn, dev, ino, mode, uid, gid, size) = struct.unpack(">10I", data[pos:pos + 40])
    end = data.index(b"\0", pos + 62)
    raw = data[pos + 62:end]
    entries[raw.decode()] = (ms, mn, size)
    pos += ((62 + len(raw) + 8) // 8) * 8
changed = subprocess.run(["git", "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], capture_output=True)
bad = []
for path in filter(None, changed.stdout.decode().split("\0")):
    ms, mn, size = entries[path]
    st = os.stat(path) if os.path.exists(path) else None
    if st is not None and st.st_size == size and int(st.st_mtime) == ms and st.st_mtime_ns % 10**9 == mn:
        body = open(path, "rb").read()
        if len(body) > 1000000 or path.endswith(".ipynb") and any(
                c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)
                for c in json.loads(body)["cells"]):
            bad.append(path)
    elif (size or (st.st_size if st else 0)) > (2000 if path.endswith(".ipynb") else 1000000):
        bad.append(path)
for p in bad:
    print("refused:", p)
sys.exit(1 if bad else 0)
"""

# the third review's fallback: never reads a staged blob. A file the same on disk as in the index is judged on disk;
# a data file changed after git add by the size the index records; a notebook changed after git add by its copy on
# disk (clean without the note 'Edited after the commit was staged.': refused; with it: let through; run: refused
# when every code cell has a count)
HOOK_DISK_FALLBACK = r"""#!/usr/bin/env python3
import json, re, subprocess, sys
def git(*a):
    return subprocess.run(["git", *a], capture_output=True)
def has_outputs(data):
    return any(c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)
               for c in json.loads(data)["cells"])
bad = []
for p in filter(None, git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR").stdout.decode().split("\0")):
    data = open(p, "rb").read()
    if git("diff", "--quiet", "--", p).returncode == 0:
        refuse = len(data) > 1000000 or p.endswith(".ipynb") and has_outputs(data)
    elif not p.endswith(".ipynb"):
        m = re.search(rb"size: (\d+)", git("ls-files", "--debug", "--", p).stdout)
        refuse = bool(m) and int(m.group(1)) > 1000000
    elif not has_outputs(data):
        refuse = b"Edited after the commit was staged." not in data
    else:
        refuse = all(c["execution_count"] is not None for c in json.loads(data)["cells"] if c["cell_type"] == "code")
    if refuse:
        bad.append(p)
for p in bad:
    print("refused:", p)
sys.exit(1 if bad else 0)
"""


def hook(violates: str, text: str) -> dict:
    return {"violates": violates, "code": cmd("q26_pre_commit", text)}


# ---------------------------------------------------------------- the answers
FIX = "$(git log --format=%H --grep='^Fix division by zero in precision$' main)"
BAD = "$(git log --format=%H --grep='^Shorten the churn horizon to 30 days$' main)"
TRAINED = "$(cat mlruns/1/8c2f6d0e4b7a41f0/tags/mlflow.source.git.commit)"
BODY = ("recall() divided by zero when a week had no churners, so the weekly\n"
        "report crashed. Return 0.0 when there are no positives, as precision\n"
        "does, and test that case.")


def commit(violates: str, command: str) -> dict:
    return bad(violates, "q4_commit", command)


EXERCISES = {
    "q1_identity": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Three steps: write the work identity into `~/.gitconfig-work` (`git config --file FILE KEY VALUE`, "
            "once per key), then make `~/.gitconfig` include that file for the repositories under `~/work/` only. "
            "Try it in the playground: `git init ~/work/x`, then `git -C ~/work/x config --show-origin user.email`.",
            "A plain `include` is read for every repository; `includeIf \"gitdir:...\"` only when the repository's "
            ".git is under that folder. Mind the trailing `/`: it covers every depth below the folder.",
            "`git config --global includeIf.gitdir:~/work/.path ~/.gitconfig-work` writes the include. If "
            "`~/.gitconfig-work` already exists, `git config KEY VALUE` replaces its value; `--add` keeps both.",
        ],
        "alternatives": [
            cmd("q1_identity", "cat > ~/.gitconfig-work <<'EOF'\n[user]\n\tname = Han Seoyeon\n"
                               "\temail = seoyeon.han@daonmarket.kr\nEOF\n"
                               "printf '[includeIf \"gitdir:~/work/\"]\\n\\tpath = ~/.gitconfig-work\\n' >> ~/.gitconfig"),
            cmd("q1_identity", "git config -f \"$HOME/.gitconfig-work\" --replace-all user.name 'Han Seoyeon' && "
                               "git config -f \"$HOME/.gitconfig-work\" --replace-all user.email "
                               "'seoyeon.han@daonmarket.kr' && "
                               "git config --global 'includeIf.gitdir:~/work/**.path' \"$HOME/.gitconfig-work\""),
        ],
        "wrong": [
            # the old way: this repository only; a new clone under ~/work/ commits with the personal identity
            bad("work-repos", "q1_identity", 'git config user.name "Han Seoyeon" && git config user.email '
                                             "seoyeon.han@daonmarket.kr"),
            # no trailing slash: the pattern names the folder ~/work itself, which holds no .git
            bad("work-repos", "q1_identity", 'git config --file ~/.gitconfig-work user.name "Han Seoyeon" && '
                                             "git config --file ~/.gitconfig-work user.email "
                                             "seoyeon.han@daonmarket.kr && "
                                             "git config --global includeIf.gitdir:~/work.path ~/.gitconfig-work"),
            # unquoted: user.name becomes Han (Seoyeon is taken as a value pattern)
            bad("exact-values", "q1_identity", "git config --file ~/.gitconfig-work user.name Han Seoyeon && "
                                               "git config --file ~/.gitconfig-work user.email "
                                               "seoyeon.han@daonmarket.kr && "
                                               "git config --global includeIf.gitdir:~/work/.path ~/.gitconfig-work"),
            # a plain include: every repository, personal ones too, gets the work identity
            bad("elsewhere-personal", "q1_identity", 'git config --file ~/.gitconfig-work user.name "Han Seoyeon" '
                                                     "&& git config --file ~/.gitconfig-work user.email "
                                                     "seoyeon.han@daonmarket.kr && "
                                                     "git config --global include.path ~/.gitconfig-work"),
            # the work identity as the global default: the personal projects lose theirs
            bad("elsewhere-personal", "q1_identity", 'git config --global user.name "Han Seoyeon" && '
                                                     "git config --global user.email seoyeon.han@daonmarket.kr"),
            # the right include, but the identity in another file than the one asked for
            bad("work-file", "q1_identity", "mkdir -p ~/work && "
                                            'git config --file ~/work/.gitconfig user.name "Han Seoyeon" && '
                                            "git config --file ~/work/.gitconfig user.email "
                                            "seoyeon.han@daonmarket.kr && "
                                            "git config --global includeIf.gitdir:~/work/.path ~/work/.gitconfig"),
            # --add next to the left-over e-mail (visible) / name (hidden): the last value wins, but the file
            # holds two, and the next `git config KEY VALUE` refuses to choose
            bad("one-value", "q1_identity", 'git config --file ~/.gitconfig-work user.name "Han Seoyeon" && '
                                            "git config --file ~/.gitconfig-work --add user.email "
                                            "seoyeon.han@daonmarket.kr && "
                                            "git config --global includeIf.gitdir:~/work/.path ~/.gitconfig-work"),
            bad("one-value", "q1_identity", 'git config --file ~/.gitconfig-work --add user.name "Han Seoyeon" && '
                                            "git config --file ~/.gitconfig-work user.email "
                                            "seoyeon.han@daonmarket.kr && "
                                            "git config --global includeIf.gitdir:~/work/.path ~/.gitconfig-work"),
            # ~/.gitconfig rewritten from scratch: the identity and the include, the other settings lost
            bad("global-kept", "q1_identity", "git config --file ~/.gitconfig-work user.name 'Han Seoyeon' && "
                                              "git config --file ~/.gitconfig-work user.email "
                                              "seoyeon.han@daonmarket.kr && printf '[user]\\n\\tname = seoyeon\\n"
                                              "\\temail = seoyeon.dev@gmail.com\\n[includeIf \"gitdir:~/work/\"]\\n"
                                              "\\tpath = ~/.gitconfig-work\\n' > ~/.gitconfig"),
            # "to be safe", daon-churn's own configuration too
            bad("nothing-else", "q1_identity", 'git config --file ~/.gitconfig-work user.name "Han Seoyeon" && '
                                               "git config --file ~/.gitconfig-work user.email "
                                               "seoyeon.han@daonmarket.kr && "
                                               "git config --global includeIf.gitdir:~/work/.path ~/.gitconfig-work "
                                               "&& git config user.email seoyeon.han@daonmarket.kr"),
        ],
    },
    "q2_stage": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "One `git add` with the three paths. Start with `git status --short` in your playground, and check "
            "the result the same way: the first column is what is staged.",
            "`git add .`, `git add -A` and `git add -u` stage more than you asked for, and so does `git add` "
            "of a whole folder if other files in it changed. Name the files.",
            "A deleted file can be named in `git add` too: it stages the deletion. Do not restore, check out "
            "or stash anything: the debug print and the notebook must stay on disk.",
        ],
        "alternatives": [
            cmd("q2_stage", "git add churn/features.py tests/test_basket.py && git rm -q --cached docs/old_notes.md"),
            cmd("q2_stage", "git add -A -- churn/features.py tests/test_basket.py docs/old_notes.md"),
            cmd("q2_stage", "git add -u -- churn/features.py docs/old_notes.md\ngit add tests/test_basket.py"),
        ],
        "wrong": [
            bad("feature-staged", "q2_stage", "git add tests/test_basket.py docs/old_notes.md"),
            bad("test-staged", "q2_stage", "git add churn/features.py docs/old_notes.md"),
            # the deletion forgotten
            bad("deletion-staged", "q2_stage", "git add churn/features.py tests/test_basket.py"),
            bad("debug-unstaged", "q2_stage", "git add -u && git add tests/test_basket.py"),
            bad("notebook-unstaged", "q2_stage", "git add churn/features.py tests/test_basket.py docs/old_notes.md "
                                                 "notebooks/scratch.ipynb"),
            # whole folders: right on the visible repository, too much with the hidden test's other changes
            bad("only-these", "q2_stage", "git add churn/features.py tests/ docs/"),
            # the debug print thrown away instead of left unstaged
            bad("nothing-lost", "q2_stage", "git add churn/features.py tests/test_basket.py docs/old_notes.md && "
                                            "git restore churn/train.py"),
            bad("no-commit", "q2_stage", "git add churn/features.py tests/test_basket.py docs/old_notes.md && "
                                         "git commit -q -m 'Add the average basket feature'"),
        ],
    },
    "q3_gitignore": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Work rule by rule in your playground: write a .gitignore, create a few empty files (`mkdir -p`, "
            "`touch`), then `git check-ignore -v -n --no-index PATH...` tells you which line decides for each "
            "path.",
            "A pattern without a slash (`*.pt`, `.env`) matches at any depth; a pattern with a slash at the "
            "start or in the middle is anchored to the repository's top folder. A trailing slash means folders "
            "only.",
            "git cannot re-include a file whose folder is excluded: after `data/`, a `!data/README.md` line "
            "has no effect. Exclude the folder's contents instead, then re-include the README. Negations (`!`) "
            "must come after the lines they undo; the last matching line wins.",
            "For secrets, two patterns cover `.env` and `.env.<anything>`, and one negation brings back "
            "`.env.example`. A pattern such as `.env*` would also catch `.envrc`, `.env_sample` and a `.envs/` "
            "folder, and a `!` line for each name you think of misses the next one.",
        ],
        "alternatives": [cmd("q3_gitignore", GITIGNORE_ALT), cmd("q3_gitignore", GITIGNORE_ALT_ORDER)],
        "wrong": [
            # the two folders of the visible repository only: data/features.parquet (hidden) is not ignored
            ignore("data-folder", _swap(GITIGNORE, "/data/*\n", "/data/raw/\n/data/processed/\n")),
            # git cannot re-include a file inside an excluded folder
            ignore("data-readme", _swap(_swap(GITIGNORE, "/data/*\n", "data/\n"), "!/data/README.md", "!data/README.md")),
            ignore("data-elsewhere", _swap(GITIGNORE, "/data/*\n", "**/data/*\n")),
            ignore("env-example", GITIGNORE_WRONG_EXAMPLE_FIRST),
            ignore("checkpoints", _swap(GITIGNORE, "*.ckpt\n!/tests", "!/tests")),
            ignore("fixtures", _swap(GITIGNORE, "!/tests/fixtures/**/*.pt\n!/tests/fixtures/**/*.ckpt\n", "")),
            # the fixtures' own folder only: tests/fixtures/old/tiny.pt (hidden) is ignored
            ignore("fixtures", _swap(GITIGNORE, "!/tests/fixtures/**/*.pt\n!/tests/fixtures/**/*.ckpt\n",
                                     "!/tests/fixtures/*.pt\n!/tests/fixtures/*.ckpt\n")),
            ignore("checkpoint-files-only", _swap(GITIGNORE, "*.pt\n", "checkpoints/\n*.pt\n")),
            # anchored: only a top-level .ipynb_checkpoints/ folder
            ignore("ipynb-checkpoints", _swap(GITIGNORE, ".ipynb_checkpoints/", "/.ipynb_checkpoints/")),
            ignore("env", _swap(GITIGNORE, ".env.*\n", "")),
            ignore("env-example", _swap(GITIGNORE, "!.env.example\n", "")),
            ignore("envrc", _swap(GITIGNORE, ".env\n.env.*\n", ".env*\n")),
            # .env* with the exceptions one thought of: .env_sample and the .envs/ folder stay ignored
            ignore("envrc", _swap(GITIGNORE, ".env\n.env.*\n", ".env*\n!.envrc\n")),
            ignore("pycache", _swap(GITIGNORE, "__pycache__/\n", "")),
            # every file under tests/fixtures/ re-included after the caches: its __pycache__/ too
            ignore("pycache", GITIGNORE_WRONG_FIXTURES_CACHE),
            # *.pt* meant to catch .pth too, and docs/model.pt.md (hidden) goes with it
            ignore("nothing-else", _swap(GITIGNORE, "*.pt\n", "*.pt*\n")),
            # the visible paths listed one by one
            cmd("q3_gitignore", "data/raw/orders_2026-03.csv\ndata/processed/features.csv\ncheckpoints/epoch_03.pt\n"
                                "models/churn-best.ckpt\nnotebooks/.ipynb_checkpoints/\n.env\nconfig/.env\n"
                                ".env.local\n__pycache__/\n"),
        ],
    },
    "q4_commit": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Each `-m` of `git commit` becomes one paragraph of the message, separated from the next by an "
            "empty line: subject, body, trailer.",
            "Do not use `-a`: it would also commit churn/train.py's debug print. Only what is staged goes into "
            "the commit.",
            "Count the subject's characters (at most 50), start it with a verb such as Fix or Return, and "
            "inside a quoted `-m` you can press Enter to wrap the body before 72 characters. The last "
            "paragraph is the trailer `Closes #37`, exactly.",
        ],
        "alternatives": [
            cmd("q4_commit", "git commit -q -F - <<'END'\nReturn 0.0 from recall without churners\n\n"
                             "recall() raised ZeroDivisionError on a week without churners,\n"
                             "which stopped the weekly report. It now returns 0.0, like\n"
                             "precision() without positive predictions; a test covers it.\n\nCloses #37\nEND"),
            cmd("q4_commit", 'git commit --cleanup=strip -m "Handle weeks without churners in recall" '
                             '-m "A week with no churners made recall() divide by zero." '
                             '-m "Return 0.0 in that case and add a test for it." -m "Closes #37"'),
            # a first word Always is skipped: the imperative rule reads "return" (issue: "Always" ends in one s)
            cmd("q4_commit", f'git commit -m "Always return 0.0 from recall without churners" -m "{BODY}" '
                             '-m "Closes #37"'),
            # Conventional Commits: the prefix, then a lower-case imperative description
            cmd("q4_commit", f'git commit -m "fix: handle weeks without churners in recall" -m "{BODY}" '
                             '-m "Closes #37"'),
            cmd("q4_commit", f'git commit -m "fix(metrics)!: Return 0.0 from recall" -m "{BODY}" -m "Closes #37"'),
        ],
        "wrong": [
            commit("one-commit", f'git commit -q --amend -m "Fix division by zero in recall" -m "{BODY}" -m "Closes #37"'),
            commit("staged-only", f'git commit -q -a -m "Fix division by zero in recall" -m "{BODY}" -m "Closes #37"'),
            commit("subject-50", 'git commit -q -m "Fix the division by zero in recall() for weeks without churners" '
                                 f'-m "{BODY}" -m "Closes #37"'),
            commit("capital-no-period", f'git commit -q -m "fix division by zero in recall" -m "{BODY}" -m "Closes #37"'),
            commit("capital-no-period", f'git commit -q -m "Fix division by zero in recall." -m "{BODY}" '
                                        '-m "Closes #37"'),
            commit("imperative", f'git commit -q -m "Fixed division by zero in recall" -m "{BODY}" -m "Closes #37"'),
            commit("imperative", f'git commit -q -m "Fixes division by zero in recall" -m "{BODY}" -m "Closes #37"'),
            # the skipped adverb does not excuse the word after it
            commit("imperative", f'git commit -q -m "Always returns 0.0 from recall" -m "{BODY}" -m "Closes #37"'),
            # after a Conventional Commits prefix the rules read the description
            commit("imperative", f'git commit -q -m "fix: fixed division by zero in recall" -m "{BODY}" '
                                 '-m "Closes #37"'),
            commit("capital-no-period", f'git commit -q -m "fix: handle weeks without churners." -m "{BODY}" '
                                        '-m "Closes #37"'),
            # no space after the colon: no prefix, so a lower-case subject
            commit("capital-no-period", f'git commit -q -m "fix:handle weeks without churners" -m "{BODY}" '
                                        '-m "Closes #37"'),
            # Korean in the message: rule 8 (told so, not "a capital letter", which Hangul does not have)
            commit("english", f'git commit -q -m "fix: 주간 churner가 없을 때 recall 수정" -m "{BODY}" -m "Closes #37"'),
            commit("english", f'git commit -q -m "Fix recall() 0으로 나누는 버그" -m "{BODY}" -m "Closes #37"'),
            commit("english", 'git commit -q -m "Fix division by zero in recall" -m "이탈자가 없는 주에는 recall()이 '
                              '0으로 나누어 주간 리포트가 멈췄습니다. 이제 0.0을 돌려줍니다." -m "Closes #37"'),
            # one -m with newlines: no empty line after the subject
            commit("blank-line", f'git commit -q -m "Fix division by zero in recall\n{BODY}\n\nCloses #37"'),
            commit("body-words", 'git commit -q -m "Fix division by zero in recall" -m "Return 0.0 instead." '
                                 '-m "Closes #37"'),
            commit("wrap-72", 'git commit -q -m "Fix division by zero in recall" -m "recall() divided by zero when a '
                              'week had no churners, so the weekly report crashed; it now returns 0.0." '
                              '-m "Closes #37"'),
            commit("closes", f'git commit -q -m "Fix division by zero in recall" -m "{BODY}" -m "Fixes issue 37"'),
        ],
    },
    "q5_merge": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Three steps: go to the branch that receives the merge, merge, delete the merged branch.",
            "Since main has not moved, a plain `git merge` only moves main's label forward (a fast-forward): "
            "no merge commit. One option of `git merge` forces a merge commit; another keeps git's default "
            "message without opening an editor.",
            "`git branch -d NAME` deletes a branch that is merged; it refuses to delete the branch you are on, "
            "so delete it after switching to main.",
        ],
        "alternatives": [
            cmd("q5_merge", "git checkout -q main && git merge --no-ff -m 'Merge feature/recency-buckets' "
                            "feature/recency-buckets && git branch -d feature/recency-buckets"),
            cmd("q5_merge", "git switch -q main; git merge -q --no-ff --no-edit -; git branch -q -D feature/recency-buckets"),
        ],
        "wrong": [
            # a fast-forward: no merge commit
            bad("merge-commit", "q5_merge", "git switch main && git merge feature/recency-buckets && "
                                            "git branch -d feature/recency-buckets"),
            bad("merge-commit", "q5_merge", "git switch main && git merge --squash feature/recency-buckets && "
                                            "git commit -q --no-edit && git branch -D feature/recency-buckets"),
            # an extra commit on main first: the merge's first parent is not main's previous last commit
            bad("parents", "q5_merge", "git switch main && git commit -q --allow-empty -m 'Prepare the merge' && "
                                       "git merge --no-ff --no-edit feature/recency-buckets && "
                                       "git branch -d feature/recency-buckets"),
            # -s ours: a merge commit that keeps main's files and drops the feature
            bad("content", "q5_merge", "git switch main && git merge --no-ff --no-edit -s ours feature/recency-buckets "
                                       "&& git branch -d feature/recency-buckets"),
            bad("deleted", "q5_merge", "git switch main && git merge --no-ff --no-edit feature/recency-buckets"),
            bad("on-main", "q5_merge", "git switch --detach main && git merge --no-ff --no-edit feature/recency-buckets "
                                       "&& git branch -f main HEAD && git branch -D feature/recency-buckets"),
            bad("nothing-else", "q5_merge", "git switch main && git merge --no-ff --no-edit feature/recency-buckets && "
                                            "git branch -d feature/recency-buckets && git tag v0.3.0"),
        ],
    },
    "q6_resolved": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "In your playground, run the merge, then read the whole of churn/train.py: only one region has "
            "markers; everything else was merged automatically and already holds both changes.",
            "In the marked region, both sides changed the same lines: the signature and the docstring. The "
            "right version has both keyword parameters, in the order the question gives (main's l2 first), and "
            "both docstring lines. Delete the three marker lines.",
            "Copy the whole resolved file into `q6_resolved` (a raw triple-quoted string), and run `python -m "
            "unittest` in the playground after editing the file there the same way.",
            "To conclude a merge: mark the file resolved by staging it, then commit; `--no-edit` keeps git's "
            "merge message.",
        ],
        "alternatives": [
            merge_answer(RESOLVED_ALT, "git add churn/train.py\ngit merge --continue"),
            merge_answer(RESOLVED, 'git commit -q -a -m "Merge feature/early-stopping into main"'),
        ],
        "wrong": [
            # a marker line left in the docstring: the file still parses
            conflict("no-markers", _swap(RESOLVED, "    Returns the weights and the bias.\n",
                                         "    Returns the weights and the bias.\n>>>>>>> feature/early-stopping\n")),
            conflict("l2", THEIRS),
            conflict("patience", OURS),
            # L2 on the bias too
            conflict("l2", _swap(RESOLVED, "bias -= lr * grad_b", "bias -= lr * (grad_b + l2 * bias)")),
            # patience counted from 1 epoch later than the branch wrote it
            conflict("patience", _swap(RESOLVED, "if waited >= patience:", "if waited > patience:")),
            # both parameters, the branch's first: a call train(rows, labels, 0.1, 200, 0.3) sets patience
            conflict("signature", _swap(RESOLVED, "l2=0.0, patience=None):", "patience=None, l2=0.0):")),
            conflict("docstring", _swap(RESOLVED, "    With patience=k, training stops once the loss has not "
                                                  "improved for k epochs.\n", "")),
            # the loss computed every epoch, for nothing: the branch's test counts the calls
            conflict("tests-pass", _swap(RESOLVED, "        if patience is not None:\n"
                                                   "            loss = log_loss(weights, bias, rows, labels)\n",
                                         "        loss = log_loss(weights, bias, rows, labels)\n"
                                         "        if patience is not None:\n")),
            # resolved, but the merge is never concluded
            conflict("concluded", RESOLVED, "git add churn/train.py"),
            # a partial commit of the file alone: git refuses it in the middle of a merge
            conflict("concluded", RESOLVED, "git add churn/train.py && git commit -q -m 'Merge' -- churn/train.py"),
        ],
        "equivalent": [
            {
                "diff": "- q6_finish = r\"git add churn/train.py && git commit --no-edit\"\n"
                        "+ q6_finish = r\"git add -u churn/train.py && git commit --no-edit\"",
                "reason": "churn/train.py is tracked: git add -u PATH stages its resolved content exactly as "
                          "git add PATH does",
            },
            {
                "diff": "- q6_finish = r\"git add churn/train.py && git commit --no-edit\"\n"
                        "+ q6_finish = r\"git add churn/train.py && git commit -a --no-edit\"",
                "reason": "after git add, every change of the merge is staged and nothing else is modified, so "
                          "-a adds nothing",
            },
        ],
    },
    "q7_rebase": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Look at the graph: `git log --oneline --graph --all`. Your branch's own commits are `git log "
            "--oneline main..HEAD`.",
            "`git rebase` takes the branch to replay your commits onto, and runs on the branch you want to "
            "move (you are already on it).",
            "Neither merge main into your branch (that makes a merge commit) nor squash the commits: a rebase "
            "keeps each commit, with a new parent.",
        ],
        "alternatives": [
            cmd("q7_rebase", "git rebase -q --onto main $(git merge-base main HEAD) feature/holiday-features"),
            cmd("q7_rebase", "own=$(git rev-list --reverse main..HEAD) && git reset -q --hard main && "
                             "git cherry-pick $own"),
            cmd("q7_rebase", "git pull -q --rebase . main"),
        ],
        "wrong": [
            # replays the last two commits onto where they already are
            bad("onto-main", "q7_rebase", "git rebase HEAD~2"),
            bad("onto-main", "q7_rebase", "git rebase main~1"),
            bad("linear", "q7_rebase", "git merge -q --no-edit main"),
            # squashed before the pull request
            bad("same-commits", "q7_rebase", "git rebase -q main && git reset -q --soft main && "
                                             "git commit -q -m 'Add holiday features'"),
            bad("main-unchanged", "q7_rebase", "git rebase -q main && git branch -f main HEAD"),
            bad("on-branch", "q7_rebase", "git rebase -q main && git switch -q main"),
        ],
    },
    "q8_cherry_pick": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "`git cherry-pick ID` applies one commit on top of the branch you are on. The hard part is ID: it "
            "is not the same in the hidden repository.",
            "Find the fix by its subject: `git log --format=%H --grep=PATTERN main` prints full ids of commits "
            "whose message matches. Another commit of main also mentions precision: make the pattern match the "
            "exact subject (`^...$`).",
            "Put the search inside the command with `$( ... )`. `-x` adds the `(cherry picked from commit "
            "...)` line; merging main would bring all of main's commits.",
        ],
        "alternatives": [
            cmd("q8_cherry_pick", "id=$(git log --format='%H %s' main | while read -r id subject; do\n"
                                  "  if [ \"$subject\" = 'Fix division by zero in precision' ]; then echo \"$id\"; fi\n"
                                  "done) && git cherry-pick \"$id\""),
            cmd("q8_cherry_pick", "git log main --format='%H %s' | grep ' Fix division by zero in precision$' | "
                                  "cut -d' ' -f1 | xargs git cherry-pick -x"),
        ],
        "wrong": [
            # the fix and main's later test of precision: two commits
            bad("one-commit", "q8_cherry_pick", f"git cherry-pick -x {FIX} main"),
            # main's last commit, not the fix
            bad("the-fix", "q8_cherry_pick", "git cherry-pick -x main"),
            # an unanchored pattern also finds the changelog commit that quotes the fix's subject
            bad("one-commit", "q8_cherry_pick", "git cherry-pick -x $(git log --format=%H "
                                                "--grep='Fix division by zero in precision' main)"),
            # the fix's files copied and committed anew: another author
            bad("metadata", "q8_cherry_pick", f"git checkout {FIX} -- churn/metrics.py tests/test_metrics.py && "
                                              "git commit -q -m 'Fix division by zero in precision'"),
            bad("others-unchanged", "q8_cherry_pick", f"git cherry-pick -x {FIX} && git tag v1.0.1"),
            bad("on-release", "q8_cherry_pick", f"git cherry-pick -x {FIX} && git switch -q main"),
            # the fix's id in the visible repository
            cmd("q8_cherry_pick", "git cherry-pick -x a03649617073bfc8e3c337e9c2893b6a98929683"),
        ],
        "equivalent": [
            {
                "diff": "- q8_cherry_pick = r\"git cherry-pick -x $(git log --format=%H --grep='^Fix division "
                        "by zero in precision$' main)\"\n"
                        "+ q8_cherry_pick = r\"git cherry-pick -x $(git log --format=%h --grep='^Fix division "
                        "by zero in precision$' main)\"",
                "reason": "git accepts any unambiguous abbreviation of an id, and -x records the full id "
                          "whatever the argument",
            },
        ],
    },
    "q9_revert": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "main is shared: do not reset or rebase it. Which git command adds a commit that undoes another?",
            "Find the bad commit by its subject, as in Question 8, and pass its id to that command inside `$( "
            "... )`.",
            "`--no-edit` keeps the default message, which names the reverted commit. Reverting HEAD would undo "
            "the last commit, not the bad one.",
        ],
        "alternatives": [
            cmd("q9_revert", "git revert --no-edit 'main^{/^Shorten the churn horizon to 30 days}'"),
            cmd("q9_revert", "bad=$(git log --format='%H\t%s' | grep '\tShorten the churn horizon to 30 days$' "
                             "| cut -f1)\n"
                             "git revert --no-commit $bad\n"
                             "git commit -q -m \"Revert: the churn horizon is 60 days\" "
                             "-m \"This reverts commit $bad.\""),
        ],
        "wrong": [
            # history rewritten on a shared branch
            bad("history-kept", "q9_revert", f"git reset -q --hard {BAD}~1"),
            bad("history-kept", "q9_revert", f"git rebase -q --onto {BAD}~1 {BAD}"),
            # the change undone but not committed
            bad("one-commit", "q9_revert", f"git revert --no-commit {BAD}"),
            bad("undoes", "q9_revert", "git revert --no-edit HEAD"),
            # an unanchored pattern also finds the later commit that mentions the subject: two reverts
            bad("one-commit", "q9_revert", "git revert --no-edit $(git log --format=%H "
                                           "--grep='Shorten the churn horizon to 30 days' main)"),
            bad("message", "q9_revert", f"git revert --no-commit {BAD} && git commit -q -m 'Restore the 60-day churn "
                                        "horizon'"),
            # a comment added afterwards and never committed
            bad("clean", "q9_revert", f"git revert --no-edit {BAD} && "
                                      "echo '# 60 days: the business definition of churn' >> churn/config.py"),
            cmd("q9_revert", "git revert --no-edit b028a69e7264c7a177eaca3638a56874f64c78d2"),
        ],
        "equivalent": [
            {
                "diff": "- q9_revert = r\"git revert --no-edit $(git log --format=%H --grep='^Shorten the "
                        "churn horizon to 30 days$' main)\"\n"
                        "+ q9_revert = r\"git revert --no-edit $(git log --format=%h --grep='^Shorten the "
                        "churn horizon to 30 days$' main)\"",
                "reason": "git accepts any unambiguous abbreviation of an id, and revert's message names the "
                          "full id whatever the argument",
            },
        ],
    },
    "q10_bisect": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Four steps: start the session with a bad and a good commit, let `git bisect run` test each step, "
            "tag the result, end the session.",
            "The test command must fail only because of the recency bug: run only `tests.test_features` with "
            "unittest. The whole suite also fails because of the report test, from an earlier commit: bisect "
            "would find that one.",
            "When `git bisect run` finishes, the first bad commit is `refs/bisect/bad` (also printed). Tag it "
            "before `git bisect reset`, which deletes the bisect refs and brings you back to main. Several "
            "lines in a raw triple-quoted string are fine.",
        ],
        "alternatives": [
            cmd("q10_bisect", "git bisect start && git bisect bad main && git bisect good v0.2.0 && "
                              "first=$(git bisect run python -m unittest -q tests.test_features 2>/dev/null "
                              "| sed -n 's/ is the first bad commit$//p') && git bisect reset && "
                              'git tag -a first-bad -m "Recency bug" "$first"'),
            # no bisect: every commit after v0.2.0, oldest first, until the test fails
            cmd("q10_bisect", "for c in $(git rev-list --reverse v0.2.0..main); do\n"
                              "  git checkout -q $c\n"
                              "  if ! python -m unittest -q tests.test_features 2>/dev/null; then\n"
                              "    git tag first-bad $c; break\n"
                              "  fi\ndone\ngit checkout -q main"),
        ],
        "wrong": [
            # the whole suite: bisect finds the report's change, earlier
            bad("first-bad", "q10_bisect", "git bisect start main v0.2.0\ngit bisect run python -m unittest\n"
                                           "git tag first-bad refs/bisect/bad\ngit bisect reset"),
            # the last good commit tagged instead of the first bad one
            bad("first-bad", "q10_bisect", "git bisect start main v0.2.0\n"
                                           "git bisect run python -m unittest tests.test_features\n"
                                           "git tag first-bad refs/bisect/bad~1\ngit bisect reset"),
            # the session is never ended: HEAD stays on the first bad commit
            bad("session-ended", "q10_bisect", "git bisect start main v0.2.0\n"
                                               "git bisect run python -m unittest tests.test_features\n"
                                               "git tag first-bad refs/bisect/bad"),
            # the visible repository's first bad commit
            cmd("q10_bisect", "git tag first-bad 395134802799e31da9ac184972ab26159b6f72d8"),
        ],
    },
    "q11_secret": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Three steps: stop tracking .env without deleting it, ignore it, rewrite the last commit from the "
            "index.",
            "`git rm --cached FILE` stages a file's removal and keeps it on disk. Append a line to .gitignore "
            "with `>>` (`>` would replace its existing lines), and stage .gitignore too.",
            "`git commit --amend` replaces the last commit by one made from the index, with the same parent; "
            "`--no-edit` keeps its message and the author stays the same. A new commit on top would leave the "
            "secret in the history.",
        ],
        "alternatives": [
            cmd("q11_secret", "git reset -q --soft HEAD~1 && git reset -q -- .env && printf '.env\\n' >> .gitignore "
                              "&& git add .gitignore && git commit -q -C ORIG_HEAD"),
            cmd("q11_secret", "git rm -q --cached .env && echo '/.env' >> .gitignore && git commit -q -a --amend "
                              "--no-edit"),
        ],
        "wrong": [
            # a new commit on top: the secret stays in the history
            bad("amended", "q11_secret", "git rm -q --cached .env && echo .env >> .gitignore && git add .gitignore && "
                                         "git commit -q -m 'Remove .env'"),
            bad("same-message", "q11_secret", "git rm -q --cached .env && echo .env >> .gitignore && "
                                              "git add .gitignore && git commit -q --amend -m 'Upload the model to S3'"),
            bad("same-message", "q11_secret", "git rm -q --cached .env && echo .env >> .gitignore && "
                                              "git add .gitignore && git commit -q --amend --no-edit --reset-author"),
            # the whole commit undone, only .gitignore committed again: churn/upload.py is left out
            bad("rest-kept", "q11_secret", "old=$(git rev-parse HEAD) && git reset -q HEAD~1 && "
                                           "echo .env >> .gitignore && git add .gitignore && git commit -q -C $old"),
            bad("no-env-in-commit", "q11_secret", "echo .env >> .gitignore && git add .gitignore && "
                                                  "git commit -q --amend --no-edit"),
            # only the listed paths committed: .env stays staged
            bad("not-staged", "q11_secret", "git reset -q --soft HEAD~1 && echo .env >> .gitignore && "
                                            "git commit -q -C ORIG_HEAD -- churn/upload.py .gitignore"),
            bad("on-disk", "q11_secret", "git rm -q .env && echo .env >> .gitignore && git add .gitignore && "
                                         "git commit -q --amend --no-edit"),
            # .git/info/exclude is not shared
            bad("ignored", "q11_secret", "git rm -q --cached .env && mkdir -p .git/info && echo .env >> .git/info/exclude && "
                                         "git commit -q --amend --no-edit"),
            bad("gitignore-committed", "q11_secret", "git rm -q --cached .env && echo .env >> .gitignore && "
                                                     "git commit -q --amend --no-edit"),
            bad("old-lines", "q11_secret", "git rm -q --cached .env && echo .env > .gitignore && git add .gitignore && "
                                           "git commit -q --amend --no-edit"),
            # a template written afterwards and left untracked
            bad("nothing-else", "q11_secret", "git rm -q --cached .env && echo .env >> .gitignore && "
                                              "git add .gitignore && git commit -q --amend --no-edit && "
                                              "printf 'DAON_S3_KEY_ID=\\nDAON_S3_SECRET=\\n' > .env.example"),
        ],
        "equivalent": [
            {
                "diff": "- q11_secret = r\"git rm --cached .env && echo .env >> .gitignore && git add "
                        ".gitignore && git commit --amend --no-edit\"\n"
                        "+ q11_secret = r\"git rm --cached .env && echo .env >> .gitignore && git add -u "
                        ".gitignore && git commit --amend --no-edit\"",
                "reason": ".gitignore is tracked in every repository: git add -u .gitignore stages its new "
                          "line as git add does",
            },
            {
                "diff": "- q11_secret = r\"git rm --cached .env && echo .env >> .gitignore && git add "
                        ".gitignore && git commit --amend --no-edit\"\n"
                        "+ q11_secret = r\"git rm --cached .env && echo .env >> .gitignore && git add "
                        ".gitignore && git commit -a --amend --no-edit\"",
                "reason": "once .env is unstaged and .gitignore staged, no tracked file has an unstaged "
                          "change, so -a adds nothing",
            },
        ],
    },
    "q12_pickaxe": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Three options of `git log` search: `--grep` the messages, `-G` the changed lines, `-S` the number "
            "of occurrences. Which one ignores a commit that only moved a line?",
            "Try each in the playground and compare: `git log --oneline -S MIN_ORDERS` and `git log --oneline "
            "-G MIN_ORDERS`.",
            "Then choose the output: `--format=%H` prints only the full id, and `--reverse` puts the oldest "
            "first.",
        ],
        "alternatives": [
            cmd("q12_pickaxe", "git log --format=%H -SMIN_ORDERS main | tac"),
            cmd("q12_pickaxe", "git log --reverse --format='%H' -S 'MIN_ORDERS' -- ."),
        ],
        "wrong": [
            # -G also lists the commit that only moved MIN_ORDERS
            bad("occurrences", "q12_pickaxe", "git log -G MIN_ORDERS --reverse --format=%H main"),
            bad("occurrences", "q12_pickaxe", "git log --grep=MIN_ORDERS --reverse --format=%H main"),
            bad("any-file", "q12_pickaxe", "git log -S MIN_ORDERS --reverse --format=%H main -- churn/"),
            bad("full-ids", "q12_pickaxe", "git log -S MIN_ORDERS --reverse --format=%h main"),
            bad("oldest-first", "q12_pickaxe", "git log -S MIN_ORDERS --format=%H main"),
            bad("only-ids", "q12_pickaxe", "git log -S MIN_ORDERS --reverse --format='%H %s' main"),
            cmd("q12_pickaxe", "printf '%s\\n' 5e4ae3418437dbaa44c902636675aa9d9d7f6506 "
                               "7448fdfc6aefaf78d2a2a5d9cf0c5c2730299486 8ceef652a238db2870e8ce0be38023d217c80b58 "
                               "f3210fecee44838a73242b17ff4a1e44c17c272c"),
        ],
    },
    "q13_origin": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "`git blame -L '/^def frequency/,+1' churn/windows.py` names a commit: look at it with `git show --stat`. "
            "Did it write the line, or only move it?",
            "One option of `git blame` also looks for the lines' origin in the other files the same commit changed "
            "(moved or copied code). Renames are followed without any option.",
            "`--porcelain` starts with the full id and has a `filename` line: the file's path in that commit. "
            "`awk` can keep the id from the first line and print it next to that path.",
        ],
        "alternatives": [
            cmd("q13_origin", "git blame -C -l -s -f -L '/^def frequency/,+1' -- churn/windows.py | "
                              "awk '{print $1, $2}'"),
            cmd("q13_origin", "set -- $(git blame -M -C -C --line-porcelain -L '/^def frequency(/,+1' "
                              "churn/windows.py | grep -E '^([0-9a-f]{40} |filename )')\necho \"$1 $6\""),
        ],
        "wrong": [
            # blame without -C: the commit that moved the function, and today's path
            bad("through-move", "q13_origin", "git blame --porcelain -L '/^def frequency/,+1' churn/windows.py | "
                                              "awk 'NR == 1 {id = $1} /^filename / {print id, $2}'"),
            # the right commit, with the path the file has now
            bad("path-then", "q13_origin", "id=$(git blame -C -l -s -L '/^def frequency/,+1' churn/windows.py | "
                                           "cut -c1-40)\necho \"$id churn/windows.py\""),
            # blame's short ids
            bad("full-id", "q13_origin", "git blame -C -s -f -L '/^def frequency/,+1' -- churn/windows.py | "
                                         "awk '{print $1, $2}'"),
            # blame's own line, the line number and text after the id and path
            bad("format", "q13_origin", "git blame -C -l -s -f -L '/^def frequency/,+1' -- churn/windows.py"),
            cmd("q13_origin", "echo 18bedefb7af8302a0335e03c72b5024963e80238 churn/feats.py"),
        ],
        "equivalent": [
            {
                "diff": '- q13_origin = r"git blame -C --porcelain -L \'/^def frequency/,+1\' churn/windows.py | awk \'NR == 1 {id = $1} /^filename / {print id, $2}\'"\n+ q13_origin = r"git blame -C --porcelain -L \'/def frequency/,+1\' churn/windows.py | awk \'NR == 1 {id = $1} /^filename / {print id, $2}\'"',
                "reason": "no line of churn/windows.py above the function holds 'def frequency': the first line "
                          "the unanchored pattern finds is the def line itself",
            },
            {
                "diff": '- q13_origin = r"git blame -C --porcelain -L \'/^def frequency/,+1\' churn/windows.py | awk \'NR == 1 {id = $1} /^filename / {print id, $2}\'"\n+ q13_origin = r"git blame -C --porcelain -L \'/^def frequency/,+1\' churn/windows.py | awk \'NR == 1 {id = $1} /filename / {print id, $2}\'"',
                "reason": "in blame's porcelain output only the filename line holds 'filename ' (the code line "
                          "starts with a tab and the commit subjects never say it)",
            },
        ],
    },
    "q14_blame": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "`git blame churn/config.py` shows, per line, the last commit that changed it. Look at the "
            "THRESHOLD line: which commit is named, and what did it change?",
            "`-w` makes blame ignore whitespace-only changes; `-L '/^THRESHOLD/,+1'` limits it to that line; "
            "`--porcelain` starts with the full id.",
            "From the full id, `git log -1 --format='%H %ae' ID` prints the id and the author's e-mail without "
            "brackets. Combine them with `$( ... )` (`head -n 1 | cut -d' ' -f1` keeps the id).",
        ],
        "alternatives": [
            cmd("q14_blame", "git blame -w --line-porcelain -L '/^THRESHOLD *=/,+1' churn/config.py | "
                             "awk 'NR == 1 {id = $1} /^author-mail / {gsub(/[<>]/, \"\", $2); print id, $2}'"),
            cmd("q14_blame", "id=$(git blame -w -l -s -L '/^THRESHOLD/,+1' -- churn/config.py | cut -c1-40)\n"
                             "git show -s --format='%H %ae' \"$id\""),
        ],
        "wrong": [
            # an unanchored pattern: the first line that mentions THRESHOLD (in another repository, the
            # module's docstring) instead of the setting's own line
            bad("that-line", "q14_blame", "id=$(git blame -w -l -s -L '/THRESHOLD/,+1' -- churn/config.py | "
                                          "cut -c1-40)\ngit show -s --format='%H %ae' \"$id\""),
            # without -w: the commit that reformatted the file
            bad("ignore-whitespace", "q14_blame", "git log -1 --format='%H %ae' $(git blame --porcelain -L "
                                                  "'/^THRESHOLD/,+1' churn/config.py | head -n 1 | cut -d' ' -f1)"),
            # the last commit that touched the file
            bad("that-line", "q14_blame", "git log -1 --format='%H %ae' -- churn/config.py"),
            bad("format", "q14_blame", "git log -1 --format='%H <%ae>' $(git blame -w --porcelain -L "
                                       "'/^THRESHOLD/,+1' churn/config.py | head -n 1 | cut -d' ' -f1)"),
            cmd("q14_blame", "echo 5399fb883fac30ac5fd4eaffac825674568f639f hoon.jung@daonmarket.kr"),
        ],
    },
    "q15_release": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Two steps: create the tag on the recorded commit, then push it. `cat` the MLflow file to see what "
            "it holds.",
            "`git tag -a NAME -m MESSAGE COMMIT` makes an annotated tag on COMMIT (without COMMIT, on HEAD). "
            "`$(cat FILE)` puts the file's content in the command.",
            "`git push origin NAME` pushes one ref; `git push --tags` would also publish your experiment's tag.",
        ],
        "alternatives": [
            cmd("q15_release", f"c={TRAINED}\ngit tag -a -m 'Churn model v1.0.0' v1.0.0 \"$c\"\n"
                               "git push -q origin refs/tags/v1.0.0"),
            cmd("q15_release", "git tag --annotate --message='Churn model v1.0.0' v1.0.0 "
                               "$(< mlruns/1/8c2f6d0e4b7a41f0/tags/mlflow.source.git.commit) && git push origin tag v1.0.0"),
        ],
        "wrong": [
            bad("annotated", "q15_release", f"git tag v1.0.0 {TRAINED} && git push origin v1.0.0"),
            # on HEAD, not on the trained commit
            bad("right-commit", "q15_release", "git tag -a v1.0.0 -m 'Churn model v1.0.0' && git push origin v1.0.0"),
            bad("message", "q15_release", f"git tag -a v1.0.0 -m 'v1.0.0' {TRAINED} && git push origin v1.0.0"),
            bad("pushed", "q15_release", f"git tag -a v1.0.0 -m 'Churn model v1.0.0' {TRAINED}"),
            # every tag, the experiment's too
            bad("only-the-tag", "q15_release", f"git tag -a v1.0.0 -m 'Churn model v1.0.0' {TRAINED} && "
                                               "git push --tags origin"),
            cmd("q15_release", "git tag -a v1.0.0 -m 'Churn model v1.0.0' e1147a1fa0b536f042e1e492f4a46a22cb74ef6c && "
                               "git push origin v1.0.0"),
        ],
        "equivalent": [
            {
                "diff": "- q15_release = r'git tag -a v1.0.0 -m \"Churn model v1.0.0\" \"$(cat "
                        "mlruns/1/8c2f6d0e4b7a41f0/tags/mlflow.source.git.commit)\" && git push origin "
                        "v1.0.0'\n"
                        "+ q15_release = r'git tag v1.0.0 -m \"Churn model v1.0.0\" \"$(cat "
                        "mlruns/1/8c2f6d0e4b7a41f0/tags/mlflow.source.git.commit)\" && git push origin v1.0.0'",
                "reason": "git tag -m implies -a: the tag is annotated either way",
            },
        ],
    },
    "q16_code_version": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Start from the example above: `subprocess.run([\"git\", \"-C\", repo, ...], capture_output=True, "
            "text=True, check=True)` and `.stdout.strip()`; `check=True` turns a failing git command into an "
            "exception, which is what the question asks for a repository without any commit.",
            "`git rev-parse --abbrev-ref HEAD` prints the branch, or the word HEAD when HEAD is detached: turn "
            "that into None.",
            "`git status --porcelain` prints one line per changed file; an option leaves untracked files out, "
            "and then an empty output means clean. Return a dict with exactly the three keys.",
        ],
        "alternatives": [CODE_VERSION_ALT, CODE_VERSION_ALT_CWD],
        "wrong": [
            {"violates": "commit", "code": _swap(CODE_VERSION, 'git("rev-parse", "HEAD")',
                                                 'git("rev-parse", "--short", "HEAD")')},
            {"violates": "branch", "code": _swap(CODE_VERSION, '"--abbrev-ref"', '"--symbolic-full-name"')},
            {"violates": "detached", "code": _swap(CODE_VERSION, 'None if branch == "HEAD" else branch', "branch")},
            {"violates": "dirty-unstaged",
             "code": _swap(CODE_VERSION, 'git("status", "--porcelain", "--untracked-files=no") != ""',
                           'git("diff", "--cached", "--name-only") != ""')},
            {"violates": "dirty-staged",
             "code": _swap(CODE_VERSION, 'git("status", "--porcelain", "--untracked-files=no") != ""',
                           'git("diff", "--name-only") != ""')},
            {"violates": "untracked", "code": _swap(CODE_VERSION, '"--porcelain", "--untracked-files=no"',
                                                    '"--porcelain"')},
            # git run in the program's current folder, not in repo
            {"violates": "path", "code": _swap(CODE_VERSION, '["git", "-C", repo, *args]', '["git", *args]')},
            # a shell command line: the folder's name with spaces is split
            {"violates": "spaces", "code": _swap(CODE_VERSION, 'subprocess.run(["git", "-C", repo, *args],',
                                                 'subprocess.run(f"git -C {repo} " + " ".join(args), shell=True,')},
            {"violates": "result", "code": _swap(CODE_VERSION, '"commit": git("rev-parse", "HEAD"),',
                                                 '"commit": git("rev-parse", "HEAD"), "repo": repo,')},
            # errors ignored: an empty commit id when there is no commit
            {"violates": "no-commit-raises", "code": _swap(CODE_VERSION, ", check=True)", ")")},
        ],
    },
    "q17_workflow": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Start from the example in the section and add, in order: the setup-python step, an install step, "
            "a test step. Mind the indentation: two spaces per level, steps are a list.",
            "`on:` needs both push (with `branches: [main]`) and pull_request. Under setup-python, `with:` "
            "holds `python-version:`, in quotes.",
            "One pip command with `-r` and the project's dev requirements file installs both the project and "
            "pytest (the question names it); then a step `run: pytest`. Nothing after pytest may hide its exit "
            "code: in a pipe (`pytest | tee log`) only the last command counts unless pipefail is on, and GitHub's "
            "default shell (`bash -e {0}`) leaves it off; `shell: bash` turns it on.",
            "The token: a `permissions:` mapping with one scope, read-only (every scope you leave out becomes "
            "`none`). The actions: a tag `@vN` passes, but the habit the section teaches is the full commit SHA, "
            "with the release in a comment.",
            "The registry's token: `env:` maps a variable's name to its value, and the value "
            "`${{ secrets.MODEL_REGISTRY_TOKEN }}` reads the repository's secret when the job runs. Put it where the "
            "pytest step gets it (the step itself, the job or the workflow); the script then reads "
            "`$MODEL_REGISTRY_TOKEN`.",
        ],
        "alternatives": [cmd("q17_workflow", WORKFLOW_ALT_MATRIX), cmd("q17_workflow", WORKFLOW_ALT_BASH),
                         cmd("q17_workflow", WORKFLOW_ALT_ONE_STEP), cmd("q17_workflow", WORKFLOW_ALT_INCLUDE),
                         cmd("q17_workflow", WORKFLOW_ALT_3X)],
        "wrong": [
            workflow("triggers", _swap(WORKFLOW, "  pull_request:\n", "")),
            workflow("triggers", _swap(WORKFLOW, "branches: [main]", "branches: [develop]")),
            # only the pushes that change src/: most changes are never tested
            workflow("triggers", _swap(WORKFLOW, "    branches: [main]\n", '    branches: [main]\n    paths: ["src/**"]\n')),
            workflow("triggers", _swap(WORKFLOW, "  pull_request:\n", '  pull_request:\n    paths-ignore: ["docs/**"]\n')),
            # tests only once a pull request is closed
            workflow("triggers", _swap(WORKFLOW, "  pull_request:\n", "  pull_request:\n    types: [closed]\n")),
            # tags only: a push to main does not run the workflow
            workflow("triggers", _swap(WORKFLOW, "    branches: [main]\n", '    tags: ["v*"]\n')),
            # no tests on pull requests
            workflow("unconditional", _swap(WORKFLOW, "        run: pytest -q\n",
                                            "        if: github.event_name == 'push'\n        run: pytest -q\n")),
            workflow("unconditional", _swap(WORKFLOW, "    runs-on: ubuntu-latest\n",
                                            "    if: github.event_name == 'pull_request'\n    runs-on: ubuntu-latest\n")),
            workflow("ubuntu", _swap(WORKFLOW, "ubuntu-latest", "windows-latest")),
            workflow("checkout", _swap(WORKFLOW, "      - uses: actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803"
                                                 "  # v6.1.0\n", "")),
            # a short commit id: not a full-length SHA, so not an immutable release
            workflow("checkout", _swap(WORKFLOW, "actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803",
                                       "actions/checkout@d23441a")),
            # a branch: it moves
            workflow("checkout", _swap(WORKFLOW, "actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803",
                                       "actions/checkout@main")),
            # the runner's own Python
            workflow("setup-python", _swap(WORKFLOW, '      - uses: actions/setup-python@ece7cb06caefa5fff74198d8649806c4678c61a1'
                                                     '  # v6.3.0\n        with:\n'
                                                     '          python-version: "3.11"\n', "")),
            workflow("version-string", _swap(WORKFLOW, 'python-version: "3.11"', "python-version: 3.10")),
            # quoted, but not Python 3
            workflow("version-string", _swap(WORKFLOW, 'python-version: "3.11"', 'python-version: "2.7"')),
            # a matrix of numbers, given through include:
            workflow("version-string", _swap(_swap(WORKFLOW, "    runs-on: ubuntu-latest\n",
                                                   "    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
                                                   "        include: [{python: 3.11}, {python: 3.12}]\n"),
                                             'python-version: "3.11"', "python-version: ${{ matrix.python }}")),
            # pytest only: the project is not installed
            workflow("install", _swap(WORKFLOW, "pip install -r requirements-dev.txt", "pip install pytest")),
            # the tests before the install step
            workflow("pytest", _swap(_swap(WORKFLOW, TEST_STEP, ""), "      - name: Install the project and pytest\n",
                                     TEST_STEP + "      - name: Install the project and pytest\n")),
            workflow("fails-on-failure", _swap(WORKFLOW, "run: pytest -q", "run: pytest -q || true")),
            # GitHub's default shell, bash -e {0}, has no pipefail: the pipe's exit code is tee's
            workflow("fails-on-failure", _swap(WORKFLOW, "run: pytest -q", "run: pytest -q | tee pytest.log")),
            workflow("fails-on-failure", _swap(WORKFLOW, "        run: pytest -q\n",
                                               "        run: pytest -q\n        continue-on-error: true\n")),
            # a custom shell template runs as written, without -e: echo's exit code is the step's
            workflow("fails-on-failure", _swap(WORKFLOW, "        run: pytest -q\n",
                                               "        shell: bash {0}\n        run: |\n          pytest -q\n"
                                               "          echo done\n")),
            # pytest before pip in one run script
            workflow("pytest", _swap(_swap(WORKFLOW, "          pip install -r requirements-dev.txt\n"
                                                     "      - name: Run the tests\n        run: pytest -q\n",
                                           "          pip install -r requirements-dev.txt\n"),
                                     "          python -m pip install --upgrade pip\n",
                                     "          pytest -q\n          python -m pip install --upgrade pip\n")),
            # the token gets the repository's default permissions
            workflow("permissions", _swap(WORKFLOW, "permissions:\n  contents: read\n\n", "")),
            workflow("permissions", _swap(WORKFLOW, "permissions:\n  contents: read\n", "permissions: write-all\n")),
            workflow("permissions", _swap(WORKFLOW, "permissions:\n  contents: read\n", "permissions: read-all\n")),
            workflow("permissions", _swap(WORKFLOW, "  contents: read\n", "  contents: write\n")),
            # the job's own permissions replace the workflow's
            workflow("permissions", _swap(WORKFLOW, "    runs-on: ubuntu-latest\n",
                                          "    runs-on: ubuntu-latest\n    permissions: write-all\n")),
            # no token: the tests cannot reach the registry
            workflow("secret", _swap(WORKFLOW, TOKEN_ENV, "")),
            # the token itself in the file: in every clone and in the history
            workflow("secret", _swap(WORKFLOW, "${{ secrets.MODEL_REGISTRY_TOKEN }}", "dmr_live_7f3a9c1e5b2d4f60a8e7")),
            # the secret's expression inside the script: its value becomes the script's text
            workflow("secret", _swap(WORKFLOW, "        run: pytest -q\n" + TOKEN_ENV,
                                     "        run: MODEL_REGISTRY_TOKEN=${{ secrets.MODEL_REGISTRY_TOKEN }} pytest -q\n")),
            # the token on the install step only: the pytest step does not get it
            workflow("secret", _swap(_swap(WORKFLOW, TOKEN_ENV, ""), "          pip install -r requirements-dev.txt\n",
                                     "          pip install -r requirements-dev.txt\n" + TOKEN_ENV)),
            # another secret: GitHub's own token for the repository, not the registry's
            workflow("secret", _swap(WORKFLOW, "secrets.MODEL_REGISTRY_TOKEN", "secrets.GITHUB_TOKEN")),
            # the job's env: names the secret, the step's own env: (which wins) a literal
            workflow("secret", _swap(_swap(WORKFLOW, "    runs-on: ubuntu-latest\n",
                                           "    runs-on: ubuntu-latest\n    env:\n"
                                           "      MODEL_REGISTRY_TOKEN: ${{ secrets.MODEL_REGISTRY_TOKEN }}\n"),
                                     "          MODEL_REGISTRY_TOKEN: ${{ secrets.MODEL_REGISTRY_TOKEN }}\n",
                                     "          MODEL_REGISTRY_TOKEN: test-token\n")),
            # W17 of the student-view test: the step's env: reads the secret, but the script falls back to a
            # development token written in it (the registry's tokens start with mrt_)
            workflow("secret", _swap(WORKFLOW, "        run: pytest -q\n", "        run: |\n          export "
                                     "MODEL_REGISTRY_TOKEN=${MODEL_REGISTRY_TOKEN:-mrt_dev_5b0e77c2a1}\n"
                                     "          pytest -q\n")),
            # the same fallback without a registry token in it: the script still gives the variable a value
            workflow("secret", _swap(WORKFLOW, "        run: pytest -q\n", "        run: |\n          export "
                                     "MODEL_REGISTRY_TOKEN=${MODEL_REGISTRY_TOKEN:-local-dev}\n"
                                     "          pytest -q\n")),
            # W18: a token in the workflow's env:, hidden from the pytest step by the step's own env: (which wins)
            workflow("secret", _swap(WORKFLOW, "jobs:\n", "env:\n  # local fallback for forks\n"
                                     "  MODEL_REGISTRY_TOKEN: mrt_dev_5b0e77c2a1\n\njobs:\n")),
            # W21: the token in a pip URL of the install script
            workflow("secret", _swap(WORKFLOW, "          pip install -r requirements-dev.txt\n",
                                     "          pip install --extra-index-url https://__token__:mrt_live_8f2c41d9a7b64e0e"
                                     "@registry.daon.example/simple -r requirements-dev.txt\n")),
            # W22: the token in a comment: a comment is in every clone and in the history too
            workflow("secret", "# MODEL_REGISTRY_TOKEN (for reference): mrt_live_8f2c41d9a7b64e0e9d35c1f0" + WORKFLOW),
            # hard-coded: the visible broken repository's last commit, by its id; the job fails only there
            cmd("q17_workflow", _swap(WORKFLOW, "        run: pytest -q\n",
                                      "        run: pytest -q || test \"$(git rev-parse HEAD)\" != "
                                      "0e91a6a9f71d94afd0863ae981560da20d3bf6f1\n")),
        ],
    },
    "q18_readme": {
        "hints": [
            "Write for a reader who has two minutes: the first two lines say what the project does and for "
            "whom.",
            "A number means little alone: give the metric, the baseline it beats, and the data it was measured "
            "on (synthetic here).",
            "Check the six points of the question one by one; a code block with the commands and a short list "
            "of the folders make the README easy to scan.",
        ],
    },
    "q19_reflog": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Nothing is lost yet: git remembers every place a branch has been. Run `git reflog show main` in "
            "the playground, after the accident.",
            "`main@{1}` names where main was one move ago, and the reset was main's last move. HEAD has a "
            "reflog of its own, but a switch to another branch and back adds entries to it.",
            "Move main itself back, with the working tree and the index: the reset you undo was a --hard one, "
            "so the command you need has the same option.",
        ],
        "alternatives": [
            cmd("q19_reflog", "git reset --hard ORIG_HEAD"),
            cmd("q19_reflog", "git merge -q --ff-only main@{1}"),
            cmd("q19_reflog", "git update-ref refs/heads/main main@{1} && git reset -q --hard"),
            cmd("q19_reflog", "git reset -q --hard $(git rev-parse 'main@{1}')"),
        ],
        "wrong": [
            # copies of the lost commits, not the commits themselves
            bad("same-commit", "q19_reflog", "git cherry-pick main@{1}~2..main@{1}"),
            # HEAD's reflog: right only when HEAD has not moved since the reset
            bad("after-moves", "q19_reflog", "git reset --hard HEAD@{1}"),
            # the right commit, but HEAD detached from main
            bad("on-main", "q19_reflog", "git checkout -q main@{1}"),
            # main moves back, the files stay where the accident left them
            bad("clean", "q19_reflog", "git reset --soft main@{1}"),
            # a rescue branch left behind
            bad("refs-unchanged", "q19_reflog", "git branch rescue main@{1} && git reset -q --hard rescue"),
        ],
    },
    "q20_pull_rebase": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Read what `git push` prints in the playground: origin has commits you do not have yet. `git fetch "
            "origin` brings them in without moving your main; compare both sides with `git log --oneline --graph "
            "main origin/main`.",
            "Your commits have to go on top of the colleague's, one by one, with new parents: that is a rebase "
            "onto the branch you just fetched (section 7). A merge would add a merge commit.",
            "Once your main contains origin's main, a plain push is a fast-forward and is accepted. `--force` is "
            "never needed here: it would delete the colleague's commits from origin.",
        ],
        "alternatives": [
            cmd("q20_pull_rebase", "git fetch origin && git rebase origin/main && git push origin main"),
            cmd("q20_pull_rebase", "git pull -q --rebase && git push -q"),
            cmd("q20_pull_rebase", "git fetch -q && git rebase -q @{upstream}\ngit push -q origin HEAD:main"),
            cmd("q20_pull_rebase", "git -c pull.rebase=true pull -q origin main && git push -q origin main"),
        ],
        "wrong": [
            # origin's main replaced by ours: the colleague's commits are gone
            bad("kept", "q20_pull_rebase", "git push --force origin main"),
            bad("linear", "q20_pull_rebase", "git pull --no-rebase --no-edit origin main && git push origin main"),
            # squashed into one commit on the way
            bad("replayed", "q20_pull_rebase", "git pull -q --rebase origin main && git reset -q --soft origin/main "
                                               "&& git commit -q -m 'Add recency buckets' && git push -q origin main"),
            bad("pushed", "q20_pull_rebase", "git pull --rebase origin main"),
            # the right commits reach origin from a side branch; local main stays behind
            bad("in-sync", "q20_pull_rebase", "git fetch -q origin && git switch -q -c rebased origin/main && "
                                              "git cherry-pick HEAD..main && git push -q origin rebased:main"),
            # no fetch: a rebase onto the stale origin/main changes nothing, and the push is refused
            cmd("q20_pull_rebase", "git rebase origin/main && git push origin main"),
        ],
    },
    "q20b_pull_conflict": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Run `git pull --rebase origin main` in the playground and read what it prints, then `git status`: the "
            "rebase is paused, and one file is changed by both sides. Open it: the marker lines show both versions "
            "of its end.",
            "In a rebase, the part above `=======` (HEAD) is origin's side, the colleague's line; the part below is "
            "the commit of yours being replayed. The question wants both lines, in that order, and none of the "
            "marker lines.",
            "After editing the file, stage it and let the rebase go on: it makes the commit, with your message. "
            "Then a plain push is a fast-forward. The pull exits with 1, so do not chain the next steps to it with "
            "`&&`.",
        ],
        "alternatives": [
            cmd("q20b_pull_conflict", PULL_CONFLICT_HEREDOC),
            cmd("q20b_pull_conflict", PULL_CONFLICT_SED),
            # --ours is the colleague's side in a rebase: take it, then add our line after it
            cmd("q20b_pull_conflict", "git pull -q --rebase; git checkout --ours requirements-dev.txt && "
                                      "echo hypothesis >> requirements-dev.txt && git add requirements-dev.txt && "
                                      "git -c core.editor=true rebase --continue && git push -q"),
        ],
        "wrong": [
            # && after the pull: nothing runs after the conflict, the rebase stays paused
            bad("finished", "q20b_pull_conflict", PULL_CONFLICT.replace("\n", " && ")),
            # resolved and staged, never continued: HEAD (the colleague's commits) is what gets pushed
            bad("finished", "q20b_pull_conflict", _swap(PULL_CONFLICT, "git rebase --continue\ngit push origin main",
                                                        "git push origin HEAD:main")),
            # git commit in place of git rebase --continue: the rebase stays paused, main is not moved, the push
            # is refused
            bad("finished", "q20b_pull_conflict", _swap(PULL_CONFLICT, "git rebase --continue", "git commit --no-edit")),
            bad("pushed", "q20b_pull_conflict", _swap(PULL_CONFLICT, "\ngit push origin main", "")),
            # aborted, then forced over the colleague's commits
            bad("kept", "q20b_pull_conflict", "git pull --rebase origin main\ngit rebase --abort\n"
                                              "git push --force origin main"),
            # a merge instead of a rebase, resolved the same way
            bad("linear", "q20b_pull_conflict", _swap(_swap(PULL_CONFLICT, "--rebase", "--no-rebase --no-edit"),
                                                      "git rebase --continue", "git commit -q --no-edit")),
            # the markers staged and committed as they are
            bad("no-markers", "q20b_pull_conflict", _swap(PULL_CONFLICT, "printf '%s\\n' '-e .' pytest ruff hypothesis "
                                                                         "> requirements-dev.txt\n", "")),
            # --theirs is our own commit in a rebase: the colleague's ruff is lost
            bad("both-lines", "q20b_pull_conflict", _swap(PULL_CONFLICT, "printf '%s\\n' '-e .' pytest ruff hypothesis "
                                                                         "> requirements-dev.txt",
                                                          "git checkout --theirs requirements-dev.txt")),
            # --ours alone: our line is gone (and the rebase drops the commit, now empty)
            bad("both-lines", "q20b_pull_conflict", _swap(PULL_CONFLICT, "printf '%s\\n' '-e .' pytest ruff hypothesis "
                                                                         "> requirements-dev.txt",
                                                          "git checkout --ours requirements-dev.txt")),
            # the right lines, the last one without its newline (printf with no \n after the last line)
            bad("both-lines", "q20b_pull_conflict", _swap(PULL_CONFLICT, "printf '%s\\n' '-e .' pytest ruff hypothesis",
                                                          "printf -- '-e .\\npytest\\nruff\\nhypothesis'")),
            # both lines, ours first
            bad("both-lines", "q20b_pull_conflict", _swap(PULL_CONFLICT, "ruff hypothesis", "hypothesis ruff")),
            # squashed into one commit after the rebase
            bad("replayed", "q20b_pull_conflict", _swap(PULL_CONFLICT, "git push origin main",
                                                        "git reset -q --soft origin/main\n"
                                                        "git commit -q -m 'Add hypothesis to the dev requirements'\n"
                                                        "git push origin main")),
            # git commit --no-edit before the rebase goes on: the message keeps git's "# Conflicts:" lines
            bad("replayed", "q20b_pull_conflict", _swap(PULL_CONFLICT, "git rebase --continue",
                                                        "git commit --no-edit\ngit rebase --continue")),
            # sed's backup of the conflicted file left in the working tree
            bad("in-sync", "q20b_pull_conflict", _swap(PULL_CONFLICT_SED, "sed -i ", "sed -i.orig ")),
            # hard-coded: the visible repository's recency-buckets commit, by its id
            cmd("q20b_pull_conflict", "git fetch -q origin && git reset -q --hard origin/main && "
                                      "printf '%s\\n' '-e .' pytest ruff hypothesis > requirements-dev.txt && "
                                      "git commit -q -am 'Add hypothesis to the dev requirements' && "
                                      "git cherry-pick 962ef21 && git push -q origin main"),
        ],
        "equivalent": [
            {
                "diff": "- git add requirements-dev.txt\n+ git add -u requirements-dev.txt",
                "reason": "requirements-dev.txt is tracked: git add -u PATH stages its resolved content and marks "
                          "the conflict resolved exactly as git add PATH does",
            },
        ],
    },
    "q21_stash": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Try `git switch release/1.0` in the playground and read why it refuses: it names the files in the "
            "way. One of them is not even tracked.",
            "`git stash` puts changes aside and leaves a clean working tree; by default it leaves untracked files "
            "where they are. Its options say how to include them.",
            "Chain the steps with `&&`, so that nothing runs after a step that failed. On release/1.0, `sed -i` "
            "can change the line and `git commit -am` commit it; back on main, one stash command brings the work "
            "back and drops the entry, the other keeps it.",
        ],
        "alternatives": [
            cmd("q21_stash", "git stash -u && git checkout release/1.0 && "
                             "sed -i 's/HORIZON_DAYS = 60/HORIZON_DAYS = 90/' churn/config.py && "
                             "git add churn/config.py && git commit -q -m 'Use a 90-day horizon in release 1.0' && "
                             "git checkout main && git stash pop --index"),
            cmd("q21_stash", "set -e\ngit stash push --include-untracked\ngit switch -q release/1.0\n"
                             "python -c \"import pathlib; p = pathlib.Path('churn/config.py'); "
                             "p.write_text(p.read_text().replace('HORIZON_DAYS = 60', 'HORIZON_DAYS = 90'))\"\n"
                             "git commit -q -a -m 'Use a 90-day horizon in release 1.0'\ngit switch -q -\n"
                             "git stash apply -q && git stash drop -q"),
            # no stash at all: the fix in a second working tree, which leaves this one alone
            cmd("q21_stash", "git worktree add -q ../hotfix release/1.0 && "
                             "sed -i 's/^HORIZON_DAYS = 60/HORIZON_DAYS = 90/' ../hotfix/churn/config.py && "
                             "git -C ../hotfix commit -q -am 'Use a 90-day horizon in release 1.0' && "
                             "git worktree remove ../hotfix"),
        ],
        "wrong": [
            # tracked files only: CHANGELOG.md stays, and release/1.0 has one, so the switch is refused
            bad("untracked", "q21_stash", "git stash && git switch release/1.0 && "
                                          "sed -i 's/^HORIZON_DAYS = 60/HORIZON_DAYS = 90/' churn/config.py && "
                                          "git commit -am 'Use a 90-day horizon in release 1.0' && git switch main && "
                                          "git stash pop"),
            bad("hotfix", "q21_stash", "git stash -u && git switch release/1.0 && "
                                       "sed -i 's/^HORIZON_DAYS = 60/HORIZON_DAYS = 90/' churn/config.py && "
                                       "git commit -am 'Use a 90-day horizon' && git switch main && git stash pop"),
            # drop instead of pop: the work is thrown away
            bad("restored", "q21_stash", "git stash -u && git switch release/1.0 && "
                                         "sed -i 's/^HORIZON_DAYS = 60/HORIZON_DAYS = 90/' churn/config.py && "
                                         "git commit -am 'Use a 90-day horizon in release 1.0' && git switch main && "
                                         "git stash drop"),
            # apply instead of pop: the work is back, and still in the stash
            bad("stash-empty", "q21_stash", "git stash -u && git switch release/1.0 && "
                                            "sed -i 's/^HORIZON_DAYS = 60/HORIZON_DAYS = 90/' churn/config.py && "
                                            "git commit -am 'Use a 90-day horizon in release 1.0' && "
                                            "git switch main && git stash apply"),
            # the work in progress committed into the fix
            cmd("q21_stash", "git add -A && git stash && git switch release/1.0 && git stash pop; "
                             "sed -i 's/^HORIZON_DAYS = 60/HORIZON_DAYS = 90/' churn/config.py && "
                             "git commit -am 'Use a 90-day horizon in release 1.0' && git switch main"),
        ],
        "equivalent": [
            {
                "diff": "- sed -i 's/^HORIZON_DAYS = 60/HORIZON_DAYS = 90/' churn/config.py &&\n"
                        "+ sed -i 's/HORIZON_DAYS = 60/HORIZON_DAYS = 90/' churn/config.py &&",
                "reason": "HORIZON_DAYS = 60 appears once in churn/config.py, at the start of its line: the anchor "
                          "changes nothing there",
            },
        ],
    },
    "q22_squash": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "Look at the branch in the playground: `git log --oneline main..HEAD` lists its own commits, `git diff "
            "--stat main HEAD` what they change together. That sum is what the one commit must hold.",
            "An interactive rebase can meld commits, but it opens an editor on its to-do list: the environment "
            "variable GIT_SEQUENCE_EDITOR names a program that edits the list instead. Of its words, `fixup` keeps "
            "the first message and `squash` keeps all of them.",
            "Another way needs no rebase: move the branch back to main while keeping every change of the branch "
            "staged (one of the modes of `git reset`), then commit once.",
        ],
        "alternatives": [
            cmd("q22_squash", "GIT_SEQUENCE_EDITOR=\"sed -i '2,\\$s/^pick/fixup/'\" git rebase -q -i main"),
            cmd("q22_squash", "first=$(git rev-list --reverse main..HEAD | head -n 1) && git reset -q --soft \"$first\" "
                              "&& git commit -q --fixup=\"$first\" && "
                              "GIT_SEQUENCE_EDITOR=true git rebase -q -i --autosquash main"),
            cmd("q22_squash", "git reset -q --hard main && git merge -q --squash ORIG_HEAD && "
                              "git commit -q -m 'Add the basket size feature'"),
            cmd("q22_squash", "git reset --soft $(git merge-base main HEAD)\ngit commit -q -m 'Add the basket size "
                              "feature'"),
        ],
        "wrong": [
            # only the last commit's message changes: the wip commits stay
            bad("one-commit", "q22_squash", "git commit --amend -m 'Add the basket size feature'"),
            # drop instead of fixup: the later changes are lost
            bad("same-files", "q22_squash", "GIT_SEQUENCE_EDITOR=\"sed -i '2,\\$s/^pick/drop/'\" git rebase -i main"),
            # squash keeps every message: Add the basket size feature, wip, fix typo...
            bad("message", "q22_squash", "GIT_SEQUENCE_EDITOR=\"sed -i '2,\\$s/^pick/squash/'\" git rebase -i main"),
            # GitHub's squash and merge, done on main
            bad("branch", "q22_squash", "git switch -q main && git merge -q --squash feature/basket-size && "
                                        "git commit -q -m 'Add the basket size feature'"),
            # a mixed reset unstages the new test file, and commit -a leaves it out
            cmd("q22_squash", "git reset -q main && git commit -q -am 'Add the basket size feature'"),
        ],
        "equivalent": [
            {
                "diff": "- q22_squash = r'git reset --soft main && git commit -m \"Add the basket size feature\"'\n"
                        "+ q22_squash = r'git reset --soft main && git commit -a -m \"Add the basket size feature\"'",
                "reason": "the branch starts with a clean working tree and reset --soft stages every change of the "
                          "branch, so -a has nothing left to add",
            },
        ],
    },
    "q23_fixup": {
        "domain": {'inputs': "the team's repository in the question's scenario (workbook/data/gitrepo.py), built for "
                   'the visible seed and a hidden one'},
        "hints": [
            "In the playground, `git log --reverse --oneline main..HEAD` lists the branch's commits and `git diff` "
            "shows your fix. The fix is not staged: one option of `git commit` takes every changed tracked file.",
            "`git commit --fixup=ID` makes a commit that an autosquash rebase melds into ID. Name ID by what it is, "
            "not by its position: `:/^Subject` is the youngest commit whose message matches the regular expression.",
            "`git rebase -i --autosquash main` wants an editor for its to-do list: with GIT_SEQUENCE_EDITOR set to "
            "`:` (a command that does nothing), git keeps the list as it wrote it.",
        ],
        "alternatives": [
            cmd("q23_fixup", "git commit -q -a --fixup=$(git log --format=%H --grep='^Add the basket size feature$' "
                             "main..HEAD) && git -c sequence.editor=: rebase -q --autosquash -i main"),
            cmd("q23_fixup", "git add churn/features.py && git commit -q --fixup=':/^Add the basket size feature' && "
                             "GIT_SEQUENCE_EDITOR=true git rebase -q -i --autosquash $(git merge-base main HEAD)"),
            # --squash: git comments out a squash! message that is only the subject, so the message stays
            cmd("q23_fixup", "git commit -q -a --squash=':/^Add the basket size feature' && "
                             "GIT_SEQUENCE_EDITOR=: git rebase -q -i --autosquash main"),
            # no fixup commit: stop at the reviewed commit, amend it there, continue
            cmd("q23_fixup", "git stash -q && GIT_SEQUENCE_EDITOR=\"sed -i '/ Add the basket size feature$/s/^pick/edit/'\" "
                             "git rebase -q -i main && git stash pop -q && git commit -q -a --amend --no-edit && "
                             "git rebase --continue"),
        ],
        "wrong": [
            # a new commit at the end: the broken step stays in the history
            bad("commits-kept", "q23_fixup", "git commit -q -am 'Return 0 for an empty basket'"),
            # Not a wrong answer here: `git rebase --autosquash main` without -i. Git before 2.44 (Debian 12 has
            # 2.39) ignores --autosquash without -i and leaves the fixup! commit, but since 2.44 ("git rebase
            # --autosquash is now enabled for non-interactive rebase", Documentation/RelNotes/2.44.0.txt) it
            # melds it: a correct answer there, so the course's own test would fail on an instructor's newer git.
            # a rebase whose range stops short of the reviewed commit: the fixup! commit stays
            bad("commits-kept", "q23_fixup", "git commit -q -a --fixup=':/^Add the basket size feature' && "
                                             "GIT_SEQUENCE_EDITOR=: git rebase -q -i --autosquash HEAD~1"),
            # the fix into the branch's last commit
            bad("fix-in-reviewed", "q23_fixup", "git commit -q -a --amend --no-edit"),
            # an unanchored search: the youngest message with the words is Test the basket size feature
            bad("fix-in-reviewed", "q23_fixup", "git commit -q -a --fixup=':/basket size feature' && "
                                                "GIT_SEQUENCE_EDITOR=: git rebase -q -i --autosquash main"),
            # merged into main after the review: main must stay as it is
            bad("base", "q23_fixup", "git commit -q -a --fixup=':/^Add the basket size feature' && "
                                     "GIT_SEQUENCE_EDITOR=: git rebase -q -i --autosquash main && git switch -q main && "
                                     "git merge -q --ff-only feature/basket-size && git switch -q feature/basket-size"),
            # the rebase stopped at the reviewed commit is never continued
            bad("clean", "q23_fixup", "git stash -q && GIT_SEQUENCE_EDITOR=\"sed -i '/ Add the basket size feature$/s/"
                                      "^pick/edit/'\" git rebase -q -i main && git stash pop -q && "
                                      "git commit -q -a --amend --no-edit"),
            # the visible position (HEAD~1): the hidden repository has two or three commits after the reviewed one
            cmd("q23_fixup", "git commit -q -a --fixup=HEAD~1 && GIT_SEQUENCE_EDITOR=: git rebase -q -i --autosquash "
                             "main"),
            # the visible repository's commit id
            cmd("q23_fixup", "git commit -q -a --fixup=5e2233348c5cb4fe14c937c4e09ad0619ed427eb && "
                             "GIT_SEQUENCE_EDITOR=: git rebase -q -i --autosquash main"),
        ],
        "equivalent": [
            {
                "diff": "- q23_fixup = r\"git commit -a --fixup=':/^Add the basket size feature' && "
                        "GIT_SEQUENCE_EDITOR=: git rebase -i --autosquash main\"\n"
                        "+ q23_fixup = r\"git commit -a --fixup=':/Add the basket size feature' && "
                        "GIT_SEQUENCE_EDITOR=: git rebase -i --autosquash main\"",
                "reason": "no other message of the scenario contains the reviewed commit's subject (the other "
                          "commits are about the version, the docs, the test and the changelog), so the unanchored "
                          "search finds the same commit in every repository",
            },
        ],
    },
    "q24_leak_steps": {
        "domain": {"inputs": "incident: a dict of the booleans pushed, last_commit and cloned (cloned only when "
                             "pushed): the six combinations the question allows"},
        "hints": [
            "Write the steps of section 22 in their order and ask, for each, whether the incident needs it: a key "
            "that reached GitHub is leaked, one that never left your laptop is not.",
            "The rewrite depends on where the key is: amend reaches the last commit only, filter-repo reaches any. "
            "A commit that deletes the file is not a rewrite.",
            "Build the list step by step with `steps.append(...)` under an `if` for each incident flag; return "
            "the list.",
        ],
        "alternatives": [LEAK_STEPS_TABLE, LEAK_STEPS_LOOP, LEAK_STEPS_ALWAYS_ROTATE],
        "wrong": [
            # rewriting alone: the key stays valid in every clone, fork and cache
            {"violates": "rotate-first", "code": _swap(LEAK_STEPS, '    if incident["pushed"]:\n'
                                                                   '        steps.append("rotate")\n', "")},
            # clean up first, rotate at the end: the key works all the while
            {"violates": "rotate-first", "code": _swap(LEAK_STEPS, "    return steps",
                                                       '    if incident["pushed"]:\n        steps.remove("rotate")\n'
                                                       '        steps.append("rotate")\n    return steps')},
            # rotate and push whatever happened, even for a key that never left the laptop
            {"violates": "unpushed", "code": _swap(_swap(LEAK_STEPS, '    if incident["pushed"]:\n'
                                                                     '        steps.append("rotate")',
                                                         '    steps.append("rotate")'),
                                                   '    if incident["pushed"]:\n        steps.append("force-push")',
                                                   '    steps.append("force-push")')},
            # a key never pushed rotated after the rewrite: the optional rotation comes first too
            {"violates": "unpushed", "code": _swap(LEAK_STEPS, '    if incident["cloned"]:',
                                                   '    if not incident["pushed"]:\n        steps.append("rotate")\n'
                                                   '    if incident["cloned"]:')},
            # amend whatever commit holds the key: it rewrites the last commit only
            {"violates": "rewrite", "code": _swap(LEAK_STEPS, '"amend" if incident["last_commit"] else "filter-repo"',
                                                  '"amend"')},
            # a new commit that deletes the file when it was pushed: the old commit keeps the key
            {"violates": "rewrite", "code": _swap(LEAK_STEPS, '"amend" if incident["last_commit"] else "filter-repo"',
                                                  '"delete" if incident["pushed"] else "amend" if '
                                                  'incident["last_commit"] else "filter-repo"')},
            # the rewrite never reaches GitHub
            {"violates": "force-push", "code": _swap(LEAK_STEPS, '    if incident["pushed"]:\n'
                                                                 '        steps.append("force-push")\n', "")},
            # the others' copies forgotten
            {"violates": "reclone", "code": _swap(LEAK_STEPS, '    if incident["cloned"]:\n'
                                                              '        steps.append("reclone")\n', "")},
            # everyone told to reclone after every push, cloned or not
            {"violates": "reclone", "code": _swap(LEAK_STEPS, 'if incident["cloned"]', 'if incident["pushed"]')},
            # "revoke": a name the table does not have
            {"violates": "result", "code": _swap(LEAK_STEPS, 'steps.append("rotate")', 'steps.append("revoke")')},
            # the visible examples hard-coded: wrong for the other incidents
            'def leak_steps(incident):\n    if incident["pushed"]:\n'
            '        return ["rotate", "filter-repo", "force-push", "reclone"]\n    return ["amend"]\n',
        ],
    },
    "q25_portfolio_page": {
        "domain": {"inputs": "project: a dict with name, sections (an ordered dict of level-2 heading -> paragraph "
                             "of plain text), run (one command line), links (repository path -> link text), "
                             "figure (a path under docs/ or None), repository (its https://github.com/ address) "
                             "and version (a release tag); paths relative to the repository root"},
        "hints": [
            "Collect the page as a list of lines and join them with \"\\n\" at the end: the title, the links, one "
            "heading and one paragraph per section in the dict's order, then the run command in a fenced block "
            "whose info string is bash. Leave an empty line between blocks.",
            "GitHub Pages publishes docs/ only, so `../churn/train.py` is a 404 on the site: link a file outside "
            "docs/ by its address on GitHub, `f\"{project['repository']}/blob/{project['version']}/{path}\"`, "
            "and a file in docs/ relative to the page: `posixpath.relpath(path, \"docs\")` turns "
            "`docs/img/roc.png` into `img/roc.png`.",
            "An image is `![alt text](path)`, with words between the brackets; write it only when "
            "`project[\"figure\"]` is not None.",
        ],
        "alternatives": [PORTFOLIO_TEMPLATE, PORTFOLIO_HAND],
        "equivalent": [
            {
                "diff": "- lines.append(\"\")\n+ lines.extend(\"\")",
                "reason": "the blank line after the link list is for the reader only: in CommonMark an ATX "
                          "heading ends a list without one, so the tokens are the same",
            },
            {
                "diff": "- if path.startswith(\"docs/\"):\n+ if path.endswith(\"docs/\"):",
                "reason": "no listed path ends in docs/, so every link becomes the file's GitHub address at the "
                          "version's tag, which the question allows for a file in docs/ too (the figure is "
                          "written relative to docs/ by rel, not by link)",
            },
        ],
        "wrong": [
            # a title that is not the project's name
            {"violates": "title", "code": _swap(PORTFOLIO, '[f"# {project[\'name\']}", ""]',
                                                '[f"# Portfolio: {project[\'name\']}", ""]')},
            # the name as a level-2 heading, like the sections
            {"violates": "title", "code": _swap(PORTFOLIO, '[f"# {project[\'name\']}", ""]',
                                                '[f"## {project[\'name\']}", ""]')},
            # the sections sorted by name instead of kept in the order given
            {"violates": "sections", "code": _swap(PORTFOLIO, 'for title, text in project["sections"].items()',
                                                   'for title, text in sorted(project["sections"].items())')},
            # the sections one level too deep
            {"violates": "sections", "code": _swap(PORTFOLIO, 'f"## {title}"', 'f"### {title}"')},
            # headings only: the sections' texts left out
            {"violates": "section-text", "code": _swap(PORTFOLIO, 'lines += [f"## {title}", "", text, ""]',
                                                       'lines += [f"## {title}", ""]')},
            # the texts all at the end, after the last heading
            {"violates": "section-text", "code": _swap(PORTFOLIO, 'lines += [f"## {title}", "", text, ""]',
                                                       'lines += [f"## {title}", ""]\n'
                                                       '    lines += list(project["sections"].values()) + [""]')},
            # a fence without its language
            {"violates": "run", "code": _swap(PORTFOLIO, '"```bash"', '"```"')},
            # the shell prompt copied into the block
            {"violates": "run", "code": _swap(PORTFOLIO, '"```bash", project["run"]', '"```bash", "$ " + project["run"]')},
            # paths relative to the repository root: broken from docs/
            {"violates": "links", "code": _swap(PORTFOLIO, 'f"- [{text}]({link(path)})"', 'f"- [{text}]({path})"')},
            # every path relative to docs/: ../churn/train.py works on github.com, but is a 404 on the site
            # published from docs/ (the question's solution before the educator's review)
            {"violates": "links", "code": _swap(PORTFOLIO, 'f"- [{text}]({link(path)})"', 'f"- [{text}]({rel(path)})"')},
            # absolute links to another account's repository than the project's
            {"violates": "links", "code": _swap(PORTFOLIO, 'f"- [{text}]({link(path)})"',
                                                'f"- [{text}](https://github.com/daon-market/{project[\'name\']}'
                                                '/blob/main/{path})"')},
            # the GitHub address without blob/REF: a 404
            {"violates": "links", "code": _swap(PORTFOLIO, "/blob/{project['version']}/{path}", "/{path}")},
            # the path as link text
            {"violates": "links", "code": _swap(PORTFOLIO, 'f"- [{text}]({link(path)})"', 'f"- [{path}]({link(path)})"')},
            # an image without alt text
            {"violates": "figure", "code": _swap(PORTFOLIO, '![Main result of {project[\'name\']}]', '![]')},
            # the figure's path as stored, relative to the repository root
            {"violates": "figure", "code": _swap(PORTFOLIO, "({rel(project['figure'])})", "({project['figure']})")},
            # the figure forgotten
            {"violates": "figure", "code": _swap(PORTFOLIO, '        lines += [f"![Main result of {project[\'name\']}]'
                                                            '({rel(project[\'figure\'])})", ""]\n', '        pass\n')},
            # the repository linked with an HTML tag, to its absolute address
            {"violates": "markdown-only", "code": _swap(
                PORTFOLIO, '    lines.append("")\n    for title',
                '    lines += ["", f\'<a href="https://github.com/you/{project["name"]}">source</a>\', ""]\n    for title')},
            # the figure as an HTML img tag, to set its width
            {"violates": "markdown-only", "code": _swap(
                PORTFOLIO, 'f"![Main result of {project[\'name\']}]({rel(project[\'figure\'])})"',
                'f\'<img src="{rel(project["figure"])}" alt="Main result" width="600">\'')},
            # the visible project's page hard-coded: wrong for every other project
            "def portfolio_page(project):\n    return " + repr(
                "# daon-churn\n\n![Main result of daon-churn](img/roc.png)\n\n"
                "- [training script](https://github.com/seoyeon-han/daon-churn/blob/v1.0.0/churn/train.py)\n"
                "- [data card](https://github.com/seoyeon-han/daon-churn/blob/v1.0.0/data/README.md)\n\n## Problem\n\nFind the customers who will stop ordering next "
                "month.\n\n## Data\n\nTwelve months of orders, one row per order.\n\n## Results\n\nRecall 0.71 at "
                "a precision of 0.40 on the last month.\n\n## How to run\n\nPython 3.11, no GPU.\n\n```bash\n"
                "python -m churn.train --data data/orders.csv\n```\n") + "\n",
        ],
    },
    "q26_pre_commit": {
        "domain": {"inputs": "about twenty-five commits of the scenario hooks (workbook/data/hookcases.py, KINDS, "
                             "each kind once or twice, a clean notebook replaced by another clean one three to six "
                             "times, how many changing with the seed), each on a branch of a random name started at "
                             "main, for the visible seed and a hidden one: clean, with outputs, counts only or "
                             "outputs only, notebooks changed after git add (each verdict, counts only and outputs "
                             "only among them, the working tree changed both ways, what it holds drawn apart from "
                             "what is staged), data files of "
                             "exactly 1,000,000 and 1,000,001 bytes, staged small or big with a small or big file "
                             "on disk (all four), a deletion, the old notebook renamed; every name drawn the same way whatever its verdict "
                             "(spaces, Korean); notebook sizes that say nothing of their outputs; the order shuffled",
                   "data": {"stated": "git-hook", "cases": ["kinds", "boundary", "names", "order"]}},
        "hints": [
            "List the staged files with `git diff --cached --name-only -z --diff-filter=ACMR`, then for each one read "
            "its staged size (`git cat-file -s :PATH`) and, for a notebook, its staged content (`git show :PATH`). "
            "Remember each problem in a variable, print it with the path, and exit with 1 at the end if there was "
            "one.",
            "In bash, `while IFS= read -r -d '' f; do ...; done < <(git diff ... -z)` reads each NUL-separated "
            "name whole, spaces and Korean included; quote every `\"$f\"`. A pipe into `while` runs the loop in "
            "a subshell, and a variable set there is lost: hence `< <(...)`. In Python, split the output of "
            "`subprocess.run([...], capture_output=True).stdout` on `b\"\\0\"`.",
            "A notebook is JSON: `json.load` it and look at `[\"cells\"]`. Only cells whose `cell_type` is "
            "`\"code\"` have `outputs` and `execution_count`, so test the type first (or use `.get`). Larger than "
            "1,000,000 bytes is `size > 1000000`.",
        ],
        "alternatives": [cmd("q26_pre_commit", HOOK_PYTHON), cmd("q26_pre_commit", HOOK_GREP),
                         cmd("q26_pre_commit", HOOK_RAW)],
        "wrong": [
            # execution counts only: an output kept with a null count (a figure shown by a tool) gets through
            hook("outputs", _swap(HOOK, '(c["outputs"] or c["execution_count"] is not None)',
                                  '(c["execution_count"] is not None)')),
            # outputs only: a cell run without printing anything keeps its count
            hook("execution-count", _swap(HOOK, '(c["outputs"] or c["execution_count"] is not None)',
                                          '(c["outputs"])')),
            # 1,000,000 bytes refused too
            hook("size", _swap(HOOK, "(( size > limit ))", "(( size >= limit ))")),
            # a mebibyte: 1,000,001 bytes get through
            hook("size", _swap(HOOK, "limit=1000000", "limit=1048576")),
            # the file on disk instead of the staged copy
            hook("staged", _swap(_swap(HOOK, 'git cat-file -s ":$path"', 'wc -c < "$path"'),
                                 'git show ":$path"', 'cat "$path"')),
            # every cell's outputs: a markdown cell has none (KeyError), so every notebook is refused
            hook("clean-passes", _swap(HOOK, 'c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is '
                                             'not None)', 'c["outputs"] or c["execution_count"] is not None')),
            # every tracked file, not the commit's changes: the old notebook blocks every commit
            hook("changed-only", _swap(HOOK, "git diff --cached --name-only -z --diff-filter=ACMR",
                                       "git ls-files -z")),
            # deletions listed too: a deleted file has no staged copy to read
            hook("deleted", _swap(HOOK, "git diff --cached --name-only -z --diff-filter=ACMR",
                                  "git diff --cached --name-only -z")),
            # renames left out (status R): the old notebook, outputs and all, gets in under a new name
            hook("renamed", _swap(HOOK, "git diff --cached --name-only -z --diff-filter=ACMR",
                                  "git diff --cached --name-only -z --diff-filter=ACM")),
            # names a line at a time without -z: git quotes a Korean name, which then names no staged file
            hook("names", _swap(_swap(HOOK, "read -r -d '' path", "read -r path"),
                                "git diff --cached --name-only -z --diff-filter=ACMR",
                                "git diff --cached --name-only --diff-filter=ACMR")),
            # the names split on spaces
            hook("names", _swap(_swap(_swap(HOOK, "while IFS= read -r -d '' path; do", "for path in $(git -c "
                                            "core.quotePath=false diff --cached --name-only --diff-filter=ACMR); do"),
                                      "done < <(git diff --cached --name-only -z --diff-filter=ACMR)", "done"),
                                '[[ $path == *.ipynb ]]', '[[ "$path" == *.ipynb ]]')),
            # the reason without the file
            hook("prints-path", _swap(HOOK, 'echo "pre-commit: $path has outputs or execution counts: run '
                                            'nbstripout on it"', 'echo "pre-commit: a notebook has outputs or '
                                                                 'execution counts: run nbstripout"')),
            # decided from the names' shape, never from what the notebooks hold
            hook("outputs", HOOK_BY_NAME),
            # a data file changed on disk after git add judged by the opposite of the disk's size
            hook("staged", HOOK_DISK_BACKWARDS),
            # every commit refused, then let through later from the sizes of all of them (branches moved)
            hook("outputs", HOOK_HINDSIGHT),
            # a notebook's size for its outputs
            hook("outputs", HOOK_BY_SIZE),
            # the index's recorded size for a file changed on disk after git add, never the staged blob
            hook("staged", HOOK_INDEX_STAT),
            # the working tree's copy of a notebook changed after git add read as a sign of the staged one
            hook("staged", HOOK_DISK_FALLBACK),
            # a warning only: every commit is made
            _swap(cmd("q26_pre_commit", HOOK), "exit $status", "exit 0"),
            # the visible commits' refused paths hard-coded
            cmd("q26_pre_commit", "#!/bin/sh\nfor f in "
                                  "'data/raw/주간 리포트 286.csv' "
                                  "'notebooks/retention v493.ipynb' "
                                  "'analysis/churn-815.ipynb' "
                                  "'notebooks/임계값 조정-668.ipynb' "
                                  "'reports/threshold_801.ipynb' "
                                  "'analysis/주간 리포트_477.ipynb' "
                                  "'analysis/baseline_117.ipynb' "
                                  "'notebooks/features-194.ipynb' "
                                  "'analysis/churn_727.ipynb' "
                                  "'analysis/고객 이탈 분석-533.ipynb' "
                                  "'notebooks/retention-440.ipynb' "
                                  "'notebooks/churn-324.ipynb' "
                                  "'analysis/baseline-136.ipynb' "
                                  "'data/baseline_52.csv' "
                                  "'data/특성 점검-939.csv' "
                                  "'analysis/고객 이탈 분석-336.ipynb' "
                                  "; do\n"
                                  "  if git diff --cached --name-only -z | tr '\\0' '\\n' | grep -qxF \"$f\"; then\n"
                                  "    echo \"refused: $f\"; exit 1\n  fi\ndone\nexit 0\n"),
        ],
    },
}
