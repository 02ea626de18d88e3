"""The claim checker's numbers alone (its NumPy screen, each disagreement confirmed in high
precision), for the sizes of a link whose proof for every n is already had."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from checks.claims.case import Case, evaluated
from checks.claims.declarations import Declarations
from checks.claims.numpy_side import numpy_rows_in_reals, stack_points
from checks.claims.scope import Scope, assignments
from checks.claims.screen import kink_note, screen
from checks.claims.sympy_side import sympy_sides
from checks.claims.syntax import ClaimSyntaxError, Relation
from checks.documents.trees import walk
from checks.errors import UsageError
from checks.numeric.compare import rows_hold
from checks.numeric.kinks import kink_conditions
from checks.numeric.sampling import samples

_NUMPY_ERRORS = (ValueError, TypeError, ZeroDivisionError, OverflowError, IndexError, KeyError)


@dataclass(frozen=True)
class Numbers:
    """How many points were compared, the confirmed counterexample if any, and notes."""

    checked: int
    counterexample: dict[str, Any] | None
    notes: tuple[str, ...] = ()


def has_limit(relation: Relation) -> bool:
    """Whether the relation takes a limit (whose numbers need the claim checker's whole care)."""
    return any(
        n.op == "call" and n.value == "limit" for side in (relation.left, relation.right) for n in walk(side)
    )


def numbers_at(relation: Relation, declarations: Declarations, *, seed: int, samples_count: int) -> Numbers:
    """The relation screened at seeded points; a disagreement counts only once high precision
    confirms it, a point outside the reals or at a kink is no evidence."""
    try:
        scope = declarations.scope()
        built = [
            (ix, *_lazy_sides(relation, scope, ix)) for ix in _some(list(assignments(relation, scope)), seed)
        ]
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the claim: {exc}") from None
    sampled = samples(scope.variables, samples_count, seed)
    checked = 0
    notes: list[str] = []
    columns = stack_points(sampled, scope.variables)
    for ix, _, _ in built:
        agreed = _agree_in_floats(relation, scope, ix, columns, len(sampled))
        if agreed:
            checked += agreed
            continue
        try:
            left, right = sympy_sides(relation, scope, ix)
        except ClaimSyntaxError as exc:
            raise UsageError(f"cannot read the claim: {exc}") from None
        case = Case(dict(ix), *evaluated(left, right), kinks=kink_conditions((left, right)))
        if case.failure is not None:
            notes.extend(case.failure.tried)
            continue
        counted, found = screen(relation, scope, case, sampled)
        checked += counted
        said = kink_note(case, sampled, scope)
        if said and said not in notes:
            notes.append(said)
        if found is not None:
            return Numbers(checked, found, tuple(notes))
        if case.unsettled is not None:
            notes.append("a value at one point could not be settled")
    return Numbers(checked, None, tuple(notes))


#: More assignments of the free indices than this are sampled: the corners and a few more.
MAX_CASES = 16


def _some(cases: list[dict[str, int]], seed: int) -> list[dict[str, int]]:
    """Every assignment, or, past :data:`MAX_CASES`, those at the corners (each index first,
    second or last) and four more drawn with the seed (as the engine samples entries at large n)."""
    if len(cases) <= MAX_CASES:
        return cases
    ends = {name: (min(c[name] for c in cases), max(c[name] for c in cases)) for name in cases[0]}
    corners = [c for c in cases if all(c[name] in (lo, lo + 1, hi) for name, (lo, hi) in ends.items())]
    rng = np.random.default_rng(seed)
    extra = [cases[int(k)] for k in rng.choice(len(cases), size=4, replace=False)]
    return [dict(t) for t in dict.fromkeys(tuple(c.items()) for c in corners + extra)]


def _lazy_sides(relation: Relation, scope: Scope, indices: dict[str, int]) -> tuple[None, None]:
    """Nothing yet: SymPy builds a case's sides only where the floats do not settle it."""
    return None, None


#: How close NumPy's finite-difference derivatives must come to agree (see :func:`_agree_in_floats`).
DIFFERENCE_RTOL = 1e-4


def _differentiates(relation: Relation) -> bool:
    return any(
        n.op == "call" and n.value == "diff" for side in (relation.left, relation.right) for n in walk(side)
    )


def _agree_in_floats(
    relation: Relation, scope: Scope, indices: dict[str, int], columns: Any, count: int
) -> int:
    """The number of points where NumPy finds both sides finite and in the relation with room
    to spare, if no point has finite sides out of it and no value leaves the reals (else 0:
    the case is screened in full, with SymPy's sides, kinks and high-precision confirmation).
    A point where a side overflows floats is no evidence here: the size was proved for every
    n, or is checked whole when it was not."""
    try:
        with np.errstate(all="ignore"):
            left, left_out, left_amb = numpy_rows_in_reals(relation.left, scope, indices, columns, count)
            right, right_out, right_amb = numpy_rows_in_reals(relation.right, scope, indices, columns, count)
            finite = np.all(np.isfinite(left), axis=1) & np.all(np.isfinite(right), axis=1)
            holds = rows_hold(left, relation.rel, right, 1e-6, 1e-12, strict=True)
            if relation.rel == "=" and _differentiates(relation):
                # NumPy's derivatives are finite differences: agreement to 1e-4 is agreement
                # here (this is evidence beside a proof; a disagreement is confirmed in full).
                holds |= rows_hold(left, "=", right, DIFFERENCE_RTOL, 1e-8)
    except _NUMPY_ERRORS:
        return 0
    if np.any(left_out | right_out | left_amb | right_amb) or not np.all(holds[finite]):
        return 0
    return int(finite.sum())
