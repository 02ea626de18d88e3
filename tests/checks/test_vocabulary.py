"""The vocabulary's unevaluated derivative is the object SymPy's own constructor makes."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.model import Kind, Var
from checks.vocabulary import derivative, jacobian, softmax

x, y = sp.symbols("x y", real=True)
i = sp.Symbol("i", integer=True)
X = sp.IndexedBase("X")


@pytest.mark.parametrize(
    ("expr", "wrt"),
    [
        (sp.exp(x) / (sp.exp(x) + sp.exp(y)), (x,)),
        (sp.exp(x) * y, (x, y)),
        (sp.exp(x) * y, (x, x)),
        (sp.exp(x) * y, (x, x, y, x)),
        (sp.log(y), (x,)),  # not depending on x: still an unevaluated derivative
        (sp.Integer(3), (x,)),
        (X[i] ** 2, (X[i],)),  # not a plain symbol: SymPy's constructor
        (sp.Derivative(x**3, x), (x,)),  # a derivative of a derivative: SymPy's constructor
    ],
)
def test_an_unevaluated_derivative_is_the_one_sympy_makes(expr, wrt):
    ours, theirs = derivative(expr, *wrt), sp.Derivative(expr, *wrt)
    assert ours == theirs and ours.args == theirs.args and hash(ours) == hash(theirs)
    assert ours.doit() == theirs.doit()


def test_a_jacobian_start_holds_the_derivatives_sympy_would_make():
    v = Var("x", Kind.LOGITS, 3)
    s = softmax(v.symbols)
    made = jacobian(list(s), v.symbols)
    assert made == sp.ImmutableMatrix(3, 3, lambda r, c: sp.Derivative(s[r], v.symbols[c]))
    assert made[0, 1].doit() == sp.diff(s[0], v.symbols[1])
