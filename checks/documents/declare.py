"""The declaration syntax of documents: ``NAME: KIND[SIZE]`` or ``NAME: DEFINITION``, entries
one a line or separated by commas, read by a small whitelist parser (nothing is evaluated)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.claims.latex import looks_like_latex, parse_latex_expression
from checks.claims.syntax import ClaimSyntaxError, Node, check_depth, parse_expression
from checks.documents.formulas import Declaration
from checks.documents.locations import Location
from checks.errors import UsageError
from checks.model import Kind

#: Kind words: the kind, and whether the name is a vector without a size given.
KINDS: dict[str, tuple[Kind, bool]] = {
    "logits": (Kind.LOGITS, True),
    "labels": (Kind.LABELS, True),
    "probabilities": (Kind.PROBS, True),
    "probs": (Kind.PROBS, True),
    "real": (Kind.REAL, False),
    "positive": (Kind.POSITIVE, False),
    "unit": (Kind.UNIT, False),
    "probability": (Kind.OPEN_UNIT, False),
    "count": (Kind.COUNT, False),
}
_KIND = re.compile(r"^([a-z]+)\s*(?:\[\s*([0-9]+|[A-Za-z][A-Za-z0-9]*)\s*\])?$")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MAX_SIZE = 64


@dataclass(frozen=True)
class Entry:
    """One declared name: a variable (``kind``; ``size`` a number, a size symbol such as
    ``q``, or None) or a definition (``definition``, the tree the name stands for)."""

    key: Node
    text: str
    location: Location
    kind: Kind | None = None
    vector: bool = False
    size: int | str | None = None
    definition: Node | None = None

    @property
    def name(self) -> str | None:
        """The variable's name, when the key is a plain name."""
        return str(self.key.value) if self.key.op == "name" else None


def read_block(block: Declaration) -> tuple[list[Entry], list[str]]:
    """The entries of one declaration block, and warnings for those the reader cannot take (a
    notation it does not know yet); malformed syntax is a :class:`UsageError` with its place."""
    entries: list[Entry] = []
    warnings: list[str] = []
    for text, offset in split_entries(block.text):
        where = block.segment.locate(block.offset + offset)
        try:
            entries.append(read_entry(text, where))
        except ClaimSyntaxError as exc:
            warnings.append(f"{where}: declaration {text!r} not read: {exc}")
    return entries, warnings


def split_entries(text: str) -> list[tuple[str, int]]:
    """Entries with their offsets: split at line ends and at commas outside brackets; a YAML
    list's ``- `` and quotes are dropped, blank lines and ``#`` comments skipped."""
    out: list[tuple[str, int]] = []
    depth, start = 0, 0
    for k, ch in enumerate(text + "\n"):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        elif ch == "\n" or (ch == "," and depth == 0):
            raw = text[start:k]
            stripped = raw.strip()
            lead = len(raw) - len(raw.lstrip())
            if stripped.startswith("- "):
                stripped, lead = stripped[2:].lstrip(), lead + 2
            if stripped and not stripped.startswith("#"):
                out.append((stripped, start + lead))
            start, depth = k + 1, 0 if ch == "\n" else depth
    return out


def read_entry(text: str, where: Location) -> Entry:
    """``NAME: SPEC``, ``NAME = EXPR`` or ``NAME := EXPR``."""
    key_text, spec, definition = _split(text, where)
    key = _key(key_text)
    spec = spec.strip()
    if len(spec) >= 2 and spec[0] == spec[-1] and spec[0] in "'\"":
        spec = spec[1:-1].strip()
    if not spec:
        raise UsageError(f"{where}: declaration {text!r} says nothing after the name")
    kind = None if definition else _KIND.match(spec)
    if kind is not None and kind.group(1) in KINDS:
        return _variable(key, text, where, kind.group(1), kind.group(2))
    if kind is not None and kind.group(1) == "size" and kind.group(2) is None:
        return Entry(key, text, where, kind=Kind.COUNT, size=str(key.value))
    if kind is not None and (len(kind.group(1)) > 1 or kind.group(2) is not None):
        words = ", ".join(KINDS)
        raise UsageError(f"{where}: unknown kind {spec!r} in {text!r}; use one of {words}, or a definition")
    tree = parse_latex_expression(spec) if looks_like_latex(spec) else parse_expression(spec)
    return Entry(key, text, where, definition=check_depth(tree))


def _split(text: str, where: Location) -> tuple[str, str, bool]:
    """The key, the specification, and whether it is a definition (``=``, ``:=``)."""
    depth = 0
    for k, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0 and text.startswith(":=", k):
            return text[:k].strip(), text[k + 2 :], True
        elif depth == 0 and ch == ":":
            return text[:k].strip(), text[k + 1 :], False
        elif depth == 0 and ch == "=":
            return text[:k].strip(), text[k + 1 :], True
    raise UsageError(f"{where}: expected NAME: KIND[SIZE] or NAME: DEFINITION, got {text!r}")


def _key(text: str) -> Node:
    """The declared name: a plain identifier as it is, else read as LaTeX (``\\hat{y}``)."""
    if not text:
        raise ClaimSyntaxError("the name is missing", 1)
    if _IDENTIFIER.match(text):
        return Node("name", value=text)
    return parse_latex_expression(text)


def _variable(key: Node, text: str, where: Location, word: str, size_text: str | None) -> Entry:
    kind, vector = KINDS[word]
    if key.op != "name":
        raise UsageError(f"{where}: a variable is declared by its letter, not {text.split(':')[0]!r}")
    size: int | str | None = None
    if size_text is not None:
        vector = True
        if size_text.isdigit():
            size = int(size_text)
            if not 1 <= size <= MAX_SIZE:
                raise UsageError(f"{where}: size {size} in {text!r} is not 1 to {MAX_SIZE}")
        else:
            size = size_text
    if kind is Kind.REAL and vector:
        kind = Kind.LOGITS  # a real vector
    return Entry(key, text, where, kind=kind, vector=vector, size=size)
