"""The security suite: adversarial submissions graded by `workbook autograde`
with the sandbox on, one run per assignment for the whole class, then one test
per attack.

Each attack must earn no point it did not solve, leave the gradebook's
assignment, source/, release/ and every submission byte-identical, not stop
the others being graded, and leak nothing: no distinctive line of a hidden
test (reference queries and commands included) and no value the reference
computes for a hidden input can be recovered from the attacker's autograded
notebook or feedback, even after base64, zlib, rot13 or reversal decoding.
The judge's transcript (every request the grader sent into a student's kernel)
must not hold any of them either. bubblewrap and cgroups are required:
without them the suite FAILS with a message saying what to install (it never
skips)."""
from __future__ import annotations

import base64
import codecs
import hashlib
import json
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest

from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import gradebook, sandbox
from workbook.grading import runner as grader

from . import attacks_grader, attacks_jail, attacks_judge
from .attacks import ATTACKS, GENERIC, GIT_ATTACKS, NETWORK, git_answers

# attacks named after the limit or the trust they test, per assignment (attacks_*.py)
TARGETED: dict[str, dict[str, dict]] = {}
for _module in (attacks_judge, attacks_jail, attacks_grader):
    for _a, _specs in _module.ATTACKS.items():
        for _name, _spec in _specs.items():
            assert _name not in TARGETED.get(_a, {}), f"two attacks called {_name}"
            TARGETED.setdefault(_a, {})[_name] = _spec

pytestmark = [pytest.mark.sandbox, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
TARGETS = [a for a in ("00_orientation", "02_sql", "03_pytorch_test", "06_git", "07_ml_service",
                          "08_explain", "09_baskets")
           if (REPO / "source" / a).is_dir()]
SECRET = "security suite secret, fixed so that a failure can be reproduced"
# the per-submission limit of a class (`autograde --timeout`): an honest submission takes at most 15 s alone and
# 45 s in a loaded full suite (09: 38 s alone, 47 s in the suite); a spinning attacker meets the limit
# (SLOW_GENERIC below)
SUBMISSION_TIMEOUT = {"09_baskets": "120"}
# seconds per cell where 20 is too few for an honest solution: 09 starts local Spark's JVM in one cell
# (5-10 s alone, more with the suite's kernels running at once on two cores)
CELL_TIMEOUT = {"09_baskets": "90"}


def _on_one_worker(A: str, *rest):
    """The tests of one assignment's class run on one xdist worker (the class
    is graded once there); the classes of different assignments spread."""
    return pytest.param(A, *rest, marks=pytest.mark.xdist_group(f"security-{A}"), id="-".join([A, *rest]))


def _tree_digest(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def _gradebook_definition(db: Path) -> list:
    """The assignment as the gradebook defines it (cells, points, checksums)."""
    con = sqlite3.connect(db)
    try:
        out = []
        for table in ("assignment", "notebook", "base_cell", "grade_cells", "solution_cells", "source_cell"):
            try:
                out.append((table, sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))))
            except sqlite3.OperationalError:
                pass
        return out
    finally:
        con.close()


