"""A limit claimed off by less than any float tolerance (lim l·log(1 + 1/l) = 1 + 10⁻⁹), refuted:
sympy.limit's values at an exact point certified to break the relation, and each side's own
sequence, carried far out in high precision, seen to settle on sympy.limit's value much closer
than the gap. Neither alone refutes: sympy.limit can be wrong, and a sequence only estimates."""

from __future__ import annotations

import itertools
import time
from typing import Any

import mpmath
import sympy as sp

from checks.claims.case import SYMPY_ERRORS, Case, counterexample, has_limit, mp_env
from checks.claims.limits import limits_at_point
from checks.claims.scope import Scope
from checks.numeric.certify import certify_failure, distinct_texts
from checks.numeric.evaluate import Unsupported, evaluate_mpmath
from checks.numeric.sampling import Sample

#: The sequence's far points: 10^k from a finite point's 0, or 10^k itself towards infinity.
STEPS = (8, 16, 32, 64)
#: How much closer than the gap the last far point must be to sympy.limit's value.
MARGIN = mpmath.mpf(1000)

_ERRORS = (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError, *SYMPY_ERRORS)


def tiny_limit_gap(
    case: Case, rel: str, points: list[tuple[int, Sample]], scope: Scope, end: float
) -> dict[str, Any] | None:
    """The counterexample where a claim with limits fails by a gap under the float tolerance,
    or None (see the module's docstring)."""
    if case.failure is not None or not (has_limit(case.left) or has_limit(case.right)):
        return None
    if any(isinstance(s, sp.MatrixBase) or not isinstance(s, sp.Basic) for s in (case.left, case.right)):
        return None
    for index, sample in points:
        if time.monotonic() >= end:
            return None
        sides = limits_at_point(case, sample, scope, end)
        if sides is None:
            continue
        left, right = sides
        found = certify_failure(left, rel, right, {}, end)
        if found is None or not _settles_within(case, sample, scope, left, right):
            continue
        case.refuted_at = index
        texts = distinct_texts(found.lefts[0], found.rights[0])
        out = counterexample(case, sample, scope, [found.lefts[0]], [found.rights[0]])
        out.update(left=texts[0], right=texts[1], certified=f"{found.how}, and the sequence")
        return out
    return None


def _settles_within(case: Case, sample: Sample, scope: Scope, left: Any, right: Any) -> bool:
    """Whether each side, its limits replaced by their bodies at the far points (from both
    sides of a finite point), comes ever closer to sympy.limit's exact value of it, and ends
    MARGIN times closer than the gap between the two values."""
    digits = 2 * STEPS[-1] + 40
    with mpmath.workdps(digits):
        try:
            targets = [mpmath.mpf(sp.Float(sp.N(v, digits), digits)) for v in (left, right)]
        except (TypeError, ValueError, *SYMPY_ERRORS):
            return False  # complex, or not a number
        gap = abs(targets[0] - targets[1])
        if gap == 0 or not mpmath.isfinite(gap):
            return False
        env = mp_env(sample, scope)
        for side, target in zip((case.left, case.right), targets, strict=True):
            for sign in (1, -1):
                distances = _distances(side, target, env, sign)
                if distances is None or any(b > a for a, b in itertools.pairwise(distances)):
                    return False
                if distances[-1] * MARGIN >= gap:
                    return False
    return True


def _distances(side: sp.Basic, target: Any, env: dict[sp.Symbol, Any], sign: int) -> list[Any] | None:
    distances = []
    for k in STEPS:
        try:
            value = mpmath.mpmathify(evaluate_mpmath(_far(side, k, sign), env, {}))
        except _ERRORS:
            return None
        if isinstance(value, mpmath.mpc) or not mpmath.isfinite(value):
            return None
        distances.append(abs(value - target))
    return distances


def _far(expr: sp.Basic, k: int, sign: int) -> sp.Basic:
    """``expr`` with every limit replaced by its body 10^k towards infinity, or 10^-k from a
    finite point on the limit's side (on the side ``sign`` of a two-sided one)."""

    def far(limit: sp.Limit) -> sp.Basic:
        body, var, point, direction = limit.args
        if point == sp.oo:
            at = sp.Integer(10) ** k
        elif point == -sp.oo:
            at = -(sp.Integer(10) ** k)
        else:
            side = {"+": 1, "-": -1}.get(str(direction), sign)
            at = point + side * sp.Rational(1, 10**k)
        with sp.evaluate(False):
            return body.xreplace({var: at})

    return expr.replace(lambda e: isinstance(e, sp.Limit), far)
