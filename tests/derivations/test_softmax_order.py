"""E11 and E12: order, log-odds, pairwise choice, softmin; reversed-order and sign twins refuted."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from checks.model import Kind, Var
from checks.model.twins import with_build, with_step
from checks.vocabulary import sigmoid, softmax
from derivations.softmax_order import (
    DERIVATIONS as ORDER,
)
from derivations.softmax_order import (
    softmax_log_odds_affine,
    softmax_order_preserved,
    softmax_pairwise_choice,
)
from derivations.softmin import DERIVATIONS as SOFTMIN
from derivations.softmin import softmin_is_softmax_of_negative, softmin_reverses_order
from tests.derivations.helpers import assert_refuted_at, assert_verified


@pytest.mark.parametrize("d", ORDER + SOFTMIN, ids=lambda d: d.name)
def test_every_order_and_softmin_result_is_verified(d):
    assert_verified(d)


def test_the_reversed_pairwise_sigmoid_is_refuted():
    twin = with_step(softmax_pairwise_choice, 2, expr=lambda p: sigmoid(p.symbols[1] - p.symbols[0]))
    cex = assert_refuted_at(twin, 2)
    assert cex.n == 2


def test_log_odds_with_the_biases_swapped_are_refuted():
    def swapped(p):
        x, b, w = p.variables
        weights = sp.ImmutableMatrix(3, 2, w.symbols)
        return sp.Add(*[(weights[0, k] - weights[1, k]) * x[k] for k in range(2)]) + b[1] - b[0]

    assert_refuted_at(with_step(softmax_log_odds_affine, 3, expr=swapped), 3)


def test_order_is_not_preserved_when_the_gap_may_be_negative():
    def any_sign(proof):  # type: ignore[no-untyped-def]
        u, t, *others = proof.variables
        t_any = Var("t", Kind.REAL)
        subs = {t.sym: t_any.sym}
        steps = tuple(dataclasses.replace(s, expr=sp.sympify(s.expr).subs(subs)) for s in proof.steps)
        return dataclasses.replace(
            proof,
            variables=(u, t_any, *others),
            start=proof.start.subs(subs),
            steps=steps,
            reference=proof.reference,
        )

    cex = assert_refuted_at(with_build(softmax_order_preserved, any_sign), 2)
    assert float(cex.left) <= float(cex.right) == 0  # at t <= 0 the gap is not positive


def test_softmin_is_not_one_minus_softmax():
    def wrong(p):
        (x,) = p.variables
        s = softmax(x.symbols)
        return sp.ImmutableMatrix([1 - s[i] for i in range(len(x))])

    cex = assert_refuted_at(with_step(softmin_is_softmax_of_negative, 2, expr=wrong), 2)
    assert cex.n == 3  # for two classes 1 - softmax(x) happens to equal softmax(-x)


def test_softmin_preserving_order_is_refuted():
    assert_refuted_at(with_step(softmin_reverses_order, 2, rel=">"), 2)
