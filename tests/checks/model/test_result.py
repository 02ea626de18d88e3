"""Result records: data that pickles (back from a child process) and keeps what a plot needs."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace

import sympy as sp

from checks.model.result import RunResult, Sides
from checks.report.json_report import render_json
from tests.checks.report.report_fixtures import slip


def test_a_refuted_result_keeps_the_sides_the_point_and_the_variables_of_its_failing_link():
    sides = slip().counterexample.sides
    assert isinstance(sides, Sides) and sides.rel == "=" and sides.entry == 0
    assert isinstance(sides.left, sp.MatrixBase) and sides.left.shape == (2, 1)
    assert [v.name for v in sides.variables] == ["o", "y"]
    assert {k: tuple(map(str, v)) for k, v in sides.values.items()} == {"o": ("0", "0"), "y": ("0", "1")}


def test_a_pickled_result_leaves_its_derivation_behind_but_keeps_the_sides():
    result = slip()
    assert result.derivation is not None
    back = pickle.loads(pickle.dumps(result))
    assert back.derivation is None and back == result
    assert back.counterexample.sides.left == result.counterexample.sides.left


def test_sides_with_a_class_that_does_not_travel_are_dropped_and_the_counterexample_still_travels():
    unknown = sp.Function("f")(sp.Symbol("o0", real=True))
    cex = replace(slip().counterexample, sides=replace(slip().counterexample.sides, left=unknown))
    back = pickle.loads(pickle.dumps(cex))
    assert back.sides is None and back.left == cex.left and back.point == cex.point


def test_the_json_contract_is_unchanged_by_what_plots_need():
    (doc,) = json.loads(render_json(RunResult((slip(),), 1.0)))["derivations"]
    assert set(doc["counterexample"]) == {
        "step",
        "justification",
        "claim",
        "n",
        "point",
        "entry",
        "left",
        "right",
        "residual",
        "note",
    }
    assert "derivation" not in doc and "sides" not in doc
