"""The sizes of a chain's vectors: declared (a number or a symbol such as ``q``), or read from
the bounds of its sums (``\\sum_{j=1}^{3}`` a number, ``\\sum_{j=1}^{q}`` every size)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from checks.claims.syntax import Node
from checks.documents.context import Context
from checks.documents.trees import BIG_OPERATORS, CONSTANTS, names, subscripted_by, sums
from checks.model import Kind

#: The size symbol of a chain that names none.
DEFAULT_SYMBOL = "n"


@dataclass(frozen=True)
class Sizes:
    """Each vector's size (None: every size, the ``symbol``), or the problem that stops the chain."""

    sizes: dict[str, int | None] = field(default_factory=dict)
    symbol: str | None = None
    problem: str | None = None


def chain_sizes(trees: list[Node], vectors: dict[str, Kind], context: Context) -> Sizes:
    """Declared sizes first; then a Σ over a vector's entries: its upper bound, a number or a
    symbol; a vector with neither takes the chain's size (every size if it has none)."""
    known: dict[str, int | str] = {}
    symbols: set[str] = set()
    bound = {var for tree in trees for var, *_ in sums(tree)}
    for name in vectors:
        entry = context.variable(name)
        if entry is not None and entry.size is not None:
            known[name] = entry.size
    for tree in trees:
        for var, high, body, enclosing in _scoped_sums(tree, frozenset()):
            symbol = _symbol(high, set(vectors) | enclosing, context)
            if symbol is not None:
                symbols.add(symbol)
            for name in subscripted_by(body, var) & set(vectors):
                if name in known:
                    continue
                if high.op == "num" and isinstance(high.value, Fraction) and high.value.denominator == 1:
                    known[name] = max(int(high.value), 1)
                elif symbol is not None:
                    known[name] = symbol
    symbols |= {s for s in known.values() if isinstance(s, str)}
    symbols |= {e.name for e in context.entries.values() if e.size == e.name and e.name in _all(trees)}
    numbers = {s for s in known.values() if isinstance(s, int)}
    if len(symbols) > 1:
        listed = " and ".join(sorted(symbols))
        return Sizes(problem=f"the sizes {listed} in one chain: declare one size for its vectors")
    if symbols and numbers:
        return Sizes(problem=f"vectors of size {max(numbers)} and of every size {min(symbols)} in one chain")
    symbol = next(iter(symbols), None)
    if symbol in bound:
        return Sizes(problem=f"{symbol} is both the size and the index of a Σ: rename one")
    if symbol is None and len(known) < len(vectors) and not numbers:
        symbol = DEFAULT_SYMBOL
    fill: int | None = None if symbol is not None else max(numbers, default=None)
    sizes = {name: (known[name] if isinstance(known.get(name), int) else fill) for name in vectors}
    return Sizes({k: (v if isinstance(v, int) else None) for k, v in sizes.items()}, symbol)


#: Letters a Σ's upper bound names an index by, never a size unless declared (``j: size``):
#: ``\\sum_{k=1}^{j} s_k = 1`` is a partial sum up to an index j, false, not the whole one.
INDEX_LETTERS = frozenset({"i", "j"})


def _symbol(high: Node, taken: set[str], context: Context) -> str | None:
    """The size symbol in a Σ's upper bound (``q``, ``q - 1``), if it has one (not a vector,
    the index of a Σ, or an index letter)."""
    candidates = {
        n
        for n in names(high) - CONSTANTS - taken
        if ((e := context.variable(n)) is None and n not in INDEX_LETTERS)
        or (e is not None and e.kind is Kind.COUNT)
    }
    return next(iter(sorted(candidates)), None) if len(candidates) == 1 else None


def _scoped_sums(node: Node, enclosing: frozenset[str]) -> Iterator[tuple[str, Node, Node, frozenset[str]]]:
    """Each Σ's index, upper bound and body, with the indices of the Σs around it."""
    if (
        node.op == "call"
        and node.value in BIG_OPERATORS
        and len(node.args) == 2
        and len(node.args[1].args) == 3
    ):
        var, _, high = node.args[1].args
        if var.op == "name":
            yield str(var.value), high, node.args[0], enclosing
            yield from _scoped_sums(node.args[0], enclosing | {str(var.value)})
            return
    for arg in node.args:
        yield from _scoped_sums(arg, enclosing)


def _all(trees: list[Node]) -> set[str]:
    return set().union(*(names(t) for t in trees)) if trees else set()
