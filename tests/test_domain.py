"""The judge's drawer of hidden inputs (workbook/checks/domain.py): specs
become Hypothesis strategies, the same seed draws the same inputs, the
boundaries come first, a difference is shrunk, and a hidden failure never
shows the input it failed on, except to a learner grading their own work."""
from __future__ import annotations

import inspect
import linecache
import textwrap

import numpy as np
import pytest

from workbook.checks import CheckFailed, exercise
from workbook.checks import domain as dm
from workbook.messages import render

DOMAIN = {"args": [{"int": [1, 50]}, {"sequence": {"int": [-3, 3]}, "min": 0, "max": 6}],
          "assume": "args[0] >= len(args[1])",
          "boundaries": [[1, []], [6, [3, -3, 0, 0, 1, 2]]], "draws": 12}


def test_the_same_seed_draws_the_same_inputs_boundaries_first():
    a, b, c = dm.draw(DOMAIN, 7), dm.draw(DOMAIN, 7), dm.draw(DOMAIN, 8)
    assert repr(a) == repr(b) and repr(a) != repr(c)
    assert a[:2] == [(1, []), (6, [3, -3, 0, 0, 1, 2])] and len(a) == 14
    assert len({repr(x) for x in a}) == len(a), "no input twice"
    for n, values in a[2:]:
        assert 1 <= n <= 50 and n >= len(values) and all(-3 <= int(v) <= 3 for v in values)
    forms = {type(values).__name__ for _, values in dm.draw(DOMAIN, 7, n=60)[2:]}
    assert forms == {"list", "tuple", "ndarray"}, "a sequence is drawn as a list, a tuple and an array"


@pytest.mark.parametrize("bad, words", [
    ({"args": [{"integer": [1, 2]}]}, "a spec is a dict"),
    ({"nothing": 1}, "unknown key"),
    ({"boundaries": []}, "declare the arguments"),
    ({"args": [{"int": [0, 1]}], "assume": "args[0] >"}, "not a Python expression"),
    ({"data": {"cases": []}}, "stated"),
])
def test_a_bad_declaration_names_what_is_wrong(bad, words):
    with pytest.raises(dm.DomainError, match=words):
        dm.validate(bad, "x")


def _judge(fn, tmp_path, *, show=False):
    """check_domain on ``fn`` (the student's) against sum-of-first-n, inside an @exercise run of q0."""
    (tmp_path / "source" / "zz").mkdir(parents=True, exist_ok=True)
    (tmp_path / "source" / "zz" / "exercises.py").write_text(f"EXERCISES = {{'q0_x': {{'domain': {DOMAIN!r}}}}}\n")

    def reference(n, values):
        return int(sum(int(v) for v in values[:n]))

    def test(first_sum: callable):
        ### BEGIN HIDDEN TESTS
        dm.check_domain(first_sum, reference, "q0_x", "zz", root=tmp_path)
        ### END HIDDEN TESTS

    source = inspect.getsource(test)
    ns = {"first_sum": fn, "exercise": exercise, "dm": dm, "reference": reference, "tmp_path": tmp_path}
    filename = f"<test cell domain {id(fn)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(textwrap.dedent(source), filename, "exec"), ns)
    with (dm.showing_inputs() if show else _nothing()):
        eval("exercise('q0')", ns)(ns["test"])


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def test_a_difference_fails_without_showing_the_input_and_is_shrunk_for_a_learner(tmp_path):
    def right(n, values):
        return int(sum(int(v) for v in values[:n]))

    def wrong(n, values):          # forgets the negative values: only some inputs show it
        return int(sum(int(v) for v in values[:n] if v > 0))

    _judge(right, tmp_path)
    with pytest.raises(CheckFailed) as e:
        _judge(wrong, tmp_path)
    text = str(e.value)
    assert "failed a hidden test" in text and "input the question allows" in text and "[" not in text
    with pytest.raises(CheckFailed) as e:
        _judge(wrong, tmp_path, show=True)
    shown = render(e.value.message)
    assert shown == "wrong result for wrong(1, [-1])", "shrunk to the smallest input that shows the mistake"


def test_arrays_of_a_sequence_are_numpy():
    drawn = dm.draw({"args": [{"sequence": {"float": [0, 1]}, "as": ["array"], "min": 1, "max": 3}], "draws": 3}, 1)
    assert all(isinstance(a[0], np.ndarray) for a in drawn)


def test_drawing_leaves_no_file_and_takes_no_constant_from_the_courses_code(tmp_path, monkeypatch):
    """Hypothesis would mix constants read from the source of local modules (the exercises files' wrong
    answers, the hidden tests) into the inputs it sends to the student's code, and cache them in
    .hypothesis/ under the working directory (found in release/ with '### BEGIN SOLUTION' in them)."""
    monkeypatch.chdir(tmp_path)
    text = {"args": [{"text": "latin+hangul+punct", "max": 30}], "draws": 200}
    drawn = dm.draw(text, 3)
    from hypothesis.internal.conjecture import providers
    assert len(providers._get_local_constants()) == 0
    assert not (tmp_path / ".hypothesis").exists()
    assert not any("BEGIN" in s for (s,) in drawn)
