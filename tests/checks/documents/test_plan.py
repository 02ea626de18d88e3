"""Planning a chain: names from declarations and conventions, sizes, 1-based subscripts, definitions."""

from __future__ import annotations

import pytest

from checks.claims.declarations import Declarations, parse_vector
from checks.claims.reading import read, render_tree
from checks.documents.check import plan_document
from checks.documents.links import check_link
from checks.documents.sources import from_text
from checks.model import Kind


def _links(text: str):
    return plan_document(from_text(text, "hw.md", "markdown")).links


def _read(link) -> str:
    return f"{render_tree(link.relation.left)} {link.relation.rel} {render_tree(link.relation.right)}"


def test_s_is_the_softmax_of_the_logits_and_subscripts_are_read_one_based():
    (link,) = _links("<!-- verify: o: logits[3] -->\n$$ \\frac{\\partial s_1}{\\partial o_2} = -s_1 s_2 $$")
    assert _read(link) == "Derivative(softmax(o)[0], o[1]) = -softmax(o)[0]*softmax(o)[1]"
    assert link.vectors == (("o", Kind.LOGITS, 3),) and not link.symbolic


def test_conventional_names_are_vectors_of_their_kind_where_subscripted_and_scalars_elsewhere():
    (vector,) = _links("$$ \\sum_{k=1}^{3} y_k p_k = y_1 p_1 + y_2 p_2 + y_3 p_3 $$")
    assert {name: kind for name, kind, _ in vector.vectors} == {"p": Kind.PROBS, "y": Kind.LABELS}
    (scalar,) = _links("$$ \\frac{d}{dx} \\sigma(x) = \\sigma(x)(1 - \\sigma(x)) $$")
    assert scalar.vectors == () and scalar.scalars == (("x", Kind.REAL),)


def test_a_numeric_sum_bound_gives_the_size_and_a_symbolic_one_every_size():
    (concrete,) = _links("$$ \\sum_{j=1}^{4} s_j = 1 $$")
    assert concrete.vectors == (("o", Kind.LOGITS, 4),) and not concrete.symbolic
    (general,) = _links("$$ \\sum_{j=1}^{q} s_j = 1 $$")
    assert general.vectors == (("o", Kind.LOGITS, None),) and general.symbol == "q" and general.symbolic
    assert _read(general) == "Sum(softmax(o)[j - 1], (j, 1, q)) = 1"


def test_free_indices_keep_their_names_and_a_kronecker_delta_follows_them():
    (link,) = _links("$$ \\frac{\\partial s_i}{\\partial o_j} = s_i (\\delta_{ij} - s_j) $$")
    assert link.free == ("i", "j") and link.symbolic
    assert "KroneckerDelta(i, j)" in _read(link)


def test_a_free_index_keeps_its_one_based_value_where_it_is_used_as_a_number():
    (link,) = _links("$$ o_j^2 + j \\ge 1 $$")
    assert _read(link) == "o[j - 1]**2 + j >= 1" and link.relation.index_base == 1
    assert check_link(link, timeout=10.0).status == "verified"  # j runs over 1…n: j ≥ 1
    (link,) = _links("$$ o_j^2 + j \\ge 2 $$")
    result = check_link(link, timeout=10.0)
    assert result.status == "refuted" and result.counterexample["indices"] == {"j": 1}


def test_a_first_link_with_a_new_name_on_the_left_is_a_definition_used_later():
    text = (
        "$$ L = -\\log s_1 = \\log(1 + e^{o_2 - o_1}) $$\n$$ \\frac{\\partial L}{\\partial o_1} = s_1 - 1 $$"
    )
    first, second, third = _links(text)
    assert first.status == "definition" and second.status is None and third.status is None
    (later,) = _links("$$ L = -\\log s_1 $$\n$$ \\frac{\\partial L}{\\partial o_1} = s_1 - 1 $$")[1:]
    assert _read(later) == "Derivative(-log(softmax(o)[0]), o[0]) = softmax(o)[0] - 1"


def test_a_conventional_letter_or_a_number_defined_stays_a_variable_in_later_formulas():
    first, later = _links("$$ x = 3 $$\n$$ \\frac{d}{dx} x^2 = 2x $$")
    assert first.status == "definition" and "read it as a variable" in (first.reason or "")
    assert later.scalars == (("x", Kind.REAL),)
    first, later = _links("$$ c = 3 $$\n$$ c^2 = 9 $$")
    assert first.status == "definition" and later.scalars == (("c", Kind.REAL),)


def test_a_declared_definition_and_a_later_declaration_take_over_from_the_conventions():
    text = (
        "<!-- verify: z: logits[2], s: softmax(z) -->\n$$ s_1 + s_2 = 1 $$\n"
        "<!-- verify: s: real -->\n$$ s = s $$"
    )
    first, second = _links(text)
    assert _read(first) == "softmax(z)[0] + softmax(z)[1] = 1"
    assert second.scalars == (("s", Kind.REAL),)


def test_two_logits_vectors_leave_s_undecided_and_two_size_symbols_are_refused():
    (link,) = _links("$$ s_1 = o_1 + z_1 $$")
    assert link.status == "skipped" and "which logits" in (link.reason or "")
    (link,) = _links("$$ \\sum_{j=1}^{q} o_j = \\sum_{j=1}^{K} z_j $$")
    assert link.status == "skipped" and "K and q" in (link.reason or "")


def test_a_size_symbol_that_is_also_a_sums_index_is_refused_and_an_outer_index_is_no_size():
    (link,) = _links("$$ \\sum_{k=1}^{q} o_k = \\sum_{q=1}^{3} o_q $$")
    assert link.status == "skipped" and "both the size and the index" in (link.reason or "")
    (link,) = _links("$$ \\sum_{k=1}^{q} \\sum_{m=1}^{k} o_m = \\sum_{m=1}^{q} (q - m + 1) o_m $$")
    assert link.status is None and link.symbol == "q"


def test_a_side_the_reader_cannot_read_skips_its_links_with_the_readers_reason_and_place():
    first, second = _links("$$\n\\begin{aligned}\na &= \\foo{b} \\\\\n  &= c\n\\end{aligned}\n$$")
    for link in (first, second):
        assert link.status == "skipped"
        assert "hw.md:3:6: the reader cannot read" in (link.reason or "")
        assert "unknown LaTeX command" in (link.reason or "")


def test_an_undecided_relation_is_skipped_and_a_colon_equals_is_a_definition():
    (approx,) = _links("$$ a + b \\approx c $$")
    assert approx.status == "skipped" and "\\approx" in (approx.reason or "")
    (defined,) = _links("$$ f := x^2 $$")
    assert defined.status == "definition"


@pytest.mark.parametrize(
    "formula",
    [
        r"\sum_j o_j y_j = \sum_{k=1}^{3} y_k o_k",
        r"\frac{\partial}{\partial o_j} \log \sum_k e^{o_k} = \mathrm{softmax}(\mathbf{o})_j",
        r"o_1 + o_3 \le 2 \max(o_1, o_3)",
        r"\delta_{ij} o_j = \delta_{ij} o_i",
        r"\prod_k e^{o_k} = e^{\sum_{k=1}^{3} o_k}",
    ],
)
def test_a_formula_reads_the_same_in_a_document_and_in_check_one_based(formula):
    (link,) = _links(f"<!-- verify: o: logits[3], y: labels[3] -->\n$$ {formula} $$")
    declarations = Declarations(vectors=(parse_vector("o:3"), parse_vector("y:3:labels")))
    claim = read(formula, declarations, one_based=True)
    assert (link.relation, link.relation.index_base) == (claim, claim.index_base)
