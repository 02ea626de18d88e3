"""Sample points where a claim in one scalar could fail that random points miss: the rational
roots of its difference (a tie breaks a strict inequality: (x - 1/3)² > 0 at x = 1/3) and a
rational point between each two neighbouring real roots (x⁴ - 4x² + 3.99999 > 0 dips below
zero only between 1.41420 and 1.41423). They join the sample like any point, so a failure
there is confirmed and certified as anywhere else; they never prove anything."""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import sympy as sp

from checks.claims.case import SYMPY_ERRORS, Case, has_limit
from checks.claims.scope import Scope
from checks.errors import StepTimeout
from checks.model import Kind
from checks.numeric.sampling import Sample
from checks.prove.domains import Span, ranges_of, span_of
from checks.timeout import deadline

#: Scalars whose every real value in their span is a value the claim speaks of.
_CONTINUOUS = frozenset({Kind.REAL, Kind.POSITIVE, Kind.UNIT, Kind.OPEN_UNIT})
#: Polynomials of higher degree are left alone (isolating their roots grows fast).
MAX_DEGREE = 24
#: Points added at most, and seconds spent at most finding them.
MOST_POINTS = 12
SECONDS = 1.0


def witness_points(cases: list[Case], scope: Scope, end: float) -> list[Sample]:
    """The witness points of a claim in one real scalar (see the module's docstring)."""
    variables = scope.variables
    if len(variables) != 1 or variables[0].size is not None or variables[0].kind not in _CONTINUOUS:
        return []
    var = variables[0]
    (x,) = var.symbols
    span = span_of(x, ranges_of(variables))
    if span is None or not span.numeric:
        return []
    found: list[sp.Rational] = []
    try:
        with deadline(max(min(end - time.monotonic(), SECONDS), 1e-3)):
            for case in cases:
                for q in _candidates(case, x, span):
                    if q not in found:
                        found.append(q)
    except (StepTimeout, *SYMPY_ERRORS):
        pass  # the points found so far
    return [Sample({var.name: (Fraction(int(q.p), int(q.q)),)}, "adversarial") for q in found[:MOST_POINTS]]


def _candidates(case: Case, x: sp.Symbol, span: Span) -> list[sp.Rational]:
    if case.failure is not None:
        return []
    left, right = case.left, case.right
    if not all(isinstance(s, sp.Expr) and not has_limit(s) for s in (left, right)):
        return []
    difference = sp.cancel(sp.together(left - right))
    if difference.free_symbols != {x}:
        return []
    numerator, denominator = sp.fraction(difference)
    try:
        n, m = sp.Poly(numerator, x), sp.Poly(denominator, x)
    except sp.PolynomialError:
        return []
    rational = all((p.domain.is_ZZ or p.domain.is_QQ) and p.degree() <= MAX_DEGREE for p in (n, m))
    if not rational or n.degree() < 1:
        return []
    isolated = sorted((sp.Rational(a), sp.Rational(b)) for (a, b), _ in n.sqf_part().intervals())
    # The rational roots (the linear factors over the rationals).
    points = [-f.nth(0) / f.nth(1) for f, _ in n.factor_list()[1] if f.degree() == 1]
    # A rational point between each two neighbouring roots, and one beyond each end.
    points += [(b1 + a2) / 2 for (_, b1), (a2, _) in itertools.pairwise(isolated)]
    if isolated:
        points += [isolated[0][0] - 1, isolated[-1][1] + 1]
    return [q for q in points if _inside(q, span) and m.eval(q) != 0]


def _inside(q: sp.Rational, span: Span) -> bool:
    above = q > span.lo or (q == span.lo and not span.lo_open)
    below = q < span.hi or (q == span.hi and not span.hi_open)
    return bool(above and below)
