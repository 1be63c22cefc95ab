"""Checks of the coding test (10_coding_test): a student's program judged
case group by case group, as 백준 and 프로그래머스 judge a submission.

The answer is a program: the text of a ``%%program qN_name`` cell
(``workbook.student.coding`` keeps it as a ``str`` in the notebook, a
``Program``). It never runs in the kernel. Each group of cases runs in one
process of its own, the driver ``coderun.py``, with the group's cases on its
standard input: when graded, in a fresh jail of the judge (``jailed``: no
network, nothing of the course but the workbook package the driver lives in,
which holds no solution (the hidden module does), the jail's cgroup counting the CPU time of
every process in it); in a notebook's own run, as a plain child process.
Two styles, both run by the driver:

* ``"stdin"`` (백준): the program reads a case from standard input and
  prints the answer; the output is compared line by line, trailing spaces
  and blank lines at the end ignored (the same tokens in another layout:
  출력 형식이 잘못되었습니다);
* ``"function"`` (프로그래머스): the program defines ``solution(...)``,
  called with the case's arguments; its return value is compared as data.

Time limits are CPU time, per case, and relative to the machine that grades:
a case of an efficiency group gets ``MULTIPLE`` times the reference
program's CPU time on the same case, at least ``EFFICIENCY_FLOOR``; a case of
a small group (the examples, the 정확성 groups), which has no reference
program, gets ``SMALL_MULTIPLE`` times the CPU time of a fixed calibration
program (``CALIBRATION``: about ``GROUP_CPU / SMALL_MULTIPLE`` on the machine
the floors were set on), at least ``CASE_CPU``, and all its cases together as
much, at least ``GROUP_CPU`` (``Machine``). Both measurements are taken in the
same kind of process as the student's program (the jail, when graded) by the
same process that grades (once per process, ``_reference``). A small group's
process may spend its group limit, and each case of an efficiency group runs in
a process (a jail) of its own that may spend that case's limit (the driver's
per-case timer runs in the program's process, which can switch it off: one
process for an efficiency group let a case take what the others left), each
with an allowance to start and to read its cases: ``startup_cpu`` for a small
group, and for an efficiency case at most what the reference's process spent
outside the same case (``_allowance``), that too scaled by how much slower than the floors' machine this one is
(``Machine.slowness``); its jail is killed when that is spent, whatever the
program does (threads and child processes included), and a group stops at
its first time-out. So a submission costs at most the sum of its groups'
budgets, and a correct program is judged by the same ratio to the machine's
speed on a slow grading machine as on a fast one. CPU time depends little on
the machine's load, but not nothing (a neighbour's memory traffic can slow a
program 2.5 times): a time-out is judged again once, at once, its limit
measured again (``_judged_again``), and stands only when both runs are over.

A program that sleeps, or waits for a read that never comes, spends no CPU
time, so wall-clock time is limited too, as CPU time is: a case may take
``WALL_MULTIPLE`` times its CPU limit, at least ``WALL_FLOOR`` (the driver's
timer stops it there: 시간 초과 for that case, and its group stops), and the
group's process ``WALL_MULTIPLE`` times its CPU budget, at least
``WALL_FLOOR``, plus ``WALL_EXTRA`` to start the jail, enforced from outside
(a program that switched the driver's timer off meets it). The multiple is
wide: an honest program within its CPU limit passes with a tenth of a core,
so the CPU limit is the one that judges it, even on a busy machine.

A failing group raises ``GroupFailed`` (``coding_messages``): the verdict
of every case, 백준's words, and, for the visible examples and in
self-study only, the smallest case the program got wrong. A hidden case's
input, expected output and the program's output never reach an
instructor's grading feedback.
"""
from __future__ import annotations

import builtins
import hashlib
import json
import math
import sys
import statistics
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from ..messages import msg
from . import coderun
from .core import CheckFailed, _current, _judge
from .exercise import StringKind
from .coding_messages import (CaseResult, GroupFailed, Verdict, examples_passed, group_passed,
                              nothing_checked, written_message)

