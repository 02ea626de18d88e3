"""Confirming a claim's failure in high precision: two precisions, a stable difference, certificates."""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from checks.claims.case import (
    STILL_APART,
    Case,
    counterexample,
    has_limit,
    limits_in,
    mp_env,
    only_bound,
    point_text,
)
from checks.claims.scope import Scope
from checks.numeric.certify import certify_failure, distinct_texts, exactly_equal_at
from checks.numeric.compare import (
    aligned,
    entries,
    needs_certificate,
    relation_holds,
    surely_violated,
)
from checks.numeric.compiled import STABLE_RTOL, enclosures
from checks.numeric.evaluate import Unsupported, evaluate_mpmath
from checks.numeric.kink_points import kink_at
from checks.numeric.sampling import Sample


def mp_value(expr: Any, env: dict[sp.Symbol, Any], digits: int, nearer: bool = False) -> list[Any] | None:
    """High-precision entries; a Limit is estimated at a far point of its sequence."""
    entries = list(expr) if isinstance(expr, sp.MatrixBase) else [expr]
    out = []
    with mpmath.workdps(digits):
        for entry in entries:
            entry = sp.sympify(entry)
            try:
                value = evaluate_mpmath(_limits_at_far_point(entry, digits, nearer), env, {})
                if any(str(lim.args[3]) == "+-" and lim.args[2].is_finite for lim in limits_in(entry)):
                    # A two-sided limit: from the left too, and no value where the sides differ.
                    other = evaluate_mpmath(_limits_at_far_point(entry, digits, nearer, -1), env, {})
                    # (as loose as the NumPy side's test: near the point, smooth sides differ too)
                    if abs(other - value) > mpmath.mpf("1e-3") * (1 + abs(value)):
                        return None
            except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
                # Undefined here (0/0, overflow, unknown function): the point is skipped, never
                # guessed; SymPy's evalf with substituted floats returns nonsense at 0/0.
                return None
            value = mpmath.mpmathify(value)
            if isinstance(value, mpmath.mpc):
                if abs(value.imag) > mpmath.mpf(10) ** (-digits // 2):
                    return None
                value = value.real
            if not mpmath.isfinite(value):
                return None
            out.append(value)
    return out


def _limits_at_far_point(expr: sp.Basic, digits: int, nearer: bool = False, two_sided: int = 1) -> sp.Basic:
    """``expr`` with each limit replaced by its body at a far point of its sequence; a
    two-sided limit is approached from the side ``two_sided`` (+1 right, -1 left)."""

    def far(limit: sp.Limit) -> sp.Basic:
        body, var, point = limit.args[0], limit.args[1], limit.args[2]
        scale = sp.Integer(10) ** (digits // (6 if nearer else 3))
        if point in (sp.oo, -sp.oo):
            at = scale if point is sp.oo else -scale
        else:
            at = point + {"-": -1, "+": 1}.get(str(limit.args[3]), two_sided) / scale
        # Unevaluated: SymPy would compute factorial(10**13) exactly; mpmath evaluates it.
        with sp.evaluate(False):
            return body.xreplace({var: at})

    return expr.replace(lambda e: isinstance(e, sp.Limit), far) if expr.has(sp.Limit) else expr


def really_differs(
    left: Any, rel: str, right: Any, sample: Sample, scope: Scope
) -> tuple[bool, list[Any], list[Any]]:
    """Confirm a disagreement in high precision, twice: a real one survives more digits, and
    the difference stays put (cancellation noise moves when the precision doubles).

    A strict relation whose two sides agree to the digits used fails only on an exact tie
    (see :func:`checks.prove.symbolic.exactly_equal_at`).
    """
    verdicts = []
    tie = False
    gaps: list[list[Any]] = []
    allowance = mpmath.mpf(0)
    values: tuple[list[Any], list[Any]] = ([], [])
    for digits in (40, 80):
        with mpmath.workdps(digits):
            env = mp_env(sample, scope)
            lv, rv = mp_value(left, env, digits), mp_value(right, env, digits)
            if lv is None or rv is None:
                return False, [], []
            tol = mpmath.mpf(10) ** (-(digits // 2))
            allowance = mpmath.mpf(0)
            if has_limit(left) or has_limit(right):
                # A limit is only estimated: allow 100 times the change between two far points.
                lv2, rv2 = mp_value(left, env, digits, True), mp_value(right, env, digits, True)
                if lv2 is None or rv2 is None:
                    return False, [], []
                allowance = 100 * max(abs(a - b) for a, b in zip(lv + rv, lv2 + rv2, strict=True))
            holds, _ = relation_holds(lv, rel, rv, rtol=float(tol), atol=allowance)
            pairs = aligned(lv, rv)
            if holds and rel in ("<", ">"):
                # Relative to the values, however small: exp(-800) > 0 has a real gap.
                holds = all(
                    g > 0 and g > tol * max(abs(a), abs(b))
                    for a, b in pairs
                    for g in [a - b if rel == ">" else b - a]
                )
                tie = tie or not holds
            verdicts.append(not holds)
            gaps.append([a - b for a, b in pairs])
            values = (lv, rv)
    if not all(verdicts):
        return False, [], []
    if tie:
        if not exactly_equal_at(left, right, sample.exact(scope.variables)):
            return False, [], []
    elif any(abs(c - f) > allowance + STABLE_RTOL * abs(f) for c, f in zip(*gaps, strict=True)):
        return False, [], []  # (e^z + 1)^2 - e^{2z} - 2e^z = 1 at z = 50: noise, not a gap
    elif not (has_limit(left) or has_limit(right)):
        # Rounding can also be stable: (X + 1)^2 - X^2 - 2X is -2X in 40 and in 80 digits once
        # X = e^{1000/3} swallows the 1. Interval arithmetic must certify the gap.
        point = sample.exact(scope.variables)
        lefts, rights = enclosures(entries(left), point), enclosures(entries(right), point)
        if lefts is None or rights is None:
            if needs_certificate(left, right):
                return False, [], []  # floor(3 Σ s) is 2 in every precision when Σ s rounds below 1
        elif not surely_violated(lefts, rel, rights, 0.0, 0.0):
            return False, [], []
    return True, values[0], values[1]


#: How many sample points a claim with no proof is looked at exactly, with no tolerance.
EXACT_POINTS = 3


def exactly_refuted(
    case: Case, rel: str, points: list[tuple[int, Sample]], scope: Scope, end: float
) -> dict[str, Any] | None:
    """A difference under every tolerance (1 + e^-50 = 1, 25! = 15511210043330985984000001),
    certified at a rational point by exact or interval arithmetic at rising precision (see
    :func:`checks.numeric.certify.certify_failure`). A limit is only estimated: never here."""
    if case.failure is not None or has_limit(case.left) or has_limit(case.right):
        return None
    for index, sample in points:
        found = certify_failure(case.left, rel, case.right, sample.exact(scope.variables), end)
        if found is not None:
            case.refuted_at = index
            texts = [distinct_texts(a, b) for a, b in aligned(found.lefts, found.rights)]
            left = texts[0][0] if len(texts) == 1 else "(" + ", ".join(t[0] for t in texts) + ")"
            right = texts[0][1] if len(texts) == 1 else "(" + ", ".join(t[1] for t in texts) + ")"
            return {
                "point": point_text(sample, scope, only_bound(case)),
                "indices": dict(case.indices),
                "left": left,
                "right": right,
                "certified": found.how,
            }
    return None


def _confirmed(case: Case, rel: str, sample: Sample, scope: Scope) -> dict[str, Any] | None:
    """The counterexample at ``sample`` if the claim fails there in high precision."""
    if case.failure is not None or (case.kinks and kink_at(case.kinks, sample.exact(scope.variables))):
        return None  # where a derivative may not exist, the claim is neither refuted nor confirmed
    differs, lv, rv = really_differs(case.left, rel, case.right, sample, scope)
    if not differs:
        return None
    return counterexample(case, sample, scope, lv, rv)


def first_confirmed(
    case: Case, rel: str, points: list[tuple[int, Sample]], scope: Scope
) -> dict[str, Any] | None:
    """The first of ``points`` where the claim fails in high precision (each is then marked)."""
    for index, sample in points:
        case.confirmed.add(index)
        if index in case.kinked:
            continue
        found = _confirmed(case, rel, sample, scope)
        if found is not None:
            case.refuted_at = index
            return found
        if case.unsettled is None and case.failure is None and _limit_unsettled(case, rel, sample, scope):
            case.unsettled = (index, STILL_APART)
    return None


#: The digits a point past the float range is evaluated in, and the tolerance it is held to.
HIGH_DIGITS = 60
_HIGH_RTOL = 1e-20


def holds_in_high_precision(case: Case, rel: str, sample: Sample, scope: Scope) -> bool:
    """Whether the claim holds at ``sample`` in :data:`HIGH_DIGITS` and twice as many digits
    (within a relative 10^-20): a point where floats overflow (2**H at H = 2000, e^1000) is
    evaluated there instead of being skipped. Agreement only, never a proof."""
    if case.failure is not None or (case.kinks and kink_at(case.kinks, sample.exact(scope.variables))):
        return False
    for digits in (HIGH_DIGITS, 2 * HIGH_DIGITS):
        with mpmath.workdps(digits):
            env = mp_env(sample, scope)
            lv, rv = mp_value(case.left, env, digits), mp_value(case.right, env, digits)
            if lv is None or rv is None:
                return False
            holds, _ = relation_holds(lv, rel, rv, rtol=_HIGH_RTOL, atol=0.0)
            if not holds:
                return False
    return True


def _limit_unsettled(case: Case, rel: str, sample: Sample, scope: Scope) -> bool:
    """Whether the claim misses at ``sample`` by more than 10^-6 at the far point (10^13 or
    10^-13 from the limit point), yet holds within what its limits may still move (100 × the
    change between two far points): the numbers can then neither confirm nor clear it
    (log(m)/m^(1/1000) → 0 still moves by 15 between 10^6 and 10^13, which would hide any
    other limit's error)."""
    if not (has_limit(case.left) or has_limit(case.right)):
        return False
    with mpmath.workdps(40):
        env = mp_env(sample, scope)
        far = mp_value(case.left, env, 40), mp_value(case.right, env, 40)
        near = mp_value(case.left, env, 40, True), mp_value(case.right, env, 40, True)
        if far[0] is None or far[1] is None or near[0] is None or near[1] is None:
            return False
        moved = 100 * max(abs(a - b) for a, b in zip(far[0] + far[1], near[0] + near[1], strict=True))
        loose, _ = relation_holds(far[0], rel, far[1], rtol=1e-6, atol=moved)
        tight, _ = relation_holds(far[0], rel, far[1], rtol=1e-6, atol=1e-6)
    return bool(loose and not tight)
