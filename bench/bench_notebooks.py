"""Time every source notebook top to bottom in a fresh kernel (nbclient),
as the assignment issues ask (01, 02, 04, 05: under 20 s; 03: under 30 s).

Also times a do-nothing notebook in the same run, so the kernel start-up
share is visible. The machine is shared and noisy: figures are one run's,
compare them with each other, not across runs.

    .venv/bin/python bench/bench_notebooks.py [ASSIGNMENT ...]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from workbook.course import layout as course  # noqa: E402

LIMITS = {"03_pytorch_test": 30.0}
DEFAULT_LIMIT = 20.0


def run(nb, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def main(names: list[str]) -> int:
    names = names or course.assignments(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        base = run(empty, Path(tmp))
        print(f"{'notebook':40s} {'seconds':>8s} {'limit':>6s}  verdict")
        print(f"{'(empty notebook: kernel start-up)':40s} {base:8.1f}")
        worst = 0
        for a in names:
            for p in course.notebooks(ROOT, a):
                work = Path(tmp) / a
                shutil.copytree(p.parent, work, dirs_exist_ok=True)
                secs = run(nbformat.read(work / p.name, as_version=4), work)
                limit = LIMITS.get(a, DEFAULT_LIMIT)
                verdict = "ok" if secs < limit else "TOO SLOW"
                worst = max(worst, secs / limit)
                print(f"{a + '/' + p.name:40s} {secs:8.1f} {limit:6.0f}  {verdict} ({secs / base:.1f}x empty)")
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
