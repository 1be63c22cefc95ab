"""Failure messages a student sees: what was expected, what was got, a hint;
in Jupyter a few lines, not a traceback through the helpers. A failure in a
hidden part shows no value at all."""
from __future__ import annotations

import linecache
import re

import nbformat
import pytest
from nbclient import NotebookClient

from workbook.checks import CheckFailed, same

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _run_cell(source: str, namespace: dict, name: str = "cell"):
    """Run a (test) cell the way IPython does: compiled from a file that
    linecache knows, in the notebook's namespace."""
    filename = f"/tmp/ipykernel_0/{name}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)


def _failure(source: str, namespace: dict) -> CheckFailed:
    with pytest.raises(CheckFailed) as info:
        _run_cell(source, namespace, f"test_{abs(hash(source))}")
    return info.value


def test_render_traceback_is_the_message_only():
    ns = {"f": lambda x: x}
    e = _failure("from workbook.checks import check_cases, exercise\n"
                 "@exercise('q1')\n"
                 "def test(f: callable):\n"
                 "    check_cases(f, [((1,), 3)], hint='double it')\n", ns)
    lines = [ANSI.sub("", line) for line in e._render_traceback_()]
    assert lines == ["✘ q1: wrong result for f(1)", "  expected: 3", "  got:      1", "  hint: double it"]
    assert isinstance(e, AssertionError)  # still an assertion for nbgrader and pytest


def test_a_pass_says_so_in_one_line(capsys):
    _run_cell("from workbook.checks import check_cases, exercise\n"
              "@exercise('q1')\n"
              "def test(f: callable):\n"
              "    check_cases(f, [((1,), 2)])\n", {"f": lambda x: 2 * x})
    assert capsys.readouterr().out.strip() == "✔ q1 passed the visible tests (hidden tests run when graded)"


def test_exception_in_the_students_function_names_its_line():
    ns: dict = {}
    _run_cell("def top(xs):\n    total = 0\n    return total / len(xs)\n", ns, "answer_top")
    e = _failure("from workbook.checks import check_cases, exercise\n"
                 "@exercise('q2')\n"
                 "def test(top: callable):\n"
                 "    check_cases(top, [(([],), 0.0)], hint='an empty list has no mean')\n", ns)
    assert "top([]) raised ZeroDivisionError" in str(e) and "line 3 of top: `return total / len(xs)`" in str(e)


def test_a_missing_answer_is_one_line_that_says_what_to_replace():
    """The answer cell ran as released (its stub raised NotImplementedError) or stopped at that line above the
    student's code: 'run your answer cell first' sent a student who had run it in circles (issue 57)."""
    e = _failure("from workbook.checks import exercise\n"
                 "@exercise('q2')\n"
                 "def test(g: callable):\n"
                 "    pass\n", {})
    assert e.lines() == ["q2: `g` is not defined: in its answer cell, replace `raise NotImplementedError()` with "
                         "your answer (keep the name `g`), then run the cell"]


def test_a_wrong_kind_of_answer_is_one_line():
    e = _failure("from workbook.checks import exercise\n"
                 "@exercise('q2')\n"
                 "def test(g: callable):\n"
                 "    pass\n", {"g": 3})
    assert e.lines() == ["q2: `g` should be a function, but it is a int"]


def test_a_hidden_failure_shows_no_value_and_no_input():
    ns = {"f": lambda x: x + 1}
    e = _failure("from workbook.checks import check_cases, exercise\n"
                 "@exercise('q3')\n"
                 "def test(f: callable):\n"
                 "    check_cases(f, [((1,), 2)])\n"
                 "    ### BEGIN HIDDEN TESTS\n"
                 "    check_cases(f, [((41,), 'SECRET-EXPECTED')], hint='compute it')\n"
                 "    ### END HIDDEN TESTS\n", ns)
    text = "\n".join(e.lines())
    assert text == "q3: failed a hidden test: wrong result for f(...) on another input\n  hint: compute it"
    assert "SECRET" not in text and "41" not in text and "42" not in text


def test_a_helper_of_the_visible_part_called_from_the_hidden_part_is_hidden():
    ns = {"f": lambda x: x + 1}
    e = _failure("from workbook.checks import check_equal, exercise\n"
                 "@exercise('q3')\n"
                 "def test(f: callable):\n"
                 "    def case(x, want):\n"
                 "        check_equal(f(x), want, what='value of f')\n"
                 "    case(1, 2)\n"
                 "    ### BEGIN HIDDEN TESTS\n"
                 "    case(10, 999)\n"
                 "    ### END HIDDEN TESTS\n", ns)
    assert e.hidden and "999" not in "\n".join(e.lines()) and "11" not in "\n".join(e.lines())


def test_an_exception_in_the_hidden_part_shows_only_its_type():
    ns: dict = {}
    _run_cell("def g(x):\n    raise ValueError('secret ' + repr(x))\n", ns, "answer_g")
    e = _failure("from workbook.checks import check_cases, exercise\n"
                 "@exercise('q4')\n"
                 "def test(g: callable):\n"
                 "    ### BEGIN HIDDEN TESTS\n"
                 "    check_cases(g, [((123456,), 1)])\n"
                 "    ### END HIDDEN TESTS\n", ns)
    assert e.lines() == ["q4: failed a hidden test: g raised ValueError"]


def test_an_answer_object_cannot_claim_to_be_equal():
    class Anything(str):
        def __eq__(self, other):
            return True
        __hash__ = str.__hash__

    e = _failure("from workbook.checks import check_cases, exercise\n"
                 "@exercise('q5')\n"
                 "def test(f: callable):\n"
                 "    check_cases(f, [((1,), 'x')])\n", {"f": lambda x: Anything("y")})
    assert "wrong result" in str(e) or "not plain data" in str(e)


