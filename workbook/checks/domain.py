"""Hidden inputs drawn from an exercise's declared domain (issue 56), judge side.

An exercise's entry in ``source/<assignment>/exercises.py`` declares, in its
``domain`` part, the inputs its question allows: one *spec* per argument of
the answer (``args``), the inputs at each stated boundary and either side of
it (``boundaries``, always tried first), how many more inputs the judge draws
(``draws``), a condition the arguments meet together (``assume``: a Python
expression of ``args``, such as ``"args[0] <= args[1]"``), and, where the inputs are data made by a generator, the
generator and the cases the question states (``data``: ``{"stated": KEY,
"cases": [...]}`` with a generator KEY of workbook/data/cases.py, whose cases
tests/test_stated_cases.py checks on 40 seeds), or in words what the question
allows where the inputs are neither (``inputs``). The format is in docs/exercise-format.md; a spec
is plain data::

    {"int": [1, 9]}                       integers from 1 to 9 (None: no bound)
    {"float": [0, 5], "places": 4}        floats (rounded to 4 decimals when "places" is given)
    {"bool": None}
    {"one_of": ["minor", "costly", "severe"]}
    {"const": 3}
    {"text": "latin+hangul", "min": 0, "max": 20}    alphabets: latin, hangul, digits, space, punct
    {"list": SPEC, "min": 0, "max": 8, "unique": False, "sorted": None}  ("asc", "desc" or None: any order)
    {"sequence": SPEC, "min": 1, "max": 8, "as": ["list", "tuple", "array"]}   the same values in each form
    {"tuple": [SPEC, ...]}                {"dict": {"key": SPEC, ...}}
    {"dict_of": [KEY_SPEC, VALUE_SPEC], "min": 1, "max": 6}

``check_domain(fn, reference, grade_id, assignment)`` compares the student's
answer with the reference on the boundary inputs, then on ``draws`` inputs
drawn by Hypothesis from the specs, seeded from the course's secret
(``hidden_seed``: the same secret draws the same inputs; no example
database), and shrinks a failing input to the smallest one. The message of a
hidden failure never shows the input (docs/exercise-format.md, rule 8); the
shrunk input is shown only where the learner grades their own work
(``showing_inputs``, which ``workbook selfgrade`` uses)."""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import time
from pathlib import Path

from ..messages import msg
from .core import AuthoringError, CheckFailed, short

SPEC_KINDS = ("int", "float", "bool", "one_of", "const", "text", "list", "sequence", "tuple", "dict", "dict_of")
DOMAIN_KEYS = ("args", "assume", "boundaries", "draws", "data", "inputs", "budget")
ALPHABETS = {"latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "digits": "0123456789",
             "hangul": "가나다라마바사아자차카타파하한국어연락처주문번호확인입니다", "space": " ",
             "punct": ".,:;!?-_@()"}
DEFAULT_DRAWS = 20
SAFE_BUILTINS = {"len": len, "sum": sum, "min": min, "max": max, "abs": abs, "round": round, "sorted": sorted,
                 "set": set, "all": all, "any": any, "int": int, "float": float, "str": str}
DEFAULT_BUDGET = 2.0   # seconds of drawing and comparing per exercise, shrinking included

_SHOWING = [False]   # set by ``showing_inputs`` (workbook selfgrade): the judge runs in the learner's own process


@contextlib.contextmanager
def showing_inputs():
    """Inside the block, a failing drawn input is shown in the message: for a learner grading their own
    work (``workbook selfgrade``), never for an instructor's grading."""
    old = _SHOWING[0]
    _SHOWING[0] = True
    try:
        yield
    finally:
        _SHOWING[0] = old


class DomainError(AuthoringError):
    """A domain declaration that cannot be read: the message names the exercise."""


# ----------------------------------------------------------------- the declarations
def validate(domain, place: str = "") -> None:
    """Raise DomainError unless ``domain`` is a valid declaration (``place``: where it is, for the message)."""
    where = place or "domain"
    if not isinstance(domain, dict) or not domain:
        raise DomainError(f"{where}: a domain is a non-empty dict with some of {', '.join(DOMAIN_KEYS)}")
    unknown = sorted(set(domain) - set(DOMAIN_KEYS))
    if unknown:
        raise DomainError(f"{where}: unknown key {', '.join(unknown)} (the keys: {', '.join(DOMAIN_KEYS)})")
    if not any(k in domain for k in ("args", "data", "inputs")):
        raise DomainError(f"{where}: declare the arguments (args), the generated data (data) or the inputs (inputs)")
    for i, spec in enumerate(domain.get("args") or []):
        strategy(spec, place=f"{where}: argument {i + 1}")
    if domain.get("assume") is not None:
        try:
            compile(str(domain["assume"]), "<domain assume>", "eval")
        except SyntaxError as e:
            raise DomainError(f"{where}: assume is not a Python expression: {e}") from None
    data = domain.get("data")
    for item in [data] if isinstance(data, dict) else data if isinstance(data, list) else [] if data is None else [0]:
        if not (isinstance(item, dict) and isinstance(item.get("stated"), str) and isinstance(item.get("cases", []), list)):
            raise DomainError(f"{where}: data is {{'stated': a generator of workbook/data/cases.py, "
                              f"'cases': [its case names]}}, or a list of those")
    if not isinstance(domain.get("boundaries", []), list):
        raise DomainError(f"{where}: boundaries is a list of argument lists")


