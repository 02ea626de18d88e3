"""GitHub Actions workflow annotations (``--format github``): ``::error``, ``::warning``, ``::notice``.

A workflow step's output lines of the form ``::error file=F,line=L,title=T::message`` become
annotations on the run and on the pull request's diff. Values are escaped as GitHub's own toolkit
escapes them (``@actions/core``, ``command.ts``): ``%``, carriage return and newline in the
message; those and ``:`` and ``,`` in a property.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from checks.model.result import RunResult, Verdict
from checks.report.gradebook import counterexample_text, counts_line, verdict_word
from checks.report.junit import printable
from checks.report.text import failure_message, summary_line

LEVELS = ("error", "warning", "notice")

#: Where a result's annotation points: a file (relative to the repository) and a line, or None.
Place = tuple[str | None, int | None]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str,
    message: str,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    title: str | None = None,
) -> str:
    """One workflow command line: ``::error file=a.py,line=3,title=T::message``.

    ``level`` is ``error``, ``warning`` or ``notice``; properties that are None are left out.
    The message may have several lines: they are escaped into one, and GitHub shows them again.
    """
    if level not in LEVELS:
        raise ValueError(f"an annotation is one of {', '.join(LEVELS)}, not {level!r}")
    given = (("file", file), ("line", line), ("col", col), ("title", title))
    properties = ",".join(f"{key}={_escape_property(printable(str(v)))}" for key, v in given if v is not None)
    return f"::{level}{' ' + properties if properties else ''}::{_escape_data(printable(message))}"


def render_github(run: RunResult, places: Sequence[Place] | None = None) -> str:
    """An ``::error`` for each refuted derivation (the step, its counterexample, the command that
    reproduces it), a ``::warning`` for each inconclusive one, and a ``::notice`` summary.
    ``places[i]`` is where the i-th result's derivation is defined, when known."""
    lines = []
    for i, r in enumerate(run.results):
        if r.verdict is Verdict.VERIFIED:
            continue
        file, line = places[i] if places is not None and i < len(places) else (None, None)
        if r.verdict is Verdict.REFUTED:
            step = f" at step {r.counterexample.step}" if r.counterexample is not None else ""
            level, title = "error", f"{r.name}: refuted{step}"
        else:
            level, title = "warning", f"{r.name}: inconclusive"
        lines.append(annotation(level, failure_message(r), file, line, title=title))
    lines.append(annotation("notice", summary_line(run), title="verify-derivations"))
    return "\n".join(lines)


def render_claims_github(
    records: Sequence[Mapping[str, Any]], file: str | None = None, lines: Sequence[int | None] = ()
) -> str:
    """The annotations of checked claims: ``::error`` for a refuted or unreadable one (its
    counterexample, feedback or error), ``::warning`` for an inconclusive one, and a ``::notice``
    summary. With a batch ``file``, ``lines[i]`` is the line of the i-th record in it."""
    out = []
    for i, record in enumerate(records):
        verdict = verdict_word(record)
        if verdict == "verified":
            continue
        body = [f"claim: {record['claim']}"]
        if record.get("counterexample"):
            body.append(f"counterexample: {counterexample_text(record['counterexample'])}")
        body += [f"{key}: {record[key]}" for key in ("feedback", "error") if record.get(key)]
        body += [f"note: {note}" for note in record.get("notes", [])[:3]]
        level = "warning" if verdict == "inconclusive" else "error"
        where = lines[i] if file is not None and i < len(lines) else None
        out.append(annotation(level, "\n".join(body), file, where, title=f"{record['id']}: {verdict}"))
    out.append(annotation("notice", counts_line(records), title="verify-derivations check"))
    return "\n".join(out)
