"""Picking one site of one operator in a catalogue derivation, for the tests."""

from __future__ import annotations

from typing import Any

import sympy as sp

import derivations
from benchmarks.mutation.generate import Mutant, all_sites, base_general, base_proof, mutant_of
from benchmarks.mutation.operators import Site
from benchmarks.mutation.tree import Chain, entry_of, get_slot


def pick(
    name: str, op: str, where: str | None = None, contains: str = "", nth: int = 0
) -> tuple[Site, Mutant]:
    """The ``nth`` site of ``op`` in derivation ``name`` at ``where`` whose description has
    ``contains``, and its mutant."""
    d = derivations.get(name)
    found = [
        (k, s)
        for k, s in enumerate(all_sites(d, op))
        if (where is None or s.where == where) and contains in s.detail
    ]
    assert len(found) > nth, f"no such site of {op} in {name}"
    k, site = found[nth]
    return site, mutant_of(d, site, k)


def chains(m: Mutant, n: int | None = None) -> tuple[Chain, Chain]:
    """The original chain and the mutant's, at size ``n`` (the smallest by default) or all-n."""
    d = derivations.get(m.family)
    if m.part == "general":
        assert m.derivation.general is not None
        return base_general(d), m.derivation.general()
    size = d.sizes[0] if n is None else n
    return base_proof(d, size), m.derivation.build(size)


def entry_before_after(site: Site, m: Mutant, n: int | None = None) -> tuple[Any, Any]:
    """The site's entry in the original and in the mutant."""
    old, new = chains(m, n)
    return entry_of(get_slot(old, site.slot), site.entry), entry_of(get_slot(new, site.slot), site.entry)


def count(expr: sp.Basic, atom: sp.Basic) -> int:
    """How many times ``atom`` occurs in ``expr``."""
    return list(sp.preorder_traversal(expr)).count(atom)
