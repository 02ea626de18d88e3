"""Check an ``all n`` proof: each step by the Σ rules, then numerically at several concrete n."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from checks.errors import StepTimeout
from checks.model import General, N, Step, Vec, by_uncited
from checks.model.result import Counterexample
from checks.numeric.certify import certify_failure, distinct_texts, residual_text
from checks.numeric.compare import ATOL, RTOL, needs_certificate, relation_holds, rows_hold, surely_violated
from checks.numeric.compiled import HIGH_PRECISION_DIGITS, STABLE_RTOL, enclosures, mp_args
from checks.numeric.evaluate import Unsupported
from checks.numeric.indexed import IndexedEvaluator
from checks.numeric.kinks import Kink, all_n_point, at_kink, kink_conditions, kink_mask
from checks.numeric.sampling import Sample, samples
from checks.prove.sums import Rewriter, canonical, sum_atoms
from checks.prove.symbolic import SymbolicOutcome, exactly_equal_at, prove_relation
from checks.reference import only_coordinates
from checks.timeout import deadline

#: How many index tuples are checked per point beyond n = 8 (besides the corners).
_RANDOM_ENTRIES = 4
#: Sample points per size, and seconds at most, that a link with no proof is looked at exactly.
_EXACT_POINTS = 2
_EXACT_BUDGET = 2.0


@dataclass
class GeneralPair:
    """One link of the all-n chain and what the checks found about it."""

    index: int
    step: Step
    prev: int
    symbolic: SymbolicOutcome | None = None
    failure: Counterexample | None = None
    checked: int = 0
    notes: list[str] = field(default_factory=list)


# -- symbolic ---------------------------------------------------------------------------------


def _indexed_to_symbols(expr: sp.Expr) -> sp.Expr:
    """Replace each vector entry ``x[i]`` by a plain symbol with the vector's assumptions."""
    return expr.xreplace(
        {
            a: sp.Symbol(f"{a.base.label}[{a.indices[0]}]", **a.base.assumptions0)
            for a in expr.atoms(sp.Indexed)
        }
    )


def _atomise(exprs: list[sp.Expr], budget: float, signs: bool) -> tuple[list[sp.Expr], list[str]]:
    """Each remaining sum becomes an opaque symbol, positive or non-negative where its summand is."""
    names: dict[sp.Sum, sp.Symbol] = {}
    facts: list[str] = []

    def name_of(s: sp.Sum) -> sp.Symbol:
        if s not in names:
            (inner,), _ = _atomise([s.function], budget, signs)
            summand = _indexed_to_symbols(inner)
            # Real only when its terms are: Σ sqrt(1 - x_k^2) is not, and its square may be < 0.
            sign: dict[str, bool] = {"real": True} if summand.is_real else {}
            if signs and sign:
                # An empty sum is 0: positive terms make a positive sum only over a range known
                # not to be empty (Σ_{k=i+1}^{n-1} is empty at i = n - 1).
                nonempty = all(bool((hi - lo).is_nonnegative) for _, lo, hi in s.limits)
                for rel, key in ((">", "positive"), (">=", "nonnegative")):
                    if key == "positive" and not nonempty:
                        continue
                    if prove_relation(summand, rel, sp.Integer(0), {}, budget / 4).proved is True:
                        sign = {key: True}
                        facts.append(
                            "Σ of positive terms > 0" if key == "positive" else "Σ of non-negative terms ≥ 0"
                        )
                        break
            names[s] = sp.Dummy(f"Σ{len(names)}", **sign)  # never a user's variable
        return names[s]

    out = []
    for expr in exprs:
        out.append(expr.xreplace({s: name_of(s) for s in sum_atoms(expr)}))
    return out, facts


def _delta_cases(
    expr_pair: tuple[sp.Expr, sp.Expr], indices: tuple[sp.Symbol, ...], distinct: bool
) -> list[tuple[sp.Expr, sp.Expr]]:
    """Split on each δ between free indices: ``i = j`` (δ = 1) and ``i ≠ j`` (δ = 0).

    With ``distinct`` the free indices are pairwise different and only the second case exists.
    """
    a, b = expr_pair
    for d in (a + b).atoms(sp.KroneckerDelta):
        p, q = d.args
        if p in indices and q in indices:
            differ = (a.xreplace({d: 0}), b.xreplace({d: 0}))
            if distinct:
                return _delta_cases(differ, indices, distinct)
            same = (a.xreplace({q: p}), b.xreplace({q: p}))
            return _delta_cases(same, indices, distinct) + _delta_cases(differ, indices, distinct)
    return [(a, b)]


