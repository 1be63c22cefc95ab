"""The judge: a test cell's specification, run outside the student's kernel.

While a notebook is graded, its test cells never reach the student's kernel.
The judge runs a test cell's source (restored from the gradebook by nbgrader:
visible and hidden parts) here, in the grader, with the ``@exercise``
machinery switched to a ``KernelChannel``: every use of the student's answer
becomes a request to the sandboxed kernel (``workbook.checks.kernel.serve``)
that sends plain data in and gets plain data back. Expected values,
reference implementations, tolerances and messages stay here.

The result is a ``Verdict``; the grader writes the cell's outputs from it
(nothing on a pass but the judge's own notes on standard output, one error
on a failure), so nothing the kernel prints, displays or returns can change a
score.
"""
from __future__ import annotations

import ast
import builtins
import functools
import hashlib
import json
import linecache
import logging
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

from .. import i18n
from ..checks import runtime
from ..messages import as_data, msg, render
from ..checks.exercise import AnswerRaised, JudgeContext, Transport, judging
from ..checks.core import AuthoringError, CheckFailed
from ..checks.source import find_definition, is_exercise_cell  # noqa: F401 -- the grader asks judge.is_exercise_cell

log = logging.getLogger("workbook.judge")

REPLY_LIMIT = 64 * 2**20


class AnswerTimeout(Exception):
    pass


class KernelLost(Exception):
    pass


@dataclass
class Verdict:
    """What the judge decided for one test cell. Its ``messages`` are data
    (``workbook.messages``) until they are shown: ``lines`` renders them in
    ``language``, the graded notebook's."""

    status: str                      # passed | failed | broken
    messages: list = field(default_factory=list)
    detail: str = ""                 # for the instructor (grader log), never the student
    language: object = None          # an i18n.Language (None: English)

    MAX_LINE = 2_000                 # characters of one line of a verdict
    MAX_LINES = 40                   # lines of one verdict
    MAX_DETAIL = 20_000              # characters of the instructor's detail

    def __post_init__(self):
        self.messages = list(self.messages or [])
        self.detail = str(self.detail)[:self.MAX_DETAIL]

    @property
    def lines(self) -> list[str]:
        """The messages in the notebook's language, bounded whatever the
        answer made them of (a check quoting a 100 MB value, an exception
        with a huge message)."""
        lines = [render(m, self.language or i18n.Language()) for m in self.messages]
        cut = [x if len(x) <= self.MAX_LINE else x[:self.MAX_LINE] + f"... (+{len(x) - self.MAX_LINE:,})"
               for x in lines[:self.MAX_LINES]]
        if len(lines) > self.MAX_LINES:
            cut.append(f"... (+{len(lines) - self.MAX_LINES})")
        return cut

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def as_data(self) -> dict:
        """What the student may see, as plain data (the detail stays in the
        log): the lines as shown, and the messages as data."""
        return {"status": self.status, "lines": self.lines,
                "messages": [as_data(m) for m in self.messages[:self.MAX_LINES]]}

    def outputs(self) -> list[dict]:
        """The cell's outputs as nbgrader scores them: nothing on a pass (but
        the judge's own notes, on standard output, which nbgrader does not
        score: a coding test's group in self-study, ``coding.check_group``),
        one error on a failure."""
        if self.passed:
            return [{"output_type": "stream", "name": "stdout", "text": "".join(f"{x}\n" for x in self.lines)}] \
                if self.messages else []
        ename = "CheckFailed" if self.status == "failed" else "GraderError"
        first, *rest = self.lines or ["failed"]
        return [{"output_type": "error", "ename": ename, "evalue": first,
                 "traceback": [f"\x1b[0;31m✘ {first}\x1b[0m", *rest]}]


@dataclass
class HeldHandles:
    """The handles one kernel holds for the judge's test cells: whether the
    last test cell's are still held (``KernelChannel.end_test``). Shared by
    the channels of the kernel's test cells."""

    release_due: bool = False


