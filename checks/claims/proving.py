"""The symbolic verdict on one case of a claim: the ladder, Σ = 1, limits by order and by piece."""

from __future__ import annotations

import time

import sympy as sp

from checks.claims.case import SYMPY_ERRORS, Case, at, has_limit
from checks.claims.limits import evaluate_limits
from checks.errors import StepTimeout
from checks.prove.domains import Ranges
from checks.prove.induction import integer_variable, prove_by_induction
from checks.prove.ladder import SymbolicOutcome
from checks.prove.limit_exceptions import exceptions, undefined
from checks.prove.limit_order import prove_limits_by_order
from checks.prove.limit_squeeze import SQUEEZE, squeeze_limits
from checks.prove.pieces import TRIED, WALK_SECONDS
from checks.prove.sign import prove_by_lemmas_first, prove_relation, prove_relation_by_pieces
from checks.timeout import deadline

#: The note's beginning for a limit proved for generic parameters but not on every piece.
UNDECIDED = "the limit was proved for generic"

#: Seconds for the named lemmas' bounds alone, before the ladder.
_LEMMAS_FIRST = 1.5

#: Seconds of the ladder's first turn, and of the proofs by pieces' short turn after it.
_LADDER_FIRST = 0.75
_PIECES_QUICK = 0.5

#: How many times an exceptional piece of a limit is itself split into pieces.
PIECE_DEPTH = 3


def prove(
    case: Case,
    rel: str,
    constraints: dict[sp.Symbol, sp.Expr],
    end: float,
    depth: int = PIECE_DEPTH,
    ranges: Ranges | None = None,
) -> tuple[SymbolicOutcome, bool]:
    """The symbolic verdict on one case, and whether ``sympy.limit`` was used for it. A limit
    with free parameters is proved only for every value of them: SymPy's generic answer, and
    again on each exceptional piece (see :mod:`checks.prove.limit_exceptions`). ``ranges`` are
    the declared spans of bounded variables (``0 < p < 1``; see :mod:`checks.prove.domains`)."""
    if case.failure is not None:
        return case.failure, False
    outcome, used = _prove_directly(case, rel, constraints, end, ranges)
    if not (has_limit(case.left) or has_limit(case.right)):
        return outcome, used
    if outcome.proved is True:
        undecided = undecided_piece(case, rel, constraints, end, depth, ranges)
        if undecided is None:
            return outcome, used
        outcome = SymbolicOutcome(None, None, (*outcome.tried, undecided))
    # sympy.limit may need to know how the parameters compare (log(e^{λa} + e^{λb})/λ).
    by_order = prove_limits_by_order(case.left, rel, case.right, end)
    if by_order.proved is True:
        return by_order, True
    squeezed = _by_squeeze(case, rel, end)
    if squeezed is not None:
        return squeezed, False  # (no sympy.limit in it)
    return SymbolicOutcome(
        outcome.proved, outcome.method, outcome.tried + by_order.tried, outcome.residual
    ), used


def _by_squeeze(case: Case, rel: str, end: float) -> SymbolicOutcome | None:
    """Every limit of log Σ exp squeezed between the lemma's bounds, whose limits are exact for
    every value of the parameters (see :mod:`checks.prove.limit_squeeze`), then the relation
    proved for every value of them."""
    sides = []
    for side in (case.left, case.right):
        value = squeeze_limits(side) if has_limit(side) else side
        if value is None:
            return None
        sides.append(value)
    try:
        outcome = prove_relation(sides[0], rel, sides[1], {}, max(end - time.monotonic(), 1e-3))
    except SYMPY_ERRORS:
        return None
    if outcome.proved is not True:
        return None
    return SymbolicOutcome(True, f"{SQUEEZE}; then {outcome.method}", (SQUEEZE, *outcome.tried))


