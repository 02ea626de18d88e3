"""The numeric screen of a claim in NumPy (points outside the reals and at kinks are no evidence)."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from checks.claims.case import AMBIGUOUS_ROOT, SIDES_APART, Case, counterexample, only_bound, point_text
from checks.claims.confirm import first_confirmed, holds_in_high_precision
from checks.claims.limit_precision import sides_in_high_precision
from checks.claims.numpy_side import LimitSidesApart, numpy_rows_in_reals, numpy_sides, stack_points
from checks.claims.scope import Scope
from checks.claims.syntax import Relation
from checks.numeric.compare import (
    rows_hold,
)
from checks.numeric.kink_points import kink_at, kink_mask
from checks.numeric.sampling import Sample

_NUMPY_ERRORS = (ValueError, TypeError, ZeroDivisionError, OverflowError, IndexError, KeyError)


def screen(
    relation: Relation, scope: Scope, case: Case, sampled: list[Sample]
) -> tuple[int, dict[str, Any] | None]:
    """Float check at every point: how many points were finite, and the first disagreement
    (or non-finite value, or strict gap too narrow for floats) that high precision confirms.
    All points are evaluated in one pass where the claim allows; otherwise point by point.
    A point where a derivative is taken at a kink (see :mod:`checks.numeric.kinks`) is skipped like
    one outside the reals."""
    _mark_kinks(case, sampled, scope)
    try:
        columns = stack_points(sampled, scope.variables)
        left, left_out, left_amb = numpy_rows_in_reals(
            relation.left, scope, case.indices, columns, len(sampled)
        )
        right, right_out, right_amb = numpy_rows_in_reals(
            relation.right, scope, case.indices, columns, len(sampled)
        )
        finite = np.all(np.isfinite(left), axis=1) & np.all(np.isfinite(right), axis=1)
        holds = rows_hold(left, relation.rel, right, 1e-6, 1e-12, strict=True)
    except _NUMPY_ERRORS:
        return _screen_pointwise(relation, scope, case, sampled)
    # A point where a value left the reals (sqrt of a negative), or where a derivative is
    # taken at a kink, is no evidence either way.
    outside = left_out | right_out | np.isin(np.arange(len(sampled)), sorted(case.kinked))
    case.outside |= {int(i) for i in np.flatnonzero(outside)}
    ambiguous = np.flatnonzero(left_amb | right_amb)
    if len(ambiguous) and case.unsettled is None:
        case.unsettled = (int(ambiguous[0]), AMBIGUOUS_ROOT)
    finite &= ~outside
    counted = int(finite.sum())
    case.nearest = least_slack(left, right, relation.rel, finite)
    for index in np.flatnonzero(~(finite & holds) & ~outside):
        found = first_confirmed(case, relation.rel, [(int(index), sampled[index])], scope)
        if found is not None:
            return counted, found
        # Past the float range (2**10000, e^1000): the point is looked at in high precision.
        if not finite[index]:
            counted += holds_in_high_precision(case, relation.rel, sampled[index], scope)
    return counted, None


def _mark_kinks(case: Case, sampled: list[Sample], scope: Scope) -> None:
    """Record the points of ``sampled`` where a derivative of the claim is taken at a kink."""
    if not case.kinks or case.kinked_checked:
        return
    case.kinked_checked = True
    exact = [s.exact(scope.variables) for s in sampled]
    for index in np.flatnonzero(kink_mask(case.kinks, exact)):
        case.kinked.add(int(index))
        case.outside.add(int(index))


def kink_note(case: Case, sampled: list[Sample], scope: Scope) -> str | None:
    """What to say about the first point skipped at a kink."""
    if not case.kinked:
        return None
    index = min(case.kinked)
    found = kink_at(case.kinks, sampled[index].exact(scope.variables))
    if found is None:  # (decided once already: not expected)
        return None
    shown = point_text(sampled[index], scope, only_bound(case))
    where = ", ".join(f"{k} = {v}" for k, v in shown.items()) or "every point"
    # Entries as the claim writes them: x[0], not SymPy's symbol x0.
    names = {s: sp.Symbol(f"{v.name}[{i}]") for v in scope.vectors.values() for i, s in enumerate(v.symbols)}
    what = sp.sstr(found.kink.source.xreplace(names))
    wrt = ", ".join(sp.sstr(v.xreplace(names)) for v in found.kink.wrt)
    if found.certain:
        return (
            f"the derivative of {what} in {wrt} does not exist at {where}: such points are no evidence "
            "either way"
        )
    return (
        f"whether the derivative of {what} in {wrt} exists at {where} could not be decided: such points "
        "are no evidence either way"
    )


def _screen_pointwise(
    relation: Relation, scope: Scope, case: Case, sampled: list[Sample]
) -> tuple[int, dict[str, Any] | None]:
    """:func:`screen` one point at a time; a point that cannot be evaluated is skipped."""
    checked = 0
    for index, sample in enumerate(sampled):
        if index in case.kinked:
            continue
        try:
            left, right, outside, ambiguous = numpy_sides(
                relation, scope, case.indices, sample.as_numpy(scope.variables)
            )
        except LimitSidesApart:
            # Floats may only have cancelled near the point: high precision looks again.
            settled = sides_in_high_precision(case, relation.rel, sample, scope)
            if settled is not None and settled[0]:
                checked += 1
                continue
            if settled is not None:
                # Refuted only if sympy.limit disagrees with the claim too (see limit_agrees).
                case.refuted_at = index
                return checked, counterexample(case, sample, scope, [settled[1]], [settled[2]])
            if case.unsettled is None:
                case.unsettled = (index, SIDES_APART)
            continue
        except _NUMPY_ERRORS:
            continue
        if ambiguous and case.unsettled is None:
            case.unsettled = (index, AMBIGUOUS_ROOT)
        if outside:
            case.outside.add(index)
            continue
        finite = bool(np.all(np.isfinite(left)) and np.all(np.isfinite(right)))
        checked += finite
        if (
            finite
            and rows_hold(
                np.ravel(left)[None], relation.rel, np.ravel(right)[None], 1e-6, 1e-12, strict=True
            )[0]
        ):
            continue
        found = first_confirmed(case, relation.rel, [(index, sample)], scope)
        if found is not None:
            return checked, found
        if not finite:
            checked += holds_in_high_precision(case, relation.rel, sample, scope)
    return checked, None


def least_slack(
    left: np.ndarray, right: np.ndarray, rel: str, usable: np.ndarray, count: int = 3
) -> list[int]:
    """The ``count`` rows of an inequality where its slack in floats is least (the entry of
    least slack in a row of entries); none for an equality."""
    if rel not in ("<", "<=", ">", ">="):
        return []
    with np.errstate(all="ignore"):
        gap = np.asarray(left - right if rel in (">", ">=") else right - left, dtype=float)
        slack = np.where(usable, gap.reshape(len(usable), -1).min(axis=1), np.inf)
    order = np.argsort(slack, kind="stable")[:count]
    return [int(i) for i in order if np.isfinite(slack[i])]
