"""The printed labels and case descriptions of the code a student reads, found from the code's structure.

``comments.cell_pieces`` takes these as pieces (``comments.LABEL`` and ``comments.DESCRIPTION``), each
replaced in place by the release (``comments.translate_code``), so the code around them stays the same:

* in a locked cell or a worked example (Python's syntax tree): the string literals and f-strings a call
  shows, and either side of a conditional among them (``print("ok" if x else "too many")``): the arguments
  of ``print()`` (and the name of a series renamed in one: ``print(s.rename("orders per size"))``); the
  column names of a frame made only to be shown by ``display()``, and the new names a ``.rename(columns=...)``
  gives it there (``_displayed_columns``); the
  text of a figure's title and axis labels (``plt.title``, ``ax.set_xlabel``...,
  ``fig.suptitle``) and the ``title=``, ``xlabel=``, ``ylabel=`` and ``label=`` of any call (matplotlib's
  keywords, altair's ``title=``), the label of a timed problem's ``countdown(25, "Problem A · 25 min")``
  and the questions a worked example waits for, ``ready(..., after="Question 4")`` (messages of the helpers
  too: a translated literal is shown as it is), an English label glossed in Korean too (``"recall (재현율)"``); the
  values of a notebook's data held under a key that the notebook reads only to print it (``printed_keys``:
  ``SCENARIOS["A"]["idea"]``, read in ``print(..., scenario["idea"])`` and nowhere else); the text of a
  web page the code serves, a literal that is one HTML element (07's ``"<p>The demo page is Question 9.</p>"``);
  the ``description=`` of an ipywidgets widget (04's ``FloatSlider(..., description="threshold")``: a label even
  where the word also names a variable), unless the cell reads a ``.description`` back;
* in a ``%%bash`` worked example (bashlex's parse of the cell): a quoted argument of ``echo`` that holds an
  English word, when the command writes to the screen (not to a file); its ``$`` expansions stay
  (``catalog.problems_of``);
* in a test cell's visible part: a case's description, a value that the cell's code only shows in its
  messages: a literal given to a name (a nested function's parameter, an element of a ``for`` loop's
  tuple over a table of cases) whose every use is a field of an f-string at a message place
  (``templates.places``), found through the table's name, ``zip()`` and ``enumerate()`` and the calls of
  the nested function; and what ``shown_setup=`` shows of a setup.

A string the code compares, returns or reads as data is none of these: its value stays the same in
every edition, and so does every grade (tests/test_i18n.py grades both editions).
"""
from __future__ import annotations

import ast
import functools
import re

PLOT_CALLS = frozenset({"title", "set_title", "suptitle", "xlabel", "ylabel", "set_xlabel", "set_ylabel"})
LABEL_KEYWORDS = frozenset({"title", "xlabel", "ylabel"})
PLOTS = frozenset({"plot", "scatter", "bar", "barh", "hist", "step", "stairs", "stem", "errorbar", "fill_between",
                   "axhline", "axvline"})     # the calls whose ``label=`` is a legend's text
SHOWN_KEYWORDS = frozenset({"shown_setup"})
# one HTML element on one line whose content is text: <p>The demo page is Question 9.</p>
HTML_ELEMENT = re.compile(r"<([a-z][a-z0-9]*)(?:\s[^<>\n]*)?>[^<>\n]*[A-Za-z]{2,}[^<>\n]*</\1>")


@functools.cache
def described_widgets() -> frozenset[str]:
    """The ipywidgets classes that show a ``description`` (a slider's or a checkbox's label, a button's text)."""
    import ipywidgets
    return frozenset(n for n, c in vars(ipywidgets).items() if isinstance(c, type)
                     and issubclass(c, ipywidgets.Widget) and "description" in c.class_trait_names())


