"""The chains the engine checks: a proof at one concrete size, and a proof for every n."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sympy as sp

from checks.errors import DerivationError
from checks.model.kinds import Reference
from checks.model.steps import Limit, Step, chain_directions, limit_side
from checks.model.variables import N, Var, Vec, index


@dataclass(frozen=True)
class Proof:
    """A derivation at one concrete size: the chain the engine checks.

    ``start`` is the quantity under study as defined; each step relates to the one before;
    ``reference`` computes ``start`` in plain NumPy at a sample point, independently of SymPy.
    """

    variables: tuple[Var, ...]
    start: Any
    steps: tuple[Step, ...]
    reference: Reference
    limit: Limit | None = None
    tolerance: float | None = None

    def __post_init__(self) -> None:
        names = [v.name for v in self.variables]
        if len(set(names)) != len(names):
            raise DerivationError(f"duplicate variable names in {names}")
        symbols = [s.name for s in self.symbols]
        clashes = sorted({name for name in symbols if symbols.count(name) > 1})
        if clashes:
            raise DerivationError(
                f"two variables share the symbol(s) {', '.join(clashes)} (a vector w has entries "
                "w0, w1, …): rename one"
            )
        if not self.steps and self.limit is None:
            raise DerivationError("a proof needs at least one step")
        if self.tolerance is not None and not (math.isfinite(self.tolerance) and self.tolerance > 0):
            raise DerivationError(f"the tolerance must be a positive number, not {self.tolerance}")
        self._check_symbols_and_shapes()
        if self.limit is not None:
            scalar = next((v for v in self.variables if v.size is None and v.sym == self.limit.var), None)
            if scalar is None:
                raise DerivationError(
                    f"the limit variable {self.limit.var} must be a scalar variable of the proof"
                )
            limit_side(self.limit.var, self.limit.point, scalar.kind)  # refuses a point it never nears
        self._check_chain()
        known = {v.constraint for v in self.variables if v.constraint}
        for step in self.all_steps:
            for name in step.using:
                if name not in known:
                    raise DerivationError(
                        f"step {step.why!r} cites {name!r}, which no variable obeys "
                        f"(known: {sorted(known) or 'none'})"
                    )

    def _check_chain(self) -> None:
        """The chain must say something about its start: its steps all go one way (a chain
        ``a ≥ b ≤ c`` relates ``a`` to nothing), and a limit follows from inequalities only as
        a squeeze, a lower chain and an upper chain that both tend to the value."""
        main, upper = (
            chain_directions(self.steps),
            chain_directions(self.limit.upper_steps if self.limit else ()),
        )
        for chain, name in ((main, "steps"), (upper, "upper steps")):
            if len(chain) > 1:
                raise DerivationError(
                    f"the {name} mix ≤ and ≥: no relation between the start and the end follows"
                )
        if self.limit is None or not main:
            return
        if not upper and not self.limit.upper_steps:
            raise DerivationError(
                "a limit follows from a chain of inequalities only as a squeeze: give upper_steps "
                "that bound the start from the other side"
            )
        if upper and upper == main:
            raise DerivationError(
                f"both chains of the squeeze give {main.pop()} bounds: the upper steps must bound the "
                "start from the other side"
            )

    def _check_symbols_and_shapes(self) -> None:
        """Every symbol is a variable's (a Symbol named ``a`` with other assumptions is another
        symbol, which SymPy would reason about with those assumptions), and the matrices of
        one chain share one shape (their entries would be compared in order)."""
        exprs = [self.start] + [s.expr for s in self.all_steps]
        if self.limit is not None:
            exprs.append(self.limit.value)
        known = set(self.symbols)
        stray = sorted(
            {str(s) for e in exprs if isinstance(e, sp.Basic) for s in e.free_symbols if s not in known}
        )
        if stray:
            raise DerivationError(
                f"the chain uses {', '.join(stray)}, which no variable of the proof is (a symbol "
                "of the same name with other assumptions is another symbol): use the variables' symbols"
            )
        shapes = sorted({e.shape for e in exprs if isinstance(e, sp.MatrixBase)})
        if len(shapes) > 1:
            listed = ", ".join(f"{r} × {c}" for r, c in shapes)
            raise DerivationError(f"the chain mixes matrices of different shapes ({listed})")

    @property
    def all_steps(self) -> tuple[Step, ...]:
        """Every step in report order: the main chain, then a limit's upper chain."""
        return self.steps + (self.limit.upper_steps if self.limit else ())

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """All symbols of all variables, flattened in declaration order."""
        return tuple(s for v in self.variables for s in v.symbols)


