"""E07: the second derivative of cross-entropy, the Hessian diag(s) - s sᵀ, and its covariance reading."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, General, Kind, Mutant, N, Point, Proof, Result, Step, Var, Vec
from checks.vocabulary import cross_entropy, derivative, diag, hessian, outer, softmax, softmax_at
from derivations._common import I, J, K, col

SOURCE = "000, 001 [1-1]–[1-2]"


def _loss(o: Var, y: Var) -> sp.Expr:
    return cross_entropy(y.symbols, list(softmax(o.symbols)))


def _hessian_reference(p: Point) -> np.ndarray:
    """∇²_o of the NumPy cross-entropy, by finite differences."""
    return ref.hessian(lambda v: ref.cross_entropy(p["y"], v), p["o"])


def _covariance_reference(p: Point) -> np.ndarray:
    """Cov(e_Y) for Y ~ softmax(o), from its definition Σ_k s_k (e_k - s)(e_k - s)ᵀ."""
    q = ref.softmax(p["o"])
    eye = np.eye(len(q))
    return np.asarray(sum(q[k] * np.outer(eye[k] - q, eye[k] - q) for k in range(len(q))))


def _second_derivative(n: int) -> Proof:
    o, y = Var("o", Kind.LOGITS, n), Var("y", Kind.LABELS, n)
    s = softmax(o.symbols)
    sum_y = sp.Add(*y.symbols)

    def reference(p: Point) -> np.ndarray:
        return np.diag(ref.hessian(lambda v: ref.cross_entropy(p["y"], v), p["o"]))

    return Proof(
        variables=(o, y),
        start=col([derivative(_loss(o, y), o[j], o[j]) for j in range(n)]),
        steps=(
            Step(
                col([sum_y * s[j] * (1 - s[j]) for j in range(n)]),
                "differentiate the gradient s_j Σ y - y_j once more: ∂s_j/∂o_j = s_j(1 - s_j)",
            ),
            Step(col([s[j] * (1 - s[j]) for j in range(n)]), "Σ y = 1", using=("Σ y = 1",)),
        ),
        reference=reference,
    )


def _hessian(n: int) -> Proof:
    o, y = Var("o", Kind.LOGITS, n), Var("y", Kind.LABELS, n)
    s = list(softmax(o.symbols))
    sum_y = sp.Add(*y.symbols)

    return Proof(
        variables=(o, y),
        start=hessian(_loss(o, y), o.symbols),
        steps=(
            Step(
                sp.ImmutableMatrix(n, n, lambda i, j: sum_y * s[i] * (sp.KroneckerDelta(i, j) - s[j])),
                "the Jacobian of the gradient s Σ y - y is Σ y times the softmax Jacobian",
            ),
            Step(
                diag(s) - outer(s, s),
                "Σ y = 1, then δ_ij s_i = diag(s) and s_i s_j = s sᵀ: no y left",
                using=("Σ y = 1",),
            ),
        ),
        reference=_hessian_reference,
    )


def _covariance(n: int) -> Proof:
    o = Var("o", Kind.LOGITS, n)
    s = list(softmax(o.symbols))
    basis = [sp.ImmutableMatrix([int(i == k) for i in range(n)]) for k in range(n)]
    mean = sp.ImmutableMatrix(s)
    centred = sp.ImmutableMatrix.zeros(n, n)
    for k in range(n):
        centred += s[k] * (basis[k] - mean) * (basis[k] - mean).T
    second_moment = sp.ImmutableMatrix.zeros(n, n)
    for k in range(n):
        second_moment += s[k] * basis[k] * basis[k].T

    return Proof(
        variables=(o,),
        start=sp.ImmutableMatrix(centred),
        steps=(
            Step(
                sp.ImmutableMatrix(second_moment - mean * mean.T),
                "Cov(e_Y) = E[e_Y e_Yᵀ] - E[e_Y] E[e_Y]ᵀ with E[e_Y] = Σ_k s_k e_k = s",
            ),
            Step(diag(s) - outer(s, s), "Σ_k s_k e_k e_kᵀ = diag(s): the Hessian of E07"),
        ),
        reference=_covariance_reference,
    )


def _indicator_variance(n: int) -> Proof:
    o = Var("o", Kind.LOGITS, n)
    s = softmax(o.symbols)

    def reference(p: Point) -> np.ndarray:
        q = ref.softmax(p["o"])
        # Var of a Bernoulli(q_j) indicator, from its definition E[(1[Y=j] - q_j)²].
        return q * (1 - q) ** 2 + (1 - q) * q**2

    return Proof(
        variables=(o,),
        start=col([s[j] * (1 - s[j]) ** 2 + (1 - s[j]) * (0 - s[j]) ** 2 for j in range(n)]),
        steps=(
            Step(col([s[j] - s[j] ** 2 for j in range(n)]), "E[1[Y=j]²] - E[1[Y=j]]² = s_j - s_j²"),
            Step(col([s[j] * (1 - s[j]) for j in range(n)]), "factor: the diagonal of the Hessian"),
        ),
        reference=reference,
    )


def _all_n_loss(o: Vec, y: Vec) -> sp.Expr:
    return -sp.Sum(y[K] * sp.log(softmax_at(o.base, K)), (K, 0, N - 1))


def _all_n_hessian() -> General:
    o, y = Vec("o", Kind.LOGITS), Vec("y", Kind.LABELS)
    s_i, s_j = softmax_at(o.base, I), softmax_at(o.base, J)

    return General(
        variables=(o, y),
        indices=(I, J),
        start=derivative(_all_n_loss(o, y), o[I], o[J]),
        steps=(
            Step(
                y.total() * s_i * (sp.KroneckerDelta(I, J) - s_j),
                "differentiate the gradient s_j Σ y - y_j once more: Σ y times the softmax Jacobian",
            ),
            Step(s_i * sp.KroneckerDelta(I, J) - s_i * s_j, "Σ y = 1: no y left", using=("Σ y = 1",)),
        ),
        reference=_hessian_reference,
    )


def _all_n_covariance() -> General:
    o = Vec("o", Kind.LOGITS)
    m = sp.Symbol("m", integer=True, nonnegative=True)
    s = lambda a: softmax_at(o.base, a)  # noqa: E731

    def e(k: sp.Expr, a: sp.Expr) -> sp.Expr:  # entry a of the basis vector e_k
        return sp.KroneckerDelta(k, a)

    return General(
        variables=(o,),
        indices=(I, J),
        start=sp.Sum(s(m) * (e(m, I) - s(I)) * (e(m, J) - s(J)), (m, 0, N - 1)),
        steps=(
            Step(
                sp.Sum(s(m) * e(m, I) * e(m, J), (m, 0, N - 1)) - s(I) * s(J),
                "Cov(e_Y) = E[e_Y e_Yᵀ] - E[e_Y] E[e_Y]ᵀ, E[e_Y] = Σ_m s_m e_m = s",
            ),
            Step(s(I) * sp.KroneckerDelta(I, J) - s(I) * s(J), "Σ_m s_m δ_mi δ_mj = s_i δ_ij: the Hessian"),
        ),
        reference=_covariance_reference,
    )


cross_entropy_second_derivative = Derivation(
    name="cross_entropy_second_derivative",
    exercise="E07",
    title="second derivative of cross-entropy",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="∂²L/∂o_j² = s_j(1 - s_j) (using Σ y = 1)",
    build=_second_derivative,
    dims=(2, 3, 4, 5),
    results=(
        Result(
            "second_derivative",
            quantity="diff(cross_entropy(y, softmax(o)), o[0], 2)",
            answer="softmax(o)[0]*(1 - softmax(o)[0])",
            vectors=("o:3", "y:3:labels"),
            mutants=(
                Mutant("softmax(o)[0]*(1 - softmax(o)[0]) - y[0]", "the Hessian does not depend on y"),
                Mutant("softmax(o)[0]", "the normaliser contributes -s_j²: ∂²L/∂o_j² = s_j(1 - s_j)"),
            ),
        ),
    ),
)
cross_entropy_hessian = Derivation(
    general=_all_n_hessian,
    name="cross_entropy_hessian",
    exercise="E07",
    title="Hessian of cross-entropy, independent of y",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="∇²L = diag(s) - s sᵀ, with no y (using Σ y = 1)",
    build=_hessian,
    dims=(2, 3, 4),
)
cross_entropy_hessian_covariance = Derivation(
    general=_all_n_covariance,
    name="cross_entropy_hessian_covariance",
    exercise="E07",
    title="the Hessian is the covariance of e_Y, Y ~ Categorical(s)",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="Cov(e_Y) = Σ_k s_k (e_k - s)(e_k - s)ᵀ = diag(s) - s sᵀ",
    build=_covariance,
    dims=(2, 3, 4),
)
cross_entropy_indicator_variance = Derivation(
    name="cross_entropy_indicator_variance",
    exercise="E07",
    title="entry jj is the variance of the indicator 1[Y = j]",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="Var(1[Y = j]) = s_j(1 - s_j) = ∂²L/∂o_j²",
    build=_indicator_variance,
)

DERIVATIONS = (
    cross_entropy_second_derivative,
    cross_entropy_hessian,
    cross_entropy_hessian_covariance,
    cross_entropy_indicator_variance,
)
