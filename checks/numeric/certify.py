"""Exact refutation: certify at a rational point, with no tolerance, that two sides differ."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from checks.errors import StepTimeout
from checks.numeric.compare import aligned, entries, surely_violated
from checks.numeric.compiled import enclosures
from checks.numeric.evaluate import interval_ends
from checks.numeric.exact import exact_value
from checks.timeout import deadline

#: The interval precisions (decimal digits) tried in turn while time lasts: a difference of
#: 10^-12 shows at the first, e^-50 next to 1 too, e^-1000 next to 1 only at the fourth.
EXACT_DIGITS: tuple[int, ...] = (60, 150, 400, 1000, 2500)

_ERRORS = (ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError, NotImplementedError)


@dataclass(frozen=True)
class Certified:
    """Both sides' values at the point, and how the failure was certified."""

    lefts: list[Any]
    rights: list[Any]
    how: str  # "exact rational arithmetic" or "interval arithmetic, D digits"


def _sign_fails(difference: sp.Rational, rel: str) -> bool:
    """Whether ``left REL right`` fails, given ``left - right`` exactly."""
    if rel == "=":
        return difference != 0
    if rel == "<":
        return difference >= 0
    if rel == "<=":
        return difference > 0
    if rel == ">":
        return difference <= 0
    return difference < 0


def _exact(lefts: Sequence[Any], rel: str, rights: Sequence[Any], point: Mapping[Any, sp.Rational]) -> bool:
    """Whether SymPy's own evaluation at the rational point is rational on both sides and
    fails the relation for some entry (factorial(25) against 15511210043330985984000001)."""
    for left, right in aligned(list(lefts), list(rights)):
        if not (rounds_exactly(left, point) and rounds_exactly(right, point)):
            continue
        try:
            a, b = sp.sympify(left).xreplace(point), sp.sympify(right).xreplace(point)
        except _ERRORS:
            continue
        if a.is_Rational and b.is_Rational and _sign_fails(a - b, rel):
            return True
    return False


def certify_failure(
    left: Any, rel: str, right: Any, point: Mapping[Any, sp.Rational], end: float
) -> Certified | None:
    """``left REL right`` (scalars or matrices of SymPy expressions) certified to fail at the
    exact rational ``point``, with no tolerance: by exact rational arithmetic where both sides
    are rational there, else by interval arithmetic at rising precision until ``end`` (a
    ``time.monotonic`` value). None when nothing certifies it (the sides may be equal).

    Sound for any difference however small: the intervals enclose the true values, so
    disjoint intervals mean different numbers. A strict relation at an exact tie fails too,
    but only the exact arithmetic sees a tie (intervals of equal values always overlap).
    """
    lefts, rights = entries(left), entries(right)
    exact = _exact(lefts, rel, rights, point)
    # A strict relation between sides SymPy evaluates to the same number fails on that tie,
    # rational or not (e^{1/3} < e^{1/3}).
    tie = not exact and rel in ("<", ">") and exactly_equal_at(left, right, dict(point))
    if exact or tie:
        values = (
            [sp.sympify(e).xreplace(point) for e in lefts],
            [sp.sympify(e).xreplace(point) for e in rights],
        )
        return Certified(*values, "exact rational arithmetic" if exact else "an exact tie")
    for digits in EXACT_DIGITS:
        if time.monotonic() >= end:
            return None
        try:
            lows, highs = enclosures(lefts, point, digits), enclosures(rights, point, digits)
        except _ERRORS:
            return None
        if lows is None or highs is None:
            return None
        if surely_violated(lows, rel, highs, 0.0, 0.0):
            with mpmath.workdps(digits):
                middles = [_middle(v) for v in lows], [_middle(v) for v in highs]
            return Certified(*middles, f"interval arithmetic, {digits} digits")
    return None


def certify_holding(left: Any, rel: str, right: Any, end: float) -> Certified | None:
    """``left REL right`` between constants (no free symbol) certified to hold: by exact
    rational arithmetic where both sides are rational (any relation, however large the
    numbers: see :func:`checks.numeric.exact.exact_value`), else by intervals that lie apart
    in the right order at rising precision until ``end``. Intervals never certify an equality
    (equal values always overlap), nor a non-strict inequality at a tie. None if uncertified.
    """
    lefts, rights = entries(left), entries(right)
    pairs = aligned(lefts, rights)
    exact = [(exact_value(sp.sympify(a)), exact_value(sp.sympify(b))) for a, b in pairs]
    rationals = [(sp.Rational(a), sp.Rational(b)) for a, b in exact if a is not None and b is not None]
    if pairs and len(rationals) == len(pairs):
        if any(_sign_fails(a - b, rel) for a, b in rationals):
            return None
        return Certified([a for a, _ in rationals], [b for _, b in rationals], "exact rational arithmetic")
    if rel == "=" or not pairs:
        return None
    for digits in EXACT_DIGITS:
        if time.monotonic() >= end:
            return None
        try:
            lows, highs = enclosures(lefts, {}, digits), enclosures(rights, {}, digits)
        except _ERRORS:
            return None
        if lows is None or highs is None:
            return None
        if all(_apart_in_order(a, rel, b) for a, b in aligned(lows, highs)):
            with mpmath.workdps(digits):
                middles = [_middle(v) for v in lows], [_middle(v) for v in highs]
            return Certified(*middles, f"interval arithmetic, {digits} digits")
    return None


