"""The memo of normalised expressions: a second normalisation answers as the first did, with
the same rules recorded, and never for another context (ranges, cited sums)."""

from __future__ import annotations

import sympy as sp

from checks.model import Kind, N, Vec, index
from checks.prove import sums
from checks.prove.sums import DELTA, LINEAR, Rewriter

j, k = index("j"), index("k")
x, y = Vec("x", Kind.LOGITS), Vec("y", Kind.LABELS)
FULL = (sp.Integer(0), N - 1)


def _fresh(expr: sp.Expr, ranges: dict, cited: frozenset[str] = frozenset()) -> tuple[sp.Expr, set[str]]:
    sums._NORMALISED.clear()
    r = Rewriter(ranges, cited)
    return r.normalise(expr), r.used


def test_a_remembered_normalisation_gives_the_same_expression_and_rules_as_a_fresh_one():
    expr = sp.Sum(sp.KroneckerDelta(j, k) * sp.exp(x[k]) + y[k], (k, 0, N - 1))
    fresh, fresh_used = _fresh(expr, {j: FULL})
    again = Rewriter({j: FULL})
    assert again.normalise(expr) == fresh
    assert again.used == fresh_used and {DELTA, LINEAR} <= again.used


def test_rules_recorded_before_a_remembered_answer_are_kept():
    expr = sp.Sum(sp.KroneckerDelta(j, k) * x[k], (k, 0, N - 1))
    _fresh(expr, {j: FULL})
    r = Rewriter({j: FULL})
    r.used.add("earlier rule")
    r.normalise(expr)
    assert r.used == {"earlier rule", DELTA}


def test_an_answer_for_other_ranges_is_not_reused():
    expr = sp.Sum(sp.KroneckerDelta(j, k) * x[k], (k, 0, N - 1))
    contracted, _ = _fresh(expr, {j: FULL})
    unknown = Rewriter({})
    out = unknown.normalise(expr)
    assert contracted == x[j] and out.has(sp.Sum) and DELTA not in unknown.used


def test_an_answer_with_a_cited_unit_sum_is_not_reused_without_the_citation():
    expr = sp.Sum(y[k], (k, 0, N - 1))
    cited, _ = _fresh(expr, {}, frozenset({"y"}))
    uncited = Rewriter({})
    assert cited == 1 and uncited.normalise(expr) == sums.canonical(expr)
