"""The mutation operators: each lists its sites in a chain, in a canonical traversal order."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from benchmarks.mutation.edits import (
    Constant,
    DeltaTo,
    DiffVar,
    Drop,
    Edit,
    Exponent,
    MaxMin,
    Negate,
    ReplaceAtom,
    SumBound,
    Swap,
)
from benchmarks.mutation.tree import Chain, Entry, Path, Slot, entries, get_slot, slots, steps_of, walk, where
from checks.model import General, Var

#: Every operator, in the order the tables list them.
OPERATORS: tuple[str, ...] = (
    "sign_flip",
    "drop_term",
    "index",
    "exponent",
    "relation",
    "swap_ij",
    "constant",
    "sum_range",
    "max_min",
    "diff_var",
    "delta",
    "citation",
    "start",
    "reference",
)

#: The operators that edit one node of an expression; ``start`` applies them to the start.
NODE_OPERATORS: tuple[str, ...] = (
    "sign_flip",
    "drop_term",
    "index",
    "exponent",
    "swap_ij",
    "constant",
    "sum_range",
    "max_min",
    "delta",
)

#: What a relation becomes: the direction reversed, or the strictness changed.
RELATION_CHANGES: dict[str, tuple[str, ...]] = {
    "=": ("<", ">"),
    "<=": (">=", "<"),
    ">=": ("<=", ">"),
    "<": (">", "<="),
    ">": ("<", ">="),
}

#: How a NumPy reference is perturbed (expected verdict: inconclusive, never verified or refuted).
REFERENCE_CHANGES: tuple[str, ...] = ("scale", "shift", "transpose", "roll")

#: How deep below an entry's root ``i ↔ j`` is tried (deeper nodes repeat the shallow ones).
_SWAP_DEPTH = 2


@dataclass(frozen=True)
class SetRelation:
    """A step's relation changed."""

    old: str
    new: str


@dataclass(frozen=True)
class DropCitation:
    """A step's ``Σ = 1`` citations removed."""

    cited: tuple[str, ...]


@dataclass(frozen=True)
class PerturbReference:
    """The NumPy reference changed: ``scale`` ×1.5, ``shift`` +0.1, ``transpose``, ``roll`` (each
    entry takes its neighbour's value)."""

    how: str


Change = Edit | SetRelation | DropCitation | PerturbReference


@dataclass(frozen=True)
class Site:
    """Where and how one mutant differs from its derivation: ``part`` is ``concrete`` (every
    ``build(n)``) or ``general`` (the all-n proof); ``entry`` and ``path`` locate the node in
    the slot's expression at the smallest size."""

    operator: str
    part: str
    slot: Slot
    entry: Entry
    path: Path
    change: Change
    where: str
    label: str = ""  # what a start mutant does, e.g. "[sign_flip] "
    node: Any = field(default=None, compare=False, repr=False)  # at the smallest size
    parent: Any = field(default=None, compare=False, repr=False)

    @property
    def detail(self) -> str:
        """What changed, in words (rendered only when asked: big expressions print slowly)."""
        change = self.change
        if isinstance(change, SetRelation):
            text = f"relation {change.old} → {change.new}"
        elif isinstance(change, DropCitation):
            text = f"citation of {', '.join(change.cited)} dropped"
        elif isinstance(change, PerturbReference):
            text = _REF_TEXT[change.how]
        else:
            text = change.describe(self.node, self.parent)
        at = f" entry {self.entry}" if self.entry is not None else ""
        return f"{self.where}{at}: {self.label}{text}"


@dataclass(frozen=True)
class _Context:
    """What the operators need to know about a chain's variables."""

    neighbours: dict[sp.Basic, sp.Basic]  # an entry x_k -> x_{k±1} of the same vector
    vector_of: dict[sp.Basic, str]  # an entry -> its vector's name
    scalars: tuple[sp.Symbol, ...]
    indices: tuple[sp.Symbol, ...]  # free indices of an all-n proof


def _context(chain: Chain) -> _Context:
    neighbours: dict[sp.Basic, sp.Basic] = {}
    vector_of: dict[sp.Basic, str] = {}
    scalars: list[sp.Symbol] = []
    for v in chain.variables:
        if isinstance(v, Var) and v.size is not None and v.size >= 2:
            syms = v.symbols
            for k, s in enumerate(syms):
                neighbours[s] = syms[k + 1] if k + 1 < len(syms) else syms[k - 1]
                vector_of[s] = v.name
        elif isinstance(v, Var) and v.size is None:
            scalars.append(v.sym)
    indices = chain.indices if isinstance(chain, General) else ()
    return _Context(neighbours, vector_of, tuple(scalars), tuple(indices))


def _other_index(ctx: _Context, idx: Any) -> sp.Basic | None:
    """Another free index than ``idx`` (for a bound index: the first free one)."""
    return next((i for i in ctx.indices if i != idx), None)


