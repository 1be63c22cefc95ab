"""Grading a class at scale: on an existing Dask cluster, in shards merged
afterwards, into a server gradebook (PostgreSQL); every student in the
outputs; the reference run; clean runs (progress as it happens, nothing left
behind when the parent is killed)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, TEST_SECRET, postgres, process_tree, run_leftovers
from workbook.authoring import demo
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import gradebook, report, sandbox, shards
from workbook.grading import runner as grader

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]
A = "00_orientation"


def _class(tmp_path: Path, name: str = "course", config_extra: str = "") -> Path:
    root = tmp_path / name
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    if config_extra:
        with open(root / "nbgrader_config.py", "a") as f:
            f.write("\n" + config_extra + "\n")
    demo.make_class(root, [A])
    return root


def _dump(root: Path) -> dict:
    """Everything the gradebook knows of the class's grades (no ids)."""
    c = course.Course.load(root)
    out = {}
    with gradebook.connect(c) as gb:
        for sub in gb.assignment_submissions(A):
            for snb in sub.notebooks:
                key = (sub.student.id, snb.name)
                out[key] = {"timestamp": str(sub.timestamp), "flagged": snb.flagged,
                            "grades": sorted((g.name, g.auto_score, g.manual_score, g.needs_manual_grade,
                                              float(g.max_score)) for g in snb.grades),
                            "comments": sorted((cm.name, cm.auto_comment) for cm in snb.comments)}
        out["students"] = sorted(s.id for s in gb.students)
    return out


def _need_bwrap():
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)


def test_dask_cluster_and_shards_give_the_same_gradebook_as_a_plain_run(tmp_path):
    _need_bwrap()
    from distributed import Client, LocalCluster

    plain = _class(tmp_path, "plain")
    t0 = time.monotonic()
    grader.autograde(plain, A, jobs=2, progress=False, log=lambda *a: None)
    t_plain = time.monotonic() - t0

    dask_root = _class(tmp_path, "dask")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        t0 = time.monotonic()
        results = grader.autograde(dask_root, A, scheduler=client, progress=False, log=lambda *a: None)
        t_dask = time.monotonic() - t0
    assert {r.student: r.status for r in results} == {"demo_full": "graded", "demo_partial": "graded",
                                                      "demo_blank": "graded", "demo_broken": "failed"}

    shard_root = _class(tmp_path, "sharded")
    out = tmp_path / "shards"
    t0 = time.monotonic()
    for i in range(2):
        grader.autograde(shard_root, A, jobs=1, shard=(i, 2), shard_dir=out / str(i), progress=False,
                         log=lambda *a: None)
    assert not (shard_root / "autograded").exists(), "a shard wrote the course's files"
    shards.merge_shards(shard_root, A, [out / "0", out / "1"], log=lambda *a: None)
    t_shards = time.monotonic() - t0

    want = _dump(plain)
    assert want["students"] == ["demo_blank", "demo_broken", "demo_full", "demo_partial"]
    assert _dump(dask_root) == want
    assert _dump(shard_root) == want
    for root in (dask_root, shard_root):
        assert sorted(p.name for p in (root / "autograded").iterdir()) == \
            sorted(p.name for p in (plain / "autograded").iterdir())
    print(f"\nplain --jobs 2: {t_plain:.1f} s; Dask LocalCluster(2): {t_dask:.1f} s; 2 shards + merge: {t_shards:.1f} s")


def test_postgresql_gradebook(tmp_path):
    """CourseDirectory.db_url may name a server database: grading, the report
    and nbgrader export all use it (a real PostgreSQL server, started here)."""
    _need_bwrap()
    with postgres() as (url, _):
        root = _class(tmp_path, "course", f'c.CourseDirectory.db_url = "{url}"')
        c = course.Course.load(root)
        assert c.db_url == url
        results = grader.autograde(root, A, jobs=2, progress=False, log=lambda *a: None, course=c)
        assert {r.student: r.status for r in results}["demo_full"] == "graded"
        assert not (root / "gradebook.db").exists(), "a sqlite gradebook appeared next to the course"
        rep = report.build(root, A, course=c)
        assert {r.student: r.status for r in rep.rows} == {"demo_full": "graded", "demo_partial": "graded",
                                                           "demo_blank": "graded", "demo_broken": "failed"}
        out = c.nbgrader("export", f"--to={tmp_path / 'export.csv'}")
        assert out.returncode == 0 and "demo_broken" in (tmp_path / "export.csv").read_text()


