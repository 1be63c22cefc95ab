"""Unit tests of workbook.checks.pytorch (fast: no notebook runs).

Pure helpers (check_close, count_code_lines, check_frame...) are called
directly. Helpers that use the student's answer run inside a real
``@exercise`` run, on a namespace that looks like a notebook's (cells in
linecache and in the input history ``In``): the answers are then Refs, and
the probes go through ``kernel.serve`` in-process, exactly as in a student's
own run of a test cell. Local objects (not Refs) also work: the probe then
runs in-process."""
from __future__ import annotations

import linecache
import math
import re
import textwrap

import pandas as pd
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from workbook.checks import CheckFailed
from workbook.checks import pytorch as tc

_counter = [0]


def run_cell(code: str, ns: dict) -> None:
    """Run ``code`` as IPython runs a cell: readable source, input history."""
    _counter[0] += 1
    code = textwrap.dedent(code)
    filename = f"/tmp/ipykernel_torchcheck/cell_{_counter[0]}.py"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    ns.setdefault("In", []).append(code)
    exec(compile(code, filename, "exec"), ns)


SETUP = "import math\n\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"


def notebook(*answers: str) -> dict:
    """A notebook's namespace after its setup cell and the cells ``answers``."""
    ns = {"__name__": "__main__", "In": []}
    for a in (SETUP, *answers):
        run_cell(a, ns)
    return ns


def failure(ns: dict, test: str) -> str:
    with pytest.raises(CheckFailed) as e:
        run_cell(test, ns)
    return str(e.value)


LINEAR = '''
class Linear(nn.Module):
    def __init__(self, n_in, n_out, bias=True):
        super().__init__()
        b = 1 / math.sqrt(n_in)
        self.weight = nn.Parameter(torch.empty(n_out, n_in).uniform_(-b, b))
        self.bias = nn.Parameter(torch.empty(n_out).uniform_(-b, b)) if bias else None

    def forward(self, x):
        y = x @ self.weight.T
        return y if self.bias is None else y + self.bias
'''

LINEAR_TEST = '''
from workbook.checks import exercise
from workbook.checks.pytorch import build_and_inspect, check_parameter, compare, layer, randn, randomize


@exercise("q1")
def test_linear(Linear: nn.Module):
    def case(n_in, n_out, x, seed=0):
        made = layer(Linear, n_in, n_out, seed=seed)
        seen = build_and_inspect(made, "weight", "bias")
        check_parameter(seen, "weight", (n_out, n_in))
        ref = nn.Linear(n_in, n_out)
        randomize(ref, seed=seed + 1)
        compare(made, ref, [x], input_names=["x"], params=dict(ref.named_parameters()), forbidden=["F.linear"])

    case(5, 3, randn(4, 5, seed=1))
    ### BEGIN HIDDEN TESTS
    case(7, 2, randn(1, 3, 7, seed=2), seed=4)
    ### END HIDDEN TESTS
'''


# ---------------------------------------------------------------- tensors (judge side)

def test_check_close_passes_and_names_the_difference():
    a = torch.arange(6.0).view(2, 3)
    tc.check_close(a.clone(), a)
    b = a.clone()
    b[1, 2] += 0.5
    with pytest.raises(CheckFailed) as e:
        tc.check_close(b, a, what="output of MyLayer")
    msg = str(e.value)
    assert "the output of MyLayer: different from the reference" in msg
    assert "(1, 2)" in msg and "0.5" in msg and "1 of 6 elements" in msg


def test_check_close_shape_dtype_type_and_nan():
    a = torch.zeros(2, 3)
    with pytest.raises(CheckFailed, match="wrong shape of the output"):
        tc.check_close(torch.zeros(3, 2), a)
    with pytest.raises(CheckFailed, match="wrong dtype"):
        tc.check_close(torch.zeros(2, 3, dtype=torch.float64), a)
    with pytest.raises(CheckFailed, match="should be a torch.Tensor"):
        tc.check_close([[0, 0, 0]] * 2, a)
    with pytest.raises(CheckFailed, match="NaN"):
        tc.check_close(torch.full((2, 3), float("nan")), a)


