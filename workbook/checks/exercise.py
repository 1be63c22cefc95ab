"""An exercise's test cell, declared once: ``@exercise`` and its answers.

A test cell holds one test function::

    from workbook.checks import check_cases, exercise

    @exercise("q1")
    def test_format_progress(format_progress: callable):
        check_cases(format_progress, [((7, 120, 0.5, 0.0003, 125.9),
                                       "[epoch 007/120] loss=0.5000 lr=3.0e-04 time=02:05")])
        ### BEGIN HIDDEN TESTS
        ...
        ### END HIDDEN TESTS

Its parameters name the student's answers (the annotation says what kind of
object each must be) and its body is the specification: inputs, what is
compared, tolerances, messages. ``@exercise`` runs it at once.

Where the test function runs decides nothing about its text:

* In the student's own kernel (running the cell, nbgrader validate) the
  answers are looked up in the notebook's namespace.
* When the notebook is graded, the grader's judge runs the same function
  outside the student's kernel. Each parameter is then a reference to the
  student's object in the sandboxed kernel: calling it, reading an attribute
  or running a probe sends plain-data arguments in and gets plain data back
  (``kernel``, ``wire``). Expected values, references and hidden tests stay
  with the judge.

In both cases every value an answer produces crosses the same wire encoding,
so a notebook's own run and its grading compare exactly the same data.
"""
from __future__ import annotations

import collections
import hashlib
import hmac
import inspect
import itertools
import json
import sys
from dataclasses import dataclass, field

from . import kernel, wire
from .core import AuthoringError, CheckFailed, _current, _judge, fail, function_of, hidden_ranges, hidden_type, where_of  # noqa: F401,E501
from .core import label as _label
from ..markers import BEGIN_HIDDEN, END_HIDDEN
from ..messages import MessageError, as_message, msg, render
from .kinds import StringKind, check_kind, string_kind  # noqa: F401 (StringKind, string_kind: the checks' names)

DEV_SEED_KEY = b"daon-workbook: seeds for a notebook's own run"
# the requests that run the student's code, which the kernel watches for an exercise that forbids calls or loops
WATCHED_OPS = ("call", "getattr", "getitem", "len", "iter", "probe")
# a code object of the student's started more often than this in one call of the answer is a loop (a helper a
# vectorised answer calls runs a fixed few times; 11's hidden boxes are 9 and 11, visible 3 and 4)
LOOP_RUNS = 8


# ------------------------------------------------------------------ transports
class Transport:
    """How requests reach the place where the student's code runs."""

    local = True

    def request(self, req: dict) -> dict:  # pragma: no cover - interface
        raise NotImplementedError

    def source(self, name: str, whole_cell: bool) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    def sources(self) -> list[str]:  # pragma: no cover - interface
        """The code cells the student wrote, in order (for static checks)."""
        raise NotImplementedError

    def program(self):
        """The student's cells as the static checks read them
        (``source.Program``)."""
        from .source import program
        return program(tuple(self.sources()))

    def answers(self) -> dict[str, tuple[str, ...]]:
        """Answer name -> the questions whose test cells take it (``source.exercise_answers``): the test cells
        of the notebook, for ``static.check_self_contained``. None known: an empty dict."""
        return {}

    def process_facts(self) -> list[str]:
        """What the judge saw change in the student's process (its builtins,
        import hooks, tracers, IPython's machinery...; ``runtime``): an
        exercise that rests on an observation or a static check scores 0
        while any is in place. None in a student's own run."""
        return []

    def end_test(self) -> None:
        """The test cell's run is over: the kernel may drop the objects it
        holds for it (the handles of its ``Ref``s)."""
        self.request({"op": "reset"})

    def wrap_command(self, argv: list[str], writable: list[str], **limits) -> list[str]:
        """How a check runs a student's string (a shell command): as it is in
        the student's own kernel; in a fresh jail when the judge grades
        (``limits``: ``cpu`` seconds and ``memory`` bytes of the jail)."""
        return list(argv)


