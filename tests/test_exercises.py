"""workbook/course/exercises.py: an exercise's parts (hints, alternatives,
wrong answers, equivalent mutants) in one file next to its notebook, and the
answer's language declared once, in its test's annotation."""
from __future__ import annotations

import ast
import json
import shutil

import pytest

from conftest import ASSIGNMENTS, REPO
from workbook.authoring import mutants, release
from workbook.course import exercises, layout
from workbook.course import nb as nbm


def _write(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    exercises.path(folder).write_text(text, encoding="utf-8")
    return folder


def test_parts_are_read_side_by_side(tmp_path):
    d = _write(tmp_path / "01_x", '''
def cmd(name, c):
    return f"{name} = {c!r}"

EXERCISES = {
    "q1_x": {
        "hints": ["one", "two"],
        "alternatives": [cmd("q1_x", "ls")],
        "wrong": ["q1_x = ''", {"violates": "lists", "code": cmd("q1_x", "pwd")}],
        "equivalent": [{"diff": "- a\\n+ b", "reason": "the same"}],
    },
    "q2_written": {"hints": ["three", "four"]},
}
''')
    ex = exercises.load(d)
    assert list(ex) == ["q1_x", "q2_written"]
    assert ex["q1_x"].alternatives == ("q1_x = 'ls'",)
    assert ex["q1_x"].wrong == (exercises.Wrong("q1_x = ''"), exercises.Wrong("q1_x = 'pwd'", "lists"))
    assert ex["q1_x"].equivalent == {"- a\n+ b": "the same"}
    assert exercises.hints(d) == {"q1_x": ["one", "two"], "q2_written": ["three", "four"]}
    assert exercises.load(tmp_path / "nothing") == {}


@pytest.mark.parametrize("text, says", [
    ('EXERCISES = {"q1_x": {"hint": ["typo"]}}', "exercise 'q1_x': unknown part hint"),
    ('EXERCISES = {"q1_x": {"wrong": [{"code": 1}]}}', "exercise 'q1_x': a wrong answer is"),
    ('EXERCISES = {"q1_x": {"equivalent": [{"diff": "- a"}]}}', "exercise 'q1_x': an equivalent mutant is"),
    ('EXERCISES = {"q1_x": {"hints": [1]}}', "exercise 'q1_x': every item of 'hints'"),
    ("ANSWERS = {}", "defines no EXERCISES dict"),
    ("EXERCISES = {", "cannot be read: SyntaxError"),
])
def test_a_bad_exercises_file_names_the_file_and_the_exercise(tmp_path, text, says):
    d = _write(tmp_path / "01_x", text)
    with pytest.raises(exercises.ExercisesError) as e:
        exercises.load(d)
    assert str(exercises.path(d)) in str(e.value) and says in str(e.value), str(e.value)


def test_the_release_writes_the_hints_and_leaves_the_file_out(tmp_path):
    a = "00_orientation"
    folder = tmp_path / a
    shutil.copytree(REPO / "source" / a, folder)
    release.localise(folder, a, "en")
    assert not exercises.path(folder).exists()
    assert json.loads((folder / ".hints.json").read_text(encoding="utf-8")) == exercises.hints(REPO / "source" / a)
    # nbgrader's own commands (generate_assignment, the exchange) leave it out too
    assert exercises.FILE in layout.Course.load(REPO).config.CourseDirectory.ignore


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_the_hints_and_no_answers(assignment):
    rel = REPO / "release" / assignment
    assert not (rel / exercises.FILE).exists(), "the exercises file (answers, wrong answers) was released"
    hints = json.loads((rel / ".hints.json").read_text(encoding="utf-8"))
    assert hints == exercises.hints(REPO / "source" / assignment)


@pytest.mark.parametrize("annotation, kind", [
    ("from workbook.checks.shell import Shell", "shell"), ("from workbook.checks.sql import SQL", "sql"),
    ("from workbook.checks.gitcheck import Git", "git"), ("", "python"),
])
def test_answer_kind_is_read_from_the_tests_annotation(annotation, kind):
    name = {"shell": "Shell", "sql": "SQL", "git": "Git"}.get(kind, "str")
    test = f"{annotation}\n\n@exercise('q1')\ndef test_x(q1_x: {name}):\n    pass\n"
    assert mutants.answer_kind([test], "q1_x") == kind
    assert mutants.answer_kind([test], "q2_other") == "python"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_string_answer_declares_its_language(assignment):
    """No test parameter is a bare ``str`` in the assignments of string
    answers: the kind is declared (Shell, SQL, Git), not guessed; a
    ``%%program`` answer (10_coding_test) is a Program."""
    from workbook.student.coding import parse_cell
    expected = {"01_shell": "shell", "02_sql": "sql", "06_git": "git"}.get(assignment)
    for p in layout.notebooks(REPO, assignment):
        nb = nbm.read(p)
        for ex in nbm.exercises(nb):
            if not ex.autograded:
                continue
            code = nbm.solution_code(nb.cells[ex.answer_index].source)
            if parse_cell(code) is not None:
                assert mutants.answer_kind([nb.cells[t].source for t in ex.test_indices], ex.grade_id) == "program"
                continue
            tree = ast.parse(code)
            a_string = bool(tree.body) and all(isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
                                               and isinstance(n.value.value, str) for n in tree.body)
            kind = mutants.answer_kind([nb.cells[t].source for t in ex.test_indices], ex.grade_id)
            if expected:
                assert kind == (expected if a_string else "python"), (ex.grade_id, kind)


def test_the_points_that_rest_on_the_students_process_are_one_figure_in_the_docs():
    """docs/trust.md's table is the exercises' own ``observed`` declarations
    (source/<a>/exercises.py), each with its test cell's points, and the
    figure README.md and docs/trust.md give is their sum."""
    import re
    rows = exercises.observed(REPO)
    total = f"{sum(r.points for r in rows):g}"
    assert rows and all(r.points > 0 for r in rows)
    trust = (REPO / "docs" / "trust.md").read_text(encoding="utf-8")
    table = exercises.observed_table(rows)
    assert table in trust, "docs/trust.md's table should read (from the exercises' declarations):\n" + table
    assert len(re.findall(r"^\| \d\d q\d+[a-z]? ", trust, flags=re.M)) == len(rows), "a row of docs/trust.md's table " \
        "is declared by no exercise (an 'observed' part in its exercises.py)"
    assert re.findall(r"That is (\d+) of the course's autograded points", trust) == [total]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"observation from the student's process \((\d+) points", readme) == [total]


