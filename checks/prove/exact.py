"""Exact decisions of a sign: a rational function of one variable by real-root counting on its
span, a product by the signs of its factors, a quadratic by its (exact, rational) matrix.

Every answer is True (proved) or None (not decided): these never refute, the numbers do that.
"""

from __future__ import annotations

import itertools

import sympy as sp

from checks.prove.domains import Ranges, Span, span_of

#: The method names recorded in a verdict.
ROOTS = "exact real-root isolation"
FACTORS = "factor into signed factors"
QUADRATIC = "quadratic form positive semidefinite (exact minors)"

#: Larger polynomials are left to the other strategies (isolation and factoring grow fast).
MAX_DEGREE = 24
MAX_QUADRATIC_VARIABLES = 6


def decide(d: sp.Expr, strict: bool, ranges: Ranges | None = None) -> str | None:
    """The method that proves ``d > 0`` (``strict``) or ``d >= 0`` for every value of its
    variables in their spans (see :func:`checks.prove.domains.span_of`); None if none does."""
    try:
        e = sp.cancel(sp.together(d))
    except (sp.PolynomialError, ValueError, TypeError):
        return None
    if _univariate_sign(e, strict, ranges) is True:
        return ROOTS
    if _quadratic_sign(e, strict) is True:
        return QUADRATIC
    return FACTORS if _factor_signs(e, strict, ranges) is True else None


def _poly(e: sp.Expr, x: sp.Symbol) -> sp.Poly | None:
    """``e`` as a polynomial in ``x`` with rational coefficients, of bounded degree."""
    try:
        p = sp.Poly(e, x)
    except sp.PolynomialError:
        return None
    if not (p.domain.is_ZZ or p.domain.is_QQ) or p.degree() > MAX_DEGREE:
        return None
    return p


def _univariate_sign(e: sp.Expr, strict: bool, ranges: Ranges | None) -> bool | None:
    """``e > 0`` / ``e >= 0`` on the span of its one variable, by counting real roots (Sturm)."""
    if len(e.free_symbols) != 1:
        return None
    (x,) = e.free_symbols
    span = span_of(x, ranges)
    if span is None or not span.numeric:
        return None
    num, den = sp.fraction(e)
    n, m = _poly(num, x), _poly(den, x)
    if n is None or m is None or n.is_zero:
        return None
    # The claim speaks of every point of the span: the denominator must not vanish on it.
    if _roots_in(m.sqf_part(), span, interior_only=False):
        return None
    if strict:
        if _roots_in(n.sqf_part(), span, interior_only=False):
            return None
    else:
        # N changes sign only at roots of odd multiplicity; even ones touch 0 and leave it.
        odd = sp.Poly(1, x)
        for factor, k in n.sqf_list()[1]:
            if k % 2:
                odd *= factor
        if _roots_in(odd, span, interior_only=True):
            return None
    q = _test_point(n * m, span)
    if q is None:
        return None
    return bool(n.eval(q) * m.eval(q) > 0)


def _roots_in(p: sp.Poly, span: Span, *, interior_only: bool) -> bool:
    """Whether the square-free ``p`` has a real root in the span (only its open interior if
    ``interior_only``), counted exactly."""
    if p.degree() < 1:
        return False
    lo = None if span.lo == -sp.oo else span.lo
    hi = None if span.hi == sp.oo else span.hi
    count = p.count_roots(lo, hi)  # roots in the closed [lo, hi]
    for end, is_open in ((lo, span.lo_open), (hi, span.hi_open)):
        if end is not None and (is_open or interior_only) and p.eval(end) == 0:
            count -= 1
    return count > 0


def _test_point(p: sp.Poly, span: Span) -> sp.Rational | None:
    """A rational point inside the open span where ``p`` is not zero."""
    lo, hi = span.lo, span.hi
    candidates: list[sp.Expr]
    if lo == -sp.oo and hi == sp.oo:
        candidates = [sp.Integer(k) for k in range(p.degree() + 2)]
    elif hi == sp.oo:
        candidates = [lo + k for k in range(1, p.degree() + 3)]
    elif lo == -sp.oo:
        candidates = [hi - k for k in range(1, p.degree() + 3)]
    else:
        candidates = [lo + (hi - lo) * sp.Rational(k, p.degree() + 3) for k in range(1, p.degree() + 3)]
    return next((q for q in candidates if q.is_Rational and p.eval(q) != 0), None)


def _quadratic_sign(e: sp.Expr, strict: bool) -> bool | None:
    """A polynomial of degree 2 is ``>= 0`` everywhere iff its homogenised matrix
    ``M = [[A, b/2], [b/2, c]]`` is positive semidefinite (every principal minor ``>= 0``); it
    is ``> 0`` everywhere iff moreover no vector ``(x, 1)`` lies in M's kernel. Over all the
    reals, so a fortiori on any span."""
    xs = sorted(e.free_symbols, key=sp.default_sort_key)
    if not xs or len(xs) > MAX_QUADRATIC_VARIABLES or not all(x.is_real for x in xs):
        return None
    try:
        p = sp.Poly(e, *xs)
    except sp.PolynomialError:
        return None
    if not (p.domain.is_ZZ or p.domain.is_QQ) or p.total_degree() != 2:
        return None
    n = len(xs)
    m = sp.zeros(n + 1, n + 1)
    for monom, coeff in p.terms():
        where = [i for i, k in enumerate(monom) for _ in range(k)]
        i, j = ([*where, n, n])[:2]
        if i == j:
            m[i, i] += coeff
        else:
            m[i, j] += coeff / 2
            m[j, i] += coeff / 2
    rows = range(n + 1)
    minors = (
        m.extract(list(c), list(c)).det() for r in range(1, n + 2) for c in itertools.combinations(rows, r)
    )
    if not all(minor >= 0 for minor in minors):
        return False
    # q(x) = (x, 1)ᵀ M (x, 1) vanishes exactly where (x, 1) is in M's kernel.
    return not strict or all(v[n] == 0 for v in m.nullspace())


def _factor_sign(f: sp.Expr, ranges: Ranges | None) -> int | None:
    """+1 if ``f > 0`` on the spans, -1 if ``f < 0``, 0 if only ``f >= 0`` is known, else None."""
    if f.is_positive or _univariate_sign(f, True, ranges) or _quadratic_sign(f, True):
        return 1
    if f.is_negative or _univariate_sign(-f, True, ranges) or _quadratic_sign(-f, True):
        return -1
    if f.is_nonnegative or _univariate_sign(f, False, ranges) or _quadratic_sign(f, False):
        return 0
    return None


def _factor_signs(e: sp.Expr, strict: bool, ranges: Ranges | None) -> bool | None:
    """``e`` factored; the product's sign from each factor's (an even power is ``>= 0``)."""
    try:
        factored = sp.factor(e)
    except (sp.PolynomialError, ValueError, TypeError):
        return None
    negative, weak = 0, False
    for factor in sp.Mul.make_args(factored):
        base, k = factor.as_base_exp()
        if not (k.is_Integer and base.is_real):
            base, k = factor, sp.Integer(1)
        sign = _factor_sign(base, ranges)
        if sign is None and k.is_even:
            sign, k = 0, sp.Integer(1)  # a real number to an even power is >= 0
        if sign is None:
            return None
        if sign == 0:
            weak = True
        elif sign < 0 and k.is_odd:
            negative += 1
    if weak and (strict or negative % 2):
        return None
    return negative % 2 == 0
