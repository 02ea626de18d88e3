"""Rewrites for the sign of a difference: Max/Min cases, log-sum-exp shifts, bounds of atoms,
Σ = 1 spread, monotone peeling. Each returns candidates whose sign implies the original's."""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp


def max_min_cases(d: sp.Expr) -> list[sp.Expr] | None:
    """Split on the first Max/Min of symbols: one case per argument being the extreme one.

    In the case "x_i is the max", every other argument x_j is written ``x_i - t_j`` with
    ``t_j >= 0``, so ``Max`` evaluates; the cases cover all orderings.
    """
    found = next(iter(d.atoms(sp.Max, sp.Min)), None)
    if found is None or not all(isinstance(a, sp.Symbol) and a.is_real for a in found.args):
        return None
    sign = -1 if isinstance(found, sp.Max) else 1
    cases = []
    for top in found.args:
        gaps = {
            other: top + sign * sp.Dummy(f"t_{other}", nonnegative=True)
            for other in found.args
            if other != top
        }
        cases.append(d.subs(gaps))
    return cases


def lse_shift(d: sp.Expr) -> list[sp.Expr]:
    """``log Σ_k exp(u_k) = u_j + log Σ_k exp(u_k - u_j)``, one candidate per choice of ``j``.

    Exact for real ``u``; factoring out the largest term is how LogSumExp bounds are proved.
    """
    logs = [
        e
        for e in d.atoms(sp.log)
        if isinstance(e.args[0], sp.Add)
        and all(isinstance(t, sp.exp) and t.args[0].is_real for t in e.args[0].args)
    ]
    if not logs:
        return []
    target = logs[0]
    terms = target.args[0].args
    out = []
    # After a case split the largest term is the one with the fewest symbols: try it first.
    for pivot in sorted(terms, key=lambda t: (len(t.free_symbols), sp.default_sort_key(t))):
        u = pivot.args[0]
        shifted = u + sp.log(sp.Add(*[sp.exp(sp.expand(t.args[0] - u)) for t in terms]))
        out.append(sp.expand(d.xreplace({target: shifted})))
    return out


#: Known bounds of an atom: (type, applies to, lower, lower is strict, upper, upper is strict).
_BOUNDS: tuple[
    tuple[
        type,
        Callable[[sp.Expr], bool],
        Callable[[sp.Expr], sp.Expr | None],
        bool,
        Callable[[sp.Expr], sp.Expr | None],
        bool,
    ],
    ...,
] = (
    (
        sp.exp,
        lambda a: bool(a.args[0].is_nonpositive),
        lambda a: sp.Integer(0),
        True,
        lambda a: sp.Integer(1),
        False,
    ),
    (
        sp.log,
        lambda a: bool(a.args[0].is_positive),
        lambda a: 1 - 1 / a.args[0],
        False,
        lambda a: a.args[0] - 1,
        False,
    ),
    (
        sp.ceiling,
        lambda a: bool(a.args[0].is_real),
        lambda a: a.args[0],
        False,
        lambda a: a.args[0] + 1,
        True,
    ),
    (sp.floor, lambda a: bool(a.args[0].is_real), lambda a: a.args[0] - 1, True, lambda a: a.args[0], False),
)


def bound_atoms(d: sp.Expr, strict: bool) -> list[tuple[sp.Expr, bool]]:
    """Replace atoms that ``d`` depends on linearly by the bound that can only lower ``d``.

    ``exp(w) ∈ (0, 1]`` for ``w <= 0``; ``log u <= u - 1``; ``u <= ceiling(u) < u + 1``;
    ``u - 1 < floor(u) <= u``. Where ``d`` rises with the atom its lower bound goes in, where it
    falls its upper bound, so the result ``d'`` is at most ``d`` and ``d' >= 0`` proves
    ``d >= 0``; if a strict bound was used, ``d' >= 0`` even proves ``d > 0``. Returns
    ``(d', strict_needed)``.
    """
    bounded = sp.expand(d, log=False)
    used_strict = False
    changed = False
    for kind, applies, lower, lower_strict, upper, upper_strict in _BOUNDS:
        for atom in sorted(bounded.atoms(kind), key=sp.default_sort_key):
            if not applies(atom):
                continue
            z = sp.Dummy("z")
            poly = bounded.xreplace({atom: z})
            if not poly.is_polynomial(z) or sp.degree(poly, z) != 1:
                continue
            coeff = poly.coeff(z, 1)
            if coeff.is_nonpositive:
                bound, is_strict = upper(atom), upper_strict and bool(coeff.is_negative)
            elif coeff.is_nonnegative:
                bound, is_strict = lower(atom), lower_strict and bool(coeff.is_positive)
            else:
                continue
            if bound is None:
                continue
            bounded, changed = sp.expand(poly.xreplace({z: bound}), log=False), True
            used_strict = used_strict or is_strict
    return [(bounded, strict and not used_strict)] if changed else []


