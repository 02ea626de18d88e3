"""Benchmark: our claim checker against Math-Verify on the shipped corpus, in the same run.

Run: ``python benchmarks/bench_claims.py``. Math-Verify is installed into its own virtual
environment (``benchmarks/.venv-math-verify``), never as a dependency of this project.
Both tools see every claim of ``benchmarks/claims.jsonl``; Math-Verify compares the two
sides of an equation (it has no notion of a true inequality, so it is scored as "not
verified" there, and its times are those of the equations it was run on). Printed: accuracy,
false-verified count, median and mean milliseconds per claim.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "claims.jsonl"
VENV = HERE / ".venv-math-verify"

MATH_VERIFY = r"""
import json, sys, time
from math_verify import parse, verify
out = []
for item in json.load(sys.stdin):
    started = time.perf_counter()
    read = False
    try:
        if item["rel"] != "=":
            ok = False  # Math-Verify compares answers; it does not decide inequalities
        else:
            wrap = (lambda s: "$" + s + "$") if item["latex"] else (lambda s: s)
            lhs = parse(wrap(item["lhs"]), parsing_timeout=5)
            rhs = parse(wrap(item["rhs"]), parsing_timeout=5)
            read = bool(lhs) and bool(rhs)  # an empty parse: it could not read that side
            ok = bool(verify(lhs, rhs, timeout_seconds=5))
    except Exception:
        ok = False
    out.append({"id": item["id"], "verified": ok, "read": read, "seconds": time.perf_counter() - started})
json.dump(out, sys.stdout)
"""


def _math_verify_python() -> str:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "math-verify[antlr4_13_2]"], check=True
        )
    return str(python)


def _split(claim: str) -> tuple[str, str, str]:
    """The two sides and the relation, split at the top-level comparison."""
    depth = 0
    for i, ch in enumerate(claim):
        depth += (ch in "({[" and 1) or ((ch in ")}]" and -1) or 0)
        if depth:
            continue
        for rel in ("<=", ">=", "\\le", "\\ge", "=", "<", ">"):
            if claim.startswith(rel, i) and not claim.startswith("\\left", i):
                return claim[:i].strip(), rel, claim[i + len(rel) :].strip()
    raise ValueError(f"no relation in {claim!r}")


def _right(answers: dict[str, tuple[str | bool, float]], truth: dict[str, bool], ids: list[str]) -> float:
    """The share of ``ids`` judged right: verified when true, refuted (not verified) when false;
    an inconclusive verdict of ours is never right."""
    right = 0
    for i in ids:
        verdict = answers[i][0]
        verified = verdict is True or verdict == "verified"
        right += verified == truth[i] and verdict != "inconclusive"
    return right / len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from checks.claims.check import check_claim
    from checks.claims.declarations import Declarations, parse_assumption, parse_vector

    items = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
    ours: dict[str, tuple[str, float]] = {}
    for item in items:
        declarations = Declarations(
            vectors=tuple(parse_vector(v) for v in item["vectors"]),
            scalars=tuple(parse_assumption(a) for a in item["assume"]),
        )
        started = time.perf_counter()
        # As batch grading runs it: no 2-D pretty form (only a single claim in text shows one).
        verdict = check_claim(item["claim"], declarations, timeout=args.timeout, pretty=False).verdict
        ours[item["id"]] = (verdict.value, time.perf_counter() - started)

    payload = []
    for item in items:
        lhs, rel, rhs = _split(item["claim"])
        payload.append(
            {
                "id": item["id"],
                "lhs": lhs,
                "rhs": rhs,
                "rel": "=" if rel == "=" else rel,
                "latex": "\\" in item["claim"] or "{" in item["claim"],
            }
        )
    proc = subprocess.run(
        [_math_verify_python(), "-c", MATH_VERIFY],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    records = json.loads(proc.stdout)
    theirs = {r["id"]: (r["verified"], r["seconds"]) for r in records}
    readable = [r["id"] for r in records if r["read"]]

    truth = {item["id"]: item["truth"] for item in items}
    our_false = sum(ours[i][0] == "verified" and not t for i, t in truth.items())
    our_inconclusive = sum(ours[i][0] == "inconclusive" for i in truth)
    mv_false = sum(theirs[i][0] and not t for i, t in truth.items())
    n = len(items)
    everything = list(truth)
    equations = [p["id"] for p in payload if p["rel"] == "="]
    lines = [
        f"corpus: {n} claims ({sum(truth.values())} true, {n - sum(truth.values())} false), "
        "benchmarks/claims.jsonl",
        f"{'':20}{'accuracy':>10}{'false verified':>16}{'median ms/claim':>17}{'mean ms/claim':>15}",
        f"{'verify-derivations':20}{_right(ours, truth, everything):>10.1%}{our_false:>16}"
        f"{1000 * statistics.median(s for _, s in ours.values()):>17.2f}"
        f"{1000 * statistics.mean(s for _, s in ours.values()):>15.2f}   ({our_inconclusive} inconclusive)",
        f"{'Math-Verify':20}{_right(theirs, truth, everything):>10.1%}{mv_false:>16}"
        f"{1000 * statistics.median(theirs[i][1] for i in equations):>17.2f}"
        f"{1000 * statistics.mean(theirs[i][1] for i in equations):>15.2f}"
        "   (times: the equations it was run on)",
    ]
    lines.append(
        f"on the {len(equations)} equations only (what Math-Verify can judge): median ms/claim "
        f"{1000 * statistics.median(ours[i][1] for i in equations):.2f} (ours) vs "
        f"{1000 * statistics.median(theirs[i][1] for i in equations):.2f} (Math-Verify); accuracy "
        f"{_right(ours, truth, equations):.1%} vs {_right(theirs, truth, equations):.1%}"
    )
    if readable:
        # Most of Math-Verify's median is the time it takes to give up on a claim it cannot
        # read (an empty parse, about 0.1 ms). Like for like: the equations it did read.
        lines.append(
            f"on the {len(readable)} equations Math-Verify could read (both sides parsed): median ms/claim "
            f"{1000 * statistics.median(ours[i][1] for i in readable):.2f} (ours) vs "
            f"{1000 * statistics.median(theirs[i][1] for i in readable):.2f} (Math-Verify); accuracy "
            f"{_right(ours, truth, readable):.1%} vs {_right(theirs, truth, readable):.1%}"
        )
    wrong_mv = [i for i, t in truth.items() if theirs[i][0] and not t]
    if wrong_mv:
        lines.append("Math-Verify verified these false claims: " + ", ".join(wrong_mv))
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
