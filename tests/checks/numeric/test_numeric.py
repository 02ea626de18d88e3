"""Float comparisons with a tolerance: one point, or every row of a batch at once."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from checks.numeric.compare import relation_holds, rows_hold
from checks.numeric.compiled import compile_expr, evaluate_mp_stable


def test_each_row_holds_only_if_every_entry_of_it_holds():
    left = np.array([[1.0, 2.0], [1.0, 2.0], [3.0, 3.0]])
    right = np.array([[1.0, 2.0], [1.0, 2.5], [3.0, 3.0 + 1e-13]])
    assert rows_hold(left, "=", right, 1e-9, 1e-12).tolist() == [True, False, True]


@pytest.mark.parametrize(("rel", "expected"), [(">", [True, False, True]), ("<=", [False, True, True])])
def test_inequalities_are_checked_row_by_row_with_the_tolerance(rel, expected):
    left = np.array([[2.0], [1.0], [1.0]])
    right = np.array([[1.0], [2.0], [1.0 + 1e-15]])
    assert rows_hold(left, rel, right, 1e-9, 1e-12).tolist() == expected


def test_a_nan_entry_fails_its_row():
    assert rows_hold(np.array([[np.nan], [1.0]]), "=", np.array([[np.nan], [1.0]])).tolist() == [False, True]


def test_a_scalar_column_broadcasts_against_a_vector_row():
    left = np.array([[1.0], [2.0]])
    right = np.array([[1.0, 1.0], [2.0, 3.0]])
    assert rows_hold(left, "=", right).tolist() == [True, False]


def test_rows_agree_with_the_one_point_comparison():
    rng = np.random.default_rng(5)
    left = rng.normal(size=(50, 3))
    right = left + rng.choice([0.0, 1e-13, 1e-3], size=(50, 3))
    for rel in ("=", "<", "<=", ">", ">="):
        batch = rows_hold(left, rel, right, 1e-9, 1e-12)
        single = [relation_holds(left[r], rel, right[r], 1e-9, 1e-12)[0] for r in range(50)]
        assert batch.tolist() == single


@pytest.mark.skipif(np.finfo(np.longdouble).eps >= np.finfo(np.float64).eps, reason="no extended precision")
def test_extended_precision_values_are_compared_in_their_own_precision():
    one = np.longdouble(1)
    nudged = one + np.longdouble(np.finfo(np.longdouble).eps) * 4  # equal once rounded to float64
    assert float(nudged) == 1.0
    assert not rows_hold(np.array([nudged]), "=", np.array([one]), 0.0, 0.0)[0]
    assert rows_hold(np.array([nudged]), ">", np.array([one]), 0.0, 0.0)[0]


def test_a_high_precision_value_that_moves_with_the_precision_is_not_believed():
    import mpmath
    import sympy as sp

    from checks.numeric.compiled import compile_expr, evaluate_mp_stable

    z = sp.Symbol("z", real=True)
    e = sp.exp(z)
    cube = compile_expr((e + 1) ** 3 - sp.exp(3 * z) - 3 * sp.exp(2 * z) - 3 * e, (z,))
    assert evaluate_mp_stable(cube, [mpmath.mpf(50)]) is None  # 1, computed as noise in 50 digits
    (near_one,) = evaluate_mp_stable(cube, [mpmath.mpf(2)])
    assert abs(near_one - 1) < mpmath.mpf(10) ** -80
    tiny = compile_expr(sp.exp(-z), (z,))
    (value,) = evaluate_mp_stable(tiny, [mpmath.mpf(1000)])
    assert 0 < value < mpmath.mpf(10) ** -434  # tiny is not noise


def test_a_step_function_anywhere_needs_an_interval_certificate_to_refute():
    from checks.numeric.compare import needs_certificate

    x = sp.Symbol("x", real=True)
    assert needs_certificate(sp.Integer(1), sp.floor(x) + 1)
    assert needs_certificate(sp.ImmutableMatrix([[sp.ceiling(x)]]))
    assert needs_certificate(sp.sign(x) * x)
    assert not needs_certificate(sp.exp(x), sp.Abs(x), sp.Max(x, 0), 3)


def test_an_entry_that_is_zero_by_cancellation_does_not_make_the_others_unstable():
    z = sp.Symbol("z", real=True)
    cancelled = 1 / (1 + sp.exp(-z)) + 1 / (1 + sp.exp(z)) - 1  # -6.7e-52 in 50 digits, 0 in 100
    compiled = compile_expr(sp.ImmutableMatrix([cancelled, sp.exp(z)]), (z,))
    with mpmath.workdps(50):
        third = mpmath.mpf(1) / 3
    values = evaluate_mp_stable(compiled, [third])
    assert values is not None and abs(values[0]) < 1e-25 and abs(values[1] - mpmath.exp(third)) < 1e-15
