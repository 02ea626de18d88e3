"""Limits proved one order of their parameters at a time."""

import itertools
import time

import pytest
import sympy as sp

from checks.prove.limit_order import (
    _limits_taken,
    case_substitutions,
    orders,
    parameters,
    prove_limits_by_order,
)

a, b = sp.symbols("a b", real=True)
lam = sp.Symbol("l", real=True)


def _pattern(subs: dict[sp.Symbol, sp.Expr], members: list[sp.Basic]) -> tuple[int, ...]:
    """The members' ranks (equal values share one) once every gap is 1 and the base is 0."""
    values = []
    for member in members:
        value = sp.sympify(subs.get(member, member))
        values.append(int(value.xreplace({s: (1 if s.is_Dummy else 0) for s in value.free_symbols})))
    ranks = sorted(set(values))
    return tuple(ranks.index(v) for v in values)


@pytest.mark.parametrize("members", [[a, b], [a, sp.S.Zero], [a, b, sp.Symbol("c", real=True)]])
def test_the_orders_are_every_order_of_the_members_once(members):
    cases = list(orders(members))
    patterns = {_pattern(subs, members) for subs in cases}
    # Every weak order appears, each once: 3 of two members, 13 of three (the Fubini numbers).
    expected = {p for p in itertools.product(range(len(members)), repeat=len(members)) if _dense(p)}
    assert patterns == expected
    assert len(cases) == len(expected)
    assert all(isinstance(k, sp.Symbol) for subs in cases for k in subs)  # zero is never replaced


def _dense(ranks: tuple[int, ...]) -> bool:
    return set(ranks) == set(range(max(ranks) + 1))


def test_the_parameters_of_a_limit_are_its_free_real_symbols_but_not_its_variable():
    limit = sp.Limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam, lam, sp.oo)
    assert parameters(limit, sp.Max(a, b)) == [a, b]
    assert parameters(a + b) == []


def test_a_symbol_that_is_any_limits_variable_is_no_parameter():
    # y is the variable of the second limit: substituting y = -t there would leave
    # Limit(f, -t, -oo), which SymPy evaluates as if it meant something.
    y = sp.Symbol("y", real=True)
    first = sp.Limit(sp.log(sp.exp(lam * y) + 1) / lam, lam, sp.oo)
    second = sp.Limit(sp.exp(y - sp.Abs(y)), y, -sp.oo)
    assert parameters(first + second, sp.Max(y, 0)) == []


def test_realsoftmax_tends_to_the_max_in_every_order_of_the_logits():
    limit = sp.Limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam, lam, sp.oo)
    outcome = prove_limits_by_order(limit, "=", sp.Max(a, b), time.monotonic() + 20)
    assert outcome.proved is True
    assert "order of a, b" in (outcome.method or "")


@pytest.mark.parametrize("wrong", [sp.Min(a, b), a, b, (a + b) / 2])
def test_a_wrong_value_of_the_limit_is_not_proved_in_every_order(wrong):
    limit = sp.Limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam, lam, sp.oo)
    assert prove_limits_by_order(limit, "=", wrong, time.monotonic() + 20).proved is not True


def test_one_parameter_is_ordered_against_zero():
    limit = sp.Limit(sp.log(sp.exp(lam * a) + 1) / lam, lam, sp.oo)
    assert prove_limits_by_order(limit, "=", sp.Max(a, 0), time.monotonic() + 20).proved is True
    assert prove_limits_by_order(limit, "=", a, time.monotonic() + 20).proved is not True


def test_three_parameters_are_not_split():
    c = sp.Symbol("c", real=True)
    limit = sp.Limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b) + sp.exp(lam * c)) / lam, lam, sp.oo)
    outcome = prove_limits_by_order(limit, "=", sp.Max(a, b, c), time.monotonic() + 20)
    assert outcome.proved is None and outcome.tried == ()


def test_the_split_never_overruns_its_deadline():
    limit = sp.Limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam, lam, sp.oo)
    started = time.monotonic()
    outcome = prove_limits_by_order(limit, "=", sp.Max(a, b), started + 0.01)
    assert outcome.proved is not True
    assert time.monotonic() - started < 2


def test_a_case_with_two_exponentials_in_no_known_order_is_not_taken():
    # SymPy answers t for lim log(e^{λt} + e^{λu})/λ with t, u > 0 (the limit is max(t, u)).
    # With a, b > 0 and a = b + t, log(e^{λb} + e^{λ(a - b)}) is that form: never trusted.
    pa, pb = sp.symbols("pa pb", positive=True)
    limit = sp.Limit(sp.log(sp.exp(lam * pb) + sp.exp(lam * (pa - pb))) / lam, lam, sp.oo)
    assert prove_limits_by_order(limit, "=", pa - pb, time.monotonic() + 20).proved is not True
    assert prove_limits_by_order(limit, "=", pb, time.monotonic() + 20).proved is not True
    t, u = sp.symbols("t u", positive=True)
    with pytest.raises(ValueError, match="no known order"):
        _limits_taken(sp.Limit(sp.log(sp.exp(lam * t) + sp.exp(lam * u)) / lam, lam, sp.oo))


def test_each_order_case_is_proved_on_its_own_exceptional_pieces_too():
    # In the case a = b + t, (t - 1)²/((t - 1)² + 1/λ) → 1 except at t = 1, where it is 0:
    # proved for a generic gap, the split once verified a claim false on a = b + 1.
    extra = (a - b - 1) ** 2 / ((a - b - 1) ** 2 + 1 / lam)
    limit = sp.Limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam + extra, lam, sp.oo)
    assert prove_limits_by_order(limit, "=", sp.Max(a, b) + 1, time.monotonic() + 20).proved is not True


def test_the_points_to_sample_are_the_ties_of_the_split_and_the_pieces_within_each_case():
    extra = (a - b - 1) ** 2 / ((a - b - 1) ** 2 + 1 / lam)
    limit = sp.Limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam + extra, lam, sp.oo)
    found = case_substitutions(limit, sp.Max(a, b) + 1)
    assert {a: b} in found or {b: a} in found
    assert {a: b + 1} in found
