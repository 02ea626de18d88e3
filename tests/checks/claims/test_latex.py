"""The LaTeX subset reads into the same tree as the text spelling."""

from __future__ import annotations

import pytest

from checks.claims.check import check_claim
from checks.claims.latex import looks_like_latex, parse_latex_claim
from checks.claims.reading import render_tree
from checks.claims.syntax import ClaimSyntaxError, parse_claim
from checks.model.result import Verdict


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
        (r"\log x \log y = \log x^2", "log(x)*log(y) = log(x**2)"),  # a factor, then another function
        (r"\lim_{T \to 0^+} \sigma(1/T) = 1", "limit(sigmoid(1/T), T, 0, '+') = 1"),
        (r"\lim_{T \to 0^{-}} \sigma(1/T) = 0", "limit(sigmoid(1/T), T, 0, '-') = 0"),
        (r"\lim_{x \to 2^{3}} x = 8", "limit(x, x, 2**3) = 8"),  # an exponent, not a side
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
        (r"2^3^2 = \frac{128}{2}", "a^b^c is ambiguous"),  # TeX's double superscript
        (r"e^{x}^2 = e^{2x}", "a^b^c is ambiguous"),
        (r"\log 2a = \log(2a)", "argument without parentheses is one factor"),  # log(2)·a or log(2a)?
        (r"\exp x y = 1", "argument without parentheses is one factor"),
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


def _same_tree(latex: str, text: str) -> bool:
    return parse_latex_claim(latex) == parse_claim(text)


def _verdict(claim: str) -> Verdict:
    return check_claim(claim, pretty=False).verdict


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\sqrt[3]{8} = 8\sqrt{3}", "8**(1/3) = 8*sqrt(3)"),
        (r"\sqrt[n]{x} = 2", "x**(1/n) = 2"),
        (r"\sqrt[3]{a + b}^2 = 1", "((a + b)**(1/3))**2 = 1"),
    ],
)
def test_an_nth_root_is_read_as_a_power_not_a_product(latex, text):
    assert _same_tree(latex, text)
    assert _same_tree(r"\sqrt{x} = 2", "sqrt(x) = 2")


def test_an_nth_root_needs_its_radicand_in_braces():
    with pytest.raises(ClaimSyntaxError, match=r"radicand of \\sqrt\[n\] in braces"):
        parse_latex_claim(r"\sqrt[3]8 = 2")


def test_a_false_nth_root_claim_is_refuted_and_a_true_one_verified():
    assert _verdict(r"\sqrt[3]{8} = 8\sqrt{3}") is Verdict.REFUTED
    assert _verdict(r"\sqrt[3]{8} = 2") is Verdict.VERIFIED


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\frac{\partial^3 (x^3 y)}{\partial x^2 \partial y} = 3x^2", "diff(x**3*y, x, x, y) = 3*x**2"),
        (r"\frac{\partial^3 f}{\partial y \partial x_0^{2}} = 0", "diff(f, y, x[0], x[0]) = 0"),
        (r"\frac{\partial^3 f}{\partial \theta^2 \partial x} = 0", "diff(f, theta, theta, x) = 0"),
    ],
)
def test_an_exponent_on_a_partial_in_the_denominator_is_the_order(latex, text):
    assert _same_tree(latex, text)


def test_a_mixed_third_partial_derivative_is_checked_with_its_orders():
    claim = r"\frac{\partial^3 (x^3 y)}{\partial x^2 \partial y} = "
    assert _verdict(claim + "3x^2") is Verdict.REFUTED
    assert _verdict(claim + "6x") is Verdict.VERIFIED


@pytest.mark.parametrize(
    "latex",
    [
        r"\frac{\partial^3 f}{\partial x^2} = 0",
        r"\frac{\partial^2 g}{\partial x} = 0",
        r"\frac{\partial f}{\partial x \partial y} = 0",
        r"\frac{\partial^2 f}{\partial x^2 \partial y} = 0",
        r"\frac{d^2}{dx} x^3 = 6x",
    ],
)
def test_a_numerator_order_that_disagrees_with_the_denominator_is_refused(latex):
    with pytest.raises(ClaimSyntaxError, match="order"):
        parse_latex_claim(latex)