class LocalTransport(Transport):
    """The student's own kernel: the same ``kernel.serve`` as in grading,
    called in-process on the notebook's namespace."""

    def __init__(self, namespace: dict):
        self.ns = namespace

    def request(self, req: dict) -> dict:
        return json.loads(kernel.serve(json.dumps(req, separators=(",", ":"), allow_nan=False), self.ns))

    def source(self, name: str, whole_cell: bool) -> str | None:
        from .source import find_definition
        return find_definition(self.sources(), name, whole_cell)

    def sources(self) -> list[str]:
        """The cells this kernel ran (IPython's input history, as IPython ran
        them), less the test cells."""
        from .source import executed_sources, is_exercise_cell
        return [s for s in executed_sources(self.ns) if not is_exercise_cell(s)]

    def program(self):
        from .source import executed_sources, is_exercise_cell, program
        history = executed_sources(self.ns)
        cells = [(s, f"In [{i}]") for i, s in enumerate(history) if s and not is_exercise_cell(s)]
        return program(tuple(s for s, _ in cells), labels=tuple(label for _, label in cells))

    def answers(self) -> dict[str, tuple[str, ...]]:
        """The test cells this kernel ran (the one running included): in a student's own kernel, the answers of
        the questions whose tests have not run yet are not known (grading knows every test cell)."""
        from .source import executed_sources, exercise_answers, is_exercise_cell
        return exercise_answers([s for s in executed_sources(self.ns) if s and is_exercise_cell(s)])


@dataclass
class JudgeContext:
    """Set by the grader's judge while it runs a test cell (never in a
    student's kernel): the transport to the sandboxed kernel, the key of the
    hidden seeds and the hidden-test markers of the course."""

    transport: Transport
    seed_key: bytes
    begin_hidden: str = BEGIN_HIDDEN
    end_hidden: str = END_HIDDEN
    runs: list = field(default_factory=list)
    exam: bool = False         # the graded notebook's exam has time left (selfgrade): no hint lines
    self_study: bool = False   # selfgrade after (or without) an exam: a coding test shows the case it got wrong
    hidden_folder: object = None   # the graded assignment's source folder, where its hidden module is (hiddenmodule)


def judging(ctx: JudgeContext):
    """Context manager used by the judge around one test cell."""
    class _Ctx:
        def __enter__(self):
            self.token = _judge.set(ctx)
            return ctx

        def __exit__(self, *exc):
            _judge.reset(self.token)
            return False
    return _Ctx()


# ------------------------------------------------------------------ answers
class AnswerRaised(Exception):
    """The student's code raised (in their kernel) while a test used it."""

    hidden = None

    def __init__(self, call: str, info: dict):
        self.call, self.info = call, info
        self.type = str(info.get("type", "Exception"))
        self.mro = [str(m) for m in info.get("mro", [])]
        super().__init__(f"{call} raised {self.type}: {info.get('message', '')}")

    def is_a(self, name: str) -> bool:
        """True when the exception is (a subclass of) the named type
        ('ValueError' or 'builtins.ValueError')."""
        return any(m == name or m.rsplit(".", 1)[-1] == name for m in self.mro)

    def check_failed(self, hint=None) -> CheckFailed:
        return CheckFailed(msg("{call} raised {type}: {message}{where}", call=self.call, type=self.type,
                               message=str(self.info.get("message", "")), where=where_of(self.info)),
                           hint=hint, show_values=False, hidden=self.hidden,
                           hidden_message=msg("{function} raised {type}", function=function_of(self.call),
                                              type=hidden_type(self.type)))


class NotObservable(MessageError):
    """The kernel could not give a usable answer (not data, garbled, lost);
    ``message`` says why, as a message."""

    hidden = None


@dataclass(frozen=True)
class Description:
    type_name: str
    mro_names: tuple
    is_callable: bool
    is_class: bool
    class_mro: tuple = ()
    name: str | None = None

    @classmethod
    def of(cls, d: dict) -> "Description":
        return cls(str(d.get("type", "?")), tuple(map(str, d.get("mro", []))), d.get("callable") is True,
                   d.get("class") is True, tuple(map(str, d.get("class_mro", []))),
                   d.get("name") if isinstance(d.get("name"), str) else None)

    def is_a(self, kind) -> bool:
        """isinstance (or, for a class, issubclass) by qualified names."""
        names = self.class_mro if self.is_class else self.mro_names
        return _qualname(kind) in names

    @property
    def short_type(self) -> str:
        return self.type_name.rsplit(".", 1)[-1]


