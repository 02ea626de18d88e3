"""Kinks: where a derivative is taken at a point it may not exist, decided exactly."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from checks.claims.scope import Scope
from checks.claims.sympy_side import sympy_sides
from checks.claims.syntax import parse_claim
from checks.model import Kind, N, Var, Vec, index
from checks.numeric.kink_points import all_n_point, at_kink, kink_at, kink_mask
from checks.numeric.kinks import kink_conditions

x, y, a, b = sp.symbols("x y a b", real=True)
R = sp.Rational
D = sp.Derivative


@pytest.mark.parametrize(
    ("expr", "kink", "smooth"),
    [
        (D(sp.Abs(x), x) ** 2, {x: 0}, {x: R(-1, 3)}),
        (D(sp.Abs(x - 1), x), {x: 1}, {x: 0}),
        (D(sp.sign(x) * x**2, x), {x: 0}, {x: 2}),
        (D(sp.Heaviside(x - R(1, 2)), x), {x: R(1, 2)}, {x: R(1, 3)}),
        (D(sp.floor(3 * x), x), {x: R(2, 3)}, {x: R(1, 2)}),
        (D(sp.ceiling(x / 2), x), {x: -4}, {x: 1}),
        (D(sp.frac(x), x), {x: 7}, {x: R(7, 2)}),
        (D(sp.Mod(x, 3), x), {x: 6}, {x: 5}),
        (D(sp.Max(x, 0), x), {x: 0}, {x: -5}),
        (D(sp.Min(x, 1), x), {x: 1}, {x: 0}),
        (D(sp.Max(a, b), a), {a: 2, b: 2}, {a: 2, b: 3}),
        (D(sp.Piecewise((x**2, x < 1), (x, True)), x), {x: 1}, {x: 2}),
    ],
)
def test_each_kind_of_kink_is_met_exactly_at_its_point_and_nowhere_else(expr, kink, smooth):
    conditions = kink_conditions(expr)
    assert conditions
    found = kink_at(conditions, kink)
    assert found is not None and found.certain
    assert not at_kink(conditions, smooth)


def test_a_tie_below_the_maximum_is_no_kink():
    conditions = kink_conditions(D(sp.Max(a, b, 5), a))
    assert not at_kink(conditions, {a: 2, b: 2})
    assert at_kink(conditions, {a: 5, b: 1})


def test_a_tie_of_arguments_that_do_not_move_is_no_kink():
    conditions = kink_conditions(D(sp.Max(a, b, x), x))
    assert not at_kink(conditions, {a: 5, b: 5, x: 1})
    assert at_kink(conditions, {a: 5, b: 1, x: 5})


def test_a_min_tie_counts_only_at_the_minimum():
    conditions = kink_conditions(D(sp.Min(x, a, b), x))
    assert at_kink(conditions, {x: -1, a: -1, b: 3})
    assert not at_kink(conditions, {x: -1, a: 3, b: 3})


def test_a_subterm_that_does_not_move_with_the_variable_is_no_kink():
    assert kink_conditions(D(sp.Abs(y) * x, x)) == ()


def test_an_expression_without_derivatives_has_no_kinks():
    conditions = kink_conditions(sp.Abs(x) + sp.Max(x, 0))
    assert conditions == ()
    assert not at_kink(conditions, {x: 0})


def test_a_higher_derivative_keeps_the_kink():
    conditions = kink_conditions(D(sp.Abs(x), (x, 2)))
    assert at_kink(conditions, {x: 0})
    assert not at_kink(conditions, {x: R(1, 7)})


def test_a_derivative_nested_in_another_keeps_its_kink():
    inner = D(sp.Abs(x - y), y)
    expr = D(x * inner, x)
    assert isinstance(expr.expr, sp.Mul)  # (SymPy did not merge the two)
    conditions = kink_conditions(expr)
    assert at_kink(conditions, {x: 3, y: 3})
    assert not at_kink(conditions, {x: 3, y: 2})


def test_entries_of_a_matrix_or_a_tuple_are_all_read():
    conditions = kink_conditions((sp.ImmutableMatrix([[1, D(sp.Abs(x), x)]]), (D(sp.Max(y, 0), y),)))
    assert at_kink(conditions, {x: 0, y: 1})
    assert at_kink(conditions, {x: 1, y: 0})
    assert not at_kink(conditions, {x: 1, y: 1})


def test_vector_entries_as_the_claim_checker_builds_them():
    scope = Scope()
    scope.vectors["x"] = Var("x", Kind.LOGITS, 3)
    relation = parse_claim("diff(Max(x[0], x[1]), x[0]) + diff(Abs(x[2]), x[1]) = 1")
    left, right = sympy_sides(relation, scope, {})
    conditions = kink_conditions((left, right))
    x0, x1, x2 = scope.vectors["x"].symbols
    assert len(conditions) == 1  # Abs(x2) does not move with x1
    assert at_kink(conditions, {x0: 1, x1: 1, x2: 0})
    assert not at_kink(conditions, {x0: 1, x1: 0, x2: 0})


def test_an_irrational_value_is_decided_by_a_rigorous_interval():
    conditions = kink_conditions(D(sp.Abs(sp.exp(x) - 2), x))
    assert not at_kink(conditions, {x: R(1, 2)})
    assert not at_kink(conditions, {x: R(69, 100)})  # log 2 = 0.693…
    found = kink_at(kink_conditions(D(sp.Abs(x - sp.log(2)), x)), {x: R(693147, 10**6)})
    assert found is None


def test_an_exact_kink_at_an_irrational_looking_value_is_found():
    found = kink_at(kink_conditions(D(sp.Abs(sp.exp(x) - 2), x)), {x: sp.log(2)})
    assert found is not None and found.certain


def test_a_point_that_cannot_be_decided_is_a_kink():
    # Identically zero, but neither SymPy's arithmetic nor an interval can tell it from 0.
    expr = D(sp.Abs((sp.exp(40) + x) ** 2 - sp.exp(80) - 2 * x * sp.exp(40) - x**2), x)
    found = kink_at(kink_conditions(expr), {x: R(1, 2)})
    assert found is not None and not found.certain


def test_a_symbol_missing_from_the_point_is_a_kink():
    assert at_kink(kink_conditions(D(sp.Abs(x - y), x)), {x: 1})


def test_a_spent_budget_is_a_kink():
    found = kink_at(kink_conditions(D(sp.Abs(x), x)), {x: 1}, budget=0)
    assert found is not None and not found.certain


def test_a_huge_power_is_decided_without_computing_it_exactly():
    conditions = kink_conditions(D(sp.Abs(x ** (10**9) - 1), x))
    assert not at_kink(conditions, {x: R(3, 2)})
    assert at_kink(conditions, {x: 1})


def test_a_piecewise_condition_that_is_no_relation_is_a_kink_everywhere():
    expr = D(sp.Piecewise((x, sp.Contains(x, sp.Interval(0, 1))), (0, True)), x)
    assert at_kink(kink_conditions(expr), {x: 5})


def test_a_limit_variable_takes_no_value_from_the_point():
    ell = sp.Symbol("l", positive=True)
    conditions = kink_conditions(sp.Limit(D(sp.Abs(x * ell), x), ell, sp.oo))
    assert not at_kink(conditions, {x: R(1, 2), ell: 0})
    assert at_kink(conditions, {x: 0, ell: 5})  # x·l is 0 all along the sequence


def test_an_all_n_sum_is_at_a_kink_only_through_the_entry_that_moves():
    xs, i, k = Vec("x", Kind.LOGITS), index("i"), index("k")
    conditions = kink_conditions(D(sp.Sum(sp.Abs(xs[k]), (k, 0, N - 1)), xs[i]))
    values = {"x": (Fraction(1), Fraction(0), Fraction(2))}
    assert at_kink(conditions, all_n_point([xs], 3, {i: 1}, values))
    assert not at_kink(conditions, all_n_point([xs], 3, {i: 0}, values))


def test_the_mask_agrees_with_the_exact_test_even_a_rounding_away_from_a_kink():
    conditions = kink_conditions(D(sp.Abs(x - R(1, 3)), x))
    near = R(1, 3) + R(1, 10**30)  # 1/3 in floats, yet no kink
    points = [{x: R(1, 3)}, {x: near}, {x: R(1, 2)}, {x: sp.Integer(10) ** 20 + R(1, 3)}]
    assert kink_mask(conditions, points).tolist() == [True, False, False, False]
    assert kink_mask(conditions, points).tolist() == [at_kink(conditions, p) for p in points]


def test_the_mask_sends_a_cancelling_row_to_the_exact_test():
    expr = D(sp.Abs((sp.exp(40) + x) ** 2 - sp.exp(80) - 2 * x * sp.exp(40) - x**2), x)
    assert kink_mask(kink_conditions(expr), [{x: R(1, 2)}, {x: 3}]).tolist() == [True, True]


def test_the_mask_takes_float_columns_when_given():
    conditions = kink_conditions(D(sp.Max(a, b), a))
    points = [{a: 1, b: 1}, {a: 1, b: 2}, {a: R(1, 3), b: R(1, 3)}]
    columns = {a: np.array([1.0, 1.0, 1 / 3]), b: np.array([1.0, 2.0, 1 / 3])}
    assert kink_mask(conditions, points, columns).tolist() == [True, False, True]


def test_the_mask_without_conditions_is_all_false():
    assert kink_mask((), [{x: 0}, {x: 1}]).tolist() == [False, False]


def test_a_tie_beside_an_irrational_argument_is_decided_exactly():
    conditions = kink_conditions(D(sp.Min(x, sp.exp(a) / 3, R(1, 3)), x))
    found = kink_at(conditions, {x: R(1, 3), a: 1})  # e/3 lies above the tie at 1/3
    assert found is not None and found.certain
    assert not at_kink(conditions, {x: 1, a: 1})
    assert not at_kink(conditions, {x: R(1, 2), a: 0})  # 1/3 and e^0/3 tie, but x is above
    tied = kink_at(kink_conditions(D(sp.Max(x, sp.exp(a)), x)), {x: sp.E, a: 1})
    assert tied is not None and tied.certain
