"""Evaluate SymPy expression trees directly: vectorised over many points in NumPy, or in mpmath.

Much cheaper than ``lambdify`` (which prints code and execs it) for the many small,
one-off expressions of a derivation; shared subexpressions are evaluated once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import reduce
from typing import Any

import mpmath
import numpy as np
import sympy as sp


class Unsupported(Exception):
    """The expression contains a function this evaluator does not know."""


def _gamma_or_nan(x: float) -> float:
    try:
        return math.gamma(x)
    except (ValueError, OverflowError):
        return math.nan if x <= 0 else math.inf


_np_gamma = np.frompyfunc(_gamma_or_nan, 1, 1)


def _np_pow(base: Any, exponent: Any) -> Any:
    with np.errstate(all="ignore"):
        return np.power(np.asarray(base, dtype=float), exponent)


_NUMPY: dict[type, Callable[..., Any]] = {
    sp.exp: np.exp,
    sp.log: np.log,
    sp.Abs: np.abs,
    sp.sign: np.sign,
    sp.tanh: np.tanh,
    sp.sinh: np.sinh,
    sp.cosh: np.cosh,
    sp.sin: np.sin,
    sp.cos: np.cos,
    sp.atan: np.arctan,
    sp.ceiling: np.ceil,
    sp.floor: np.floor,
    sp.Max: lambda *a: reduce(np.maximum, a),
    sp.Min: lambda *a: reduce(np.minimum, a),
    sp.Heaviside: lambda a, *h: np.where(a > 0, 1.0, np.where(a < 0, 0.0, h[0] if h else 0.5)),
    sp.factorial: lambda a: np.asarray(_np_gamma(np.asarray(a, dtype=float) + 1), dtype=float),
    sp.gamma: lambda a: np.asarray(_np_gamma(np.asarray(a, dtype=float)), dtype=float),
    sp.KroneckerDelta: lambda a, b: np.where(np.equal(a, b), 1.0, 0.0),
}


def _mp_fn(name: str) -> Callable[..., Any]:
    func: Callable[..., Any] = getattr(mpmath, name)
    return func


_MPMATH: dict[type, Callable[..., Any]] = {
    sp.exp: _mp_fn("exp"),
    sp.log: _mp_fn("log"),
    sp.Abs: lambda a: abs(a),
    sp.sign: _mp_fn("sign"),
    sp.tanh: _mp_fn("tanh"),
    sp.sinh: _mp_fn("sinh"),
    sp.cosh: _mp_fn("cosh"),
    sp.sin: _mp_fn("sin"),
    sp.cos: _mp_fn("cos"),
    sp.atan: _mp_fn("atan"),
    sp.ceiling: _mp_fn("ceil"),
    sp.floor: _mp_fn("floor"),
    sp.Max: lambda *a: max(a),
    sp.Min: lambda *a: min(a),
    sp.Heaviside: lambda a, *h: (
        mpmath.mpf(1) if a > 0 else (mpmath.mpf(0) if a < 0 else (h[0] if h else mpmath.mpf(0.5)))
    ),
    sp.factorial: _mp_fn("factorial"),
    sp.gamma: _mp_fn("gamma"),
    sp.KroneckerDelta: lambda a, b: mpmath.mpf(1) if a == b else mpmath.mpf(0),
}


def evaluate_numpy(expr: sp.Basic, env: Mapping[sp.Symbol, np.ndarray], memo: dict[sp.Basic, Any]) -> Any:
    """Value of ``expr`` with each symbol bound to an array of point values (same length)."""
    if expr in memo:
        return memo[expr]
    if isinstance(expr, sp.Symbol):
        if expr not in env:
            raise Unsupported(f"free symbol {expr}")
        value: Any = env[expr]
    elif expr.is_Number or isinstance(expr, sp.NumberSymbol):
        value = float(expr)
    elif expr.is_Add:
        value = reduce(np.add, (evaluate_numpy(a, env, memo) for a in expr.args))
    elif expr.is_Mul:
        value = reduce(np.multiply, (evaluate_numpy(a, env, memo) for a in expr.args))
    elif expr.is_Pow:
        value = _np_pow(evaluate_numpy(expr.base, env, memo), evaluate_numpy(expr.exp, env, memo))
    elif type(expr) in _NUMPY:
        args = [evaluate_numpy(a, env, memo) for a in expr.args]
        value = _NUMPY[type(expr)](*args)
    elif isinstance(expr, sp.Piecewise):
        value = _piecewise_numpy(expr, env, memo)
    else:
        raise Unsupported(type(expr).__name__)
    value = overflow_as_nan(value)
    memo[expr] = value
    return value


def overflow_as_nan(value: Any) -> Any:
    """A float past the float range (±inf) as NaN, at every node: x/inf is a finite 0 and inf/inf
    a NaN, so an overflow inside an expression would otherwise leave a finite, wrong value
    (σ(500) (1 - ...) came out as σ(500) itself). A NaN is no value: the point is looked at in
    higher precision or skipped, never taken as evidence."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and np.isinf(value).any():
            return np.where(np.isinf(value), np.nan, value)
        return value
    if isinstance(value, float | np.floating) and math.isinf(value):
        return math.nan
    return value


