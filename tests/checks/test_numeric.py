"""Float comparisons with a tolerance: one point, or every row of a batch at once."""

from __future__ import annotations

import numpy as np
import pytest

from checks.numeric import relation_holds, rows_hold


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
