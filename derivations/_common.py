"""Small helpers shared by catalogue modules: NumPy reference glue and column vectors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, Proof, index


def col(entries: Sequence[Any]) -> sp.ImmutableMatrix:
    """A column vector of SymPy expressions."""
    return sp.ImmutableMatrix(list(entries))


def grad_of(f: Callable[[np.ndarray], Any], at: np.ndarray) -> np.ndarray:
    """Complex-step gradient of a NumPy function at ``at`` (a scalar point gives a scalar)."""
    if np.ndim(at):
        return ref.gradient(f, np.asarray(at, dtype=float))
    return ref.gradient(lambda v: f(v[0]), np.atleast_1d(np.asarray(at, dtype=float))).reshape(())


def family(exercise: str, source: str, dims: tuple[int, ...] = (2, 3, 4, 5, 6)) -> Callable[..., Derivation]:
    """A constructor of the derivations of one exercise: the id, source and default sizes fixed."""

    def make(
        name: str,
        title: str,
        kind: ClaimKind,
        statement: str,
        build: Callable[[int], Proof],
        dims: tuple[int, ...] = dims,
        **extra: Any,
    ) -> Derivation:
        return Derivation(
            name=name,
            exercise=exercise,
            title=title,
            source=source,
            kind=kind,
            statement=statement,
            build=build,
            dims=dims,
            **extra,
        )

    return make


# -- shared pieces of the all-n proofs --------------------------------------------------------

I, J, K = index("i"), index("j"), index("k")  # noqa: E741 (the textbook names)
