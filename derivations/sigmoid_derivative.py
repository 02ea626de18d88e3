"""E04: the derivative of the logistic sigmoid, σ' = σ(1 - σ)."""

from __future__ import annotations

import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, Kind, Mutant, Proof, Result, Step, Var
from checks.vocabulary import derivative, sigmoid
from derivations._common import grad_of


def _build(n: int) -> Proof:
    z = Var("z", Kind.REAL)
    s = sigmoid(z.sym)
    e = sp.exp(-z.sym)
    return Proof(
        variables=(z,),
        start=derivative(s, z.sym),
        steps=(
            Step(e / (1 + e) ** 2, "chain rule on (1 + e^{-z})^{-1}"),
            Step(1 / (1 + e) * (e / (1 + e)), "split the square"),
            Step(s * (1 - 1 / (1 + e)), "e^{-z}/(1 + e^{-z}) = 1 - 1/(1 + e^{-z})"),
            Step(s * (1 - s), "definition of σ"),
        ),
        reference=lambda p: grad_of(ref.sigmoid, p["z"]),
    )


sigmoid_derivative = Derivation(
    name="sigmoid_derivative",
    exercise="E04",
    title="derivative of the sigmoid",
    source="004",
    kind=ClaimKind.IDENTITY,
    statement="σ'(z) = σ(z)(1 - σ(z))",
    build=_build,
    dims=(),
    results=(
        Result(
            "derivative",
            quantity="diff(sigmoid(z), z)",
            answer="sigmoid(z)*(1 - sigmoid(z))",
            mutants=(
                Mutant("sigmoid(z)*(1 + sigmoid(z))", "a sign slip: σ' = σ(1 - σ)"),
                Mutant("sigmoid(z)**2", "σ' = σ(1 - σ), not σ²: the factor is 1 - σ = e^{-z}/(1 + e^{-z})"),
                Mutant("sigmoid(z)", "σ is not its own derivative: σ' = σ(1 - σ)"),
            ),
        ),
    ),
)

DERIVATIONS = (sigmoid_derivative,)
