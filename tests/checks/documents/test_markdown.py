"""Markdown: display formulas found with their places; code, comments and inline math set aside."""

from __future__ import annotations

from checks.documents.locations import Segment
from checks.documents.markdown import scan_markdown

TEXT = """---
title: a homework
verify:
  o: logits[q]
  y: labels[q]
---
Inline $a = b$ is not a display formula.

```latex
$$ 1 = 2 $$
```

Code `$$ 3 = 4 $$` in a span.

<!-- $$ 5 = 6 $$ in a comment -->
<!-- verify: s: softmax(o), z: logits[2] -->

$$
x = 1
$$

\\[ y = 2 \\]

\\begin{align*}
a &= b
\\end{align*}

Price: \\$5 and \\$6.
"""


def _scan(text: str = TEXT):
    segment = Segment("hw.md", text)
    return segment, *scan_markdown(segment)


def test_display_formulas_are_found_in_order_with_their_lines():
    segment, formulas, _ = _scan()
    found = [(f.environment, str(segment.locate(f.start)), f.body.strip()) for f in formulas]
    assert found == [
        ("$$", "hw.md:18:1", "x = 1"),
        ("\\[", "hw.md:22:1", "y = 2"),
        ("align*", "hw.md:24:1", "a &= b"),
    ]


def test_code_blocks_code_spans_comments_inline_math_and_escaped_dollars_are_not_formulas():
    _, formulas, _ = _scan()
    bodies = " ".join(f.body for f in formulas)
    for text in ("1 = 2", "3 = 4", "5 = 6", "a = b", "5 and"):
        assert text not in bodies


def test_front_matter_and_an_html_comment_declare_names():
    segment, _, declarations = _scan()
    texts = [" ".join(d.text.split()) for d in declarations]
    assert texts == ["o: logits[q] y: labels[q]", "s: softmax(o), z: logits[2]"]
    assert str(segment.locate(declarations[1].offset)).startswith("hw.md:16:")


def test_a_formula_without_its_closing_delimiter_is_reported_with_the_problem():
    _, formulas, _ = _scan("text\n$$ x = 1\nmore\n")
    (formula,) = formulas
    assert formula.problem == "no closing $$"


def test_front_matter_is_read_only_at_the_top_of_the_first_segment():
    segment = Segment("hw.md", "---\nverify:\n  o: logits\n---\n")
    assert scan_markdown(segment, first=False)[1] == []
    assert len(scan_markdown(segment, first=True)[1]) == 1


def test_a_line_break_with_its_spacing_argument_in_prose_opens_no_display_formula():
    _, formulas, _ = _scan("Block B (spacing \\\\[2pt], wrong):\n\n$$ a = b $$\n\nthen \\[ c = d \\]\n")
    assert [(f.environment, f.body.strip(), f.problem) for f in formulas] == [
        ("$$", "a = b", None),
        ("\\[", "c = d", None),
    ]


def test_a_percent_comment_inside_display_math_is_blanked_but_an_escaped_percent_is_kept():
    text = (
        "\\begin{align}\na &= b \\\\\n% &= a + 7 \\\\\n&= c % trailing = 5\n\\end{align}\n$$ 50\\% = d $$\n"
    )
    _, formulas, _ = _scan(text)
    assert [" ".join(f.body.split()) for f in formulas] == ["a &= b \\\\ &= c", "50\\% = d"]
    assert len(formulas[0].body) == len(text.split("\\end{align}")[0]) - len("\\begin{align}")
    # a percent sign in prose is text: the formula after it is found whole
    assert [f.body.strip() for f in _scan("50% of the class\n$$ x = 1 $$ and 20%")[1]] == ["x = 1"]


def test_an_indented_code_block_is_not_read_but_an_indented_row_inside_a_display_is():
    # Four spaces after a blank line make a code block: its "$$ a = a + 9 $$" was refuted.
    text = "Text.\n\n    $$ a = a + 9 $$\n\n$$\n    (a+b)^2 \\\\\n\n    = a^2 + 2ab + b^2\n$$\n"
    formulas, _ = scan_markdown(Segment("x.md", text))
    bodies = [" ".join(f.body.split()) for f in formulas]
    assert len(bodies) == 1 and "a = a + 9" not in bodies[0] and "2ab" in bodies[0]
