"""E16: softmax regression on a batch: gradients (1/m)(P - Y)ᵀX, the Kronecker Hessian, PSD, and why
it is singular (over-parameterisation)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, General, Kind, N, Point, Proof, Step, Var, Vec
from checks.vocabulary import derivative, diag, outer, softmax
from derivations._common import J, col, family
from derivations._common import K as C

SOURCE = "002"
M, K, D = 2, 2, 2  # examples, classes, features


@dataclass(frozen=True)
class _Batch:
    variables: tuple[Var, ...]
    w: sp.ImmutableMatrix  # K × D, rows are classes
    b: list[sp.Symbol]
    x: sp.ImmutableMatrix  # M × D, rows are examples
    y: list[list[sp.Symbol]]  # M label vectors
    p: list[list[sp.Expr]]  # M probability vectors
    loss: sp.Expr

    def sums(self) -> list[sp.Expr]:
        return [sp.Add(*row) for row in self.y]


def _batch() -> _Batch:
    w, b, x = Var("W", Kind.REAL, K * D), Var("b", Kind.REAL, K), Var("X", Kind.REAL, M * D)
    ys = [Var(f"y{i}", Kind.LABELS, K) for i in range(M)]
    wm, xm = sp.ImmutableMatrix(K, D, w.symbols), sp.ImmutableMatrix(M, D, x.symbols)
    probs = [list(softmax(list(wm * xm[i, :].T + b.vector))) for i in range(M)]
    loss = -sp.Rational(1, M) * sp.Add(*[ys[i][k] * sp.log(probs[i][k]) for i in range(M) for k in range(K)])
    return _Batch((w, b, x, *ys), wm, list(b.symbols), xm, [list(v.symbols) for v in ys], probs, loss)


def _numpy_loss(p: Point, w: np.ndarray | None = None) -> object:
    weights = (p["W"] if w is None else w).reshape(K, D)
    xs = p["X"].reshape(M, D)
    return sum(ref.cross_entropy(p[f"y{i}"], weights @ xs[i] + p["b"]) for i in range(M)) / M


SUMS = tuple(f"Σ y{i} = 1" for i in range(M))


def _grad_w(n: int) -> Proof:
    bt = _batch()
    raw = [[bt.p[i][k] * bt.sums()[i] - bt.y[i][k] for k in range(K)] for i in range(M)]
    diff = sp.ImmutableMatrix(M, K, lambda i, k: bt.p[i][k] - bt.y[i][k])

    def reference(p: Point) -> np.ndarray:
        return ref.gradient(lambda v: _numpy_loss(p, v), p["W"]).reshape(K, D)

    return Proof(
        variables=bt.variables,
        start=sp.ImmutableMatrix(K, D, [derivative(bt.loss, bt.w[k, j]) for k in range(K) for j in range(D)]),
        steps=(
            Step(
                sp.ImmutableMatrix(
                    K, D, lambda k, j: sp.Add(*[raw[i][k] * bt.x[i, j] for i in range(M)]) / M
                ),
                "chain rule per example: ∂J_i/∂o_ik = p_ik Σ y_i - y_ik, ∂o_ik/∂W_kj = x_ij",
            ),
            Step(
                sp.ImmutableMatrix(diff.T * bt.x / M),
                "Σ y_i = 1 for every example: (1/m)(P - Y)ᵀX",
                using=SUMS,
            ),
        ),
        reference=reference,
    )


def _grad_b(n: int) -> Proof:
    bt = _batch()

    def reference(p: Point) -> np.ndarray:
        return ref.gradient(lambda v: _numpy_loss({**p, "b": v}), p["b"])

    return Proof(
        variables=bt.variables,
        start=col([derivative(bt.loss, bk) for bk in bt.b]),
        steps=(
            Step(
                col(
                    [
                        sp.Add(*[bt.p[i][k] * bt.sums()[i] - bt.y[i][k] for i in range(M)]) / M
                        for k in range(K)
                    ]
                ),
                "∂o_ik/∂b_k = 1",
            ),
            Step(
                col([sp.Add(*[bt.p[i][k] - bt.y[i][k] for i in range(M)]) / M for k in range(K)]),
                "Σ y_i = 1: (1/m) Σ_i (p_i - y_i)",
                using=SUMS,
            ),
        ),
        reference=reference,
    )


# -- for every number of classes n (m = 2 examples, D = 2 features, as above) -------------


@dataclass(frozen=True)
class _BatchN:
    """The batch with n classes: W by its columns (one Vec per feature), b, X scalars, y_i."""

    variables: tuple[Var | Vec, ...]
    columns: tuple[Vec, ...]  # W[:, d] for each feature d
    b: Vec
    x: tuple[tuple[sp.Symbol, ...], ...]  # x[i][d]
    y: tuple[Vec, ...]

    def logit(self, i: int, c: sp.Expr) -> sp.Expr:
        return sp.Add(*[self.columns[d][c] * self.x[i][d] for d in range(D)]) + self.b[c]

    def prob(self, i: int, c: sp.Expr) -> sp.Expr:
        k = sp.Dummy("k", integer=True, nonnegative=True)
        return sp.exp(self.logit(i, c)) / sp.Sum(sp.exp(self.logit(i, k)), (k, 0, N - 1))

    def loss(self) -> sp.Expr:
        per_example = [sp.Sum(self.y[i][C] * sp.log(self.prob(i, C)), (C, 0, N - 1)) for i in range(M)]
        return -sp.Rational(1, M) * sp.Add(*per_example)


def _batch_n() -> _BatchN:
    columns = tuple(Vec(f"W{d}", Kind.REAL) for d in range(D))
    b = Vec("b", Kind.REAL)
    xs = tuple(tuple(Var(f"X{i}{d}", Kind.REAL) for d in range(D)) for i in range(M))
    ys = tuple(Vec(f"y{i}", Kind.LABELS) for i in range(M))
    x_syms = tuple(tuple(v.sym for v in row) for row in xs)
    return _BatchN((*columns, b, *(v for row in xs for v in row), *ys), columns, b, x_syms, ys)


def _numpy_loss_n(p: Point, columns: list[np.ndarray], b: np.ndarray) -> object:
    w = np.stack(columns, axis=1)  # n × D
    xs = np.array([[p[f"X{i}{d}"] for d in range(D)] for i in range(M)], dtype=float)
    return sum(ref.cross_entropy(p[f"y{i}"], w @ xs[i] + b) for i in range(M)) / M


def _chain_rule_steps(bt: _BatchN, weight: list[sp.Expr], what: str) -> tuple[Step, ...]:
    """∂J/∂θ_j where ∂o_ij/∂θ_j = weight[i], to (1/m) Σ_i (p_ij - y_ij) weight[i]."""
    per_example = [
        -sp.Sum(bt.y[i][C] * (sp.KroneckerDelta(C, J) - bt.prob(i, J)), (C, 0, N - 1)) * weight[i]
        for i in range(M)
    ]
    collected = [(bt.prob(i, J) * bt.y[i].total() - bt.y[i][J]) * weight[i] for i in range(M)]
    final = [(bt.prob(i, J) - bt.y[i][J]) * weight[i] for i in range(M)]
    return (
        Step(
            sp.Add(*per_example) / M,
            f"chain rule per example: ∂ log p_ic/∂o_ij = δ_cj - p_ij, {what}",
        ),
        Step(sp.Add(*collected) / M, "Σ_c y_ic δ_cj = y_ij (δ-contraction); p_ij out of Σ"),
        Step(sp.Add(*final) / M, "Σ y_i = 1 for every example", using=SUMS),
    )


def _grad_w_all_n() -> General:
    """Both columns at once: ∂J/∂W_j0 + t ∂J/∂W_j1 for a free real t. Proved as an identity in
    t, it gives each column (the coefficients of 1 and t) and so every entry of ∇_W J."""
    bt = _batch_n()
    t = Var("t", Kind.REAL)

    def reference(p: Point) -> np.ndarray:
        w0, w1 = p["W0"], p["W1"]
        col0 = ref.gradient(lambda v: _numpy_loss_n(p, [v, w1], p["b"]), w0)
        col1 = ref.gradient(lambda v: _numpy_loss_n(p, [w0, v], p["b"]), w1)
        return np.asarray(col0 + float(p["t"]) * col1)

    loss = bt.loss()
    return General(
        variables=(*bt.variables, t),
        indices=(J,),
        start=derivative(loss, bt.columns[0][J]) + t.sym * derivative(loss, bt.columns[1][J]),
        steps=_chain_rule_steps(
            bt,
            [bt.x[i][0] + t.sym * bt.x[i][1] for i in range(M)],
            "∂o_ij/∂W_j0 = x_i0, ∂o_ij/∂W_j1 = x_i1",
        ),
        reference=reference,
    )


def _grad_b_all_n() -> General:
    bt = _batch_n()

    def reference(p: Point) -> np.ndarray:
        return ref.gradient(lambda v: _numpy_loss_n(p, [p[f"W{d}"] for d in range(D)], v), p["b"])

    return General(
        variables=bt.variables,
        indices=(J,),
        start=derivative(bt.loss(), bt.b[J]),
        steps=_chain_rule_steps(bt, [sp.Integer(1)] * M, "∂o_ij/∂b_j = 1"),
        reference=reference,
    )


def _kron(a: sp.MatrixBase, b: sp.MatrixBase) -> sp.Matrix:
    """The Kronecker product a ⊗ b (sympy.physics.quantum's TensorProduct cost 0.14 s of
    import in every process for this one product)."""
    rows, cols = b.shape
    return sp.Matrix(
        a.rows * rows, a.cols * cols, lambda r, c: a[r // rows, c // cols] * b[r % rows, c % cols]
    )


def _kron_hessian(bt: _Batch, scale: list[sp.Expr]) -> sp.ImmutableMatrix:
    total = sp.zeros(K * D, K * D)
    for i in range(M):
        cov = diag(bt.p[i]) - outer(bt.p[i], bt.p[i])
        xx = bt.x[i, :].T * bt.x[i, :]
        total += scale[i] * _kron(cov, xx)
    return sp.ImmutableMatrix(total / M)


def _hessian(n: int) -> Proof:
    bt = _batch()
    flat_w = [bt.w[k, j] for k in range(K) for j in range(D)]

    def reference(p: Point) -> np.ndarray:
        return ref.hessian(lambda v: _numpy_loss(p, v), p["W"])

    return Proof(
        variables=bt.variables,
        start=sp.ImmutableMatrix(K * D, K * D, [derivative(bt.loss, u, v) for u in flat_w for v in flat_w]),
        steps=(
            Step(
                _kron_hessian(bt, bt.sums()),
                "differentiate the gradient again: (Σ y_i)(diag(p_i) - p_i p_iᵀ) ⊗ x_i x_iᵀ",
            ),
            Step(
                _kron_hessian(bt, [sp.Integer(1)] * M),
                "Σ y_i = 1: (1/m) Σ_i (diag(p_i) - p_i p_iᵀ) ⊗ x_i x_iᵀ",
                using=SUMS,
            ),
        ),
        reference=reference,
    )


def _psd(n: int) -> Proof:
    bt = _batch()
    v = Var("V", Kind.DIRECTION, K * D)
    vm = sp.ImmutableMatrix(K, D, v.symbols)
    # The Hessian as batch_hessian derives it, before Σ y_i = 1 is used.
    hess = _kron_hessian(bt, bt.sums())
    u = [list(vm * bt.x[i, :].T) for i in range(M)]
    ubar = [sp.Add(*[bt.p[i][k] * u[i][k] for k in range(K)]) for i in range(M)]

    def reference(p: Point) -> float:
        h = ref.hessian(lambda w: _numpy_loss(p, w), p["W"])
        return float(p["V"] @ h @ p["V"])

    return Proof(
        variables=(*bt.variables, v),
        start=(v.vector.T * hess * v.vector)[0, 0],
        steps=(
            Step(
                sp.Add(
                    *[sp.Add(*[bt.p[i][k] * u[i][k] ** 2 for k in range(K)]) - ubar[i] ** 2 for i in range(M)]
                )
                / M,
                "Σ y_i = 1; (A ⊗ x xᵀ) acting on vec(V) gives u_i = V x_i: Σ_k p_ik u_ik² - (Σ_k p_ik u_ik)²",
                using=SUMS,
            ),
            Step(
                sp.Add(*[bt.p[i][k] * (u[i][k] - ubar[i]) ** 2 for i in range(M) for k in range(K)]) / M,
                "complete the square, Σ_k p_ik = 1",
            ),
            Step(sp.Integer(0), "a sum of p_ik > 0 times squares", rel=">="),
        ),
        reference=reference,
    )


def _invariance(n: int) -> Proof:
    w, b, x, c = (
        Var("W", Kind.REAL, K * D),
        Var("b", Kind.REAL, K),
        Var("x", Kind.REAL, D),
        Var("c", Kind.REAL, D),
    )
    wm = sp.ImmutableMatrix(K, D, w.symbols)
    shifted = wm - sp.ImmutableMatrix(K, 1, [1] * K) * c.vector.T
    logits = list(shifted * x.vector + b.vector)
    shift = sp.Add(*[c[j] * x[j] for j in range(D)])

    def reference(p: Point) -> np.ndarray:
        weights = p["W"].reshape(K, D) - np.outer(np.ones(K), p["c"])
        return ref.softmax(weights @ p["x"] + p["b"])

    return Proof(
        variables=(w, b, x, c),
        start=softmax(logits),
        steps=(
            Step(softmax([o + shift for o in logits]), "every logit moves by the same cᵀx"),
            Step(softmax(list(wm * x.vector + b.vector)), "softmax is shift invariant (E01)"),
        ),
        reference=reference,
    )


def _singular(n: int) -> Proof:
    bt = _batch()
    c = Var("c", Kind.REAL, D)
    direction = sp.ImmutableMatrix([c[j] for _ in range(K) for j in range(D)])  # vec(1 cᵀ)
    hess = _kron_hessian(bt, [sp.Integer(1)] * M)

    def reference(p: Point) -> np.ndarray:
        h = ref.hessian(lambda w: _numpy_loss(p, w), p["W"])
        return h @ np.tile(p["c"], K)

    return Proof(
        variables=(*bt.variables, c),
        start=sp.ImmutableMatrix(hess * direction),
        steps=(
            Step(
                sp.ImmutableMatrix([0] * (K * D)),
                "(diag(p) - p pᵀ) 1 = p - p (Σ p) = 0 in every Kronecker block",
            ),
        ),
        reference=reference,
    )


_d = family("E16", SOURCE, dims=())


batch_gradient_w = _d(
    "batch_gradient_w",
    "∇_W J = (1/m)(P - Y)ᵀX",
    ClaimKind.IDENTITY,
    "∇_W J = (1/m)(P - Y)ᵀX (rows of W are classes)",
    _grad_w,
    general=_grad_w_all_n,
)
batch_gradient_b = _d(
    "batch_gradient_b",
    "∇_b J = (1/m) Σ (p_i - y_i)",
    ClaimKind.IDENTITY,
    "∇_b J = (1/m) Σ_i (p_i - y_i)",
    _grad_b,
    general=_grad_b_all_n,
)
batch_hessian = _d(
    "batch_hessian",
    "the Newton Hessian in Kronecker form",
    ClaimKind.IDENTITY,
    "∇²_W J = (1/m) Σ_i (diag(p_i) - p_i p_iᵀ) ⊗ x_i x_iᵀ",
    _hessian,
)
batch_hessian_psd = _d(
    "batch_hessian_psd",
    "the Hessian is positive semidefinite",
    ClaimKind.PSD,
    "vec(V)ᵀ ∇²J vec(V) = (1/m) Σ_i Σ_k p_ik (u_ik - ū_i)² ≥ 0",
    _psd,
)
batch_overparameterisation = _d(
    "batch_overparameterisation",
    "W - 1cᵀ predicts the same",
    ClaimKind.IDENTITY,
    "softmax((W - 1cᵀ)x + b) = softmax(Wx + b)",
    _invariance,
)
batch_hessian_singular = _d(
    "batch_hessian_singular", "so the Hessian is singular", ClaimKind.IDENTITY, "∇²J vec(1cᵀ) = 0", _singular
)

DERIVATIONS = (
    batch_gradient_w,
    batch_gradient_b,
    batch_hessian,
    batch_hessian_psd,
    batch_overparameterisation,
    batch_hessian_singular,
)
