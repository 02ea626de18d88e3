"""GitHub workflow annotations: escaped as GitHub's toolkit escapes them, one per failure, a summary."""

from __future__ import annotations

import pytest
import sympy as sp

from checks.engine.verify import verify
from checks.model.result import RunResult
from checks.model.twins import with_step
from checks.report import render
from checks.report.github import annotation, render_claims_github
from tests.checks.toys import sigmoid_toy


def test_an_annotation_without_properties_is_the_level_and_the_message():
    assert annotation("notice", "70 derivations: 70 verified") == "::notice::70 derivations: 70 verified"


def test_an_annotation_escapes_the_message_and_the_properties_as_github_specifies():
    line = annotation("error", "50% off\r\nnext: a, b", file="dir/a,b.py", line=3, col=2, title="x: y, z%")
    assert line == "::error file=dir/a%2Cb.py,line=3,col=2,title=x%3A y%2C z%25::50%25 off%0D%0Anext: a, b"
    assert "\n" not in line


def test_an_annotation_leaves_out_properties_it_is_not_given():
    assert annotation("warning", "m", line=4, title="t") == "::warning line=4,title=t::m"


def test_an_annotation_of_another_level_is_refused():
    with pytest.raises(ValueError, match="not 'fatal'"):
        annotation("fatal", "m")


@pytest.fixture(scope="module")
def run() -> RunResult:
    wrong = with_step(sigmoid_toy, 2, expr=lambda p: 1 / (1 + sp.exp(-p.variables[0].sym)) ** 2)
    return RunResult((verify(sigmoid_toy), verify(wrong), verify(sigmoid_toy, timeout=1e-9)), 1.5)


def test_a_run_gives_an_error_for_a_refuted_derivation_a_warning_for_an_inconclusive_one_and_a_summary(run):
    lines = render(run, "github", places=[(None, None), ("homework/a.py", 12), (None, None)]).splitlines()
    assert len(lines) == 3
    error, warning, notice = lines
    assert error.startswith(
        "::error file=homework/a.py,line=12,title=sigmoid_toy_twin%3A refuted at step 2::"
    )
    assert "REFUTED at step 2" in error and "counterexample: z = " in error and "%0A  reproduce:" in error
    assert warning.startswith("::warning title=sigmoid_toy%3A inconclusive::")
    assert (
        notice
        == "::notice title=verify-derivations::3 derivations: 1 verified, 1 refuted, 1 inconclusive in 1.50 s"
    )


def test_checked_claims_point_at_their_batch_line():
    records = [
        {"id": "ada", "claim": "a = a", "verdict": "verified", "seconds": 0.1},
        {
            "id": "ben",
            "claim": "x = 1",
            "verdict": "refuted",
            "counterexample": {"point": {"x": "0"}, "indices": {}, "left": "0", "right": "1"},
            "feedback": "one, then two",
            "seconds": 0.1,
        },
        {"id": "3", "claim": "{oops", "verdict": None, "error": "line 3: not valid JSON", "seconds": 0.0},
    ]
    lines = render_claims_github(records, "answers.jsonl", [1, 2, 3]).splitlines()
    assert lines[0] == (
        "::error file=answers.jsonl,line=2,title=ben%3A refuted::claim: x = 1%0A"
        "counterexample: x = 0 -> left 0, right 1%0Afeedback: one, then two"
    )
    assert lines[1].startswith("::error file=answers.jsonl,line=3,title=3%3A unreadable::")
    assert lines[2] == (
        "::notice title=verify-derivations check::"
        "3 claims: 1 verified, 1 refuted, 0 inconclusive, 1 unreadable"
    )
