"""relation_holds on two arrays of doubles, all entries at once, answers as the entry-by-entry
comparison does: the same verdict and the same first failing entry, NaN and ±inf included."""

from __future__ import annotations

import itertools

import numpy as np

from checks.numeric.compare import ATOL, RTOL, relation_holds

SPECIAL = [0.0, -0.0, 1.0, -1.0, 1e-12, 1 + 1e-7, 1e300, np.inf, -np.inf, np.nan]


def _entry_by_entry(left: np.ndarray, rel: str, right: np.ndarray) -> tuple[bool, int | None]:
    # The list path of relation_holds is the entry-by-entry comparison (inf - inf is NaN there too).
    with np.errstate(invalid="ignore"):
        return relation_holds(list(np.ravel(left)), rel, list(np.ravel(right)), RTOL, ATOL)


def test_arrays_of_doubles_get_the_verdict_and_entry_of_the_entry_by_entry_comparison():
    rng = np.random.default_rng(0)
    for rel in ("=", "<", "<=", ">", ">="):
        for a, b in itertools.product(SPECIAL, repeat=2):
            left, right = np.array([1.0, a, 2.0]), np.array([1.0, b, 2.0])
            assert relation_holds(left, rel, right) == _entry_by_entry(left, rel, right)
        for _ in range(200):
            left = rng.choice(SPECIAL + list(rng.normal(size=6)), size=(2, 3))
            right = left + rng.choice([0.0, 1e-8, 1e-3, -1e-3], size=(2, 3))
            assert relation_holds(left, rel, right) == _entry_by_entry(left, rel, right)


def test_a_single_value_stands_against_every_entry_of_the_other_side():
    assert relation_holds(np.array(2.0), "<=", np.array([3.0, 1.0, 4.0])) == (False, 1)
    assert relation_holds(np.array([3.0, 1.0, 4.0]), ">=", np.array([1.0])) == (True, None)


def test_sides_that_do_not_pair_up_fail_without_an_entry():
    assert relation_holds(np.zeros(2), "=", np.zeros(3)) == (False, None)
