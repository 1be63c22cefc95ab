"""Shards that cannot lie, and runs that fail in one line (issue 28).

The class is graded once, in two shards (`workbook autograde --shard I/N
--out DIR`, the real command); every test merges copies of that course and
of the shard folders. Exit codes: 0 all graded, 1 some submissions failed or
were refused (each named), 2 the run itself failed, 130 Ctrl-C."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, TEST_SECRET
from workbook import cli
from workbook.authoring import demo
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import engines, gradebook, report, sandbox, shards
from workbook.grading import runner as grader

# one xdist worker grades the module's class once (a module fixture is built once per worker)
pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group("sharded-class")]
A = "00_orientation"
STUDENTS = ["demo_blank", "demo_broken", "demo_full", "demo_partial"]
SHARD0 = ["demo_broken", "demo_partial"]   # which shard a student is in: the hash of the name
SHARD1 = ["demo_blank", "demo_full"]


def _workbook(root: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), *args], capture_output=True,
                          text=True, env=course.tool_env(), **kw)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A small class (the demo's four students) graded in two shards by the
    command line: (course root, shard folders, each shard's output)."""
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    assert [s for s in STUDENTS if shards._shard_of(s, 2) == 0] == SHARD0
    base = tmp_path_factory.mktemp("shards")
    root = base / "course"
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    demo.make_class(root, [A])
    outs, logs = [], []
    for i in range(2):
        out = base / "out" / str(i)
        proc = _workbook(root, "autograde", A, "--jobs", "2", "--shard", f"{i}/2", "--out", str(out))
        assert proc.returncode == (1 if i == 0 else 0), proc.stdout + proc.stderr   # demo_broken is in shard 0
        outs.append(out)
        logs.append(proc.stdout)
    assert not (root / "autograded").exists(), "a shard wrote the course's files"
    return root, outs, logs


def _copy(graded, tmp_path: Path) -> tuple[Path, list[Path]]:
    root, outs, _ = graded
    c = tmp_path / "course"
    shutil.copytree(root, c)
    copies = []
    for o in outs:
        copies.append(tmp_path / "out" / o.name)
        shutil.copytree(o, copies[-1])
    return c, copies


def _merge(root: Path, *dirs: Path, capsys) -> tuple[int, str, str]:
    rc = cli.main(["--root", str(root), "merge", A, *map(str, dirs)])
    out, err = capsys.readouterr()
    return rc, out, err


def _scores(root: Path) -> dict[str, tuple[float, float]]:
    c = course.Course.load(root)
    with gradebook.connect(c) as gb:
        return {sub.student.id: (float(sub.score), float(sub.max_score)) for sub in gb.assignment_submissions(A)}


def _errors(err: str) -> list[str]:
    """What a command said on stderr, but the sandbox's warnings."""
    return [line for line in err.splitlines() if line.strip() and not line.lower().startswith("warning")]


def _table_students(out: str) -> list[str]:
    return [s for line in out.splitlines() for s in STUDENTS if line.lstrip("│ ").startswith(s + " ")]


def test_shard_progress_lines_show_the_real_scores(graded, tmp_path, capsys):
    root, outs, logs = graded
    lines = {s: line for log in logs for line in log.splitlines() if line.startswith(f"autograde {A} [")
             for s in STUDENTS if f"] {s}:" in line}
    assert set(lines) == set(STUDENTS), logs
    full = lines["demo_full"].rsplit(": ", 1)[1]
    got, mx = (float(x) for x in full.split("/"))
    assert mx > 0 and got > 0, lines["demo_full"]   # (the manually graded answers count 0 until graded)
    assert "FAILED" in lines["demo_broken"]
    c, copies = _copy(graded, tmp_path)
    rc, _, err = _merge(c, *copies, capsys=capsys)
    assert rc == 1 and "failed: demo_broken:" in err
    merged = _scores(c)
    for s in ("demo_full", "demo_blank", "demo_partial"):
        shown = lines[s].rsplit(": ", 1)[1]
        assert shown == f"{merged[s][0]:g}/{merged[s][1]:g}", (s, shown, merged[s])


