"""The verdict of a derivation: its concrete proofs at every size and its all-n proof, checked
and aggregated (a refutation refutes; a doubt leaves it inconclusive)."""

from __future__ import annotations

import time
import traceback

from checks.engine.concrete import ProofChecker
from checks.engine.general import GeneralChecker
from checks.engine.links import Link, SizeOutcome, short
from checks.errors import DerivationError, StepTimeout
from checks.model import Derivation
from checks.model.result import Counterexample, DerivationResult, StepResult, Verdict, worst
from checks.numeric.sampling import Sample


def _pair_verdict(pair: Link) -> Verdict:
    if pair.failure is not None:
        return Verdict.REFUTED
    if pair.symbolic is not None and pair.symbolic.proved is True and pair.checked and not pair.notes:
        return Verdict.VERIFIED
    return Verdict.INCONCLUSIVE


def _pair_notes(pair: Link, n: int, label: str = "") -> list[str]:
    where = f" (n = {n})" if n else (f" ({label})" if label else "")
    notes = [f"step {pair.index}{where}: {note}" for note in pair.notes]
    sym = pair.symbolic
    if sym is not None and sym.proved is not True:
        state = "proven false" if sym.proved is False else "not proved"
        tried = ", ".join(sym.tried)
        residual = f"; residual {short(sym.residual)}" if sym.residual is not None else ""
        notes.append(f"step {pair.index}{where}: {state} symbolically (tried {tried}){residual}")
    if not pair.checked and pair.failure is None:
        notes.append(f"step {pair.index}{where}: no sample point could be evaluated")
    return notes


#: Seconds a link's ladder may take once another link of the derivation is refuted.
_AFTER_REFUTATION = 1.0


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
    notes: list[str] = []
    # Refute first: the numbers of every size and of the all-n proof before any symbolic work, so
    # that a wrong step anywhere never waits out the ladders of the steps that are right.
    screened = _screen_sizes(derivation, seed, samples, timeout, notes)
    outcomes = [outcome for _, outcome, _ in screened]
    refuted = any(p.failure for o in outcomes for p in o.all_pairs)
    general = None
    if not refuted:
        # The all-n steps are numbered after the concrete ones (limit included).
        first = max((checker.last_index for checker, _, _ in screened), default=0) + 1
        general = _general(derivation, seed, samples, timeout, first, notes)
        refuted = general is not None and any(p.failure for p in general.pairs)
    if refuted:
        # The verdict is settled; the other links of what was screened are still proved, each
        # within a short budget, so that the report says which steps are right.
        try:
            for checker, _, _ in screened:
                checker.check_symbolic(min(timeout, _AFTER_REFUTATION))
            if general is not None:
                general.check_symbolic(min(timeout, _AFTER_REFUTATION))
        except (Exception, StepTimeout, SystemExit) as exc:
            notes.append(_failure_note(exc, ""))
    else:
        _prove_all(screened, general, notes)
    return _aggregate(derivation, outcomes, general, notes, seed, samples, started, target)


def _screen_sizes(
    derivation: Derivation, seed: int, samples: int, timeout: float, notes: list[str]
) -> list[tuple[ProofChecker, SizeOutcome, list[Sample]]]:
    """Every concrete size screened numerically, smallest first, up to the first with a
    counterexample (the one to show); a crash is a note (inconclusive), never silent."""
    screened = []
    for n in derivation.sizes:
        try:
            checker = ProofChecker(derivation.build(n), n, seed, samples, timeout)
            outcome = SizeOutcome(checker.pairs, n)
            points = checker.check_numeric(outcome)
        except (Exception, StepTimeout, SystemExit) as exc:  # the last two are BaseExceptions
            notes.append(_failure_note(exc, f"n = {n}" if n else ""))
            break
        screened.append((checker, outcome, points))
        if any(p.failure for p in outcome.all_pairs):
            break
    return screened


def _prove_all(
    screened: list[tuple[ProofChecker, SizeOutcome, list[Sample]]],
    general: GeneralChecker | None,
    notes: list[str],
) -> None:
    """The symbolic ladders, the exact looks and the limits, once the numbers refuted nothing."""
    for checker, outcome, points in screened:
        try:
            checker.check_symbolic()
            checker.check_exactly(points)
            checker.check_limit(outcome)
        except (Exception, StepTimeout, SystemExit) as exc:
            notes.append(_failure_note(exc, f"n = {outcome.n}" if outcome.n else ""))
            return
    if general is not None:
        try:
            general.check_symbolic()
            general.check_exactly()
        except (Exception, StepTimeout, SystemExit) as exc:
            notes.append(_failure_note(exc, "all n"))


