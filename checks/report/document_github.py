"""Checked documents as GitHub workflow annotations on the offending lines (``--format github``)."""

from __future__ import annotations

from collections.abc import Sequence

from checks.documents.result import DocumentResult, LinkResult
from checks.report.document import counterexample_text, link_text, summary
from checks.report.github import annotation


def _message(link: LinkResult) -> str:
    lines = [f"{link.status}: {link_text(link)}"]
    if link.counterexample is not None:
        lines.append(f"counterexample: {counterexample_text(link.counterexample, link.scope)}")
    if link.feedback:
        lines.append(f"feedback: {link.feedback}")
    if link.status != "refuted":
        lines.extend(link.notes[:3])
    return "\n".join(lines)


def render_document_github(results: Sequence[DocumentResult], strict: bool = False) -> str:
    """An ``::error`` on each refuted link (and skipped one, with ``strict``), a ``::warning``
    on each inconclusive or skipped one; then each document's summary as plain lines."""
    out: list[str] = []
    for result in results:
        for link in result.links:
            if link.status in ("verified", "definition"):
                continue
            level = (
                "error" if link.status == "refuted" or (strict and link.status == "skipped") else "warning"
            )
            where = link.location
            title = f"derivation step {link.status}"
            out.append(
                annotation(
                    level, _message(link), file=where.path, line=where.line, col=where.column, title=title
                )
            )
        for block in result.blocks:
            if block.skipped is not None:
                where = block.location
                level = "error" if strict else "warning"
                message = f"skipped: {block.environment} formula: {block.skipped}"
                out.append(annotation(level, message, file=where.path, line=where.line, col=where.column))
        out.append(summary(result))
    return "\n".join(out)