def test_a_postgresql_gradebook_not_in_utf8_is_refused_in_one_line_naming_the_fix(tmp_path):
    """A database made on a machine without a UTF-8 locale is SQL_ASCII: registering an assignment (whose
    cells hold non-ASCII text) stops with one line naming the encoding and `createdb -E UTF8`, before
    nbgrader writes anything."""
    from sqlalchemy import create_engine, text
    with postgres() as (url, _):
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("CREATE DATABASE ascii_book ENCODING 'SQL_ASCII' TEMPLATE template0"))
        engine.dispose()
        ascii_url = url.replace("/gradebook?", "/ascii_book?")
        root = _class(tmp_path, "course", f'c.CourseDirectory.db_url = "{ascii_url}"')
        c = course.Course.load(root)
        with pytest.raises(gradebook.GradebookError) as e:
            gradebook.register(c, A, tmp_path / "state", log=lambda *a: None)
        assert "SQL_ASCII" in str(e.value) and "createdb -E UTF8" in str(e.value), e.value
        assert not gradebook.has_assignment(c, A)
        # the UTF-8 database next to it takes the same assignment
        root2 = _class(tmp_path, "course2", f'c.CourseDirectory.db_url = "{url}"')
        gradebook.register(course.Course.load(root2), A, tmp_path / "state2", log=lambda *a: None)


def test_every_student_is_in_every_output(tmp_path):
    root = _class(tmp_path)
    (root / "submitted" / "no_show").mkdir(parents=True)           # enrolled, submitted nothing for A
    results = grader.autograde(root, A, jobs=2, progress=False, log=lambda *a: None)
    assert {r.student for r in results} == {"demo_full", "demo_partial", "demo_blank", "demo_broken"}
    rep = report.build(root, A)
    status = {r.student: (r.status, r.reason) for r in rep.rows}
    assert status["demo_broken"][0] == "failed" and "not valid JSON" in status["demo_broken"][1]
    csv = rep.csv.read_text()
    assert "demo_broken,failed," in csv
    png = rep.png.read_bytes()
    assert png[:4] == b"\x89PNG"
    export = tmp_path / "export.csv"
    course.nbgrader(root, "export", f"--to={export}")
    assert "demo_broken" in export.read_text()


def test_a_wrong_solution_stops_the_run_before_the_class(tmp_path):
    root = _class(tmp_path)
    src = root / "source" / A / f"{A}.ipynb"
    nb = nbm.read(src)
    for c in nb.cells:
        if nbm.meta(c).get("grade_id") == "q1_format_metric":
            c.source = c.source.replace("{loss:.4f}", "{loss:.3f}")
    nbm.write(nb, src)
    with pytest.raises(grader.GraderError, match=r"(?s)does not get full marks.*test_q1_format_metric: \S+ \(failed: "):
        grader.autograde(root, A, jobs=2, progress=False, log=lambda *a: None)
    assert not (root / "autograded").exists()
    with gradebook.connect(course.Course.load(root)) as gb:
        assert gb.assignment_submissions(A) == []


def test_progress_is_written_as_it_happens_and_a_killed_run_leaves_nothing(tmp_path):
    root = _class(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, "--jobs", "2",
                             "--no-reference"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=course.tool_env(), start_new_session=True)
    first = None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if "[1/4" in line:   # "autograde <assignment> [1/4, 0 failed] <student>: ..."
            first = line
            break
    assert first is not None, "no progress line arrived while the run was going"
    assert proc.poll() is None, "the run had already finished: the line was not written as it happened"
    # the workers are forked from a template the run started (worker.Template): its children, and theirs
    workers = _descendants(proc.pid)
    assert workers, "no worker process"
    # this run's folders (other tests may be grading at the same time): the workers' argument
    run_dirs = {Path(a) for w in workers for a in _cmdline(w) if Path(a).name.startswith("wb-run-")}
    assert run_dirs, "the workers name no run folder"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.5)
    assert not [p for p in workers if _alive(p)], "a worker outlived its parent"
    time.sleep(1)
    assert [d for d in run_dirs if d.exists()] == [], "a temporary folder was left behind"
    left = [p for w in workers for p in Path("/dev/shm").glob(f"wb-sandbox-{w}-*")]
    assert left == [], "a sandbox folder was left behind"


