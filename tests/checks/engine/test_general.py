"""All-n proofs: scope labels, refutation at a concrete n, citations, crashes."""

from __future__ import annotations

import json

import sympy as sp

import derivations
from checks.engine.verify import verify
from checks.model import General, N
from checks.model.result import RunResult, Verdict
from checks.model.twins import with_general_step
from checks.report import render
from checks.vocabulary import softmax_at
from derivations._common import I, J

#: Issue 4's list: every general identity of the catalogue proved for every n.
ALL_N = (
    "softmax_shift_invariance",
    "softmax_jacobian",
    "softmax_jacobian_diagonal",
    "softmax_jacobian_off_diagonal",
    "softmax_jacobian_symmetric",
    "softmax_jacobian_kernel",
    "cross_entropy_gradient",
    "cross_entropy_rewrite",
    "cross_entropy_hessian",
    "cross_entropy_hessian_covariance",
    "logsumexp_gradient",
    "logsumexp_hessian",
    "logsumexp_convex",
    "logsumexp_translation",
    "kl_cross_entropy_identity",
    "softmin_is_softmax_of_negative",
    "policy_score",
    "batch_gradient_w",
    "batch_gradient_b",
)


def test_the_listed_results_are_verified_for_all_n_in_the_json():
    results = tuple(verify(derivations.get(name)) for name in ALL_N)
    doc = json.loads(render(RunResult(results, 0.0), "json"))
    for entry in doc["derivations"]:
        assert (entry["verdict"], entry["scope"]) == ("verified", "all n"), entry["name"]
        general_steps = [s for s in entry["steps"] if s["justification"].startswith("[all n]")]
        assert general_steps and all(s["verdict"] == "verified" and s["method"] for s in general_steps)


def test_the_jacobian_proof_names_the_rules_it_used():
    result = verify(derivations.get("softmax_jacobian"))
    methods = " ".join(s.method or "" for s in result.steps if s.justification.startswith("[all n]"))
    assert "δ-contraction" in methods and "cases i = j and i ≠ j" in methods


def test_a_wrong_general_off_diagonal_entry_is_refuted_at_a_concrete_n_and_point():
    x = derivations.get("softmax_jacobian_off_diagonal")
    twin = with_general_step(
        x, 2, expr=lambda g: softmax_at(g.variables[0].base, I) * (1 - softmax_at(g.variables[0].base, J))
    )
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED
    cex = result.counterexample
    assert cex is not None and cex.n == 2 and cex.entry == "i = 0, j = 1"
    assert cex.point == {"x": "(0, 0)"} and (cex.left, cex.right) == ("-0.25", "0.25")
    assert result.scope != "all n"


def test_a_silent_use_of_the_labels_summing_to_one_is_refuted_in_the_general_chain():
    twin = with_general_step(derivations.get("cross_entropy_gradient"), 3, using=())
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and "does not cite" in (result.counterexample.note or "")


def test_a_crashing_general_proof_is_inconclusive_and_keeps_the_concrete_scope():
    def broken() -> General:
        raise ValueError("boom")

    import dataclasses

    d = dataclasses.replace(derivations.get("logsumexp_gradient"), general=broken)
    result = verify(d)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.scope == "n ≤ 6"
    assert any("boom" in note for note in result.notes)


def test_a_general_claim_that_sympy_cannot_rewrite_is_never_verified():
    d = derivations.get("logsumexp_translation")
    twin = with_general_step(d, 2, expr=lambda g: sp.log(sp.Sum(sp.exp(g.variables[0][I]), (I, 0, N - 1))))
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED


def test_a_true_step_no_rule_can_prove_is_labelled_numeric_only_and_never_verified():
    d = derivations.get("logsumexp_translation")

    def reversed_sum(g: General) -> sp.Expr:  # Σ_k exp(x_{n-1-k}): true, but no rule reindexes
        x, b = g.variables[0], g.variables[1].sym
        return sp.log(sp.exp(b) * sp.Sum(sp.exp(x[N - 1 - I]), (I, 0, N - 1)))

    result = verify(with_general_step(d, 1, expr=reversed_sum))
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.scope == "numeric only"
    assert result.counterexample is None


def test_float64_overflow_between_two_true_steps_is_settled_without_mpmath(monkeypatch):
    import checks.engine.general as general
    from checks.engine.rows import EXTENDED

    if EXTENDED is None:
        return  # no extended precision here: every float disagreement goes to mpmath
    sent: list[int] = []
    original = general.GeneralChecker._confirm

    def recording(self, pair, *args):  # type: ignore[no-untyped-def]
        sent.append(pair.prev)
        return original(self, pair, *args)

    monkeypatch.setattr(general.GeneralChecker, "_confirm", recording)
    result = verify(derivations.get("softmax_jacobian"))
    assert result.verdict is Verdict.VERIFIED
    assert all(prev == 0 for prev in sent)  # only the start's link (its derivative overflows) remains


