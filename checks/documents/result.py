"""What checking a document returns: a result per link, per chain, per display formula, and
for the whole document (the reporters render these; nothing here prints)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checks.documents.locations import Location

#: Statuses of a link: the three verdicts, and two that are no check.
VERDICTS = ("verified", "refuted", "inconclusive")
STATUSES = (*VERDICTS, "skipped", "definition")


@dataclass(frozen=True)
class LinkResult:
    """One link ``left REL right``: its status, the scope it holds in, how it was read and
    proved; a refuted link's counterexample (with ``n`` for a size symbol) and feedback."""

    number: int
    location: Location
    left: str
    rel: str
    right: str
    status: str
    scope: str | None = None
    read_as: str | None = None
    counterexample: dict[str, Any] | None = None
    feedback: str | None = None
    method: str | None = None
    notes: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return f"{self.left} {self.rel} {self.right}"


@dataclass(frozen=True)
class ChainResult:
    """A chain: its links in order, what the chain says of its start and end (``relation``,
    None when it mixes ≤ and ≥), and notes (annotations dropped, a mixed chain)."""

    location: Location
    links: tuple[LinkResult, ...]
    relation: str | None
    notes: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """refuted if a link is, verified if every checked link is (and one is), else
        inconclusive; a chain of definitions only is a definition, one of skipped links skipped."""
        statuses = [link.status for link in self.links]
        checked = [s for s in statuses if s != "definition"]
        if not checked:
            return "definition"
        if "refuted" in checked:
            return "refuted"
        if all(s == "skipped" for s in checked):
            return "skipped"
        if all(s == "verified" for s in checked):
            return "verified"
        return "inconclusive"

    @property
    def first_wrong(self) -> LinkResult | None:
        return next((link for link in self.links if link.status == "refuted"), None)


@dataclass(frozen=True)
class BlockResult:
    """One display formula: its environment, chains, and why it was skipped whole (a missing
    closing delimiter), or that it has no relation to check."""

    location: Location
    environment: str
    chains: tuple[ChainResult, ...]
    skipped: str | None = None


@dataclass(frozen=True)
class DocumentResult:
    """A whole document: its formulas, and notes on its declarations."""

    path: str
    format: str
    blocks: tuple[BlockResult, ...]
    seconds: float
    notes: tuple[str, ...] = field(default=())

    @property
    def links(self) -> list[LinkResult]:
        return [link for block in self.blocks for chain in block.chains for link in chain.links]

    def count(self, status: str) -> int:
        """Links with ``status``; ``skipped`` counts the skipped formulas too."""
        found = sum(1 for link in self.links if link.status == status)
        if status == "skipped":
            found += sum(1 for block in self.blocks if block.skipped is not None)
        return found

    def exit_code(self, strict: bool = False) -> int:
        """0 all verified, 1 something refuted (or skipped, with ``strict``), 3 something
        inconclusive or skipped, or nothing checked at all."""
        if self.count("refuted") or (strict and self.count("skipped")):
            return 1
        checked = self.count("verified")
        if self.count("inconclusive") or self.count("skipped") or not checked:
            return 3
        return 0
