"""A student's own derivation of E04, σ'(z) = σ(z)(1 - σ(z)), checked step by step."""

import numpy as np
import sympy as sp

from checks import ClaimKind, Derivation, Kind, Proof, Step, Var
from checks.vocabulary import derivative, sigmoid


def build(n: int) -> Proof:
    z = Var("z", Kind.REAL)
    s = sigmoid(z.sym)
    return Proof(
        variables=(z,),
        start=derivative(s, z.sym),  # what we differentiate, as defined
        steps=(
            Step(sp.exp(-z.sym) / (1 + sp.exp(-z.sym)) ** 2, "chain rule on (1 + e^{-z})^{-1}"),
            Step(s * sp.exp(-z.sym) / (1 + sp.exp(-z.sym)), "split the square"),
            Step(s * (1 - s), "e^{-z} / (1 + e^{-z}) = 1 - σ(z)"),
        ),
        # An independent NumPy value of the start: a central difference of a NumPy sigmoid.
        reference=lambda p: (1 / (1 + np.exp(-(p["z"] + 1e-6))) - 1 / (1 + np.exp(-(p["z"] - 1e-6)))) / 2e-6,
    )


my_sigmoid_derivative = Derivation(
    name="my_sigmoid_derivative",
    exercise="E04",
    title="my derivation of the sigmoid derivative",
    source="homework 1",
    kind=ClaimKind.IDENTITY,
    statement="σ'(z) = σ(z)(1 - σ(z))",
    build=build,
    dims=(),  # a scalar claim: no dimension n
)
