"""The leading term of a limit's body as u → ∞, and where on the parameters it may change.

See :mod:`checks.prove.limit_exceptions` for how the conditions become pieces."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import sympy as sp

from checks.prove.growth import (
    BASE,
    DENOMINATOR,
    FAILURES,
    GROWING_TERMS,
    LEADING,
    LOG,
    MAXMIN,
    POLE,
    REWRITES,
    SERIES_ORDER,
    SIDE,
    TIE,
    Cannot,
    Conditions,
    Gauge,
    Lead,
    nonzero,
    sign_of,
    zero_tested,
)


def conditions(
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
            raise Cannot(
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

    def lead(self, e: sp.Expr) -> Lead:
        u = self.u
        if not e.has(u):
            return self._constant(e)
        if e == u:
            return Lead(sp.S.One, Gauge(k=sp.S.One))
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
            return Lead(sp.Abs(inner.coeff), inner.gauge, inner.shrink, inner.other)
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
        raise Cannot(f"no rule for the leading term of {sp.sstr(e)}")

    # -- leaves and products ---------------------------------------------------------------

    def _constant(self, c: sp.Expr) -> Lead:
        shrink: Conditions = {}
        other: Conditions = {}
        if self._has_params(c):
            if not nonzero(c):
                shrink[c] = LEADING
            den = sp.fraction(sp.together(c))[1]
            if self._has_params(den) and not nonzero(den):
                other[den] = DENOMINATOR
        return Lead(c, Gauge(), shrink, other)

    def _opaque(self, e: sp.Expr) -> Lead:
        """A term free of the parameters that no rule reads (factorial(u)): its limit, if it
        is a finite nonzero number, is its leading term."""
        value = sp.limit(e, self.u, sp.oo)
        if value.is_number and value.is_finite and value.is_zero is False:
            return Lead(value, Gauge())
        raise Cannot(f"no rule for the leading term of {sp.sstr(e)}")

    def _mul(self, e: sp.Mul) -> Lead:
        coeff, gauge = sp.S.One, Gauge()
        shrink: Conditions = {}
        other: Conditions = {}
        for factor in e.args:
            lead = self.lead(factor)
            coeff, gauge = coeff * lead.coeff, gauge.times(lead.gauge)
            shrink.update(lead.shrink)
            other.update(lead.other)
        return Lead(coeff, gauge, shrink, other)

    def _pow(self, base: sp.Expr, exponent: sp.Expr) -> Lead:
        if exponent.has(self.u):
            return self._exp(exponent * sp.log(base))
        inner = self.lead(base)
        other = dict(inner.other)
        if exponent.is_number:
            if not exponent.is_real:
                raise Cannot(f"a complex power {sp.sstr(exponent)}")
            if exponent.is_positive:
                return Lead(inner.coeff**exponent, inner.gauge.power(exponent), inner.shrink, other)
            # A denominator: where its leading coefficient vanishes, the quotient has a pole.
            other.update({k: POLE for k in inner.shrink})
            return Lead(inner.coeff**exponent, inner.gauge.power(exponent), {}, other)
        # A parameter in the exponent: where the base's coefficient vanishes, 0^e depends on e.
        other.update({k: BASE for k in inner.shrink})
        if self._has_params(inner.coeff) and not nonzero(inner.coeff):
            other[inner.coeff] = BASE
        return Lead(inner.coeff**exponent, inner.gauge.power(exponent), {}, other)

    # -- sums ------------------------------------------------------------------------------

    def _add(self, e: sp.Add) -> Lead:
        terms = list(e.args)
        leads = [self.lead(t) for t in terms]
        top = [0]
        other: Conditions = {}
        for i in range(1, len(leads)):
            direction, ties = self.growth(leads[i].gauge.over(leads[top[0]].gauge))
            other.update(ties)
            if direction is None:
                raise Cannot(
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
        total = zero_tested(sp.Add(*[leads[i].coeff for i in top]))
        if total == 0:
            return self._cancelled(terms, top, leads[top[0]].gauge, other)
        if self._has_params(total) and not nonzero(total):
            shrink[total] = LEADING
        return Lead(total, leads[top[0]].gauge, shrink, other)

    def _cancelled(self, terms: list[sp.Expr], top: list[int], gauge: Gauge, other: Conditions) -> Lead:
        """The leading terms of a sum cancel: rewrite the sum, or take the next term of a
        series (u (e^{a/u} - 1) → a)."""
        group = sp.Add(*[terms[i] for i in top])
        rest = [t for i, t in enumerate(terms) if i not in top]
        if self.rewrites < REWRITES:
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
            series = sp.series(near, w, 0, SERIES_ORDER).removeO()
        except FAILURES as exc:
            raise Cannot(f"the leading terms of {sp.sstr(group)} cancel, and no series was found") from exc
        if series == 0 or series.has(sp.Order):
            raise Cannot(f"the leading terms of {sp.sstr(group)} cancel")
        head = sp.expand(series).as_leading_term(w)
        coeff, power = head.as_coeff_exponent(w)
        if coeff.has(w) or coeff.has(self.u) or power.has(w):
            raise Cannot(f"the leading terms of {sp.sstr(group)} cancel")
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
            raise Cannot(f"which of the terms of {sp.sstr(sp.Add(*terms))} leads depends on the parameters")
        if direction > 0:
            lead.other.update(other)
            return lead
        if direction < 0:
            small.other.update(other)
            return small
        total = zero_tested(small.coeff + lead.coeff)
        if total == 0:
            raise Cannot(f"the leading terms of {sp.sstr(sp.Add(*terms))} cancel twice")
        shrink = {total: LEADING} if self._has_params(total) and not nonzero(total) else {}
        return Lead(total, small.gauge, shrink, other)

    # -- functions -------------------------------------------------------------------------

    def _exp(self, g: sp.Expr) -> Lead:
        inner = self.lead(g)
        direction, ties = self.growth(inner.gauge)
        other = {**inner.other, **ties}
        if direction is None:
            raise Cannot(f"whether {sp.sstr(g)} grows depends on the parameters")
        if direction < 0:
            return Lead(sp.S.One, Gauge(), {}, other)
        if direction == 0:
            return Lead(sp.exp(inner.coeff), Gauge(), {}, other)
        growing, k, limit = self._growing_part(g, inner, other)
        return Lead(sp.exp(limit), Gauge(growing, k), {}, other)

    def _growing_part(self, g: sp.Expr, first: Lead, other: Conditions) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
        """``g`` as ``E + k log u + c + o(1)``: its growing terms (E faster than log u), the
        multiple of log u, and its finite part."""
        u = self.u
        growing, k = sp.S.Zero, sp.S.Zero
        rest, lead = g, first
        for _ in range(GROWING_TERMS):
            direction, ties = self.growth(lead.gauge)
            # The growing terms are kept as an expression, exact at every parameter value; where
            # their order changes, the comparisons that use them see it (ties).
            other.update(ties)
            other.update(lead.other)
            if direction is None:
                raise Cannot(f"whether a term of {sp.sstr(g)} grows depends on the parameters")
            if direction <= 0:
                return growing, k, lead.coeff if direction == 0 else sp.S.Zero
            term = lead.coeff * lead.gauge.expr(u)
            if lead.gauge.E == 0 and sp.expand(lead.gauge.k) == 0 and lead.gauge.m == 1:
                k += lead.coeff
            elif lead.gauge.E == 0 and sp.expand(lead.gauge.k) == 0:
                raise Cannot(f"an exponent growing like a power of log u: {sp.sstr(g)}")
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
        raise Cannot(f"the exponent {sp.sstr(g)} has too many growing terms")

    def _log(self, g: sp.Expr) -> Lead:
        inner = self.lead(g)
        other = dict(inner.other)
        # Where the argument's coefficient vanishes, its log changes scale.
        other.update({c: LOG for c in inner.shrink})
        if self._has_params(inner.coeff) and not nonzero(inner.coeff):
            other[inner.coeff] = LOG
        gauge = inner.gauge
        if gauge.is_one:
            if zero_tested(inner.coeff - 1) == 0:  # log(1 + x) ~ x
                small = self.lead(sp.expand(g - 1))
                if self.growth(small.gauge)[0] != -1:
                    small = self.lead(sp.cancel(sp.together(g - 1)))
                    if self.growth(small.gauge)[0] != -1:
                        raise Cannot(f"log({sp.sstr(g)}) tends to 0, and how fast was not found")
                small.other.update(other)
                return small
            shrink: Conditions = {}
            if self._has_params(inner.coeff):
                shrink[inner.coeff - 1] = LOG
            return Lead(sp.log(inner.coeff), Gauge(), shrink, other)
        # log(c e^E u^k log(u)^m) = E + k log u + m log log u + log c: the first that is there
        # leads (whatever its sign; where its coefficient vanishes, the log is smaller).
        if zero_tested(gauge.E) != 0:
            lead = self.lead(gauge.E)
            lead.other.update(other)
            return lead
        if zero_tested(gauge.k) != 0:
            shrink = {gauge.k: LEADING} if self._has_params(gauge.k) and not nonzero(gauge.k) else {}
            return Lead(gauge.k, Gauge(m=sp.S.One), shrink, other)
        raise Cannot(f"log log u in the leading term of log({sp.sstr(g)})")

    def _sign(self, e: sp.Expr) -> Lead:
        inner = self.lead(e.args[0])
        other = inner.conditions()
        if self._has_params(inner.coeff):
            other[inner.coeff] = SIDE
        return Lead(type(e)(inner.coeff), Gauge(), {}, other)

    def _tanh(self, g: sp.Expr) -> Lead:
        inner = self.lead(g)
        direction, ties = self.growth(inner.gauge)
        other = {**inner.other, **ties}
        if direction is None:
            raise Cannot(f"whether {sp.sstr(g)} grows depends on the parameters")
        if direction < 0:
            return Lead(inner.coeff, inner.gauge, inner.shrink, other)
        if direction == 0:
            shrink = {inner.coeff: LEADING} if self._has_params(inner.coeff) else {}
            return Lead(sp.tanh(inner.coeff), Gauge(), {**inner.shrink, **shrink}, other)
        other.update(inner.shrink)
        if self._has_params(inner.coeff):
            other[inner.coeff] = SIDE
        return Lead(sp.sign(inner.coeff), Gauge(), {}, other)

    def _step(self, e: sp.Expr) -> Lead:
        """floor and ceiling: of a growing argument, the argument's own leading term; of a
        settling one, the step at its limit, which depends on the side it comes from."""
        g = e.args[0]
        inner = self.lead(g)
        direction, ties = self.growth(inner.gauge)
        other = {**inner.other, **ties}
        if direction is None:
            raise Cannot(f"whether {sp.sstr(g)} grows depends on the parameters")
        if direction > 0:
            other.update(inner.shrink)
            return Lead(inner.coeff, inner.gauge, {}, other)
        at = inner.coeff if direction == 0 else sp.S.Zero
        rest = zero_tested(g - at)
        if rest == 0:
            return self._constant(type(e)(at))
        small = self.lead(sp.expand(rest))
        if self.growth(small.gauge)[0] != -1:
            small = self.lead(sp.cancel(sp.together(rest)))
            if self.growth(small.gauge)[0] != -1:
                raise Cannot(f"from which side {sp.sstr(g)} comes to {sp.sstr(at)} was not found")
        other.update(small.conditions())
        side = sign_of(small.coeff)
        if side is None:
            raise Cannot(f"from which side {sp.sstr(g)} comes to {sp.sstr(at)} depends on the parameters")
        if self._has_params(small.coeff) and not nonzero(small.coeff):
            other[small.coeff] = SIDE
        # floor is continuous from above, ceiling from below: only the other side jumps.
        continuous = side > 0 if isinstance(e, sp.floor) else side < 0
        if continuous:
            lead = self._constant(type(e)(at))
            lead.other.update(other)
            return lead
        if self._has_params(at):
            raise Cannot(
                f"{sp.sstr(e)} jumps wherever {sp.sstr(at)} is an integer: the exceptional values are "
                "not finitely many"
            )
        if at.is_integer is None:
            raise Cannot(f"cannot tell whether {sp.sstr(at)} is an integer")
        step = (1 if isinstance(e, sp.floor) else -1) if at.is_integer else 0
        return Lead(type(e)(at) - step, Gauge(), {}, other)

    def _maxmin(self, e: sp.Expr) -> Lead:
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
                raise Cannot(f"whether {sp.sstr(arg)} grows depends on the parameters")
            other.update(ties)
            other.update(lead.conditions())
            leads.append(lead)
            directions.append(direction)
        if all(d <= 0 for d in directions):
            limits = [lead.coeff if d == 0 else sp.S.Zero for lead, d in zip(leads, directions, strict=True)]
            for x, y in itertools.combinations(limits, 2):
                gap = x - y
                if self._has_params(gap) and not nonzero(gap):
                    other[gap] = MAXMIN
            return Lead(type(e)(*limits), Gauge(), {}, other)
        best = args[0]
        for arg in args[1:]:
            diff = self.lead(sp.expand(arg - best))
            direction, ties = self.growth(diff.gauge)
            other.update(ties)
            other.update(diff.conditions())
            side = sign_of(diff.coeff)
            if direction is None or side is None:
                raise Cannot(f"which argument of {sp.sstr(e)} is larger depends on the parameters")
            if self._has_params(diff.coeff) and not nonzero(diff.coeff):
                other[diff.coeff] = MAXMIN
            if (side > 0) == isinstance(e, sp.Max):
                best = arg
        lead = self.lead(best)
        lead.other.update(other)
        return lead

    # -- comparisons -----------------------------------------------------------------------

    def growth(self, gauge: Gauge) -> tuple[int | None, Conditions]:
        """Whether ``gauge`` grows (1), is 1 (0) or vanishes (-1) as u → ∞, with the ties
        where that changes; None if it depends on the parameters."""
        ties: Conditions = {}
        exponent = zero_tested(gauge.E)
        if exponent != 0:
            lead = self.lead(exponent)
            ties.update(lead.conditions())
            side = sign_of(lead.coeff)
            if side is None:
                return None, ties
            if self._has_params(lead.coeff) and not nonzero(lead.coeff):
                ties[lead.coeff] = TIE
            return side, ties
        for part in (gauge.k, gauge.m):
            part = zero_tested(part)
            if part == 0:
                continue
            side = sign_of(part)
            if side is None:
                return None, ties
            if self._has_params(part) and not nonzero(part):
                ties[part] = TIE
            return side, ties
        return 0, ties
