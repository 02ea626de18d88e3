"""Chains: rows continuing the previous right side, new left sides, relations, what is dropped."""

from __future__ import annotations

from checks.documents.chains import split_chains
from checks.documents.locations import Segment
from checks.documents.markdown import scan_markdown


def _chains(body: str, env: str = "aligned"):
    text = f"$$\n\\begin{{{env}}}\n{body}\n\\end{{{env}}}\n$$\n" if env else f"$$ {body} $$"
    if env in ("gather*", "multline*"):
        text = f"\\begin{{{env}}}\n{body}\n\\end{{{env}}}\n"
    segment = Segment("hw.md", text)
    (formula,) = scan_markdown(segment)[0]
    chains = split_chains(formula)
    shown = [
        (
            [p.text for p in c.pieces],
            [m.rel for m in c.marks],
            [str(segment.locate(m.offset)) for m in c.marks],
        )
        for c in chains
    ]
    return shown, chains


def test_aligned_rows_that_start_with_a_relation_continue_the_previous_right_side():
    shown, _ = _chains("A &= B \\\\\n  &= C \\\\\n  &\\le D")
    assert shown == [(["A", "B", "C", "D"], ["=", "=", "<="], ["hw.md:3:4", "hw.md:4:4", "hw.md:5:4"])]


def test_a_row_with_a_new_left_side_starts_a_new_chain():
    shown, _ = _chains("A &= B \\\\\nC &= D")
    assert [pieces for pieces, _, _ in shown] == [["A", "B"], ["C", "D"]]


def test_a_row_that_starts_with_plus_or_minus_continues_the_expression_before():
    shown, _ = _chains("A &= B \\\\\n  &\\quad + C \\\\\n  &= D")
    assert [pieces for pieces, _, _ in shown] == [["A", "B + C", "D"]]


def test_every_relation_spelling_is_read():
    shown, _ = _chains("a = b < c \\le d \\leq e > f \\ge g \\geq h \\lt i \\gt j", env="")
    (_, rels, _) = shown[0]
    assert rels == ["=", "<", "<=", "<=", ">", ">=", ">=", "<", ">"]


def test_left_and_right_delimiters_and_braces_hide_their_relations():
    shown, _ = _chains("\\left( a \\right) = \\sum_{j=1}^{q} b_j", env="")
    assert shown[0][0] == ["\\left( a \\right)", "\\sum_{j=1}^{q} b_j"]


def test_labels_tags_nonumber_alignment_and_trailing_punctuation_are_removed():
    shown, _ = _chains("A &= B, \\nonumber \\label{eq:a} \\\\\n &= C. \\tag{2}")
    assert shown[0][0] == ["A", "B", "C"]


def test_an_annotation_column_and_a_trailing_text_are_dropped_with_a_note():
    shown, chains = _chains("A &= B && \\text{chain rule} \\\\\n &= C \\quad \\text{(by parts)}")
    assert shown[0][0] == ["A", "B", "C"]
    assert any("chain rule" in note for note in chains[0].notes)
    assert any("by parts" in note for note in chains[0].notes)


def test_a_definition_an_undecided_relation_and_a_separator_are_told_apart():
    shown, _ = _chains("L := a \\approx b \\implies c \\overset{\\text{def}}{=} d, \\quad e = f", env="")
    assert [(pieces, rels) for pieces, rels, _ in shown] == [
        (["L", "a", "b"], ["def", "other"]),
        (["c", "d"], ["def"]),
        (["e", "f"], ["="]),
    ]


def test_gather_rows_are_separate_chains_and_multline_rows_are_one_expression():
    shown, _ = _chains("a = b \\\\\nc = d", env="gather*")
    assert [pieces for pieces, _, _ in shown] == [["a", "b"], ["c", "d"]]
    shown, _ = _chains("a = b \\\\\n c", env="multline*")
    assert [[" ".join(p.split()) for p in pieces] for pieces, _, _ in shown] == [["a", "b c"]]


def test_a_formula_without_a_relation_has_no_chain():
    shown, _ = _chains("\\sum_j s_j", env="")
    assert shown == []


def test_a_missing_side_is_an_empty_piece_at_its_place():
    shown, _ = _chains("a = ", env="")
    assert shown[0][0] == ["a", ""]


def test_chains_joined_by_a_connective_are_conditions_and_a_comma_list_is_not():
    _, chains = _chains("x = 2 \\implies x^2 = 4, \\quad a = b", env="")
    assert [c.condition for c in chains] == ["\\implies", "\\implies", ""]
    _, chains = _chains("x = 2 \\quad \\text{so} \\quad x^2 = 4 \\iff y = 1", env="")
    assert [c.condition for c in chains] == ["\\text{so}", "\\text{so}", "\\iff"]
    shown, _ = _chains("x = 2 \\quad \\text{so} \\quad x^2 = 4", env="")
    assert [pieces for pieces, _, _ in shown] == [["x", "2"], ["x^2", "4"]]


def test_an_implication_at_the_start_of_a_row_makes_the_chain_before_a_condition_too():
    shown, chains = _chains("a &= b \\\\\n2x - 4 &= 0 \\\\\n\\implies x &= 2 \\\\\n&= 1 + 1")
    assert [pieces for pieces, _, _ in shown] == [["a", "b"], ["2x - 4", "0"], ["x", "2", "1 + 1"]]
    assert [c.condition for c in chains] == ["", "\\implies", "\\implies"]


def test_intertext_between_rows_is_prose_and_the_next_row_continues_the_chain():
    for command in ("intertext", "shortintertext"):
        body = f"A &= B \\\\\n\\{command}{{and so, by \\eqref{{x}}, $a = b$}}\n&= C"
        shown, _ = _chains(body, env="align*")
        assert [pieces for pieces, _, _ in shown] == [["A", "B", "C"]]


def test_a_line_break_inside_braces_as_in_a_substack_does_not_split_the_row():
    shown, _ = _chains("\\sum_{k=1}^{q} s_k &= s_1 + \\sum_{\\substack{k=2 \\\\ k \\le q}} s_k \\\\\n&= 1")
    assert [pieces for pieces, _, _ in shown] == [
        ["\\sum_{k=1}^{q} s_k", "s_1 + \\sum_{\\substack{k=2 \\\\ k \\le q}} s_k", "1"]
    ]


def test_a_connective_word_at_the_end_of_a_row_is_no_annotation_and_the_next_row_is_a_condition():
    shown, chains = _chains("2x - 4 &= 0 \\quad \\text{hence} \\\\\nx &= 2 \\quad \\text{(solving)}")
    assert [pieces for pieces, _, _ in shown] == [["2x - 4", "0"], ["x", "2"]]
    assert [c.condition for c in chains] == ["\\text{hence}", "\\text{hence}"]
    assert any("solving" in note for note in chains[1].notes)
