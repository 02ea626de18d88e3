"""The polynomial-ring zero test: what it proves, and that it never claims more than it can."""

from __future__ import annotations

import mpmath
import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checks.prove import ring
from checks.prove.ring import RingZeroTest
from tests.checks.expr_strategies import expressions

x0, x1, x2 = sp.symbols("x0:3", real=True)
a = sp.Symbol("a", real=True)
S = sp.exp(x0) + sp.exp(x1) + sp.exp(x2)


def _test(*exprs: sp.Expr) -> RingZeroTest:
    return RingZeroTest(list(exprs))


def test_a_softmax_jacobian_entry_is_proved_equal_to_its_closed_form():
    s0, s1 = sp.exp(x0) / S, sp.exp(x1) / S
    entry = sp.diff(s0, x1)
    assert _test(entry, -s0 * s1).is_zero_difference(entry, -s0 * s1) is True


def test_negative_and_multiple_exponents_are_powers_of_the_same_indeterminate():
    lhs, rhs = sp.exp(2 * x0 - x1) * sp.exp(x1), sp.exp(x0) ** 2
    assert _test(lhs, rhs).is_zero_difference(lhs, rhs) is True


def test_plain_symbols_and_exponentials_mix():
    lhs, rhs = (a + sp.exp(a)) ** 2, a**2 + 2 * a * sp.exp(a) + sp.exp(2 * a)
    assert _test(lhs, rhs).is_zero_difference(lhs, rhs) is True


def test_a_wrong_claim_is_undecided_never_refuted_or_proved():
    s0, s1 = sp.exp(x0) / S, sp.exp(x1) / S
    wrong = s0 * (1 - s1)
    assert _test(sp.diff(s0, x1), wrong).is_zero_difference(sp.diff(s0, x1), wrong) is None


def test_an_opaque_atom_is_one_indeterminate_wherever_it_occurs():
    lse = sp.log(S)
    for lhs, rhs in (
        (2 * lse - lse * sp.exp(x0) / sp.exp(x0), lse),
        ((sp.exp(a / 2) + x0) * x1, x1 * sp.exp(a / 2) + x0 * x1),
        (sp.Max(x0, x1) * sp.pi + sp.pi, sp.pi * (1 + sp.Max(x0, x1))),
        (sp.exp(a + 1), sp.E * sp.exp(a)),  # exp of a constant is a power of E
        (sp.exp(2 * a * x0 - x1) * sp.exp(x1), sp.exp(a * x0) ** 2),  # exp of products
    ):
        assert _test(lhs, rhs).is_zero_difference(lhs, rhs) is True, lhs


def test_what_needs_a_look_inside_an_atom_or_is_inexact_is_left_to_the_ladder():
    for lhs, rhs in (
        (sp.log(2 * sp.exp(a)), sp.log(2) + a),  # log rules
        (sp.sqrt(a) * sp.sqrt(a + 1), sp.sqrt(a**2 + a)),  # fractional powers
        (sp.Float(0.5) * a, a / 2),  # floats are not exact
    ):
        assert _test(lhs, rhs).is_zero_difference(lhs, rhs) is None, lhs


def test_dividing_by_something_that_is_identically_zero_is_not_decided():
    hidden_zero = (a + 1) ** 2 - a**2 - 2 * a - 1  # not structurally 0, but the zero polynomial
    lhs = 1 / hidden_zero
    assert _test(lhs, sp.Integer(0)).is_zero_difference(lhs, sp.Integer(0)) is None


def test_a_numerator_past_the_term_limit_is_left_to_the_ladder(monkeypatch):
    monkeypatch.setattr(ring, "MAX_TERMS", 10)
    big = sp.Add(*[sp.exp(s) for s in (x0, x1, x2)]) ** 4
    assert _test(big, sp.expand(big)).is_zero_difference(big, sp.expand(big)) is None


