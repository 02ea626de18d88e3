"""The one reporter: renders engine results as a terminal table, JSON or JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from checks.model.result import Counterexample, DerivationResult, RunResult, Verdict

FORMATS = ("text", "json", "junit")


def failure_message(result: DerivationResult) -> str:
    """The multi-line explanation of a non-verified result: summary line, then sections."""
    lines = [_headline(result)]
    cex = result.counterexample
    if cex is not None:
        lines.extend(_counterexample_lines(cex))
    elif result.verdict is Verdict.INCONCLUSIVE:
        tried = [note for note in result.notes] or ["no strategy decided it"]
        lines.append("  tried:          " + tried[0])
        lines.extend("                  " + note for note in tried[1:8])
        if len(tried) > 8:
            lines.append(f"                  … and {len(tried) - 8} more")
    lines.append(f"  reproduce:      {result.reproduce}")
    return "\n".join(lines)


def _headline(result: DerivationResult) -> str:
    verdict = result.verdict.value.upper()
    cex = result.counterexample
    if cex is None:
        return f"{result.name}: {verdict}"
    return f'{result.name}: {verdict} at step {cex.step} of {len(result.steps)} ("{cex.justification}")'


def _counterexample_lines(cex: Counterexample) -> list[str]:
    point = ", ".join(f"{k} = {v}" for k, v in cex.point.items()) or "(no variables)"
    size = f"n = {cex.n}: " if cex.n else ""
    entry = f" entry {cex.entry}:" if cex.entry else ""
    lines = [
        f"  claim:          {cex.claim}",
        f"  counterexample: {size}{point} ->{entry} left {cex.left}, right {cex.right}",
    ]
    if cex.residual:
        lines.append(f"  residual:       {cex.residual}  (not zero)")
    if cex.note:
        lines.append(f"  note:           {cex.note}")
    return lines


def render_text(run: RunResult, details: bool = True) -> str:
    """A table (name, id, verdict, scope, seconds), the failures explained, a summary line."""
    rows = [("derivation", "id", "verdict", "scope", "seconds")]
    rows += [(r.name, r.exercise, r.verdict.value, r.scope, f"{r.seconds:.2f}") for r in run.results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    if details:
        for r in run.results:
            if r.verdict is not Verdict.VERIFIED:
                out.append("")
                out.append(failure_message(r))
    out.append("")
    out.append(summary_line(run))
    return "\n".join(out)


def summary_line(run: RunResult) -> str:
    """``18 derivations: 18 verified, 0 refuted, 0 inconclusive in 1.52 s``."""
    return (
        f"{len(run.results)} derivations: {run.count(Verdict.VERIFIED)} verified, "
        f"{run.count(Verdict.REFUTED)} refuted, {run.count(Verdict.INCONCLUSIVE)} inconclusive "
        f"in {run.seconds:.2f} s"
    )


def result_dict(r: DerivationResult) -> dict[str, Any]:
    """The JSON contract of one derivation result."""
    cex = r.counterexample
    return {
        "name": r.name,
        "exercise": r.exercise,
        "title": r.title,
        "verdict": r.verdict.value,
        "scope": r.scope,
        "seconds": round(r.seconds, 4),
        "steps": [
            {
                "index": s.index,
                "justification": s.justification,
                "verdict": s.verdict.value,
                "method": s.method,
            }
            for s in r.steps
        ],
        "counterexample": None
        if cex is None
        else {
            "step": cex.step,
            "justification": cex.justification,
            "claim": cex.claim,
            "n": cex.n,
            "point": cex.point,
            "entry": cex.entry,
            "left": cex.left,
            "right": cex.right,
            "residual": cex.residual,
            "note": cex.note,
        },
        "notes": list(r.notes),
        "points_checked": r.points_checked,
        "points_skipped": r.points_skipped,
        "reproduce": r.reproduce,
    }


def render_json(run: RunResult) -> str:
    """``{"derivations": [...], "summary": {...}}``: the contract other tools read."""
    doc = {
        "derivations": [result_dict(r) for r in run.results],
        "summary": {
            "verified": run.count(Verdict.VERIFIED),
            "refuted": run.count(Verdict.REFUTED),
            "inconclusive": run.count(Verdict.INCONCLUSIVE),
            "seconds": round(run.seconds, 4),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


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


def render(run: RunResult, fmt: str) -> str:
    """Dispatch on ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return printable(render_json(run))
    if fmt == "junit":
        return render_junit(run)
    return printable(render_text(run))
