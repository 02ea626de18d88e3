"""Sign-preserving reductions for proofs by pieces: a radical cleared, powers with a variable
exponent written as exponentials, sums of logs combined into one. Each returns goals
``(expression, strict)`` that together imply the sign of the original, or None."""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy as sp

from checks.prove.domains import Ranges, span_of
from checks.prove.rewrites import bound_atoms, peeled

#: A goal: prove ``expression > 0`` (strict) or ``>= 0``.
Goal = tuple[sp.Expr, bool]
#: Whether an expression is known to be ``>= 0`` (by whatever the caller can prove).
Nonnegative = Callable[[sp.Expr], bool]

#: The method names recorded in a verdict.
RADICAL = "radical cleared (both sides >= 0, raised to a power)"
POWERS = "powers as exponentials"
LOGS = "logs combined into one (log is increasing)"
PEEL = "monotone peel"
EXPONENTIALS = "exponentials as positive variables (x = log X)"
TERMWISE = "term by term"
BOUND = "bound exp, log, ceiling, floor"


def _radical(term: sp.Expr) -> tuple[sp.Rational, sp.Expr, int] | None:
    """``term = c·u**(1/n)`` with ``c`` rational, ``n >= 2``, ``u >= 0`` by assumptions."""
    c, rest = term.as_coeff_Mul()
    if not c.is_Rational or c == 0:
        return None
    factors = sp.Mul.make_args(rest)
    powers = [sp.Rational(f.as_base_exp()[1]) for f in factors if f.as_base_exp()[1].is_Rational]
    if len(powers) != len(factors):
        return None
    n = math.lcm(*[int(q.q) for q in powers])
    if n < 2:
        return None
    u = sp.Integer(1)
    for f in factors:
        base, e = f.as_base_exp()
        if not base.is_nonnegative:
            return None
        u *= base ** (e * n)
    return sp.Rational(c), u, n


def clear_radical(d: sp.Expr, strict: bool, nonnegative: Nonnegative) -> list[Goal] | None:
    """``c·u**(1/n) + r`` (``u >= 0``) against 0 with the radical raised away.

    For ``c > 0``: where ``-r < 0`` the sum is ``> 0`` anyway, elsewhere ``c·u**(1/n) >= -r``
    iff ``c**n·u >= (-r)**n``; so ``c**n·u - (-r)**n`` (``> 0``/``>= 0``) is enough, even where it
    fails for ``-r < 0``. For ``c < 0``: ``r >= |c|·u**(1/n)`` needs ``r >= 0`` and then
    ``r**n >= |c|**n·u``; both are goals.
    """
    d = sp.expand_mul(d)  # (u - sqrt(v))/2 as two terms
    for term in sp.Add.make_args(d):
        found = _radical(term)
        if found is None:
            continue
        c, u, n = found
        rest = d - term
        if rest.has(*[f for f in sp.Mul.make_args(term) if not f.is_number]):
            continue  # the radical also elsewhere: raising would not clear it
        if c > 0:
            return [(sp.expand(c**n * u - (-rest) ** n), strict)]
        if not nonnegative(rest):
            continue
        return [(sp.expand(rest**n - (-c) ** n * u), strict)]
    return None


def powers_as_exponentials(d: sp.Expr) -> list[Goal] | None:
    """``b**e`` with a variable exponent and ``b > 0`` written ``exp(e·log b)`` (equal)."""
    found = [p for p in d.atoms(sp.Pow) if not p.exp.is_number and p.base.is_positive]
    if not found:
        return None
    return [(d.xreplace({p: sp.exp(p.exp * sp.log(p.base)) for p in found}), False)]


