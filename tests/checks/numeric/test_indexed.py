"""The evaluator of sums over vectors of symbolic length agrees with plain NumPy."""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from checks.model import Kind, N, Vec, index
from checks.numeric.indexed import IndexedEvaluator

i, j, k, m = (index(name) for name in "ijkm")
x = Vec("x", Kind.LOGITS)
rng = np.random.default_rng(0)


def test_a_softmax_entry_matches_numpy_row_by_row():
    values = rng.normal(size=(4, 7))
    rows = np.array([0, 3, 6, 2])
    ev = IndexedEvaluator(7, {i: rows}, {"x": values})
    got = ev.value(sp.exp(x[i]) / sp.Sum(sp.exp(x[k]), (k, 0, N - 1)))
    want = np.exp(values[np.arange(4), rows]) / np.exp(values).sum(axis=1)
    assert np.allclose(got, want)


def test_a_double_sum_with_a_delta_matches_the_quadratic_form():
    xs, vs = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    v = Vec("v", Kind.DIRECTION)
    s = lambda a: sp.exp(x[a]) / sp.Sum(sp.exp(x[m]), (m, 0, N - 1))  # noqa: E731
    h = s(i) * sp.KroneckerDelta(i, j) - s(i) * s(j)
    form = sp.Sum(sp.Sum(v[i] * h * v[j], (j, 0, N - 1)), (i, 0, N - 1))
    got = IndexedEvaluator(5, {}, {"x": xs, "v": vs}).value(form)
    for r in range(3):
        p = np.exp(xs[r]) / np.exp(xs[r]).sum()
        assert np.isclose(got[r], vs[r] @ (np.diag(p) - np.outer(p, p)) @ vs[r])


def test_high_precision_mode_agrees_with_numpy():
    values = rng.normal(size=(1, 6))
    expr = sp.log(sp.Sum(sp.exp(x[k]), (k, 0, N - 1)))
    fast = IndexedEvaluator(6, {}, {"x": values}).value(expr)[0]
    with mpmath.workdps(40):
        exact = IndexedEvaluator(6, {}, {"x": [mpmath.mpf(v) for v in values[0]]}, mp=True).value(expr)
    assert abs(float(exact) - fast) < 1e-12


def test_extended_precision_evaluates_what_overflows_in_float64():
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        return  # the platform's long double is plain float64: nothing to compare
    values = np.array([[600.0, 599.0]])
    expr = sp.exp(x[i]) * sp.exp(x[i]) / (sp.Sum(sp.exp(x[k]), (k, 0, N - 1)) ** 2)
    with np.errstate(all="ignore"):
        plain = IndexedEvaluator(2, {i: np.array([0])}, {"x": values}).value(expr)
    wide = IndexedEvaluator(
        2, {i: np.array([0])}, {"x": values.astype(np.longdouble)}, dtype=np.longdouble
    ).value(expr)
    assert not np.isfinite(plain[0])
    assert np.isclose(float(wide[0]), (1 / (1 + np.exp(-1.0))) ** 2)


def test_sums_of_one_summand_over_different_ranges_keep_their_own_values():
    # The memo once keyed a bound index by its axis alone: Σ_{k=0}^{n-2} reused Σ_{k=0}^{n-1}.
    values = np.array([[1.0, 2.0, 4.0]])
    whole, head, tail = (sp.Sum(x[k], (k, lo, hi)) for lo, hi in ((0, N - 1), (0, N - 2), (1, N - 1)))
    ev = IndexedEvaluator(3, {}, {"x": values})
    assert [float(ev.value(e)[0]) for e in (whole, head, tail, whole - head)] == [7.0, 3.0, 6.0, 4.0]


def test_an_entry_before_the_first_or_past_the_last_is_no_value_not_a_wrapped_one():
    # x[i - 1] at i = 0 would be x[-1], the last entry, to Python; x[i + 1] at i = n - 1 an IndexError.
    from checks.numeric.evaluate import Unsupported

    values = rng.normal(size=(2, 3))
    for entry, rows in ((x[i - 1], np.array([0, 1])), (x[i + 1], np.array([1, 2]))):
        try:
            IndexedEvaluator(3, {i: rows}, {"x": values}).value(entry)
        except Unsupported as exc:
            assert "names an entry outside x, whose entries are 0 to 2" in str(exc)
        else:
            raise AssertionError(f"{entry} was evaluated outside x")
    with mpmath.workdps(30):
        mp_values = {"x": [mpmath.mpf(v) for v in values[0]]}
        try:
            IndexedEvaluator(3, {i: 0}, mp_values, mp=True).value(x[i - 1])
        except Unsupported:
            pass
        else:
            raise AssertionError("x[-1] was evaluated in high precision")
    inside = IndexedEvaluator(3, {i: np.array([1, 2])}, {"x": values}).value(x[i - 1])
    assert np.allclose(inside, values[[0, 1], [0, 1]])
