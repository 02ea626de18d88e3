"""E08: LogSumExp: gradient softmax, Hessian diag(s) - s sᵀ, convexity, translation, bounds, stable form."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Kind, Mutant, Point, Proof, Result, Step, Var
from checks.vocabulary import diag, exp_sum, gradient, hessian, outer, softmax
from derivations._common import col, family

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
)
logsumexp_hessian = _d(
    "logsumexp_hessian",
    "the Hessian of LogSumExp",
    ClaimKind.IDENTITY,
    "∇²g = diag(s) - s sᵀ",
    _hessian,
    dims=(2, 3, 4),
)
logsumexp_convex = _d(
    "logsumexp_convex",
    "LogSumExp is convex: vᵀ∇²g v = Σ s_i (v_i - v̄)² ≥ 0",
    ClaimKind.PSD,
    "vᵀ∇²g v = Σ_i s_i (v_i - v̄)² ≥ 0 for every v",
    _convex,
    dims=(2, 3, 4),
)
logsumexp_translation = _d(
    "logsumexp_translation",
    "LogSumExp under translation",
    ClaimKind.IDENTITY,
    "g(x + b·1) = g(x) + b",
    _translation,
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
