"""The sign of a constant by exact or interval arithmetic, never from SymPy's few digits."""

from __future__ import annotations

import time

import sympy as sp

from checks.numeric.certify import certify_holding

#: Seconds the intervals may take to settle a constant's sign (they rise to 2,500 digits).
SECONDS = 0.5


def constant_sign(value: sp.Expr, strict: bool) -> bool | None:
    """True if the constant ``value > 0`` (``>= 0`` unless ``strict``) is certified, False if
    its failure is, None if neither. SymPy decides the sign of a number from a two-digit value
    (``(10**-30 - 10**-60/2 - log(1 + 10**-30)).is_positive`` was True: it is -3.3e-91); here
    the value is exact rational arithmetic or an interval that lies apart from 0."""
    end = time.monotonic() + SECONDS
    zero = sp.Integer(0)
    if certify_holding(value, ">" if strict else ">=", zero, end) is not None:
        return True
    if certify_holding(value, "<=" if strict else "<", zero, end) is not None:
        return False
    return None
