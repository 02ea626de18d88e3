"""What the benchmark scripts share: a command timed as a fresh process, and the import floor."""

from __future__ import annotations

import subprocess
import time

#: The baseline every figure is a ratio of: a fresh interpreter importing SymPy and NumPy.
FLOOR = "import sympy, numpy"


def timed(argv: list[str]) -> tuple[float, str]:
    """Wall seconds of ``argv`` run as a fresh process, and its stdout; a command that fails
    (any status but 0, 1 and 3, the verdicts') stops the benchmark with its stderr."""
    started = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    return elapsed, proc.stdout
