"""The catalogue's modules keyed without importing them, and their cached results in catalogue order."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.cache.key import digest, module_key
from checks.cache.store import Slot, Store

#: Besides ``*.py`` files, what the package directory may hold and still be keyed: anything else
#: (a subpackage, a compiled module, a stray file) could change what an import loads.
_HARMLESS = frozenset({"__pycache__", "py.typed"})

#: Words that say a module may import a module whose name it does not spell: it then depends
#: on every module of the package.
_DYNAMIC = (b"import_module", b"__import__", b"exec(", b"eval(", b"importlib", b"pkgutil")


@dataclass(frozen=True)
class Unit:
    """One catalogue module (``derivations.<module>``) and the key of its results."""

    module: str
    key: str


def package_dir() -> Path | None:
    """The directory ``import derivations`` loads from (found, not imported)."""
    spec = importlib.util.find_spec("derivations")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) if len(locations) == 1 else None


def _sources(root: Path) -> dict[str, bytes] | None:
    """Each module of the package and its source; None when the directory holds anything an
    import could load that is not a plain ``.py`` file."""
    try:
        entries = os.listdir(root)
        sources = {}
        for entry in entries:
            if entry in _HARMLESS:
                continue
            stem = entry[:-3]
            if not entry.endswith(".py") or not stem.isidentifier() or not (root / entry).is_file():
                return None
            sources[stem] = (root / entry).read_bytes()
    except OSError:
        return None
    return sources


def units(opts: dict[str, Any], root: Path | None = None) -> list[Unit] | None:
    """Every catalogue module in the order ``derivations.all()`` reads them (by name), each with
    its key; None when the catalogue cannot be keyed. A module's key covers its source, every
    module of the package whose name starts with ``_`` (helpers, ``__init__``), and every other
    catalogue module whose name its source mentions (all of them if it imports dynamically)."""
    root = root if root is not None else package_dir()
    sources = _sources(root) if root is not None else None
    if sources is None:
        return None
    exercises = sorted(name for name in sources if not name.startswith("_"))
    helpers = {name: digest(src) for name, src in sources.items() if name.startswith("_")}
    found = []
    for name in exercises:
        text = sources[name]
        dynamic = any(word in text for word in _DYNAMIC)
        shared = dict(helpers)
        for other in exercises:
            if other != name and (dynamic or other.encode() in text):
                shared[other] = digest(sources[other])
        found.append(Unit(name, module_key(name, text, shared, opts)))
    return found


def catalogue_order(slots: Sequence[Slot]) -> list[Slot]:
    """The slots of every module (in module order) as ``derivations.all()`` orders derivations:
    by exercise, ties in the order read."""
    return sorted(slots, key=lambda s: s.exercise)


def cached_catalogue(store: Store, found: Sequence[Unit]) -> list[Slot] | None:
    """Every derivation of the catalogue (its modules ``found`` by :func:`units`) in catalogue
    order, from the entries alone; None unless every module has an entry."""
    if not found:
        return None
    slots: list[Slot] = []
    for unit in found:
        entry = store.read(unit.key)
        if entry is None:
            return None
        slots.extend(entry)
    return catalogue_order(slots)
