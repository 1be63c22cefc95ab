"""Unit tests of workbook.torchcheck (fast: no notebook runs)."""
from __future__ import annotations

import linecache
import math

import pandas as pd
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from workbook.checks import CheckFailed
from workbook import torchcheck as tc


def define(code: str, name: str, filename: str = "/tmp/ipykernel_test/cell_1.py"):
    """Define ``name`` from ``code`` as a notebook cell would (ipykernel puts
    every cell's text in linecache under a made-up file name)."""
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    ns = {"torch": torch, "nn": nn, "F": F, "math": math, "__name__": "__main__"}
    exec(compile(code, filename, "exec"), ns)
    return ns[name]


# ---------------------------------------------------------------- tensors

def test_check_close_passes_and_names_the_difference():
    a = torch.arange(6.0).view(2, 3)
    tc.check_close("q1", a.clone(), a)
    b = a.clone()
    b[1, 2] += 0.5
    with pytest.raises(CheckFailed) as e:
        tc.check_close("q1", b, a, what="output of MyLayer")
    msg = str(e.value)
    assert "q1: the output of MyLayer differs" in msg
    assert "(1, 2)" in msg and "0.5" in msg and "1 of 6 elements" in msg


def test_check_close_shape_dtype_type_and_nan():
    a = torch.zeros(2, 3)
    with pytest.raises(CheckFailed, match="wrong shape of the output"):
        tc.check_close("q", torch.zeros(3, 2), a)
    with pytest.raises(CheckFailed, match="wrong dtype"):
        tc.check_close("q", torch.zeros(2, 3, dtype=torch.float64), a)
    with pytest.raises(CheckFailed, match="should be a torch.Tensor"):
        tc.check_close("q", [[0, 0, 0]] * 2, a)
    with pytest.raises(CheckFailed, match="NaN"):
        tc.check_close("q", torch.full((2, 3), float("nan")), a)


def test_float32_tolerance_is_the_default():
    a = torch.ones(4)
    tc.check_close("q", a + 1e-6, a)
    with pytest.raises(CheckFailed):
        tc.check_close("q", a + 1e-4, a)


def test_check_grad_missing():
    t = torch.ones(3, requires_grad=True)
    with pytest.raises(CheckFailed, match="None after backward"):
        tc.check_grad("q", t, torch.ones(3), what="gradient of weight")


def test_compare_checks_output_and_gradients():
    x = torch.randn(3, 4)
    tc.compare("q", lambda t: t.sin() * 2, lambda t: 2 * torch.sin(t), [x])
    # same output, wrong gradient (detached)
    with pytest.raises(CheckFailed, match="does not require grad"):
        tc.compare("q", lambda t: (t.sin() * 2).detach(), lambda t: 2 * torch.sin(t), [x])

    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            return t.sin()

        @staticmethod
        def backward(ctx, g):
            return g  # should be g * cos

    with pytest.raises(CheckFailed, match="gradient with respect to x"):
        tc.compare("q", Wrong.apply, torch.sin, [x], input_names=["x"])


def test_compare_param_gradients_and_forbidden_only_for_the_answer():
    torch.manual_seed(0)
    ref = nn.Linear(3, 2)
    mine_w = nn.Parameter(ref.weight.detach().clone())
    mine_b = nn.Parameter(ref.bias.detach().clone())
    x = torch.randn(5, 3)
    # the reference may call F.linear while the answer may not
    tc.compare("q", lambda t: t @ mine_w.T + mine_b, ref, [x],
               params=[("weight", mine_w, ref.weight), ("bias", mine_b, ref.bias)],
               forbidden=[(F, "linear", "F.linear")])
    with pytest.raises(CheckFailed, match="your answer calls F.linear"):
        tc.compare("q", lambda t: F.linear(t, mine_w, mine_b), ref, [x], forbidden=[(F, "linear", "F.linear")])
    assert F.linear is torch.nn.functional.linear and "blocked" not in F.linear.__name__


def test_answer_exception_becomes_a_message():
    def broken(t):
        raise ValueError("boom")
    with pytest.raises(CheckFailed, match="raised ValueError: boom"):
        tc.compare("q", broken, torch.sin, [torch.ones(2)])


