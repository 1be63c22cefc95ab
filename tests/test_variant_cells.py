"""Which cells a wrong answer's in-process run executes
(mutants._cells_to_run): its own tests, the tests that can see it, and the
cells those need; not a later section's setup that nothing run reads."""
from __future__ import annotations

from types import SimpleNamespace

from workbook.authoring import mutants


def _rest(*cells):
    return [(kind, gid, SimpleNamespace(source=src)) for kind, gid, src in cells]


OWNER = {"t1": "q1_a", "t2": "q2_b", "t3": "q3_c"}


def test_own_tests_run_and_unrelated_setup_and_tests_do_not():
    rest = _rest(("tests", "t1", "assert q1_a == 1"),
                 (None, None, "playground = build('merge')"),
                 ("answer", "q2_b", "q2_b = 2"),
                 ("tests", "t2", "assert q2_b == 2"))
    assert mutants._cells_to_run("q1_a = 0", rest, OWNER, "q1_a", "q1_a = 1") == [True, False, False, False]


def test_a_later_test_that_reads_the_answer_runs_with_the_cells_it_needs():
    rest = _rest(("tests", "t1", "assert f(1) == 2"),
                 (None, None, "helper = 10"),
                 (None, None, "unrelated = expensive()"),
                 ("answer", "q2_b", "def g(x):\n    return f(x) + helper"),
                 ("tests", "t2", "assert g(1) == 12"))
    run = mutants._cells_to_run("def f(x):\n    return x", rest, OWNER, "q1_a", "def f(x):\n    return x + 1")
    assert run == [True, True, False, True, True]


def test_a_taint_passes_through_a_cell_that_binds_from_the_answer():
    rest = _rest((None, None, "table = make(q1_a)"),
                 ("tests", "t3", "assert len(table) == 3"),
                 ("tests", "t2", "assert other == 1"))
    assert mutants._cells_to_run("q1_a = 'x'", rest, OWNER, "q1_a", "q1_a = 1") == [True, True, False]


def test_a_cell_that_cannot_be_read_makes_every_cell_run():
    rest = _rest((None, None, "def broken(:"), ("tests", "t2", "assert x"))
    assert mutants._cells_to_run("q1_a = 1", rest, OWNER, "q1_a", "q1_a = 1") is None


def test_an_import_the_solution_makes_too_does_not_reach_the_cells_that_read_the_module():
    rest = _rest(("tests", "t1", "assert f(1) == 1"),
                 (None, None, "example = json.dumps({})"),
                 ("tests", "t2", "assert json.loads('1') == 1"))
    solution = "import json\ndef f(x):\n    return json.loads(str(x))"
    assert mutants._cells_to_run("import json\ndef f(x):\n    return 0", rest, OWNER, "q1_a", solution) == \
        [True, False, False]
    # an import under another name, or of another module, is a change like any other
    assert mutants._cells_to_run("import pickle as json\ndef f(x):\n    return 0", rest, OWNER, "q1_a",
                                 solution) == [True, False, True]


def test_a_functions_local_names_are_not_bound_by_the_cell_but_its_globals_are():
    reads, binds = mutants._names("import json as js\ndef f(x):\n    global seen\n    name = x\n    seen = 1\n"
                                  "    return name\nclass C:\n    size = 3\ntotal = [k for k in range(3)]")
    assert binds == {"js", "f", "seen", "C", "total"}   # k is the comprehension's own
    assert "range" in reads and not {"x", "name"} & reads


def test_a_comprehension_variable_or_a_parameter_is_not_read_from_the_notebook():
    reads, _ = mutants._names("def check(p):\n    return [q for q in p] + [helper(p)]\n"
                              "total = sum(x for x in values)")
    assert reads == {"helper", "sum", "values"}


def test_an_exercise_tests_parameters_are_read_it_takes_the_answers_by_name():
    reads, _ = mutants._names("@exercise('q1')\ndef test_f(save_artifact: callable):\n    save_artifact(1)")
    assert {"exercise", "save_artifact", "callable"} <= reads


def test_a_comprehensions_loop_variables_are_not_bound_by_the_cell_but_an_assignment_expression_is():
    # 09: a display cell's `[... for a, b in pairs]` made every later cell that names "a" (a Spark alias) see Q1
    rest = _rest((None, None, "rows = [f(q1_a, a, b) for a, b in pairs]\nlast = [(n := x) for x in q1_a]"),
                 ("tests", "t2", "assert g('a', 'b') == 1"),
                 ("tests", "t3", "assert n == 2"))
    assert mutants._cells_to_run("q1_a = [0]", rest, OWNER, "q1_a", "q1_a = [1]") == [True, False, True]


def test_a_string_is_read_only_where_a_function_can_look_the_name_up():
    reads, _ = mutants._names('if ready("basket_table", after="Question 1"):\n    x = getattr(m, "helper")\n'
                              'y = globals()["table"]\nz = report.get("app")\np = tmp / "service"\n'
                              'ok = report["stage"] == "done"')
    assert {"basket_table", "helper", "table"} <= reads
    assert not {"app", "service", "stage", "done", "Question"} & reads


def test_a_test_that_names_a_notebook_variable_only_in_a_path_or_a_key_does_not_run():
    # 07: its Dockerfile check ran for every wrong answer: "service" (a path) and "app" (a report's key)
    rest = _rest((None, None, "service = build(q1_a)\napp = serve(service)"),
                 ("tests", "t2", "report = run(tmp / 'service')\nassert report.get('app') == 200"),
                 ("tests", "t3", "assert ready('app')"))
    assert mutants._cells_to_run("q1_a = 0", rest, OWNER, "q1_a", "q1_a = 1") == [True, False, True]
