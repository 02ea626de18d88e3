"""E04: σ' = σ(1 - σ); twins σ(1 + σ) and σ²."""

from __future__ import annotations

import pytest

from checks.model.twins import with_step
from checks.vocabulary import sigmoid
from derivations.sigmoid_derivative import sigmoid_derivative
from tests.derivations.helpers import assert_refuted_at, assert_verified


def test_the_sigmoid_derivative_is_verified():
    assert_verified(sigmoid_derivative)


def test_sigma_times_one_plus_sigma_is_refuted_at_the_last_step_at_zero():
    twin = with_step(
        sigmoid_derivative, 4, expr=lambda p: sigmoid(p.variables[0].sym) * (1 + sigmoid(p.variables[0].sym))
    )
    cex = assert_refuted_at(twin, 4)
    assert cex.point == {"z": "0"}
    assert (float(cex.left), float(cex.right)) == pytest.approx((0.25, 0.75))


def test_sigma_squared_is_refuted_where_sigma_is_not_one_half():
    twin = with_step(sigmoid_derivative, 4, expr=lambda p: sigmoid(p.variables[0].sym) ** 2)
    cex = assert_refuted_at(twin, 4)
    assert cex.point != {"z": "0"}  # at z = 0 both are 1/4, so the counterexample is elsewhere
