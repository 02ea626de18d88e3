"""The ``verify-derivations`` command line: verify, list, show; exit 0/1/3, and 2 for bad input."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import NoReturn

from checks.errors import DerivationError, UsageError
from checks.model import Derivation
from checks.model.result import RunResult
from checks.report import FORMATS, render

EXIT_USAGE = 2
COMMANDS = ("list", "show")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"expected 0 < seconds <= 3600, got {text!r}")
    return value


def _run_parser() -> _Parser:
    parser = _Parser(
        prog="verify-derivations",
        description="Verify softmax-regression derivations: SymPy proofs cross-checked in NumPy. "
        "Commands: (none) verify the catalogue or the named derivations / files; "
        "'list' the catalogue; 'show NAME' print a derivation's steps; "
        "'check CLAIM' check a claim of your own (see 'check --help').",
    )
    parser.add_argument("targets", nargs="*", metavar="NAME|FILE.py", help="derivation names or .py files")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    parser.add_argument(
        "--seed", type=_positive_int, default=0, help="seed for the sample points (default 0)"
    )
    parser.add_argument(
        "--samples", type=_positive_int, default=24, help="seeded points per size (default 24)"
    )
    parser.add_argument(
        "--timeout", type=_seconds, default=10.0, help="seconds per symbolic step (default 10)"
    )
    parser.add_argument(
        "--jobs",
        type=_positive_int,
        default=None,
        help="derivations checked at once in child processes (default: the cores, at most 4)",
    )
    return parser


def _show_parser() -> _Parser:
    parser = _Parser(prog="verify-derivations show", description="Print a derivation's steps.")
    parser.add_argument("name")
    parser.add_argument("--latex", action="store_true", help="print LaTeX instead of pretty text")
    parser.add_argument("--n", type=_positive_int, default=None, help="the size to show (default smallest)")
    return parser


def _catalogue() -> tuple[Derivation, ...]:
    import derivations

    return derivations.all()


def _lookup(name: str) -> Derivation:
    import derivations

    return derivations.get(name)


def _resolve(targets: Sequence[str]) -> list[tuple[Derivation, str]]:
    """Each derivation to run with the target that reproduces it; validates everything first."""
    from checks.loader import is_file_target, load_file

    if not targets:
        return [(d, d.name) for d in _catalogue()]
    chosen: list[tuple[Derivation, str]] = []
    for target in targets:
        if is_file_target(target):
            chosen.extend((d, target) for d in load_file(target))
        else:
            chosen.append((_lookup(target), target))
    return chosen


def _cmd_list() -> str:
    rows = [("derivation", "id", "kind", "scope", "title / results for 'check'")]
    for d in _catalogue():
        rows.append((d.name, d.exercise, d.kind.value, d.scope, d.title))
        rows.extend(("", "", "", "", f"  result {d.exercise}.{r.name}: {r.quantity}") for r in d.results)
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        ("  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)) + "  " + r[4]).rstrip()
        for r in rows
    )


def _cmd_show(argv: Sequence[str]) -> str:
    args = _show_parser().parse_args(argv)
    derivation = _lookup(args.name)
    try:
        return derivation.render("latex" if args.latex else "text", n=args.n)
    except DerivationError as exc:
        raise UsageError(str(exc)) from None


def _cmd_verify(argv: Sequence[str]) -> tuple[str, int]:
    from checks.runner import default_jobs, verify_all

    args = _run_parser().parse_args(argv)
    if args.samples < 1:
        raise UsageError("--samples must be at least 1")
    chosen = _resolve(args.targets)
    started = time.perf_counter()
    jobs = args.jobs if args.jobs is not None else default_jobs()
    results = verify_all(chosen, seed=args.seed, samples=args.samples, timeout=args.timeout, jobs=jobs)
    run = RunResult(results, time.perf_counter() - started)
    return render(run, args.format), run.exit_code


def run(argv: Sequence[str]) -> tuple[str, int]:
    """Run the command line ``argv``; returns what to print and the exit status."""
    if argv and argv[0] == "list":
        if len(argv) > 1:
            raise UsageError(f"'list' takes no arguments, got {' '.join(argv[1:])!r}")
        return _cmd_list(), 0
    if argv and argv[0] == "show":
        return _cmd_show(argv[1:]), 0
    if argv and argv[0] == "check":
        from checks.cli_check import run_check

        return run_check(argv[1:])
    return _cmd_verify(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``verify-derivations``."""
    try:
        text, status = run(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        sys.stderr.write(f"verify-derivations: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("verify-derivations: interrupted\n")
        return 130
    sys.stdout.write(text + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
