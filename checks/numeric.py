"""Numeric evaluation of step expressions in floats and in high precision, and tolerant comparison."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.matrices import MatrixBase

from checks.model import Var
from checks.sampling import Sample

RTOL = 1e-6
ATOL = 1e-9
HIGH_PRECISION_DIGITS = 50


@dataclass(frozen=True)
class Compiled:
    """An expression compiled for floats and for mpmath, with its matrix shape if any."""

    expr: Any
    shape: tuple[int, ...]
    as_float: Callable[..., Any]
    as_mp: Callable[..., Any]


def compile_expr(expr: Any, symbols: tuple[sp.Symbol, ...]) -> Compiled:
    """Lambdify ``expr`` once for NumPy and once for mpmath."""
    shape: tuple[int, ...] = tuple(expr.shape) if isinstance(expr, MatrixBase) else ()
    target = sp.Matrix(expr) if shape else expr
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        as_float = sp.lambdify(symbols, target, modules="numpy")
        as_mp = sp.lambdify(symbols, target, modules="mpmath")
    return Compiled(expr, shape, as_float, as_mp)


def float_args(sample: Sample, variables: tuple[Var, ...]) -> list[float]:
    """The point's coordinates as floats, flattened in symbol order."""
    return [float(q) for v in variables for q in sample.values[v.name]]


def mp_args(sample: Sample, variables: tuple[Var, ...]) -> list[mpmath.mpf]:
    """The point's exact rationals as high-precision mpmath numbers."""
    return [mpmath.mpf(q.numerator) / q.denominator for v in variables for q in sample.values[v.name]]


def _to_array(value: Any, shape: tuple[int, ...]) -> np.ndarray:
    arr = np.asarray(value, dtype=complex if np.iscomplexobj(value) else float)
    if shape:
        arr = arr.reshape(shape)
    if np.iscomplexobj(arr):
        if np.any(np.abs(arr.imag) > 1e-12 * (1 + np.abs(arr.real))):
            return np.full(arr.shape, np.nan)
        arr = arr.real
    return arr.astype(float)


def evaluate_float(compiled: Compiled, fargs: list[float], margs: Any) -> np.ndarray:
    """Float value of an expression; where floats overflow, the high-precision value rounded.

    ``margs`` is a zero-argument callable producing the mpmath arguments, so high precision is
    only paid for at points where plain floats fail.
    """
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = _to_array(compiled.as_float(*fargs), compiled.shape)
        except (ZeroDivisionError, OverflowError, ValueError, TypeError):
            value = np.array(np.nan)
    if np.all(np.isfinite(value)):
        return value
    mp_value = evaluate_mp(compiled, margs())
    return mp_to_float(mp_value, compiled.shape)


def evaluate_mp(compiled: Compiled, margs: list[mpmath.mpf]) -> Any:
    """High-precision value (mpmath numbers, a matrix as a nested list), or None if undefined."""
    with mpmath.workdps(HIGH_PRECISION_DIGITS):
        try:
            value = compiled.as_mp(*margs)
        except (ZeroDivisionError, OverflowError, ValueError, TypeError):
            return None
    if compiled.shape:
        return [[value[i, j] for j in range(value.cols)] for i in range(value.rows)]
    return value


def mp_to_float(value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """Round a high-precision value to floats (non-finite where it does not fit)."""
    if value is None:
        return np.full(shape, np.nan) if shape else np.array(np.nan)
    flat = [value] if not shape else [x for row in value for x in row]
    out = []
    for x in flat:
        x = mpmath.mpmathify(x)
        if isinstance(x, mpmath.mpc):
            if abs(x.imag) > 1e-30 * (1 + abs(x.real)):
                out.append(math.nan)
                continue
            x = x.real
        try:
            out.append(float(x))
        except (OverflowError, ValueError):
            out.append(math.nan)
    arr = np.array(out, dtype=float)
    return arr.reshape(shape) if shape else arr.reshape(())


def mp_flat(value: Any) -> list[Any]:
    """Entries of a high-precision value, real parts only (None stays None)."""
    if value is None:
        return []
    flat = value if not isinstance(value, list) else [x for row in value for x in row]
    flat = flat if isinstance(flat, list) else [flat]
    return [mpmath.mpmathify(x).real if isinstance(mpmath.mpmathify(x), mpmath.mpc) else mpmath.mpmathify(x) for x in flat]


def relation_holds(left: Any, rel: str, right: Any, rtol: float = RTOL, atol: float = ATOL) -> tuple[bool, int | None]:
    """Whether ``left REL right`` entrywise within tolerance; the first failing entry's index.

    Works for float arrays and for lists of mpmath numbers alike. Strict relations are
    checked as non-strict here: a strict gap below the tolerance is looked at in high
    precision by the engine.
    """
    lefts = list(np.ravel(left)) if isinstance(left, np.ndarray) else list(left)
    rights = list(np.ravel(right)) if isinstance(right, np.ndarray) else list(right)
    if len(lefts) != len(rights):
        if len(lefts) == 1:
            lefts = lefts * len(rights)
        elif len(rights) == 1:
            rights = rights * len(lefts)
        else:
            return False, None
    for i, (a, b) in enumerate(zip(lefts, rights, strict=True)):
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


def all_finite(value: np.ndarray) -> bool:
    """True if every entry is a finite float."""
    return bool(np.all(np.isfinite(value)))
