"""The mutation operators of `workbook mutants`, and the mutants of a solution they make.

``mutants_of(code, kind)`` gives every (operator, mutated code) of an answer
cell's solution; ``answer_kind`` reads the answer's language (python, sql,
shell, git, program) from its test. The run and the report are ``mutants``.

* Python answers: cosmic-ray's operators (comparison and arithmetic
  operators, numbers off by one, ``and``/``or``, ``not``, ``True``/``False``,
  loops run zero times, decorators removed), plus our own: a keyword
  argument dropped, a dimension swapped (``dim=-1`` -> ``dim=0``...), and
  the mistakes students make (below: list<->tuple, ``sorted()``
  dropped, ``int``<->``round``, a regex class widened, an action before a
  lazy plan, a parameter fixed to its default; a survivor is reported with
  the requirement it most likely breaks).
* SQL answers (strings): comparison operators, INNER vs LEFT JOIN, ASC vs
  DESC, DISTINCT added or dropped, COUNT(*) vs COUNT(column), WHERE vs
  HAVING.
* Shell answers (strings): sort/uniq/grep flags, ``>`` vs ``>>``, quoting.
* git answers (strings of 06_git: commands, a .gitignore, a workflow): the
  shell's operators and git's own (``--no-ff``, ``--cached``, ``--amend``,
  ``-a`` of a tag, ``--follow``, ``-w``, ``-S`` vs ``-G``, ``%H`` vs ``%h``,
  ``--reverse``, anchors of a ``--grep`` pattern, ``--global``...), a
  ``.gitignore``'s negations and a quoted Python version.

The mistakes students make (issue 56): cosmic-ray's operators change a
solution's operators; the mistakes students make are of other kinds, and
each kind is one operator here:

* ``list to tuple`` / ``tuple to list``: a returned literal, or ``list(...)`` /
  ``tuple(...)``, of the other kind (04 q1's pair as a list);
* ``sorted() dropped``: the input's order assumed (``for t in sorted(ts)`` ->
  ``for t in ts``; 04 q7's thresholds walked as given);
* ``round() to int()`` / ``int() to round()``: truncation where rounding is
  asked, and the other way (03 q11's ``int(n_c * f)``);
* comparisons against a stated bound: cosmic-ray flips ``>``/``>=`` and
  ``<``/``<=`` in Python; here the same in awk programs and ``[`` tests of
  shell answers (``$9 >= 500`` -> ``$9 > 500``);
* ``regex class widened``: ``[A-Za-z...]`` -> ``[\\w...]``, ``[0-9]`` -> ``\\d``
  in a pattern (05 q7's ``\\w`` local part that swallows Korean);
* ``action before the plan``: ``df.count()`` before a Spark DataFrame
  parameter's plan is read (09 q15);
* ``parameter fixed``: a parameter with a default replaced by its default in
  the body (``k``, ``alpha``, ``horizon`` ignored).

``requirement_broken`` names, for a surviving mutant, the requirement of the
exercise it most likely breaks (the words of each kind of mistake matched
against the requirement texts of the exercise's ``@exercise``), so that
`workbook mutants` reports what a survivor means."""
from __future__ import annotations

import ast
import re

SHELL_BOUND_OPS = [
    ("awk >= to >", r"(\$\w+\s*)>=(\s*\d)", r"\1>\2"), ("awk > to >=", r"(\$\w+\s*)>(?!=)(\s*\d)", r"\1>=\2"),
    ("awk <= to <", r"(\$\w+\s*)<=(\s*\d)", r"\1<\2"), ("awk < to <=", r"(\$\w+\s*)<(?!=)(\s*\d)", r"\1<=\2"),
    ("test -ge to -gt", r"\s-ge\s", " -gt "), ("test -gt to -ge", r"\s-gt\s", " -ge "),
    ("test -le to -lt", r"\s-le\s", " -lt "), ("test -lt to -le", r"\s-lt\s", " -le "),
]

REGEX_OPS = [
    ("regex class widened", r"\[A-Za-z", r"[\\w"), ("regex class widened", r"\[a-zA-Z", r"[\\w"),
    ("regex class widened", r"\[a-z(?=[^\]]*\])", r"[\\w"), ("regex class widened", r"\[0-9\]", r"\\d"),
]

