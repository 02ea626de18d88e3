"""E10: KL and cross-entropy; symmetry, a sign slip and a Gibbs chain without Σ q = 1 refuted."""

from __future__ import annotations

import pytest

from checks.model.twins import with_build, with_step
from checks.vocabulary import entropy, kl
from derivations.kl_cross_entropy import DERIVATIONS, kl_asymmetry, kl_cross_entropy_identity, kl_gibbs
from tests.derivations.helpers import assert_refuted_at, assert_verified


@pytest.mark.parametrize("d", DERIVATIONS, ids=lambda d: d.name)
def test_every_kl_result_is_verified(d):
    assert_verified(d)


def test_claiming_kl_is_symmetric_is_refuted():
    twin = with_step(kl_asymmetry, 2, rel="=")
    cex = assert_refuted_at(twin, 2)
    assert float(cex.left) == pytest.approx(0.01302, abs=1e-5)


def test_entropy_minus_kl_is_refuted():
    twin = with_step(
        kl_cross_entropy_identity,
        2,
        expr=lambda p: entropy(p.variables[0].symbols) - kl(p.variables[0].symbols, p.variables[1].symbols),
    )
    cex = assert_refuted_at(twin, 2)
    assert cex.n == 2


def test_gibbs_without_citing_sum_q_is_refuted_off_the_simplex():
    cex = assert_refuted_at(with_step(kl_gibbs, 4, using=("Σ p = 1",)), 4)
    assert cex.note is not None and "Σ q = 1" in cex.note


def test_the_reverse_of_log_t_le_t_minus_1_is_refuted():
    assert_refuted_at(with_step(kl_gibbs, 2, rel="<="), 2)


def test_kl_of_q_against_p_is_not_the_identity_with_p_against_q():
    def swapped(proof):  # type: ignore[no-untyped-def]
        import dataclasses

        p, q = proof.variables
        steps = (
            *proof.steps[:-1],
            dataclasses.replace(proof.steps[-1], expr=entropy(p.symbols) + kl(q.symbols, p.symbols)),
        )
        return dataclasses.replace(proof, steps=steps)

    assert_refuted_at(with_build(kl_cross_entropy_identity, swapped), 2)
