"""A derivation rendered as LaTeX: justifications are text, their special characters escaped."""

from __future__ import annotations

import re

from checks.report.derivation import latex_text
from checks.report.latex import claim_latex, derivation_latex, result_latex
from tests.checks.report.report_fixtures import slip


def _texts(latex: str) -> list[str]:
    """The contents of every ``\\text{…}`` (balanced braces)."""
    found = []
    for start in (m.end() for m in re.finditer(r"\\text\{", latex)):
        depth, k = 1, start
        while depth:
            depth += {"{": 1, "}": -1}.get(latex[k], 0) if latex[k - 1] != "\\" else 0
            k += 1
        found.append(latex[start : k - 1])
    return found


def test_no_raw_underscore_is_left_inside_text_in_a_derivations_latex():
    # "chain rule with ∂ log s_i/∂o_j = δ_ij - s_j" and "Σ_i y_i δ_ij = y_j" have underscores
    latex = slip().derivation.render("latex")
    texts = _texts(latex)
    assert any("s\\_i" in t for t in texts)
    assert not [t for t in texts if re.search(r"(?<!\\)_", t)]


def test_latex_text_escapes_every_special_character():
    assert latex_text("a_b ^{c} 50% & #1 $x$ ~ \\") == (
        r"a\_b \textasciicircum{}\{c\} 50\% \& \#1 \$x\$ \textasciitilde{} \textbackslash{}"
    )


def test_notebook_latex_of_a_derivation_a_result_and_a_claim():
    import checks

    result = slip()
    shown = derivation_latex(result.derivation)
    assert shown.startswith("$$") and shown.endswith("$$") and r"\begin{aligned}" in shown
    assert result._repr_latex_() == result_latex(result)
    assert "REFUTED" in result._repr_latex_() and r"\textbf{refuted}" in result._repr_latex_()
    assert not [t for t in _texts(result._repr_latex_()) if re.search(r"(?<!\\)_", t)]
    claim = checks.check("diff(softmax(x)[0], x[1]) = -softmax(x)[0]*softmax(x)[1]", vectors=["x:3"])
    assert claim._repr_latex_() == claim_latex(claim)
    assert r"\frac{\partial}{\partial x_{1}}" in claim._repr_latex_() and "verified" in claim._repr_latex_()
