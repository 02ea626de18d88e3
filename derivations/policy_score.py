"""E18: the score of a softmax policy, ∇_θ log π_θ(a|s) = φ(s,a) - Σ_b π_θ(b|s) φ(s,b)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, General, Kind, N, Point, Proof, Step, Var, Vec
from checks.vocabulary import exp_sum, gradient, softmax
from derivations._common import I, K, col

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


def _all_n() -> General:
    # n actions, one feature each (φ_b), a scalar parameter θ; the chosen action is the free index i.
    phi, theta = Vec("phi", Kind.DIRECTION), Var("theta", Kind.REAL)
    t = theta.sym
    total = sp.Sum(sp.exp(phi[K] * t), (K, 0, N - 1))
    pi_k = sp.exp(phi[K] * t) / total

    def reference(p: Point) -> np.ndarray:
        def score(th: np.ndarray) -> np.ndarray:  # every action's log π at once
            return np.asarray(ref.log_softmax(p["phi"] * th[0]))

        return ref.jacobian(score, np.array([p["theta"]]))[:, 0]

    return General(
        variables=(phi, theta),
        indices=(I,),
        start=sp.Derivative(phi[I] * t - sp.log(total), t),
        steps=(
            Step(phi[I] - sp.Sum(sp.exp(phi[K] * t) * phi[K], (K, 0, N - 1)) / total, "∇ log Σ_b exp(φ_b θ)"),
            Step(phi[I] - sp.Sum(pi_k * phi[K], (K, 0, N - 1)), "exp(φ_b θ) / Σ = π_θ(b|s): 1/Σ out of Σ"),
        ),
        reference=reference,
    )


policy_score = Derivation(
    general=_all_n,
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
