"""E09: RealSoftMax log(e^a + e^b) and softmin: bounds, the gap, and the limits to max and min."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Kind, Limit, Mutant, Point, Proof, Result, Step, Var
from derivations._common import family

SOURCE = "000, 001 [5-1]–[5-6]"


def _ab() -> tuple[Var, Var]:
    return Var("a", Kind.REAL), Var("b", Kind.REAL)


def _pair(p: Point) -> np.ndarray:
    return np.array([float(p["a"]), float(p["b"])])


def _bound(n: int) -> Proof:
    a, b = _ab()
    m = sp.Max(a.sym, b.sym)
    return Proof(
        variables=(a, b),
        start=sp.log(sp.exp(a.sym) + sp.exp(b.sym)),
        steps=(
            Step(sp.log(sp.exp(m)), "e^a + e^b > e^{max(a, b)}: the other term is positive", rel=">"),
            Step(m, "log e^m = m"),
        ),
        reference=lambda p: ref.logsumexp(_pair(p)),
    )


def _gap(n: int) -> Proof:
    a, b = _ab()
    m = sp.Max(a.sym, b.sym)
    return Proof(
        variables=(a, b),
        start=sp.log(sp.exp(a.sym) + sp.exp(b.sym)) - m,
        steps=(
            Step(sp.log(2 * sp.exp(m)) - m, "each term ≤ e^{max(a, b)}", rel="<="),
            Step(sp.log(2), "log of a product"),
        ),
        reference=lambda p: ref.logsumexp(_pair(p)) - np.max(_pair(p)),
    )


def _gap_at_tie(n: int) -> Proof:
    a = Var("a", Kind.REAL)
    return Proof(
        variables=(a,),
        start=sp.log(sp.exp(a.sym) + sp.exp(a.sym)) - sp.Max(a.sym, a.sym),
        steps=(
            Step(sp.log(2 * sp.exp(a.sym)) - a.sym, "e^a + e^a = 2e^a, max(a, a) = a"),
            Step(sp.log(2), "log of a product"),
        ),
        reference=lambda p: ref.logsumexp(np.array([float(p["a"])] * 2)) - float(p["a"]),
    )


def _scaled(a: Var, b: Var, lam: Var) -> sp.Expr:
    return sp.log(sp.exp(lam.sym * a.sym) + sp.exp(lam.sym * b.sym)) / lam.sym


def _limit(n: int) -> Proof:
    a, b = _ab()
    lam = Var("lam", Kind.POSITIVE)
    m = sp.Max(a.sym, b.sym)
    return Proof(
        variables=(a, b, lam),
        start=_scaled(a, b, lam),
        steps=(
            Step(sp.log(sp.exp(lam.sym * m)) / lam.sym, "drop the smaller term (λ > 0)", rel=">"),
            Step(m, "log e^{λm} = λm"),
        ),
        reference=lambda p: ref.real_softmax(_pair(p), float(p["lam"])),
        limit=Limit(
            lam.sym,
            sp.oo,
            m,
            upper_steps=(
                Step(sp.log(2 * sp.exp(lam.sym * m)) / lam.sym, "each term ≤ e^{λ max(a, b)}", rel="<="),
                Step(m + sp.log(2) / lam.sym, "log of a product: max ≤ λ⁻¹ LSE ≤ max + log 2 / λ"),
            ),
        ),
    )


def _softmin_bound(n: int) -> Proof:
    a, b = _ab()
    m = sp.Min(a.sym, b.sym)
    return Proof(
        variables=(a, b),
        start=-sp.log(sp.exp(-a.sym) + sp.exp(-b.sym)),
        steps=(
            Step(-sp.log(sp.exp(-m)), "e^{-a} + e^{-b} > e^{-min(a, b)}, and -log is decreasing", rel="<"),
            Step(m, "-log e^{-m} = m"),
        ),
        reference=lambda p: ref.real_softmin(_pair(p)),
    )


def _softmin_limit(n: int) -> Proof:
    a, b = _ab()
    lam = Var("lam", Kind.POSITIVE)
    m = sp.Min(a.sym, b.sym)
    f = -sp.log(sp.exp(-lam.sym * a.sym) + sp.exp(-lam.sym * b.sym)) / lam.sym
    return Proof(
        variables=(a, b, lam),
        start=f,
        steps=(
            Step(-sp.log(2 * sp.exp(-lam.sym * m)) / lam.sym, "each term ≤ e^{-λ min(a, b)}", rel=">="),
            Step(m - sp.log(2) / lam.sym, "log of a product"),
        ),
        reference=lambda p: -ref.real_softmax(-_pair(p), float(p["lam"])),
        limit=Limit(
            lam.sym,
            sp.oo,
            m,
            upper_steps=(
                Step(-sp.log(sp.exp(-lam.sym * m)) / lam.sym, "drop the larger exponent's term", rel="<"),
                Step(m, "-log e^{-λm} / λ = m: min - log 2 / λ ≤ softmin_λ ≤ min"),
            ),
        ),
    )


def _q_terms(n: int) -> Proof:
    x, lam = Var("x", Kind.LOGITS, n), Var("lam", Kind.POSITIVE)
    m = sp.Max(*x.symbols)
    f = sp.log(sp.Add(*[sp.exp(lam.sym * xi) for xi in x.symbols])) / lam.sym
    return Proof(
        variables=(x, lam),
        start=f,
        steps=(
            Step(sp.log(sp.exp(lam.sym * m)) / lam.sym, "keep only the largest term", rel=">="),
            Step(m, "log e^{λm} = λm"),
        ),
        reference=lambda p: ref.real_softmax(p["x"], float(p["lam"])),
        limit=Limit(
            lam.sym,
            sp.oo,
            m,
            upper_steps=(
                Step(sp.log(n * sp.exp(lam.sym * m)) / lam.sym, "each of the q terms ≤ e^{λ max}", rel="<="),
                Step(m + sp.log(n) / lam.sym, "log of a product: the gap is at most log q / λ"),
            ),
        ),
    )


_d = family("E09", SOURCE, dims=())


realsoftmax_bound = _d(
    "realsoftmax_bound",
    "RealSoftMax exceeds the max",
    ClaimKind.INEQUALITY,
    "log(e^a + e^b) > max(a, b)",
    _bound,
)
realsoftmax_gap = _d(
    "realsoftmax_gap",
    "the gap is at most log 2",
    ClaimKind.INEQUALITY,
    "log(e^a + e^b) - max(a, b) ≤ log 2",
    _gap,
)
realsoftmax_gap_at_tie = _d(
    "realsoftmax_gap_at_tie",
    "the gap is log 2 when a = b",
    ClaimKind.IDENTITY,
    "log(e^a + e^a) - max(a, a) = log 2",
    _gap_at_tie,
)
realsoftmax_limit = _d(
    "realsoftmax_limit",
    "RealSoftMax tends to max as λ → ∞",
    ClaimKind.LIMIT,
    "λ⁻¹ log(e^{λa} + e^{λb}) > max(a, b) and → max(a, b) as λ → ∞",
    _limit,
    results=(
        Result(
            "limit",
            quantity="limit(log(exp(l*a) + exp(l*b))/l, l, oo)",
            answer="Max(a, b)",
            assume=("l > 0",),
            mutants=(
                Mutant("b", "that is SymPy 1.14's answer for positive a, b; the limit is max(a, b)"),
                Mutant(
                    "log(exp(a) + exp(b))", "the 1/λ scaling makes the log 2 gap vanish: the limit is max"
                ),
            ),
        ),
    ),
)
softmin_bound = _d(
    "softmin_bound",
    "softmin is below the min",
    ClaimKind.INEQUALITY,
    "-log(e^{-a} + e^{-b}) < min(a, b)",
    _softmin_bound,
    results=(
        Result(
            "softmin",
            quantity="-log(exp(-a) + exp(-b))",
            answer="-log(exp(-a) + exp(-b))",
            mutants=(
                Mutant(
                    "log(exp(a) + exp(b))", "[5-5] lost the minus signs: RealSoftMin is -log(e^{-a} + e^{-b})"
                ),
            ),
        ),
    ),
)
softmin_limit = _d(
    "softmin_limit",
    "softmin tends to min as λ → ∞",
    ClaimKind.LIMIT,
    "-λ⁻¹ log(e^{-λa} + e^{-λb}) → min(a, b)",
    _softmin_limit,
)
realsoftmax_q_terms = _d(
    "realsoftmax_q_terms",
    "RealSoftMax of q terms tends to the max",
    ClaimKind.LIMIT,
    "max x ≤ λ⁻¹ log Σ e^{λx_i} ≤ max x + log q / λ → max x",
    _q_terms,
    dims=(3,),
)

DERIVATIONS = (
    realsoftmax_bound,
    realsoftmax_gap,
    realsoftmax_gap_at_tie,
    realsoftmax_limit,
    softmin_bound,
    softmin_limit,
    realsoftmax_q_terms,
)
