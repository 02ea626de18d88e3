"""Where a derivation is defined: the file and line a CI annotation points at."""

from __future__ import annotations

import ast
import functools
import inspect
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (a cached run places its results without importing the model)
    from checks.model import Derivation


@functools.lru_cache(maxsize=64)
def _calls_naming(path: str, mtime: float) -> dict[str, int]:
    """Each name given to a call in ``path`` (as its first argument or ``name=``) and the line of
    the first such call: ``Derivation("mine", …)``, ``Derivation(name="mine", …)``, ``_d("mine", …)``."""
    try:
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return {}
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        given = [node.args[0]] if node.args else []
        given += [k.value for k in node.keywords if k.arg == "name"]
        for value in given:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found[value.value] = min(found.get(value.value, node.lineno), node.lineno)
    return found


def definition_line(path: str, name: str) -> int | None:
    """The line of the call that defines the derivation ``name`` in ``path``, if one names it."""
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        return None
    return _calls_naming(path, mtime).get(name)


def _in_working_folder(path: str) -> str | None:
    """``path`` relative to the working folder (where CI runs, at the repository's top), or None
    for a file outside it, which an annotation cannot point at."""
    relative = os.path.relpath(os.path.abspath(path))
    return None if relative.startswith(os.pardir) else relative


def where(derivation: Derivation, target: str) -> tuple[str | None, int | None]:
    """The file (relative to the working folder) and line where ``derivation`` is defined:
    ``target`` itself for a derivation file, else the module of its ``build`` function."""
    from checks.cli.loader import is_file_target

    if is_file_target(target):
        path: str | None = target
    else:
        try:
            path = inspect.getsourcefile(derivation.build)
        except TypeError:
            path = None
    return place(path, derivation.name)


def place(path: str | None, name: str) -> tuple[str | None, int | None]:
    """The file ``path`` relative to the working folder and the line that defines ``name`` in it;
    ``(None, None)`` for no file, one outside the working folder, or one that is gone (a cached
    result may name where its derivation was defined when it was checked)."""
    shown = _in_working_folder(path) if path and os.path.isfile(path) else None
    if shown is None or path is None:
        return None, None
    return shown, definition_line(path, name)
