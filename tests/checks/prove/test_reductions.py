"""Reductions for proofs by pieces: radicals cleared, variable powers, logs combined."""

from __future__ import annotations

import sympy as sp

from checks.prove.domains import UNIT_OPEN
from checks.prove.exact import decide
from checks.prove.reductions import (
    clear_radical,
    combine_logs,
    exponentials,
    powers_as_exponentials,
    termwise,
)

a, b = sp.symbols("a b", positive=True)
x = sp.Symbol("x", real=True)


def test_a_square_root_above_a_value_is_compared_through_squares():
    # sqrt(a) - b >= 0 follows from a - b**2 >= 0 (where b < 0 it holds anyway)
    assert clear_radical(sp.sqrt(a) - b, False, lambda e: False) == [(a - b**2, False)]


def test_a_value_above_a_square_root_needs_the_value_nonnegative_first():
    d = (a + b) / 2 - sp.sqrt(a * b)
    assert clear_radical(d, False, lambda e: False) is None
    goals = clear_radical(d, False, lambda e: bool(e.is_nonnegative))
    assert goals is not None
    ((goal, strict),) = goals
    assert sp.expand(goal - (a - b) ** 2 / 4) == 0 and strict is False


def test_a_radical_of_a_possibly_negative_base_is_left_alone():
    assert clear_radical(sp.sqrt(x) - 1, False, lambda e: True) is None


def test_powers_with_a_variable_exponent_become_exponentials():
    ((goal, _),) = powers_as_exponentials(a**b - 1)
    assert goal == sp.exp(b * sp.log(a)) - 1


def test_a_sum_of_logs_has_the_sign_of_the_product_minus_one():
    p = sp.Symbol("p", positive=True)
    d = -(sp.log(p) + sp.log(1 - p) + 2 * sp.log(2))  # log 4p(1 - p) <= 0 on (0, 1)
    goals = combine_logs(d, False, lambda e: decide(e, True, {p: UNIT_OPEN}) is not None)
    assert goals is not None
    ((goal, _),) = goals
    assert sp.expand(goal - (4 * p * (1 - p) - 1) * -1) == 0  # 1 - 4p(1 - p) = (1 - 2p)**2


def test_logs_with_a_nonnumeric_weight_are_not_combined():
    assert combine_logs(a * sp.log(a) - sp.log(b), False, lambda e: True) is None


def test_exponentials_of_a_real_variable_become_a_positive_variable():
    ((goal, strict),) = exponentials(sp.log(1 + sp.exp(x)) - x, True, None)
    (big,) = goal.free_symbols
    assert big.is_positive and strict is True
    assert sp.simplify(goal - (sp.log(1 + big) - sp.log(big))) == 0


def test_a_nonnegative_variable_becomes_one_plus_a_nonnegative_one():
    s = sp.Symbol("s", nonnegative=True)
    ((goal, _),) = exponentials(sp.exp(s) - 1, False, None)
    (u,) = goal.free_symbols
    assert u.is_nonnegative and sp.simplify(goal - u) == 0


def test_a_bounded_variable_is_not_rewritten_through_exp():
    from checks.prove.domains import UNIT_OPEN

    p = sp.Symbol("p", positive=True)
    assert exponentials(sp.exp(p) - 1 - 2 * p, True, {p: UNIT_OPEN}) is None


def test_a_sum_is_split_into_its_terms_each_a_goal():
    goals = termwise(a * b + sp.sqrt(a) - x**2, True)
    assert goals is not None and sorted(sp.sstr(g) for g, _ in goals) == ["-x**2", "a*b", "sqrt(a)"]
    assert all(strict for _, strict in goals)
    assert termwise(a * b, False) is None
