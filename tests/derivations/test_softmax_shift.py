"""E01: shift invariance and the stable form; twins that scale or drop the shift."""

from __future__ import annotations

import sympy as sp

from checks.model.twins import with_step
from derivations._common import col
from derivations.softmax_shift import softmax_shift_invariance, softmax_stable_form
from tests.derivations.helpers import assert_refuted_at, assert_verified


def test_adding_a_constant_to_every_logit_leaves_softmax_unchanged():
    assert_verified(softmax_shift_invariance)


def test_the_stable_softmax_equals_the_plain_one():
    assert_verified(softmax_stable_form)


def test_scaling_is_not_shifting_and_is_refuted():
    def scaled(p):
        x, c = p.variables
        e = [sp.exp(c.sym * xi) for xi in x.symbols]
        return col([v / sp.Add(*e) for v in e])

    cex = assert_refuted_at(with_step(softmax_shift_invariance, 3, expr=scaled), 3)
    assert cex.n == 2


def test_cancelling_e_to_the_c_only_in_the_numerator_is_refuted_at_that_step():
    def half_cancelled(p):
        x, c = p.variables
        e = [sp.exp(xi) for xi in x.symbols]
        return col([v / (sp.Add(*e) * sp.exp(c.sym)) for v in e])

    assert_refuted_at(with_step(softmax_shift_invariance, 2, expr=half_cancelled), 2)
