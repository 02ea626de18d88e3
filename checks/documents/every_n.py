"""The all-n proof of a link: both sides over vectors of symbolic length, derivatives carried
out, then the engine's Σ rules and equality ladder (:func:`checks.prove.all_n.prove_general_step`)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks.documents.plan import LinkPlan
from checks.documents.symbolic import IndexedBuilder, NotGeneral
from checks.errors import DerivationError, StepTimeout
from checks.model import General, Point, Step
from checks.prove.all_n import differentiate, prove_general_step
from checks.prove.ladder import SymbolicOutcome
from checks.prove.sums import canonical
from checks.timeout import deadline

_ERRORS = (ValueError, TypeError, NotImplementedError, ZeroDivisionError, OverflowError, RecursionError)


def _no_reference(point: Point) -> np.ndarray:
    """The proof of one link needs no NumPy reference: the claim checker's numbers are its check."""
    raise NotImplementedError("a document's link has no reference")


def prove_every_n(plan: LinkPlan, budget: float) -> tuple[SymbolicOutcome | None, str | None]:
    """The outcome of the all-n proof, or None and why there is none."""
    assert plan.relation is not None
    builder = IndexedBuilder(
        {name: kind for name, kind, _ in plan.vectors},
        dict(plan.scalars),
        plan.free,
        plan.symbol or "n",
        plan.relation.index_base,
    )
    try:
        with deadline(budget):
            sides = [builder.build(plan.relation.left), builder.build(plan.relation.right)]
            prev, cur = (canonical(differentiate(canonical(sp.sympify(e)))) for e in sides)
            proof = General(
                variables=builder.variables,
                start=prev,
                steps=(Step(cur, "the document's link", plan.relation.rel, builder.using),),  # type: ignore[arg-type]
                reference=_no_reference,
                indices=tuple(builder.free.values()),
            )
    except NotGeneral as exc:
        return None, f"no proof for every n: {exc}"
    except StepTimeout:
        return None, "no proof for every n: building it timed out"
    except (DerivationError, *_ERRORS) as exc:
        return None, f"no proof for every n: {type(exc).__name__}: {exc}"
    try:
        outcome = prove_general_step(prev, plan.relation.rel, cur, proof, builder.using, budget)
    except _ERRORS as exc:
        return None, f"the proof for every n failed: {type(exc).__name__}: {exc}"
    if outcome.proved is True:
        return outcome, None
    tried = ", ".join(outcome.tried) or "nothing decided it"
    return outcome, f"not proved for every n (tried {tried})"
