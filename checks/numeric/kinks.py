"""Points where a derivative is taken at a kink (of Abs, Max, Min, sign, floor, …): no evidence there.

SymPy differentiates ``Abs(x)`` to ``sign(x)`` and ``Max(x, 0)`` to ``Heaviside(x)``, and then
answers 0 and 1/2 at ``x = 0``, where the derivative does not exist. A claim about the
derivative is neither refuted nor confirmed by such a point, exactly as a point where a value
leaves the reals is not. This module finds, in an expression *before* its derivatives are
carried out, the conditions under which one of them is taken at such a point
(:func:`kink_conditions`), and decides them exactly at a rational point (:func:`at_kink`,
:func:`kink_at`) or at many points at once (:func:`kink_mask`). Undecided is a kink: the
point is then skipped, never taken as evidence.

An engine computes the conditions once per expression, from the expressions as written
(``proof.start``, ``step.expr``: before ``doit``), joins those of a link's two sides
(``kinks[prev] + kinks[cur]``: tuples), and skips, for that link only, every point where
they hold, as it skips a point outside the reals: no refutation from it, not counted as
checked. A concrete proof passes ``sample.exact(proof.variables)`` (one point) or the list
of them (:func:`kink_mask`); an all-n proof passes :func:`all_n_point` (size, free indices,
entries ``x[m]``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import mpmath
import numpy as np
import sympy as sp

from checks.errors import StepTimeout
from checks.numeric.compiled import enclosures
from checks.numeric.evaluate import interval_ends
from checks.timeout import deadline

#: The argument is 0 at a kink.
_AT_ZERO = (sp.Abs, sp.sign, sp.Heaviside, sp.DiracDelta)
#: The argument is an integer at a jump.
_AT_INTEGER = (sp.floor, sp.ceiling, sp.frac)
_KINKY = (*_AT_ZERO, *_AT_INTEGER, sp.Max, sp.Min, sp.Mod, sp.Piecewise, sp.KroneckerDelta)
#: Bound-variable assignments tried for one condition before it is called undecided.
MAX_ASSIGNMENTS = 10_000
#: Seconds to decide one point (a huge exact power, say) before it is called a kink.
BUDGET = 0.5
#: A float within this much of a kink, relative to the magnitude of the terms it was computed
#: from, is handed to the exact test (rounding is some 1e-16 of that magnitude).
FLOAT_MARGIN = 1e-9

Bound = tuple[tuple[sp.Symbol, sp.Basic, sp.Basic], ...]


@dataclass(frozen=True)
class Kink:
    """Where one non-smooth subterm of a differentiated expression has its kink.

    ``kind`` says what holds at the kink: ``"zero"`` (``terms[0]`` is 0: the argument of Abs,
    sign, Heaviside, DiracDelta, or ``lhs - rhs`` of a Piecewise condition or of a
    KroneckerDelta), ``"integer"`` (``terms[0]`` is an integer: floor, ceiling, frac, Mod's
    quotient), ``"max"`` / ``"min"`` (two of ``terms`` tie at the extreme, one of them moving
    with a differentiation variable), ``"unknown"`` (a condition this module cannot read:
    every point is a kink). ``wrt`` are the differentiation variables the subterm may depend
    on, ``bound`` the sums and products around it (``(k, first, last)``, outermost first), and
    ``hidden`` the variables of limits around it, which take no value from the point.
    """

    source: sp.Basic
    kind: str
    terms: tuple[sp.Basic, ...]
    wrt: tuple[sp.Basic, ...]
    bound: Bound = ()
    hidden: frozenset[sp.Basic] = frozenset()

    def describe(self) -> str:
        """The subterm, as the claim checker names it in a note."""
        return sp.sstr(self.source) if self.kind != "unknown" else f"the condition {sp.sstr(self.source)}"


class Found(NamedTuple):
    """A kink met at a point, and whether it is certain there (else: it could not be ruled out)."""

    kink: Kink
    certain: bool


class _Undecided(Exception):
    """The condition cannot be decided exactly at this point."""


# -- finding the conditions -------------------------------------------------------------------


def kink_conditions(expr: Any) -> tuple[Kink, ...]:
    """Every kink of the derivatives in ``expr``, taken before the derivatives are carried out.

    ``expr`` is a SymPy expression, a matrix, or a (nested) tuple or list of them, with its
    ``sp.Derivative`` nodes unevaluated (as built: ``proof.start``, ``step.expr``, the claim
    checker's sides). Inside each ``Derivative(f, v, ...)``, each Abs / sign / Heaviside /
    DiracDelta / floor / ceiling / frac / Mod / Max / Min / KroneckerDelta subterm of ``f`` and
    each relation in a Piecewise condition of ``f`` that may depend on a differentiation
    variable (a symbol, or an entry ``x[i]`` of an IndexedBase, which any ``x[k]`` may be)
    gives one :class:`Kink`; nested and higher derivatives, and sums and limits around or
    inside them, are followed. Compute it once per expression; an expression without
    derivatives has none (``()``), and then :func:`at_kink` is always False.
    """
    found: dict[Kink, None] = {}
    try:
        for entry in _entries(expr):
            if isinstance(entry, sp.Basic) and entry.has(sp.Derivative):
                _walk(entry, (), (), frozenset(), found)
    except (RecursionError, TypeError, ValueError, AttributeError):
        # Too deep or too odd to read: no point of it is evidence about a derivative.
        return (Kink(sp.Symbol("expression_too_deep"), "unknown", (), ()),)
    return tuple(found)


def _entries(expr: Any) -> Iterator[Any]:
    if isinstance(expr, sp.MatrixBase):
        yield from expr
    elif isinstance(expr, tuple | list):
        for item in expr:
            yield from _entries(item)
    else:
        yield expr


def _walk(
    e: sp.Basic, wrt: tuple[sp.Basic, ...], bound: Bound, hidden: frozenset[sp.Basic], out: dict[Kink, None]
) -> None:
    if not isinstance(e, sp.Basic) or e.is_Atom or isinstance(e, sp.Indexed):
        return
    if isinstance(e, sp.Derivative):
        inner = tuple(dict.fromkeys(wrt + tuple(e.variables)))
        if e.expr.has(*_KINKY):
            _walk(e.expr, inner, bound, hidden, out)
        return
    if isinstance(e, sp.Sum | sp.Product):
        limits = []
        for lim in e.limits:
            if len(lim) != 3:
                limits.append((lim[0], sp.nan, sp.nan))  # no range: undecidable
            else:
                limits.append((lim[0], lim[1], lim[2]))
        _walk(e.function, wrt, bound + tuple(limits), hidden, out)
        return
    if isinstance(e, sp.Limit):
        _walk(e.args[0], wrt, bound, hidden | {e.args[1]}, out)
        return
    if isinstance(e, sp.Piecewise):
        for piece, cond in e.args:
            _walk(piece, wrt, bound, hidden, out)
            if wrt:
                _conditions(cond, wrt, bound, hidden, out)
        return
    if wrt:
        kink = _kink_of(e, wrt, bound, hidden)
        if kink is not None:
            out[kink] = None
    for arg in e.args:
        _walk(arg, wrt, bound, hidden, out)


def _conditions(
    cond: sp.Basic,
    wrt: tuple[sp.Basic, ...],
    bound: Bound,
    hidden: frozenset[sp.Basic],
    out: dict[Kink, None],
) -> None:
    """The kinks of a Piecewise condition: where each relation in it turns."""
    if cond in (sp.true, sp.false):
        return
    if isinstance(cond, sp.And | sp.Or | sp.Not | sp.Xor):
        for arg in cond.args:
            _conditions(arg, wrt, bound, hidden, out)
        return
    moving = _moving(cond, wrt)
    if not moving:
        return
    if isinstance(cond, sp.core.relational.Relational):
        out[Kink(cond, "zero", (cond.lhs - cond.rhs,), moving, bound, hidden)] = None
    else:
        out[Kink(cond, "unknown", (), moving, bound, hidden)] = None


def _kink_of(
    e: sp.Basic, wrt: tuple[sp.Basic, ...], bound: Bound, hidden: frozenset[sp.Basic]
) -> Kink | None:
    if not isinstance(e, _KINKY):
        return None
    moving = _moving(e, wrt)
    if not moving:
        return None
    if isinstance(e, _AT_ZERO):
        return Kink(e, "zero", (e.args[0],), moving, bound, hidden)
    if isinstance(e, sp.KroneckerDelta):
        return Kink(e, "zero", (e.args[0] - e.args[1],), moving, bound, hidden)
    if isinstance(e, _AT_INTEGER):
        return Kink(e, "integer", (e.args[0],), moving, bound, hidden)
    if isinstance(e, sp.Mod):
        return Kink(e, "integer", (e.args[0] / e.args[1],), moving, bound, hidden)
    if isinstance(e, sp.Max | sp.Min):
        return Kink(e, "max" if isinstance(e, sp.Max) else "min", tuple(e.args), moving, bound, hidden)
    return None


def _moving(e: sp.Basic, wrt: Sequence[sp.Basic]) -> tuple[sp.Basic, ...]:
    """The differentiation variables ``e`` may depend on."""
    return tuple(v for v in wrt if _may_depend(e, v))


def _may_depend(e: sp.Basic, v: sp.Basic) -> bool:
    """Whether ``e`` may change with ``v``: it holds ``v``, or for an entry ``x[i]``, any
    entry of ``x`` whose index may be ``i``."""
    if isinstance(v, sp.Indexed):
        for entry in e.atoms(sp.Indexed):
            if entry.base == v.base and all(
                (a - b).free_symbols or a == b for a, b in zip(entry.indices, v.indices, strict=False)
            ):
                return True
        return False
    return e.has(v)


# -- deciding them at a point -----------------------------------------------------------------


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
    wrt = [w.xreplace(integers) for w in kink.wrt]
    terms = [t.xreplace(integers) for t in kink.terms]
    moving = [any(_may_depend(t, w) for w in wrt) for t in terms]
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
    below = mpmath.floor(lo)
    return False if below < lo and hi < below + 1 else None


def _tied(values: list[sp.Basic], moving: list[bool], kind: str) -> bool | None:
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


# -- many points at once -----------------------------------------------------------------------


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
            for m, q in enumerate(entries):
                point[var.base[m]] = sp.Rational(q.numerator, q.denominator)
        else:
            q = entries[0]
            point[var.sym] = sp.Rational(q.numerator, q.denominator)
    return point
