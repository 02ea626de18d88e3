"""The memoised differentiator agrees with SymPy's ``diff`` and hands off what it does not handle."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.prove.differentiate import Differentiator
from checks.prove.ladder import evaluate_definitions, prove_equal
from tests.checks.expr_strategies import expressions

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


# -- property: the shared-work derivative equals SymPy's at sample points ---------------------

_exprs = expressions(
    (x0, x1, x2, a, sp.Integer(3)),
    (-2, -1, 2, 3),
    (sp.exp, lambda p: sp.log(1 + p**2), lambda p: a**p),
)


@settings(max_examples=120, deadline=None)
@given(_exprs, st.sampled_from([x0, x1, a]))
def test_every_derivative_matches_sympys_at_sample_points(expr, v):
    mine = Differentiator().derivative(sp.Derivative(expr, v))
    theirs = sp.diff(expr, v)
    f = sp.lambdify((x0, x1, x2, a), mine - theirs, "mpmath")
    with mpmath.workdps(40):
        for point in ((0.3, -0.7, 1.1, 1.5), (-1.2, 0.4, 0.5, 0.7)):
            try:
                value = f(*(mpmath.mpf(p) for p in point))
            except (ZeroDivisionError, ValueError, OverflowError):
                continue
            scale = 1 + abs(sp.lambdify((x0, x1, x2, a), theirs, "mpmath")(*(mpmath.mpf(p) for p in point)))
            assert abs(value) <= mpmath.mpf(10) ** -25 * scale, (expr, v)


@pytest.mark.parametrize("expr", [sp.log(S), sp.exp(x0 * x1) / S, sp.log(1 + sp.exp(-x0) * x1)])
def test_exp_and_log_are_differentiated_here_as_sympy_writes_them(expr, monkeypatch):
    expected = {v: sp.diff(expr, v) for v in (x0, x1)}
    calls: list[object] = []
    monkeypatch.setattr(sp, "diff", lambda *args: calls.append(args) or pytest.fail("handed to sp.diff"))
    differ = Differentiator()
    for v in (x0, x1):
        assert differ.derivative(sp.Derivative(expr, v)) == expected[v]  # the same tree
    assert calls == []
