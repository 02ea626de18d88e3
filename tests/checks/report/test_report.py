"""The reporter: the JSON contract, JUnit XML that parses, a table with a summary line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import sympy as sp

from checks.engine.verify import verify
from checks.model.result import RunResult, Verdict
from checks.model.twins import with_step
from checks.report import render
from checks.report.json_report import render_json
from checks.report.junit import render_junit
from checks.report.text import failure_message, render_text
from tests.checks.toys import sigmoid_toy, trivial_toy


@pytest.fixture(scope="module")
def run() -> RunResult:
    wrong = with_step(sigmoid_toy, 2, expr=lambda p: 1 / (1 + sp.exp(-p.variables[0].sym)) ** 2)
    slow = verify(sigmoid_toy, timeout=1e-9)
    return RunResult((verify(sigmoid_toy), verify(wrong), slow, verify(trivial_toy)), 1.5)


def test_json_follows_the_contract(run):
    doc = json.loads(render_json(run))
    assert set(doc) == {"derivations", "summary"}
    assert doc["summary"] == {"verified": 2, "refuted": 1, "inconclusive": 1, "seconds": 1.5}
    first = doc["derivations"][0]
    assert {"name", "exercise", "title", "verdict", "scope", "seconds", "steps", "counterexample"} <= set(
        first
    )
    assert first["steps"][0].keys() >= {"index", "justification", "verdict", "method"}
    assert first["counterexample"] is None
    refuted = doc["derivations"][1]
    assert refuted["verdict"] == "refuted"
    assert refuted["counterexample"]["step"] == 2
    assert refuted["counterexample"]["point"] == {"z": "1"}


def test_junit_has_one_testcase_per_derivation_and_a_failure_for_the_refuted_one(run):
    root = ET.fromstring(render_junit(run))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "4" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.name for r in run.results]
    failure = cases[1].find("failure")
    assert failure is not None and "REFUTED at step 2" in (failure.get("message") or "")
    assert cases[2].find("error") is not None
    assert cases[0].find("failure") is None and cases[0].find("error") is None


def test_the_text_table_lists_every_derivation_and_ends_with_the_summary(run):
    text = render_text(run)
    for r in run.results:
        assert r.name in text
    assert text.splitlines()[-1] == "4 derivations: 2 verified, 1 refuted, 1 inconclusive in 1.50 s"


def test_a_refutation_message_names_step_justification_point_values_and_the_command(run):
    message = failure_message(run.results[1])
    first, *rest = message.splitlines()
    assert first.startswith("sigmoid_toy_twin: REFUTED at step 2 of 2 (")
    assert any(line.strip().startswith("counterexample: z = 1 -> left 0.196612") for line in rest)
    assert rest[-1].strip() == "reproduce:      verify-derivations sigmoid_toy_twin --seed 0"


def test_an_inconclusive_message_says_what_was_tried(run):
    message = failure_message(run.results[2])
    assert "INCONCLUSIVE" in message and "timed out" in message
    assert run.results[2].verdict is Verdict.INCONCLUSIVE


def test_render_dispatches_on_the_format(run):
    assert render(run, "json").startswith("{")
    assert render(run, "junit").startswith("<?xml")
    assert render(run, "text").startswith("derivation")


def test_text_no_output_can_carry_is_replaced_and_junit_stays_well_formed():
    import xml.etree.ElementTree as ET

    from checks.report import printable, render

    assert printable("a\ud800b\x07c\td\n") == "a\ufffdb\ufffdc\td\n"
    from checks.model.result import DerivationResult

    odd = DerivationResult(
        name="odd",
        exercise="E99",
        title="odd \ud800",
        verdict=Verdict.INCONCLUSIVE,
        scope="general",
        seconds=0.0,
        steps=(),
        notes=("a lone surrogate \ud800 and a bell \x07",),
    )
    run = RunResult((odd,), 0.0)
    for fmt in ("text", "json"):
        render(run, fmt).encode("utf-8")  # would raise UnicodeEncodeError on a lone surrogate
    ET.fromstring(render(run, "junit").split("?>", 1)[1])


def test_in_colour_only_the_painters_own_codes_pass_and_a_users_control_characters_are_still_replaced():
    from checks.cli.terminal import paint
    from checks.model.result import DerivationResult
    from checks.report import render

    sly = DerivationResult(
        name="sly",
        exercise="E99",
        title="t",
        verdict=Verdict.INCONCLUSIVE,
        scope="general",
        seconds=0.0,
        steps=(),
        notes=("clears the screen \x1b[2J here",),
    )
    text = render(RunResult((sly,), 0.0), "text", paint=paint)
    assert "\x1b[33minconclusive\x1b[0m" in text and "\x1b[33mINCONCLUSIVE\x1b[0m" in text
    assert "\x1b[2J" not in text and "\ufffd[2J" in text
