"""Tutorial: part 1 with an exercise id the engine does not take (a space in it)."""

from collections.abc import Mapping

import numpy as np
import sympy as sp

from checks import ClaimKind, Derivation, Kind, Proof, Step, Var
from checks import reference as ref
from checks.vocabulary import derivative, sigmoid


def reference(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """∂C/∂z by the complex step of a NumPy loss; p["z"] and p["y"] are 0-d arrays."""
    h = 1e-20  # Im C(z + ih) / h: the derivative to rounding, with no difference to cancel
    return np.imag(ref.binary_cross_entropy(p["y"], p["z"] + 1j * h)) / h


def build(n: int) -> Proof:
    z = Var("z", Kind.REAL)  # a real scalar: the logit
    y = Var("y", Kind.UNIT)  # a scalar in [0, 1]: the label
    a = sigmoid(z.sym)
    loss = -(y.sym * sp.log(a) + (1 - y.sym) * sp.log(1 - a))
    return Proof(
        variables=(z, y),
        start=derivative(loss, z.sym),  # the quantity as defined, unevaluated
        steps=(
            Step(-(y.sym / a - (1 - y.sym) / (1 - a)) * a * (1 - a), "chain rule, σ' = σ(1 - σ)"),
            Step(-(y.sym * (1 - a) - (1 - y.sym) * a), "cancel a and 1 - a"),
            Step(a - y.sym, "expand"),
        ),
        reference=reference,
    )


bce_gradient = Derivation(
    name="bce_gradient",
    exercise="Homework 1",
    title="sigmoid + binary cross-entropy gradient",
    source="the tutorial",
    kind=ClaimKind.IDENTITY,
    statement="∂C/∂z = σ(z) - y",
    build=build,
    dims=(),  # scalars only: built once, with build(0)
)