def _qualname(kind) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


class Ref:
    """The student's object where their code runs (a function, a class, a
    layer...): calling it, reading an attribute or indexing it sends plain
    data there and brings plain data (or another Ref) back."""

    __slots__ = ("_run", "_key", "_desc", "_label")

    def __init__(self, run: "Run", key: dict, desc: Description, label: str):
        object.__setattr__(self, "_run", run)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_desc", desc)
        object.__setattr__(self, "_label", label)

    def __call__(self, *args, **kwargs):
        return self._run.call(self, args, kwargs)

    def __getattr__(self, name: str):
        if name.startswith("__") and name not in ("__name__", "__doc__", "__qualname__", "__module__", "__dict__"):
            raise AttributeError(name)
        return self._run.request({"op": "getattr", "target": self._key, "name": name}, f"{self._label}.{name}")

    def __getitem__(self, key):
        return self._run.request({"op": "getitem", "target": self._key, "key": self._run.encode(key)},
                                 f"{self._label}[{_label(key)}]")

    def __setattr__(self, name, value):
        raise AuthoringError("a test cannot change the student's object from outside; use a probe")

    def __repr__(self) -> str:
        return f"<your {self._label}>"

    def __bool__(self) -> bool:
        return True

    def __iter__(self):
        return iter(self._run.request({"op": "iter", "target": self._key}, f"list({self._label})"))


def length(obj) -> int:
    """len() of an answer, also of a Ref."""
    if isinstance(obj, Ref):
        return obj._run.request({"op": "len", "target": obj._key}, f"len({obj._label})")
    return len(obj)


def describe(obj) -> Description:
    if isinstance(obj, Ref):
        return obj._desc
    from .kernel import describe as _d
    return Description.of(_d(obj))