def test_an_observed_declaration_names_what_the_table_shows(tmp_path):
    d = _write(tmp_path / "source" / "01_x", 'EXERCISES = {"q1_x": {"observed": {"name": "`x`"}}}')
    with pytest.raises(exercises.ExercisesError, match="exercise 'q1_x': 'observed' is"):
        exercises.load(d)


@pytest.mark.parametrize("observes, observed, refused", [
    (True, False, "says @exercise(observes=...) but"),
    (False, True, "declares 'observed' but none of its test cells has @exercise(..., observes=...)"),
])
def test_an_observation_is_declared_in_its_test_cell_and_its_exercises_file_or_refused(tmp_path, observes, observed,
                                                                                         refused):
    """What the kernel reports is the test cell's ``observes=`` (it decides the scoring); the exercises file adds
    the table's name and why forging costs as much as solving. One without the other is an authoring error."""
    from workbook.authoring import textform
    from workbook.course import nb as nbm
    decorator = '@exercise("q1", observes="the files it wrote")' if observes else '@exercise("q1")'
    source = (f"# %% answer q1_x\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n"
              f"# %% tests test_q1_x points=2\nfrom workbook.checks import exercise\n\n\n{decorator}\n"
              "def test_x(x: int):\n    pass\n")
    folder = tmp_path / "source" / "01_x"
    folder.mkdir(parents=True)
    nbm.write(textform.txt_to_nb(source), folder / "01_x.ipynb")
    part = '{"observed": {"name": "`x`", "forging": "x is the answer"}}' if observed else "{}"
    _write(folder, f'EXERCISES = {{"q1_x": {part}}}')
    with pytest.raises(exercises.ExercisesError, match=refused.replace("(", r"\(").replace(")", r"\)")
                       .replace(".", r"\.")):
        exercises.observed(tmp_path)
    # both: one row, its report from the test cell
    nbm.write(textform.txt_to_nb(source.replace('@exercise("q1")', '@exercise("q1", observes="the files it wrote")')),
              folder / "01_x.ipynb")
    _write(folder, 'EXERCISES = {"q1_x": {"observed": {"name": "`x`", "forging": "x is the answer"}}}')
    (row,) = exercises.observed(tmp_path)
    assert (row.points, row.reports, row.forging) == (2.0, "the files it wrote", "x is the answer")


def test_an_exercise_split_over_test_cells_counts_the_points_of_the_cells_that_observe_only(tmp_path):
    """03 q14b: one answer cell, a test cell per function; the one that checks data (prepare) observes nothing,
    so its point rests on no observation from the student's process."""
    from workbook.authoring import textform
    from workbook.course import nb as nbm
    source = ("# %% answer q1_x\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n"
              "# %% tests test_q1_x_data points=1\nfrom workbook.checks import exercise\n\n\n@exercise(\"q1\")\n"
              "def test_x(x: int):\n    pass\n"
              "# %% tests test_q1_x_spy points=2\nfrom workbook.checks import exercise\n\n\n"
              "@exercise(\"q1\", observes=\"what a spy saw\")\ndef test_y(x: int):\n    pass\n")
    folder = tmp_path / "source" / "01_x"
    folder.mkdir(parents=True)
    nbm.write(textform.txt_to_nb(source), folder / "01_x.ipynb")
    _write(folder, 'EXERCISES = {"q1_x": {"observed": {"name": "`x`", "forging": "x is the answer"}}}')
    (row,) = exercises.observed(tmp_path)
    assert (row.points, row.reports) == (2.0, "what a spy saw")
