"""workbook/checks/kernel.py: the kernel's side of the probe protocol. Each
test: a namespace (the student's), one request, the reply as plain data."""
from __future__ import annotations

import json

import pytest

from workbook.checks import kernel, wire


@pytest.fixture
def student():
    def top_ips(n):
        if n < 0:
            raise ValueError("n must be at least 0")
        return ["10.0.0.1", "10.0.0.2"][:n]

    class Model:
        pass
    return {"top_ips": top_ips, "q1_answer": "SELECT 1", "Model": Model, "__name__": "__main__"}


def serve(ns, **req):
    return json.loads(kernel.serve(json.dumps(req), ns))


def test_lookup_returns_data_or_a_handle(student):
    assert wire.decode(serve(student, op="lookup", name="q1_answer")["value"]) == "SELECT 1"
    handle = serve(student, op="lookup", name="top_ips")["value"]
    assert handle["$"] == "handle" and isinstance(handle["id"], int)
    assert serve(student, op="lookup", name="nothing") == {"missing": True}


def test_call_runs_the_answer_with_plain_arguments(student):
    ref = serve(student, op="lookup", name="top_ips")["value"]
    out = serve(student, op="call", target={"id": ref["id"]}, args=[1])
    assert wire.decode(out["value"]) == ["10.0.0.1"]


def test_what_the_answer_raised_comes_back_as_data(student):
    ref = serve(student, op="lookup", name="top_ips")["value"]
    out = serve(student, op="call", target={"id": ref["id"]}, args=[-1])
    assert out["raised"]["type"] == "ValueError" and "at least 0" in out["raised"]["message"]
    assert "builtins.ValueError" in out["raised"]["mro"]


def test_describe_names_a_class_and_its_bases(student):
    ref = serve(student, op="lookup", name="Model")["value"]
    d = serve(student, op="describe", target={"id": ref["id"]})["value"]
    assert d["class"] is True and d["class_mro"][-1] == "builtins.object"


def test_a_probe_runs_from_the_source_sent_with_it(student):
    src = "def count(xs):\n    return len(xs)\n"
    assert wire.decode(serve(student, op="probe", source=src, name="count", args=[[1, 2, 3]])["value"]) == 3


@pytest.mark.parametrize("req", [{"op": "nonsense"}, {"op": "call", "target": {"id": 10 ** 9}}, {"op": "probe"}])
def test_a_malformed_request_is_an_error_reply(student, req):
    out = serve(student, **req)
    assert set(out) == {"error"}
