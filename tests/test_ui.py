"""Terminal output (workbook/ui.py) read where it lands: a log or a pipe, not a terminal."""
from __future__ import annotations

import subprocess
import sys


def test_a_score_table_written_to_a_pipe_keeps_every_cell_whole():
    """make demo's closing table in a CI log: twelve assignment columns of scores like 31/31 (+6 manual)
    and long notes; written to a pipe, no cell is cut to "31…" to fit 80 columns."""
    code = (
        "from rich.table import Table\n"
        "from workbook.ui import console\n"
        "t = Table(title='demo')\n"
        "t.add_column('student')\n"
        "for a in range(12):\n"
        "    t.add_column(f'{a:02d}', justify='right')\n"
        "t.add_row('demo_partial', *['31/31 (+6 manual)'] * 12)\n"
        "console.print(t)\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert "…" not in out, out
    assert out.count("31/31 (+6 manual)") == 12, out


def test_a_section_heading_written_to_a_pipe_is_80_columns():
    code = "from workbook.ui import rule\nrule('[bold]1. release')\n"
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert "1. release" in out and len(out.rstrip("\n")) == 80, out