class KernelChannel(Transport):
    """Requests to the student's sandboxed kernel through the grader's own
    kernel client (user_expressions of a silent execute request: no history,
    no output, no hooks), under one deadline for the whole test cell."""

    local = False

    def __init__(self, client, sources: list[str], deadline: float, jail=None, transcript=None,
                 shipped: set[str] | None = None, labels: list[str] | None = None, given: list[str] = (),
                 given_labels: list[str] | None = None, facts: list[str] | None = None,
                 guard: runtime.Guard | None = None, answers: dict[str, tuple[str, ...]] | None = None,
                 held: HeldHandles | None = None):
        self.client = client          # the nbclient NotebookClient (nbgrader's Execute)
        self.student_cells = sources  # the student's code cells before this test cell
        self.labels = labels          # how a message names each of them
        self.given = list(given)      # the instructor's read-only code cells before it (they run in the kernel)
        self.given_labels = given_labels
        # what the judge saw change in the kernel's process, for the whole notebook (runtime.Guard)
        self.facts = facts if facts is not None else []
        self.guard = guard            # the kernel's guard, installed before the student's first cell
        # answer name -> its questions, from every test cell of the notebook (source.exercise_answers)
        self._answers = dict(answers or {})
        self.deadline = deadline
        self.jail = jail
        self.transcript = transcript  # a callable(request, reply) or None
        # the data files already sent into this kernel (the notebook's other test cells share the set)
        self.shipped = shipped if shipped is not None else set()
        # the handles of the kernel's last test cell (its channel's too: one per kernel, the others share it)
        self.held = held if held is not None else HeldHandles()

    timed_out = False

    def request(self, req: dict) -> dict:
        if self.timed_out:
            raise AnswerTimeout()
        files = self._files_for(req)
        sent = dict(req, files=files) if files else req
        if self.held.release_due:   # the last test cell's handles go with this request, not one of their own
            sent = dict(sent, release=True)
        text = json.dumps(sent, separators=(",", ":"), allow_nan=False)
        if self.guard is None:
            raise KernelLost("the grader's guard is not installed in this kernel")
        nonce, envelope = self.guard.envelope(text)
        payload = guard_payload(self._execute({runtime.WB: envelope}))
        if not isinstance(payload, dict):   # answered: the kernel dropped them before anything else
            self.held.release_due = False
        if isinstance(payload, dict):
            reply = payload
        else:
            reply_text, facts = self.guard.read(payload, nonce, text)
            self.facts.extend(f for f in facts if f not in self.facts)
            reply = _json_object(reply_text)
        self.shipped.update(f["name"] for f in files)
        if self.transcript is not None:
            if req.get("op") == "batch" and isinstance(reply.get("replies"), list):
                for one, answered in zip(req.get("requests", []), reply["replies"]):  # a record per call
                    self.transcript(one, answered)
            else:
                self.transcript(req, reply)
        return reply

    def end_test(self) -> None:
        """The kernel drops the test cell's handles as it answers the next
        request (the next test cell's first, usually its lookup of the
        answer): a request of their own cost both sides a message round of
        IPython's and the guard's, once per test cell (16 of 03's 207)."""
        self.held.release_due = True

    def _files_for(self, req: dict) -> list[dict]:
        """The data files that the generated data of ``req`` is read from,
        from the judge's own folder, the first time a request of this kernel
        names that data: the kernel writes them into its cache instead of
        generating them again (02's hidden-seed database: 1.2 s in the kernel,
        3.4 MB sent). Only the files of data the request passes to the
        student's code anyway, never a name the kernel asks for."""
        import importlib
        from ..checks import wire
        from ..data import public_cache_files
        out: list[dict] = []
        public = set(public_cache_files())   # the kernel has those (the sandbox binds them)
        for node in _generated_nodes(req):
            module, name = node.get("module"), node.get("name")
            if not (isinstance(module, str) and module.startswith("workbook.data") and isinstance(name, str)):
                continue
            files = getattr(getattr(importlib.import_module(module), name, None), "cache_files", None)
            if files is None:
                continue
            dec = wire.Decoder()
            for path in files(*dec(node.get("args", [])), **dec(node.get("kwargs", {"$": "dict", "items": []}))):
                path = Path(path)
                if path.name not in self.shipped | public and path.name not in {f["name"] for f in out} \
                        and path.is_file():
                    out.append({"name": path.name, "data": wire.encode(path.read_bytes())})
        return out

    def _execute(self, user_expressions: dict) -> dict:
        """One silent execute request with ``user_expressions`` (no code, no
        history, no output, no event of IPython's), under the test cell's
        deadline: the reply message."""
        return execute_silently(self.client, user_expressions, self.deadline, self)

    def source(self, name: str, whole_cell: bool) -> str | None:
        return find_definition(self.student_cells, name, whole_cell)

    def sources(self) -> list[str]:
        return list(self.student_cells)

    def program(self):
        from ..checks.source import program
        return program(tuple(self.student_cells), tuple(self.given),
                       tuple(self.labels) if self.labels is not None else None,
                       tuple(self.given_labels) if self.given_labels is not None else None)

    def answers(self) -> dict[str, tuple[str, ...]]:
        return dict(self._answers)

    def process_facts(self) -> list[str]:
        return list(self.facts)

    def wrap_command(self, argv: list[str], writable: list[str], **limits) -> list[str]:
        return self.jail(argv, writable, **limits) if self.jail is not None else list(argv)


