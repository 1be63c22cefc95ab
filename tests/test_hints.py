"""hint(): progressive hints stored with each assignment, never the solution."""
from __future__ import annotations

import json
import re

import pytest

from conftest import ASSIGNMENTS, REPO
from workbook.course import layout as course
from workbook.student import hints
from workbook.student.hints import HINTS_FILE
from workbook.course import exercises
from workbook.course import nb as nbm


@pytest.fixture
def hint_dir(tmp_path, monkeypatch):
    d = tmp_path / "work" / "07_demo"
    d.mkdir(parents=True)
    (d / HINTS_FILE).write_text(json.dumps({
        "q1_first": ["look at the table", "use :02d", "almost: pad and round"],
        "q2_second": ["only one"],
        "q10_tenth": ["ten"],
    }))
    monkeypatch.chdir(d)
    hints.reset()
    yield d
    hints.reset()


def test_one_more_hint_per_call_up_to_the_last(hint_dir, capsys):
    hints.hint("q1")
    out = capsys.readouterr().out
    assert "Hint 1/3: look at the table" in out and "Hint 2/3" not in out
    hints.hint("q1_first")  # the full id is the same question
    out = capsys.readouterr().out
    assert "Hint 2/3: use :02d" in out and "Hint 3/3" not in out
    hints.hint("q1")
    out = capsys.readouterr().out
    assert "Hint 3/3: almost: pad and round" in out and "last hint" in out
    hints.hint("q1")  # stays at the last one
    out = capsys.readouterr().out
    assert "Hint 3/3" in out and "Hint 4" not in out and "last hint" in out


def test_short_id_does_not_match_a_longer_number(hint_dir, capsys):
    hints.hint("q1")
    assert "q10" not in capsys.readouterr().out


def test_unknown_question_says_what_to_do(hint_dir, capsys):
    hints.hint("q7")
    out = capsys.readouterr()
    assert "No hints for 'q7'" in out.out and "Question 3" in out.out and out.err == ""


def test_hints_found_from_the_course_folder(tmp_path, monkeypatch, capsys):
    for a in ("01_a", "02_b"):
        (tmp_path / "release" / a).mkdir(parents=True)
        (tmp_path / "release" / a / HINTS_FILE).write_text(json.dumps({f"q1_{a[3:]}": [f"hint of {a}"]}))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(course, "REPO_ROOT", tmp_path)
    hints.reset()
    hints.hint("q1")
    assert "several assignments (01_a, 02_b)" in capsys.readouterr().out
    hints.hint("q1", assignment="02_b")
    assert "hint of 02_b" in capsys.readouterr().out
    hints.hint("q1_a")
    assert "hint of 01_a" in capsys.readouterr().out


def test_malformed_hints_file_is_a_clear_error(tmp_path):
    p = tmp_path / HINTS_FILE
    p.write_text('{"q1_x": "not a list"}')
    with pytest.raises(ValueError, match="hints must be an object"):
        hints.load(p)


def test_hint_button_reveals_one_more_per_click(hint_dir):
    box = hints.hint_button("q1")
    button, out = box.children
    assert "q1_first" in button.description
    for _ in range(3):
        button.click()
    assert button.disabled and "No more hints" in button.description
    assert hints.hint_button("q9").value.startswith("<i>No hints")


# --- every assignment: a hints file covering every exercise, without its solution

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_hints_cover_every_exercise_without_solutions(assignment):
    data = exercises.hints(REPO / "source" / assignment)
    names, secrets, public = set(), [], set()
    for p in course.notebooks(REPO, assignment):
        for cell in nbm.read(p).cells:
            k = nbm.kind(cell)
            if k != "manual":  # what the release shows anyway (worked examples, visible tests)
                outside = nbm._strip_region(nbm._strip_region(cell.source, nbm.BEGIN_SOLUTION, nbm.END_SOLUTION)[0],
                                            nbm.BEGIN_HIDDEN, nbm.END_HIDDEN)[0]
                public.update(re.sub(r"\s+#.*$", "", line).strip() for line in outside.splitlines())
            if k in ("answer", "manual"):
                names.add(nbm.meta(cell)["grade_id"])
            if k == "answer":
                secrets += nbm.distinctive_lines(nbm.solution_lines(cell.source))
            if k == "tests":
                secrets += nbm.distinctive_lines(nbm.hidden_lines(cell.source))
            if k == "manual":
                secrets += nbm.distinctive_lines(nbm.manual_answer_text(cell.source).splitlines(), 25)
    assert sorted(names - set(data)) == [], "exercises without hints"
    assert sorted(set(data) - names) == [], "hints for questions that do not exist"
    short = [k for k, v in data.items() if len(v) < 2]
    assert short == [], "give at least two progressively more specific hints"
    leaks = [(k, s) for k, v in data.items() for h in v for s in secrets if s in h and s not in public]
    assert leaks == [], "a hint gives the solution away"


@pytest.mark.parametrize("assignment", ["08_explain", "09_baskets"])
def test_every_autograded_question_has_its_hint_button_before_its_answer(assignment):
    """08 and 09, read in JupyterLab: a button above each answer cell shows one more hint per click."""
    cells = nbm.read(REPO / "source" / assignment / f"{assignment}.ipynb").cells
    missing = []
    for i, cell in enumerate(cells):
        if nbm.kind(cell) == "answer":
            number = nbm.meta(cell)["grade_id"].split("_")[0]
            if f'hint_button("{number}")' not in cells[i - 1].source:
                missing.append(number)
    assert missing == [], f"{assignment}: no hint button above the answers of {missing}"


def test_cli_hint_levels(hint_dir, capsys):
    from workbook import cli
    assert cli.main(["hint", "q1", "--level", "2"]) == 0
    out = capsys.readouterr().out
    assert "Hint 2/3: use :02d" in out and "Hint 3/3" not in out and "--level 3" in out
    assert cli.main(["hint", "q1", "--all"]) == 0
    assert "Hint 3/3" in capsys.readouterr().out
    assert cli.main(["hint", "q99"]) == 1
