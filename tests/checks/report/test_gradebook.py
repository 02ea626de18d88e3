"""The CSV gradebook: one row per claim, nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

from checks.report.gradebook import render_csv


def _record(ident: str, claim: str) -> dict[str, object]:
    return {"id": ident, "claim": claim, "verdict": "verified", "seconds": 0.01, "read_as": claim}


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_quoted_with_an_apostrophe():
    records = [_record('=HYPERLINK("http://x")', "1 = 1"), _record("ada", "=cmd|' /C calc'!A0 = 1")]
    rows = list(csv.reader(io.StringIO(render_csv(records))))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"
    assert rows[2][0] == "ada" and rows[2][4] == "'=cmd|' /C calc'!A0 = 1"
    for start in ("+", "-", "@"):
        row = list(csv.reader(io.StringIO(render_csv([_record(start + "x", "x = x")]))))[1]
        assert row[0] == "'" + start + "x"


def test_ordinary_cells_are_written_as_they_are():
    rows = list(csv.reader(io.StringIO(render_csv([_record("ben", "x = x")]))))
    assert rows[0][0] == "id" and rows[1][:2] == ["ben", "verified"] and rows[1][4] == "x = x"


def test_a_carriage_return_in_a_cell_cannot_split_the_row_or_smuggle_a_formula():
    text = render_csv([_record("x\r=cmd|' /C calc'!A0", "1 = 1"), _record("\r=1+1", "1 = 1")])
    assert "\r" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3 and rows[1][0] == "x\n=cmd|' /C calc'!A0" and rows[2][0] == "'\n=1+1"