#: a program answer: the text of a ``%%program`` cell (mutated as Python by ``workbook mutants``)
Program = Annotated[str, StringKind("program")]

CASE_CPU = 0.1            # CPU seconds of a case of a small group at least (its limit: see Machine)
GROUP_CPU = 0.1           # ... and of all the cases of a small group together at least
SMALL_MULTIPLE = 5.0      # a small group's limit: this many times the calibration's CPU time on the grading machine
EFFICIENCY_FLOOR = 0.3    # CPU seconds of an efficiency case at least
MULTIPLE = 5.0            # an efficiency case's limit: this many times the reference's CPU time on it
STARTUP_CPU = 0.06        # the jail, Python and the driver starting (0.025-0.03 s measured), once per group
PARSE_CPU = {"function": 0.1, "stdin": 0.03}   # ... and reading the cases, per MB of them: arguments are decoded
                                               # (100,000 order lines, 1.4 MB: 0.09 s), an input text is copied
ALLOWANCE_MARGIN, ALLOWANCE_EXTRA = 1.1, 0.01   # an efficiency case's allowance: the reference's start, and this
REFERENCE_CPU = 10.0      # the reference program's own limit per case (it is ours: a safety net only)
MEMORY = 256 << 20        # bytes of data a program may allocate (RLIMIT_DATA of its process)
JAIL_MEMORY = 512 << 20   # memory of the whole jail (its cgroup: the program, Python, its files)
OUTPUT = 2 << 20          # bytes of output of one case
WALL_MULTIPLE = 10.0      # a case's wall-clock limit: this many times its CPU limit (a tenth of a core is enough)
WALL_FLOOR = 1.0          # ... at least this many seconds
WALL_EXTRA = 2.0          # the group's process, from outside: its CPU budget's wall limit and this, to start the jail

DRIVER = str(Path(__file__).with_name("coderun.py"))
ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
       "PYTHONIOENCODING": "utf-8"}
STUB_MARK = "raise NotImplementedError"


# ------------------------------------------------------------------ one group in one process
class GroupRun:
    """What one run of the driver gave: per case its report and output, and
    what the process used, measured from outside."""

    def __init__(self, reports: list[tuple[dict, bytes]], code: int | None, usage: dict, stderr: bytes,
                 budget: float):
        self.reports, self.code, self.usage, self.stderr, self.budget = reports, code, usage, stderr, budget

    @property
    def cpu(self) -> float | None:
        value = self.usage.get("cpu")
        return float(value) if isinstance(value, (int, float)) else None


def _parse(out: bytes) -> list[tuple[dict, bytes]]:
    """The driver's reports: a JSON line, then ``size`` bytes of output, per
    case. Whatever does not read as one ends the list (a program that wrote
    to the driver's channel only loses its own cases)."""
    reports, pos = [], 0
    while pos < len(out):
        end = out.find(b"\n", pos)
        if end < 0:
            break
        try:
            header = json.loads(out[pos:end])
            size = int(header["size"])
            case = int(header["case"])
        except (ValueError, KeyError, TypeError):
            break
        if case != len(reports) or size < 0 or end + 1 + size > len(out):
            break
        reports.append((header, out[end + 1:end + 1 + size]))
        pos = end + 1 + size
    return reports


_ENCODED: dict[int, tuple[object, bytes]] = {}   # id -> (the case, kept alive, and its encoding)


def _encoded(case) -> bytes:
    """One case as JSON; a large one (an efficiency case, the same object for
    every submission a grading process grades: the hidden module's generators
    cache it) is encoded once."""
    size = len(case) + sum(len(x) for x in case if isinstance(x, (list, str))) if isinstance(case, list) else \
        len(case) if isinstance(case, str) else 0
    if size < 1000:
        return json.dumps(case, ensure_ascii=True, separators=(",", ":")).encode()
    hit = _ENCODED.get(id(case))
    if hit is not None and hit[0] is case:
        return hit[1]
    data = json.dumps(case, ensure_ascii=True, separators=(",", ":")).encode()
    if len(_ENCODED) >= 8:
        _ENCODED.pop(next(iter(_ENCODED)))
    _ENCODED[id(case)] = (case, data)
    return data


