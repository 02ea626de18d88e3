"""Tutorial, part 4: a limit, softmax at a high temperature T tends to the uniform distribution."""

from collections.abc import Mapping

import numpy as np
import sympy as sp

from checks import ClaimKind, Derivation, Kind, Limit, Proof, Step, Var
from checks.vocabulary import sigmoid, softmax


def reference(p: Mapping[str, np.ndarray]) -> float:
    """softmax(o / T)_0 in NumPy; p["o"] has shape (2,), p["T"] is a 0-d array."""
    z = p["o"] / p["T"]
    e = np.exp(z - z.max())
    return float(e[0] / e.sum())


def build(n: int) -> Proof:
    o = Var("o", Kind.LOGITS, 2)
    t = Var("T", Kind.POSITIVE)  # positive: sampled > 0, and SymPy knows T > 0
    return Proof(
        variables=(o, t),
        start=softmax([o[0] / t.sym, o[1] / t.sym])[0],
        steps=(
            Step(sigmoid((o[0] - o[1]) / t.sym), "divide by exp(o_0 / T): a softmax of two is a sigmoid"),
        ),
        reference=reference,
        limit=Limit(t.sym, sp.oo, sp.Rational(1, 2)),  # as T → ∞ the chain tends to 1/2
    )


hot_softmax = Derivation(
    name="hot_softmax",
    exercise="E13",
    title="softmax at a high temperature",
    source="the tutorial",
    kind=ClaimKind.LIMIT,
    statement="softmax(o / T)_0 → 1/2 as T → ∞ (two classes)",
    build=build,
    dims=(),  # the size is fixed inside build: o has two entries
)
