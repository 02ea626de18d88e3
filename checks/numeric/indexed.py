"""Evaluate expressions over vectors of symbolic length at a concrete n: Indexed, Sum, δ.

Independent of SymPy's own summation: every ``Sum`` is added up term by term here, so a wrong
rewrite of a sum cannot hide in the numbers. NumPy mode evaluates many rows at once (a row
is a sample point with values of the free indices); mpmath mode evaluates one row exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from checks.model import N
from checks.numeric.evaluate import _MPMATH, _NUMPY, Unsupported, overflow_as_nan


class IndexedEvaluator:
    """Values of expressions in scalars, vectors (by ``IndexedBase`` name) and index symbols.

    ``scalars`` maps symbols (scalars and free indices) to a row array or an mpmath number;
    ``vectors`` maps a base name to an array of shape ``(rows, n)`` or a list of mpmath numbers;
    ``rows`` is the number of rows when no vector tells it; ``dtype`` is the NumPy float type
    (``np.longdouble`` reaches exp(±11356) on x86-64, where ``float64`` overflows at exp(709)).
    """

    def __init__(
        self,
        n: int,
        scalars: Mapping[sp.Symbol, Any],
        vectors: Mapping[str, Any],
        mp: bool = False,
        rows: int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.n = n
        self.dtype = dtype
        self.scalars = dict(scalars)
        self.scalars[N] = n
        self.vectors = vectors
        self.mp = mp
        self.rows = 1 if mp else rows if rows is not None else next((len(v) for v in vectors.values()), 1)
        self._free: dict[sp.Basic, frozenset[sp.Symbol]] = {}
        self._memo: dict[tuple[sp.Basic, tuple[int, ...]], Any] = {}

    def value(self, expr: sp.Basic) -> Any:
        """The value of ``expr`` (broadcast to the rows in NumPy mode)."""
        out = self._eval(expr, {})
        if self.mp:
            return out
        return np.broadcast_to(np.asarray(out, dtype=self.dtype).reshape(-1), (self.rows,))

    # NumPy mode is vectorised over sums too: a bound index at depth d is an ``arange`` along
    # axis d + 1, every value has axes (row, k1, k2, …), and a Sum adds up its own axis.

    def _lift(self, value: Any, depth: int) -> Any:
        """Give ``value`` the axes (row, k1, …, k_depth), padding on the right."""
        if self.mp or np.ndim(value) == 0:
            return value
        arr = np.asarray(value)
        missing = depth + 1 - arr.ndim
        return arr.reshape(arr.shape + (1,) * missing) if missing > 0 else arr

    def _free_of(self, expr: sp.Basic) -> frozenset[sp.Symbol]:
        """The free symbols of ``expr``, built bottom-up with each shared node visited once
        (SymPy's ``free_symbols`` walks the whole tree again at every node)."""
        found = self._free.get(expr)
        if found is None:
            if isinstance(expr, sp.Symbol):
                found = frozenset((expr,))
            elif isinstance(expr, sp.Sum):
                inner = self._free_of(expr.function)
                for k, lo, hi in expr.limits:
                    inner = (inner - {k}) | self._free_of(lo) | self._free_of(hi)
                found = inner
            else:
                found = frozenset().union(*(self._free_of(a) for a in expr.args))
            self._free[expr] = found
        return found

    def _eval(self, expr: sp.Basic, bound: dict[sp.Symbol, Any]) -> Any:
        free = self._free_of(expr)
        depends = [s for s in bound if s in free]
        if self.mp:
            key_vals: tuple[Any, ...] = tuple(bound[s] for s in depends)
        else:  # a bound index is an axis: the key is which axis it is and the range it spans
            key_vals = tuple((s, *_axis_key(bound[s])) for s in depends)
        key = (expr, key_vals)
        if key not in self._memo:
            value = self._compute(expr, bound)
            self._memo[key] = self._trim(value if self.mp else overflow_as_nan(value))
        return self._lift(self._memo[key], len(bound))

    def _trim(self, value: Any) -> Any:
        """Drop trailing length-one axes (``_lift`` puts them back where needed)."""
        if self.mp or np.ndim(value) <= 1:
            return value
        arr = np.asarray(value)
        shape = list(arr.shape)
        while len(shape) > 1 and shape[-1] == 1:
            shape.pop()
        return arr.reshape(shape)

    def _compute(self, expr: sp.Basic, bound: dict[sp.Symbol, int]) -> Any:
        ev = self._eval
        if isinstance(expr, sp.Symbol):
            if expr in bound:
                return bound[expr]
            if expr not in self.scalars:
                raise Unsupported(f"free symbol {expr}")
            return self.scalars[expr]
        if expr.is_Integer:
            return int(expr)
        if expr.is_Rational:
            return mpmath.mpf(expr.p) / expr.q if self.mp else self.dtype(expr.p) / self.dtype(expr.q)
        if expr.is_Number or isinstance(expr, sp.NumberSymbol):
            if self.mp:
                return mpmath.mpmathify(expr.evalf(mpmath.mp.dps + 5))
            return self.dtype(str(expr.evalf(25)))
        if isinstance(expr, sp.Indexed):
            return self._indexed(expr, bound)
        if isinstance(expr, sp.KroneckerDelta):
            a, b = (ev(x, bound) for x in expr.args)
            return (1 if a == b else 0) if self.mp else np.equal(a, b).astype(self.dtype)
        if isinstance(expr, sp.Sum):
            return self._sum(expr, bound)
        args = [ev(a, bound) for a in expr.args]
        if expr.is_Add:
            return mpmath.fsum(args) if self.mp else reduce(np.add, args)
        if expr.is_Mul:
            return mpmath.fprod(args) if self.mp else reduce(np.multiply, args)
        if expr.is_Pow:
            if self.mp:
                return mpmath.power(*args)
            return np.power(np.asarray(args[0], dtype=self.dtype), args[1])
        table = _MPMATH if self.mp else _NUMPY
        if type(expr) in table:
            return table[type(expr)](*args)
        raise Unsupported(type(expr).__name__)

    def _indexed(self, expr: sp.Indexed, bound: dict[sp.Symbol, Any]) -> Any:
        name = expr.base.label.name
        if name not in self.vectors or len(expr.indices) != 1:
            raise Unsupported(f"vector {expr}")
        idx = self._eval(expr.indices[0], bound)
        table = self.vectors[name]
        size = len(table) if self.mp else table.shape[1]
        idx_arr = np.asarray(idx).astype(int)
        if idx_arr.size and (idx_arr.min() < 0 or idx_arr.max() >= size):
            # Python would wrap x[-1] round to the last entry, and fail past the end with an
            # IndexError: neither is the entry the step names.
            raise Unsupported(f"{expr} names an entry outside {name}, whose entries are 0 to {size - 1}")
        if self.mp:
            return table[int(idx)]
        if idx_arr.ndim == 0:
            return table[:, int(idx_arr)]
        depth = len(bound)
        rows = np.arange(self.rows).reshape((self.rows,) + (1,) * depth)
        return table[rows, self._lift(idx_arr, depth)]

    def _sum(self, expr: sp.Sum, bound: dict[sp.Symbol, Any]) -> Any:
        body: sp.Basic = expr.function
        for limit in expr.limits[:-1]:
            body = sp.Sum(body, limit)
        k, lo, hi = expr.limits[-1]
        lo_v, hi_v = self._eval(lo, bound), self._eval(hi, bound)
        if not (np.ndim(lo_v) == 0 and np.ndim(hi_v) == 0):
            raise Unsupported("a sum whose range depends on the row")
        values = range(int(lo_v), int(hi_v) + 1)
        if self.mp:
            return mpmath.fsum(self._eval(body, {**bound, k: c}) for c in values)
        depth = len(bound)
        axis = np.array(values, dtype=int).reshape((1,) * (depth + 1) + (-1,))
        if not len(values):
            return self.dtype(0)
        term = self._lift(self._eval(body, {**bound, k: axis}), depth + 1)
        return np.sum(np.broadcast_to(term, np.broadcast_shapes(np.shape(term), axis.shape)), axis=depth + 1)


def _axis_key(value: Any) -> tuple[int, ...]:
    """What identifies a bound index's values in the memo: its axis and the range it spans
    (Σ_{k=0}^{n-2} and Σ_{k=0}^{n-1} share a summand, never its values)."""
    arr = np.asarray(value)
    if arr.size == 0:
        return (arr.ndim, 0)
    return (arr.ndim, int(arr.flat[0]), int(arr.size))
