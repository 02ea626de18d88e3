"""A course's homework file: the pytest plugin makes each derivation in it a test item."""

from collections.abc import Callable, Mapping

import numpy as np
import sympy as sp

from checks import ClaimKind, Derivation, Kind, Proof, Step, Var
from checks import reference as ref
from checks.vocabulary import derivative, sigmoid


def reference(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """σ'(z) by the complex step of a NumPy sigmoid; p["z"] is a 0-d array."""
    return np.imag(ref.sigmoid(p["z"] + 1e-20j)) / 1e-20


def answer(last: Callable[[sp.Expr], sp.Expr]) -> Callable[[int], Proof]:
    """The proof of σ'(z) whose one step is a student's answer, written in terms of σ(z)."""

    def build(n: int) -> Proof:
        z = Var("z", Kind.REAL)
        s = sigmoid(z.sym)
        return Proof(
            variables=(z,),
            start=derivative(s, z.sym),
            steps=(Step(last(s), "the student's answer"),),
            reference=reference,
        )

    return build


def homework(student: str, last: Callable[[sp.Expr], sp.Expr]) -> Derivation:
    return Derivation(
        name=f"{student}_sigmoid_derivative",
        exercise="E04",
        title=f"{student}'s σ'(z)",
        source="week 1",
        kind=ClaimKind.IDENTITY,
        statement="σ'(z) = ?",
        build=answer(last),
        dims=(),
    )


ada = homework("ada", lambda s: s * (1 - s))
ben = homework("ben", lambda s: s * (1 + s))
