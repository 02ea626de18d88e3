"""Exact refutation certifies a difference of any size with no tolerance, and never a tie."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from checks.numeric.certify import certify_failure, distinct_texts

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
