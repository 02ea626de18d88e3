"""E10: H(P, Q) = H(P) + D_KL(P‖Q); Gibbs' inequality D_KL ≥ 0; asymmetry; minimising H over Q."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, General, Kind, Mutant, Point, Proof, Result, Step, Var, Vec, total
from checks.vocabulary import cross_entropy, entropy, kl
from derivations._common import K, family

SOURCE = "003 P6"


def _pq(n: int) -> tuple[Var, Var]:
    return Var("p", Kind.PROBS, n), Var("q", Kind.PROBS, n)


def _identity(n: int) -> Proof:
    p, q = _pq(n)
    ps, qs = p.symbols, q.symbols
    plogp = sp.Add(*[pi * sp.log(pi) for pi in ps])
    return Proof(
        variables=(p, q),
        start=cross_entropy(ps, qs),
        steps=(
            Step(
                -plogp + plogp - sp.Add(*[pi * sp.log(qi) for pi, qi in zip(ps, qs, strict=True)]),
                "add and subtract Σ p_i log p_i",
            ),
            Step(entropy(ps) + kl(ps, qs), "log p_i - log q_i = log(p_i / q_i)"),
        ),
        reference=lambda pt: ref.cross_entropy_probs(pt["p"], pt["q"]),
    )


def _gibbs(n: int) -> Proof:
    p, q = _pq(n)
    ps, qs = p.symbols, q.symbols
    return Proof(
        variables=(p, q),
        start=kl(ps, qs),
        steps=(
            Step(
                -sp.Add(*[pi * sp.log(qi / pi) for pi, qi in zip(ps, qs, strict=True)]),
                "log(p/q) = -log(q/p)",
            ),
            Step(
                -sp.Add(*[pi * (qi / pi - 1) for pi, qi in zip(ps, qs, strict=True)]),
                "log t ≤ t - 1 for t > 0",
                rel=">=",
            ),
            Step(sp.Add(*ps) - sp.Add(*qs), "p_i (q_i/p_i - 1) = q_i - p_i"),
            Step(sp.Integer(0), "Σ p = 1 and Σ q = 1", using=("Σ p = 1", "Σ q = 1")),
        ),
        reference=lambda pt: ref.kl(pt["p"], pt["q"]),
    )


def _self(n: int) -> Proof:
    p = Var("p", Kind.PROBS, n)
    ps = p.symbols
    return Proof(
        variables=(p,),
        start=sp.Add(*[pi * sp.log(sp.Mul(pi, 1 / pi, evaluate=False)) for pi in ps]),
        steps=(Step(sp.Integer(0), "p_i / p_i = 1 and log 1 = 0: equality when P = Q"),),
        reference=lambda pt: ref.kl(pt["p"], pt["p"]),
    )


P_EXAMPLE = (sp.Rational(1, 2), sp.Rational(1, 2))
Q_EXAMPLE = (sp.Rational(1, 4), sp.Rational(3, 4))


def _asymmetry(n: int) -> Proof:
    forward, backward = kl(P_EXAMPLE, Q_EXAMPLE), kl(Q_EXAMPLE, P_EXAMPLE)

    def reference(pt: Point) -> float:
        p, q = np.array([0.5, 0.5]), np.array([0.25, 0.75])
        return float(ref.kl(p, q) - ref.kl(q, p))

    return Proof(
        variables=(),
        start=forward - backward,
        steps=(
            Step(
                sp.log(2) / 2
                + sp.log(sp.Rational(2, 3)) / 2
                - sp.log(sp.Rational(1, 2)) / 4
                - 3 * sp.log(sp.Rational(3, 2)) / 4,
                "evaluate both at P = (1/2, 1/2), Q = (1/4, 3/4)",
            ),
            Step(sp.Integer(0), "0.1438 - 0.1308 ≈ 0.0130 > 0: the two differ", rel=">"),
        ),
        reference=reference,
    )


def _minimise(n: int) -> Proof:
    p, q = _pq(n)
    ps, qs = p.symbols, q.symbols
    return Proof(
        variables=(p, q),
        start=cross_entropy(ps, qs) - kl(ps, qs),
        steps=(
            Step(
                entropy(ps),
                "H(P, Q) = H(P) + D_KL(P‖Q): the difference has no q, so over Q the two "
                "are minimised together",
            ),
        ),
        reference=lambda pt: ref.cross_entropy_probs(pt["p"], pt["q"]) - ref.kl(pt["p"], pt["q"]),
    )


def _all_n_identity() -> General:
    p, q = Vec("p", Kind.PROBS), Vec("q", Kind.PROBS)

    return General(
        variables=(p, q),
        start=-total(p[K] * sp.log(q[K]), K),
        steps=(
            Step(
                -total(p[K] * sp.log(p[K]), K)
                + total(p[K] * sp.log(p[K]), K)
                - total(p[K] * sp.log(q[K]), K),
                "add and subtract Σ p_k log p_k",
            ),
            Step(
                -total(p[K] * sp.log(p[K]), K) + total(p[K] * sp.log(p[K] / q[K]), K),
                "linearity of Σ; log p_k - log q_k = log(p_k / q_k)",
            ),
        ),
        reference=lambda pt: ref.cross_entropy_probs(pt["p"], pt["q"]),
    )


_d = family("E10", SOURCE, dims=(2, 3, 4, 5, 6))


kl_cross_entropy_identity = _d(
    "kl_cross_entropy_identity",
    "cross-entropy = entropy + KL",
    ClaimKind.IDENTITY,
    "H(P, Q) = H(P) + D_KL(P‖Q)",
    _identity,
    results=(
        Result(
            "identity",
            quantity="cross_entropy(p, q)",
            answer="entropy(p) + KL(p, q)",
            vectors=("p:3:probabilities", "q:3:probabilities"),
            mutants=(
                Mutant("entropy(p) - KL(p, q)", "a sign slip: H(P, Q) = H(P) + D_KL(P‖Q)"),
                Mutant("entropy(q) + KL(p, q)", "the entropy is of P, the distribution we average over"),
            ),
        ),
    ),
    general=_all_n_identity,
)
kl_gibbs = _d("kl_gibbs", "Gibbs' inequality", ClaimKind.INEQUALITY, "D_KL(P‖Q) ≥ 0", _gibbs)
kl_self = _d("kl_self", "D_KL(P‖P) = 0", ClaimKind.IDENTITY, "D_KL(P‖Q) = 0 when P = Q", _self)
kl_asymmetry = _d(
    "kl_asymmetry",
    "KL is not symmetric",
    ClaimKind.INEQUALITY,
    "D_KL(P‖Q) ≠ D_KL(Q‖P) at P = (1/2, 1/2), Q = (1/4, 3/4)",
    _asymmetry,
    dims=(),
)
kl_minimise_cross_entropy = _d(
    "kl_minimise_cross_entropy",
    "minimising cross-entropy minimises KL",
    ClaimKind.IDENTITY,
    "H(P, Q) - D_KL(P‖Q) = H(P), independent of Q",
    _minimise,
)

DERIVATIONS = (kl_cross_entropy_identity, kl_gibbs, kl_self, kl_asymmetry, kl_minimise_cross_entropy)
