"""Snapshot the product's verdicts, to show a refactoring changed no behaviour.

Run: ``python benchmarks/behaviour_snapshot.py --write before.json`` on one commit, then
``python benchmarks/behaviour_snapshot.py --compare before.json`` on another: every catalogue
derivation's verdict, scope, step verdicts and methods and counterexample (from
``verify-derivations --format json``), and every claim's verdict, counterexample and method
from ``benchmarks/claims.jsonl``, must be identical; the differences are printed and the exit
status is 1 if there are any. Timings are left out (they drift).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "benchmarks" / "claims.jsonl"


def _catalogue() -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "checks.cli", "--format", "json", "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    doc = json.loads(proc.stdout)
    out = {}
    for d in doc["derivations"]:
        out[d["name"]] = {
            "verdict": d["verdict"],
            "scope": d["scope"],
            "steps": [(s["index"], s["justification"], s["verdict"], s["method"]) for s in d["steps"]],
            "counterexample": d["counterexample"],
        }
    return out


def _claims() -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "checks.cli", "check", "--file", str(CLAIMS), "--jobs", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    out = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        out[record["id"]] = {k: record.get(k) for k in ("verdict", "counterexample", "method", "read_as")}
    return out


def snapshot() -> dict[str, Any]:
    """The verdicts of the catalogue and of the claims corpus, without timings."""
    # Through JSON, so that a fresh snapshot compares equal to a stored one (tuples are lists).
    return json.loads(json.dumps({"catalogue": _catalogue(), "claims": _claims()}))


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """One line per entry that differs between two snapshots."""
    lines = []
    for part in ("catalogue", "claims"):
        old, new = before[part], after[part]
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                lines.append(f"{part} {key}: {old.get(key)} -> {new.get(key)}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the snapshot to this file")
    group.add_argument("--compare", type=Path, help="compare with the snapshot in this file")
    args = parser.parse_args()
    now = snapshot()
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True))
        print(f"{len(now['catalogue'])} derivations and {len(now['claims'])} claims written to {args.write}")
        return 0
    lines = differences(json.loads(args.compare.read_text()), now)
    for line in lines:
        print(line)
    print(f"{len(lines)} differences in {len(now['catalogue'])} derivations and {len(now['claims'])} claims")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
