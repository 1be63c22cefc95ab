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

import contextlib
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

from conftest import (CHROMIUM_ARGS, OUTPUT, REPO, TEST_SECRET, UNIX_USERS, chromium_path, let_others_traverse,
                      process_tree)
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
            assert (hub.home(u) / A / ".hints.json").is_file()
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


# ------------------------------------------------------------ docs/jupyterhub.md, as written
GUIDE = REPO / "docs" / "jupyterhub.md"
GUIDE_COURSE = "daon-ml-workbook"      # the guide's course id (the course's nbgrader_config.py sets it)
GUIDE_STUDENTS = ["wbguide1", "wbguide2"]


def guide_blocks() -> dict[str, str]:
    """The guide's blocks marked ``<!-- tested: NAME -->``: name -> the block's text as written (an indented
    block dedented)."""
    import textwrap
    text = GUIDE.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"^([ \t]*)<!-- tested: (\S+) -->\n\1```\w*\n(.*?)^\1```", text, re.S | re.M):
        out[m.group(2)] = textwrap.dedent(m.group(3))
    return out


def _joined(script: str) -> list[str]:
    """A shell block's commands, one per entry (continuation lines joined, comments and blank lines left out)."""
    out, cur = [], ""
    for line in script.splitlines():
        if not cur and (not line.strip() or line.lstrip().startswith("#")):
            continue
        cur += line.rstrip("\\").rstrip() + " " if line.rstrip().endswith("\\") else line
        if not line.rstrip().endswith("\\"):
            out.append(cur)
            cur = ""
    return out


