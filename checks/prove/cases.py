"""Case splits: on the sign of the argument of Abs and sign, on the order of two arguments of
Max and Min, on integer and fractional parts for floor and ceiling, and on the pieces of a
declared range. Each split returns cases whose proofs together prove the claim.

Why a split covers every point: a split on ``u`` (the argument of ``Abs(u)``, or ``u1 - u2``
for ``Max(u1, u2, …)``) picks a variable ``x`` of ``u`` and cuts ``x``'s span where ``u``
changes sign, into closed ends, cut points and open or half-open parts, each the exact image
of a fresh ``s >= 0`` or ``t > 0`` (:mod:`checks.prove.domains`). Where ``u`` has one sign on a
part, the atom is replaced by its value there (``Abs(u) -> u``), which is exact on that part.
A variable whose split cannot be written so (``Abs(a*b - 1)``) is not split: the claim is then
left to the other strategies, never taken as proved. For floor and ceiling of ``c·x + e``
(``c``, ``e`` rational), ``x = M·(k + τ)`` with ``k`` an integer and ``0 <= τ < 1`` covers the
reals (``k = floor(x/M)``), ``τ``'s interval is cut where an argument is an integer, and each
atom has one integer value on each open part (its ends are cases of their own, ``τ = 0`` too).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from checks.prove.domains import REAL_LINE, Ranges, Span, above, below, ends, pieces_of, span_of

#: The atoms whose value depends on the sign of one expression.
ORDER_ATOMS = (sp.Abs, sp.sign, sp.Max, sp.Min)
ROUNDING_ATOMS = (sp.floor, sp.ceiling)


@dataclass(frozen=True)
class Split:
    """How a claim was split, and the cases (each to be proved for all its variables)."""

    on: str
    cases: tuple[sp.Expr, ...]


def split(d: sp.Expr, ranges: Ranges | None) -> Split | None:
    """The first split that applies to ``d``: order atoms, then rounding, then ranges, then
    the sign of a variable ranging over all the reals."""
    found = _order_split(d, ranges) or _rounding_split(d) or _range_split(d, ranges) or _sign_split(d, ranges)
    if found is None:
        return None
    return Split(found.on, tuple(tidy(case) for case in found.cases))


def tidy(e: sp.Expr) -> sp.Expr:
    """The arguments of log and exp and the bases of fractional powers brought to lowest terms
    (``log((t/(1 + t))/(1/(1 + t))) -> log(t)``), the whole over one denominator: equal values,
    in a form SymPy reads better (positive factors of the denominator peel off)."""

    def lowest(a: sp.Expr) -> sp.Expr:
        return sp.factor(sp.cancel(a)) if a.free_symbols else a

    e = e.replace(lambda a: isinstance(a, sp.log | sp.exp), lambda a: type(a)(lowest(a.args[0])))
    e = e.replace(
        lambda a: isinstance(a, sp.Pow) and a.exp.is_Rational and not a.exp.is_Integer,
        lambda a: sp.Pow(lowest(a.base), a.exp),
    )
    return sp.together(e)


def has_atoms(d: sp.Expr) -> bool:
    """Whether ``d`` has atoms a case split is about (Abs, sign, Max, Min, floor, ceiling)."""
    return bool(d.has(*ORDER_ATOMS, *ROUNDING_ATOMS))


def _branch(atom: sp.Expr, sigma: int) -> tuple[sp.Expr, sp.Expr]:
    """The expression whose sign decides ``atom``, and the atom's value where that sign is
    ``sigma`` (+1, 0, -1)."""
    if isinstance(atom, sp.Abs):
        return atom.args[0], sigma * atom.args[0]
    if isinstance(atom, sp.sign):
        return atom.args[0], sp.Integer(sigma)
    u1, u2, *rest = atom.args
    keep_first = (sigma >= 0) == isinstance(atom, sp.Max)
    return u1 - u2, type(atom)(u1 if keep_first else u2, *rest)


def _name(atom: sp.Expr) -> str:
    return "Max/Min" if isinstance(atom, sp.Max | sp.Min) else type(atom).__name__


def _order_split(d: sp.Expr, ranges: Ranges | None) -> Split | None:
    """Split on the first order atom whose argument's sign is known (one case) or can be cut
    out exactly; failing that, cut on a linear factor of an argument (``a**2 - b**2`` on
    ``a - b``, then on ``a + b``), after which the sign of the whole is known."""
    atoms = sorted(d.atoms(*ORDER_ATOMS), key=lambda a: (sp.count_ops(a), sp.default_sort_key(a)))
    # Real where defined: the factors dropped from a condition have a known sign, so are real.
    conditions = [(atom, u) for atom in atoms if (u := _condition(atom)).is_real]
    for atom, u in conditions:
        sigma = _known_sign(u, isinstance(atom, sp.sign))
        if sigma is not None:
            return Split(f"case split on {_name(atom)}", (d.xreplace({atom: _branch(atom, sigma)[1]}),))
        for x in _variables(u, ranges):
            cases = _cut(d, atom, u, x, ranges)
            if cases is not None:
                return Split(f"case split on {_name(atom)}", tuple(cases))
    for atom, u in conditions:
        for factor in sp.Mul.make_args(sp.factor(u)):
            base = factor.as_base_exp()[0]
            if _known_sign(base, False) is not None:
                continue
            for x in _variables(base, ranges):
                linear = _linear_root(base, x)
                span = span_of(x, ranges)
                if linear is not None and span is not None:
                    c, root = linear
                    cases = _cut_at_expression(d, None, x, span, root, 1 if c > 0 else -1)
                    return Split(f"case split on {_name(atom)}", tuple(cases))
    return None


def _condition(atom: sp.Expr) -> sp.Expr:
    """An expression with the sign of the one deciding ``atom``: its factors of known sign
    dropped (``(X0 - X1)·(s + 1)/(X0 + X1 + X2) -> X0 - X1`` for positive ``X``, ``s``)."""
    u = _branch(atom, 1)[0]
    kept, sign = [], 1
    for factor in sp.Mul.make_args(sp.factor(u)):
        base, k = factor.as_base_exp()
        known = _known_sign(base, True) if k.is_Integer else None
        if known in (1, -1) and k.is_Integer:
            sign = sign if known == 1 or k.is_even else -sign
        else:
            kept.append(factor)
    return sp.expand(sign * sp.Mul(*kept)) if len(kept) < len(sp.Mul.make_args(sp.factor(u))) else u


def _known_sign(u: sp.Expr, strict: bool) -> int | None:
    """The sign of ``u`` where SymPy's assumptions know it from its factors: +1 or -1 (``>= 0``
    or ``<= 0``; with ``strict``, ``> 0`` or ``< 0``, and 0 for zero), else None."""
    f = sp.factor(u)
    if strict:
        return 1 if f.is_positive else -1 if f.is_negative else 0 if f.is_zero else None
    return 1 if f.is_nonnegative else -1 if f.is_nonpositive else None


def _variables(u: sp.Expr, ranges: Ranges | None) -> list[sp.Symbol]:
    """The variables of ``u`` to cut on, best first: one whose cut point is known to lie in
    its span (its pieces are then exact, no wider than the span), then a bounded variable,
    then one ranging over all the reals, then the others (their pieces may be wider: sound,
    but what holds only on the span may not be proved)."""

    def rank(x: sp.Symbol) -> tuple[int, int, str]:
        span = span_of(x, ranges)
        assert span is not None
        bounded = 0 if span.lo != -sp.oo and span.hi != sp.oo else 1 if span.lo == -sp.oo else 2
        return (0 if _root_fits(u, x, span) else 1, bounded, x.name)

    symbols = [x for x in u.free_symbols if isinstance(x, sp.Symbol) and span_of(x, ranges) is not None]
    return sorted(symbols, key=rank)


def _root_fits(u: sp.Expr, x: sp.Symbol, span: Span) -> bool:
    """``u = c·(x - root)`` with ``root`` known to lie in the closure of ``x``'s span."""
    linear = _linear_root(u, x)
    if linear is None:
        return False
    root = linear[1]
    low = span.lo == -sp.oo or bool((root - span.lo).is_nonnegative)
    high = span.hi == sp.oo or bool((span.hi - root).is_nonnegative)
    return low and high


