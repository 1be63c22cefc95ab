"""Shared fixtures. Tests never touch the repository's own release/,
autograded/, submitted/ or gradebook: they build a temporary course folder."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbook import course  # noqa: E402

ASSIGNMENTS = course.assignments(REPO)
OUTPUT = REPO / "test-output"


def pytest_configure(config):
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    # nbgrader shells out to `alembic`; kernels to `python`: this venv first
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


@pytest.fixture
def tmp_course(tmp_path):
    """A fresh course folder with every assignment's source and release."""
    root = tmp_path / "course"
    course.copy_course(REPO, root)
    shutil.copytree(REPO / "tests" / "answers", root / "tests" / "answers")
    return root


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
