"""workbook/course/layout.py: every path of the course comes from its
configured CourseDirectory, for the quick helpers of the student tools too."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from workbook.course import layout
from workbook.course import nb as nbm
from workbook.student import exam


def _course(tmp_path, config: str = ""):
    root = tmp_path / "course"
    root.mkdir()
    (root / layout.CONFIG_FILE).write_text((REPO / layout.CONFIG_FILE).read_text() + config)
    return root


def test_the_folders_follow_the_configuration(tmp_path):
    root = _course(tmp_path, '\nc.CourseDirectory.source_directory = "instructor"\n'
                             'c.CourseDirectory.release_directory = "handout"\n')
    shutil.copytree(REPO / "source" / "00_orientation", root / "instructor" / "00_orientation")
    shutil.copytree(REPO / "release" / "00_orientation", root / "handout" / "00_orientation")
    assert layout.directory(root, "source") == root / "instructor"
    assert layout.assignments(root) == ["00_orientation"] == layout.assignments(root, "release")
    assert layout.notebooks(root, "00_orientation", "release") == [
        root / "handout" / "00_orientation" / "00_orientation.ipynb"]
    full = layout.Course.load(root)
    assert full.assignments() == layout.assignments(root) and full.path("release") == root / "handout"


def test_the_default_folders_are_nbgraders(tmp_path):
    root = _course(tmp_path)
    assert [layout.directory(root, s).name for s in ("source", "release", "submitted")] == \
        ["source", "release", "submitted"]


def test_a_broken_configuration_names_the_file(tmp_path):
    root = _course(tmp_path, "\nthis is not python\n")
    with pytest.raises(layout.CourseError, match="nbgrader_config.py"):
        layout.directory(root, "source")


def test_00s_course_map_lists_every_assignment_with_its_time_and_its_exam():
    """00's course map has a row for every assignment of the course, with a time; an assignment with an exam
    (exam.SECTIONS, exam.DEFAULT_MINUTES) gives its command and the minutes the exam counts down."""
    book = nbm.read(REPO / "source" / "00_orientation" / "00_orientation.ipynb")
    table = next(c.source for c in book.cells if c.cell_type == "markdown" and c.source.startswith("## The course map"))
    rows = {}
    for line in table.splitlines():
        cells = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[1].startswith("`"):
            rows[cells[1].strip("`")] = cells
    for name in layout.assignments(REPO):
        assert name in rows, f"00's course map has no row for {name}"
        assert any(ch.isdigit() for ch in rows[name][4]), f"00's course map gives {name} no time"
    exams = {a: s.minutes for a, s in exam.SECTIONS.items()} | dict(exam.DEFAULT_MINUTES)
    for name, minutes in exams.items():
        assert f"`workbook exam {name}`, {minutes} min" in rows[name][5], rows[name]