def test_failure_messages_do_not_show_the_reference():
    secret = "def reference_impl(t):\n    return torch.tanh(t) * 3.25\n"
    ref = define(secret, "reference_impl", "/tmp/ipykernel_test/secret.py")
    with pytest.raises(CheckFailed) as e:
        tc.compare("q", torch.tanh, ref, [torch.randn(4)])
    msg = str(e.value)
    assert "tanh" not in msg and "3.25" not in msg and "reference_impl" not in msg


def test_check_uniform_init():
    torch.manual_seed(0)
    bound = 1 / math.sqrt(300)
    tc.check_uniform_init("q", torch.empty(200, 300).uniform_(-bound, bound), bound)
    with pytest.raises(CheckFailed, match="within"):
        tc.check_uniform_init("q", torch.randn(200, 300), bound)
    with pytest.raises(CheckFailed, match="standard deviation"):
        tc.check_uniform_init("q", torch.randn(200, 300).clamp(-bound, bound), bound)
    with pytest.raises(CheckFailed, match="only reaches"):
        tc.check_uniform_init("q", torch.zeros(10, 10), bound)


def test_module_helpers():
    class Good(nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(2, 3))
            self.plain = torch.ones(2)

    with pytest.raises(CheckFailed, match="not defined"):
        tc.check_module_class("q", {}, "Linear")
    with pytest.raises(CheckFailed, match="subclasses torch.nn.Module"):
        tc.check_module_class("q", {"Linear": 3}, "Linear")
    m = tc.make("q", tc.check_module_class("q", {"Good": Good}, "Good"))
    tc.check_parameter("q", m, "weight", (2, 3))
    with pytest.raises(CheckFailed, match="wrong shape"):
        tc.check_parameter("q", m, "weight", (3, 2))
    with pytest.raises(CheckFailed, match="should be an nn.Parameter"):
        tc.check_parameter("q", m, "plain", (2,))
    with pytest.raises(CheckFailed, match="no attribute"):
        tc.check_parameter("q", m, "bias", (2,))


# ---------------------------------------------------------------- source

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


def test_source_of_a_class_defined_in_a_cell():
    cls = define(CELL, "Linear", "/tmp/ipykernel_test/cell_2.py")
    src = tc.source_of(cls)
    assert src.startswith("class Linear(nn.Module):") and "F.linear" in src
    assert "import torch.nn.functional" in tc.cell_source(cls)


def test_check_no_calls():
    cls = define(CELL, "Linear", "/tmp/ipykernel_test/cell_3.py")
    with pytest.raises(CheckFailed, match=r"uses F.linear \(line 11"):
        tc.check_no_calls("q1", cls, {"linear": "F.linear", "Linear": "nn.Linear"})
    ok = define("class Linear(nn.Module):\n    def forward(self, x):\n        return x @ self.w.T\n",
                "Linear", "/tmp/ipykernel_test/cell_4.py")
    tc.check_no_calls("q1", ok, {"linear": "F.linear", "Linear": "nn.Linear"})
    imported = define("def f(x):\n    from torch.nn.functional import softmax\n    return softmax(x, -1)\n",
                      "f", "/tmp/ipykernel_test/cell_5.py")
    with pytest.raises(CheckFailed, match="uses softmax"):
        tc.check_no_calls("q4", imported, {"softmax": "softmax"})
    own = define("def f(x):\n    def softmax(s):\n        e = torch.exp(s - s.max())\n        return e / e.sum()\n"
                 "    return softmax(x)\n", "f", "/tmp/ipykernel_test/cell_6.py")
    tc.check_no_calls("q4", own, {"softmax": "softmax"})
    method = define("def f(x):\n    return x.softmax(-1)\n", "f", "/tmp/ipykernel_test/cell_7.py")
    with pytest.raises(CheckFailed):
        tc.check_no_calls("q4", method, {"softmax": "softmax"})


