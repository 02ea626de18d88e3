"""One assignment of a claim's free indices (a case), and how its points and values are shown."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from checks.claims.scope import Scope
from checks.errors import StepTimeout
from checks.numeric.certify import distinct_texts
from checks.numeric.kinks import Kink
from checks.numeric.sampling import Sample, decimal_text
from checks.prove.ladder import SymbolicOutcome


def to_matrix(value: Any) -> Any:
    return sp.ImmutableMatrix(value) if isinstance(value, tuple) else value


def _doit(expr: Any) -> Any:
    """Derivatives carried out, and nothing else: a limit stays a Limit, so that its value
    is never ``sympy.limit``'s alone (see :func:`prove` and the numeric confirmation)."""
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.applyfunc(_doit))
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Derivative):
        return expr
    if not expr.has(sp.Limit):
        return expr.doit()
    if any(d.has(sp.Limit) for d in expr.atoms(sp.Derivative)):
        # d/da lim f = lim d/da f needs uniform convergence; and doit() would hand the
        # limit to sympy.limit unchecked.
        raise ValueError("a derivative of a limit is not checked")
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())


def mp_env(sample: Sample, scope: Scope) -> dict[sp.Symbol, Any]:
    env: dict[sp.Symbol, Any] = {}
    for var in scope.variables:
        for sym, q in zip(var.symbols, sample.values[var.name], strict=True):
            env[sym] = mpmath.mpf(q.numerator) / q.denominator
    return env


def limit_variables(case: Case) -> set[sp.Basic]:
    """The variables of the limits in the claim."""
    return {lim.args[1] for side in (case.left, case.right) for lim in limits_in(side)}


def only_bound(case: Case) -> set[str]:
    """Names that occur only as the variable of a limit (never free) in the claim."""
    bound = {str(v) for v in limit_variables(case)}
    free = {
        str(s) for side in (case.left, case.right) if isinstance(side, sp.Basic) for s in side.free_symbols
    }
    return bound - free


def limits_in(expr: Any) -> set[sp.Limit]:
    return expr.atoms(sp.Limit) if isinstance(expr, sp.Basic) else set()


def at(expr: Any, point: Mapping[sp.Symbol, sp.Expr]) -> Any:
    return expr.xreplace(dict(point)) if isinstance(expr, sp.Basic) else expr


def has_limit(expr: Any) -> bool:
    return isinstance(expr, sp.Basic | sp.MatrixBase) and expr.has(sp.Limit)


def _fmt(q: Fraction) -> str:
    if q.denominator == 1:
        return str(q.numerator)
    if q.denominator < 10**4:
        return f"{q.numerator}/{q.denominator}"
    return decimal_text(q)


def point_text(sample: Sample, scope: Scope, bound: Collection[str] = ()) -> dict[str, str]:
    """The point's values by name, without the variables of limits (``bound``), whose sampled
    value means nothing."""
    shown = [v for v in scope.variables if v.name not in bound]
    out = {}
    for var in shown:
        vals = [_fmt(q) for q in sample.values[var.name]]
        out[var.name] = vals[0] if var.size is None else "(" + ", ".join(vals) + ")"
    return out


@dataclass
class Case:
    """One assignment of the free indices: the two sides after ``doit``, or why there are none."""

    indices: dict[str, int]
    left: Any
    right: Any
    failure: SymbolicOutcome | None = None
    confirmed: set[int] = field(default_factory=set)  # sample points already looked at exactly
    refuted_at: int | None = None  # the sample point of the confirmed counterexample
    # Where the numbers could neither confirm nor clear a limit (its sides settle apart, or
    # it still moves too much), and what to say: the claim is then never verified.
    unsettled: tuple[int, str] | None = None
    outside: set[int] = field(default_factory=set)  # points where a value left the reals
    # Where a derivative in the claim may not exist (checks.numeric.kinks), and the points found there.
    kinks: tuple[Kink, ...] = ()
    kinked: set[int] = field(default_factory=set)
    kinked_checked: bool = False
    # The points where an inequality's float slack was least: where a violation under the
    # tolerance (KL(p, q) >= 1e-20 at p = q) would be; looked at exactly if nothing is proved.
    nearest: list[int] = field(default_factory=list)


SYMPY_ERRORS = (ValueError, TypeError, NotImplementedError, ZeroDivisionError, OverflowError, RecursionError)


def evaluated(left: Any, right: Any) -> tuple[Any, Any, SymbolicOutcome | None]:
    """Both sides with derivatives and sums carried out (limits stay: see :func:`prove`)."""
    try:
        return _doit(to_matrix(left)), _doit(to_matrix(right)), None
    except StepTimeout:
        return None, None, SymbolicOutcome(None, None, ("timed out",))
    except SYMPY_ERRORS as exc:
        return None, None, SymbolicOutcome(None, None, (f"SymPy failed: {type(exc).__name__}: {exc}",))


def counterexample(
    case: Case, sample: Sample, scope: Scope, left: Sequence[Any], right: Sequence[Any]
) -> dict[str, Any]:
    """The counterexample as reported: the point (no limit's own variable), the index
    assignment, and both sides' high-precision values."""
    lefts, rights = [mpmath.nstr(v, 8) for v in left], [mpmath.nstr(v, 8) for v in right]
    if len(left) == len(right) and lefts == rights and any(a != b for a, b in zip(left, right, strict=True)):
        # As many digits as tell the two apart: a gap of 10⁻¹² is not "1.0 against 1.0".
        pairs = [distinct_texts(a, b) for a, b in zip(left, right, strict=True)]
        lefts, rights = [p[0] for p in pairs], [p[1] for p in pairs]
    return {
        "point": point_text(sample, scope, only_bound(case)),
        "indices": dict(case.indices),
        "left": _joined(lefts),
        "right": _joined(rights),
    }


def _joined(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"


_LIMIT_BELIEF = "a limit is believed only where the numbers agree, whatever sympy.limit answers"


STILL_APART = (
    "the numbers along a limit's sequence are still apart from the claim ({where}): " + _LIMIT_BELIEF
)


SIDES_APART = (
    "a two-sided limit's numbers settle apart from the left and from the right ({where}): " + _LIMIT_BELIEF
)


AMBIGUOUS_ROOT = (
    "a fractional power of a negative number ({where}) has a real reading (the cube root of -8 is -2) "
    "that SymPy does not take (it answers 1 + 1.73i): not decided"
)
