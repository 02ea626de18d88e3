"""E12: softmin(x) = softmax(-x), and softmin reverses the order that softmax preserves."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, General, Kind, N, Point, Proof, Step, Var, Vec
from checks.vocabulary import softmax, softmin
from derivations._common import I, K, col

SOURCE = "000"


def _definition(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, n)
    neg = [-xi for xi in x.symbols]
    total = sp.Add(*[sp.exp(v) for v in neg])
    return Proof(
        variables=(x,),
        start=softmin(x.symbols),
        steps=(
            Step(col([sp.exp(v) / total for v in neg]), "exp(-x_i) = exp((-x)_i)"),
            Step(softmax(neg), "definition of softmax at -x"),
        ),
        reference=lambda p: ref.softmin(p["x"]),
    )


def _reverses(n: int) -> Proof:
    u, t = Var("u", Kind.REAL), Var("t", Kind.POSITIVE)
    others = (Var("w", Kind.LOGITS, n - 2),) if n > 2 else ()
    values = [u.sym + t.sym, u.sym, *(s for w in others for s in w.symbols)]
    total = sp.Add(*[sp.exp(-v) for v in values])

    def reference(p: Point) -> float:
        s = ref.softmin(np.concatenate([[p["u"] + p["t"], p["u"]], p["w"] if others else []]))
        return float(s[0] - s[1])

    return Proof(
        variables=(u, t, *others),
        start=sp.exp(-values[0]) / total - sp.exp(-values[1]) / total,
        steps=(
            Step(sp.exp(-u.sym) * (sp.exp(-t.sym) - 1) / total, "common denominator, factor e^{-u}"),
            Step(sp.Integer(0), "e^{-t} < 1 for t > 0: the larger x gets the smaller weight", rel="<"),
        ),
        reference=reference,
    )


def _all_n_definition() -> General:
    x = Vec("x", Kind.LOGITS)

    def softmax_of(entry: Callable[[sp.Expr], sp.Expr], i: sp.Expr) -> sp.Expr:
        return sp.exp(entry(i)) / sp.Sum(sp.exp(entry(K)), (K, 0, N - 1))

    return General(
        variables=(x,),
        indices=(I,),
        start=sp.exp(-x[I]) / sp.Sum(sp.exp(-x[K]), (K, 0, N - 1)),
        steps=(Step(softmax_of(lambda k: -x[k], I), "definition of softmax at the vector -x"),),
        reference=lambda p: ref.softmin(p["x"]),
    )


softmin_is_softmax_of_negative = Derivation(
    general=_all_n_definition,
    name="softmin_is_softmax_of_negative",
    exercise="E12",
    title="softmin(x) = softmax(-x)",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="softmin(x) = softmax(-x)",
    build=_definition,
)
softmin_reverses_order = Derivation(
    name="softmin_reverses_order",
    exercise="E12",
    title="softmin reverses the order",
    source=SOURCE,
    kind=ClaimKind.INEQUALITY,
    statement="x_i > x_j ⇒ softmin(x)_i < softmin(x)_j",
    build=_reverses,
    dims=(2, 3, 4, 5),
)

DERIVATIONS = (softmin_is_softmax_of_negative, softmin_reverses_order)
