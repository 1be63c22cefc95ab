"""workbook/grading/judge.py: one test cell judged outside the student's
kernel. Each test: a student's namespace (the same kernel.serve as in
grading, in-process), one test cell, one call, the verdict."""
from __future__ import annotations

import pytest

from workbook.checks.exercise import LocalTransport
from workbook.grading import judge
from workbook.markers import BEGIN_HIDDEN, END_HIDDEN

CELL = f'''from workbook.checks import exercise, check_equal


@exercise("q1")
def test_double(double: callable):
    check_equal(double(2), 4)
    {BEGIN_HIDDEN}
    from workbook.checks import hidden_seed
    n = hidden_seed() % 7 + 10
    check_equal(double(n), 2 * n)
    {END_HIDDEN}
'''
KEY = judge.seed_key("a secret of the unit tests, 0001")


def verdict(double, source=CELL):
    return judge.judge_cell(source, "test_double", LocalTransport({"double": double}), KEY, BEGIN_HIDDEN,
                            END_HIDDEN, timeout=30)


def test_a_right_answer_passes():
    v = verdict(lambda x: 2 * x)
    assert v.passed and v.outputs() == []


def test_a_visible_failure_shows_the_values():
    v = verdict(lambda x: x + 1)
    assert v.status == "failed" and "3" in "\n".join(v.lines)
    assert v.outputs()[0]["ename"] == "CheckFailed"


def test_a_hidden_failure_shows_no_input_or_expected_value():
    v = verdict(lambda x: 4 if x == 2 else 0)
    text = "\n".join(v.lines)
    assert v.status == "failed" and "hidden" in text
    assert not any(str(n) in text for n in range(10, 17)) and not any(str(2 * n) in text for n in range(10, 17))


SEEDS_CELL = f'''from workbook.checks import exercise, check_true


@exercise("QUESTION")
def test_seeds(record: callable):
    {BEGIN_HIDDEN}
    from workbook.checks import hidden_seed
    check_true(record(hidden_seed("a1:shop", shared=True), hidden_seed(), hidden_seed("b2:shop", shared=True),
                      hidden_seed("a1:shop")), "recorded")
    {END_HIDDEN}
'''


def _seeds(question: str, key: bytes = KEY) -> tuple:
    seen = []
    v = judge.judge_cell(SEEDS_CELL.replace("QUESTION", question), "test_seeds",
                         LocalTransport({"record": lambda *s: seen.append(s) or True}), key, BEGIN_HIDDEN,
                         END_HIDDEN, timeout=30)
    assert v.passed, v.lines
    return seen[0]


def test_a_shared_hidden_seed_is_the_same_in_every_question_and_secret_bound():
    """hidden_seed(label, shared=True): one seed for every question that names
    the label (a hidden data set built once per secret); another label,
    another secret or an unshared seed of the same label give others."""
    q1, q2 = _seeds("q1"), _seeds("q2")
    assert q1[0] == q2[0] and q1[2] == q2[2]              # shared: the same in both questions
    assert q1[0] != q1[2]                                 # another label, another seed
    assert q1[1] != q2[1] and q1[3] != q2[3]              # per question: differ
    assert q1[3] != q1[0]                                 # the same label, unshared: not the shared seed
    assert _seeds("q1", judge.seed_key("another secret of the unit tests"))[0] != q1[0]


def test_each_test_cell_of_a_question_draws_seeds_of_its_own_from_63_bits():
    """Two test cells of one question (a correctness group and the efficiency group) draw different seeds: what
    one cell's verdicts tell about its inputs does not give the other's. And a seed has 63 bits: a seed found by
    trying each from a few leaked bits of an input (2^31 of them took a laptop minutes) is out of reach."""
    seen = {}
    for test in ("test_seeds", "test_other_seeds"):
        cell = SEEDS_CELL.replace("QUESTION", "q1").replace("def test_seeds", f"def {test}")
        v = judge.judge_cell(cell, test, LocalTransport({"record": lambda *s, t=test: seen.setdefault(t, s) is s}),
                             KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30)
        assert v.passed, v.lines
    first, other = seen["test_seeds"], seen["test_other_seeds"]
    assert first[0] == other[0] and first[2] == other[2]          # shared: the same in every cell
    assert first[1] != other[1] and first[3] != other[3]          # a cell's own: differ
    assert all(0 <= s < 2 ** 63 for s in first + other)
    assert max(first + other) >= 2 ** 40                           # 63 bits drawn, not 31 (all below 2^40: 2^-92)


