"""Removable singularities the float sequence cannot see, looked at in high precision."""

from __future__ import annotations

import pytest

from checks.claims.check import check_claim
from checks.model.result import Verdict


@pytest.mark.parametrize(
    "claim",
    [
        "limit((sigmoid(x) - 1/2 - x/4)/x**3, x, 0) = -1/48",
        "limit((exp(x) - 1 - x - x**2/2)/x**3, x, 0) = 1/6",
        "limit((log(1 + exp(h)) - log(2) - h/2)/h**2, h, 0) = 1/8",
    ],
)
def test_a_limit_whose_float_sequence_cancels_is_verified_in_high_precision(claim):
    result = check_claim(claim)
    assert result.verdict is Verdict.VERIFIED
    assert not any("settle apart" in note for note in result.notes)


@pytest.mark.parametrize(
    "claim",
    [
        "limit((sigmoid(x) - 1/2 - x/4)/x**3, x, 0) = -1/24",
        "limit((log(1 + exp(h)) - log(2) - h/2)/h**2, h, 0) = 1/4",
    ],
)
def test_a_removable_singularity_with_the_wrong_value_is_refuted(claim):
    assert check_claim(claim).verdict is Verdict.REFUTED


def test_a_limit_whose_sides_differ_in_high_precision_too_is_never_verified():
    result = check_claim("limit(x/Abs(x), x, 0) = 1")
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("settle apart" in note for note in result.notes)