def execute_silently(client, user_expressions: dict, deadline: float, channel=None) -> dict:
    """The kernel's reply to a silent execute request of ``user_expressions``
    (nbclient's client ``client``), by ``deadline`` (then the kernel is
    interrupted and the channel, if any, marked timed out)."""
    from jupyter_core.utils import ensure_async, run_sync
    kc = client.kc
    msg_id = kc.execute("", silent=True, store_history=False, user_expressions=user_expressions,
                        allow_stdin=False, stop_on_error=False)

    async def wait():
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if channel is not None:
                    channel.timed_out = True
                await ensure_async(client.km.interrupt_kernel())
                raise AnswerTimeout()
            await drain_iopub(kc)
            try:
                msg = await ensure_async(kc.shell_channel.get_msg(timeout=min(left, 0.2)))
            except Empty:
                if not await ensure_async(kc.is_alive()):
                    raise KernelLost("the kernel died") from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                await drain_iopub(kc)
                return msg
    return run_sync(wait)()


def install_guard(client, guard: runtime.Guard, timeout: float = 60.0, own_namespace: bool = False) -> list[str]:
    """Install the judge's guard in a kernel that has run none of the
    student's cells yet (``runtime``): the facts to hold against the
    notebook (none when it is in place). ``own_namespace``: the kernel runs
    in the sandbox's PID namespace."""
    try:
        reply = parse_reply(execute_silently(client, {"r": runtime.install_expression(guard.key.hex(), own_namespace)},
                                             time.monotonic() + timeout), raw_string=True)
    except (AnswerTimeout, KernelLost) as e:
        reply = {"error": f"{type(e).__name__}: {e}"}
    if reply == {"value": runtime.INSTALLED}:
        return []
    log.error("the grader's guard could not be installed in the kernel: %s", reply)
    from ..checks.facts import fact
    return [fact("not_installed")]


def guard_payload(reply: dict) -> str | dict:
    """The guard's answer (text to verify) in an execute reply, or an
    'error' dict for anything else (an interrupt is the time limit)."""
    try:
        content = reply["content"]
        if content.get("status") != "ok":
            return {"error": f"{content.get('ename', 'error')}: {str(content.get('evalue', ''))[:300]}"}
        r = content["user_expressions"][runtime.WB]
        if r.get("status") != "ok":
            if r.get("ename") == "KeyboardInterrupt":
                raise AnswerTimeout()
            return {"error": f"{r.get('ename', 'error')}: {str(r.get('evalue', ''))[:300]}"}
        text = r["data"]["text/plain"]
        if not isinstance(text, str) or len(text) > REPLY_LIMIT:
            return {"error": "an unreadable reply"}
        return text
    except AnswerTimeout:
        raise
    except Exception as e:  # anything the kernel could have garbled
        return {"error": f"an unreadable reply ({type(e).__name__})"}


def _json_object(text: str) -> dict:
    try:
        out = json.loads(text)
    except ValueError as e:
        return {"error": f"an unreadable reply ({type(e).__name__})"}
    return out if isinstance(out, dict) else {"error": "an unreadable reply"}


def _generated_nodes(tree):
    """The generated-data recipes ({"$": "gen", ...}) in a request. Only containers are walked into: a
    frame's column is a list of thousands of strings or numbers (09's requests: 374,000 generators for 98
    requests, when every item had one)."""
    if isinstance(tree, dict):
        if tree.get("$") == "gen":
            yield tree
        values = tree.values()
    elif isinstance(tree, list):
        values = tree
    else:
        return
    for v in values:
        if isinstance(v, (dict, list)):
            yield from _generated_nodes(v)


