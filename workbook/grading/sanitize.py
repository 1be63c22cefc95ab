"""Sanitising a submission before it runs (``c.Autograde.sanitize_preprocessors``).

``DeduplicateIds`` extends nbgrader's: a duplicated test or answer cell (a
copied cell in Jupyter) keeps no nbgrader metadata at all, so the copy becomes
a plain cell and the original is restored from the gradebook as usual.
nbgrader's own leaves an empty ``nbgrader`` dict, which then fails its
metadata check and fails the whole submission with a misleading message.
"""
from __future__ import annotations

from nbgrader.preprocessors import DeduplicateIds as _NbgraderDeduplicateIds


class DeduplicateIds(_NbgraderDeduplicateIds):
    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if "nbgrader" in cell.get("metadata", {}) and not cell.metadata["nbgrader"]:
            del cell.metadata["nbgrader"]
        return cell, resources
