"""A claim between constants (no free variable) decided by exact or interval arithmetic."""

from __future__ import annotations

import time

import sympy as sp

from checks.claims.case import Case
from checks.numeric.certify import certify_holding
from checks.prove.ladder import SymbolicOutcome

#: Seconds spent at most certifying a constant claim (each precision takes milliseconds).
CONSTANT_SECONDS = 2.0

_UNEVALUATED = (sp.Limit, sp.Derivative, sp.Integral, sp.Sum, sp.Product)


def is_constant(case: Case) -> bool:
    """Whether both sides are numbers: no free symbol, nothing left to carry out."""
    sides = (case.left, case.right)
    return case.failure is None and all(
        isinstance(s, sp.Basic | sp.MatrixBase) and not s.free_symbols and not s.has(*_UNEVALUATED)
        for s in sides
    )


def certified_constant(case: Case, rel: str, end: float) -> SymbolicOutcome | None:
    """The claim proved by a certificate at its only point: exact rational arithmetic (any
    relation), or rigorous intervals apart in the right order (a strict or non-strict
    inequality between different numbers); None where neither certifies it. Needs no
    sample point: ``factorial(1000)/factorial(999) = 1000`` and ``2**10000 > 10**3010`` are
    past the float range."""
    found = certify_holding(case.left, rel, case.right, min(end, time.monotonic() + CONSTANT_SECONDS))
    if found is None:
        return None
    how = f"{found.how} (no free variables)"
    return SymbolicOutcome(True, how, (how,))
