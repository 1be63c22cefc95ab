"""A WorkerPool: local grading workers kept across the runs of several
assignments (`workbook autograde A B C`, the demo), so that each worker's
start-up is paid once per course, not once per assignment."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from workbook.authoring import demo
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import runner as grader

TWO = ["00_orientation", "02_sql"]


@pytest.mark.slow
@pytest.mark.sandbox
def test_a_pool_grades_two_assignments_with_the_same_workers_and_the_same_marks(tmp_course):
    for a in TWO:
        rel = {p.stem: nbm.read(p) for p in course.notebooks(tmp_course, a, "release")}
        demo.write_submission(tmp_course, "full", a, {f"{n}.ipynb": nbm.make_submission(nb, demo.solved(
            tmp_course, a, n)) for n, nb in rel.items()})
        demo.write_submission(tmp_course, "blank", a, {f"{n}.ipynb": nb for n, nb in rel.items()})
    pids = []
    with grader.WorkerPool(1) as pool:
        for a in TWO:
            results = {r.student: r for r in grader.autograde(tmp_course, a, jobs=1, pool=pool, progress=False,
                                                                log=lambda *_: None, reference=False)}
            assert results["full"].status == results["blank"].status == "graded", results
            for student, full_marks in (("full", True), ("blank", False)):
                cells = [v for v in grader.cell_scores(tmp_course, a, student).values() if v[0] is not None]
                got, most = sum(v[0] for v in cells), sum(v[1] for v in cells)
                assert most > 0 and got == (most if full_marks else 0), f"{a} {student}: {got}/{most}"
            pids.append(pool.workers[0].proc.pid)
            assert pool.workers[0].proc.poll() is None, "the run stopped the pool's worker"
            assert list(pool.base.iterdir()) == [], "the run left its folder in the pool's"
        worker = pool.workers[0].proc
    assert pids[0] == pids[1], "the second assignment started another worker"
    assert worker.poll() is not None and not pool.base.exists(), "closing the pool leaves a worker or its folder"


@pytest.mark.slow
@pytest.mark.sandbox
def test_a_pool_starts_each_assignments_zygote_ahead_and_its_kernels_use_that_one(tmp_course, monkeypatch):
    """The zygotes of the assignments graded in turn start ahead (the first one's with the workers, the next
    one's while the one before is graded), each once, and they are the ones the workers' kernels ask for (the
    same environment and imports): no kernel's request starts a zygote of its own, which it would if what
    ``LocalEngine.prewarm`` predicts differed from what a kernel manager in a worker asks."""
    import threading

    from workbook.grading import zygote
    pair = ["00_orientation", "01_shell"]   # two sets of imports: pandas, and neither pandas nor torch
    for a in pair:
        rel = {p.stem: nbm.read(p) for p in course.notebooks(tmp_course, a, "release")}
        demo.write_submission(tmp_course, "blank", a, {f"{n}.ipynb": nb for n, nb in rel.items()})
    started, asked = [], []

    class Counted(zygote.Zygote):
        def __init__(self, env, preload):
            started.append((threading.current_thread().name, preload))
            super().__init__(env, preload)

    zygote_for = zygote.zygote_for

    def recorded(env, preload):
        asked.append((threading.current_thread().name, preload))
        return zygote_for(env, preload)

    monkeypatch.setattr(zygote, "Zygote", Counted)
    monkeypatch.setattr(zygote, "zygote_for", recorded)
    with grader.WorkerPool(1) as pool:
        for a, results in grader.autograde_in_turn(tmp_course, pair, pool, jobs=1, progress=False,
                                                   log=lambda *_: None, reference=False):
            assert [r.status for r in results] == ["graded"], (a, results)
    kernels = {p for name, p in asked if name == "zygote-broker"}   # the workers' kernels' requests
    assert len(kernels) == 2, f"the two assignments' kernels asked for {kernels}"
    assert sorted(p for _, p in started) == sorted(kernels), f"zygotes started: {started}, asked for: {kernels}"
    assert {name for name, _ in started} == {"zygote-prewarm"}, f"a kernel's request started a zygote: {started}"


@pytest.mark.slow
@pytest.mark.sandbox
def test_a_rerun_where_nothing_changed_starts_no_worker_and_no_zygote(tmp_course, monkeypatch):
    """The first run grades the solution (the reference run) and the class; a second run of the same class
    finds the reference and every submission unchanged, the graded one and the one refused for its own file
    (not valid JSON: refused again, for the same reason), so it starts no grading worker and no zygote (a
    zygote of 00 imports pandas: seconds of one core for nothing). A submission that failed otherwise (a time
    limit) is graded again."""
    import json

    from workbook.grading import worker, zygote
    a = "00_orientation"
    rel = {p.stem: nbm.read(p) for p in course.notebooks(tmp_course, a, "release")}
    demo.write_submission(tmp_course, "blank", a, {f"{n}.ipynb": nb for n, nb in rel.items()})
    broken = tmp_course / "submitted" / "broken" / a
    broken.mkdir(parents=True)
    (broken / f"{a}.ipynb").write_text('{"cells": [')
    started = []
    start, init = worker.Worker.start, zygote.Zygote.__init__

    def counted_start(self):
        started.append("worker")
        return start(self)

    def counted_init(self, env, preload):
        started.append("zygote")
        return init(self, env, preload)

    def run():
        return {r.student: r for r in grader.autograde(tmp_course, a, jobs=2, progress=False, log=lambda *_: None,
                                                       then=["01_shell"])}

    monkeypatch.setattr(worker.Worker, "start", counted_start)
    monkeypatch.setattr(zygote.Zygote, "__init__", counted_init)
    first = run()
    assert (first["blank"].status, first["broken"].status) == ("graded", "failed"), first
    assert "not valid JSON" in first["broken"].reason, first["broken"].reason
    assert started.count("worker") == 2 and started.count("zygote") == 2, \
        f"the first run started {started}: two workers (two students) and the zygotes of 00 and, ahead, of 01"
    started.clear()
    again = run()
    assert {s: r.status for s, r in again.items()} == {"blank": "unchanged", "broken": "failed"}, again
    assert again["broken"].reason == first["broken"].reason
    assert started == [], f"a rerun where nothing changed started {started}"
    state = tmp_course / grader.STATE_DIR / a / "blank.json"
    state.write_text(json.dumps({**json.loads(state.read_text()), "status": "failed", "reason": "timed out"}))
    assert {s: r.status for s, r in run().items()} == {"blank": "graded", "broken": "failed"}
    assert "worker" in started, "a submission that ran out of time was not graded again"


@pytest.mark.slow
@pytest.mark.sandbox
def test_workbook_autograde_of_two_assignments_overlaps_them_and_prints_each_in_order(tmp_course):
    # "slow" is handed out last (students go in name order) and sleeps in its first answer: the other worker is
    # left idle while it runs, however loaded the machine (the overlap, not a race between two quick ones)
    for a in TWO:
        rel = {p.stem: nbm.read(p) for p in course.notebooks(tmp_course, a, "release")}
        for student in ("full0", "full1", "slow"):
            answers = {n: demo.solved(tmp_course, a, n) for n in rel}
            if student == "slow" and a == TWO[0]:
                first = next(iter(answers))
                gid = next(iter(answers[first]))
                answers[first][gid] = "import time\ntime.sleep(20)\n" + answers[first][gid]
            demo.write_submission(tmp_course, student, a, {f"{n}.ipynb": nbm.make_submission(nb, answers[n])
                                                           for n, nb in rel.items()})
        demo.write_submission(tmp_course, "blank", a, {f"{n}.ipynb": nb for n, nb in rel.items()})
    out = subprocess.run([sys.executable, "-m", "workbook", "autograde", *TWO, "--jobs", "2", "--no-reference"],
                         cwd=tmp_course, capture_output=True, text=True, timeout=900, env=course.tool_env())
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    titles = [re.search(rf"^ *autograde {a} *$", out.stdout, re.M) for a in TWO]   # a table's title line
    tables = [m.start() if m else -1 for m in titles]
    assert 0 <= tables[0] < tables[1], f"the tables are not printed in the order given: {out.stdout[-3000:]}"
    # 02 starts (registers) on the worker that 00's last submissions leave free, before 00's last one is graded
    assert out.stdout.index("registering 02_sql") < out.stdout.index("autograde 00_orientation [4/4"), out.stdout
    for a in TWO:
        for student in ("full0", "full1", "slow", "blank"):
            cells = [v for v in grader.cell_scores(tmp_course, a, student).values() if v[0] is not None]
            got, most = sum(v[0] for v in cells), sum(v[1] for v in cells)
            assert most > 0 and got == (0 if student == "blank" else most), f"{a} {student}: {got}/{most}"


def test_several_assignments_and_a_shard_are_refused_in_one_line(tmp_course, tmp_path):
    out = subprocess.run([sys.executable, "-m", "workbook", "autograde", *TWO, "--shard", "1/2",
                          "--out", str(tmp_path / "shard")], cwd=tmp_course, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 2 and "--shard grades one assignment" in out.stderr, out.stderr


# ------------------------------------------------------------------ assignments in turn
def test_a_free_worker_goes_to_the_waiting_task_of_the_earliest_run():
    pool = grader.WorkerPool(1)   # no process starts: acquire and release hand out the Worker objects only
    try:
        got = []
        w = pool.acquire(0)
        later = threading.Thread(target=lambda: got.append(("later", pool.acquire(1))))
        later.start()
        time.sleep(0.2)
        earlier = threading.Thread(target=lambda: got.append(("earlier", pool.acquire(0))))
        earlier.start()
        time.sleep(0.2)
        assert got == [], "a task took a worker that was not free"
        pool.release(w)
        earlier.join(5)
        assert [who for who, _ in got] == ["earlier"], "the later run's task, waiting first, took the worker"
        pool.release(got[0][1])
        later.join(5)
        assert [who for who, _ in got] == ["earlier", "later"]
    finally:
        pool.close()


def _fake_runs(monkeypatch, tasks: dict[str, list[float]], fail: set[str] = frozenset()):
    """runner.autograde replaced by runs that take the pool's workers as the real one does (a reference
    task first, outside handing out, then the class), sleeping instead of grading; the events in order."""
    events, lock = [], threading.Lock()

    def note(*what):
        with lock:
            events.append((time.monotonic(), *what))

    def task(pool, rank, a, i, seconds):
        w = pool.acquire(rank)
        note("start", a, i)
        time.sleep(seconds)
        note("end", a, i)
        pool.release(w)

    def autograde(root, a, pool=None, run_rank=None, **kw):
        note("run", a)
        task(pool, run_rank, a, "reference", 0.05)
        if a in fail:
            raise grader.GraderError(f"{a}: the reference run failed")
        with pool.handing_out(run_rank, len(tasks[a])):
            threads = [threading.Thread(target=task, args=(pool, run_rank, a, i, s)) for i, s in enumerate(tasks[a])]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return [a]

    monkeypatch.setattr(grader, "autograde", autograde)
    return events


def test_the_next_assignment_stages_while_the_one_before_grades_its_last_submissions_and_its_tasks_go_after(
        monkeypatch):
    events = _fake_runs(monkeypatch, {"A": [1.0, 0.1, 0.1], "B": [0.1, 0.1, 0.1]})
    with grader.WorkerPool(2) as pool:
        out = list(grader.autograde_in_turn(None, ["A", "B"], pool))
    assert out == [("A", ["A"]), ("B", ["B"])], "the results come in the order of the assignments"
    when = {e[1:]: e[0] for e in events}
    a_last_end = max(t for (kind, a, *_), t in when.items() if kind == "end" and a == "A")
    a_last_start = max(t for (kind, a, *_), t in when.items() if kind == "start" and a == "A")
    b_first = min(t for (kind, a, *_), t in when.items() if kind == "start" and a == "B")
    assert when[("run", "B")] > when[("start", "A", 2)], "B started before A had handed out its submissions"
    assert when[("run", "B")] < when[("end", "A", 2)], "B waited for a free worker to stage its class"
    assert b_first < a_last_end, "B waited for A's last submission while a worker was idle"
    assert b_first >= a_last_start, "a task of B took a worker before a task of A"


def test_a_failed_assignment_stops_those_after_it(monkeypatch):
    events = _fake_runs(monkeypatch, {"A": [0.1], "B": [0.1], "C": [0.1]}, fail={"B"})
    with grader.WorkerPool(2) as pool:
        out = list(grader.autograde_in_turn(None, ["A", "B", "C"], pool))
    assert out[0] == ("A", ["A"]) and out[1][0] == "B" and isinstance(out[1][1], grader.GraderError), out
    assert len(out) == 2 and ("run", "C") not in [e[1:] for e in events], "C ran after B failed"


def test_the_workers_of_a_pool_are_forked_from_one_template_and_closing_the_pool_ends_them_all():
    """The template imports nbgrader and the grader once and forks each
    worker (worker.Template); a forked worker answers requests through its
    pipes as a started one does; closing the pool ends the workers and the
    template, and removes the pool's folder."""
    pool = grader.WorkerPool(2)
    try:
        pool.start_free(2)
        workers = [w.proc.pid for w in pool.workers]
        template = pool.template.proc.pid
        assert len(set(workers)) == 2 and [_parent(p) for p in workers] == [template, template], \
            "the workers were not forked from the pool's template"
        cmd = Path(f"/proc/{template}/cmdline").read_bytes().split(b"\0")
        assert any(a.startswith(b"--template=") for a in cmd) and str(pool.base).encode() in cmd
        answer = pool.workers[1].grade({"task": str(pool.base / "no-such-task"), "assignment": "a",
                                        "student": "s"}, 120)
        assert isinstance(answer, dict) and answer["ok"] is False and answer["student"] == "s", answer
    finally:
        pool.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(p) for p in [*workers, template]):
        time.sleep(0.1)
    assert not [p for p in [*workers, template] if _running(p)], "closing the pool left a worker or its template"
    assert not pool.base.exists()


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _zygotes_of(pid: int) -> list[int]:
    """The zygote processes whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"workbook.grading.zygote import main" in cmd:
            out.append(int(entry.name))
    return out


@pytest.mark.slow
@pytest.mark.sandbox
def test_the_workers_of_a_pool_share_one_zygote_per_set_of_imports(tmp_course):
    a = "00_orientation"
    rel = {p.stem: nbm.read(p) for p in course.notebooks(tmp_course, a, "release")}
    for k in range(3):
        demo.write_submission(tmp_course, f"full{k}", a, {f"{n}.ipynb": nbm.make_submission(nb, demo.solved(
            tmp_course, a, n)) for n, nb in rel.items()})
    with grader.WorkerPool(2) as pool:
        results = grader.autograde(tmp_course, a, jobs=2, pool=pool, progress=False, log=lambda *_: None,
                                   reference=False)
        assert [r.status for r in results] == ["graded"] * 3, results
        workers = [w.proc.pid for w in pool.workers if w.proc is not None]
        assert len(workers) == 2, "the run did not use both workers"
        assert [z for w in workers for z in _zygotes_of(w)] == [], "a worker started a zygote of its own"
        assert len(_zygotes_of(os.getpid())) == 1, "the workers did not share one zygote"
    assert _zygotes_of(os.getpid()) == [], "closing the pool left its zygote running"


def test_a_runs_task_folders_go_where_the_judges_scratch_copies_go():
    """The task folders (submissions, tests, the secret, the task gradebooks
    nbgrader commits to) go where the judge's scratch copies go: /dev/shm when
    it has SCRATCH_ROOM free, as this machine's has, otherwise the temporary
    folder (tests/test_command.py proves the choice); the folder is private."""
    import shutil

    from workbook.checks import command
    from workbook.grading import engines
    if not os.path.isdir("/dev/shm"):
        pytest.fail("this test needs /dev/shm (a tmpfs)")
    folder, scratch = engines.run_folder("wb-run-test-"), command.scratch("wb-test-")
    try:
        assert folder.parent == scratch.parent == Path("/dev/shm")
        assert folder.name.startswith("wb-run-test-") and folder.stat().st_mode & 0o777 == 0o700
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
