"""SymPy's signs of numbers, certified: it decided them from two digits, wrong under cancellation."""

from __future__ import annotations

from typing import Any

import sympy as sp
from mpmath.libmp import fzero
from sympy.core import evalf as _evalf
from sympy.core import relational as _relational
from sympy.core.expr import Expr

from checks.errors import StepTimeout
from checks.numeric.compiled import enclosures
from checks.numeric.evaluate import Unsupported, interval_ends
from checks.timeout import deadline

# SymPy 1.14 decides whether a number such as 10**-30 - 10**-60/2 - log(1 + 10**-30) is
# positive from a two-digit value (Expr._eval_is_extended_positive_negative), and evalf gives up
# on cancellation past twice the precision asked for; its log(1 + u) was even exactly 0 for u
# under the working precision. So that number (-3.3e-91) "was positive", Abs and Max of it
# dropped the wrong branch while the claim was read, a product with it "had a sign", and the
# first-derivative test verified false claims; comparisons (Max, Min, a > b) took the sign of
# (a - b).evalf(2) the same way. Here a number's sign is taken from interval
# arithmetic at rising precision (an enclosure that excludes 0 decides it); SymPy's own rule is
# kept only where it needs no digits (a value that is not real, an infinity): a number with a
# function that has no interval version (erf, gamma) has no sign here.

#: The interval precisions (decimal digits) tried in turn for a number's sign, within seconds.
SIGN_DIGITS = (30, 120, 500)
SIGN_SECONDS = 0.5

_ERRORS = (Unsupported, ValueError, TypeError, ZeroDivisionError, OverflowError, ArithmeticError)


def _interval_sign(number: sp.Expr) -> int | None:
    """1 or -1 when an enclosure of ``number`` excludes 0, 0 for an exact rational 0, None when
    intervals cannot tell (a tie, or a hair beyond the last precision); Unsupported where no
    enclosure can be had."""
    for digits in SIGN_DIGITS:
        found = enclosures([number], {}, digits)
        if found is None:
            raise Unsupported(f"no interval for {number}")
        low, high = interval_ends(found[0])
        if low > 0:
            return 1
        if high < 0:
            return -1
        if low == high == 0:
            return 0
    return None


def _bounded_sign(number: sp.Expr) -> int | None:
    """:func:`_interval_sign` within :data:`SIGN_SECONDS` (tanh(10**(10**4)) - 1 would take
    hours); None once they are spent."""
    try:
        with deadline(SIGN_SECONDS):
            return _interval_sign(number)
    except StepTimeout:
        return None


def _certified_sign(self: Expr, positive: bool) -> bool | None:
    if not self.is_number:
        return _original_sign(self, positive)
    try:
        sign = _bounded_sign(self)
    except _ERRORS:  # not real, infinite, or a function with no interval version
        # SymPy's own rule only where the answer needs no digits: a value that is not real is
        # neither positive nor negative, and an infinity's sign is its own. Elsewhere its value
        # can be garbage claimed accurate at every precision (erf(exp(10**-500) - 1 - 10**-500)).
        return _original_sign(self, positive) if _digitless(self) else None
    if sign is None:
        return None
    return sign == (1 if positive else -1)


def _certified_difference(a: Expr, b: Expr) -> Any:
    """SymPy's ``_n2`` (the sign of ``a - b`` for a comparison), from intervals: 1, -1 or 0, or
    None where they cannot tell."""
    if not (a.is_comparable and b.is_comparable):
        return None
    try:
        sign = _bounded_sign(a - b)
    except _ERRORS:
        return _original_n2(a, b) if _digitless(a - b) else None
    return None if sign is None else sp.Integer(sign)


def _digitless(number: Expr) -> bool:
    """Whether SymPy's sign of ``number`` needs no numerical value: it is not real, or infinite."""
    return bool(number.is_extended_real is False or number.has(*_INFINITE))


_INFINITE = (sp.S.Infinity, sp.S.NegativeInfinity, sp.S.ComplexInfinity, sp.S.NaN)


def _fixed_log(expr: Any, prec: int, options: dict[str, Any]) -> Any:
    """SymPy's log(x) where x rounded to 1 (it gave an exact 0 with full accuracy): then
    |x - 1| < 2^-(prec + 10), so log(x) = u (1 - u/2 + …) is u = x - 1 itself, known exactly as
    well as u is (a scaled zero, of unknown size, stays one: the caller raises its precision)."""
    result = _original_log(expr, prec, options)
    if len(expr.args) != 1 or result is sp.S.ComplexInfinity or result[1] is not None or result[0] != fzero:
        return result
    minus_one = sp.Add(sp.S.NegativeOne, expr.args[0], evaluate=False)
    u, imaginary, accuracy, _ = _evalf.evalf_add(minus_one, prec, options)
    if not u or imaginary or accuracy is None:  # x is 1 (its log is 0), or not real: as SymPy has it
        return result
    return u, None, min(accuracy, prec), None


if not _evalf.evalf_table:
    _evalf._create_evalf_table()
_original_log = _evalf.evalf_table[sp.log]
_original_sign = Expr._eval_is_extended_positive_negative
_original_n2 = _relational._n2
if getattr(_original_log, "__name__", "") != "_fixed_log":  # (once, however often imported)
    _evalf.evalf_table[sp.log] = _fixed_log
    Expr._eval_is_extended_positive_negative = _certified_sign
    _relational._n2 = _certified_difference