def is_instance(obj, kind) -> bool:
    """isinstance for answers: data by its decoded type, Refs by the names of
    their classes (reported by the kernel; only the student can lie there)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(obj, Ref):
        return any(obj._desc.is_a(k) for k in kinds)
    return isinstance(obj, kinds)


SEED_MASK = (1 << 63) - 1   # a hidden seed's bits (``Run.seed``)


# ------------------------------------------------------------------ one run
class Run:
    """One run of a test function (one test cell)."""

    def __init__(self, question: str, transport: Transport, filename: str, seed_key: bytes,
                 begin_hidden: str = BEGIN_HIDDEN, end_hidden: str = END_HIDDEN, test: str = ""):
        self.question, self.transport, self.filename = question, transport, filename
        self.test = test   # the test function's name: each test cell of a question draws seeds of its own
        self.seed_key, self.counter = seed_key, 0
        self.begin_hidden, self.end_hidden = begin_hidden, end_hidden
        self.generated: dict[int, tuple[object, dict]] = {}
        self._ranges = None
        self.static = False   # a static check ran (static_check_program)
        self._planned: collections.deque = collections.deque()   # (key, request) announced by prefetch
        self._fetched: collections.deque = collections.deque()   # (key, reply) the kernel already gave
        self._batch = 1
        # what the judge watches while the answer runs (``watch``): the library functions the exercise forbids
        # (name as in code -> as shown, ``static.check_no_calls``) and whether it forbids loops
        self.forbidden_calls: dict[str, str] = {}
        self.no_loops = False
        # a line budget's code (``static.check_line_limit``): cell file name -> (label, line ranges, or None: all)
        self.budget: dict[str, tuple] | None = None
        # the code a check read (``static.watch_closure``): the same shape; no other code of the student's may run
        self.closure: dict[str, tuple] | None = None

    # where the test stands -------------------------------------------------
    def ranges(self):
        if self._ranges is None:
            self._ranges = hidden_ranges(self.filename, self.begin_hidden, self.end_hidden)
        return self._ranges

    def in_hidden_part(self) -> bool:
        """True when any frame of the test cell on the stack stands on a
        hidden line (a helper of the visible part called from the hidden
        part runs a hidden test)."""
        ranges = self.ranges()
        if not ranges:
            return False
        f = sys._getframe(1)
        while f is not None:
            if f.f_code.co_filename == self.filename and any(a <= f.f_lineno <= b for a, b in ranges):
                return True
            f = f.f_back
        return False

    @property
    def has_hidden_part(self) -> bool:
        return bool(self.ranges())

    # the wire ---------------------------------------------------------------
    def encode(self, value):
        def extra(obj):
            if isinstance(obj, Ref):
                if obj._run is not self:
                    raise AuthoringError("a Ref from another exercise")
                return {wire.TAG: "handle", **obj._key}
            g = self.generated.get(id(obj))
            if g is not None and g[0] is obj:
                return {wire.TAG: "gen", **g[1]}
            return None
        return wire.Encoder(extra=extra)(value)

    def not_observable(self, message) -> NotObservable:
        e = NotObservable(message)
        e.hidden = self.in_hidden_part()
        return e

    def decode(self, tree, label: str):
        def handle(node):
            return Ref(self, {"id": node.get("id")}, Description.of(node), label)
        try:
            return wire.Decoder(handle=handle)(tree)
        except wire.WireError:
            raise self.not_observable(msg("the value of {label} could not be read: its data are malformed "
                                          "or too large", label=as_message(label))) from None

    def request(self, req: dict, label: str):
        return self.reply_value(self.transport.request(self.watched(req)), req, label)

    def watched(self, req: dict) -> dict:
        """``req``, asking the kernel to report what the answer does while it runs, when the exercise forbids
        calls or loops (``watch._watching``)."""
        if (self.forbidden_calls or self.no_loops or self.budget is not None or self.closure is not None) \
                and req.get("op") in WATCHED_OPS:
            req["watch"] = True
            if self.forbidden_calls:   # and every library function it calls, torch's through a torch function
                req["watch_calls"] = True   # mode (costly; a budget, a closure or loops need only its code's runs)
        return req

    def reply_value(self, reply: dict, req: dict, label: str):
        """What a reply means: its value, or the exception the answer
        raised, or why the answer could not be observed."""
        if req.get("watch"):
            self._check_watched(reply)
        if "value" in reply:
            return self.decode(reply["value"], label)
        if "raised" in reply:
            e = AnswerRaised(label, reply["raised"] if isinstance(reply["raised"], dict) else {})
            e.hidden = self.in_hidden_part()
            raise e
        if "missing" in reply:
            raise self.not_observable(msg("`{name}` is not defined", name=str(req.get("name"))))
        if "notdata" in reply:
            raise self.not_observable(msg("{label} returned something that is not plain data (a `{type}`)",
                                          label=as_message(label), type=str(reply["notdata"])[:200]))
        raise self.not_observable(msg("{label} could not be observed: {error}", label=as_message(label),
                                      error=str(reply.get("error", "no answer"))[:300]))

    def _check_watched(self, reply: dict) -> None:
        """Fails the exercise when the kernel saw the answer call a forbidden library function (by any route:
        an alias, a registry, a pickled reference) or run one piece of its code once per element. Only ever
        fails: what the student's process reports can hide a call, which the static checks then still see."""
        from .static import forbidden_call
        calls = reply.get("calls")
        if not isinstance(calls, list):
            fail("the grader could not see which functions your answer calls while it runs",
                 hint="remove the code that changes how your kernel runs (the grader asks it to watch the calls)")
        if ["os", "fork", "process"] in calls:   # kernel.FORKED
            fail("your answer started another process while it ran (a DataLoader's workers, a fork): the grader "
                 "cannot see what your code does there, and this exercise checks what it calls and runs",
                 hint="run it in this process (DataLoader(..., num_workers=0), the default)")
        if ["_thread", "start_new_thread", "unseen"] in calls:   # kernel.UNSEEN_THREAD
            fail("a thread your notebook started outside threading (with _thread) ran while your answer ran: the "
                 "grader cannot see what your code does there, and this exercise checks what it calls and runs",
                 hint="start threads with threading.Thread, or none: the answer does not need one")
        if list(kernel.CHILD_PROCESS) in calls:
            fail("a process your notebook started (subprocess, os.system, a program) ran while your answer ran, or "
                 "your answer started one: the grader cannot see what your code does there, and this exercise checks "
                 "what it calls and runs",
                 hint="compute the answer in the notebook's own process, and start no other program in this notebook")
        if list(kernel.OVERFLOW) in calls:
            fail(msg("your answer called more different functions while it ran than the grader follows ({most}): a "
                     "call after those cannot be seen, and this exercise checks what your code calls",
                     most=kernel.MAX_WATCHED),
                 hint="an answer to this question calls a few dozen functions: write it directly")
        if list(kernel.LOST_WATCH) in calls:
            fail("the grader lost sight of your code while it ran: a recursion that reached Python's limit "
                 "(RecursionError) switches off the watch this exercise needs to see what your code calls and runs",
                 hint="keep the recursion well below the limit (sys.getrecursionlimit()), or write it as a loop")
        for entry in calls:
            shown = forbidden_call(entry, self.forbidden_calls) if self.forbidden_calls else None
            if shown:
                fail(msg("your answer called {name} while it ran; this exercise asks you to write that part yourself",
                         name=shown))
        ran = reply.get("ran")
        for entry in ran if self.budget is not None and isinstance(ran, list) else ():
            outside = self._outside(entry, self.budget)
            if outside is not None:
                fail(msg("your answer ran code its line count does not include ({where}): code the answer reaches "
                         "only as it runs (through a library's registry, a callback) counts too", where=outside),
                     hint="keep the code your answer runs in the cells it reads, where the line count sees it")
        for entry in ran if self.closure is not None and isinstance(ran, list) else ():
            outside = self._outside(entry, self.closure)
            if outside is not None:
                fail(msg("your answer ran code that is not part of it ({where}): the check reads your answer and "
                         "the helpers it uses, and code the answer reaches only as it runs (through a library's "
                         "registry, a callback) is held to the same rule", where=outside),
                     hint="keep the code your answer runs in the definitions it reads")
        most = reply.get("most_run")
        runs = most[1] if isinstance(most, list) and len(most) == 2 and type(most[1]) is int else 0
        if self.no_loops and runs > LOOP_RUNS:
            fail(msg("your answer ran one piece of your code {n} times in one call: that is a loop (a key= "
                     "function, map, iter(), recursion or a class's __getitem__ run once per element), and this "
                     "exercise asks for none", n=runs),
                 hidden_message="your answer ran one piece of your code once per element: that is a loop, and this "
                                "exercise asks for none")

    def _outside(self, entry, counted: dict):
        """Where ``entry`` (``[cell file name, first line]`` of code of the student's that ran) lies outside the
        ``counted`` code (a line budget's, a check's closure), as a message; None inside it."""
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and type(entry[1]) is int):
            return msg("code the grader cannot place")
        if entry[0].startswith("<"):   # code a library generated (namedtuple, dataclasses: ``<string>``); the
            return None                  # static checks refuse eval, exec and compile in the student's cells
        cell = counted.get(entry[0])
        if cell is None:
            return msg("code from outside your cells")
        label, ranges = cell
        if ranges is None or any(a <= entry[1] <= b for a, b in ranges):
            return None
        return msg("line {line} of {cell}", line=entry[1], cell=label)

    def label(self, value) -> str:
        """How a value appears in a call label: generated data by its recipe."""
        g = self.generated.get(id(value))
        if g is not None and g[0] is value:
            kw = wire.decode(g[1]["kwargs"])
            args = wire.decode(g[1]["args"])
            return f"{g[1]['name']}({', '.join([repr(a) for a in args] + [f'{k}={v!r}' for k, v in kw.items()])})"
        return _label(value)

    def _call_request(self, ref: Ref, args: tuple, kwargs: dict) -> dict:
        return self.watched({"op": "call", "target": ref._key, "args": self.encode(list(args)),
                             "kwargs": self.encode(dict(kwargs))})

    def call(self, ref: Ref, args: tuple, kwargs: dict):
        label = f"{ref._label}({', '.join([self.label(a) for a in args] + [f'{k}={self.label(v)}' for k, v in kwargs.items()])})"
        req = self._call_request(ref, args, kwargs)
        if self._planned:
            key = _request_key(req)
            if self._planned[0][0] != key:     # the test went another way: nothing announced is sent
                self._planned.clear()
                self._fetched.clear()
            else:
                if not self._fetched:
                    self._fetch()
                if self._fetched and self._fetched[0][0] == key:
                    self._planned.popleft()
                    return self.reply_value(self._fetched.popleft()[1], req, label)
                self._planned.clear()
                self._fetched.clear()
        return self.request(req, label)

    def prefetch(self, calls) -> None:
        """The calls the test makes next, in this order (``calls``: (Ref,
        args, kwargs)). While the test makes exactly these calls, the kernel
        answers them in batches of 1, 2, 4... calls per request (each call
        still runs once, in order); a call that differs ends the plan. Only
        in grading: in the student's own kernel a call costs nothing to
        send."""
        if self.transport.local:
            return
        plan = []
        for ref, args, kwargs in calls:
            req = self._call_request(ref, tuple(args), dict(kwargs))
            plan.append((_request_key(req), req))
        if len(plan) <= len(self._planned) and all(a[0] == b[0] for a, b in zip(plan, self._planned)):
            return   # the next calls of a plan already announced (a helper's, inside the test's loop)
        self._planned = collections.deque(plan)
        self._fetched.clear()
        self._batch = 1

    def _fetch(self) -> None:
        """The next batch of announced calls, from the kernel."""
        todo = list(itertools.islice(self._planned, self._batch))
        self._batch *= 2
        reply = self.transport.request({"op": "batch", "requests": [r for _, r in todo]})
        replies = reply.get("replies")
        if not isinstance(replies, list):
            return
        for (key, _), one in zip(todo, replies):
            self._fetched.append((key, one if isinstance(one, dict) else {"error": "an unreadable reply"}))

    def lookup(self, name: str):
        reply = self.transport.request({"op": "lookup", "name": name})
        if reply.get("missing"):
            return _MISSING
        if "value" in reply:
            return self.decode(reply["value"], name)
        if "notdata" in reply:
            raise NotObservable(msg("`{name}` could not be read: it is not plain data (a `{type}`)", name=name,
                                    type=str(reply["notdata"])[:200]))
        raise NotObservable(msg("`{name}` could not be observed: {error}", name=name,
                                error=str(reply.get("error", "no answer"))[:300]))

    # hidden inputs ----------------------------------------------------------
    def seed(self, label: str | None = None, shared: bool = False) -> int:
        if shared:
            if not label:
                raise AuthoringError("hidden_seed(shared=True) takes a label: the data set's name")
            scope = "\0shared"   # no question is called that
        else:
            # the question and its test cell: what one cell's verdicts tell about its inputs says nothing of
            # another cell's (an efficiency group's case is not the correctness group's drawn again)
            scope = f"{self.question}/{self.test}" if self.test else self.question
            if label is None:
                self.counter += 1
                label = f"#{self.counter}"
        mac = hmac.new(self.seed_key, f"{scope}:{label}".encode(), hashlib.sha256).digest()
        # 63 bits: a seed found by trying every one from leaked bits of an input (2^31 took a laptop minutes)
        # is out of reach, and it still fits a signed 64-bit integer (numpy, torch, Spark's seeds)
        return int.from_bytes(mac[:8], "big") & SEED_MASK


