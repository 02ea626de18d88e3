"""The oracle's own sample points: exact rationals by variable kind, generic or structured."""

from __future__ import annotations

import random
from fractions import Fraction

import sympy as sp

from checks.model import SIMPLEX_KINDS, Kind, Var

#: A point: each symbol of each variable with its exact value.
Point = dict[sp.Symbol, Fraction]


def _generic(kind: Kind, size: int, rng: random.Random, relaxed: bool) -> list[Fraction]:
    """Generic values: small-denominator rationals away from the boundary of the kind's range."""
    q = rng.randint(3, 29)
    if kind in (Kind.LOGITS, Kind.REAL, Kind.DIRECTION):
        return [Fraction(rng.randint(-5 * q, 5 * q), q) for _ in range(size)]
    if kind is Kind.POSITIVE:
        return [Fraction(rng.randint(1, 6 * q), q) for _ in range(size)]
    if kind is Kind.COUNT:
        return [Fraction(rng.randint(1, 12)) for _ in range(size)]
    if kind in (Kind.UNIT, Kind.OPEN_UNIT):
        return [Fraction(rng.randint(1, q - 1), q) for _ in range(size)]
    weights = [Fraction(rng.randint(1, 9)) for _ in range(size)]
    if relaxed:  # off the simplex: positive, and not summing to one
        values = [w / q for w in weights]
        return values if sum(values) != 1 else [v * 2 for v in values]
    total = sum(weights)
    return [w / total for w in weights]


def _structured(kind: Kind, size: int) -> list[Fraction]:
    """The hand-checked point: zeros, ones, halves, the uniform distribution (ties everywhere)."""
    if kind in (Kind.LOGITS, Kind.REAL, Kind.DIRECTION):
        return [Fraction(0)] * size
    if kind in (Kind.POSITIVE, Kind.COUNT):
        return [Fraction(1)] * size
    if kind in (Kind.UNIT, Kind.OPEN_UNIT):
        return [Fraction(1, 2)] * size
    return [Fraction(1, size)] * size


def point(
    variables: tuple[Var, ...], rng: random.Random | None, relaxed: frozenset[str] = frozenset()
) -> Point:
    """A joint point: generic with ``rng``, structured without; the variables named in
    ``relaxed`` are sampled off their simplex."""
    out: Point = {}
    for v in variables:
        size = len(v)
        if rng is None:
            values = _structured(v.kind, size)
        else:
            values = _generic(v.kind, size, rng, v.name in relaxed and v.kind in SIMPLEX_KINDS)
        out.update(zip(v.symbols, values, strict=True))
    return out


def describe(variables: tuple[Var, ...], at: Point) -> str:
    """The point as text, one variable after the other."""
    parts = []
    for v in variables:
        values = [str(at[s]) for s in v.symbols]
        parts.append(f"{v.name} = {values[0] if v.size is None else '(' + ', '.join(values) + ')'}")
    return ", ".join(parts)
