"""JUnit XML of checked documents: a test suite per document, a test case per link."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from checks.documents.result import DocumentResult
from checks.report.document import link_lines, link_text
from checks.report.junit import printable


def render_document_junit(results: Sequence[DocumentResult], strict: bool = False) -> str:
    """Refuted is a failure, inconclusive an error, skipped a skip (an error with ``strict``);
    definitions are no test cases."""
    suites = ET.Element("testsuites")
    for result in results:
        links = [link for link in result.links if link.status != "definition"]
        skipped = result.count("skipped")
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=printable(result.path),
            tests=str(len(links) + sum(1 for b in result.blocks if b.skipped)),
            failures=str(result.count("refuted")),
            errors=str(result.count("inconclusive") + (skipped if strict else 0)),
            skipped=str(0 if strict else skipped),
            time=f"{result.seconds:.3f}",
        )
        for link in links:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=printable(result.path),
                name=printable(f"{link.location.line}:{link.location.column} {link_text(link)}"),
                time=f"{link.seconds:.3f}",
            )
            _outcome(case, link.status, "\n".join(link_lines(link, strict)), strict)
        for block in result.blocks:
            if block.skipped is not None:
                where = f"{block.location.line}:{block.location.column} {block.environment}"
                case = ET.SubElement(suite, "testcase", classname=printable(result.path), name=where)
                _outcome(case, "skipped", f"{block.location}: {block.skipped}", strict)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _outcome(case: ET.Element, status: str, message: str, strict: bool) -> None:
    tags = {"refuted": "failure", "inconclusive": "error", "skipped": "error" if strict else "skipped"}
    tag = tags.get(status)
    if tag is None:
        return
    text = printable(message)
    element = ET.SubElement(case, tag, message=text.splitlines()[0], type=status)
    element.text = text
