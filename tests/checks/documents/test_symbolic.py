"""The all-n builder: vectors of length n, sums shifted to start at 0, softmax entries, derivatives."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.claims.latex import parse_latex_expression
from checks.documents.symbolic import IndexedBuilder, NotGeneral
from checks.documents.trees import one_based
from checks.model import Kind, N, index


def _build(text: str, free: tuple[str, ...] = ()):
    tree, _ = one_based(parse_latex_expression(text), {"o", "y"}, set(free))
    builder = IndexedBuilder({"o": Kind.LOGITS, "y": Kind.LABELS}, {}, free, "q")
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


def test_a_whole_vector_as_a_value_is_not_taken_for_every_n():
    with pytest.raises(NotGeneral):
        _build(r"\max(o)")
