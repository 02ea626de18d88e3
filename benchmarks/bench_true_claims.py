"""Benchmark (issue 14): how many of the true claims of ``true_claims.jsonl`` the checker verifies.

Run: ``python benchmarks/bench_true_claims.py [--verbose] [--json out.json] [--class limits]``.

Every claim is true (``true_claims_oracle.py`` confirms each in 50-digit arithmetic, and its
``note`` says why), so the only right verdict is *verified*: an inconclusive one is a claim the
prover could not prove, and a *refuted* one is a soundness bug. The claims go through the
command graders use, ``verify-derivations check --file`` (each check in a bounded child
process), and the figures printed are the verified / inconclusive / refuted counts and rates
per class and overall, every refuted claim with the command that reproduces it, the
inconclusive reasons grouped (``--verbose``: each inconclusive claim with its notes), and the
median and mean milliseconds per claim. Target of issue 14: >= 90 % verified, 0 refuted.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "true_claims.jsonl"
VERDICTS = ("verified", "inconclusive", "refuted", "unreadable")


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The corpus, one claim per non-blank line."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def reproduce(item: dict[str, Any], seed: int) -> str:
    """The command that checks ``item`` alone."""
    parts = ["verify-derivations", "check", item["claim"]]
    for v in item["vectors"]:
        parts += ["--vector", v]
    for a in item["assume"]:
        parts += ["--assume", a]
    parts += ["--seed", str(seed)]
    return " ".join(shlex.quote(p) for p in parts)


def run(items: list[dict[str, Any]], jobs: int, timeout: float, seed: int) -> dict[str, dict[str, Any]]:
    """Check ``items`` through the CLI's batch mode; the records by id."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("\n".join(json.dumps(i) for i in items) + "\n")
        batch = handle.name
    try:
        command = [
            sys.executable, "-m", "checks.cli", "check", "--file", batch,
            "--jobs", str(jobs), "--timeout", str(timeout), "--seed", str(seed),
        ]  # fmt: skip
        proc = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent, check=False)
    finally:
        Path(batch).unlink()
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"verify-derivations check --file failed ({proc.returncode}):\n{proc.stderr}")
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {r["id"]: r for r in records}


def verdict_of(record: dict[str, Any]) -> str:
    return record.get("verdict") or "unreadable"


_PIECEWISE = re.compile(r"\b(Max|Min|Abs|floor|ceiling)\(|\\max|\\min")


def blocker(item: dict[str, Any], record: dict[str, Any]) -> str:
    """What kept a true claim from being verified, as a heading of the to-do list: the note when
    it names the obstacle, otherwise the kind of claim the symbolic ladder could not prove."""
    notes = " ".join(record.get("notes") or [])
    if record.get("error"):
        return "unreadable: " + str(record["error"])
    if "timed out" in notes:
        return "timed out"
    if "settle apart from the left and from the right" in notes:
        return "two-sided limit: the float sequence settles apart (cancellation near the point)"
    if "no sample point could be evaluated" in notes:
        return "no sample point could be evaluated (numbers past the float range)"
    if "depends on the sign" in notes:
        return "limit: sympy.limit needs the order of the parameters (not all orders proved)"
    if "numbers settle away" in notes or "unsettled" in notes or "still moves" in notes:
        return "limit: the numbers do not settle"
    from checks.claims.reading import read

    equality = read(item["claim"]).rel in ("=", "==")
    relation = "identity" if equality else "inequality"
    assume = " ".join(item["assume"])
    vectors = " ".join(item["vectors"])
    if "limit" in item["claim"] or "\\lim" in item["claim"]:
        return "limit not proved"
    if "positive integer" in assume:
        return f"positive-integer {relation} (needs induction or an integer argument)"
    if _PIECEWISE.search(item["claim"]):
        return f"{relation} with Max/Min/Abs/floor/ceiling (needs a case split)"
    if "<" in assume:
        return f"{relation} in a variable bounded on both sides (0 < p < 1, 0 <= p <= 1)"
    if "probabilities" in vectors or "labels" in vectors:
        return f"{relation} on the simplex (entropy, KL, cross-entropy: Gibbs, Jensen, log-sum)"
    return f"{relation} with exp/log/tanh/powers (a classical lemma or an exact univariate decision)"