def test_a_shared_hidden_seed_needs_a_label():
    cell = SEEDS_CELL.replace('hidden_seed("a1:shop", shared=True)', "hidden_seed(shared=True)")
    v = judge.judge_cell(cell.replace("QUESTION", "q1"), "test_seeds", LocalTransport({"record": lambda *s: True}),
                         KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30)
    assert not v.passed and "takes a label" in "\n".join(v.lines) + v.detail


def test_a_cell_not_in_the_exercise_format_is_recognised():
    assert judge.is_exercise_cell(CELL)
    assert not judge.is_exercise_cell("assert double(2) == 4")


def test_a_verdict_is_bounded_whatever_the_answer_made_of_its_message():
    v = judge.Verdict("failed", ["x" * 10_000] * 100, detail="y" * 100_000)
    assert len(v.lines) == judge.Verdict.MAX_LINES + 1 and all(len(x) < 2_100 for x in v.lines)
    assert len(v.detail) == judge.Verdict.MAX_DETAIL


@pytest.mark.parametrize("reply", [
    {}, {"content": {"status": "error", "ename": "X"}},
    {"content": {"status": "ok", "user_expressions": {"r": {"status": "ok", "data": {"text/plain": "42"}}}}},
    {"content": {"status": "ok", "user_expressions": {"r": {"status": "ok", "data": {"text/plain": "'[1]'"}}}}},
])
def test_a_garbled_reply_is_an_error_never_a_verdict(reply):
    assert set(judge.parse_reply(reply)) == {"error"}


def test_a_kernels_reply_is_read_exactly_as_python_reads_its_repr():
    """judge.repr_text reads the usual reply without Python's parser; every
    text, however a hostile kernel shaped it, reads as ast.literal_eval
    reads it (or fails as it does)."""
    import ast
    import json
    values = ['{"ok": true, "value": [1, 2.5, "x"]}', json.dumps({"s": "it's \"quoted\"\n"}), "", "a\\b", "it's",
              "\x00\t\x7f", "\ud800", "\u2028 \x85 한국어", "tab\there"]
    texts = [repr(v) for v in values] + ["'a\nb'", "'a\x00b'", "'\ud800'", "'abc", "'", "''", "'a' 'b'", "'a'+'b'",
                                         "'\\x41'", "'it\\'s'", "'\u2028'", "'a\x85b'", '"x"', "'x' # '"]

    def read(fn, text):
        try:
            return fn(text)
        except Exception as e:  # noqa: BLE001 - compared below
            return type(e)
    for text in texts:
        assert read(judge.repr_text, text) == read(ast.literal_eval, text), text


def test_the_judges_data_folder_is_set_for_the_cell_only(monkeypatch, tmp_path):
    """Generators called by a test cell write to the judge's own folder, and
    nothing process-wide (the environment) changes."""
    import os
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    cell = '''from workbook.checks import exercise, check_true
from workbook import data


@exercise("q1")
def test_double(double: callable):
    check_true(data.cache_dir().name == "cache-judge", "the judge's folder")
'''
    assert verdict(lambda x: 2 * x, cell).passed
    assert os.environ["WORKBOOK_DATA"] == str(tmp_path / "cache")
    from workbook import data
    assert data.cache_dir() == tmp_path / "cache"


# ------------------------------------------------------------- announced calls (prefetch)
class _Remote(LocalTransport):
    """The same kernel.serve, as the judge reaches a sandboxed kernel (not
    local): it counts the requests, and can garble the replies to batches."""

    local = False

    def __init__(self, namespace, garble=None):
        super().__init__(namespace)
        self.ops, self.garble = [], garble

    def request(self, req):
        self.ops.append(req.get("op"))
        reply = super().request(req)
        return self.garble(reply) if self.garble and req.get("op") == "batch" else reply


CASES_CELL = f'''from workbook.checks import exercise, check_cases


@exercise("q1")
def test_double(double: callable):
    check_cases(double, [(1, 2), (2, 4)])
    {BEGIN_HIDDEN}
    check_cases(double, [(n, 2 * n) for n in range(10, 30)])
    {END_HIDDEN}
'''


def _judged(double, transport_class=_Remote, **kw):
    calls = []

    def counted(x):
        calls.append(x)
        return double(x)
    t = transport_class({"double": counted}, **kw)
    return judge.judge_cell(CASES_CELL, "test_double", t, KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30), t, calls


def test_announced_calls_are_answered_in_batches_each_call_once_in_order():
    v, t, calls = _judged(lambda x: 2 * x)
    assert v.passed
    assert calls == [1, 2] + list(range(10, 30))
    # batches of 1 and 1 call for the 2 visible cases, of 1, 2, 4, 8 and 5 for the 20 hidden ones: 7 requests, not 22
    assert t.ops == ["lookup", "batch", "batch", "batch", "batch", "batch", "batch", "batch", "reset"]


