"""Where entries live and how they are read and written: one JSON file per key, replaced atomically."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.cache.codec import FINISHED, Invalid, result_from_json, result_to_json
from checks.cache.key import FORMAT
from checks.errors import UsageError
from checks.model.result import DerivationResult

#: The environment variable that names the cache directory (``--cache-dir`` wins over it).
ENV_VAR = "VERIFY_DERIVATIONS_CACHE_DIR"

#: The application's name under the user's cache directory (``platformdirs``).
APP = "softmax-derivations"


@dataclass(frozen=True)
class Slot:
    """One derivation of a module, in the module's order: its result, if a finished one is kept.
    ``file`` is where its builder is defined (for annotations that point at it)."""

    name: str
    exercise: str
    file: str | None
    result: DerivationResult | None


def default_dir() -> Path:
    """The user's cache directory for the results (``~/.cache/softmax-derivations/results`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP)) / "results"


class Store:
    """The entries under ``root``, one ``<key>.json`` each."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def read(self, key: str) -> list[Slot] | None:
        """The slots kept under ``key``; None for a missing entry and for one that is not
        exactly what :meth:`write` writes for this key (garbage, truncated, another key's,
        another format's, a field of the wrong type, an unfinished verdict): never trusted."""
        try:
            data = json.loads(self.path(key).read_bytes())
            return _slots(data, key)
        except (OSError, ValueError, RecursionError):  # (Invalid and JSON errors are ValueErrors)
            return None

    def write(self, key: str, module: str, slots: list[Slot]) -> None:
        """Keep ``slots`` under ``key``: written to a temporary file, then moved over the entry, so
        a reader sees the old entry or the new one, never half of one. Unfinished results are
        left out; a cache that cannot be written is skipped (the run's results stand)."""
        entry = {
            "format": FORMAT,
            "key": key,
            "module": module,
            "derivations": [_slot_json(s) for s in slots],
        }
        tmp = self.root / f".{key}.{os.getpid()}.tmp"
        try:
            tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path(key))
        except OSError:
            tmp.unlink(missing_ok=True)


def _slot_json(s: Slot) -> dict[str, Any]:
    kept = s.result is not None and s.result.verdict in FINISHED
    return {
        "name": s.name,
        "exercise": s.exercise,
        "file": s.file,
        "result": result_to_json(s.result) if kept and s.result is not None else None,
    }


def _slots(data: Any, key: str) -> list[Slot]:
    if not isinstance(data, dict) or set(data) != {"format", "key", "module", "derivations"}:
        raise Invalid("not a cache entry")
    if data["format"] != FORMAT or data["key"] != key or not isinstance(data["derivations"], list):
        raise Invalid("an entry of another format or another key")
    slots = []
    for item in data["derivations"]:
        if not isinstance(item, dict) or set(item) != {"name", "exercise", "file", "result"}:
            raise Invalid("not a derivation's slot")
        name, exercise, file = item["name"], item["exercise"], item["file"]
        if not isinstance(name, str) or not isinstance(exercise, str):
            raise Invalid("a slot's name and exercise are strings")
        if file is not None and not isinstance(file, str):
            raise Invalid("a slot's file is a string")
        result = None if item["result"] is None else result_from_json(item["result"])
        if result is not None and (result.name, result.exercise) != (name, exercise):
            raise Invalid("a slot holds another derivation's result")
        slots.append(Slot(name, exercise, file, result))
    return slots


def open_store(cache_dir: str | None, enabled: bool = True) -> tuple[Store | None, str | None]:
    """The store to use and a warning to show, if any. ``cache_dir`` (``--cache-dir``) wins over
    :data:`ENV_VAR`, which wins over the user's cache directory. A directory that was asked for
    and cannot be used is bad input (:class:`UsageError`); the default one that cannot be used
    leaves the run uncached, with a warning."""
    if not enabled:
        return None, None
    asked = cache_dir if cache_dir is not None else os.environ.get(ENV_VAR) or None
    root = Path(asked).expanduser() if asked is not None else default_dir()
    problem = "an empty path" if asked is not None and not asked.strip() else _unusable(root)
    if problem is None:
        return Store(root), None
    if asked is not None:
        origin = "--cache-dir" if cache_dir is not None else ENV_VAR
        raise UsageError(f"cannot use the cache directory {asked!r} ({origin}): {problem}")
    return None, f"the cache directory {str(root)!r} cannot be used ({problem}); running without a cache"


def _unusable(root: Path) -> str | None:
    """Why ``root`` cannot hold entries, or None; creates it when missing."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "it is a file, not a directory"
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    if not os.access(root, os.W_OK | os.X_OK):
        return "it is not writable"
    return None
