"""workbook lint, fmt and release refuse what they should, naming notebook and cell."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO
from workbook.authoring import textform
from workbook.course import layout as course
from workbook.authoring import lint
from workbook.authoring import release
from workbook.course import nb as nbm

GOOD = REPO / "source" / "00_orientation" / "00_orientation.ipynb"


def _write(tmp_path, nb, name="x.ipynb"):
    p = tmp_path / name
    p.write_text(nbm.dumps(nb), encoding="utf-8")
    return p


def _cell(nb, gid):
    return next(c for c in nb.cells if nbm.meta(c).get("grade_id") == gid)


def test_the_good_notebook_is_clean():
    assert lint.lint_notebook(GOOD) == []


def _mutations():
    def outputs(nb):
        c = _cell(nb, "q1_format_metric")
        c.outputs = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
        c.execution_count = 3

    def kernel(nb):
        nb.metadata.kernelspec = {"name": "ir", "display_name": "R", "language": "R"}

    def no_tests(nb):
        gid = "test_q2_timer"
        nb.cells = [c for c in nb.cells if nbm.meta(c).get("grade_id") != gid]

    def dup(nb):
        nbm.meta(_cell(nb, "test_q2_timer"))["grade_id"] = "test_q1_format_metric"

    def random_id(nb):
        nbm.meta(_cell(nb, "q2_timer"))["grade_id"] = "cell-8f3a9b2c1d4e5f60"

    def zero_points(nb):
        nbm.meta(_cell(nb, "test_q3_busiest_weekday"))["points"] = 0

    def no_hidden(nb):
        c = _cell(nb, "test_q1_format_metric")
        c.source = nbm.visible_part(c.source)

    def no_visible(nb):
        c = _cell(nb, "test_q1_format_metric")
        c.source = "### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS"

    def empty_solution(nb):
        _cell(nb, "q3_busiest_weekday").source = "### BEGIN SOLUTION\n### END SOLUTION"

    def no_rubric(nb):
        c = _cell(nb, "q4_hidden_tests")
        c.source = nbm.manual_answer_text(c.source)

    return {
        "outputs": (outputs, "has outputs"),
        "kernelspec": (kernel, "kernelspec must be python3"),
        "answer without tests": (no_tests, "has no test cell"),
        "duplicate grade_id": (dup, "already used"),
        "random grade_id": (random_id, "looks random"),
        "zero points": (zero_points, "points must be > 0"),
        "no hidden part": (no_hidden, "no hidden part"),
        "no visible part": (no_visible, "no visible part"),
        "empty solution": (empty_solution, "solution region is empty"),
        "manual without rubric": (no_rubric, "needs a rubric"),
    }


@pytest.mark.parametrize("name", sorted(_mutations()))
def test_lint_catches(name, tmp_path):
    mutate, expected = _mutations()[name]
    nb = nbm.read(GOOD)
    mutate(nb)
    path = _write(tmp_path, nb)
    probs = lint.lint_notebook(path)
    assert any(expected in p for p in probs), probs
    assert all(str(path) in p for p in probs)


def test_lint_reports_invalid_json_with_position(tmp_path):
    p = tmp_path / "broken.ipynb"
    p.write_text(GOOD.read_text()[:500])
    (msg,) = lint.lint_notebook(p)
    assert "broken.ipynb" in msg and "not valid JSON" in msg and "line" in msg


def test_release_names_notebook_and_cell_on_broken_metadata(tmp_course):
    path = tmp_course / "source" / "00_orientation" / "00_orientation.ipynb"
    nb = json.loads(path.read_text())
    target = next(i for i, c in enumerate(nb["cells"])
                  if c["metadata"].get("nbgrader", {}).get("grade_id") == "test_q2_timer")
    nb["cells"][target]["metadata"]["nbgrader"]["points"] = "three"
    path.write_text(json.dumps(nb))
    before = path.read_bytes()
    with pytest.raises(release.ReleaseError) as e:
        release.release(tmp_course, ["00_orientation"])
    msg = str(e.value)
    assert "00_orientation.ipynb" in msg and f"cell {target + 1}" in msg and "test_q2_timer" in msg
    assert "points must be a number" in msg
    assert path.read_bytes() == before


def test_release_cli_exit_code_and_message(tmp_course):
    path = tmp_course / "source" / "00_orientation" / "00_orientation.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][1]["metadata"]["nbgrader"] = "oops"
    path.write_text(json.dumps(nb))
    out = subprocess.run([sys.executable, "-m", "workbook", "release", "00_orientation"], cwd=tmp_course,
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "00_orientation.ipynb: cell 2" in out.stderr and "must be an object" in out.stderr


def test_fmt_normalises_and_is_idempotent(tmp_path):
    nb = nbm.read(GOOD)
    nb.cells[1].outputs = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    nb.cells[1].execution_count = 7
    nb.cells[1].metadata["collapsed"] = True
    nb.metadata["widgets"] = {"state": {}}
    p = _write(tmp_path, nb)
    out = subprocess.run([sys.executable, "-m", "workbook", "fmt", "--check", str(p)], capture_output=True, text=True)
    assert out.returncode == 1 and "would reformat" in out.stdout
    subprocess.run([sys.executable, "-m", "workbook", "fmt", str(p)], check=True, capture_output=True)
    assert p.read_text() == GOOD.read_text()
    out = subprocess.run([sys.executable, "-m", "workbook", "fmt", "--check", str(p)], capture_output=True, text=True)
    assert out.returncode == 0


def test_every_source_notebook_is_normalised():
    for a in course.assignments(REPO):
        for p in course.notebooks(REPO, a):
            assert nbm.dumps(nbm.normalise(nbm.read(p))) == p.read_text(encoding="utf-8"), f"{p}: run `make fmt`"


def test_text_form_round_trips():
    for a in course.assignments(REPO):
        for p in course.notebooks(REPO, a):
            nb = nbm.read(p)
            assert nbm.dumps(textform.txt_to_nb(textform.nb_to_txt(nb))) == nbm.dumps(nb), p


def test_make_submission_rejects_unknown_grade_id():
    rel = nbm.read(REPO / "release" / "00_orientation" / "00_orientation.ipynb")
    with pytest.raises(KeyError):
        nbm.make_submission(rel, {"q9_typo": "x = 1"})


def test_ruff_passes_on_the_package_the_tests_and_the_benchmarks():
    """ruff (configured in pyproject.toml) finds nothing in workbook/, tests/ and bench/."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is not installed: it is in requirements-dev.txt (make test installs it)"
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([ruff, "check", "workbook", "tests", "bench"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-1000:]
