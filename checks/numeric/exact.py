"""Exact rational values of constant expressions, with a bound on the size of every number."""

from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp

#: No intermediate number may have more bits than this: 2**10000, factorial(2000) and
#: 10**4000 fit; (1 + 10**-100)**(10**100) does not, and is left to interval arithmetic.
MAX_BITS = 200_000


class _TooLarge(Exception):
    """An exact value that would be too large to compute."""


def exact_value(expr: sp.Basic) -> Fraction | None:
    """``expr`` as an exact fraction: sums, products, integer powers and factorials of rational
    numbers, however large the values (within :data:`MAX_BITS`); None for anything else
    (a symbol, ``exp``, an irrational power) or a value too large to compute."""
    try:
        return _value(expr)
    except (_TooLarge, ZeroDivisionError):
        return None


def _bits(q: Fraction) -> int:
    return max(abs(q.numerator).bit_length(), q.denominator.bit_length())


def _checked(q: Fraction) -> Fraction:
    if _bits(q) > MAX_BITS:
        raise _TooLarge
    return q


def _value(expr: sp.Basic) -> Fraction | None:
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if isinstance(expr, sp.Add | sp.Mul):
        values = [_value(a) for a in expr.args]
        if any(v is None for v in values):
            return None
        total = values[0]
        for v in values[1:]:
            assert total is not None and v is not None
            total = _checked(total + v if isinstance(expr, sp.Add) else total * v)
        return total
    if isinstance(expr, sp.Pow):
        return _power(expr)
    if isinstance(expr, sp.factorial):
        n = _value(expr.args[0])
        if n is None or n.denominator != 1 or n < 0:
            return None
        # log2(n!) < n log2(n): refuse before computing.
        if n > 1 and int(n) * math.log2(int(n)) > MAX_BITS:
            raise _TooLarge
        return Fraction(math.factorial(int(n)))
    return None


def _power(expr: sp.Pow) -> Fraction | None:
    base, exponent = _value(expr.base), _value(expr.exp)
    if base is None or exponent is None or exponent.denominator != 1:
        return None
    n = int(exponent)
    if base == 0:
        if n < 0:
            raise ZeroDivisionError
        return Fraction(int(n == 0))
    if abs(n) * max(_bits(base), 1) > MAX_BITS and abs(base) != 1:
        raise _TooLarge
    return base**n
