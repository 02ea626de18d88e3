"""The tree evaluator agrees with SymPy's own numeric evaluation, in floats and in mpmath."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from checks.numeric.evaluate import Unsupported, evaluate_mpmath, evaluate_numpy

a, b = sp.symbols("a b", real=True)
EXPRS = [
    sp.exp(a) / (sp.exp(a) + sp.exp(b)),
    sp.log(1 + sp.exp(-a)) * b**2,
    sp.Max(a, b) - sp.Min(a, b) + sp.Abs(a - b),
    sp.sqrt(a**2 + 1) / 3 + sp.pi,
    sp.ceiling(a * sp.log(3) / sp.log(2)),
    sp.Piecewise((a, a > b), (b, True)),
]


@pytest.mark.parametrize("expr", EXPRS, ids=str)
def test_numpy_evaluation_matches_evalf_at_several_points(expr):
    points = [(0.5, -1.25), (2.0, 3.0), (-1.5, 0.25)]
    cols = {a: np.array([p[0] for p in points]), b: np.array([p[1] for p in points])}
    got = evaluate_numpy(expr, cols, {})
    expected = [float(expr.subs({a: p[0], b: p[1]}).evalf(30)) for p in points]
    assert np.allclose(np.broadcast_to(got, (3,)), expected, rtol=1e-12)


@pytest.mark.parametrize("expr", EXPRS, ids=str)
def test_mpmath_evaluation_matches_evalf_to_thirty_digits(expr):
    with mpmath.workdps(50):
        env = {a: mpmath.mpf(1) / 3, b: mpmath.mpf(-2) / 7}
        got = evaluate_mpmath(expr, env, {})
        expected = expr.subs({a: sp.Rational(1, 3), b: sp.Rational(-2, 7)}).evalf(40)
        assert abs(got - mpmath.mpf(str(expected))) < mpmath.mpf(10) ** -30


def test_high_precision_survives_where_floats_overflow():
    expr = sp.exp(a) / (sp.exp(a) + sp.exp(b))
    with mpmath.workdps(50):
        value = evaluate_mpmath(expr, {a: mpmath.mpf(800), b: mpmath.mpf(799)}, {})
    assert float(value) == pytest.approx(1 / (1 + np.exp(-1)))
    with np.errstate(all="ignore"):
        assert np.isnan(evaluate_numpy(expr, {a: np.array([800.0]), b: np.array([799.0])}, {})[0])


def test_an_unknown_function_is_reported_not_guessed():
    with pytest.raises(Unsupported):
        evaluate_numpy(sp.besselj(0, a), {a: np.array([1.0])}, {})


def test_an_interval_encloses_the_true_value_where_rounding_swallows_it():
    import mpmath

    from checks.numeric.evaluate import evaluate_interval, interval_ends

    z = sp.Symbol("z", real=True)
    mpmath.iv.dps = 60
    try:
        env = {z: mpmath.iv.mpf(500)}
        one_minus_sigma = interval_ends(evaluate_interval(1 - 1 / (1 + sp.exp(-z)), env, {}))
        assert one_minus_sigma[0] <= mpmath.exp(-500) / (1 + mpmath.exp(-500)) <= one_minus_sigma[1]
        e = sp.exp(2 * z / 3)
        low, high = interval_ends(evaluate_interval((e + 1) ** 2 - e**2 - 2 * e, env, {}))
        assert low <= 1 <= high  # the identity's value 1 is never excluded
        low, high = interval_ends(evaluate_interval(sp.floor(sp.tanh(z)), env, {}))
        assert low <= 0 <= high
    finally:
        mpmath.iv.dps = 15


def test_a_function_without_an_interval_version_is_unsupported():
    import mpmath

    from checks.numeric.evaluate import Unsupported, evaluate_interval

    z = sp.Symbol("z", real=True)
    with pytest.raises(Unsupported):
        evaluate_interval(sp.erf(z), {z: mpmath.iv.mpf(1)}, {})
    with pytest.raises(Unsupported):
        evaluate_interval(sp.log(z), {z: mpmath.iv.mpf([-1, 1])}, {})


def test_pi_and_e_have_intervals():
    from checks.numeric.evaluate import evaluate_interval, interval_ends

    mpmath.iv.dps = 60
    try:
        for constant in (sp.pi, sp.E, -sp.E / 3):
            low, high = interval_ends(evaluate_interval(constant, {}, {}))
            with mpmath.workdps(80):
                value = mpmath.mpmathify(constant.evalf(80))
                assert low <= value <= high and high - low < mpmath.mpf(10) ** -55
    finally:
        mpmath.iv.dps = 15


def test_heaviside_over_an_interval_holding_zero_encloses_its_value_at_zero_whatever_it_is():
    from checks.numeric.compiled import enclosures
    from checks.numeric.evaluate import interval_ends

    hidden_zero = sp.log(8) / 3 - sp.log(2)  # exactly 0; its enclosure straddles 0
    (value,) = enclosures([sp.Heaviside(hidden_zero, 5)], {}, 30)
    low, high = interval_ends(value)
    assert low <= 0 and high >= 5  # 5 is its value; 0 and 1 are those a hair either side
    (right,), (left,) = enclosures([sp.Heaviside(sp.Rational(1, 3), 5)], {}, 30), enclosures(
        [sp.Heaviside(-sp.Rational(1, 3), 5)], {}, 30
    )
    assert interval_ends(right) == (1, 1) and interval_ends(left) == (0, 0)
    import checks.sympy_signs  # noqa: F401

    assert (sp.Heaviside(hidden_zero, 5) - 3).is_negative is not True  # it is 2


@pytest.mark.parametrize("function", [sp.sin, sp.cos, sp.sinh, sp.cosh, sp.asinh, sp.atan])
def test_the_trigonometric_and_hyperbolic_intervals_enclose_mpmaths_values(function):
    from checks.numeric.compiled import enclosures
    from checks.numeric.evaluate import interval_ends

    for q in (sp.Rational(-7, 3), sp.Rational(-1, 10**40), sp.Integer(0), sp.Rational(1, 7), sp.Integer(5)):
        (value,) = enclosures([function(q)], {}, 40)
        low, high = interval_ends(value)
        with mpmath.workdps(80):
            exact = mpmath.mpf(str(sp.N(function(q), 80)))
            assert low <= exact <= high and high - low < mpmath.mpf(10) ** -30 * max(1, abs(exact))
