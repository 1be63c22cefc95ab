"""The security suite's graded class of one assignment, shared with the
round trip (tests/test_round_trip.py): the round-trip class (the solution,
the untouched release, alternatives, wrong answers and their Korean twins)
and every attack on the assignment, graded by one run of `workbook
autograde` with the sandbox on, then reported, and the attackers fed back. bubblewrap and
cgroups are required: without them the tests FAIL with a message saying what
to install (they never skip)."""
from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import round_trip
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import gradebook, sandbox
from workbook.grading import runner as grader

from . import (attacks_coding, attacks_files, attacks_git_reader, attacks_grader, attacks_jail, attacks_judge,
               attacks_process, attacks_watch)
from .attacks import ATTACKS, GENERIC, GENERIC_TARGETS, GIT_ATTACKS, NETWORK, git_answers

# attacks named after the limit or the trust they test, per assignment (attacks_*.py)
TARGETED: dict[str, dict[str, dict]] = {}
for _module in (attacks_judge, attacks_jail, attacks_grader, attacks_git_reader, attacks_files, attacks_process,
                attacks_coding, attacks_watch):
    for _a, _specs in _module.ATTACKS.items():
        for _name, _spec in _specs.items():
            assert _name not in TARGETED.get(_a, {}), f"two attacks called {_name}"
            TARGETED.setdefault(_a, {})[_name] = _spec


REPO = Path(__file__).resolve().parents[2]
TARGETS = [a for a in ("00_orientation", "02_sql", "03_pytorch_test", "06_git", "07_ml_service",
                          "08_explain", "09_baskets", "10_coding_test", "11_vision")
           if (REPO / "source" / a).is_dir()]
SECRET = "security suite secret, fixed so that a failure can be reproduced"
# the per-submission limit of a class (`autograde --timeout`), the same for every class. An honest submission
# takes at most 20 s alone (09: 36 s; 08's slow alternative more), but 3 pytest workers on 2 cores, each grading
# a class with `--jobs 2`, make it 3-4 times that: 06's alternatives ran out of 75 s in a CI run of the full
# suite (its class took 453 s there, 166 s alone), 09's out of 120 s in another. No attacker meets this limit
# (a spinning one meets the cell's), so a generous limit costs nothing; a tight one fails honest students.
SUBMISSION_TIMEOUT = "180"
# 09's submissions each start Spark and watch every call of two exercises: its slowest alternative took 54 s alone
# (38 s since its Question 4's hidden database is smaller) and ran out of 180 s in a CI run of the full suite
SUBMISSION_TIMEOUTS = {"09_baskets": "300"}
# seconds per cell (and per test cell in the judge) where 20 is too few for an honest answer: 09 starts local
# Spark's JVM in one cell (5-10 s alone, more with the suite's kernels running at once on two cores); 08's
# alternative of Question 11 that calls scikit-learn's AUC on each resample takes 14 s of one core alone in
# its test cell (it ran out of 20 s in a loaded full suite); 07's alternative of Question 15 (promote, an MLflow
# registry in SQLite) ran out of 20 s in a loaded full suite too (07's class has no attack that spins)
CELL_TIMEOUT = {"09_baskets": "90", "08_explain": "60", "07_ml_service": "60"}
# seconds for the three commands that grade a class (tests/security and tests/test_round_trip.py run them in the
# setup of the first test that reads the class, so pytest-timeout's limit for that test is their sum, not the
# suite's 600 s: 09's class, 22 notebooks that each start Spark, took 468 s of its setup in a full suite here
# and more than 600 s in CI)
AUTOGRADE_LIMIT, FEEDBACK_LIMIT, REPORT_LIMIT = 1500, 600, 300
CLASS_LIMIT = AUTOGRADE_LIMIT + FEEDBACK_LIMIT + REPORT_LIMIT


def on_one_worker(A: str, *rest):
    """The tests of one assignment's class run on one xdist worker (the class
    is graded once there); the classes of different assignments spread."""
    return pytest.param(A, *rest, marks=pytest.mark.xdist_group(f"security-{A}"), id="-".join([A, *rest]))


