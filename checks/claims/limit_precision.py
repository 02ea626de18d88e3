"""A limit at a finite point whose float sequence cancels, looked at in high precision instead:
(σ(x) - 1/2 - x/4)/x³ at x = 10⁻⁷ is noise in floats and -1/48 in 80 digits."""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from checks.claims.case import Case, mp_env
from checks.claims.scope import Scope
from checks.numeric.compare import relation_holds
from checks.numeric.evaluate import Unsupported, evaluate_mpmath
from checks.numeric.sampling import Sample

#: The steps 10^-k of the sequence, each evaluated at 30 + 8k digits and again at twice as many.
STEPS = (4, 7, 10, 13)
#: How close the last two steps, the two precisions and the two sides must be (relative).
SETTLED = mpmath.mpf("1e-6")

_ERRORS = (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError)


def _at_step(expr: sp.Basic, k: int, side: int) -> sp.Basic:
    """``expr`` with every limit at a finite point replaced by its body 10^-k from the point,
    on ``side`` (+1 right, -1 left) unless the limit names its own side."""

    def near(limit: sp.Limit) -> sp.Basic:
        body, var, point, direction = limit.args
        if not point.is_finite:
            raise Unsupported("a limit at infinity")
        sign = {"+": 1, "-": -1}.get(str(direction), side)
        with sp.evaluate(False):
            return body.xreplace({var: point + sign * sp.Rational(1, 10**k)})

    return expr.replace(lambda e: isinstance(e, sp.Limit), near)


def _value(expr: sp.Basic, env: dict[sp.Symbol, Any], k: int, side: int, digits: int) -> Any:
    with mpmath.workdps(digits):
        value = mpmath.mpmathify(evaluate_mpmath(_at_step(expr, k, side), env, {}))
        if isinstance(value, mpmath.mpc) or not mpmath.isfinite(value):
            raise Unsupported("not a finite real value")
        return +value


def _close(a: Any, b: Any) -> bool:
    return bool(abs(a - b) <= SETTLED * (1 + abs(a) + abs(b)))


def settled_value(expr: sp.Basic, env: dict[sp.Symbol, Any]) -> Any:
    """The value the sequence settles at, from both sides, in high precision; None where a
    value moves when the precision doubles (noise), the sequence still moves, the sides
    differ, or a value cannot be had."""
    ends = []
    for side in (1, -1):
        values = []
        for k in STEPS:
            digits = 30 + 8 * k
            try:
                value, again = _value(expr, env, k, side, digits), _value(expr, env, k, side, 2 * digits)
            except _ERRORS:
                return None
            if not _close(value, again):
                return None
            values.append(again)
        if not _close(values[-2], values[-1]):
            return None
        ends.append(values[-1])
    return ends[0] if _close(ends[0], ends[1]) else None


def sides_in_high_precision(
    case: Case, rel: str, sample: Sample, scope: Scope
) -> tuple[bool, Any, Any] | None:
    """Whether the claim holds at ``sample`` with its limits taken in high precision, and both
    sides' values there; None where they do not settle (see :func:`settled_value`)."""
    if not all(isinstance(s, sp.Basic) for s in (case.left, case.right)):
        return None
    with mpmath.workdps(40):
        env = mp_env(sample, scope)
    left, right = settled_value(case.left, env), settled_value(case.right, env)
    if left is None or right is None:
        return None
    holds, _ = relation_holds([left], rel, [right], rtol=float(SETTLED), atol=float(SETTLED))
    return bool(holds), left, right