def _piecewise_numpy(
    expr: sp.Piecewise, env: Mapping[sp.Symbol, np.ndarray], memo: dict[sp.Basic, Any]
) -> Any:
    result: Any = np.nan
    for piece, cond in reversed(expr.args):
        chosen = _condition_numpy(cond, env, memo)
        result = np.where(chosen, evaluate_numpy(piece, env, memo), result)
    return result


def _condition_numpy(cond: sp.Basic, env: Mapping[sp.Symbol, np.ndarray], memo: dict[sp.Basic, Any]) -> Any:
    if cond is sp.true:
        return True
    if cond is sp.false:
        return False
    ops: dict[type, Callable[[Any, Any], Any]] = {
        sp.StrictGreaterThan: np.greater,
        sp.GreaterThan: np.greater_equal,
        sp.StrictLessThan: np.less,
        sp.LessThan: np.less_equal,
        sp.Equality: np.equal,
        sp.Unequality: np.not_equal,
    }
    if type(cond) in ops:
        lhs, rhs = (evaluate_numpy(a, env, memo) for a in cond.args)
        return ops[type(cond)](lhs, rhs)
    if isinstance(cond, sp.And):
        return reduce(np.logical_and, (_condition_numpy(a, env, memo) for a in cond.args))
    if isinstance(cond, sp.Or):
        return reduce(np.logical_or, (_condition_numpy(a, env, memo) for a in cond.args))
    raise Unsupported(type(cond).__name__)


def evaluate_mpmath(expr: sp.Basic, env: Mapping[sp.Symbol, Any], memo: dict[sp.Basic, Any]) -> Any:
    """High-precision value of ``expr`` at one point (mpmath numbers in ``env``)."""
    if expr in memo:
        return memo[expr]
    if isinstance(expr, sp.Symbol):
        if expr not in env:
            raise Unsupported(f"free symbol {expr}")
        value: Any = env[expr]
    elif expr.is_Rational:
        value = mpmath.mpf(expr.p) / expr.q
    elif expr.is_Number or isinstance(expr, sp.NumberSymbol):
        value = mpmath.mpmathify(expr.evalf(mpmath.mp.dps + 5))
    elif expr.is_Add:
        value = mpmath.fsum(evaluate_mpmath(a, env, memo) for a in expr.args)
    elif expr.is_Mul:
        value = mpmath.fprod(evaluate_mpmath(a, env, memo) for a in expr.args)
    elif expr.is_Pow:
        value = mpmath.power(evaluate_mpmath(expr.base, env, memo), evaluate_mpmath(expr.exp, env, memo))
    elif type(expr) in _MPMATH:
        value = _MPMATH[type(expr)](*(evaluate_mpmath(a, env, memo) for a in expr.args))
    elif isinstance(expr, sp.Piecewise):
        value = _piecewise_mpmath(expr, env, memo)
    else:
        raise Unsupported(type(expr).__name__)
    memo[expr] = value
    return value


def _piecewise_mpmath(expr: sp.Piecewise, env: Mapping[sp.Symbol, Any], memo: dict[sp.Basic, Any]) -> Any:
    for piece, cond in expr.args:
        if cond is sp.true or bool(cond.subs({s: sp.Float(str(v), 60) for s, v in env.items()})):
            return evaluate_mpmath(piece, env, memo)
    return mpmath.nan


def is_finite_mp(x: Any) -> bool:
    """True for a finite real mpmath number."""
    try:
        return bool(mpmath.isfinite(x)) and not isinstance(x, mpmath.mpc)
    except TypeError:
        return False


# -- rigorous enclosures ----------------------------------------------------------------------

_IV = mpmath.iv


def interval_ends(x: Any) -> tuple[Any, Any]:
    """The lower and upper ends of an mpmath interval, as mpmath numbers."""
    lo, hi = x._mpi_
    return mpmath.mp.make_mpf(lo), mpmath.mp.make_mpf(hi)


def whole(rounding: Callable[[Any], Any], v: Any) -> Any:
    """``rounding`` (mpmath's floor or ceil) of ``v``, exact: with as many bits as the integer
    has. At mpmath's default 53 bits floor(π·10²⁰) came out as 314159265358979334144."""
    bits = int(mpmath.mag(v)) + 16 if mpmath.isfinite(v) and v != 0 else 0
    with mpmath.workprec(max(bits, 53)):
        return rounding(v)


