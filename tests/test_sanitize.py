"""The sanitising preprocessors (workbook/grading/sanitize.py), each a
fixture and one call: ``CheckCellMetadata`` accepts and refuses exactly what
nbgrader's own does, with the same error, on nbgrader metadata of every kind
of damage its checks name."""
from __future__ import annotations

import copy
import logging

import nbformat
import pytest
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata

from conftest import REPO
from workbook.grading.sanitize import CheckCellMetadata


def _notebook():
    return nbformat.read(REPO / "source" / "00_orientation" / "00_orientation.ipynb", as_version=4)


def _first(nb, kind):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if kind == "tests" and meta.get("grade") and not meta.get("solution"):
            return cell
        if kind == "answer" and meta.get("solution") and cell.cell_type == "code":
            return cell
        if kind == "markdown" and meta.get("solution") and cell.cell_type == "markdown":
            return cell
    raise AssertionError(f"no {kind} cell in 00's source")


def _set(kind, key, value):
    def damage(nb):
        _first(nb, kind).metadata["nbgrader"][key] = value
    return damage


def _drop(kind, key):
    def damage(nb):
        del _first(nb, kind).metadata["nbgrader"][key]
    return damage


def _duplicate_id(nb):
    a, b = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")][:2]
    b.metadata["nbgrader"]["grade_id"] = a.metadata["nbgrader"]["grade_id"]


DAMAGE = {
    "intact": lambda nb: None,
    "points not a number": _set("tests", "points", "three"),
    "grade not a boolean": _set("tests", "grade", "yes"),
    "an unknown key": _set("answer", "owner", "me"),
    "no grade_id": _drop("tests", "grade_id"),
    "an empty grade_id": _set("answer", "grade_id", ""),
    "no points": _drop("tests", "points"),
    "a markdown answer not graded": _set("markdown", "grade", False),
    "a schema too old": _set("tests", "schema_version", 1),
    "a schema too new": _set("tests", "schema_version", 4),
    "a duplicated grade_id": _duplicate_id,
}


def _outcome(preprocessor_class, nb, caplog) -> tuple[str, str]:
    """(the exception's type, the last line nbgrader's log gave for it)."""
    caplog.clear()
    pre = preprocessor_class()
    pre.log = logging.getLogger("check-cell-metadata")
    with caplog.at_level(logging.ERROR, logger="check-cell-metadata"):
        try:
            pre.preprocess(nb, {})
        except Exception as e:  # noqa: BLE001 - the outcome is compared, whatever it is
            cause = [r.getMessage() for r in caplog.records]
            return type(e).__name__, cause[0].strip().splitlines()[-1] if cause else str(e)
    return "accepted", ""


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_check_cell_metadata_refuses_what_nbgraders_refuses_with_its_error(damage, caplog):
    nb = _notebook()
    DAMAGE[damage](nb)
    ours = _outcome(CheckCellMetadata, copy.deepcopy(nb), caplog)
    theirs = _outcome(NbgraderCheckCellMetadata, copy.deepcopy(nb), caplog)
    assert ours == theirs
    assert (ours[0] == "accepted") is (damage == "intact")
