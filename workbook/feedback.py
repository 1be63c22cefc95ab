"""`workbook feedback`: nbgrader generate_feedback for an assignment."""
from __future__ import annotations

from pathlib import Path

from . import course


def generate(root: Path, assignment: str) -> int:
    course.nbgrader(root, "generate_feedback", assignment, "--force")
    return len(list((root / "feedback").glob(f"*/{assignment}/*.html")))
