"""Induction on a positive integer: exact base cases, a proved step, and nothing false."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_assumption
from checks.model.result import Verdict
from checks.prove.induction import prove_by_induction

H = sp.Symbol("H", integer=True, positive=True)
INTEGER = Declarations(scalars=(parse_assumption("H: positive integer"),))


@pytest.mark.parametrize(
    ("left", "rel", "right", "base"),
    [
        (2**H, ">=", H + 1, 1),
        (3**H, ">=", H**3, 3),  # 3^H < H^3 at H = 2.5: no real argument, only the integers
        (sp.factorial(H), ">=", 2 ** (H - 1), 1),
        (sp.factorial(2 * H), "<=", 4**H * sp.factorial(H) ** 2, 1),
        (2**H, ">=", H**2 - 1, 3),
        (sp.log(sp.factorial(H)), "<=", H * sp.log(H), 1),  # by the difference: log((H + 1)!) splits
    ],
)
def test_an_integer_inequality_is_proved_by_induction_from_its_base_cases(left, rel, right, base):
    outcome = prove_by_induction(left, rel, right, time.monotonic() + 30)
    assert outcome is not None and outcome.proved is True
    assert outcome.method is not None and outcome.method.startswith(f"induction on H from H = {base}")


@pytest.mark.parametrize(
    ("left", "rel", "right"),
    [
        (2**H, ">=", H + 2),  # fails at H = 1
        (3**H, ">=", H**3 + 1),  # fails at H = 3
        (2**H, ">=", H**2),  # fails at H = 3 only
        (sp.factorial(H), ">", 2 ** (H - 1)),  # a tie at H = 1 and 2
    ],
)
def test_an_integer_inequality_with_a_failing_case_is_never_proved(left, rel, right):
    assert prove_by_induction(left, rel, right, time.monotonic() + 30) is None


def test_the_claim_checker_cites_induction_and_its_base():
    result = check_claim("3**H >= H**3", INTEGER)
    assert result.verdict is Verdict.VERIFIED
    assert result.method == "induction on H from H = 3 (step by the ratio)"


def test_a_false_integer_claim_is_refuted_and_an_unproved_one_says_it_needs_induction():
    assert check_claim("2**H >= H + 2", INTEGER).verdict is Verdict.REFUTED
    result = check_claim("factorial(H)**2 >= H**H", INTEGER)  # true, by pairing k(H + 1 - k) ≥ H
    assert result.verdict is Verdict.INCONCLUSIVE
    assert "induction (no base K ≤ 5 with a step proved)" in " ".join(result.notes)
