"""Where a variable lies (an interval of the reals), and exact parametrisations of its pieces.

A declared range (``0 < p < 1``) is something SymPy's assumptions cannot hold: ``p`` is only
*positive* to SymPy, so ``1 - p > 0`` is unknown. The sign prover is therefore told the ranges
(:class:`Span` by symbol), and rewrites a bounded variable through a bijection of its range,
``p = t/(1 + t)`` with ``t > 0`` for ``(0, 1)``, after which every factor has a sign SymPy can
see (``1 - p = 1/(1 + t)``). A closed end is a case of its own (``p = 0``), never folded into
the open part.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sympy as sp

from checks.model import SIMPLEX_KINDS, Kind, Var


@dataclass(frozen=True)
class Span:
    """An interval ``lo .. hi`` of the reals (``±oo`` allowed) with open or closed ends."""

    lo: sp.Expr
    hi: sp.Expr
    lo_open: bool = True
    hi_open: bool = True

    def __post_init__(self) -> None:
        # An infinite end is never attained: it is open whatever was asked.
        if self.lo == -sp.oo:
            object.__setattr__(self, "lo_open", True)
        if self.hi == sp.oo:
            object.__setattr__(self, "hi_open", True)

    @property
    def numeric(self) -> bool:
        """Both ends are numbers (or infinite), so points can be compared with them exactly."""
        return all(e.is_number for e in (self.lo, self.hi))

    def contains(self, q: sp.Expr) -> bool:
        """``q`` (a number) lies in the span: decided exactly, False if undecidable."""
        above = sp.Gt(q, self.lo) if self.lo_open else sp.Ge(q, self.lo)
        below = sp.Lt(q, self.hi) if self.hi_open else sp.Le(q, self.hi)
        return bool(above is sp.true and below is sp.true)

    def text(self, name: str) -> str:
        left = "<" if self.lo_open else "<="
        right = "<" if self.hi_open else "<="
        if self.lo == -sp.oo:
            return f"{name} {right} {self.hi}"
        if self.hi == sp.oo:
            return f"{name} {'>' if self.lo_open else '>='} {self.lo}"
        return f"{self.lo} {left} {name} {right} {self.hi}"


REAL_LINE = Span(-sp.oo, sp.oo)
UNIT_OPEN = Span(sp.Integer(0), sp.Integer(1))
UNIT_CLOSED = Span(sp.Integer(0), sp.Integer(1), False, False)

#: A range map: the declared span of each bounded symbol.
Ranges = Mapping[sp.Symbol, Span]


def ranges_of(variables: Iterable[Var]) -> dict[sp.Symbol, Span]:
    """The spans SymPy's assumptions do not carry: a scalar in (0, 1) or [0, 1], and each entry
    of a probability vector (in (0, 1) when there are two or more entries) or of a label
    vector (in [0, 1])."""
    out: dict[sp.Symbol, Span] = {}
    for var in variables:
        if var.kind is Kind.OPEN_UNIT or (var.kind is Kind.PROBS and len(var) > 1):
            span = UNIT_OPEN
        elif var.kind is Kind.UNIT or var.kind in SIMPLEX_KINDS:
            span = UNIT_CLOSED
        else:
            continue
        for symbol in var.symbols:
            out[symbol] = span
    return out


def span_of(x: sp.Symbol, ranges: Ranges | None = None) -> Span | None:
    """The span ``x`` lies in: its declared range, else what its assumptions say (a positive
    integer lies in [1, oo)); None if ``x`` may not be real."""
    if ranges and x in ranges:
        return ranges[x]
    if not x.is_real:
        return None
    zero = sp.Integer(0)
    if x.is_integer and x.is_positive:
        return Span(sp.Integer(1), sp.oo, False)
    if x.is_integer and x.is_negative:
        return Span(-sp.oo, sp.Integer(-1), True, False)
    if x.is_positive:
        return Span(zero, sp.oo)
    if x.is_nonnegative:
        return Span(zero, sp.oo, False)
    if x.is_negative:
        return Span(-sp.oo, zero)
    if x.is_nonpositive:
        return Span(-sp.oo, zero, True, False)
    return REAL_LINE


@dataclass(frozen=True)
class Piece:
    """One piece of a split: the value put for the variable, and what it says."""

    value: sp.Expr
    text: str


def _open_part(span: Span, name: str) -> Piece:
    """The open interval ``(lo, hi)`` as the exact image of ``t > 0`` (the whole line as itself)."""
    lo, hi = span.lo, span.hi
    if lo == -sp.oo and hi == sp.oo:
        return Piece(sp.Dummy(name, real=True), f"{name} real")
    t = sp.Dummy("t", positive=True)
    if hi == sp.oo:
        return Piece(lo + t, f"{name} = {lo} + t, t > 0")
    if lo == -sp.oo:
        return Piece(hi - t, f"{name} = {hi} - t, t > 0")
    value = lo + (hi - lo) * t / (1 + t)
    return Piece(value, f"{name} = {sp.sstr(value.subs(t, sp.Symbol('t')))}, t > 0")


def pieces_of(span: Span, name: str) -> list[Piece]:
    """An exact cover of ``span`` by pieces: each closed end as a point, the open part as the
    image of ``t > 0`` under a bijection (``lo + (hi - lo)·t/(1 + t)``, ``lo + t``, …)."""
    out = []
    if not span.lo_open:
        out.append(Piece(span.lo, f"{name} = {span.lo}"))
    if not span.hi_open:
        out.append(Piece(span.hi, f"{name} = {span.hi}"))
    if span.lo != span.hi:
        out.append(_open_part(span, name))
    return out


def below(span: Span, root: sp.Expr, strict: bool) -> sp.Expr:
    """A value covering ``{x in span : x <= root}`` (``x < root`` if ``strict``) as a fresh
    ``s >= 0`` (``s > 0``) runs over its values: ``root - (root - lo)·s/(1 + s)`` for a finite
    ``lo``, ``root - s`` otherwise.

    Each such ``x`` is reached (``s = (root - x)/(x - lo)``); where ``root <= lo`` there are no
    such ``x`` and the extra values cover nothing the claim is about, so a proof over all
    ``s`` proves the claim on this part. The open end ``lo`` itself is not covered: a closed
    ``lo`` is a point of its own (see :func:`ends`).
    """
    s = sp.Dummy("s", positive=True) if strict else sp.Dummy("s", nonnegative=True)
    if span.lo == -sp.oo:
        return root - s
    return root - (root - span.lo) * s / (1 + s)


def above(span: Span, root: sp.Expr, strict: bool) -> sp.Expr:
    """The mirror of :func:`below`: ``{x in span : x >= root}`` (``> root`` if ``strict``)."""
    s = sp.Dummy("s", positive=True) if strict else sp.Dummy("s", nonnegative=True)
    if span.hi == sp.oo:
        return root + s
    return root + (span.hi - root) * s / (1 + s)


def ends(span: Span) -> list[sp.Expr]:
    """The closed finite ends of ``span``: the points :func:`below` and :func:`above` miss."""
    out = []
    if not span.lo_open:
        out.append(span.lo)
    if not span.hi_open:
        out.append(span.hi)
    return out
