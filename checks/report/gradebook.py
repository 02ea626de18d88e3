"""Checked claims for a grader: the CSV gradebook, the summary table, a counterexample in one line.

Each renderer takes the claim records of ``verify-derivations check`` (the JSON contract,
``docs/schema/check.schema.json``): ``verdict`` None is a claim that could not be read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

#: The gradebook's columns: what a grader sorts by first, then what explains it.
CSV_COLUMNS = ("id", "verdict", "feedback", "seconds", "claim", "read_as", "counterexample", "error")

CLAIM_VERDICTS = ("verified", "refuted", "inconclusive", "unreadable")

Record = Mapping[str, Any]


def verdict_word(record: Record) -> str:
    """The record's verdict, ``unreadable`` for a claim that could not be read."""
    return str(record["verdict"] or "unreadable")


def counterexample_text(cex: Mapping[str, Any]) -> str:
    """``x = (0, 0, 0); i = 1 -> left -0.11, right 0.22``: a claim's counterexample on one line."""
    point = ", ".join(f"{k} = {v}" for k, v in cex["point"].items()) or "(no variables)"
    indices = ", ".join(f"{k} = {v}" for k, v in cex.get("indices", {}).items())
    where = point + (f"; {indices}" if indices else "")
    return f"{where} -> left {cex['left']}, right {cex['right']}"


def render_csv(records: Sequence[Record]) -> str:
    """A gradebook: a header and one row per claim, in the order of the batch (RFC 4180 quoting,
    by the csv module; a feedback sentence with commas stays one cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        cex = r.get("counterexample")
        writer.writerow(
            (
                cell(r["id"]),
                verdict_word(r),
                cell(r.get("feedback") or ""),
                f"{r['seconds']:.2f}",
                cell(r["claim"]),
                cell(r.get("read_as") or ""),
                cell(counterexample_text(cex) if cex else ""),
                cell(r.get("error") or ""),
            )
        )
    return out.getvalue().rstrip("\n")


def cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never as a formula it runs: a cell that begins with
    = + - @ or a tab or carriage return gets a leading apostrophe (a student's id or claim
    ``=HYPERLINK(…)`` would otherwise run when the gradebook is opened)."""
    # A bare carriage return would end the row for some readers (the csv module quotes only \n
    # here): it becomes a newline, which is quoted, so the cell stays one cell.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\n") else text


def counts_line(records: Sequence[Record]) -> str:
    """``5 claims: 4 verified, 1 refuted, 0 inconclusive, 0 unreadable``."""
    counts = {v: sum(1 for r in records if verdict_word(r) == v) for v in CLAIM_VERDICTS}
    return f"{len(records)} claims: " + ", ".join(f"{n} {v}" for v, n in counts.items())


def _plain(verdict: str, text: str) -> str:
    return text


def render_summary(records: Sequence[Record], paint: Callable[[str, str], str] = _plain) -> str:
    """The table a batch prints on stderr: id, verdict, seconds, and the feedback (or the reason it
    could not be read) whole, then the counts. ``paint`` colours the verdicts."""
    rows = [("id", "verdict", "seconds", "feedback")]
    rows += [
        (str(r["id"]), verdict_word(r), f"{r['seconds']:.2f}", r.get("feedback") or r.get("error") or "")
        for r in records
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for k, row in enumerate(rows):
        cells = [c.ljust(w) for c, w in zip(row[:3], widths, strict=True)]
        if k:  # the colour around the word alone, the padding measured on the plain word
            cells[1] = paint(row[1], row[1]) + " " * (widths[1] - len(row[1]))
        lines.append(("  ".join(cells) + "  " + row[3]).rstrip())
    lines.append(counts_line(records))
    return "\n".join(lines)
