"""Results survive the cache's JSON whole, and nothing malformed or unfinished is read back."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from checks.cache.codec import Invalid, result_from_json, result_to_json
from checks.cli.loader import load_file
from checks.engine.verify import verify
from checks.model.result import RunResult, Verdict
from checks.report import render
from tests.checks.report.report_fixtures import SIGN_SLIP


@pytest.fixture(scope="module")
def results():
    import derivations

    verified = verify(derivations.get("sigmoid_derivative"))
    refuted = verify(load_file(str(SIGN_SLIP))[0], target=str(SIGN_SLIP))
    assert verified.verdict is Verdict.VERIFIED and refuted.verdict is Verdict.REFUTED
    assert refuted.counterexample is not None
    return verified, refuted


def _through_json(r):
    return result_from_json(json.loads(json.dumps(result_to_json(r))))


def test_a_verified_and_a_refuted_result_come_back_equal(results):
    for r in results:
        assert _through_json(r) == r


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_every_format_renders_a_cached_result_as_the_fresh_one(results, fmt):
    fresh = RunResult(results, 1.5)
    cached = RunResult(tuple(_through_json(r) for r in results), 1.5)
    places = [("a.py", 3), (None, None)] if fmt == "github" else None
    assert render(cached, fmt, places=places) == render(fresh, fmt, places=places)


def test_the_html_report_of_a_cached_verified_result_is_the_fresh_ones(results):
    verified = results[0]
    cached = replace(_through_json(verified), derivation=verified.derivation)
    assert render(RunResult((cached,), 1.0), "html") == render(RunResult((verified,), 1.0), "html")


def test_an_inconclusive_result_read_back_is_refused(results):
    data = result_to_json(results[0])
    data["verdict"] = "inconclusive"
    with pytest.raises(Invalid):
        result_from_json(data)


BREAKAGES = {
    "a field missing": lambda d: d.pop("scope"),
    "a field too many": lambda d: d.update(extra=1),
    "a count that is a bool": lambda d: d.update(points_checked=True),
    "a seed that is a string": lambda d: d.update(seed="0"),
    "seconds that are not finite": lambda d: d.update(seconds=float("nan")),
    "an unknown verdict": lambda d: d.update(verdict="proved"),
    "notes that are a string": lambda d: d.update(notes="a note"),
    "a step that is a list": lambda d: d["steps"].__setitem__(0, [1, "why", "verified", None, []]),
    "a step's verdict that is a number": lambda d: d["steps"][0].update(verdict=1),
    "a counterexample point that is a list": lambda d: d["counterexample"].update(point=[]),
    "a counterexample's left side that is a number": lambda d: d["counterexample"].update(left=0.5),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_result_with_a_field_missing_extra_or_of_the_wrong_type_is_refused(results, breakage):
    data = json.loads(json.dumps(result_to_json(results[1])))
    result_from_json(data)  # (well formed before the breakage)
    BREAKAGES[breakage](data)
    with pytest.raises(Invalid):
        result_from_json(data)