def _shown_leaves(node):
    """The literals an expression a call shows gives as whole texts: itself, either side of a conditional."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) or isinstance(node, ast.JoinedStr):
        yield node
    elif isinstance(node, ast.IfExp):
        yield from _shown_leaves(node.body)
        yield from _shown_leaves(node.orelse)


def _literal_piece(leaf, source: str, lines: list[str], tokens, context: str, names=frozenset()):
    """The piece of a string literal or f-string ``leaf`` (its tokens: one-line, no prefix but ``f``, no
    backslash), or None when it holds no English word, is a name of the code or holds quoted code."""
    from ..checks.templates import segment, template
    from .comments import Piece, _char_col, _has_words
    from .korean import HANGUL
    first, last = leaf.lineno - 1, leaf.end_lineno - 1
    start = (first, _char_col(lines[first], leaf.col_offset))
    end = (last, _char_col(lines[last], leaf.end_col_offset))
    mine = [t for t in tokens if start <= (t[0], t[1]) and (t[0], t[2]) <= end]
    if not mine or any(not re.match(r"^[fF]?(['\"])(?!\1\1)", t[3]) or "\\" in t[3] for t in mine):
        return None
    if any(HANGUL.search(re.sub(r"\([^()]*\)\s*(?=[\"'])", "", t[3])) for t in mine):
        return None     # written in Korean already; not an English label glossed in Korean ("recall (재현율)")
    spans = [t[:3] for t in mine]
    quote = mine[0][3].lstrip("fF")[0]
    if isinstance(leaf, ast.JoinedStr):
        got = template(leaf, source)
        if got is None:
            return None
        text, fields, _notes = got
        exprs = {name: segment(source, node) or ast.unparse(node) for name, node in fields}
        words = " ".join(str(v.value) for v in leaf.values if isinstance(v, ast.Constant))
        if any('"' in e or "\\" in e or "\n" in e for e in exprs.values()) or not _has_words(words) \
                or re.search(r"'[^']*'|\"[^\"]*\"", words):
            return None
        return Piece(context, text, leaf.lineno, spans, quote=quote, fields=exprs)
    value = leaf.value
    if value.strip() in names or not _has_words(value) or re.search(r"'[^']*'|\"[^\"]*\"", value):
        return None     # a name of the code ("torch" before torch.__version__), no word, or code with a quoted value
    return Piece(context, value, leaf.lineno, spans, quote=quote)


class Keys(frozenset):
    """``printed_keys``' answer: the keys (a frozenset of them) and ``examples``, the names of a worked
    example's example values (``example_names``)."""

    def __new__(cls, keys=(), examples=()):
        self = super().__new__(cls, keys)
        self.examples = frozenset(examples)
        return self