def _tail_sum_toy(rel: str):
    import numpy as np

    from checks.model import ClaimKind, Derivation, Kind, Proof, Step, Var, Vec, index

    def build(n: int) -> Proof:
        x = Var("x", Kind.LOGITS, n)
        return Proof(
            variables=(x,),
            start=sp.Add(*[sp.exp(x[k]) for k in range(1, n)]),
            steps=(Step(sp.Integer(0), "a sum of positive terms", rel=rel),),
            reference=lambda p: float(np.sum(np.exp(p["x"][1:]))),
        )

    def general() -> General:
        x, k = Vec("x", Kind.LOGITS), index("k")
        return General(
            variables=(x,),
            start=sp.Sum(sp.exp(x[k]), (k, 1, N - 1)),
            steps=(Step(sp.Integer(0), "a sum of positive terms", rel=rel),),
            reference=lambda p: float(np.sum(np.exp(p["x"][1:]))),
        )

    return Derivation(
        name="tail_sum_positive" if rel == ">" else "tail_sum_nonnegative",
        exercise="E08",
        title="Σ_{k=1}^{n-1} exp(x_k) against 0",
        source="tests",
        kind=ClaimKind.INEQUALITY,
        statement="Σ_{k=1}^{n-1} exp(x_k) ≥ 0",
        build=build,
        dims=(2, 3),
        general=general,
    )


def test_a_sum_that_can_be_empty_is_not_positive_and_the_tie_at_n_1_refutes_it():
    result = verify(_tail_sum_toy(">"))
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.n == 1
    assert result.counterexample.left == result.counterexample.right == "0"


def test_the_same_sum_is_non_negative_for_every_n():
    result = verify(_tail_sum_toy(">="))
    assert result.verdict is Verdict.VERIFIED, result.notes
    assert result.scope == "all n"


def test_an_all_n_step_whose_side_rounds_to_zero_at_z_500_is_not_refuted():
    import numpy as np

    from checks.engine.general import GeneralChecker
    from checks.model import Kind, Step, Var, Vec
    from checks.vocabulary import sigmoid

    x, z = Vec("x", Kind.LOGITS), Var("z", Kind.REAL)
    s = softmax_at(x, I)
    proof = General(
        variables=(x, z),
        indices=(I,),
        start=s * sigmoid(z.sym),
        steps=(Step(s * sp.exp(z.sym) * (1 - sigmoid(z.sym)), "σ(z) = e^z (1 - σ(z))"),),
        reference=lambda p: (
            np.exp(p["x"] - np.max(p["x"]))
            / np.sum(np.exp(p["x"] - np.max(p["x"])))
            * np.exp(-np.logaddexp(0.0, -float(p["z"])))
        ),
    )
    checker = GeneralChecker(proof, 0, 24, 10)
    checker.check_symbolic()
    checker.check_numeric()
    (pair,) = checker.pairs
    assert pair.symbolic is not None and pair.symbolic.proved is True
    assert pair.failure is None and pair.checked > 0


def _all_n_verdict(proof: General) -> Verdict:
    from checks.engine.general import GeneralChecker
    from checks.engine.verify import _pair_verdict
    from checks.model.result import worst

    checker = GeneralChecker(proof, 0, 24, 10)
    checker.check_symbolic()
    checker.check_numeric()
    return worst([_pair_verdict(p) for p in checker.pairs])


def test_a_count_of_terms_that_can_be_negative_is_not_taken():

    from checks.model import Kind, Step, Vec, index

    k, x = index("k"), Vec("x", Kind.LOGITS)
    proof = General(
        variables=(x,),
        start=sp.Sum(sp.Integer(1), (k, 0, 65 - N)),  # 66 - n terms, none at all past n = 66
        steps=(Step(66 - N, "Σ of a constant"),),
        reference=lambda p: float(max(66 - len(p["x"]), 0)),
    )
    assert _all_n_verdict(proof) is not Verdict.VERIFIED


