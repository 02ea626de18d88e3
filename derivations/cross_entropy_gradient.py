"""E05: the gradient of softmax + cross-entropy, ∂L/∂x_j = s_j - y_j, using Σ y = 1."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, General, Kind, Mutant, N, Point, Proof, Result, Step, Var, Vec
from checks.vocabulary import cross_entropy, derivative, gradient, softmax, softmax_at
from derivations._common import J, K, col


def _gradient_reference(p: Point) -> np.ndarray:
    """∇_x of the NumPy cross-entropy, by finite differences."""
    return ref.gradient(lambda v: ref.cross_entropy(p["y"], v), p["x"])


def _build(n: int) -> Proof:
    x, y = Var("x", Kind.LOGITS, n), Var("y", Kind.LABELS, n)
    s = softmax(x.symbols)
    loss = cross_entropy(y.symbols, list(s))
    sum_y = sp.Add(*y.symbols)

    return Proof(
        variables=(x, y),
        start=gradient(loss, x.symbols),
        steps=(
            Step(
                col(
                    [-sp.Add(*[y[i] * (sp.KroneckerDelta(i, j) - s[j]) for i in range(n)]) for j in range(n)]
                ),
                "chain rule with ∂ log s_i/∂x_j = δ_ij - s_j",
            ),
            Step(col([s[j] * sum_y - y[j] for j in range(n)]), "Σ_i y_i δ_ij = y_j; collect s_j"),
            Step(col([s[j] - y[j] for j in range(n)]), "Σ y = 1", using=("Σ y = 1",)),
        ),
        reference=_gradient_reference,
    )


def _all_n() -> General:
    x, y = Vec("x", Kind.LOGITS), Vec("y", Kind.LABELS)
    loss = -sp.Sum(y[K] * sp.log(softmax_at(x.base, K)), (K, 0, N - 1))
    s_j = softmax_at(x.base, J)

    return General(
        variables=(x, y),
        indices=(J,),
        start=derivative(loss, x[J]),
        steps=(
            Step(
                -sp.Sum(y[K] * (sp.KroneckerDelta(K, J) - s_j), (K, 0, N - 1)),
                "chain rule with ∂ log s_k/∂x_j = δ_kj - s_j",
            ),
            Step(s_j * y.total() - y[J], "Σ_k y_k δ_kj = y_j (δ-contraction); s_j out of Σ"),
            Step(s_j - y[J], "Σ y = 1", using=("Σ y = 1",)),
        ),
        reference=_gradient_reference,
    )


cross_entropy_gradient = Derivation(
    general=_all_n,
    name="cross_entropy_gradient",
    exercise="E05",
    title="softmax + cross-entropy gradient",
    source="003 P5, 004, 001 [1-1]",
    kind=ClaimKind.IDENTITY,
    statement="L = -Σ_i y_i log s_i: ∂L/∂x_j = s_j - y_j (using Σ y = 1)",
    build=_build,
    results=(
        Result(
            "gradient",
            quantity="diff(cross_entropy(y, softmax(x)), x[j])",
            answer="softmax(x)[j] - y[j]",
            vectors=("x:3", "y:3:labels"),
            mutants=(
                Mutant("y[j] - softmax(x)[j]", "a sign slip: the gradient is s_j - y_j"),
                Mutant(
                    "-y[j]/softmax(x)[j]",
                    "that is ∂L/∂s_j; multiply by the softmax Jacobian to get s_j - y_j",
                ),
                Mutant("softmax(x)[j]", "the -y_j term is missing: ∂L/∂x_j = s_j - y_j"),
            ),
        ),
    ),
)

DERIVATIONS = (cross_entropy_gradient,)
