"""The sign prover: ``d > 0`` or ``d >= 0`` from the assumptions, after rewrites, case by case."""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy as sp

from checks.errors import StepTimeout
from checks.prove.constant_sign import constant_sign
from checks.prove.domains import Ranges
from checks.prove.ladder import SymbolicOutcome, Transform, entries_of, prove_equal, prove_zero
from checks.prove.lemmas import cited_within, prove_by_lemmas
from checks.prove.pieces import prove_by_pieces
from checks.prove.rewrites import bound_atoms, lse_shift, max_min_cases, peeled, spread_over_sum
from checks.timeout import deadline


def _sign_known(d: sp.Expr, strict: bool) -> bool | None:
    """True if ``d > 0`` (strict) / ``d >= 0`` follows from the assumptions, False if refuted;
    a constant's sign only if exact or interval arithmetic certifies it."""
    if d.is_number:
        return constant_sign(d, strict)
    if strict:
        if d.is_positive:
            return True
        if d.is_nonpositive:
            return False
    else:
        if d.is_nonnegative:
            return True
        if d.is_negative:
            return False
    return None


#: Transforms tried before asking SymPy's assumptions for the sign of a difference.
_SIGN_LADDER: tuple[tuple[str, Transform], ...] = (
    ("assumptions", lambda d: d),
    ("cancel + assumptions", lambda d: sp.cancel(sp.together(d))),
    ("expand_log + assumptions", lambda d: sp.expand_log(sp.expand(d))),
)

#: Tried after the structural rewrites: factoring a large polynomial costs more than all of them.
_LATE_SIGN_LADDER: tuple[tuple[str, Transform], ...] = (
    ("factor + assumptions", lambda d: sp.factor(sp.expand_log(d))),
)


def _sign_ladder(
    d: sp.Expr, strict: bool, end: float, ladder: tuple[tuple[str, Transform], ...], tried: list[str]
) -> SymbolicOutcome | None:
    """The first transform whose result has a known sign (or is 0 for ``>=``); None if none."""
    for name, transform in ladder:
        tried.append(name)
        try:
            with deadline(end - time.monotonic()):
                e = transform(d)
                known = _sign_known(e, strict)
        except StepTimeout:
            tried[-1] += " (timed out)"
            return SymbolicOutcome(None, None, tuple(tried), d)
        if known is not None:
            return SymbolicOutcome(known, name, tuple(tried), None if known else e)
        if not strict and e == 0:  # structural: asking is_zero costs more than the ladder
            return SymbolicOutcome(True, name, tuple(tried))
    return None


def _prove_sign(
    d: sp.Expr, strict: bool, end: float, depth: int = 0, after: dict[sp.Symbol, sp.Expr] | None = None
) -> SymbolicOutcome:
    """The sign of ``d``: True if ``d > 0`` (strict) / ``d >= 0`` is proved, False if refuted.

    ``after`` is a substitution that holds on the domain (``Σ p = 1``) made only once an atom
    has been bounded: ``log u >= 1 - 1/u`` needs ``u > 0`` to apply, which the substitution
    ``p_n = 1 - Σ p_k`` would hide.
    """
    tried: list[str] = []
    # Below the top level the rewrites already normalised the expression: the plain assumption
    # query is enough, and the heavier transforms would repeat work at every branch.
    found = _sign_ladder(d, strict, end, _SIGN_LADDER if depth == 0 else _SIGN_LADDER[:1], tried)
    if found is None and depth < 2:
        # A Max or Min blocks every rewrite below, so its cases come first; if they do not
        # settle the sign, the rewrites still get their turn.
        found = _by_cases(d, strict, end, depth, after, tried)
    if found is None and depth < 6:
        found = _by_rewrites(d, strict, end, depth, after, tried)
    if found is None and depth < LEMMA_DEPTH:
        found = _by_lemmas(d, strict, end, depth, after, tried)
    if found is None and depth == 0:
        found = _last_resort(d, strict, end, tried)
    return found if found is not None else SymbolicOutcome(None, None, tuple(tried), d)


