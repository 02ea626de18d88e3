"""A claim's limits: sympy.limit's word checked at exact points, exceptional pieces, proved gaps."""

from __future__ import annotations

import time
from typing import Any

import mpmath
import sympy as sp

from checks.claims.case import SYMPY_ERRORS, Case, at, counterexample, has_limit, limit_variables, mp_env
from checks.claims.confirm import mp_value, really_differs
from checks.claims.scope import Scope
from checks.errors import StepTimeout
from checks.numeric.sampling import Sample
from checks.prove.limit_exceptions import exceptional_samples, exceptions, substitutions
from checks.prove.limit_gap import limit_gap_proved
from checks.prove.limit_order import case_substitutions
from checks.timeout import deadline


def evaluate_limits(expr: Any, budget: float) -> tuple[Any, bool]:
    """Replace each ``Limit`` by ``sympy.limit``'s answer (which is then not trusted alone)."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Limit):
        return expr, False
    with deadline(budget):
        done = expr.replace(lambda e: isinstance(e, sp.Limit), _taken)
    if done.has(sp.AccumBounds):  # x - floor(x) keeps cycling: there is no limit to compare
        raise ValueError("sympy.limit found no limit, only the bounds it stays within")
    return done, True


def _taken(limit: sp.Limit) -> sp.Expr:
    """``sympy.limit``'s answer; where it gives up ("depends on the sign of a"), again with the
    common exponential factor cancelled from the body first (an identity: e^{a/T}/(e^{a/T} +
    e^{(a-d)/T}) is 1/(1 + e^{-d/T}), whose limit no longer depends on a)."""
    try:
        return limit.doit()
    except NotImplementedError:
        body, *rest = limit.args
        cancelled = sp.powsimp(sp.cancel(sp.expand_power_exp(sp.expand(body))))
        if cancelled == body:
            raise
        return sp.Limit(cancelled, *rest).doit()


def limit_agrees(case: Case, rel: str, sampled: list[Sample], scope: Scope, end: float) -> bool:
    """Whether a counterexample to a claim with a limit stands. A limit is only estimated
    along a sequence, which may stop short of where it settles (``l/(l + 10**30) → 1``), so
    the claim must also fail at that point with ``sympy.limit``'s values in place."""
    if case.failure is not None or not (has_limit(case.left) or has_limit(case.right)):
        return True
    if case.refuted_at is None:
        return False
    sample = sampled[case.refuted_at]
    try:
        left, _ = evaluate_limits(case.left, max(end - time.monotonic(), 1e-3))
        right, _ = evaluate_limits(case.right, max(end - time.monotonic(), 1e-3))
        if not (has_limit(left) or has_limit(right)) and really_differs(left, rel, right, sample, scope)[0]:
            return True
    except (StepTimeout, *SYMPY_ERRORS):
        pass  # sympy.limit failed with the parameters left free: try them at the point itself
    if _limits_at_point_differ(case, rel, sample, scope, end):
        return True
    return _limit_gap_proved(case, rel, sample, scope, end)


def limits_at_point(case: Case, sample: Sample, scope: Scope, end: float) -> tuple[Any, Any] | None:
    """Both sides with ``sympy.limit`` taken at the sample's exact values in place of the
    parameters (it cannot take log(e^{λa} + e^{λb})/λ for a free a, b, but can at a = 1/2,
    b = -1); None where it still cannot."""
    bound = limit_variables(case)
    exact = {k: v for k, v in sample.exact(scope.variables).items() if k not in bound}
    try:
        left, _ = evaluate_limits(at(case.left, exact), max(end - time.monotonic(), 1e-3))
        right, _ = evaluate_limits(at(case.right, exact), max(end - time.monotonic(), 1e-3))
    except (StepTimeout, *SYMPY_ERRORS):
        return None
    return None if has_limit(left) or has_limit(right) else (left, right)