def _heaviside(x: Any, at_zero: Any) -> Any:
    """Heaviside over the interval ``x``: 0 left of 0, 1 right of it, and its value at 0 (any
    number: SymPy's second argument) where ``x`` holds 0; not monotone unless that is in [0, 1]."""
    lo, hi = interval_ends(x)
    if lo > 0:
        return _IV.mpf(1)
    if hi < 0:
        return _IV.mpf(0)
    ends = list(interval_ends(at_zero))
    ends += [mpmath.mpf(0)] if lo < 0 else []
    ends += [mpmath.mpf(1)] if hi > 0 else []
    return _IV.mpf([min(ends), max(ends)])


def _monotone_ends(func: Callable[[Any], Any], x: Any) -> Any:
    lo, hi = interval_ends(x)
    return _IV.mpf([func(lo), func(hi)])


def _tanh(x: Any) -> Any:
    return 1 - 2 / (_IV.exp(2 * x) + 1)  # increasing, and exact in interval arithmetic


def _extreme(pick: Callable[..., Any], *xs: Any) -> Any:
    ends = [interval_ends(x) for x in xs]
    return _IV.mpf([pick(e[0] for e in ends), pick(e[1] for e in ends)])


def _delta(a: Any, b: Any) -> Any:
    (alo, ahi), (blo, bhi) = interval_ends(a), interval_ends(b)
    if alo == ahi == blo == bhi:
        return _IV.mpf(1)
    if ahi < blo or bhi < alo:
        return _IV.mpf(0)
    return _IV.mpf([0, 1])


_INTERVAL: dict[type, Callable[..., Any]] = {
    sp.exp: lambda a: _IV.exp(a),
    sp.log: lambda a: _IV.log(a),
    sp.Abs: lambda a: abs(a),
    sp.tanh: _tanh,
    sp.sin: lambda a: _IV.sin(a),
    sp.cos: lambda a: _IV.cos(a),
    sp.sinh: lambda a: (_IV.exp(a) - _IV.exp(-a)) / 2,
    sp.cosh: lambda a: (_IV.exp(a) + _IV.exp(-a)) / 2,
    sp.asinh: lambda a: _IV.log(a + _IV.sqrt(a * a + 1)),
    sp.atan: lambda a: _IV.atan2(a, _IV.mpf(1)),
    sp.ceiling: lambda a: _monotone_ends(lambda v: whole(mpmath.ceil, v), a),
    sp.floor: lambda a: _monotone_ends(lambda v: whole(mpmath.floor, v), a),
    sp.Max: lambda *a: _extreme(max, *a),
    sp.Min: lambda *a: _extreme(min, *a),
    sp.factorial: lambda a: _IV.factorial(a),
    sp.KroneckerDelta: _delta,
    sp.sign: lambda a: _monotone_ends(mpmath.sign, a),
    sp.Heaviside: lambda a, *h: _heaviside(a, h[0] if h else _IV.mpf(0.5)),
}


def evaluate_interval(expr: sp.Basic, env: Mapping[sp.Symbol, Any], memo: dict[sp.Basic, Any]) -> Any:
    """A rigorous enclosure of ``expr`` (mpmath interval arithmetic, at ``mpmath.iv``'s
    precision) with each symbol bound to an interval; :class:`Unsupported` where the function
    has no interval version or the value is not real."""
    if expr in memo:
        return memo[expr]
    if expr in env:  # a symbol, or an entry x[k] of an all-n proof
        value: Any = env[expr]
    elif isinstance(expr, sp.Symbol | sp.Indexed):
        raise Unsupported(f"free symbol {expr}")
    elif expr.is_Rational:
        value = _IV.mpf(expr.p) / expr.q
    elif expr is sp.pi:
        value = +_IV.pi  # (the constant itself is no interval: unary plus evaluates it here)
    elif expr is sp.E:
        value = +_IV.e
    elif expr.is_Add:
        value = reduce(lambda a, b: a + b, (evaluate_interval(a, env, memo) for a in expr.args))
    elif expr.is_Mul:
        value = reduce(lambda a, b: a * b, (evaluate_interval(a, env, memo) for a in expr.args))
    elif expr.is_Pow:
        base = evaluate_interval(expr.base, env, memo)
        if expr.exp.is_Integer:
            value = base ** int(expr.exp)
        elif interval_ends(base)[0] > 0:
            value = _IV.exp(evaluate_interval(expr.exp, env, memo) * _IV.log(base))
        else:
            raise Unsupported("a non-integer power of a base that may be negative")
    elif type(expr) in _INTERVAL:
        try:
            value = _INTERVAL[type(expr)](*(evaluate_interval(a, env, memo) for a in expr.args))
        except (ValueError, ArithmeticError) as exc:  # log of an interval reaching below 0, say
            raise Unsupported(f"{type(expr).__name__}: {exc}") from None
    else:
        raise Unsupported(type(expr).__name__)
    if not isinstance(value, type(_IV.mpf(0))):
        raise Unsupported("not a real interval")
    memo[expr] = value
    return value
