"""Σ written out term by term agrees with SymPy's own ``doit``."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.prove.unroll import written_out

i, j, k = sp.symbols("i j k", integer=True)
x = sp.IndexedBase("x")
a = sp.Symbol("a")

CASES = [
    sp.Sum(sp.exp(x[k]), (k, 0, 3)),
    sp.Sum(sp.KroneckerDelta(k, 2) * x[k], (k, 0, 4)),
    sp.Sum(sp.Sum(x[i] * x[j], (i, 0, 2)), (j, 0, 3)),
    sp.Sum(x[i] * x[j], (i, 0, 2), (j, 0, 3)),
    sp.Sum(x[k], (k, 3, 2)),  # empty
    sp.log(sp.Sum(sp.exp(a * x[k]), (k, 0, 2))) / sp.Sum(x[k] ** 2, (k, 1, 3)),
    sp.Derivative(sp.Sum(sp.exp(a * x[k]), (k, 0, 2)), a),
]


@pytest.mark.parametrize("expr", CASES, ids=[str(c)[:40] for c in CASES])
def test_a_sum_written_out_equals_its_doit(expr: sp.Expr) -> None:
    out = written_out(expr)
    assert not out.has(sp.Sum, sp.Derivative)
    assert sp.simplify(out - expr.doit()) == 0


def test_a_sum_whose_bound_variable_is_bound_again_inside_is_left_to_doit() -> None:
    inner = sp.Sum(x[k], (k, 0, 1))
    expr = sp.Sum(inner * x[k], (k, 0, 2))  # k bound twice: renaming would break the inner sum
    assert sp.simplify(written_out(expr) - expr.doit()) == 0


def test_a_sum_with_a_symbolic_bound_stays_a_sum() -> None:
    n = sp.Symbol("n", integer=True, positive=True)
    assert written_out(sp.Sum(x[k], (k, 0, n - 1))).has(sp.Sum)


def test_a_written_out_sum_of_two_terms_is_their_sum() -> None:
    assert written_out(sp.Sum(x[k], (k, 0, 1))) == x[0] + x[1]


def test_an_inner_range_that_depends_on_the_outer_index_is_written_out_too() -> None:
    # SymPy's doit leaves this one a Sum; term by term it is Σ_j Σ_{i <= j} x_i.
    expr = sp.Sum(sp.Sum(x[i], (i, 0, j)), (j, 0, 3))
    assert sp.expand(written_out(expr)) == 4 * x[0] + 3 * x[1] + 2 * x[2] + x[3]
