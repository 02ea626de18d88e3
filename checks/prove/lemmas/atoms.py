"""Bounds of single atoms (exp, log, tanh, log Σ exp) from the named lemmas, with their cases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sympy as sp

import checks.prove.lemmas.library as lib

#: A bound: the value that replaces the atom, whether the lemma's inequality is strict there,
#: and the lemma. None where the lemma does not apply to that atom.
Bound = tuple[sp.Expr, bool, lib.Lemma]


@dataclass(frozen=True)
class Context:
    """What the bounds may know beyond SymPy's assumptions: the entries of probability
    vectors (each in (0, 1), together summing to 1)."""

    simplex: frozenset[sp.Symbol] = frozenset()


def _exp_lower(a: sp.Expr, ctx: Context) -> Iterator[Bound]:
    u = a.args[0]
    yield 1 + u, False, lib.EXP_TANGENT


def _exp_upper(a: sp.Expr, ctx: Context) -> Iterator[Bound]:
    u = a.args[0]
    if u.is_nonpositive:
        yield sp.Integer(1), bool(u.is_negative), lib.EXP_AT_MOST_ONE
    if (1 - u).is_positive:
        yield 1 / (1 - u), False, lib.EXP_UPPER


def _log_upper(a: sp.Expr, ctx: Context) -> Iterator[Bound]:
    u = a.args[0]
    if u in ctx.simplex:
        yield sp.Integer(0), True, lib.LOG_OF_PROBABILITY
    if _is_softmax_entry(u):
        yield sp.Integer(0), True, lib.LSE_ABOVE_TERM
    if u.is_positive:
        yield u - 1, False, lib.LOG_UPPER
    terms = exp_terms(u)
    if terms is not None and len(terms) >= 2:
        top = sp.Max(*terms) if len(terms) > 1 else terms[0]
        lemma = lib.SOFTPLUS if _is_softplus(terms) else lib.LSE_BELOW_MAX
        yield top + sp.log(len(terms)), False, lemma


def _log_lower(a: sp.Expr, ctx: Context) -> Iterator[Bound]:
    u = a.args[0]
    terms = exp_terms(u)
    if terms is not None and len(terms) >= 2:
        n = len(terms)
        yield sp.Add(*terms) / n + sp.log(n), False, lib.LSE_JENSEN
        if _is_softplus(terms):
            yield sp.Max(*terms), True, lib.SOFTPLUS
        for term in sorted(terms, key=sp.default_sort_key):
            yield term, True, lib.LSE_ABOVE_TERM
    if u.is_positive:
        yield 1 - 1 / u, False, lib.LOG_LOWER


def _tanh_upper(a: sp.Expr, ctx: Context) -> Iterator[Bound]:
    u = a.args[0]
    if u.is_nonnegative:
        yield u, bool(u.is_positive), lib.TANH_BELOW_IDENTITY
    yield sp.Integer(1), True, lib.TANH_BOUNDED


def _tanh_lower(a: sp.Expr, ctx: Context) -> Iterator[Bound]:
    u = a.args[0]
    if u.is_nonpositive:
        yield u, bool(u.is_negative), lib.TANH_BELOW_IDENTITY
    yield sp.Integer(-1), True, lib.TANH_BOUNDED


def _abs_upper(a: sp.Expr, ctx: Context) -> Iterator[Bound]:
    u = a.args[0]
    if isinstance(u, sp.tanh):
        yield sp.Integer(1), True, lib.TANH_BOUNDED
    if isinstance(u, sp.Add) and all(t.is_real for t in u.args):
        yield sp.Add(*[sp.Abs(t) for t in u.args]), False, lib.TRIANGLE


def _nothing(a: sp.Expr, ctx: Context) -> Iterator[Bound]:
    return iter(())


#: For each kind of atom: its lower bounds, then its upper bounds, in the order tried.
BOUNDS: dict[type, tuple[Callable[[sp.Expr, Context], Iterator[Bound]], ...]] = {
    sp.exp: (_exp_lower, _exp_upper),
    sp.log: (_log_lower, _log_upper),
    sp.tanh: (_tanh_lower, _tanh_upper),
    sp.Abs: (_nothing, _abs_upper),
}


def exp_terms(u: sp.Expr) -> list[sp.Expr] | None:
    """``u = Σ_k exp(t_k)`` (a positive constant c is exp(log c), c·exp(t) is exp(t + log c)):
    the exponents t_k, or None if ``u`` is not such a sum of real exponentials."""
    if not isinstance(u, sp.Add):
        return None
    out = []
    for term in u.args:
        coeff, rest = term.as_coeff_Mul()
        if rest == 1 and coeff.is_positive:
            out.append(sp.log(coeff))
        elif isinstance(rest, sp.exp) and coeff.is_positive and rest.args[0].is_real:
            out.append(rest.args[0] + sp.log(coeff))
        else:
            return None
    return out


def _is_softmax_entry(u: sp.Expr) -> bool:
    """``u = exp(t)/Σ_k exp(t_k)`` with ``t`` among the ``t_k`` (two or more): then
    log u = t - log Σ exp(t_k) < 0."""
    if not isinstance(u, sp.Mul):
        return False
    tops = [f for f in u.args if isinstance(f, sp.exp)]
    sums = [f.base for f in u.args if isinstance(f, sp.Pow) and f.exp == -1]
    if len(tops) != 1 or len(sums) != 1 or len(u.args) != 2:
        return False
    terms = exp_terms(sums[0])
    return terms is not None and len(terms) >= 2 and tops[0].args[0] in terms


def _is_softplus(terms: list[sp.Expr]) -> bool:
    return len(terms) == 2 and sp.Integer(0) in terms
