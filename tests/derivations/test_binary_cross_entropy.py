"""E17: ∂C/∂z = a - y for a sigmoid with binary cross-entropy; sign and chain-rule twins."""

from __future__ import annotations

from checks.model.twins import with_step
from checks.vocabulary import sigmoid
from derivations.binary_cross_entropy import binary_cross_entropy_gradient as bce
from tests.derivations.helpers import assert_refuted_at, assert_verified


def test_the_binary_cross_entropy_gradient_is_a_minus_y():
    assert_verified(bce)


def test_y_minus_a_is_refuted_at_the_last_step():
    def wrong(p):
        z, y = p.variables
        return y.sym - sigmoid(z.sym)

    cex = assert_refuted_at(with_step(bce, 3, expr=wrong), 3)
    assert float(cex.left) == -float(cex.right)


def test_forgetting_that_sigma_prime_cancels_is_refuted_at_the_first_step():
    def wrong(p):
        z, y = p.variables
        a = sigmoid(z.sym)
        return -(y.sym / a - (1 - y.sym) / (1 - a))

    assert_refuted_at(with_step(bce, 1, expr=wrong), 1)
