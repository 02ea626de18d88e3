"""Claims in one scalar that fail only where random points never land: roots and dips."""

from __future__ import annotations

import pytest

from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_assumption
from checks.model.result import Verdict


@pytest.mark.parametrize(
    ("claim", "point"),
    [
        ("(x - 1/3)**2 > 0", {"x": "1/3"}),  # a tie at a root no sample hits
        ("(x - 1/7)**2 > 0", {"x": "1/7"}),
        ("(2*x - 1)**2*(x + 5) > 0", {"x": "1/2"}),
        ("x**4 - 4*x**2 + 399999/100000 > 0", None),  # below zero only between 1.41420 and 1.41423
    ],
)
def test_a_claim_failing_only_at_a_root_or_in_a_narrow_dip_is_refuted(claim, point):
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.REFUTED, result.notes
    if point is not None:
        assert result.counterexample is not None and result.counterexample["point"] == point


def test_a_witness_outside_the_declared_span_is_never_used():
    # (p - 3)² > 0 fails at p = 3 only, outside 0 < p < 1: the claim is true there.
    declarations = Declarations(scalars=(parse_assumption("0 < p < 1"),))
    assert check_claim("(p - 3)**2 > 0", declarations, pretty=False).verdict is Verdict.VERIFIED
    inside = check_claim("(p - 1/3)**2 > 0", declarations, pretty=False)
    assert inside.verdict is Verdict.REFUTED


@pytest.mark.parametrize("claim", ["(x - 1/3)**2 >= 0", "x**4 - 4*x**2 + 4 >= 0"])
def test_true_claims_with_roots_stay_verified(claim):
    assert check_claim(claim, pretty=False).verdict is Verdict.VERIFIED


def test_the_point_shown_is_the_point_where_the_claim_fails_not_a_rounding_of_it():
    # Shown in six digits it was x = 125001, where the claim holds.
    result = check_claim("(x - 12345678901/98765)**2 > 0", pretty=False)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample["point"] == {"x": "12345678901/98765"}