def _apart_in_order(left: Any, rel: str, right: Any) -> bool:
    """Whether every value of the interval ``left`` stands in ``rel`` to every value of
    ``right``, strictly (so a non-strict relation holds too)."""
    (llo, lhi), (rlo, rhi) = interval_ends(left), interval_ends(right)
    if not all(mpmath.isfinite(v) for v in (llo, lhi, rlo, rhi)):
        return False
    return bool(lhi < rlo) if rel in ("<", "<=") else bool(llo > rhi)


def _middle(value: Any) -> Any:
    low, high = interval_ends(value)
    return (low + high) / 2


def distinct_texts(left: Any, right: Any, most: int = 30) -> tuple[str, str]:
    """The two values in as few significant digits (at least 6) as tell them apart; past
    ``most`` digits the left one is written as the right one plus the difference."""
    with mpmath.workdps(EXACT_DIGITS[-1] + 20):
        try:
            a, b = (
                v if isinstance(v, mpmath.mpf) else mpmath.mpf(str(sp.N(v, EXACT_DIGITS[-1] + 20)))
                for v in (left, right)
            )
        except _ERRORS:
            return str(left), str(right)
        digits = 6
        while digits <= most and mpmath.nstr(a, digits) == mpmath.nstr(b, digits):
            digits *= 2
        if digits <= most:
            return mpmath.nstr(a, digits), mpmath.nstr(b, digits)
        difference = a - b
        sign = "-" if difference < 0 else "+"
        return f"{mpmath.nstr(b, 15)} {sign} {mpmath.nstr(abs(difference), 6)}", mpmath.nstr(b, 15)


#: Seconds spent making a refuted link's residual readable.
_RESIDUAL_BUDGET = 0.3


def residual_text(left: Any, right: Any, limit: int = 160) -> str | None:
    """The difference of a refuted link's two sides, itself (not a numerator of it), in the
    shorter of its plain and its cancelled form."""
    try:
        difference = sp.sympify(left - right)
    except (*_ERRORS, sp.SympifyError):
        return None
    forms = [difference]
    try:
        with deadline(_RESIDUAL_BUDGET):
            forms.append(sp.cancel(sp.together(difference)))
    except (StepTimeout, *_ERRORS):
        pass
    text = min((sp.sstr(e) for e in forms), key=len)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: The roundings SymPy carries out when built, from a few digits of their argument.
_ROUNDINGS = (sp.floor, sp.ceiling, sp.frac)


def rounds_exactly(expr: object, point: Mapping[Any, Any]) -> bool:
    """Whether every floor, ceiling and frac of ``expr`` has a rational argument at ``point``:
    only then is SymPy's own value of it exact. SymPy rounds an irrational argument from a few
    digits: floor(tanh(500)) is 1 to it, though tanh(500) < 1."""
    if not isinstance(expr, sp.Basic):
        return True
    try:
        return all(f.args[0].xreplace(dict(point)).is_Rational for f in expr.atoms(*_ROUNDINGS))
    except _ERRORS:
        return False


def exactly_equal_at(left: object, right: object, point: dict[sp.Symbol, sp.Rational]) -> bool:
    """Whether SymPy's own evaluation of ``left - right`` at the exact rational ``point`` is
    zero, entry by entry. No simplification: a tie that needs one is not seen (False).

    A strict relation whose sides agree to every digit tried fails only on an exact tie:
    ``σ(500) < 1`` has a gap of 1e-218, which no working precision is sure to see.
    """
    if any(isinstance(e, sp.Basic) and e.has(sp.Limit, sp.Derivative, sp.Integral) for e in (left, right)):
        return False
    lefts, rights = entries(left), entries(right)
    if len(lefts) != len(rights) and 1 not in (len(lefts), len(rights)):
        return False
    if any(_held_back(e) for e in (*lefts, *rights)):
        return False  # subtracting would carry out a number the reader kept unevaluated
    if not all(rounds_exactly(e, point) for e in (*lefts, *rights)):
        return False
    try:
        return all(
            sp.sympify(a).xreplace(point) - sp.sympify(b).xreplace(point) == 0
            for a, b in aligned(lefts, rights)
        )
    except (ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError, NotImplementedError):
        return False


def _held_back(expr: object) -> bool:
    """Whether ``expr`` holds a power of numbers or a factorial kept unevaluated because its
    exact value is astronomically large ((1 + 10^-100)^(10^100)): arithmetic on it (even
    ``a - b``) would carry it out."""
    if not isinstance(expr, sp.Basic):
        return False
    return any(
        (isinstance(e, sp.Pow) and e.base.is_Number and e.exp.is_Integer)
        or (isinstance(e, sp.factorial) and e.args[0].is_Integer)
        for e in sp.preorder_traversal(expr)
    )
