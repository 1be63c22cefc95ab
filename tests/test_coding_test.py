"""10_coding_test's judge (workbook/checks/coding.py, coderun.py): a program
run group by group in the judge's jail, each case judged as 백준 judges it,
CPU time measured from outside the program, and nothing the program does
giving it a case it did not solve. The assignment's own problems, their
alternatives and wrong programs are graded by tests/test_course.py and
tests/test_round_trip.py; here, the judge itself, hostile programs, and the
stability of the efficiency verdicts on a loaded machine."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO, load_answers
from workbook.checks import coding, hiddenmodule
from workbook.checks.coding_messages import GroupFailed, Verdict
from workbook.checks.core import _current
from workbook.messages import as_message
from workbook.checks.exercise import JudgeContext, LocalTransport, Run, judging
from workbook.course import nb as nbm
from workbook.grading import judge, sandbox

# the hidden tests' reference solvers and generators: the instructor's, outside the package
HIDDEN = hiddenmodule.load(REPO / "source" / "10_coding_test" / hiddenmodule.FILE)

pytestmark = pytest.mark.sandbox
A = "10_coding_test"


class _Jailed(LocalTransport):
    """The judge's view: the answers from a namespace, commands in the jail."""

    local = False

    def wrap_command(self, argv, writable, **limits):
        from workbook.grading.jail import Jail
        return Jail().command(argv, writable, **limits)


@pytest.fixture(scope="module", autouse=True)
def _bubblewrap():
    if sandbox.bwrap_path() is None:
        pytest.fail("the coding test's judge runs programs in the jail: " + sandbox.INSTALL_HINT, pytrace=False)


@contextlib.contextmanager
def judged(self_study: bool = False, exam: bool = False):
    """Checks run as the grader's judge runs them (a hidden part of a test cell)."""
    transport = _Jailed({})
    with judging(JudgeContext(transport, b"k" * 32, exam=exam, self_study=self_study)):
        token = _current.set(Run("q9", transport, "<test>", b"k" * 32))
        try:
            yield
        finally:
            _current.reset(token)


def verdicts(results) -> list:
    return [(r.verdict, r.detail) if r.detail else r.verdict for r in results]


def group(program: str, style: str, cases: list, expected: list, **kw) -> GroupFailed | list:
    try:
        return coding.check_group(program, style, "correctness 1", cases, expected, **kw)
    except GroupFailed as e:
        return e


# one program, one verdict per case: what the case's input asks it to do
EVERY_VERDICT = r'''
import sys
what = sys.stdin.readline().strip()
if what == "ok":
    print(42)
elif what == "wrong":
    print(41)
elif what == "layout":
    print(4, "", 2)
elif what == "value":
    int("x")
elif what == "secret":
    raise type("LEAKED_hidden_input_1234", (KeyError,), {})()
elif what == "memory":
    block = bytearray(1 << 30)
elif what == "output":
    print("x" * (3 << 20))
elif what == "exit":
    sys.exit(3)
elif what == "spin":
    while True:
        pass
'''


def test_every_verdict_of_one_group_in_the_jail():
    cases = ["ok\n", "wrong\n", "layout\n", "value\n", "secret\n", "memory\n", "output\n", "exit\n", "spin\n", "ok\n"]
    expected = ["42\n", "42\n", "4\n2\n", "42\n", "42\n", "42\n", "42\n", "42\n", "42\n", "42\n"]
    with judged():
        failed = group(EVERY_VERDICT, "stdin", cases, expected)
    assert isinstance(failed, GroupFailed)
    assert verdicts(failed.results) == [
        Verdict.ACCEPTED, Verdict.WRONG, Verdict.FORMAT, (Verdict.RUNTIME, "ValueError"), (Verdict.RUNTIME, "KeyError"),
        Verdict.MEMORY, Verdict.OUTPUT, (Verdict.RUNTIME, "SystemExit"), Verdict.TIME, Verdict.NOT_RUN]
    text = "\n".join(failed.lines())
    assert "1/10 accepted" in text and "9 time limit exceeded" in text and "10 not judged" in text, text
    # a made-up exception name could spell out a hidden input: only a built-in class's name is shown
    assert "LEAKED" not in text and "4\n2" not in text and "secret" not in text, text


def test_a_hidden_group_names_the_exception_of_its_first_failing_case_only():
    """Each case's exception name, one of the builtin classes, would tell a few bits of each hidden input (a
    program raising the class its input picks): a hidden group names only its first failing case's, the
    visible examples and self-study every case's."""
    program = "import sys\nn = int(sys.stdin.readline())\nraise [KeyError, ImportError, EOFError, BufferError][n]\n"
    cases, expected = ["0\n", "1\n", "2\n", "3\n"], ["1\n"] * 4
    with judged():
        hidden = "\n".join(group(program, "stdin", cases, expected).lines())
    with judged(self_study=True):
        studied = "\n".join(group(program, "stdin", cases, expected).lines())
    assert "KeyError" in hidden and not any(n in hidden for n in ("ImportError", "EOFError", "BufferError")), hidden
    assert "4/4" not in hidden and "2-4 runtime error" in hidden, hidden
    assert all(n in studied for n in ("KeyError", "ImportError", "EOFError", "BufferError")), studied


# the driver's own report of a case, forged by the program: any CPU figure it likes
FORGED_CPU = """
import __main__, os
__main__._send({"case": __main__._case, "status": "ok", "cpu": CPU}, b"0\\n")
os._exit(0)
"""


@pytest.mark.parametrize("cpu", ["987654.25", "10 ** 400", "float('nan')", "-1.5"])
def test_a_cpu_figure_the_program_reports_is_shown_only_within_what_its_process_spent(cpu):
    """The per-case CPU figure comes from the program's own process: one that spells out a hidden input, or one
    too large to format (once a crash that left the whole notebook ungraded), is not shown; the group still
    fails on its answer."""
    with judged():
        failed = coding_failure(FORGED_CPU.replace("CPU", cpu))
    assert isinstance(failed, GroupFailed) and failed.results[0].cpu is None, failed
    text = "\n".join(failed.lines())
    assert "987654" not in text and "slowest case" not in text and "wrong answer" in text, text


def coding_failure(program: str):
    try:
        return coding.check_group(program, "stdin", "efficiency", ["5\n"], reference="input()\nprint(1)\n")
    except GroupFailed as e:
        return e


@pytest.mark.parametrize("printed, verdict", [
    ("4 2\n", Verdict.ACCEPTED), ("4\n2\n", Verdict.ACCEPTED), ("4\n2 \n\n\n", Verdict.ACCEPTED),
    ("4  2\n", Verdict.FORMAT), ("4\n\n2\n", Verdict.FORMAT), (" 4 2\n", Verdict.FORMAT), ("42\n", Verdict.WRONG),
])
def test_a_line_break_for_a_space_is_accepted_as_on_baekjoon_and_other_whitespace_is_a_layout_fault(printed, verdict):
    assert coding.compare("stdin", "4 2\n", printed.encode()) == verdict