@pytest.mark.parametrize("double", [lambda x: x + 1, lambda x: 0 if x == 17 else 2 * x,
                                    lambda x: 2 * x if x < 12 else 1 / 0, lambda x: [2 * x]])
def test_a_batched_verdict_is_the_verdict_of_calls_made_one_by_one(double):
    batched, _, calls = _judged(double)
    one_by_one, t, _ = _judged(double, LocalTransport)
    assert (batched.status, batched.lines) == (one_by_one.status, one_by_one.lines)
    assert len(calls) == len(set(calls)), "a call ran twice"


def test_a_batch_stops_at_a_handle_so_the_test_can_look_at_that_object_first():
    class Box:
        def __init__(self, x):
            self.x = x
    _, t, calls = _judged(lambda x: Box(x) if x == 13 else 2 * x)
    assert calls == [1, 2, 10, 11, 12, 13], calls   # the batch of 4 (12-15) ended at 13's handle


@pytest.mark.parametrize("garble", [lambda r: {"replies": "x"}, lambda r: {"error": "no"},
                                    lambda r: {"replies": [{"value": 4}] * 50}, lambda r: {"replies": [7, None]}])
def test_a_forged_batch_reply_earns_nothing(garble):
    v, _, _ = _judged(lambda x: x + 1, garble=garble)
    assert not v.passed


def test_calls_of_two_answers_in_turn_are_announced_together():
    cell = f'''from workbook.checks import exercise, check_equal, prefetch


@exercise("q1")
def test_double(double: callable, half: callable):
    {BEGIN_HIDDEN}
    prefetch([double, half], range(6))
    for n in range(6):
        check_equal(double(n), 2 * n)
        check_equal(half(n), n / 2)
    {END_HIDDEN}
'''
    seen = []
    t = _Remote({"double": lambda x: seen.append(("d", x)) or 2 * x, "half": lambda x: seen.append(("h", x)) or x / 2})
    assert judge.judge_cell(cell, "test_double", t, KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30).passed
    assert seen == [(k, n) for n in range(6) for k in "dh"]
    assert t.ops.count("batch") == 4 and "call" not in t.ops   # 12 calls: batches of 1, 2, 4, 5


def test_a_helper_announcing_the_next_calls_of_the_tests_plan_keeps_the_plan():
    cell = f'''from workbook.checks import exercise, check_cases, prefetch


@exercise("q1")
def test_double(double: callable):
    {BEGIN_HIDDEN}
    prefetch(double, range(8))
    for n in range(8):
        check_cases(double, [(n, 2 * n)])   # announces (n,): the plan's next call
    {END_HIDDEN}
'''
    t = _Remote({"double": lambda x: 2 * x})
    assert judge.judge_cell(cell, "test_double", t, KEY, BEGIN_HIDDEN, END_HIDDEN, timeout=30).passed
    assert t.ops.count("batch") == 4 and "call" not in t.ops   # 8 calls: batches of 1, 2, 4, 1



def test_the_modules_test_cells_import_are_imported_ahead_and_only_those_of_allowed_packages():
    import subprocess
    import sys
    cells = ["import torch\nimport torch.nn as nn\nfrom workbook.checks import exercise\nimport os\n"
             "from . import sibling\nimport antigravity\n\n@exercise('q1')\ndef test_x(x):\n    import sklearn\n",
             "from pandas import DataFrame\nimport torch\n", "this is not python ("]
    assert judge.test_cell_imports(cells) == ["torch", "torch.nn", "workbook.checks", "pandas"]
    # parsed once per worker: the next notebook's caller gets its own list, whatever the last one did with its
    judge.test_cell_imports(cells).append("os")
    assert judge.test_cell_imports(cells) == ["torch", "torch.nn", "workbook.checks", "pandas"]
    # a hidden part that draws inputs from the exercise's domain: Hypothesis is imported ahead too
    drawing = "@exercise('q1')\ndef test_x(f):\n    from workbook.checks.domain import check_domain\n"
    assert judge.test_cell_imports([drawing]) == ["workbook.checks.domain", "hypothesis.strategies"]
    # in a fresh process: imported in the caller's thread (no thread beside the judge's parsing); a missing
    # module is left to the test cell's own import
    code = ("import sys, threading\nfrom workbook.grading import judge\n"
            "assert 'colorsys' not in sys.modules\nn = threading.active_count()\n"
            "judge.import_ahead(['colorsys', 'no_such_module_here'])\n"
            "assert 'colorsys' in sys.modules and threading.active_count() == n\nprint('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