def prove_general_step(
    prev: sp.Expr, rel: str, cur: sp.Expr, proof: General, using: tuple[str, ...], budget: float
) -> SymbolicOutcome:
    """Prove ``prev REL cur`` for every n: Σ rules, then δ cases, then the usual ladder."""
    prev, cur = sp.sympify(prev), sp.sympify(cur)
    if rel != "=":  # a sign argument may need the sums as written (a sum of squares)
        as_written = _prove_cases(canonical(prev), rel, canonical(cur), proof, budget)
        if as_written.proved is True:
            return as_written
    cited = frozenset(v.name for v in proof.variables if isinstance(v, Vec) and v.constraint in using)
    rewriter = Rewriter({i: (sp.Integer(0), N - 1) for i in proof.indices}, cited)
    try:
        with deadline(budget):
            left, right = rewriter.normalise(prev), rewriter.normalise(cur)
    except StepTimeout:
        return SymbolicOutcome(None, None, ("Σ rules (timed out)",))
    rules = ", ".join(sorted(rewriter.used)) or "no Σ rule"
    outcome = _prove_cases(left, rel, right, proof, budget)
    if outcome.proved is not True:
        return SymbolicOutcome(outcome.proved, None, (f"Σ rules ({rules})", *outcome.tried), outcome.residual)
    return SymbolicOutcome(True, f"{rules}; {outcome.method}", outcome.tried)


def _prove_cases(left: sp.Expr, rel: str, right: sp.Expr, proof: General, budget: float) -> SymbolicOutcome:
    """Prove a relation with every sum opaque, case by case on δ; sums' signs only for ≤, ≥."""
    methods: set[str] = set()
    facts: set[str] = set()
    cases = _delta_cases((left, right), proof.indices, proof.distinct)
    try:
        with deadline(budget):
            for a, b in cases:
                (a_atoms, b_atoms), found = _atomise([a, b], budget, signs=rel != "=")
                outcome = prove_relation(
                    _indexed_to_symbols(a_atoms), rel, _indexed_to_symbols(b_atoms), {}, budget
                )
                if outcome.proved is not True:
                    return outcome
                methods.add(outcome.method or "")
                facts.update(found)
    except StepTimeout:
        return SymbolicOutcome(None, None, ("opaque sums (timed out)",))
    split = ["cases i = j and i ≠ j"] if len(cases) > 1 else []
    return SymbolicOutcome(True, "; ".join([*sorted(facts), *split, ", ".join(sorted(methods))]), ())


def _differentiate(expr: Any) -> sp.Expr:
    """Carry out derivatives only: SymPy's ``Sum.doit`` over a symbolic range is not trusted."""
    expr = sp.sympify(expr)
    # deep=False: SymPy's doit would also try (slowly, and in vain) to sum the inner Sums.
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit(deep=False))


# -- numeric ----------------------------------------------------------------------------------


def _entries(
    n: int, indices: tuple[sp.Symbol, ...], distinct: bool, rng: np.random.Generator
) -> list[tuple[int, ...]]:
    """Every index tuple for small n; corners and a few random tuples for large n."""
    if not indices:
        return [()]

    def keep(t: tuple[int, ...]) -> bool:
        return not distinct or len(set(t)) == len(t)

    every = [t for t in itertools.product(range(n), repeat=len(indices)) if keep(t)]
    if len(every) <= 64:
        return every
    corners = list(itertools.product(sorted({0, 1, n - 1}), repeat=len(indices)))
    extra = [tuple(int(c) for c in rng.integers(0, n, len(indices))) for _ in range(_RANDOM_ENTRIES)]
    return [t for t in dict.fromkeys(corners + extra) if keep(t)]


@dataclass
class _Rows:
    """Sample points times index tuples, laid out for the evaluator."""

    points: list[Sample]
    entries: list[tuple[int, ...]]

    def row(self, r: int) -> tuple[int, tuple[int, ...]]:
        return divmod(r, len(self.entries))[0], self.entries[r % len(self.entries)]