def spread_over_sum(d: sp.Expr, after: dict[sp.Symbol, sp.Expr]) -> list[sp.Expr]:
    """With ``Σ p = 1`` (``after`` maps the last ``p`` to ``1 - Σ others``): each term free of
    the ``p`` times ``Σ p``, then the logs that share a weight combined, one candidate per sum:
    ``log 3 + Σ p_i log p_i = Σ p_i log(3 p_i)``, which the bounds of log then settle."""
    out = []
    expanded = sp.expand(d)
    for last, rest in after.items():
        total = last + 1 - rest
        weights = total.free_symbols
        constant = sp.Add(*[t for t in sp.Add.make_args(expanded) if not t.free_symbols & weights])
        if constant == 0:
            continue
        spread = sp.expand(expanded - constant + constant * total)
        groups: dict[sp.Expr, list[sp.Expr]] = {}
        others = []
        for term in sp.Add.make_args(spread):
            logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
            if len(logs) != 1 or not logs[0].args[0].is_positive:
                others.append(term)
                continue
            weight = sp.Mul(*[f for f in sp.Mul.make_args(term) if f is not logs[0]])
            groups.setdefault(weight, []).append(logs[0].args[0])
        combined = [w * sp.log(sp.Mul(*args)) for w, args in groups.items()]
        out.append(sp.Add(*others, *combined))
    return out


def peeled(d: sp.Expr) -> list[sp.Expr]:
    peeled = _peel(d)
    return [] if peeled is None else [peeled]


def _peel(d: sp.Expr) -> sp.Expr | None:
    """Reduce the sign of ``d`` through positive factors and monotone functions.

    ``c·e`` with ``c > 0`` has the sign of ``e``; ``log u - log v`` (u, v > 0) has the sign of
    ``u - v``; ``exp u - exp v`` that of ``u - v``; a positive constant ``c`` stands for
    ``log(exp c)`` or ``exp(log c)`` to match the other term.
    """
    d = sp.factor_terms(d)
    if isinstance(d, sp.Mul):
        # Positive factors leave the sign alone; each negative factor flips it.
        kept = [f for f in d.args if not (f.is_positive or f.is_negative)]
        flips = sum(1 for f in d.args if f.is_negative)
        if len(kept) < len(d.args):
            rest = sp.Mul(*kept)
            return sp.expand(-rest) if flips % 2 else rest
        return None
    if not isinstance(d, sp.Add) or len(d.args) != 2:
        return None
    pos = [t for t in d.args if not t.could_extract_minus_sign()]
    neg = [-t for t in d.args if t.could_extract_minus_sign()]
    if len(pos) != 1 or len(neg) != 1:
        return None
    (a,), (b,) = pos, neg
    for func, inverse in ((sp.log, sp.exp), (sp.exp, sp.log)):
        if isinstance(a, func) or isinstance(b, func):
            ua = a.args[0] if isinstance(a, func) else (inverse(a) if a.is_positive else None)
            ub = b.args[0] if isinstance(b, func) else (inverse(b) if b.is_positive else None)
            if ua is None or ub is None:
                return None
            if func is sp.log and not (ua.is_positive and ub.is_positive):
                return None
            if not (ua.is_real and ub.is_real):  # e^{1 + ix} and e^{-ix} have no order
                return None
            return sp.expand(ua - ub)
    return None
