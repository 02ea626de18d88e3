"""The renderers of checked documents: text, JSON, JUnit and GitHub annotations."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from checks.documents.locations import Location
from checks.documents.result import BlockResult, ChainResult, DocumentResult, LinkResult
from checks.report.document import render_document_text
from checks.report.document_github import render_document_github
from checks.report.document_json import render_document_json
from checks.report.document_junit import render_document_junit
from checks.report.github import annotation


def _document() -> DocumentResult:
    def at(line: int, column: int) -> Location:
        return Location("hw.md", line, column)

    cex = {
        "n": 2,
        "point": {"o": "(0, 0)", "y": "(0, 1)"},
        "indices": {"j": 1},
        "left": "0.5",
        "right": "-0.5",
    }
    links = (
        LinkResult(1, at(3, 4), "A", "=", "B", "verified", "all n", "A = B", method="identical"),
        LinkResult(
            2, at(4, 4), "B", "=", "y_j - s_j", "refuted", "q = 2", counterexample=cex, feedback="a sign slip"
        ),
        LinkResult(
            3, at(5, 4), "y_j - s_j", "≤", "\\mathbf{o}", "skipped", notes=("the reader cannot read it",)
        ),
    )
    chain = ChainResult(at(3, 1), links, "≤")
    blocks = (BlockResult(at(2, 1), "$$", (chain,)), BlockResult(at(9, 1), "$$", (), skipped="no closing $$"))
    return DocumentResult("hw.md", "markdown", blocks, 1.5)


def test_text_shows_each_link_the_counterexample_feedback_reasons_and_a_summary():
    text = render_document_text([_document()])
    assert "hw.md:3:4  verified      all n     A = B" in text
    assert "hw.md:4:4  REFUTED       q = 2     B = y_j - s_j" in text
    assert "  counterexample: q = 2: o = (0, 0), y = (0, 1); j = 1 -> left 0.5, right -0.5" in text
    assert "  feedback:       a sign slip" in text
    assert "  reason:         the reader cannot read it" in text
    assert "hw.md: 3 links: 1 verified, 1 refuted, 0 inconclusive, 2 skipped in 1.50 s" in text
    assert "first wrong link: hw.md:4:4  B = y_j - s_j" in text


def test_json_has_every_block_chain_and_link_with_places_and_a_summary():
    doc = json.loads(render_document_json([_document()], 1.5))
    (document,) = doc["documents"]
    first, skipped = document["blocks"]
    assert (skipped["line"], skipped["skipped"]) == (9, "no closing $$")
    statuses = [link["status"] for link in first["chains"][0]["links"]]
    assert statuses == ["verified", "refuted", "skipped"]
    assert first["chains"][0]["status"] == "refuted"
    assert doc["summary"] == {
        "verified": 1,
        "refuted": 1,
        "inconclusive": 0,
        "skipped": 2,
        "definition": 0,
        "seconds": 1.5,
    }


def test_junit_has_a_testcase_per_link_a_failure_for_refuted_and_a_skip_unless_strict():
    suite = ET.fromstring(render_document_junit([_document()])).find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == 4 and suite.get("failures") == "1" and suite.get("skipped") == "2"
    assert cases[1].find("failure") is not None and cases[2].find("skipped") is not None
    strict = ET.fromstring(render_document_junit([_document()], strict=True)).find("testsuite")
    assert strict is not None and strict.get("errors") == "2"


def test_github_annotations_sit_on_the_offending_lines():
    lines = render_document_github([_document()]).splitlines()
    assert lines[0].startswith(
        "::error file=hw.md,line=4,col=4,title=derivation step refuted::refuted: B = y_j"
    )
    assert "%0Acounterexample: q = 2" in lines[0] and "%0Afeedback: a sign slip" in lines[0]
    assert lines[1].startswith("::warning file=hw.md,line=5,col=4,")
    assert lines[2].startswith("::warning file=hw.md,line=9,col=1::skipped")
    strict = render_document_github([_document()], strict=True).splitlines()
    assert strict[1].startswith("::error file=hw.md,line=5")


def test_an_annotation_escapes_what_would_end_its_message_or_its_properties():
    assert annotation("notice", "50% done\nnext", file="a,b:c.md", line=3) == (
        "::notice file=a%2Cb%3Ac.md,line=3::50%25 done%0Anext"
    )
    assert annotation("warning", "plain") == "::warning::plain"
    with pytest.raises(ValueError):
        annotation("fatal", "x")