def encode_cases(cases: list) -> bytes:
    """The cases as the driver reads them (encoded once per group: the
    reference and the student's program get the same bytes)."""
    return b"[" + b",".join(_encoded(c) for c in cases) + b"]"


def wall_limit(cpu: float) -> float:
    """The wall-clock seconds of a case whose CPU limit is ``cpu`` (see the
    module's docstring)."""
    return max(WALL_FLOOR, WALL_MULTIPLE * cpu)


def group_wall(budget: float) -> float:
    """The wall-clock seconds of a group's process, enforced from outside."""
    return wall_limit(budget) + WALL_EXTRA


def run_group(program: str, style: str, cases: list | bytes, limits: list[float], *, budget: float,
              entry: str = "solution") -> GroupRun:
    """Run ``program`` on ``cases`` (input texts, or argument lists; or
    ``encode_cases`` of them) in one driver process: in a fresh jail when the
    judge grades. ``budget``: CPU seconds for the whole process, enforced
    from outside; ``limits``: CPU seconds per case, each with its wall-clock
    limit."""
    from . import command
    data = cases if isinstance(cases, bytes) else encode_cases(cases)
    head = json.dumps({"style": style, "program": program, "entry": entry, "limits": limits,
                       "walls": [wall_limit(x) for x in limits], "memory": MEMORY, "output": OUTPUT},
                      ensure_ascii=True).encode()
    argv = command.jailed([sys.executable, "-s", "-S", "-P", DRIVER], writable=[], cpu=budget, memory=JAIL_MEMORY)
    usage: dict = {}
    limit = len(limits) * (OUTPUT + 4096) + 65536
    out, err, code = command.spawn(argv, "/", dict(ENV), group_wall(budget), data=head + b"\n" + data,
                                   limit=limit, usage=usage)
    return GroupRun(_parse(out), code, usage, err, budget)


# ------------------------------------------------------------------ comparing
def _lines(text: str) -> list[str]:
    rows = [r.rstrip() for r in text.replace("\r\n", "\n").split("\n")]
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _same_data(a, b) -> bool:
    """Equal as data, types included (True is not 1; a tuple came as a list)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_data(a[k], b[k]) for k in a)
    return a == b


def _tokens(value) -> list[str]:
    if isinstance(value, list):
        return [t for v in value for t in _tokens(v)]
    if isinstance(value, dict):
        return [t for k, v in sorted(value.items()) for t in [k, *_tokens(v)]]
    return [str(value)]


def compare(style: str, expected, got: bytes) -> Verdict:
    """The verdict of one finished case's output."""
    if style == "stdin":
        text = got.decode("utf-8", errors="replace")
        # as 백준 judges: spaces at a line's end and blank lines at the end do not count, and a line break in
        # place of a space (or a space in place of a line break) is accepted; other whitespace is a layout fault
        if " ".join(_lines(text)) == " ".join(_lines(expected)):
            return Verdict.ACCEPTED
        return Verdict.FORMAT if text.split() == expected.split() else Verdict.WRONG
    try:
        value = json.loads(got)
    except ValueError:
        return Verdict.WRONG
    if _same_data(value, expected):
        return Verdict.ACCEPTED
    return Verdict.FORMAT if _tokens(value) == _tokens(expected) else Verdict.WRONG


_BUILTIN_ERRORS = {name for name, obj in vars(builtins).items() if isinstance(obj, type) and issubclass(obj, BaseException)}


