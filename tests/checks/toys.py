"""Small derivations for testing the engine on its own, with NumPy references written inline."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks.model import ClaimKind, Derivation, Kind, Limit, Point, Proof, Step, Var
from checks.vocabulary import derivative, exp_sum, softmax


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - np.max(x))
    return e / e.sum()


def _sigmoid_build(n: int) -> Proof:
    z = Var("z", Kind.REAL)
    sig = 1 / (1 + sp.exp(-z.sym))
    return Proof(
        variables=(z,),
        start=derivative(sig, z.sym),
        steps=(
            Step(sp.exp(-z.sym) / (1 + sp.exp(-z.sym)) ** 2, "chain rule"),
            Step(sig * (1 - sig), "1 - σ = e^{-z} / (1 + e^{-z})"),
        ),
        reference=lambda p: np.exp(-np.abs(p["z"])) / (1 + np.exp(-np.abs(p["z"]))) ** 2,
    )


sigmoid_toy = Derivation(
    name="sigmoid_toy",
    exercise="E04",
    title="σ' = σ(1 - σ)",
    source="tests",
    kind=ClaimKind.IDENTITY,
    statement="σ'(z) = σ(z)(1 - σ(z))",
    build=_sigmoid_build,
    dims=(),
)


def _ce_build(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    y = Var("y", Kind.LABELS, n)
    s = softmax(x.symbols)
    loss = -sp.Add(*[y[i] * sp.log(s[i]) for i in range(n)])
    col = sp.ImmutableMatrix

    def reference(p: Point) -> np.ndarray:
        xs, ys = p["x"], p["y"]
        # Written from the definition, not from the claimed formula: s * Σy - y.
        return _softmax(xs) * ys.sum() - ys

    return Proof(
        variables=(x, y),
        start=col([derivative(loss, x[j]) for j in range(n)]),
        steps=(
            Step(col([s[j] * sp.Add(*y.symbols) - y[j] for j in range(n)]), "differentiate log-softmax"),
            Step(col([s[j] - y[j] for j in range(n)]), "Σ y = 1", using=("Σ y = 1",)),
        ),
        reference=reference,
    )


ce_toy = Derivation(
    name="ce_toy",
    exercise="E05",
    title="cross-entropy gradient",
    source="tests",
    kind=ClaimKind.IDENTITY,
    statement="∂L/∂x_j = s_j - y_j",
    build=_ce_build,
    dims=(2, 3),
)


def _lse_bound_build(n: int) -> Proof:
    a, b = Var("a", Kind.REAL), Var("b", Kind.REAL)
    lse = sp.log(sp.exp(a.sym) + sp.exp(b.sym))
    return Proof(
        variables=(a, b),
        start=lse,
        steps=(Step(sp.Max(a.sym, b.sym), "exp(a) + exp(b) > exp(max(a, b))", rel=">"),),
        reference=lambda p: np.logaddexp(p["a"], p["b"]),
    )


lse_bound_toy = Derivation(
    name="lse_bound_toy",
    exercise="E09",
    title="log(e^a + e^b) > max(a, b)",
    source="tests",
    kind=ClaimKind.INEQUALITY,
    statement="log(e^a + e^b) > max(a, b)",
    build=_lse_bound_build,
    dims=(),
)


def _limit_build(n: int) -> Proof:
    a, b, lam = Var("a", Kind.REAL), Var("b", Kind.REAL), Var("lam", Kind.POSITIVE)
    m = sp.Max(a.sym, b.sym)
    f = sp.log(sp.exp(lam.sym * a.sym) + sp.exp(lam.sym * b.sym)) / lam.sym

    def reference(p: Point) -> np.ndarray:
        return np.logaddexp(p["lam"] * p["a"], p["lam"] * p["b"]) / p["lam"]

    return Proof(
        variables=(a, b, lam),
        start=f,
        steps=(
            Step(sp.log(sp.exp(lam.sym * m)) / lam.sym, "drop the smaller term", rel=">"),
            Step(m, "log exp"),
        ),
        reference=reference,
        limit=Limit(
            lam.sym,
            sp.oo,
            m,
            upper_steps=(
                Step(sp.log(2 * sp.exp(lam.sym * m)) / lam.sym, "each term ≤ exp(λ max)", rel="<="),
                Step(m + sp.log(2) / lam.sym, "log of a product"),
            ),
        ),
    )


limit_toy = Derivation(
    name="limit_toy",
    exercise="E09",
    title="RealSoftMax tends to max",
    source="tests",
    kind=ClaimKind.LIMIT,
    statement="lim λ⁻¹ log(e^{λa} + e^{λb}) = max(a, b)",
    build=_limit_build,
    dims=(),
)


def _exp_sum_build(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    return Proof(
        variables=(x,),
        start=sp.log(exp_sum(x.symbols)),
        steps=(Step(sp.log(exp_sum(x.symbols)), "nothing changes"),),
        reference=lambda p: np.log(np.sum(np.exp(p["x"]))),
    )


trivial_toy = Derivation(
    name="trivial_toy",
    exercise="E08",
    title="a step that changes nothing",
    source="tests",
    kind=ClaimKind.IDENTITY,
    statement="g = g",
    build=_exp_sum_build,
    dims=(2,),
)

TOYS = (sigmoid_toy, ce_toy, lse_bound_toy, limit_toy, trivial_toy)
