"""Limits of log Σ exp squeezed between the lemma's bounds, max u ≤ log Σ e^{u_k} ≤ max u + log n:
lim_{T→0⁺} T log(e^{a/T} + e^{b/T} + e^{c/T}) = max(a, b, c) for every a, b, c at once."""

from __future__ import annotations

import sympy as sp

import checks.prove.lemmas.library as lib
from checks.prove.lemmas.atoms import exp_terms

#: What a proof through a squeeze cites.
SQUEEZE = f"limit squeezed between the bounds of lemma: {lib.LSE_BELOW_MAX.name}"


def _side(var: sp.Symbol, point: sp.Expr, direction: str) -> tuple[sp.Expr, sp.Symbol] | None:
    """``var`` near ``point`` as a function of a positive ``w`` that tends to 0: point + w
    (from the right), point - w (from the left), 1/w at ∞, -1/w at -∞."""
    w = sp.Dummy("w", positive=True)
    if point is sp.oo:
        return 1 / w, w
    if point is sp.S.NegativeInfinity:
        return -1 / w, w
    if direction == "+" or (direction == "+-" and var.is_positive and point == 0):
        return point + w, w
    if direction == "-":
        return point - w, w
    return None


def _max_of(terms: list[sp.Expr], w: sp.Symbol) -> sp.Expr:
    """max of the ``terms``, with a common factor w^e (e = ±1) taken out: max(a/w, b/w) = max(a, b)/w."""
    for e in (-1, 1, 0):
        scaled = [sp.expand(t / w**e) for t in terms]
        if all(not s.has(w) for s in scaled):
            return w**e * sp.Max(*scaled)
    return sp.Max(*terms)


def _at_zero(e: sp.Expr, w: sp.Symbol) -> sp.Expr | None:
    """The value at w = 0 of ``e``, if ``e`` is a polynomial in ``w`` (exact for every value of
    the other symbols); None otherwise."""
    e = sp.expand(e)
    if not e.is_polynomial(w):
        return None
    return e.xreplace({w: sp.Integer(0)})


def squeezed(limit: sp.Limit) -> sp.Expr | None:
    """The limit's value where its body is linear in log Σ exp and both bounds of it tend
    exactly to one value (polynomials in the distance to the point); None otherwise."""
    body, var, point, direction = limit.args
    side = _side(var, point, str(direction))
    if side is None:
        return None
    near, w = side
    body = sp.expand(body.xreplace({var: near}), log=False)
    atoms = [a for a in body.atoms(sp.log) if (t := exp_terms(a.args[0])) is not None and len(t) >= 2]
    if len(atoms) != 1:
        return None
    (atom,) = atoms
    z = sp.Dummy("z")
    linear = body.xreplace({atom: z})
    if not linear.is_polynomial(z) or sp.degree(linear, z) != 1:
        return None
    terms = exp_terms(atom.args[0])
    assert terms is not None
    top = _max_of([sp.expand(t) for t in terms], w)
    low = _at_zero(linear.xreplace({z: top}), w)
    high = _at_zero(linear.xreplace({z: top + sp.log(len(terms))}), w)
    if low is None or high is None or sp.expand(low - high) != 0:
        return None
    return low


def squeeze_limits(expr: sp.Basic) -> sp.Basic | None:
    """``expr`` with every limit replaced by its squeezed value; None if one cannot be."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Limit):
        return None
    found: dict[sp.Basic, sp.Expr] = {}
    for limit in expr.atoms(sp.Limit):
        value = squeezed(limit)
        if value is None:
            return None
        found[limit] = value
    return expr.xreplace(found)
