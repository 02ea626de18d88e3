"""The rows an all-n proof is checked on: sample points times index tuples, and evaluators over
them in floats, extended precision and mpmath."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from checks.model import General, Vec
from checks.numeric.compiled import mp_args
from checks.numeric.indexed import IndexedEvaluator
from checks.numeric.sampling import Sample

#: How many index tuples are checked per point beyond n = 8 (besides the corners).
_RANDOM_ENTRIES = 4


def index_tuples(
    n: int, indices: tuple[sp.Symbol, ...], distinct: bool, rng: np.random.Generator
) -> list[tuple[int, ...]]:
    """Every index tuple for small n; corners and a few random tuples for large n."""
    if not indices:
        return [()]

    def keep(t: tuple[int, ...]) -> bool:
        return not distinct or len(set(t)) == len(t)

    every = [t for t in itertools.product(range(n), repeat=len(indices)) if keep(t)]
    if len(every) <= 64:
        return every
    corners = list(itertools.product(sorted({0, 1, n - 1}), repeat=len(indices)))
    extra = [tuple(int(c) for c in rng.integers(0, n, len(indices))) for _ in range(_RANDOM_ENTRIES)]
    return [t for t in dict.fromkeys(corners + extra) if keep(t)]


@dataclass
class Rows:
    """Sample points times index tuples, laid out for the evaluator."""

    points: list[Sample]
    entries: list[tuple[int, ...]]

    def row(self, r: int) -> tuple[int, tuple[int, ...]]:
        return divmod(r, len(self.entries))[0], self.entries[r % len(self.entries)]


def evaluator(
    proof: General, n: int, rows: Rows, dtype: Any = np.float64, only: list[int] | None = None
) -> IndexedEvaluator:
    """An evaluator over every row (point × entry), or over the rows ``only``."""
    count = len(rows.points) * len(rows.entries)
    pick = np.arange(count) if only is None else np.asarray(only, dtype=int)
    scalars: dict[sp.Symbol, Any] = {}
    vectors: dict[str, Any] = {}
    for v in proof.variables:
        values = np.array([[float(q) for q in p.values[v.name]] for p in rows.points], dtype=dtype)
        per_row = np.repeat(values, len(rows.entries), axis=0)[pick]
        if isinstance(v, Vec):
            vectors[v.name] = per_row
        else:
            scalars[v.sym] = per_row[:, 0]
    for pos, idx in enumerate(proof.indices):
        at = np.tile(np.array([e[pos] for e in rows.entries], dtype=int), len(rows.points))
        scalars[idx] = at[pick]
    return IndexedEvaluator(n, scalars, vectors, rows=len(pick), dtype=dtype)


#: Rows per step and size whose strict gap is too narrow for floats that go to high precision.
NEAR_TIES = 8

#: Extended precision is a cheap second look before mpmath, where the platform has it.
EXTENDED = np.longdouble if np.finfo(np.longdouble).eps < np.finfo(np.float64).eps else None


def mp_evaluator(proof: General, n: int, sample: Sample, entry: tuple[int, ...]) -> IndexedEvaluator:
    scalars: dict[sp.Symbol, Any] = dict(zip(proof.indices, entry, strict=True))
    vectors: dict[str, Any] = {}
    for v in proof.concrete(n):
        values = mp_args(sample, (v,))
        if v.size is None:
            scalars[v.sym] = values[0]
        else:
            vectors[v.name] = values
    return IndexedEvaluator(n, scalars, vectors, mp=True)


def ref_entry(ref: np.ndarray | None, at: tuple[int, ...]) -> float:
    """The reference's entry at the free indices ``at`` (NaN where there is no reference)."""
    if ref is None:
        return float("nan")
    return float(np.asarray(ref)[at] if at else np.asarray(ref).reshape(-1)[0])
