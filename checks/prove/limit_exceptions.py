"""Where a limit with free parameters may not take its generic value: its exceptional set.

``sympy.limit`` answers for generic parameters: for ``(a - 1/7)² / ((a - 1/7)² + 1/λ)`` as
λ → ∞ it says 1, which is wrong at a = 1/7 (the limit is 0 there). What decides a limit is
the leading term of its body as the variable goes to its point, and that changes only where
a leading coefficient vanishes, a denominator's leading coefficient vanishes (a pole), two
growth rates tie (``e^{λa}`` against ``e^{λb}`` at a = b, ``λ^{a²}`` against 1 at a = 0), a
log's argument tends to 0 or 1, or the argument of ``Abs``/``sign``/``floor``/``ceiling``/
``Max``/``Min`` changes sign or side. This module walks the body once (after writing the
limit as one of ``u → ∞``), computing its leading term ``c · e^E · u^k · log(u)^m`` and the
conditions ``g(params) = 0`` where that term may change, then solves each condition for one
parameter: the exceptional set as a finite list of exact substitutions (``a = 1/7``,
``a = b``), each a piece of lower dimension on which the claim is checked again. Where the
set cannot be found (the order of two rates depends on the parameters, ``floor`` of an
argument tending to ``c(a)`` from below jumps at every integer, a condition's zeros are not a
finite set) the answer says why, and a claim resting on the generic value is not verified.

A zero of the leading coefficient of a body that settles (tends to a finite value or to 0)
is not exceptional: there the body is smaller than its generic leading term, so the limit is
0, the value the generic answer takes there too."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from checks.model import SIMPLEX_KINDS, Kind, Var
from checks.numeric.sampling import Sample
from checks.prove.growth import FAILURES, Cannot, Conditions, nonzero
from checks.prove.leading_term import conditions

#: The most pieces one exceptional set may have before it counts as not found.
MAX_PIECES = 16


#: The most exceptional points sampled for one claim.
MAX_POINTS = 24


@dataclass(frozen=True)
class Piece:
    """One part of the exceptional set: one parameter solved (``a = 1/7``, ``a = b``)."""

    subs: Mapping[sp.Symbol, sp.Expr]
    why: str

    def describe(self) -> str:
        return ", ".join(f"{_name(k)} = {sp.sstr(v)}" for k, v in self.subs.items())


@dataclass(frozen=True)
class Exceptions:
    """The exceptional set of some limits: pieces to check, or the reason it was not found."""

    params: tuple[sp.Symbol, ...] = ()
    pieces: tuple[Piece, ...] = ()
    reason: str | None = None

    def generic(self) -> str:
        return "generic " + (", ".join(_name(p) for p in self.params) or "parameters")

    def not_found(self) -> str:
        """The note for a claim proved only for generic parameters."""
        return (
            f"the limit was proved for {self.generic()}, but the values where it may differ "
            f"could not be found: {self.reason}"
        )

    def undecided(self, piece: Piece) -> str:
        """The note for a piece on which the claim could not be proved."""
        where = f"{piece.describe()} ({piece.why})"
        return f"the limit was proved for {self.generic()}; at {where} it could not be decided"


def _name(symbol: sp.Basic) -> str:
    return "a gap" if isinstance(symbol, sp.Dummy) else str(symbol)


def parameters(*exprs: Any) -> list[sp.Symbol]:
    """The real symbols the limits in ``exprs`` depend on, besides their own variables. A
    symbol that is the variable of any limit in ``exprs`` is never one: substituting it would
    rewrite that limit's variable too (Limit(f, -t, -oo) is no limit at all)."""
    found: set[sp.Symbol] = set()
    variables: set[sp.Basic] = set()
    for expr in exprs:
        if isinstance(expr, sp.Basic):
            for limit in expr.atoms(sp.Limit):
                found |= {s for s in limit.free_symbols if isinstance(s, sp.Symbol) and s.is_real}
                variables.add(limit.args[1])
    return sorted(found - variables, key=sp.default_sort_key)


def undefined(*exprs: Any) -> bool:
    """Whether a substitution left an undefined value (1/0, 0/0) anywhere in ``exprs``: a
    claim says nothing where it is undefined, so there is nothing to check."""
    return any(isinstance(e, sp.Basic) and e.has(sp.zoo, sp.nan) for e in exprs)


def exceptions(*exprs: Any) -> Exceptions:
    """The exceptional set of every limit in ``exprs`` together, in their parameters."""
    try:
        return _exceptions(tuple(exprs))
    except TypeError:  # something unhashable: no memo
        return _exceptions.__wrapped__(tuple(exprs))


