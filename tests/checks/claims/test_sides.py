"""The NumPy interpreter of claims: every sample point in one pass agrees with one point at a time."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from checks.claims.numpy_side import numpy_rows, numpy_value, stack_points
from checks.claims.reading import read
from checks.claims.scope import assignments
from checks.claims.sympy_side import sympy_sides
from checks.claims.syntax import ClaimSyntaxError
from checks.numeric.sampling import samples
from tests.checks.claims.test_check import _corpus, _declarations

ERRORS = (ValueError, TypeError, ZeroDivisionError, OverflowError, IndexError, KeyError)


def _pointwise(node, scope, case, points) -> np.ndarray | None:
    rows = []
    for p in points:
        try:
            rows.append(np.ravel(numpy_value(node, scope, case, p.as_numpy(scope.variables))))
        except ERRORS:
            return None
    return np.array(rows)


def _sides():
    for item in _corpus():
        relation = read(item["claim"])
        scope = _declarations(item).scope()
        for case in list(assignments(relation, scope))[:2]:
            sympy_sides(relation, scope, case)  # as the checker does: undeclared names become scalars
            for side in (relation.left, relation.right):
                yield item["id"], side, scope, case


def test_every_corpus_side_has_the_same_values_in_one_pass_as_point_by_point():
    stacked = total = 0
    for claim_id, node, scope, case in _sides():
        total += 1
        points = samples(scope.variables, 24, 0)
        one_by_one = _pointwise(node, scope, case, points)
        try:
            batch = numpy_rows(node, scope, case, stack_points(points, scope.variables), len(points))
        except ERRORS:
            continue  # the checker then goes point by point, as above
        stacked += 1
        assert one_by_one is not None, claim_id
        assert batch.shape == one_by_one.shape, claim_id
        assert np.array_equal(np.isnan(batch), np.isnan(one_by_one)), claim_id
        finite = np.isfinite(batch) & np.isfinite(one_by_one)
        assert np.allclose(batch[finite], one_by_one[finite], rtol=1e-9, atol=1e-12), claim_id
        assert np.array_equal(batch[~finite], one_by_one[~finite], equal_nan=True), claim_id
    assert stacked >= 0.95 * total  # nearly every side of the corpus is evaluated in one pass


def _agree(one_by_one: np.ndarray, batch: np.ndarray) -> bool:
    if batch.shape != one_by_one.shape or not np.array_equal(np.isnan(batch), np.isnan(one_by_one)):
        return False
    finite = np.isfinite(batch) & np.isfinite(one_by_one)
    close = np.allclose(batch[finite], one_by_one[finite], rtol=1e-9, atol=1e-12)
    return bool(close and np.array_equal(batch[~finite], one_by_one[~finite], equal_nan=True))


_LEAVES = ["a", "b", "x[0]", "x[2]", "softmax(x)[1]", "s[0]", "logsumexp(x)", "2", "1/3", "k"]
_EXPRESSIONS = st.recursive(
    st.sampled_from(_LEAVES),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(st.sampled_from(["exp", "log", "sigmoid", "tanh", "Abs", "floor", "sqrt"]), inner).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(st.sampled_from(["Max", "Min"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        inner.map(lambda e: f"KroneckerDelta(k, 1)*{e}"),
        st.tuples(inner, st.sampled_from(["a", "x[1]"])).map(lambda t: f"diff({t[0]}, {t[1]})"),
        inner.map(lambda e: f"Sum({e}, (k, 0, 2))"),
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(_EXPRESSIONS)
def test_any_expression_has_the_same_values_in_one_pass_as_point_by_point(expression):
    from checks.claims.declarations import Declarations, parse_vector

    scope = Declarations(vectors=(parse_vector("x:3"),)).scope()
    relation = read(f"{expression} = 0")
    try:
        cases = list(assignments(relation, scope))[:3]
        for case in cases:
            sympy_sides(relation, scope, case)
    except (ClaimSyntaxError, TypeError, ValueError):
        assume(False)  # not a claim the checker goes on to evaluate (diff by a number, say)
    for case in cases:
        points = samples(scope.variables, 12, 1)
        one_by_one = _pointwise(relation.left, scope, case, points)
        try:
            batch = numpy_rows(relation.left, scope, case, stack_points(points, scope.variables), len(points))
        except ERRORS:
            continue
        assert one_by_one is not None, expression
        assert _agree(one_by_one, batch), expression


@pytest.mark.parametrize(
    ("claim", "vectors"),
    [
        ("x[a] = x[0]", {"x": 3}),  # the index is a sampled variable: no single index per pass
        ("Sum(a, (k, 0, b)) = a", {}),  # a bound that is a variable
    ],
)
def test_what_does_not_stack_is_refused_so_the_caller_goes_point_by_point(claim, vectors):
    from checks.claims.declarations import Declarations, parse_vector

    declarations = Declarations(vectors=tuple(parse_vector(f"{k}:{n}") for k, n in vectors.items()))
    scope = declarations.scope()
    relation = read(claim)
    points = samples(scope.variables, 24, 0)
    with pytest.raises(ERRORS):
        numpy_rows(relation.left, scope, {}, stack_points(points, scope.variables), len(points))


def test_a_claim_that_does_not_stack_is_still_checked_point_by_point():
    from checks.claims.check import check_claim
    from checks.claims.declarations import Declarations, parse_vector
    from checks.model.result import Verdict

    declarations = Declarations(vectors=(parse_vector("x:3"),))
    result = check_claim("x[floor(a)] = x[0] + 1", declarations, pretty=False)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("limit(log(exp(l*a) + exp(l*b) + exp(l*c))/l, l, oo)", 3.0),  # e^{10^6 · 3} overflows
        ("log(exp(2*a) + exp(b) + 1/2) - a", math.log(math.exp(6) + math.e + 0.5) - 3),  # ordinary
        ("log(exp(1000*a) + 2)", 3000.0),
        ("log(exp(-1000*a) + exp(-1000*b))", -1000.0),  # both underflow to 0 without it
    ],
)
def test_a_log_of_a_sum_of_exponentials_is_evaluated_as_a_log_sum_exp(text, expected):
    from checks.claims.declarations import Declarations

    scope = Declarations().scope()
    node = read(f"{text} = 0").left
    point = {"a": np.array(3.0), "b": np.array(1.0), "c": np.array(-2.0), "l": np.array(1.0)}
    assert numpy_value(node, scope, {}, point) == pytest.approx(expected, rel=1e-9)


def test_a_log_of_a_difference_of_exponentials_is_not_read_as_a_log_sum_exp():
    from checks.claims.declarations import Declarations

    scope = Declarations().scope()
    node = read("log(exp(a) - exp(b)) = 0").left
    point = {"a": np.array(1.0), "b": np.array(3.0)}
    assert np.isnan(numpy_value(node, scope, {}, point))  # log of a negative number


def _ranges(claim: str, *vectors: str) -> dict[str, set[int]]:
    from checks.claims.declarations import Declarations, parse_vector

    scope = Declarations(vectors=tuple(parse_vector(v) for v in vectors)).scope()
    seen: dict[str, set[int]] = {}
    for assignment in assignments(read(claim), scope):
        for name, value in assignment.items():
            seen.setdefault(name, set()).add(value)
    return seen


def test_each_free_index_ranges_over_the_vector_it_subscripts():
    assert _ranges("x[i]*y[j] = y[j]*x[i]", "x:3", "y:2") == {"i": {0, 1, 2}, "j": {0, 1}}
    # softmax(x)[i] and the shorthand s[i] subscript x; a bigger y declared beside changes nothing.
    assert _ranges("diff(softmax(x)[i], x[j]) = 0", "x:2", "y:5") == {"i": {0, 1}, "j": {0, 1}}
    assert _ranges("s[i] > 0", "x:2") == {"i": {0, 1}}


def test_an_index_that_subscripts_no_vector_ranges_over_the_largest():
    assert _ranges("KroneckerDelta(i, 0) >= 0", "x:2", "y:4") == {"i": {0, 1, 2, 3}}
    # A Sum's own variable is bound, not a free index, even where it subscripts.
    assert _ranges("Sum(x[k], (k, 0, 1)) = y[i]", "x:2", "y:3") == {"i": {0, 1, 2}}


def test_one_index_over_vectors_of_different_sizes_is_refused():
    with pytest.raises(
        ClaimSyntaxError, match=r"'i' subscripts vectors of different sizes: x \(size 3\), y \(size 2\)"
    ):
        _ranges("x[i] + y[i] = y[i] + x[i]", "x:3", "y:2")


@pytest.mark.parametrize(
    "claim",
    [
        "x[i]*0 + (y*0)[i] + KroneckerDelta(i, 2) = 0",
        "x[i]*0 + softmax(2*y)[i]*0 + KroneckerDelta(i, 2) = 0",
        "x[2*i] = x[2*i]",
    ],
)
def test_an_index_in_a_subscript_of_unknown_size_ranges_over_the_largest_so_nothing_is_skipped(claim):
    # i = 2 exists in y but not in x: x[2] is then an error (exit 2), never a value left out.
    assert _ranges(claim, "x:2", "y:3") == {"i": {0, 1, 2}}


def test_each_row_records_whether_a_value_left_the_reals_on_the_way():
    from checks.claims.declarations import Declarations
    from checks.claims.numpy_side import numpy_rows_in_reals

    scope = Declarations().scope()
    columns = {"a": np.array([[4.0], [-4.0], [0.0]]), "b": np.array([[1.0], [1.0], [-1.0]])}
    _, outside, _ = numpy_rows_in_reals(read("sqrt(a)*b**(1/2) = 0").left, scope, {}, columns, 3)
    assert list(outside) == [False, True, True]
    _, outside, _ = numpy_rows_in_reals(read("log(a) = 0").left, scope, {}, columns, 3)
    assert list(outside) == [False, True, True]  # log 0 is no real number
    _, outside, _ = numpy_rows_in_reals(read("b**2 + sqrt(a**2) = 0").left, scope, {}, columns, 3)
    assert list(outside) == [False, False, False]


@pytest.mark.parametrize(
    "expression",
    [
        "grad(logsumexp(x), x)",
        "grad(x[0]**2*x[1], x)",
        "Product(1 + softmax(x)[k], (k, 0, 2))",
        r"\nabla_{\mathbf{x}} \log \sum_j e^{x_j}",
        r"\prod_{k=0}^{2} e^{x_k}",
    ],
)
def test_a_gradient_and_a_product_have_the_same_values_in_sympy_and_numpy(expression):
    import sympy as sp

    from checks.claims.declarations import Declarations, parse_vector

    declarations = Declarations(vectors=(parse_vector("x:3"),))
    scope = declarations.scope()
    relation = read(f"{expression} = 0", declarations)
    left, _ = sympy_sides(relation, scope, {})
    points = samples(scope.variables, 8, 3)
    batch = numpy_rows(relation.left, scope, {}, stack_points(points, scope.variables), len(points))
    for row, point in zip(batch, points, strict=True):
        exact = [left] if not isinstance(left, tuple) else list(left)
        values = [float(sp.N(e.doit().subs(point.exact(scope.variables)))) for e in exact]
        assert np.allclose(row, values, rtol=1e-5, atol=1e-6), expression  # central differences
        assert np.allclose(
            np.ravel(numpy_value(relation.left, scope, {}, point.as_numpy(scope.variables))), row
        )