def test_a_result_older_than_the_submission_is_refused(graded, tmp_path, capsys):
    """The stale shard that overwrote a student's 8/10 with 0/10: merged after
    the student resubmitted, it is refused, named, and the grade stays."""
    c, (s0, s1) = _copy(graded, tmp_path)
    rc, _, _ = _merge(c, s0, s1, capsys=capsys)
    before = _scores(c)
    assert before["demo_partial"][0] > 0
    sub = c / "submitted" / "demo_partial" / A   # resubmitted (all answers right), not graded yet
    shutil.copy(c / "submitted" / "demo_full" / A / f"{A}.ipynb", sub / f"{A}.ipynb")
    (sub / "timestamp.txt").write_text("2026-11-21 10:00:00.000000 UTC\n")
    rc, out, err = _merge(c, s0, s1, capsys=capsys)
    assert rc == 1
    assert "refused: demo_partial:" in err and "changed after shard 0/2" in err and str(s0) in err, err
    assert _scores(c) == before, "a refused result changed the gradebook"
    assert sorted(_table_students(out)) == STUDENTS
    # the grade the gradebook keeps is of the earlier submission: flagged there (the formgrader shows it) and
    # in the report, until the student is graded again
    with gradebook.connect(course.Course.load(c)) as gb:
        assert all(nb.flagged for nb in gb.find_submission(A, "demo_partial").notebooks)
        assert not any(nb.flagged for nb in gb.find_submission(A, "demo_full").notebooks)
    rep = report.build(c, A)
    row = next(r for r in rep.rows if r.student == "demo_partial")
    assert row.reason.startswith("needs a regrade") and "demo_partial" in rep.flagged, (row, rep.flagged)
    assert "needs a regrade" in rep.csv.read_text()
    # merged again, the same refusal and the same exit code
    assert _merge(c, s0, s1, capsys=capsys)[0] == 1
    proc = _workbook(c, "autograde", A, "--student", "demo_partial", "--no-reference")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rep = report.build(c, A)
    row = next(r for r in rep.rows if r.student == "demo_partial")
    assert not row.reason and "demo_partial" not in rep.flagged, (row, rep.flagged)
    with gradebook.connect(course.Course.load(c)) as gb:
        assert not any(nb.flagged for nb in gb.find_submission(A, "demo_partial").notebooks)


def test_a_shard_graded_with_another_copy_of_the_secret_is_refused(graded, tmp_path, capsys):
    """A pod that made a secret of its own drew other hidden inputs: its
    results are refused, each student named, never merged."""
    c, (s0, s1) = _copy(graded, tmp_path)
    (c / ".workbook" / "secret").write_text("another-secret-of-a-pod-that-made-its-own\n")
    rc, out, err = _merge(c, s0, s1, capsys=capsys)
    assert rc == 1, out + err
    for s in STUDENTS:
        assert f"refused: {s}:" in err and "another copy of the course's secret" in err, err
    assert not (c / "autograded").exists() and _scores(c) == {}


def test_results_of_another_course_assignment_or_release_are_refused(graded, tmp_path, capsys):
    c, (s0, s1) = _copy(graded, tmp_path)
    f = s1 / A / "demo_full.json"
    data = json.loads(f.read_text())
    data["course_id"] = "another-course"
    f.write_text(json.dumps(data))
    rc, out, err = _merge(c, s1, capsys=capsys)
    assert rc == 1
    assert "refused: demo_full:" in err and "belongs to course 'another-course'" in err, err
    assert "demo_full" not in _scores(c) and _scores(c)["demo_blank"] == (0.0, _scores(c)["demo_blank"][1])

    # a shard folder of another assignment: nothing to merge, nothing merged
    other = tmp_path / "other"
    shutil.copytree(s0 / A, other / "01_other")
    rc, _, err = _merge(c, other, capsys=capsys)
    assert rc == 2 and f"holds no results of {A}" in err and "01_other" in err, err

    # the release changed since the shards graded
    rel = c / "release" / A / f"{A}.ipynb"
    rel.write_text(rel.read_text() + "\n")
    rc, _, err = _merge(c, s0, capsys=capsys)
    assert rc == 1 and "refused: demo_partial:" in err and "another release" in err, err