def test_float32_tolerance_is_the_default():
    a = torch.ones(4)
    tc.check_close(a + 1e-6, a)
    with pytest.raises(CheckFailed):
        tc.check_close(a + 1e-4, a)


def test_check_tensor():
    tc.check_tensor(torch.ones(2, 3), shape=(2, 3), dtype=torch.float32)
    with pytest.raises(CheckFailed, match="wrong shape of the X_train"):
        tc.check_tensor(torch.ones(3), shape=(2, 3), what="X_train")
    with pytest.raises(CheckFailed, match="NaN or infinite"):
        tc.check_tensor(torch.tensor([1.0, float("inf")]))


def test_check_uniform_init():
    gen = torch.Generator().manual_seed(0)
    bound = 1 / math.sqrt(300)
    tc.check_uniform_init(torch.empty(200, 300).uniform_(-bound, bound, generator=gen), bound)
    with pytest.raises(CheckFailed, match="within"):
        tc.check_uniform_init(torch.randn(200, 300, generator=gen), bound)
    with pytest.raises(CheckFailed, match="standard deviation"):
        tc.check_uniform_init(torch.randn(200, 300, generator=gen).clamp(-bound, bound), bound)
    with pytest.raises(CheckFailed, match="only reaches"):
        tc.check_uniform_init(torch.zeros(10, 10), bound)


def test_randn_leaves_the_global_generator_alone():
    torch.manual_seed(5)
    before = torch.random.get_rng_state()
    assert torch.equal(tc.randn(3, seed=1), tc.randn(3, seed=1)) and not torch.equal(tc.randn(3, seed=1),
                                                                                        tc.randn(3, seed=2))
    assert torch.equal(torch.random.get_rng_state(), before)


# ---------------------------------------------------------------- compare, on local objects (probe in-process)

def test_compare_checks_output_and_gradients():
    x = torch.randn(3, 4)
    tc.compare(lambda t: t.sin() * 2, lambda t: 2 * torch.sin(t), [x])
    with pytest.raises(CheckFailed, match="does not require grad"):
        tc.compare(lambda t: (t.sin() * 2).detach(), lambda t: 2 * torch.sin(t), [x])

    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            return t.sin()

        @staticmethod
        def backward(ctx, g):
            return g  # should be g * cos

    with pytest.raises(CheckFailed, match="gradient with respect to x"):
        tc.compare(Wrong, torch.sin, [x], input_names=["x"], method="apply")


def test_compare_output_that_is_not_a_tensor():
    with pytest.raises(CheckFailed, match="should be a torch.Tensor, not a tuple"):
        tc.compare(lambda t: (t, t), torch.sin, [torch.ones(2)])


def test_forbidden_only_while_the_answer_runs():
    ref = nn.Linear(3, 2)
    tc.randomize(ref, seed=0)
    x = tc.randn(5, 3, seed=1)

    class Mine(nn.Module):
        def __init__(self, blocked):
            super().__init__()
            self.blocked = blocked
            self.weight = nn.Parameter(torch.zeros(2, 3))
            self.bias = nn.Parameter(torch.zeros(2))

        def forward(self, t):
            return F.linear(t, self.weight, self.bias) if self.blocked else t @ self.weight.T + self.bias

    # the reference may call F.linear while the answer may not
    tc.compare(tc.layer(Mine, False), ref, [x], params=dict(ref.named_parameters()), forbidden=["F.linear"])
    with pytest.raises(CheckFailed, match="your answer calls F.linear"):
        tc.compare(tc.layer(Mine, True), ref, [x], params=dict(ref.named_parameters()), forbidden=["F.linear"])
    assert F.linear is torch._C._nn.linear


def test_blocked_restores_and_records():
    seen = []
    with tc.blocked(["F.softmax", "torch.softmax", "os.system", "F.no_such_function"], seen):
        with pytest.raises(RuntimeError, match="not allowed"):
            torch.softmax(torch.ones(2), 0)
    assert seen == ["torch.softmax"] and torch.softmax(torch.zeros(2), 0).tolist() == [0.5, 0.5]
    import os
    assert "blocked" not in getattr(os.system, "__name__", "")


