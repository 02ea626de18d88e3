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
0, the value the generic answer takes there too.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp

from checks.model import SIMPLEX_KINDS, Kind, Var
from checks.numeric.sampling import Sample

#: The most pieces one exceptional set may have before it counts as not found.
MAX_PIECES = 16
#: The most exceptional points sampled for one claim.
MAX_POINTS = 24
#: How often a sum whose leading terms cancel is rewritten before it is given up.
_REWRITES = 3
#: Growing terms of an exponent collected at most (e^{u² + u + …}).
_GROWING_TERMS = 6
#: Terms of a series tried when the leading terms of a sum cancel (u (e^{a/u} - 1)).
_SERIES_ORDER = 6

_FAILURES = (ValueError, TypeError, NotImplementedError, ZeroDivisionError, OverflowError, RecursionError)

LEADING = "a zero of a leading coefficient"
POLE = "a zero of a denominator's leading coefficient"
DENOMINATOR = "a zero of a denominator"
TIE = "a tie of two growth rates"
BASE = "a zero of the base of a power"
LOG = "a zero of a log's argument"
SIDE = "a zero of the argument of sign, floor or ceiling"
MAXMIN = "a tie of the arguments of Max or Min"


class _Cannot(Exception):
    """The exceptional set could not be found; the message says why."""


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
                raise _Cannot("a limit inside a limit's body")
            clash = sorted((s for s in free if s in variables or not s.is_real), key=sp.default_sort_key)
            if clash:
                raise _Cannot(f"{clash[0]} is both a parameter and a limit's variable (or not real)")
            mine = [p for p in params if p in free]
            for piece in _pieces(_conditions(body, var, limit.args[2], str(limit.args[3]), mine), mine):
                pieces.setdefault(tuple(sorted(piece.subs.items(), key=sp.default_sort_key)), piece)
            if len(pieces) > MAX_PIECES:
                raise _Cannot(f"more than {MAX_PIECES} exceptional pieces")
    except _Cannot as exc:
        return Exceptions(tuple(params), (), str(exc))
    except _FAILURES as exc:
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


# -- the leading term ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Gauge:
    """``e^E · u^k · log(u)^m`` as u → ∞: the scale of a term (E grows, or is 0)."""

    E: sp.Expr = sp.S.Zero
    k: sp.Expr = sp.S.Zero
    m: sp.Expr = sp.S.Zero

    # Never expanded: (a - 1/5)² stays visibly nonnegative, where a² - 2a/5 + 1/25 does not.
    def times(self, other: _Gauge) -> _Gauge:
        return _Gauge(self.E + other.E, self.k + other.k, self.m + other.m)

    def power(self, q: sp.Expr) -> _Gauge:
        return _Gauge(self.E * q, self.k * q, self.m * q)

    def over(self, other: _Gauge) -> _Gauge:
        return self.times(other.power(sp.S.NegativeOne))

    def expr(self, u: sp.Symbol) -> sp.Expr:
        return sp.exp(self.E) * u**self.k * sp.log(u) ** self.m

    @property
    def is_one(self) -> bool:
        return all(_zero_tested(part) == 0 for part in (self.E, self.k, self.m))


Conditions = dict[sp.Expr, str]


@dataclass
class _Lead:
    """The leading term ``coeff · gauge``; where a ``shrink`` condition vanishes the term is
    smaller than that (a leading coefficient is 0); where an ``other`` one vanishes it may
    change in any way (a pole, a tie of rates)."""

    coeff: sp.Expr
    gauge: _Gauge
    shrink: Conditions = field(default_factory=dict)
    other: Conditions = field(default_factory=dict)

    def conditions(self) -> Conditions:
        return {**self.shrink, **self.other}