def _cut(d: sp.Expr, atom: sp.Expr, u: sp.Expr, x: sp.Symbol, ranges: Ranges | None) -> list[sp.Expr] | None:
    """The cases of ``d`` cut on ``x`` where ``u``, which has the sign deciding ``atom``,
    changes sign (None if not exactly)."""
    span = span_of(x, ranges)
    assert span is not None
    roots = _rational_roots(u, x)
    if roots is not None:
        return _cut_at_numbers(d, atom, u, x, span, roots)
    linear = _linear_root(u, x)
    if linear is None:
        return None
    c, root = linear
    return _cut_at_expression(d, atom, x, span, root, 1 if c > 0 else -1)


def _rational_roots(u: sp.Expr, x: sp.Symbol) -> list[sp.Rational] | None:
    """Where ``u`` (a rational function of ``x`` alone, rational coefficients) can change sign,
    if every such point is rational: the real roots of its numerator and denominator."""
    if u.free_symbols != {x}:
        return None
    num, den = sp.fraction(sp.cancel(sp.together(u)))
    out: set[sp.Rational] = set()
    for part in (num, den):
        try:
            p = sp.Poly(part, x)
        except sp.PolynomialError:
            return None
        if not (p.domain.is_ZZ or p.domain.is_QQ) or p.degree() > 12:
            return None
        if p.degree() < 1:
            continue
        rational = set(sp.roots(p, filter="Q"))
        if len(rational) != p.sqf_part().count_roots():
            return None  # an irrational real root: no exact rational cut
        out |= rational
    return sorted(out)