class GuideMachine:
    """The machine docs/jupyterhub.md describes, on this one: a private mount namespace (a process holds it)
    where /etc is an overlay (its users, /etc/jupyter and /etc/hosts are the namespace's alone), /home and /srv
    are empty tmpfs, and /home/instructor/course, /course and /shared/course are one course folder of this
    test. Every command of the guide runs there, as the account the guide says, with the paths it says."""

    def __init__(self, base: Path, course_dir: Path, env: dict):
        self.base, self.env = base, env
        self.made: list[Path] = []
        for top in ("/secrets", "/shared", "/course"):   # mount points of the guide's paths (empty, removed after)
            if not os.path.exists(top):
                os.mkdir(top, 0o755)
                self.made.append(Path(top))
        self.holder = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sleep", "infinity"])
        (base / "etc-up").mkdir()
        (base / "etc-work").mkdir()
        (base / "secrets").mkdir()
        time.sleep(0.2)
        self.root(f"""
            mount -t overlay overlay -o lowerdir=/etc,upperdir={base}/etc-up,workdir={base}/etc-work /etc
            mount -t tmpfs -o mode=755 tmpfs /home
            mount -t tmpfs -o mode=755 tmpfs /srv
            mkdir -p /home/instructor/course
            mount --bind {course_dir} /home/instructor/course
            mount --bind {course_dir} /course
            mount -t tmpfs -o mode=755 tmpfs /shared
            mkdir /shared/course
            mount --bind {course_dir} /shared/course
            mount --bind {base}/secrets /secrets
            printf '127.0.0.1 localhost dask-scheduler\\n::1 localhost\\n' > /etc/hosts
            """, name="the guide's machine")

    def _cmd(self, user: str | None, script: str, shell: tuple = ("bash", "-e")) -> list[str]:
        as_user = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--"] if user else []
        return ["nsenter", f"--target={self.holder.pid}", "--mount", "--", *as_user, *shell, "-c", script]

    def root(self, script: str, env: dict | None = None, name: str = "instructor", check: bool = True,
             timeout: float = 900, shell: tuple = ("bash", "-e")) -> subprocess.CompletedProcess:
        """``script`` as root (the grader's account), each line of it expected to succeed (``bash -e``), or as
        the guide's own ``shell`` runs it (``("/bin/sh",)``: a Job's or a Slurm array's script)."""
        full = self._cmd(None, script, shell)
        proc = subprocess.run(full, env=env or self.env, capture_output=True, text=True, timeout=timeout)
        out = _log(name, proc, full)
        assert proc.returncode == 0 or not check, out[-4000:]
        return proc

    def student(self, user: str, script: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        env = {"HOME": f"/home/{user}", "USER": user, "LOGNAME": user, "PATH": STUDENT_PATH, "LANG": "C.UTF-8",
               "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        full = self._cmd(user, "cd ~\n" + script)
        proc = subprocess.run(full, env=env, input=stdin, capture_output=True, text=True, timeout=300)
        out = _log(user, proc, full)
        assert proc.returncode == 0, out[-4000:]
        return proc

    def background(self, script: str, cwd: str) -> subprocess.Popen:
        log = open(OUTPUT / "guide_daemons.log", "a")
        return subprocess.Popen(self._cmd(None, f"cd {cwd}\nexec {script}"), env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def close(self) -> None:
        self.holder.kill()
        self.holder.wait()
        for top in self.made:
            try:
                os.rmdir(top)
            except OSError:
                pass


@UNIX_USERS
def test_the_jupyterhub_guide_runs_as_written(tmp_path):
    """docs/jupyterhub.md, its marked blocks run as they are written, on one machine made to look like the
    guide's (GuideMachine): the exchange and the system-wide and instructor's configurations, two students
    (Unix accounts) fetching, submitting and resubmitting, `workbook release` under the instructor's
    CourseDirectory.root (release/ byte for byte), the gradebook in PostgreSQL (GRADEBOOK_URL), grading
    locally, on a TLS Dask cluster with the guide's two CAs and roles (and the worker's certificate refused
    as a grader's), in the Slurm array's shards (and a Kubernetes Job pod's index past its SHARDS failing),
    merge, report, feedback fetched by each student; every exit code the one the guide documents. Not covered:
    Kubernetes itself (the Job's YAML, the chart, network policies; its shard script runs as a pod would)."""
    if os.getuid() != 0:
        pytest.fail("this test creates Unix users and mounts: run it as root (make test and CI do)", pytrace=False)
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    import resource
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "exchange.log").write_text("")
    blocks = guide_blocks()
    assert set(blocks) >= {"exchange", "system-config", "instructor-config", "instructor-release", "student-submit",
                           "instructor-grade", "instructor-feedback", "student-feedback", "gradebook-url",
                           "dask-grader", "dask-certificates", "dask-cluster", "shard-job", "merge",
                           "shard-slurm"}, sorted(blocks)
    base = Path(tempfile.mkdtemp(prefix="wb-guide-"))
    os.chmod(base, 0o755)
    course_dir = base / "course"
    course.copy_course(REPO, course_dir, [A])                    # "a clone of this repository"
    with open(course_dir / "nbgrader_config.py", "a") as f:
        f.write("\n" + blocks["gradebook-url"])                  # the gradebook's password from the environment
    restore_modes = let_others_traverse(Path(os.path.realpath(sys.executable)), Path(sys.prefix))
    daemons: list[subprocess.Popen] = []
    machine = None
    from conftest import postgres
    try:
        with postgres() as (url, _):
            env = course.tool_env({"HOME": "/home/instructor", "GRADEBOOK_URL": url})
            for k in ("JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                      "JUPYTER_PATH", "JUPYTERHUB_USER"):
                env.pop(k, None)
            machine = GuideMachine(base, course_dir, env)
            # the exchange, the configurations (as files where the guide puts them), the students' accounts
            machine.root("sudo() { \"$@\"; }\n" + blocks["exchange"])
            machine.root("mkdir -p /etc/jupyter /home/instructor/.jupyter\n"
                         f"cat > /etc/jupyter/nbgrader_config.py <<'EOF'\n{blocks['system-config']}EOF\n"
                         f"cat > /home/instructor/.jupyter/nbgrader_config.py <<'EOF'\n{blocks['instructor-config']}EOF\n")
            for u in GUIDE_STUDENTS:
                machine.root(f"useradd --create-home --home-dir /home/{u} --shell /bin/sh --user-group {u}")

            # one assignment, command by command
            before = {p: (REPO / p).read_bytes() for p in (f"release/{A}/{NB}", f"release/{A}/.hints.json")}
            machine.root(blocks["instructor-release"])
            for p, data in before.items():
                assert (course_dir / p).read_bytes() == data, f"{p} is not what the repository commits"
            fetch, submit = blocks["student-submit"].split("nbgrader submit", 1)
            submit = "nbgrader submit" + submit
            src = nbm.read(course_dir / "source" / A / NB)

            def answer(u: str, solved: bool) -> None:
                mine = f"/home/{u}/{A}/{NB}"
                rel = nbm.read(course_dir / "release" / A / NB)
                nb = nbm.make_submission(rel, nbm.solved_sources(src)) if solved else rel
                machine.student(u, f"cat > {mine}", stdin=nbm.dumps(nb))
            for u, solved in zip(GUIDE_STUDENTS, (True, False)):
                proc = machine.student(u, fetch)
                assert f"{GUIDE_COURSE} {A}" in proc.stderr, proc.stderr   # nbgrader list: released
                answer(u, solved)
                machine.student(u, submit)
            machine.root("cd /home/instructor/course\n" + blocks["instructor-grade"])
            c = course.Course.load(course_dir, [f"--CourseDirectory.db_url={url}"])
            full = gradebook.scores(c, A, GUIDE_STUDENTS[0])
            assert full[0] > 0 and gradebook.scores(c, A, GUIDE_STUDENTS[1])[0] == 0
            assert not (course_dir / "gradebook.db").exists(), "the gradebook is PostgreSQL's"
            machine.root("cd /home/instructor/course\n" + blocks["instructor-feedback"])
            secrets = fb.secret_lines(c, A)[A]
            for u in GUIDE_STUDENTS:
                machine.student(u, blocks["student-feedback"])
                html = machine.student(u, f"cat ~/{A}/feedback/*/{A}.html").stdout
                assert "Score:" in html and not any(line in html for line in secrets if len(line) > 20), u

            # grading on a Dask cluster: the guide's CAs, certificates, scheduler and worker
            machine.root("mkdir -p /secrets/dask && cd /secrets/dask\n" + blocks["dask-certificates"])
            for command in _joined(blocks["dask-cluster"]):
                daemons.append(machine.background(command, "/secrets/dask"))
            d = base / "secrets" / "dask"
            deadline = time.monotonic() + 120
            while True:   # the worker has joined
                probe = subprocess.run([sys.executable, "-c", (
                    "from distributed import Client; from distributed.security import Security\n"
                    f"s = Security(tls_ca_file='{d}/cluster-ca.pem', tls_client_cert='{d}/grader.pem', "
                    f"tls_client_key='{d}/grader.key', require_encryption=True)\n"
                    "c = Client('tls://127.0.0.1:8786', security=s, timeout=5)\n"
                    "print(len(c.scheduler_info()['workers']))")], capture_output=True, text=True, env=env)
                if probe.returncode == 0 and probe.stdout.strip() not in ("", "0"):
                    break
                assert time.monotonic() < deadline, probe.stderr[-2000:]
                assert all(p.poll() is None for p in daemons), (OUTPUT / "guide_daemons.log").read_text()[-3000:]
                time.sleep(2)
            answer(GUIDE_STUDENTS[1], True)                      # a resubmission, collected again
            machine.student(GUIDE_STUDENTS[1], submit)
            machine.root(f"cd /home/instructor/course\nnbgrader collect --update {A}")
            machine.root("cd /home/instructor/course\n" + blocks["dask-grader"])
            assert gradebook.scores(c, A, GUIDE_STUDENTS[1]) == full, "the resubmission graded on the cluster"
            worker_as_grader = blocks["dask-grader"].replace("grader.pem", "worker.pem").replace("grader.key",
                                                                                               "worker.key")
            proc = machine.root("cd /home/instructor/course\n" + worker_as_grader, check=False)
            errors = [line for line in proc.stderr.splitlines() if line.strip()
                      and not line.lower().startswith("warning")]
            assert proc.returncode == 2 and len(errors) == 1, proc.stderr[-3000:]
            assert "refuses this certificate as a grader's" in errors[0], errors

            # shards: the Slurm array's script for each index, a Job pod's script past its SHARDS, merge
            answer(GUIDE_STUDENTS[0], False)                     # wbguide1 hands in an empty notebook
            machine.student(GUIDE_STUDENTS[0], submit)
            machine.root(f"cd /home/instructor/course\nnbgrader collect --update {A}")
            pod = dict(env, HOME=str(base / "pod-home"))         # a compute node's account: none of the instructor's config
            (base / "pod-home").mkdir()
            for i in range(8):
                machine.root(blocks["shard-slurm"], env=dict(pod, SLURM_ARRAY_TASK_ID=str(i)), name=f"shard {i}",
                             shell=("/bin/sh",))
            job = re.search(r"args:\n\s*- \|\n(.*?)\n\s*resources:", blocks["shard-job"], re.S).group(1)
            job = textwrap_dedent(job)
            proc = machine.root(job, env=dict(pod, ASSIGNMENT=A, SHARDS="8", JOB_COMPLETION_INDEX="8"), check=False,
                                name="a Job pod past its SHARDS", shell=("/bin/sh",))
            assert proc.returncode == 2 and "--shard" in proc.stderr, "a pod whose index is not a shard must fail"
            for _ in range(2):   # merged again: the same exit code
                machine.root(blocks["merge"])
            assert gradebook.scores(c, A, GUIDE_STUDENTS[0])[0] == 0, "the empty resubmission, merged"
            assert gradebook.scores(c, A, GUIDE_STUDENTS[1]) == full
        # the cluster stopped as a node is stopped (kill -9): its workers' task and judge folders (the secret,
        # hidden tests, hidden-seed data) go with them
        pids = [q for p in daemons for q in [p.pid, *process_tree(p.pid)]]
        for p in daemons:
            os.killpg(p.pid, 9)
            p.wait()
        deadline = time.monotonic() + 20
        while (left := [str(d) for q in pids for base in ("/dev/shm", "/tmp") for d in
                        Path(base).glob(f"wb-task-{q}-*")]) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert left == [], f"left by the killed Dask workers: {left}"
        daemons.clear()
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"\nthe guide as written: {cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime:.0f} s of CPU")
    finally:
        for p in daemons:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, 9)
            p.wait()
        if machine is not None:
            machine.close()
        restore_modes()
        shutil.rmtree(base, ignore_errors=True)


def textwrap_dedent(text: str) -> str:
    import textwrap
    return textwrap.dedent(text) + "\n"
