"""Sanitising a submission before it runs (``c.Autograde.sanitize_preprocessors``).

``DeduplicateIds`` extends nbgrader's: a duplicated test or answer cell (a
copied cell in Jupyter) keeps no nbgrader metadata at all, so the copy becomes
a plain cell and the original is restored from the gradebook as usual.
nbgrader's own leaves an empty ``nbgrader`` dict, which then fails its
metadata check and fails the whole submission with a misleading message.

``CheckCellMetadata`` is nbgrader's, with the metadata schema's validator
built once per process instead of once per cell.
"""
from __future__ import annotations

import traceback

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata as _NbgraderCheckCellMetadata
from nbgrader.preprocessors import DeduplicateIds as _NbgraderDeduplicateIds


class DeduplicateIds(_NbgraderDeduplicateIds):
    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if "nbgrader" in cell.get("metadata", {}) and not cell.metadata["nbgrader"]:
            del cell.metadata["nbgrader"]
        return cell, resources


class _CompiledSchema(BaseMetadataValidator):
    """nbgrader's schema check of a cell's metadata against a validator built
    once per process: ``jsonschema.validate`` checks the schema itself and
    builds a validator on every call (40 ms for a notebook of 80 cells,
    twice per graded notebook). The same errors: the best match of the
    validator's errors, as ``jsonschema.validate`` raises it."""

    _compiled: dict = {}

    def validate_cell(self, cell) -> None:
        if "nbgrader" not in cell.metadata:
            return
        schema = cell.metadata["nbgrader"].get("schema_version", 0)
        if schema != self.schema_version:   # too old or too new: nbgrader's own errors
            return super().validate_cell(cell)
        validator = self._compiled.get(self.schema_version)
        if validator is None:
            cls = validator_for(self.schema)
            cls.check_schema(self.schema)
            validator = self._compiled[self.schema_version] = cls(self.schema)
        error = best_match(validator.iter_errors(cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class _MetadataValidator(MetadataValidator, _CompiledSchema):
    """nbgrader's current metadata validator (its checks of grade ids, points
    and cell types), whose schema check is ``_CompiledSchema``'s: it comes
    next after nbgrader's validator in the method order."""


class CheckCellMetadata(_NbgraderCheckCellMetadata):
    """nbgrader's CheckCellMetadata with ``_MetadataValidator``: the same
    checks, errors and log."""

    def preprocess(self, nb, resources):
        try:
            _MetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg)
        return nb, resources
