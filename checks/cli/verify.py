"""``verify-derivations [NAME|FILE.py ...]``: verify the catalogue, named derivations or files."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from checks.cli.options import Parser, positive_int, seconds
from checks.errors import UsageError
from checks.model import Derivation
from checks.model.result import RunResult, Verdict
from checks.report import FORMATS, render


def _run_parser() -> Parser:
    parser = Parser(
        prog="verify-derivations",
        description="Verify softmax-regression derivations: SymPy proofs cross-checked in NumPy. "
        "Commands: (none) verify the catalogue or the named derivations / files; "
        "'list' the catalogue; 'show NAME' print a derivation's steps; "
        "'check CLAIM' check a claim of your own (see 'check --help').",
    )
    parser.add_argument("targets", nargs="*", metavar="NAME|FILE.py", help="derivation names or .py files")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE, not to stdout")
    parser.add_argument("--seed", type=positive_int, default=0, help="seed for the sample points (default 0)")
    parser.add_argument(
        "--samples", type=positive_int, default=24, help="seeded points per size (default 24)"
    )
    parser.add_argument(
        "--timeout", type=seconds, default=10.0, help="seconds per symbolic step (default 10)"
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        help="derivations checked at once in child processes (default: the cores, at most 4)",
    )
    return parser


def _catalogue() -> tuple[Derivation, ...]:
    import derivations

    return derivations.all()


def _lookup(name: str) -> Derivation:
    import derivations

    return derivations.get(name)


def _resolve(targets: Sequence[str]) -> list[tuple[Derivation, str]]:
    """Each derivation to run with the target that reproduces it; validates everything first."""
    from checks.cli.loader import is_file_target, load_file

    if not targets:
        return [(d, d.name) for d in _catalogue()]
    chosen: list[tuple[Derivation, str]] = []
    for target in targets:
        if is_file_target(target):
            chosen.extend((d, target) for d in load_file(target))
        else:
            chosen.append((_lookup(target), target))
    return chosen


def run_verify(argv: Sequence[str]) -> tuple[str, int]:
    from checks.cli.runner import default_jobs, verify_all

    args = _run_parser().parse_args(argv)
    if args.samples < 1:
        raise UsageError("--samples must be at least 1")
    chosen = _resolve(args.targets)
    started = time.perf_counter()
    jobs = args.jobs if args.jobs is not None else default_jobs()
    results = verify_all(chosen, seed=args.seed, samples=args.samples, timeout=args.timeout, jobs=jobs)
    if args.format == "html":
        # A result from a child process comes back without its derivation: the report shows its steps.
        results = tuple(replace(r, derivation=d) for r, (d, _) in zip(results, chosen, strict=True))
    run = RunResult(results, time.perf_counter() - started)
    return write_output(render(run, args.format), args.output, _counts(run)), run.exit_code


def _counts(run: RunResult) -> str:
    shown = ", ".join(f"{run.count(v)} {v.value}" for v in Verdict)
    return f"{len(run.results)} derivations: {shown}"


def write_output(text: str, path: str | None, summary: str) -> str:
    """``text`` itself, or, with ``-o FILE``, the file written and one line that says so."""
    if path is None:
        return text
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        raise UsageError(f"cannot write {path!r}: {exc.strerror}") from None
    return f"wrote {path} ({summary})"
