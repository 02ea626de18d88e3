"""Limits whose value depends on how their parameters compare: one limit per order of them.

``sympy.limit`` gives up on ``lim_{λ→∞} log(e^{λa} + e^{λb})/λ`` ("depends on the sign of
a"). Every order of the parameters (``a > b``, ``a = b``, ``a < b``) is a case where the
answer is decided: ``a = b + t`` with ``t > 0`` turns the claim into one SymPy can take. The
cases cover every point (each case is a superset of its part of the domain, so a proof in
every case is a proof of the claim); where that is not enough, zero joins the order so that
every sign is decided too. Within a case SymPy's answer is again generic: each case's own
exceptional pieces (``a = b + 1`` in ``a = b + t``: ``t = 1``) are proved too
(:mod:`checks.prove.limit_exceptions`). Only a proof comes out of here, never a refutation.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator, Sequence
from typing import Any

import sympy as sp

from checks.errors import StepTimeout
from checks.prove.ladder import SymbolicOutcome
from checks.prove.limit_exceptions import compose, exceptions, parameters, substitutions, undefined
from checks.prove.sign import prove_relation
from checks.timeout import deadline

__all__ = ["case_substitutions", "orders", "parameters", "prove_limits_by_order"]

#: More parameters than this are not split: with three, ``sympy.limit`` meets two unrelated
#: gaps inside one log (log(1 + e^{-λt} + e^{-λ(t + u)})/λ), where it hangs or, for
#: log(e^{λt} + e^{λu})/λ, answers ``u``.
MAX_PARAMETERS = 2
#: Zero joins the order only for one parameter (two and zero: the same two gaps).
MAX_WITH_ZERO = 1
#: Seconds for the limits of one case: SymPy's answer comes quickly or not at all.
CASE_SECONDS = 2.0

_FAILURES = (ValueError, TypeError, NotImplementedError, ZeroDivisionError, OverflowError, RecursionError)


def orders(symbols: Sequence[sp.Basic]) -> Iterator[dict[sp.Symbol, sp.Expr]]:
    """Each order of ``symbols`` (ties included) once, as a substitution: the smallest stays,
    the others are it plus sums of positive gaps. A ``0`` among them pins the smallest."""
    seen: set[tuple[frozenset[sp.Basic], ...]] = set()
    for perm in itertools.permutations(symbols):
        for gaps in itertools.product((False, True), repeat=len(perm) - 1):
            groups: list[list[sp.Basic]] = [[perm[0]]]
            for member, gap in zip(perm[1:], gaps, strict=True):
                if gap:
                    groups.append([member])
                else:
                    groups[-1].append(member)
            key = tuple(frozenset(g) for g in groups)
            if key in seen:
                continue
            seen.add(key)
            yield _substitution(groups)


def _substitution(groups: list[list[sp.Basic]]) -> dict[sp.Symbol, sp.Expr]:
    base: sp.Expr = next((s for s in groups[0] if isinstance(s, sp.Symbol)), sp.S.Zero)
    offsets: list[sp.Expr] = [sp.S.Zero]
    for _ in groups[1:]:
        offsets.append(offsets[-1] + sp.Dummy("t", positive=True))
    for group, offset in zip(groups, offsets, strict=True):
        if any(not isinstance(s, sp.Symbol) for s in group):
            base = -offset  # zero is in this group: the smallest lies -offset below it
    subs: dict[sp.Symbol, sp.Expr] = {}
    for group, offset in zip(groups, offsets, strict=True):
        for member in group:
            if isinstance(member, sp.Symbol) and member != base:
                subs[member] = base + offset
    return subs


def _prepared(body: sp.Expr) -> sp.Expr:
    """``body`` in a form ``sympy.limit`` takes: e^{λ(b + t)} split into e^{λb} e^{λt}, and the
    common factor of a sum inside a log taken out of it (identities, nothing assumed)."""
    body = sp.expand_power_exp(sp.expand_mul(body))
    body = body.replace(lambda e: isinstance(e, sp.log), lambda e: sp.log(sp.factor_terms(e.args[0])))
    return sp.expand(sp.expand_log(body))


def _rates_ordered(body: sp.Expr, var: sp.Symbol) -> bool:
    """Whether every two exponentials under one log grow at rates in a known order: SymPy
    answers ``u`` for lim log(e^{λt} + e^{λu})/λ with t, u > 0 in no known order."""
    for log in body.atoms(sp.log):
        rates = {sp.diff(e.args[0], var) for e in log.atoms(sp.exp) if e.args[0].has(var)}
        for r1, r2 in itertools.combinations(rates, 2):
            gap = sp.expand(r1 - r2)
            if gap.has(var) or not (gap.is_positive or gap.is_negative or gap.is_zero):
                return False
    return True


def _limits_taken(expr: Any) -> Any:
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Limit):
        return expr

    def take(limit: sp.Limit) -> sp.Expr:
        body, var, point, direction = limit.args
        prepared = _prepared(body)
        if not _rates_ordered(prepared, var):
            raise ValueError("two exponentials whose rates are in no known order")
        return sp.Limit(prepared, var, point, str(direction)).doit()

    done = expr.replace(lambda e: isinstance(e, sp.Limit), take)
    if done.has(sp.Limit, sp.AccumBounds):
        raise ValueError("no limit in this case")
    return done


def prove_limits_by_order(left: Any, rel: str, right: Any, end: float) -> SymbolicOutcome:
    """Prove ``left REL right`` (which contain limits) in every order of the limits' parameters."""
    symbols = parameters(left, right)
    if not symbols or len(symbols) > MAX_PARAMETERS:
        return SymbolicOutcome(None, None, ())
    names = ", ".join(s.name for s in symbols)
    attempts: list[Sequence[sp.Basic]] = [symbols] if len(symbols) > 1 else []
    if len(symbols) <= MAX_WITH_ZERO:
        attempts.append([*symbols, sp.S.Zero])
    for members in attempts:
        label = f"limits case by case on the order of {names}" + (", 0" if sp.S.Zero in members else "")
        if _every_order(left, rel, right, members, end):
            return SymbolicOutcome(True, label, (label,))
    return SymbolicOutcome(None, None, (f"limits case by case on the order of {names} (not all proved)",))


