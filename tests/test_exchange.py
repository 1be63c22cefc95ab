"""The JupyterHub path end to end, with nbgrader's exchange and real Unix
accounts (docs/jupyterhub.md describes the same steps on a real hub).

A temporary course with 00_orientation; an exchange folder (mode 1777, as
nbgrader's docs ask); three Unix users, wbstu1..3, created here (and removed
afterwards), each with a home folder and a per-user ~/.jupyter/
nbgrader_config.py naming the exchange. Then, each command as the account
that runs it on a hub:

1. instructor (root, in the course folder): nbgrader release_assignment;
2. each student: nbgrader fetch_assignment, answers in the fetched notebook
   (wbstu1 the solutions, wbstu2 nothing, wbstu3 half), nbgrader submit;
3. instructor: nbgrader collect, `workbook autograde --jobs 2`, the scores in
   the gradebook (full / 0 / partial), a manual score for the written answer
   (q4) entered in nbgrader's formgrader in headless Chromium and saved to
   the gradebook, `workbook feedback`, nbgrader release_feedback;
4. each student: nbgrader fetch_feedback: an HTML file with their score and
   not a line of the hidden tests.

Needs root (it creates users), bubblewrap and Chromium; it fails, never
skips, without them. The exchange and the homes live in a folder of their own
under /tmp (pytest's tmp_path is private to root); the Python install is made
traversable for the students while the test runs (it sits under /root on some
machines) and restored afterwards. Logs and a screenshot: test-output/.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import CHROMIUM_ARGS, OUTPUT, REPO, TEST_SECRET, UNIX_USERS, chromium_path, let_others_traverse
from workbook.authoring import demo
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import feedback as fb
from workbook.grading import gradebook, sandbox

pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.browser]

A = "00_orientation"
NB = f"{A}.ipynb"
COURSE_ID = "daon-ml-exchange-test"
STUDENTS = ["wbstu1", "wbstu2", "wbstu3"]     # solutions, untouched release, half
MANUAL = "q4_hidden_tests"                     # the written answer of 00_orientation
MANUAL_SCORE = 1.5
USER_COMMENT = "workbook tests/test_exchange.py"   # marks the accounts this test made (and removes)
BIN = Path(sys.executable).parent
# what a student's shell would have: no variable of the instructor's session
STUDENT_PATH = f"{BIN}:/usr/local/bin:/usr/bin:/bin"


# ------------------------------------------------------------ helpers
def _log(name: str, proc: subprocess.CompletedProcess, cmd: list[str]) -> str:
    out = f"$ {' '.join(cmd)}\n[exit {proc.returncode}]\n{proc.stdout}{proc.stderr}\n"
    with open(OUTPUT / "exchange.log", "a") as f:
        f.write(f"--- {name}\n{out}")
    return out




class Hub:
    """A hub on this machine: the shared part (the exchange and the
    students' homes, in a folder every account reaches) and the instructor's
    private course folder."""

    def __init__(self, base: Path, root: Path):
        self.base, self.root = base, root
        self.exchange = base / "exchange"
        self.instructor_home = base / "instructor"
        self.created: list[str] = []

    def home(self, user: str) -> Path:
        return self.base / "home" / user

    # the instructor, root in the course folder (as the grader account on a hub)
    def instructor_env(self) -> dict:
        env = course.tool_env({"HOME": str(self.instructor_home)})
        for k in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_PATH",
                  "JUPYTERHUB_USER"):
            env.pop(k, None)
        return env

    def instructor(self, *cmd: str, timeout: float = 600) -> str:
        cmd = list(cmd)
        proc = subprocess.run(cmd, cwd=self.root, env=self.instructor_env(), capture_output=True, text=True,
                              timeout=timeout)
        out = _log("instructor", proc, cmd)
        assert proc.returncode == 0, out[-4000:]
        return out

    # a student, as their own Unix account, in their home folder
    def student(self, user: str, *cmd: str, stdin: str | None = None, timeout: float = 300) -> str:
        home = self.home(user)
        env = {"HOME": str(home), "USER": user, "LOGNAME": user, "PATH": STUDENT_PATH, "LANG": "C.UTF-8",
               "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        full = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--", *cmd]
        proc = subprocess.run(full, cwd=home, env=env, input=stdin, capture_output=True, text=True,
                              timeout=timeout)
        out = _log(user, proc, full)
        assert proc.returncode == 0, out[-4000:]
        return out

    def add_user(self, user: str) -> None:
        import pwd
        home = self.home(user)
        try:
            ours = pwd.getpwnam(user).pw_gecos == USER_COMMENT   # left over by an interrupted run
        except KeyError:
            subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/usr/sbin/nologin",
                            "--comment", USER_COMMENT, "--user-group", user], check=True, capture_output=True)
            ours = True
        if ours:
            self.created.append(user)
        home.mkdir(parents=True)
        (home / ".jupyter").mkdir()
        # the per-user configuration (on a hub: /etc/jupyter/nbgrader_config.py in the user image)
        (home / ".jupyter" / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.Exchange.root = {str(self.exchange)!r}\n")
        subprocess.run(["chown", "-R", f"{user}:{user}", str(home)], check=True)
        os.chmod(home, 0o700)

    def remove_users(self) -> list[str]:
        """userdel every account this test made; the errors."""
        errors = []
        for user in self.created:
            proc = subprocess.run(["userdel", user], capture_output=True, text=True)
            if proc.returncode != 0:
                errors.append(f"userdel {user}: exit {proc.returncode} {proc.stderr.strip()}")
        return errors


def _answers(root: Path, student: str, release_nb) -> object:
    src = nbm.read(root / "source" / A / NB)
    if student == "wbstu1":
        return nbm.make_submission(release_nb, nbm.solved_sources(src))
    if student == "wbstu3":
        return nbm.make_submission(release_nb, demo.partial_answers(root, A, A))
    return release_nb


def _grade_in_formgrader(hub: Hub, sid: str, expected_answer: str) -> None:
    """nbgrader's formgrader (the Jupyter server extension) on 127.0.0.1 with
    a token; in headless Chromium: the submission's page, a score typed into
    the manual cell's box, saved by the page itself (PUT /formgrader/api/grade/<id>)."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    from labserver import free_port
    port, token = free_port(), os.urandom(16).hex()
    log = open(OUTPUT / "exchange_formgrader.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root",
                               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                               f"--IdentityProvider.token={token}",
                               "--ServerApp.jpserver_extensions={'nbgrader.server_extensions.formgrader': True}"],
                              cwd=hub.root, env=hub.instructor_env(), stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    console: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.set_default_timeout(120_000)
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            base = f"http://127.0.0.1:{port}"
            # Log in with the token on a Jupyter URL first: the login cookie then has path "/". Given
            # on a formgrader page, the cookie gets that page's folder as its path (the formgrader's
            # handlers strip the base URL "/" to ""), so the page's own API calls would not be logged
            # in. On a hub the instructor arrives logged in; this is the same state.
            end = time.monotonic() + 180
            while True:
                if server.poll() is not None:
                    raise AssertionError(f"jupyter server exited ({server.returncode}):\n"
                                         + (OUTPUT / "exchange_formgrader.log").read_text()[-3000:])
                try:
                    if page.goto(f"{base}/api/status?token={token}").ok:
                        break
                except Exception:
                    pass
                if time.monotonic() > end:
                    raise AssertionError("the formgrader's server did not answer in 180 s")
                time.sleep(1)
            page.goto(f"{base}/formgrader/submissions/{sid}/")
            box = page.locator(f"input.score#{MANUAL}")
            box.wait_for()
            # the page's grade models (Backbone) are loaded; formgrader.loaded itself may stay false
            # offline: the page's init stops where it calls MathJax, which comes from a CDN
            page.wait_for_function("window.formgrader && formgrader.grades && formgrader.grades.loaded")
            # the student's written answer is on the page, next to the box
            # as the page renders it: markdown's backticks and stars are formatting, not text
            shown = re.sub(r"[`*]", "", expected_answer.splitlines()[0])
            page.get_by_text(shown[:60]).first.wait_for()
            box.scroll_into_view_if_needed()
            box.fill(str(MANUAL_SCORE))
            with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url
                                      and r.request.method == "PUT") as resp:
                box.press("Tab")   # the page saves on "change"
            assert resp.value.ok, f"saving the grade failed: HTTP {resp.value.status} {resp.value.text()[:300]}"
            saved = resp.value.json()
            assert saved["name"] == MANUAL and float(saved["manual_score"]) == MANUAL_SCORE, saved
            page.locator(".score-saved.glyphicon-ok").first.wait_for(state="attached")
            page.screenshot(path=str(OUTPUT / "exchange_formgrader.png"), full_page=True)
            browser.close()
    finally:
        (OUTPUT / "exchange_formgrader_console.log").write_text("\n".join(console) + "\n")
        try:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, 9)
            server.wait()
        log.close()


