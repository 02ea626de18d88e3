"""The symbolic ladder: what it proves, what it refuses, and how it records the strategy."""

from __future__ import annotations

import sympy as sp

from checks.numeric.certify import exactly_equal_at
from checks.prove.ladder import RING_METHOD, evaluate_definitions, prove_equal
from checks.prove.sign import prove_relation

x0, x1, x2 = sp.symbols("x0:3", real=True)
a, b = sp.symbols("a b", real=True)
lam = sp.Symbol("lam", positive=True)
y0, y1 = sp.symbols("y0 y1", nonnegative=True)


def _softmax0() -> sp.Expr:
    return sp.exp(x0) / (sp.exp(x0) + sp.exp(x1) + sp.exp(x2))


def test_a_quotient_rule_step_is_proved_by_the_cheapest_strategy():
    s0 = _softmax0()
    outcome = prove_equal(evaluate_definitions(sp.Derivative(s0, x0)), s0 * (1 - s0), {}, 5.0)
    assert outcome.proved is True
    assert outcome.method == RING_METHOD


def test_a_shift_inside_exp_is_proved():
    c = sp.Symbol("c", real=True)
    shifted = sp.exp(x0 + c) / (sp.exp(x0 + c) + sp.exp(x1 + c))
    assert prove_equal(shifted, sp.exp(x0) / (sp.exp(x0) + sp.exp(x1)), {}, 5.0).proved is True


def test_a_wrong_identity_is_not_proved_and_leaves_a_residual():
    s0 = _softmax0()
    outcome = prove_equal(s0 * (1 - s0), s0 * (1 + s0), {}, 5.0)
    assert outcome.proved is not True
    assert outcome.residual is not None and outcome.residual != 0


def test_a_nonzero_constant_difference_is_proven_false():
    assert prove_equal(sp.log(sp.exp(a)), a + 1, {}, 5.0).proved is False


def test_a_substitution_is_applied_only_when_given():
    lhs, rhs = x0 * (y0 + y1), x0
    assert prove_equal(lhs, rhs, {}, 5.0).proved is not True
    assert prove_equal(lhs, rhs, {y1: 1 - y0}, 5.0).proved is True


def test_matrices_are_compared_entrywise_and_shapes_must_match():
    m = sp.ImmutableMatrix([[x0, 0], [0, x1]])
    assert prove_equal(m, sp.ImmutableMatrix(sp.diag(x0, x1)), {}, 5.0).proved is True
    assert prove_equal(m, sp.ImmutableMatrix([x0, x1]), {}, 5.0).proved is False


def test_logsumexp_exceeds_the_max_by_a_case_split():
    outcome = prove_relation(sp.log(sp.exp(a) + sp.exp(b)), ">", sp.Max(a, b), {}, 5.0)
    assert outcome.proved is True


def test_realsoftmax_upper_bound_is_proved_through_monotone_functions():
    f = sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam
    outcome = prove_relation(f, "<=", sp.Max(a, b) + sp.log(2) / lam, {}, 5.0)
    assert outcome.proved is True


def test_a_false_inequality_is_not_proved():
    outcome = prove_relation(sp.log(sp.exp(a) + sp.exp(b)), "<", sp.Max(a, b), {}, 5.0)
    assert outcome.proved is not True


def test_a_sum_of_weighted_squares_is_nonnegative_by_assumptions():
    v0, v1 = sp.symbols("v0 v1", real=True)
    s0 = sp.exp(x0) / (sp.exp(x0) + sp.exp(x1))
    outcome = prove_relation(s0 * (v0 - v1) ** 2, ">=", 0, {}, 5.0)
    assert outcome.proved is True and outcome.method is not None


def test_a_zero_budget_times_out_instead_of_guessing():
    outcome = prove_equal(
        _softmax0() * 2, 2 * _softmax0() + x0 - x0 + sp.sin(x1) ** 2 + sp.cos(x1) ** 2 - 1, {}, 0.0
    )
    assert outcome.proved is None
    assert any("timed out" in t for t in outcome.tried)