def test_a_shard_that_did_not_finish_is_named(graded, tmp_path, capsys):
    c, (s0, _) = _copy(graded, tmp_path)
    (s0 / A / "demo_partial.json").unlink()
    man = s0 / A / shards.MANIFEST
    m = json.loads(man.read_text())
    m["finished"] = False
    man.write_text(json.dumps(m))
    rc, _, err = _merge(c, s0, capsys=capsys)
    assert rc == 1 and "refused: demo_partial:" in err and "did not finish" in err, err


def test_merging_nothing_is_an_error(graded, tmp_path, capsys):
    c, _ = _copy(graded, tmp_path)
    for args, why in (([str(tmp_path / "nonexistent")], "no such folder"),
                      ([str(tmp_path / "empty")], "it is empty")):
        (tmp_path / "empty").mkdir(exist_ok=True)
        rc, _, err = _merge(c, *args, capsys=capsys)
        assert rc == 2 and why in err and "nothing was merged" in err, err
        assert len(_errors(err)) == 1, err
    with pytest.raises(SystemExit) as e:   # no folder at all: argparse's usage error
        cli.main(["--root", str(c), "merge", A])
    assert e.value.code == 2
    assert not (c / "autograded").exists()


def test_merging_the_same_shard_twice_is_a_no_op(graded, tmp_path, capsys):
    c, (s0, s1) = _copy(graded, tmp_path)
    rc, out, _ = _merge(c, s0, s1, s0, capsys=capsys)
    assert rc == 1
    assert "was given more than once" in out
    assert sorted(_table_students(out)) == STUDENTS
    first = _scores(c)
    shutil.copytree(s1, tmp_path / "s1-copy")
    rc, out, _ = _merge(c, s1, tmp_path / "s1-copy", capsys=capsys)
    assert rc == 0
    assert "the same result as" in out and "already merged" in out
    assert sorted(_table_students(out)) == SHARD1
    assert _scores(c) == first
    results = shards.merge_shards(c, A, [s0, s1], log=lambda *a: None)
    assert [r.student for r in results] == STUDENTS
    # merged again: the same statuses, so the same exit code (demo_broken failed, and fails again)
    assert {r.student: r.status for r in results} == {"demo_blank": "unchanged", "demo_full": "unchanged",
                                                      "demo_partial": "unchanged", "demo_broken": "failed"}
    assert "not valid JSON" in next(r.reason for r in results if r.student == "demo_broken")
    for _ in range(2):
        rc, _, err = _merge(c, s0, s1, capsys=capsys)
        assert rc == 1 and "failed: demo_broken:" in err, err


def test_every_bad_option_exits_2_with_one_line(graded, tmp_path, capsys):
    """A wrapper reads 0 and 1 as a shard that did its job: a bad option
    must never exit 1 (a Job whose SHARDS is below its completions would
    "complete" with students never graded)."""
    c, _ = _copy(graded, tmp_path)
    out = str(tmp_path / "o")
    for bad in (["--shard", "2/2", "--out", out], ["--shard", "0/0", "--out", out], ["--shard", "a/b", "--out", out],
                ["--shard", "-1/2", "--out", out], ["--jobs", "0"], ["--jobs", "two"], ["--timeout", "-5"],
                ["--cell-timeout", "0"], ["--memory", "lots"], ["--worker-timeout", "0"]):
        with pytest.raises(SystemExit) as e:
            cli.main(["--root", str(c), "autograde", A, *bad])
        _, err = capsys.readouterr()
        assert e.value.code == 2, (bad, err)
        assert "error: argument" in err and "Traceback" not in err, (bad, err)
    for bad in (["--tls-ca", str(tmp_path / "no-ca.pem"), "--tls-cert", out, "--tls-key", out],
                ["--tls-ca", str(tmp_path / "no-ca.pem")]):
        rc = cli.main(["--root", str(c), "autograde", A, "--scheduler", "tls://127.0.0.1:1", *bad])
        _, err = capsys.readouterr()
        assert rc == 2 and len(_errors(err)) == 1 and "--tls" in err and "Traceback" not in err, (bad, err)
    assert not (tmp_path / "o").exists() and not (c / "autograded").exists()