def test_a_program_that_does_not_compile_is_a_compilation_error_for_every_case():
    with judged():
        failed = group("def solution(:\n    return 1\n", "function", [[1], [2]], [1, 2])
    assert verdicts(failed.results) == [Verdict.COMPILE, Verdict.COMPILE]


def test_a_solution_returns_data_a_tuple_is_a_list_and_true_is_not_one():
    program = "def solution(x):\n    return {1: (x, x), 2: True, 3: {x}, 4: [x, str(x)]}[x]\n"
    with judged():
        failed = group(program, "function", [[1], [2], [3], [4]], [[1, 1], 1, [3], [4, 4]])
    assert verdicts(failed.results) == [Verdict.ACCEPTED, Verdict.WRONG, Verdict.FORMAT, Verdict.FORMAT]


def test_every_way_to_read_the_input_reads_the_case_and_only_it():
    program = ("import os, sys\n"
               "a = input()\nb = sys.stdin.readline()\nc = sys.stdin.read()\n"
               "print(a, b.strip(), c.split())\n")
    raw = "import os\nprint(os.read(0, 100).decode().split(), open(0).read().split())\n"
    with judged():
        assert coding.check_group(program, "stdin", "correctness 1", ["1\n2\n3 4\n", "5\n6\n"],
                                  ["1 2 ['3', '4']\n", "5 6 []\n"])
        # open(0) closes the standard input when it is collected: the next case reads its own
        assert coding.check_group(raw, "stdin", "correctness 1", ["7 8\n", "9\n", "10\n"],
                                  ["['7', '8'] []\n", "['9'] []\n", "['10'] []\n"])


