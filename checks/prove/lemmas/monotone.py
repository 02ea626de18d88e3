"""The first-derivative test: a smooth function of one variable that falls before a point and
rises after it is at least its value there (a boundary point: rises after it)."""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from checks.prove.constant_sign import constant_sign

#: Functions smooth wherever their arguments are (the guard below checks those arguments).
_SMOOTH = (sp.exp, sp.tanh, sp.sinh, sp.cosh, sp.atan, sp.sin, sp.cos)

#: Proves ``e >= 0`` (``> 0`` when told) for every value of its symbols: the method, or None.
Prover = Callable[[sp.Expr, bool], "str | None"]

#: At most this many critical points are tried.
MAX_POINTS = 3


def _smooth(e: sp.Expr) -> bool:
    """Whether ``e`` is differentiable wherever its symbols' assumptions allow: every
    denominator, log argument and base of a fractional power is positive there (or, for an
    integer power, of one sign), and no other function occurs (no Abs, Max, floor, …)."""
    for sub in sp.preorder_traversal(e):
        if sub.is_Atom or sub.is_Add or sub.is_Mul:
            continue
        if sub.is_Pow:
            if sub.exp.is_Integer:
                ok = sub.exp >= 0 or bool(sub.base.is_positive or sub.base.is_negative)
            else:
                ok = bool(sub.base.is_positive)
        elif isinstance(sub, sp.log):
            ok = bool(sub.args[0].is_positive)
        else:
            ok = isinstance(sub, _SMOOTH)
        if not ok:
            return False
    return True


def _variable(d: sp.Expr) -> tuple[sp.Expr, sp.Symbol, bool, str] | None:
    """``d`` in one real variable ``y``, whether ``y`` runs over [0, ∞) (True), (0, ∞) (False)
    or the whole line (None in place of the flag is not used: see the caller), and how the
    method names it. A positive integer ``H`` becomes ``1 + y`` with ``y ≥ 0`` real: what holds
    for every real H ≥ 1 holds at every integer."""
    if len(d.free_symbols) != 1:
        return None
    (x,) = d.free_symbols
    if x.is_integer and x.is_positive:
        y = sp.Dummy("y", nonnegative=True)
        return d.xreplace({x: 1 + y}), y, True, f"{x} real ≥ 1"
    if x.is_positive or x.is_real:
        return d, x, False, ""
    return None


#: Points tried as critical points where ``sympy.solve`` finds none (e^x - e^-x - 2x = 0 at 0).
_SIMPLE_POINTS = (0, 1, -1, 2, -2, sp.Rational(1, 2), sp.E)


def _critical_points(d1: sp.Expr, y: sp.Symbol, bounded: bool) -> list[sp.Expr]:
    """Real zeros of ``d1`` inside the domain: SymPy's solutions, or simple points where ``d1``
    vanishes exactly."""
    numerator = sp.numer(sp.together(d1))
    if numerator.is_polynomial(y):
        # (solve is given nothing else: on transcendental equations it may run for long)
        try:
            found = list(sp.solve(numerator, y))
        except (NotImplementedError, ValueError, TypeError):
            found = []
    else:
        found = [c for c in map(sp.sympify, _SIMPLE_POINTS) if sp.simplify(d1.xreplace({y: c})) == 0]
    points = [
        c
        for c in found
        if c.is_real and c.is_finite and not c.free_symbols and (not bounded or c.is_positive)
    ]
    return sorted(points, key=sp.default_sort_key)[:MAX_POINTS]


def derivative_test(d: sp.Expr, strict: bool, prove: Prover) -> str | None:
    """``d >= 0`` (``> 0`` if ``strict``) for every value of its one variable, by the
    first-derivative test at the lower end of its domain (0 for a positive variable, 1 for a
    positive integer) or at a critical point; the method's words, or None. ``prove`` proves a
    sign for every value of the symbols it is given, and answers its method (None: not proved)."""
    found = _variable(d)
    if found is None:
        return None
    e, y, closed, named = found
    (x,) = d.free_symbols
    e, y, root = _without_roots(e, y)
    bounded = closed or bool(y.is_positive)
    if not _smooth(e):
        return None
    d1 = sp.factor(sp.together(sp.diff(e, y)))
    t = sp.Dummy("t", positive=True)
    shown = f" ({named})" if named else ""
    if bounded and _smooth(e.xreplace({y: sp.Dummy("s", nonnegative=True)})):
        inner = _rises_from_zero(e, d1, y, t, strict, closed, prove)
        if inner is not None:
            return f"first-derivative test from {x.name} = {1 if closed else 0}{shown}{_within(inner)}"
    for c in _critical_points(d1, y, bounded):
        inner = _minimum_at(e, d1, y, bounded, c, t, strict, prove)
        if inner is not None:
            point = 1 + c if closed else c**root
            return f"first-derivative test at {x.name} = {point}{shown}{_within(inner)}"
    return None


def _without_roots(e: sp.Expr, y: sp.Symbol) -> tuple[sp.Expr, sp.Symbol, int]:
    """``e`` with a positive ``y = u^k`` where ``y`` has fractional powers (sqrt(y) = u for
    k = 2), so that its derivative is rational in ``u``; ``k`` is 1 if there are none."""
    if not y.is_positive:
        return e, y, 1
    k = 1
    for power in e.atoms(sp.Pow):
        if power.base == y and power.exp.is_Rational:
            k = int(sp.ilcm(k, power.exp.q))
    if k == 1:
        return e, y, 1
    u = sp.Dummy("u", positive=True)
    return sp.expand_log(sp.powdenest(e.xreplace({y: u**k}), force=True), force=True), u, k


def _within(methods: list[str]) -> str:
    cited = [m for m in methods if "lemma" in m or "derivative test" in m]
    return f" ({'; '.join(dict.fromkeys(cited))})" if cited else ""


def _rises_from_zero(
    e: sp.Expr, d1: sp.Expr, y: sp.Symbol, t: sp.Dummy, strict: bool, closed: bool, prove: Prover
) -> list[str] | None:
    """e(0) ≥ 0 and e' ≥ 0 for y > 0; for a strict claim e(0) > 0, or, where 0 itself is
    outside the domain (``closed`` False), e(0) = 0 and e' > 0 for y > 0. The methods that
    proved the sign of e', or None."""
    start = sp.simplify(e.xreplace({y: sp.Integer(0)}))
    # (The signs of these constants are certified: SymPy's own come from a few digits.)
    if not (start.is_finite and constant_sign(start, False)):
        return None
    positive = bool(constant_sign(start, True))
    if strict and not positive and (closed or start != 0):
        return None
    method = prove(d1.xreplace({y: t}), bool(strict and not positive))
    return None if method is None else [method]


def _minimum_at(
    e: sp.Expr, d1: sp.Expr, y: sp.Symbol, bounded: bool, c: sp.Expr, t: sp.Dummy, strict: bool, prove: Prover
) -> list[str] | None:
    """e(c) ≥ 0 (> 0 for a strict claim), e' ≥ 0 above c, e' ≤ 0 below c down to the domain's
    lower end 0 (y = c/(1 + t) runs over (0, c)) or over the whole line (y = c - t)."""
    value = sp.simplify(e.xreplace({y: c}))
    if not (value.is_finite and constant_sign(value, strict)):
        return None
    below = c / (1 + t) if bounded else c - t
    above = prove(d1.xreplace({y: c + t}), False)
    if above is None:
        return None
    falling = prove(-d1.xreplace({y: below}), False)
    return None if falling is None else [above, falling]