def _bound_example(node):
    """The name and value of ``name = Call(...)`` or ``name = {...}`` (one name), else None."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
            and isinstance(node.value, (ast.Call, ast.Dict)):
        return node.targets[0].id, node.value
    return None


def example_names(nb) -> frozenset[str]:
    """The names of a worked example's example values: ``name = ProjectCard(...)`` or ``name = {...}`` in a
    worked example, a name that only worked examples read (never an answer, a test or a locked cell: no
    text of it is ever graded), that none of them gives to another name (TYPICAL into SCENARIOS) or compares
    a text of it with, in cells that assert nothing (04's ``delivery_card``, ``STATEMENTS``: their texts
    reach a student's function only where a worked example shows its result). Its texts are the literals
    of two words or more (not a value such as ``"costly"`` or a table's name)."""
    from ..course import nb as nbm
    trees = []
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.source.startswith("%%"):
            continue
        try:
            trees.append((cell, ast.parse(cell.source)))
        except SyntaxError:
            continue

    # the names each cell reads or writes, found once per cell (not one walk of every cell per example)
    names = {id(tree): {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} for _cell, tree in trees}

    def reads(tree, name) -> bool:
        return name in names[id(tree)]

    def facts(tree):
        """(asserts anything, the texts it compares, (statement, the names its value reads) of each assignment
        and return): what ``safe`` asks of a cell, found once per cell."""
        asserts = any(isinstance(n, ast.Assert) for n in ast.walk(tree))
        compared = {c.value for n in ast.walk(tree) if isinstance(n, ast.Compare)
                    for c in [n.left, *n.comparators] if isinstance(c, ast.Constant) and isinstance(c.value, str)}
        given = [(a, {n.id for n in ast.walk(a.value) if isinstance(n, ast.Name)}) for a in ast.walk(tree)
                 if isinstance(a, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)) and a.value is not None]
        return asserts, compared, given
    known = {id(tree): facts(tree) for _cell, tree in trees}

    def safe(tree, name, values, node=None) -> bool:
        asserts, compared, given = known[id(tree)]
        if asserts or values & compared:
            return False
        return not any(name in read for a, read in given if a is not node)

    out = set()
    for cell, tree in trees:
        if nbm.kind(cell) is not None:
            continue
        for node in tree.body:
            bound = _bound_example(node)
            if bound is None:
                continue
            name, values = bound[0], {leaf.value for leaf in _example_values(bound[1])}
            readers = [(other, t) for other, t in trees if other is not cell and reads(t, name)]
            if any(nbm.kind(other) is not None for other, _ in readers):
                continue
            if safe(tree, name, values, node) and all(safe(t, name, values) for _, t in readers):
                out.add(name)
    return frozenset(out)


def _example_values(expr):
    """The string literals of an example value: a call's arguments, a dict's values, a list's items."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        if re.search(r"[A-Za-z]{2,}\S*\s+\S*[A-Za-z]{2,}", expr.value):    # words, not a value ("costly", "orders")
            yield expr
    elif isinstance(expr, ast.Call):
        for a in [*expr.args, *(k.value for k in expr.keywords)]:
            yield from _example_values(a)
    elif isinstance(expr, ast.Dict):
        for v in expr.values:
            yield from _example_values(v)
    elif isinstance(expr, (ast.List, ast.Tuple)):
        for v in expr.elts:
            yield from _example_values(v)


def printed_keys(nb) -> Keys:
    """The keys of a notebook's data that its code reads only to print them: a subscript ``x["idea"]``
    inside the arguments of ``print()`` in a worked example or a locked cell, and no other read of the key
    (a subscript or ``.get("idea")``) in any code cell, answers and tests included; with them
    (``Keys.examples``) the names of its worked examples' example values (``example_names``)."""
    from ..course import nb as nbm
    printed, other = set(), set()
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.source.startswith("%%"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        inside: set[int] = set()
        if nbm.kind(cell) in (None, "readonly"):
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                    inside |= {id(n) for arg in node.args for n in ast.walk(arg)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                    and isinstance(node.slice.value, str):
                (printed if id(node) in inside else other).add(node.slice.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                other.add(node.args[0].value)
    return Keys(printed - other, example_names(nb))


def _displayed_columns(expr) -> list:
    """The literal column names of a frame made only to be shown, down the method chain of an argument of
    ``display()``: the keys of a dict literal or the ``columns=`` list of ``pd.DataFrame(...)``
    (``display(pd.DataFrame({"yours": ours, "scikit-learn": theirs}).round(4))``), the name given by
    ``.to_frame("coefficient")`` or ``.rename("...")``, or the new names of ``.rename(columns={...})`` (a
    frame's identifiers shown as words: ``{"loose_boxes": "loose boxes"}``). Such a frame is bound to no
    name: nothing reads its columns back."""
    out, node = [], expr
    while isinstance(node, ast.Call):
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
        if name == "DataFrame":
            if node.args and isinstance(node.args[0], ast.Dict):
                out += [k for k in node.args[0].keys if k is not None]
            out += [e for k in node.keywords if k.arg == "columns" and isinstance(k.value, (ast.List, ast.Tuple))
                    for e in k.value.elts]
            break
        if name in ("to_frame", "rename") and len(node.args) == 1 and not node.keywords:
            out.append(node.args[0])
        if name == "rename" and not node.args:   # the new names of .rename(columns={"loose_boxes": "loose boxes"})
            out += [v for k in node.keywords if k.arg in ("columns", "index") and isinstance(k.value, ast.Dict)
                    for v in k.value.values]
        if not isinstance(f, ast.Attribute):
            break
        node = f.value
    return out


def python_label_pieces(source: str, keys=frozenset()) -> list:
    """The printed labels of a locked cell or a worked example (see the module docstring)."""
    from .comments import LABEL, _names, _string_tokens
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    tokens = _string_tokens(source)
    if tokens is None:
        return []
    from ..checks.templates import callee
    lines, names = source.split("\n"), _names(source)
    exprs, described = [], set()
    reads_description = any(isinstance(n, ast.Attribute) and n.attr == "description" for n in ast.walk(tree))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = callee(node)
            if name == "print" and isinstance(node.func, ast.Name):
                exprs += node.args
                # a Series renamed only to be printed: print(counts.rename("orders with N products"))
                exprs += [a.args[0] for a in node.args if isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute)
                          and a.func.attr == "rename" and len(a.args) == 1 and not a.keywords]
            elif name == "display" and isinstance(node.func, ast.Name):
                exprs += [c for a in node.args for c in _displayed_columns(a)]
            elif name in PLOT_CALLS and isinstance(node.func, (ast.Name, ast.Attribute)) and node.args:
                exprs.append(node.args[0])
            elif name == "countdown" and isinstance(node.func, ast.Name):
                # a timed problem's countdown bar: countdown(25, "Problem A · 25 min")
                exprs += node.args[1:2] + [k.value for k in node.keywords if k.arg == "label"]
            elif name == "ready" and isinstance(node.func, ast.Name):
                # the questions a worked example waits for: ready("schedule", after="Questions 11 and 12")
                exprs += [k.value for k in node.keywords if k.arg == "after"]
            exprs += [k.value for k in node.keywords
                      if k.arg in LABEL_KEYWORDS or (k.arg == "label" and name in PLOTS)]
            if name == "dict" and isinstance(node.func, ast.Name):
                exprs += [k.value for k in node.keywords if k.arg in keys]
            if name in described_widgets() and not reads_description:
                # a widget's label: FloatSlider(..., description="threshold"), a word even where it names a variable
                described |= {id(k.value) for k in node.keywords if k.arg == "description"}
                exprs += [k.value for k in node.keywords if k.arg == "description"]
        elif isinstance(node, ast.Dict):
            exprs += [v for k, v in zip(node.keys, node.values)
                      if isinstance(k, ast.Constant) and k.value in keys]
    # the text of a web page the code serves: a literal that is one HTML element with English words in it
    # (07's worked example serves create_app(..., "<p>The demo page is Question 9.</p>"))
    exprs += [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
              and HTML_ELEMENT.fullmatch(n.value)]
    examples = getattr(keys, "examples", frozenset())
    for node in tree.body:      # a worked example's example values (``example_names``)
        bound = _bound_example(node)
        if bound is not None and bound[0] in examples:
            exprs += list(_example_values(bound[1]))
    out, seen = [], set()
    for expr in exprs:
        for leaf in _shown_leaves(expr):
            if id(leaf) in seen:
                continue
            seen.add(id(leaf))
            p = _literal_piece(leaf, source, lines, tokens, LABEL,
                               frozenset() if id(expr) in described else names)
            if p is not None:
                out.append(p)
    return out


# ---------------------------------------------------------------- a test cell's case descriptions
def _shown_names(found) -> set[int]:
    """The ids of the names a message place (``found``: a tree's ``templates.places``) shows as they are: a
    field ``{why}`` of an f-string at a message place, or the place's whole expression."""
    out = set()
    for expr, _why in found:
        if isinstance(expr, ast.Name):
            out.add(id(expr))
        for node in ast.walk(expr):
            if isinstance(node, ast.FormattedValue) and isinstance(node.value, ast.Name) \
                    and node.format_spec is None and node.conversion == -1:
                out.add(id(node.value))
    return out


def _only_shown(name: str, scopes, shown: set[int]) -> bool:
    """Whether ``name`` is read in ``scopes`` (nodes), and only where a message shows it."""
    uses = [n for scope in scopes for n in ast.walk(scope)
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
    return bool(uses) and all(id(n) in shown for n in uses)


def _functions(tree) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _given(tree, fn, param: str) -> list:
    """The expressions the calls of the nested function ``fn`` give to its parameter ``param``."""
    names = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == fn.name:
            if param in names and names.index(param) < len(node.args):
                out.append(node.args[names.index(param)])
            out += [k.value for k in node.keywords if k.arg == param]
    return out


def _items_at(tree, expr, path: tuple[int, ...], depth: int = 0, seen: set | None = None) -> list:
    """The expressions at ``path`` of each item that iterating ``expr`` gives (a list or tuple of tuples,
    through ``zip()``, ``enumerate()`` and the names the cell binds it to)."""
    seen = set() if seen is None else seen
    if depth > 6 or (getattr(expr, "id", None), id(expr), path) in seen:
        return []
    seen.add((getattr(expr, "id", None), id(expr), path))
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in ("zip", "enumerate") \
            and path:
        args = expr.args if expr.func.id == "zip" else [None, *expr.args[:1]]
        if path[0] < len(args) and args[path[0]] is not None:
            return _items_at(tree, args[path[0]], path[1:], depth + 1, seen)
        return []
    if isinstance(expr, (ast.List, ast.Tuple)):
        out = []
        for item in expr.elts:
            for k in path:
                item = item.elts[k] if isinstance(item, (ast.Tuple, ast.List)) and k < len(item.elts) else None
                if item is None:
                    break
            if item is not None:
                out.append(item)
        return out
    if isinstance(expr, ast.Name):
        out = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets):
                out += _items_at(tree, node.value, path, depth + 1, seen)
        for fn in _functions(tree).values():
            if expr.id in [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]:
                for given in _given(tree, fn, expr.id):
                    out += _items_at(tree, given, path, depth + 1, seen)
        return out
    return []


def _paths(target, path=()):
    """(name, path) of every name of a ``for`` loop's target."""
    if isinstance(target, ast.Name):
        yield target.id, path
    elif isinstance(target, (ast.Tuple, ast.List)):
        for k, t in enumerate(target.elts):
            yield from _paths(t, path + (k,))


def description_pieces(source: str) -> list:
    """The case descriptions of a test cell (see the module docstring): its visible part's, and its hidden
    part's marked ``hidden`` (a hidden check's message shows them too); none in a solution region."""
    from ..markers import BEGIN_HIDDEN, END_HIDDEN
    from .comments import DESCRIPTION, LABEL, _closed_lines, _string_tokens
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    tokens = _string_tokens(source)
    if tokens is None:
        return []
    from ..checks.templates import leaves, places
    found = list(places(tree))     # the cell's message places, found once
    closed, lines, shown = _closed_lines(source), source.split("\n"), _shown_names(found)
    # a hidden test's case descriptions are shown too, in the messages of its checks: pieces marked hidden
    # (translated in the edition's source, never in its release); a solution's are the answer's, not the test's
    hidden = _closed_lines(source, (BEGIN_HIDDEN,), (END_HIDDEN,))
    solution = closed - hidden
    messages = {id(leaf) for expr, _ in found for leaf in leaves(expr)}   # the cell's messages: not these
    exprs = []
    for fn in _functions(tree).values():
        for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs:
            if _only_shown(a.arg, [fn], shown):
                exprs += _given(tree, fn, a.arg)
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.target, (ast.Tuple, ast.List)):
            for name, path in _paths(node.target):
                if path and _only_shown(name, node.body + node.orelse, shown):
                    exprs += _items_at(tree, node.iter, path)
        if isinstance(node, ast.Call):
            exprs += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
    exprs += _named_descriptions(tree, exprs, shown)
    out, seen = [], set()
    for expr in exprs:
        for leaf in _shown_leaves(expr):
            if id(leaf) in seen or id(leaf) in messages or leaf.lineno - 1 in solution \
                    or leaf.end_lineno - 1 in solution:
                continue
            seen.add(id(leaf))
            p = _literal_piece(leaf, source, lines, tokens, DESCRIPTION)
            if p is not None:
                p.hidden = leaf.lineno - 1 in hidden
                out.append(p)
    printed = [a for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
               and node.func.id == "print" for a in node.args]
    for expr in printed:      # what the visible part prints (a success line: "q11: 42 lines of code (limit 50)")
        for leaf in _shown_leaves(expr):
            if id(leaf) in seen or leaf.lineno - 1 in closed or leaf.end_lineno - 1 in closed:
                continue
            seen.add(id(leaf))
            p = _literal_piece(leaf, source, lines, tokens, LABEL)
            if p is not None:
                out.append(p)
    return out


def _named_descriptions(tree, exprs: list, shown: set[int]) -> list:
    """The literals given to a name of the test function (``what = "8 boxes: ..."``) that the cell reads only
    where it shows it: given as it is, or as a field of an f-string, in ``exprs`` (a case's description), or
    at a message place (``shown``). A read inside a nested function whose parameter has that name is the
    parameter's, not this name's."""
    given = {id(e) for e in exprs}
    inside = {id(v.value) for e in exprs if isinstance(e, ast.JoinedStr) for v in e.values
              if isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name)}
    names = {e.id for e in exprs if isinstance(e, ast.Name)} | {
        v.value.id for e in exprs if isinstance(e, ast.JoinedStr) for v in e.values
        if isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name)}
    out = []
    for name in sorted(names):
        hidden = {id(n) for fn in _functions(tree).values()
                  if name in [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]
                  for n in ast.walk(fn)}      # the nested function's own parameter of that name
        uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == name and id(n) not in hidden]
        loads = [n for n in uses if isinstance(n.ctx, ast.Load)]
        stores = [n for n in ast.walk(tree) if isinstance(n, ast.Assign) and id(n) not in hidden
                  and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) and n.targets[0].id == name]
        if loads and stores and all(id(n) in given or id(n) in inside or id(n) in shown for n in loads) \
                and len(stores) == sum(isinstance(n.ctx, ast.Store) for n in uses):
            out += [a.value for a in stores]
    return out


