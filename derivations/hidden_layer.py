"""E15: backpropagation through one hidden layer, entry by entry, and the parameter count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Kind, Mutant, Point, Proof, Result, Step, Var
from checks.vocabulary import cross_entropy, derivative, sigmoid, softmax
from derivations._common import col, family

SOURCE = "004 Q3–Q4"
DX, H, DY = 2, 2, 2


@dataclass(frozen=True)
class _Net:
    variables: tuple[Var, ...]
    x: list[sp.Symbol]
    w1: sp.ImmutableMatrix
    b1: list[sp.Symbol]
    w2: sp.ImmutableMatrix
    b2: list[sp.Symbol]
    y: list[sp.Symbol]
    h: list[sp.Expr]
    yhat: list[sp.Expr]
    loss: sp.Expr
    sum_y: sp.Expr

    @property
    def delta2(self) -> list[sp.Expr]:
        return [self.yhat[k] - self.y[k] for k in range(DY)]

    @property
    def delta2_raw(self) -> list[sp.Expr]:
        """∂J/∂z2 before Σ y = 1 is used."""
        return [self.yhat[k] * self.sum_y - self.y[k] for k in range(DY)]

    def delta1(self, d2: list[sp.Expr]) -> list[sp.Expr]:
        return [
            sp.Add(*[d2[k] * self.w2[j, k] for k in range(DY)]) * self.h[j] * (1 - self.h[j])
            for j in range(H)
        ]


def _net() -> _Net:
    x, b1, b2 = Var("x", Kind.REAL, DX), Var("b1", Kind.REAL, H), Var("b2", Kind.REAL, DY)
    w1, w2 = Var("W1", Kind.REAL, DX * H), Var("W2", Kind.REAL, H * DY)
    y = Var("y", Kind.LABELS, DY)
    m1, m2 = sp.ImmutableMatrix(DX, H, w1.symbols), sp.ImmutableMatrix(H, DY, w2.symbols)
    z1 = [sp.Add(*[x[i] * m1[i, j] for i in range(DX)]) + b1[j] for j in range(H)]
    h = [sigmoid(z) for z in z1]
    z2 = [sp.Add(*[h[j] * m2[j, k] for j in range(H)]) + b2[k] for k in range(DY)]
    yhat = list(softmax(z2))
    return _Net(
        (x, w1, b1, w2, b2, y),
        list(x.symbols),
        m1,
        list(b1.symbols),
        m2,
        list(b2.symbols),
        list(y.symbols),
        h,
        yhat,
        cross_entropy(y.symbols, yhat),
        sp.Add(*y.symbols),
    )


def _forward(p: Point, **override: np.ndarray) -> float:
    q = {**p, **override}
    h = ref.sigmoid(q["x"] @ q["W1"].reshape(DX, H) + q["b1"])
    return ref.cross_entropy(q["y"], h @ q["W2"].reshape(H, DY) + q["b2"])


def _numeric_grad(name: str) -> Callable[[Point], np.ndarray]:
    def reference(p: Point) -> np.ndarray:
        return ref.gradient(lambda v: _forward(p, **{name: v}), p[name])

    return reference


SIGMA_PRIME = "σ'(z1) = h(1 - h)"


def _b2(n: int) -> Proof:
    net = _net()
    return Proof(
        variables=net.variables,
        start=col([derivative(net.loss, b) for b in net.b2]),
        steps=(
            Step(col(net.delta2_raw), "∂J/∂z2 = ŷ Σ y - y (E05) and ∂z2/∂b2 = I"),
            Step(col(net.delta2), "Σ y = 1: δ2 = ŷ - y", using=("Σ y = 1",)),
        ),
        reference=_numeric_grad("b2"),
    )


def _w2(n: int) -> Proof:
    net = _net()
    return Proof(
        variables=net.variables,
        start=sp.ImmutableMatrix(
            H, DY, [derivative(net.loss, net.w2[j, k]) for j in range(H) for k in range(DY)]
        ),
        steps=(
            Step(sp.ImmutableMatrix(H, DY, lambda j, k: net.h[j] * net.delta2_raw[k]), "∂z2_k/∂W2_jk = h_j"),
            Step(
                sp.ImmutableMatrix(H, DY, lambda j, k: net.h[j] * net.delta2[k]),
                "Σ y = 1: ∂J/∂W2 = hᵀδ2",
                using=("Σ y = 1",),
            ),
        ),
        reference=lambda p: np.asarray(_numeric_grad("W2")(p)).reshape(H, DY),
    )


def _b1(n: int) -> Proof:
    net = _net()
    return Proof(
        variables=net.variables,
        start=col([derivative(net.loss, b) for b in net.b1]),
        steps=(
            Step(col(net.delta1(net.delta2_raw)), f"back through W2, then {SIGMA_PRIME}"),
            Step(col(net.delta1(net.delta2)), "Σ y = 1: δ1 = (δ2 W2ᵀ) ∘ h ∘ (1 - h)", using=("Σ y = 1",)),
        ),
        reference=_numeric_grad("b1"),
    )


def _w1(n: int) -> Proof:
    net = _net()
    d1_raw, d1 = net.delta1(net.delta2_raw), net.delta1(net.delta2)
    return Proof(
        variables=net.variables,
        start=sp.ImmutableMatrix(
            DX, H, [derivative(net.loss, net.w1[i, j]) for i in range(DX) for j in range(H)]
        ),
        steps=(
            Step(sp.ImmutableMatrix(DX, H, lambda i, j: net.x[i] * d1_raw[j]), "∂z1_j/∂W1_ij = x_i"),
            Step(
                sp.ImmutableMatrix(DX, H, lambda i, j: net.x[i] * d1[j]),
                "Σ y = 1: ∂J/∂W1 = xᵀδ1",
                using=("Σ y = 1",),
            ),
        ),
        reference=lambda p: np.asarray(_numeric_grad("W1")(p)).reshape(DX, H),
    )


def _x(n: int) -> Proof:
    net = _net()
    d1_raw, d1 = net.delta1(net.delta2_raw), net.delta1(net.delta2)
    return Proof(
        variables=net.variables,
        start=col([derivative(net.loss, xi) for xi in net.x]),
        steps=(
            Step(
                col([sp.Add(*[d1_raw[j] * net.w1[i, j] for j in range(H)]) for i in range(DX)]),
                "∂z1_j/∂x_i = W1_ij",
            ),
            Step(
                col([sp.Add(*[d1[j] * net.w1[i, j] for j in range(H)]) for i in range(DX)]),
                "Σ y = 1: ∂J/∂x = δ1 W1ᵀ",
                using=("Σ y = 1",),
            ),
        ),
        reference=_numeric_grad("x"),
    )


def _count(n: int) -> Proof:
    dx, h, dy = (Var(name, Kind.COUNT) for name in ("D_x", "H", "D_y"))
    a, b, c = dx.sym, h.sym, dy.sym

    def reference(p: Point) -> float:
        shapes = [
            (int(p["D_x"]), int(p["H"])),
            (int(p["H"]),),
            (int(p["H"]), int(p["D_y"])),
            (int(p["D_y"]),),
        ]
        return float(sum(np.zeros(shape).size for shape in shapes))

    return Proof(
        variables=(dx, h, dy),
        start=a * b + b + b * c + c,
        steps=(Step((a + 1) * b + (b + 1) * c, "W1 and b1 give (D_x + 1)H, W2 and b2 give (H + 1)D_y"),),
        reference=reference,
    )


_d = family("E15", SOURCE, dims=())


hidden_layer_grad_b2 = _d(
    "hidden_layer_grad_b2", "∂J/∂b2 = δ2 = ŷ - y", ClaimKind.IDENTITY, "∂J/∂b2 = δ2 = ŷ - y", _b2
)
hidden_layer_grad_w2 = _d("hidden_layer_grad_w2", "∂J/∂W2 = hᵀδ2", ClaimKind.IDENTITY, "∂J/∂W2 = hᵀδ2", _w2)
hidden_layer_grad_b1 = _d(
    "hidden_layer_grad_b1", "∂J/∂b1 = δ1", ClaimKind.IDENTITY, "δ1 = (δ2 W2ᵀ) ∘ h ∘ (1 - h) = ∂J/∂b1", _b1
)
hidden_layer_grad_w1 = _d("hidden_layer_grad_w1", "∂J/∂W1 = xᵀδ1", ClaimKind.IDENTITY, "∂J/∂W1 = xᵀδ1", _w1)
hidden_layer_grad_x = _d("hidden_layer_grad_x", "∂J/∂x = δ1 W1ᵀ", ClaimKind.IDENTITY, "∂J/∂x = δ1 W1ᵀ", _x)
hidden_layer_parameter_count = _d(
    "hidden_layer_parameter_count",
    "parameters of a one-hidden-layer network",
    ClaimKind.IDENTITY,
    "(D_x + 1)H + (H + 1)D_y",
    _count,
    results=(
        Result(
            "parameter_count",
            quantity="D_x*H + H + H*D_y + D_y",
            answer="(D_x + 1)*H + (H + 1)*D_y",
            assume=("D_x: positive integer", "H: positive integer", "D_y: positive integer"),
            mutants=(
                Mutant(
                    "H",
                    "004 Q4 counts only the hidden units; the weights and biases are "
                    "(D_x + 1)H + (H + 1)D_y parameters",
                ),
                Mutant("D_x*H + H*D_y", "the biases are missing: add H + D_y"),
            ),
        ),
    ),
)

DERIVATIONS = (
    hidden_layer_grad_b2,
    hidden_layer_grad_w2,
    hidden_layer_grad_b1,
    hidden_layer_grad_w1,
    hidden_layer_grad_x,
    hidden_layer_parameter_count,
)
