"""Points where a derivative is taken at a kink (of Abs, Max, Min, sign, floor, …): no evidence there.

SymPy differentiates ``Abs(x)`` to ``sign(x)`` and ``Max(x, 0)`` to ``Heaviside(x)``, and then
answers 0 and 1/2 at ``x = 0``, where the derivative does not exist. A claim about the
derivative is neither refuted nor confirmed by such a point, exactly as a point where a value
leaves the reals is not. This module finds, in an expression *before* its derivatives are
carried out, the conditions under which one of them is taken at such a point
(:func:`kink_conditions`), and decides them exactly at a rational point (:func:`at_kink`,
:func:`kink_at`) or at many points at once (:func:`kink_mask`). Undecided is a kink: the
point is then skipped, never taken as evidence.

An engine computes the conditions once per expression, from the expressions as written
(``proof.start``, ``step.expr``: before ``doit``), joins those of a link's two sides
(``kinks[prev] + kinks[cur]``: tuples), and skips, for that link only, every point where
they hold, as it skips a point outside the reals: no refutation from it, not counted as
checked. A concrete proof passes ``sample.exact(proof.variables)`` (one point) or the list
of them (:func:`kink_mask`); an all-n proof passes :func:`all_n_point` (size, free indices,
entries ``x[m]``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

#: The argument is 0 at a kink.
_AT_ZERO = (sp.Abs, sp.sign, sp.Heaviside, sp.DiracDelta)


#: The argument is an integer at a jump.
_AT_INTEGER = (sp.floor, sp.ceiling, sp.frac)


_KINKY = (*_AT_ZERO, *_AT_INTEGER, sp.Max, sp.Min, sp.Mod, sp.Piecewise, sp.KroneckerDelta)


Bound = tuple[tuple[sp.Symbol, sp.Basic, sp.Basic], ...]


@dataclass(frozen=True)
class Kink:
    """Where one non-smooth subterm of a differentiated expression has its kink.

    ``kind`` says what holds at the kink: ``"zero"`` (``terms[0]`` is 0: the argument of Abs,
    sign, Heaviside, DiracDelta, or ``lhs - rhs`` of a Piecewise condition or of a
    KroneckerDelta), ``"integer"`` (``terms[0]`` is an integer: floor, ceiling, frac, Mod's
    quotient), ``"max"`` / ``"min"`` (two of ``terms`` tie at the extreme, one of them moving
    with a differentiation variable), ``"unknown"`` (a condition this module cannot read:
    every point is a kink). ``wrt`` are the differentiation variables the subterm may depend
    on, ``bound`` the sums and products around it (``(k, first, last)``, outermost first), and
    ``hidden`` the variables of limits around it, which take no value from the point.
    """

    source: sp.Basic
    kind: str
    terms: tuple[sp.Basic, ...]
    wrt: tuple[sp.Basic, ...]
    bound: Bound = ()
    hidden: frozenset[sp.Basic] = frozenset()

    def describe(self) -> str:
        """The subterm, as the claim checker names it in a note."""
        return sp.sstr(self.source) if self.kind != "unknown" else f"the condition {sp.sstr(self.source)}"


def kink_conditions(expr: Any) -> tuple[Kink, ...]:
    """Every kink of the derivatives in ``expr``, taken before the derivatives are carried out.

    ``expr`` is a SymPy expression, a matrix, or a (nested) tuple or list of them, with its
    ``sp.Derivative`` nodes unevaluated (as built: ``proof.start``, ``step.expr``, the claim
    checker's sides). Inside each ``Derivative(f, v, ...)``, each Abs / sign / Heaviside /
    DiracDelta / floor / ceiling / frac / Mod / Max / Min / KroneckerDelta subterm of ``f`` and
    each relation in a Piecewise condition of ``f`` that may depend on a differentiation
    variable (a symbol, or an entry ``x[i]`` of an IndexedBase, which any ``x[k]`` may be)
    gives one :class:`Kink`; nested and higher derivatives, and sums and limits around or
    inside them, are followed. Compute it once per expression; an expression without
    derivatives has none (``()``), and then :func:`at_kink` is always False.
    """
    found: dict[Kink, None] = {}
    try:
        for entry in _entries(expr):
            if isinstance(entry, sp.Basic) and entry.has(sp.Derivative):
                _walk(entry, (), (), frozenset(), found)
    except (RecursionError, TypeError, ValueError, AttributeError):
        # Too deep or too odd to read: no point of it is evidence about a derivative.
        return (Kink(sp.Symbol("expression_too_deep"), "unknown", (), ()),)
    return tuple(found)


def _entries(expr: Any) -> Iterator[Any]:
    if isinstance(expr, sp.MatrixBase):
        yield from expr
    elif isinstance(expr, tuple | list):
        for item in expr:
            yield from _entries(item)
    else:
        yield expr


def _walk(
    e: sp.Basic, wrt: tuple[sp.Basic, ...], bound: Bound, hidden: frozenset[sp.Basic], out: dict[Kink, None]
) -> None:
    if not isinstance(e, sp.Basic) or e.is_Atom or isinstance(e, sp.Indexed):
        return
    if isinstance(e, sp.Derivative):
        inner = tuple(dict.fromkeys(wrt + tuple(e.variables)))
        if e.expr.has(*_KINKY):
            _walk(e.expr, inner, bound, hidden, out)
        return
    if isinstance(e, sp.Sum | sp.Product):
        limits = []
        for lim in e.limits:
            if len(lim) != 3:
                limits.append((lim[0], sp.nan, sp.nan))  # no range: undecidable
            else:
                limits.append((lim[0], lim[1], lim[2]))
        _walk(e.function, wrt, bound + tuple(limits), hidden, out)
        return
    if isinstance(e, sp.Limit):
        _walk(e.args[0], wrt, bound, hidden | {e.args[1]}, out)
        return
    if isinstance(e, sp.Piecewise):
        for piece, cond in e.args:
            _walk(piece, wrt, bound, hidden, out)
            if wrt:
                _conditions(cond, wrt, bound, hidden, out)
        return
    if wrt:
        kink = _kink_of(e, wrt, bound, hidden)
        if kink is not None:
            out[kink] = None
    for arg in e.args:
        _walk(arg, wrt, bound, hidden, out)


def _conditions(
    cond: sp.Basic,
    wrt: tuple[sp.Basic, ...],
    bound: Bound,
    hidden: frozenset[sp.Basic],
    out: dict[Kink, None],
) -> None:
    """The kinks of a Piecewise condition: where each relation in it turns."""
    if cond in (sp.true, sp.false):
        return
    if isinstance(cond, sp.And | sp.Or | sp.Not | sp.Xor):
        for arg in cond.args:
            _conditions(arg, wrt, bound, hidden, out)
        return
    moving = _moving(cond, wrt)
    if not moving:
        return
    if isinstance(cond, sp.core.relational.Relational):
        out[Kink(cond, "zero", (cond.lhs - cond.rhs,), moving, bound, hidden)] = None
    else:
        out[Kink(cond, "unknown", (), moving, bound, hidden)] = None


def _kink_of(
    e: sp.Basic, wrt: tuple[sp.Basic, ...], bound: Bound, hidden: frozenset[sp.Basic]
) -> Kink | None:
    if not isinstance(e, _KINKY):
        return None
    moving = _moving(e, wrt)
    if not moving:
        return None
    if isinstance(e, _AT_ZERO):
        return Kink(e, "zero", (e.args[0],), moving, bound, hidden)
    if isinstance(e, sp.KroneckerDelta):
        return Kink(e, "zero", (e.args[0] - e.args[1],), moving, bound, hidden)
    if isinstance(e, _AT_INTEGER):
        return Kink(e, "integer", (e.args[0],), moving, bound, hidden)
    if isinstance(e, sp.Mod):
        return Kink(e, "integer", (e.args[0] / e.args[1],), moving, bound, hidden)
    if isinstance(e, sp.Max | sp.Min):
        return Kink(e, "max" if isinstance(e, sp.Max) else "min", tuple(e.args), moving, bound, hidden)
    return None


def _moving(e: sp.Basic, wrt: Sequence[sp.Basic]) -> tuple[sp.Basic, ...]:
    """The differentiation variables ``e`` may depend on."""
    return tuple(v for v in wrt if may_depend(e, v))


def may_depend(e: sp.Basic, v: sp.Basic) -> bool:
    """Whether ``e`` may change with ``v``: it holds ``v``, or for an entry ``x[i]``, any
    entry of ``x`` whose index may be ``i``."""
    if isinstance(v, sp.Indexed):
        for entry in e.atoms(sp.Indexed):
            if entry.base == v.base and all(
                (a - b).free_symbols or a == b for a, b in zip(entry.indices, v.indices, strict=False)
            ):
                return True
        return False
    return e.has(v)
