"""Proofs by pieces: a claim split into cases (:mod:`checks.prove.cases`) and reduced
(:mod:`checks.prove.reductions`) until every goal is proved by the ordinary strategies or
decided exactly (:mod:`checks.prove.exact`)."""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy as sp

from checks.errors import StepTimeout
from checks.prove import reductions
from checks.prove.cases import has_atoms, split
from checks.prove.domains import Ranges
from checks.prove.exact import decide
from checks.prove.ladder import SymbolicOutcome
from checks.timeout import deadline

#: The most goals one proof may make in all, the deepest nesting of splits and reductions, and
#: the most seconds spent (the proofs found in the benchmarks take at most 1.2 s and 16 goals
#: on a quiet machine).
MAX_GOALS = 64
MAX_DEPTH = 8
WALK_SECONDS = 4.0
#: Iterative deepening: the shallow proofs first, so that a deep failing branch (a peel that
#: leads nowhere) does not spend the time a sibling reduction needed.
DEPTHS = (4, MAX_DEPTH)
#: An exact decision is tried on expressions up to this size, for at most this many seconds.
MAX_DECIDE_OPS = 400
DECIDE_SECONDS = 2.0

#: What the inconclusive note says was tried when no proof by pieces was found.
TRIED = "case splits, interval variables and exact decisions"

_ERRORS = (ValueError, TypeError, NotImplementedError, ZeroDivisionError, RecursionError, AttributeError)

#: Expressions that bind a variable of their own: no substitution may reach into them.
_BINDING = (sp.Limit, sp.Sum, sp.Product, sp.Integral, sp.Derivative, sp.Lambda)

#: The ordinary strategies on one goal: ``d = 0`` (strict None), ``d > 0`` or ``d >= 0``.
Leaf = Callable[[sp.Expr, bool | None], SymbolicOutcome]


class _Walk:
    """One proof by pieces: the goals made so far, the splits and methods used."""

    def __init__(self, leaf: Leaf, ranges: Ranges | None, end: float, max_depth: int = MAX_DEPTH) -> None:
        self.leaf, self.ranges, self.end, self.max_depth = leaf, ranges, end, max_depth
        self.goals_left = MAX_GOALS
        self.splits: list[str] = []
        self.methods: set[str] = set()

    def prove(self, d: sp.Expr, strict: bool | None, depth: int, top: bool = False) -> bool:
        """Whether ``d`` (= 0, > 0 or >= 0 as ``strict`` says) is proved in every case."""
        if time.monotonic() >= self.end:
            return False
        atoms = has_atoms(d)
        if not atoms and not top and self._by_leaf(d, strict):
            return True
        if not atoms and self._decided(d, strict):
            return True
        if depth >= self.max_depth:
            return False
        if not atoms and strict is not None and self._reduced(d, strict, depth):
            return True
        found = self._split(d)
        if found is None:
            # Atoms no split can cut out exactly: a reduction (exponentials as variables) may
            # make them cuttable, or the ordinary strategies see through them.
            if not atoms or top:
                return atoms and strict is not None and self._reduced(d, strict, depth)
            return (
                (strict is not None and self._reduced(d, strict, depth))
                or self._by_leaf(d, strict)
                or self._decided(d, strict)
            )
        on, cases = found
        if not self._spend(len(cases)):
            return False
        if all(self.prove(case, strict, depth + 1) for case in cases):
            self._used(on)
            return True
        return False

    def _spend(self, goals: int) -> bool:
        self.goals_left -= goals
        return self.goals_left >= 0

    def _used(self, name: str) -> None:
        if name not in self.splits:
            self.splits.append(name)

    def _by_leaf(self, d: sp.Expr, strict: bool | None) -> bool:
        outcome = self.leaf(d, strict)
        if outcome.proved is True and outcome.method:
            self.methods.add(outcome.method)
        return outcome.proved is True

    def _decided(self, d: sp.Expr, strict: bool | None) -> bool:
        if strict is None or sp.count_ops(d) > MAX_DECIDE_OPS:
            return False
        try:
            with deadline(min(self.end - time.monotonic(), DECIDE_SECONDS)):
                method = decide(d, strict, self.ranges)
        except (StepTimeout, *_ERRORS):
            return False
        if method is not None:
            self.methods.add(method)
        return method is not None

    def _reduced(self, d: sp.Expr, strict: bool, depth: int) -> bool:
        """A reduction whose goals are all proved: exponentials as variables, a radical cleared,
        variable powers as exponentials, logs combined, positive factors and monotone functions
        peeled, atoms bounded, a sum term by term (each tried in turn until one carries)."""
        attempts: tuple[tuple[str, Callable[[], list[reductions.Goal] | None]], ...] = (
            (reductions.EXPONENTIALS, lambda: reductions.exponentials(d, strict, self.ranges)),
            (reductions.RADICAL, lambda: reductions.clear_radical(d, strict, self._nonnegative(depth))),
            (reductions.POWERS, lambda: reductions.powers_as_exponentials(d)),
            (reductions.LOGS, lambda: reductions.combine_logs(d, strict, self._positive)),
            (reductions.PEEL, lambda: reductions.peel(d, strict)),
            (reductions.BOUND, lambda: reductions.bound(d, strict)),
            (reductions.TERMWISE, lambda: reductions.termwise(d, strict)),
        )
        for name, make in attempts:
            try:
                with deadline(self.end - time.monotonic()):
                    goals = make()
            except (StepTimeout, *_ERRORS):
                return False
            if goals is None:
                continue
            if not self._spend(len(goals)):
                return False
            if all(self.prove(goal, goal_strict, depth + 1) for goal, goal_strict in goals):
                self._used(name)
                return True
        return False

    def _nonnegative(self, depth: int) -> Callable[[sp.Expr], bool]:
        return lambda e: bool(e.is_nonnegative) or self.prove(e, False, depth + 1)

    def _positive(self, e: sp.Expr) -> bool:
        return bool(e.is_positive) or self._decided(e, True)

    def _split(self, d: sp.Expr) -> tuple[str, tuple[sp.Expr, ...]] | None:
        try:
            with deadline(self.end - time.monotonic()):
                found = split(d, self.ranges)
        except (StepTimeout, *_ERRORS):
            return None
        return None if found is None else (found.on, found.cases)

    def method(self) -> str:
        """What carried the proof: the splits and reductions (case splits first, then interval
        variables, then reductions), then the methods that proved the goals."""
        done = ", ".join(sorted(self.methods))
        if not self.splits:
            return done
        order = sorted(self.splits, key=lambda s: (not s.startswith("case"), not s.startswith("interval"), s))
        return " + ".join(order) + (f", then {done}" if done else "")


def prove_by_pieces(
    d: sp.Expr, leaf: Leaf, strict: bool | None, ranges: Ranges | None, end: float
) -> SymbolicOutcome | None:
    """Prove ``d = 0`` (``strict`` None), ``d > 0`` (True) or ``d >= 0`` (False) by exact
    decisions, reductions and case splits, each goal by ``leaf`` (the ordinary strategies,
    which the caller has already tried on ``d`` itself); None if not proved. Never refutes: a
    case may fail only where a split's extra values lie, so refuting is left to the numbers."""
    if not isinstance(d, sp.Expr) or d.has(*_BINDING):
        return None
    if strict is None and not (has_atoms(d) or ranges):
        return None
    end = min(end, time.monotonic() + WALK_SECONDS)
    for max_depth in DEPTHS:
        walk = _Walk(leaf, ranges, end, max_depth)
        if walk.prove(d, strict, 0, top=True):
            method = walk.method()
            return SymbolicOutcome(True, method, (method,))
    return None
