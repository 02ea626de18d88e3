"""E11: softmax preserves order (argmax), log-odds are affine in x, pairwise choice is a sigmoid."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Kind, Mutant, Point, Proof, Result, Step, Var
from checks.vocabulary import exp_sum, sigmoid, softmax
from derivations._common import family

SOURCE = "000, 001 [4-1]–[4-2]"
CLASSES, FEATURES = 3, 2


def _ratio(n: int) -> Proof:
    o = Var("o", Kind.LOGITS, n)
    s = softmax(o.symbols)
    total = exp_sum(o.symbols)
    return Proof(
        variables=(o,),
        start=s[0] / s[1],
        steps=(
            Step((sp.exp(o[0]) / total) / (sp.exp(o[1]) / total), "definition of softmax"),
            Step(sp.exp(o[0]) / sp.exp(o[1]), "the normaliser cancels"),
            Step(sp.exp(o[0] - o[1]), "e^a / e^b = e^{a - b}: s_i > s_j exactly when o_i > o_j"),
        ),
        reference=lambda p: ref.softmax(p["o"])[0] / ref.softmax(p["o"])[1],
    )


def _order(n: int) -> Proof:
    # Logits (u + t, u, w…) with t > 0: the larger logit gets the larger probability.
    u, t = Var("u", Kind.REAL), Var("t", Kind.POSITIVE)
    others = (Var("w", Kind.LOGITS, n - 2),) if n > 2 else ()
    logits = [u.sym + t.sym, u.sym, *(s for w in others for s in w.symbols)]
    total = exp_sum(logits)

    def reference(p: Point) -> float:
        s = ref.softmax(np.concatenate([[p["u"] + p["t"], p["u"]], p["w"] if others else []]))
        return float(s[0] - s[1])

    return Proof(
        variables=(u, t, *others),
        start=sp.exp(logits[0]) / total - sp.exp(logits[1]) / total,
        steps=(
            Step(sp.exp(u.sym) * (sp.exp(t.sym) - 1) / total, "common denominator, factor e^u"),
            Step(sp.Integer(0), "e^t > 1 for t > 0, and e^u, Σ are positive", rel=">"),
        ),
        reference=reference,
    )


def _log_odds(n: int) -> Proof:
    x, b = Var("x", Kind.REAL, FEATURES), Var("b", Kind.REAL, CLASSES)
    w = Var("W", Kind.REAL, CLASSES * FEATURES)
    weights = sp.ImmutableMatrix(CLASSES, FEATURES, w.symbols)
    logits = list(weights * x.vector + b.vector)
    s = softmax(logits)

    def reference(p: Point) -> float:
        probs = ref.softmax(p["W"].reshape(CLASSES, FEATURES) @ p["x"] + p["b"])
        return float(np.log(probs[0] / probs[1]))

    affine = sp.Add(*[(weights[0, k] - weights[1, k]) * x[k] for k in range(FEATURES)]) + b[0] - b[1]
    return Proof(
        variables=(x, b, w),
        start=sp.log(s[0] / s[1]),
        steps=(
            Step(sp.log(sp.exp(logits[0] - logits[1])), "s_0 / s_1 = exp(o_0 - o_1)"),
            Step(logits[0] - logits[1], "log exp"),
            Step(affine, "o_k = w_kᵀx + b_k: affine in x, so the boundary s_0 = s_1 is a hyperplane"),
        ),
        reference=reference,
    )


def _pairwise(n: int) -> Proof:
    o = Var("o", Kind.LOGITS, n)
    s = softmax(o.symbols)
    return Proof(
        variables=(o,),
        start=s[0] / (s[0] + s[1]),
        steps=(
            Step(sp.exp(o[0]) / (sp.exp(o[0]) + sp.exp(o[1])), "the normaliser cancels"),
            Step(sigmoid(o[0] - o[1]), "divide by e^{o_0}: a two-class softmax (E02)"),
        ),
        reference=lambda p: ref.softmax(p["o"])[0] / (ref.softmax(p["o"])[0] + ref.softmax(p["o"])[1]),
    )


def _neither(n: int) -> Proof:
    # Choosing among i, j and "neither" is a softmax over one more logit, o_neither.
    o = Var("o", Kind.LOGITS, 3)
    s = softmax(o.symbols)
    return Proof(
        variables=(o,),
        start=s[0] + s[1] + s[2],
        steps=(Step(sp.Integer(1), "the three choices, neither included, share all the mass"),),
        reference=lambda p: float(np.sum(ref.softmax(p["o"]))),
    )


_d = family("E11", SOURCE, dims=(2, 3, 4, 5, 6))


softmax_ratio = _d(
    "softmax_ratio",
    "the probability ratio is exp of the logit difference",
    ClaimKind.IDENTITY,
    "s_i / s_j = exp(o_i - o_j)",
    _ratio,
)
softmax_order_preserved = _d(
    "softmax_order_preserved",
    "softmax preserves order (argmax)",
    ClaimKind.INEQUALITY,
    "o_i > o_j ⇒ s_i > s_j",
    _order,
    dims=(2, 3, 4, 5),
)
softmax_log_odds_affine = _d(
    "softmax_log_odds_affine",
    "log-odds are affine in x",
    ClaimKind.IDENTITY,
    "log(ŷ_i / ŷ_j) = (w_i - w_j)ᵀx + (b_i - b_j)",
    _log_odds,
    dims=(),
)
softmax_pairwise_choice = _d(
    "softmax_pairwise_choice",
    "pairwise choice is a sigmoid",
    ClaimKind.IDENTITY,
    "P(i over j) = s_i / (s_i + s_j) = σ(o_i - o_j)",
    _pairwise,
    results=(
        Result(
            "pairwise",
            quantity="softmax(o)[0]/(softmax(o)[0] + softmax(o)[1])",
            answer="sigmoid(o[0] - o[1])",
            vectors=("o:3",),
            mutants=(Mutant("sigmoid(o[1] - o[0])", "the order is reversed: P(i over j) = σ(o_i - o_j)"),),
        ),
    ),
)
softmax_neither_option = _d(
    "softmax_neither_option",
    "a 'neither' option is one more class",
    ClaimKind.IDENTITY,
    "s_i + s_j + s_neither = 1 for the softmax over (o_i, o_j, o_neither)",
    _neither,
    dims=(),
)

DERIVATIONS = (
    softmax_ratio,
    softmax_order_preserved,
    softmax_log_odds_affine,
    softmax_pairwise_choice,
    softmax_neither_option,
)
