"""What a coding-test check says (10_coding_test): the verdicts as data and
every message made from them, in one place.

The verdicts are 백준's (맞았습니다!!, 틀렸습니다, 시간 초과, ...), written
in English as their msgids and shown in the notebook's language (the Korean
catalogue gives 백준's own words). ``GroupFailed`` is the failure of one
case group: its lines say the group's verdict, how many cases passed, the
verdict of every case (runs of the same verdict compressed), the CPU time of
the slowest case against its limit, in self-study the smallest case the
program got wrong, and the hint. Every line is a message (``workbook.messages``:
a template and its values, each word chosen at run time a message of its own),
rendered where it is read, in the notebook's language.
"""
from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from ..messages import as_message, joined, msg
from .core import CheckFailed, _in_exam


class Verdict(enum.Enum):
    """The verdict of one case, as 백준 shows it (the value is the English msgid)."""

    ACCEPTED = "accepted"
    WRONG = "wrong answer"
    FORMAT = "presentation error"
    TIME = "time limit exceeded"
    MEMORY = "memory limit exceeded"
    RUNTIME = "runtime error"
    OUTPUT = "output limit exceeded"
    COMPILE = "compilation error"
    NOT_RUN = "not judged"


def verdict_word(verdict: Verdict):
    """A verdict's name, a message (each one a literal here, for the catalogue)."""
    return {Verdict.ACCEPTED: msg("accepted"), Verdict.WRONG: msg("wrong answer"),
            Verdict.FORMAT: msg("presentation error"), Verdict.TIME: msg("time limit exceeded"),
            Verdict.MEMORY: msg("memory limit exceeded"), Verdict.RUNTIME: msg("runtime error"),
            Verdict.OUTPUT: msg("output limit exceeded"), Verdict.COMPILE: msg("compilation error"),
            Verdict.NOT_RUN: msg("not judged")}[verdict]


def verdict_text(verdict: Verdict, detail: str = ""):
    """A verdict as a message; a runtime error with the exception's name, as
    백준 shows it: ``런타임 에러 (ValueError)``."""
    word = verdict_word(verdict)
    return msg("{verdict} ({detail})", verdict=word, detail=detail) if detail else word


@dataclass
class CaseResult:
    """One case of a group: its verdict, the CPU seconds it took (the
    driver's count, shown, never trusted for a pass), and for the self-study
    view what it was given, expected and got."""

    verdict: Verdict
    detail: str = ""
    cpu: float | None = None
    limit: float | None = None
    wall: float | None = None     # a time-out at this wall-clock limit (the program waited), not at ``limit``
    again: bool = False           # a time-out that stood when the case was run a second time (coding._judged_again)
    shown_input: str = ""
    expected: str = ""
    got: str = ""


def group_name(group: str):
    """A group's name, a message."""
    names = {"examples": msg("examples"), "correctness 1": msg("correctness test 1"),
             "correctness 2": msg("correctness test 2"), "efficiency": msg("efficiency test")}
    return names.get(group, group)


def group_of_test(test_id: str) -> str | None:
    """The group a test cell of 10_coding_test judges, from its grade id
    (``test_q3_picking_robot_correct_2`` -> "correctness 2"), for selfgrade."""
    for suffix, group in (("_correct_1", "correctness 1"), ("_correct_2", "correctness 2"),
                          ("_efficiency", "efficiency")):
        if test_id.endswith(suffix):
            return group
    return None


def case_runs(results: list[CaseResult]):
    """``1-3 accepted · 4 wrong answer · 5-10 not judged``: each case's
    verdict, a run of equal verdicts written once."""
    parts, start = [], 0
    for i in range(1, len(results) + 1):
        if i < len(results) and (results[i].verdict, results[i].detail) == \
                (results[start].verdict, results[start].detail):
            continue
        cases = f"{start + 1}" if i - 1 == start else f"{start + 1}-{i}"
        parts.append(msg("{cases} {verdict}", cases=cases,
                         verdict=verdict_text(results[start].verdict, results[start].detail)))
        start = i
    return joined(parts, " · ")