def _evaluator(
    proof: General, n: int, rows: _Rows, dtype: Any = np.float64, only: list[int] | None = None
) -> IndexedEvaluator:
    """An evaluator over every row (point × entry), or over the rows ``only``."""
    count = len(rows.points) * len(rows.entries)
    pick = np.arange(count) if only is None else np.asarray(only, dtype=int)
    scalars: dict[sp.Symbol, Any] = {}
    vectors: dict[str, Any] = {}
    for v in proof.variables:
        values = np.array([[float(q) for q in p.values[v.name]] for p in rows.points], dtype=dtype)
        per_row = np.repeat(values, len(rows.entries), axis=0)[pick]
        if isinstance(v, Vec):
            vectors[v.name] = per_row
        else:
            scalars[v.sym] = per_row[:, 0]
    for pos, idx in enumerate(proof.indices):
        at = np.tile(np.array([e[pos] for e in rows.entries], dtype=int), len(rows.points))
        scalars[idx] = at[pick]
    return IndexedEvaluator(n, scalars, vectors, rows=len(pick), dtype=dtype)


#: Rows per step and size whose strict gap is too narrow for floats that go to high precision.
_NEAR_TIES = 8

#: Extended precision is a cheap second look before mpmath, where the platform has it.
_EXTENDED = np.longdouble if np.finfo(np.longdouble).eps < np.finfo(np.float64).eps else None


