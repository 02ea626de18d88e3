"""E08: LogSumExp: gradient softmax, Hessian diag(s) - s sᵀ, convexity, translation, bounds, stable form."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, General, Kind, Mutant, N, Point, Proof, Result, Step, Var, Vec
from checks.vocabulary import (
    derivative,
    diag,
    exp_sum,
    exp_total,
    gradient,
    hessian,
    logsumexp_n,
    outer,
    softmax,
    softmax_at,
)
from derivations._common import I, J, K, col, family

SOURCE = "001 [6-1]–[6-4]"


def _g(x: Var) -> sp.Expr:
    return sp.log(exp_sum(x.symbols))


def _gradient(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    total = exp_sum(x.symbols)
    return Proof(
        variables=(x,),
        start=gradient(_g(x), x.symbols),
        steps=(
            Step(col([sp.exp(xj) / total for xj in x.symbols]), "chain rule: (1/Σ_k exp(x_k)) · exp(x_j)"),
            Step(softmax(x.symbols), "definition of softmax"),
        ),
        reference=lambda p: ref.gradient(ref.logsumexp, p["x"]),
    )


def _hessian(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    s = list(softmax(x.symbols))
    return Proof(
        variables=(x,),
        start=hessian(_g(x), x.symbols),
        steps=(
            Step(
                sp.ImmutableMatrix(n, n, lambda i, j: s[i] * (sp.KroneckerDelta(i, j) - s[j])),
                "the Hessian of g is the Jacobian of ∇g = softmax",
            ),
            Step(diag(s) - outer(s, s), "δ_ij s_i = diag(s), s_i s_j = s sᵀ"),
        ),
        reference=lambda p: ref.hessian(ref.logsumexp, p["x"]),
    )


def _convex(n: int) -> Proof:
    x, v = Var("x", Kind.LOGITS, n), Var("v", Kind.DIRECTION, n)
    s = list(softmax(x.symbols))
    vec = v.vector
    mean = sp.Add(*[s[i] * v[i] for i in range(n)])

    def reference(p: Point) -> float:
        return float(p["v"] @ ref.hessian(ref.logsumexp, p["x"]) @ p["v"])

    return Proof(
        variables=(x, v),
        start=(vec.T * hessian(_g(x), x.symbols) * vec)[0, 0],
        steps=(
            Step((vec.T * (diag(s) - outer(s, s)) * vec)[0, 0], "∇²g = diag(s) - s sᵀ"),
            Step(
                sp.Add(*[s[i] * v[i] ** 2 for i in range(n)]) - mean**2,
                "vᵀ diag(s) v = Σ s_i v_i², vᵀ s sᵀ v = v̄²",
            ),
            Step(
                sp.Add(*[s[i] * (v[i] - mean) ** 2 for i in range(n)]),
                "complete the square with v̄ = Σ s_i v_i and Σ s_i = 1",
            ),
            Step(sp.Integer(0), "a sum of s_i > 0 times squares", rel=">="),
        ),
        reference=reference,
    )


def _translation(n: int) -> Proof:
    x, b = Var("x", Kind.LOGITS, n), Var("b", Kind.REAL)
    total = exp_sum(x.symbols)
    return Proof(
        variables=(x, b),
        start=sp.log(sp.Add(*[sp.exp(xi + b.sym) for xi in x.symbols])),
        steps=(
            Step(sp.log(sp.exp(b.sym) * total), "exp(x_k + b) = e^b exp(x_k), factor e^b out of the sum"),
            Step(b.sym + sp.log(total), "log of a product, log e^b = b"),
        ),
        reference=lambda p: ref.logsumexp(p["x"] + p["b"]),
    )


def _lower(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    return Proof(
        variables=(x,),
        start=_g(x),
        steps=(Step(sp.Max(*x.symbols), "Σ_k exp(x_k) ≥ exp(max x), log is increasing", rel=">="),),
        reference=lambda p: ref.logsumexp(p["x"]),
    )


def _upper(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    m = sp.Max(*x.symbols)
    return Proof(
        variables=(x,),
        start=_g(x),
        steps=(
            Step(sp.log(n * sp.exp(m)), "each exp(x_k) ≤ exp(max x)", rel="<="),
            Step(m + sp.log(n), "log of a product"),
        ),
        reference=lambda p: ref.logsumexp(p["x"]),
    )


def _stable(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    m = sp.Max(*x.symbols)

    def reference(p: Point) -> float:
        # The naive formula in NumPy; where it overflows the point is skipped, never passed.
        with np.errstate(over="ignore"):
            return float(np.log(np.sum(np.exp(p["x"]))))

    return Proof(
        variables=(x,),
        start=_g(x),
        steps=(
            Step(
                sp.log(sp.exp(m) * sp.Add(*[sp.exp(xi - m) for xi in x.symbols])),
                "factor exp(m) out of the sum",
            ),
            Step(m + sp.log(sp.Add(*[sp.exp(xi - m) for xi in x.symbols])), "log of a product, m = max x"),
        ),
        reference=reference,
    )


#: 001 [6-4]: the stable evaluation of g(1, 2, 100).
EXAMPLE = (1, 2, 100)


def _stable_example(n: int) -> Proof:
    e = sp.exp
    return Proof(
        variables=(),
        start=sp.log(e(1) + e(2) + e(100)),
        steps=(
            Step(sp.log(e(100) * (e(-99) + e(-98) + 1)), "factor e^100 out of the sum"),
            Step(100 + sp.log(e(-99) + e(-98) + 1), "log of a product"),
        ),
        reference=lambda p: ref.logsumexp(np.array(EXAMPLE, dtype=float)),
    )


_X = Vec("x", Kind.LOGITS)


def _all_n_gradient() -> General:
    return General(
        variables=(_X,),
        indices=(J,),
        start=derivative(logsumexp_n(_X.base), _X[J]),
        steps=(
            Step(
                sp.exp(_X[J]) / exp_total(_X.base),
                "chain rule: (1/Σ_k exp(x_k)) Σ_k δ_kj exp(x_k), δ-contraction",
            ),
            Step(softmax_at(_X.base, J), "definition of softmax"),
        ),
        reference=lambda p: ref.gradient(ref.logsumexp, p["x"]),
    )


def _all_n_hessian() -> General:
    s_i, s_j = softmax_at(_X.base, I), softmax_at(_X.base, J)
    return General(
        variables=(_X,),
        indices=(I, J),
        start=derivative(logsumexp_n(_X.base), _X[I], _X[J]),
        steps=(
            Step(s_i * (sp.KroneckerDelta(I, J) - s_j), "the Hessian of g is the Jacobian of ∇g = softmax"),
            Step(s_i * sp.KroneckerDelta(I, J) - s_i * s_j, "δ_ij s_i = diag(s), s_i s_j = s sᵀ"),
        ),
        reference=lambda p: ref.hessian(ref.logsumexp, p["x"]),
    )


def _all_n_convex() -> General:
    v = Vec("v", Kind.DIRECTION)
    m = sp.Symbol("m", integer=True, nonnegative=True)
    s = lambda a: softmax_at(_X.base, a)  # noqa: E731
    mean = sp.Sum(s(K) * v[K], (K, 0, N - 1))
    hess = s(K) * sp.KroneckerDelta(K, m) - s(K) * s(m)

    def reference(p: Point) -> float:
        # d²/dt² g(x + t v) at t = 0: one direction, so the finite difference stays accurate.
        return float(ref.hessian(lambda t: ref.logsumexp(p["x"] + t[0] * p["v"]), np.zeros(1))[0, 0])

    return General(
        variables=(_X, v),
        # A double sum costs n² per point in 50-digit confirmation: the large size here is 32.
        sizes=(1, 2, 3, 5, 8, 32),
        start=sp.Sum(
            sp.Sum(v[K] * derivative(logsumexp_n(_X.base), _X[K], _X[m]) * v[m], (m, 0, N - 1)), (K, 0, N - 1)
        ),
        steps=(
            Step(sp.Sum(sp.Sum(v[K] * hess * v[m], (m, 0, N - 1)), (K, 0, N - 1)), "∇²g = diag(s) - s sᵀ"),
            Step(
                sp.Sum(s(K) * v[K] ** 2, (K, 0, N - 1)) - mean**2,
                "δ-contraction: vᵀ diag(s) v = Σ s_k v_k²; vᵀ s sᵀ v = v̄²",
            ),
            Step(
                sp.Sum(s(m) * (v[m] - mean) ** 2, (m, 0, N - 1)),
                "complete the square with v̄ = Σ s_k v_k and Σ s_k = 1",
            ),
            Step(sp.Integer(0), "a sum of s_k > 0 times squares", rel=">="),
        ),
        reference=reference,
    )


def _all_n_translation() -> General:
    b = Var("b", Kind.REAL)
    return General(
        variables=(_X, b),
        start=sp.log(sp.Sum(sp.exp(_X[K] + b.sym), (K, 0, N - 1))),
        steps=(
            Step(sp.log(sp.exp(b.sym) * exp_total(_X.base)), "shift inside exp: factor e^b out of Σ"),
            Step(b.sym + logsumexp_n(_X.base), "log of a product, log e^b = b"),
        ),
        reference=lambda p: ref.logsumexp(p["x"] + p["b"]),
    )


_d = family("E08", SOURCE, dims=(2, 3, 4, 5, 6))


logsumexp_gradient = _d(
    "logsumexp_gradient",
    "the gradient of LogSumExp is softmax",
    ClaimKind.IDENTITY,
    "∇g(x) = softmax(x)",
    _gradient,
    results=(
        Result(
            "gradient",
            quantity="diff(logsumexp(x), x[j])",
            answer="softmax(x)[j]",
            vectors=("x:3",),
            mutants=(Mutant("exp(x[j])", "the chain rule divides by Σ_k exp(x_k): ∇g = softmax(x)"),),
        ),
    ),
    general=_all_n_gradient,
)
logsumexp_hessian = _d(
    "logsumexp_hessian",
    "the Hessian of LogSumExp",
    ClaimKind.IDENTITY,
    "∇²g = diag(s) - s sᵀ",
    _hessian,
    dims=(2, 3, 4),
    general=_all_n_hessian,
)
logsumexp_convex = _d(
    "logsumexp_convex",
    "LogSumExp is convex: vᵀ∇²g v = Σ s_i (v_i - v̄)² ≥ 0",
    ClaimKind.PSD,
    "vᵀ∇²g v = Σ_i s_i (v_i - v̄)² ≥ 0 for every v",
    _convex,
    dims=(2, 3, 4),
    general=_all_n_convex,
)
logsumexp_translation = _d(
    "logsumexp_translation",
    "LogSumExp under translation",
    ClaimKind.IDENTITY,
    "g(x + b·1) = g(x) + b",
    _translation,
    general=_all_n_translation,
)
logsumexp_lower_bound = _d(
    "logsumexp_lower_bound",
    "LogSumExp is at least the max",
    ClaimKind.INEQUALITY,
    "max x ≤ g(x)",
    _lower,
    dims=(2, 3),
)
logsumexp_upper_bound = _d(
    "logsumexp_upper_bound",
    "LogSumExp is at most max + log n",
    ClaimKind.INEQUALITY,
    "g(x) ≤ max x + log n",
    _upper,
    dims=(2, 3),
)
logsumexp_stable_form = _d(
    "logsumexp_stable_form",
    "the stable LogSumExp",
    ClaimKind.IDENTITY,
    "g(x) = m + log Σ exp(x_i - m), m = max x",
    _stable,
    dims=(2, 3, 4),
)
logsumexp_stable_example = _d(
    "logsumexp_stable_example",
    "stable evaluation of g(1, 2, 100)",
    ClaimKind.IDENTITY,
    "log(e + e² + e^100) = log(e^{-99} + e^{-98} + 1) + 100",
    _stable_example,
    dims=(),
)

DERIVATIONS = (
    logsumexp_gradient,
    logsumexp_hessian,
    logsumexp_convex,
    logsumexp_translation,
    logsumexp_lower_bound,
    logsumexp_upper_bound,
    logsumexp_stable_form,
    logsumexp_stable_example,
)
