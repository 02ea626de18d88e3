"""The LaTeX subset reads into the same tree as the text spelling."""

from __future__ import annotations

import pytest

from checks.claim_check import render_tree
from checks.claim_latex import looks_like_latex, parse_latex_claim
from checks.claim_syntax import ClaimSyntaxError


@pytest.mark.parametrize(
    ("latex", "read_as"),
    [
        (r"\sigma(z) = \frac{1}{1 + e^{-z}}", "sigmoid(z) = 1/(1 + exp(-z))"),
        (r"\frac{\partial s_0}{\partial x_1} = -s_0 s_1", "Derivative(s[0], x[1]) = -s[0]*s[1]"),
        (r"\sum_{k=0}^{2} \delta_{1k} x_k = x_1", "Sum(KroneckerDelta(1, k)*x[k], (k, 0, 2)) = x[1]"),
        (r"\log\left(e^{a} + e^{b}\right) > \max(a, b)", "log(exp(a) + exp(b)) > Max(a, b)"),
        (r"\log_2 8 \le 3", "log(8, 2) <= 3"),
        (r"\frac{\partial^2 g}{\partial x_0^2} \ge 0", "Derivative(g, x[0], x[0]) >= 0"),
        (r"\lim_{\lambda \to \infty} \frac{1}{\lambda} = 0", "limit(1/lam, lam, oo) = 0"),
        (r"$\ln(e^{a}) = a$", "log(exp(a)) = a"),
        (r"\operatorname{softmax}(x)_{0} = s_0", "softmax(x)[0] = s[0]"),
    ],
)
def test_latex_is_read_as_the_canonical_text(latex, read_as):
    relation = parse_latex_claim(latex)
    assert f"{render_tree(relation.left)} {relation.rel} {render_tree(relation.right)}" == read_as


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\input{/etc/passwd} = 1", "unknown LaTeX command"),
        (r"\frac{a}{b}", "expected a comparison"),
        (r"a = 'b'", "strings are not allowed"),
        (r"\delta_{i} = 1", "exactly two indices"),
    ],
)
def test_unknown_commands_and_malformed_latex_are_refused(latex, message):
    with pytest.raises(ClaimSyntaxError) as info:
        parse_latex_claim(latex)
    assert message in str(info.value)


def test_latex_is_recognised_by_its_backslashes_braces_or_dollars():
    assert looks_like_latex(r"\sigma(z) = 1")
    assert looks_like_latex("e^{x} = 1")
    assert not looks_like_latex("exp(x) = 1")
