"""E17: sigmoid with binary cross-entropy, ∂C/∂z = a - y."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, Kind, Mutant, Point, Proof, Result, Step, Var
from checks.vocabulary import derivative, sigmoid
from derivations._common import grad_of


def _build(n: int) -> Proof:
    z, y = Var("z", Kind.REAL), Var("y", Kind.UNIT)
    a = sigmoid(z.sym)
    loss = -(y.sym * sp.log(a) + (1 - y.sym) * sp.log(1 - a))
    da = a * (1 - a)

    def reference(p: Point) -> np.ndarray:
        return grad_of(lambda v: ref.binary_cross_entropy(p["y"], v), p["z"])

    return Proof(
        variables=(z, y),
        start=derivative(loss, z.sym),
        steps=(
            Step(-(y.sym / a - (1 - y.sym) / (1 - a)) * da, "chain rule: ∂C/∂a · ∂a/∂z, σ' = σ(1 - σ)"),
            Step(-(y.sym * (1 - a) - (1 - y.sym) * a), "cancel a and 1 - a"),
            Step(a - y.sym, "expand"),
        ),
        reference=reference,
    )


binary_cross_entropy_gradient = Derivation(
    name="binary_cross_entropy_gradient",
    exercise="E17",
    title="sigmoid + binary cross-entropy gradient",
    source="002",
    kind=ClaimKind.IDENTITY,
    statement="C = -(y log a + (1 - y) log(1 - a)), a = σ(z): ∂C/∂z = a - y",
    build=_build,
    dims=(),
    results=(
        Result(
            "gradient",
            quantity="diff(-(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z))), z)",
            answer="sigmoid(z) - y",
            assume=("0 <= y <= 1",),
            mutants=(
                Mutant("y - sigmoid(z)", "a sign slip: ∂C/∂z = a - y"),
                Mutant(
                    "(sigmoid(z) - y)/(sigmoid(z)*(1 - sigmoid(z)))",
                    "that is ∂C/∂a; the chain rule multiplies by σ'(z) = a(1 - a), which cancels",
                ),
            ),
        ),
    ),
)

DERIVATIONS = (binary_cross_entropy_gradient,)
