"""Benchmark: the whole catalogue, cold, against the import floor and the naive per-step simplify.

Run: ``python benchmarks/bench_catalogue.py [--repeat 3]``. All three are timed in the same run,
each in a fresh interpreter, so the ratios hold even on a shared, noisy machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

FLOOR = "import sympy, numpy"
CATALOGUE = "import sys; from checks.cli import main; sys.exit(main(['--format', 'json', '--no-cache']))"

#: The naive approach: one sympy.simplify(previous - step) == 0 per equality step, per size.
NAIVE = r"""
import json, time, sympy as sp
import derivations
from checks.prove.symbolic import evaluate_definitions
started = time.perf_counter()
proved = total = 0
for d in derivations.all():
    for n in d.sizes:
        proof = d.build(n)
        exprs = [evaluate_definitions(e) for e in [proof.start] + [s.expr for s in proof.all_steps]]
        main = len(proof.steps)
        for k, step in enumerate(proof.all_steps, start=1):
            prev = exprs[0] if k in (1, main + 1) else exprs[k - 1]
            total += 1
            if step.rel != "=":
                continue
            diff = prev - exprs[k]
            entries = list(diff) if isinstance(diff, sp.MatrixBase) else [diff]
            proved += all(sp.simplify(e) == 0 for e in entries)
print(json.dumps({"proved": proved, "steps": total, "seconds": time.perf_counter() - started}))
"""


def _time(code: str) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    return elapsed, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true", help="skip the (slow) naive baseline")
    args = parser.parse_args()

    floor = statistics.median(_time(FLOOR)[0] for _ in range(args.repeat))
    runs = [_time(CATALOGUE) for _ in range(args.repeat)]
    cold = statistics.median(t for t, _ in runs)
    summary = json.loads(runs[0][1])["summary"]
    lines = [
        f"import floor (python -c '{FLOOR}'):  {floor:6.2f} s  (median of {args.repeat})",
        f"catalogue, cold (verify-derivations):  {cold:6.2f} s  = {cold / floor:4.1f}× the import floor "
        f"(target ≤ 8×); {summary['verified']} verified, {summary['refuted']} refuted, "
        f"{summary['inconclusive']} inconclusive",
    ]
    if not args.skip_naive:
        naive_wall, out = _time(NAIVE)
        naive = json.loads(out.strip().splitlines()[-1])
        lines.append(
            f"naive per-step simplify, cold:          {naive_wall:6.2f} s  = {naive_wall / cold:4.1f}× "
            f"the engine; proves {naive['proved']} of {naive['steps']} steps (no inequalities, "
            f"limits or numeric cross-check)"
        )
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
