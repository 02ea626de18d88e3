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
        if _escaped(masked, start):  # \\[2pt] is a line break, \\$ a dollar: no opening
            position = start + 1
            continue
        if env is not None:
            closing = masked.find(f"\\end{{{env}}}", body_start)
            length = len(f"\\end{{{env}}}")
        else:
            closing = _unescaped(masked, "$$" if opening.group(0) == "$$" else "\\]", body_start)
            length, env = 2, opening.group(0)
        if closing < 0:
            shown = "$$" if env == "$$" else "\\]" if env == "\\[" else f"\\end{{{env}}}"
            found.append(Formula(segment, env, start, body_start, body_start, "", f"no closing {shown}"))
            return found
        body = blank_comments(masked[body_start:closing])
        found.append(Formula(segment, env, start, body_start, closing, body))
        position = closing + length


def _escaped(text: str, position: int) -> bool:
    """Whether ``text[position]`` follows an odd run of backslashes (``\\\\[``: the ``\\`` of
    ``\\[`` is the second half of a line break)."""
    k = position
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return (position - k) % 2 == 1


def _unescaped(text: str, token: str, position: int) -> int:
    """Where ``token`` next occurs from ``position`` on, not escaped by a backslash before it; -1."""
    found = text.find(token, position)
    while found >= 0 and _escaped(text, found):
        found = text.find(token, found + 1)
    return found


def comment_start(line: str) -> int:
    """Where the comment of a LaTeX line starts (a ``%`` after an even run of backslashes), or -1."""
    for k, ch in enumerate(line):
        if ch == "%" and not _escaped(line, k):
            return k
    return -1


def blank_comments(body: str) -> str:
    """``body`` with each ``%`` comment blanked to the end of its line (``\\%`` is a percent
    sign): TeX, MathJax and KaTeX read a ``%`` in display math as a comment, in Markdown too."""
    lines = body.split("\n")
    for k, line in enumerate(lines):
        start = comment_start(line)
        if start >= 0:
            lines[k] = line[:start] + " " * (len(line) - start)
    return "\n".join(lines)


def blank(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` replaced by spaces (newlines kept: lines stay lines)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
