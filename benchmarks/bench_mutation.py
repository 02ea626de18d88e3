"""Benchmark: wrong derivations made from the catalogue, through the engine.

Run: ``python benchmarks/bench_mutation.py [--jobs 2] [--seed 0] [--limit N] [--operators a,b]
[--family NAME] [--json out.json]``. Each mutant changes one site of one derivation (at every
size alike); the independent oracle (SymPy and mpmath in 50 and 100 digits, not the engine)
keeps those it confirms wrong; each is then verified by the engine in a sandboxed child with a
wall limit. Prints verified / refuted / inconclusive by operator and by family, the refuted
share of the wrong ones (target ≥ 90 %), the wrong starts refuted (target: all), the changed
references apart (expected: inconclusive, never verified, never refuted), and any VERIFIED
mutant, loudly: a soundness bug.

``--mutant NAME`` checks one mutant and prints the oracle's word and the engine's report.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the repository root holds the benchmarks package

from benchmarks.mutation.generate import (  # noqa: E402
    DEFAULT_PER_OPERATOR,
    PER_OPERATOR_OVERRIDES,
    Generation,
    generate,
    mutant,
)
from benchmarks.mutation.operators import OPERATORS  # noqa: E402
from benchmarks.mutation.oracle import judge  # noqa: E402
from benchmarks.mutation.run import Record, Summary, Tally, judge_all, records, summarise, verify_all  # noqa: E402
from checks.cli.runner import default_jobs  # noqa: E402
from checks.model.result import RunResult  # noqa: E402
from checks.report.text import render_text  # noqa: E402

SCRIPT = "python benchmarks/bench_mutation.py"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="draws the sites, the oracle's points, the engine's"
    )
    parser.add_argument("--limit", type=int, help="run a seeded sample of N mutants only")
    parser.add_argument("--operators", help=f"comma-separated, of: {', '.join(OPERATORS)}")
    parser.add_argument("--family", action="append", help="a derivation name or exercise id (repeatable)")
    parser.add_argument("--per-operator", type=int, default=DEFAULT_PER_OPERATOR, help="sites per derivation")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="checks at once (child processes)")
    parser.add_argument("--samples", type=int, default=24, help="the engine's --samples")
    parser.add_argument("--timeout", type=float, default=10.0, help="the engine's --timeout (per step)")
    parser.add_argument("--wall", type=float, default=120.0, help="seconds before a mutant's check is killed")
    parser.add_argument("--json", type=Path, help="write every mutant's record to this file")
    parser.add_argument("--mutant", help="check this one mutant and print the oracle's word and the report")
    return parser


def _row(label: str, t: Tally, width: int) -> str:
    share = f"{100 * t.refuted / t.run:5.1f} %" if t.run else "    –  "
    mean = f"{t.seconds / t.run:6.2f}" if t.run else "     –"
    return (
        f"{label:<{width}}  {t.run + t.discarded:>5}  {t.discarded:>5}  {t.verified:>5}  {t.refuted:>5}  "
        f"{t.inconclusive:>6}  {share}  {mean}"
    )


def _table(title: str, rows: dict[str, Tally], order: list[str]) -> list[str]:
    width = max([len(title), *(len(k) for k in order)])
    columns = ("made", "disc.", "verif", "refut", "incon.")
    head = f"{title:<{width}}  " + "  ".join(f"{c:>5}" for c in columns) + "  refuted  mean s"
    lines = [head, "-" * len(head)]
    lines += [_row(key, rows[key], width) for key in order if key in rows]
    return lines


def _speed(rows: list[Record]) -> str:
    """How fast a wrong step is refuted (target: under 1 s at the default timeout)."""
    times = sorted(
        r.engine.seconds
        for r in rows
        if r.engine is not None and r.engine.verdict == "refuted" and r.operator not in ("start", "reference")
    )
    if not times:
        return "refuted wrong steps: none"
    median = times[len(times) // 2]
    under = sum(t < 1.0 for t in times) / len(times)
    return (
        f"refuted wrong steps (start and reference operators apart): median {median:.2f} s, "
        f"{100 * under:.0f} % under 1 s, slowest {times[-1]:.1f} s (target: under 1 s)"
    )


def _loud(s: Summary, command: str) -> list[str]:
    lines = []
    for r in s.verified:
        lines += [
            "!" * 100,
            f"!!! SOUNDNESS BUG: {r.name} is VERIFIED, but the oracle found it wrong",
            f"!!!   change:   {r.description}",
            f"!!!   oracle:   {r.oracle.link} at {r.oracle.point}: "
            f"left {r.oracle.left}, right {r.oracle.right}",
            f"!!!   reproduce: {command} --mutant {r.name}",
        ]
    for r in s.references_decided:
        assert r.engine is not None
        lines += [
            f"!!! a changed reference is {r.engine.verdict.upper()} (expected inconclusive): {r.name}",
            f"!!!   change:   {r.description}; engine: {r.engine.note[:160]}",
            f"!!!   reproduce: {command} --mutant {r.name}",
        ]
    return lines


def _report(rows: list[Record], made: Generation, seconds: dict[str, float], args: argparse.Namespace) -> str:
    s = summarise(rows)
    # A family whose only mutants changed its reference has no row (those are counted apart).
    families = sorted({(r.exercise, r.family) for r in rows if r.family in s.by_family})
    by_family = {f"{e} {f}": s.by_family[f] for e, f in families}
    chains = [op for op in OPERATORS if op != "reference"]
    lines = [*_table("operator", s.by_operator, chains), *_table("", s.by_operator, ["reference"])[2:]]
    if "reference" in s.by_operator:
        lines.append(
            "(reference: the NumPy reference changed, the chain right; expected inconclusive; counted apart)"
        )
    lines.append("")
    lines += [*_table("exercise", s.by_exercise, sorted(s.by_exercise)), ""]
    lines += [*_table("family", by_family, list(by_family)), ""]
    rejected, unresolved, built = len(made.rejected), len(made.unresolved), len(made.mutants)
    sample = f"; a seeded sample of {len(rows)} run" if len(rows) < built else ""
    lines += [
        f"mutants: {built + rejected + unresolved} drawn (seed {args.seed}, {args.per_operator} sites per "
        f"derivation and operator, {PER_OPERATOR_OVERRIDES['start']} for the start); {rejected} rejected "
        f"at build (the model refused them); {unresolved} with no counterpart at some size (left out); "
        f"{built} built{sample}",
        f"oracle:  {s.oracle['wrong']} confirmed wrong; discarded: {s.oracle['unconfirmed']} with no "
        f"failing link found (equivalent, or wrong only where it does not look), {s.oracle['error']} "
        "where the oracle failed",
        f"engine on the {s.wrong.run} wrong (changed references apart): {s.wrong.verified} verified, "
        f"{s.wrong.refuted} refuted, {s.wrong.inconclusive} inconclusive; refuted share "
        f"{100 * s.refuted_share:.1f} % (target ≥ 90 %)",
        f"wrong starts refuted: {s.starts.refuted} of {s.starts.run} (target: all); "
        f"{s.starts.inconclusive} inconclusive, {s.starts.verified} verified",
        f"changed references ({s.references.run}): {s.references.inconclusive} inconclusive (expected), "
        f"{s.references.refuted} refuted, {s.references.verified} verified",
        _speed(rows),
        f"stopped at the {args.wall:g} s wall limit (counted inconclusive): {len(s.stopped)}",
        f"wall time: generation {seconds['generate']:.1f} s, oracle {seconds['oracle']:.1f} s, engine "
        f"{seconds['engine']:.1f} s with --jobs {args.jobs} (engine --samples {args.samples} --timeout "
        f"{args.timeout:g}; {s.wrong.seconds + s.references.seconds:.0f} s summed over mutants)",
    ]
    command = f"{SCRIPT} --seed {args.seed}"
    loud = _loud(s, command)
    if loud:
        lines += ["", *loud]
    else:
        lines.append("no wrong mutant verified")
    return "\n".join(lines)


def _progress(stage: str) -> Callable[[int, int], None]:
    """A line on stderr every 100 mutants (the full run takes the better part of an hour)."""
    started = time.perf_counter()

    def tell(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            sys.stderr.write(f"{stage}: {done}/{total} in {time.perf_counter() - started:.0f} s\n")

    return tell


def _one(name: str, args: argparse.Namespace) -> int:
    m = mutant(name)
    j = judge(m, args.seed)
    sys.stdout.write(f"{m.name}: {m.description}\n")
    sys.stdout.write(
        f"oracle: {j.status} {j.link} {('at ' + j.point) if j.point else ''} "
        f"{('left ' + j.left + ', right ' + j.right) if j.left else ''} {j.note}\n".replace("  ", " ")
    )
    result = m.derivation.verify(seed=args.seed, samples=args.samples, timeout=args.timeout)
    sys.stdout.write(render_text(RunResult((result,), result.seconds)) + "\n")
    return 1 if result.verdict.value == "verified" and j.wrong else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.mutant:
        return _one(args.mutant, args)
    operators = args.operators.split(",") if args.operators else None
    started = time.perf_counter()
    made = generate(args.seed, args.per_operator, operators, args.family)
    mutants = made.mutants
    if args.limit is not None and args.limit < len(mutants):
        picked = sorted(random.Random(args.seed).sample(range(len(mutants)), args.limit))
        mutants = [mutants[i] for i in picked]
    seconds = {"generate": time.perf_counter() - started}
    started = time.perf_counter()
    judgements = judge_all(
        mutants, seed=args.seed, jobs=args.jobs, wall=args.wall, progress=_progress("oracle")
    )
    seconds["oracle"] = time.perf_counter() - started
    confirmed = [m for m, j in zip(mutants, judgements, strict=True) if j.wrong]
    started = time.perf_counter()
    runs = verify_all(
        confirmed,
        seed=args.seed,
        samples=args.samples,
        timeout=args.timeout,
        jobs=args.jobs,
        wall=args.wall,
        progress=_progress("engine"),
    )
    seconds["engine"] = time.perf_counter() - started
    rows = records(mutants, judgements, {m.name: r for m, r in zip(confirmed, runs, strict=True)})
    sys.stdout.write(_report(rows, made, seconds, args) + "\n")
    if args.json:
        payload = {
            "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
            "seconds": seconds,
            "rejected": [
                {"name": m.name, "description": m.description, "error": e} for m, e in made.rejected
            ],
            "unresolved": [
                {"name": m.name, "description": m.description, "why": e} for m, e in made.unresolved
            ],
            "mutants": [r.as_json() for r in rows],
        }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False))
    summary = summarise(rows)
    return 1 if summary.verified or summary.references.verified else 0


if __name__ == "__main__":
    sys.exit(main())
