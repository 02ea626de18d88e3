"""One link checked: at its concrete sizes with the claim checker, or, for a link about every
size, at several sizes and by the all-n proof."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

from checks.claims.check import ClaimResult, check_relation
from checks.claims.declarations import Declarations
from checks.claims.reading import render_tree
from checks.claims.syntax import Relation
from checks.documents.every_n import prove_every_n
from checks.documents.feedback import known_mistake
from checks.documents.numbers import has_limit, numbers_at
from checks.documents.plan import SHOWN, LinkPlan
from checks.documents.result import LinkResult
from checks.documents.trees import number, replace_names
from checks.errors import UsageError
from checks.model import MIN_GENERAL_SIZES
from checks.model.result import Verdict

#: The sizes a link about every size is checked at (those at least its largest subscript): the
#: engine's own for an all-n proof (checks.model.MIN_GENERAL_SIZES), 1 included, so that a
#: scope "q ≤ 8" has no size missing at its low end (Σ s_k > s_1 fails at q = 1 only).
SIZES = MIN_GENERAL_SIZES


def check_link(plan: LinkPlan, *, seed: int = 0, samples: int = 24, timeout: float = 10.0) -> LinkResult:
    """The result of one planned link; a link the checker cannot take is skipped, never raised."""
    started = time.perf_counter()
    base = LinkResult(
        plan.number, plan.location, plan.left, SHOWN.get(plan.rel, plan.mark), plan.right, "skipped"
    )
    if plan.status is not None or plan.relation is None:
        return _with(base, status=plan.status or "skipped", notes=(plan.reason,) if plan.reason else ())
    try:
        if plan.symbolic:
            found = _every_size(plan, seed, samples, timeout)
        else:
            sizes = {size for _, _, size in plan.vectors}
            result = _claim(plan, plan.relation, None, seed, samples, timeout)
            scope = f"n = {sizes.pop()}" if len(sizes) == 1 else "fixed sizes" if sizes else "general"
            found = _from_claim(base, result, scope, None, plan)
    except UsageError as exc:
        return _with(base, notes=(_reason(exc),), seconds=_since(started))
    return _with(found, seconds=_since(started))


def _reason(exc: UsageError) -> str:
    """The claim checker's refusal, said for a document (which declares vectors, not --vector)."""
    # The claim checker's column is one in the link's text, not the document's: dropped.
    text = re.sub(r" at column \d+$", "", str(exc).removeprefix("cannot read the claim: "))
    text = re.sub(r"declare its size \(--size (\w+):N\)", r"declare \1: size", text)
    return text.replace("declare a vector with --vector", "declare a vector").replace(
        "declare it with --vector NAME:SIZE", "declare it as a vector"
    )


def _with(result: LinkResult, **changes: Any) -> LinkResult:
    from dataclasses import replace

    return replace(result, **changes)


def _since(started: float) -> float:
    return time.perf_counter() - started


def _claim(
    plan: LinkPlan, relation: Relation, size: int | None, seed: int, samples: int, timeout: float
) -> ClaimResult:
    """The claim checker on the link, every vector of symbolic size at ``size``."""
    return check_relation(
        relation,
        f"{plan.left} {plan.rel} {plan.right}",
        _declarations(plan, size or 1),
        seed=seed,
        samples_count=samples,
        timeout=timeout,
        results=None,
        pretty=False,
    )


def _from_claim(
    base: LinkResult, result: ClaimResult, scope: str, size: int | None, plan: LinkPlan
) -> LinkResult:
    """A link's result from the claim checker's (its free indices 1-based, as the document
    writes them and the plan reads them)."""
    cex = result.counterexample
    feedback = result.feedback
    if cex is not None:
        cex = {**({"n": size} if size is not None else {}), **cex}
        if feedback is None:
            feedback = known_mistake(plan, size)
    return _with(
        base,
        status=result.verdict.value,
        scope=scope,
        read_as=result.read_as,
        counterexample=cex,
        feedback=feedback,
        method=result.method,
        notes=result.notes,
    )


