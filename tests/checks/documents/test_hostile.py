"""Hostile documents: 1-based and 0-based confusions, sizes that disagree, definitions that
shadow conventions, a declared e, wrong links behind annotations, chains mixing ≤ and ≥.
None may be verified when wrong, none refuted when right: unread is the safe answer."""

from __future__ import annotations

from checks.documents.check import check_document
from checks.documents.sources import from_text


def _links(text: str) -> list:
    return list(check_document(from_text(text, "hw.md", "markdown"), timeout=10.0).links)


def _verdicts(text: str) -> list[tuple[str, str | None]]:
    return [(link.status, link.scope) for link in _links(text)]


def test_a_zero_based_index_in_a_one_based_document_is_not_read_as_another_entry():
    first, second, third, fourth = _links(
        "<!-- verify: o: logits[3] -->\n$$ s_0 + s_1 + s_2 = 1 $$\n$$ s_1 + s_2 + s_3 = 1 $$\n"
        "$$ \\sum_{j=0}^{2} s_j = 1 $$\n$$ \\sum_{j=0}^{q-1} s_j = 1 $$"
    )
    assert first.status == "skipped" and "index 0 is out of range for a vector of size 3" in first.notes[0]
    assert "hw.md:2:6" in first.notes[0]  # where the 0 is
    assert (second.status, second.scope) == ("verified", "n = 3")
    assert third.status == fourth.status == "skipped"
    assert "index 0 is out of range" in third.notes[-1] and "at column" not in third.notes[-1]
    assert fourth.notes == ("vectors of size 3 and of every size q in one chain",)


def test_a_sum_one_short_of_the_vector_is_refuted_where_it_falls_short():
    (short,) = _links("$$ \\sum_{j=1}^{q-1} s_j = 1 $$")
    assert (short.status, short.scope) == ("refuted", "q = 1")


def test_a_sum_over_an_index_alone_over_vectors_of_different_sizes_is_not_read():
    links = _links(
        "<!-- verify: x: logits[3], y: labels[2] -->\n$$ \\sum_j x_j y_j = 0 $$\n"
        "<!-- verify: o: logits[q], z: logits[3] -->\n$$ \\sum_j o_j + \\sum_j z_j = 0 $$"
    )
    assert [link.status for link in links] == ["skipped", "skipped"]
    assert "vectors of different sizes" in links[0].notes[0]
    assert links[1].notes == ("vectors of size 3 and of every size q in one chain",)


def test_a_definition_of_s_shadows_the_softmax_convention_in_later_formulas():
    defined, right, wrong = _links(
        "$$ s = \\sigma(x) $$\n"
        "$$ \\frac{d s}{d x} = s \\cdot (1 - s) $$\n"
        "$$ \\frac{d s}{d x} = s \\cdot (1 + s) $$"
    )
    assert defined.status == "definition" and defined.notes == ("defines s",)
    assert (right.status, right.read_as) == (
        "verified",
        "Derivative(sigmoid(x), x) = sigmoid(x)*(1 - sigmoid(x))",
    )
    assert wrong.status == "refuted"


def test_e_declared_as_a_variable_is_no_longer_eulers_number_but_mathrm_e_still_is():
    variable, euler, inside = _links(
        "<!-- verify: e: real, o: logits[q] -->\n$$ e^x > 0 $$\n"
        "$$ \\mathrm{e}^x > 0 $$\n$$ \\sum_j e^{o_j} > 0 $$"
    )
    assert (variable.status, variable.read_as) == ("refuted", "e**x > 0")
    assert variable.counterexample is not None and variable.counterexample["point"]["e"] == "0"
    assert euler.status == "verified"
    assert inside.status == "refuted"


def test_a_wrong_link_after_an_annotation_is_refuted_at_its_line_and_words_inside_a_side_are_not_read():
    text = (
        "$$\n\\begin{aligned}\n"
        "\\frac{d}{dx} \\sigma(x) &= \\sigma(x)(1 - \\sigma(x)) && \\text{chain rule} \\\\\n"
        "&= \\sigma(x) - \\sigma(x)^2 \\quad \\text{(expand)} \\\\\n"
        "&= \\sigma(x) + \\sigma(x)^2 \\text{ by symmetry}\n\\end{aligned}\n$$\n"
        "$$ \\sigma(x) + \\sigma(-x) = \\text{by symmetry } 2 $$"
    )
    links = _links(text)
    assert [(link.status, link.location.line) for link in links] == [
        ("verified", 3),
        ("verified", 4),
        ("refuted", 5),
        ("skipped", 8),
    ]
    assert "more formula follows the annotation" in links[3].notes[0]


def test_an_aligned_chain_mixing_le_and_ge_checks_each_link_by_its_own_relation():
    text = "$$\n\\begin{aligned}\nx^2 + 1 &\\ge 1 \\\\\n&\\le x^2 + 2 \\\\\n&\\ge 3\n\\end{aligned}\n$$"
    (chain,) = (c for b in check_document(from_text(text, "hw.md", "markdown")).blocks for c in b.chains)
    assert [(link.rel, link.status) for link in chain.links] == [
        ("≥", "verified"),
        ("≤", "verified"),
        ("≥", "refuted"),
    ]
    assert chain.relation is None