def _indented(message, spaces: int = 2):
    """A line of a verdict: a message (or text) after its indentation."""
    return joined([" " * spaces, message], "")


def _shown(text: str, lines: int = 8, width: int = 100) -> list:
    rows = text.rstrip("\n").split("\n") if text else [""]
    out = ["      " + (r if len(r) <= width else r[:width - 3] + "...") for r in rows[:lines]]
    if len(rows) > lines:
        out.append(_indented(msg("... ({count} more lines)", count=len(rows) - lines), 6))
    return out


#: the verdicts a program can get for its speed or its size, not for its answer
RESOURCE_VERDICTS = (Verdict.TIME, Verdict.MEMORY)


def group_hints(group: str, verdicts: list[Verdict], hint=None, verdict_hints: dict | None = None) -> list:
    """The hints of a failing group, one per verdict it got (in the order of its cases, each hint once).

    A test cell declares them as data: ``hint`` for the group, ``verdict_hints`` (``{Verdict.TIME: ...}``)
    for a verdict that needs its own. A speed hint belongs to *time limit exceeded* only: an efficiency
    group's verdict that is not about speed or size (a wrong answer, a runtime error on a large case)
    gets ``hint`` if the cell gave one, else ``large_case_hint``; memory limit exceeded without a hint
    of its own gets ``memory_hint``."""
    verdict_hints = verdict_hints or {}
    out = []
    for verdict in verdicts:
        if verdict in (Verdict.ACCEPTED, Verdict.NOT_RUN):
            continue
        if verdict in verdict_hints:
            h = verdict_hints[verdict]
        elif verdict is Verdict.MEMORY:
            h = memory_hint()
        elif group == "efficiency" and verdict not in RESOURCE_VERDICTS:
            h = hint if hint is not None else large_case_hint()
        else:
            h = hint
        h = as_message(h)
        if h is not None and h not in out:
            out.append(h)
    return out


def large_case_hint():
    return msg("this verdict is not about speed: on a large case the program's answer is checked too. Run it on "
               "an input of the largest size and values the constraints allow, and check the edge cases of "
               "correctness tests 1 and 2")


def memory_hint():
    from .coding import MEMORY
    return msg("the program needs more than {mb} MB of memory: keep only what the algorithm needs (a list as long "
               "as the largest value the constraints allow, rather than as the number of items, may not fit)",
               mb=MEMORY >> 20)