def _request_key(req: dict) -> str:
    return json.dumps(req, sort_keys=True, separators=(",", ":"))


class _Missing:
    pass


_MISSING = _Missing()


def answer(name: str, kind=None):
    """The student's answer called ``name`` (inside a test function)."""
    run = _require_run()
    try:
        obj = run.lookup(name)
    except NotObservable as e:
        raise CheckFailed(e.message, show_values=False) from None
    if obj is _MISSING:
        raise CheckFailed(msg("`{name}` is not defined: in its answer cell, replace `raise NotImplementedError()` with "
                              "your answer (keep the name `{name}`), then run the cell", name=name), show_values=False)
    if isinstance(obj, Ref):
        object.__setattr__(obj, "_label", name)
        object.__setattr__(obj, "_key", {"id": obj._key["id"], "name": name})
    check_kind(name, obj, kind)
    return obj


def _require_run() -> Run:
    run = _current.get()
    if run is None:
        raise AuthoringError("this helper works inside an @exercise test function")
    return run


# ------------------------------------------------------------------ @exercise
def exercise(question: str, *, requirements: dict[str, str] | None = None, observes: str | None = None):
    """Run the decorated test function now, as the test of ``question``.

    ``requirements`` (optional) lists what the question text asks, one short
    key each; the assignment's exercises file (source/<a>/exercises.py) holds a
    wrong answer that breaks each of them.

    ``observes`` (optional) says what the verdict rests on that the judge
    cannot recompute from returned values: a report of how the student's
    code behaved, observed in their process (docs/trust.md). When graded,
    such an exercise scores 0 whenever the judge saw that process change what
    it observes with (``Transport.process_facts``); so does an exercise that
    ran a static check (``static``)."""
    namespace = sys._getframe(1).f_globals

    def run_test(test):
        if not callable(test):
            raise AuthoringError("@exercise decorates the test function of a test cell")
        from .templates import messages_as_data
        compiled = messages_as_data(test)    # its f-strings at message places: messages, as data
        ctx = _judge.get()
        if ctx is not None:
            run = Run(question, ctx.transport, test.__code__.co_filename, ctx.seed_key,
                      ctx.begin_hidden, ctx.end_hidden, test=test.__name__)
            ctx.runs.append(run)
        else:
            run = Run(question, LocalTransport(namespace), test.__code__.co_filename, DEV_SEED_KEY,
                      test=test.__name__)
        token = _current.set(run)
        failed = None
        try:
            answers = {}
            for p in inspect.signature(test, eval_str=True).parameters.values():
                answers[p.name] = answer(p.name, p.annotation)
            try:
                compiled(**answers)
            except AnswerRaised as e:
                raise e.check_failed() from None
            except NotObservable as e:
                raise CheckFailed(e.message, show_values=False, hidden=e.hidden,
                                  hidden_message="your answer could not be observed") from None
        except CheckFailed as e:
            failed = e
        finally:
            try:
                run.transport.end_test()
            except Exception:
                pass
            _current.reset(token)
        _refuse_on_process_facts(run, observes)
        if failed is not None:
            raise failed
        if ctx is None:   # a check that judged nothing here says so in place of the pass line (``passed_message``)
            print(render(getattr(run, "passed_message", None) or (
                msg("✔ {question} passed the visible and hidden tests", question=question) if run.has_hidden_part
                else msg("✔ {question} passed the visible tests (hidden tests run when graded)", question=question))))
        return test
    return run_test


