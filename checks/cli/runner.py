"""Run many derivations: in this process, or in parallel child processes with a time limit each."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from checks.cli.sandbox import run_many
from checks.engine.verify import verify
from checks.model import Derivation
from checks.model.result import DerivationResult, Verdict

#: A derivation's whole check may take this many times the per-step symbolic budget.
WALL_FACTOR = 60


def default_jobs() -> int:
    """Both cores of a small machine, at most four."""
    return max(1, min(os.cpu_count() or 1, 4))


def _verify_one(
    derivation: Derivation, target: str, seed: int, samples: int, timeout: float
) -> DerivationResult:
    return verify(derivation, seed=seed, samples=samples, timeout=timeout, target=target)


def verify_all(
    chosen: Sequence[tuple[Derivation, str]], *, seed: int, samples: int, timeout: float, jobs: int
) -> tuple[DerivationResult, ...]:
    """Results in the order given (see :func:`verify_each`)."""
    results = dict(verify_each(chosen, seed=seed, samples=samples, timeout=timeout, jobs=jobs))
    return tuple(results[i] for i in range(len(chosen)))


def verify_each(
    chosen: Sequence[tuple[Derivation, str]], *, seed: int, samples: int, timeout: float, jobs: int
) -> Iterator[tuple[int, DerivationResult]]:
    """``(index into chosen, result)`` as each derivation finishes. With ``jobs >= 1`` (what the
    CLI asks) each derivation runs in a child process, at most ``jobs`` at once, and one that
    crashes the process, exits or runs past its time is inconclusive, never verified; ``jobs = 0``
    runs them in this process, in order."""
    if jobs <= 0:
        for index, (d, t) in enumerate(chosen):
            yield index, _verify_one(d, t, seed, samples, timeout)
        return
    # The likely longest first (an all-n proof, many sizes), so no core waits on a late one.
    order = sorted(range(len(chosen)), key=lambda i: (chosen[i][0].general is None, -len(chosen[i][0].sizes)))
    work = [(*chosen[i], seed, samples, timeout) for i in order]
    for position, outcome in run_many(_verify_one, work, seconds=timeout * WALL_FACTOR, parallel=jobs):
        index = order[position]
        if outcome.status == "ok":
            yield index, outcome.value
            continue
        d, target = chosen[index]
        yield (
            index,
            DerivationResult(
                name=d.name,
                exercise=d.exercise,
                title=d.title,
                verdict=Verdict.INCONCLUSIVE,
                scope=d.scope,
                seconds=outcome.seconds,
                steps=(),
                notes=(f"the check did not finish: {outcome.status}: {outcome.message}",),
                seed=seed,
                reproduce=f"verify-derivations {target} --seed {seed}",
            ),
        )