def error_name(names) -> str:
    """The exception shown in 런타임 에러 (...): the first built-in class of
    its MRO. A name the program made up is never shown (it could spell out
    a hidden input)."""
    for n in names if isinstance(names, list) else []:
        if isinstance(n, str) and n.startswith("builtins.") and n[9:] in _BUILTIN_ERRORS:
            return n[9:]
    return "Exception"


def _signal_name(code: int | None) -> str:
    import signal
    if code is None or code <= 128:
        return ""
    try:
        return signal.Signals(code - 128).name
    except ValueError:
        return ""


def reported_cpu(value, run: GroupRun) -> float | None:
    """A case's CPU seconds as the driver reported them, to be shown: the
    report comes from the program's process, which can write any number
    there (one spelling out a hidden input, or one too large to format), so
    it is kept only as a finite number from 0 to what the whole process
    spent, measured from outside (its budget when that is not known), and
    else not shown."""
    if type(value) not in (int, float):
        return None
    ceiling = run.cpu if run.cpu is not None else run.budget
    try:
        seconds = float(value)
    except OverflowError:
        return None
    if not math.isfinite(seconds) or not 0 <= seconds <= ceiling:
        return None
    return seconds


def judge_cases(style: str, run: GroupRun, expected: list, limits: list[float]) -> list[CaseResult]:
    """The verdict of every case from one run of the driver. What the
    driver reports is trusted only to make a case fail: a pass needs the
    output compared here, and the process's CPU time (measured from outside)
    within its budget."""
    n = len(expected)
    out: list[CaseResult] = []
    for i, (header, data) in enumerate(run.reports[:n]):
        status = header.get("status")
        r = CaseResult(Verdict.WRONG, cpu=reported_cpu(header.get("cpu"), run), limit=limits[i])
        if status == "ok":
            r.verdict = compare(style, expected[i], data)
            r.got = _shown_output(style, data)
        elif status == "time":
            r.verdict = Verdict.TIME
            r.wall = wall_limit(limits[i]) if header.get("wall") is True else None
        elif status == "memory":
            r.verdict = Verdict.MEMORY
        elif status == "error":
            r.verdict, r.detail = Verdict.RUNTIME, error_name(header.get("error"))
        elif status == "type":
            r.verdict = Verdict.FORMAT
        elif status == "output":
            r.verdict = Verdict.OUTPUT
        elif status == "compile":
            r.verdict = Verdict.COMPILE
        out.append(r)
        if r.verdict in (Verdict.TIME, Verdict.COMPILE):
            break
    if len(out) < n and (not out or out[-1].verdict not in (Verdict.TIME, Verdict.COMPILE)):
        # the process ended before reporting this case: it was running it
        if run.usage.get("over_cpu") or (run.cpu is not None and run.cpu >= run.budget):
            r = CaseResult(Verdict.TIME)
        elif run.code is None:   # stopped from outside at the group's wall-clock limit, not at its CPU budget
            r = CaseResult(Verdict.TIME, wall=group_wall(run.budget))
        elif run.usage.get("oom") or _signal_name(run.code) in ("SIGKILL",):
            r = CaseResult(Verdict.MEMORY)
        elif _signal_name(run.code) == "SIGXFSZ":
            r = CaseResult(Verdict.OUTPUT)
        elif _signal_name(run.code) in ("SIGXCPU",):
            r = CaseResult(Verdict.TIME)
        else:
            r = CaseResult(Verdict.RUNTIME, detail=_signal_name(run.code) or "exit")
        r.limit = limits[len(out)]
        out.append(r)
    if run.cpu is not None and run.cpu > run.budget and all(r.verdict is Verdict.ACCEPTED for r in out):
        # every case claims to be in time but the process spent more than all of them may: not trusted
        out[-1].verdict = Verdict.TIME
    if run.code == coderun.EXIT_TIME and out and all(r.verdict is Verdict.ACCEPTED for r in out):
        # the driver's timer ended the process, yet every case reports in time: a report the program sent itself
        # (it can reach the driver's own function) before it ran on; the exit code is the driver's, so the case
        # that was running when it fired, the last one reported, was over its limit
        out[-1].verdict = Verdict.TIME
    if out and out[-1].verdict is Verdict.COMPILE:
        out += [CaseResult(Verdict.COMPILE) for _ in range(n - len(out))]
    out += [CaseResult(Verdict.NOT_RUN) for _ in range(n - len(out))]
    return out


