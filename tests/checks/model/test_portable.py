"""Expressions cross a process boundary as plain trees, rebuilt unevaluated, never computed."""

from __future__ import annotations

import pickle
import time

import pytest
import sympy as sp

from checks.model.portable import Unportable, from_tree, portable, to_tree
from checks.model.variables import Kind, Var


def test_expressions_of_every_kind_the_evaluators_know_round_trip_equal():
    x, y = Var("x", Kind.LOGITS, 2).symbols
    p = sp.Symbol("p", positive=True)
    exprs = [
        sp.exp(x) / (sp.exp(x) + sp.exp(y)) - sp.Rational(1, 3) * sp.log(p) + sp.Float(0.25),
        sp.Max(x, y) + sp.Abs(x) * sp.KroneckerDelta(0, 1) + sp.pi,
        sp.Piecewise((x, x > 0), (y, True)),
        sp.ImmutableMatrix([[x, -sp.oo], [sp.E, y**2]]),
        sp.Limit(sp.log(sp.exp(p * x) + 1) / p, p, sp.oo),
        sp.Derivative(sp.exp(x), x),
    ]
    for expr in exprs:
        back = from_tree(pickle.loads(pickle.dumps(to_tree(expr))))
        assert back == expr, expr
        assert back.free_symbols == expr.free_symbols  # the same symbols, assumptions and all


def test_a_power_tower_travels_unevaluated_and_is_never_computed():
    with sp.evaluate(False):
        tower = sp.Pow(2, sp.Pow(2, sp.Pow(2, sp.Pow(2, sp.Pow(2, sp.Pow(2, 2))))))
    started = time.perf_counter()
    back = from_tree(pickle.loads(pickle.dumps(to_tree(tower))))
    assert time.perf_counter() - started < 1.0
    assert isinstance(back, sp.Pow) and sp.srepr(back) == sp.srepr(tower)


def test_a_class_outside_the_list_does_not_travel():
    f = sp.Function("f")(sp.Symbol("a"))
    with pytest.raises(Unportable, match="f"):
        to_tree(f + 1)
    assert portable(f) is None and portable(sp.Dummy("d")) is None