def test_a_free_index_is_never_captured_by_a_sum_over_two_limits():
    import numpy as np

    from checks.model import Kind, Step, Vec, index

    j, k, t, x = index("j"), index("k"), index("t"), Vec("x", Kind.LOGITS)
    inner = sp.Sum(sp.exp(x[j] * x[k]), (j, 0, N - 1), (t, 0, 0))  # binds its own j
    proof = General(
        variables=(x,),
        indices=(j,),
        start=sp.Sum(sp.KroneckerDelta(j, k) * inner, (k, 0, N - 1)),  # Σ_m exp(x_m x_j)
        steps=(Step(sp.Sum(sp.exp(x[j] ** 2), (j, 0, N - 1), (t, 0, 0)), "δ-contraction"),),
        reference=lambda p: np.array([np.sum(np.exp(p["x"] * xj)) for xj in p["x"]]),
    )
    from checks.engine.general import GeneralChecker

    checker = GeneralChecker(proof, 0, 24, 10)
    checker.check_symbolic()
    (pair,) = checker.pairs
    assert pair.symbolic is not None and pair.symbolic.proved is not True  # the proof itself fails
    assert _all_n_verdict(proof) is Verdict.REFUTED


def test_a_derivative_by_x_k_of_a_sum_over_its_own_k_is_not_one():
    from checks.model import Kind, Step, Vec, index

    k, x = index("k"), Vec("x", Kind.LOGITS)
    lse = sp.log(sp.Sum(sp.exp(x[k]), (k, 0, N - 1)))
    proof = General(
        variables=(x,),
        start=N,
        steps=(Step(sp.Sum(sp.Derivative(lse, x[k]), (k, 0, N - 1)), "each ∂g/∂x_k = 1"),),
        reference=lambda p: float(len(p["x"])),
    )
    assert _all_n_verdict(proof) is Verdict.REFUTED  # Σ_k ∂g/∂x_k = Σ_k s_k = 1


def test_a_sum_of_terms_that_may_be_complex_is_not_taken_for_a_real_number():
    import numpy as np

    from checks.engine.general import GeneralChecker
    from checks.model import Kind, Step, Vec, index, total

    x, k = Vec("x", Kind.LOGITS), index("k")
    s = total(sp.sqrt(1 - x[k] ** 2), k)  # imaginary where |x_k| > 1: S² may be negative
    proof = General(
        (x,),
        total(x[k] ** 2, k),
        (Step(total(x[k] ** 2, k) + s**2, "a square is nonnegative", rel="<="),),
        reference=lambda p: float(np.sum(p["x"] ** 2)),
    )
    checker = GeneralChecker(proof, seed=0, count=8, timeout=10)
    checker.check_symbolic()
    assert checker.pairs[0].symbolic.proved is not True


# -- soundness round 2 ----------------------------------------------------------------------


def _squares_toy(start, steps, reference, name: str = "squares"):
    """A one-size concrete proof (always true) beside an all-n chain under test."""
    import numpy as np

    from checks.model import ClaimKind, Derivation, Kind, Proof, Step, Var, Vec, index

    def build(n: int) -> Proof:
        x = Var("x", Kind.LOGITS, n)
        total = sp.Add(*[x[k] ** 2 for k in range(n)])
        return Proof(
            variables=(x,),
            start=total,
            steps=(Step(total, "as defined"),),
            reference=lambda p: float(np.sum(p["x"] ** 2)),
        )

    def general() -> General:
        x, k = Vec("x", Kind.LOGITS), index("k")
        return General(variables=(x,), start=start(x, k), steps=steps(x, k), reference=reference)

    return Derivation(
        name=name,
        exercise="E08",
        title="Σ x_k²",
        source="tests",
        kind=ClaimKind.IDENTITY,
        statement="Σ x_k²",
        build=build,
        dims=(2,),
        general=general,
    )


def _sum_of_squares(x, k, hi=N - 1):
    return sp.Sum(x[k] ** 2, (k, 0, hi))


