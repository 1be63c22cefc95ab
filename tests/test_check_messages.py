"""Failure messages a student sees: what was expected, what was got, a hint;
in Jupyter a few lines, not a traceback through the helpers."""
from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from workbook.checks import CheckFailed, check_cases

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_render_traceback_is_the_message_only():
    e = CheckFailed("q1", "wrong result for f(1)", 3, 2, "double it")
    lines = [ANSI.sub("", line) for line in e._render_traceback_()]
    assert lines == ["✘ q1: wrong result for f(1)", "  expected: 3", "  got:      2", "  hint: double it"]
    assert isinstance(e, AssertionError)  # still an assertion for nbgrader and pytest


def _answer_cell(src: str, name: str):
    """A function defined in another cell, as IPython compiles it."""
    import linecache
    filename = f"/tmp/ipykernel_0/answer_{name}.py"
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    ns: dict = {}
    exec(compile(src, filename, "exec"), ns)
    return ns[name]


def test_exception_in_the_students_function_names_its_line():
    top = _answer_cell("def top(xs):\n    total = 0\n    return total / len(xs)\n", "top")
    with pytest.raises(CheckFailed) as info:
        check_cases("q2", top, [(([],), 0.0)], hint="an empty list has no mean")
    msg = str(info.value)
    assert "top([]) raised ZeroDivisionError" in msg and "line 3 of top: `return total / len(xs)`" in msg


def test_function_defined_in_the_test_cell_is_not_quoted():
    def wrapper(xs):
        return xs["secret_key_of_the_hidden_test"]

    with pytest.raises(CheckFailed) as info:
        check_cases("q2", wrapper, [(([],), 0.0)])
    assert "raised TypeError" in str(info.value) and "secret_key" not in str(info.value)


def test_exception_outside_the_students_function_shows_no_test_code():
    """A wrapper defined in a (possibly hidden) test cell must not be quoted."""
    def student(x):
        return x

    hidden_wrapper = lambda x: student(x)["secret_key_of_the_hidden_test"]  # noqa: E731
    with pytest.raises(CheckFailed) as info:
        check_cases("q3", hidden_wrapper, [((1,), 1)], show_input=False)
    assert "secret_key" not in str(info.value) and "raised TypeError" in str(info.value)


@pytest.mark.slow
def test_in_a_kernel_the_failure_is_a_few_lines():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("def f(x):\n    return x + 1"),
                nbformat.v4.new_code_cell("from workbook.checks import check_cases, check_defined\n"
                                          "check_cases('q1', f, [((1,), 3)], hint='double it')"),
                nbformat.v4.new_code_cell("from workbook.checks import check_defined\n"
                                          "check_defined('q2', globals(), 'g', callable)")]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    for cell, first in ((nb.cells[1], "✘ q1: wrong result for f(1)"), (nb.cells[2], "✘ q2: `g` is not defined")):
        (err,) = [o for o in cell.outputs if o.output_type == "error"]
        tb = [ANSI.sub("", line) for line in err.traceback]
        assert tb[0].startswith(first) and len(tb) <= 4, tb
        assert not any("checks.py" in line for line in tb)
        assert not [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]


def test_frames_and_arrays_compare_without_ambiguity():
    import numpy as np
    import pandas as pd

    from workbook.checks import check_equal, same
    df = pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]})
    assert same(df, df.copy()) and not same(df, df.assign(b=[0.5, 1.6]))
    assert same(df, df.assign(b=[0.5, 1.5000001]), tol=1e-4)
    assert not same(df, df.to_dict())  # the right type is part of the answer
    assert same(df["a"], df["a"].copy()) and not same(df["a"], df["b"])
    assert same(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    assert not same(np.array([1, 2]), np.array([1, 2, 3])) and not same(np.array([1, 2]), [1, 2])
    with pytest.raises(CheckFailed) as info:
        check_equal("q5", df.assign(b=[0, 0]), df, what="table", hint="keep every row")
    assert "wrong table" in str(info.value) and "expected:" in str(info.value)
