"""The equality ladder: rewriting strategies for ``left - right = 0``, cheapest first, under a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from sympy.matrices import MatrixBase

from checks.errors import StepTimeout
from checks.prove.differentiate import Differentiator
from checks.prove.ring import RingZeroTest
from checks.timeout import deadline

Transform = Callable[[sp.Expr], sp.Expr]


@dataclass(frozen=True)
class SymbolicOutcome:
    """``proved`` is True (the step holds), False (proven not to hold) or None (undecided)."""

    proved: bool | None
    method: str | None
    tried: tuple[str, ...]
    residual: sp.Expr | None = None


def evaluate_definitions(expr: object, differ: Differentiator | None = None) -> object:
    """Carry out unevaluated derivatives, sums and limits-free definitions (``doit``).

    Derivatives outside any sum go through one :class:`Differentiator` per matrix, so the
    entries share the work on common subexpressions; the rest is SymPy's ``doit``.
    """
    differ = differ if differ is not None else Differentiator()
    if isinstance(expr, MatrixBase):
        entries = [evaluate_definitions(e, differ) for e in expr]
        return sp.ImmutableMatrix(expr.shape[0], expr.shape[1], entries)
    if isinstance(expr, sp.Derivative):
        return differ.derivative(expr)
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Derivative, sp.Sum, sp.Product):
        return expr
    out: sp.Basic = expr
    if not out.has(sp.Sum, sp.Product, sp.Integral):
        out = out.replace(lambda e: isinstance(e, sp.Derivative), differ.derivative)
    return out.doit() if out.has(sp.Derivative, sp.Sum, sp.Product) else out


_HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh)


def _exp_atoms_to_symbols(expr: sp.Expr, replacements: dict[sp.Symbol, sp.Symbol] | None = None) -> sp.Expr:
    """Write ``exp(c·x + d·y)`` as ``X**c · Y**d`` with positive symbols, making exp-polynomial
    identities into rational-function identities that ``cancel`` decides exactly.

    Sound: the map is a ring homomorphism on the exponentials it touches, and opaque atoms
    stay opaque, so a zero result proves the original zero. ``replacements`` (if given)
    receives the map ``x ↦ X``.
    """
    replacements = {} if replacements is None else replacements

    def base(s: sp.Symbol) -> sp.Symbol:
        if s not in replacements:
            replacements[s] = sp.Dummy(f"exp_{s.name}", positive=True)  # never a user's name
        return replacements[s]

    def rewrite(e: sp.exp) -> sp.Expr:
        factors: list[sp.Expr] = []
        for term in sp.Add.make_args(sp.expand(e.args[0])):
            coeff, rest = term.as_coeff_Mul()
            if isinstance(rest, sp.Symbol) and rest.is_real and coeff.is_Rational:
                factors.append(base(rest) ** coeff)
            else:
                factors.append(sp.exp(term))
        return sp.Mul(*factors)

    if expr.has(*_HYPERBOLIC):
        expr = expr.rewrite(sp.exp)
    return expr.replace(lambda e: isinstance(e, sp.exp), rewrite)


def _exp_rational(d: sp.Expr) -> sp.Expr:
    d = sp.expand_log(d)
    return sp.cancel(sp.together(_exp_atoms_to_symbols(d)))


def _exp_log_rational(d: sp.Expr) -> sp.Expr:
    # log of a product of positive factors splits once exps are positive symbols; then
    # log X = x for X = exp(x), x real, so log(Σ e^(b + x_k)) - b - log Σ e^(x_k) cancels.
    back: dict[sp.Symbol, sp.Symbol] = {}
    d = _exp_atoms_to_symbols(sp.expand_log(d), back)
    d = sp.expand_log(sp.factor_terms(d))
    d = d.xreplace({sp.log(big): small for small, big in back.items()})
    return sp.cancel(sp.together(sp.expand(d)))


def _exp_numerator(d: sp.Expr) -> sp.Expr:
    # d = N/D exactly, so N expanding to 0 proves d = 0 wherever d is defined.
    return sp.expand(sp.numer(sp.together(_exp_atoms_to_symbols(d))))


#: The method name recorded when :class:`checks.prove.ring.RingZeroTest` proves an entry.
RING_METHOD = "exp as rational function, numerator is the zero polynomial"

#: The ladder for equalities: (name, transform), cheapest first.
EQUALITY_LADDER: tuple[tuple[str, Transform], ...] = (
    ("exp as rational function, numerator expands to 0", _exp_numerator),
    ("cancel", lambda d: sp.cancel(sp.together(d))),
    ("exp as rational function + cancel", _exp_rational),
    ("expand_log + exp as rational function", _exp_log_rational),
    ("expand + powsimp", lambda d: sp.powsimp(sp.expand(d, power_exp=True), force=False)),
    ("simplify", sp.simplify),
)


def _is_zero(e: sp.Expr) -> bool:
    # Structural only: asking the assumptions system (is_zero) costs more than the ladder.
    return e == 0


def prove_zero(d: sp.Expr, budget: float) -> SymbolicOutcome:
    """Prove the scalar ``d`` is 0 by the equality ladder (False: it is a nonzero number)."""
    if _is_zero(d):
        return SymbolicOutcome(True, "identical", ("identical",))
    tried: list[str] = []
    end = time.monotonic() + budget
    last: sp.Expr = d
    for name, transform in EQUALITY_LADDER:
        tried.append(name)
        try:
            with deadline(end - time.monotonic()):
                last = transform(d)
        except StepTimeout:
            tried[-1] += " (timed out)"
            break
        if _is_zero(last):
            return SymbolicOutcome(True, name, tuple(tried))
        if last.is_number and last.is_zero is False:
            return SymbolicOutcome(False, name, tuple(tried), last)
    return SymbolicOutcome(None, None, tuple(tried), last)


def prove_equal(
    left: object, right: object, subs: dict[sp.Symbol, sp.Expr], budget: float
) -> SymbolicOutcome:
    """Prove ``left = right`` (scalars or matrices of the same shape) under substitution ``subs``."""
    lefts, rights = entries_of(left), entries_of(right)
    if lefts is None or rights is None or len(lefts) != len(rights):
        return SymbolicOutcome(False, "shape", ("compare shapes",), None)
    if subs:
        lefts = [sp.sympify(a).subs(subs) for a in lefts]
        rights = [sp.sympify(b).subs(subs) for b in rights]
    end = time.monotonic() + budget
    methods: list[str] = []
    tried: set[str] = set()
    by_ring = _ring_pass(lefts, rights, budget / 2)
    if any(by_ring):
        tried.add(RING_METHOD)
    for a, b, proved in zip(lefts, rights, by_ring, strict=True):
        if proved:
            methods.append("identical" if a == b else RING_METHOD)
            continue
        d = sp.sympify(a - b)
        outcome = prove_zero(d, end - time.monotonic())
        tried.update(outcome.tried)
        if outcome.proved is not True:
            return SymbolicOutcome(outcome.proved, outcome.method, tuple(sorted(tried)), outcome.residual)
        methods.append(outcome.method or "")
    return SymbolicOutcome(True, _costliest(methods), tuple(sorted(tried)))


def _ring_pass(lefts: list[sp.Expr], rights: list[sp.Expr], budget: float) -> list[bool]:
    """Which entries :class:`RingZeroTest` proves equal, sharing one ring and its memo."""
    proved: list[bool] = []
    try:
        with deadline(budget):
            ring = RingZeroTest(lefts + rights)
            for a, b in zip(lefts, rights, strict=True):
                # The coarse reading first: small polynomials, and it proves most entries.
                proved.append(
                    a == b
                    or ring.is_zero_difference(a, b, coarse=True) is True
                    or (ring.has_divisors and ring.is_zero_difference(a, b) is True)
                )
    except StepTimeout:
        pass
    return proved + [False] * (len(lefts) - len(proved))


def _costliest(methods: list[str]) -> str:
    order = ["identical", "shape", RING_METHOD] + [name for name, _ in EQUALITY_LADDER] + ["assumptions"]
    return max(methods, key=lambda m: order.index(m) if m in order else len(order))


def entries_of(expr: object) -> list[sp.Expr] | None:
    if isinstance(expr, MatrixBase):
        return list(expr)
    if isinstance(expr, sp.Basic | int | float):
        return [sp.sympify(expr)]
    return None
