"""Numeric evaluation of step expressions in floats (vectorised) and in high precision."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.matrices import MatrixBase

from checks.evaluate import Unsupported, evaluate_interval, evaluate_mpmath, evaluate_numpy, interval_ends
from checks.model import Var
from checks.sampling import Sample

RTOL = 1e-6
ATOL = 1e-9
HIGH_PRECISION_DIGITS = 50


@dataclass
class Compiled:
    """An expression ready for evaluation: its entries, its matrix shape if any."""

    expr: Any
    shape: tuple[int, ...]
    entries: list[sp.Basic]
    symbols: tuple[sp.Symbol, ...]
    _lambdified: dict[str, Any] = field(default_factory=dict)

    def lambdified(self, module: str) -> Any:
        """Fallback for functions the tree evaluator does not know."""
        if module not in self._lambdified:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._lambdified[module] = sp.lambdify(self.symbols, self.entries, modules=module)
        return self._lambdified[module]


def compile_expr(expr: Any, symbols: tuple[sp.Symbol, ...]) -> Compiled:
    """Prepare ``expr`` (scalar or matrix) for evaluation over ``symbols``."""
    shape: tuple[int, ...] = tuple(expr.shape) if isinstance(expr, MatrixBase) else ()
    entries = [sp.sympify(e) for e in expr] if shape else [sp.sympify(expr)]
    return Compiled(expr, shape, entries, symbols)


def evaluate_batch(compiled: Compiled, columns: Sequence[np.ndarray], count: int) -> np.ndarray:
    """Values at P points at once: ``columns[i]`` holds symbol i's value at every point.

    Returns an array of shape ``(P,) + shape``; entries that are undefined or complex are NaN.
    """
    env = dict(zip(compiled.symbols, columns, strict=True))
    memo: dict[sp.Basic, Any] = {}
    out = np.empty((count, len(compiled.entries)), dtype=float)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j, entry in enumerate(compiled.entries):
            try:
                value = evaluate_numpy(entry, env, memo)
            except Unsupported:
                value = compiled.lambdified("numpy")(*columns)[j]
            except (ZeroDivisionError, OverflowError, ValueError, TypeError):
                value = np.nan
            out[:, j] = _real(np.broadcast_to(np.asarray(value), (count,)))
    return out.reshape((count, *compiled.shape))


def _real(value: np.ndarray) -> np.ndarray:
    if np.iscomplexobj(value):
        bad = np.abs(value.imag) > 1e-12 * (1 + np.abs(value.real))
        return np.where(bad, np.nan, value.real)
    return value.astype(float)


def columns_of(points: Sequence[Sample], variables: tuple[Var, ...]) -> list[np.ndarray]:
    """Per-symbol float columns for a batch of points, in symbol order."""
    cols: list[np.ndarray] = []
    for v in variables:
        for i in range(len(v)):
            cols.append(np.array([float(p.values[v.name][i]) for p in points], dtype=float))
    return cols


def mp_args(sample: Sample, variables: tuple[Var, ...]) -> list[mpmath.mpf]:
    """The point's exact rationals as high-precision mpmath numbers."""
    return [mpmath.mpf(q.numerator) / q.denominator for v in variables for q in sample.values[v.name]]


def evaluate_mp(
    compiled: Compiled, margs: list[mpmath.mpf], digits: int = HIGH_PRECISION_DIGITS
) -> list[Any] | None:
    """High-precision entries at one point (real parts), or None where undefined."""
    env = dict(zip(compiled.symbols, margs, strict=True))
    memo: dict[sp.Basic, Any] = {}
    out = []
    with mpmath.workdps(digits):
        for j, entry in enumerate(compiled.entries):
            try:
                value = evaluate_mpmath(entry, env, memo)
            except Unsupported:
                value = compiled.lambdified("mpmath")(*margs)[j]
            except (ZeroDivisionError, OverflowError, ValueError, TypeError):
                return None
            value = mpmath.mpmathify(value)
            if isinstance(value, mpmath.mpc):
                if abs(value.imag) > mpmath.mpf(10) ** -30 * (1 + abs(value.real)):
                    return None
                value = value.real
            if not mpmath.isfinite(value):
                return None
            out.append(value)
    return out


#: How far a high-precision value may move when the precision doubles and still be believed.
STABLE_RTOL = mpmath.mpf(10) ** -15


def evaluate_mp_stable(compiled: Compiled, margs: list[mpmath.mpf]) -> list[Any] | None:
    """High-precision entries that stay put when the precision doubles (50 and 100 digits), or
    None. A value that moves is cancellation noise, not a number to refute anything with:
    (e^z + 1)^3 - e^{3z} - 3e^{2z} - 3e^z is 1, yet -3e14 at z = 50 in 50 digits."""
    coarse = evaluate_mp(compiled, margs, HIGH_PRECISION_DIGITS)
    fine = evaluate_mp(compiled, margs, 2 * HIGH_PRECISION_DIGITS)
    if coarse is None or fine is None:
        return None
    if any(abs(a - b) > STABLE_RTOL * abs(b) for a, b in zip(coarse, fine, strict=True)):
        return None
    return fine


#: Digits of the interval arithmetic that must certify a counterexample.
INTERVAL_DIGITS = 60


def enclosures(
    exprs: Sequence[Any], point: Mapping[Any, sp.Rational], digits: int = INTERVAL_DIGITS
) -> list[Any] | None:
    """Rigorous intervals of ``exprs`` at the exact ``point`` (see
    :func:`checks.evaluate.evaluate_interval`), or None where one cannot be had."""
    iv = mpmath.iv
    saved = iv.prec
    try:
        iv.dps = digits
        env = {k: iv.mpf(int(q.p)) / int(q.q) for k, q in point.items()}
        memo: dict[sp.Basic, Any] = {}
        return [evaluate_interval(sp.sympify(e), env, memo) for e in exprs]
    except (Unsupported, ValueError, TypeError, ZeroDivisionError, OverflowError, ArithmeticError):
        return None
    finally:
        iv.prec = saved


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


def mp_to_float(values: list[Any] | None, shape: tuple[int, ...]) -> np.ndarray:
    """Round high-precision entries to floats (NaN where they do not fit or are undefined)."""
    if values is None:
        return np.full(shape, np.nan) if shape else np.array(np.nan)
    out = []
    for x in values:
        try:
            f = float(x)
        except (OverflowError, ValueError):
            f = math.nan
        out.append(f)
    return np.array(out, dtype=float).reshape(shape)


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
    return bool(np.all(np.isfinite(value)))