def _conditions(
    body: sp.Expr, var: sp.Symbol, point: Any, direction: str, params: Sequence[sp.Symbol]
) -> Conditions:
    """The conditions ``g(params) = 0`` off which the limit of ``body`` is its generic value."""
    u = sp.Dummy("u", positive=True)
    point = sp.sympify(point)
    if point is sp.oo:
        sides = [u]
    elif point is sp.S.NegativeInfinity:
        sides = [-u]
    else:
        sides = [point + s / u for s, d in ((1, "+"), (-1, "-")) if d in direction]
    found: Conditions = {}
    walker = _Walker(u, frozenset(params))
    for along in sides:
        lead = walker.lead(sp.sympify(body).xreplace({var: along}))
        found.update(lead.other)
        direction_of, ties = walker.growth(lead.gauge)
        if direction_of is None:
            raise _Cannot(
                "whether the body grows, settles or vanishes depends on the parameters "
                f"({lead.gauge.expr(u)})"
            )
        found.update(ties)
        if direction_of > 0:  # a body that grows: where its coefficient vanishes, it may settle
            found.update(lead.shrink)
    return found


class _Walker:
    """Leading terms as ``u → ∞`` of expressions in ``u`` and the parameters."""

    def __init__(self, u: sp.Symbol, params: frozenset[sp.Symbol]) -> None:
        self.u = u
        self.params = params
        self.rewrites = 0

    def _has_params(self, e: sp.Expr) -> bool:
        return bool(e.free_symbols & self.params)

    def lead(self, e: sp.Expr) -> _Lead:
        u = self.u
        if not e.has(u):
            return self._constant(e)
        if e == u:
            return _Lead(sp.S.One, _Gauge(k=sp.S.One))
        if isinstance(e, sp.Add):
            return self._add(e)
        if isinstance(e, sp.Mul):
            return self._mul(e)
        if isinstance(e, sp.Pow):
            return self._pow(e.base, e.exp)
        if isinstance(e, sp.exp):
            return self._exp(e.args[0])
        if isinstance(e, sp.log) and len(e.args) == 1:
            return self._log(e.args[0])
        if isinstance(e, sp.Abs):
            inner = self.lead(e.args[0])
            return _Lead(sp.Abs(inner.coeff), inner.gauge, inner.shrink, inner.other)
        if isinstance(e, sp.sign | sp.Heaviside) and len(e.args) == 1:
            return self._sign(e)
        if isinstance(e, sp.floor | sp.ceiling):
            return self._step(e)
        if isinstance(e, sp.Max | sp.Min):
            return self._maxmin(e)
        if isinstance(e, sp.tanh):
            return self._tanh(e.args[0])
        if not self._has_params(e):
            return self._opaque(e)
        raise _Cannot(f"no rule for the leading term of {sp.sstr(e)}")

    # -- leaves and products ---------------------------------------------------------------

    def _constant(self, c: sp.Expr) -> _Lead:
        shrink: Conditions = {}
        other: Conditions = {}
        if self._has_params(c):
            if not _nonzero(c):
                shrink[c] = LEADING
            den = sp.fraction(sp.together(c))[1]
            if self._has_params(den) and not _nonzero(den):
                other[den] = DENOMINATOR
        return _Lead(c, _Gauge(), shrink, other)

    def _opaque(self, e: sp.Expr) -> _Lead:
        """A term free of the parameters that no rule reads (factorial(u)): its limit, if it
        is a finite nonzero number, is its leading term."""
        value = sp.limit(e, self.u, sp.oo)
        if value.is_number and value.is_finite and value.is_zero is False:
            return _Lead(value, _Gauge())
        raise _Cannot(f"no rule for the leading term of {sp.sstr(e)}")

    def _mul(self, e: sp.Mul) -> _Lead:
        coeff, gauge = sp.S.One, _Gauge()
        shrink: Conditions = {}
        other: Conditions = {}
        for factor in e.args:
            lead = self.lead(factor)
            coeff, gauge = coeff * lead.coeff, gauge.times(lead.gauge)
            shrink.update(lead.shrink)
            other.update(lead.other)
        return _Lead(coeff, gauge, shrink, other)

    def _pow(self, base: sp.Expr, exponent: sp.Expr) -> _Lead:
        if exponent.has(self.u):
            return self._exp(exponent * sp.log(base))
        inner = self.lead(base)
        other = dict(inner.other)
        if exponent.is_number:
            if not exponent.is_real:
                raise _Cannot(f"a complex power {sp.sstr(exponent)}")
            if exponent.is_positive:
                return _Lead(inner.coeff**exponent, inner.gauge.power(exponent), inner.shrink, other)
            # A denominator: where its leading coefficient vanishes, the quotient has a pole.
            other.update({k: POLE for k in inner.shrink})
            return _Lead(inner.coeff**exponent, inner.gauge.power(exponent), {}, other)
        # A parameter in the exponent: where the base's coefficient vanishes, 0^e depends on e.
        other.update({k: BASE for k in inner.shrink})
        if self._has_params(inner.coeff) and not _nonzero(inner.coeff):
            other[inner.coeff] = BASE
        return _Lead(inner.coeff**exponent, inner.gauge.power(exponent), {}, other)

    # -- sums ------------------------------------------------------------------------------

    def _add(self, e: sp.Add) -> _Lead:
        terms = list(e.args)
        leads = [self.lead(t) for t in terms]
        top = [0]
        other: Conditions = {}
        for i in range(1, len(leads)):
            direction, ties = self.growth(leads[i].gauge.over(leads[top[0]].gauge))
            other.update(ties)
            if direction is None:
                raise _Cannot(
                    f"which of {sp.sstr(terms[i])} and {sp.sstr(terms[top[0]])} is larger depends on "
                    "the parameters"
                )
            if direction > 0:
                top = [i]
            elif direction == 0:
                top.append(i)
        # Where a leading term's own coefficient vanishes, the sum's is still ``total`` (that
        # coefficient is 0 there): only the zeros of ``total`` make the sum smaller.
        shrink: Conditions = {}
        for lead in leads:
            other.update(lead.other)
        total = _zero_tested(sp.Add(*[leads[i].coeff for i in top]))
        if total == 0:
            return self._cancelled(terms, top, leads[top[0]].gauge, other)
        if self._has_params(total) and not _nonzero(total):
            shrink[total] = LEADING
        return _Lead(total, leads[top[0]].gauge, shrink, other)

    def _cancelled(self, terms: list[sp.Expr], top: list[int], gauge: _Gauge, other: Conditions) -> _Lead:
        """The leading terms of a sum cancel: rewrite the sum, or take the next term of a
        series (u (e^{a/u} - 1) → a)."""
        group = sp.Add(*[terms[i] for i in top])
        rest = [t for i, t in enumerate(terms) if i not in top]
        if self.rewrites < _REWRITES:
            self.rewrites += 1
            for rewrite in (sp.expand, lambda x: sp.cancel(sp.together(x))):
                new = rewrite(group)
                if new != group:
                    lead = self.lead(sp.Add(new, *rest))
                    lead.other.update(other)
                    return lead
        scaled = sp.powsimp(sp.expand(group / gauge.expr(self.u)))
        w = sp.Dummy("w", positive=True)
        near = scaled.xreplace({self.u: 1 / w})
        try:
            series = sp.series(near, w, 0, _SERIES_ORDER).removeO()
        except _FAILURES as exc:
            raise _Cannot(f"the leading terms of {sp.sstr(group)} cancel, and no series was found") from exc
        if series == 0 or series.has(sp.Order):
            raise _Cannot(f"the leading terms of {sp.sstr(group)} cancel")
        head = sp.expand(series).as_leading_term(w)
        coeff, power = head.as_coeff_exponent(w)
        if coeff.has(w) or coeff.has(self.u) or power.has(w):
            raise _Cannot(f"the leading terms of {sp.sstr(group)} cancel")
        small = self.lead(coeff * self.u ** (-power))  # the next term, with its conditions
        small.gauge = small.gauge.times(gauge)
        if not rest:
            small.other.update(other)
            return small
        lead = self.lead(sp.Add(*rest))
        direction, ties = self.growth(lead.gauge.over(small.gauge))
        other.update(ties)
        other.update(lead.other)
        if direction is None:
            raise _Cannot(f"which of the terms of {sp.sstr(sp.Add(*terms))} leads depends on the parameters")
        if direction > 0:
            lead.other.update(other)
            return lead
        if direction < 0:
            small.other.update(other)
            return small
        total = _zero_tested(small.coeff + lead.coeff)
        if total == 0:
            raise _Cannot(f"the leading terms of {sp.sstr(sp.Add(*terms))} cancel twice")
        shrink = {total: LEADING} if self._has_params(total) and not _nonzero(total) else {}
        return _Lead(total, small.gauge, shrink, other)

    # -- functions -------------------------------------------------------------------------

    def _exp(self, g: sp.Expr) -> _Lead:
        inner = self.lead(g)
        direction, ties = self.growth(inner.gauge)
        other = {**inner.other, **ties}
        if direction is None:
            raise _Cannot(f"whether {sp.sstr(g)} grows depends on the parameters")
        if direction < 0:
            return _Lead(sp.S.One, _Gauge(), {}, other)
        if direction == 0:
            return _Lead(sp.exp(inner.coeff), _Gauge(), {}, other)
        growing, k, limit = self._growing_part(g, inner, other)
        return _Lead(sp.exp(limit), _Gauge(growing, k), {}, other)

    def _growing_part(self, g: sp.Expr, first: _Lead, other: Conditions) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
        """``g`` as ``E + k log u + c + o(1)``: its growing terms (E faster than log u), the
        multiple of log u, and its finite part."""
        u = self.u
        growing, k = sp.S.Zero, sp.S.Zero
        rest, lead = g, first
        for _ in range(_GROWING_TERMS):
            direction, ties = self.growth(lead.gauge)
            # The growing terms are kept as an expression, exact at every parameter value; where
            # their order changes, the comparisons that use them see it (ties).
            other.update(ties)
            other.update(lead.other)
            if direction is None:
                raise _Cannot(f"whether a term of {sp.sstr(g)} grows depends on the parameters")
            if direction <= 0:
                return growing, k, lead.coeff if direction == 0 else sp.S.Zero
            term = lead.coeff * lead.gauge.expr(u)
            if lead.gauge.E == 0 and sp.expand(lead.gauge.k) == 0 and lead.gauge.m == 1:
                k += lead.coeff
            elif lead.gauge.E == 0 and sp.expand(lead.gauge.k) == 0:
                raise _Cannot(f"an exponent growing like a power of log u: {sp.sstr(g)}")
            else:
                growing += term
            new = sp.expand(rest - term)
            if new.has(u) and new != 0:
                lead_new = self.lead(new)
                if self.growth(lead_new.gauge.over(lead.gauge))[0] != -1:
                    new = sp.cancel(sp.together(new))
            rest = new
            if rest == 0:
                return growing, k, sp.S.Zero
            lead = self.lead(rest)
        raise _Cannot(f"the exponent {sp.sstr(g)} has too many growing terms")

    def _log(self, g: sp.Expr) -> _Lead:
        inner = self.lead(g)
        other = dict(inner.other)
        # Where the argument's coefficient vanishes, its log changes scale.
        other.update({c: LOG for c in inner.shrink})
        if self._has_params(inner.coeff) and not _nonzero(inner.coeff):
            other[inner.coeff] = LOG
        gauge = inner.gauge
        if gauge.is_one:
            if _zero_tested(inner.coeff - 1) == 0:  # log(1 + x) ~ x
                small = self.lead(sp.expand(g - 1))
                if self.growth(small.gauge)[0] != -1:
                    small = self.lead(sp.cancel(sp.together(g - 1)))
                    if self.growth(small.gauge)[0] != -1:
                        raise _Cannot(f"log({sp.sstr(g)}) tends to 0, and how fast was not found")
                small.other.update(other)
                return small
            shrink: Conditions = {}
            if self._has_params(inner.coeff):
                shrink[inner.coeff - 1] = LOG
            return _Lead(sp.log(inner.coeff), _Gauge(), shrink, other)
        # log(c e^E u^k log(u)^m) = E + k log u + m log log u + log c: the first that is there
        # leads (whatever its sign; where its coefficient vanishes, the log is smaller).
        if _zero_tested(gauge.E) != 0:
            lead = self.lead(gauge.E)
            lead.other.update(other)
            return lead
        if _zero_tested(gauge.k) != 0:
            shrink = {gauge.k: LEADING} if self._has_params(gauge.k) and not _nonzero(gauge.k) else {}
            return _Lead(gauge.k, _Gauge(m=sp.S.One), shrink, other)
        raise _Cannot(f"log log u in the leading term of log({sp.sstr(g)})")

    def _sign(self, e: sp.Expr) -> _Lead:
        inner = self.lead(e.args[0])
        other = inner.conditions()
        if self._has_params(inner.coeff):
            other[inner.coeff] = SIDE
        return _Lead(type(e)(inner.coeff), _Gauge(), {}, other)

    def _tanh(self, g: sp.Expr) -> _Lead:
        inner = self.lead(g)
        direction, ties = self.growth(inner.gauge)
        other = {**inner.other, **ties}
        if direction is None:
            raise _Cannot(f"whether {sp.sstr(g)} grows depends on the parameters")
        if direction < 0:
            return _Lead(inner.coeff, inner.gauge, inner.shrink, other)
        if direction == 0:
            shrink = {inner.coeff: LEADING} if self._has_params(inner.coeff) else {}
            return _Lead(sp.tanh(inner.coeff), _Gauge(), {**inner.shrink, **shrink}, other)
        other.update(inner.shrink)
        if self._has_params(inner.coeff):
            other[inner.coeff] = SIDE
        return _Lead(sp.sign(inner.coeff), _Gauge(), {}, other)

    def _step(self, e: sp.Expr) -> _Lead:
        """floor and ceiling: of a growing argument, the argument's own leading term; of a
        settling one, the step at its limit, which depends on the side it comes from."""
        g = e.args[0]
        inner = self.lead(g)
        direction, ties = self.growth(inner.gauge)
        other = {**inner.other, **ties}
        if direction is None:
            raise _Cannot(f"whether {sp.sstr(g)} grows depends on the parameters")
        if direction > 0:
            other.update(inner.shrink)
            return _Lead(inner.coeff, inner.gauge, {}, other)
        at = inner.coeff if direction == 0 else sp.S.Zero
        rest = _zero_tested(g - at)
        if rest == 0:
            return self._constant(type(e)(at))
        small = self.lead(sp.expand(rest))
        if self.growth(small.gauge)[0] != -1:
            small = self.lead(sp.cancel(sp.together(rest)))
            if self.growth(small.gauge)[0] != -1:
                raise _Cannot(f"from which side {sp.sstr(g)} comes to {sp.sstr(at)} was not found")
        other.update(small.conditions())
        side = _sign_of(small.coeff)
        if side is None:
            raise _Cannot(f"from which side {sp.sstr(g)} comes to {sp.sstr(at)} depends on the parameters")
        if self._has_params(small.coeff) and not _nonzero(small.coeff):
            other[small.coeff] = SIDE
        # floor is continuous from above, ceiling from below: only the other side jumps.
        continuous = side > 0 if isinstance(e, sp.floor) else side < 0
        if continuous:
            lead = self._constant(type(e)(at))
            lead.other.update(other)
            return lead
        if self._has_params(at):
            raise _Cannot(
                f"{sp.sstr(e)} jumps wherever {sp.sstr(at)} is an integer: the exceptional values are "
                "not finitely many"
            )
        if at.is_integer is None:
            raise _Cannot(f"cannot tell whether {sp.sstr(at)} is an integer")
        step = (1 if isinstance(e, sp.floor) else -1) if at.is_integer else 0
        return _Lead(type(e)(at) - step, _Gauge(), {}, other)

    def _maxmin(self, e: sp.Expr) -> _Lead:
        """Max and Min: of arguments that all settle, the Max of their limits (their ties are
        exceptional); otherwise the argument that is eventually larger, by the sign of the
        leading term of each difference."""
        args = list(e.args)
        other: Conditions = {}
        leads, directions = [], []
        for arg in args:
            lead = self.lead(arg)
            direction, ties = self.growth(lead.gauge)
            if direction is None:
                raise _Cannot(f"whether {sp.sstr(arg)} grows depends on the parameters")
            other.update(ties)
            other.update(lead.conditions())
            leads.append(lead)
            directions.append(direction)
        if all(d <= 0 for d in directions):
            limits = [lead.coeff if d == 0 else sp.S.Zero for lead, d in zip(leads, directions, strict=True)]
            for x, y in itertools.combinations(limits, 2):
                gap = x - y
                if self._has_params(gap) and not _nonzero(gap):
                    other[gap] = MAXMIN
            return _Lead(type(e)(*limits), _Gauge(), {}, other)
        best = args[0]
        for arg in args[1:]:
            diff = self.lead(sp.expand(arg - best))
            direction, ties = self.growth(diff.gauge)
            other.update(ties)
            other.update(diff.conditions())
            side = _sign_of(diff.coeff)
            if direction is None or side is None:
                raise _Cannot(f"which argument of {sp.sstr(e)} is larger depends on the parameters")
            if self._has_params(diff.coeff) and not _nonzero(diff.coeff):
                other[diff.coeff] = MAXMIN
            if (side > 0) == isinstance(e, sp.Max):
                best = arg
        lead = self.lead(best)
        lead.other.update(other)
        return lead

    # -- comparisons -----------------------------------------------------------------------

    def growth(self, gauge: _Gauge) -> tuple[int | None, Conditions]:
        """Whether ``gauge`` grows (1), is 1 (0) or vanishes (-1) as u → ∞, with the ties
        where that changes; None if it depends on the parameters."""
        ties: Conditions = {}
        exponent = _zero_tested(gauge.E)
        if exponent != 0:
            lead = self.lead(exponent)
            ties.update(lead.conditions())
            side = _sign_of(lead.coeff)
            if side is None:
                return None, ties
            if self._has_params(lead.coeff) and not _nonzero(lead.coeff):
                ties[lead.coeff] = TIE
            return side, ties
        for part in (gauge.k, gauge.m):
            part = _zero_tested(part)
            if part == 0:
                continue
            side = _sign_of(part)
            if side is None:
                return None, ties
            if self._has_params(part) and not _nonzero(part):
                ties[part] = TIE
            return side, ties
        return 0, ties


