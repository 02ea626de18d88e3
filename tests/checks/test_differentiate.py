"""The memoised differentiator agrees with SymPy's ``diff`` and hands off what it does not handle."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.differentiate import Differentiator
from checks.symbolic import evaluate_definitions, prove_equal

x0, x1, x2 = sp.symbols("x0:3", real=True)
a = sp.Symbol("a", positive=True)
S = sp.exp(x0) + sp.exp(x1) + sp.exp(x2)


@pytest.mark.parametrize(
    "expr",
    [
        sp.exp(x0) / S,
        sp.log(S),
        x0**3 * sp.exp(-x1) / (1 + x1**2),
        a**x0,  # a variable exponent goes to SymPy
        sp.tanh(x0 * x1) + sp.Max(x0, x1),
        sp.sqrt(1 + x0**2) * sp.log(1 + sp.exp(x2)),
    ],
)
def test_every_first_and_second_derivative_equals_sympys(expr):
    differ = Differentiator()
    for v in (x0, x1, x2):
        mine = differ.derivative(sp.Derivative(expr, v))
        assert sp.simplify(mine - sp.diff(expr, v)) == 0
    mixed = differ.derivative(sp.Derivative(expr, x0, x1))
    assert sp.simplify(mixed - sp.diff(expr, x0, x1)) == 0


def test_a_derivative_of_a_sum_over_an_index_is_left_to_doit():
    k = sp.Symbol("k", integer=True)
    x = sp.IndexedBase("x", real=True)
    d = sp.Derivative(sp.Sum(x[k] ** 2, (k, 0, 3)), x[1])
    assert Differentiator().derivative(d) == d.doit()


def test_a_jacobian_evaluated_with_shared_work_matches_entrywise_doit():
    xs = (x0, x1, x2)
    s = [sp.exp(xi) / S for xi in xs]
    jac = sp.ImmutableMatrix(3, 3, [sp.Derivative(si, xj) for si in s for xj in xs])
    fast = evaluate_definitions(jac)
    slow = sp.ImmutableMatrix(3, 3, [e.doit() for e in jac])
    assert prove_equal(fast, slow, {}, 10.0).proved is True