#: The concrete sizes at which an ``all n`` proof is cross-checked numerically.
GENERAL_SIZES: tuple[int, ...] = (1, 2, 3, 5, 8, 64)
#: The sizes checked whatever a proof's ``sizes`` say.
MIN_GENERAL_SIZES: tuple[int, ...] = (1, 2, 3, 5, 8)


@dataclass(frozen=True)
class General:
    """A proof for every dimension ``n``: vectors of symbolic length, free indices, Σ steps.

    ``start`` and each step are scalars in the free ``indices`` (an entry ``J[i, j]`` of a
    matrix claim); ``reference`` computes the whole NumPy array at a point of size ``n``, and
    the entry at the free indices is compared; ``distinct`` restricts the claim to pairwise
    different free indices (an off-diagonal entry). Steps are proved by the Σ rewrite rules of
    :mod:`checks.prove.sums` and the equality ladder; ``Σ y = 1`` is used only where cited.
    """

    variables: tuple[Var | Vec, ...]
    start: Any
    steps: tuple[Step, ...]
    reference: Reference
    indices: tuple[sp.Symbol, ...] = ()
    distinct: bool = False
    sizes: tuple[int, ...] = GENERAL_SIZES

    def __post_init__(self) -> None:
        if not self.steps:
            raise DerivationError("a proof needs at least one step")
        names = [v.name for v in self.variables]
        if len(set(names)) != len(names):
            raise DerivationError(f"duplicate variable names in {names}")
        known = {v.constraint for v in self.variables if v.constraint}
        for step in self.steps:
            for name in step.using:
                if name not in known:
                    raise DerivationError(f"step {step.why!r} cites {name!r}, which no variable obeys")
        if any(isinstance(v, Var) and v.size is not None for v in self.variables):
            raise DerivationError("an all-n proof takes scalars (Var) and vectors of length n (Vec)")
        for i in self.indices:
            if not isinstance(i, sp.Symbol) or i != index(i.name):
                # An index runs over 0, …, n - 1: other assumptions (positive: i ≥ 1) would let
                # SymPy prove what fails at i = 0.
                raise DerivationError(f"the free index {i} must be made by checks.model.index({str(i)!r})")
        reserved = sorted(name for name in [*names, *(str(i) for i in self.indices)] if name.startswith("_"))
        if reserved:
            raise DerivationError(
                f"the name {reserved[0]!r} begins with '_', which the engine keeps for its bound indices"
            )
        self._check_symbols()
        wrong = [k for k in self.sizes if not isinstance(k, int) or isinstance(k, bool) or k < 1]
        if wrong or not self.sizes:
            raise DerivationError(f"sizes must be whole numbers n ≥ 1, not {wrong[0] if wrong else '()'}")

    def _check_symbols(self) -> None:
        """Only the proof's own vectors (their bases, with their kind's assumptions), scalars,
        free indices, n and bound indices: a sp.IndexedBase("x", positive=True) beside a
        vector of logits x would let SymPy prove x_i = |x_i|."""
        bases = {v.base for v in self.variables if isinstance(v, Vec)}
        allowed = {N, *self.indices, *(b.label for b in bases)}
        allowed |= {v.sym for v in self.variables if isinstance(v, Var)}
        stray: set[str] = set()
        for expr in [self.start, *(s.expr for s in self.steps)]:
            if not isinstance(expr, sp.Basic):
                continue
            stray |= {str(b) for b in expr.atoms(sp.IndexedBase) if b not in bases}
            bound = {lim[0] for s in expr.atoms(sp.Sum, sp.Product) for lim in s.limits}
            stray |= {str(x) for x in expr.atoms(sp.Symbol) if x not in allowed and x not in bound}
        if stray:
            raise DerivationError(
                f"the chain uses {', '.join(sorted(stray))}, which is not a variable, index or n of the "
                "proof (a base or symbol of the same name with other assumptions is another one)"
            )

    @property
    def checked_sizes(self) -> tuple[int, ...]:
        """The sizes checked numerically: the ones given, and always 1, 2, 3, 5 and 8 (a proof
        for every n may not choose to skip n = 1)."""
        return tuple(sorted(set(self.sizes) | set(MIN_GENERAL_SIZES)))

    def concrete(self, n: int) -> tuple[Var, ...]:
        """The variables at size ``n``."""
        return tuple(v.at(n) if isinstance(v, Vec) else v for v in self.variables)