def _limits_at_point_differ(case: Case, rel: str, sample: Sample, scope: Scope, end: float) -> bool:
    sides = limits_at_point(case, sample, scope, end)
    return sides is not None and really_differs(sides[0], rel, sides[1], sample, scope)[0]


def strict_limit_tie(
    case: Case, rel: str, points: list[tuple[int, Sample]], scope: Scope, end: float
) -> dict[str, Any] | None:
    """A strict claim about a limit that fails on an exact tie (lim log(e^{λa} + e^{λb})/λ >
    max(a, b): every finite λ is above, the limit is not). The numbers alone only see two
    close values; ``sympy.limit`` at the exact point must find the tie, and its values must
    agree with the numbers' estimates of the limits."""
    if rel not in ("<", ">") or not (has_limit(case.left) or has_limit(case.right)):
        return None
    for index, sample in points:
        sides = limits_at_point(case, sample, scope, end)
        if sides is None:
            continue
        differs, lv, rv = really_differs(sides[0], rel, sides[1], sample, scope)
        if not differs:
            continue
        with mpmath.workdps(40):
            env = mp_env(sample, scope)
            estimates = mp_value(case.left, env, 40), mp_value(case.right, env, 40)
        if estimates[0] is None or estimates[1] is None:
            continue
        if any(
            abs(e - v) > mpmath.mpf(10) ** -6 * (1 + abs(v))
            for e, v in zip(estimates[0] + estimates[1], lv + rv, strict=True)
        ):
            continue  # sympy.limit and the numbers disagree on the value: nothing to trust
        case.refuted_at = index
        return counterexample(case, sample, scope, lv, rv)
    return None


def _limit_gap_proved(case: Case, rel: str, sample: Sample, scope: Scope, end: float) -> bool:
    """A wrong limit refuted by a proof where sympy.limit fails or is wrong (it says ``b`` for
    ``lim log(e^{λa} + e^{λb})/λ``): see :func:`checks.prove.symbolic.limit_gap_proved`, at the
    counterexample's point."""
    if rel != "=":
        return False
    for limit, other in ((case.left, case.right), (case.right, case.left)):
        if not isinstance(limit, sp.Limit) or has_limit(other) or isinstance(other, sp.MatrixBase):
            continue
        body, var, point, direction = limit.args
        exact = {k: v for k, v in sample.exact(scope.variables).items() if k != var}
        claimed = sp.sympify(other).xreplace(exact)
        budget = max(end - time.monotonic(), 1e-3)
        try:
            if limit_gap_proved(
                sp.sympify(body).xreplace(exact), var, point, str(direction), claimed, budget
            ):
                return True
        except SYMPY_ERRORS:
            continue
    return False


def exceptional_points(
    cases: list[Case], scope: Scope, constraints: dict[sp.Symbol, sp.Expr], sampled: list[Sample], end: float
) -> list[Sample]:
    """Sample points on the exceptional pieces of the claim's limits (a = 1/7 for
    (a - 1/7)²λ/((a - 1/7)²λ + 1)), where SymPy's generic answer may be wrong: the numbers
    look there too. Where the pieces cannot be found directly, those of the order split."""
    found: list[dict[sp.Symbol, sp.Expr]] = []
    try:
        with deadline(max(min(end - time.monotonic(), _EXCEPTIONAL_SECONDS), 1e-3)):
            for case in cases:
                if case.failure is not None or not (has_limit(case.left) or has_limit(case.right)):
                    continue
                left, right = at(case.left, constraints), at(case.right, constraints)
                direct = exceptions(left, right)
                more = (
                    substitutions(left, right) if direct.reason is None else case_substitutions(left, right)
                )
                found.extend(subs for subs in more if subs not in found)
    except (StepTimeout, *SYMPY_ERRORS):
        pass  # the points found so far; the proof still has to hold on every piece
    if not found:
        return []
    bases = [s for s in sampled if s.origin != "adversarial"][:8]
    return exceptional_samples(scope.variables, bases, found)


#: Seconds spent at most looking for exceptional sample points.
_EXCEPTIONAL_SECONDS = 2.0
