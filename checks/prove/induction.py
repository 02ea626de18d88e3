"""Induction on a positive integer: base cases checked exactly, the step proved symbolically."""

from __future__ import annotations

import time

import sympy as sp

from checks.errors import StepTimeout
from checks.numeric.certify import certify_holding
from checks.prove.ladder import SymbolicOutcome
from checks.prove.sign import prove_relation
from checks.timeout import deadline

#: The step is tried from H = 1, …, this: the base cases are H = 1 … K, checked exactly.
MAX_BASE = 5
#: Seconds for one sign in a step (A ≥ 0 or B ≥ 0).
SIGN_SECONDS = 1.5

_FAILURES = (ValueError, TypeError, NotImplementedError, ZeroDivisionError, OverflowError, RecursionError)


def integer_variable(left: sp.Expr, right: sp.Expr) -> sp.Symbol | None:
    """The claim's only free symbol when it is a positive integer (None otherwise)."""
    symbols = sp.sympify(left).free_symbols | sp.sympify(right).free_symbols
    if len(symbols) != 1:
        return None
    (h,) = symbols
    return h if h.is_integer and h.is_positive else None


def _split_factorials(e: sp.Expr) -> sp.Expr:
    """factorial(g + k) as factorial(g)·(g + 1)…(g + k) for a whole k ≥ 1, so that the logs
    of H! and (H + 1)! meet: log((H + 1)!) = log(H + 1) + log(H!)."""

    def split(f: sp.factorial) -> sp.Expr:
        k, g = f.args[0].as_coeff_Add()
        if not (k.is_Integer and 0 < k <= 4 and g.free_symbols):
            return f
        return sp.factorial(g) * sp.Mul(*[g + i for i in range(1, int(k) + 1)])

    return e.replace(lambda f: isinstance(f, sp.factorial), split)


def _simplified(e: sp.Expr) -> sp.Expr:
    """Ratios and differences of factorials and powers in H and H + 1 made plain."""
    if e.has(sp.log):
        e = sp.expand_log(_split_factorials(e))
    return sp.factor(sp.powsimp(sp.gammasimp(sp.expand_power_exp(e)), combine="exp"))


def _steps(big: sp.Expr, small: sp.Expr, h: sp.Symbol) -> list[tuple[str, sp.Expr, sp.Expr, sp.Expr]]:
    """Ways to write ``d(H + 1) = A·d(H) + B`` for ``d = big - small``, as (how, A, B, the
    expression that must be positive for the identity to hold): with ``A`` the ratio of
    ``big`` (B = A·small(H) - small(H + 1)) or of ``small`` (B = big(H + 1) - A·big(H)) from H
    to H + 1, or 1 (B = d(H + 1) - d(H))."""
    up = {h: h + 1}
    out = []
    if big.has(h):
        ratio = _simplified(big.xreplace(up) / big)
        out.append(("ratio", ratio, _simplified(ratio * small - small.xreplace(up)), big))
    if small.has(h):
        ratio = _simplified(small.xreplace(up) / small)
        out.append(("ratio", ratio, _simplified(big.xreplace(up) - ratio * big), small))
    d = big - small
    out.append(("difference", sp.Integer(1), _simplified(d.xreplace(up) - d), sp.Integer(1)))
    return out


def _base_cases(big: sp.Expr, strict: bool, small: sp.Expr, h: sp.Symbol, k: int, end: float) -> bool:
    """``big > small`` (``>=``) at H = 1 … k, each by an exact or interval certificate."""
    rel = ">" if strict else ">="
    return all(
        certify_holding(big.xreplace({h: sp.Integer(i)}), rel, small.xreplace({h: sp.Integer(i)}), end)
        is not None
        for i in range(1, k + 1)
    )


def _holds(e: sp.Expr, rel: str, end: float) -> bool:
    budget = min(SIGN_SECONDS, end - time.monotonic())
    return budget > 0 and prove_relation(e, rel, sp.Integer(0), {}, budget).proved is True


def _step_proved(big: sp.Expr, small: sp.Expr, h: sp.Symbol, k: int, strict: bool, end: float) -> str | None:
    """How the step from H to H + 1 is proved for every H ≥ k (H = k + m, m ≥ 0 an integer),
    or None: A ≥ 0 (> 0 for a strict claim, so that A·d(H) > 0), B ≥ 0, and the side whose
    ratio is A positive."""
    m = sp.Dummy("m", integer=True, nonnegative=True)
    at = {h: k + m}
    for how, a, b, divisor in _steps(big, small, h):
        if _fails_soon(b, h, k):
            continue
        if (
            _holds(divisor.xreplace(at), ">", end)
            and _holds(a.xreplace(at), ">" if strict else ">=", end)
            and _holds(b.xreplace(at), ">=", end)
        ):
            return how
    return None


def _fails_soon(b: sp.Expr, h: sp.Symbol, k: int) -> bool:
    """Whether ``B`` is plainly negative at one of H = k … k + 8 (30 digits): the step cannot
    be proved from ``k``, and the symbolic attempt would only spend its time."""
    for i in range(k, k + 9):
        try:
            value = b.xreplace({h: sp.Integer(i)}).evalf(30)
        except _FAILURES:
            return False
        if value is sp.nan or value.is_finite is False:
            return True  # undefined there (a ratio over log 1 = 0): this step cannot hold
        if value.is_Number and value < -sp.Float("1e-20") * (1 + abs(value)):
            return True
    return False


def prove_by_induction(left: sp.Expr, rel: str, right: sp.Expr, end: float) -> SymbolicOutcome | None:
    """``left REL right`` for every positive integer H (its only variable) by induction: the
    base cases H = 1 … K certified exactly, and ``d(H + 1) = A·d(H) + B`` with A, B ≥ 0 for
    every H ≥ K; None when no K ≤ :data:`MAX_BASE` works (or it is not such a claim)."""
    h = integer_variable(left, right)
    if h is None or rel not in ("<", "<=", ">", ">="):
        return None
    big, small = (
        (sp.sympify(left), sp.sympify(right)) if rel in (">", ">=") else (sp.sympify(right), sp.sympify(left))
    )
    strict = rel in ("<", ">")
    try:
        with deadline(end - time.monotonic()):
            for k in range(1, MAX_BASE + 1):
                if not _base_cases(big, strict, small, h, k, end):
                    return None  # a base case fails or is uncertified: so would every larger K
                how = _step_proved(big, small, h, k, strict, end)
                if how is not None:
                    method = f"induction on {h} from {h} = {k} (step by the {how})"
                    return SymbolicOutcome(True, method, (method,))
    except (StepTimeout, *_FAILURES):
        return None
    return None