def _linear_root(u: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """``u = c·(x - root)`` with ``c`` a nonzero real number and ``root`` free of ``x``."""
    u = sp.expand(u)
    c = u.diff(x)
    if not (c.is_number and c.is_real and c.is_comparable and c != 0):
        return None
    rest = sp.expand(u - c * x)
    if rest.has(x):
        return None
    return c, -rest / c


def _cut_at_numbers(
    d: sp.Expr, atom: sp.Expr, u: sp.Expr, x: sp.Symbol, span: Span, roots: list[sp.Rational]
) -> list[sp.Expr] | None:
    """Cut ``x``'s (numeric) span at the rational points where ``u`` may change sign: each
    inner point and closed end a case, each open part one with ``atom`` at its value there."""
    inner = [r for r in roots if span.contains(r) and r not in (span.lo, span.hi)]
    cuts = [span.lo, *inner, span.hi]
    cases = [d.subs(x, point) for point in [*ends(span), *inner]]
    for lo, hi in itertools.pairwise(cuts):
        part = Span(lo, hi)
        inside = pieces_of(part, x.name)[-1].value
        sigma = _sign_at(u, x, part)
        if sigma is None:
            return None  # a part whose sign is unknown: no split (never an empty one)
        _, value = _branch(atom, sigma)
        cases.append(d.xreplace({atom: value}).subs(x, inside))
    return cases


def _sign_at(u: sp.Expr, x: sp.Symbol, part: Span) -> int | None:
    """The sign of ``u`` on an open part where it has no root, read at a rational point."""
    if part.lo == -sp.oo and part.hi == sp.oo:
        q: sp.Expr = sp.Integer(0)
    elif part.lo == -sp.oo:
        q = part.hi - 1
    elif part.hi == sp.oo:
        q = part.lo + 1
    else:
        q = (part.lo + part.hi) / 2
    value = u.subs(x, q)
    if not value.is_Rational or value == 0:
        return None
    return 1 if value > 0 else -1


def _cut_at_expression(
    d: sp.Expr, atom: sp.Expr | None, x: sp.Symbol, span: Span, root: sp.Expr, c_sign: int
) -> list[sp.Expr]:
    """Cut at ``x = root`` (``u = c·(x - root)``): below, above and, for ``sign``, the root;
    ``atom`` (if given) at its value on each side."""
    strict = isinstance(atom, sp.sign)
    low_sigma, high_sigma = -c_sign, c_sign
    cases = [d.subs(x, e) for e in ends(span)]
    for value, sigma in ((below(span, root, strict), low_sigma), (above(span, root, strict), high_sigma)):
        branched = d if atom is None else d.xreplace({atom: _branch(atom, sigma)[1]})
        cases.append(branched.subs(x, value))
    if strict:
        cases.append(d.xreplace({atom: sp.Integer(0)}).subs(x, root))
    return cases


def _rounding_split(d: sp.Expr) -> Split | None:
    """Split on integer and fractional parts of the first variable inside floor or ceiling."""
    atoms = sorted(d.atoms(*ROUNDING_ATOMS), key=sp.default_sort_key)
    for atom in atoms:
        for x in sorted(atom.args[0].free_symbols, key=sp.default_sort_key):
            if isinstance(x, sp.Symbol) and x.is_real:
                cases = _integer_parts(d, x)
                if cases:
                    return Split("case split on floor/ceiling (integer and fractional parts)", tuple(cases))
    return None


def _linear_in(arg: sp.Expr, x: sp.Symbol) -> tuple[sp.Rational, sp.Rational] | None:
    """``arg = c·x + e`` with rational ``c != 0`` and ``e``."""
    if arg.free_symbols != {x}:
        return None
    try:
        p = sp.Poly(arg, x)
    except sp.PolynomialError:
        return None
    if p.degree() != 1 or not (p.domain.is_ZZ or p.domain.is_QQ):
        return None
    c, e = p.all_coeffs()
    return sp.Rational(c), sp.Rational(e)


def _integer_parts(d: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    """The cases of ``x = M·(k + τ)``: ``k`` an integer; ``τ`` each point where an argument is
    an integer (0 among them) and each open part between (for an integer ``x``, the points
    ``j/M`` only). ``M`` makes every ``c·M`` an integer, so ``floor(c·x + e) = c·M·k +
    floor(c·M·τ + e)``."""
    linear: dict[sp.Expr, tuple[sp.Rational, sp.Rational]] = {}
    for atom in d.atoms(*ROUNDING_ATOMS):
        found = _linear_in(atom.args[0], x)
        if found is not None:
            linear[atom] = found
    if not linear:
        return []
    m = math.lcm(*[int(c.q) for c, _ in linear.values()])
    k = sp.Dummy("k", integer=True)
    cuts: set[sp.Rational] = {sp.Integer(0)}
    if x.is_integer:
        cuts |= {sp.Rational(j, m) for j in range(m)}
    else:
        for c, e in linear.values():
            slope = c * m  # an integer
            for j in range(int(sp.floor(min(e, slope + e))), int(sp.ceiling(max(e, slope + e))) + 1):
                tau = (j - e) / slope
                if 0 <= tau < 1:
                    cuts.add(tau)
    points = sorted(cuts)
    cases = [_at_fraction(d, x, m, k, linear, tau, tau) for tau in points]
    if not x.is_integer:
        for lo, hi in zip(points, [*points[1:], sp.Integer(1)], strict=True):
            inside = pieces_of(Span(lo, hi), "τ")[-1].value
            cases.append(_at_fraction(d, x, m, k, linear, inside, (lo + hi) / 2))
    return cases


def _at_fraction(
    d: sp.Expr,
    x: sp.Symbol,
    m: int,
    k: sp.Symbol,
    linear: dict[sp.Expr, tuple[sp.Rational, sp.Rational]],
    tau: sp.Expr,
    probe: sp.Rational,
) -> sp.Expr:
    """``d`` at ``x = m·(k + tau)``, each rounding atom at its integer value, read at ``probe``
    (a point of the same piece, where no argument is an integer unless ``tau`` is that point)."""
    values: dict[sp.Expr, sp.Expr] = {}
    for atom, (c, e) in linear.items():
        rounding: Callable[[sp.Expr], sp.Expr] = sp.floor if isinstance(atom, sp.floor) else sp.ceiling
        values[atom] = c * m * k + rounding(c * m * probe + e)
    return d.xreplace(values).subs(x, m * (k + tau))


def _range_split(d: sp.Expr, ranges: Ranges | None) -> Split | None:
    """A bounded variable of ``d`` rewritten over its pieces (``p = t/(1 + t)``, the ends)."""
    if not ranges:
        return None
    for x in sorted(d.free_symbols & set(ranges), key=sp.default_sort_key):
        span = ranges[x]
        if span.numeric and span.lo != -sp.oo and span.hi != sp.oo:
            pieces = pieces_of(span, x.name)
            texts = "; ".join(p.text for p in pieces)
            return Split(f"interval variable {texts}", tuple(d.subs(x, p.value) for p in pieces))
    return None


def _sign_split(d: sp.Expr, ranges: Ranges | None) -> Split | None:
    """A variable ranging over all the reals as ``s`` and ``-s`` with ``s >= 0`` (an exact
    cover): what holds for reasons of sign (``x·tanh(x) >= 0``) then has signs SymPy sees."""
    for x in sorted(d.free_symbols, key=sp.default_sort_key):
        if isinstance(x, sp.Symbol) and span_of(x, ranges) == REAL_LINE:
            s = sp.Dummy("s", nonnegative=True)
            return Split(f"case split on the sign of {x}", (d.subs(x, s), d.subs(x, -s)))
    return None