def _by_cases(
    d: sp.Expr, strict: bool, end: float, depth: int, after: dict[sp.Symbol, sp.Expr] | None, tried: list[str]
) -> SymbolicOutcome | None:
    """The sign in every case of the first Max/Min (None if some case is undecided)."""
    cases = max_min_cases(d)
    if not cases:
        return None
    tried.append("case split on Max/Min")
    cited = ""
    for case in cases:
        outcome = _prove_sign(case, strict, end, depth + 1, after)
        if outcome.proved is False:
            return SymbolicOutcome(False, None, tuple(tried) + outcome.tried, case)
        if outcome.proved is not True:
            return None
        cited = cited or cited_within(outcome.method or "")
    return SymbolicOutcome(True, "case split on Max/Min" + cited, tuple(tried))


def _by_rewrites(
    d: sp.Expr, strict: bool, end: float, depth: int, after: dict[sp.Symbol, sp.Expr] | None, tried: list[str]
) -> SymbolicOutcome | None:
    """The first rewrite whose candidate's sign is proved (each is made only when the ones
    before it failed: most proofs need one)."""
    expanded: list[sp.Expr] = []

    def exp_form() -> sp.Expr:
        if not expanded:
            expanded.append(sp.powsimp(sp.expand_log(sp.expand(d)), deep=True))
        return expanded[0]

    rewrites: tuple[tuple[str, Callable[[], list[tuple[sp.Expr, bool]]]], ...] = (
        ("monotone peel", lambda: [(c, strict) for c in peeled(d)]),
        ("monotone peel", lambda: [(c, strict) for c in peeled(exp_form())]),
        ("factor the largest exp out of log Σ exp", lambda: [(c, strict) for c in lse_shift(exp_form())]),
        ("bound exp, log, ceiling, floor (whole logs)", lambda: bound_atoms(d, strict)),
        ("bound exp, log, ceiling, floor", lambda: bound_atoms(exp_form(), strict)),
        (
            "spread constants over Σ = 1, combine logs",
            lambda: [(c, strict) for c in spread_over_sum(d, after)] if after and depth == 0 else [],
        ),
    )
    for name, make in rewrites:
        try:
            with deadline(end - time.monotonic()):
                candidates = make()
        except StepTimeout:
            return SymbolicOutcome(None, None, (*tried, "rewrites (timed out)"), d)
        for candidate, needs_strict in candidates:
            if after and name.startswith("bound"):
                candidate, then = sp.expand(candidate.subs(after)), None
            else:
                then = after
            outcome = _prove_sign(candidate, needs_strict, end, depth + 1, then)
            if outcome.proved is True:
                method = name + cited_within(outcome.method or "")
                return SymbolicOutcome(True, method, (*tried, name, *outcome.tried))
    return None


#: The named lemmas are tried at these depths (a lemma's remainder may need another lemma),
#: for at most this many seconds at the top.
LEMMA_DEPTH = 3
#: The first-derivative test is tried at these depths (a second derivative at most).
CALCULUS_DEPTH = 2
LEMMA_SECONDS = 4.0


def _by_lemmas(
    d: sp.Expr,
    strict: bool,
    end: float,
    depth: int,
    after: dict[sp.Symbol, sp.Expr] | None,
    tried: list[str],
    calculus: bool = True,
) -> SymbolicOutcome | None:
    """Atoms bounded by the named lemmas of :mod:`checks.prove.lemmas`, the rest proved here;
    the method cites the lemmas used."""
    tried.append("lemmas")
    stop = min(end, time.monotonic() + LEMMA_SECONDS)
    try:
        with deadline(stop - time.monotonic()):
            method = prove_by_lemmas(
                d,
                strict,
                after,
                # A lemma's remainder is proved without lemmas; a slope may need them again.
                lambda e, s: _method_if_proved(_prove_sign(e, s, stop, LEMMA_DEPTH)),
                lambda e, s: _method_if_proved(_prove_sign(e, s, stop, depth + 1)),
                calculus=calculus and depth < CALCULUS_DEPTH,
            )
    except StepTimeout:
        tried[-1] += " (timed out)"
        return None
    return SymbolicOutcome(True, method, tuple(tried)) if method else None


def _method_if_proved(outcome: SymbolicOutcome) -> str | None:
    return (outcome.method or "assumptions") if outcome.proved is True else None


