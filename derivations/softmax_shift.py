"""E01: softmax is invariant under adding a constant to every logit; the stable form."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, General, Kind, Point, Proof, Step, Var, Vec, total
from checks.vocabulary import exp_total, softmax, softmax_at
from derivations._common import I, K, col

SOURCE = "003 P1, 004 Q2"


def _shift(n: int) -> Proof:
    x, c = Var("x", Kind.LOGITS, n), Var("c", Kind.REAL)
    e = [sp.exp(xi) for xi in x.symbols]
    total = sp.Add(*e)
    shifted = [sp.exp(xi + c.sym) for xi in x.symbols]
    return Proof(
        variables=(x, c),
        start=col([s / sp.Add(*shifted) for s in shifted]),
        steps=(
            Step(
                col([ei * sp.exp(c.sym) / (total * sp.exp(c.sym)) for ei in e]),
                "exp(x_i + c) = exp(x_i) e^c, in every term of the sum",
            ),
            Step(col([ei / total for ei in e]), "cancel e^c"),
            Step(softmax(x.symbols), "definition of softmax"),
        ),
        reference=lambda p: ref.softmax(p["x"] + p["c"]),
    )


def _stable(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    m = sp.Max(*x.symbols)
    stable = [sp.exp(xi - m) for xi in x.symbols]

    def reference(p: Point) -> np.ndarray:
        # The naive formula, written directly (not the stable one under test); overflow is skipped.
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(p["x"])
            return e / e.sum()

    return Proof(
        variables=(x,),
        start=col([s / sp.Add(*stable) for s in stable]),
        steps=(Step(softmax(x.symbols), "shift invariance with c = -max x"),),
        reference=reference,
    )


def _all_n_shift() -> General:
    x, c = Vec("x", Kind.LOGITS), Var("c", Kind.REAL)
    shifted_total = total(sp.exp(x[K] + c.sym), K)
    return General(
        variables=(x, c),
        indices=(I,),
        start=sp.exp(x[I] + c.sym) / shifted_total,
        steps=(
            Step(
                sp.exp(x[I]) * sp.exp(c.sym) / (sp.exp(c.sym) * exp_total(x.base)),
                "shift inside exp; e^c is a constant out of Σ",
            ),
            Step(softmax_at(x.base, I), "cancel e^c"),
        ),
        reference=lambda p: ref.softmax(p["x"] + p["c"]),
    )


softmax_shift_invariance = Derivation(
    general=_all_n_shift,
    name="softmax_shift_invariance",
    exercise="E01",
    title="softmax(x + c·1) = softmax(x)",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="softmax(x + c·1) = softmax(x) for every real c",
    build=_shift,
)
softmax_stable_form = Derivation(
    name="softmax_stable_form",
    exercise="E01",
    title="the stable softmax equals the plain one",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="exp(x_i - max x) / Σ_k exp(x_k - max x) = softmax(x)_i",
    build=_stable,
)

DERIVATIONS = (softmax_shift_invariance, softmax_stable_form)
