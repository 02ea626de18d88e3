"""The claim checker's order of proof for the tests of proofs by pieces: ladders, then pieces."""

from __future__ import annotations

import sympy as sp

from checks.prove.domains import Ranges
from checks.prove.sign import prove_relation, prove_relation_by_pieces

#: The claim checker's budget for one prover call, in seconds.
BUDGET = 10.0


def proved(
    left: sp.Expr, rel: str, right: sp.Expr, ranges: Ranges | None = None, budget: float = BUDGET
) -> str | None:
    """As the claim checker does: the ladders first, then proofs by pieces; the method of the
    proof, or None. ``budget`` bounds each of the two calls."""
    outcome = prove_relation(left, rel, right, {}, budget)
    if outcome.proved is True:
        return outcome.method
    found = prove_relation_by_pieces(left, rel, right, {}, budget, ranges)
    return found.method if found is not None else None
