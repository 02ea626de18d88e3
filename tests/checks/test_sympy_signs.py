"""SymPy's signs of numbers, certified by intervals: a number negative by a hair is negative,
Abs, Max and Min of it keep the right branch while a claim is read, and claims built on them
get their true verdicts."""

from __future__ import annotations

import pytest
import sympy as sp

import checks.sympy_signs  # noqa: F401  (what is tested: installed on import)
from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_assumption
from checks.model.result import Verdict

TINY = sp.Rational(1, 10**30)
#: log(1 + ε) - ε = -ε²/2 + …: negative; SymPy 1.14 alone called it positive.
BELOW = sp.log(1 + TINY) - TINY
#: log(1 + ε) - ε + ε²/2 = ε³/3 + …: positive; SymPy 1.14 alone called it negative.
ABOVE = BELOW + TINY**2 / 2
C = "log(1 + 10**-30) - 10**-30 + 10**-60/2"  # ABOVE, as a claim spells it


def test_a_number_a_hair_either_side_of_zero_has_its_true_sign():
    assert BELOW.is_negative is True and BELOW.is_positive is False
    assert ABOVE.is_positive is True and ABOVE.is_negative is False
    x = sp.Symbol("x", positive=True)
    assert (x * BELOW).is_negative is True
    assert (x * ABOVE).is_nonnegative is True


def test_abs_max_and_min_of_such_a_number_keep_the_right_branch():
    assert sp.Abs(BELOW) == -BELOW
    assert sp.Abs(ABOVE) == ABOVE
    assert sp.Max(ABOVE, 0) == ABOVE
    assert sp.Min(ABOVE, 0) == 0
    assert sp.Max(BELOW, 0) == 0


def test_the_log_of_a_number_a_hair_above_one_is_not_zero_at_low_precision():
    assert abs(sp.N(sp.log(1 + TINY), 5) - TINY) < TINY / 1000


def test_an_exact_tie_is_left_undecided_or_zero_never_given_a_sign():
    tie = sp.log(4, evaluate=False) - 2 * sp.log(2)
    assert tie.is_positive is not True and tie.is_negative is not True


def test_complex_numbers_and_special_functions_keep_sympys_answers():
    assert (1 + sp.I).is_positive is False
    assert sp.gamma(sp.Rational(1, 3)).is_positive is True
    assert (sp.pi - 3).is_positive is True


@pytest.mark.parametrize(
    ("claim", "assume", "verdict"),
    [
        (f"Max({C}, 0) > 0", None, Verdict.VERIFIED),
        (f"Abs({C}) = {C}", None, Verdict.VERIFIED),
        (f"Min({C}, 0) = 0", None, Verdict.VERIFIED),
        (f"Max({C}, 0) = 0", None, Verdict.REFUTED),
        (f"x + Max({C}, 0) > x", "x > 0", Verdict.VERIFIED),
        (f"x >= Max({C}, 0)", "x > 0", None),  # false below x = 3e-91: never verified
        (f"Abs(x) >= Abs({C})", None, Verdict.REFUTED),  # false at x = 0
        ("tanh(x) >= Abs(log(1 + 10**-30) - 10**-30)", "x > 0", None),
    ],
)
def test_claims_on_such_numbers_get_their_true_verdicts(claim, assume, verdict):
    scalars = (parse_assumption(assume),) if assume else ()
    result = check_claim(claim, Declarations(scalars=scalars), pretty=False)
    if verdict is None:
        assert result.verdict is not Verdict.VERIFIED, result.method
    else:
        assert result.verdict is verdict, (result.method, result.notes)


def test_the_log_of_one_plus_a_hair_inside_a_sum_keeps_its_sign_at_any_precision():
    # Inside an Add SymPy caps the precision: the hair must then come back with no accuracy,
    # never as a value of the wrong sign (it did: N(log(1 + 10**-60) - 10**-60, 2) was +1e-25).
    hair = sp.Rational(1, 10**60)
    below = sp.log(1 + hair) - hair  # -5e-121
    assert sp.N(below, 2) < 0 and sp.N(below, 10) < 0
    assert sp.Max(sp.sin(1) * below, 0) == 0
    assert sp.Gt(below * (-((1 + sp.I) ** 4) / 4), 0) != sp.true  # (its value is -5e-121)
    e = sp.Rational(1, 10**30)
    assert sp.floor(sp.log(1 + e) - e + e**2 / 2) == 0  # +3.3e-91 (SymPy alone: -1)


@pytest.mark.parametrize("function", [sp.sin, sp.sinh, sp.asinh, sp.atan, sp.erf])
def test_an_odd_increasing_function_of_a_negative_hair_is_negative(function):
    hair = sp.Rational(1, 10**60)
    below = function(sp.log(1 + hair) - hair)  # f(-5e-121) < 0
    t = sp.Symbol("t", positive=True)
    assert below.is_positive is not True and (t * below).is_positive is not True
    assert sp.Gt(below, 0) != sp.true


def test_a_number_too_large_to_enclose_in_time_is_left_undecided_not_hung_on():
    far = sp.tanh(10 ** (10**4)) - 1  # -2 e^(-2·10^10000): its interval would take hours
    assert far.is_positive is None and far.is_negative is None


def test_a_function_with_no_interval_version_of_a_far_hair_has_no_sign_rather_than_a_wrong_one():
    # exp(10^-500) - 1 - 10^-500 = 5e-1001 > 0; SymPy evaluates erf of it to the same negative
    # garbage at every precision, so no number of digits can vouch for its answer.
    hair = sp.exp(sp.Rational(1, 10**500)) - 1 - sp.Rational(1, 10**500)
    assert sp.erf(hair).is_negative is not True
    assert sp.Max(sp.erf(hair), 0) != 0
    assert (sp.EulerGamma * sp.tanh(hair) < 0) != sp.true
