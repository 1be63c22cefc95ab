"""Grading on a Dask cluster that a student could reach: TLS with mutual
authentication (Dask's own ``Security``), no hidden test or secret left on a
worker whose task was killed, and a run that stops when its workers are gone.

Every task carries the assignment's hidden tests and the course's secret, so
the grader refuses a scheduler off this machine without TLS, and a TLS
scheduler refuses a client whose certificate the course's CA did not sign."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, TEST_SECRET, solution_points
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import engines
from workbook.grading import runner as grader
from workbook.grading import worker as wk

pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group("dask")]

A = "00_orientation"
NB = f"{A}.ipynb"


def _course(tmp: Path, students: dict[str, dict]) -> Path:
    root = course.copy_course(REPO, tmp / "course", [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    rel = nbm.read(root / "release" / A / NB)
    for s, answers in students.items():
        d = root / "submitted" / s / A
        d.mkdir(parents=True)
        nbm.write(nbm.make_submission(rel, answers), d / NB)
    return root


def _solved() -> dict:
    return nbm.solved_sources(nbm.read(REPO / "source" / A / NB))


def _certs(d: Path) -> dict[str, Path]:
    """A course CA and certificates it signed (scheduler, worker, grader), and
    a grader certificate signed by another CA."""
    d.mkdir()
    def run(*a):
        subprocess.run(["openssl", *a], check=True, capture_output=True, cwd=d)
    ext = d / "san.cnf"
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for ca in ("ca", "rogue-ca"):
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{ca}.key", "-out", f"{ca}.pem",
            "-days", "2", "-subj", f"/CN={ca}")
    for name, ca in (("scheduler", "ca"), ("worker", "ca"), ("grader", "ca"), ("intruder", "rogue-ca")):
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", f"/CN={name}")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key", "-CAcreateserial",
            "-out", f"{name}.pem", "-days", "2", "-extfile", str(ext))
    return {p.stem + p.suffix: p for p in d.iterdir()}


def _autograde(root: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, "--force",
                           "--no-reference", *args], capture_output=True, text=True, timeout=timeout,
                          env=course.tool_env())


def test_grading_over_tls_needs_a_certificate_the_course_ca_signed(tmp_path):
    from distributed import LocalCluster
    from distributed.security import Security
    c = _certs(tmp_path / "certs")
    root = _course(tmp_path, {"full": _solved(), "blank": {}})
    sec = Security(tls_ca_file=str(c["ca.pem"]), tls_scheduler_cert=str(c["scheduler.pem"]),
                   tls_scheduler_key=str(c["scheduler.key"]), tls_worker_cert=str(c["worker.pem"]),
                   tls_worker_key=str(c["worker.key"]), tls_client_cert=str(c["worker.pem"]),
                   tls_client_key=str(c["worker.key"]), require_encryption=True)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, protocol="tls", security=sec,
                      host="127.0.0.1", dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tls://")
        ok = _autograde(root, "--scheduler", address, "--tls-ca", str(c["ca.pem"]), "--tls-cert",
                        str(c["grader.pem"]), "--tls-key", str(c["grader.key"]))
        out = ok.stdout + ok.stderr
        assert ok.returncode == 0, out[-3000:]
        auto, total = solution_points(A)
        assert f"{auto:g} / {total:g}" in out and f"0 / {total:g}" in out, out[-3000:]
        no_cert = _autograde(root, "--scheduler", address, timeout=120)
        assert no_cert.returncode == 2 and "--tls-ca" in no_cert.stderr, no_cert.stderr[-2000:]
        intruder = _autograde(root, "--scheduler", address, "--tls-ca", str(c["ca.pem"]), "--tls-cert",
                              str(c["intruder.pem"]), "--tls-key", str(c["intruder.key"]), timeout=120)
        assert intruder.returncode == 2, intruder.stdout[-2000:] + intruder.stderr[-2000:]
        assert "cannot reach the Dask scheduler" in intruder.stderr, intruder.stderr[-2000:]
        # what else answers on a cluster's addresses: each fails in one line, within the 10 s
        grader_sec = engines.scheduler_security(str(c["ca.pem"]), str(c["grader.pem"]), str(c["grader.key"]))
        worker = next(iter(cluster.scheduler_info["workers"]))
        for address, security, why in ((worker, grader_sec, "is a Dask Worker, not a scheduler"),
                                       (address.replace("tls://", "tcp://"), None, "")):
            _fails_fast(address, security, why)


def _fails_fast(address: str, security, why: str, insecure: bool = False) -> None:
    t0 = time.monotonic()
    with pytest.raises(grader.GraderError) as e:
        engines.connect_scheduler(address, security, insecure)
    took = time.monotonic() - t0
    text = str(e.value)
    assert took <= engines.SCHEDULER_CONNECT_TIMEOUT + 0.5, f"{address}: {took:.1f} s ({text})"
    assert "\n" not in text and text.startswith("cannot ") and address in text and why in text, text


def test_every_failure_of_a_scheduler_address_is_one_line_within_10_s(tmp_path, capsys):
    """Whatever answers on the address (nothing, a silent port, a web
    server, TLS spoken to a plain port, no such host, a host that drops
    every packet): one line, in at most 10 s. A silent port hung the run
    (Dask waits for its handshake without a limit)."""
    import socket
    import threading

    from workbook import cli
    c = _certs(tmp_path / "certs")
    sec = engines.scheduler_security(str(c["ca.pem"]), str(c["grader.pem"]), str(c["grader.key"]))
    held = []

    def server(reply: bytes | None) -> str:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        held.append(s)

        def serve():
            while True:
                try:
                    conn, _ = s.accept()
                except OSError:
                    return
                held.append(conn)
                if reply is not None:
                    try:
                        conn.recv(4096)
                        conn.sendall(reply)
                    except OSError:
                        pass
        threading.Thread(target=serve, daemon=True).start()
        return f"127.0.0.1:{s.getsockname()[1]}"
    silent = server(None)
    web = server(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n\r\nbad request" * 20)
    try:
        for address, security, why, insecure in (
                (f"tcp://{silent}", None, "no Dask scheduler answered in 10 s", False),
                (f"tcp://{web}", None, "does not speak Dask's protocol", False),
                (f"tls://{web}", sec, "", False),
                ("tls://no-such-host.invalid:8786", sec, "", False),
                ("tcp://192.0.2.1:8786", None, "", True)):        # TEST-NET-1: every packet dropped
            _fails_fast(address, security, why, insecure)
        t0 = time.monotonic()
        rc = cli.main(["--root", str(_course(tmp_path, {"full": _solved()})), "autograde", A, "--no-reference",
                       "--scheduler", f"tcp://{web}"])
        err = capsys.readouterr().err
        assert rc == 2 and [line for line in err.splitlines() if line.startswith("error:")] == \
            [line for line in err.splitlines() if line.strip() and not line.lower().startswith("warning")], err
        assert time.monotonic() - t0 < 60, "the command waited"
    finally:
        for s in held:
            s.close()


def test_a_scheduler_off_this_machine_without_tls_is_refused(tmp_path):
    root = _course(tmp_path, {"full": _solved()})
    r = _autograde(root, "--scheduler", "tcp://10.255.255.1:8786", timeout=120)
    assert r.returncode == 2 and "not reached over TLS" in r.stderr and "hidden tests" in r.stderr, r.stderr


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _task_dirs() -> list[Path]:
    out = []
    for base in {wk.task_base(), "/dev/shm", "/tmp"}:
        out += [p for p in Path(base).glob(f"{wk.TASK_PREFIX}*") if p.is_dir()]
    return out


def _left_behind(before: set[Path]) -> list[Path]:
    """Task folders that appeared since `before` and whose process is gone: what a
    dead task left. Folders of live processes belong to tests running beside this
    one (pytest-xdist) and are theirs to clean."""
    def owner(p: Path) -> int:
        try:
            return int(p.name[len(wk.TASK_PREFIX):].split("-", 1)[0])
        except ValueError:
            return 0        # not a task's name: counted as left behind
    return [p for p in _task_dirs() if p not in before and not _alive(owner(p))]


def test_no_secret_stays_on_a_worker_whose_task_was_killed(tmp_path):
    """kill -9 of the Dask worker in the middle of a task: the nanny starts a
    new worker, the next task on that machine sweeps the dead one's folder,
    and no task folder (secret, hidden tests) is left when the run ends.
    (The student sleeps longer than the submission's limit: the killed task's
    retry ends at that limit, not after the sleep.)"""
    from distributed import Client, LocalCluster
    slow = dict(_solved(), q1_format_metric="import time\ntime.sleep(60)\n" + _solved()["q1_format_metric"])
    root = _course(tmp_path, {"slow": slow})
    before = set(_task_dirs())
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        import threading
        results = {}
        t = threading.Thread(target=lambda: results.setdefault("r", grader.autograde(
            root, A, scheduler=client, progress=False, log=lambda *a: None, reference=False, force=True,
            timeout=20)))
        t.start()
        end = time.monotonic() + 120
        new = []
        while time.monotonic() < end and not new:
            new = [p for p in _task_dirs() if p not in before and (p / "task" / ".workbook" / "secret").exists()]
            time.sleep(0.2)
        assert new, "the task never unpacked its folder"
        pid = int(new[0].name[len(wk.TASK_PREFIX):].split("-", 1)[0])
        os.kill(pid, signal.SIGKILL)
        t.join(600)
        assert not t.is_alive()
        # Dask gave the task to the restarted worker; its start swept the killed one's folder (nothing
        # else can remove it: the process that made it died by SIGKILL)
        assert not new[0].exists(), f"the killed worker's task folder (secret, hidden tests) stayed: {new[0]}"
    left = _left_behind(before)
    assert left == [], f"task folders left on the worker: {left}"
    assert [r.student for r in results["r"]] == ["slow"]


def test_a_run_whose_workers_are_all_gone_stops_with_a_message(tmp_path):
    from distributed import Client, LocalCluster
    root = _course(tmp_path, {"full": _solved(), "blank": {}})
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.retire_workers(list(client.scheduler_info()["workers"]), close_workers=True)
        cluster.scale(0)
        start = time.monotonic()
        with pytest.raises(grader.GraderError, match="no Dask worker left for 5 s"):
            grader.autograde(root, A, scheduler=client, progress=False, log=lambda *a: None, reference=False,
                             worker_timeout=5)
        assert time.monotonic() - start < 120


def test_a_scheduler_lost_in_the_middle_of_a_run_ends_it_in_one_line_and_leaves_nothing(tmp_path):
    """The Dask scheduler dies (kill -9) while a task is graded: the run
    stops in one line (exit 2) within seconds, not waiting for a scheduler
    that will not come back; its folder (the hidden tests) is gone. The
    worker's task ends on its own; what a killed worker leaves (the task
    folder, the judge's data folder) goes with the next task on that machine."""
    import socket

    from conftest import process_tree, run_leftovers
    slow = dict(_solved(), q1_format_metric="import time\ntime.sleep(120)\n" + _solved()["q1_format_metric"])
    root = _course(tmp_path, {"slow": slow})
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    bindir = Path(sys.executable).parent
    env = course.tool_env()
    scheduler = subprocess.Popen([str(bindir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                 start_new_session=True)
    worker = subprocess.Popen([str(bindir / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--nthreads", "1",
                               "--no-nanny", "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=env, start_new_session=True)
    before = set(_task_dirs())
    try:
        run = subprocess.Popen([sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, "--force",
                                "--no-reference", "--scheduler", f"tcp://127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
        end, new = time.monotonic() + 300, []
        while time.monotonic() < end and not new:
            assert run.poll() is None, run.communicate()
            new = [p for p in _task_dirs() if p not in before and (p / "task" / ".workbook" / "secret").exists()]
            time.sleep(0.3)
        assert new, "the task never reached the worker"
        time.sleep(3)
        pids = process_tree(run.pid)
        scheduler.kill()
        t0 = time.monotonic()
        out, err = run.communicate(timeout=120)
        took = time.monotonic() - t0
        assert run.returncode == 2, (out, err)
        lines = [line for line in err.splitlines() if line.strip() and not line.lower().startswith("warning")]
        assert len(lines) == 1 and "lost the Dask scheduler at tcp://127.0.0.1" in lines[0], err
        assert took < engines.SCHEDULER_LOST_TIMEOUT + 30, f"{took:.0f} s"
        assert run_leftovers(run.pid, pids) == []
        tree = process_tree(worker.pid)
        worker.kill()
        worker.wait()
        end = time.monotonic() + 60   # its grading process ends on its own (SIGTERM from its dead parent)
        while time.monotonic() < end and any(_alive(p) for p in tree):
            time.sleep(0.2)
        assert not any(_alive(p) for p in tree), "the killed worker's grading process did not end"
        time.sleep(1)
        swept = wk.sweep_tasks(wk.task_base())   # what the next task on this machine does first
        left = _left_behind(before)
        assert left == [], f"left on the worker's machine: {left} (swept: {swept})"
    finally:
        for p in (worker, scheduler):
            if p.poll() is None:
                p.kill()
                p.wait()


def test_a_dask_workers_hidden_seed_data_lives_in_a_folder_of_its_own_that_goes_with_it(tmp_path, monkeypatch):
    """The judge's data of hidden seeds (built once per secret) stayed in the
    worker machine's data cache for good. A Dask worker's grading process
    now writes it to <task base>/wb-task-<pid>-judge (the docs name it),
    which its process removes when it ends and the next task on the machine
    sweeps if the process was killed."""
    from workbook import data
    from workbook.data import JUDGE_DATA
    folder = wk.judge_folder(str(tmp_path))
    assert Path(folder).name == f"{wk.TASK_PREFIX}{os.getpid()}-judge"
    monkeypatch.setenv(JUDGE_DATA, folder)
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    assert data.judge_cache_dir() == Path(folder) and Path(folder).stat().st_mode & 0o777 == 0o700
    with data.writing_to(data.judge_cache_dir()):
        assert data.judge_is_writing() and data.judge_cache_dir() == Path(folder)
    assert not (tmp_path / "cache-judge").exists(), "the machine's judge cache was used"
    # a worker killed with -9 left its folder: the next task's sweep removes it (the dead one's, never a live one's)
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = tmp_path / f"{wk.TASK_PREFIX}{dead.pid}-judge"
    left.mkdir()
    (left / "shop_hidden.sqlite").write_bytes(b"hidden")
    assert wk.sweep_tasks(str(tmp_path)) == [str(left)]
    assert Path(folder).is_dir(), "a live worker's folder was swept"