@pytest.mark.parametrize(
    "latex",
    [
        r"\frac{\partial^{2.5} f}{\partial x^2} = 0",
        r"\frac{\partial^2 f}{\partial x^{0} \partial y^2} = 0",
        r"\frac{\partial^{n} f}{\partial x^{n}} = 0",
    ],
)
def test_an_order_that_is_not_a_positive_whole_number_is_refused(latex):
    with pytest.raises(ClaimSyntaxError, match="positive whole number"):
        parse_latex_claim(latex)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\frac{d}{dx} x^2 = 2x", "diff(x**2, x) = 2*x"),
        (r"\frac{d x^2}{dx} = 2x", "diff(x**2, x) = 2*x"),
        (r"\frac{d^2}{dx^2} x^3 = 6x", "diff(x**3, x, x) = 6*x"),
        (r"\frac{d^2 x^3}{dx^2} = 6x", "diff(x**3, x, x) = 6*x"),
        (r"\frac{\mathrm{d}}{\mathrm{d}t} t^2 = 2t", "diff(t**2, t) = 2*t"),
        (r"\frac{d}{d\theta} \sigma(\theta) = 1", "diff(sigmoid(theta), theta) = 1"),
        (r"\frac{d}{dx} x^2 y = 2 x y", "diff(x**2*y, x) = 2*x*y"),
        (r"\frac{d}{dx} \left(x^2 + 1\right) + 1 = 2x + 1", "diff(x**2 + 1, x) + 1 = 2*x + 1"),
        (r"3 \frac{d}{dx} (x^2) = 6x", "3*diff(x**2, x) = 6*x"),
    ],
)
def test_an_ordinary_derivative_is_read_as_diff(latex, text):
    assert _same_tree(latex, text)


@pytest.mark.parametrize(
    ("ordinary", "partial"),
    [
        (r"\frac{d}{dx} x^2 = 2x", r"\frac{\partial x^2}{\partial x} = 2x"),
        (r"\frac{d f}{dx} = 0", r"\frac{\partial f}{\partial x} = 0"),
        (r"\frac{d^2}{dx^2} f = 0", r"\frac{\partial^2 f}{\partial x^2} = 0"),
        (r"\frac{d^2}{dx^2} f = 0", r"\frac{\partial^2}{\partial x^2} f = 0"),
    ],
)
def test_an_ordinary_derivative_reads_exactly_like_the_partial_one(ordinary, partial):
    assert parse_latex_claim(ordinary) == parse_latex_claim(partial)


def test_an_ordinary_derivative_claim_is_checked_as_a_derivative():
    assert _verdict(r"\frac{d}{dx} x^2 = x") is Verdict.REFUTED
    assert _verdict(r"\frac{d}{dx} x^2 = 2x") is Verdict.VERIFIED
    assert _verdict(r"\frac{d^2}{dx^2} x^3 = 6x") is Verdict.VERIFIED


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\frac{d}{dx} x^2 + 1 = 2x + 1", "parentheses"),
        (r"\frac{d}{dx} (x^2) x = 3x^2", "parentheses"),
        (r"\frac{d}{dx} = \frac{1}{x}", "needs an expression"),
        (r"\frac{d a}{d b c} = 0", "expected 'd'"),
        (r"\frac{d + x}{d y} = 1", "cannot read"),
        (r"d \frac{d}{dx} x^2 = 2 d x", "both"),
        (r"\frac{d x^2}{d x} = \frac{d}{2}", "both"),
        (r"\frac{d}{dd} d^2 = 2d", "both"),
        (r"d/dx x^{2} = x^{3}", "slash"),
        (r"\frac{dy}{dx} = y/dx", "slash"),
    ],
)
def test_a_d_that_is_not_unambiguously_a_derivative_is_refused(latex, message):
    with pytest.raises(ClaimSyntaxError, match=message):
        parse_latex_claim(latex)
    # without a derivative, d is an ordinary variable
    assert _same_tree(r"\frac{d}{2} + d_1 = \frac{d_1}{d_2}", "d/2 + d[1] = d[1]/d[2]")


def test_a_bare_e_in_latex_is_eulers_number():
    from checks.claims.check import check_claim
    from checks.model.result import Verdict

    assert check_claim("\\ln e = 1", pretty=False).verdict is Verdict.VERIFIED
    assert check_claim("e^{x} e = e^{x+1}", pretty=False).verdict is Verdict.VERIFIED
    assert check_claim("e_1 + e_2 = e_2 + e_1", pretty=False).read_as == "e_1 + e_2 = e_2 + e_1"
