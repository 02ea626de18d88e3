"""``verify-derivations [NAME|FILE.py ...]``: verify the catalogue, named derivations or files."""

from __future__ import annotations

import sys
import time
from argparse import Namespace
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from checks.cli.options import Parser, positive_int, seconds, version
from checks.errors import UsageError
from checks.model.result import DerivationResult, RunResult, Verdict
from checks.report import FORMATS, render

if TYPE_CHECKING:  # (a run answered from the cache imports no derivation, hence no SymPy)
    from checks.cache.store import Slot
    from checks.cli.cached import Cache
    from checks.model import Derivation

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
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep finished results in DIR (default: $VERIFY_DERIVATIONS_CACHE_DIR, else the user's "
        "cache directory)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the result cache: prove from scratch"
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


def _open_cache(args: Namespace) -> Cache | None:
    """The run's cache, its keys computed now, before any derivation is imported."""
    from checks.cache.key import options
    from checks.cache.store import open_store
    from checks.cli.cached import open_cache

    store, warning = open_store(args.cache_dir, enabled=not args.no_cache)
    if warning is not None:
        sys.stderr.write(f"verify-derivations: warning: {warning}\n")
    return open_cache(store, options(args.seed, args.samples, args.timeout))


def run_verify(argv: Sequence[str]) -> tuple[str, int]:
    args = _run_parser().parse_args(argv)
    if args.samples < 1:
        raise UsageError("--samples must be at least 1")
    started = time.perf_counter()
    cache = _open_cache(args)
    if cache is not None and args.format != "html":
        from checks.cli.cached import answer

        hit = answer(cache, args.targets)
        if hit is not None:
            return _from_cache(args, hit, started)
    chosen = _resolve(args.targets)
    started = time.perf_counter()
    ordered = _run(args, chosen, cache)
    if args.format == "html":
        # A result from a child process comes back without its derivation: the report shows its steps.
        ordered = tuple(replace(r, derivation=d) for r, (d, _) in zip(ordered, chosen, strict=True))
    run = RunResult(ordered, time.perf_counter() - started)
    places = None
    if args.format == "github":
        from checks.cli.locate import where

        places = [where(d, t) for d, t in chosen]
    return _report(args, run, places)


def _from_cache(args: Namespace, slots: list[Slot], started: float) -> tuple[str, int]:
    """The report of a run the cache answered whole: the results as first found."""
    results = tuple(s.result for s in slots if s.result is not None)
    run = RunResult(results, time.perf_counter() - started)
    places = None
    if args.format == "github":
        from checks.cli.locate import place

        places = [place(s.file, s.name) for s in slots]
    return _report(args, run, places)


def _report(
    args: Namespace, run: RunResult, places: list[tuple[str | None, int | None]] | None
) -> tuple[str, int]:
    if args.format == "github":
        text = render(run, "github", places=places)
    elif args.format == "text" and args.output is None:
        from checks.cli.terminal import painter

        text = render(run, "text", paint=painter(args.color, sys.stdout))
    else:
        text = render(run, args.format)
    return write_output(text, args.output, _counts(run)), run.exit_code


def _run(
    args: Namespace, chosen: list[tuple[Derivation, str]], cache: Cache | None
) -> tuple[DerivationResult, ...]:
    """Each chosen derivation's result, in order: the cached ones as they are, the others
    checked (in child processes); then the cache keeps what finished."""
    from checks.cli.loader import is_file_target
    from checks.cli.runner import default_jobs, verify_each
    from checks.cli.terminal import Progress, is_terminal, wants_colour
    from checks.report.text import table_row

    memo = None
    if cache is not None and not all(is_file_target(t) for _, t in chosen):
        from checks.cli.cached import Partial

        # (an HTML report plots a counterexample: a cached one has lost its plot, so it runs again)
        memo = Partial(cache, keep_counterexamples=args.format != "html")
    results = memo.known(chosen) if memo is not None else {}
    todo = [i for i in range(len(chosen)) if i not in results]
    jobs = args.jobs if args.jobs is not None else default_jobs()
    # Rows as they finish, on stderr, for a person at a terminal; nothing for a machine format.
    shows = args.format == "text" and is_terminal(sys.stderr)
    with Progress(
        len(chosen), "derivations", enabled=shows, colour=wants_colour(args.color, sys.stderr)
    ) as progress:
        for index in sorted(results):
            progress.add(table_row(results[index]), results[index].verdict.value)
        batch = [chosen[i] for i in todo]
        opts = {"seed": args.seed, "samples": args.samples, "timeout": args.timeout, "jobs": jobs}
        for position, result in verify_each(batch, **opts) if batch else ():
            results[todo[position]] = result
            progress.add(table_row(result), result.verdict.value)
    # A file of the user's runs in this process and may change a catalogue derivation it imports
    # (object.__setattr__ on a frozen one): a run that loaded one keeps nothing.
    if memo is not None and not any(is_file_target(t) for _, t in chosen):
        memo.save(chosen, results)
    return tuple(results[i] for i in range(len(chosen)))


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