async def drain_iopub(kc, limit: int = 10_000) -> int:
    """Discard what the kernel published (prints, displays) while the judge
    waits: output of a judge call is never shown, and left unread it would
    pile up in the grader. Returns the number of messages discarded."""
    from jupyter_core.utils import ensure_async
    n = 0
    while n < limit:
        try:
            await ensure_async(kc.iopub_channel.get_msg(timeout=0))
        except Empty:
            break
        n += 1
    return n


# what a str's repr never holds unescaped (and Python's parser refuses, or reads otherwise, in a literal)
_ESCAPED = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def repr_text(text: str) -> str:
    """The str of which ``text`` (a kernel's text/plain) is the repr, as
    ``ast.literal_eval`` reads it. A single-quoted text with no backslash,
    quote or control character inside is read directly: that is the usual
    reply (JSON without escapes), and literal_eval took 10 times as long as
    the JSON parse after it (6 ms a megabyte). Anything else is left to
    literal_eval."""
    if len(text) >= 2 and text[0] == text[-1] == "'":
        inner = text[1:-1]
        if "\\" not in inner and "'" not in inner and not _ESCAPED.search(inner):
            return inner
    return ast.literal_eval(text)


def parse_reply(reply: dict, raw_string: bool = False) -> dict:
    """The kernel's answer to the user expression "r", as a dict; anything
    malformed is an 'error'. With ``raw_string``: {"value": the str the
    expression gave}."""
    try:
        content = reply["content"]
        if content.get("status") != "ok":
            return {"error": f"{content.get('ename', 'error')}: {str(content.get('evalue', ''))[:300]}"}
        r = content["user_expressions"]["r"]
        if r.get("status") != "ok":
            ename = r.get("ename", "error")
            if ename == "KeyboardInterrupt":
                raise AnswerTimeout()
            return {"error": f"{ename}: {str(r.get('evalue', ''))[:300]}"}
        text = r["data"]["text/plain"]
        if not isinstance(text, str) or len(text) > REPLY_LIMIT:
            return {"error": "an unreadable reply"}
        payload = repr_text(text)
        if not isinstance(payload, str):
            return {"error": "an unreadable reply"}
        if raw_string:
            return {"value": payload}
        out = json.loads(payload)
        return out if isinstance(out, dict) else {"error": "an unreadable reply"}
    except AnswerTimeout:
        raise
    except Exception as e:  # anything the kernel could have garbled
        return {"error": f"an unreadable reply ({type(e).__name__})"}


def test_cell_imports(sources: list[str]) -> list[str]:
    """The modules the test cells ``sources`` import at their top level, in
    order, of the packages the judge imports ahead (``import_ahead``): the
    workbook package and those a warm kernel may preload
    (``sandbox.PRELOAD``); and Hypothesis for a cell whose hidden part draws
    inputs from its domain (``workbook.checks.domain``). The same test
    cells, the same answer: a worker parses them once (``_imports_of``)."""
    return list(_imports_of(tuple(sources)))


@functools.lru_cache(maxsize=64)
def _imports_of(sources: tuple[str, ...]) -> tuple[str, ...]:
    from .sandbox import PRELOAD
    allowed = {"workbook", *PRELOAD}
    out: list[str] = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level
                     else [])
            out += [n for n in names if n.split(".")[0] in allowed and n not in out]
        if "workbook.checks.domain" in source:   # hidden inputs drawn by Hypothesis (its import: 0.2-0.5 s)
            out += [n for n in ("workbook.checks.domain", "hypothesis.strategies") if n not in out]
    return tuple(out)


def import_ahead(modules: list[str]) -> None:
    """Import ``modules`` (what the test cells import) in this process before the first test cell is
    judged, once per worker. An import that fails here fails again, with its message, where the test cell
    imports it. (They were imported in a thread while the kernel ran: Python 3.11's conversions of syntax
    trees keep one recursion counter per interpreter, python/cpython#106905, and a library parsing in that
    thread beside the judge failed 07's grading with "AST constructor recursion depth mismatch".)"""
    import importlib
    import sys
    for m in modules:
        if m not in sys.modules:
            try:
                importlib.import_module(m)
            except Exception:  # noqa: BLE001 -- the test cell's own import says why
                pass


def seed_key(secret: str) -> bytes:
    return hashlib.sha256(b"workbook hidden seeds\0" + secret.encode()).digest()


