"""The oracle confirms wrong mutants at an exact point, discards equivalent ones, finds no fault
in the catalogue, and owes nothing to the engine it judges."""

from __future__ import annotations

import ast
from pathlib import Path

import mpmath
import pytest

import derivations
from benchmarks.mutation import oracle
from benchmarks.mutation.generate import Mutant
from benchmarks.mutation.oracle import _violation, judge
from tests.benchmarks.mutation.helpers import pick

ROOT = Path(__file__).resolve().parents[3]


def test_a_flipped_sign_in_a_step_is_confirmed_at_that_step():
    _, m = pick("softmax_jacobian_diagonal", "sign_flip", where="step 2", contains="negate exp(x0)/")
    j = judge(m)
    assert j.wrong and j.link.startswith("step 2 =") and j.left != j.right
    assert "stable in 50 and 100 digits" in j.note


def test_a_changed_start_is_confirmed_on_the_link_to_step_one():
    _, m = pick("sigmoid_derivative", "start", contains="[constant] constant 1 → 2")
    j = judge(m)
    assert j.wrong and j.link.startswith("step 1 =")


def test_an_equivalent_mutant_is_discarded_after_every_link_was_compared():
    # ∂s_0/∂x_1 and ∂s_1/∂x_0 are equal: swapping x0 and x1 in that entry changes nothing.
    _, m = pick(
        "softmax_jacobian_symmetric",
        "start",
        contains="[swap_ij] x0 ↔ x1 in Derivative(exp(x0)/(exp(x0) + exp(x1)), x1)",
    )
    j = judge(m)
    assert j.status == "unconfirmed" and not j.unseen and "step 1" in j.looked


def test_a_start_made_smaller_under_an_upper_bound_is_discarded():
    _, m = pick("logsumexp_upper_bound", "start", contains="[drop_term] drop the term exp(x0)")
    assert judge(m).status == "unconfirmed"


def test_a_dropped_citation_is_confirmed_off_the_simplex():
    _, m = pick("cross_entropy_gradient", "citation", where="step 3")
    j = judge(m)
    assert j.wrong and "off the simplex of y" in j.link


def test_a_strict_relation_on_an_identity_is_confirmed_by_an_exact_tie():
    _, m = pick("sigmoid_derivative", "relation", where="step 2", contains="= → <")
    j = judge(m)
    assert j.wrong and j.note == "an exact tie of a strict relation"


def test_a_strict_relation_that_always_holds_is_discarded():
    _, m = pick("realsoftmax_bound", "relation", where="step 1", contains="> → >=")
    assert judge(m).status == "unconfirmed"


def test_a_wrong_limit_value_is_confirmed_by_the_start_far_along():
    _, m = pick("realsoftmax_limit", "max_min", where="limit value")
    j = judge(m)
    assert j.wrong and j.link.startswith("limit lam → oo")


def test_a_difference_too_small_for_fifty_digits_is_confirmed_in_higher_precision():
    # log(e^100 + e^2 + e) written with -e^-98 for +e^-98: off by 2e^-98 beside 100.
    _, m = pick("logsumexp_stable_example", "sign_flip", where="step 1", contains="negate exp(-98)")
    assert judge(m).wrong


def test_an_all_n_mutant_is_confirmed_at_a_concrete_size_and_entry():
    _, m = pick("softmax_jacobian", "delta", where="all-n step 1", contains="→ 0")
    j = judge(m)
    assert j.wrong and "(n = 2, i = 0, j = 0)" in j.link


def test_a_changed_reference_is_confirmed_against_the_start_and_an_unchanged_one_is_not():
    _, m = pick("softmax_jacobian_diagonal", "reference", contains="1.5")
    j = judge(m)
    assert j.wrong and j.link.startswith("reference against the start")
    _, m = pick("softmax_jacobian_diagonal", "reference", contains="transposed")  # a vector
    assert judge(m).status == "unconfirmed"


def test_a_difference_that_moves_with_the_precision_is_noise():
    with mpmath.workdps(120):
        one = mpmath.mpf(1)
        noise = ((one + mpmath.mpf("1e-50"), one + mpmath.mpf("1e-100")), (one, one))
        assert _violation("=", None, *noise) is None
        assert _violation("<", None, *noise) == "tie"  # to be confirmed exactly, or dropped
        real = ((one + mpmath.mpf("1e-30"), one + mpmath.mpf("1e-30")), (one, one))
        assert _violation("=", None, *real) == "differs"
        assert _violation("<=", None, *real) == "differs" and _violation(">=", None, *real) is None
        assert _violation("=", 1e-20, *real) is None  # within a numeric claim's tolerance


def test_a_swap_equivalent_at_the_smallest_size_is_confirmed_at_a_larger_one():
    # ∂s_1/∂x_1 = s_0 s_1 = ∂s_0/∂x_0 at n = 2 only.
    _, m = pick(
        "softmax_jacobian_symmetric",
        "start",
        contains="[swap_ij] x0 ↔ x1 in Derivative(exp(x0)/(exp(x0) + exp(x1)), x0)",
    )
    j = judge(m)
    assert j.wrong and "(n = 3)" in j.link


@pytest.mark.parametrize(
    "name",
    [
        "softmax_shift_invariance",
        "softmax_sigmoid",
        "softmax_jacobian",
        "sigmoid_derivative",
        "cross_entropy_gradient",
        "logsumexp_convex",
        "realsoftmax_limit",
        "kl_gibbs",
        "boltzmann_cold_limit",
        "coding_rate_limit",
        "logsumexp_stable_example",
        "binary_cross_entropy_gradient",
    ],
)
def test_the_oracle_finds_no_fault_in_correct_work(name):
    d = derivations.get(name)
    for part in ("concrete", "general") if d.general is not None else ("concrete",):
        for op in ("none", "reference"):
            j = judge(Mutant(d.name, d.exercise, op, 0, "", part, "the derivation itself", d))
            assert j.status == "unconfirmed", (part, op, j)
            assert not j.unseen, (part, op, j.unseen)  # and it did compare every link


def test_the_oracle_uses_nothing_of_the_engine_but_the_data_model():
    package = ROOT / "benchmarks" / "mutation"
    for module in ("oracle", "evaluate", "points"):
        tree = ast.parse((package / f"{module}.py").read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        engine = {name for name in imported if name and name.startswith("checks") and name != "checks.model"}
        assert not engine, (module, engine)
    assert oracle.DIGITS == (50, 100)