def _failure_note(exc: BaseException, where: str) -> str:
    """A note for a proof that could not be checked: a crash is inconclusive, never silent."""
    if isinstance(exc, (DerivationError, StepTimeout)):
        return f"{where}: {type(exc).__name__}: {exc}" if where else f"{type(exc).__name__}: {exc}"
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return (
        f"internal error{f' at {where}' if where else ''}: {type(exc).__name__}: {exc} "
        f"({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"
    )


def _general(
    derivation: Derivation, seed: int, samples: int, timeout: float, first: int, notes: list[str]
) -> GeneralChecker | None:
    """The all-n proof, if the derivation has one, screened by numbers at several n."""
    if derivation.general is None:
        return None
    try:
        checker = GeneralChecker(derivation.general(), seed, samples, timeout, first_index=first)
        checker.check_numeric()
    except (Exception, StepTimeout, SystemExit) as exc:
        notes.append(_failure_note(exc, "all n"))
        return None
    return checker


def _aggregate(
    derivation: Derivation,
    outcomes: list[SizeOutcome],
    general: GeneralChecker | None,
    notes: list[str],
    seed: int,
    samples: int,
    started: float,
    target: str | None,
) -> DerivationResult:
    """One result from every size's links and the all-n links: a refutation refutes, a note
    or a size never checked leaves it inconclusive."""
    by_index = _links_by_step(outcomes, general, notes)
    general_steps = {link.index for link in general.pairs} if general is not None else set()
    steps = [
        StepResult(
            index,
            f"[all n] {links[0].step.why}" if index in general_steps else links[0].step.why,
            worst([_pair_verdict(p) for p in links]),
            ", ".join(sorted({p.symbolic.method for p in links if p.symbolic and p.symbolic.method})) or None,
        )
        for index, links in sorted(by_index.items())
    ]
    counterexample = _first_counterexample(outcomes, general)
    verdicts = [s.verdict for s in steps]
    if notes and not any(v is Verdict.REFUTED for v in verdicts):
        verdicts.append(Verdict.INCONCLUSIVE)
    if len(outcomes) < len(derivation.sizes) and counterexample is None:
        verdicts.append(Verdict.INCONCLUSIVE)
    verdict = worst(verdicts)
    options = f" --seed {seed}" + (f" --samples {samples}" if samples != 24 else "")
    return DerivationResult(
        name=derivation.name,
        exercise=derivation.exercise,
        title=derivation.title,
        verdict=verdict,
        scope=_scope(derivation, general, verdict, counterexample, by_index),
        seconds=time.perf_counter() - started,
        steps=tuple(steps),
        counterexample=counterexample,
        notes=tuple(dict.fromkeys(notes)),
        seed=seed,
        points_checked=sum(o.checked for o in outcomes),
        points_skipped=sum(o.skipped for o in outcomes),
        reproduce=f"verify-derivations {target or derivation.name}{options}",
        derivation=derivation,
    )


def _links_by_step(
    outcomes: list[SizeOutcome], general: GeneralChecker | None, notes: list[str]
) -> dict[int, list[Link]]:
    """Every link by its step's number (one per size, or the all-n one), their notes added."""
    by_index: dict[int, list[Link]] = {}
    for outcome in outcomes:
        notes.extend(f"n = {outcome.n}: {note}" if outcome.n else note for note in outcome.notes)
        for link in outcome.all_pairs:
            by_index.setdefault(link.index, []).append(link)
            notes.extend(_pair_notes(link, outcome.n))
    if general is not None:
        notes.extend(f"all n: {note}" for note in general.notes)
        for link in general.pairs:
            by_index[link.index] = [link]
            notes.extend(_pair_notes(link, 0, "all n"))
    return by_index


def _first_counterexample(
    outcomes: list[SizeOutcome], general: GeneralChecker | None
) -> Counterexample | None:
    """The counterexample of the first failing step at the smallest size, else of the all-n proof."""
    for outcome in outcomes:
        failing = [p for p in outcome.all_pairs if p.failure]
        if failing:
            return min(failing, key=lambda p: p.index).failure
    if general is not None:
        return next((p.failure for p in general.pairs if p.failure), None)
    return None


def _scope(
    derivation: Derivation,
    general: GeneralChecker | None,
    verdict: Verdict,
    counterexample: Counterexample | None,
    by_index: dict[int, list[Link]],
) -> str:
    """How far the result reaches: all n only with the all-n proof verified; "numeric only"
    where every point agreed but some step has no symbolic proof."""
    general_verified = general is not None and all(
        _pair_verdict(p) is Verdict.VERIFIED for p in general.pairs
    )
    scope = derivation.scope if general_verified or derivation.general is None else derivation.concrete_scope
    links = [p for ps in by_index.values() for p in ps]
    if (
        verdict is Verdict.INCONCLUSIVE
        and counterexample is None
        and links
        and all(p.checked for p in links)
        and any(p.symbolic is None or p.symbolic.proved is not True for p in links)
    ):
        return "numeric only"
    return scope
