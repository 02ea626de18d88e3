"""Σ with whole-number bounds written out term by term: the value of a sum at a concrete n.

``Sum.doit`` looks for a closed form first (partial fractions, hypergeometric terms), which on
the nested sums of an all-n step at n = 2 costs a second; writing the terms out is exact and
takes milliseconds. A sum whose bound variable is bound again inside it, or whose range is
reversed or too long, is left to ``doit``.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

#: Terms beyond which a sum is left to ``doit`` (the concrete sizes checked are small).
MOST_TERMS = 4096


def written_out(expr: Any) -> Any:
    """``expr`` with every Σ of whole-number bounds replaced by the sum of its terms, inner
    sums included, then anything left (derivatives, other sums) carried out by ``doit``."""
    if not isinstance(expr, sp.Basic):
        return expr
    out = _unroll(expr)
    return out.doit() if out.has(sp.Sum, sp.Product, sp.Derivative, sp.Integral) else out


def _unroll(e: sp.Basic) -> sp.Basic:
    if not e.args:
        return e
    if isinstance(e, sp.Sum):
        # The last limit is the outermost; SymPy merges Σ_j Σ_i f into one Sum of both limits.
        k, lo, hi = e.limits[-1]
        body = sp.Sum(e.function, *e.limits[:-1]) if len(e.limits) > 1 else e.function
        if _writable(k, lo, hi, body):
            return sp.Add(*(_unroll(body.xreplace({k: sp.Integer(i)})) for i in range(int(lo), int(hi) + 1)))
    return e.func(*(_unroll(a) for a in e.args))


def _writable(k: sp.Symbol, lo: sp.Expr, hi: sp.Expr, body: sp.Expr) -> bool:
    if not (lo.is_Integer and hi.is_Integer) or not 0 <= int(hi) - int(lo) + 1 <= MOST_TERMS:
        return False
    # xreplace would also rename an inner sum's own bound variable of the same name.
    return not any(k in s.variables for s in body.atoms(sp.Sum, sp.Product))
