"""The named lemmas applied to the sign of a difference: each atom (or whole entropy) replaced
by its bound in the direction that keeps the inequality, then the rest proved."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import sympy as sp

import checks.prove.lemmas.library as lib
from checks.prove.lemmas.atoms import BOUNDS, Bound, Context, exp_terms
from checks.prove.lemmas.jensen import jensen_bounds
from checks.prove.lemmas.monotone import Prover, derivative_test
from checks.prove.lemmas.simplex import simplex_groups, simplex_rewrites

#: A candidate: a difference at most the original, whether its proof must be strict, the lemmas.
Candidate = tuple[sp.Expr, bool, tuple[lib.Lemma, ...]]

#: Candidates tried at most, per form of the difference.
MAX_CANDIDATES = 24


def _linear_coefficient(form: sp.Expr, atom: sp.Expr) -> sp.Expr | None:
    """The coefficient of ``atom`` where ``form`` is linear in it (None otherwise)."""
    z = sp.Dummy("z")
    poly = form.xreplace({atom: z})
    if not poly.has(z) or not poly.is_polynomial(z) or sp.degree(poly, z) != 1:
        return None
    coeff = poly.coeff(z, 1)
    return None if coeff.has(z) else coeff


def _options(form: sp.Expr, ctx: Context) -> list[tuple[sp.Expr, sp.Expr, list[Bound]]]:
    """Each atom ``form`` is linear in, its coefficient, and the bounds that can only lower
    ``form`` (lower bounds where the coefficient is positive, upper where it is negative)."""
    out = []
    atoms = sorted((a for kind in BOUNDS for a in form.atoms(kind)), key=sp.default_sort_key)
    for atom in atoms:
        coeff = _linear_coefficient(form, atom)
        if coeff is None:
            continue
        lower, upper = BOUNDS[type(atom)]
        if coeff.is_nonnegative:
            bounds = [*jensen_bounds(form, atom, coeff), *lower(atom, ctx)]
        elif coeff.is_nonpositive:
            bounds = list(upper(atom, ctx))
        else:
            continue
        if bounds:
            out.append((atom, coeff, bounds))
    return out


def _replace(form: sp.Expr, chosen: list[tuple[sp.Expr, sp.Expr, Bound]], strict: bool) -> Candidate:
    replaced = form.xreplace({atom: bound[0] for atom, _, bound in chosen})
    used_strict = any(bound[1] and bool(coeff.is_nonzero) for _, coeff, bound in chosen)
    return replaced, strict and not used_strict, tuple(bound[2] for _, _, bound in chosen)


def atom_candidates(form: sp.Expr, strict: bool, ctx: Context) -> Iterator[Candidate]:
    """Every atom at once with the bounds of one lemma each (Σ s_k log s_k: every log at
    once), every atom with its first bounds, then one atom bounded at a time (each bound)."""
    options = _options(form, ctx)
    if len(options) > 1:
        lemmas = list(dict.fromkeys(b[2] for _, _, bounds in options for b in bounds))
        for lemma in lemmas:
            chosen = [
                (a, c, next(b for b in bs if b[2] == lemma))
                for a, c, bs in options
                if any(b[2] == lemma for b in bs)
            ]
            if len(chosen) > 1:
                yield _replace(form, chosen, strict)
        for picks in itertools.islice(itertools.product(*[bs for _, _, bs in options]), 8):
            yield _replace(form, [(a, c, b) for (a, c, _), b in zip(options, picks, strict=True)], strict)
    for atom, coeff, bounds in options:
        for bound in bounds:
            yield _replace(form, [(atom, coeff, bound)], strict)


def candidates(d: sp.Expr, strict: bool, after: dict[sp.Symbol, sp.Expr] | None) -> Iterator[Candidate]:
    """Every candidate from the lemmas, for ``d`` as written and with its logs expanded."""
    groups = simplex_groups(after)
    ctx = Context(frozenset(s for g in groups for s in g))
    forms = [sp.expand(d, log=False)]
    as_exp = sp.expand(_as_exp(d), log=False)
    if as_exp != forms[0]:
        forms.append(as_exp)
    expanded = sp.powsimp(sp.expand_log(sp.expand(d), force=False), deep=True)
    if expanded != forms[0]:
        forms.append(expanded)
    seen: set[tuple[sp.Expr, bool]] = set()
    for form in forms:
        found = itertools.chain(
            ((e, strict and not s, (lemma,)) for e, s, lemma in simplex_rewrites(form, groups)),
            atom_candidates(form, strict, ctx),
        )
        for candidate in itertools.islice(found, MAX_CANDIDATES):
            if candidate[:2] not in seen:
                seen.add(candidate[:2])
                yield candidate


def prove_by_lemmas(
    d: sp.Expr,
    strict: bool,
    after: dict[sp.Symbol, sp.Expr] | None,
    prove: Prover,
    prove_slope: Prover,
    calculus: bool = True,
) -> str | None:
    """The method citing the lemmas if some candidate's sign is proved by ``prove`` (which is
    given the candidate with ``Σ = 1`` substituted, and answers the method that proved it, or
    None); else, with ``calculus``, the first-derivative test in the one variable of ``d``,
    its slopes proved by ``prove_slope``; None if nothing proves it."""
    for candidate, needs_strict, lemmas in candidates(d, strict, after):
        reduced = sp.expand(candidate.subs(after)) if after else candidate
        if _settled(reduced, needs_strict):
            return lib.cite(lemmas)
        method = prove(reduced, needs_strict)
        if method is not None:
            cited = lib.cite(lemmas)
            return cited + (cited_within(method) if method != cited else "")
    if calculus and not after:
        return derivative_test(_as_exp(d), strict, prove_slope)
    return None


def cited_within(method: str) -> str:
    """What a proof of a remainder adds to the method: the lemmas and tests it cites."""
    return f" ({method})" if "lemma" in method or "derivative test" in method else ""


def _as_exp(d: sp.Expr) -> sp.Expr:
    """Powers of positive numbers with a variable exponent as exponentials (2^H = e^{H log 2}),
    which the exp lemmas bound."""
    return d.replace(
        lambda e: e.is_Pow and e.base.is_number and e.base.is_positive and bool(e.exp.free_symbols),
        lambda e: sp.exp(e.exp * sp.log(e.base)),
    )


def _settled(e: sp.Expr, strict: bool) -> bool:
    """Whether ``e >= 0`` (``> 0`` if strict) is plain once cancelled."""
    e = sp.cancel(sp.together(e)) if not e.has(sp.Max, sp.Min) else sp.expand(e)
    return bool(e.is_positive) if strict else bool(e.is_nonnegative or e == 0)


__all__ = ["candidates", "exp_terms", "prove_by_lemmas"]
