"""A LaTeX text: its formulas and ``% verify:`` declarations, comments and verbatim set aside."""

from __future__ import annotations

import re

from checks.documents.formulas import Declaration, Formula, blank, comment_start, find_formulas
from checks.documents.locations import Segment

_VERBATIM = re.compile(r"\\begin\{(verbatim\*?|lstlisting|minted|comment)\}.*?\\end\{\1\}", re.S)
#: Text TeX never typesets as mathematics: \verb|…| (any delimiter); \iffalse is read apart.
_NOT_SHOWN = re.compile(r"\\verb\*?([^\sa-zA-Z*])[^\n]*?\1")
#: The conditionals' words: \iffalse, any other \if…, \else, \fi.
_CONDITIONAL = re.compile(r"\\(iffalse|if[a-zA-Z]*|else|fi)(?![a-zA-Z])")
__all__ = ["comment_start", "scan_latex"]

_VERIFY = re.compile(r"\s*verify\s*:", re.I)


def scan_latex(segment: Segment) -> tuple[list[Formula], list[Declaration]]:
    """The formulas (after ``\\begin{document}`` when there is one) and the declarations."""
    masked, declarations = _comments(segment)
    masked = _VERBATIM.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)
    masked = _hidden(_NOT_SHOWN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked))
    # The preamble ends at a \begin{document} that starts a line (not one quoted in \verb|…|).
    begin = re.search(r"^[ \t]*\\begin\{document\}", masked, re.M)
    return find_formulas(segment, masked, begin.start() if begin else 0), declarations


def _comments(segment: Segment) -> tuple[str, list[Declaration]]:
    """The text with every comment blanked out, and the ``% verify:`` blocks: the rest of that
    line and the comment lines right after it indented by two spaces or more (``%   y: labels[q]``)."""
    text = segment.text
    masked = text
    declarations: list[Declaration] = []
    offset = 0
    current: list[int] | None = None  # [start, end] of the block being read
    for line in text.split("\n"):
        k = comment_start(line)
        body = line[k + 1 :] if k >= 0 else ""
        indented = body.startswith(("  ", "\t"))
        if current is not None and (k < 0 or line[:k].strip() or not indented or not body.strip()):
            declarations.append(_block(segment, *current))
            current = None
        if k >= 0:
            verify = _VERIFY.match(body)
            if current is not None:
                current[1] = offset + len(line)
            elif verify is not None:
                current = [offset + k + 1 + verify.end(), offset + len(line)]
            masked = blank(masked, offset + k, offset + len(line))
        offset += len(line) + 1
    if current is not None:
        declarations.append(_block(segment, *current))
    return masked, declarations


def _block(segment: Segment, start: int, end: int) -> Declaration:
    """The block's text, its comment signs blanked out."""
    lines = segment.text[start:end].split("\n")
    cleaned = [lines[0]] + [_uncomment(line) for line in lines[1:]]
    return Declaration(segment, start, "\n".join(cleaned))


def _uncomment(line: str) -> str:
    k = comment_start(line)
    return line if k < 0 else " " * (k + 1) + line[k + 1 :]


def _hidden(text: str) -> str:
    """``text`` with what ``\\iffalse`` hides blanked out: up to its ``\\else`` (what follows
    is shown) or its ``\\fi``, conditionals nested inside counted as TeX counts them."""
    position = 0
    while (start := text.find("\\iffalse", position)) >= 0:
        depth, end = 0, len(text)
        for word in _CONDITIONAL.finditer(text, start):
            name = word.group(1)
            depth += 1 if name.startswith("if") else -1 if name == "fi" else 0
            if depth == 0 or (depth == 1 and name == "else"):
                end = word.end()
                break
        text = blank(text, start, end)
        position = end
    return text
