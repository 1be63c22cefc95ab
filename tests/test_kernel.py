"""workbook/checks/kernel.py: the kernel's side of the probe protocol. Each
test: a namespace (the student's), one request, the reply as plain data."""
from __future__ import annotations

import json
import sqlite3

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


def test_a_hidden_seeds_database_goes_into_the_kernel_once_and_is_not_built_there(tmp_path, monkeypatch):
    """The judge sends the file a generated connection reads (02's hidden-seed
    database) with the first request of a kernel that names it, and only
    then: the kernel puts it in its cache and its recipe opens it instead of
    generating the shop again. A public seed's file (the kernel has it) and a
    name the kernel asks for are never sent; a name with a path is refused."""
    from workbook import data
    from workbook.data import shop
    from workbook.grading.judge import KernelChannel
    seed = 97531
    judge_dir = tmp_path / "judge"
    with data.writing_to(judge_dir):
        shop.build_db(seed)
        shop.build_db(0)
        recipe = {"$": "gen", "module": "workbook.data.shop", "name": "connect", "args": [],
                  "kwargs": wire.encode({"seed": seed})}
        public = dict(recipe, kwargs=wire.encode({"seed": 0}))
        req = {"op": "call", "target": {"$": "handle", "name": "count"}, "args": [recipe, public], "kwargs":
               wire.encode({})}
        channel = KernelChannel(None, [], 0.0)
        files = channel._files_for(req)
        assert [f["name"] for f in files] == [shop.db_path(seed).name]
        channel.shipped.update(f["name"] for f in files)
        assert channel._files_for(req) == [], "sent twice into one kernel"
        assert KernelChannel(None, [], 0.0)._files_for({"op": "call", "files": ["secret.sqlite"]}) == []

    kernel_dir = tmp_path / "kernel"
    monkeypatch.setattr(shop, "generate", lambda *a, **k: pytest.fail("the kernel generated the shop again"))
    ns = {"count": lambda conn, _: conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]}
    with data.writing_to(kernel_dir):
        reply = json.loads(kernel.serve(json.dumps(dict(req, args=[recipe, 0], files=files)), ns))
    with data.writing_to(judge_dir):
        expected = shop.connect(seed=seed).execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    assert wire.decode(reply["value"]) == expected
    bad = [dict(files[0], name="../escape.sqlite")]
    with data.writing_to(kernel_dir):
        assert "plain file name" in json.loads(kernel.serve(json.dumps(dict(req, files=bad)), ns))["error"]
    assert not (tmp_path / "escape.sqlite").exists()


def test_a_hidden_seeds_shop_file_goes_into_the_kernel_and_is_not_built_there(tmp_path, monkeypatch):
    """03's and 07's hidden data: the path of a hidden seed's shop
    (``generated(shop.build_db, seed)``). The judge sends the file it built,
    and the kernel's build_db returns it without generating the shop again."""
    from workbook import data
    from workbook.data import shop
    from workbook.grading.judge import KernelChannel
    seed = 86421
    recipe = {"$": "gen", "module": "workbook.data.shop", "name": "build_db", "args": [seed],
              "kwargs": wire.encode({})}
    req = {"op": "call", "target": {"$": "handle", "name": "count"}, "args": [recipe], "kwargs": wire.encode({})}
    with data.writing_to(tmp_path / "judge"):
        files = KernelChannel(None, [], 0.0)._files_for(req)
        with sqlite3.connect(shop.build_db(seed)) as con:
            expected = con.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    assert [f["name"] for f in files] == [shop.db_path(seed).name]
    monkeypatch.setattr(shop, "generate", lambda *a, **k: pytest.fail("the kernel generated the shop again"))

    def count(path):
        with sqlite3.connect(path) as con:
            return con.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    with data.writing_to(tmp_path / "kernel"):
        reply = json.loads(kernel.serve(json.dumps(dict(req, files=files)), {"count": count}))
    assert wire.decode(reply["value"]) == expected


@pytest.mark.parametrize("name, kwargs", [("order_lines", {}), ("write_large_order_lines", {"copies": 2})])
def test_09s_hidden_order_lines_go_into_the_kernel_and_are_not_built_there(tmp_path, monkeypatch, name, kwargs):
    """09's hidden data (its order lines and the large CSV Spark reads) name
    the file they read: the judge sends it, and the kernel's recipe reads it
    without generating the shop or writing the CSV again."""
    from workbook import data
    from workbook.data import baskets, shop
    from workbook.grading.judge import KernelChannel
    seed = 86420
    recipe = {"$": "gen", "module": "workbook.data.baskets", "name": name, "args": [],
              "kwargs": wire.encode({"seed": seed, **kwargs})}
    req = {"op": "call", "target": {"$": "handle", "name": "rows"}, "args": [recipe], "kwargs": wire.encode({})}
    with data.writing_to(tmp_path / "judge"):
        files = KernelChannel(None, [], 0.0)._files_for(req)
        expected = len(getattr(baskets, name)(seed=seed, **kwargs) if name == "order_lines"
                       else open(baskets.write_large_order_lines(seed, **kwargs)).readlines())
    assert len(files) == 1 and files[0]["name"] in {shop.db_path(seed).name} | {
        f"order_lines_x2_seed{seed}_{shop._version()}.csv"}
    monkeypatch.setattr(shop, "generate", lambda *a, **k: pytest.fail("the kernel generated the shop again"))
    if name == "write_large_order_lines":
        monkeypatch.setattr(baskets, "order_lines", lambda *a, **k: pytest.fail("the kernel made the CSV again"))
    ns = {"rows": lambda x: len(open(x).readlines()) if isinstance(x, str) else len(x)}
    with data.writing_to(tmp_path / "kernel"):
        reply = json.loads(kernel.serve(json.dumps(dict(req, files=files)), ns))
    assert wire.decode(reply["value"]) == expected
