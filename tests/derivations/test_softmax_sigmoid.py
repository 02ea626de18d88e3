"""E02: two-class softmax equals the sigmoid of the difference; twins with the order reversed."""

from __future__ import annotations

import sympy as sp

from checks.model.twins import with_step
from checks.vocabulary import sigmoid
from derivations.softmax_sigmoid import softmax_sigmoid, softmax_sigmoid_logistic
from tests.derivations.helpers import assert_refuted_at, assert_verified


def test_two_class_softmax_is_the_sigmoid_of_the_difference():
    assert_verified(softmax_sigmoid)


def test_two_class_softmax_regression_is_logistic_regression():
    assert_verified(softmax_sigmoid_logistic)


def test_the_sigmoid_of_the_reversed_difference_is_refuted_at_the_last_step():
    twin = with_step(softmax_sigmoid, 3, expr=lambda p: sigmoid(p.variables[0].sym - p.variables[1].sym))
    cex = assert_refuted_at(twin, 3)
    assert cex.point == {"z0": "0", "z1": "1"} or float(cex.left) + float(cex.right) == 1.0


def test_logistic_weights_w0_minus_w1_are_refuted():
    def wrong(p):
        x, w0, w1, b0, b1 = p.variables
        affine = sum(((w0[i] - w1[i]) * x[i] for i in range(len(x))), sp.Integer(0)) + b1.sym - b0.sym
        return sigmoid(affine)

    assert_refuted_at(with_step(softmax_sigmoid_logistic, 2, expr=wrong), 2)
