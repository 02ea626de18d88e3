"""Spans of variables and the exact parametrisations of their pieces."""

from __future__ import annotations

import sympy as sp

from checks.model import Kind, Var
from checks.prove.domains import (
    REAL_LINE,
    UNIT_CLOSED,
    UNIT_OPEN,
    Span,
    above,
    below,
    ends,
    pieces_of,
    ranges_of,
    span_of,
)


def test_declared_ranges_are_read_from_the_kinds_sympy_cannot_hold():
    p, y, q, a = (
        Var("p", Kind.OPEN_UNIT),
        Var("y", Kind.UNIT),
        Var("q", Kind.PROBS, 3),
        Var("a", Kind.POSITIVE),
    )
    ranges = ranges_of([p, y, q, a])
    assert ranges[p.sym] == UNIT_OPEN
    assert ranges[y.sym] == UNIT_CLOSED
    assert all(ranges[s] == UNIT_OPEN for s in q.symbols)
    assert a.sym not in ranges


def test_a_single_probability_is_not_said_to_lie_in_the_open_interval():
    (one,) = Var("q", Kind.PROBS, 1).symbols
    assert ranges_of([Var("q", Kind.PROBS, 1)])[one] == UNIT_CLOSED  # it is 1


def test_spans_follow_the_assumptions_when_nothing_is_declared():
    assert span_of(sp.Symbol("x", real=True)) == REAL_LINE
    assert span_of(sp.Symbol("x", positive=True)) == Span(sp.Integer(0), sp.oo)
    assert span_of(sp.Symbol("H", integer=True, positive=True)) == Span(sp.Integer(1), sp.oo, False)
    assert span_of(sp.Symbol("z")) is None  # maybe complex: no span


def test_the_open_unit_interval_is_the_image_of_the_positive_reals():
    (piece,) = pieces_of(UNIT_OPEN, "p")
    (t,) = piece.value.free_symbols
    assert t.is_positive
    assert sp.solve(sp.Eq(piece.value, sp.Rational(1, 3)), t) == [sp.Rational(1, 2)]
    assert sp.limit(piece.value, t, 0) == 0 and sp.limit(piece.value, t, sp.oo) == 1
    assert piece.text == "p = t/(t + 1), t > 0"


def test_closed_ends_are_pieces_of_their_own():
    values = [piece.value for piece in pieces_of(UNIT_CLOSED, "p")]
    assert values[:2] == [0, 1] and len(values) == 3


def test_below_and_above_a_root_cover_the_span_on_either_side():
    r = sp.Symbol("r", positive=True)
    span = Span(sp.Integer(0), sp.oo)
    low, high = below(span, r, False), above(span, r, False)
    (s,) = low.free_symbols - {r}
    assert sp.simplify(low.subs(s, 0) - r) == 0 and sp.limit(low, s, sp.oo) == 0
    (u,) = high.free_symbols - {r}
    assert high.subs(u, 0) == r and sp.limit(high, u, sp.oo) == sp.oo
    assert ends(span) == [] and ends(UNIT_CLOSED) == [0, 1]
