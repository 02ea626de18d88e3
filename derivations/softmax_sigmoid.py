"""E02: two-class softmax is the logistic sigmoid of the logit difference; logistic regression."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, Kind, Mutant, Point, Proof, Result, Step, Var
from checks.vocabulary import sigmoid

SOURCE = "003 P2, 002"
FEATURES = 3


def _two_class(n: int) -> Proof:
    z0, z1 = Var("z0", Kind.REAL), Var("z1", Kind.REAL)
    a, b = z0.sym, z1.sym
    return Proof(
        variables=(z0, z1),
        start=sp.exp(b) / (sp.exp(a) + sp.exp(b)),
        steps=(
            Step(1 / (sp.exp(a - b) + 1), "divide numerator and denominator by exp(z1)"),
            Step(1 / (1 + sp.exp(-(b - a))), "exp(z0 - z1) = exp(-(z1 - z0))"),
            Step(sigmoid(b - a), "definition of σ"),
        ),
        reference=lambda p: ref.softmax(np.array([p["z0"], p["z1"]]))[1],
    )


def _logistic(n: int) -> Proof:
    x = Var("x", Kind.REAL, FEATURES)
    w0, w1 = Var("w0", Kind.REAL, FEATURES), Var("w1", Kind.REAL, FEATURES)
    b0, b1 = Var("b0", Kind.REAL), Var("b1", Kind.REAL)
    o0 = sum((w0[i] * x[i] for i in range(FEATURES)), sp.Integer(0)) + b0.sym
    o1 = sum((w1[i] * x[i] for i in range(FEATURES)), sp.Integer(0)) + b1.sym
    w = [w1[i] - w0[i] for i in range(FEATURES)]
    affine = sum((w[i] * x[i] for i in range(FEATURES)), sp.Integer(0)) + (b1.sym - b0.sym)

    def reference(p: Point) -> float:
        logits = np.array([p["w0"] @ p["x"] + p["b0"], p["w1"] @ p["x"] + p["b1"]])
        return float(ref.softmax(logits)[1])

    return Proof(
        variables=(x, w0, w1, b0, b1),
        start=sp.exp(o1) / (sp.exp(o0) + sp.exp(o1)),
        steps=(
            Step(1 / (1 + sp.exp(-(o1 - o0))), "divide by exp(w1ᵀx + b1)"),
            Step(sigmoid(affine), "o1 - o0 = (w1 - w0)ᵀx + (b1 - b0): logistic regression"),
        ),
        reference=reference,
    )


softmax_sigmoid = Derivation(
    name="softmax_sigmoid",
    exercise="E02",
    title="two-class softmax is a sigmoid",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="softmax(z0, z1)_1 = σ(z1 - z0)",
    build=_two_class,
    dims=(),
    results=(
        Result(
            "two_class",
            quantity="softmax(z)[1]",
            answer="sigmoid(z[1] - z[0])",
            vectors=("z:2",),
            mutants=(
                Mutant(
                    "sigmoid(z[0] - z[1])", "the order is reversed: softmax(z)_1 = σ(z1 - z0), not σ(z0 - z1)"
                ),
                Mutant("sigmoid(z[1])", "softmax depends on the difference z1 - z0, not on z1 alone"),
            ),
        ),
    ),
)
softmax_sigmoid_logistic = Derivation(
    name="softmax_sigmoid_logistic",
    exercise="E02",
    title="two-class softmax regression is logistic regression",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="softmax(w0ᵀx + b0, w1ᵀx + b1)_1 = σ((w1 - w0)ᵀx + (b1 - b0))",
    build=_logistic,
    dims=(),
)

DERIVATIONS = (softmax_sigmoid, softmax_sigmoid_logistic)