def _node_edits(op: str, node: sp.Basic, parent: Any, path: Path, ctx: _Context) -> list[Edit]:
    kind = type(node).__name__
    if op == "sign_flip":
        term = isinstance(parent, sp.Add) or (not path and not isinstance(node, sp.Add))
        return [Negate(kind)] if term and node != 0 else []
    if op == "drop_term":
        return [Drop(kind)] if isinstance(parent, sp.Add) else []
    if op == "index":
        if node in ctx.neighbours:
            return [ReplaceAtom(node, ctx.neighbours[node])]
        if isinstance(node, sp.Indexed) and len(node.indices) == 1:
            other = _other_index(ctx, node.indices[0])
            return [ReplaceAtom(node, node.base[other])] if other is not None else []
        return []
    if op == "exponent":
        if isinstance(node, sp.Pow) and isinstance(node.exp, sp.Rational):
            return [Exponent(node.exp, sp.Integer(-2) if node.exp == -1 else node.exp + 1)]
        return []
    if op == "constant":
        exponent = isinstance(parent, sp.Pow) and path and path[-1] == 1
        if isinstance(node, sp.Number) and not exponent:
            return [Constant(node, sp.Integer(-2) if node == -1 else node + 1)]
        return []
    if op == "swap_ij":
        if not node.args or len(path) > _SWAP_DEPTH:
            return []
        if ctx.indices:
            present = [i for i in ctx.indices if node.has(i)]
            return [Swap(present[0], present[1], kind)] if len(present) >= 2 else []
        by_vector: dict[str, list[sp.Basic]] = {}
        for s in sorted(node.free_symbols & set(ctx.vector_of), key=sp.default_sort_key):
            by_vector.setdefault(ctx.vector_of[s], []).append(s)
        pair = next((found for found in by_vector.values() if len(found) >= 2), None)
        return [Swap(pair[0], pair[1], kind)] if pair else []
    if op == "max_min":
        return [MaxMin(kind)] if isinstance(node, (sp.Max, sp.Min)) else []
    if op == "diff_var":
        if not isinstance(node, sp.Derivative):
            return []
        first = node.variables[0]
        if first in ctx.neighbours:
            return [DiffVar(first, ctx.neighbours[first])]
        if isinstance(first, sp.Indexed):
            other = _other_index(ctx, first.indices[0])
            return [DiffVar(first, first.base[other])] if other is not None else []
        other_scalar = next((s for s in ctx.scalars if s != first), None)
        return [DiffVar(first, other_scalar)] if other_scalar is not None else []
    if op == "sum_range":
        if not isinstance(node, sp.Sum):
            return []
        return [SumBound(k, bound) for k in range(len(node.limits)) for bound in ("upper", "lower")]
    if op == "delta":
        return [DeltaTo(0), DeltaTo(1)] if isinstance(node, sp.KroneckerDelta) else []
    raise ValueError(f"not a node operator: {op}")


def _node_sites(op: str, part: str, chain: Chain, chosen_slots: list[Slot], label: str = "") -> list[Site]:
    ctx = _context(chain)
    found: list[Site] = []
    for slot in chosen_slots:
        expr = get_slot(chain, slot)
        place = where(part, chain, slot)
        for entry, root in entries(expr):
            for path, node, parent in walk(root):
                for edit in _node_edits(op, node, parent, path, ctx):
                    if edit.apply(node) == node:
                        continue  # nothing would change
                    found.append(Site(op, part, slot, entry, path, edit, place, label, node, parent))
    return found


def sites(op: str, part: str, chain: Chain) -> list[Site]:
    """Every site of operator ``op`` in ``chain`` (a concrete proof at its smallest size, or the
    all-n proof), in canonical order: slots start, steps, limit value; entries row by row; nodes
    in pre-order."""
    all_slots = slots(chain)
    not_start = [s for s in all_slots if s[0] != "start"]
    if op in NODE_OPERATORS:
        return _node_sites(op, part, chain, not_start)
    if op == "diff_var":
        return _node_sites(op, part, chain, all_slots)
    if op == "start":
        found: list[Site] = []
        for sub in NODE_OPERATORS:
            for s in _node_sites(sub, part, chain, [("start",)], f"[{sub}] "):
                found.append(dataclasses.replace(s, operator="start"))
        return found
    steps = steps_of(chain)
    if op == "relation":
        return [
            Site(op, part, ("step", k), None, (), SetRelation(step.rel, new), where(part, chain, ("step", k)))
            for k, step in enumerate(steps, start=1)
            for new in RELATION_CHANGES[step.rel]
        ]
    if op == "citation":
        return [
            Site(op, part, ("step", k), None, (), DropCitation(step.using), where(part, chain, ("step", k)))
            for k, step in enumerate(steps, start=1)
            if step.using
        ]
    if op == "reference":
        label = "all-n reference" if part == "general" else "reference"
        return [
            Site(op, part, ("reference",), None, (), PerturbReference(how), label)
            for how in REFERENCE_CHANGES
        ]
    raise ValueError(f"unknown operator {op!r} (known: {', '.join(OPERATORS)})")


_REF_TEXT = {
    "scale": "the NumPy value scaled by 1.5",
    "shift": "the NumPy value shifted by 0.1",
    "transpose": "the NumPy array transposed",
    "roll": "each entry of the NumPy array takes its neighbour's value (np.roll)",
}
