"""`workbook mutants`: mutation testing of the hidden tests, run and reported.

Each instructor solution is mutated mechanically, one small change at a
time, and every mutant is graded with the exercise's test cells, visible and
hidden. A mutant that still passes is a plausible wrong answer the tests do
not catch: kill it with a better test or better data, or list it as
equivalent (it computes the same thing) with a one-line reason in the
``equivalent`` part of its exercise (source/<assignment>/exercises.py).

This module walks an assignment and grades: the mutants themselves (the
operators, ``mutants_of`` and ``answer_kind``) come from ``mutops``. It holds
the :class:`Mutant` record, the harness that runs a notebook's cells once in
this process, the forks that grade each mutant under a time limit, the
:class:`Report` (``to_json``; a survivor named with the requirement it most
likely breaks), and the run of hand-written answer variants with the rest of
the notebook (``failing_tests_per_variant``, ``walk``'s ``variants``).

Mutants run in-process, not through nbgrader: the notebook's cells run once
in this process, and each mutant runs in a forked child (its own copy of the
notebook's state) with the exercise's test cells, under a time limit. The
test cells run as in a student's own run (the same checks and wire as
grading; hidden seeds from the development key).
"""
from __future__ import annotations

import builtins
import contextlib
import difflib
import functools
import io
import json
import linecache
import os
import select
import signal
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..course import layout
from ..course import nb as nbm
from . import mutops
from .mutops import answer_kind, mutants_of

# ------------------------------------------------------------------ a mutant
@dataclass
class Mutant:
    exercise: str
    operator: str
    code: str
    diff: str                       # the changed lines, "- old\n+ new"
    outcome: str = ""               # killed | survived | timeout | error | equivalent
    reason: str = ""
    breaks: str = ""                # a survivor: the requirement it most likely breaks (mutops.requirement_broken)

    @property
    def key(self) -> str:
        return self.diff


def _diff(a: str, b: str) -> str:
    out = []
    for line in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        out.append(line[0] + " " + line[1:].strip())
    return "\n".join(out)




# ------------------------------------------------------------------ running
class _Harness:
    """The notebook's cells, run once in this process; mutants in forks."""

    def __init__(self, nb, name: str, log=print):
        import matplotlib
        matplotlib.use("Agg")
        self.nb, self.name, self.log = nb, name, log
        self.ns: dict = {"__name__": "__main__", "__builtins__": builtins, "In": [""]}
        try:
            from IPython.display import display
            self.ns["display"] = display
        except ImportError:  # pragma: no cover
            pass
        self.counter = 0

    def run(self, source: str, ns: dict | None = None) -> None:
        """Run one cell's code as IPython would (a file linecache knows; the
        source recorded in ``In``)."""
        ns = self.ns if ns is None else ns
        self.counter += 1
        from ..student import coding
        if coding.run_cell(source, ns):
            ns["In"].append(source)
            return  # a %%program cell (10_coding_test): its text kept under its name, as the magic does
        if source.lstrip().startswith(("%%", "%", "!")):
            return  # magics: worked examples in the shell
        filename = f"<cell {self.name} {self.counter}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        ns["In"].append(source)
        exec(compile(source, filename, "exec", dont_inherit=True), ns)


@contextlib.contextmanager
def _notebook_scope(folder: Path):
    """Run a folder's notebooks in this process as nbgrader runs them in
    their folder (its working directory and import path, a headless
    matplotlib, output discarded), and put everything back afterwards."""
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "WORKBOOK_HEADLESS")}
    old_cwd = os.getcwd()
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["WORKBOOK_HEADLESS"] = "1"
    os.chdir(folder)
    sys.path.insert(0, str(folder))
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        os.chdir(old_cwd)
        if str(folder) in sys.path:
            sys.path.remove(str(folder))
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _source_notebooks(root: Path, assignment: str):
    """(path, notebook) of an assignment's source notebooks, each used inside
    ``_notebook_scope`` of their folder."""
    src_dir = layout.directory(root, "source") / assignment
    with _notebook_scope(src_dir):
        for path in sorted(src_dir.glob("*.ipynb")):
            yield path, nbm.read(path)