# the words of the requirement a kind of mistake breaks (lower case, matched against the requirement's key and text)
WORDS = {
    "list to tuple": ("tuple", "list"), "tuple to list": ("tuple", "list"),
    "sorted() dropped": ("any order", "sorted", "order", "given"),
    "round() to int()": ("round", "whole", "nearest"), "int() to round()": ("int", "down", "floor", "whole"),
    "regex class widened": ("latin", "letters", "korean", "digits", "a-z"),
    "action before the plan": ("without running", "no action", "spark job", "action"),
    "comparison": ("at least", "at most", "more than", "fewer than", "less than", "included", "inclusive",
                   "bound", "from", "to ", ">=", "<=", "exclusive", "strict"),
}


def _segment(code: str, node) -> str | None:
    return ast.get_source_segment(code, node)


def _splice(code: str, node, new: str) -> str:
    lines = code.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    a = starts[node.lineno - 1] + node.col_offset
    b = starts[node.end_lineno - 1] + node.end_col_offset
    return code[:a] + new + code[b:]


def python_mutants(code: str) -> list[tuple[str, str]]:
    """(operator, mutated code) of the kinds above, for Python answers."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    out: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and isinstance(node.value, (ast.Tuple, ast.List)) and node.value.elts:
            items = ", ".join(_segment(code, e) or "" for e in node.value.elts)
            if isinstance(node.value, ast.Tuple):
                out.append(("tuple to list", _splice(code, node.value, f"[{items}]")))
            else:
                out.append(("list to tuple", _splice(code, node.value, f"({items},)")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1 and not node.keywords:
            arg = _segment(code, node.args[0])
            name = node.func.id
            if arg is None:
                continue
            if name == "sorted":
                out.append(("sorted() dropped", _splice(code, node, f"({arg})")))
            elif name == "round":
                out.append(("round() to int()", _splice(code, node, f"int({arg})")))
            elif name == "int" and not isinstance(node.args[0], (ast.Constant, ast.Name)):
                out.append(("int() to round()", _splice(code, node, f"round({arg})")))
            elif name in ("list", "tuple"):
                other = "tuple" if name == "list" else "list"
                out.append((f"{name} to {other}", _splice(code, node.func, other)))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 3:
            seg = _segment(code, node)
            if seg is None:
                continue
            for op, pat, repl in REGEX_OPS:
                for m in re.finditer(pat, seg):
                    new = seg[:m.start()] + m.expand(repl) + seg[m.end():]
                    out.append((op, _splice(code, node, new)))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out += _action_before_plan(code, node) + _fixed_parameters(code, node)
    return out


def _action_before_plan(code: str, fn) -> list[tuple[str, str]]:
    """``X.count()`` first in a function whose parameter X is a Spark DataFrame whose plan it reads."""
    params = {a.arg for a in fn.args.args}
    planned = {n.value.id for n in ast.walk(fn) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
               and n.value.id in params and n.attr in ("_jdf", "explain", "queryExecution")}
    out = []
    for name in sorted(planned):
        first = fn.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and len(fn.body) > 1:
            first = fn.body[1]    # after the docstring
        lines = code.splitlines(keepends=True)
        at = sum(len(line) for line in lines[:first.lineno - 1])
        indent = " " * first.col_offset
        out.append(("action before the plan", code[:at] + f"{indent}{name}.count()\n" + code[at:]))
    return out


def _fixed_parameters(code: str, fn) -> list[tuple[str, str]]:
    """Each parameter that has a constant default replaced, in the body, by that default."""
    args = fn.args.args
    defaults = dict(zip([a.arg for a in args[len(args) - len(fn.args.defaults):]], fn.args.defaults))
    defaults.update({a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is not None})
    out = []
    for name, default in defaults.items():
        if not isinstance(default, ast.Constant) or default.value is None or isinstance(default.value, bool):
            continue
        uses = [n for stmt in fn.body for n in ast.walk(stmt)
                if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
        if not uses or any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
                           for stmt in fn.body for n in ast.walk(stmt)):
            continue
        mutated = code
        for use in sorted(uses, key=lambda n: (n.lineno, n.col_offset), reverse=True):
            mutated = _splice(mutated, use, repr(default.value))
        out.append((f"parameter {name} fixed to {default.value!r}", mutated))
    return out


def requirement_broken(operator: str, requirements: dict[str, str]) -> str | None:
    """The key of the requirement a surviving mutant of ``operator`` most likely breaks, or None."""
    if operator.startswith("parameter "):
        name = operator.split()[1]
        words: tuple[str, ...] = (name, name.replace("_", " "), "default", "arg")
    elif operator.startswith(("ReplaceComparisonOperator", "awk ", "test ", "comparison")):
        words = WORDS["comparison"]
    else:
        words = WORDS.get(operator, ())
    best, score = None, 0
    for key, text in requirements.items():
        hay = f"{key} {text}".lower()
        s = sum(w in hay for w in words)
        if s > score:
            best, score = key, s
    return best


# ------------------------------------------------------------------ cosmic-ray's, SQL, shell and git operators
COSMIC = [
    "ReplaceComparisonOperator_Lt_LtE", "ReplaceComparisonOperator_LtE_Lt",
    "ReplaceComparisonOperator_Gt_GtE", "ReplaceComparisonOperator_GtE_Gt",
    "ReplaceComparisonOperator_Lt_Gt", "ReplaceComparisonOperator_Gt_Lt",
    "ReplaceComparisonOperator_LtE_GtE", "ReplaceComparisonOperator_GtE_LtE",
    "ReplaceComparisonOperator_Eq_NotEq", "ReplaceComparisonOperator_NotEq_Eq",
    "ReplaceComparisonOperator_In_NotIn", "ReplaceComparisonOperator_NotIn_In",
    "ReplaceComparisonOperator_Is_IsNot", "ReplaceComparisonOperator_IsNot_Is",
    "ReplaceBinaryOperator_Add_Sub", "ReplaceBinaryOperator_Sub_Add", "ReplaceBinaryOperator_Mul_Div",
    "ReplaceBinaryOperator_Div_Mul", "ReplaceBinaryOperator_Div_FloorDiv", "ReplaceBinaryOperator_FloorDiv_Div",
    "ReplaceBinaryOperator_Pow_Mul", "ReplaceBinaryOperator_Mod_FloorDiv",
    "NumberReplacer", "ReplaceAndWithOr", "ReplaceOrWithAnd", "AddNot", "ReplaceTrueWithFalse",
    "ReplaceFalseWithTrue", "ZeroIterationForLoop", "RemoveDecorator",
]

SQL_OPS = [
    ("comparison < to <=", r"(?<![<>!=])<(?![=>])", "<="), ("comparison <= to <", r"<=", "<"),
    ("comparison > to >=", r"(?<![<>!=-])>(?!=)", ">="), ("comparison >= to >", r">=", ">"),
    ("= to <>", r"(?<![<>!=])=(?!=)", "<>"),
    ("LEFT JOIN to JOIN", r"\bLEFT\s+(OUTER\s+)?JOIN\b", "JOIN"),
    ("JOIN to LEFT JOIN", r"(?<!LEFT )(?<!LEFT OUTER )\b(INNER\s+)?JOIN\b", "LEFT JOIN"),
    ("DESC to ASC", r"\bDESC\b", "ASC"), ("ASC to DESC", r"\bASC\b", "DESC"),
    ("ORDER BY x to ORDER BY x DESC", r"\bORDER\s+BY\s+([\w.]+)(?!\s*(,|\w|\())", r"ORDER BY \1 DESC"),
    ("DISTINCT dropped", r"\bDISTINCT\s+", ""), ("SELECT to SELECT DISTINCT", r"\bSELECT\s+(?!DISTINCT)", "SELECT DISTINCT "),
    ("COUNT(*) to COUNT(column)", r"\bCOUNT\(\*\)", "COUNT(customer_id)"),
    ("COUNT(column) to COUNT(*)", r"\bCOUNT\((?!\*)(?!DISTINCT)[\w.]+\)", "COUNT(*)"),
    ("COUNT(DISTINCT x) to COUNT(x)", r"\bCOUNT\(DISTINCT\s+", "COUNT("),
    ("HAVING to WHERE", r"\bHAVING\b", "WHERE"),
    ("NOT IN to IN", r"\bNOT\s+IN\b", "IN"), ("IN to NOT IN", r"(?<!NOT )\bIN\s*\(", "NOT IN ("),
    ("AND to OR", r"\bAND\b", "OR"), ("MAX to MIN", r"\bMAX\(", "MIN("), ("MIN to MAX", r"\bMIN\(", "MAX("),
    ("SUM to AVG", r"\bSUM\(", "AVG("), ("RANK to ROW_NUMBER", r"\bRANK\(\)", "ROW_NUMBER()"),
    ("ROW_NUMBER to RANK", r"\bROW_NUMBER\(\)", "RANK()"), ("COALESCE dropped", r"\bCOALESCE\(([^,()]+),\s*0\)", r"\1"),
    # a LIKE date prefix that also matches other days (in a comparison a shorter date sorts the same)
    ("date prefix shortened", r"(\bLIKE\s+'\d{4}-\d{2}-\d)\d", r"\1"), ("+ 0 dropped", r"(\w)\s*\+\s*0\b(?!\.)", r"\1"),
    ("ROUND dropped", r"\bROUND\(([^,()]+),\s*\d+\)", r"\1"),
]

SHELL_OPS = [
    ("sort -n dropped", r"\bsort(\s+-[a-zA-Z]*)n([a-zA-Z]*)", r"sort\1\2"), ("sort -r dropped", r"\bsort(\s+-[a-zA-Z]*)r([a-zA-Z]*)", r"sort\1\2"),
    ("sort -u dropped", r"\bsort(\s+-[a-zA-Z]*)u([a-zA-Z]*)", r"sort\1\2"), ("sort dropped before uniq", r"\bsort\s*\|\s*uniq", "uniq"),
    ("uniq -c dropped", r"\buniq\s+-c\b", "uniq"), ("grep -v dropped", r"\bgrep(\s+-[a-zA-Z]*)v([a-zA-Z]*)", r"grep\1\2"),
    ("grep -c dropped", r"\bgrep(\s+-[a-zA-Z]*)c([a-zA-Z]*)", r"grep\1\2"), ("grep -o dropped", r"\bgrep(\s+-[a-zA-Z]*)o([a-zA-Z]*)", r"grep\1\2"),
    ("grep -E dropped", r"\bgrep(\s+-[a-zA-Z]*)E([a-zA-Z]*)", r"grep\1\2"), ("grep -i added", r"\bgrep\s+", "grep -i "),
    (">> to >", r"(?<![>&0-9])>>", ">"), ("> to >>", r"(?<![>&0-9<])>(?![>&])", ">>"),
    ("2>> to 2>", r"2>>", "2>"), ("&& to ||", r"&&", "||"), ("|| to &&", r"\|\|", "&&"),
    ("quotes dropped", r"\"(\$[\w@{}]+)\"", r"\1"), ("-print0 dropped", r"\s-print0\b", ""), ("xargs -0 dropped", r"\bxargs\s+-0\b", "xargs"),
    ("head -n off by one", r"\b(head|tail)\s+-n\s*(\d+)", lambda m: f"{m.group(1)} -n {int(m.group(2)) + 1}"),
    ("-size unit dropped", r"-size\s+([+-]?\d+)[kMG]\b", r"-size \1"), ("cp to mv", r"\bcp\b", "mv"),
    ("mkdir -p added", r"\bmkdir\s+(?!-p)", "mkdir -p "), ("-type f dropped", r"\s-type\s+f\b", ""),
    # misses seen in students' answers: %MEM sorted as text, a date prefix that also matches another day,
    # an empty line instead of 0 when nothing matches
    ("sort key's n dropped", r"(-k\s*\d+(?:\.\d+)?(?:,\d+(?:\.\d+)?)?[a-zA-Z]*?)n([a-zA-Z]*)", r"\1\2"),
    ("anchor ^ dropped", r"(['\"/])\^", r"\1"), ("anchor $ dropped", r"\$(['\"/])", r"\1"),
    ("date prefix shortened", r"(\d{4}-\d{2}-\d)\d", r"\1"),
    ("+ 0 dropped", r"(\w)\s*\+\s*0\b(?!\.)", r"\1"),
    # 01's operations questions: a sync without -a, the source's slash, an exclude or the receiver's own files;
    # an HTTP call without its method or header; jq's quotes and bounds; modes one step too open; EUC-KR for
    # CP949 and the carriage returns kept; a crontab line's hour and minute swapped, its weekdays shifted
    ("rsync -a to -r", r"\brsync(\s+-[a-zA-Z]*)a([a-zA-Z]*)", r"rsync\1r\2"),
    ("rsync source's trailing slash dropped", r"(\brsync\b.*?)/(\s+[\w.~/-]+/?)(?=[\"']*$)", r"\1\2"),
    ("rsync --exclude dropped", r"\s--exclude=\S+", ""), ("rsync --delete added", r"\brsync\s", "rsync --delete "),
    ("POST to GET", r"-X\s*POST\b", "-X GET"), ("curl header dropped", r"\s-H\s*'[^']*'", ""),
    ("jq -r dropped", r"\bjq\s+-r\b", "jq"), ("> N to >= N", r" > (\d+)\b", r" >= \1"),
    ("chmod: others may read", r"\bchmod\s+([0-7])([0-7])0\b", r"chmod \1\g<2>4"),
    ("CP949 to EUC-KR", r"\bCP949\b", "EUC-KR"), ("tr -d '\\r' dropped", r"\s*\|\s*tr\s+-d\s+'\\r'", ""),
    ("cron hour and minute swapped", r"'(\d+) (\d+) (?=[*\d])", r"'\2 \1 "),
    ("cron weekdays shifted", r"(\*\s+\*\s+)1-5\b", r"\g<1>0-4"),
]

GIT_OPS = [
    ("--no-ff dropped", r"\s--no-ff\b", ""), ("--cached dropped", r"\s--cached\b", ""),
    ("--amend dropped", r"\s--amend\b", ""), ("--global added", r"\bgit config\s+(?!--global\b)", "git config --global "),
    ("annotated tag to lightweight", r"\bgit tag\s+-a\b", "git tag"), ("--follow dropped", r"\s--follow\b", ""),
    ("-w dropped", r"\s-w\b", ""), ("-S to -G", r"\s-S(?=[\sA-Za-z'\"])", " -G"), ("%H to %h", r"%H", "%h"),
    ("--reverse dropped", r"\s--reverse\b", ""), ("grep anchors dropped", r"(--grep=?\s*['\"])\^([^'\"]*?)\$(['\"])", r"\1\2\3"),
    ("--soft to --hard", r"--soft\b", "--hard"), ("bisect: the whole suite", r"(\bunittest\b[^\n|;&]*?)\s+tests\.\w+", r"\1"),
    ("refs/bisect/bad to HEAD", r"\brefs/bisect/bad\b", "HEAD"), ("push one tag to --tags", r"\bgit push( -q)? origin [^\s'\"]+", "git push --tags origin"),
    ("git add to git add -u", r"\bgit add (?=[\w./])", "git add -u "), ("git commit to git commit -a", r"\bgit commit\b(?! -a)", "git commit -a"),
    ("rebase onto main's parent", r"\bgit rebase main\b", "git rebase main~1"),
    (".gitignore negation dropped", r"(?m)^!", ""), ("quoted version unquoted", r"\"(3\.\d+)\"", r"\1"),
    ("workflow trigger dropped", r"(?m)^  pull_request:\n", ""),
    ("workflow checkout dropped", r"(?m)^      - uses: actions/checkout\S*\n", ""),
    ("--hard to --soft", r"--hard\b", "--soft"), ("--hard to --mixed", r"--hard\b", "--mixed"),
    ("a branch's reflog to HEAD's", r"\b(?!HEAD@)[\w./-]+@\{(\d+)\}", r"HEAD@{\1}"),
    ("reflog entry off by one", r"@\{(\d+)\}", lambda m: "@{%d}" % (int(m.group(1)) + 1)),
]


SWAPS = {"mean": ("sum", "median"), "sum": ("mean",), "median": ("mean",), "max": ("min",), "min": ("max",),
         "idxmax": ("idxmin",), "idxmin": ("idxmax",), "argmax": ("argmin",), "argmin": ("argmax",),
         "amax": ("amin",), "amin": ("amax",), "head": ("tail",), "tail": ("head",), "std": ("var",),
         "nlargest": ("nsmallest",), "nsmallest": ("nlargest",), "lower": ("upper",), "upper": ("lower",),
         "rstrip": ("strip",), "lstrip": ("strip",), "startswith": ("endswith",), "endswith": ("startswith",),
         "append": ("extend",), "ceil": ("floor",), "floor": ("ceil",), "round": ("floor",)}


def _cosmic_mutants(code: str) -> list[tuple[str, str]]:
    from cosmic_ray import plugins
    from cosmic_ray.mutating import mutate_code
    out = []
    for name in COSMIC:
        try:
            op = plugins.get_operator(f"core/{name}")()
        except (KeyError, TypeError):
            continue
        k = 0
        while k < 200:
            try:
                m = mutate_code(code, op, k)
            except Exception:
                m = None
            if m is None:
                break
            out.append((name, m))
            k += 1
    return out


def _own_mutants(code: str) -> list[tuple[str, str]]:
    """A keyword argument dropped; a dimension swapped."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    out = []
    lines = code.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(lineno, col):
        return starts[lineno - 1] + col

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for i, kw in enumerate(node.keywords):
            if kw.arg is None:
                continue
            a, b = offset(kw.lineno, kw.col_offset), offset(kw.end_lineno, kw.end_col_offset)
            # remove the preceding comma (or the following one for the first argument)
            before = code[:a].rstrip()
            if before.endswith(","):
                a2 = len(before) - 1
                out.append((f"keyword {kw.arg}= dropped", code[:a2] + code[b:]))
            else:
                after = code[b:]
                m = re.match(r"\s*,\s*", after)
                out.append((f"keyword {kw.arg}= dropped", code[:a] + (after[m.end():] if m else after)))
            if kw.arg in ("dim", "axis") and isinstance(kw.value, (ast.Constant, ast.UnaryOp)):
                try:
                    v = ast.literal_eval(kw.value)
                except ValueError:
                    continue
                for w in {-1: (0, -2), 0: (-1, 1), 1: (0, -1), -2: (-1,)}.get(v, ()):
                    out.append((f"{kw.arg}={v} to {kw.arg}={w}", _splice(code, kw.value, str(w))))
        fname = node.func.id if isinstance(node.func, ast.Name) else None
        if fname in ("int", "float", "bool", "round") and len(node.args) >= 1 and not node.keywords \
                and (fname == "round" or len(node.args) == 1):
            # a numpy scalar where an int is asked; ties decided on unrounded values
            arg = ast.get_source_segment(code, node.args[0])
            if arg is not None:
                out.append((f"{fname}() dropped", _splice(code, node, f"({arg})")))
        name = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if name in SWAPS:
            a = offset(node.func.end_lineno, node.func.end_col_offset) - len(name)
            for other in SWAPS[name]:
                out.append((f".{name}() to .{other}()", code[:a] + other + code[a + len(name):]))
        if name in ("transpose", "swapaxes") and len(node.args) == 2:
            a0, a1 = node.args
            new = f"{ast.get_source_segment(code, a1)}, {ast.get_source_segment(code, a0)}"
            seg_a = offset(a0.lineno, a0.col_offset)
            seg_b = offset(a1.end_lineno, a1.end_col_offset)
            if new != code[seg_a:seg_b]:
                out.append(("transpose dims swapped", code[:seg_a] + new + code[seg_b:]))
        if name in ("mean", "sum", "std", "var", "amax", "max", "softmax", "argmax", "cumsum") and len(node.args) == 1:
            arg = node.args[0]
            try:
                v = ast.literal_eval(arg)
            except ValueError:
                continue
            if isinstance(v, int):
                out.append((f"{name}({v}) dimension changed", _splice(code, arg, str(0 if v != 0 else -1))))
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.right, ast.Constant) \
                and node.right.value == 0 and type(node.right.value) is int:
            left = ast.get_source_segment(code, node.left)
            if left is not None:
                out.append(("+ 0 dropped", _splice(code, node, f"({left})")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # a per-step list computed once and repeated: return [v[-1]] * len(v)
            appended = {n.func.value.id for n in ast.walk(node) if isinstance(n, ast.Call)
                        and isinstance(n.func, ast.Attribute) and n.func.attr == "append"
                        and isinstance(n.func.value, ast.Name)}
            for r in ast.walk(node):
                if isinstance(r, ast.Return) and isinstance(r.value, ast.Name) and r.value.id in appended:
                    v = r.value.id
                    out.append(("last value repeated", _splice(code, r.value, f"([{v}[-1]] * len({v}) if {v} else {v})")))
    return out


def _string_mutants(code: str, ops) -> list[tuple[str, str]]:
    """Mutants of the string constants of ``code`` (SQL queries, shell
    commands), one regex match at a time."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or len(node.value) < 6:
            continue
        seg = ast.get_source_segment(code, node)
        if seg is None:
            continue
        lines = code.splitlines(keepends=True)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        base = starts[node.lineno - 1] + node.col_offset
        for name, pat, repl in ops:
            for m in re.finditer(pat, seg, flags=re.I if ops is SQL_OPS else 0):
                new_seg = seg[:m.start()] + m.expand(repl) if not callable(repl) else seg[:m.start()] + repl(m)
                new_seg += seg[m.end():]
                out.append((name, code[:base] + new_seg + code[base + len(seg):]))
    return out


def mutants_of(code: str, kind: str) -> list[tuple[str, str]]:
    """(operator, mutated code) for an answer cell's solution code. ``kind``:
    python | sql | shell | git | program (a ``%%program`` cell: its program
    is mutated as Python, the cell's first line kept)."""
    if kind == "program":
        from ..student.coding import parse_cell
        parsed = parse_cell(code)
        if parsed is None:
            return []
        head = code[:len(code) - len(parsed[1])]
        return [(name, head + m) for name, m in _program_mutants(parsed[1])]
    if kind == "sql":
        found = _string_mutants(code, SQL_OPS)
    elif kind == "shell":
        found = _string_mutants(code, SHELL_OPS + SHELL_BOUND_OPS)
    elif kind == "git":
        found = _string_mutants(code, SHELL_OPS + GIT_OPS)
    else:
        found = _cosmic_mutants(code) + _own_mutants(code) + python_mutants(code)
    seen, out = set(), []
    for name, m in found:
        try:
            compile(m, "<mutant>", "exec")
        except SyntaxError:
            continue
        if m != code and m not in seen:
            seen.add(m)
            out.append((name, m))
    return out


#: the operators a program answer is mutated with: comparisons and numbers off by one, the bounds and
#: ties the coding test's groups are about (every mutant is graded on every group, an efficiency group's
#: reference program included, so the set is kept to the mistakes a program's groups are meant to catch)
PROGRAM_OPERATORS = ("ReplaceComparisonOperator_Lt_LtE", "ReplaceComparisonOperator_LtE_Lt",
                     "ReplaceComparisonOperator_Gt_GtE", "ReplaceComparisonOperator_GtE_Gt",
                     "NumberReplacer")


def _program_mutants(code: str) -> list[tuple[str, str]]:
    return [(name, m) for name, m in _cosmic_mutants(code) if name in PROGRAM_OPERATORS]


def answer_kind(tests: list[str], name: str) -> str:
    """The language of the answer ``name``, as its test declares it: the
    annotation of the @exercise function's parameter (``q4_top_ips: Shell``,
    a StringKind) names "shell", "sql", "git" or "program"; anything else is Python.
    The annotation is resolved with the test cell's own imports."""
    from ..checks.exercise import string_kind
    for source in tests:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
            for arg in fn.args.args + fn.args.kwonlyargs:
                if arg.arg != name or arg.annotation is None:
                    continue
                ns: dict = {}
                try:
                    exec(compile(ast.Module(imports, []), "<test imports>", "exec"), ns)
                    kind = string_kind(eval(ast.unparse(arg.annotation), ns))
                except Exception:
                    kind = None
                return kind or "python"
    return "python"
