"""Comparing two sides: tolerances, relations entry by entry and row by row, certified violations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.matrices import MatrixBase

from checks.numeric.evaluate import interval_ends

RTOL = 1e-6
ATOL = 1e-9


#: Functions with jumps: a rounding error in their argument becomes a whole step that stays
#: put in every precision (floor(3 Σ s) is 2 in 40 and in 80 digits when Σ s rounds below 1).
STEP_FUNCTIONS = (sp.floor, sp.ceiling, sp.sign, sp.Heaviside, sp.frac, sp.Piecewise)


def needs_certificate(*exprs: Any) -> bool:
    """Whether a failure of ``exprs`` must be certified by interval arithmetic to refute: they
    have a step function, so the high-precision verdict alone is not enough."""
    return any(isinstance(e, sp.Basic | sp.MatrixBase) and e.has(*STEP_FUNCTIONS) for e in exprs)


def surely_violated(lefts: Sequence[Any], rel: str, rights: Sequence[Any], rtol: float, atol: float) -> bool:
    """Whether, for some entry, ``left REL right`` fails beyond the tolerance for every pair of
    values in the intervals (or float numbers) given: a counterexample no rounding can undo."""
    for left, right in aligned(lefts, rights):
        (llo, lhi), (rlo, rhi) = _ends(left), _ends(right)
        if not all(mpmath.isfinite(v) for v in (llo, lhi, rlo, rhi)):
            continue
        tol = atol + rtol * max(abs(llo), abs(lhi), abs(rlo), abs(rhi))
        if rel == "=":
            away = max(llo - rhi, rlo - lhi)
        elif rel in ("<", "<="):
            away = llo - rhi
        else:
            away = rlo - lhi
        if away > tol:
            return True
    return False


def _ends(value: Any) -> tuple[Any, Any]:
    if isinstance(value, type(mpmath.iv.mpf(0))):
        return interval_ends(value)
    number = mpmath.mpf(value)
    return number, number


def entries(value: Any) -> list[Any]:
    """The entries of a SymPy matrix, or the value alone."""
    return list(value) if isinstance(value, MatrixBase) else [value]


def aligned(lefts: Sequence[Any], rights: Sequence[Any]) -> list[tuple[Any, Any]]:
    """Entry pairs of two sides, a single value standing against each entry of the other
    (sides of other unequal sizes pair up as far as the shorter goes)."""
    if len(lefts) == 1 and len(rights) > 1:
        lefts = list(lefts) * len(rights)
    if len(rights) == 1 and len(lefts) > 1:
        rights = list(rights) * len(lefts)
    return list(zip(lefts, rights, strict=False))


def relation_holds(
    left: Any, rel: str, right: Any, rtol: float = RTOL, atol: float = ATOL
) -> tuple[bool, int | None]:
    """Whether ``left REL right`` entrywise within tolerance; the first failing entry's index.

    Works for float arrays and for lists of mpmath numbers alike. Strict relations are
    checked as non-strict here: a strict gap below the tolerance is looked at in high
    precision by the engine.
    """
    if isinstance(left, np.ndarray) and isinstance(right, np.ndarray):
        fast = _float_relation_holds(left, rel, right, rtol, atol)
        if fast is not None:
            return fast
    lefts = list(left) if isinstance(left, list) else list(np.ravel(left))
    rights = list(right) if isinstance(right, list) else list(np.ravel(right))
    if len(lefts) != len(rights) and 1 not in (len(lefts), len(rights)):
        return False, None
    for i, (a, b) in enumerate(aligned(lefts, rights)):
        tol = atol + rtol * max(abs(a), abs(b))
        if rel == "=":
            ok = abs(a - b) <= tol
        elif rel in (">", ">="):
            ok = a - b >= -tol
        else:
            ok = b - a >= -tol
        if not ok:
            return False, i
    return True, None


def _float_relation_holds(
    left: np.ndarray, rel: str, right: np.ndarray, rtol: float, atol: float
) -> tuple[bool, int | None] | None:
    """:func:`relation_holds` for two arrays of doubles, all entries at once: the same
    arithmetic entry by entry, and a NaN fails the same way (its difference is NaN). None for
    other arrays, or sides whose sizes do not pair up."""
    if left.dtype != np.float64 or right.dtype != np.float64:
        return None
    a, b = np.ravel(left), np.ravel(right)
    if a.size != b.size and 1 not in (a.size, b.size):
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        tol = atol + rtol * np.maximum(np.abs(a), np.abs(b))
        if rel == "=":
            ok = np.abs(a - b) <= tol
        elif rel in (">", ">="):
            ok = a - b >= -tol
        else:
            ok = b - a >= -tol
    bad = np.flatnonzero(~ok)
    return (True, None) if not bad.size else (False, int(bad[0]))


def _floats(value: Any) -> np.ndarray:
    array = np.asarray(value)
    return array if array.dtype.kind == "f" else array.astype(float)


def rows_hold(
    left: Any, rel: str, right: Any, rtol: float = RTOL, atol: float = ATOL, *, strict: bool = False
) -> np.ndarray:
    """Per row (the first axis), whether ``left REL right`` holds at every entry of the row,
    with the tolerance of :func:`relation_holds`; a NaN entry fails. Shapes broadcast, and
    extended-precision floats are compared in their own precision. With ``strict``, ``<`` and
    ``>`` need a gap wider than the tolerance: a narrower one is for high precision to settle.
    """
    a, b = np.broadcast_arrays(_floats(left), _floats(right))
    with np.errstate(invalid="ignore", over="ignore"):
        tol = atol + rtol * np.maximum(np.abs(a), np.abs(b))
        gap = b - a if rel in ("<", "<=") else a - b
        if rel == "=":
            ok = np.abs(a - b) <= tol
        elif strict and rel in ("<", ">"):
            ok = gap > tol
        else:
            ok = gap >= -tol
    return np.asarray(ok.reshape(ok.shape[0], -1).all(axis=1) if ok.ndim else ok.reshape(1))


def all_finite(value: np.ndarray) -> bool:
    """True if every entry is a finite float."""
    return bool(np.isfinite(value).all())  # the method: np.all's dispatch costs more here
