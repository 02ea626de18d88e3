"""The shipped examples, checked whole: every link's verdict and scope, the wrong lines pointed at."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.documents.check import check_document
from checks.documents.result import DocumentResult
from checks.documents.sources import from_text, read_source

ROOT = Path(__file__).resolve().parents[3]

EXPECTED = {
    "homework.md": [
        (20, "verified", "all n"),
        (21, "verified", "all n"),
        (23, "verified", "all n"),
        (24, "verified", "all n"),
        (31, "refuted", "q = 2"),
        (37, "definition", None),
        (37, "verified", "all n"),
        (42, "verified", "all n"),
        (43, "verified", "all n"),
        (51, "verified", "all n"),
        (51, "verified", "q ≤ 8"),
        (51, "verified", "all n"),
        (60, "verified", "general"),
        (61, "verified", "general"),
        (62, "verified", "general"),
        (63, "refuted", "general"),
        (72, "verified", "general"),
        (73, "verified", "general"),
        (84, "verified", "n = 2"),
        (84, "verified", "n = 2"),
        # a textbook's notation: \ell defined, \hat{y} declared the softmax of o, \sum_j over q
        (96, "definition", None),
        (100, "verified", "all n"),
        (100, "verified", "all n"),
        (104, "verified", "all n"),
        (108, "verified", "general"),
    ],
    # A textbook chapter: all n where the Σ rules prove the link for every q (at q = 1, 2, 3,
    # 5, 8 too); q ≤ 8 where they do not: an entry's bound ŷ_j ≤ 1 (the sign prover needs a
    # size) and the gradient as a whole vector (the all-n builder takes entries, not vectors).
    "chapter.md": [
        (22, "verified", "all n"),  # H(p, q) = H(p) + D_KL(p ‖ q) in aligned, \mathbf
        (23, "verified", "all n"),
        (24, "verified", "all n"),
        (31, "verified", "all n"),  # the softmax definition, \hat{y} by convention
        (31, "verified", "all n"),
        (38, "verified", "all n"),
        (38, "verified", "q ≤ 8"),
        (38, "verified", "all n"),  # \sum_j over the symbolic size q
        (46, "definition", None),  # \ell
        (53, "verified", "all n"),  # the cross-entropy rewrite over q classes
        (54, "verified", "all n"),
        (55, "verified", "all n"),
        (64, "verified", "all n"),  # its derivative
        (65, "verified", "all n"),
        (73, "verified", "q ≤ 8"),
        (74, "verified", "all n"),
        (82, "verified", "all n"),
        (83, "refuted", "q = 1"),  # the deliberate slip
        *[(line, "verified", "general") for line in range(94, 103)],  # the sigmoid in nine lines
    ],
    "homework.tex": [
        (13, "verified", "all n"),
        (18, "definition", None),
        (19, "verified", "all n"),
        (20, "verified", "all n"),
        (25, "refuted", "q = 2"),
        (31, "verified", "general"),
        (32, "verified", "general"),
        (33, "verified", "general"),
        (38, "verified", "general"),
        (39, "refuted", "general"),
    ],
    "homework.ipynb": [
        (23, "verified", "all n"),
        (24, "verified", "all n"),
        (49, "verified", "n = 3"),
        (53, "refuted", "n = 3"),
        (65, "verified", "all n"),
    ],
}


@pytest.fixture(scope="module")
def checked() -> dict[str, DocumentResult]:
    return {name: check_document(read_source(str(ROOT / "examples" / name))) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_link_of_each_example_has_the_verdict_and_scope_stated(checked, name):
    links = checked[name].links
    assert len(links) == len(EXPECTED[name])
    for link, (line, status, scope) in zip(links, EXPECTED[name], strict=True):
        assert link.location.line == line, link
        assert (link.status, link.scope) == (status, scope), link


def test_the_wrong_lines_of_the_homework_are_refuted_with_counterexample_and_feedback(checked):
    wrong = [link for link in checked["homework.md"].links if link.status == "refuted"]
    assert [(w.location.line, w.location.column) for w in wrong] == [(31, 35), (63, 4)]
    assert wrong[0].feedback == "off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)"
    assert wrong[1].counterexample == {"point": {"x": "0"}, "indices": {}, "left": "0.25", "right": "0.75"}
    assert wrong[1].feedback == "a sign slip: σ' = σ(1 - σ)"


def test_the_chapters_one_wrong_line_is_refuted_at_that_line_and_the_reasons_for_q_le_8_are_given(checked):
    links = checked["chapter.md"].links
    (wrong,) = [link for link in links if link.status == "refuted"]
    assert (wrong.location.line, wrong.location.column) == (83, 4)
    assert wrong.counterexample == {
        "n": 1,
        "point": {"o": "(0)"},
        "indices": {"j": 1},
        "left": "0.0",
        "right": "2.0",
    }
    assert wrong.feedback == "a sign slip: the entries are s_i(δ_ij - s_j), with a minus"
    bounded = {link.location.line: link.notes for link in links if link.scope == "q ≤ 8"}
    assert "no proof for every n: grad is not taken for every n" in bounded[73]
    assert any(note.startswith("not proved for every n") for note in bounded[38])
    assert [link.notes for link in links if link.location.line == 46] == [("defines ell",)]


def test_the_notebook_points_at_the_cell_and_its_line_in_the_file(checked):
    wrong = next(link for link in checked["homework.ipynb"].links if link.status == "refuted")
    assert wrong.location.cell == 4
    line = (ROOT / "examples" / "homework.ipynb").read_text().splitlines()[wrong.location.line - 1]
    assert "-s_1^2" in line
    assert wrong.feedback is not None and "off-diagonal pattern" in wrong.feedback


def test_exit_statuses_follow_the_verdicts_and_strict_makes_a_skip_an_error(checked):
    assert checked["homework.tex"].exit_code() == 1
    result = check_document(from_text("$$ a + b = b + a $$\n$$ a \\ne b $$", "x.md", "markdown"))
    assert [link.status for link in result.links] == ["verified", "skipped"]
    assert (result.exit_code(), result.exit_code(strict=True)) == (3, 1)
    assert check_document(from_text("$$ a + b = b + a $$", "x.md", "markdown")).exit_code() == 0
    assert check_document(from_text("no formula, only $a = b$", "x.md", "markdown")).exit_code() == 3


def test_a_chain_says_what_its_links_give_and_one_mixing_le_and_ge_relates_nothing():
    text = "$$ a^2 + 1 \\ge 1 > 0 $$\n$$ 0 \\le a^2 \\ge -1 $$"
    first, second = (c for b in check_document(from_text(text, "x.md", "markdown")).blocks for c in b.chains)
    assert (first.status, first.relation, first.notes) == ("verified", ">", ())
    assert second.relation is None
    assert second.notes == ("the chain mixes ≤ and ≥: it relates its start to its end by nothing",)


def _links(text: str) -> list:
    """Every link of a Markdown text, checked, in order."""
    result = check_document(from_text(text, "x.md", "markdown"))
    return [link for b in result.blocks for c in b.chains for link in c.links]


def test_a_link_not_proved_for_every_q_is_checked_at_every_size_up_to_8_not_only_1_2_3_5_8():
    # Zero at q = 1, 2, 3, 5, 8 only: at q = 4 it reads 1 = 25, and it was "verified, q ≤ 8".
    text = (
        "---\nverify:\n  o: logits[q]\n---\n\n"
        "$$ \\sum_{k=1}^{q} o_k = \\sum_{k=1}^{q} o_k + (q-1)(q-2)(q-3)(q-5)(q-8) $$\n"
    )
    (link,) = _links(text)
    assert link.status == "refuted" and link.scope == "q = 4"


def test_a_conventional_letter_defined_by_an_expression_keeps_its_definition_later():
    # z = w x + b, then ∂z/∂w = x: z read as a free variable again, the true line was refuted.
    text = (
        "$$ z = w x + b $$\n\n$$ \\frac{\\partial z}{\\partial w} = x $$\n\n$$ x = 3 $$\n\n$$ x^2 \\ge 0 $$\n"
    )
    links = _links(text)
    assert [link.status for link in links] == ["definition", "verified", "definition", "verified"]


def test_a_definition_by_colon_equals_the_reader_cannot_take_is_skipped_with_what_uses_it():
    # a_j := softmax entry: checked as an identity of a free vector a, it was refuted.
    text = (
        "---\nverify:\n  o: logits[q]\n---\n\n"
        "$$ a_j := \\frac{e^{o_j}}{\\sum_k e^{o_k}} $$\n\n$$ \\sum_j a_j = 2 $$\n\n"
        "$$ \\sum_j o_j = \\sum_k o_k $$\n"
    )
    links = _links(text)
    assert [link.status for link in links] == ["skipped", "skipped", "verified"]
    assert "uses a, whose definition this reader could not take" in links[1].notes[0]


def test_a_bold_vector_defined_as_an_affine_map_stays_the_logits_of_the_later_gradient():
    # d2l's o = W x + b: kept as a definition, the gradient lines in o_j were skipped.
    text = (
        "$$ \\mathbf{o} = \\mathbf{W}\\mathbf{x} + \\mathbf{b} $$\n\n"
        "$$ \\ell = -\\sum_{j=1}^{q} y_j \\log \\hat{y}_j $$\n\n"
        "$$ \\frac{\\partial \\ell}{\\partial o_j} = \\hat{y}_j - y_j $$\n"
    )
    links = _links(text)
    assert [link.status for link in links] == ["definition", "definition", "verified"]


def test_e_set_to_an_expression_is_skipped_with_every_later_e_never_refuted_as_eulers_number():
    # e = y - t (an error) was refuted as Euler's number; L = e²/2 became a number, so ∂L/∂y = 0.
    text = (
        "$$ e = y - t $$\n\n$$ L = \\frac{1}{2} e^2 $$\n\n$$ \\frac{\\partial L}{\\partial y} = y - t $$\n\n"
        "$$ e^{a} e^{b} = e^{a + b} $$\n"
    )
    links = _links(text)
    assert [link.status for link in links] == ["skipped"] * 4
    assert "e reads as Euler's number here" in links[0].notes[0]
    assert "uses L, whose definition this reader could not take" in links[2].notes[0]
