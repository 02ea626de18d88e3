"""Benchmark: the catalogue answered from a warm result cache, against the import floor and a cold run.

Run: ``python benchmarks/bench_cache.py [--repeat 5] [--json]``. In one run, each in a fresh
interpreter: the import floor (``python -c "import sympy, numpy"``, the least of the repeats),
the catalogue cold (``verify-derivations`` with an empty cache directory, once: it fills the
cache) and warm (the same directory, the least of the repeats). Wall times of the subprocess, so
Python's start-up counts; the ratios hold on a shared, noisy machine. Target: warm <= 0.5x floor.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the root holds benchmarks
from benchmarks.timing import timed

FLOOR = "import sympy, numpy"
TARGET = 0.5


def _catalogue(cache_dir: str) -> list[str]:
    return [sys.executable, "-m", "checks", "--format", "json", "--cache-dir", cache_dir]


_time = timed


def measure(repeat: int) -> dict[str, float | int | bool]:
    """The three wall times and their ratios; the warm run's report must equal the cold one's."""
    floor = min(_time([sys.executable, "-c", FLOOR])[0] for _ in range(repeat))
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache_dir:
        cold, cold_out = _time(_catalogue(cache_dir))
        warm_runs = [_time(_catalogue(cache_dir)) for _ in range(repeat)]
    warm = min(t for t, _ in warm_runs)
    same = all(json.loads(out)["derivations"] == json.loads(cold_out)["derivations"] for _, out in warm_runs)
    return {
        "floor_seconds": round(floor, 4),
        "cold_seconds": round(cold, 4),
        "warm_seconds": round(warm, 4),
        "warm_over_floor": round(warm / floor, 3),
        "cold_over_floor": round(cold / floor, 3),
        "derivations": len(json.loads(cold_out)["derivations"]),
        "warm_report_equals_cold": same,
        "repeat": repeat,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    figures = measure(args.repeat)
    if args.json:
        sys.stdout.write(json.dumps(figures) + "\n")
        return
    floor, cold, warm = figures["floor_seconds"], figures["cold_seconds"], figures["warm_seconds"]
    cold_ratio, warm_ratio = figures["cold_over_floor"], figures["warm_over_floor"]
    lines = [
        f"import floor (python -c '{FLOOR}'):  {floor:6.3f} s  (least of {args.repeat})",
        f"catalogue, cold (empty cache):        {cold:6.3f} s  = {cold_ratio:5.2f}x the floor",
        f"catalogue, warm (same cache):         {warm:6.3f} s  = {warm_ratio:5.2f}x the floor "
        f"(target <= {TARGET}x; least of {args.repeat})",
        f"{figures['derivations']} derivations; the warm report equals the cold one: "
        f"{figures['warm_report_equals_cold']}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
