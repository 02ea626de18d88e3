"""Exact refutation certifies a difference of any size with no tolerance, and never a tie."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from checks.numeric.certify import certify_failure, certify_holding, distinct_texts, exactly_equal_at
from checks.numeric.exact import exact_value

x = sp.Symbol("x", real=True)
THIRD = {x: sp.Rational(1, 3)}


def _soon() -> float:
    return time.monotonic() + 5


@pytest.mark.parametrize(
    ("left", "rel", "right", "how"),
    [
        (sp.factorial(25), "=", sp.Integer(15511210043330985984000001), "exact rational arithmetic"),
        (x + sp.Rational(1, 10**12), "=", x, "exact rational arithmetic"),
        (1 + sp.exp(-50), "=", sp.Integer(1), "interval arithmetic, 60 digits"),
        (1 + x * sp.exp(-1000), "<=", sp.Integer(1), "interval arithmetic, 1000 digits"),
        (x, "<", x, "exact rational arithmetic"),
    ],
)
def test_a_difference_of_any_size_is_certified_with_the_arithmetic_that_sees_it(left, rel, right, how):
    found = certify_failure(left, rel, right, THIRD, _soon())
    assert found is not None and found.how == how


@pytest.mark.parametrize(
    ("left", "rel", "right"),
    [
        (sp.exp(x) ** 2, "=", sp.exp(2 * x)),
        (x, "<=", x),
        (sp.log(sp.exp(x) + 1), ">", x),
        (1 + sp.exp(-50), ">", 1),
    ],
)
def test_equal_or_correctly_ordered_sides_are_never_certified_to_fail(left, rel, right):
    assert certify_failure(left, rel, right, THIRD, _soon()) is None


def test_no_time_left_certifies_nothing_that_needs_intervals():
    assert certify_failure(1 + sp.exp(-50), "=", sp.Integer(1), THIRD, time.monotonic() - 1) is None


def test_values_are_shown_in_as_many_digits_as_tell_them_apart():
    left, right = distinct_texts(1 + sp.exp(-50), sp.Integer(1))
    assert left != right and left.startswith("1.0000000000000000000001")


def _big_pow(base: int, exponent: int) -> sp.Expr:
    return sp.Pow(sp.Integer(base), exponent, evaluate=False)


RATIO = sp.factorial(1000, evaluate=False) / sp.factorial(999, evaluate=False)
NEAR_E = sp.Pow(1 + sp.Rational(1, 10**100), 10**100, evaluate=False)


@pytest.mark.parametrize(
    ("left", "rel", "right", "how"),
    [
        (RATIO, "=", 1000, "exact rational arithmetic"),
        (_big_pow(2, 10000), ">", _big_pow(10, 3010), "exact rational arithmetic"),
        (_big_pow(10, -500) * _big_pow(10, 500), "=", 1, "exact rational arithmetic"),
        (NEAR_E, "<", sp.E, "interval arithmetic, 400 digits"),
        (sp.log(1 + sp.exp(1000)) - 1000, "<", _big_pow(10, -400), "interval arithmetic, 1000 digits"),
        (sp.exp(sp.Integer(1000)), ">=", _big_pow(10, 434), "interval arithmetic, 60 digits"),
    ],
)
def test_constants_past_the_float_range_are_certified_to_hold(left, rel, right, how):
    found = certify_holding(sp.sympify(left), rel, sp.sympify(right), _soon())
    assert found is not None and found.how == how


@pytest.mark.parametrize(
    ("left", "rel", "right"),
    [
        (RATIO, "=", 999),
        (_big_pow(2, 10000), ">", _big_pow(10, 3011)),
        (NEAR_E, ">=", sp.E),
        (sp.exp(sp.Integer(1000)) * sp.exp(sp.Integer(-999)), "=", sp.E),  # equal, but no interval shows it
        (_big_pow(2, 10), "<", 1024),
    ],
)
def test_false_or_tied_constants_are_never_certified_to_hold(left, rel, right):
    assert certify_holding(sp.sympify(left), rel, sp.sympify(right), _soon()) is None


def test_exact_values_refuse_numbers_too_large_to_compute():
    assert exact_value(NEAR_E) is None
    assert exact_value(sp.factorial(10**7, evaluate=False)) is None
    assert exact_value(sp.factorial(2000, evaluate=False) / sp.factorial(1998, evaluate=False)) == 2000 * 1999
    assert exact_value(sp.exp(1)) is None


def test_a_strict_relation_between_sides_sympy_evaluates_alike_fails_on_the_tie():
    found = certify_failure(sp.exp(x) ** 2, "<", sp.exp(2 * x), THIRD, _soon())
    assert found is not None and found.how == "an exact tie"
    assert certify_failure(sp.exp(x) ** 2, "<=", sp.exp(2 * x), THIRD, _soon()) is None


def test_a_number_kept_unevaluated_is_never_carried_out_to_look_for_a_tie():
    huge = sp.Pow(1 + sp.Rational(1, 10**100), 10**100, evaluate=False)
    started = time.monotonic()
    assert exactly_equal_at(huge, sp.E, {}) is False
    assert time.monotonic() - started < 1
    assert exactly_equal_at(sp.sqrt(2) * x, sp.sqrt(2) * x, THIRD) is True
