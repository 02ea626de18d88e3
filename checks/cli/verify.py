"""``verify-derivations [NAME|FILE.py ...]``: verify the catalogue, named derivations or files."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from checks.cli.options import Parser, positive_int, seconds, version
from checks.errors import UsageError
from checks.model import Derivation
from checks.model.result import RunResult, Verdict
from checks.report import FORMATS, render

EXAMPLES = """examples:
  verify-derivations                                  the whole catalogue
  verify-derivations softmax_jacobian ce_gradient     named derivations
  verify-derivations homework/derivation_week1.py     the derivations in a file of yours
  verify-derivations --format junit > report.xml      a CI report (or --format json, github)
  verify-derivations new derivation_hw1               start a file that verifies as written

commands:
  list             the catalogue: names, ids, kinds, scopes, results (see 'list --help')
  show NAME        a derivation's steps and justifications (see 'show --help')
  check CLAIM      check a claim of your own, or grade a batch (see 'check --help')
  new NAME         write NAME.py, a derivation to start from (see 'new --help')

exit status: 0 verified, 1 refuted, 3 inconclusive, 2 bad usage or input"""


def _run_parser() -> Parser:
    from checks.cli.terminal import COLOR_CHOICES

    parser = Parser(
        prog="verify-derivations",
        description="Verify softmax-regression derivations: SymPy proofs cross-checked in NumPy. "
        "With no NAME or FILE, the whole catalogue.",
        epilog=EXAMPLES,
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
    parser.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="colour the verdicts: auto (a terminal, unless NO_COLOR is set), always, never",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
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
    import sys

    from checks.cli.runner import default_jobs, verify_each
    from checks.cli.terminal import Progress, is_terminal, painter, wants_colour
    from checks.report.text import table_row

    args = _run_parser().parse_args(argv)
    if args.samples < 1:
        raise UsageError("--samples must be at least 1")
    chosen = _resolve(args.targets)
    started = time.perf_counter()
    jobs = args.jobs if args.jobs is not None else default_jobs()
    results = {}
    # Rows as they finish, on stderr, for a person at a terminal; nothing for a machine format.
    shows = args.format == "text" and is_terminal(sys.stderr)
    with Progress(
        len(chosen), "derivations", enabled=shows, colour=wants_colour(args.color, sys.stderr)
    ) as progress:
        for index, result in verify_each(
            chosen, seed=args.seed, samples=args.samples, timeout=args.timeout, jobs=jobs
        ):
            results[index] = result
            progress.add(table_row(result), result.verdict.value)
    ordered = tuple(results[i] for i in range(len(chosen)))
    if args.format == "html":
        # A result from a child process comes back without its derivation: the report shows its steps.
        ordered = tuple(replace(r, derivation=d) for r, (d, _) in zip(ordered, chosen, strict=True))
    run = RunResult(ordered, time.perf_counter() - started)
    if args.format == "github":
        from checks.cli.locate import where

        text = render(run, "github", places=[where(d, t) for d, t in chosen])
    elif args.format == "text" and args.output is None:
        text = render(run, "text", paint=painter(args.color, sys.stdout))
    else:
        text = render(run, args.format)
    return write_output(text, args.output, _counts(run)), run.exit_code


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
