"""How 08_explain's checks compare what an answer returned with an expected
number (``_close``: within a relative tolerance, never a NaN or an
infinity) and how they show it (``_number``). Shared by ``explain.py`` and
``explainmodel.py``."""
from __future__ import annotations

import math

from .core import short

TOL = 1e-9


def _close(a, b, tol: float = TOL) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return math.isfinite(a) and abs(a - b) <= tol * max(1.0, abs(b))


def _number(x) -> str:
    """A value compared with a number within a tolerance, as the student
    reads a number: ``0.2540704956163893``, not numpy 2's
    ``np.float64(0.2540704956163893)`` (anything else as ``short`` shows it)."""
    import numbers
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return repr(float(x))
    return short(x)
