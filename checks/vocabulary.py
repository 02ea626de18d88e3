"""SymPy definitions of the softmax-regression vocabulary (softmax, LogSumExp, σ, CE, KL…)."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

import checks.sympy_signs  # noqa: F401  (SymPy's signs of numbers, certified, before any is built)
from checks.model import N

Exprs = Sequence[sp.Expr]


def exp_sum(x: Exprs) -> sp.Expr:
    """``Σ_k exp(x_k)``."""
    return sp.Add(*[sp.exp(xk) for xk in x])


def softmax(x: Exprs) -> sp.ImmutableMatrix:
    """``softmax(x)_i = exp(x_i) / Σ_k exp(x_k)`` as a column vector."""
    total = exp_sum(x)
    return sp.ImmutableMatrix([sp.exp(xi) / total for xi in x])


def softmin(x: Exprs) -> sp.ImmutableMatrix:
    """``softmin(x) = softmax(-x)``, written out from its own definition."""
    total = sp.Add(*[sp.exp(-xk) for xk in x])
    return sp.ImmutableMatrix([sp.exp(-xi) / total for xi in x])


def logsumexp(x: Exprs) -> sp.Expr:
    """``g(x) = log Σ_k exp(x_k)``."""
    return sp.log(exp_sum(x))


def sigmoid(z: sp.Expr) -> sp.Expr:
    """The logistic function ``σ(z) = 1 / (1 + exp(-z))``."""
    return 1 / (1 + sp.exp(-z))


def cross_entropy(y: Exprs, q: Exprs) -> sp.Expr:
    """``H(y, q) = -Σ_i y_i log q_i``."""
    return -sp.Add(*[yi * sp.log(qi) for yi, qi in zip(y, q, strict=True)])


def entropy(p: Exprs) -> sp.Expr:
    """``H(p) = -Σ_i p_i log p_i``."""
    return -sp.Add(*[pi * sp.log(pi) for pi in p])


def kl(p: Exprs, q: Exprs) -> sp.Expr:
    """``D_KL(p ‖ q) = Σ_i p_i log(p_i / q_i)``."""
    return sp.Add(*[pi * sp.log(pi / qi) for pi, qi in zip(p, q, strict=True)])


def derivative(expr: sp.Expr, *wrt: sp.Symbol) -> sp.Derivative:
    """An unevaluated derivative, so a derivation's start shows what is being differentiated.

    For an expression by plain symbols this makes the object ``sp.Derivative`` makes (the same
    arguments: runs of one symbol merged into a count) without its checks, which cost more
    than the rest of a 128 × 128 Jacobian's start; anything else goes to ``sp.Derivative``."""
    if not wrt or not isinstance(expr, sp.Expr) or isinstance(expr, sp.Derivative | sp.MatrixBase):
        return sp.Derivative(expr, *wrt)
    if not all(type(v) is sp.Symbol for v in wrt):
        return sp.Derivative(expr, *wrt)
    counts: list[list[sp.Symbol | int]] = []
    for v in wrt:
        if counts and counts[-1][0] == v:
            counts[-1][1] = int(counts[-1][1]) + 1
        else:
            counts.append([v, 1])
    pairs = [sp.Tuple(v, sp.Integer(c)) for v, c in counts]
    return sp.Expr.__new__(sp.Derivative, expr, *pairs)


def jacobian(f: Exprs, x: Exprs) -> sp.ImmutableMatrix:
    """Unevaluated Jacobian ``J_ij = ∂f_i/∂x_j``."""
    return sp.ImmutableMatrix(len(f), len(x), [derivative(fi, xj) for fi in f for xj in x])


def gradient(f: sp.Expr, x: Exprs) -> sp.ImmutableMatrix:
    """Unevaluated gradient ``(∂f/∂x_j)_j`` as a column vector."""
    return sp.ImmutableMatrix([derivative(f, xj) for xj in x])


def hessian(f: sp.Expr, x: Exprs) -> sp.ImmutableMatrix:
    """Unevaluated Hessian ``H_jk = ∂²f/∂x_j∂x_k``."""
    return sp.ImmutableMatrix(len(x), len(x), [derivative(f, xj, xk) for xj in x for xk in x])


def diag(v: Exprs) -> sp.ImmutableMatrix:
    """The diagonal matrix with ``v`` on its diagonal."""
    return sp.ImmutableMatrix(sp.diag(*v))


def outer(u: Exprs, v: Exprs) -> sp.ImmutableMatrix:
    """``u vᵀ``."""
    return sp.ImmutableMatrix(len(u), len(v), [ui * vj for ui in u for vj in v])


# -- the same vocabulary for vectors of symbolic length n (``Vec``) --------------------------


def exp_total(x: sp.IndexedBase, k: sp.Symbol | None = None) -> sp.Sum:
    """``Σ_{k=0}^{n-1} exp(x_k)`` for a vector of symbolic length n.

    The default index is a fresh dummy, so that it never captures an index of the caller
    (``∂/∂x_k`` of a LogSumExp inside an outer ``Σ_k`` would otherwise differentiate the wrong k).
    """
    k = k if k is not None else sp.Dummy("k", integer=True, nonnegative=True)
    return sp.Sum(sp.exp(x[k]), (k, 0, N - 1))


def softmax_at(x: sp.IndexedBase, i: sp.Expr) -> sp.Expr:
    """``s_i = exp(x_i) / Σ_k exp(x_k)`` for a vector of symbolic length n."""
    return sp.exp(x[i]) / exp_total(x)


def logsumexp_n(x: sp.IndexedBase) -> sp.Expr:
    """``log Σ_k exp(x_k)`` for a vector of symbolic length n."""
    return sp.log(exp_total(x))
