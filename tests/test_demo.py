"""`workbook demo` end to end, in a temporary copy of the course."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ASSIGNMENTS
from workbook.authoring import demo
from workbook.course import layout as course


def tree_hash(d: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(d.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(d)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.mark.slow
@pytest.mark.timeout(1500)   # the demo's own limit below: it ran past the suite's 600 s in a loaded full suite
def test_demo_runs_the_instructors_whole_job(tmp_course, tmp_path):
    out = subprocess.run([sys.executable, "-m", "workbook", "demo"], cwd=tmp_course, capture_output=True,
                         text=True, timeout=1500)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    summary = json.loads((tmp_course / "reports" / "demo_summary.json").read_text())
    for a in ASSIGNMENTS:
        got, mx = summary[f"demo_full/{a}"]
        assert got == mx > 0, f"{a}: solution student got {got}/{mx}"
        got, mx = summary[f"demo_blank/{a}"]
        assert got == 0 and mx > 0, f"{a}: untouched release got {got}/{mx}"
        got, mx = summary[f"demo_partial/{a}"]
        assert 0 < got < mx, f"{a}: partial student got {got}/{mx}"
    # the broken student is reported, by name, with the reason
    assert "demo_broken" in out.stdout
    assert "not valid JSON" in out.stdout or "missing notebook" in out.stdout
    # the score table, feedback and grades.csv exist
    assert "Demo class" in out.stdout
    grades = (tmp_course / "reports" / "grades.csv").read_text()
    assert "demo_full" in grades and "demo_blank" in grades
    assert list((tmp_course / "feedback" / "demo_full").glob("*/*.html"))
    # grading never modifies submitted/: byte for byte what the demo class submitted (made again here)
    fresh = tmp_path / "fresh"
    course.copy_course(tmp_course, fresh)
    demo.make_class(fresh, ASSIGNMENTS)
    assert tree_hash(tmp_course / "submitted") == tree_hash(fresh / "submitted")
