"""Names read against the declarations: entries, sums over a vector, sizes, definitions, 1-based."""

from __future__ import annotations

import pytest

from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_vector
from checks.claims.notation import symbolic_bounds
from checks.claims.reading import read, read_expression, render_tree
from checks.claims.scope import assignments
from checks.claims.syntax import ClaimSyntaxError
from checks.errors import UsageError
from checks.model.result import Verdict

X3 = Declarations(vectors=(parse_vector("x:3"),))
O3_Y3 = Declarations(vectors=(parse_vector("o:3"), parse_vector("y:3:labels")))


def _read_as(text: str, declarations: Declarations = X3, one_based: bool = False) -> str:
    relation = read(text, declarations, one_based=one_based)
    return f"{render_tree(relation.left)} {relation.rel} {render_tree(relation.right)}"


@pytest.mark.parametrize(
    ("claim", "read_as"),
    [
        (r"\sum_j s_j = 1", "Sum(s[j], (j, 0, 2)) = 1"),
        (r"\sum_{j} e^{x_j} > 0", "Sum(exp(x[j]), (j, 0, 2)) > 0"),
        (r"\prod_k s_k > 0", "Product(s[k], (k, 0, 2)) > 0"),
        (r"\sum_j \mathrm{softmax}(\mathbf{x})_j = 1", "Sum(softmax(x)[j], (j, 0, 2)) = 1"),
    ],
)
def test_a_sum_over_an_index_alone_runs_over_the_whole_vector_it_subscripts(claim, read_as):
    assert _read_as(claim) == read_as
    assert check_claim(claim, X3, pretty=False).verdict is Verdict.VERIFIED


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        (r"\sum_j j = 1", "no declared vector"),
        (r"\sum_j x_j y_j = 1", "no declared vector"),  # y is not declared here
    ],
)
def test_a_sum_over_an_index_that_subscripts_no_declared_vector_is_refused(claim, message):
    with pytest.raises(ClaimSyntaxError, match=message):
        read(claim, X3)
    two_sizes = Declarations(vectors=(parse_vector("x:3"), parse_vector("y:2")))
    with pytest.raises(ClaimSyntaxError, match="vectors of different sizes"):
        read(r"\sum_j x_j y_j = 1", two_sizes)


def test_a_symbolic_bound_stays_a_name_in_the_tree_and_a_declared_size_is_its_number():
    relation = read(r"\sum_{j=1}^q x_j = \frac{1}{q}", X3, one_based=True)
    assert render_tree(relation.left) == "Sum(x[j - 1], (j, 1, q))"
    assert symbolic_bounds(relation.left, relation.right) == ("q",)
    with pytest.raises(UsageError, match="the bound q of the Sum is symbolic"):
        check_claim(r"\sum_{j=1}^q e^{x_j} > 0", X3, one_based=True)
    sized = Declarations(vectors=X3.vectors, sizes=(("q", 3),))
    concrete = read(r"\sum_{j=1}^q x_j = \frac{1}{q}", sized, one_based=True)
    assert _read_as(r"\sum_{j=1}^q x_j = \frac{1}{q}", sized, one_based=True) == (
        "Sum(x[j - 1], (j, 1, 3)) = 1/3"
    )
    assert symbolic_bounds(concrete.left, concrete.right) == ()
    assert check_claim(r"\sum_{j=1}^q e^{x_j} > 0", sized, one_based=True).verdict is Verdict.VERIFIED


@pytest.mark.parametrize(
    ("claim", "read_as"),
    [
        ("x_1 + x_3 = x_3 + x_1", "x[0] + x[2] = x[2] + x[0]"),
        (r"\sum_{j=1}^{3} x_j = x_1 + x_2 + x_3", "Sum(x[j - 1], (j, 1, 3)) = (x[0] + x[1]) + x[2]"),
        (r"\frac{\partial s_1}{\partial x_2} = -s_1 s_2", "Derivative(s[0], x[1]) = -s[0]*s[1]"),
        (r"\frac{\partial s_i}{\partial x_j} = s_i (\delta_{ij} - s_j)", None),
        ("y_1 = y_1", "y_1 = y_1"),  # y is no vector: a scalar's name, as written
    ],
)
def test_one_based_indices_read_x_1_as_the_first_entry(claim, read_as):
    if read_as is not None:
        assert _read_as(claim, one_based=True) == read_as
    assert check_claim(claim, X3, pretty=False, one_based=True).verdict is Verdict.VERIFIED


def test_a_free_index_read_one_based_runs_over_one_to_n():
    relation = read(r"s_j \le 1", X3, one_based=True)
    assert render_tree(relation.left) == "s[j - 1]"
    assert [a["j"] for a in assignments(relation, X3.scope())] == [1, 2, 3]
    zero_based = read(r"s_j \le 1", X3)
    assert [a["j"] for a in assignments(zero_based, X3.scope())] == [0, 1, 2]


