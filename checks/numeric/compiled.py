"""Expressions compiled once and evaluated at many points: floats (vectorised), high precision, intervals."""

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

from checks.model import Var
from checks.numeric.evaluate import Unsupported, evaluate_interval, evaluate_mpmath, evaluate_numpy
from checks.numeric.sampling import Sample

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


class PointMemo:
    """The high-precision values of subexpressions, by point, symbols and precision: the
    expressions of a chain share most of their subexpressions (and a link's right side is the
    next link's left), so each is evaluated once per point. A value is only ever reused for
    the same point, the same symbols and the same number of digits, where it would come out
    the same again."""

    def __init__(self) -> None:
        self._memos: dict[tuple[int, tuple[sp.Symbol, ...], tuple[Any, ...]], dict[sp.Basic, Any]] = {}

    def at(self, symbols: tuple[sp.Symbol, ...], margs: Sequence[Any], digits: int) -> dict[sp.Basic, Any]:
        """The memo of the point ``margs`` (the values of ``symbols``) in ``digits`` digits."""
        return self._memos.setdefault((digits, tuple(symbols), tuple(margs)), {})


def evaluate_mp(
    compiled: Compiled,
    margs: list[mpmath.mpf],
    digits: int = HIGH_PRECISION_DIGITS,
    memos: PointMemo | None = None,
) -> list[Any] | None:
    """High-precision entries at one point (real parts), or None where undefined; ``memos``
    shares the values of subexpressions with other expressions evaluated at the same point."""
    env = dict(zip(compiled.symbols, margs, strict=True))
    memo = memos.at(compiled.symbols, margs, digits) if memos is not None else {}
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
#: ... or in absolute terms: a value that is 0 by cancellation is noise of about 10^-50 in 50
#: digits and 10^-100 in 100, which no relative bound accepts; far below every tolerance the
#: comparisons use (ATOL = 1e-9), it is 0 for them.
STABLE_ATOL = mpmath.mpf(10) ** -25


def stable(coarse: Any, fine: Any) -> bool:
    """Whether a value computed in two precisions stayed put (relatively, or near 0 absolutely)."""
    return bool(abs(coarse - fine) <= STABLE_RTOL * abs(fine) + STABLE_ATOL)


def evaluate_mp_stable(
    compiled: Compiled, margs: list[mpmath.mpf], memos: PointMemo | None = None
) -> list[Any] | None:
    """High-precision entries that stay put when the precision doubles (50 and 100 digits), or
    None. A value that moves is cancellation noise, not a number to refute anything with:
    (e^z + 1)^3 - e^{3z} - 3e^{2z} - 3e^z is 1, yet -3e14 at z = 50 in 50 digits."""
    coarse = evaluate_mp(compiled, margs, HIGH_PRECISION_DIGITS, memos)
    fine = evaluate_mp(compiled, margs, 2 * HIGH_PRECISION_DIGITS, memos)
    if coarse is None or fine is None:
        return None
    if not all(stable(a, b) for a, b in zip(coarse, fine, strict=True)):
        return None
    return fine


#: Digits of the interval arithmetic that must certify a counterexample.
INTERVAL_DIGITS = 60


def enclosures(
    exprs: Sequence[Any], point: Mapping[Any, sp.Rational], digits: int = INTERVAL_DIGITS
) -> list[Any] | None:
    """Rigorous intervals of ``exprs`` at the exact ``point`` (see
    :func:`checks.numeric.evaluate.evaluate_interval`), or None where one cannot be had."""
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
