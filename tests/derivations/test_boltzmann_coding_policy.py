"""E13, E14, E18: Boltzmann limits, coding the classes, the policy score; their wrong twins."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.model.twins import with_limit_value, with_step
from derivations._common import col
from derivations.boltzmann import DERIVATIONS as BOLTZMANN
from derivations.boltzmann import boltzmann_cold_limit, boltzmann_scaling
from derivations.class_coding import DERIVATIONS as CODING
from derivations.class_coding import coding_five, coding_joint, coding_rate_limit
from derivations.policy_score import policy_score
from tests.derivations.helpers import assert_refuted_at, assert_verified


@pytest.mark.parametrize("d", (*BOLTZMANN, *CODING, policy_score), ids=lambda d: d.name)
def test_every_result_is_verified(d):
    assert_verified(d)


def test_a_uniform_limit_as_the_temperature_falls_is_refuted():
    twin = with_limit_value(boltzmann_cold_limit, lambda p: sp.Rational(1, len(p.variables[1]) + 1))
    cex = assert_refuted_at(twin, 2)
    assert float(cex.left) == pytest.approx(1.0)


def test_scaling_alpha_is_not_multiplying_the_temperature():
    def wrong(p):
        from checks.vocabulary import softmax

        eps, alpha, k, t, c = p.variables
        return softmax([-alpha.sym * e / (k.sym * t.sym * c.sym) for e in eps.symbols])

    assert_refuted_at(with_step(boltzmann_scaling, 1, expr=wrong), 1)


def test_five_observations_in_seven_bits_are_refuted():
    cex = assert_refuted_at(with_step(coding_five, 1, expr=lambda p: sp.Rational(7, 5)), 1)
    assert (float(cex.left), float(cex.right)) == (1.6, 1.4)


def test_two_bits_per_observation_when_coded_jointly_is_refuted():
    twin = with_step(coding_joint, 1, expr=lambda p: col([2 * k for k in range(1, 11)]))
    cex = assert_refuted_at(twin, 1)
    assert cex.entry == "(2, 0)"  # k = 3: 5 bits, not 6


def test_a_rate_that_tends_to_two_bits_is_refuted():
    assert_refuted_at(with_limit_value(coding_rate_limit, lambda p: sp.Integer(2)), 3)


def test_a_score_without_the_expectation_term_is_refuted():
    def wrong(p):
        phi, _theta = p.variables
        n = len(phi) // 2
        features = sp.ImmutableMatrix(n, 2, phi.symbols)
        return col([features[0, k] for k in range(2)])

    assert_refuted_at(with_step(policy_score, 2, expr=wrong), 2)
