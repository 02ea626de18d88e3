"""Misconception feedback: match a refuted answer against the known wrong variants (mutants)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from checks.claim_build import Scope, assignments, numpy_rows, numpy_value, stack_points
from checks.claim_syntax import ClaimSyntaxError, Node, Relation, parse_expression
from checks.model import Result
from checks.sampling import Sample

_ERRORS = (ValueError, TypeError, KeyError, IndexError, ZeroDivisionError, OverflowError)


def _values(
    node: Node, scope: Scope, case: Mapping[str, int], points: Sequence[Sample]
) -> list[np.ndarray] | None:
    """``node`` at each point (one row per point), or None where it cannot be evaluated."""
    try:
        return list(numpy_rows(node, scope, case, stack_points(points, scope.variables), len(points)))
    except _ERRORS:
        pass
    out = []
    for sample in points:  # what does not stack is evaluated point by point
        try:
            value = numpy_value(node, scope, case, sample.as_numpy(scope.variables))
        except _ERRORS:
            return None
        out.append(np.ravel(value))
    return out


def _same(a: list[np.ndarray] | None, b: list[np.ndarray] | None) -> bool:
    if a is None or b is None or len(a) != len(b):
        return False
    compared = 0
    for x, y in zip(a, b, strict=True):
        if x.shape != y.shape:
            return False
        finite = np.isfinite(x) & np.isfinite(y)
        if not np.all(np.isclose(x[finite], y[finite], rtol=1e-6, atol=1e-9)):
            return False
        compared += int(np.sum(finite))
    return compared > 0


#: The catalogue's quantities, answers and mutants are read once per process, not per claim.
_parse = functools.lru_cache(maxsize=None)(parse_expression)


def _compatible(result: Result, scope: Scope) -> bool:
    from checks.claim_check import parse_vector

    for text in result.vectors:
        name, size, _ = parse_vector(text)
        if name not in scope.vectors or len(scope.vectors[name]) != size:
            return False
    return True


def mutant_feedback(
    relation: Relation,
    scope: Scope,
    case: Mapping[str, int],
    points: Sequence[Sample],
    results: Iterable[Result],
) -> str | None:
    """The feedback of the first mutant that explains the refuted claim everywhere.

    At every assignment of the claim's free indices (not only the counterexample's ``case``),
    one side must match a result's quantity and the other side that result's mutant, under
    some assignment of the result's indices, at every point: ``s_i`` for every entry of the
    Jacobian agrees with ``diag(s)`` at i = j, but is not that mistake.
    """
    points = list(points)[:8]
    # A result about one entry speaks more precisely than one about every (i, j).
    results = sorted(results, key=lambda r: "[i]" in r.quantity or "[j]" in r.quantity)
    sides = (relation.left, relation.right)
    try:
        claim_cases = list(assignments(relation, scope))
    except ClaimSyntaxError:
        claim_cases = [dict(case)]
    users = [[_values(side, scope, c, points) for side in sides] for c in claim_cases]
    for result in results:
        if not _compatible(result, scope):
            continue
        try:
            quantity = _parse(result.quantity)
            answer = _parse(result.answer)
            mutants = [(_parse(m.answer), m.feedback) for m in result.mutants]
            result_cases = list(assignments(Relation("=", quantity, answer), scope))
        except ClaimSyntaxError:
            continue
        q_values = [_values(quantity, scope, rc, points) for rc in result_cases]
        for node, feedback in mutants:
            m_values = [_values(node, scope, rc, points) for rc in result_cases]
            if all(_explained(user, q_values, m_values) for user in users):
                return feedback
    return None


def _explained(
    user: list[list[np.ndarray] | None],
    quantity: list[list[np.ndarray] | None],
    mutant: list[list[np.ndarray] | None],
) -> bool:
    """Whether, for some assignment of the result's indices, one side of the claim is the
    quantity and the other the mutant."""
    return any(
        _same(user[mine], q) and _same(user[other], m)
        for q, m in zip(quantity, mutant, strict=True)
        for mine, other in ((0, 1), (1, 0))
    )
