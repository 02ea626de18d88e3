"""The Python API of one claim: checks.check and checks.check_answer, as the command line checks."""

from __future__ import annotations

import doctest

import pytest

import checks
import checks.claims.api
from checks.claims.check import ClaimResult


def test_check_takes_vectors_and_assumptions_as_the_command_line_spells_them():
    result = checks.check("log(a) < a", assume=["a > 0"])
    assert isinstance(result, ClaimResult) and result.verdict is checks.Verdict.VERIFIED
    refuted = checks.check("diff(softmax(x)[0], x[1]) = softmax(x)[0]*(1 - softmax(x)[1])", vectors=["x:3"])
    assert refuted.verdict is checks.Verdict.REFUTED
    assert refuted.feedback == "off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)"


def test_check_answer_grades_against_a_catalogue_result():
    assert checks.check_answer("E03.off_diagonal", "-s_{0} s_{1}").verdict is checks.Verdict.VERIFIED
    wrong = checks.check_answer("E03.off_diagonal", "s_{0}(1 - s_{1})")
    assert wrong.verdict is checks.Verdict.REFUTED and wrong.feedback


def test_unreadable_input_is_one_usage_error():
    with pytest.raises(checks.UsageError, match="cannot read the claim"):
        checks.check("log(a) <")
    with pytest.raises(checks.UsageError, match="--vector expects"):
        checks.check("x[0] = x[0]", vectors=["x"])


def test_the_api_is_exported_explicitly_and_its_examples_pass():
    assert {"check", "check_answer", "ClaimResult"} <= set(checks.__all__)
    failures, tried = doctest.testmod(checks.claims.api)
    assert tried >= 4 and failures == 0
