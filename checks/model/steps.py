"""Links of a chain (steps with their reasons) and limit claims."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import sympy as sp

from checks.errors import DerivationError
from checks.model.kinds import RELATIONS, Kind, Rel


@dataclass(frozen=True)
class Step:
    """One link of a chain: ``previous REL expr``, with the reason it holds.

    ``using`` names the constraints (e.g. ``"Σ y = 1"``) the step relies on; a step that
    relies on a constraint without citing it is refuted, because it does not follow.
    """

    expr: Any
    why: str
    rel: Rel = "="
    using: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.rel not in RELATIONS:
            raise DerivationError(f"step {self.why!r}: unknown relation {self.rel!r}")
        if not self.why.strip():
            raise DerivationError("every step needs a justification")
        if isinstance(self.using, str):
            raise DerivationError(f"step {self.why!r}: 'using' must be a tuple of names")

    def uncited(self, variables: tuple[Any, ...]) -> frozenset[str]:
        """The variables whose ``Σ = 1`` constraint this step relies on without citing it."""
        return frozenset(v.name for v in variables if v.constraint and v.constraint not in self.using)


class _Checked(Protocol):
    step: Step
    failure: Any


_P = TypeVar("_P", bound=_Checked)


def by_uncited(pairs: Iterable[_P], variables: tuple[Any, ...]) -> dict[frozenset[str], list[_P]]:
    """The pairs not yet refuted whose steps rely on some ``Σ = 1`` without citing it, grouped
    by those constraints (each group is sampled off the simplex once)."""
    groups: dict[frozenset[str], list[_P]] = {}
    for pair in pairs:
        missing = pair.step.uncited(variables)
        if missing and pair.failure is None:
            groups.setdefault(missing, []).append(pair)
    return groups


@dataclass(frozen=True)
class Limit:
    """A limit claim ``lim_{var -> point} start = value``.

    With ``upper_steps`` the claim is proved by a sandwich: ``steps`` lead from ``start`` down
    to a lower bound and ``upper_steps`` lead up to an upper bound, and both bounds must tend
    to ``value``. ``sequence`` gives the values of ``var`` at which the limit is confirmed
    numerically.
    """

    var: sp.Symbol
    point: Any
    value: Any
    upper_steps: tuple[Step, ...] = ()
    sequence: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if sp.sympify(self.point).free_symbols:
            raise DerivationError(
                f"the limit point {self.point} must be a number or ±oo (at a symbolic point SymPy "
                "answers as if the limit always existed: floor(x) → floor(a))"
            )
        if self.sequence and not _approaches(self.sequence, self.point):
            raise DerivationError(
                f"the sequence {self.sequence} of the limit {self.var} → {self.point} does not approach "
                f"{self.point} (it must end within 1e-3 of a finite point, or beyond 1e6 toward ±oo)"
            )

    @property
    def direction(self) -> str:
        """Where ``var`` comes from at a finite point (its symbol's assumptions only; see
        :func:`limit_side` for a variable's kind)."""
        return limit_side(self.var, self.point)

    def sequences(self, direction: str | None = None) -> tuple[tuple[float, ...], ...]:
        """The values of ``var`` along which the limit is confirmed: the given sequence, or one
        per side the variable comes from (``direction``, by default :attr:`direction`)."""
        if self.sequence:
            return (self.sequence,)
        if self.point is sp.oo:
            return ((1.0, 10.0, 100.0, 1e4, 1e8, 1e16, 1e32),)
        if self.point is -sp.oo:
            return ((-1.0, -10.0, -100.0, -1e4, -1e8, -1e16, -1e32),)
        at = float(self.point)
        steps = (1e-1, 1e-2, 1e-3, 1e-4, 1e-6)
        sides = {"+": (1.0,), "-": (-1.0,), "+-": (1.0, -1.0)}[direction or self.direction]
        return tuple(tuple(at + side * h for h in steps) for side in sides)


#: The closed range each bounded kind's values lie in (None: unbounded on that side).
_RANGES: dict[Kind, tuple[int | None, int | None]] = {
    Kind.POSITIVE: (0, None),
    Kind.COUNT: (1, None),
    Kind.UNIT: (0, 1),
    Kind.OPEN_UNIT: (0, 1),
}


def limit_side(var: sp.Symbol, point: Any, kind: Kind | None = None) -> str:
    """Where ``var`` comes from at a finite ``point``: ``+`` (never below it), ``-``, or ``+-``
    (both sides: the limit exists only if they agree), from its assumptions and, where given,
    its kind (a probability in (0, 1) comes to 1 from below only)."""
    point = sp.sympify(point)
    low, high = _RANGES.get(kind, (None, None)) if kind is not None else (None, None)
    if point in (sp.oo, -sp.oo):
        if (point is sp.oo and high is not None) or (point is -sp.oo and low is not None):
            raise DerivationError(f"a variable of kind {kind.value if kind else ''} never comes near {point}")
        return "-" if point is sp.oo else "+"
    if point.is_number and ((low is not None and point < low) or (high is not None and point > high)):
        raise DerivationError(f"a variable of kind {kind.value if kind else ''} never comes near {point}")
    if kind in (Kind.UNIT, Kind.OPEN_UNIT) and point.is_number:
        if point >= 1:
            return "-"
        if point <= 0:
            return "+"
    gap = var - point
    return "+" if gap.is_nonnegative else ("-" if gap.is_nonpositive else "+-")


def _approaches(sequence: tuple[float, ...], point: Any) -> bool:
    if point is sp.oo:
        return sequence[-1] >= 1e6
    if point is -sp.oo:
        return sequence[-1] <= -1e6
    at = float(point)
    return abs(sequence[-1] - at) <= 1e-3 * (1 + abs(at)) and abs(sequence[-1] - at) < abs(sequence[0] - at)


def chain_directions(steps: tuple[Step, ...]) -> set[str]:
    """``lower`` for a step whose end bounds the start from below (≥, >), ``upper`` for ≤, <."""
    return {"lower" if s.rel in (">", ">=") else "upper" for s in steps if s.rel != "="}
