"""Growth rates c·e^E·u^k·log(u)^m of a body as u → ∞, and the conditions where a rate may change."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

FAILURES = (ValueError, TypeError, NotImplementedError, ZeroDivisionError, OverflowError, RecursionError)


class Cannot(Exception):
    """The exceptional set could not be found; the message says why."""


#: How often a sum whose leading terms cancel is rewritten before it is given up.
REWRITES = 3


#: Growing terms of an exponent collected at most (e^{u² + u + …}).
GROWING_TERMS = 6


#: Terms of a series tried when the leading terms of a sum cancel (u (e^{a/u} - 1)).
SERIES_ORDER = 6


LEADING = "a zero of a leading coefficient"


POLE = "a zero of a denominator's leading coefficient"


DENOMINATOR = "a zero of a denominator"


TIE = "a tie of two growth rates"


BASE = "a zero of the base of a power"


LOG = "a zero of a log's argument"


SIDE = "a zero of the argument of sign, floor or ceiling"


MAXMIN = "a tie of the arguments of Max or Min"


@dataclass(frozen=True)
class Gauge:
    """``e^E · u^k · log(u)^m`` as u → ∞: the scale of a term (E grows, or is 0)."""

    E: sp.Expr = sp.S.Zero
    k: sp.Expr = sp.S.Zero
    m: sp.Expr = sp.S.Zero

    # Never expanded: (a - 1/5)² stays visibly nonnegative, where a² - 2a/5 + 1/25 does not.
    def times(self, other: Gauge) -> Gauge:
        return Gauge(self.E + other.E, self.k + other.k, self.m + other.m)

    def power(self, q: sp.Expr) -> Gauge:
        return Gauge(self.E * q, self.k * q, self.m * q)

    def over(self, other: Gauge) -> Gauge:
        return self.times(other.power(sp.S.NegativeOne))

    def expr(self, u: sp.Symbol) -> sp.Expr:
        return sp.exp(self.E) * u**self.k * sp.log(u) ** self.m

    @property
    def is_one(self) -> bool:
        return all(zero_tested(part) == 0 for part in (self.E, self.k, self.m))


Conditions = dict[sp.Expr, str]


@dataclass
class Lead:
    """The leading term ``coeff · gauge``; where a ``shrink`` condition vanishes the term is
    smaller than that (a leading coefficient is 0); where an ``other`` one vanishes it may
    change in any way (a pole, a tie of rates)."""

    coeff: sp.Expr
    gauge: Gauge
    shrink: Conditions = field(default_factory=dict)
    other: Conditions = field(default_factory=dict)

    def conditions(self) -> Conditions:
        return {**self.shrink, **self.other}


def sign_of(c: sp.Expr) -> int | None:
    """The sign of ``c`` off its zeros: +1 if it is never negative, -1 if never positive."""
    for form in (c, sp.factor(c)) if c.free_symbols else (c,):
        if form.is_positive or form.is_nonnegative:
            return 1
        if form.is_negative or form.is_nonpositive:
            return -1
    return None


def zero_tested(c: sp.Expr) -> sp.Expr:
    """``c``, or 0 where it is identically zero; a number too close to 0 to tell is refused."""
    if c.is_number:
        if c.is_zero:
            return sp.S.Zero
        if c.is_zero is None and abs(sp.N(c, 30)) < sp.Float("1e-25"):
            raise Cannot(f"cannot tell whether {sp.sstr(c)} is zero")
        return c
    expanded = sp.expand(c)
    if expanded == 0:
        return sp.S.Zero
    cancelled = sp.cancel(sp.together(expanded))
    return sp.S.Zero if cancelled == 0 else c


def nonzero(c: sp.Expr) -> bool:
    """Whether SymPy's assumptions say ``c`` is not zero."""
    return bool(c.is_zero is False or c.is_positive or c.is_negative)