def _sign_of(c: sp.Expr) -> int | None:
    """The sign of ``c`` off its zeros: +1 if it is never negative, -1 if never positive."""
    for form in (c, sp.factor(c)) if c.free_symbols else (c,):
        if form.is_positive or form.is_nonnegative:
            return 1
        if form.is_negative or form.is_nonpositive:
            return -1
    return None


def _nonzero(c: sp.Expr) -> bool:
    return bool(c.is_zero is False or c.is_positive or c.is_negative)


def _zero_tested(c: sp.Expr) -> sp.Expr:
    """``c``, or 0 where it is identically zero; a number too close to 0 to tell is refused."""
    if c.is_number:
        if c.is_zero:
            return sp.S.Zero
        if c.is_zero is None and abs(sp.N(c, 30)) < sp.Float("1e-25"):
            raise _Cannot(f"cannot tell whether {sp.sstr(c)} is zero")
        return c
    expanded = sp.expand(c)
    if expanded == 0:
        return sp.S.Zero
    cancelled = sp.cancel(sp.together(expanded))
    return sp.S.Zero if cancelled == 0 else c


# -- solving the conditions -----------------------------------------------------------------


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
        except (sp.PolynomialError, *_FAILURES):
            factors = list(sp.Mul.make_args(sp.factor_terms(part)))
        for factor in factors:
            while True:
                if isinstance(factor, sp.Pow) and factor.exp.is_positive:
                    factor = factor.base
                elif isinstance(factor, sp.Abs | sp.sign):
                    factor = factor.args[0]
                else:
                    break
            if factor.free_symbols & set(params) and not _nonzero(factor):
                yield factor


def _solved(factor: sp.Expr, params: Sequence[sp.Symbol]) -> list[dict[sp.Symbol, sp.Expr]]:
    """The zeros of ``factor`` as substitutions of one parameter (the one it is simplest
    in), the values outside that parameter's domain left out."""
    candidates = [p for p in params if factor.has(p)]

    def simplest(p: sp.Symbol) -> tuple[int, str]:
        try:
            return (sp.degree(factor, p), str(p))
        except (sp.PolynomialError, *_FAILURES):
            return (99, str(p))

    for p in sorted(candidates, key=simplest):
        try:
            solutions = sp.solveset(factor, p, domain=sp.S.Reals)
        except _FAILURES:
            continue
        values = _finite(solutions)
        if values is None:
            continue
        return [{p: v} for v in values if _admissible(p, v)]
    raise _Cannot(f"the parameter values where {sp.sstr(factor)} = 0 are not a finite list SymPy can give")


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


# -- exceptional sample points ------------------------------------------------------------


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
