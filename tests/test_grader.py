"""Tests of the grader's own parts: sandbox set-up, tamper detection, safe
feedback and the report. The fast ones run no notebook; the ones marked
slow grade the demo class of 00_orientation or start a sandboxed kernel."""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from workbook import course, demo, feedback, grader, integrity, report, sandbox
from workbook import nb as nbm

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
    args = sandbox.bwrap_args("/tmp/x/work", "/course/autograded/s/a", "/tmp/x/ipc")
    binds = [args[i + 2] for i, a in enumerate(args) if a in ("--bind", "--ro-bind")]
    for forbidden in (str(REPO), str(REPO / "source"), "/root", "/etc"):
        assert forbidden not in binds
    assert "--unshare-net" in args and "--unshare-pid" in args and "--die-with-parent" in args
    assert args[args.index("--unsetenv") + 1] == "JPY_PARENT_PID"
    i = args.index("/tmp/x/work")
    assert args[i - 1] == "--bind" and args[i + 1] == "/course/autograded/s/a"


def test_missing_bwrap_refuses_with_install_hint(monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    monkeypatch.delenv("WORKBOOK_SANDBOX", raising=False)
    with pytest.raises(grader.GraderError, match="apt-get install bubblewrap"):
        grader.sandbox_env(None, None, None, log=lambda *a: None)


def test_no_sandbox_warns(monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    said = []
    env = grader.sandbox_env(False, None, None, log=said.append)
    assert env == {"WORKBOOK_SANDBOX": "0"}
    assert any("sandbox is disabled" in s for s in said)


def test_bad_memory_size_is_a_clear_error():
    if sandbox.bwrap_path() is None:
        pytest.fail("bubblewrap (bwrap) is missing: apt-get install bubblewrap (.ci/run does)")
    with pytest.raises(grader.GraderError, match="memory size"):
        grader.sandbox_env(None, "plenty", None, log=lambda *a: None)


def test_execute_honours_the_configured_kernel_manager():
    from nbgrader.preprocessors import Execute
    from traitlets.config import Config
    sandbox.install()
    c = Config()
    c.Execute.kernel_manager_class = "workbook.sandbox.SandboxKernelManager"
    assert Execute(config=c).kernel_manager_class is sandbox.SandboxKernelManager


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
    nor any alternative or wrong answer in tests/answers/."""
    for p in course.notebooks(REPO, assignment):
        for gid, code in nbm.solved_sources(nbm.read(p)).items():
            assert integrity.scan_code(code) == [], (gid, code)
    for gid, spec in demo.load_answers(REPO, assignment).items():
        for code in spec.get("alternatives", []) + spec.get("wrong", []):
            assert integrity.scan_code(code) == [], (gid, code)


def test_cell_tampering_is_flagged():
    rel = _release()
    nb = copy.deepcopy(rel)
    t1, t2, t3 = _tests(nb)
    t1.source = "pass"
    t2.metadata["nbgrader"]["points"] = 99
    t3.cell_type = "markdown"
    nb.cells.append(copy.deepcopy(t1))
    flags = " | ".join(integrity.compare_cells(rel, nb, A))
    assert "test_q1_format_metric edited" in flags and "duplicated" in flags
    assert "points changed in metadata from 3 to 99" in flags and "retyped from code to markdown" in flags
    nb.cells = [c for c in nb.cells if nbm.meta(c).get("grade_id") != "setup"]
    assert "cell setup deleted" in " | ".join(integrity.compare_cells(rel, nb, A))


@pytest.mark.parametrize("code,why", [
    ("import workbook.checks as wc\nwc.check_equal = lambda *a, **k: None", "workbook package"),
    ("from workbook import checks\nsetattr(checks, 'same', print)", "workbook package"),
    ("def check_cases(*a, **k):\n    pass", "check helper check_cases"),
    ("class X:\n    def __eq__(self, o):\n        return True", "always returns True"),
    ("get_ipython().showtraceback = print", "IPython kernel"),
    ("import os\nos._exit(0)", "stop the kernel"),
    ("get_ipython().input_transformers_cleanup.append(lambda l: [])", "IPython kernel"),
    ("import socket\nsocket.create_connection(('x', 1))", "network"),
    ("open('../../../gradebook.db').read()", "course files"),
    ("import sys\nsys.modules['workbook.checks'] = None", "sys.modules"),
])
def test_scan_code_flags(code, why):
    assert any(why in r for r in integrity.scan_code(code)), integrity.scan_code(code)


# ---------------------------------------------------------------- feedback
HIDDEN_SRC = """from workbook.checks import check_equal
check_equal("q1", f(1), 2)
### BEGIN HIDDEN TESTS
reference = sorted(data)[::-1]  # the reference solution
check_equal("q1", f(7), reference)
### END HIDDEN TESTS
"""


def _test_cell(source, outputs):
    c = nbformat.v4.new_code_cell(source)
    c.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": "test_q1",
                              "points": 1, "schema_version": 3}
    c.outputs = outputs
    return c


def test_feedback_removes_hidden_tests_and_quoting_frames():
    err = nbformat.v4.new_output("error", ename="CheckFailed", evalue="q1: wrong value\n  expected: 3",
                                 traceback=["\x1b[0;31m---------\x1b[0m",
                                            "Cell In[5], line 5\n\x1b[0;32m----> 5\x1b[0m check_equal(\"q1\", f(7), reference)",
                                            "\x1b[0;31mCheckFailed\x1b[0m: q1: wrong value\n  expected: 3"])
    res = nbformat.v4.new_output("execute_result", data={"text/plain": "[3, 2, 1]"}, execution_count=5)
    nb = nbformat.v4.new_notebook(cells=[_test_cell(HIDDEN_SRC, [err, res])])
    out = feedback.sanitize_notebook(nb)
    cell = out.cells[0]
    assert "reference" not in cell.source and "f(7)" not in cell.source
    assert feedback.HIDDEN_NOTE in cell.source and 'check_equal("q1", f(1), 2)' in cell.source
    text = json.dumps(cell.outputs)
    assert "f(7)" not in text and "[3, 2, 1]" not in text
    assert cell.outputs[0]["ename"] == "CheckFailed" and "wrong value" in cell.outputs[0]["evalue"]
    assert any("CheckFailed" in t for t in cell.outputs[0]["traceback"])


def test_feedback_leaves_answer_cells_alone():
    c = nbformat.v4.new_code_cell("def f(x):\n    return x")
    c.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False, "grade_id": "q1",
                              "schema_version": 3}
    nb = nbformat.v4.new_notebook(cells=[c])
    assert feedback.sanitize_notebook(copy.deepcopy(nb)).cells[0].source == c.source


def test_report_plot(tmp_path):
    p = tmp_path / "s.png"
    report.plot(p, "a", {"x": 1.0, "y": 8.0}, {"test_q1": [True, False], "test_q2": []}, 8.0)
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


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
import matplotlib.pyplot as plt
plt.plot([1, 2]); plt.savefig("/tmp/p.png")
from workbook.data import cache_dir
from workbook.data.orientation import write_daily_orders
write_daily_orders(seed=0); write_daily_orders(seed=0)   # replaces a cached file: a private copy
r["cache"] = str(cache_dir())
r["home"] = os.environ["HOME"]
r["ppid_env"] = "JPY_PARENT_PID" in os.environ
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
    assert not (work / "new.txt").exists(), "the kernel wrote into the real folder"
    assert out["course"] is False and out["root_home"] is False and out["net"] is False
    assert out["shell"] == ["B", "x", "1", "bash"]
    assert out["cache"].startswith("/tmp/") and out["home"].startswith("/tmp/") and out["ppid_env"] is False


@pytest.mark.slow
@pytest.mark.sandbox
def test_demo_class_feedback_and_report(tmp_course):
    """On the demo class: feedback shows failed tests and their messages but
    no hidden test and no reference solution; the report writes grades.csv,
    the PNG and lists the broken submission."""
    demo.make_class(tmp_course, [A])
    results = {r.student: r for r in grader.autograde(tmp_course, A, jobs=2, force=True, progress=False,
                                                     log=lambda *a: None)}
    assert results["demo_full"].status == "graded" and results["demo_broken"].status == "failed"
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
    assert "CheckFailed" in partial and re.search(r"q\d: ", partial)
    rep = report.build(tmp_course, A)
    assert rep.csv.read_text().startswith("assignment,")
    assert rep.png.stat().st_size > 1000
    assert "demo_broken" in rep.flagged and "not valid JSON" in rep.flagged["demo_broken"][0]


def test_validate_without_bwrap_runs_unsandboxed_but_grading_refuses(monkeypatch):
    """A student validating on a machine without bubblewrap is not blocked;
    autograding there refuses with the install hint (see the kernel start)."""
    from jupyter_client.manager import AsyncKernelManager
    from nbgrader.preprocessors import Execute
    from nbgrader.validator import Validator
    from traitlets.config import Config
    sandbox.install()
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    c = Config()
    c.Execute.kernel_manager_class = "workbook.sandbox.SandboxKernelManager"
    with pytest.warns(UserWarning, match="without the sandbox"):
        assert Execute(parent=Validator(config=c)).kernel_manager_class is AsyncKernelManager
    assert Execute(config=c).kernel_manager_class is sandbox.SandboxKernelManager
    with pytest.raises(sandbox.SandboxError, match="apt-get install bubblewrap"):
        sandbox.check_available()
