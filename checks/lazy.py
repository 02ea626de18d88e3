"""Lazy re-exports: a package's public names imported on first use, not with the package.

A command that needs none of them (a run answered from the result cache) then never imports
SymPy: ``import checks.model.result`` runs ``checks/__init__.py`` and
``checks/model/__init__.py`` first, and those would otherwise import the whole engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def export(name: str, table: Mapping[str, str], namespace: dict[str, Any], package: str) -> Any:
    """The public ``name`` of ``package``, imported from its module in ``table`` on first use
    and kept in the package's ``namespace``; AttributeError for any other name."""
    if name not in table:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(table[name]), name)
    namespace[name] = value
    return value
