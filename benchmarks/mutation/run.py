"""Running the oracle and the engine over mutants, each in a sandboxed child with a wall limit,
and counting the engine's verdicts by operator and family."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from benchmarks.mutation.generate import Mutant
from benchmarks.mutation.oracle import Judgement, judge
from checks.cli.sandbox import run_many

VERDICTS = ("verified", "refuted", "inconclusive")


@dataclass(frozen=True)
class EngineRun:
    """What the engine said about one mutant."""

    verdict: str
    seconds: float
    step: int | None = None  # the refuted step
    note: str = ""
    stopped: bool = False  # killed at the wall limit (counted inconclusive)


@dataclass(frozen=True)
class Record:
    """One mutant, the oracle's judgement and the engine's verdict (None when not run)."""

    name: str
    family: str
    exercise: str
    operator: str
    where: str
    part: str
    description: str
    oracle: Judgement
    engine: EngineRun | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _judge_job(m: Mutant, seed: int) -> Judgement:
    return judge(m, seed)


Progress = Callable[[int, int], None]


def judge_all(
    mutants: Sequence[Mutant], *, seed: int, jobs: int, wall: float, progress: Progress | None = None
) -> list[Judgement]:
    """The oracle's judgement of each mutant, in parallel children; one past ``wall`` seconds is
    an ``error`` (discarded, never counted as wrong). ``progress(done, total)`` is told as they end."""
    out: list[Judgement | None] = [None] * len(mutants)
    work = [(m, seed) for m in mutants]
    for done, (index, outcome) in enumerate(run_many(_judge_job, work, seconds=wall, parallel=jobs), start=1):
        if progress is not None:
            progress(done, len(mutants))
        if outcome.status == "ok":
            out[index] = outcome.value
        else:
            out[index] = Judgement(
                "error", note=f"the oracle did not finish: {outcome.status}: {outcome.message}"
            )
    return [j if j is not None else Judgement("error", note="no outcome") for j in out]


def _verify_job(m: Mutant, seed: int, samples: int, timeout: float) -> EngineRun:
    result = m.derivation.verify(seed=seed, samples=samples, timeout=timeout)
    step = result.counterexample.step if result.counterexample is not None else None
    if result.counterexample is not None:
        ce = result.counterexample
        note = f"step {ce.step} ({ce.justification}): left {ce.left}, right {ce.right}" + (
            f"; {ce.note}" if ce.note else ""
        )
    else:
        note = result.notes[0] if result.notes else ""
    return EngineRun(result.verdict.value, result.seconds, step, note[:300])


def verify_all(
    mutants: Sequence[Mutant],
    *,
    seed: int,
    samples: int,
    timeout: float,
    jobs: int,
    wall: float,
    progress: Progress | None = None,
) -> list[EngineRun]:
    """The engine's verdict on each mutant, in parallel children; a check that crashes or runs
    past ``wall`` seconds is inconclusive (as the CLI's runner makes it), flagged ``stopped``."""
    out: list[EngineRun | None] = [None] * len(mutants)
    work = [(m, seed, samples, timeout) for m in mutants]
    for done, (index, outcome) in enumerate(
        run_many(_verify_job, work, seconds=wall, parallel=jobs), start=1
    ):
        if progress is not None:
            progress(done, len(mutants))
        if outcome.status == "ok":
            out[index] = outcome.value
        else:
            note = f"the check did not finish: {outcome.status}: {outcome.message}"
            out[index] = EngineRun("inconclusive", outcome.seconds, None, note, stopped=True)
    return [r if r is not None else EngineRun("inconclusive", 0.0, None, "no outcome", True) for r in out]


def records(
    mutants: Sequence[Mutant], judgements: Sequence[Judgement], runs: dict[str, EngineRun]
) -> list[Record]:
    """One record per mutant (``runs`` by mutant name, for those the engine ran on)."""
    return [
        Record(m.name, m.family, m.exercise, m.operator, m.where, m.part, m.description, j, runs.get(m.name))
        for m, j in zip(mutants, judgements, strict=True)
    ]


@dataclass
class Tally:
    """Verdict counts for one row of a table."""

    verified: int = 0
    refuted: int = 0
    inconclusive: int = 0
    discarded: int = 0  # the oracle could not confirm it wrong
    seconds: float = 0.0

    @property
    def run(self) -> int:
        return self.verified + self.refuted + self.inconclusive

    def add(self, record: Record) -> None:
        if record.engine is None:
            self.discarded += 1
            return
        setattr(self, record.engine.verdict, getattr(self, record.engine.verdict) + 1)
        self.seconds += record.engine.seconds


@dataclass
class Summary:
    """The figures of a run: tables by operator and family, totals, the refuted share."""

    by_operator: dict[str, Tally] = field(default_factory=dict)
    by_family: dict[str, Tally] = field(default_factory=dict)
    by_exercise: dict[str, Tally] = field(default_factory=dict)
    wrong: Tally = field(default_factory=Tally)  # every confirmed mutant but changed references
    references: Tally = field(default_factory=Tally)  # changed references (expected inconclusive)
    starts: Tally = field(default_factory=Tally)  # confirmed mutants that change the start
    oracle: Counter[str] = field(default_factory=Counter)
    verified: list[Record] = field(default_factory=list)  # soundness bugs
    references_decided: list[Record] = field(default_factory=list)  # verified or refuted references
    stopped: list[Record] = field(default_factory=list)

    @property
    def refuted_share(self) -> float:
        return self.wrong.refuted / self.wrong.run if self.wrong.run else 0.0


def summarise(rows: Iterable[Record]) -> Summary:
    """Count verdicts by operator, family and exercise; the changed references apart (in the
    operator table only)."""
    s = Summary()
    for r in rows:
        s.oracle[r.oracle.status] += 1
        s.by_operator.setdefault(r.operator, Tally()).add(r)
        if r.operator != "reference":  # its expected verdict is another: counted apart
            s.by_family.setdefault(r.family, Tally()).add(r)
            s.by_exercise.setdefault(r.exercise, Tally()).add(r)
        if r.engine is None:
            continue
        if r.operator == "reference":
            s.references.add(r)
            if r.engine.verdict != "inconclusive":
                s.references_decided.append(r)
        else:
            s.wrong.add(r)
            if r.where in ("start", "all-n start"):
                s.starts.add(r)
            if r.engine.verdict == "verified":
                s.verified.append(r)
        if r.engine.stopped:
            s.stopped.append(r)
    return s


def _check_job(m: Mutant, seed: int, samples: int, timeout: float) -> tuple[Judgement, EngineRun | None]:
    judgement = judge(m, seed)
    return judgement, (_verify_job(m, seed, samples, timeout) if judgement.wrong else None)


def check_all(
    mutants: Sequence[Mutant], *, seed: int, samples: int, timeout: float, jobs: int, wall: float
) -> list[tuple[Judgement, EngineRun | None]]:
    """The oracle, then the engine where the oracle confirmed the mutant wrong, in one child per
    mutant (one pass: no core waits between the two). A child past ``wall`` seconds counts as an
    oracle error."""
    out: list[tuple[Judgement, EngineRun | None] | None] = [None] * len(mutants)
    work = [(m, seed, samples, timeout) for m in mutants]
    for index, outcome in run_many(_check_job, work, seconds=wall, parallel=jobs):
        if outcome.status == "ok":
            out[index] = outcome.value
        else:
            out[index] = (
                Judgement("error", note=f"did not finish: {outcome.status}: {outcome.message}"),
                None,
            )
    return [o if o is not None else (Judgement("error", note="no outcome"), None) for o in out]
