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

from checks.engine.general import GeneralChecker, GeneralPair
from checks.errors import DerivationError, StepTimeout
from checks.model import Derivation, Proof, Step, by_uncited, limit_side
from checks.model.result import Counterexample, DerivationResult, StepResult, Verdict, worst
from checks.numeric.certify import certify_failure, distinct_texts, residual_text
from checks.numeric.compare import (
    ATOL,
    RTOL,
    all_finite,
    entries,
    needs_certificate,
    relation_holds,
    rows_hold,
    surely_violated,
)
from checks.numeric.compiled import (
    HIGH_PRECISION_DIGITS,
    Compiled,
    columns_of,
    compile_expr,
    enclosures,
    evaluate_batch,
    evaluate_mp,
    evaluate_mp_stable,
    mp_args,
    mp_to_float,
)
from checks.numeric.kinks import at_kink, kink_conditions, kink_mask
from checks.numeric.sampling import Sample, samples
from checks.prove.limit_exceptions import exceptional_samples, exceptions, substitutions, undefined
from checks.prove.symbolic import (
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
#: How many sample points, and how many seconds at most, a link with no proof is looked at
#: exactly (with no tolerance) for a difference the floats cannot see.
_EXACT_POINTS = 3
_EXACT_BUDGET = 2.0


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


def _failing_entry(lefts: list[Any], rel: str, rights: list[Any]) -> int:
    """The first entry where ``left REL right`` fails (with no tolerance), else 0."""
    for k, (a, b) in enumerate(zip(lefts, rights, strict=False) if len(lefts) == len(rights) else []):
        if not relation_holds([a], rel, [b], 0.0, 0.0)[0]:
            return k
    return 0


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
        # Where a derivative is taken at a kink (|x| at 0), SymPy's value (sign(0) = 0) is no
        # evidence either way: such points are skipped link by link.
        self.kinks = [kink_conditions(e) for e in [proof.start] + [s.expr for s in proof.all_steps]]
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
        """The ladder for every link the numbers did not refute: refute first, or a wrong step
        waits out the whole ladder before its counterexample is looked for."""
        subs_of = {v.constraint: v.constraint_substitution() for v in self.proof.variables if v.constraint}
        for pair in self.pairs:
            if pair.failure is not None:
                continue
            subs: dict[sp.Symbol, sp.Expr] = {}
            for name in pair.step.using:
                subs.update(subs_of[name])
            prev, cur = self.exprs[pair.prev], self.exprs[pair.index]
            if self.proof.tolerance is not None and pair.step.rel == "=":
                pair.symbolic = _prove_close(prev, cur, subs, self.proof.tolerance)
            else:
                pair.symbolic = prove_relation(prev, pair.step.rel, cur, subs, self.timeout)

    def check_exactly(self, points: list[Sample]) -> None:
        """Each link with no proof, looked at exactly at the first sample points: a difference
        under the float tolerance (a step off by 10^-12, 1 + e^-50 = 1) is still a difference,
        and exact or interval arithmetic certifies it with no tolerance at all."""
        if self.proof.tolerance is not None:
            return
        end = time.monotonic() + min(self.timeout, _EXACT_BUDGET)
        for pair in self.pairs:
            if pair.failure is not None or (pair.symbolic is not None and pair.symbolic.proved is True):
                continue
            if self.compiled_expr(pair.prev) is None or self.compiled_expr(pair.index) is None:
                continue
            prev, cur = self.exprs[pair.prev], self.exprs[pair.index]
            kinks = self.kinks[pair.prev] + self.kinks[pair.index]
            for sample in points[:_EXACT_POINTS]:
                point = sample.exact(self.proof.variables)
                if kinks and at_kink(kinks, point):
                    continue
                found = certify_failure(prev, pair.step.rel, cur, point, end)
                if found is not None:
                    index = _failing_entry(found.lefts, pair.step.rel, found.rights)
                    self._fail(pair, sample, found.lefts, found.rights, index, frozenset(), found.how)
                    break

    # -- numeric ----------------------------------------------------------------------------

    def reference_at(self, sample: Sample) -> np.ndarray | None:
        with np.errstate(all="ignore"):
            ref = np.asarray(self.proof.reference(sample.as_numpy(self.proof.variables)), dtype=float)
        start_shape = self.start.shape if isinstance(self.start, sp.MatrixBase) else None
        if start_shape is not None and ref.size == start_shape[0] * start_shape[1]:
            ref = ref.reshape(start_shape)
        return ref if all_finite(ref) else None

    def check_numeric(self, outcome: _SizeOutcome) -> list[Sample]:
        """Every link screened with SymPy's values of its two sides, the start's included, and
        the NumPy reference compared with the start; returns the sample points."""
        variables = self.proof.variables
        points = samples(variables, self.count, self.seed)
        refs = [self.reference_at(sample) for sample in points]
        outcome.skipped += sum(ref is None for ref in refs)
        outcome.checked += sum(ref is not None for ref in refs)
        outcome.notes.extend(self._check_reference(points, refs))
        self._check_batch(points, refs, self.pairs, frozenset())
        self._check_relaxed()
        return points

    def _tolerances(self) -> tuple[float, float]:
        return (0.0, self.proof.tolerance) if self.proof.tolerance is not None else (RTOL, ATOL)

    def _check_reference(self, points: list[Sample], refs: list[np.ndarray | None]) -> list[str]:
        """The independent NumPy reference against SymPy's value of the start at every point:
        verified needs their agreement. A disagreement is a doubt about the reference or the
        definition, never a refutation of the chain (only SymPy's values refute)."""
        compiled = self.compiled_expr(0)
        if compiled is None:
            return []  # no SymPy value of the start here: step 1 is compared with the reference
        variables = self.proof.variables
        rtol, atol = self._tolerances()
        columns = columns_of(points, variables)
        starts = evaluate_batch(compiled, columns, len(points))
        at_kinks = self._kink_rows(0, 0, points, columns)
        agreed = 0
        for sample, ref, start, kink in zip(points, refs, starts, at_kinks, strict=True):
            if ref is None or kink:
                continue
            if all_finite(start) and relation_holds(ref, "=", start, rtol, atol)[0]:
                agreed += 1
                continue
            precise = evaluate_mp_stable(compiled, mp_args(sample, variables))
            if precise is None:
                continue  # the start is undefined or unstable here: nothing to compare
            holds, entry = relation_holds(ref, "=", precise, rtol, atol)
            if holds:
                agreed += 1
                continue
            at = entry or 0
            where = ", ".join(f"{k} = {v}" for k, v in sample.describe(variables).items())
            return [
                f"the NumPy reference disagrees with the start at {where}"
                + (f", entry {at}" if len(precise) > 1 else "")
                + f": reference {_fmt_value(np.ravel(ref)[min(at, ref.size - 1)])}, "
                f"start {_fmt_value(precise[min(at, len(precise) - 1)])}"
            ]
        if not agreed:
            return ["the NumPy reference could not be compared with the start at any sample point"]
        return []

    def _check_relaxed(self) -> None:
        """A step that does not cite ``Σ y = 1`` must hold without it: sample off the simplex."""
        for missing, pairs in by_uncited(self.pairs, self.proof.variables).items():
            points = samples(self.proof.variables, max(self.count // 3, 4), self.seed + 1, missing)
            needs_ref = self.compiled_expr(0) is None and any(p.prev == 0 for p in pairs)
            refs = [self.reference_at(s) if needs_ref else np.zeros(()) for s in points]
            self._check_batch(points, refs, pairs, missing)

    def _check_batch(
        self,
        points: list[Sample],
        refs: list[np.ndarray | None],
        pairs: list[_Pair],
        relaxed: frozenset[str],
    ) -> None:
        """Check ``pairs`` at every point, evaluating each expression once for all points. The
        start is SymPy's own value; only where it has none is the reference its stand-in."""
        variables = self.proof.variables
        rtol, atol = self._tolerances()
        columns = columns_of(points, variables)
        batches: dict[int, np.ndarray | None] = {}

        def batch(index: int) -> np.ndarray | None:
            if index not in batches:
                compiled = self.compiled_expr(index)
                batches[index] = evaluate_batch(compiled, columns, len(points)) if compiled else None
            return batches[index]

        kink_rows: dict[int, np.ndarray] = {}

        def kinked(pair: _Pair) -> np.ndarray:
            if pair.index not in kink_rows:
                kink_rows[pair.index] = self._kink_rows(pair.prev, pair.index, points, columns)
            return kink_rows[pair.index]

        for p, (sample, ref) in enumerate(zip(points, refs, strict=True)):
            margs_cache: list[list[mpmath.mpf]] = []

            def margs(
                sample: Sample = sample, cache: list[list[mpmath.mpf]] = margs_cache
            ) -> list[mpmath.mpf]:
                if not cache:
                    cache.append(mp_args(sample, variables))
                return cache[0]

            def value(index: int, ref: np.ndarray | None = ref, p: int = p) -> np.ndarray | None:
                values = batch(index)
                if values is None:
                    return ref if index == 0 else None
                v = values[p]
                if not all_finite(v):  # overflow in floats: use the high-precision value
                    compiled = self.compiled_expr(index)
                    assert compiled is not None
                    v = mp_to_float(evaluate_mp(compiled, margs()), compiled.shape)
                return v if all_finite(v) else None

            for pair in pairs:
                if pair.failure is not None or kinked(pair)[p]:
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
                    self._confirm(pair, sample, margs(), entry, rtol, atol, relaxed)

    def _kink_rows(
        self, prev: int, index: int, points: list[Sample], columns: list[np.ndarray]
    ) -> np.ndarray:
        """Which of ``points`` put a derivative of expression ``prev`` or ``index`` at a kink."""
        kinks = self.kinks[prev] + (self.kinks[index] if index != prev else ())
        if not kinks:
            return np.zeros(len(points), dtype=bool)
        exact = [sample.exact(self.proof.variables) for sample in points]
        return kink_mask(kinks, exact, dict(zip(self.symbols, columns, strict=True)))

    def _surely_fails(self, pair: _Pair, sample: Sample, rtol: float, atol: float) -> bool:
        """Whether interval arithmetic certifies the failure at ``sample`` (rounding can be
        stable too: 1 - σ(500) is 0 in 50 and in 100 digits). An exact tie of a strict step is
        certain as it is; where no interval can be had, the high-precision verdict stands,
        unless a step function could have turned rounding into a whole step."""
        point = sample.exact(self.proof.variables)
        prev, cur = self.exprs[pair.prev], self.exprs[pair.index]
        if pair.step.rel in ("<", ">") and exactly_equal_at(prev, cur, point):
            return True
        stepped = needs_certificate(prev, cur)
        lefts, rights = enclosures(entries(prev), point), enclosures(entries(cur), point)
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
        margs: list[mpmath.mpf],
        entry: int | None,
        rtol: float,
        atol: float,
        relaxed: frozenset[str],
    ) -> None:
        """Re-check a float disagreement with SymPy's values of both sides in high precision
        before it may refute anything: in 50 and 100 digits, only with values that agree in
        both, and certified by interval arithmetic where the expressions allow."""
        left_c, right_c = self.compiled_expr(pair.prev), self.compiled_expr(pair.index)
        if left_c is None:
            where = ", ".join(f"{k} = {v}" for k, v in sample.describe(self.proof.variables).items())
            pair.notes.append(
                f"the NumPy reference of the start and step {pair.index} disagree at {where}; the start "
                "has no SymPy value here to decide which is wrong"
            )
            return
        right_mp = (evaluate_mp_stable(right_c, margs) or []) if right_c else []
        left_mp = evaluate_mp_stable(left_c, margs) or []
        if not right_mp or not left_mp:
            return
        holds, entry_mp = relation_holds(left_mp, pair.step.rel, right_mp, rtol, atol)
        if pair.step.rel in ("<", ">") and holds:
            holds, entry_mp = self._strict_holds(pair, margs, sample)
        if holds or not self._surely_fails(pair, sample, rtol, atol):
            return
        index = entry_mp if entry_mp is not None else (entry or 0)
        self._fail(pair, sample, left_mp, right_mp, index, relaxed)

    def _fail(
        self,
        pair: _Pair,
        sample: Sample,
        lefts: list[Any],
        rights: list[Any],
        index: int,
        relaxed: frozenset[str],
        how: str | None = None,
    ) -> None:
        """Record the confirmed counterexample of ``pair`` at ``sample``, entry ``index``."""
        prev_expr, cur_expr = self.exprs[pair.prev], self.exprs[pair.index]
        index = min(index, max(len(lefts), len(rights)) - 1)
        left_value = lefts[min(index, len(lefts) - 1)]
        right_value = rights[min(index, len(rights) - 1)]
        is_matrix = isinstance(cur_expr, sp.MatrixBase) or isinstance(prev_expr, sp.MatrixBase)
        entry_text = None
        if is_matrix:
            shaped = cur_expr if isinstance(cur_expr, sp.MatrixBase) else prev_expr
            cols = shaped.shape[1]
            entry_text = f"({index // cols}, {index % cols})"
        notes = []
        if relaxed:
            notes.append(
                f"the step holds only with {', '.join(f'Σ {m} = 1' for m in sorted(relaxed))}, "
                "which it does not cite"
            )
        if how is not None:
            notes.append(f"certified by {how}")
        left_entry, right_entry = (_entry(e, index if is_matrix else None) for e in (prev_expr, cur_expr))
        left_text, right_text = (
            distinct_texts(left_value, right_value)
            if how
            else (_fmt_value(left_value), _fmt_value(right_value))
        )
        pair.failure = Counterexample(
            step=pair.index,
            justification=pair.step.why,
            claim=f"{_short(left_entry)} {pair.step.rel} {_short(right_entry)}",
            n=self.n or None,
            point=sample.describe(self.proof.variables),
            left=left_text,
            right=right_text,
            entry=entry_text,
            residual=residual_text(left_entry, right_entry),
            note="; ".join(notes) or None,
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
    points = checker.check_numeric(outcome)
    checker.check_symbolic()
    checker.check_exactly(points)
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
        checker.check_numeric()
        checker.check_symbolic()
        checker.check_exactly()
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
        notes.extend(f"n = {outcome.n}: {note}" if outcome.n else note for note in outcome.notes)
        for pair in outcome.all_pairs:
            by_index.setdefault(pair.index, []).append(pair)
            notes.extend(_pair_notes(pair, outcome.n))
    general_verified = False
    if general is not None:
        notes.extend(f"all n: {note}" for note in general.notes)
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
