"""A claim is read in the spelling it is written in: SymPy's, or LaTeX's."""

from __future__ import annotations

import pytest

from checks.claims.reading import render_tree
from checks.claims.spelling import parse_node, parse_relation
from checks.claims.syntax import ClaimSyntaxError


@pytest.mark.parametrize(
    ("text", "latex", "left"),
    [
        ("exp(x) > 0", False, "exp(x)"),
        ("2x = x + x", False, "2*x"),
        ("e^x > 0", False, "E**x"),
        ("s_0 (1 - s_0) = 1", True, "s[0]*(1 - s[0])"),  # a call of s_0 in SymPy spelling
        ("σ(z) = 1", True, "sigmoid(z)"),  # Unicode: LaTeX
        ("|x| = 1", True, "Abs(x)"),
        ("x ≤ y", True, "x"),
        (r"\exp o_j = 1", True, "exp(o[j])"),
    ],
)
def test_a_claim_is_read_as_latex_when_it_is_written_so_or_reads_only_so(text, latex, left):
    relation, read_as_latex = parse_relation(text)
    assert read_as_latex is latex
    assert render_tree(relation.left) == left


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo(x) = 1", "unknown function 'foo'"),
        ("exp(a)", "expected a comparison"),
        ("s_0 (1 - s_0) = diff(s[0], x[0])", "unknown function 's_0'"),  # LaTeX cannot read diff
    ],
)
def test_a_claim_read_neither_way_gets_the_sympy_spellings_error(text, message):
    with pytest.raises(ClaimSyntaxError, match=message):
        parse_relation(text)


def test_an_expression_is_routed_the_same_way_with_its_notes():
    node, notes, latex = parse_node(r"-s_0 s_1 \quad \text{(off the diagonal)}")
    assert (render_tree(node), latex) == ("-s[0]*s[1]", True)
    assert notes == (r"the annotation \text{(off the diagonal)} was dropped",)
    assert parse_node("-s[0]*s[1]")[1:] == ((), False)