class _Listener:
    """A TCP server on 127.0.0.1 that records any connection."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            try:
                conn, addr = self.sock.accept()
                self.connections.append(addr)
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join(2)
        self.sock.close()


def _attacks_for(assignment: str, release_nb, listener_port: int) -> dict[str, object]:
    """student -> submitted notebook."""
    out = {}
    answer_ids = [nbm.meta(c)["grade_id"] for c in release_nb.cells if nbm.kind(c) == "answer"]
    for name, code in GENERIC.items():
        out[name] = nbm.make_submission(release_nb, {gid: code for gid in answer_ids})
    if assignment == "00_orientation":
        for name, spec in ATTACKS.items():
            answers = dict(spec.get("answers", {}))
            if name == "network":
                answers = {"q1_format_metric": NETWORK.format(port=listener_port)}
            nb = nbm.make_submission(release_nb, answers)
            if spec.get("mutate"):
                nb = spec["mutate"](nb)
            out[name] = nb
    if assignment == "06_git":
        for name, spec in GIT_ATTACKS.items():
            out[name] = nbm.make_submission(release_nb, git_answers(spec, listener_port))
    for name, spec in TARGETED.get(assignment, {}).items():
        answers = git_answers(spec, listener_port) if assignment == "06_git" else spec["answers"]
        nb = nbm.make_submission(release_nb, answers)
        if spec.get("markdown"):
            import nbformat
            nb.cells.append(nbformat.v4.new_markdown_cell(spec["markdown"]))
        out[name] = nb
    return out


_GRADED: dict[str, dict] = {}


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory):
    """The class of one assignment, graded once for every test that names it.
    (pytest keys an indirectly parametrised fixture by the parameter's index,
    not its value, so without this cache each attack would grade the class
    again.)"""
    A = request.param
    if A not in _GRADED:
        _GRADED[A] = _grade_class(A, tmp_path_factory)
    return _GRADED[A]


@pytest.fixture(scope="module", autouse=True)
def _clean_package():
    yield
    (Path(sandbox.__file__).parents[1] / "_pwned_by_attack.py").unlink(missing_ok=True)


def _grade_class(A: str, tmp_path_factory) -> dict:
    if sandbox.bwrap_path() is None:
        pytest.fail("the security suite needs the sandbox: " + sandbox.INSTALL_HINT, pytrace=False)
    for ctrl in ("memory", "pids"):
        if sandbox.cgroup_base(ctrl) is None:
            pytest.fail(f"the security suite needs a writable cgroup v1 '{ctrl}' controller "
                        "(/sys/fs/cgroup/{ctrl}/...) to limit memory and processes; run it as root in a "
                        "VM or container with cgroup v1 (CI does)", pytrace=False)
    root = tmp_path_factory.mktemp(f"security-{A}") / "course"
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(SECRET + "\n")
    with open(root / "nbgrader_config.py", "a") as f:
        f.write("\nc.SandboxKernelManager.pids = 96  # few processes per kernel: the fork bomb stays small\n")
    release_nb = nbm.read(root / "release" / A / f"{A}.ipynb")
    source_nb = nbm.read(root / "source" / A / f"{A}.ipynb")
    listener = _Listener()

    def submit(student, nb):
        d = root / "submitted" / student / A
        d.mkdir(parents=True)
        nbm.write(nb, d / f"{A}.ipynb")
        (d / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")

    submit("honest_full", nbm.make_submission(release_nb, nbm.solved_sources(source_nb)))
    submit("honest_blank", release_nb)
    attacks = _attacks_for(A, release_nb, listener.port)
    for name, nb in attacks.items():
        submit(name, nb)

    c = course.Course.load(root)
    gradebook.ensure_registered(c, A, root / grader.STATE_DIR, log=lambda *a: None)
    before = {"source": _tree_digest(root / "source"), "release": _tree_digest(root / "release"),
              "submitted": _tree_digest(root / "submitted"),
              "gradebook": _gradebook_definition(root / "gradebook.db")}
    pkg = Path(sandbox.__file__).parents[1]
    transcript = root.parent / "transcript"
    # honest_full is the solution: no separate reference run (tests/test_scale.py tests it)
    cmd = [sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, "--jobs", "2", "--no-reference",
           "--cell-timeout", CELL_TIMEOUT.get(A, "20"), "--memory", "1500M",
           "--timeout", SUBMISSION_TIMEOUT.get(A, "75"),
           f"--TrustedExecute.transcript={transcript}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=course.tool_env(), timeout=1500)
    listener.close()
    states = {p.stem: json.loads(p.read_text()) for p in (root / grader.STATE_DIR / A).glob("*.json")
              if p.stem not in ("registered", "reference")}
    feedback = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "feedback", A],
                              capture_output=True, text=True, env=course.tool_env(), timeout=600)
    report = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "report", A],
                            capture_output=True, text=True, env=course.tool_env(), timeout=300)
    tests = {nbm.meta(cell)["grade_id"]: float(nbm.meta(cell)["points"]) for cell in source_nb.cells
             if nbm.kind(cell) == "tests"}
    return dict(A=A, root=root, before=before, proc=proc, states=states, listener=listener, pkg=pkg,
                report=report, feedback=feedback, attacks=attacks, tests=tests, transcript=transcript,
                secrets=_secrets(source_nb, release_nb, transcript, A))


# ------------------------------------------------------------------ secrets
def _secrets(source_nb, release_nb, transcript: Path, A: str) -> set[str]:
    """Distinctive lines of the hidden tests (the release does not show them)
    and the values the solution gave for hidden inputs (= the reference's)."""
    public = {line.strip() for c in release_nb.cells for line in c.source.splitlines()}
    out = set()
    for c in source_nb.cells:
        if nbm.kind(c) == "tests":
            for line in nbm.hidden_lines(c.source):
                s = line.strip()
                if len(s) >= 20 and not s.startswith("#") and s not in public:
                    out.add(s)
    shown = "\n".join(c.source for c in release_nb.cells)
    for line in (transcript / f"honest_full-{A}.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec["hidden"] and rec["request"].get("op") in ("call", "probe"):
            for v in _strings(rec["reply"].get("value")):
                if len(v) >= 10 and v not in shown:
                    out.add(v)
    return out


def _strings(tree):
    if isinstance(tree, str):
        yield tree
    elif isinstance(tree, list):
        for x in tree:
            yield from _strings(x)
    elif isinstance(tree, dict):
        # arrays are bytes; a handle's type names and MRO describe a kind of object, not a value
        if tree.get("$") in ("tensor", "ndarray", "bytes", "npscalar", "handle"):
            return
        for v in tree.values():
            yield from _strings(v)


def decodings(text: str) -> list[str]:
    """The text as a reader could decode it: as is, reversed, rot13, and every
    base64 run, zlib-inflated or not."""
    out = [text, text[::-1], codecs.encode(text, "rot13")]
    for m in re.finditer(r"[A-Za-z0-9+/]{16,}={0,2}", text):
        try:
            raw = base64.b64decode(m.group(0) + "=" * (-len(m.group(0)) % 4))
        except ValueError:
            continue
        for data in (raw,):
            try:
                out.append(data.decode("utf-8", errors="ignore"))
            except Exception:
                pass
            try:
                out.append(zlib.decompress(data).decode("utf-8", errors="ignore"))
            except zlib.error:
                pass
    return out


def _found(texts: list[str], secrets: set[str]) -> list[str]:
    hits = []
    for t in texts:
        for variant in decodings(t):
            for s in secrets:
                if s in variant:
                    hits.append(s)
    return sorted(set(hits))


# ------------------------------------------------------------------ tests


def _scores(root, A, student):
    try:
        return grader.cell_scores(root, A, student)
    except Exception:
        return None


@pytest.mark.parametrize("graded", [_on_one_worker(A) for A in TARGETS], indirect=True)
def test_the_run_finished_and_honest_students_are_graded(graded):
    root, proc, A, tests = graded["root"], graded["proc"], graded["A"], graded["tests"]
    assert "sandbox: bubblewrap" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]
    full = _scores(root, A, "honest_full")
    assert full is not None, proc.stdout[-3000:]
    assert {k: v for k, v in full.items() if k in tests} == {k: (v, v) for k, v in tests.items()}
    blank = _scores(root, A, "honest_blank")
    assert {k: v[0] for k, v in blank.items() if k in tests} == {k: 0.0 for k in tests}


@pytest.mark.parametrize("graded", [_on_one_worker(A) for A in TARGETS], indirect=True)
def test_course_files_and_other_submissions_are_untouched(graded):
    root, before = graded["root"], graded["before"]
    assert _tree_digest(root / "source") == before["source"]
    assert _tree_digest(root / "release") == before["release"]
    assert _tree_digest(root / "submitted") == before["submitted"]
    assert _gradebook_definition(root / "gradebook.db") == before["gradebook"]
    con = sqlite3.connect(root / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # nobody got manual points from an UPDATE of the gradebook
    assert con.execute("SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL").fetchone()[0] == 0
    con.close()
    assert not (graded["pkg"] / "_pwned_by_attack.py").exists(), "an attack wrote into the workbook package"


@pytest.mark.parametrize("graded", [_on_one_worker(A) for A in TARGETS], indirect=True)
def test_nothing_secret_was_sent_into_any_kernel(graded):
    """The transcript holds every request the judge sent to a student's
    kernel: inputs (hidden ones included) and probes from the visible part,
    never a hidden test line or a reference value."""
    sent = []
    for f in sorted(graded["transcript"].glob("*.jsonl")):
        for line in f.read_text().splitlines():
            sent.append(json.dumps(json.loads(line)["request"]))
    assert sent, "the judge sent nothing: is the exercise format in use?"
    secret_lines = {s for s in graded["secrets"] if " " in s}
    assert _found(["\n".join(sent)], secret_lines) == []


@pytest.mark.parametrize("graded", [_on_one_worker(A) for A in TARGETS], indirect=True)
def test_feedback_was_written(graded):
    assert graded["feedback"].returncode == 0, graded["feedback"].stdout + graded["feedback"].stderr


# A profiler on every call of the kernel can make a notebook that trains a
# model run past the time limits: it then fails with that reason (no points)
# rather than being graded. (06's kitchen_sink, which pastes every generic
# attack into each of its answer cells, ran for 126 s alone and 179 s in the
# full suite, while every other submission of every class took at most 45 s:
# the class's limit is 75 s (SUBMISSION_TIMEOUT), so the suite does not wait
# on an attacker's spinning kernel, and the limit itself is what such an
# attack meets.)
SLOW_GENERIC = {"history_and_frames", "kitchen_sink"}


def _attack_ids():
    out = []
    for A in TARGETS:
        out += [(A, name) for name in GENERIC]
        if A == "00_orientation":
            out += [(A, name) for name in ATTACKS]
        if A == "06_git":
            out += [(A, name) for name in GIT_ATTACKS]
        out += [(A, name) for name in TARGETED.get(A, {})]
    return out


@pytest.mark.parametrize("graded, attack", [_on_one_worker(A, name) for A, name in _attack_ids()],
                         indirect=["graded"])
def test_attack(graded, attack):
    root, A, tests = graded["root"], graded["A"], graded["tests"]
    spec = {**ATTACKS, **GIT_ATTACKS, **TARGETED.get(A, {})}.get(attack, {}) if attack not in GENERIC else \
        {"may_fail": attack in SLOW_GENERIC}
    log = graded["proc"].stdout[-4000:]
    scores = _scores(root, A, attack)
    if scores is None:
        assert spec.get("may_fail"), f"{attack} was not graded:\n{log}"
        if attack in SLOW_GENERIC:
            reason = graded["states"].get(attack, {}).get("reason", "")
            assert "time limit" in reason or "timed out" in reason, f"{attack} failed for another reason: {reason}"
    else:
        solves = spec.get("solves", set())
        for tid, mx in tests.items():
            got, cell_max = scores[tid]
            assert cell_max == mx, f"{attack}: {tid} max {cell_max}, the gradebook says {mx}"
            if tid in solves:
                assert got == mx, f"{attack}: {tid} scored {got}/{mx}, solved"
            else:  # 0, or None: left to a person (nbgrader does that for a deleted test cell)
                assert got in (0.0, None), f"{attack}: {tid} scored {got}/{mx}"
        # an attack's 0 counts only when the defence gave it, not a mistake in the attack (a misspelt name)
        for tid, pattern in spec.get("refused", {}).items():
            out = _test_output(graded, attack, tid)
            assert re.search(pattern, out), f"{attack}: {tid} did not fail with {pattern!r}: {out[:600]}"
    texts = []
    path = root / "autograded" / attack / A / f"{A}.ipynb"
    if path.exists():
        size = path.stat().st_size
        assert size < 5_000_000, f"{attack}: autograded notebook is {size:,} bytes"
        outputs = json.dumps([c.get("outputs", []) for c in nbm.read(path).cells], ensure_ascii=False)
        for marker in ("LEAKED", "CONNECTED", "DONE", "BEGIN SOLUTION", "SQLite format"):
            assert marker not in outputs, f"{attack}: {marker!r} in the outputs"
        texts.append(outputs)
    for f in (root / "feedback" / attack / A).glob("*.html"):
        texts.append(f.read_text(encoding="utf-8", errors="replace"))
    # what the attacker wrote is theirs (feedback shows their own cells): only what they could not write counts
    own = "\n".join(c.source for c in graded["attacks"][attack].cells)
    secrets = {s for s in graded["secrets"] if s not in own}
    assert _found(texts, secrets) == [], f"{attack}: a secret can be recovered from its outputs"
    if attack == "network" or attack in GIT_ATTACKS:
        assert graded["listener"].connections == []
    if attack in GIT_ATTACKS:   # the jail shows the package read-only, nothing else of the grader
        assert not (graded["pkg"] / "_pwned_by_attack.py").exists(), f"{attack} wrote into the workbook package"
    _within_limits(graded, attack)
    flag = spec.get("flag")
    if flag and scores is not None:
        st = graded["states"].get(attack, {})
        reasons = [f.get("reason", "") if isinstance(f, dict) else str(f) for f in st.get("flags", [])]
        assert any(re.search(flag, r) for r in reasons), f"{attack}: no flag matching {flag!r} in {reasons}"


def _test_output(graded, student: str, grade_id: str) -> str:
    A = graded["A"]
    nb = nbm.read(graded["root"] / "autograded" / student / A / f"{A}.ipynb")
    cell = next(c for c in nb.cells if nbm.meta(c).get("grade_id") == grade_id)
    return json.dumps(cell.get("outputs", []), ensure_ascii=False)


def _within_limits(graded, attack: str) -> None:
    """What a targeted attack tried beyond its points: each limit it tests
    held (the points, markers and leaks are checked for every attack)."""
    from workbook.grading import staging
    root, A = graded["root"], graded["A"]
    if attack == "many_files":
        for where in ("autograded", "feedback"):
            files = [p for p in (root / where / attack / A).rglob("*")]
            assert len(files) <= staging.MAX_ENTRIES + 10, f"{len(files)} files in {where}/{attack}"
    if attack == "javascript_link":
        pages = list((root / "feedback" / attack / A).glob("*.html"))
        assert pages, "no feedback page"
        from bs4 import BeautifulSoup
        for page in pages:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            assert soup.find("script") is None, page
            for tag in soup.find_all(True):
                for k, v in tag.attrs.items():
                    assert not k.lower().startswith("on"), f"{page}: <{tag.name} {k}=...>"
                    value = re.sub(r"\s", "", " ".join(v) if isinstance(v, list) else str(v)).lower()
                    assert not value.startswith(("javascript:", "vbscript:", "data:text")), f"{page}: {k}={v!r}"
            csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert csp is not None and "script-src 'none'" in csp.get("content", ""), page
    if attack == "slow_error":
        out = _test_output(graded, attack, "test_q1_premium_products")
        assert "time limit" not in out and "ran for more than" not in out, out[:2000]
    if attack == "huge_row":
        out = _test_output(graded, attack, "test_q1_premium_products")
        assert "MB" in out, out[:2000]
    if attack == "loud_answer":
        out = _test_output(graded, attack, "test_q1_format_metric")
        assert len(out) < 20_000, f"a verdict of {len(out):,} characters"
