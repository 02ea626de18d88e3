"""A wrong limit refuted by proof: the body stays a proved gap away from the claimed value."""

from __future__ import annotations

import math
import time

import sympy as sp

from checks.errors import StepTimeout
from checks.prove.sign import prove_relation


def limit_gap_proved(
    body: sp.Expr, var: sp.Symbol, point: object, direction: str, claimed: sp.Expr, budget: float
) -> bool:
    """Whether ``lim_{var → point} body = claimed`` is proved wrong: ``body`` stays at least δ
    away from ``claimed`` for every value of ``var`` on the way to ``point`` (δ half the gap
    seen far along), so the limit, if there is one, is not ``claimed``. A sequence of values
    alone can stop short of where a limit settles (``l/(l + 10**30) → 1``); this cannot.
    ``body`` and ``claimed`` must have no other free symbols."""
    t = sp.Dummy("t", positive=True)
    claimed = sp.sympify(claimed)
    if point in (sp.oo, -sp.oo):
        tails, far = [t if point is sp.oo else -t], sp.Integer(10) ** 12
    else:  # from each side the variable comes from: one side away from the value is enough
        tails, far = (
            [point + side * t for side in (1, -1) if "+-"[side < 0] in direction],
            sp.Integer(10) ** -12,
        )
    end = time.monotonic() + budget
    for along in tails:
        tail = sp.sympify(body).xreplace({var: along})
        if claimed.free_symbols or tail.free_symbols - {t}:
            return False
        try:
            seen = float(sp.N(tail.xreplace({t: far}), 30) - claimed)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(seen) or seen == 0:
            continue
        gap = sp.Rational(abs(seen) / 2)  # exact (a binary fraction): never rounded to 0
        rel, bound = (">=", claimed + gap) if seen > 0 else ("<=", claimed - gap)
        try:
            if prove_relation(tail, rel, bound, {}, max(end - time.monotonic(), 1e-3)).proved is True:
                return True
        except StepTimeout:
            return False
    return False