@functools.lru_cache(maxsize=256)
def _exceptions(exprs: tuple[Any, ...]) -> Exceptions:
    params = parameters(*exprs)
    limits = sorted(
        {lim for e in exprs if isinstance(e, sp.Basic) for lim in e.atoms(sp.Limit)}, key=sp.default_sort_key
    )
    variables = {lim.args[1] for lim in limits}
    pieces: dict[tuple[tuple[sp.Basic, sp.Basic], ...], Piece] = {}
    try:
        for limit in limits:
            body, var = limit.args[0], limit.args[1]
            free = body.free_symbols - {var}
            if not free:
                continue
            if body.has(sp.Limit):
                raise Cannot("a limit inside a limit's body")
            clash = sorted((s for s in free if s in variables or not s.is_real), key=sp.default_sort_key)
            if clash:
                raise Cannot(f"{clash[0]} is both a parameter and a limit's variable (or not real)")
            mine = [p for p in params if p in free]
            for piece in _pieces(conditions(body, var, limit.args[2], str(limit.args[3]), mine), mine):
                pieces.setdefault(tuple(sorted(piece.subs.items(), key=sp.default_sort_key)), piece)
            if len(pieces) > MAX_PIECES:
                raise Cannot(f"more than {MAX_PIECES} exceptional pieces")
    except Cannot as exc:
        return Exceptions(tuple(params), (), str(exc))
    except FAILURES as exc:
        return Exceptions(tuple(params), (), f"SymPy failed: {type(exc).__name__}: {exc}")
    return Exceptions(tuple(params), tuple(pieces.values()))


def substitutions(*exprs: Any, limit: int = MAX_POINTS) -> list[dict[sp.Symbol, sp.Expr]]:
    """Every exceptional piece of the limits in ``exprs`` and, within each, its own pieces,
    as substitutions composed down to the original parameters (``a = b`` then ``b = 1/7``
    gives ``a = 1/7, b = 1/7``): where the numbers must look too."""
    out: list[dict[sp.Symbol, sp.Expr]] = []

    def walk(done: dict[sp.Symbol, sp.Expr], now: Sequence[Any]) -> None:
        found = exceptions(*now)
        for piece in found.pieces:
            if len(out) >= limit:
                return
            subs = compose(done, piece.subs)
            if subs in out:
                continue
            out.append(subs)
            walk(subs, [e.xreplace(piece.subs) if isinstance(e, sp.Basic) else e for e in now])

    walk({}, exprs)
    return out


def compose(
    first: Mapping[sp.Symbol, sp.Expr], then: Mapping[sp.Symbol, sp.Expr]
) -> dict[sp.Symbol, sp.Expr]:
    """The substitution ``first`` followed by ``then``, as one."""
    done = {k: sp.sympify(v).xreplace(dict(then)) for k, v in first.items()}
    done.update({k: v for k, v in then.items() if k not in done})
    return done


def _pieces(conditions: Conditions, params: Sequence[sp.Symbol]) -> list[Piece]:
    pieces: list[Piece] = []
    seen: set[tuple[tuple[sp.Basic, sp.Basic], ...]] = set()
    for condition, why in conditions.items():
        for factor in _factors(condition, params):
            for subs in _solved(factor, params):
                key = tuple(sorted(subs.items(), key=sp.default_sort_key))
                if key not in seen:
                    seen.add(key)
                    pieces.append(Piece(subs, why))
    return pieces


def _factors(condition: sp.Expr, params: Sequence[sp.Symbol]) -> Iterator[sp.Expr]:
    """The factors of a condition's numerator and denominator that depend on the parameters
    and may vanish (Abs(h), sign(h) and h^k by h)."""
    num, den = sp.fraction(sp.together(condition))
    for part in (num, den):
        try:
            factors = [f for f, _ in sp.factor_list(part)[1]]
        except (sp.PolynomialError, *FAILURES):
            factors = list(sp.Mul.make_args(sp.factor_terms(part)))
        for factor in factors:
            while True:
                if isinstance(factor, sp.Pow) and factor.exp.is_positive:
                    factor = factor.base
                elif isinstance(factor, sp.Abs | sp.sign):
                    factor = factor.args[0]
                else:
                    break
            if factor.free_symbols & set(params) and not nonzero(factor):
                yield factor