def test_out_without_shard_is_refused(graded, tmp_path, capsys):
    c, _ = _copy(graded, tmp_path)
    rc = cli.main(["--root", str(c), "autograde", A, "--out", str(tmp_path / "o")])
    _, err = capsys.readouterr()
    assert rc == 2 and "--out FOLDER needs --shard" in err
    assert not (tmp_path / "o").exists()


def test_an_unreachable_scheduler_or_database_is_one_line_and_exit_2(graded, tmp_path, capsys):
    c, (s0, _) = _copy(graded, tmp_path)
    t0 = time.monotonic()
    rc = cli.main(["--root", str(c), "autograde", A, "--no-reference", "--scheduler", "tcp://127.0.0.1:1"])
    _, err = capsys.readouterr()
    assert rc == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in err, err
    assert "Traceback" not in err and len(_errors(err)) == 1, err
    assert time.monotonic() - t0 < engines.SCHEDULER_CONNECT_TIMEOUT + 20
    dead = "postgresql+psycopg2://grader:s3cret@127.0.0.1:1/gradebook"
    for args in (["autograde", A, "--no-reference"], ["merge", A, str(s0)]):
        rc = cli.main(["--root", str(c), *args, f"--CourseDirectory.db_url={dead}"])
        _, err = capsys.readouterr()
        assert rc == 2, err
        assert "cannot reach the gradebook postgresql+psycopg2://grader:***@127.0.0.1:1/gradebook" in err, err
        assert "s3cret" not in err and "Traceback" not in err and len(_errors(err)) == 1, err
    # a host that drops every packet (TEST-NET-1, RFC 5737): one line after the connect timeout
    blackhole = "postgresql+psycopg2://grader:s3cret@192.0.2.1:5432/gradebook"
    t0 = time.monotonic()
    rc = cli.main(["--root", str(c), "autograde", A, "--no-reference", f"--CourseDirectory.db_url={blackhole}"])
    _, err = capsys.readouterr()
    assert rc == 2 and "cannot reach the gradebook" in err and "s3cret" not in err, err
    assert time.monotonic() - t0 < gradebook.CONNECT_TIMEOUT + 20, f"waited {time.monotonic() - t0:.0f} s"


