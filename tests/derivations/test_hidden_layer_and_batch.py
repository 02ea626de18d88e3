"""E15 and E16: backpropagation and batch softmax regression; the 004 Q4 parameter count refuted."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.engine.verify import verify
from checks.model.result import Verdict
from checks.model.twins import with_general_step, with_step
from checks.vocabulary import diag
from derivations.batch_regression import DERIVATIONS as BATCH
from derivations.batch_regression import (
    K,
    M,
    batch_gradient_b,
    batch_gradient_w,
    batch_hessian_singular,
    batch_overparameterisation,
)
from derivations.hidden_layer import DERIVATIONS as HIDDEN
from derivations.hidden_layer import (
    H,
    hidden_layer_grad_b1,
    hidden_layer_grad_b2,
    hidden_layer_grad_w2,
    hidden_layer_parameter_count,
)
from tests.derivations.helpers import assert_refuted_at, assert_verified


@pytest.mark.parametrize("d", HIDDEN + BATCH, ids=lambda d: d.name)
def test_every_network_and_batch_result_is_verified(d):
    assert_verified(d)


def test_the_parameter_count_h_of_004_q4_is_refuted_with_the_smallest_network():
    twin = with_step(hidden_layer_parameter_count, 1, expr=lambda p: p.variables[1].sym)
    cex = assert_refuted_at(twin, 1)
    assert cex.point == {"D_x": "1", "H": "2", "D_y": "3"} or (float(cex.left), float(cex.right)) != (
        1.0,
        1.0,
    )
    assert float(cex.left) > float(cex.right)


def test_y_minus_yhat_for_delta2_is_refuted():
    def wrong(p):
        return -p.steps[1].expr

    assert_refuted_at(with_step(hidden_layer_grad_b2, 2, expr=wrong), 2)


def test_delta1_without_the_sigmoid_derivative_is_refuted():
    from derivations.hidden_layer import DY, _net

    def no_sigma_prime(p):
        net = _net()
        return sp.ImmutableMatrix(
            [sp.Add(*[net.delta2[k] * net.w2[j, k] for k in range(DY)]) for j in range(H)]
        )

    assert_refuted_at(with_step(hidden_layer_grad_b1, 2, expr=no_sigma_prime), 2)


def test_delta2_h_transposed_instead_of_h_transposed_delta2_is_refuted():
    # With H = D_y the shapes agree, so only the values can tell the slip apart.
    cex = assert_refuted_at(with_step(hidden_layer_grad_w2, 2, expr=lambda p: p.steps[1].expr.T), 2)
    assert cex.entry is not None


def test_the_gradient_with_the_sign_of_p_minus_y_flipped_is_refuted():
    assert_refuted_at(with_step(batch_gradient_w, 2, expr=lambda p: -p.steps[1].expr), 2)


def test_the_gradient_without_one_over_m_is_refuted():
    assert_refuted_at(with_step(batch_gradient_w, 2, expr=lambda p: M * p.steps[1].expr), 2)


def test_the_all_n_batch_gradient_without_one_over_m_is_refuted_at_a_concrete_number_of_classes():
    twin = with_general_step(batch_gradient_w, 3, expr=lambda g: M * g.steps[2].expr)
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED and result.scope != "all n"
    cex = result.counterexample
    assert cex is not None and cex.n == 2 and cex.entry == "j = 0"  # at n = 1, p = y = 1


def test_the_all_n_batch_gradient_with_the_feature_columns_swapped_is_refuted():
    def swapped(g):
        x = {v.name: v.sym for v in g.variables if v.name.startswith("X")}
        swap = {x["X00"]: x["X01"], x["X01"]: x["X00"], x["X10"]: x["X11"], x["X11"]: x["X10"]}
        return g.steps[2].expr.xreplace(swap)

    result = verify(with_general_step(batch_gradient_w, 3, expr=swapped))
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.n == 2


def test_an_all_n_weight_gradient_wrong_only_in_the_second_column_is_refuted():
    def second_column_wrong(g):  # x_i0 where x_i1 belongs: column 0 stays right
        x = {v.name: v.sym for v in g.variables if v.name.startswith("X")}
        t = next(v.sym for v in g.variables if v.name == "t")
        expr = g.steps[2].expr
        return expr.subs(t * x["X01"], t * x["X00"]).subs(t * x["X11"], t * x["X10"])

    general = batch_gradient_w.general
    assert general is not None
    proof = general()
    t = proof.variables[-1].sym
    right, wrong = sp.expand(proof.steps[2].expr), sp.expand(second_column_wrong(proof))
    assert wrong != right and wrong.coeff(t, 0) == right.coeff(t, 0)  # column 0 untouched
    result = verify(with_general_step(batch_gradient_w, 3, expr=second_column_wrong))
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.point["t"] != "0"


def test_the_all_n_bias_gradient_refuses_sum_y_equals_one_when_it_is_not_cited():
    result = verify(with_general_step(batch_gradient_b, 3, using=()))
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and "does not cite" in (result.counterexample.note or "")


def test_scaling_the_weights_is_not_an_invariance():
    def scaled(p):
        from checks.vocabulary import softmax

        w, b, x, _c = p.variables
        wm = sp.ImmutableMatrix(K, len(x), w.symbols)
        return softmax(list(2 * wm * x.vector + b.vector))

    assert_refuted_at(with_step(batch_overparameterisation, 2, expr=scaled), 2)


def test_a_hessian_without_the_p_p_transpose_term_is_not_singular():
    def diag_only(p):
        from derivations.batch_regression import _batch

        bt = _batch()
        return sp.ImmutableMatrix([sum(diag(bt.p[0])[k, k] for k in range(K))] * len(p.steps[0].expr))

    assert_refuted_at(with_step(batch_hessian_singular, 1, expr=diag_only), 1)
