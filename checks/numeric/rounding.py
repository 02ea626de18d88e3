"""floor and ceiling of a constant, decided by interval arithmetic rather than by SymPy.

SymPy carries out floor and ceiling of a number from a few of its digits when the expression is
built: floor(tanh(500)) is 1 to it, though tanh(500) = 1 - 2·10⁻⁴³⁴ < 1. Here the number's
rigorous enclosure, at rising precision, must lie between two integers before the rounding is
carried out; a number no precision tried can place is refused.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from checks.numeric.certify import EXACT_DIGITS
from checks.numeric.compiled import enclosures
from checks.numeric.evaluate import interval_ends, whole


class Undecided(ValueError):
    """No precision tried tells which integers a number lies between."""


def exact_floor(arg: Any) -> Any:
    """``floor(arg)``, exact (see the module's docstring)."""
    return _rounded(sp.floor, mpmath.floor, arg)


def exact_ceiling(arg: Any) -> Any:
    """``ceiling(arg)``, exact (see the module's docstring)."""
    return _rounded(sp.ceiling, mpmath.ceil, arg)


def _rounded(func: Any, rounding: Any, arg: Any) -> Any:
    if not isinstance(arg, sp.Basic) or arg.free_symbols or not arg.is_number or arg.is_Rational:
        return func(arg)  # symbolic (rounded where a point is put in, and certified there), or exact
    if arg.is_extended_real is False or arg.is_finite is False:
        return func(arg)
    for digits in EXACT_DIGITS:
        found = enclosures([arg], {}, digits)
        if found is None:
            break
        lo, hi = interval_ends(found[0])
        if not (mpmath.isfinite(lo) and mpmath.isfinite(hi)):
            break
        a, b = whole(rounding, lo), whole(rounding, hi)
        if a == b:
            return sp.Integer(int(a))
    raise Undecided(f"{func.__name__}({arg}) cannot be decided: the number is too close to an integer")
