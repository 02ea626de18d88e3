"""An all-n proof checked numerically at several concrete n (refute first), proved by the Σ
rules, and looked at exactly where no proof was found."""

from __future__ import annotations

import itertools
import time
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from checks.engine.concrete import too_few_agreed
from checks.engine.links import Link
from checks.engine.rows import EXTENDED, NEAR_TIES, Rows, evaluator, index_tuples, mp_evaluator, ref_entry
from checks.model import General, N, by_uncited
from checks.model.result import Counterexample, Sides
from checks.numeric.certify import certify_failure, distinct_texts, exactly_equal_at, residual_text
from checks.numeric.compare import ATOL, RTOL, needs_certificate, relation_holds, rows_hold, surely_violated
from checks.numeric.compiled import HIGH_PRECISION_DIGITS, STABLE_RTOL, enclosures, stable
from checks.numeric.evaluate import Unsupported
from checks.numeric.kink_points import all_n_point, at_kink, kink_mask
from checks.numeric.kinks import Kink, kink_conditions
from checks.numeric.sampling import Sample, samples
from checks.prove.all_n import differentiate, prove_general_step
from checks.prove.sums import canonical
from checks.prove.unroll import written_out
from checks.reference import only_coordinates

#: Sample points per size, and seconds at most, that a link with no proof is looked at exactly.
_EXACT_POINTS = 2
_EXACT_BUDGET = 2.0