def _solved(factor: sp.Expr, params: Sequence[sp.Symbol]) -> list[dict[sp.Symbol, sp.Expr]]:
    """The zeros of ``factor`` as substitutions of one parameter (the one it is simplest
    in), the values outside that parameter's domain left out."""
    candidates = [p for p in params if factor.has(p)]

    def simplest(p: sp.Symbol) -> tuple[int, str]:
        try:
            return (sp.degree(factor, p), str(p))
        except (sp.PolynomialError, *FAILURES):
            return (99, str(p))

    for p in sorted(candidates, key=simplest):
        try:
            solutions = sp.solveset(factor, p, domain=sp.S.Reals)
        except FAILURES:
            continue
        values = _finite(solutions)
        if values is None:
            continue
        return [{p: v} for v in values if _admissible(p, v)]
    raise Cannot(f"the parameter values where {sp.sstr(factor)} = 0 are not a finite list SymPy can give")


def _finite(solutions: sp.Set) -> list[sp.Expr] | None:
    if isinstance(solutions, sp.FiniteSet):
        return list(solutions)
    if solutions is sp.S.EmptySet:
        return []
    if isinstance(solutions, sp.Intersection):
        finite = [s for s in solutions.args if isinstance(s, sp.FiniteSet)]
        if finite:  # {±sqrt(b)} ∩ ℝ: a superset of the real zeros is fine
            return [v for v in finite[0] if v.is_real is not False]
    return None


def _admissible(p: sp.Symbol, v: sp.Expr) -> bool:
    """Whether ``v`` may be a value of ``p`` (its assumptions: positive, integer, …)."""
    if v.is_real is False:
        return False
    for assumption in ("positive", "nonnegative", "negative", "nonpositive", "integer"):
        if getattr(p, f"is_{assumption}") and getattr(v, f"is_{assumption}") is False:
            return False
    return True


def exceptional_samples(
    variables: Sequence[Var],
    bases: Sequence[Sample],
    subs_list: Iterable[Mapping[sp.Symbol, sp.Expr]],
    per_piece: int = 2,
) -> list[Sample]:
    """Sample points on the exceptional pieces: each substitution applied to the first
    ``bases`` it gives an exact point in every variable's domain at (a gap left by the order
    split is 1), up to ``per_piece`` points per piece and :data:`MAX_POINTS` in all."""
    where = {sym: (var, i) for var in variables for i, sym in enumerate(var.symbols)}
    out: list[Sample] = []
    for subs in subs_list:
        made = 0
        for base in bases:
            if made >= per_piece or len(out) >= MAX_POINTS:
                break
            point = _at_piece(variables, where, base, subs)
            if point is not None and all(point.values != s.values for s in out):
                out.append(point)
                made += 1
    return out


def _at_piece(
    variables: Sequence[Var],
    where: Mapping[sp.Symbol, tuple[Var, int]],
    base: Sample,
    subs: Mapping[sp.Symbol, sp.Expr],
) -> Sample | None:
    exact: dict[sp.Basic, sp.Expr] = dict(base.exact(tuple(variables)))
    gaps = {s: sp.S.One for v in subs.values() for s in sp.sympify(v).free_symbols if isinstance(s, sp.Dummy)}
    values = {var.name: list(base.values[var.name]) for var in variables}
    for sym, value in subs.items():
        if sym not in where:
            continue
        number = sp.sympify(value).xreplace(gaps).xreplace(exact)
        if not number.is_Rational:
            return None  # an irrational point (a = √2) is left to the proof
        var, i = where[sym]
        values[var.name][i] = Fraction(int(number.p), int(number.q))
    for var in variables:
        if var.kind in SIMPLEX_KINDS and sum(values[var.name]) != 1:
            free = [i for i, s in enumerate(var.symbols) if s not in subs]
            if not free:
                return None
            last = free[-1]
            values[var.name][last] = 1 - (sum(values[var.name]) - values[var.name][last])
        if not all(_in_domain(var.kind, q) for q in values[var.name]):
            return None
    return Sample({name: tuple(qs) for name, qs in values.items()}, "exceptional")


def _in_domain(kind: Kind, q: Fraction) -> bool:
    if kind in (Kind.POSITIVE, Kind.PROBS):
        return q > 0
    if kind is Kind.LABELS:
        return q >= 0
    if kind is Kind.COUNT:
        return q.denominator == 1 and q >= 1
    if kind is Kind.UNIT:
        return 0 <= q <= 1
    if kind is Kind.OPEN_UNIT:
        return 0 < q < 1
    return True
