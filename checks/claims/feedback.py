"""Misconception feedback: match a refuted answer against the known wrong variants (mutants)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from checks.claims.numpy_side import numpy_rows, numpy_value, stack_points
from checks.claims.scope import Scope, assignments
from checks.claims.syntax import ClaimSyntaxError, Node, Relation, parse_expression
from checks.model import Result
from checks.numeric.sampling import Sample

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


def read_catalogue(results: Iterable[Result]) -> int:
    """Read every result's quantity, answer and mutants into this process's cache, so that
    workers forked after it never read them again; returns how many texts were read."""
    read = 0
    for result in results:
        for text in (result.quantity, result.answer, *(m.answer for m in result.mutants)):
            try:
                _parse(text)
            except ClaimSyntaxError:
                continue
            read += 1
    return read


def _compatible(result: Result, scope: Scope) -> bool:
    from checks.claims.declarations import parse_vector

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
        # Values are computed only when needed: most results match no side of the claim.
        q_values = _Lazy(functools.partial(_values_at, quantity, scope, result_cases, points))
        # Where a side of the claim is the quantity, for each case of the claim.
        placed = [
            [(k, mine) for k in range(len(result_cases)) for mine in (0, 1) if _same(user[mine], q_values[k])]
            for user in users
        ]
        if not all(placed):
            continue
        for node, feedback in mutants:
            m_values = _Lazy(functools.partial(_values_at, node, scope, result_cases, points))
            if all(
                any(_same(user[1 - mine], m_values[k]) for k, mine in where)
                for user, where in zip(users, placed, strict=True)
            ):
                return feedback
    return None


def _values_at(
    node: Node, scope: Scope, cases: Sequence[Mapping[str, int]], points: Sequence[Sample], k: int
) -> list[np.ndarray] | None:
    return _values(node, scope, cases[k], points)


class _Lazy:
    """``f(k)`` computed on first use and kept."""

    def __init__(self, f: Callable[[int], list[np.ndarray] | None]) -> None:
        self.f = f
        self.done: dict[int, list[np.ndarray] | None] = {}

    def __getitem__(self, k: int) -> list[np.ndarray] | None:
        if k not in self.done:
            self.done[k] = self.f(k)
        return self.done[k]
