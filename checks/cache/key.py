"""Cache keys: sha256 over a canonical JSON of a module's sources, the engine, the versions and the options.

Nothing here imports SymPy, NumPy or a derivation module: sources are read as bytes and versions
from the installed packages' metadata.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

#: Bumped whenever what a key covers or what an entry holds changes.
FORMAT = 1

#: The distributions whose versions decide a result (the project's own first).
DISTRIBUTIONS = ("softmax-derivations", "sympy", "numpy", "mpmath")


def digest(data: bytes) -> str:
    """The sha256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def canonical_key(inputs: Any) -> str:
    """The sha256 of ``inputs`` written as canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return digest(text.encode("ascii"))


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def tree_digest(root: Path) -> str:
    """One sha256 over every ``*.py`` under ``root``: each relative path and its bytes."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix().encode("utf-8")
        data = path.read_bytes()
        h.update(len(rel).to_bytes(8, "big") + rel + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def environment() -> dict[str, str]:
    """What every result depends on besides its module and the options: the engine's sources,
    the versions of the project, SymPy, NumPy, mpmath and Python, and the platform."""
    import checks

    engine = Path(checks.__file__).resolve().parent
    machine = os.uname().machine if hasattr(os, "uname") else ""
    return {
        "engine": tree_digest(engine),
        **{f"version:{d}": _version(d) for d in DISTRIBUTIONS},
        "python": sys.version,
        "implementation": sys.implementation.cache_tag or sys.implementation.name,
        "platform": f"{sys.platform}/{machine}",
    }


def options(seed: int, samples: int, timeout: float) -> dict[str, Any]:
    """The run's options that decide a result, as key inputs."""
    return {"seed": seed, "samples": samples, "timeout": repr(float(timeout))}


def module_key(
    module: str,
    source: bytes,
    shared: dict[str, str],
    opts: dict[str, Any],
    env: dict[str, str] | None = None,
) -> str:
    """The key of a catalogue module: its name and source, the digests of the modules it may
    import from the package (``shared``), the environment and the options."""
    return canonical_key(
        {
            "format": FORMAT,
            "module": module,
            "source": digest(source),
            "shared": shared,
            "environment": environment() if env is None else env,
            "options": opts,
        }
    )
