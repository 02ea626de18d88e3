"""Exact decisions: real-root counting, signed factors, quadratic forms; never a false proof."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.prove.domains import UNIT_CLOSED, UNIT_OPEN, Span
from checks.prove.exact import FACTORS, QUADRATIC, ROOTS, decide

x = sp.Symbol("x", real=True)
a, b = sp.symbols("a b", real=True)
p = sp.Symbol("p", positive=True)


def test_a_quartic_touching_zero_is_proved_nonnegative_by_root_isolation():
    assert decide(x**4 + 3 - 4 * x, False) == ROOTS


def test_the_same_quartic_is_not_proved_positive_nor_a_steeper_one_nonnegative():
    assert decide(x**4 + 3 - 4 * x, True) is None  # 0 at x = 1
    assert decide(x**4 + 3 - 5 * x, False) is None  # negative near x = 1.1


def test_a_quadratic_without_real_roots_is_positive():
    assert decide(x**2 - x + 1, True) == ROOTS


def test_a_declared_range_decides_what_the_real_line_does_not():
    assert decide(p - p**2, False, {p: UNIT_CLOSED}) == ROOTS
    assert decide(p - p**2, False) is None  # false for p > 1
    assert decide(p**2 - p, False, {p: UNIT_OPEN}) is None  # p**2 >= p is false on (0, 1)


def test_an_open_end_may_be_a_root_for_a_strict_claim_and_a_closed_one_may_not():
    assert decide(p**2 - p**3, True, {p: UNIT_OPEN}) == ROOTS
    assert decide(p**2 - p**3, True, {p: UNIT_CLOSED}) is None


def test_a_rational_function_with_a_pole_in_the_span_is_left_undecided():
    assert decide(1 / (x - 1) ** 2, True) is None  # undefined at 1
    assert decide(1 / p + 1 / (1 - p) - 4, False, {p: UNIT_OPEN}) == ROOTS


def test_a_quadratic_form_is_decided_by_its_minors():
    assert decide(a**2 - a * b + b**2, False) in (QUADRATIC, FACTORS)
    assert decide(a**2 + b**2 - 2 * a * b + 1, True) == QUADRATIC
    assert decide(a**2 - 3 * a * b + b**2, False) is None


def test_a_product_is_decided_by_the_signs_of_its_factors():
    q = sp.Symbol("q", positive=True)
    ranges = {p: UNIT_OPEN, q: UNIT_OPEN}
    assert decide(1 - p - q + p * q, True, ranges) == FACTORS  # (1 - p)(1 - q)
    assert decide(p + q - p * q - 1, True, ranges) is None


_coefficients = st.lists(st.integers(-4, 4), min_size=1, max_size=6)
_spans = st.sampled_from(
    [
        Span(-sp.oo, sp.oo),
        Span(sp.Integer(0), sp.oo),
        UNIT_OPEN,
        UNIT_CLOSED,
        Span(sp.Integer(-2), sp.Integer(3)),
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    _coefficients,
    _spans,
    st.booleans(),
    st.lists(st.fractions(-50, 50, max_denominator=64), min_size=8, max_size=8),
)
def test_whatever_root_isolation_proves_holds_at_random_points_of_the_span(coeffs, span, strict, points):
    poly = sum(c * x**k for k, c in enumerate(coeffs))
    t = sp.Symbol("t", real=True)
    claim = poly.subs(x, t)
    if decide(claim, strict, {t: span}) is None:
        return
    for q in points:
        value = sp.Rational(q.numerator, q.denominator)
        if (
            span.contains(value)
            or (value == span.lo and not span.lo_open)
            or (value == span.hi and not span.hi_open)
        ):
            at = claim.subs(t, value)
            assert at > 0 if strict else at >= 0, (claim, span, value)
    assert isinstance(points[0], Fraction)