# ------------------------------------------------------------------ the reference's time
_REFERENCES: dict[str, tuple[list, list[float]]] = {}
_STARTUPS: dict[str, float] = {}   # CPU seconds the reference's process spent outside its cases
_STARTUPS_AGAIN: dict[str, float] = {}   # ... when measured again, for a time-out judged again
_REFERENCES_LOCK = threading.Lock()


def _reference(program: str, style: str, cases: bytes, count: int, entry: str,
               again: bool = False) -> tuple[list, list[float]]:
    """(outputs, CPU seconds per case) of the reference program on the
    ``count`` encoded ``cases``, run as the student's will be (in the jail
    when graded), once per process and set of cases: the same grading run
    measures both, on the same machine. ``again``: measured again now, for a
    time-out judged again (``_judged_again``); the first measurement stays
    the one later submissions are judged by, and what the process spent
    outside the cases goes to ``_STARTUPS_AGAIN``."""
    key = _key(program, style, cases, entry)
    with _REFERENCES_LOCK:
        if key in _REFERENCES and not again:
            return _REFERENCES[key]
    limits = [REFERENCE_CPU] * count
    got = run_group(program, style, cases, limits, budget=sum(limits) + startup_cpu(cases, style), entry=entry)
    outputs, cpus = [], []
    for i, (header, data) in enumerate(got.reports):
        if header.get("status") != "ok":
            raise RuntimeError(f"the reference program failed on case {i + 1}: {header}")
        outputs.append(data.decode("utf-8") if style == "stdin" else json.loads(data))
        cpus.append(float(header["cpu"]))
    if len(outputs) != count:
        raise RuntimeError(f"the reference program stopped after {len(outputs)} of {count} cases "
                           f"(exit {got.code}): {got.stderr[-500:]!r}")
    with _REFERENCES_LOCK:
        startups = _STARTUPS_AGAIN if again else _STARTUPS
        if not again:
            _REFERENCES[key] = (outputs, cpus)
        if got.cpu is not None:   # outside its cases: measured from outside, less what the cases took
            startups[key] = max(0.0, got.cpu - sum(cpus))
    return outputs, cpus


def _key(program: str, style: str, cases: bytes, entry: str) -> str:
    run = _current.get()
    where = "local" if run is None or run.transport.local else "judge"
    digest = hashlib.sha256(json.dumps([where, style, entry, program]).encode())
    digest.update(cases)
    return digest.hexdigest()


def _reference_each(program: str, style: str, cases: list, entry: str) -> list[tuple[object, float, float | None]]:
    """(output, CPU seconds of the case, CPU seconds outside it) of the reference program on each case, each in a
    process (a jail, when graded) of its own as the student's program will be: the case's time as the driver
    measured it in the reference's process (ours, so trusted), and the rest of what the process spent measured
    from outside (starting, reading the case), which bounds a student's allowance for the same (``_allowance``).
    Once per process and case."""
    out = []
    for case in cases:
        data = encode_cases([case])
        (output,), (cpu,) = _reference(program, style, data, 1, entry)
        out.append((output, cpu, _STARTUPS.get(_key(program, style, data, entry))))
    return out


