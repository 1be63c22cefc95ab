"""Every `from workbook... import ...` quoted in README.md and docs/*.md imports
(a student copies these lines into a notebook cell)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO

DOCS = [REPO / "README.md", REPO / "README.ko.md", *sorted((REPO / "docs").glob("*.md"))]
# `from workbook.x import a, b` up to the end of the statement (`;`, a quote, a backtick, the line's end)
IMPORT = re.compile(r"\bfrom\s+(workbook(?:\.\w+)*)\s+import\s+(\(?[\w\s,]+?\)?)(?=\s*(?:[;`'\"#]|$))", re.M)


def quoted_imports() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        for m in IMPORT.finditer(path.read_text(encoding="utf-8")):
            names = " ".join(m.group(2).strip("() \n").split())
            found.append((path.name, f"from {m.group(1)} import {names}"))
    return found


def test_docs_quote_imports():
    lines = [line for _, line in quoted_imports()]
    assert any("progress" in line for line in lines), lines  # the README's progress line is seen


@pytest.mark.parametrize("doc,statement", quoted_imports(), ids=lambda v: str(v))
def test_quoted_import_works(doc, statement, tmp_path):
    # from a folder outside the repository, as in a student's notebook
    proc = subprocess.run([sys.executable, "-c", statement], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, f"{doc}: `{statement}` fails:\n{proc.stderr[-2000:]}"