TIMEOUT = object()   # what _fork_each gives for a child stopped after its time
DIED = object()      # ... and for a child that died without an answer


def _fork_each(items, work, timeout: float, jobs: int):
    """(item, value) for each item, ``value`` being ``work(item)``'s JSON
    value computed in a forked child (stdout and stderr discarded), ``jobs``
    children at a time, all forked from this thread (forking from several
    threads could copy a held lock); TIMEOUT after ``timeout`` seconds, DIED
    when the child gave no answer."""
    queue = list(items)
    running: dict[int, tuple[object, int, float, bytearray]] = {}   # fd -> (item, pid, deadline, data)
    while queue or running:
        while queue and len(running) < max(1, jobs):
            item = queue.pop(0)
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child
                os.close(r)
                try:
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, 1)
                    os.dup2(devnull, 2)
                    os.write(w, json.dumps(work(item)).encode())
                    command = sys.modules.get("workbook.checks.command")
                    if command is not None:   # os._exit skips atexit: the scratch folders this child made
                        command.finish_cleaning()
                finally:
                    os._exit(0)
            os.close(w)
            running[r] = (item, pid, time.monotonic() + timeout, bytearray())
        for fd, (item, pid, deadline, _) in list(running.items()):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(fd)
                del running[fd]
                yield item, TIMEOUT
        if not running:
            continue
        ready, _, _ = select.select(list(running), [], [], 0.5)
        for fd in ready:
            item, pid, deadline, data = running[fd]
            chunk = os.read(fd, 65536)
            if chunk:
                data += chunk
                continue
            os.close(fd)
            os.waitpid(pid, 0)
            del running[fd]
            try:
                value = json.loads(bytes(data).decode())
            except ValueError:
                value = DIED
            yield item, value


def _outcome(h: _Harness, code: str, tests: list[str]) -> list[str]:
    """[outcome, reason] of a mutant: the exercise's test cells run after it."""
    try:
        h.run(code)
        for t in tests:
            h.run(t)
    except BaseException as e:  # noqa: BLE001 - any failure kills the mutant
        first = str(e).splitlines()[0] if str(e) else ""
        return ["killed", f"{type(e).__name__}: {first}"[:200]]
    return ["survived", ""]


# a mutant's time limit: SLOWER times the solution's own run of the exercise's tests (in a forked child as
# well), at least MIN_TIMEOUT seconds and at most the run's ``timeout``. A mutant that never ends (a walk
# that loops) was given the whole 30 s, spinning a core: four of 04's q11 took 60 of its 63 s.
SLOWER, MIN_TIMEOUT = 20.0, 5.0


def _time_limit(h: _Harness, code: str, tests: list[str], timeout: float) -> float:
    """A mutant's time limit from the solution's run (see SLOWER). That run's
    child also names the modules it imported, and they are imported here
    (``_import_quietly``): the checks import some only when called (11's
    box checks: torch._dynamo, cProfile, numpy.fft, 284 modules), and every
    mutant's and variant's child paid for them again (11's q3: 0.95 CPU-s
    per child, 0.20 with them imported here). This process imports them
    anyway when it runs the exercise's tests after its forks."""
    before = set(sys.modules)

    def run(c):
        _outcome(h, c, tests)
        return [m for m in sys.modules if m not in before]   # in the order they were imported

    start = time.monotonic()
    imported = []
    for _, value in _fork_each([code], run, timeout, 1):
        imported = value if isinstance(value, list) else []
    took = time.monotonic() - start
    _import_quietly(imported)
    return min(timeout, max(MIN_TIMEOUT, SLOWER * took))


def _import_quietly(names) -> None:
    """Import these modules here, skipping any that cannot be imported by name."""
    import importlib
    for name in names:
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - a module made at run time, or one that needs what is not here
                pass


