"""Untrusted submissions and real instructor machines.

A class of honest students and hostile submissions, graded in one
`workbook autograde` run with the sandbox on: every hostile submission is
graded or failed with its own reason, the honest students keep their exact
marks, submitted/ is never modified, the instructor's disk does not fill up,
nothing the students wrote runs in the instructor's browser (feedback and the
formgrader, in real Chromium), and the grader runs as an ordinary user,
naming the limits it cannot set there."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (CHROMIUM_ARGS, OUTPUT, REPO, TEST_SECRET, UNIX_USERS, chromium_path, let_others_traverse,
                      solution_points)
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import gradebook, sandbox
from workbook.grading import runner as grader

# one xdist worker grades the module's class once (a module fixture is built once per worker)
pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group("hostile-class")]
A = "00_orientation"
NB = f"{A}.ipynb"
PWN = "window.__pwned"

DISK = r'''
written = 0
try:
    for i in range(6):
        with open(f"big{i}.bin", "wb") as f:
            for _ in range(200):
                f.write(b"x" * 2**20)
                written += 1
except OSError as e:
    print("stopped after", written, "MB:", type(e).__name__)
'''
CPU = r'''
import os, time
for _ in range(3):
    if os.fork() == 0:
        os.setsid()
        while True:
            pass
while True:          # wait for the CPU limit, however loaded the machine is
    time.sleep(1)
'''
OUTPUT_FLOOD = 'print("y" * 2_000_000)'
ACTIVE = r'''
from IPython.display import HTML, Javascript, SVG, display
display(HTML('<b>bold</b><script>window.__pwned = "html"</script><img src=x onerror="window.__pwned = \'img\'">'))
display(Javascript('window.__pwned = "js"'))
display(SVG('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=\'svg\'"><script>window.__pwned="svg2"</script></svg>'))
'''
ACTIVE_MD = 'My answer <script>window.__pwned = "markdown"</script> <img src=x onerror="window.__pwned=\'md\'">'


def _digest(path: Path) -> dict[str, str]:
    out = {}
    for p in sorted(path.rglob("*")):
        st = os.lstat(p)
        if stat.S_ISLNK(st.st_mode):
            out[str(p.relative_to(path))] = "link:" + os.readlink(p)
        elif stat.S_ISREG(st.st_mode):
            out[str(p.relative_to(path))] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[str(p.relative_to(path))] = stat.filemode(st.st_mode)
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    root = tmp_path_factory.mktemp("hostile") / "course"
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    with open(root / "nbgrader_config.py", "a") as f:
        f.write("\nc.SandboxKernelManager.cpu_seconds = 20\nc.SandboxKernelManager.disk = '300M'\n"
                "c.TrustedExecute.max_output = 1_000_000\nc.Execute.timeout = 300\n")
    rel = nbm.read(root / "release" / A / NB)
    src = nbm.read(root / "source" / A / NB)
    solved = nbm.solved_sources(src)
    sub = root / "submitted"

    def folder(student):
        d = sub / student / A
        d.mkdir(parents=True)
        return d

    def submit(student, nb):
        nbm.write(nb, folder(student) / NB)

    submit("honest_full", nbm.make_submission(rel, solved))
    submit("honest_blank", rel)
    # what cannot be a notebook
    (folder("nb_is_a_directory") / NB).mkdir()
    os.mkfifo(folder("nb_is_a_fifo") / NB)
    os.symlink("/dev/zero", folder("nb_is_dev_zero") / NB)
    bad = json.loads(nbm.dumps(nbm.make_submission(rel, solved)))
    bad["cells"][3]["source"] = 12
    (folder("source_is_a_number") / NB).write_text(json.dumps(bad))
    (folder("nested_json") / NB).write_text("[" * 200_000 + "]" * 200_000)
    # links to what is not theirs
    os.symlink(sub / "honest_full" / A / NB, folder("link_to_a_classmate") / NB)
    d = folder("link_to_source")
    os.symlink(root / "source" / A / NB, d / NB)
    os.symlink(root / "gradebook.db", d / "gradebook.db")
    os.symlink(root / "source", d / "source")
    # quotas: disk, CPU over forked processes, output over many cells
    submit("disk_filler", nbm.make_submission(rel, {**solved, "q1_format_metric": DISK + solved["q1_format_metric"]}))
    submit("cpu_burner", nbm.make_submission(rel, {**solved, "q2_timer": CPU + solved["q2_timer"]}))
    flood = nbm.make_submission(rel, solved)
    import nbformat
    for _ in range(40):
        flood.cells.append(nbformat.v4.new_code_cell(OUTPUT_FLOOD))
    submit("output_flood", flood)
    # active content in outputs and in a written answer
    active = nbm.make_submission(rel, {**solved, "q1_format_metric": ACTIVE + solved["q1_format_metric"],
                                       "q4_hidden_tests": ACTIVE_MD})
    submit("active_content", active)
    for d in sub.iterdir():
        ts = d / A / "timestamp.txt"
        if (d / A).is_dir() and not ts.exists() and not ts.is_symlink():
            ts.write_text("2026-11-20 09:00:00.000000 UTC\n")
    c = course.Course.load(root)
    gradebook.ensure_registered(c, A, root / grader.STATE_DIR, log=lambda *a: None)
    before = _digest(sub)
    free_before = shutil.disk_usage(root).free
    min_free = [free_before]
    stop = False

    def watch():
        while not stop:
            min_free[0] = min(min_free[0], shutil.disk_usage(root).free)
            time.sleep(0.2)
    import threading
    t = threading.Thread(target=watch, daemon=True)
    t.start()
    logs: list[str] = []
    start = time.monotonic()
    results = grader.autograde(root, A, jobs=2, timeout=300, progress=False, log=logs.append, course=c)
    seconds = time.monotonic() - start
    stop = True
    t.join(2)
    fb = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "feedback", A],
                        capture_output=True, text=True, env=course.tool_env(), timeout=600)
    yield dict(root=root, results={r.student: r for r in results}, before=before, after=_digest(sub),
               disk_drop=free_before - min_free[0], logs=logs, seconds=seconds, feedback=fb)


def test_honest_students_keep_their_exact_marks(graded):
    r = graded["results"]
    assert r["honest_full"].status == "graded" and r["honest_full"].score == solution_points(A)[0], r["honest_full"]
    assert r["honest_blank"].status == "graded" and r["honest_blank"].score == 0.0


def test_submitted_work_is_never_modified(graded):
    assert graded["after"] == graded["before"]


@pytest.mark.parametrize("student, reason", [
    ("nb_is_a_directory", "is a folder, not a notebook"),
    ("nb_is_a_fifo", "FIFO"),
    ("nb_is_dev_zero", "symbolic link"),
    ("source_is_a_number", "not a valid notebook|cannot be read"),
    ("nested_json", "not valid JSON|nested|cannot be read"),
    ("link_to_a_classmate", "symbolic link"),
    ("link_to_source", "symbolic link"),
])
def test_a_file_that_is_not_a_notebook_fails_that_student_only(graded, student, reason):
    import re
    r = graded["results"][student]
    text = r.reason + " | " + " | ".join(map(str, r.flags))
    assert r.status == "failed", f"{student}: {r}"
    assert re.search(reason, text), text
    assert not (graded["root"] / "autograded" / student / A / NB).exists()


def test_links_never_bring_someone_elses_files(graded):
    root = graded["root"]
    for student in ("link_to_a_classmate", "link_to_source"):
        for step in ("autograded", "feedback"):
            d = root / step / student / A
            assert not d.exists() or not any(p.name in ("gradebook.db", "source", NB) for p in d.iterdir()), d


def test_disk_quota_holds_and_the_class_is_still_graded(graded):
    r = graded["results"]["disk_filler"]
    assert r.status == "graded", r                 # graded; its own full disk may cost it later exercises
    assert graded["root"].joinpath("autograded", "disk_filler", A, NB).exists()
    assert graded["disk_drop"] < 300 * 2**20, f"the disk dropped by {graded['disk_drop'] / 2**20:.0f} MB"
    assert not list((graded["root"] / "autograded" / "disk_filler" / A).glob("big*.bin")), \
        "files over the copy-back limit came back"


def test_cpu_time_of_forked_processes_counts(graded):
    r = graded["results"]["cpu_burner"]
    assert r.status == "failed" and ("kernel died" in r.reason or "CPU" in r.reason), r


def test_output_is_capped_per_notebook(graded):
    r = graded["results"]["output_flood"]
    assert r.status == "graded" and r.score == solution_points(A)[0], r
    size = (graded["root"] / "autograded" / "output_flood" / A / NB).stat().st_size
    assert size < 3_000_000, f"the autograded notebook is {size:,} bytes"


def test_active_content_is_neutralised_in_files(graded):
    root = graded["root"]
    r = graded["results"]["active_content"]
    assert r.status == "graded", r
    nb = nbm.read(root / "autograded" / "active_content" / A / NB)
    shown = json.dumps([c.get("outputs", []) for c in nb.cells]) + "".join(
        c.source for c in nb.cells if c.cell_type != "code")     # code is shown as code, never rendered
    for live in ("<script", "<img", "<svg", "application/javascript", "image/svg+xml"):
        assert live not in shown, f"{live!r} in the autograded notebook"
    assert "&lt;script&gt;" in shown   # shown as text, harmless
    html = (root / "feedback" / "active_content" / A / f"{A}.html").read_text()
    for live in ("<script>window.__pwned", "<img src=x", "<svg xmlns"):  # code cells are escaped text
        assert live not in html, f"{live!r} in the feedback page"


def _chromium() -> str:
    return chromium_path()


ARGS = CHROMIUM_ARGS


def test_no_live_script_in_feedback_or_the_formgrader(graded):
    """In a real browser: the feedback page and the formgrader's page of the
    submission run nothing the student wrote."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    from labserver import free_port
    root = graded["root"]
    assert graded["feedback"].returncode == 0, graded["feedback"].stdout + graded["feedback"].stderr
    fb = root / "feedback" / "active_content" / A / f"{A}.html"
    port, token = free_port(), "wbtoken"
    env = course.tool_env({"HOME": str(root.parent)})
    env.pop("JUPYTER_CONFIG_DIR", None)
    OUTPUT.mkdir(exist_ok=True)
    log = open(OUTPUT / "formgrader_server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root",
                               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                               f"--IdentityProvider.token={token}",
                               "--ServerApp.jpserver_extensions={'nbgrader.server_extensions.formgrader': True}"],
                              cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        with gradebook.connect(course.Course.load(root)) as gb:
            sub = gb.find_submission_notebook(A, A, "active_content")
            sid = sub.id
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)
            page = browser.new_page()
            page.goto(fb.as_uri())
            page.wait_for_timeout(1500)
            assert page.evaluate(PWN) is None, "a script ran in the feedback page"
            assert "My answer" in page.content()
            url = f"http://127.0.0.1:{port}/formgrader/submissions/{sid}/?token={token}"
            for _ in range(120):
                try:
                    page.goto(url)
                    break
                except Exception:
                    time.sleep(1)
            page.wait_for_selector("text=My answer", timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUTPUT / "formgrader_active_content.png"), full_page=True)
            assert page.evaluate(PWN) is None, "a script ran in the formgrader"
            browser.close()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