def _refuse_on_process_facts(run: Run, observes: str | None) -> None:
    """0 for an exercise that rests on an observation (or a static check)
    once the judge has seen the student's process change what it relies on."""
    facts = run.transport.process_facts()
    if not facts or not (observes or run.static):
        return
    from ..messages import joined
    from .facts import as_message
    shown = [as_message(f) for f in facts[:3]] + ([msg("and {n} more", n=len(facts) - 3)] if len(facts) > 3 else [])
    seen = joined(shown, "; ")
    if observes:
        message = msg("scored 0: the grader saw your kernel change what it observes your code with ({seen}); this "
                      "exercise is graded from what your kernel reports, so it cannot be graded with that change",
                      seen=seen)
    else:
        message = msg("scored 0: the grader saw your kernel change how it runs code ({seen}); this exercise checks "
                      "your code without running it, and with that change your kernel may not run your cells as "
                      "they read", seen=seen)
    raise CheckFailed(message, show_values=False, question=run.question, hidden=False,
                      hint="remove the code that replaces builtins, import hooks, tracers or IPython's machinery "
                           "(the notebook is flagged for your instructor)")


def static_check_program():
    """The student's cells for a static check of this run (``static``): the
    run then rests on the analysis (see ``exercise``'s ``observes``)."""
    run = _require_run()
    run.static = True
    return run.transport.program()


