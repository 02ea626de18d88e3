"""Which spelling a claim is written in (SymPy or LaTeX), and its tree in that spelling."""

from __future__ import annotations

import re

from checks.claims.latex import looks_like_latex, parse_latex_claim, parse_latex_expression_with_notes
from checks.claims.syntax import ClaimSyntaxError, Node, Relation, parse_claim, parse_expression


def parse_relation(text: str, declared: frozenset[str] = frozenset()) -> tuple[Relation, bool]:
    """The claim's tree, and whether it was read as LaTeX: when it has a backslash, a brace, a
    ``$``, a ``|`` or a character outside ASCII (σ, ≤), or when it is no claim in SymPy spelling
    but one in LaTeX and it subscripts a letter as LaTeX does (``s_0 (1 - s_0)``: a call of
    ``s_0`` in SymPy spelling, a product in LaTeX). A claim read neither way raises the SymPy
    spelling's error."""
    if _latex_first(text):
        return parse_latex_claim(text, declared=declared), True
    try:
        return parse_claim(text, euler="e" not in declared), False
    except ClaimSyntaxError as exc:
        if not _SUBSCRIPTED_LETTER.search(text):
            raise
        try:
            return parse_latex_claim(text, declared=declared), True
        except ClaimSyntaxError:
            raise exc from None


def parse_node(text: str, declared: frozenset[str] = frozenset()) -> tuple[Node, tuple[str, ...], bool]:
    """An expression's tree as :func:`parse_relation` reads a claim's, with the notes on what
    was dropped and whether it was read as LaTeX."""
    if _latex_first(text):
        return (*parse_latex_expression_with_notes(text, declared=declared), True)
    try:
        return parse_expression(text, euler="e" not in declared), (), False
    except ClaimSyntaxError as exc:
        if not _SUBSCRIPTED_LETTER.search(text):
            raise
        try:
            return (*parse_latex_expression_with_notes(text, declared=declared), True)
        except ClaimSyntaxError:
            raise exc from None


#: A single letter with a subscript, as LaTeX writes an entry: s_0, x_j (not cross_entropy).
_SUBSCRIPTED_LETTER = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]_(?:[0-9]+|[A-Za-z])(?![A-Za-z0-9_])")


def _latex_first(text: str) -> bool:
    return looks_like_latex(text) or "|" in text or not text.isascii()
