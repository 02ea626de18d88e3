"""Differences under every float tolerance, in limits and at the sampler's later points, refuted exactly."""

from __future__ import annotations

import pytest

from checks.claims.check import check_claim
from checks.model.result import Verdict


@pytest.mark.parametrize(
    ("claim", "right"),
    [
        ("limit(l*log(1+1/l), l, oo) = 1 + 10**(-9)", "1.000000001"),
        ("limit((1+1/l)**l, l, oo) = 2.718281828459045", "2.718281828459045"),
        ("limit((1+1/l)**l, l, oo) = E + 10**(-30)", None),
        ("limit(exp(-1/l), l, oo) = 1 - exp(-45)", None),
        ("limit(x*log(x), x, 0, '+') = 10**(-20)", None),
        ("limit(l*(exp(a/l) - 1), l, oo) = a*(1 + 10**(-10))", None),
    ],
)
def test_a_limit_off_by_less_than_the_float_tolerance_is_refuted_with_the_gap_shown(claim, right):
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.REFUTED, result.notes
    cex = result.counterexample
    assert cex is not None and cex["left"] != cex["right"]  # the digits tell the two apart
    if right is not None:
        assert cex["right"] == right


@pytest.mark.parametrize(
    "claim",
    [
        "limit(l*log(1+1/l), l, oo) = 1",
        "limit((1+1/l)**l, l, oo) = E",
        "limit(x*log(x), x, 0, '+') = 0",
        "limit(l*(exp(a/l) - 1), l, oo) = a",
    ],
)
def test_the_exact_limits_themselves_stay_verified(claim):
    assert check_claim(claim, pretty=False).verdict is Verdict.VERIFIED


def test_a_sequence_too_slow_to_settle_inside_the_gap_refutes_nothing():
    # 1/log(l) is still 0.007 at l = 10^64: it cannot tell 0 from 10^-40, so sympy.limit alone
    # would be the only witness.
    result = check_claim("limit(1/log(l), l, oo) = 10**(-40)", pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE


@pytest.mark.parametrize(
    ("claim", "vectors"),
    [
        ("KL(p, q) >= 10**(-20)", ("p:3:probabilities", "q:3:probabilities")),
        ("logsumexp(x) >= Max(x[0], x[1]) + exp(-60)", ("x:2",)),
    ],
)
def test_an_inequality_broken_under_the_tolerance_at_a_later_sample_point_is_refuted(claim, vectors):
    # Only the first points were looked at exactly; the tie (p = q) or the near tie (x = (50, -50))
    # is among the sampler's later points, where the float slack is least.
    from checks.claims.declarations import Declarations, parse_vector

    declarations = Declarations(vectors=tuple(parse_vector(v) for v in vectors))
    result = check_claim(claim, declarations, pretty=False)
    assert result.verdict is Verdict.REFUTED, result.notes
    assert result.counterexample is not None and "certified" in result.counterexample
