"""Jensen's bound of log Σ exp with the weights that cancel the rest of a difference."""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

import checks.prove.lemmas.library as lib
from checks.prove.lemmas.atoms import Bound, exp_terms


def jensen_bounds(form: sp.Expr, atom: sp.Expr, coeff: sp.Expr) -> Iterator[Bound]:
    """``log Σ_k exp(u_k) ≥ Σ_k w_k u_k - Σ_k w_k log w_k`` for the weights ``w`` on the
    simplex that make ``form`` (``coeff`` times the atom plus a rest) free of the linear
    parts of the ``u_k``: ``log(e^a + e^b) ≥ log 2 + (a + b)/2`` proves itself that way. None
    unless the ``u_k`` and the rest are linear in their symbols and the weights are unique."""
    if not isinstance(atom, sp.log) or coeff.free_symbols or not coeff.is_positive:
        return
    terms = exp_terms(atom.args[0])
    if terms is None or len(terms) < 2:
        return
    rest = sp.expand(form - coeff * atom)
    symbols = sorted(set().union(*(t.free_symbols for t in terms)), key=sp.default_sort_key)
    if not symbols or not all(_linear(t, symbols) for t in terms) or not _linear(rest, symbols):
        return
    w = sp.symbols(f"w0:{len(terms)}")
    equations = [sp.Add(*w) - 1]
    for s in symbols:
        equations.append(
            sp.diff(rest, s) + coeff * sp.Add(*[wk * sp.diff(t, s) for wk, t in zip(w, terms, strict=True)])
        )
    solutions = list(sp.linsolve(equations, w))
    if len(solutions) != 1 or any(v.free_symbols or v.is_negative for v in solutions[0]):
        return
    weights = solutions[0]
    if len(set(weights)) == 1:
        return  # uniform: the plain Jensen bound, tried anyway
    entropy = -sp.Add(*[v * sp.log(v) for v in weights if v != 0])
    yield sp.Add(*[v * t for v, t in zip(weights, terms, strict=True)]) + entropy, False, lib.LSE_JENSEN


def _linear(e: sp.Expr, symbols: list[sp.Symbol]) -> bool:
    return all(not sp.diff(e, s).free_symbols & set(symbols) for s in symbols)
