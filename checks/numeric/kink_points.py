"""Whether a derivative is taken at a kink at a point: exactly on rationals, then by intervals
(undecided is a kink), one point at a time or many at once."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import mpmath
import numpy as np
import sympy as sp

from checks.errors import StepTimeout
from checks.numeric.compiled import enclosures
from checks.numeric.evaluate import interval_ends, whole
from checks.numeric.kinks import Bound, Kink, may_depend
from checks.timeout import deadline

#: Bound-variable assignments tried for one condition before it is called undecided.
MAX_ASSIGNMENTS = 10_000


#: Seconds to decide one point (a huge exact power, say) before it is called a kink.
BUDGET = 0.5


#: A float within this much of a kink, relative to the magnitude of the terms it was computed
#: from, is handed to the exact test (rounding is some 1e-16 of that magnitude).
FLOAT_MARGIN = 1e-9


class Found(NamedTuple):
    """A kink met at a point, and whether it is certain there (else: it could not be ruled out)."""

    kink: Kink
    certain: bool


class _Undecided(Exception):
    """The condition cannot be decided exactly at this point."""


def at_kink(conditions: Sequence[Kink], point: Mapping[Any, Any], budget: float = BUDGET) -> bool:
    """Whether some derivative is taken at a kink at the exact ``point``, or that cannot be
    ruled out (such a point is no evidence about the claim, either way).

    ``conditions`` come from :func:`kink_conditions`; ``point`` maps each symbol (and, for an
    all-n expression, each entry ``x[m]`` of an IndexedBase, the size ``n`` and the free
    indices) to an exact rational or integer, as ``Sample.exact(variables)`` gives. The
    decision is exact (SymPy's own arithmetic on the rationals, then a rigorous interval where
    a value is irrational); a value that stays undecided, a symbol missing from ``point``, an
    error or ``budget`` seconds spent make it True, never False.
    """
    return kink_at(conditions, point, budget) is not None


def kink_at(conditions: Sequence[Kink], point: Mapping[Any, Any], budget: float = BUDGET) -> Found | None:
    """The first of ``conditions`` met at ``point`` (see :func:`at_kink`), or None."""
    if not conditions:
        return None
    exact = {k: sp.sympify(v) for k, v in point.items()}
    current = conditions[0]
    try:
        with deadline(budget):
            for kink in conditions:
                current = kink
                held = _holds(kink, exact)
                if held is not False:
                    return Found(kink, held is True)
    except StepTimeout:
        return Found(current, False)
    return None


def _holds(kink: Kink, point: Mapping[Any, sp.Basic]) -> bool | None:
    """True at a kink, False off it, None where that cannot be decided."""
    if kink.kind == "unknown":
        return None
    try:
        undecided = False
        for assignment in _assignments(kink.bound, point):
            held = _holds_once(kink, point, assignment)
            if held is True:
                return True
            undecided = undecided or held is None
        return None if undecided else False
    except (_Undecided, ValueError, TypeError, ArithmeticError, AttributeError, RecursionError, IndexError):
        return None


def _assignments(bound: Bound, point: Mapping[Any, sp.Basic]) -> Iterator[dict[sp.Basic, sp.Integer]]:
    """Every assignment of the bound variables, ranges read at ``point`` (outermost first)."""
    if not bound:
        yield {}
        return
    symbols = {k: v for k, v in point.items() if isinstance(k, sp.Symbol)}
    count = 0

    def walk(level: int, chosen: dict[sp.Basic, sp.Integer]) -> Iterator[dict[sp.Basic, sp.Integer]]:
        nonlocal count
        if level == len(bound):
            count += 1
            if count > MAX_ASSIGNMENTS:
                raise _Undecided("too many terms")
            yield dict(chosen)
            return
        var, lo, hi = bound[level]
        ends = [sp.sympify(x).xreplace({**symbols, **chosen}) for x in (lo, hi)]
        if not all(isinstance(x, sp.Integer) for x in ends):
            raise _Undecided("a range that is not a pair of integers")
        for k in range(int(ends[0]), int(ends[1]) + 1):
            chosen[var] = sp.Integer(k)
            yield from walk(level + 1, chosen)
        chosen.pop(var, None)

    yield from walk(0, {})


def _holds_once(
    kink: Kink, point: Mapping[Any, sp.Basic], assignment: Mapping[sp.Basic, sp.Integer]
) -> bool | None:
    hidden = kink.hidden
    # First the integers (bound variables, free indices, n; never a differentiation variable):
    # x[i] becomes x[2], whose value the point then gives, and whether a term still moves
    # with x[2] can be read.
    integers = {
        k: v
        for k, v in point.items()
        if isinstance(k, sp.Symbol) and k not in hidden and k not in kink.wrt and v.is_Integer
    }
    integers.update(assignment)
    terms, moving = _at_integers(kink, frozenset(integers.items()))
    if not any(moving):
        return False  # x[3] does not move with x[2]
    values = {k: v for k, v in point.items() if k not in hidden}
    if all(_cheap(t) for t in terms):
        evaluated = [sp.sympify(t.xreplace(values)) for t in terms]
    else:
        # x**(10**9) at x = 3/2 is a billion-bit rational that no deadline interrupts: the
        # interval decides it unevaluated.
        with sp.evaluate(False):
            evaluated = [sp.sympify(t.xreplace(values)) for t in terms]
    leftover = set().union(*(v.free_symbols for v in evaluated)) - set(hidden)
    if leftover:
        return None  # a symbol (or entry) the point does not give
    if kink.kind == "zero":
        return _zero(evaluated[0])
    if kink.kind == "integer":
        return _integer(evaluated[0])
    return _tied(evaluated, moving, kink.kind)


@functools.lru_cache(maxsize=4096)
def _at_integers(
    kink: Kink, integers: frozenset[tuple[sp.Basic, sp.Basic]]
) -> tuple[tuple[sp.Basic, ...], tuple[bool, ...]]:
    """The terms of ``kink`` with ``integers`` put in, and whether each still moves with a
    differentiation variable: the same for every point with these integers (building the
    entries ``x[2]`` anew at each point took most of the time of a check at kinks)."""
    given = dict(integers)
    wrt = [w.xreplace(given) for w in kink.wrt]
    terms = tuple(t.xreplace(given) for t in kink.terms)
    return terms, tuple(any(may_depend(t, w) for w in wrt) for t in terms)


#: Exact powers beyond this exponent (and factorials) are left to the interval.
MAX_EXACT_EXPONENT = 1000


def _cheap(term: sp.Basic) -> bool:
    """Whether SymPy's exact arithmetic on ``term`` at a rational point stays small."""
    if term.has(sp.factorial, sp.gamma):
        return False
    return not any(p.exp.is_Integer and abs(int(p.exp)) > MAX_EXACT_EXPONENT for p in term.atoms(sp.Pow))


