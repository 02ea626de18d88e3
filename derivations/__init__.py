"""The catalogue: one module per exercise of EXERCISES.md, each a tuple of Derivation objects.

Examples
--------
>>> import derivations
>>> d = derivations.get("softmax_jacobian")
>>> d.exercise
'E03'
>>> "softmax_jacobian" in [x.name for x in derivations.all()]
True
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from types import ModuleType

from checks.errors import UsageError
from checks.model import Derivation


def _module_names() -> list[str]:
    """Every public module of this package: each catalogue module exposes ``DERIVATIONS``."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def _modules() -> list[ModuleType]:
    return [importlib.import_module(f"derivations.{name}") for name in _module_names()]


def all() -> tuple[Derivation, ...]:
    """Every derivation in the catalogue, in exercise order."""
    found: list[Derivation] = []
    for module in _modules():
        found.extend(module.DERIVATIONS)
    order = {id(d): i for i, d in enumerate(found)}
    return tuple(sorted(found, key=lambda d: (d.exercise, order[id(d)])))


def names() -> tuple[str, ...]:
    """The names of every derivation in the catalogue."""
    return tuple(d.name for d in all())


def get(name: str) -> Derivation:
    """The derivation called ``name``; an unknown name raises ``UsageError`` with the close
    matches."""
    for d in all():
        if d.name == name:
            return d
    close = difflib.get_close_matches(name, names(), n=4, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; run 'verify-derivations list'"
    raise UsageError(f"unknown derivation {name!r}{hint}")


def __getattr__(name: str) -> Derivation:
    try:
        return get(name)
    except UsageError as exc:
        raise AttributeError(str(exc)) from None