def _mp_evaluator(proof: General, n: int, sample: Sample, entry: tuple[int, ...]) -> IndexedEvaluator:
    scalars: dict[sp.Symbol, Any] = dict(zip(proof.indices, entry, strict=True))
    vectors: dict[str, Any] = {}
    for v in proof.concrete(n):
        values = mp_args(sample, (v,))
        if v.size is None:
            scalars[v.sym] = values[0]
        else:
            vectors[v.name] = values
    return IndexedEvaluator(n, scalars, vectors, mp=True)


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
            canonical(_differentiate(canonical(sp.sympify(e))))
            for e in [proof.start] + [s.expr for s in proof.steps]
        ]
        self.pairs = [GeneralPair(first_index + k, step, k) for k, step in enumerate(proof.steps)]
        # Where a derivative is taken at a kink (|x_k| at 0), no value is evidence either way.
        self.kinks = [kink_conditions(sp.sympify(e)) for e in [proof.start] + [s.expr for s in proof.steps]]
        self.checked = 0
        self.skipped = 0
        self.notes: list[str] = []  # doubts about the whole proof (the reference disagrees)

    def check_symbolic(self) -> None:
        """The Σ rules and the ladder for every link the numbers did not refute (refute first)."""
        for k, pair in enumerate(self.pairs):
            if pair.failure is not None:
                continue
            pair.symbolic = prove_general_step(
                self.exprs[k], pair.step.rel, self.exprs[k + 1], self.proof, pair.step.using, self.timeout
            )

    def check_numeric(self) -> None:
        rng = np.random.default_rng(self.seed)
        for n in self.proof.checked_sizes:
            variables = self.proof.concrete(n)
            entries = _entries(n, self.proof.indices, self.proof.distinct, rng)
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
        pairs: list[GeneralPair],
        relaxed: frozenset[str],
    ) -> None:
        rows = _Rows(points, entries)
        ev = _evaluator(self.proof, n, rows)
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
            ref_rows = np.array([_ref_entry(refs[p], e) for p in range(len(points)) for e in entries])
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
            pair.checked += int(ok.sum())
            holds = rows_hold(left, pair.step.rel, right, RTOL, ATOL)
            bad = [int(r) for r in np.flatnonzero(ok & ~holds)]
            if bad and from_ref:
                pair.notes.append(
                    f"the NumPy reference of the start and step {pair.index} disagree at n = {n}; the start "
                    "has no SymPy value here to decide which is wrong"
                )
                continue
            if bad:
                bad = self._still_failing(pair, n, rows, bad)
            if pair.step.rel in ("<", ">"):
                # A strict gap floats cannot see (an empty sum is 0, and 0 > 0 is false):
                # high precision and, for a tie, exact arithmetic decide. A few rows suffice.
                clear = rows_hold(left, pair.step.rel, right, RTOL, ATOL, strict=True)
                bad += [int(r) for r in np.flatnonzero(ok & holds & ~clear)][:_NEAR_TIES]
            for r in bad:
                self._confirm(pair, n, rows, r, relaxed)
                if pair.failure is not None or pair.notes:
                    break  # one confirmed counterexample or doubt per step is enough

    def _kink_rows(self, n: int, rows: _Rows, kinks: tuple[Kink, ...]) -> np.ndarray:
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

    def _check_reference(self, n: int, rows: _Rows, ref_rows: np.ndarray, starts: np.ndarray) -> None:
        """The NumPy reference against SymPy's value of the start, row by row: verified needs
        their agreement; a disagreement (confirmed with the start in high precision) is a note
        that leaves the result inconclusive, never a refutation of the chain."""
        if self.notes:
            return
        finite = np.isfinite(ref_rows) & np.isfinite(starts)
        close = rows_hold(ref_rows, "=", starts, RTOL, ATOL)
        for r in np.flatnonzero(finite & ~close):
            p, entry = rows.row(int(r))
            sample = rows.points[p]
            precise = []
            for digits in (HIGH_PRECISION_DIGITS, 2 * HIGH_PRECISION_DIGITS):
                with mpmath.workdps(digits):
                    try:
                        precise.append(_mp_evaluator(self.proof, n, sample, entry).value(self.exprs[0]))
                    except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
                        break
            if len(precise) < 2 or abs(precise[0] - precise[1]) > STABLE_RTOL * abs(precise[1]):
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

    def _concrete(
        self, pair: GeneralPair, n: int, sample: Sample, entry: tuple[int, ...]
    ) -> tuple[list[Any], dict[Any, sp.Rational]] | None:
        """The two sides at ``n`` and the entry, sums carried out, with the exact point for
        their symbols and entries; None where SymPy cannot carry them out."""
        at = {N: n, **dict(zip(self.proof.indices, entry, strict=True))}
        try:
            placed = [sp.sympify(self.exprs[k]).subs(at) for k in (pair.prev, pair.prev + 1)]
            # SymPy sums a reversed range as minus the terms between (Σ_{k=3}^{0} 1 = -2); the
            # checks here read it as empty: no exact value to compare with then.
            if any(
                (hi - lo + 1).is_negative for e in placed for s in e.atoms(sp.Sum) for _, lo, hi in s.limits
            ):
                return None
            sides = [e.doit() for e in placed]
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

    def _surely_fails(self, pair: GeneralPair, n: int, sample: Sample, entry: tuple[int, ...]) -> bool:
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

    def _exactly_tied(self, pair: GeneralPair, n: int, sample: Sample, entry: tuple[int, ...]) -> bool:
        """Whether the two sides are exactly equal at ``n``, the entry and the exact point: the
        sums carried out at this n, SymPy's own evaluation, no simplification."""
        concrete = self._concrete(pair, n, sample, entry)
        if concrete is None:
            return False
        (prev, cur), point = concrete
        return exactly_equal_at(prev, cur, point)

    def _still_failing(self, pair: GeneralPair, n: int, rows: _Rows, bad: list[int]) -> list[int]:
        """The rows of ``bad`` where the step fails in extended precision too (overflow and
        cancellation in float64 are the usual reason); only those go on to mpmath."""
        if _EXTENDED is None:
            return bad
        ev = _evaluator(self.proof, n, rows, _EXTENDED, bad)
        try:
            with np.errstate(all="ignore"):
                left = ev.value(self.exprs[pair.prev])
                right = ev.value(self.exprs[pair.prev + 1])
        except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
            return bad
        left, right = np.broadcast_to(left, (len(bad),)), np.broadcast_to(right, (len(bad),))
        fine = np.isfinite(left) & np.isfinite(right) & rows_hold(left, pair.step.rel, right, RTOL, ATOL)
        return [r for k, r in enumerate(bad) if not fine[k]]

    def _confirm(self, pair: GeneralPair, n: int, rows: _Rows, r: int, relaxed: frozenset[str]) -> None:
        """A float disagreement refutes only if it holds in high precision too, with values that
        agree in 50 and 100 digits (a value that moves is cancellation noise)."""
        p, entry = rows.row(r)
        sample = rows.points[p]
        values = []
        for digits in (HIGH_PRECISION_DIGITS, 2 * HIGH_PRECISION_DIGITS):
            with mpmath.workdps(digits):
                ev = _mp_evaluator(self.proof, n, sample, entry)
                try:
                    values.append((ev.value(self.exprs[pair.prev]), ev.value(self.exprs[pair.prev + 1])))
                except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
                    return
        (left_c, right_c), (left, right) = values
        if abs(left_c - left) > STABLE_RTOL * abs(left) or abs(right_c - right) > STABLE_RTOL * abs(right):
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
                entries = _entries(n, self.proof.indices, self.proof.distinct, rng)[:2]
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
        pair: GeneralPair,
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
        )


def _ref_entry(ref: np.ndarray | None, at: tuple[int, ...]) -> float:
    """The reference's entry at the free indices ``at`` (NaN where there is no reference)."""
    if ref is None:
        return float("nan")
    return float(np.asarray(ref)[at] if at else np.asarray(ref).reshape(-1)[0])
