"""JUnit XML of a run (``--format junit``), for CI systems that show test reports."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from checks.model.result import RunResult, Verdict
from checks.report.text import failure_message


def render_junit(run: RunResult) -> str:
    """JUnit XML: one testcase per derivation; refuted is a failure, inconclusive an error."""
    suite = ET.Element(
        "testsuite",
        name="verify-derivations",
        tests=str(len(run.results)),
        failures=str(run.count(Verdict.REFUTED)),
        errors=str(run.count(Verdict.INCONCLUSIVE)),
        time=f"{run.seconds:.3f}",
    )
    for r in run.results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=printable(f"derivations.{r.exercise}"),
            name=printable(r.name),
            time=f"{r.seconds:.3f}",
        )
        if r.verdict is Verdict.VERIFIED:
            continue
        tag = "failure" if r.verdict is Verdict.REFUTED else "error"
        message = printable(failure_message(r))
        element = ET.SubElement(case, tag, message=message.splitlines()[0], type=r.verdict.value)
        element.text = message
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


#: Characters XML 1.0 cannot carry (C0 controls other than tab and newlines, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with what no output can carry replaced by U+FFFD: lone surrogates (which UTF-8
    cannot encode) and control characters (which XML forbids), from a user's own derivation."""
    return _NOT_XML.sub("\ufffd", text)


def printable_except(text: str, kept: Iterable[str]) -> str:
    """:func:`printable`, leaving the exact strings ``kept`` whole: the colour codes a painter
    added (a user's own control characters are still replaced)."""
    codes = sorted({k for k in kept if k}, key=len, reverse=True)
    if not codes:
        return printable(text)
    parts = re.split("(" + "|".join(map(re.escape, codes)) + ")", text)
    return "".join(part if part in codes else printable(part) for part in parts)
