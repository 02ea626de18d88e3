"""E08: LogSumExp; the [6-1] inference "positive diagonal ⇒ convex" and the sign-less [6-4] line refuted."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from checks.model import ClaimKind, Derivation, Kind, Proof, Step, Var
from checks.model.twins import with_step
from checks.vocabulary import diag, softmax
from derivations.logsumexp import (
    DERIVATIONS,
    logsumexp_convex,
    logsumexp_stable_example,
    logsumexp_translation,
    logsumexp_upper_bound,
)
from tests.derivations.helpers import assert_refuted_at, assert_verified


@pytest.mark.parametrize("d", DERIVATIONS, ids=lambda d: d.name)
def test_every_logsumexp_result_is_verified(d):
    assert_verified(d)


def _positive_diagonal(n: int) -> Proof:
    # 001 [6-1] argues: the diagonal entries are positive, thus the matrix is PSD. A symmetric
    # matrix with positive diagonal need not be: take [[p, c], [c, q]].
    p, q, c, v = (
        Var("p", Kind.POSITIVE),
        Var("q", Kind.POSITIVE),
        Var("c", Kind.REAL),
        Var("v", Kind.DIRECTION, 2),
    )
    a = sp.ImmutableMatrix([[p.sym, c.sym], [c.sym, q.sym]])
    quad = (v.vector.T * a * v.vector)[0, 0]

    def reference(pt):  # type: ignore[no-untyped-def]
        m = np.array([[pt["p"], pt["c"]], [pt["c"], pt["q"]]], dtype=float)
        return float(pt["v"] @ m @ pt["v"])

    return Proof(
        variables=(p, q, c, v),
        start=quad,
        steps=(Step(sp.Integer(0), "the diagonal entries p and q are positive", rel=">="),),
        reference=reference,
    )


positive_diagonal_implies_psd = Derivation(
    name="positive_diagonal_implies_psd",
    exercise="E08",
    title="[6-1]: positive diagonal ⇒ PSD",
    source="001 [6-1]",
    kind=ClaimKind.PSD,
    statement="vᵀAv ≥ 0 when A's diagonal is positive",
    build=_positive_diagonal,
    dims=(),
)


def test_positive_diagonal_does_not_make_a_matrix_positive_semidefinite():
    cex = assert_refuted_at(positive_diagonal_implies_psd, 1)
    assert float(cex.left) < 0


def test_the_diagonal_of_the_hessian_alone_does_not_give_the_quadratic_form():
    def diagonal_only(p):
        x, v = p.variables
        s = list(softmax(x.symbols))
        return (v.vector.T * diag(s) * v.vector)[0, 0]

    assert_refuted_at(with_step(logsumexp_convex, 1, expr=diagonal_only), 1)


def test_the_sign_less_stable_line_of_6_4_is_refuted():
    e = sp.exp
    twin = with_step(logsumexp_stable_example, 2, expr=lambda p: 100 + sp.log(e(99) + e(98) + 1))
    cex = assert_refuted_at(twin, 2)
    assert float(cex.right) > 190 and float(cex.left) == pytest.approx(100.0)


def test_translation_by_b_times_n_is_refuted():
    def wrong(p):
        x, b = p.variables
        return len(x) * b.sym + sp.log(sp.Add(*[sp.exp(xi) for xi in x.symbols]))

    assert_refuted_at(with_step(logsumexp_translation, 2, expr=wrong), 2)


def test_an_upper_bound_without_log_n_is_refuted_at_a_tie():
    twin = with_step(logsumexp_upper_bound, 2, expr=lambda p: sp.Max(*p.symbols))
    cex = assert_refuted_at(twin, 2)
    assert cex.point["x"] == "(0, 0)"
