"""Benchmark: a generated document of 30 chains checked end to end, against the import floor
and the same document checked in one process (no child processes), in the same run.

Run: ``python benchmarks/bench_documents.py [--repeat 3] [--jobs N]``. The document mixes what
a textbook chapter on softmax regression writes (the softmax sums to one, the cross-entropy
rewrite over q classes and its derivative, Jacobian entries for every q and at a fixed size,
a sigmoid derivative in nine lines, two classes, an inequality, and one wrong line in each of
its three rounds); each chain is written with its own letters so that no two chains are the
same expressions. Printed: the wall time of ``verify-derivations DOC.md`` (cold, in a fresh
interpreter), per chain, and its ratio to the import floor ``python -c "import sympy, numpy"``,
with the CPU seconds of each (steadier than wall time on a shared machine); the target is ≤ 3 s
on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = "import sympy, numpy"
CHAINS = 30

#: One template per kind of chain; {o} a logits letter, {x} a scalar, {q} a size symbol, {n} a size.
TEMPLATES = (
    r"$$ \sum_{{j=1}}^{{{q}}} \frac{{e^{{{o}_j}}}}{{\sum_{{k=1}}^{{{q}}} e^{{{o}_k}}}} = 1 $$",
    r"""$$
\begin{{aligned}}
-\sum_{{k=1}}^{{{q}}} y_k \log \operatorname{{softmax}}({o})_k
  &= -\sum_{{k=1}}^{{{q}}} y_k \left({o}_k - \log \sum_{{m=1}}^{{{q}}} e^{{{o}_m}}\right) \\
  &= \log \sum_{{k=1}}^{{{q}}} e^{{{o}_k}} - \sum_{{k=1}}^{{{q}}} y_k {o}_k
\end{{aligned}}
$$""",
    r"$$ \frac{{\partial}}{{\partial {o}_j}} "
    r"\left(\log \sum_{{k=1}}^{{{q}}} e^{{{o}_k}} - \sum_{{k=1}}^{{{q}}} y_k {o}_k\right) "
    r"= \operatorname{{softmax}}({o})_j - y_j $$",
    r"""$$
\begin{{aligned}}
\frac{{\partial}}{{\partial {o}_j}} \operatorname{{softmax}}({o})_i
  &= \operatorname{{softmax}}({o})_i \delta_{{ij}}
     - \operatorname{{softmax}}({o})_i \operatorname{{softmax}}({o})_j \\
  &= \operatorname{{softmax}}({o})_i (\delta_{{ij}} - \operatorname{{softmax}}({o})_j)
\end{{aligned}}
$$""",
    r"$$ \frac{{\partial}}{{\partial {o}_2}} \operatorname{{softmax}}({o})_1 "
    r"= -\operatorname{{softmax}}({o})_1 \operatorname{{softmax}}({o})_2 $$",
    r"""$$
\begin{{aligned}}
\frac{{d}}{{d{x}}} \sigma({x}) &= \frac{{d}}{{d{x}}} \left(1 + e^{{-{x}}}\right)^{{-1}} \\
  &= -\left(1 + e^{{-{x}}}\right)^{{-2}} \frac{{d}}{{d{x}}} \left(1 + e^{{-{x}}}\right) \\
  &= -\left(1 + e^{{-{x}}}\right)^{{-2}} \cdot \left(-e^{{-{x}}}\right) \\
  &= \frac{{e^{{-{x}}}}}{{\left(1 + e^{{-{x}}}\right)^2}} \\
  &= \frac{{1}}{{1 + e^{{-{x}}}}} \cdot \frac{{e^{{-{x}}}}}{{1 + e^{{-{x}}}}} \\
  &= \sigma({x}) \frac{{e^{{-{x}}}}}{{1 + e^{{-{x}}}}} \\
  &= \sigma({x}) \frac{{1 + e^{{-{x}}} - 1}}{{1 + e^{{-{x}}}}} \\
  &= \sigma({x}) \left(1 - \frac{{1}}{{1 + e^{{-{x}}}}}\right) \\
  &= \sigma({x}) \left(1 - \sigma({x})\right)
