"""A display formula split into chains: rows at ``\\\\``, alignment marks and labels removed,
each row's expressions and relations; a row that starts with a relation goes on from the row
before, a row that starts with a new left side starts a new chain."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.documents.formulas import Formula, blank
from checks.documents.rows import Item, row_items, tidy_row

_INNER = r"aligned|alignedat|split|gathered|align\*?|equation\*?|gather\*?|multline\*?|eqnarray\*?"
_BLANKED = re.compile(
    rf"\\begin\{{(?:{_INNER})\}}(?:\[[a-z]\])?(?:\{{\d+\}})?|\\end\{{(?:{_INNER})\}}"
    r"|\\(?:nonumber|notag)(?![A-Za-z])|\\label\{[^{}]*\}|\\tag\*?\{[^{}]*\}"
)
_INTERTEXT = re.compile(r"\\(?:short)?intertext\s*\{")
_LEADING_SPACE = re.compile(r"^(?:\s|\\(?:quad|qquad|[,;:! ])(?![A-Za-z])|~)+")
_TRAILING_SPACE = re.compile(r"(?<!\\)(?:\s|\\(?:quad|qquad|[,;:! ])(?![A-Za-z])|~)+$")
_OPERATOR = re.compile(r"(?:\s|\\(?:quad|qquad|[,;:!]))*(?:[+\-]|\\cdot(?![A-Za-z])|\\times(?![A-Za-z]))")


@dataclass(frozen=True)
class Piece:
    """One expression of a chain: its text for the reader, and the offset in the segment of
    each of its characters (a reader's column ``c`` is at ``offsets[c - 1]``)."""

    text: str
    offsets: tuple[int, ...]

    def offset(self, column: int | None) -> int:
        if not self.offsets:
            return 0
        return self.offsets[max(0, min((column or 1) - 1, len(self.offsets) - 1))]

    def joined(self, other: Piece) -> Piece:
        """This expression continued by ``other`` (a row that starts with ``+`` or ``-``)."""
        return Piece(f"{self.text} {other.text}", (*self.offsets, self.offsets[-1], *other.offsets))


@dataclass(frozen=True)
class Mark:
    """A relation between two expressions: ``=``, ``<``, ``<=``, ``>``, ``>=``, ``def`` (a
    definition, ``:=``) or ``other`` (one this checker does not decide: ``\\approx``, ``\\ne``)."""

    rel: str
    text: str
    offset: int


@dataclass(frozen=True)
class Chain:
    """Expressions related one to the next: ``pieces[k] marks[k] pieces[k + 1]``."""

    pieces: tuple[Piece, ...]
    marks: tuple[Mark, ...]
    notes: tuple[str, ...] = ()
    #: The connective (``\\implies``, ``\\iff``, ``\\text{so}``) that joins the chain to another:
    #: then it is a condition on particular values, not an identity; empty otherwise.
    condition: str = ""


def split_chains(formula: Formula) -> list[Chain]:
    """The chains of a formula, in order (a formula with no relation has none)."""
    body = _intertext(_BLANKED.sub(lambda m: " " * len(m.group(0)), formula.body))
    base = formula.body_start
    rows, body = _rows(body, joined=formula.environment.startswith("multline"))
    ampersands = 2 if formula.environment.startswith("eqnarray") else 1
    built: list[tuple[list[Piece], list[Mark], list[str], list[str]]] = []
    pending = ""  # a connective whose right side is the next chain
    for start, end in rows:
        text, notes = tidy_row(body[start:end], ampersands)
        for k, (connective, group) in enumerate(_groups(row_items(text))):
            if connective:  # the chain before it is a condition, and so is the next one
                if built:
                    built[-1][3].append(connective)
                pending = connective
            empty = Piece("", (base + start,))
            lead = _piece(text, group[0], base + start)
            rest = [(m, _piece(text, p, base + start) or empty) for m, p in _pairs(group[1:], base + start)]
            goes_on = k == 0 and bool(built)
            if lead is None and rest and goes_on:
                built[-1][0].extend(p for _, p in rest)
                built[-1][1].extend(m for m, _ in rest)
            elif lead is not None and not rest and goes_on and _OPERATOR.match(lead.text):
                pieces = built[-1][0]
                pieces[-1] = pieces[-1].joined(lead)
            elif lead is not None or rest:
                built.append(([lead or empty, *(p for _, p in rest)], [m for m, _ in rest], [], []))
            else:
                continue
            built[-1][2].extend(notes)
            built[-1][3].extend([pending] if pending else [])
            notes, pending = [], ""
    return [Chain(tuple(p), tuple(m), tuple(n), next(iter(c), "")) for p, m, n, c in built if m]


def _intertext(body: str) -> str:
    """``body`` with each ``\\intertext{…}`` and ``\\shortintertext{…}`` blanked out: prose
    between two rows, after which the alignment, and the chain, go on. An unclosed one is
    left in place (the reader then says it cannot read it)."""
    position = 0
    while (found := _INTERTEXT.search(body, position)) is not None:
        depth, k = 0, found.end() - 1
        while k < len(body):
            if body[k] == "\\":
                k += 2
                continue
            depth += {"{": 1, "}": -1}.get(body[k], 0)
            if depth == 0:
                body = blank(body, found.start(), k + 1)
                break
            k += 1
        position = found.end()
    return body


def _rows(body: str, joined: bool) -> tuple[list[tuple[int, int]], str]:
    """The rows of ``body`` as (start, end) offsets: split at ``\\\\`` outside braces and inner
    environments (``cases``); all one row for ``multline`` (its line breaks blanked out)."""
    rows = []
    depth, start, i = 0, 0, 0
    while i < len(body):
        if body.startswith("\\begin{", i):
            depth += 1
        elif body.startswith("\\end{", i):
            depth = max(depth - 1, 0)
        ch = body[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif body.startswith("\\\\", i):
            spacing = re.compile(r"\s*\[[^\]]*\]").match(body, i + 2)  # \\[2pt]
            after = spacing.end() if spacing else i + 2
            if depth == 0 and not joined:
                rows.append((start, i))
                start = after
            elif depth == 0:  # multline: one expression over several lines
                body = body[:i] + " " * (after - i) + body[after:]
            i = after
            continue
        elif ch == "\\":
            i += 1  # an escaped character: \{ is no brace
        i += 1
    rows.append((start, len(body)))
    return rows, body


def _groups(items: list[Item]) -> list[tuple[str, list[Item]]]:
    """The row's items split at separators (``\\implies``, ``, \\quad``): each group is
    ``expression (relation expression)*``, with the connective before it (``\\implies``,
    ``\\text{so}``; empty after a mere list separator ``, \\quad``, or at the row's start)."""
    groups: list[tuple[str, list[Item]]] = [("", [])]
    for item in items:
        if item.kind == "sep":
            groups.append((" ".join(item.text.split()) if item.rel == "sep" else "", []))
        else:
            groups[-1][1].append(item)
    return [g for g in groups if g[1]]


def _pairs(items: list[Item], base: int) -> list[tuple[Mark, Item]]:
    """``relation expression`` pairs after the lead expression."""
    pairs = []
    for k in range(0, len(items), 2):
        rel = items[k]
        expr = items[k + 1] if k + 1 < len(items) else Item("expr", rel.end, rel.end)
        pairs.append((Mark(rel.rel, rel.text, base + rel.start), expr))
    return pairs


def _piece(text: str, item: Item, base: int) -> Piece | None:
    """The stripped expression of ``item``, with its offsets; None when it is blank."""
    if item.kind != "expr":
        return None
    raw = _LEADING_SPACE.sub(lambda m: " " * len(m.group(0)), text[item.start : item.end])
    raw = _TRAILING_SPACE.sub(lambda m: " " * len(m.group(0)), raw)
    stripped = raw.strip()
    if not stripped:
        return None
    first = item.start + (len(raw) - len(raw.lstrip()))
    text_out = " ".join(stripped.split("\n"))
    return Piece(text_out, tuple(base + first + k for k in range(len(text_out))))