def test_a_defined_loss_restated_with_equals_is_a_claim_and_colon_equals_defines_it_anew():
    defined, restated, redefined, later = _links(
        "$$ \\ell = -\\sum_{j=1}^{q} y_j \\log \\hat{y}_j $$\n"
        "$$ \\ell = \\sum_{j=1}^{q} y_j \\log \\hat{y}_j $$\n"
        "$$ \\ell := \\log \\sum_{k=1}^{q} e^{o_k} $$\n"
        "$$ \\frac{\\partial \\ell}{\\partial o_j} = \\hat{y}_j $$"
    )
    assert defined.status == "definition" and redefined.status == "definition"
    assert (restated.status, restated.scope) == ("refuted", "q = 2")
    assert (later.status, later.scope) == ("verified", "all n")


def test_an_index_letter_as_a_sums_upper_bound_is_no_size_unless_declared_one():
    partial, declared = _links(
        "$$ \\sum_{k=1}^{j} s_k = 1 $$\n<!-- verify: j: size -->\n$$ \\sum_{k=1}^{j} s_k = 1 $$"
    )
    assert (
        partial.status == "skipped"
        and "the bound j of the Sum is symbolic: declare j: size" in partial.notes[-1]
    )
    assert (declared.status, declared.scope) == ("verified", "all n")


def test_with_two_logits_declared_the_hat_convention_waits_for_a_declaration():
    text = (
        "<!-- verify: o: logits[q], z: logits[2] -->\n$$ \\sum_j \\hat{y}_j = 1 $$\n"
        "<!-- verify: \\hat{y}: softmax(o) -->\n$$ \\sum_j \\hat{y}_j = 1 $$"
    )
    undecided, declared = _links(text)
    assert undecided.notes == (
        "\\hat{y} is the softmax of which logits (o, z)? declare it, e.g. \\hat{y}: softmax(o)",
    )
    assert (declared.status, declared.scope) == ("verified", "all n")


def test_a_derivative_by_a_vector_is_not_read_and_names_the_declaration():
    (link,) = _links("<!-- verify: z: logits[2] -->\n$$ \\frac{d}{dz} σ(z) = σ(z)(1 − σ(z)) $$")
    assert link.status == "skipped"
    assert link.notes[0].startswith("a derivative by z, which is declared a vector at hw.md:1:14")


def test_kronecker_deltas_of_numbers_are_read_one_based():
    assert _verdicts(
        "<!-- verify: z: logits[2] -->\n$$ s_1 \\delta_{12} = 0 $$\n$$ s_1 \\delta_{11} = s_1 $$\n"
        "$$ s_2 \\delta_{21} = s_2 $$"
    ) == [("verified", "n = 2"), ("verified", "n = 2"), ("refuted", "n = 2")]


def test_true_statements_joined_by_implies_or_iff_are_skipped_as_conditions_never_refuted():
    links = _links(
        "<!-- verify: x: real -->\n$$ x = 2 \\implies x^2 = 4 $$\n$$ x^2 = 4 \\iff |x| = 2 $$\n"
        "$$ \\sigma(x) = \\frac{1}{2} \\Longleftrightarrow x = 0 $$\n"
        "Setting the gradient to zero, $$ 2x - 4 = 0 \\Rightarrow x = 2 $$\n"
        "$$ x = 2, \\quad \\text{so} \\quad x^2 = 4 $$\n"
    )
    assert [link.status for link in links] == ["skipped"] * 10
    assert links[0].notes == ("an equation joined by \\implies: a condition, not an identity",)
    assert "joined by \\text{so}" in links[-2].notes[0]


def test_a_wrong_row_after_intertext_is_refuted_and_a_commented_row_is_not_read():
    text = (
        "<!-- verify: a: real, b: real -->\n\\begin{align}\n(a+b)^2 &= a^2 + 2ab + b^2 \\\\\n"
        "\\intertext{and therefore}\n&= a^2 + 2ab + b^2 + 1\n\\end{align}\n"
        "\\begin{align}\n(a+b)^2 &= a^2 + 2ab + b^2 \\\\\n% &= a^2 + 7 \\\\\n"
        "&= b^2 + 2ab + a^2 % trailing comment = 5\n\\end{align}\n"
    )
    assert [(link.status, link.location.line) for link in _links(text)] == [
        ("verified", 3),
        ("refuted", 5),
        ("verified", 8),
        ("verified", 10),
    ]


def test_a_line_break_with_spacing_in_prose_leaves_the_later_formulas_checked():
    text = "<!-- verify: a: real -->\nFirst line\\\\[3pt] second.\n$$ a + 1 = a $$\n"
    assert _verdicts(text) == [("refuted", "general")]
