"""Refresh the generated sections of the README and the docs from real runs.

Run: ``python benchmarks/update_docs.py [--figures FILE]``. Each section sits between
``<!-- name:begin -->`` and ``<!-- name:end -->`` markers:

- README.md: ``sample_output`` (an abridged catalogue run), ``check_sample`` (one claim check),
  ``example`` (examples/my_derivation.py, verbatim);
- docs/catalogue.md: ``catalogue_table`` (every derivation, from a ``--format json`` run);
- docs/figures.md: ``figures``, from FILE, which holds the benchmark scripts' output with the
  commands that produced it (only with ``--figures``).

Commands are run with the installed ``verify-derivations`` beside this Python, as a user runs
them; the transcripts are ``console`` blocks, which tests/test_readme.py runs again.
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
CATALOGUE = ROOT / "docs" / "catalogue.md"
FIGURES = ROOT / "docs" / "figures.md"
CHECK_CLAIM = "diff(softmax(x)[0], x[1]) = softmax(x)[0]*(1 - softmax(x)[1])"


def _run(*argv: str) -> tuple[str, int]:
    command = Path(sys.executable).parent / "verify-derivations"
    if not command.exists():
        raise SystemExit(f"no {command}: install the project first (pip install -e .)")
    proc = subprocess.run([str(command), *argv], capture_output=True, text=True, cwd=ROOT, check=False)
    return proc.stdout.rstrip(), proc.returncode


def _replace(text: str, name: str, body: str, where: Path) -> str:
    pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"{where.relative_to(ROOT)} has no {name} section")
    return pattern.sub(lambda m: m.group(1) + body.rstrip() + "\n" + m.group(2), text)


def _status(code: int) -> str:
    return f"  # exit {code}" if code else ""


def _readme() -> None:
    text = README.read_text()
    table, code = _run("--no-cache")  # (proved now: the total time shown is a real one)
    lines = table.splitlines()
    sample = "\n".join([*lines[:12], "…", *lines[-1:]]) if len(lines) > 14 else table
    text = _replace(
        text, "sample_output", f"```console\n$ verify-derivations{_status(code)}\n{sample}\n```", README
    )
    example = (ROOT / "examples" / "my_derivation.py").read_text()
    text = _replace(text, "example", f"```python\n{example.rstrip()}\n```", README)
    check, code = _run("check", CHECK_CLAIM, "--vector", "x:3")
    # The 2-D pretty form (indented under "read as:") is left out: it is long, and shown on the terminal only.
    check = "\n".join(line for line in check.splitlines() if not line.startswith("         "))
    command = f'$ verify-derivations check "{CHECK_CLAIM}" --vector x:3{_status(code)}'
    text = _replace(text, "check_sample", f"```console\n{command}\n{check}\n```", README)
    README.write_text(text)


def _catalogue() -> None:
    import derivations

    out, _ = _run("--format", "json")
    by_name = {d.name: d for d in derivations.all()}
    rows = ["| id | derivation | claim | kind | verdict | scope |", "|---|---|---|---|---|---|"]
    for r in json.loads(out)["derivations"]:
        d = by_name[r["name"]]
        rows.append(
            f"| {r['exercise']} | `{r['name']}` | {d.statement} | {d.kind.value} | "
            f"{r['verdict']} | {r['scope']} |"
        )
    CATALOGUE.write_text(_replace(CATALOGUE.read_text(), "catalogue_table", "\n".join(rows), CATALOGUE))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--figures", type=Path, help="a file with the benchmark figures")
    args = parser.parse_args()
    _readme()
    _catalogue()
    if args.figures:
        FIGURES.write_text(_replace(FIGURES.read_text(), "figures", args.figures.read_text(), FIGURES))


if __name__ == "__main__":
    main()
