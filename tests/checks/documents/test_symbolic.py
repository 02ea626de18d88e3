"""The all-n builder: vectors of length n, sums shifted to start at 0, softmax entries, derivatives."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.claims.declarations import Declarations
from checks.claims.latex import parse_latex_expression
from checks.claims.notation import resolve_node
from checks.documents.symbolic import IndexedBuilder, NotGeneral
from checks.model import Kind, N, index

#: o and y of every size q, as a document's o: logits[q] and y: labels[q] are read.
OY = Declarations(symbolic_vectors=(("o", "q", Kind.LOGITS), ("y", "q", Kind.LABELS)))


def _build(text: str, free: tuple[str, ...] = ()):
    tree = resolve_node(parse_latex_expression(text), OY, one_based=True)
    builder = IndexedBuilder({"o": Kind.LOGITS, "y": Kind.LABELS}, {}, free, "q", base=1)
    return builder, builder.build(tree)


def test_a_sum_from_one_to_q_is_the_sum_over_every_entry_from_zero_to_n_minus_one():
    builder, built = _build(r"\sum_{k=1}^{q} y_k o_k")
    (summand, (k, low, high)) = (built.function, built.limits[0])
    y, o = builder.vectors["y"].base, builder.vectors["o"].base
    assert (low, high) == (0, N - 1) and summand == y[k] * o[k]


def test_a_subscripted_softmax_is_the_entry_over_a_sum_of_exponentials():
    builder, built = _build(r"\operatorname{softmax}(o)_j", ("j",))
    o = builder.vectors["o"].base
    assert built.has(sp.exp(o[index("j")])) and built.atoms(sp.Sum)


def test_a_derivative_is_taken_with_respect_to_an_entry():
    _, built = _build(r"\frac{\partial}{\partial o_j} o_j^2", ("j",))
    assert isinstance(built, sp.Derivative)


def test_a_sum_over_a_whole_vector_of_symbolic_size_runs_over_every_entry():
    builder, built = _build(r"\sum_j o_j")
    (summand, (k, low, high)) = (built.function, built.limits[0])
    assert (low, high) == (0, N - 1) and summand == builder.vectors["o"].base[k]


def test_a_free_index_read_one_based_is_the_zero_based_symbol_plus_one_and_a_delta_follows():
    builder, built = _build(r"o_j \delta_{ij} + j", ("i", "j"))
    o, i, j = builder.vectors["o"].base, index("i"), index("j")
    assert built == o[j] * sp.KroneckerDelta(i, j) + j + 1


def test_a_whole_vector_as_a_value_is_not_taken_for_every_n():
    with pytest.raises(NotGeneral):
        _build(r"\max(o)")