def _every_size(plan: LinkPlan, seed: int, samples: int, timeout: float) -> LinkResult:
    """Checked at each size (see :func:`_at_sizes`), then proved for every n: verified for all
    n only with that proof and every size in agreement; without it, each size is checked whole
    and the verdict holds up to the largest."""
    assert plan.relation is not None
    symbol = plan.symbol or "n"
    read_as = f"{render_tree(plan.relation.left)} {plan.relation.rel} {render_tree(plan.relation.right)}"
    base = LinkResult(
        plan.number,
        plan.location,
        plan.left,
        SHOWN.get(plan.rel, plan.mark),
        plan.right,
        "skipped",
        read_as=read_as,
    )
    sizes = [q for q in SIZES if q >= plan.smallest] or [plan.smallest]
    found = _at_sizes(plan, base, sizes, seed, samples, timeout)
    if isinstance(found, LinkResult):
        return found
    whole, notes = found
    outcome, why = prove_every_n(plan, timeout)
    if outcome is not None and outcome.proved is True and not notes:
        shown = ", ".join(str(q) for q in sizes)
        return _with(
            base,
            status="verified",
            scope="all n",
            method=outcome.method,
            notes=(f"checked at {symbol} = {shown}",),
        )
    notes.append(why or "not proved for every n")
    # Not proved for every n: each size up to the largest checked whole, none skipped, so that
    # the scope "q ≤ 8" is what was checked (a link false at q = 4, 6, 7 only was "verified").
    for q in range(sizes[0], sizes[-1] + 1):
        if q not in whole:
            try:
                whole[q] = _claim(plan, _at_size(plan.relation, symbol, q), q, seed, samples, timeout)
            except UsageError:
                continue
            if whole[q].verdict is Verdict.REFUTED:
                return _with(_from_claim(base, whole[q], f"{symbol} = {q}", q, plan), read_as=read_as)
    every = all(r.verdict is Verdict.VERIFIED for r in whole.values())
    for q, r in whole.items():
        notes.extend(f"at {symbol} = {q}: {note}" for note in r.notes)
    return _with(
        base,
        status="verified" if every else "inconclusive",
        scope=f"{symbol} ≤ {max(whole)}",
        method=_methods(list(whole.values())) if every else None,
        notes=tuple(notes),
    )


def _at_sizes(
    plan: LinkPlan, base: LinkResult, sizes: list[int], seed: int, samples: int, timeout: float
) -> LinkResult | tuple[dict[int, ClaimResult], list[str]]:
    """The link checked whole by the claim checker at the smallest size, by its numbers at the
    others (a limit whole at each): the refuted result at the smallest size that fails, or the
    whole checks and the notes (a size that could not be checked)."""
    assert plan.relation is not None
    symbol = plan.symbol or "n"
    notes: list[str] = []
    whole: dict[int, ClaimResult] = {}
    for q in sizes:
        relation = _at_size(plan.relation, symbol, q)
        try:
            if not whole or has_limit(relation):  # a limit's numbers need the whole claim checker
                whole[q] = _claim(plan, relation, q, seed, samples, timeout)
                refuted = whole[q] if whole[q].verdict is Verdict.REFUTED else None
            else:
                found = numbers_at(relation, _declarations(plan, q), seed=seed, samples_count=samples)
                if not found.checked:
                    notes.append(f"no point could be evaluated at {symbol} = {q}")
                refuted = None
                if found.counterexample is not None:
                    refuted = ClaimResult(base.text, "", Verdict.REFUTED, found.counterexample, None, 0.0)
        except UsageError as exc:
            notes.append(f"not checked at {symbol} = {q}: {_reason(exc)}")
            continue
        if refuted is not None:
            return _with(_from_claim(base, refuted, f"{symbol} = {q}", q, plan), read_as=base.read_as)
    if not whole:
        raise UsageError(notes[0] if notes else "no size to check the link at")
    return whole, notes


def _declarations(plan: LinkPlan, size: int) -> Declarations:
    vectors = tuple((name, s if s is not None else size, kind) for name, kind, s in plan.vectors)
    return Declarations(vectors=vectors, scalars=plan.scalars)


def _methods(results: Sequence[ClaimResult]) -> str | None:
    found = sorted({m for r in results if r.method for m in r.method.split(", ")})
    return ", ".join(found) or None


def _at_size(relation: Relation, symbol: str, q: int) -> Relation:
    mapping = {symbol: number(q)}
    return Relation(
        relation.rel,
        replace_names(relation.left, mapping),
        replace_names(relation.right, mapping),
        index_base=relation.index_base,
    )
