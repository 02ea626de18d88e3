"""The named lemmas the sign prover may apply: each statement, its domain, how it is proved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lemma:
    """A named inequality. ``claims`` (with ``assume`` and ``vectors``) state it, or the cases
    and identities of its exact argument, as claims the checker verifies by another route
    (``proof`` says which: the lemma itself is never used to prove itself; see
    ``tests/checks/prove/test_lemmas.py``). ``name`` is what a proof cites."""

    name: str
    claims: tuple[str, ...]
    proof: str
    assume: tuple[str, ...] = ()
    vectors: tuple[str, ...] = ()


EXP_TANGENT = Lemma("exp(u) ≥ 1 + u", ("exp(u) >= 1 + u",), "first-derivative test at u = 0")
EXP_UPPER = Lemma(
    "exp(u) ≤ 1/(1 - u) for u < 1",
    ("exp(-v) >= 1 - v",),
    "exp(-v) ≥ 1 - v (the tangent lemma at -v), inverted where 1 - v > 0",
)
EXP_AT_MOST_ONE = Lemma("exp(u) ≤ 1 for u ≤ 0", ("exp(-v) <= 1",), "monotone peel", assume=("v > 0",))
LOG_UPPER = Lemma("log u ≤ u - 1", ("log(u) <= u - 1",), "first-derivative test at u = 1", assume=("u > 0",))
LOG_LOWER = Lemma(
    "log u ≥ 1 - 1/u, i.e. log(1 + x) ≥ x/(1 + x)",
    ("log(u) >= 1 - 1/u",),
    "first-derivative test at u = 1",
    assume=("u > 0",),
)
LOG_OF_PROBABILITY = Lemma(
    "log p < 0 for an entry p of a probability vector",
    ("log(p[2]) < 0",),
    "monotone peel: p_2 = 1 - p_0 - p_1 < 1",
    vectors=("p:3:probabilities",),
)
LSE_JENSEN = Lemma(
    "Jensen: log Σ exp(u_k) ≥ Σ w_k u_k + H(w)",
    ("log(1 + exp(x)) >= x/2 + log(2)",),
    "the two-term instance by the first-derivative test at x = 0; in general Jensen's "
    "inequality for the concave log, Σ w_k e^{u_k}/w_k ≥ Π (e^{u_k}/w_k)^{w_k} (weighted AM-GM)",
)
LSE_ABOVE_TERM = Lemma(
    "log Σ exp(u_k) > u_j, so LSE(x) > max x",
    ("log(exp(a) + exp(b)) > a",),
    "monotone peel",
)
LSE_BELOW_MAX = Lemma(
    "LSE(x) ≤ max x + log n",
    ("log(exp(a) + exp(b) + exp(c)) <= Max(a, b, c) + log(3)",),
    "case split on Max, then the largest exp factored out and bounded",
)
SOFTPLUS = Lemma(
    "softplus: max(0, x) < log(1 + e^x) ≤ max(0, x) + log 2",
    (
        "log(1 + exp(x)) > x",
        "log(1 + exp(-x)) > 0",
        "log(1 + exp(x)) <= x + log(2)",
        "log(1 + exp(-x)) <= log(2)",
    ),
    "the case x > 0 and the case -x > 0 (x = 0: log 2 on both sides), each by a monotone peel",
    assume=("x > 0",),
)
TANH_BOUNDED = Lemma(
    "|tanh u| < 1",
    ("tanh(u) = 1 - 2/(exp(2*u) + 1)", "1 - 2/(exp(2*u) + 1) < 1", "1 - 2/(exp(2*u) + 1) > -1"),
    "tanh u = 1 - 2/(e^{2u} + 1), and 0 < 2/(e^{2u} + 1) < 2",
)
TANH_BELOW_IDENTITY = Lemma(
    "tanh u ≤ u for u ≥ 0", ("tanh(u) < u",), "first-derivative test from u = 0", assume=("u > 0",)
)
ENTROPY_POSITIVE = Lemma(
    "entropy ≥ 0 (each -p log p > 0 on the simplex)",
    ("entropy(p) > 0",),
    "log p < 0 on the simplex, term by term",
    vectors=("p:3:probabilities",),
)
ENTROPY_AT_MOST_LOG_N = Lemma(
    "entropy ≤ log n",
    ("entropy(p) <= log(3)",),
    "Σ p_k log(3 p_k) ≥ Σ p_k (1 - 1/(3 p_k)) = 0 (log u ≥ 1 - 1/u and Σ p = 1)",
    vectors=("p:3:probabilities",),
)
GIBBS = Lemma(
    "Gibbs: H(p, q) ≥ H(p), i.e. KL(p, q) ≥ 0",
    ("KL(p, q) >= 0", "KL(p, q) = cross_entropy(p, q) - entropy(p)"),
    "Σ p_k log(p_k/q_k) ≥ Σ p_k (1 - q_k/p_k) = 0 (log u ≥ 1 - 1/u and Σ p = Σ q = 1)",
    vectors=("p:3:probabilities", "q:3:probabilities"),
)
TRIANGLE = Lemma(
    "triangle inequality |a + b| ≤ |a| + |b|",
    ("Abs(a + b) <= a + b", "(a - b)**2 <= (a + b)**2"),
    "the signs of a and b: alike, |a + b| = |a| + |b|; unlike, it is |a - b| ≤ a + b for a, b > 0, "
    "i.e. (a - b)² ≤ (a + b)² (both sides are ≥ 0)",
    assume=("a > 0", "b > 0"),
)

#: Every lemma, in the order the prover tries them.
LEMMAS: tuple[Lemma, ...] = (
    EXP_TANGENT,
    EXP_UPPER,
    EXP_AT_MOST_ONE,
    LOG_UPPER,
    LOG_LOWER,
    LOG_OF_PROBABILITY,
    LSE_JENSEN,
    LSE_ABOVE_TERM,
    LSE_BELOW_MAX,
    SOFTPLUS,
    TANH_BOUNDED,
    TANH_BELOW_IDENTITY,
    ENTROPY_POSITIVE,
    ENTROPY_AT_MOST_LOG_N,
    GIBBS,
    TRIANGLE,
)


def cite(lemmas: list[Lemma] | tuple[Lemma, ...]) -> str:
    """The method's words for a proof that used ``lemmas``."""
    names = list(dict.fromkeys(lemma.name for lemma in lemmas))
    return "lemma: " + "; ".join(names) if len(names) == 1 else "lemmas: " + "; ".join(names)