# ---------------------------------------------------------------- a %%bash cell's echo labels
def _bash_nodes(node):
    yield node
    for attr in ("parts", "list", "command"):
        child = getattr(node, attr, None)
        if isinstance(child, list):
            for c in child:
                if hasattr(c, "kind"):
                    yield from _bash_nodes(c)
        elif hasattr(child, "kind"):
            yield from _bash_nodes(child)


def _echo_spans(body: str, base: int = 0) -> list[tuple[int, str, bool]]:
    """(offset, the word as written, whether the command writes into a file) of every quoted one-line
    argument of ``echo`` in the bash script ``body`` (at ``base`` in the cell), by bashlex's parse, and in
    the script of a ``bash -c '...'`` (or ``sh -c``) in it; none when bashlex cannot parse it."""
    import bashlex
    try:
        trees = bashlex.parse(body)
    except Exception:   # bashlex raises its own errors and others on what it does not support
        # bashlex does not unquote a here-document's delimiter (<<'EOF' waits for a line 'EOF'): the same
        # script with <<EOF (and two spaces, so that every offset stays) has the same commands
        plain = re.sub(r"<<(-?)'(\w+)'", lambda m: f"<<{m[1]}{m[2]}  ", body)
        try:
            trees = bashlex.parse(plain) if plain != body else []
        except Exception:
            return []
    out = []
    for tree in trees:
        for node in _bash_nodes(tree):
            if node.kind != "command":
                continue
            words = [p for p in node.parts if p.kind == "word"]
            if len(words) >= 3 and words[0].word in ("bash", "sh") and words[1].word == "-c":
                raw = body[words[2].pos[0]:words[2].pos[1]]
                if len(raw) >= 2 and raw[0] == raw[-1] == "'":    # a script in single quotes: bash's words
                    out += _echo_spans(raw[1:-1], base + words[2].pos[0] + 1)
                continue
            if not words or words[0].word != "echo":
                continue
            to_file = any(p.kind == "redirect" and p.type in (">", ">>", "&>") and not isinstance(p.output, int)
                          for p in node.parts)
            for w in words[1:]:
                raw = body[w.pos[0]:w.pos[1]]
                if len(raw) >= 2 and raw[0] in "'\"" and raw[-1] == raw[0] and "\n" not in raw:
                    out.append((base + w.pos[0], raw, to_file))
    return out