def test_answer_exception_becomes_a_message():
    def broken(t):
        raise ValueError("boom")

    with pytest.raises(CheckFailed, match="raised ValueError in the forward pass .*: boom"):
        tc.compare(broken, torch.sin, [torch.ones(2)])


def test_failure_messages_do_not_show_the_reference():
    def reference_impl(t):
        return torch.tanh(t) * 3.25

    with pytest.raises(CheckFailed) as e:
        tc.compare(torch.tanh, reference_impl, [torch.randn(4)])
    msg = str(e.value)
    assert "3.25" not in msg and "reference_impl" not in msg


def test_build_and_inspect_and_check_parameter():
    class Good(nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(2, 3))
            self.plain = torch.ones(2)
            self.__dict__["loose"] = nn.Parameter(torch.ones(2))   # not registered
            self.bias = None

    seen = tc.build_and_inspect(tc.layer(Good), "weight", "plain", "loose", "bias", "nothing")
    tc.check_parameter(seen, "weight", (2, 3))
    assert seen["attrs"]["bias"]["kind"] == "none" and seen["parameters"] == [["weight", [2, 3]]]
    with pytest.raises(CheckFailed, match="wrong shape"):
        tc.check_parameter(seen, "weight", (3, 2))
    with pytest.raises(CheckFailed, match="should be an nn.Parameter"):
        tc.check_parameter(seen, "plain", (2,))
    with pytest.raises(CheckFailed, match="not registered"):
        tc.check_parameter(seen, "loose", (2,))
    with pytest.raises(CheckFailed, match="no parameter `nothing`"):
        tc.check_parameter(seen, "nothing", (2,))

    class Broken(nn.Module):
        def __init__(self, n):
            super().__init__()
            raise TypeError("no idea")

    with pytest.raises(CheckFailed, match=r"Broken\(3\) raised TypeError when it was created: no idea"):
        tc.build_and_inspect(tc.layer(Broken, 3))


def test_the_layer_is_built_under_the_given_seed():
    a = tc.build_and_inspect(tc.layer(nn.Linear, 4, 4, seed=3), "weight")["attrs"]["weight"]["value"]
    b = tc.build_and_inspect(tc.layer(nn.Linear, 4, 4, seed=3), "weight")["attrs"]["weight"]["value"]
    c = tc.build_and_inspect(tc.layer(nn.Linear, 4, 4, seed=4), "weight")["attrs"]["weight"]["value"]
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_dropout_run_reports_what_the_layer_did():
    seen = tc.dropout_run(nn.Dropout, 0.5, torch.ones(1000), seed=0)
    assert 400 < int((seen["y"] == 0).sum()) < 600 and torch.equal(seen["z"], torch.ones(1000))
    assert torch.allclose(seen["grad"], seen["y"])
    with pytest.raises(CheckFailed, match="your answer calls F.dropout"):
        tc.dropout_run(nn.Dropout, 0.5, torch.ones(10), seed=0, forbidden=["F.dropout"])


def test_dropout_run_without_p_builds_the_layer_without_arguments():
    built = []

    class Spy(nn.Dropout):
        def __init__(self, *args):
            built.append(args)
            super().__init__(*args)

    seen = tc.dropout_run(Spy, None, torch.ones(2000), seed=0)
    assert built == [()] and 800 < int((seen["y"] == 0).sum()) < 1200      # nn.Dropout's default p=0.5

    class NeedsP(nn.Module):
        def __init__(self, p):       # no default for p
            super().__init__()

    with pytest.raises(CheckFailed, match=re.escape("NeedsP() raised TypeError when it was created")):
        tc.dropout_run(NeedsP, None, torch.ones(3), seed=0)


# ---------------------------------------------------------------- inside an @exercise run (answers are Refs)

def test_an_exercise_with_a_correct_layer_passes(capsys):
    ns = notebook(LINEAR)
    run_cell(LINEAR_TEST, ns)
    assert "✔ q1 passed the visible and hidden tests" in capsys.readouterr().out


