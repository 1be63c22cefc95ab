"""The style rule "no module over 800 lines" (../shared/STYLE.md), for the
package: a module that grows past it is split by concern, not trimmed."""
from __future__ import annotations

from conftest import REPO

MOST_LINES = 800


def test_no_module_of_the_package_is_over_800_lines():
    sizes = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines())
             for p in sorted((REPO / "workbook").rglob("*.py"))}
    assert sizes, "no module found under workbook/"
    assert {path: n for path, n in sizes.items() if n > MOST_LINES} == {}
