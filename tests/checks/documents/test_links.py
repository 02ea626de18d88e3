"""One link checked: concrete sizes, every size (all n or q ≤ 8), counterexamples and feedback."""

from __future__ import annotations

from checks.documents.check import plan_document
from checks.documents.links import check_link
from checks.documents.sources import from_text


def _check(text: str, k: int = 0):
    links = plan_document(from_text(text, "hw.md", "markdown")).links
    return check_link(links[k], timeout=10.0)


def test_a_true_link_at_a_declared_size_is_verified_at_that_size():
    result = _check("<!-- verify: o: logits[3] -->\n$$ \\frac{\\partial s_1}{\\partial o_2} = -s_1 s_2 $$")
    assert (result.status, result.scope) == ("verified", "n = 3")


def test_a_wrong_link_is_refuted_with_a_counterexample_and_the_catalogue_feedback_under_other_names():
    result = _check(
        "<!-- verify: o: logits[3] -->\n$$ \\frac{\\partial s_1}{\\partial o_2} = s_1 (1 - s_2) $$"
    )
    assert result.status == "refuted"
    assert result.counterexample is not None and result.counterexample["point"] == {"o": "(0, 0, 0)"}
    assert result.feedback == "off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)"


def test_a_scalar_wrong_answer_gets_the_feedback_of_the_result_about_another_letter():
    result = _check("$$ \\frac{d}{dx} \\sigma(x) = \\sigma(x)(1 + \\sigma(x)) $$")
    assert (result.status, result.scope) == ("refuted", "general")
    assert result.feedback == "a sign slip: σ' = σ(1 - σ)"


def test_a_link_over_a_symbolic_q_proved_for_every_n_is_verified_for_all_n():
    result = _check("$$ \\sum_{j=1}^{q} s_j = 1 $$")
    assert (result.status, result.scope) == ("verified", "all n")
    assert "Σ s = 1" in (result.method or "") and "checked at q = 1, 2, 3, 5, 8" in result.notes


def test_a_link_the_all_n_proof_cannot_take_is_verified_only_up_to_the_largest_size():
    result = _check("$$ \\sum_{j=1}^{q} s_j^2 \\le 1 $$")
    assert (result.status, result.scope) == ("verified", "q ≤ 8")
    assert any("not proved for every n" in note for note in result.notes)


def test_a_wrong_link_over_q_is_refuted_at_the_smallest_size_with_indices_shown_one_based():
    result = _check("$$ \\frac{\\partial s_i}{\\partial o_j} = s_i (\\delta_{ij} + s_j) $$")
    assert (result.status, result.scope) == ("refuted", "n = 1")
    assert result.counterexample is not None and result.counterexample["n"] == 1
    assert result.counterexample["indices"] == {"i": 1, "j": 1}


def test_a_link_false_for_one_class_only_is_refuted_at_q_1():
    result = _check("$$ s_1 < 1 $$")
    assert (result.status, result.scope) == ("refuted", "n = 1")


def test_a_skipped_or_defining_link_is_returned_without_a_check():
    result = _check("$$ a \\ne b $$")
    assert result.status == "skipped" and result.seconds == 0
    result = _check("$$ L = x^2 $$")
    assert result.status == "definition"
