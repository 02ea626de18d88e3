"""The engine: check each step symbolically, cross-check numerically, and decide the verdict."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from checks.errors import DerivationError, StepTimeout
from checks.general import GeneralChecker, GeneralPair
from checks.limit_exceptions import exceptional_samples, exceptions, substitutions, undefined
from checks.model import Derivation, Proof, Step, by_uncited, limit_side
from checks.numeric import (
    ATOL,
    HIGH_PRECISION_DIGITS,
    RTOL,
    Compiled,
    all_finite,
    columns_of,
    compile_expr,
    enclosures,
    entries,
    evaluate_batch,
    evaluate_mp,
    evaluate_mp_stable,
    mp_args,
    mp_to_float,
    needs_certificate,
    relation_holds,
    rows_hold,
    surely_violated,
)
from checks.result import Counterexample, DerivationResult, StepResult, Verdict, worst
from checks.sampling import Sample, samples
from checks.symbolic import (
    SymbolicOutcome,
    evaluate_definitions,
    exactly_equal_at,
    limit_gap_proved,
    prove_equal,
    prove_relation,
)
from checks.timeout import deadline

#: How much a strict gap may move when the precision doubles and still count as real.
_STABLE = mpmath.mpf(10) ** -10


@dataclass
class _Pair:
    """One link ``prev REL cur`` of a chain, with what the checks found about it."""

    index: int
    step: Step
    prev: int  # index of the previous expression (0 is the start)
    symbolic: SymbolicOutcome | None = None
    failure: Counterexample | None = None
    checked: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class _SizeOutcome:
    pairs: list[_Pair]
    n: int
    checked: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    limit_pair: _Pair | None = None

    @property
    def all_pairs(self) -> list[_Pair]:
        return self.pairs + ([self.limit_pair] if self.limit_pair else [])


def _fmt_value(x: Any) -> str:
    try:
        return f"{float(x):.6g}"
    except (TypeError, ValueError, OverflowError):
        return str(x)


def _entry(expr: Any, index: int | None) -> Any:
    if index is None or not isinstance(expr, sp.MatrixBase):
        return expr
    return expr[index]


def _short(expr: Any, limit: int = 160) -> str:
    text = sp.sstr(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _ProofChecker:
    """Checks one concrete proof; kept as an object only to share compiled expressions."""

    def __init__(self, proof: Proof, n: int, seed: int, count: int, timeout: float) -> None:
        self.proof = proof
        self.n = n
        self.seed = seed
        self.count = count
        self.timeout = timeout
        self.symbols = proof.symbols
        self.exprs: list[Any] = [
            evaluate_definitions(e) for e in [proof.start] + [s.expr for s in proof.all_steps]
        ]
        self.start = self.exprs[0]
        self.compiled: dict[int, Compiled | None] = {}
        main = len(proof.steps)
        # "≈ within a tolerance" does not carry from step to step (π ≈ 3.15 ≈ … ≈ 3.2): with a
        # tolerance every step is compared with the start itself.
        self.pairs = [
            _Pair(k, step, 0 if k in (1, main + 1) or proof.tolerance is not None else k - 1)
            for k, step in enumerate(proof.all_steps, start=1)
        ]

    def compiled_expr(self, index: int) -> Compiled | None:
        if index not in self.compiled:
            expr = self.exprs[index]
            evaluable = not (isinstance(expr, sp.Basic) and expr.has(sp.Limit, sp.Derivative, sp.Integral))
            self.compiled[index] = compile_expr(expr, self.symbols) if evaluable else None
        return self.compiled[index]

    # -- symbolic ---------------------------------------------------------------------------

    def check_symbolic(self) -> None:
        subs_of = {v.constraint: v.constraint_substitution() for v in self.proof.variables if v.constraint}
        for pair in self.pairs:
            subs: dict[sp.Symbol, sp.Expr] = {}
            for name in pair.step.using:
                subs.update(subs_of[name])
            prev, cur = self.exprs[pair.prev], self.exprs[pair.index]
            if self.proof.tolerance is not None and pair.step.rel == "=":
                pair.symbolic = _prove_close(prev, cur, subs, self.proof.tolerance)
            else:
                pair.symbolic = prove_relation(prev, pair.step.rel, cur, subs, self.timeout)

    # -- numeric ----------------------------------------------------------------------------

    def reference_at(self, sample: Sample) -> np.ndarray | None:
        with np.errstate(all="ignore"):
            ref = np.asarray(self.proof.reference(sample.as_numpy(self.proof.variables)), dtype=float)
        start_shape = self.start.shape if isinstance(self.start, sp.MatrixBase) else None
        if start_shape is not None and ref.size == start_shape[0] * start_shape[1]:
            ref = ref.reshape(start_shape)
        return ref if all_finite(ref) else None

    def check_numeric(self, outcome: _SizeOutcome) -> None:
        variables = self.proof.variables
        points = samples(variables, self.count, self.seed)
        refs = [self.reference_at(sample) for sample in points]
        outcome.skipped += sum(ref is None for ref in refs)
        outcome.checked += sum(ref is not None for ref in refs)
        self._check_batch(points, refs, self.pairs, frozenset())
        self._check_relaxed()

    def _tolerances(self) -> tuple[float, float]:
        return (0.0, self.proof.tolerance) if self.proof.tolerance is not None else (RTOL, ATOL)

    def _check_relaxed(self) -> None:
        """A step that does not cite ``Σ y = 1`` must hold without it: sample off the simplex."""
        for missing, pairs in by_uncited(self.pairs, self.proof.variables).items():
            points = samples(self.proof.variables, max(self.count // 3, 4), self.seed + 1, missing)
            needs_ref = any(p.prev == 0 for p in pairs)
            refs = [self.reference_at(s) if needs_ref else np.zeros(()) for s in points]
            self._check_batch(points, refs, pairs, missing)

    def _check_batch(
        self,
        points: list[Sample],
        refs: list[np.ndarray | None],
        pairs: list[_Pair],
        relaxed: frozenset[str],
    ) -> None:
        """Check ``pairs`` at every point, evaluating each expression once for all points."""
        variables = self.proof.variables
        rtol, atol = self._tolerances()
        columns = columns_of(points, variables)
        batches: dict[int, np.ndarray | None] = {}

        def batch(index: int) -> np.ndarray | None:
            if index not in batches:
                compiled = self.compiled_expr(index)
                batches[index] = evaluate_batch(compiled, columns, len(points)) if compiled else None
            return batches[index]

        for p, (sample, ref) in enumerate(zip(points, refs, strict=True)):
            if ref is None:
                continue
            margs_cache: list[list[mpmath.mpf]] = []

            def margs(
                sample: Sample = sample, cache: list[list[mpmath.mpf]] = margs_cache
            ) -> list[mpmath.mpf]:
                if not cache:
                    cache.append(mp_args(sample, variables))
                return cache[0]

            def value(index: int, ref: np.ndarray = ref, p: int = p) -> np.ndarray | None:
                if index == 0:
                    return ref
                values = batch(index)
                if values is None:
                    return None
                v = values[p]
                if not all_finite(v):  # overflow in floats: use the high-precision value
                    compiled = self.compiled_expr(index)
                    assert compiled is not None
                    v = mp_to_float(evaluate_mp(compiled, margs()), compiled.shape)
                return v if all_finite(v) else None

            for pair in pairs:
                if pair.failure is not None:
                    continue
                left, right = value(pair.prev), value(pair.index)
                if left is None or right is None:
                    continue
                pair.checked += 1
                holds, entry = relation_holds(left, pair.step.rel, right, rtol, atol)
                if (
                    holds
                    and pair.step.rel in ("<", ">")
                    and not _clear_gap(left, pair.step.rel, right, rtol, atol)
                ):
                    holds, entry = self._strict_holds(pair, margs(), sample)
                if not holds:
                    self._confirm(pair, sample, ref, margs(), entry, rtol, atol, relaxed)

    def _surely_fails(self, pair: _Pair, sample: Sample, ref: np.ndarray, rtol: float, atol: float) -> bool:
        """Whether interval arithmetic certifies the failure at ``sample`` (rounding can be
        stable too: 1 - σ(500) is 0 in 50 and in 100 digits). An exact tie of a strict step is
        certain as it is; where no interval can be had, the high-precision verdict stands,
        unless a step function could have turned rounding into a whole step."""
        point = sample.exact(self.proof.variables)
        prev, cur = self.exprs[pair.prev], self.exprs[pair.index]
        if pair.step.rel in ("<", ">") and exactly_equal_at(prev, cur, point):
            return True
        stepped = needs_certificate(prev, cur)
        rights = enclosures(entries(cur), point)
        # The start is compared through its reference, unless a step function needs certainty.
        from_ref = pair.prev == 0 and not stepped
        lefts = [float(x) for x in np.ravel(ref)] if from_ref else enclosures(entries(prev), point)
        if rights is None or lefts is None:
            return not stepped
        return surely_violated(lefts, pair.step.rel, rights, rtol, atol)

    def _strict_holds(self, pair: _Pair, margs: list[mpmath.mpf], sample: Sample) -> tuple[bool, int | None]:
        """A strict gap too small for floats, looked at in 50 and 100 digits: a real gap is
        positive and stays put when the precision doubles; a real violation is negative and
        stays put. Anything else (no gap to see, or noise) fails only on an exact tie."""
        left_c, right_c = self.compiled_expr(pair.prev), self.compiled_expr(pair.index)
        if left_c is None or right_c is None:
            return True, None
        gaps = []
        for digits in (HIGH_PRECISION_DIGITS, 2 * HIGH_PRECISION_DIGITS):
            left, right = evaluate_mp(left_c, margs, digits), evaluate_mp(right_c, margs, digits)
            if not left or not right:
                return True, None
            gaps.append(left[0] - right[0] if pair.step.rel == ">" else right[0] - left[0])
        coarse, fine = gaps
        if fine != 0 and abs(coarse - fine) <= _STABLE * abs(fine):
            return (True, None) if fine > 0 else (False, 0)
        point = sample.exact(self.proof.variables)
        tie = exactly_equal_at(self.exprs[pair.prev], self.exprs[pair.index], point)
        return (False, 0) if tie else (True, None)

    def _confirm(
        self,
        pair: _Pair,
        sample: Sample,
        ref: np.ndarray,
        margs: list[mpmath.mpf],
        entry: int | None,
        rtol: float,
        atol: float,
        relaxed: frozenset[str],
    ) -> None:
        """Re-check a float disagreement in high precision before it may refute anything: in
        50 and 100 digits, and only with values that agree in both."""
        right_c = self.compiled_expr(pair.index)
        right_mp = (evaluate_mp_stable(right_c, margs) or []) if right_c else []
        left_c = self.compiled_expr(pair.prev)
        left_mp = (evaluate_mp_stable(left_c, margs) or []) if left_c else []
        if not right_mp:
            return
        rel = pair.step.rel
        if left_mp:
            holds_mp, entry_mp = relation_holds(left_mp, rel, right_mp, rtol, atol)
            if rel in ("<", ">") and holds_mp:
                holds_mp, entry_mp = self._strict_holds(pair, margs, sample)
        else:
            holds_mp, entry_mp = True, None
        if pair.prev == 0:
            right_f = np.array([float(x) for x in right_mp])
            holds_ref, entry_ref = relation_holds(ref, rel, right_f, rtol, atol)
            if rel in ("<", ">") and holds_ref and not _clear_gap(ref, rel, right_f, rtol, atol):
                holds_ref = holds_mp  # a strict gap floats cannot see: high precision decides
            if left_mp and holds_mp != holds_ref:
                pair.notes.append(
                    "the NumPy reference and SymPy's value of the start disagree at "
                    + ", ".join(f"{k} = {v}" for k, v in sample.describe(self.proof.variables).items())
                )
                return
            if holds_ref:
                return
            entry_mp = entry_mp if entry_mp is not None else entry_ref
            left_values = list(np.ravel(ref))
        else:
            if holds_mp:
                return
            left_values = left_mp
        if not self._surely_fails(pair, sample, ref, rtol, atol):
            return
        index = entry_mp if entry_mp is not None else (entry or 0)
        index = min(index, len(right_mp) - 1)
        left_value = left_values[index] if len(left_values) > index else left_values[0]
        symbolic = pair.symbolic
        residual = (
            _short(symbolic.residual) if symbolic is not None and symbolic.residual is not None else None
        )
        prev_expr, cur_expr = self.exprs[pair.prev], self.exprs[pair.index]
        is_matrix = isinstance(cur_expr, sp.MatrixBase)
        entry_text = None
        if is_matrix:
            cols = cur_expr.shape[1]
            entry_text = f"({index // cols}, {index % cols})"
        note = None
        if relaxed:
            names = ", ".join(f"Σ {name} = 1" for name in sorted(relaxed))
            note = f"the step holds only with {names}, which it does not cite"
        pair.failure = Counterexample(
            step=pair.index,
            justification=pair.step.why,
            claim=f"{_short(_entry(prev_expr, index if is_matrix else None))} {rel} "
            f"{_short(_entry(cur_expr, index if is_matrix else None))}",
            n=self.n or None,
            point=sample.describe(self.proof.variables),
            left=_fmt_value(left_value),
            right=_fmt_value(right_mp[index]),
            entry=entry_text,
            residual=residual,
            note=note,
        )

    # -- limits -----------------------------------------------------------------------------

    def check_limit(self, outcome: _SizeOutcome) -> None:
        limit = self.proof.limit
        if limit is None:
            return
        main = len(self.proof.steps)
        lower = self.exprs[main] if main else self.start
        upper = self.exprs[-1] if limit.upper_steps else self.start
        sandwich = bool(limit.upper_steps)
        why = "both bounds tend to the limit" if sandwich else "sympy.limit, confirmed numerically"
        pair = _Pair(len(self.exprs), Step(limit.value, why), 0)
        pair.symbolic = self._symbolic_limit(lower, upper, sandwich)
        self._numeric_limit(pair, outcome)
        outcome.limit_pair = pair

    def _symbolic_limit(self, lower: Any, upper: Any, sandwich: bool) -> SymbolicOutcome:
        limit = self.proof.limit
        assert limit is not None
        tried: list[str] = []
        for bound in (lower, upper) if sandwich else (lower,):
            tried.append(f"sympy.limit of {_short(bound, 60)}")
            failed = self._limit_holds(bound, limit.value, tried, _PIECE_DEPTH)
            if failed is not None:
                return failed
        return SymbolicOutcome(True, "limit of the bounds" if sandwich else "sympy.limit", tuple(tried))

    def _limit_holds(self, bound: Any, value: Any, tried: list[str], depth: int) -> SymbolicOutcome | None:
        """None if ``bound`` tends to ``value`` for every value of the parameters: SymPy's
        generic answer, and again on each exceptional piece (a = 1/7 for (a - 1/7)²λ /
        ((a - 1/7)²λ + 1), see :mod:`checks.limit_exceptions`); otherwise why not."""
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

    def _numeric_limit(self, pair: _Pair, outcome: _SizeOutcome) -> None:
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
        the limits of the start and of the bounds (see :mod:`checks.limit_exceptions`)."""
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

    def _limit_wrong(self, pair: _Pair, sample: Sample) -> bool:
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
        pair: _Pair,
        outcome: _SizeOutcome,
        sample: Sample,
        claimed: np.ndarray,
        sequence: tuple[float, ...],
        var_name: str,
    ) -> bool:
        """Whether the reference settles away from the claimed value along ``sequence`` (then
        ``pair`` gets the counterexample)."""
        limit = self.proof.limit
        assert limit is not None
        variables = self.proof.variables
        errors: list[float] = []
        last_ref = None
        for t in sequence:
            point = dict(sample.values)
            point[var_name] = (Fraction(t),)
            ref = self.reference_at(Sample(point, sample.origin))
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
                claim=f"lim {limit.var} → {limit.point}: "
                f"{_short(self.start, 80)} = {_short(limit.value, 80)}",
                n=self.n or None,
                point=where,
                left=_fmt_value(np.ravel(last_ref)[int(np.argmax(np.abs(last_ref - claimed)))]),
                right=_fmt_value(np.ravel(claimed)[int(np.argmax(np.abs(last_ref - claimed)))]),
                note="values along "
                + ", ".join(f"{t:g}" for t in sequence)
                + " settle away from the claimed limit",
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