@functools.lru_cache(maxsize=32)
def _declared(path: str, mtime: float) -> dict:
    spec = importlib.util.spec_from_file_location(f"_domains_{Path(path).parent.name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return {gid: parts.get("domain") for gid, parts in mod.EXERCISES.items()}


def declared(assignment: str, grade_id: str, root: Path | None = None) -> dict:
    """The domain that ``source/<assignment>/exercises.py`` declares for ``grade_id``
    (root: the course this package belongs to)."""
    root = Path(root) if root else Path(__file__).resolve().parents[2]
    path = root / "source" / assignment / "exercises.py"
    if not path.is_file():
        raise DomainError(f"{path}: no exercises file for {assignment}")
    domain = _declared(str(path), path.stat().st_mtime).get(grade_id)
    if domain is None:
        raise DomainError(f"{path}: exercise {grade_id!r} declares no domain")
    validate(domain, f"{path}: exercise {grade_id!r}")
    return domain


def _no_local_constants() -> None:
    """Hypothesis (6.131+) mixes into its draws constants it reads from the source of every "local" module
    loaded (here: the workbook package, the exercises files with their wrong answers, the hidden tests' modules)
    and caches them in ``.hypothesis/`` under the working directory. Both would be leaks: a drawn input is sent
    to the student's code, and the cache files are left in the grader's folders (they held ``### BEGIN
    SOLUTION``). The draws also changed with the modules a process had loaded. Hypothesis has no setting for
    it: its module function is replaced, once, by one that finds no local constant; and its other caches go to
    the judge's private data folder."""
    from hypothesis.internal.conjecture import providers
    if getattr(providers, "_workbook_no_local_constants", False):
        return
    from hypothesis.configuration import set_hypothesis_home_dir

    from ..data import judge_cache_dir
    set_hypothesis_home_dir(judge_cache_dir() / "hypothesis")   # its own caches (Unicode tables): never the cwd
    empty = providers.Constants()
    providers._get_local_constants = lambda: empty
    providers._workbook_no_local_constants = True


# ------------------------------------------------------------------ specs to strategies
def strategy(spec, place: str = ""):
    """The Hypothesis strategy of a spec (``place``: where it is declared, for the message)."""
    where = place or "spec"
    _no_local_constants()
    from hypothesis import strategies as st
    if not isinstance(spec, dict) or len(set(spec) & set(SPEC_KINDS)) != 1:
        raise DomainError(f"{where}: a spec is a dict with one of {', '.join(SPEC_KINDS)}: {spec!r}")
    kind = next(k for k in spec if k in SPEC_KINDS)
    arg = spec[kind]
    if kind == "int":
        lo, hi = arg
        return st.integers(lo, hi)
    if kind == "float":
        lo, hi = arg
        s = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
        places = spec.get("places")
        return s.map(lambda x: round(x, places)) if places is not None else s
    if kind == "bool":
        return st.booleans()
    if kind == "one_of":
        return st.sampled_from(list(arg))
    if kind == "const":
        return st.just(arg)
    if kind == "text":
        alphabet = "".join(ALPHABETS[a] for a in str(arg).split("+"))
        return st.text(alphabet=alphabet, min_size=spec.get("min", 0), max_size=spec.get("max", 20))
    if kind in ("list", "sequence"):
        inner = strategy(arg, place=f"{where}: item")
        s = st.lists(inner, min_size=spec.get("min", 0), max_size=spec.get("max", 8), unique=spec.get("unique", False))
        order = spec.get("sorted")
        if order:
            s = s.map(lambda xs: sorted(xs, reverse=order == "desc"))
        if kind == "sequence":
            forms = spec.get("as", ["list", "tuple", "array"])
            return st.tuples(s, st.sampled_from(forms)).map(lambda p: _as(p[0], p[1]))
        return s
    if kind == "tuple":
        return st.tuples(*(strategy(s, place=f"{where}: item {i + 1}") for i, s in enumerate(arg)))
    if kind == "dict":
        return st.fixed_dictionaries({k: strategy(v, place=f"{where}: {k}") for k, v in arg.items()})
    key, value = arg
    return st.dictionaries(strategy(key, place=f"{where}: key"), strategy(value, place=f"{where}: value"),
                           min_size=spec.get("min", 0), max_size=spec.get("max", 6))


def arguments(domain: dict):
    """The strategy of a domain's argument tuples (its ``assume`` applied)."""
    from hypothesis import strategies as st
    s = st.tuples(*(strategy(spec) for spec in domain.get("args") or []))
    condition = domain.get("assume")
    if condition:
        test = compile(condition, "<domain assume>", "eval")
        s = s.filter(lambda args: bool(eval(test, {"__builtins__": SAFE_BUILTINS},
                                            {"args": args})))
    return s


def _as(values: list, form: str):
    if form == "tuple":
        return tuple(values)
    if form == "array":
        import numpy as np
        return np.array(values)
    return list(values)


# --------------------------------------------------------------------------- drawing
def draw(domain: dict, seed: int, n: int | None = None) -> list[tuple]:
    """The boundary inputs, then ``n`` (the domain's ``draws``) argument tuples drawn from its specs with
    ``seed``: the same seed, the same inputs."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    cases = [tuple(b) for b in domain.get("boundaries", [])]
    n = domain.get("draws", DEFAULT_DRAWS) if n is None else n
    specs = domain.get("args") or []
    if not specs or n <= 0:
        return cases
    drawn: list[tuple] = []

    @hseed(int(seed))
    @settings(database=None, max_examples=2 * n, deadline=None, phases=[Phase.generate], derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(arguments(domain))
    def collect(args):
        drawn.append(args)

    collect()
    seen = {repr(c) for c in cases}
    for args in drawn:   # Hypothesis may draw the same input twice (its smallest one, first)
        if repr(args) not in seen and len(cases) < len(domain.get("boundaries", [])) + n:
            seen.add(repr(args))
            cases.append(args)
    return cases


def _same(got, expected, tol: float) -> bool:
    from .core import same
    return same(expected, got, tol=tol or None)


def check_domain(fn, reference, grade_id: str, assignment: str, *, tol: float = 0.0, what: str | None = None,
                 hint: str | None = None, root: Path | None = None) -> int:
    """The student's ``fn`` against ``reference`` on the boundary inputs and the inputs drawn from the
    exercise's declared domain (see the module's text); the number of inputs compared. A difference is
    shrunk (Hypothesis, within the domain's time budget) to the smallest input that still differs."""
    from .exercise import call, hidden_seed, prefetch
    domain = declared(assignment, grade_id, root)
    name = what or getattr(fn, "__name__", None) or grade_id.split("_", 1)[-1]
    start = time.monotonic()
    cases = draw(domain, hidden_seed())
    prefetch(fn, cases)
    for args in cases:
        got = call(fn, *args, what=f"{name}(...)")
        expected = reference(*args)
        if not _same(got, expected, tol):
            smallest = _shrink(fn, reference, domain, args, tol, start + domain.get("budget", DEFAULT_BUDGET),
                               hidden_seed())
            shown = ", ".join(short(a) for a in smallest)
            exp, g = reference(*smallest), call(fn, *smallest, what=f"{name}(...)")
            if _SHOWING[0]:
                raise CheckFailed(msg("wrong result for {name}({shown})", name=name, shown=shown), exp, g, hint,
                                  hidden=False)
            allowed = msg("wrong result for {name}(...) on an input the question allows", name=name)
            raise CheckFailed(allowed, exp, g, hint, show_values=False, hidden_message=allowed)
    return len(cases)


def _shrink(fn, reference, domain: dict, failing: tuple, tol: float, deadline: float, seed: int) -> tuple:
    """The smallest input (by its printed length) on which ``fn`` and ``reference`` differ among
    ``failing`` and those Hypothesis finds and shrinks from the domain's specs before ``deadline``."""
    specs = domain.get("args") or []
    found: list[tuple] = [failing]
    if not specs or time.monotonic() >= deadline:
        return failing
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    from .exercise import call

    class Differs(Exception):
        pass

    @hseed(int(seed))
    @settings(database=None, max_examples=200, deadline=None, phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(arguments(domain))
    def still_differs(args):
        if time.monotonic() >= deadline:
            return            # out of time: every later input "passes", so shrinking stops
        try:
            differs = not _same(call(fn, *args, what="(...)"), reference(*args), tol)
        except CheckFailed:
            differs = True
        if differs:
            found.append(args)
            raise Differs

    try:
        still_differs()
    except Differs:
        pass
    return min(found, key=_size)


def _size(args) -> tuple:
    return (len(repr(args)), repr(args))
