"""E18: the score of a softmax policy, ∇_θ log π_θ(a|s) = φ(s,a) - Σ_b π_θ(b|s) φ(s,b)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, Kind, Point, Proof, Step, Var
from checks.vocabulary import exp_sum, gradient, softmax
from derivations._common import col

FEATURES = 2


def _build(n: int) -> Proof:
    # n actions with FEATURES features each; the chosen action is a = 0.
    phi, theta = Var("phi", Kind.REAL, n * FEATURES), Var("theta", Kind.REAL, FEATURES)
    features = sp.ImmutableMatrix(n, FEATURES, phi.symbols)
    scores = list(features * theta.vector)
    pi = softmax(scores)
    log_pi = scores[0] - sp.log(exp_sum(scores))

    def reference(p: Point) -> np.ndarray:
        table = p["phi"].reshape(n, FEATURES)
        return ref.gradient(lambda th: ref.log_softmax(table @ th)[0], p["theta"])

    return Proof(
        variables=(phi, theta),
        start=gradient(log_pi, theta.symbols),
        steps=(
            Step(
                col(
                    [
                        features[0, k]
                        - sp.Add(*[sp.exp(scores[b]) * features[b, k] for b in range(n)]) / exp_sum(scores)
                        for k in range(FEATURES)
                    ]
                ),
                "∇ of φ(s,a)ᵀθ is φ(s,a); ∇ log Σ_b exp(φ_bᵀθ) = Σ_b exp(φ_bᵀθ) φ_b / Σ",
            ),
            Step(
                col(
                    [
                        features[0, k] - sp.Add(*[pi[b] * features[b, k] for b in range(n)])
                        for k in range(FEATURES)
                    ]
                ),
                "exp(φ_bᵀθ) / Σ = π_θ(b|s)",
            ),
        ),
        reference=reference,
    )


policy_score = Derivation(
    name="policy_score",
    exercise="E18",
    title="the softmax policy score function",
    source="002",
    kind=ClaimKind.IDENTITY,
    statement="∇_θ log π_θ(a|s) = φ(s,a) - Σ_b π_θ(b|s) φ(s,b)",
    build=_build,
    dims=(2, 3, 4),
)

DERIVATIONS = (policy_score,)