def _prove_close(prev: Any, cur: Any, subs: dict[sp.Symbol, sp.Expr], tolerance: float) -> SymbolicOutcome:
    """Prove ``|prev - cur| <= tolerance`` entrywise by 30-digit evaluation (for numeric tables)."""
    entries = list(prev - cur) if isinstance(prev, sp.MatrixBase) else [prev - cur]
    for d in entries:
        value = sp.sympify(d).subs(subs).evalf(30)
        if not value.is_number:
            return SymbolicOutcome(None, None, ("high-precision evaluation: not a number",), value)
        if abs(value) > tolerance:
            return SymbolicOutcome(False, None, ("high-precision evaluation",), value)
    return SymbolicOutcome(True, "high-precision evaluation", ("high-precision evaluation",))


def _clear_gap(left: np.ndarray, rel: str, right: np.ndarray, rtol: float, atol: float) -> bool:
    """A strict relation whose float gap is wider than the tolerance everywhere: nothing for
    high precision to settle (a gap within the tolerance is looked at in 50 and 100 digits)."""
    return bool(rows_hold(np.ravel(left)[None], rel, np.ravel(right)[None], rtol, atol, strict=True)[0])


def _check_size(proof: Proof, n: int, seed: int, count: int, timeout: float) -> _SizeOutcome:
    checker = _ProofChecker(proof, n, seed, count, timeout)
    outcome = _SizeOutcome(checker.pairs, n)
    checker.check_symbolic()
    checker.check_numeric(outcome)
    checker.check_limit(outcome)
    return outcome