def _run_batch(h: _Harness, pending: list[Mutant], tests: list[str], timeout: float, jobs: int,
               solution: str | None = None) -> None:
    """Run mutants, ``jobs`` forked children at a time, each within
    ``timeout`` or, given the ``solution``, within SLOWER times its run."""
    if solution is not None and pending:
        timeout = _time_limit(h, solution, tests, timeout)
    for m, value in _fork_each(pending, lambda m: _outcome(h, m.code, tests), timeout, jobs):
        if value is TIMEOUT:
            m.outcome, m.reason = "timeout", f"ran longer than {timeout:.3g} s"
        elif value is DIED:
            m.outcome, m.reason = "killed", "the child process died"
        else:
            m.outcome, m.reason = value


@dataclass
class Report:
    assignment: str
    mutants: list[Mutant] = field(default_factory=list)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def by_exercise(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for m in self.mutants:
            d = out.setdefault(m.exercise, {"mutants": 0, "killed": 0, "survived": 0, "equivalent": 0})
            d["mutants"] += 1
            key = "killed" if m.outcome in ("killed", "timeout") else m.outcome
            d[key] = d.get(key, 0) + 1
        return out

    @property
    def survivors(self) -> list[Mutant]:
        return [m for m in self.mutants if m.outcome == "survived"]

    @property
    def score(self) -> float:
        """Killed / (all - equivalent)."""
        real = [m for m in self.mutants if m.outcome != "equivalent"]
        return sum(m.outcome in ("killed", "timeout") for m in real) / len(real) if real else 1.0


def load_equivalents(root: Path, assignment: str) -> dict[str, dict[str, str]]:
    """exercise -> {diff: reason}: the ``equivalent`` part of each exercise in its exercises file."""
    from ..course import exercises
    folder = layout.Course.load(root).path("source", ".", assignment)
    return {gid: dict(ex.equivalent) for gid, ex in exercises.load(folder).items() if ex.equivalent}


def load_requirements(root: Path, assignment: str) -> dict[str, dict[str, str]]:
    """exercise -> {key: text}: the ``requirements`` part of each exercise in its exercises file (a coding
    test's; the other assignments' are in their test cells)."""
    from ..course import exercises
    folder = layout.Course.load(root).path("source", ".", assignment)
    return {gid: dict(ex.requirements) for gid, ex in exercises.load(folder).items() if ex.requirements}


def run(root: Path, assignment: str, exercises: list[str] | None = None, timeout: float = 30.0,
        jobs: int = 1, log=print) -> Report:
    """Mutate every solution of an assignment and grade each mutant."""
    return walk(root, assignment, exercises=exercises, timeout=timeout, jobs=jobs, log=log)[0]


def walk(root: Path, assignment: str, exercises: list[str] | None = None, timeout: float = 30.0,
         jobs: int = 1, log=print, variants: dict[str, list[str]] | None = None, mutate: bool = True,
         variant_timeout: float = 120.0, messages: dict | None = None
         ) -> tuple[Report, dict[tuple[str, int], set[str] | str]]:
    """One in-process run of an assignment's notebooks, as solved, for both
    in-process checks: at each answer cell, its mutants (``mutate``: each
    with the exercise's tests, see ``run``) and its answer variants (each
    with the rest of the notebook, see ``failing_tests_per_variant``) run in
    forks of this process, then the solution's cell runs here. The
    notebook's own run (09's Spark session, 06's repositories) is paid once
    for both. ``messages``, when given, gets each variant's failures as
    message data: (grade id, k) -> {test grade id: lines}."""
    start = time.monotonic()
    rep = Report(assignment)
    out: dict[tuple[str, int], set[str] | str] = {}
    eq = load_equivalents(root, assignment) if mutate else {}
    declared = load_requirements(root, assignment) if mutate else {}
    for path, nb in _source_notebooks(root, assignment):
        h = _Harness(nb, path.stem, log)
        cells = nb.cells
        exs = {ex.answer_index: ex for ex in nbm.exercises(nb) if ex.autograded}
        plan = [(nbm.kind(c), nbm.meta(c).get("grade_id"), c) for c in cells if c.cell_type == "code"]
        owner = {tid: ex.grade_id for ex in nbm.exercises(nb) for tid in ex.test_ids}
        _preload(plan)
        k = -1   # the cell's place in plan
        for i, cell in enumerate(cells):
            if cell.cell_type != "code":
                continue
            k += 1
            ex = exs.get(i)
            if ex is not None and (mutate or (variants and ex.grade_id in variants)):
                _warm_references(h, ex, cells)
            if mutate and ex is not None and (not exercises or ex.grade_id in exercises or
                                              ex.grade_id.split("_")[0] in exercises):
                _mutate(h, assignment, ex, cells, eq, rep, timeout, jobs, log, declared.get(ex.grade_id))
            kind, gid, _ = plan[k]
            if variants and kind == "answer" and gid in variants:
                _run_variants(h, gid, list(enumerate(variants[gid])), plan[k + 1:], variant_timeout, jobs, out,
                              owner, nbm.solution_code(cell.source), messages)
            try:
                h.run(nbm.solution_code(cell.source) if kind == "answer" else cell.source)
            except Exception as e:
                if kind == "tests":
                    rep.problems.append(f"{nbm.meta(cell).get('grade_id')}: the solution fails its own test: {e}")
                elif not cell.source.lstrip().startswith("%"):
                    rep.problems.append(f"{path.name}: cell {i + 1} raised {type(e).__name__}: {e}")
    for wanted in (exercises or ()) if mutate else ():
        if not any(m.exercise == wanted or m.exercise.split("_")[0] == wanted for m in rep.mutants) and \
                not any(wanted in p for p in rep.problems):
            rep.problems.append(f"{wanted}: no mutant was made (no autograded exercise of {assignment} has "
                                f"that grade id or number, or its solution has nothing to mutate)")
    rep.seconds = time.monotonic() - start
    return rep, out


def _warm_references(h: _Harness, ex, cells) -> None:
    """A program answer (10_coding_test): its solution and tests run here
    once before the forks, so that every fork inherits the reference
    programs' outputs and times (``coding._reference``, measured once per
    process) instead of running them again for each mutant and variant.
    They run here right after anyway; a failure is reported then."""
    tests = [cells[t].source for t in ex.test_indices]
    if answer_kind(tests, ex.grade_id) != "program":
        return
    from ..student import coding
    solution = nbm.solution_code(cells[ex.answer_index].source)
    try:
        h.run(solution)
        for t in tests:
            h.run(t)
    except BaseException:  # noqa: BLE001 - the walk runs them again and says why
        pass
    finally:   # the forks inherit the references' measures, not the solution's program: an answer that saves
        # no program of its own (a line above `%%program`) would be graded as the solution
        parsed = coding.parse_cell(solution)
        if parsed is not None:
            h.ns.pop(parsed[0], None)


def _preload(plan) -> None:
    """Import here, before the first fork, the modules the notebook's cells
    import (as solved): every forked child inherits them instead of
    importing pandas or torch itself when it runs the cells after its answer."""
    import importlib

    from ..grading.zygote import source_imports
    names = dict.fromkeys(m for kind, _, c in plan
                          for m in source_imports(nbm.solution_code(c.source) if kind == "answer" else c.source))
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the cell that imports it will say why
            pass
    for library, (module, function) in LAZY_TABLES.items():
        if library in sys.modules:
            try:
                getattr(importlib.import_module(module), function)()
            except Exception:  # noqa: BLE001 - another version of the library: each child builds it, as before
                pass


# tables a library builds once per process, the first time a call needs them, from what is installed: built in the
# walk's process before the first fork, not again in each child. MLflow maps every installed package to its
# modules when a model is logged (0.33 CPU-s; 07's walk forks about a hundred children that log one)
LAZY_TABLES = {"mlflow": ("mlflow.utils.requirements_utils", "_init_modules_to_packages_map")}


def _in_solution(source: str, code: str, mutant: str) -> bool:
    """True when ``mutant`` changes only lines of the solution region, what a student writes: the code
    an answer cell holds outside it (00's teammate's function to fix, a call after a plot) is the
    notebook's, and the solution's own definition replaces it."""
    lines = source.splitlines()
    begin = next((i for i, line in enumerate(lines) if line.strip().startswith(nbm.BEGIN_SOLUTION)), None)
    end = next((i for i, line in enumerate(lines) if line.strip().startswith(nbm.END_SOLUTION)), None)
    if begin is None or end is None:
        return True
    n_before, n_after = begin, len(lines) - end - 1
    old, new = code.splitlines(), mutant.splitlines()
    return new[:n_before] == old[:n_before] and (n_after == 0 or new[-n_after:] == old[-n_after:])


def _mutate(h: _Harness, assignment: str, ex, cells, eq: dict, rep: Report, timeout: float, jobs: int, log,
            declared: dict[str, str] | None = None) -> None:
    """The mutants of one exercise's solution, each run with its tests in a fork of the harness."""
    code = nbm.solution_code(cells[ex.answer_index].source)
    tests = [cells[t].source for t in ex.test_indices]
    kind = answer_kind(tests, ex.grade_id)
    found = [(op, m) for op, m in mutants_of(code, kind) if _in_solution(cells[ex.answer_index].source, code, m)]
    print(f"{assignment} {ex.grade_id}: {len(found)} {kind} mutants", file=sys.__stdout__, flush=True) \
        if log is print else log(f"{assignment} {ex.grade_id}: {len(found)} {kind} mutants")
    pending = [Mutant(ex.grade_id, op, mcode, _diff(code, mcode)) for op, mcode in found]
    _run_batch(h, pending, tests, timeout, jobs, solution=code)
    listed = eq.get(ex.grade_id, {})
    for m in pending:
        if m.key in listed:
            # a listed mutant that ran past its time limit is not killed by the tests: slower is not wrong
            # (07's log_model without pip_requirements makes MLflow infer them in a second process)
            if m.outcome in ("survived", "timeout"):
                m.outcome, m.reason = "equivalent", listed[m.key]
            else:
                rep.problems.append(f"{ex.grade_id}: listed as equivalent but the tests kill it "
                                    f"(remove it from its \"equivalent\" part in exercises.py): "
                                    f"{m.diff!r}")
    reqs = nbm.requirements(h.nb, ex, declared)
    for m in pending:
        if m.outcome == "survived":
            m.breaks = mutops.requirement_broken(m.operator, reqs) or ""
    generated = {m.key for m in pending}
    for key in listed:
        if key not in generated:
            rep.problems.append(f"{ex.grade_id}: listed as equivalent but no longer generated: {key!r}")
    rep.mutants += pending


def to_json(rep: Report) -> dict:
    return {"assignment": rep.assignment, "seconds": round(rep.seconds, 1), "score": round(rep.score, 4),
            "problems": rep.problems, "by_exercise": rep.by_exercise(),
            "survivors": [{k: v for k, v in asdict(m).items() if k != "code"} for m in rep.survivors]}


# ------------------------------------------------------------ answer variants
def failing_tests_per_variant(root: Path, assignment: str, variants: dict[str, list[str]], timeout: float = 120.0,
                              jobs: int = 1) -> dict[tuple[str, int], set[str] | str]:
    """For each answer variant (grade_id -> list of codes), in-process: the
    notebook as solved, with that one answer cell replaced, run to the end;
    the test cells (grade ids) that fail. A string instead of a set is a
    run that did not finish (its reason)."""
    return walk(root, assignment, variants=variants, mutate=False, variant_timeout=timeout, jobs=jobs)[1]


@functools.lru_cache(maxsize=1024)
def _names(source: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(names a cell reads, names it binds at the notebook's top level), read
    statically: a name read from the notebook's namespace (`_global_reads`),
    a decorated function's parameter (an @exercise test takes its answers by
    parameter name) and a string that names a variable where a function can
    look it up (`_named_by_string`) count as read; a function's local names
    are not bound (but a ``global`` it declares is); None for a cell that
    cannot be parsed (it may read anything)."""
    import ast

    from ..student.coding import parse_cell
    program = parse_cell(source)
    if program is not None:   # a %%program cell binds its name and reads nothing
        return frozenset(), frozenset([program[0]])
    if source.lstrip().startswith(("%%", "%", "!")):
        return set(), set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    reads = _global_reads(source)
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.decorator_list:
            reads.update(a.arg for a in n.args.args + n.args.kwonlyargs)
        else:
            reads.update(_named_by_string(n))
    imports, plain = _top_level_binds(tree)
    return frozenset(reads), frozenset(plain | set(imports))


def _named_by_string(node) -> list[str]:
    """The identifiers a node hands over as strings where they can name a
    notebook variable: the arguments of a call of a plain name (``ready("f")``,
    ``answer("q")``, ``getattr(m, "f")``, ``eval("x")``: the function may look
    the name up in its caller's namespace) and the key of ``globals()[...]``
    or ``vars()[...]``. A string used as a dictionary key, a path part, a
    method's argument or in a comparison (``report.get("app")``, ``tmp /
    "service"``) names no variable: 07's Dockerfile check ran for nearly every
    wrong answer of the notebook because its strings "app" and "service" are
    names the notebook binds."""
    import ast
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        values = node.args + [k.value for k in node.keywords]
    elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call)
          and isinstance(node.value.func, ast.Name) and node.value.func.id in ("globals", "vars", "locals")):
        values = [node.slice]
    else:
        return []
    return [v.value for v in values
            if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value.isidentifier()]


def _global_reads(source: str) -> set[str]:
    """The names a cell reads from the notebook's namespace, by Python's own
    scoping (symtable): at the top level, and in functions, classes and
    comprehensions the names that are not theirs (a comprehension's variable
    or a function's parameter is not read from the notebook)."""
    import symtable
    top = symtable.symtable(source, "<cell>", "exec")
    reads: set[str] = set()
    todo = [top]
    while todo:
        table = todo.pop()
        for sym in table.get_symbols():
            if sym.is_referenced() and (table is top or sym.is_global()):
                reads.add(sym.get_name())
        todo.extend(table.get_children())
    return reads


def _top_level_binds(tree) -> tuple[dict[str, str], set[str]]:
    """(name -> what an import statement binds to it, names bound otherwise)
    at the top level of a parsed cell: not inside a function, class or lambda,
    except a ``global`` that a function declares."""
    import ast
    imports: dict[str, str] = {}
    plain: set[str] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        for n in ast.iter_child_nodes(node):
            if isinstance(n, ast.Import):
                for a in n.names:
                    imports[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif isinstance(n, ast.ImportFrom):
                for a in n.names:
                    imports[a.asname or a.name] = f"{'.' * n.level}{n.module or ''}:{a.name}"
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                if not isinstance(n, ast.Lambda):
                    plain.add(n.name)
                    todo.extend(n.decorator_list)
                for inner in ast.walk(n):
                    if isinstance(inner, ast.Global):
                        plain.update(inner.names)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    todo.append(n.args)       # defaults are evaluated where the function is defined
                else:
                    todo.extend(n.bases + [k.value for k in n.keywords])
            elif isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                # its loop variables are its own; an assignment expression in it binds outside
                plain.update(inner.target.id for inner in ast.walk(n)
                             if isinstance(inner, ast.NamedExpr) and isinstance(inner.target, ast.Name))
            else:
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    plain.add(n.id)
                elif isinstance(n, ast.ExceptHandler) and n.name:
                    plain.add(n.name)
                todo.append(n)
    return imports, plain


def _imports(source: str) -> tuple[dict[str, str], set[str]]:
    """(name -> what an import statement binds to it, names bound otherwise), at the top level."""
    import ast
    try:
        return _top_level_binds(ast.parse(source))
    except SyntaxError:
        return {}, set()


def _same_imports(code: str, solution: str) -> set[str]:
    """Names the changed answer binds only by an import that the solution
    makes under that name too, or that the solution does not bind at all: the
    same module object as the solution's, so nothing that reads them differs."""
    imp_v, plain_v = _imports(code)
    imp_s, plain_s = _imports(solution)
    return {n for n, what in imp_v.items() if n not in plain_v and n not in plain_s and imp_s.get(n, what) == what}


def _cells_to_run(code: str, rest, owner: dict[str, str], answer: str | None,
                  solution: str) -> list[bool] | None:
    """Which cells after a changed answer a run needs, read statically; None
    when some cell cannot be read (then every cell runs).

    A test cell runs when it belongs to the answer's exercise or can see the
    change: it reads a name the answer binds, or a name bound by a cell that
    reads one of those (and so on). Any other cell runs only when a cell that
    runs reads a name it binds: a later section's setup, its worked example
    or its playground cannot change a test that does not read what they make."""
    got, solved = _names(code), _names(solution)
    names = [_names(nbm.solution_code(c.source) if kind == "answer" else c.source) for kind, _, c in rest]
    if got is None or solved is None or any(n is None for n in names):
        return None
    tainted = (set(got[1]) | set(solved[1])) - _same_imports(code, solution)
    run = [False] * len(rest)
    for j, ((kind, gid, _), (reads, binds)) in enumerate(zip(rest, names)):
        sees = bool(reads & tainted)
        if kind == "tests":
            run[j] = owner.get(gid) == answer or sees
        elif sees:
            tainted |= binds
    need: set[str] = set()
    for j in reversed(range(len(rest))):
        reads, binds = names[j]
        if rest[j][0] != "tests":
            run[j] = bool(binds & need)
        if run[j]:
            need |= reads
    return run


def _variant_child(h: _Harness, code: str, rest, owner: dict[str, str] | None = None,
                   answer: str | None = None, solution: str = "") -> dict:
    """Run the variant, then the cells of the rest of the notebook (as
    solved) that can see it or that those need (`_cells_to_run`): the test
    cells that fail ("failing") and the lines of each failure as message data
    ("messages": grade id -> lines, ``workbook.messages.as_data``)."""
    from ..checks.core import CheckFailed
    from ..messages import as_data
    failing, messages = [], {}
    try:
        h.run(code)
    except BaseException:  # noqa: BLE001 - the test cells decide
        pass
    plan = _cells_to_run(code, rest, owner, answer, solution) if owner is not None else None
    for j, (kind, gid, cell) in enumerate(rest):
        if plan is not None and not plan[j]:
            continue
        src = nbm.solution_code(cell.source) if kind == "answer" else cell.source
        try:
            h.run(src)
        except CheckFailed as e:
            if kind == "tests":
                failing.append(gid)
                messages[gid] = [as_data(m) for m in e.line_messages()]
        except BaseException:  # noqa: BLE001
            if kind == "tests":
                failing.append(gid)
    return {"failing": failing, "messages": messages}


def _run_variants(h, gid, items, rest, timeout, jobs, out, owner: dict[str, str] | None = None,
                  solution: str = "", messages: dict | None = None) -> None:
    def work(item):
        return _variant_child(h, item[1], rest, owner, gid, solution)

    if owner is not None:   # read the cells once here: every forked child inherits what _names read
        for kind, _, c in rest:
            _names(nbm.solution_code(c.source) if kind == "answer" else c.source)
        _names(solution)

    for (k, _), value in _fork_each(items, work, timeout, jobs):
        if value is TIMEOUT:
            out[(gid, k)] = f"ran longer than {timeout:g} s"
        elif value is DIED:
            out[(gid, k)] = "the run died"
        else:
            out[(gid, k)] = set(value["failing"])
            if messages is not None:
                messages[(gid, k)] = value["messages"]
