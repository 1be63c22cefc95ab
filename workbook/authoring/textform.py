"""A plain-text form of an assignment notebook, for writing and reviewing
notebooks in an editor or a diff (`workbook nb2txt` / `workbook txt2nb`).

The notebook in source/ stays the one truth; the text form is a convenience.
Cells are separated by header lines::

    # %% markdown
    # %% code
    # %% readonly setup                 locked cell (e.g. the imports)
    # %% answer q1_fstring              autograded answer (solution region inside)
    # %% tests test_q1_fstring points=2 autograded tests (visible + hidden part)
    # %% manual q4_hidden points=2      written answer graded by a person (markdown)

Everything up to the next header is the cell's source, verbatim.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from ..course import nb as nbm

HEADER = re.compile(r"^# %% (markdown|code|readonly|answer|tests|manual)(?: (\S+))?(?: points=([0-9.]+))?\s*$")


def _meta(kind: str, gid: str | None, points: str | None) -> dict:
    base = {"grade": False, "grade_id": gid, "locked": False, "schema_version": 3,
            "solution": False, "task": False}
    if kind == "readonly":
        base.update(locked=True)
    elif kind == "answer":
        base.update(solution=True)
    elif kind == "tests":
        base.update(grade=True, locked=True, points=_num(points))
    elif kind == "manual":
        base.update(grade=True, solution=True, points=_num(points))
    return base


def _num(p):
    if p is None:
        raise ValueError("tests and manual cells need points=N")
    f = float(p)
    return int(f) if f.is_integer() else f


def txt_to_nb(text: str) -> nbformat.NotebookNode:
    cells, cur = [], None
    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            if cur:
                cells.append(cur)
            cur = {"kind": m.group(1), "gid": m.group(2), "points": m.group(3), "lines": []}
        elif cur is not None:
            cur["lines"].append(line)
        elif line.strip():
            raise ValueError(f"text before the first '# %%' header: {line!r}")
    if cur:
        cells.append(cur)
    nb = nbformat.v4.new_notebook()
    for c in cells:
        src = "\n".join(c["lines"]).strip("\n")
        k = c["kind"]
        if k in ("markdown", "manual"):
            cell = nbformat.v4.new_markdown_cell(src)
        else:
            cell = nbformat.v4.new_code_cell(src)
        if k not in ("markdown", "code"):
            if not c["gid"]:
                raise ValueError(f"a {k} cell needs a grade_id: '# %% {k} <grade_id>'")
            cell.metadata["nbgrader"] = _meta(k, c["gid"], c["points"])
        nb.cells.append(cell)
    return nbm.normalise(nb)


def nb_to_txt(nb) -> str:
    out = []
    for cell in nb.cells:
        k = nbm.kind(cell)
        m = nbm.meta(cell)
        if k is None:
            head = "# %% " + ("markdown" if cell.cell_type == "markdown" else "code")
        else:
            head = f"# %% {k} {m['grade_id']}"
            if k in ("tests", "manual"):
                head += f" points={m.get('points')}"
        out.append(head)
        out.append(cell.source.rstrip("\n"))
        out.append("")
    return "\n".join(out)


def convert_txt(txt: Path, dest: Path) -> Path:
    nbm.write(txt_to_nb(Path(txt).read_text(encoding="utf-8")), dest)
    return dest