class GroupFailed(CheckFailed):
    """A group with a case that is not accepted (raised by the checks of
    ``workbook.checks.coding``). ``show_case``: the smallest case the program
    got wrong is shown (visible examples; hidden groups in self-study only)."""

    def __init__(self, group: str, results: list[CaseResult], hint, show_case: bool,
                 examples: bool = False, *, verdict_hints: dict | None = None, style: str = "stdin"):
        self.results, self.group, self.show_case, self.examples = results, group, show_case, examples
        self.style = style
        first = next(r for r in results if r.verdict is not Verdict.ACCEPTED)
        self.hints = group_hints(group, [r.verdict for r in results], hint, verdict_hints or {})
        super().__init__(first.verdict.value, hint=self.hints[0] if self.hints else None, show_values=False)

    def line_messages(self) -> list:
        results = self.results
        first = next(r for r in results if r.verdict is not Verdict.ACCEPTED)
        passed = sum(r.verdict is Verdict.ACCEPTED for r in results)
        out = [msg("{question} {group}: {verdict} ({passed}/{total} accepted)", question=self.question,
                   group=group_name(self.group), verdict=verdict_text(first.verdict, first.detail),
                   passed=passed, total=len(results))]
        if len(results) > 1:
            # a hidden group names the exception of its first failing case only: a name per case would let a
            # program spell out its hidden inputs a few bits a case (one of the builtin exceptions each)
            listed = results if self.examples or self.show_case else \
                [r if r is first else dataclasses.replace(r, detail="") for r in results]
            out.append(_indented(msg("cases: {runs}", runs=case_runs(listed))))
        timed = [r for r in results if r.cpu is not None and r.limit is not None]
        if first.verdict is Verdict.TIME:
            if first.wall is not None:
                out.append(_indented(msg("stopped at the wall-clock time limit, {limit:.2f} s: the program was "
                                         "waiting (a sleep, or an input that never comes), not computing",
                                         limit=first.wall)))
            elif first.limit is not None:
                out.append(_indented(msg("CPU time limit of that case: {limit:.2f} s (the program was stopped "
                                         "there)", limit=first.limit)))
            if first.again:
                out.append(_indented(msg("run a second time at once, its limit measured again: over the limit "
                                         "both times")))
        elif timed:
            out.append(_indented(slowest_case(timed)))
        if self.show_case:
            wrong = [r for r in results if r.verdict not in (Verdict.ACCEPTED, Verdict.NOT_RUN) and r.shown_input]
            if wrong:
                case = min(wrong, key=lambda r: len(r.shown_input))
                index = results.index(case) + 1
                out.append(_indented(msg("example {index}, input:", index=index) if self.examples else
                                     msg("the smallest case it got wrong (case {index}, shown in self-study "
                                         "only), input:", index=index)))
                out += _shown(case.shown_input)
                if case.verdict in (Verdict.WRONG, Verdict.FORMAT):
                    out.append(_indented(msg("expected:"), 4))
                    out += _shown(case.expected)
                    out.append(_indented(msg("your solution returned:") if self.style == "function" else
                                         msg("your program printed:"), 4))
                    out += _shown(case.got)
                    if self.style == "function" and case.got == "None":
                        out.append(_indented(msg("(solution returns its answer: what it prints is not read)"), 4))
        if self.hints and not _in_exam(self.question):
            out += [msg("  hint: {hint}", hint=h) for h in self.hints]
        return out


def slowest(results: list[CaseResult]) -> CaseResult | None:
    """The case nearest its CPU limit (its share of it the largest), of those with both figures known."""
    timed = [r for r in results if r.cpu is not None and r.limit]
    return max(timed, key=lambda r: r.cpu / r.limit) if timed else None


def slowest_case(results: list[CaseResult]):
    """``slowest case: 0.21 s of 0.65 s of CPU time (its limit)``: the case nearest its limit."""
    slow = slowest(results)
    return msg("slowest case: {cpu:.2f} s of {limit:.2f} s of CPU time (its limit)", cpu=slow.cpu, limit=slow.limit)


def group_passed(group: str, results: list[CaseResult]):
    """A passing group's line (selfgrade, self-study only): its cases, and the slowest against its limit."""
    if slowest(results) is None:
        return msg("{group}: {total} of {total} accepted", group=group_name(group), total=len(results))
    return msg("{group}: {total} of {total} accepted; {slowest}", group=group_name(group), total=len(results),
               slowest=slowest_case(results))


def nothing_checked(question: str, name: str):
    """What a test cell whose cases are all hidden says when it runs in the notebook: it checked only that the
    program is written, not its answers."""
    return msg("{question}: not judged here: this test cell only checked that `{name}` is written (not the stub). "
               "Its cases are hidden: they run when the notebook is graded (in self-study, `workbook selfgrade`), "
               "and its points depend on them", question=question, name=name)


def written_message(name: str):
    return msg("`{name}` is still the stub: write your program in its cell (below the %%program line) and "
               "run that cell", name=name)


def examples_passed(results: list[CaseResult]):
    count = len(results)
    if slowest(results) is None:
        return msg("examples: {count} of {count} accepted", count=count)
    return msg("examples: {count} of {count} accepted; {slowest}", count=count, slowest=slowest_case(results))
