"""Tests of the grader's own parts: sandbox set-up, tamper detection, safe
feedback and the report. The fast ones run no notebook; the ones marked
slow grade the demo class of 00_orientation or start a sandboxed kernel."""
from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import nbformat
import pytest

from conftest import load_answers
from workbook.authoring import demo
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import feedback, integrity, report, sandbox
from workbook.grading import runner as grader

REPO = Path(__file__).resolve().parent.parent
A = "00_orientation"


# ------------------------------------------------------------------ sandbox
def test_parse_size():
    assert sandbox.parse_size("2G") == 2 * 2**30
    assert sandbox.parse_size("512m") == 512 * 2**20
    assert sandbox.parse_size("1.5GiB") == int(1.5 * 2**30)
    assert sandbox.parse_size(1000) == 1000
    with pytest.raises(ValueError, match="2G or 512M"):
        sandbox.parse_size("lots")


def test_sandbox_sees_no_course_folder_nor_home():
    roots = sandbox.read_only_roots()
    assert str(REPO) not in roots and "/root" not in roots and "/" not in roots
    assert str(REPO / "workbook") in roots or any(str(REPO / "workbook").startswith(r + "/") for r in roots)
    args = sandbox.bwrap_args("/course/autograded/s/a", "/dev/shm/x/conn", 2**30, "/tmp/cache")
    binds = {args[i + 2]: args[i + 1] for i, a in enumerate(args) if a in ("--bind", "--ro-bind")}   # where: what
    for forbidden in (str(REPO), str(REPO / "source"), "/root", "/etc"):
        assert forbidden not in binds.values()
    for forbidden in (str(REPO), str(REPO / "source"), "/root"):
        assert forbidden not in binds
    # /etc: the copies of the files it lists (sandbox.etc_view), never the host's
    assert binds.get("/etc") in (None, sandbox.etc_view())
    assert "--unshare-net" in args and "--unshare-pid" in args and "--die-with-parent" in args
    # ipykernel must not poll its parent (bwrap is PID 1 in the sandbox); the host's data folder stays out
    assert args[args.index("--setenv") + 1: args.index("--setenv") + 3] == ["JPY_PARENT_PID", "1"]
    assert args[args.index("--unsetenv") + 1] == "WORKBOOK_DATA"
    i = args.index("/course/autograded/s/a")   # the notebook's folder: read-only, copied in by the sandbox
    assert args[i - 1] == "--ro-bind" and args[i + 1] == sandbox.SEED + "/work"
    writable = [args[i + 1] for i, a in enumerate(args) if a == "--bind"]
    assert writable == []      # no host folder is writable: the connection file is read-only, the sockets'
    assert binds["/dev/shm/x/conn"] == "/dev/shm/x/conn"      # folder a tmpfs of the sandbox's own
    assert args[args.index("/dev/shm/x/conn") - 1] == "--ro-bind"
    tmpfs = {args[i + 1]: args[i - 1] for i, a in enumerate(args) if a == "--tmpfs"}
    assert tmpfs == {"/tmp": str(2**30), "/dev/shm": str(64 << 20)}     # each with its size
    assert args.index("--remount-ro", args.index("/dev/shm")) < args.index("--cap-drop")   # /dev read-only
    assert args[args.index("--remount-ro", args.index("/dev/shm")) + 1] == "/dev"


