"""E05–E07: gradient s - y, the LogSumExp rewrite, the Hessian and its covariance reading.

Each holds the known wrong answer "dropping Σ y = 1 and still claiming s - y" as a twin that
must be refuted at the step that silently uses it, with a counterexample off the simplex.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from checks.model.twins import with_step
from checks.vocabulary import diag, softmax
from derivations._common import col
from derivations.cross_entropy_gradient import cross_entropy_gradient
from derivations.cross_entropy_hessian import (
    cross_entropy_hessian,
    cross_entropy_hessian_covariance,
    cross_entropy_indicator_variance,
    cross_entropy_second_derivative,
)
from derivations.cross_entropy_rewrite import cross_entropy_rewrite
from tests.derivations.helpers import assert_refuted_at, assert_verified


def _sum(point: str) -> Fraction:
    return sum((Fraction(v) for v in point.strip("()").split(", ")), Fraction(0))


def test_the_cross_entropy_gradient_is_s_minus_y():
    assert_verified(cross_entropy_gradient)


def test_dropping_sum_y_and_still_claiming_s_minus_y_is_refuted_at_that_step():
    cex = assert_refuted_at(with_step(cross_entropy_gradient, 3, using=()), 3)
    assert cex.note is not None and "Σ y = 1" in cex.note
    assert _sum(cex.point["y"]) != 1


def test_a_sign_slip_y_minus_s_is_refuted():
    def wrong(p):
        x, y = p.variables
        s = softmax(x.symbols)
        return col([y[j] - s[j] for j in range(len(x))])

    cex = assert_refuted_at(with_step(cross_entropy_gradient, 3, expr=wrong), 3)
    assert cex.n == 2


def test_an_index_slip_in_the_chain_rule_is_refuted_at_the_first_step():
    def wrong(p):
        x, y = p.variables
        s = softmax(x.symbols)
        n = len(x)
        return col([-sp.Add(*[y[i] * (sp.KroneckerDelta(i, j) - s[i]) for i in range(n)]) for j in range(n)])

    assert_refuted_at(with_step(cross_entropy_gradient, 1, expr=wrong), 1)


def test_the_rewrite_as_logsumexp_is_verified():
    assert_verified(cross_entropy_rewrite)


def test_the_rewrite_without_citing_sum_y_is_refuted_off_the_simplex():
    cex = assert_refuted_at(with_step(cross_entropy_rewrite, 3, using=()), 3)
    assert _sum(cex.point["y"]) != 1


def test_sum_of_logits_for_log_sum_exp_is_refuted():
    def wrong(p):
        o, y = p.variables
        return sp.Add(*o.symbols) - sp.Add(*[y[j] * o[j] for j in range(len(o))])

    assert_refuted_at(with_step(cross_entropy_rewrite, 3, expr=wrong), 3)


def test_the_second_derivative_hessian_and_covariance_are_verified():
    for d in (
        cross_entropy_second_derivative,
        cross_entropy_hessian,
        cross_entropy_hessian_covariance,
        cross_entropy_indicator_variance,
    ):
        assert_verified(d)


def test_the_hessian_without_sum_y_is_refuted_because_it_would_depend_on_y():
    cex = assert_refuted_at(with_step(cross_entropy_hessian, 2, using=()), 2)
    assert _sum(cex.point["y"]) != 1


def test_diag_s_alone_is_not_the_hessian():
    def diag_only(p):
        o, _ = p.variables
        return diag(list(softmax(o.symbols)))

    cex = assert_refuted_at(with_step(cross_entropy_hessian, 2, expr=diag_only), 2)
    assert cex.entry is not None


def test_the_published_variance_formula_is_not_the_second_derivative():
    # 001 [1-2]: "the variance is Σ_i s_i (s_i - 1/q)²" — refuted against s_j(1 - s_j).
    def published(p):
        (o,) = p.variables
        s = softmax(o.symbols)
        q = len(o)
        variance = sp.Add(*[s[i] * (s[i] - sp.Rational(1, q)) ** 2 for i in range(q)])
        return col([variance] * q)

    cex = assert_refuted_at(with_step(cross_entropy_indicator_variance, 2, expr=published), 2)
    assert cex.point == {"o": "(0, 0)"} and float(cex.left) == 0.25 and float(cex.right) == 0.0
