"""Helpers for the Daon Market (다온마켓) ML engineer course workbook.

Notebooks import checks and data generators from here; the `workbook`
command line releases, lints, grades and demos the course."""
__version__ = "0.1.0"
