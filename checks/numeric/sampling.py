"""Seeded sample points by variable kind: small exact values first, then random, then adversarial."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.random  # NumPy loads it lazily: load it here once, not in every forked check
import sympy as sp

from checks.model import Kind, Var

Exact = tuple[Fraction, ...]


@dataclass(frozen=True)
class Sample:
    """One joint point: exact rationals (for high precision) per variable, and a label."""

    values: dict[str, Exact]
    origin: str  # "small", "random" or "adversarial"

    def describe(self, variables: tuple[Var, ...]) -> dict[str, str]:
        """The point as short text per variable: integers and small fractions exactly."""
        out = {}
        for v in variables:
            vals = [_fmt_exact(q) for q in self.values[v.name]]
            out[v.name] = vals[0] if v.size is None else "(" + ", ".join(vals) + ")"
        return out

    def exact(self, variables: tuple[Var, ...]) -> dict[sp.Symbol, sp.Rational]:
        """The point as exact SymPy rationals keyed by symbol."""
        return {
            sym: sp.Rational(q.numerator, q.denominator)
            for v in variables
            for sym, q in zip(v.symbols, self.values[v.name], strict=True)
        }

    def as_numpy(self, variables: tuple[Var, ...]) -> dict[str, np.ndarray]:
        """Float arrays (0-d for scalars) keyed by variable name."""
        out = {}
        for v in variables:
            arr = np.array([float(q) for q in self.values[v.name]], dtype=float)
            out[v.name] = arr.reshape(()) if v.size is None else arr
        return out


def _fmt_exact(q: Fraction) -> str:
    if q.denominator == 1:
        return str(q.numerator)
    if q.denominator < 10**4 and abs(q.numerator) < 10**6:
        return f"{q.numerator}/{q.denominator}"
    return decimal_text(q)


def decimal_text(q: Fraction) -> str:
    """``q`` in six significant digits where they name the same float; else exactly, or as the
    float itself, whose shortest form reads back to it (12345678901/98765 is not 125001)."""
    short = f"{float(q):.6g}"
    if float(short) == float(q):
        return short
    exact = f"{q.numerator}/{q.denominator}"
    return exact if len(exact) <= 24 else repr(float(q))


def _frac(x: float) -> Fraction:
    return Fraction(x)


def _small(kind: Kind, n: int, relaxed: bool) -> list[Exact]:
    """Small integers and simple rationals, the values a person checks by hand."""
    F = Fraction
    if kind in (Kind.LOGITS, Kind.DIRECTION, Kind.REAL):
        rows = [
            [F(0)] * n,
            [F(i) for i in range(n)],
            [F(1)] + [F(0)] * (n - 1),
            [F(-1) if i % 2 else F(2) for i in range(n)],
            [F(1, 2) * (-1) ** i + F(i, 3) for i in range(n)],
            [F(3 - i) for i in range(n)],
        ]
    elif kind is Kind.POSITIVE:
        rows = [[F(1)] * n, [F(i + 1) for i in range(n)], [F(1, 2 + i) for i in range(n)], [F(3)] * n]
    elif kind is Kind.COUNT:
        rows = [[F(1)] * n, [F(i + 2) for i in range(n)], [F(3 + 2 * i) for i in range(n)]]
    elif kind is Kind.UNIT:
        rows = [[F(0)] * n, [F(1)] * n, [F(1, 2)] * n, [F(1, 4 + i) for i in range(n)]]
    elif kind is Kind.OPEN_UNIT:
        rows = [[F(1, 2)] * n, [F(1, 4 + i) for i in range(n)], [F(3, 4)] * n]
    elif relaxed:  # simplex kinds without their constraint: positive, not summing to 1
        rows = [[F(1)] * n, [F(i + 1) for i in range(n)], [F(2, 3 + i) for i in range(n)]]
    elif kind is Kind.LABELS:
        one_hot = [[F(int(i == j)) for i in range(n)] for j in (0, n - 1)]
        rows = [*one_hot, [F(1, n)] * n, _normalised([F(i + 1) for i in range(n)])]
    else:  # PROBS
        rows = [
            [F(1, n)] * n,
            _normalised([F(i + 1) for i in range(n)]),
            _normalised([F(2**i) for i in range(n)]),
        ]
    return [tuple(r) for r in rows]


def _normalised(row: list[Fraction]) -> list[Fraction]:
    total = sum(row)
    return [q / total for q in row]


def _random(kind: Kind, n: int, relaxed: bool, rng: np.random.Generator) -> Exact:
    if kind in (Kind.LOGITS, Kind.DIRECTION, Kind.REAL):
        raw = rng.normal(0.0, 2.0, n)
    elif kind is Kind.POSITIVE:
        raw = rng.uniform(0.1, 5.0, n)
    elif kind is Kind.COUNT:
        return tuple(Fraction(int(k)) for k in rng.integers(1, 60, n))
    elif kind is Kind.UNIT:
        raw = rng.uniform(0.0, 1.0, n)
    elif kind is Kind.OPEN_UNIT:
        raw = rng.uniform(0.01, 0.99, n)
    elif relaxed:
        raw = rng.uniform(0.05, 3.0, n)
    else:
        raw = rng.dirichlet(np.ones(n))
        if kind is Kind.LABELS and rng.random() < 0.3:
            raw = np.eye(n)[rng.integers(n)]
        # Exact rationals must sum to exactly one: put the rounding on the last entry.
        qs = [_frac(float(x)) for x in raw[:-1]]
        return (*qs, 1 - sum(qs, Fraction(0)))
    return tuple(_frac(float(x)) for x in raw)


def _adversarial(kind: Kind, n: int, relaxed: bool) -> list[Exact]:
    """Where naive formulas overflow or round: logits of ±50 and ±500, ties, near 0 and 1."""
    F = Fraction
    if kind in (Kind.LOGITS, Kind.REAL):
        rows = [
            [F(50) * (-1) ** i for i in range(n)],
            [F(500) - i for i in range(n)],
            [F(-500) * (-1) ** i for i in range(n)],
            [F(-50)] * n,
        ]
    elif kind is Kind.DIRECTION:
        rows = [[F(1000) * (-1) ** i for i in range(n)], [F(1, 1000)] * n]
    elif kind is Kind.POSITIVE:
        rows = [[F(1, 10**6)] * n, [F(10**3)] * n]
    elif kind is Kind.COUNT:
        rows = [[F(10**4 + i) for i in range(n)]]
    elif kind in (Kind.UNIT, Kind.OPEN_UNIT):
        rows = [[F(1, 10**9)] * n, [1 - F(1, 10**9)] * n]
    elif relaxed:
        rows = [[F(1, 10**6)] * n, [F(100)] * n]
    elif n == 1:
        rows = [[F(1)]]
    else:
        tiny = F(1, 10**12)
        rows = [[1 - tiny * (n - 1)] + [tiny] * (n - 1)]
    return [tuple(r) for r in rows]


def samples(
    variables: tuple[Var, ...], count: int, seed: int, relaxed: frozenset[str] = frozenset()
) -> list[Sample]:
    """``count`` joint points plus the adversarial ones, in order: small, random, adversarial.

    Variables named in ``relaxed`` are sampled without their ``Σ = 1`` constraint. The points
    depend on nothing else, so they are drawn once per process (graders reuse declarations).
    """
    return list(_samples(tuple(variables), count, seed, frozenset(relaxed)))


@functools.lru_cache(maxsize=64)
def _samples(
    variables: tuple[Var, ...], count: int, seed: int, relaxed: frozenset[str]
) -> tuple[Sample, ...]:
    if not variables:
        return (Sample({}, "small"),)
    rng = np.random.default_rng(seed)
    per_var_small = {v.name: _small(v.kind, len(v), v.name in relaxed) for v in variables}
    width = max((len(rows) for rows in per_var_small.values()), default=1)
    points: list[Sample] = []
    for i in range(min(width, count)):
        # Offset each variable's row so that two scalars are not always equal.
        vals = {name: rows[(i + j) % len(rows)] for j, (name, rows) in enumerate(per_var_small.items())}
        points.append(Sample(vals, "small"))
    for _ in range(max(count - width, 0)):
        vals = {v.name: _random(v.kind, len(v), v.name in relaxed, rng) for v in variables}
        points.append(Sample(vals, "random"))
    adv = {v.name: _adversarial(v.kind, len(v), v.name in relaxed) for v in variables}
    for i in range(max((len(r) for r in adv.values()), default=0)):
        vals = {name: rows[i % len(rows)] for name, rows in adv.items()}
        points.append(Sample(vals, "adversarial"))
    return tuple(points)