def test_a_visible_failure_shows_values_and_a_hidden_one_does_not():
    wrong_everywhere = LINEAR.replace("y = x @ self.weight.T", "y = x @ self.weight.T * 1.5")
    msg = failure(notebook(wrong_everywhere), LINEAR_TEST)
    assert msg.startswith("q1: the output of Linear(5, 3): different from the reference") and "largest difference" in msg
    # right on the visible shapes, wrong on the hidden one (3-D input)
    wrong_hidden = LINEAR.replace("y = x @ self.weight.T", "y = x @ self.weight.T * (1 if x.dim() == 2 else 2)")
    msg = failure(notebook(wrong_hidden), LINEAR_TEST)
    assert msg.startswith("q1: failed a hidden test: the output of your Linear: different from the reference")
    assert not re.search(r"\d", msg.replace("q1", ""))


def test_forbidden_call_at_run_time_through_a_helper_cell():
    helper = "def project(x, w, b):\n    return F.linear(x, w, b)\n"
    sneaky = LINEAR.replace("y = x @ self.weight.T\n        return y if self.bias is None else y + self.bias",
                            "return project(x, self.weight, self.bias)")
    msg = failure(notebook(helper, sneaky), LINEAR_TEST)
    assert "your answer calls F.linear" in msg


def test_an_exception_names_the_line_of_the_students_code():
    broken = LINEAR.replace("y = x @ self.weight.T", "y = x @ self.weight")
    msg = failure(notebook(broken), LINEAR_TEST)
    assert "Linear(5, 3) raised RuntimeError in the forward pass (inputs of shape (4, 5))" in msg
    assert "(line 2 of forward: `y = x @ self.weight`)" in msg


def test_a_missing_or_wrong_kind_of_answer():
    assert "`Linear` is not defined" in failure(notebook(), LINEAR_TEST)
    assert "should be a subclass of nn.Module" in failure(notebook("class Linear:\n    pass\n"), LINEAR_TEST)


# ---------------------------------------------------------------- source (static checks)

CELL = '''
import torch.nn.functional as F


class Linear(nn.Module):
    """A docstring
    on two lines."""

    def __init__(self, a, b):
        super(Linear, self).__init__()   # a comment
        # only a comment
        self.w = nn.Parameter(torch.randn(b, a))

    def forward(self, x):
        return F.linear(x, self.w)
'''

SOURCE_TEST = '''
from workbook.checks import exercise
from workbook.checks.pytorch import check_no_calls


@exercise("q1")
def test_source({name}: callable):
    check_no_calls({name}, {forbidden!r})
    ### BEGIN HIDDEN TESTS
    ### END HIDDEN TESTS
'''


def test_check_no_calls():
    fb = {"linear": "F.linear", "Linear": "nn.Linear"}
    msg = failure(notebook(CELL), SOURCE_TEST.format(name="Linear", forbidden=fb))
    assert re.search(r"uses F.linear \(line 15 of the cell that defines `Linear`", msg)
    run_cell(SOURCE_TEST.format(name="Linear", forbidden=fb),
             notebook("class Linear(nn.Module):\n    def forward(self, x):\n        return x @ self.w.T\n"))
    sm = {"softmax": "softmax"}
    imported = "def f(x):\n    from torch.nn.functional import softmax\n    return softmax(x, -1)\n"
    assert "uses softmax" in failure(notebook(imported), SOURCE_TEST.format(name="f", forbidden=sm))
    own = ("def f(x):\n    def softmax(s):\n        e = torch.exp(s - s.max())\n        return e / e.sum()\n"
           "    return softmax(x)\n")
    run_cell(SOURCE_TEST.format(name="f", forbidden=sm), notebook(own))
    method = "def f(x):\n    return x.softmax(-1)\n"
    assert "uses softmax" in failure(notebook(method), SOURCE_TEST.format(name="f", forbidden=sm))