def test_check_uses():
    f = define("def f(x):\n    return F.unfold(x, 3)\n", "f", "/tmp/ipykernel_test/cell_8.py")
    tc.check_uses("q6", f, {"unfold": "unfold"})
    g = define("def g(x):\n    return x\n", "g", "/tmp/ipykernel_test/cell_9.py")
    with pytest.raises(CheckFailed, match="should use unfold"):
        tc.check_uses("q6", g, {"unfold": "unfold"})


def test_count_code_lines():
    assert tc.count_code_lines(CELL) == 7
    assert tc.count_code_lines("x = 1\n\n# c\n   \ny = (1,\n     2)\n") == 3
    assert tc.count_code_lines('s = """a\nb\nc"""\n') == 3   # a string that is not a docstring counts
    assert tc.count_code_lines("def f():\n    '''doc'''\n    return 1\n") == 2


def test_check_line_limit_counts_the_whole_cell():
    body = "def f(x):\n" + "".join(f"    x = x + {i}\n" for i in range(10)) + "    return x\n"
    f = define(body, "f", "/tmp/ipykernel_test/cell_10.py")
    assert tc.check_line_limit("q15", f, 50) == 12
    helper = "".join(f"h{i} = {i}\n" for i in range(45))
    g = define(helper + body, "f", "/tmp/ipykernel_test/cell_11.py")
    with pytest.raises(CheckFailed, match="57 lines of code"):
        tc.check_line_limit("q15", g, 50)
    assert tc.check_line_limit("q15", g, 50, whole_cell=False) == 12


# ---------------------------------------------------------------- training loops

def _loop(model, train, val, opt, epochs, *, zero=True, evaluate=True, no_grad=True):
    import contextlib
    for _ in range(epochs):
        model.train()
        for xb, yb in train:
            if zero:
                opt.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            opt.step()
        if evaluate:
            model.eval()
        with torch.no_grad() if no_grad else contextlib.nullcontext():
            for xb, yb in val:
                model(xb)


@pytest.mark.parametrize("kwargs, message", [
    ({}, None),
    ({"zero": False}, "zero_grad"),
    ({"evaluate": False}, "model.eval()"),
    ({"no_grad": False}, "no_grad"),
])
def test_training_spy(kwargs, message):
    torch.manual_seed(0)
    X, y = torch.randn(40, 2), torch.randint(0, 2, (40,))
    model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    spy = tc.TrainingSpy(model, opt)
    tr = DataLoader(TensorDataset(X[:30], y[:30]), batch_size=8)
    va = DataLoader(TensorDataset(X[30:], y[30:]), batch_size=8)
    _loop(model, spy.loader(tr, "train"), spy.loader(va, "val"), opt, 2, **kwargs)
    if message is None:
        spy.check("q8", n_train_batches=len(tr), epochs=2)
    else:
        with pytest.raises(CheckFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
            spy.check("q8", n_train_batches=len(tr), epochs=2)


# ---------------------------------------------------------------- frames

def test_check_frame():
    a = pd.DataFrame({"x": [1.0, 2.0], "c": ["a", None]}, index=[5, 6])
    tc.check_frame("q9", a.copy(), a)
    with pytest.raises(CheckFailed, match="wrong columns"):
        tc.check_frame("q9", a[["c", "x"]], a)
    b = a.copy()
    b.loc[6, "x"] = 2.5
    with pytest.raises(CheckFailed, match="column 'x' .* row 6"):
        tc.check_frame("q9", b, a)
    with pytest.raises(CheckFailed, match="index"):
        tc.check_frame("q9", a.reset_index(drop=True), a)
    with pytest.raises(CheckFailed, match="should be a pandas DataFrame"):
        tc.check_frame("q9", a.to_dict(), a)


def test_data_generators_are_deterministic():
    from workbook.data.reviews import make_reviews
    from workbook.data.synthetic import customers_frame, make_moons
    assert make_reviews(10, seed=3) == make_reviews(10, seed=3) != make_reviews(10, seed=4)
    X1, y1 = make_moons(50, seed=1)
    X2, y2 = make_moons(50, seed=1)
    assert torch.equal(X1, X2) and torch.equal(y1, y2) and X1.dtype == torch.float32
    df = customers_frame(30, seed=2)
    assert df.equals(customers_frame(30, seed=2)) and df["age"].isna().any() and df["region"].isna().any()
