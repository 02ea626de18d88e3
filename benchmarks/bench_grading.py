"""Benchmark: batch grading of a class's 500 answers with ``--jobs 1`` and ``--jobs 2``, in one run.

Run: ``python benchmarks/bench_grading.py [--claims 500] [--repeat 1]``. The batch is what a class
of a hundred students hands in: answers to catalogue results (right and wrong, in SymPy spelling
and LaTeX, many identical and some differing only in spacing) and free claims drawn from
``benchmarks/claims.jsonl`` and ``benchmarks/true_claims.jsonl``, repeated as often as a popular
answer is. Each run is a fresh ``verify-derivations check --file`` process; the baseline is the
import floor (``python -c "import sympy, numpy"``) timed in the same run, and every figure is
printed with its ratio to it. A claim that runs to the time limit bounds the wall time however
fast the rest is, so the batch is graded again without the claims whose proof did.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the root holds benchmarks
from benchmarks.timing import timed
from checks.claims.check import PROOF_SHARE

HERE = Path(__file__).resolve().parent
FLOOR = "import sympy, numpy"
#: The CLI's default seconds per claim.
TIMEOUT = 10.0

#: Answers to catalogue results as students write them: (result, answer); the popular ones first.
ANSWERS = [
    ("E03.off_diagonal", "-softmax(x)[0]*softmax(x)[1]"),
    ("E03.off_diagonal", "-s_{0} s_{1}"),
    ("E03.off_diagonal", "-s_{0}  s_{1}"),
    ("E03.off_diagonal", "- s_{0} s_{1}"),
    ("E03.off_diagonal", "s_{0}(1 - s_{1})"),
    ("E03.off_diagonal", "softmax(x)[0]*(1 - softmax(x)[1])"),
    ("E03.diagonal", "softmax(x)[0]*(1 - softmax(x)[0])"),
    ("E03.diagonal", "s_{0}(1 - s_{0})"),
    ("E03.diagonal", "s_0 - s_0^2"),
    ("E03.diagonal", "softmax(x)[0]**2"),
    ("E03.entry", r"\delta_{ij} s_i - s_i s_j"),
    ("E03.entry", "softmax(x)[i]*(KroneckerDelta(i, j) - softmax(x)[j])"),
    ("E03.entry", "softmax(x)[i]"),
    ("E04.derivative", "sigmoid(z)*(1 - sigmoid(z))"),
    ("E04.derivative", r"\sigma(z)(1 - \sigma(z))"),
    ("E04.derivative", "sigmoid(z)**2"),
    ("E02.two_class", "sigmoid(z[1] - z[0])"),
    ("E02.two_class", "sigmoid(z[0] - z[1])"),
    ("E05.gradient", "softmax(x)[j] - y[j]"),
    ("E05.gradient", "y[j] - softmax(x)[j]"),
    ("E08.gradient", "softmax(x)[j]"),
    ("E08.gradient", "exp(x[j])/(exp(x[0]) + exp(x[1]) + exp(x[2]))"),
    ("E15.parameter_count", r"(D_x + 1) \cdot H + (H + 1) D_{y}"),
    ("E15.parameter_count", r"(D_{x} + 1) H"),
    ("E15.parameter_count", "D_x*H + H*D_y"),
]


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _free_claims(rng: random.Random) -> list[dict[str, object]]:
    """A pool of free claims: a sample of both corpora, each with its declarations."""
    pool = _lines(HERE / "claims.jsonl") + _lines(HERE / "true_claims.jsonl")
    chosen = rng.sample(pool, 60)
    return [
        {"claim": c["claim"], "vectors": c.get("vectors", []), "assume": c.get("assume", [])} for c in chosen
    ]


def build_batch(count: int, seed: int = 0) -> list[dict[str, object]]:
    """``count`` answers: about two thirds to catalogue results, the popular answers most often
    (Zipf-like), a third free claims; a few popular answers re-spaced."""
    rng = random.Random(seed)
    free = _free_claims(rng)
    answers = [{"result": r, "answer": a} for r, a in ANSWERS]
    weights_a = [1 / (k + 1) for k in range(len(answers))]
    weights_f = [1 / (k + 1) ** 0.7 for k in range(len(free))]
    batch: list[dict[str, object]] = []
    for number in range(count):
        if rng.random() < 2 / 3:
            item = dict(rng.choices(answers, weights_a)[0])
            if rng.random() < 0.1:
                item["answer"] = " " + str(item["answer"]).replace(" ", "  ") + " "
        else:
            item = dict(rng.choices(free, weights_f)[0])
        batch.append({"id": f"student{number:03d}", **item})
    return batch


_time = timed


def _grade(path: str, jobs: int) -> tuple[float, list[dict[str, object]]]:
    argv = [sys.executable, "-m", "checks", "check", "--file", path, "--jobs", str(jobs)]
    elapsed, out = _time(argv)
    return elapsed, [json.loads(line) for line in out.splitlines() if line.strip()]


def _report(
    title: str, batch: list[dict[str, object]], floor: float, repeat: int, tmp: str
) -> list[dict[str, object]]:
    """Grade ``batch`` with --jobs 1 and --jobs 2; print claims/s and the ratios; the records."""
    path = str(Path(tmp) / f"{len(batch)}.jsonl")
    Path(path).write_text("".join(json.dumps(item) + "\n" for item in batch))
    runs = {jobs: [_grade(path, jobs) for _ in range(repeat)] for jobs in (1, 2)}
    distinct = len({json.dumps({k: v for k, v in b.items() if k != "id"}, sort_keys=True) for b in batch})
    print(f"{title}: {len(batch)} claims, {distinct} distinct lines")
    wall = {}
    for jobs, results in runs.items():
        wall[jobs] = statistics.median(t for t, _ in results)
        verdicts = [r["verdict"] for r in results[0][1]]
        counts = {v: verdicts.count(v) for v in ("verified", "refuted", "inconclusive", None)}
        ratio = wall[jobs] / floor
        print(
            f"  check --file --jobs {jobs}:  {wall[jobs]:6.2f} s  = {ratio:5.1f}× the import floor; "
            f"{len(batch) / wall[jobs]:6.1f} claims/s; {counts['verified']} verified, {counts['refuted']} "
            f"refuted, {counts['inconclusive']} inconclusive, {counts[None]} unreadable"
        )
    if [r["verdict"] for r in runs[1][0][1]] != [r["verdict"] for r in runs[2][0][1]]:
        print("  WARNING: --jobs 1 and --jobs 2 disagree on some verdict")
    print(f"  --jobs 2 / --jobs 1 wall time: {wall[2] / wall[1]:.2f} (below 1: two jobs are faster)")
    return runs[1][0][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    batch = build_batch(args.claims)
    with tempfile.TemporaryDirectory() as tmp:
        floor = statistics.median(_time([sys.executable, "-c", FLOOR])[0] for _ in range(args.repeat))
        print(f"import floor (python -c '{FLOOR}'):  {floor:6.2f} s  (median of {args.repeat})")
        records = _report("the class batch", batch, floor, args.repeat, tmp)
        # A claim that runs its proof to the time limit bounds the wall time however fast the
        # rest is (the proof has PROOF_SHARE of the claim's time).
        limited = {
            r["claim"]
            for r in records
            if r["verdict"] == "inconclusive" and float(r["seconds"]) >= 0.9 * PROOF_SHARE * TIMEOUT
        }
        if limited:
            print(f"  ({len(limited)} distinct claims ran their proof to its time limit: {sorted(limited)})")
            rest = [item for item in batch if item.get("claim", item.get("answer")) not in limited]
            _report("the same batch without them", rest, floor, args.repeat, tmp)


if __name__ == "__main__":
    main()