def _every_order(left: Any, rel: str, right: Any, members: Sequence[sp.Basic], end: float) -> bool:
    for subs in orders(members):
        if not _case_holds(_at(left, subs), rel, _at(right, subs), end, MAX_DEPTH):
            return False
    return True


#: How many times a case's exceptional piece is itself split into pieces.
MAX_DEPTH = 3


def _case_holds(left: Any, rel: str, right: Any, end: float, depth: int) -> bool:
    """Whether one case holds: SymPy's limits proved, and again on each exceptional piece
    of them (where undefined, a piece says nothing)."""
    try:
        with deadline(min(end - time.monotonic(), CASE_SECONDS)):
            lhs = _limits_taken(left)
            rhs = _limits_taken(right)
    except (StepTimeout, *_FAILURES):
        return False
    if prove_relation(lhs, rel, rhs, {}, max(end - time.monotonic(), 1e-3)).proved is not True:
        return False
    try:
        with deadline(max(end - time.monotonic(), 1e-3)):
            found = exceptions(left, right)
    except StepTimeout:
        return False
    if found.reason is not None or (found.pieces and depth == 0):
        return False
    for piece in found.pieces:
        sub_left, sub_right = _at(left, piece.subs), _at(right, piece.subs)
        if undefined(sub_left, sub_right):
            continue
        if not _case_holds(sub_left, rel, sub_right, end, depth - 1):
            return False
    return True


def _at(expr: Any, subs: dict[sp.Symbol, sp.Expr] | Any) -> Any:
    return expr.xreplace(dict(subs)) if isinstance(expr, sp.Basic) else expr


def case_substitutions(left: Any, right: Any) -> list[dict[sp.Symbol, sp.Expr]]:
    """Where the numbers must look for the claims this module proves: the ties of the order
    split (``a = b``, ``a = 0``) and the exceptional pieces within each case, as
    substitutions of the original parameters (a gap left in one is any positive number)."""
    symbols = parameters(left, right)
    if not symbols or len(symbols) > MAX_PARAMETERS:
        return []
    members: list[sp.Basic] = [*symbols, sp.S.Zero] if len(symbols) <= MAX_WITH_ZERO else list(symbols)
    out: list[dict[sp.Symbol, sp.Expr]] = []
    for subs in orders(members):
        if not any(v.has(sp.Dummy) for v in subs.values()) and subs not in out:
            out.append(subs)
        for piece in substitutions(_at(left, subs), _at(right, subs)):
            composed = {k: v for k, v in compose(subs, piece).items() if not isinstance(k, sp.Dummy)}
            if composed not in out:
                out.append(composed)
    return out
