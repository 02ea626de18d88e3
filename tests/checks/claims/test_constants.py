"""Claims between constants past the float range: certified exactly or by intervals, both ways."""

from __future__ import annotations

import pytest

from checks.claims.check import check_claim
from checks.model.result import Verdict


@pytest.mark.parametrize(
    ("claim", "method"),
    [
        ("factorial(1000)/factorial(999) = 1000", "exact rational arithmetic (no free variables)"),
        ("2**10000 > 10**3010", "exact rational arithmetic (no free variables)"),
        ("(1 + 10**(-100))**(10**100) < E", "interval arithmetic, 400 digits (no free variables)"),
        ("tanh(1000) < 1", "interval arithmetic, 1000 digits (no free variables)"),
    ],
)
def test_a_true_claim_between_constants_is_verified_by_its_certificate(claim, method):
    result = check_claim(claim)
    assert result.verdict is Verdict.VERIFIED
    assert result.method == method


def test_an_equality_of_irrational_constants_needs_its_symbolic_proof_and_high_precision():
    # e^1000 overflows floats: the point is evaluated in 60 and 120 digits instead.
    result = check_claim("exp(1000)*exp(-999) = E")
    assert result.verdict is Verdict.VERIFIED
    assert "no sample point" not in " ".join(result.notes)


@pytest.mark.parametrize(
    "claim",
    [
        "factorial(1000)/factorial(999) = 999",
        "2**10000 > 10**3011",
        "(1 + 10**(-100))**(10**100) > E",
        "exp(1000)*exp(-999) = 2",
    ],
)
def test_a_false_claim_between_constants_is_refuted(claim):
    result = check_claim(claim)
    assert result.verdict is Verdict.REFUTED


def test_a_point_past_the_float_range_counts_when_high_precision_agrees():
    # e^{1000 + x^2} overflows floats at every sample point.
    result = check_claim("exp(1000 + x**2)*exp(-1000 - x**2) = 1")
    assert result.verdict is Verdict.VERIFIED


def test_a_false_claim_past_the_float_range_is_not_verified_by_high_precision():
    result = check_claim("exp(1000 + x**2) > 2*exp(1000 + x**2)")
    assert result.verdict is Verdict.REFUTED
