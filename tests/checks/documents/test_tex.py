"""LaTeX: formulas after \\begin{document}, ``% verify:`` declarations, comments set aside."""

from __future__ import annotations

from checks.documents.locations import Segment
from checks.documents.tex import comment_start, scan_latex

TEXT = r"""\documentclass{article}
% verify: o: logits[q]
%   y: labels[q]
% an ordinary comment: y: not a declaration
\newcommand{\R}{\mathbb{R}} $$ 0 = 1 $$
\begin{document}
% $$ 1 = 2 $$ commented out
\begin{equation}
  a = b % a comment inside: c = d
\end{equation}
50\% of \[ x = y \]
\begin{verbatim}
$$ 3 = 4 $$
\end{verbatim}
\end{document}
"""


def test_formulas_after_begin_document_are_found_and_comments_blanked():
    segment = Segment("hw.tex", TEXT)
    formulas, _ = scan_latex(segment)
    assert [(f.environment, " ".join(f.body.split())) for f in formulas] == [
        ("equation", "a = b"),
        ("\\[", "x = y"),
    ]
    assert str(segment.locate(formulas[0].start)) == "hw.tex:8:1"


def test_a_verify_comment_and_its_indented_continuation_lines_are_one_declaration():
    _, declarations = scan_latex(Segment("hw.tex", TEXT))
    (block,) = declarations
    assert block.text.split() == ["o:", "logits[q]", "y:", "labels[q]"]


def test_an_escaped_percent_sign_starts_no_comment_and_a_line_break_before_one_does():
    assert comment_start(r"50\% of x") == -1
    assert comment_start(r"a \\% comment") == 4


def test_a_begin_document_quoted_in_verb_does_not_end_the_preamble():
    text = "$$ (a+b)^2 = a^2 + b^2 $$\nUse \\verb|\\begin{document}| to start.\n$$ x = x $$\n"
    formulas, _ = scan_latex(Segment("t.tex", text))
    assert len(formulas) == 2


def test_a_line_break_with_its_spacing_argument_in_prose_opens_no_display_formula():
    text = (
        "\\begin{document}\nText with a line break \\\\[3pt] in a paragraph.\n"
        "\\begin{align}\na &= b \\\\[2pt]\n&= c\n\\end{align}\nFirst line\\\\[3pt] second.\n"
        "\\[ x = y \\]\n\\\\\\[ z = w \\]\n\\end{document}\n"
    )
    formulas, _ = scan_latex(Segment("hw.tex", text))
    assert [(f.environment, f.problem) for f in formulas] == [("align", None), ("\\[", None), ("\\[", None)]
    assert [" ".join(f.body.split()) for f in formulas[1:]] == ["x = y", "z = w"]


def test_text_tex_never_shows_as_mathematics_is_not_read():
    # \iffalse … \fi and \verb|…| hold formulas nobody sees: they were checked (and refuted).
    text = (
        "\\begin{document}\n\\iffalse\n\\[ a = a + 1 \\]\n\\fi\n"
        "Inline \\verb|\\[ a = a + 3 \\]| and \\verb+$b = b + 1$+ here.\n\\[ a + 0 = a \\]\n\\end{document}\n"
    )
    formulas, _ = scan_latex(Segment("t.tex", text))
    assert [" ".join(f.body.split()) for f in formulas] == ["a + 0 = a"]


def test_iffalse_hides_up_to_its_else_or_its_own_fi_counting_nested_conditionals():
    # The \else branch is shown (3 = 4 was never checked); a nested \ifnum…\fi does not end it.
    text = (
        "\\begin{document}\n\\iffalse\n\\ifnum1=1 \\fi\n\\[ 1 = 2 \\]\n\\fi\n"
        "\\iffalse hidden \\else\n\\[ 3 = 4 \\]\n\\fi\n\\end{document}\n"
    )
    formulas, _ = scan_latex(Segment("t.tex", text))
    assert [" ".join(f.body.split()) for f in formulas] == ["3 = 4"]
