"""Bounds of whole sums on the simplex: entropy ≥ 0, entropy ≤ log n, and Gibbs' H(p, q) ≥ H(p)."""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

import checks.prove.lemmas.library as lib

#: A rewrite of the whole difference: the new difference, whether the lemma was strict, the lemma.
Rewrite = tuple[sp.Expr, bool, lib.Lemma]


def simplex_groups(after: dict[sp.Symbol, sp.Expr] | None) -> list[tuple[sp.Symbol, ...]]:
    """The probability vectors of the domain, from its ``Σ = 1`` substitutions (the last entry
    mapped to 1 minus the others): each vector's entries, in order."""
    groups = []
    for last, rest in (after or {}).items():
        others = sorted(rest.free_symbols, key=sp.default_sort_key)
        if sp.expand(rest - (1 - sp.Add(*others))) == 0 and all(s.is_positive for s in (*others, last)):
            groups.append((*others, last))
    return groups


def _weighted_sum(
    d: sp.Expr, weights: tuple[sp.Symbol, ...], logs_of: tuple[sp.Symbol, ...]
) -> sp.Expr | None:
    """The common coefficient c of the terms c·w_k·log(x_k) of ``d`` for every k (None if they
    do not all appear with one coefficient)."""
    coeffs = []
    for w, x in zip(weights, logs_of, strict=True):
        coeffs.append(sp.expand(d).coeff(w * sp.log(x)))
    first = coeffs[0]
    if first == 0 or any(sp.expand(c - first) != 0 for c in coeffs[1:]) or first.free_symbols:
        return None
    return first


def simplex_rewrites(d: sp.Expr, groups: list[tuple[sp.Symbol, ...]]) -> Iterator[Rewrite]:
    """``d`` with a whole entropy or cross-entropy replaced by its bound, in the direction that
    can only lower ``d``: Σ p log p ≥ -log n, Σ p log p < 0, Σ p log q ≤ Σ p log p."""
    expanded = sp.expand(d)
    for p in groups:
        n = len(p)
        entropy_sum = sp.Add(*[x * sp.log(x) for x in p])
        c = _weighted_sum(expanded, p, p)
        if c is not None and c.is_positive:
            yield sp.expand(expanded - c * entropy_sum - c * sp.log(n)), False, lib.ENTROPY_AT_MOST_LOG_N
        if c is not None and c.is_negative:
            yield sp.expand(expanded - c * entropy_sum), True, lib.ENTROPY_POSITIVE
        for q in groups:
            if q == p or len(q) != n:
                continue
            c = _weighted_sum(expanded, p, q)
            if c is not None and c.is_negative:
                cross = sp.Add(*[x * sp.log(y) for x, y in zip(p, q, strict=True)])
                yield sp.expand(expanded - c * cross + c * entropy_sum), False, lib.GIBBS
