"""A concrete proof at one size: each link screened numerically with SymPy's values (refute
first), then proved symbolically, then looked at exactly where no proof was found."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from checks.engine.limit import LimitChecker
from checks.engine.links import Link, SizeOutcome, entry_of, failing_entry, fmt_value, short
from checks.model import Proof, by_uncited
from checks.model.result import Counterexample, Sides
from checks.numeric.certify import certify_failure, distinct_texts, exactly_equal_at, residual_text
from checks.numeric.compare import (
    ATOL,
    RTOL,
    aligned,
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
    PointMemo,
    columns_of,
    compile_expr,
    enclosures,
    evaluate_batch,
    evaluate_mp,
    evaluate_mp_stable,
    mp_args,
    mp_to_float,
)
from checks.numeric.kink_points import at_kink, kink_mask
from checks.numeric.kinks import kink_conditions
from checks.numeric.sampling import Sample, samples
from checks.prove.ladder import SymbolicOutcome, evaluate_definitions, prove_equal
from checks.prove.sign import prove_relation

#: How much a strict gap may move when the precision doubles and still count as real.
_STABLE = mpmath.mpf(10) ** -10
#: How many sample points, and how many seconds at most, a link with no proof is looked at
#: exactly (with no tolerance) for a difference the floats cannot see.
_EXACT_POINTS = 3
_EXACT_BUDGET = 2.0
#: Seconds the equality ladder may spend on one entry of a strict step, looking for a tie.
_TIE_BUDGET = 0.5


#: The share of the points where the start has a value at which the reference must agree.
REFERENCE_SHARE = 0.5


def too_few_agreed(agreed: int, defined: int, where: str = "") -> str | None:
    """The doubt about a reference that agreed with the start at fewer than
    :data:`REFERENCE_SHARE` of the ``defined`` points where the start has a value (it gave no
    value at the others): a reference that answers at one point in ten vouches for nothing else."""
    if agreed >= REFERENCE_SHARE * defined:
        return None
    return (
        f"the NumPy reference agreed with the start at only {agreed} of the {defined} sample points "
        f"where the start has a value{where} (it gave none at the others): too few to vouch for it"
    )


class ProofChecker:
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
        # The high-precision values at each point, shared by every expression of the chain.
        self.memos = PointMemo()
        # Where a derivative is taken at a kink (|x| at 0), SymPy's value (sign(0) = 0) is no
        # evidence either way: such points are skipped link by link.
        self.kinks = [kink_conditions(e) for e in [proof.start] + [s.expr for s in proof.all_steps]]
        main = len(proof.steps)
        # "≈ within a tolerance" does not carry from step to step (π ≈ 3.15 ≈ … ≈ 3.2): with a
        # tolerance every step is compared with the start itself.
        self.pairs = [
            Link(k, step, 0 if k in (1, main + 1) or proof.tolerance is not None else k - 1)
            for k, step in enumerate(proof.all_steps, start=1)
        ]

    @property
    def last_index(self) -> int:
        """The number of the last link, the limit's included (the all-n steps come after)."""
        return len(self.exprs) if self.proof.limit is not None else len(self.exprs) - 1

    def compiled_expr(self, index: int) -> Compiled | None:
        if index not in self.compiled:
            expr = self.exprs[index]
            evaluable = not (isinstance(expr, sp.Basic) and expr.has(sp.Limit, sp.Derivative, sp.Integral))
            self.compiled[index] = compile_expr(expr, self.symbols) if evaluable else None
        return self.compiled[index]

    # -- symbolic ---------------------------------------------------------------------------

    def check_symbolic(self, budget: float | None = None) -> None:
        """The ladder for every link the numbers did not refute: refute first, or a wrong step
        waits out the whole ladder before its counterexample is looked for. ``budget`` (seconds
        a link, default the timeout) is short once another link is refuted."""
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
                pair.symbolic = prove_relation(prev, pair.step.rel, cur, subs, budget or self.timeout)

    def check_exactly(self, points: list[Sample]) -> None:
        """Each link with no proof, looked at exactly at the first sample points: a difference
        under the float tolerance (a step off by 10^-12, 1 + e^-50 = 1) is still a difference,
        and exact or interval arithmetic certifies it with no tolerance at all."""
        end = time.monotonic() + min(self.timeout, _EXACT_BUDGET)
        for pair in self.pairs:
            if pair.failure is not None or (pair.symbolic is not None and pair.symbolic.proved is True):
                continue
            if self.proof.tolerance is not None and pair.step.rel == "=":
                continue  # "≈ within the tolerance": a difference under it is no failure
            if self.compiled_expr(pair.prev) is None or self.compiled_expr(pair.index) is None:
                continue
            prev, cur = self.exprs[pair.prev], self.exprs[pair.index]
            kinks = self.kinks[pair.prev] + self.kinks[pair.index]
            tied = self._proved_tie(pair, end)
            for sample in points[:_EXACT_POINTS]:
                point = sample.exact(self.proof.variables)
                if kinks and at_kink(kinks, point):
                    continue
                if tied is not None:
                    lefts, rights = ([sp.sympify(e).xreplace(point) for e in entries(x)] for x in (prev, cur))
                    self._fail(pair, sample, lefts, rights, tied, frozenset(), "a tie proved symbolically")
                    break
                found = certify_failure(prev, pair.step.rel, cur, point, end)
                if found is not None:
                    index = failing_entry(found.lefts, pair.step.rel, found.rights)
                    self._fail(pair, sample, found.lefts, found.rights, index, frozenset(), found.how)
                    break

    def _proved_tie(self, pair: Link, end: float) -> int | None:
        """For a strict step: the entry whose two sides are proved equal (so it fails at every
        point), or None. The sign prover may have shown the difference to be 0 already ("=" slipped
        to "<"); else each entry is tried with the equality ladder (the sign prover never asks it)."""
        if pair.step.rel not in ("<", ">"):
            return None
        if pair.symbolic is not None and pair.symbolic.proved is False and pair.symbolic.residual == 0:
            return 0
        pairs = aligned(entries(self.exprs[pair.prev]), entries(self.exprs[pair.index]))
        for k, (a, b) in enumerate(pairs):
            budget = min(end - time.monotonic(), _TIE_BUDGET)
            if budget <= 0:
                return None
            if prove_equal(a, b, {}, budget).proved is True:
                return k
        return None

    # -- numeric ----------------------------------------------------------------------------

    def reference_at(self, sample: Sample) -> np.ndarray | None:
        with np.errstate(all="ignore"):
            ref = np.asarray(self.proof.reference(sample.as_numpy(self.proof.variables)), dtype=float)
        start_shape = self.start.shape if isinstance(self.start, sp.MatrixBase) else None
        if start_shape is not None and ref.size == start_shape[0] * start_shape[1]:
            ref = ref.reshape(start_shape)
        return ref if all_finite(ref) else None

    def check_numeric(self, outcome: SizeOutcome) -> list[Sample]:
        """Every link screened with SymPy's values of its two sides, the start's included, and
        the NumPy reference compared with the start; returns the sample points."""
        variables = self.proof.variables
        points = samples(variables, self.count, self.seed)
        refs = [self.reference_at(sample) for sample in points]
        outcome.skipped += sum(ref is None for ref in refs)
        outcome.checked += sum(ref is not None for ref in refs)
        # The start's values at the points serve the reference check and the links alike.
        batches: dict[int, np.ndarray | None] = {}
        outcome.notes.extend(self._check_reference(points, refs, batches))
        self._check_batch(points, refs, self.pairs, frozenset(), batches)
        self._check_relaxed()
        return points

    def _tolerances(self) -> tuple[float, float]:
        return (0.0, self.proof.tolerance) if self.proof.tolerance is not None else (RTOL, ATOL)

    def _check_reference(
        self, points: list[Sample], refs: list[np.ndarray | None], batches: dict[int, np.ndarray | None]
    ) -> list[str]:
        """The independent NumPy reference against SymPy's value of the start at every point:
        verified needs their agreement. A disagreement is a doubt about the reference or the
        definition, never a refutation of the chain (only SymPy's values refute)."""
        compiled = self.compiled_expr(0)
        if compiled is None:
            return []  # no SymPy value of the start here: step 1 is compared with the reference
        variables = self.proof.variables
        rtol, atol = self._tolerances()
        columns = columns_of(points, variables)
        starts = batches.get(0)
        if starts is None:
            starts = batches[0] = evaluate_batch(compiled, columns, len(points))
        at_kinks = self._kink_rows(0, 0, points, columns)
        agreed = 0
        defined = sum(all_finite(start) and not kink for start, kink in zip(starts, at_kinks, strict=True))
        for sample, ref, start, kink in zip(points, refs, starts, at_kinks, strict=True):
            if ref is None or kink:
                continue
            if all_finite(start) and relation_holds(ref, "=", start, rtol, atol)[0]:
                agreed += 1
                continue
            precise = evaluate_mp_stable(compiled, mp_args(sample, variables), self.memos)
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
                + f": reference {fmt_value(np.ravel(ref)[min(at, ref.size - 1)])}, "
                f"start {fmt_value(precise[min(at, len(precise) - 1)])}"
            ]
        if not agreed:
            return ["the NumPy reference could not be compared with the start at any sample point"]
        doubt = too_few_agreed(agreed, defined)
        return [doubt] if doubt else []

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
        pairs: list[Link],
        relaxed: frozenset[str],
        batches: dict[int, np.ndarray | None] | None = None,
    ) -> None:
        """Check ``pairs`` at every point, evaluating each expression once for all points
        (``batches``: values at these points already had). The start is SymPy's own value;
        only where it has none is the reference its stand-in."""
        variables = self.proof.variables
        columns = columns_of(points, variables)
        batches = {} if batches is None else batches

        def batch(index: int) -> np.ndarray | None:
            if index not in batches:
                compiled = self.compiled_expr(index)
                batches[index] = evaluate_batch(compiled, columns, len(points)) if compiled else None
            return batches[index]

        kink_rows: dict[int, np.ndarray] = {}

        def kinked(pair: Link) -> np.ndarray:
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
                    v = mp_to_float(evaluate_mp(compiled, margs(), memos=self.memos), compiled.shape)
                return v if all_finite(v) else None

            for pair in pairs:
                if pair.failure is not None or kinked(pair)[p]:
                    continue
                left, right = value(pair.prev), value(pair.index)
                if left is None or right is None:
                    continue
                pair.checked += 1
                self._check_at(pair, sample, (left, right), margs, relaxed)

    def _check_at(
        self,
        pair: Link,
        sample: Sample,
        sides: tuple[np.ndarray, np.ndarray],
        margs: Callable[[], list[mpmath.mpf]],
        relaxed: frozenset[str],
    ) -> None:
        """One link at one point: a float disagreement, or a strict gap too narrow for floats,
        goes to high precision (``margs`` gives the point's mpmath values when first needed)."""
        left, right = sides
        rtol, atol = self._tolerances()
        holds, entry = relation_holds(left, pair.step.rel, right, rtol, atol)
        if holds and pair.step.rel in ("<", ">") and not _clear_gap(left, pair.step.rel, right, rtol, atol):
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

    def _surely_fails(self, pair: Link, sample: Sample, rtol: float, atol: float) -> bool:
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

    def _strict_holds(self, pair: Link, margs: list[mpmath.mpf], sample: Sample) -> tuple[bool, int | None]:
        """A strict gap too small for floats, looked at in 50 and 100 digits: a real gap is
        positive and stays put when the precision doubles; a real violation is negative and
        stays put. Anything else (no gap to see, or noise) fails only on an exact tie."""
        left_c, right_c = self.compiled_expr(pair.prev), self.compiled_expr(pair.index)
        if left_c is None or right_c is None:
            return True, None
        gaps = []
        for digits in (HIGH_PRECISION_DIGITS, 2 * HIGH_PRECISION_DIGITS):
            left = evaluate_mp(left_c, margs, digits, self.memos)
            right = evaluate_mp(right_c, margs, digits, self.memos)
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
        pair: Link,
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
        right_mp = (evaluate_mp_stable(right_c, margs, self.memos) or []) if right_c else []
        left_mp = evaluate_mp_stable(left_c, margs, self.memos) or []
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
        pair: Link,
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
        left_entry, right_entry = (entry_of(e, index if is_matrix else None) for e in (prev_expr, cur_expr))
        left_text, right_text = (
            distinct_texts(left_value, right_value)
            if how
            else (fmt_value(left_value), fmt_value(right_value))
        )
        pair.failure = Counterexample(
            step=pair.index,
            justification=pair.step.why,
            claim=f"{short(left_entry)} {pair.step.rel} {short(right_entry)}",
            n=self.n or None,
            point=sample.describe(self.proof.variables),
            left=left_text,
            right=right_text,
            entry=entry_text,
            residual=residual_text(left_entry, right_entry),
            note="; ".join(notes) or None,
            sides=Sides(
                prev_expr,
                cur_expr,
                pair.step.rel,
                self.proof.variables,
                sample.values,
                index if is_matrix else None,
            ),
        )

    def check_limit(self, outcome: SizeOutcome) -> None:
        """The limit claim, if any: see :class:`checks.engine.limit.LimitChecker`."""
        if self.proof.limit is not None:
            LimitChecker(self).check(outcome)


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
