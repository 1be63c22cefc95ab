"""Static checks of a student's answer: forbidden calls and library bans
(``check_no_calls``), required calls (``check_uses``), line budgets
(``check_line_limit``) and answers that use no other question's answer
(``check_self_contained``).

They read the submitted code, never the kernel, through the one closure
analysis (``source.Program``): every cell as IPython runs it, every binding
of the answer's name and, transitively, the helpers, aliases, imports and
attribute assignments it uses, in any cell. Deny by default: when the
analysis cannot read a cell or follow what the answer uses (a magic, eval,
a computed getattr it cannot list, a name no cell defines...), the check fails with the
reason; it never passes on code it could not read. When the judge saw the
student's process change what it relies on (``exercise.process_facts``), a
static check fails too: what ran may not be what the cells say.
"""
from __future__ import annotations

import ast
import functools
import io
import re
import textwrap
import tokenize

from ..messages import joined, msg
from .core import fail
from .exercise import Ref, answer_name, static_check_program
from .libraries import is_library

__all__ = ["budget_closure", "check_line_limit", "check_no_calls", "check_self_contained", "check_uses",
           "count_code_lines"]


def _docstrings(tree) -> list:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                out.append(body[0])
    return out


def _statement_lines(tree, docstrings: list) -> dict[int, int]:
    """How many statements occupy each line: a simple statement its lines, a compound one (``if``,
    ``def``...) its header's first line. Docstrings are left out."""
    skip = {id(d) for d in docstrings}
    per_line: dict[int, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or id(node) in skip:
            continue
        compound = isinstance(node, ast.Match) or any(
            isinstance(getattr(node, f, None), list) and getattr(node, f) and isinstance(getattr(node, f)[0], ast.stmt)
            for f in ("body", "orelse", "finalbody"))
        for line in [node.lineno] if compound else range(node.lineno, node.end_lineno + 1):
            per_line[line] = per_line.get(line, 0) + 1
    return per_line


def count_code_lines(source: str) -> int:
    """Lines that hold code: not blank, not only a comment, not a docstring;
    and each statement that shares a line with another one counts as a line
    of its own (``a = 1; b = 2`` is 2 lines, ``if x: y = 1`` is 2).

    A statement spread over several lines counts each line that has code on
    it (as a reader counts them)."""
    source = textwrap.dedent(source)
    try:
        from .source import AST_LOCK
        with AST_LOCK:
            tree = ast.parse(source)
        docstrings = _docstrings(tree)
        per_line = _statement_lines(tree, docstrings)
        # a docstring's lines are free, but not a line it shares with code; a statement that shares its line
        # with another one is a line of its own
        doc = {line for d in docstrings for line in range(d.lineno, d.end_lineno + 1)} - set(per_line)
        shared = sum(n - 1 for n in per_line.values())
    except SyntaxError:
        doc, shared = set(), 0
    code_lines = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER, tokenize.ENCODING}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in skip:
                continue
            code_lines.update(range(tok.start[0], tok.end[0] + 1))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return sum(1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#")) + shared
    return len(code_lines - doc) + shared


_HIDDEN_REFUSAL = "the grader cannot read your code (a magic, eval, a computed name, a name no cell defines...)"


def _refuse(refusal, name: str) -> None:
    """Fail with why the analysis cannot vouch for the answer ``name``
    (``source.Refusal``: its cell's label and what are messages or code)."""
    where = msg("line {line} of {cell}", line=refusal.line, cell=refusal.label)
    if refusal.kind == "unreadable":
        fail(msg("the grader cannot read {cell} of your notebook ({what}, line {line}); this exercise checks your "
                 "code without running it, so it passes only when every cell is Python the grader can read",
                 cell=refusal.label, what=refusal.what, line=refusal.line),
             hint="fix or delete that cell (IPython runs nothing of a cell that does not parse)",
             hidden_message=_HIDDEN_REFUSAL)
    if refusal.kind == "dynamic":
        fail(msg("your notebook reaches code in a way the grader cannot follow ({what}, {where}); this exercise "
                 "checks which functions your code calls, so it cannot pass while such code is in the notebook",
                 what=refusal.what, where=where),
             hint="remove magics other than %time, %timeit, %%time and %%timeit, ! lines with {...} or $name, "
                  "`get_ipython()`, `eval`/`exec`, `getattr` with a computed name, `globals()` and `sys.modules` "
                  "from your cells: call functions by name",
             hidden_message=_HIDDEN_REFUSAL)
    if refusal.kind == "import":
        fail(msg("your answer imports code the grader cannot read ({what}, {where}); write it in the notebook",
                 what=refusal.what, where=where),
             hidden_message="your answer imports code the grader cannot read")
    fail(msg("your answer `{name}` uses {what} ({where}); the grader checks the code your answer uses, so it must "
             "be defined in the notebook's cells or be a library's own", name=name, what=refusal.what, where=where),
         hint=("define what your answer uses in its own cell (a helper inside your function, or a function of "
               "its own in that cell), or import it from a library" if refusal.kind == "unbound" else None),
         hidden_message=_HIDDEN_REFUSAL)


def _closure(answer, attributes: bool = True, mentions: bool = False, changes: bool = True):
    """(name, program, bindings): every binding of the answer's name in the
    student's code and the code it uses, transitively (``Program.closure``),
    after making sure the analysis can vouch for it."""
    if not isinstance(answer, (Ref, str)):
        answer = getattr(answer, "__name__", None) or answer
    name = answer_name(answer)
    prog = static_check_program()
    refusals = prog.refusals(name)
    if refusals:
        _refuse(refusals[0], name)
    found = [b for b in prog.closure(name, attributes, mentions, changes) if not b.given]
    if not found:
        fail("cannot read the source of your answer: define it in the answer cell with def or class")
    return name, prog, found


def _where(b, name: str, line: int):
    """Where a name the answer uses is, as a message: the line of the cell
    that defines the answer (or the helper it uses)."""
    from .source import _bound_names
    names = sorted(_bound_names(b.node))
    if name in names or names:
        return msg("line {line} of the cell that defines `{name}`", line=line + b.offset,
                   name=name if name in names else names[0])
    return msg("line {line} of the cell that defines a name it uses", line=line + b.offset)


def _names_loaded(node) -> tuple[set[str], set[str]]:
    """(values, called): the names a statement reads as values (stored, passed, returned, an attribute's
    object) and the names it only calls."""
    func = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    values, called = set(), set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            (called if id(n) in func else values).add(n.id)
    return values, called


def _kept_code(node, values: set[str], called: set[str]) -> list:
    """The code in a statement that can be kept for later, to run when the answer is called: a lambda; a
    def used as a value somewhere (stored, passed, returned) or decorated; a class used at all (an instance
    carries its methods). Inside a def or class that is not kept (a function only called), the code its
    body keeps."""
    if isinstance(node, ast.Lambda):
        return [node]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (node.decorator_list or node.name in values):
        return [node]
    if isinstance(node, ast.ClassDef) and (node.decorator_list or node.name in values | called):
        return [node]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        # a function only called: what its body defines is kept if its body uses it so (or makes it global)
        inner_values, inner_called = _names_loaded(node)
        shared = {g for n in ast.walk(node) if isinstance(n, (ast.Global, ast.Nonlocal)) for g in n.names}
        values, called = inner_values | (values & shared), inner_called | (called & shared)
    return [c for child in ast.iter_child_nodes(node) for c in _kept_code(child, values, called)]


def budget_closure(answer) -> tuple[str, list, list]:
    """(name, definitions, [(binding, code)]): what a line budget and the
    loop rule read of the student's code. ``definitions``: the bindings of
    the answer and, transitively, of the names they read, and the statements
    that change what those hold (read whole: the answer's cell, its helpers'
    cells, a training loop's cell). Then every other statement the
    closure of a prohibition reaches (``Program.closure`` with ``mentions``:
    a statement that changes a value they read, names it or an alias of it,
    stores an attribute), and the code kept in it that can run when the
    answer is called (``_kept_code``): a helper put in a list through an
    alias counts; a demo cell that calls the answer or an earlier exercise's
    function on data the answer reads, or prints a list it reads, does not."""
    name, prog, defs = _closure(answer, attributes=False)
    direct = {id(b.node) for b in defs}
    reached = [b for b in prog.closure(name, attributes=True, mentions=True)
               if not b.given and id(b.node) not in direct]
    values, called = set(), set()
    for b in defs + reached:
        v, c = _names_loaded(b.node)
        values |= v
        called |= c
    seen, extra = set(), []
    todo = [(b, _kept_code(b.node, values, called)) for b in reached]
    followed = set()
    while todo:
        b, nodes = todo.pop(0)
        for node in nodes:
            if id(node) in seen:
                continue
            seen.add(id(node))
            extra.append((b, node))
            # kept code runs when the answer is called, and so does every helper of the student's it names
            for n in {x.id for x in ast.walk(node) if isinstance(x, ast.Name)} - followed:
                followed.add(n)
                todo += [(h, _kept_code(h.node, values | {n}, called)) for h in prog.bindings.get(n, [])
                         if not h.given and id(h.node) not in direct]
    return name, defs, sorted(extra, key=lambda e: (e[0].cell, e[1].lineno))


def check_line_limit(answer, limit: int = 50, *, whole_cell: bool = True) -> int:
    """The submitted answer holds at most ``limit`` lines of code: by default
    the whole answer cell, and with it every other cell that holds code the
    answer uses (a helper, an alias: imports are free), and every def, class
    or lambda that can reach it through a value it reads (``budget_closure``).
    Returns the count."""
    from .source import _statement_source
    _, defs, extra = budget_closure(answer)
    defs = [b for b in defs if not isinstance(b.node, (ast.Import, ast.ImportFrom))]
    cells: dict[int, list[str]] = {}
    if whole_cell:
        for b in defs:
            cells.setdefault(b.cell, [b.text])
    else:
        for b in defs:
            cells.setdefault(b.cell, []).append(b.source)
    whole = {b.cell for b in defs} if whole_cell else set()
    for b, node in extra:
        if b.cell not in whole:
            cells.setdefault(b.cell, []).append(_statement_source(b.text, node))
    parts = [p for k in sorted(cells) for p in cells[k]]
    n = sum(count_code_lines(p) for p in parts)
    _watch_budget(defs, extra, whole_cell)
    if n > limit:
        if len(cells) > 1:
            text = msg("your answer has {n} lines of code in {cells} cells (your answer uses code from other "
                       "cells: it counts too) (several statements on one line count as several; blank lines, "
                       "comments and docstrings do not count); the limit is {limit}", n=n, cells=len(cells),
                       limit=limit)
        else:
            text = msg("your answer has {n} lines of code (several statements on one line count as several; "
                       "blank lines, comments and docstrings do not count); the limit is {limit}", n=n, limit=limit)
        fail(text,
             hint="remove dead code and debugging prints; combine steps; a helper you do not need is a "
                  "line you do not have", hidden_message=msg("your answer has more than {limit} lines of code", limit=limit))
    return n


def _watch_budget(defs, extra, whole_cell: bool) -> None:
    """While the answer runs, the judge checks that the code of the student's that runs is code the budget
    counted (``exercise.Run.budget``): the counted cells (whole, or the definitions' statements), the
    statements counted from other cells, and the instructor's read-only cells. A cell is known by the file name
    IPython's kernel compiles it under (a hash of its text: ipykernel.compiler). When graded only: in the
    student's own kernel, IPython's history holds the cells as it transformed them, not their text."""
    from .core import current
    run = current()
    if run is not None and not run.transport.local:   # a notebook's own run: its history is not the cells' text
        run.budget = _counted_code(defs, extra, whole_cell)


def watch_closure(defs, extra) -> None:
    """The same for a check that read the answer's definitions (``vision.check_no_loops``): while the answer
    runs, no code of the student's may run that the check did not read (``exercise.Run.closure``), such as a
    loop in a function another cell keeps in a library's registry."""
    from .core import current
    run = current()
    if run is not None and not run.transport.local:
        run.closure = _counted_code(defs, extra, whole_cell=False)


def _counted_code(defs, extra, whole_cell: bool) -> dict[str, tuple]:
    """Cell file name -> (label, line ranges, or None: all of it) of the code ``defs`` and ``extra`` are, and
    of the instructor's read-only cells."""
    from ipykernel.compiler import get_tmp_hash_seed, murmur2_x86
    prog = static_check_program()

    def span(node):
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        return first, getattr(node, "end_lineno", None) or node.lineno

    allowed: dict[int, list | None] = {i: None if c[5] else [] for i, c in enumerate(prog.cells)}   # read-only: all
    for b in defs:
        if whole_cell:
            allowed[b.cell] = None
        elif allowed.get(b.cell, []) is not None:
            allowed.setdefault(b.cell, []).append(span(b.node))
    for b, node in extra:
        if allowed.get(b.cell, []) is not None:
            allowed.setdefault(b.cell, []).append(span(node))
    return {f"{murmur2_x86(prog.cells[i][1], get_tmp_hash_seed())}.py": (prog.cells[i][0], ranges)
            for i, ranges in allowed.items()}


def _bound_in_student_code(prog) -> set[str]:
    """Every name the student's code binds, in any scope (a local variable,
    a parameter, an own helper)."""
    out = set()
    for label, raw, code, tree, err, given in prog.cells:
        if tree is None or given:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                out.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                out.add(node.id)
            elif isinstance(node, ast.arg):
                out.add(node.arg)
            elif isinstance(node, ast.alias) and node.name != "*":
                out.add((node.asname or node.name).split(".")[0])
    return out


def _uses(answer, mentions: bool = False) -> tuple[str, list]:
    """(answer name, [(name, binding, line)]): every name the answer's code
    uses, in the sense of ``check_no_calls``; the student's own names read as
    plain names are left out (they are checked where they are defined).
    ``mentions``: the closure over-approximated for a prohibition
    (``Program.closure``)."""
    from .source import names_used
    name, prog, found = _closure(answer, mentions=mentions)
    own = _bound_in_student_code(prog)
    out = []
    for b in found:
        for used, line, kind in names_used(b.node, prog.listed):
            if kind == "name" and used in own and not prog.stars:
                continue
            out.append((used, b, line))
    return name, out


def _twin(name: str) -> str:
    """A name as a library spells its twins: ``native_layer_norm``, ``_softmax``, ``log_sigmoid`` and
    ``LogSigmoid`` are ``layer_norm``, ``softmax`` and ``logsigmoid``."""
    return name.lower().lstrip("_").removeprefix("native_").replace("_", "")


# how a library function that ran may be named beside the name the student would write (never applied to the
# student's code, where an attribute such as ``self.slow_conv`` is theirs): torch's bindings of a namespace
# (torch.special.softmax runs as ``special_softmax``) and ATen's kernels of an operator (thnn_conv2d,
# _slow_conv2d_forward, mkldnn_convolution, log_sigmoid_forward)
_RUN_PREFIXES = ("special_", "linalg_", "fft_", "nested_", "sparse_", "thnn_", "slow_", "mkldnn_", "cudnn_", "miopen_",
                 "onednn_", "nnpack_")


def _run_twin(name: str) -> str:
    name = name.lower().lstrip("_").removeprefix("native_")
    for prefix in _RUN_PREFIXES:
        name = name.removeprefix(prefix)
    return _twin(name.removesuffix("_forward") or name)


def check_no_calls(answer, forbidden: dict[str, str], *, hint: str | None = None) -> None:
    """The student's code for ``answer`` uses none of the forbidden names:
    every definition of the answer's name in the notebook (not only the last
    one: imports and assignments count) and every top-level helper, alias or
    attribute assignment it uses, transitively, with the names of imports
    resolved (a library ban: its module's name, ``{"mlxtend": "mlxtend"}``).

    ``forbidden`` maps a name as it appears in code (an attribute such as
    ``linear`` in ``F.linear``, an imported name or module) to how the
    message shows it (``"F.linear"``); the library's twins of a name count
    as the name (``_twin``: ``torch.native_dropout`` is ``dropout``). The student's own names (their class,
    a helper called ``softmax``) are allowed as plain names: their
    definitions are checked instead. Code the analysis cannot follow fails
    (see the module docstring)."""
    name, used = _uses(answer, mentions=True)
    twins = {_twin(k): v for k, v in forbidden.items()}
    for n, b, line in used:
        if n in forbidden or _twin(n) in twins:
            fail(msg("your answer uses {name} ({where}); this exercise asks you to write that part yourself",
                     name=forbidden.get(n) or twins[_twin(n)], where=_where(b, name, line)), hint=hint)
    from .core import current
    run = current()
    if run is not None:   # and while the answer runs, the judge watches what it calls (exercise.Run.watched)
        run.forbidden_calls = {**run.forbidden_calls, **forbidden}


def check_no_reads(answer, forbidden: dict[str, str], *, hint: str | None = None) -> None:
    """The student's code for ``answer`` names none of ``forbidden`` (read as
    ``check_no_calls`` reads them: every binding, helper and alias, with the
    names of imports resolved), without watching the answer as it runs: for
    attributes of objects a test hands to the answer (07's ``client.app``),
    which a library's own code may well read under the same name). Only the code the answer reaches is read:
    an answer of another question that the analysis cannot follow is that question's matter."""
    name, used = _uses(answer, mentions=False)
    for n, b, line in used:
        if n in forbidden:
            fail(msg("your answer reads {name} ({where}); this exercise allows only what the question names",
                     name=forbidden[n], where=_where(b, name, line)), hint=hint)


def forbidden_call(entry, forbidden: dict[str, str]) -> str | None:
    """How ``forbidden`` shows the library function ``entry`` (``[module, qualified name]``, as the kernel
    saw the answer call it, or ``[module, qualified name, "library"]``, another library's call), or None when it is not forbidden: a name of its qualified name is a forbidden
    name or its twin (``Tensor.softmax``, ``_VariableFunctionsClass._softmax``, ``LayerNorm.forward``), or its
    module is inside a forbidden top-level library (``mlxtend.frequent_patterns.apriori``). A library module's
    inner names (``torch.autograd.grad_mode`` for ``torch.no_grad``) are not the names the student wrote."""
    if not (isinstance(entry, list) and len(entry) in (2, 3) and all(isinstance(x, str) for x in entry)):
        return None
    try:   # a watched reply lists a few hundred calls, the same ones reply after reply: each decided once
        return _forbidden_call(tuple(entry), tuple(forbidden.items()))
    except TypeError:   # a message that is not hashable, as shown
        return _decide(tuple(entry), forbidden, _call_twins.__wrapped__(tuple(forbidden.items())))


@functools.lru_cache(maxsize=8192)
def _forbidden_call(entry: tuple, items: tuple) -> str | None:
    return _decide(entry, dict(items), _call_twins(items))


def _decide(entry: tuple, forbidden: dict, twins: dict) -> str | None:
    module, qualname = entry[:2]
    # called by another library's code (``[module, qualified name, "library"]``: a function the student handed to
    # functools, weakref or a DataFrame's pipe): the function's own name only, not the class it belongs to
    parts = qualname.split(".")[-1:] if len(entry) == 3 else qualname.split(".")
    for part in parts:
        if part in forbidden or (part != "<locals>" and _run_twin(part) in twins):
            return forbidden.get(part) or twins[_run_twin(part)]
    top = module.split(".", 1)[0]
    if top in forbidden and "." not in top and is_library(top):
        return forbidden[top]
    return None


@functools.lru_cache(maxsize=64)
def _call_twins(items: tuple) -> dict:
    """The names a library function that ran may have for each forbidden name (``forbidden_call``): read only."""
    return {_run_twin(k): v for k, v in items} | {_twin(k): v for k, v in items}


def check_uses(answer, names: dict[str, str], *, hint: str | None = None) -> None:
    """The student's code for ``answer`` uses at least one of ``names``
    (same form as check_no_calls)."""
    _, used = _uses(answer)
    if not {n for n, _, _ in used} & set(names):
        fail(msg("your answer should use {names}", names=joined(dict.fromkeys(names.values()), msg(" or "))),
             hint=hint)


def _other_answers(prog, name: str, question: str,
                   answers: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], set[int]]:
    """(name -> the question whose answer it is, the cells of those answers), for every name the answer
    ``name`` of ``question`` may not use: the answers of the other questions (``answers``: from the notebook's
    test cells) and what the student's cells that define one of them define besides (a helper of that answer),
    imports left out. A name that a cell defining ``name`` (the answer's own cell) also defines is the
    answer's own: it shadows the other."""
    mine = {n for n, qs in answers.items() if question in qs} | {name}
    others = {n: qs[0] for n, qs in answers.items() if n not in mine}
    own_cells = {b.cell for n in mine for b in prog.bindings.get(n, []) if not b.given}
    cell_of: dict[int, str] = {}   # a student's cell that defines another question's answer -> that question
    for n, q in others.items():
        for b in prog.bindings.get(n, []):
            if not b.given and b.cell not in own_cells and not isinstance(b.node, (ast.Import, ast.ImportFrom)):
                cell_of.setdefault(b.cell, q)
    out = dict(others)
    for n, bs in prog.bindings.items():
        for b in bs:
            if b.cell in cell_of and not b.given and not isinstance(b.node, (ast.Import, ast.ImportFrom)):
                out.setdefault(n, cell_of[b.cell])
    own = {n for n, bs in prog.bindings.items() for b in bs
           if b.cell in own_cells and not b.given and not _rebinds(b.node, n)}
    # a name whose last binding before the answer's cell has run is an import holds a library's object, not the
    # other answer (03: `from torch.nn import LayerNorm` after Question 2's class LayerNorm)
    last = max(own_cells, default=len(prog.cells))
    imported = set()
    for n in out:
        bs = sorted((b for b in prog.bindings.get(n, []) if not b.given and b.cell <= last),
                    key=lambda b: (b.cell, getattr(b.node, "lineno", 0)))
        if bs and isinstance(bs[-1].node, (ast.Import, ast.ImportFrom)):
            imported.add(n)
    return {n: q for n, q in out.items() if n not in own | imported}, set(cell_of)


