"""The sign of a constant: certified by exact or interval arithmetic, never from SymPy's few
digits (SymPy's log(1 + u) was 0 for a tiny u, so a negative constant "was positive"), and the
first-derivative test's false verdicts that came of it."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_assumption
from checks.model.result import Verdict
from checks.prove.constant_sign import constant_sign
from checks.prove.sign import prove_relation

TINY = sp.Rational(1, 10**30)
#: 10⁻³⁰ - 10⁻⁶⁰/2 - log(1 + 10⁻³⁰) = -10⁻⁹⁰/3 + …: negative, and "positive" to SymPy's evalf(2).
NEGATIVE = TINY - TINY**2 / 2 - sp.log(1 + TINY)


def test_a_constant_negative_by_a_hair_is_certified_negative():
    assert constant_sign(NEGATIVE, strict=False) is False
    assert constant_sign(NEGATIVE, strict=True) is False
    assert constant_sign(-NEGATIVE, strict=True) is True


def test_zero_is_nonnegative_but_not_positive_and_an_undecidable_tie_is_not_decided():
    assert constant_sign(sp.Integer(0), strict=False) is True
    assert constant_sign(sp.Integer(0), strict=True) is False
    tie = sp.log(4, evaluate=False) - 2 * sp.log(2)  # 0, which no interval can tell from a hair
    assert constant_sign(tie, strict=True) is not True


def test_the_sign_prover_never_proves_a_product_with_a_negative_hair_nonnegative():
    x = sp.Symbol("x", positive=True)
    assert prove_relation(x * (TINY - TINY**2 / 2), ">=", x * sp.log(1 + TINY), {}, 5.0).proved is not True


@pytest.mark.parametrize(
    ("claim", "assume"),
    [
        ("log(1 + x) <= x - x**2/2 + x**3/3 - 10**-30*x**3", "x > 0"),  # fails below x = 3e-30
        ("log(1 + p) <= p - p**2/2 + p**3/3 - 10**-20*p**3", "0 < p < 1"),
        ("x + 10**-30 - 10**-60/2 >= log(1 + 10**-30)", "x > 0"),  # fails below x = 3e-91
        ("exp(x) - 1 + 10**-30 - 10**-60/2 >= log(1 + 10**-30)", "x > 0"),
        ("log(1 + 10**-30) <= 10**-30 - 10**-60/2 + x**2", "x > 0"),
        ("log(x) <= (1 - 10**-30)*(x - 1)", "x > 0"),  # fails at x = 1 - 10**-30
        ("log(x) <= (1 + 10**-30)*(x - 1)", "x > 0"),
    ],
)
def test_a_claim_false_only_near_zero_is_never_verified_by_the_first_derivative_test(claim, assume):
    result = check_claim(claim, Declarations(scalars=(parse_assumption(assume),)), pretty=False)
    assert result.verdict is not Verdict.VERIFIED, result.method


@pytest.mark.parametrize(
    "claim", ["log(1 + x) >= x - x**2/2", "log(1 + x) <= x - x**2/2 + x**3/3", "exp(x) >= 1 + x + x**2/2"]
)
def test_the_true_taylor_bounds_are_still_proved_by_the_first_derivative_test(claim):
    result = check_claim(claim, Declarations(scalars=(parse_assumption("x > 0"),)), pretty=False)
    assert result.verdict is Verdict.VERIFIED, result.notes