def tree_digest(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def gradebook_definition(db: Path) -> list:
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


class Listener:
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


def attacks_for(assignment: str, release_nb, listener_port: int) -> dict[str, object]:
    """student -> submitted notebook."""
    out = {}
    answer_ids = [nbm.meta(c)["grade_id"] for c in release_nb.cells if nbm.kind(c) == "answer"]
    for name, code in GENERIC.items() if assignment in GENERIC_TARGETS else ():
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
        if spec.get("network"):   # an attack on the network: the suite's listener is its target
            answers = {gid: code.replace("LISTENER_PORT", str(listener_port)) for gid, code in answers.items()}
        nb = nbm.make_submission(release_nb, answers)
        for before, code in spec.get("added", {}).items():   # a code cell the student adds above an answer cell
            import nbformat
            at = next(i for i, c in enumerate(nb.cells) if nbm.meta(c).get("grade_id") == before)
            nb.cells.insert(at, nbformat.v4.new_code_cell(code))
        for code in spec.get("appended", []):   # a code cell the student adds after the last cell
            import nbformat
            nb.cells.append(nbformat.v4.new_code_cell(code))
        if spec.get("markdown"):
            import nbformat
            nb.cells.append(nbformat.v4.new_markdown_cell(spec["markdown"]))
        out[name] = nb
    return out


_GRADED: dict[str, dict] = {}


def graded_class(A: str, tmp_path_factory) -> dict:
    """The class of assignment A, graded once per process (an xdist worker):
    the security suite's attackers and the round-trip class
    (tests/round_trip.py) in one run of `workbook autograde`. Every test that
    reads it runs in the xdist group on_one_worker(A) names."""
    if A not in _GRADED:
        _GRADED[A] = _grade_class(A, tmp_path_factory)
    return _GRADED[A]


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
    listener = Listener()

    def submit(student, nb):
        d = root / "submitted" / student / A
        d.mkdir(parents=True)
        nbm.write(nb, d / f"{A}.ipynb")
        (d / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")

    # the honest students: the round-trip class ("full" is the solution, "blank" the untouched release)
    honest = round_trip.write_class(root, A)
    attacks = attacks_for(A, release_nb, listener.port)
    for name, nb in attacks.items():
        assert name not in honest, f"an attack is called {name}, as a student of the round-trip class is"
        submit(name, nb)

    c = course.Course.load(root)
    gradebook.ensure_registered(c, A, root / grader.STATE_DIR, log=lambda *a: None)
    before = {"source": tree_digest(root / "source"), "release": tree_digest(root / "release"),
              "submitted": tree_digest(root / "submitted"),
              "gradebook": gradebook_definition(root / "gradebook.db")}
    pkg = Path(sandbox.__file__).parents[1]
    transcript = root.parent / "transcript"
    # full is the solution: no separate reference run (tests/test_scale.py tests it)
    cmd = [sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, "--jobs", "2", "--no-reference",
           "--cell-timeout", CELL_TIMEOUT.get(A, "20"), "--memory", "1500M",
           "--timeout", SUBMISSION_TIMEOUTS.get(A, SUBMISSION_TIMEOUT),
           f"--TrustedExecute.transcript={transcript}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=course.tool_env(), timeout=AUTOGRADE_LIMIT)
    listener.close()
    states = {p.stem: json.loads(p.read_text()) for p in (root / grader.STATE_DIR / A).glob("*.json")
              if p.stem not in ("registered", "reference")}
    # the attackers' feedback (what test_attack reads for leaks and live content); the honest students' pages
    # (most of the class's pages, and read by no test here) are made and checked for leaks in the demo's run
    # (tests/test_demo.py) and in tests/test_grader.py
    who = [arg for name in attacks for arg in ("--student", name)]
    feedback = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "feedback", A, *who],
                              capture_output=True, text=True, env=course.tool_env(), timeout=FEEDBACK_LIMIT)
    report = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "report", A],
                            capture_output=True, text=True, env=course.tool_env(), timeout=REPORT_LIMIT)
    tests = {nbm.meta(cell)["grade_id"]: float(nbm.meta(cell)["points"]) for cell in source_nb.cells
             if nbm.kind(cell) == "tests"}
    return dict(A=A, root=root, before=before, proc=proc, states=states, listener=listener, pkg=pkg,
                report=report, feedback=feedback, attacks=attacks, honest=honest, tests=tests,
                transcript=transcript,
                secrets=_secrets(source_nb, release_nb, root / "autograded" / "full" / A / f"{A}.ipynb", transcript, A))


# ------------------------------------------------------------------ secrets
def _secrets(source_nb, release_nb, solved: Path, transcript: Path, A: str) -> set[str]:
    """Distinctive lines of the hidden tests (the release does not show them)
    and the values the solution gave for hidden inputs (= the reference's),
    except a value the student sees anyway: in the release, or in what the
    solution's own run prints from the public data (a date of 09's hidden
    shop is often a date of its public shop too)."""
    public = {line.strip() for c in release_nb.cells for line in c.source.splitlines()}
    # the package's checks are public too: a student's kernel imports them, and a probe sent by name runs their
    # lines (08 q16's probe fits the forest with the same import and fit line as the hidden reference)
    import workbook.checks
    for module in Path(workbook.checks.__file__).parent.glob("*.py"):
        public |= {line.strip() for line in module.read_text(encoding="utf-8").splitlines()}
    out = set()
    for c in source_nb.cells:
        if nbm.kind(c) == "tests":
            for line in nbm.hidden_lines(c.source):
                s = line.strip()
                if len(s) >= 20 and not s.startswith("#") and s not in public:
                    out.add(s)
    shown = "\n".join(c.source for c in release_nb.cells)
    shown += "\n".join(json.dumps(c.get("outputs", []), ensure_ascii=False) for c in nbm.read(solved).cells
                       if nbm.kind(c) != "tests")   # a test cell's output is the judge's, not the notebook's
    for line in (transcript / f"full-{A}.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec["hidden"] and rec["request"].get("op") in ("call", "probe"):
            # a value the request itself gave the kernel is no secret when its reply gives it back (00 q6 ranks
            # the product names it is given: "Wool scarf" in the reply is the request's "Wool scarf")
            given = set(_strings(rec["request"]))
            for v in _strings(rec["reply"].get("value")):
                if len(v) >= 10 and v not in shown and v not in given:
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
