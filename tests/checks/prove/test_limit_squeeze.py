"""Limits of log Σ exp squeezed between max and max + log n, for every value of the parameters."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_assumption
from checks.model.result import Verdict
from checks.prove.limit_squeeze import SQUEEZE, squeezed

T = sp.Symbol("T", positive=True)
l = sp.Symbol("l", real=True)  # noqa: E741 (λ, as the claims write it)
a, b, c = sp.symbols("a b c", real=True)


@pytest.mark.parametrize(
    ("limit", "value"),
    [
        (sp.Limit(T * sp.log(sp.exp(a / T) + sp.exp(b / T) + sp.exp(c / T)), T, 0, "+"), sp.Max(a, b, c)),
        (sp.Limit(sp.log(sp.exp(l * a) + sp.exp(l * b) + sp.exp(l * c)) / l, l, sp.oo), sp.Max(a, b, c)),
        (sp.Limit(sp.log(sp.exp(l * a) + sp.exp(l * b)) / l, l, -sp.oo), -sp.Max(-a, -b)),
    ],
)
def test_a_temperature_limit_of_log_sum_exp_is_its_max_for_every_parameter(limit, value):
    assert squeezed(limit) == value


def test_a_limit_whose_bounds_do_not_meet_is_not_squeezed():
    # At T → 1 the bounds stay log 3 apart.
    assert squeezed(sp.Limit(T * sp.log(sp.exp(a / T) + sp.exp(b / T) + sp.exp(c / T)), T, 1, "+")) is None


def test_the_claim_checker_proves_three_parameters_by_the_squeeze_and_refutes_a_wrong_max():
    declarations = Declarations(scalars=(parse_assumption("T > 0"),))
    result = check_claim("limit(T*log(exp(a/T) + exp(b/T) + exp(c/T)), T, 0) = Max(a, b, c)", declarations)
    assert result.verdict is Verdict.VERIFIED
    assert result.method is not None and result.method.startswith(SQUEEZE)
    wrong = check_claim("limit(T*log(exp(a/T) + exp(b/T) + exp(c/T)), T, 0) = Max(a, b)", declarations)
    assert wrong.verdict is Verdict.REFUTED


def test_a_limit_sympy_gives_up_on_is_taken_again_with_the_common_exponential_cancelled():
    declarations = Declarations(scalars=(parse_assumption("T > 0"), parse_assumption("d > 0")))
    claim = "limit(exp(a/T)/(exp(a/T) + exp((a - d)/T)), T, 0, '+') = 1"
    assert check_claim(claim, declarations).verdict is Verdict.VERIFIED
    assert check_claim(claim.replace("= 1", "= 1/2"), declarations).verdict is Verdict.REFUTED
