"""workbook/course/layout.py: every path of the course comes from its
configured CourseDirectory, for the quick helpers of the student tools too."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from workbook.course import layout


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
