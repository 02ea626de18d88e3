"""The terminal rendering of checked documents: a line per link, a refuted link's counterexample
and feedback, why a link was skipped, a summary per document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checks.documents.result import DocumentResult, LinkResult

_WIDTH = 72


def short(text: str, width: int = _WIDTH) -> str:
    """``text`` on one line, cut to ``width`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def link_text(link: LinkResult) -> str:
    return f"{short(link.left, _WIDTH // 2)} {link.rel} {short(link.right, _WIDTH // 2)}"


def counterexample_text(cex: dict[str, Any], scope: str | None = None) -> str:
    """``q = 2: o = (0, 0), y = (0, 1); j = 2 -> left 0.5, right -0.5``."""
    point = ", ".join(f"{k} = {v}" for k, v in cex.get("point", {}).items()) or "(no variables)"
    indices = ", ".join(f"{k} = {v}" for k, v in cex.get("indices", {}).items())
    size = f"{scope}: " if scope and "=" in scope and cex.get("n") else ""
    where = point + (f"; {indices}" if indices else "")
    return f"{size}{where} -> left {cex['left']}, right {cex['right']}"


def link_lines(link: LinkResult, strict: bool = False) -> list[str]:
    """The link's line and, for one not verified, what to know about it."""
    status = (
        link.status.upper()
        if link.status == "refuted" or (strict and link.status == "skipped")
        else link.status
    )
    lines = [f"{link.location}  {status:<12}  {link.scope or '':<8}  {link_text(link)}"]
    if link.counterexample is not None:
        lines.append(f"  counterexample: {counterexample_text(link.counterexample, link.scope)}")
        if link.counterexample.get("certified"):
            lines.append(f"  certified by:   {link.counterexample['certified']}")
    if link.feedback:
        lines.append(f"  feedback:       {link.feedback}")
    if link.status in ("inconclusive", "skipped"):
        lines.extend(f"  {'reason:' if k == 0 else '':<16}{note}" for k, note in enumerate(link.notes[:4]))
    return lines


def summary(result: DocumentResult) -> str:
    """``hw.md: 12 links: 9 verified, 1 refuted, 0 inconclusive, 1 skipped, 1 definition in 1.23 s``."""
    links = [link for link in result.links if link.status != "definition"]
    counts = ", ".join(f"{result.count(s)} {s}" for s in ("verified", "refuted", "inconclusive", "skipped"))
    definitions = result.count("definition")
    defined = f", {definitions} definition{'s' if definitions != 1 else ''}" if definitions else ""
    return f"{result.path}: {len(links)} links: {counts}{defined} in {result.seconds:.2f} s"


def render_document_text(results: Sequence[DocumentResult], strict: bool = False) -> str:
    """Every document: its links in order (chains apart), then its summary and its first wrong link."""
    out: list[str] = []
    for result in results:
        out.extend(result.notes)
        for block in result.blocks:
            if block.skipped is not None:
                status = "SKIPPED" if strict else "skipped"
                out.append(f"{block.location}  {status:<12}  {'':<8}  {block.environment} …")
                out.append(f"  reason:         {block.skipped}")
            if block.skipped is None and not block.chains:
                out.append(f"{block.location}  {'no relation':<12}  {'':<8}  {block.environment} …")
            for chain in block.chains:
                for link in chain.links:
                    out.extend(link_lines(link, strict))
                out.extend(f"  note:           {note}" for note in chain.notes)
        if not result.blocks:
            out.append(f"{result.path}: no display formula found (inline $…$ is not checked)")
        wrong = next((link for link in result.links if link.status == "refuted"), None)
        out.append("")
        out.append(summary(result))
        if wrong is not None:
            out.append(f"first wrong link: {wrong.location}  {link_text(wrong)}")
    return "\n".join(out)
