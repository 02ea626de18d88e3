"""Expressions as presentation MathML: plain characters, no string ever parsed."""

from __future__ import annotations

import sympy as sp

from checks.report.mathml import expression, limit, math, relation


def test_named_characters_become_characters_and_e_is_a_plain_letter():
    x = sp.Symbol("x0", real=True)
    shown = expression(sp.exp(x) * sp.Symbol("a") / 2)
    assert "&" not in shown.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
    assert "<mi>e</mi>" in shown and "<msub><mi>x</mi><mi>0</mi></msub>" in shown


def test_a_string_is_shown_as_text_never_parsed():
    shown = expression("__import__('os').system('true') < 1")
    assert shown.startswith("<mtext>") and "&lt; 1" in shown


def test_relations_and_limits_and_the_math_element():
    assert relation("<=") == "<mo>≤</mo>"
    lam = sp.Symbol("lam", positive=True)
    shown = math(limit(lam, sp.oo, 1 / lam), block=True)
    assert shown.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">')
    assert "<munder><mo>lim</mo>" in shown and "∞" in shown
