"""What the names of a document mean at one point of it: its declarations so far, its own
definitions (``L = …``), and the conventions (``o`` logits, ``y`` labels, ``s`` = softmax(o)…)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from checks.claims.latex import parse_latex_expression
from checks.claims.syntax import ClaimSyntaxError, Node
from checks.documents.declare import Entry
from checks.documents.trees import substitute
from checks.model import Kind

#: Conventional kinds of vectors (a name is a vector where it is subscripted or the argument
#: of a vector function such as softmax; elsewhere it is a real scalar).
CONVENTIONAL_KINDS = {
    "o": Kind.LOGITS,
    "x": Kind.LOGITS,
    "z": Kind.LOGITS,
    "y": Kind.LABELS,
    "p": Kind.PROBS,
    "q": Kind.PROBS,
}
#: Names that stand for the softmax of the logits unless declared otherwise.
SOFTMAX_NAMES = ("s", r"\hat{y}", r"\hat{\mathbf{y}}", r"\mathbf{s}", r"\hat y")


@functools.cache
def softmax_keys() -> tuple[Node, ...]:
    """The trees of :data:`SOFTMAX_NAMES` the LaTeX reader can read (the others are notation it
    does not take yet: a formula using them is skipped by the reader anyway)."""
    keys = []
    for text in SOFTMAX_NAMES:
        try:
            keys.append(parse_latex_expression(text))
        except ClaimSyntaxError:
            continue
    return tuple(dict.fromkeys(keys))


@dataclass
class Context:
    """The declarations and definitions in force, the later one of a name winning."""

    entries: dict[Node, Entry] = field(default_factory=dict)
    #: Names a ``:=`` meant to define that the reader could not take (``a_j := …``): a later
    #: formula using one is skipped, never checked with the name as a free variable.
    untaken: set[str] = field(default_factory=set)

    def declare(self, entry: Entry) -> None:
        self.entries.pop(entry.key, None)  # keep the order of declaration: the newest last
        self.entries[entry.key] = entry

    def variable(self, name: str) -> Entry | None:
        entry = self.entries.get(Node("name", value=name))
        return entry if entry is not None and entry.kind is not None else None

    def declared(self, node: Node) -> bool:
        return node in self.entries

    def vector_kind(self, name: str) -> Kind:
        entry = self.variable(name)
        if entry is not None and entry.kind is not None:
            return entry.kind
        return CONVENTIONAL_KINDS.get(name, Kind.LOGITS)

    def scalars(self) -> list[tuple[str, Kind]]:
        """The declared scalar variables and their kinds."""
        entries = self.entries.values()
        return [(e.name, e.kind) for e in entries if e.name and e.kind is not None and not e.vector]

    def vector_names(self) -> list[str]:
        """The declared vectors."""
        return [e.name for e in self.entries.values() if e.name and e.kind is not None and e.vector]

    def declared_logits(self) -> list[str]:
        return [e.name for e in self.entries.values() if e.vector and e.kind is Kind.LOGITS and e.name]

    def expand(self, tree: Node) -> Node:
        """``tree`` with every defined name replaced by its definition (definitions may use
        each other: a few rounds)."""
        aliases = {key: e.definition for key, e in self.entries.items() if e.definition is not None}
        for _ in range(4):
            expanded = substitute(tree, aliases)
            if expanded == tree:
                return tree
            tree = expanded
        return tree