def test_missing_bwrap_refuses_with_install_hint(monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    with pytest.raises(grader.GraderError, match="apt-get install bubblewrap"):
        grader.check_sandbox(grader.Options(sandbox=True), log=lambda *a: None)


def test_no_sandbox_warns_and_says_so_to_nbgrader(monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    said = []
    opts = grader.Options(sandbox=False)
    grader.check_sandbox(opts, log=said.append)
    assert any("sandbox is off" in s for s in said)
    assert "--TrustedExecute.sandbox=False" in opts.traitlets()


def test_bad_memory_size_is_a_clear_error():
    if sandbox.bwrap_path() is None:
        pytest.fail("bubblewrap (bwrap) is missing: apt-get install bubblewrap (.ci/run does)")
    with pytest.raises(grader.GraderError, match="memory size"):
        grader.check_sandbox(grader.Options(memory="plenty"), log=lambda *a: None)


def test_trusted_execute_chooses_the_sandbox_by_its_own_setting():
    """nbgrader's Execute fixes its kernel manager as a keyword; the course's
    TrustedExecute (a subclass named in the preprocessor list) chooses it
    from its `sandbox` setting, without replacing any nbgrader method."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets.config import Config

    from workbook.grading.execute import TrustedExecute
    from workbook.grading.sandbox import SandboxKernelManager
    assert TrustedExecute().kernel_manager_class is SandboxKernelManager
    c = Config()
    c.TrustedExecute.sandbox = False
    assert TrustedExecute(config=c).kernel_manager_class is AsyncKernelManager


def test_nothing_replaces_an_nbgrader_or_nbclient_method():
    """Extend, don't patch: importing every workbook module leaves nbgrader's,
    nbconvert's and nbclient's classes as they were."""
    import importlib
    import pkgutil

    import nbclient.client
    import nbconvert.preprocessors.execute
    import nbgrader.preprocessors as pre

    import workbook
    classes = [nbclient.client.NotebookClient, nbconvert.preprocessors.execute.ExecutePreprocessor,
               *(getattr(pre, n) for n in dir(pre) if isinstance(getattr(pre, n), type))]
    before = {(c, k): v for c in classes for k, v in vars(c).items()}
    for m in pkgutil.walk_packages(workbook.__path__, "workbook."):
        if m.name.endswith("__main__"):
            continue
        importlib.import_module(m.name)
    after = {(c, k): v for c in classes for k, v in vars(c).items()}
    assert before == after


# ------------------------------------------------------- tamper detection
def _release():
    return nbm.read(REPO / "release" / A / f"{A}.ipynb")


def _tests(nb):
    return [c for c in nb.cells if nbm.meta(c).get("grade_id", "").startswith("test_")]


def test_untouched_submissions_are_not_flagged():
    rel = _release()
    src = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    full = nbm.make_submission(rel, nbm.solved_sources(src))
    assert integrity.compare_cells(rel, rel, A) == []
    assert integrity.compare_cells(rel, full, A) == []
    assert integrity.student_code_flags(rel, full, A) == []


@pytest.mark.parametrize("assignment", course.assignments(REPO))
def test_no_false_flags_on_solutions_and_answer_files(assignment):
    """The scan of students' code flags none of the instructor's solutions,
    nor any alternative or wrong answer in the exercises files."""
    written = set()  # answers in markdown cells are prose: the scan reads code cells only
    for p in course.notebooks(REPO, assignment):
        nb = nbm.read(p)
        written |= {nbm.meta(c).get("grade_id") for c in nb.cells if c.cell_type == "markdown"}
        for gid, code in nbm.solved_sources(nb).items():
            if gid not in written:
                assert integrity.scan_code(code) == [], (gid, code)
    for gid, spec in load_answers(REPO, assignment).items():
        for code in spec.get("alternatives", []) + spec.get("wrong", []):
            code = code["code"] if isinstance(code, dict) else code
            assert integrity.scan_code(code) == [], (gid, code)


def test_cell_tampering_is_flagged():
    rel = _release()
    nb = copy.deepcopy(rel)
    t1, t2, t3, *_ = _tests(nb)
    t1.source = "pass"
    t2.metadata["nbgrader"]["points"] = 99
    t3.cell_type = "markdown"
    nb.cells.append(copy.deepcopy(t1))
    flags = " | ".join(map(str, integrity.compare_cells(rel, nb, A)))
    assert "test_q1_format_metric: edited" in flags and "duplicated" in flags
    assert "points changed in metadata from 3 to 99" in flags and "retyped from code to markdown" in flags
    nb.cells = [c for c in nb.cells if nbm.meta(c).get("grade_id") != "setup"]
    assert "setup: deleted" in " | ".join(map(str, integrity.compare_cells(rel, nb, A)))


@pytest.mark.parametrize("code,why", [
    ("import workbook.checks as wc\nwc.check_equal = lambda *a, **k: None", "workbook package"),
    ("from workbook import checks\nsetattr(checks, 'same', print)", "workbook package"),
    ("def check_cases(*a, **k):\n    pass", "check helper check_cases"),
    ("class X:\n    def __eq__(self, o):\n        return True", "always returns True"),
    ("import os\nos._exit(0)", "stop the kernel"),
    ("import socket\nsocket.create_connection(('x', 1))", "network"),
    ("open('../../../gradebook.db').read()", "course files"),
    ("import sys\nsys.modules['workbook.checks'] = None", "sys.modules"),
    ("import os as o\no._exit(0)", "stop the kernel"),                      # an alias
    ("from os import kill\nkill(1, 9)", "stop the kernel"),                # a name imported from the module
    ("import sys\ngetattr(sys, 'modules')['x'] = None", "sys.modules"),    # getattr with a constant name
    (" import socket\n socket.socket()", "network"),                       # a cell IPython dedents
    ("%%bash\ncat ../../gradebook.db", "course files"),                    # a cell magic's body
    ("run = exec\nrun('1')", "dynamically built code"),                   # exec under another name
    ("setattr(f, '__code__', g.__code__)", "rewrites functions"),
])
def test_scan_code_flags(code, why):  # informational: grades do not depend on these
    assert any(why in r for r in integrity.scan_code(code)), integrity.scan_code(code)
    # a change of builtins or of IPython's machinery is a fact the judge's guard sees (tests/security/
    # attacks_process.py), not a pattern of the cell's text


def test_hooks_are_no_longer_read_from_the_cells_text():
    for code in ("get_ipython().showtraceback = print", "import builtins\nbuiltins.compile = print"):
        assert integrity.scan_code(code) == [], code


@pytest.mark.parametrize("code", [
    'manifest = """\nresources:\n  requests:\n    cpu: 100m\n"""',   # 07's Kubernetes manifest
    "# import socket would reach the network\nx = 1",
    "print('use requests or urllib for that')",
    "def f(\n",                                                      # does not parse: IPython runs none of it
])
def test_the_scan_reads_code_not_words_in_strings_or_comments(code):
    assert integrity.scan_code(code) == [], code


# ---------------------------------------------------------------- feedback
def test_feedback_preprocessors_are_nbgraders_and_nbconverts_own():
    """Feedback is nbgrader's ClearHiddenTests and nbconvert's SanitizeHTML
    in GenerateFeedback's list: a student's script cannot run in the reader's
    browser, and no hidden test is shown."""
    from traitlets.utils.importstring import import_item
    for name in feedback.PREPROCESSORS:
        import_item(name)
    cfg = course.Course.load(REPO)
    assert cfg.setting("GenerateFeedback", "preprocessors") == feedback.PREPROCESSORS
    from nbconvert.preprocessors.sanitize import SanitizeHTML
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("<script>alert(1)</script><b>ok</b>"),
                                         nbformat.v4.new_code_cell("x")])
    nb.cells[1].outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": "<img src=x onerror=alert(1)><script>alert(2)</script>",
        "application/javascript": "alert(3)", "image/svg+xml": "<svg onload=alert(4)></svg>",
        "text/plain": "fine"})]
    out, _ = SanitizeHTML().preprocess(nb, {})
    text = json.dumps(out)
    assert not re.search(r"<(script|img|svg)", text) and "alert(3)" not in text and "image/svg" not in text
    assert "fine" in text and "<b>ok</b>" in text  # harmless markup stays


def test_report_plot(tmp_path):
    rep = report.Report("a", tmp_path / "g.csv", tmp_path / "s.png", tmp_path / "f.json",
                        rows=[report.Row("x", "graded", total=1.0, cells={"test_q1": 1.0, "test_q2": 0.0}),
                              report.Row("y", "failed", "not valid JSON")],
                        max_score=8.0, max_auto=8.0, pass_rates={"test_q1": 1.0, "test_q2": 0.0},
                        cells=[("test_q1", "code", 4.0), ("test_q2", "code", 4.0)])
    report.plot(rep)
    report.write_csv(rep)
    assert rep.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = rep.csv.read_text().splitlines()
    assert rows[0].startswith("student,status,reason,total") and rows[2].startswith("y,failed,not valid JSON")


# -------------------------------------------------------------- slow parts
@pytest.mark.slow
@pytest.mark.sandbox
def test_sandboxed_kernel_environment(tmp_path):
    """What the other assignments need works inside the sandbox, and what
    must stay out does."""
    if sandbox.bwrap_path() is None:
        pytest.fail(sandbox.INSTALL_HINT, pytrace=False)
    from nbclient import NotebookClient
    work = tmp_path / "course" / "autograded" / "s" / "a"
    work.mkdir(parents=True)
    (work / "data.txt").write_text("hello\n")
    (tmp_path / "course" / "gradebook.db").write_text("secret")
    code = r'''
import os, socket, subprocess, json, pathlib
r = {}
r["cwd_files"] = sorted(os.listdir("."))
open("new.txt", "w").write("x")
r["course"] = os.path.exists("../../../gradebook.db")
r["root_home"] = os.path.exists("/root/.bashrc") or os.path.exists("/work/main/source")
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2); r["net"] = True
except OSError:
    r["net"] = False
sh = subprocess.run("echo a b | awk '{print $2}' | sed s/b/B/; printf 'x\\n' | xargs echo; "
                    "nohup true >/dev/null 2>&1; find . -maxdepth 1 -name data.txt | wc -l; bash -c 'echo $0'",
                    shell=True, capture_output=True, text=True)
r["shell"] = sh.stdout.split()
import matplotlib.pyplot as plt, matplotlib.font_manager as fm
plt.plot([1, 2]); plt.savefig("/tmp/p.png")
# matplotlib found the host's font list in its fresh MPLCONFIGDIR: no scan of the fonts (fc-list) in each kernel
r["font_scans"] = fm._get_fontconfig_fonts.cache_info().currsize
r["font_list"] = sorted(os.listdir(os.environ["MPLCONFIGDIR"]))
from workbook.data import cache_dir
from workbook.data.orientation import write_daily_orders
write_daily_orders(seed=0); write_daily_orders(seed=0)   # replaces a cached file: a private copy
r["cache"] = str(cache_dir())
r["home"] = os.environ["HOME"]
r["ppid_env"] = os.environ.get("JPY_PARENT_PID")
print(json.dumps(r))
'''
    from workbook.data import cache_dir
    from workbook.data.orientation import write_daily_orders
    host_file = write_daily_orders(seed=0)
    before = host_file.stat().st_mtime_ns
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(nb, timeout=120, kernel_name="python3", kernel_manager_class=sandbox.SandboxKernelManager,
                   resources={"metadata": {"path": str(work)}}).execute()
    assert host_file.stat().st_mtime_ns == before and host_file.parent == cache_dir()
    out = json.loads(nb.cells[0].outputs[-1]["text"].strip().splitlines()[-1])
    assert out["cwd_files"] == ["data.txt"]
    assert (work / "new.txt").read_text() == "x", "a file the notebook writes comes back next to it"
    assert out["course"] is False and out["root_home"] is False and out["net"] is False
    assert out["shell"] == ["B", "x", "1", "bash"]
    assert out["cache"].startswith("/tmp/") and out["home"].startswith("/tmp/") and out["ppid_env"] == "1"
    host_list = sandbox.matplotlib_font_list(str(cache_dir()))
    assert host_list and os.path.basename(host_list) in out["font_list"]
    assert out["font_scans"] == 0, "matplotlib scanned the fonts again in the sandbox"


@pytest.mark.slow
@pytest.mark.sandbox
def test_demo_class_feedback_and_report(tmp_course):
    """On the demo class: feedback shows failed tests and their messages but
    no hidden test and no reference solution; the report writes grades.csv,
    the PNG and lists the broken submission. The course's configuration here
    forgets to ignore the translation catalogues: they still never reach a
    student's autograded folder (nor the kernel's sandbox, which gets a copy
    of it), since they hold the hidden tests' messages."""
    config = tmp_course / "nbgrader_config.py"
    text = config.read_text()
    assert '"*.po", "*.pot",' in text
    config.write_text(text.replace('"*.po", "*.pot",', ""))
    demo.make_class(tmp_course, [A])
    results = {r.student: r for r in grader.autograde(tmp_course, A, jobs=2, force=True, progress=False,
                                                     log=lambda *a: None)}
    assert results["demo_full"].status == "graded" and results["demo_broken"].status == "failed"
    assert list((tmp_course / "source" / A / "locale").rglob("*.po"))
    assert not list((tmp_course / "autograded").rglob("*.po*")), "a catalogue reached autograded/"
    # some students (`workbook feedback A --student X --student Y`: nbgrader's --student takes one), then all
    assert feedback.generate(tmp_course, A, students=["demo_partial", "demo_blank"]) == 2
    assert sorted(p.parent.parent.name for p in (tmp_course / "feedback").glob(f"*/{A}/*.html")) == \
        ["demo_blank", "demo_partial"]
    n = feedback.generate(tmp_course, A)
    assert n == 3
    src = nbm.read(tmp_course / "source" / A / f"{A}.ipynb")
    hidden = [line.strip() for c in src.cells for line in nbm.hidden_lines(c.source) if len(line.strip()) > 12]
    hidden = [h for h in hidden if not any(h == v.strip() for c in src.cells for v in nbm.visible_part(c.source).splitlines())]
    solutions = [line.strip() for c in src.cells for line in nbm.solution_lines(c.source) if len(line.strip()) > 20]
    assert hidden and solutions
    for student in ("demo_full", "demo_partial", "demo_blank"):
        text = feedback.html_text(tmp_course / "feedback" / student / A / f"{A}.html")
        lines = {line.strip() for line in text.splitlines()}
        assert not [h for h in hidden if h in lines], student
        own = {line.strip() for c in nbm.read(tmp_course / "submitted" / student / A / f"{A}.ipynb").cells
               for line in c.source.splitlines()}
        assert not [s for s in solutions if s in lines and s not in own], student  # only what they wrote
    partial = feedback.html_text(tmp_course / "feedback" / "demo_partial" / A / f"{A}.html")
    assert re.search(r"✘ q\d: ", partial)
    rep = report.build(tmp_course, A)
    assert rep.csv.read_text().startswith("student,status,")
    assert rep.png.stat().st_size > 1000
    assert "demo_broken" in rep.flagged and "not valid JSON" in rep.flagged["demo_broken"][0]
    statuses = {r.student: r.status for r in rep.rows}
    assert statuses == {"demo_full": "graded", "demo_partial": "graded", "demo_blank": "graded",
                        "demo_broken": "failed"}


def test_validate_needs_no_sandbox():
    """Validate (the student's own check, in their own kernel) is nbgrader's
    plain Execute: no sandbox needed, nothing of the grader involved."""
    from jupyter_client.manager import AsyncKernelManager
    from nbgrader.preprocessors import Execute
    from nbgrader.validator import Validator
    from traitlets.config import Config
    cfg = course.Course.load(REPO).config
    assert Execute(parent=Validator(config=Config(cfg))).kernel_manager_class is AsyncKernelManager


def test_a_new_gradebook_is_the_one_nbgrader_makes(tmp_path):
    """The first new sqlite gradebook of a process is stamped with the
    migration head read in-process (nbgrader's Gradebook would run `alembic
    heads`); the later ones are copies of it: the same tables, migration
    head and course row as plain nbgrader's, and they work as nbgrader's."""
    import sqlite3
    import uuid

    from workbook.grading import gradebook
    course_id = f"copy-{uuid.uuid4().hex[:8]}"
    (tmp_path / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.course_id = {course_id!r}\n")
    c = course.Course.load(tmp_path)
    assert course_id not in gradebook._EMPTY
    made, copied = tmp_path / "made.db", tmp_path / "copied.db"
    with gradebook.connect(c, f"sqlite:///{made}"):
        pass
    assert course_id in gradebook._EMPTY
    with gradebook.connect(c, f"sqlite:///{copied}") as gb:
        gb.add_student("s1")
        assert [s.id for s in gb.students] == ["s1"]
        gb.remove_student("s1")

    def dump(p):
        with sqlite3.connect(p) as db:
            return list(db.iterdump())
    assert dump(made) == dump(copied)
    assert any("alembic_version" in line and "INSERT" in line for line in dump(made))
    from nbgrader.api import Gradebook, get_alembic_version
    plain = tmp_path / "plain.db"
    with gradebook._alembic_on_path():
        Gradebook(f"sqlite:///{plain}", course_id).close()      # nbgrader alone: `alembic heads` in a subprocess
        assert gradebook.migration_head() == get_alembic_version()
    assert dump(made) == dump(plain)
    assert any(course_id in line for line in dump(made))


@pytest.mark.parametrize("secret, why", [("short\n", "too short"), (None, "Is a directory")])
def test_a_bad_secret_file_stops_autograde_with_one_line_naming_it(tmp_path, capsys, secret, why):
    """A secret that is too short, or not a file, is the instructor's bad input: one line that names the
    file and why, no traceback, nothing graded."""
    from workbook import cli
    root = tmp_path / "course"
    course.copy_course(REPO, root, ["00_orientation"])
    path = root / ".workbook" / "secret"
    path.parent.mkdir()
    if secret is None:
        path.mkdir()
    else:
        path.write_text(secret)
    demo.make_class(root, ["00_orientation"])
    rc = cli.main(["--root", str(root), "autograde", "00_orientation", "--no-sandbox"])
    out, err = capsys.readouterr()
    assert rc != 0 and "Traceback" not in err + out, err
    assert f"error: {path}: " in err and why in err, err
    assert not (root / "autograded").exists()