@pytest.mark.slow
def test_in_a_kernel_the_failure_is_a_few_lines():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("def f(x):\n    return x + 1"),
                nbformat.v4.new_code_cell("from workbook.checks import check_cases, exercise\n"
                                          "@exercise('q1')\n"
                                          "def test_f(f: callable):\n"
                                          "    check_cases(f, [((1,), 3)], hint='double it')"),
                nbformat.v4.new_code_cell("from workbook.checks import exercise\n"
                                          "@exercise('q2')\n"
                                          "def test_g(g: callable):\n"
                                          "    pass"),
                nbformat.v4.new_code_cell("from workbook.checks import check_cases, exercise\n"
                                          "@exercise('q3')\n"
                                          "def test_f2(f: callable):\n"
                                          "    check_cases(f, [((1,), 2)])")]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    for cell, first in ((nb.cells[1], "✘ q1: wrong result for f(1)"), (nb.cells[2], "✘ q2: `g` is not defined")):
        (err,) = [o for o in cell.outputs if o.output_type == "error"]
        tb = [ANSI.sub("", line) for line in err.traceback]
        assert tb[0].startswith(first) and len(tb) <= 4, tb
        assert not any(".py" in line for line in tb)
        assert not [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
    (ok,) = nb.cells[3].outputs
    assert ok.output_type == "stream" and ok.text.strip().startswith("✔ q3 passed")


def test_frames_and_arrays_compare_without_ambiguity():
    import numpy as np
    import pandas as pd

    df = pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]})
    assert same(df, df.copy()) and not same(df, df.assign(b=[0.5, 1.6]))
    assert same(df, df.assign(b=[0.5, 1.5000001]), tol=1e-4)
    assert not same(df, df.to_dict())  # the right type is part of the answer
    assert same(df["a"], df["a"].copy()) and not same(df["a"], df["b"])
    assert same(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    assert not same(np.array([1, 2]), np.array([1, 2, 3])) and not same(np.array([1, 2]), [1, 2])
    e = _failure("from workbook.checks import check_equal, exercise\n"
                 "@exercise('q5')\n"
                 "def test(table: pd.DataFrame):\n"
                 "    check_equal(table, want, what='table', hint='keep every row')\n",
                 {"pd": pd, "table": df.assign(b=[0, 0]), "want": df})
    assert "wrong table" in str(e) and "expected:" in str(e)


def _pairwise_same_sets(expected, got):
    """``same`` on two sets as it compared them before sets were matched by key: every element of one
    ``same`` as an element of the other, the sizes equal (and the elements' own sets compared so too)."""
    from workbook.checks import core

    def eq(e, g):
        if isinstance(e, (set, frozenset)):
            return type(g) in (set, frozenset) and len(g) == len(e) and all(any(eq(a, b) for b in g) for a in e)
        if type(e) is tuple and type(g) is tuple:
            return len(e) == len(g) and all(eq(a, b) for a, b in zip(e, g))
        return core.same(e, g)
    return eq(expected, got)


def test_sets_matched_by_key_compare_as_pair_by_pair():
    """``same`` matches the elements of two sets by a key (09's sets of a thousand itemsets took 1.6 CPU-s
    pair by pair): on random sets of values of every kind the key covers and of those it does not (NaN,
    numpy scalars, a str subclass, ints beyond 2**53, True beside 1), the verdict is the pairwise one."""
    import random

    import numpy as np

    class Name(str):
        pass

    atoms = [0, 1, 2, 1.0, 2.5, -0.0, True, False, None, "a", "b", "1", b"a", "NaN", "NaN", float("inf"),
             np.int64(1), np.float64(2.5), Name("a"), 2 ** 53, 2 ** 53 + 1, 2 ** 60, (1, "a"), (1.0, "a"), ("a",)]
    rng = random.Random(60)

    def value(depth):
        r = rng.random()
        if depth < 2 and r < 0.25:
            return frozenset(value(depth + 1) for _ in range(rng.randint(0, 3)))
        if depth < 2 and r < 0.35:
            return tuple(value(depth + 1) for _ in range(rng.randint(0, 2)))
        atom = rng.choice(atoms)
        return float("nan") if atom == "NaN" else atom   # a NaN of its own: NaN != NaN, two can share a set

    def variant(s):
        """A set near ``s``: the same elements, one swapped, or rebuilt with equal values of other types."""
        s = list(s)
        if s and rng.random() < 0.5:
            s[rng.randrange(len(s))] = value(1)
        return rng.choice([set, frozenset])(s)

    checked = {True: 0, False: 0}
    for _ in range(3000):
        expected = {value(0) for _ in range(rng.randint(0, 6))}
        for got in (variant(expected), set(expected), frozenset(expected), {value(0) for _ in range(len(expected))}):
            want = _pairwise_same_sets(expected, got)
            assert same(expected, got) is want, (expected, got)
            checked[want] += 1
    assert min(checked.values()) > 500, checked
    # the case the key is for: a thousand itemsets, and one of them changed
    items = {frozenset(rng.sample(range(60), 3)) for _ in range(1000)}
    other = set(items)
    other.remove(next(iter(items)))
    other.add(frozenset({"not", "an", "itemset"}))
    assert same(items, {frozenset(x) for x in items}) and not same(items, other)
    assert not same({frozenset({1, 2})}, {frozenset({1, True})}) and same({(1, "a")}, {(1.0, "a")})