def _zero(value: sp.Basic) -> bool | None:
    if value.is_Rational:
        return bool(value == 0)
    if value.free_symbols:
        # Only a limit's variable is left: its sequence avoids an isolated kink (it meets one
        # only where the term vanishes identically, and then no symbol is left).
        return False
    lo, hi = _interval(value)
    return None if lo <= 0 <= hi else False


def _integer(value: sp.Basic) -> bool | None:
    if value.is_Rational:
        return bool(value.q == 1)
    if value.free_symbols:
        return False  # as for a zero: only a limit's variable is left
    lo, hi = _interval(value)
    below = whole(mpmath.floor, lo)  # exact, however many bits the integer has
    return False if below < lo and hi < below + 1 else None


def _tied(values: list[sp.Basic], moving: Sequence[bool], kind: str) -> bool | None:
    """Whether two of ``values`` tie at the extreme, one of them moving."""
    if any(v.free_symbols for v in values):
        # Only a limit's variable is left: a tie along its sequence is one that holds identically.
        return any(
            (moving[a] or moving[b]) and sp.expand(values[a] - values[b]) == 0
            for a, b in itertools.combinations(range(len(values)), 2)
        )
    sign = 1 if kind == "max" else -1
    top = list(range(len(values)))
    if not all(v.is_Rational for v in values):
        ends = [_interval(sign * v) for v in values]
        floor_of_best = max(lo for lo, _ in ends)
        # The terms that may reach the extreme: their intervals reach the best lower end.
        top = [i for i, (_, hi) in enumerate(ends) if hi >= floor_of_best]
        if len(top) < 2 or not any(moving[i] for i in top):
            return False
        if len(top) == 2 and values[top[0]] == values[top[1]]:
            return True  # exp(1) and E: one number, at the extreme
        if not all(values[i].is_Rational for i in top):
            return None
    best = max(sign * values[i] for i in top)
    tied = [i for i in top if sign * values[i] == best]
    return len(tied) >= 2 and any(moving[i] for i in tied)


def _interval(value: sp.Basic) -> tuple[Any, Any]:
    """Rigorous ends of a real number given exactly (a rational too: 1/3 has no exact float)."""
    found = enclosures([value], {})
    if found is None:
        raise _Undecided(f"no interval for {value}")
    return interval_ends(found[0])


def kink_mask(
    conditions: Sequence[Kink],
    points: Sequence[Mapping[Any, Any]],
    columns: Mapping[Any, np.ndarray] | None = None,
    budget: float = BUDGET,
) -> np.ndarray:
    """For each of ``points``, :func:`at_kink`: a boolean array, True at a kink.

    Floats only choose which rows the exact test sees: a row whose float values put every
    condition clearly away from its kink (farther than :data:`FLOAT_MARGIN` times the
    magnitude of the terms the value was computed from) is not at one; every other row (near
    a kink, a value not finite, a term the float screen cannot read, a sum or limit around
    the subterm) is decided exactly at ``points[row]``. ``columns`` maps symbols to their
    float values, one per row (computed from ``points`` when not given).
    """
    rows = len(points)
    mask = np.zeros(rows, dtype=bool)
    if not conditions or not rows:
        return mask
    for kink in conditions:
        near = _near(kink, points, columns)
        for row in np.flatnonzero(near & ~mask):
            mask[row] = kink_at((kink,), points[int(row)], budget) is not None
    return mask