def _prove_directly(
    case: Case, rel: str, constraints: dict[sp.Symbol, sp.Expr], end: float, ranges: Ranges | None
) -> tuple[SymbolicOutcome, bool]:
    try:
        # The confirmation evaluates the limits itself, never sympy.limit's answer.
        left, lim_l = evaluate_limits(case.left, max(end - time.monotonic(), 1e-3))
        right, lim_r = evaluate_limits(case.right, max(end - time.monotonic(), 1e-3))
        if rel != "=":
            # The lemmas' bounds first: they settle at once what the ladder takes long to try.
            outcome = prove_by_lemmas_first(
                left, rel, right, constraints, min(_LEMMAS_FIRST, end - time.monotonic())
            )
            if outcome.proved is True:
                using = ", using Σ = 1" if constraints else ""
                return SymbolicOutcome(True, f"{outcome.method}{using}", outcome.tried), lim_l or lim_r
        outcome = _ladder(left, rel, right, constraints, end, ranges)
        if outcome.proved is not True and constraints:
            # Only when needed: the substitution can hide the positivity of an entry.
            with_sum = prove_relation(left, rel, right, constraints, max(end - time.monotonic(), 1e-3))
            if with_sum.proved is not True and rel != "=":
                # Bounds first, then Σ = 1 (Gibbs' inequality is proved that way).
                with_sum = prove_relation(
                    left, rel, right, constraints, max(end - time.monotonic(), 1e-3), late=True
                )
            if with_sum.proved is True:
                outcome = SymbolicOutcome(True, f"{with_sum.method}, using Σ = 1", with_sum.tried)
        if outcome.proved is not True and rel != "=" and integer_variable(left, right) is not None:
            # A claim for every positive integer H: by induction (base cases exact, step proved).
            by_induction = prove_by_induction(left, rel, right, end)
            if by_induction is not None:
                outcome = by_induction
            else:
                outcome = SymbolicOutcome(
                    None, None, (*outcome.tried, "induction (no base K ≤ 5 with a step proved)")
                )
        if outcome.proved is None:
            outcome = _by_pieces(left, rel, right, constraints, end, ranges, outcome)
        return outcome, lim_l or lim_r
    except StepTimeout:
        return SymbolicOutcome(None, None, ("timed out",)), False
    except SYMPY_ERRORS as exc:
        return SymbolicOutcome(None, None, (f"SymPy failed: {type(exc).__name__}: {exc}",)), False


def _ladder(
    left: object,
    rel: str,
    right: object,
    constraints: dict[sp.Symbol, sp.Expr],
    end: float,
    ranges: Ranges | None,
) -> SymbolicOutcome:
    """The ladder without Σ = 1. One still running after its first :data:`_LADDER_FIRST`
    seconds gives the proofs by pieces a short turn before it has the rest of the time: they
    settle at once what the ladder can spend seconds failing on ((1 + 1/H)**H < E, x tanh x ≥ 0),
    and the ladder's own proofs of the true-claims corpus take at most 0.6 s on a quiet machine
    (one that takes longer is found in the time after the turn)."""
    first = min(end, time.monotonic() + _LADDER_FIRST)
    outcome = prove_relation(left, rel, right, {}, max(first - time.monotonic(), 1e-3))
    if outcome.proved is not None or time.monotonic() < first or first >= end:
        return outcome
    turn = min(end, time.monotonic() + _PIECES_QUICK)
    quick = _by_pieces(left, rel, right, constraints, turn, ranges, outcome)
    if quick.proved is True:
        return quick
    return prove_relation(left, rel, right, {}, max(end - time.monotonic(), 1e-3))


def _by_pieces(
    left: object,
    rel: str,
    right: object,
    constraints: dict[sp.Symbol, sp.Expr],
    end: float,
    ranges: Ranges | None,
    outcome: SymbolicOutcome,
) -> SymbolicOutcome:
    """Last, what the ladders left undecided: case splits, interval variables and exact
    decisions (:mod:`checks.prove.pieces`), without Σ = 1 and then with it."""
    end = min(end, time.monotonic() + WALK_SECONDS)  # both attempts together
    for subs in ({}, constraints) if constraints else ({},):
        found = prove_relation_by_pieces(left, rel, right, subs, max(end - time.monotonic(), 1e-3), ranges)
        if found is not None:
            return found if not subs else SymbolicOutcome(True, f"{found.method}, using Σ = 1", found.tried)
    return SymbolicOutcome(None, None, (*outcome.tried, TRIED), outcome.residual)


def undecided_piece(
    case: Case,
    rel: str,
    constraints: dict[sp.Symbol, sp.Expr],
    end: float,
    depth: int,
    ranges: Ranges | None = None,
) -> str | None:
    """Why a claim about limits proved for generic parameters is not proved for all of them
    (None: it holds on every exceptional piece too, or is undefined there). On the simplex
    the pieces are found with ``Σ = 1`` substituted, so each is a piece of the simplex."""
    left, right = at(case.left, constraints), at(case.right, constraints)
    try:
        with deadline(max(end - time.monotonic(), 1e-3)):
            found = exceptions(left, right)
    except StepTimeout:
        return (
            "the limit was proved for generic parameters; looking for the values where it may differ "
            "timed out"
        )
    if found.reason is not None:
        return found.not_found()
    for piece in found.pieces:
        sub = Case(case.indices, at(left, piece.subs), at(right, piece.subs))
        if undefined(sub.left, sub.right):
            continue
        if depth == 0 or prove(sub, rel, {}, end, depth - 1, ranges)[0].proved is not True:
            return found.undecided(piece)
    return None
