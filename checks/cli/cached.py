"""The result cache in a ``verify-derivations`` run: answer from it, and keep what a run finished."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checks.cache.catalogue import Unit, cached_catalogue, units
from checks.cache.codec import FINISHED
from checks.cache.store import Slot, Store
from checks.model.result import DerivationResult

if TYPE_CHECKING:
    from checks.model import Derivation


@dataclass(frozen=True)
class Cache:
    """The store, and the catalogue's modules with their keys. The keys are computed from the
    sources before any derivation is imported, so that a module edited during a run has its
    results kept under the key of the source read first (which then no longer matches), never
    the other way round."""

    store: Store
    units: tuple[Unit, ...]


def open_cache(store: Store | None, opts: dict[str, Any]) -> Cache | None:
    """The cache of a run with options ``opts``, or None without a store."""
    return None if store is None else Cache(store, tuple(units(opts) or ()))


def answer(cache: Cache, targets: Sequence[str]) -> list[Slot] | None:
    """The slots of the whole run, every one holding a result, from the cache alone (nothing
    imports SymPy or a derivation); None unless the cache holds all of them. Files are never
    answered from the cache: a file may import or read anything, which no key can see."""
    from checks.cli.loader import is_file_target

    if any(is_file_target(t) for t in targets):
        return None
    slots = cached_catalogue(cache.store, cache.units)
    if slots is None:
        return None
    if targets:
        by_name: dict[str, Slot] = {}
        for slot in slots:
            by_name.setdefault(slot.name, slot)  # (the first of a name, as derivations.get)
        picked = [by_name.get(t) for t in targets]
        if any(s is None for s in picked):
            return None
        slots = [s for s in picked if s is not None]
    return slots if all(s.result is not None for s in slots) else None


def _module_derivations(unit: Unit) -> tuple[Derivation, ...]:
    return tuple(importlib.import_module(f"derivations.{unit.module}").DERIVATIONS)


def _source_file(d: Derivation) -> str | None:
    try:
        return inspect.getsourcefile(d.build)
    except TypeError:
        return None


class Partial:
    """A run that imported its derivations: the cached results of the catalogue's, and, after
    the run, each module's entry rewritten with what is finished."""

    def __init__(self, cache: Cache, keep_counterexamples: bool = True) -> None:
        self.store = cache.store
        self.units = cache.units
        self.keep_counterexamples = keep_counterexamples
        self._members: dict[str, tuple[Derivation, ...]] = {}
        self._cached: dict[str, list[Slot] | None] = {}

    def _members_of(self, unit: Unit) -> tuple[Derivation, ...]:
        if unit.module not in self._members:
            self._members[unit.module] = _module_derivations(unit)
            entry = self.store.read(unit.key)
            names = [(d.name, d.exercise) for d in self._members[unit.module]]
            # An entry that does not list the module's derivations is not trusted.
            valid = entry is not None and [(s.name, s.exercise) for s in entry] == names
            self._cached[unit.module] = entry if valid else None
        return self._members[unit.module]

    def _unit_of(self, d: Derivation) -> tuple[Unit, int] | None:
        for unit in self.units:
            for position, member in enumerate(self._members_of(unit)):
                if member is d:
                    return unit, position
        return None

    def known(self, chosen: Sequence[tuple[Derivation, str]]) -> dict[int, DerivationResult]:
        """The cached result of each chosen catalogue derivation that has one, by index."""
        from checks.cli.loader import is_file_target

        found = {}
        for index, (d, target) in enumerate(chosen):
            place = None if is_file_target(target) else self._unit_of(d)
            if place is None:
                continue
            entry = self._cached[place[0].module]
            result = entry[place[1]].result if entry is not None else None
            if result is not None and (self.keep_counterexamples or result.counterexample is None):
                found[index] = result
        return found

    def save(self, chosen: Sequence[tuple[Derivation, str]], results: Mapping[int, DerivationResult]) -> None:
        """Rewrite the entry of every catalogue module: its cached finished results and this
        run's, and the names of the rest (so that a later run by name finds them)."""
        from checks.cli.loader import is_file_target

        fresh: dict[int, DerivationResult] = {}
        for index, (d, target) in enumerate(chosen):
            if not is_file_target(target) and results[index].verdict in FINISHED:
                fresh[id(d)] = results[index]
        for unit in self.units:
            members = self._members_of(unit)
            entry = self._cached[unit.module]
            slots = [
                Slot(
                    d.name,
                    d.exercise,
                    _source_file(d),
                    fresh.get(id(d)) or (entry[i].result if entry else None),
                )
                for i, d in enumerate(members)
            ]
            if entry is None or _changed(slots, entry):
                self.store.write(unit.key, unit.module, slots)
                self._cached[unit.module] = slots


def _changed(new: Iterable[Slot], old: Iterable[Slot]) -> bool:
    return any(
        (n.result is None) != (o.result is None) or n.file != o.file for n, o in zip(new, old, strict=True)
    )
