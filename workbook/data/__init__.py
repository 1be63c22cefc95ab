"""Deterministic data generators for the Daon Market (다온마켓) case.

Everything a notebook reads is generated here from a seed; nothing is
downloaded. Files go to a per-user cache folder (``WORKBOOK_DATA`` overrides
it) so that a notebook never writes next to itself."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    d = Path(os.environ.get("WORKBOOK_DATA") or Path(tempfile.gettempdir()) / f"daon-workbook-{os.getuid()}")
    d.mkdir(parents=True, exist_ok=True)
    return d
