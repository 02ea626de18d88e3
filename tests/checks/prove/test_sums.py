"""The Σ rewrite rules, one at a time, including where each must refuse to apply."""

from __future__ import annotations

import sympy as sp

from checks.model import Kind, N, Vec, index
from checks.prove.sums import CONSTANT, COUNT, DELTA, LINEAR, LOG_SPLIT, SHIFT, Rewriter, canonical

i, j, k, m = (index(name) for name in "ijkm")
x, y = Vec("x", Kind.LOGITS), Vec("y", Kind.LABELS)
FULL = (sp.Integer(0), N - 1)


def rewrite(expr: sp.Expr, ranges=None, cited: frozenset[str] = frozenset()) -> tuple[sp.Expr, set[str]]:
    r = Rewriter({j: FULL, i: FULL} if ranges is None else ranges, cited)
    return r.normalise(expr), r.used


def test_delta_contraction_picks_the_entry_when_the_index_is_in_range():
    out, used = rewrite(sp.Sum(sp.KroneckerDelta(j, k) * sp.exp(x[k]), (k, 0, N - 1)))
    assert out == sp.exp(x[j])
    assert DELTA in used


def test_delta_contraction_refuses_a_range_that_may_miss_the_index():
    expr = sp.Sum(sp.KroneckerDelta(j, k) * x[k], (k, 0, N - 2))
    out, used = rewrite(expr)
    assert out.has(sp.Sum) and DELTA not in used


def test_delta_contraction_refuses_an_index_whose_range_is_unknown():
    out, used = rewrite(sp.Sum(sp.KroneckerDelta(j, k) * x[k], (k, 0, N - 1)), ranges={})
    assert out.has(sp.Sum) and DELTA not in used


def test_delta_contraction_refuses_a_delta_inside_a_function():
    out, used = rewrite(sp.Sum(sp.exp(sp.KroneckerDelta(j, k)) * x[k], (k, 0, N - 1)))
    assert out.has(sp.KroneckerDelta) and DELTA not in used


def test_linearity_splits_a_sum_of_terms_into_a_sum_of_sums():
    out, used = rewrite(sp.Sum(x[k] + sp.exp(x[k]), (k, 0, N - 1)))
    assert LINEAR in used
    assert out == canonical(sp.Sum(x[k], (k, 0, N - 1)) + sp.Sum(sp.exp(x[k]), (k, 0, N - 1)))


def test_a_factor_free_of_the_index_comes_out_of_the_sum_and_a_constant_sums_to_n_times_it():
    c = sp.Symbol("c", real=True)
    out, used = rewrite(sp.Sum(c * x[k], (k, 0, N - 1)))
    assert out == c * canonical(sp.Sum(x[k], (k, 0, N - 1))) and CONSTANT in used
    out, used = rewrite(sp.Sum(c, (k, 0, N - 1)))
    assert sp.expand(out - N * c) == 0 and COUNT in used


def test_a_factor_that_depends_on_the_index_stays_inside():
    out, _ = rewrite(sp.Sum(x[k] * sp.exp(x[k]), (k, 0, N - 1)))
    assert isinstance(out, sp.Sum)


def test_labels_sum_to_one_only_when_the_step_cites_it():
    assert rewrite(y.total())[0] != 1
    out, used = rewrite(y.total(), cited=frozenset({"y"}))
    assert out == 1 and "Σ y = 1" in used


def test_labels_sum_to_one_only_over_the_whole_vector():
    out, _ = rewrite(sp.Sum(y[k], (k, 1, N - 1)), cited=frozenset({"y"}))
    assert out != 1


def test_the_shift_inside_exp_comes_out_as_a_factor():
    c = sp.Symbol("c", real=True)
    out, used = rewrite(sp.Sum(sp.exp(x[k] + c), (k, 0, N - 1)))
    assert out == sp.exp(c) * canonical(sp.Sum(sp.exp(x[k]), (k, 0, N - 1)))
    assert SHIFT in used and CONSTANT in used


def test_a_log_splits_only_when_every_factor_is_known_positive():
    total = sp.Sum(sp.exp(x[k]), (k, 0, N - 1))
    out, used = rewrite(sp.log(sp.exp(x[j]) / total))
    assert sp.expand(out - (x[j] - sp.log(canonical(total)))) == 0 and LOG_SPLIT in used
    a, b = sp.symbols("a b", real=True)  # real, not positive: log(ab) ≠ log a + log b
    out, used = rewrite(sp.log(a * b))
    assert out == sp.log(a * b) and LOG_SPLIT not in used


def test_canonical_names_make_equal_sums_equal_and_never_capture():
    assert canonical(sp.Sum(x[k], (k, 0, N - 1))) == canonical(sp.Sum(x[m], (m, 0, N - 1)))
    nested = sp.Sum(x[k] * sp.Sum(x[m] * x[k], (m, 0, N - 1)), (k, 0, N - 1))
    renamed = canonical(nested)
    outer, inner = renamed.limits[0][0], renamed.function.atoms(sp.Sum).pop().limits[0][0]
    assert outer != inner
    assert renamed.function.atoms(sp.Sum).pop().function.has(x[outer])


def test_a_double_sum_with_a_delta_contracts_to_a_single_sum():
    s = sp.exp(x[k]) / sp.Sum(sp.exp(x[m]), (m, 0, N - 1))
    expr = sp.Sum(sp.Sum(sp.KroneckerDelta(k, m) * x[m], (m, 0, N - 1)) * s, (k, 0, N - 1))
    out, used = rewrite(expr, ranges={})
    assert DELTA in used
    assert not any(a.has(sp.KroneckerDelta) for a in out.atoms(sp.Sum))


def test_a_constant_is_summed_only_over_a_whole_number_of_terms():
    # Σ_{k=0}^{n/2} 1 has ⌊n/2⌋ + 1 terms, not n/2 + 1 (and the evaluator counts the former).
    out, used = rewrite(sp.Sum(sp.Integer(1), (k, 0, N / 2)))
    assert COUNT not in used and out.has(sp.Sum)
    out, used = rewrite(sp.Sum(sp.Integer(1), (k, 0, N - 1)))
    assert COUNT in used and out == N