def _rebinds(node, name: str) -> bool:
    """Whether a statement binds ``name`` from its old value (``box_iou = partial(box_iou, ...)``, ``class
    LayerNorm(LayerNorm)``): such a binding in the answer's cell keeps the other answer, it does not shadow it.
    A function that calls itself by its name is its own."""
    from .source import names_read
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return any(name in names_read(d) for d in node.decorator_list + node.args.defaults
                   + [d for d in node.args.kw_defaults if d is not None])
    if isinstance(node, ast.ClassDef):
        return any(name in names_read(d) for d in node.decorator_list + node.bases + [k.value for k in node.keywords])
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return False
    return name in names_read(node)


def _question(question: str):
    """A question's id as its heading says it: ``q5b`` -> Question 5b (문제 5b)."""
    m = re.fullmatch(r"q(\d+[a-z]*)", question or "")
    return msg("Question {n}", n=m.group(1)) if m else question


def check_self_contained(answer, *, hint: str | None = None) -> None:
    """The student's code for ``answer`` uses no answer to another question of the notebook: no name that
    another question's test takes (``Transport.answers``: the notebook's test cells declare them), nor a
    helper defined in the same cell as one, read anywhere in the answer's closure (its definitions, the helpers
    and aliases of other cells it uses, the statements that change what they hold: ``Program.closure``).
    Imports and the instructor's cells are free; so is a helper of the same name in the answer's own cell
    (a nested ``def box_iou`` is a local name; a top-level one in the answer's cell shadows the other).
    A question that asks each answer to stand on its own ("do not call your answers to other questions")
    declares it with this check and a requirement ``self-contained``."""
    from .core import current
    from .source import names_read, names_used
    name, prog, found = _closure(answer, attributes=False)
    run = current()
    answers = run.transport.answers() if run is not None else {}
    forbidden, their_cells = _other_answers(prog, name, run.question if run is not None else "", answers)
    if not forbidden:
        return
    own_cells = {b.cell for b in found if name in _bound_names_of(b.node)}
    # the code of another answer's cell is reached through a name it defines (reported where it is read), or
    # through a name the answer's own cell defines too (the analysis follows every binding of a name): what
    # that code reads is that question's matter
    found = [b for b in found if b.cell not in their_cells]
    for b in sorted(found, key=lambda b: (b.cell not in own_cells, b.cell, getattr(b.node, "lineno", 0))):
        read = names_read(b.node) & set(forbidden)
        first = {}   # each such name at the first line it is read (a local of that name aside)
        for u, ln, kind in names_used(b.node, prog.listed):
            if u in read and kind == "name":
                first.setdefault(u, ln)
        for n in sorted(read, key=lambda n: (first.get(n, getattr(b.node, "lineno", 1)), n)):
            line = first.get(n, getattr(b.node, "lineno", 1))
            fail(msg("your answer uses `{used}` ({where}), which belongs to your answer to {question}; each question "
                     "is graded on its own, so an answer may not call the answers to other questions nor the helpers "
                     "defined in their cells",
                     used=n, question=_question(forbidden[n]),
                     where=msg("line {line} of the cell that defines `{name}`", line=line + b.offset, name=name)
                     if b.cell in own_cells else _where(b, name, line)),
                 hint=hint or msg("copy what you need of `{used}` into this answer's cell (a helper inside your "
                                  "function, or a function of its own in that cell)", used=n))


def _bound_names_of(node) -> set[str]:
    from .source import _bound_names
    return _bound_names(node)
