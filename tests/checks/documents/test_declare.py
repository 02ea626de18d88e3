"""Declarations: kinds with sizes (a number or a symbol), definitions, and what is refused."""

from __future__ import annotations

import pytest

from checks.claims.syntax import ClaimSyntaxError
from checks.documents.declare import read_block, read_entry, split_entries
from checks.documents.formulas import Declaration
from checks.documents.locations import Location, Segment
from checks.errors import UsageError
from checks.model import Kind

HERE = Location("hw.md", 1, 1)


def test_entries_are_split_at_line_ends_and_at_commas_outside_brackets():
    entries = split_entries("\n  - o: logits[q], y: labels[q]\n  L: KL(p, q)\n  # a comment\n")
    assert [text for text, _ in entries] == ["o: logits[q]", "y: labels[q]", "L: KL(p, q)"]


def test_a_kind_with_a_number_or_a_symbol_declares_a_vector_of_that_size():
    assert (read_entry("o: logits[3]", HERE).size, read_entry("o: logits[q]", HERE).size) == (3, "q")
    entry = read_entry("y: labels", HERE)
    assert (entry.kind, entry.vector, entry.size) == (Kind.LABELS, True, None)


def test_a_scalar_kind_declares_a_scalar_and_real_with_a_size_a_real_vector():
    entry = read_entry("x: real", HERE)
    assert (entry.kind, entry.vector) == (Kind.REAL, False)
    assert read_entry("w: real[4]", HERE).kind is Kind.LOGITS
    assert read_entry("p: probability", HERE).kind is Kind.OPEN_UNIT


def test_a_definition_is_read_by_the_whitelist_readers_in_either_spelling():
    entry = read_entry("s: softmax(o)", HERE)
    assert entry.definition is not None and entry.definition.value == "softmax"
    assert read_entry(r"L = -\log s_1", HERE).definition is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("o logits", "expected NAME: KIND"),
        ("o: logit[3]", "unknown kind 'logit"),
        ("o: logits[99]", "size 99"),
        ("o:", "says nothing"),
    ],
)
def test_malformed_declarations_are_bad_input_with_their_place(text, message):
    with pytest.raises(UsageError, match=message) as found:
        read_entry(text, HERE)
    assert str(found.value).startswith("hw.md:1:1: ")


def test_nothing_in_a_declaration_is_evaluated():
    with pytest.raises(ClaimSyntaxError, match="double-underscore"):
        read_entry("s: __import__('os').system('true')", HERE)


def test_a_declaration_the_reader_cannot_read_is_a_warning_not_an_error():
    segment = Segment("hw.md", "<!-- verify: \\hatt{y}: softmax(o), o: logits[3] -->")
    entries, warnings = read_block(Declaration(segment, 12, segment.text[12:-3]))
    assert [e.name for e in entries] == ["o"]
    assert len(warnings) == 1 and "hw.md:1:14" in warnings[0] and "not read" in warnings[0]
