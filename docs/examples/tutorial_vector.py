"""Tutorial, part 2: vectors of n classes, the gradient of softmax + cross-entropy is s - y."""

from collections.abc import Mapping

import numpy as np
import sympy as sp

from checks import ClaimKind, Derivation, Kind, Proof, Step, Var
from checks import reference as ref
from checks.vocabulary import cross_entropy, gradient, softmax


def reference(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """∇_o of a NumPy cross-entropy by the complex step; p["o"] and p["y"] have shape (n,)."""
    return ref.gradient(lambda o: ref.cross_entropy(p["y"], o), p["o"])


def build(n: int) -> Proof:
    o = Var("o", Kind.LOGITS, n)  # n real logits: the symbols o0, …, o{n-1}
    y = Var("y", Kind.LABELS, n)  # n labels: non-negative, Σ y = 1
    s = softmax(o.symbols)  # a column vector of n entries
    return Proof(
        variables=(o, y),
        start=gradient(cross_entropy(y.symbols, list(s)), o.symbols),
        steps=(
            Step(
                sp.ImmutableMatrix(
                    [-sum(y[i] * (sp.KroneckerDelta(i, j) - s[j]) for i in range(n)) for j in range(n)]
                ),
                "chain rule with ∂ log s_i/∂o_j = δ_ij - s_j",
            ),
            Step(sp.ImmutableMatrix([s[j] * sum(y.symbols) - y[j] for j in range(n)]), "Σ_i y_i δ_ij = y_j"),
            Step(sp.ImmutableMatrix([s[j] - y[j] for j in range(n)]), "Σ y = 1", using=("Σ y = 1",)),
        ),
        reference=reference,
    )


ce_gradient = Derivation(
    name="ce_gradient",
    exercise="E05",
    title="softmax + cross-entropy gradient",
    source="the tutorial",
    kind=ClaimKind.IDENTITY,
    statement="∇_o L = softmax(o) - y",
    build=build,
    dims=(2, 3, 4),  # built and checked at n = 2, 3 and 4
)
