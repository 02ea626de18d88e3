"""High-precision values shared between the expressions evaluated at one point: the same
values as each expression evaluated alone, at every precision."""

from __future__ import annotations

import mpmath
import sympy as sp

from checks.numeric.compiled import PointMemo, compile_expr, evaluate_mp, evaluate_mp_stable

a, b = sp.symbols("a b", real=True)
SYMBOLS = (a, b)
CHAIN = [
    sp.log(sp.exp(a) + sp.exp(b)),
    sp.log(sp.exp(a) + sp.exp(b)) - a,
    sp.log(1 + sp.exp(b - a)),
    sp.Matrix([sp.exp(a) / (sp.exp(a) + sp.exp(b)), sp.exp(b) / (sp.exp(a) + sp.exp(b))]),
]
POINTS = [[mpmath.mpf(500), mpmath.mpf(-499)], [mpmath.mpf(1) / 3, mpmath.mpf(2)]]


def test_values_shared_at_a_point_equal_each_expression_evaluated_alone():
    memos = PointMemo()
    for margs in POINTS:
        for digits in (50, 100, 50):
            for expr in CHAIN:
                compiled = compile_expr(expr, SYMBOLS)
                assert evaluate_mp(compiled, margs, digits, memos) == evaluate_mp(compiled, margs, digits)


def test_a_value_in_fifty_digits_is_never_the_answer_in_a_hundred():
    memos = PointMemo()
    compiled = compile_expr(sp.exp(a) / 3, SYMBOLS)
    coarse = evaluate_mp(compiled, POINTS[1], 50, memos)
    fine = evaluate_mp(compiled, POINTS[1], 100, memos)
    assert coarse is not None and fine is not None and coarse != fine
    assert fine == evaluate_mp(compiled, POINTS[1], 100)


def test_points_do_not_share_values():
    memos = PointMemo()
    compiled = compile_expr(a + b, SYMBOLS)
    first, second = (evaluate_mp(compiled, margs, 50, memos) for margs in POINTS)
    assert first == [mpmath.mpf(1)] and second != first


def test_the_stable_value_is_the_same_with_shared_values():
    memos = PointMemo()
    for expr in CHAIN:
        compiled = compile_expr(expr, SYMBOLS)
        assert evaluate_mp_stable(compiled, POINTS[0], memos) == evaluate_mp_stable(compiled, POINTS[0])
