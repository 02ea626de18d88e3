"""floor and ceiling of constants decided by interval arithmetic, not SymPy's few digits."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.claims.check import check_claim
from checks.model.result import Verdict
from checks.numeric.rounding import Undecided, exact_ceiling, exact_floor


def test_sympys_own_floor_of_tanh_500_is_right_once_its_signs_of_numbers_are_certified():
    # SymPy 1.14 alone rounds it up (it compares from two digits), which is why this module
    # exists; checks.sympy_signs, installed with the prover, certifies those comparisons.
    import checks.sympy_signs  # noqa: F401

    assert sp.floor(sp.tanh(500)) == 0


@pytest.mark.parametrize(
    ("value", "floor", "ceiling"),
    [
        (sp.tanh(500), 0, 1),
        (1 - sp.exp(-1000), 0, 1),
        (sp.exp(-1000), 0, 1),
        (sp.E, 2, 3),
        (-sp.pi, -4, -3),
        (sp.Rational(7, 2), 3, 4),
        (sp.Integer(5), 5, 5),
    ],
)
def test_a_constant_is_rounded_to_the_integers_it_lies_between(value, floor, ceiling):
    assert exact_floor(value) == floor and exact_ceiling(value) == ceiling


def test_a_symbolic_argument_is_left_to_sympy_and_a_number_too_close_to_call_is_refused():
    a = sp.Symbol("a")
    assert exact_floor(a) == sp.floor(a)
    with pytest.raises(Undecided, match="too close to an integer"):
        exact_floor(1 - sp.exp(-10000))


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("floor(tanh(500)) = 1", Verdict.REFUTED),  # was VERIFIED: SymPy built it as 1 = 1
        ("floor(tanh(500)) = 0", Verdict.VERIFIED),
        ("ceiling(exp(-1000)) = 1", Verdict.VERIFIED),
        ("floor(1 - exp(-10000)) = 0", Verdict.INCONCLUSIVE),
    ],
)
def test_claims_about_rounded_constants_get_the_right_verdict(claim, verdict):
    assert check_claim(claim, pretty=False).verdict is verdict


def test_floor_of_tanh_is_never_refuted_through_sympys_rounding_at_a_far_point():
    # At a = 500 SymPy's exact evaluation gave floor(tanh(500)) = 1 > 0.
    assert check_claim("floor(tanh(a)) <= 0", pretty=False).verdict is not Verdict.REFUTED


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # mpmath rounds floor's integer to 53 bits unless told otherwise: floor(π·10²⁰) came out as
        # 314159265358979334144, and floor(E**40) > E**40 was VERIFIED.
        ("floor(E**40) > E**40", Verdict.REFUTED),
        ("floor(pi*10**20) = 314159265358979334144", Verdict.REFUTED),
        ("floor(pi*10**20) = 314159265358979323846", Verdict.VERIFIED),
        ("ceiling(E**40) = 235385266837019986", Verdict.VERIFIED),
        ("floor(E**40*x) <= E**40*x", Verdict.VERIFIED),
        ("floor((-pi)*10**20) = -314159265358979323847", Verdict.VERIFIED),
    ],
)
def test_large_roundings_are_exact_to_the_last_digit(claim, verdict):
    assert check_claim(claim, pretty=False).verdict is verdict
