"""The exceptional set of a limit with free parameters: where SymPy's generic answer may fail."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from checks.model import Kind, Var
from checks.numeric.sampling import samples
from checks.prove.limit_exceptions import (
    Exceptions,
    exceptional_samples,
    exceptions,
    parameters,
    substitutions,
    undefined,
)

a, b, lam, x = sp.symbols("a b l x", real=True)
R = sp.Rational
oo = sp.oo


def _pieces(found: Exceptions) -> list[dict[sp.Symbol, sp.Expr]]:
    assert found.reason is None, found.reason
    return [dict(p.subs) for p in found.pieces]


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        # a zero of a leading coefficient (of the denominator: a pole of the quotient)
        (sp.Limit((a - R(1, 7)) ** 2 / ((a - R(1, 7)) ** 2 + 1 / lam), lam, oo), [{a: R(1, 7)}]),
        (sp.Limit(a * lam / (a * lam + 1), lam, oo), [{a: 0}]),
        # two parameters: solved for one of them
        (sp.Limit((a - b) ** 2 * lam / ((a - b) ** 2 * lam + 1), lam, oo), [{a: b}]),
        # at a finite point, the lowest-order coefficients, from both sides
        (sp.Limit((a - R(1, 3)) * x / ((a - R(1, 3)) * x + x**2), x, 0, "+-"), [{a: R(1, 3)}]),
        # ties of growth rates: a power against a constant, an exponential against a power
        (sp.Limit(lam ** (a**2) / (lam ** (a**2) + 1), lam, oo), [{a: 0}]),
        (sp.Limit(sp.exp(lam * (a - b) ** 2) / (sp.exp(lam * (a - b) ** 2) + lam), lam, oo), [{a: b}]),
        (sp.Limit(sp.exp(-((a - R(1, 5)) ** 2) * lam), lam, oo), [{a: R(1, 5)}]),
        # a leading coefficient inside a log's expansion (log(1 + c/λ²) ~ c/λ²)
        (
            sp.Limit(
                lam**3
                * sp.log(1 + (a - R(1, 7)) ** 2 / lam**2)
                / (lam**3 * sp.log(1 + (a - R(1, 7)) ** 2 / lam**2) + 1),
                lam,
                oo,
            ),
            [{a: R(1, 7)}],
        ),
        # the argument of a function that jumps or turns: tanh at ±∞, Max of two settling terms
        (sp.Limit(sp.tanh((a - R(1, 3)) * lam) ** 2, lam, oo), [{a: R(1, 3)}]),
        (sp.Limit(sp.Max(a, 1 / lam), lam, oo), [{a: 0}]),
        # a growing body: where its coefficient vanishes it may settle instead
        (sp.Limit(sp.Abs(a - R(1, 7) + 1 / lam) * lam, lam, oo), [{a: R(1, 7)}]),
    ],
)
def test_the_exceptional_set_is_where_what_decides_the_limit_changes(limit, expected):
    assert _pieces(exceptions(limit)) == expected


@pytest.mark.parametrize(
    "limit",
    [
        sp.Limit(sp.Abs(a) * lam / (lam + 1), lam, oo),  # at a = 0 the limit 0 is still |a|
        sp.Limit((a**2 + 1) * lam / ((a**2 + 1) * lam + 1), lam, oo),  # never 0 on the reals
        sp.Limit(lam * (sp.exp(a / lam) - 1), lam, oo),  # leading terms cancel: the series decides
        sp.Limit(sp.floor(a + 1 / lam), lam, oo),  # from above, floor is continuous
        sp.Limit(((a - R(1, 7)) ** 2 * lam + 1) / (lam + 1), lam, oo),
        sp.Limit(sp.Max(a, b) + sp.log(2) / lam, lam, oo),
    ],
)
def test_a_limit_continuous_in_its_parameters_has_no_exceptional_pieces(limit):
    assert _pieces(exceptions(limit)) == []


def test_a_positive_parameter_never_takes_a_value_outside_its_domain():
    alpha, d, k, t = (sp.Symbol(name, positive=True) for name in ("alpha", "d", "k", "T"))
    cold = sp.Limit(1 / (1 + sp.exp(-alpha * d / (k * t))), t, 0, "+")
    assert _pieces(exceptions(cold)) == []
    p = sp.Symbol("p", positive=True)
    assert _pieces(exceptions(sp.Limit((p + 1) * lam / ((p + 1) * lam + 1), lam, oo))) == []


def test_an_integer_parameter_has_only_integer_exceptional_values():
    h = sp.Symbol("H", integer=True, positive=True)
    assert _pieces(exceptions(sp.Limit((h - 100) ** 2 * lam / ((h - 100) ** 2 * lam + 1), lam, oo))) == [
        {h: 100}
    ]
    assert _pieces(exceptions(sp.Limit((2 * h - 1) * lam / ((2 * h - 1) * lam + 1), lam, oo))) == []


def test_irrational_zeros_are_pieces_too():
    found = _pieces(exceptions(sp.Limit((a**2 - 2) ** 2 * lam / ((a**2 - 2) ** 2 * lam + 1), lam, oo)))
    assert sorted(found, key=str) == [{a: -sp.sqrt(2)}, {a: sp.sqrt(2)}]


@pytest.mark.parametrize(
    ("limit", "why"),
    [
        # the sign of a decides whether e^{λa} beats 1, and a whole half-line is at stake
        (sp.Limit(sp.exp(a * lam) / (sp.exp(a * lam) + 1), lam, oo), "depends on the parameters"),
        (sp.Limit(x**a, x, oo), "depends on the parameters"),
        (sp.Limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam, lam, oo), "depends on the parameters"),
        # floor(a - 1/λ) → a - 1 at every integer a
        (sp.Limit(sp.floor(a - 1 / lam), lam, oo), "not finitely many"),
        (sp.Limit(sp.Limit(a * x, x, 1) * lam, lam, oo), "a limit inside a limit"),
    ],
)
def test_where_the_exceptional_set_cannot_be_found_the_answer_says_why(limit, why):
    found = exceptions(limit)
    assert found.pieces == ()
    assert found.reason is not None and why in found.reason
    assert "could not be found" in found.not_found()


def test_a_symbol_that_is_another_limits_variable_is_never_taken_for_a_parameter():
    y = sp.Symbol("y", real=True)
    first = sp.Limit(sp.log(sp.exp(lam * y) + 1) / lam, lam, oo)
    second = sp.Limit(sp.exp(y - sp.Abs(y)), y, -oo)
    assert parameters(first + second) == []
    assert exceptions(first + second).reason is not None


def test_pieces_of_pieces_compose_down_to_the_original_parameters():
    body = (a - b) ** 2 * lam / ((a - b) ** 2 * lam + 1) + (b - R(1, 7)) ** 2 / ((b - R(1, 7)) ** 2 + 1 / lam)
    found = substitutions(sp.Limit(body, lam, oo))
    assert {a: b} in found and {b: R(1, 7)} in found
    assert {a: R(1, 7), b: R(1, 7)} in found  # where both pieces meet


def test_a_piece_where_the_claim_is_undefined_says_nothing():
    assert undefined(sp.Integer(1) / (a - a), a)
    assert not undefined(sp.oo, a)


def test_exceptional_samples_are_exact_points_in_every_variables_domain():
    p, h, c = Var("p", Kind.PROBS, 3), Var("H", Kind.COUNT), Var("c", Kind.REAL)
    variables = (p, h, c)
    bases = samples(variables, 4, 0)
    found = exceptional_samples(
        variables, bases, [{p.symbols[0]: R(1, 9)}, {h.sym: 100}, {h.sym: R(1, 2)}, {c.sym: sp.sqrt(2)}]
    )
    on_simplex = [s for s in found if s.values["p"][0] == Fraction(1, 9)]
    assert on_simplex and all(sum(s.values["p"]) == 1 and min(s.values["p"]) > 0 for s in on_simplex)
    assert any(s.values["H"] == (Fraction(100),) for s in found)
    assert all(s.values["H"][0].denominator == 1 for s in found)  # H = 1/2 is no positive integer
    assert all(s.origin == "exceptional" for s in found)
    assert len(found) == len(on_simplex) + 2  # the irrational c = √2 is left to the proof
