"""A Markdown text: its formulas and declarations, with code, comments and front matter set aside."""

from __future__ import annotations

import re

from checks.documents.formulas import Declaration, Formula, blank, find_formulas
from checks.documents.locations import Segment

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\n\s*\n).)+?\1", re.S)
_VERIFY = re.compile(r"\s*verify\s*:", re.I)


def scan_markdown(segment: Segment, first: bool = True) -> tuple[list[Formula], list[Declaration]]:
    """The formulas and declarations of a Markdown segment; front matter is read only in the
    ``first`` segment of a document."""
    text = segment.text
    masked = text
    declarations: list[Declaration] = []
    if first:
        masked, matter = _front_matter(segment, masked)
        declarations += matter
    masked = _indented_code(_fences(masked))
    for comment in _COMMENT.finditer(masked):
        inner = comment.group(1)
        verify = _VERIFY.match(inner)
        if verify is not None:
            offset = comment.start(1) + verify.end()
            declarations.append(Declaration(segment, offset, text[offset : comment.end(1)]))
    masked = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)
    masked = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)
    masked = masked.replace("\\$", "  ")
    return find_formulas(segment, masked), declarations


def _fences(text: str) -> str:
    """``text`` with fenced code blocks blanked out (an unclosed one runs to the end)."""
    position = 0
    while True:
        opening = _FENCE.search(text, position)
        if opening is None:
            return text
        fence = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", re.M)
        line_end = text.find("\n", opening.end())
        after = closing.search(text, line_end + 1) if line_end >= 0 else None
        end = after.end() if after is not None else len(text)
        text = blank(text, opening.start(), end)
        position = end


def _indented_code(text: str) -> str:
    """``text`` with indented code blocks blanked out: lines indented by four spaces or a tab
    after a blank line (and those that follow them), outside an open ``$$`` display, where an
    indented row of an aligned chain is mathematics."""
    lines = text.split("\n")
    out, displays, code, blank_before = [], 0, False, True
    for line in lines:
        indented = line.startswith(("    ", "\t")) and bool(line.strip())
        code = indented and displays % 2 == 0 and (blank_before or code)
        out.append(" " * len(line) if code else line)
        if not code:
            displays += len(re.findall(r"(?<!\\)\$\$", line))
        blank_before = not line.strip()
    return "\n".join(out)


def _front_matter(segment: Segment, text: str) -> tuple[str, list[Declaration]]:
    """YAML-ish front matter (``---`` lines around it, at the very top) blanked out, and the
    block under its ``verify:`` key."""
    if not text.startswith("---\n"):
        return text, []
    closing = re.compile(r"^(---|\.\.\.)\s*$", re.M).search(text, 4)
    if closing is None:
        return text, []
    found = re.compile(r"^verify\s*:", re.M).search(text, 4, closing.start())
    declarations = []
    if found is not None:
        end = found.end()
        # The block is the rest of the key's line and the indented lines after it.
        for line in re.finditer(r"\n([^\n]*)", text[found.end() : closing.start()]):
            if line.group(1).strip() and not line.group(1)[0].isspace():
                break
            end = found.end() + line.end()
        declarations.append(Declaration(segment, found.end(), segment.text[found.end() : end]))
    return blank(text, 0, closing.end()), declarations
