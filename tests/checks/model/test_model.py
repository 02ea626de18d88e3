"""Derivations as data: what a proof must say to be checkable, refused early with the reason."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy as sp

from checks.errors import DerivationError
from checks.model import Kind, Limit, Proof, Step, Var

t = Var("t", Kind.POSITIVE)
z = Var("z", Kind.REAL)


def _proof(*steps: Step, limit: Limit | None = None, variables: tuple[Var, ...] = (t,)) -> Proof:
    return Proof(variables=variables, start=t.sym, steps=steps, reference=lambda p: 0.0, limit=limit)


def test_two_variables_that_share_a_symbol_are_refused():
    weights, bias = Var("w", Kind.LOGITS, 2), Var("w0", Kind.REAL)
    with pytest.raises(DerivationError, match=r"share the symbol.*w0"):
        _proof(Step(t.sym, "same"), variables=(weights, bias, t))


def test_a_chain_that_mixes_directions_is_refused():
    with pytest.raises(DerivationError, match="mix ≤ and ≥"):
        _proof(Step(sp.Integer(0), "t > 0", rel=">="), Step(sp.Integer(1), "0 < 1", rel="<="))
    _proof(
        Step(t.sym + 0, "same"),
        Step(sp.Integer(0), "t > 0", rel=">"),
        Step(sp.Integer(-1), "0 > -1", rel=">="),
    )


def test_a_limit_through_inequalities_needs_a_squeeze_from_both_sides():
    lower = Step(sp.Integer(0), "t > 0", rel=">")
    with pytest.raises(DerivationError, match="only as a squeeze"):
        _proof(lower, limit=Limit(t.sym, 0, sp.Integer(0)))
    with pytest.raises(DerivationError, match="both chains of the squeeze give lower bounds"):
        _proof(lower, limit=Limit(t.sym, 0, sp.Integer(0), upper_steps=(lower,)))
    upper = Step(2 * t.sym, "t < 2t", rel="<")
    _proof(lower, limit=Limit(t.sym, 0, sp.Integer(0), upper_steps=(upper,)))  # a real squeeze
    _proof(Step(t.sym + 0, "same"), limit=Limit(t.sym, 0, sp.Integer(0)))  # equalities alone


def test_a_sequence_that_does_not_approach_the_point_is_refused():
    with pytest.raises(DerivationError, match="does not approach"):
        Limit(t.sym, 0, sp.Integer(0), sequence=(1.0, 10.0, 1e8))
    with pytest.raises(DerivationError, match="does not approach"):
        Limit(t.sym, sp.oo, sp.Integer(0), sequence=(1.0, 0.1))
    Limit(t.sym, 0, sp.Integer(0), sequence=(1.0, 1e-2, 1e-8))


def test_a_finite_limit_is_approached_from_every_side_the_variable_comes_from():
    one_sided = Limit(t.sym, 0, sp.Integer(0))  # t > 0: from the right only
    assert one_sided.direction == "+"
    assert [np.sign(s[-1]) for s in one_sided.sequences()] == [1]
    two_sided = Limit(z.sym, 0, sp.Integer(0))
    assert two_sided.direction == "+-"
    assert [np.sign(s[-1]) for s in two_sided.sequences()] == [1, -1]
    assert Limit(z.sym, sp.oo, sp.Integer(0)).sequences()[0][-1] >= 1e6


def test_a_limit_at_a_symbolic_point_or_of_a_vector_entry_or_out_of_reach_is_refused():
    a = sp.Symbol("a", real=True)
    with pytest.raises(DerivationError, match="must be a number"):
        Limit(t.sym, a, sp.Integer(0))
    x = Var("x", Kind.LOGITS, 2)
    with pytest.raises(DerivationError, match="must be a scalar variable"):
        _proof(Step(t.sym + 0, "same"), limit=Limit(x.symbols[0], sp.oo, sp.Integer(0)), variables=(x, t))
    with pytest.raises(DerivationError, match="never comes near -1"):
        _proof(Step(t.sym + 0, "same"), limit=Limit(t.sym, -1, sp.Integer(0)))  # t > 0


def _chain(start, *steps, tolerance=None) -> Proof:
    a = Var("a", Kind.REAL)
    return Proof((a,), start, tuple(steps), reference=lambda p: p["a"], tolerance=tolerance)


def test_a_symbol_named_like_a_variable_but_with_other_assumptions_is_refused():
    # Symbol("a", positive=True) is not the real variable a: SymPy would prove a = sign(a) a.
    impostor = sp.Symbol("a", positive=True)
    with pytest.raises(DerivationError, match="the chain uses a, which no variable of the proof is"):
        _chain(impostor, Step(sp.sign(impostor, evaluate=False) * impostor, "a = sign(a) a"))
    a = Var("a", Kind.REAL).sym
    assert _chain(a, Step(a, "same")).start == a  # the variable's own symbol is fine


def test_matrices_of_different_shapes_in_one_chain_are_refused():
    a = Var("a", Kind.REAL).sym
    with pytest.raises(DerivationError, match=r"different shapes \(1 × 2, 2 × 1\)"):
        _chain(sp.ImmutableMatrix([[a], [a]]), Step(sp.ImmutableMatrix([[a, a]]), "transpose"))
    # A scalar beside a matrix is compared with every entry: that is allowed.
    _chain(sp.ImmutableMatrix([[a], [a]]), Step(sp.Integer(0) * a, "zero", rel=">="))


@pytest.mark.parametrize("tolerance", [float("inf"), float("nan"), 0.0, -1e-3])
def test_a_tolerance_must_be_a_positive_number(tolerance):
    a = Var("a", Kind.REAL).sym
    with pytest.raises(DerivationError, match="the tolerance must be a positive number"):
        _chain(a, Step(a + 5, "close enough"), tolerance=tolerance)


def test_an_all_n_index_must_be_made_by_index_and_no_name_may_begin_with_an_underscore():
    from checks.model import General, N, Vec, index

    x = Vec("x", Kind.LOGITS)

    def general(i: sp.Symbol) -> General:
        return General(
            (x,),
            (N - 4) ** 2 + i,
            (Step(sp.Integer(0), "> 0", rel=">"),),
            reference=lambda p: 0.0,
            indices=(i,),
        )

    with pytest.raises(DerivationError, match=r"must be made by checks.model.index\('i'\)"):
        general(sp.Symbol("i", integer=True, positive=True))  # i ≥ 1 would prove 0 + i > 0
    with pytest.raises(DerivationError, match="'_k0' begins with '_'"):
        general(index("_k0"))  # the engine's own name for a bound index: it would be captured
    assert general(index("i")).indices == (index("i"),)


def test_an_all_n_chain_may_use_only_its_own_vectors_scalars_indices_and_n():
    from checks.model import General, Vec, index

    x, i = Vec("x", Kind.LOGITS), index("i")
    impostor = sp.IndexedBase("x", positive=True)  # not the logits x: SymPy would prove x_i = |x_i|
    with pytest.raises(DerivationError, match="the chain uses x, which is not a variable"):
        General(
            (x,), impostor[i], (Step(sp.Abs(impostor[i]), "= |x|"),), reference=lambda p: 0.0, indices=(i,)
        )
    with pytest.raises(DerivationError, match="the chain uses c, which is not a variable"):
        General((x,), x[i], (Step(x[i] + sp.Symbol("c"), "plus c"),), reference=lambda p: 0.0, indices=(i,))
    k = index("k")
    ok = General(
        (x,),
        sp.Sum(x[k], (k, 0, 2)) + x[i],
        (Step(x[i] + x.total(), "Σ"),),
        reference=lambda p: 0.0,
        indices=(i,),
    )
    assert ok.indices == (i,)


@pytest.mark.parametrize("sizes", [(2.5,), (0,), (-3,), ()])
def test_the_sizes_of_an_all_n_proof_are_whole_numbers_from_one(sizes):
    from checks.model import General, Vec

    x = Vec("x", Kind.LOGITS)
    with pytest.raises(DerivationError, match="sizes must be whole numbers"):
        General((x,), sp.Integer(0), (Step(sp.Integer(0), "same"),), reference=lambda p: 0.0, sizes=sizes)


def test_an_all_n_proof_is_always_checked_at_the_small_sizes_whatever_it_chooses():
    from checks.model import General, Vec

    x = Vec("x", Kind.LOGITS)
    proof = General(
        (x,), sp.Integer(0), (Step(sp.Integer(0), "same"),), reference=lambda p: 0.0, sizes=(4, 64)
    )
    assert proof.checked_sizes == (1, 2, 3, 4, 5, 8, 64)


def _derivation(exercise: object) -> object:
    from checks.model import ClaimKind, Derivation

    return Derivation(
        "mine",
        exercise,
        "t",
        "s",
        ClaimKind.IDENTITY,
        "t = t",
        lambda n: _proof(Step(t.sym, "same")),
        dims=(),
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("exercise", ["E03", "HW1", "ex-3", "week2.q4", "7", "lab_2", "A" * 20])
def test_any_short_exercise_id_is_taken(exercise):
    assert _derivation(exercise).exercise == exercise  # type: ignore[attr-defined]


@pytest.mark.parametrize("exercise", ["HW 1", "", "-3", ".q4", "A" * 21, "é1", "E03\n", 3])
def test_an_exercise_id_that_is_not_short_is_refused_naming_the_value(exercise):
    with pytest.raises(
        DerivationError, match=rf"mine: exercise id {re.escape(repr(exercise))} is not a short id"
    ):
        _derivation(exercise)