class GeneralChecker:
    """Checks one all-n proof; holds the evaluated expressions shared by all sizes."""

    def __init__(self, proof: General, seed: int, count: int, timeout: float, first_index: int = 1) -> None:
        self.proof = proof
        self.seed = seed
        self.count = count
        self.timeout = timeout
        # Bound indices renamed before differentiating (∂/∂x_k of Σ_k e^{x_k} with the same k is
        # 1 to SymPy) and after (a letter bound twice confuses the evaluator).
        self.exprs = [
            canonical(differentiate(canonical(sp.sympify(e))))
            for e in [proof.start] + [s.expr for s in proof.steps]
        ]
        self.pairs = [Link(first_index + k, step, k) for k, step in enumerate(proof.steps)]
        # Where a derivative is taken at a kink (|x_k| at 0), no value is evidence either way.
        self.kinks = [kink_conditions(sp.sympify(e)) for e in [proof.start] + [s.expr for s in proof.steps]]
        self.checked = 0
        self.skipped = 0
        # The exact sides at (link, n, point, entry): a confirmed failure asks for them up to three
        # times (certificate, tie, plot), and carrying out the sums at n is the dear part.
        self._sides: dict[tuple[int, int, int, tuple[int, ...]], tuple[Sample, Any]] = {}
        self.notes: list[str] = []  # doubts about the whole proof (the reference disagrees)

    def check_symbolic(self, budget: float | None = None) -> None:
        """The Σ rules and the ladder for every link the numbers did not refute (refute first);
        ``budget`` as for a concrete proof."""
        for k, pair in enumerate(self.pairs):
            if pair.failure is not None:
                continue
            pair.symbolic = prove_general_step(
                self.exprs[k],
                pair.step.rel,
                self.exprs[k + 1],
                self.proof,
                pair.step.using,
                budget or self.timeout,
            )

    def check_numeric(self) -> None:
        rng = np.random.default_rng(self.seed)
        for n in self.proof.checked_sizes:
            variables = self.proof.concrete(n)
            entries = index_tuples(n, self.proof.indices, self.proof.distinct, rng)
            if not entries:
                continue  # e.g. i ≠ j at n = 1
            count = self.count if n <= 8 else max(self.count // 4, 4)
            self._check_rows(n, samples(variables, count, self.seed + n), entries, self.pairs, frozenset())
            for missing, pairs in by_uncited(self.pairs, self.proof.variables).items():
                relaxed = samples(variables, max(count // 3, 4), self.seed + n + 1, missing)
                self._check_rows(n, relaxed, entries, pairs, missing)
            if any(p.failure for p in self.pairs):
                return  # the smallest n with a counterexample is the one to show

    def _reference(self, sample: Sample, n: int, entries: list[tuple[int, ...]]) -> np.ndarray | None:
        """The NumPy reference at ``sample``, or None where an entry compared is not finite.

        At large n a Hessian reference is first computed only on the coordinates the entries
        use; if a compared entry comes out NaN (the reference combines entries), in full.
        """
        point = sample.as_numpy(self.proof.concrete(n))

        def finite(ref: np.ndarray) -> bool:
            picked = [ref[e] if e else ref.reshape(-1)[0] for e in entries] if ref.ndim else [ref]
            return bool(np.all(np.isfinite(picked)))

        with np.errstate(all="ignore"):
            if n > 8 and self.proof.indices:
                with only_coordinates(c for e in entries for c in e):
                    ref = np.asarray(self.proof.reference(point), dtype=float)
                if finite(ref):
                    return ref
            ref = np.asarray(self.proof.reference(point), dtype=float)
        return ref if finite(ref) else None

    def _check_rows(
        self,
        n: int,
        points: list[Sample],
        entries: list[tuple[int, ...]],
        pairs: list[Link],
        relaxed: frozenset[str],
    ) -> None:
        rows = Rows(points, entries)
        ev = evaluator(self.proof, n, rows)
        values: dict[int, np.ndarray | None] = {}

        def value(index: int) -> np.ndarray | None:
            if index not in values:
                try:
                    with np.errstate(all="ignore"):
                        values[index] = np.asarray(ev.value(self.exprs[index]), dtype=float)
                except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError) as exc:
                    self.pairs[max(index - 1, 0)].notes.append(f"cannot evaluate at n = {n}: {exc}")
                    values[index] = None
            return values[index]

        kink_rows: dict[tuple[int, int], np.ndarray] = {}

        def kinked(prev: int, cur: int) -> np.ndarray:
            if (prev, cur) not in kink_rows:
                kink_rows[(prev, cur)] = self._kink_rows(n, rows, self.kinks[prev] + self.kinks[cur])
            return kink_rows[(prev, cur)]

        ref_rows: np.ndarray | None = None
        if not relaxed or value(0) is None:  # the reference holds on the domain only
            refs = [self._reference(p, n, entries) for p in points]
            if not relaxed:
                self.skipped += sum(r is None for r in refs)
                self.checked += sum(r is not None for r in refs)
            ref_rows = np.array([ref_entry(refs[p], e) for p in range(len(points)) for e in entries])
            starts = value(0)
            if not relaxed and starts is not None:
                self._check_reference(n, rows, np.where(kinked(0, 0), np.nan, ref_rows), starts)
        for pair in pairs:
            if pair.failure is not None:
                continue
            # The start is SymPy's own value; only where it has none is the reference its stand-in.
            from_ref = pair.prev == 0 and value(0) is None
            left = ref_rows if from_ref else value(pair.prev)
            right = value(pair.prev + 1)
            if left is None or right is None:
                continue
            ok = np.isfinite(left) & np.isfinite(right) & ~kinked(pair.prev, pair.prev + 1)
            self._check_link(pair, n, rows, (left, right), ok, from_ref, relaxed)

    def _check_link(
        self,
        pair: Link,
        n: int,
        rows: Rows,
        sides: tuple[np.ndarray, np.ndarray],
        ok: np.ndarray,
        from_ref: bool,
        relaxed: frozenset[str],
    ) -> None:
        """One link on the rows ``ok`` (finite, off every kink): a float disagreement that
        extended precision keeps, or a strict gap too narrow for floats, is looked at in mpmath."""
        left, right = sides
        pair.checked += int(ok.sum())
        holds = rows_hold(left, pair.step.rel, right, RTOL, ATOL)
        bad = [int(r) for r in np.flatnonzero(ok & ~holds)]
        if bad and from_ref:
            pair.notes.append(
                f"the NumPy reference of the start and step {pair.index} disagree at n = {n}; the start "
                "has no SymPy value here to decide which is wrong"
            )
            return
        if bad:
            bad = self._still_failing(pair, n, rows, bad)
        if pair.step.rel in ("<", ">"):
            # A strict gap floats cannot see (an empty sum is 0, and 0 > 0 is false):
            # high precision and, for a tie, exact arithmetic decide. A few rows suffice.
            clear = rows_hold(left, pair.step.rel, right, RTOL, ATOL, strict=True)
            bad += [int(r) for r in np.flatnonzero(ok & holds & ~clear)][:NEAR_TIES]
        for r in bad:
            self._confirm(pair, n, rows, r, relaxed)
            if pair.failure is not None or pair.notes:
                return  # one confirmed counterexample or doubt per step is enough

    def _kink_rows(self, n: int, rows: Rows, kinks: tuple[Kink, ...]) -> np.ndarray:
        """Which rows (point × entry) put a derivative of the expressions at a kink."""
        count = len(rows.points) * len(rows.entries)
        if not kinks:
            return np.zeros(count, dtype=bool)
        points = []
        for r in range(count):
            p, entry = rows.row(r)
            indices = dict(zip(self.proof.indices, entry, strict=True))
            points.append(all_n_point(self.proof.variables, n, indices, rows.points[p].values))
        return kink_mask(kinks, points)

    def _check_reference(self, n: int, rows: Rows, ref_rows: np.ndarray, starts: np.ndarray) -> None:
        """The NumPy reference against SymPy's value of the start, row by row: verified needs
        their agreement; a disagreement (confirmed with the start in high precision) is a note
        that leaves the result inconclusive, never a refutation of the chain."""
        if self.notes:
            return
        finite = np.isfinite(ref_rows) & np.isfinite(starts)
        close = rows_hold(ref_rows, "=", starts, RTOL, ATOL)
        for r in self._still_apart(n, rows, ref_rows, [int(r) for r in np.flatnonzero(finite & ~close)]):
            p, entry = rows.row(int(r))
            sample = rows.points[p]
            precise = []
            for digits in (HIGH_PRECISION_DIGITS, 2 * HIGH_PRECISION_DIGITS):
                with mpmath.workdps(digits):
                    try:
                        precise.append(mp_evaluator(self.proof, n, sample, entry).value(self.exprs[0]))
                    except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
                        break
            if len(precise) < 2 or not stable(precise[0], precise[1]):
                continue  # no stable value of the start here: nothing to compare
            with mpmath.workdps(2 * HIGH_PRECISION_DIGITS):
                if relation_holds([ref_rows[r]], "=", [precise[1]], RTOL, ATOL)[0]:
                    continue
            where = ", ".join(f"{k} = {v}" for k, v in sample.describe(self.proof.concrete(n)).items())
            at = ", ".join(f"{i} = {v}" for i, v in zip(self.proof.indices, entry, strict=True))
            self.notes.append(
                f"the NumPy reference disagrees with the start at n = {n}, {where}"
                + (f", {at}" if at else "")
                + f": reference {float(ref_rows[r]):.6g}, start {float(precise[1]):.6g}"
            )
            return
        if not finite.any():
            self.notes.append(
                f"the NumPy reference could not be compared with the start at any sample point (n = {n})"
            )
        elif doubt := too_few_agreed(int(finite.sum()), int(np.isfinite(starts).sum()), f" at n = {n}"):
            self.notes.append(doubt)

    def _still_apart(self, n: int, rows: Rows, ref_rows: np.ndarray, bad: list[int]) -> list[int]:
        """The rows of ``bad`` where the start still differs from the reference in extended
        precision: float64 overflows and underflows at logits of ±500 (Σ e^x squared, 1/that
        is 0) and leaves finite wrong values, which mpmath would take far longer to clear."""
        if not bad or EXTENDED is None:
            return bad
        try:
            with np.errstate(all="ignore"):
                ext = np.asarray(evaluator(self.proof, n, rows, EXTENDED, bad).value(self.exprs[0]))
        except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
            return bad
        ext = np.broadcast_to(ext, (len(bad),))
        agree = np.isfinite(ext) & rows_hold(ref_rows[bad], "=", ext, RTOL, ATOL)
        return [r for k, r in enumerate(bad) if not agree[k]]

    def _concrete(
        self, pair: Link, n: int, sample: Sample, entry: tuple[int, ...]
    ) -> tuple[list[Any], dict[Any, sp.Rational]] | None:
        """The two sides at ``n`` and the entry, sums carried out, with the exact point for
        their symbols and entries; None where SymPy cannot carry them out (computed once)."""
        key = (pair.prev, n, id(sample), entry)
        kept = self._sides.get(key)
        if kept is not None and kept[0] is sample:
            return kept[1]
        found = self._carry_out(pair, n, sample, entry)
        self._sides[key] = (sample, found)  # the sample is kept, so its id stays its own
        return found

    def _carry_out(
        self, pair: Link, n: int, sample: Sample, entry: tuple[int, ...]
    ) -> tuple[list[Any], dict[Any, sp.Rational]] | None:
        """:meth:`_concrete` itself."""
        at = {N: n, **dict(zip(self.proof.indices, entry, strict=True))}
        try:
            placed = [sp.sympify(self.exprs[k]).subs(at) for k in (pair.prev, pair.prev + 1)]
            # SymPy sums a reversed range as minus the terms between (Σ_{k=3}^{0} 1 = -2); the
            # checks here read it as empty: no exact value to compare with then.
            if any(
                (hi - lo + 1).is_negative for e in placed for s in e.atoms(sp.Sum) for _, lo, hi in s.limits
            ):
                return None
            sides = [written_out(e) for e in placed]
            point: dict[Any, sp.Rational] = {}
            for side in sides:
                for atom in side.atoms(sp.Indexed, sp.Symbol):
                    name = str(atom.base.label) if isinstance(atom, sp.Indexed) else atom.name
                    values = sample.values.get(name)
                    if values is None:
                        continue
                    q = values[int(atom.indices[0])] if isinstance(atom, sp.Indexed) else values[0]
                    point[atom] = sp.Rational(q.numerator, q.denominator)
        except (ValueError, TypeError, NotImplementedError, ZeroDivisionError, RecursionError, IndexError):
            return None
        return sides, point

    def _surely_fails(self, pair: Link, n: int, sample: Sample, entry: tuple[int, ...]) -> bool:
        """Whether exact arithmetic (a tie of a strict step) or interval arithmetic certifies
        the failure; where neither can be had, the high-precision verdict stands, unless a step
        function could have turned rounding into a whole step."""
        concrete = self._concrete(pair, n, sample, entry)
        if concrete is None:
            return True
        (prev, cur), point = concrete
        if pair.step.rel in ("<", ">") and exactly_equal_at(prev, cur, point):
            return True
        stepped = needs_certificate(prev, cur)
        lefts, rights = enclosures([prev], point), enclosures([cur], point)
        if rights is None or lefts is None:
            return not stepped
        return surely_violated(lefts, pair.step.rel, rights, RTOL, ATOL)

    def _exactly_tied(self, pair: Link, n: int, sample: Sample, entry: tuple[int, ...]) -> bool:
        """Whether the two sides are exactly equal at ``n``, the entry and the exact point: the
        sums carried out at this n, SymPy's own evaluation, no simplification."""
        concrete = self._concrete(pair, n, sample, entry)
        if concrete is None:
            return False
        (prev, cur), point = concrete
        return exactly_equal_at(prev, cur, point)

    def _still_failing(self, pair: Link, n: int, rows: Rows, bad: list[int]) -> list[int]:
        """The rows of ``bad`` where the step fails in extended precision too (overflow and
        cancellation in float64 are the usual reason); only those go on to mpmath."""
        if EXTENDED is None:
            return bad
        ev = evaluator(self.proof, n, rows, EXTENDED, bad)
        try:
            with np.errstate(all="ignore"):
                left = ev.value(self.exprs[pair.prev])
                right = ev.value(self.exprs[pair.prev + 1])
        except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
            return bad
        left, right = np.broadcast_to(left, (len(bad),)), np.broadcast_to(right, (len(bad),))
        fine = np.isfinite(left) & np.isfinite(right) & rows_hold(left, pair.step.rel, right, RTOL, ATOL)
        return [r for k, r in enumerate(bad) if not fine[k]]

    def _confirm(self, pair: Link, n: int, rows: Rows, r: int, relaxed: frozenset[str]) -> None:
        """A float disagreement refutes only if it holds in high precision too, with values that
        agree in 50 and 100 digits (a value that moves is cancellation noise)."""
        p, entry = rows.row(r)
        sample = rows.points[p]
        values = []
        for digits in (HIGH_PRECISION_DIGITS, 2 * HIGH_PRECISION_DIGITS):
            with mpmath.workdps(digits):
                ev = mp_evaluator(self.proof, n, sample, entry)
                try:
                    values.append((ev.value(self.exprs[pair.prev]), ev.value(self.exprs[pair.prev + 1])))
                except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
                    return
        (left_c, right_c), (left, right) = values
        if not (stable(left_c, left) and stable(right_c, right)):
            return
        with mpmath.workdps(2 * HIGH_PRECISION_DIGITS):
            holds, _ = relation_holds([left], pair.step.rel, [right], RTOL, ATOL)
        if holds and pair.step.rel in ("<", ">"):
            coarse, fine = ((a - b) if pair.step.rel == ">" else (b - a) for a, b in values)
            if fine != 0 and abs(coarse - fine) <= STABLE_RTOL * abs(fine):
                holds = bool(fine > 0)  # a gap that stays put is real, either way
            else:
                holds = not self._exactly_tied(pair, n, sample, entry)
        if holds or not self._surely_fails(pair, n, sample, entry):
            return
        self._fail(pair, n, sample, entry, (f"{float(left):.6g}", f"{float(right):.6g}"), relaxed)

    def check_exactly(self) -> None:
        """Each link with no proof, looked at exactly at n = 2 and 3 and the first points: a
        difference under the float tolerance is still a difference, and exact or interval
        arithmetic certifies it with no tolerance (see :func:`checks.numeric.certify.certify_failure`)."""
        end = time.monotonic() + min(self.timeout, _EXACT_BUDGET)
        rng = np.random.default_rng(self.seed)
        for pair in self.pairs:
            if pair.failure is not None or (pair.symbolic is not None and pair.symbolic.proved is True):
                continue
            for n in (2, 3):
                entries = index_tuples(n, self.proof.indices, self.proof.distinct, rng)[:2]
                points = samples(self.proof.concrete(n), _EXACT_POINTS, self.seed + n)[:_EXACT_POINTS]
                kinks = self.kinks[pair.prev] + self.kinks[pair.prev + 1]
                for sample, entry in itertools.product(points, entries):
                    indices = dict(zip(self.proof.indices, entry, strict=True))
                    if kinks and at_kink(kinks, all_n_point(self.proof.variables, n, indices, sample.values)):
                        continue
                    concrete = self._concrete(pair, n, sample, entry)
                    if concrete is None:
                        continue
                    (prev, cur), point = concrete
                    found = certify_failure(prev, pair.step.rel, cur, point, end)
                    if found is not None:
                        texts = distinct_texts(found.lefts[0], found.rights[0])
                        self._fail(pair, n, sample, entry, texts, frozenset(), found.how)
                        break
                if pair.failure is not None or time.monotonic() >= end:
                    break

    def _fail(
        self,
        pair: Link,
        n: int,
        sample: Sample,
        entry: tuple[int, ...],
        values: tuple[str, str],
        relaxed: frozenset[str],
        how: str | None = None,
    ) -> None:
        """Record the confirmed counterexample of ``pair`` at ``n``, ``sample`` and ``entry``."""
        notes = []
        if relaxed:
            names = ", ".join(f"Σ {m} = 1" for m in sorted(relaxed))
            notes.append(f"the step holds only with {names}, which it does not cite")
        if how is not None:
            notes.append(f"certified by {how}")
        at = ", ".join(f"{i} = {v}" for i, v in zip(self.proof.indices, entry, strict=True))
        prev, cur = self.exprs[pair.prev], self.exprs[pair.prev + 1]
        pair.failure = Counterexample(
            step=pair.index,
            justification=pair.step.why,
            claim=f"{sp.sstr(prev)} {pair.step.rel} {sp.sstr(cur)}",
            n=n,
            point=sample.describe(self.proof.concrete(n)),
            left=values[0],
            right=values[1],
            entry=at or None,
            residual=residual_text(prev, cur),
            note="; ".join(notes) or None,
            sides=self._plot_sides(pair, n, sample, entry),
        )

    def _plot_sides(self, pair: Link, n: int, sample: Sample, entry: tuple[int, ...]) -> Sides | None:
        """The two sides at ``n`` and the entry, in the symbols of the concrete variables
        (``x[0]`` becomes ``x0``), for a plot; None where SymPy cannot carry out the sums."""
        concrete = self._concrete(pair, n, sample, entry)
        if concrete is None:
            return None
        variables = self.proof.concrete(n)
        by_entry = {(v.name, i): s for v in variables if v.size is not None for i, s in enumerate(v.symbols)}
        rename = {}
        for atom in (a for side in concrete[0] for a in side.atoms(sp.Indexed)):
            key = (str(atom.base.label), int(atom.indices[0]))
            if key in by_entry:
                rename[atom] = by_entry[key]
        left, right = (side.xreplace(rename) for side in concrete[0])
        return Sides(left, right, pair.step.rel, variables, sample.values)