def _judged_again(result: CaseResult) -> CaseResult:
    """A case's verdict from its second run. A time-out is judged again once, at once, with the reference (or,
    for a small group, the calibration) measured again at that moment and the larger limit of the two: CPU time
    is not quite independent of the machine's load (a neighbour's memory traffic slowed a correct program 2.5
    times on a 2-core machine, and a full test suite's load once gave Q13's own solution a time-out). So *time
    limit exceeded* stands only when both runs are over their limits; the second run's verdict is the one that
    counts, and it can never have a smaller limit than the first. A program over its limit pays its budget twice."""
    result.again = result.verdict is Verdict.TIME
    return result


def _allowance(speed: "Machine", data: bytes, style: str, reference_startup: float | None) -> float:
    """What a student's process may spend outside its one efficiency case: what the reference's process spent
    outside the same case (``_reference_each``), with a margin for the noise of a start (``ALLOWANCE_MARGIN``,
    ``ALLOWANCE_EXTRA``: the student's start is the reference's, the driver's and Python's, plus the program's
    imports of the standard library, a few milliseconds), and never more than the estimate ``startup_cpu`` gives. A program that switches the
    driver's per-case timer off can spend its allowance on the case: the estimate alone gave a case of 1.5 MB of
    short strings 0.2 s for a decode of 0.02 s (the eighth hostile round: 0.49 s accepted on a 0.3 s limit)."""
    if reference_startup is None:   # not measured (no CPU figure from outside): the estimate
        return speed.startup(data, style)
    return min(speed.startup(data, style), ALLOWANCE_MARGIN * reference_startup + ALLOWANCE_EXTRA)


def startup_cpu(data: bytes, style: str = "stdin") -> float:
    """The CPU time a group's process may spend outside its cases: starting,
    and reading its cases (``data``, as ``encode_cases`` gives them)."""
    return STARTUP_CPU + PARSE_CPU.get(style, max(PARSE_CPU.values())) * len(data) / 1e6


def efficiency_limits(cpus: list[float]) -> list[float]:
    """A case's CPU limit from the reference's time on it (see the module's docstring)."""
    return [max(EFFICIENCY_FLOOR, MULTIPLE * c) for c in cpus]


# ------------------------------------------------------------------ the machine's speed
# the calibration: a fixed program doing what a correct answer spends its time on (a loop over a table, a dict, a
# sort, a split and a parse), about 0.02 s a case (GROUP_CPU / SMALL_MULTIPLE) on the machine the floors were set on
CALIBRATION = """
def solution(n):
    table = [0] * n
    counts = {}
    for i in range(1, n):
        j = i * 7919 % n
        if table[j - 1] + i > table[j]:
            table[j] = table[j - 1] + i
        counts[j & 1023] = counts.get(j & 1023, 0) + 1
    words = " ".join(map(str, range(0, n, 7))).split()
    total = sum(int(w) for w in sorted(words))
    return (max(table) + len(counts) + total) % 1000003
"""
CALIBRATION_CASES = [[70000]] * 3   # the median of three: one case slowed by a neighbour does not count


@dataclass(frozen=True)
class Machine:
    """The grading machine's speed, as the limits of the small groups and the
    startup allowance use it: ``calibration_cpu``, the calibration program's
    CPU seconds per case (the median of ``CALIBRATION_CASES``) measured there."""

    calibration_cpu: float

    @property
    def slowness(self) -> float:
        """How many times slower than the machine the floors were set on (at least 1)."""
        return max(1.0, SMALL_MULTIPLE * self.calibration_cpu / GROUP_CPU)

    def small_limits(self, count: int) -> tuple[list[float], float]:
        """(CPU limit of each case, CPU limit of all of them together) of a small group of ``count`` cases."""
        case = CASE_CPU * self.slowness
        return [case] * count, min(case * count, GROUP_CPU * self.slowness)

    def startup(self, data: bytes, style: str) -> float:
        """The CPU allowance of a group's process to start and read its cases, on this machine."""
        return startup_cpu(data, style) * self.slowness