def judge_cell(source: str, grade_id: str, transport: Transport, key: bytes,
               begin_hidden: str, end_hidden: str, timeout: float, language: i18n.Language | None = None,
               exam: bool = False, self_study: bool = False, hidden_folder: Path | None = None) -> Verdict:
    """Run one test cell's source against the student's kernel; its messages
    speak ``language`` (the graded notebook's). ``exam``: no hint lines (a
    selfgrade while the notebook's exam has time left); ``self_study``: a
    check may show a hidden case the answer got wrong (selfgrade only, never
    an instructor's grading); ``hidden_folder``: the assignment's source
    folder, where its hidden tests' module is (``checks.hiddenmodule``)."""
    from .. import data
    # the hidden seeds' data go to the judge's own folder, in this context only
    language = language or i18n.Language()
    with i18n.using(language), data.writing_to(judge_data_dir()):
        verdict = _judge_cell(source, grade_id, transport, key, begin_hidden, end_hidden, timeout, exam, self_study,
                              hidden_folder)
    verdict.language = language
    return verdict


def _judge_cell(source: str, grade_id: str, transport: Transport, key: bytes,
                begin_hidden: str, end_hidden: str, timeout: float, exam: bool = False,
                self_study: bool = False, hidden_folder: Path | None = None) -> Verdict:
    filename = f"<test cell {grade_id} {hashlib.sha1(source.encode()).hexdigest()[:8]}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    ctx = JudgeContext(transport, key, begin_hidden, end_hidden, exam=exam, self_study=self_study,
                       hidden_folder=hidden_folder)
    namespace = {"__name__": "__judge__", "__builtins__": builtins}
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
        with judging(ctx):
            exec(code, namespace)
        if not ctx.runs:
            return Verdict("broken", [msg("{question}: this test cell ran no @exercise test", question=grade_id)],
                           "no @exercise function ran")
        return Verdict("passed", [m for run in ctx.runs for m in getattr(run, "notes", [])])
    except CheckFailed as e:
        return Verdict("failed", e.line_messages())
    except AnswerTimeout:
        q = ctx.runs[-1].question if ctx.runs else grade_id
        return Verdict("failed", [msg("{question}: your code ran longer than the time limit of this test ({seconds} s)",
                                      question=q, seconds=f"{timeout:.0f}"),
                                  msg("  hint: {hint}", hint=msg(
                                      "look for an endless loop, or work that grows too fast with the input"))])
    except KernelLost:
        raise
    except AnswerRaised as e:  # raised outside any @exercise run
        failed = e.check_failed()
        failed.question = grade_id
        return Verdict("failed", failed.line_messages())
    except AuthoringError:
        detail = traceback.format_exc()
        log.error("test cell %s is not a valid exercise: %s", grade_id, detail)
        q = ctx.runs[-1].question if ctx.runs else grade_id
        return Verdict("broken", [msg("{question}: the grader could not run this test (a mistake in the test); "
                                      "the instructor has been told", question=q)], detail)
    except Exception as e:
        # The test code ran with the solution (the reference run), so an
        # exception here comes from what this answer gave back.
        detail = traceback.format_exc()
        log.warning("test cell %s raised on this answer: %s", grade_id, detail)
        run = ctx.runs[-1] if ctx.runs else None
        q = run.question if run else grade_id
        if _raised_in_hidden(e, filename, ctx):
            return Verdict("failed", [msg("{question}: failed a hidden test: your answer gave something the test "
                                          "could not use ({error})", question=q, error=type(e).__name__)], detail)
        return Verdict("failed", [msg("{question}: your answer gave something the test could not use: {error}",
                                      question=q, error=f"{type(e).__name__}: {str(e)[:200]}"),
                                  msg("  hint: {hint}", hint=msg("check the type and shape of what your answer "
                                                                 "returns"))], detail)
    finally:
        linecache.cache.pop(filename, None)


def _raised_in_hidden(exc: BaseException, filename: str, ctx) -> bool:
    from ..checks.core import hidden_ranges
    ranges = hidden_ranges(filename, ctx.begin_hidden, ctx.end_hidden)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename and any(a <= tb.tb_lineno <= b for a, b in ranges):
            return True
        tb = tb.tb_next
    return False


def judge_data_dir() -> Path:
    """Where the judge's generators write (hidden-seed data): a folder of its
    own beside the data cache, never inside it, and never shown to a sandbox
    (which sees only the public seeds' files: ``sandbox.public_cache``)."""
    from ..data import judge_cache_dir
    return judge_cache_dir()
