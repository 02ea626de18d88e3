"""Variables of a derivation: scalars and vectors of a concrete size, vectors of length n."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from checks.errors import DerivationError
from checks.model.kinds import ASSUMPTIONS, SIMPLEX_KINDS, Kind


@dataclass(frozen=True)
class Var:
    """A scalar or vector variable with the assumptions of its kind.

    ``Var("x", Kind.LOGITS, 3)[0]`` is the real symbol ``x0``; a scalar is ``Var("a", Kind.REAL)``
    and its symbol is ``.sym``.
    """

    name: str
    kind: Kind
    size: int | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise DerivationError(f"variable name {self.name!r} is not an identifier")
        if self.size is not None and self.size < 1:
            raise DerivationError(f"variable {self.name!r} has size {self.size}; need >= 1")
        if self.kind in SIMPLEX_KINDS and self.size is None:
            raise DerivationError(f"variable {self.name!r} of kind {self.kind.value} needs a size")

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """The SymPy symbols of this variable, one per entry."""
        assumptions = ASSUMPTIONS[self.kind]
        if self.size is None:
            return (sp.Symbol(self.name, **assumptions),)
        return tuple(sp.Symbol(f"{self.name}{i}", **assumptions) for i in range(self.size))

    @property
    def sym(self) -> sp.Symbol:
        """The symbol of a scalar variable."""
        if self.size is not None:
            raise DerivationError(f"{self.name!r} is a vector; index it instead")
        return self.symbols[0]

    @property
    def vector(self) -> sp.ImmutableMatrix:
        """The entries as a column vector."""
        return sp.ImmutableMatrix(self.symbols)

    def __getitem__(self, i: int) -> sp.Symbol:
        return self.symbols[i]

    def __len__(self) -> int:
        return 1 if self.size is None else self.size

    @property
    def constraint(self) -> str | None:
        """The name of the constraint this variable obeys (``Σ y = 1``), if any."""
        return f"Σ {self.name} = 1" if self.kind in SIMPLEX_KINDS else None

    def constraint_substitution(self) -> dict[sp.Symbol, sp.Expr]:
        """Eliminate the last entry by the constraint: ``y_{n-1} -> 1 - Σ_{i<n-1} y_i``."""
        syms = self.symbols
        return {syms[-1]: 1 - sp.Add(*syms[:-1])}


#: The symbolic dimension of ``all n`` proofs: vectors have entries 0, …, n - 1.
N = sp.Symbol("n", integer=True, positive=True)


def index(name: str) -> sp.Symbol:
    """A free index symbol (``i``, ``j``): an integer in 0, …, n - 1."""
    return sp.Symbol(name, integer=True, nonnegative=True)


@dataclass(frozen=True)
class Vec:
    """A vector of symbolic length ``n``: ``Vec("x", Kind.LOGITS)[i]`` is the entry ``x[i]``."""

    name: str
    kind: Kind

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise DerivationError(f"variable name {self.name!r} is not an identifier")

    @property
    def base(self) -> sp.IndexedBase:
        """The SymPy ``IndexedBase`` with the assumptions of the kind."""
        return sp.IndexedBase(self.name, **ASSUMPTIONS[self.kind])

    def __getitem__(self, i: Any) -> sp.Indexed:
        return self.base[i]

    def total(self, k: sp.Symbol | None = None) -> sp.Sum:
        """``Σ_k v[k]`` over the whole vector."""
        k = k if k is not None else index("k")
        return sp.Sum(self.base[k], (k, 0, N - 1))

    @property
    def constraint(self) -> str | None:
        """The name of the constraint this vector obeys (``Σ y = 1``), if any."""
        return f"Σ {self.name} = 1" if self.kind in SIMPLEX_KINDS else None

    def at(self, n: int) -> Var:
        """The concrete variable of size ``n`` (for sampling)."""
        return Var(self.name, self.kind, n)


def total(summand: Any, k: sp.Symbol) -> sp.Sum:
    """``Σ_{k=0}^{n-1} summand``."""
    return sp.Sum(summand, (k, 0, N - 1))