def machine(again: bool = False) -> Machine:
    """This machine's ``Machine``: the calibration run as the student's
    program runs (in the jail when graded), once per process; ``again``:
    measured again now (``_reference``)."""
    _, cpus = _reference(CALIBRATION, "function", encode_cases(CALIBRATION_CASES), len(CALIBRATION_CASES),
                         "solution", again=again)
    return Machine(statistics.median(cpus))


# ------------------------------------------------------------------ checks
def _program(program) -> str:
    if not isinstance(program, str):
        raise CheckFailed(msg("your answer should be the text of a %%program cell, not a {type}",
                              type=type(program).__name__), show_values=False)
    return program


def require_written(program, name: str | None = None) -> None:
    """The program is more than the released stub (the visible part of a
    hidden group's test: its cases run when graded)."""
    text = _program(program)
    code = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    run = _current.get()
    if not code or (len(code) == 1 and STUB_MARK in code[0]):
        raise CheckFailed(written_message(name or (_answer_name(run) if run else "program")), show_values=False)
    if run is not None and _judge.get() is None and not run.has_hidden_part:
        # a released cell run in the notebook: its cases are hidden, so what it prints says it judged nothing
        # (``exercise`` prints ``run.passed_message`` in place of its pass line)
        run.passed_message = nothing_checked(run.question, name or _answer_name(run))


def _answer_name(run) -> str:
    """The name of the answer a test cell's function takes (``q1_best_sellers``), for its messages."""
    return run.test.removeprefix("test_").rsplit("_correct_", 1)[0].removesuffix("_efficiency") or run.question


def _self_study() -> bool:
    ctx = _judge.get()
    return True if ctx is None else bool(getattr(ctx, "self_study", False))