def _cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.append(int(d.name))
    return out


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            out.append(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return False


def _clone_holding_another_copy(tmp_path: Path) -> Path:
    """A course folder that is a clone of this repository, as docs/jupyterhub.md
    has it: a workbook/ of its own next to nbgrader_config.py (here another
    copy of the package, one comment apart)."""
    root = _class(tmp_path)
    shutil.copytree(REPO / "workbook", root / "workbook", ignore=shutil.ignore_patterns("__pycache__"))
    with open(root / "workbook" / "__init__.py", "a") as f:
        f.write("# the clone's own copy\n")
    return root


def test_a_course_folder_holding_another_copy_of_the_package_grades_with_the_installed_one(tmp_path):
    """`workbook autograde` run in such a folder: its workers (forked from a
    template, --jobs 2) and their kernels import the installed package, as
    the command does. They imported the folder's copy (python -m in the
    working folder) while the kernels imported the installed one, and every
    kernel died ("... the memory limit")."""
    _need_bwrap()
    root = _clone_holding_another_copy(tmp_path)
    proc = subprocess.run([str(Path(sys.executable).parent / "workbook"), "autograde", A, "--jobs", "2",
                           "--student", "demo_full", "--student", "demo_blank"], cwd=root, capture_output=True,
                          text=True, env=course.tool_env(), timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    cells = grader.cell_scores(root, A, "demo_full")
    assert cells and all(got == mx for got, mx in cells.values() if got is not None), cells


def test_a_command_that_runs_another_copy_than_its_workers_and_kernels_is_refused_naming_both(tmp_path):
    """`python -m workbook` in that folder runs the folder's copy; the
    workers and the kernels' sandbox import the installed one: the run
    stops before grading anyone, in one line naming both folders (exit 2),
    with the sandbox and without it (then the workers refuse)."""
    _need_bwrap()
    root = _clone_holding_another_copy(tmp_path)
    installed, clone = str(REPO / "workbook"), str(root / "workbook")
    for extra in ([], ["--no-sandbox"]):
        proc = subprocess.run([sys.executable, "-m", "workbook", "autograde", A, "--student", "demo_full", *extra],
                              cwd=root, capture_output=True, text=True, env=course.tool_env(), timeout=600)
        errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
        assert proc.returncode == 2 and len(errors) == 1, proc.stdout[-2000:] + proc.stderr[-3000:]
        assert installed in errors[0] and clone in errors[0], errors[0]
        assert "Traceback" not in proc.stderr and "memory limit" not in proc.stderr, proc.stderr[-3000:]
        assert not (root / "autograded").exists()


def test_a_worker_of_another_version_refuses_every_task():
    """A grading request carries the command's package (its folder here, its
    digest on any machine): a worker whose own differs answers with why,
    naming both, and grades nothing (local workers, Dask workers)."""
    from workbook.grading import package
    from workbook.grading import worker as wk
    here = package.identity()
    assert package.mismatch(here) is None
    moved = dict(here, path="/elsewhere/workbook")
    assert "/elsewhere/workbook" in package.mismatch(moved) and here["path"] in package.mismatch(moved)
    older = {"digest": "0" * 64}
    assert "another version" in package.mismatch(older)
    out = wk.grade_bundle(b"not even a task", A, "someone", [], 10, older)
    assert out["ok"] is False and out[package.MISMATCH] and "another version" in out["reason"], out


def _slow_class(tmp_path: Path, seconds: int = 120) -> Path:
    """A course whose one student's answer sleeps in its kernel: a run is
    under way, a sandbox and its cgroup alive, for as long as a test needs."""
    root = tmp_path / "course"
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    rel = nbm.read(root / "release" / A / f"{A}.ipynb")
    answers = nbm.solved_sources(nbm.read(root / "source" / A / f"{A}.ipynb"))
    first = next(iter(answers))
    answers[first] = f"import time\ntime.sleep({seconds})\n" + answers[first]
    d = root / "submitted" / "slow" / A
    d.mkdir(parents=True)
    nbm.write(nbm.make_submission(rel, answers), d / f"{A}.ipynb")
    return root


def _start(root: Path, *args: str, **kw) -> subprocess.Popen:
    def as_a_terminal():   # SIGINT handled by default and not blocked, as a command typed in a terminal has it
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return subprocess.Popen([sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=course.tool_env(),
                            start_new_session=True, preexec_fn=as_a_terminal, **kw)


def _when_a_kernel_runs(proc: subprocess.Popen, timeout: float = 300, kernels: int = 1) -> list[int]:
    """The run's processes once ``kernels`` students' kernels run in their
    sandboxes (each sandbox's connection file written, then time for the
    kernel to start and run its cells: the sandbox says it is ready on a pipe
    of the grader's, which a test cannot see)."""
    from workbook.grading import sandbox
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        pids = process_tree(proc.pid)
        ready = [f for p in pids for f in Path(sandbox._ipc_base()).glob(f"{sandbox.SANDBOX_PREFIX}{p}-*/conn/kernel.json")]
        if len(ready) >= kernels:   # the kernels' sandboxes are made
            time.sleep(6)   # and the kernels run their cells: the slow one sleeps
            return process_tree(proc.pid)
        time.sleep(0.3)
    raise AssertionError("no kernel started")


def _one_line(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip() and not line.lower().startswith("warning")]


@pytest.mark.parametrize("how, code, said", [("SIGINT to the group", 130, "interrupted (Ctrl-C)"),
                                             ("SIGTERM to the command", 143, "terminated (SIGTERM)")])
def test_an_interrupted_run_says_so_in_one_line_and_leaves_nothing(tmp_path, how, code, said):
    """Ctrl-C (what a terminal sends the whole process group) and SIGTERM
    (what kill, Kubernetes and Slurm send the command): one line, the exit
    code of the signal, and nothing of the run left: no worker, zygote,
    sandbox or kernel process, no kernel connection folder (/dev/shm/
    wb-sandbox-*), no cgroup, no run folder (the hidden tests and the
    secret). Ctrl-C left sandbox folders and empty cgroups 3 times in 3."""
    _need_bwrap()
    root = _slow_class(tmp_path)
    proc = _start(root, "--jobs", "1", "--no-reference")
    pids = _when_a_kernel_runs(proc)
    if how.startswith("SIGINT"):
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == code, (out, err)
    assert _one_line(err) == [said + ": what was already graded is kept; run the same command again to finish"], err
    assert run_leftovers(proc.pid, pids) == []
    assert not (root / "autograded").exists() and grader.read_state(course.Course.load(root), A, "slow") is None


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_run_stopped_while_it_waits_for_a_scheduler_leaves_no_hidden_test(tmp_path, sig):
    """The run's folder holds the assignment's hidden tests (template.db)
    and the secret as soon as it is made; a run stopped there (by SIGTERM,
    or by SIGKILL, which nothing in the process can see) left it in
    /dev/shm. The command removes it, and its reaper when it was killed.
    The scheduler is a real one with no worker: the run waits for workers
    (its --worker-timeout), as long as the test needs; a silent address
    ends the run by itself in 10 s, which raced the signal under load."""
    import socket
    root = _slow_class(tmp_path)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    scheduler = subprocess.Popen([str(Path(sys.executable).parent / "dask"), "scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, env=course.tool_env(), start_new_session=True)
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        proc = _start(root, "--no-reference", "--scheduler", f"tcp://127.0.0.1:{port}", "--worker-timeout", "300")
        end, held = time.monotonic() + 120, []
        while time.monotonic() < end and not held:
            assert proc.poll() is None, proc.communicate()
            held = [d for base in ("/dev/shm", "/tmp") for d in Path(base).glob(f"wb-run-{proc.pid}-*")
                    if (d / "template.db").exists()]
            time.sleep(0.1)
        assert held, "the run never wrote its template gradebook"
        time.sleep(1)
        pids = process_tree(proc.pid)
        os.kill(proc.pid, sig)
        out, err = proc.communicate(timeout=60)
        if sig == signal.SIGTERM:
            assert proc.returncode == 143 and "terminated (SIGTERM)" in err and len(_one_line(err)) == 1, err
        assert run_leftovers(proc.pid, pids) == [], f"left after {signal.Signals(sig).name}"
    finally:
        os.killpg(scheduler.pid, signal.SIGKILL)
        scheduler.wait()


def test_a_gradebook_server_lost_in_the_middle_of_a_run_ends_it_in_one_line_and_leaves_nothing(tmp_path):
    """The PostgreSQL server stops while two kernels run: the next result
    cannot be recorded, the run stops in one line (exit 2), and the other
    kernel's sandbox, its cgroup and the run's folder go with it (a lost
    database left a sandbox folder and a cgroup)."""
    _need_bwrap()
    with postgres() as (url, stop):
        root = _slow_class(tmp_path)
        with open(root / "nbgrader_config.py", "a") as f:
            f.write(f'\nc.CourseDirectory.db_url = "{url}"\n')
        rel = nbm.read(root / "release" / A / f"{A}.ipynb")
        answers = nbm.solved_sources(nbm.read(root / "source" / A / f"{A}.ipynb"))
        first = next(iter(answers))
        answers[first] = "import time\ntime.sleep(8)\n" + answers[first]   # graded while the server is down
        (root / "submitted" / "quick" / A).mkdir(parents=True)
        nbm.write(nbm.make_submission(rel, answers), root / "submitted" / "quick" / A / f"{A}.ipynb")
        proc = _start(root, "--jobs", "2", "--no-reference")
        pids = _when_a_kernel_runs(proc, kernels=2)
        stop()
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 2, (out, err)
        assert len(_one_line(err)) == 1 and "cannot reach the gradebook postgresql" in err, err
        assert run_leftovers(proc.pid, pids) == []


def test_a_full_disk_stops_the_run_in_one_line_with_nothing_half_written_and_a_rerun_finishes(tmp_path):
    """The course's disk fills up in the middle of a run (a small tmpfs here,
    filled once the first result is in): one line, exit 2, no cut notebook,
    no empty state file, no grade for a notebook not written, nothing of the
    run left; once there is room, the same command grades the rest."""
    _need_bwrap()
    if os.getuid() != 0:
        pytest.fail("this test mounts a small tmpfs: run it as root (make test and CI do)", pytrace=False)
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(disk)], check=True)
    try:
        root = _class(disk)
        proc = _start(root, "--jobs", "1", "--no-reference")
        first = ""
        while not first.startswith(f"autograde {A} ["):
            first = proc.stdout.readline()
            assert first, proc.communicate()
        assert first.startswith(f"autograde {A} [1/4"), first
        pids = process_tree(proc.pid)
        filler = disk / "filler"
        with open(filler, "wb") as f:   # every byte left
            try:
                while True:
                    f.write(b"\0" * (1 << 20))
                    f.flush()
            except OSError:
                pass
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 2, (first + out, err)
        lines = _one_line(err)
        assert len(lines) == 1 and ("no space left" in lines[0] or "disk is full" in lines[0]), err
        assert "Traceback" not in err
        print("\nthe full disk:", lines[0])
        assert run_leftovers(proc.pid, pids) == []
        c = course.Course.load(root)
        left = [p for p in (root / "autograded").rglob(".*")] if (root / "autograded").exists() else []
        assert left == [], f"half-written folders: {left}"
        for sf in (root / ".workbook" / "state" / A).glob("*"):
            assert sf.suffix == ".json" and sf.stat().st_size > 0 and json.loads(sf.read_text()), sf
        with gradebook.connect(c) as gb:
            graded = [sub.student.id for sub in gb.assignment_submissions(A) if sub.notebooks]
        for s in graded:   # a grade in the gradebook has its notebook, whole
            nbm.read(root / "autograded" / s / A / f"{A}.ipynb")
        assert len(graded) < 3, "the disk was full and every student was still graded"
        filler.unlink()
        proc = _start(root, "--jobs", "1", "--no-reference")
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 1, (out, err)   # demo_broken is not a notebook
        assert {r.student: r.status for r in report.build(root, A).rows} == {
            "demo_full": "graded", "demo_partial": "graded", "demo_blank": "graded", "demo_broken": "failed"}
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_a_file_the_sandbox_cannot_read_is_named_not_blamed_on_another_package(tmp_path):
    """The sandbox's probe reports an OSError while importing the package as
    data (the file, why): the message names that file and says to make it
    readable, not that two packages differ (it used to say 'every process of
    a run must import the same package' for an unreadable data folder)."""
    import subprocess
    import sys

    from workbook.grading import package
    fake = tmp_path / "workbook"
    fake.mkdir()
    missing = tmp_path / "data" / "shop.sqlite"
    (fake / "__init__.py").write_text(f"open({str(missing)!r}).read()\n")
    # -S and the folder as the working one: the editable install and the checkout do not shadow the copy
    r = subprocess.run([sys.executable, "-S", "-c", package.SANDBOX_PROBE], capture_output=True, text=True,
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)}, cwd=tmp_path, timeout=60)
    there, error = package.probe_result(r)
    assert there is None and isinstance(error, package.Unreadable) and error.file == str(missing), (r, error)
    why = package.problem(there, error, package.location(), lambda: "unused")
    assert str(missing) in why and "readable" in why and "same package" not in why
    fine = subprocess.run([sys.executable, "-c", package.SANDBOX_PROBE], capture_output=True, text=True, timeout=60)
    assert package.probe_result(fine) == (package.location(), "")
    assert package.problem(package.location(), "", package.location(), lambda: "unused") is None
    assert "same package" in package.problem("/elsewhere", "", package.location(), lambda: "unused")
