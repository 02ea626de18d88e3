"""A document checked: its declarations and formulas in order, each chain planned, each link
checked (here one after another; the command line runs them in child processes)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from checks.documents.chains import split_chains
from checks.documents.context import Context
from checks.documents.declare import read_block
from checks.documents.formulas import Declaration, Formula
from checks.documents.links import check_link
from checks.documents.locations import Location, Segment
from checks.documents.markdown import scan_markdown
from checks.documents.plan import ChainPlan, LinkPlan, plan_chain
from checks.documents.result import BlockResult, ChainResult, DocumentResult, LinkResult
from checks.documents.sources import Source
from checks.documents.tex import scan_latex


@dataclass(frozen=True)
class BlockPlan:
    location: Location
    environment: str
    chains: tuple[ChainPlan, ...]
    skipped: str | None = None


@dataclass(frozen=True)
class DocumentPlan:
    """A document read: its formulas' chains planned, and notes on its declarations."""

    path: str
    format: str
    blocks: tuple[BlockPlan, ...]
    notes: tuple[str, ...] = ()

    @property
    def links(self) -> list[LinkPlan]:
        return [link for block in self.blocks for chain in block.chains for link in chain.links]


def plan_document(source: Source) -> DocumentPlan:
    """Read every declaration and formula of ``source`` in document order (a declaration holds
    from where it is on); malformed declarations raise :class:`~checks.errors.UsageError`."""
    context = Context()
    notes: list[str] = []
    blocks: list[BlockPlan] = []
    for declaration in _metadata(source):
        _declare(declaration, context, notes)
    for k, segment in enumerate(source.segments):
        if source.format == "latex":
            formulas, declarations = scan_latex(segment)
        else:
            formulas, declarations = scan_markdown(segment, first=k == 0)
        events: list[tuple[int, Declaration | Formula]] = [(d.offset, d) for d in declarations]
        events += [(f.start, f) for f in formulas]
        for _, event in sorted(events, key=lambda e: e[0]):
            if isinstance(event, Declaration):
                _declare(event, context, notes)
            else:
                blocks.append(_block(event, context))
    return DocumentPlan(source.path, source.format, tuple(blocks), tuple(notes))


def _declare(declaration: Declaration, context: Context, notes: list[str]) -> None:
    entries, warnings = read_block(declaration)
    for entry in entries:
        context.declare(entry)
    notes.extend(warnings)


def _block(formula: Formula, context: Context) -> BlockPlan:
    where = formula.segment.locate(formula.start)
    if formula.problem is not None:
        return BlockPlan(where, formula.environment, (), formula.problem)
    chains = tuple(plan_chain(chain, formula.segment, context) for chain in split_chains(formula))
    return BlockPlan(where, formula.environment, chains)


def _metadata(source: Source) -> list[Declaration]:
    """A notebook's ``metadata.verify``: a mapping of names to kinds or definitions, a list of
    entries, or one string."""
    data = source.metadata
    if data is None:
        return []
    if isinstance(data, dict):
        text = "\n".join(f"{k}: {v}" for k, v in data.items())
    elif isinstance(data, list):
        text = "\n".join(str(item) for item in data)
    else:
        text = str(data)
    return [Declaration(Segment(f"{source.path} (metadata.verify)", text), 0, text)]


Checker = Callable[[list[LinkPlan]], Iterable[LinkResult]]


def check_document(
    source: Source, *, seed: int = 0, samples: int = 24, timeout: float = 10.0, run: Checker | None = None
) -> DocumentResult:
    """Check every link of ``source``; ``run`` checks a list of planned links (default: one
    after another in this process) and returns their results in order."""
    started = time.perf_counter()
    plan = plan_document(source)

    def in_process(links: list[LinkPlan]) -> Iterable[LinkResult]:
        return [check_link(link, seed=seed, samples=samples, timeout=timeout) for link in links]

    results = list((run or in_process)(plan.links))
    return assemble(plan, results, time.perf_counter() - started)


def assemble(plan: DocumentPlan, results: list[LinkResult], seconds: float) -> DocumentResult:
    """The document's result from its plan and its links' results, in plan order."""
    remaining = iter(results)
    blocks = []
    for block in plan.blocks:
        chains = []
        for chain in block.chains:
            links = tuple(next(remaining) for _ in chain.links)
            relation, note = chain_relation([link.rel for link in links if link.status != "definition"])
            chains.append(
                ChainResult(chain.location, links, relation, chain.notes + ((note,) if note else ()))
            )
        blocks.append(BlockResult(block.location, block.environment, tuple(chains), block.skipped))
    return DocumentResult(plan.path, plan.format, tuple(blocks), seconds, plan.notes)


def chain_relation(rels: list[str]) -> tuple[str | None, str | None]:
    """What a chain of these relations says of its start and end, and a note when nothing."""
    if "?" in rels:
        return None, None
    below = {r for r in rels if r in ("<", "≤")}
    above = {r for r in rels if r in (">", "≥")}
    if below and above:
        return None, "the chain mixes ≤ and ≥: it relates its start to its end by nothing"
    if below:
        return ("<" if "<" in below else "≤"), None
    if above:
        return (">" if ">" in above else "≥"), None
    return ("=" if rels else None), None
