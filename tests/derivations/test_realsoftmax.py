"""E09: RealSoftMax and softmin; the sign-less [5-5] softmin, SymPy's wrong limit, a missing 1/λ."""

from __future__ import annotations

import pytest
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, Kind, Limit, Proof, Var
from checks.model.twins import with_limit_value, with_step
from derivations.realsoftmax import DERIVATIONS, realsoftmax_gap, realsoftmax_limit, softmin_bound
from tests.derivations.helpers import assert_refuted_at, assert_verified


@pytest.mark.parametrize("d", DERIVATIONS, ids=lambda d: d.name)
def test_every_realsoftmax_result_is_verified(d):
    assert_verified(d)


def test_the_sign_less_realsoftmin_of_5_5_is_refuted():
    twin = with_step(
        softmin_bound, 2, rel="=", expr=lambda p: sp.log(sp.exp(p.symbols[0]) + sp.exp(p.symbols[1]))
    )
    twin = with_step(twin, 1, rel="=", expr=lambda p: sp.log(sp.exp(p.symbols[0]) + sp.exp(p.symbols[1])))
    cex = assert_refuted_at(twin, 1)
    assert float(cex.left) == pytest.approx(-float(cex.right))  # -log 2 against log 2 at a = b = 0


def test_the_limit_sympy_gives_for_positive_a_b_is_refuted_numerically():
    # SymPy 1.14 returns b for this limit when a, b are positive symbols; the truth is max(a, b).
    a, b, lam = sp.symbols("a b lam", positive=True)
    assert sp.limit(sp.log(sp.exp(lam * a) + sp.exp(lam * b)) / lam, lam, sp.oo) == b
    twin = with_limit_value(realsoftmax_limit, lambda p: p.variables[1].sym)
    cex = assert_refuted_at(twin, 5)
    assert float(cex.left) > float(cex.right)


def test_a_limit_that_trusts_sympy_alone_is_refuted_by_the_sequence():
    def build(n: int) -> Proof:
        a, b, lam = Var("a", Kind.POSITIVE), Var("b", Kind.POSITIVE), Var("lam", Kind.POSITIVE)
        f = sp.log(sp.exp(lam.sym * a.sym) + sp.exp(lam.sym * b.sym)) / lam.sym
        return Proof(
            variables=(a, b, lam),
            start=f,
            steps=(),
            reference=lambda p: ref.real_softmax([float(p["a"]), float(p["b"])], float(p["lam"])),
            limit=Limit(lam.sym, sp.oo, b.sym),
        )

    trusting = Derivation(
        "trusting_sympy_limit",
        "E09",
        "sympy.limit alone",
        "tests",
        ClaimKind.LIMIT,
        "lim = b",
        build,
        dims=(),
    )
    cex = assert_refuted_at(trusting, 1)
    assert cex.point["a"] != cex.point["b"]


def test_a_missing_one_over_lambda_in_the_upper_bound_is_refuted():
    twin = with_step(realsoftmax_limit, 4, expr=lambda p: sp.Max(*p.symbols[:2]) + sp.log(2))
    assert_refuted_at(twin, 4)


def test_a_gap_bound_of_log_2_over_2_is_refuted_at_a_tie():
    twin = with_step(realsoftmax_gap, 2, expr=lambda p: sp.log(2) / 2, rel="<=")
    cex = assert_refuted_at(twin, 2)
    assert cex.point["a"] == cex.point["b"] or float(cex.left) > float(cex.right)