def _pair_verdict(pair: _Pair | GeneralPair) -> Verdict:
    if pair.failure is not None:
        return Verdict.REFUTED
    if pair.symbolic is not None and pair.symbolic.proved is True and pair.checked and not pair.notes:
        return Verdict.VERIFIED
    return Verdict.INCONCLUSIVE


def _pair_notes(pair: _Pair | GeneralPair, n: int, label: str = "") -> list[str]:
    where = f" (n = {n})" if n else (f" ({label})" if label else "")
    notes = [f"step {pair.index}{where}: {note}" for note in pair.notes]
    sym = pair.symbolic
    if sym is not None and sym.proved is not True:
        state = "proven false" if sym.proved is False else "not proved"
        tried = ", ".join(sym.tried)
        residual = f"; residual {_short(sym.residual)}" if sym.residual is not None else ""
        notes.append(f"step {pair.index}{where}: {state} symbolically (tried {tried}){residual}")
    if not pair.checked and pair.failure is None:
        notes.append(f"step {pair.index}{where}: no sample point could be evaluated")
    return notes


def verify(
    derivation: Derivation,
    *,
    seed: int = 0,
    samples: int = 24,
    timeout: float = 10.0,
    target: str | None = None,
) -> DerivationResult:
    """Verify ``derivation`` at each of its sizes; never raises for a failing derivation.

    ``timeout`` bounds each symbolic strategy ladder (per step, in seconds); ``samples`` is the
    number of seeded points per size before the adversarial ones; ``target`` is what the
    reproduce command names (the derivation's name by default).
    """
    started = time.perf_counter()
    outcomes: list[_SizeOutcome] = []
    notes: list[str] = []
    for n in derivation.sizes:
        try:
            outcome = _check_size(derivation.build(n), n, seed, samples, timeout)
        except (Exception, StepTimeout, SystemExit) as exc:  # the last two are BaseExceptions
            notes.append(_failure_note(exc, f"n = {n}" if n else ""))
            break
        outcomes.append(outcome)
        if any(p.failure for p in outcome.all_pairs):
            break  # the smallest size with a counterexample is the one to show
    # The all-n steps are numbered after the concrete ones (limit included).
    first = max((p.index for o in outcomes for p in o.all_pairs), default=0) + 1
    general = _check_general(derivation, seed, samples, timeout, first, notes)
    return _aggregate(derivation, outcomes, general, notes, seed, samples, started, target)


