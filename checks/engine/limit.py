"""A concrete proof's limit claim: proved for every value of its parameters (the exceptional
pieces included) and confirmed along sequences; refuted only with sympy.limit's agreement or a
proved gap."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from checks.engine.links import Link, SizeOutcome, fmt_value, short
from checks.errors import StepTimeout
from checks.model import Step, limit_side
from checks.model.result import Counterexample, Sides
from checks.numeric.compare import (
    all_finite,
    entries,
)
from checks.numeric.compiled import (
    columns_of,
    compile_expr,
    evaluate_batch,
    evaluate_mp,
    mp_args,
    mp_to_float,
)
from checks.numeric.sampling import Sample, samples
from checks.prove.ladder import SymbolicOutcome, prove_equal
from checks.prove.limit_exceptions import exceptional_samples, exceptions, substitutions, undefined
from checks.prove.limit_gap import limit_gap_proved
from checks.timeout import deadline

if TYPE_CHECKING:
    from checks.engine.concrete import ProofChecker


class LimitChecker:
    """Checks the limit of one concrete proof, sharing the proof checker's expressions."""

    def __init__(self, checker: ProofChecker) -> None:
        self.proof = checker.proof
        self.exprs = checker.exprs
        self.start = checker.start
        self.symbols = checker.symbols
        self.n = checker.n
        self.seed = checker.seed
        self.count = checker.count
        self.timeout = checker.timeout
        self.reference_at = checker.reference_at
        self.start_compiled = checker.compiled_expr(0)

    def start_at(self, sample: Sample) -> np.ndarray | None:
        """SymPy's value of the start at ``sample`` (in 50 digits: a sequence goes far out,
        where floats overflow); the NumPy reference only where the start has no SymPy value.
        Only SymPy's values may refute, so it is these the sequence is screened with."""
        if self.start_compiled is None:
            return self.reference_at(sample)
        values = evaluate_mp(self.start_compiled, mp_args(sample, self.proof.variables))
        if values is None:
            return None
        value = mp_to_float(values, self.start_compiled.shape)
        return value if all_finite(value) else None

    def check(self, outcome: SizeOutcome) -> None:
        limit = self.proof.limit
        if limit is None:
            return
        main = len(self.proof.steps)
        lower = self.exprs[main] if main else self.start
        upper = self.exprs[-1] if limit.upper_steps else self.start
        sandwich = bool(limit.upper_steps)
        why = "both bounds tend to the limit" if sandwich else "sympy.limit, confirmed numerically"
        pair = Link(len(self.exprs), Step(limit.value, why), 0)
        pair.symbolic = self._symbolic_limit(lower, upper, sandwich)
        self._numeric_limit(pair, outcome)
        outcome.limit_pair = pair

    def _symbolic_limit(self, lower: Any, upper: Any, sandwich: bool) -> SymbolicOutcome:
        limit = self.proof.limit
        assert limit is not None
        tried: list[str] = []
        for bound in (lower, upper) if sandwich else (lower,):
            tried.append(f"sympy.limit of {short(bound, 60)}")
            failed = self._limit_holds(bound, limit.value, tried, _PIECE_DEPTH)
            if failed is not None:
                return failed
        return SymbolicOutcome(True, "limit of the bounds" if sandwich else "sympy.limit", tuple(tried))

    def _limit_holds(self, bound: Any, value: Any, tried: list[str], depth: int) -> SymbolicOutcome | None:
        """None if ``bound`` tends to ``value`` for every value of the parameters: SymPy's
        generic answer, and again on each exceptional piece (a = 1/7 for (a - 1/7)²λ /
        ((a - 1/7)²λ + 1), see :mod:`checks.prove.limit_exceptions`); otherwise why not."""
        limit = self.proof.limit
        assert limit is not None
        side = self._limit_side()
        try:
            with deadline(self.timeout):
                found = _limit(bound, limit.var, limit.point, side)
        except StepTimeout:
            return SymbolicOutcome(None, None, (*tried, "timed out"))
        except (ValueError, NotImplementedError, TypeError) as exc:  # e.g. the two sides differ
            return SymbolicOutcome(None, None, (*tried, f"sympy.limit failed: {exc}"))
        if isinstance(found, sp.Basic) and found.has(sp.AccumBounds):
            return SymbolicOutcome(None, None, (*tried, "sympy.limit found only bounds, no limit"))
        same = prove_equal(found, value, {}, self.timeout)
        if same.proved is not True:
            return SymbolicOutcome(same.proved, None, tuple(tried) + same.tried, None)
        try:
            with deadline(self.timeout):
                pieces = exceptions(*[sp.Limit(e, limit.var, limit.point, side) for e in entries(bound)])
        except StepTimeout:
            return SymbolicOutcome(
                None, None, (*tried, "looking for the values where the limit may differ timed out")
            )
        if pieces.reason is not None:
            return SymbolicOutcome(None, None, (*tried, pieces.not_found()))
        for piece in pieces.pieces:
            at_bound, at_value = _at(bound, piece.subs), _at(value, piece.subs)
            if undefined(at_bound, at_value):
                continue
            # Wrong on a piece is not "proven false": only there, where the numbers must show it.
            if depth == 0 or self._limit_holds(at_bound, at_value, tried, depth - 1) is not None:
                return SymbolicOutcome(None, None, (*tried, pieces.undecided(piece)))
        return None

    def _numeric_limit(self, pair: Link, outcome: SizeOutcome) -> None:
        """Confirm the limit along a sequence of the limit variable: never trust one symbolic call."""
        limit = self.proof.limit
        assert limit is not None
        variables = self.proof.variables
        value_c = compile_expr(limit.value, self.symbols)
        var_name = next(v.name for v in variables if v.size is None and v.sym == limit.var)
        points = samples(variables, max(self.count // 2, 4), self.seed)
        points = points + self._exceptional_points(points)
        claimed_all = evaluate_batch(value_c, columns_of(points, variables), len(points))
        for sample, claimed in zip(points, claimed_all, strict=True):
            if not all_finite(claimed):
                continue
            for sequence in limit.sequences(self._limit_side()):  # each side the variable comes from
                if self._limit_fails(pair, outcome, sample, claimed, sequence, var_name):
                    return

    def _exceptional_points(self, points: list[Sample]) -> list[Sample]:
        """Sample points where SymPy's generic limit may be wrong: the exceptional pieces of
        the limits of the start and of the bounds (see :mod:`checks.prove.limit_exceptions`)."""
        limit = self.proof.limit
        assert limit is not None
        main = len(self.proof.steps)
        bounds = list(dict.fromkeys([self.start, self.exprs[main] if main else self.start, self.exprs[-1]]))
        side = self._limit_side()
        found: list[dict[sp.Symbol, sp.Expr]] = []
        try:
            with deadline(self.timeout):
                for bound in bounds:
                    limits = [sp.Limit(e, limit.var, limit.point, side) for e in entries(bound)]
                    found.extend(subs for subs in substitutions(*limits) if subs not in found)
        except (StepTimeout, ValueError, TypeError, NotImplementedError, ZeroDivisionError, RecursionError):
            pass  # the points found so far; the proof still has to hold on every piece
        bases = [p for p in points if p.origin != "adversarial"][:8]
        return exceptional_samples(self.proof.variables, bases, found) if found else []

    def _limit_side(self) -> str:
        """From where the limit variable comes, by its symbol and its kind."""
        limit = self.proof.limit
        assert limit is not None
        var = next((v for v in self.proof.variables if v.size is None and v.sym == limit.var), None)
        return limit_side(limit.var, limit.point, var.kind if var is not None else None)

    def _bounds_agree_elsewhere(self) -> bool:
        """Whether both bounds of the squeeze tend to one value, other than the claimed one."""
        limit = self.proof.limit
        assert limit is not None
        main = len(self.proof.steps)
        lower, upper = (self.exprs[main] if main else self.start), self.exprs[-1]
        try:
            with deadline(self.timeout):
                low, high = (_limit(b, limit.var, limit.point, self._limit_side()) for b in (lower, upper))
        except (StepTimeout, ValueError, NotImplementedError, TypeError):
            return False
        if any(isinstance(v, sp.Basic) and v.has(sp.AccumBounds, sp.Limit) for v in (low, high)):
            return False
        same = prove_equal(low, high, {}, self.timeout)
        other = prove_equal(low, limit.value, {}, self.timeout)
        return same.proved is True and other.proved is False

    def _limit_wrong(self, pair: Link, sample: Sample) -> bool:
        """Whether a limit the numbers dispute is wrong for sure: sympy.limit says so too, or
        at this point the start stays a proved gap away from the value."""
        limit = self.proof.limit
        assert limit is not None
        # sympy.limit's word counts when it was about the start itself, or in a squeeze when
        # both bounds tend to one value (one bound that does not tend to it proves nothing).
        if pair.symbolic is not None and pair.symbolic.proved is False:
            if not limit.upper_steps or self._bounds_agree_elsewhere():
                return True
        exact = {k: v for k, v in sample.exact(self.proof.variables).items() if k != limit.var}
        starts, values = entries(self.start), entries(limit.value)
        if len(starts) != len(values):
            return False
        if self._wrong_at_point(exact):
            return True
        for body, value in zip(starts, values, strict=True):
            try:
                if limit_gap_proved(
                    sp.sympify(body).xreplace(exact),
                    limit.var,
                    limit.point,
                    self._limit_side(),
                    sp.sympify(value).xreplace(exact),
                    self.timeout,
                ):
                    return True
            except (ValueError, TypeError, NotImplementedError, ZeroDivisionError, RecursionError):
                continue
        return False

    def _wrong_at_point(self, exact: dict[sp.Symbol, sp.Rational]) -> bool:
        """Whether ``sympy.limit`` of the start, taken at this point's exact values (where its
        generic answer may not hold: an exceptional point), proves the claimed value wrong."""
        limit = self.proof.limit
        assert limit is not None
        start, value = _at(self.start, exact), _at(limit.value, exact)
        if any(isinstance(e, sp.Basic) and e.free_symbols - {limit.var} for e in (start, value)):
            return False
        try:
            with deadline(self.timeout):
                found = _limit(start, limit.var, limit.point, self._limit_side())
        except (StepTimeout, ValueError, NotImplementedError, TypeError, ZeroDivisionError, RecursionError):
            return False
        if isinstance(found, sp.Basic) and found.has(sp.AccumBounds, sp.Limit):
            return False
        return prove_equal(found, value, {}, self.timeout).proved is False

    def _limit_fails(
        self,
        pair: Link,
        outcome: SizeOutcome,
        sample: Sample,
        claimed: np.ndarray,
        sequence: tuple[float, ...],
        var_name: str,
    ) -> bool:
        """Whether the start settles away from the claimed value along ``sequence`` (then
        ``pair`` gets the counterexample)."""
        limit = self.proof.limit
        assert limit is not None
        variables = self.proof.variables
        errors: list[float] = []
        last_ref = None
        for t in sequence:
            point = dict(sample.values)
            point[var_name] = (Fraction(t),)
            ref = self.start_at(Sample(point, sample.origin))
            if ref is None:
                break
            last_ref = ref
            errors.append(float(np.max(np.abs(ref - claimed))))
        if last_ref is None or len(errors) < 2:
            outcome.skipped += 1
            return False
        pair.checked += 1
        scale = 1.0 + float(np.max(np.abs(claimed)))
        if errors[-1] > 1e-3 * scale:
            if not self._limit_wrong(pair, sample):
                pair.notes.append(
                    "the values along the sequence settle away from the claimed limit, but neither "
                    "sympy.limit nor a proof of the gap says it is wrong (the sequence may stop short "
                    "of where the limit settles)"
                )
                return True
            where = sample.describe(variables)
            where[var_name] = f"{sequence[-1]:g}"
            pair.failure = Counterexample(
                step=pair.index,
                justification=pair.step.why,
                claim=f"lim {limit.var} → {limit.point}: {short(self.start, 80)} = {short(limit.value, 80)}",
                n=self.n or None,
                point=where,
                left=fmt_value(np.ravel(last_ref)[int(np.argmax(np.abs(last_ref - claimed)))]),
                right=fmt_value(np.ravel(claimed)[int(np.argmax(np.abs(last_ref - claimed)))]),
                note="values along "
                + ", ".join(f"{t:g}" for t in sequence)
                + " settle away from the claimed limit",
                sides=Sides(self.start, limit.value, "=", variables, sample.values, limit=limit),
            )
            return True
        return False


#: How many times an exceptional piece of a limit is itself split into pieces.
_PIECE_DEPTH = 3


def _at(expr: Any, subs: Any) -> Any:
    return expr.xreplace(dict(subs)) if isinstance(expr, sp.Basic) else expr


def _limit(expr: Any, var: sp.Symbol, point: Any, direction: str) -> Any:
    """``sympy.limit`` from the side(s) the variable comes from (``+-``: both must agree)."""
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.applyfunc(lambda e: sp.limit(e, var, point, direction)))
    return sp.limit(expr, var, point, direction)