def test_every_definition_of_the_answer_is_checked():
    sm = {"softmax": "softmax"}
    clean = "def f(x):\n    e = x.exp()\n    return e / e.sum()\n"
    # an old attempt left in the notebook counts: the question says so
    ns = notebook("def f(x):\n    return F.softmax(x, -1)\n", clean)
    assert "uses softmax (line 2 of the cell that defines `f`)" in failure(ns, SOURCE_TEST.format(name="f", forbidden=sm))
    # a decoy definition followed by an import of the library's function
    decoy = clean + "from torch.nn.functional import softmax as f\n"
    assert "uses softmax" in failure(notebook(decoy), SOURCE_TEST.format(name="f", forbidden=sm))
    # ... or hidden in a block that never runs
    hidden = "from torch.nn.functional import softmax as f\nif False:\n" + "".join("    " + line + "\n" for line in clean.splitlines())
    assert "uses softmax" in failure(notebook(hidden), SOURCE_TEST.format(name="f", forbidden=sm))


def test_a_helper_or_alias_in_another_cell_is_checked():
    sm = {"softmax": "softmax"}
    helper = "norm = torch.softmax\n"
    answer = "def f(x):\n    return norm(x, -1)\n"
    assert "uses softmax (line 1 of the cell that defines `norm`)" in \
        failure(notebook(helper, answer), SOURCE_TEST.format(name="f", forbidden=sm))
    imported = "from torch import softmax as norm\n"
    assert "uses softmax" in failure(notebook(imported, answer), SOURCE_TEST.format(name="f", forbidden=sm))
    # a local variable that happens to share a top-level name is not a use of it
    scratch = "out = torch.softmax(torch.zeros(3), 0)\n"
    local = "def f(x):\n    out = x.exp()\n    return out / out.sum()\n"
    run_cell(SOURCE_TEST.format(name="f", forbidden=sm), notebook(scratch, local))