# ------------------------------------------------------------ non-root


@UNIX_USERS
def test_the_grader_runs_as_an_ordinary_user(tmp_path):
    if os.getuid() != 0:
        pytest.fail("this test creates a user: run it as root (make test and CI do)", pytrace=False)
    user = "wbgrader"
    if subprocess.run(["id", user], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", user], check=True)
    restore_modes = let_others_traverse(Path(os.path.realpath(sys.executable)), Path(sys.prefix))
    home = Path(f"/home/{user}")
    root = home / "course"
    try:
        shutil.rmtree(root, ignore_errors=True)
        course.copy_course(REPO, root, [A])
        (root / ".workbook").mkdir()
        (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
        rel = nbm.read(root / "release" / A / NB)
        src = nbm.read(root / "source" / A / NB)
        for s, answers in (("full", nbm.solved_sources(src)), ("blank", {})):
            d = root / "submitted" / s / A
            d.mkdir(parents=True)
            nbm.write(nbm.make_submission(rel, answers), d / NB)
        subprocess.run(["chown", "-R", f"{user}:{user}", str(root)], check=True)
        env = course.tool_env({"HOME": str(home), "USER": user})
        proc = subprocess.run(["runuser", "-u", user, "--", sys.executable, "-m", "workbook", "--root", str(root),
                               "autograde", A, "--jobs", "2"], capture_output=True, text=True, env=env, timeout=900)
        out = proc.stdout + proc.stderr
        (OUTPUT / "nonroot_grader.log").write_text(out)
        assert proc.returncode == 0, out[-4000:]
        auto, total = solution_points(A)
        assert "full" in out and f"{auto:g} / {total:g}" in out and f"0 / {total:g}" in out, out[-3000:]
        # here (cgroup v1, an ordinary user) no cgroup can be written: the run says which limits are missing
        # and how to get them, once; with cgroup v2 delegation they would hold
        from workbook.grading import limits
        if limits.v2_base() is None:
            assert "no cgroup limit for memory" in out and "systemd-run --user --scope" in out, out[-3000:]
        assert "limits:" in out
        strict = subprocess.run(["runuser", "-u", user, "--", sys.executable, "-m", "workbook", "--root",
                                 str(root), "autograde", A, "--force", "--no-reference",
                                 "--SandboxKernelManager.require_limits=True"],
                                capture_output=True, text=True, env=env, timeout=900)
        if limits.v2_base() is None:
            assert strict.returncode != 0 and "require_limits" in strict.stdout + strict.stderr
    finally:
        restore_modes()
        shutil.rmtree(root, ignore_errors=True)