def python_text(value) -> str:
    """A value that came back as JSON, written in Python's notation (``None``, ``True``, ``[1, "a"]``), as a
    프로그래머스 problem states its examples: a string in double quotes, as JSON and Python both write it."""
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(python_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_text(k)}: {python_text(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _shown_input(style: str, case) -> str:
    return case if style == "stdin" else ", ".join(python_text(a) for a in case)


def _shown_value(style: str, value) -> str:
    return value if style == "stdin" else python_text(value)


def _shown_output(style: str, data: bytes) -> str:
    """What a case's program gave, as the student reads it: the text it printed, or the value ``solution``
    returned (sent as JSON by the driver) in Python's notation."""
    text = data.decode("utf-8", errors="replace")
    if style == "stdin":
        return text
    try:
        return python_text(json.loads(text))
    except ValueError:
        return text


def _each_case(text: str, style: str, cases: list, expected: list, limits: list[float], speed: "Machine",
               entry: str, startups: list[float | None], reference: str) -> list[CaseResult]:
    """An efficiency group's verdicts: each case in a jail of its own, whose CPU budget is that case's limit
    (and the allowance to start), enforced from outside. The driver's per-case timer runs in the program's own
    process, which can switch it off: in one process for the group, a program could give its last case the time
    the first left (1.9 times its limit, the seventh hostile round). A case that times out is judged again once
    (``_judged_again``); the group stops at its first time-out that stands."""
    out: list[CaseResult] = []
    for case, want, limit, startup in zip(cases, expected, limits, startups):
        data = encode_cases([case])

        def once(limit: float, startup: float | None) -> CaseResult:
            run = run_group(text, style, data, [limit], budget=limit + _allowance(speed, data, style, startup),
                            entry=entry)
            return judge_cases(style, run, [want], [limit])[0]

        result = once(limit, startup)
        if result.verdict is Verdict.TIME:
            (_,), (cpu,) = _reference(reference, style, data, 1, entry, again=True)
            again = _STARTUPS_AGAIN.get(_key(reference, style, data, entry))
            result = _judged_again(once(max(limit, efficiency_limits([cpu])[0]),
                                        max(startup, again) if startup is not None and again is not None else None))
        out.append(result)
        if out[-1].verdict in (Verdict.TIME, Verdict.COMPILE):
            break
    if out and out[-1].verdict is Verdict.COMPILE:
        out += [CaseResult(Verdict.COMPILE) for _ in range(len(cases) - len(out))]
    return out + [CaseResult(Verdict.NOT_RUN) for _ in range(len(cases) - len(out))]


def check_group(program, style: str, group: str, cases: list, expected: list | None = None, *,
                reference: str | None = None, entry: str = "solution", hint: str | None = None,
                verdict_hints: dict | None = None) -> list[CaseResult]:
    """Judge one group of cases. ``expected``: the answer of every case (the
    text a 백준 program prints, or the value ``solution`` returns); or
    ``reference``: a program whose output is the expected one and whose CPU
    time sets the limits (an efficiency group). Raises ``GroupFailed`` unless
    every case is accepted. ``hint``: the group's hint; ``verdict_hints``:
    ``{Verdict.TIME: ...}``, a hint for a verdict that needs its own (an
    efficiency group's speed hint: ``coding_messages.group_hints`` says
    which hint a failure shows)."""
    text = _program(program)
    data = encode_cases(cases)
    speed = machine()
    if reference is not None:
        measured = _reference_each(reference, style, cases, entry)
        expected = [m[0] for m in measured]
        results = _each_case(text, style, cases, expected, efficiency_limits([m[1] for m in measured]), speed,
                             entry, [m[2] for m in measured], reference)
    else:
        if expected is None or len(expected) != len(cases):
            from .core import AuthoringError
            raise AuthoringError("check_group needs an expected answer per case, or a reference program")
        def once(speed: Machine) -> list[CaseResult]:
            limits, budget = speed.small_limits(len(cases))
            run = run_group(text, style, data, limits, budget=budget + speed.startup(data, style), entry=entry)
            return judge_cases(style, run, expected, limits)

        results = once(speed)
        if any(r.verdict is Verdict.TIME for r in results):
            # judged again once, on the machine's speed measured again now (``_judged_again``)
            results = [_judged_again(r) for r in once(max(speed, machine(again=True), key=lambda m: m.slowness))]
    for r, case, want in zip(results, cases, expected):
        r.shown_input, r.expected = _shown_input(style, case), _shown_value(style, want)
    if any(r.verdict is not Verdict.ACCEPTED for r in results):
        examples = group == "examples"
        raise GroupFailed(group, results, hint, show_case=examples or _self_study(), examples=examples,
                          verdict_hints=verdict_hints, style=style)
    run = _current.get()
    if _judge.get() is not None and _self_study() and run is not None and group != "examples":
        # a passing group's line in selfgrade: the slowest case against its limit (the judge's verdict notes)
        run.notes = [*getattr(run, "notes", []), group_passed(group, results)]
    return results


def check_examples(program, style: str, examples: list[tuple], *, entry: str = "solution",
                   hint: str | None = None, verdict_hints: dict | None = None) -> None:
    """The problem's 예제 입출력: ``[(input, expected output), ...]`` (for a
    ``solution`` problem, ``([arguments], expected return value)``). A
    failure shows the first example the program got wrong."""
    results = check_group(program, style, "examples", [e[0] for e in examples], [e[1] for e in examples],
                          entry=entry, hint=hint, verdict_hints=verdict_hints)
    if _judge.get() is None:
        print(examples_passed(results))


def limits_summary() -> dict:
    """The limits as numbers, for the notebook's text and the tests."""
    return {"case_cpu": CASE_CPU, "group_cpu": GROUP_CPU, "small_multiple": SMALL_MULTIPLE,
            "efficiency_floor": EFFICIENCY_FLOOR,
            "multiple": MULTIPLE, "memory_mb": MEMORY >> 20, "output_mb": OUTPUT >> 20,
            "startup_cpu": STARTUP_CPU, "parse_cpu_per_mb": dict(PARSE_CPU), "wall_multiple": WALL_MULTIPLE,
            "wall_floor": WALL_FLOOR, "wall_extra": WALL_EXTRA}