# ------------------------------------------------------------------ helpers
def call(fn, *args, what=None, hint=None, **kwargs):
    """Call the student's function; an exception it raises becomes the
    exercise's failure message (with the line of their code). ``what`` names
    the call in that message (code, or a message)."""
    try:
        return fn(*args, **kwargs)
    except AnswerRaised as e:
        if what:
            e.call = what
        raise e.check_failed(hint) from None


def prefetch(fn, cases) -> None:
    """Announce the calls a loop of the test makes next: ``fn(*args)`` for
    each ``args`` of ``cases`` in order (an args that is not a tuple is the
    only argument, as in ``check_cases``); with a list of functions, each of
    them in turn on each case. When graded, the kernel then answers them a
    batch at a time instead of one request per call; the results, messages
    and order are those of the calls made one by one. In the student's own
    kernel it does nothing."""
    run = _current.get()
    fns = list(fn) if isinstance(fn, (list, tuple)) else [fn]
    if run is None or not all(isinstance(f, Ref) for f in fns):
        return
    run.prefetch([(f, (args if isinstance(args, tuple) else (args,)), {}) for args in cases for f in fns])


def hidden_seed(label: str | None = None, shared: bool = False) -> int:
    """A seed for hidden inputs. When graded it is drawn from the course's
    secret (the same secret regrades the same way); in a notebook's own run
    from a fixed development key. Successive calls give new seeds.

    ``shared=True`` with a ``label``: the same seed in every question, of
    every assignment of the course, that asks for that label, for a hidden
    data set several questions query ("shop": the course's hidden shop, which
    02, 04, 08 and 09 query): the judge builds it once per secret, not once
    per question or per assignment."""
    return _require_run().seed(label, shared)