\end{{aligned}}
$$""",
    r"$$ \frac{{e^{{{o}_2}}}}{{e^{{{o}_1}} + e^{{{o}_2}}}} = \frac{{1}}{{1 + e^{{{o}_1 - {o}_2}}}} "
    r"= \sigma({o}_2 - {o}_1) $$",
    r"$$ \log \sum_{{k=1}}^{{{n}}} e^{{{o}_k + {x}}} = {x} + \log \sum_{{k=1}}^{{{n}}} e^{{{o}_k}} $$",
    r"$$ 0 < \operatorname{{softmax}}({o})_1 \le 1 $$",
    r"$$ \frac{{d}}{{d{x}}} \sigma({x}) = \sigma({x}) (1 + \sigma({x})) $$",
)
LETTERS = (("o", "x", "q", 3), ("z", "t", "K", 4), ("w", "u", "C", 5))


def document() -> str:
    """The 30 chains, three rounds of the ten templates with their own letters and sizes."""
    parts = ["# A generated chapter\n"]
    for round_ in range(CHAINS // len(TEMPLATES)):
        o, x, q, n = LETTERS[round_]
        names = f"{o}: logits, {x}: real" + (", y: labels" if round_ == 0 else "")
        parts.append(f"<!-- verify: {names} -->\n")
        for template in TEMPLATES:
            parts.append(template.format(o=o, x=x, q=q, n=n) + "\n")
    return "\n".join(parts)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(argv: list[str]) -> tuple[float, str, float]:
    """Wall seconds, the output, and the CPU seconds of the command and its child processes
    (the wall time of a shared machine drifts with its load; the CPU time much less)."""
    cpu, started = _cpu(), time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    return elapsed, proc.stdout, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--jobs", type=int, default=None, help="--jobs of the end-to-end run (default: its own)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chapter.md"
        path.write_text(document())
        command = [sys.executable, "-m", "checks.cli", str(path), "--format", "json"]
        jobs = ["--jobs", str(args.jobs)] if args.jobs is not None else []
        floors = [_time([sys.executable, "-c", FLOOR]) for _ in range(args.repeat)]
        runs = [_time(command + jobs) for _ in range(args.repeat)]
        here = [_time([*command, "--jobs", "0"]) for _ in range(args.repeat)]
    floor = statistics.median(t for t, _, _ in floors)
    wall = statistics.median(t for t, _, _ in runs)
    cpu = statistics.median(c for _, _, c in runs)
    summary = json.loads(runs[0][1])["summary"]
    chains = sum(len(b["chains"]) for d in json.loads(runs[0][1])["documents"] for b in d["blocks"])
    links = sum(summary[k] for k in ("verified", "refuted", "inconclusive", "skipped"))
    floor_cpu = statistics.median(c for _, _, c in floors)
    print(
        f"import floor (python -c '{FLOOR}'):  {floor:.2f} s, {floor_cpu:.2f} s CPU (median of {args.repeat})"
    )
    print(
        f"document of {chains} chains, {links} links (verify-derivations chapter.md):  {wall:.2f} s "
        f"= {wall / chains * 1000:.0f} ms per chain = {wall / floor:.1f}× the import floor; {cpu:.2f} s CPU "
        "(target ≤ 3 s on 2 cores)"
    )
    print(
        f"  the same in one process (--jobs 0):  {statistics.median(t for t, _, _ in here):.2f} s, "
        f"{statistics.median(c for _, _, c in here):.2f} s CPU"
    )
    print(
        f"  verdicts: {summary['verified']} verified, {summary['refuted']} refuted, "
        f"{summary['inconclusive']} inconclusive, {summary['skipped']} skipped"
    )


if __name__ == "__main__":
    main()