def _echo_words(source: str) -> list[tuple[int, int, str, bool]]:
    """(line index, column, the word as written, whether the command writes into a file) of every quoted
    one-line argument of ``echo`` in a ``%%bash`` cell (``_echo_spans``)."""
    body = "\n".join(source.split("\n")[1:])
    return sorted((body.count("\n", 0, at) + 1, at - (body.rfind("\n", 0, at) + 1), raw, to_file)
                  for at, raw, to_file in _echo_spans(body))


# a backslash bash keeps as it is inside double quotes (``\r\n`` in a label: echo prints it as written)
_LITERAL_ESCAPES = re.compile(r'(?:[^\\]|\\[^$`"\\\n])*')


def bash_label_pieces(source: str) -> list:
    """The labels ``echo`` writes to the screen in a ``%%bash`` cell (and in its ``bash -c '...'`` scripts):
    each quoted argument on one line without a backquote, a double quote, a command substitution or a
    backslash but one bash keeps as written (``\\r\\n``), that holds an English word; not when the command
    writes into a file. A cell bashlex cannot parse has none."""
    from .comments import LABEL, Piece, _has_words
    lines = source.split("\n")
    if not lines or lines[0].strip().split()[:1] not in (["%%bash"], ["%%sh"]):
        return []
    out = []
    for i, col, raw, to_file in _echo_words(source):
        text = raw[1:-1]
        if to_file or any(c in text for c in "`\"") or "$(" in text or not _LITERAL_ESCAPES.fullmatch(text) \
                or not _has_words(re.sub(r"\$(\w+|[?!#@*$-]|\{[^}]*\})", " ", text)):
            continue
        out.append(Piece(LABEL, text, i + 1, [(i, col, col + len(raw))], quote=raw[0]))
    return out


def bash_label_spans(source: str) -> list[tuple[int, int, int]]:
    """(line index, start, end) of every quoted argument of ``echo`` (with or without English: a translated
    cell's too), where ``comments.code_outside_texts`` compares texts."""
    return [(i, col, col + len(raw)) for i, col, raw, _ in _echo_words(source)]