def test_one_based_and_zero_based_give_the_same_verdicts_on_the_same_entries():
    # the diagonal of the softmax Jacobian: entry 1 of 3, counted from 0 or from 1
    claim_0 = r"\frac{\partial s_1}{\partial x_1} = s_1 (1 - s_1)"
    claim_1 = r"\frac{\partial s_2}{\partial x_2} = s_2 (1 - s_2)"
    assert check_claim(claim_0, X3, pretty=False).verdict is Verdict.VERIFIED
    assert check_claim(claim_1, X3, pretty=False, one_based=True).verdict is Verdict.VERIFIED
    # off by one: s_1 (1 - s_2) is wrong either way
    wrong = check_claim(
        r"\frac{\partial s_1}{\partial x_2} = s_1 (1 - s_2)", X3, pretty=False, one_based=True
    )
    assert wrong.verdict is Verdict.REFUTED


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("x_0 = 1", "index 0 is out of range for a vector of size 3 (indices are 1-based)"),
        ("softmax(2*x)[0] = 1", "index 0 is out of range (the first entry is 1)"),
        ("x_4 = 1", "index 4 is out of range for a vector of size 3 (indices are 1-based)"),
    ],
)
def test_a_one_based_index_out_of_range_is_refused_with_the_base_it_counts_from(claim, message):
    with pytest.raises(ClaimSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(claim, X3, one_based=True)
    with pytest.raises(
        UsageError, match=r"index 4 is out of range for a vector of size 3 \(indices are 1-based\)"
    ):
        check_claim(r"\sum_{j=2}^{4} x_j = 1", X3, one_based=True)


@pytest.mark.parametrize(
    ("claim", "read_as"),
    [
        ("s_0 + s_1 + s_2 = 1", "(s[0] + s[1]) + s[2] = 1"),  # SymPy spelling: names are entries
        ("-s_0 s_1 = -s[0]*s[1]", "(-s[0])*s[1] = (-s[0])*s[1]"),
        ("x_j <= Max(x[0], x[1], x[2])", "x[j] <= Max(x[0], x[1], x[2])"),
    ],
)
def test_an_entry_written_as_a_name_is_the_entry_in_sympy_spelling_too(claim, read_as):
    assert _read_as(claim) == read_as
    assert check_claim(claim, X3, pretty=False).verdict is Verdict.VERIFIED


def test_a_defined_name_stands_for_its_expression():
    declarations = Declarations(
        vectors=O3_Y3.vectors,
        definitions=(("yhat", r"\mathrm{softmax}(\mathbf{o})"), ("l", "cross_entropy(y, yhat)")),
    )
    relation = read(r"\frac{\partial l}{\partial o_j} = \hat{y}_j - y_j", declarations, one_based=True)
    assert render_tree(relation.left) == "Derivative(cross_entropy(y, softmax(o)), o[j - 1])"
    assert render_tree(relation.right) == "softmax(o)[j - 1] - y[j - 1]"
    result = check_claim(r"\nabla_{\mathbf{o}} l = \hat{y} - \mathbf{y}", declarations, pretty=False)
    assert result.verdict is Verdict.VERIFIED
    wrong = check_claim(r"\nabla_{\mathbf{o}} l = \mathbf{y} - \hat{y}", declarations, pretty=False)
    assert wrong.verdict is Verdict.REFUTED
    with pytest.raises(ClaimSyntaxError, match="cannot read the definition of yhat"):
        read("yhat = 1", Declarations(definitions=(("yhat", "foo(o)"),)))


def test_an_expression_is_read_with_its_notes_for_one_link_of_a_chain():
    node, notes = read_expression(r"\sum_{i=1}^3 x_i \quad \text{(definition)}", X3, one_based=True)
    assert render_tree(node) == "Sum(x[i - 1], (i, 1, 3))"
    assert notes == (r"the annotation \text{(definition)} was dropped",)


def test_e_is_eulers_number_unless_a_variable_e_is_declared():
    assert check_claim("e^x > 0", pretty=False).verdict is Verdict.VERIFIED
    assert check_claim(r"\mathrm{e}^x > 0", pretty=False).verdict is Verdict.VERIFIED
    assert check_claim("log(e) = 1", pretty=False).verdict is Verdict.VERIFIED
    declared = Declarations(vectors=(parse_vector("e:2"),))
    assert _read_as("e_0 + e_1 >= 0", declared) == "e[0] + e[1] >= 0"
    a_variable = Declarations(scalars=(("e", X3.scope().scalar("e").kind),))
    assert check_claim("e^x > 0", a_variable, pretty=False).verdict is Verdict.REFUTED
    assert check_claim("e^x > 0", pretty=False).read_as == "E**x > 0"
