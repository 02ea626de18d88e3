"""Tutorial, part 5: part 2 proved for every number of classes n (General, Vec, index, total)."""

from collections.abc import Mapping

import numpy as np
import sympy as sp

from checks import ClaimKind, Derivation, General, Kind, Proof, Step, Var, Vec, index, total
from checks import reference as ref
from checks.vocabulary import cross_entropy, derivative, gradient, softmax, softmax_at


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


# --8<-- [start:all_n]
def all_n() -> General:
    o, y = Vec("o", Kind.LOGITS), Vec("y", Kind.LABELS)  # vectors of symbolic length n
    j, k = index("j"), index("k")  # integers in 0, …, n - 1
    s_j = softmax_at(o.base, j)  # exp(o_j) / Σ_k exp(o_k)
    loss = -total(y[k] * sp.log(softmax_at(o.base, k)), k)  # -Σ_{k=0}^{n-1} y_k log s_k
    return General(
        variables=(o, y),
        indices=(j,),  # the claim is about entry j of the gradient, for every j
        start=derivative(loss, o[j]),
        steps=(
            Step(
                -total(y[k] * (sp.KroneckerDelta(k, j) - s_j), k), "chain rule, ∂ log s_k/∂o_j = δ_kj - s_j"
            ),
            Step(s_j * y.total() - y[j], "Σ_k y_k δ_kj = y_j; s_j out of Σ"),
            Step(s_j - y[j], "Σ y = 1", using=("Σ y = 1",)),
        ),
        reference=reference,  # part 2's NumPy gradient, compared at entry j
    )


# --8<-- [end:all_n]

# --8<-- [start:derivation]
ce_gradient_all_n = Derivation(
    name="ce_gradient_all_n",
    exercise="E05",
    title="softmax + cross-entropy gradient",
    source="the tutorial",
    kind=ClaimKind.IDENTITY,
    statement="∇_o L = softmax(o) - y",
    build=build,
    dims=(2, 3, 4),  # the concrete proofs still run at n = 2, 3 and 4
    general=all_n,  # and the proof for every n: the scope becomes "all n"
)
# --8<-- [end:derivation]