def test_equal_denominators_are_shared_not_multiplied_out():
    t = _test(S)
    first = t._convert(sp.exp(x0) / S**2, False)
    second = t._convert(sp.exp(x1) / S**2, False)
    total = t._add(first, second)
    assert total.den == first.den == second.den and len(total.num) == 2


def test_the_coarse_reading_proves_a_jacobian_entry_with_the_sum_as_one_indeterminate():
    s0 = sp.exp(x0) / S
    entry = sp.diff(s0, x0)
    t = _test(entry, s0 * (1 - s0))
    assert t.is_zero_difference(entry, s0 * (1 - s0), coarse=True) is True
    # The reading keeps 1/S small: the fraction's denominator is one indeterminate, not 3 terms.
    assert len(t._convert(1 / S, True).num) == 1 and len(t._factors[0]) == 1


def test_what_needs_the_terms_of_the_sum_is_left_to_the_fine_reading():
    total = sp.exp(x0) / S + sp.exp(x1) / S + sp.exp(x2) / S
    t = _test(total, sp.Integer(1))
    assert t.is_zero_difference(total, sp.Integer(1), coarse=True) is None
    assert t.is_zero_difference(total, sp.Integer(1)) is True


def test_the_coarse_reading_never_divides_by_a_sum_that_is_identically_zero():
    hidden_zero = (a + 1) ** 2 - a**2 - 2 * a - 1
    lhs, rhs = (1 + x0) / hidden_zero, 1 / hidden_zero + x0 / hidden_zero
    assert lhs != rhs and _test(lhs, rhs).is_zero_difference(lhs, rhs, coarse=True) is None


# -- property: whatever the ring test proves holds at every point ----------------------------

_exprs = expressions(
    (x0, x1, a, sp.Integer(2), sp.Rational(1, 3)),
    (-1, 2),
    (sp.exp, lambda p: sp.log(1 + sp.exp(p))),
)


def _close_everywhere(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    f = sp.lambdify((x0, x1, a), lhs - rhs, "mpmath")
    with mpmath.workdps(40):
        for point in ((0.3, -0.7, 1.1), (-1.2, 0.4, 0.5), (0.9, 1.3, 2.0)):
            try:
                value = f(*(mpmath.mpf(v) for v in point))
            except (ZeroDivisionError, ValueError, OverflowError):
                continue  # outside the domain: the identity claims nothing there
            if abs(value) > mpmath.mpf(10) ** -25 * (1 + abs(mpmath.mpf(1))):
                return False
    return True


@settings(max_examples=200, deadline=None)
@given(_exprs, _exprs, st.sampled_from(["expand", "together", "negate", "swap", "other"]))
@example(sp.exp(x0), a, "negate")  # exp(-x) must not be taken for exp(x)
@example(sp.exp(x0 - x1) / (1 + sp.exp(x1)), a, "swap")
@example(sp.log(1 + sp.exp(2 * x0)) * sp.exp(-x1), a, "swap")
def test_whatever_the_ring_test_proves_holds_numerically(lhs, other, how):
    rhs = {
        "expand": lambda: sp.expand(lhs),
        "together": lambda: sp.together(lhs),
        "negate": lambda: sp.expand(lhs.xreplace({x0: -x0})),  # equal only if even in x0
        "swap": lambda: sp.expand(lhs.xreplace({x0: x1, x1: x0})),  # equal only if symmetric
        "other": lambda: other,
    }[how]()
    t = _test(lhs, rhs)
    if t.is_zero_difference(lhs, rhs) is True or t.is_zero_difference(lhs, rhs, coarse=True) is True:
        assert _close_everywhere(lhs, rhs), (lhs, rhs)


@settings(max_examples=100, deadline=None)
@given(_exprs)
def test_a_rewritten_product_with_a_changed_term_is_never_proved(lhs):
    wrong = sp.expand(lhs) + sp.exp(x0) * x1 / 7
    assert _test(lhs, wrong).is_zero_difference(lhs, wrong) is not True