def _near(
    kink: Kink, points: Sequence[Mapping[Any, Any]], columns: Mapping[Any, np.ndarray] | None
) -> np.ndarray:
    """The rows where floats cannot rule out ``kink``."""
    rows = len(points)
    everywhere = np.ones(rows, dtype=bool)
    if kink.kind == "unknown" or kink.bound or kink.hidden:
        return everywhere
    env: dict[Any, np.ndarray] = {}
    for symbol in set().union(*(t.free_symbols for t in kink.terms)):
        if columns is not None and symbol in columns:
            env[symbol] = np.asarray(columns[symbol], dtype=float).reshape(rows)
        elif all(symbol in p for p in points):
            env[symbol] = np.array([float(p[symbol]) for p in points], dtype=float)
        else:
            return everywhere
    try:
        with np.errstate(all="ignore"):
            pairs = [_approx(t, env, rows) for t in kink.terms]
            if kink.kind in ("zero", "integer"):
                value, size = pairs[0]
                away = np.abs(value - np.rint(value)) if kink.kind == "integer" else np.abs(value)
            else:
                sign = 1.0 if kink.kind == "max" else -1.0
                stacked = np.sort(np.stack([sign * v for v, _ in pairs]), axis=0)
                away = stacked[-1] - stacked[-2] if len(pairs) > 1 else np.full(rows, np.inf)
                size = np.max(np.stack([m for _, m in pairs]), axis=0)
            clear = np.isfinite(away) & np.isfinite(size) & (away > FLOAT_MARGIN * (1 + size))
    except (_Undecided, ValueError, TypeError, ArithmeticError):
        return everywhere
    return ~clear


def _approx(e: sp.Basic, env: Mapping[Any, np.ndarray], rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The float value of ``e`` on every row, and a magnitude that bounds its rounding error
    in units of the float precision (first-order propagation: sums add the magnitudes of
    their terms, so cancellation shows)."""
    if e in env:
        value = env[e]
        return value, np.abs(value)
    if e.is_Number or isinstance(e, sp.NumberSymbol):
        if not e.is_real:
            raise _Undecided("not a real number")
        c = np.full(rows, float(e))
        return c, np.abs(c)
    if e.free_symbols - set(env):
        raise _Undecided("a symbol without a column")
    args = [_approx(a, env, rows) for a in e.args] if not e.is_Pow else []
    if e.is_Add:
        return sum((v for v, _ in args), np.zeros(rows)), sum((m for _, m in args), np.zeros(rows))
    if e.is_Mul:
        return np.prod([v for v, _ in args], axis=0), np.prod([m for _, m in args], axis=0)
    if e.is_Pow:
        base, bsize = _approx(e.base, env, rows)
        if not e.exp.is_Rational:
            raise _Undecided("a power with a symbolic exponent")
        k = float(e.exp)
        value = np.power(base, k)
        if e.exp.is_Integer and k >= 0:
            return value, np.power(bsize, k)
        return value, np.abs(value) * (1 + abs(k) * bsize / np.abs(base))
    if isinstance(e, sp.exp):
        ((a, asize),) = args
        value = np.exp(a)
        return value, np.abs(value) * (1 + asize)
    if isinstance(e, sp.log):
        ((a, asize),) = args
        value = np.log(a)
        return value, np.abs(value) + asize / np.abs(a)
    if isinstance(e, sp.Abs):
        ((a, asize),) = args
        return np.abs(a), asize
    if isinstance(e, sp.Max | sp.Min):
        pick = np.max if isinstance(e, sp.Max) else np.min
        return pick(np.stack([v for v, _ in args]), axis=0), np.max(np.stack([m for _, m in args]), axis=0)
    raise _Undecided(f"no float screen for {type(e).__name__}")


def all_n_point(
    variables: Sequence[Any], n: int, indices: Mapping[sp.Symbol, int], values: Mapping[str, Sequence[Any]]
) -> dict[Any, Any]:
    """The exact point of an all-n expression at size ``n``: ``N`` → n, each free index → its
    value, each entry ``x[m]`` of a vector (``checks.model.Vec``) and each scalar
    (``checks.model.Var``) → its rational, from ``values`` (``Sample.values``, by name)."""
    from checks.model import N, Vec

    point: dict[Any, Any] = {N: sp.Integer(n)}
    point.update({i: sp.Integer(v) for i, v in indices.items()})
    for var in variables:
        entries = values[var.name]
        if isinstance(var, Vec):
            base = var.base  # a new IndexedBase at each call: one for all the entries
            for m, q in enumerate(entries):
                point[base[m]] = sp.Rational(q.numerator, q.denominator)
        else:
            q = entries[0]
            point[var.sym] = sp.Rational(q.numerator, q.denominator)
    return point
