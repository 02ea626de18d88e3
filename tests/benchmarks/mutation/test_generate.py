"""Mutants are drawn deterministically, named reproducibly, and sorted into built, rejected and
unresolved."""

from __future__ import annotations

import pytest

from benchmarks.mutation.generate import generate, mutant
from checks.model import Derivation


def test_the_same_seed_draws_the_same_mutants_and_another_seed_others():
    first = generate(seed=3, families=["E03"], operators=["sign_flip", "start"])
    again = generate(seed=3, families=["E03"], operators=["sign_flip", "start"])
    other = generate(seed=4, families=["E03"], operators=["sign_flip", "start"])
    names = [m.name for m in first.mutants]
    assert names == [m.name for m in again.mutants] and len(names) >= 20
    assert names != [m.name for m in other.mutants]


def test_a_mutant_s_name_reproduces_it_whatever_seed_drew_it():
    drawn = generate(seed=5, families=["sigmoid_derivative"], operators=["constant"]).mutants[0]
    again = mutant(drawn.name)
    assert (again.description, again.operator, again.site) == (drawn.description, drawn.operator, drawn.site)
    assert again.derivation.build(0) == drawn.derivation.build(0)


def test_every_mutant_records_its_family_exercise_operator_site_and_change():
    for m in generate(families=["E09"]).mutants:
        assert isinstance(m.derivation, Derivation) and m.name == f"{m.family}__{m.operator}_{m.site}"
        assert m.exercise == "E09" and m.description.startswith(m.where)


def test_a_change_the_model_refuses_is_rejected_at_build():
    made = generate(families=["realsoftmax_bound"], operators=["relation"], per_operator=10)
    rejected = {m.description: why for m, why in made.rejected}
    assert "step 2: relation = → <" in rejected
    assert "mix ≤ and ≥" in rejected["step 2: relation = → <"]
    assert all(m.description not in rejected for m in made.mutants)


def test_a_site_with_no_counterpart_at_some_size_is_left_out():
    # log 2 at n = 2 is log 3 at n = 3: "the constant 2" is not one site at every size.
    made = generate(families=["logsumexp_upper_bound"], operators=["constant"], per_operator=10)
    unresolved = [m.description for m, _ in made.unresolved]
    assert any("constant 2 → 3 in log(2)" in d for d in unresolved)
    assert not made.mutants


def test_unknown_operators_and_names_are_refused():
    with pytest.raises(ValueError, match="unknown operator"):
        generate(operators=["sign_flop"])
    with pytest.raises(ValueError, match="not a mutant name"):
        mutant("softmax_jacobian")