def _grouped(items: list[dict[str, Any]], records: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(blocker(item, records[item["id"]]), []).append(item["id"])
    ordered = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    return [{"blocker": text, "count": len(ids), "ids": ids} for text, ids in ordered]


def figures(items: list[dict[str, Any]], records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Counts and rates per class and overall, times, refuted and inconclusive claims."""
    classes = list(dict.fromkeys(i["class"] for i in items))
    per_class: dict[str, dict[str, Any]] = {}
    for cls in [*classes, "overall"]:
        group = [i for i in items if cls in ("overall", i["class"])]
        counts = Counter(verdict_of(records[i["id"]]) for i in group)
        per_class[cls] = {
            "claims": len(group),
            **{v: counts.get(v, 0) for v in VERDICTS},
            "verified_rate": counts.get("verified", 0) / len(group),
        }
    seconds = [float(records[i["id"]]["seconds"]) for i in items]
    not_verified = [i for i in items if verdict_of(records[i["id"]]) in ("inconclusive", "unreadable")]
    return {
        "per_class": {c: per_class[c] for c in classes},
        "overall": per_class["overall"],
        "median_ms": 1000 * statistics.median(seconds),
        "mean_ms": 1000 * statistics.mean(seconds),
        "refuted": [i["id"] for i in items if verdict_of(records[i["id"]]) == "refuted"],
        "inconclusive": [
            {
                "id": i["id"],
                "class": i["class"],
                "claim": i["claim"],
                "notes": records[i["id"]].get("notes") or [records[i["id"]].get("error")],
            }
            for i in not_verified
        ],
        "blockers": _grouped(not_verified, records),
        "methods": Counter(
            records[i["id"]].get("method") or "?" for i in items if verdict_of(records[i["id"]]) == "verified"
        ).most_common(),
    }


def report(items: list[dict[str, Any]], records: dict[str, dict[str, Any]], result: dict[str, Any],
           seed: int, verbose: bool) -> str:  # fmt: skip
    lines = [
        f"{'class':14}{'claims':>7}{'verified':>10}{'inconcl.':>10}{'refuted':>9}{'unread.':>9}{'rate':>8}"
    ]
    for cls, row in [*result["per_class"].items(), ("overall", result["overall"])]:
        if cls == "overall":
            lines.append("-" * len(lines[0]))
        lines.append(
            f"{cls:14}{row['claims']:>7}{row['verified']:>10}{row['inconclusive']:>10}{row['refuted']:>9}"
            f"{row['unreadable']:>9}{row['verified_rate']:>8.1%}"
        )
    overall = result["overall"]
    lines.append(
        f"median {result['median_ms']:.1f} ms/claim, mean {result['mean_ms']:.1f} ms/claim "
        f"(time inside each check); target: >= 90 % verified, 0 refuted: "
        + ("met" if overall["verified_rate"] >= 0.9 and not overall["refuted"] else "not met")
    )
    by_id = {i["id"]: i for i in items}
    if result["refuted"]:
        lines.append("")
        lines.append(f"!!! SOUNDNESS: {len(result['refuted'])} TRUE claim(s) REFUTED !!!")
        for cid in result["refuted"]:
            item, record = by_id[cid], records[cid]
            cex = record.get("counterexample") or {}
            lines.append(f"  {cid} [{item['class']}] {item['claim']}")
            point, left, right = cex.get("point"), cex.get("left"), cex.get("right")
            lines.append(f"      counterexample: {point} -> left {left}, right {right}")
            lines.append(f"      why it is true: {item['note']}")
            lines.append(f"      reproduce:      {reproduce(item, seed)}")
    if result["blockers"]:
        lines.append("")
        lines.append("not verified, grouped by what blocked it (the to-do list):")
        for group in result["blockers"]:
            shown = ", ".join(group["ids"][:8]) + (", ..." if group["count"] > 8 else "")
            lines.append(f"  {group['count']:4}  {group['blocker']}  [{shown}]")
    if verbose and result["inconclusive"]:
        lines.append("")
        lines.append("inconclusive claims:")
        for entry in result["inconclusive"]:
            lines.append(f"  {entry['id']} [{entry['class']}] {entry['claim']}")
            for note in entry["notes"]:
                lines.append(f"      note: {note}")
            lines.append(f"      reproduce: {reproduce(by_id[entry['id']], seed)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=CORPUS)
    parser.add_argument("--class", dest="classes", action="append", default=[], help="only these classes")
    parser.add_argument("--ids", default="", help="only these ids, comma-separated")
    parser.add_argument("--jobs", type=int, default=2, help="checks run at once (default 2)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per claim, as the CLI's default")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="list every inconclusive claim with its notes")
    parser.add_argument("--json", type=Path, help="write the figures (and every record) here")
    args = parser.parse_args()
    items = load(args.file)
    if args.classes:
        items = [i for i in items if i["class"] in args.classes]
    if args.ids:
        wanted = set(args.ids.split(","))
        items = [i for i in items if i["id"] in wanted]
    if not items:
        raise SystemExit("no claims selected")
    started = time.perf_counter()
    records = run(items, args.jobs, args.timeout, args.seed)
    wall = time.perf_counter() - started
    result = figures(items, records)
    print(
        f"corpus: {len(items)} true claims, {args.file.name}; {wall:.1f} s wall clock with --jobs {args.jobs}"
    )
    print(report(items, records, result, args.seed, args.verbose))
    if args.json:
        payload = {
            "corpus": str(args.file.name),
            "seed": args.seed,
            "timeout": args.timeout,
            "jobs": args.jobs,
            "wall_seconds": wall,
            **result,
            "records": [records[i["id"]] | {"class": i["class"]} for i in items],
        }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    sys.exit(1 if result["refuted"] else 0)


if __name__ == "__main__":
    main()
