"""The display formulas of a document's text: ``$$…$$``, ``\\[…\\]`` and the display
environments; inline ``$…$`` is not a display formula and is not checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.documents.locations import Segment

#: Environments whose body is display mathematics.
ENVIRONMENTS = (
    "equation",
    "equation*",
    "align",
    "align*",
    "aligned",
    "gather",
    "gather*",
    "gathered",
    "multline",
    "multline*",
    "eqnarray",
    "eqnarray*",
    "flalign",
    "flalign*",
    "displaymath",
    "split",
)
_OPENING = re.compile(r"\$\$|\\\[|\\begin\{(" + "|".join(re.escape(e) for e in ENVIRONMENTS) + r")\}")


@dataclass(frozen=True)
class Formula:
    """One display formula: its environment (``$$``, ``\\[`` or a name), where its body starts
    and ends in the segment, or why it cannot be read (no closing delimiter)."""

    segment: Segment
    environment: str
    start: int  # the opening delimiter
    body_start: int
    body_end: int
    body: str  # the text between the delimiters, comments blanked out (same offsets)
    problem: str | None = None


@dataclass(frozen=True)
class Declaration:
    """The text of one declaration block (after ``verify:``), at ``offset`` of its segment;
    characters that are not part of it (a LaTeX comment's ``%``) are blanked out."""

    segment: Segment
    offset: int
    text: str


def find_formulas(segment: Segment, masked: str, begin: int = 0) -> list[Formula]:
    """The display formulas of ``masked`` (the segment's text with code and comments blanked
    out, offsets unchanged) from ``begin`` on."""
    found: list[Formula] = []
    position = begin
    while True:
        opening = _OPENING.search(masked, position)
        if opening is None:
            return found
        start, body_start = opening.start(), opening.end()
        env = opening.group(1)
        if env is not None:
            closing = masked.find(f"\\end{{{env}}}", body_start)
            length = len(f"\\end{{{env}}}")
        else:
            closing = masked.find("$$" if opening.group(0) == "$$" else "\\]", body_start)
            length, env = 2, opening.group(0)
        if closing < 0:
            shown = "$$" if env == "$$" else "\\]" if env == "\\[" else f"\\end{{{env}}}"
            found.append(Formula(segment, env, start, body_start, body_start, "", f"no closing {shown}"))
            return found
        found.append(Formula(segment, env, start, body_start, closing, masked[body_start:closing]))
        position = closing + length


def blank(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` replaced by spaces (newlines kept: lines stay lines)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
