"""Refresh the README's generated sections from real runs: sample output, catalogue, example.

Run: ``python benchmarks/update_readme.py [--figures FILE]``. Each section sits between
``<!-- name:begin -->`` and ``<!-- name:end -->`` markers; FILE holds the benchmark output.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
README = ROOT / "README.md"


def _run(*argv: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "checks.cli", *argv], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return proc.stdout.rstrip()


def _replace(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"README has no {name} section")
    return pattern.sub(lambda m: m.group(1) + body.rstrip() + "\n" + m.group(2), text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--figures", type=Path, help="a file with the benchmark figures")
    args = parser.parse_args()
    text = README.read_text()
    table = _run()
    lines = table.splitlines()
    sample = "\n".join([*lines[:12], "…", *lines[-1:]]) if len(lines) > 14 else table
    text = _replace(text, "sample_output", f"```\n$ verify-derivations\n{sample}\n```")
    doc = json.loads(_run("--format", "json"))
    rows = ["| id | derivation | claim | kind | verdict | scope |", "|---|---|---|---|---|---|"]
    import derivations

    by_name = {d.name: d for d in derivations.all()}
    for r in doc["derivations"]:
        d = by_name[r["name"]]
        rows.append(
            f"| {r['exercise']} | `{r['name']}` | {d.statement} | {d.kind.value} | "
            f"{r['verdict']} | {r['scope']} |"
        )
    text = _replace(text, "catalogue_table", "\n".join(rows))
    example = (ROOT / "examples" / "my_derivation.py").read_text()
    text = _replace(text, "example", f"```python\n{example.rstrip()}\n```")
    check = _run("check", "diff(softmax(x)[0], x[1]) = softmax(x)[0]*(1 - softmax(x)[1])", "--vector", "x:3")
    check = "\n".join(line for line in check.splitlines() if not line.startswith("         "))
    text = _replace(
        text,
        "check_sample",
        '```\n$ verify-derivations check "diff(softmax(x)[0], x[1]) = softmax(x)[0]*(1 - '
        f'softmax(x)[1])" --vector x:3\n{check}\n```',
    )
    if args.figures:
        text = _replace(text, "figures", args.figures.read_text())
    README.write_text(text)


if __name__ == "__main__":
    main()
