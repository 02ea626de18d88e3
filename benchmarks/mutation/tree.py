"""Addresses inside a chain: a slot (start, step, limit value), a matrix entry, a path of args."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import sympy as sp

from checks.model import General, Proof

#: ("start",), ("step", k) with k 1-based over the main steps then a limit's upper steps, ("limit",).
Slot = tuple[Any, ...]
Entry = tuple[int, int] | None
Path = tuple[int, ...]
Chain = Proof | General

#: Nodes not descended into: their children are indices, bounds and derivative variables,
#: which the operators that need them (index, Σ range, derivative variable) read off the parent.
_OPAQUE = (sp.Tuple, sp.Indexed, sp.IndexedBase, sp.KroneckerDelta, sp.Idx)


class Unresolvable(Exception):
    """A site found at the smallest size has no counterpart at another size."""


def steps_of(chain: Chain) -> tuple[Any, ...]:
    """Every step in report order: the main chain, then a limit's upper chain."""
    return chain.all_steps if isinstance(chain, Proof) else chain.steps


def slots(chain: Chain) -> list[Slot]:
    """The expression slots of a chain in canonical order."""
    out: list[Slot] = [("start",)]
    out += [("step", k) for k in range(1, len(steps_of(chain)) + 1)]
    if isinstance(chain, Proof) and chain.limit is not None:
        out.append(("limit",))
    return out


def get_slot(chain: Chain, slot: Slot) -> Any:
    """The expression in ``slot``."""
    if slot[0] == "start":
        return chain.start
    if slot[0] == "step":
        return steps_of(chain)[slot[1] - 1].expr
    assert isinstance(chain, Proof) and chain.limit is not None
    return chain.limit.value


def replace_step(chain: Chain, k: int, **changes: Any) -> Chain:
    """A copy of ``chain`` whose step ``k`` (1-based, report order) has ``changes``."""
    steps = list(steps_of(chain))
    steps[k - 1] = dataclasses.replace(steps[k - 1], **changes)
    if isinstance(chain, General):
        return dataclasses.replace(chain, steps=tuple(steps))
    main = len(chain.steps)
    limit = chain.limit
    if limit is not None and limit.upper_steps:
        limit = dataclasses.replace(limit, upper_steps=tuple(steps[main:]))
    return dataclasses.replace(chain, steps=tuple(steps[:main]), limit=limit)


def set_slot(chain: Chain, slot: Slot, expr: Any) -> Chain:
    """A copy of ``chain`` with ``expr`` in ``slot`` (validated again by the model)."""
    if slot[0] == "start":
        return dataclasses.replace(chain, start=expr)
    if slot[0] == "step":
        return replace_step(chain, slot[1], expr=expr)
    assert isinstance(chain, Proof) and chain.limit is not None
    return dataclasses.replace(chain, limit=dataclasses.replace(chain.limit, value=expr))


def where(part: str, chain: Chain, slot: Slot) -> str:
    """Where a slot is, in words: ``start``, ``step 2``, ``upper step 1``, ``all-n step 3``…"""
    prefix = "all-n " if part == "general" else ""
    if slot[0] == "step" and isinstance(chain, Proof) and slot[1] > len(chain.steps):
        return f"{prefix}upper step {slot[1] - len(chain.steps)}"
    if slot[0] == "step":
        return f"{prefix}step {slot[1]}"
    return prefix + ("limit value" if slot[0] == "limit" else slot[0])


def entries(expr: Any) -> list[tuple[Entry, sp.Basic]]:
    """The entries of a slot's expression with their (row, column), or the scalar itself."""
    if isinstance(expr, sp.MatrixBase):
        rows, cols = expr.shape
        return [((r, c), sp.sympify(expr[r, c])) for r in range(rows) for c in range(cols)]
    return [(None, sp.sympify(expr))]


def walk(
    expr: sp.Basic, path: Path = (), parent: sp.Basic | None = None
) -> Iterator[tuple[Path, sp.Basic, Any]]:
    """Pre-order (path, node, parent) over ``expr``, args in SymPy's canonical order; indices,
    bounds and derivative variables are not descended into."""
    yield path, expr, parent
    if isinstance(expr, _OPAQUE) or not isinstance(expr, sp.Basic):
        return
    for i, arg in enumerate(expr.args):
        yield from walk(arg, (*path, i), expr)


def node_at(expr: sp.Basic, path: Path) -> tuple[sp.Basic, sp.Basic | None]:
    """The node at ``path`` and its parent; :class:`Unresolvable` where the path does not exist."""
    parent = None
    for i in path:
        if isinstance(expr, _OPAQUE) or i >= len(expr.args):
            raise Unresolvable(f"no node at path {path}")
        parent, expr = expr, expr.args[i]
    return expr, parent


def replace_at(expr: sp.Basic, path: Path, new: sp.Basic) -> sp.Basic:
    """``expr`` with the node at ``path`` replaced by ``new`` (the tree rebuilt above it)."""
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = replace_at(args[path[0]], path[1:], new)
    return expr.func(*args)


def with_entry(expr: Any, entry: Entry, new: sp.Basic) -> Any:
    """The slot's expression with one entry (or the scalar) replaced."""
    if entry is None:
        return new
    if not isinstance(expr, sp.MatrixBase) or entry[0] >= expr.shape[0] or entry[1] >= expr.shape[1]:
        raise Unresolvable(f"no entry {entry}")
    mutable = sp.Matrix(expr)
    mutable[entry] = new
    return sp.ImmutableMatrix(mutable)


def entry_of(expr: Any, entry: Entry) -> sp.Basic:
    """One entry of the slot's expression (the scalar itself for ``None``)."""
    if entry is None:
        if isinstance(expr, sp.MatrixBase):
            raise Unresolvable("a matrix where a scalar was")
        return sp.sympify(expr)
    if not isinstance(expr, sp.MatrixBase) or entry[0] >= expr.shape[0] or entry[1] >= expr.shape[1]:
        raise Unresolvable(f"no entry {entry}")
    return sp.sympify(expr[entry])


def short(expr: Any, limit: int = 70) -> str:
    """A one-line rendering cut to ``limit`` characters."""
    text = sp.sstr(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"
