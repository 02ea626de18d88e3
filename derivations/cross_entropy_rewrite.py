"""E06: cross-entropy of softmax rewritten as LogSumExp minus the label-weighted logit."""

from __future__ import annotations

import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, General, Kind, Mutant, N, Proof, Result, Step, Var, Vec
from checks.vocabulary import cross_entropy, exp_sum, logsumexp_n, softmax, softmax_at
from derivations._common import K


def _build(n: int) -> Proof:
    o, y = Var("o", Kind.LOGITS, n), Var("y", Kind.LABELS, n)
    lse = sp.log(exp_sum(o.symbols))
    weighted = sp.Add(*[y[j] * o[j] for j in range(n)])
    return Proof(
        variables=(o, y),
        start=cross_entropy(y.symbols, list(softmax(o.symbols))),
        steps=(
            Step(
                -sp.Add(*[y[j] * (o[j] - lse) for j in range(n)]), "log softmax(o)_j = o_j - log Σ_k exp(o_k)"
            ),
            Step(sp.Add(*y.symbols) * lse - weighted, "distribute and collect log Σ_k exp(o_k)"),
            Step(lse - weighted, "Σ y = 1", using=("Σ y = 1",)),
        ),
        reference=lambda p: ref.cross_entropy(p["y"], p["o"]),
    )


def _all_n() -> General:
    o, y = Vec("o", Kind.LOGITS), Vec("y", Kind.LABELS)
    lse = logsumexp_n(o.base)
    weighted = sp.Sum(y[K] * o[K], (K, 0, N - 1))
    return General(
        variables=(o, y),
        start=-sp.Sum(y[K] * sp.log(softmax_at(o.base, K)), (K, 0, N - 1)),
        steps=(
            Step(-sp.Sum(y[K] * (o[K] - lse), (K, 0, N - 1)), "log softmax(o)_k = o_k - log Σ exp(o)"),
            Step(y.total() * lse - weighted, "linearity of Σ; log Σ exp(o) is a constant out of Σ"),
            Step(lse - weighted, "Σ y = 1", using=("Σ y = 1",)),
        ),
        reference=lambda p: ref.cross_entropy(p["y"], p["o"]),
    )


cross_entropy_rewrite = Derivation(
    general=_all_n,
    name="cross_entropy_rewrite",
    exercise="E06",
    title="cross-entropy of softmax as LogSumExp",
    source="000 (formula 3.4.7)",
    kind=ClaimKind.IDENTITY,
    statement="-Σ_j y_j log softmax(o)_j = log Σ_k exp(o_k) - Σ_j y_j o_j",
    build=_build,
    results=(
        Result(
            "rewrite",
            quantity="cross_entropy(y, softmax(o))",
            answer="logsumexp(o) - Sum(y[j]*o[j], (j, 0, 2))",
            vectors=("o:3", "y:3:labels"),
            mutants=(
                Mutant(
                    "Sum(o[k], (k, 0, 2)) - Sum(y[j]*o[j], (j, 0, 2))",
                    "Σ_k o_k is not log Σ_k exp(o_k): the log of a sum is not a sum of logs",
                ),
                Mutant(
                    "Sum(y[j]*o[j], (j, 0, 2)) - logsumexp(o)", "a sign slip: it is log Σ exp(o) - Σ y_j o_j"
                ),
            ),
        ),
    ),
)

DERIVATIONS = (cross_entropy_rewrite,)
