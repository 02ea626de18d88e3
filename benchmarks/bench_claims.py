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
    try:
        if item["rel"] != "=":
            ok = False  # Math-Verify compares answers; it does not decide inequalities
        else:
            wrap = (lambda s: "$" + s + "$") if item["latex"] else (lambda s: s)
            ok = bool(verify(parse(wrap(item["lhs"]), parsing_timeout=5),
                             parse(wrap(item["rhs"]), parsing_timeout=5), timeout_seconds=5))
    except Exception:
        ok = False
    out.append({"id": item["id"], "verified": ok, "seconds": time.perf_counter() - started})
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from checks.claim_check import Declarations, check_claim, parse_assumption, parse_vector
    from checks.result import Verdict

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
    theirs = {r["id"]: (r["verified"], r["seconds"]) for r in json.loads(proc.stdout)}

    truth = {item["id"]: item["truth"] for item in items}
    our_correct = sum(
        (ours[i][0] == Verdict.VERIFIED.value) == t and ours[i][0] != "inconclusive" for i, t in truth.items()
    )
    our_false = sum(ours[i][0] == "verified" and not t for i, t in truth.items())
    our_inconclusive = sum(ours[i][0] == "inconclusive" for i in truth)
    mv_correct = sum(theirs[i][0] == t for i, t in truth.items())
    mv_false = sum(theirs[i][0] and not t for i, t in truth.items())
    n = len(items)
    equations = [p["id"] for p in payload if p["rel"] == "="]
    lines = [
        f"corpus: {n} claims ({sum(truth.values())} true, {n - sum(truth.values())} false), "
        "benchmarks/claims.jsonl",
        f"{'':20}{'accuracy':>10}{'false verified':>16}{'median ms/claim':>17}{'mean ms/claim':>15}",
        f"{'verify-derivations':20}{our_correct / n:>10.1%}{our_false:>16}"
        f"{1000 * statistics.median(s for _, s in ours.values()):>17.2f}"
        f"{1000 * statistics.mean(s for _, s in ours.values()):>15.2f}   ({our_inconclusive} inconclusive)",
        f"{'Math-Verify':20}{mv_correct / n:>10.1%}{mv_false:>16}"
        f"{1000 * statistics.median(theirs[i][1] for i in equations):>17.2f}"
        f"{1000 * statistics.mean(theirs[i][1] for i in equations):>15.2f}"
        "   (times: the equations it was run on)",
    ]
    ours_right = sum(
        (ours[i][0] == "verified") == truth[i] and ours[i][0] != "inconclusive" for i in equations
    )
    lines.append(
        f"on the {len(equations)} equations only (what Math-Verify can judge): median ms/claim "
        f"{1000 * statistics.median(ours[i][1] for i in equations):.2f} (ours) vs "
        f"{1000 * statistics.median(theirs[i][1] for i in equations):.2f} (Math-Verify); accuracy "
        f"{ours_right / len(equations):.1%}"
        f" vs {sum(theirs[i][0] == truth[i] for i in equations) / len(equations):.1%}"
    )
    wrong_mv = [i for i, t in truth.items() if theirs[i][0] and not t]
    if wrong_mv:
        lines.append("Math-Verify verified these false claims: " + ", ".join(wrong_mv))
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