HOSTILE = {
    # the CPU timer switched off, then a spin: stopped by the jail's CPU budget, counted from outside
    "timer_off": "import signal\nsignal.setitimer(signal.ITIMER_PROF, 0)\nsignal.signal(signal.SIGPROF, signal.SIG_IGN)\n"
                 "while True:\n    pass\n",
    # the work spread over threads and child processes, the answer printed by the parent when they finish
    "threads": "import threading\ndef spin():\n    while True:\n        pass\n"
               "for _ in range(4):\n    threading.Thread(target=spin, daemon=True).start()\nspin()\n",
    "children": "import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n        while True:\n            pass\n"
                "os.wait()\nprint(42)\n",
    # a report forged on every descriptor the driver may use: '"case": 0, "status": "ok"' with the answer
    "forged": "import os\nfor fd in range(3, 64):\n    try:\n"
              "        os.write(fd, b'{\"case\": 0, \"status\": \"ok\", \"cpu\": 0, \"size\": 3}\\n42\\n')\n"
              "    except OSError:\n        pass\nwhile True:\n    pass\n",
    # the wall-clock timer switched off, then a sleep: stopped from outside at the group's wall-clock limit
    "wall_timer_off": "import signal, time\nsignal.setitimer(signal.ITIMER_REAL, 0)\n"
                      "signal.signal(signal.SIGALRM, signal.SIG_IGN)\ntime.sleep(1000)\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_program_cannot_buy_time_its_cpu_is_counted_by_the_jail(name):
    with judged():   # the answer is 43, which no program here prints: an accepted case would be forged
        start = time.monotonic()
        failed = group(HOSTILE[name], "stdin", ["x\n", "y\n"], ["43\n", "43\n"])
        took = time.monotonic() - start
    assert isinstance(failed, GroupFailed)
    assert Verdict.ACCEPTED not in verdicts(failed.results), verdicts(failed.results)
    assert failed.results[0].verdict in (Verdict.TIME, Verdict.WRONG), verdicts(failed.results)
    with judged():   # the group's budget on this machine (coding.Machine: at least the floors)
        budget = coding.machine().small_limits(2)[1] + coding.machine().startup(b"", "stdin")
        case = coding.machine().small_limits(2)[0][0]
    # a time-out is judged again (coding._judged_again), on the machine's speed measured again: the second run's
    # budget is the first's scaled as its case limit is
    again = budget * (failed.results[0].limit or case) / case if failed.results[0].again else 0.0
    assert took < coding.group_wall(budget) + (coding.group_wall(again) if again else 0) + 5, took
    if name == "wall_timer_off":
        assert failed.results[0].wall is not None and took >= coding.group_wall(budget) - 0.5, (failed.results[0], took)


# a program that waits: it spends no CPU time, so only the wall-clock limit can stop it
WAITING = {
    "sleep": "import time\ntime.sleep(1000)\n",
    # a read that never gets its data (the standard input is a file: reading past it ends, see below)
    "blocked_read": "import os\nr, w = os.pipe()\nos.read(r, 1)\n",
    "wait_forever": "import threading\nthreading.Event().wait()\n",
}


@pytest.mark.parametrize("name", sorted(WAITING))
def test_a_program_that_waits_is_stopped_at_its_cases_wall_clock_limit_and_the_next_group_runs(name):
    """The second case waits: 시간 초과 there, at the case's wall-clock limit
    (the driver's timer: in about a second, not at the group's outside
    limit), twice (a time-out is judged again, its limit measured again:
    coding._judged_again), the third not judged; the next group of the same
    program is judged as usual."""
    program = "what = input()\nif what == 'wait':\n" + "".join("    " + line + "\n" for line in
                                                              WAITING[name].splitlines()) + "print(42)\n"
    with judged():
        start = time.monotonic()
        failed = group(program, "stdin", ["go\n", "wait\n", "go\n"], ["42\n"] * 3)
        took = time.monotonic() - start
        assert coding.check_group(program, "stdin", "correctness 2", ["go\n", "go\n"], ["42\n"] * 2)
        first = coding.wall_limit(coding.machine().small_limits(3)[0][1])   # the case's CPU limit on this machine
    assert verdicts(failed.results) == [Verdict.ACCEPTED, Verdict.TIME, Verdict.NOT_RUN]
    waited = failed.results[1]
    wall = coding.wall_limit(waited.limit)   # the second run's: the calibration measured again, never lower
    assert waited.again and waited.wall == wall >= first, waited
    assert first + wall <= took < first + wall + 3, took      # the group's own wall-clock limit is later: 3.6 s
    text = "\n".join(failed.lines())
    assert f"wall-clock time limit, {wall:.2f} s" in text and "CPU time limit" not in text, text
    assert "run a second time at once" in text, text


def test_reading_past_the_input_ends_at_once_with_eoferror():
    """Standard input is the case's file, not a pipe: a program that reads
    more lines than there are gets EOFError at once, it does not wait."""
    with judged():
        start = time.monotonic()
        failed = group("a = input()\nb = input()\nprint(42)\n", "stdin", ["1\n"], ["42\n"])
        took = time.monotonic() - start
    assert verdicts(failed.results) == [(Verdict.RUNTIME, "EOFError")] and took < 1.0, took


def test_the_jail_reports_the_cpu_of_every_process_and_kills_at_the_budget():
    """Four spinning children: the cgroup counts them all, and the jail is
    stopped when their CPU time together reaches the budget."""
    with judged():
        # a case limit whose wall-clock limit (10x) a loaded machine cannot reach first: the budget stops it
        run = coding.run_group(HOSTILE["children"], "stdin", ["x\n"], [2.0], budget=0.5)
    assert run.usage.get("over_cpu") is True, run.usage
    assert 0.5 <= run.cpu < 0.5 + 0.3, run.usage


def test_a_hidden_case_is_shown_in_self_study_only_and_never_during_an_exam():
    program = "n = int(input())\nprint(n + (n == 7))\n"
    cases, expected = ["3\n", "7\n", "1000\n"], ["3\n", "7\n", "1000\n"]
    with judged():
        graded = "\n".join(group(program, "stdin", cases, expected, hint="add nothing").lines())
    with judged(self_study=True):
        studied = "\n".join(group(program, "stdin", cases, expected, hint="add nothing").lines())
    with judged(exam=True):
        examined = "\n".join(group(program, "stdin", cases, expected, hint="add nothing").lines())
    assert "7" not in graded.replace("q9", "") and "hint: add nothing" in graded, graded
    assert "case 2" in studied and "      7" in studied and "      8" in studied, studied
    assert "hint" not in examined and "      7" not in examined, examined


def test_a_groups_hint_fits_its_verdict():
    """A speed hint is for time limit exceeded only: in an efficiency group a wrong answer gets the group's
    hint for a wrong answer on a large case, memory limit exceeded a memory hint; each verdict's hint once."""
    from workbook.checks.coding_messages import group_hints, large_case_hint, memory_hint
    speed = {Verdict.TIME: "faster"}
    assert group_hints("efficiency", [Verdict.TIME], None, speed) == [as_message("faster")]
    assert group_hints("efficiency", [Verdict.WRONG], None, speed) == [large_case_hint()]
    assert group_hints("efficiency", [Verdict.RUNTIME], "the edges", speed) == [as_message("the edges")]
    assert group_hints("efficiency", [Verdict.MEMORY, Verdict.NOT_RUN], None, speed) == [memory_hint()]
    assert group_hints("efficiency", [Verdict.WRONG, Verdict.ACCEPTED, Verdict.WRONG, Verdict.TIME], None, speed) \
        == [large_case_hint(), as_message("faster")]
    assert group_hints("correctness 2", [Verdict.WRONG, Verdict.MEMORY], "the edges", {}) == \
        [as_message("the edges"), memory_hint()]
    assert group_hints("correctness 2", [Verdict.TIME], "the edges", {}) == [as_message("the edges")]
    with judged():
        failed = group("print(1)\n", "stdin", ["x\n"], ["2\n"], hint="the edges",
                       verdict_hints={Verdict.TIME: "faster"})
    text = "\n".join(failed.lines())
    assert "hint: the edges" in text and "faster" not in text, text


def test_a_solution_that_returns_none_is_shown_in_pythons_notation():
    """A 프로그래머스 answer that prints its answer and returns None: "your solution returned: None", never
    JSON's null, and the input and the expected value in Python's notation too."""
    assert coding.python_text([None, True, 1.5, "a\"b", {"k": [1]}]) == '[None, True, 1.5, "a\\"b", {"k": [1]}]'
    with judged(self_study=True):
        failed = group("def solution(xs, flag):\n    print(sum(xs))\n", "function", [[[1, 2], True]], [3])
    text = "\n".join(failed.lines())
    assert "your solution returned:\n      None" in text and "null" not in text and "printed" not in text, text
    assert "[1, 2], True" in text and "what it prints is not read" in text, text


def test_the_warmup_and_a_student_run_of_a_program_show_output_error_and_cpu(capsys):
    from workbook.student import coding as student
    ns: dict = {}
    assert student.run_cell("%%program q1_x\nimport sys\nprint(sum(map(int, sys.stdin.read().split())))\n", ns)
    assert ns["q1_x"].startswith("import sys") and not student.run_cell("print(1)", ns)
    student.try_program(ns["q1_x"], "1 2 3\n")
    student.try_program("def solution(a):\n    return a[5]\n", [[1, 2]])
    out = capsys.readouterr()
    assert "6\n" in out.out and "exit code 0" in out.out
    assert "IndexError" in out.err and "solution.py" in out.err and "exit code 1" in out.out


# ------------------------------------------------------------------ stability
def _cells() -> dict[str, str]:
    nb = nbm.read(REPO / "source" / A / f"{A}.ipynb")
    return {nbm.meta(c)["grade_id"]: c.source for c in nb.cells if nbm.kind(c) == "tests"}


def _program(gid: str, kind: str, index: int) -> str:
    from workbook.student.coding import parse_cell
    spec = load_answers(REPO, A)[gid][kind][index]
    return parse_cell(spec["code"] if isinstance(spec, dict) else spec)[1]


def _naive(gid: str) -> str:
    from workbook.student.coding import parse_cell
    test = f"test_{gid}_efficiency"
    return next(parse_cell(w["code"])[1] for w in load_answers(REPO, A)[gid]["wrong"]
                if isinstance(w, dict) and w.get("loses") == [test])


@contextlib.contextmanager
def cpu_hogs(n: int):
    """``n`` processes spinning beside the judge (ended by their pids)."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True:\n    pass"]) for _ in range(n)]
    try:
        yield
    finally:
        for p in hogs:
            os.kill(p.pid, signal.SIGKILL)
            p.wait()


def _efficiency_group(gid: str, monkeypatch) -> dict:
    """The efficiency group of a problem as its test cell makes it (the
    hidden part run with the fixed key; check_group caught, not called)."""
    caught: dict = {}

    def catch(program, style, group, cases, expected=None, *, reference=None, entry="solution", hint=None,
              verdict_hints=None):
        caught.update(style=style, cases=cases, reference=reference, entry=entry)

    with monkeypatch.context() as m:
        m.setattr(coding, "check_group", catch)
        judge.judge_cell(_cells()[f"test_{gid}_efficiency"], "test", _Jailed({gid: "x = 1\n"}), b"s" * 32,
                         nbm.BEGIN_HIDDEN, nbm.END_HIDDEN, 120, hidden_folder=REPO / "source" / "10_coding_test")
    return caught


def efficiency_verdicts(gid: str, monkeypatch) -> list:
    """A problem's efficiency group as its test cell makes it: every alternative of ``gid`` is accepted (a failure
    raises), and the verdicts, case by case, of each wrong program declared to lose this group only, in their
    order in the exercises file (each is asserted to fail the group)."""
    from workbook.student.coding import parse_cell
    g = _efficiency_group(gid, monkeypatch)
    answers = load_answers(REPO, A)[gid]
    got = []
    with judged():
        for k in range(len(answers["alternatives"])):
            coding.check_group(_program(gid, "alternatives", k), g["style"], "efficiency", g["cases"],
                               reference=g["reference"])
        for w in answers["wrong"]:
            if isinstance(w, dict) and w.get("loses") == [f"test_{gid}_efficiency"]:
                failed = group(parse_cell(w["code"])[1], g["style"], g["cases"], [], reference=g["reference"])
                assert isinstance(failed, GroupFailed), failed
                got.append(verdicts(failed.results))
    return got


def test_the_efficiency_verdicts_are_the_same_ten_times_and_on_a_loaded_machine(monkeypatch):
    """The efficiency groups of two problems (one of each style, each with
    its slowest alternative: about 2 and 1.2 times the reference's CPU time) and
    their straightforward programs, judged ten times, the last five beside a
    CPU hog: the same verdicts every time (a case's limit is CPU time, five
    times the reference's, measured once by the same process; the
    straightforward programs need far more than ten times the limit)."""
    problems = {"q3_picking_robot": [_program("q3_picking_robot", "alternatives", 3), _naive("q3_picking_robot")],
                "q6_coupons": [_program("q6_coupons", "alternatives", 2), _naive("q6_coupons")]}
    groups = {gid: _efficiency_group(gid, monkeypatch) for gid in problems}
    seen = []
    with judged():
        for round_ in range(10):
            with cpu_hogs(1 if round_ >= 5 else 0):
                got = {}
                for gid, programs in problems.items():
                    g = groups[gid]
                    for k, text in enumerate(programs):
                        try:
                            coding.check_group(text, g["style"], "efficiency", g["cases"], reference=g["reference"],
                                               entry=g["entry"])
                            got[(gid, k)] = [Verdict.ACCEPTED]
                        except GroupFailed as e:
                            got[(gid, k)] = verdicts(e.results)
            seen.append(got)
    assert all(s == seen[0] for s in seen), seen
    for gid in problems:
        # a group stops at its first time-out: the straightforward program's later cases are not judged
        slow = [Verdict.TIME] + [Verdict.NOT_RUN] * (len(groups[gid]["cases"]) - 1)
        assert seen[0][(gid, 0)] == [Verdict.ACCEPTED] and seen[0][(gid, 1)] == slow, seen[0]


def test_the_limits_stated_in_the_notebook_are_the_judges():
    """The notebook's "Limits" paragraph says the numbers the judge uses."""
    text = "\n".join(c.source for c in nbm.read(REPO / "source" / A / f"{A}.ipynb").cells if c.cell_type == "markdown")
    assert coding.CASE_CPU == coding.GROUP_CPU   # "so one case at most as much too"
    for stated in (f"together may take {coding.SMALL_MULTIPLE:g} times the CPU time of a fixed calibration program, "
                   f"measured on the same machine in the same grading run, and at least {coding.GROUP_CPU:g} s",
                   f"{coding.MULTIPLE:g} times the CPU time", f"at least {coding.EFFICIENCY_FLOOR:g} s",
                   "a case over its limit is run a second time at once, its limit measured again",
                   f"Memory: {coding.MEMORY >> 20} MB", f"Output: {coding.OUTPUT >> 20} MB",
                   f"{coding.WALL_MULTIPLE:g} times its CPU time limit in wall-clock time, and at least "
                   f"{coding.WALL_FLOOR:g} s, and the cases of a group together {coding.WALL_MULTIPLE:g} times theirs"):
        assert stated in text, stated
    assert json.dumps(coding.limits_summary())


def _stated_examples(text: str) -> list[tuple]:
    """A problem's examples as its text shows them: (input, output) of each "Example input k" and "Example output
    k" code block (백준 style), or ([arguments], result) of each row of the table under "Examples" (프로그래머스
    style, every cell a JSON value in backticks)."""
    import re
    blocks = {(kind, int(k)): body for kind, k, body in
              re.findall(r"\*\*Example (input|output) (\d+)\*\*\s*```\n(.*?)```", text, re.S)}
    if blocks:
        return [(blocks[("input", k)], blocks[("output", k)]) for k in range(1, max(k for _, k in blocks) + 1)]
    table = text.split("**Examples**", 1)[1].split("\n\n")[1]
    rows = [[json.loads(cell.strip().strip("`")) for cell in line.strip("|").split("|")]
            for line in table.splitlines()[2:]]
    return [(row[:-1], row[-1]) for row in rows]


def test_the_examples_a_problem_states_are_the_examples_its_test_checks():
    """Every example a problem's text shows is checked, with the output the text shows, and no other (Question 8's
    third example is the one that tells a turn made after the move from one made before it)."""
    import ast
    cells = nbm.read(REPO / "source" / A / f"{A}.ipynb").cells
    checked = {}
    for cell in cells:
        for node in ast.walk(ast.parse(cell.source)) if cell.cell_type == "code" and "check_examples(" in cell.source \
                else ():
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check_examples":
                program = node.args[0].id
                checked[program.split("_", 1)[0]] = [tuple(e) for e in ast.literal_eval(node.args[2])]
    stated = {}
    for cell in cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Question "):
            number = cell.source.split()[2]
            stated[f"q{number}"] = _stated_examples(cell.source)
    assert set(stated) == set(checked) and len(stated) >= 8
    for q, examples in stated.items():
        assert examples and examples == checked[q], q


def test_a_released_coding_problem_shows_its_examples_and_names_no_requirement_or_hint():
    """A real coding test shows a problem's examples only: the released test cells (both editions are made
    from these) hold no requirement and no hint, which would name the technique to anyone who reads the cell
    mid-exam (the reviewer's finding: Question 11's "cheapest-first" and "cycle", Question 8's "every choice of
    exactly K sites"). They live in the exercises file (never released) and hints.json (never shown during an
    exam); lint refuses a test cell of a coding problem that carries them."""
    import ast

    from workbook.authoring import lint
    from workbook.course import exercises
    released = nbm.read(REPO / "release" / A / f"{A}.ipynb")
    tests = [c.source for c in released.cells if nbm.kind(c) == "tests"]
    texts = {t for ex in exercises.load(REPO / "source" / A).values() for t in ex.requirements.values()}
    assert len(tests) >= 30 and len(texts) >= 30
    keywords = [kw.arg for src in tests for node in ast.walk(ast.parse(src)) if isinstance(node, ast.Call)
                for kw in node.keywords]
    assert not set(keywords) & set(lint.CODING_TEST_WORDS)
    assert not [t for t in texts for src in tests if t in src]
    cell = ('from workbook.checks import exercise\nfrom workbook.checks.coding import Program, check_examples\n\n\n'
            '@exercise("q1"{req})\ndef test_q1_x_correct_1(q1_x: Program):\n'
            '    check_examples(q1_x, "stdin", [("1\\n", "1\\n")]{hint})\n    ### BEGIN HIDDEN TESTS\n'
            '    check_examples(q1_x, "stdin", [("2\\n", "2\\n")], hint="fine: hidden")\n    ### END HIDDEN TESTS\n')
    assert lint.exercise_format_problems(cell.format(req="", hint="")) == []
    assert len(lint.exercise_format_problems(cell.format(req=', requirements={"a": "cheapest first"}', hint=""))) == 1
    assert len(lint.exercise_format_problems(cell.format(req="", hint=', hint="use a heap"'))) == 1


#: algorithm names a problem statement of a real test never gives (with 백준's tags of every problem's review)
TECHNIQUES = ("BFS", "breadth-first", "depth-first", "Dijkstra", "Kruskal", "Prim", "union-find", "spanning",
              "bitmask", "binary search", "backtrack", "knapsack", "dynamic programming", "DP ", "sliding window",
              "monotonic", "deque", "greedy", "two pointers", "prefix sum", "itertools", "combinations",
              "brute force", "parametric", "memoization", "simulation", "exhaustive", "a search")
#: 백준's tags that are also plain words of a statement (a product id is a string; the answer is sorted)
PLAIN_TAGS = {"문자열", "정렬"}


def test_no_released_problem_statement_names_a_technique_in_either_edition():
    """The reviewer's finding, caught as a kind: a statement that names how to solve it (Question 11's example
    explanation built the cheapest network and dropped its dearest lane; its group line said "outside the
    cheapest network"; the limits paragraph called Question 5's reference a bitmask DP; the 삼성 frame was "a
    search and a simulation"). No problem's text, the notebook's introduction or an exam frame's title, in English
    or Korean, holds an algorithm's name or one of 백준's tags of any problem's review."""
    from babel.messages.pofile import read_po

    from workbook.course import exercises
    released = nbm.read(REPO / "release" / A / f"{A}.ipynb")
    judged = [c.source for c in released.cells if c.cell_type == "markdown"
              and c.source.startswith(("# ", "## Question", "## How a problem is written"))]
    assert len(judged) == 2 + len(exercises.load(REPO / "source" / A))
    from workbook.student.exam import FRAMES
    judged += [frame.title.msgid for frame in FRAMES[A].values()]   # `workbook exam --frame` prints it
    po = REPO / "source" / A / "locale" / "ko" / "LC_MESSAGES" / f"{A}.po"
    korean = [m.string for m in read_po(po.open("rb")) if m.id and any(m.id in text for text in judged)]
    package = REPO / "workbook" / "locale" / "ko" / "LC_MESSAGES" / "workbook.po"
    korean += [m.string for m in read_po(package.open("rb")) if m.id in judged]
    assert len(korean) > 100
    tags = {t for ex in exercises.load(REPO / "source" / A).values() if ex.review for t in ex.review.tags}
    named = [(word, text[:60]) for text in judged for word in TECHNIQUES if word.lower() in text.lower()
             and not (word == "Prim" and "Prim" not in text)]
    named += [(tag, text[:60]) for text in korean for tag in tags - PLAIN_TAGS if tag in text]
    assert named == []


# ------------------------------------------------------------------ the efficiency cases' generators
def test_q9s_sorting_floor_keeps_to_the_stated_constraints_and_tests_speed_only():
    """Q9's efficiency floor is one the problem allows (at most 50 x 50 cells of U, D, L, R, # or O, boxes of 1 to
    1,000 kg on distinct belts, K at most 10^9, T at most 100) and meets none of correctness test 2's corners: no
    belt runs off the floor or into a pillar, no box is heavier than K kg, no two belts run into each other (no
    swap), boxes are left at the end; boxes reach the chute one at a time (a program shipping before joining
    loses correctness test 1 only), and the number of boxes left differs after T - 1, T and T + 1 seconds (a
    program off by one second loses this group too, for every seed)."""
    sorting_floor = HIDDEN.sorting_floor
    step = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
    for seed in (0, 1):
        lines = sorting_floor(seed).splitlines()
        rows, cols, k, t = map(int, lines[0].split())
        grid = lines[1:1 + rows]
        count = int(lines[1 + rows])
        boxes = {}
        for line in lines[2 + rows:]:
            r, c, w = map(int, line.split())
            assert grid[r - 1][c - 1] in step and 1 <= w <= 1000 and (r - 1, c - 1) not in boxes
            boxes[(r - 1, c - 1)] = w
        assert 1 <= rows <= 50 and 1 <= cols <= 50 and len(grid) == rows and all(len(g) == cols for g in grid)
        assert set("".join(grid)) <= set("UDLR#O") and len(boxes) == count <= rows * cols
        assert 1 <= k <= 10 ** 9 and 1 <= t <= 100 and sum(boxes.values()) <= k
        ahead = {}
        for r in range(rows):
            for c in range(cols):
                if grid[r][c] in step:
                    nr, nc = r + step[grid[r][c]][0], c + step[grid[r][c]][1]
                    assert 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#", (r, c)
                    ahead[(r, c)] = (nr, nc)
        assert all(ahead.get(ahead[cell]) != cell for cell in ahead)
        left = []
        for _ in range(t + 1):
            moved = {}
            for cell, w in boxes.items():
                moved.setdefault(ahead[cell], []).append(w)
            assert all(len(ws) == 1 for cell, ws in moved.items() if grid[cell[0]][cell[1]] == "O")
            boxes = {cell: sum(ws) for cell, ws in moved.items() if grid[cell[0]][cell[1]] != "O"}
            left.append(len(boxes))
        assert left[t - 2] > left[t - 1] > left[t] > 0, left[t - 2:]


def test_q10s_bundle_orders_keep_to_the_stated_constraints_and_test_speed_only():
    """Q10's efficiency case is one the problem allows (1,000 orders of 1 to 10 codes, each an uppercase letter and
    1 to 3 digits; members of 1 to 10 lowercase letters or digits; times from 00:00 to 23:59; size 2 to 10) and
    meets none of correctness test 2's corners: every order inside the sale and not at 22:00, no code twice in an
    order, one order per member, one bundle with the most fans, far ahead of the next. That bundle holds two codes
    whose order as strings is not their order as numbers, so a program sorting codes by number loses this group
    for every seed."""
    import re
    from collections import Counter
    from itertools import combinations

    bundle_orders = HIDDEN.bundle_orders
    for seed in (0, 1):
        orders, size = bundle_orders(seed)
        assert len(orders) == 1000 and 2 <= size <= 10
        fans, members = Counter(), []
        for order in orders:
            match = re.fullmatch(r"(\d\d):(\d\d) ([a-z0-9]{1,10}) ((?:[A-Z]\d{1,3},){0,9}[A-Z]\d{1,3})", order)
            assert match, order
            hours, minutes, member, codes = match.groups()
            assert 0 < (int(hours) * 60 + int(minutes) - 22 * 60) % (24 * 60) < 4 * 60 - 1 and int(minutes) < 60
            codes = codes.split(",")
            assert len(set(codes)) == len(codes) == 10
            members.append(member)
            fans.update(combinations(sorted(codes), size))
        assert len(set(members)) == len(members)
        (top, most), (_, second) = fans.most_common(2)
        assert most >= 2 * second >= 2, (most, second)
        numeric = sorted(top, key=lambda code: (code[0], int(code[1:])))
        assert list(top) != numeric, top


def test_q2s_falling_day_makes_the_busiest_hour_leave_every_window():
    """Q2's second efficiency case: 200,000 hours of different orders that fall hour by hour, windows of 20,000 to
    120,000 hours. Every window's busiest hour is its first, so a program that looks at the whole window again
    only when its busiest hour leaves does it at every hour (N x K steps), where a day of random orders lets it
    through (a reviewer's leak)."""
    peak_hours_falling = HIDDEN.peak_hours_falling
    for seed in (0, 1, 2):
        head, orders = peak_hours_falling(seed).split("\n", 1)
        n, k = map(int, head.split())
        orders = list(map(int, orders.split()))
        assert n == len(orders) == 200000 and 20000 <= k <= 120000
        assert all(a > b for a, b in zip(orders, orders[1:]))
        assert 0 <= min(orders) and max(orders) <= 1000000000


def _robot_by_dijkstra(grid, k, s, p, e):
    """Q3 answered another way than the generator's: Dijkstra's algorithm over (cell, lifts used, order), one search."""
    import heapq
    rows, cols = len(grid), len(grid[0])
    best = {(s, 0, False): 0}
    heap = [(0, s, 0, False)]
    while heap:
        moves, (r, c), used, picked = heapq.heappop(heap)
        if picked and (r, c) == e:
            return moves
        if best[((r, c), used, picked)] < moves:
            continue
        for cell in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= cell[0] < rows and 0 <= cell[1] < cols:
                state = (cell, used + (grid[cell[0]][cell[1]] == "#"), picked or cell == p)
                if state[1] <= k and moves + 1 < best.get(state, moves + 2):
                    best[state] = moves + 1
                    heapq.heappush(heap, (moves + 1,) + state)
    return -1


def test_q3s_robot_moves_are_the_fewest_moves_through_p_within_k_lifts():
    """The answers Q3's hidden groups expect (robot_moves: two searches over (cell, lifts used) and the best split
    of the lifts) are those of one Dijkstra search over (cell, lifts used, order), on 300 small random warehouses
    (K from 0 to 4, about two fifths shelves, many with no way); each mistake it models gives another answer on
    some of them."""
    import random

    ROBOT_MISTAKES, robot_moves = HIDDEN.ROBOT_MISTAKES, HIDDEN.robot_moves
    rnd = random.Random(3)
    differs = dict.fromkeys(ROBOT_MISTAKES + ("wrap",), 0)
    unreachable = 0
    for _ in range(300):
        rows, cols, k = rnd.randint(1, 6), rnd.randint(3, 6), rnd.randint(0, 4)
        grid = ["".join(rnd.choices(".#", (3, 2), k=cols)) for _ in range(rows)]
        s, p, e = rnd.sample([(r, c) for r in range(rows) for c in range(cols)], 3)
        grid = ["".join("." if (r, c) in (s, p, e) else ch for c, ch in enumerate(line)) for r, line in enumerate(grid)]
        answer = robot_moves(grid, k, s, p, e)
        assert answer == _robot_by_dijkstra(grid, k, s, p, e), (grid, k, s, p, e)
        unreachable += answer == -1
        for mistake in differs:
            differs[mistake] += robot_moves(grid, k, s, p, e, mistake) != answer
    assert 20 < unreachable < 200 and all(differs.values()), (unreachable, differs)


def test_q3s_robot_warehouses_keep_to_the_stated_constraints_and_test_speed_only():
    """Q3's efficiency cases are warehouses the problem allows (100 x 100 cells of . and #, K = 10, S, P and E three
    different floor cells given from 1) and meet none of correctness test 2's corners: shelves 11 deep all round
    (no way can leave the grid within K lifts: walking off one side onto the other changes nothing), a way exists;
    every modelled wrong answer (forgetting P, a cell visited once, the shortest way to P first, K - 1 lifts, a run
    of shelves for one lift) gives another answer."""
    ROBOT_MISTAKES, robot_moves, robot_warehouses = HIDDEN.ROBOT_MISTAKES, HIDDEN.robot_moves, HIDDEN.robot_warehouses
    for seed in (0, 1):
        cases = robot_warehouses(seed)
        assert len(cases) == 2
        for case in cases:
            lines = case.splitlines()
            rows, cols, k = map(int, lines[0].split())
            grid = lines[1:1 + rows]
            s, p, e = (tuple(int(x) - 1 for x in line.split()) for line in lines[1 + rows:])
            assert (rows, cols, k) == (100, 100, 10) and len(lines) == rows + 4 and all(len(g) == cols for g in grid)
            assert set("".join(grid)) == {".", "#"} and len({s, p, e}) == 3
            assert all(grid[r][c] == "." for r, c in (s, p, e))
            assert all(line[:11] == line[-11:] == "#" * 11 for line in grid) and set("".join(grid[:11] + grid[-11:])) == {"#"}
            answer = robot_moves(grid, k, s, p, e)
            assert answer > 0 and robot_moves(grid, k, s, p, e, "wrap") == answer
            assert all(robot_moves(grid, k, s, p, e, m) != answer for m in ROBOT_MISTAKES)


def test_q3s_robot_warehouses_make_a_search_that_revisits_states_time_out(monkeypatch):
    """Q3's efficiency group, as its test cell makes it: the solution's alternatives are accepted; a depth-first
    search that goes back to a state whenever it finds a shorter way to it (the wrong program declared to lose this
    group only) is judged 시간 초과 on the first warehouse, and the group stops there."""
    gid = "q3_picking_robot"
    g = _efficiency_group(gid, monkeypatch)
    assert len(g["cases"]) == 2
    with judged():
        for k in range(4):
            coding.check_group(_program(gid, "alternatives", k), g["style"], "efficiency", g["cases"],
                               reference=g["reference"])
        failed = group(_naive(gid), g["style"], g["cases"], [], reference=g["reference"])
    assert isinstance(failed, GroupFailed) and verdicts(failed.results) == [Verdict.TIME, Verdict.NOT_RUN], failed


def test_q8s_pickup_complex_keeps_to_the_stated_constraints_and_tests_speed_only():
    """Q8's efficiency complex is one the problem allows (50 x 50 cells of ., #, H, L; 50 homes, 13 sites,
    K = 6 or 7: 1,716 choices) and meets none of correctness test 2's corners: walls all round (no walk can
    leave the grid, so reading grid[-1] changes nothing), every home in reach of every site (no choice
    fails)."""
    from collections import deque

    pickup_complex = HIDDEN.pickup_complex
    for seed in (0, 1):
        lines = pickup_complex(seed).splitlines()
        n, m, k = map(int, lines[0].split())
        grid = lines[1:]
        assert (n, m) == (50, 50) and len(grid) == n and all(len(row) == m for row in grid)
        cells = "".join(grid)
        assert set(cells) <= set(".#HL") and cells.count("H") == 50 and cells.count("L") == 13 and k in (6, 7)
        assert set(grid[0] + grid[-1] + "".join(row[0] + row[-1] for row in grid)) == {"#"}
        start = next((r, c) for r in range(n) for c in range(m) if grid[r][c] == "L")
        seen, queue = {start}, deque([start])
        while queue:
            r, c = queue.popleft()
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if grid[nr][nc] != "#" and (nr, nc) not in seen:
                    seen.add((nr, nc))
                    queue.append((nr, nc))
        assert all((r, c) in seen for r in range(n) for c in range(m) if grid[r][c] in "HL")



def test_q8s_pickup_complex_makes_a_search_per_choice_time_out(monkeypatch):
    """Q8's efficiency group, as its test cell makes it: the solution and the slowest alternative (a BFS from each
    of the 50 homes, then every choice) are accepted; a BFS for each choice of K sites (1,716 searches of the
    grid, the wrong program declared to lose this group only) is judged 시간 초과."""
    gid = "q8_pickup_lockers"
    g = _efficiency_group(gid, monkeypatch)
    assert len(g["cases"]) == 1
    with judged():
        for text in (_program(gid, "alternatives", 0), _program(gid, "alternatives", 1)):
            coding.check_group(text, g["style"], "efficiency", g["cases"], reference=g["reference"])
        failed = group(_naive(gid), g["style"], g["cases"], [], reference=g["reference"])
    assert isinstance(failed, GroupFailed) and verdicts(failed.results) == [Verdict.TIME], failed


def _q5_loads(text: str) -> tuple:
    """Q5: a case's input as (n, cap, weights, pairs), checked against the stated constraints (1 <= N <= 13,
    1 <= W <= 10^8, 1 <= w_i <= W, 0 <= M <= N(N - 1)/2 distinct pairs of two parcels, either order)."""
    lines = text.splitlines()
    n, cap, m = map(int, lines[0].split())
    weights = list(map(int, lines[1].split()))
    pairs = [tuple(map(int, line.split())) for line in lines[2:]]
    assert 1 <= n <= 13 and len(weights) == n and 1 <= cap <= 10 ** 8 and all(1 <= w <= cap for w in weights)
    assert len(pairs) == m <= n * (n - 1) // 2 and all(len(p) == 2 and p[0] != p[1] for p in pairs)
    assert all(1 <= x <= n for p in pairs for x in p) and len({frozenset(p) for p in pairs}) == m
    return n, cap, weights, pairs


def test_q5s_delivery_vans_keep_to_the_stated_constraints_and_every_greedy_needs_another_van():
    """Q5's efficiency cases are inputs the problem allows (N = 13); on the first, light parcels with few pairs,
    the greedy (heaviest first) needs another van and there are more than 7,000,000 loadings, so a search that
    never abandons one times out; on the second every greedy order and fit the exercise declares (heaviest,
    lightest, input order, the most pairs, the most pairs then heaviest, DSatur-like; first fit, best fit) and a
    search that opens a new van only when no van takes the parcel need another van; on both, a load of exactly W
    and a pair kept apart one way only (correctness test 2's edges) change no answer."""
    VAN_GREEDIES, _van_loadings, _vans_answer, _vans_misses, delivery_vans = HIDDEN.VAN_GREEDIES, HIDDEN._van_loadings, HIDDEN._vans_answer, HIDDEN._vans_misses, HIDDEN.delivery_vans
    assert len(VAN_GREEDIES) == 12
    for seed in (0, 1, 2, 3):
        cases = [_q5_loads(text) for text in delivery_vans(seed)]
        assert len(cases) == 2 and all(c[0] == 13 for c in cases)
        for n, cap, weights, pairs in cases:
            answer = _vans_answer(n, cap, weights, pairs)
            assert all(_vans_answer(n, cap, weights, pairs, mistake) == answer for mistake in ("strict", "one-way"))
        assert _vans_answer(*cases[0], "heavy/first") != _vans_answer(*cases[0])
        assert _van_loadings(*cases[0]) > 7_000_000
        assert _vans_misses(*cases[1]) == set(VAN_GREEDIES) | {"new-last"}


def _hidden_cases(gid: str, cell: str, key: bytes, monkeypatch) -> list:
    """The cases a hidden group of ``gid`` checks, as its test cell draws them with ``key`` (check_group caught;
    the examples checked before it left out)."""
    caught: list = []

    def catch(program, style, group, cases, expected=None, **kw):
        caught[:] = cases

    with monkeypatch.context() as m:
        m.setattr(coding, "check_group", catch)
        judge.judge_cell(_cells()[f"test_{gid}_{cell}"], "test", _Jailed({gid: "x = 1\n"}), key,
                         nbm.BEGIN_HIDDEN, nbm.END_HIDDEN, 120, hidden_folder=REPO / "source" / "10_coding_test")
    return caught


@pytest.mark.parametrize("key", [b"s" * 32, b"t" * 32, b"u" * 32])
def test_q5s_typical_loads_and_loads_of_exactly_w_make_every_greedy_need_another_van(key, monkeypatch):
    """Q5's correctness groups, as their test cells draw them: inputs the problem allows; in correctness test 1
    (12 typical loads) the greedy that loads the heaviest parcel first into the first van needs another van on
    every load, and every other greedy order and fit, and a search that opens a new van only when no van takes
    the parcel, on one load at least; in correctness test 2 (20 cases or a few more) each of them on one at
    least too."""
    VAN_GREEDIES, _vans_answer, _vans_misses = HIDDEN.VAN_GREEDIES, HIDDEN._vans_answer, HIDDEN._vans_misses
    family = set(VAN_GREEDIES) | {"new-last"}
    typical = [_q5_loads(text) for text in _hidden_cases("q5_vans", "correct_1", key, monkeypatch)]
    assert len(typical) == 12 and all(5 <= c[0] <= 9 for c in typical)
    assert all(_vans_answer(*c, "heavy/first") != _vans_answer(*c) for c in typical)
    assert set().union(*map(_vans_misses, *zip(*typical))) == family
    edges = [_q5_loads(text) for text in _hidden_cases("q5_vans", "correct_2", key, monkeypatch)]
    assert len(edges) >= 20 and set().union(*map(_vans_misses, *zip(*edges))) == family


def test_q5s_delivery_vans_make_a_search_that_never_abandons_a_loading_time_out(monkeypatch):
    """Q5's efficiency group, as its test cell makes it: the solution and its alternatives (iterative deepening,
    the textbook bitmask DP over every subset of every subset, a memoised DP) are accepted; the search that never
    abandons a loading (the wrong program declared to lose this group only) is judged 시간 초과 on the light
    parcels, its first case, and the group stops there."""
    gid = "q5_vans"
    g = _efficiency_group(gid, monkeypatch)
    assert len(g["cases"]) == 2
    with judged():
        for k in range(3):
            coding.check_group(_program(gid, "alternatives", k), g["style"], "efficiency", g["cases"],
                               reference=g["reference"])
        failed = group(_naive(gid), g["style"], g["cases"], [], reference=g["reference"])
    assert isinstance(failed, GroupFailed) and verdicts(failed.results) == [Verdict.TIME, Verdict.NOT_RUN], failed


def test_q4s_packing_stations_keep_to_the_stated_constraints_and_test_speed_only():
    """Q4's efficiency cases are ones the problem allows (n = 10^9; 10,000 stations, then one, every t, c and b
    from 1 to 10^9); on the 10,000 stations every wrong count gives another answer, and an upper bound that
    ignores the rests (n x min(t)) holds the answer, so it loses only on the one station, whose answer
    (2 x 10^18 - 10^9) is past 10^18 and past n x t."""
    _stations_answer, packing_stations = HIDDEN._stations_answer, HIDDEN.packing_stations
    for seed in (0, 1):
        (n, stations), (n1, one) = packing_stations(seed)
        assert n == n1 == 10 ** 9 and len(stations) == 10000 and one == [[10 ** 9, 1, 10 ** 9]]
        assert all(len(s) == 3 and all(type(x) is int and 1 <= x <= 10 ** 9 for x in s) for s in stations)
        answer = _stations_answer(n, stations)
        assert answer < n * min(t for t, c, b in stations)
        assert all(_stations_answer(n, stations, m) not in (answer, None)
                   for m in ("no-rests", "rest-first", "no-cap", "after-rest", "before"))
        assert _stations_answer(n1, one) == 2 * 10 ** 18 - 10 ** 9


def test_q4s_packing_stations_make_a_heap_of_parcels_time_out(monkeypatch):
    """Q4's efficiency group, as its test cell makes it: the solution's alternatives are accepted; a heap of the
    stations' next parcels (a billion steps, the wrong program declared to lose this group only) is judged
    시간 초과 on the 10,000 stations, its first case."""
    gid = "q4_packing_stations"
    g = _efficiency_group(gid, monkeypatch)
    assert len(g["cases"]) == 2
    with judged():
        for k in range(3):
            coding.check_group(_program(gid, "alternatives", k), g["style"], "efficiency", g["cases"],
                               reference=g["reference"])
        failed = group(_naive(gid), g["style"], g["cases"], [], reference=g["reference"])
    assert isinstance(failed, GroupFailed) and verdicts(failed.results) == [Verdict.TIME, Verdict.NOT_RUN], failed


# what a program keeps from one case to the next: its globals and caches no, a module's attributes yes
BETWEEN_CASES = """
import functools, sys

calls = 0


@functools.cache
def seen(n):
    global calls
    calls += 1
    return n


def solution(n):
    seen(n)
    sys.carried = getattr(sys, "carried", 0) + 1
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10 ** 6)
    return [calls, seen.cache_info().currsize, sys.carried, limit]
"""


def test_between_two_cases_the_program_runs_afresh_but_a_modules_attributes_stay():
    """What the notebook's "Between two cases nothing of your program is kept" says: in one process for a
    correctness group, every case runs the whole program again in a fresh namespace (its globals and a
    functools.cache start empty), a module imported once keeps what the program set on it, and the recursion
    limit is back at 1,000."""
    with judged():
        results = coding.check_group(BETWEEN_CASES, "function", "correctness 1", [[7], [7], [7]],
                                     [[1, 1, 1, 1000], [1, 1, 2, 1000], [1, 1, 3, 1000]])
    assert verdicts(results) == [Verdict.ACCEPTED] * 3


def test_a_passing_group_notes_its_slowest_case_against_its_limit_in_self_study_only():
    """selfgrade shows a passing group's slowest case as a share of its limit ("0.02 s of 0.10 s"): the judge's
    note of the run, written as the cell's standard output (nbgrader does not score it) and read back by
    selfgrade; an instructor's grading (not self-study) notes nothing, and a failing group of a correctness test
    says its slowest case too."""
    from workbook.grading.judge import Verdict as CellVerdict
    from workbook.messages import render
    from workbook.student.selfgrade import _passed_note
    program = "print(int(input()) * 2)\n"
    for self_study in (True, False):
        with judged(self_study=self_study):
            coding.check_group(program, "stdin", "correctness 2", ["1\n", "2\n"], ["2\n", "4\n"])
            notes = getattr(_current.get(), "notes", [])
        if not self_study:
            assert notes == []
            continue
        assert len(notes) == 1
        text = render(notes[0])
        assert text.startswith("correctness test 2: 2 of 2 accepted; slowest case: ") and " s of " in text, text
        cell = {"outputs": CellVerdict("passed", notes).outputs()}
        assert cell["outputs"][0]["name"] == "stdout" and _passed_note(cell) == text
    with judged():
        failed = group(program, "stdin", ["1\n", "2\n"], ["2\n", "5\n"])
    assert "slowest case: " in "\n".join(failed.lines()), failed.lines()


def test_a_cell_whose_cases_are_all_hidden_says_it_judged_nothing_in_the_notebook(capsys):
    """A released correctness test 2 (or efficiency) cell, run in the notebook on a written program, checks only
    that the program is not the stub: it says so, in both editions, rather than a pass line; on the stub it says
    the program is still the stub."""
    import re

    import cell_runner
    from workbook import i18n
    for code in cell_runner.EDITIONS:
        text = re.sub(r"    ### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", "",
                      cell_runner.source(A, "test_q2_peak_hours_correct_2", code), flags=re.S)
        assert "require_written" in text and "HIDDEN" not in text
        with i18n.using(cell_runner.language(A, code)):
            exec(compile(text, "<released cell>", "exec"), {"q2_peak_hours": "print(1)\n"})
        out = capsys.readouterr().out
        assert "✔" not in out and "q2_peak_hours" in out, out
        assert ("not judged here" in out) if code == "en" else ("채점하지 않았습니다" in out), out
        stub = cell_runner.run(A, "test_q2_peak_hours_correct_2", {"q2_peak_hours": "raise NotImplementedError\n"},
                               code)
        assert stub is not None and "q2_peak_hours" in stub, stub
