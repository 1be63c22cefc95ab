"""Where a test cell (or a check module) writes a message, and its f-strings
as message templates.

A test cell writes its messages as arguments of the check helpers:
``hint="..."``, ``what=f"padded batch {i}"``, ``check_true(ok, "...")``,
``fail(f"...")``, the values of ``requirements=``, or a name of a message
(``level_hint = "..."``). One definition of those places serves both sides:

* ``@exercise`` compiles its test function again with every f-string at such
  a place made a ``Message`` (``messages_as_data``): ``f"padded batch {i}"``
  becomes ``msg("padded batch {i}", i=i)``, a template and its values (a literal a field shows,
  ``{c or '(none)'}``, a message of its own: ``field_texts``), which
  the check carries as data and the notebook renders in its language. The
  cell's code is the same in every edition, and nothing reads English text
  back into parts;
* the catalogue's extractor (``workbook.authoring.extract``) takes the same
  places' texts, an f-string as the same template, so what is extracted is
  what is rendered.

A field is named after its expression when that is a name (``{i}``), else
``p1``, ``p2``... in order (the comment of the catalogue entry says which
expression it holds).
"""
from __future__ import annotations

import ast
import functools
import linecache
import re

# keywords of any call whose value a person reads
MESSAGE_KEYWORDS = frozenset({
    "hint", "what", "message", "hidden_message", "hidden_what", "hidden", "label", "case", "why", "doing",
    "where", "hidden_where", "call", "note", "after", "more", "observes", "verdict_hints", "wrong_order",
    "column_hints",
})
# the message arguments of a few calls, by position
MESSAGE_ARGS = {
    "check_true": (1,), "fail": (0, 1, 2, 3, 4), "CheckFailed": (0, 3), "fail_raised": (1,), "require": (1, 2, 3, 4),
    "msg": (0,), "_": (0,), "format_": (0,), "tr": (0,), "countdown": (1,), "check_alerts": (4,),
}
# keywords whose value is a list of pairs (value, message): check_table_design(bad=[(row, "why"), ...]),
# check_command(require=[(pattern, "why"), ...])
MESSAGE_PAIRS = frozenset({"bad", "require"})
# a name assigned a message (``level_hint = "..."``, ``REASONS = [...]``)
MESSAGE_NAMES = re.compile(r"(HINT|MESSAGE|REASON|_hint|_message)S?$")
# the name the compiled test function calls to make a message
MAKER = "__workbook_msg__"


