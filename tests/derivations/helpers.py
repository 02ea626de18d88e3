"""Assertions shared by the catalogue tests: verified, or refuted at a given step."""

from __future__ import annotations

from functools import cache

from checks.engine.verify import verify
from checks.model import Derivation
from checks.model.result import Counterexample, DerivationResult, Verdict


@cache
def _verified(d: Derivation) -> DerivationResult:
    return verify(d)


def assert_verified(d: Derivation) -> DerivationResult:
    """The derivation is verified with every step proved by a named strategy."""
    result = _verified(d)
    assert result.verdict is Verdict.VERIFIED, (d.name, result.notes)
    assert all(s.verdict is Verdict.VERIFIED and s.method for s in result.steps)
    return result


def assert_refuted_at(twin: Derivation, step: int) -> Counterexample:
    """The wrong twin is refuted, at ``step``, with a counterexample; returns it."""
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED, (twin.name, result.notes)
    cex = result.counterexample
    assert cex is not None
    assert cex.step == step, (cex.step, cex.justification, cex.claim)
    assert cex.point is not None and cex.left and cex.right
    return cex