def hidden_rng(label: str | None = None):
    import numpy as np
    return np.random.default_rng(hidden_seed(label))


class GeneratedStr(str):
    """A ``str`` that ``generated`` returned (a path, most often): a plain
    ``str`` is sent as it is, as data, so the generated value gets a type of
    its own, which the wire sends as its recipe (see ``generated``)."""

    __slots__ = ()


def generated(fn, *args, **kwargs):
    """Data made by a ``workbook.data`` generator, here and, from the same
    recipe, where the student's code runs (a path, a connection...).

    The value is sent by its recipe wherever it appears in a request (the
    student's code gets the data generated on its side, never a path of the
    judge's). A generator that returns a path as a ``str`` gets it back as a
    ``GeneratedStr``: the same text, but an object the wire recognises."""
    run = _require_run()
    module = getattr(fn, "__module__", "")
    if not module.startswith("workbook.data"):
        raise AuthoringError("generated() takes a workbook.data function")
    value = fn(*args, **kwargs)
    if type(value) is str:
        value = GeneratedStr(value)
    run.generated[id(value)] = (value, {"module": module, "name": fn.__name__,
                                        "args": wire.encode(list(args)), "kwargs": wire.encode(dict(kwargs))})
    return value


def student_sources() -> list[str]:
    """The code cells the student wrote (in grading: read from the submitted
    notebook by the judge, never from the kernel)."""
    return list(_require_run().transport.sources())


def answer_name(obj) -> str:
    """The name an answer was looked up by (a Ref), or the name given."""
    name = obj._key.get("name") if isinstance(obj, Ref) else obj if isinstance(obj, str) else None
    if not name:
        raise AuthoringError("a static check takes an answer (a Ref found by name) or its name")
    return name


def source_of(obj, whole_cell: bool = False) -> str:
    """The submitted source of an answer (a function or class by its name):
    in grading it is read from the submitted notebook, never from the kernel."""
    run = _require_run()
    name = obj._key.get("name") if isinstance(obj, Ref) else obj if isinstance(obj, str) else None
    if not name:
        raise AuthoringError("source_of() takes an answer (a Ref found by name) or its name")
    src = run.transport.source(name, whole_cell)
    if src is None:
        raise CheckFailed("cannot read the source of your answer: define it in the answer cell with def or "
                          "class", show_values=False)
    return src


# ------------------------------------------------------------------ probes (workbook/checks/probes.py)
from .probes import Probe, module_probe_source, probe, probe_source  # noqa: E402,F401
