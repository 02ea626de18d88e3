"""Load the derivations a user defines in their own ``.py`` file."""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import os
import sys
from typing import TYPE_CHECKING

from checks.errors import UsageError

if TYPE_CHECKING:  # (telling a file from a name must not import the model: see checks.cli.cached)
    from checks.model import Derivation

_counter = itertools.count()


def is_file_target(target: str) -> bool:
    """A target naming a ``.py`` file or an existing path is a file, not a catalogue name."""
    return target.endswith(".py") or os.sep in target or os.path.exists(target)


def load_file(path: str) -> tuple[Derivation, ...]:
    """The :class:`Derivation` objects defined at the top level of ``path``.

    A file that is missing, does not import, or defines no derivation raises
    :class:`UsageError` with one line naming the file and the problem.
    """
    from checks.model import Derivation

    if not os.path.isfile(path):
        raise UsageError(f"no such file: {path!r}")
    if not path.endswith(".py"):
        raise UsageError(f"{path!r} is not a Python file (.py)")
    module_name = f"_user_derivations_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise UsageError(f"cannot load {path!r} as a Python module")
    module = importlib.util.module_from_spec(spec)
    # Registered while it runs: dataclasses and pickling look the module up by name.
    sys.modules[module_name] = module
    try:
        # What the file prints goes to stderr: stdout carries the report (JSON, JUnit) alone.
        with contextlib.redirect_stdout(sys.stderr):
            spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise UsageError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise UsageError(f"{path}: does not import: {type(exc).__name__}: {exc}") from None
    finally:
        sys.modules.pop(module_name, None)
    found: list[Derivation] = []
    for value in vars(module).values():
        items = value if isinstance(value, tuple | list) else (value,)
        for item in items:
            # The same object seen twice is one derivation; two that merely compare equal
            # (equality ignores build) are two, and must not hide each other.
            if isinstance(item, Derivation) and all(item is not f for f in found):
                found.append(item)
    if not found:
        raise UsageError(f"{path}: defines no derivation (no top-level checks.Derivation object)")
    names = [d.name for d in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(f"{path}: two derivations are named {twice[0]!r}; give each its own name")
    return tuple(found)