def test_an_answer_imported_from_a_file_the_student_wrote_fails(tmp_path, monkeypatch):
    sm = {"softmax": "softmax"}
    (tmp_path / "mysoftmax.py").write_text("import torch\n\ndef f(x):\n    return torch.softmax(x, -1)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    decoy = "def f(x):\n    e = x.exp()\n    return e / e.sum()\n"
    msg = failure(notebook(decoy + "from mysoftmax import f\n"), SOURCE_TEST.format(name="f", forbidden=sm))
    assert "imports code the grader cannot read (`mysoftmax`" in msg
    run_cell(SOURCE_TEST.format(name="f", forbidden=sm), notebook("from math import exp\n" + decoy))
    # a relative import, and a file that shadows a library (numpy has no `f`)
    from workbook.checks.source import unreadable_imports
    import ast
    assert unreadable_imports(ast.parse("from .mysoftmax import f").body[0]) == [(".mysoftmax", 1)]
    assert unreadable_imports(ast.parse("from numpy import f").body[0]) == [("numpy.f", 1)]
    assert unreadable_imports(ast.parse("from numpy import exp\nimport torch.nn as nn").body[0]) == []


def test_reaching_a_function_dynamically_fails():
    sm = {"softmax": "softmax"}
    for body in ("return getattr(torch, 'soft' + 'max')(x, -1)", "return eval('torch.softmax')(x, -1)",
                 "return vars(torch)['softmax'](x, -1)", "return __import__('torch').softmax(x, -1)"):
        msg = failure(notebook(f"def f(x):\n    {body}\n"), SOURCE_TEST.format(name="f", forbidden=sm))
        assert "reaches code in a way the grader cannot follow" in msg or "uses softmax" in msg, body
    msg = failure(notebook("def f(x):\n    return getattr(torch, 'softmax')(x, -1)\n"),
                  SOURCE_TEST.format(name="f", forbidden=sm))
    assert "uses softmax" in msg


def test_check_uses():
    test = '''
from workbook.checks import exercise
from workbook.checks.pytorch import check_uses


@exercise("q6")
def test_uses(f: callable):
    check_uses(f, {"unfold": "unfold", "Unfold": "nn.Unfold"})
    ### BEGIN HIDDEN TESTS
    ### END HIDDEN TESTS
'''
    run_cell(test, notebook("def f(x):\n    return F.unfold(x, 3)\n"))
    assert "should use unfold or nn.Unfold" in failure(notebook("def f(x):\n    return x\n"), test)


def test_count_code_lines():
    assert tc.count_code_lines(CELL) == 7
    assert tc.count_code_lines("x = 1\n\n# c\n   \ny = (1,\n     2)\n") == 3
    assert tc.count_code_lines('s = """a\nb\nc"""\n') == 3   # a string that is not a docstring counts
    assert tc.count_code_lines("def f():\n    '''doc'''\n    return 1\n") == 2


LIMIT_TEST = '''
from workbook.checks import exercise
from workbook.checks.pytorch import check_line_limit


@exercise("q15")
def test_limit(f: callable):
    print("lines:", check_line_limit(f, 50{whole}))
    ### BEGIN HIDDEN TESTS
    ### END HIDDEN TESTS
'''


def test_check_line_limit_counts_the_whole_cell(capsys):
    body = "def f(x):\n" + "".join(f"    x = x + {i}\n" for i in range(10)) + "    return x\n"
    run_cell(LIMIT_TEST.format(whole=""), notebook(body))
    assert "lines: 12" in capsys.readouterr().out
    helper = "".join(f"h{i} = {i}\n" for i in range(45))
    assert "57 lines of code" in failure(notebook(helper + body), LIMIT_TEST.format(whole=""))
    run_cell(LIMIT_TEST.format(whole=", whole_cell=False"), notebook(helper + body))
    assert "lines: 12" in capsys.readouterr().out


def test_check_line_limit_counts_the_code_the_answer_uses_from_other_cells():
    impl = "def _impl(x):\n" + "".join(f"    x = x + {i}\n" for i in range(55)) + "    return x\n"
    short = "import math\n\ndef f(x):\n    return _impl(x)\n"
    msg = failure(notebook(impl, short), LIMIT_TEST.format(whole=""))
    assert "60 lines of code in 2 cells" in msg


# ---------------------------------------------------------------- training loops

def _fit(zero=True, evaluate=True, no_grad=True):
    import contextlib

    def fit(model, train, val, opt, loss_fn, epochs):
        history = []
        for _ in range(epochs):
            model.train()
            for xb, yb in train:
                if zero:
                    opt.zero_grad()
                loss_fn(model(xb), yb).backward()
                opt.step()
            if evaluate:
                model.eval()
            with torch.no_grad() if no_grad else contextlib.nullcontext():
                correct = sum(int((model(xb).argmax(-1) == yb).sum()) for xb, yb in val)
            history.append(correct / 10)
        return history
    return fit


@pytest.mark.parametrize("kwargs, message", [
    ({}, None),
    ({"zero": False}, "zero_grad"),
    ({"evaluate": False}, "model.eval()"),
    ({"no_grad": False}, "no_grad"),
])
def test_fit_run_and_check_training(kwargs, message):
    from workbook.data.synthetic import make_moons
    X, y = make_moons(n=40, seed=0)
    seen = tc.fit_run(_fit(**kwargs), X, y, cut=30, seed=0, epochs=2, batch_size=8)
    assert len(seen["history"]) == 2 and seen["n_train_batches"] == 4
    model = tc.moons_mlp()
    model.load_state_dict(seen["state"])   # the trained weights come back
    if message is None:
        tc.check_training(seen["events"], n_train_batches=4, epochs=2)
    else:
        with pytest.raises(CheckFailed, match=re.escape(message)):
            tc.check_training(seen["events"], n_train_batches=4, epochs=2)


def test_model_zero_grad_counts_as_zero_grad():
    """model.zero_grad() clears the same gradients as optimizer.zero_grad()."""
    from workbook.data.synthetic import make_moons

    def fit(model, train, val, opt, loss_fn, epochs):
        for _ in range(epochs):
            model.train()
            for xb, yb in train:
                model.zero_grad()
                loss_fn(model(xb), yb).backward()
                opt.step()
            model.eval()
            with torch.no_grad():
                correct = sum(int((model(xb).argmax(-1) == yb).sum()) for xb, yb in val)
        return [correct / 10] * epochs

    X, y = make_moons(n=40, seed=0)
    seen = tc.fit_run(fit, X, y, cut=30, seed=0, epochs=2, batch_size=8)
    tc.check_training(seen["events"], n_train_batches=4, epochs=2)


def test_check_training_does_not_trust_malformed_events():
    with pytest.raises(CheckFailed, match="could not be observed"):
        tc.check_training("all good", n_train_batches=1, epochs=1)
    with pytest.raises(CheckFailed, match="forward passes"):
        tc.check_training([], n_train_batches=1, epochs=1)


def test_fit_that_raises():
    def fit(*args):
        raise KeyError("oops")

    from workbook.data.synthetic import make_moons
    X, y = make_moons(n=20, seed=0)
    with pytest.raises(CheckFailed, match="raised KeyError while training"):
        tc.fit_run(fit, X, y, cut=15, seed=0, epochs=1, batch_size=8)


# ---------------------------------------------------------------- frames

def test_check_frame():
    a = pd.DataFrame({"x": [1.0, 2.0], "c": ["a", None]}, index=[5, 6])
    tc.check_frame(a.copy(), a)
    with pytest.raises(CheckFailed, match="wrong columns"):
        tc.check_frame(a[["c", "x"]], a)
    b = a.copy()
    b.loc[6, "x"] = 2.5
    with pytest.raises(CheckFailed, match="column 'x' .* row 6"):
        tc.check_frame(b, a)
    with pytest.raises(CheckFailed, match="index"):
        tc.check_frame(a.reset_index(drop=True), a)
    with pytest.raises(CheckFailed, match="should be a pandas DataFrame"):
        tc.check_frame(a.to_dict(), a)


def test_call_with_args_sees_a_changed_argument():
    def scale(df, cols):
        df[cols] = df[cols] * 2      # changes its input
        return df

    a = pd.DataFrame({"x": [1.0, 2.0]})
    result, after = tc.call_with_args(scale, a, ["x"])
    assert after[0]["x"].tolist() == [2.0, 4.0] and a["x"].tolist() == [1.0, 2.0]


def test_calls_run_reports_each_result_and_the_arguments_after_the_call():
    def shift(z, y):
        z -= z.amax(dim=1, keepdim=True)     # changes its first argument in place
        return z.sum(), [1, 2]

    z, y = torch.tensor([[1.0, 3.0]]), torch.tensor([1])
    first, second = tc.calls_run(shift, [(z, y), (z * 2, y)])
    assert z.tolist() == [[1.0, 3.0]]                       # each call got its own copies
    assert first["args_after"][0].tolist() == [[-2.0, 0.0]] and torch.equal(first["args_after"][1], y)
    assert first["items"][0].item() == -2.0 and first["items"][1] is None
    assert first["item_types"][1][0].endswith("list") and second["args_after"][0].tolist() == [[-4.0, 0.0]]


def test_calls_run_a_result_that_is_not_a_pair_and_an_exception():
    assert tc.calls_run(lambda z: z * 2, [(torch.ones(2),)])[0]["items"] is None
    calls = []

    def second_fails(z):
        calls.append(z)
        if len(calls) == 2:
            raise ZeroDivisionError("no rows")
        return z, z

    with pytest.raises(CheckFailed, match=r"second_fails raised ZeroDivisionError \(inputs of shape \(3, 4\)\): no rows"):
        tc.calls_run(second_fails, [(torch.ones(2),), (torch.ones(3, 4),), (torch.ones(5),)])
    assert len(calls) == 2                                     # stops at the first exception


def test_data_generators_are_deterministic():
    from workbook.data.reviews import make_reviews
    from workbook.data.synthetic import customers_frame, make_moons
    assert make_reviews(10, seed=3) == make_reviews(10, seed=3) != make_reviews(10, seed=4)
    X1, y1 = make_moons(50, seed=1)
    X2, y2 = make_moons(50, seed=1)
    assert torch.equal(X1, X2) and torch.equal(y1, y2) and X1.dtype == torch.float32
    df = customers_frame(30, seed=2)
    assert df.equals(customers_frame(30, seed=2)) and df["age"].isna().any() and df["region"].isna().any()
