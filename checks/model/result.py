"""Result records the engine returns and the reporters render: verdicts, steps, counterexamples."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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