def test_logsumexp_translation_is_proved_by_splitting_logs_not_by_simplify():
    lhs = sp.log(sp.exp(a + x0) + sp.exp(a + x1))
    rhs = a + sp.log(sp.exp(x0) + sp.exp(x1))
    outcome = prove_equal(lhs, rhs, {}, 5.0)
    assert outcome.proved is True
    assert outcome.method == "expand_log + exp as rational function"


def test_logsumexp_translation_with_the_wrong_shift_is_not_proved():
    lhs = sp.log(sp.exp(a + x0) + sp.exp(a + x1))
    assert prove_equal(lhs, 2 * a + sp.log(sp.exp(x0) + sp.exp(x1)), {}, 5.0).proved is not True


def test_x_log_x_over_y_is_at_least_x_minus_y_by_the_lower_bound_of_log():
    x, y = sp.symbols("x y", positive=True)
    assert prove_relation(x * sp.log(x / y), ">=", x - y, {}, 5).proved is True
    assert prove_relation(x * sp.log(x / y), ">=", x - y + sp.Rational(1, 10), {}, 5).proved is not True


def test_a_constraint_substituted_after_the_bounds_proves_gibbs_inequality():
    p0, p1, q0, q1 = sp.symbols("p0 p1 q0 q1", positive=True)
    kl = p0 * sp.log(p0 / q0) + p1 * sp.log(p1 / q1)
    on_simplex = {p1: 1 - p0, q1: 1 - q0}
    assert prove_relation(kl, ">=", 0, on_simplex, 5).proved is not True  # 1 - p0 > 0 is unknown
    late = prove_relation(kl, ">=", 0, on_simplex, 5, late=True)
    assert late.proved is True and "bound" in (late.method or "")
    assert prove_relation(kl, ">=", 0, {}, 5, late=True).proved is not True  # needs Σ = 1


def test_an_exact_tie_is_seen_only_where_the_sides_are_exactly_equal():
    z, p, q = sp.symbols("z p q", positive=True)
    sigmoid = 1 / (1 + sp.exp(-z))
    assert not exactly_equal_at(sigmoid, sp.Integer(1), {z: sp.Integer(500)})
    assert exactly_equal_at(p * sp.log(p / q), sp.Integer(0), {p: sp.Rational(1, 3), q: sp.Rational(1, 3)})
    assert exactly_equal_at(sp.ImmutableMatrix([z, 2 * z]), sp.ImmutableMatrix([1, 2]), {z: sp.Integer(1)})
    assert not exactly_equal_at(
        sp.ImmutableMatrix([z, 2 * z]), sp.ImmutableMatrix([1, 3]), {z: sp.Integer(1)}
    )
    assert not exactly_equal_at(sp.Limit(1 / z, z, sp.oo), sp.Integer(0), {})


def test_a_constant_is_spread_over_sum_p_only_with_the_constraint():
    p = sp.symbols("p0:3", positive=True)
    gap = sp.log(3) + sum(pi * sp.log(pi) for pi in p)  # log 3 - entropy(p)
    on_simplex = {p[2]: 1 - p[0] - p[1]}
    proved = prove_relation(gap, ">=", 0, on_simplex, 5, late=True)
    assert proved.proved is True and proved.method == "spread constants over Σ = 1, combine logs"
    assert prove_relation(gap, ">=", 0, {}, 5).proved is not True  # false off the simplex (p = 1, 1, 1)
    assert prove_relation(gap - sp.Rational(1, 100), ">=", 0, on_simplex, 5, late=True).proved is not True


def test_exponentials_of_complex_arguments_are_never_ordered_by_their_exponents():
    # exp(1 + ix)/2 + exp(-ix)/2 is complex: "cos x < it" means nothing, and is not proved.
    x = sp.Symbol("x", real=True)
    left = sp.exp(sp.I * x) / 2 + sp.exp(-sp.I * x) / 2
    right = sp.exp(1 + sp.I * x) / 2 + sp.exp(-sp.I * x) / 2
    assert prove_relation(left, "<", right, {}, 10).proved is not True
    # Real exponents keep the monotone peel: e^{x} < e^{x + 1}.
    assert prove_relation(sp.exp(x), "<", sp.exp(x + 1), {}, 10).proved is True
