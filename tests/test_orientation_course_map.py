"""00_orientation's course map: the total it states is what its rows add up to.

Cell 44 gives each assignment's time for a first pass and then their sum;
when a row changes, the sum must follow (it said 96 to 111 hours while the
rows added up to 95.0 to 112.7)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "00_orientation"


def _map_cell() -> str:
    nb = json.loads((SOURCE / "00_orientation.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    [cell] = [c for c in cells if c.startswith("## The course map")]
    return cell


def _hours(cell: str) -> tuple[float, float]:
    """The least and the most hours of the table's rows: each row's 'about X to Y h' (or min, or a single
    time), plus an 'and N min' for a part taken apart (03's Part 3)."""
    low = high = 0.0
    rows = [line for line in cell.splitlines() if re.match(r"\| \d\d \|", line)]
    assert len(rows) == 12
    for row in rows:
        time = row.split("|")[5]
        m = re.match(r"\s*(?:about )?(\d+(?:\.\d+)?)(?: to (\d+(?:\.\d+)?))? (h|min)\b", time)
        assert m, row
        unit = 60 if m[3] == "min" else 1
        low += float(m[1]) / unit
        high += float(m[2] or m[1]) / unit
        for extra in re.findall(r"and (\d+) min", time):
            low += int(extra) / 60
            high += int(extra) / 60
    return low, high


def test_the_total_is_what_the_rows_add_up_to():
    low, high = _hours(_map_cell())
    assert f"add up to about {round(low)} to {round(high)} hours" in _map_cell()


def test_the_korean_total_is_the_same():
    low, high = _hours(_map_cell())
    po = read_po((SOURCE / "locale" / "ko" / "LC_MESSAGES" / "00_orientation.po").open("rb"))
    [total] = [m for m in po if m.id and str(m.id).startswith("In all, the times above add up to")]
    assert f"약 {round(low)}~{round(high)}시간" in total.string
