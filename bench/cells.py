"""Where a notebook's CPU goes: every code cell of a bare run (nbclient and a
plain jupyter kernel) with the CPU seconds its kernel and everything the
kernel started spent on it, counted by a cgroup around the kernel
(``cpu.CpuGroup``: subprocesses, JVMs and jails included), and the kernel's
start. A tool, not a timed test: run it before and after a change.

    .venv/bin/python bench/cells.py 07_ml_service [08_explain ...] [--top 8] [--source]

By default the solution notebook of source/ is run in a copy of its folder.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from cpu import CpuGroup  # noqa: E402


def profile(nb_path: Path, workdir: Path) -> tuple[float, list[tuple[int, float, float, str]]]:
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(nb_path, as_version=4)
    g = CpuGroup("cells")
    rows: list[tuple[int, float, float, str]] = []
    state = {"cpu": 0.0, "wall": 0.0, "joined": False}

    def join(client) -> float:
        """Moves the started kernel into the group; its CPU seconds so far."""
        pid = client.km.provisioner.process.pid
        with open(f"{g.dir}/cgroup.procs", "w") as f:
            f.write(str(pid))
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def start(cell, cell_index, **kw):
        state["cpu"], state["wall"] = g.seconds, time.monotonic()

    def done(cell, cell_index, **kw):
        rows.append((cell_index, g.seconds - state["cpu"], time.monotonic() - state["wall"], cell.source))

    client = NotebookClient(nb, timeout=1200, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(workdir)}},
                            on_cell_execute=start, on_cell_executed=done)
    with client.setup_kernel():
        kernel = join(client)
        for i, cell in enumerate(client.nb.cells):
            client.execute_cell(cell, i)
    g.close(10)
    return kernel, rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("assignment", nargs="+")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--notebook", help="this notebook instead of the solution")
    args = ap.parse_args(argv)
    from workbook.course import layout as course
    root = HERE.parent
    for a in args.assignment:
        for p in ([Path(args.notebook)] if args.notebook else course.notebooks(root, a)):
            with tempfile.TemporaryDirectory(prefix="wb-cells-") as tmp:
                work = Path(tmp) / a
                shutil.copytree(p.parent, work)
                t = time.monotonic()
                kernel, rows = profile(work / p.name, work)
                wall = time.monotonic() - t
            total = sum(r[1] for r in rows)
            print(f"{a}/{p.name}: cells {total:.2f} CPU-s, kernel start {kernel:.2f} CPU-s, wall {wall:.1f} s")
            for i, cpu, w, src in sorted(rows, key=lambda r: -r[1])[: args.top]:
                first = next((ln for ln in src.splitlines() if ln.strip() and not ln.startswith("#")), "")[:70]
                print(f"  cell {i:3d} {cpu:6.2f} CPU-s {w:6.2f} s  {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
