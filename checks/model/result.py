"""Result records the engine returns and the reporters render: verdicts, steps, counterexamples."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (the records load without SymPy: a reporter of JSON needs none)
    from checks.model.derivation import Derivation
    from checks.model.steps import Limit
    from checks.model.variables import Var


class Verdict(enum.Enum):
    """Three-valued outcome: never a bool."""

    VERIFIED = "verified"
    REFUTED = "refuted"
    INCONCLUSIVE = "inconclusive"

    def __str__(self) -> str:
        return self.value


#: Combining verdicts: one refutation refutes, else one doubt leaves the whole inconclusive.
_RANK = {Verdict.VERIFIED: 0, Verdict.INCONCLUSIVE: 1, Verdict.REFUTED: 2}


def worst(verdicts: list[Verdict]) -> Verdict:
    """The combined verdict of parts: refuted > inconclusive > verified (empty is inconclusive)."""
    if not verdicts:
        return Verdict.INCONCLUSIVE
    return max(verdicts, key=_RANK.__getitem__)


@dataclass(frozen=True)
class Sides:
    """What a plot of a failing link needs: its two sides, the point, the variables.

    ``left`` and ``right`` are SymPy expressions (definitions expanded; a matrix whole) in the
    symbols of ``variables``; ``values`` is the exact point by variable name, as sampled;
    ``entry`` the flat position of the failing entry of a matrix; ``limit`` the limit claim
    when the failing link is one (``left`` is then the start and ``right`` the claimed value).
    Not in the JSON contract: plots and the HTML report read it.
    """

    left: Any
    right: Any
    rel: str
    variables: tuple[Var, ...]
    values: Mapping[str, tuple[Fraction, ...]]
    entry: int | None = None
    limit: Limit | None = None

    def to_state(self) -> tuple[Any, ...] | None:
        """Plain data for a pickle (see :mod:`checks.model.portable`), or None where an
        expression does not travel."""
        from checks.model.portable import portable

        trees = [portable(self.left), portable(self.right)]
        limit = None
        if self.limit is not None:
            limit = (portable(self.limit.var), portable(self.limit.point))
            trees.extend(limit)
        if any(t is None for t in trees):
            return None
        return (trees[0], trees[1], self.rel, self.variables, dict(self.values), self.entry, limit)

    @staticmethod
    def from_state(state: tuple[Any, ...] | None) -> Sides | None:
        """The sides of :meth:`to_state`, rebuilt unevaluated."""
        if state is None:
            return None
        from checks.model.portable import from_tree
        from checks.model.steps import Limit

        left, right, rel, variables, values, entry, limit = state
        rebuilt = from_tree(left), from_tree(right)
        # (a limit travels as its variable and point: what its plot needs)
        lim = None if limit is None else Limit(from_tree(limit[0]), from_tree(limit[1]), rebuilt[1])
        return Sides(rebuilt[0], rebuilt[1], rel, variables, values, entry, lim)


@dataclass(frozen=True)
class Counterexample:
    """A point where a step's two sides differ, confirmed in high precision."""

    step: int
    justification: str
    claim: str
    n: int | None
    point: dict[str, str]
    left: str
    right: str
    entry: str | None = None
    residual: str | None = None
    note: str | None = None
    sides: Sides | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # A result travels back from a sandboxed child: no SymPy object may be unpickled by
        # the parent (it would be evaluated there, unbounded).
        return {**self.__dict__, "sides": self.sides.to_state() if self.sides is not None else None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update({**state, "sides": Sides.from_state(state["sides"])})


@dataclass(frozen=True)
class StepResult:
    """How one step fared across all sizes: verdict, the strategy that proved it, notes."""

    index: int
    justification: str
    verdict: Verdict
    method: str | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DerivationResult:
    """Everything the engine found about one derivation."""

    name: str
    exercise: str
    title: str
    verdict: Verdict
    scope: str
    seconds: float
    steps: tuple[StepResult, ...]
    counterexample: Counterexample | None = None
    notes: tuple[str, ...] = ()
    seed: int = 0
    points_checked: int = 0
    points_skipped: int = 0
    reproduce: str = ""
    #: The derivation checked, for plots and reports (not in the JSON contract; left behind
    #: when the result is pickled: a builder may be a lambda).
    derivation: Derivation | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "derivation": None}

    def plot(self) -> Any:
        """A matplotlib Figure: the counterexample's two sides along a line through its point,
        a limit's sequence, or a matrix as a heat map (needs ``pip install
        softmax-derivations[report]``)."""
        from checks.report.plots import result_figure

        return result_figure(self)

    def _repr_html_(self) -> str:
        from checks.report.html import result_fragment

        return result_fragment(self)

    def _repr_latex_(self) -> str:
        from checks.report.latex import result_latex

        return result_latex(self)


@dataclass(frozen=True)
class RunResult:
    """A run over several derivations, with the command that reproduces it."""

    results: tuple[DerivationResult, ...]
    seconds: float
    errors: tuple[str, ...] = field(default=())

    def count(self, verdict: Verdict) -> int:
        """How many derivations ended with ``verdict``."""
        return sum(1 for r in self.results if r.verdict is verdict)

    @property
    def exit_code(self) -> int:
        """0 all verified, 1 any refuted, 3 any inconclusive and none refuted."""
        if self.count(Verdict.REFUTED):
            return 1
        if self.count(Verdict.INCONCLUSIVE) or not self.results:
            return 3
        return 0