def test_a_wrong_step_over_a_shorter_sum_is_refuted_at_n_2():
    # Σ_{k=0}^{n-2} reused the values of Σ_{k=0}^{n-1}: this step (right only at n = 1) was
    # silently equal at n = 2 and could not be evaluated beyond.
    from checks.model import Step

    toy = _squares_toy(
        _sum_of_squares,
        lambda x, k: (
            Step(_sum_of_squares(x, k, N - 2) + sp.KroneckerDelta(N, 1) * x[0] ** 2, "drop the last term"),
        ),
        lambda p: float((p["x"] ** 2).sum()),
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED
    cex = result.counterexample
    assert cex is not None and cex.justification == "drop the last term" and cex.n == 2
    assert not any("cannot evaluate" in note for note in result.notes)


def test_an_all_n_step_naming_an_entry_past_the_last_says_so_and_is_never_a_crash():
    # Σ_k x_{k+1}² names x_n, which no vector of n entries has: an IndexError ("internal error")
    # before, and x_{k-1} at k = 0 would have wrapped round to the last entry.
    from checks.model import Step

    toy = _squares_toy(
        _sum_of_squares,
        lambda x, k: (Step(sp.Sum(x[k + 1] ** 2, (k, 0, N - 1)), "shift the index"),),
        lambda p: float((p["x"] ** 2).sum()),
    )
    result = verify(toy)
    assert result.verdict is not Verdict.VERIFIED
    assert not any("internal error" in note for note in result.notes)
    assert any("names an entry outside x" in note for note in result.notes)


def test_a_wrong_reference_of_an_all_n_proof_is_inconclusive_never_a_refutation():
    from checks.model import Step

    toy = _squares_toy(
        _sum_of_squares,
        lambda x, k: (Step(sp.Sum(x[k] * x[k], (k, 0, N - 1)), "x² = x·x"),),
        lambda p: float((p["x"] ** 2).sum()) + 1,
    )
    result = verify(toy)
    assert result.verdict is Verdict.INCONCLUSIVE and result.counterexample is None
    assert any(
        note.startswith("all n: the NumPy reference disagrees with the start") for note in result.notes
    )


def test_a_wrong_start_of_an_all_n_proof_is_refuted_through_sympys_value_of_it():
    from checks.model import Step

    toy = _squares_toy(
        lambda x, k: sp.Sum(x[k] ** 3, (k, 0, N - 1)),
        lambda x, k: (Step(_sum_of_squares(x, k), "as defined"),),
        lambda p: float((p["x"] ** 2).sum()),
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.justification == "as defined"


def test_an_all_n_step_off_by_a_trillionth_is_refuted_exactly():
    from checks.model import Step

    toy = _squares_toy(
        _sum_of_squares,
        lambda x, k: (Step(_sum_of_squares(x, k) + sp.Rational(1, 10**12), "nothing added (wrong)"),),
        lambda p: float((p["x"] ** 2).sum()),
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED, result.notes
    cex = result.counterexample
    assert cex is not None and cex.note == "certified by exact rational arithmetic"
    assert cex.residual == "-1/1000000000000"


def test_an_all_n_point_where_a_derivative_is_taken_at_a_kink_refutes_nothing():
    import numpy as np

    from checks.model import ClaimKind, Derivation, Kind, Proof, Step, Var, Vec, index

    def build(n: int) -> Proof:
        x = Var("x", Kind.LOGITS, n)
        return Proof(
            variables=(x,),
            start=sp.Add(*[x[k] ** 2 for k in range(n)]),
            steps=(Step(sp.Add(*[x[k] ** 2 for k in range(n)]), "as defined"),),
            reference=lambda p: float(np.sum(p["x"] ** 2)),
        )

    def general() -> General:
        x, i, k = Vec("x", Kind.LOGITS), index("i"), index("k")
        return General(
            variables=(x,),
            indices=(i,),
            start=sp.Derivative(sp.Sum(sp.Abs(x[k]), (k, 0, N - 1)), x[i]) ** 2,
            steps=(Step(sp.Integer(1), "the slope of |x_i| is ±1"),),
            reference=lambda p: np.ones_like(p["x"]),
        )

    toy = Derivation(
        name="abs_slope",
        exercise="E08",
        title="(∂/∂x_i Σ|x_k|)² = 1",
        source="tests",
        kind=ClaimKind.IDENTITY,
        statement="(∂/∂x_i Σ|x_k|)² = 1",
        build=build,
        dims=(2,),
        general=general,
    )
    result = verify(toy)
    assert result.verdict is not Verdict.REFUTED, result.counterexample


def test_only_the_steps_of_the_all_n_proof_are_labelled_all_n():
    result = verify(derivations.get("softmax_jacobian"))
    concrete = len(derivations.get("softmax_jacobian").proof().steps)
    labels = [step.justification.startswith("[all n] ") for step in result.steps]
    assert labels == [False] * concrete + [True] * (len(labels) - concrete)


def test_a_wrong_all_n_step_never_waits_for_the_ladders_of_the_concrete_sizes(monkeypatch):
    import checks.engine.concrete as concrete
    from checks.model import Step

    budgets: list[float] = []
    real = concrete.prove_relation

    def recording(left, rel, right, subs, budget, **kwargs):
        budgets.append(budget)
        return real(left, rel, right, subs, budget, **kwargs)

    monkeypatch.setattr(concrete, "prove_relation", recording)
    toy = _squares_toy(
        _sum_of_squares,
        lambda x, k: (Step(_sum_of_squares(x, k) + x[0], "add nothing (wrong)"),),
        lambda p: float((p["x"] ** 2).sum()),
    )
    result = verify(toy, timeout=10.0)
    assert result.verdict is Verdict.REFUTED and budgets and all(b <= 1.0 for b in budgets)