def combine_logs(d: sp.Expr, strict: bool, positive: Callable[[sp.Expr], bool]) -> list[Goal] | None:
    """``Σ c_i·log(u_i)`` (rational ``c_i``, every ``u_i > 0``, nothing else) has the sign of
    ``Π u_i**(L·c_i) - 1`` (``L`` clears the denominators): log is increasing."""
    terms = sp.Add.make_args(sp.expand(d))
    logs: list[tuple[sp.Rational, sp.Expr]] = []
    for term in terms:
        c, rest = term.as_coeff_Mul()
        if not (c.is_Rational and isinstance(rest, sp.log)):
            return None
        logs.append((sp.Rational(c), rest.args[0]))
    if len(logs) < 2 or not all(positive(u) for _, u in logs):
        return None
    scale = math.lcm(*[int(c.q) for c, _ in logs])
    product = sp.Mul(*[u ** (c * scale) for c, u in logs])
    num, den = sp.fraction(sp.cancel(sp.together(product)))
    # P - 1 = (num - den)/den: its sign is num - den's where den > 0, den - num's where den < 0.
    if positive(den):
        return [(sp.expand(num - den), strict)]
    if positive(-den):
        return [(sp.expand(den - num), strict)]
    return None


def peel(d: sp.Expr, strict: bool) -> list[Goal] | None:
    """Positive factors dropped and monotone functions peeled (:func:`checks.prove.rewrites.peeled`):
    the goal has the sign of ``d``."""
    found = peeled(d)
    return [(found[0], strict)] if found and found[0] != d else None


def bound(d: sp.Expr, strict: bool) -> list[Goal] | None:
    """Atoms replaced by bounds that can only lower ``d`` (:func:`checks.prove.rewrites.bound_atoms`),
    logs expanded first; the goal, proved, proves ``d``'s sign."""
    found = bound_atoms(sp.expand_log(d), strict) or bound_atoms(d, strict)
    return [found[0]] if found else None


_HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh)


def _log_of_new_variable(x: sp.Symbol, ranges: Ranges | None) -> sp.Expr | None:
    """``x = log X`` over ``x``'s span, ``X`` a fresh variable whose span SymPy's assumptions
    hold: ``X > 0`` for the real line, ``1 + u`` (``u >= 0`` or ``> 0``) for ``x >= 0`` or
    ``x > 0``, ``1/(1 + u)`` for ``x <= 0`` or ``x < 0``. None for a bounded span."""
    span = span_of(x, ranges)
    if span is None or (ranges and x in ranges):
        return None
    big = sp.Dummy(f"exp_{x.name}", positive=True)
    u = sp.Dummy("u", positive=True) if (span.lo_open and span.hi_open) else sp.Dummy("u", nonnegative=True)
    if span.lo == -sp.oo and span.hi == sp.oo:
        return sp.log(big)
    if span.lo == 0 and span.hi == sp.oo:
        return sp.log(1 + u)
    if span.lo == -sp.oo and span.hi == 0:
        return -sp.log(1 + u)
    return None


def exponentials(d: sp.Expr, strict: bool, ranges: Ranges | None) -> list[Goal] | None:
    """Each real variable inside an ``exp`` written as the log of a new positive variable (a
    bijection of its span onto ``X > 0``, ``X >= 1`` or ``0 < X <= 1``): ``exp(c·x)`` becomes
    ``X**c``, and a softmax or a log-sum-exp a rational function or the log of one."""
    if d.has(*_HYPERBOLIC):
        d = d.rewrite(sp.exp)  # tanh x = (e^{2x} - 1)/(e^{2x} + 1): equal
    inside = {s for e in d.atoms(sp.exp) for s in e.args[0].free_symbols if isinstance(s, sp.Symbol)}
    found = {x: v for x in inside if (v := _log_of_new_variable(x, ranges)) is not None}
    if not found:
        return None
    return [(sp.together(d.subs(found)), strict)]


def termwise(d: sp.Expr, strict: bool) -> list[Goal] | None:
    """A sum whose every term is ``>= 0`` is ``>= 0`` (``> 0`` if every term is): each term
    a goal (``-Σ p_k log p_k >= 0`` one entry at a time)."""
    terms = sp.Add.make_args(sp.expand_mul(d))
    if len(terms) < 2 or len(terms) > 12:
        return None
    return [(term, strict) for term in terms]