# ------------------------------------------------------------ the test
@UNIX_USERS
def test_release_fetch_submit_collect_grade_and_feedback_through_the_exchange(tmp_path):
    if os.getuid() != 0:
        pytest.fail("this test creates Unix users: run it as root (make test and CI do)", pytrace=False)
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    chromium_path()
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "exchange.log").write_text("")

    # the course (the instructor's, private) ...
    root = tmp_path / "course"
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    # ... and the part every account reaches: exchange, homes
    base = Path(tempfile.mkdtemp(prefix="wb-hub-"))
    os.chmod(base, 0o755)
    hub = Hub(base, root)
    hub.exchange.mkdir()
    os.chmod(hub.exchange, 0o777 | stat.S_ISVTX)          # nbgrader's docs: world-writable, sticky
    hub.instructor_home.mkdir()
    (base / "home").mkdir(mode=0o755)
    with open(root / "nbgrader_config.py", "a") as f:
        f.write(f"\n# the test's hub\nc.CourseDirectory.course_id = {COURSE_ID!r}\n"
                f"c.Exchange.root = {str(hub.exchange)!r}\n")
    assert course.Course.load(root).course_id == COURSE_ID
    restore_modes = let_others_traverse(Path(os.path.realpath(sys.executable)), Path(sys.prefix))
    try:
        for u in STUDENTS:
            hub.add_user(u)
        t0 = time.monotonic()

        # 1. release
        hub.instructor("nbgrader", "release_assignment", A)
        released = hub.exchange / COURSE_ID / "outbound" / A / NB
        assert released.is_file()
        assert stat.S_IMODE(hub.exchange.stat().st_mode) == 0o1777, "nbgrader changed the exchange's mode"

        # 2. every student fetches, answers, submits (as their own account)
        course_opt = ["--course", COURSE_ID]
        for u in STUDENTS:
            out = hub.student(u, "nbgrader", "list", *course_opt)
            assert A in out, out
            hub.student(u, "nbgrader", "fetch_assignment", A, *course_opt)
            mine = hub.home(u) / A / NB
            assert mine.is_file() and mine.stat().st_uid == _uid(u)
            assert (hub.home(u) / A / "hints.json").is_file()
            nb = _answers(root, u, nbm.read(mine))
            hub.student(u, str(BIN / "python"), "-c",
                        "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.stdin.read())",
                        str(mine), stdin=nbm.dumps(nb))
            hub.student(u, "nbgrader", "submit", A, *course_opt)
        inbound = sorted(p.name for p in (hub.exchange / COURSE_ID / "inbound").iterdir())
        assert [n.split("+")[0] for n in inbound] == STUDENTS, inbound

        # 3. collect and grade
        out = hub.instructor("nbgrader", "collect", A)
        assert "cheating attempt" not in out, out     # each submission is owned by the account it names
        for u in STUDENTS:
            assert (root / "submitted" / u / A / NB).is_file()
        out = hub.instructor(str(BIN / "workbook"), "--root", str(root), "autograde", A, "--jobs", "2",
                             timeout=1200)
        c = course.Course.load(root)
        cells = {u: gradebook.cell_scores(c, A, u) for u in STUDENTS}
        autos = [g for g in cells["wbstu1"] if g != MANUAL]
        assert autos and all(cells["wbstu1"][g][0] == cells["wbstu1"][g][1] > 0 for g in autos), cells["wbstu1"]
        assert cells["wbstu1"][MANUAL] == (None, 2.0), "the written answer waits for a person"
        assert gradebook.scores(c, A, "wbstu2")[0] == 0, cells["wbstu2"]
        full_auto = sum(cells["wbstu1"][g][1] for g in autos)
        partial = sum(cells["wbstu3"][g][0] or 0 for g in autos)
        assert 0 < partial < full_auto, cells["wbstu3"]

        # 4. the written answer, graded by a person in the formgrader
        with gradebook.connect(c) as gb:
            sid = gb.find_submission_notebook(A, A, "wbstu1").id
        written = nbm.solved_sources(nbm.read(root / "source" / A / NB))[MANUAL]
        _grade_in_formgrader(hub, sid, written)
        with gradebook.connect(c) as gb:
            g = gb.find_grade(MANUAL, A, A, "wbstu1")
            assert g.manual_score == MANUAL_SCORE and not g.needs_manual_grade
        assert gradebook.scores(c, A, "wbstu1") == (full_auto + MANUAL_SCORE, full_auto + 2.0)

        # 5. feedback: generated without hidden tests, released, fetched by each student
        hub.instructor(str(BIN / "workbook"), "--root", str(root), "feedback", A)
        hub.instructor("nbgrader", "release_feedback", A)
        secrets = fb.secret_lines(c, A)[A]
        assert secrets, "00_orientation has hidden tests to keep secret"
        for u in STUDENTS:
            hub.student(u, "nbgrader", "fetch_feedback", A, *course_opt)
            files = list((hub.home(u) / A / "feedback").glob(f"*/{A}.html"))
            assert len(files) == 1, f"{u}: {files}"
            html = files[0].read_text(encoding="utf-8")
            for marker in ("BEGIN HIDDEN", "END HIDDEN", "hidden_rng"):
                assert marker not in html, f"{u}'s feedback shows {marker!r}"
            shown = {line.strip() for line in fb.html_text(files[0]).splitlines()}
            leaked = (secrets & shown) - fb.own_lines(c, u, A, A)
            assert not leaked, f"{u}'s feedback shows hidden test lines: {sorted(leaked)[:3]}"
            # the first score on the page is the notebook's total, as the gradebook has it
            score, total = gradebook.scores(c, A, u)
            shown_scores = re.findall(r"Score: ([\d.]+) / ([\d.]+)", " ".join(fb.html_text(files[0]).split()))
            assert shown_scores and tuple(map(float, shown_scores[0])) == (score, total), \
                f"{u}: the gradebook says {score} / {total}, the feedback {shown_scores[:1]}"
        print(f"\nexchange round trip (release -> fetch_feedback, 3 students): {time.monotonic() - t0:.0f} s")
    finally:
        errors = hub.remove_users()
        restore_modes()
        shutil.rmtree(base, ignore_errors=True)
    assert not errors, errors
    assert all(subprocess.run(["id", u], capture_output=True).returncode != 0 for u in hub.created)


def _uid(user: str) -> int:
    import pwd
    return pwd.getpwnam(user).pw_uid
