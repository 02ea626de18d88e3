"""Case splits: each split's cases, and the claims they prove (never a false one)."""

from __future__ import annotations

import sympy as sp

from checks.prove.cases import split
from checks.prove.domains import UNIT_OPEN
from checks.prove.sign import prove_relation, prove_relation_by_pieces

a, b, c, x = sp.symbols("a b c x", real=True)
p, q = sp.symbols("p q", positive=True)
H = sp.Symbol("H", integer=True, positive=True)


def _proved(left: sp.Expr, rel: str, right: sp.Expr, ranges: dict | None = None) -> str | None:
    """As the claim checker does: the ladders first, then proofs by pieces."""
    outcome = prove_relation(left, rel, right, {}, 10.0)
    if outcome.proved is True:
        return outcome.method
    found = prove_relation_by_pieces(left, rel, right, {}, 10.0, ranges)
    return found.method if found is not None else None


def test_max_plus_min_is_the_sum_by_a_case_split():
    method = _proved(sp.Max(a, b) + sp.Min(a, b), "=", a + b)
    assert method is not None and method.startswith("case split on Max/Min")


def test_positive_part_minus_negative_part_is_the_number():
    assert _proved(sp.Max(a, 0) - sp.Max(-a, 0), "=", a) is not None


def test_the_triangle_inequality_is_proved_on_the_signs_of_a_b_and_their_sum():
    # (The sign prover's lemma library proves it first; the split proves it on its own too.)
    found = prove_relation_by_pieces(sp.Abs(a + b), "<=", sp.Abs(a) + sp.Abs(b), {}, 10.0)
    assert found is not None and found.method is not None and "case split on Abs" in found.method


def test_the_reverse_triangle_inequality_and_three_points_are_proved():
    assert _proved(sp.Abs(sp.Abs(a) - sp.Abs(b)), "<=", sp.Abs(a - b)) is not None
    assert _proved(sp.Abs(a - b), "<=", sp.Abs(a - c) + sp.Abs(c - b)) is not None


def test_sign_splits_into_three_cases_with_zero_its_own():
    found = split(sp.sign(x) + 1, None)
    assert found is not None and found.on == "case split on sign"
    assert sorted(sp.sstr(case) for case in found.cases) == ["0", "1", "2"]  # x < 0, x = 0, x > 0
    assert _proved(sp.sign(x) * x, "=", sp.Abs(x)) is not None
    assert _proved(sp.sign(x - 1), "<=", 1) is not None


def test_floor_of_minus_x_is_minus_ceiling_by_integer_and_fractional_parts():
    method = _proved(sp.floor(-x), "=", -sp.ceiling(x))
    assert method is not None and method.startswith("case split on floor/ceiling")


def test_hermite_identity_for_two_is_proved_on_the_halves_of_the_unit_interval():
    assert _proved(sp.floor(x) + sp.floor(x + sp.Rational(1, 2)), "=", sp.floor(2 * x)) is not None


def test_an_integer_variable_takes_only_the_fractions_j_over_m():
    found = split(sp.floor(H / 2) + sp.ceiling(H / 2) - H, None)
    assert found is not None and len(found.cases) == 2  # H = 2k and H = 2k + 1
    assert _proved(sp.floor(H / 2) + sp.ceiling(H / 2), "=", H) is not None
    assert _proved(sp.floor(x / 2) + sp.ceiling(x / 2), "=", x) is None  # false for x = 1/2


def test_positive_variables_are_cut_without_leaving_their_half_line():
    assert _proved(sp.Max(p, q), "<=", p + q) is not None
    assert _proved(sp.Min(p, q), ">=", p * q / (p + q)) is not None


def test_a_bounded_variable_is_cut_at_a_rational_point_of_its_range():
    assert _proved(sp.Abs(2 * p - 1), "<", 1, {p: UNIT_OPEN}) is not None
    assert _proved(sp.Abs(2 * p - 1), "<", 1) is None  # p = 2 is positive too


def test_false_variants_are_never_proved():
    assert _proved(sp.Max(a, b) + sp.Min(a, b), "=", a + b + 1) is None
    assert _proved(sp.Abs(a + b), "<=", sp.Abs(a)) is None
    assert _proved(sp.floor(-x), "=", -sp.floor(x)) is None
    assert _proved(sp.Max(a, b) - sp.Min(a, b), "=", a - b) is None
    assert _proved(sp.floor(2 * x), "=", 2 * sp.floor(x)) is None
    assert _proved(sp.ceiling(x) - sp.floor(x), "<", 1) is None  # 1 off the integers


def test_a_split_whose_condition_cannot_be_cut_exactly_is_not_made():
    # Not on Abs: only the last resort, the sign of a real variable, is left.
    assert split(sp.Abs(a * b - 1) - 1, None).on == "case split on the sign of a"
    assert split(sp.Abs(p * q - 1) - 1, None) is None  # p, q > 0: not even that


def test_a_condition_with_linear_factors_is_cut_on_one_then_known():
    found = split(sp.Max(a**2, b**2) - a * b, None)
    assert found is not None and len(found.cases) == 2  # a**2 - b**2 = (a - b)(a + b): on a - b
    assert _proved(sp.Max(a**2, b**2), ">=", a * b) is not None
    assert _proved(sp.Max(a**2, b**2), ">=", 2 * a * b) is None  # a = b = 1


def test_a_quotient_condition_is_cut_on_its_numerator():
    X0, X1, X2 = sp.symbols("X0:3", positive=True)
    total = X0 + X1 + X2
    assert _proved(sp.Max(X0 / total, X1 / total, X2 / total), ">=", sp.Rational(1, 3)) is not None
    assert _proved(sp.Max(X0 / total, X1 / total, X2 / total), ">=", sp.Rational(1, 2)) is None


def test_a_real_variable_is_split_on_its_sign_when_nothing_else_applies():
    found = split(x * sp.tanh(x), None)
    assert found is not None and found.on == "case split on the sign of x" and len(found.cases) == 2
    assert _proved(x * sp.tanh(x), ">=", 0) is not None
    assert _proved(x * sp.tanh(x), ">", 0) is None  # 0 at x = 0