def _failure_note(exc: BaseException, where: str) -> str:
    """A note for a proof that could not be checked: a crash is inconclusive, never silent."""
    if isinstance(exc, (DerivationError, StepTimeout)):
        return f"{where}: {type(exc).__name__}: {exc}" if where else f"{type(exc).__name__}: {exc}"
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return (
        f"internal error{f' at {where}' if where else ''}: {type(exc).__name__}: {exc} "
        f"({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"
    )


def _check_general(
    derivation: Derivation, seed: int, samples: int, timeout: float, first: int, notes: list[str]
) -> GeneralChecker | None:
    """The all-n proof, if the derivation has one: Σ rules, then numbers at several n."""
    if derivation.general is None:
        return None
    try:
        checker = GeneralChecker(derivation.general(), seed, samples, timeout, first_index=first)
        checker.check_symbolic()
        checker.check_numeric()
    except (Exception, StepTimeout, SystemExit) as exc:
        notes.append(_failure_note(exc, "all n"))
        return None
    return checker


def _aggregate(
    derivation: Derivation,
    outcomes: list[_SizeOutcome],
    general: GeneralChecker | None,
    notes: list[str],
    seed: int,
    samples: int,
    started: float,
    target: str | None,
) -> DerivationResult:
    by_index: dict[int, list[_Pair | GeneralPair]] = {}
    for outcome in outcomes:
        for pair in outcome.all_pairs:
            by_index.setdefault(pair.index, []).append(pair)
            notes.extend(_pair_notes(pair, outcome.n))
    general_verified = False
    if general is not None:
        for gpair in general.pairs:
            by_index[gpair.index] = [gpair]
            notes.extend(_pair_notes(gpair, 0, "all n"))
        general_verified = all(_pair_verdict(p) is Verdict.VERIFIED for p in general.pairs)
    steps = []
    for index, pairs in sorted(by_index.items()):
        verdict = worst([_pair_verdict(p) for p in pairs])
        methods = sorted({p.symbolic.method for p in pairs if p.symbolic and p.symbolic.method})
        why = pairs[0].step.why
        if isinstance(pairs[0], GeneralPair):
            why = f"[all n] {why}"
        steps.append(StepResult(index, why, verdict, ", ".join(methods) or None))
    counterexample = None
    for outcome in outcomes:
        failing = [p for p in outcome.all_pairs if p.failure]
        if failing:
            counterexample = min(failing, key=lambda p: p.index).failure
            break
    if counterexample is None and general is not None:
        counterexample = next((p.failure for p in general.pairs if p.failure), None)
    verdicts = [s.verdict for s in steps]
    if notes and not any(v is Verdict.REFUTED for v in verdicts):
        verdicts.append(Verdict.INCONCLUSIVE)
    if len(outcomes) < len(derivation.sizes) and counterexample is None:
        verdicts.append(Verdict.INCONCLUSIVE)
    options = f" --seed {seed}" + (f" --samples {samples}" if samples != 24 else "")
    verdict = worst(verdicts)
    scope = derivation.scope if general_verified or derivation.general is None else derivation.concrete_scope
    pairs_all = [p for ps in by_index.values() for p in ps]
    if (
        verdict is Verdict.INCONCLUSIVE
        and counterexample is None
        and pairs_all
        and all(p.checked for p in pairs_all)
        and any(p.symbolic is None or p.symbolic.proved is not True for p in pairs_all)
    ):
        scope = "numeric only"  # every point agreed, but some step has no symbolic proof
    return DerivationResult(
        name=derivation.name,
        exercise=derivation.exercise,
        title=derivation.title,
        verdict=verdict,
        scope=scope,
        seconds=time.perf_counter() - started,
        steps=tuple(steps),
        counterexample=counterexample,
        notes=tuple(dict.fromkeys(notes)),
        seed=seed,
        points_checked=sum(o.checked for o in outcomes),
        points_skipped=sum(o.skipped for o in outcomes),
        reproduce=f"verify-derivations {target or derivation.name}{options}",
    )
