"""The whitelist parser: reads the vocabulary, refuses everything else, never runs anything."""

from __future__ import annotations

import builtins
import string
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.claims.syntax import ClaimSyntaxError, parse_claim, parse_expression, tokenize


def test_a_relation_with_calls_subscripts_and_powers_is_read():
    relation = parse_claim("diff(softmax(x)[0], x[1]) = -softmax(x)[0]*softmax(x)[1]**2")
    assert relation.rel == "="
    assert relation.left.op == "call" and relation.left.value == "diff"
    assert relation.right.op == "mul"


def test_power_is_right_associative():
    node = parse_expression("2**3**2")
    assert node.op == "pow" and node.args[1].op == "pow"


def test_decimals_are_read_as_exact_rationals():
    node = parse_expression("0.1")
    assert node.value is not None and str(node.value) == "1/10"


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("x.__class__ = 1", "attribute access", 2),
        ("__import__(x) = 1", "double-underscore", 1),
        ("eval(x) = 1", "unknown function 'eval'", 1),
        ("lambda: 1 = 1", "Python keyword 'lambda'", 1),
        ("[x for x in y] = 1", "Python keyword 'for'", 4),
        ("[1] = 1", "expected a number, a name or '('", 1),
        ("'abc' = 1", "strings are not allowed", 1),
        ("a = b = c", "only one comparison", 7),
        ("a != b", "'!='", 3),
        ("exp(a, b) = 1", "exp takes 1 argument, got 2", 1),
        ("a + ", "expected a number", 5),
        ("a ; b = 1", "unexpected character ';'", 3),
        ("a = '+'", "only the side of a limit", 5),
        ("x '+' 1 = x + 1", "expected a comparison", 3),  # a quoted + is never the operator
        ("limit(x, x, 0, 1) = 0", "fourth argument of limit is its side", 16),
        ("limit(x, x, 0, 'x') = 0", "strings are not allowed", 16),
        ("exp('+') = 1", "only the side of a limit", 5),
    ],
)
def test_hostile_or_malformed_text_is_refused_with_token_and_column(text, message, column):
    with pytest.raises(ClaimSyntaxError) as info:
        parse_claim(text)
    assert message in str(info.value)
    assert info.value.column == column


def test_a_megabyte_of_input_is_refused_before_tokenising():
    with pytest.raises(ClaimSyntaxError, match="characters long"):
        tokenize("x" * 1_000_000)


def test_deep_nesting_is_refused_not_a_recursion_error():
    with pytest.raises(ClaimSyntaxError, match="nesting deeper"):
        parse_claim("(" * 500 + "x" + ")" * 500 + " = 1")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "σ∂√²", max_size=80))
def test_the_parser_never_crashes_and_never_executes_anything(text):
    with (
        mock.patch.object(builtins, "eval", side_effect=AssertionError("eval called")),
        mock.patch.object(builtins, "exec", side_effect=AssertionError("exec called")),
        mock.patch.object(builtins, "__import__", wraps=builtins.__import__) as imported,
    ):
        try:
            parse_claim(text)
        except ClaimSyntaxError:
            pass
    assert imported.call_count == 0


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.sampled_from(["a", "b", "x[0]", "1", "2.5"]),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(st.sampled_from(["exp", "log", "sigmoid", "tanh"]), inner).map(
                lambda t: f"{t[0]}({t[1]})"
            ),
        ),
        max_leaves=8,
    )
)
def test_every_well_formed_expression_is_read(expression):
    relation = parse_claim(f"{expression} = {expression}")
    assert relation.left == relation.right


def test_a_chain_of_thousands_of_products_is_refused_before_any_interpreter_walks_it():
    from checks.claims.reading import read

    with pytest.raises(ClaimSyntaxError, match="nests deeper than"):
        read("$" + "a " * 1500 + " = 1$")  # implicit products in LaTeX
    with pytest.raises(ClaimSyntaxError, match="nests deeper than"):
        read("*".join(["a"] * 1500) + " = 1")


@pytest.mark.parametrize(
    ("claim", "shown"),
    [("x**(1/3) = 2", "x**(1/3)"), ("(a**b)**c = 1", "(a**b)**c"), ("a**b**c = 1", "a**(b**c)")],
)
def test_how_a_power_was_read_is_echoed_with_its_parentheses(claim, shown):
    from checks.claims.reading import read, render_tree

    assert render_tree(read(claim).left) == shown


@pytest.mark.parametrize("side", ["+", "-", "+-"])
def test_a_limit_may_name_its_side_in_quotes_as_sympy_does(side):
    for quote in "'\"":
        relation = parse_claim(f"limit(1/x, x, 0, {quote}{side}{quote}) = 0")
        limit = relation.left
        assert limit.value == "limit" and len(limit.args) == 4
        assert limit.args[3].op == "side" and limit.args[3].value == side


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("2x = 1", "mul(2, x)"),
        ("x y = 1", "mul(x, y)"),
        ("2(x + 1) = 1", "mul(2, add(x, 1))"),
        ("exp(a) exp(b) = 1", "mul(exp(a), exp(b))"),
        ("2x^2 = 1", "mul(2, pow(x, 2))"),
        ("(a + b)(a - b) = 1", "mul(add(a, b), sub(a, b))"),
    ],
)
def test_implicit_multiplication_is_read_in_sympy_spelling(text, product):
    assert _shape(parse_claim(text).left) == product


def _shape(node) -> str:
    if node.op == "num":
        return str(node.value)
    if node.op == "name":
        return str(node.value)
    head = node.value if node.op == "call" else node.op
    return f"{head}(" + ", ".join(_shape(a) for a in node.args) + ")"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a/2b = 1", "a/2b reads as a/(2b) or as (a/2)*b"),
        ("x 2 = 1", "a number right after a factor"),
        ("log x = 1", "log is a function: write log(…)"),
        ("sigmoid z = 1", "sigmoid is a function"),
        ("sin x = 1", "sin is a function"),
        ("x (1 - x) = 1", "unknown function 'x'"),
    ],
)
def test_implicit_multiplication_that_reads_two_ways_is_refused_in_sympy_spelling(text, message):
    with pytest.raises(ClaimSyntaxError) as info:
        parse_claim(text)
    assert message in str(info.value)


def test_an_undeclared_e_is_eulers_number_and_a_declared_one_a_variable():
    assert parse_claim("e**x > 0").left.args[0].value == "E"
    assert parse_claim("e**x > 0", euler=False).left.args[0].value == "e"
    assert parse_claim("e_1 > 0").left.value == "e_1"  # another name
    assert parse_claim("2e-3 > 0").left.op == "num"  # scientific notation stays a number
