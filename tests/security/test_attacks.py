"""The security suite: adversarial submissions graded by `workbook autograde`
with the sandbox on, one run per assignment for the whole class (the attackers
and the round-trip class: tests/security/graded.py), then one test per attack.

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
import csv
import json
import re
import sqlite3
import zlib
from pathlib import Path

import pytest

from workbook.course import nb as nbm
from workbook.grading import runner as grader
from workbook.grading import sandbox

from .attacks import ATTACKS, GENERIC, GENERIC_TARGETS, GIT_ATTACKS
from .graded import CLASS_LIMIT, TARGETED, TARGETS, gradebook_definition, graded_class, on_one_worker, tree_digest

# the first test that reads a class grades it in its setup: the three commands' limits, not the suite's 600 s
pytestmark = [pytest.mark.sandbox, pytest.mark.slow, pytest.mark.timeout(CLASS_LIMIT)]


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory):
    """The class of one assignment, graded once for every test that names it.
    (pytest keys an indirectly parametrised fixture by the parameter's index,
    not its value, so without this cache each attack would grade the class
    again.)"""
    return graded_class(request.param, tmp_path_factory)


@pytest.fixture(scope="module", autouse=True)
def _clean_package():
    yield
    (Path(sandbox.__file__).parents[1] / "_pwned_by_attack.py").unlink(missing_ok=True)


BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def decodings(text: str) -> list[str]:
    """The text as a reader could decode it: as is, reversed, rot13, and every
    base64 run, zlib-inflated or not."""
    out = [text, text[::-1], codecs.encode(text, "rot13")]
    for m in BASE64_RUN.finditer(text):
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
    """The secrets that occur in any decoding of the texts. One pass of an
    Aho-Corasick automaton over each decoding finds them all at once: a
    transcript with the hidden shops in it is tens of MB, and a class has
    hundreds of secrets (one substring search each took 67 s for 09)."""
    import ahocorasick
    if not secrets:
        return []
    automaton = ahocorasick.Automaton()
    for s in secrets:
        automaton.add_word(s, s)
    automaton.make_automaton()
    hits = set()
    for t in texts:
        for variant in decodings(t):
            hits.update(s for _, s in automaton.iter(variant))
    return sorted(hits)


# ------------------------------------------------------------------ tests


def _scores(root, A, student):
    try:
        return grader.cell_scores(root, A, student)
    except Exception:
        return None


@pytest.mark.parametrize("graded", [on_one_worker(A) for A in TARGETS], indirect=True)
def test_the_run_finished_and_honest_students_are_graded(graded):
    root, proc, A, tests = graded["root"], graded["proc"], graded["A"], graded["tests"]
    assert "sandbox: bubblewrap" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]
    full = _scores(root, A, "full")
    assert full is not None, proc.stdout[-3000:]
    assert {k: v for k, v in full.items() if k in tests} == {k: (v, v) for k, v in tests.items()}
    blank = _scores(root, A, "blank")
    assert {k: v[0] for k, v in blank.items() if k in tests} == {k: 0.0 for k in tests}


@pytest.mark.parametrize("graded", [on_one_worker(A) for A in TARGETS], indirect=True)
def test_course_files_and_other_submissions_are_untouched(graded):
    root, before = graded["root"], graded["before"]
    assert tree_digest(root / "source") == before["source"]
    assert tree_digest(root / "release") == before["release"]
    assert tree_digest(root / "submitted") == before["submitted"]
    assert gradebook_definition(root / "gradebook.db") == before["gradebook"]
    con = sqlite3.connect(root / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # nobody got manual points from an UPDATE of the gradebook
    assert con.execute("SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL").fetchone()[0] == 0
    con.close()
    assert not (graded["pkg"] / "_pwned_by_attack.py").exists(), "an attack wrote into the workbook package"


def test_a_secret_is_found_however_it_was_encoded():
    """The leak search itself: a secret is found as is, reversed, in rot13 and
    in base64 (zlib-compressed or not), among other text; a text without it
    finds nothing."""
    secret, other = "expected = 0.8125 for the hidden shop", "rows = 12 for another shop"
    packed = base64.b64encode(zlib.compress(secret.encode())).decode()
    for text in (f"x {secret} y", secret[::-1], codecs.encode(secret, "rot13"),
                 "a " + base64.b64encode(secret.encode()).decode() + " b", f"[{packed}]"):
        assert _found(["noise", text], {secret, other}) == [secret], text
    assert _found(["noise " * 1000], {secret, other}) == []
    assert _found([secret], set()) == []


@pytest.mark.parametrize("graded", [on_one_worker(A) for A in TARGETS], indirect=True)
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


@pytest.mark.parametrize("graded", [on_one_worker(A) for A in TARGETS], indirect=True)
def test_feedback_was_written(graded):
    assert graded["feedback"].returncode == 0, graded["feedback"].stdout + graded["feedback"].stderr


# A profiler on every call of the kernel can make a notebook that trains a
# model run past the time limits: it then fails with that reason (no points)
# rather than being graded. (kitchen_sink, which pastes every generic attack
# into each of its answer cells, used to run into the limit of every class:
# its profiler wrote out the repr of a frame's `globals`, the whole notebook's
# namespace, on every import its import hook saw. Its repr is now cut while
# it is made, as the attack meant, and it is graded: 2-14 s, no point.)
SLOW_GENERIC = {"history_and_frames", "kitchen_sink"}


def _attack_ids():
    out = []
    for A in TARGETS:
        if A in GENERIC_TARGETS:   # where the kernel they tamper with differs (attacks.py says why)
            out += [(A, name) for name in GENERIC]
        if A == "00_orientation":
            out += [(A, name) for name in ATTACKS]
        if A == "06_git":
            out += [(A, name) for name in GIT_ATTACKS]
        out += [(A, name) for name in TARGETED.get(A, {})]
    return out


@pytest.mark.parametrize("graded, attack", [on_one_worker(A, name) for A, name in _attack_ids()],
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
        # what a failure must not show (what the student's process made up, as the judge's own words)
        for tid, pattern in spec.get("absent", {}).items():
            out = _test_output(graded, attack, tid)
            assert not re.search(pattern, out), f"{attack}: {tid} shows {pattern!r}: {out[:600]}"
    texts = []
    path = root / "autograded" / attack / A / f"{A}.ipynb"
    if path.exists():
        size = path.stat().st_size
        assert size < 5_000_000, f"{attack}: autograded notebook is {size:,} bytes"
        outputs = json.dumps([c.get("outputs", []) for c in nbm.read(path).cells], ensure_ascii=False)
        # a marker is a word the attack printed; the base64 runs (images, an attacker's dump of what it
        # captured) are read for secrets below, decoded: "DONE" once turned up inside a dump by chance
        printed = BASE64_RUN.sub(" ", outputs)
        for marker in ("LEAKED", "CONNECTED", "DONE", "BEGIN SOLUTION", "SQLite format"):
            assert marker not in printed, f"{attack}: {marker!r} in the outputs"
        texts.append(outputs)
    feedback = root / "feedback" / attack / A
    others = sorted(str(p.relative_to(feedback)) for p in feedback.rglob("*")
                    if p.name not in (f"{A}.html", "timestamp.txt", "submission_secret.txt")) \
        if feedback.is_dir() else []
    assert others == [], f"{attack}: feedback holds {others}; feedback is the pages only"
    for f in feedback.glob("*.html"):
        page = f.read_text(encoding="utf-8", errors="replace")
        assert "RECORDED" not in page, f"{attack}: feedback shows what the student's cells printed while graded"
        texts.append(page)
    texts += _no_course_file_came_back(graded, attack)
    # what the attacker wrote is theirs (feedback shows their own cells): only what they could not write counts
    own = "\n".join(c.source for c in graded["attacks"][attack].cells)
    secrets = {s for s in graded["secrets"] if s not in own}
    assert _found(texts, secrets) == [], f"{attack}: a secret can be recovered from its outputs"
    if attack == "network" or attack in GIT_ATTACKS or spec.get("network"):
        assert graded["listener"].connections == []
    if attack in GIT_ATTACKS:   # the jail shows the package read-only, nothing else of the grader
        assert not (graded["pkg"] / "_pwned_by_attack.py").exists(), f"{attack} wrote into the workbook package"
    _within_limits(graded, attack)
    flag = spec.get("flag")
    if flag and scores is not None:
        st = graded["states"].get(attack, {})
        reasons = [f.get("reason", "") if isinstance(f, dict) else str(f) for f in st.get("flags", [])]
        assert any(re.search(flag, r) for r in reasons), f"{attack}: no flag matching {flag!r} in {reasons}"
        # and where the instructor reads it: `workbook report`'s list and grades.csv's flags column
        report = graded["report"]
        assert report.returncode == 0, report.stderr[-2000:]
        assert f"FLAGGED {attack}" in report.stdout, report.stdout[-3000:]
        with open(root / "reports" / A / "grades.csv", newline="", encoding="utf-8") as f:
            row = next(r for r in csv.DictReader(f) if r["student"] == attack)
        assert re.search(flag, row["flags"]), f"{attack}: grades.csv's flags are {row['flags']!r}"


# what only the course has: a file of these names, or under these folders, in a student's autograded/ or
# feedback/ folder came from the course (or the task folder a submission is graded in), not from the student
COURSE_NAMES = {"gradebook.db", "secret", "nbgrader_config.py", "exercises.py", ".hints.json", ".review.json"}
COURSE_FOLDERS = {".workbook", "source", "release", "submitted", "autograded", "feedback", "verdicts", "locale"}


def _no_course_file_came_back(graded, attack: str) -> list[str]:
    """Every file that reached the attacker's autograded/ and feedback/ folders, whatever its type (the
    graded notebook aside: it holds the hidden tests by design, and its outputs are searched above): none
    is a course file by its name, none holds the course's secret or a database; their texts, for the
    search for hidden lines and values."""
    from .graded import SECRET
    root, A = graded["root"], graded["A"]
    texts = []
    for where in ("autograded", "feedback"):
        base = root / where / attack / A
        for p in sorted(base.rglob("*")) if base.is_dir() else []:
            rel = p.relative_to(base)
            if p.is_dir() or (where == "autograded" and rel == Path(f"{A}.ipynb")):
                continue
            assert p.name not in COURSE_NAMES and p.suffix not in (".po", ".pot", ".db", ".sqlite") \
                and not COURSE_FOLDERS & set(rel.parts), f"{attack}: {where}/{rel} is a course file"
            data = p.read_bytes()
            assert SECRET.encode() not in data, f"{attack}: {where}/{rel} holds the course's secret"
            assert b"SQLite format 3" not in data, f"{attack}: {where}/{rel} holds a database"
            texts.append(data.decode("utf-8", errors="replace"))
    return texts


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
        # the files the notebook wrote come back up to the kernel manager's count, far below a submission's
        cap = sandbox.SandboxKernelManager.class_traits()["return_entries"].default_value
        assert cap < staging.MAX_ENTRIES
        for where in ("autograded", "feedback"):
            files = [p for p in (root / where / attack / A).rglob("*")]
            assert len(files) <= cap + 10, f"{len(files)} files in {where}/{attack}"
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
    if attack == "program_forks_many":
        # the children the program forked (python -c ... wb-fork-attack) ended with its jail or kernel
        alive = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and b"wb-fork-attack" in (proc / "cmdline").read_bytes():
                    alive.append(proc.name)
            except OSError:
                pass
        assert alive == [], f"{attack}: {len(alive)} of its processes still run"
    if attack == "program_huge_output":
        for tid in graded["tests"]:
            out = _test_output(graded, attack, tid)
            assert len(out) < 20_000, f"{attack}: {tid}'s verdict is {len(out):,} characters"
    if attack == "loud_answer":
        out = _test_output(graded, attack, "test_q1_format_metric")
        assert len(out) < 20_000, f"a verdict of {len(out):,} characters"
