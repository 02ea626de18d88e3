"""The oracle's evaluation: SymPy carries out derivatives and sums, mpmath evaluates in 50 and
100 digits. Nothing here comes from the engine (``checks``'s evaluators are what is tested)."""

from __future__ import annotations

import warnings
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from benchmarks.mutation.points import Point

#: The two precisions a difference must agree in.
DIGITS = (50, 100)

#: Functions whose value jumps: at a point where one's argument is 0, a derivative of the chain
#: does not exist and nothing there is evidence.
_KINKS = (sp.Heaviside, sp.DiracDelta, sp.sign)


class CannotEvaluate(Exception):
    """An expression the oracle cannot carry out at this size (a range it cannot read, an index
    outside the vector)."""


def entries(expr: Any) -> list[sp.Expr]:
    """A slot's value as a flat list of entries (row by row)."""
    if isinstance(expr, sp.MatrixBase):
        return [sp.sympify(e) for e in expr]
    return [sp.sympify(expr)]


def carry_out(expr: Any) -> list[sp.Expr]:
    """The entries with every derivative carried out by SymPy."""
    return [e.doit() if e.has(sp.Derivative) else e for e in entries(expr)]


def _expand(function: sp.Expr, limits: list[tuple[Any, Any, Any]]) -> sp.Expr:
    """A sum with concrete bounds written out (the last limit is the outermost); a reversed range
    is empty."""
    if not limits:
        return expand_sums(function)
    *inner, (var, lo, hi) = limits
    if not (sp.sympify(lo).is_Integer and sp.sympify(hi).is_Integer):
        raise CannotEvaluate(f"the range {lo}..{hi} of {var} is not concrete")
    terms = []
    for value in range(int(lo), int(hi) + 1):
        # subs, not xreplace: an inner Σ that binds the same letter keeps it.
        body = function.subs(var, value)
        bounds = [(w, sp.sympify(a).subs(var, value), sp.sympify(b).subs(var, value)) for w, a, b in inner]
        terms.append(_expand(body, bounds))
    return sp.Add(*terms)


def expand_sums(expr: Any) -> Any:
    """Every Σ with concrete bounds written out as its terms."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Sum):
        return expr
    if isinstance(expr, sp.Sum):
        return _expand(expr.function, [tuple(lim) for lim in expr.limits])
    return expr.func(*[expand_sums(a) for a in expr.args])


def concrete_entry(expr: Any, at: dict[sp.Symbol, int], vectors: dict[str, tuple[sp.Symbol, ...]]) -> sp.Expr:
    """An all-n expression at a size and index tuple: n and the free indices put in, sums written
    out, vector entries ``x[k]`` made the symbols ``x_k``, derivatives carried out."""
    placed = sp.sympify(expr).xreplace(at)
    written = expand_sums(placed)
    replacements = {}
    for atom in written.atoms(sp.Indexed):
        name, index = str(atom.base.label), atom.indices[0]
        if name not in vectors or not index.is_Integer or not 0 <= int(index) < len(vectors[name]):
            raise CannotEvaluate(
                f"{atom} is not an entry of a vector of size {len(next(iter(vectors.values())))}"
            )
        replacements[atom] = vectors[name][int(index)]
    entry = written.xreplace(replacements)
    if entry.has(sp.Subs):
        raise CannotEvaluate("SymPy left a substitution undone")
    return entry.doit() if entry.has(sp.Derivative) else entry


class Values:
    """Entries compiled for mpmath once; evaluated at exact points in 50 and 100 digits."""

    def __init__(self, exprs: list[sp.Expr], symbols: tuple[sp.Symbol, ...]) -> None:
        self.exprs = exprs
        self.symbols = symbols
        self._funcs: list[Any] | None = None
        self.kinks = [k.args[0] for e in exprs for k in e.atoms(*_KINKS)]

    def _compiled(self) -> list[Any]:
        if self._funcs is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._funcs = [sp.lambdify(self.symbols, e, modules="mpmath") for e in self.exprs]
        return self._funcs

    def at(self, point: Point, digits: int) -> list[mpmath.mpf | None]:
        """Each entry's value (None where it is undefined, infinite or not real)."""
        with mpmath.workdps(digits):
            args = [_mp(point[s]) for s in self.symbols]
            out: list[mpmath.mpf | None] = []
            for f in self._compiled():
                out.append(_real(f, args))
            return out

    def at_kink(self, point: Point) -> bool:
        """Whether a jump function sits exactly on its jump at ``point``."""
        exact = {s: sp.Rational(q.numerator, q.denominator) for s, q in point.items()}
        for arg in self.kinks:
            value = sp.sympify(arg).xreplace(exact)
            if value == 0 or (value.is_number and abs(sp.N(value, 30)) < sp.Float("1e-25")):
                return True
        return False


def _mp(q: Fraction) -> mpmath.mpf:
    return mpmath.mpf(q.numerator) / q.denominator


def _real(f: Any, args: list[mpmath.mpf]) -> mpmath.mpf | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = mpmath.mpmathify(f(*args))
    except (ZeroDivisionError, OverflowError, ValueError, TypeError, NameError, AttributeError):
        return None
    if isinstance(value, mpmath.mpc):
        if value.imag != 0:
            return None
        value = value.real
    if not mpmath.isfinite(value):
        return None
    return value


def exact(point: Point) -> dict[sp.Symbol, sp.Rational]:
    """The point as SymPy rationals."""
    return {s: sp.Rational(q.numerator, q.denominator) for s, q in point.items()}