def callee(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def leaves(node: ast.AST):
    """The string literals and f-strings an expression at a message place
    gives as whole messages: itself, either side of a conditional or an
    ``or``, the items of a list, tuple or dict (its values), a starred or
    comprehension element. (A concatenation is not one message.)"""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        yield node
    elif isinstance(node, ast.IfExp):
        yield from leaves(node.body)
        yield from leaves(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for v in node.values:
            yield from leaves(v)
    elif isinstance(node, ast.Dict):
        for v in node.values:
            yield from leaves(v)
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for v in node.elts:
            yield from leaves(v)
    elif isinstance(node, ast.Starred):
        yield from leaves(node.value)
    elif isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
        yield from leaves(node.elt)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and len(node.args) == 2:
        yield from leaves(node.args[1])     # HINTS.get(key, "the default hint")
        if isinstance(node.func.value, ast.Dict):   # {"start-up": "starting the app", ...}.get(stage, "the app")
            yield from leaves(node.func.value)


def field_texts(node: ast.JoinedStr):
    """The string literals a field of the f-string ``node`` shows as whole texts of their own: either side of
    a conditional or an ``or`` (``{oneline(c) if c else '(not a commit)'}``, ``{', '.join(xs) or '(none)'}``),
    in a field without conversion or format spec, with a word (not only names: ``recency_days <= tenure_days``)
    and no brace. At a message place the f-string
    is a message, and each of these is a message given as its field's value (``_Transformer``)."""
    for v in node.values:
        if isinstance(v, ast.FormattedValue) and v.conversion == -1 and v.format_spec is None \
                and isinstance(v.value, (ast.IfExp, ast.BoolOp)):
            for leaf in leaves(v.value):
                if isinstance(leaf, ast.Constant) and _worded(leaf.value):
                    yield leaf


def _worded(text: str) -> bool:
    """A literal a person reads as words: a word that is not part of a name, and no brace."""
    return re.search(r"(?<![\w.])[A-Za-z][a-z]+(?![\w.(])", text) is not None and not re.search(r"[{}]", text)


def places(tree: ast.AST):
    """(expression, why) of every place of ``tree`` that holds a message:
    the message arguments and keywords of calls, the values of
    ``requirements=``, the reasons of ``bad=[(row, reason), ...]``, a default
    of a message parameter, and what is assigned to a name that one of those
    places reads (``h = "..."`` before ``hint=h``) or that is named as a
    message (``level_hint = ...``)."""
    direct = list(_direct_places(tree))
    yield from direct
    read = {leaf.id for expr, _ in direct for leaf in _names(expr)}
    # a function whose result is given at a message place (hint=fix_hint(...)): what it returns
    called = {callee(leaf) for expr, _ in direct for leaf in _calls(expr)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in called:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    yield inner.value, f"returned by {node.name}() to a message place"
    # a function or lambda of the cell called only in the fields of the messages (label = lambda rid: ...,
    # shown as f"... the id of {label(want)}"): what it returns
    for name, fn in _field_functions(tree, direct).items():
        if isinstance(fn, ast.Lambda):
            yield fn.body, f"returned by {name}() into a message"
        else:
            for inner in ast.walk(fn):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    yield inner.value, f"returned by {name}() into a message"
    pairs = {kw.value.id for node in ast.walk(tree) if isinstance(node, ast.Call) for kw in node.keywords
             if kw.arg in MESSAGE_PAIRS and isinstance(kw.value, ast.Name)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if any(n in read for n in names):
                yield node.value, "given to a check by name"
            elif any(MESSAGE_NAMES.search(n) for n in names):
                yield node.value, "message"
            if any(n in pairs for n in names) and isinstance(node.value, (ast.List, ast.Tuple)):
                for pair in node.value.elts:
                    if isinstance(pair, ast.Tuple) and len(pair.elts) == 2:
                        yield pair.elts[1], "reason (given to a check by name)"


def _field_functions(tree: ast.AST, direct) -> dict:
    """The functions (a ``def`` or a name given a ``lambda``, defined once) of ``tree`` whose every use is a
    call that is a field of an f-string at a message place (``{label(want)}``): name -> the definition.
    A function the code calls anywhere else (its result compared, returned as data) is none of these."""
    in_fields: set[int] = set()
    for expr, _ in direct:
        for leaf in leaves(expr):
            if isinstance(leaf, ast.JoinedStr):
                in_fields |= {id(v.value.func) for v in leaf.values if isinstance(v, ast.FormattedValue)
                              and isinstance(v.value, ast.Call) and isinstance(v.value.func, ast.Name)}
    defined: dict[str, list] = {}
    loads: dict[str, list] = {}     # every name read, found in the same walk (one walk, not one per name defined)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defined.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            defined.setdefault(node.targets[0].id, []).append(node.value)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            loads.setdefault(node.id, []).append(node)
    out = {}
    for name, defs in defined.items():
        uses = loads.get(name, [])
        if len(defs) == 1 and isinstance(defs[0], (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and uses \
                and all(id(n) in in_fields for n in uses):
            out[name] = defs[0]
    return out


def _calls(node: ast.AST):
    """The calls an expression at a message place gives as whole messages
    (``hint=fix_hint(...)``, ``hint or fix_hint(...)``, ``*lines(...)``)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        yield node
    elif isinstance(node, ast.Starred):
        yield from _calls(node.value)
    elif isinstance(node, ast.IfExp):
        yield from _calls(node.body)
        yield from _calls(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for v in node.values:
            yield from _calls(v)


def _names(node: ast.AST):
    """The plain names an expression at a message place gives as whole
    messages (``hint=h``, ``hint or h``, ``*shown``: its items)."""
    if isinstance(node, ast.Name):
        yield node
    elif isinstance(node, ast.Starred):
        yield from _names(node.value)
    elif isinstance(node, ast.IfExp):
        yield from _names(node.body)
        yield from _names(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for v in node.values:
            yield from _names(v)


def _direct_places(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = callee(node)
            if name == "msg" and isinstance(node.func, ast.Attribute) and not (
                    isinstance(node.func.value, ast.Name) and node.func.value.id == "messages"):
                continue    # another library's .msg() (a Jupyter session's message)
            for i in MESSAGE_ARGS.get(name, ()):
                if i < len(node.args):
                    yield node.args[i], f"{name}() message"
            if name == "require":   # gitcheck's require(condition, message, *lines)
                for arg in node.args[5:]:
                    yield arg, "require() message"
            for kw in node.keywords:
                if kw.arg in MESSAGE_KEYWORDS:
                    yield kw.value, f"{kw.arg}="
                elif kw.arg == "requirements" and isinstance(kw.value, ast.Dict):
                    for v in kw.value.values:
                        yield v, "requirement"
                elif kw.arg in MESSAGE_PAIRS and isinstance(kw.value, (ast.List, ast.Tuple)):
                    for pair in kw.value.elts:
                        if isinstance(pair, ast.Tuple) and len(pair.elts) == 2:
                            yield pair.elts[1], f"{kw.arg}= reason"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # what="value": a default placed into messages ("wrong {what}") is a message word
            args = node.args
            pairs = list(zip(args.args[len(args.args) - len(args.defaults):], args.defaults))
            pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
            for a, d in pairs:
                if a.arg in MESSAGE_KEYWORDS:
                    yield d, f"default {a.arg}="


@functools.lru_cache(maxsize=16)
def _source_lines(source: str) -> tuple[str, ...]:
    """``source``'s lines with their ends, split where ``ast.get_source_segment`` splits them (at ``\\r\\n``,
    ``\\r`` and ``\\n`` only), once per source."""
    return tuple(re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+", source))


def segment(source: str, node: ast.AST) -> str | None:
    """``ast.get_source_segment(source, node)``, with ``source`` split into lines once rather than at every
    call (a test cell's fields asked for one by one: each call split the whole cell again)."""
    lineno, end_lineno = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    col, end_col = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
    if None in (lineno, end_lineno, col, end_col):
        return None
    lines = _source_lines(source)
    first, last = lineno - 1, end_lineno - 1
    if first == last:
        return lines[first].encode()[col:end_col].decode()
    return "".join([lines[first].encode()[col:].decode(), *lines[first + 1:last],
                    lines[last].encode()[:end_col].decode()])


def template(node: ast.JoinedStr, source: str | None = None):
    """An f-string as a ``str.format`` template: (template, [(field name,
    expression node)], notes), fields named after their expressions; None
    for an f-string whose format spec is computed (``{x:{w}d}``)."""
    parts, fields, notes = [], [], []
    named: dict[tuple, str] = {}
    n = 0
    for v in node.values:
        if isinstance(v, ast.Constant):
            parts.append(str(v.value).replace("{", "{{").replace("}", "}}"))
            continue
        if not isinstance(v, ast.FormattedValue):
            return None
        spec = ""
        if v.format_spec is not None:
            if not all(isinstance(s, ast.Constant) for s in v.format_spec.values):
                return None
            spec = ":" + "".join(str(s.value) for s in v.format_spec.values)
        conv = {ord("r"): "!r", ord("s"): "!s", ord("a"): "!a"}.get(v.conversion, "")
        expr = (segment(source, v.value) if source else None) or ast.unparse(v.value)
        key = (ast.dump(v.value), conv, spec)
        name = named.get(key)
        n += 1
        if name is None:
            name = v.value.id if isinstance(v.value, ast.Name) else f"p{n}"
            if any(f == name for f, _ in fields):   # the same name shown another way ({x!r} and {x})
                name = f"p{n}"
            named[key] = name
            fields.append((name, v.value))
            if name != expr:
                notes.append(f"{{{name}}} = {expr}")
        parts.append("{" + name + conv + spec + "}")
    return "".join(parts), fields, notes


class _Transformer(ast.NodeTransformer):
    """Every f-string at a message place made a call of the message maker."""

    def __init__(self):
        self.count = 0
        self.targets: set[int] = set()
        self.texts: set[int] = set()     # the literals of the targets' fields made messages (``field_texts``)

    def mark(self, tree):
        for expr, why in places(tree):
            for leaf in leaves(expr):
                if isinstance(leaf, ast.JoinedStr):
                    self.targets.add(id(leaf))
                    self.texts |= {id(c) for c in field_texts(leaf)}
                elif why.startswith("returned by") and why.endswith("into a message") and _worded(leaf.value):
                    self.texts.add(id(leaf))    # a label function's text: a message given as a field's value

    def visit_Constant(self, node):
        if id(node) not in self.texts:
            return node
        return ast.copy_location(ast.Call(func=ast.Name(id=MAKER, ctx=ast.Load()), args=[ast.Constant(node.value)],
                                          keywords=[]), node)

    def visit_FunctionDef(self, node):
        if any((d.id if isinstance(d, ast.Name) else getattr(d, "attr", "")) == "probe"
               for d in node.decorator_list):
            return node     # a probe runs as its source, in the student's kernel
        return self.generic_visit(node)

    def visit_JoinedStr(self, node):
        if id(node) not in self.targets:
            return self.generic_visit(node)
        t = template(node)
        if t is None:
            return self.generic_visit(node)
        text, fields, _ = t
        self.count += 1
        call = ast.Call(func=ast.Name(id=MAKER, ctx=ast.Load()), args=[ast.Constant(text)],
                        keywords=[ast.keyword(arg=name, value=self.visit(expr)) for name, expr in fields])
        return ast.copy_location(call, node)


def _definition(tree: ast.Module, name: str, firstlineno: int) -> ast.FunctionDef | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if first == firstlineno:
                return node
    return None


@functools.lru_cache(maxsize=256)
def _compiled(source: str, filename: str, name: str, firstlineno: int, flags: int):
    """The code of a module that defines ``__workbook_messages__(MAKER)``,
    which returns the function ``name`` defined at ``firstlineno`` of
    ``source`` with its message places' f-strings made messages; None when
    there is nothing to change (or no such definition)."""
    from .source import AST_LOCK
    try:
        with AST_LOCK:
            tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    node = _definition(tree, name, firstlineno)
    if node is None:
        return None
    node.decorator_list = []
    t = _Transformer()
    t.mark(node)
    if not t.targets:
        return None
    node = t.visit(node)
    if not t.count:
        return None
    outer = ast.FunctionDef(name="__workbook_messages__",
                            args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=MAKER)], kwonlyargs=[],
                                               kw_defaults=[], defaults=[]),
                            body=[node, ast.Return(ast.Name(id=node.name, ctx=ast.Load()))], decorator_list=[])
    for n in (outer, outer.body[1], outer.body[1].value, outer.args, *outer.args.args):
        n.lineno, n.end_lineno, n.col_offset, n.end_col_offset = node.lineno, node.end_lineno, 0, 0
    module = ast.fix_missing_locations(ast.Module(body=[outer], type_ignores=[]))
    with AST_LOCK:
        return compile(module, filename, "exec", flags=flags, dont_inherit=True)


def messages_as_data(fn):
    """The test function ``fn`` compiled again from its cell's source with
    every f-string at a message place made a ``Message`` (see the module
    docstring); ``fn`` itself when its source cannot be read or has none.
    Lines and file name stay the cell's: the hidden part is where it was.

    The compiled code depends on the cell's source only (the instructor's,
    the same for every submission): it is made once per source in a
    grading worker (``_compiled``), and run in each submission's own
    globals."""
    import __future__

    from ..messages import msg
    code = getattr(fn, "__code__", None)
    if code is None or code.co_freevars:
        return fn
    source = "".join(linecache.getlines(code.co_filename))
    flags = code.co_flags & __future__.annotations.compiler_flag
    compiled = _compiled(source, code.co_filename, code.co_name, code.co_firstlineno, flags)
    if compiled is None:
        return fn
    scope: dict = {}
    exec(compiled, fn.__globals__, scope)
    new = scope["__workbook_messages__"](msg)
    new.__doc__ = fn.__doc__
    return new