def _as_a_terminal() -> None:
    """SIGINT as a command typed in a terminal gets it: handled by default
    and not blocked (the test process may have inherited another state)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_is_one_line_and_exit_130(graded, tmp_path):
    c, _ = _copy(graded, tmp_path)
    # a fifth student whose answer takes two minutes: the run is still under way when Ctrl-C comes,
    # however fast the other four are graded (warm kernels grade them in a few seconds)
    slow = c / "submitted" / "zz_slow" / A
    shutil.copytree(c / "submitted" / "demo_full" / A, slow)
    nb = nbm.read(slow / f"{A}.ipynb")
    answer = next(cell for cell in nb.cells if nbm.meta(cell).get("solution"))
    answer.source = "import time\ntime.sleep(120)\n" + answer.source
    nbm.write(nb, slow / f"{A}.ipynb")
    proc = subprocess.Popen([sys.executable, "-m", "workbook", "--root", str(c), "autograde", A, "--jobs", "1",
                             "--force", "--no-reference"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=course.tool_env(), start_new_session=True, preexec_fn=_as_a_terminal)
    first = proc.stdout.readline()          # the first progress line: the run is under way
    assert first.startswith(f"autograde {A} [1/5"), first
    os.killpg(proc.pid, signal.SIGINT)      # what Ctrl-C in a terminal does
    out, err = proc.communicate(timeout=300)
    inherited = (signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, []))
    assert proc.returncode == 130, (out, err, f"this process's SIGINT handler and blocked signals: {inherited}")
    assert "interrupted (Ctrl-C)" in err and "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert len(_errors(err)) == 1, err


def test_a_ctrl_c_that_python_ignored_in_a_weakref_callback_is_kept_and_not_printed():
    """Python ignores (and prints) an exception raised in a weakref callback
    or a finalizer: a Ctrl-C that lands there was lost, and a busy run went
    on grading the class. The command's handler remembers it, and the lost
    KeyboardInterrupt is not printed."""
    code = ("import os, signal, weakref\n"
            "from workbook.cli import catch_interrupts\n"
            "from workbook.grading.engines import INTERRUPTED\n"
            "catch_interrupts()\n"
            "class A: pass\n"
            "def callback(ref):\n"
            "    os.kill(os.getpid(), signal.SIGINT)\n"
            "    for _ in range(10000): pass\n"
            "a = A(); r = weakref.ref(a, callback); del a\n"
            "print('kept' if INTERRUPTED.is_set() else 'lost')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=course.tool_env(), preexec_fn=_as_a_terminal)
    assert (proc.returncode, proc.stdout.strip(), proc.stderr) == (0, "kept", ""), proc


def test_a_wait_for_tasks_raises_a_ctrl_c_that_python_lost():
    from concurrent.futures import ThreadPoolExecutor

    from workbook.grading import engines
    release = threading.Event()
    with ThreadPoolExecutor(1) as ex:
        task = ex.submit(release.wait, 60)
        engines.INTERRUPTED.set()
        try:
            with pytest.raises(KeyboardInterrupt):
                list(engines.completed([task]))
        finally:
            engines.INTERRUPTED.clear()
            release.set()


def test_release_registers_the_assignment_and_clears_the_refusal(tmp_path):
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    root = tmp_path / "course"
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    c = course.Course.load(root)
    proc = _workbook(root, "release", A)
    assert proc.returncode == 0, proc.stderr
    assert gradebook.has_assignment(c, A), "workbook release did not register the assignment"
    demo.make_class(root, [A])
    src = root / "source" / A / f"{A}.ipynb"
    nb = nbm.read(src)
    changed = next(cell for cell in nb.cells if nbm.meta(cell).get("solution") and cell.cell_type == "code")
    changed.source += "\n# the instructor's solution, reworded"
    nbm.write(nb, src)
    proc = _workbook(root, "autograde", A, "--student", "demo_full")
    assert proc.returncode == 2 and "no longer matches" in proc.stderr and "workbook release" in proc.stderr
    proc = _workbook(root, "release", A)
    assert proc.returncode == 0, proc.stderr
    proc = _workbook(root, "autograde", A, "--student", "demo_full")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cells = grader.cell_scores(root, A, "demo_full")   # every autograded cell full marks (None: a person grades)
    assert cells and all(got == mx for got, mx in cells.values() if got is not None), cells


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_release_under_the_guides_user_config_writes_release_whole_and_nothing_else(tmp_path, monkeypatch, capsys):
    """docs/jupyterhub.md has the instructor set CourseDirectory.root in
    ~/.jupyter/nbgrader_config.py. `workbook release` then ran nbgrader's
    generate_assignment in its temporary course with that root: nbgrader
    overwrote release/ with plain output (test cells open, no language,
    hints.json deleted) and the command crashed. Now release/ is what the
    repository commits, byte for byte, and nothing else of the course
    changes but the gradebook and .workbook/; a release that fails changes
    nothing."""
    root = tmp_path / "course"
    course.copy_course(REPO, root, [A])
    home = tmp_path / "home"
    (home / ".jupyter").mkdir(parents=True)
    (home / ".jupyter" / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.root = "{root}"   # the formgrader grades this course\n')
    before = _tree(root)
    env = course.tool_env({"HOME": str(home)})
    for k in ("JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH", "JUPYTER_DATA_DIR", "JUPYTER_NO_CONFIG"):
        env.pop(k, None)
    proc = subprocess.run([str(Path(sys.executable).parent / "workbook"), "release", A], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = _tree(root)
    assert {p: b for p, b in after.items() if p.startswith("release/")} == \
        {p: (REPO / p).read_bytes() for p in before if p.startswith("release/")}, "release/ is not the committed one"
    assert [p for p in before if after.get(p) != before[p]] == []
    assert sorted({p.split("/")[0] for p in set(after) - set(before)}) == [".workbook", "gradebook.db"]
    assert (root / ".workbook" / "secret").stat().st_mode & 0o777 == 0o600, "release makes the secret"
    # a user-level root naming another course does not take a command away from the folder it was given
    other = tmp_path / "other-course"
    course.copy_course(REPO, other, [A], with_release=False)
    (home / ".jupyter" / "nbgrader_config.py").write_text(f'c = get_config()\nc.CourseDirectory.root = "{other}"\n')
    monkeypatch.setenv("HOME", str(home))
    for k in ("JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH"):
        monkeypatch.delenv(k, raising=False)
    assert course.Course.load(root).root == root.resolve()
    assert "works on the course folder it was given" in capsys.readouterr().err
    assert course.Course.load(other).root == other.resolve()

    # a release that fails after nbgrader ran (its check, or the gradebook refusing) changes nothing
    from workbook.authoring import release
    (home / ".jupyter" / "nbgrader_config.py").write_text(f'c = get_config()\nc.CourseDirectory.root = "{root}"\n')
    src = root / "source" / A / f"{A}.ipynb"
    nb = nbm.read(src)
    import nbformat
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("A new first paragraph."))
    nbm.write(nb, src)
    kept = _tree(root / "release")

    def broken(*a, **k):
        raise release.ReleaseError("the check found a broken release (a test)")

    def refused(*a, **k):
        raise gradebook.GradebookError("nbgrader refused the cells (a test)")
    for module, name, fail in ((release, "check_release", broken), (gradebook, "register", refused)):
        with monkeypatch.context() as m:
            m.setattr(module, name, fail)
            with pytest.raises(release.ReleaseError):
                release.release(root, [A], log=lambda *a: None)
        assert _tree(root / "release") == kept, name
        assert sorted(p.name for p in (root / "release").iterdir()) == [A], "a staging folder was left"
    release.release(root, [A], log=lambda *a: None)
    assert "A new first paragraph." in (root / "release" / A / f"{A}.ipynb").read_text()
    assert (root / "release" / A / ".hints.json").read_bytes() == kept[f"{A}/.hints.json"]
    assert sorted(p.name for p in (root / "release").iterdir()) == [A]


def test_workbook_secret_makes_one_secret_atomically_whoever_asks_at_once(tmp_path):
    """Shards starting together on a shared course folder read the secret
    while another may be making it: none ever reads an empty or half-made
    secret, and all use the one that was made."""
    import multiprocessing as mp

    from workbook.grading.execute import read_secret
    root = tmp_path / "course"
    course.copy_course(REPO, root, [A], with_release=False)
    ctx = mp.get_context("fork")
    for attempt in range(5):
        path = tmp_path / f"s{attempt}" / ".workbook" / "secret"
        with ctx.Pool(6) as pool:
            got = pool.map(read_secret, [path] * 24)
        assert len(set(got)) == 1 and len(got[0]) == 64, got
        assert path.stat().st_mode & 0o777 == 0o600
        assert sorted(p.name for p in path.parent.iterdir()) == ["secret"]
    proc = _workbook(root, "secret")
    assert proc.returncode == 0 and "made" in proc.stdout, proc.stdout + proc.stderr
    made = (root / ".workbook" / "secret").read_text()
    proc = _workbook(root, "secret")
    assert proc.returncode == 0 and "kept" in proc.stdout and (root / ".workbook" / "secret").read_text() == made