def _last_resort(d: sp.Expr, strict: bool, end: float, tried: list[str]) -> SymbolicOutcome | None:
    """At the top level only: factor, then simplify, before the assumptions are asked again."""
    found = _sign_ladder(d, strict, end, _LATE_SIGN_LADDER, tried)
    if found is not None:
        return found
    tried.append("simplify + assumptions")
    try:
        with deadline(end - time.monotonic()):
            e = sp.simplify(d)
            known = _sign_known(e, strict)
    except StepTimeout:
        tried[-1] += " (timed out)"
        return None
    if known is None:
        return None
    return SymbolicOutcome(known, "simplify + assumptions", tuple(tried), None if known else e)


def prove_by_lemmas_first(
    left: object, rel: str, right: object, after: dict[sp.Symbol, sp.Expr], budget: float
) -> SymbolicOutcome:
    """Only the named lemmas' bounds (no first-derivative test), with ``after`` (``Σ = 1``)
    substituted into what they leave: an entropy or Gibbs lemma on the simplex, or log s_k < 0
    for a softmax entry, settles at once what the ladder takes long to try."""
    lefts, rights = entries_of(left), entries_of(right)
    if rel == "=" or lefts is None or rights is None or len(lefts) != 1 or len(rights) != 1:
        return SymbolicOutcome(None, None, ())
    d = sp.sympify(lefts[0] - rights[0] if rel in (">", ">=") else rights[0] - lefts[0])
    found = _by_lemmas(d, rel in ("<", ">"), time.monotonic() + budget, 0, after, [], calculus=False)
    return found if found is not None else SymbolicOutcome(None, None, ("lemmas",))


def prove_relation(
    left: object,
    rel: str,
    right: object,
    subs: dict[sp.Symbol, sp.Expr],
    budget: float,
    *,
    late: bool = False,
) -> SymbolicOutcome:
    """Prove ``left REL right``; equalities by the equality ladder, inequalities by sign.

    ``subs`` (a constraint such as ``Σ p = 1``) is substituted first, or with ``late`` for an
    inequality only into the bounds the sign prover makes (see :func:`_prove_sign`).
    """
    if rel == "=":
        return prove_equal(left, right, subs, budget)
    lefts, rights = entries_of(left), entries_of(right)
    if lefts is None or rights is None or len(lefts) != 1 or len(rights) != 1:
        return SymbolicOutcome(None, None, ("inequality between non-scalars",))
    d = lefts[0] - rights[0] if rel in (">", ">=") else rights[0] - lefts[0]
    d = sp.sympify(d).subs(subs) if subs and not late else sp.sympify(d)
    return _prove_sign(d, rel in ("<", ">"), time.monotonic() + budget, after=subs if late else None)


def prove_relation_by_pieces(
    left: object,
    rel: str,
    right: object,
    subs: dict[sp.Symbol, sp.Expr],
    budget: float,
    ranges: Ranges | None = None,
) -> SymbolicOutcome | None:
    """Prove a scalar ``left REL right`` that :func:`prove_relation` left undecided by case
    splits, interval variables, reductions and exact decisions (:mod:`checks.prove.pieces`),
    each goal by the same ladders; ``ranges`` are the declared spans of bounded variables
    (``0 < p < 1``), which SymPy's assumptions cannot hold. None if not proved."""
    end = time.monotonic() + budget
    lefts, rights = entries_of(left), entries_of(right)
    if lefts is None or rights is None or len(lefts) != 1 or len(rights) != 1:
        return None
    d = sp.sympify(lefts[0] - rights[0] if rel in ("=", ">", ">=") else rights[0] - lefts[0])
    d = d.subs(subs) if subs else d
    if rel == "=":
        return prove_by_pieces(d, lambda e, _: prove_zero(e, end - time.monotonic()), None, ranges, end)
    return prove_by_pieces(
        d, lambda e, strict: _ladder_only(e, bool(strict), end), rel in ("<", ">"), ranges, end
    )


def _ladder_only(d: sp.Expr, strict: bool, end: float) -> SymbolicOutcome:
    """The sign of one goal of a proof by pieces by the transforms alone (assumptions, cancel,
    expand_log, factor): the walk makes its own rewrites (peel, bounds, …) as goals."""
    tried: list[str] = []
    found = _sign_ladder(d, strict, end, _SIGN_LADDER + _LATE_SIGN_LADDER, tried)
    return found if found is not None else SymbolicOutcome(None, None, tuple(tried), d)
