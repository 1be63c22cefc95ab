"""The security suite: adversarial submissions graded by `workbook autograde`
with the sandbox on (one run for the whole class, then one test per attack).

Each attack must earn no point it did not solve, leave the gradebook's
assignment, source/, release/ and every submission byte-identical, not stop
the others being graded, and (where it can only be detected) be flagged in
the report. bubblewrap and cgroups are required: without them the suite
FAILS with a message saying what to install (it never skips)."""
from __future__ import annotations

import hashlib
import json
import re
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from workbook import course, grader, sandbox
from workbook import nb as nbm

from .attacks import ATTACKS, NETWORK

pytestmark = [pytest.mark.sandbox, pytest.mark.slow, pytest.mark.xdist_group("security")]

REPO = Path(__file__).resolve().parents[2]
A = "00_orientation"
TESTS = {"test_q1_format_metric": 2.0, "test_q2_timer": 3.0, "test_q3_busiest_weekday": 3.0}


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


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if sandbox.bwrap_path() is None:
        pytest.fail("the security suite needs the sandbox: " + sandbox.INSTALL_HINT, pytrace=False)
    for ctrl in ("memory", "pids"):
        if sandbox.cgroup_base(ctrl) is None:
            pytest.fail(f"the security suite needs a writable cgroup v1 '{ctrl}' controller "
                        "(/sys/fs/cgroup/{ctrl}/...) to limit memory and processes; run it as root in a "
                        "VM or container with cgroup v1 (CI does)", pytrace=False)
    root = tmp_path_factory.mktemp("security") / "course"
    course.copy_course(REPO, root, [A])
    release_nb = nbm.read(root / "release" / A / f"{A}.ipynb")
    source_nb = nbm.read(root / "source" / A / f"{A}.ipynb")
    listener = _Listener()

    def submit(student, nb):
        d = root / "submitted" / student / A
        d.mkdir(parents=True)
        nbm.write(nb, d / f"{A}.ipynb")
        (d / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")

    submit("honest_full", nbm.make_submission(release_nb, {k: v for k, v in nbm.solved_sources(source_nb).items()}))
    submit("honest_blank", release_nb)
    for name, spec in ATTACKS.items():
        answers = dict(spec.get("answers", {}))
        if name == "network":
            answers = {"q1_format_metric": NETWORK.format(port=listener.port)}
        nb = nbm.make_submission(release_nb, answers)
        if spec.get("mutate"):
            nb = spec["mutate"](nb)
        submit(name, nb)

    grader.ensure_registered(root, A)
    before = {"source": _tree_digest(root / "source"), "release": _tree_digest(root / "release"),
              "submitted": _tree_digest(root / "submitted"),
              "gradebook": _gradebook_definition(root / "gradebook.db")}
    pkg = Path(sandbox.__file__).parent
    cmd = [sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, "--jobs", "2",
           "--cell-timeout", "10", "--memory", "1G", "--timeout", "180"]
    # few processes per kernel: the fork bomb stays small on a shared machine
    env = course.tool_env({"WORKBOOK_SANDBOX_PIDS": "96"})
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    listener.close()
    states = {p.stem: json.loads(p.read_text()) for p in (root / grader.STATE_DIR / A).glob("*.json")
              if p.stem != "registered"}
    report = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "report", A],
                            capture_output=True, text=True, env=course.tool_env(), timeout=300)
    yield dict(root=root, before=before, proc=proc, states=states, listener=listener, pkg=pkg, report=report)
    (pkg / "_pwned_by_attack.py").unlink(missing_ok=True)


def _scores(root, student):
    try:
        return grader.cell_scores(root, A, student)
    except Exception:
        return None


def test_the_run_finished_and_honest_students_are_graded(graded):
    root, proc = graded["root"], graded["proc"]
    assert "sandbox: bubblewrap" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]
    full = _scores(root, "honest_full")
    assert full is not None, proc.stdout[-3000:]
    assert {k: v for k, v in full.items() if k in TESTS} == {k: (v, v) for k, v in TESTS.items()}
    blank = _scores(root, "honest_blank")
    assert {k: v[0] for k, v in blank.items() if k in TESTS} == {k: 0.0 for k in TESTS}


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


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack(graded, attack):
    spec = ATTACKS[attack]
    root, states = graded["root"], graded["states"]
    log = graded["proc"].stdout[-4000:]
    scores = _scores(root, attack)
    if scores is None:
        assert spec.get("may_fail"), f"{attack} was not graded:\n{log}"
    else:
        solves = spec.get("solves", set())
        for tid, mx in TESTS.items():
            got, cell_max = scores[tid]
            assert cell_max == mx, f"{attack}: {tid} max {cell_max}, the gradebook says {mx}"
            if tid in solves:
                assert got == mx, f"{attack}: {tid} scored {got}/{mx}, solved"
            else:  # 0, or None: left to a person (nbgrader does that for a deleted test cell)
                assert got in (0.0, None), f"{attack}: {tid} scored {got}/{mx}"
    # what the kernel printed never contains the course's secrets
    path = root / "autograded" / attack / A / f"{A}.ipynb"
    if path.exists():
        size = path.stat().st_size
        assert size < 5_000_000, f"{attack}: autograded notebook is {size:,} bytes"
        outputs = json.dumps([c.get("outputs", []) for c in nbm.read(path).cells])
        for secret in ("LEAKED", "CONNECTED", "DONE", "BEGIN SOLUTION", "SQLite format", "val_loss"):
            assert secret not in outputs, f"{attack}: {secret!r} in the outputs"
    if attack == "network":
        assert graded["listener"].connections == []
    if spec.get("flag"):
        flags = " | ".join(states.get(attack, {}).get("flags", []))
        assert re.search(spec["flag"], flags), f"{attack}: not flagged as expected; flags: {flags!r}"
        assert attack in graded["report"].stdout, graded["report"].stdout[-3000:]
